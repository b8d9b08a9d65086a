/* disclosure.c - the model of every published figure (disclosure.h): built
 * from the finished table and the pooling, written back into their flags,
 * counted for summary.json, and written and read as disclosure.csv. */
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/disclosure.h"

static uint32_t add_unit(nm_dc_model *m, nm_dc_table t, int part, size_t row, int hidden,
                         int primary)
{
    NM_GROW(m->unit, m->ucap, m->nunits + 1);
    m->unit[m->nunits] = (nm_dc_unit){(uint8_t)t, (uint8_t)part, (uint8_t)(hidden != 0),
                                      (uint8_t)(primary != 0), (uint32_t)row, 0};
    return (uint32_t)m->nunits++;
}

void nm_dc_model_term(nm_dc_model *m, size_t var, double w)
{
    if (m->nterms + 1 > m->tcap) { /* var and w grow together */
        size_t cap = m->tcap, wcap = m->tcap;
        nm_grow((void **)&m->var, &cap, m->nterms + 1, sizeof *m->var);
        nm_grow((void **)&m->w, &wcap, cap, sizeof *m->w);
        m->tcap = cap;
    }
    m->var[m->nterms] = (uint32_t)var;
    m->w[m->nterms++] = w;
}

static void add_term(nm_dc_model *m, size_t var, double w)
{
    nm_dc_model_term(m, var, w);
}

/* A new figure of unit u whose terms are added next. */
static nm_dc_figure *begin_figure(nm_dc_model *m, uint32_t u)
{
    NM_GROW(m->fig, m->fcap, m->nfig + 1);
    nm_dc_figure *f = &m->fig[m->nfig++];
    *f = (nm_dc_figure){u, (uint32_t)m->nterms, 0, 0, 0, NM_DC_PEOPLE, 0};
    return f;
}

/* A cell's figure of kind k. */
static double cell_value(const nm_cell *c, nm_dc_kind k)
{
    return k == NM_DC_LOW      ? c->low
           : k == NM_DC_HIGH   ? c->high
           : k == NM_DC_NEEDS  ? (double)c->needs
           : k == NM_DC_UNKNOWN ? (double)c->unknown
                               : c->demand;
}

static void end_figure_of(nm_dc_model *m, nm_dc_figure *f, const nm_demand *d, nm_dc_kind kind)
{
    f->n = (uint32_t)(m->nterms - f->start);
    f->kind = (uint8_t)kind;
    double v = 0;
    for (uint32_t k = f->start; k < f->start + f->n; k++)
        v += m->w[k] * cell_value(nm_demand_cell_const(d, m->var[k]), kind);
    f->value = v;
}

static void end_figure(nm_dc_model *m, nm_dc_figure *f, const nm_demand *d)
{
    end_figure_of(m, f, d, NM_DC_PEOPLE);
}

/* --- the demand table: every cell a sum of its detail cells --- */

/* The up to 15 roll-ups detail cell c adds into. */
static size_t rollups_of(const nm_demand *d, const nm_refdata *ref, const nm_cell *c,
                         size_t out[15])
{
    size_t n = 0;
    const nm_municipality *mu = nm_refdata_municipality(ref, c->geo_code);
    for (int g = NM_GEO_MUNICIPALITY; g >= NM_GEO_ALL; g--) {
        const char *code = g == NM_GEO_MUNICIPALITY ? c->geo_code
                           : g == NM_GEO_COUNTY     ? (mu ? mu->county_code : "??")
                                                    : "SE";
        for (int level = 4; level >= 0; level--) {
            size_t r = nm_demand_find_rollup(d, (nm_geo_level)g, code, level, &c->comp,
                                             (nm_need)c->need);
            if (r != SIZE_MAX)
                out[n++] = r;
        }
    }
    return n;
}

