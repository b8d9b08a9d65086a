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

static nm_role keyword_role(const char *key, int question, const char **why)
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
    if ((has_word(key, "kommun") || has_word(key, "kommunen") || has_word(key, "municipality")) &&
        question) {
        *why = "question about the municipality";
        return NM_ROLE_MUNICIPALITY;
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
    role = keyword_role(full.data, strchr(header, '?') != NULL, why);
done:
    nm_buf_free(&full);
    nm_buf_free(&bare);
    return role;
}

static int exact_enough(const nm_competence *c)
{
    return c->how != NM_MATCH_UNCLASSIFIED;
}

int nm_header_matches_entry(const char *header, const char *entry)
{
    nm_buf full = {0}, bare = {0}, e = {0};
    header_key(header, &full, 0);
    header_key(header, &bare, 1);
    nm_text_key(entry, &e);
    int same = strcmp(full.data, e.data) == 0 || strcmp(bare.data, e.data) == 0;
    nm_buf_free(&full);
    nm_buf_free(&bare);
    nm_buf_free(&e);
    return same;
}

/* Copy [s, e) trimmed of spaces into out; 1 when something is left. */
static int put_trimmed(nm_buf *out, const char *s, const char *e)
{
    while (s < e && (*s == ' ' || *s == '\t'))
        s++;
    while (e > s && (e[-1] == ' ' || e[-1] == '\t'))
        e--;
    nm_buf_reset(out);
    nm_buf_append(out, s, (size_t)(e - s));
    return e > s;
}

/* The last occurrence of sep in s, or NULL. */
static const char *last_of(const char *s, const char *sep)
{
    const char *found = NULL;
    for (const char *p = strstr(s, sep); p; p = strstr(p + 1, sep))
        found = p;
    return found;
}

int nm_header_split_matrix(const char *header, nm_buf *question, nm_buf *option)
{
    const char *end = header + strlen(header);
    while (end > header && (end[-1] == ' ' || end[-1] == '\t'))
        end--;
    if (end > header && end[-1] == ']') {
        const char *open = NULL;
        for (const char *p = header; p < end; p++)
            if (*p == '[')
                open = p;
        if (open && put_trimmed(option, open + 1, end - 1))
            return put_trimmed(question, header, open);
    }
    static const char *const seps[] = {" - ", " \xE2\x80\x93 ", " \xE2\x80\x94 ", ": ", NULL};
    for (const char *const *sep = seps; *sep; sep++) {
        const char *at = last_of(header, *sep);
        if (at && put_trimmed(option, at + strlen(*sep), header + strlen(header)))
            return put_trimmed(question, header, at);
    }
    return 0;
}

/* The need type a matrix question names ("... rekrytera?"), or unknown. */
static nm_need question_need(const char *question)
{
    nm_buf key = {0};
    nm_text_key(question, &key);
    nm_role r = count_role(key.data);
    nm_buf_free(&key);
    return r == NM_ROLE_COUNT_RECRUITMENT  ? NM_NEED_RECRUITMENT
           : r == NM_ROLE_COUNT_UPSKILLING ? NM_NEED_UPSKILLING
           : r == NM_ROLE_COUNT_INTEREST   ? NM_NEED_INTEREST
                                           : NM_NEED_UNKNOWN;
}

static void make_wide(nm_column *col, const nm_competence *comp, const char *text,
                      nm_need need, const char *why)
{
    col->role = NM_ROLE_WIDE;
    col->wide = *comp;
    col->why = why;
    col->need = need;
    free(col->wide_text);
    col->wide_text = text ? nm_strdup(text) : NULL;
}

/* May a column's header be read as a matrix question?  Not when the
 * mapping file named it, nor when it is personal data or a known column
 * other than a count (a count keyword is the question: "Hur många"). */
static int matrix_candidate(const nm_column *col)
{
    return col->role == NM_ROLE_IGNORED ||
           (strcmp(col->why, "count keyword") == 0 &&
            (col->role == NM_ROLE_COUNT || col->role == NM_ROLE_COUNT_RECRUITMENT ||
             col->role == NM_ROLE_COUNT_UPSKILLING || col->role == NM_ROLE_COUNT_INTEREST));
}

