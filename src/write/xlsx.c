/* xlsx.c - needmap.xlsx: every table of the run in one workbook
 * (libxlsxwriter), with a first sheet explaining the others.
 *
 * The table sheets are the CSV files read back as written, so a value in
 * the workbook is always the CSV's: codes stay text (0114 keeps its zero),
 * numbers become numbers, needmap's own words and the headers are in the
 * report's language, and a hidden figure (`..` in the CSV) is the text
 * `..`, never a number.  A column the dictionary below does not know (a later
 * version's) is copied with its CSV name.  Written in libxlsxwriter's
 * constant-memory mode: rows go to a temporary file as they come. */
#include <stdlib.h>
#include <string.h>
#include <xlsxwriter.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/cluster_write.h"
#include "needmap/reader.h"
#include "planner_parts.h"
#include "reason_text.h"

/* 1980-01-01T00:00:00Z, the date the zip entries carry: no clock time. */
#define FIXED_CREATED ((time_t)315532800)

enum { MAX_SHEET_ROWS = XLSX_SHEET_ROWS, MAX_COLS = 64, XLSX_MAX_OPEN = 300 };

typedef enum col_kind { COL_TEXT, COL_CODE, COL_NUM } col_kind;

/* A CSV column: its headings, kind, width, and which suppression column
 * can hide its value (`..`, written as grey text): 1 "suppressed", 2
 * "cluster_suppressed", 3 "jobs_suppressed", 0 none. */
typedef struct col_def {
    const char *name, *sv, *en;
    col_kind kind;
    unsigned char width;
    unsigned char hidden_by;
} col_def;

