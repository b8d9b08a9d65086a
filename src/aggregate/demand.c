/* demand.c - detail cells, roll-ups along both hierarchies, and the linear
 * relations between them that suppression must respect. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/demand.h"
#include "needmap/parallel.h"
#include "needmap/sort.h"
#include "needmap/strmap.h"

typedef struct rset {      /* distinct respondents, sorted */
    uint64_t *ids;
    size_t n, cap;
} rset;

struct nm_demand {
    const nm_refdata *ref;
    nm_cell *cells;
    rset *resp;              /* per cell */
    size_t n, cap;
    nm_strmap *index;        /* cell key -> index + 1 */
    nm_strmap *labels;       /* interned competence labels */
    nm_relation *rel;
    size_t nrel, relcap;
    int finished;
    int threads;             /* for finishing: nm_demand_set_threads */
};

static const nm_horizon all_horizons = {-2, -2};

nm_demand *nm_demand_new(const nm_refdata *ref)
{
    nm_demand *d = nm_calloc(1, sizeof *d);
    d->ref = ref;
    d->index = nm_strmap_new();
    d->labels = nm_strmap_new();
    return d;
}

void nm_demand_set_threads(nm_demand *d, int threads)
{
    d->threads = threads;
}

void nm_demand_free(nm_demand *d)
{
    if (!d)
        return;
    for (size_t i = 0; i < d->n; i++)
        free(d->resp[i].ids);
    for (size_t i = 0; i < d->nrel; i++)
        free(d->rel[i].children);
    free(d->rel);
    free(d->cells);
    free(d->resp);
    nm_strmap_free(d->index);
    nm_strmap_free(d->labels);
    free(d);
}

static void rset_add(rset *s, uint64_t id)
{
    size_t lo = 0, hi = s->n;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (s->ids[mid] < id)
            lo = mid + 1;
        else
            hi = mid;
    }
    if (lo < s->n && s->ids[lo] == id)
        return;
    if (s->n == s->cap) { /* most cells have one or two respondents: start small */
        s->cap = s->cap ? 2 * s->cap : 1;
        s->ids = nm_reallocarray(s->ids, s->cap, sizeof *s->ids);
    }
    memmove(s->ids + lo + 1, s->ids + lo, (s->n - lo) * sizeof *s->ids);
    s->ids[lo] = id;
    s->n++;
}

/* dst |= src, both sorted: one merge, O(n + m). */
static void rset_union(rset *dst, const rset *src)
{
    if (!src->n)
        return;
    uint64_t *out = nm_reallocarray(NULL, dst->n + src->n, sizeof *out);
    size_t i = 0, j = 0, k = 0;
    while (i < dst->n || j < src->n) {
        uint64_t v;
        if (j == src->n || (i < dst->n && dst->ids[i] < src->ids[j]))
            v = dst->ids[i++];
        else if (i == dst->n || src->ids[j] < dst->ids[i])
            v = src->ids[j++];
        else
            v = dst->ids[i++], j++;
        out[k++] = v;
    }
    free(dst->ids);
    dst->ids = out;
    dst->n = k;
    dst->cap = k;
}

static const char *intern(nm_demand *d, const char *s)
{
    size_t i = nm_strmap_index(d->labels, s);
    if (i == SIZE_MAX)
        i = nm_strmap_put(d->labels, s, NULL);
    return nm_strmap_key_at(d->labels, i);
}

/* Text key of a competence at a comp level, for cell keys. */
static void comp_text(nm_buf *b, const nm_comp_key *k, int level)
{
    if (level == 0)
        nm_buf_puts(b, "*");
    else if (k->code[0])
        nm_buf_printf(b, "%.*s", level, k->code);
    else if (k->unclassified)
        nm_buf_puts(b, "?");
    else
        nm_buf_printf(b, "~%s", k->label);
}

