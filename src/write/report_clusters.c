/* report_clusters.c - the report's section 5: competence clusters
 * (clusters.csv), their totals per need type under the same privacy rules,
 * and how much to trust them: silhouettes and how k was chosen. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/cluster_write.h"
#include "planner_parts.h"

typedef struct cluster_data {
    const nm_clusters *c;                  /* NULL: clustering was not run */
    nm_cluster_total *totals[NM_NEED_N];   /* per need type present, rank order; owned */
} cluster_data;

static void cluster_data_get(const nm_report_in *in, cluster_data *out)
{
    *out = (cluster_data){.c = in->facts->clusters};
    if (!out->c)
        return;
    for (int n = 0; n < NM_NEED_N; n++)
        if (nm_clusters_need_present(out->c, n))
            out->totals[n] = nm_cluster_totals(out->c, in->d, in->facts->suppression, n);
}

static void cluster_data_free(cluster_data *d)
{
    for (int n = 0; n < NM_NEED_N; n++)
        free(d->totals[n]);
}

static double round3(double v) { return round(v * 1000.0) / 1000.0 + 0.0; }

/* docs/method.md's reading of a silhouette. */
static const char *reading(const rpt *r, double s)
{
    if (isnan(s))
        return RL(r, "inte definierad", "not defined");
    if (s > 0.5)
        return RL(r, "hör tydligt hit", "clearly belongs");
    if (s >= 0.25)
        return RL(r, "hör hit, med visst behov på annat håll", "belongs, with some demand elsewhere");
    if (s >= 0.1)
        return RL(r, "svagt knuten", "weakly attached");
    if (s >= 0)
        return RL(r, "svag medlem", "weak member");
    return RL(r, "närmare ett annat kluster", "closer to another cluster");
}

static void silhouette(rpt *r, double s)
{
    if (!isnan(s)) {
        h_num(r, round3(s));
        h_raw(r, " ");
    }
    h_raw(r, "<span class=\"note\">");
    h_text(r, reading(r, s));
    h_raw(r, "</span>");
}

static const nm_cluster_total *total_of(const cluster_data *d, int need, size_t cluster)
{
    if (!d->totals[need])
        return NULL;
    for (size_t i = 0; i < d->c->n; i++)
        if (d->totals[need][i].cluster == cluster)
            return &d->totals[need][i];
    return NULL;
}

static void totals_table(rpt *r, const cluster_data *d, size_t cluster)
{
    h_fmt(r, "<table>\n<tr><th>%s</th><th class=\"n\">%s</th><th class=\"n\">%s</th>"
             "<th class=\"n\">%s</th><th class=\"n\">%s</th></tr>\n",
          RL(r, "Behov", "Need"), RL(r, "Rang", "Rank"), RL(r, "Antal", "People"),
          RL(r, "Spann i svaren", "Range in answers"), RL(r, "Svarande", "Respondents"));
    for (int k = 0; k < NM_NEED_N; k++) {
        const nm_cluster_total *t = total_of(d, rpt_need_order[k], cluster);
        if (!t)
            continue;
        h_fmt(r, "<tr><td>%s</td><td class=\"n\">", nm_word_need(r->lang, rpt_need_order[k]));
        if (t->rank)
            h_u64(r, t->rank);
        h_raw(r, "</td><td class=\"n\">");
        if (t->suppress != NM_PUBLISHED) {
            h_hidden(r);
            h_raw(r, "</td><td class=\"n\">");
            h_hidden(r);
        } else {
            h_num(r, t->demand);
            h_raw(r, "</td><td class=\"n\">");
            if (t->low != t->high) {
                h_num(r, t->low);
                h_raw(r, "–");
                h_num(r, t->high);
            }
        }
        h_raw(r, "</td><td class=\"n\">");
        h_respondents(r, t->respondents, t->suppress != NM_PUBLISHED);
        h_raw(r, "</td></tr>\n");
    }
    h_raw(r, "</table>\n");
}