static const col_def columns[] = {
    {"internal_use_only", "Endast internt", "Internal use only", COL_TEXT, 12, 0},
    {"table", "Tabell", "Table", COL_TEXT, 10, 0},
    {"geo_level", "Områdesnivå", "Area level", COL_TEXT, 11, 0},
    {"geo_code", "Områdeskod", "Area code", COL_CODE, 10, 0},
    {"geo_name", "Område", "Area", COL_TEXT, 20, 0},
    {"ssyk_level", "SSYK-nivå", "SSYK level", COL_TEXT, 11, 0},
    {"competence_kind", "Kompetenstyp", "Competence kind", COL_TEXT, 13, 0},
    {"competence_code", "Kod", "Code", COL_CODE, 7, 0},
    {"competence_label", "Yrke eller kompetens", "Occupation or competence", COL_TEXT, 40, 0},
    {"need", "Behov", "Need", COL_TEXT, 18, 0},
    {"level", "Utbildningsnivå", "Education level", COL_TEXT, 13, 0},
    {"mode", "Studieform", "Delivery mode", COL_TEXT, 11, 0},
    {"horizon_years", "Tidshorisont (år)", "Horizon (years)", COL_TEXT, 12, 0},
    {"rank", "Rang", "Rank", COL_NUM, 7, 0},
    {"rank_low", "Rang, 95 %, lägst", "Rank, 95%, low", COL_NUM, 8, 1},
    {"rank_high", "Rang, 95 %, högst", "Rank, 95%, high", COL_NUM, 8, 1},
    {"demand", "Antal personer", "People", COL_NUM, 11, 1},
    {"demand_ci_low", "Antal, 95 %-intervall, lägst", "People, 95% interval, low", COL_NUM, 11, 1},
    {"demand_ci_high", "Antal, 95 %-intervall, högst", "People, 95% interval, high", COL_NUM, 11, 1},
    {"demand_low", "Antal, lägst", "People, low", COL_NUM, 11, 1},
    {"demand_high", "Antal, högst", "People, high", COL_NUM, 11, 1},
    {"needs_without_count", "Behov utan antal", "Needs without a number", COL_NUM, 11, 1},
    {"needs", "Behov (svar)", "Needs (answers)", COL_NUM, 10, 1},
    {"respondents", "Svarande", "Respondents", COL_NUM, 10, 1},
    {"weighted_demand", "Viktat antal", "Weighted people", COL_NUM, 11, 1},
    {"weighted_se", "Viktat antal, medelfel", "Weighted people, standard error", COL_NUM, 11, 1},
    {"weighted_ci_low", "Viktat, 95 %-intervall, lägst", "Weighted, 95% interval, low", COL_NUM, 11, 1},
    {"weighted_ci_high", "Viktat, 95 %-intervall, högst", "Weighted, 95% interval, high", COL_NUM, 11, 1},
    {"response_rate", "Svarsandel", "Response rate", COL_NUM, 9, 1},
    {"low_response", "Låg svarsandel", "Low response", COL_TEXT, 9, 0},
    {"suppressed", "Dold", "Suppressed", COL_TEXT, 10, 0},
    {"cohort_id", "Kohort", "Cohort", COL_NUM, 8, 0},
    {"hub_code", "Navets kod", "Hub code", COL_CODE, 9, 0},
    {"hub_name", "Nav", "Hub", COL_TEXT, 14, 0},
    {"members", "Orter", "Locations", COL_NUM, 7, 0},
    {"member_codes", "Orternas koder", "Location codes", COL_CODE, 24, 0},
    {"member_names", "Orter (namn)", "Location names", COL_TEXT, 40, 0},
    {"split_members", "Delade orter", "Split locations", COL_CODE, 14, 0},
    {"max_km", "Längst från nav (km)", "Farthest from hub (km)", COL_NUM, 11, 0},
    {"level_source", "Nivå angiven eller antagen", "Level given or inferred", COL_TEXT, 10, 0},
    {"mode_source", "Form angiven eller antagen", "Mode given or assumed", COL_TEXT, 10, 0},
    {"upskilling_students", "Studerande: kompetensutveckling", "Students: upskilling", COL_NUM, 13, 1},
    {"interest_students", "Studerande: intresse", "Students: interest", COL_NUM, 11, 1},
    {"jobs", "Jobb (rekrytering)", "Jobs (recruitment)", COL_NUM, 11, 3},
    {"jobs_respondents", "Svarande om jobb", "Respondents on jobs", COL_NUM, 10, 3},
    {"jobs_suppressed", "Jobb dolda", "Jobs suppressed", COL_TEXT, 10, 0},
    {"open_admission", "Öppen antagning behövs", "Open admission needed", COL_TEXT, 11, 0},
    {"expected_enrolment", "Väntat antal antagna", "Expected enrolment", COL_NUM, 11, 1},
    {"min_size", "Minsta storlek", "Minimum size", COL_NUM, 9, 0},
    {"max_size", "Platser per intag", "Places per intake", COL_NUM, 9, 0},
    {"intakes", "Intag", "Intakes", COL_NUM, 7, 1},
    {"p_viable", "P(start)", "P(viable)", COL_NUM, 9, 1},
    {"p_viable_low", "P(start), lägst", "P(viable), low", COL_NUM, 9, 1},
    {"p_viable_high", "P(start), högst", "P(viable), high", COL_NUM, 9, 1},
    {"solver_status", "Optimering", "Solver status", COL_TEXT, 10, 0},
    {"solver_gap", "Optimeringsgap", "Solver gap", COL_NUM, 10, 1},
    {"placements", "Praktikplatser (LIA/VFU) inom räckhåll som gruppens andra kohorter lämnar", "Placements (LIA/VFU) within reach left by the group's other cohorts", COL_NUM, 12, 0},
    {"placements_bind", "Praktikplatserna begränsar", "Placements bind", COL_TEXT, 11, 0},
    {"municipality_code", "Kommunkod", "Municipality code", COL_CODE, 10, 0},
    {"municipality_name", "Kommun", "Municipality", COL_TEXT, 16, 0},
    {"shortfall", "Saknas (studerande)", "Shortfall (students)", COL_NUM, 11, 1},
    {"nearby_codes", "Närmaste kommuners koder", "Nearby codes", COL_CODE, 24, 0},
    {"nearby_names", "Närmaste kommuner", "Nearby municipalities", COL_TEXT, 40, 0},
    {"cluster_id", "Kluster", "Cluster", COL_NUM, 8, 0},
    {"cluster_label", "Klustrets namn", "Cluster label", COL_TEXT, 32, 0},
    {"cluster_size", "Kompetenser i klustret", "Competences in cluster", COL_NUM, 10, 0},
    {"cluster_silhouette", "Klustrets silhuett", "Cluster silhouette", COL_NUM, 10, 0},
    {"cluster_stability", "Klustrets stabilitet", "Cluster stability", COL_NUM, 10, 0},
    {"cluster_strength", "Klustrets styrka", "Cluster strength", COL_TEXT, 12, 0},
    {"cluster_rank", "Klustrets rang", "Cluster rank", COL_NUM, 8, 0},
    {"cluster_demand", "Klustrets antal", "Cluster people", COL_NUM, 10, 2},
    {"cluster_demand_low", "Klustrets antal, lägst", "Cluster people, low", COL_NUM, 10, 2},
    {"cluster_demand_high", "Klustrets antal, högst", "Cluster people, high", COL_NUM, 10, 2},
    {"cluster_needs_without_count", "Klustrets behov utan antal", "Cluster needs without a number", COL_NUM, 11, 2},
    {"cluster_respondents", "Klustrets svarande", "Cluster respondents", COL_NUM, 10, 2},
    {"cluster_suppressed", "Klustret dolt", "Cluster suppressed", COL_TEXT, 10, 0},
    {"silhouette", "Silhuett", "Silhouette", COL_NUM, 9, 0},
    {"file", "Fil", "File", COL_TEXT, 40, 0},
    {"line", "Rad", "Line", COL_NUM, 8, 0},
    {"column", "Kolumn", "Column", COL_NUM, 8, 0},
    {"reason_code", "Orsakskod", "Reason code", COL_TEXT, 22, 0},
    {"reason", "Orsak", "Reason", COL_TEXT, 32, 0},
    {"scenario", "Scenario", "Scenario", COL_TEXT, 20, 0},
    {"upskilling_enrolment", "Antagningsandel, kompetensutveckling", "Enrolment rate, upskilling", COL_NUM, 10, 0},
    {"interest_enrolment", "Antagningsandel, intresse", "Enrolment rate, interest", COL_NUM, 10, 0},
    {"viable_probability", "Krävd P(start)", "P(viable) required", COL_NUM, 10, 0},
    {"max_locations", "Högst orter", "Most locations", COL_NUM, 8, 0},
    {"modes", "Studieformer", "Delivery modes", COL_TEXT, 16, 0},
    {"min_size_yh", "Minsta storlek, YH", "Minimum size, YH", COL_NUM, 9, 0},
    {"min_size_university", "Minsta storlek, högskola", "Minimum size, university", COL_NUM, 9, 0},
    {"min_size_course", "Minsta storlek, kurs", "Minimum size, course", COL_NUM, 9, 0},
    {"min_size_komvux", "Minsta storlek, komvux", "Minimum size, komvux", COL_NUM, 9, 0},
    {"reach_onsite_km", "Räckvidd på plats (km)", "Reach on site (km)", COL_NUM, 10, 0},
    {"reach_hybrid_km", "Räckvidd hybrid (km)", "Reach hybrid (km)", COL_NUM, 10, 0},
    {"groups", "Grupper", "Groups", COL_NUM, 8, 0},
    {"cohorts", "Kohorter", "Cohorts", COL_NUM, 8, 0},
    {"cohorts_hidden", "Kohorter med dolda siffror", "Cohorts with hidden figures", COL_NUM, 10, 0},
    {"p_viable_mean", "P(start), medel", "P(viable), mean", COL_NUM, 9, 0},
    {"p_viable_min", "P(start), lägst", "P(viable), lowest", COL_NUM, 9, 0},
    {"residual", "Återstående rader", "Residual rows", COL_NUM, 9, 0},
    {"residual_hidden", "Återstående, dolda", "Residual, hidden", COL_NUM, 9, 0},
    {"residual_upskilling", "Återstående: kompetensutveckling", "Residual: upskilling", COL_NUM, 11, 0},
    {"residual_interest", "Återstående: intresse", "Residual: interest", COL_NUM, 11, 0},
};

