/* competence.c - occupation and competence text to SSYK 2012.
 *
 * One index maps lookup keys (nm_text_key) to a target: an SSYK code and
 * how it was known, or a canonical competence label.  When two sources give
 * the same key different codes, the more specific one wins if one code
 * contains the other (a label repeated on several levels); else the key
 * means their common group ("2341" and "2342" -> "234").  Texts not in the
 * index are read by rules (competence_read.c).  Results per distinct text
 * are cached, so a file with a million rows reads each spelling once. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "competence_parts.h"
#include "needmap/alloc.h"
#include "needmap/text.h"

typedef struct seen {
    nm_competence result;
    char *matched;       /* the known text an approximate match rests on, or NULL */
    uint64_t uses;
    uint64_t first_use;  /* order of its first use (peeks do not count) */
    uint64_t line;       /* where it was first used, if said (nm_comp_locate) */
    uint32_t col;
} seen;

static const char *intern(nm_comp_matcher *m, const char *s)
{
    size_t i = nm_strmap_index(m->labels, s);
    if (i == SIZE_MAX)
        i = nm_strmap_put(m->labels, s, NULL);
    return nm_strmap_key_at(m->labels, i);
}

static void common_prefix(char *a, const char *b)
{
    size_t i = 0;
    while (a[i] && a[i] == b[i])
        i++;
    a[i] = '\0';
}

/* Merge code into t: the more specific of two nested codes, else their
 * common group. */
static void merge_code(target *t, const char *code)
{
    size_t a = strlen(t->code), b = strlen(code);
    if (a && b && strncmp(t->code, code, a < b ? a : b) == 0) {
        if (b > a)
            memcpy(t->code, code, b + 1);
    } else if (a && b) {
        char merged[5];
        memcpy(merged, t->code, a + 1);
        common_prefix(merged, code);
        if (merged[0])
            memcpy(t->code, merged, strlen(merged) + 1);
    }
}

typedef enum add_mode { ADD_MERGE, ADD_OVERRIDE, ADD_IF_ABSENT, ADD_ENGLISH } add_mode;

static void add_key(nm_comp_matcher *m, const char *text, const char *code, const char *label,
                    nm_match_kind how, add_mode mode)
{
    nm_buf k = {0};
    nm_text_key(text, &k);
    if (k.len == 0) {
        nm_buf_free(&k);
        return;
    }
    size_t at = nm_strmap_index(m->index, k.data);
    target *t = at == SIZE_MAX ? NULL : nm_strmap_value_at(m->index, at);
    if (t && mode == ADD_IF_ABSENT) {
        nm_buf_free(&k);
        return;
    }
    if (t && (mode == ADD_MERGE || mode == ADD_ENGLISH)) {
        merge_code(t, code);
    } else {
        if (!t) {
            t = nm_calloc(1, sizeof *t);
            NM_GROW(m->targets, m->cap, m->ntargets + 1);
            m->targets[m->ntargets++] = t;
            at = nm_strmap_put(m->index, k.data, t);
        }
        snprintf(t->code, sizeof t->code, "%s", code);
        t->label = label ? intern(m, label) : NULL;
        t->how = how;
    }
    NM_GROW(m->known, m->known_cap, m->nknown + 1);
    m->known[m->nknown++] = (known){text, nm_strmap_key_at(m->index, at), mode == ADD_ENGLISH};
    nm_buf_free(&k);
}

