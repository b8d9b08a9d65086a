/* cluster.c - competence clusters: the items, the number of clusters, the
 * partition, and the result with silhouettes, labels and notes.  The
 * numerics live in affinity.c, spectral.c and kmeans.c. */
#include <gsl/gsl_errno.h>
#include <math.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_parts.h"
#include "needmap/alloc.h"
#include "needmap/buf.h"
#include "needmap/stamps.h"

void nm_cluster_opts_default(nm_cluster_opts *o)
{
    o->k = 0;
    o->kmax = NM_CLUSTER_KMAX_DEFAULT;
    o->taxonomy_weight = NM_CLUSTER_TAXONOMY_WEIGHT_DEFAULT;
    o->respondent_weight = NM_CLUSTER_RESPONDENT_WEIGHT_DEFAULT;
    o->seed = NM_CLUSTER_SEED_DEFAULT;
    o->restarts = NM_CLUSTER_RESTARTS_DEFAULT;
    o->resamples = NM_CLUSTER_RESAMPLES_DEFAULT;
}

static nm_status check_opts(const nm_cluster_opts *o, nm_error *err)
{
    if (o->k < 0)
        return nm_error_set(err, NM_ERR_USAGE, NULL, 0, 0,
                            "--clusters K: K must be 0 (let the eigengap choose) or at least "
                            "1, not %d", o->k);
    if (o->kmax < 2)
        return nm_error_set(err, NM_ERR_USAGE, NULL, 0, 0,
                            "--cluster-kmax N: N must be at least 2, not %d", o->kmax);
    if (!(o->taxonomy_weight >= 0 && o->taxonomy_weight <= 1))
        return nm_error_set(err, NM_ERR_USAGE, NULL, 0, 0,
                            "--taxonomy-weight W: W must be between 0 and 1, not %g",
                            o->taxonomy_weight);
    if (!(o->respondent_weight >= 0 && o->respondent_weight <= 1))
        return nm_error_set(err, NM_ERR_USAGE, NULL, 0, 0,
                            "--respondent-weight R: R must be between 0 and 1, not %g",
                            o->respondent_weight);
    if (o->restarts < 1)
        return nm_error_set(err, NM_ERR_USAGE, NULL, 0, 0,
                            "cluster restarts must be at least 1, not %d", o->restarts);
    if (o->resamples < 0)
        return nm_error_set(err, NM_ERR_USAGE, NULL, 0, 0,
                            "--cluster-resamples N: N must be 0 (no resampling) or more, "
                            "not %d", o->resamples);
    return NM_OK;
}

static void note(nm_clusters *c, const char *fmt, ...) __attribute__((format(printf, 2, 3)));

static void note(nm_clusters *c, const char *fmt, ...)
{
    char text[512];
    va_list ap;
    va_start(ap, fmt);
    vsnprintf(text, sizeof text, fmt, ap);
    va_end(ap);
    c->notes = nm_reallocarray(c->notes, c->nnotes + 1, sizeof *c->notes);
    c->notes[c->nnotes++] = nm_strdup(text);
}

/* --- the partition of the items that have something in common --- */

typedef struct part {
    size_t m;          /* grouped items */
    size_t *idx;       /* m: their item numbers, ascending */
    double *a;         /* m x m affinity among them */
    size_t *comp;      /* m: connected component, numbered by first item */
    size_t ncomp;
    size_t *assign;    /* m: cluster, numbered by first item */
    size_t k;          /* clusters made */
    double *jaccard;   /* k: bootstrap stability of each cluster, or NULL */
    const nm_demand *d;        /* the table, items and reference data, for resampling */
    const nm_refdata *ref;
    const nm_cl_items *it;
} part;

/* The items with a positive affinity to another item, and their affinity. */
static void grouped_items(const double *a, size_t n, part *p)
{
    p->idx = nm_calloc(n, sizeof *p->idx);
    p->m = 0;
    for (size_t i = 0; i < n; i++) {
        double deg = 0;
        for (size_t j = 0; j < n; j++)
            deg += a[i * n + j];
        if (deg > 0)
            p->idx[p->m++] = i;
    }
    size_t m = p->m;
    p->a = nm_calloc(nm_cl_mul(m, m), sizeof *p->a);
    for (size_t i = 0; i < m; i++)
        for (size_t j = 0; j < m; j++)
            p->a[i * m + j] = a[p->idx[i] * n + p->idx[j]];
    p->comp = nm_calloc(m, sizeof *p->comp);
    p->assign = nm_calloc(m, sizeof *p->assign);
}

