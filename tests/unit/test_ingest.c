/* test_ingest.c - rows of an export to accepted records, rejections and
 * skips (ingest.h), on small temporary files. */
#include <stdint.h>
#include <stdlib.h>

#include "needmap/ingest.h"
#include "needmap/strmap.h"

#include "check.h"
#include "tmp.h"

enum { MAX_GOT = 128 };

typedef struct got_reject {
    uint64_t line;
    uint32_t col;
    nm_reason reason;
    char detail[160];
    char hint[160];
    char file[256];
} got_reject;

/* What the sink was handed.  A record's competence label is valid only
 * during the sink call (ingest.h), so the log keeps a copy. */
typedef struct sink_log {
    nm_record rec[MAX_GOT];
    char label[MAX_GOT][128];
    size_t nrec;
    got_reject rej[MAX_GOT];
    size_t nrej;
} sink_log;

static void on_record(void *ctx, const nm_record *r)
{
    sink_log *log = ctx;
    if (log->nrec < MAX_GOT) {
        log->rec[log->nrec] = *r;
        if (r->competence.label) {
            snprintf(log->label[log->nrec], sizeof log->label[0], "%s", r->competence.label);
            log->rec[log->nrec].competence.label = log->label[log->nrec];
        }
    }
    log->nrec++;
}

static void on_reject(void *ctx, const nm_reject *r)
{
    sink_log *log = ctx;
    if (log->nrej < MAX_GOT) {
        got_reject *g = &log->rej[log->nrej];
        g->line = r->line;
        g->col = r->col;
        g->reason = r->reason;
        snprintf(g->detail, sizeof g->detail, "%s", r->detail);
        snprintf(g->hint, sizeof g->hint, "%s", r->hint);
        snprintf(g->file, sizeof g->file, "%s", r->file);
    }
    log->nrej++;
}

/* A test's ingest context, sink, report and input file. */
typedef struct run {
    nm_ingest *g;
    nm_sink sink;
    sink_log log;
    nm_file_report rep;
    char *path;
    nm_status status;
} run;

static nm_ingest *ingest_new(const char *mapping, const char *synonyms)
{
    nm_ingest_opts o = {.min_confidence = NM_DEFAULT_MIN_CONFIDENCE};
    const char *syn[1] = {synonyms};
    o.mapping_path = mapping;
    o.synonyms = synonyms ? syn : NULL;
    o.nsynonyms = synonyms ? 1 : 0;
    nm_ingest *g = NULL;
    nm_error err;
    nm_error_clear(&err);
    if (nm_ingest_new(&o, &g, &err) != NM_OK) {
        nm_error_print(&err, "error", stderr);
        exit(2);
    }
    return g;
}

/* Ingest len bytes of data (with an optional mapping file's text). */
static run *ingest_bytes(const void *data, size_t len, const char *mapping_json)
{
    run *r = calloc(1, sizeof *r);
    if (!r)
        exit(2);
    char *mapping = mapping_json ? tmp_file_str(mapping_json) : NULL;
    r->g = ingest_new(mapping, NULL);
    tmp_file_remove(mapping);
    r->sink = (nm_sink){on_record, on_reject, &r->log};
    r->path = tmp_file(data, len);
    r->status = nm_ingest_file(r->g, r->path, &r->sink, &r->rep);
    return r;
}

static run *ingest_text(const char *text) { return ingest_bytes(text, strlen(text), NULL); }

static void run_free(run *r)
{
    nm_file_report_free(&r->rep);
    nm_ingest_free(r->g);
    tmp_file_remove(r->path);
    free(r);
}

/* Every row read is accepted, rejected or skipped. */
static int rows_add_up(const nm_file_report *rep)
{
    return rep->rows_read == rep->rows_accepted + rep->rows_rejected + rep->rows_skipped;
}

/* The record from line (the k-th from that line, 0-based), or NULL. */
static const nm_record *record_at(const run *r, uint64_t line, size_t k)
{
    for (size_t i = 0; i < r->log.nrec && i < MAX_GOT; i++)
        if (r->log.rec[i].line == line && k-- == 0)
            return &r->log.rec[i];
    return NULL;
}

static const got_reject *reject_at(const run *r, uint64_t line)
{
    for (size_t i = 0; i < r->log.nrej && i < MAX_GOT; i++)
        if (r->log.rej[i].line == line)
            return &r->log.rej[i];
    return NULL;
}

static const char long_file[] =
    "Kommun;Förvaltning;Yrke;Antal;Behov;Kontaktperson;E-post\n"               /* 1 */
    "Arjeplog;Socialförvaltningen;Undersköterska;4;Rekrytering;Anna Exempel;"
    "anna.exempel@example.se\n"                                                /* 2 */
    "Arjepolg;Socialförvaltningen;Kock;1;Rekrytering;;\n"                     /* 3 */
    "Pajala;Barn och utbildning;Kock;-2;Rekrytering;;\n"                      /* 4 */
    ";Socialförvaltningen;Kock;1;Rekrytering;;\n"                             /* 5 */
    "Pajala;Socialförvaltningen;;2;Rekrytering;;\n"                           /* 6 */
    "Summa;;;5;;;\n"                                                          /* 7 */
    "\n"                                                                      /* 8 */
    ";;;;;;\n"                                                                /* 9 */
    "Kommun;Förvaltning;Yrke;Antal;Behov;Kontaktperson;E-post\n"               /* 10 */
    "Pajala;Socialförvaltningen;Sjuksköterska;;Rekrytering;;\n"               /* 11 */
    "Pajala;Socialförvaltningen;Kock;0;Rekrytering;;\n"                       /* 12 */
    "Malå;Socialförvaltningen;Kock;många;Rekrytering;;\n";                    /* 13 */

static void every_row_is_accepted_rejected_or_skipped(void)
{
    run *r = ingest_text(long_file);
    CHECK_INT_EQ(r->status, NM_OK);
    CHECK_INT_EQ(r->rep.status, NM_OK);
    CHECK_INT_EQ(r->rep.header_line, 1);
    CHECK_INT_EQ(r->rep.rows_read, 13);
    CHECK(rows_add_up(&r->rep));
    CHECK_INT_EQ(r->rep.rows_accepted, 2);
    CHECK_INT_EQ(r->rep.rows_rejected, 5);
    CHECK_INT_EQ(r->rep.rows_skipped, 6);
    CHECK_INT_EQ(r->rep.needs_accepted, 2);
    CHECK_INT_EQ(r->log.nrec, 2);
    run_free(r);
}

