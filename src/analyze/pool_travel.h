/* pool_travel.h - the least travel of a fixed number of cohorts, exactly
 * (pool_travel.c): the last stage of a part's program (pool_mip.c) when
 * its units to place are known and its relaxation is far off.  Plain
 * arrays in, so that a test can hold it against brute force.  Owned by the
 * analyze stage (pool*.c only). */
#ifndef NEEDMAP_POOL_TRAVEL_H
#define NEEDMAP_POOL_TRAVEL_H

#include <stddef.h>

/* k cohorts of units 0..n): every unit with must[i] is placed, and exactly
 * `take` units in all (the others are left out; take = n when every unit
 * must).  A cohort has a hub h (hub[h]) among its members; unit i may be
 * in h's cohort at cost[i n + h] (INFINITY: not allowed; the hub's own
 * entry is its cost as hub, usually 0); min_size..max_size members; at
 * least `need` potential p in all (less 1e-6); more than one member: at
 * most room[h] potential (plus 1e-6).  Costs are >= 0.  price_now: 0
 * (the default) searches each set of hubs without the Lagrangian bound
 * first, for as many steps as computing it takes, then with it; 1 prices
 * every set at once (the same answer: a test's way to reach the bound on
 * small instances). */
typedef struct nm_pt_problem {
    size_t n, k, take, min_size, max_size;
    double need;
    const double *cost, *p, *room;
    const char *hub, *must;
    int price_now;
} nm_pt_problem;

/* The least total cost of such cohorts below `bound` (a known pooling's
 * cost), searched exactly over every set of k hubs and every assignment,
 * within `work` steps (deterministic).  Returns 1 with hub_of[0..n)
 * (output: each unit's hub, -1 left out) and *best (output) when cohorts
 * cheaper than bound - 1e-9 (1 + bound) exist (the cheapest of all); 0 when
 * none do (the known pooling is the least); -1 when the work ran out
 * (nothing proven). */
int nm_pt_least(const nm_pt_problem *pr, double bound, double work, int *hub_of, double *best);

#endif
