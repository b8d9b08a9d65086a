/* municipality.c - municipality names and codes to reference entries.
 *
 * Two maps: one on folded text (case and spaces, diacritics kept), and one on
 * the looser key (diacritics and punctuation dropped).  The folded map is
 * tried first, so "Habo" is Habo; a key shared by two municipalities
 * ("habo" for Håbo and Habo) is marked ambiguous in the loose map.  Two
 * more maps know how regions and counties are written ("Region
 * Norrbotten", "Västerbottens län"), so that they are told apart from
 * misspelt municipalities. */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/municipality.h"
#include "needmap/text.h"

struct nm_muni_index {
    const nm_refdata *ref;
    nm_strmap *folded;   /* folded text -> municipality */
    nm_strmap *loose;    /* key -> municipality, or &ambiguous */
    nm_strmap *regions;  /* key of a region's name -> its county's first municipality */
    nm_strmap *counties; /* key of a county's name -> its first municipality */
    char **short_keys;   /* per municipality: the key of its short name */
};

static const nm_municipality ambiguous;

static void put_loose(nm_muni_index *ix, const char *text, const nm_municipality *m)
{
    nm_buf key = {0};
    nm_text_key(text, &key);
    void *old;
    if (nm_strmap_find(ix->loose, key.data, &old) && old != m)
        nm_strmap_put(ix->loose, key.data, (void *)&ambiguous);
    else
        nm_strmap_put(ix->loose, key.data, (void *)m);
    nm_buf_free(&key);
}

static void put_name(nm_muni_index *ix, const char *text, const nm_municipality *m)
{
    nm_buf f = {0};
    nm_text_fold(text, &f);
    nm_strmap_put(ix->folded, f.data, (void *)m);
    nm_buf_free(&f);
    put_loose(ix, text, m);
}

static void put_form(nm_strmap *map, nm_buf *b, const nm_municipality *m, const char *fmt,
                     const char *name)
{
    nm_buf text = {0};
    const char *at = strstr(fmt, "%s");
    nm_buf_append(&text, fmt, (size_t)(at - fmt));
    nm_buf_puts(&text, name);
    nm_buf_puts(&text, at + 2);
    nm_text_key(text.data, b);
    nm_strmap_put(map, b->data, (void *)m);
    nm_buf_free(&text);
}

/* The ways a county and its region are written: "Norrbottens län",
 * "Norrbotten", "Region Norrbotten", "Region Jönköpings län",
 * "Västra Götalandsregionen", "Landstinget i Norrbotten" ...  gen is
 * the county's name without " län" ("Norrbottens"), base without the
 * genitive s ("Norrbotten"). */
static void put_county(nm_muni_index *ix, const nm_municipality *first, const char *gen,
                       const char *base)
{
    static const char *const county[] = {"%s län", "%s läns", "%s", "länsstyrelsen %s",
                                         "länsstyrelsen i %s län", NULL};
    static const char *const region[] = {"region %s", "region %s län", "%sregionen",
                                         "landstinget %s", "landstinget i %s",
                                         "%s läns landsting", "%s region", NULL};
    nm_buf k = {0};
    for (const char *const *f = county; *f; f++) {
        put_form(ix->counties, &k, first, *f, gen);
        put_form(ix->counties, &k, first, *f, base);
    }
    for (const char *const *f = region; *f; f++) {
        put_form(ix->regions, &k, first, *f, gen);
        put_form(ix->regions, &k, first, *f, base);
    }
    nm_buf_free(&k);
}

/* Every county's forms; a county of one municipality (Gotland) is that
 * municipality: "Region Gotland" is its own name. */
