/* pool_share.c - a group's placements shared out between its cohorts
 * (pool_share.h). */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/pool_share.h"
#include "needmap/status.h"

void nm_share_sites_of(nm_share_sites *s, const nm_placements *p, const char *code,
                       const nm_distances *dist, double reach)
{
    memset(s, 0, sizeof *s);
    s->dist = dist;
    s->reach = reach;
    if (!p || !code || !code[0])
        return;
    size_t nm = dist->n;
    double *sum = nm_calloc(nm + 1, sizeof *sum);
    nm_placements_by_muni(p, code, sum, nm);
    s->muni = nm_calloc(nm + 1, sizeof *s->muni);
    s->places = nm_calloc(nm + 1, sizeof *s->places);
    if (reach <= 0) /* every site within reach of every hub: one will do */
        for (size_t m = 1; m < nm; m++) {
            sum[0] += sum[m];
            sum[m] = 0;
        }
    for (size_t m = 0; m < nm; m++)
        if (sum[m] > 0) {
            s->muni[s->n] = m;
            s->places[s->n++] = sum[m];
        }
    free(sum);
}

void nm_share_sites_free(nm_share_sites *s)
{
    if (!s)
        return;
    free(s->muni);
    free(s->places);
    memset(s, 0, sizeof *s);
}

static int within(const nm_share_sites *s, size_t hub, size_t j)
{
    return s->reach <= 0 || nm_distance(s->dist, s->muni[j], hub) <= s->reach;
}

/* Maximum flow source -> cohort k (need[k]) -> site j in reach of its hub
 * (unbounded) -> sink (places[j]), by shortest augmenting paths over a
 * dense residual matrix (a group has few cohorts; sites are at most the
 * municipalities).  Nodes: 0 source, 1..nc cohorts, nc+1..nc+ns sites,
 * nc+ns+1 sink. */
static double cover(const nm_share_sites *s, const size_t *hub, const double *need, size_t nc,
                    double *given, char *short_side)
{
    size_t ns = s->n, V = nc + ns + 2, T = V - 1;
    double total = 0;
    if (given)
        for (size_t k = 0; k < nc; k++)
            given[k] = 0;
    if (short_side)
        for (size_t k = 0; k < nc; k++)
            short_side[k] = need[k] > 0;
    if (!nc || !ns)
        return 0;
    double *r = nm_calloc(V * V, sizeof *r); /* residual capacities */
    for (size_t k = 0; k < nc; k++) {
        r[0 * V + 1 + k] = need[k] > 0 ? need[k] : 0;
        for (size_t j = 0; j < ns; j++)
            if (within(s, hub[k], j))
                r[(1 + k) * V + 1 + nc + j] = INFINITY;
    }
    for (size_t j = 0; j < ns; j++)
        r[(1 + nc + j) * V + T] = s->places[j];
    size_t *prev = nm_calloc(V, sizeof *prev), *queue = nm_calloc(V, sizeof *queue);
    for (;;) {
        for (size_t v = 0; v < V; v++)
            prev[v] = SIZE_MAX;
        prev[0] = 0;
        size_t qh = 0, qt = 0;
        queue[qt++] = 0;
        while (qh < qt && prev[T] == SIZE_MAX) {
            size_t u = queue[qh++];
            for (size_t v = 0; v < V; v++)
                if (prev[v] == SIZE_MAX && r[u * V + v] > 1e-12) {
                    prev[v] = u;
                    queue[qt++] = v;
                }
        }
        if (prev[T] == SIZE_MAX)
            break;
        double push = INFINITY;
        for (size_t v = T; v != 0; v = prev[v])
            push = fmin(push, r[prev[v] * V + v]);
        for (size_t v = T; v != 0; v = prev[v]) {
            r[prev[v] * V + v] -= push;
            if (!isinf(r[v * V + prev[v]]))
                r[v * V + prev[v]] += push;
        }
        total += push;
    }
    if (given)
        for (size_t k = 0; k < nc; k++)
            given[k] = r[(1 + k) * V + 0]; /* the reverse arc holds the flow */
    if (short_side) /* the cohorts on the source's side of the smallest cut */
        for (size_t k = 0; k < nc; k++)
            short_side[k] = prev[1 + k] != SIZE_MAX;
    free(prev);
    free(queue);
    free(r);
    return total;
}

