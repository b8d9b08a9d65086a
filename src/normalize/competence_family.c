/* competence_family.c - families of known titles: what a head word and
 * the words around it say about an unknown title.
 *
 * A title's head is its last word, or the longest ending of it that is a
 * word of the dictionary ("operationssjukskoterska" -> "sjukskoterska").
 * The family of a head is every known title with that head, each with the
 * words that set it apart (its modifiers).  An unknown text with the same
 * head is read by the members that share its words (a variant: all the same
 * words, written differently; evidence: some of them) or, when none does, by
 * the family's most common group.  Its p is the share of the members that
 * group gets right when each is left out in turn (leave-one-out), smoothed
 * towards that precision over all families (m's family_g), so that a small
 * family says little; where the text's words are known from titles of other
 * groups ("pappers", "massa"), p is lowered.  The constants below were set
 * on the dev rows of tests/match (docs/ingest.md).
 *
 * The tables are built from the known texts the first time they are needed
 * (nmc_rules_of) and are read-only afterwards. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "competence_parts.h"
#include "needmap/alloc.h"
#include "needmap/swedish.h"
#include "needmap/text.h"

/* A single-word key that names an occupation (a code, not a competence). */
const target *nmc_code_word(const nm_comp_matcher *m, const char *w, size_t len,
                               const char *exclude)
{
    char buf[NM_SV_WORD_MAX];
    if (len >= sizeof buf)
        return NULL;
    memcpy(buf, w, len);
    buf[len] = '\0';
    const target *t = nmc_lookup(m, buf, exclude);
    return t && t->code[0] ? t : NULL;
}

static int is_word(const nm_comp_matcher *m, const char *w, size_t len)
{
    const nmc_rules *R = m->shared->rules;
    void *v;
    return len && nm_strmap_find_len(R->words, w, len, &v);
}

enum { ENDING = 4 };

/* Bit L set when a word of L bytes ends in the last ENDING bytes of s (n
 * bytes): the only lengths an ending of s that is a word can have. */
static uint64_t word_lengths(const nm_comp_matcher *m, const char *s, size_t n)
{
    const nmc_rules *R = m->shared->rules;
    void *v;
    if (n < ENDING || !nm_strmap_find_len(R->endings, s + n - ENDING, ENDING, &v))
        return 0;
    return (uint64_t)(uintptr_t)v;
}

static void add_ending(nm_comp_matcher *m, const char *w, size_t n)
{
    nmc_rules *R = m->shared->rules;
    if (n < ENDING || n >= 64)
        return;
    size_t i = nm_strmap_index_len(R->endings, w + n - ENDING, ENDING);
    uint64_t mask = i == SIZE_MAX ? 0 : (uint64_t)(uintptr_t)nm_strmap_value_at(R->endings, i);
    mask |= (uint64_t)1 << n;
    if (i == SIZE_MAX)
        nm_strmap_put_len(R->endings, w + n - ENDING, ENDING, (void *)(uintptr_t)mask);
    else
        nm_strmap_set_value_at(R->endings, i, (void *)(uintptr_t)mask);
}

/* word, or its base form when that is a word of the dictionary too
 * ("sjukskoterskor" -> "sjukskoterska"), into out. */
static void base_word(const nm_comp_matcher *m, const char *word, char out[NM_SV_WORD_MAX])
{
    char forms[8][NM_SV_WORD_MAX];
    size_t nf = nm_sv_base_forms(word, forms, 8);
    for (size_t f = 0; f < nf; f++)
        if (is_word(m, forms[f], strlen(forms[f]))) {
            memcpy(out, forms[f], strlen(forms[f]) + 1);
            return;
        }
    snprintf(out, NM_SV_WORD_MAX, "%s", word);
}

/* The family head of word: the word itself (in its base form) when it is a
 * word of the dictionary and proper is 0, else its longest ending that is
 * ("smartsjukskoterska" -> "sjukskoterska"), also of its base forms.
 * Writes the head into head and what comes before it into prefix ("" if
 * none); 0 when no head is found. */
