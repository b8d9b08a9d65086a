/* pool_instances.c - random instances shared by the pool tests (see
 * pool_instances.h). */
#include "pool_instances.h"

unsigned pool_rnd(uint64_t *rng, unsigned n)
{
    *rng = *rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((*rng >> 33) % n);
}

unsigned pool_draw_unused(uint64_t *rng, unsigned among, uint64_t *used)
{
    unsigned k;
    do
        k = pool_rnd(rng, among);
    while (*used & (1ull << k));
    *used |= 1ull << k;
    return k;
}

void pool_near_units(nm_pool_unit *u, size_t n, const size_t *near, unsigned among,
                     unsigned first, unsigned count, double per, uint64_t *rng)
{
    uint64_t used = 0;
    for (size_t i = 0; i < n; i++) {
        unsigned k = pool_draw_unused(rng, among, &used);
        u[i] = (nm_pool_unit){near[k], (first + pool_rnd(rng, count)) / per, 0, 0, 0};
    }
}

void pool_instance_kind(int t, nm_rules *rules, nm_level *level, nm_mode *mode)
{
    static const nm_level levels[4] = {NM_LEVEL_YH, NM_LEVEL_UNIVERSITY, NM_LEVEL_COURSE,
                                       NM_LEVEL_KOMVUX};
    static const nm_mode modes[3] = {NM_MODE_ONSITE, NM_MODE_HYBRID, NM_MODE_DISTANCE};
    nm_rules_default(rules);
    *level = levels[t % 4];
    *mode = modes[(t / 4) % 3];
}
