/* demand.c - the demand table while it is built: records added to their
 * detail cells (found through the index, demand_index.c), tables merged in
 * input order, and the finished table read; names for people.  The other
 * parts are listed in demand_int.h. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "demand_int.h"
#include "needmap/alloc.h"
#include "needmap/count.h"
#include "needmap/status.h"

nm_demand *nm_demand_new(const nm_refdata *ref)
{
    nm_demand *d = nm_calloc(1, sizeof *d);
    d->ref = ref;
    d->labels = nm_strmap_new();
    d->log = nm_resplog_new();
    return d;
}

nm_demand *nm_demand_new_like(const nm_demand *model)
{
    nm_demand *d = nm_demand_new(model->ref);
    if (model->reps)
        nm_demand_bootstrap(d, nm_replicates_b(model->reps), nm_replicates_seed(model->reps));
    if (model->units)
        nm_demand_keep_units(d);
    return d;
}

void nm_demand_keep_units(nm_demand *d)
{
    if (!d->units)
        d->units = nm_unitsums_new();
}

const nm_unitsums *nm_demand_units(const nm_demand *d)
{
    return d->units;
}

void nm_demand_bootstrap(nm_demand *d, unsigned b, uint64_t seed)
{
    nm_replicates_free(d->reps);
    d->reps = b ? nm_replicates_new(b, seed) : NULL;
}

const nm_replicates *nm_demand_replicates(const nm_demand *d)
{
    return d->reps;
}

void nm_demand_free(nm_demand *d)
{
    if (!d)
        return;
    nm_replicates_free(d->reps);
    nm_unitsums_free(d->units);
    nm_resplog_free(d->log);
    free(d->cells);
    free(d->slots);
    nm_strmap_free(d->labels);
    free(d);
}

static const char *intern(nm_demand *d, const char *s)
{
    size_t i = nm_strmap_index(d->labels, s);
    if (i == SIZE_MAX)
        i = nm_strmap_put(d->labels, s, NULL);
    return nm_strmap_key_at(d->labels, i);
}


/* Counts are 32-bit: 4 billion needs in one cell stop the run (it would
 * take hours to read that many rows). */
static void too_many_needs(void)
{
    nm_fatal("more than %u needs in one cell of the demand table", UINT32_MAX);
}

void nmd_too_many_cells(void)
{
    nm_fatal("more than %zu cells in the demand table", (size_t)1 << 30);
}

/* Find or create the cell like proto (labels interned in d). */
static size_t cell_for_key(nm_demand *d, const nm_cell *proto, const ckey *key, uint64_t h)
{
    ckey k = *key;
    size_t slot = 0;
    if (d->nslots) {
        size_t i = nmd_find_key(d, &k, h, &slot);
        if (i != SIZE_MAX)
            return i;
    }
    if (!ROOMY(d->n + 1, d->nslots)) {
        nmd_grow_index(d, d->n + 1);
        nmd_find_key(d, &k, h, &slot);
    }
    if (d->n >= (size_t)1 << 30) /* cells and relations are numbered in 32 bits */
        nmd_too_many_cells();
    if (d->n == d->cap) {
        NM_GROW(d->cells, d->cap, d->n + 1);
    }
    d->cells[d->n] = *proto;
    d->slots[slot] = (h >> 32) << 32 | (uint64_t)(d->n + 1);
    return d->n++;
}

/* Fetch the cell each hash's index slot points to (the slots were
 * fetched when the hashes were made). */
static void prefetch_cells(const nm_demand *d, const uint64_t *hash, size_t n)
{
    if (!d->nslots)
        return;
    size_t mask = d->nslots - 1;
    for (size_t w = 0; w < n; w++) {
        uint64_t h = hash[w];
        size_t pos = nmd_home(d, h);
        uint32_t tag = (uint32_t)(h >> 32);
        uint64_t s;
        while ((s = d->slots[pos]) != 0 && (uint32_t)(s >> 32) != tag)
            pos = (pos + 1) & mask;
        if (s)
            __builtin_prefetch(&d->cells[(uint32_t)s - 1], 1);
    }
}

/* Add the waiting records, in order.  First every record's index slot
 * (fetched since it was queued) gives the cell its tag points to, whose
 * key and sums are then fetched together; then each record is added.  A
 * table of 250,000 cells does not fit in the cache: fetching for 32
 * records at once overlaps their cache misses. */
void nmd_flush(nm_demand *d)
{
    uint64_t hash[PENDING] = {0};
    for (size_t w = 0; w < d->nwait; w++)
        hash[w] = d->wait[w].hash;
    prefetch_cells(d, hash, d->nwait);
    for (size_t w = 0; w < d->nwait; w++) {
        const pending *p = &d->wait[w];
        size_t i = cell_for_key(d, &p->proto, &p->key, p->hash);
        nm_cell *c = &d->cells[i];
        if (++c->needs == 0)
            too_many_needs();
        if (p->known) {
            c->demand += p->demand;
            c->low += p->low;
            c->high += p->high;
        } else {
            c->unknown++;
        }
        nm_resplog_add(d->log, p->respondent, (uint32_t)i);
    }
    d->nwait = 0;
}

