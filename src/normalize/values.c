/* values.c - need type, level, mode, horizon and respondent kind from words.
 *
 * Each table lists keys as nm_text_key makes them (lowercase, no
 * diacritics).  A text is recognised if its key equals an entry, or starts
 * with an entry followed by a space ("distans med träffar" is distance). */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/buf.h"
#include "needmap/text.h"
#include "needmap/values.h"

typedef struct word { const char *key; int value; } word;

static int lookup(const char *text, const word *words, int *out)
{
    nm_buf k = {0};
    nm_text_key(text, &k);
    int found = k.len == 0;
    *out = 0;
    for (const word *w = words; !found && w->key; w++) {
        size_t n = strlen(w->key);
        if (strncmp(k.data, w->key, n) == 0 && (k.data[n] == '\0' || k.data[n] == ' ')) {
            *out = w->value;
            found = 1;
        }
    }
    nm_buf_free(&k);
    return found;
}

int nm_need_parse(const char *text, nm_need *out)
{
    static const word words[] = {
        {"rekrytering", NM_NEED_RECRUITMENT}, {"rekrytera", NM_NEED_RECRUITMENT},
        {"rekryteringsbehov", NM_NEED_RECRUITMENT}, {"nyanstallning", NM_NEED_RECRUITMENT},
        {"anstalla", NM_NEED_RECRUITMENT}, {"recruitment", NM_NEED_RECRUITMENT},
        {"recruit", NM_NEED_RECRUITMENT}, {"hiring", NM_NEED_RECRUITMENT},
        {"kompetensutveckling", NM_NEED_UPSKILLING}, {"kompetensutveckla", NM_NEED_UPSKILLING},
        {"vidareutbildning", NM_NEED_UPSKILLING}, {"fortbildning", NM_NEED_UPSKILLING},
        {"kompetenshojning", NM_NEED_UPSKILLING}, {"uppskolning", NM_NEED_UPSKILLING},
        {"omskolning", NM_NEED_UPSKILLING}, {"utbildning av befintlig personal", NM_NEED_UPSKILLING},
        {"upskilling", NM_NEED_UPSKILLING}, {"upskill", NM_NEED_UPSKILLING},
        {"training", NM_NEED_UPSKILLING}, {"intresse", NM_NEED_INTEREST},
        {"intresserad", NM_NEED_INTEREST}, {"intresserade", NM_NEED_INTEREST},
        {"interest", NM_NEED_INTEREST}, {"interested", NM_NEED_INTEREST}, {NULL, 0}};
    int v;
    int ok = lookup(text, words, &v);
    *out = (nm_need)v;
    return ok;
}

int nm_level_parse(const char *text, nm_level *out)
{
    static const word words[] = {
        {"yh", NM_LEVEL_YH}, {"yrkeshogskola", NM_LEVEL_YH}, {"yrkeshogskoleutbildning", NM_LEVEL_YH},
        {"higher vocational", NM_LEVEL_YH}, {"hogskola", NM_LEVEL_UNIVERSITY},
        {"hogskoleutbildning", NM_LEVEL_UNIVERSITY}, {"universitet", NM_LEVEL_UNIVERSITY},
        {"universitet hogskola", NM_LEVEL_UNIVERSITY}, {"hogskola universitet", NM_LEVEL_UNIVERSITY},
        {"university", NM_LEVEL_UNIVERSITY}, {"kortkurs", NM_LEVEL_COURSE},
        {"kort kurs", NM_LEVEL_COURSE}, {"kurs", NM_LEVEL_COURSE},
        {"kortare kurs", NM_LEVEL_COURSE}, {"uppdragsutbildning", NM_LEVEL_COURSE},
        {"kurspaket", NM_LEVEL_COURSE}, {"short course", NM_LEVEL_COURSE},
        {"course", NM_LEVEL_COURSE}, {"komvux", NM_LEVEL_KOMVUX},
        {"vuxenutbildning", NM_LEVEL_KOMVUX}, {"kommunal vuxenutbildning", NM_LEVEL_KOMVUX},
        {"yrkesvux", NM_LEVEL_KOMVUX}, {"adult education", NM_LEVEL_KOMVUX}, {NULL, 0}};
    int v;
    int ok = lookup(text, words, &v);
    *out = (nm_level)v;
    return ok;
}

int nm_mode_parse(const char *text, nm_mode *out)
{
    static const word words[] = {
        {"distans", NM_MODE_DISTANCE}, {"distansutbildning", NM_MODE_DISTANCE},
        {"online", NM_MODE_DISTANCE}, {"digital", NM_MODE_DISTANCE},
        {"distance", NM_MODE_DISTANCE}, {"remote", NM_MODE_DISTANCE},
        {"hybrid", NM_MODE_HYBRID}, {"flexibel", NM_MODE_HYBRID}, {"blandad", NM_MODE_HYBRID},
        {"blended", NM_MODE_HYBRID}, {"pa plats", NM_MODE_ONSITE},
        {"narundervisning", NM_MODE_ONSITE}, {"campus", NM_MODE_ONSITE},
        {"platsbunden", NM_MODE_ONSITE}, {"lokalt", NM_MODE_ONSITE},
        {"on site", NM_MODE_ONSITE}, {"onsite", NM_MODE_ONSITE},
        {"in person", NM_MODE_ONSITE}, {"classroom", NM_MODE_ONSITE}, {NULL, 0}};
    int v;
    int ok = lookup(text, words, &v);
    *out = (nm_mode)v;
    return ok;
}

