/* count.c - parse counts: "3", "3,0", "1 200", "2-4", "ca 5", "10+". */
#include <ctype.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/buf.h"
#include "needmap/count.h"
#include "needmap/text.h"

const char *nm_count_status_text(nm_count_status st)
{
    switch (st) {
    case NM_COUNT_OK: return "count read";
    case NM_COUNT_EMPTY: return "count is empty";
    case NM_COUNT_UNKNOWN: return "count not given (\"vet ej\")";
    case NM_COUNT_NEGATIVE: return "count is negative";
    case NM_COUNT_NOT_NUMBER: return "count is not a number";
    case NM_COUNT_TOO_LARGE: return "count is implausibly large";
    case NM_COUNT_AMBIGUOUS: return "count is ambiguous (thousands separator or decimal point?)";
    case NM_COUNT_BAD_RANGE: return "count range has its low end above its high end";
    case NM_COUNT_TOO_SMALL: return "count is above 0 but below 0.0005, which needmap (counting in thousandths) would read as 0";
    }
    return "count not read";
}

static int is_word(const char *s, const char *const *words)
{
    for (; *words; words++)
        if (strcmp(s, *words) == 0)
            return 1;
    return 0;
}

/* Drop a prefix word from s if present; returns 1 if dropped. */
static int drop_prefix(char **s, const char *const *prefixes)
{
    for (; *prefixes; prefixes++) {
        size_t n = strlen(*prefixes);
        if (strncmp(*s, *prefixes, n) == 0) {
            *s += n;
            while (**s == ' ')
                (*s)++;
            return 1;
        }
    }
    return 0;
}

/* Drop a unit after the number, with or without a space: "3 st", "3st",
 * "4 personer". */
static void drop_suffix_words(char *s)
{
    static const char *const units[] = {"stycken", "st.", "st", "personer", "pers.", "pers",
                                        "people", "persons", "pcs", NULL};
    size_t n = strlen(s);
    for (const char *const *u = units; *u; u++) {
        size_t k = strlen(*u);
        if (n <= k || strcmp(s + n - k, *u) != 0)
            continue;
        size_t end = n - k;
        if (s[end - 1] == ' ')
            end--;
        if (end && isdigit((unsigned char)s[end - 1])) {
            s[end] = '\0';
            return;
        }
    }
}

/* Read one number at *p: digits with an optional decimal comma or point and
 * spaces between digit groups of three.  Returns 0 if none, -1 if
 * ambiguous, 1 if read. */
static int read_number(const char **p, double *v)
{
    const char *s = *p;
    char digits[64];
    size_t n = 0;
    int seen_sep = 0, groups_ok = 1;
    size_t group = 0;
    if (!isdigit((unsigned char)*s))
        return 0;
    while (*s && n < sizeof digits - 2) {
        if (isdigit((unsigned char)*s)) {
            digits[n++] = *s++;
            group++;
        } else if (*s == ' ' && isdigit((unsigned char)s[1]) && isdigit((unsigned char)s[2]) &&
                   isdigit((unsigned char)s[3]) && !isdigit((unsigned char)s[4])) {
            if (group > 3)
                groups_ok = 0;
            seen_sep = 1;
            group = 0;
            s++;
        } else {
            break;
        }
    }
    if (seen_sep && !groups_ok)
        return 0;
    if (*s == ',' || *s == '.') {
        const char *d = s + 1;
        size_t k = 0;
        while (isdigit((unsigned char)d[k]))
            k++;
        if (k == 0)
            return 0;
        if (k == 3 && !seen_sep)
            return -1; /* "1.200" or "1,200": thousands or decimals? */
        digits[n++] = '.';
        for (size_t i = 0; i < k && n < sizeof digits - 1; i++)
            digits[n++] = d[i];
        s = d + k;
    }
    digits[n] = '\0';
    *v = strtod(digits, NULL);
    *p = s;
    return 1;
}