double nm_share_cover(const nm_share_sites *s, const size_t *hub, const double *need, size_t nc,
                      double *given)
{
    return cover(s, hub, need, nc, given, NULL);
}

double nm_share_cut(const nm_share_sites *s, const size_t *hub, const double *need, size_t nc,
                    char *side)
{
    return cover(s, hub, need, nc, NULL, side);
}

int nm_share_feasible(const nm_share_sites *s, const size_t *hub, const double *need, size_t nc)
{
    double want = 0;
    for (size_t k = 0; k < nc; k++)
        want += need[k] > 0 ? need[k] : 0;
    if (want <= 0)
        return 1;
    return nm_share_cover(s, hub, need, nc, NULL) >= want - 1e-9 * (double)(nc ? nc : 1);
}

double nm_share_left(const nm_share_sites *s, const size_t *hub, const double *need, size_t nc,
                     size_t extra_hub)
{
    size_t *h = nm_calloc(nc + 1, sizeof *h);
    double *d = nm_calloc(nc + 1, sizeof *d), all = 0;
    for (size_t k = 0; k < nc; k++) {
        h[k] = hub[k];
        d[k] = need[k] > 0 ? need[k] : 0;
    }
    h[nc] = extra_hub;
    for (size_t j = 0; j < s->n; j++)
        if (within(s, extra_hub, j))
            all += s->places[j];
    d[nc] = all; /* as much as is within its reach */
    double *given = nm_calloc(nc + 1, sizeof *given);
    /* the others first: their need is met before the extra cohort's when
     * they can be (a maximum flow that also serves them all) */
    double base = nm_share_cover(s, h, d, nc, NULL);
    double with = nm_share_cover(s, h, d, nc + 1, given);
    free(h);
    free(d);
    free(given);
    double left = with - base;
    return left > 0 ? left : 0;
}

/* --- a group's pooling made to fit --- */

static double share_of(const int *assign, const int *assign2, const double *share, size_t i,
                       int c)
{
    if (assign[i] == c)
        return share[i];
    return assign2 && assign2[i] == c ? 1 - share[i] : 0;
}

/* Cohort c's hub and expected enrolment, as pool_build.c's add_cohort finds
 * its hub (the members at their shares). */
static void cohort_of(const nm_pool_unit *units, size_t n, const nm_distances *dist,
                      const nm_rules *rules, nm_level level, nm_mode mode, const int *assign,
                      const int *assign2, const double *share, int c, size_t *hub, double *need,
                      double *pot)
{
    nm_pool_unit *u = nm_calloc(n + 1, sizeof *u);
    size_t *set = nm_calloc(n + 1, sizeof *set), k = 0, h = SIZE_MAX;
    double p = 0, cost;
    memcpy(u, units, n * sizeof *u);
    for (size_t i = 0; i < n; i++) {
        double f = share_of(assign, assign2, share, i, c);
        if (f <= 0)
            continue;
        u[i].potential *= f;
        p += u[i].potential;
        set[k++] = i;
    }
    /* the pooling returns valid cohorts only: one that fails here is a bug
     * (as pool_build.c's add_cohort: nm_fatal, exit code 6) */
    if (!k || nm_pool_evaluate(u, set, k, dist, rules, level, mode, &h, &cost) < 0)
        nm_fatal("internal error: cohort %d of a pooling group (level %d, mode %d, %zu "
                 "members) is not a valid cohort when placements are shared out; please "
                 "report this",
                 c, (int)level, (int)mode, k);
    *hub = units[h].muni;
    *pot = p;
    *need = p * rules->enrolment_rate;
    free(u);
    free(set);
}

/* Cohort c and every cohort tied to it by a split municipality (its own
 * cohort and the shared one with its rest go together). */