static const col_def *column_def(const char *name)
{
    for (size_t i = 0; i < sizeof columns / sizeof columns[0]; i++)
        if (strcmp(columns[i].name, name) == 0)
            return &columns[i];
    return NULL;
}

/* A table sheet: the CSV file it shows and what it is. */
typedef struct sheet_def {
    const char *csv;
    const char *sv, *en;              /* sheet names (at most 31 characters) */
    const char *about_sv, *about_en;
    int published_only;               /* rows with an empty "suppressed" only: the
                                         hidden ones carry no figure and are counted
                                         on the first sheet */
    const char *table;                /* demand.csv: the rows of this "table" only */
} sheet_def;

enum { NSHEETS = 8 };

/* What each table sheet holds, for the first sheet. */
typedef struct sheet_rows {
    uint64_t rows, left_out;          /* written; hidden rows left out */
    uint64_t over;                    /* rows with figures beyond MAX_SHEET_ROWS */
} sheet_rows;

static const sheet_def table_sheets[NSHEETS] = {
    {"ranking.csv", "Rangordning", "Ranking",
     "Kompetenser rangordnade efter antal, per behovstyp, för alla kommuner, varje län och "
     "varje kommun.",
     "Competences ranked by demand per need type, for all municipalities, each county and "
     "each municipality.", 1, NULL},
    {"cohorts.csv", "Kohorter", "Cohorts",
     "Genomförbara kohorter: kommuner som tillsammans kan fylla en utbildning, med navet, "
     "orterna, de studerande (kompetensutveckling och intresse var för sig), P(start) och "
     "jobben i orterna bredvid.",
     "Viable cohorts: municipalities that together can fill an education, with the hub, the "
     "locations, the students (upskilling and interest apart), P(viable) and the jobs in the "
     "locations beside them.", 0, NULL},
    {"residual.csv", "Återstående behov", "Residual demand",
     "Behov utanför kohorterna: hur många fler studerande som behövs och de närmaste "
     "kommunerna.",
     "Demand outside the cohorts: how many more students are needed and the nearest "
     "municipalities.", 1, NULL},
    {"scenarios.csv", "Scenarier", "Scenarios",
     "Scenarierna i --scenario sida vid sida med körningens egna regler (base): kohorter, "
     "möjliga studerande i alla kohorter och P(start) i kohorter med siffror.",
     "The scenarios of --scenario side by side with the run's own rules (base): cohorts, "
     "potential students in every cohort and P(viable) in cohorts with figures.", 0, NULL},
    {"clusters.csv", "Kluster", "Clusters",
     "Kompetenser vars efterfrågan hänger ihop, med klustrens summor per behovstyp och "
     "silhuetter.",
     "Competences whose demand goes together, with the clusters' totals per need type and "
     "silhouettes.", 0, NULL},
    {"demand.csv", "Efterfrågan", "Demand",
     "Summorna i demand.csv: per kommun, län och alla, för varje kompetens (på varje SSYK-nivå) "
     "och behovstyp, över nivå, form och horisont.",
     "The totals of demand.csv: per municipality, county and all, for every competence (at "
     "every SSYK level) and need type, over level, mode and horizon.", 1, "rollup"},
    {"demand.csv", "Efterfrågan i detalj", "Demand in detail",
     "Detaljcellerna i demand.csv: per kommun, kompetens, behovstyp, utbildningsnivå, "
     "studieform och tidshorisont.",
     "The detail cells of demand.csv: per municipality, competence, need type, education "
     "level, delivery mode and horizon.", 1, "detail"},
    {"rejects.csv", "Avvisade rader", "Rejected rows",
     "Varje avvisad rad: fil, rad, kolumn och orsak (inga värden ur raden).",
     "Every rejected row: file, line, column and reason (no values from the row).", 0, NULL},
};

