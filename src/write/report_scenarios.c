/* report_scenarios.c - the report's scenarios (with --scenario), at the
 * end of section 4: scenarios.csv's rows side by side, from the same
 * figures (a total the disclosure control hides shows `..`). */
#include "planner_parts.h"

static void num_cell(rpt *r, double v)
{
    h_raw(r, "<td class=\"n\">");
    h_num(r, v);
    h_raw(r, "</td>");
}

/* A total, or `..` when the joint suppression hides it. */
static void total_cell(rpt *r, const nm_scenario_figures *f, int i)
{
    if (f->hidden[i])
        h_raw(r, "<td class=\"n\">..</td>");
    else
        num_cell(r, nm_scenario_total(f, i));
}

static void modes_text(rpt *r, unsigned modes)
{
    if (modes == NM_SCENARIO_ALL_MODES) {
        h_text(r, RL(r, "alla", "all"));
        return;
    }
    int first = 1;
    for (int m = 0; m < NM_MODE_N; m++)
        if (modes & (1u << m)) {
            h_raw(r, first ? "" : ", ");
            h_text(r, nm_word_mode(r->lang, (nm_mode)m));
            first = 0;
        }
}

static void scenario_row(rpt *r, const char *name, const nm_rules *rules, unsigned modes,
                         const nm_scenario_figures *f)
{
    h_raw(r, "<tr><td>");
    h_text(r, name);
    h_raw(r, "<br><span class=\"note\">");
    h_fmt(r, "%s ", RL(r, "antagning kompetensutveckling", "enrolment upskilling"));
    h_num(r, rules->enrol[NM_NEED_UPSKILLING]);
    h_fmt(r, ", %s ", RL(r, "intresse", "interest"));
    h_num(r, rules->enrol[NM_NEED_INTEREST]);
    h_raw(r, ", P ≥ ");
    h_num(r, rules->viable_probability);
    h_fmt(r, ", %s ", RL(r, "minst YH", "YH at least"));
    h_num(r, rules->level[NM_LEVEL_YH].min_size);
    h_fmt(r, ", %s ", RL(r, "högskola", "university"));
    h_num(r, rules->level[NM_LEVEL_UNIVERSITY].min_size);
    h_raw(r, "; ");
    modes_text(r, modes);
    h_raw(r, "</span></td>");
    num_cell(r, (double)f->cohorts);
    num_cell(r, (double)f->cohorts_hidden);
    total_cell(r, f, NM_SCENARIO_UPSKILLING);
    total_cell(r, f, NM_SCENARIO_INTEREST);
    if (f->cohorts > f->cohorts_hidden) {
        num_cell(r, f->p_viable_mean);
        num_cell(r, f->p_viable_min);
    } else {
        h_raw(r, "<td class=\"n\">–</td><td class=\"n\">–</td>");
    }
    num_cell(r, (double)f->residual);
    h_raw(r, "</tr>\n");
}

void rpt_scenarios_table(rpt *r)
{
    const nm_run_facts *f = r->in->facts;
    if (!f->scenarios || !f->scenario_figures)
        return;
    h_fmt(r, "<h3>%s</h3>\n", RL(r, "Scenarier", "Scenarios"));
    h_fmt(r, "<p>%s</p>\n",
          RL(r, "Samma behov samlade med andra regler (--scenario), sida vid sida med "
                "körningens egna (base). Studerande räknas i alla kohorter (.. där en "
                "summa skulle röja en dold siffra), P(start) bara i kohorter vars "
                "siffror visas; alla rader står i scenarios.csv.",
             "The same demand pooled by other rules (--scenario), side by side with the "
             "run's own (base). Students count every cohort (.. where a total would "
             "give a hidden figure away), P(viable) only cohorts whose figures are "
             "shown; every row is in scenarios.csv."));
    h_fmt(r, "<div class=\"scroll\"><table>\n<tr><th>%s</th><th class=\"n\">%s</th>"
             "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
             "<th class=\"n\">%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th></tr>\n",
          RL(r, "Scenario", "Scenario"), RL(r, "Kohorter", "Cohorts"),
          RL(r, "med dolda siffror", "with hidden figures"),
          RL(r, "Studerande: kompetens&shy;utveckling", "Students: upskilling"),
          RL(r, "Studerande: intresse", "Students: interest"),
          RL(r, "P(start), medel", "P(viable), mean"), RL(r, "P(start), lägst", "P(viable), lowest"),
          RL(r, "Återstående rader", "Residual rows"));
    scenario_row(r, "base", f->rules, NM_SCENARIO_ALL_MODES, &f->scenario_figures[0]);
    for (size_t i = 0; i < f->scenarios->n; i++)
        scenario_row(r, f->scenarios->list[i].name, &f->scenarios->list[i].rules,
                     f->scenarios->list[i].modes, &f->scenario_figures[i + 1]);
    h_raw(r, "</table></div>\n");
}
