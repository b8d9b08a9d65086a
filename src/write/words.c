/* words.c - the words of report.html and needmap.xlsx, in Swedish and
 * English, and numbers written the way each language writes them. */
#include <string.h>

#include "needmap/buf.h"

#include "needmap/output.h"
#include "needmap/reader.h"
#include "planner_parts.h"

typedef struct pair {
    const char *sv, *en;
} pair;

static const char *pick(nm_lang lang, const pair *p)
{
    return lang == NM_LANG_EN ? p->en : p->sv;
}

const char *nm_word_need(nm_lang lang, nm_need n)
{
    static const pair w[NM_NEED_N] = {{"okänt behov", "unknown need"},
                                      {"rekrytering", "recruitment"},
                                      {"kompetensutveckling", "upskilling"},
                                      {"intresse", "interest"}};
    return pick(lang, &w[n]);
}

const char *nm_word_level(nm_lang lang, nm_level l)
{
    static const pair w[NM_LEVEL_N] = {{"okänd nivå", "unknown level"},
                                       {"YH", "YH"},
                                       {"högskola", "university"},
                                       {"kurs", "course"},
                                       {"komvux", "komvux"}};
    return pick(lang, &w[l]);
}

const char *nm_word_mode(nm_lang lang, nm_mode m)
{
    static const pair w[NM_MODE_N] = {{"okänd form", "unknown mode"},
                                      {"distans", "distance"},
                                      {"hybrid", "hybrid"},
                                      {"på plats", "on site"}};
    return pick(lang, &w[m]);
}

const char *nm_word_reason(nm_lang lang, nm_reason r)
{
    static const char *const sv[] = {
        "felaktig rad (citattecken)", "kommun saknas", "okänd kommun", "tvetydig kommun",
        "yrke eller kompetens saknas", "inte en SSYK 2012-kod", "antalet är negativt",
        "antalet är inte ett tal", "orimligt stort antal", "tvetydigt antal",
        "intervallet är omvänt", "antalet är mindre än en tusendel", "tom rad", "Excels sep=-rad", "rubrikrad",
        "anteckning ovanför rubrikraden", "upprepad rubrikrad", "summarad",
        "inget yrke ifyllt", "alla antal är noll"};
    _Static_assert(sizeof sv / sizeof *sv == NM_REASON_N, "a Swedish word for every reason");
    return lang == NM_LANG_EN ? nm_reason_text(r) : sv[r];
}

const char *nm_word_note(nm_lang lang, nm_note n)
{
    static const char *const sv[] = {
        "antal saknas: räknat som behov utan antal", "antal givet som intervall",
        "antal givet ungefärligt", "antal givet som minst (10+)",
        "yrke igenkänt ungefärligt", "kompetens utanför SSYK: räknad som oklassificerad",
        "tal i yrkestexten, läst utan talet (se varningen)",
        "flera SSYK-koder i en cell: deras gemensamma grupp behållen",
        "text i SSYK-kolumnen, läst som en yrkestitel",
        "behovstyp inte förstådd: räknad som okänd", "utbildningsnivå inte förstådd: räknad som okänd",
        "studieform inte förstådd: räknad som okänd", "tidshorisont inte förstådd: räknad som okänd",
        "typ av svarande inte förstådd: räknad som okänd"};
    _Static_assert(sizeof sv / sizeof *sv == NM_NOTE_N, "a Swedish word for every note");
    return lang == NM_LANG_EN ? nm_note_text(n) : sv[n];
}

const char *nm_word_delimiter(nm_lang lang, char d)
{
    if (lang == NM_LANG_EN)
        return nm_delimiter_name(d);
    return d == ',' ? "komma" : d == ';' ? "semikolon" : d == '\t' ? "tabb" : d == '|' ? "lodstreck"
                                                                               : "okänd";
}

/* --- CSV values in the workbook --- */

typedef struct value_word {
    const char *columns; /* " need cluster_need " : the columns it applies to */
    const char *value;   /* as in the CSV */
    const char *sv;
} value_word;

static const value_word value_words[] = {
    {" need ", "recruitment", "rekrytering"},
    {" need ", "upskilling", "kompetensutveckling"},
    {" need ", "interest", "intresse"},
    {" need ", "unknown", "okänt"},
    {" level ", "yh", "YH"},
    {" level ", "university", "högskola"},
    {" level ", "course", "kurs"},
    {" level ", "komvux", "komvux"},
    {" level mode horizon_years ", "unknown", "okänd"},
    {" level mode horizon_years geo_level competence_kind ", "all", "alla"},
    {" mode ", "distance", "distans"},
    {" mode ", "hybrid", "hybrid"},
    {" mode ", "onsite", "på plats"},
    {" table ", "detail", "detalj"},
    {" table ", "rollup", "summering"},
    {" geo_level ", "county", "län"},
    {" geo_level ", "municipality", "kommun"},
    {" geo_code ", "SE", "SE"},
    {" ssyk_level ", "given", "som angiven"},
    {" competence_kind ", "ssyk", "SSYK"},
    {" competence_kind ", "competence", "kompetens"},
    {" competence_kind ", "unclassified", "oklassificerad"},
    {" competence_kind ", "cluster", "kluster"},
    {" suppressed cluster_suppressed jobs_suppressed ", "primary", "primär"},
    {" suppressed cluster_suppressed ", "secondary", "sekundär"},
    {" suppressed cluster_suppressed jobs_suppressed ", "yes", "ja"},
    {" internal_use_only open_admission placements_bind ", "yes", "ja"},
    {" level_source mode_source ", "given", "angiven"},
    {" level_source ", "inferred", "antagen"},
    {" mode_source ", "assumed", "antagen"},
};

