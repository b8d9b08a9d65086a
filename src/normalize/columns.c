/* columns.c - header aliases, personal-data keywords and the wide layout. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/alloc.h"
#include "needmap/columns.h"
#include "needmap/text.h"

static const char *const role_names[NM_ROLE_N] = {
    "ignored", "skip", "personal", "municipality", "competence", "ssyk", "count",
    "count_recruitment", "count_upskilling", "count_interest", "need", "level", "mode",
    "horizon", "respondent", "respondent_kind", "wide"};

const char *nm_role_name(nm_role role)
{
    return role < NM_ROLE_N ? role_names[role] : "?";
}

int nm_role_parse(const char *name, nm_role *out)
{
    for (int r = 0; r < NM_ROLE_N; r++) {
        if (strcmp(name, role_names[r]) == 0) {
            *out = (nm_role)r;
            return 0;
        }
    }
    if (strcmp(name, "ignore") == 0) {
        *out = NM_ROLE_SKIP;
        return 0;
    }
    return -1;
}

typedef struct alias { const char *key; nm_role role; } alias;

/* Header keys as nm_text_key makes them, parentheses removed. */
static const alias aliases[] = {
    {"kommun", NM_ROLE_MUNICIPALITY}, {"kommunnamn", NM_ROLE_MUNICIPALITY},
    {"kommun namn", NM_ROLE_MUNICIPALITY}, {"kommunkod", NM_ROLE_MUNICIPALITY},
    {"kommun kod", NM_ROLE_MUNICIPALITY}, {"kommunnummer", NM_ROLE_MUNICIPALITY},
    {"kommunnr", NM_ROLE_MUNICIPALITY}, {"kod kommun", NM_ROLE_MUNICIPALITY},
    {"hemkommun", NM_ROLE_MUNICIPALITY}, {"bostadskommun", NM_ROLE_MUNICIPALITY},
    {"vilken kommun", NM_ROLE_MUNICIPALITY}, {"municipality", NM_ROLE_MUNICIPALITY},
    {"municipality code", NM_ROLE_MUNICIPALITY}, {"municipality name", NM_ROLE_MUNICIPALITY},
    {"kommun lan", NM_ROLE_MUNICIPALITY},
    {"yrke", NM_ROLE_COMPETENCE}, {"yrken", NM_ROLE_COMPETENCE},
    {"yrkesroll", NM_ROLE_COMPETENCE}, {"yrkestitel", NM_ROLE_COMPETENCE},
    {"yrkesbenamning", NM_ROLE_COMPETENCE}, {"yrkesomrade", NM_ROLE_COMPETENCE},
    {"befattning", NM_ROLE_COMPETENCE}, {"tjanst", NM_ROLE_COMPETENCE},
    {"roll", NM_ROLE_COMPETENCE}, {"kompetens", NM_ROLE_COMPETENCE},
    {"kompetensomrade", NM_ROLE_COMPETENCE}, {"kompetensbehov", NM_ROLE_COMPETENCE},
    {"utbildningsbehov", NM_ROLE_COMPETENCE}, {"utbildningsomrade", NM_ROLE_COMPETENCE},
    {"bristyrke", NM_ROLE_COMPETENCE}, {"occupation", NM_ROLE_COMPETENCE},
    {"job title", NM_ROLE_COMPETENCE}, {"title", NM_ROLE_COMPETENCE},
    {"role", NM_ROLE_COMPETENCE}, {"competence", NM_ROLE_COMPETENCE},
    {"competency", NM_ROLE_COMPETENCE}, {"skill", NM_ROLE_COMPETENCE},
    {"profession", NM_ROLE_COMPETENCE},
    {"ssyk", NM_ROLE_SSYK}, {"ssyk kod", NM_ROLE_SSYK}, {"ssykkod", NM_ROLE_SSYK},
    {"ssyk2012", NM_ROLE_SSYK}, {"ssyk 2012", NM_ROLE_SSYK}, {"yrkeskod", NM_ROLE_SSYK},
    {"occupation code", NM_ROLE_SSYK}, {"ssyk code", NM_ROLE_SSYK},
    {"antal", NM_ROLE_COUNT}, {"antal personer", NM_ROLE_COUNT}, {"antal behov", NM_ROLE_COUNT},
    {"behov antal", NM_ROLE_COUNT}, {"count", NM_ROLE_COUNT}, {"number", NM_ROLE_COUNT},
    {"quantity", NM_ROLE_COUNT}, {"n", NM_ROLE_COUNT}, {"number of people", NM_ROLE_COUNT},
    {"behov", NM_ROLE_NEED}, {"typ av behov", NM_ROLE_NEED}, {"behovstyp", NM_ROLE_NEED},
    {"typ", NM_ROLE_NEED}, {"need", NM_ROLE_NEED}, {"need type", NM_ROLE_NEED},
    {"type of need", NM_ROLE_NEED},
    {"niva", NM_ROLE_LEVEL}, {"utbildningsniva", NM_ROLE_LEVEL}, {"utbildningstyp", NM_ROLE_LEVEL},
    {"typ av utbildning", NM_ROLE_LEVEL}, {"level", NM_ROLE_LEVEL},
    {"education level", NM_ROLE_LEVEL}, {"education type", NM_ROLE_LEVEL},
    {"utbildningsform", NM_ROLE_MODE}, {"form", NM_ROLE_MODE}, {"studieform", NM_ROLE_MODE},
    {"undervisningsform", NM_ROLE_MODE}, {"distans eller pa plats", NM_ROLE_MODE},
    {"mode", NM_ROLE_MODE}, {"delivery", NM_ROLE_MODE}, {"delivery mode", NM_ROLE_MODE},
    {"tidshorisont", NM_ROLE_HORIZON}, {"tidsperiod", NM_ROLE_HORIZON}, {"tid", NM_ROLE_HORIZON},
    {"nar", NM_ROLE_HORIZON}, {"inom", NM_ROLE_HORIZON}, {"horizon", NM_ROLE_HORIZON},
    {"time horizon", NM_ROLE_HORIZON}, {"when", NM_ROLE_HORIZON}, {"period", NM_ROLE_HORIZON},
    {"organisation", NM_ROLE_RESPONDENT}, {"organisationsnamn", NM_ROLE_RESPONDENT},
    {"organisation foretag", NM_ROLE_RESPONDENT}, {"arbetsgivare", NM_ROLE_RESPONDENT},
    {"foretag", NM_ROLE_RESPONDENT}, {"foretagsnamn", NM_ROLE_RESPONDENT},
    {"forvaltning", NM_ROLE_RESPONDENT}, {"verksamhet", NM_ROLE_RESPONDENT},
    {"enhet", NM_ROLE_RESPONDENT}, {"respondent", NM_ROLE_RESPONDENT},
    {"respondent id", NM_ROLE_RESPONDENT}, {"svars id", NM_ROLE_RESPONDENT},
    {"svarsid", NM_ROLE_RESPONDENT}, {"svar id", NM_ROLE_RESPONDENT},
    {"response id", NM_ROLE_RESPONDENT}, {"organization", NM_ROLE_RESPONDENT},
    {"employer", NM_ROLE_RESPONDENT}, {"company", NM_ROLE_RESPONDENT},
    {"orgnr", NM_ROLE_RESPONDENT}, {"organisationsnummer", NM_ROLE_RESPONDENT},
    {"typ av organisation", NM_ROLE_RESPONDENT_KIND}, {"organisationstyp", NM_ROLE_RESPONDENT_KIND},
    {"respondenttyp", NM_ROLE_RESPONDENT_KIND}, {"sektor", NM_ROLE_RESPONDENT_KIND},
    {"arbetsgivartyp", NM_ROLE_RESPONDENT_KIND}, {"typ av arbetsgivare", NM_ROLE_RESPONDENT_KIND},
    {"jag svarar som", NM_ROLE_RESPONDENT_KIND}, {"respondent type", NM_ROLE_RESPONDENT_KIND},
    {"sector", NM_ROLE_RESPONDENT_KIND}, {"organisation type", NM_ROLE_RESPONDENT_KIND},
    {"tidsstampel", NM_ROLE_SKIP}, {"tidstampel", NM_ROLE_SKIP}, {"datum", NM_ROLE_SKIP},
    {"inskickad", NM_ROLE_SKIP}, {"timestamp", NM_ROLE_SKIP}, {"date", NM_ROLE_SKIP},
    {"submitted", NM_ROLE_SKIP}, {"lan", NM_ROLE_SKIP}, {"county", NM_ROLE_SKIP},
    {"lanskod", NM_ROLE_SKIP}, {"rad", NM_ROLE_SKIP}, {"row", NM_ROLE_SKIP},
    {NULL, NM_ROLE_IGNORED}};

