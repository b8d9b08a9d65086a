/* report_method.c - the report's section 6: method and privacy notes: the
 * options the run used, the suppression rule and what `..` means, and the
 * files beside the report. */
#include <stdio.h>

#include "needmap/cluster.h"
#include "needmap/frame.h"
#include "planner_parts.h"

static void row_begin(rpt *r, const char *what)
{
    h_raw(r, "<tr><th>");
    h_text(r, what);
    h_raw(r, "</th><td>");
}

static void row_text(rpt *r, const char *what, const char *value)
{
    row_begin(r, what);
    h_text(r, value);
    h_raw(r, "</td></tr>\n");
}

static void row_num(rpt *r, const char *what, double v)
{
    row_begin(r, what);
    h_num(r, v);
    h_raw(r, "</td></tr>\n");
}

static int pooled_by_cluster(const nm_pool *p)
{
    if (!p)
        return 0;
    if (p->ncohorts)
        return p->cohorts[0].key.cluster >= 0;
    return p->nresidual && p->residual[0].key.cluster >= 0;
}

static void privacy(rpt *r)
{
    const nm_output_opts *o = r->in->o;
    const nm_privacy_stats *p = &r->in->facts->suppression->stats;
    h_fmt(r, "<h3>%s</h3>\n", RL(r, "Integritet: dolda siffror", "Privacy: hidden figures"));
    if (o->internal) {
        h_fmt(r, "<p class=\"internal\">%s</p>\n",
              RL(r, "Körd med --internal: ingen siffra är dold. Rapporten är bara för "
                    "analytikerns eget bruk.",
                 "Run with --internal: no figure is hidden. The report is for the analyst's "
                 "own use only."));
        return;
    }
    h_raw(r, "<p>");
    h_text(r, RL(r, "En siffra som bygger på färre än", "A figure resting on fewer than"));
    h_raw(r, " <b>");
    h_u64(r, nm_suppression_k(r->in->facts->suppression));
    h_raw(r, "</b> ");
    h_text(r, RL(r, "olika svarande döljs (primärt). Där en dold siffra skulle kunna räknas "
                    "fram genom att dra publicerade siffror från en publicerad summa döljs "
                    "ytterligare en (sekundärt), tills varje summa har ingen eller minst två "
                    "dolda delar. Kohorter, återstående behov och klustersummor döljs efter "
                    "samma regel.",
                 "distinct respondents is hidden (primary). Where a hidden figure could be "
                 "worked out by subtracting published figures from a published total, one more "
                 "is hidden (secondary), until every total has none or at least two hidden "
                 "parts. Cohorts, residual demand and cluster totals are hidden by the same "
                 "rule."));
    h_raw(r, "</p>\n<p><b>..</b> ");
    h_text(r, RL(r, "betyder att siffran är dold, som i SCB:s tabeller. En dold cell visar "
                    "inga siffror alls, inte heller antalet svarande, och inte om den är "
                    "dold primärt eller sekundärt. Rapporten och needmap.xlsx visar exakt det "
                    "CSV-filerna visar, inget mer.",
                 "means the figure is hidden, as in Statistics Sweden's tables. A hidden cell "
                 "shows no figure at all, not even its number of respondents, nor whether it "
                 "is hidden as primary or secondary. The report and needmap.xlsx show exactly "
                 "what the CSV files show, nothing more."));
    h_raw(r, "</p>\n<p>");
    h_text(r, RL(r, "Av", "Of"));
    h_raw(r, " ");
    h_u64(r, p->cells);
    h_raw(r, " ");
    h_text(r, RL(r, "tabellceller är", "table cells,"));
    h_raw(r, " ");
    h_u64(r, p->primary);
    h_raw(r, " ");
    h_text(r, RL(r, "dolda primärt och", "are hidden as primary and"));
    h_raw(r, " ");
    h_u64(r, p->secondary);
    h_raw(r, " ");
    h_text(r, RL(r, "sekundärt. Regeln skyddar mot subtraktion inom en tabell, inte mot varje "
                    "kombination av alla publicerade tabeller: dela de publicerade filerna, "
                    "aldrig indata.",
                 "as secondary. The rule protects against subtraction within one table, not "
                 "against every combination of all published tables: share the published "
                 "files, never the inputs."));
    h_raw(r, "</p>\n");
}

static void reading_options(rpt *r)
{
    const nm_run_facts *f = r->in->facts;
    row_num(r, RL(r, "Minsta antal svarande (--min-respondents)", "Minimum respondents (--min-respondents)"),
            nm_suppression_k(f->suppression));
    row_num(r, RL(r, "Ungefärlig yrkesmatchning godtas från (--min-confidence)",
                  "Approximate occupation matches accepted from (--min-confidence)"),
            f->min_confidence);
    row_text(r, RL(r, "Mappningsfil (--mapping)", "Mapping file (--mapping)"),
             f->mapping ? nm_config_name(f->mapping, r->in->o->internal) : RL(r, "ingen", "none"));
    row_begin(r, RL(r, "Synonymfiler (--synonyms)", "Synonyms files (--synonyms)"));
    for (size_t i = 0; i < f->nsynonyms; i++) {
        h_raw(r, i ? "; " : "");
        h_text(r, nm_config_name(f->synonyms[i], r->in->o->internal));
    }
    if (!f->nsynonyms)
        h_text(r, RL(r, "inga", "none"));
    h_raw(r, "</td></tr>\n");
}