static void free_part(part *p)
{
    free(p->idx);
    free(p->a);
    free(p->comp);
    free(p->assign);
    free(p->jaccard);
}

/* Connected components of the affinity graph (depth-first). */
static size_t components(const double *a, size_t m, size_t *comp)
{
    size_t *stack = nm_calloc(m, sizeof *stack), nc = 0;
    for (size_t i = 0; i < m; i++)
        comp[i] = SIZE_MAX;
    for (size_t s = 0; s < m; s++) {
        if (comp[s] != SIZE_MAX)
            continue;
        size_t top = 0;
        stack[top++] = s;
        comp[s] = nc;
        while (top) {
            size_t i = stack[--top];
            for (size_t j = 0; j < m; j++)
                if (a[i * m + j] > 0 && comp[j] == SIZE_MAX)
                    comp[j] = nc, stack[top++] = j;
        }
        nc++;
    }
    free(stack);
    return nc;
}

/* Number the distinct values of key[] in order of first appearance. */
static size_t renumber(size_t *key, size_t m, size_t nkeys)
{
    size_t *map = nm_calloc(nkeys, sizeof *map), made = 0;
    for (size_t c = 0; c < nkeys; c++)
        map[c] = SIZE_MAX;
    for (size_t i = 0; i < m; i++) {
        if (map[key[i]] == SIZE_MAX)
            map[key[i]] = made++;
        key[i] = map[key[i]];
    }
    free(map);
    return made;
}

/* --- silhouettes --- */

/* Silhouette of item i with dissimilarity 1 - affinity: 0 in a cluster of
 * one, NaN when there is only one cluster. */
static double silhouette(const part *p, size_t i, const size_t *size, double *sum)
{
    size_t m = p->m, own = p->assign[i];
    if (p->k < 2)
        return NAN;
    if (size[own] == 1)
        return 0;
    memset(sum, 0, p->k * sizeof *sum);
    for (size_t j = 0; j < m; j++)
        if (j != i)
            sum[p->assign[j]] += 1 - p->a[i * m + j];
    double a = sum[own] / (double)(size[own] - 1), b = INFINITY;
    for (size_t c = 0; c < p->k; c++)
        if (c != own && sum[c] / (double)size[c] < b)
            b = sum[c] / (double)size[c];
    double mx = a > b ? a : b;
    return mx > 0 ? (b - a) / mx + 0.0 : 0;
}

static void silhouettes(const part *p, double *s)
{
    size_t *size = nm_calloc(p->k, sizeof *size);
    double *sum = nm_calloc(p->k, sizeof *sum);
    for (size_t i = 0; i < p->m; i++)
        size[p->assign[i]]++;
    for (size_t i = 0; i < p->m; i++)
        s[i] = silhouette(p, i, size, sum);
    free(size);
    free(sum);
}

/* The mean silhouette of the partition in p (NaN for one cluster). */
static double partition_silhouette(const part *p)
{
    if (p->k < 2)
        return NAN;
    double *s = nm_calloc(p->m, sizeof *s), total = 0;
    silhouettes(p, s);
    for (size_t i = 0; i < p->m; i++)
        total += s[i];
    free(s);
    return total / (double)p->m;
}

/* p->assign and p->k for k clusters: k-means++ on the spectral embedding,
 * each cluster then split by component (no cluster spans two); *made is
 * what k-means made before the split. */