nm_comp_matcher *nm_comp_matcher_new(const nm_refdata *ref, double min_confidence)
{
    nm_comp_matcher *m = nm_calloc(1, sizeof *m);
    m->ref = ref;
    m->min_confidence = min_confidence;
    m->index = nm_strmap_new();
    m->owns_index = 1;
    m->cache = nm_strmap_new();
    m->labels = nm_strmap_new();
    for (size_t i = 0; i < ref->nssyk; i++) {
        add_key(m, ref->ssyk[i].label_sv, ref->ssyk[i].code, NULL, NM_MATCH_LABEL, ADD_MERGE);
        add_key(m, ref->ssyk[i].label_en, ref->ssyk[i].code, NULL, NM_MATCH_LABEL, ADD_ENGLISH);
    }
    for (size_t i = 0; i < ref->ntitles; i++)
        add_key(m, ref->titles[i].title, ref->titles[i].code, NULL, NM_MATCH_TITLE, ADD_MERGE);
    for (size_t i = 0; i < ref->nsynonyms; i++)
        add_key(m, ref->synonyms[i].title, ref->synonyms[i].code, ref->synonym_labels[i],
                NM_MATCH_SYNONYM, ADD_OVERRIDE);
    for (size_t i = 0; i < ref->nkeywords; i++)
        add_key(m, ref->keywords[i].title, ref->keywords[i].code, NULL, NM_MATCH_TITLE,
                ADD_IF_ABSENT);
    m->shared = nm_calloc(1, sizeof *m->shared);
    pthread_mutex_init(&m->shared->lock, NULL);
    return m;
}

nm_comp_matcher *nm_comp_matcher_fork(const nm_comp_matcher *base)
{
    nm_comp_matcher *m = nm_calloc(1, sizeof *m);
    *m = *base; /* the index, families and known texts, read-only from here on */
    m->owns_index = 0;
    m->cache = nm_strmap_new();
    m->used = 0;
    m->labels = nm_strmap_new();
    m->targets = NULL;
    m->ntargets = m->cap = 0;
    return m;
}

void nm_comp_matcher_free(nm_comp_matcher *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < nm_strmap_count(m->cache); i++) {
        seen *s = nm_strmap_value_at(m->cache, i);
        free(s->matched);
        free(s);
    }
    nm_strmap_free(m->cache);
    if (m->owns_index) {
        for (size_t i = 0; i < m->ntargets; i++)
            free(m->targets[i]);
        free(m->targets);
        nmc_rules_reset(m);
        pthread_mutex_destroy(&m->shared->lock);
        free(m->shared);
        nm_strmap_free(m->index);
        free(m->known);
    }
    nm_strmap_free(m->labels);
    free(m);
}

typedef struct syn_load {
    nm_comp_matcher *m;
    const char *path;
} syn_load;

static nm_status add_user_synonym(void *ctx, char **f, uint64_t line, nm_error *err)
{
    syn_load *L = ctx;
    const char *text = f[0], *code = f[1], *label = f[2];
    nm_buf c = {0};
    nm_text_fold(code, &c);
    nm_status st = NM_OK;
    if (nm_text_is_blank(text)) {
        st = nm_error_set(err, NM_ERR_CONFIG, L->path, line, 1, "empty text");
    } else if (c.len && !nm_refdata_ssyk(L->m->ref, c.data)) {
        st = nm_error_set(err, NM_ERR_CONFIG, L->path, line, 2,
                          "'%s' is not an SSYK 2012 code", c.data);
    } else if (!c.len && nm_text_is_blank(label)) {
        st = nm_error_set(err, NM_ERR_CONFIG, L->path, line, 2,
                          "give an SSYK code or a competence label for '%s'", text);
    } else {
        nm_buf lab = {0};
        nm_text_clean(label, &lab);
        add_key(L->m, intern(L->m, text), c.data, c.len ? NULL : lab.data,
                NM_MATCH_USER_SYNONYM, ADD_OVERRIDE);
        nm_buf_free(&lab);
    }
    nm_buf_free(&c);
    return st;
}

nm_status nm_comp_matcher_add_synonyms(nm_comp_matcher *m, const char *path, nm_error *err)
{
    static const char *const cols[] = {"text", "ssyk", "competence?"};
    FILE *f = fopen(path, "rb");
    if (!f)
        return nm_error_set(err, NM_ERR_CONFIG, path, 0, 0, "cannot open synonyms file");
    syn_load L = {m, path};
    nm_status st = nm_table_read(f, path, cols, 3, add_user_synonym, &L, err);
    fclose(f);
    nmc_rules_reset(m); /* the analyst's titles are heads and family members too */
    return st;
}

static void from_target(const target *t, nm_competence *out)
{
    memset(out, 0, sizeof *out);
    snprintf(out->ssyk, sizeof out->ssyk, "%s", t->code);
    out->label = t->label;
    out->how = t->how;
    out->confidence = 1.0;
}

