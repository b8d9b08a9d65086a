/* sniff.c - find a CSV file's delimiter from its first lines. */
#include <string.h>
#include <strings.h>

#include "needmap/reader.h"

enum { SNIFF_LINES = 40, MAX_COUNT = 512 };

/* Field counts of the first lines of text for one delimiter, quote-aware. */
static size_t count_fields(const char *text, size_t len, char delim, size_t *counts)
{
    size_t nlines = 0, fields = 1, i = 0;
    int quoted = 0, any = 0;
    for (; i < len && nlines < SNIFF_LINES; i++) {
        char c = text[i];
        if (c == '"') {
            quoted = !quoted;
        } else if (!quoted && c == delim) {
            fields++;
        } else if (!quoted && c == '\n') {
            if (any)
                counts[nlines++] = fields;
            fields = 1;
            any = 0;
            continue;
        }
        if (c != '\r' && c != ' ')
            any = 1;
    }
    if (any && nlines < SNIFF_LINES && i == len)
        counts[nlines++] = fields;
    return nlines;
}

/* How many lines share the most common field count above one. */
static size_t consistency(const size_t *counts, size_t n, size_t *mode)
{
    size_t best = 0;
    *mode = 1;
    for (size_t i = 0; i < n; i++) {
        if (counts[i] < 2)
            continue;
        size_t same = 0;
        for (size_t j = 0; j < n; j++)
            same += counts[j] == counts[i];
        if (same > best || (same == best && counts[i] > *mode)) {
            best = same;
            *mode = counts[i];
        }
    }
    return best;
}

char nm_sniff_delimiter(const char *text, size_t len)
{
    /* The delimiter that gives most lines the same field count wins; then
     * the one giving more fields; then this order, since Swedish Excel
     * writes ';' (',' is the decimal mark). */
    static const char candidates[] = {';', '\t', ',', '|'};
    size_t counts[SNIFF_LINES];
    char best = ',';
    size_t best_score = 0, best_mode = 0;
    for (size_t k = 0; k < sizeof candidates; k++) {
        size_t n = count_fields(text, len, candidates[k], counts), mode;
        size_t score = consistency(counts, n, &mode);
        if (score > best_score || (score == best_score && score && mode > best_mode)) {
            best = candidates[k];
            best_score = score;
            best_mode = mode;
        }
    }
    return best;
}

int nm_sniff_sep_line(const char *line, size_t len, char *delim)
{
    while (len && (line[len - 1] == '\r' || line[len - 1] == '\n'))
        len--;
    if (len >= 5 && len <= 6 && strncasecmp(line, "sep=", 4) == 0) {
        char c = line[4];
        if (len == 6 && !(line[4] == '\\' && line[5] == 't'))
            return 0;
        *delim = len == 6 ? '\t' : c;
        return 1;
    }
    return 0;
}