int nmc_head_of(const nm_comp_matcher *m, const char *word, int proper,
                   char head[NM_SV_WORD_MAX], char prefix[NM_SV_WORD_MAX])
{
    char forms[8][NM_SV_WORD_MAX];
    size_t nf = 0, n = strlen(word);
    if (n >= NM_SV_WORD_MAX)
        return 0;
    memcpy(forms[nf++], word, n + 1);
    nf += nm_sv_base_forms(word, forms + 1, proper ? 2 : 7);
    prefix[0] = '\0';
    for (size_t f = 0; f < nf; f++) {
        size_t fl = strlen(forms[f]);
        if (!proper && is_word(m, forms[f], fl)) {
            base_word(m, forms[f], head);
            return 1;
        }
        uint64_t lengths = word_lengths(m, forms[f], fl);
        for (size_t i = NMC_MIN_PREFIX; i + NMC_MIN_HEAD <= fl && lengths; i++) {
            if (fl - i >= 64 || !(lengths >> (fl - i) & 1) || !is_word(m, forms[f] + i, fl - i))
                continue;
            base_word(m, forms[f] + i, head);
            memcpy(prefix, forms[f], i);
            prefix[i] = '\0';
            return 1;
        }
    }
    return 0;
}

/* Readings from a family rest on how well its most common group predicts
 * a member left out (leave-one-out): p = (a + A * g) / (n + A) where n
 * members, a of them right when left out, and g that precision over all
 * families of the dictionary (R->family_g), so that a family of two says
 * little.  Readings from the members sharing the text's words use the same
 * form with g and A measured as described in docs/ingest.md. */
static const double FAMILY_A = 8.0;
static const double EVIDENCE_A = 2.0;
static const double EVIDENCE_G[5] = {0, 0.75, 0.7, 0.65, 0.55};
static const double VARIANT_G[5] = {0, 0.99, 0.98, 0.96, 0.94};

typedef struct level_vote {
    char top[5];     /* the most common group at this level */
    size_t a;        /* members a leave-one-out vote gets right */
    size_t n;        /* members with a code this deep */
} level_vote;

static int by_code(const void *pa, const void *pb)
{
    return strcmp(*(const char *const *)pa, *(const char *const *)pb);
}

/* The most common group of codes[0..n) at each level, and how many members
 * the others' vote gets right (the top group when it leads by two or
 * more: a member of it left out leaves it still in front). */
static void count_levels(const char **codes, size_t n, level_vote v[5])
{
    qsort(codes, n, sizeof *codes, by_code); /* groups are runs at every level */
    for (size_t level = 1; level <= 4; level++) {
        size_t best = 0, second = 0, total = 0;
        v[level].top[0] = '\0';
        for (size_t i = 0; i < n;) {
            size_t j = i;
            if (strlen(codes[i]) < level) {
                i++;
                continue;
            }
            while (j < n && strlen(codes[j]) >= level && strncmp(codes[j], codes[i], level) == 0)
                j++;
            size_t run = j - i;
            total += run;
            if (run > best) {
                second = best;
                best = run;
                memcpy(v[level].top, codes[i], level);
                v[level].top[level] = '\0';
            } else if (run > second) {
                second = run;
            }
            i = j;
        }
        v[level].n = total;
        v[level].a = best >= second + 2 ? best : 0;
    }
}

/* The deepest level whose p reaches the threshold (else the level with the
 * highest p) as a reading. */
static void choose_level(const nm_comp_matcher *m, const level_vote v[5], const double g[5],
                         double a, nm_comp_rule rule, const char *via, nmc_cand *out)
{
    nmc_cand any;
    memset(&any, 0, sizeof any);
    any.p = -1;
    for (size_t level = 4; level >= 2; level--) {
        if (!v[level].n || !v[level].top[0])
            continue;
        double p = ((double)v[level].a + a * g[level]) / ((double)v[level].n + a);
        nmc_cand c;
        nmc_cand_set(&c, v[level].top, p, rule, via);
        if (p >= m->min_confidence - 1e-12) {
            *out = c;
            return;
        }
        if (p > any.p)
            any = c;
    }
    *out = any;
    if (out->p < 0)
        out->p = 0;
}

/* Two words are the same stem: "psykiatrisk"/"psykiatri", "skogsbruk"/"skogs". */
static int same_stem(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 4 && a[la - 1] == 's')
        la--;
    if (lb > 4 && b[lb - 1] == 's')
        lb--;
    size_t cp = nmc_prefix_len(a, b);
    size_t shorter = la < lb ? la : lb;
    if (cp > shorter)
        cp = shorter;
    return (la == lb && cp == la) || (cp >= 4 && cp + 1 >= shorter);
}

