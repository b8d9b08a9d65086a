/* unitsums.c - per responding unit (respondent x municipality x kind),
 * its answer and its sums per competence and need. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/strmap.h"
#include "needmap/unitsums.h"

/* An entry's key: "respondent hex \x1f municipality \x1f kind need
 * compkind" then the code or label; the map's copy holds the label. */
struct nm_unitsums {
    nm_strmap *map;          /* key -> entry index */
    double *milli;           /* [entries] */
    size_t cap;
    char *text;
    size_t text_cap;
};

nm_unitsums *nm_unitsums_new(void)
{
    nm_unitsums *u = nm_calloc(1, sizeof *u);
    u->map = nm_strmap_new();
    return u;
}

void nm_unitsums_free(nm_unitsums *u)
{
    if (!u)
        return;
    nm_strmap_free(u->map);
    free(u->milli);
    free(u->text);
    free(u);
}

enum { HEAD = 16 + 1 + 4 + 1 + 3 }; /* hex, \x1f, municipality, \x1f, kind need compkind */

static void add_key(nm_unitsums *u, uint64_t respondent, const char *muni, nm_rkind kind,
                    nm_need need, const char *code, const char *label, int unclassified,
                    double milli)
{
    char ck = need == NM_NEED_N ? '-' : code[0] ? 'C' : unclassified ? 'U' : 'L';
    const char *what = ck == 'C' ? code : ck == 'L' && label ? label : "";
    NM_GROW(u->text, u->text_cap, strlen(what) + HEAD + 8);
    int n = snprintf(u->text, u->text_cap, "%016llx\x1f%-4.4s\x1f%u%u%c%s",
                     (unsigned long long)respondent, muni, (unsigned)kind, (unsigned)need, ck,
                     what);
    size_t i = nm_strmap_index_len(u->map, u->text, (size_t)n);
    if (i == SIZE_MAX) {
        i = nm_strmap_put_len(u->map, u->text, (size_t)n, NULL);
        NM_GROW(u->milli, u->cap, i + 1);
        u->milli[i] = 0;
    }
    u->milli[i] += milli;
}

void nm_unitsums_add(nm_unitsums *u, const nm_record *r, int known, double milli)
{
    add_key(u, r->respondent, r->municipality, r->respondent_kind, NM_NEED_N, "", NULL, 0, 0);
    if (known)
        add_key(u, r->respondent, r->municipality, r->respondent_kind, r->need,
                r->competence.ssyk, r->competence.label,
                r->competence.how == NM_MATCH_UNCLASSIFIED, milli);
}

void nm_unitsums_absorb(nm_unitsums *u, nm_unitsums *src)
{
    for (size_t i = 0; i < nm_strmap_count(src->map); i++) {
        nm_unit_entry e;
        nm_unitsums_entry(src, i, &e);
        add_key(u, e.respondent, e.municipality, e.kind, e.need, e.code, e.label,
                e.unclassified, e.milli);
    }
    nm_unitsums_free(src);
}

size_t nm_unitsums_count(const nm_unitsums *u) { return nm_strmap_count(u->map); }

void nm_unitsums_entry(const nm_unitsums *u, size_t i, nm_unit_entry *out)
{
    const char *k = nm_strmap_key_at(u->map, i);
    memset(out, 0, sizeof *out);
    out->respondent = strtoull(k, NULL, 16);
    memcpy(out->municipality, k + 17, 4);
    for (int j = 3; j >= 0 && out->municipality[j] == ' '; j--)
        out->municipality[j] = '\0';
    out->kind = (nm_rkind)(k[22] - '0');
    out->need = (nm_need)(k[23] - '0');
    char ck = k[24];
    if (ck == 'C')
        snprintf(out->code, sizeof out->code, "%s", k + 25);
    else if (ck == 'L')
        out->label = k + 25;
    out->unclassified = ck == 'U';
    out->milli = u->milli[i];
}
