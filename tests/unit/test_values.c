/* test_values.c - need type, level, mode, horizon and respondent kind from
 * the words people use (values.h), and their stable names (record.h). */
#include "needmap/values.h"

#include "check.h"

static void need_types_are_recognised_in_swedish_and_english(void)
{
    nm_need n = NM_NEED_UNKNOWN;
    CHECK_INT_EQ(nm_need_parse("Rekrytering", &n), 1);
    CHECK_INT_EQ(n, NM_NEED_RECRUITMENT);
    CHECK_INT_EQ(nm_need_parse("rekrytering", &n), 1);
    CHECK_INT_EQ(n, NM_NEED_RECRUITMENT);
    CHECK_INT_EQ(nm_need_parse("Kompetensutveckling", &n), 1);
    CHECK_INT_EQ(n, NM_NEED_UPSKILLING);
    CHECK_INT_EQ(nm_need_parse("Intresse", &n), 1);
    CHECK_INT_EQ(n, NM_NEED_INTEREST);
    CHECK_INT_EQ(nm_need_parse("Recruitment", &n), 1);
    CHECK_INT_EQ(n, NM_NEED_RECRUITMENT);
    CHECK_INT_EQ(nm_need_parse("Kompetenshöjning", &n), 1);
    CHECK_INT_EQ(n, NM_NEED_UPSKILLING);
}

static void unrecognised_need_is_unknown_and_says_so(void)
{
    nm_need n = NM_NEED_RECRUITMENT;
    CHECK_INT_EQ(nm_need_parse("Blandat", &n), 0);
    CHECK_INT_EQ(n, NM_NEED_UNKNOWN);
}

static void empty_value_is_unknown_without_a_warning(void)
{
    nm_need n = NM_NEED_RECRUITMENT;
    nm_level l = NM_LEVEL_YH;
    nm_mode m = NM_MODE_HYBRID;
    nm_rkind k = NM_RKIND_COMPANY;
    CHECK_INT_EQ(nm_need_parse("", &n), 1);
    CHECK_INT_EQ(n, NM_NEED_UNKNOWN);
    CHECK_INT_EQ(nm_level_parse("  ", &l), 1);
    CHECK_INT_EQ(l, NM_LEVEL_UNKNOWN);
    CHECK_INT_EQ(nm_mode_parse("", &m), 1);
    CHECK_INT_EQ(m, NM_MODE_UNKNOWN);
    CHECK_INT_EQ(nm_rkind_parse("", &k), 1);
    CHECK_INT_EQ(k, NM_RKIND_UNKNOWN);
}

static void education_levels_are_recognised(void)
{
    static const struct { const char *text; nm_level want; } cases[] = {
        {"YH", NM_LEVEL_YH},
        {"Yrkeshögskola", NM_LEVEL_YH},
        {"Högskola", NM_LEVEL_UNIVERSITY},
        {"Universitet", NM_LEVEL_UNIVERSITY},
        {"Uppdragsutbildning", NM_LEVEL_COURSE},
        {"Kortkurs", NM_LEVEL_COURSE},
        {"Komvux", NM_LEVEL_KOMVUX},
        {"Yrkesvux", NM_LEVEL_KOMVUX},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nm_level l = NM_LEVEL_UNKNOWN;
        CHECK_INT_EQ(nm_level_parse(cases[i].text, &l), 1);
        CHECK_INT_EQ(l, cases[i].want);
    }
    nm_level l = NM_LEVEL_YH;
    CHECK_INT_EQ(nm_level_parse("Doktorand", &l), 0);
    CHECK_INT_EQ(l, NM_LEVEL_UNKNOWN);
}

static void delivery_modes_are_recognised(void)
{
    static const struct { const char *text; nm_mode want; } cases[] = {
        {"Distans", NM_MODE_DISTANCE},
        {"distans", NM_MODE_DISTANCE},
        {"Hybrid", NM_MODE_HYBRID},
        {"På plats", NM_MODE_ONSITE},
        {"PA PLATS", NM_MODE_ONSITE},
        {"Närundervisning", NM_MODE_ONSITE},
        {"Online", NM_MODE_DISTANCE},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nm_mode m = NM_MODE_UNKNOWN;
        CHECK_INT_EQ(nm_mode_parse(cases[i].text, &m), 1);
        CHECK_INT_EQ(m, cases[i].want);
    }
}

static void respondent_kinds_are_recognised(void)
{
    nm_rkind k = NM_RKIND_UNKNOWN;
    CHECK_INT_EQ(nm_rkind_parse("Kommun", &k), 1);
    CHECK_INT_EQ(k, NM_RKIND_MUNICIPAL);
    CHECK_INT_EQ(nm_rkind_parse("Företag", &k), 1);
    CHECK_INT_EQ(k, NM_RKIND_COMPANY);
    CHECK_INT_EQ(nm_rkind_parse("Privatperson", &k), 1);
    CHECK_INT_EQ(k, NM_RKIND_PERSON);
    CHECK_INT_EQ(nm_rkind_parse("Förening", &k), 0);
    CHECK_INT_EQ(k, NM_RKIND_UNKNOWN);
}

/* Parse a horizon expecting it to be recognised as lo..hi. */
#define CHECK_HORIZON(text, want_lo, want_hi)                                        \
    do {                                                                             \
        nm_horizon h_ = {-5, -5};                                                    \
        CHECK_INT_EQ(nm_horizon_parse((text), &h_), 1);                              \
        CHECK_INT_EQ(h_.lo, (want_lo));                                              \
        CHECK_INT_EQ(h_.hi, (want_hi));                                              \
    } while (0)

