/* ingest.c - drive one export through the reader: header detection, then
 * each data row to rows.c.  Each row ends up in exactly one of accepted,
 * rejected or skipped; every rejection is handed to the sink with file,
 * line and column. */
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/count.h"
#include "needmap/ingest.h"
#include "needmap/text.h"
#include "needmap/values.h"

#include "ingest_parts.h"

enum { MAX_PREAMBLE_ROWS = 50 };

/* --- context --- */

nm_status nm_ingest_new(const nm_ingest_opts *opts, nm_ingest **out, nm_error *err)
{
    nm_ingest *g = nm_calloc(1, sizeof *g);
    g->sheet = opts->sheet ? nm_strdup(opts->sheet) : NULL;
    nm_status st = nm_refdata_load(&g->ref, err);
    if (st == NM_OK && opts->mapping_path)
        st = nm_mapping_load(opts->mapping_path, &g->mapping, err);
    if (st == NM_OK) {
        g->munis = nm_muni_index_new(g->ref);
        g->matcher = nm_comp_matcher_new(g->ref, opts->min_confidence);
        for (size_t i = 0; i < opts->nsynonyms && st == NM_OK; i++)
            st = nm_comp_matcher_add_synonyms(g->matcher, opts->synonyms[i], err);
    }
    if (st != NM_OK) {
        nm_ingest_free(g);
        return st;
    }
    *out = g;
    return NM_OK;
}

void nm_ingest_free(nm_ingest *g)
{
    if (!g)
        return;
    nm_comp_matcher_free(g->matcher);
    nm_muni_index_free(g->munis);
    nm_mapping_free(g->mapping);
    nm_refdata_free(g->ref);
    free(g->sheet);
    free(g);
}

nm_status nmi_choose_mapping(const nm_ingest *g, const char *path, nm_mapping **beside,
                             const nm_mapping **use, nm_error *err)
{
    *use = NULL;
    nm_status st = nm_mapping_beside(path, beside, err);
    if (st == NM_OK)
        *use = nm_mapping_for(*beside ? *beside : g->mapping, path);
    return st;
}

nm_comp_matcher *nm_ingest_matcher(nm_ingest *g) { return g->matcher; }
const nm_refdata *nm_ingest_refdata(const nm_ingest *g) { return g->ref; }

void nm_file_report_free(nm_file_report *r)
{
    if (!r)
        return;
    for (size_t i = 0; i < r->nreview; i++) {
        free(r->review[i].text);
        free(r->review[i].label);
    }
    free(r->review);
    free(r->path);
    free(r->mapping);
    free(r->warnings);
    free(r->explain);
    nm_columns_free(&r->columns);
    memset(r, 0, sizeof *r);
}

static int on_row(void *ctx, const nm_row *row)
{
    file_state *s = ctx;
    nm_file_report *rep = s->rep;
    nmi_name_sheet(s);
    if (!row->synthetic)
        rep->rows_read++;
    switch (row->kind) {
    case NM_ROW_BLANK: nmi_skip_row(s, NM_SKIP_BLANK); return 0;
    case NM_ROW_SEP_LINE: nmi_skip_row(s, NM_SKIP_SEP_LINE); return 0;
    case NM_ROW_MALFORMED:
        nmi_reject(s, row, row->bad_col, NM_REJ_MALFORMED, row->problem, "");
        rep->rows_rejected++;
        return 0;
    case NM_ROW_EMPTY_GROUP: nmi_skip_row(s, NM_SKIP_NO_NEED); return 0;
    case NM_ROW_FIELDS: break;
    }
    if (row->synthetic) /* a JSON export's keys: the header, or not a survey */
        return !nmi_try_header(s, row);
    if (nmi_all_blank(row)) {
        nmi_skip_row(s, NM_SKIP_BLANK);
        return 0;
    }
    if (s->have_header) {
        nmi_data_row(s, row);
        return 0;
    }
    const nm_mapping *m = s->map;
    int header_now = !(m && m->header_line) || row->line == m->header_line;
    if (header_now && nmi_try_header(s, row)) {
        nmi_skip_row(s, NM_SKIP_HEADER);
        return 0;
    }
    nmi_skip_row(s, NM_SKIP_PREAMBLE);
    if (rep->reasons[NM_SKIP_PREAMBLE] >= MAX_PREAMBLE_ROWS && !(m && m->header_line)) {
        s->stop_error = 1;
        return 1;
    }
    return 0;
}