static nm_comp_key comp_at(const nm_comp_key *k, int level)
{
    nm_comp_key r = {{0}, NULL, 0};
    if (level == 0)
        return r;
    r = *k;
    if (r.code[0] && (int)strlen(r.code) > level)
        r.code[level] = '\0';
    return r;
}

/* Find or create the cell for key; *fresh tells which. */
static size_t cell_for(nm_demand *d, const char *key, const nm_cell *proto)
{
    void *v;
    if (nm_strmap_find(d->index, key, &v))
        return (size_t)(uintptr_t)v - 1;
    if (d->n == d->cap) {
        NM_GROW(d->cells, d->cap, d->n + 1);
        d->resp = nm_reallocarray(d->resp, d->cap, sizeof *d->resp);
    }
    d->cells[d->n] = *proto;
    memset(&d->resp[d->n], 0, sizeof d->resp[d->n]);
    nm_strmap_put(d->index, key, (void *)(uintptr_t)(d->n + 1));
    return d->n++;
}

/* The key of a detail cell; built without printf: it is made per record. */
static void detail_key(nm_buf *key, const nm_cell *c)
{
    char tail[8] = {'|', (char)('0' + c->need), (char)('0' + c->level), (char)('0' + c->mode),
                    (char)('0' + 2 + c->horizon.lo), (char)('0' + 2 + c->horizon.hi), 0, 0};
    nm_buf_reset(key);
    nm_buf_puts(key, "D|");
    nm_buf_puts(key, c->geo_code);
    nm_buf_putc(key, '|');
    if (c->comp.code[0])
        nm_buf_puts(key, c->comp.code);
    else
        comp_text(key, &c->comp, 4);
    nm_buf_append(key, tail, 6);
}

void nm_demand_add(nm_demand *d, const nm_record *r)
{
    nm_cell proto = {0};
    proto.geo = NM_GEO_MUNICIPALITY;
    memcpy(proto.geo_code, r->municipality, sizeof proto.geo_code);
    proto.comp_level = 4;
    if (r->competence.ssyk[0])
        memcpy(proto.comp.code, r->competence.ssyk, sizeof proto.comp.code);
    else if (r->competence.how == NM_MATCH_UNCLASSIFIED)
        proto.comp.unclassified = 1;  /* free text: never published */
    else
        proto.comp.label = intern(d, r->competence.label ? r->competence.label : "");
    proto.need = r->need;
    proto.level = r->level;
    proto.mode = r->mode;
    proto.horizon = r->horizon;

    nm_buf key = {0};
    detail_key(&key, &proto);
    size_t i = cell_for(d, key.data, &proto);
    nm_buf_free(&key);

    nm_cell *c = &d->cells[i];
    c->needs++;
    if (r->count.known) {
        c->demand += r->count.value;
        c->low += r->count.low;
        c->high += r->count.high;
    } else {
        c->unknown++;
    }
    rset_add(&d->resp[i], r->respondent);
}

void nm_demand_merge(nm_demand *d, const nm_demand *src)
{
    nm_buf key = {0};
    for (size_t i = 0; i < src->n; i++) {
        nm_cell proto = src->cells[i];
        proto.demand = proto.low = proto.high = 0;
        proto.unknown = proto.needs = 0;
        if (proto.comp.label)
            proto.comp.label = intern(d, proto.comp.label);
        detail_key(&key, &proto);
        size_t t = cell_for(d, key.data, &proto);
        nm_cell *c = &d->cells[t];
        const nm_cell *f = &src->cells[i];
        c->demand += f->demand;
        c->low += f->low;
        c->high += f->high;
        c->unknown += f->unknown;
        c->needs += f->needs;
        rset_union(&d->resp[t], &src->resp[i]);
    }
    nm_buf_free(&key);
}

/* --- roll-ups --- */

