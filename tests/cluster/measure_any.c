/* measure_any.c - the choice of k on planted surveys from a second,
 * independent generator (planted_any.h): several layouts of group sizes
 * and shared towns, ten survey seeds each (101-110), with no and low
 * noise: how often k is right, the mean ARI against the planted groups,
 * and how often the same codes without structure are called "no clear
 * grouping".  Prints; asserts nothing (test_cluster_planted.c holds the
 * checks).  Run: build/tests/cluster/measure_any [-v] */
#include <gsl/gsl_errno.h>
#include <stdio.h>

#include "planted_any.h"

static const pa_layout layouts[] = {
    {3, {6, 6, 6}, 12, 6, 3, 0, {0}, {0}, 0},
    {4, {9, 5, 4, 3}, 10, 5, 3, 0, {0}, {0}, 0},
    {5, {12, 7, 5, 3, 3}, 10, 5, 3, 0, {0}, {0}, 0},
    {3, {8, 5, 3}, 10, 4, 4, 0, {0}, {0}, 0},
    {2, {10, 3}, 12, 6, 3, 0, {0}, {0}, 0},
    {6, {5, 5, 4, 4, 3, 3}, 8, 4, 2, 0, {0}, {0}, 0},
};

static int verbose;

static void measure(const nm_refdata *ref, const pa_layout *proto, unsigned noise,
                    int *right_all, int *runs_all)
{
    double sum = 0, forced = 0;
    int right = 0;
    printf("sizes");
    for (unsigned g = 0; g < proto->ngroups; g++)
        printf("%c%u", g ? '/' : ' ', proto->size[g]);
    printf(" home %u shift %u noise %u:", proto->home, proto->shift, noise);
    for (uint64_t seed = 101; seed <= 110; seed++) {
        pa_layout l = *proto;
        l.noise = noise;
        synth s;
        pa_survey(&s, ref, seed, &l);
        nm_demand *d = synth_table(ref, &s);
        nm_clusters c;
        nm_error err;
        if (nm_cluster_build(d, ref, NULL, &c, &err) != NM_OK) {
            fprintf(stderr, "%s\n", err.msg);
            return;
        }
        double a = pa_ari(&l, &c);
        sum += a;
        {
            nm_cluster_opts o;
            nm_cluster_opts_default(&o);
            o.k = (int)l.ngroups;
            o.resamples = 0;
            nm_clusters f;
            if (nm_cluster_build(d, ref, &o, &f, &err) == NM_OK)
                forced += pa_ari(&l, &f);
            nm_clusters_free(&f);
        }
        right += c.n == l.ngroups;
        printf(" %zu", c.n);
        if (verbose) {
            printf("\n   ");
            for (size_t i = 0; i < c.ncand; i++)
                printf(" k%d st %.3f sil %.3f;", c.cand[i].k, c.cand[i].stability,
                       c.cand[i].silhouette);
            printf("\n");
        }
        nm_clusters_free(&c);
        nm_demand_free(d);
        synth_free(&s);
    }
    printf("  mean ARI %.3f, k right %d/10 (forced to the planted k: mean ARI %.3f)\n",
           sum / 10, right, forced / 10);
    *right_all += right;
    *runs_all += 10;
}

static void flat(const nm_refdata *ref, const pa_layout *proto, int *unclear, int *runs)
{
    for (uint64_t seed = 101; seed <= 110; seed++) {
        pa_layout l = *proto;
        synth s;
        pa_flat(&s, ref, seed, &l);
        nm_demand *d = synth_table(ref, &s);
        nm_clusters c;
        nm_error err;
        if (nm_cluster_build(d, ref, NULL, &c, &err) == NM_OK)
            *unclear += !c.clear;
        *runs += 1;
        nm_clusters_free(&c);
        nm_demand_free(d);
        synth_free(&s);
    }
}

int main(int argc, char **argv)
{
    gsl_set_error_handler_off();
    verbose = argc > 1 && strcmp(argv[1], "-v") == 0;
    nm_refdata *ref;
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 2;
    int right = 0, runs = 0, unclear = 0, fruns = 0;
    for (size_t i = 0; i < sizeof layouts / sizeof *layouts; i++) {
        measure(ref, &layouts[i], 0, &right, &runs);
        measure(ref, &layouts[i], 3, &right, &runs);
        flat(ref, &layouts[i], &unclear, &fruns);
    }
    printf("k right in %d of %d surveys; no structure: 'no clear grouping' in %d of %d\n",
           right, runs, unclear, fruns);
    nm_refdata_free(ref);
    return 0;
}