typedef struct book {
    lxw_workbook *wb;
    nm_lang lang;
    int excel;                        /* the CSV files are --excel's */
    lxw_format *head, *hidden, *title, *bold, *wrap, *warn;
} book;

static void formats(book *b)
{
    b->head = workbook_add_format(b->wb);
    format_set_bold(b->head);
    format_set_bg_color(b->head, 0xDDE6EE);
    format_set_bottom(b->head, LXW_BORDER_THIN);
    format_set_text_wrap(b->head);
    format_set_align(b->head, LXW_ALIGN_VERTICAL_TOP);
    b->hidden = workbook_add_format(b->wb);
    format_set_font_color(b->hidden, 0x6B7280);
    format_set_align(b->hidden, LXW_ALIGN_RIGHT);
    b->title = workbook_add_format(b->wb);
    format_set_bold(b->title);
    format_set_font_size(b->title, 14);
    b->bold = workbook_add_format(b->wb);
    format_set_bold(b->bold);
    format_set_align(b->bold, LXW_ALIGN_VERTICAL_TOP);
    b->wrap = workbook_add_format(b->wb);
    format_set_text_wrap(b->wrap);
    format_set_align(b->wrap, LXW_ALIGN_VERTICAL_TOP);
    b->warn = workbook_add_format(b->wb);
    format_set_bold(b->warn);
    format_set_font_color(b->warn, 0xB91C1C);
}

/* --- a table sheet from a CSV file --- */

typedef struct table_state {
    book *b;
    const sheet_def *def;
    lxw_worksheet *ws;
    lxw_row_t row;                    /* next row of ws */
    size_t ncols;
    char *names[MAX_COLS];            /* CSV column names; owned */
    const col_def *defs[MAX_COLS];    /* NULL: not in the dictionary */
    int suppressed, cluster_suppressed, jobs_suppressed; /* column index, or -1 */
    int table;                        /* column index of "table", or -1 */
    uint64_t rows;                    /* data rows written */
    uint64_t read;                    /* data rows read from the CSV file */
    const nm_reasons *why;            /* residual.csv: its reasons in the sheet's
                                         language (row k of the file is residual k) */
} table_state;

static void begin_sheet(table_state *t)
{
    t->ws = workbook_add_worksheet(t->b->wb, NM_L(t->b->lang, t->def->sv, t->def->en));
    for (size_t c = 0; c < t->ncols; c++) {
        const col_def *d = t->defs[c];
        worksheet_set_column(t->ws, (lxw_col_t)c, (lxw_col_t)c, d ? d->width : 14, NULL);
        const char *h = d ? NM_L(t->b->lang, d->sv, d->en) : t->names[c];
        worksheet_write_string(t->ws, 0, (lxw_col_t)c, h, t->b->head);
    }
    worksheet_set_row(t->ws, 0, 30, NULL);
    worksheet_freeze_panes(t->ws, 1, 0);
    t->row = 1;
}

static void end_sheet(table_state *t)
{
    if (t->ws && t->ncols)
        worksheet_autofilter(t->ws, 0, 0, t->row > 1 ? t->row - 1 : 1,
                             (lxw_col_t)(t->ncols - 1));
}

static void take_header(table_state *t, const nm_row *row)
{
    t->ncols = row->nfields < MAX_COLS ? row->nfields : MAX_COLS;
    t->suppressed = t->cluster_suppressed = t->jobs_suppressed = t->table = -1;
    for (size_t c = 0; c < t->ncols; c++) {
        t->names[c] = nm_strdup(row->fields[c]);
        t->defs[c] = column_def(row->fields[c]);
        if (strcmp(row->fields[c], "suppressed") == 0)
            t->suppressed = (int)c;
        if (strcmp(row->fields[c], "cluster_suppressed") == 0)
            t->cluster_suppressed = (int)c;
        if (strcmp(row->fields[c], "jobs_suppressed") == 0)
            t->jobs_suppressed = (int)c;
        if (strcmp(row->fields[c], "table") == 0)
            t->table = (int)c;
    }
    begin_sheet(t);
}

/* A number as the CSV wrote it ("2.5", or "2,5" in --excel files). */
static int parse_number(const char *s, int decimal_comma, double *out)
{
    char buf[64];
    size_t n = strlen(s);
    if (!n || n >= sizeof buf)
        return 0;
    memcpy(buf, s, n + 1);
    if (decimal_comma) {
        char *comma = strchr(buf, ',');
        if (comma)
            *comma = '.';
    }
    char *end;
    *out = strtod(buf, &end);
    return *end == '\0' && (buf[0] == '-' || (buf[0] >= '0' && buf[0] <= '9'));
}