static void demand_figures(nm_dc_model *m, const nm_demand *d, const nm_refdata *ref,
                           const nm_suppression *s)
{
    size_t n = nm_demand_count(d), nd = 0;
    while (nd < n && !nm_demand_cell_const(d, nd)->rollup)
        nd++;
    m->nvars = nd;
    m->ncells = n;
    /* terms of the roll-ups: counted, then placed (detail cells ascending) */
    size_t *count = nm_calloc(n + 1, sizeof *count);
    size_t (*ups)[15] = nm_calloc(nd + 1, sizeof *ups);
    uint8_t *nups = nm_calloc(nd + 1, 1);
    for (size_t i = 0; i < nd; i++) {
        nups[i] = (uint8_t)rollups_of(d, ref, nm_demand_cell_const(d, i), ups[i]);
        for (int k = 0; k < nups[i]; k++)
            count[ups[i][k]]++;
    }
    size_t total = nd;
    for (size_t i = nd; i < n; i++)
        total += count[i];
    m->tcap = total + 1;
    m->var = nm_calloc(m->tcap, sizeof *m->var);
    m->w = nm_calloc(m->tcap, sizeof *m->w);
    size_t *at = nm_calloc(n + 1, sizeof *at);
    for (size_t i = 0, pos = 0; i < n; i++) {
        at[i] = pos;
        pos += i < nd ? 1 : count[i];
    }
    for (size_t i = 0; i < n; i++) {
        nm_suppress fl = nm_suppressed(s, i);
        uint32_t u = add_unit(m, NM_DC_DEMAND, 0, i, fl != NM_PUBLISHED,
                              fl == NM_SUPPRESSED_PRIMARY);
        m->unit[u].unlisted = !nm_listed(s, d, i);
        NM_GROW(m->fig, m->fcap, m->nfig + 1);
        m->fig[m->nfig++] = (nm_dc_figure){u, (uint32_t)at[i],
                                           (uint32_t)(i < nd ? 1 : count[i]),
                                           nm_demand_cell_const(d, i)->demand, 0,
                                           NM_DC_PEOPLE, 0};
    }
    for (size_t i = 0; i < nd; i++) {
        m->var[at[i]] = (uint32_t)i;
        m->w[at[i]] = 1;
        at[i]++;
        for (int k = 0; k < nups[i]; k++) {
            size_t r = ups[i][k];
            m->var[at[r]] = (uint32_t)i;
            m->w[at[r]++] = 1;
        }
    }
    m->nterms = total;
    free(at);
    free(count);
    free(ups);
    free(nups);
}

/* --- pooling: students by need type, expected enrolment, jobs --- */

typedef struct pooled {       /* one row of cohorts, residual or open groups */
    const uint32_t *cells;
    const double *share;      /* per cell: its share in the row (NULL: whole) */
    size_t ncells;
    int hidden, jobs_hidden, students;
} pooled;

/* A cell's weight in a row: its share (a municipality split between its
 * own cohort and a shared one adds a share of its cells to each). */
static double share_of(const pooled *p, size_t j)
{
    return p->share ? p->share[j] : 1;
}

static void pooled_figures(nm_dc_model *m, const nm_demand *d, const nm_rules *rules,
                           nm_dc_table t, size_t row, const pooled *p)
{
    static const nm_need needs[2] = {NM_NEED_UPSKILLING, NM_NEED_INTEREST};
    if (p->students) {
        uint32_t u = add_unit(m, t, 0, row, p->hidden, p->hidden);
        for (int k = 0; k < 2; k++) { /* upskilling, interest students */
            nm_dc_figure *f = begin_figure(m, u);
            for (size_t j = 0; j < p->ncells; j++)
                if (nm_demand_cell_const(d, p->cells[j])->need == needs[k])
                    add_term(m, p->cells[j], share_of(p, j));
            end_figure(m, f, d);
        }
        /* expected enrolment, each need at its factor; a cohort's also at
         * the answers' low and high ends, which p_viable_low and
         * p_viable_high give back (a strictly increasing function of it):
         * taken as published exactly, more than the rounded probability
         * tells */
        for (int k = 0; t != NM_DC_RESIDUAL && k < 3; k++) {
            nm_dc_kind kind = k == 0 ? NM_DC_PEOPLE : k == 1 ? NM_DC_LOW : NM_DC_HIGH;
            if (kind != NM_DC_PEOPLE && (t != NM_DC_COHORT || !m->ranges))
                continue;
            nm_dc_figure *f = begin_figure(m, u);
            for (size_t j = 0; j < p->ncells; j++) {
                nm_need need = (nm_need)nm_demand_cell_const(d, p->cells[j])->need;
                double w = nm_rules_weight(rules, need) * rules->enrolment_rate;
                if (need != NM_NEED_RECRUITMENT && w > 0)
                    add_term(m, p->cells[j], w * share_of(p, j));
            }
            end_figure_of(m, f, d, kind);
            m->fig[m->nfig - 1].weighted = 1;
        }
    }
    uint32_t u = add_unit(m, t, 1, row, p->jobs_hidden, p->jobs_hidden);
    nm_dc_figure *f = begin_figure(m, u);
    for (size_t j = 0; j < p->ncells; j++)
        if (nm_demand_cell_const(d, p->cells[j])->need == NM_NEED_RECRUITMENT)
            add_term(m, p->cells[j], share_of(p, j));
    end_figure(m, f, d);
}

