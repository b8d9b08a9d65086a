/* test_columns.c - what each column of an export holds, and the analyst's
 * mapping file (columns.h). */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/columns.h"
#include "needmap/competence.h"
#include "needmap/refdata.h"

#include "check.h"
#include "tmp.h"

static nm_refdata *ref;

static nm_role role_of(const char *header)
{
    const char *why = NULL;
    return nm_column_role(header, NULL, &why);
}

/* A header row made of the given texts (borrowed). */
static nm_row header_row(char **fields, size_t n)
{
    static size_t lens[32];
    for (size_t i = 0; i < n && i < 32; i++)
        lens[i] = strlen(fields[i]);
    nm_row row = {.kind = NM_ROW_FIELDS, .line = 1, .end_line = 1, .nfields = n,
                  .fields = fields, .lens = lens};
    return row;
}

static void swedish_and_english_aliases_name_the_roles(void)
{
    CHECK_INT_EQ(role_of("Kommun"), NM_ROLE_MUNICIPALITY);
    CHECK_INT_EQ(role_of("Kommunkod"), NM_ROLE_MUNICIPALITY);
    CHECK_INT_EQ(role_of("Vilken kommun?"), NM_ROLE_MUNICIPALITY);
    CHECK_INT_EQ(role_of("Municipality code"), NM_ROLE_MUNICIPALITY);
    CHECK_INT_EQ(role_of("Yrke"), NM_ROLE_COMPETENCE);
    CHECK_INT_EQ(role_of("Occupation"), NM_ROLE_COMPETENCE);
    CHECK_INT_EQ(role_of("SSYK"), NM_ROLE_SSYK);
    CHECK_INT_EQ(role_of("SSYK-kod"), NM_ROLE_SSYK);
    CHECK_INT_EQ(role_of("Antal"), NM_ROLE_COUNT);
    CHECK_INT_EQ(role_of("Behov"), NM_ROLE_NEED);
    CHECK_INT_EQ(role_of("Nivå"), NM_ROLE_LEVEL);
    CHECK_INT_EQ(role_of("Utbildningsform"), NM_ROLE_MODE);
    CHECK_INT_EQ(role_of("Studieform"), NM_ROLE_MODE);
    CHECK_INT_EQ(role_of("Tidshorisont"), NM_ROLE_HORIZON);
    CHECK_INT_EQ(role_of("Förvaltning"), NM_ROLE_RESPONDENT);
    CHECK_INT_EQ(role_of("Företag"), NM_ROLE_RESPONDENT);
    CHECK_INT_EQ(role_of("Svars-ID"), NM_ROLE_RESPONDENT);
    CHECK_INT_EQ(role_of("Typ av organisation"), NM_ROLE_RESPONDENT_KIND);
    CHECK_INT_EQ(role_of("Tidsstämpel"), NM_ROLE_SKIP);
}

static void headers_are_compared_without_case_spaces_or_parentheses(void)
{
    CHECK_INT_EQ(role_of("  KOMMUN "), NM_ROLE_MUNICIPALITY);
    CHECK_INT_EQ(role_of("Antal (personer)"), NM_ROLE_COUNT);
    CHECK_INT_EQ(role_of("Yrke (fritext)"), NM_ROLE_COMPETENCE);
    CHECK_INT_EQ(role_of("\xef\xbb\xbf" "Kommun"), NM_ROLE_MUNICIPALITY); /* a BOM left over */
}

static void personal_data_columns_are_recognised(void)
{
    static const char *const personal[] = {
        "Namn", "Förnamn", "Kontaktperson", "E-post", "E-postadress", "Email", "Telefon",
        "Mobilnummer", "Kommentar", "Övrigt", "Övriga kommentarer", "Fritext", "Name",
        "Personnummer", "Kontaktpersonens namn", "Ange din e-postadress", NULL};
    for (const char *const *h = personal; *h; h++) {
        const char *why = NULL;
        nm_role r = nm_column_role(*h, NULL, &why);
        if (r != NM_ROLE_PERSONAL)
            fprintf(stderr, "  header \"%s\" is %s\n", *h, nm_role_name(r));
        CHECK_INT_EQ(r, NM_ROLE_PERSONAL);
        CHECK_CONTAINS(why, "personal");
    }
}

