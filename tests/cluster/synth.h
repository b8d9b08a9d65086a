/* synth.h - synthetic surveys for the clustering tests and benchmark: a
 * list of records built by hand or planted (groups of competences with
 * their own municipalities, plus noise), turned into a finished demand
 * table (clustering reads no suppression; the writers' tests suppress it
 * with nm_privacy_apply).
 *
 * A synth owns its records (synth_free); competence labels are string
 * literals.  synth_table returns a table the caller frees with
 * nm_demand_free; it borrows ref.  Randomness comes from a seeded 64-bit
 * LCG, so the same seed gives the same survey on every machine.
 */
#ifndef NEEDMAP_TEST_SYNTH_H
#define NEEDMAP_TEST_SYNTH_H

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/demand.h"
#include "needmap/privacy.h"
#include "needmap/record.h"
#include "needmap/refdata.h"
#include "needmap/strmap.h"

typedef struct synth {
    nm_record *r;    /* records, in the order they will be added */
    size_t n, cap;
    uint64_t rng;    /* LCG state */
} synth;

/* A uniform number in [0, n). */
static inline unsigned synth_rand(synth *s, unsigned n)
{
    s->rng = s->rng * 6364136223846793005ULL + 1442695040888963407ULL;
    return (unsigned)((s->rng >> 33) % n);
}

static inline void synth_free(synth *s)
{
    free(s->r);
    memset(s, 0, sizeof *s);
}

/* Respondent id of employer number `employer` in a municipality. */
static inline uint64_t synth_respondent(const char *muni, unsigned employer)
{
    char key[32];
    snprintf(key, sizeof key, "%s|%u", muni, employer);
    return nm_hash64(key, strlen(key));
}

/* One need.  comp is an SSYK code (digits) or a named competence; count < 0
 * means "vet ej" (no number). */
static inline void synth_add(synth *s, const char *muni, const char *comp, double count,
                             nm_need need, uint64_t respondent)
{
    if (s->n == s->cap) {
        s->cap = s->cap ? 2 * s->cap : 64;
        s->r = realloc(s->r, s->cap * sizeof *s->r);
        if (!s->r)
            abort();
    }
    nm_record *r = &s->r[s->n++];
    memset(r, 0, sizeof *r);
    snprintf(r->municipality, sizeof r->municipality, "%s", muni);
    if (comp[0] >= '0' && comp[0] <= '9') {
        snprintf(r->competence.ssyk, sizeof r->competence.ssyk, "%s", comp);
        r->competence.how = NM_MATCH_CODE;
    } else {
        r->competence.label = comp;
        r->competence.how = NM_MATCH_SYNONYM;
    }
    r->competence.confidence = 1;
    if (count >= 0)
        r->count = (nm_count){count, count, count, 1, 0, 0, 0};
    r->need = need;
    r->level = NM_LEVEL_YH;
    r->mode = NM_MODE_DISTANCE;
    r->horizon = (nm_horizon){1, 3};
    r->respondent = respondent;
    r->respondent_kind = NM_RKIND_MUNICIPAL;
    r->file = "synthetic.csv";
    r->line = s->n + 1;
}

/* Shuffle the records (Fisher-Yates on the synth's LCG). */
static inline void synth_shuffle(synth *s)
{
    for (size_t i = s->n; i > 1; i--) {
        size_t j = synth_rand(s, (unsigned)i);
        nm_record t = s->r[i - 1];
        s->r[i - 1] = s->r[j];
        s->r[j] = t;
    }
}

/* A finished table of the records. */
static inline nm_demand *synth_table(const nm_refdata *ref, const synth *s)
{
    nm_demand *d = nm_demand_new(ref);
    for (size_t i = 0; i < s->n; i++)
        nm_demand_add(d, &s->r[i]);
    nm_demand_finish(d, NULL);
    return d;
}

/* Plant ngroups groups: group g has its own `home` municipalities (10 by
 * default, disjoint between groups); each of its competences has
 * recruitment needs (2-10 people) in about 70% of them and upskilling
 * needs (1-5) in about 30%, from 1-4 employers each, plus `noise` needs of
 * 1-3 people in random municipalities anywhere in Sweden. */
static inline void synth_plant(synth *s, const nm_refdata *ref, const char *const *const *groups,
                               size_t ngroups, unsigned home, unsigned noise)
{
    for (size_t g = 0; g < ngroups; g++) {
        for (size_t c = 0; groups[g][c]; c++) {
            for (unsigned h = 0; h < home; h++) {
                const char *muni = ref->munis[(g * home * 3 + h * 3) % ref->nmunis].code;
                if (synth_rand(s, 10) < 7)
                    synth_add(s, muni, groups[g][c], 2 + synth_rand(s, 9), NM_NEED_RECRUITMENT,
                              synth_respondent(muni, synth_rand(s, 4)));
                if (synth_rand(s, 10) < 3)
                    synth_add(s, muni, groups[g][c], 1 + synth_rand(s, 5), NM_NEED_UPSKILLING,
                              synth_respondent(muni, synth_rand(s, 4)));
            }
            for (unsigned k = 0; k < noise; k++) {
                const char *muni = ref->munis[synth_rand(s, (unsigned)ref->nmunis)].code;
                synth_add(s, muni, groups[g][c], 1 + synth_rand(s, 3), NM_NEED_RECRUITMENT,
                          synth_respondent(muni, synth_rand(s, 4)));
            }
        }
    }
}

/* Like synth_plant, but every group has the same `home` municipalities and
 * its own employer there (numbered g), who asks for several of its
 * competences at once: the groups differ in who asks, not where, as a mine
 * and a hospital in the
 * same towns do.  Noise needs come from any employer anywhere. */
static inline void synth_plant_employers(synth *s, const nm_refdata *ref,
                                         const char *const *const *groups, size_t ngroups,
                                         unsigned home, unsigned noise)
{
    for (size_t g = 0; g < ngroups; g++) {
        for (size_t c = 0; groups[g][c]; c++) {
            for (unsigned h = 0; h < home; h++) {
                const char *muni = ref->munis[(h * 7) % ref->nmunis].code;
                unsigned employer = (unsigned)g;
                if (synth_rand(s, 10) < 7)
                    synth_add(s, muni, groups[g][c], 2 + synth_rand(s, 9), NM_NEED_RECRUITMENT,
                              synth_respondent(muni, employer));
            }
            for (unsigned k = 0; k < noise; k++) {
                const char *muni = ref->munis[synth_rand(s, (unsigned)ref->nmunis)].code;
                synth_add(s, muni, groups[g][c], 1 + synth_rand(s, 3), NM_NEED_RECRUITMENT,
                          synth_respondent(muni, synth_rand(s, 4 * (unsigned)ngroups)));
            }
        }
    }
}

#endif