static void each_row_is_counted_under_its_reason(void)
{
    run *r = ingest_text(long_file);
    const uint64_t *why = r->rep.reasons;
    CHECK_INT_EQ(why[NM_SKIP_HEADER], 1);
    CHECK_INT_EQ(why[NM_REJ_UNKNOWN_MUNICIPALITY], 1);
    CHECK_INT_EQ(why[NM_REJ_COUNT_NEGATIVE], 1);
    CHECK_INT_EQ(why[NM_REJ_NO_MUNICIPALITY], 1);
    CHECK_INT_EQ(why[NM_REJ_NO_COMPETENCE], 1);
    CHECK_INT_EQ(why[NM_SKIP_TOTAL], 1);
    CHECK_INT_EQ(why[NM_SKIP_BLANK], 2);
    CHECK_INT_EQ(why[NM_SKIP_REPEATED_HEADER], 1);
    CHECK_INT_EQ(why[NM_SKIP_ZERO], 1);
    CHECK_INT_EQ(why[NM_REJ_COUNT_NOT_NUMBER], 1);
    CHECK_INT_EQ(why[NM_SKIP_PREAMBLE], 0);
    run_free(r);
}

static void rejections_name_line_column_reason_and_a_hint(void)
{
    run *r = ingest_text(long_file);
    CHECK_INT_EQ(r->log.nrej, 5);
    const got_reject *j = reject_at(r, 3);
    CHECK(j != NULL);
    if (j) {
        CHECK_INT_EQ(j->reason, NM_REJ_UNKNOWN_MUNICIPALITY);
        CHECK_INT_EQ(j->col, 1);
        CHECK_STR_EQ(j->detail, "Arjepolg");
        CHECK_CONTAINS(j->hint, "Arjeplog (2506)");
        CHECK_STR_EQ(j->file, r->path);
    }
    j = reject_at(r, 4);
    CHECK(j && j->reason == NM_REJ_COUNT_NEGATIVE && j->col == 4);
    j = reject_at(r, 5);
    CHECK(j && j->reason == NM_REJ_NO_MUNICIPALITY && j->col == 1);
    j = reject_at(r, 6);
    CHECK(j && j->reason == NM_REJ_NO_COMPETENCE && j->col == 3);
    j = reject_at(r, 13);
    CHECK(j && j->reason == NM_REJ_COUNT_NOT_NUMBER && j->col == 4);
    run_free(r);
}

static void accepted_record_carries_its_values_file_and_line(void)
{
    run *r = ingest_text(long_file);
    const nm_record *rec = record_at(r, 2, 0);
    CHECK(rec != NULL);
    if (rec) {
        CHECK_STR_EQ(rec->municipality, "2506");
        CHECK_STR_EQ(rec->competence.ssyk, "5321");
        CHECK_NEAR(rec->count.value, 4, 0);
        CHECK_INT_EQ(rec->count.known, 1);
        CHECK_INT_EQ(rec->need, NM_NEED_RECRUITMENT);
        CHECK_STR_EQ(rec->file, r->path);
        CHECK_INT_EQ(rec->line, 2);
    }
    CHECK_NEAR(r->rep.demand_known, 4, 1e-9);
    run_free(r);
}

static void empty_count_keeps_the_need_without_a_number(void)
{
    run *r = ingest_text(long_file);
    const nm_record *rec = record_at(r, 11, 0);
    CHECK(rec != NULL);
    if (rec) {
        CHECK_STR_EQ(rec->competence.ssyk, "2221");
        CHECK_INT_EQ(rec->count.known, 0);
        CHECK_STR_EQ(rec->municipality, "2521");
    }
    CHECK_INT_EQ(r->rep.notes[NM_NOTE_COUNT_UNKNOWN], 1);
    run_free(r);
}

/* 1 when s (may be NULL) holds any of the personal values of long_file. */
static int holds_personal_data(const char *s)
{
    return s && (strstr(s, "Anna") || strstr(s, "Exempel") || strstr(s, "@"));
}

static void records_and_rejections_hold_no_personal_data(void)
{
    run *r = ingest_text(long_file);
    int clean = 1;
    for (size_t i = 0; i < r->log.nrec && i < MAX_GOT; i++) {
        const nm_record *rec = &r->log.rec[i];
        clean &= !holds_personal_data(rec->municipality);
        clean &= !holds_personal_data(rec->competence.ssyk);
        clean &= !holds_personal_data(rec->competence.label);
        clean &= !holds_personal_data(rec->file);
        clean &= rec->respondent != nm_hash64("anna exempel", 12);
        clean &= rec->respondent != nm_hash64("Anna Exempel", 12);
    }
    for (size_t i = 0; i < r->log.nrej && i < MAX_GOT; i++)
        clean &= !holds_personal_data(r->log.rej[i].detail) &&
                 !holds_personal_data(r->log.rej[i].hint);
    CHECK(clean);
    CHECK_INT_EQ(r->rep.columns.cols[5].role, NM_ROLE_PERSONAL);
    CHECK_INT_EQ(r->rep.columns.cols[6].role, NM_ROLE_PERSONAL);
    run_free(r);
}

static void respondent_is_a_hash_of_the_respondent_column(void)
{
    run *r = ingest_text("Kommun;Förvaltning;Yrke;Antal;Namn\n"
                         "Pajala;Socialförvaltningen;Kock;1;Anna Exempel\n"
                         "Pajala;Socialförvaltningen;Undersköterska;2;Bo Exempel\n"
                         "Pajala;Barn och utbildning;Kock;1;Anna Exempel\n");
    const nm_record *a = record_at(r, 2, 0), *b = record_at(r, 3, 0), *c = record_at(r, 4, 0);
    CHECK(a && b && c);
    if (a && b && c) {
        CHECK(a->respondent != 0);
        CHECK(a->respondent == b->respondent); /* same förvaltning, other contact */
        CHECK(a->respondent != c->respondent); /* other förvaltning, same contact */
    }
    run_free(r);
}

static void without_a_respondent_column_a_municipality_is_one_respondent(void)
{
    run *r = ingest_text("Kommun;Yrke;Antal\nPajala;Kock;1\nPajala;USK;2\nMalå;Kock;1\n");
    const nm_record *a = record_at(r, 2, 0), *b = record_at(r, 3, 0), *c = record_at(r, 4, 0);
    CHECK(a && b && c);
    if (a && b && c) {
        CHECK(a->respondent == b->respondent);
        CHECK(a->respondent != c->respondent);
    }
    run_free(r);
}

static const char wide_file[] =
    "Svars-ID\tTidsstämpel\tKommun\tTyp av organisation\tNamn\tE-post\tUndersköterska\t"
    "Sjuksköterska\tBarnskötare\tDigitalisering\n"                                   /* 1 */
    "101\t2025-02-03 09:14\tSorsele\tKommun\tAnna Exempel\tanna@example.se\t3\t2\t\t15\n" /* 2 */
    "102\t2025-02-03 10:02\tDorotea\tFöretag\tBo Test\tbo@example.se\t\t\t\t\n"      /* 3 */
    "103\t2025-02-04 08:31\tBjurholm\tKommun\tAnna Exempel\tanna@example.se\tvet ej\t\tx\t\n";

