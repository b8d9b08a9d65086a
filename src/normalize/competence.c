/* competence.c - occupation and competence text to SSYK 2012.
 *
 * One index maps lookup keys (nm_text_key) to a target: an SSYK code and
 * how it was known, or a canonical competence label.  When two sources give
 * the same key different codes, the more specific one wins if one code
 * contains the other (a label repeated on several levels); else the key
 * means their common group ("2341" and "2342" -> "234").  Results per
 * distinct text are cached, so a file with a million rows does the
 * approximate search once per distinct spelling.  That search looks only
 * at keys whose length and letters leave room for a close enough match
 * (see approximate): a header row of thousands of unknown columns costs
 * microseconds a column, not a millisecond. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/competence.h"
#include "needmap/text.h"

typedef struct target {
    char code[5];        /* "" for a competence label */
    const char *label;   /* canonical competence label, or NULL */
    nm_match_kind how;
} target;

/* An index key as the approximate search sees it: its length in code
 * points and the symbols it holds (see symbol_bag). */
typedef struct candidate {
    size_t len;
    uint64_t bag;
    size_t entry;        /* in the index */
} candidate;

typedef struct seen {
    nm_competence result;
    char *matched;       /* key it matched approximately, or NULL */
    uint64_t uses;
    uint64_t first_use;  /* order of its first use (peeks do not count) */
} seen;

struct nm_comp_matcher {
    const nm_refdata *ref;
    double min_confidence;
    nm_strmap *index;    /* key -> target*; shared by forks */
    int owns_index;      /* 0 in a fork */
    nm_strmap *cache;    /* raw text -> seen* */
    uint64_t used;       /* texts used so far (for first_use) */
    nm_strmap *labels;   /* interned label strings (keys only) */
    target **targets;    /* all targets, for freeing */
    size_t ntargets, cap;
    candidate *cands;    /* every index key, by length then entry; shared by forks */
    size_t ncands;
};

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

static void add_key(nm_comp_matcher *m, const char *text, const char *code, const char *label,
                    nm_match_kind how, int override)
{
    nm_buf k = {0};
    nm_text_key(text, &k);
    if (k.len == 0) {
        nm_buf_free(&k);
        return;
    }
    target *t = nm_strmap_get(m->index, k.data);
    if (t && !override) {
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
    } else {
        if (!t) {
            t = nm_calloc(1, sizeof *t);
            NM_GROW(m->targets, m->cap, m->ntargets + 1);
            m->targets[m->ntargets++] = t;
            nm_strmap_put(m->index, k.data, t);
        }
        snprintf(t->code, sizeof t->code, "%s", code);
        t->label = label ? intern(m, label) : NULL;
        t->how = how;
    }
    nm_buf_free(&k);
}

/* The symbols of a key as one bit each: ASCII letters, digits and space
 * their own bits, other ASCII characters shared bits, and every non-ASCII
 * code point (all its bytes are >= 0x80; nm_text_distance counts each
 * invalid byte as one) the last bit.  A symbol of one key whose bit the
 * other lacks must be substituted, deleted or inserted, and one edit does
 * that for at most one such bit on each side: so the edit distance is at
 * least the larger count of bits one key has and the other has not. */
static uint64_t symbol_bag(const char *s)
{
    uint64_t bag = 0;
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        unsigned c = *p, bit = c >= 0x80               ? 63
                               : c >= 'a' && c <= 'z' ? c - 'a'
                               : c >= '0' && c <= '9' ? 26 + (c - '0')
                               : c == ' '             ? 36
                                                      : 37 + c % 26;
        bag |= (uint64_t)1 << bit;
    }
    return bag;
}

static size_t bag_distance(uint64_t a, uint64_t b)
{
    size_t only_a = (size_t)__builtin_popcountll(a & ~b);
    size_t only_b = (size_t)__builtin_popcountll(b & ~a);
    return only_a > only_b ? only_a : only_b;
}

static int by_length(const void *pa, const void *pb)
{
    const candidate *a = pa, *b = pb;
    if (a->len != b->len)
        return a->len < b->len ? -1 : 1;
    return a->entry < b->entry ? -1 : a->entry > b->entry;
}

/* (Re)build the candidate table of the index (a base matcher, after every
 * change to its index). */
static void index_candidates(nm_comp_matcher *m)
{
    size_t n = nm_strmap_count(m->index);
    free(m->cands);
    m->cands = nm_calloc(n ? n : 1, sizeof *m->cands);
    m->ncands = n;
    for (size_t i = 0; i < n; i++) {
        const char *key = nm_strmap_key_at(m->index, i);
        m->cands[i] = (candidate){nm_utf8_length(key), symbol_bag(key), i};
    }
    qsort(m->cands, n, sizeof *m->cands, by_length);
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
        add_key(m, ref->ssyk[i].label_sv, ref->ssyk[i].code, NULL, NM_MATCH_LABEL, 0);
        add_key(m, ref->ssyk[i].label_en, ref->ssyk[i].code, NULL, NM_MATCH_LABEL, 0);
    }
    for (size_t i = 0; i < ref->ntitles; i++)
        add_key(m, ref->titles[i].title, ref->titles[i].code, NULL, NM_MATCH_TITLE, 0);
    for (size_t i = 0; i < ref->nsynonyms; i++)
        add_key(m, ref->synonyms[i].title, ref->synonyms[i].code, ref->synonym_labels[i],
                NM_MATCH_SYNONYM, 1);
    index_candidates(m);
    return m;
}

nm_comp_matcher *nm_comp_matcher_fork(const nm_comp_matcher *base)
{
    nm_comp_matcher *m = nm_calloc(1, sizeof *m);
    m->ref = base->ref;
    m->min_confidence = base->min_confidence;
    m->index = base->index; /* read-only from here on */
    m->cands = base->cands;
    m->ncands = base->ncands;
    m->cache = nm_strmap_new();
    m->labels = nm_strmap_new();
    return m;
}