static void pooling_options(rpt *r)
{
    const nm_run_facts *f = r->in->facts;
    const nm_rules *ru = f->rules;
    if (!ru)
        return;
    row_text(r, RL(r, "Poolas per (--pool-by)", "Pooled per (--pool-by)"),
             pooled_by_cluster(f->pool) ? RL(r, "kluster", "cluster")
                                        : RL(r, "kompetens", "competence"));
    for (int l = 0; l < NM_LEVEL_N; l++) {
        char what[96];
        snprintf(what, sizeof what, "%s: %s", RL(r, "Kohortstorlek", "Cohort size"),
                 nm_word_level(r->lang, (nm_level)l));
        row_begin(r, what);
        h_num(r, ru->level[l].min_size);
        h_raw(r, "–");
        h_num(r, ru->level[l].max_size);
        h_fmt(r, " %s, %s ", RL(r, "studerande per intag", "students per intake"),
              RL(r, "minst", "at least"));
        h_u64(r, (uint64_t)ru->level[l].min_municipalities);
        h_fmt(r, " %s</td></tr>\n", RL(r, "kommun(er)", "municipality(ies)"));
    }
    row_num(r, RL(r, "Antagningsandel, kompetensutveckling (--upskilling-enrolment)",
                  "Enrolment rate, upskilling (--upskilling-enrolment)"),
            ru->enrol[NM_NEED_UPSKILLING]);
    row_num(r, RL(r, "Antagningsandel, intresse (--interest-enrolment)",
                  "Enrolment rate, interest (--interest-enrolment)"),
            ru->enrol[NM_NEED_INTEREST]);
    row_text(r, RL(r, "Form när enkäten inte anger någon (assumed_mode)",
                   "Mode when the survey names none (assumed_mode)"),
             nm_word_mode(r->lang, ru->assumed_mode));
    row_num(r, RL(r, "Genomförbar vid P(start) minst (--viable-probability)",
                  "Viable at P(start) of at least (--viable-probability)"),
            ru->viable_probability);
    row_begin(r, RL(r, "Räckvidd från navet (km)", "Reach from the hub (km)"));
    for (int m = 0; m < NM_MODE_N; m++) {
        h_fmt(r, "%s%s ", m ? "; " : "", nm_word_mode(r->lang, (nm_mode)m));
        if (ru->reach_km[m] > 0)
            h_num(r, ru->reach_km[m]);
        else
            h_text(r, RL(r, "ingen gräns", "no limit"));
    }
    h_raw(r, "</td></tr>\n");
    row_num(r, RL(r, "Studieorter per kohort", "Study locations per cohort"), ru->max_locations);
    row_text(r, RL(r, "Rekrytering", "Recruitment"),
             RL(r, "jobb, inte studerande: visas bredvid varje kohort",
                "jobs, not students: shown beside every cohort"));
    row_text(r, RL(r, "Regelfil (--rules)", "Rules file (--rules)"),
             f->rules_path ? nm_config_name(f->rules_path, r->in->o->internal)
                           : RL(r, "ingen (standardregler)", "none (defaults)"));
    row_text(r, RL(r, "Avstånd (--distances)", "Distances (--distances)"),
             f->distances_path ? nm_config_name(f->distances_path, r->in->o->internal)
                               : RL(r, "fågelvägen mellan centralorterna",
                                    "great-circle between the main towns"));
}

static void cluster_options(rpt *r)
{
    const nm_clusters *c = r->in->facts->clusters;
    if (!c)
        return;
    const nm_cluster_opts *o = &c->opts;
    row_begin(r, RL(r, "Antal kluster (--clusters)", "Number of clusters (--clusters)"));
    if (o->k)
        h_u64(r, (uint64_t)o->k);
    else
        h_text(r, RL(r, "valt av egenvärdena, högst ", "chosen by the eigenvalues, at most "));
    if (!o->k)
        h_u64(r, (uint64_t)o->kmax);
    h_raw(r, "</td></tr>\n");
    row_num(r, RL(r, "Vikt för SSYK-närhet (--taxonomy-weight)", "Weight of SSYK proximity (--taxonomy-weight)"),
            o->taxonomy_weight);
    row_num(r, RL(r, "Vikt för gemensamma svarande (--respondent-weight)",
                  "Weight of shared respondents (--respondent-weight)"), o->respondent_weight);
    row_num(r, RL(r, "Frö (--seed)", "Seed (--seed)"), (double)o->seed);
}

