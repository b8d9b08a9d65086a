/* planted.h - the planted-group surveys of issue #19 and how well a
 * clustering finds them (tests/cluster/test_cluster_planted.c, the
 * figures in docs/method.md and tests/bench/bench_cluster.c).
 *
 * Four groups of 10, 6, 4 and 3 SSYK codes (one code from each of 23
 * SSYK level-2 groups, so the taxonomy gives nothing away) share their
 * municipalities: group g's 12 home towns are towns 5g..5g+11 of a pool
 * of 27, so neighbouring groups share 7 towns.  Each competence has a
 * recruitment need (2-10 people) in about 70% of its home towns and an
 * upskilling need (1-5) in about 30%, asked for by one of its group's
 * three employers there (by any of the twelve employers one time in
 * five), plus `noise` needs of 1-3 people anywhere in Sweden from any
 * employer.  planted_none is the same 23 codes without structure: each
 * with needs in 8 random towns of the pool from random employers.
 *
 * Everything is owned by the caller's synth (synth.h); planted_truth
 * borrows nothing. */
#ifndef NEEDMAP_TEST_PLANTED_H
#define NEEDMAP_TEST_PLANTED_H

#include "needmap/cluster.h"

#include "synth.h"

enum { PLANTED_GROUPS = 4, PLANTED_CODES = 23, PLANTED_POOL = 27, PLANTED_HOME = 12 };
static const unsigned planted_size[PLANTED_GROUPS] = {10, 6, 4, 3};

/* Noise needs per competence: none, low, heavy. */
enum { PLANTED_NOISE_NONE = 0, PLANTED_NOISE_LOW = 3, PLANTED_NOISE_HEAVY = 12 };

/* The 23 codes: the first level-4 code of each of the first 23 level-2
 * groups of SSYK 2012, in reference order (deterministic). */
static inline void planted_codes(const nm_refdata *ref, const char *code[PLANTED_CODES])
{
    char last[3] = "";
    size_t n = 0;
    for (size_t i = 0; i < ref->nssyk && n < PLANTED_CODES; i++) {
        const nm_ssyk *s = &ref->ssyk[i];
        if (s->level != 4 || strncmp(s->code, last, 2) == 0)
            continue;
        memcpy(last, s->code, 2);
        code[n++] = s->code;
    }
}

/* The planted group of code number i. */
static inline int planted_group_of(size_t i)
{
    size_t end = 0;
    for (int g = 0; g < PLANTED_GROUPS; g++)
        if (i < (end += planted_size[g]))
            return g;
    return -1;
}

static inline const char *planted_town(const nm_refdata *ref, unsigned t)
{
    return ref->munis[(t * 11) % ref->nmunis].code;
}

static inline void planted_survey(synth *s, const nm_refdata *ref, uint64_t seed, unsigned noise)
{
    const char *code[PLANTED_CODES];
    planted_codes(ref, code);
    memset(s, 0, sizeof *s);
    s->rng = seed * 2654435761u + 17;
    for (size_t i = 0; i < PLANTED_CODES; i++) {
        unsigned g = (unsigned)planted_group_of(i);
        for (unsigned h = 0; h < PLANTED_HOME; h++) {
            const char *muni = planted_town(ref, 5 * g + h);
            for (int need = 0; need < 2; need++) {
                if (synth_rand(s, 10) >= (need ? 3u : 7u))
                    continue;
                unsigned emp = synth_rand(s, 5) ? 3 * g + synth_rand(s, 3) : synth_rand(s, 12);
                double count = need ? 1 + synth_rand(s, 5) : 2 + synth_rand(s, 9);
                synth_add(s, muni, code[i], count,
                          need ? NM_NEED_UPSKILLING : NM_NEED_RECRUITMENT,
                          synth_respondent(muni, emp));
            }
        }
        for (unsigned k = 0; k < noise; k++) {
            const char *muni = ref->munis[synth_rand(s, (unsigned)ref->nmunis)].code;
            synth_add(s, muni, code[i], 1 + synth_rand(s, 3), NM_NEED_RECRUITMENT,
                      synth_respondent(muni, synth_rand(s, 12)));
        }
    }
}

/* No structure: each code has needs in 8 random towns of the pool, each
 * from a random employer. */
static inline void planted_none(synth *s, const nm_refdata *ref, uint64_t seed)
{
    const char *code[PLANTED_CODES];
    planted_codes(ref, code);
    memset(s, 0, sizeof *s);
    s->rng = seed * 2654435761u + 91;
    for (size_t i = 0; i < PLANTED_CODES; i++) {
        for (unsigned h = 0; h < 8; h++) {
            const char *muni = planted_town(ref, synth_rand(s, PLANTED_POOL));
            synth_add(s, muni, code[i], 2 + synth_rand(s, 9), NM_NEED_RECRUITMENT,
                      synth_respondent(muni, synth_rand(s, 12)));
        }
    }
}

/* The planted group of a member, or -1. */
static inline int planted_truth(const nm_refdata *ref, const nm_cluster_member *m)
{
    const char *code[PLANTED_CODES];
    planted_codes(ref, code);
    for (size_t i = 0; i < PLANTED_CODES; i++)
        if (strcmp(code[i], m->comp.code) == 0)
            return planted_group_of(i);
    return -1;
}

static inline double planted_choose2(double n) { return n * (n - 1) / 2; }

/* Adjusted Rand index (Hubert and Arabie 1985) of two labelings of n
 * items; labels are non-negative integers below nl. */
static inline double planted_ari(const int *a, const int *b, size_t n, int nl)
{
    double *t = calloc((size_t)nl * (size_t)nl, sizeof *t);
    double *ra = calloc((size_t)nl, sizeof *ra), *rb = calloc((size_t)nl, sizeof *rb);
    for (size_t i = 0; i < n; i++) {
        t[a[i] * nl + b[i]]++;
        ra[a[i]]++;
        rb[b[i]]++;
    }
    double index = 0, sa = 0, sb = 0;
    for (int i = 0; i < nl * nl; i++)
        index += planted_choose2(t[i]);
    for (int i = 0; i < nl; i++)
        sa += planted_choose2(ra[i]), sb += planted_choose2(rb[i]);
    double expected = sa * sb / planted_choose2((double)n), max = (sa + sb) / 2;
    free(t);
    free(ra);
    free(rb);
    return max == expected ? 1.0 : (index - expected) / (max - expected);
}

/* ARI of a result against the planted groups; competences not grouped
 * count as clusters of their own. */
static inline double planted_ari_of(const nm_refdata *ref, const nm_clusters *c)
{
    int truth[64], got[64];
    size_t n = 0;
    for (size_t k = 0; k < c->n; k++)
        for (size_t i = 0; i < c->list[k].n && n < 64; i++, n++)
            truth[n] = planted_truth(ref, &c->list[k].members[i]), got[n] = (int)k;
    for (size_t i = 0; i < c->nungrouped && n < 64; i++, n++)
        truth[n] = planted_truth(ref, &c->ungrouped[i]), got[n] = (int)(c->n + i);
    return planted_ari(truth, got, n, 64);
}

#endif
