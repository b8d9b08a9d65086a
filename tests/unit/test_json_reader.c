/* test_json_reader.c - JSON exports through nm_read_stream (reader.h): the
 * records array, nested needs, line numbers of objects and parse errors. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "needmap/reader.h"

#include "check.h"
#include "rows.h"

/* Index of field name in the synthetic key row (row 0), or -1. */
static int key_index(const rows *r, const char *name)
{
    if (r->n == 0)
        return -1;
    for (size_t k = 0; k < r->row[0].nfields; k++)
        if (strcmp(r->row[0].fields[k], name) == 0)
            return (int)k;
    return -1;
}

/* Field name of data row i (i >= 1), or "(none)". */
static const char *value(const rows *r, size_t i, const char *name)
{
    int k = key_index(r, name);
    return k < 0 ? "(none)" : rows_field(r, i, (size_t)k);
}

static void array_root_gives_a_key_row_then_one_row_per_object(void)
{
    rows r = {0};
    rows_read_str(&r, "[{\"kommun\":\"Arjeplog\",\"yrke\":\"USK\",\"antal\":3},"
                      "{\"kommun\":\"Pajala\",\"yrke\":\"Kock\",\"antal\":\"2\"}]");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.info.format, NM_FORMAT_JSON);
    CHECK_STR_EQ(r.info.json_path, "$");
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.n ? r.row[0].synthetic : 0, 1);
    CHECK_INT_EQ(r.n ? r.row[0].nfields : 0, 3);
    CHECK_STR_EQ(rows_field(&r, 0, 0), "kommun");
    CHECK_STR_EQ(rows_field(&r, 0, 1), "yrke");
    CHECK_STR_EQ(rows_field(&r, 0, 2), "antal");
    CHECK_INT_EQ(r.n > 1 ? r.row[1].synthetic : 1, 0);
    CHECK_STR_EQ(value(&r, 1, "kommun"), "Arjeplog");
    CHECK_STR_EQ(value(&r, 1, "antal"), "3");
    CHECK_STR_EQ(value(&r, 2, "antal"), "2");
    CHECK_STR_EQ(value(&r, 2, "yrke"), "Kock");
    rows_free(&r);
}

static void records_are_found_inside_the_root_object(void)
{
    rows r = {0};
    rows_read_str(&r, "{\"survey\":\"Intresse 2025\",\"exported\":\"2025-03-14\","
                      "\"responses\":[{\"kommun\":\"Umeå\",\"antal\":1},"
                      "{\"kommun\":\"Lycksele\",\"antal\":2}]}");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_STR_EQ(r.info.json_path, "$.responses");
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(key_index(&r, "survey"), -1); /* not a record field */
    CHECK_STR_EQ(value(&r, 1, "kommun"), "Umeå");
    CHECK_STR_EQ(value(&r, 2, "kommun"), "Lycksele");
    rows_free(&r);
}

static void nested_needs_give_one_row_each_with_the_respondent_repeated(void)
{
    rows r = {0};
    rows_read_str(&r, "[{\"svars_id\":7,\"kommun\":\"Malå\",\"behov\":["
                      "{\"yrke\":\"Undersköterska\",\"antal\":2},"
                      "{\"yrke\":\"Kock\",\"antal\":1}]},"
                      "{\"svars_id\":8,\"kommun\":\"Sorsele\",\"behov\":["
                      "{\"yrke\":\"Elektriker\",\"antal\":4}]}]");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 4);
    CHECK_INT_EQ(key_index(&r, "behov"), -1);
    CHECK_STR_EQ(value(&r, 1, "kommun"), "Malå");
    CHECK_STR_EQ(value(&r, 1, "yrke"), "Undersköterska");
    CHECK_STR_EQ(value(&r, 2, "svars_id"), "7");
    CHECK_STR_EQ(value(&r, 2, "kommun"), "Malå");
    CHECK_STR_EQ(value(&r, 2, "yrke"), "Kock");
    CHECK_STR_EQ(value(&r, 3, "kommun"), "Sorsele");
    CHECK_STR_EQ(value(&r, 3, "antal"), "4");
    rows_free(&r);
}