static nm_status assign_k(part *p, const double *evec, size_t k, const nm_cluster_opts *o,
                          size_t *made, nm_error *err)
{
    if (k == p->ncomp) {
        memcpy(p->assign, p->comp, p->m * sizeof *p->assign);
        p->k = *made = k;
        return NM_OK;
    }
    double *y = nm_calloc(nm_cl_mul(p->m, k), sizeof *y);
    nm_cl_embed(evec, p->m, k, y);
    nm_status st = nm_cl_kmeans(y, p->m, k, k, o->seed, o->restarts, p->assign, made, err);
    free(y);
    if (st != NM_OK)
        return st;
    for (size_t i = 0; i < p->m; i++)
        p->assign[i] = p->assign[i] * p->ncomp + p->comp[i];
    p->k = renumber(p->assign, p->m, nm_cl_mul(*made, p->ncomp));
    return NM_OK;
}

/* The partitions of the candidates, for resampling. */
typedef struct cands {
    nm_cl_cand *c;
    size_t n, m;
    size_t *assign;   /* n x m */
    double *jaccard;  /* n x m (a partition has at most m clusters) */
    size_t *jcount;   /* n x m */
} cands;

static void cands_free(cands *c)
{
    free(c->c);
    free(c->assign);
    free(c->jaccard);
    free(c->jcount);
}

/* The candidates k in [max(2, components), hi], each with the mean
 * silhouette of its partition, kept in out->cand, and their partitions
 * in cs. */
static nm_status score_candidates(nm_clusters *out, part *p, const double *evec, size_t hi,
                                  cands *cs, nm_error *err)
{
    size_t lo = p->ncomp > 2 ? p->ncomp : 2, m = p->m;
    out->ncand = hi >= lo ? hi - lo + 1 : 0;
    out->cand = nm_calloc(out->ncand ? out->ncand : 1, sizeof *out->cand);
    *cs = (cands){nm_calloc(out->ncand + 1, sizeof(nm_cl_cand)), out->ncand, m,
                  nm_calloc(nm_cl_mul(out->ncand + 1, m), sizeof(size_t)),
                  nm_calloc(nm_cl_mul(out->ncand + 1, m), sizeof(double)),
                  nm_calloc(nm_cl_mul(out->ncand + 1, m), sizeof(size_t))};
    for (size_t i = 0; i < out->ncand; i++) {
        size_t made;
        nm_status st = assign_k(p, evec, lo + i, &out->opts, &made, err);
        if (st != NM_OK)
            return st;
        out->cand[i] = (nm_cluster_k){(int)(lo + i), (int)p->k, partition_silhouette(p), NAN};
        memcpy(cs->assign + i * m, p->assign, m * sizeof *p->assign);
        cs->c[i] = (nm_cl_cand){lo + i, cs->assign + i * m, p->k, NAN, cs->jaccard + i * m,
                                cs->jcount + i * m};
    }
    if (out->opts.resamples == 0 || out->ncand == 0)
        return NM_OK;
    nm_status st = nm_cl_bootstrap(p->d, p->ref, p->it, p->idx, m, &out->opts, cs->c, cs->n, err);
    for (size_t i = 0; st == NM_OK && i < out->ncand; i++)
        out->cand[i].stability = cs->c[i].stability;
    return st;
}

/* The candidate the resamples reproduce best (the highest stability, the
 * smallest k on ties), or without resamples the largest eigengap of the
 * sharpened affinity.  Sets out->clear.  With resamples, the split test
 * (split_clusters) then asks of each of its clusters whether it holds
 * groups of its own. */
static size_t best_candidate(nm_clusters *out, const double *eval)
{
    if (out->opts.resamples == 0) {
        int lo = out->cand[0].k, hi = out->cand[out->ncand - 1].k;
        out->clear = 1;
        return (size_t)nm_cl_eigengap(eval, lo, hi);
    }
    size_t best = SIZE_MAX;
    for (size_t i = 0; i < out->ncand; i++)
        if (!isnan(out->cand[i].stability) &&
            (best == SIZE_MAX || out->cand[i].stability > out->cand[best].stability))
            best = i;
    if (best == SIZE_MAX)
        return (size_t)out->cand[0].k;
    out->clear = out->cand[best].stability >= NM_CLUSTER_STABLE_MIN;
    return (size_t)out->cand[best].k;
}

static double stability_of(const nm_clusters *out, size_t k)
{
    for (size_t i = 0; i < out->ncand; i++)
        if ((size_t)out->cand[i].k == k)
            return out->cand[i].stability;
    return NAN;
}