static void index_counties(nm_muni_index *ix)
{
    const nm_refdata *ref = ix->ref;
    nm_buf gen = {0}, base = {0};
    for (size_t i = 0; i < ref->nmunis; i++) {
        const nm_municipality *m = &ref->munis[i];
        if (nm_strmap_get(ref->county_by_code, m->county_code) != m)
            continue;
        size_t n = strlen(m->county_name);
        if (n > 5 && strcmp(m->county_name + n - 5, " län") == 0)
            n -= 5;
        nm_buf_reset(&gen);
        nm_buf_append(&gen, m->county_name, n);
        nm_buf_reset(&base);
        nm_buf_append(&base, m->county_name, n > 1 && m->county_name[n - 1] == 's' ? n - 1 : n);
        put_county(ix, m, gen.data, base.data);
        if (nm_muni_county_size(ix, m->county_code) == 1) {
            nm_buf_reset(&gen);
            nm_buf_printf(&gen, "Region %s", base.data);
            put_name(ix, gen.data, m);
        }
    }
    static const struct { const char *text, *county; int region; } extra[] = {
        {"Sörmland", "04", 0}, {"Region Sörmland", "04", 1},
        {"Jämtland Härjedalen", "23", 0}, {"Region Jämtland Härjedalen", "23", 1},
        {"VGR", "14", 1}, {"Västra Götalandsregionen", "14", 1}};
    for (size_t i = 0; i < sizeof extra / sizeof extra[0]; i++) {
        const nm_municipality *m = nm_strmap_get(ref->county_by_code, extra[i].county);
        if (m)
            put_form(extra[i].region ? ix->regions : ix->counties, &gen, m, "%s",
                     extra[i].text);
    }
    nm_buf_free(&gen);
    nm_buf_free(&base);
}

size_t nm_muni_county_size(const nm_muni_index *ix, const char *code)
{
    size_t n = 0;
    for (size_t i = 0; i < ix->ref->nmunis; i++)
        n += strcmp(ix->ref->munis[i].county_code, code) == 0;
    return n;
}

nm_muni_index *nm_muni_index_new(const nm_refdata *ref)
{
    nm_muni_index *ix = nm_calloc(1, sizeof *ix);
    ix->ref = ref;
    ix->folded = nm_strmap_new();
    ix->loose = nm_strmap_new();
    ix->regions = nm_strmap_new();
    ix->counties = nm_strmap_new();
    ix->short_keys = nm_calloc(ref->nmunis, sizeof *ix->short_keys);
    nm_buf b = {0};
    for (size_t i = 0; i < ref->nmunis; i++) {
        const nm_municipality *m = &ref->munis[i];
        put_name(ix, m->name, m);
        put_name(ix, m->short_name, m);
        nm_buf_reset(&b);
        nm_buf_printf(&b, "%s kommun", m->short_name);
        put_name(ix, b.data, m);
        nm_buf_reset(&b);
        nm_buf_printf(&b, "%s stad", m->short_name); /* "Malmö stad" */
        put_name(ix, b.data, m);
        size_t n = strlen(m->name);
        if (n > 7 && strcmp(m->name + n - 7, " kommun") == 0) { /* "Arjeplogs" */
            nm_buf_reset(&b);
            nm_buf_append(&b, m->name, n - 7);
            put_name(ix, b.data, m);
            nm_buf_puts(&b, " stad"); /* "Stockholms stad", "Göteborgs Stad" */
            put_name(ix, b.data, m);
        }
        nm_text_key(m->short_name, &b);
        ix->short_keys[i] = nm_strdup(b.data);
    }
    nm_buf_free(&b);
    index_counties(ix);
    return ix;
}

void nm_muni_index_free(nm_muni_index *ix)
{
    if (!ix)
        return;
    nm_strmap_free(ix->folded);
    nm_strmap_free(ix->loose);
    nm_strmap_free(ix->regions);
    nm_strmap_free(ix->counties);
    for (size_t i = 0; ix->short_keys && i < ix->ref->nmunis; i++)
        free(ix->short_keys[i]);
    free(ix->short_keys);
    free(ix);
}

static int all_digits(const char *s, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (!isdigit((unsigned char)s[i]))
            return 0;
    return n > 0;
}

static const nm_municipality *by_code(const nm_muni_index *ix, const char *s, size_t n)
{
    char code[5];
    if (n == 3) /* Excel turned "0114" into 114 */
        snprintf(code, sizeof code, "0%.3s", s);
    else if (n == 4)
        snprintf(code, sizeof code, "%.4s", s);
    else
        return NULL;
    return nm_refdata_municipality(ix->ref, code);
}

enum {
    SUGGEST_MAX_LEN = 64, /* longer texts are not names: no edit distance */
    SUGGEST_MAX_EDITS = 8 /* a name further than this suggests nothing */
};

/* A municipality named by words of key ("Kiruna centrum", "Arjeplog Kock",
 * "Socialförvaltningen i Luleå"): one word or two in a row, or NULL. */