static void members_table(rpt *r, const nm_cluster_member *m, size_t n, int with_silhouette)
{
    h_fmt(r, "<table>\n<tr><th>%s</th>", RL(r, "Kompetens", "Competence"));
    if (with_silhouette)
        h_fmt(r, "<th>%s</th>", RL(r, "Silhuett", "Silhouette"));
    h_raw(r, "</tr>\n");
    for (size_t i = 0; i < n; i++) {
        h_raw(r, "<tr><td>");
        h_text(r, rpt_comp_label(r, &m[i].comp, 4));
        if (m[i].comp.code[0])
            h_fmt(r, " <span class=\"code\">%s</span>", m[i].comp.code);
        h_raw(r, "</td>");
        if (with_silhouette) {
            h_raw(r, "<td>");
            silhouette(r, m[i].silhouette);
            h_raw(r, "</td>");
        }
        h_raw(r, "</tr>\n");
    }
    h_raw(r, "</table>\n");
}

static void how_chosen(rpt *r, const nm_clusters *c)
{
    h_raw(r, "<p>");
    h_u64(r, c->n);
    h_fmt(r, " %s ", c->n == 1 ? RL(r, "kluster", "cluster") : RL(r, "kluster", "clusters"));
    switch (c->k_source) {
    case NM_K_OPTION: h_text(r, RL(r, "(antalet angivet med --clusters).", "(the number given with --clusters).")); break;
    case NM_K_ADJUSTED: h_text(r, RL(r, "(antalet justerat, se anteckningarna).", "(the number adjusted, see the notes).")); break;
    case NM_K_CHOSEN:
        h_text(r, c->opts.resamples
                      ? RL(r, "(det antal som bootstrap-omdragningar av de svarande återger bäst; "
                              "sedan delas ett kluster bara om det delar sig tydligare än när "
                              "svaren blandas om slumpvis).",
                           "(the number that bootstrap resamples of the respondents reproduce best; "
                           "then a cluster is split only where it splits more clearly than with "
                           "its answers shuffled at random).")
                      : RL(r, "(antalet valt där egenvärdena faller mest).",
                           "(the number chosen where the eigenvalues drop most)."));
        break;
    case NM_K_UNCLEAR:
        h_raw(r, "</p>\n<p class=\"warn\"><b>");
        h_text(r, RL(r, "Ingen tydlig gruppering.", "No clear grouping."));
        h_raw(r, "</b> ");
        h_text(r, RL(r, "Inget antal kluster återges av omdragningar av de svarande; "
                        "kompetenserna hålls ihop i stället för att delas godtyckligt.",
                     "No number of clusters is reproduced by resamples of the "
                     "respondents; the competences are kept together instead of being "
                     "split at random."));
        break;
    default: h_text(r, RL(r, "(för få kompetenser att gruppera).", "(too few competences to group).")); break;
    }
    if (c->neigen) {
        h_fmt(r, " %s: ", RL(r, "De största egenvärdena", "The largest eigenvalues"));
        for (size_t i = 0; i < c->neigen && i < 8; i++) {
            h_raw(r, i ? "; " : "");
            h_num(r, round3(c->eigenvalues[i]));
        }
        h_fmt(r, ". %s", RL(r, "Ett tydligt fall efter det k:te talar för k kluster; jämna värden betyder att inget antal sticker ut.",
                           "A clear drop after the k-th speaks for k clusters; even values mean no number stands out."));
    }
    h_raw(r, "</p>\n");
    if (!isnan(c->silhouette_mean)) {
        h_fmt(r, "<p>%s ", RL(r, "Medelsilhuett över alla grupperade kompetenser:",
                              "Mean silhouette over all grouped competences:"));
        silhouette(r, c->silhouette_mean);
        h_raw(r, ".");
        if (!isnan(c->stability)) {
            h_fmt(r, " %s ", RL(r, "Stabilitet (medel-ARI mot omdragningar):",
                                "Stability (mean ARI against resamples):"));
            h_num(r, round3(c->stability));
            h_raw(r, ".");
        }
        h_raw(r, "</p>\n");
    }
    if (c->nnotes) {
        h_fmt(r, "<ul class=\"note\" lang=\"en\">");
        for (size_t i = 0; i < c->nnotes; i++) {
            h_raw(r, "<li>");
            h_text(r, c->notes[i]);
            h_raw(r, "</li>");
        }
        h_raw(r, "</ul>\n");
    }
}

