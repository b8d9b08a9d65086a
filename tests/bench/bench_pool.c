/* bench_pool.c - pooling time for 290 municipalities x 429 competences x 3
 * delivery modes (synthetic, seeded demand; YH level, interest).  Prints
 * seconds, cohorts and residual rows; asserts nothing. */
#include <stdio.h>
#include <string.h>
#include <time.h>

#include "needmap/pool.h"
#include "needmap/privacy.h"

static uint64_t rng = 11;
static unsigned rnd(unsigned n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng >> 33) % n);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_MONOTONIC, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

int main(void)
{
    nm_refdata *ref;
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 1;
    const nm_ssyk *codes[429];
    size_t ncodes = 0;
    for (size_t i = 0; i < ref->nssyk && ncodes < 429; i++)
        if (ref->ssyk[i].level == 4)
            codes[ncodes++] = &ref->ssyk[i];
    static const nm_mode modes[3] = {NM_MODE_DISTANCE, NM_MODE_HYBRID, NM_MODE_ONSITE};
    nm_demand *d = nm_demand_new(ref);
    uint64_t id = 1, needs = 0;
    for (size_t m = 0; m < ref->nmunis; m++)
        for (size_t c = 0; c < ncodes; c++)
            for (int k = 0; k < 3; k++) {
                if (rnd(4)) /* three in four combinations have no demand */
                    continue;
                nm_record r = {0};
                memcpy(r.municipality, ref->munis[m].code, 5);
                memcpy(r.competence.ssyk, codes[c]->code, 5);
                double n = 1 + rnd(12);
                r.count = (nm_count){n, n, n, 1, 0, 0, 0};
                r.need = NM_NEED_INTEREST;
                r.level = NM_LEVEL_YH;
                r.mode = modes[k];
                r.horizon = (nm_horizon){1, 3};
                r.respondent = id++;
                nm_demand_add(d, &r);
                needs++;
            }
    nm_demand_finish(d, NULL);
    nm_suppression supp;
    nm_privacy_apply(d, 3, NULL, &supp);
    nm_rules rules;
    nm_rules_default(&rules);
    nm_distances dist;
    nm_distances_init(&dist, ref);
    nm_pool p;
    double t0 = now();
    nm_pool_build(d, ref, &dist, &rules, NULL, NULL, NULL, &supp, NULL, &p, &err);
    double t = now() - t0;
    printf("pooling %zu municipalities x %zu competences x 3 modes (%llu needs, %llu groups): "
           "%.3f s, %zu cohorts, %zu residual rows\n",
           ref->nmunis, ncodes, (unsigned long long)needs, (unsigned long long)p.groups, t,
           p.ncohorts, p.nresidual);
    nm_pool_free(&p);
    nm_suppression_free(&supp);
    nm_distances_free(&dist);
    nm_demand_free(d);
    nm_refdata_free(ref);
    return 0;
}
