/* test_text.c - folding, lookup keys, cleaning and edit distance (text.h). */
#include "needmap/buf.h"
#include "needmap/text.h"

#include "check.h"

/* The result of one text function on s, compared with want. */
#define CHECK_TEXT(fn, s, want)                                                      \
    do {                                                                             \
        nm_buf out_ = {0};                                                           \
        fn((s), &out_);                                                              \
        CHECK_STR_EQ(nm_buf_str(&out_), (want));                                     \
        CHECK_INT_EQ(out_.len, strlen(want));                                        \
        nm_buf_free(&out_);                                                          \
    } while (0)

static void fold_trims_collapses_and_lowercases(void)
{
    CHECK_TEXT(nm_text_fold, "  ARJEPLOGS  Kommun ", "arjeplogs kommun");
    CHECK_TEXT(nm_text_fold, "\tPajala\r\n", "pajala");
}

static void fold_lowercases_swedish_capitals_but_keeps_diacritics(void)
{
    CHECK_TEXT(nm_text_fold, "ÅSELE", "åsele");
    CHECK_TEXT(nm_text_fold, "ÖVERKALIX KOMMUN", "överkalix kommun");
    CHECK_TEXT(nm_text_fold, "ÄLVSBYN", "älvsbyn");
    CHECK_TEXT(nm_text_fold, "MÜLLER É", "müller é");
}

static void fold_treats_no_break_spaces_as_spaces(void)
{
    CHECK_TEXT(nm_text_fold, "Upplands\xc2\xa0V\xc3\xa4sby", "upplands väsby");
    CHECK_TEXT(nm_text_fold, "1\xe2\x80\xaf" "200", "1 200"); /* narrow no-break space */
    CHECK_TEXT(nm_text_fold, "\xc2\xa0 Kock \xc2\xa0", "kock");
}

static void fold_composes_letters_typed_on_a_mac(void)
{
    /* macOS sends "å" as "a" + U+030A: compare it as the one letter */
    CHECK_TEXT(nm_text_fold, "Ha\xcc\x8a" "bo", "håbo");
    CHECK_TEXT(nm_text_fold, "O\xcc\x88VERKALIX", "överkalix");
    CHECK_TEXT(nm_text_key, "Ha\xcc\x8a" "bo", "habo");
    CHECK_TEXT(nm_text_key, "Ga\xcc\x88llivare", "gallivare");
}

static void fold_of_blank_text_is_empty(void)
{
    CHECK_TEXT(nm_text_fold, "", "");
    CHECK_TEXT(nm_text_fold, "   \t ", "");
}

static void key_drops_diacritics(void)
{
    CHECK_TEXT(nm_text_key, "Överkalix", "overkalix");
    CHECK_TEXT(nm_text_key, "Håbo", "habo");
    CHECK_TEXT(nm_text_key, "Älvsbyn", "alvsbyn");
    CHECK_TEXT(nm_text_key, "Undersköterska", "underskoterska");
    CHECK_TEXT(nm_text_key, "Café Müller", "cafe muller");
}

static void key_turns_joining_punctuation_into_spaces(void)
{
    CHECK_TEXT(nm_text_key, "E-post", "e post");
    CHECK_TEXT(nm_text_key, "Kommun/Län", "kommun lan");
    CHECK_TEXT(nm_text_key, "svars_id", "svars id");
    CHECK_TEXT(nm_text_key, "Bitr. rektor", "bitr rektor");
    CHECK_TEXT(nm_text_key, "Malung–Sälen", "malung salen"); /* en dash */
}

static void key_drops_other_punctuation(void)
{
    CHECK_TEXT(nm_text_key, "Vilken kommun?", "vilken kommun");
    CHECK_TEXT(nm_text_key, "Sjuksköterska (natt)", "sjukskoterska natt");
    CHECK_TEXT(nm_text_key, "\"Kock\"", "kock");
    CHECK_TEXT(nm_text_key, "Undersköterskor, hemtjänst", "underskoterskor hemtjanst");
    CHECK_TEXT(nm_text_key, "Obs!: viktigt*", "obs viktigt");
}

static void key_keeps_invalid_bytes_as_they_are(void)
{
    CHECK_TEXT(nm_text_key, "A\xff" "B", "a\xff" "b");
    CHECK_TEXT(nm_text_fold, "\xc3", "\xc3"); /* a cut-off sequence */
}