/* Keys that mark personal data wherever they stand in a header. */
static const char *const personal_words[] = {
    "e post", "epost", "e postadress", "email", "e mail", "mejl", "mail", "telefon",
    "telefonnummer", "tel", "tfn", "mobil", "mobilnummer", "phone", "namn", "fornamn",
    "efternamn", "name", "first name", "last name", "kontaktperson", "kontakt", "contact",
    "kommentar", "kommentarer", "comment", "comments", "ovrigt", "fritext",
    "synpunkter", "synpunkt", "beskrivning", "beskriv", "notes", "note", "anteckning",
    "anteckningar", "adress", "address", "personnummer", "ip", "ip adress", "motivering",
    "fritextsvar", "vem", "signatur", NULL};

static int has_word(const char *key, const char *word)
{
    size_t n = strlen(word);
    for (const char *p = strstr(key, word); p; p = strstr(p + 1, word))
        if ((p == key || p[-1] == ' ') && (p[n] == '\0' || p[n] == ' '))
            return 1;
    return 0;
}

static int has_part(const char *key, const char *part)
{
    return strstr(key, part) != NULL;
}

static nm_role count_role(const char *key)
{
    if (has_part(key, "rekryt") || has_part(key, "recruit") || has_part(key, "anstall") ||
        has_part(key, "nyanst"))
        return NM_ROLE_COUNT_RECRUITMENT;
    if (has_part(key, "kompetensutveckl") || has_part(key, "upskill") ||
        has_part(key, "vidareutb") || has_part(key, "fortbild") || has_part(key, "utbilda"))
        return NM_ROLE_COUNT_UPSKILLING;
    if (has_part(key, "intress") || has_part(key, "interest"))
        return NM_ROLE_COUNT_INTEREST;
    return NM_ROLE_COUNT;
}