static void typed_count_columns_say_which_need(void)
{
    CHECK_INT_EQ(role_of("Antal rekrytering"), NM_ROLE_COUNT_RECRUITMENT);
    CHECK_INT_EQ(role_of("Antal kompetensutveckling"), NM_ROLE_COUNT_UPSKILLING);
    CHECK_INT_EQ(role_of("Antal intresserade"), NM_ROLE_COUNT_INTEREST);
    CHECK_INT_EQ(role_of("Hur många behöver ni rekrytera?"), NM_ROLE_COUNT_RECRUITMENT);
    CHECK_INT_EQ(role_of("Rekryteringsbehov"), NM_ROLE_COUNT_RECRUITMENT);
    CHECK_INT_EQ(role_of("Kompetensutvecklingsbehov"), NM_ROLE_COUNT_UPSKILLING);
    CHECK_INT_EQ(role_of("Number of people to recruit"), NM_ROLE_COUNT_RECRUITMENT);
}

static void unrecognised_header_is_ignored(void)
{
    const char *why = NULL;
    CHECK_INT_EQ(nm_column_role("Fråga 17b", NULL, &why), NM_ROLE_IGNORED);
    CHECK(why != NULL);
}

static void role_names_are_stable_and_parse_back(void)
{
    for (int r = 0; r < NM_ROLE_N; r++) {
        nm_role back = NM_ROLE_N;
        CHECK_INT_EQ(nm_role_parse(nm_role_name((nm_role)r), &back), 0);
        CHECK_INT_EQ(back, r);
    }
    CHECK_STR_EQ(nm_role_name(NM_ROLE_COUNT_RECRUITMENT), "count_recruitment");
    CHECK_STR_EQ(nm_role_name(NM_ROLE_MUNICIPALITY), "municipality");
    nm_role r = NM_ROLE_N;
    CHECK_INT_EQ(nm_role_parse("ignore", &r), 0);
    CHECK_INT_EQ(r, NM_ROLE_SKIP);
    CHECK_INT_EQ(nm_role_parse("town", &r), -1);
}

static void second_column_with_the_same_role_is_shown_as_not_read(void)
{
    char *h[] = {"Kommun", "Yrke", "Antal", "Antal"};
    nm_row row = header_row(h, 4);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, NULL, m, &c), 1);
    CHECK_INT_EQ(c.first[NM_ROLE_COUNT], 2);
    CHECK_INT_EQ(c.cols[3].role, NM_ROLE_IGNORED);
    CHECK_CONTAINS(c.cols[3].why, "same role");
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
}

static void long_header_with_municipality_and_occupation_is_usable(void)
{
    char *h[] = {"Kommun", "Förvaltning", "Yrke", "Antal", "Behov", "Kontaktperson", "E-post"};
    nm_row row = header_row(h, 7);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, NULL, m, &c), 1);
    CHECK_INT_EQ(c.n, 7);
    CHECK_INT_EQ(c.wide, 0);
    CHECK_INT_EQ(c.first[NM_ROLE_MUNICIPALITY], 0);
    CHECK_INT_EQ(c.first[NM_ROLE_RESPONDENT], 1);
    CHECK_INT_EQ(c.first[NM_ROLE_COMPETENCE], 2);
    CHECK_INT_EQ(c.first[NM_ROLE_COUNT], 3);
    CHECK(c.first[NM_ROLE_SSYK] == SIZE_MAX);
    CHECK_INT_EQ(c.cols[5].role, NM_ROLE_PERSONAL);
    CHECK_INT_EQ(c.cols[6].role, NM_ROLE_PERSONAL);
    CHECK_STR_EQ(c.cols[2].header, "Yrke");
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
}

static void header_without_municipality_is_not_usable(void)
{
    char *h[] = {"Yrke", "Antal"};
    nm_row row = header_row(h, 2);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, NULL, m, &c), 0);
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
}

static void note_line_above_the_header_is_not_usable(void)
{
    char *h[] = {"Kompetensbehov kommunala arbetsgivare 2025", "", "", ""};
    nm_row row = header_row(h, 4);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, NULL, m, &c), 0);
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
}