static int in_list(const char *list, const char *column)
{
    size_t n = strlen(column);
    if (!n)
        return 0;
    for (const char *p = strstr(list, column); p; p = strstr(p + 1, column))
        if (p[-1] == ' ' && p[n] == ' ')
            return 1;
    return 0;
}

const char *nm_word_csv_value(nm_lang lang, const char *column, const char *value)
{
    if (lang == NM_LANG_EN || !value[0])
        return value;
    if (strcmp(column, "reason") == 0) {
        for (int r = 0; r < NM_REASON_N; r++)
            if (strcmp(value, nm_reason_text((nm_reason)r)) == 0)
                return nm_word_reason(lang, (nm_reason)r);
        return value;
    }
    for (size_t i = 0; i < sizeof value_words / sizeof value_words[0]; i++)
        if (strcmp(value, value_words[i].value) == 0 && in_list(value_words[i].columns, column))
            return value_words[i].sv;
    return value;
}

/* --- numbers --- */

const char *nm_word_number(nm_lang lang, double v, char *buf, size_t size)
{
    char plain[48];
    nm_format_number(v, lang == NM_LANG_SV, plain, sizeof plain);
    const char *digits = plain + (plain[0] == '-');
    size_t whole = strcspn(digits, ".,");
    const char *sep = lang == NM_LANG_SV ? "\xC2\xA0" : ",";
    size_t o = 0;
    if (plain[0] == '-' && o + 1 < size)
        buf[o++] = '-';
    for (size_t i = 0; digits[i] && o + 4 < size; i++) {
        if (i && i < whole && (whole - i) % 3 == 0)
            for (const char *s = sep; *s; s++)
                buf[o++] = *s;
        buf[o++] = digits[i];
    }
    buf[o] = '\0';
    return buf;
}

/* --- the run's counts in one sentence --- */

static void put_count(nm_buf *b, nm_lang lang, uint64_t v)
{
    char t[48];
    nm_buf_puts(b, nm_word_number(lang, (double)v, t, sizeof t));
}

void nm_word_counts(nm_lang lang, const nm_run_counts *c, nm_buf *b)
{
    nm_buf_puts(b, NM_L(lang, "needmap läste ", "needmap read "));
    put_count(b, lang, c->inputs);
    nm_buf_puts(b, c->inputs == 1 ? NM_L(lang, " fil med ", " input with ")
                                  : NM_L(lang, " filer med ", " inputs with "));
    put_count(b, lang, c->rows_read);
    nm_buf_puts(b, NM_L(lang, " rader, varav ", " rows, of which "));
    put_count(b, lang, c->rows_accepted);
    nm_buf_puts(b, NM_L(lang, " godtogs; ", " were accepted; "));
    put_count(b, lang, c->rejections);
    nm_buf_puts(b, NM_L(lang, " avvisningar; ", " rejections; "));
    put_count(b, lang, c->needs_accepted);
    nm_buf_puts(b, NM_L(lang, " behov i ", " needs in "));
    put_count(b, lang, c->cells);
    nm_buf_puts(b, NM_L(lang, " tabellceller (", " table cells ("));
    put_count(b, lang, c->cells_hidden);
    nm_buf_puts(b, NM_L(lang, " dolda). ", " hidden). "));
    put_count(b, lang, c->cohorts);
    nm_buf_puts(b, NM_L(lang, " genomförbara kohorter (", " viable cohorts ("));
    put_count(b, lang, c->cohorts - c->cohorts_hidden);
    nm_buf_puts(b, NM_L(lang, " med siffror, ", " with figures, "));
    put_count(b, lang, c->cohorts_hidden);
    nm_buf_puts(b, NM_L(lang, " med dolda siffror) i ", " with hidden figures) in "));
    put_count(b, lang, c->groups);
    nm_buf_puts(b, NM_L(lang, " grupper av kompetens, nivå och studieform; ",
                        " competence x level x mode groups; "));
    put_count(b, lang, c->residual);
    nm_buf_puts(b, NM_L(lang, " kommunbehov återstår (", " municipality demands left over ("));
    put_count(b, lang, c->residual_hidden);
    nm_buf_puts(b, NM_L(lang, " dolda); ", " hidden); "));
    put_count(b, lang, c->clusters);
    nm_buf_puts(b, NM_L(lang, " kompetenskluster.", c->clusters == 1 ? " competence cluster."
                                                                      : " competence clusters."));
}
