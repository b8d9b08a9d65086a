/* test_decode.c - encoding detection and conversion to UTF-8 (decode.h). */
#include <stdio.h>
#include <stdint.h>
#include <string.h>

#include "needmap/buf.h"
#include "needmap/decode.h"

#include "check.h"

#define BYTES(s) (const unsigned char *)(s), sizeof(s) - 1

/* Detect the encoding of all of s and decode it in one final chunk. */
static nm_status decode_all(const unsigned char *s, size_t n, nm_decoder *d, nm_buf *out,
                            nm_error *err)
{
    nm_status st = nm_decoder_detect(d, s, n, "test.csv", err);
    if (st == NM_OK)
        nm_decoder_feed(d, s, n, 1, out);
    return st;
}

static void plain_ascii_is_utf8(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_error err;
    CHECK_INT_EQ(decode_all(BYTES("Kommun;Yrke\n"), &d, &out, &err), NM_OK);
    CHECK_INT_EQ(d.enc, NM_ENC_UTF8);
    CHECK_INT_EQ(d.had_bom, 0);
    CHECK_STR_EQ(nm_buf_str(&out), "Kommun;Yrke\n");
    nm_buf_free(&out);
}

static void utf8_bom_is_detected_and_skipped(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_error err;
    CHECK_INT_EQ(decode_all(BYTES("\xef\xbb\xbf" "Företag,Kommun\n"), &d, &out, &err), NM_OK);
    CHECK_INT_EQ(d.enc, NM_ENC_UTF8_BOM);
    CHECK_INT_EQ(d.had_bom, 1);
    CHECK_STR_EQ(nm_buf_str(&out), "Företag,Kommun\n");
    nm_buf_free(&out);
}

static void utf16le_with_bom_becomes_utf8(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_error err;
    /* "Å\tB\r\n" */
    CHECK_INT_EQ(decode_all(BYTES("\xff\xfe\xc5\x00\t\x00" "B\x00\r\x00\n\x00"), &d, &out, &err),
                 NM_OK);
    CHECK_INT_EQ(d.enc, NM_ENC_UTF16LE);
    CHECK_INT_EQ(d.had_bom, 1);
    CHECK_STR_EQ(nm_buf_str(&out), "Å\tB\r\n");
    nm_buf_free(&out);
}

static void utf16be_with_bom_becomes_utf8(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_error err;
    CHECK_INT_EQ(decode_all(BYTES("\xfe\xff\x00\xd6\x00r\x00\n"), &d, &out, &err), NM_OK);
    CHECK_INT_EQ(d.enc, NM_ENC_UTF16BE);
    CHECK_STR_EQ(nm_buf_str(&out), "Ör\n");
    nm_buf_free(&out);
}

static void utf16le_without_bom_is_recognised_by_its_nuls(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_error err;
    CHECK_INT_EQ(decode_all(BYTES("K\x00o\x00m\x00m\x00u\x00n\x00\n\x00"), &d, &out, &err),
                 NM_OK);
    CHECK_INT_EQ(d.enc, NM_ENC_UTF16LE);
    CHECK_INT_EQ(d.had_bom, 0);
    CHECK_STR_EQ(nm_buf_str(&out), "Kommun\n");
    nm_buf_free(&out);
}

static void utf16_surrogate_pairs_become_one_code_point(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_error err;
    /* U+1F600 is D83D DE00 */
    CHECK_INT_EQ(decode_all(BYTES("\xff\xfe" "a\x00\x3d\xd8\x00\xde"), &d, &out, &err), NM_OK);
    CHECK_STR_EQ(nm_buf_str(&out), "a\xf0\x9f\x98\x80");
    nm_buf_free(&out);
}

static void utf16_odd_final_byte_becomes_replacement_character(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_error err;
    CHECK_INT_EQ(decode_all(BYTES("\xff\xfe" "a\x00" "b"), &d, &out, &err), NM_OK);
    CHECK_STR_EQ(nm_buf_str(&out), "a\xef\xbf\xbd");
    nm_buf_free(&out);
}

