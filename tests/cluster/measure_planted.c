/* measure_planted.c - the figures of issue #19 for competence clustering:
 * over 10 survey seeds of the planted surveys (planted.h), the mean
 * adjusted Rand index against the planted groups and how often k is 4,
 * with no, low and heavy noise, and how often a survey without structure
 * is said to have no clear grouping.  Prints; asserts nothing (the checks
 * are in test_cluster_planted.c).  Run: build/tests/cluster/measure_planted */
#include <gsl/gsl_errno.h>
#include <stdio.h>

#include "planted.h"

static void measure(const nm_refdata *ref, const char *name, unsigned noise)
{
    double sum = 0, forced = 0;
    int right = 0;
    printf("%-6s noise:", name);
    for (uint64_t seed = 1; seed <= 10; seed++) {
        synth s;
        planted_survey(&s, ref, seed, noise);
        nm_demand *d = synth_table(ref, &s);
        nm_clusters c;
        nm_error err;
        if (nm_cluster_build(d, ref, NULL, &c, &err) != NM_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return;
        }
        double ari = planted_ari_of(ref, &c);
        sum += ari;
        nm_cluster_opts o;
        nm_cluster_opts_default(&o);
        o.k = PLANTED_GROUPS;
        nm_clusters f;
        if (nm_cluster_build(d, ref, &o, &f, &err) == NM_OK)
            forced += planted_ari_of(ref, &f);
        nm_clusters_free(&f);
        right += c.n == PLANTED_GROUPS;
        printf(" %zu/%.2f", c.n, ari);
        nm_clusters_free(&c);
        nm_demand_free(d);
        synth_free(&s);
    }
    printf("\n       mean ARI %.3f, k right in %d of 10 (forced to k = 4: mean ARI %.3f)\n",
           sum / 10, right, forced / 10);
}

int main(void)
{
    gsl_set_error_handler_off();
    nm_refdata *ref;
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 2;
    measure(ref, "no", PLANTED_NOISE_NONE);
    measure(ref, "low", PLANTED_NOISE_LOW);
    measure(ref, "heavy", PLANTED_NOISE_HEAVY);
    printf("no structure (k / mean silhouette):");
    for (uint64_t seed = 1; seed <= 10; seed++) {
        synth s;
        planted_none(&s, ref, seed);
        nm_demand *d = synth_table(ref, &s);
        nm_clusters c;
        if (nm_cluster_build(d, ref, NULL, &c, &err) == NM_OK)
            printf(" %zu/%.2f", c.n, c.silhouette_mean);
        nm_clusters_free(&c);
        nm_demand_free(d);
        synth_free(&s);
    }
    printf("\n");
    nm_refdata_free(ref);
    return 0;
}
