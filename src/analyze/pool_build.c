/* pool_build.c - from the demand table to groups of municipalities with
 * potential students, and from pooled groups to cohorts and residuals. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/parallel.h"
#include "needmap/pool.h"
#include "needmap/pool_exact.h"
#include "needmap/stamps.h"
#include "needmap/strmap.h"

enum { MAX_SHORTFALL = 100000 };


typedef struct unit_acc {         /* one municipality in one group */
    size_t muni;
    double potential, low, high;
    uint32_t first, last;         /* its detail cells in the demand table, linked
                                     through builder.next */
    size_t ncells;
    uint64_t nids;                /* distinct respondents over those cells */
    unsigned hidden;              /* suppressed detail cells behind it */
} unit_acc;

typedef struct group {
    nm_pool_key key;
    unit_acc *units;
    size_t n, cap;
    int *assign;                  /* per unit: its cohort, or -1 (residual) */
    size_t ncoh;                  /* cohorts found */
    nm_pool_outcome solved;       /* exact pooling: optimal, or limit and gap */
    uint64_t *coh_respondents;    /* per cohort: distinct respondents */
    nm_pool part;                 /* this group's cohorts and residual: a slice of
                                     the output's arrays, sized once counted */
} group;

typedef struct builder {
    const nm_demand *d;
    const nm_refdata *ref;
    const nm_distances *dist;
    const nm_rules *rules;
    const nm_suppression *s;      /* the table's (NULL: nothing hidden) */
    uint64_t k;                   /* its minimum respondents; 0 hides nothing */
    group *groups;
    size_t ngroups, gcap;
    nm_strmap *index;             /* group key -> index + 1 */
    uint32_t *next;               /* per cell: the next detail cell of its unit */
    nm_pool *out;
} builder;

static size_t muni_index(const nm_refdata *ref, const char *code)
{
    const nm_municipality *m = nm_refdata_municipality(ref, code);
    return m ? (size_t)(m - ref->munis) : SIZE_MAX;
}

static group *group_for(builder *b, const nm_pool_key *key)
{
    nm_buf k = {0}; /* built without printf: one per demand cell */
    char tail[4] = {'|', (char)('0' + key->level), (char)('0' + key->mode), 0};
    if (key->cluster >= 0) {
        char cl[24];
        snprintf(cl, sizeof cl, "%d|", key->cluster);
        nm_buf_puts(&k, cl);
    } else {
        nm_buf_putc(&k, '|');
    }
    nm_buf_puts(&k, key->comp.code);
    nm_buf_putc(&k, '|');
    nm_buf_puts(&k, key->comp.label ? key->comp.label : "");
    nm_buf_append(&k, tail, 3);
    void *v;
    group *g;
    if (nm_strmap_find(b->index, k.data, &v)) {
        g = &b->groups[(size_t)(uintptr_t)v - 1];
    } else {
        NM_GROW(b->groups, b->gcap, b->ngroups + 1);
        g = &b->groups[b->ngroups++];
        memset(g, 0, sizeof *g);
        g->key = *key;
        nm_strmap_put(b->index, k.data, (void *)(uintptr_t)b->ngroups);
    }
    nm_buf_free(&k);
    return g;
}

static unit_acc *unit_for(group *g, size_t muni)
{
    for (size_t i = 0; i < g->n; i++)
        if (g->units[i].muni == muni)
            return &g->units[i];
    NM_GROW(g->units, g->cap, g->n + 1);
    unit_acc *u = &g->units[g->n++];
    memset(u, 0, sizeof *u);
    u->muni = muni;
    return u;
}

static int same_comp(const nm_comp_key *a, const nm_comp_key *b)
{
    /* labels are interned in the demand table: one pointer per label */
    return a->label == b->label && a->unclassified == b->unclassified &&
           strcmp(a->code, b->code) == 0;
}

/* Every detail cell into its group's unit for its municipality.  Cells in
 * published order come in runs of one municipality and competence: the
 * last cell's cluster, municipality, group and unit are reused while they
 * stay the same (each lookup builds a text key). */
