/* test_csv_reader.c - CSV exports through nm_read_stream (reader.h): rows,
 * physical line numbers, quoting, encodings and chunk boundaries. */
#include <csv.h>
#include <pthread.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "needmap/reader.h"

#include "check.h"
#include "rows.h"

/* A growable byte string for building large inputs. */
typedef struct bytes {
    char *p;
    size_t n;
} bytes;

static void add(bytes *b, const void *s, size_t n)
{
    char *grown = realloc(b->p, b->n + n + 1);
    if (!grown)
        exit(2);
    b->p = grown;
    memcpy(b->p + b->n, s, n);
    b->n += n;
    b->p[b->n] = '\0';
}

static void add_str(bytes *b, const char *s) { add(b, s, strlen(s)); }

static void add_repeat(bytes *b, char c, size_t n)
{
    char *grown = realloc(b->p, b->n + n + 1); /* one allocation: n may be megabytes */
    if (!grown)
        exit(2);
    b->p = grown;
    memset(b->p + b->n, c, n);
    b->n += n;
    b->p[b->n] = '\0';
}

/* UTF-16 (with BOM) of UTF-8 text holding only BMP characters. */
static bytes utf16(const char *utf8, int big_endian)
{
    bytes b = {0};
    add_str(&b, big_endian ? "\xfe\xff" : "\xff\xfe");
    const unsigned char *s = (const unsigned char *)utf8;
    while (*s) {
        unsigned cp;
        if (*s < 0x80) {
            cp = *s++;
        } else if ((*s & 0xE0) == 0xC0) {
            cp = (unsigned)(s[0] & 0x1F) << 6 | (s[1] & 0x3F);
            s += 2;
        } else {
            cp = (unsigned)(s[0] & 0x0F) << 12 | (unsigned)(s[1] & 0x3F) << 6 | (s[2] & 0x3F);
            s += 3;
        }
        char unit[2] = {(char)(big_endian ? cp >> 8 : cp & 0xFF),
                        (char)(big_endian ? cp & 0xFF : cp >> 8)};
        add(&b, unit, 2);
    }
    return b;
}

static void rows_carry_fields_and_physical_line_numbers(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Yrke;Antal\nArjeplog;Kock;2\nPajala;USK;3\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.info.format, NM_FORMAT_CSV);
    CHECK_INT_EQ(r.info.delimiter, ';');
    CHECK_INT_EQ(r.info.delimiter_detected, 1);
    CHECK_INT_EQ(r.n, 3);
    for (size_t i = 0; i < r.n; i++) {
        CHECK_INT_EQ(r.row[i].kind, NM_ROW_FIELDS);
        CHECK_INT_EQ(r.row[i].line, i + 1);
        CHECK_INT_EQ(r.row[i].end_line, i + 1);
        CHECK_INT_EQ(r.row[i].nfields, 3);
    }
    CHECK_STR_EQ(rows_field(&r, 1, 0), "Arjeplog");
    CHECK_STR_EQ(rows_field(&r, 2, 2), "3");
    CHECK_INT_EQ(r.info.lines, 3);
    CHECK_INT_EQ(r.info.bytes, strlen("Kommun;Yrke;Antal\nArjeplog;Kock;2\nPajala;USK;3\n"));
    /* sha256sum of the same bytes */
    CHECK_STR_EQ(r.info.sha256, "5495baba7a987fe3fa665250782e3931117c0c5fbaeb051e7ba735028b41874f");
    rows_free(&r);
}

static void quoted_line_break_keeps_later_line_numbers_physical(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Kommentar\nPajala;\"rad ett\nrad två\nrad tre\"\nMalå;x\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.row[1].line, 2);
    CHECK_INT_EQ(r.row[1].end_line, 4);
    CHECK_STR_EQ(rows_field(&r, 1, 1), "rad ett\nrad två\nrad tre");
    CHECK_INT_EQ(r.row[2].line, 5);
    CHECK_STR_EQ(rows_field(&r, 2, 0), "Malå");
    CHECK_INT_EQ(r.info.lines, 5);
    rows_free(&r);
}

static void blank_lines_are_blank_rows(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Yrke\n\nPajala;Kock\n  \t \nMalå;USK\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 5);
    static const nm_row_kind want[] = {NM_ROW_FIELDS, NM_ROW_BLANK, NM_ROW_FIELDS, NM_ROW_BLANK,
                                       NM_ROW_FIELDS};
    for (size_t i = 0; i < 5 && i < r.n; i++) {
        CHECK_INT_EQ(r.row[i].kind, want[i]);
        CHECK_INT_EQ(r.row[i].line, i + 1);
    }
    rows_free(&r);
}

static void blank_line_inside_quotes_is_part_of_the_field(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Kommentar\nPajala;\"stycke ett\n\nstycke två\"\nMalå;x\n");
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.row[1].kind, NM_ROW_FIELDS);
    CHECK_STR_EQ(rows_field(&r, 1, 1), "stycke ett\n\nstycke två");
    CHECK_INT_EQ(r.row[2].line, 5);
    rows_free(&r);
}

