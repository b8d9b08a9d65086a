/* report_needs.c - the report's section 2: the most needed competences per
 * need type, for all municipalities, per county and per municipality,
 * from the rankings (ranking.csv): published entries in rank order, and
 * how many are hidden. */
#include "planner_parts.h"

/* The rankings of one need type, by geography. */
typedef struct need_lists {
    const nm_ranking *all;           /* or NULL */
    const nm_ranking *first_county;  /* counties, then municipalities, follow */
    size_t ncounties, nmunis;
    const nm_ranking *first_muni;
} need_lists;

static need_lists needs_data(const nm_rankings *rk, nm_need need)
{
    need_lists out = {0};
    for (size_t l = 0; l < rk->n; l++) {
        const nm_ranking *list = &rk->lists[l];
        if (list->need != need)
            continue;
        if (list->geo == NM_GEO_ALL) {
            out.all = list;
        } else if (list->geo == NM_GEO_COUNTY) {
            if (!out.ncounties++)
                out.first_county = list;
        } else {
            if (!out.nmunis++)
                out.first_muni = list;
        }
    }
    return out;
}

static size_t published(const nm_ranking *list)
{
    size_t n = 0;
    while (n < list->n && list->entries[n].rank)
        n++;
    return n;
}

static const char *need_text(const rpt *r, nm_need n)
{
    static const char *const sv[NM_NEED_N] = {
        "Exporten angav inte behovstyp.",
        "Personer som arbetsgivarna behöver anställa: underlag för hela utbildningar (YH, "
        "högskola).",
        "Anställda som behöver vidareutbildas: underlag för kurser och uppdragsutbildning.",
        ("Invånare som säger att de vill studera. Intresse är inte antagning: ungefär två "
         "behöriga sökande per YH-plats är normalt.")};
    static const char *const en[NM_NEED_N] = {
        "The export did not say which need.",
        "People employers need to hire: the case for full programmes (YH, university).",
        "Existing staff to train: the case for short courses and uppdragsutbildning.",
        ("Residents who say they want to study. Interest is not enrolment: about two "
         "qualified applicants per YH place is normal.")};
    return RL(r, sv[n], en[n]);
}

/* An area's figures in two cells: people with the answers' range below,
 * and respondents (the narrow tables of counties and municipalities). */
static void compact_figures(rpt *r, const nm_cell *c)
{
    h_raw(r, "<td class=\"n\">");
    h_num(r, c->demand); /* published: only ranked entries are listed */
    if (c->low != c->high) {
        h_raw(r, "<br><span class=\"note\">");
        h_num(r, c->low);
        h_raw(r, "–");
        h_num(r, c->high);
        h_raw(r, "</span>");
    }
    h_raw(r, "</td><td class=\"n\">");
    h_respondents(r, c->respondents, 0); /* published, as its demand */
    h_raw(r, "</td>");
}

/* The first `top` published entries of a list, then what is left out;
 * compact: people (and range) and respondents only. */
static void top_table(rpt *r, const nm_ranking *list, size_t top, int compact)
{
    const nm_demand *d = r->in->d;
    size_t pub = published(list), shown = pub < top ? pub : top;
    if (shown) {
        h_fmt(r, "<table>\n<tr><th class=\"n\">#</th><th>%s</th>", RL(r, "Kompetens", "Competence"));
        if (compact)
            h_fmt(r, "<th class=\"n\">%s</th><th class=\"n\">%s</th>", RL(r, "Antal", "People"),
                  RL(r, "Svarande", "Respondents"));
        else
            h_cell_figures_head(r);
        h_raw(r, "</tr>\n");
        for (size_t k = 0; k < shown; k++) {
            const nm_cell *c = nm_demand_cell_const(d, list->entries[k].cell);
            h_fmt(r, "<tr><td class=\"n\">%u</td><td>", (unsigned)list->entries[k].rank);
            h_text(r, rpt_comp_label(r, &c->comp, c->comp_level));
            if (c->comp.code[0])
                h_fmt(r, " <span class=\"code\">%s</span>", c->comp.code);
            h_raw(r, "</td>");
            if (compact)
                compact_figures(r, c);
            else
                h_cell_figures(r, c,
                               nm_suppressed(r->in->facts->suppression, list->entries[k].cell),
                               r->in->facts->suppression &&
                                   nm_unknown_hidden(r->in->facts->suppression,
                                                     list->entries[k].cell));
            h_raw(r, "</tr>\n");
        }
        h_raw(r, "</table>\n");
    }
    size_t more = pub - shown, hidden = list->n - pub;
    if (!more && !hidden)
        return;
    h_raw(r, "<p class=\"note\">");
    if (more) {
        h_fmt(r, "%s ", RL(r, "Ytterligare", "Another"));
        h_u64(r, more);
        h_fmt(r, " %s", RL(r, "med siffror i ranking.csv", "with figures in ranking.csv"));
        h_raw(r, hidden ? "; " : ".");
    }
    if (hidden) {
        h_u64(r, hidden);
        h_fmt(r, " %s (", hidden == 1 ? RL(r, "kompetens med dolda siffror",
                                            "competence with hidden figures")
                                       : RL(r, "kompetenser med dolda siffror",
                                            "competences with hidden figures"));
        h_hidden(r);
        h_raw(r, ").");
    }
    h_raw(r, "</p>\n");
}

