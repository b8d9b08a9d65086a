/* rules.h - stage 4b: what pooling goes by: the rules of a viable cohort
 * and the distances between municipalities.
 *
 * nm_rules is a plain value (no heap): defaults, overlaid by a JSON rules
 * file (nm_rules_load) and the command's options.  nm_distances owns its
 * tables (nm_distances_free); it borrows the reference data, which must
 * outlive it.  Pooling (pool.h) reads both and changes neither.
 */
#ifndef NEEDMAP_RULES_H
#define NEEDMAP_RULES_H

#include <stddef.h>

#include "needmap/record.h"
#include "needmap/refdata.h"
#include "needmap/status.h"

typedef struct nm_level_rules {
    double min_size;          /* smallest cohort worth starting (students) */
    double max_size;          /* places per intake */
    int min_municipalities;   /* cooperating municipalities required */
} nm_level_rules;

typedef struct nm_rules {
    nm_level_rules level[NM_LEVEL_N];  /* per education level (unknown too) */
    double enrol[NM_NEED_N];           /* share of the counted people who enrol, per
                                          need type: upskilling (staff an employer would
                                          send) and interest (residents who want to
                                          study); recruitment (jobs) and unknown are
                                          not students and stay 0 */
    double enrolment_rate;             /* the binomial's base rate: the lowest of the
                                          two student rates (nm_rules_finish); a
                                          student counts enrol/enrolment_rate potential
                                          students of that rate */
    nm_mode assumed_mode;              /* pooling mode of needs that name none */
    double reach_km[NM_MODE_N];        /* max distance member-hub; <= 0: no limit */
    int max_locations;                 /* members per cohort (YH: 10 study locations) */
    double viable_probability;         /* P(enrolled >= min) needed to be viable */
    long pool_nodes;                   /* exact pooling: branch-and-bound nodes per
                                          program; 0: the default (pool_exact.h) */
    double pool_seconds;               /* exact pooling: seconds per program; 0: no
                                          time limit (--pool-time-limit; machine-
                                          dependent, so off by default) */
} nm_rules;

/* The documented defaults (docs/method.md). */
void nm_rules_default(nm_rules *r);
/* Derive enrolment_rate from enrol[] (after changing enrol[]). */
void nm_rules_finish(nm_rules *r);
/* Potential students (of the base rate) per counted person of need type
 * `need`: enrol[need] / enrolment_rate; 0 for jobs and unknown. */
double nm_rules_weight(const nm_rules *r, nm_need need);
/* Overlay a JSON rules file on r; NM_ERR_CONFIG naming the bad member. */
nm_status nm_rules_load(nm_rules *r, const char *path, nm_error *err);
/* Overlay the members of a parsed JSON object (a cJSON object: the rules
 * file's members) on r; path names the file in messages.  Values are not
 * checked together (nm_rules_check does that).  NM_ERR_CONFIG naming the
 * bad member, its message starting "rules: ". */
struct cJSON;
nm_status nm_rules_overlay(nm_rules *r, const struct cJSON *obj, const char *path,
                           nm_error *err);
/* Check that values are usable (rates in (0,1], sizes positive...). */
nm_status nm_rules_check(const nm_rules *r, nm_error *err);

/* Distances between municipalities in km: great-circle from the main
 * towns' coordinates, unless a distance file (CSV from,to,km: codes or
 * names, any delimiter) gives road distances or travel times instead. */
typedef struct nm_distances {
    const nm_refdata *ref;    /* borrowed */
    double *km;               /* nmunis x nmunis, computed once (owned) */
    size_t *near;             /* per municipality: all, nearest first (owned) */
    size_t n;
} nm_distances;

void nm_distances_init(nm_distances *d, const nm_refdata *ref);
nm_status nm_distances_load(nm_distances *d, const char *path, nm_error *err);
void nm_distances_free(nm_distances *d);
/* Distance between municipalities i and j (indices into ref->munis);
 * inline: pooling asks for it in its innermost loops. */
static inline double nm_distance(const nm_distances *d, size_t i, size_t j)
{
    return d->km[i * d->n + j];
}
/* Municipality indices sorted by distance from i (i itself first). */
const size_t *nm_distance_order(const nm_distances *d, size_t i);
/* Great-circle distance in km between two points given in degrees. */
double nm_great_circle_km(double lat1, double lon1, double lat2, double lon2);

#endif