/* Two words are the same word written differently: the same but for a
 * linking s ("fordon"/"fordons") or, from five letters on, one letter. */
static int same_word(const char *a, const char *b)
{
    size_t la = strlen(a), lb = strlen(b);
    if (la > 4 && a[la - 1] == 's')
        la--;
    if (lb > 4 && b[lb - 1] == 's')
        lb--;
    if (la == lb && memcmp(a, b, la) == 0)
        return 1;
    if (la < 5 || lb < 5 || (la > lb ? la - lb : lb - la) > 1 || la >= NMC_FZ_MAX || lb >= NMC_FZ_MAX)
        return 0;
    uint32_t x[NMC_FZ_MAX], y[NMC_FZ_MAX];
    for (size_t i = 0; i < la; i++)
        x[i] = (unsigned char)a[i];
    for (size_t i = 0; i < lb; i++)
        y[i] = (unsigned char)b[i];
    return nmc_distance(x, la, y, lb, 1) <= 1;
}

typedef struct overlap_t {
    size_t hits;     /* the member's modifier words the text shares */
    size_t extra;    /* the member's modifier words the text lacks */
    size_t strong;   /* hits that are the same word, not just the same stem */
    size_t used;     /* the text's words that matched */
} overlap_t;

/* What the words ws share with the member's modifier words. */
static overlap_t overlap(const nm_comp_matcher *m, const member *mb, const char *const *ws,
                         size_t nw)
{
    const nmc_rules *R = m->shared->rules;
    const char *mods = R->fpool.data + mb->mods;
    overlap_t o = {0, 0, 0, 0};
    unsigned used = 0;
    char w[NM_SV_WORD_MAX];
    for (const char *p = mods; *p;) {
        size_t n = strcspn(p, " ");
        if (n && n < sizeof w) {
            memcpy(w, p, n);
            w[n] = '\0';
            size_t i = 0;
            while (i < nw && !same_stem(ws[i], w))
                i++;
            if (i < nw) {
                o.hits++;
                o.strong += same_word(ws[i], w);
                used |= 1u << (i < 31 ? i : 31);
            } else {
                o.extra++;
            }
        }
        p += n + (p[n] == ' ');
    }
    for (size_t i = 0; i < nw && i < 32; i++)
        o.used += used >> i & 1;
    return o;
}

/* The text's words ws point elsewhere than code: titles of other families
 * that share a stem with them ("pappers", "massa") mostly lie off code's
 * path. */
static int elsewhere(const nm_comp_matcher *m, const char *const *ws, size_t nw,
                     const char *code)
{
    const nmc_rules *R = m->shared->rules;
    size_t on = 0, off = 0, cl = strlen(code);
    for (size_t i = 0; i < nw; i++) {
        if (strlen(ws[i]) < NMC_STEM)
            continue;
        void *v;
        const stem_codes *sc = nm_strmap_find_len(R->stems, ws[i], NMC_STEM, &v)
                                   ? v : NULL;
        for (size_t j = 0; sc && j < sc->n; j++) {
            if (strncmp(sc->code[j], code, cl) == 0)
                on++;
            else
                off++;
        }
    }
    return off >= 2 && off > on;
}

/* The code of the members of f whose modifiers only say how or when
 * ("biträdande") into t; 0 if there are none, or they differ. */
static int plain_member(const nm_comp_matcher *m, const family *f, const char *exclude,
                        target *t)
{
    const nmc_rules *R = m->shared->rules;
    int found = 0;
    for (size_t i = 0; f && i < f->n; i++) {
        const member *mb = &f->m[i];
        if (exclude && strcmp(R->fpool.data + mb->key, exclude) == 0)
            continue;
        int plain = 1;
        char w[NM_SV_WORD_MAX];
        for (const char *p = R->fpool.data + mb->mods; *p && plain;) {
            size_t n = strcspn(p, " ");
            if (n && n < sizeof w) {
                memcpy(w, p, n);
                w[n] = '\0';
                plain = nm_sv_is_modifier(w);
            }
            p += n + (p[n] == ' ');
        }
        if (!plain)
            continue;
        if (found && strcmp(t->code, mb->code) != 0)
            return 0;
        memset(t, 0, sizeof *t);
        memcpy(t->code, mb->code, sizeof t->code);
        found = 1;
    }
    return found;
}

