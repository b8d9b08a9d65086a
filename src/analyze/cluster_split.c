/* cluster_split.c - should a cluster be split?  A permutation test of a
 * cluster's own grouping against a null model in which its members are
 * exchangeable (issue #19): the second eigenvalue of the cluster's
 * normalised affinity, compared with the same figure for copies of the
 * cluster whose features (demand per municipality and need type, the
 * respondents that asked) are shuffled among the members, column by
 * column.  Each column keeps its values (a town's demand, an employer's
 * answers), only which member has them is drawn again: what the members
 * share with the cluster stays, what sets some of them apart from the
 * others goes.  Permutations draw from one mt19937 seeded with the
 * clustering seed, on the calling thread. */
#include <gsl/gsl_errno.h>
#include <gsl/gsl_rng.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "cluster_parts.h"
#include "needmap/alloc.h"

/* A cluster's own features: its members' nonzero columns only. */
typedef struct sub {
    size_t c;          /* members */
    const size_t *mem; /* c item numbers */
    double *x;         /* c x p demand features */
    size_t p;
    size_t q;          /* (respondent, need type) buckets of the members */
    size_t na;         /* answers of the members, by bucket */
    size_t *amem, *aslot, *abucket; /* per answer: member, column of x (SIZE_MAX:
                                       none), bucket (0..q-1, ascending) */
    double *tax;       /* c x c SSYK proximity */
} sub;

/* One answer of a member: a respondent and need type (bucket) in a
 * column of x. */
typedef struct answer {
    size_t bucket, member, slot;
} answer;

/* By bucket, then member, then column: a fixed order. */
static int cmp_answer(const void *pa, const void *pb)
{
    const answer *a = pa, *b = pb;
    if (a->bucket != b->bucket)
        return a->bucket < b->bucket ? -1 : 1;
    if (a->member != b->member)
        return a->member < b->member ? -1 : 1;
    return a->slot < b->slot ? -1 : a->slot > b->slot;
}

static void sub_build(sub *s, const nm_cl_features *f, const nm_cl_items *it, const size_t *mem,
                      size_t c)
{
    s->c = c;
    s->mem = mem;
    size_t *dcol = nm_calloc(f->p, sizeof *dcol);
    s->p = 0;
    for (size_t j = 0; j < f->p; j++) {
        int used = 0;
        for (size_t i = 0; i < c && !used; i++)
            used = f->x[mem[i] * f->p + j] != 0;
        dcol[j] = used ? s->p++ : SIZE_MAX;
    }
    s->x = nm_calloc(nm_cl_mul(c, s->p ? s->p : 1), sizeof *s->x);
    for (size_t i = 0; i < c; i++)
        for (size_t j = 0; j < f->p; j++)
            if (dcol[j] != SIZE_MAX)
                s->x[i * s->p + dcol[j]] = f->x[mem[i] * f->p + j];
    size_t all = 0;
    for (size_t i = 0; i < c; i++)
        all += f->rstart[mem[i] + 1] - f->rstart[mem[i]];
    answer *ans = nm_calloc(all ? all : 1, sizeof *ans);
    for (size_t i = 0, at = 0; i < c; i++)
        for (size_t e = f->rstart[mem[i]]; e < f->rstart[mem[i] + 1]; e++, at++)
            ans[at] = (answer){f->rcol[e], i,
                               f->rslot[e] == SIZE_MAX ? SIZE_MAX : dcol[f->rslot[e]]};
    qsort(ans, all, sizeof *ans, cmp_answer);
    s->na = all;
    s->amem = nm_calloc(all ? all : 1, sizeof *s->amem);
    s->aslot = nm_calloc(all ? all : 1, sizeof *s->aslot);
    s->abucket = nm_calloc(all ? all : 1, sizeof *s->abucket);
    s->q = 0;
    for (size_t e = 0; e < all; e++) {
        if (e > 0 && ans[e].bucket != ans[e - 1].bucket)
            s->q++;
        s->amem[e] = ans[e].member;
        s->aslot[e] = ans[e].slot;
        s->abucket[e] = s->q;
    }
    s->q += all ? 1 : 0;
    free(ans);
    free(dcol);
    s->tax = nm_calloc(nm_cl_mul(c, c), sizeof *s->tax);
    for (size_t i = 0; i < c; i++)
        for (size_t j = 0; j < c; j++)
            s->tax[i * c + j] = i == j ? 0 : nm_cl_taxonomy(&it->m[mem[i]].comp,
                                                           &it->m[mem[j]].comp);
}