static void nested_objects_are_flattened_to_dotted_keys(void)
{
    rows r = {0};
    rows_read_str(&r, "[{\"id\":\"s1\",\"respondent\":{\"kommun\":\"Kiruna\","
                      "\"kontakt\":{\"namn\":\"Anna Exempel\"}},\"yrke\":\"Kock\"},"
                      "{\"id\":\"s2\",\"respondent\":{\"kommun\":\"Pajala\"},\"yrke\":\"USK\"}]");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.n ? r.row[0].nfields : 0, 4);
    CHECK_STR_EQ(rows_field(&r, 0, 1), "respondent.kommun");
    CHECK_STR_EQ(rows_field(&r, 0, 2), "respondent.kontakt.namn");
    CHECK_INT_EQ(key_index(&r, "respondent"), -1);
    CHECK_STR_EQ(value(&r, 1, "respondent.kommun"), "Kiruna");
    CHECK_STR_EQ(value(&r, 2, "respondent.kommun"), "Pajala");
    CHECK_STR_EQ(value(&r, 2, "respondent.kontakt.namn"), "");
    CHECK_STR_EQ(value(&r, 2, "yrke"), "USK");
    rows_free(&r);
}

static void records_are_found_in_objects_at_any_depth(void)
{
    rows r = {0};
    rows_read_str(&r, "{\"export\":{\"v\":2,\"survey\":{\"data\":{\"page\":{\"submissions\":["
                      "{\"kommun\":\"Malå\"},{\"kommun\":\"Sorsele\"}]}}}}}");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_STR_EQ(r.info.json_path, "$.export.survey.data.page.submissions");
    CHECK_INT_EQ(r.n, 3);
    CHECK_STR_EQ(value(&r, 2, "kommun"), "Sorsele");
    rows_free(&r);
}

static void needs_inside_a_nested_object_give_one_row_each(void)
{
    rows r = {0};
    rows_read_str(&r, "{\"data\":{\"submissions\":["
                      "{\"respondent\":{\"kommun\":\"Kiruna\"},\"answers\":{\"needs\":["
                      "{\"yrke\":\"Kock\",\"antal\":1},{\"yrke\":{\"titel\":\"USK\"},\"antal\":2}]}},"
                      "{\"respondent\":{\"kommun\":\"Pajala\"},\"answers\":{\"needs\":[]}}]}}");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_STR_EQ(r.info.json_path, "$.data.submissions");
    CHECK_INT_EQ(r.n, 4);
    CHECK_INT_EQ(key_index(&r, "answers.needs"), -1);
    CHECK_STR_EQ(value(&r, 1, "respondent.kommun"), "Kiruna");
    CHECK_STR_EQ(value(&r, 1, "yrke"), "Kock");
    CHECK_STR_EQ(value(&r, 2, "respondent.kommun"), "Kiruna");
    CHECK_STR_EQ(value(&r, 2, "yrke.titel"), "USK");
    CHECK_STR_EQ(value(&r, 2, "antal"), "2");
    CHECK_INT_EQ(r.n > 3 ? (int)r.row[3].kind : -1, NM_ROW_EMPTY_GROUP);
    rows_free(&r);
}

static void a_dotted_key_beside_the_same_nested_key_refuses_the_record(void)
{
    rows r = {0};
    rows_read_str(&r, "[{\"a.kommun\":\"Kiruna\",\"a\":{\"kommun\":\"Pajala\"}},"
                      "{\"a\":{\"kommun\":\"Malå\"}}]");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.n > 1 ? (int)r.row[1].kind : -1, NM_ROW_MALFORMED);
    CHECK_CONTAINS(r.n > 1 ? r.row[1].problem : NULL, "\"a.kommun\" appears twice");
    CHECK_STR_EQ(value(&r, 2, "a.kommun"), "Malå");
    rows_free(&r);
}