static void occupation_headers_make_the_layout_wide(void)
{
    char *h[] = {"Svars-ID", "Tidsstämpel", "Kommun", "Namn", "Undersköterska",
                 "Sjuksköterska", "Lastbilsförare", "Digitalisering"};
    nm_row row = header_row(h, 8);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, NULL, m, &c), 1);
    CHECK_INT_EQ(c.wide, 1);
    CHECK_INT_EQ(c.nwide, 4);
    CHECK_INT_EQ(c.cols[3].role, NM_ROLE_PERSONAL); /* never a wide column */
    CHECK_INT_EQ(c.cols[4].role, NM_ROLE_WIDE);
    CHECK_STR_EQ(c.cols[4].wide.ssyk, "5321");
    CHECK_STR_EQ(c.cols[5].wide.ssyk, "2221");
    CHECK_STR_EQ(c.cols[6].wide.ssyk, "8332");
    CHECK_INT_EQ(c.cols[7].role, NM_ROLE_WIDE);
    CHECK_STR_EQ(c.cols[7].wide.ssyk, "");
    CHECK_STR_EQ(c.cols[7].wide.label, "Digitalisering");
    CHECK_INT_EQ(c.first[NM_ROLE_WIDE], 4);
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
}

/* Misspelt occupation headers are still found among thousands of columns
 * that name nothing (each of which once cost a millisecond of approximate
 * matching against every known title). */
static void misspelt_occupations_are_found_among_thousands_of_unknown_columns(void)
{
    enum { N = 4000 };
    char **h = calloc(N, sizeof *h);
    size_t *lens = calloc(N, sizeof *lens);
    for (size_t i = 0; i < N; i++) {
        h[i] = malloc(32);
        snprintf(h[i], 32, "Fråga %zu", i + 1);
    }
    snprintf(h[0], 32, "Kommun");
    snprintf(h[N / 2], 32, "Undersköterka");
    snprintf(h[N - 1], 32, "Sjukskötersak");
    for (size_t i = 0; i < N; i++)
        lens[i] = strlen(h[i]);
    nm_row row = {.kind = NM_ROW_FIELDS, .line = 1, .end_line = 1, .nfields = N,
                  .fields = h, .lens = lens};
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, NULL, m, &c), 1);
    CHECK_INT_EQ(c.nwide, 2);
    CHECK_INT_EQ(c.cols[N / 2].role, NM_ROLE_WIDE);
    CHECK_INT_EQ(c.cols[N / 2].wide.how, NM_MATCH_FUZZY);
    CHECK_STR_EQ(c.cols[N / 2].wide.ssyk, "5321");
    CHECK_STR_EQ(c.cols[N - 1].wide.ssyk, "2221");
    CHECK_INT_EQ(c.cols[1].role, NM_ROLE_IGNORED);
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
    for (size_t i = 0; i < N; i++)
        free(h[i]);
    free(h);
    free(lens);
}

static void occupation_headers_are_not_wide_beside_an_occupation_column(void)
{
    char *h[] = {"Kommun", "Yrke", "Antal", "Undersköterska"};
    nm_row row = header_row(h, 4);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, NULL, m, &c), 1);
    CHECK_INT_EQ(c.wide, 0);
    CHECK_INT_EQ(c.nwide, 0);
    CHECK(c.cols[3].role != NM_ROLE_WIDE);
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
}

static void unclassified_header_text_is_not_a_wide_column(void)
{
    char *h[] = {"Kommun", "Fråga 17b", "Undersköterska"};
    nm_row row = header_row(h, 3);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, NULL, m, &c), 1);
    CHECK_INT_EQ(c.nwide, 1);
    CHECK_INT_EQ(c.cols[1].role, NM_ROLE_IGNORED);
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
}

/* Load a mapping file holding json; returns the status, *out set on NM_OK. */
static nm_status load_mapping(const char *json, nm_mapping **out, nm_error *err, char **path)
{
    *path = tmp_file_str(json);
    nm_error_clear(err);
    *out = NULL;
    return nm_mapping_load(*path, out, err);
}