static void sep_line_is_reported_and_names_the_delimiter(void)
{
    rows r = {0};
    /* Without the sep= line, ',' would look as good as ';'. */
    rows_read_str(&r, "sep=;\nKommun,namn;Yrke\nPajala,x;Kock\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.info.sep_line, 1);
    CHECK_INT_EQ(r.info.delimiter, ';');
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.row[0].kind, NM_ROW_SEP_LINE);
    CHECK_INT_EQ(r.row[0].line, 1);
    CHECK_INT_EQ(r.row[1].line, 2);
    CHECK_STR_EQ(rows_field(&r, 1, 0), "Kommun,namn");
    CHECK_STR_EQ(rows_field(&r, 2, 1), "Kock");
    rows_free(&r);
}

static void crlf_is_kept_inside_quoted_fields_only(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Kommentar\r\nPajala;\"rad ett\r\nrad två\"\r\nMalå;x\r\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 3);
    CHECK_STR_EQ(rows_field(&r, 0, 1), "Kommentar");
    CHECK_STR_EQ(rows_field(&r, 1, 1), "rad ett\r\nrad två");
    CHECK_STR_EQ(rows_field(&r, 2, 1), "x");
    CHECK_INT_EQ(r.row[2].line, 4);
    rows_free(&r);
}

static void old_mac_line_ends_are_lines(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Yrke\rPajala;Kock\rMalå;USK");
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.row[2].line, 3);
    CHECK_STR_EQ(rows_field(&r, 1, 1), "Kock");
    CHECK_STR_EQ(rows_field(&r, 2, 1), "USK");
    rows_free(&r);
}

static void last_line_without_line_end_is_read(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Yrke\nPajala;Kock");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 2);
    CHECK_STR_EQ(rows_field(&r, 1, 1), "Kock");
    CHECK_INT_EQ(r.info.lines, 2);
    rows_free(&r);
}

static void stray_quote_makes_one_malformed_row_and_reading_goes_on(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Yrke;Antal\nPajala;\"Kock\" natt;2\nMalå;USK;3\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.row[1].kind, NM_ROW_MALFORMED);
    CHECK_INT_EQ(r.row[1].line, 2);
    CHECK_INT_EQ(r.row[1].bad_col, 2);
    CHECK(r.row[1].problem && r.row[1].problem[0]);
    CHECK_INT_EQ(r.row[2].kind, NM_ROW_FIELDS);
    CHECK_INT_EQ(r.row[2].line, 3);
    CHECK_STR_EQ(rows_field(&r, 2, 0), "Malå");
    CHECK_STR_EQ(rows_field(&r, 2, 2), "3");
    rows_free(&r);
}

static void quote_inside_an_unquoted_field_is_text_as_in_excel(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Utrustning;Antal\nPajala;24\" skärm;2\nMalå;USK;3\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.row[1].kind, NM_ROW_FIELDS);
    CHECK_STR_EQ(rows_field(&r, 1, 1), "24\" skärm");
    CHECK_STR_EQ(rows_field(&r, 1, 2), "2");
    CHECK_INT_EQ(r.row[2].line, 3);
    rows_free(&r);
}

static void text_after_a_closing_quote_is_malformed(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Yrke\n\"Pajala\"s;Kock\nMalå;USK\n");
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.row[1].kind, NM_ROW_MALFORMED);
    CHECK_INT_EQ(r.row[1].bad_col, 1);
    CHECK_INT_EQ(r.row[2].kind, NM_ROW_FIELDS);
    CHECK_STR_EQ(rows_field(&r, 2, 1), "USK");
    rows_free(&r);
}

static void unterminated_quote_at_end_of_file_is_an_input_error(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Kommentar\nPajala;ok\nMalå;\"öppen\nKiruna;x\n");
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK(strncmp(r.err.msg, "unterminated quoted field (opened at line 3)",
                  strlen("unterminated quoted field (opened at line 3)")) == 0);
    CHECK_STR_EQ(r.err.file, "test.csv");
    CHECK_INT_EQ(r.err.col, 2);
    CHECK(r.err.line >= 3 && r.err.line <= 4);
    /* rows before it stay delivered */
    CHECK(r.n >= 2);
    CHECK_STR_EQ(rows_field(&r, 1, 1), "ok");
    rows_free(&r);
}

static void quoted_delimiters_and_doubled_quotes_stay_in_one_field(void)
{
    rows r = {0};
    rows_read_str(&r, "Företag,Kommun,Övrigt\n\"Bygg & Anläggning, Malå AB\",Malå,"
                      "\"Kräver \"\"CE\"\" och YKB\"\n");
    CHECK_INT_EQ(r.n, 2);
    CHECK_INT_EQ(r.row[1].nfields, 3);
    CHECK_STR_EQ(rows_field(&r, 1, 0), "Bygg & Anläggning, Malå AB");
    CHECK_STR_EQ(rows_field(&r, 1, 2), "Kräver \"CE\" och YKB");
    rows_free(&r);
}

static void trailing_empty_fields_are_kept(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;Yrke;;\nPajala;Kock;;\n");
    CHECK_INT_EQ(r.n, 2);
    CHECK_INT_EQ(r.row[1].nfields, 4);
    CHECK_STR_EQ(rows_field(&r, 1, 3), "");
    CHECK_INT_EQ(r.row[1].lens[3], 0);
    rows_free(&r);
}

