/* swedish.c - words, signs and word forms of Swedish occupation titles. */
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/swedish.h"
#include "needmap/text.h"

/* --- splitting --- */

static void push(nm_sv_title *t, nm_sv_kind kind, uint32_t at)
{
    NM_GROW(t->tok, t->cap, t->n + 1);
    t->tok[t->n++] = (nm_sv_token){(uint8_t)kind, 0, at, 0};
}

/* Bytes of a dash: '-' or an en/em dash (E2 80 93/94). */
static size_t dash_len(const char *p)
{
    if (*p == '-')
        return 1;
    if ((unsigned char)p[0] == 0xE2 && (unsigned char)p[1] == 0x80 &&
        ((unsigned char)p[2] == 0x93 || (unsigned char)p[2] == 0x94))
        return 3;
    return 0;
}

/* The key of the n bytes at w (folded text) as a word token; empty keys
 * (only punctuation) are dropped. */
static void push_word(nm_sv_title *t, const char *w, size_t n, int ellipsis, nm_buf *scratch)
{
    nm_buf raw = {0};
    nm_buf_append(&raw, w, n);
    nm_text_key(raw.data, scratch);
    nm_buf_free(&raw);
    if (!scratch->len)
        return;
    uint32_t at = (uint32_t)t->pool.len;
    nm_buf_append(&t->pool, scratch->data, scratch->len + 1);
    push(t, NM_SV_WORD, at);
    t->tok[t->n - 1].ellipsis = (uint8_t)ellipsis;
    t->tok[t->n - 1].fold_at = (uint32_t)t->pool.len;
    for (size_t i = 0; i < n; i++) /* the folded word, its hyphens as spaces */
        nm_buf_putc(&t->pool, dash_len(w + i) == 1 ? ' ' : w[i]);
    nm_buf_putc(&t->pool, '\0');
}

static int sign_kind(char c)
{
    switch (c) {
    case ',': case ';': case ':': return NM_SV_COMMA;
    case '/': case '&': case '+': case '|': case '\\': return NM_SV_ALT;
    case '(': case '[': case '{': return NM_SV_OPEN;
    case ')': case ']': case '}': return NM_SV_CLOSE;
    default: return -1;
    }
}

static int is_drop(char c)
{
    return c == '"' || c == '\'' || c == '*' || c == '?' || c == '!' || c == '`' || c == '<' ||
           c == '>' || c == '=' || c == '#';
}

void nm_sv_split(const char *text, nm_sv_title *t)
{
    nm_buf f = {0}, scratch = {0};
    nm_text_fold(text, &f);
    t->n = 0;
    nm_buf_reset(&t->pool);
    nm_buf_putc(&t->pool, '\0'); /* offset 0: the empty word of signs */
    const char *p = f.data, *w = NULL;
    while (1) {
        size_t d = *p ? dash_len(p) : 0;
        int end_word = !*p || *p == ' ' || sign_kind(*p) >= 0 || is_drop(*p) || *p == '.';
        if (d && w && p[d] && p[d] != ' ')
            end_word = 0; /* "ce-chauffor": one word */
        if (w && (end_word || d)) {
            push_word(t, w, (size_t)(p - w), d && (!p[d] || p[d] == ' '), &scratch);
            w = NULL;
        }
        if (!*p)
            break;
        if (d) {
            if ((p == f.data || p[-1] == ' ') && (!p[d] || p[d] == ' '))
                push(t, NM_SV_COMMA, 0); /* "Sjuksköterska - natt" */
            p += d;
            continue;
        }
        int k = sign_kind(*p);
        if (k >= 0)
            push(t, (nm_sv_kind)k, 0);
        else if (!w && *p != ' ' && *p != '.' && !is_drop(*p))
            w = p;
        p++;
    }
    nm_buf_free(&f);
    nm_buf_free(&scratch);
}

void nm_sv_title_free(nm_sv_title *t)
{
    free(t->tok);
    nm_buf_free(&t->pool);
    memset(t, 0, sizeof *t);
}

const char *nm_sv_word(const nm_sv_title *t, size_t i)
{
    return t->tok[i].kind == NM_SV_WORD ? t->pool.data + t->tok[i].at : "";
}

const char *nm_sv_written(const nm_sv_title *t, size_t i)
{
    return t->tok[i].kind == NM_SV_WORD ? t->pool.data + t->tok[i].fold_at : "";
}

/* --- word lists --- */

static int in_list(const char *const *list, const char *word, size_t len)
{
    for (size_t i = 0; list[i]; i++)
        if (strlen(list[i]) == len && memcmp(list[i], word, len) == 0)
            return 1;
    return 0;
}

int nm_sv_is_modifier(const char *word)
{
    static const char *const list[] = {
        "erfaren", "erfarna", "erfarne", "legitimerad", "legitimerade", "leg",
        "nyexaminerad", "nyexaminerade", "nyutexaminerad", "nyutexaminerade", "utbildad",
        "utbildade", "certifierad", "certifierade", "behorig", "behoriga", "kvalificerad",
        "kvalificerade", "timanstalld", "timanstallda", "vikarierande", "tillfallig",
        "tillfalliga", "extra", "ny", "nya", "senior", "junior", "fast", "anstalld",
        "tillsvidareanstalld", "visstidsanstalld", "natt", "natter", "nattetid", "nattjour",
        "dag", "dagtid", "dagar", "kvall", "kvallar", "kvallstid", "helg", "helger", "jour",
        "deltid", "heltid", "vikariat", "vikarie", "vikarier", "sommarvikarie",
        "sommarvikarier", "sommarvikariat", "timvikarie", "timvikarier", "tillsvidare",
        "visstid", "sommar", "semestervikarie", NULL};
    return in_list(list, word, strlen(word));
}

