/* text.c - UTF-8 folding, lookup keys and edit distance. */
#include <stdint.h>
#include <string.h>

#include "needmap/text.h"

/* Decode one code point at s (n bytes left).  Returns its length (1 for an
 * invalid byte, whose value is then returned as is in *cp with *ok = 0). */
static size_t decode(const unsigned char *s, size_t n, uint32_t *cp, int *ok)
{
    unsigned c = s[0];
    size_t len;
    uint32_t v, min;
    *ok = 1;
    if (c < 0x80) { *cp = c; return 1; }
    if (c >= 0xC2 && c <= 0xDF) { len = 2; v = c & 0x1F; min = 0x80; }
    else if (c >= 0xE0 && c <= 0xEF) { len = 3; v = c & 0x0F; min = 0x800; }
    else if (c >= 0xF0 && c <= 0xF4) { len = 4; v = c & 0x07; min = 0x10000; }
    else goto bad;
    if (len > n)
        goto bad;
    for (size_t i = 1; i < len; i++) {
        if ((s[i] & 0xC0) != 0x80)
            goto bad;
        v = (v << 6) | (s[i] & 0x3F);
    }
    if (v < min || v > 0x10FFFF || (v >= 0xD800 && v <= 0xDFFF))
        goto bad;
    *cp = v;
    return len;
bad:
    *ok = 0;
    *cp = c;
    return 1;
}

static void encode(nm_buf *out, uint32_t cp)
{
    char b[4];
    size_t n;
    if (cp < 0x80) { b[0] = (char)cp; n = 1; }
    else if (cp < 0x800) { b[0] = (char)(0xC0 | (cp >> 6)); b[1] = (char)(0x80 | (cp & 0x3F)); n = 2; }
    else if (cp < 0x10000) {
        b[0] = (char)(0xE0 | (cp >> 12)); b[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
        b[2] = (char)(0x80 | (cp & 0x3F)); n = 3;
    } else {
        b[0] = (char)(0xF0 | (cp >> 18)); b[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
        b[2] = (char)(0x80 | ((cp >> 6) & 0x3F)); b[3] = (char)(0x80 | (cp & 0x3F)); n = 4;
    }
    nm_buf_append(out, b, n);
}

static int is_space(uint32_t cp)
{
    return cp == ' ' || (cp >= '\t' && cp <= '\r') || cp == 0xA0 || cp == 0x2007 ||
           cp == 0x202F || cp == 0x2009 || cp == 0x200A || cp == 0x3000 || cp == 0xFEFF;
}

static uint32_t lower(uint32_t cp)
{
    if (cp >= 'A' && cp <= 'Z')
        return cp + 32;
    if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7)
        return cp + 32;
    return cp;
}

/* Base letter of a lowercase Latin-1 letter, or the letter itself. */
static uint32_t base_letter(uint32_t cp)
{
    static const char latin1[] = /* 0xE0 .. 0xFF */
        "aaaaaaaceeeeiiiidnooooo/ouuuuyty";
    if (cp >= 0xE0 && cp <= 0xFF && cp != 0xF7)
        return (unsigned char)latin1[cp - 0xE0];
    if (cp == 0xDF)
        return 's';
    return cp;
}

/* Compose a lowercase base letter and a combining mark (text typed on a
 * Mac arrives decomposed: "a" + U+030A for "å"); 0 if no such letter. */
static uint32_t compose(uint32_t base, uint32_t mark)
{
    static const struct { uint32_t base, mark, composed; } table[] = {
        {'a', 0x30A, 0xE5}, {'a', 0x308, 0xE4}, {'o', 0x308, 0xF6}, {'u', 0x308, 0xFC},
        {'e', 0x301, 0xE9}, {'e', 0x300, 0xE8}, {'a', 0x301, 0xE1}, {'a', 0x300, 0xE0},
        {'o', 0x301, 0xF3}, {'i', 0x301, 0xED}, {'u', 0x301, 0xFA}, {'n', 0x303, 0xF1},
        {'e', 0x308, 0xEB}, {'i', 0x308, 0xEF}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (table[i].base == base && table[i].mark == mark)
            return table[i].composed;
    return 0;
}

static int is_combining(uint32_t cp)
{
    return cp >= 0x300 && cp <= 0x36F;
}

/* Walk s, calling emit for each code point that is not white space, and
 * emitting one space between words. */
static void fold_into(const char *s, nm_buf *out, int key)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    int pending_space = 0;
    uint32_t last = 0;     /* last code point written, for combining marks */
    nm_buf_reset(out);
    while (n) {
        uint32_t cp;
        int ok;
        size_t len = decode(p, n, &cp, &ok);
        if (!ok) {
            if (pending_space && out->len) nm_buf_putc(out, ' ');
            pending_space = 0;
            nm_buf_putc(out, (char)*p);
            p += len; n -= len;
            last = 0;
            continue;
        }
        p += len; n -= len;
        if (cp == 0x200B)
            continue;
        if (is_combining(cp)) {
            uint32_t c = key ? 0 : compose(last, cp);
            if (c) { /* replace the base letter (one byte: ASCII) */
                out->len--;
                encode(out, c);
                last = c;
            }
            continue; /* keys drop the mark and keep the base letter */
        }
        cp = lower(cp);
        if (key) {
            if (cp == '-' || cp == '_' || cp == '/' || cp == '.' || cp == 0x2013 ||
                cp == 0x2014 || cp == 0x2010 || cp == 0x2011 || cp == '&' || cp == '+')
                cp = ' ';
            else if (cp == ':' || cp == '*' || cp == '?' || cp == '!' || cp == '(' ||
                     cp == ')' || cp == ',' || cp == ';' || cp == '"' || cp == '\'' ||
                     cp == 0x2019 || cp == 0x2018 || cp == 0xB4 || cp == '`' || cp == '[' ||
                     cp == ']' || cp == '{' || cp == '}' || cp == 0x201C || cp == 0x201D ||
                     cp == 0xAB || cp == 0xBB)
                continue;
            else
                cp = base_letter(cp);
        }
        if (is_space(cp)) {
            pending_space = 1;
            last = 0;
            continue;
        }
        if (pending_space && out->len)
            nm_buf_putc(out, ' ');
        pending_space = 0;
        encode(out, cp);
        last = cp;
    }
    if (!out->data)
        nm_buf_append(out, "", 0);
}

void nm_text_fold(const char *s, nm_buf *out) { fold_into(s, out, 0); }
void nm_text_key(const char *s, nm_buf *out) { fold_into(s, out, 1); }

void nm_text_clean(const char *s, nm_buf *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    int pending_space = 0;
    nm_buf_reset(out);
    while (n) {
        uint32_t cp;
        int ok;
        size_t len = decode(p, n, &cp, &ok);
        if (ok && is_space(cp)) {
            pending_space = 1;
        } else {
            if (pending_space && out->len)
                nm_buf_putc(out, ' ');
            pending_space = 0;
            nm_buf_append(out, p, len);
        }
        p += len; n -= len;
    }
    if (!out->data)
        nm_buf_append(out, "", 0);
}

int nm_text_is_blank(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s);
    while (n) {
        uint32_t cp;
        int ok;
        size_t len = decode(p, n, &cp, &ok);
        if (!ok || !is_space(cp))
            return 0;
        p += len; n -= len;
    }
    return 1;
}

