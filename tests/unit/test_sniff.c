/* test_sniff.c - choosing a CSV delimiter and reading Excel's "sep=" line
 * (reader.h, internal to the reader stage). */
#include "needmap/reader.h"

#include "check.h"

static char sniff(const char *text) { return nm_sniff_delimiter(text, strlen(text)); }

static void semicolon_wins_over_decimal_commas(void)
{
    CHECK_INT_EQ(sniff("Kommun;Yrke;Antal\nArjeplog;Kock;3,0\nPajala;USK;2,5\nMalå;Kock;1\n"),
                 ';');
}

static void comma_file_is_comma(void)
{
    CHECK_INT_EQ(sniff("Företag,Kommun,SSYK,Antal\nMalå Gruvteknik AB,Malå,8111,6\n"
                       "Storuman Bygg AB,Storuman,7111,2\n"),
                 ',');
}

static void tab_file_is_tab(void)
{
    CHECK_INT_EQ(sniff("Svars-ID\tKommun\tKock\n101\tSorsele\t2\n102\tDorotea\t\n"), '\t');
}

static void pipe_file_is_pipe(void)
{
    CHECK_INT_EQ(sniff("Kommun|Yrke|Antal\nPajala|Kock|2\nMalå|USK|3\n"), '|');
}

static void delimiters_inside_quotes_do_not_count(void)
{
    /* Counted blindly, ',' would give every line three fields (more than
     * ';' gives): only quote-aware counting picks ';'. */
    CHECK_INT_EQ(sniff("Kommun;\"Kommentar, fri, text\"\nPajala;\"a, b, c\"\n"
                       "Malå;\"d, e, f\"\n"),
                 ';');
}

static void quoted_line_breaks_do_not_break_the_count(void)
{
    CHECK_INT_EQ(sniff("Kommun;Yrke;Kommentar\nPajala;Kock;\"rad ett\nrad två\"\n"
                       "Malå;USK;\"x\"\n"),
                 ';');
}

static void crlf_line_ends_are_fine(void)
{
    CHECK_INT_EQ(sniff("Kommun;Yrke\r\nPajala;Kock\r\nMalå;USK\r\n"), ';');
}

static void title_line_above_the_header_does_not_mislead(void)
{
    CHECK_INT_EQ(sniff("Kompetensbehov 2025, kommunerna\nKommun;Yrke;Antal\nPajala;Kock;2\n"
                       "Malå;USK;3\nKiruna;Kock;1\n"),
                 ';');
}

static void sep_line_names_the_delimiter(void)
{
    char d = 0;
    CHECK_INT_EQ(nm_sniff_sep_line("sep=;", 5, &d), 1);
    CHECK_INT_EQ(d, ';');
    d = 0;
    CHECK_INT_EQ(nm_sniff_sep_line("sep=,\r\n", 7, &d), 1);
    CHECK_INT_EQ(d, ',');
    d = 0;
    CHECK_INT_EQ(nm_sniff_sep_line("SEP=|\n", 6, &d), 1);
    CHECK_INT_EQ(d, '|');
}

static void sep_line_accepts_tab_written_as_backslash_t(void)
{
    char d = 0;
    CHECK_INT_EQ(nm_sniff_sep_line("sep=\\t", 6, &d), 1);
    CHECK_INT_EQ(d, '\t');
    d = 0;
    CHECK_INT_EQ(nm_sniff_sep_line("sep=\t", 5, &d), 1);
    CHECK_INT_EQ(d, '\t');
}

static void ordinary_lines_are_not_sep_lines(void)
{
    char d = 'x';
    CHECK_INT_EQ(nm_sniff_sep_line("Kommun;Yrke", 11, &d), 0);
    CHECK_INT_EQ(nm_sniff_sep_line("sep=", 4, &d), 0);
    CHECK_INT_EQ(nm_sniff_sep_line("sep=;;", 6, &d), 0);
    CHECK_INT_EQ(nm_sniff_sep_line("separat;x", 9, &d), 0);
    CHECK_INT_EQ(d, 'x');
}

static void delimiters_have_names_for_people(void)
{
    CHECK_STR_EQ(nm_delimiter_name(','), "comma");
    CHECK_STR_EQ(nm_delimiter_name(';'), "semicolon");
    CHECK_STR_EQ(nm_delimiter_name('\t'), "tab");
    CHECK_STR_EQ(nm_delimiter_name('|'), "pipe");
}

int main(void)
{
    RUN(semicolon_wins_over_decimal_commas);
    RUN(comma_file_is_comma);
    RUN(tab_file_is_tab);
    RUN(pipe_file_is_pipe);
    RUN(delimiters_inside_quotes_do_not_count);
    RUN(quoted_line_breaks_do_not_break_the_count);
    RUN(crlf_line_ends_are_fine);
    RUN(title_line_above_the_header_does_not_mislead);
    RUN(sep_line_names_the_delimiter);
    RUN(sep_line_accepts_tab_written_as_backslash_t);
    RUN(ordinary_lines_are_not_sep_lines);
    RUN(delimiters_have_names_for_people);
    return check_finish();
}