static void wide_layout_gives_one_record_per_filled_cell(void)
{
    run *r = ingest_text(wide_file);
    CHECK_INT_EQ(r->status, NM_OK);
    CHECK_INT_EQ(r->rep.columns.wide, 1);
    CHECK_INT_EQ(r->rep.rows_read, 4);
    CHECK(rows_add_up(&r->rep));
    CHECK_INT_EQ(r->rep.rows_accepted, 2);
    CHECK_INT_EQ(r->rep.reasons[NM_SKIP_NO_NEED], 1);
    CHECK_INT_EQ(r->rep.needs_accepted, 5);
    CHECK_INT_EQ(r->log.nrec, 5);
    const nm_record *usk = record_at(r, 2, 0), *ssk = record_at(r, 2, 1),
                    *dig = record_at(r, 2, 2);
    CHECK(usk && ssk && dig);
    if (usk && ssk && dig) {
        CHECK_STR_EQ(usk->competence.ssyk, "5321");
        CHECK_INT_EQ(usk->col, 7);
        CHECK_NEAR(usk->count.value, 3, 0);
        CHECK_STR_EQ(ssk->competence.ssyk, "2221");
        CHECK_INT_EQ(ssk->col, 8);
        CHECK_STR_EQ(dig->competence.label, "Digitalisering");
        CHECK_INT_EQ(dig->col, 10);
        CHECK_NEAR(dig->count.value, 15, 0);
        CHECK_STR_EQ(usk->municipality, "2422"); /* Sorsele */
        CHECK_INT_EQ(usk->respondent_kind, NM_RKIND_MUNICIPAL);
        CHECK_INT_EQ(usk->need, NM_NEED_UNKNOWN); /* the export does not say */
    }
    run_free(r);
}

static void wide_cells_without_a_number_are_needs_without_a_number(void)
{
    run *r = ingest_text(wide_file);
    const nm_record *usk = record_at(r, 4, 0), *bsk = record_at(r, 4, 1);
    CHECK(usk && bsk);
    if (usk && bsk) {
        CHECK_INT_EQ(usk->count.known, 0); /* "vet ej" */
        CHECK_INT_EQ(bsk->count.known, 0); /* "x": a tick, not 1 */
        CHECK_STR_EQ(bsk->competence.ssyk, "5311");
        CHECK_INT_EQ(bsk->col, 9);
    }
    run_free(r);
}

static void wide_respondents_are_told_apart_by_their_id_not_their_name(void)
{
    run *r = ingest_text(wide_file);
    const nm_record *a = record_at(r, 2, 0), *b = record_at(r, 2, 2), *c = record_at(r, 4, 0);
    CHECK(a && b && c);
    if (a && b && c) {
        CHECK(a->respondent == b->respondent);
        CHECK(a->respondent != c->respondent); /* same Namn, other Svars-ID */
    }
    run_free(r);
}

static void wide_row_without_answers_is_skipped_even_without_municipality(void)
{
    /* A survey tool exports respondents who opened the form and left: an id
     * and a timestamp, nothing else.  That is no need, not a bad row. */
    run *r = ingest_text("Svars-ID\tTidsstämpel\tKommun\tUndersköterska\tKock\n"
                         "101\t2025-02-03 09:14\tSorsele\t3\t\n"
                         "102\t2025-02-03 10:02\t\t\t\n");
    CHECK_INT_EQ(r->rep.rows_accepted, 1);
    CHECK_INT_EQ(r->rep.rows_rejected, 0);
    CHECK_INT_EQ(r->rep.reasons[NM_SKIP_NO_NEED], 1);
    CHECK_INT_EQ(r->log.nrej, 0);
    run_free(r);
}

static const char typed_file[] =
    "Företag,Kommun,SSYK,Yrke,Antal rekrytering,Antal kompetensutveckling,E-post,Övrigt\n"
    "Malå Gruvteknik AB,Malå,8111,Gruvarbetare,6,4,lina@example.se,\"Skift, eget boende\"\n"
    "Malå Gruvteknik AB,Malå,7233,Underhållsmekaniker,3,,,\n"                   /* 3 */
    "Storuman Bygg AB,2421,,Snickare,,vet ej,,\n"                              /* 4 */
    "\"Bygg & Anläggning, Malå AB\",2418,7412,,2,2,,\n"                        /* 5 */
    "Nordbygg AB,Malå,9999,,1,,,\n"                                            /* 6 */
    "Totalt,,,,12,6,,\n";                                                      /* 7 */

static void typed_count_columns_give_two_needs_kept_apart(void)
{
    run *r = ingest_text(typed_file);
    CHECK_INT_EQ(r->status, NM_OK);
    CHECK_INT_EQ(r->rep.rows_read, 7);
    CHECK(rows_add_up(&r->rep));
    CHECK_INT_EQ(r->rep.rows_accepted, 4);
    CHECK_INT_EQ(r->rep.rows_rejected, 1);
    CHECK_INT_EQ(r->rep.reasons[NM_SKIP_TOTAL], 1);
    CHECK_INT_EQ(r->rep.needs_accepted, 6);
    const nm_record *rec = record_at(r, 2, 0), *up = record_at(r, 2, 1);
    CHECK(rec && up);
    if (rec && up) {
        CHECK_INT_EQ(rec->need, NM_NEED_RECRUITMENT);
        CHECK_NEAR(rec->count.value, 6, 0);
        CHECK_INT_EQ(rec->col, 5);
        CHECK_INT_EQ(up->need, NM_NEED_UPSKILLING);
        CHECK_NEAR(up->count.value, 4, 0);
        CHECK_INT_EQ(up->col, 6);
        CHECK_STR_EQ(rec->competence.ssyk, "8111");
        CHECK_INT_EQ(rec->respondent_kind, NM_RKIND_COMPANY);
        CHECK_STR_EQ(rec->municipality, "2418");
    }
    CHECK_NEAR(r->rep.demand_known, 6 + 4 + 3 + 2 + 2, 1e-9);
    run_free(r);
}

