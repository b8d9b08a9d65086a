/* report_read.c - the report's section 1: what was read.  The inputs and
 * their row accounting, the rows rejected and why (counts only), and the
 * respondents per municipality and need type. */
#include <stdlib.h>

#include "needmap/alloc.h"
#include "planner_parts.h"

/* A municipality in the table: its all-competence cell per need type. */
typedef struct muni_row {
    size_t muni;                 /* index into ref->munis */
    size_t cell[NM_NEED_N];      /* SIZE_MAX: no answer of that need type */
} muni_row;

typedef struct read_data {
    uint64_t reasons[NM_REASON_N];   /* rows or needs per reason, all inputs */
    uint64_t notes[NM_NOTE_N];
    muni_row *munis;                 /* in code order; owned */
    size_t nmunis;
    int need_present[NM_NEED_N];
} read_data;

static void read_data_get(const nm_report_in *in, read_data *out)
{
    *out = (read_data){0};
    for (size_t i = 0; i < in->facts->nfiles; i++) {
        const nm_file_report *f = &in->facts->files[i];
        for (int k = 0; k < NM_REASON_N; k++)
            out->reasons[k] += f->reasons[k];
        for (int k = 0; k < NM_NOTE_N; k++)
            out->notes[k] += f->notes[k];
    }
    out->munis = nm_calloc(in->ref->nmunis ? in->ref->nmunis : 1, sizeof *out->munis);
    nm_comp_key all = {0};
    for (size_t m = 0; m < in->ref->nmunis; m++) {
        muni_row row = {.muni = m};
        int any = 0;
        for (int n = 0; n < NM_NEED_N; n++) {
            row.cell[n] = nm_demand_find_rollup(in->d, NM_GEO_MUNICIPALITY,
                                                in->ref->munis[m].code, 0, &all, (nm_need)n);
            if (row.cell[n] != SIZE_MAX)
                any = out->need_present[n] = 1;
        }
        if (any)
            out->munis[out->nmunis++] = row;
    }
}

static void input_format(rpt *r, const nm_file_report *f)
{
    const nm_read_info *i = &f->info;
    if (i->format == NM_FORMAT_JSON) {
        h_raw(r, "JSON");
    } else {
        h_fmt(r, "CSV, %s", nm_word_delimiter(r->lang, i->delimiter));
    }
    h_fmt(r, ", %s", nm_encoding_name(i->dec.enc));
    if (f->header_line)
        h_fmt(r, ", %s", f->columns.wide ? RL(r, "bred", "wide") : RL(r, "lång", "long"));
}

static void inputs_table(rpt *r)
{
    const nm_run_facts *fa = r->in->facts;
    h_fmt(r, "<h3>%s</h3>\n<div class=\"scroll\"><table>\n<tr><th>%s</th><th>%s</th>"
             "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
             "<th class=\"n\">%s</th><th class=\"n\">%s</th></tr>\n",
          RL(r, "Indata", "Inputs"), RL(r, "Fil", "File"), RL(r, "Format", "Format"),
          RL(r, "Rader lästa", "Rows read"), RL(r, "Godtagna", "Accepted"),
          RL(r, "Avvisade", "Rejected"), RL(r, "Överhoppade", "Skipped"),
          RL(r, "Behov", "Needs"));
    for (size_t i = 0; i < fa->nfiles; i++) {
        const nm_file_report *f = &fa->files[i];
        char name[NM_INPUT_LABEL_SIZE];
        h_raw(r, "<tr><td>");
        h_text(r, nm_input_label(r->in->o, i, f->path, name, sizeof name));
        if (f->status != NM_OK) {
            h_fmt(r, "<br><span class=\"note\">%s ", RL(r, "inte helt läst:", "not read completely:"));
            h_text(r, f->error.msg);
            h_raw(r, "</span>");
        }
        h_raw(r, "</td><td>");
        input_format(r, f);
        uint64_t v[5] = {f->rows_read, f->rows_accepted, f->rows_rejected, f->rows_skipped,
                         f->needs_accepted};
        for (int k = 0; k < 5; k++) {
            h_raw(r, "</td><td class=\"n\">");
            h_u64(r, v[k]);
        }
        h_raw(r, "</td></tr>\n");
    }
    const nm_run_counts *c = &r->counts;
    uint64_t t[5] = {c->rows_read, c->rows_accepted, c->rows_rejected, c->rows_skipped,
                     c->needs_accepted};
    h_fmt(r, "<tr><th>%s</th><th></th>", RL(r, "Summa", "Total"));
    for (int k = 0; k < 5; k++) {
        h_raw(r, "<th class=\"n\">");
        h_u64(r, t[k]);
        h_raw(r, "</th>");
    }
    h_raw(r, "</tr>\n</table></div>\n");
    if (!r->in->o->internal && !r->in->o->publish_file_names)
        h_fmt(r, "<p class=\"note\">%s</p>\n",
              RL(r, "Indata har nummer i needmaps sorterade ordning, inte filnamn: ett filnamn "
                    "kan innehålla ett namn, ett telefonnummer eller en e-postadress. Storlek "
                    "och SHA-256 för varje fil står i summary.json.",
                 "Inputs are numbered in needmap's sorted order instead of named: a file name "
                 "can hold a name, a phone number or an e-mail address. Each file's size and "
                 "SHA-256 are in summary.json."));
}

