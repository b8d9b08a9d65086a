/* report_cohorts.c - the report's section 4: the viable cohorts with their
 * students, the jobs beside them and why each is viable (cohorts.csv);
 * the groups with jobs but too few students (open admission); and what is
 * missing: each published residual demand with how many more students it
 * needs and the municipalities nearest to it (residual.csv). */
#include <stdlib.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/write.h"
#include "planner_parts.h"
#include "reason_text.h"

typedef struct cohort_data {
    const nm_pool *pool;
    const nm_rules *rules;
    size_t shown;                 /* cohorts listed: the first in pool order */
    const nm_residual **open;     /* published residual rows, fewest missing first; owned */
    size_t nopen, nopen_all;      /* listed; published in all */
    size_t nhidden;               /* residual rows whose figures are hidden */
    nm_reasons *why;              /* the rows' reasons in words; owned */
} cohort_data;

static int cmp_shortfall(const void *pa, const void *pb)
{
    const nm_residual *a = *(const nm_residual *const *)pa, *b = *(const nm_residual *const *)pb;
    if (a->shortfall_hidden != b->shortfall_hidden) /* unpublished shortfalls last */
        return a->shortfall_hidden - b->shortfall_hidden;
    if (!a->shortfall_hidden && a->shortfall != b->shortfall)
        return a->shortfall < b->shortfall ? -1 : 1;
    return a < b ? -1 : a > b; /* the pool's order */
}

static void cohort_data_get(const nm_report_in *in, cohort_data *out)
{
    *out = (cohort_data){.pool = in->facts->pool, .rules = in->facts->rules};
    const nm_pool *p = out->pool;
    if (!p)
        return;
    out->shown = p->ncohorts < RPT_MAX_COHORTS ? p->ncohorts : RPT_MAX_COHORTS;
    out->open = nm_calloc(p->nresidual ? p->nresidual : 1, sizeof *out->open);
    for (size_t i = 0; i < p->nresidual; i++) {
        if (p->residual[i].hidden)
            out->nhidden++;
        else
            out->open[out->nopen_all++] = &p->residual[i];
    }
    qsort(out->open, out->nopen_all, sizeof *out->open, cmp_shortfall);
    out->nopen = out->nopen_all < RPT_MAX_RESIDUAL ? out->nopen_all : RPT_MAX_RESIDUAL;
    out->why = nm_reasons_new(p, out->rules, in->ref);
}

static void hidden_cell(rpt *r)
{
    h_raw(r, "<td class=\"n\">");
    h_hidden(r);
    h_raw(r, "</td>");
}

static void num_cell(rpt *r, double v)
{
    h_raw(r, "<td class=\"n\">");
    h_num(r, v);
    h_raw(r, "</td>");
}

/* Jobs beside the students, or `..` when hidden. */
static void jobs_cell(rpt *r, double jobs, int hidden)
{
    if (hidden)
        hidden_cell(r);
    else
        num_cell(r, jobs);
}

/* "YH, distance" with what was assumed: "(nivå antagen)", "(form antagen)". */
static void level_mode_note(rpt *r, nm_level level, nm_mode mode, int level_inferred,
                            int mode_assumed)
{
    h_fmt(r, "<br><span class=\"note\">%s", nm_word_level(r->lang, level));
    if (level_inferred)
        h_fmt(r, " (%s)", RL(r, "nivå antagen", "level assumed"));
    h_fmt(r, ", %s", nm_word_mode(r->lang, mode));
    if (mode_assumed)
        h_fmt(r, " (%s)", RL(r, "form antagen", "mode assumed"));
    h_raw(r, "</span>");
}

static void range_cell(rpt *r, double v, double lo, double hi)
{
    h_raw(r, "<td class=\"n\">");
    h_num(r, v);
    if (lo != hi) {
        h_raw(r, "<br><span class=\"note\">");
        h_num(r, lo);
        h_raw(r, "–");
        h_num(r, hi);
        h_raw(r, "</span>");
    }
    h_raw(r, "</td>");
}

static void members(rpt *r, const size_t *m, size_t n, size_t hub)
{
    int first = 1;
    for (size_t k = 0; k < n; k++) {
        if (m[k] == hub)
            continue;
        h_raw(r, first ? "" : ", ");
        h_text(r, rpt_muni_name(r, m[k]));
        first = 0;
    }
}