static void clean_keeps_case_and_diacritics(void)
{
    CHECK_TEXT(nm_text_clean, "  Ledarskap i   Åsele  ", "Ledarskap i Åsele");
    CHECK_TEXT(nm_text_clean, "Drönarpilot\xc2\xa0\xc2\xa0(skog)", "Drönarpilot (skog)");
    CHECK_TEXT(nm_text_clean, "\t\n", "");
}

static void blank_means_only_white_space(void)
{
    CHECK(nm_text_is_blank(""));
    CHECK(nm_text_is_blank(" \t\r\n"));
    CHECK(nm_text_is_blank("\xc2\xa0"));
    CHECK(!nm_text_is_blank(" x "));
    CHECK(!nm_text_is_blank("0"));
    CHECK(!nm_text_is_blank("\xff"));
}

static void utf8_validity_is_checked_strictly(void)
{
    CHECK(nm_utf8_valid("Åsele", strlen("Åsele")));
    CHECK(nm_utf8_valid("", 0));
    CHECK(!nm_utf8_valid("\xc5sele", 5));         /* Windows-1252 Å */
    CHECK(!nm_utf8_valid("\xc3", 1));              /* cut off */
    CHECK(!nm_utf8_valid("\xc0\xaf", 2));          /* overlong */
    CHECK(!nm_utf8_valid("\xed\xa0\x80", 3));      /* surrogate */
    CHECK(nm_utf8_valid("\xf0\x9f\x98\x80", 4));   /* emoji */
    CHECK(!nm_utf8_valid("\xf4\x90\x80\x80", 4));  /* above U+10FFFF */
}

static void utf8_length_counts_code_points(void)
{
    CHECK_INT_EQ(nm_utf8_length(""), 0);
    CHECK_INT_EQ(nm_utf8_length("Åsele"), 5);
    CHECK_INT_EQ(nm_utf8_length("Malå–Sorsele"), 12);
}

static void distance_counts_one_typo_as_one(void)
{
    CHECK_INT_EQ(nm_text_distance("underskoterska", "underskoterska", 3), 0);
    CHECK_INT_EQ(nm_text_distance("underskoterka", "underskoterska", 3), 1);  /* deletion */
    CHECK_INT_EQ(nm_text_distance("sjukskoterskaa", "sjukskoterska", 3), 1);  /* insertion */
    CHECK_INT_EQ(nm_text_distance("arjepolg", "arjeplog", 3), 1);             /* transposition */
    CHECK_INT_EQ(nm_text_distance("kock", "kack", 3), 1);                     /* substitution */
}

static void distance_counts_a_swedish_letter_as_one_symbol(void)
{
    CHECK_INT_EQ(nm_text_distance("Åsele", "Asele", 3), 1);
    CHECK_INT_EQ(nm_text_distance("Överkalix", "Överkalix", 3), 0);
}

static void distance_gives_up_beyond_max(void)
{
    CHECK_INT_EQ(nm_text_distance("abc", "xyz", 1), 2);
    CHECK_INT_EQ(nm_text_distance("kock", "elektriker", 2), 3);
    CHECK_INT_EQ(nm_text_distance("", "abcd", 4), 4);
    CHECK_INT_EQ(nm_text_distance("", "abcd", 3), 4);
}

int main(void)
{
    RUN(fold_trims_collapses_and_lowercases);
    RUN(fold_lowercases_swedish_capitals_but_keeps_diacritics);
    RUN(fold_treats_no_break_spaces_as_spaces);
    RUN(fold_composes_letters_typed_on_a_mac);
    RUN(fold_of_blank_text_is_empty);
    RUN(key_drops_diacritics);
    RUN(key_turns_joining_punctuation_into_spaces);
    RUN(key_drops_other_punctuation);
    RUN(key_keeps_invalid_bytes_as_they_are);
    RUN(clean_keeps_case_and_diacritics);
    RUN(blank_means_only_white_space);
    RUN(utf8_validity_is_checked_strictly);
    RUN(utf8_length_counts_code_points);
    RUN(distance_counts_one_typo_as_one);
    RUN(distance_counts_a_swedish_letter_as_one_symbol);
    RUN(distance_gives_up_beyond_max);
    return check_finish();
}