static void sub_free(sub *s)
{
    free(s->x);
    free(s->amem);
    free(s->aslot);
    free(s->abucket);
    free(s->tax);
}

/* Rows of y (n x p) scaled to unit length into out; zero[i] says row i is
 * all zero. */
static void unit_rows(const double *y, size_t n, size_t p, double *out, char *zero)
{
    for (size_t i = 0; i < n; i++) {
        double norm = 0;
        for (size_t j = 0; j < p; j++)
            norm += y[i * p + j] * y[i * p + j];
        norm = sqrt(norm);
        zero[i] = !(norm > 0);
        for (size_t j = 0; j < p; j++)
            out[i * p + j] = norm > 0 ? y[i * p + j] / norm : 0;
    }
}

typedef struct work {
    double *x;            /* permuted demand, c x p */
    size_t *amap;         /* per answer: the member it goes to */
    double *ux;           /* unit rows of x */
    double *cx, *cr;      /* c x c cosines */
    double *a, *b;        /* c x c affinity; the members with any, compacted */
    double *eval, *evec;  /* c; c x c */
    double *count;        /* c: buckets per member */
    size_t *in;           /* c: the members of one bucket */
    char *zx, *keep;
} work;

static void work_init(work *w, const sub *s)
{
    size_t c = s->c, cc = nm_cl_mul(c, c), px = nm_cl_mul(c, s->p ? s->p : 1);
    *w = (work){nm_calloc(px, sizeof(double)), nm_calloc(s->na ? s->na : 1, sizeof(size_t)),
                nm_calloc(px, sizeof(double)), nm_calloc(cc, sizeof(double)),
                nm_calloc(cc, sizeof(double)), nm_calloc(cc, sizeof(double)),
                nm_calloc(cc, sizeof(double)), nm_calloc(c, sizeof(double)),
                nm_calloc(cc, sizeof(double)), nm_calloc(c, sizeof(double)),
                nm_calloc(c, sizeof(size_t)), nm_calloc(c, 1), nm_calloc(c, 1)};
}

static void work_free(work *w)
{
    free(w->x), free(w->amap), free(w->ux), free(w->cx), free(w->cr);
    free(w->a), free(w->b), free(w->eval), free(w->evec);
    free(w->count), free(w->in), free(w->zx), free(w->keep);
}

/* The cosine of the members' respondent vectors (distinct buckets), with
 * answer a counted for member amap[a]: sparse, one bucket at a time (a
 * respondent asks for few competences; a survey may have thousands). */
static void respondent_cosine(const sub *s, const size_t *amap, work *w)
{
    size_t c = s->c;
    memset(w->cr, 0, nm_cl_mul(c, c) * sizeof *w->cr);
    memset(w->count, 0, c * sizeof *w->count);
    for (size_t e = 0; e < s->na;) {
        size_t n = 0, b = s->abucket[e];
        for (; e < s->na && s->abucket[e] == b; e++) {
            size_t i = amap[e], k = 0;
            while (k < n && w->in[k] != i)
                k++;
            if (k == n)
                w->in[n++] = i;
        }
        for (size_t x = 0; x < n; x++) {
            w->count[w->in[x]] += 1;
            for (size_t y = 0; y < n; y++)
                if (x != y)
                    w->cr[w->in[x] * c + w->in[y]] += 1;
        }
    }
    for (size_t i = 0; i < c; i++)
        for (size_t j = 0; j < c; j++)
            if (w->cr[i * c + j] > 0)
                w->cr[i * c + j] /= sqrt(w->count[i] * w->count[j]);
}

