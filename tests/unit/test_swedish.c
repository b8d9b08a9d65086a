/* test_swedish.c - words, signs and word forms of Swedish occupation titles
 * (swedish.h). */
#include <string.h>

#include "needmap/swedish.h"

#include "check.h"

/* The words of text, keys joined by "|", signs as , / ( ). */
static const char *tokens(const char *text)
{
    static char out[256];
    nm_sv_title t = {0};
    nm_sv_split(text, &t);
    out[0] = '\0';
    for (size_t i = 0; i < t.n; i++) {
        static const char *const sign[] = {"", ",", "/", "(", ")"};
        const char *w = t.tok[i].kind == NM_SV_WORD ? nm_sv_word(&t, i) : sign[t.tok[i].kind];
        if (i)
            strncat(out, "|", sizeof out - strlen(out) - 1);
        strncat(out, w, sizeof out - strlen(out) - 1);
        if (t.tok[i].ellipsis)
            strncat(out, "-", sizeof out - strlen(out) - 1);
    }
    nm_sv_title_free(&t);
    return out;
}

static void a_title_splits_into_words_and_signs(void)
{
    CHECK_STR_EQ(tokens("Sjuksköterska, psykiatrisk vård"), "sjukskoterska|,|psykiatrisk|vard");
    CHECK_STR_EQ(tokens("Campingvärd/Stugvärd"), "campingvard|/|stugvard");
    CHECK_STR_EQ(tokens("Undersköterska (natt)"), "underskoterska|(|natt|)");
    CHECK_STR_EQ(tokens("CE-chaufför"), "ce|chauffor"); /* parts of a word, as in its key */
    CHECK_STR_EQ(tokens("Sjuksköterska - natt"), "sjukskoterska|,|natt");
}

static void a_hyphen_before_och_marks_a_shared_ending(void)
{
    CHECK_STR_EQ(tokens("Hälso- och sjukvårdspersonal"), "halso-|och|sjukvardspersonal");
}

static void a_word_keeps_its_diacritics_as_written(void)
{
    nm_sv_title t = {0};
    nm_sv_split("Mältare", &t);
    CHECK_INT_EQ(t.n, 1);
    CHECK_STR_EQ(nm_sv_word(&t, 0), "maltare");
    CHECK_STR_EQ(nm_sv_written(&t, 0), "mältare");
    nm_sv_title_free(&t);
}

/* 1 when base is among the base forms of word. */
static int has_base(const char *word, const char *base)
{
    char forms[8][NM_SV_WORD_MAX];
    size_t n = nm_sv_base_forms(word, forms, 8);
    for (size_t i = 0; i < n; i++)
        if (strcmp(forms[i], base) == 0)
            return 1;
    return 0;
}

static void plural_definite_and_female_forms_have_a_base_form(void)
{
    CHECK(has_base("sjukskoterskor", "sjukskoterska"));
    CHECK(has_base("sjukskoterskorna", "sjukskoterska"));
    CHECK(has_base("lararna", "larare"));
    CHECK(has_base("kockar", "kock"));
    CHECK(has_base("ingenjorer", "ingenjor"));
    CHECK(has_base("elektrikerna", "elektriker"));
    CHECK(has_base("staderska", "stadare"));
    CHECK(has_base("vardinna", "vard"));
    CHECK(!has_base("sjukskoterska", "sjukskotare")); /* not a skötare */
}

static void a_head_has_the_variants_it_is_written_with(void)
{
    char v[6][NM_SV_WORD_MAX];
    size_t n = nm_sv_head_variants("narkosskoterska", v, 6);
    CHECK(n >= 1);
    CHECK_STR_EQ(v[0], "narkossjukskoterska");
    n = nm_sv_head_variants("kockpersonal", v, 6);
    CHECK_INT_EQ(n, 1);
    CHECK_STR_EQ(v[0], "kock");
    CHECK_INT_EQ(nm_sv_head_variants("personal", v, 6), 0); /* nothing before it */
}

static void word_lists_know_modifiers_qualifiers_and_counts(void)
{
    CHECK(nm_sv_is_modifier("erfaren"));
    CHECK(nm_sv_is_modifier("natt"));
    CHECK(!nm_sv_is_modifier("sjukskoterska"));
    CHECK(nm_sv_is_modifier_prefix("natt", 4));
    CHECK(nm_sv_is_qualifier_word("inom"));
    CHECK(nm_sv_is_count_unit("st"));
    CHECK(nm_sv_is_number("12"));
    CHECK(!nm_sv_is_number("12a"));
    CHECK(!nm_sv_is_number("12345"));
    CHECK_STR_EQ(nm_sv_abbreviation("ssk"), "sjukskoterska");
    CHECK(nm_sv_abbreviation("sjukskoterska") == NULL);
    CHECK(nm_sv_is_subject("matte", 5));
    CHECK(nm_sv_is_subject("idrotts", 7));
    CHECK(!nm_sv_is_subject("korskole", 8));
}

int main(void)
{
    RUN(a_title_splits_into_words_and_signs);
    RUN(a_hyphen_before_och_marks_a_shared_ending);
    RUN(a_word_keeps_its_diacritics_as_written);
    RUN(plural_definite_and_female_forms_have_a_base_form);
    RUN(a_head_has_the_variants_it_is_written_with);
    RUN(word_lists_know_modifiers_qualifiers_and_counts);
    return check_finish();
}
