/* demand.h - stage 3: accepted records -> the demand table and its roll-ups.
 *
 * Detail cells are keyed by municipality x competence x need type x level x
 * delivery mode x horizon.  Roll-up cells add up detail cells over level,
 * mode and horizon, along the geography (municipality -> county -> all) and
 * the SSYK hierarchy (as given -> level 3 -> 2 -> 1 -> all competences).
 * Need types are never added together.  Every cell holds the sum of point
 * values, of low and high ends, the number of needs given without a
 * number, the distinct respondents and the number of source needs.
 *
 * nm_demand_new returns a table the caller frees with nm_demand_free (NULL
 * is a no-op); it borrows the reference data, which must outlive it.  Cells
 * and their strings are owned by the table.  Memory grows with distinct
 * keys, not with rows or respondents: which respondent answered in which
 * cell goes to a log on a temporary file (resplog.h).
 */
#ifndef NEEDMAP_DEMAND_H
#define NEEDMAP_DEMAND_H

#include <stddef.h>
#include <stdint.h>

#include "needmap/parallel.h"
#include "needmap/record.h"
#include "needmap/refdata.h"
#include "needmap/replicates.h"
#include "needmap/resplog.h"
#include "needmap/unitsums.h"

typedef enum nm_geo_level { NM_GEO_ALL, NM_GEO_COUNTY, NM_GEO_MUNICIPALITY } nm_geo_level;

/* A competence as published: an SSYK code (at some level), a canonical
 * competence label, or the group of unclassified texts.  comp_level 0 is
 * "all competences". */
typedef struct nm_comp_key {
    const char *label;     /* non-SSYK: canonical label; owned by the table */
    char code[5];          /* SSYK code, "" otherwise */
    unsigned char unclassified; /* free text nobody could classify (text not kept) */
} nm_comp_key;

/* Fields are ordered and sized to keep a cell at 64 bytes: a large run
 * holds hundreds of thousands.  The small fields hold the enum values
 * named in their comments.  Counts are 32-bit: a cell with more needs
 * than that stops the run (exit 5), see docs/outputs.md. */
typedef struct nm_cell {
    double demand;           /* sum of point values of needs with a number */
    double low, high;        /* sums of the range ends */
    nm_comp_key comp;
    uint32_t unknown;        /* needs given without a number */
    uint32_t needs;          /* source needs (records) */
    uint32_t respondents;    /* distinct respondents */
    char geo_code[5];        /* "2506", "25", or "SE" */
    unsigned rollup : 1;     /* 0: detail cell; 1: roll-up */
    unsigned geo : 2;        /* nm_geo_level; detail cells: municipality */
    unsigned comp_level : 3; /* 4 (as given) .. 1, 0 = all competences */
    unsigned need : 3;       /* nm_need */
    unsigned level : 3;      /* nm_level; roll-ups: NM_LEVEL_N means "all" */
    unsigned mode : 3;       /* nm_mode; roll-ups: NM_MODE_N means "all" */
    nm_horizon horizon;      /* roll-ups: lo = hi = -2 means "all" */
} nm_cell;

typedef struct nm_demand nm_demand;

nm_demand *nm_demand_new(const nm_refdata *ref);
void nm_demand_free(nm_demand *d);

/* Keep bootstrap replicates (replicates.h) of b replicates under seed for
 * every record added from now on (b = 0: none, the default).  Call before
 * the first nm_demand_add. */
void nm_demand_bootstrap(nm_demand *d, unsigned b, uint64_t seed);
/* A new empty table with model's reference data and bootstrap: how the
 * tables of single files are made for a run's table. */
nm_demand *nm_demand_new_like(const nm_demand *model);
/* The replicates (read-only once finished), or NULL when none are kept. */
const nm_replicates *nm_demand_replicates(const nm_demand *d);
/* Keep every responding unit's sums (unitsums.h) for records added from
 * now on (for --frame); call before the first nm_demand_add. */