static void one_filled_typed_count_gives_one_need(void)
{
    run *r = ingest_text(typed_file);
    const nm_record *rec = record_at(r, 3, 0);
    CHECK(rec && rec->need == NM_NEED_RECRUITMENT);
    CHECK(record_at(r, 3, 1) == NULL);
    rec = record_at(r, 4, 0);
    CHECK(rec != NULL);
    if (rec) {
        CHECK_INT_EQ(rec->need, NM_NEED_UPSKILLING);
        CHECK_INT_EQ(rec->count.known, 0);
        CHECK_STR_EQ(rec->municipality, "2421");
        CHECK_STR_EQ(rec->competence.ssyk, "7111");
    }
    CHECK(record_at(r, 4, 1) == NULL);
    run_free(r);
}

static void code_alone_names_the_occupation_and_an_unknown_code_is_rejected(void)
{
    run *r = ingest_text(typed_file);
    const nm_record *rec = record_at(r, 5, 0);
    CHECK(rec && strcmp(rec->competence.ssyk, "7412") == 0);
    CHECK(rec && rec->competence.how == NM_MATCH_CODE);
    const got_reject *j = reject_at(r, 6);
    CHECK(j && j->reason == NM_REJ_UNKNOWN_SSYK && j->col == 3);
    run_free(r);
}

static void same_company_is_one_respondent(void)
{
    run *r = ingest_text(typed_file);
    const nm_record *a = record_at(r, 2, 0), *b = record_at(r, 3, 0), *c = record_at(r, 4, 0);
    CHECK(a && b && c);
    if (a && b && c) {
        CHECK(a->respondent == b->respondent);
        CHECK(a->respondent != c->respondent);
    }
    run_free(r);
}

/* Respondent ids that never repeat make the respondent memo give up after
 * a few thousand rows; a respondent met again after that is still the
 * same respondent, of the same kind, whatever the case of its text. */
typedef struct by_line {
    uint64_t *respondent;
    nm_rkind *kind;
    size_t n;
} by_line;

static void keep_by_line(void *ctx, const nm_record *r)
{
    by_line *b = ctx;
    if (r->line < b->n) {
        b->respondent[r->line] = r->respondent;
        b->kind[r->line] = r->respondent_kind;
    }
}

static void respondents_are_the_same_after_the_memo_gives_up(void)
{
    enum { IDS = 6000, LINES = IDS + 6 };
    nm_buf text = {0};
    nm_buf_puts(&text, "Företag,Kommun,Yrke,Antal\n");
    nm_buf_puts(&text, "Malå Gruvteknik AB,Malå,Gruvarbetare,1\n");     /* line 2 */
    for (int i = 0; i < IDS; i++)                                        /* 3 .. IDS + 2 */
        nm_buf_printf(&text, "Svar %d,Malå,Gruvarbetare,1\n", i);
    nm_buf_puts(&text, "MALÅ GRUVTEKNIK AB,Malå,Gruvarbetare,1\n");     /* IDS + 3 */
    nm_buf_puts(&text, "Svar 1,Malå,Gruvarbetare,1\n");                 /* IDS + 4 */
    nm_buf_puts(&text, "Malå Gruvteknik AB,Malå,Gruvarbetare,1\n");     /* IDS + 5 */
    by_line b = {calloc(LINES, sizeof *b.respondent), calloc(LINES, sizeof *b.kind), LINES};
    nm_ingest *g = ingest_new(NULL, NULL);
    nm_sink sink = {keep_by_line, NULL, &b};
    char *path = tmp_file(text.data, text.len);
    nm_file_report rep;
    CHECK_INT_EQ(nm_ingest_file(g, path, &sink, &rep), NM_OK);
    CHECK_INT_EQ(rep.rows_accepted, IDS + 4);
    CHECK(b.respondent[2] != 0 && b.respondent[4] != 0);
    CHECK(b.respondent[IDS + 3] == b.respondent[2]);
    CHECK(b.respondent[IDS + 5] == b.respondent[2]);
    CHECK(b.respondent[IDS + 4] == b.respondent[4]);      /* "Svar 1" */
    CHECK(b.respondent[IDS + 4] != b.respondent[5]);      /* "Svar 2" */
    CHECK_INT_EQ(b.kind[IDS + 3], NM_RKIND_COMPANY);
    CHECK_INT_EQ(b.kind[IDS + 5], b.kind[2]);
    CHECK_INT_EQ(b.kind[IDS + 4], b.kind[4]);
    nm_file_report_free(&rep);
    tmp_file_remove(path);
    nm_ingest_free(g);
    nm_buf_free(&text);
    free(b.respondent);
    free(b.kind);
}

static void typed_counts_that_are_all_zero_skip_the_row(void)
{
    run *r = ingest_text("Kommun,Yrke,Antal rekrytering,Antal kompetensutveckling\n"
                         "Malå,Kock,0,0\n");
    CHECK_INT_EQ(r->rep.reasons[NM_SKIP_ZERO], 1);
    CHECK_INT_EQ(r->log.nrec, 0);
    CHECK(rows_add_up(&r->rep));
    run_free(r);
}

static void count_rejections_carry_their_reasons(void)
{
    run *r = ingest_text("Kommun;Yrke;Antal\n"
                         "Malå;Kock;1.200\n"
                         "Malå;Kock;200000\n"
                         "Malå;Kock;5-2\n"
                         "Malå;Kock;2-4\n");
    CHECK_INT_EQ(r->rep.reasons[NM_REJ_COUNT_AMBIGUOUS], 1);
    CHECK_INT_EQ(r->rep.reasons[NM_REJ_COUNT_TOO_LARGE], 1);
    CHECK_INT_EQ(r->rep.reasons[NM_REJ_COUNT_BAD_RANGE], 1);
    CHECK_INT_EQ(r->rep.rows_rejected, 3);
    const nm_record *rec = record_at(r, 5, 0);
    CHECK(rec && rec->count.range && rec->count.low == 2 && rec->count.high == 4);
    CHECK_INT_EQ(r->rep.notes[NM_NOTE_COUNT_RANGE], 1);
    run_free(r);
}

static void notes_above_the_header_are_skipped_as_preamble(void)
{
    run *r = ingest_text("Inventering gjord av HR,,,\n"
                         "Uppdaterad feb 2025,,,\n"
                         "Kommunkod,Yrke,Antal,Behov\n"
                         "2425,Undersköterska,2–4,Kompetensutveckling\n"
                         "2425,Barnskötare,  3 ,rekrytering\n"
                         "Åsele,Kock,1,Rekrytering\n"
                         "2452,Grundskollärare,2,Rekrytering\n");
    CHECK_INT_EQ(r->status, NM_OK);
    CHECK_INT_EQ(r->rep.header_line, 3);
    CHECK_INT_EQ(r->rep.reasons[NM_SKIP_PREAMBLE], 2);
    CHECK_INT_EQ(r->rep.rows_read, 7);
    CHECK(rows_add_up(&r->rep));
    const nm_record *a = record_at(r, 4, 0), *b = record_at(r, 5, 0), *c = record_at(r, 6, 0);
    CHECK(a && b && c);
    if (a && b && c) {
        CHECK_INT_EQ(a->count.range, 1);
        CHECK_INT_EQ(a->need, NM_NEED_UPSKILLING);
        CHECK_NEAR(b->count.value, 3, 0);
        CHECK_INT_EQ(b->need, NM_NEED_RECRUITMENT);
        CHECK_STR_EQ(c->municipality, "2463");
    }
    const got_reject *j = reject_at(r, 7);
    CHECK(j && j->reason == NM_REJ_UNKNOWN_MUNICIPALITY);
    run_free(r);
}

