/* gen_survey.c - seeded synthetic competence-needs survey exports (issue #6).
 *
 *   gen_survey --rows N --seed S --out DIR [--files F] [--layout long|typed|wide|mixed]
 *              [--dialect auto|excel|utf8bom|utf16|utf8|utf8semi|json]
 *              [--bad-rate R] [--munis N] [--competences N] [--truth FILE]
 *              [--data DIR] [--quiet]
 *
 * Writes F files holding N data rows in all into DIR, looking like the exports
 * described in docs/ingest.md and shared/SURVEYS.md: long layout (one row per
 * need, or typed count columns), wide layout (one column per occupation);
 * ';' + Windows-1252 + CRLF, ',' + UTF-8 with BOM, TAB + UTF-16LE with BOM,
 * plain UTF-8, JSON; notes above the header, blank lines, a Summa row;
 * municipalities and occupations written every way respondents write them;
 * counts as "3", "2-4", "ca 5", "10+", "3,0", "vet ej"; and bad rows
 * (unknown or missing municipality, negative or non-numeric count, missing
 * occupation) at --bad-rate.  --truth FILE writes a CSV of what was planted,
 * per file and in all, so tests can check needmap's counts exactly.
 *
 * Independent of needmap on purpose: only libc, its own reader for the
 * reference CSVs (read at run time from --data, default the source tree's
 * surveys/), its own PRNG (xoshiro256** seeded by splitmix64) and integer
 * weights, so the same arguments give byte-identical files on any machine.
 * Rows are generated and written one at a time: memory does not grow with
 * --rows.
 *
 * Ownership: the reference tables and the per-file truth live until exit and
 * are freed there; everything else is on the stack or in per-file buffers
 * freed when the file is closed. */
#include <errno.h>
#include <limits.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#ifndef NEEDMAP_SURVEYS_DIR
#define NEEDMAP_SURVEYS_DIR "surveys"
#endif

enum {
    MAX_WIDE = 24,          /* occupation columns in a wide file, at most */
    MAX_COLS = 48,          /* columns in any file, at most */
    JSON_MAX_ROWS = 20000,  /* a JSON file is only written for this many rows or fewer */
    UNKNOWN_POOL = 48,      /* unknown municipality texts to choose from */
    LINE_CAP = 16384,       /* one output line, at most (a few hundred bytes in practice) */
};

/* ------------------------------------------------------------------------ */
/* Failing                                                                  */

static void die(const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    fputs("gen_survey: error: ", stderr);
    vfprintf(stderr, fmt, ap);
    fputc('\n', stderr);
    va_end(ap);
    exit(2);
}

static void *xmalloc(size_t n)
{
    void *p = malloc(n ? n : 1);
    if (!p) die("out of memory (%zu bytes)", n);
    return p;
}

static void *xrealloc(void *p, size_t nmemb, size_t size)
{
    if (size && nmemb > SIZE_MAX / size) die("out of memory (overflow)");
    p = realloc(p, nmemb * size > 0 ? nmemb * size : 1);
    if (!p) die("out of memory (%zu bytes)", nmemb * size);
    return p;
}

/* ------------------------------------------------------------------------ */
/* PRNG: xoshiro256** seeded by splitmix64.  One stream per file, so a      */
/* file's bytes depend only on the seed, its index and the options.         */

typedef struct {
    uint64_t s[4];
} rng_t;

static uint64_t splitmix64(uint64_t *x)
{
    uint64_t z = (*x += 0x9e3779b97f4a7c15ULL);
    z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ULL;
    z = (z ^ (z >> 27)) * 0x94d049bb133111ebULL;
    return z ^ (z >> 31);
}

static void rng_seed(rng_t *r, uint64_t seed, uint64_t stream)
{
    uint64_t x = seed ^ (stream * 0xd1342543de82ef95ULL);
    for (int i = 0; i < 4; i++) r->s[i] = splitmix64(&x);
}

static uint64_t rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

static uint64_t rng_next(rng_t *r)
{
    uint64_t *s = r->s;
    uint64_t result = rotl(s[1] * 5, 7) * 9;
    uint64_t t = s[1] << 17;
    s[2] ^= s[0];
    s[3] ^= s[1];
    s[1] ^= s[2];
    s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 45);
    return result;
}

/* Uniform in [0, n) (n >= 1), by multiply-shift: integer only, portable. */
static uint32_t rng_below(rng_t *r, uint32_t n)
{
    return (uint32_t)(((rng_next(r) >> 32) * (uint64_t)n) >> 32);
}

/* True with probability per_mille / 1000. */
static int rng_permille(rng_t *r, uint32_t per_mille) { return rng_below(r, 1000) < per_mille; }

#define PICK(r, arr) ((arr)[rng_below((r), (uint32_t)(sizeof(arr) / sizeof((arr)[0])))])

/* ------------------------------------------------------------------------ */
/* Text helpers (UTF-8)                                                     */

/* Latin-1 letters U+00C0..U+00FF without their diacritics. */
static const char latin1_base[] = "AAAAAAACEEEEIIII" "DNOOOOOxOUUUUYTs"
                                  "aaaaaaaceeeeiiii" "dnooooo/ouuuuyty";

/* out = in without diacritics on Latin-1 letters (å -> a, Ö -> O). */
static void strip_diacritics(const char *in, char *out, size_t cap)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 1 < cap; p++) {
        if (p[0] == 0xC3 && p[1] >= 0x80 && p[1] <= 0xBF) {
            out[o++] = latin1_base[p[1] - 0x80 + 0x00];
            p++;
        } else {
            out[o++] = (char)*p;
        }
    }
    out[o] = '\0';
}