/* The blended affinity of nm_cl_blend among the members (taxonomy weight
 * tw), from demand features x (c x p) and the answers given to members
 * amap. */
static nm_status affinity(const sub *s, const nm_cluster_opts *o, double tw, const double *x,
                          const size_t *amap, work *w, nm_error *err)
{
    size_t c = s->c;
    double rw = o->respondent_weight;
    unit_rows(x, c, s->p, w->ux, w->zx);
    memset(w->cx, 0, nm_cl_mul(c, c) * sizeof *w->cx);
    nm_status st = s->p ? nm_cl_cosine(w->ux, c, s->p, w->cx, err) : NM_OK;
    respondent_cosine(s, amap, w);
    for (size_t i = 0; st == NM_OK && i < c; i++)
        for (size_t j = 0; j < c; j++)
            w->a[i * c + j] = i == j || w->zx[i] || w->zx[j]
                                  ? 0
                                  : (1 - tw) * ((1 - rw) * w->cx[i * c + j] +
                                                rw * w->cr[i * c + j]) +
                                        tw * s->tax[i * c + j];
    return st;
}

/* The members with any affinity, their affinity compacted into w->b;
 * returns how many. */
static size_t connected(const work *w, size_t c)
{
    size_t kept = 0;
    for (size_t i = 0; i < c; i++) {
        double deg = 0;
        for (size_t j = 0; j < c; j++)
            deg += w->a[i * c + j];
        w->keep[i] = deg > 0;
        kept += w->keep[i] ? 1 : 0;
    }
    for (size_t i = 0, r = 0; i < c; i++) {
        if (!w->keep[i])
            continue;
        for (size_t j = 0, col = 0; j < c; j++)
            if (w->keep[j])
                w->b[r * kept + col++] = w->a[i * c + j];
        r++;
    }
    return kept;
}

/* The second eigenvalue of the normalised affinity in w->a (0 when fewer
 * than three members have any). */
static nm_status lambda2(work *w, size_t c, double *out, nm_error *err)
{
    size_t kept = connected(w, c);
    *out = 0;
    if (kept < 3)
        return NM_OK;
    nm_status st = nm_cl_spectrum(w->b, kept, w->eval, w->evec, err);
    if (st == NM_OK)
        *out = w->eval[1];
    return st;
}

/* A copy of the cluster whose answers are shuffled among the members, one
 * column of x (a municipality and need type) at a time: the member that
 * had a town's demand and the respondents behind it is drawn again, the
 * same for all of it.  sigma: p x c scratch. */
static void permute(const sub *s, gsl_rng *rng, size_t *sigma, double *x, size_t *amap)
{
    size_t c = s->c;
    for (size_t j = 0; j < s->p; j++) {
        size_t *g = sigma + j * c;
        for (size_t i = 0; i < c; i++)
            g[i] = i;
        for (size_t i = c - 1; i > 0; i--) {
            size_t t = (size_t)gsl_rng_uniform_int(rng, i + 1), v = g[i];
            g[i] = g[t];
            g[t] = v;
        }
    }
    memset(x, 0, nm_cl_mul(c, s->p) * sizeof *x);
    for (size_t i = 0; i < c; i++)
        for (size_t j = 0; j < s->p; j++)
            x[sigma[j * c + i] * s->p + j] = s->x[i * s->p + j];
    for (size_t a = 0; a < s->na; a++) {
        size_t i = s->amem[a], j = s->aslot[a];
        amap[a] = j == SIZE_MAX ? i : sigma[j * c + i];
    }
}