/* --- codes --- */

/* A known code of n digits at s (1-4 digits; "110" is "0110" when Excel
 * dropped the zero): into code, 1 if known. */
static int known_code(const nm_comp_matcher *m, const char *s, size_t n, char code[5])
{
    if (n < 1 || n > 4)
        return 0;
    memcpy(code, s, n);
    code[n] = '\0';
    if (nm_refdata_ssyk(m->ref, code))
        return 1;
    if (n == 3) {
        char z[5] = {'0', s[0], s[1], s[2], '\0'};
        if (nm_refdata_ssyk(m->ref, z)) {
            memcpy(code, z, 5);
            return 1;
        }
    }
    return 0;
}

/* Leading SSYK code: "5321", "5321 Undersköterskor ...", "5321 - ...". */
static int leading_code(const nm_comp_matcher *m, const char *text, char code[5])
{
    while (*text == ' ')
        text++;
    size_t n = 0;
    while (isdigit((unsigned char)text[n]))
        n++;
    if (n < 1 || n > 4)
        return 0;
    if (text[n] && text[n] != ' ' && text[n] != '-' && text[n] != ':' && text[n] != '\t')
        return 0;
    for (const char *p = text + n; *p; p++)
        if (isdigit((unsigned char)*p))
            return 0; /* more numbers: not a code with a label */
    memcpy(code, text, n);
    code[n] = '\0';
    const nm_ssyk *s = nm_refdata_ssyk(m->ref, code);
    if (!s || n > 2 || !text[n])
        return s != NULL;
    /* "2 st undersköterskor": a count, unless the text is the group's label */
    const char *rest = text + n;
    while (*rest == ' ' || *rest == '-' || *rest == ':' || *rest == '\t')
        rest++;
    nm_buf a = {0}, b = {0}, c = {0};
    nm_text_key(rest, &a);
    nm_text_key(s->label_sv, &b);
    nm_text_key(s->label_en, &c);
    int same = strcmp(a.data, b.data) == 0 || strcmp(a.data, c.data) == 0;
    nm_buf_free(&a);
    nm_buf_free(&b);
    nm_buf_free(&c);
    return same;
}

/* Several codes: "2224, 2225, 2227", "2224/2225", "2224 och 2225": all
 * known codes of 3-4 digits, and nothing else.  Their common group into
 * code ("" when they share none); 1 when the text is such a list. */
static int code_list(const nm_comp_matcher *m, const char *text, char code[5])
{
    size_t count = 0;
    const char *p = text;
    code[0] = '\0';
    while (*p) {
        if (isdigit((unsigned char)*p)) {
            size_t n = 0;
            char one[5];
            while (isdigit((unsigned char)p[n]))
                n++;
            if (n < 3 || !known_code(m, p, n, one))
                return 0;
            if (!count++)
                memcpy(code, one, 5);
            else
                common_prefix(code, one);
            p += n;
        } else if (*p == ',' || *p == ';' || *p == '/' || *p == ' ' || *p == '&' || *p == '+' ||
                   *p == '-') {
            p++;
        } else if (strncmp(p, "och", 3) == 0 || strncmp(p, "eller", 5) == 0) {
            p += *p == 'o' ? 3 : 5;
        } else {
            return 0;
        }
    }
    return count >= 2;
}

int nm_comp_match_code(const nm_comp_matcher *m, const char *text, nm_competence *out)
{
    char code[5];
    nm_buf f = {0};
    nm_text_fold(text, &f);
    int ok = f.len && leading_code(m, f.data, code);
    if (!ok && f.len == 3 && isdigit((unsigned char)f.data[0])) {
        /* Excel drops the leading zero of military codes: "110" -> "0110" */
        snprintf(code, sizeof code, "0%s", f.data);
        ok = nm_refdata_ssyk(m->ref, code) != NULL && code[0] == '0';
    }
    int list = !ok && f.len && code_list(m, f.data, code) && code[0];
    nm_buf_free(&f);
    if (ok || list) {
        memset(out, 0, sizeof *out);
        memcpy(out->ssyk, code, sizeof code);
        out->how = NM_MATCH_CODE;
        out->note = list ? NM_COMP_NOTE_CODES : NM_COMP_NOTE_NONE;
        out->confidence = 1.0;
    }
    return ok || list;
}