/* A code as the CSV wrote it: --excel files wrap codes as ="0114". */
static const char *unwrap_code(const char *s, char *buf, size_t size)
{
    size_t n = strlen(s);
    if (n >= 3 && s[0] == '=' && s[1] == '"' && s[n - 1] == '"' && n - 3 < size) {
        memcpy(buf, s + 2, n - 3);
        buf[n - 3] = '\0';
        return buf;
    }
    return s;
}

static int is_hidden_row(const table_state *t, const nm_row *row, int by)
{
    int c = by == 1   ? t->suppressed
            : by == 2 ? t->cluster_suppressed
            : by == 3 ? t->jobs_suppressed
                      : -1;
    return c >= 0 && (size_t)c < row->nfields && row->fields[c][0];
}

static void write_cell(table_state *t, const nm_row *row, size_t c)
{
    const char *v = c < row->nfields ? row->fields[c] : "";
    const col_def *d = t->defs[c];
    lxw_col_t col = (lxw_col_t)c;
    char code[64];
    double x;
    if (!v[0])
        return;
    if (d && d->hidden_by && strcmp(v, "..") == 0 && is_hidden_row(t, row, d->hidden_by)) {
        worksheet_write_string(t->ws, t->row, col, "..", t->b->hidden); /* text, not a number */
        return;
    }
    if (t->why && strcmp(t->names[c], "reason") == 0 && t->read > 0) {
        nm_buf why = {0};
        nm_residual_why(t->why, (size_t)(t->read - 1), t->b->lang, &why);
        worksheet_write_string(t->ws, t->row, col, nm_buf_str(&why), NULL);
        nm_buf_free(&why);
    } else if (d && d->kind == COL_CODE) {
        worksheet_write_string(t->ws, t->row, col, unwrap_code(v, code, sizeof code), NULL);
    } else if (d && d->kind == COL_NUM && parse_number(v, t->b->excel, &x)) {
        worksheet_write_number(t->ws, t->row, col, x, NULL);
    } else if (!d && v[0] != '0' && parse_number(v, t->b->excel, &x)) {
        worksheet_write_number(t->ws, t->row, col, x, NULL); /* a later version's column */
    } else {
        /* --excel wraps what Excel would turn into a date or number (1-3) */
        const char *text = t->b->excel ? unwrap_code(v, code, sizeof code) : v;
        worksheet_write_string(t->ws, t->row, col,
                               nm_word_csv_value(t->b->lang, t->names[c], text), NULL);
    }
}

/* One row for one sheet; returns 1 once the sheet is full. */
static int sheet_row(table_state *t, const nm_row *row)
{
    if (t->rows >= MAX_SHEET_ROWS)
        return 1;
    t->read++;
    if (t->def->table && (t->table < 0 || (size_t)t->table >= row->nfields ||
                          strcmp(row->fields[t->table], t->def->table) != 0))
        return 0;
    if (t->def->published_only && is_hidden_row(t, row, 1))
        return 0;
    for (size_t c = 0; c < t->ncols; c++)
        write_cell(t, row, c);
    t->row++;
    t->rows++;
    return t->rows >= MAX_SHEET_ROWS;
}

/* The sheets that show one CSV file, filled in one pass over it. */
typedef struct csv_pass {
    table_state *t;
    size_t n;
    int header_seen;
} csv_pass;

static int pass_row(void *ctx, const nm_row *row)
{
    csv_pass *p = ctx;
    if (row->kind != NM_ROW_FIELDS)
        return 0;
    if (!p->header_seen) {
        p->header_seen = 1;
        for (size_t i = 0; i < p->n; i++)
            take_header(&p->t[i], row);
        return 0;
    }
    size_t full = 0;
    for (size_t i = 0; i < p->n; i++)
        full += (size_t)sheet_row(&p->t[i], row);
    return full == p->n; /* every sheet is full: the rest is counted from the data */
}

/* How many rows of a sheet's CSV file have figures (all rows for the
 * sheets that show every row) and how many are hidden: counted from the
 * data the CSV file was written from, so reading stops at a full sheet. */
static void csv_rows(const nm_report_in *in, const sheet_def *def, uint64_t *shown,
                     uint64_t *hidden)
{
    const nm_pool *p = in->facts->pool;
    *shown = *hidden = 0;
    if (strcmp(def->csv, "ranking.csv") == 0) {
        for (size_t l = 0; l < in->r->n; l++)
            for (size_t k = 0; k < in->r->lists[l].n; k++)
                *(in->r->lists[l].entries[k].rank ? shown : hidden) += 1;
    } else if (strcmp(def->csv, "cohorts.csv") == 0) {
        *shown = p ? p->ncohorts : 0;
    } else if (strcmp(def->csv, "residual.csv") == 0) {
        for (size_t i = 0; p && i < p->nresidual; i++)
            *(p->residual[i].hidden ? hidden : shown) += 1;
    } else if (strcmp(def->csv, "scenarios.csv") == 0) {
        *shown = in->facts->scenarios ? in->facts->scenarios->n + 1 : 0;
    } else if (strcmp(def->csv, "clusters.csv") == 0) {
        const nm_clusters *c = in->facts->clusters;
        for (int need = 0; c && need < NM_NEED_N; need++) {
            if (!nm_clusters_need_present(c, need))
                continue;
            for (size_t i = 0; i < c->n; i++)
                *shown += c->list[i].n;
            *shown += c->nungrouped;
        }
    } else if (strcmp(def->csv, "demand.csv") == 0) {
        int rollup = strcmp(def->table, "rollup") == 0;
        for (size_t i = 0; i < nm_demand_count(in->d); i++) {
            const nm_cell *c = nm_demand_cell_const(in->d, i);
            if ((int)c->rollup == rollup && nm_listed(in->facts->suppression, in->d, i))
                *(nm_suppressed(in->facts->suppression, i) == NM_PUBLISHED ? shown : hidden) += 1;
        }
    } else {
        *shown = in->facts->rejections;
    }
}