static nm_role keyword_role(const char *key, const char **why)
{
    for (const char *const *w = personal_words; *w; w++) {
        if (has_word(key, *w) || (strlen(*w) >= 5 && has_part(key, *w))) {
            *why = "personal data (dropped)";
            return NM_ROLE_PERSONAL;
        }
    }
    if (has_word(key, "antal") || has_part(key, "hur manga") || has_word(key, "number") ||
        has_word(key, "count") || has_word(key, "how many")) {
        *why = "count keyword";
        return count_role(key);
    }
    if (strcmp(key, "rekryteringsbehov") == 0 || strcmp(key, "recruitment") == 0 ||
        strcmp(key, "rekrytering") == 0) {
        *why = "count keyword";
        return NM_ROLE_COUNT_RECRUITMENT;
    }
    if (strcmp(key, "kompetensutvecklingsbehov") == 0 || strcmp(key, "upskilling") == 0 ||
        strcmp(key, "kompetensutveckling") == 0) {
        *why = "count keyword";
        return NM_ROLE_COUNT_UPSKILLING;
    }
    if (strcmp(key, "intresserade") == 0 || strcmp(key, "interest") == 0) {
        *why = "count keyword";
        return NM_ROLE_COUNT_INTEREST;
    }
    return NM_ROLE_IGNORED;
}

/* Key of a header without "(...)" parts. */
static void header_key(const char *header, nm_buf *key, int drop_parens)
{
    nm_buf tmp = {0};
    int depth = 0;
    for (const char *s = header; *s; s++) {
        if (drop_parens && *s == '(')
            depth++;
        else if (drop_parens && *s == ')' && depth)
            depth--;
        else if (!depth)
            nm_buf_putc(&tmp, *s);
    }
    nm_text_key(nm_buf_str(&tmp), key);
    nm_buf_free(&tmp);
}

nm_role nm_column_role(const char *header, const nm_mapping *map, const char **why)
{
    nm_buf full = {0}, bare = {0};
    nm_role role = NM_ROLE_IGNORED;
    void *v;
    header_key(header, &full, 0);
    header_key(header, &bare, 1);
    *why = "not recognised";
    if (map && (nm_strmap_find(map->columns, full.data, &v) ||
                nm_strmap_find(map->columns, bare.data, &v))) {
        role = (nm_role)((intptr_t)v - 1);
        *why = "mapping file";
        goto done;
    }
    for (const alias *a = aliases; a->key; a++) {
        if (strcmp(full.data, a->key) == 0 || strcmp(bare.data, a->key) == 0) {
            role = a->role;
            *why = "header alias";
            goto done;
        }
    }
    role = keyword_role(full.data, why);
done:
    nm_buf_free(&full);
    nm_buf_free(&bare);
    return role;
}

static int exact_enough(const nm_competence *c)
{
    return c->how != NM_MATCH_UNCLASSIFIED;
}

/* Second pass: with no occupation column, headers that name an occupation
 * make the layout wide. */
