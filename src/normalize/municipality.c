/* municipality.c - municipality names and codes to reference entries.
 *
 * Two maps: one on folded text (case and spaces, diacritics kept), and one on
 * the looser key (diacritics and punctuation dropped).  The folded map is
 * tried first, so "Habo" is Habo; a key shared by two municipalities
 * ("habo" for Håbo and Habo) is marked ambiguous in the loose map. */
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

nm_muni_index *nm_muni_index_new(const nm_refdata *ref)
{
    nm_muni_index *ix = nm_calloc(1, sizeof *ix);
    ix->ref = ref;
    ix->folded = nm_strmap_new();
    ix->loose = nm_strmap_new();
    nm_buf b = {0};
    for (size_t i = 0; i < ref->nmunis; i++) {
        const nm_municipality *m = &ref->munis[i];
        put_name(ix, m->name, m);
        put_name(ix, m->short_name, m);
        nm_buf_reset(&b);
        nm_buf_printf(&b, "%s kommun", m->short_name);
        put_name(ix, b.data, m);
        size_t n = strlen(m->name);
        if (n > 7 && strcmp(m->name + n - 7, " kommun") == 0) { /* "Arjeplogs" */
            nm_buf_reset(&b);
            nm_buf_append(&b, m->name, n - 7);
            put_name(ix, b.data, m);
        }
    }
    nm_buf_free(&b);
    return ix;
}

void nm_muni_index_free(nm_muni_index *ix)
{
    if (!ix)
        return;
    nm_strmap_free(ix->folded);
    nm_strmap_free(ix->loose);
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

/* The name within two edits of key, if any (names whose length differs by
 * more cannot be: a long text costs one pass, not one per name). */
static const nm_municipality *suggest(const nm_muni_index *ix, const char *key)
{
    const nm_municipality *best = NULL;
    size_t best_d = 3, len = nm_utf8_length(key);
    for (size_t i = 0; i < ix->ref->nmunis; i++) {
        nm_buf k = {0};
        nm_text_key(ix->ref->munis[i].short_name, &k);
        size_t klen = nm_utf8_length(k.data);
        size_t d = (len > klen ? len - klen : klen - len) >= best_d
                       ? best_d
                       : nm_text_distance(key, k.data, best_d - 1);
        if (d < best_d) {
            best_d = d;
            best = &ix->ref->munis[i];
        }
        nm_buf_free(&k);
    }
    return best;
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
        } else if (!m && hint) {
            *hint = suggest(ix, k.data);
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