static void given_delimiter_overrides_detection(void)
{
    rows r = {0};
    nm_read_opts o = {.delimiter = ','};
    const char *text = "Kommun;Yrke,Antal\nPajala;Kock,2\nMalå;USK,3\n";
    rows_read_opts(&r, text, strlen(text), &o);
    CHECK_INT_EQ(r.info.delimiter, ',');
    CHECK_INT_EQ(r.info.delimiter_detected, 0);
    CHECK_STR_EQ(rows_field(&r, 1, 0), "Pajala;Kock");
    CHECK_STR_EQ(rows_field(&r, 1, 1), "2");
    rows_free(&r);
}

static void callback_can_stop_the_reading(void)
{
    rows r = {.stop_after = 2};
    rows_read_str(&r, "Kommun;Yrke\nPajala;Kock\nMalå;USK\nKiruna;USK\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 2);
    /* the checksum still covers the whole input */
    CHECK_STR_EQ(r.info.sha256, "073cfeaa6618ec41f1f151d7263d473051d4230c5deded5a5004f9b713e924a2");
    rows_free(&r);
}

static void empty_file_is_an_input_error(void)
{
    rows r = {0};
    rows_read(&r, "", 0);
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_INT_EQ(r.n, 0);
    CHECK_CONTAINS(r.err.msg, "empty");
    rows_free(&r);
}

static void field_split_across_the_64k_chunk_boundary_is_whole(void)
{
    bytes b = {0};
    add_str(&b, "Kommun;Kommentar\nPajala;");
    add_repeat(&b, 'x', 70000);
    add_str(&b, "\nMalå;slut\n");
    rows r = {0};
    rows_read(&r, b.p, b.n);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.n >= 2 ? r.row[1].lens[1] : 0, 70000);
    CHECK(r.n >= 2 && strspn(rows_field(&r, 1, 1), "x") == 70000);
    CHECK_INT_EQ(r.n >= 3 ? r.row[2].line : 0, 3);
    CHECK_STR_EQ(rows_field(&r, 2, 0), "Malå");
    CHECK_INT_EQ(r.info.bytes, b.n);
    CHECK_STR_EQ(r.info.sha256, "780466ac8bc3fd584ff253cc839e402ee085190899949f3c4af51cf231708a0d");
    rows_free(&r);
    free(b.p);
}

static void quoted_line_break_and_letter_across_the_chunk_boundary(void)
{
    bytes b = {0};
    add_str(&b, "Kommun;Kommentar\nPajala;\"");
    /* put the two bytes of "å" at offsets 65535 and 65536 */
    size_t fill = NM_READ_CHUNK - 1 - b.n;
    add_repeat(&b, 'y', fill);
    add_str(&b, "å\nzz\"\nMalå;x\n");
    rows r = {0};
    rows_read(&r, b.p, b.n);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.info.dec.fallback_bytes, 0);
    CHECK_INT_EQ(r.n >= 2 ? r.row[1].lens[1] : 0, fill + strlen("å\nzz"));
    CHECK(r.n >= 2 && strcmp(rows_field(&r, 1, 1) + fill, "å\nzz") == 0);
    CHECK_INT_EQ(r.n >= 2 ? r.row[1].end_line : 0, 3);
    CHECK_INT_EQ(r.n >= 3 ? r.row[2].line : 0, 4);
    CHECK_STR_EQ(rows_field(&r, 2, 0), "Malå");
    rows_free(&r);
    free(b.p);
}

static void utf16le_with_bom_is_read(void)
{
    bytes b = utf16("Svars-ID\tKommun\tUndersköterska\r\n101\tÅsele\t3\r\n", 0);
    rows r = {0};
    rows_read(&r, b.p, b.n);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.info.dec.enc, NM_ENC_UTF16LE);
    CHECK_INT_EQ(r.info.dec.had_bom, 1);
    CHECK_INT_EQ(r.info.delimiter, '\t');
    CHECK_INT_EQ(r.n, 2);
    CHECK_STR_EQ(rows_field(&r, 0, 0), "Svars-ID");
    CHECK_STR_EQ(rows_field(&r, 0, 2), "Undersköterska");
    CHECK_STR_EQ(rows_field(&r, 1, 1), "Åsele");
    CHECK_STR_EQ(rows_field(&r, 1, 2), "3");
    CHECK_INT_EQ(r.n >= 2 ? r.row[1].line : 0, 2);
    rows_free(&r);
    free(b.p);
}

static void utf16be_with_bom_is_read(void)
{
    bytes b = utf16("Kommun;Yrke\nÖverkalix;Kock\n", 1);
    rows r = {0};
    rows_read(&r, b.p, b.n);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.info.dec.enc, NM_ENC_UTF16BE);
    CHECK_INT_EQ(r.n, 2);
    CHECK_STR_EQ(rows_field(&r, 1, 0), "Överkalix");
    rows_free(&r);
    free(b.p);
}