static void windows_1252_is_detected_from_invalid_utf8(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_error err;
    CHECK_INT_EQ(decode_all(BYTES("F\xf6rvaltning;Niv\xe5\n\xc5sele;2\x96" "4 \x80\n"), &d, &out,
                            &err),
                 NM_OK);
    CHECK_INT_EQ(d.enc, NM_ENC_CP1252);
    CHECK_STR_EQ(nm_buf_str(&out), "Förvaltning;Nivå\nÅsele;2–4 €\n");
    CHECK_INT_EQ(d.fallback_bytes, 0); /* a whole-file encoding, not a fallback */
    nm_buf_free(&out);
}

static void empty_input_is_an_input_error(void)
{
    nm_decoder d;
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_decoder_detect(&d, (const unsigned char *)"", 0, "tom.csv", &err),
                 NM_ERR_INPUT);
    CHECK_STR_EQ(err.file, "tom.csv");
    CHECK_CONTAINS(err.msg, "empty");
}

static void a_bom_alone_is_an_input_error(void)
{
    nm_decoder d;
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_decoder_detect(&d, BYTES("\xef\xbb\xbf"), "bom.csv", &err), NM_ERR_INPUT);
    CHECK_CONTAINS(err.msg, "byte-order mark");
}

static void a_zip_workbook_is_binary_and_refused(void)
{
    nm_decoder d;
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_decoder_detect(&d, BYTES("PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00"
                                             "[Content_Types].xml"),
                                   "svar.xlsx", &err),
                 NM_ERR_INPUT);
    CHECK_CONTAINS(err.msg, "binary");
    CHECK_CONTAINS(err.msg, "xlsx");
}

static void utf8_sequence_split_between_chunks_is_joined(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_error err;
    const unsigned char head[] = "Malå;Umeå\n";
    CHECK_INT_EQ(nm_decoder_detect(&d, head, sizeof head - 1, "x.csv", &err), NM_OK);
    /* "Mal" + first byte of å | second byte of å + ";Ume" + first byte | rest */
    nm_decoder_feed(&d, head, 4, 0, &out);
    nm_decoder_feed(&d, head + 4, 6, 0, &out);
    nm_decoder_feed(&d, head + 10, sizeof head - 1 - 10, 1, &out);
    CHECK_STR_EQ(nm_buf_str(&out), "Malå;Umeå\n");
    CHECK_INT_EQ(d.fallback_bytes, 0);
    nm_buf_free(&out);
}

static void utf16_code_unit_split_between_chunks_is_joined(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_error err;
    const unsigned char s[] = "\xff\xfe\xc5\x00" "a\x00\x3d\xd8\x00\xde\n\x00";
    size_t n = sizeof s - 1;
    CHECK_INT_EQ(nm_decoder_detect(&d, s, n, "x.tsv", &err), NM_OK);
    for (size_t i = 0; i < n; i++) /* one byte at a time */
        nm_decoder_feed(&d, s + i, 1, i + 1 == n, &out);
    CHECK_STR_EQ(nm_buf_str(&out), "Åa\xf0\x9f\x98\x80\n");
    nm_buf_free(&out);
}

/* Decode s[0..n) forced to enc, fed in chunks whose sizes cycle through
 * sizes[0..nsizes), into out. */
static void feed_in_chunks(nm_encoding enc, const unsigned char *s, size_t n,
                           const size_t *sizes, size_t nsizes, nm_buf *out)
{
    nm_decoder d;
    nm_decoder_force(&d, enc, s, n);
    size_t at = 0, k = 0;
    while (at < n) {
        size_t take = sizes[k++ % nsizes];
        if (take > n - at)
            take = n - at;
        nm_decoder_feed(&d, s + at, take, at + take == n, out);
        at += take;
    }
    if (n == 0)
        nm_decoder_feed(&d, s, 0, 1, out);
}

/* decode.h promises any chunk size: unpaired high surrogates (several in a
 * row, before a letter, before a low surrogate of a later pair, at the
 * end), lone low surrogates and cut UTF-8 sequences, fed 1, 2 or 3 bytes at
 * a time, give exactly what one chunk gives (the carry once grew past its
 * 8 bytes here, writing out of bounds). */