int nm_sv_is_modifier_prefix(const char *prefix, size_t len)
{
    static const char *const list[] = {"natt", "natt s", "dag", "kvalls", "helg", "jour",
                                       "extra", "vikarie", "vikarierande", NULL};
    return in_list(list, prefix, len);
}

int nm_sv_is_qualifier_word(const char *word)
{
    static const char *const list[] = {"till", "inom", "for", "pa", "vid", "med", "mot", "i",
                                       "hos", "av", "under", "inriktning", "inriktad", NULL};
    return in_list(list, word, strlen(word));
}

int nm_sv_is_conjunction(const char *word)
{
    return strcmp(word, "och") == 0 || strcmp(word, "eller") == 0;
}

int nm_sv_is_count_unit(const char *word)
{
    static const char *const list[] = {"st", "stycken", "styck", "pers", "personer", "person",
                                       "tjanster", "tjanst", "platser", "plats", "heltider",
                                       "medarbetare", NULL};
    return in_list(list, word, strlen(word));
}

int nm_sv_is_number(const char *word)
{
    size_t n = 0;
    while (word[n] >= '0' && word[n] <= '9')
        n++;
    return n >= 1 && n <= 4 && !word[n];
}

const char *nm_sv_abbreviation(const char *word)
{
    static const char *const table[][2] = {
        {"ssk", "sjukskoterska"}, {"usk", "underskoterska"}, {"spec", "specialist"},
        {"bitr", "bitradande"},   {"adm", "administrativ"},  {"ass", "assistent"},
        {"tekn", "teknisk"},      {"ing", "ingenjor"},       {"sjukgymn", "sjukgymnast"},
        {"pers", "personlig"},    {"ekon", "ekonomi"},       {"ped", "pedagog"},
        {"forsk", "forskola"},    {"grundsk", "grundskola"}, {"gymn", "gymnasie"}};
    for (size_t i = 0; i < sizeof table / sizeof table[0]; i++)
        if (strcmp(table[i][0], word) == 0)
            return table[i][1];
    return NULL;
}

int nm_sv_is_subject(const char *word, size_t len)
{
    static const char *const list[] = {
        "matematik", "matte", "svenska", "svensk", "engelska", "engelsk", "tyska", "tysk",
        "franska", "fransk", "spanska", "spansk", "italienska", "kinesiska", "arabiska",
        "finska", "samiska", "latin", "sprak", "historia", "historie", "samhallskunskap",
        "samhallsvetenskap", "so", "no", "religion", "religions", "religionskunskap",
        "geografi", "fysik", "kemi", "biologi", "naturkunskap", "naturvetenskap", "teknik",
        "idrott", "idrotts", "bild", "slojd", "textilslojd", "traslojd", "hemkunskap",
        "hemkunskaps", "musik", "data", "programmering", "ekonomi", "foretagsekonomi",
        "juridik", "filosofi", "psykologi", "sva", "sas", "modersmal", "modersmals", "dans",
        "drama", "teater", "mediekunskap", "media", NULL};
    return in_list(list, word, len);
}

int nm_sv_is_stop_word(const char *word)
{
    static const char *const list[] = {"och", "eller", "av", "i", "pa", "for", "med", "till",
                                       "inom", "vid", "mot", "hos", "under", "samt", "m", "fl",
                                       "mfl", "m fl", "ovriga", "annan", "andra", "den", "det",
                                       "de", "en", "ett", NULL};
    return in_list(list, word, strlen(word)) || nm_sv_is_number(word);
}

/* --- word forms --- */

typedef struct ending {
    const char *end;   /* what the word ends in */
    const char *add;   /* what replaces it in the base form */
} ending;

size_t nm_sv_base_forms(const char *word, char out[][NM_SV_WORD_MAX], size_t max)
{
    static const ending endings[] = {
        {"orna", "a"}, {"arna", ""},  {"erna", ""},   {"erna", "er"}, {"rna", "re"},
        {"ena", "e"},  {"or", "a"},   {"ar", ""},     {"er", ""},     {"ern", "er"},
        {"aren", "are"}, {"en", ""},  {"en", "e"},    {"an", "a"},    {"et", "e"},
        {"et", ""},    {"na", "e"},   {"arinna", "are"}, {"inna", ""}, {"erska", "are"},
        {"ska", ""},   {"issa", ""},  {"essa", ""},   {"s", ""}};
    size_t n = strlen(word), k = 0;
    for (size_t i = 0; i < sizeof endings / sizeof endings[0] && k < max; i++) {
        size_t e = strlen(endings[i].end), a = strlen(endings[i].add);
        if (n <= e + 2 || strcmp(word + n - e, endings[i].end) != 0 ||
            n - e + a + 1 > NM_SV_WORD_MAX)
            continue;
        memcpy(out[k], word, n - e);
        memcpy(out[k] + n - e, endings[i].add, a + 1);
        int dup = 0;
        for (size_t j = 0; j < k; j++)
            dup |= strcmp(out[j], out[k]) == 0;
        k += !dup;
    }
    return k;
}