static void nul_character_stops_reading_with_an_input_error(void)
{
    bytes b = utf16("Kommun;Yrke\nPajala;Kock\nMal", 0);
    add(&b, "\0\0", 2); /* U+0000 */
    add(&b, "a\0\n\0", 4);
    rows r = {0};
    rows_read(&r, b.p, b.n);
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_INT_EQ(r.err.line, 3);
    CHECK_CONTAINS(r.err.msg, "NUL");
    rows_free(&r);
    free(b.p);
}

static void windows_1252_bytes_become_utf8(void)
{
    rows r = {0};
    rows_read_str(&r, "Kommun;F\xf6rvaltning;Antal\n\xc5sele;Socialf\xf6rvaltningen;2\x96" "4\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.info.dec.enc, NM_ENC_CP1252);
    CHECK_STR_EQ(rows_field(&r, 0, 1), "Förvaltning");
    CHECK_STR_EQ(rows_field(&r, 1, 0), "Åsele");
    CHECK_STR_EQ(rows_field(&r, 1, 1), "Socialförvaltningen");
    CHECK_STR_EQ(rows_field(&r, 1, 2), "2–4");
    rows_free(&r);
}

static void utf8_bom_is_not_part_of_the_first_header(void)
{
    rows r = {0};
    rows_read_str(&r, "\xef\xbb\xbf" "Företag,Kommun\nMalå Gruvteknik AB,Malå\n");
    CHECK_INT_EQ(r.info.dec.enc, NM_ENC_UTF8_BOM);
    CHECK_STR_EQ(rows_field(&r, 0, 0), "Företag");
    CHECK_INT_EQ(r.n >= 1 ? r.row[0].lens[0] : 0, strlen("Företag"));
    rows_free(&r);
}

static void utf8_stray_byte_after_the_first_chunk_is_counted_as_fallback(void)
{
    bytes b = {0};
    add_str(&b, "Kommun;Yrke\n");
    for (int i = 0; i < 5000; i++)
        add_str(&b, "Malå;Undersköterska\n"); /* 22 bytes a line: past 64 KiB */
    add_str(&b, "Pite\xe5;Kock\n");           /* line 5002 */
    rows r = {0};
    rows_read(&r, b.p, b.n);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.info.dec.enc, NM_ENC_UTF8);
    CHECK_INT_EQ(r.info.dec.fallback_bytes, 1);
    CHECK_INT_EQ(r.info.dec.fallback_line, 5002);
    CHECK_INT_EQ(r.n, 5002);
    CHECK_STR_EQ(rows_field(&r, 5001, 0), "Piteå");
    CHECK_STR_EQ(rows_field(&r, 5000, 0), "Malå");
    rows_free(&r);
    free(b.p);
}

static void utf8_stray_byte_in_a_small_file_keeps_the_utf8_text(void)
{
    /* A UTF-8 export with one cell pasted from an old sheet: the UTF-8 text
     * must stay UTF-8 and the one stray byte be read as Windows-1252. */
    rows r = {0};
    rows_read_str(&r, "Kommun;Yrke\nÅsele;Undersköterska\nPite\xe5;Kock\n");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.info.dec.enc, NM_ENC_UTF8);
    CHECK_STR_EQ(rows_field(&r, 1, 0), "Åsele");
    CHECK_STR_EQ(rows_field(&r, 1, 1), "Undersköterska");
    CHECK_STR_EQ(rows_field(&r, 2, 0), "Piteå");
    CHECK_INT_EQ(r.info.dec.fallback_bytes, 1);
    CHECK_INT_EQ(r.info.dec.fallback_line, 3);
    rows_free(&r);
}

/* A long quoted field (17 MiB, over every limit, but on one line, so it
 * closes) must not make a later quoted line break look unterminated: its
 * row is refused as too long and the reading goes on with the next row. */
static void long_field_then_quoted_line_break_reads_to_the_end(void)
{
    bytes b = {0};
    add_str(&b, "kommun,yrke,kommentar\n2506,2221,\"");
    add_repeat(&b, 'x', 17u << 20);
    add_str(&b, "\"\n2506,2221,\"two\nlines\"\n2506,5321,ok\n");
    rows r = {0};
    rows_read(&r, b.p, b.n);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 4);
    if (r.n == 4) {
        CHECK_INT_EQ(r.row[1].kind, NM_ROW_MALFORMED);
        CHECK_INT_EQ(r.row[1].bad_col, 3);
        CHECK_CONTAINS(r.row[1].problem, "field is longer than 1 MiB (17.0 MiB)");
        CHECK_INT_EQ(r.row[2].line, 3);
        CHECK_INT_EQ(r.row[2].end_line, 4);
        CHECK_STR_EQ(r.row[3].fields[1], "5321");
    }
    rows_free(&r);
    free(b.p);
}

/* A mapping that forces UTF-8 on a file holding only a BOM: no text at all
 * (this crashed: the reader wrote through a NULL buffer). */
static void forced_utf8_on_a_file_holding_only_a_bom_is_an_input_error(void)
{
    nm_read_opts opts = {.force_encoding = 1, .encoding = NM_ENC_UTF8};
    rows r = {0};
    rows_read_opts(&r, "\xef\xbb\xbf", 3, &opts);
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_CONTAINS(r.err.msg, "only a byte-order mark");
    CHECK_INT_EQ(r.n, 0);
    rows_free(&r);
}