int nm_utf8_valid(const char *s, size_t n)
{
    const unsigned char *p = (const unsigned char *)s;
    while (n) {
        uint32_t cp;
        int ok;
        size_t len = decode(p, n, &cp, &ok);
        if (!ok)
            return 0;
        p += len; n -= len;
    }
    return 1;
}

size_t nm_utf8_length(const char *s)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), count = 0;
    while (n) {
        uint32_t cp;
        int ok;
        size_t len = decode(p, n, &cp, &ok);
        p += len; n -= len; count++;
    }
    return count;
}

enum { MAX_SYMBOLS = 96 };

static size_t to_points(const char *s, uint32_t *out)
{
    const unsigned char *p = (const unsigned char *)s;
    size_t n = strlen(s), k = 0;
    while (n) {
        if (k == MAX_SYMBOLS)
            return MAX_SYMBOLS + 1;
        int ok;
        size_t len = decode(p, n, &out[k++], &ok);
        p += len; n -= len;
    }
    return k;
}

static size_t min3(size_t a, size_t b, size_t c)
{
    size_t m = a < b ? a : b;
    return m < c ? m : c;
}

size_t nm_text_distance(const char *a, const char *b, size_t max)
{
    uint32_t x[MAX_SYMBOLS], y[MAX_SYMBOLS];
    size_t n = to_points(a, x), m = to_points(b, y);
    if (n > MAX_SYMBOLS || m > MAX_SYMBOLS)
        return max + 1;
    if ((n > m ? n - m : m - n) > max)
        return max + 1;
    size_t rows[3][MAX_SYMBOLS + 1];
    size_t *prev2 = rows[0], *prev = rows[1], *cur = rows[2];
    for (size_t j = 0; j <= m; j++)
        prev[j] = j;
    for (size_t i = 1; i <= n; i++) {
        cur[0] = i;
        size_t best = cur[0];
        for (size_t j = 1; j <= m; j++) {
            size_t cost = x[i - 1] == y[j - 1] ? 0 : 1;
            cur[j] = min3(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost);
            if (i > 1 && j > 1 && x[i - 1] == y[j - 2] && x[i - 2] == y[j - 1] &&
                prev2[j - 2] + 1 < cur[j])
                cur[j] = prev2[j - 2] + 1;
            if (cur[j] < best)
                best = cur[j];
        }
        if (best > max)
            return max + 1;
        size_t *t = prev2; prev2 = prev; prev = cur; cur = t;
    }
    return prev[m] > max ? max + 1 : prev[m];
}