/* The family of head says what the words ws (the text's words besides the
 * head) point to: the members sharing most of them, or, when none shares
 * any, the family as a whole. */
void nmc_family_reading(reader *r, const char *head, const target *root,
                           const char *const *ws, size_t nw, int neutral, nmc_cand *out)
{
    const nm_comp_matcher *m = r->m;
    const nmc_rules *R = m->shared->rules;
    const family *f = nm_strmap_get(R->families, head);
    memset(out, 0, sizeof *out);
    target plain;
    if (neutral && !root && plain_member(m, f, r->exclude, &plain))
        root = &plain; /* "Biträdande universitetslektor" stands for its head */
    if (neutral && root) { /* only "natt", "erfaren" ...: the head itself */
        nmc_cand_set(out, root->code, 0.97, NM_RULE_MODIFIER, head);
        return;
    }
    size_t n = f ? f->n : 0;
    const char **sel = nm_calloc(n + 1, sizeof *sel), **all = nm_calloc(n + 1, sizeof *all);
    size_t k = 0, na = 0;
    overlap_t best = {0, SIZE_MAX, 0, 0};
    const char *via = head;
    for (size_t i = 0; i < n; i++) {
        const member *mb = &f->m[i];
        if (r->exclude && strcmp(R->fpool.data + mb->key, r->exclude) == 0)
            continue;
        all[na++] = mb->code;
        overlap_t o = nw ? overlap(m, mb, ws, nw) : (overlap_t){0, 0, 0, 0};
        if (!o.hits)
            continue;
        if (o.hits > best.hits || (o.hits == best.hits && o.extra < best.extra) ||
            (o.hits == best.hits && o.extra == best.extra && o.strong > best.strong)) {
            best = o;
            k = 0;
        }
        if (o.hits == best.hits && o.extra == best.extra && o.strong == best.strong) {
            if (!k)
                via = R->fpool.data + mb->key;
            sel[k++] = mb->code;
        }
    }
    level_vote v[5];
    int variant = k && !best.extra && best.strong == best.hits && best.used == nw;
    if (k) {
        count_levels(sel, k, v);
        /* a lone member sharing the words: right as often as g says */
        for (size_t level = 1; level <= 4 && k == 1; level++)
            v[level].a = v[level].n;
        choose_level(m, v, variant ? VARIANT_G : EVIDENCE_G, EVIDENCE_A,
                     variant ? NM_RULE_VARIANT : NM_RULE_QUALIFIER, via, out);
    } else if (na) {
        count_levels(all, na, v);
        choose_level(m, v, R->family_g, FAMILY_A, NM_RULE_COMPOUND, head, out);
        if (out->code[0] && elsewhere(m, ws, nw, out->code))
            out->p *= 0.8;
    } else if (root) {
        nmc_cand_set(out, root->code, 0.5, NM_RULE_COMPOUND, head);
    }
    free(sel);
    free(all);
}

/* --- building the families --- */

static void pool_put(nm_buf *pool, const char *s)
{
    nm_buf_append(pool, s, strlen(s) + 1);
}

/* Note code under the stem of each modifier word in mods. */
static void add_stems(nm_comp_matcher *m, const char *mods, const char *code)
{
    nmc_rules *R = m->shared->rules;
    for (const char *p = mods; *p;) {
        size_t n = strcspn(p, " ");
        if (n >= NMC_STEM) {
            size_t i = nm_strmap_index_len(R->stems, p, NMC_STEM);
            stem_codes *sc = i == SIZE_MAX ? NULL : nm_strmap_value_at(R->stems, i);
            if (!sc) {
                sc = nm_calloc(1, sizeof *sc);
                nm_strmap_put_len(R->stems, p, NMC_STEM, sc);
            }
            NM_GROW(sc->code, sc->cap, sc->n + 1);
            snprintf(sc->code[sc->n++], 5, "%s", code);
        }
        p += n + (p[n] == ' ');
    }
}

/* Add the alternative p of a known title (key, code) to its head's family:
 * a title of one word to the family of its longest ending ("operations-
 * sjukskoterska" to "sjukskoterska"), a longer one to its last word's. */
