/* pool_travel.c - the least travel of k cohorts, exactly (pool_travel.h).
 *
 * The relaxation of the travel stage is weak where hubs open by fractions
 * (a fractional hub serves everyone near it for a fraction of its
 * viability row), but with the number of cohorts k fixed and the units to
 * place known, the cohorts are few and the hubs can be tried: for every
 * set of k hubs (in index order), each other unit to be placed goes to one
 * of them.  A set of hubs is dropped when every unit at its cheapest hub
 * already costs the bound, or when its Lagrangian bound does (each
 * cohort's potential and size rows priced by multipliers found by a fixed
 * number of subgradient steps); the rest are searched depth first, units in
 * the order of how much a second-best hub costs them more, each unit's
 * hubs cheapest first, cut when the cost so far plus every remaining
 * unit's cheapest hub, or the Lagrangian bound of what is left, reaches
 * the best, or when a cohort can no longer
 * reach its members or its potential from the units left.  Every
 * assignment that survives to the end satisfies every rule of the
 * problem, so the best found is the least of all (or the bound is).  The
 * work (hub sets times units, subgradient steps times units and cohorts,
 * plus search nodes) is counted, not timed. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "pool_travel.h"

typedef struct search {
    const nm_pt_problem *pr;
    size_t k, m;              /* cohorts; units to assign (not hubs) */
    size_t *hubs;             /* [k] */
    size_t *order;            /* [m] the units to assign, in search order */
    size_t *pref;             /* [m k] each unit's cohorts, cheapest first */
    double *low;              /* [m + 1] sum of must units' cheapest, from pos on */
    size_t *musts, *opts;     /* [m + 1] must / optional units from pos on */
    double *reach;            /* [k (m + 1)] potential that may join g from pos on */
    size_t *cnt;              /* [k] members so far */
    double *pot;              /* [k] potential so far */
    int *at;                  /* [m] the cohort of order[pos], -1 out */
    size_t want, taken;       /* optional units to take; taken so far */
    double best, work, spent, limit; /* limit: this pass's end (<= work) */
    int priced;               /* the Lagrangian cut is on */
    double *lam;              /* [4 k] multipliers being tried, and their subgradient */
    double *lam_at, *lam_low; /* [2 k] the best multipliers; [m + 1] as low, with them */
    double lam_pot;           /* sum over g of lam_at[g] (need - pot[g]) + lam_at[k + g] (cnt[g] - max_size) */
    int *best_of;             /* [n] the best found: each unit's hub, -1 */
    int found, out;
} search;

/* What a pooling must cost to be cheaper than `best`. */
static double below(double best)
{
    return best - 1e-9 * (1 + fabs(best));
}

static double cost_of(const search *s, size_t i, size_t g)
{
    return s->pr->cost[i * s->pr->n + s->hubs[g]];
}

static void record(search *s, double cost)
{
    const nm_pt_problem *pr = s->pr;
    for (size_t i = 0; i < pr->n; i++)
        s->best_of[i] = -1;
    for (size_t g = 0; g < s->k; g++)
        s->best_of[s->hubs[g]] = (int)s->hubs[g];
    for (size_t pos = 0; pos < s->m; pos++)
        if (s->at[pos] >= 0)
            s->best_of[s->order[pos]] = (int)s->hubs[s->at[pos]];
    s->best = cost;
    s->found = 1;
}

