/* pool_build.c - from the demand table to groups of municipalities with
 * potential students, and from pooled groups to cohorts and residuals. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/levels.h"
#include "needmap/parallel.h"
#include "needmap/placements.h"
#include "needmap/pool.h"
#include "needmap/pool_exact.h"
#include "needmap/pool_share.h"
#include "needmap/pool_split.h"
#include "needmap/stamps.h"
#include "needmap/status.h"
#include "needmap/strmap.h"

enum { MAX_SHORTFALL = 100000 };


typedef struct cell_list {         /* detail cells, linked through builder.next */
    uint32_t first, last;
    size_t ncells;
    uint64_t nids;                /* distinct respondents over those cells */
    unsigned hidden;              /* suppressed cells among them */
} cell_list;

/* The published figures of a unit, cohort or group, each with its own
 * respondents and suppression: its students by need type, its jobs, and
 * its students together (what viability is published from). */
enum { F_UPSKILL, F_INTEREST, F_JOBS, F_STUDENTS, NFIG };

typedef struct unit_acc {         /* one municipality in one group */
    size_t muni;
    double potential, low, high;  /* potential students of the base rate */
    double upskilling, interest;  /* students as counted (point) */
    double jobs;                  /* recruitment as counted (point) */
    cell_list part[F_JOBS + 1];   /* the detail cells behind each figure */
    uint64_t students_nids;       /* distinct respondents over the students' cells */
    unsigned level_inferred : 1, mode_assumed : 1;
    unsigned students_hidden : 1, jobs_hidden : 1; /* its figures' suppression, once
                                                      respondents are counted */
} unit_acc;

typedef struct group {
    nm_pool_key key;
    unit_acc *units;              /* pooled units (potential > 0) first, then
                                     units with jobs only */
    size_t n, cap, npool;
    int *assign;                  /* per unit: its cohort, or -1 (residual); a split
                                     unit's own cohort */
    int *assign2;                 /* per unit: the shared cohort of a split unit's
                                     rest, else -1 (pool_split.h) */
    double *share;                /* per unit: its share in assign's cohort (1 unless
                                     split; the rest, 1 - share, is in assign2's) */
    size_t ncoh;                  /* cohorts found */
    uint64_t *coh_n;              /* per cohort: distinct respondents per figure
                                     (NFIG each) */
    uint64_t group_n[NFIG];       /* the group's, over all units */
    nm_pool_outcome solved;       /* exact pooling: optimal, or limit and gap */
    double *places;               /* per pooled unit: the placements within reach
                                     of it as a hub; NULL: placements do not
                                     limit the group */
    int *free_assign;             /* per pooled unit: its cohort when pooled
                                     without placements, when that places more
                                     (placements bind); else NULL */
    int *free_assign2;            /* ... and, split, its rest's cohort (assign2) */
    double *free_share;           /* ... its share in free_assign's (share) */
    size_t free_ncoh;
    int placements_bind;          /* free_assign places more: placements bind */
    double *left;                 /* per cohort: the placements within reach of its
                                     hub that the group's other cohorts do not need
                                     (shared out, pool_share.h); NULL with places */
    size_t *share_hub;            /* per cohort: its hub (municipality) and */
    double *share_need;           /* expected enrolment, for the shared placements */
    nm_share_sites sites;         /* the group's placements per municipality, made
                                     once when shared out (owned; zeroed: none) */
    nm_pool part;                 /* this group's cohorts and residual: a slice of
                                     the output's arrays, sized once counted */
} group;

typedef struct builder {
    const nm_demand *d;
    const nm_refdata *ref;
    const nm_distances *dist;
    const nm_rules *rules;
    const nm_placements *placements; /* NULL: none */
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

/* hidden: the cell is hidden for disclosure (a cell only left out by the
 * publication level, --publish, is not: the audit constrains the pooled
 * figures that add it up) */
static void link_cell(builder *b, cell_list *l, size_t i, int hidden)
{
    l->hidden += hidden != 0;
    if (l->ncells++)
        b->next[l->last] = (uint32_t)i;
    else
        l->first = (uint32_t)i;
    l->last = (uint32_t)i;
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
        double f = nm_rules_weight(b->rules, (nm_need)c->need);
        int job = c->need == NM_NEED_RECRUITMENT;
        if (c->rollup || c->comp.unclassified || (f <= 0 && !job))
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
            /* a blank level is the competence's usual one; a blank mode
             * the rules' assumed one: marked on the unit */
            nm_level level = c->level != NM_LEVEL_UNKNOWN ? (nm_level)c->level
                                                          : nm_usual_level(b->ref, &c->comp);
            nm_mode mode = c->mode != NM_MODE_UNKNOWN ? (nm_mode)c->mode
                                                      : b->rules->assumed_mode;
            nm_pool_key key = {c->comp, cluster, level, mode};
            if (cluster >= 0)
                key.comp = (nm_comp_key){0};
            group *g = group_for(b, &key);
            gi = (size_t)(g - b->groups);
            ui = (size_t)(unit_for(g, m) - g->units);
        }
        unit_acc *u = &b->groups[gi].units[ui];
        u->level_inferred |= c->level == NM_LEVEL_UNKNOWN;
        u->mode_assumed |= c->mode == NM_MODE_UNKNOWN;
        if (job) {
            u->jobs += c->demand;
        } else {
            u->potential += f * c->demand;
            u->low += f * c->low;
            u->high += f * c->high;
            u->upskilling += c->need == NM_NEED_UPSKILLING ? c->demand : 0;
            u->interest += c->need == NM_NEED_INTEREST ? c->demand : 0;
        }
        int part = job ? F_JOBS : c->need == NM_NEED_UPSKILLING ? F_UPSKILL : F_INTEREST;
        link_cell(b, &u->part[part], i, nm_hidden_cell(b->s, i));
    }
}

