/* pool_cohort.c - the group being pooled (nm_px) and one cohort under the
 * rules, and the objective's order: what the greedy heuristic (pool.c),
 * the split (pool_split.c) and the exact pooling's parts (pool_exact.c,
 * pool_enum.c, pool_mip.c) share.  Every rule of a cohort (viability,
 * reach, room, cap, may join, valid and viable) is worked out here only. */
#include <gsl/gsl_cdf.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>

#include "needmap/alloc.h"
#include "pool_exact_int.h"

/* P(viable) depends on the whole number of potential students only, and
 * every cohort asks it three times (potential, low, high): the values for
 * n below P_MEMO_N are kept per (rate, minimum), a few of those per
 * thread (groups are pooled on several threads). */
enum { P_MEMO = 4, P_MEMO_N = 512 };

typedef struct p_memo {
    double rate;
    unsigned need;
    int used;
    double p[P_MEMO_N];        /* NAN: not worked out yet */
} p_memo;

static _Thread_local p_memo p_memos[P_MEMO];
static _Thread_local unsigned p_memo_next;

static double *p_memo_for(double rate, unsigned need)
{
    for (unsigned i = 0; i < P_MEMO; i++)
        if (p_memos[i].used && p_memos[i].rate == rate && p_memos[i].need == need)
            return p_memos[i].p;
    p_memo *m = &p_memos[p_memo_next++ % P_MEMO];
    m->rate = rate;
    m->need = need;
    m->used = 1;
    for (unsigned k = 0; k < P_MEMO_N; k++)
        m->p[k] = NAN;
    return m->p;
}

double nm_pool_p_viable(double potential, double rate, double min_size)
{
    double n = floor(potential + 1e-9);
    unsigned need = (unsigned)ceil(min_size - 1e-9);
    if (need == 0)
        return 1.0;
    if (n < need || n <= 0)
        return 0.0;
    if (n >= P_MEMO_N)
        return gsl_cdf_binomial_Q(need - 1, rate, (unsigned)n); /* P(X > need-1) */
    double *p = p_memo_for(rate, need) + (size_t)n;
    if (isnan(*p))
        *p = gsl_cdf_binomial_Q(need - 1, rate, (unsigned)n);
    return *p;
}

enum { MEMO = 8 };

typedef struct min_memo {
    double rate, min_size, probability, n;
    int used;
} min_memo;

static _Thread_local min_memo memo[MEMO];
static _Thread_local unsigned memo_next;

static double search_min_viable(double rate, double min_size, double probability)
{
    double lo = ceil(min_size - 1e-9); /* fewer are never viable; rules have min_size >= 1 */
    if (lo < 1)
        lo = 1;
    if (nm_pool_p_viable(lo, rate, min_size) >= probability)
        return lo;
    double hi = lo * 2; /* p(lo) too small: find a viable hi, then halve the gap */
    while (nm_pool_p_viable(hi, rate, min_size) < probability) {
        lo = hi;
        hi *= 2;
        if (hi > 2147483648.0)
            return INFINITY;
    }
    while (hi - lo > 1) {
        double mid = floor((lo + hi) / 2);
        if (nm_pool_p_viable(mid, rate, min_size) >= probability)
            hi = mid;
        else
            lo = mid;
    }
    return hi;
}

double nm_pool_min_viable(double rate, double min_size, double probability)
{
    for (unsigned i = 0; i < MEMO; i++)
        if (memo[i].used && memo[i].rate == rate && memo[i].min_size == min_size &&
            memo[i].probability == probability)
            return memo[i].n;
    min_memo *m = &memo[memo_next++ % MEMO];
    *m = (min_memo){rate, min_size, probability, search_min_viable(rate, min_size, probability), 1};
    return m->n;
}

double nm_pool_unit_room(const nm_pool_unit *u, double rate)
{
    return u->placements_limited ? u->placements / rate : INFINITY;
}

double nm_pool_intake(const nm_rules *rules, nm_level level)
{
    return rules->level[level].max_size / rules->enrolment_rate;
}

double nm_pool_level_min_viable(const nm_rules *rules, nm_level level)
{
    return nm_pool_min_viable(rules->enrolment_rate, rules->level[level].min_size,
                              rules->viable_probability);
}

double nm_pool_capacity(const nm_rules *rules, nm_level level)
{
    return NM_POOL_MAX_INTAKES * rules->level[level].max_size / rules->enrolment_rate;
}