static void horizons_are_read_as_year_ranges(void)
{
    CHECK_HORIZON("0-1 år", 0, 1);
    CHECK_HORIZON("1–3 years", 1, 3);
    CHECK_HORIZON("3-5", 3, 5);
    CHECK_HORIZON("1-2 år", 1, 2);
    CHECK_HORIZON("2 år", 2, 2);
}

static void horizon_within_counts_from_now(void)
{
    CHECK_HORIZON("inom 1 år", 0, 1);
    CHECK_HORIZON("Inom 3 år", 0, 3);
    CHECK_HORIZON("within 2 years", 0, 2);
}

/* A horizon given in months, or as a fraction of a year, must not come out
 * as that many years: either convert it (0-1 year) or leave it unknown. */
static int horizon_is_within_or_unknown(const char *text, int lo, int hi)
{
    nm_horizon h = {-5, -5};
    int ok = nm_horizon_parse(text, &h);
    if (!ok)
        return h.lo == -1 && h.hi == -1;
    int good = h.lo >= lo && h.hi <= hi && h.lo <= h.hi;
    if (!good)
        fprintf(stderr, "  horizon \"%s\" read as %d-%d years\n", text, h.lo, h.hi);
    return good;
}

static void horizon_in_months_is_not_read_as_years(void)
{
    CHECK(horizon_is_within_or_unknown("inom 6 månader", 0, 1));
    CHECK(horizon_is_within_or_unknown("6 månader", 0, 1));
    CHECK(horizon_is_within_or_unknown("12 mån", 0, 1));
}

static void horizon_with_a_decimal_comma_is_not_read_as_a_large_number(void)
{
    CHECK(horizon_is_within_or_unknown("0,5 år", 0, 1));
    CHECK(horizon_is_within_or_unknown("1,5 år", 1, 2));
    CHECK(horizon_is_within_or_unknown("1.5 år", 1, 2));
}

static void empty_horizon_is_unknown_without_a_warning(void)
{
    CHECK_HORIZON("", -1, -1);
}

static void unreadable_horizon_is_unknown_and_says_so(void)
{
    nm_horizon h = {2, 3};
    CHECK_INT_EQ(nm_horizon_parse("snart", &h), 0);
    CHECK_INT_EQ(h.lo, -1);
    CHECK_INT_EQ(h.hi, -1);
    CHECK_INT_EQ(nm_horizon_parse("5-3 år", &h), 0); /* reversed */
    CHECK_INT_EQ(nm_horizon_parse("2025-2027", &h), 0); /* calendar years, not horizons */
}

static void organisation_names_hint_at_the_respondent_kind(void)
{
    CHECK_INT_EQ(nm_rkind_guess("Arjeplogs kommun"), NM_RKIND_MUNICIPAL);
    CHECK_INT_EQ(nm_rkind_guess("Region Norrbotten"), NM_RKIND_MUNICIPAL);
    CHECK_INT_EQ(nm_rkind_guess("Malå Bygg AB"), NM_RKIND_COMPANY);
    CHECK_INT_EQ(nm_rkind_guess("AB Storumans Åkeri"), NM_RKIND_COMPANY);
    CHECK_INT_EQ(nm_rkind_guess("Bygg & Anläggning, Malå AB"), NM_RKIND_COMPANY);
    CHECK_INT_EQ(nm_rkind_guess("Socialförvaltningen"), NM_RKIND_UNKNOWN);
    CHECK_INT_EQ(nm_rkind_guess("Abisko Turiststation"), NM_RKIND_UNKNOWN);
}

static void company_with_kommunikation_in_its_name_is_a_company(void)
{
    /* "Kommunikation" is not "kommun": an AB is a company. */
    CHECK_INT_EQ(nm_rkind_guess("Norrländsk Kommunikation AB"), NM_RKIND_COMPANY);
    CHECK_INT_EQ(nm_rkind_guess("Kommunikationsbyrån i Skellefteå AB"), NM_RKIND_COMPANY);
}

static void values_have_stable_names(void)
{
    CHECK_STR_EQ(nm_need_name(NM_NEED_RECRUITMENT), "recruitment");
    CHECK_STR_EQ(nm_need_name(NM_NEED_UNKNOWN), "unknown");
    CHECK_STR_EQ(nm_level_name(NM_LEVEL_YH), "yh");
    CHECK_STR_EQ(nm_level_name(NM_LEVEL_KOMVUX), "komvux");
    CHECK_STR_EQ(nm_mode_name(NM_MODE_ONSITE), "onsite");
    CHECK_STR_EQ(nm_rkind_name(NM_RKIND_COMPANY), "company");
}

int main(void)
{
    RUN(need_types_are_recognised_in_swedish_and_english);
    RUN(unrecognised_need_is_unknown_and_says_so);
    RUN(empty_value_is_unknown_without_a_warning);
    RUN(education_levels_are_recognised);
    RUN(delivery_modes_are_recognised);
    RUN(respondent_kinds_are_recognised);
    RUN(horizons_are_read_as_year_ranges);
    RUN(horizon_within_counts_from_now);
    RUN(horizon_in_months_is_not_read_as_years);
    RUN(horizon_with_a_decimal_comma_is_not_read_as_a_large_number);
    RUN(empty_horizon_is_unknown_without_a_warning);
    RUN(unreadable_horizon_is_unknown_and_says_so);
    RUN(organisation_names_hint_at_the_respondent_kind);
    RUN(company_with_kommunikation_in_its_name_is_a_company);
    RUN(values_have_stable_names);
    return check_finish();
}
