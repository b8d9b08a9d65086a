/* bench_pool_exact.c - exact pooling at national size (issue #15): 290
 * municipalities x 429 SSYK groups x 4 levels x 3 modes, seeded synthetic
 * demand with realistic sparsity (a few occupations are asked for almost
 * everywhere, most nearly nowhere; each occupation has a usual level).
 * Prints the pooling time on one thread, the share of groups proven
 * optimal, how the groups were solved, and the same integer programs
 * solved by CBC and by GLPK.  Asserts nothing.
 *
 * Usage: bench_pool_exact [seed] [needs-scale] [nodes] [skip-glpk] */
#include <glpk.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "needmap/alloc.h"
#include "needmap/pool.h"
#include "needmap/pool_exact.h"
#include "needmap/privacy.h"

static uint64_t rng;
static unsigned rnd(unsigned n)
{
    rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((rng >> 33) % n);
}

static double now(void)
{
    struct timespec t;
    clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &t);
    return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

enum { NCODES = 429, NLEVELS = 4, NMODES = 3 };
static const nm_level levels[NLEVELS] = {NM_LEVEL_YH, NM_LEVEL_UNIVERSITY, NM_LEVEL_COURSE,
                                         NM_LEVEL_KOMVUX};
static const nm_mode modes[NMODES] = {NM_MODE_ONSITE, NM_MODE_HYBRID, NM_MODE_DISTANCE};

typedef struct group {
    nm_pool_unit *u;
    size_t n, cap;
} group;

static group groups[NCODES][NLEVELS][NMODES];

/* The demand: municipality m asks for occupation c (popularity rank c) with
 * probability scale x 0.6 / (1 + c / 10); level: the occupation's usual one
 * in 7 of 10 needs; mode: on site 1/2, hybrid 3/10, distance 1/5;
 * potential 1-12 interested. */
static size_t generate(nm_demand *d, const nm_refdata *ref, const nm_ssyk *const *codes,
                       double scale)
{
    size_t needs = 0;
    uint64_t id = 1;
    int usual[NCODES];
    for (int c = 0; c < NCODES; c++)
        usual[c] = (int)rnd(NLEVELS);
    for (size_t m = 0; m < ref->nmunis; m++)
        for (int c = 0; c < NCODES; c++) {
            double p = scale * 0.6 / (1 + c / 10.0);
            if (rnd(1000000) >= (unsigned)(fmin(p, 1) * 1000000))
                continue;
            int l = rnd(10) < 7 ? usual[c] : (int)rnd(NLEVELS);
            unsigned r = rnd(10);
            int k = r < 5 ? 0 : r < 8 ? 1 : 2;
            double n = 1 + rnd(12);
            nm_record rec = {0};
            memcpy(rec.municipality, ref->munis[m].code, 5);
            memcpy(rec.competence.ssyk, codes[c]->code, 5);
            rec.count = (nm_count){n, n, n, 1, 0, 0, 0};
            rec.need = NM_NEED_INTEREST;
            rec.level = levels[l];
            rec.mode = modes[k];
            rec.horizon = (nm_horizon){1, 3};
            rec.respondent = id++;
            nm_demand_add(d, &rec);
            group *g = &groups[c][l][k];
            NM_GROW(g->u, g->cap, g->n + 1);
            g->u[g->n++] = (nm_pool_unit){m, n, 0, 0, 0};
            needs++;
        }
    return needs;
}

/* --- GLPK on the same programs (no start: glp_intopt takes none) --- */

static int solve_glpk(const nm_pool_mip *m, const nm_pool_limits *limits, double *x,
                      double *bound, long *nodes)
{
    glp_prob *lp = glp_create_prob();
    glp_set_obj_dir(lp, GLP_MIN);
    glp_add_cols(lp, m->ncols);
    for (int j = 0; j < m->ncols; j++) {
        glp_set_col_kind(lp, j + 1, GLP_BV);
        glp_set_obj_coef(lp, j + 1, m->obj[j]);
    }
    glp_add_rows(lp, m->nrows);
    int *ind = malloc(sizeof(int) * (size_t)(m->ncols + 1));
    double *val = malloc(sizeof(double) * (size_t)(m->ncols + 1));
    for (int r = 0; r < m->nrows; r++) {
        int len = 0;
        for (int k = m->row_start[r]; k < m->row_start[r + 1]; k++) {
            ind[++len] = m->idx[k] + 1;
            val[len] = m->val[k];
        }
        glp_set_mat_row(lp, r + 1, len, ind, val);
        glp_set_row_bnds(lp, r + 1, m->sense[r] == 'L' ? GLP_UP : GLP_LO, m->rhs[r], m->rhs[r]);
    }
    glp_iocp parm;
    glp_init_iocp(&parm);
    parm.presolve = GLP_ON;
    parm.msg_lev = GLP_MSG_OFF;
    parm.tm_lim = limits->max_seconds > 0 ? (int)(limits->max_seconds * 1000) : 10000;
    int st = glp_intopt(lp, &parm);
    int s = glp_mip_status(lp);
    int r = -1;
    if (s == GLP_OPT || s == GLP_FEAS) {
        for (int j = 0; j < m->ncols; j++)
            x[j] = glp_mip_col_val(lp, j + 1) > 0.5;
        r = st == 0 && s == GLP_OPT;
    }
    *bound = -INFINITY;
    *nodes = 0;
    free(ind);
    free(val);
    glp_delete_prob(lp);
    return r;
}