int nm_pool_compare(double placed_a, size_t cohorts_a, double travel_a, double placed_b,
                    size_t cohorts_b, double travel_b)
{
    if (fabs(placed_a - placed_b) > 1e-6)
        return placed_a > placed_b ? -1 : 1;
    if (cohorts_a != cohorts_b)
        return cohorts_a < cohorts_b ? -1 : 1;
    if (fabs(travel_a - travel_b) > 1e-6 * (1 + fabs(travel_a)))
        return travel_a < travel_b ? -1 : 1;
    return 0;
}

void nm_px_init(nm_px *c, const nm_pool_unit *units, size_t n, const nm_distances *dist,
                const nm_rules *rules, nm_level level, nm_mode mode,
                const nm_pool_limits *limits)
{
    *c = (nm_px){.units = units,
                 .n = n,
                 .dist = dist,
                 .rules = rules,
                 .level = level,
                 .mode = mode,
                 .reach = rules->reach_km[mode],
                 .viable = nm_pool_level_min_viable(rules, level),
                 .cap = nm_pool_capacity(rules, level),
                 .max_locations = (size_t)rules->max_locations,
                 .min_munis = (size_t)rules->level[level].min_municipalities,
                 .limits = limits ? *limits : (nm_pool_limits){0, 0, NULL, 0, NULL}};
    if (c->limits.max_nodes <= 0)
        c->limits.max_nodes = NM_POOL_DEFAULT_NODES;
}

/* The member that is a municipality's own cohort (pool.h, own): n when
 * none, SIZE_MAX when the set pools it with another municipality (its own
 * rest, a second unit of the same municipality, may be with it). */
static size_t own_of(const nm_pool_unit *units, const size_t *set, size_t n)
{
    size_t own = n;
    for (size_t i = 0; i < n && own == n; i++)
        own = units[set[i]].own ? i : n;
    for (size_t i = 0; i < n && own < n; i++)
        if (units[set[i]].muni != units[set[own]].muni)
            return SIZE_MAX;
    return own;
}

/* May unit set[h] be the hub of the cohort set[0..n) of potential pot?
 * A municipality's own cohort (own < n) has its own hub; the hub's
 * placements must take the expected enrolment; every unit within reach. */
static int hub_allowed(const nm_px *c, const size_t *set, size_t n, size_t own, size_t h,
                       double pot)
{
    if (own < n && h != own)
        return 0;
    if (!(pot <= nm_px_room(c, set[h], 0) + 1e-9))
        return 0;
    for (size_t i = 0; i < n; i++)
        if (!nm_px_in_reach(c, set[i], set[h]))
            return 0;
    return 1;
}

int nm_px_evaluate(const nm_px *c, const size_t *set, size_t n, size_t *hub, double *cost)
{
    const nm_pool_unit *u = c->units;
    double best = INFINITY, pot = 0;
    size_t best_hub = SIZE_MAX;
    if (n == 0 || n > c->max_locations)
        return -1;
    size_t own = own_of(u, set, n);
    if (own == SIZE_MAX)
        return -1; /* an own cohort pooled with another municipality */
    for (size_t i = 0; i < n; i++)
        pot += u[set[i]].potential;
    for (size_t h = 0; h < n; h++) {
        if (!hub_allowed(c, set, n, own, h, pot))
            continue;
        double t = 0;
        for (size_t i = 0; i < n; i++)
            t += u[set[i]].potential * nm_distance(c->dist, u[set[i]].muni, u[set[h]].muni);
        if (t < best - 1e-9 ||
            (fabs(t - best) <= 1e-9 && u[set[h]].muni < u[set[best_hub]].muni)) {
            best = t;
            best_hub = h;
        }
    }
    if (best_hub == SIZE_MAX)
        return -1;
    *hub = set[best_hub];
    *cost = best;
    if (n < c->min_munis)
        return 0;
    return floor(pot + 1e-9) >= c->viable;
}

int nm_pool_evaluate(const nm_pool_unit *units, const size_t *set, size_t n,
                     const nm_distances *dist, const nm_rules *rules, nm_level level,
                     nm_mode mode, size_t *hub, double *cost)
{
    nm_px c;
    size_t top = 0; /* the group as far as set reaches into it */
    for (size_t i = 0; i < n; i++)
        top = set[i] + 1 > top ? set[i] + 1 : top;
    nm_px_init(&c, units, top, dist, rules, level, mode, NULL);
    return nm_px_evaluate(&c, set, n, hub, cost);
}

int nm_px_in_reach(const nm_px *c, size_t i, size_t h)
{
    return c->reach <= 0 ||
           nm_distance(c->dist, c->units[i].muni, c->units[h].muni) <= c->reach;
}

double nm_px_room(const nm_px *c, size_t h, int pooled)
{
    double room = nm_pool_unit_room(&c->units[h], c->rules->enrolment_rate);
    /* a municipality's own cohort (with its rest) is one municipality: no cap */
    return pooled && !c->units[h].own ? fmin(c->cap, room) : room;
}