/* The group's pooled units as the pooling sees them (free: without
 * placements); units[0..g->npool). */
static void pool_units(const group *g, int free, nm_pool_unit *units)
{
    for (size_t i = 0; i < g->npool; i++) {
        units[i] = (nm_pool_unit){g->units[i].muni, g->units[i].potential, 0, 0, 0};
        if (g->places && !free) {
            units[i].placements_limited = 1;
            units[i].placements = g->places[i];
        }
    }
}

/* --- results --- */

static int hide(const builder *b, uint64_t respondents, unsigned hidden_cells)
{
    return b->k > 0 && (respondents < b->k || hidden_cells == 1);
}

/* Cells, hidden cells and distinct respondents behind a set of units'
 * figures (n: respondents per figure). */
typedef struct figures {
    size_t cells[F_JOBS + 1];
    unsigned hidden[F_JOBS + 1];
    uint64_t n[NFIG];
} figures;

static void figures_add(figures *f, const unit_acc *u)
{
    for (int k = 0; k <= F_JOBS; k++) {
        f->cells[k] += u->part[k].ncells;
        f->hidden[k] += u->part[k].hidden;
    }
}

/* The student figures are published together or not at all: with one of
 * them hidden, expected enrolment and P(viable) would give it away.  A
 * figure with no cells behind it is 0 and says nothing. */
static int hide_students(const builder *b, const figures *f)
{
    size_t cells = f->cells[F_UPSKILL] + f->cells[F_INTEREST];
    return (cells && hide(b, f->n[F_STUDENTS], f->hidden[F_UPSKILL] + f->hidden[F_INTEREST])) ||
           (f->cells[F_UPSKILL] && hide(b, f->n[F_UPSKILL], f->hidden[F_UPSKILL])) ||
           (f->cells[F_INTEREST] && hide(b, f->n[F_INTEREST], f->hidden[F_INTEREST]));
}

static int hide_jobs(const builder *b, const figures *f)
{
    return f->cells[F_JOBS] && hide(b, f->n[F_JOBS], f->hidden[F_JOBS]);
}

static figures unit_figures(const unit_acc *u)
{
    figures f = {0};
    figures_add(&f, u);
    for (int k = 0; k <= F_JOBS; k++)
        f.n[k] = u->part[k].nids;
    f.n[F_STUDENTS] = u->students_nids;
    return f;
}

/* A unit's suppression, decided once its respondents are counted. */
static void unit_hide(const builder *b, unit_acc *u)
{
    figures f = unit_figures(u);
    u->students_hidden = (unsigned)hide_students(b, &f);
    u->jobs_hidden = (unsigned)hide_jobs(b, &f);
}

/* The residual demand in reach of unit u, nearest first, up to
 * max_locations; how many more potential students would make it viable.
 * unit_of maps municipalities to the group's units (-1: none). */
