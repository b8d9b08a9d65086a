/* competence_read.c - reading an occupation text that is not known as it
 * stands, by its words.
 *
 * A text is split into alternatives ("A/B", "A och B"), each into a head
 * phrase and qualifiers (after a comma, in parentheses, after "till", "inom",
 * "i" ...); a count written into it ("Sjuksköterska 2") is taken out and
 * noted.  The head phrase loses words that say how or when someone works
 * ("erfaren", "natt"), abbreviations are written out, and it is looked up as
 * it stands, in a base form ("kockarna"), written differently ("lastbils
 * chaufför", "narkossköterska"), as a subject teacher, and finally by its
 * head word's family of known titles (competence_family.c) or, for a
 * misspelling, by edit distance (competence_edit.c).  Alternatives keep the
 * group they share.
 *
 * Every reading carries p, the estimated probability that its group is on
 * the text's true path (see competence_family.c and docs/ingest.md for how
 * the figures were measured); the matcher accepts the best reading when p
 * reaches its threshold. */
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

/* --- readings of one phrase --- */

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
            nmc_cand_set(out, t->code, 0.96, NM_RULE_SUBJECT, key);
            return 1;
        }
    }
    const target *t = nmc_lookup(r->m, "amneslarare", r->exclude);
    if (!t || !t->code[0])
        return 0;
    nmc_cand_set(out, t->code, 0.96, NM_RULE_SUBJECT, "amneslarare");
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

/* The head phrase as a known text: as it stands, in a base form
 * ("kockarna"), two words joined ("lastbils chauffor") or its last word
 * written as the lists write it ("narkosskoterska").  The key found goes to
 * k, how into *rule; NULL if none. */
static const target *known_form(reader *r, const phrase *p, nm_buf *k, nm_comp_rule *rule)
{
    const char *last = p->w[p->n - 1];
    nmc_join(p->w, p->n, k);
    const target *t = nmc_lookup(r->m, k->data, r->exclude);
    *rule = p->expanded ? NM_RULE_ABBREVIATION : p->dropped ? NM_RULE_MODIFIER : NM_RULE_NONE;
    char forms[9][NM_SV_WORD_MAX];
    size_t nf = 0;
    if (strlen(last) < NM_SV_WORD_MAX) {
        memcpy(forms[nf++], last, strlen(last) + 1);
        nf += nm_sv_base_forms(last, forms + 1, 8);
    }
    for (size_t f = 1; f < nf && !t; f++)
        if ((t = exact_with_last(r, p, forms[f], k)))
            *rule = NM_RULE_INFLECTION;
    static const char *const link[] = {"", "s"};
    for (size_t l = 0; l < 2 && !t && p->n == 2; l++) {
        nm_buf_reset(k);
        nm_buf_printf(k, "%s%s%s", p->w[0], link[l], p->w[1]);
        if ((t = nmc_lookup(r->m, k->data, r->exclude)) && t->code[0])
            *rule = NM_RULE_VARIANT;
        else
            t = NULL;
    }
    for (size_t f = 0; f < nf && !t; f++) {
        char vars[6][NM_SV_WORD_MAX];
        size_t nv = nm_sv_head_variants(forms[f], vars, 6);
        for (size_t v = 0; v < nv && !t; v++)
            if ((t = exact_with_last(r, p, vars[v], k)) && t->code[0])
                *rule = NM_RULE_VARIANT;
            else
                t = NULL;
    }
    return t;
}

/* A known head phrase t with qualifiers: a competence keeps its label
 * ("Digitalisering, grund"); the words together may be known
 * ("Undersköterska hemtjänst").  1 when *out was read so. */
static int known_with_qualifiers(reader *r, const phrase *p, const target *t, nmc_cand *out)
{
    if (!t->code[0] && t->label) {
        nmc_cand_set(out, "", 0.9, NM_RULE_QUALIFIER, t->label);
        out->label = t->label;
        return 1;
    }
    nm_buf all = {0};
    const char *both[2 * NMC_MAX_WORDS];
    size_t nb = 0;
    for (size_t i = 0; i < p->n; i++)
        both[nb++] = p->w[i];
    for (size_t i = 0; i < p->nq; i++)
        both[nb++] = p->q[i];
    nmc_join(both, nb, &all);
    const target *tq = nmc_lookup(r->m, all.data, r->exclude);
    int found = tq && tq->code[0];
    if (found)
        nmc_cand_set(out, tq->code, 0.97, NM_RULE_QUALIFIER, all.data);
    nm_buf_free(&all);
    return found;
}

