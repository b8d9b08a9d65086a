/* planted_any.h - planted competence groups of any sizes and overlap, a
 * generator written apart from planted.h so that the choice of k is not
 * judged only on the surveys it was developed on (issue #19).
 *
 * A layout gives the group sizes, the home towns per group and the shift
 * between neighbouring groups' towns (towns shift*g .. shift*g + home - 1
 * of a pool; a smaller shift means more shared towns).  Codes are the
 * LAST level-4 code of level-2 groups taken from the end of SSYK 2012
 * backwards (other codes than planted.h's, one per level-2 group, so the
 * taxonomy gives nothing away).  In each home town a competence has a
 * recruitment need (1-12 people) with probability 0.6 and an upskilling
 * need (1-4) with probability 0.35, from one of its group's `emp`
 * employers there (any of the town's 16 employers one time in four);
 * plus `noise` needs of 1-2 people anywhere in Sweden.  planted_any_flat
 * is the same codes with no structure: each in `home` random towns of the
 * pool.
 *
 * The caller owns the synth (synth.h); the layout holds the codes and
 * their groups after a call. */
#ifndef NEEDMAP_TEST_PLANTED_ANY_H
#define NEEDMAP_TEST_PLANTED_ANY_H

#include "needmap/cluster.h"

#include "synth.h"

enum { PA_MAXCODES = 40, PA_EMPLOYERS = 16 };

typedef struct pa_layout {
    unsigned ngroups;
    unsigned size[8];        /* codes per group */
    unsigned home, shift;    /* home towns per group; shift between groups */
    unsigned emp;            /* a group's employers per town */
    unsigned noise;          /* noise needs per code */
    /* filled by the generators */
    const char *code[PA_MAXCODES];
    int group[PA_MAXCODES];
    unsigned n;
} pa_layout;

/* The codes: the last level-4 code of each level-2 group, from the end of
 * the reference backwards. */
static inline void pa_codes(const nm_refdata *ref, pa_layout *l, unsigned want)
{
    char last[3] = "";
    l->n = 0;
    for (size_t i = ref->nssyk; i-- > 0 && l->n < want;) {
        const nm_ssyk *s = &ref->ssyk[i];
        if (s->level != 4 || s->code[0] == '0' || strncmp(s->code, last, 2) == 0)
            continue;
        memcpy(last, s->code, 2);
        l->code[l->n++] = s->code;
    }
}

static inline unsigned pa_total(const pa_layout *l)
{
    unsigned t = 0;
    for (unsigned g = 0; g < l->ngroups; g++)
        t += l->size[g];
    return t;
}

static inline const char *pa_town(const nm_refdata *ref, unsigned t)
{
    return ref->munis[(t * 7 + 3) % ref->nmunis].code;
}

static inline void pa_survey(synth *s, const nm_refdata *ref, uint64_t seed, pa_layout *l)
{
    memset(s, 0, sizeof *s);
    s->rng = seed * 0x9E3779B97F4A7C15ULL + 12345;
    pa_codes(ref, l, pa_total(l));
    unsigned i = 0;
    for (unsigned g = 0; g < l->ngroups; g++) {
        for (unsigned c = 0; c < l->size[g] && i < l->n; c++, i++) {
            l->group[i] = (int)g;
            for (unsigned h = 0; h < l->home; h++) {
                const char *muni = pa_town(ref, l->shift * g + h);
                for (int need = 0; need < 2; need++) {
                    if (synth_rand(s, 100) >= (need ? 35u : 60u))
                        continue;
                    unsigned emp = synth_rand(s, 4) ? (l->emp * g + synth_rand(s, l->emp)) %
                                                          PA_EMPLOYERS
                                                    : synth_rand(s, PA_EMPLOYERS);
                    double count = need ? 1 + synth_rand(s, 4) : 1 + synth_rand(s, 12);
                    synth_add(s, muni, l->code[i], count,
                              need ? NM_NEED_UPSKILLING : NM_NEED_RECRUITMENT,
                              synth_respondent(muni, emp));
                }
            }
            for (unsigned k = 0; k < l->noise; k++) {
                const char *muni = ref->munis[synth_rand(s, (unsigned)ref->nmunis)].code;
                synth_add(s, muni, l->code[i], 1 + synth_rand(s, 2), NM_NEED_RECRUITMENT,
                          synth_respondent(muni, synth_rand(s, PA_EMPLOYERS)));
            }
        }
    }
}

/* No structure: the same number of codes, each in `home` random towns of
 * the pool the layout spans, from random employers. */
static inline void pa_flat(synth *s, const nm_refdata *ref, uint64_t seed, pa_layout *l)
{
    memset(s, 0, sizeof *s);
    s->rng = seed * 0x9E3779B97F4A7C15ULL + 777;
    pa_codes(ref, l, pa_total(l));
    unsigned pool = l->shift * (l->ngroups - 1) + l->home;
    for (unsigned i = 0; i < l->n; i++) {
        l->group[i] = 0;
        for (unsigned h = 0; h < l->home; h++) {
            const char *muni = pa_town(ref, synth_rand(s, pool));
            synth_add(s, muni, l->code[i], 1 + synth_rand(s, 12), NM_NEED_RECRUITMENT,
                      synth_respondent(muni, synth_rand(s, PA_EMPLOYERS)));
        }
    }
}

static inline int pa_truth(const pa_layout *l, const nm_cluster_member *m)
{
    for (unsigned i = 0; i < l->n; i++)
        if (strcmp(l->code[i], m->comp.code) == 0)
            return l->group[i];
    return -1;
}

static inline double pa_choose2(double n) { return n * (n - 1) / 2; }

/* Adjusted Rand index against the planted groups; competences not grouped
 * count as clusters of their own. */
static inline double pa_ari(const pa_layout *l, const nm_clusters *c)
{
    int truth[PA_MAXCODES], got[PA_MAXCODES];
    size_t n = 0;
    for (size_t k = 0; k < c->n; k++)
        for (size_t i = 0; i < c->list[k].n && n < PA_MAXCODES; i++, n++)
            truth[n] = pa_truth(l, &c->list[k].members[i]), got[n] = (int)k;
    for (size_t i = 0; i < c->nungrouped && n < PA_MAXCODES; i++, n++)
        truth[n] = pa_truth(l, &c->ungrouped[i]), got[n] = (int)(c->n + i);
    enum { NL = PA_MAXCODES + 1 };
    double t[NL][NL] = {{0}}, ra[NL] = {0}, rb[NL] = {0};
    for (size_t i = 0; i < n; i++) {
        int a = truth[i] < 0 ? PA_MAXCODES : truth[i];
        t[a][got[i]]++, ra[a]++, rb[got[i]]++;
    }
    double index = 0, sa = 0, sb = 0;
    for (int i = 0; i < NL; i++) {
        sa += pa_choose2(ra[i]), sb += pa_choose2(rb[i]);
        for (int j = 0; j < NL; j++)
            index += pa_choose2(t[i][j]);
    }
    double expected = sa * sb / pa_choose2((double)n), max = (sa + sb) / 2;
    return max == expected ? 1.0 : (index - expected) / (max - expected);
}

#endif