static void add_member(nm_comp_matcher *m, const phrase *p, const char *key, const char *code)
{
    nmc_rules *R = m->shared->rules;
    if (!p->n)
        return;
    const char *last = p->w[p->n - 1];
    const char *hw = strrchr(last, ' ') ? strrchr(last, ' ') + 1 : last;
    char head[NM_SV_WORD_MAX], prefix[NM_SV_WORD_MAX];
    int alone = p->n == 1 && !p->nq && hw == last;
    if (!nmc_head_of(m, hw, alone, head, prefix)) {
        if (!alone)
            return;
        base_word(m, hw, head); /* the root of its own family */
        prefix[0] = '\0';
    }
    family *f = nm_strmap_get(R->families, head);
    if (!f) {
        f = nm_calloc(1, sizeof *f);
        nm_strmap_put(R->families, head, f);
    }
    NM_GROW(f->m, f->cap, f->n + 1);
    member *mb = &f->m[f->n++];
    memset(mb, 0, sizeof *mb);
    snprintf(mb->code, sizeof mb->code, "%s", code);
    mb->key = (uint32_t)R->fpool.len;
    pool_put(&R->fpool, key);
    mb->mods = (uint32_t)R->fpool.len;
    nm_buf *pool = &R->fpool; /* the modifier words, each followed by a space */
    if (prefix[0]) {
        nm_buf_puts(pool, prefix);
        nm_buf_putc(pool, ' ');
    }
    if (hw != last)
        nm_buf_append(pool, last, (size_t)(hw - last));
    for (size_t i = 0; i + 1 < p->n; i++) {
        nm_buf_puts(pool, p->w[i]);
        nm_buf_putc(pool, ' ');
    }
    for (size_t i = 0; i < p->nq; i++) {
        nm_buf_puts(pool, p->q[i]);
        nm_buf_putc(pool, ' ');
    }
    nm_buf_putc(pool, '\0');
    add_stems(m, R->fpool.data + mb->mods, code);
}

/* The rules' family_g: over all families, the share of members that the others'
 * most common group gets right, per level. */
static void measure_families(nm_comp_matcher *m)
{
    nmc_rules *R = m->shared->rules;
    size_t right[5] = {0}, total[5] = {0};
    for (size_t i = 0; i < nm_strmap_count(R->families); i++) {
        const family *f = nm_strmap_value_at(R->families, i);
        const char **codes = nm_calloc(f->n + 1, sizeof *codes);
        for (size_t j = 0; j < f->n; j++)
            codes[j] = f->m[j].code;
        level_vote v[5];
        count_levels(codes, f->n, v);
        for (size_t level = 1; level <= 4; level++)
            if (v[level].n >= 2) {
                right[level] += v[level].a;
                total[level] += v[level].n;
            }
        free(codes);
    }
    for (size_t level = 1; level <= 4; level++)
        R->family_g[level] = total[level] ? (double)right[level] / (double)total[level] : 0;
}

/* Each "A/B" title's names, as keys of their own. */
static void add_parts(nm_comp_matcher *m, const parsed *P, const target *t)
{
    nmc_rules *R = m->shared->rules;
    nm_buf k = {0};
    for (size_t i = 0; i < P->nalt && P->nalt > 1; i++) {
        const phrase *p = &P->alt[i];
        if (p->nq || p->dropped)
            continue;
        nmc_join(p->w, p->n, &k);
        target *pt = nm_strmap_get(R->parts, k.data);
        if (!pt) {
            pt = nm_calloc(1, sizeof *pt);
            *pt = *t;
            pt->label = NULL;
            nm_strmap_put(R->parts, k.data, pt);
        } else {
            size_t c = nmc_prefix_len(pt->code, t->code);
            if (c < strlen(pt->code) && c < strlen(t->code))
                pt->code[c] = '\0';
        }
    }
    nm_buf_free(&k);
}