/* Binary data is refused at its first chunk, and nothing more is read,
 * not even to finish the checksum: /dev/zero would never end. */
static void binary_input_is_read_no_further_than_its_first_chunk(void)
{
    size_t n = 1u << 20;
    char *zeros = calloc(n, 1);
    rows r = {0};
    rows_read(&r, zeros, n);
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_CONTAINS(r.err.msg, "binary");
    CHECK_INT_EQ(r.info.bytes, NM_READ_CHUNK);
    CHECK_INT_EQ(strlen(r.info.sha256), 64); /* of the bytes read */
    rows_free(&r);
    free(zeros);
}

/* A writer thread for a pipe: writes len bytes, then closes its end (or
 * gives up when the reader closed its own). */
typedef struct pipe_writer {
    int fd;
    const char *data;
    size_t len;
} pipe_writer;

static void *write_pipe(void *arg)
{
    pipe_writer *w = arg;
    for (size_t at = 0; at < w->len;) {
        ssize_t k = write(w->fd, w->data + at, w->len - at);
        if (k <= 0)
            break; /* EPIPE: the reader stopped */
        at += (size_t)k;
    }
    close(w->fd);
    return NULL;
}

/* Read data through a pipe, as standard input or a FIFO would give it. */
static void rows_read_pipe(rows *r, const char *data, size_t len)
{
    int fds[2];
    pthread_t t;
    signal(SIGPIPE, SIG_IGN);
    if (pipe(fds) != 0)
        exit(2);
    pipe_writer w = {fds[1], data, len};
    pthread_create(&t, NULL, write_pipe, &w);
    FILE *f = fdopen(fds[0], "rb");
    nm_error_clear(&r->err);
    r->status = nm_read_stream(f, "-", NULL, rows_collect, r, &r->info, &r->err);
    fclose(f);
    pthread_join(t, NULL);
}

/* A pipe (or a device) may never end: once its reading stops, on an error
 * or because the caller had enough, nothing more is read from it just to
 * finish the checksum.  A file is still hashed to its end. */
static void a_pipe_is_read_no_further_once_reading_stops(void)
{
    bytes b = {0};
    add(&b, "Kommun;Yrke\nPajala;Ko\0ck\n", 25);
    add_repeat(&b, 'x', 4u << 20);
    rows r = {0};
    rows_read_pipe(&r, b.p, b.n);
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_CONTAINS(r.err.msg, "NUL");
    CHECK(r.info.bytes < b.n);
    rows_free(&r);

    rows stopped = {.stop_after = 1};
    rows_read_pipe(&stopped, b.p, b.n);
    CHECK_INT_EQ(stopped.n, 1);
    CHECK(stopped.info.bytes < b.n);
    rows_free(&stopped);

    rows file = {0};
    rows_read(&file, b.p, b.n);
    CHECK_INT_EQ(file.info.bytes, b.n);
    rows_free(&file);
    free(b.p);
}

/* The rows of the reading of text with `pad` preamble bytes in front (so
 * that its chunks end elsewhere), with the preamble row dropped. */
static void read_shifted(rows *r, const bytes *text, size_t pad)
{
    bytes b = {0};
    add_repeat(&b, 'p', pad);
    add_str(&b, "\n");
    add(&b, text->p, text->n);
    nm_read_opts opts = {.delimiter = ';'};
    rows_read_opts(r, b.p, b.n, &opts);
    free(b.p);
}

/* A field over NM_FIELD_MAX refuses its row, naming the field; the next
 * rows are read with their own line numbers.  Unquoted or quoted, with
 * line breaks and doubled quotes, shorter or longer than a row may be
 * (then it is read past, not kept), and wherever the 64 KiB chunks end. */
static void a_field_over_the_limit_refuses_its_row_and_reading_goes_on(void)
{
    static const struct { size_t len; int quoted; } cases[] = {
        {(1u << 20) + 1, 0}, {(1u << 20) + 1, 1}, {(3u << 20), 1}, {(6u << 20), 0},
        {(6u << 20) + 7, 1}};
    for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
        bytes b = {0};
        add_str(&b, "Kommun;Yrke;Kommentar;Antal\nPajala;Kock;kort;2\nPajala;USK;");
        add_str(&b, cases[c].quoted ? "\"a \"\"b\"\"\n" : "");
        add_repeat(&b, 'x', cases[c].len - (cases[c].quoted ? 6 : 0)); /* a "b"\n: 6 */
        add_str(&b, cases[c].quoted ? "\";3\nMalå;\"två\nrader\";ok;4\n" : ";3\nMalå;Kock;ok;4\n");
        uint64_t last = cases[c].quoted ? 5 : 4; /* the long row's last line */
        for (size_t pad = 0; pad < 3; pad++) {
            rows r = {0};
            read_shifted(&r, &b, pad * 40000);
            CHECK_INT_EQ(r.status, NM_OK);
            CHECK_INT_EQ(r.n, 5);
            if (r.n == 5) {
                CHECK_INT_EQ(r.row[3].kind, NM_ROW_MALFORMED);
                CHECK_INT_EQ(r.row[3].line, 4);
                CHECK_INT_EQ(r.row[3].end_line, last);
                CHECK_INT_EQ(r.row[3].bad_col, 3);
                CHECK_CONTAINS(r.row[3].problem, "field is longer than 1 MiB");
                CHECK_INT_EQ(r.row[4].kind, NM_ROW_FIELDS);
                CHECK_INT_EQ(r.row[4].line, last + 1);
                CHECK_STR_EQ(rows_field(&r, 4, 3), "4");
                CHECK_STR_EQ(rows_field(&r, 4, 0), "Malå");
            }
            rows_free(&r);
        }
        free(b.p);
    }
    bytes max = {0}; /* a field of NM_FIELD_MAX bytes is read */
    add_str(&max, "Kommun;Kommentar\nPajala;\"");
    add_repeat(&max, 'x', NM_FIELD_MAX);
    add_str(&max, "\"\n");
    rows r = {0};
    rows_read(&r, max.p, max.n);
    CHECK_INT_EQ(r.n == 2 ? r.row[1].lens[1] : 0, NM_FIELD_MAX);
    rows_free(&r);
    free(max.p);
}