static void area_block(rpt *r, const nm_ranking *list, nm_need need)
{
    const char *name = nm_geo_name(r->in->ref, list->geo, list->geo_code);
    if (list->geo == NM_GEO_MUNICIPALITY)
        h_fmt(r, "<div data-muni=\"%s\" id=\"behov-%s-%s\">", list->geo_code,
              nm_need_name(need), list->geo_code);
    else
        h_fmt(r, "<div id=\"behov-%s-%s\">", nm_need_name(need), list->geo_code);
    h_raw(r, "<h4>");
    h_text(r, name);
    h_fmt(r, " <span class=\"code\">%s</span></h4>\n<div class=\"scroll\">", list->geo_code);
    top_table(r, list, RPT_TOP_AREA, 1);
    h_raw(r, "</div></div>\n");
}

/* Areas with published figures get a table each; the others share one
 * line: the name and how many competences they have, all hidden. */
static void areas(rpt *r, const nm_ranking *first, size_t n, nm_need need, const char *title)
{
    size_t hidden_only = 0;
    h_fmt(r, "<h4>%s</h4>\n<div class=\"grid\">\n", title);
    for (size_t i = 0; i < n; i++) {
        if (published(first + i))
            area_block(r, first + i, need);
        else
            hidden_only++;
    }
    h_raw(r, "</div>\n");
    if (!hidden_only)
        return;
    h_fmt(r, "<p class=\"note\">%s (", RL(r, "Bara dolda siffror", "Hidden figures only"));
    h_hidden(r);
    h_raw(r, "): ");
    int first_name = 1;
    for (size_t i = 0; i < n; i++) {
        const nm_ranking *list = first + i;
        if (published(list))
            continue;
        h_raw(r, first_name ? "" : ", ");
        first_name = 0;
        if (list->geo == NM_GEO_MUNICIPALITY)
            h_fmt(r, "<span data-muni=\"%s\">", list->geo_code);
        else
            h_raw(r, "<span>");
        h_text(r, nm_geo_name(r->in->ref, list->geo, list->geo_code));
        h_raw(r, " (");
        h_u64(r, list->n);
        h_raw(r, ")</span>");
    }
    h_fmt(r, ". %s</p>\n", RL(r, "Inom parentes: antal kompetenser.",
                              "In brackets: the number of competences."));
}

static void need_block(rpt *r, nm_need need, const need_lists *n)
{
    h_fmt(r, "<h3 id=\"behov-%s\">", nm_need_name(need));
    const char *w = nm_word_need(r->lang, need);
    /* capitalised: the words are lower-case ASCII at the start */
    h_fmt(r, "%c%s</h3>\n<p>", w[0] >= 'a' && w[0] <= 'z' ? w[0] - 'a' + 'A' : w[0], w + 1);
    h_text(r, need_text(r, need));
    h_raw(r, "</p>\n");
    h_fmt(r, "<h4>%s</h4>\n<div class=\"scroll\">", RL(r, "Alla kommuner", "All municipalities"));
    top_table(r, n->all, RPT_TOP_ALL, 0);
    h_raw(r, "</div>\n");
    if (n->ncounties)
        areas(r, n->first_county, n->ncounties, need, RL(r, "Per län", "Per county"));
    if (n->nmunis)
        areas(r, n->first_muni, n->nmunis, need, RL(r, "Per kommun", "Per municipality"));
}

void rpt_section_needs(rpt *r)
{
    h_fmt(r, "<p>%s</p>\n<p>%s</p>\n",
          RL(r, "De mest efterfrågade yrkena och kompetenserna, per behovstyp. Behovstyperna "
                "läggs aldrig ihop.",
             "The most needed occupations and competences, per need type. Need types are "
             "never added together."),
          RL(r, "<b>Antal</b>: summan av angivna antal (ett intervall som 2–4 räknas med "
                "mitten). <b>Spann i svaren</b>: samma summa med intervallens lägsta och "
                "högsta värden, den osäkerhet svaren själva anger. <b>Utan antal</b>: behov "
                "angivna utan siffra (”vet ej”), verkliga men inte med i antalet. "
                "<b>Svarande</b>: hur många som står bakom siffran; få svarande ger en osäker "
                "siffra.",
             "<b>People</b>: the sum of the counts given (a range such as 2–4 counts its "
             "midpoint). <b>Range in answers</b>: the same sum with the ranges' low and high "
             "ends, the uncertainty the answers themselves state. <b>Without a number</b>: "
             "needs given without a count (\"don't know\"), real but not in the sum. "
             "<b>Respondents</b>: how many stand behind the figure; few respondents make an "
             "uncertain figure."));
    int any = 0;
    for (int k = 0; k < NM_NEED_N; k++) {
        need_lists n = needs_data(r->in->r, rpt_need_order[k]);
        if (!n.all)
            continue;
        need_block(r, rpt_need_order[k], &n);
        any = 1;
    }
    if (!any)
        h_fmt(r, "<p>%s</p>\n", RL(r, "Inga godtagna behov.", "No accepted needs."));
}