static void pool_figures(nm_dc_model *m, const nm_demand *d, const nm_rules *rules,
                         const nm_pool *p)
{
    for (size_t i = 0; i < p->ncohorts; i++) {
        const nm_cohort *c = &p->cohorts[i];
        pooled_figures(m, d, rules, NM_DC_COHORT, i,
                       &(pooled){c->cells, c->cell_share, c->ncells, c->hidden, c->jobs_hidden, 1});
    }
    for (size_t i = 0; i < p->nresidual; i++) {
        const nm_residual *r = &p->residual[i];
        pooled_figures(m, d, rules, NM_DC_RESIDUAL, i,
                       &(pooled){r->cells, NULL, r->ncells, r->hidden, r->jobs_hidden, 1});
    }
    for (size_t i = 0; i < p->nopen; i++) {
        const nm_open_group *o = &p->open[i];
        pooled_figures(m, d, rules, NM_DC_OPEN, i,
                       &(pooled){o->cells, NULL, o->ncells, o->hidden, o->jobs_hidden, 1});
    }
}

/* --- weighted estimates (--frame): a second figure of their cells --- */

static void weighted_figures(nm_dc_model *m, const nm_demand *d, const double *west)
{
    /* each detail cell's weight: its municipality cell's estimate / count */
    double *factor = nm_calloc(m->nvars + 1, sizeof *factor);
    for (size_t v = 0; v < m->nvars; v++) {
        const nm_cell *c = nm_demand_cell_const(d, v);
        size_t mc = nm_demand_find_rollup(d, NM_GEO_MUNICIPALITY, c->geo_code, 4, &c->comp,
                                          (nm_need)c->need);
        if (mc == SIZE_MAX) /* the detail cell is its municipality's cell */
            mc = v;
        double raw = nm_demand_cell_const(d, mc)->demand;
        if (!isnan(west[mc]) && raw > 0)
            factor[v] = west[mc] / raw;
    }
    for (size_t c = 0; c < m->ncells; c++) {
        if (isnan(west[c]) || m->unit[c].unlisted)
            continue; /* not published at this level */
        uint32_t start = m->fig[c].start, n = m->fig[c].n, u = m->fig[c].unit;
        nm_dc_figure *f = begin_figure(m, u);
        for (uint32_t k = start; k < start + n; k++) {
            uint32_t v = m->var[k];
            if (factor[v] > 0)
                add_term(m, v, factor[v]);
        }
        end_figure(m, f, d);
        m->fig[m->nfig - 1].weighted = 1;
    }
    free(factor);
}

/* --- demand_low, demand_high, needs, needs_without_count --- */

/* A figure of kind k of figure f's unit, with f's terms (the same cells
 * added up, each its figure of kind k). */
static void repeat_figure(nm_dc_model *m, const nm_demand *d, uint32_t f, nm_dc_kind k)
{
    nm_dc_figure *g = begin_figure(m, m->fig[f].unit);
    uint32_t start = m->fig[f].start, n = m->fig[f].n;
    for (uint32_t t = start; t < start + n; t++)
        add_term(m, m->var[t], m->w[t]);
    end_figure_of(m, g, d, k);
}

/* 1 when some detail cell's range ends are not its demand. */
static int has_ranges(const nm_dc_model *m, const nm_demand *d)
{
    for (size_t v = 0; v < m->nvars; v++) {
        const nm_cell *c = nm_demand_cell_const(d, v);
        if (c->low != c->demand || c->high != c->demand)
            return 1;
    }
    return 0;
}