static nm_status csv_sheets(book *b, const sheet_def *defs, size_t n, const char *csv_dir,
                            const nm_report_in *in, sheet_rows *rows, nm_error *err)
{
    nm_buf path = {0};
    nm_buf_printf(&path, "%s/%s", csv_dir, defs[0].csv);
    table_state t[2] = {{.b = b, .def = &defs[0]}, {.b = b, .def = n > 1 ? &defs[1] : NULL}};
    nm_reasons *why = NULL;
    if (strcmp(defs[0].csv, "residual.csv") == 0 && in->facts->pool && n == 1)
        t[0].why = why = nm_reasons_new(in->facts->pool, in->facts->rules, in->ref);
    csv_pass pass = {t, n, 0};
    FILE *f = fopen(path.data, "rb");
    nm_status st = NM_OK;
    if (!f) {
        st = nm_error_set(err, NM_ERR_OUTPUT, "needmap.xlsx", 0, 0,
                          "cannot read %s back for the workbook", defs[0].csv);
    } else {
        nm_read_opts ro = {.delimiter = b->excel ? ';' : ','};
        nm_read_info info;
        nm_error rerr;
        if (nm_read_stream(f, path.data, &ro, pass_row, &pass, &info, &rerr) != NM_OK)
            st = nm_error_set(err, NM_ERR_OUTPUT, "needmap.xlsx", 0, 0,
                              "cannot read %s back for the workbook: %s", defs[0].csv, rerr.msg);
        fclose(f);
    }
    if (st == NM_OK && !pass.header_seen)
        st = nm_error_set(err, NM_ERR_OUTPUT, "needmap.xlsx", 0, 0, "%s has no header row",
                          defs[0].csv);
    for (size_t i = 0; i < n; i++) {
        uint64_t shown, hidden;
        csv_rows(in, &defs[i], &shown, &hidden);
        rows[i] = (sheet_rows){t[i].rows, defs[i].published_only ? hidden : 0,
                               shown > t[i].rows ? shown - t[i].rows : 0};
        end_sheet(&t[i]);
        for (size_t c = 0; c < t[i].ncols; c++)
            free(t[i].names[c]);
    }
    nm_reasons_free(why);
    nm_buf_free(&path);
    return st;
}

/* Is the sheet's CSV file written?  scenarios.csv only with --scenario. */
static int sheet_present(const nm_report_in *in, const sheet_def *def)
{
    return strcmp(def->csv, "scenarios.csv") != 0 || in->facts->scenarios;
}

/* --- the first sheets --- */

static void text_row(book *b, lxw_worksheet *ws, lxw_row_t *row, const char *a, const char *c,
                     lxw_format *fa)
{
    worksheet_write_string(ws, *row, 0, a, fa);
    if (c)
        worksheet_write_string(ws, *row, 1, c, b->wrap);
    (*row)++;
}

/* Groups with jobs but no cohort, one plain sentence each (as the report;
 * every one is in summary.json). */
static void open_admission_rows(book *b, lxw_worksheet *ws, lxw_row_t *row,
                                const nm_report_in *in)
{
    const nm_pool *p = in->facts->pool;
    if (!p || !p->nopen)
        return;
    nm_lang L = b->lang;
    (*row)++;
    text_row(b, ws, row, NM_L(L, "Öppen antagning", "Open admission"),
             NM_L(L, "Jobb att tillsätta men för få studerande i enkäten för en kohort: en "
                     "utbildning för dem får söka sina studerande bland alla behöriga.",
                  "Jobs to fill but too few students in the survey for a cohort: an "
                  "education for them must find its students among everyone qualified."),
             b->head);
    nm_buf label = {0}, reason = {0};
    size_t shown = p->nopen < XLSX_MAX_OPEN ? p->nopen : XLSX_MAX_OPEN;
    for (size_t i = 0; i < shown; i++) {
        const nm_open_group *o = &p->open[i];
        nm_buf_reset(&label);
        nm_buf_reset(&reason);
        nm_buf_printf(&label, "%s (%s%s, %s%s)",
                      o->key.cluster >= 0 ? (o->key.comp.label ? o->key.comp.label : "")
                                          : nm_comp_key_label(in->ref, &o->key.comp, 4),
                      nm_word_level(L, o->key.level),
                      o->level_inferred ? NM_L(L, ", nivå antagen", ", level assumed") : "",
                      nm_word_mode(L, o->key.mode),
                      o->mode_assumed ? NM_L(L, ", form antagen", ", mode assumed") : "");
        nm_open_reason(&reason, o, L == NM_LANG_SV);
        text_row(b, ws, row, nm_buf_str(&label), nm_buf_str(&reason), b->bold);
    }
    if (p->nopen > shown) {
        char n[48];
        nm_buf_reset(&reason);
        nm_buf_printf(&reason, NM_L(L, "%s till står i summary.json.",
                                    "%s more are in summary.json."),
                      nm_word_number(L, (double)(p->nopen - shown), n, sizeof n));
        text_row(b, ws, row, "", nm_buf_str(&reason), NULL);
    }
    nm_buf_free(&label);
    nm_buf_free(&reason);
}