/* k from the option or the candidates, limited by the items and raised to
 * the number of components; notes say what changed. */
static nm_status choose_k(nm_clusters *out, part *p, const double *eval, const double *evec,
                          size_t *k, cands *cs, nm_error *err)
{
    const nm_cluster_opts *o = &out->opts;
    size_t m = p->m;
    size_t hi = (size_t)o->kmax < m - 1 ? (size_t)o->kmax : m - 1;
    if (o->k) {
        *k = (size_t)o->k;
        out->k_source = NM_K_OPTION;
        if (*k > m - 1) {
            note(out, "--clusters %d asks for more clusters than %zu competences with "
                      "something in common can form: %zu made", o->k, m, m - 1);
            *k = m - 1;
            out->k_source = NM_K_ADJUSTED;
        }
    } else if (hi < 2) {
        note(out, "only two competences have anything in common: they form one cluster");
        *k = 1;
        out->k_source = NM_K_ADJUSTED;
    } else if (p->ncomp > hi) {
        /* more groups with nothing in common than clusters allowed: no k
         * to choose among, one cluster per group */
        note(out, "%zu groups of competences have nothing in common with each other, more "
                  "than the %zu clusters allowed: one cluster per group", p->ncomp, hi);
        *k = p->ncomp;
        out->k_source = NM_K_ADJUSTED;
        return NM_OK;
    } else {
        nm_status st = score_candidates(out, p, evec, hi, cs, err);
        if (st != NM_OK)
            return st;
        *k = best_candidate(out, eval);
        out->k_source = NM_K_CHOSEN;
        if (!out->clear) {
            note(out, "no clear grouping: no number of clusters from 2 to %zu is reproduced by "
                      "bootstrap resamples of the respondents (best stability %.2f, below %.2f); "
                      "the competences are kept together%s", hi, stability_of(out, *k),
                 NM_CLUSTER_STABLE_MIN, p->ncomp > 1 ? ", one cluster per group with "
                                                       "nothing in common" : "");
            *k = p->ncomp;
            out->k_source = NM_K_UNCLEAR;
            return NM_OK;
        }
    }
    if (*k < p->ncomp) {
        if (out->k_source != NM_K_CHOSEN)
            note(out, "%zu groups of competences have nothing in common with each other: %zu "
                      "clusters made instead of %zu", p->ncomp, p->ncomp, *k);
        *k = p->ncomp;
        out->k_source = NM_K_ADJUSTED;
    }
    return NM_OK;
}

static void keep_eigenvalues(nm_clusters *out, const double *eval, size_t m, size_t k)
{
    size_t want = (size_t)out->opts.kmax > k ? (size_t)out->opts.kmax : k;
    out->neigen = want + 1 < m ? want + 1 : m;
    out->eigenvalues = nm_calloc(out->neigen, sizeof *out->eigenvalues);
    for (size_t i = 0; i < out->neigen; i++)
        out->eigenvalues[i] = eval[i] + 0.0;
}

/* The partition for the k chosen, with notes on what k-means could not do. */
static nm_status kmeans_part(nm_clusters *out, part *p, const double *evec, size_t k,
                             nm_error *err)
{
    size_t made;
    nm_status st = assign_k(p, evec, k, &out->opts, &made, err);
    if (st != NM_OK || k == p->ncomp)
        return st;
    if (made < k)
        note(out, "some competences cannot be told apart (the same affinity to every "
                  "other): %zu clusters made instead of %zu", made, k);
    if (p->k > made)
        note(out, "%zu clusters spanned groups with nothing in common and were split",
             p->k - made);
    if (p->k != k)
        out->k_source = NM_K_ADJUSTED;
    return NM_OK;
}

/* Each cluster's bootstrap stability: the chosen candidate's, or resampled
 * now for a k given with --clusters. */