/* --- texts --- */

/* Remove "(...)" parts: "Sjuksköterska (natt)" -> "Sjuksköterska". */
static void drop_parentheses(const char *s, nm_buf *out)
{
    int depth = 0;
    nm_buf_reset(out);
    for (; *s; s++) {
        if (*s == '(')
            depth++;
        else if (*s == ')' && depth)
            depth--;
        else if (!depth)
            nm_buf_putc(out, *s);
    }
    if (!out->data)
        nm_buf_append(out, "", 0);
}

/* Text in parentheses is only a number: "(3)", "(2 st)". */
static int count_in_parentheses(const char *s)
{
    const char *open = strchr(s, '(');
    if (!open)
        return 0;
    const char *p = open + 1;
    while (*p == ' ')
        p++;
    if (!isdigit((unsigned char)*p))
        return 0;
    while (isdigit((unsigned char)*p))
        p++;
    while (*p == ' ')
        p++;
    if (strncmp(p, "st", 2) == 0)
        p += 2 + (p[2] == '.');
    while (*p == ' ')
        p++;
    return *p == ')';
}

static const target *exact(const nm_comp_matcher *m, const char *text)
{
    nm_buf k = {0};
    nm_text_key(text, &k);
    const target *t = nmc_lookup(m, k.data, NULL);
    nm_buf_free(&k);
    return t;
}

static void unclassified(nm_comp_matcher *m, const char *text, seen *s)
{
    nm_buf clean = {0};
    nm_text_clean(text, &clean);
    uint8_t note = s->result.note;
    memset(&s->result, 0, sizeof s->result);
    s->result.label = intern(m, clean.data);
    s->result.how = NM_MATCH_UNCLASSIFIED;
    s->result.note = note;
    nm_buf_free(&clean);
}

static void classify(nm_comp_matcher *m, const char *text, seen *s)
{
    nm_buf bare = {0};
    const target *t = NULL;
    if (nm_comp_match_code(m, text, &s->result))
        goto done;
    char code[5];
    nm_buf f = {0};
    nm_text_fold(text, &f);
    int list = code_list(m, f.data, code);
    nm_buf_free(&f);
    if (list) { /* codes that share no group */
        s->result.note = NM_COMP_NOTE_CODES;
        unclassified(m, text, s);
        goto done;
    }
    drop_parentheses(text, &bare);
    if ((t = exact(m, text)) || (t = exact(m, bare.data))) {
        from_target(t, &s->result);
        if (!exact(m, text) && count_in_parentheses(text)) /* "Sjuksköterska (3)" */
            s->result.note = NM_COMP_NOTE_NUMBER;
        goto done;
    }
    nmc_reading r;
    nmc_read(m, text, NULL, &r);
    const nmc_cand *b = &r.best;
    if ((b->code[0] || b->label) && b->p >= m->min_confidence - 1e-12) {
        memset(&s->result, 0, sizeof s->result);
        snprintf(s->result.ssyk, sizeof s->result.ssyk, "%s", b->code);
        s->result.label = b->label;
        s->result.how = b->how;
        s->result.rule = b->rule;
        s->result.note = r.note;
        s->result.confidence = b->how == NM_MATCH_FUZZY ? b->p : 1.0;
        if (b->how == NM_MATCH_FUZZY)
            s->matched = nm_strdup(b->via);
        goto done;
    }
    s->result.note = r.note;
    unclassified(m, text, s);
done:
    nm_buf_free(&bare);
}

static int match(nm_comp_matcher *m, const char *text, size_t len, nm_competence *out,
                 int use)
{
    if (nm_text_is_blank(text))
        return 0;
    void *v;
    seen *s = nm_strmap_find_len(m->cache, text, len, &v) ? v : NULL;
    if (!s) {
        s = nm_calloc(1, sizeof *s);
        classify(m, text, s);
        nm_strmap_put_len(m->cache, text, len, s);
    }
    if (use && !s->uses)
        s->first_use = ++m->used;
    s->uses += (uint64_t)use;
    *out = s->result;
    return 1;
}