static void dfs(search *s, size_t pos, double cost)
{
    const nm_pt_problem *pr = s->pr;
    if (s->out || (s->spent += 1) > s->limit) {
        s->out = 1;
        return;
    }
    if (cost + s->low[pos] >= below(s->best) ||
        (s->priced && cost + s->lam_pot + s->lam_low[pos] >= below(s->best)))
        return;
    if (s->taken > s->want || s->taken + s->opts[pos] < s->want)
        return;
    size_t short_of = 0;
    for (size_t g = 0; g < s->k; g++) {
        short_of += s->cnt[g] < pr->min_size ? pr->min_size - s->cnt[g] : 0;
        if (s->pot[g] + s->reach[g * (s->m + 1) + pos] < pr->need - 1e-6)
            return;
    }
    if (short_of > s->musts[pos] + (s->want - s->taken))
        return;
    if (pos == s->m) {
        record(s, cost); /* every cohort has its members and potential */
        return;
    }
    size_t u = s->order[pos];
    for (size_t r = 0; r < s->k; r++) {
        size_t g = s->pref[pos * s->k + r];
        double c = cost_of(s, u, g);
        if (!isfinite(c) || s->cnt[g] >= pr->max_size ||
            s->pot[g] + pr->p[u] > pr->room[s->hubs[g]] + 1e-6)
            continue;
        double moved = s->lam_at[g] * pr->p[u] - s->lam_at[s->k + g];
        s->cnt[g]++;
        s->pot[g] += pr->p[u];
        s->lam_pot -= moved;
        s->taken += !pr->must[u];
        s->at[pos] = (int)g;
        dfs(s, pos + 1, cost + c);
        s->taken -= !pr->must[u];
        s->lam_pot += moved;
        s->pot[g] -= pr->p[u];
        s->cnt[g]--;
    }
    if (!pr->must[u]) {
        s->at[pos] = -1;
        dfs(s, pos + 1, cost);
    }
}

/* order[0..m) by the larger regret first, then index (insertion sort: m
 * is a part's units, a few dozen; no shared state, so threads may run it). */
static void sort_by_regret(size_t *order, size_t m, const double *regret)
{
    for (size_t a = 1; a < m; a++) {
        size_t u = order[a], b = a;
        while (b > 0 && (regret[order[b - 1]] < regret[u] ||
                         (regret[order[b - 1]] == regret[u] && order[b - 1] > u))) {
            order[b] = order[b - 1];
            b--;
        }
        order[b] = u;
    }
}

/* The Lagrangian bound of the set s->hubs with multipliers y[0..2k) >= 0
 * (y[g] on cohort g's potential row, y[k + g] on its size row), from its
 * root (each cohort its hub alone, cost base): for any y, no assignment
 * of the units s->order[0..m) satisfying the rows costs less, since
 * adding y[g] (need - potential) + y[k + g] (members - max_size), never
 * positive then, to its cost lowers it, and each unit then costs at least
 * its least c - y[g] p + y[k + g] (optional units: or 0).  sub[0..2k)
 * (output): a subgradient at y. */
static double dual(search *s, const double *y, double base, double *sub)
{
    const nm_pt_problem *pr = s->pr;
    size_t k = s->k;
    double v = base;
    for (size_t g = 0; g < k; g++) {
        sub[g] = pr->need - 1e-6 - pr->p[s->hubs[g]];
        sub[k + g] = 1 - (double)pr->max_size;
        v += y[g] * sub[g] + y[k + g] * sub[k + g];
    }
    for (size_t pos = 0; pos < s->m; pos++) {
        size_t u = s->order[pos], at = k;
        double a = pr->must[u] ? INFINITY : 0;
        for (size_t g = 0; g < k; g++) {
            double c = cost_of(s, u, g);
            if (isfinite(c) && c - y[g] * pr->p[u] + y[k + g] < a) {
                a = c - y[g] * pr->p[u] + y[k + g];
                at = g;
            }
        }
        v += a;
        if (at < k) {
            sub[at] -= pr->p[u];
            sub[k + at] += 1;
        }
    }
    return v;
}

enum { LAGRANGE_STEPS = 30 };

/* Subgradient steps (a fixed number, each counted as m k work) towards
 * the multipliers of the best Lagrangian bound of the set, into
 * s->lam_at.  Returns that bound. */