static double shortfall(const builder *b, const group *g, const int *assign, const long *unit_of,
                        size_t u)
{
    double reach = b->rules->reach_km[g->key.mode], pot = 0;
    const size_t *near = nm_distance_order(b->dist, g->units[u].muni);
    size_t taken = 0;
    for (size_t k = 0; k < b->dist->n && taken < (size_t)b->rules->max_locations; k++) {
        if (reach > 0 && nm_distance(b->dist, g->units[u].muni, near[k]) > reach)
            break;
        long v = unit_of[near[k]];
        /* neighbours whose own figures are hidden are left out: the
         * published shortfall must not let anyone work them out */
        if (v >= 0 && assign[v] < 0 &&
            ((size_t)v == u || !g->units[v].students_hidden)) {
            pot += g->units[v].potential;
            taken++;
        }
    }
    double extra = nm_pool_level_min_viable(b->rules, g->key.level) - floor(pot + 1e-9);
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

/* Unit i's share of its students in cohort c (0: not a member). */
static double share_in(const group *g, size_t i, int c)
{
    if (g->assign[i] == c)
        return g->share[i];
    return g->assign2[i] == c ? 1 - g->share[i] : 0;
}

/* The placements within reach of municipality hub that the group's
 * cohorts leave, for a cohort of the units set[0..n) (a unit the
 * placements left out): the cohorts with any of those units are not
 * counted (that cohort would take their place). */
static double placements_left_at(const group *g, size_t hub, const size_t *set, size_t n)
{
    double *need = nm_calloc(g->ncoh + 1, sizeof *need);
    for (size_t c = 0; c < g->ncoh; c++) {
        int mine = 0;
        for (size_t k = 0; k < n; k++)
            mine |= share_in(g, set[k], (int)c) > 0;
        need[c] = mine ? 0 : g->share_need[c];
    }
    double left = nm_share_left(&g->sites, g->share_hub, need, g->ncoh, hub);
    free(need);
    return left;
}

/* Is any of the group's cohorts hidden? */
static int any_hidden_cohort(const group *g)
{
    for (size_t c = 0; c < g->part.ncohorts; c++)
        if (g->part.cohorts[c].hidden)
            return 1;
    return 0;
}

/* A unit the placements left out: the cohort it would have joined without
 * them, its hub, the placements there and that cohort's expected enrolment
 * (`..` when any of its members' figures is hidden). */
static void placements_of_residual(const builder *b, const group *g, size_t u, nm_residual *r)
{
    if (!g->free_assign || u >= g->npool || g->free_assign[u] < 0)
        return;
    size_t *set = nm_calloc(g->npool + 1, sizeof *set), n = 0, hub;
    nm_pool_unit *units = nm_calloc(g->npool + 1, sizeof *units);
    pool_units(g, 1, units);
    double pot = 0, cost;
    int hidden = 0;
    for (size_t i = 0; i < g->npool; i++) { /* a split one at its share there */
        double f = g->free_assign[i] == g->free_assign[u]    ? g->free_share[i]
                   : g->free_assign2[i] == g->free_assign[u] ? 1 - g->free_share[i]
                                                              : 0;
        if (f > 0) {
            units[i].potential *= f;
            set[n++] = i;
            pot += units[i].potential;
            hidden |= g->units[i].students_hidden;
        }
    }
    if (nm_pool_evaluate(units, set, n, b->dist, b->rules, g->key.level, g->key.mode, &hub,
                         &cost) >= 0) {
        r->placements_left = 1;
        r->placements_hub = g->units[hub].muni;
        r->placements_have = g->places[hub];
        r->placements_need = pot * b->rules->enrolment_rate;
        if (g->share_hub) { /* shared out: what the group's cohorts leave */
            double left = placements_left_at(g, g->units[hub].muni, set, n);
            /* only when what is left is short of that cohort (else the
             * per-hub figure, as without sharing) */
            if (left < r->placements_need - 1e-9) {
                r->placements_have = left;
                r->placements_shared = left < g->places[hub] - 1e-9;
            }
            r->placements_have_hidden = r->placements_shared && any_hidden_cohort(g);
        }
        r->placements_need_hidden = hidden;
    }
    free(set);
    free(units);
}

/* The five municipalities nearest to unit u's, within reach, that have
 * students of the group left over (hidden ones too: the reason shows
 * them as `..`). */
static void nearest_with_students(const builder *b, const group *g, const int *assign,
                                  const long *unit_of, size_t u, nm_residual *r)
{
    double reach = b->rules->reach_km[g->key.mode];
    size_t m = g->units[u].muni;
    const size_t *near = nm_distance_order(b->dist, m);
    r->nwith = 0;
    for (size_t k = 0; k < b->dist->n && r->nwith < 5; k++) {
        if (near[k] == m)
            continue;
        if (reach > 0 && nm_distance(b->dist, m, near[k]) > reach)
            break;
        long v = unit_of[near[k]];
        if (v >= 0 && (size_t)v < g->npool && assign[v] < 0)
            r->with[r->nwith++] = near[k];
    }
}

static int by_cell(const void *a, const void *b)
{
    uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;
    return x < y ? -1 : x > y;
}

/* Append unit u's detail cells (every figure's) to *cells (ncells, cap). */
static void unit_cells(const builder *b, const unit_acc *u, uint32_t **cells, size_t *n,
                       size_t *cap)
{
    for (int f = 0; f <= F_JOBS; f++) {
        uint32_t c = u->part[f].first;
        for (size_t j = 0; j < u->part[f].ncells; j++, c = b->next[c]) {
            NM_GROW(*cells, *cap, *n + 1);
            (*cells)[(*n)++] = c;
        }
    }
}

static void sort_cells(uint32_t *cells, size_t n)
{
    if (n > 1)
        qsort(cells, n, sizeof *cells, by_cell);
}

static void add_residual(builder *b, group *g, const int *assign, const long *unit_of,
                         size_t u)
{
    nm_pool *p = &g->part;
    nm_residual *r = &p->residual[p->nresidual++];
    memset(r, 0, sizeof *r);
    r->key = g->key;
    const unit_acc *a = &g->units[u];
    r->muni = a->muni;
    r->potential = a->potential;
    r->upskilling = a->upskilling;
    r->interest = a->interest;
    r->jobs = a->jobs;
    r->respondents = a->students_nids;
    r->jobs_respondents = a->part[F_JOBS].nids;
    r->level_inferred = a->level_inferred;
    r->mode_assumed = a->mode_assumed;
    r->shortfall = shortfall(b, g, assign, unit_of, u);
    nearby(b, g, u, r);
    nearest_with_students(b, g, assign, unit_of, u, r);
    r->hidden = a->students_hidden;
    r->jobs_hidden = a->jobs_hidden;
    r->solver_status = (int)g->solved.status;
    r->solver_gap = g->solved.gap;
    placements_of_residual(b, g, u, r);
    size_t cap = 0;
    unit_cells(b, a, &r->cells, &r->ncells, &cap);
    sort_cells(r->cells, r->ncells);
}

typedef struct member {           /* a cohort member and its share */
    size_t muni;
    double share;
} member;

static int by_member(const void *a, const void *b)
{
    size_t x = ((const member *)a)->muni, y = ((const member *)b)->muni;
    return x < y ? -1 : x > y;
}

typedef struct shared_cell {      /* a detail cell and its share in a cohort */
    uint32_t cell;
    double share;
} shared_cell;

static int by_shared_cell(const void *a, const void *b)
{
    uint32_t x = ((const shared_cell *)a)->cell, y = ((const shared_cell *)b)->cell;
    return x < y ? -1 : x > y;
}

/* The cohort's detail cells, ascending, and (when a member is split) each
 * one's share. */
static void cohort_cells(const builder *b, const group *g, const size_t *set, const double *sh,
                         size_t n, nm_cohort *co)
{
    size_t cap = 0;
    int split = 0;
    for (size_t i = 0; i < n; i++) {
        size_t from = co->ncells;
        unit_cells(b, &g->units[set[i]], &co->cells, &co->ncells, &cap);
        split |= sh[i] < 1;
        if (!split)
            continue;
        size_t whole = co->cell_share ? from : 0; /* the first split: those before are whole */
        co->cell_share = nm_realloc(co->cell_share, (cap + 1) * sizeof *co->cell_share);
        for (size_t k = whole; k < from; k++)
            co->cell_share[k] = 1;
        for (size_t k = from; k < co->ncells; k++)
            co->cell_share[k] = sh[i];
    }
    if (!co->cell_share) {
        sort_cells(co->cells, co->ncells);
        return;
    }
    shared_cell *sc = nm_calloc(co->ncells + 1, sizeof *sc);
    for (size_t k = 0; k < co->ncells; k++)
        sc[k] = (shared_cell){co->cells[k], co->cell_share[k]};
    qsort(sc, co->ncells, sizeof *sc, by_shared_cell);
    for (size_t k = 0; k < co->ncells; k++) {
        co->cells[k] = sc[k].cell;
        co->cell_share[k] = sc[k].share;
    }
    free(sc);
}

/* Its members, hub first, the others by index, and their shares (kept
 * only when one is split). */
static void cohort_members(const group *g, const size_t *set, const double *sh, size_t n,
                           size_t hub, nm_cohort *co)
{
    member *m = nm_calloc(n + 1, sizeof *m);
    size_t k = 1;
    int split = 0;
    for (size_t i = 0; i < n; i++) {
        split |= sh[i] < 1;
        if (set[i] == hub)
            m[0] = (member){g->units[set[i]].muni, sh[i]};
        else
            m[k++] = (member){g->units[set[i]].muni, sh[i]};
    }
    if (n > 2)
        qsort(m + 1, n - 1, sizeof *m, by_member);
    co->members = nm_calloc(n, sizeof *co->members);
    co->nmembers = n;
    co->member_share = split ? nm_calloc(n, sizeof *co->member_share) : NULL;
    for (size_t i = 0; i < n; i++) {
        co->members[i] = m[i].muni;
        if (split)
            co->member_share[i] = m[i].share;
    }
    free(m);
}

/* Cohort c of the group: its members' figures, each at its share (a
 * municipality split between its own cohort and a shared one, pool_split.h,
 * adds its share of every figure to each). */
static void add_cohort(builder *b, group *g, int c)
{
    nm_pool *p = &g->part;
    const nm_level_rules *lr = &b->rules->level[g->key.level];
    size_t *set = nm_calloc(g->n, sizeof *set), n = 0, hub = 0;
    double *sh = nm_calloc(g->n, sizeof *sh);
    nm_pool_unit *units = nm_calloc(g->n, sizeof *units);
    pool_units(g, 0, units);
    for (size_t i = 0; i < g->n; i++) {
        double f = share_in(g, i, c);
        if (f <= 0)
            continue;
        units[i].potential *= f;
        sh[n] = f;
        set[n++] = i;
    }
    double cost;
    /* the pooling returns valid cohorts only: a cohort that fails here is a
     * bug, and dropping it would lose its students from both cohorts.csv and
     * residual.csv, so it stops the run (nm_fatal, exit code 6) */
    if (nm_pool_evaluate(units, set, n, b->dist, b->rules, g->key.level, g->key.mode, &hub,
                         &cost) < 0)
        nm_fatal("internal error: cohort %d of the pooling group '%s' (cluster %d, level %d, "
                 "mode %d, %zu members) is not a valid cohort; please report this",
                 c, g->key.comp.code[0] ? g->key.comp.code
                    : g->key.comp.label ? g->key.comp.label : "",
                 g->key.cluster, (int)g->key.level, (int)g->key.mode, n);
    nm_cohort *co = &p->cohorts[p->ncohorts++];
    memset(co, 0, sizeof *co);
    co->key = g->key;
    co->hub = g->units[hub].muni;
    cohort_members(g, set, sh, n, hub, co);
    figures f = {0};
    for (size_t i = 0; i < n; i++) {
        const unit_acc *u = &g->units[set[i]];
        co->potential += sh[i] * u->potential;
        co->potential_low += sh[i] * u->low;
        co->potential_high += sh[i] * u->high;
        co->upskilling += sh[i] * u->upskilling;
        co->interest += sh[i] * u->interest;
        co->jobs += sh[i] * u->jobs;
        co->level_inferred |= u->level_inferred;
        co->mode_assumed |= u->mode_assumed;
        co->max_km = fmax(co->max_km, nm_distance(b->dist, u->muni, co->hub));
        figures_add(&f, u);
    }
    memcpy(f.n, g->coh_n + (size_t)c * NFIG, sizeof f.n);
    co->respondents = f.n[F_STUDENTS];
    co->jobs_respondents = f.n[F_JOBS];
    double rate = b->rules->enrolment_rate;
    co->expected = co->potential * rate;
    co->p_viable = nm_pool_p_viable(co->potential, rate, lr->min_size);
    co->p_viable_low = nm_pool_p_viable(co->potential_low, rate, lr->min_size);
    co->p_viable_high = nm_pool_p_viable(co->potential_high, rate, lr->min_size);
    co->intakes = (int)ceil(co->expected / lr->max_size - 1e-9);
    co->hidden = hide_students(b, &f);
    co->jobs_hidden = hide_jobs(b, &f);
    co->solver_status = (int)g->solved.status;
    co->solver_gap = g->solved.gap;
    co->placements = g->places ? g->places[hub] : -1;
    if (g->left) /* shared out: what the group's other cohorts leave it */
        co->placements = g->left[c];
    co->placements_bind = g->placements_bind;
    cohort_cells(b, g, set, sh, n, co);
    free(set);
    free(sh);
    free(units);
}

/* The placements within reach of each pooled unit as a hub, when the file
 * has rows for the group's competence (groups pooled by cluster are not
 * limited).  Distance education: every placement counts, as its students
 * may live anywhere (docs/method.md). */
static void group_places(const builder *b, group *g)
{
    if (g->key.cluster >= 0 || !nm_placements_cover(b->placements, g->key.comp.code))
        return;
    double reach = b->rules->reach_km[g->key.mode];
    g->places = nm_calloc(g->npool + 1, sizeof *g->places);
    for (size_t i = 0; i < g->npool; i++)
        g->places[i] = nm_placements_near(b->placements, g->key.comp.code, b->dist,
                                          g->units[i].muni, reach);
}

static double placed_of(const group *g, const int *assign)
{
    double placed = 0;
    for (size_t i = 0; i < g->npool; i++)
        placed += assign[i] >= 0 ? g->units[i].potential : 0;
    return placed;
}

/* The potential a pooling places: each unit's share in its cohort and
 * (split) its rest's. */
static double placed_by(const group *g, const int *assign, const int *assign2,
                        const double *share)
{
    double placed = 0;
    for (size_t i = 0; i < g->npool; i++)
        placed += g->units[i].potential *
                  ((assign[i] >= 0 ? share[i] : 0) + (assign2[i] >= 0 ? 1 - share[i] : 0));
    return placed;
}

/* The group pooled again without placements, with the same search over
 * splits (pool_split.h): when that places more, the placements bind, and
 * each unit left out keeps the cohort it would have joined (its reason
 * names that cohort's hub and placements). */
static void pool_free_of_placements(const builder *b, group *g, nm_pool_unit *units,
                                    const nm_pool_limits *lim)
{
    int *assign = nm_calloc(g->npool + 1, sizeof *assign);
    int *assign2 = nm_calloc(g->npool + 1, sizeof *assign2);
    double *share = nm_calloc(g->npool + 1, sizeof *share);
    nm_pool_limits free_lim = *lim;
    free_lim.sites = NULL;
    pool_units(g, 1, units);
    size_t ncoh = nm_pool_split_exact(units, g->npool, b->dist, b->rules, g->key.level,
                                      g->key.mode, &free_lim, assign, assign2, share, NULL);
    if (placed_by(g, assign, assign2, share) >
        placed_by(g, g->assign, g->assign2, g->share) + 1e-6) {
        g->free_assign = assign;
        g->free_assign2 = assign2;
        g->free_share = share;
        g->free_ncoh = ncoh;
        g->placements_bind = 1;
    } else {
        free(assign);
        free(assign2);
        free(share);
    }
    pool_units(g, 0, units);
}

/* --- placements shared out between the group's cohorts (pool_share.h) --- */

/* The group's cohorts made to fit the placements together: cohorts are
 * dropped until their expected students can all be given placements
 * within reach of their hubs (a dropped pooling is no longer proven
 * optimal: limit, with the gap to the pooling before, which counted
 * placements per cohort and so bounds this one); then each cohort's
 * placements left by the others (cohorts.csv's `placements`). */
static void share_placements(const builder *b, group *g, const nm_pool_unit *units)
{
    const nm_share_sites *s = &g->sites;
    size_t n = g->npool, dropped = 0;
    double before = placed_of(g, g->assign);
    g->share_hub = nm_calloc(g->ncoh + 1, sizeof *g->share_hub);
    g->share_need = nm_calloc(g->ncoh + 1, sizeof *g->share_need);
    g->ncoh = nm_share_out(s, units, n, b->dist, b->rules, g->key.level, g->key.mode,
                           g->assign, g->assign2, g->share, g->ncoh, g->share_hub,
                           g->share_need, &dropped);
    if (dropped) {
        double bound = g->solved.gap < 1 ? before / (1 - g->solved.gap) : before;
        double placed = 0;
        for (size_t i = 0; i < n; i++)
            for (size_t c = 0; c < g->ncoh; c++)
                placed += share_in(g, i, (int)c) * g->units[i].potential;
        g->solved.status = NM_POOL_LIMIT;
        g->solved.gap = bound > 0 ? (bound - placed) / bound : 0;
    }
    g->left = nm_calloc(g->ncoh + 1, sizeof *g->left);
    for (size_t c = 0; c < g->ncoh; c++) {
        double own = g->share_need[c];
        g->share_need[c] = 0;
        g->left[c] = nm_share_left(s, g->share_hub, g->share_need, g->ncoh, g->share_hub[c]);
        g->share_need[c] = own;
    }
}

/* First step of a group: its municipalities with potential students
 * into cohorts; those with jobs only are kept after them, as residual
 * (units with only needs without a number are dropped). */
static void plan_one(builder *b, group *g)
{
    size_t n = 0, all = g->n;
    unit_acc *jobs_only = nm_calloc(all + 1, sizeof *jobs_only);
    size_t njobs = 0;
    for (size_t i = 0; i < all; i++) {
        if (g->units[i].potential > 0)
            g->units[n++] = g->units[i];
        else if (g->units[i].jobs > 0)
            jobs_only[njobs++] = g->units[i];
    }
    if (njobs)
        memcpy(g->units + n, jobs_only, njobs * sizeof *jobs_only);
    free(jobs_only);
    g->npool = n;
    g->n = n + njobs;
    if (!g->n)
        return;
    g->assign = nm_calloc(g->n, sizeof *g->assign);
    g->assign2 = nm_calloc(g->n, sizeof *g->assign2);
    g->share = nm_calloc(g->n, sizeof *g->share);
    for (size_t i = 0; i < g->n; i++) {
        g->assign[i] = g->assign2[i] = -1;
        g->share[i] = 1;
    }
    if (!n)
        return;
    nm_pool_unit *units = nm_calloc(n, sizeof *units);
    group_places(b, g);
    pool_units(g, 0, units);
    nm_pool_limits lim = {b->rules->pool_nodes, b->rules->pool_seconds, NULL, 0, NULL};
    if (g->places) { /* issue #15: the exact paths share them out (pool_share.h) */
        nm_share_sites_of(&g->sites, b->placements, g->key.comp.code, b->dist,
                          b->rules->reach_km[g->key.mode]);
        lim.sites = &g->sites;
    }
    g->ncoh = nm_pool_split_exact(units, n, b->dist, b->rules, g->key.level, g->key.mode, &lim,
                                  g->assign, g->assign2, g->share, &g->solved);
    if (g->places)
        share_placements(b, g, units); /* issue #15: shared out between cohorts */
    if (g->places)
        pool_free_of_placements(b, g, units, &lim);
    free(units);
}

/* A group without a cohort but with jobs: the totals of its units.  A
 * total is hidden like a cohort's figure, and also when exactly one of its
 * units' figures is hidden in residual.csv (the total would reveal it). */
static void add_open(builder *b, group *g)
{
    nm_open_group *o = &g->part.open[0];
    memset(o, 0, sizeof *o);
    o->key = g->key;
    unsigned rows_hidden = 0, job_rows_hidden = 0;
    figures f = {0};
    double potential = 0;
    for (size_t i = 0; i < g->n; i++) {
        const unit_acc *u = &g->units[i];
        o->jobs += u->jobs;
        o->upskilling += u->upskilling;
        o->interest += u->interest;
        potential += u->potential;
        o->nmunis += u->jobs > 0;
        o->level_inferred |= u->level_inferred;
        o->mode_assumed |= u->mode_assumed;
        figures_add(&f, u);
        rows_hidden += u->students_hidden;
        job_rows_hidden += u->jobs_hidden;
    }
    if (o->jobs <= 0)
        return;
    size_t cap = 0;
    for (size_t i = 0; i < g->n; i++)
        unit_cells(b, &g->units[i], &o->cells, &o->ncells, &cap);
    sort_cells(o->cells, o->ncells);
    o->expected = potential * b->rules->enrolment_rate;
    o->min_size = b->rules->level[g->key.level].min_size;
    memcpy(f.n, g->group_n, sizeof f.n);
    o->respondents = f.n[F_STUDENTS];
    o->jobs_respondents = f.n[F_JOBS];
    o->hidden = hide_students(b, &f) || rows_hidden == 1;
    o->jobs_hidden = hide_jobs(b, &f) || job_rows_hidden == 1;
    g->part.nopen = 1;
}

/* A cohort's shared placements (what the others leave) give a hidden
 * cohort's students when it is one of the others that takes some: then
 * they are not published; a residual row's likewise (any_hidden_cohort). */
static void shared_placements_hidden(group *g)
{
    if (!g->left)
        return;
    for (size_t c = 0; c < g->part.ncohorts; c++) {
        nm_cohort *co = &g->part.cohorts[c];
        int others = 0;
        for (size_t e = 0; e < g->part.ncohorts; e++)
            others |= e != c && g->part.cohorts[e].hidden;
        size_t h = 0; /* its hub's unit: the placements within reach of it */
        while (h < g->npool && g->units[h].muni != co->hub)
            h++;
        if (h == g->npool) /* a hub is one of the group's units */
            nm_fatal("internal error: cohort %zu of a pooling group has a hub outside the group",
                     c + 1);
        co->placements_shared = co->placements < g->places[h] - 1e-9;
        co->placements_hidden = others && co->placements_shared;
    }
}

/* Last step, once respondents are counted: the group's cohorts and
 * residual demand. */
static void finish_one(builder *b, group *g)
{
    size_t n = g->n;
    if (n) {
        for (size_t c = 0; c < g->ncoh; c++)
            add_cohort(b, g, (int)c);
        shared_placements_hidden(g); /* issue #15 */
        long *unit_of = nm_calloc(b->dist->n, sizeof *unit_of);
        for (size_t m = 0; m < b->dist->n; m++)
            unit_of[m] = -1;
        for (size_t i = 0; i < n; i++)
            unit_of[g->units[i].muni] = (long)i;
        for (size_t i = 0; i < n; i++)
            if (g->assign[i] < 0)
                add_residual(b, g, g->assign, unit_of, i);
        if (!g->ncoh)
            add_open(b, g);
        g->part.groups = g->npool > 0;
        free(unit_of);
    }
    /* the group's part is all that is needed now: give back the rest */
    free(g->assign);
    free(g->assign2);
    free(g->share);
    g->assign2 = NULL;
    g->share = NULL;
    free(g->coh_n);
    free(g->units);
    free(g->places);
    free(g->free_assign);
    free(g->free_assign2);
    free(g->free_share);
    g->places = NULL;
    free(g->left);
    free(g->share_hub);
    free(g->share_need);
    nm_share_sites_free(&g->sites);
    g->left = NULL;
    g->share_hub = NULL;
    g->share_need = NULL;
    g->free_assign = NULL;
    g->assign = NULL;
    g->coh_n = NULL;
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
    out->open = nm_calloc(b->ngroups + 1, sizeof *out->open); /* at most one per group */
    for (size_t i = 0, c = 0, r = 0; i < b->ngroups; i++) {
        group *g = &b->groups[i];
        g->part.cohorts = out->cohorts + c;
        g->part.residual = out->residual + r;
        g->part.open = out->open + i;
        c += g->ncoh;
        for (size_t k = 0; k < g->n; k++)
            r += g->assign[k] < 0;
    }
}

/* Distinct respondents of every unit and every cohort: one pass over the
 * respondents, each counted once per unit and per cohort its detail cells
 * fall in (a stamp per unit and per cohort marks where it was counted). */
typedef struct pool_count {
    const uint32_t *unit_of;   /* per detail cell: 3 u + figure + 1 (F_UPSKILL,
                                  F_INTEREST or F_JOBS of unit u), 0 for none */
    const uint32_t *cohort_of; /* per unit: cohort + 1, 0 for none */
    const uint32_t *cohort2_of; /* per unit: a split unit's second cohort + 1, or 0 */
    const uint32_t *group_of;  /* per unit: its group */
    uint64_t *unit_n, *cohort_n, *group_n; /* NFIG counts per unit, cohort, group */
    nm_stamps unit_seen, cohort_seen, group_seen;
} pool_count;

/* Count the respondent once in figure k of slot i (and in the students'
 * figure for a student figure). */
static void count_in(nm_stamps *seen, uint64_t *n, size_t i, int k)
{
    if (nm_stamps_first(seen, i * NFIG + (size_t)k))
        n[i * NFIG + (size_t)k]++;
    if (k != F_JOBS && nm_stamps_first(seen, i * NFIG + F_STUDENTS))
        n[i * NFIG + F_STUDENTS]++;
}

static void count_one(void *ctx, const uint32_t *cells, size_t n)
{
    pool_count *p = ctx;
    nm_stamps_next(&p->unit_seen);
    nm_stamps_next(&p->cohort_seen);
    nm_stamps_next(&p->group_seen);
    for (size_t i = 0; i < n; i++) {
        uint32_t l = p->unit_of[cells[i]];
        if (!l)
            continue;
        size_t u = (l - 1) / 3;
        int k = (int)((l - 1) % 3);
        count_in(&p->unit_seen, p->unit_n, u, k);
        if (p->cohort_of[u])
            count_in(&p->cohort_seen, p->cohort_n, p->cohort_of[u] - 1, k);
        if (p->cohort2_of[u]) /* a split unit's answers stand behind both cohorts */
            count_in(&p->cohort_seen, p->cohort_n, p->cohort2_of[u] - 1, k);
        count_in(&p->group_seen, p->group_n, p->group_of[u], k);
    }
}

static void map_cells(const builder *b, const cell_list *l, uint32_t *unit_of, uint32_t v)
{
    uint32_t cell = l->first;
    for (size_t j = 0; j < l->ncells; j++, cell = b->next[cell])
        unit_of[cell] = v;
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
    uint32_t *cohort2_of = nm_calloc(nunits + 1, sizeof *cohort2_of);
    uint32_t *group_of = nm_calloc(nunits + 1, sizeof *group_of);
    for (size_t i = 0, u = 0, c = 0; i < b->ngroups; i++) {
        const group *g = &b->groups[i];
        for (size_t k = 0; k < g->n; k++, u++) {
            for (int f = 0; f <= F_JOBS; f++)
                map_cells(b, &g->units[k].part[f], unit_of, (uint32_t)(3 * u + (size_t)f + 1));
            if (g->assign[k] >= 0)
                cohort_of[u] = (uint32_t)(c + (size_t)g->assign[k] + 1);
            if (g->assign2[k] >= 0)
                cohort2_of[u] = (uint32_t)(c + (size_t)g->assign2[k] + 1);
            group_of[u] = (uint32_t)i;
        }
        c += g->ncoh;
    }
    p.unit_of = unit_of;
    p.cohort_of = cohort_of;
    p.cohort2_of = cohort2_of;
    p.group_of = group_of;
    p.unit_n = nm_calloc(NFIG * nunits + 1, sizeof *p.unit_n);
    p.cohort_n = nm_calloc(NFIG * ncohorts + 1, sizeof *p.cohort_n);
    p.group_n = nm_calloc(NFIG * b->ngroups + 1, sizeof *p.group_n);
    nm_stamps_init(&p.unit_seen, NFIG * nunits);
    nm_stamps_init(&p.cohort_seen, NFIG * ncohorts);
    nm_stamps_init(&p.group_seen, NFIG * b->ngroups);
    nm_demand_each_respondent(b->d, count_one, &p);
    for (size_t i = 0, u = 0, c = 0; i < b->ngroups; c += b->groups[i++].ncoh) {
        group *g = &b->groups[i];
        for (size_t k = 0; k < g->n; k++, u++) {
            for (int f = 0; f <= F_JOBS; f++)
                g->units[k].part[f].nids = p.unit_n[NFIG * u + (size_t)f];
            g->units[k].students_nids = p.unit_n[NFIG * u + F_STUDENTS];
            unit_hide(b, &g->units[k]);
        }
        g->coh_n = nm_calloc(NFIG * g->ncoh + 1, sizeof *g->coh_n);
        memcpy(g->coh_n, p.cohort_n + NFIG * c, NFIG * g->ncoh * sizeof *g->coh_n);
        memcpy(g->group_n, p.group_n + NFIG * i, sizeof g->group_n);
    }
    free(p.unit_n);
    free(p.cohort_n);
    free(p.group_n);
    nm_stamps_free(&p.unit_seen);
    nm_stamps_free(&p.cohort_seen);
    nm_stamps_free(&p.group_seen);
    free(unit_of);
    free(cohort_of);
    free(cohort2_of);
    free(group_of);
}

int nm_pool_key_cmp(const nm_pool_key *a, const nm_pool_key *b)
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
    int c = nm_pool_key_cmp(&a->key, &b->key);
    if (c)
        return c;
    return a->hub < b->hub ? -1 : a->hub > b->hub;
}