/* The first sheet: made first, written last (it counts the others' rows). */
static void about_sheet(book *b, lxw_worksheet *ws, const nm_report_in *in,
                        const nm_run_counts *counts, const sheet_rows *rows)
{
    nm_lang L = b->lang;
    worksheet_set_column(ws, 0, 0, 24, NULL);
    worksheet_set_column(ws, 1, 1, 100, NULL);
    lxw_row_t row = 0;
    text_row(b, ws, &row, NM_L(L, "needmap: kompetensbehov och utbildningskohorter",
                               "needmap: competence needs and education cohorts"), NULL, b->title);
    if (in->o->internal)
        text_row(b, ws, &row, NM_L(L, "INTERNT: inga siffror är dolda. Publicera inte och dela inte.",
                                   "INTERNAL: no figure is hidden. Do not publish or share."),
                 NULL, b->warn);
    nm_buf s = {0};
    nm_word_counts(L, counts, &s);
    worksheet_write_string(ws, row++, 0, nm_buf_str(&s), NULL);
    row++;
    text_row(b, ws, &row, NM_L(L, "Blad", "Sheet"), NM_L(L, "Innehåll", "Contents"), b->head);
    text_row(b, ws, &row, NM_L(L, "Inläsning", "Inputs"),
             NM_L(L, "Varje indatafil: format och hur varje rad redovisades.",
                  "Every input: its format and how every row was accounted for."), b->bold);
    char n1[48], n2[48];
    for (size_t i = 0; i < NSHEETS; i++) {
        const sheet_def *d = &table_sheets[i];
        if (!sheet_present(in, d))
            continue;
        nm_buf_reset(&s);
        nm_buf_printf(&s, "%s %s %s", NM_L(L, d->about_sv, d->about_en),
                      nm_word_number(L, (double)rows[i].rows, n1, sizeof n1),
                      NM_L(L, "rader", "rows"));
        if (rows[i].over)
            nm_buf_printf(&s, NM_L(L, ", de första; %s till står bara i %s",
                                   ", the first; %s more are only in %s"),
                          nm_word_number(L, (double)rows[i].over, n2, sizeof n2), d->csv);
        if (rows[i].left_out)
            nm_buf_printf(&s, NM_L(L, "; %s rader med dolda siffror står bara i %s.",
                                   "; %s rows with hidden figures are only in %s."),
                          nm_word_number(L, (double)rows[i].left_out, n2, sizeof n2), d->csv);
        else if (!rows[i].over)
            nm_buf_printf(&s, NM_L(L, ", som %s.", ", as %s."), d->csv);
        else
            nm_buf_putc(&s, '.');
        text_row(b, ws, &row, NM_L(L, d->sv, d->en), nm_buf_str(&s), b->bold);
    }
    open_admission_rows(b, ws, &row, in);
    row++;
    nm_buf_reset(&s);
    if (in->o->internal)
        nm_buf_puts(&s, NM_L(L, "Körd med --internal: inget är dolt.",
                             "Run with --internal: nothing is hidden."));
    else
        nm_buf_printf(&s, NM_L(L, "Siffran är dold: den bygger på färre än %u olika svarande, "
                                  "eller skulle låta en dold siffra räknas fram ur en summa. "
                                  "Då döljs alla dess siffror, antalet svarande också. Samma "
                                  "regel som i CSV-filerna och rapporten.",
                               "The figure is hidden: it rests on fewer than %u distinct "
                               "respondents, or would let a hidden figure be worked out from "
                               "a total. All its figures are hidden then, the number of "
                               "respondents too. The same rule as in the CSV files and the "
                               "report."),
                      (unsigned)nm_suppression_k(in->facts->suppression));
    text_row(b, ws, &row, "..", nm_buf_str(&s), b->bold);
    text_row(b, ws, &row, NM_L(L, "Koder", "Codes"),
             NM_L(L, "Kommun-, läns- och SSYK-koder är text: 0114 behåller sin inledande nolla.",
                  "Municipality, county and SSYK codes are text: 0114 keeps its leading zero."),
             b->bold);
    text_row(b, ws, &row, NM_L(L, "Tal", "Numbers"),
             NM_L(L, "Antal är tal med högst tre decimaler, som i CSV-filerna. Ett intervall "
                     "som 2–4 räknas med mitten; lägst och högst visar spannet.",
                  "Counts are numbers with at most three decimals, as in the CSV files. A "
                  "range such as 2–4 counts its midpoint; low and high give the range."),
             b->bold);
    text_row(b, ws, &row, NM_L(L, "Mer", "More"),
             NM_L(L, "report.html berättar samma sak med karta; docs/outputs.md beskriver varje "
                     "kolumn.",
                  "report.html tells the same with a map; docs/outputs.md describes every "
                  "column."),
             b->bold);
    nm_buf_free(&s);
}

