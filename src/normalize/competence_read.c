/* competence_read.c - reading an occupation text that is not known as it
 * stands: by its words, against families of known titles, and by edit
 * distance.
 *
 * A text is split into alternatives ("A/B", "A och B"), each into a head
 * phrase and qualifiers (after a comma, in parentheses, after "till", "inom",
 * "i" ...).  The head phrase loses words that say how or when someone works
 * ("erfaren", "natt"), abbreviations are written out, and its last word is
 * the head: the word itself when known (plural and definite forms brought
 * back to the base form), else its longest known ending ("smartsjukskoterska"
 * -> "sjukskoterska").  The head's family of known titles then says what the
 * rest of the words point to (see family_reading).
 *
 * Every reading carries p, the estimated probability that its group is on
 * the text's true path.  For family readings p is the share of the family's
 * titles that agree, smoothed towards what such readings achieve over the
 * whole dictionary (the g and a constants below, measured as documented in
 * docs/ingest.md); the deepest SSYK level whose p reaches the threshold is
 * the reading. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "competence_parts.h"
#include "needmap/alloc.h"
#include "needmap/swedish.h"
#include "needmap/text.h"

enum { MAX_WORDS = 24, MIN_HEAD = 4, MIN_PREFIX = 2, FZ_WORD = 64, STEM = 5 };

static size_t distance(const uint32_t *x, size_t n, const uint32_t *y, size_t m, size_t max);

/* --- small helpers --- */

static size_t prefix_len(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i])
        i++;
    return i;
}

static void cand_set(nmc_cand *c, const char *code, double p, nm_comp_rule rule,
                     const char *via)
{
    memset(c, 0, sizeof *c);
    snprintf(c->code, sizeof c->code, "%s", code);
    c->p = p;
    c->rule = (uint8_t)rule;
    c->how = NM_MATCH_FUZZY;
    size_t n = via ? strlen(via) : 0; /* a long known text is cut: it is only shown */
    if (n >= sizeof c->via)
        n = sizeof c->via - 1;
    memcpy(c->via, via ? via : "", n);
    c->via[n] = '\0';
}

/* A single-word key that names an occupation (a code, not a competence). */
static const target *code_word(const nm_comp_matcher *m, const char *w, size_t len,
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
    void *v;
    return len && nm_strmap_find_len(m->shared->rules->words, w, len, &v);
}

enum { ENDING = 4 };

/* Bit L set when a word of L bytes ends in the last ENDING bytes of s (n
 * bytes): the only lengths an ending of s that is a word can have. */
static uint64_t word_lengths(const nm_comp_matcher *m, const char *s, size_t n)
{
    void *v;
    if (n < ENDING || !nm_strmap_find_len(m->shared->rules->endings, s + n - ENDING, ENDING, &v))
        return 0;
    return (uint64_t)(uintptr_t)v;
}