static void total_word_in_a_company_name_is_not_a_total_row(void)
{
    run *r = ingest_text("Företag;Kommun;Yrke;Antal\n"
                         "Total Bygg AB;Kiruna;Elektriker;2\n"
                         "Summa Norrbotten;;;2\n"
                         "Total;;;2\n");
    CHECK(record_at(r, 2, 0) != NULL);
    CHECK_INT_EQ(r->rep.reasons[NM_SKIP_TOTAL], 2);
    CHECK_INT_EQ(r->rep.rows_rejected, 0);
    run_free(r);
}

static void code_and_name_of_different_municipalities_are_rejected(void)
{
    run *r = ingest_text("Kommun;Yrke;Antal\n2581 Luleå;Kock;1\n2580 Luleå;Kock;1\n");
    const got_reject *j = reject_at(r, 2);
    CHECK(j && j->reason == NM_REJ_AMBIGUOUS_MUNICIPALITY && j->col == 1);
    CHECK(j && check_contains(j->hint, "2580") && check_contains(j->hint, "2581"));
    const nm_record *rec = record_at(r, 3, 0);
    CHECK(rec && strcmp(rec->municipality, "2580") == 0);
    run_free(r);
}

static void json_respondent_with_no_needs_is_skipped(void)
{
    run *r = ingest_text("[\n"
                         " {\"kommun\": \"Malå\", \"behov\": [{\"yrke\": \"Kock\", \"antal\": 1}]},\n"
                         " {\"kommun\": \"Sorsele\", \"behov\": []}\n"
                         "]\n");
    CHECK_INT_EQ(r->status, NM_OK);
    CHECK_INT_EQ(r->rep.rows_read, 2);
    CHECK_INT_EQ(r->rep.rows_accepted, 1);
    CHECK_INT_EQ(r->rep.reasons[NM_SKIP_NO_NEED], 1);
    CHECK(rows_add_up(&r->rep));
    run_free(r);
}

static void excel_sep_line_is_skipped_and_obeyed(void)
{
    run *r = ingest_text("sep=;\nKommun;Yrke;Antal\nPajala;Kock;2,5\n");
    CHECK_INT_EQ(r->rep.reasons[NM_SKIP_SEP_LINE], 1);
    CHECK_INT_EQ(r->rep.header_line, 2);
    const nm_record *rec = record_at(r, 3, 0);
    CHECK(rec && rec->count.value == 2.5);
    CHECK(rows_add_up(&r->rep));
    run_free(r);
}

static void file_without_a_header_is_an_input_error(void)
{
    run *r = ingest_text("a;b;c\n1;2;3\n");
    CHECK_INT_EQ(r->status, NM_ERR_INPUT);
    CHECK_INT_EQ(r->rep.status, NM_ERR_INPUT);
    CHECK_INT_EQ(r->rep.header_line, 0);
    CHECK_CONTAINS(r->rep.error.msg, "no header row");
    CHECK_STR_EQ(r->rep.error.file, r->path);
    CHECK_INT_EQ(r->log.nrec, 0);
    CHECK(rows_add_up(&r->rep));
    run_free(r);
}

static void missing_file_is_an_input_error(void)
{
    nm_ingest *g = ingest_new(NULL, NULL);
    nm_file_report rep;
    CHECK_INT_EQ(nm_ingest_file(g, "/nonexistent/needmap/svar.csv", NULL, &rep), NM_ERR_INPUT);
    CHECK_STR_EQ(rep.path, "/nonexistent/needmap/svar.csv");
    CHECK_CONTAINS(rep.error.msg, "cannot open");
    nm_file_report_free(&rep);
    nm_ingest_free(g);
}

static void line_numbers_stay_physical_after_a_quoted_line_break(void)
{
    run *r = ingest_text("Kommun;Yrke;Antal;Kommentar\r\n"
                         "Pajala;Kock;1;\"rad ett\nrad två\"\r\n"
                         "Pajala;Undersköterska;2;\r\n");
    CHECK(record_at(r, 2, 0) != NULL);
    const nm_record *rec = record_at(r, 4, 0);
    CHECK(rec && strcmp(rec->competence.ssyk, "5321") == 0);
    CHECK_INT_EQ(r->rep.rows_read, 3);
    run_free(r);
}

static void malformed_row_is_rejected_and_the_next_row_read(void)
{
    run *r = ingest_text("Kommun;Yrke;Antal\n"
                         "Pajala;\"Kock\" natt;1\n"
                         "Malå;Kock;2\n");
    CHECK_INT_EQ(r->rep.reasons[NM_REJ_MALFORMED], 1);
    const got_reject *j = reject_at(r, 2);
    CHECK(j && j->reason == NM_REJ_MALFORMED && j->col == 2);
    CHECK(record_at(r, 3, 0) != NULL);
    CHECK(rows_add_up(&r->rep));
    run_free(r);
}

static const char json_file[] =
    "{\n"
    "  \"survey\": \"Intresse för utbildning 2025\",\n"
    "  \"responses\": [\n"
    "    {\"svars_id\": 2001, \"kommun\": \"Arjeplog\", \"yrke\": \"Undersköterska\","
    " \"antal\": 1, \"behov\": \"Intresse\", \"namn\": \"Alva Exempel\","
    " \"epost\": \"alva@example.se\"},\n"                                          /* 4 */
    "    {\"svars_id\": 2002, \"kommun\": \"\", \"yrke\": \"Kock\", \"antal\": \"2\","
    " \"behov\": \"Intresse\", \"namn\": \"Bo Exempel\", \"epost\": \"bo@example.se\"},\n"
    "    {\"svars_id\": 2003, \"kommun\": \"lycksele\", \"yrke\": \"undersköterska\","
    " \"antal\": \"2\", \"behov\": \"Intresse\", \"namn\": \"C\", \"epost\": \"\"}\n" /* 6 */
    "  ]\n"
    "}\n";

