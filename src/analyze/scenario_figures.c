/* scenario_figures.c - what one scenario's pooling gives, as published
 * (scenario.h): totals over every row of its modes, P(viable) over the
 * rows whose figures would be published. */
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/scenario.h"

static int cmp_key_ptr(const void *pa, const void *pb)
{
    return nm_pool_key_cmp(*(const nm_pool_key *const *)pa, *(const nm_pool_key *const *)pb);
}

/* Groups pooled in modes: every group with potential students gives a
 * cohort or a residual row, so the distinct keys of both. */
static uint64_t count_groups(const nm_pool *p, unsigned modes)
{
    const nm_pool_key **keys = nm_calloc(p->ncohorts + p->nresidual + 1, sizeof *keys);
    size_t n = 0;
    for (size_t i = 0; i < p->ncohorts; i++)
        if (modes & (1u << p->cohorts[i].key.mode))
            keys[n++] = &p->cohorts[i].key;
    for (size_t i = 0; i < p->nresidual; i++) /* jobs-only rows are no group with students */
        if ((modes & (1u << p->residual[i].key.mode)) &&
            p->residual[i].upskilling + p->residual[i].interest > 0)
            keys[n++] = &p->residual[i].key;
    if (n > 1)
        qsort(keys, n, sizeof *keys, cmp_key_ptr);
    uint64_t groups = 0;
    for (size_t i = 0; i < n; i++)
        groups += i == 0 || nm_pool_key_cmp(keys[i - 1], keys[i]) != 0;
    free(keys);
    return groups;
}

void nm_scenario_figures_of(const nm_pool *p, unsigned modes, nm_scenario_figures *out)
{
    memset(out, 0, sizeof *out);
    out->groups = count_groups(p, modes);
    uint64_t published = 0;
    double p_sum = 0;
    for (size_t i = 0; i < p->ncohorts; i++) { /* in the pool's order: the same sums */
        const nm_cohort *c = &p->cohorts[i];
        if (!(modes & (1u << c->key.mode)))
            continue;
        out->cohorts++;
        out->upskilling += c->upskilling;
        out->interest += c->interest;
        out->expected += c->expected;
        if (c->hidden) {
            out->cohorts_hidden++;
            continue;
        }
        p_sum += c->p_viable;
        out->p_viable_min = published++ ? (c->p_viable < out->p_viable_min ? c->p_viable
                                                                           : out->p_viable_min)
                                        : c->p_viable;
    }
    out->p_viable_mean = published ? p_sum / (double)published : 0;
    for (size_t i = 0; i < p->nresidual; i++) {
        const nm_residual *r = &p->residual[i];
        if (!(modes & (1u << r->key.mode)))
            continue;
        out->residual++;
        out->residual_hidden += r->hidden != 0;
        out->residual_upskilling += r->upskilling;
        out->residual_interest += r->interest;
    }
}

double nm_scenario_total(const nm_scenario_figures *f, int i)
{
    return i == NM_SCENARIO_UPSKILLING            ? f->upskilling
           : i == NM_SCENARIO_INTEREST            ? f->interest
           : i == NM_SCENARIO_EXPECTED            ? f->expected
           : i == NM_SCENARIO_RESIDUAL_UPSKILLING ? f->residual_upskilling
                                                  : f->residual_interest;
}