/* Every word of the known titles' keys: what heads can be. */
static void add_words(nm_comp_matcher *m)
{
    nmc_rules *R = m->shared->rules;
    for (size_t i = 0; i < m->nknown; i++) {
        const target *t = nm_strmap_get(m->index, m->known[i].key);
        if (!t || !t->code[0] || m->known[i].english)
            continue;
        for (const char *w = m->known[i].key; *w;) {
            size_t n = strcspn(w, " ");
            if (n >= NMC_MIN_HEAD && n < NM_SV_WORD_MAX) {
                char buf[NM_SV_WORD_MAX];
                memcpy(buf, w, n);
                buf[n] = '\0';
                if (!nm_sv_is_modifier(buf) && !nm_sv_is_stop_word(buf) &&
                    nm_strmap_index_len(R->words, w, n) == SIZE_MAX) {
                    nm_strmap_put_len(R->words, w, n, NULL);
                    add_ending(m, w, n);
                }
            }
            w += n + (w[n] == ' ');
        }
    }
}

/* Known text k (target t) into its families, and its letters (at most
 * NMC_FZ_MAX) into pts: how many.  P is scratch. */
static size_t add_known(nm_comp_matcher *m, const known *k, const target *t, parsed *P,
                        uint32_t *pts)
{
    if (!strchr(k->key, ' ') && !strpbrk(k->text, ",;:/&+|()[]")) {
        phrase one; /* one word: no need to split it */
        memset(&one, 0, sizeof one);
        one.w[0] = one.wf[0] = k->key;
        one.n = 1;
        add_member(m, &one, k->key, t->code);
        return nmc_points(k->text, pts, NMC_FZ_MAX);
    }
    nmc_parse(k->text, P);
    add_parts(m, P, t);
    for (size_t a = 0; a < P->nalt; a++)
        add_member(m, &P->alt[a], k->key, t->code);
    return nmc_points_folded(P->t.fold.data, pts, NMC_FZ_MAX);
}

static void build_rules(nm_comp_matcher *m)
{
    m->shared->rules = nm_calloc(1, sizeof *m->shared->rules);
    nmc_rules *R = m->shared->rules;
    R->families = nm_strmap_new();
    R->parts = nm_strmap_new();
    R->words = nm_strmap_new();
    R->endings = nm_strmap_new();
    R->stems = nm_strmap_new();
    add_words(m);
    uint32_t pts[NMC_FZ_MAX];
    size_t cap = 0;
    parsed *P = nm_calloc(1, sizeof *P);
    R->fz_at = nm_calloc(m->nknown + 1, sizeof *R->fz_at);
    for (size_t i = 0; i < m->nknown; i++) {
        const known *k = &m->known[i];
        const target *t = k->english ? NULL : nm_strmap_get(m->index, k->key);
        size_t n = t && t->code[0] ? add_known(m, k, t, P, pts) : 0;
        if (n >= NMC_FZ_MAX)
            n = 0;
        NM_GROW(R->fz, cap, R->fz_at[i] + n + 1);
        memcpy(R->fz + R->fz_at[i], pts, n * sizeof *pts);
        R->fz_at[i + 1] = R->fz_at[i] + n;
    }
    nm_sv_title_free(&P->t);
    free(P);
    measure_families(m);
}

static void free_rules(nmc_rules *R)
{
    if (!R)
        return;
    for (size_t i = 0; i < nm_strmap_count(R->families); i++) {
        family *f = nm_strmap_value_at(R->families, i);
        free(f->m);
        free(f);
    }
    for (size_t i = 0; i < nm_strmap_count(R->parts); i++)
        free(nm_strmap_value_at(R->parts, i));
    for (size_t i = 0; i < nm_strmap_count(R->stems); i++) {
        stem_codes *sc = nm_strmap_value_at(R->stems, i);
        free(sc->code);
        free(sc);
    }
    nm_strmap_free(R->stems);
    nm_strmap_free(R->families);
    nm_strmap_free(R->parts);
    nm_strmap_free(R->words);
    nm_strmap_free(R->endings);
    nm_buf_free(&R->fpool);
    free(R->fz);
    free(R->fz_at);
    free(R);
}

const nmc_rules *nmc_rules_of(const nm_comp_matcher *m)
{
    nmc_shared *sh = m->shared;
    pthread_mutex_lock(&sh->lock);
    if (!sh->rules)
        build_rules((nm_comp_matcher *)m); /* writes only m->shared */
    pthread_mutex_unlock(&sh->lock);
    return sh->rules;
}

void nmc_rules_reset(nm_comp_matcher *m)
{
    free_rules(m->shared->rules);
    m->shared->rules = NULL;
}