static void collect(builder *b, nm_cluster_of cluster_of, void *cctx)
{
    const nm_cell *prev = NULL;
    int cluster = -1;
    size_t m = SIZE_MAX, gi = SIZE_MAX, ui = SIZE_MAX;
    for (size_t i = 0; i < nm_demand_count(b->d); i++) {
        const nm_cell *c = nm_demand_cell_const(b->d, i);
        double f = b->rules->factor[c->need];
        if (c->rollup || c->comp.unclassified || f <= 0)
            continue;
        int comp_same = prev && same_comp(&prev->comp, &c->comp);
        int geo_same = prev && strcmp(prev->geo_code, c->geo_code) == 0;
        int group_same = comp_same && geo_same && gi != SIZE_MAX && prev->level == c->level &&
                         prev->mode == c->mode;
        if (!comp_same)
            cluster = cluster_of ? cluster_of(cctx, &c->comp) : -1;
        if (!geo_same)
            m = muni_index(b->ref, c->geo_code);
        prev = c;
        if (m == SIZE_MAX) {
            gi = SIZE_MAX;
            continue;
        }
        if (!group_same) {
            nm_pool_key key = {c->comp, cluster, c->level, c->mode};
            if (cluster >= 0)
                key.comp = (nm_comp_key){0};
            group *g = group_for(b, &key);
            gi = (size_t)(g - b->groups);
            ui = (size_t)(unit_for(g, m) - g->units);
        }
        unit_acc *u = &b->groups[gi].units[ui];
        u->potential += f * c->demand;
        u->low += f * c->low;
        u->high += f * c->high;
        u->hidden += nm_suppressed(b->s, i) != NM_PUBLISHED;
        if (u->ncells++)
            b->next[u->last] = (uint32_t)i;
        else
            u->first = (uint32_t)i;
        u->last = (uint32_t)i;
    }
}

/* --- results --- */

static int hide(const builder *b, uint64_t respondents, unsigned hidden_cells)
{
    return b->k > 0 && (respondents < b->k || hidden_cells == 1);
}

/* The residual demand in reach of unit u, nearest first, up to
 * max_locations; how many more potential students would make it viable.
 * unit_of maps municipalities to the group's units (-1: none). */
static double shortfall(const builder *b, const group *g, const int *assign, const long *unit_of,
                        size_t u)
{
    double reach = b->rules->reach_km[g->key.mode], pot = 0;
    const nm_level_rules *lr = &b->rules->level[g->key.level];
    const size_t *near = nm_distance_order(b->dist, g->units[u].muni);
    size_t taken = 0;
    for (size_t k = 0; k < b->dist->n && taken < (size_t)b->rules->max_locations; k++) {
        if (reach > 0 && nm_distance(b->dist, g->units[u].muni, near[k]) > reach)
            break;
        long v = unit_of[near[k]];
        /* neighbours whose own figures are hidden are left out: the
         * published shortfall must not let anyone work them out */
        if (v >= 0 && assign[v] < 0 &&
            ((size_t)v == u || !hide(b, g->units[v].nids, g->units[v].hidden))) {
            pot += g->units[v].potential;
            taken++;
        }
    }
    double extra = nm_pool_min_viable(b->rules->enrolment_rate, lr->min_size,
                                      b->rules->viable_probability) - floor(pot + 1e-9);
    return extra <= 0 ? 0 : extra < MAX_SHORTFALL ? extra : MAX_SHORTFALL;
}

/* The five municipalities nearest to unit u's, within reach. */
static void nearby(const builder *b, const group *g, size_t u, nm_residual *r)
{
    double reach = b->rules->reach_km[g->key.mode];
    size_t m = g->units[u].muni;
    const size_t *near = nm_distance_order(b->dist, m);
    r->nnearby = 0;
    for (size_t k = 0; k < b->dist->n && r->nnearby < 5; k++) {
        if (near[k] == m)
            continue;
        if (reach > 0 && nm_distance(b->dist, m, near[k]) > reach)
            break;
        r->nearby[r->nnearby++] = near[k];
    }
}

static void add_residual(builder *b, group *g, const int *assign, const long *unit_of,
                         size_t u)
{
    nm_pool *p = &g->part;
    nm_residual *r = &p->residual[p->nresidual++];
    memset(r, 0, sizeof *r);
    r->key = g->key;
    r->muni = g->units[u].muni;
    r->potential = g->units[u].potential;
    r->respondents = g->units[u].nids;
    r->shortfall = shortfall(b, g, assign, unit_of, u);
    nearby(b, g, u, r);
    r->hidden = hide(b, r->respondents, g->units[u].hidden);
    r->solver_status = (int)g->solved.status;
    r->solver_gap = g->solved.gap;
}

static int by_index(const void *a, const void *b)
{
    size_t x = *(const size_t *)a, y = *(const size_t *)b;
    return x < y ? -1 : x > y;
}