static void mapping_file_sets_columns_values_defaults_and_options(void)
{
    nm_mapping *map;
    nm_error err;
    char *path;
    CHECK_INT_EQ(load_mapping("{\n"
                              "  \"columns\": {\"Arbetsplats\": \"municipality\","
                              " \"Hur många?\": \"count\", \"Intern kod\": \"ignore\"},\n"
                              "  \"values\": {\"level\": {\"Påbyggnad\": \"course\"},"
                              " \"need\": {\"Nyrekrytering\": \"recruitment\"}},\n"
                              "  \"defaults\": {\"municipality\": \"2506\","
                              " \"need\": \"recruitment\", \"count\": 1},\n"
                              "  \"encoding\": \"windows-1252\", \"delimiter\": \";\",\n"
                              "  \"header_line\": 3, \"layout\": \"wide\",\n"
                              "  \"comment\": \"Arjeplog 2025\"\n"
                              "}\n",
                              &map, &err, &path),
                 NM_OK);
    if (map) {
        const char *why = NULL;
        CHECK_INT_EQ(nm_column_role("Arbetsplats", map, &why), NM_ROLE_MUNICIPALITY);
        CHECK_STR_EQ(why, "mapping file");
        CHECK_INT_EQ(nm_column_role("HUR MANGA", map, &why), NM_ROLE_COUNT);
        CHECK_INT_EQ(nm_column_role("Intern kod", map, &why), NM_ROLE_SKIP);
        CHECK_INT_EQ(nm_column_role("Kommun", map, &why), NM_ROLE_MUNICIPALITY);
        CHECK(nm_strmap_get(map->values[NM_FIELD_LEVEL], "pabyggnad") ==
              (void *)(intptr_t)(NM_LEVEL_COURSE + 1));
        CHECK(nm_strmap_get(map->values[NM_FIELD_NEED], "nyrekrytering") ==
              (void *)(intptr_t)(NM_NEED_RECRUITMENT + 1));
        CHECK_STR_EQ(map->defaults[NM_FIELD_MUNICIPALITY], "2506");
        CHECK_STR_EQ(map->defaults[NM_FIELD_NEED], "recruitment");
        CHECK_STR_EQ(map->defaults[NM_FIELD_COUNT], "1");
        CHECK(map->defaults[NM_FIELD_LEVEL] == NULL);
        CHECK_INT_EQ(map->has_encoding, 1);
        CHECK_INT_EQ(map->encoding, NM_ENC_CP1252);
        CHECK_INT_EQ(map->delimiter, ';');
        CHECK_INT_EQ(map->header_line, 3);
        CHECK_INT_EQ(map->layout, 2);
        CHECK_STR_EQ(map->path, path);
    }
    nm_mapping_free(map);
    tmp_file_remove(path);
}

static void mapping_file_overrides_a_built_in_alias(void)
{
    nm_mapping *map;
    nm_error err;
    char *path;
    CHECK_INT_EQ(load_mapping("{\"columns\": {\"Kommun\": \"respondent\","
                              " \"Ort\": \"municipality\"}}",
                              &map, &err, &path),
                 NM_OK);
    if (map) {
        const char *why = NULL;
        CHECK_INT_EQ(nm_column_role("Kommun", map, &why), NM_ROLE_RESPONDENT);
        CHECK_INT_EQ(nm_column_role("Ort", map, &why), NM_ROLE_MUNICIPALITY);
    }
    nm_mapping_free(map);
    tmp_file_remove(path);
}

static void default_municipality_makes_a_header_without_one_usable(void)
{
    nm_mapping *map;
    nm_error err;
    char *path;
    CHECK_INT_EQ(load_mapping("{\"defaults\": {\"municipality\": \"Arjeplog\"}}", &map, &err,
                              &path),
                 NM_OK);
    char *h[] = {"Yrke", "Antal"};
    nm_row row = header_row(h, 2);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, map, m, &c), 1);
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
    nm_mapping_free(map);
    tmp_file_remove(path);
}

static void mapping_can_declare_a_wide_column_the_matcher_does_not_know(void)
{
    nm_mapping *map;
    nm_error err;
    char *path;
    CHECK_INT_EQ(load_mapping("{\"columns\": {\"Tidsresenär\": \"wide\"}}", &map, &err, &path),
                 NM_OK);
    char *h[] = {"Kommun", "Tidsresenär", "Kock"};
    nm_row row = header_row(h, 3);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, map, m, &c), 1);
    CHECK_INT_EQ(c.wide, 1);
    CHECK_INT_EQ(c.nwide, 2);
    CHECK_INT_EQ(c.cols[1].role, NM_ROLE_WIDE);
    CHECK_STR_EQ(c.cols[1].wide.label, "Tidsresenär");
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
    nm_mapping_free(map);
    tmp_file_remove(path);
}