/* The family of p's head word, with the other words of p. */
static void head_reading(reader *r, const phrase *p, nmc_cand *out)
{
    const char *last = p->w[p->n - 1];
    char head[NM_SV_WORD_MAX], prefix[NM_SV_WORD_MAX];
    const char *hw = strrchr(last, ' ') ? strrchr(last, ' ') + 1 : last;
    if (!nmc_head_of(r->m, hw, 0, head, prefix))
        return;
    const char *ws[2 * NMC_MAX_WORDS + 2];
    size_t nw = 0;
    int neutral = 1;
    if (prefix[0]) {
        ws[nw++] = prefix;
        neutral &= nm_sv_is_modifier_prefix(prefix, strlen(prefix));
    }
    char lastfront[NM_SV_WORD_MAX] = "";
    if (hw != last && (size_t)(hw - last) < sizeof lastfront) { /* a key with a space */
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
    const target *root = nmc_code_word(r->m, head, strlen(head), r->exclude);
    nmc_family_reading(r, head, root, ws, nw, neutral, out);
}

/* Read one alternative's head phrase and qualifiers. */
static void read_phrase(reader *r, const phrase *p, nmc_cand *out)
{
    memset(out, 0, sizeof *out);
    if (!p->n)
        return;
    nm_buf k = {0};
    nm_comp_rule rule;
    const target *t = known_form(r, p, &k, &rule);
    int done = 0;
    if (t && !p->nq) {
        nmc_cand_set(out, t->code, rule == NM_RULE_NONE      ? 1.0
                                   : rule == NM_RULE_VARIANT ? 0.95
                                                             : 0.97,
                     rule, k.data);
        if (rule == NM_RULE_NONE)
            out->how = t->how;
        out->label = t->label;
        done = 1;
    } else if (t) {
        done = known_with_qualifiers(r, p, t, out);
    }
    nm_buf_free(&k);
    if (!done && !subject_teacher(r, p, p->w[p->n - 1], out))
        head_reading(r, p, out);
}

/* --- the whole text --- */

/* Combine the readings of alternatives: agreeing ones keep their group,
 * differing ones their common group; an alternative not read lowers p. */
static void combine(const nmc_cand *alts, size_t n, nmc_cand *out)
{
    *out = alts[0];
    if (n == 1)
        return;
    size_t read = 0;
    char common[5] = "";
    double pmax = 0;
    for (size_t i = 0; i < n; i++) {
        if (!alts[i].code[0])
            continue;
        if (!read++) {
            memcpy(common, alts[i].code, 5);
            *out = alts[i];
        } else {
            common[nmc_prefix_len(common, alts[i].code)] = '\0';
        }
        if (alts[i].p > pmax)
            pmax = alts[i].p;
    }
    if (!read)
        return;
    snprintf(out->code, sizeof out->code, "%s", common);
    out->p = common[0] ? pmax * (read < n ? 0.9 : 1.0) : 0;
    out->how = NM_MATCH_FUZZY;
    out->label = NULL;
    out->rule = NM_RULE_ALTERNATIVES;
}

/* Write out the abbreviations among p's words ("ssk", "spec"): all of them
 * in a phrase, a lone word only when it is not known as it stands. */
static void expand_abbreviations(const reader *r, phrase *p)
{
    for (size_t j = 0; j < p->n; j++) {
        const char *full = nm_sv_abbreviation(p->w[j]);
        if (full && (p->n > 1 || !nmc_lookup(r->m, p->w[j], r->exclude))) {
            p->w[j] = p->wf[j] = full;
            p->expanded = 1;
        }
    }
}

/* p as a misspelling of a known text, also in its base form
 * ("taxichafförer"), into e. */
static void misspelling(reader *r, const phrase *p, nmc_cand *e)
{
    nm_buf k = {0};
    memset(e, 0, sizeof *e);
    nmc_join(p->wf, p->n, &k);
    nmc_fuzzy(r, k.data, e);
    nm_buf_free(&k);
    char forms[2][NM_SV_WORD_MAX];
    if (p->n == 1 && e->p < r->m->min_confidence && nm_sv_base_forms(p->wf[0], forms, 1) == 1) {
        nmc_cand e2;
        memset(&e2, 0, sizeof e2);
        nmc_fuzzy(r, forms[0], &e2);
        if (e2.p > e->p)
            *e = e2;
    }
}

/* Read one alternative: a name of a known "A/B" title, by rules, or, when
 * that is not sure enough and p is no word of a known title, as a
 * misspelling. */
static void read_alternative(reader *r, const nmc_rules *R, phrase *p, nmc_cand *out)
{
    const nm_comp_matcher *m = r->m;
    expand_abbreviations(r, p);
    nm_buf k = {0};
    nmc_join(p->w, p->n, &k);
    const target *part = nmc_lookup(m, k.data, r->exclude) ? NULL
                         : nm_strmap_get(R->parts, k.data);
    if (part && !p->nq && (!r->exclude || strcmp(k.data, r->exclude) != 0))
        nmc_cand_set(out, part->code, 0.97, NM_RULE_PART, k.data);
    else
        read_phrase(r, p, out);
    nm_buf_free(&k);
    char head[NM_SV_WORD_MAX], prefix[NM_SV_WORD_MAX];
    int known_word = p->n == 1 && nmc_head_of(m, p->w[0], 0, head, prefix) && !prefix[0];
    if (out->p < m->min_confidence && !out->label && !p->nq && !known_word) {
        nmc_cand e;
        misspelling(r, p, &e);
        offer(r, out);
        offer(r, &e);
        if (e.p > out->p)
            *out = e;
    }
    offer(r, out);
}

void nmc_read(const nm_comp_matcher *m, const char *text, const char *exclude,
              nmc_reading *out)
{
    memset(out, 0, sizeof *out);
    const nmc_rules *R = nmc_rules_of(m);
    parsed P;
    memset(&P.t, 0, sizeof P.t);
    nmc_parse(text, &P);
    out->note = P.number ? NM_COMP_NOTE_NUMBER : NM_COMP_NOTE_NONE;
    reader r = {m, exclude, out};
    nmc_cand alts[8];
    memset(alts, 0, sizeof alts);
    for (size_t i = 0; i < P.nalt; i++)
        read_alternative(&r, R, &P.alt[i], &alts[i]);
    if (P.nalt)
        combine(alts, P.nalt, &out->best);
    if (P.nalt > 1)
        offer(&r, &out->best);
    nm_sv_title_free(&P.t);
}