/* Matrix questions: columns whose option names an occupation are wide;
 * then the other options of the same questions, unclassified (their
 * counts are needs too). */
static void find_matrix(nm_columns *c, const nm_mapping *map, nm_comp_matcher *matcher)
{
    if (c->first[NM_ROLE_COMPETENCE] != SIZE_MAX || c->first[NM_ROLE_SSYK] != SIZE_MAX ||
        (map && map->layout == 1))
        return;
    nm_buf q = {0}, o = {0}, qk = {0};
    char **questions = nm_calloc(c->n, sizeof *questions); /* recognised questions' keys */
    for (int pass = 0; pass < 2; pass++) {
        for (size_t i = 0; i < c->n; i++) {
            nm_column *col = &c->cols[i];
            if (!matrix_candidate(col) || !nm_header_split_matrix(col->header, &q, &o))
                continue;
            nm_competence comp;
            if (!nm_comp_peek(matcher, o.data, &comp))
                continue;
            nm_text_key(q.data, &qk);
            int known = exact_enough(&comp), sibling = 0;
            for (size_t k = 0; k < c->n && !known && pass == 1; k++)
                sibling |= questions[k] && strcmp(questions[k], qk.data) == 0;
            if (pass == 0 && known) {
                make_wide(col, &comp, o.data, question_need(q.data),
                          "matrix question: the option names an occupation");
                questions[i] = nm_strdup(qk.data);
            } else if (pass == 1 && sibling) {
                make_wide(col, &comp, o.data, question_need(q.data),
                          "matrix question: option not recognised, kept as unclassified text");
            }
        }
    }
    for (size_t i = 0; i < c->n; i++)
        free(questions[i]);
    free(questions);
    nm_buf_free(&q);
    nm_buf_free(&o);
    nm_buf_free(&qk);
}

/* A header that may name an occupation: it has a letter, or is a 3- or
 * 4-digit SSYK code.  A data row's counts (5, 2, 1) are not SSYK major
 * groups. */
static int may_name_occupation(const char *header)
{
    size_t digits = 0, n = 0;
    for (const unsigned char *p = (const unsigned char *)header; *p; p++) {
        if ((*p >= 'A' && *p <= 'Z') || (*p >= 'a' && *p <= 'z') || *p >= 0x80)
            return 1;
        digits += *p >= '0' && *p <= '9';
        n += *p != ' ';
    }
    return digits == n && (digits == 3 || digits == 4);
}

/* The header without count words ("Antal undersköterskor" -> "underskoterskor"),
 * for a layout the mapping file says is wide. */
static void without_count_words(const char *header, nm_buf *out)
{
    static const char *const words[] = {"antal", "hur", "manga", "st", "personer", "number",
                                        "of", "count", "behov", "av", "nya", NULL};
    nm_buf bare = {0}, text = {0}, key = {0};
    int depth = 0;
    for (const char *p = header; *p; p++) { /* "(antal)" goes too */
        depth += *p == '(';
        if (!depth)
            nm_buf_putc(&bare, *p);
        depth -= *p == ')' && depth;
    }
    nm_text_fold(bare.data ? bare.data : "", &text);
    nm_buf_reset(out);
    nm_buf_puts(out, "");
    char *save = NULL; /* strtok_r: headers are read on several threads */
    nm_buf_puts(&text, "");
    for (char *w = strtok_r(text.data, " ", &save); w; w = strtok_r(NULL, " ", &save)) {
        nm_text_key(w, &key);
        int drop = !key.len;
        for (const char *const *d = words; *d && !drop; d++)
            drop = strcmp(key.data, *d) == 0;
        if (drop)
            continue;
        if (out->len)
            nm_buf_putc(out, ' ');
        nm_buf_puts(out, w);
    }
    nm_buf_free(&bare);
    nm_buf_free(&text);
    nm_buf_free(&key);
}

/* A column the mapping file calls wide: the occupation its header (or its
 * matrix option) names, whatever the matcher's confidence. */
static void mapped_wide(nm_column *col, nm_comp_matcher *matcher)
{
    nm_buf q = {0}, o = {0};
    if (nm_header_split_matrix(col->header, &q, &o) && nm_comp_peek(matcher, o.data, &col->wide) &&
        exact_enough(&col->wide)) {
        col->wide_text = nm_strdup(o.data);
        col->need = question_need(q.data);
    } else if (!nm_comp_peek(matcher, col->header, &col->wide)) {
        col->role = NM_ROLE_IGNORED;
    }
    nm_buf_free(&q);
    nm_buf_free(&o);
}