static void add_cohort(builder *b, group *g, const int *assign, int c, uint64_t respondents)
{
    nm_pool *p = &g->part;
    const nm_level_rules *lr = &b->rules->level[g->key.level];
    size_t *set = nm_calloc(g->n, sizeof *set), n = 0, hub = 0;
    for (size_t i = 0; i < g->n; i++)
        if (assign[i] == c)
            set[n++] = i;
    nm_pool_unit *units = nm_calloc(g->n, sizeof *units);
    for (size_t i = 0; i < g->n; i++)
        units[i] = (nm_pool_unit){g->units[i].muni, g->units[i].potential};
    double cost;
    if (nm_pool_evaluate(units, set, n, b->dist, b->rules, g->key.level, g->key.mode, &hub,
                         &cost) < 0) {
        free(set); /* cannot happen: nm_pool_group returns valid cohorts only */
        free(units);
        return;
    }
    nm_cohort *co = &p->cohorts[p->ncohorts++];
    memset(co, 0, sizeof *co);
    co->key = g->key;
    co->members = nm_calloc(n, sizeof *co->members);
    co->nmembers = n;
    co->hub = g->units[hub].muni;
    co->members[0] = co->hub;
    unsigned hidden = 0;
    for (size_t i = 0, k = 1; i < n; i++) {
        const unit_acc *u = &g->units[set[i]];
        if (set[i] != hub)
            co->members[k++] = u->muni;
        co->potential += u->potential;
        co->potential_low += u->low;
        co->potential_high += u->high;
        co->max_km = fmax(co->max_km, nm_distance(b->dist, u->muni, co->hub));
        hidden += u->hidden;
    }
    if (n > 2)
        qsort(co->members + 1, n - 1, sizeof *co->members, by_index);
    co->respondents = respondents;
    double rate = b->rules->enrolment_rate;
    co->expected = co->potential * rate;
    co->p_viable = nm_pool_p_viable(co->potential, rate, lr->min_size);
    co->p_viable_low = nm_pool_p_viable(co->potential_low, rate, lr->min_size);
    co->p_viable_high = nm_pool_p_viable(co->potential_high, rate, lr->min_size);
    co->intakes = (int)ceil(co->expected / lr->max_size - 1e-9);
    co->hidden = hide(b, co->respondents, hidden);
    co->solver_status = (int)g->solved.status;
    co->solver_gap = g->solved.gap;
    free(set);
    free(units);
}

/* First step of a group: its municipalities with potential students
 * (units with only needs without a number are not pooled) into cohorts. */
static void plan_one(builder *b, group *g)
{
    size_t n = 0;
    for (size_t i = 0; i < g->n; i++)
        if (g->units[i].potential > 0)
            g->units[n++] = g->units[i];
    g->n = n;
    if (!n)
        return;
    nm_pool_unit *units = nm_calloc(n, sizeof *units);
    for (size_t i = 0; i < n; i++)
        units[i] = (nm_pool_unit){g->units[i].muni, g->units[i].potential};
    g->assign = nm_calloc(n, sizeof *g->assign);
    nm_pool_limits lim = {b->rules->pool_nodes, b->rules->pool_seconds, NULL, 0};
    g->ncoh = nm_pool_exact(units, n, b->dist, b->rules, g->key.level, g->key.mode, &lim,
                            g->assign, &g->solved);
    free(units);
}

/* Last step, once respondents are counted: the group's cohorts and
 * residual demand. */
static void finish_one(builder *b, group *g)
{
    size_t n = g->n;
    if (n) {
        for (size_t c = 0; c < g->ncoh; c++)
            add_cohort(b, g, g->assign, (int)c, g->coh_respondents[c]);
        long *unit_of = nm_calloc(b->dist->n, sizeof *unit_of);
        for (size_t m = 0; m < b->dist->n; m++)
            unit_of[m] = -1;
        for (size_t i = 0; i < n; i++)
            unit_of[g->units[i].muni] = (long)i;
        for (size_t i = 0; i < n; i++)
            if (g->assign[i] < 0)
                add_residual(b, g, g->assign, unit_of, i);
        g->part.groups = 1;
        free(unit_of);
    }
    /* the group's part is all that is needed now: give back the rest */
    free(g->assign);
    free(g->coh_respondents);
    free(g->units);
    g->assign = NULL;
    g->coh_respondents = NULL;
    g->units = NULL;
    g->n = g->cap = 0;
}

