/* planner_parts.h - internal to report.html and needmap.xlsx (src/write):
 * the words of both languages, the report's HTML helpers and its
 * sections.
 *
 * Every section of the report is one file, report_<name>.c, with one
 * entry point here.  Each reads its data through one small function
 * (<name>_data or similar, static in its file) from the nm_report_in,
 * then renders it: a later figure (an interval, a column) is added in
 * that function and its renderer, nowhere else.
 *
 * Ownership: an rpt borrows its FILE and nm_report_in; the helpers
 * return constants or write into caller buffers.  Nothing is kept.
 */
#ifndef NEEDMAP_PLANNER_PARTS_H
#define NEEDMAP_PLANNER_PARTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "needmap/ingest.h"
#include "needmap/report.h"

/* --- words (words.c) --- */

/* sv or en, by lang */
#define NM_L(lang, sv, en) ((lang) == NM_LANG_EN ? (en) : (sv))

const char *nm_word_need(nm_lang lang, nm_need n);      /* "rekrytering" */
const char *nm_word_level(nm_lang lang, nm_level l);    /* "YH", "högskola" */
const char *nm_word_mode(nm_lang lang, nm_mode m);      /* "distans" */
const char *nm_word_reason(nm_lang lang, nm_reason r);  /* "okänd kommun" */
const char *nm_word_note(nm_lang lang, nm_note n);      /* "antal givet som intervall" */
const char *nm_word_delimiter(nm_lang lang, char d);    /* "semikolon" */
/* A value of a CSV column as the workbook shows it: needmap's own words
 * (need, level, mode, geo_level, suppressed, ...) and reason texts in
 * lang; anything else unchanged. */
const char *nm_word_csv_value(nm_lang lang, const char *column, const char *value);

/* The run's counts in one sentence, as the console line states them. */
void nm_word_counts(nm_lang lang, const nm_run_counts *c, struct nm_buf *b);

/* Number text in lang: "1 185" / "1,185", "43,5" / "43.5" (at most three
 * decimals, as the CSV files; sv groups thousands with a no-break space).
 * Returns buf (at least 48 bytes). */
const char *nm_word_number(nm_lang lang, double v, char *buf, size_t size);

/* --- the report's HTML (report_html.c) --- */

typedef struct rpt {
    FILE *f;
    nm_lang lang;
    const nm_report_in *in;
    nm_run_counts counts;
} rpt;

#define RL(r, sv, en) NM_L((r)->lang, sv, en)

void h_raw(rpt *r, const char *markup);                  /* as is */
void h_text(rpt *r, const char *text);                   /* escaped for HTML */
void h_fmt(rpt *r, const char *fmt, ...)                 /* markup; escape
                                                            arguments first */
    __attribute__((format(printf, 2, 3)));
void h_num(rpt *r, double v);                            /* nm_word_number */
void h_u64(rpt *r, uint64_t v);
/* A hidden figure: `..` with its explanation on hover. */
void h_hidden(rpt *r);
/* A cell's figures as table cells: demand, range given by respondents
 * (low-high, or nothing when no range), needs without a number,
 * respondents; `..` for hidden values (flag: the cell's suppression),
 * respondents included, as the CSV files write them. */
void h_cell_figures(rpt *r, const nm_cell *c, nm_suppress flag, int unknown_hidden);
/* The header cells that go with h_cell_figures. */
void h_cell_figures_head(rpt *r);
/* Respondents behind a cell, as published: `..` when the cell is hidden. */
void h_respondents(rpt *r, uint64_t n, int hidden);

/* Need types in the order planners read them: recruitment first. */
extern const nm_need rpt_need_order[NM_NEED_N];

/* Labels for people: a competence (English SSYK labels in English), a
 * municipality's short name, a pool key ("Digitalisering"). */
const char *rpt_comp_label(const rpt *r, const nm_comp_key *k, int comp_level);
const char *rpt_muni_name(const rpt *r, size_t muni);
const char *rpt_key_label(const rpt *r, const nm_pool_key *k);

/* <section id=...><h2>n. title</h2> and its end. */
void rpt_section_begin(rpt *r, const char *id, int number, const char *title);
void rpt_section_end(rpt *r);

/* --- the sections, in the report's order --- */
void rpt_section_read(rpt *r);      /* 1. what was read */
void rpt_section_needs(rpt *r);     /* 2. the needs */
void rpt_section_map(rpt *r);       /* 3. the map */
void rpt_section_cohorts(rpt *r);   /* 4. cohorts and what is missing */
void rpt_scenarios_table(rpt *r);   /*    ... and the scenarios (--scenario) */
void rpt_section_clusters(rpt *r);  /* 5. competence clusters */
void rpt_section_method(rpt *r);    /* 6. method and privacy */

/* The map's script (report_map.c), placed at the end of the page. */
extern const char nm_report_script[];

/* Caps that keep a national report small (under 5 MB); what is left out
 * is counted on the page and is in the CSV files and the workbook. */
enum {
    RPT_TOP_ALL = 10,        /* competences per need type, all municipalities */
    RPT_TOP_AREA = 5,        /* per county and per municipality */
    RPT_MAX_COHORTS = 500,   /* cohorts listed */
    RPT_MAX_RESIDUAL = 300,  /* published residual rows listed */
    RPT_MAX_MAP_COHORTS = 60, /* cohorts drawn on the map */
    RPT_MAP_SHOWN = 12,      /* of those, shown until another choice is made */
    RPT_MAX_LAYERS = 40,     /* shadings offered on the map */
    /* rows per table sheet of needmap.xlsx: a sheet for people to filter
     * and read, not a national run's table (1.15M cells; libxlsxwriter
     * writes about a million cells a second); the first sheet counts the
     * rest, which is in the CSV file */
    XLSX_SHEET_ROWS = 10000
};

#endif