static void chunks_of_one_to_three_bytes_decode_as_one_chunk(void)
{
    static const unsigned short units[] = {
        'a', 0xD800, 0xD801, 0xD802, 'b', 0xDC00, 0xD83D, 0xDE00, 0xD800, '\r', '\n',
        0xD800, 0xD800, 0xD83D, 0xDE00, 0xDBFF, 'c', 0xDFFF, 0xD800, 0xD800, 0xD800};
    enum { NU = sizeof units / sizeof units[0] };
    unsigned char le[2 * NU], be[2 * NU];
    for (size_t i = 0; i < NU; i++) {
        le[2 * i] = (unsigned char)(units[i] & 0xFF);
        le[2 * i + 1] = (unsigned char)(units[i] >> 8);
        be[2 * i] = (unsigned char)(units[i] >> 8);
        be[2 * i + 1] = (unsigned char)(units[i] & 0xFF);
    }
    static const unsigned char utf8[] = "a\xe2\x82\xac\xe2\x82 \xf0\x9f\x98\x80\xf0\x9f\x98"
                                        "b\xc3\xa5\xc3\r\n\xed\xa0\x80\xe2\x82";
    static const size_t patterns[][3] = {{1, 1, 1}, {2, 2, 2}, {3, 3, 3}, {1, 2, 3},
                                         {3, 1, 2}, {2, 3, 1}, {1, 3, 3}, {3, 2, 1}};
    struct { nm_encoding enc; const unsigned char *s; size_t n; } inputs[] = {
        {NM_ENC_UTF16LE, le, sizeof le}, {NM_ENC_UTF16BE, be, sizeof be},
        {NM_ENC_UTF16LE, le, sizeof le - 1}, {NM_ENC_UTF16BE, be + 1, sizeof be - 1},
        {NM_ENC_UTF8, utf8, sizeof utf8 - 1}};
    for (size_t i = 0; i < sizeof inputs / sizeof inputs[0]; i++) {
        nm_buf whole = {0};
        static const size_t all[] = {SIZE_MAX};
        feed_in_chunks(inputs[i].enc, inputs[i].s, inputs[i].n, all, 1, &whole);
        for (size_t p = 0; p < sizeof patterns / sizeof patterns[0]; p++) {
            nm_buf chunked = {0};
            feed_in_chunks(inputs[i].enc, inputs[i].s, inputs[i].n, patterns[p], 3, &chunked);
            if (!check_result(chunked.len == whole.len &&
                                  memcmp(nm_buf_str(&chunked), nm_buf_str(&whole), whole.len) == 0,
                              __FILE__, __LINE__, "input %zu in chunks of %zu,%zu,%zu: %zu bytes, "
                              "whole %zu", i, patterns[p][0], patterns[p][1], patterns[p][2],
                              chunked.len, whole.len))
                break;
            nm_buf_free(&chunked);
        }
        nm_buf_free(&whole);
    }
}

static void stray_byte_in_utf8_is_read_as_windows_1252_and_counted(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_decoder_force(&d, NM_ENC_UTF8, BYTES("Malå\nPite\xe5\n"));
    nm_decoder_feed(&d, BYTES("Malå\nPite\xe5\n"), 1, &out);
    CHECK_STR_EQ(nm_buf_str(&out), "Malå\nPiteå\n");
    CHECK_INT_EQ(d.fallback_bytes, 1);
    CHECK_INT_EQ(d.fallback_line, 2);
    nm_buf_free(&out);
}

static void cut_off_utf8_at_the_end_is_read_as_windows_1252(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_decoder_force(&d, NM_ENC_UTF8, BYTES("ab\xc3"));
    nm_decoder_feed(&d, BYTES("ab\xc3"), 1, &out);
    CHECK_STR_EQ(nm_buf_str(&out), "abÃ");
    CHECK_INT_EQ(d.fallback_bytes, 1);
    nm_buf_free(&out);
}

static void lone_cr_becomes_lf_and_crlf_is_kept(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_decoder_force(&d, NM_ENC_UTF8, BYTES("a\rb\r\nc\r"));
    nm_decoder_feed(&d, BYTES("a\rb\r\nc\r"), 1, &out);
    CHECK_STR_EQ(nm_buf_str(&out), "a\nb\r\nc\n");
    CHECK_INT_EQ(d.line, 4);
    nm_buf_free(&out);
}

static void crlf_split_between_chunks_stays_one_line_end(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_decoder_force(&d, NM_ENC_UTF8, BYTES("a\r"));
    nm_decoder_feed(&d, BYTES("a\r"), 0, &out);
    nm_decoder_feed(&d, BYTES("\nb"), 1, &out);
    CHECK_STR_EQ(nm_buf_str(&out), "a\r\nb");
    CHECK_INT_EQ(d.line, 2);
    nm_buf_free(&out);
}

