/* competence_text.c - the occupation matcher's lowest part: a text in
 * parts (alternatives, head phrase, qualifiers, a count taken out) and the
 * small helpers every reading uses (candidates, joined words, common
 * prefixes).  Calls no other part of the matcher. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "competence_parts.h"
#include "needmap/alloc.h"
#include "needmap/swedish.h"
#include "needmap/text.h"

/* --- small helpers --- */

size_t nmc_prefix_len(const char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i])
        i++;
    return i;
}

void nmc_cand_set(nmc_cand *c, const char *code, double p, nm_comp_rule rule,
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

/* --- a title in parts --- */

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
    if (*n < NMC_MAX_WORDS && w[0])
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
            else if (t->tok[i].kind == NM_SV_WORD && !depth && cur.n < NMC_MAX_WORDS) {
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
void nmc_parse(const char *text, parsed *P)
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

/* Words joined with single spaces (always a string, "" for none). */
void nmc_join(const char *const *w, size_t n, nm_buf *out)
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
