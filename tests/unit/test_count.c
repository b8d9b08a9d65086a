/* test_count.c - reading "how many" as people write it (count.h). */
#include "needmap/count.h"

#include "check.h"

/* Parse text expecting NM_COUNT_OK with the given point value and range. */
#define CHECK_COUNT(text, want_value, want_low, want_high)                           \
    do {                                                                             \
        nm_count c_ = {0};                                                           \
        CHECK_INT_EQ(nm_count_parse((text), &c_), NM_COUNT_OK);                      \
        CHECK_NEAR(c_.value, (want_value), 1e-9);                                    \
        CHECK_NEAR(c_.low, (want_low), 1e-9);                                        \
        CHECK_NEAR(c_.high, (want_high), 1e-9);                                      \
        CHECK_INT_EQ(c_.known, 1);                                                   \
    } while (0)

/* Parse text expecting a status other than OK, leaving *out untouched. */
#define CHECK_COUNT_FAILS(text, want_status)                                         \
    do {                                                                             \
        nm_count c_ = {.value = -7, .low = -7, .high = -7};                          \
        CHECK_INT_EQ(nm_count_parse((text), &c_), (want_status));                    \
        CHECK_NEAR(c_.value, -7, 0);                                                 \
    } while (0)

static void count_parses_a_plain_integer(void)
{
    nm_count c = {0};
    CHECK_COUNT("3", 3, 3, 3);
    CHECK_INT_EQ(nm_count_parse("3", &c), NM_COUNT_OK);
    CHECK_INT_EQ(c.range, 0);
    CHECK_INT_EQ(c.approx, 0);
    CHECK_INT_EQ(c.at_least, 0);
}

static void count_parses_decimal_comma(void)
{
    CHECK_COUNT("3,0", 3, 3, 3);
    CHECK_COUNT("0,5", 0.5, 0.5, 0.5);
}

static void count_parses_decimal_point(void)
{
    CHECK_COUNT("2.5", 2.5, 2.5, 2.5);
}

static void count_reads_space_as_thousands_separator(void)
{
    CHECK_COUNT("1 200", 1200, 1200, 1200);
    CHECK_COUNT("12 000", 12000, 12000, 12000);
}

static void count_reads_no_break_space_as_thousands_separator(void)
{
    CHECK_COUNT("1\xc2\xa0" "200", 1200, 1200, 1200);     /* U+00A0 */
    CHECK_COUNT("1\xe2\x80\xaf" "200", 1200, 1200, 1200); /* U+202F, as Excel writes it */
}

static void count_reads_a_range_with_hyphen_and_its_midpoint(void)
{
    nm_count c = {0};
    CHECK_COUNT("2-4", 3, 2, 4);
    CHECK_INT_EQ(nm_count_parse("2-4", &c), NM_COUNT_OK);
    CHECK_INT_EQ(c.range, 1);
    CHECK_COUNT("2 - 5", 3.5, 2, 5);
}

static void count_reads_a_range_with_en_dash(void)
{
    nm_count c = {0};
    CHECK_COUNT("2–4", 3, 2, 4);
    CHECK_INT_EQ(nm_count_parse("2–4", &c), NM_COUNT_OK);
    CHECK_INT_EQ(c.range, 1);
}

static void count_marks_approximate_values(void)
{
    static const char *const forms[] = {"ca 5", "ca. 5", "c:a 5", "cirka 5", "~5", "Ca 5",
                                        NULL};
    for (const char *const *f = forms; *f; f++) {
        nm_count c = {0};
        CHECK_INT_EQ(nm_count_parse(*f, &c), NM_COUNT_OK);
        CHECK_NEAR(c.value, 5, 1e-9);
        CHECK_INT_EQ(c.approx, 1);
    }
}

static void count_reads_ungefar_with_its_a_umlaut_as_approximate(void)
{
    /* "ungefär" is the everyday Swedish word for "about". */
    nm_count c = {0};
    CHECK_INT_EQ(nm_count_parse("ungefär 5", &c), NM_COUNT_OK);
    CHECK_NEAR(c.value, 5, 1e-9);
    CHECK_INT_EQ(c.approx, 1);
}

static void count_marks_a_lower_bound(void)
{
    static const char *const forms[] = {"10+", "10 +", "minst 10", "Minst 10 st", NULL};
    for (const char *const *f = forms; *f; f++) {
        nm_count c = {0};
        CHECK_INT_EQ(nm_count_parse(*f, &c), NM_COUNT_OK);
        CHECK_NEAR(c.value, 10, 1e-9);
        CHECK_INT_EQ(c.at_least, 1);
        CHECK_INT_EQ(c.known, 1);
    }
}

static void lower_bound_of_a_range_is_not_read(void)
{
    CHECK_COUNT_FAILS("minst 2-4", NM_COUNT_NOT_NUMBER);
}

static void count_drops_a_unit_word(void)
{
    CHECK_COUNT("3 st", 3, 3, 3);
    CHECK_COUNT("4 personer", 4, 4, 4);
    CHECK_COUNT("2 pers", 2, 2, 2);
    CHECK_COUNT("3st", 3, 3, 3);
    CHECK_COUNT("2-4 st", 3, 2, 4);
}