/* Why the cohort is listed: P(at least min enrol) against the threshold. */
static void reason(rpt *r, const nm_cohort *c, const nm_level_rules *lr)
{
    if (c->hidden) {
        h_text(r, RL(r, "Genomförbar; siffrorna är dolda: för få svarande står bakom dem, eller "
                        "de skulle avslöja en dold siffra.",
                     "Viable; its figures are hidden: too few respondents stand behind them, or "
                     "they would reveal a hidden figure."));
        return;
    }
    h_fmt(r, "P(%s ", RL(r, "minst", "at least"));
    h_num(r, lr->min_size);
    h_fmt(r, " %s) = ", RL(r, "antagna", "enrol"));
    h_num(r, c->p_viable);
    h_raw(r, " ≥ ");
    h_num(r, r->in->facts->rules->viable_probability);
    if (c->p_viable_low != c->p_viable_high) {
        h_fmt(r, "; %s ", RL(r, "med svarens spann", "with the answers' ranges"));
        h_num(r, c->p_viable_low);
        h_raw(r, "–");
        h_num(r, c->p_viable_high);
    }
    if (nm_cohort_open_admission(c)) {
        h_fmt(r, ". %s ", RL(r, "Fler jobb än väntade antagna: fyll resten av platserna via "
                                "öppen antagning (",
                             "More jobs than expected enrolment: fill the other places through "
                             "open admission ("));
        h_num(r, c->jobs);
        h_fmt(r, " %s)", RL(r, "jobb", "jobs"));
    }
}

static void cohort_row(rpt *r, const cohort_data *d, size_t i)
{
    const nm_cohort *c = &d->pool->cohorts[i];
    const nm_level_rules *lr = &d->rules->level[c->key.level];
    h_fmt(r, "<tr id=\"kohort-%zu\" data-cohort=\"%zu\"%s><td class=\"n\">%zu</td><td>", i + 1,
          i + 1, c->hidden ? " class=\"hid\"" : "", i + 1);
    h_text(r, rpt_key_label(r, &c->key));
    level_mode_note(r, c->key.level, c->key.mode, c->level_inferred, c->mode_assumed);
    h_raw(r, "</td><td><b>");
    h_text(r, rpt_muni_name(r, c->hub));
    h_raw(r, "</b>");
    if (c->nmembers > 1)
        h_raw(r, ", ");
    members(r, c->members, c->nmembers, c->hub);
    h_raw(r, "</td>");
    num_cell(r, c->max_km < 0.5 ? 0 : (double)(long)(c->max_km + 0.5));
    if (c->hidden) {
        for (int k = 0; k < 5; k++)
            hidden_cell(r);
    } else {
        num_cell(r, c->upskilling);
        num_cell(r, c->interest);
        num_cell(r, c->expected);
        num_cell(r, (double)c->intakes);
        range_cell(r, c->p_viable, c->p_viable_low, c->p_viable_high);
    }
    h_raw(r, "<td class=\"n\">");
    h_respondents(r, c->respondents, c->hidden);
    h_raw(r, "</td>");
    jobs_cell(r, c->jobs, c->jobs_hidden);
    h_raw(r, "<td>");
    reason(r, c, lr);
    h_raw(r, "</td></tr>\n");
}