/* Every cell's figures of the other kinds, kind by kind, each in cell
 * order.  A cell's count of needs without a number is a unit of its own
 * (part 1 of the cell's row, hidden with the cell): the suppression can
 * hide that count alone, which costs the table no demand figure. */
static void kind_figures(nm_dc_model *m, const nm_demand *d)
{
    for (int k = NM_DC_LOW; k < NM_DC_KINDS; k++) {
        if ((k == NM_DC_LOW || k == NM_DC_HIGH) && !m->ranges)
            continue;
        for (size_t c = 0; c < m->ncells; c++) {
            repeat_figure(m, d, (uint32_t)c, (nm_dc_kind)k);
            if (k != NM_DC_UNKNOWN)
                continue;
            nm_dc_unit cu = m->unit[c];
            uint32_t u = add_unit(m, NM_DC_DEMAND, 1, c, cu.hidden, cu.primary);
            m->unit[u].unlisted = cu.unlisted;
            m->fig[m->nfig - 1].unit = u;
        }
    }
}

/* --- clusters.csv: a cluster's total per need type --- */

/* Hidden for fewer respondents than the minimum behind it (primary), or
 * exactly one member's cell hidden (before the joint suppression, which
 * then audits it as every other figure); nm_dc_apply writes the decision
 * into total_hidden, which clusters.c only reads. */
static void cluster_figures(nm_dc_model *m, const nm_demand *d, const nm_suppression *s,
                            const nm_clusters *cl)
{
    uint64_t k = nm_suppression_k(s);
    for (size_t i = 0; i < cl->n; i++) {
        const nm_cluster *c = &cl->list[i];
        for (int need = 0; need < NM_NEED_N; need++) {
            size_t cells = 0, hidden = 0;
            for (size_t j = 0; j < c->n; j++) {
                size_t cell = c->members[j].cell[need];
                if (cell == SIZE_MAX)
                    continue;
                cells++;
                /* a member left out by --publish counts as hidden (as
                 * before clusters.c read the model's decision) */
                hidden += nm_suppressed(s, cell) != NM_PUBLISHED;
            }
            if (!cells)
                continue;
            int primary = c->respondents[need] > 0 && c->respondents[need] < k;
            uint32_t u = add_unit(m, NM_DC_CLUSTER, need, i, primary || hidden == 1, primary);
            nm_dc_figure *f = begin_figure(m, u);
            for (size_t j = 0; j < c->n; j++) {
                size_t cell = c->members[j].cell[need];
                if (cell == SIZE_MAX)
                    continue;
                uint32_t start = m->fig[cell].start, n = m->fig[cell].n;
                for (uint32_t t = start; t < start + n; t++)
                    add_term(m, m->var[t], m->w[t]);
            }
            end_figure(m, f, d);
            /* cluster_demand_low, _high, cluster_needs_without_count (no needs) */
            uint32_t people = (uint32_t)(m->nfig - 1);
            for (int kind = NM_DC_LOW; kind < NM_DC_KINDS; kind++)
                if (kind != NM_DC_NEEDS && (m->ranges || kind == NM_DC_UNKNOWN))
                    repeat_figure(m, d, people, (nm_dc_kind)kind);
            /* its needs without a number: a unit of its own (part
             * NM_NEED_N + need), hidden with the total */
            uint32_t own = add_unit(m, NM_DC_CLUSTER, NM_NEED_N + need, i, m->unit[u].hidden,
                                    primary);
            m->fig[m->nfig - 1].unit = own;
        }
    }
}

void nm_dc_model_build(const nm_demand *d, const nm_refdata *ref, const nm_suppression *s,
                       const nm_pool *p, const nm_rules *rules, const double *west,
                       const nm_clusters *cl, nm_dc_model *out)
{
    memset(out, 0, sizeof *out);
    out->truth = 1;
    demand_figures(out, d, ref, s);
    out->ranges = has_ranges(out, d);
    if (west)
        weighted_figures(out, d, west);
    kind_figures(out, d);
    if (cl)
        cluster_figures(out, d, s, cl);
    if (p && rules)
        pool_figures(out, d, rules, p);
    /* below the publication level and not too small: nothing of the cell
     * is published (its terms stay for the figures that add it up) */
    for (size_t i = 0; i < out->nfig; i++) {
        const nm_dc_unit *u = &out->unit[out->fig[i].unit];
        if (u->table == NM_DC_DEMAND && u->unlisted && !u->primary)
            out->fig[i].n = 0;
    }
}