static void json_export_is_ingested_by_object_lines(void)
{
    run *r = ingest_text(json_file);
    CHECK_INT_EQ(r->status, NM_OK);
    CHECK_INT_EQ(r->rep.rows_read, 3);
    CHECK(rows_add_up(&r->rep));
    CHECK_INT_EQ(r->rep.rows_accepted, 2);
    const got_reject *j = reject_at(r, 5);
    CHECK(j && j->reason == NM_REJ_NO_MUNICIPALITY);
    const nm_record *a = record_at(r, 4, 0), *c = record_at(r, 6, 0);
    CHECK(a && c);
    if (a && c) {
        CHECK_INT_EQ(a->need, NM_NEED_INTEREST);
        CHECK_STR_EQ(c->municipality, "2481");
        CHECK_STR_EQ(c->competence.ssyk, "5321");
        CHECK_NEAR(c->count.value, 2, 0);
        CHECK(a->respondent != c->respondent);
    }
    run_free(r);
}

static void mapping_file_supplies_columns_values_and_defaults(void)
{
    const char *csv = "Jobb,Antal,Nivå\nKock,2,Påbyggnad\nUSK,,YH\n";
    run *r = ingest_bytes(csv, strlen(csv),
                          "{\"columns\": {\"Jobb\": \"competence\"},"
                          " \"values\": {\"level\": {\"Påbyggnad\": \"course\"}},"
                          " \"defaults\": {\"municipality\": \"Arjeplog\","
                          " \"need\": \"recruitment\"}}");
    CHECK_INT_EQ(r->status, NM_OK);
    const nm_record *a = record_at(r, 2, 0), *b = record_at(r, 3, 0);
    CHECK(a && b);
    if (a && b) {
        CHECK_STR_EQ(a->municipality, "2506");
        CHECK_STR_EQ(a->competence.ssyk, "5120");
        CHECK_INT_EQ(a->need, NM_NEED_RECRUITMENT);
        CHECK_INT_EQ(a->level, NM_LEVEL_COURSE);
        CHECK_STR_EQ(b->competence.ssyk, "5321");
        CHECK_STR_EQ(b->municipality, "2506");        /* defaults hold on every row */
        CHECK_INT_EQ(b->need, NM_NEED_RECRUITMENT);
        CHECK_INT_EQ(b->level, NM_LEVEL_YH);
        CHECK_INT_EQ(b->count.known, 0);
    }
    run_free(r);
}

static void default_count_makes_every_row_one_person(void)
{
    const char *csv = "Kommun,Yrke,Antal\nPajala,Kock,\nPajala,USK,3\n";
    run *r = ingest_bytes(csv, strlen(csv), "{\"defaults\": {\"count\": \"1\"}}");
    const nm_record *a = record_at(r, 2, 0), *b = record_at(r, 3, 0);
    CHECK(a && a->count.known && a->count.value == 1);
    CHECK(b && b->count.value == 3);
    run_free(r);
}

static void header_line_in_the_mapping_is_obeyed(void)
{
    const char *csv = "Kommun;Yrke\nx;y\nOrt;Jobb\nPajala;Kock\n";
    run *r = ingest_bytes(csv, strlen(csv),
                          "{\"header_line\": 3, \"columns\": {\"Ort\": \"municipality\","
                          " \"Jobb\": \"competence\"}}");
    CHECK_INT_EQ(r->rep.header_line, 3);
    CHECK(record_at(r, 4, 0) != NULL);
    CHECK_INT_EQ(r->rep.reasons[NM_SKIP_PREAMBLE], 2);
    CHECK(rows_add_up(&r->rep));
    run_free(r);
}

static void analyst_synonyms_and_approximate_matches_reach_the_records(void)
{
    char *syn = tmp_file_str("text,ssyk\nGruvtekniker,3116\n");
    nm_ingest *g = ingest_new(NULL, syn);
    char *path = tmp_file_str("Kommun;Yrke;Antal\nMalå;Gruvtekniker;2\nMalå;Undersköterka;1\n"
                              "Malå;Tidsresenär;1\n");
    sink_log *log = calloc(1, sizeof *log);
    nm_sink sink = {on_record, on_reject, log};
    nm_file_report rep;
    CHECK_INT_EQ(nm_ingest_file(g, path, &sink, &rep), NM_OK);
    CHECK_INT_EQ(log->nrec, 3);
    if (log->nrec == 3) {
        CHECK_STR_EQ(log->rec[0].competence.ssyk, "3116");
        CHECK_INT_EQ(log->rec[0].competence.how, NM_MATCH_USER_SYNONYM);
        CHECK_STR_EQ(log->rec[1].competence.ssyk, "5321");
        CHECK_INT_EQ(log->rec[1].competence.how, NM_MATCH_FUZZY);
        CHECK_INT_EQ(log->rec[2].competence.how, NM_MATCH_UNCLASSIFIED);
        CHECK_STR_EQ(log->rec[2].competence.label, "Tidsresenär");
    }
    CHECK_INT_EQ(rep.notes[NM_NOTE_FUZZY], 1);
    CHECK_INT_EQ(rep.notes[NM_NOTE_UNCLASSIFIED], 1);
    nm_file_report_free(&rep);
    nm_ingest_free(g);
    free(log);
    tmp_file_remove(path);
    tmp_file_remove(syn);
}

static void bad_synonyms_or_mapping_stop_before_any_input(void)
{
    char *syn = tmp_file_str("text,ssyk\nGruvtekniker,9999\n");
    char *map = tmp_file_str("{\"colums\": {}}");
    const char *syns[1] = {syn};
    nm_ingest_opts o = {.min_confidence = NM_DEFAULT_MIN_CONFIDENCE, .synonyms = syns,
                        .nsynonyms = 1};
    nm_ingest *g = NULL;
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_ingest_new(&o, &g, &err), NM_ERR_CONFIG);
    CHECK(g == NULL);
    o = (nm_ingest_opts){.min_confidence = NM_DEFAULT_MIN_CONFIDENCE, .mapping_path = map};
    CHECK_INT_EQ(nm_ingest_new(&o, &g, &err), NM_ERR_CONFIG);
    CHECK(g == NULL);
    CHECK_CONTAINS(err.msg, "colums");
    tmp_file_remove(syn);
    tmp_file_remove(map);
}

static void records_without_a_sink_are_still_counted(void)
{
    nm_ingest *g = ingest_new(NULL, NULL);
    char *path = tmp_file_str("Kommun;Yrke;Antal\nPajala;Kock;2\nXyz;Kock;1\n");
    nm_file_report rep;
    CHECK_INT_EQ(nm_ingest_file(g, path, NULL, &rep), NM_OK);
    CHECK_INT_EQ(rep.rows_accepted, 1);
    CHECK_INT_EQ(rep.rows_rejected, 1);
    nm_file_report_free(&rep);
    nm_ingest_free(g);
    tmp_file_remove(path);
}