static void cohorts_table(rpt *r, const cohort_data *d)
{
    const nm_pool *p = d->pool;
    h_fmt(r, "<h3>%s</h3>\n", RL(r, "Genomförbara kohorter", "Viable cohorts"));
    if (!p || !p->ncohorts) {
        h_fmt(r, "<p>%s</p>\n", RL(r, "Ingen grupp av kommuner når en genomförbar kohort.",
                                   "No group of municipalities reaches a viable cohort."));
        return;
    }
    h_fmt(r, "<p>%s</p>\n",
          RL(r, "Kommuner som tillsammans har tillräckligt många studerande för en "
                "utbildning: anställda som arbetsgivaren skulle skicka (kompetensutveckling) och "
                "invånare som vill studera (intresse), var för sig. Säkrast först; kohorter med "
                "dolda siffror sist. P(start) är sannolikheten att minst minsta antalet antas om "
                "var och en antas oberoende med sin antagningsandel. Jobben (rekrytering i "
                "orterna, samma yrke, nivå och form) står bredvid: de är inte studerande utan "
                "arbetsmarknadens behov som en ansökan visar.",
             "Municipalities that together have enough students for one education: staff an "
             "employer would send (upskilling) and residents who want to study (interest), "
             "apart. Surest first; cohorts with hidden figures last. P(viable) is the "
             "probability that at least the minimum enrol if each enrols independently at the "
             "rate of their kind. The jobs (recruitment in the locations, same occupation, "
             "level and mode) stand beside them: they are not students but the labour-market "
             "need an application shows."));
    h_fmt(r, "<div class=\"scroll\"><table>\n<tr><th class=\"n\">#</th><th>%s</th><th>%s</th>"
             "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
             "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
             "<th class=\"n\">%s</th><th class=\"n\">%s</th><th>%s</th></tr>\n",
          RL(r, "Utbildning", "Education"), RL(r, "Nav och orter", "Hub and locations"),
          RL(r, "Längst (km)", "Farthest (km)"),
          RL(r, "Studerande: kompetens&shy;utveckling", "Students: upskilling"),
          RL(r, "Studerande: intresse", "Students: interest"),
          RL(r, "Väntat antal antagna", "Expected enrolment"), RL(r, "Intag", "Intakes"),
          RL(r, "P(start)", "P(viable)"), RL(r, "Svarande", "Respondents"),
          RL(r, "Jobb i orterna", "Jobs in the locations"), RL(r, "Varför", "Why"));
    for (size_t i = 0; i < d->shown; i++)
        cohort_row(r, d, i);
    h_raw(r, "</table></div>\n");
    if (p->ncohorts > d->shown) {
        h_fmt(r, "<p class=\"note\">%s ", RL(r, "Listan visar de", "The list shows the"));
        h_u64(r, d->shown);
        h_fmt(r, " %s ", RL(r, "första av", "first of"));
        h_u64(r, p->ncohorts);
        h_fmt(r, " %s</p>\n", RL(r, "kohorter; alla står i cohorts.csv.",
                                  "cohorts; all are in cohorts.csv."));
    }
}

static void open_row(rpt *r, const cohort_data *d, const nm_residual *x)
{
    h_raw(r, "<tr><td>");
    h_text(r, rpt_key_label(r, &x->key));
    level_mode_note(r, x->key.level, x->key.mode, x->level_inferred, x->mode_assumed);
    h_raw(r, "</td><td>");
    h_text(r, rpt_muni_name(r, x->muni));
    h_raw(r, "</td>");
    num_cell(r, x->upskilling);
    num_cell(r, x->interest);
    jobs_cell(r, x->jobs, x->jobs_hidden);
    h_raw(r, "<td class=\"n\"><b>");
    if (x->shortfall_hidden)
        h_raw(r, "..");
    else
        h_num(r, x->shortfall);
    h_fmt(r, "</b> %s</td><td>", RL(r, "till", "more"));
    members(r, x->nearby, x->nnearby, SIZE_MAX);
    h_raw(r, "</td><td>");
    nm_buf why = {0};
    nm_residual_why(d->why, (size_t)(x - d->pool->residual), r->lang, &why);
    h_text(r, nm_buf_str(&why));
    nm_buf_free(&why);
    h_raw(r, "</td></tr>\n");
}