static const nm_municipality *named_inside(const nm_muni_index *ix, const char *key)
{
    const char *w = key;
    nm_buf part = {0};
    const nm_municipality *found = NULL;
    while (*w && !found) {
        const char *e1 = strchr(w, ' ');
        for (int words = 1; words <= 2 && !found; words++) {
            const char *end = e1 ? e1 : w + strlen(w);
            if (words == 2) {
                if (!e1)
                    break;
                end = strchr(e1 + 1, ' ');
                end = end ? end : e1 + strlen(e1);
            }
            nm_buf_reset(&part);
            nm_buf_append(&part, w, (size_t)(end - w));
            const nm_municipality *m = nm_strmap_get(ix->loose, part.data);
            if (m && m != &ambiguous && part.len >= 3)
                found = m;
        }
        w = e1 ? e1 + 1 : w + strlen(w);
    }
    nm_buf_free(&part);
    return found;
}

/* The short name nearest to key by edit distance, and that distance
 * (ties: the first in code order).  A length difference is a lower bound
 * of the distance, so most names cost nothing. */
static const nm_municipality *nearest(const nm_muni_index *ix, const char *key, size_t *dist)
{
    const nm_municipality *best = NULL;
    size_t best_d = SIZE_MAX, len = nm_utf8_length(key);
    for (size_t i = 0; i < ix->ref->nmunis; i++) {
        const char *k = ix->short_keys[i];
        size_t klen = nm_utf8_length(k);
        size_t lower = len > klen ? len - klen : klen - len;
        if (lower >= best_d)
            continue;
        size_t d = nm_text_distance(key, k, best_d == SIZE_MAX ? SUGGEST_MAX_EDITS : best_d - 1);
        if (d <= SUGGEST_MAX_EDITS && d < best_d) {
            best_d = d;
            best = &ix->ref->munis[i];
        }
    }
    *dist = best_d;
    return best;
}

/* A name that is no municipality's: a region, a county, or (when hint is
 * not NULL) a suggestion: close (two edits at most, or named inside the
 * text), else the nearest within SUGGEST_MAX_EDITS, or none. */
static nm_muni_result not_found(const nm_muni_index *ix, const char *key,
                                const nm_municipality **hint)
{
    const nm_municipality *ignored;
    int suggest = hint != NULL;
    if (!hint)
        hint = &ignored;
    const nm_municipality *m;
    if ((m = nm_strmap_get(ix->regions, key))) {
        *hint = m;
        return NM_MUNI_REGION;
    }
    if ((m = nm_strmap_get(ix->counties, key))) {
        *hint = m;
        return NM_MUNI_COUNTY;
    }
    if (!suggest)
        return NM_MUNI_UNKNOWN;
    if ((*hint = named_inside(ix, key)))
        return NM_MUNI_UNKNOWN;
    if (nm_utf8_length(key) > SUGGEST_MAX_LEN || !key[0])
        return NM_MUNI_UNKNOWN;
    size_t d;
    *hint = nearest(ix, key, &d);
    return *hint && d <= 2 ? NM_MUNI_UNKNOWN : NM_MUNI_UNKNOWN_FAR;
}

nm_muni_result nm_muni_match(const nm_muni_index *ix, const char *text,
                             const nm_municipality **out, const nm_municipality **hint)
{
    nm_buf f = {0};
    nm_muni_result res = NM_MUNI_UNKNOWN;
    const nm_municipality *m = NULL;
    if (hint)
        *hint = NULL;
    nm_text_fold(text, &f);
    size_t n = f.len;
    if (n == 0) {
        nm_buf_free(&f);
        return NM_MUNI_EMPTY;
    }
    if (all_digits(f.data, n)) {
        m = by_code(ix, f.data, n);
    } else if (n > 5 && all_digits(f.data, 4) && f.data[4] == ' ') {
        m = by_code(ix, f.data, 4); /* "2506 Arjeplog" */
        const nm_municipality *named = NULL;
        if (m && nm_muni_match(ix, text + 5 + (strspn(text, " ")), &named, NULL) ==
                     NM_MUNI_FOUND && named != m) {
            *out = m;
            if (hint)
                *hint = named;
            nm_buf_free(&f);
            return NM_MUNI_CONFLICT;
        }
    } else if (!(m = nm_strmap_get(ix->folded, f.data))) {
        nm_buf k = {0};
        nm_text_key(text, &k);
        m = nm_strmap_get(ix->loose, k.data);
        if (m == &ambiguous) {
            res = NM_MUNI_AMBIGUOUS;
            m = NULL;
        } else if (!m) {
            res = not_found(ix, k.data, hint);
        }
        nm_buf_free(&k);
    }
    nm_buf_free(&f);
    if (m) {
        *out = m;
        return NM_MUNI_FOUND;
    }
    return res;
}