static void reasons_have_stable_codes_and_texts(void)
{
    CHECK_STR_EQ(nm_reason_code(NM_REJ_UNKNOWN_MUNICIPALITY), "unknown_municipality");
    CHECK_STR_EQ(nm_reason_text(NM_REJ_UNKNOWN_MUNICIPALITY), "unknown municipality");
    CHECK_STR_EQ(nm_reason_code(NM_SKIP_TOTAL), "total_row");
    CHECK_STR_EQ(nm_reason_code(NM_REJ_MALFORMED), "malformed_row");
    for (int i = 0; i < NM_REASON_N; i++)
        CHECK(nm_reason_code((nm_reason)i)[0] && nm_reason_text((nm_reason)i)[0]);
    for (int i = 0; i < NM_NOTE_N; i++)
        CHECK(nm_note_text((nm_note)i)[0]);
}


static void titles_in_the_ssyk_column_are_read_as_titles_with_a_note(void)
{
    run *r = ingest_text("Kommun,SSYK,Antal\nLycksele,Undersköterska,4\nLycksele,9999,2\n"
                         "Lycksele,\"2224, 2225, 2227\",1\n");
    const nm_record *rec = record_at(r, 2, 0);
    CHECK(rec != NULL);
    if (rec) {
        CHECK_STR_EQ(rec->competence.ssyk, "5321");
        CHECK_INT_EQ(rec->competence.note, NM_COMP_NOTE_CODE_COLUMN);
    }
    const got_reject *rej = reject_at(r, 3); /* digits that are no code: rejected */
    CHECK(rej != NULL);
    if (rej)
        CHECK_INT_EQ(rej->reason, NM_REJ_UNKNOWN_SSYK);
    rec = record_at(r, 4, 0);
    CHECK(rec != NULL);
    if (rec)
        CHECK_STR_EQ(rec->competence.ssyk, "222");
    CHECK_INT_EQ(r->rep.notes[NM_NOTE_SSYK_TEXT], 1);
    CHECK_INT_EQ(r->rep.notes[NM_NOTE_SSYK_CODES], 1);
    CHECK(rows_add_up(&r->rep));
    run_free(r);
}

static void a_number_in_the_occupation_text_names_its_first_row(void)
{
    run *r = ingest_text("Kommun;Yrke;Antal\nSorsele;Undersköterska;1\n"
                         "Sorsele;Sjuksköterska 2;\nSorsele;Sjuksköterska 2;\n");
    CHECK_INT_EQ(r->rep.notes[NM_NOTE_NUMBER_IN_TEXT], 2);
    size_t found = 0;
    for (size_t i = 0; i < r->rep.nreview; i++) {
        const nm_review_item *it = &r->rep.review[i];
        if (strcmp(it->text, "Sjuksköterska 2") != 0)
            continue;
        found++;
        CHECK_INT_EQ(it->comp.note, NM_COMP_NOTE_NUMBER);
        CHECK_STR_EQ(it->comp.ssyk, "2221");
        CHECK_INT_EQ(it->line, 3);
        CHECK_INT_EQ(it->col, 2);
        CHECK_INT_EQ(it->uses, 2);
    }
    CHECK_INT_EQ(found, 1);
    run_free(r);
}

/* A delimiter too many moves the values right: rejected at the first
 * field past the header, never read shifted; Excel's trailing empty
 * fields are not a shift. */
static void row_with_a_value_past_the_header_is_rejected_not_shifted(void)
{
    run *r = ingest_text("Kommun;Yrke;Antal;;\n"
                         "Pajala;Kock;2;;\n"            /* 2: trailing empties */
                         "Pajala;Kock;;2;\n"            /* 3: count moved right */
                         "Pajala;Kock;1;;;;;;\n");      /* 4: more empties */
    CHECK(record_at(r, 2, 0) != NULL);
    CHECK(record_at(r, 3, 0) == NULL);
    CHECK(record_at(r, 4, 0) != NULL);
    const got_reject *j = reject_at(r, 3);
    CHECK(j && j->reason == NM_REJ_MALFORMED && j->col == 4);
    CHECK_STR_EQ(j ? j->detail : "", "row has 4 fields, the header has 3");
    CHECK_INT_EQ(r->rep.rows_rejected, 1);
    CHECK(rows_add_up(&r->rep));
    run_free(r);
}

/* A short row that does not reach the count lost a delimiter: rejected.
 * One that leaves out only trailing optional columns is read, and when
 * one of its cells is rejected the hint says the row is short. */
static void short_row_is_rejected_when_it_misses_a_column_that_must_be_read(void)
{
    run *r = ingest_text("Kommun,Yrke,Antal,Nivå\n"
                         "Pajala,Kock\n"                 /* 2: no count */
                         "Pajala,Kock,2\n"               /* 3: no level: fine */
                         "Pajala,Kock2,YH\n");           /* 4: shifted left */
    const got_reject *j = reject_at(r, 2);
    CHECK(j && j->reason == NM_REJ_MALFORMED && j->col == 0);
    CHECK_STR_EQ(j ? j->detail : "", "row has 2 fields, the header has 4");
    CHECK_CONTAINS(j ? j->hint : "", "column 3 (Antal)");
    CHECK(record_at(r, 3, 0) != NULL);
    j = reject_at(r, 4);
    CHECK(j && j->reason == NM_REJ_COUNT_NOT_NUMBER);
    CHECK_CONTAINS(j ? j->hint : "", "the row has 3 fields, the header has 4");
    CHECK(rows_add_up(&r->rep));
    run_free(r);
}

/* JSON has no delimiters to lose: keys missing from an object are empty. */
static void json_objects_with_fewer_keys_are_not_short_rows(void)
{
    run *r = ingest_text("[{\"kommun\": \"Pajala\", \"yrke\": \"Kock\", \"antal\": 2},\n"
                         " {\"kommun\": \"Pajala\", \"yrke\": \"Kock\"}]\n");
    CHECK_INT_EQ(r->rep.rows_accepted, 2);
    CHECK_INT_EQ(r->rep.reasons[NM_REJ_MALFORMED], 0);
    run_free(r);
}

/* A survey tool's data row can look like a header ("Kommun" as the kind
 * of respondent, a title as the answer): a row with a municipality in a
 * cell, or of mostly numbers, is never taken as the header. */