static void long_layout_in_the_mapping_turns_wide_detection_off(void)
{
    nm_mapping *map;
    nm_error err;
    char *path;
    CHECK_INT_EQ(load_mapping("{\"layout\": \"long\"}", &map, &err, &path), NM_OK);
    char *h[] = {"Kommun", "Undersköterska", "Kock"};
    nm_row row = header_row(h, 3);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    nm_columns_build(&row, map, m, &c);
    CHECK_INT_EQ(c.wide, 0);
    CHECK_INT_EQ(c.nwide, 0);
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
    nm_mapping_free(map);
    tmp_file_remove(path);
}

/* A mapping file that must fail with NM_ERR_CONFIG and a message holding
 * the given word. */
static void check_bad_mapping(const char *json, const char *word, int line)
{
    nm_mapping *map;
    nm_error err;
    char *path;
    nm_status st = load_mapping(json, &map, &err, &path);
    check_result(st == NM_ERR_CONFIG, __FILE__, line, "mapping %s: status %d, not NM_ERR_CONFIG",
                 json, (int)st);
    check_result(map == NULL, __FILE__, line, "mapping %s: no mapping returned", json);
    check_result(check_contains(err.msg, word), __FILE__, line,
                 "mapping %s: message \"%s\" lacks \"%s\"", json, err.msg, word);
    check_result(strcmp(err.file, path) == 0, __FILE__, line, "mapping %s: error names %s",
                 json, err.file);
    nm_mapping_free(map);
    tmp_file_remove(path);
}

static void mapping_with_an_unknown_member_is_refused(void)
{
    check_bad_mapping("{\"colums\": {\"Ort\": \"municipality\"}}", "colums", __LINE__);
}

static void mapping_with_a_bad_role_is_refused(void)
{
    check_bad_mapping("{\"columns\": {\"Ort\": \"town\"}}", "Ort", __LINE__);
    check_bad_mapping("{\"columns\": {\"Ort\": 3}}", "Ort", __LINE__);
}

static void mapping_with_bad_values_or_options_is_refused(void)
{
    check_bad_mapping("{\"values\": {\"level\": {\"Forskarutbildning\": \"phd\"}}}",
                      "Forskarutbildning", __LINE__);
    check_bad_mapping("{\"values\": {\"horizon\": {\"snart\": \"0-1\"}}}", "horizon", __LINE__);
    check_bad_mapping("{\"defaults\": {\"kommun\": \"2506\"}}", "kommun", __LINE__);
    check_bad_mapping("{\"delimiter\": \"::\"}", "delimiter", __LINE__);
    check_bad_mapping("{\"encoding\": \"ebcdic\"}", "encoding", __LINE__);
    check_bad_mapping("{\"layout\": \"diagonal\"}", "layout", __LINE__);
    check_bad_mapping("{\"header_line\": 0}", "header_line", __LINE__);
    check_bad_mapping("[\"columns\"]", "object", __LINE__);
}

static void mapping_with_invalid_json_names_the_line(void)
{
    nm_mapping *map;
    nm_error err;
    char *path;
    CHECK_INT_EQ(load_mapping("{\n  \"columns\": {\n    \"Ort\": \"municipality\"\n  \n", &map,
                              &err, &path),
                 NM_ERR_CONFIG);
    CHECK(map == NULL);
    CHECK(err.line >= 3);
    CHECK_CONTAINS(err.msg, "JSON");
    tmp_file_remove(path);
}

static void missing_mapping_file_is_a_config_error(void)
{
    nm_mapping *map = NULL;
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_mapping_load("/nonexistent/needmap/mapping.json", &map, &err),
                 NM_ERR_CONFIG);
    CHECK(map == NULL);
    CHECK_STR_EQ(err.file, "/nonexistent/needmap/mapping.json");
}

static void matrix_headers_split_into_question_and_option(void)
{
    nm_buf q = {0}, o = {0};
    CHECK_INT_EQ(nm_header_split_matrix("Hur många? [Undersköterska] ", &q, &o), 1);
    CHECK_STR_EQ(q.data, "Hur många?");
    CHECK_STR_EQ(o.data, "Undersköterska");
    CHECK_INT_EQ(nm_header_split_matrix("Antal att rekrytera - Kock", &q, &o), 1);
    CHECK_STR_EQ(q.data, "Antal att rekrytera");
    CHECK_STR_EQ(o.data, "Kock");
    CHECK_INT_EQ(nm_header_split_matrix("Antal \xE2\x80\x93 Kock", &q, &o), 1);
    CHECK_STR_EQ(o.data, "Kock");
    CHECK_INT_EQ(nm_header_split_matrix("Vidareutbilda: Sjuksköterska", &q, &o), 1);
    CHECK_STR_EQ(q.data, "Vidareutbilda");
    CHECK_STR_EQ(o.data, "Sjuksköterska");
    CHECK_INT_EQ(nm_header_split_matrix("Upplands-Bro", &q, &o), 0);
    CHECK_INT_EQ(nm_header_split_matrix("Fråga []", &q, &o), 0);
    CHECK_INT_EQ(nm_header_split_matrix("Undersköterska", &q, &o), 0);
    nm_buf_free(&q);
    nm_buf_free(&o);
}