/* Room for every group's cohorts and residual in the output, each group
 * given its slice (written on the group's thread). */
static void place_parts(builder *b, nm_pool *out)
{
    size_t ncohorts = 0, nresidual = 0;
    for (size_t i = 0; i < b->ngroups; i++) {
        ncohorts += b->groups[i].ncoh;
        for (size_t k = 0; k < b->groups[i].n; k++)
            nresidual += b->groups[i].assign[k] < 0;
    }
    out->cohorts = nm_calloc(ncohorts + 1, sizeof *out->cohorts); /* allocated once */
    out->residual = nm_calloc(nresidual + 1, sizeof *out->residual);
    for (size_t i = 0, c = 0, r = 0; i < b->ngroups; i++) {
        group *g = &b->groups[i];
        g->part.cohorts = out->cohorts + c;
        g->part.residual = out->residual + r;
        c += g->ncoh;
        for (size_t k = 0; k < g->n; k++)
            r += g->assign[k] < 0;
    }
}

/* Distinct respondents of every unit and every cohort: one pass over the
 * respondents, each counted once per unit and per cohort its detail cells
 * fall in (a stamp per unit and per cohort marks where it was counted). */
typedef struct pool_count {
    const uint32_t *unit_of;   /* per detail cell: unit + 1, 0 for none */
    const uint32_t *cohort_of; /* per unit: cohort + 1, 0 for none */
    uint64_t *unit_n, *cohort_n;
    nm_stamps unit_seen, cohort_seen;
} pool_count;

static void count_one(void *ctx, const uint32_t *cells, size_t n)
{
    pool_count *p = ctx;
    nm_stamps_next(&p->unit_seen);
    nm_stamps_next(&p->cohort_seen);
    for (size_t i = 0; i < n; i++) {
        uint32_t u = p->unit_of[cells[i]];
        if (!u || !nm_stamps_first(&p->unit_seen, u - 1))
            continue;
        p->unit_n[u - 1]++;
        uint32_t c = p->cohort_of[u - 1];
        if (c && nm_stamps_first(&p->cohort_seen, c - 1))
            p->cohort_n[c - 1]++;
    }
}

static void count_respondents(builder *b)
{
    size_t ncells = nm_demand_count(b->d), nunits = 0, ncohorts = 0;
    for (size_t i = 0; i < b->ngroups; i++) {
        nunits += b->groups[i].n;
        ncohorts += b->groups[i].ncoh;
    }
    pool_count p = {0};
    uint32_t *unit_of = nm_calloc(ncells + 1, sizeof *unit_of);
    uint32_t *cohort_of = nm_calloc(nunits + 1, sizeof *cohort_of);
    for (size_t i = 0, u = 0, c = 0; i < b->ngroups; i++) {
        const group *g = &b->groups[i];
        for (size_t k = 0; k < g->n; k++, u++) {
            uint32_t cell = g->units[k].first;
            for (size_t j = 0; j < g->units[k].ncells; j++, cell = b->next[cell])
                unit_of[cell] = (uint32_t)(u + 1);
            if (g->assign[k] >= 0)
                cohort_of[u] = (uint32_t)(c + (size_t)g->assign[k] + 1);
        }
        c += g->ncoh;
    }
    p.unit_of = unit_of;
    p.cohort_of = cohort_of;
    p.unit_n = nm_calloc(nunits + 1, sizeof *p.unit_n);
    p.cohort_n = nm_calloc(ncohorts + 1, sizeof *p.cohort_n);
    nm_stamps_init(&p.unit_seen, nunits);
    nm_stamps_init(&p.cohort_seen, ncohorts);
    nm_demand_each_respondent(b->d, count_one, &p);
    for (size_t i = 0, u = 0, c = 0; i < b->ngroups; i++) {
        group *g = &b->groups[i];
        for (size_t k = 0; k < g->n; k++)
            g->units[k].nids = p.unit_n[u++];
        g->coh_respondents = nm_calloc(g->ncoh + 1, sizeof *g->coh_respondents);
        for (size_t k = 0; k < g->ncoh; k++)
            g->coh_respondents[k] = p.cohort_n[c++];
    }
    free(p.unit_n);
    free(p.cohort_n);
    nm_stamps_free(&p.unit_seen);
    nm_stamps_free(&p.cohort_seen);
    free(unit_of);
    free(cohort_of);
}