void nm_dc_model_free(nm_dc_model *m)
{
    if (!m)
        return;
    free(m->unit);
    free(m->fig);
    free(m->var);
    free(m->w);
    memset(m, 0, sizeof *m);
}

/* --- scenarios.csv: a pooling's totals --- */

/* The figure of unit u adding need `need` (NM_NEED_N: every need but jobs,
 * each at its expected-enrolment weight) of p's rows of table t in modes. */
static void scenario_figure(nm_dc_model *m, const nm_demand *d, const nm_pool *p,
                            const nm_rules *rules, unsigned modes, nm_dc_table t, int need,
                            uint32_t u)
{
    nm_dc_figure *f = begin_figure(m, u);
    size_t n = t == NM_DC_COHORT ? p->ncohorts : p->nresidual;
    for (size_t i = 0; i < n; i++) {
        const nm_pool_key *key = t == NM_DC_COHORT ? &p->cohorts[i].key : &p->residual[i].key;
        if (!(modes & (1u << key->mode)))
            continue;
        const uint32_t *cells = t == NM_DC_COHORT ? p->cohorts[i].cells : p->residual[i].cells;
        const double *share = t == NM_DC_COHORT ? p->cohorts[i].cell_share : NULL;
        size_t ncells = t == NM_DC_COHORT ? p->cohorts[i].ncells : p->residual[i].ncells;
        for (size_t j = 0; j < ncells; j++) {
            nm_need cn = (nm_need)nm_demand_cell_const(d, cells[j])->need;
            double w = share ? share[j] : 1;
            if (need == NM_NEED_N) { /* expected enrolment, as a cohort's */
                double x = nm_rules_weight(rules, cn) * rules->enrolment_rate;
                if (cn == NM_NEED_RECRUITMENT || !(x > 0))
                    continue;
                w *= x;
            } else if ((int)cn != need) {
                continue;
            }
            add_term(m, cells[j], w);
        }
    }
    end_figure(m, f, d);
}

void nm_dc_model_add_scenario(nm_dc_model *m, const nm_demand *d, const nm_pool *p,
                              const nm_rules *rules, unsigned modes, size_t row)
{
    static const struct {
        nm_dc_table t;
        int need;
    } totals[NM_SCENARIO_TOTALS] = {
        [NM_SCENARIO_UPSKILLING] = {NM_DC_COHORT, NM_NEED_UPSKILLING},
        [NM_SCENARIO_INTEREST] = {NM_DC_COHORT, NM_NEED_INTEREST},
        [NM_SCENARIO_EXPECTED] = {NM_DC_COHORT, NM_NEED_N},
        [NM_SCENARIO_RESIDUAL_UPSKILLING] = {NM_DC_RESIDUAL, NM_NEED_UPSKILLING},
        [NM_SCENARIO_RESIDUAL_INTEREST] = {NM_DC_RESIDUAL, NM_NEED_INTEREST}};
    for (int i = 0; i < NM_SCENARIO_TOTALS; i++) {
        uint32_t u = add_unit(m, NM_DC_SCENARIO, i, row, 0, 0);
        scenario_figure(m, d, p, rules, modes, totals[i].t, totals[i].need, u);
    }
}

void nm_dc_apply_scenarios(const nm_dc_model *m, nm_scenario_figures *f, size_t n)
{
    for (size_t i = 0; i < m->nunits; i++) {
        const nm_dc_unit *u = &m->unit[i];
        if (u->table == NM_DC_SCENARIO && u->hidden && u->row < n &&
            u->part < NM_SCENARIO_TOTALS)
            f[u->row].hidden[u->part] = 1;
    }
}

/* --- back into the flags --- */

/* A shortfall adds the students of the group's residual rows that were
 * published when it was worked out: once the joint suppression hides one
 * of them, no shortfall of that group is published (it would give the
 * hidden row's students away). */