static nm_status cluster_stability(nm_clusters *out, part *p, const cands *cs, size_t k,
                                   nm_error *err)
{
    if (out->opts.resamples == 0 || p->k < 2)
        return NM_OK;
    p->jaccard = nm_calloc(p->k, sizeof *p->jaccard);
    for (size_t i = 0; i < cs->n; i++) {
        if (cs->c[i].k == k && cs->c[i].nclusters == p->k &&
            memcmp(cs->c[i].assign, p->assign, p->m * sizeof *p->assign) == 0) {
            memcpy(p->jaccard, cs->c[i].jaccard, p->k * sizeof *p->jaccard);
            out->stability = cs->c[i].stability;
            return NM_OK;
        }
    }
    size_t *jcount = nm_calloc(p->k, sizeof *jcount);
    nm_cl_cand one = {k, p->assign, p->k, NAN, p->jaccard, jcount};
    nm_status st = nm_cl_bootstrap(p->d, p->ref, p->it, p->idx, p->m, &out->opts, &one, 1, err);
    out->stability = one.stability;
    free(jcount);
    return st;
}

/* How many of the clusters in was (numbered 0..k-1) have members in more
 * than one cluster of now: the clusters the split test divided. */
static size_t clusters_divided(const size_t *was, const size_t *now, size_t m, size_t k)
{
    size_t divided = 0;
    for (size_t c = 0; c < k; c++) {
        size_t first = SIZE_MAX;
        for (size_t i = 0; i < m; i++) {
            if (was[i] != c)
                continue;
            if (first == SIZE_MAX)
                first = now[i];
            else if (now[i] != first) {
                divided++;
                break;
            }
        }
    }
    return divided;
}

/* The split test (cluster_split.c) on the partition chosen by stability:
 * clusters whose own grouping is stronger than that of copies with their
 * answers shuffled among their members are split, up to --cluster-kmax
 * clusters. */
static nm_status split_clusters(nm_clusters *out, part *p, nm_error *err)
{
    size_t hi = (size_t)out->opts.kmax < p->m - 1 ? (size_t)out->opts.kmax : p->m - 1;
    size_t before = p->k;
    size_t *was = nm_malloc(p->m * sizeof *was);
    memcpy(was, p->assign, p->m * sizeof *was);
    nm_cl_features f;
    nm_cl_features_collect(p->d, p->ref, p->it, &f);
    nm_status st = nm_cl_split(&f, p->it, p->idx, p->m, &out->opts, hi, p->assign, &p->k, err);
    nm_cl_features_free(&f);
    if (st == NM_OK) {
        p->k = renumber(p->assign, p->m, p->k);
        if (p->k > before)
            note(out, "the split test divided %zu of the %zu clusters the resamples "
                      "reproduce best: %zu clusters", clusters_divided(was, p->assign, p->m, before),
                 before, p->k);
    }
    free(was);
    return st;
}

static nm_status partition(nm_clusters *out, part *p, nm_error *err)
{
    size_t m = p->m, k = 0;
    p->ncomp = components(p->a, m, p->comp);
    out->components = p->ncomp;
    if (p->ncomp > 1)
        note(out, "the competences fall into %zu groups with nothing in common (no demand in "
                  "a shared municipality and need type, no shared respondent, no shared SSYK "
                  "group); no cluster spans two of them", p->ncomp);
    double *eval = nm_calloc(m, sizeof *eval);
    double *evec = nm_calloc(nm_cl_mul(m, m), sizeof *evec);
    cands cs = {0};
    double *sharp = nm_calloc(nm_cl_mul(m, m), sizeof *sharp);
    nm_cl_sharpen(p->a, m, sharp);
    nm_status st = nm_cl_spectrum(sharp, m, eval, evec, err);
    free(sharp);
    if (st == NM_OK)
        st = choose_k(out, p, eval, evec, &k, &cs, err);
    if (st == NM_OK) {
        keep_eigenvalues(out, eval, m, k);
        st = kmeans_part(out, p, evec, k, err);
    }
    if (st == NM_OK && out->k_source == NM_K_CHOSEN && out->clear && out->opts.resamples > 0)
        st = split_clusters(out, p, err);
    if (st == NM_OK)
        st = cluster_stability(out, p, &cs, k, err);
    /* a k chosen by stability is clear by the choice (the split test may
     * have refined its partition since); a given k by its own stability */
    if (st == NM_OK && out->k_source != NM_K_UNCLEAR && out->k_source != NM_K_CHOSEN)
        out->clear = p->k >= 2 && !(out->stability < NM_CLUSTER_STABLE_MIN);
    cands_free(&cs);
    free(eval);
    free(evec);
    return st;
}