/* The key of a roll-up cell; built without printf (15 per detail cell). */
static void rollup_key(nm_buf *b, nm_geo_level g, const char *geo_code, int level,
                       const nm_comp_key *k, nm_need need)
{
    char head[4] = {'R', (char)('0' + g), (char)('0' + level), '|'};
    char tail[2] = {'|', (char)('0' + need)};
    nm_buf_reset(b);
    nm_buf_append(b, head, 4);
    nm_buf_puts(b, geo_code);
    nm_buf_putc(b, '|');
    comp_text(b, k, level);
    nm_buf_append(b, tail, 2);
}

static void geo_of(const nm_demand *d, const char *muni, nm_geo_level g, char out[5])
{
    const nm_municipality *m = nm_refdata_municipality(d->ref, muni);
    if (g == NM_GEO_MUNICIPALITY)
        snprintf(out, 5, "%s", muni);
    else if (g == NM_GEO_COUNTY)
        snprintf(out, 5, "%s", m ? m->county_code : "??");
    else
        snprintf(out, 5, "SE");
}

/* Sums of a detail cell into a roll-up; respondents are gathered
 * separately (gather_respondents) to keep this linear. */
static void add_into(nm_demand *d, size_t to, size_t from)
{
    nm_cell *t = &d->cells[to];
    const nm_cell *f = &d->cells[from];
    t->demand += f->demand;
    t->low += f->low;
    t->high += f->high;
    t->unknown += f->unknown;
    t->needs += f->needs;
}

static void sort_unique(rset *s)
{
    s->n = nm_sort_unique_u64(s->ids, s->n);
}

/* Every roll-up's respondents: for one of the 15 roll-ups of each detail
 * cell at a time, the detail cells' ids are appended, sorted and made
 * unique once (not merged cell by cell, which costs cells x respondents),
 * counted, and freed unless a later stage reads them (the national
 * roll-ups at the given level, used by clustering).  Peak memory is one
 * batch of ids, not fifteen copies. */
typedef struct gather_job {
    nm_demand *d;
    size_t ndetail;
    const size_t *rollup_of;
    unsigned char *done;       /* per cell: counted (each roll-up is one batch's) */
} gather_job;

/* One batch: the roll-ups of kind k of every detail cell.  Batches touch
 * disjoint roll-ups and only read detail cells, so they may run on
 * different threads. */
static void gather_batch(void *ctx, size_t k)
{
    gather_job *j = ctx;
    nm_demand *d = j->d;
    const size_t per = 15;
    for (size_t i = 0; i < j->ndetail; i++) {
        rset *to = &d->resp[j->rollup_of[i * per + k]];
        const rset *from = &d->resp[i];
        if (!from->n)
            continue;
        NM_GROW(to->ids, to->cap, to->n + from->n);
        memcpy(to->ids + to->n, from->ids, from->n * sizeof *from->ids);
        to->n += from->n;
    }
    for (size_t i = 0; i < j->ndetail; i++) {
        size_t r = j->rollup_of[i * per + k];
        if (j->done[r])
            continue;
        j->done[r] = 1;
        rset *s = &d->resp[r];
        sort_unique(s);
        nm_cell *c = &d->cells[r];
        c->respondents = s->n;
        if (!(c->geo == NM_GEO_ALL && c->comp_level == 4)) {
            free(s->ids);
            s->ids = NULL;
            s->n = s->cap = 0;
        }
    }
}

static void gather_respondents(nm_demand *d, size_t ndetail, const size_t *rollup_of)
{
    gather_job job = {d, ndetail, rollup_of, nm_calloc(d->n ? d->n : 1, 1)};
    /* at most four threads: each holds one batch of ids at a time */
    nm_parallel_for(15, d->threads < 4 ? d->threads : 4, gather_batch, &job);
    free(job.done);
}

static const nm_cell *group_base; /* as sort_cells_base */

/* Detail cells that share municipality, competence and need type share
 * all their 15 roll-ups (level, mode and horizon are summed away). */
