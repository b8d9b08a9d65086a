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
static void push_word(nm_sv_title *t, const char *w, size_t n, int ellipsis, nm_buf *raw,
                      nm_buf *scratch)
{
    nm_buf_reset(raw);
    nm_buf_append(raw, w, n);
    nm_text_key(raw->data, scratch);
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
    nm_buf *scratch = &t->scratch, *raw = &t->raw;
    nm_text_fold(text, &t->fold);
    const nm_buf f = t->fold;
    t->n = 0;
    nm_buf_reset(&t->pool);
    nm_buf_putc(&t->pool, '\0'); /* offset 0: the empty word of signs */
    const char *p = f.data, *w = NULL;
    while (1) {
        size_t d = *p ? dash_len(p) : 0;
        int end_word = !*p || *p == ' ' || sign_kind(*p) >= 0 || is_drop(*p) || *p == '.';
        if (w && (end_word || d)) { /* a dash ends a word too: "ce" and "chauffor" */
            push_word(t, w, (size_t)(p - w), d && (!p[d] || p[d] == ' '), raw, scratch);
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
}

void nm_sv_title_free(nm_sv_title *t)
{
    free(t->tok);
    nm_buf_free(&t->pool);
    nm_buf_free(&t->fold);
    nm_buf_free(&t->scratch);
    nm_buf_free(&t->raw);
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

typedef struct sv_word {
    const char *s;
    size_t n;
} sv_word;

#define W(s) {s, sizeof s - 1}

static int in_list(const sv_word *list, const char *word, size_t len)
{
    for (size_t i = 0; list[i].s; i++)
        if (list[i].n == len && list[i].s[0] == word[0] && memcmp(list[i].s, word, len) == 0)
            return 1;
    return 0;
}

int nm_sv_is_modifier(const char *word)
{
    static const sv_word list[] = {
        W("erfaren"), W("erfarna"), W("erfarne"), W("bitradande"), W("legitimerad"), W("legitimerade"),
        W("leg"), W("nyexaminerad"), W("nyexaminerade"), W("nyutexaminerad"),
        W("nyutexaminerade"), W("utbildad"), W("utbildade"), W("certifierad"),
        W("certifierade"), W("behorig"), W("behoriga"), W("kvalificerad"), W("kvalificerade"),
        W("timanstalld"), W("timanstallda"), W("vikarierande"), W("tillfallig"),
        W("tillfalliga"), W("extra"), W("ny"), W("nya"), W("senior"), W("junior"), W("fast"),
        W("anstalld"), W("tillsvidareanstalld"), W("visstidsanstalld"), W("natt"), W("natter"),
        W("nattetid"), W("nattjour"), W("dag"), W("dagtid"), W("dagar"), W("kvall"),
        W("kvallar"), W("kvallstid"), W("helg"), W("helger"), W("jour"), W("deltid"),
        W("heltid"), W("vikariat"), W("vikarie"), W("vikarier"), W("sommarvikarie"),
        W("sommarvikarier"), W("sommarvikariat"), W("timvikarie"), W("timvikarier"),
        W("tillsvidare"), W("visstid"), W("sommar"), W("semestervikarie"), {NULL, 0}};
    return in_list(list, word, strlen(word));
}

int nm_sv_is_modifier_prefix(const char *prefix, size_t len)
{
    static const sv_word list[] = {
        W("natt"), W("natts"), W("dag"), W("kvalls"), W("helg"), W("jour"), W("extra"),
        W("vikarie"), W("vikarierande"), {NULL, 0}};
    return in_list(list, prefix, len);
}

int nm_sv_is_qualifier_word(const char *word)
{
    static const sv_word list[] = {
        W("till"), W("inom"), W("for"), W("pa"), W("vid"), W("med"), W("mot"), W("i"),
        W("hos"), W("av"), W("under"), W("inriktning"), W("inriktad"), {NULL, 0}};
    return in_list(list, word, strlen(word));
}

int nm_sv_is_conjunction(const char *word)
{
    return strcmp(word, "och") == 0 || strcmp(word, "eller") == 0;
}

int nm_sv_is_count_unit(const char *word)
{
    static const sv_word list[] = {
        W("st"), W("stycken"), W("styck"), W("pers"), W("personer"), W("person"),
        W("tjanster"), W("tjanst"), W("platser"), W("plats"), W("heltider"),
        {NULL, 0}};
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
    static const sv_word list[] = {
        W("matematik"), W("matte"), W("svenska"), W("svensk"), W("engelska"), W("engelsk"),
        W("tyska"), W("tysk"), W("franska"), W("fransk"), W("spanska"), W("spansk"),
        W("italienska"), W("kinesiska"), W("arabiska"), W("finska"), W("samiska"), W("latin"),
        W("sprak"), W("historia"), W("historie"), W("samhallskunskap"), W("samhallsvetenskap"),
        W("so"), W("no"), W("religion"), W("religions"), W("religionskunskap"), W("geografi"),
        W("fysik"), W("kemi"), W("biologi"), W("naturkunskap"), W("naturvetenskap"),
        W("teknik"), W("idrott"), W("idrotts"), W("bild"), W("slojd"), W("textilslojd"),
        W("traslojd"), W("hemkunskap"), W("hemkunskaps"), W("musik"), W("data"),
        W("programmering"), W("ekonomi"), W("foretagsekonomi"), W("juridik"), W("filosofi"),
        W("psykologi"), W("sva"), W("sas"), W("modersmal"), W("modersmals"), W("dans"),
        W("drama"), W("teater"), W("mediekunskap"), W("media"), {NULL, 0}};
    return in_list(list, word, len);
}

int nm_sv_is_stop_word(const char *word)
{
    static const sv_word list[] = {
        W("och"), W("eller"), W("av"), W("i"), W("pa"), W("for"), W("med"), W("till"),
        W("inom"), W("vid"), W("mot"), W("hos"), W("under"), W("samt"), W("m"), W("fl"),
        W("mfl"), W("m fl"), W("ovriga"), W("annan"), W("andra"), W("den"), W("det"), W("de"),
        W("en"), W("ett"), {NULL, 0}};
    return in_list(list, word, strlen(word)) || nm_sv_is_number(word);
}

/* --- word forms --- */

size_t nm_sv_head_variants(const char *word, char out[][NM_SV_WORD_MAX], size_t max)
{
    static const char *const pairs[][2] = {
        {"skoterska", "sjukskoterska"},   {"sjukskoterska", "skoterska"},
        {"sjukskotare", "sjukskoterska"},
        {"chauffor", "forare"},           {"forare", "chauffor"},
        {"programmerare", "utvecklare"},  {"developer", "utvecklare"},
        {"leader", "ledare"},             {"personal", ""},
        {"kollega", ""},                  {"medarbetare", ""}};
    size_t n = strlen(word), k = 0;
    for (size_t i = 0; i < sizeof pairs / sizeof pairs[0] && k < max; i++) {
        size_t a = strlen(pairs[i][0]), b = strlen(pairs[i][1]);
        if (n < a + 3 || strcmp(word + n - a, pairs[i][0]) != 0 || n - a + b >= NM_SV_WORD_MAX)
            continue;
        if (i == 0 && n >= 13 && strcmp(word + n - 13, "sjukskoterska") == 0)
            continue; /* already the long form */
        memcpy(out[k], word, n - a);
        memcpy(out[k] + n - a, pairs[i][1], b + 1);
        k++;
    }
    return k;
}

typedef struct ending {
    const char *end;   /* what the word ends in */
    const char *add;   /* what replaces it in the base form */
    size_t elen, alen;
} ending;

size_t nm_sv_base_forms(const char *word, char out[][NM_SV_WORD_MAX], size_t max)
{
#define E(end, add) {end, add, sizeof end - 1, sizeof add - 1}
    static const ending endings[] = {
        E("orna", "a"), E("arna", ""),  E("erna", ""),   E("erna", "er"), E("rna", "re"),
        E("ena", "e"),  E("or", "a"),   E("ar", ""),     E("er", ""),     E("ern", "er"),
        E("aren", "are"), E("en", ""),  E("en", "e"),    E("an", "a"),    E("et", "e"),
        E("et", ""),    E("na", "e"),   E("arinna", "are"), E("inna", ""), E("erska", "are"),
        E("ska", ""),   E("issa", ""),  E("essa", ""),   E("s", ""),     E("n", "")};
#undef E
    size_t n = strlen(word), k = 0;
    if (n < 4)
        return 0;
    char last = word[n - 1];
    for (size_t i = 0; i < sizeof endings / sizeof endings[0] && k < max; i++) {
        size_t e = endings[i].elen, a = endings[i].alen;
        if (endings[i].end[e - 1] != last || n <= e + 2 ||
            memcmp(word + n - e, endings[i].end, e) != 0 || n - e + a + 1 > NM_SV_WORD_MAX)
            continue;
        if (e == 5 && n >= 9 && memcmp(word + n - 9, "skoterska", 9) == 0)
            continue; /* a sjuksköterska is no skötare */
        memcpy(out[k], word, n - e);
        memcpy(out[k] + n - e, endings[i].add, a + 1);
        int dup = 0;
        for (size_t j = 0; j < k; j++)
            dup |= strcmp(out[j], out[k]) == 0;
        k += !dup;
    }
    return k;
}