void nm_comp_matcher_free(nm_comp_matcher *m)
{
    if (!m)
        return;
    for (size_t i = 0; i < m->ntargets; i++)
        free(m->targets[i]);
    free(m->targets);
    if (!m->owns_index) {
        m->index = NULL;
        m->cands = NULL;
    }
    free(m->cands);
    for (size_t i = 0; i < nm_strmap_count(m->cache); i++) {
        seen *s = nm_strmap_value_at(m->cache, i);
        free(s->matched);
        free(s);
    }
    nm_strmap_free(m->index);
    nm_strmap_free(m->cache);
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
        add_key(L->m, text, c.data, c.len ? NULL : lab.data, NM_MATCH_USER_SYNONYM, 1);
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
    index_candidates(m);
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
    return nm_refdata_ssyk(m->ref, code) != NULL;
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
    nm_buf_free(&f);
    if (ok) {
        memset(out, 0, sizeof *out);
        memcpy(out->ssyk, code, sizeof code);
        out->how = NM_MATCH_CODE;
        out->confidence = 1.0;
    }
    return ok;
}

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

static const target *exact(const nm_comp_matcher *m, const char *text)
{
    nm_buf k = {0};
    nm_text_key(text, &k);
    const target *t = k.len ? nm_strmap_get(m->index, k.data) : NULL;
    nm_buf_free(&k);
    return t;
}

/* The first candidate long enough to be close to a text of len symbols:
 * a key shorter by more edits than the text's length allows is not. */
static size_t first_candidate(const nm_comp_matcher *m, size_t len)
{
    size_t slack = (size_t)((1.0 - m->min_confidence) * (double)len + 1e-9);
    size_t shortest = slack < len ? len - slack : 0;
    size_t lo = 0, hi = m->ncands;
    while (lo < hi) {
        size_t mid = lo + (hi - lo) / 2;
        if (m->cands[mid].len < shortest)
            lo = mid + 1;
        else
            hi = mid;
    }
    return lo;
}

/* The closest index key by edit distance, with its confidence; of equally
 * close keys the first in the index.  Keys are tried by length, from the
 * shortest that may be close enough to the longest (a longer key needs
 * more edits than its extra length allows: c - floor(x c) grows with c),
 * and skipped when their symbols alone need too many edits. */
static const target *approximate(const nm_comp_matcher *m, const char *text, double *conf,
                                 const char **key)
{
    nm_buf k = {0};
    nm_text_key(text, &k);
    size_t len = nm_utf8_length(k.data), best_entry = SIZE_MAX;
    uint64_t bag = symbol_bag(k.data);
    double best_conf = 0;
    for (size_t i = len >= 4 ? first_candidate(m, len) : m->ncands; i < m->ncands; i++) {
        const candidate *c = &m->cands[i];
        size_t longest = len > c->len ? len : c->len;
        size_t max = (size_t)((1.0 - m->min_confidence) * (double)longest + 1e-9);
        if (c->len > len && c->len - len > max)
            break;
        if ((len > c->len && len - c->len > max) || bag_distance(bag, c->bag) > max)
            continue;
        const char *cand = nm_strmap_key_at(m->index, c->entry);
        size_t d = nm_text_distance(k.data, cand, max);
        if (d > max)
            continue;
        double cf = 1.0 - (double)d / (double)longest;
        if (cf > best_conf || (cf == best_conf && cf > 0 && c->entry < best_entry)) {
            best_conf = cf;
            best_entry = c->entry;
            *key = cand;
        }
    }
    nm_buf_free(&k);
    *conf = best_conf;
    return best_entry == SIZE_MAX ? NULL : nm_strmap_value_at(m->index, best_entry);
}

static void classify(nm_comp_matcher *m, const char *text, seen *s)
{
    nm_buf bare = {0};
    const target *t = NULL;
    drop_parentheses(text, &bare);
    if (nm_comp_match_code(m, text, &s->result))
        goto done;
    if ((t = exact(m, text)) || (t = exact(m, bare.data))) {
        from_target(t, &s->result);
        goto done;
    }
    double conf;
    const char *key = NULL;
    if ((t = approximate(m, bare.data, &conf, &key)) && conf >= m->min_confidence) {
        from_target(t, &s->result);
        s->result.how = NM_MATCH_FUZZY;
        s->result.confidence = conf;
        s->matched = nm_strdup(key);
        goto done;
    }
    nm_buf clean = {0};
    nm_text_clean(text, &clean);
    memset(&s->result, 0, sizeof s->result);
    s->result.label = intern(m, clean.data);
    s->result.how = NM_MATCH_UNCLASSIFIED;
    s->result.confidence = 0;
    nm_buf_free(&clean);
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
        if (s->uses && (s->result.how == NM_MATCH_FUZZY || s->result.how == NM_MATCH_UNCLASSIFIED))
            order[n++] = (use_order){s->first_use, i};
    }
    if (n > 1)
        qsort(order, n, sizeof *order, by_first_use); /* first uses are distinct */
    for (size_t k = 0; k < n; k++) {
        const seen *s = nm_strmap_value_at(m->cache, order[k].entry);
        fn(ctx, nm_strmap_key_at(m->cache, order[k].entry), &s->result,
           s->matched ? s->matched : "", s->uses);
    }
    free(order);
}

const char *nm_comp_label(const nm_comp_matcher *m, const char *code)
{
    const nm_ssyk *s = nm_refdata_ssyk(m->ref, code);
    return s ? s->label_sv : NULL;
}