/* out = in in capitals (or small letters), ASCII and Latin-1 letters. */
static void change_case(const char *in, char *out, size_t cap, int upper)
{
    size_t o = 0;
    for (const unsigned char *p = (const unsigned char *)in; *p && o + 2 < cap; p++) {
        if (p[0] == 0xC3 && p[1]) {
            unsigned c = p[1];
            if (upper && c >= 0xA0 && c <= 0xBE && c != 0xB7) c -= 0x20;
            if (!upper && c >= 0x80 && c <= 0x9E && c != 0x97) c += 0x20;
            out[o++] = (char)0xC3;
            out[o++] = (char)c;
            p++;
        } else if (*p < 0x80) {
            out[o++] = (char)(upper ? (*p >= 'a' && *p <= 'z' ? *p - 32 : *p)
                                    : (*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
        } else {
            out[o++] = (char)*p;
        }
    }
    out[o] = '\0';
}

/* Comparison key: small ASCII letters and digits only (diacritics stripped,
 * everything else dropped).  Used to keep planted mistakes unambiguous. */
static void fold_key(const char *in, char *out, size_t cap)
{
    char tmp[512];
    strip_diacritics(in, tmp, sizeof tmp);
    size_t o = 0;
    for (const char *p = tmp; *p && o + 1 < cap; p++) {
        char c = *p;
        if (c >= 'A' && c <= 'Z') c = (char)(c + 32);
        if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) out[o++] = c;
    }
    out[o] = '\0';
}

static int ends_with(const char *s, const char *suffix)
{
    size_t n = strlen(s), m = strlen(suffix);
    return n >= m && strcmp(s + n - m, suffix) == 0;
}

/* Next code point of valid UTF-8 at *p; advances *p. */
static uint32_t utf8_next(const unsigned char **p)
{
    const unsigned char *s = *p;
    uint32_t c;
    if (s[0] < 0x80) {
        c = s[0];
        *p = s + 1;
    } else if ((s[0] & 0xE0) == 0xC0) {
        c = ((uint32_t)(s[0] & 0x1F) << 6) | (s[1] & 0x3F);
        *p = s + 2;
    } else if ((s[0] & 0xF0) == 0xE0) {
        c = ((uint32_t)(s[0] & 0x0F) << 12) | ((uint32_t)(s[1] & 0x3F) << 6) | (s[2] & 0x3F);
        *p = s + 3;
    } else {
        c = ((uint32_t)(s[0] & 0x07) << 18) | ((uint32_t)(s[1] & 0x3F) << 12) |
            ((uint32_t)(s[2] & 0x3F) << 6) | (s[3] & 0x3F);
        *p = s + 4;
    }
    return c;
}

/* Windows-1252 byte for code point c, or -1 when it has none. */
static int cp1252_byte(uint32_t c)
{
    static const uint16_t high[32] = {
        0x20AC, 0, 0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021, 0x02C6, 0x2030, 0x0160,
        0x2039, 0x0152, 0, 0x017D, 0, 0, 0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013,
        0x2014, 0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0, 0x017E, 0x0178};
    if (c < 0x80 || (c >= 0xA0 && c <= 0xFF)) return (int)c;
    for (int i = 0; i < 32; i++)
        if (high[i] && high[i] == c) return 0x80 + i;
    return -1;
}

/* Can s be written in Windows-1252? */
static int cp1252_ok(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    while (*p)
        if (cp1252_byte(utf8_next(&p)) < 0) return 0;
    return 1;
}

/* ------------------------------------------------------------------------ */
/* Reference CSVs: read whole (they are small), RFC 4180, fields in place.  */

typedef struct {
    char *data;      /* the file, fields NUL-terminated in place */
    char **field;    /* all fields, row after row */
    size_t *row_at;  /* index of each row's first field in field[] */
    size_t *row_len; /* fields in each row */
    size_t rows;     /* rows including the header */
} table_t;

static char *read_file(const char *path, size_t *len)
{
    FILE *f = fopen(path, "rb");
    if (!f) die("%s: cannot open: %s (give the reference data folder with --data DIR)",
                path, strerror(errno));
    size_t cap = 1 << 16, n = 0;
    char *buf = xmalloc(cap);
    for (;;) {
        if (n + 1 >= cap) buf = xrealloc(buf, cap *= 2, 1);
        size_t got = fread(buf + n, 1, cap - n - 1, f);
        if (!got) break;
        n += got;
    }
    if (ferror(f)) die("%s: read error", path);
    fclose(f);
    buf[n] = '\0';
    *len = n;
    return buf;
}

/* Parse one field at *pp into place; returns 1 if a row ends after it. */
static int parse_field(char **pp, char **field)
{
    char *p = *pp, *w = p;
    *field = w;
    if (*p == '"') {
        for (p++; *p; p++) {
            if (*p == '"' && p[1] == '"') *w++ = *p++;
            else if (*p == '"') { p++; break; }
            else *w++ = *p;
        }
    }
    while (*p && *p != ',' && *p != '\n' && *p != '\r') *w++ = *p++;
    int end = *p != ',';
    if (*p == '\r' && p[1] == '\n') p++;
    if (*p) p++;
    *w = '\0';
    *pp = p;
    return end;
}

static void table_load(table_t *t, const char *dir, const char *name)
{
    char path[4096];
    size_t len;
    snprintf(path, sizeof path, "%s/%s", dir, name);
    memset(t, 0, sizeof *t);
    t->data = read_file(path, &len);
    char *p = t->data;
    if (len >= 3 && memcmp(p, "\xEF\xBB\xBF", 3) == 0) p += 3;
    size_t nf = 0, capf = 1024, capr = 256;
    t->field = xrealloc(NULL, capf, sizeof *t->field);
    t->row_at = xrealloc(NULL, capr, sizeof *t->row_at);
    t->row_len = xrealloc(NULL, capr, sizeof *t->row_len);
    while (*p) {
        if (*p == '\n' || *p == '\r') { p++; continue; } /* empty line */
        if (t->rows == capr) {
            capr *= 2;
            t->row_at = xrealloc(t->row_at, capr, sizeof *t->row_at);
            t->row_len = xrealloc(t->row_len, capr, sizeof *t->row_len);
        }
        t->row_at[t->rows] = nf;
        int end = 0;
        while (!end) {
            if (nf == capf) t->field = xrealloc(t->field, capf *= 2, sizeof *t->field);
            end = parse_field(&p, &t->field[nf++]);
        }
        t->row_len[t->rows] = nf - t->row_at[t->rows];
        t->rows++;
    }
    if (t->rows < 2) die("%s: no rows", path);
}

static void table_free(table_t *t)
{
    free(t->data);
    free(t->field);
    free(t->row_at);
    free(t->row_len);
}

/* Column index of header name, or die naming the file. */
static size_t table_col(const table_t *t, const char *name, const char *file)
{
    for (size_t i = 0; i < t->row_len[0]; i++)
        if (strcmp(t->field[i], name) == 0) return i;
    die("%s: no column '%s'", file, name);
    return 0;
}

/* Field col of row r ("" when the row is short). */
static const char *table_get(const table_t *t, size_t r, size_t col)
{
    return col < t->row_len[r] ? t->field[t->row_at[r] + col] : "";
}

/* ------------------------------------------------------------------------ */
/* Municipalities                                                           */

typedef struct {
    const char *code;   /* "2506" */
    const char *name;   /* "Arjeplogs kommun" */
    const char *short_; /* "Arjeplog" */
    const char *county; /* "Norrbottens län" */
    char plain[64];     /* short name without diacritics, "" if unsafe to write so */
} muni_t;

typedef struct {
    table_t tab;
    muni_t *m;
    size_t n;
} munis_t;

static void munis_load(munis_t *ms, const char *dir)
{
    table_t *t = &ms->tab;
    table_load(t, dir, "municipalities.csv");
    size_t cc = table_col(t, "code", "municipalities.csv"),
           cn = table_col(t, "name", "municipalities.csv"),
           cs = table_col(t, "name_short", "municipalities.csv"),
           ck = table_col(t, "county_name", "municipalities.csv");
    ms->n = t->rows - 1;
    ms->m = xrealloc(NULL, ms->n, sizeof *ms->m);
    for (size_t i = 0; i < ms->n; i++) {
        muni_t *m = &ms->m[i];
        m->code = table_get(t, i + 1, cc);
        m->name = table_get(t, i + 1, cn);
        m->short_ = table_get(t, i + 1, cs);
        m->county = table_get(t, i + 1, ck);
        if (strlen(m->code) != 4) die("municipalities.csv: bad code '%s'", m->code);
    }
    /* Writing a name without diacritics is only safe when no other municipality
     * reads the same way (Håbo written Habo is Habo, a different one). */
    for (size_t i = 0; i < ms->n; i++) {
        muni_t *m = &ms->m[i];
        char ki[128], kj[128];
        strip_diacritics(m->short_, m->plain, sizeof m->plain);
        if (strcmp(m->plain, m->short_) == 0) { m->plain[0] = '\0'; continue; }
        fold_key(m->short_, ki, sizeof ki);
        for (size_t j = 0; j < ms->n; j++) {
            fold_key(ms->m[j].short_, kj, sizeof kj);
            if (j != i && strcmp(ki, kj) == 0) m->plain[0] = '\0';
        }
    }
}

/* Does text read as some municipality (name, short name, genitive, code)? */
static int munis_known(const munis_t *ms, const char *text)
{
    char k[256], k2[256], km[256];
    fold_key(text, k, sizeof k);
    strcpy(k2, k);
    if (ends_with(k2, "kommun")) k2[strlen(k2) - 6] = '\0';
    if (ends_with(k2, "s")) k2[strlen(k2) - 1] = '\0';
    for (size_t i = 0; i < ms->n; i++) {
        fold_key(ms->m[i].short_, km, sizeof km);
        size_t n = strlen(km);
        if (strcmp(k, km) == 0 || strcmp(k2, km) == 0) return 1;
        if (strncmp(k, km, n) == 0 && (strcmp(k + n, "s") == 0 || strcmp(k + n, "kommun") == 0 ||
                                       strcmp(k + n, "skommun") == 0))
            return 1;
        if (atoi(k) == atoi(ms->m[i].code) && k[0] >= '0' && k[0] <= '9') return 1;
    }
    return 0;
}

/* Texts that are no municipality: typos of real short names, invented places,
 * codes that do not exist.  Each is checked against the whole table. */
static char **unknown_pool(const munis_t *ms, rng_t *r, size_t *count)
{
    static const char *const invented[] = {"Exempelby",  "Norrbyn",    "Västra Exempel",
                                           "Fjällnäset", "Storträskby", "Östra Provby"};
    char **pool = xrealloc(NULL, UNKNOWN_POOL, sizeof *pool);
    size_t n = 0;
    for (int tries = 0; n < UNKNOWN_POOL && tries < 100000; tries++) {
        char cand[96];
        uint32_t kind = rng_below(r, 8);
        if (kind < 5) { /* typo: swap two neighbouring letters of a real name */
            const char *s = ms->m[rng_below(r, (uint32_t)ms->n)].short_;
            size_t len = strlen(s);
            if (len < 4) continue;
            snprintf(cand, sizeof cand, "%s", s);
            size_t i = 1 + rng_below(r, (uint32_t)(len - 2));
            if ((unsigned char)cand[i] >= 0x80 || (unsigned char)cand[i + 1] >= 0x80 ||
                cand[i] == cand[i + 1] || cand[i] == ' ' || cand[i + 1] == ' ')
                continue;
            char c = cand[i];
            cand[i] = cand[i + 1];
            cand[i + 1] = c;
        } else if (kind < 7) { /* a code that does not exist */
            snprintf(cand, sizeof cand, "%04u", 100 + rng_below(r, 2500));
        } else {
            snprintf(cand, sizeof cand, "%s", PICK(r, invented));
        }
        if (munis_known(ms, cand)) continue;
        int dup = 0;
        for (size_t j = 0; j < n; j++) dup |= strcmp(pool[j], cand) == 0;
        if (dup) continue;
        pool[n] = xmalloc(strlen(cand) + 1);
        strcpy(pool[n++], cand);
    }
    if (n == 0) die("could not make unknown municipality names");
    *count = n;
    return pool;
}

/* ------------------------------------------------------------------------ */
/* Occupations and competences: one item per SSYK code or competence, with  */
/* every text respondents use for it.                                       */

typedef struct {
    const char *code;   /* SSYK code, NULL for a competence such as Digitalisering */
    const char *label;  /* official Swedish label, or the competence's name */
    const char **text;  /* everyday texts from synonyms.csv */
    size_t ntext, cap;
    uint64_t key;       /* random tie-break for the order of use */
} occ_t;

typedef struct {
    table_t ssyk, syn;
    occ_t *o;
    size_t n;
    uint64_t *cum;      /* cumulative integer weights of the first `use` items */
    size_t use;         /* --competences: items in use, most common first */
} occs_t;

static occ_t *occs_add(occs_t *os, const char *code, const char *label, size_t *cap)
{
    if (os->n == *cap) os->o = xrealloc(os->o, *cap *= 2, sizeof *os->o);
    occ_t *o = &os->o[os->n++];
    memset(o, 0, sizeof *o);
    o->code = code;
    o->label = label;
    return o;
}

static occ_t *occs_find(occs_t *os, const char *code, const char *competence)
{
    for (size_t i = 0; i < os->n; i++) {
        occ_t *o = &os->o[i];
        if (code && o->code && strcmp(o->code, code) == 0) return o;
        if (!code && !o->code && strcmp(o->label, competence) == 0) return o;
    }
    return NULL;
}

/* Label of an SSYK code at any level, or NULL if there is no such code. */
static const char *ssyk_label(const table_t *t, const char *code)
{
    for (size_t r = 1; r < t->rows; r++)
        if (strcmp(table_get(t, r, 0), code) == 0) return table_get(t, r, 2);
    return NULL;
}

static void occs_add_text(occ_t *o, const char *text)
{
    if (o->ntext == o->cap)
        o->text = xrealloc(o->text, o->cap = o->cap ? o->cap * 2 : 4, sizeof *o->text);
    o->text[o->ntext++] = text;
}

static int occ_order(const void *a, const void *b)
{
    const occ_t *x = a, *y = b;
    if (x->ntext != y->ntext) return x->ntext < y->ntext ? 1 : -1;
    return x->key < y->key ? -1 : x->key > y->key;
}

static void occs_load(occs_t *os, const char *dir, rng_t *r, size_t use)
{
    size_t cap = 512;
    memset(os, 0, sizeof *os);
    table_load(&os->ssyk, dir, "ssyk2012.csv");
    table_load(&os->syn, dir, "synonyms.csv");
    os->o = xrealloc(NULL, cap, sizeof *os->o);
    const table_t *s = &os->ssyk;
    if (table_col(s, "code", "ssyk2012.csv") != 0 || table_col(s, "label_sv", "ssyk2012.csv") != 2)
        die("ssyk2012.csv: expected columns code,level,label_sv,...");
    for (size_t i = 1; i < s->rows; i++)
        if (strcmp(table_get(s, i, 1), "4") == 0)
            occs_add(os, table_get(s, i, 0), table_get(s, i, 2), &cap);
    const table_t *y = &os->syn;
    size_t ct = table_col(y, "text", "synonyms.csv"), cs = table_col(y, "ssyk", "synonyms.csv"),
           cc = table_col(y, "competence", "synonyms.csv");
    for (size_t i = 1; i < y->rows; i++) {
        const char *text = table_get(y, i, ct), *code = table_get(y, i, cs),
                   *comp = table_get(y, i, cc);
        if (!*text || (!*code && !*comp)) continue;
        occ_t *o = occs_find(os, *code ? code : NULL, comp);
        if (!o && *code) {
            const char *label = ssyk_label(s, code);
            if (!label) continue; /* not an SSYK code: leave it to needmap's own tests */
            o = occs_add(os, code, label, &cap);
        } else if (!o) {
            o = occs_add(os, NULL, comp, &cap);
        }
        occs_add_text(o, text);
    }
    /* Most texts first (the everyday occupations), ties in seeded order. */
    for (size_t i = 0; i < os->n; i++) os->o[i].key = rng_next(r);
    qsort(os->o, os->n, sizeof *os->o, occ_order);
    os->use = use < os->n ? use : os->n;
    os->cum = xrealloc(NULL, os->use, sizeof *os->cum);
    uint64_t sum = 0;
    for (size_t i = 0; i < os->use; i++) os->cum[i] = sum += 1000000 / (i + 2) + 2000;
}

/* An item in use, Zipf-like: the first items are asked for most. */
static size_t occs_sample(const occs_t *os, rng_t *r)
{
    uint64_t u = rng_next(r) % os->cum[os->use - 1];
    size_t lo = 0, hi = os->use - 1;
    while (lo < hi) {
        size_t mid = (lo + hi) / 2;
        if (os->cum[mid] > u) hi = mid;
        else lo = mid + 1;
    }
    return lo;
}

static void occs_free(occs_t *os)
{
    for (size_t i = 0; i < os->n; i++) free(os->o[i].text);
    free(os->o);
    free(os->cum);
    table_free(&os->ssyk);
    table_free(&os->syn);
}

/* ------------------------------------------------------------------------ */
/* Output: text is built in UTF-8 and converted on the way out.             */

typedef enum { ENC_UTF8, ENC_UTF8_BOM, ENC_CP1252, ENC_UTF16LE } enc_t;

typedef struct {
    const char *name; /* for --dialect and the truth file */
    char delim;       /* 0 for JSON */
    enc_t enc;
    int crlf;
    const char *ext;
} dialect_t;

static const dialect_t dialects[] = {
    {"excel", ';', ENC_CP1252, 1, "csv"},    /* Swedish Excel "CSV (semikolonavgränsad)" */
    {"utf8bom", ',', ENC_UTF8_BOM, 0, "csv"}, /* web-form export */
    {"utf16", '\t', ENC_UTF16LE, 1, "txt"},  /* "Unicode text" */
    {"utf8", ',', ENC_UTF8, 0, "csv"},
    {"json", 0, ENC_UTF8, 0, "json"},
    {"utf8semi", ';', ENC_UTF8, 1, "csv"},   /* stands in for JSON in big or wide files */
};
enum { D_EXCEL, D_UTF8BOM, D_UTF16, D_UTF8, D_JSON, D_UTF8SEMI, D_COUNT, D_AUTO = -1 };

typedef struct {
    FILE *fp;
    enc_t enc;
    char *buf;          /* staged UTF-8 */
    size_t len, cap;
    unsigned char *out; /* converted bytes */
    uint64_t bytes;     /* bytes written to the file */
} sink_t;

static void sink_convert_write(sink_t *s, const char *p, size_t n)
{
    if (s->enc == ENC_UTF8 || s->enc == ENC_UTF8_BOM) {
        if (fwrite(p, 1, n, s->fp) != n) die("write error: %s", strerror(errno));
        s->bytes += n;
        return;
    }
    const unsigned char *u = (const unsigned char *)p, *end = u + n;
    size_t o = 0;
    while (u < end) {
        uint32_t c = utf8_next(&u);
        if (s->enc == ENC_CP1252) {
            int b = cp1252_byte(c);
            if (b < 0) die("bug: U+%04X has no Windows-1252 byte", (unsigned)c);
            s->out[o++] = (unsigned char)b;
        } else if (c < 0x10000) {
            s->out[o++] = (unsigned char)(c & 0xFF);
            s->out[o++] = (unsigned char)(c >> 8);
        } else {
            c -= 0x10000;
            uint32_t hi = 0xD800 + (c >> 10), lo = 0xDC00 + (c & 0x3FF);
            s->out[o++] = (unsigned char)(hi & 0xFF);
            s->out[o++] = (unsigned char)(hi >> 8);
            s->out[o++] = (unsigned char)(lo & 0xFF);
            s->out[o++] = (unsigned char)(lo >> 8);
        }
    }
    if (fwrite(s->out, 1, o, s->fp) != o) die("write error: %s", strerror(errno));
    s->bytes += o;
}

static void sink_flush(sink_t *s)
{
    sink_convert_write(s, s->buf, s->len);
    s->len = 0;
}

/* Append whole UTF-8 text (never a split character). */
static void sink_put(sink_t *s, const char *p, size_t n)
{
    if (s->len + n > s->cap) sink_flush(s);
    if (n > s->cap) die("bug: %zu-byte line", n);
    memcpy(s->buf + s->len, p, n);
    s->len += n;
}

static void sink_open(sink_t *s, const char *path, enc_t enc)
{
    memset(s, 0, sizeof *s);
    s->fp = fopen(path, "wb");
    if (!s->fp) die("%s: cannot create: %s", path, strerror(errno));
    s->enc = enc;
    s->cap = 1 << 20;
    s->buf = xmalloc(s->cap);
    s->out = xmalloc(2 * s->cap);
    if (enc == ENC_UTF8_BOM) sink_put(s, "\xEF\xBB\xBF", 3);
    if (enc == ENC_UTF16LE) sink_put(s, "\xEF\xBB\xBF", 3); /* U+FEFF -> FF FE */
}

static void sink_close(sink_t *s, const char *path)
{
    sink_flush(s);
    if (fclose(s->fp) != 0) die("%s: write error: %s", path, strerror(errno));
    free(s->buf);
    free(s->out);
}

/* One output line under construction. */
typedef struct {
    char buf[LINE_CAP];
    size_t len;
    int nfields;
    char delim;
} line_t;

static void line_start(line_t *l, char delim)
{
    l->len = 0;
    l->nfields = 0;
    l->delim = delim;
}

static void line_raw(line_t *l, const char *s, size_t n)
{
    if (l->len + n + 8 > LINE_CAP) die("bug: line longer than %d bytes", LINE_CAP);
    memcpy(l->buf + l->len, s, n);
    l->len += n;
}

/* Append a CSV field, quoted when it holds the delimiter, a quote or a line break. */
static void line_field(line_t *l, const char *s)
{
    if (l->nfields++) line_raw(l, &l->delim, 1);
    size_t n = strlen(s);
    int quote = 0;
    for (size_t i = 0; i < n && !quote; i++)
        quote = s[i] == l->delim || s[i] == '"' || s[i] == '\n' || s[i] == '\r';
    if (!quote) {
        line_raw(l, s, n);
        return;
    }
    line_raw(l, "\"", 1);
    for (const char *p = s; *p; p++) {
        line_raw(l, p, 1);
        if (*p == '"') line_raw(l, "\"", 1);
    }
    line_raw(l, "\"", 1);
}

static void line_end(line_t *l, sink_t *s, int crlf)
{
    line_raw(l, crlf ? "\r\n" : "\n", crlf ? 2 : 1);
    sink_put(s, l->buf, l->len);
}

/* Append s as a JSON string. */
static void line_json_string(line_t *l, const char *s)
{
    line_raw(l, "\"", 1);
    for (const char *p = s; *p; p++) {
        if (*p == '"' || *p == '\\') line_raw(l, "\\", 1), line_raw(l, p, 1);
        else if (*p == '\n') line_raw(l, "\\n", 2);
        else if (*p == '\r') line_raw(l, "\\r", 2);
        else if (*p == '\t') line_raw(l, "\\t", 2);
        else line_raw(l, p, 1);
    }
    line_raw(l, "\"", 1);
}

/* Decimal digits of v into out (a small buffer); returns out. */
static char *utoa(uint64_t v, char *out)
{
    char tmp[24];
    int n = 0;
    do tmp[n++] = (char)('0' + v % 10); while (v /= 10);
    for (int i = 0; i < n; i++) out[i] = tmp[n - 1 - i];
    out[n] = '\0';
    return out;
}

/* ------------------------------------------------------------------------ */
/* What was planted                                                         */

typedef enum { NEED_RECRUITMENT, NEED_UPSKILLING, NEED_INTEREST, NEED_UNKNOWN, NEED_KINDS } need_t;
static const char *const need_key[NEED_KINDS] = {"recruitment", "upskilling", "interest", "unknown"};

/* Defects, named as needmap's rejection reasons. */
typedef enum {
    BAD_NONE, BAD_UNKNOWN_MUNI, BAD_NO_MUNI, BAD_NEGATIVE, BAD_NOT_NUMBER, BAD_NO_COMPETENCE,
    BAD_KINDS
} bad_t;
static const char *const bad_key[BAD_KINDS] = {
    "", "unknown_municipality", "no_municipality", "count_negative", "count_not_number",
    "no_competence"};

typedef enum { SKIP_HEADER, SKIP_PREAMBLE, SKIP_BLANK, SKIP_TOTAL, SKIP_SEP, SKIP_KINDS } skip_t;
static const char *const skip_key[SKIP_KINDS] = {"header", "preamble", "blank", "total_row",
                                                 "sep_line"};

typedef struct {
    char file[64];
    const char *layout, *dialect;
    uint64_t bytes;
    uint64_t data_rows, rows_accepted, rows_rejected, needs_good, needs_rejected;
    uint64_t bad[BAD_KINDS];
    uint64_t skipped[SKIP_KINDS];
    uint64_t needs[NEED_KINDS], without_count[NEED_KINDS];
    double demand[NEED_KINDS], low[NEED_KINDS], high[NEED_KINDS]; /* exact: halves at most */
} truth_t;

/* A count cell: its text and what it means. */
typedef struct {
    char text[40];
    int has_number;          /* 0: "vet ej", empty, "x": a need without a number */
    double point, low, high; /* the value; a range counts its midpoint */
    int json_number;         /* can be written as a bare JSON number */
    int excel_numeric;       /* Excel's SUMMA would add it */
    double excel_value;
} count_t;

/* One need on a row: its type, count and defect (count or competence). */
typedef struct {
    need_t need;
    count_t count;
    bad_t bad;
} cell_t;

static void truth_row(truth_t *t, bad_t muni_bad, const cell_t *cells, int n)
{
    t->data_rows++;
    if (muni_bad) { /* the whole row goes; its needs are not counted as needs */
        t->rows_rejected++;
        t->bad[muni_bad]++;
        return;
    }
    int good = 0;
    for (int i = 0; i < n; i++) {
        const cell_t *c = &cells[i];
        if (c->bad) {
            t->needs_rejected++;
            t->bad[c->bad]++;
            continue;
        }
        good++;
        t->needs_good++;
        t->needs[c->need]++;
        if (!c->count.has_number) {
            t->without_count[c->need]++;
            continue;
        }
        t->demand[c->need] += c->count.point;
        t->low[c->need] += c->count.low;
        t->high[c->need] += c->count.high;
    }
    if (good) t->rows_accepted++;
    else t->rows_rejected++;
}

static void truth_add(truth_t *sum, const truth_t *t)
{
    sum->bytes += t->bytes;
    sum->data_rows += t->data_rows;
    sum->rows_accepted += t->rows_accepted;
    sum->rows_rejected += t->rows_rejected;
    sum->needs_good += t->needs_good;
    sum->needs_rejected += t->needs_rejected;
    for (int i = 0; i < BAD_KINDS; i++) sum->bad[i] += t->bad[i];
    for (int i = 0; i < SKIP_KINDS; i++) sum->skipped[i] += t->skipped[i];
    for (int i = 0; i < NEED_KINDS; i++) {
        sum->needs[i] += t->needs[i];
        sum->without_count[i] += t->without_count[i];
        sum->demand[i] += t->demand[i];
        sum->low[i] += t->low[i];
        sum->high[i] += t->high[i];
    }
}

static uint64_t truth_skipped(const truth_t *t)
{
    uint64_t n = 0;
    for (int i = 0; i < SKIP_KINDS; i++) n += t->skipped[i];
    return n;
}

/* A sum of halves, in one canonical form: "12" or "12.5". */
static void print_amount(FILE *f, double v)
{
    if (v == (double)(int64_t)v) fprintf(f, ",%lld", (long long)v);
    else fprintf(f, ",%.1f", v);
}

static void truth_write(const char *path, const truth_t *files, size_t n)
{
    FILE *f = fopen(path, "wb");
    if (!f) die("%s: cannot create: %s", path, strerror(errno));
    fputs("file,layout,dialect,bytes,rows_read,data_rows,rows_accepted,rows_rejected,"
          "rows_skipped,needs_accepted,needs_rejected", f);
    for (int b = 1; b < BAD_KINDS; b++) fprintf(f, ",rejected_%s", bad_key[b]);
    for (int k = 0; k < SKIP_KINDS; k++) fprintf(f, ",skipped_%s", skip_key[k]);
    for (int k = 0; k < NEED_KINDS; k++)
        fprintf(f, ",%s_needs,%s_demand,%s_demand_low,%s_demand_high,%s_needs_without_count",
                need_key[k], need_key[k], need_key[k], need_key[k], need_key[k]);
    fputs("\n", f);
    truth_t total;
    memset(&total, 0, sizeof total);
    snprintf(total.file, sizeof total.file, "TOTAL");
    total.layout = total.dialect = "";
    for (size_t i = 0; i <= n; i++) {
        const truth_t *t = i < n ? &files[i] : &total;
        if (i < n) truth_add(&total, t);
        uint64_t skipped = truth_skipped(t);
        fprintf(f, "%s,%s,%s,%llu,%llu,%llu,%llu,%llu,%llu,%llu,%llu", t->file, t->layout,
                t->dialect, (unsigned long long)t->bytes,
                (unsigned long long)(t->data_rows + skipped), (unsigned long long)t->data_rows,
                (unsigned long long)t->rows_accepted, (unsigned long long)t->rows_rejected,
                (unsigned long long)skipped, (unsigned long long)t->needs_good,
                (unsigned long long)t->needs_rejected);
        for (int b = 1; b < BAD_KINDS; b++) fprintf(f, ",%llu", (unsigned long long)t->bad[b]);
        for (int k = 0; k < SKIP_KINDS; k++)
            fprintf(f, ",%llu", (unsigned long long)t->skipped[k]);
        for (int k = 0; k < NEED_KINDS; k++) {
            fprintf(f, ",%llu", (unsigned long long)t->needs[k]);
            print_amount(f, t->demand[k]);
            print_amount(f, t->low[k]);
            print_amount(f, t->high[k]);
            fprintf(f, ",%llu", (unsigned long long)t->without_count[k]);
        }
        fputs("\n", f);
    }
    if (fclose(f) != 0) die("%s: write error", path);
}

/* ------------------------------------------------------------------------ */
/* Values as respondents write them                                         */

/* A plausible number of people for this kind of need. */
static int count_base(rng_t *r, need_t need)
{
    uint32_t u = rng_below(r, 100);
    switch (need) {
    case NEED_INTEREST: return u < 80 ? 1 : u < 95 ? 2 : 3 + (int)rng_below(r, 3);
    case NEED_UPSKILLING: return u < 90 ? 2 + (int)rng_below(r, 15) : 15 + (int)rng_below(r, 40);
    default: return u < 93 ? 1 + (int)rng_below(r, 6) : 6 + (int)rng_below(r, 25);
    }
}

static void count_set(count_t *c, double point, double low, double high)
{
    c->has_number = 1;
    c->point = point;
    c->low = low;
    c->high = high;
}

/* A good count cell.  empty_ok: an empty cell means "no number" here (in
 * typed and wide columns an empty cell means no need, so it is not written);
 * tick_ok: "x" may be used (matrix exports). */
static void gen_count(rng_t *r, need_t need, int empty_ok, int tick_ok, count_t *c)
{
    static const char *const unknown_texts[] = {"vet ej", "Vet ej", "okänt", "vet ej", "VET EJ"};
    memset(c, 0, sizeof *c);
    int v = count_base(r, need);
    uint32_t u = rng_below(r, 1000);
    if (u < 760) {
        snprintf(c->text, sizeof c->text, "%d", v);
        count_set(c, v, v, v);
        c->json_number = c->excel_numeric = 1;
        c->excel_value = v;
    } else if (u < 815) { /* range: kept low and high, counted at the midpoint */
        int hi = v + 1 + (int)rng_below(r, 4);
        snprintf(c->text, sizeof c->text, "%d%s%d", v, rng_permille(r, 300) ? "\xE2\x80\x93" : "-",
                 hi);
        count_set(c, (v + hi) / 2.0, v, hi);
    } else if (u < 845) {
        static const char *const approx[] = {"ca %d", "ca %d", "cirka %d", "~%d", "Ca %d"};
        snprintf(c->text, sizeof c->text, PICK(r, approx), v);
        count_set(c, v, v, v);
    } else if (u < 870) { /* "10+": a lower bound, kept as 10 */
        snprintf(c->text, sizeof c->text, "%d+", v);
        count_set(c, v, v, v);
    } else if (u < 900) {
        snprintf(c->text, sizeof c->text, "%d,0", v);
        count_set(c, v, v, v);
        c->excel_numeric = 1;
        c->excel_value = v;
    } else if (u < 908) {
        snprintf(c->text, sizeof c->text, "%d,5", v);
        count_set(c, v + 0.5, v + 0.5, v + 0.5);
        c->excel_numeric = 1;
        c->excel_value = v + 0.5;
    } else if (u < 928) {
        snprintf(c->text, sizeof c->text, rng_permille(r, 700) ? "%d st" : "%d personer", v);
        count_set(c, v, v, v);
    } else if (u < 930) { /* thousands with a space or a no-break space */
        int big = 1000 + (int)rng_below(r, 1500);
        snprintf(c->text, sizeof c->text, "%d%s%03d", big / 1000,
                 rng_permille(r, 500) ? " " : "\xC2\xA0", big % 1000);
        count_set(c, big, big, big);
    } else { /* no number: still a need */
        uint32_t w = rng_below(r, 10);
        if (w < 3 && empty_ok) c->text[0] = '\0';
        else if (w < 5 && tick_ok) snprintf(c->text, sizeof c->text, "x");
        else snprintf(c->text, sizeof c->text, "%s", PICK(r, unknown_texts));
    }
}

/* A bad count cell: negative, or text that is no number. */
static void gen_bad_count(rng_t *r, bad_t bad, count_t *c)
{
    static const char *const words[] = {"många", "flera", "se nedan", "några", "Många!", "flera st"};
    memset(c, 0, sizeof *c);
    if (bad == BAD_NEGATIVE) {
        int v = 1 + (int)rng_below(r, 5);
        snprintf(c->text, sizeof c->text, "-%d", v);
        c->json_number = c->excel_numeric = 1;
        c->excel_value = -v;
    } else {
        snprintf(c->text, sizeof c->text, "%s", PICK(r, words));
    }
}

static const char *need_text(rng_t *r, need_t need)
{
    static const char *const rec[] = {"Rekrytering", "Rekrytering", "Rekrytering", "Rekrytering",
                                      "Rekrytering", "rekrytering", "REKRYTERING", "Rekrytera",
                                      "Nyanställning", "Recruitment"};
    static const char *const ups[] = {"Kompetensutveckling", "Kompetensutveckling",
                                      "Kompetensutveckling", "Kompetensutveckling",
                                      "kompetensutveckling", "Vidareutbildning", "Fortbildning",
                                      "Upskilling"};
    static const char *const intr[] = {"Intresse", "Intresse", "Intresse", "intresse",
                                       "Intresserad", "Interest"};
    switch (need) {
    case NEED_RECRUITMENT: return PICK(r, rec);
    case NEED_UPSKILLING: return PICK(r, ups);
    case NEED_INTEREST: return PICK(r, intr);
    default: return "";
    }
}

static const char *level_text(rng_t *r, need_t need)
{
    static const char *const full[] = {"YH", "YH", "Yrkeshögskola", "Högskola", "Universitet",
                                       "Komvux", "Vuxenutbildning", "Yrkesvux", "", "Annat"};
    static const char *const shortc[] = {"Uppdragsutbildning", "Kurs", "Kortkurs", "YH",
                                         "Uppdragsutbildning", "Högskola", ""};
    return need == NEED_UPSKILLING ? PICK(r, shortc) : PICK(r, full);
}

static const char *mode_text(rng_t *r)
{
    static const char *const modes[] = {"Distans", "Distans", "Distans", "Online", "Hybrid",
                                        "Hybrid", "Flexibel", "På plats", "På plats",
                                        "Närundervisning", "Campus", ""};
    return PICK(r, modes);
}

static const char *horizon_text(rng_t *r)
{
    static const char *const horizons[] = {"0-1 år", "0-1 år", "1-3 år", "1-3 år", "1–3 år",
                                           "3-5 år", "inom 1 år", "2 år", "1-3 years", ""};
    return PICK(r, horizons);
}

static const char *comment_text(rng_t *r)
{
    static const char *const comments[] = {
        "Stor brist i hemtjänsten; särskilt i byarna",
        "Skiftarbete, egen boende finns",
        "Kräver \"CE\" och YKB",
        "Demens och palliativ vård – hela hemtjänsten",
        "Gärna distans\nhelst kvällstid",
        "Behöver körkort B",
        "Svårrekryterat sedan 2022",
        "Pensionsavgångar inom 3 år",
        "Se bilaga",
        "Minskat behov, färre barn",
        "Ring mig på 070-000 00 99 om frågor",
    };
    return PICK(r, comments);
}

/* ------------------------------------------------------------------------ */
/* Files                                                                    */

typedef enum { L_LONG, L_TYPED, L_WIDE } layout_t;
static const char *const layout_name[] = {"long", "typed", "wide"};

typedef enum { KIND_MUNICIPAL, KIND_COMPANY, KIND_PERSON } kind_t;

/* How a municipality is written. */
typedef enum {
    MS_SHORT, MS_OFFICIAL, MS_CODE, MS_CODE_NAME, MS_UPPER, MS_UPPER_SHORT, MS_LOWER, MS_PLAIN,
    MS_SPACED, MS_CODE_NOZERO, MS_KINDS
} muni_style_t;

/* How an occupation is written. */
typedef enum { OS_CODE, OS_CODE_LABEL, OS_LABEL, OS_TEXT } occ_style_t;

/* Column roles this generator writes. */
typedef enum {
    C_MUNI, C_ORG, C_RESPID, C_KIND, C_SSYK, C_YRKE, C_COUNT, C_COUNT_REC, C_COUNT_UPS, C_NEED,
    C_LEVEL, C_MODE, C_HORIZON, C_CONTACT, C_EMAIL, C_PHONE, C_COMMENT, C_TIME, C_COUNTY,
    C_ROLES, C_WIDE = C_ROLES
} role_t;

typedef struct {
    role_t role;
    const char *header;
    size_t item; /* C_WIDE: the occupation */
} col_t;

typedef struct {
    const munis_t *ms;
    const occs_t *os;
    char **unknown;
    size_t nunknown;
    uint32_t *muni_use; /* --munis: indexes of the municipalities in use */
    size_t nmuni_use;
    uint32_t bad_ppm;   /* --bad-rate in parts per million */
} world_t;

typedef struct {
    size_t index;
    const dialect_t *d;
    layout_t layout;
    kind_t kind;              /* who answered this survey */
    muni_style_t muni_style;  /* how this file mostly writes municipalities */
    rng_t rng;
    col_t col[MAX_COLS];
    int ncol;
    int nwide;                /* wide: occupation columns */
    int ssyk_col;             /* long: has an SSYK column besides Yrke */
    uint64_t rows;            /* data rows to write */
    truth_t *truth;
    /* the respondent being written */
    uint32_t muni;
    muni_style_t resp_style;
    char org[128];
    uint64_t resp_id;
    int resp_left, resp_first;
    uint64_t clock;           /* seconds, for Tidsstämpel */
    double sums[MAX_COLS];    /* what Excel's SUMMA would show per column */
} file_t;

static void add_col(file_t *f, role_t role, const char *header)
{
    if (f->ncol == MAX_COLS) die("bug: too many columns");
    f->col[f->ncol].role = role;
    f->col[f->ncol].header = header;
    f->col[f->ncol].item = 0;
    f->ncol++;
}

static int enc_ok(const file_t *f, const char *s)
{
    return f->d->enc != ENC_CP1252 || cp1252_ok(s);
}

/* The municipality cell of the current respondent. */
static void muni_cell(const world_t *w, file_t *f, bad_t bad, char *out, size_t cap)
{
    rng_t *r = &f->rng;
    if (bad == BAD_UNKNOWN_MUNI) {
        snprintf(out, cap, "%s", w->unknown[rng_below(r, (uint32_t)w->nunknown)]);
        return;
    }
    if (bad == BAD_NO_MUNI) {
        snprintf(out, cap, "%s", rng_permille(r, 800) ? "" : " ");
        return;
    }
    const muni_t *m = &w->ms->m[f->muni];
    switch (f->resp_style) {
    case MS_OFFICIAL: snprintf(out, cap, "%s", m->name); break;
    case MS_CODE: snprintf(out, cap, "%s", m->code); break;
    case MS_CODE_NAME: snprintf(out, cap, "%s %s", m->code, m->short_); break;
    case MS_UPPER: change_case(m->name, out, cap, 1); break;
    case MS_UPPER_SHORT: change_case(m->short_, out, cap, 1); break;
    case MS_LOWER: change_case(m->short_, out, cap, 0); break;
    case MS_PLAIN: snprintf(out, cap, "%s", m->plain[0] ? m->plain : m->short_); break;
    case MS_SPACED: snprintf(out, cap, " %s  ", m->short_); break;
    case MS_CODE_NOZERO: snprintf(out, cap, "%s", m->code + (m->code[0] == '0')); break;
    default: snprintf(out, cap, "%s", m->short_); break;
    }
    if (!enc_ok(f, out)) snprintf(out, cap, "%s", m->code);
}

/* Yrke and SSYK cells for item it (both "" for a missing occupation). */
static void occ_cells(const world_t *w, file_t *f, size_t it, int missing, char *yrke,
                      char *ssyk, size_t cap)
{
    rng_t *r = &f->rng;
    const occ_t *o = &w->os->o[it];
    yrke[0] = ssyk[0] = '\0';
    if (missing) return;
    uint32_t u = rng_below(r, 100);
    occ_style_t st = !o->code ? OS_TEXT
                     : u < 20 ? OS_CODE
                     : u < 25 ? OS_CODE_LABEL
                     : u < 45 || !o->ntext ? OS_LABEL
                              : OS_TEXT;
    const char *text = o->ntext ? o->text[rng_below(r, (uint32_t)o->ntext)] : o->label;
    if (st == OS_LABEL) text = o->label;
    if (!enc_ok(f, text)) { /* fall back to the code, else any writable text */
        st = o->code ? OS_CODE : OS_TEXT;
        text = "";
        for (size_t i = 0; i < o->ntext && !*text; i++)
            if (enc_ok(f, o->text[i])) text = o->text[i];
    }
    if (st == OS_CODE && f->ssyk_col) {
        snprintf(ssyk, cap, "%s", o->code);
        if (rng_permille(r, 600) && enc_ok(f, o->label)) snprintf(yrke, cap, "%s", o->label);
    } else if (st == OS_CODE) {
        snprintf(yrke, cap, "%s", o->code);
    } else if (st == OS_CODE_LABEL && enc_ok(f, o->label)) {
        snprintf(yrke, cap, "%s %s", o->code, o->label);
    } else if (st == OS_CODE_LABEL) {
        snprintf(yrke, cap, "%s", o->code);
    } else {
        snprintf(yrke, cap, "%s", text);
    }
    if (!yrke[0] && !ssyk[0]) die("bug: no writable text for '%s'", o->label);
}

/* An item whose texts can be written in this file. */
static size_t occ_pick(const world_t *w, file_t *f)
{
    for (;;) {
        size_t it = occs_sample(w->os, &f->rng);
        const occ_t *o = &w->os->o[it];
        if (o->code) return it;
        for (size_t i = 0; i < o->ntext; i++)
            if (enc_ok(f, o->text[i])) return it;
    }
}

static need_t pick_need(file_t *f)
{
    rng_t *r = &f->rng;
    uint32_t u = rng_below(r, 1000);
    if (u < 15) return NEED_UNKNOWN; /* Behov left empty */
    if (f->kind == KIND_PERSON) return NEED_INTEREST;
    if (f->kind == KIND_MUNICIPAL) return u < 560 ? NEED_RECRUITMENT : NEED_UPSKILLING;
    return u < 650 ? NEED_RECRUITMENT : NEED_UPSKILLING;
}

static bad_t pick_bad(const world_t *w, file_t *f)
{
    if (rng_below(&f->rng, 1000000) >= w->bad_ppm) return BAD_NONE;
    uint32_t k = rng_below(&f->rng, 4);
    if (f->layout == L_WIDE) /* a wide row has no occupation cell to leave out */
        return k == 0 ? BAD_UNKNOWN_MUNI : k == 1 ? BAD_NO_MUNI : k == 2 ? BAD_NEGATIVE
                                                                          : BAD_NOT_NUMBER;
    return k == 0 ? BAD_UNKNOWN_MUNI : k == 1 ? BAD_NEGATIVE : k == 2 ? BAD_NOT_NUMBER
                                                                      : BAD_NO_COMPETENCE;
}

/* Start the next respondent: where, who, how many rows. */
static void next_respondent(const world_t *w, file_t *f)
{
    static const char *const depts[] = {
        "Socialförvaltningen", "Barn- och utbildningsförvaltningen", "Omsorgsförvaltningen",
        "Tekniska förvaltningen", "Kultur- och fritidsförvaltningen", "Kommunledningskontoret",
        "Miljö- och byggförvaltningen", "Individ- och familjeomsorgen"};
    static const char *const trades[] = {"Bygg", "Vård", "Transport", "Gruvteknik", "El",
                                         "Verkstad", "Skog", "Turism", "IT", "Omsorg",
                                         "Fastighet", "Livs & Café", "Maskin"};
    rng_t *r = &f->rng;
    f->muni = w->muni_use[rng_below(r, (uint32_t)w->nmuni_use)];
    const muni_t *m = &w->ms->m[f->muni];
    f->resp_style = rng_permille(r, 750) ? f->muni_style : (muni_style_t)rng_below(r, MS_KINDS);
    f->resp_id++;
    f->resp_first = 1;
    f->clock += 60 + rng_below(r, 7200);
    switch (f->kind) {
    case KIND_MUNICIPAL:
        snprintf(f->org, sizeof f->org, "%s", PICK(r, depts));
        f->resp_left = 1 + (int)rng_below(r, 12);
        break;
    case KIND_COMPANY:
        snprintf(f->org, sizeof f->org, "%s %s%s AB", m->plain[0] ? m->plain : m->short_,
                 PICK(r, trades), rng_permille(r, 200) ? ", Exempel" : "");
        f->resp_left = 1 + (int)rng_below(r, 6);
        break;
    default:
        f->org[0] = '\0';
        f->resp_left = 1 + (rng_permille(r, 200) ? 1 : 0);
        break;
    }
}

/* Fake personal data: obviously invented, at example.se. */
typedef struct {
    char name[48], email[80], phone[24];
} person_t;

static void person(rng_t *r, uint64_t id, person_t *p)
{
    static const char *const first[] = {"Anna", "Bo", "Cecilia", "David", "Eva", "Fredrik",
                                        "Greta", "Hans", "Ingrid", "Jonas", "Karin", "Lars",
                                        "Åsa", "Örjan"};
    static const char *const last[] = {"Exempel", "Testsson", "Provsson", "Demosson", "Fiktiv",
                                       "Påhittad"};
    const char *fn = PICK(r, first), *ln = PICK(r, last);
    char a[24], b[24];
    snprintf(p->name, sizeof p->name, "%s %s", fn, ln);
    strip_diacritics(fn, a, sizeof a);
    strip_diacritics(ln, b, sizeof b);
    change_case(a, a, sizeof a, 0);
    change_case(b, b, sizeof b, 0);
    snprintf(p->email, sizeof p->email, "%s.%s@example.se", a, b);
    snprintf(p->phone, sizeof p->phone, "070-000 %02u %02u", (unsigned)(id / 100 % 100),
             (unsigned)(id % 100));
}

static void timestamp(uint64_t clock, char *out, size_t cap)
{
    /* 2025-02-03 08:00:00 plus clock seconds, months of 28 days: plausible, portable */
    uint64_t day = clock / 86400, sec = clock % 86400;
    snprintf(out, cap, "2025-%02u-%02u %02u:%02u:%02u", (unsigned)(2 + day / 28 % 10),
             (unsigned)(1 + day % 28), (unsigned)(8 + sec / 3600 % 12), (unsigned)(sec / 60 % 60),
             (unsigned)(sec % 60));
}

/* Values of one row by role, pointing into its own buffers. */
typedef struct {
    const char *v[C_ROLES];
    char muni[128], yrke[256], ssyk[16], respid[24], time[32];
    person_t who;
    char wide[MAX_WIDE][40];
} rowvals_t;

static void fill_common(const world_t *w, file_t *f, rowvals_t *rv, bad_t muni_bad)
{
    rng_t *r = &f->rng;
    static const char *const kinds_mun[] = {"Kommun", "Kommun", "Offentlig", "Region"};
    static const char *const kinds_com[] = {"Företag", "Företag", "Näringsliv"};
    for (int i = 0; i < C_ROLES; i++) rv->v[i] = "";
    muni_cell(w, f, muni_bad, rv->muni, sizeof rv->muni);
    rv->v[C_MUNI] = rv->muni;
    rv->v[C_ORG] = f->org;
    rv->v[C_RESPID] = utoa(f->resp_id + 1000, rv->respid);
    rv->v[C_KIND] = f->kind == KIND_MUNICIPAL ? PICK(r, kinds_mun)
                    : f->kind == KIND_COMPANY ? PICK(r, kinds_com)
                                              : "Privatperson";
    rv->v[C_COUNTY] = w->ms->m[f->muni].county;
    if (!enc_ok(f, rv->v[C_COUNTY])) rv->v[C_COUNTY] = "";
    timestamp(f->clock, rv->time, sizeof rv->time);
    rv->v[C_TIME] = rv->time;
    /* contact details on a respondent's first row (residents often leave them out) */
    if ((f->resp_first && (f->kind != KIND_PERSON || rng_permille(r, 400))) || rng_permille(r, 30)) {
        person(r, f->resp_id, &rv->who);
        rv->v[C_CONTACT] = rv->who.name;
        rv->v[C_EMAIL] = rv->who.email;
        rv->v[C_PHONE] = rv->who.phone;
    }
    if (rng_permille(r, 40)) rv->v[C_COMMENT] = comment_text(r);
    f->resp_first = 0;
}

/* Write the row's values in column order; occasionally with 2 empty trailing
 * columns, as hand-edited sheets have. */
static void emit_row(file_t *f, sink_t *s, const rowvals_t *rv)
{
    line_t l;
    line_start(&l, f->d->delim);
    for (int i = 0; i < f->ncol; i++) {
        const col_t *c = &f->col[i];
        line_field(&l, c->role == C_WIDE ? rv->wide[c->item] : rv->v[c->role]);
    }
    if (rng_permille(&f->rng, 20)) line_field(&l, ""), line_field(&l, "");
    line_end(&l, s, f->d->crlf);
}

static void sum_cell(file_t *f, role_t role, size_t item, const count_t *c)
{
    if (!c->excel_numeric) return;
    for (int i = 0; i < f->ncol; i++)
        if (f->col[i].role == role && (role != C_WIDE || f->col[i].item == item))
            f->sums[i] += c->excel_value;
}

/* A long row: one need (L_LONG) or one need per typed count column (L_TYPED). */
static void gen_long_row(const world_t *w, file_t *f, rowvals_t *rv, bad_t *muni_bad,
                         cell_t *cells, int *ncells)
{
    rng_t *r = &f->rng;
    bad_t bad = pick_bad(w, f);
    *muni_bad = bad == BAD_UNKNOWN_MUNI || bad == BAD_NO_MUNI ? bad : BAD_NONE;
    fill_common(w, f, rv, *muni_bad);
    size_t it = occ_pick(w, f);
    occ_cells(w, f, it, bad == BAD_NO_COMPETENCE, rv->yrke, rv->ssyk, sizeof rv->yrke);
    rv->v[C_YRKE] = rv->yrke;
    rv->v[C_SSYK] = rv->ssyk;
    if (f->layout == L_LONG) {
        cell_t *c = &cells[0];
        c->need = pick_need(f);
        c->bad = bad == BAD_NEGATIVE || bad == BAD_NOT_NUMBER || bad == BAD_NO_COMPETENCE ? bad
                                                                                       : BAD_NONE;
        if (bad == BAD_NEGATIVE || bad == BAD_NOT_NUMBER) gen_bad_count(r, bad, &c->count);
        else gen_count(r, c->need, 1, 0, &c->count);
        rv->v[C_COUNT] = c->count.text;
        rv->v[C_NEED] = need_text(r, c->need);
        rv->v[C_LEVEL] = level_text(r, c->need);
        *ncells = 1;
        sum_cell(f, C_COUNT, 0, &c->count);
    } else {
        /* typed: recruitment, upskilling or both; a missing occupation gets one */
        uint32_t u = rng_below(r, 100);
        int rec = u < 55 || u >= 80, ups = u >= 55;
        if (bad == BAD_NO_COMPETENCE) rec = u < 60, ups = !rec;
        int n = 0, bad_at = bad == BAD_NEGATIVE || bad == BAD_NOT_NUMBER
                                ? (int)rng_below(r, (uint32_t)(rec + ups)) : -1;
        static const role_t roles[2] = {C_COUNT_REC, C_COUNT_UPS};
        int want[2] = {rec, ups};
        for (int k = 0; k < 2; k++) {
            if (!want[k]) continue;
            cell_t *c = &cells[n];
            c->need = k == 0 ? NEED_RECRUITMENT : NEED_UPSKILLING;
            c->bad = n == bad_at ? bad : bad == BAD_NO_COMPETENCE ? BAD_NO_COMPETENCE : BAD_NONE;
            if (n == bad_at) gen_bad_count(r, bad, &c->count);
            else gen_count(r, c->need, 0, 0, &c->count);
            rv->v[roles[k]] = c->count.text;
            sum_cell(f, roles[k], 0, &c->count);
            n++;
        }
        rv->v[C_LEVEL] = level_text(r, ups && !rec ? NEED_UPSKILLING : NEED_RECRUITMENT);
        *ncells = n;
    }
    rv->v[C_MODE] = mode_text(r);
    rv->v[C_HORIZON] = horizon_text(r);
}

/* A wide row: one respondent, a count in some occupation columns. */
static void gen_wide_row(const world_t *w, file_t *f, rowvals_t *rv, bad_t *muni_bad,
                         cell_t *cells, int *ncells)
{
    rng_t *r = &f->rng;
    bad_t bad = pick_bad(w, f);
    *muni_bad = bad == BAD_UNKNOWN_MUNI || bad == BAD_NO_MUNI ? bad : BAD_NONE;
    fill_common(w, f, rv, *muni_bad);
    int filled[MAX_WIDE], n = 0;
    for (int j = 0; j < f->nwide; j++) {
        rv->wide[j][0] = '\0';
        filled[j] = rng_below(r, 1000) < (uint32_t)(100 + 400 * (f->nwide - j) / f->nwide);
        n += filled[j];
    }
    if (!n) filled[rng_below(r, (uint32_t)f->nwide)] = 1, n = 1;
    int bad_at = bad == BAD_NEGATIVE || bad == BAD_NOT_NUMBER ? (int)rng_below(r, (uint32_t)n) : -1;
    int k = 0;
    for (int j = 0; j < f->nwide; j++) {
        if (!filled[j]) continue;
        cell_t *c = &cells[k];
        c->need = NEED_UNKNOWN; /* a matrix without a need question */
        c->bad = k == bad_at ? bad : BAD_NONE;
        if (k == bad_at) gen_bad_count(r, bad, &c->count);
        else gen_count(r, NEED_RECRUITMENT, 0, 1, &c->count);
        snprintf(rv->wide[j], sizeof rv->wide[j], "%s", c->count.text);
        sum_cell(f, C_WIDE, (size_t)j, &c->count);
        k++;
    }
    *ncells = k;
}

/* Would a header with this text mean something other than an occupation by
 * docs/ingest.md?  Personal-data words anywhere in it, count keywords, or a
 * role's header name.  Such texts never head a wide occupation column.  (Only
 * the documented rules are followed here: where needmap reads more into a
 * header than it documents, the truth file says so by disagreeing.) */
static int header_clashes(const char *text)
{
    static const char *const anywhere[] = {
        "namn", "kontaktperson", "epost", "mejl", "telefon", "mobil", "adress", "personnummer",
        "kommentar", "ovrigt", "fritext", "synpunkt", "beskrivning", "anteckning", "motivering",
        "name", "email", "phone", "comment", "notes", "antal", "number", "count", "hurmanga"};
    static const char *const whole[] = {
        "kommun", "kommunnamn", "kommunkod", "kommunnummer", "hemkommun", "municipality",
        "municipalitycode", "yrke", "yrkesroll", "yrkestitel", "befattning", "tjanst", "roll",
        "kompetens", "kompetensomrade", "utbildningsbehov", "occupation", "jobtitle", "role",
        "competence", "skill", "ssyk", "ssykkod", "ssyk2012", "yrkeskod", "occupationcode",
        "quantity", "behov", "typavbehov", "behovstyp", "need", "needtype", "niva",
        "utbildningsniva", "utbildningstyp", "level", "utbildningsform", "studieform",
        "undervisningsform", "form", "mode", "delivery", "tidshorisont", "tidsperiod", "nar",
        "horizon", "when", "period", "organisation", "arbetsgivare", "foretag", "foretagsnamn",
        "forvaltning", "verksamhet", "enhet", "svarsid", "respondent", "responseid",
        "organisationsnummer", "typavorganisation", "organisationstyp", "sektor",
        "respondenttyp", "sector", "tidsstampel", "datum", "timestamp", "lan", "county", "rad",
        "rekrytering", "rekryteringsbehov", "recruitment", "kompetensutveckling",
        "kompetensutvecklingsbehov", "upskilling", "intresse", "intresserade", "interest"};
    char k[256];
    fold_key(text, k, sizeof k);
    if (strchr(text, '(') || strchr(text, '/') || !*k) return 1;
    for (size_t i = 0; i < sizeof anywhere / sizeof anywhere[0]; i++)
        if (strstr(k, anywhere[i])) return 1;
    for (size_t i = 0; i < sizeof whole / sizeof whole[0]; i++)
        if (strcmp(k, whole[i]) == 0) return 1;
    return 0;
}

/* Wide layout: distinct occupations, each under a header respondents would see. */
static void plan_wide(const world_t *w, file_t *f)
{
    rng_t *r = &f->rng;
    int want = 8 + (int)rng_below(r, MAX_WIDE - 8 + 1);
    size_t used[MAX_WIDE];
    for (int tries = 0; f->nwide < want && tries < 20000; tries++) {
        size_t it = occs_sample(w->os, r);
        const occ_t *o = &w->os->o[it];
        const char *text = o->ntext ? o->text[rng_below(r, (uint32_t)o->ntext)] : o->label;
        if (!enc_ok(f, text) || header_clashes(text)) continue;
        int dup = 0;
        for (int j = 0; j < f->nwide; j++) dup |= used[j] == it;
        if (dup) continue;
        used[f->nwide] = it;
        add_col(f, C_WIDE, text);
        f->col[f->ncol - 1].item = (size_t)f->nwide++;
    }
    if (!f->nwide) die("no occupation can head a wide column (try more --competences)");
}

/* Columns of a long file: names and order vary per file as real exports do. */
static void plan_long(file_t *f)
{
    rng_t *r = &f->rng;
    static const char *const mh[] = {"Kommun", "Kommun", "Kommunnamn", "Kommunkod", "Kommun"};
    static const char *const oh[] = {"Organisation", "Förvaltning", "Arbetsgivare", "Verksamhet"};
    static const char *const ch[] = {"Företag", "Företagsnamn", "Arbetsgivare", "Organisation"};
    static const char *const yh[] = {"Yrke", "Yrke", "Yrkesroll", "Befattning", "Yrkestitel",
                                     "Kompetens"};
    static const char *const sh[] = {"SSYK", "SSYK-kod", "Yrkeskod", "SSYK 2012"};
    static const char *const nh[] = {"Antal", "Antal", "Antal personer", "Antal (personer)"};
    static const char *const bh[] = {"Behov", "Behov", "Typ av behov", "Behovstyp"};
    static const char *const lh[] = {"Nivå", "Utbildningsnivå", "Utbildningstyp"};
    static const char *const fh[] = {"Utbildningsform", "Studieform", "Undervisningsform"};
    static const char *const th[] = {"Tidshorisont", "Tidsperiod", "När"};
    const char *muni_h = f->kind == KIND_PERSON ? "Hemkommun" : PICK(r, mh);
    if (strcmp(muni_h, "Kommunkod") == 0) f->muni_style = MS_CODE;
    int org_first = f->kind == KIND_COMPANY && rng_permille(r, 600);
    if (rng_permille(r, 150)) add_col(f, C_TIME, "Datum");
    if (org_first) add_col(f, C_ORG, PICK(r, ch));
    add_col(f, C_MUNI, muni_h);
    if (rng_permille(r, 150)) add_col(f, C_COUNTY, "Län");
    if (f->kind == KIND_PERSON) add_col(f, C_RESPID, "Svars-ID");
    else if (!org_first) add_col(f, C_ORG, f->kind == KIND_COMPANY ? PICK(r, ch) : PICK(r, oh));
    f->ssyk_col = f->layout == L_TYPED || rng_permille(r, 350);
    if (f->ssyk_col) add_col(f, C_SSYK, PICK(r, sh));
    add_col(f, C_YRKE, PICK(r, yh));
    if (f->layout == L_TYPED) {
        int plain = rng_permille(r, 500);
        add_col(f, C_COUNT_REC, plain ? "Antal rekrytering" : "Rekryteringsbehov");
        add_col(f, C_COUNT_UPS, plain ? "Antal kompetensutveckling" : "Kompetensutvecklingsbehov");
    } else {
        add_col(f, C_COUNT, PICK(r, nh));
        add_col(f, C_NEED, PICK(r, bh));
    }
    add_col(f, C_LEVEL, PICK(r, lh));
    add_col(f, C_MODE, PICK(r, fh));
    add_col(f, C_HORIZON, PICK(r, th));
    if (rng_permille(r, 700)) add_col(f, C_CONTACT, rng_permille(r, 700) ? "Kontaktperson" : "Namn");
    add_col(f, C_EMAIL, rng_permille(r, 800) ? "E-post" : "Mejl");
    if (rng_permille(r, 600)) add_col(f, C_PHONE, rng_permille(r, 700) ? "Telefon" : "Mobil");
    add_col(f, C_COMMENT, PICK(r, ((const char *const[]){"Kommentar", "Övrigt", "Synpunkter"})));
}

static void plan_wide_cols(const world_t *w, file_t *f)
{
    rng_t *r = &f->rng;
    add_col(f, C_RESPID, "Svars-ID");
    if (rng_permille(r, 700)) add_col(f, C_TIME, "Tidsstämpel");
    add_col(f, C_MUNI, "Kommun");
    add_col(f, C_KIND, "Typ av organisation");
    add_col(f, C_CONTACT, "Namn");
    add_col(f, C_EMAIL, "E-post");
    plan_wide(w, f);
}

/* Excel's total row: "Summa" first, the column sums under the counts. */
static void emit_total(file_t *f, sink_t *s)
{
    line_t l;
    line_start(&l, f->d->delim);
    for (int i = 0; i < f->ncol; i++) {
        role_t ro = f->col[i].role;
        char num[48] = "";
        if (i == 0) snprintf(num, sizeof num, "%s", rng_permille(&f->rng, 700) ? "Summa" : "Totalt");
        else if (ro == C_COUNT || ro == C_COUNT_REC || ro == C_COUNT_UPS || ro == C_WIDE) {
            double v = f->sums[i];
            if (v == (double)(int64_t)v) snprintf(num, sizeof num, "%lld", (long long)v);
            else snprintf(num, sizeof num, "%lld,5", (long long)v); /* sums of halves */
        }
        line_field(&l, num);
    }
    line_end(&l, s, f->d->crlf);
    f->truth->skipped[SKIP_TOTAL]++;
}

static void emit_blank(file_t *f, sink_t *s)
{
    line_t l;
    line_start(&l, f->d->delim);
    if (rng_permille(&f->rng, 500)) /* a row of empty cells, as Excel saves one */
        for (int i = 0; i < f->ncol; i++) line_field(&l, "");
    line_end(&l, s, f->d->crlf);
    f->truth->skipped[SKIP_BLANK]++;
}

static void emit_preamble(file_t *f, sink_t *s)
{
    static const char *const notes[] = {"Kompetensbehov 2025", "Inventering gjord av HR",
                                        "Uppdaterad feb 2025", "Export från enkätverktyget",
                                        "Ej komplett – kompletteras i april",
                                        "Kartläggning av utbildningsbehov"};
    rng_t *r = &f->rng;
    if (f->d->delim == ';' && rng_permille(r, 300)) {
        line_t l;
        line_start(&l, 0);
        line_raw(&l, "sep=;", 5);
        line_end(&l, s, f->d->crlf);
        f->truth->skipped[SKIP_SEP]++;
    }
    int n = rng_permille(r, 500) ? 0 : 1 + (int)rng_below(r, 3);
    for (int i = 0; i < n; i++) {
        line_t l;
        line_start(&l, f->d->delim);
        line_field(&l, PICK(r, notes));
        if (rng_permille(r, 500)) /* Excel pads a note to the width of the sheet */
            for (int j = 1; j < f->ncol; j++) line_field(&l, "");
        line_end(&l, s, f->d->crlf);
        f->truth->skipped[SKIP_PREAMBLE]++;
    }
    if (n && rng_permille(r, 500)) emit_blank(f, s);
}

static void write_csv(const world_t *w, file_t *f, sink_t *s)
{
    rng_t *r = &f->rng;
    emit_preamble(f, s);
    line_t l;
    line_start(&l, f->d->delim);
    for (int i = 0; i < f->ncol; i++) line_field(&l, f->col[i].header);
    line_end(&l, s, f->d->crlf);
    f->truth->skipped[SKIP_HEADER]++;
    /* the total row comes near the end; sometimes a few rows were added after it */
    uint64_t total_at = f->rows - (rng_permille(r, 600) ? 0 : rng_below(r, 1 + (uint32_t)(f->rows / 10)));
    rowvals_t rv;
    cell_t cells[MAX_WIDE];
    for (uint64_t i = 0; i < f->rows; i++) {
        if (i == total_at) emit_total(f, s);
        if (i && rng_below(r, 10000) < 8) emit_blank(f, s);
        if (f->resp_left <= 0 || f->layout == L_WIDE) next_respondent(w, f);
        bad_t muni_bad;
        int n;
        if (f->layout == L_WIDE) gen_wide_row(w, f, &rv, &muni_bad, cells, &n);
        else gen_long_row(w, f, &rv, &muni_bad, cells, &n);
        f->resp_left--;
        emit_row(f, s, &rv);
        truth_row(f->truth, muni_bad, cells, n);
    }
    if (total_at == f->rows) emit_total(f, s);
    if (rng_permille(r, 400)) emit_blank(f, s);
}

/* One JSON member: "key": value, with the indentation of the example export. */
static void json_member(line_t *l, const char *key, const char *val, int number, int last)
{
    line_raw(l, "      ", 6);
    line_json_string(l, key);
    line_raw(l, ": ", 2);
    if (number) line_raw(l, val, strlen(val));
    else line_json_string(l, val);
    line_raw(l, last ? "\n" : ",\n", last ? 1 : 2);
}

static void write_json(const world_t *w, file_t *f, sink_t *s)
{
    rng_t *r = &f->rng;
    int wrapped = rng_permille(r, 600);
    line_t l;
    line_start(&l, 0);
    if (wrapped)
    {
        static const char head[] = "{\n  \"survey\": \"Kompetensbehov 2025\",\n"
                                   "  \"exported\": \"2025-03-14\",\n  \"responses\": [\n";
        line_raw(&l, head, sizeof head - 1);
    }
    else line_raw(&l, "[\n", 2);
    sink_put(s, l.buf, l.len);
    rowvals_t rv;
    cell_t cells[2];
    for (uint64_t i = 0; i < f->rows; i++) {
        if (f->resp_left <= 0) next_respondent(w, f);
        bad_t muni_bad;
        int n;
        gen_long_row(w, f, &rv, &muni_bad, cells, &n);
        f->resp_left--;
        line_start(&l, 0);
        line_raw(&l, "    {\n", 6);
        json_member(&l, "svars_id", rv.v[C_RESPID], 1, 0);
        json_member(&l, "kommun", rv.v[C_MUNI], 0, 0);
        if (f->kind != KIND_PERSON) json_member(&l, "organisation", f->org, 0, 0);
        json_member(&l, "yrke", rv.v[C_YRKE], 0, 0);
        json_member(&l, "antal", rv.v[C_COUNT], cells[0].count.json_number && rng_permille(r, 850), 0);
        json_member(&l, "studieform", rv.v[C_MODE], 0, 0);
        json_member(&l, "niva", rv.v[C_LEVEL], 0, 0);
        json_member(&l, "behov", rv.v[C_NEED], 0, 0);
        json_member(&l, "namn", rv.v[C_CONTACT], 0, 0);
        json_member(&l, "epost", rv.v[C_EMAIL], 0, 0);
        json_member(&l, "kommentar", rv.v[C_COMMENT], 0, 1);
        line_raw(&l, i + 1 < f->rows ? "    },\n" : "    }\n", i + 1 < f->rows ? 7 : 6);
        sink_put(s, l.buf, l.len);
        truth_row(f->truth, muni_bad, cells, n);
    }
    line_start(&l, 0);
    if (wrapped) line_raw(&l, "  ]\n}\n", 6);
    else line_raw(&l, "]\n", 2);
    sink_put(s, l.buf, l.len);
}

/* Layout and dialect of file i: mixed layouts and dialects rotate. */
static void plan_file(file_t *f, size_t i, int layout_opt, int dialect_opt)
{
    static const layout_t mixed[] = {L_LONG, L_WIDE, L_LONG, L_TYPED};
    static const int dial_cycle[] = {D_EXCEL, D_UTF8BOM, D_UTF16, D_UTF8, D_JSON};
    f->layout = layout_opt >= 0 ? (layout_t)layout_opt : mixed[i % 4];
    int d = dialect_opt >= 0 ? dialect_opt : dial_cycle[i % 5];
    if (d == D_JSON && (f->layout != L_LONG || f->rows > JSON_MAX_ROWS)) d = D_UTF8SEMI;
    f->d = &dialects[d];
    rng_t *r = &f->rng;
    f->kind = d == D_JSON && rng_permille(r, 700) ? KIND_PERSON
              : f->layout == L_WIDE               ? (rng_permille(r, 500) ? KIND_MUNICIPAL : KIND_COMPANY)
              : f->layout == L_TYPED              ? KIND_COMPANY
                                                  : (kind_t)rng_below(r, 3);
    static const muni_style_t dominant[] = {MS_SHORT, MS_SHORT, MS_OFFICIAL, MS_CODE, MS_CODE_NAME};
    f->muni_style = PICK(r, dominant);
}

/* ------------------------------------------------------------------------ */
/* Command line                                                             */

typedef struct {
    uint64_t rows, seed;
    const char *out, *truth, *data;
    size_t files, munis, competences;
    int layout;  /* -1 mixed */
    int dialect; /* D_AUTO or an index into dialects[] */
    double bad_rate;
    int quiet;
} opts_t;

static void usage(FILE *f)
{
    fputs("Usage: gen_survey --rows N --out DIR [OPTIONS]\n"
          "Write seeded synthetic competence-needs survey exports for needmap's tests.\n\n"
          "  --rows N            data rows in all (default 1000)\n"
          "  --seed S            seed (default 1): same arguments, same bytes\n"
          "  --out DIR           folder to write into (created with its parents)\n"
          "  --files F           number of files (default 1)\n"
          "  --layout L          long (one need per row), typed (long with counts under\n"
          "                      Antal rekrytering / Antal kompetensutveckling), wide\n"
          "                      (one column per occupation) or mixed: long, wide,\n"
          "                      long, typed in turn (default long)\n"
          "  --dialect D         auto (rotate per file), excel, utf8bom, utf16, utf8,\n"
          "                      utf8semi or json (default auto)\n"
          "  --bad-rate R        share of bad rows, 0-1 (default 0.01)\n"
          "  --munis N           municipalities in use, 1-290 (default 290)\n"
          "  --competences N     occupations/competences in use (default 150)\n"
          "  --truth FILE        write what was planted, per file and in all (CSV)\n"
          "  --data DIR          reference CSVs (default " NEEDMAP_SURVEYS_DIR ")\n"
          "  --quiet             do not print the speed\n", f);
}

static uint64_t parse_u64(const char *opt, const char *s, uint64_t lo, uint64_t hi)
{
    char *end;
    errno = 0;
    unsigned long long v = strtoull(s, &end, 10);
    if (errno || end == s || *end || s[0] == '-' || v < lo || v > hi)
        die("%s: '%s' is not a whole number from %llu to %llu", opt, s, (unsigned long long)lo,
            (unsigned long long)hi);
    return v;
}

static int parse_name(const char *opt, const char *s, const char *const *names, int n)
{
    for (int i = 0; i < n; i++)
        if (strcmp(s, names[i]) == 0) return i;
    die("%s: unknown value '%s'", opt, s);
    return 0;
}

static void parse_args(int argc, char **argv, opts_t *o)
{
    static const char *const layouts[] = {"long", "typed", "wide", "mixed"};
    static const char *const dnames[] = {"excel", "utf8bom", "utf16", "utf8", "json", "utf8semi", "auto"};
    *o = (opts_t){.rows = 1000, .seed = 1, .data = NEEDMAP_SURVEYS_DIR, .files = 1, .munis = 290,
                  .competences = 150, .layout = L_LONG, .dialect = D_AUTO, .bad_rate = 0.01};
    for (int i = 1; i < argc; i++) {
        const char *a = argv[i];
        if (!strcmp(a, "-h") || !strcmp(a, "--help")) usage(stdout), exit(0);
        if (!strcmp(a, "--quiet")) { o->quiet = 1; continue; }
        if (i + 1 >= argc) die("%s needs a value (see --help)", a);
        const char *v = argv[++i];
        if (!strcmp(a, "--rows")) o->rows = parse_u64(a, v, 1, 100000000);
        else if (!strcmp(a, "--seed")) o->seed = parse_u64(a, v, 0, UINT64_MAX);
        else if (!strcmp(a, "--out")) o->out = v;
        else if (!strcmp(a, "--files")) o->files = parse_u64(a, v, 1, 100000);
        else if (!strcmp(a, "--munis")) o->munis = parse_u64(a, v, 1, 100000);
        else if (!strcmp(a, "--competences")) o->competences = parse_u64(a, v, 1, 100000);
        else if (!strcmp(a, "--truth")) o->truth = v;
        else if (!strcmp(a, "--data")) o->data = v;
        else if (!strcmp(a, "--layout")) {
            int k = parse_name(a, v, layouts, 4);
            o->layout = k == 3 ? -1 : k;
        } else if (!strcmp(a, "--dialect")) {
            int k = parse_name(a, v, dnames, 7);
            o->dialect = k == 6 ? D_AUTO : k;
        } else if (!strcmp(a, "--bad-rate")) {
            char *end;
            o->bad_rate = strtod(v, &end);
            if (end == v || *end || !(o->bad_rate >= 0 && o->bad_rate <= 1))
                die("--bad-rate: '%s' is not a number from 0 to 1", v);
        } else die("unknown option '%s' (see --help)", a);
    }
    if (!o->out) die("--out DIR is required (see --help)");
    if (o->rows < o->files) die("--rows (%llu) must be at least --files (%zu)",
                                (unsigned long long)o->rows, o->files);
    if (o->dialect == D_JSON && o->layout != L_LONG)
        die("--dialect json needs --layout long");
}

static double now_seconds(void)
{
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

/* The world every file draws from: reference data, municipalities in use. */
static void world_init(world_t *w, munis_t *ms, occs_t *os, const opts_t *o)
{
    rng_t r;
    rng_seed(&r, o->seed, 0);
    munis_load(ms, o->data);
    occs_load(os, o->data, &r, o->competences);
    w->ms = ms;
    w->os = os;
    w->unknown = unknown_pool(ms, &r, &w->nunknown);
    w->nmuni_use = o->munis < ms->n ? o->munis : ms->n;
    uint32_t *perm = xrealloc(NULL, ms->n, sizeof *perm);
    for (size_t i = 0; i < ms->n; i++) perm[i] = (uint32_t)i;
    for (size_t i = ms->n - 1; i > 0; i--) { /* Fisher-Yates */
        size_t j = rng_below(&r, (uint32_t)(i + 1));
        uint32_t t = perm[i];
        perm[i] = perm[j];
        perm[j] = t;
    }
    w->muni_use = perm;
    w->bad_ppm = (uint32_t)(o->bad_rate * 1000000.0 + 0.5);
}

static void world_free(world_t *w, munis_t *ms, occs_t *os)
{
    for (size_t i = 0; i < w->nunknown; i++) free(w->unknown[i]);
    free(w->unknown);
    free(w->muni_use);
    free(ms->m);
    table_free(&ms->tab);
    occs_free(os);
}

/* mkdir -p */
static void make_dir(const char *dir)
{
    char path[4096];
    if (snprintf(path, sizeof path, "%s", dir) >= (int)sizeof path) die("%s: path too long", dir);
    for (char *p = path + 1;; p++) {
        if (*p != '/' && *p) continue;
        char c = *p;
        *p = '\0';
        struct stat st;
        if (mkdir(path, 0777) != 0 && !(errno == EEXIST && stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
            die("%s: cannot create: %s", path, strerror(errno));
        if (!(*p = c)) break;
    }
}

int main(int argc, char **argv)
{
    opts_t o;
    parse_args(argc, argv, &o);
    double t0 = now_seconds();
    munis_t ms;
    occs_t os;
    world_t w;
    world_init(&w, &ms, &os, &o);
    make_dir(o.out);
    truth_t *truth = xrealloc(NULL, o.files, sizeof *truth);
    memset(truth, 0, o.files * sizeof *truth);
    uint64_t bytes = 0;
    for (size_t i = 0; i < o.files; i++) {
        file_t *f = xmalloc(sizeof *f);
        memset(f, 0, sizeof *f);
        f->index = i;
        f->rows = o.rows / o.files + (i < o.rows % o.files);
        f->truth = &truth[i];
        rng_seed(&f->rng, o.seed, i + 1);
        plan_file(f, i, o.layout, o.dialect);
        if (f->d->delim) {
            if (f->layout == L_WIDE) plan_wide_cols(&w, f);
            else plan_long(f);
        }
        snprintf(f->truth->file, sizeof f->truth->file, "survey_%04zu.%s", i + 1, f->d->ext);
        f->truth->layout = layout_name[f->layout];
        f->truth->dialect = f->d->name;
        char path[4096];
        snprintf(path, sizeof path, "%s/%s", o.out, f->truth->file);
        sink_t s;
        sink_open(&s, path, f->d->enc);
        if (f->d->delim) write_csv(&w, f, &s);
        else write_json(&w, f, &s);
        sink_close(&s, path);
        f->truth->bytes = s.bytes;
        bytes += s.bytes;
        free(f);
    }
    if (o.truth) truth_write(o.truth, truth, o.files);
    double secs = now_seconds() - t0;
    if (!o.quiet)
        fprintf(stderr, "gen_survey: %llu rows, %zu files, %.1f MB in %.2f s (%.1f MB/s)\n",
                (unsigned long long)o.rows, o.files, (double)bytes / 1e6, secs,
                secs > 0 ? (double)bytes / 1e6 / secs : 0.0);
    free(truth);
    world_free(&w, &ms, &os);
    return 0;
}