static double multipliers(search *s, double base)
{
    size_t k2 = 2 * s->k;
    double *y = s->lam, *sub = s->lam + k2, theta = 1;
    memset(y, 0, k2 * sizeof *y);
    double v = dual(s, y, base, sub), top = v;
    memcpy(s->lam_at, y, k2 * sizeof *y);
    for (int it = 0, stall = 0; it < LAGRANGE_STEPS && top < below(s->best); it++) {
        s->spent += (double)(s->m * s->k);
        double norm = 0;
        for (size_t j = 0; j < k2; j++) {
            if (y[j] <= 0 && sub[j] < 0)
                sub[j] = 0; /* projected: y stays >= 0 */
            norm += sub[j] * sub[j];
        }
        if (norm == 0)
            break; /* y is the best there is */
        double step = theta * fmin(s->best - v, fabs(v) + 1) / norm;
        for (size_t j = 0; j < k2; j++)
            y[j] = fmax(0, y[j] + step * sub[j]);
        v = dual(s, y, base, sub);
        if (v > top) {
            top = v;
            memcpy(s->lam_at, y, k2 * sizeof *y);
            stall = 0;
        } else if (++stall >= 3) {
            theta /= 2;
            stall = 0;
        }
    }
    return top;
}

/* Each cohort its hub alone, nothing taken: a search's start. */
static void start(search *s)
{
    for (size_t g = 0; g < s->k; g++) {
        s->cnt[g] = 1;
        s->pot[g] = s->pr->p[s->hubs[g]];
    }
    s->taken = 0;
    s->lam_pot = 0;
}

/* One set of hubs s->hubs: search it when its cheapest bound is below the
 * best. */
static void one_set(search *s, double *regret, char *is_hub)
{
    const nm_pt_problem *pr = s->pr;
    size_t n = pr->n, k = s->k, m = 0, opts = 0, musts = 0;
    double base = 0, low = 0;
    s->spent += (double)n;
    memset(is_hub, 0, n);
    for (size_t g = 0; g < k; g++) {
        is_hub[s->hubs[g]] = 1;
        base += pr->cost[s->hubs[g] * n + s->hubs[g]];
    }
    for (size_t i = 0; i < n; i++) {
        if (is_hub[i])
            continue;
        double a = INFINITY, b = INFINITY;
        for (size_t g = 0; g < k; g++) {
            double c = cost_of(s, i, g);
            if (c < a) {
                b = a;
                a = c;
            } else if (c < b)
                b = c;
        }
        if (pr->must[i] && !isfinite(a))
            return; /* a unit no hub of the set may take */
        if (!isfinite(a))
            continue; /* an optional unit no hub takes: left out */
        low += pr->must[i] ? a : 0;
        musts += pr->must[i] != 0;
        opts += !pr->must[i];
        regret[i] = isfinite(b) ? b - a : INFINITY;
        s->order[m++] = i;
    }
    if (pr->take < musts + k || pr->take - musts - k > opts)
        return; /* the hubs and the musts are more than take, or too few are left */
    s->want = pr->take - musts - k;
    if (base + low >= below(s->best))
        return;
    sort_by_regret(s->order, m, regret);
    s->m = m;
    s->low[m] = 0;
    s->musts[m] = s->opts[m] = 0;
    for (size_t g = 0; g < k; g++)
        s->reach[g * (m + 1) + m] = 0;
    for (size_t pos = m; pos-- > 0;) {
        size_t u = s->order[pos];
        double a = INFINITY;
        for (size_t g = 0; g < k; g++) {
            double c = cost_of(s, u, g);
            a = fmin(a, c);
            s->reach[g * (m + 1) + pos] = s->reach[g * (m + 1) + pos + 1] + (isfinite(c) ? pr->p[u] : 0);
        }
        s->low[pos] = s->low[pos + 1] + (pr->must[u] ? a : 0);
        s->musts[pos] = s->musts[pos + 1] + (pr->must[u] != 0);
        s->opts[pos] = s->opts[pos + 1] + !pr->must[u];
        size_t *pref = s->pref + pos * k; /* insertion sort: k is small */
        for (size_t g = 0; g < k; g++) {
            size_t r = g;
            while (r > 0 && cost_of(s, u, pref[r - 1]) > cost_of(s, u, g)) {
                pref[r] = pref[r - 1];
                r--;
            }
            pref[r] = g;
        }
    }
    /* first without prices, for as many steps as pricing takes: a small
     * search ends within them; a larger one starts again priced */
    s->priced = 0;
    s->limit = fmin(s->work, s->spent + (double)(LAGRANGE_STEPS * m * k));
    if (!pr->price_now) {
        start(s);
        dfs(s, 0, base);
        if (!s->out || s->spent > s->work)
            return;
    }
    s->out = 0;
    s->limit = s->work;
    if (multipliers(s, base) >= below(s->best))
        return;
    const double *y = s->lam_at;
    s->lam_low[m] = 0;
    for (size_t pos = m; pos-- > 0;) {
        size_t u = s->order[pos];
        double a = pr->must[u] ? INFINITY : 0;
        for (size_t g = 0; g < k; g++)
            if (isfinite(cost_of(s, u, g)))
                a = fmin(a, cost_of(s, u, g) - y[g] * pr->p[u] + y[k + g]);
        s->lam_low[pos] = s->lam_low[pos + 1] + a;
    }
    start(s);
    for (size_t g = 0; g < k; g++)
        s->lam_pot += y[g] * (pr->need - 1e-6 - s->pot[g]) + y[k + g] * (1 - (double)pr->max_size);
    s->priced = 1;
    dfs(s, 0, base);
}

