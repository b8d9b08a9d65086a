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

/* --- readings of one phrase --- */

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
 * differing ones their common group; an alternative not read lowers p.
 * When some alternative is read surely (min), a guess below min for
 * another counts as not read: "Arborist/Trädvårdare" is an arborist
 * (6113), not the common group of 6113 and a guess by the last word
 * ("-vårdare", 53), which has none. */
static void combine(const nmc_cand *alts, size_t n, double min, nmc_cand *out)
{
    *out = alts[0];
    if (n == 1)
        return;
    int sure = 0;
    for (size_t i = 0; i < n; i++)
        if (alts[i].code[0] && alts[i].p >= min)
            sure = 1;
    size_t read = 0;
    char common[5] = "";
    double pmax = 0;
    for (size_t i = 0; i < n; i++) {
        if (!alts[i].code[0] || (sure && alts[i].p < min))
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
        combine(alts, P.nalt, m->min_confidence, &out->best);
    if (P.nalt > 1)
        offer(&r, &out->best);
    nm_sv_title_free(&P.t);
}