static double mean_silhouette(const nm_cluster_member *mem, size_t n)
{
    double s = 0;
    for (size_t i = 0; i < n; i++)
        s += mem[i].silhouette;
    return n ? s / (double)n : NAN;
}

/* --- labels --- */

static size_t common_prefix(const char *a, const char *b)
{
    size_t n = 0;
    while (a[n] && a[n] == b[n])
        n++;
    return n;
}

/* The label of the most specific SSYK group (level 2 or 3) all members
 * share, or NULL. */
static const char *shared_group(const nm_cluster *c, const nm_refdata *ref)
{
    size_t len = 3;
    for (size_t i = 0; i < c->n; i++) {
        if (!c->members[i].comp.code[0])
            return NULL;
        size_t l = common_prefix(c->members[0].comp.code, c->members[i].comp.code);
        if (l < len)
            len = l;
    }
    if (len < 2)
        return NULL;
    char group[4];
    memcpy(group, c->members[0].comp.code, len);
    group[len] = '\0';
    const nm_ssyk *s = nm_refdata_ssyk(ref, group);
    return s ? s->label_sv : NULL;
}

/* Respondents are published even where demand is hidden, so choosing by
 * them hints at no hidden value. */
static uint64_t respondents(const nm_demand *d, const nm_cluster_member *m)
{
    uint64_t best = 0;
    for (int need = 0; need < NM_NEED_N; need++)
        if (m->cell[need] != SIZE_MAX && nm_demand_cell_const(d, m->cell[need])->respondents > best)
            best = nm_demand_cell_const(d, m->cell[need])->respondents;
    return best;
}

static char *cluster_label(const nm_cluster *c, const nm_demand *d, const nm_refdata *ref)
{
    if (c->n == 1)
        return nm_strdup(nm_comp_key_label(ref, &c->members[0].comp, 4));
    const char *group = shared_group(c, ref);
    if (group)
        return nm_strdup(group);
    size_t top = 0;
    for (size_t i = 1; i < c->n; i++)
        if (respondents(d, &c->members[i]) > respondents(d, &c->members[top]))
            top = i;
    const char *label = nm_comp_key_label(ref, &c->members[top].comp, 4);
    size_t len = strlen(label);
    if (len >= 5 && strcmp(label + len - 5, "m.fl.") == 0)
        return nm_strdup(label);
    nm_buf b = {0};
    nm_buf_printf(&b, "%s m.fl.", label);
    char *s = nm_strdup(nm_buf_str(&b));
    nm_buf_free(&b);
    return s;
}

/* --- the result --- */

typedef struct corder {
    size_t cluster, size, first;
} corder;

static int cmp_corder(const void *pa, const void *pb)
{
    const corder *a = pa, *b = pb;
    if (a->size != b->size)
        return a->size > b->size ? -1 : 1;
    return a->first < b->first ? -1 : a->first > b->first;
}

/* Clusters by size (largest first), then by their first member. */
static corder *cluster_order(const part *p)
{
    corder *o = nm_calloc(p->k, sizeof *o);
    for (size_t c = 0; c < p->k; c++)
        o[c] = (corder){c, 0, SIZE_MAX};
    for (size_t i = 0; i < p->m; i++) {
        corder *c = &o[p->assign[i]];
        c->size++;
        if (c->first == SIZE_MAX)
            c->first = i;
    }
    qsort(o, p->k, sizeof *o, cmp_corder);
    return o;
}

static void fill_cluster(nm_cluster *c, const part *p, const corder *o, const double *sil,
                         const nm_cl_items *it)
{
    c->members = nm_calloc(o->size, sizeof *c->members);
    for (size_t i = 0; i < p->m; i++) {
        if (p->assign[i] != o->cluster)
            continue;
        nm_cluster_member *mem = &c->members[c->n++];
        *mem = it->m[p->idx[i]];
        mem->silhouette = sil[i];
    }
    c->silhouette_mean = p->k < 2 ? NAN : mean_silhouette(c->members, c->n);
    c->stability = p->jaccard ? p->jaccard[o->cluster] : NAN;
}

