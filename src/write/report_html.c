/* report_html.c - the report's HTML helpers: escaping, numbers in the
 * report's language, hidden figures, labels. */
#include <stdarg.h>
#include <string.h>

#include "needmap/cluster.h"
#include "planner_parts.h"

const nm_need rpt_need_order[NM_NEED_N] = {NM_NEED_RECRUITMENT, NM_NEED_UPSKILLING,
                                           NM_NEED_INTEREST, NM_NEED_UNKNOWN};

void h_raw(rpt *r, const char *markup)
{
    fputs(markup, r->f);
}

void h_text(rpt *r, const char *text)
{
    const char *run = text;
    for (const char *p = text; *p; p++) {
        const char *rep = *p == '&' ? "&amp;" : *p == '<' ? "&lt;" : *p == '>' ? "&gt;"
                        : *p == '"' ? "&quot;" : NULL;
        if (!rep)
            continue;
        fwrite(run, 1, (size_t)(p - run), r->f);
        fputs(rep, r->f);
        run = p + 1;
    }
    fputs(run, r->f);
}

void h_fmt(rpt *r, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    vfprintf(r->f, fmt, ap);
    va_end(ap);
}

void h_num(rpt *r, double v)
{
    char buf[64];
    fputs(nm_word_number(r->lang, v, buf, sizeof buf), r->f);
}

void h_u64(rpt *r, uint64_t v)
{
    h_num(r, (double)v);
}

void h_hidden(rpt *r)
{
    h_fmt(r, "<span class=\"dots\" title=\"%s\">..</span>",
          RL(r, "dold för att skydda de svarande", "hidden to protect the respondents"));
}

void h_respondents(rpt *r, uint64_t n, int hidden)
{
    /* a hidden cell's respondents are hidden too: they tell its size */
    if (hidden)
        h_hidden(r);
    else
        h_u64(r, n);
}

void h_cell_figures_head(rpt *r)
{
    h_fmt(r, "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
             "<th class=\"n\">%s</th>",
          RL(r, "Antal", "People"), RL(r, "Spann i svaren", "Range in answers"),
          RL(r, "Utan antal", "Without a number"), RL(r, "Svarande", "Respondents"));
}

void h_cell_figures(rpt *r, const nm_cell *c, nm_suppress flag, int unknown_hidden)
{
    if (flag != NM_PUBLISHED) {
        for (int i = 0; i < 3; i++) {
            h_raw(r, "<td class=\"n\">");
            h_hidden(r);
            h_raw(r, "</td>");
        }
    } else {
        h_raw(r, "<td class=\"n\">");
        h_num(r, c->demand);
        h_raw(r, "</td><td class=\"n\">");
        if (c->low != c->high) {
            h_num(r, c->low);
            h_raw(r, "–");
            h_num(r, c->high);
        }
        h_raw(r, "</td><td class=\"n\">");
        if (unknown_hidden)
            h_hidden(r);
        else if (c->unknown)
            h_u64(r, c->unknown);
        h_raw(r, "</td>");
    }
    h_raw(r, "<td class=\"n\">");
    h_respondents(r, c->respondents, flag != NM_PUBLISHED);
    h_raw(r, "</td>");
}

const char *rpt_comp_label(const rpt *r, const nm_comp_key *k, int comp_level)
{
    if (comp_level == 0)
        return RL(r, "Alla yrken och kompetenser", "All occupations and competences");
    if (r->lang == NM_LANG_EN && k->code[0]) {
        const nm_ssyk *s = nm_refdata_ssyk(r->in->ref, k->code);
        if (s && s->label_en && s->label_en[0])
            return s->label_en;
    }
    if (r->lang == NM_LANG_EN && k->unclassified)
        return "Unclassified";
    return nm_comp_key_label(r->in->ref, k, comp_level);
}

const char *rpt_muni_name(const rpt *r, size_t muni)
{
    return r->in->ref->munis[muni].short_name;
}

const char *rpt_key_label(const rpt *r, const nm_pool_key *k)
{
    if (k->cluster >= 0)
        return k->comp.label ? k->comp.label : "";
    return rpt_comp_label(r, &k->comp, 4);
}

void rpt_section_begin(rpt *r, const char *id, int number, const char *title)
{
    h_fmt(r, "<section id=\"%s\">\n<h2><span class=\"no\">%d</span> ", id, number);
    h_text(r, title);
    h_raw(r, "</h2>\n");
}

void rpt_section_end(rpt *r)
{
    h_raw(r, "</section>\n");
}