static int cmp_rollup_group(const void *pa, const void *pb)
{
    const nm_cell *a = &group_base[*(const size_t *)pa], *b = &group_base[*(const size_t *)pb];
    int c = strcmp(a->geo_code, b->geo_code);
    if (c)
        return c;
    if ((c = nm_comp_key_cmp(&a->comp, &b->comp)))
        return c;
    if (a->need != b->need)
        return a->need < b->need ? -1 : 1;
    size_t x = *(const size_t *)pa, y = *(const size_t *)pb;
    return x < y ? -1 : x > y; /* a total order: the same sums in the same order */
}

static int same_rollup_group(const nm_cell *a, const nm_cell *b)
{
    return strcmp(a->geo_code, b->geo_code) == 0 && nm_comp_key_cmp(&a->comp, &b->comp) == 0 &&
           a->need == b->need;
}

/* The 15 roll-ups of detail cell i, created as needed. */
static void rollups_of(nm_demand *d, size_t i, size_t *out, nm_buf *key)
{
    size_t k = 0;
    for (int g = NM_GEO_ALL; g <= NM_GEO_MUNICIPALITY; g++) {
        for (int level = 4; level >= 0; level--) {
            const nm_cell *c = &d->cells[i];
            nm_cell proto = {0};
            proto.rollup = 1;
            proto.geo = (nm_geo_level)g;
            geo_of(d, c->geo_code, proto.geo, proto.geo_code);
            proto.comp_level = level;
            proto.comp = comp_at(&c->comp, level);
            proto.need = c->need;
            proto.level = NM_LEVEL_N;
            proto.mode = NM_MODE_N;
            proto.horizon = all_horizons;
            rollup_key(key, proto.geo, proto.geo_code, level, &proto.comp, proto.need);
            out[k++] = cell_for(d, key->data, &proto);
        }
    }
}

static void build_rollups(nm_demand *d)
{
    nm_buf key = {0};
    size_t ndetail = d->n;
    size_t *rollup_of = nm_reallocarray(NULL, ndetail ? ndetail * 15 : 1, sizeof *rollup_of);
    size_t *order = nm_calloc(ndetail ? ndetail : 1, sizeof *order);
    for (size_t i = 0; i < ndetail; i++)
        order[i] = i;
    group_base = d->cells;
    qsort(order, ndetail, sizeof *order, cmp_rollup_group);
    for (size_t k = 0; k < ndetail; k++) {
        size_t i = order[k];
        if (k > 0 && same_rollup_group(&d->cells[i], &d->cells[order[k - 1]]))
            memcpy(&rollup_of[i * 15], &rollup_of[order[k - 1] * 15], 15 * sizeof *rollup_of);
        else
            rollups_of(d, i, &rollup_of[i * 15], &key);
        for (size_t r = 0; r < 15; r++)
            add_into(d, rollup_of[i * 15 + r], i);
    }
    free(order);
    gather_respondents(d, ndetail, rollup_of);
    free(rollup_of);
    nm_buf_free(&key);
}

/* --- order --- */

int nm_comp_key_cmp(const nm_comp_key *a, const nm_comp_key *b)
{
    /* SSYK codes first (by code), then competence labels, then unclassified */
    int ka = a->code[0] ? 0 : a->unclassified ? 2 : a->label ? 1 : -1;
    int kb = b->code[0] ? 0 : b->unclassified ? 2 : b->label ? 1 : -1;
    if (ka != kb)
        return ka < kb ? -1 : 1;
    if (ka == 0)
        return strcmp(a->code, b->code);
    if (ka == 1)
        return strcmp(a->label, b->label);
    return 0;
}

#define CMP(x, y) do { if ((x) != (y)) return (x) < (y) ? -1 : 1; } while (0)

static int cmp_cells(const nm_cell *a, const nm_cell *b)
{
    CMP(a->rollup, b->rollup);
    CMP(a->geo, b->geo);
    int c = strcmp(a->geo_code, b->geo_code);
    if (c)
        return c;
    CMP(b->comp_level, a->comp_level); /* most detailed first */
    if ((c = nm_comp_key_cmp(&a->comp, &b->comp)))
        return c;
    CMP(a->need, b->need);
    CMP(a->level, b->level);
    CMP(a->mode, b->mode);
    CMP(a->horizon.lo, b->horizon.lo);
    CMP(a->horizon.hi, b->horizon.hi);
    return 0;
}