static void close_over_splits(const int *assign, const int *assign2, size_t n, char *in)
{
    for (int again = 1; again;) {
        again = 0;
        for (size_t i = 0; assign2 && i < n; i++) {
            if (assign[i] < 0 || assign2[i] < 0)
                continue;
            if (in[assign[i]] != in[assign2[i]]) {
                in[assign[i]] = in[assign2[i]] = 1;
                again = 1;
            }
        }
    }
}

size_t nm_share_out(const nm_share_sites *s, const nm_pool_unit *units, size_t n,
                    const nm_distances *dist, const nm_rules *rules, nm_level level,
                    nm_mode mode, int *assign, int *assign2, double *share, size_t ncoh,
                    size_t *hub, double *need, size_t *dropped)
{
    *dropped = 0;
    if (!ncoh)
        return 0;
    double *pot = nm_calloc(ncoh, sizeof *pot), *d = nm_calloc(ncoh, sizeof *d);
    size_t *h = nm_calloc(ncoh, sizeof *h);
    char *gone = nm_calloc(ncoh, 1), *cut = nm_calloc(ncoh, 1), *side = nm_calloc(ncoh, 1);
    for (size_t c = 0; c < ncoh; c++)
        cohort_of(units, n, dist, rules, level, mode, assign, assign2, share, (int)c, &h[c],
                  &d[c], &pot[c]);
    for (;;) {
        for (size_t c = 0; c < ncoh; c++)
            d[c] = gone[c] ? 0 : pot[c] * rules->enrolment_rate;
        if (nm_share_feasible(s, h, d, ncoh))
            break;
        /* the cohort (with those tied to it) whose removal leaves the
         * smallest shortfall, then the fewest students, then the lowest */
        double best_short = INFINITY, best_pot = INFINITY;
        size_t best = SIZE_MAX;
        /* only a cohort on the short side of the smallest cut can lessen
         * the shortfall (that cut keeps it otherwise) */
        cover(s, h, d, ncoh, NULL, side);
        for (size_t c = 0; c < ncoh; c++) {
            if (gone[c] || !side[c])
                continue;
            memcpy(cut, gone, ncoh);
            cut[c] = 1;
            close_over_splits(assign, assign2, n, cut);
            double want = 0, lost = 0, *dd = nm_calloc(ncoh, sizeof *dd);
            for (size_t e = 0; e < ncoh; e++) {
                dd[e] = cut[e] ? 0 : d[e];
                want += dd[e];
                lost += cut[e] && !gone[e] ? pot[e] : 0;
            }
            double sh = want - nm_share_cover(s, h, dd, ncoh, NULL);
            free(dd);
            sh = sh < 1e-9 ? 0 : sh;
            if (sh < best_short - 1e-9 || (fabs(sh - best_short) <= 1e-9 && lost < best_pot - 1e-9)) {
                best_short = sh;
                best_pot = lost;
                best = c;
            }
        }
        if (best == SIZE_MAX)
            break; /* cannot happen: a short cohort is on the short side */
        gone[best] = 1;
        close_over_splits(assign, assign2, n, gone);
    }
    int *to = nm_calloc(ncoh, sizeof *to);
    size_t kept = 0;
    for (size_t c = 0; c < ncoh; c++) {
        to[c] = gone[c] ? -1 : (int)kept;
        if (!gone[c]) {
            hub[kept] = h[c];
            need[kept] = pot[c] * rules->enrolment_rate;
            kept++;
        } else {
            (*dropped)++;
        }
    }
    for (size_t i = 0; i < n; i++) {
        int a = assign[i] >= 0 ? to[assign[i]] : -1;
        int b = assign2 && assign2[i] >= 0 ? to[assign2[i]] : -1;
        if (a < 0 || (assign2 && assign2[i] >= 0 && b < 0)) { /* its cohort went */
            assign[i] = -1;
            if (assign2)
                assign2[i] = -1;
            if (share)
                share[i] = 1;
        } else {
            assign[i] = a;
            if (assign2)
                assign2[i] = b;
        }
    }
    free(to);
    free(pot);
    free(d);
    free(h);
    free(gone);
    free(cut);
    free(side);
    return kept;
}