typedef struct tally {
    double seconds;
    unsigned groups, optimal, programs;
    nm_pool_how how;
} tally;

static void per_group(const nm_distances *dist, const nm_rules *rules, nm_pool_solver solver,
                      int programs_only, tally *t)
{
    nm_pool_limits lim = {rules->pool_nodes, solver ? 10 : 0, solver, 0, NULL};
    memset(t, 0, sizeof *t);
    for (int c = 0; c < NCODES; c++)
        for (int l = 0; l < NLEVELS; l++)
            for (int k = 0; k < NMODES; k++) {
                group *g = &groups[c][l][k];
                if (!g->n)
                    continue;
                int *assign = nm_calloc(g->n, sizeof *assign);
                nm_pool_outcome out;
                double t0 = now();
                nm_pool_exact(g->u, g->n, dist, rules, levels[l], modes[k], &lim, assign,
                              &out);
                double dt = now() - t0;
                free(assign);
                if (programs_only && !out.how.programs)
                    continue;
                t->seconds += dt;
                t->groups++;
                t->optimal += out.status == NM_POOL_OPTIMAL;
                t->how.dropped += out.how.dropped;
                t->how.trivial += out.how.trivial;
                t->how.enumerated += out.how.enumerated;
                t->how.programs += out.how.programs;
                t->how.nodes += out.how.nodes;
                t->how.stages += out.how.stages;
                t->how.relaxed += out.how.relaxed;
                t->how.counted += out.how.counted;
                t->how.paired += out.how.paired;
                t->how.improved += out.how.improved;
                t->how.hubs += out.how.hubs;
                t->how.rooted += out.how.rooted;
            }
}

int main(int argc, char **argv)
{
    rng = argc > 1 ? strtoull(argv[1], NULL, 10) : 15;
    double scale = argc > 2 ? atof(argv[2]) : 1;
    nm_refdata *ref;
    nm_error err;
    if (nm_refdata_load(&ref, &err) != NM_OK)
        return 1;
    const nm_ssyk *codes[NCODES];
    size_t ncodes = 0;
    for (size_t i = 0; i < ref->nssyk && ncodes < NCODES; i++)
        if (ref->ssyk[i].level == 4)
            codes[ncodes++] = &ref->ssyk[i];
    glp_term_out(GLP_OFF);
    nm_demand *d = nm_demand_new(ref);
    size_t needs = generate(d, ref, codes, scale);
    nm_demand_finish(d, NULL);
    nm_rules rules;
    nm_rules_default(&rules);
    rules.pool_nodes = argc > 3 ? atol(argv[3]) : 0;
    nm_distances dist;
    nm_distances_init(&dist, ref);
    nm_pool p;
    double t0 = now();
    nm_pool_build(d, ref, &dist, &rules, NULL, NULL, NULL, NULL, NULL, &p, &err);
    double t = now() - t0;
    printf("pooling %zu municipalities x %zu SSYK groups x %d levels x %d modes (seed %llu, "
           "%zu needs, %llu non-empty groups): %.3f s CPU on one thread, %zu cohorts, %zu "
           "residual rows; proven optimal: %llu of %llu groups (%.1f%%), worst gap %.4f\n",
           ref->nmunis, ncodes, NLEVELS, NMODES, (unsigned long long)(argc > 1 ? strtoull(argv[1], NULL, 10) : 15),
           needs, (unsigned long long)p.groups, t, p.ncohorts, p.nresidual,
           (unsigned long long)(p.groups - p.groups_limit), (unsigned long long)p.groups,
           p.groups ? 100.0 * (double)(p.groups - p.groups_limit) / (double)p.groups : 100.0,
           p.worst_gap);
    tally cbc, glpk;
    per_group(&dist, &rules, NULL, 0, &cbc);
    printf("how: %u units could be in no viable cohort; parts: %u trivial, %u enumerated, %u "
           "integer programs in %u stages, %u proven by the linear relaxation alone, %u most-placed "
           "stages by the counting bound, %u least-travel stages by the two-cohort program, %u by "
           "searching every set of hubs, %u most-placed starts bettered by local search, %u "
           "stages too large to branch on by CBC's root heuristics, the others in %ld "
           "branch-and-bound nodes\n",
           cbc.how.dropped, cbc.how.trivial, cbc.how.enumerated, cbc.how.programs, cbc.how.stages,
           cbc.how.relaxed, cbc.how.counted, cbc.how.paired, cbc.how.hubs, cbc.how.improved,
           cbc.how.rooted, cbc.how.nodes);
    if (argc > 4 && atoi(argv[4]))
        return 0;
    per_group(&dist, &rules, NULL, 1, &cbc);
    per_group(&dist, &rules, solve_glpk, 1, &glpk);
    printf("groups with an integer program: CBC %u groups, %u proven optimal, %.3f s; GLPK "
           "(10 s per program) %u groups, %u proven optimal, %.3f s\n",
           cbc.groups, cbc.optimal, cbc.seconds, glpk.groups, glpk.optimal, glpk.seconds);
    nm_pool_free(&p);
    nm_distances_free(&dist);
    nm_demand_free(d);
    nm_refdata_free(ref);
    return 0;
}