/* A survey tool's matrix question: the options name the occupations and
 * the question the need type; an unknown option of the same question is
 * kept (unclassified), so its counts are not dropped. */
static void matrix_question_columns_are_read_as_the_wide_layout(void)
{
    char *h[] = {"Tidsstämpel", "Vilken kommun?",
                 "Hur många behöver ni rekrytera? [Undersköterska]",
                 "Hur många behöver ni rekrytera? [Annat yrke]",
                 "Hur många vill ni kompetensutveckla? [Sjuksköterska]",
                 "Hur många? [Xyzzy]"};
    nm_row row = header_row(h, 6);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, NULL, m, &c), 1);
    CHECK_INT_EQ(c.wide, 1);
    CHECK_INT_EQ(c.cols[1].role, NM_ROLE_MUNICIPALITY);
    CHECK_INT_EQ(c.cols[2].role, NM_ROLE_WIDE);
    CHECK_STR_EQ(c.cols[2].wide.ssyk, "5321");
    CHECK_STR_EQ(c.cols[2].wide_text, "Undersköterska");
    CHECK_INT_EQ(c.cols[2].need, NM_NEED_RECRUITMENT);
    CHECK_INT_EQ(c.cols[3].role, NM_ROLE_WIDE);
    CHECK_INT_EQ(c.cols[3].wide.how, NM_MATCH_UNCLASSIFIED);
    CHECK_INT_EQ(c.cols[4].role, NM_ROLE_WIDE);
    CHECK_STR_EQ(c.cols[4].wide.ssyk, "2221");
    CHECK_INT_EQ(c.cols[4].need, NM_NEED_UPSKILLING);
    CHECK(c.cols[5].role != NM_ROLE_WIDE); /* a question of no known option */
    CHECK_INT_EQ(c.nwide, 3);
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
}

/* Counts of a data row (5, 2, 1) are not SSYK major groups. */
static void numbers_are_not_wide_occupation_columns(void)
{
    char *h[] = {"2024-03-01", "Kommun", "Arjeplog", "5", "2", "1", "5321"};
    nm_row row = header_row(h, 7);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    nm_columns_build(&row, NULL, m, &c);
    CHECK_INT_EQ(c.cols[3].role, NM_ROLE_IGNORED);
    CHECK_INT_EQ(c.cols[5].role, NM_ROLE_IGNORED);
    CHECK_INT_EQ(c.cols[6].role, NM_ROLE_WIDE); /* an SSYK code may name a column */
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
}

/* "layout": "wide" alone: the matcher finds the occupation columns, also
 * behind count words, and the respondent's role is no occupation column. */
static void wide_layout_in_the_mapping_alone_is_obeyed(void)
{
    nm_mapping *map;
    nm_error err;
    char *path;
    CHECK_INT_EQ(load_mapping("{\"layout\": \"wide\"}", &map, &err, &path), NM_OK);
    char *h[] = {"Kommun", "Antal undersköterskor", "Kock (antal)", "Roll"};
    nm_row row = header_row(h, 4);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    CHECK_INT_EQ(nm_columns_build(&row, map, m, &c), 1);
    CHECK_INT_EQ(c.wide, 1);
    CHECK_INT_EQ(c.cols[1].role, NM_ROLE_WIDE);
    CHECK_STR_EQ(c.cols[1].wide_text, "undersköterskor");
    CHECK_INT_EQ(c.cols[2].role, NM_ROLE_WIDE);
    CHECK_STR_EQ(c.cols[2].wide.ssyk, "5120");
    CHECK_INT_EQ(c.cols[3].role, NM_ROLE_IGNORED);
    CHECK_INT_EQ(c.first[NM_ROLE_COMPETENCE], SIZE_MAX);
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
    nm_mapping_free(map);
    tmp_file_remove(path);
}