void rpt_section_clusters(rpt *r)
{
    cluster_data d;
    cluster_data_get(r->in, &d);
    h_fmt(r, "<p>%s</p>\n",
          RL(r, "Kompetenser vars efterfrågan hänger ihop: samma kommuner, samma svarande, "
                "närliggande SSYK-grupper. Ett program eller ett kurspaket kan tjäna dem "
                "tillsammans. <b>Silhuetten</b> (−1 till 1) säger hur väl en kompetens passar "
                "sitt kluster: över 0,5 hör den tydligt hit, under 0,1 kunde den lika gärna "
                "höra till ett annat. Ett kluster med låg medelsilhuett är en lös grupp, inte "
                "ett program. <b>Stabiliteten</b> (0 till 1) säger hur ofta klustret "
                "kommer tillbaka när de svarande dras om (bootstrap): under 0,6 är det svagt.",
             "Competences whose demand goes together: the same municipalities, the same "
             "respondents, related SSYK groups. One programme or course package could serve "
             "them. The <b>silhouette</b> (−1 to 1) says how well a competence fits its "
             "cluster: above 0.5 it clearly belongs, below 0.1 it could as well belong to "
             "another. A cluster with a low mean silhouette is a loose group, not a "
             "programme. The <b>stability</b> (0 to 1) says how often the cluster comes "
             "back when the respondents are drawn again (bootstrap): below 0.6 it is weak."));
    if (!d.c) {
        h_fmt(r, "<p>%s</p>\n", RL(r, "Ingen klustring.", "No clustering."));
        return;
    }
    how_chosen(r, d.c);
    for (size_t i = 0; i < d.c->n; i++) {
        const nm_cluster *cl = &d.c->list[i];
        h_fmt(r, "<h3 id=\"kluster-%d\">%d. ", cl->id, cl->id);
        h_text(r, cl->label);
        h_raw(r, "</h3>\n<p>");
        h_u64(r, cl->n);
        h_fmt(r, " %s; %s ", RL(r, "kompetenser", "competences"),
              RL(r, "medelsilhuett", "mean silhouette"));
        silhouette(r, cl->silhouette_mean);
        if (!isnan(cl->stability)) {
            h_fmt(r, "; %s ", RL(r, "stabilitet", "stability"));
            h_num(r, round3(cl->stability));
        }
        h_raw(r, ".");
        if (strcmp(nm_cluster_strength(d.c, cl), "weak") == 0) {
            h_raw(r, " <b class=\"warn\">");
            h_text(r, RL(r, "Svagt kluster: läs det som ett förslag, inte som ett program.",
                         "Weak cluster: read it as a suggestion, not as a programme."));
            h_raw(r, "</b>");
        }
        h_raw(r, "</p>\n<div class=\"pair\"><div class=\"scroll\">");
        totals_table(r, &d, i);
        h_raw(r, "</div><div class=\"scroll\">");
        members_table(r, cl->members, cl->n, 1);
        h_raw(r, "</div></div>\n");
    }
    if (d.c->nungrouped) {
        h_fmt(r, "<h3>%s</h3>\n<p>%s</p>\n<div class=\"scroll\">",
              RL(r, "Ej grupperade", "Not grouped"),
              RL(r, "Kompetenser utan något gemensamt med någon annan i undersökningen.",
                 "Competences with nothing in common with any other in the survey."));
        members_table(r, d.c->ungrouped, d.c->nungrouped, 0);
        h_raw(r, "</div>\n");
    }
    cluster_data_free(&d);
}