static int cmp_residual(const void *pa, const void *pb)
{
    const nm_residual *a = pa, *b = pb;
    int c = nm_pool_key_cmp(&a->key, &b->key);
    if (c)
        return c;
    return a->muni < b->muni ? -1 : a->muni > b->muni;
}

static int cmp_open(const void *pa, const void *pb)
{
    const nm_open_group *a = pa, *b = pb;
    return nm_pool_key_cmp(&a->key, &b->key);
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
                        const nm_rules *rules, const nm_placements *placements,
                        nm_cluster_of cluster_of, void *cluster_ctx,
                        const nm_suppression *s, const nm_threads *t, nm_pool *out,
                        nm_error *err)
{
    memset(out, 0, sizeof *out);
    nm_status st = nm_rules_check(rules, err);
    if (st != NM_OK)
        return st;
    builder b = {d, ref, dist, rules, placements, s, nm_suppression_k(s), NULL, 0, 0, nm_strmap_new(),
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
        out->groups_placements += part->groups && b.groups[i].placements_bind;
        if (part->groups && b.groups[i].solved.status != NM_POOL_OPTIMAL) {
            out->groups_limit++;
            out->worst_gap = fmax(out->worst_gap, b.groups[i].solved.gap);
        }
        /* slices sit where each group reserved them: close the gaps,
         * moving slices down only */
        if (part->ncohorts && part->cohorts != out->cohorts + out->ncohorts)
            memmove(out->cohorts + out->ncohorts, part->cohorts,
                    part->ncohorts * sizeof *part->cohorts);
        out->ncohorts += part->ncohorts;
        if (part->nresidual && part->residual != out->residual + out->nresidual)
            memmove(out->residual + out->nresidual, part->residual,
                    part->nresidual * sizeof *part->residual);
        out->nresidual += part->nresidual;
        if (part->nopen) /* slices are in group order: moving down keeps it */
            out->open[out->nopen++] = part->open[0];
    }
    if (out->ncohorts > 1) /* qsort must not see NULL, even for 0 items */
        qsort(out->cohorts, out->ncohorts, sizeof *out->cohorts, cmp_cohorts);
    if (out->nresidual > 1)
        qsort(out->residual, out->nresidual, sizeof *out->residual, cmp_residual);
    if (out->nopen > 1)
        qsort(out->open, out->nopen, sizeof *out->open, cmp_open);
    for (size_t i = 0; i < b.ngroups; i++) {
        free(b.groups[i].units);
    }
    free(b.groups);
    free(b.next);
    nm_strmap_free(b.index);
    return NM_OK;
}

int nm_cohort_open_admission(const nm_cohort *c)
{
    return !c->hidden && !c->jobs_hidden && c->jobs > c->expected;
}

void nm_pool_free(nm_pool *p)
{
    for (size_t i = 0; i < p->ncohorts; i++) {
        free(p->cohorts[i].members);
        free(p->cohorts[i].member_share);
        free(p->cohorts[i].cells);
        free(p->cohorts[i].cell_share);
    }
    for (size_t i = 0; i < p->nresidual; i++)
        free(p->residual[i].cells);
    for (size_t i = 0; i < p->nopen; i++)
        free(p->open[i].cells);
    free(p->cohorts);
    free(p->residual);
    free(p->open);
    memset(p, 0, sizeof *p);
}