static void add_ending(nm_comp_matcher *m, const char *w, size_t n)
{
    if (n < ENDING || n >= 64)
        return;
    size_t i = nm_strmap_index_len(m->shared->rules->endings, w + n - ENDING, ENDING);
    uint64_t mask = i == SIZE_MAX ? 0 : (uint64_t)(uintptr_t)nm_strmap_value_at(m->shared->rules->endings, i);
    mask |= (uint64_t)1 << n;
    if (i == SIZE_MAX)
        nm_strmap_put_len(m->shared->rules->endings, w + n - ENDING, ENDING, (void *)(uintptr_t)mask);
    else
        nm_strmap_set_value_at(m->shared->rules->endings, i, (void *)(uintptr_t)mask);
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
static int head_of(const nm_comp_matcher *m, const char *word, int proper,
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
        for (size_t i = MIN_PREFIX; i + MIN_HEAD <= fl && lengths; i++) {
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

/* --- a title in parts --- */

typedef struct phrase {
    const char *w[MAX_WORDS];   /* head phrase words (keys), in order */
    const char *wf[MAX_WORDS];  /* the same as written (diacritics kept) */
    size_t n;
    const char *q[MAX_WORDS];   /* qualifier words */
    size_t nq;
    int dropped;                /* words were dropped as modifiers */
    int expanded;               /* an abbreviation was written out */
} phrase;

typedef struct parsed {
    nm_sv_title t;
    phrase alt[8];              /* the alternatives */
    size_t nalt;
    int number;                 /* a count was taken out of the text */
} parsed;

/* Take a count out of the words [*lo, *hi): "2", "2 st", "x 2", "(2)" at
 * either end.  Returns 1 when one was found. */
static int strip_count(const nm_sv_title *t, size_t *lo, size_t *hi)
{
    int found = 0;
    for (int again = 1; again && *hi > *lo;) {
        again = 0;
        size_t a = *lo, b = *hi;
        while (b > a && t->tok[b - 1].kind == NM_SV_CLOSE)
            b--;
        while (b > a && t->tok[b - 1].kind == NM_SV_WORD &&
               (nm_sv_is_count_unit(nm_sv_word(t, b - 1)) ||
                strcmp(nm_sv_word(t, b - 1), "x") == 0))
            b--;
        if (b > a && t->tok[b - 1].kind == NM_SV_WORD && nm_sv_is_number(nm_sv_word(t, b - 1))) {
            b--;
            while (b > a && (t->tok[b - 1].kind == NM_SV_OPEN || t->tok[b - 1].kind == NM_SV_COMMA ||
                             strcmp(nm_sv_word(t, b - 1), "x") == 0))
                b--;
            if (b > a) {
                *hi = b;
                found = again = 1;
                continue;
            }
        }
        a = *lo;
        b = *hi;
        if (t->tok[a].kind == NM_SV_WORD && nm_sv_is_number(nm_sv_word(t, a)) && a + 1 < b) {
            a++;
            while (a < b && t->tok[a].kind == NM_SV_WORD &&
                   (nm_sv_is_count_unit(nm_sv_word(t, a)) || strcmp(nm_sv_word(t, a), "x") == 0))
                a++;
            if (a < b) {
                *lo = a;
                found = again = 1;
            }
        }
    }
    return found;
}

static void add_word(const char **v, size_t *n, const char *w)
{
    if (*n < MAX_WORDS && w[0])
        v[(*n)++] = w;
}

/* Split the head part of one alternative at "och"/"eller" (not after
 * "halso-"), dropping modifiers, and add the pieces to P. */
static void add_heads(parsed *P, const nm_sv_title *t, size_t a, size_t b, const phrase *base)
{
    phrase cur = *base;
    cur.n = 0;
    int depth = 0;
    for (size_t i = a; i <= b; i++) {
        int cut = i == b || (!depth && t->tok[i].kind == NM_SV_WORD &&
                             nm_sv_is_conjunction(nm_sv_word(t, i)) && i > a &&
                             !t->tok[i - 1].ellipsis && i + 1 < b);
        if (!cut) {
            if (t->tok[i].kind == NM_SV_OPEN)
                depth++;
            else if (t->tok[i].kind == NM_SV_CLOSE && depth)
                depth--;
            else if (t->tok[i].kind == NM_SV_WORD && !depth && cur.n < MAX_WORDS) {
                cur.wf[cur.n] = nm_sv_written(t, i);
                add_word(cur.w, &cur.n, nm_sv_word(t, i));
            }
            continue;
        }
        if (cur.n && P->nalt < 8)
            P->alt[P->nalt++] = cur;
        cur.n = 0;
    }
}

/* Drop modifiers at both ends of p's head words (never the last word left). */
static void drop_modifiers(phrase *p)
{
    size_t lo = 0, hi = p->n;
    while (hi - lo > 1 && nm_sv_is_modifier(p->w[lo]))
        lo++;
    while (hi - lo > 1 && nm_sv_is_modifier(p->w[hi - 1]))
        hi--;
    p->dropped |= lo > 0 || hi < p->n;
    memmove(p->w, p->w + lo, (hi - lo) * sizeof *p->w);
    memmove(p->wf, p->wf + lo, (hi - lo) * sizeof *p->wf);
    p->n = hi - lo;
}

/* One alternative, the tokens [a, b): head part, qualifiers. */
static void parse_alternative(parsed *P, const nm_sv_title *t, size_t a, size_t b)
{
    phrase base;
    memset(&base, 0, sizeof base);
    size_t head_end = b;
    int depth = 0;
    for (size_t i = a; i < b; i++) {
        const nm_sv_token *k = &t->tok[i];
        if (k->kind == NM_SV_OPEN)
            depth++;
        else if (k->kind == NM_SV_CLOSE && depth)
            depth--;
        else if (k->kind == NM_SV_COMMA && !depth && head_end == b)
            head_end = i;
        else if (k->kind == NM_SV_WORD && !depth && head_end == b && i > a &&
                 nm_sv_is_qualifier_word(nm_sv_word(t, i)))
            head_end = i;
        if (k->kind == NM_SV_WORD && (depth || i > head_end ||
                                      (i == head_end && !nm_sv_is_qualifier_word(nm_sv_word(t, i)))))
            if (!nm_sv_is_stop_word(nm_sv_word(t, i)) && !nm_sv_is_modifier(nm_sv_word(t, i)))
                add_word(base.q, &base.nq, nm_sv_word(t, i));
    }
    size_t first = P->nalt;
    add_heads(P, t, a, head_end, &base);
    for (size_t k = first; k < P->nalt; k++)
        drop_modifiers(&P->alt[k]);
}

/* Parse text into *P; P->t must be a valid (possibly used) title, which is
 * reused. */
static void parse(const char *text, parsed *P)
{
    nm_sv_title t0 = P->t;
    memset(P, 0, sizeof *P);
    P->t = t0;
    nm_sv_split(text, &P->t);
    const nm_sv_title *t = &P->t;
    size_t lo = 0, hi = t->n;
    P->number = hi > lo && strip_count(t, &lo, &hi);
    size_t start = lo;
    int depth = 0;
    for (size_t i = lo; i <= hi; i++) {
        if (i < hi && t->tok[i].kind == NM_SV_OPEN)
            depth++;
        if (i < hi && t->tok[i].kind == NM_SV_CLOSE && depth)
            depth--;
        if (i == hi || (t->tok[i].kind == NM_SV_ALT && !depth)) {
            if (i > start)
                parse_alternative(P, t, start, i);
            start = i + 1;
        }
    }
}

/* --- readings of one phrase --- */

typedef struct reader {
    const nm_comp_matcher *m;
    const char *exclude;
    nmc_reading *out;
} reader;

static void join(const char *const *w, size_t n, nm_buf *out)
{
    nm_buf_reset(out);
    for (size_t i = 0; i < n; i++) {
        if (i)
            nm_buf_putc(out, ' ');
        nm_buf_puts(out, w[i]);
    }
    if (!out->data)
        nm_buf_append(out, "", 0);
}

/* Keep c among the reader's candidates (best first, distinct codes). */
static void offer(reader *r, const nmc_cand *c)
{
    nmc_reading *o = r->out;
    if (!c->code[0] && !c->label)
        return;
    for (size_t i = 0; i < o->ncand; i++)
        if (strcmp(o->cand[i].code, c->code) == 0) {
            if (c->p > o->cand[i].p)
                o->cand[i] = *c;
            goto sort;
        }
    if (o->ncand < NMC_MAX_CANDS)
        o->cand[o->ncand++] = *c;
    else if (c->p > o->cand[o->ncand - 1].p)
        o->cand[o->ncand - 1] = *c;
sort:
    for (size_t i = 1; i < o->ncand; i++)
        for (size_t j = i; j > 0 && o->cand[j].p > o->cand[j - 1].p; j--) {
            nmc_cand tmp = o->cand[j];
            o->cand[j] = o->cand[j - 1];
            o->cand[j - 1] = tmp;
        }
}

/* Readings from a family rest on how well its most common group predicts
 * a member left out (leave-one-out): p = (a + A * g) / (n + A) where n
 * members, a of them right when left out, and g that precision over all
 * families of the dictionary (m->shared->rules->family_g), so that a family of two says
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
        cand_set(&c, v[level].top, p, rule, via);
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
    size_t cp = prefix_len(a, b);
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
    if (la < 5 || lb < 5 || (la > lb ? la - lb : lb - la) > 1 || la >= FZ_WORD || lb >= FZ_WORD)
        return 0;
    uint32_t x[FZ_WORD], y[FZ_WORD];
    for (size_t i = 0; i < la; i++)
        x[i] = (unsigned char)a[i];
    for (size_t i = 0; i < lb; i++)
        y[i] = (unsigned char)b[i];
    return distance(x, la, y, lb, 1) <= 1;
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
    const char *mods = m->shared->rules->fpool.data + mb->mods;
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
    size_t on = 0, off = 0, cl = strlen(code);
    for (size_t i = 0; i < nw; i++) {
        if (strlen(ws[i]) < STEM)
            continue;
        void *v;
        const stem_codes *sc = nm_strmap_find_len(m->shared->rules->stems, ws[i], STEM, &v)
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

/* The family of head says what the words ws (the text's words besides the
 * head) point to: the members sharing most of them, or, when none shares
 * any, the family as a whole. */
static void family_reading(reader *r, const char *head, const target *root,
                           const char *const *ws, size_t nw, int neutral, nmc_cand *out)
{
    const nm_comp_matcher *m = r->m;
    const family *f = nm_strmap_get(m->shared->rules->families, head);
    memset(out, 0, sizeof *out);
    if (neutral && root) { /* only "natt", "erfaren" ...: the head itself */
        cand_set(out, root->code, 0.97, NM_RULE_MODIFIER, head);
        return;
    }
    size_t n = f ? f->n : 0;
    const char **sel = nm_calloc(n + 1, sizeof *sel), **all = nm_calloc(n + 1, sizeof *all);
    size_t k = 0, na = 0;
    overlap_t best = {0, SIZE_MAX, 0, 0};
    const char *via = head;
    for (size_t i = 0; i < n; i++) {
        const member *mb = &f->m[i];
        if (r->exclude && strcmp(m->shared->rules->fpool.data + mb->key, r->exclude) == 0)
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
                via = m->shared->rules->fpool.data + mb->key;
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
        choose_level(m, v, m->shared->rules->family_g, FAMILY_A, NM_RULE_COMPOUND, head, out);
        if (out->code[0] && elsewhere(m, ws, nw, out->code))
            out->p *= 0.8;
    } else if (root) {
        cand_set(out, root->code, 0.5, NM_RULE_COMPOUND, head);
    }
    free(sel);
    free(all);
}

/* A subject teacher: "lärare i matematik", "mattelärare", "lärare svenska". */
static int subject_teacher(reader *r, const phrase *p, const char *headword, nmc_cand *out)
{
    size_t n = strlen(headword);
    static const char lar[] = "larare";
    if (n < 6 || strcmp(headword + n - 6, lar) != 0)
        return 0;
    const char *subject = NULL;
    char buf[NM_SV_WORD_MAX];
    if (n > 6 && nm_sv_is_subject(headword, n - 6) && n - 6 < sizeof buf) {
        memcpy(buf, headword, n - 6);
        buf[n - 6] = '\0';
        subject = buf;
    }
    for (size_t i = 0; !subject && i < p->nq; i++)
        if (nm_sv_is_subject(p->q[i], strlen(p->q[i])))
            subject = p->q[i];
    for (size_t i = 0; !subject && i + 1 < p->n; i++)
        if (nm_sv_is_subject(p->w[i], strlen(p->w[i])))
            subject = p->w[i];
    if (!subject)
        return 0;
    static const char *const link[] = {"", "s"};
    for (size_t l = 0; l < 2; l++) { /* "musiklarare", "idrottslarare" */
        char key[2 * NM_SV_WORD_MAX];
        snprintf(key, sizeof key, "%s%s%s", subject, link[l], lar);
        const target *t = nmc_lookup(r->m, key, r->exclude);
        if (t && t->code[0] && strcmp(key, headword) != 0) {
            cand_set(out, t->code, 0.96, NM_RULE_SUBJECT, key);
            return 1;
        }
    }
    const target *t = nmc_lookup(r->m, "amneslarare", r->exclude);
    if (!t || !t->code[0])
        return 0;
    cand_set(out, t->code, 0.96, NM_RULE_SUBJECT, "amneslarare");
    return 1;
}

/* The exact key of the head words with the last one replaced by w. */
static const target *exact_with_last(reader *r, const phrase *p, const char *w, nm_buf *k)
{
    nm_buf_reset(k);
    for (size_t i = 0; i + 1 < p->n; i++) {
        nm_buf_puts(k, p->w[i]);
        nm_buf_putc(k, ' ');
    }
    nm_buf_puts(k, w);
    return nmc_lookup(r->m, k->data, r->exclude);
}

/* Read one alternative. */
static void read_phrase(reader *r, const phrase *p, nmc_cand *out)
{
    memset(out, 0, sizeof *out);
    if (!p->n)
        return;
    nm_buf k = {0};
    const char *last = p->w[p->n - 1];
    /* the head phrase as it stands, or in a base form */
    join(p->w, p->n, &k);
    const target *t = nmc_lookup(r->m, k.data, r->exclude);
    nm_comp_rule rule = p->expanded ? NM_RULE_ABBREVIATION : p->dropped ? NM_RULE_MODIFIER
                                                                         : NM_RULE_NONE;
    char forms[9][NM_SV_WORD_MAX];
    size_t nf = 0;
    if (strlen(last) < NM_SV_WORD_MAX) {
        memcpy(forms[nf++], last, strlen(last) + 1);
        nf += nm_sv_base_forms(last, forms + 1, 8);
    }
    for (size_t f = 1; f < nf && !t; f++)
        if ((t = exact_with_last(r, p, forms[f], &k)))
            rule = NM_RULE_INFLECTION;
    if (!t && p->n == 2) { /* "specialist sjukskoterska", "lastbils chauffor" */
        static const char *const link[] = {"", "s"};
        for (size_t l = 0; l < 2 && !t; l++) {
            nm_buf_reset(&k);
            nm_buf_printf(&k, "%s%s%s", p->w[0], link[l], p->w[1]);
            if ((t = nmc_lookup(r->m, k.data, r->exclude)) && t->code[0])
                rule = NM_RULE_VARIANT;
            else
                t = NULL;
        }
        if (!t)
            join(p->w, p->n, &k);
    }
    for (size_t f = 0; f < nf && !t; f++) { /* "narkosskoterska", "kockpersonal" */
        char vars[6][NM_SV_WORD_MAX];
        size_t nv = nm_sv_head_variants(forms[f], vars, 6);
        for (size_t v = 0; v < nv && !t; v++)
            if ((t = exact_with_last(r, p, vars[v], &k)) && t->code[0])
                rule = NM_RULE_VARIANT;
            else
                t = NULL;
    }
    if (t && !p->nq) {
        cand_set(out, t->code, rule == NM_RULE_NONE ? 1.0 : rule == NM_RULE_VARIANT ? 0.95 : 0.97,
                 rule, k.data);
        if (rule == NM_RULE_NONE)
            out->how = t->how;
        out->label = t->label;
        nm_buf_free(&k);
        return;
    }
    if (t && p->nq && !t->code[0] && t->label) { /* "Digitalisering, grund" */
        cand_set(out, "", 0.9, NM_RULE_QUALIFIER, k.data);
        out->label = t->label;
        nm_buf_free(&k);
        return;
    }
    if (t && p->nq) { /* "Undersköterska hemtjänst": the words together */
        nm_buf all = {0};
        const char *both[2 * MAX_WORDS];
        size_t nb = 0;
        for (size_t i = 0; i < p->n; i++)
            both[nb++] = p->w[i];
        for (size_t i = 0; i < p->nq; i++)
            both[nb++] = p->q[i];
        join(both, nb, &all);
        const target *tq = nmc_lookup(r->m, all.data, r->exclude);
        if (tq && tq->code[0]) {
            cand_set(out, tq->code, 0.97, NM_RULE_QUALIFIER, all.data);
            nm_buf_free(&all);
            nm_buf_free(&k);
            return;
        }
        nm_buf_free(&all);
    }
    nm_buf_free(&k);
    if (subject_teacher(r, p, last, out))
        return;
    /* the family of the head word */
    char head[NM_SV_WORD_MAX], prefix[NM_SV_WORD_MAX];
    const char *hw = strrchr(last, ' ') ? strrchr(last, ' ') + 1 : last;
    if (!head_of(r->m, hw, 0, head, prefix))
        return;
    const char *ws[2 * MAX_WORDS + 2];
    size_t nw = 0;
    int neutral = 1;
    if (prefix[0]) {
        ws[nw++] = prefix;
        neutral &= nm_sv_is_modifier_prefix(prefix, strlen(prefix));
    }
    char lastfront[NM_SV_WORD_MAX] = "";
    if (hw != last && (size_t)(hw - last) < sizeof lastfront) { /* "ce chauffor" */
        memcpy(lastfront, last, (size_t)(hw - last - 1));
        lastfront[hw - last - 1] = '\0';
        ws[nw++] = lastfront;
        neutral = 0;
    }
    for (size_t i = 0; i + 1 < p->n; i++) {
        ws[nw++] = p->w[i];
        neutral &= nm_sv_is_modifier(p->w[i]);
    }
    for (size_t i = 0; i < p->nq; i++) {
        ws[nw++] = p->q[i];
        neutral = 0;
    }
    const target *root = code_word(r->m, head, strlen(head), r->exclude);
    family_reading(r, head, root, ws, nw, neutral, out);
}

/* --- edit distance --- */

/* Reading by edit distance against every known text (for misspellings):
 * only where it is safe, see fuzzy_p. */
static void fuzzy(reader *r, const char *text, nmc_cand *out);

/* --- the whole text --- */

/* Combine the readings of alternatives: agreeing ones keep their group,
 * differing ones their common group; an alternative not read lowers p. */
static void combine(const nm_comp_matcher *m, nmc_cand *alts, size_t n, nmc_cand *out)
{
    if (n == 1) {
        *out = alts[0];
        return;
    }
    size_t read = 0;
    *out = alts[0];
    char common[5] = "";
    double pmax = 0;
    for (size_t i = 0; i < n; i++) {
        if (!alts[i].code[0])
            continue;
        if (!read++) {
            memcpy(common, alts[i].code, 5);
            *out = alts[i];
        } else {
            common[prefix_len(common, alts[i].code)] = '\0';
        }
        if (alts[i].p > pmax)
            pmax = alts[i].p;
    }
    if (!read)
        return;
    (void)m;
    snprintf(out->code, sizeof out->code, "%s", common);
    out->p = pmax * (read < n ? 0.9 : 1.0);
    out->how = NM_MATCH_FUZZY;
    out->label = NULL;
    if (n > 1)
        out->rule = NM_RULE_ALTERNATIVES;
    if (!common[0])
        out->p = 0;
}

void nmc_read(const nm_comp_matcher *m, const char *text, const char *exclude,
              nmc_reading *out)
{
    memset(out, 0, sizeof *out);
    nmc_rules_of(m);
    parsed P;
    memset(&P.t, 0, sizeof P.t);
    parse(text, &P);
    out->note = P.number ? NM_COMP_NOTE_NUMBER : NM_COMP_NOTE_NONE;
    reader r = {m, exclude, out};
    nmc_cand alts[8];
    memset(alts, 0, sizeof alts);
    for (size_t i = 0; i < P.nalt; i++) {
        phrase *p = &P.alt[i];
        for (size_t j = 0; j < p->n; j++) {
            const char *full = nm_sv_abbreviation(p->w[j]);
            if (full && (p->n > 1 || !nmc_lookup(m, p->w[j], exclude))) {
                p->w[j] = p->wf[j] = full;
                p->expanded = 1;
            }
        }
        nm_buf k = {0};
        join(p->w, p->n, &k);
        const target *part = nmc_lookup(m, k.data, exclude) ? NULL
                             : nm_strmap_get(m->shared->rules->parts, k.data);
        if (part && !p->nq && (!exclude || strcmp(k.data, exclude) != 0)) {
            cand_set(&alts[i], part->code, 0.97, NM_RULE_PART, k.data);
        } else {
            read_phrase(&r, p, &alts[i]);
        }
        if (alts[i].p < m->min_confidence && !alts[i].label && !p->nq) {
            nmc_cand e; /* a misspelling of a known text? */
            memset(&e, 0, sizeof e);
            join(p->wf, p->n, &k);
            fuzzy(&r, k.data, &e);
            char forms[2][NM_SV_WORD_MAX];
            if (p->n == 1 && e.p < m->min_confidence &&
                nm_sv_base_forms(p->wf[0], forms, 1) == 1) { /* "taxichafforer" */
                nmc_cand e2;
                memset(&e2, 0, sizeof e2);
                fuzzy(&r, forms[0], &e2);
                if (e2.p > e.p)
                    e = e2;
            }
            offer(&r, &alts[i]);
            offer(&r, &e);
            if (e.p > alts[i].p)
                alts[i] = e;
        }
        nm_buf_free(&k);
        offer(&r, &alts[i]);
    }
    if (P.nalt)
        combine(m, alts, P.nalt, &out->best);
    if (P.nalt > 1)
        offer(&r, &out->best);
    nm_sv_title_free(&P.t);
}

/* --- edit distance, in detail --- */

/* Code points of s, lowercase with diacritics kept; punctuation a space. */
static size_t points_folded(const char *f, uint32_t *out, size_t max)
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

static size_t points(const char *s, uint32_t *out, size_t max)
{
    nm_buf f = {0};
    nm_text_fold(s, &f);
    size_t n = points_folded(f.data, out, max);
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

enum { FZ_MAX = 64 };

static size_t distance(const uint32_t *x, size_t n, const uint32_t *y, size_t m, size_t max)
{
    size_t d[3][FZ_MAX + 1];
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

static void fuzzy(reader *r, const char *key, nmc_cand *out)
{
    const nm_comp_matcher *m = r->m;
    uint32_t x[FZ_MAX];
    size_t n = points(key, x, FZ_MAX);
    if (n < 5 || n >= FZ_MAX)
        return;
    size_t best_d = 3, ties = 0;
    const target *best = NULL;
    const char *via = "";
    for (size_t i = 0; i < m->nknown; i++) {
        const uint32_t *y = m->shared->rules->fz + m->shared->rules->fz_at[i];
        size_t ml = m->shared->rules->fz_at[i + 1] - m->shared->rules->fz_at[i];
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
        size_t d = distance(x, n, y, ml, best_d);
        if (d < best_d) {
            best_d = d;
            best = t;
            ties = 0;
            via = k->key;
        } else if (d == best_d && best && prefix_len(best->code, t->code) < 3) {
            ties++;
        }
    }
    if (!best || best_d > 2)
        return;
    double p = fuzzy_p(best_d, n);
    if (ties)
        p *= 0.5;
    cand_set(out, best->code, p, NM_RULE_EDIT, via);
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
        if (n >= STEM) {
            size_t i = nm_strmap_index_len(R->stems, p, STEM);
            stem_codes *sc = i == SIZE_MAX ? NULL : nm_strmap_value_at(R->stems, i);
            if (!sc) {
                sc = nm_calloc(1, sizeof *sc);
                nm_strmap_put_len(R->stems, p, STEM, sc);
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
    if (!p->n)
        return;
    const char *last = p->w[p->n - 1];
    const char *hw = strrchr(last, ' ') ? strrchr(last, ' ') + 1 : last;
    char head[NM_SV_WORD_MAX], prefix[NM_SV_WORD_MAX];
    int alone = p->n == 1 && !p->nq && hw == last;
    if (!head_of(m, hw, alone, head, prefix)) {
        if (!alone)
            return;
        base_word(m, hw, head); /* the root of its own family */
        prefix[0] = '\0';
    }
    family *f = nm_strmap_get(m->shared->rules->families, head);
    if (!f) {
        f = nm_calloc(1, sizeof *f);
        nm_strmap_put(m->shared->rules->families, head, f);
    }
    NM_GROW(f->m, f->cap, f->n + 1);
    member *mb = &f->m[f->n++];
    memset(mb, 0, sizeof *mb);
    snprintf(mb->code, sizeof mb->code, "%s", code);
    mb->key = (uint32_t)m->shared->rules->fpool.len;
    pool_put(&m->shared->rules->fpool, key);
    mb->mods = (uint32_t)m->shared->rules->fpool.len;
    nm_buf *pool = &m->shared->rules->fpool; /* the modifier words, each followed by a space */
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
    add_stems(m, m->shared->rules->fpool.data + mb->mods, code);
}

/* m->shared->rules->family_g: over all families, the share of members that the others'
 * most common group gets right, per level. */
static void measure_families(nm_comp_matcher *m)
{
    size_t right[5] = {0}, total[5] = {0};
    for (size_t i = 0; i < nm_strmap_count(m->shared->rules->families); i++) {
        const family *f = nm_strmap_value_at(m->shared->rules->families, i);
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
        m->shared->rules->family_g[level] = total[level] ? (double)right[level] / (double)total[level] : 0;
}

/* Each "A/B" title's names, as keys of their own. */
static void add_parts(nm_comp_matcher *m, const parsed *P, const target *t)
{
    nm_buf k = {0};
    for (size_t i = 0; i < P->nalt && P->nalt > 1; i++) {
        const phrase *p = &P->alt[i];
        if (p->nq || p->dropped)
            continue;
        join(p->w, p->n, &k);
        target *pt = nm_strmap_get(m->shared->rules->parts, k.data);
        if (!pt) {
            pt = nm_calloc(1, sizeof *pt);
            *pt = *t;
            pt->label = NULL;
            nm_strmap_put(m->shared->rules->parts, k.data, pt);
        } else {
            size_t c = prefix_len(pt->code, t->code);
            if (c < strlen(pt->code) && c < strlen(t->code))
                pt->code[c] = '\0';
        }
    }
    nm_buf_free(&k);
}

static void build_rules(nm_comp_matcher *m)
{
    m->shared->rules = nm_calloc(1, sizeof *m->shared->rules);
    m->shared->rules->families = nm_strmap_new();
    m->shared->rules->parts = nm_strmap_new();
    m->shared->rules->words = nm_strmap_new();
    m->shared->rules->endings = nm_strmap_new();
    m->shared->rules->stems = nm_strmap_new();
    for (size_t i = 0; i < m->nknown; i++) { /* the words of the keys */
        const target *t = nm_strmap_get(m->index, m->known[i].key);
        if (!t || !t->code[0] || m->known[i].english)
            continue;
        for (const char *w = m->known[i].key; *w;) {
            size_t n = strcspn(w, " ");
            if (n >= MIN_HEAD && n < NM_SV_WORD_MAX) {
                char buf[NM_SV_WORD_MAX];
                memcpy(buf, w, n);
                buf[n] = '\0';
                if (!nm_sv_is_modifier(buf) && !nm_sv_is_stop_word(buf) &&
                    nm_strmap_index_len(m->shared->rules->words, w, n) == SIZE_MAX) {
                    nm_strmap_put_len(m->shared->rules->words, w, n, NULL);
                    add_ending(m, w, n);
                }
            }
            w += n + (w[n] == ' ');
        }
    }
    uint32_t pts[FZ_MAX];
    size_t cap = 0;
    parsed *P = nm_calloc(1, sizeof *P);
    m->shared->rules->fz_at = nm_calloc(m->nknown + 1, sizeof *m->shared->rules->fz_at);
    for (size_t i = 0; i < m->nknown; i++) {
        const known *k = &m->known[i];
        const target *t = k->english ? NULL : nm_strmap_get(m->index, k->key);
        size_t n = 0;
        if (t && t->code[0] && !strchr(k->key, ' ') && !strpbrk(k->text, ",;:/&+|()[]")) {
            phrase one; /* one word: no need to split it */
            memset(&one, 0, sizeof one);
            one.w[0] = one.wf[0] = k->key;
            one.n = 1;
            add_member(m, &one, k->key, t->code);
            n = points(k->text, pts, FZ_MAX);
        } else if (t && t->code[0]) {
            parse(k->text, P);
            add_parts(m, P, t);
            for (size_t a = 0; a < P->nalt; a++)
                add_member(m, &P->alt[a], k->key, t->code);
            n = points_folded(P->t.fold.data, pts, FZ_MAX);
        }
        if (n >= FZ_MAX)
            n = 0;
        NM_GROW(m->shared->rules->fz, cap, m->shared->rules->fz_at[i] + n + 1);
        memcpy(m->shared->rules->fz + m->shared->rules->fz_at[i], pts, n * sizeof *pts);
        m->shared->rules->fz_at[i + 1] = m->shared->rules->fz_at[i] + n;
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