static int cmp_key(const nm_pool_key *a, const nm_pool_key *b)
{
    if (a->cluster != b->cluster)
        return a->cluster < b->cluster ? -1 : 1;
    int c = strcmp(a->comp.code, b->comp.code);
    if (c)
        return c;
    c = strcmp(a->comp.label ? a->comp.label : "", b->comp.label ? b->comp.label : "");
    if (c)
        return c;
    if (a->level != b->level)
        return a->level < b->level ? -1 : 1;
    return a->mode < b->mode ? -1 : a->mode > b->mode;
}

/* Viable cohorts with published figures first, by P(viable) and size;
 * hidden ones after them in key order, so no position hints at a value. */
static int cmp_cohorts(const void *pa, const void *pb)
{
    const nm_cohort *a = pa, *b = pb;
    if (a->hidden != b->hidden)
        return a->hidden - b->hidden;
    if (!a->hidden) {
        if (a->p_viable != b->p_viable)
            return a->p_viable > b->p_viable ? -1 : 1;
        if (a->potential != b->potential)
            return a->potential > b->potential ? -1 : 1;
    }
    int c = cmp_key(&a->key, &b->key);
    if (c)
        return c;
    return a->hub < b->hub ? -1 : a->hub > b->hub;
}

static int cmp_residual(const void *pa, const void *pb)
{
    const nm_residual *a = pa, *b = pb;
    int c = cmp_key(&a->key, &b->key);
    if (c)
        return c;
    return a->muni < b->muni ? -1 : a->muni > b->muni;
}

static void plan_group(void *ctx, size_t i)
{
    builder *b = ctx;
    plan_one(b, &b->groups[i]);
}

static void finish_group(void *ctx, size_t i)
{
    builder *b = ctx;
    finish_one(b, &b->groups[i]);
}

nm_status nm_pool_build(const nm_demand *d, const nm_refdata *ref, const nm_distances *dist,
                        const nm_rules *rules, nm_cluster_of cluster_of, void *cluster_ctx,
                        const nm_suppression *s, const nm_threads *t, nm_pool *out,
                        nm_error *err)
{
    memset(out, 0, sizeof *out);
    nm_status st = nm_rules_check(rules, err);
    if (st != NM_OK)
        return st;
    builder b = {d, ref, dist, rules, s, nm_suppression_k(s), NULL, 0, 0, nm_strmap_new(),
                 nm_calloc(nm_demand_count(d) + 1, sizeof *b.next), out};
    collect(&b, cluster_of, cluster_ctx);
    /* groups are independent: each writes only its own part */
    nm_parallel_for(b.ngroups, t, plan_group, &b);
    count_respondents(&b);
    place_parts(&b, out);
    nm_parallel_for(b.ngroups, t, finish_group, &b);
    for (size_t i = 0; i < b.ngroups; i++) { /* the groups' slices, in group order */
        const nm_pool *part = &b.groups[i].part;
        out->groups += part->groups;
        if (part->groups && b.groups[i].solved.status != NM_POOL_OPTIMAL) {
            out->groups_limit++;
            out->worst_gap = fmax(out->worst_gap, b.groups[i].solved.gap);
        }
        /* a slice may hold fewer than reserved (add_cohort's "cannot
         * happen"): close the gaps, moving slices down only */
        if (part->ncohorts && part->cohorts != out->cohorts + out->ncohorts)
            memmove(out->cohorts + out->ncohorts, part->cohorts,
                    part->ncohorts * sizeof *part->cohorts);
        out->ncohorts += part->ncohorts;
        if (part->nresidual && part->residual != out->residual + out->nresidual)
            memmove(out->residual + out->nresidual, part->residual,
                    part->nresidual * sizeof *part->residual);
        out->nresidual += part->nresidual;
    }
    if (out->ncohorts > 1) /* qsort must not see NULL, even for 0 items */
        qsort(out->cohorts, out->ncohorts, sizeof *out->cohorts, cmp_cohorts);
    if (out->nresidual > 1)
        qsort(out->residual, out->nresidual, sizeof *out->residual, cmp_residual);
    for (size_t i = 0; i < b.ngroups; i++) {
        free(b.groups[i].units);
    }
    free(b.groups);
    free(b.next);
    nm_strmap_free(b.index);
    return NM_OK;
}

void nm_pool_free(nm_pool *p)
{
    for (size_t i = 0; i < p->ncohorts; i++)
        free(p->cohorts[i].members);
    free(p->cohorts);
    free(p->residual);
    memset(p, 0, sizeof *p);
}