/* --- one file --- */

static void read_opts(const nm_ingest *g, const nm_mapping *m, const nm_ingest_part *part,
                      nm_read_opts *o)
{
    memset(o, 0, sizeof *o);
    o->sheet = g->sheet;
    if (m) {
        o->delimiter = m->delimiter;
        o->force_encoding = m->has_encoding;
        o->encoding = m->encoding;
    }
    if (!part)
        return;
    o->start = part->start;
    o->end = part->end;
    o->first_line = part->first_line;
    o->more_after = part->more_after;
    if (part->start > 0) {
        o->delimiter = part->delimiter;
        o->force_encoding = 1;
        o->encoding = part->encoding;
    }
}

static void keep_review(void *ctx, const char *text, const nm_competence *c,
                        const char *key, uint64_t uses, uint64_t line, uint32_t col)
{
    nm_file_report *rep = ctx;
    (void)key;
    rep->review = nm_reallocarray(rep->review, rep->nreview + 1, sizeof *rep->review);
    nm_review_item *it = &rep->review[rep->nreview++];
    it->text = nm_strdup(text);
    it->comp = *c;
    it->label = c->label ? nm_strdup(c->label) : NULL;
    it->comp.label = it->label;
    it->uses = uses;
    it->line = line;
    it->col = col;
}

static void free_state(file_state *s)
{
    nm_comp_matcher_free(s->matcher);
    for (size_t i = 0; i < NM_MEMO_TAGS; i++)
        nm_strmap_free(s->memo[i]);
    nm_buf_free(&s->last_who);
    free(s->muni_respondent);
    nm_buf_free(&s->key);
    nm_buf_free(&s->where);
    free(s->counts);
    free(s->whos);
    nmi_header_free(s);
}

nm_status nm_ingest_file_part(nm_ingest *g, const char *path, const nm_ingest_part *part,
                              const nm_sink *sink, nm_file_report *rep)
{
    static const nm_sink none = {0};
    memset(rep, 0, sizeof *rep);
    rep->path = nm_strdup(path);
    file_state s = {.g = g, .sink = sink ? sink : &none, .rep = rep, .file = rep->path,
                    .matcher = nm_comp_matcher_fork(g->matcher),
                    .part = part};
    if (part && part->start > 0) { /* a later part: the header is known */
        s.have_header = 1;
        s.cols = part->columns;
    }
    nm_mapping *beside = NULL;
    rep->status = nmi_choose_mapping(g, path, &beside, &s.map, &rep->error);
    if (rep->status != NM_OK) { /* a bad mapping file beside it: not read */
        nm_error why = rep->error;
        char where[64] = "";
        if (why.line)
            snprintf(where, sizeof where, " (line %llu)", (unsigned long long)why.line);
        nm_error_set(&rep->error, rep->status, path, 0, 0, "its mapping file %s%s: %s; "
                     "nothing of this export is read until it is fixed", why.file, where,
                     why.msg);
        free_state(&s);
        return rep->status;
    }
    if (s.map)
        rep->mapping = nm_strdup(s.map->label);
    int is_stdin = strcmp(path, "-") == 0;
    FILE *in = is_stdin ? stdin : fopen(path, "rb");
    if (!in) {
        rep->status = nm_error_set(&rep->error, NM_ERR_INPUT, path, 0, 0, "cannot open: %s",
                                   strerror(errno));
        nm_mapping_free(beside);
        free_state(&s);
        return rep->status;
    }
    nm_read_opts opts;
    read_opts(g, s.map, part, &opts);
    rep->status = nm_read_stream(in, s.file, &opts, on_row, &s, &rep->info, &rep->error);
    if (!is_stdin)
        fclose(in);
    if (rep->status == NM_OK && !s.have_header && !rep->info.ended_mid_row)
        rep->status = nmi_no_header(&s);
    rep->demand_known = rep->demand_known_milli / NM_MILLI;
    nm_comp_review(s.matcher, keep_review, rep);
    free_state(&s);
    nm_mapping_free(beside);
    return rep->status;
}

nm_status nm_ingest_file(nm_ingest *g, const char *path, const nm_sink *sink,
                         nm_file_report *rep)
{
    return nm_ingest_file_part(g, path, NULL, sink, rep);
}
