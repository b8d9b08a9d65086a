/* competence_edit.c - reading a misspelling by edit distance.
 *
 * The distance counts letters (code points) with their diacritics: a plain
 * letter where the known text has å, ä or ö is free (typed without them),
 * a different letter with a diacritic is not ("Mältare" is two from
 * "Målare").  The first letter must be the same: it is rarely mistyped, and
 * real words that differ there are other occupations ("körskolelärare").
 * p depends on the distance and the length (fuzzy_p): real words a letter
 * from a known title are a different occupation more often than short
 * misspellings are right. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "competence_parts.h"
#include "needmap/alloc.h"
#include "needmap/swedish.h"
#include "needmap/text.h"

/* --- edit distance, in detail --- */

/* Code points of s, lowercase with diacritics kept; punctuation a space. */
size_t nmc_points_folded(const char *f, uint32_t *out, size_t max)
{
    size_t n = 0;
    const unsigned char *p = (const unsigned char *)f;
    while (*p && n < max) {
        uint32_t c = *p++;
        if (c >= 0xC0 && c < 0xE0 && *p) {
            c = ((c & 0x1F) << 6) | (*p++ & 0x3F);
        } else if (c >= 0xE0 && c < 0xF0 && p[0] && p[1]) {
            c = ((c & 0x0F) << 12) | ((uint32_t)(p[0] & 0x3F) << 6) | (p[1] & 0x3F);
            p += 2;
        }
        if (c == '-' || c == '/' || c == '.' || c == '_' || c == ',')
            c = ' ';
        if (c == ' ' && (!n || out[n - 1] == ' '))
            continue;
        out[n++] = c;
    }
    while (n && out[n - 1] == ' ')
        n--;
    return n;
}

size_t nmc_points(const char *s, uint32_t *out, size_t max)
{
    nm_buf f = {0};
    nm_text_fold(s, &f);
    size_t n = nmc_points_folded(f.data, out, max);
    nm_buf_free(&f);
    return n;
}

/* Base letter of a Latin-1 lowercase letter with a diacritic, else 0. */
static uint32_t plain(uint32_t c)
{
    static const char latin1[] = "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
    return c >= 0xE0 && c <= 0xFF && c != 0xF7 ? (uint32_t)(unsigned char)latin1[c - 0xE0] : 0;
}

/* Cost of writing a where b is meant: 0 for the same letter, or for a
 * plain letter where b has a diacritic (typed without å/ä/ö), else 1. */
static int sub_cost(uint32_t a, uint32_t b)
{
    return a == b || (a < 0x80 && plain(b) == a) ? 0 : 1;
}


size_t nmc_distance(const uint32_t *x, size_t n, const uint32_t *y, size_t m, size_t max)
{
    size_t d[3][NMC_FZ_MAX + 1];
    size_t *p2 = d[0], *p1 = d[1], *c = d[2];
    for (size_t j = 0; j <= m; j++)
        p1[j] = j;
    for (size_t i = 1; i <= n; i++) {
        c[0] = i;
        size_t best = i;
        for (size_t j = 1; j <= m; j++) {
            size_t v = p1[j - 1] + (size_t)sub_cost(x[i - 1], y[j - 1]);
            if (p1[j] + 1 < v)
                v = p1[j] + 1;
            if (c[j - 1] + 1 < v)
                v = c[j - 1] + 1;
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] && p2[j - 2] + 1 < v)
                v = p2[j - 2] + 1;
            c[j] = v;
            if (v < best)
                best = v;
        }
        if (best > max)
            return max + 1;
        size_t *t = p2;
        p2 = p1;
        p1 = c;
        c = t;
    }
    return p1[m];
}

/* How sure a reading by edit distance d over len letters is: measured as
 * in docs/ingest.md (unknown real titles a letter or two from a known one
 * are a different occupation more often than a misspelling). */
static double fuzzy_p(size_t d, size_t len)
{
    if (d == 0)
        return 0.98;
    if (d == 1)
        return len >= 12 ? 0.93 : len >= 9 ? 0.88 : len >= 7 ? 0.75 : 0.5;
    if (d == 2)
        return len >= 16 ? 0.86 : len >= 12 ? 0.75 : 0.4;
    return 0;
}

void nmc_fuzzy(reader *r, const char *key, nmc_cand *out)
{
    const nm_comp_matcher *m = r->m;
    const nmc_rules *R = m->shared->rules;
    uint32_t x[NMC_FZ_MAX];
    size_t n = nmc_points(key, x, NMC_FZ_MAX);
    if (n < 5 || n >= NMC_FZ_MAX)
        return;
    size_t best_d = 3, ties = 0;
    const target *best = NULL;
    const char *via = "";
    for (size_t i = 0; i < m->nknown; i++) {
        const uint32_t *y = R->fz + R->fz_at[i];
        size_t ml = R->fz_at[i + 1] - R->fz_at[i];
        if (!ml || (ml > n ? ml - n : n - ml) > best_d)
            continue;
        const known *k = &m->known[i];
        if (r->exclude && strcmp(k->key, r->exclude) == 0)
            continue;
        const target *t = nm_strmap_get(m->index, k->key);
        if (!t || !t->code[0])
            continue;
        if (sub_cost(x[0], y[0])) /* a first letter is rarely mistyped: another word */
            continue;
        size_t d = nmc_distance(x, n, y, ml, best_d);
        if (d < best_d) {
            best_d = d;
            best = t;
            ties = 0;
            via = k->key;
        } else if (d == best_d && best && nmc_prefix_len(best->code, t->code) < 3) {
            ties++;
        }
    }
    if (!best || best_d > 2)
        return;
    double p = fuzzy_p(best_d, n);
    if (ties)
        p *= 0.5;
    nmc_cand_set(out, best->code, p, NM_RULE_EDIT, via);
}