/* A row over NM_ROW_MAX whose fields are each short enough is refused as
 * a row (no field named); a quoted field that never closes is still an
 * unterminated quote. */
static void a_row_over_the_limit_is_refused_and_an_open_quote_still_found(void)
{
    bytes b = {0};
    add_str(&b, "Kommun;Yrke;Kommentar\n");
    for (int i = 0; i < 5; i++) {
        add_str(&b, "Pajala;");
        add_repeat(&b, 'y', 900u << 10);
    }
    add_str(&b, "\nMalå;Kock;ok\n");
    rows r = {0};
    rows_read(&r, b.p, b.n);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 3);
    CHECK_INT_EQ(r.n == 3 ? r.row[1].kind : 0, NM_ROW_MALFORMED);
    CHECK_INT_EQ(r.n == 3 ? r.row[1].bad_col : 9, 0);
    /* 5 x (7 + 900 KiB) + LF = 4,608,036 bytes: 4501 KiB, rounded up */
    CHECK_CONTAINS(r.n == 3 ? r.row[1].problem : "", "row is longer than 4 MiB (4501 KiB)");
    CHECK_STR_EQ(rows_field(&r, 2, 0), "Malå");
    rows_free(&r);
    free(b.p);

    bytes open = {0}; /* 5 MiB on 5,000 lines, read past to the end */
    add_str(&open, "Kommun;Kommentar\nPajala;\"");
    for (int i = 0; i < 5000; i++) {
        add_repeat(&open, 'z', 1023);
        add_str(&open, "\n");
    }
    rows u = {0};
    rows_read(&u, open.p, open.n);
    CHECK_INT_EQ(u.status, NM_ERR_INPUT);
    CHECK_CONTAINS(u.err.msg, "unterminated quoted field (opened at line 2)");
    CHECK_INT_EQ(u.err.col, 2);
    rows_free(&u);
    free(open.p);
}

/* NM_COLUMNS_MAX fields are read; one more refuses the row. */
static void a_row_of_more_than_16384_fields_is_refused(void)
{
    for (int quoted = 0; quoted < 2; quoted++) {
        bytes b = {0};
        add_str(&b, "Kommun;Yrke\n");
        add_str(&b, quoted ? "\"a\"" : "a");
        add_repeat(&b, ';', NM_COLUMNS_MAX - 1);
        add_str(&b, "\nb");
        add_repeat(&b, ';', NM_COLUMNS_MAX);
        add_str(&b, quoted ? "\"c\"\nMalå;Kock\n" : "c\nMalå;Kock\n");
        rows r = {0};
        nm_read_opts opts = {.delimiter = ';'};
        rows_read_opts(&r, b.p, b.n, &opts);
        CHECK_INT_EQ(r.n, 4);
        if (r.n == 4) {
            CHECK_INT_EQ(r.row[1].kind, NM_ROW_FIELDS);
            CHECK_INT_EQ(r.row[1].nfields, NM_COLUMNS_MAX);
            CHECK_INT_EQ(r.row[2].kind, NM_ROW_MALFORMED);
            CHECK_INT_EQ(r.row[2].bad_col, NM_COLUMNS_MAX + 1);
            CHECK_CONTAINS(r.row[2].problem, "more than 16384 fields");
            CHECK_STR_EQ(rows_field(&r, 3, 1), "Kock");
        }
        rows_free(&r);
        free(b.p);
    }
}

/* libcsv's fields of one line, parsed as the reader sets libcsv up. */
typedef struct lib_fields {
    char f[64][64];
    size_t n;
} lib_fields;

static void lib_field(void *data, size_t len, void *ctx)
{
    lib_fields *l = ctx;
    if (l->n < 64)
        snprintf(l->f[l->n++], 64, "%.*s", (int)len, data ? (const char *)data : "");
}

static int only_space(unsigned char c) { return c == CSV_SPACE; }