/* Rows short of the header by a column that must be read are shifted. */
static void header_says_how_many_fields_a_row_needs(void)
{
    char *h[] = {"Kommun", "Yrke", "Antal", "Nivå", "", ""};
    nm_row row = header_row(h, 6);
    nm_comp_matcher *m = nm_comp_matcher_new(ref, NM_DEFAULT_MIN_CONFIDENCE);
    nm_columns c;
    nm_columns_build(&row, NULL, m, &c);
    CHECK_INT_EQ(c.named, 4);
    CHECK_INT_EQ(c.needed, 3);
    nm_columns_free(&c);
    nm_comp_matcher_free(m);
}

static void mapping_entry_matches_headers_as_they_are_compared(void)
{
    CHECK_INT_EQ(nm_header_matches_entry("Arbetsplats (ort)", "arbetsplats"), 1);
    CHECK_INT_EQ(nm_header_matches_entry("  ARBETSPLATS ", "Arbetsplats"), 1);
    CHECK_INT_EQ(nm_header_matches_entry("Arbetsplats", "Befattning"), 0);
}

/* {"mappings": [...]}: each export gets the first mapping whose "files"
 * match its name (case ignored); one matching none gets none. */
static void mapping_list_chooses_a_mapping_by_file_name(void)
{
    nm_mapping *map;
    nm_error err;
    char *path;
    CHECK_INT_EQ(load_mapping("{\"comment\": \"x\", \"mappings\": ["
                              "{\"files\": \"kommun_*.csv\", \"columns\": {\"Ort\": \"municipality\"}},"
                              "{\"files\": [\"*.json\", \"enkat/*.csv\"], \"layout\": \"wide\"}]}",
                              &map, &err, &path), NM_OK);
    const nm_mapping *a = nm_mapping_for(map, "dir/KOMMUN_2480.CSV");
    const nm_mapping *b = nm_mapping_for(map, "svar.json");
    CHECK(a && a == map);
    CHECK(b && b == map->next && b->layout == 2);
    CHECK(nm_mapping_for(map, "./enkat/x.csv") == b); /* a glob with '/' names a path */
    CHECK(nm_mapping_for(map, "other/x.csv") == NULL);
    CHECK(nm_mapping_for(map, "pajala.csv") == NULL);
    CHECK_CONTAINS(b ? b->label : "", ", mappings[2]");
    const char *why;
    CHECK_INT_EQ(nm_column_role("Ort", a, &why), NM_ROLE_MUNICIPALITY);
    nm_mapping_free(map);
    tmp_file_remove(path);
}

static void mapping_list_errors_name_the_entry(void)
{
    nm_mapping *map;
    nm_error err;
    char *path;
    CHECK_INT_EQ(load_mapping("{\"mappings\": [{\"files\": \"*\"}, {\"colums\": {}}]}",
                              &map, &err, &path), NM_ERR_CONFIG);
    CHECK_CONTAINS(err.msg, "mappings[2]: unknown member \"colums\"");
    tmp_file_remove(path);
    CHECK_INT_EQ(load_mapping("{\"mappings\": [{\"columns\": {}}]}", &map, &err, &path),
                 NM_ERR_CONFIG);
    CHECK_CONTAINS(err.msg, "mappings[1]: \"files\" is missing");
    tmp_file_remove(path);
    CHECK_INT_EQ(load_mapping("{\"layout\": \"wide\", \"mappings\": []}", &map, &err, &path),
                 NM_ERR_CONFIG);
    CHECK_CONTAINS(err.msg, "beside \"mappings\"");
    tmp_file_remove(path);
    CHECK_INT_EQ(load_mapping("{\"files\": \"*.csv\"}", &map, &err, &path), NM_ERR_CONFIG);
    CHECK_CONTAINS(err.msg, "\"files\" belongs in an entry");
    tmp_file_remove(path);
}

/* The old format: one mapping for every export. */
static void single_mapping_applies_to_every_file(void)
{
    nm_mapping *map;
    nm_error err;
    char *path;
    CHECK_INT_EQ(load_mapping("{\"layout\": \"long\"}", &map, &err, &path), NM_OK);
    CHECK(nm_mapping_for(map, "a.csv") == map);
    CHECK(nm_mapping_for(map, "-") == map);
    CHECK(map->next == NULL);
    nm_mapping_free(map);
    tmp_file_remove(path);
}