static void rows_are_numbered_by_the_line_of_their_opening_brace(void)
{
    rows r = {0};
    rows_read_str(&r, "{\n"
                      "  \"note\": \"a { in a string\",\n"
                      "  \"responses\": [\n"
                      "    {\n"                        /* line 4 */
                      "      \"kommun\": \"Pajala\",\n"
                      "      \"kommentar\": \"{ inte en klammer\"\n"
                      "    },\n"
                      "    {\"kommun\": \"Kiruna\"},\n" /* line 8 */
                      "    {\n"                        /* line 9 */
                      "      \"kommun\": \"Malå\"\n"
                      "    }\n"
                      "  ]\n"
                      "}\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 4);
    CHECK_INT_EQ(r.n > 1 ? r.row[1].line : 0, 4);
    CHECK_INT_EQ(r.n > 2 ? r.row[2].line : 0, 8);
    CHECK_INT_EQ(r.n > 3 ? r.row[3].line : 0, 9);
    CHECK_INT_EQ(r.info.lines, 13);
    rows_free(&r);
}

static void nested_needs_are_numbered_by_their_own_line(void)
{
    rows r = {0};
    rows_read_str(&r, "[\n"
                      " {\"kommun\": \"Malå\", \"behov\": [\n"
                      "   {\"yrke\": \"Kock\"},\n"  /* line 3 */
                      "   {\"yrke\": \"USK\"}\n"    /* line 4 */
                      " ]}\n"
                      "]\n");
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.n > 1 ? r.row[1].line : 0, 3);
    CHECK_INT_EQ(r.n > 2 ? r.row[2].line : 0, 4);
    rows_free(&r);
}

static void keys_are_the_union_in_order_of_first_appearance(void)
{
    rows r = {0};
    rows_read_str(&r, "[{\"kommun\":\"Pajala\",\"yrke\":\"Kock\"},"
                      "{\"kommun\":\"Malå\",\"niva\":\"YH\",\"yrke\":\"USK\"}]");
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.n ? r.row[0].nfields : 0, 3);
    CHECK_STR_EQ(rows_field(&r, 0, 2), "niva");
    CHECK_STR_EQ(value(&r, 1, "niva"), "");      /* missing in the first object */
    CHECK_STR_EQ(value(&r, 2, "niva"), "YH");
    CHECK_STR_EQ(value(&r, 2, "yrke"), "USK");
    rows_free(&r);
}

static void scalar_values_become_text(void)
{
    rows r = {0};
    rows_read_str(&r, "[{\"antal\":2.5,\"stor\":1200,\"ja\":true,\"nej\":false,"
                      "\"tom\":null,\"former\":[\"Distans\",\"Hybrid\"]}]");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_STR_EQ(value(&r, 1, "antal"), "2.5");
    CHECK_STR_EQ(value(&r, 1, "stor"), "1200");
    CHECK_STR_EQ(value(&r, 1, "ja"), "true");
    CHECK_STR_EQ(value(&r, 1, "nej"), "false");
    CHECK_STR_EQ(value(&r, 1, "tom"), "");
    CHECK_STR_EQ(value(&r, 1, "former"), "Distans; Hybrid");
    rows_free(&r);
}

static void element_that_is_not_an_object_is_malformed_at_its_line(void)
{
    rows r = {0};
    rows_read_str(&r, "[\n{\"kommun\":\"Pajala\"},\n5,\n{\"kommun\":\"Malå\"}\n]");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 4);
    CHECK_INT_EQ(r.n > 2 ? r.row[2].kind : 0, NM_ROW_MALFORMED);
    CHECK_INT_EQ(r.n > 2 ? r.row[2].line : 0, 3);
    CHECK_STR_EQ(value(&r, 3, "kommun"), "Malå");
    CHECK_INT_EQ(r.n > 3 ? r.row[3].line : 0, 4);
    rows_free(&r);
}