static void find_wide(nm_columns *c, const nm_mapping *map, nm_comp_matcher *matcher)
{
    if (c->first[NM_ROLE_COMPETENCE] != SIZE_MAX || c->first[NM_ROLE_SSYK] != SIZE_MAX)
        return;
    if (map && map->layout == 1)
        return;
    for (size_t i = 0; i < c->n; i++) {
        nm_column *col = &c->cols[i];
        if (col->role == NM_ROLE_WIDE) {
            if (!nm_comp_peek(matcher, col->header, &col->wide))
                col->role = NM_ROLE_IGNORED;
            continue;
        }
        if (col->role != NM_ROLE_IGNORED)
            continue;
        nm_competence comp;
        if (nm_comp_peek(matcher, col->header, &comp) && exact_enough(&comp)) {
            col->role = NM_ROLE_WIDE;
            col->why = !comp.ssyk[0]             ? "names a competence"
                       : comp.how == NM_MATCH_FUZZY ? "names an occupation (approximate)"
                                                    : "names an occupation";
            col->wide = comp;
        }
    }
}

/* A second column with the same single-valued role (two "Antal") would be
 * read as nothing: say so instead of ignoring it silently. */
static void ignore_duplicates(nm_columns *c)
{
    int seen[NM_ROLE_N] = {0};
    for (size_t i = 0; i < c->n; i++) {
        nm_role r = c->cols[i].role;
        if (r == NM_ROLE_IGNORED || r == NM_ROLE_SKIP || r == NM_ROLE_PERSONAL ||
            r == NM_ROLE_WIDE)
            continue;
        if (seen[r]) {
            c->cols[i].role = NM_ROLE_IGNORED;
            c->cols[i].why = "same role as an earlier column: not read";
        }
        seen[r] = 1;
    }
}

static void index_roles(nm_columns *c)
{
    for (int r = 0; r < NM_ROLE_N; r++)
        c->first[r] = SIZE_MAX;
    c->nwide = 0;
    for (size_t i = c->n; i-- > 0;) {
        c->first[c->cols[i].role] = i;
        c->nwide += c->cols[i].role == NM_ROLE_WIDE;
    }
}

/* A JSON export's dotted key ("respondent.kommun") that is not known as
 * it stands is known by its last part ("kommun"). */
static void last_part_role(nm_column *col)
{
    const char *dot = strrchr(col->header, '.');
    if (col->role != NM_ROLE_IGNORED || !dot || !dot[1])
        return;
    const char *why;
    nm_role role = nm_column_role(dot + 1, NULL, &why);
    if (role == NM_ROLE_IGNORED)
        return;
    col->role = role;
    col->why = role == NM_ROLE_PERSONAL ? "personal data (dropped)" : "last part of the key";
}

int nm_columns_build(const nm_row *row, const nm_mapping *map, nm_comp_matcher *matcher,
                     nm_columns *out)
{
    memset(out, 0, sizeof *out);
    out->n = row->nfields;
    out->cols = nm_calloc(out->n, sizeof *out->cols);
    for (size_t i = 0; i < out->n; i++) {
        out->cols[i].header = nm_strdup(row->fields[i]);
        out->cols[i].role = nm_column_role(row->fields[i], map, &out->cols[i].why);
        if (row->synthetic)
            last_part_role(&out->cols[i]);
        if (nm_text_is_blank(row->fields[i]))
            out->cols[i].why = "empty header";
    }
    ignore_duplicates(out);
    index_roles(out);
    find_wide(out, map, matcher);
    index_roles(out);
    for (size_t i = 0; i < out->n; i++) { /* own the labels: the matcher may go first */
        nm_column *col = &out->cols[i];
        if (col->role == NM_ROLE_WIDE && col->wide.label) {
            col->wide_label = nm_strdup(col->wide.label);
            col->wide.label = col->wide_label;
        }
    }
    out->wide = out->nwide > 0;
    int has_place = out->first[NM_ROLE_MUNICIPALITY] != SIZE_MAX ||
                    (map && map->defaults[NM_FIELD_MUNICIPALITY]);
    int has_what = out->first[NM_ROLE_COMPETENCE] != SIZE_MAX ||
                   out->first[NM_ROLE_SSYK] != SIZE_MAX || out->nwide > 0;
    return has_place && has_what;
}

void nm_columns_free(nm_columns *c)
{
    for (size_t i = 0; i < c->n; i++) {
        free(c->cols[i].header);
        free(c->cols[i].wide_label);
    }
    free(c->cols);
    memset(c, 0, sizeof *c);
}