/* qsort has no context argument; finishing a table runs on one thread. */
static const nm_cell *sort_cells_base;

static int cmp_index(const void *a, const void *b)
{
    return cmp_cells(&sort_cells_base[*(const size_t *)a], &sort_cells_base[*(const size_t *)b]);
}

/* Sort an index, then move cells and their respondent sets into place by
 * following the permutation's cycles: no second copy of the table. */
static void sort_cells(nm_demand *d)
{
    size_t *order = nm_calloc(d->n ? d->n : 1, sizeof *order);
    for (size_t i = 0; i < d->n; i++)
        order[i] = i;
    sort_cells_base = d->cells;
    qsort(order, d->n, sizeof *order, cmp_index);
    for (size_t start = 0; start < d->n; start++) { /* position i takes cell order[i] */
        if (order[start] == start || order[start] == SIZE_MAX)
            continue;
        nm_cell cell = d->cells[start];
        rset resp = d->resp[start];
        size_t i = start;
        while (order[i] != start) {
            size_t from = order[i];
            d->cells[i] = d->cells[from];
            d->resp[i] = d->resp[from];
            order[i] = SIZE_MAX;
            i = from;
        }
        d->cells[i] = cell;
        d->resp[i] = resp;
        order[i] = SIZE_MAX;
    }
    free(order);
    for (size_t i = 0; i < d->n; i++)
        if (!d->cells[i].rollup) /* roll-ups were counted when gathered */
            d->cells[i].respondents = d->resp[i].n;
}

/* --- relations --- */

static void reindex(nm_demand *d)
{
    nm_buf key = {0};
    nm_strmap_free(d->index);
    d->index = nm_strmap_new();
    for (size_t i = 0; i < d->n; i++) {
        const nm_cell *c = &d->cells[i];
        if (!c->rollup)
            continue;
        rollup_key(&key, c->geo, c->geo_code, c->comp_level, &c->comp, c->need);
        nm_strmap_put(d->index, key.data, (void *)(uintptr_t)(i + 1));
    }
    nm_buf_free(&key);
}

/* Append child to the relation of parent in one hierarchy (kind 0: detail,
 * 1: competence, 2: geography). */
static void relate(nm_demand *d, size_t *rels, int kind, size_t parent, size_t child)
{
    size_t *slot = &rels[(size_t)kind * d->n + parent]; /* relation index + 1 */
    size_t r;
    if (*slot) {
        r = *slot - 1;
    } else {
        NM_GROW(d->rel, d->relcap, d->nrel + 1);
        r = d->nrel++;
        d->rel[r] = (nm_relation){parent, NULL, 0};
        *slot = r + 1;
    }
    nm_relation *rel = &d->rel[r];
    if ((rel->nchildren & (rel->nchildren - 1)) == 0) /* grow at powers of two */
        rel->children = nm_reallocarray(rel->children, rel->nchildren ? 2 * rel->nchildren : 1,
                                        sizeof *rel->children);
    rel->children[rel->nchildren++] = child;
}

static void build_relations(nm_demand *d)
{
    size_t *rels = nm_calloc(3 * (d->n ? d->n : 1), sizeof *rels);
    for (size_t i = 0; i < d->n; i++) {
        const nm_cell *c = &d->cells[i];
        size_t p;
        if (!c->rollup) {
            p = nm_demand_find_rollup(d, NM_GEO_MUNICIPALITY, c->geo_code, 4, &c->comp, c->need);
            relate(d, rels, 0, p, i);
            continue;
        }
        if (c->comp_level > 0) {
            nm_comp_key up = comp_at(&c->comp, c->comp_level - 1);
            p = nm_demand_find_rollup(d, c->geo, c->geo_code, c->comp_level - 1, &up, c->need);
            relate(d, rels, 1, p, i);
        }
        if (c->geo != NM_GEO_ALL) {
            char code[5];
            if (c->geo == NM_GEO_MUNICIPALITY)
                geo_of(d, c->geo_code, NM_GEO_COUNTY, code);
            else
                snprintf(code, sizeof code, "SE");
            p = nm_demand_find_rollup(d, (nm_geo_level)(c->geo - 1), code, c->comp_level,
                                      &c->comp, c->need);
            relate(d, rels, 2, p, i);
        }
    }
    free(rels);
}