int nm_comp_match(nm_comp_matcher *m, const char *text, nm_competence *out)
{
    return match(m, text, strlen(text), out, 1);
}

int nm_comp_match_len(nm_comp_matcher *m, const char *text, size_t len, nm_competence *out)
{
    return match(m, text, len, out, 1);
}

int nm_comp_peek(nm_comp_matcher *m, const char *text, nm_competence *out)
{
    return match(m, text, strlen(text), out, 0);
}

size_t nm_comp_candidates(const nm_comp_matcher *m, const char *text, nm_competence *out,
                          char (*via)[48], size_t max)
{
    nmc_reading r;
    nmc_read(m, text, NULL, &r);
    size_t n = 0;
    for (size_t i = 0; i < r.ncand && n < max; i++) {
        if (!r.cand[i].code[0])
            continue;
        memset(&out[n], 0, sizeof out[n]);
        memcpy(out[n].ssyk, r.cand[i].code, sizeof out[n].ssyk);
        out[n].how = NM_MATCH_FUZZY;
        out[n].rule = r.cand[i].rule;
        out[n].confidence = r.cand[i].p;
        if (via)
            memcpy(via[n], r.cand[i].via, sizeof via[n]);
        n++;
    }
    return n;
}

/* --- review --- */

typedef struct use_order {
    uint64_t first_use;
    size_t entry;            /* in the cache */
} use_order;

static int by_first_use(const void *pa, const void *pb)
{
    const use_order *a = pa, *b = pb;
    return a->first_use < b->first_use ? -1 : a->first_use > b->first_use;
}

/* In the order the texts were first used (a text only peeked at while
 * looking for the header comes where a row first used it), so a file read
 * in parts lists them as a file read whole does. */
void nm_comp_review(const nm_comp_matcher *m, nm_review_fn fn, void *ctx)
{
    size_t n = 0;
    use_order *order = nm_calloc(nm_strmap_count(m->cache) + 1, sizeof *order);
    for (size_t i = 0; i < nm_strmap_count(m->cache); i++) {
        const seen *s = nm_strmap_value_at(m->cache, i);
        if (s->uses && (s->result.how == NM_MATCH_FUZZY ||
                        s->result.how == NM_MATCH_UNCLASSIFIED || s->result.note))
            order[n++] = (use_order){s->first_use, i};
    }
    if (n > 1)
        qsort(order, n, sizeof *order, by_first_use); /* first uses are distinct */
    for (size_t k = 0; k < n; k++) {
        const seen *s = nm_strmap_value_at(m->cache, order[k].entry);
        fn(ctx, nm_strmap_key_at(m->cache, order[k].entry), &s->result,
           s->matched ? s->matched : "", s->uses, s->line, s->col);
    }
    free(order);
}

void nm_comp_locate(nm_comp_matcher *m, const char *text, size_t len, uint64_t line,
                    uint32_t col)
{
    void *v;
    if (!nm_strmap_find_len(m->cache, text, len, &v))
        return;
    seen *s = v;
    if (!s->line) {
        s->line = line;
        s->col = col;
    }
}

const char *nm_comp_label(const nm_comp_matcher *m, const char *code)
{
    const nm_ssyk *s = nm_refdata_ssyk(m->ref, code);
    return s ? s->label_sv : NULL;
}

const char *nm_comp_rule_text(unsigned rule)
{
    static const char *const texts[NM_RULE_N] = {
        "", "plural or definite form", "abbreviation written out",
        "word about how or when left out", "one name of a listed title",
        "a kind of a listed title", "read by its last word", "subject teacher",
        "what the alternatives share", "misspelling", "written differently"};
    return rule < NM_RULE_N ? texts[rule] : "";
}

const char *nm_comp_note_text(unsigned note)
{
    static const char *const texts[] = {
        "", "a number in the text, read without it: is a count in the wrong column?",
        "several SSYK codes: their common group is kept",
        "text in the SSYK column, matched as an occupation title"};
    return note < sizeof texts / sizeof texts[0] ? texts[note] : "";
}