/* 0 when strict libcsv finds the line malformed. */
static int lib_split_opts(const char *line, size_t n, char delim, int opts, lib_fields *out)
{
    struct csv_parser p;
    memset(out, 0, sizeof *out);
    csv_init(&p, (unsigned char)opts);
    csv_set_delim(&p, (unsigned char)delim);
    if (delim == '\t')
        csv_set_space_func(&p, only_space);
    int ok = csv_parse(&p, line, n, lib_field, NULL, out) == n &&
             csv_fini(&p, lib_field, NULL, out) == 0;
    csv_free(&p);
    return ok;
}

static void lib_split(const char *line, size_t n, char delim, lib_fields *out)
{
    lib_split_opts(line, n, delim, CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL, out);
}

/* 400 seeded lines for one delimiter, each ended by LF or CR LF at
 * random, and the reader's rows of them.  make writes a line (NUL-ended)
 * and returns 0 when it is not wanted (it is made again). */
typedef struct line_set {
    char lines[400][200];
    size_t n;
    rows r;
} line_set;

typedef int (*line_maker)(unsigned long long *seed, char delim, char *line);

static unsigned long long next_seed(unsigned long long *seed)
{
    return *seed = *seed * 6364136223846793005ULL + 1442695040888963407ULL;
}

static void read_lines(line_set *ls, char delim, unsigned long long *seed, line_maker make)
{
    bytes text = {0};
    memset(ls, 0, sizeof *ls);
    while (ls->n < 400) {
        char line[200];
        if (!make(seed, delim, line))
            continue;
        snprintf(ls->lines[ls->n++], sizeof ls->lines[0], "%s", line);
        add_str(&text, line);
        add_str(&text, next_seed(seed) >> 63 ? "\r\n" : "\n");
    }
    nm_read_opts o = {.delimiter = delim};
    rows_read_opts(&ls->r, text.p, text.n, &o);
    free(text.p);
}

/* A row of fields equal to libcsv's. */
static int same_fields(const got_row *row, const lib_fields *l)
{
    int eq = row->kind == NM_ROW_FIELDS && row->nfields == l->n;
    for (size_t k = 0; eq && k < l->n; k++)
        eq = strcmp(row->fields[k], l->f[k]) == 0;
    return eq;
}

/* Letters, spaces, tabs and delimiters; blank lines (rows of their own
 * kind) are not wanted. */
static int plain_line(unsigned long long *seed, char delim, char *line)
{
    static const char *const bits[] = {"a", "b", "\xc3\xa5", " ", "  ", "\t", ",", ";", "|", "7"};
    size_t len = 0, parts = (size_t)(next_seed(seed) >> 60);
    (void)delim;
    for (size_t k = 0; k < parts; k++) {
        const char *b = bits[(next_seed(seed) >> 33) % 10];
        memcpy(line + len, b, strlen(b));
        len += strlen(b);
    }
    line[len] = '\0';
    return strspn(line, " \t") != len;
}

/* Rows on one line without quotes skip libcsv (csv_reader.c, split in
 * place): on seeded random lines of letters, spaces, tabs, delimiters and
 * CR LF ends, the reader's fields must be exactly libcsv's, for every
 * delimiter. */
static void plain_lines_split_exactly_as_libcsv_splits_them(void)
{
    static const char delims[] = {',', ';', '\t', '|'};
    static line_set ls;
    unsigned long long seed = 3;
    for (size_t di = 0; di < sizeof delims; di++) {
        read_lines(&ls, delims[di], &seed, plain_line);
        CHECK_INT_EQ(ls.r.n, ls.n);
        size_t same = 0;
        for (size_t i = 0; i < ls.n && i < ls.r.n; i++) {
            lib_fields l;
            lib_split(ls.lines[i], strlen(ls.lines[i]), delims[di], &l);
            same += (size_t)same_fields(&ls.r.row[i], &l);
        }
        CHECK_INT_EQ(same, ls.n);
        rows_free(&ls.r);
    }
}

/* 1 when libcsv, left to itself, would leave a quoted field open at the
 * line's end (the row would go on to the next line). */
static int ends_inside_quotes(const char *line, size_t n, char delim)
{
    struct csv_parser p;
    csv_init(&p, 0);
    csv_set_delim(&p, (unsigned char)delim);
    if (delim == '\t')
        csv_set_space_func(&p, only_space);
    csv_parse(&p, line, n, NULL, NULL, NULL);
    int open = p.pstate != 0 && p.quoted;
    csv_free(&p);
    return open;
}

/* Whole fields, mostly regular (the last five are irregular: 1 in 8),
 * between delimiters (now and then another delimiter's character, which
 * is text); blank lines and lines that leave a quoted field open (the row
 * would go on to the next line) are not wanted. */
static int quoted_line(unsigned long long *seed, char delim, char *line)
{
    static const char *const fields[] = {"", "a", " b c ", "\xc3\xa5", "\"x,y\"", " \"q\"\"r\" ",
                                         "\"\"", "\"\t;|\"", "\t\"s\"", "\"\"\"\"",
                                         "\"", "x\"y", "\"a\"b", "\"c\" ", "\"\"\""};
    size_t len = 0, parts = 1 + (size_t)(next_seed(seed) >> 61);
    for (size_t k = 0; k < parts; k++) {
        unsigned long long r = next_seed(seed);
        size_t pick = (size_t)(r >> 33) % 40;
        const char *f = fields[pick < 35 ? pick % 10 : pick - 25];
        if (k)
            line[len++] = (r >> 20) % 8 ? delim : ",;|\t"[(r >> 24) % 4];
        memcpy(line + len, f, strlen(f));
        len += strlen(f);
    }
    line[len] = '\0';
    return strspn(line, " \t") != len && !ends_inside_quotes(line, len, delim);
}