/* The decoder skips over printable ASCII sixteen bytes at a time: every
 * kind of byte it must stop at, at every position of a 41-byte line,
 * comes out as it would alone. */
static void special_bytes_are_seen_at_every_position(void)
{
    static const struct {
        const char *in, *out;
        uint64_t lines, fallback; /* LFs after the line; fallback bytes */
    } cases[] = {
        {"ö", "ö", 1, 0},                /* two-byte UTF-8 */
        {"\xe2\x80\x93", "\xe2\x80\x93", 1, 0}, /* three bytes: a dash */
        {"\n", "\n", 2, 0},
        {"\r\n", "\r\n", 2, 0},
        {"\r", "\n", 2, 0},              /* a lone CR ends a line */
        {"\t", "\t", 1, 0},
        {"\x01", "\x01", 1, 0},
        {"\xe5", "å", 1, 1},             /* Windows-1252 in UTF-8 */
        {"\xef\xbb\xbf", "", 1, 0},      /* a BOM inside the text */
        {"\x7f", "\x7f", 1, 0},
    };
    int all_ok = 1;
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++)
        for (size_t at = 0; at <= 40; at++) {
            char in[64] = {0}, want[64] = {0};
            memset(in, 'a', at);
            memset(want, 'a', at);
            strcat(in, cases[c].in);
            strcat(want, cases[c].out);
            size_t tail = at < 40 ? 40 - at : 0; /* ASCII after, or none */
            memset(in + strlen(in), 'b', tail);
            memset(want + strlen(want), 'b', tail);
            strcat(in, "z\n");
            strcat(want, "z\n");
            nm_decoder d;
            nm_buf out = {0};
            nm_decoder_force(&d, NM_ENC_UTF8, (const unsigned char *)in, strlen(in));
            nm_decoder_feed(&d, (const unsigned char *)in, strlen(in), 1, &out);
            int ok = strcmp(nm_buf_str(&out), want) == 0 && d.line == cases[c].lines + 1 &&
                     d.fallback_bytes == cases[c].fallback;
            if (!ok)
                fprintf(stderr, "case %zu at %zu: got '%s' (line %llu, fallback %llu)\n", c,
                        at, nm_buf_str(&out), (unsigned long long)d.line,
                        (unsigned long long)d.fallback_bytes);
            all_ok &= ok;
            nm_buf_free(&out);
        }
    CHECK(all_ok);
}

static void byte_order_mark_inside_the_text_is_dropped(void)
{
    /* two exports concatenated: the second one's BOM is not text */
    nm_decoder d;
    nm_buf out = {0};
    nm_error err;
    CHECK_INT_EQ(decode_all(BYTES("\xef\xbb\xbf" "Kommun\n2506\n\xef\xbb\xbf" "Kommun\n"), &d,
                            &out, &err),
                 NM_OK);
    CHECK_STR_EQ(nm_buf_str(&out), "Kommun\n2506\nKommun\n");
    nm_buf_free(&out);
}

static void one_nul_byte_in_text_is_damage_not_binary(void)
{
    char text[256];
    memset(text, 'x', sizeof text);
    for (size_t i = 20; i < sizeof text; i += 20)
        text[i] = '\n';
    text[100] = '\0';
    nm_decoder d;
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_decoder_detect(&d, (const unsigned char *)text, sizeof text, "x.csv", &err),
                 NM_OK);
    nm_buf out = {0};
    nm_decoder_feed(&d, (const unsigned char *)text, sizeof text, 1, &out);
    CHECK_INT_EQ(d.nul_line, 5);
    nm_buf_free(&out);
}

static void a_pdf_is_binary_and_refused(void)
{
    nm_decoder d;
    nm_error err;
    nm_error_clear(&err);
    CHECK_INT_EQ(nm_decoder_detect(&d, BYTES("%PDF-1.7\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"), "enkat.pdf",
                                   &err),
                 NM_ERR_INPUT);
    CHECK_CONTAINS(err.msg, "binary");
}

static void nul_character_is_located_by_line(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_decoder_force(&d, NM_ENC_UTF8, BYTES("a\nb\nc\0d\n"));
    nm_decoder_feed(&d, BYTES("a\nb\nc\0d\n"), 1, &out);
    CHECK_INT_EQ(d.nul_line, 3);
    nm_buf_free(&out);
}