static void respondent_with_an_empty_needs_list_is_an_empty_group(void)
{
    rows r = {0};
    rows_read_str(&r, "[\n"
                      " {\"kommun\": \"Malå\", \"behov\": [{\"yrke\": \"Kock\"}]},\n"
                      " {\"kommun\": \"Sorsele\", \"behov\": []}\n" /* line 3 */
                      "]\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(key_index(&r, "behov"), -1);
    CHECK_INT_EQ(r.n > 2 ? r.row[2].kind : 0, NM_ROW_EMPTY_GROUP);
    CHECK_INT_EQ(r.n > 2 ? r.row[2].line : 0, 3);
    rows_free(&r);
}

static void invalid_json_is_an_input_error_at_line_and_column(void)
{
    rows r = {0};
    rows_read_str(&r, "[\n  {\"kommun\": \"Pajala\",}\n]\n");
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_INT_EQ(r.n, 0);
    CHECK_STR_EQ(r.err.file, "test.csv");
    CHECK_INT_EQ(r.err.line, 2);
    /* the '}' after the comma is column 23; cJSON may point one past it */
    CHECK(r.err.col >= 23 && r.err.col <= 24);
    CHECK_CONTAINS(r.err.msg, "invalid JSON");
    rows_free(&r);
}

static void column_counts_characters_not_bytes(void)
{
    rows r = {0};
    rows_read_str(&r, "[{\"kommun\": \"Åsele\" \"x\"}]");
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_INT_EQ(r.err.line, 1);
    CHECK_INT_EQ(r.err.col, 21); /* the second string: "Åsele" is 5 columns, 6 bytes */
    rows_free(&r);
}

static void trailing_garbage_is_an_input_error(void)
{
    rows r = {0};
    rows_read_str(&r, "[{\"kommun\":\"Pajala\"}]\n\nx\n");
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_INT_EQ(r.n, 0);
    CHECK_INT_EQ(r.err.line, 3);
    CHECK_INT_EQ(r.err.col, 1);
    CHECK_CONTAINS(r.err.msg, "after the end");
    rows_free(&r);
}

static void trailing_white_space_is_fine(void)
{
    rows r = {0};
    rows_read_str(&r, "[{\"kommun\":\"Pajala\"}]\r\n\n  \n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 2);
    rows_free(&r);
}

static void json_without_an_array_of_objects_is_an_input_error(void)
{
    rows r = {0};
    rows_read_str(&r, "{\"kommun\": \"Pajala\", \"antal\": [1, 2]}");
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_INT_EQ(r.n, 0);
    CHECK_CONTAINS(r.err.msg, "array of objects");
    rows_free(&r);
}

static void json_with_a_bom_is_read(void)
{
    rows r = {0};
    rows_read_str(&r, "\xef\xbb\xbf[{\"kommun\":\"Överkalix kommun\"}]");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.info.format, NM_FORMAT_JSON);
    CHECK_STR_EQ(value(&r, 1, "kommun"), "Överkalix kommun");
    rows_free(&r);
}

static void json_larger_than_one_chunk_is_read_whole(void)
{
    size_t n = 3000, cap = 64 * n + 16, len = 0;
    char *text = malloc(cap);
    if (!text)
        exit(2);
    len += (size_t)snprintf(text + len, cap - len, "[\n");
    for (size_t i = 0; i < n; i++)
        len += (size_t)snprintf(text + len, cap - len,
                                "{\"svars_id\": %zu, \"kommun\": \"Malå\", \"antal\": 1}%s\n", i,
                                i + 1 < n ? "," : "");
    len += (size_t)snprintf(text + len, cap - len, "]\n");
    CHECK(len > NM_READ_CHUNK);
    rows r = {0};
    rows_read(&r, text, len);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, n + 1);
    CHECK_STR_EQ(value(&r, n, "svars_id"), "2999");
    CHECK_INT_EQ(r.n == n + 1 ? r.row[n].line : 0, n + 1);
    CHECK_INT_EQ(r.info.bytes, len);
    rows_free(&r);
    free(text);
}

/* A key twice in one object: which value is meant cannot be known, so the
 * record is refused naming the key (it was last-wins: kommun Arjeplog
 * silently became Kiruna).  In a nested need, only that need is refused;
 * in the respondent's object, the whole record (one rejection, at its
 * line).  A need may repeat a key of its respondent: the need's value is
 * used. */