static void inputs_sheet(book *b, const nm_report_in *in)
{
    nm_lang L = b->lang;
    static const char *const sv[] = {"Fil", "Format", "Teckenkodning", "Avgränsare",
                                     "Rubrikrad", "Rader lästa", "Godtagna", "Avvisade",
                                     "Överhoppade", "Behov godtagna", "Behov avvisade", "Status"};
    static const char *const en[] = {"File", "Format", "Encoding", "Delimiter", "Header line",
                                     "Rows read", "Accepted", "Rejected", "Skipped",
                                     "Needs accepted", "Needs rejected", "Status"};
    static const unsigned char width[] = {40, 8, 16, 11, 9, 10, 10, 10, 11, 11, 11, 40};
    lxw_worksheet *ws = workbook_add_worksheet(b->wb, NM_L(L, "Inläsning", "Inputs"));
    for (lxw_col_t c = 0; c < 12; c++) {
        worksheet_set_column(ws, c, c, width[c], NULL);
        worksheet_write_string(ws, 0, c, NM_L(L, sv[c], en[c]), b->head);
    }
    worksheet_set_row(ws, 0, 30, NULL);
    worksheet_freeze_panes(ws, 1, 0);
    const nm_run_facts *f = in->facts;
    for (size_t i = 0; i < f->nfiles; i++) {
        const nm_file_report *r = &f->files[i];
        lxw_row_t row = (lxw_row_t)(i + 1);
        int csv = r->info.format == NM_FORMAT_CSV;
        char name[NM_INPUT_LABEL_SIZE];
        worksheet_write_string(ws, row, 0, nm_input_label(in->o, i, r->path, name, sizeof name),
                               NULL);
        worksheet_write_string(ws, row, 1, csv ? "CSV" : "JSON", NULL);
        worksheet_write_string(ws, row, 2, nm_encoding_name(r->info.dec.enc), NULL);
        if (csv)
            worksheet_write_string(ws, row, 3, nm_word_delimiter(L, r->info.delimiter), NULL);
        worksheet_write_number(ws, row, 4, (double)r->header_line, NULL);
        double v[6] = {(double)r->rows_read, (double)r->rows_accepted, (double)r->rows_rejected,
                       (double)r->rows_skipped, (double)r->needs_accepted,
                       (double)r->needs_rejected};
        for (int k = 0; k < 6; k++)
            worksheet_write_number(ws, row, (lxw_col_t)(5 + k), v[k], NULL);
        worksheet_write_string(ws, row, 11, r->status == NM_OK ? NM_L(L, "läst", "read")
                                                              : r->error.msg, NULL);
    }
    worksheet_autofilter(ws, 0, 0, (lxw_row_t)(f->nfiles ? f->nfiles : 1), 11);
}

nm_status nm_write_workbook(const char *path, const char *csv_dir, const nm_report_in *in,
                            nm_error *err)
{
    lxw_workbook_options wo = {.constant_memory = LXW_TRUE, .tmpdir = (char *)csv_dir};
    book b = {.wb = workbook_new_opt(path, &wo), .lang = in->lang, .excel = in->o->excel};
    if (!b.wb)
        return nm_error_set(err, NM_ERR_OUTPUT, "needmap.xlsx", 0, 0, "cannot create the workbook");
    lxw_doc_properties props = {
        .title = (char *)NM_L(b.lang, "Kompetensbehov och utbildningskohorter",
                              "Competence needs and education cohorts"),
        .author = (char *)"needmap",
        .comments = (char *)"needmap " NEEDMAP_VERSION,
        .created = FIXED_CREATED};
    workbook_set_properties(b.wb, &props);
    formats(&b);
    nm_run_counts counts;
    nm_run_counts_get(in->facts, &counts);
    lxw_worksheet *about = workbook_add_worksheet(b.wb, NM_L(b.lang, "Läs först", "Read me"));
    inputs_sheet(&b, in);
    nm_status st = NM_OK;
    sheet_rows rows[NSHEETS] = {{0, 0, 0}};
    for (size_t i = 0; i < NSHEETS && st == NM_OK;) {
        size_t n = i + 1 < NSHEETS && strcmp(table_sheets[i].csv, table_sheets[i + 1].csv) == 0
                       ? 2 : 1;
        if (sheet_present(in, &table_sheets[i]))
            st = csv_sheets(&b, &table_sheets[i], n, csv_dir, in, &rows[i], err);
        i += n;
    }
    about_sheet(&b, about, in, &counts, rows);
    lxw_error e = workbook_close(b.wb);
    if (st == NM_OK && e != LXW_NO_ERROR)
        st = nm_error_set(err, NM_ERR_OUTPUT, "needmap.xlsx", 0, 0, "cannot write: %s",
                          lxw_strerror(e));
    return st;
}
