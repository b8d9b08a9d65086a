/* pool_pair.c - the least travel of two cohorts by distance (stage 3 of
 * the program, pool_mip.c), exactly, where its relaxation is not 0/1.
 *
 * By distance (no reach), with the units to place fixed and two cohorts,
 * least travel is: over every pair of hubs (h1, h2), each other unit to
 * h1's cohort or h2's, each cohort of M to L units and at least V
 * potential, the least sum of p_i d(i, hub).  A dynamic program over the
 * units with state (units so far in h1's cohort, their potential in
 * steps) solves one pair; the best pair is the least travel of any two
 * cohorts of those units (each cohort's true hub travels no more than the
 * pair's).  The cap and placements are not in it: the result counts only
 * when both its cohorts are valid (nm_px_cohort) and, each at the hub the
 * rules give it, travel no more than the pair's hubs; then no valid
 * pooling of those units in two cohorts travels less. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "pool_exact_int.h"

typedef struct pair_dp {
    const nm_px *c;
    const size_t *unit;       /* [m] the units to place (indices into c->units) */
    size_t m, L, M;
    const int *s;             /* [m] their potentials in steps */
    int top;                  /* their steps in all */
    double need;              /* steps a cohort needs (V q) */
    size_t w;                 /* states per unit count: top + 1 */
    double *cost, *next;      /* [(L + 1) w] */
    unsigned char *take;      /* [m (L + 1) w]: 1 = unit i went to h1 */
} pair_dp;

static double travel_to(const pair_dp *d, size_t i, size_t h)
{
    const nm_pool_unit *u = d->c->units;
    return u[d->unit[i]].potential *
           nm_distance(d->c->dist, u[d->unit[i]].muni, u[d->unit[h]].muni);
}

/* The step of unit i (not a hub) from d->cost into d->next. */
static void step(pair_dp *d, size_t i, size_t h1, size_t h2)
{
    size_t states = (d->L + 1) * d->w;
    unsigned char *take = d->take + i * states;
    double to1 = travel_to(d, i, h1), to2 = travel_to(d, i, h2);
    for (size_t k = 0; k < states; k++)
        d->next[k] = INFINITY;
    for (size_t n1 = 1; n1 <= d->L; n1++)
        for (size_t t = 0; t < d->w; t++) {
            size_t here = n1 * d->w + t, there = here + d->w + (size_t)d->s[i];
            double v = d->cost[here];
            if (!isfinite(v))
                continue;
            if (v + to2 < d->next[here]) {
                d->next[here] = v + to2;
                take[here] = 0;
            }
            if (n1 < d->L && t + (size_t)d->s[i] < d->w && v + to1 < d->next[there]) {
                d->next[there] = v + to1;
                take[there] = 1;
            }
        }
    double *x = d->cost;
    d->cost = d->next;
    d->next = x;
}

/* Hubs h1 < h2: the least travel (INFINITY: no split holds), its end
 * state into *end. */
static double one_pair(pair_dp *d, size_t h1, size_t h2, size_t *end)
{
    size_t states = (d->L + 1) * d->w;
    for (size_t k = 0; k < states; k++)
        d->cost[k] = INFINITY;
    d->cost[d->w + (size_t)d->s[h1]] = 0;
    for (size_t i = 0; i < d->m; i++)
        if (i != h1 && i != h2)
            step(d, i, h1, h2);
    double best = INFINITY;
    for (size_t n1 = d->M; n1 <= d->L; n1++) {
        size_t n2 = d->m - n1;
        for (size_t t = 0; n2 >= d->M && n2 <= d->L && t < d->w; t++) {
            double v = d->cost[n1 * d->w + t];
            if (v < best && (double)t >= d->need && (double)d->top - (double)t >= d->need) {
                best = v;
                *end = n1 * d->w + t;
            }
        }
    }
    return best;
}

/* The split of the best pair back from its end state into local. */
static void back(const pair_dp *d, size_t h1, size_t h2, size_t state, const size_t *pos,
                 int *local)
{
    size_t states = (d->L + 1) * d->w;
    local[pos[h1]] = 0;
    local[pos[h2]] = 1;
    for (size_t i = d->m; i-- > 0;) {
        if (i == h1 || i == h2)
            continue;
        int one = d->take[i * states + state];
        local[pos[i]] = one ? 0 : 1;
        if (one)
            state -= d->w + (size_t)d->s[i];
    }
}

/* The most steps one call may take (about a second's work). */
#define PAIR_WORK_MAX 2e8

int nm_px_two_cohorts(const nm_px *c, const size_t *set, size_t n, const char *placed,
                      double q, int *local)
{
    size_t m = 0, *pos = nm_calloc(n + 1, sizeof *pos), *unit = nm_calloc(n + 1, sizeof *unit);
    int *s = nm_calloc(n + 1, sizeof *s), top = 0;
    for (size_t i = 0; i < n; i++) {
        local[i] = -1;
        if (!placed[i])
            continue;
        pos[m] = i;
        unit[m] = set[i];
        s[m] = (int)round(c->units[set[i]].potential * q);
        top += s[m++];
    }
    pair_dp d = {c, unit, m, c->max_locations, c->min_munis ? c->min_munis : 1, s, top,
                 c->viable * q - 1e-6, (size_t)top + 1, NULL, NULL, NULL};
    size_t states = (d.L + 1) * d.w;
    /* every pair of hubs runs the program over every unit and state: with
     * fine steps (hundredths of a student) that is billions of steps, so
     * leave such parts to the integer program (0: nothing claimed) */
    if ((double)m * (double)m * (double)m / 2 * (double)states > PAIR_WORK_MAX) {
        free(pos);
        free(unit);
        free(s);
        return 0;
    }
    d.cost = nm_calloc(states, sizeof *d.cost);
    d.next = nm_calloc(states, sizeof *d.next);
    d.take = nm_calloc(m * states + 1, 1);
    double best = INFINITY;
    size_t b1 = 0, b2 = 0, end = 0, e;
    for (size_t h1 = 0; h1 < m; h1++)
        for (size_t h2 = h1 + 1; h2 < m; h2++) {
            double v = one_pair(&d, h1, h2, &e);
            if (v < best) {
                best = v;
                b1 = h1;
                b2 = h2;
            }
        }
    int ok = isfinite(best);
    if (ok) {
        one_pair(&d, b1, b2, &end); /* again, for its choices */
        back(&d, b1, b2, end, pos, local);
        size_t *mem = nm_calloc(n + 1, sizeof *mem);
        double travel = 0;
        for (int g = 0; g < 2 && ok; g++) {
            size_t k = 0;
            double pl, tr;
            for (size_t i = 0; i < n; i++)
                if (local[i] == g)
                    mem[k++] = set[i];
            ok = nm_px_cohort(c, mem, k, &pl, &tr);
            travel += tr;
        }
        /* each cohort at the hub the rules allow (placements, an own
         * cohort's hub): only when that travels no more than the pair's
         * hubs is it the least (else a cohort's allowed hub travels more
         * and another split may travel less) */
        ok = ok && travel <= best + 1e-9 * (1 + best);
        free(mem);
    }
    free(d.cost);
    free(d.next);
    free(d.take);
    free(pos);
    free(unit);
    free(s);
    return ok;
}