static void forced_encoding_still_skips_its_bom(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_decoder_force(&d, NM_ENC_UTF16LE, BYTES("\xff\xfe" "x\x00"));
    CHECK_INT_EQ(d.had_bom, 1);
    nm_decoder_feed(&d, BYTES("\xff\xfe" "x\x00"), 1, &out);
    CHECK_STR_EQ(nm_buf_str(&out), "x");
    nm_buf_free(&out);
}

static void forced_windows_1252_reads_valid_utf8_bytes_as_1252(void)
{
    nm_decoder d;
    nm_buf out = {0};
    nm_decoder_force(&d, NM_ENC_CP1252, BYTES("\xc3\xa5"));
    nm_decoder_feed(&d, BYTES("\xc3\xa5"), 1, &out);
    CHECK_STR_EQ(nm_buf_str(&out), "Ã¥");
    nm_buf_free(&out);
}

static void encoding_names_parse_in_any_case(void)
{
    nm_encoding e = NM_ENC_UTF8;
    CHECK_INT_EQ(nm_encoding_parse("Windows-1252", &e), 0);
    CHECK_INT_EQ(e, NM_ENC_CP1252);
    CHECK_INT_EQ(nm_encoding_parse("latin1", &e), 0);
    CHECK_INT_EQ(e, NM_ENC_CP1252);
    CHECK_INT_EQ(nm_encoding_parse("UTF-8", &e), 0);
    CHECK_INT_EQ(e, NM_ENC_UTF8);
    CHECK_INT_EQ(nm_encoding_parse("utf-16be", &e), 0);
    CHECK_INT_EQ(e, NM_ENC_UTF16BE);
    CHECK_INT_EQ(nm_encoding_parse("utf-16le", &e), 0);
    CHECK_INT_EQ(e, NM_ENC_UTF16LE);
    e = NM_ENC_UTF16BE;
    CHECK_INT_EQ(nm_encoding_parse("ebcdic", &e), -1);
    CHECK_INT_EQ(e, NM_ENC_UTF16BE);
}

static void encodings_have_names_for_people(void)
{
    CHECK_STR_EQ(nm_encoding_name(NM_ENC_UTF8), "UTF-8");
    CHECK_STR_EQ(nm_encoding_name(NM_ENC_UTF8_BOM), "UTF-8 with BOM");
    CHECK_STR_EQ(nm_encoding_name(NM_ENC_CP1252), "Windows-1252");
    CHECK_STR_EQ(nm_encoding_name(NM_ENC_UTF16LE), "UTF-16LE");
}

int main(void)
{
    RUN(plain_ascii_is_utf8);
    RUN(utf8_bom_is_detected_and_skipped);
    RUN(utf16le_with_bom_becomes_utf8);
    RUN(utf16be_with_bom_becomes_utf8);
    RUN(utf16le_without_bom_is_recognised_by_its_nuls);
    RUN(utf16_surrogate_pairs_become_one_code_point);
    RUN(utf16_odd_final_byte_becomes_replacement_character);
    RUN(windows_1252_is_detected_from_invalid_utf8);
    RUN(empty_input_is_an_input_error);
    RUN(a_bom_alone_is_an_input_error);
    RUN(a_zip_workbook_is_binary_and_refused);
    RUN(utf8_sequence_split_between_chunks_is_joined);
    RUN(utf16_code_unit_split_between_chunks_is_joined);
    RUN(chunks_of_one_to_three_bytes_decode_as_one_chunk);
    RUN(stray_byte_in_utf8_is_read_as_windows_1252_and_counted);
    RUN(cut_off_utf8_at_the_end_is_read_as_windows_1252);
    RUN(lone_cr_becomes_lf_and_crlf_is_kept);
    RUN(crlf_split_between_chunks_stays_one_line_end);
    RUN(special_bytes_are_seen_at_every_position);
    RUN(byte_order_mark_inside_the_text_is_dropped);
    RUN(one_nul_byte_in_text_is_damage_not_binary);
    RUN(a_pdf_is_binary_and_refused);
    RUN(nul_character_is_located_by_line);
    RUN(forced_encoding_still_skips_its_bom);
    RUN(forced_windows_1252_reads_valid_utf8_bytes_as_1252);
    RUN(encoding_names_parse_in_any_case);
    RUN(encodings_have_names_for_people);
    return check_finish();
}
