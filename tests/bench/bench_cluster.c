/* bench_cluster.c - time to cluster every SSYK 2012 occupation (429
 * competences) over all 290 municipalities.
 *
 * Builds a seeded synthetic survey (tests/cluster/synth.h): the 429
 * level-4 groups dealt into GROUPS planted groups, each with HOME home
 * municipalities where its competences have recruitment (70%) and
 * upskilling (30%) needs, plus NOISE needs anywhere.  Then measures, RUNS
 * times each (first argument, default 3), the best of:
 *   1. the demand table: nm_demand_add, nm_demand_finish, nm_privacy_apply;
 *   2. nm_cluster_build with the default options (k by bootstrap stability,
 *      NM_CLUSTER_RESAMPLES_DEFAULT resamples), and without resamples (k
 *      by the eigengap): the difference is the cost of the bootstrap;
 *   3. clusters.csv and the summary's clusters member, written to memory.
 * Prints seconds, k, the mean silhouette and stability, and peak RSS.  Asserts nothing. */
#define _DEFAULT_SOURCE /* getrusage's ru_maxrss */
#include <gsl/gsl_errno.h>
#include <cjson/cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>

#include "needmap/cluster.h"
#include "needmap/cluster_write.h"

#include "synth.h"

enum { GROUPS = 6, HOME = 24, NOISE = 10 };

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static double min_of(double a, double b) { return a < b ? a : b; }

/* The 429 level-4 codes dealt into GROUPS NULL-terminated lists. */
static const char ***deal(const nm_refdata *ref, size_t *ncomp)
{
    const char ***groups = calloc(GROUPS, sizeof *groups);
    size_t *fill = calloc(GROUPS, sizeof *fill);
    for (int g = 0; g < GROUPS; g++)
        groups[g] = calloc(ref->nssyk + 1, sizeof **groups);
    *ncomp = 0;
    for (size_t i = 0; i < ref->nssyk; i++) {
        if (ref->ssyk[i].level != 4)
            continue;
        size_t g = (*ncomp)++ % GROUPS;
        groups[g][fill[g]++] = ref->ssyk[i].code;
    }
    free(fill);
    return groups;
}

static size_t write_outputs(const nm_clusters *c, const nm_demand *d, const nm_suppression *s,
                            const nm_refdata *ref)
{
    char *text = NULL;
    size_t len = 0;
    FILE *f = open_memstream(&text, &len);
    nm_output_opts o = {.min_respondents = 3};
    nm_write_clusters_csv(f, c, d, s, ref, &o);
    fclose(f);
    cJSON *j = nm_clusters_json(c, d, s, ref, 0);
    char *json = cJSON_PrintUnformatted(j);
    size_t bytes = len + strlen(json);
    free(json);
    cJSON_Delete(j);
    free(text);
    return bytes;
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off(); /* as main.c: statuses are checked */
    int runs = argc > 1 ? atoi(argv[1]) : 3;
    nm_refdata *ref;
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 1;
    size_t ncomp;
    const char ***groups = deal(ref, &ncomp);
    synth s = {0};
    s.rng = 2024;
    synth_plant(&s, ref, (const char *const *const *)groups, GROUPS, HOME, NOISE);

    double t_table = 1e300, t_cluster = 1e300, t_write = 1e300, t_plain = 1e300;
    size_t k_plain = 0;
    size_t k = 0, bytes = 0, grouped = 0;
    double silhouette = 0, stability = 0;
    nm_status st = NM_OK;
    for (int r = 0; r < runs && st == NM_OK; r++) {
        double t0 = now();
        nm_demand *d = synth_table(ref, &s);
        nm_suppression supp;
        nm_privacy_apply(d, 3, NULL, &supp);
        double t1 = now();
        nm_clusters c;
        st = nm_cluster_build(d, ref, NULL, &c, &err);
        double t2 = now();
        nm_cluster_opts plain;
        nm_cluster_opts_default(&plain);
        plain.resamples = 0;
        nm_clusters p;
        double t4 = now();
        if (st == NM_OK && nm_cluster_build(d, ref, &plain, &p, &err) == NM_OK) {
            k_plain = p.n;
            nm_clusters_free(&p);
        }
        t_plain = min_of(t_plain, now() - t4);
        bytes = st == NM_OK ? write_outputs(&c, d, &supp, ref) : 0;
        double t3 = now();
        t_table = min_of(t_table, t1 - t0);
        t_cluster = min_of(t_cluster, t2 - t1);
        t_write = min_of(t_write, t3 - t2);
        k = c.n;
        grouped = ncomp - c.nungrouped;
        silhouette = c.silhouette_mean;
        stability = c.stability;
        nm_clusters_free(&c);
        nm_suppression_free(&supp);
        nm_demand_free(d);
    }
    if (st != NM_OK)
        fprintf(stderr, "bench_cluster: %s\n", err.msg);
    struct rusage ru;
    getrusage(RUSAGE_SELF, &ru);
    printf("cluster benchmark: %zu competences x %zu municipalities, %zu needs, "
           "%d planted groups, best of %d\n", ncomp, ref->nmunis, s.n, GROUPS, runs);
    printf("  demand table + suppression : %7.3f s\n", t_table);
    printf("  nm_cluster_build           : %7.3f s  k = %zu (stability, %d resamples), %zu "
           "grouped, mean silhouette %.3f, stability %.3f\n", t_cluster, k,
           NM_CLUSTER_RESAMPLES_DEFAULT, grouped, silhouette, stability);
    printf("    without resamples        : %7.3f s  k = %zu (eigengap)\n", t_plain, k_plain);
    printf("    cost of the bootstrap    : %7.3f s  (%.3f s per resample)\n", t_cluster - t_plain,
           (t_cluster - t_plain) / NM_CLUSTER_RESAMPLES_DEFAULT);
    printf("  clusters.csv + JSON        : %7.3f s  %zu bytes\n", t_write, bytes);
    printf("  peak RSS                   : %7.1f MiB\n", (double)ru.ru_maxrss / 1024.0);
    for (int g = 0; g < GROUPS; g++)
        free(groups[g]);
    free(groups);
    synth_free(&s);
    nm_refdata_free(ref);
    return st != NM_OK;
}