static void count_trims_spaces_around_the_number(void)
{
    CHECK_COUNT("  3 ", 3, 3, 3);
}

static void zero_is_a_valid_count(void)
{
    CHECK_COUNT("0", 0, 0, 0);
}

static void vet_ej_is_a_need_without_a_number(void)
{
    static const char *const forms[] = {"vet ej", "Vet ej", "VET EJ", "okänt", "x", "X", "ja",
                                        NULL};
    for (const char *const *f = forms; *f; f++) {
        nm_count c = {.value = 99, .known = 1};
        CHECK_INT_EQ(nm_count_parse(*f, &c), NM_COUNT_UNKNOWN);
        CHECK_INT_EQ(c.known, 0);
        CHECK_NEAR(c.value, 0, 0);
    }
}

static void empty_cell_is_empty(void)
{
    CHECK_COUNT_FAILS("", NM_COUNT_EMPTY);
    CHECK_COUNT_FAILS("   ", NM_COUNT_EMPTY);
}

static void negative_count_is_refused(void)
{
    CHECK_COUNT_FAILS("-2", NM_COUNT_NEGATIVE);
    CHECK_COUNT_FAILS("\xe2\x88\x92" "2", NM_COUNT_NEGATIVE); /* U+2212 minus sign */
}

static void words_are_not_numbers(void)
{
    CHECK_COUNT_FAILS("många", NM_COUNT_NOT_NUMBER);
    CHECK_COUNT_FAILS("3 st?", NM_COUNT_NOT_NUMBER);
    CHECK_COUNT_FAILS("tre", NM_COUNT_NOT_NUMBER);
    CHECK_COUNT_FAILS("2 4", NM_COUNT_NOT_NUMBER);
}

static void separator_before_three_digits_is_ambiguous(void)
{
    CHECK_COUNT_FAILS("1.200", NM_COUNT_AMBIGUOUS);
    CHECK_COUNT_FAILS("1,200", NM_COUNT_AMBIGUOUS);
    CHECK_COUNT_FAILS("2-1.500", NM_COUNT_AMBIGUOUS);
}

static void reversed_range_is_refused(void)
{
    CHECK_COUNT_FAILS("5-2", NM_COUNT_BAD_RANGE);
}

static void implausibly_large_count_is_refused(void)
{
    CHECK_COUNT_FAILS("200000", NM_COUNT_TOO_LARGE);
    CHECK_COUNT_FAILS("200 000", NM_COUNT_TOO_LARGE);
    CHECK_COUNT("100000", 100000, 100000, 100000); /* the limit itself is allowed */
}

/* needmap adds counts in whole thousandths (nm_count_milli): a count
 * above 0 that rounds to 0 there (0.0001 in a JSON export) is refused, not
 * silently read as no one; from 0.0005 on it is a thousandth. */
static void count_above_zero_that_rounds_to_zero_thousandths_is_refused(void)
{
    CHECK_COUNT_FAILS("0,0001", NM_COUNT_TOO_SMALL);
    CHECK_COUNT_FAILS("0.0004", NM_COUNT_TOO_SMALL);
    CHECK_COUNT_FAILS("0-0,0004", NM_COUNT_TOO_SMALL);
    CHECK_COUNT_FAILS("ca 0.00001", NM_COUNT_TOO_SMALL);
    CHECK_COUNT("0.0005", 0.0005, 0.0005, 0.0005);
    CHECK_NEAR(nm_count_milli(0.0005), 1, 0);
    CHECK_COUNT("0,0000", 0, 0, 0);
    CHECK_CONTAINS(nm_count_status_text(NM_COUNT_TOO_SMALL), "0.0005");
}

static void status_texts_are_for_people(void)
{
    CHECK_STR_EQ(nm_count_status_text(NM_COUNT_NEGATIVE), "count is negative");
    CHECK_CONTAINS(nm_count_status_text(NM_COUNT_AMBIGUOUS), "ambiguous");
    CHECK_CONTAINS(nm_count_status_text(NM_COUNT_TOO_LARGE), "large");
}

int main(void)
{
    RUN(count_parses_a_plain_integer);
    RUN(count_parses_decimal_comma);
    RUN(count_parses_decimal_point);
    RUN(count_reads_space_as_thousands_separator);
    RUN(count_reads_no_break_space_as_thousands_separator);
    RUN(count_reads_a_range_with_hyphen_and_its_midpoint);
    RUN(count_reads_a_range_with_en_dash);
    RUN(count_marks_approximate_values);
    RUN(count_reads_ungefar_with_its_a_umlaut_as_approximate);
    RUN(count_marks_a_lower_bound);
    RUN(lower_bound_of_a_range_is_not_read);
    RUN(count_drops_a_unit_word);
    RUN(count_trims_spaces_around_the_number);
    RUN(zero_is_a_valid_count);
    RUN(vet_ej_is_a_need_without_a_number);
    RUN(empty_cell_is_empty);
    RUN(negative_count_is_refused);
    RUN(words_are_not_numbers);
    RUN(separator_before_three_digits_is_ambiguous);
    RUN(reversed_range_is_refused);
    RUN(implausibly_large_count_is_refused);
    RUN(count_above_zero_that_rounds_to_zero_thousandths_is_refused);
    RUN(status_texts_are_for_people);
    return check_finish();
}