int nm_px_may_join(const nm_px *c, size_t i, size_t h)
{
    if (i == h)
        return 1;
    if (c->units[i].own)
        return 0; /* heads its own cohort, never joins another */
    if (c->units[h].own) /* only its own rest joins it */
        return c->units[i].muni == c->units[h].muni &&
               c->units[i].potential + c->units[h].potential <= nm_px_room(c, h, 1) + 1e-9;
    return c->units[i].potential <= c->cap && c->units[h].potential <= c->cap &&
           c->units[i].potential + c->units[h].potential <= nm_px_room(c, h, 1) + 1e-9 &&
           nm_px_in_reach(c, i, h);
}

/* The rules of a cohort of units set[0..n) that need no hub: its size,
 * municipalities, viability and the cap (one municipality, its own cohort
 * and its rest: no cap); *pot (output) its potential.  nm_px_evaluate's
 * sum, in its order: the same value, so that the checks agree with it. */
static int fits(const nm_px *c, const size_t *set, size_t n, double *pot)
{
    double p = 0;
    if (n == 0 || n > c->max_locations || n < c->min_munis)
        return 0;
    for (size_t i = 0; i < n; i++)
        p += c->units[set[i]].potential;
    *pot = p;
    if (floor(p + 1e-9) < c->viable)
        return 0;
    int one = 1;
    for (size_t i = 1; i < n && one; i++)
        one = c->units[set[i]].muni == c->units[set[0]].muni;
    return one || p <= c->cap + 1e-9;
}

/* A cohort of units set[0..n): 1 when valid and viable (cap included).
 * The rules without a hub first: most sets the searches try fail them,
 * and need no hub found. */
int nm_px_cohort(const nm_px *c, const size_t *set, size_t n, double *placed, double *travel)
{
    size_t hub;
    double pot;
    if (!fits(c, set, n, &pot) || nm_px_evaluate(c, set, n, &hub, travel) != 1)
        return 0;
    *placed = pot;
    return 1;
}

int nm_px_valid(const nm_px *c, const size_t *set, size_t n)
{
    const nm_pool_unit *u = c->units;
    double pot;
    if (!fits(c, set, n, &pot))
        return 0;
    size_t own = own_of(u, set, n);
    if (own == SIZE_MAX)
        return 0;
    for (size_t h = 0; h < n; h++) /* nm_px_evaluate's hubs: is there one? */
        if (hub_allowed(c, set, n, own, h, pot))
            return 1;
    return 0;
}

/* Score of the cohorts among units set[0..n) (assign: unit -> cohort). */
nm_px_score nm_px_score_of(const nm_px *c, const size_t *set, size_t n, const int *assign)
{
    nm_px_score s = {0, 0, 0};
    size_t *mem = nm_calloc(n + 1, sizeof *mem);
    int top = -1;
    for (size_t i = 0; i < n; i++)
        top = assign[set[i]] > top ? assign[set[i]] : top;
    for (int k = 0; k <= top; k++) {
        size_t m = 0;
        double placed, travel;
        for (size_t i = 0; i < n; i++)
            if (assign[set[i]] == k)
                mem[m++] = set[i];
        if (m && nm_px_cohort(c, mem, m, &placed, &travel)) {
            s.placed += placed;
            s.cohorts++;
            s.travel += travel;
        }
    }
    free(mem);
    return s;
}

static int by_desc(const void *a, const void *b)
{
    double x = *(const double *)a, y = *(const double *)b;
    return x > y ? -1 : x < y;
}

int nm_px_can_hub(const nm_px *c, size_t h, const char *ok, double *buf)
{
    double ph = c->units[h].potential;
    if (ok && !ok[h])
        return 0;
    if (ph > nm_px_room(c, h, 0) + 1e-9)
        return 0; /* its own students alone exceed its placements */
    if (c->min_munis <= 1 && floor(ph + 1e-9) >= c->viable)
        return 1;
    size_t k = 0;
    for (size_t i = 0; i < c->n; i++)
        if (i != h && (!ok || ok[i]) && nm_px_may_join(c, i, h))
            buf[k++] = c->units[i].potential;
    if (k + 1 < c->min_munis || ph > c->cap)
        return 0;
    qsort(buf, k, sizeof *buf, by_desc);
    double sum = ph;
    for (size_t i = 0; i < k && i + 1 < c->max_locations; i++)
        sum += buf[i];
    return floor(fmin(sum, nm_px_room(c, h, 1)) + 1e-9) >= c->viable;
}