static void a_key_twice_in_one_object_refuses_the_record_naming_the_key(void)
{
    rows r = {0};
    rows_read_str(&r, "[\n{\"kommun\": \"Arjeplog\", \"yrke\": \"Kock\", \"kommun\": \"Kiruna\"},\n"
                      "{\"kommun\": \"Pajala\", \"behov\": [{\"yrke\": \"USK\"},\n"
                      "  {\"yrke\": \"Kock\", \"antal\": 1, \"yrke\": \"USK\"}]},\n"
                      "{\"kommun\": \"Malå\", \"behov\": [{\"yrke\": \"USK\"}], \"behov\": []},\n"
                      "{\"kommun\": \"Malå\", \"behov\": [{\"kommun\": \"Sorsele\", \"yrke\": \"Kock\"}]}\n]");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 6);
    if (r.n == 6) {
        CHECK_INT_EQ(r.row[1].kind, NM_ROW_MALFORMED);
        CHECK_INT_EQ(r.row[1].line, 2);
        CHECK_INT_EQ(r.row[1].bad_col, key_index(&r, "kommun") + 1);
        CHECK_CONTAINS(r.row[1].problem, "key \"kommun\" appears twice in one object");
        CHECK_INT_EQ(r.row[2].kind, NM_ROW_FIELDS);
        CHECK_STR_EQ(value(&r, 2, "yrke"), "USK");
        CHECK_INT_EQ(r.row[3].kind, NM_ROW_MALFORMED);
        CHECK_INT_EQ(r.row[3].line, 4);
        CHECK_CONTAINS(r.row[3].problem, "key \"yrke\" appears twice");
        CHECK_INT_EQ(r.row[4].kind, NM_ROW_MALFORMED);
        CHECK_INT_EQ(r.row[4].line, 5);
        CHECK_CONTAINS(r.row[4].problem, "key \"behov\" appears twice");
        CHECK_INT_EQ(r.row[5].kind, NM_ROW_FIELDS);
        CHECK_STR_EQ(value(&r, 5, "kommun"), "Sorsele");
    }
    rows_free(&r);
}

/* Nesting deeper than NM_JSON_DEPTH_MAX is refused with that reason, at
 * the bracket that goes too deep (cJSON, at 1,000 levels, only said
 * "check for a missing comma"). */
static void json_nested_too_deep_says_so_where_it_happens(void)
{
    for (int depth = NM_JSON_DEPTH_MAX; depth <= 2000; depth += 2000 - NM_JSON_DEPTH_MAX) {
        char *text = calloc((size_t)depth * 2 + 64, 1);
        size_t n = 0;
        n += (size_t)sprintf(text, "[{\"kommun\": \"Malå\", \"x\": ");
        for (int i = 2; i < depth; i++)
            text[n++] = '[';
        for (int i = 2; i < depth; i++)
            text[n++] = ']';
        strcpy(text + n, "}]");
        rows r = {0};
        rows_read_str(&r, text);
        if (depth == NM_JSON_DEPTH_MAX) {
            CHECK_INT_EQ(r.status, NM_OK);
        } else {
            CHECK_INT_EQ(r.status, NM_ERR_INPUT);
            CHECK_CONTAINS(r.err.msg, "nested deeper than 64");
            CHECK_INT_EQ(r.err.line, 1);
            /* the 65th level is the 63rd inner '[' (the root and the record
             * are two), after 25 characters (26 bytes: å is two) */
            CHECK_INT_EQ(r.err.col, 25 + NM_JSON_DEPTH_MAX - 1);
        }
        rows_free(&r);
        free(text);
    }
}

/* Half of a UTF-16 surrogate pair in a \u escape is refused with that
 * reason and place; a whole pair is a character like any other. */