void nm_demand_add(nm_demand *d, const nm_record *r)
{
    pending *p = &d->wait[d->nwait];
    nm_cell *proto = &p->proto;
    memset(proto, 0, sizeof *proto);
    proto->geo = NM_GEO_MUNICIPALITY;
    memcpy(proto->geo_code, r->municipality, sizeof proto->geo_code);
    proto->comp_level = 4;
    if (r->competence.ssyk[0])
        memcpy(proto->comp.code, r->competence.ssyk, sizeof proto->comp.code);
    else if (r->competence.how == NM_MATCH_UNCLASSIFIED)
        proto->comp.unclassified = 1;  /* free text: never published */
    else /* interned now: the record's label lives only during this call */
        proto->comp.label = intern(d, r->competence.label ? r->competence.label : "");
    proto->need = (uint8_t)r->need;
    proto->level = (uint8_t)r->level;
    proto->mode = (uint8_t)r->mode;
    proto->horizon = r->horizon;
    p->key = nmd_cell_key(proto);
    p->hash = nmd_key_hash(&p->key);
    p->known = r->count.known;
    if (p->known) { /* in thousandths until finished: exact, any order */
        p->demand = nm_count_milli(r->count.value);
        p->low = nm_count_milli(r->count.low);
        p->high = nm_count_milli(r->count.high);
    }
    p->respondent = r->respondent;
    if (d->reps && p->known)
        nm_replicates_add(d->reps, r->municipality, r->competence.ssyk, r->competence.label,
                          r->competence.how == NM_MATCH_UNCLASSIFIED, r->need, r->respondent,
                          p->demand);
    if (d->units)
        nm_unitsums_add(d->units, r, p->known, p->known ? p->demand : 0);
    if (d->nslots)
        __builtin_prefetch(&d->slots[nmd_home(d, p->hash)]);
    if (++d->nwait == PENDING)
        nmd_flush(d);
}

/* t's sums += f's (thousandths while the table is built); respondents
 * are counted separately. */
void nmd_add_sums(nm_cell *t, const nm_cell *f)
{
    if (f->needs > UINT32_MAX - t->needs) /* unknown <= needs: it fits when needs does */
        too_many_needs();
    t->demand += f->demand;
    t->low += f->low;
    t->high += f->high;
    t->unknown += f->unknown;
    t->needs += f->needs;
}

/* Add src's detail cells to d (neither finished), in src's order, and
 * free src. */
static void merge(nm_demand *d, nm_demand *src)
{
    uint32_t *to = nm_calloc(src->n ? src->n : 1, sizeof *to); /* src's cell -> d's */
    enum { BATCH = 32 };       /* as records are added: see nmd_flush */
    nm_cell proto[BATCH];
    ckey key[BATCH];
    uint64_t hash[BATCH];
    for (size_t at = 0; at < src->n; at += BATCH) {
        size_t n = src->n - at < BATCH ? src->n - at : BATCH;
        for (size_t k = 0; k < n; k++) {
            proto[k] = src->cells[at + k];
            proto[k].demand = proto[k].low = proto[k].high = 0;
            proto[k].unknown = proto[k].needs = 0;
            if (proto[k].comp.label)
                proto[k].comp.label = intern(d, proto[k].comp.label);
            key[k] = nmd_cell_key(&proto[k]);
            hash[k] = nmd_key_hash(&key[k]);
            if (d->nslots)
                __builtin_prefetch(&d->slots[nmd_home(d, hash[k])]);
        }
        prefetch_cells(d, hash, n);
        for (size_t k = 0; k < n; k++) {
            size_t t = cell_for_key(d, &proto[k], &key[k], hash[k]);
            nmd_add_sums(&d->cells[t], &src->cells[at + k]);
            to[at + k] = (uint32_t)t;
        }
    }
    nm_resplog_absorb(d->log, src->log, to);
    src->log = NULL;
    if (d->reps && src->reps)
        nm_replicates_absorb(d->reps, src->reps);
    src->reps = NULL;
    if (d->units && src->units)
        nm_unitsums_absorb(d->units, src->units);
    src->units = NULL;
    free(to);
    nm_demand_free(src);
}

void nm_demand_absorb(nm_demand *d, nm_demand *src)
{
    nmd_flush(d);
    nmd_flush(src);
    if (d->n == 0 && !d->finished && !src->finished) { /* move src's contents into d */
        nm_demand tmp = *d;
        *d = *src;
        *src = tmp;
        nm_demand_free(src);
    } else {
        merge(d, src);
    }
}

int nm_demand_exact(const nm_demand *d)
{
    return !d->inexact;
}

size_t nm_demand_count(const nm_demand *d) { return d->n; }
const nm_cell *nm_demand_cell_const(const nm_demand *d, size_t i) { return &d->cells[i]; }

void nm_demand_each_respondent(const nm_demand *d, nm_resplog_fn fn, void *ctx)
{
    nm_resplog_each(d->log, fn, ctx);
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
    const char *county = nm_refdata_county_name(ref, code);
    return county ? county : "";
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

const char *nm_horizon_text(nm_horizon h, char *buf, size_t size)
{
    if (h.lo == -2)
        return "all";
    if (h.lo < 0)
        return "unknown";
    if (h.lo < 10 && h.hi >= 0 && h.hi < 10 && size >= 4) { /* "1-3": one per row written */
        buf[0] = (char)('0' + h.lo);
        buf[1] = '-';
        buf[2] = (char)('0' + h.hi);
        buf[3] = '\0';
        return buf;
    }
    snprintf(buf, size, "%d-%d", h.lo, h.hi);
    return buf;
}