static void files(rpt *r)
{
    static const char *const names[] = {"summary.json", "ranking.csv", "demand.csv",
                                        "cohorts.csv", "residual.csv", "clusters.csv",
                                        "rejects.csv", "needmap.xlsx"};
    static const char *const sv[] = {
        "vad som lästes, hur varje rad redovisades, summor (för analytiker)",
        "kompetenser rangordnade per behovstyp, för alla, per län och per kommun",
        "varje siffra: per kommun, kompetens, behovstyp, nivå, form och horisont, och alla summor",
        "genomförbara kohorter", "behov utanför kohorterna", "kompetenskluster",
        "avvisade rader: fil, rad, kolumn, orsak",
        "alla tabeller i en arbetsbok, med svenska rubriker och koder som text"};
    static const char *const en[] = {
        "what was read, how every row was accounted for, totals (for analysts)",
        "competences ranked per need type, for all, per county and per municipality",
        "every figure: per municipality, competence, need type, level, mode and horizon, and all totals",
        "viable cohorts", "demand outside the cohorts", "competence clusters",
        "rejected rows: file, line, column, reason",
        "every table in one workbook, with headings in the report's language and codes as text"};
    h_fmt(r, "<h3>%s</h3>\n<ul>\n", RL(r, "Filerna bredvid rapporten", "The files beside the report"));
    for (size_t i = 0; i < sizeof names / sizeof names[0]; i++) {
        h_fmt(r, "<li><b>%s</b>: ", names[i]);
        h_text(r, RL(r, sv[i], en[i]));
        h_raw(r, "</li>\n");
    }
    h_raw(r, "</ul>\n");
}

/* How sure the figures are: the bootstrap behind the intervals, and
 * whether the figures are weighted by a sampling frame (and if not, that
 * they are not). */
static void uncertainty(rpt *r)
{
    const nm_rankings *rk = r->in->r;
    const nm_run_facts *f = r->in->facts;
    h_fmt(r, "<h3>%s</h3>\n<p>", RL(r, "Hur säkra siffrorna är", "How sure the figures are"));
    if (rk->bootstrap) {
        h_text(r, RL(r, "Intervallen i ranking.csv (rang och antal, 95 %) kommer från ",
                     "The intervals in ranking.csv (rank and demand, 95%) come from "));
        h_u64(r, rk->bootstrap);
        h_text(r, RL(r, " omdragningar av de svarande (bootstrap, --bootstrap; frö ",
                     " resamplings of the respondents (bootstrap, --bootstrap; seed "));
        h_u64(r, rk->seed);
        h_text(r, RL(r, "). De visar hur mycket siffrorna beror på vilka som råkade svara.",
                     "). They show how much the figures depend on who happened to answer."));
    } else {
        h_text(r, RL(r, "Inga intervall (--bootstrap 0).", "No intervals (--bootstrap 0)."));
    }
    h_raw(r, " ");
    if (!f->frame || !f->weighting) {
        h_text(r, RL(r, "Siffrorna är oviktade: varje svarande räknas en gång, oavsett hur "
                        "stor andel av de tillfrågade som svarade (ingen urvalsram, --frame).",
                     "The figures are unweighted: every respondent counts once, whatever the "
                     "share of those asked who answered (no sampling frame, --frame)."));
    } else {
        const nm_weighting *w = f->weighting;
        h_text(r, RL(r, "Viktade skattningar enligt urvalsramen: svarsandel ",
                     "Weighted estimates by the sampling frame: response rate "));
        h_num(r, w->asked ? 100.0 * (double)w->answered / (double)w->asked : 0);
        h_text(r, RL(r, " % (", "% ("));
        h_u64(r, w->answered);
        h_text(r, RL(r, " av ", " of "));
        h_u64(r, w->asked);
        h_text(r, RL(r, "); ", "); "));
        h_u64(r, w->strata_low);
        h_text(r, RL(r, " kommun och svarandetyp under 50 % (low_response i ranking.csv).",
                     " municipality and kind below 50% (low_response in ranking.csv)."));
    }
    h_raw(r, "</p>\n");
}

void rpt_section_method(rpt *r)
{
    privacy(r);
    uncertainty(r);
    h_fmt(r, "<h3>%s</h3>\n<div class=\"scroll\"><table>\n", RL(r, "Inställningar", "Options"));
    reading_options(r);
    pooling_options(r);
    cluster_options(r);
    row_text(r, RL(r, "CSV för svensk Excel (--excel)", "CSV for Swedish Excel (--excel)"),
             r->in->o->excel ? RL(r, "ja", "yes") : RL(r, "nej", "no"));
    h_raw(r, "</table></div>\n");
    h_fmt(r, "<p>%s</p>\n",
          RL(r, "Hur kluster och kohorter bildas, och hur silhuetter och P(start) ska läsas, "
                "står i needmaps docs/method.md; varje fil och kolumn i docs/outputs.md.",
             "How clusters and cohorts are formed, and how to read silhouettes and P(start), "
             "is in needmap's docs/method.md; every file and column in docs/outputs.md."));
    files(r);
}