static nm_count_status finish(double lo, double hi, nm_count *out)
{
    if (lo > NM_COUNT_MAX || hi > NM_COUNT_MAX)
        return NM_COUNT_TOO_LARGE;
    if (lo > hi)
        return NM_COUNT_BAD_RANGE;
    if ((lo > 0 && nm_count_milli(lo) == 0) || (hi > 0 && nm_count_milli(hi) == 0))
        return NM_COUNT_TOO_SMALL; /* never silently 0 */
    out->low = lo;
    out->high = hi;
    out->value = (lo + hi) / 2;
    out->known = 1;
    return NM_COUNT_OK;
}

static nm_count_status parse_folded(char *s, nm_count *out)
{
    static const char *const unknown_words[] = {
        "vet ej", "vet inte", "okant", "ej kant", "osaker", "unknown", "n/a", "na", "?",
        "x", "ja", "yes", "behov finns", "-", NULL};
    static const char *const approx[] = {"c:a", "c.a", "ca.", "ca", "cirka", "circa", "ungefär",
                                         "ungefar", "ung.", "about", "approx.", "approx", "~",
                                         NULL};
    static const char *const at_least[] = {"minst", "at least", "\xe2\x89\xa5", ">=", NULL};
    memset(out, 0, sizeof *out);
    if (!*s)
        return NM_COUNT_EMPTY;
    if (is_word(s, unknown_words))
        return NM_COUNT_UNKNOWN;
    out->approx = (unsigned)drop_prefix(&s, approx);
    out->at_least = (unsigned)drop_prefix(&s, at_least);
    drop_suffix_words(s);
    if (*s == '-' || strncmp(s, "\xe2\x88\x92", 3) == 0)
        return isdigit((unsigned char)s[*s == '-' ? 1 : 3]) ? NM_COUNT_NEGATIVE
                                                            : NM_COUNT_NOT_NUMBER;
    const char *p = s;
    double lo, hi;
    int r = read_number(&p, &lo);
    if (r < 0)
        return NM_COUNT_AMBIGUOUS;
    if (r == 0)
        return NM_COUNT_NOT_NUMBER;
    while (*p == ' ')
        p++;
    if (*p == '+' && p[1] == '\0') {
        out->at_least = 1;
        return finish(lo, lo, out);
    }
    if (*p == '\0')
        return finish(lo, lo, out);
    if (out->at_least)
        return NM_COUNT_NOT_NUMBER; /* "minst 2-4" */
    if (*p == '-' || strncmp(p, "\xe2\x80\x93", 3) == 0 || strncmp(p, "\xe2\x80\x94", 3) == 0) {
        p += *p == '-' ? 1 : 3;
        while (*p == ' ')
            p++;
        r = read_number(&p, &hi);
        if (r < 0)
            return NM_COUNT_AMBIGUOUS;
        if (r == 0 || *p != '\0')
            return NM_COUNT_NOT_NUMBER;
        out->range = 1;
        return finish(lo, hi, out);
    }
    return NM_COUNT_NOT_NUMBER;
}

double nm_count_milli(double v)
{
    return round(v * NM_MILLI);
}

nm_count_status nm_count_parse(const char *text, nm_count *out)
{
    nm_buf f = {0};
    nm_text_fold(text, &f);
    /* fold lowercases and collapses spaces (no-break spaces too); diacritics
     * matter only in words, so strip them for the word lists. */
    nm_buf k = {0};
    nm_text_key(f.data, &k);
    nm_count tmp;
    nm_count_status st;
    if (strcmp(k.data, "vet ej") == 0 || strcmp(k.data, "okant") == 0 ||
        strcmp(k.data, "ej kant") == 0 || strcmp(k.data, "osaker") == 0)
        st = parse_folded(k.data, &tmp);
    else
        st = parse_folded(f.data, &tmp);
    if (st == NM_COUNT_OK || st == NM_COUNT_UNKNOWN)
        *out = tmp;
    nm_buf_free(&f);
    nm_buf_free(&k);
    return st;
}