static void hide_shortfalls(nm_pool *p, const uint8_t *newly)
{
    for (size_t j = 0; j < p->nresidual; j++) {
        if (!newly[j])
            continue;
        for (size_t i = 0; i < p->nresidual; i++)
            if (nm_pool_key_cmp(&p->residual[i].key, &p->residual[j].key) == 0)
                p->residual[i].shortfall_hidden = 1;
    }
}

/* Shared placements (pool_share.h): a cohort's `placements` and a
 * residual row's `placements_have` are what the group's cohorts leave;
 * once the joint suppression hides a cohort that was published when they
 * were worked out, those of its group that others take from are hidden
 * (they would give its expected students away). */
static void hide_shared_placements(nm_pool *p, const uint8_t *newly)
{
    for (size_t j = 0; j < p->ncohorts; j++) {
        if (!newly[j])
            continue;
        for (size_t i = 0; i < p->ncohorts; i++)
            if (i != j && p->cohorts[i].placements_shared &&
                nm_pool_key_cmp(&p->cohorts[i].key, &p->cohorts[j].key) == 0)
                p->cohorts[i].placements_hidden = 1;
        for (size_t i = 0; i < p->nresidual; i++)
            if (p->residual[i].placements_shared &&
                nm_pool_key_cmp(&p->residual[i].key, &p->cohorts[j].key) == 0)
                p->residual[i].placements_have_hidden = 1;
    }
}

void nm_dc_apply(const nm_dc_model *m, nm_suppression *s, nm_pool *p, nm_clusters *cl)
{
    uint8_t *newly = p ? nm_calloc(p->nresidual + 1, 1) : NULL;
    uint8_t *newly_cohort = p ? nm_calloc(p->ncohorts + 1, 1) : NULL;
    for (size_t i = 0; i < m->nunits; i++) {
        const nm_dc_unit *u = &m->unit[i];
        if (!u->hidden)
            continue;
        switch ((nm_dc_table)u->table) {
        case NM_DC_DEMAND:
            if (u->part == 1 && s && u->row < s->n && s->flag[u->row] == NM_PUBLISHED) {
                if (!s->unknown_hidden)
                    s->unknown_hidden = nm_calloc(s->n + 1, 1);
                s->unknown_hidden[u->row] = 1; /* its needs_without_count alone */
            } else if (u->part == 0 && s && u->row < s->n && s->flag[u->row] == NM_PUBLISHED) {
                s->flag[u->row] = NM_SUPPRESSED_SECONDARY;
                s->stats.secondary++;
            }
            break;
        case NM_DC_COHORT:
            if (p && u->row < p->ncohorts) {
                if (!u->part && !p->cohorts[u->row].hidden)
                    newly_cohort[u->row] = 1;
                *(u->part ? &p->cohorts[u->row].jobs_hidden : &p->cohorts[u->row].hidden) = 1;
            }
            break;
        case NM_DC_RESIDUAL:
            if (p && u->row < p->nresidual) {
                if (!u->part && !p->residual[u->row].hidden)
                    newly[u->row] = 1;
                *(u->part ? &p->residual[u->row].jobs_hidden : &p->residual[u->row].hidden) =
                    1;
            }
            break;
        case NM_DC_OPEN:
            if (p && u->row < p->nopen)
                *(u->part ? &p->open[u->row].jobs_hidden : &p->open[u->row].hidden) = 1;
            break;
        case NM_DC_CLUSTER: /* clusters.c hides exactly these */
            if (cl && u->row < cl->n && u->part < NM_NEED_N)
                cl->list[u->row].total_hidden[u->part] = 1;
            else if (cl && u->row < cl->n && u->part < 2 * NM_NEED_N)
                cl->list[u->row].unknown_hidden[u->part - NM_NEED_N] = 1;
            break;
        default:
            break;
        }
    }
    if (p) {
        hide_shortfalls(p, newly);
        hide_shared_placements(p, newly_cohort);
    }
    free(newly);
    free(newly_cohort);
}

/* --- per table: published, hidden, share of demand hidden --- */

/* Each detail cell's people count where the finest published row that
 * adds it up is shown: its own row at full detail, else the listed row with
 * the fewest terms (a county row under --publish county). */