static void build_clusters(nm_clusters *out, const part *p, const nm_cl_items *it,
                           const nm_demand *d, const nm_refdata *ref)
{
    double *sil = nm_calloc(p->m ? p->m : 1, sizeof *sil);
    silhouettes(p, sil);
    corder *order = cluster_order(p);
    out->list = nm_calloc(p->k, sizeof *out->list);
    out->n = p->k;
    double total = 0;
    nm_buf key = {0};
    out->index = nm_strmap_new();
    for (size_t r = 0; r < p->k; r++) {
        nm_cluster *c = &out->list[r];
        c->id = (int)r + 1;
        fill_cluster(c, p, &order[r], sil, it);
        c->label = cluster_label(c, d, ref);
        for (size_t i = 0; i < c->n; i++) {
            nm_cl_comp_text(&key, &c->members[i].comp);
            nm_strmap_put(out->index, nm_buf_str(&key), (void *)(uintptr_t)c->id);
        }
    }
    nm_buf_free(&key);
    for (size_t i = 0; i < p->m; i++)
        total += sil[i];
    out->silhouette_mean = p->k < 2 ? NAN : total / (double)p->m;
    free(order);
    free(sil);
}

static void collect_ungrouped(nm_clusters *out, const part *p, const nm_cl_items *it)
{
    out->nungrouped = it->n - p->m;
    out->ungrouped = nm_calloc(out->nungrouped, sizeof *out->ungrouped);
    for (size_t i = 0, g = 0, u = 0; i < it->n; i++) {
        if (g < p->m && p->idx[g] == i)
            g++;
        else
            out->ungrouped[u++] = it->m[i];
    }
    if (out->nungrouped && it->n > 1)
        note(out, "%zu of %zu competences have nothing in common with any other (no demand "
                  "in a shared municipality and need type, no shared SSYK group): not grouped",
             out->nungrouped, it->n);
}

static nm_status cluster_items(nm_clusters *out, const nm_cl_items *it, const nm_demand *d,
                               const nm_refdata *ref, nm_error *err)
{
    double *a = nm_calloc(nm_cl_mul(it->n, it->n), sizeof *a);
    nm_status st = nm_cl_affinity(d, ref, it, out->opts.respondent_weight,
                                  out->opts.taxonomy_weight, a, err);
    part p = {.d = d, .ref = ref, .it = it};
    if (st == NM_OK) {
        grouped_items(a, it->n, &p);
        collect_ungrouped(out, &p, it);
        if (p.m >= 2)
            st = partition(out, &p, err);
    }
    if (st == NM_OK && p.m >= 2)
        build_clusters(out, &p, it, d, ref);
    if (st == NM_OK && out->n >= 2 && out->silhouette_mean < 0.1)
        note(out, "the clusters are weakly separated (mean silhouette %.2f, below 0.1): "
                  "read them as suggestions", out->silhouette_mean);
    free_part(&p);
    free(a);
    return st;
}

static void too_few(nm_clusters *out, const nm_cl_items *it, const nm_refdata *ref)
{
    out->nungrouped = it->n;
    out->ungrouped = nm_calloc(it->n ? it->n : 1, sizeof *out->ungrouped);
    if (it->n) {
        out->ungrouped[0] = it->m[0];
        note(out, "only one competence (%s): nothing to group",
             nm_comp_key_label(ref, &it->m[0].comp, 4));
    } else {
        note(out, "no competences to group: no answer has an SSYK code or a named competence");
    }
}

/* Distinct respondents of each cluster and need type: one pass over the
 * respondents, each counted once in every (cluster, need type) bucket its
 * detail cells fall in (a stamp per bucket marks where it was counted). */
typedef struct bucket_count {
    nm_clusters *out;
    const uint32_t *bucket;    /* per detail cell: bucket + 1, 0 for none */
    nm_stamps seen;            /* per bucket */
} bucket_count;

static void count_one(void *ctx, const uint32_t *cells, size_t n)
{
    bucket_count *c = ctx;
    nm_stamps_next(&c->seen);
    for (size_t i = 0; i < n; i++) {
        uint32_t b = c->bucket[cells[i]];
        if (b && nm_stamps_first(&c->seen, b - 1))
            c->out->list[(b - 1) / NM_NEED_N].respondents[(b - 1) % NM_NEED_N]++;
    }
}