/* Is the cluster's own grouping stronger than its permuted copies'? */
static nm_status significant(const sub *s, const nm_cluster_opts *o, gsl_rng *rng, work *w,
                             int *yes, nm_error *err)
{
    double obs = 0, null = 0;
    size_t *sigma = nm_calloc(nm_cl_mul(s->p ? s->p : 1, s->c), sizeof *sigma);
    nm_status st = affinity(s, o, 0, s->x, s->amem, w, err);
    if (st == NM_OK)
        st = lambda2(w, s->c, &obs, err);
    int as_strong = 0;
    for (int b = 0; st == NM_OK && b < NM_CL_SPLIT_PERMS; b++) {
        permute(s, rng, sigma, w->x, w->amap);
        st = affinity(s, o, 0, w->x, w->amap, w, err);
        if (st == NM_OK)
            st = lambda2(w, s->c, &null, err);
        as_strong += st == NM_OK && null >= obs;
    }
    free(sigma);
    *yes = obs >= NM_CL_SPLIT_LAMBDA &&
           (1.0 + as_strong) / (1.0 + NM_CL_SPLIT_PERMS) <= NM_CL_SPLIT_ALPHA;
    return st;
}

/* The cluster in two: k-means++ with k = 2 on the spectral embedding of
 * its own sharpened affinity; part[i] is 0 or 1 (all 0 when it cannot be
 * split in two parts of at least two members). */
static nm_status halve(const sub *s, const nm_cluster_opts *o, work *w, size_t *part,
                       nm_error *err)
{
    size_t c = s->c, made;
    memset(part, 0, c * sizeof *part);
    nm_status st = affinity(s, o, o->taxonomy_weight, s->x, s->amem, w, err);
    if (st != NM_OK || connected(w, c) < c)
        return st;
    double *sharp = nm_calloc(nm_cl_mul(c, c), sizeof *sharp), *y = nm_calloc(2 * c, sizeof *y);
    nm_cl_sharpen(w->b, c, sharp);
    st = nm_cl_spectrum(sharp, c, w->eval, w->evec, err);
    if (st == NM_OK) {
        nm_cl_embed(w->evec, c, 2, y);
        st = nm_cl_kmeans(y, c, 2, 2, o->seed, o->restarts, part, &made, err);
    }
    size_t ones = 0;
    for (size_t i = 0; st == NM_OK && i < c; i++)
        ones += part[i];
    if (st == NM_OK && (made < 2 || ones < 2 || c - ones < 2))
        memset(part, 0, c * sizeof *part);
    free(sharp);
    free(y);
    return st;
}

nm_status nm_cl_split(const nm_cl_features *f, const nm_cl_items *it, const size_t *idx,
                      size_t m, const nm_cluster_opts *o, size_t kmax, size_t *assign, size_t *k,
                      nm_error *err)
{
    gsl_rng *rng = gsl_rng_alloc(gsl_rng_mt19937);
    if (!rng)
        return nm_error_set(err, NM_ERR_INTERNAL, NULL, 0, 0,
                            "competence clustering: gsl_rng_alloc failed");
    gsl_rng_set(rng, (unsigned long)((o->seed ^ (o->seed >> 32) ^ 0x5bd1e995u) & 0xffffffffu));
    size_t *mem = nm_calloc(m, sizeof *mem), *at = nm_calloc(m, sizeof *at);
    size_t *part = nm_calloc(m, sizeof *part);
    nm_status st = NM_OK;
    /* clusters are tested in number order; a split's parts keep the old
     * number and take the next new one, and are tested in turn */
    for (size_t cl = 0; st == NM_OK && cl < *k && *k < kmax; cl++) {
        size_t c = 0;
        for (size_t i = 0; i < m; i++)
            if (assign[i] == cl)
                at[c] = i, mem[c++] = idx[i];
        if (c < NM_CL_SPLIT_MIN)
            continue;
        sub s;
        work w;
        sub_build(&s, f, it, mem, c);
        work_init(&w, &s);
        int yes = 0;
        st = significant(&s, o, rng, &w, &yes, err);
        if (st == NM_OK && yes)
            st = halve(&s, o, &w, part, err);
        size_t moved = 0;
        for (size_t i = 0; st == NM_OK && yes && i < c; i++)
            if (part[i] != part[0])
                assign[at[i]] = *k, moved++;
        if (moved) {
            (*k)++;
            cl--; /* test the part that kept the number again */
        }
        work_free(&w);
        sub_free(&s);
    }
    free(mem);
    free(at);
    free(part);
    gsl_rng_free(rng);
    return st;
}