/* May a column be an occupation column of a wide layout?  Unrecognised
 * ones; with "layout": "wide" in the mapping file also those read by a
 * count keyword or as the occupation column by name (a wide file has
 * none). */
static int wide_candidate(const nm_column *col, int forced)
{
    if (col->role == NM_ROLE_IGNORED)
        return 1;
    if (!forced || strcmp(col->why, "mapping file") == 0)
        return 0;
    return strcmp(col->why, "count keyword") == 0 || col->role == NM_ROLE_COMPETENCE ||
           col->role == NM_ROLE_SSYK;
}

static const char *wide_why(const nm_competence *comp)
{
    return !comp->ssyk[0]                 ? "names a competence"
           : comp->how == NM_MATCH_FUZZY ? "names an occupation (approximate)"
                                         : "names an occupation";
}

/* Second pass: with no occupation column (or "layout": "wide" in the
 * mapping file), headers that name an occupation make the layout wide. */
static void find_wide(nm_columns *c, const nm_mapping *map, nm_comp_matcher *matcher)
{
    int forced = map && map->layout == 2;
    if (!forced && (c->first[NM_ROLE_COMPETENCE] != SIZE_MAX || c->first[NM_ROLE_SSYK] != SIZE_MAX))
        return;
    if (map && map->layout == 1)
        return;
    nm_buf bare = {0};
    for (size_t i = 0; i < c->n; i++) {
        nm_column *col = &c->cols[i];
        if (col->role == NM_ROLE_WIDE) {
            if (!col->wide_text) /* not a matrix option: named by the mapping file */
                mapped_wide(col, matcher);
            continue;
        }
        if (!wide_candidate(col, forced) || !may_name_occupation(col->header))
            continue;
        nm_competence comp;
        if (nm_comp_peek(matcher, col->header, &comp) && exact_enough(&comp)) {
            make_wide(col, &comp, NULL, NM_NEED_UNKNOWN, wide_why(&comp));
            continue;
        }
        without_count_words(col->header, &bare);
        if (forced && bare.len && nm_comp_peek(matcher, bare.data, &comp) && exact_enough(&comp))
            make_wide(col, &comp, bare.data, question_need(col->header), wide_why(&comp));
        else if (forced && (col->role == NM_ROLE_COMPETENCE || col->role == NM_ROLE_SSYK)) {
            col->role = NM_ROLE_IGNORED; /* a wide file has no occupation column */
            col->why = "\"layout\": \"wide\" in the mapping file: not an occupation column";
        }
    }
    nm_buf_free(&bare);
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

/* Roles whose cell a row cannot do without: a row too short to reach one
 * has lost a delimiter (or more), so its values are not where the header
 * says. */
int nm_role_needed(nm_role r)
{
    switch (r) {
    case NM_ROLE_MUNICIPALITY: case NM_ROLE_COMPETENCE: case NM_ROLE_SSYK: case NM_ROLE_COUNT:
    case NM_ROLE_COUNT_RECRUITMENT: case NM_ROLE_COUNT_UPSKILLING: case NM_ROLE_COUNT_INTEREST:
    case NM_ROLE_WIDE:
        return 1;
    default:
        return 0;
    }
}

static void index_roles(nm_columns *c)
{
    for (int r = 0; r < NM_ROLE_N; r++)
        c->first[r] = SIZE_MAX;
    c->nwide = 0;
    c->named = c->needed = 0;
    for (size_t i = c->n; i-- > 0;) {
        c->first[c->cols[i].role] = i;
        c->nwide += c->cols[i].role == NM_ROLE_WIDE;
        if (!c->named && !nm_text_is_blank(c->cols[i].header))
            c->named = i + 1;
        if (!c->needed && nm_role_needed(c->cols[i].role))
            c->needed = i + 1;
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
    index_roles(out);
    find_matrix(out, map, matcher);
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
        free(c->cols[i].wide_text);
    }
    free(c->cols);
    memset(c, 0, sizeof *c);
}