static void demand_share(const nm_dc_model *m, nm_dc_table_stats *t)
{
    uint32_t *home = nm_calloc(m->nvars + 1, sizeof *home);
    for (size_t v = 0; v < m->nvars; v++)
        home[v] = UINT32_MAX;
    for (size_t i = 0; i < m->ncells; i++) {
        const nm_dc_figure *f = &m->fig[i];
        if (m->unit[f->unit].unlisted)
            continue;
        for (uint32_t k = f->start; k < f->start + f->n; k++) {
            uint32_t v = m->var[k];
            if (home[v] == UINT32_MAX || f->n < m->fig[home[v]].n)
                home[v] = (uint32_t)i;
        }
    }
    for (size_t v = 0; v < m->nvars; v++) {
        double x = m->fig[v].value;
        t->demand += x;
        if (home[v] == UINT32_MAX || m->unit[m->fig[home[v]].unit].hidden)
            t->demand_hidden += x;
    }
    free(home);
}

void nm_dc_stats(const nm_dc_model *m, nm_dc_table_stats out[NM_DC_TABLES])
{
    memset(out, 0, NM_DC_TABLES * sizeof *out);
    for (size_t i = 0; i < m->nfig; i++) {
        const nm_dc_figure *f = &m->fig[i];
        const nm_dc_unit *u = &m->unit[f->unit];
        nm_dc_table_stats *t = &out[u->table];
        if (f->kind != NM_DC_PEOPLE)
            continue; /* the same units counted by their people figures */
        if (u->table == NM_DC_DEMAND) { /* counted; people: demand_share */
            if (u->unlisted)
                continue; /* not a row at this publication level */
            t->published += !u->hidden;
            t->hidden += u->hidden;
            continue;
        }
        if (f->weighted)
            continue; /* expected enrolment: a weighted repeat of the students */
        t->published += !u->hidden;
        t->hidden += u->hidden;
        if (m->truth) {
            t->demand += f->value;
            t->demand_hidden += u->hidden ? f->value : 0;
        }
    }
    if (m->truth)
        demand_share(m, &out[NM_DC_DEMAND]);
}

const char *nm_dc_table_name(nm_dc_table t)
{
    static const char *const names[NM_DC_TABLES] = {"demand",   "cohorts",  "residual",
                                                    "open",     "clusters", "scenarios"};
    return t < NM_DC_TABLES ? names[t] : "?";
}

const char *nm_dc_kind_name(nm_dc_kind k)
{
    static const char *const names[NM_DC_KINDS] = {"people", "low", "high", "needs",
                                                   "unknown"};
    return k < NM_DC_KINDS ? names[k] : "?";
}

/* --- other poolings of the same table (scenarios) --- */

static int same_cells(const uint32_t *a, size_t na, const uint32_t *b, size_t nb)
{
    return na == nb && (na == 0 || memcmp(a, b, na * sizeof *a) == 0);
}

/* Hide the student and job figures of a row of p whose cells are those
 * of a row hidden in run. */
static void hide_row(const nm_pool *run, const uint32_t *cells, size_t n, int *hidden,
                     int *jobs_hidden)
{
    for (size_t i = 0; i < run->ncohorts; i++)
        if (same_cells(run->cohorts[i].cells, run->cohorts[i].ncells, cells, n)) {
            *hidden |= run->cohorts[i].hidden;
            *jobs_hidden |= run->cohorts[i].jobs_hidden;
        }
    for (size_t i = 0; i < run->nresidual; i++)
        if (same_cells(run->residual[i].cells, run->residual[i].ncells, cells, n)) {
            *hidden |= run->residual[i].hidden;
            *jobs_hidden |= run->residual[i].jobs_hidden;
        }
}

void nm_dc_hide_like(const nm_pool *run, nm_pool *p)
{
    for (size_t i = 0; i < p->ncohorts; i++)
        hide_row(run, p->cohorts[i].cells, p->cohorts[i].ncells, &p->cohorts[i].hidden,
                 &p->cohorts[i].jobs_hidden);
    for (size_t i = 0; i < p->nresidual; i++)
        hide_row(run, p->residual[i].cells, p->residual[i].ncells, &p->residual[i].hidden,
                 &p->residual[i].jobs_hidden);
}