static void a_lone_surrogate_escape_is_named_as_such(void)
{
    static const char *const bad[] = {
        "[{\"kommun\": \"Malå\", \"yrke\": \"Kock \\ud800\"}]",
        "[{\"kommun\": \"Malå\", \"yrke\": \"Kock \\ud83d\\u0041\"}]",
        "[{\"kommun\": \"Malå\", \"yrke\": \"Kock \\udE00\"}]",
        "[{\"kommun\": \"Malå\", \"Kock \\ud800\": 1}]"};
    for (size_t i = 0; i < sizeof bad / sizeof bad[0]; i++) {
        rows r = {0};
        rows_read_str(&r, bad[i]);
        CHECK_INT_EQ(r.status, NM_ERR_INPUT);
        CHECK_CONTAINS(r.err.msg, "half of a UTF-16 surrogate pair");
        CHECK_INT_EQ(r.err.col, strstr(bad[i], "\\ud") - bad[i]); /* å: 2 bytes, 1 column */
        rows_free(&r);
    }
    rows r = {0};
    rows_read_str(&r, "[{\"kommun\": \"Malå\", \"yrke\": \"Kock \\ud83d\\ude00 \\\\ud800\"}]");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_STR_EQ(value(&r, 1, "yrke"), "Kock \xf0\x9f\x98\x80 \\ud800");
    rows_free(&r);
}

/* A value longer than NM_FIELD_MAX refuses its record; more than
 * NM_COLUMNS_MAX keys in all refuse the file. */
static void json_over_the_field_and_column_limits_is_refused(void)
{
    size_t big = NM_FIELD_MAX + 1, cap = big + 256;
    char *text = malloc(cap);
    size_t n = (size_t)snprintf(text, cap, "[{\"kommun\": \"Malå\", \"kommentar\": \"");
    memset(text + n, 'x', big);
    n += big;
    snprintf(text + n, cap - n, "\"},\n{\"kommun\": \"Pajala\", \"kommentar\": \"ok\"}]");
    rows r = {0};
    rows_read_str(&r, text);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.n == 3 ? r.row[1].kind : 0, NM_ROW_MALFORMED);
    CHECK_INT_EQ(r.n == 3 ? r.row[1].bad_col : 0, 2);
    CHECK_CONTAINS(r.n == 3 ? r.row[1].problem : "", "field is longer than 1 MiB");
    CHECK_STR_EQ(value(&r, 2, "kommentar"), "ok");
    rows_free(&r);
    free(text);

    cap = (NM_COLUMNS_MAX + 1) * 16 + 64;
    text = malloc(cap);
    n = (size_t)snprintf(text, cap, "[{\"kommun\": \"Malå\"");
    for (int k = 0; k < NM_COLUMNS_MAX; k++)
        n += (size_t)snprintf(text + n, cap - n, ", \"k%d\": 1", k);
    snprintf(text + n, cap - n, "}]");
    rows_read_str(&r, text);
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_CONTAINS(r.err.msg, "more than 16384 different keys");
    rows_free(&r);
    free(text);
}

int main(void)
{
    RUN(array_root_gives_a_key_row_then_one_row_per_object);
    RUN(records_are_found_inside_the_root_object);
    RUN(nested_needs_give_one_row_each_with_the_respondent_repeated);
    RUN(nested_objects_are_flattened_to_dotted_keys);
    RUN(records_are_found_in_objects_at_any_depth);
    RUN(needs_inside_a_nested_object_give_one_row_each);
    RUN(a_dotted_key_beside_the_same_nested_key_refuses_the_record);
    RUN(rows_are_numbered_by_the_line_of_their_opening_brace);
    RUN(nested_needs_are_numbered_by_their_own_line);
    RUN(keys_are_the_union_in_order_of_first_appearance);
    RUN(scalar_values_become_text);
    RUN(element_that_is_not_an_object_is_malformed_at_its_line);
    RUN(respondent_with_an_empty_needs_list_is_an_empty_group);
    RUN(invalid_json_is_an_input_error_at_line_and_column);
    RUN(column_counts_characters_not_bytes);
    RUN(trailing_garbage_is_an_input_error);
    RUN(trailing_white_space_is_fine);
    RUN(json_without_an_array_of_objects_is_an_input_error);
    RUN(json_with_a_bom_is_read);
    RUN(json_larger_than_one_chunk_is_read_whole);
    RUN(a_key_twice_in_one_object_refuses_the_record_naming_the_key);
    RUN(json_nested_too_deep_says_so_where_it_happens);
    RUN(a_lone_surrogate_escape_is_named_as_such);
    RUN(json_over_the_field_and_column_limits_is_refused);
    return check_finish();
}