/* Reasons from first to last (rejections, or skips), with counts. */
static void reasons_table(rpt *r, const read_data *d, int first, int last, const char *title,
                          const char *none)
{
    uint64_t sum = 0;
    for (int k = first; k < last; k++)
        sum += d->reasons[k];
    h_fmt(r, "<h3>%s</h3>\n", title);
    if (!sum) {
        h_fmt(r, "<p>%s</p>\n", none);
        return;
    }
    h_fmt(r, "<div class=\"scroll\"><table>\n<tr><th>%s</th><th class=\"n\">%s</th></tr>\n",
          RL(r, "Orsak", "Reason"), RL(r, "Antal", "Count"));
    for (int k = first; k < last; k++) {
        if (!d->reasons[k])
            continue;
        h_raw(r, "<tr><td>");
        h_text(r, nm_word_reason(r->lang, (nm_reason)k));
        h_raw(r, "</td><td class=\"n\">");
        h_u64(r, d->reasons[k]);
        h_raw(r, "</td></tr>\n");
    }
    h_raw(r, "</table></div>\n");
}

static void notes_list(rpt *r, const read_data *d)
{
    int any = 0;
    for (int k = 0; k < NM_NOTE_N; k++)
        any |= d->notes[k] != 0;
    if (!any)
        return;
    h_fmt(r, "<h4>%s</h4>\n<ul>\n", RL(r, "Godtaget, men värt att veta",
                                       "Accepted, but worth knowing"));
    for (int k = 0; k < NM_NOTE_N; k++) {
        if (!d->notes[k])
            continue;
        h_raw(r, "<li>");
        h_text(r, nm_word_note(r->lang, (nm_note)k));
        h_raw(r, ": ");
        h_u64(r, d->notes[k]);
        h_raw(r, "</li>\n");
    }
    h_raw(r, "</ul>\n");
}

static void respondents_table(rpt *r, const read_data *d)
{
    const nm_refdata *ref = r->in->ref;
    h_fmt(r, "<h3>%s</h3>\n<p>%s</p>\n", RL(r, "Svarande per kommun", "Respondents per municipality"),
          RL(r, "Olika svarande (arbetsgivare, företag, personer) bakom behoven, per behovstyp. "
                "En svarande som angav flera behovstyper räknas i varje.",
             "Distinct respondents (employers, companies, people) behind the needs, per need "
             "type. A respondent who gave several need types counts in each."));
    if (!d->nmunis) {
        h_fmt(r, "<p>%s</p>\n", RL(r, "Inga godtagna behov.", "No accepted needs."));
        return;
    }
    h_fmt(r, "<div class=\"scroll\"><table>\n<tr><th>%s</th><th>%s</th>",
          RL(r, "Kommun", "Municipality"), RL(r, "Län", "County"));
    for (int k = 0; k < NM_NEED_N; k++)
        if (d->need_present[rpt_need_order[k]])
            h_fmt(r, "<th class=\"n\">%s</th>", nm_word_need(r->lang, rpt_need_order[k]));
    h_raw(r, "</tr>\n");
    for (size_t i = 0; i < d->nmunis; i++) {
        const nm_municipality *m = &ref->munis[d->munis[i].muni];
        h_fmt(r, "<tr data-muni=\"%s\"><td>", m->code);
        h_text(r, m->short_name);
        h_fmt(r, " <span class=\"code\">%s</span></td><td>", m->code);
        h_text(r, m->county_name);
        h_raw(r, "</td>");
        for (int k = 0; k < NM_NEED_N; k++) {
            nm_need n = rpt_need_order[k];
            if (!d->need_present[n])
                continue;
            h_raw(r, "<td class=\"n\">");
            size_t cell = d->munis[i].cell[n];
            if (cell != SIZE_MAX)
                h_respondents(r, nm_demand_cell_const(r->in->d, cell)->respondents,
                              nm_suppressed(r->in->facts->suppression, cell) != NM_PUBLISHED);
            h_raw(r, "</td>");
        }
        h_raw(r, "</tr>\n");
    }
    h_raw(r, "</table></div>\n");
}

void rpt_section_read(rpt *r)
{
    read_data d;
    read_data_get(r->in, &d);
    inputs_table(r);
    reasons_table(r, &d, 0, NM_FIRST_SKIP, RL(r, "Avvisade rader och varför", "Rows rejected, and why"),
                  RL(r, "Inga rader avvisades.", "No row was rejected."));
    h_fmt(r, "<p class=\"note\">%s ",
          RL(r, "Varje avvisad rad står med fil, rad, kolumn och orsak i rejects.csv och (de "
                "första", "Every rejected row is listed with file, line, column and reason in "
                "rejects.csv and (the first"));
    h_u64(r, XLSX_SHEET_ROWS);
    h_fmt(r, ") %s</p>\n", RL(r, "på bladet Avvisade rader i needmap.xlsx; inga värden ur raden.",
                              "on the sheet Rejected rows of needmap.xlsx; no values from the row."));
    reasons_table(r, &d, NM_FIRST_SKIP, NM_REASON_N,
                  RL(r, "Överhoppade rader", "Rows skipped"),
                  RL(r, "Inga rader hoppades över.", "No row was skipped."));
    notes_list(r, &d);
    respondents_table(r, &d);
    free(d.munis);
}