void nm_demand_finish(nm_demand *d)
{
    if (d->finished)
        return;
    build_rollups(d);
    if (d->n && d->n < d->cap) { /* the table grows no more: give back the slack */
        d->cells = nm_reallocarray(d->cells, d->n, sizeof *d->cells);
        d->resp = nm_reallocarray(d->resp, d->n, sizeof *d->resp);
        d->cap = d->n;
    }
    sort_cells(d);
    reindex(d);
    build_relations(d);
    d->finished = 1;
}

size_t nm_demand_count(const nm_demand *d) { return d->n; }
nm_cell *nm_demand_cell(nm_demand *d, size_t i) { return &d->cells[i]; }
const nm_cell *nm_demand_cell_const(const nm_demand *d, size_t i) { return &d->cells[i]; }

size_t nm_demand_respondent_ids(const nm_demand *d, size_t cell, const uint64_t **ids)
{
    *ids = d->resp[cell].ids;
    return d->resp[cell].n;
}

size_t nm_demand_relations(const nm_demand *d, const nm_relation **out)
{
    *out = d->rel;
    return d->nrel;
}

size_t nm_demand_find_rollup(const nm_demand *d, nm_geo_level geo, const char *geo_code,
                             int comp_level, const nm_comp_key *comp, nm_need need)
{
    nm_buf key = {0};
    rollup_key(&key, geo, geo_code, comp_level, comp, need);
    void *v;
    size_t r = nm_strmap_find(d->index, key.data, &v) ? (size_t)(uintptr_t)v - 1 : SIZE_MAX;
    nm_buf_free(&key);
    return r;
}

/* --- names --- */

const char *nm_geo_level_name(nm_geo_level g)
{
    return g == NM_GEO_ALL ? "all" : g == NM_GEO_COUNTY ? "county" : "municipality";
}

const char *nm_geo_name(const nm_refdata *ref, nm_geo_level g, const char *code)
{
    if (g == NM_GEO_ALL)
        return "Alla kommuner";
    if (g == NM_GEO_MUNICIPALITY) {
        const nm_municipality *m = nm_refdata_municipality(ref, code);
        return m ? m->short_name : "";
    }
    for (size_t i = 0; i < ref->nmunis; i++)
        if (strcmp(ref->munis[i].county_code, code) == 0)
            return ref->munis[i].county_name;
    return "";
}

const char *nm_comp_key_label(const nm_refdata *ref, const nm_comp_key *k, int comp_level)
{
    if (comp_level == 0)
        return "Alla yrken och kompetenser";
    if (k->code[0]) {
        const nm_ssyk *s = nm_refdata_ssyk(ref, k->code);
        return s ? s->label_sv : "";
    }
    if (k->unclassified)
        return "Ej klassificerat";
    return k->label ? k->label : "";
}

const char *nm_suppress_name(nm_suppress s)
{
    return s == NM_PUBLISHED ? "" : s == NM_SUPPRESSED_PRIMARY ? "primary" : "secondary";
}

const char *nm_horizon_text(nm_horizon h, char *buf, size_t size)
{
    if (h.lo == -2)
        snprintf(buf, size, "all");
    else if (h.lo < 0)
        snprintf(buf, size, "unknown");
    else
        snprintf(buf, size, "%d-%d", h.lo, h.hi);
    return buf;
}