/* 1 when a field of the line begins with a quote (after a delimiter and
 * spaces): the reader then has libcsv parse it strictly. */
static int opens_a_quoted_field(const char *line, char delim)
{
    for (const char *c = line; *c; c++) {
        const char *f = c;
        while (*f == ' ' || (*f == '\t' && delim != '\t'))
            f++;
        if (*f == '"' && (c == line || c[-1] == delim))
            return 1;
    }
    return 0;
}

/* Rows on one line whose quotes are regular skip libcsv too (csv_reader.c,
 * simple_row): on seeded random lines of letters, spaces, delimiters,
 * quotes and doubled quotes, each row must be libcsv's - its fields
 * (strict libcsv when a field begins with a quote, as the reader sets it
 * up, else quotes are text), or one malformed row where strict libcsv
 * stops. */
static void quoted_lines_split_exactly_as_libcsv_splits_them(void)
{
    static const char delims[] = {',', ';', '\t', '|'};
    static line_set ls;
    unsigned long long seed = 5;
    size_t malformed = 0, quoted = 0;
    for (size_t di = 0; di < sizeof delims; di++) {
        read_lines(&ls, delims[di], &seed, quoted_line);
        CHECK_INT_EQ(ls.r.n, ls.n);
        size_t same = 0;
        for (size_t i = 0; i < ls.n && i < ls.r.n; i++) {
            lib_fields l;
            int strict = opens_a_quoted_field(ls.lines[i], delims[di]);
            int ok = lib_split_opts(ls.lines[i], strlen(ls.lines[i]), delims[di],
                                    strict ? CSV_STRICT | CSV_STRICT_FINI | CSV_APPEND_NULL
                                           : CSV_APPEND_NULL, &l);
            int eq = ok ? same_fields(&ls.r.row[i], &l) : ls.r.row[i].kind == NM_ROW_MALFORMED;
            malformed += (size_t)(eq && !ok);
            quoted += (size_t)(eq && ok && strict);
            if (!eq)
                fprintf(stderr, "  line %zu differs: [%s]\n", i + 1, ls.lines[i]);
            same += (size_t)eq;
        }
        CHECK_INT_EQ(same, ls.n);
        rows_free(&ls.r);
    }
    /* the lines cover both outcomes, not only one */
    CHECK(malformed > 100);
    CHECK(quoted > 300);
}

int main(void)
{
    RUN(rows_carry_fields_and_physical_line_numbers);
    RUN(quoted_line_break_keeps_later_line_numbers_physical);
    RUN(blank_lines_are_blank_rows);
    RUN(blank_line_inside_quotes_is_part_of_the_field);
    RUN(sep_line_is_reported_and_names_the_delimiter);
    RUN(crlf_is_kept_inside_quoted_fields_only);
    RUN(old_mac_line_ends_are_lines);
    RUN(last_line_without_line_end_is_read);
    RUN(stray_quote_makes_one_malformed_row_and_reading_goes_on);
    RUN(quote_inside_an_unquoted_field_is_text_as_in_excel);
    RUN(text_after_a_closing_quote_is_malformed);
    RUN(unterminated_quote_at_end_of_file_is_an_input_error);
    RUN(quoted_delimiters_and_doubled_quotes_stay_in_one_field);
    RUN(trailing_empty_fields_are_kept);
    RUN(given_delimiter_overrides_detection);
    RUN(callback_can_stop_the_reading);
    RUN(empty_file_is_an_input_error);
    RUN(field_split_across_the_64k_chunk_boundary_is_whole);
    RUN(quoted_line_break_and_letter_across_the_chunk_boundary);
    RUN(utf16le_with_bom_is_read);
    RUN(utf16be_with_bom_is_read);
    RUN(nul_character_stops_reading_with_an_input_error);
    RUN(windows_1252_bytes_become_utf8);
    RUN(utf8_bom_is_not_part_of_the_first_header);
    RUN(utf8_stray_byte_after_the_first_chunk_is_counted_as_fallback);
    RUN(utf8_stray_byte_in_a_small_file_keeps_the_utf8_text);
    RUN(plain_lines_split_exactly_as_libcsv_splits_them);
    RUN(quoted_lines_split_exactly_as_libcsv_splits_them);
    RUN(long_field_then_quoted_line_break_reads_to_the_end);
    RUN(forced_utf8_on_a_file_holding_only_a_bom_is_an_input_error);
    RUN(binary_input_is_read_no_further_than_its_first_chunk);
    RUN(a_pipe_is_read_no_further_once_reading_stops);
    RUN(a_field_over_the_limit_refuses_its_row_and_reading_goes_on);
    RUN(a_row_over_the_limit_is_refused_and_an_open_quote_still_found);
    RUN(a_row_of_more_than_16384_fields_is_refused);
    return check_finish();
}