int nm_pt_least(const nm_pt_problem *pr, double bound, double work, int *hub_of, double *best)
{
    size_t n = pr->n, k = pr->k, nc = 0;
    if (k == 0)
        return -1;
    size_t *cand = nm_calloc(n + 1, sizeof *cand);
    for (size_t h = 0; h < n; h++)
        if (pr->hub[h])
            cand[nc++] = h;
    double sets = 1; /* C(nc, k): more sets than the work allows, nothing tried */
    for (size_t j = 0; j < k && nc >= k; j++)
        sets = sets * (double)(nc - j) / (double)(j + 1);
    if (nc < k || sets * (double)n > work) {
        free(cand);
        return nc < k ? 0 : -1; /* fewer hubs than cohorts: none at all */
    }
    search s = {0};
    s.pr = pr;
    s.k = k;
    s.hubs = nm_calloc(k, sizeof *s.hubs);
    s.order = nm_calloc(n + 1, sizeof *s.order);
    s.pref = nm_calloc((n + 1) * k, sizeof *s.pref);
    s.low = nm_calloc(n + 1, sizeof *s.low);
    s.musts = nm_calloc(n + 1, sizeof *s.musts);
    s.opts = nm_calloc(n + 1, sizeof *s.opts);
    s.reach = nm_calloc(k * (n + 1), sizeof *s.reach);
    s.cnt = nm_calloc(k, sizeof *s.cnt);
    s.pot = nm_calloc(k, sizeof *s.pot);
    s.at = nm_calloc(n + 1, sizeof *s.at);
    s.lam = nm_calloc(4 * k, sizeof *s.lam);
    s.lam_at = nm_calloc(2 * k, sizeof *s.lam_at);
    s.lam_low = nm_calloc(n + 1, sizeof *s.lam_low);
    s.best_of = hub_of;
    s.best = bound;
    s.work = work;
    double *regret = nm_calloc(n + 1, sizeof *regret);
    char *is_hub = nm_calloc(n + 1, 1);
    size_t *ix = nm_calloc(k, sizeof *ix); /* the combination: indices into cand */
    for (size_t j = 0; j < k; j++)
        ix[j] = j;
    for (;;) {
        for (size_t j = 0; j < k; j++)
            s.hubs[j] = cand[ix[j]];
        one_set(&s, regret, is_hub);
        if (s.out || s.spent > s.work) {
            s.out = 1;
            break;
        }
        size_t j = k;
        while (j > 0 && ix[j - 1] == nc - k + j - 1)
            j--;
        if (j == 0)
            break;
        ix[j - 1]++;
        for (size_t t = j; t < k; t++)
            ix[t] = ix[t - 1] + 1;
    }
    int r = s.out ? -1 : s.found;
    if (s.found)
        *best = s.best;
    free(ix);
    free(is_hub);
    free(regret);
    free(s.hubs);
    free(s.order);
    free(s.pref);
    free(s.low);
    free(s.musts);
    free(s.opts);
    free(s.reach);
    free(s.cnt);
    free(s.pot);
    free(s.at);
    free(s.lam);
    free(s.lam_at);
    free(s.lam_low);
    free(cand);
    return r;
}