static void residual_table(rpt *r, const cohort_data *d)
{
    h_fmt(r, "<h3>%s</h3>\n", RL(r, "Vad som saknas", "What is missing"));
    if (!d->pool || !d->pool->nresidual) {
        h_fmt(r, "<p>%s</p>\n", RL(r, "Inga behov står utanför en kohort.",
                                   "No demand is left outside a cohort."));
        return;
    }
    h_fmt(r, "<p>%s</p>\n",
          RL(r, "Studerande som inte ingår i någon genomförbar kohort, och jobb utan "
                "studerande, med hur många fler intresserade (eller motsvarande anställda att "
                "kompetensutveckla) som skulle göra en kohort genomförbar tillsammans med det "
                "som återstår inom räckhåll, och de närmaste kommunerna att söka dem i. Minst "
                "saknas först.",
             "Students in no viable cohort, and jobs without students, with how many more "
             "interested residents (or the equivalent in staff to upskill) would make a "
             "viable cohort together with what is left within reach, and the nearest "
             "municipalities to look for them in. Fewest missing first."));
    if (d->nopen) {
        h_fmt(r, "<div class=\"scroll\"><table>\n<tr><th>%s</th><th>%s</th>"
                 "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
                 "<th class=\"n\">%s</th><th>%s</th><th>%s</th></tr>\n",
              RL(r, "Utbildning", "Education"), RL(r, "Kommun", "Municipality"),
              RL(r, "Studerande: kompetens&shy;utveckling", "Students: upskilling"),
              RL(r, "Studerande: intresse", "Students: interest"), RL(r, "Jobb", "Jobs"),
              RL(r, "Behövs", "Needed"), RL(r, "Närmaste kommuner", "Nearest municipalities"),
              RL(r, "Varför", "Why"));
        for (size_t i = 0; i < d->nopen; i++)
            open_row(r, d, d->open[i]);
        h_raw(r, "</table></div>\n");
    }
    h_raw(r, "<p class=\"note\">");
    if (d->nopen_all > d->nopen) {
        h_fmt(r, "%s ", RL(r, "Listan visar de", "The list shows the"));
        h_u64(r, d->nopen);
        h_fmt(r, " %s ", RL(r, "av", "of"));
        h_u64(r, d->nopen_all);
        h_fmt(r, " %s ", RL(r, "rader med siffror.", "rows with figures."));
    }
    h_u64(r, d->nhidden);
    h_fmt(r, " %s (", RL(r, "rader har dolda siffror", "rows have hidden figures"));
    h_hidden(r);
    h_fmt(r, "); %s</p>\n", RL(r, "alla rader står i residual.csv.",
                               "every row is in residual.csv."));
}

/* Groups with jobs but no cohort: one plain statement each. */
static void open_admission(rpt *r, const nm_pool *p)
{
    if (!p || !p->nopen)
        return;
    h_fmt(r, "<h3>%s</h3>\n<p>%s</p>\n<ul>\n",
          RL(r, "Jobb utan studerande: öppen antagning", "Jobs without students: open admission"),
          RL(r, "Yrken med jobb att tillsätta men för få anställda och intresserade i enkäten "
                "för en kohort. En utbildning för dem får söka sina studerande bland alla "
                "behöriga (öppen antagning); jobben är underlaget för ansökan.",
             "Occupations with jobs to fill but too few staff and interested residents in the "
             "survey for a cohort. An education for them must find its students among everyone "
             "qualified (open admission); the jobs are the evidence for the application."));
    nm_buf b = {0};
    size_t shown = p->nopen < RPT_MAX_RESIDUAL ? p->nopen : RPT_MAX_RESIDUAL;
    for (size_t i = 0; i < shown; i++) {
        const nm_open_group *o = &p->open[i];
        h_raw(r, "<li><b>");
        h_text(r, rpt_key_label(r, &o->key));
        h_raw(r, "</b>");
        level_mode_note(r, o->key.level, o->key.mode, o->level_inferred, o->mode_assumed);
        h_raw(r, "<br>");
        nm_buf_reset(&b);
        nm_open_reason(&b, o, r->lang == NM_LANG_SV);
        h_text(r, nm_buf_str(&b));
        h_raw(r, "</li>\n");
    }
    nm_buf_free(&b);
    h_raw(r, "</ul>\n");
    if (p->nopen > shown) {
        h_fmt(r, "<p class=\"note\">%s ", RL(r, "Listan visar de", "The list shows the"));
        h_u64(r, shown);
        h_fmt(r, " %s ", RL(r, "första av", "first of"));
        h_u64(r, p->nopen);
        h_fmt(r, "; %s</p>\n", RL(r, "alla står i summary.json.", "all are in summary.json."));
    }
}

void rpt_section_cohorts(rpt *r)
{
    cohort_data d;
    cohort_data_get(r->in, &d);
    cohorts_table(r, &d);
    open_admission(r, d.pool);
    residual_table(r, &d);
    rpt_scenarios_table(r);
    free(d.open);
    nm_reasons_free(d.why);
}