void nm_demand_keep_units(nm_demand *d);
/* They (read-only once finished), or NULL when none are kept. */
const nm_unitsums *nm_demand_units(const nm_demand *d);

/* Add one accepted record to its detail cell.  (Records wait in groups of
 * 32 to be added together; merging and finishing add the waiting ones.) */
void nm_demand_add(nm_demand *d, const nm_record *r);

/* Add every detail cell of src (not finished) to d (not finished), in
 * src's order, then free src: how per-file tables are combined in input
 * order.  Cheaper when d is empty: src's cells are moved, not copied. */
void nm_demand_absorb(nm_demand *d, nm_demand *src);

/* Build the roll-ups and sort all cells into their published order, on up
 * to t's threads (NULL: one; the result is the same for any number).  Call
 * once, after the last nm_demand_add; the table is read-only afterwards
 * (several threads may read it at once), and what later stages find out
 * about its cells (suppression: privacy.h) they keep in arrays of their
 * own, indexed like the cells. */
void nm_demand_finish(nm_demand *d, const nm_threads *t);

/* 0 when some sum reached 9 007 199 254 740 992 thousandths (9e12 people)
 * and may not be exact: the caller must not publish the table. */
int nm_demand_exact(const nm_demand *d);

/* Cells in published order: detail cells, then roll-ups; each sorted by
 * geography, competence, need, level, mode, horizon. */
size_t nm_demand_count(const nm_demand *d);
const nm_cell *nm_demand_cell_const(const nm_demand *d, size_t i);

/* Every distinct respondent of a finished table, one call each (in hash
 * order, on the calling thread), with the distinct detail cells it
 * answered in: indices as for nm_demand_cell, in no particular order.  How
 * the analyses count
 * distinct respondents of any set of cells: the table keeps no respondent
 * sets, only a log that is read back (see resplog.h). */
void nm_demand_each_respondent(const nm_demand *d, nm_resplog_fn fn, void *ctx);

/* A linear relation between published cells: parent = sum of children.
 * Suppression must leave 0 or at least 2 hidden cells in each. */
typedef struct nm_relation {
    size_t parent;           /* cell index */
    size_t *children;        /* cell indices (owned by the nm_relations) */
    size_t nchildren;
} nm_relation;

/* Every relation of a finished table, in order of first child, children
 * in table order (found on up to t's threads): made on request
 * (suppression is the only user) and
 * freed by the caller with nm_relations_free (NULL is a no-op).  Holds
 * no pointer into the table. */
typedef struct nm_relations {
    nm_relation *rel;
    size_t n;
    size_t *children;        /* every relation's children, one after another */
} nm_relations;

nm_relations *nm_demand_relations_new(const nm_demand *d, const nm_threads *t);
void nm_relations_free(nm_relations *r);

/* The roll-up cell for (geo, geo_code, comp_level, comp key, need), or
 * SIZE_MAX.  Used by rankings. */
size_t nm_demand_find_rollup(const nm_demand *d, nm_geo_level geo, const char *geo_code,
                             int comp_level, const nm_comp_key *comp, nm_need need);

/* Published order of competences: SSYK codes (by code), then competence
 * labels, then the unclassified group; "all competences" first. */
int nm_comp_key_cmp(const nm_comp_key *a, const nm_comp_key *b);

/* Names for people and files. */
const char *nm_geo_level_name(nm_geo_level g);        /* "all", "county", "municipality" */
const char *nm_geo_name(const nm_refdata *ref, nm_geo_level g, const char *code);
const char *nm_comp_key_label(const nm_refdata *ref, const nm_comp_key *k, int comp_level);
/* "1-3", "0-1", "unknown" or "all": returns a constant or buf (at least
 * 16 bytes) holding the text. */
const char *nm_horizon_text(nm_horizon h, char *buf, size_t size);

#endif