static void mapping_beside_an_export_is_found_by_its_name(void)
{
    char *dir = tmp_dir();
    tmp_dir_put(dir, "kommun_2480.csv", "Ort;Yrke\n");
    tmp_dir_put(dir, "kommun_2480.mapping.json", "{\"columns\": {\"Ort\": \"municipality\"}}");
    tmp_dir_put(dir, "bad.csv", "x\n");
    tmp_dir_put(dir, "bad.mapping.json", "{\"colums\": {}}");
    char *with = tmp_path(dir, "kommun_2480.csv"), *without = tmp_path(dir, "other.csv");
    char *broken = tmp_path(dir, "bad.csv");
    nm_mapping *m = NULL;
    nm_error err;
    CHECK_INT_EQ(nm_mapping_beside(with, &m, &err), NM_OK);
    CHECK(m != NULL && m->nentries == 1);
    nm_mapping_free(m);
    m = NULL;
    CHECK_INT_EQ(nm_mapping_beside(without, &m, &err), NM_OK);
    CHECK(m == NULL);
    CHECK_INT_EQ(nm_mapping_beside("-", &m, &err), NM_OK);
    CHECK(m == NULL);
    CHECK_INT_EQ(nm_mapping_beside(broken, &m, &err), NM_ERR_CONFIG);
    CHECK_CONTAINS(err.file, "bad.mapping.json");
    CHECK_INT_EQ(nm_mapping_is_sidecar_name("X.Mapping.JSON"), 1);
    CHECK_INT_EQ(nm_mapping_is_sidecar_name("mapping.json"), 0);
    free(with);
    free(without);
    free(broken);
    tmp_tree_remove(dir);
    free(dir);
}

int main(void)
{
    nm_error err;
    nm_error_clear(&err);
    if (nm_refdata_load(&ref, &err) != NM_OK) {
        nm_error_print(&err, "error", stderr);
        return 1;
    }
    RUN(swedish_and_english_aliases_name_the_roles);
    RUN(headers_are_compared_without_case_spaces_or_parentheses);
    RUN(personal_data_columns_are_recognised);
    RUN(typed_count_columns_say_which_need);
    RUN(unrecognised_header_is_ignored);
    RUN(role_names_are_stable_and_parse_back);
    RUN(second_column_with_the_same_role_is_shown_as_not_read);
    RUN(long_header_with_municipality_and_occupation_is_usable);
    RUN(header_without_municipality_is_not_usable);
    RUN(note_line_above_the_header_is_not_usable);
    RUN(occupation_headers_make_the_layout_wide);
    RUN(misspelt_occupations_are_found_among_thousands_of_unknown_columns);
    RUN(occupation_headers_are_not_wide_beside_an_occupation_column);
    RUN(unclassified_header_text_is_not_a_wide_column);
    RUN(mapping_file_sets_columns_values_defaults_and_options);
    RUN(mapping_file_overrides_a_built_in_alias);
    RUN(default_municipality_makes_a_header_without_one_usable);
    RUN(mapping_can_declare_a_wide_column_the_matcher_does_not_know);
    RUN(long_layout_in_the_mapping_turns_wide_detection_off);
    RUN(mapping_with_an_unknown_member_is_refused);
    RUN(mapping_with_a_bad_role_is_refused);
    RUN(mapping_with_bad_values_or_options_is_refused);
    RUN(mapping_with_invalid_json_names_the_line);
    RUN(missing_mapping_file_is_a_config_error);
    RUN(matrix_headers_split_into_question_and_option);
    RUN(matrix_question_columns_are_read_as_the_wide_layout);
    RUN(numbers_are_not_wide_occupation_columns);
    RUN(wide_layout_in_the_mapping_alone_is_obeyed);
    RUN(header_says_how_many_fields_a_row_needs);
    RUN(mapping_entry_matches_headers_as_they_are_compared);
    RUN(mapping_list_chooses_a_mapping_by_file_name);
    RUN(mapping_list_errors_name_the_entry);
    RUN(single_mapping_applies_to_every_file);
    RUN(mapping_beside_an_export_is_found_by_its_name);
    nm_refdata_free(ref);
    nm_mapping_free(NULL); /* a no-op (columns.h); a crash fails the program */
    return check_finish();
}
