/* measure_planted.c - the figures of issue #19 for competence clustering:
 * over 10 survey seeds of the planted surveys (planted.h), the mean
 * adjusted Rand index against the planted groups and how often k is 4,
 * with no, low and heavy noise, and how often a survey without structure
 * is said to have no clear grouping.  Prints; asserts nothing (the checks
 * are in test_cluster_planted.c).  Run: build/tests/cluster/measure_planted
 * [-v]; -v adds per survey every candidate k's stability, silhouette and
 * the ARI of the partition forced to it, the partition forced to k = 4,
 * and the eigenvalues. */
#include <gsl/gsl_errno.h>
#include <stdio.h>

#include "planted.h"

static int verbose;

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
        if (nm_cluster_build(d, ref, &o, &f, &err) == NM_OK) {
            forced += planted_ari_of(ref, &f);
            if (verbose) {
                printf("\n    forced:");
                for (size_t k = 0; k < f.n; k++) {
                    printf(" [");
                    for (size_t i = 0; i < f.list[k].n; i++)
                        printf("%d", planted_truth(ref, &f.list[k].members[i]));
                    printf("]");
                }
            }
        }
        nm_clusters_free(&f);
        right += c.n == PLANTED_GROUPS;
        printf(" %zu/%.2f", c.n, ari);
        if (verbose) {
            printf("\n    seed %2u:", (unsigned)seed);
            for (size_t i = 0; i < c.ncand; i++) {
                nm_cluster_opts q;
                nm_cluster_opts_default(&q);
                q.k = c.cand[i].k;
                q.resamples = 0;
                nm_clusters g;
                double a = -9;
                if (nm_cluster_build(d, ref, &q, &g, &err) == NM_OK)
                    a = planted_ari_of(ref, &g);
                nm_clusters_free(&g);
                printf(" k%d(%d) st %.3f sil %.3f ari %.2f;", c.cand[i].k, c.cand[i].made,
                       c.cand[i].stability, c.cand[i].silhouette, a);
            }
            printf("\n    eig:");
            for (size_t i = 0; i < c.neigen; i++)
                printf(" %.3f", c.eigenvalues[i]);
            printf("\n");
        }
        nm_clusters_free(&c);
        nm_demand_free(d);
        synth_free(&s);
    }
    printf("\n       mean ARI %.3f, k right in %d of 10 (forced to k = 4: mean ARI %.3f)\n",
           sum / 10, right, forced / 10);
}

int main(int argc, char **argv)
{
    verbose = argc > 1 && argv[1][0] == '-' && argv[1][1] == 'v';
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