static void count_respondents(nm_clusters *out, const nm_demand *d)
{
    size_t ndetail = 0;
    while (ndetail < nm_demand_count(d) && !nm_demand_cell_const(d, ndetail)->rollup)
        ndetail++; /* detail cells come first */
    bucket_count c = {out, NULL, {0}};
    nm_stamps_init(&c.seen, out->n * NM_NEED_N);
    uint32_t *bucket = nm_calloc(ndetail + 1, sizeof *bucket);
    const nm_comp_key *last = NULL;
    int id = 0;
    for (size_t i = 0; i < ndetail; i++) {
        const nm_cell *cell = nm_demand_cell_const(d, i);
        if (!last || nm_comp_key_cmp(last, &cell->comp) != 0) /* neighbours often share it */
            id = cell->comp.unclassified ? 0 : nm_clusters_id_of(out, &cell->comp);
        last = &cell->comp;
        if (id > 0)
            bucket[i] = (uint32_t)((size_t)(id - 1) * NM_NEED_N + cell->need + 1);
    }
    for (size_t i = 0; i < out->n; i++)
        for (int need = 0; need < NM_NEED_N; need++)
            out->list[i].respondents[need] = 0;
    c.bucket = bucket;
    nm_demand_each_respondent(d, count_one, &c);
    free(bucket);
    nm_stamps_free(&c.seen);
}

nm_status nm_cluster_build(const nm_demand *d, const nm_refdata *ref, const nm_cluster_opts *o,
                           nm_clusters *out, nm_error *err)
{
    nm_cluster_opts defaults;
    nm_cluster_opts_default(&defaults);
    memset(out, 0, sizeof *out);
    out->silhouette_mean = NAN;
    out->stability = NAN;
    out->opts = o ? *o : defaults;
    nm_status st = check_opts(&out->opts, err);
    if (st != NM_OK)
        return st;
    nm_cl_items it = {0};
    nm_cl_items_collect(d, &it);
    if (it.n < 2)
        too_few(out, &it, ref);
    else
        st = cluster_items(out, &it, d, ref, err);
    if (st == NM_OK)
        count_respondents(out, d);
    nm_cl_items_free(&it);
    if (st != NM_OK) {
        nm_cluster_opts used = out->opts;
        nm_clusters_free(out);
        out->opts = used;
    }
    return st;
}

void nm_clusters_free(nm_clusters *c)
{
    if (!c)
        return;
    for (size_t i = 0; i < c->n; i++) {
        free(c->list[i].label);
        free(c->list[i].members);
    }
    free(c->list);
    free(c->ungrouped);
    free(c->eigenvalues);
    free(c->cand);
    for (size_t i = 0; i < c->nnotes; i++)
        free(c->notes[i]);
    free(c->notes);
    nm_strmap_free(c->index);
    memset(c, 0, sizeof *c);
}

const char *nm_cluster_strength(const nm_clusters *cs, const nm_cluster *c)
{
    if (!cs->clear)
        return "no clear grouping";
    if (c->n < 2 || c->stability < NM_CLUSTER_WEAK_JACCARD ||
        c->silhouette_mean < NM_CLUSTER_WEAK_SILHOUETTE)
        return "weak";
    if ((isnan(c->stability) || c->stability >= NM_CLUSTER_CLEAR_JACCARD) &&
        c->silhouette_mean >= NM_CLUSTER_CLEAR_SILHOUETTE)
        return "clear";
    return "moderate";
}

int nm_clusters_id_of(const nm_clusters *c, const nm_comp_key *comp)
{
    if (!c->index || comp->unclassified)
        return -1;
    nm_buf key = {0};
    nm_cl_comp_text(&key, comp);
    void *v = nm_strmap_get(c->index, nm_buf_str(&key));
    nm_buf_free(&key);
    return v ? (int)(uintptr_t)v : -1;
}

int nm_clusters_id_of_ctx(void *ctx, const nm_comp_key *comp)
{
    return nm_clusters_id_of(ctx, comp);
}