int nm_rkind_parse(const char *text, nm_rkind *out)
{
    static const word words[] = {
        {"kommun", NM_RKIND_MUNICIPAL}, {"kommunal", NM_RKIND_MUNICIPAL},
        {"kommunal arbetsgivare", NM_RKIND_MUNICIPAL}, {"offentlig", NM_RKIND_MUNICIPAL},
        {"offentlig sektor", NM_RKIND_MUNICIPAL}, {"region", NM_RKIND_MUNICIPAL},
        {"municipality", NM_RKIND_MUNICIPAL}, {"municipal", NM_RKIND_MUNICIPAL},
        {"public", NM_RKIND_MUNICIPAL}, {"foretag", NM_RKIND_COMPANY},
        {"privat foretag", NM_RKIND_COMPANY}, {"naringsliv", NM_RKIND_COMPANY},
        {"privat sektor", NM_RKIND_COMPANY}, {"company", NM_RKIND_COMPANY},
        {"business", NM_RKIND_COMPANY}, {"private", NM_RKIND_COMPANY},
        {"privatperson", NM_RKIND_PERSON}, {"person", NM_RKIND_PERSON},
        {"invanare", NM_RKIND_PERSON}, {"individ", NM_RKIND_PERSON},
        {"resident", NM_RKIND_PERSON}, {"individual", NM_RKIND_PERSON}, {NULL, 0}};
    int v;
    int ok = lookup(text, words, &v);
    *out = (nm_rkind)v;
    return ok;
}

static int has_word(const char *s, const char *w)
{
    size_t n = strlen(w);
    for (const char *p = strstr(s, w); p; p = strstr(p + 1, w))
        if ((p == s || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return 1;
    return 0;
}

static int ends_with_word(const char *s, const char *w)
{
    size_t n = strlen(s), k = strlen(w);
    return n >= k && strcmp(s + n - k, w) == 0 && (n == k || s[n - k - 1] == ' ');
}

nm_rkind nm_rkind_guess(const char *organisation)
{
    nm_buf k = {0};
    nm_text_key(organisation, &k);
    nm_rkind r = NM_RKIND_UNKNOWN;
    if (ends_with_word(k.data, "ab") || ends_with_word(k.data, "hb") ||
        ends_with_word(k.data, "kb") || ends_with_word(k.data, "ek for") ||
        strncmp(k.data, "ab ", 3) == 0)
        r = NM_RKIND_COMPANY;
    else if (has_word(k.data, "kommun") || strncmp(k.data, "region ", 7) == 0)
        r = NM_RKIND_MUNICIPAL;
    nm_buf_free(&k);
    return r;
}

/* Numbers in folded text, at most two, with a decimal comma or point
 * ("0,5 år", "1.5 years"). */
static int numbers(const char *s, double *v)
{
    int n = 0;
    while (*s && n < 3) {
        if (isdigit((unsigned char)*s)) {
            char buf[32];
            size_t k = 0;
            while (k < sizeof buf - 1 && (isdigit((unsigned char)*s) ||
                                          ((*s == ',' || *s == '.') && isdigit((unsigned char)s[1]))))
                buf[k++] = *s == ',' ? '.' : *s, s++;
            buf[k] = '\0';
            if (n < 2)
                v[n] = strtod(buf, NULL);
            n++;
        } else {
            s++;
        }
    }
    return n;
}

int nm_horizon_parse(const char *text, nm_horizon *out)
{
    nm_buf f = {0}, k = {0};
    nm_text_fold(text, &f);
    nm_text_key(text, &k);
    double v[2];
    int n = numbers(f.data, v), ok = 1;
    /* months ("6 månader", "12 mån") become whole years around them */
    double unit = strstr(k.data, "man") || strstr(k.data, "month") ? 1.0 / 12 : 1.0;
    int within = strstr(k.data, "inom") || strstr(k.data, "within") || f.data[0] == '<';
    out->lo = out->hi = -1;
    if (f.len == 0) {
        ok = 1;
    } else if (n == 1 && v[0] >= 0 && v[0] * unit <= 30) {
        out->lo = (int8_t)(within ? 0 : floor(v[0] * unit + 1e-9));
        out->hi = (int8_t)ceil(v[0] * unit - 1e-9);
    } else if (n == 2 && v[0] >= 0 && v[0] <= v[1] && v[1] * unit <= 30) {
        out->lo = (int8_t)floor(v[0] * unit + 1e-9);
        out->hi = (int8_t)ceil(v[1] * unit - 1e-9);
    } else if (strcmp(k.data, "nu") == 0 || strcmp(k.data, "omgaende") == 0 ||
               strcmp(k.data, "now") == 0 || strcmp(k.data, "direkt") == 0) {
        out->lo = out->hi = 0;
    } else {
        ok = 0;
    }
    nm_buf_free(&f);
    nm_buf_free(&k);
    return ok;
}

const char *nm_need_name(nm_need v)
{
    static const char *const n[] = {"unknown", "recruitment", "upskilling", "interest"};
    return v < NM_NEED_N ? n[v] : "?";
}

const char *nm_level_name(nm_level v)
{
    static const char *const n[] = {"unknown", "yh", "university", "course", "komvux"};
    return v < NM_LEVEL_N ? n[v] : "?";
}

const char *nm_mode_name(nm_mode v)
{
    static const char *const n[] = {"unknown", "distance", "hybrid", "onsite"};
    return v < NM_MODE_N ? n[v] : "?";
}

const char *nm_rkind_name(nm_rkind v)
{
    static const char *const n[] = {"unknown", "municipal", "company", "person"};
    return v < NM_RKIND_N ? n[v] : "?";
}

const char *nm_match_kind_name(nm_match_kind v)
{
    static const char *const n[] = {"code", "label", "title", "synonym", "user_synonym",
                                    "approximate", "unclassified"};
    return v <= NM_MATCH_UNCLASSIFIED ? n[v] : "?";
}