static void data_row_is_never_taken_as_the_header(void)
{
    run *r = ingest_text("2024-03-01 10:15,Kommun,Arjeplog,Undersköterska,3\n"
                         "2024-03-02 11:00,Kommun,Sorsele,Kock,1\n");
    CHECK_INT_EQ(r->status, NM_ERR_INPUT);
    CHECK_INT_EQ(r->rep.header_line, 0);
    CHECK_INT_EQ(r->log.nrec, 0);
    CHECK_CONTAINS(r->rep.error.msg, "line 1 comes closest but is data");
    CHECK_CONTAINS(r->rep.error.msg, "'Arjeplog'");
    CHECK(rows_add_up(&r->rep));
    run_free(r);
    r = ingest_text("Kommun;3;4;2;Kock\n");
    CHECK_INT_EQ(r->rep.header_line, 0);
    CHECK_CONTAINS(r->rep.error.msg, "3 of its 5 cells are numbers");
    run_free(r);
}

/* No header: the message names the closest row and what it lacks, the
 * explanation lists its columns and a mapping to copy, and it does not
 * send the analyst to inspect. */
static void file_without_a_header_shows_the_closest_row_and_a_mapping(void)
{
    run *r = ingest_text("Svar 2024\nArbetsplats;Befattning;Hur många?\nArjeplog;Kock;2\n");
    CHECK_INT_EQ(r->status, NM_ERR_INPUT);
    CHECK_CONTAINS(r->rep.error.msg, "line 2 comes closest but has no municipality column");
    CHECK(strstr(r->rep.error.msg, "inspect") == NULL);
    CHECK(r->rep.explain != NULL);
    CHECK_CONTAINS(r->rep.explain, "'Arbetsplats': not recognised");
    CHECK_CONTAINS(r->rep.explain, "'Befattning': competence");
    CHECK_CONTAINS(r->rep.explain,
                   "{\"header_line\": 2, \"columns\": {\"Arbetsplats\": \"municipality\"}}");
    run_free(r);
}

/* A mapping entry that names no column is said, with the file's columns. */
static void mapping_entry_that_matches_no_column_is_warned_about(void)
{
    const char *csv = "Arbetsplats;Yrke;Antal\nArjeplog;Kock;2\n";
    run *r = ingest_bytes(csv, strlen(csv),
                          "{\"columns\": {\"Arbetsplats\": \"municipality\","
                          " \"Befatning\": \"competence\"}}");
    CHECK_INT_EQ(r->status, NM_OK);
    CHECK(record_at(r, 2, 0) != NULL);
    CHECK_INT_EQ(r->rep.nwarnings, 1);
    if (r->rep.nwarnings) {
        CHECK_CONTAINS(r->rep.warnings[0].msg, "\"Befatning\"");
        CHECK_CONTAINS(r->rep.warnings[0].msg, "'Arbetsplats', 'Yrke', 'Antal'");
        CHECK_INT_EQ(r->rep.warnings[0].line, 1);
    }
    run_free(r);
}

/* The question of a matrix names the need type of its columns. */
static void matrix_question_gives_its_need_type_to_the_records(void)
{
    run *r = ingest_text("Kommun,Hur många vill ni rekrytera? [Kock],"
                         "Hur många vill ni kompetensutveckla? [Kock]\n"
                         "Pajala,2,3\n");
    const nm_record *a = record_at(r, 2, 0), *b = record_at(r, 2, 1);
    CHECK(a && b);
    if (a && b) {
        CHECK_STR_EQ(a->competence.ssyk, "5120");
        CHECK_INT_EQ(a->need, NM_NEED_RECRUITMENT);
        CHECK_INT_EQ(b->need, NM_NEED_UPSKILLING);
        CHECK_NEAR(b->count.value, 3, 0);
    }
    CHECK_INT_EQ(r->rep.nreview, 0); /* the option is matched, not the whole header */
    run_free(r);
}

int main(void)
{
    RUN(every_row_is_accepted_rejected_or_skipped);
    RUN(each_row_is_counted_under_its_reason);
    RUN(rejections_name_line_column_reason_and_a_hint);
    RUN(accepted_record_carries_its_values_file_and_line);
    RUN(empty_count_keeps_the_need_without_a_number);
    RUN(records_and_rejections_hold_no_personal_data);
    RUN(respondent_is_a_hash_of_the_respondent_column);
    RUN(without_a_respondent_column_a_municipality_is_one_respondent);
    RUN(wide_layout_gives_one_record_per_filled_cell);
    RUN(wide_cells_without_a_number_are_needs_without_a_number);
    RUN(wide_respondents_are_told_apart_by_their_id_not_their_name);
    RUN(wide_row_without_answers_is_skipped_even_without_municipality);
    RUN(typed_count_columns_give_two_needs_kept_apart);
    RUN(one_filled_typed_count_gives_one_need);
    RUN(code_alone_names_the_occupation_and_an_unknown_code_is_rejected);
    RUN(same_company_is_one_respondent);
    RUN(respondents_are_the_same_after_the_memo_gives_up);
    RUN(typed_counts_that_are_all_zero_skip_the_row);
    RUN(count_rejections_carry_their_reasons);
    RUN(notes_above_the_header_are_skipped_as_preamble);
    RUN(total_word_in_a_company_name_is_not_a_total_row);
    RUN(code_and_name_of_different_municipalities_are_rejected);
    RUN(json_respondent_with_no_needs_is_skipped);
    RUN(excel_sep_line_is_skipped_and_obeyed);
    RUN(file_without_a_header_is_an_input_error);
    RUN(missing_file_is_an_input_error);
    RUN(line_numbers_stay_physical_after_a_quoted_line_break);
    RUN(malformed_row_is_rejected_and_the_next_row_read);
    RUN(json_export_is_ingested_by_object_lines);
    RUN(mapping_file_supplies_columns_values_and_defaults);
    RUN(default_count_makes_every_row_one_person);
    RUN(header_line_in_the_mapping_is_obeyed);
    RUN(analyst_synonyms_and_approximate_matches_reach_the_records);
    RUN(titles_in_the_ssyk_column_are_read_as_titles_with_a_note);
    RUN(a_number_in_the_occupation_text_names_its_first_row);
    RUN(bad_synonyms_or_mapping_stop_before_any_input);
    RUN(records_without_a_sink_are_still_counted);
    RUN(row_with_a_value_past_the_header_is_rejected_not_shifted);
    RUN(short_row_is_rejected_when_it_misses_a_column_that_must_be_read);
    RUN(json_objects_with_fewer_keys_are_not_short_rows);
    RUN(data_row_is_never_taken_as_the_header);
    RUN(file_without_a_header_shows_the_closest_row_and_a_mapping);
    RUN(mapping_entry_that_matches_no_column_is_warned_about);
    RUN(matrix_question_gives_its_need_type_to_the_records);
    RUN(reasons_have_stable_codes_and_texts);
    nm_ingest_free(NULL);        /* no-ops (ingest.h); a crash fails the program */
    nm_file_report_free(NULL);
    return check_finish();
}
