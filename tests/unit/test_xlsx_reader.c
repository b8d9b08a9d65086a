/* test_xlsx_reader.c - .xlsx workbooks through nm_read_stream (reader.h):
 * cells of every type, gaps, sheets, limits, and the files that are not
 * workbooks needmap can read.  Each workbook is written here with libzip,
 * its XML parts as text. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <zip.h>

#include "needmap/buf.h"
#include "needmap/reader.h"

#include "check.h"
#include "rows.h"
#include "tmp.h"

#define NS "xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" " \
           "xmlns:r=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships\""
#define REL "http://schemas.openxmlformats.org/officeDocument/2006/relationships/"
#define PKG "xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\""

typedef struct part {
    const char *name;
    const char *text;
    size_t len;          /* 0: strlen(text) */
} part;

/* A zip of the parts, in a new temporary file; returns its path. */
static char *zip_parts(const part *parts, size_t n)
{
    char *path = tmp_file("", 0);
    int zerr;
    zip_t *z = zip_open(path, ZIP_CREATE | ZIP_TRUNCATE, &zerr);
    if (!z) {
        fprintf(stderr, "zip_open %s: %d\n", path, zerr);
        exit(2);
    }
    for (size_t i = 0; i < n; i++) {
        size_t len = parts[i].len ? parts[i].len : strlen(parts[i].text);
        zip_source_t *src = zip_source_buffer(z, parts[i].text, len, 0);
        if (!src || zip_file_add(z, parts[i].name, src, ZIP_FL_OVERWRITE) < 0) {
            fprintf(stderr, "zip_file_add %s: %s\n", parts[i].name, zip_strerror(z));
            exit(2);
        }
    }
    if (zip_close(z) != 0) {
        fprintf(stderr, "zip_close: %s\n", zip_strerror(z));
        exit(2);
    }
    return path;
}

static const char top_rels[] =
    "<Relationships " PKG "><Relationship Id=\"rId1\" Type=\"" REL "officeDocument\" "
    "Target=\"xl/workbook.xml\"/></Relationships>";

static const char styles[] =
    "<styleSheet " NS "><numFmts count=\"1\"><numFmt numFmtId=\"164\" "
    "formatCode=\"[$-41D]d\\ mmmm\\ yyyy;@\"/></numFmts>"
    "<cellStyleXfs count=\"1\"><xf numFmtId=\"14\"/></cellStyleXfs>"
    "<cellXfs count=\"4\"><xf numFmtId=\"0\"/><xf numFmtId=\"14\"/><xf numFmtId=\"164\"/>"
    "<xf numFmtId=\"4\"/></cellXfs></styleSheet>";

/* A workbook of one sheet "Svar" with these shared strings (the <si>
 * elements, or NULL: no shared strings part) and sheetData rows. */
static char *book(const char *sst, const char *rows_xml)
{
    nm_buf sheet = {0}, strings = {0};
    nm_buf_printf(&sheet, "<worksheet " NS "><dimension ref=\"A1\"/><sheetData>%s</sheetData>"
                  "<mergeCells count=\"1\"><mergeCell ref=\"A1:B1\"/></mergeCells></worksheet>",
                  rows_xml);
    nm_buf_printf(&strings, "<sst " NS ">%s</sst>", sst ? sst : "");
    part parts[] = {
        {"[Content_Types].xml", "<Types/>", 0},
        {"_rels/.rels", top_rels, 0},
        {"xl/workbook.xml", "<workbook " NS "><sheets><sheet name=\"Svar\" sheetId=\"1\" "
                            "r:id=\"rId1\"/></sheets></workbook>", 0},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships " PKG "><Relationship Id=\"rId1\" Type=\"" REL "worksheet\" "
         "Target=\"worksheets/sheet1.xml\"/><Relationship Id=\"rId2\" Type=\"" REL "styles\" "
         "Target=\"/xl/styles.xml\"/><Relationship Id=\"rId3\" Type=\"" REL "sharedStrings\" "
         "Target=\"sharedStrings.xml\"/></Relationships>", 0},
        {"xl/styles.xml", styles, 0},
        {"xl/worksheets/sheet1.xml", sheet.data, 0},
        {"xl/sharedStrings.xml", strings.data, 0},
    };
    char *path = zip_parts(parts, sst ? 7 : 6);
    nm_buf_free(&sheet);
    nm_buf_free(&strings);
    return path;
}

/* Read the file at path as "book.xlsx". */
static void read_path(rows *r, const char *path, const nm_read_opts *opts)
{
    FILE *f = fopen(path, "rb");
    if (!f) {
        perror(path);
        exit(2);
    }
    nm_error_clear(&r->err);
    r->status = nm_read_stream(f, "book.xlsx", opts, rows_collect, r, &r->info, &r->err);
    fclose(f);
}

static void read_book(rows *r, const char *sst, const char *rows_xml)
{
    char *path = book(sst, rows_xml);
    read_path(r, path, NULL);
    tmp_file_remove(path);
}

static void cells_of_every_type_become_the_text_excel_shows(void)
{
    rows r = {0};
    read_book(&r, "<si><t>Kommun</t></si><si><t xml:space=\"preserve\"> Kock </t></si>",
              "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
              "<c r=\"C1\"><v>3</v></c><c r=\"D1\"><v>0.10000000000000001</v></c>"
              "<c r=\"E1\" t=\"n\"><v>2.5</v></c><c r=\"F1\" t=\"b\"><v>1</v></c>"
              "<c r=\"G1\" t=\"inlineStr\"><is><t>Malå</t></is></c>"
              "<c r=\"H1\" t=\"str\"><f>A1&amp;\"\"</f><v>Kommun</v></c>"
              "<c r=\"I1\" t=\"e\"><v>#N/A</v></c><c r=\"J1\" s=\"3\"><v>1200</v></c>"
              "<c r=\"K1\"><v>1.234</v></c><c r=\"L1\" t=\"b\"><v>0</v></c></row>");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.info.format, NM_FORMAT_XLSX);
    CHECK_STR_EQ(r.info.sheet, "Svar");
    CHECK_INT_EQ(r.n, 1);
    CHECK_INT_EQ(r.n ? r.row[0].nfields : 0, 12);
    CHECK_INT_EQ(r.n ? r.row[0].line : 0, 1);
    const char *want[] = {"Kommun", " Kock ", "3", "0.1", "2.5", "TRUE", "Malå", "Kommun",
                          "#N/A", "1200", "1.2340", "FALSE"};
    for (size_t k = 0; k < 12; k++)
        CHECK_STR_EQ(rows_field(&r, 0, k), want[k]);
    rows_free(&r);
}

static void cells_left_out_are_empty_and_rows_keep_their_numbers(void)
{
    rows r = {0};
    read_book(&r, "<si><t>x</t></si>",
              "<row r=\"2\" hidden=\"1\"><c r=\"B2\" t=\"s\"><v>0</v></c>"
              "<c r=\"D2\"><v>7</v></c><c r=\"E2\" s=\"1\"/></row>"
              "<row r=\"5\"/>"
              "<row r=\"9\"><c r=\"A9\"><v>1</v></c></row>"
              "<row><c><v>2</v></c><c><v>3</v></c></row>");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 4);
    CHECK_INT_EQ(r.n > 0 ? r.row[0].line : 0, 2);
    CHECK_INT_EQ(r.n > 0 ? r.row[0].nfields : 0, 4); /* an empty styled cell adds none */
    CHECK_STR_EQ(rows_field(&r, 0, 0), "");
    CHECK_STR_EQ(rows_field(&r, 0, 1), "x");
    CHECK_STR_EQ(rows_field(&r, 0, 2), "");
    CHECK_STR_EQ(rows_field(&r, 0, 3), "7");
    CHECK_INT_EQ(r.n > 1 ? (int)r.row[1].kind : -1, NM_ROW_BLANK);
    CHECK_INT_EQ(r.n > 1 ? r.row[1].line : 0, 5);
    CHECK_INT_EQ(r.n > 2 ? r.row[2].line : 0, 9);
    CHECK_INT_EQ(r.n > 3 ? r.row[3].line : 0, 10); /* no r: the next row */
    CHECK_STR_EQ(rows_field(&r, 3, 1), "3");
    CHECK_INT_EQ(r.info.lines, 10);
    rows_free(&r);
}

static void rich_text_runs_are_joined_without_phonetic_guides_and_escapes_read(void)
{
    rows r = {0};
    read_book(&r, "<si><r><rPr><b/></rPr><t>Under</t></r><r><t>sköterska</t></r>"
                  "<rPh sb=\"0\" eb=\"1\"><t>ignored</t></rPh></si>"
                  "<si><t>rad_x000D__x000A_två_x005F_x0041_</t></si>",
              "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c>"
              "<c r=\"C1\" t=\"inlineStr\"><is><r><t>a</t></r><r><t>b</t></r></is></c></row>");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_STR_EQ(rows_field(&r, 0, 0), "Undersköterska");
    CHECK_STR_EQ(rows_field(&r, 0, 1), "rad\r\ntvå_x0041_");
    CHECK_STR_EQ(rows_field(&r, 0, 2), "ab");
    rows_free(&r);
}

static void numbers_in_a_date_style_are_iso_dates(void)
{
    rows r = {0};
    read_book(&r, NULL,
              "<row r=\"1\"><c r=\"A1\" s=\"1\"><v>45000</v></c><c r=\"B1\" s=\"2\">"
              "<v>45000.5</v></c><c r=\"C1\" s=\"1\"><v>0.25</v></c>"
              "<c r=\"D1\" s=\"0\"><v>45000</v></c><c r=\"E1\" t=\"d\"><v>2025-03-14</v></c>"
              "</row>");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_STR_EQ(rows_field(&r, 0, 0), "2023-03-15");
    CHECK_STR_EQ(rows_field(&r, 0, 1), "2023-03-15 12:00:00");
    CHECK_STR_EQ(rows_field(&r, 0, 2), "06:00:00");
    CHECK_STR_EQ(rows_field(&r, 0, 3), "45000");
    CHECK_STR_EQ(rows_field(&r, 0, 4), "2025-03-14");
    rows_free(&r);
}

static void number_text_is_what_excel_shows_and_counts_read(void)
{
    static const char *const cases[][2] = {
        {"3", "3"}, {"3.0", "3"}, {"0.10000000000000001", "0.1"}, {"2.5", "2.5"},
        {"-4", "-4"}, {"1.234", "1.2340"}, {"1234.5", "1234.5"}, {"1E-3", "0.0010"},
        {"1.5E-5", "0.000015"}, {"1E+20", "100000000000000000000"}, {"0", "0"},
        {"-0", "0"}, {"0.30000000000000004", "0.3"}, {"123456789012345678", "123456789012346000"},
        {"abc", "abc"}, {"0x10", "0x10"}, {"inf", "inf"}, {"", ""}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nm_buf b = {0};
        nm_xlsx_number_text(cases[i][0], &b);
        CHECK_STR_EQ(nm_buf_str(&b), cases[i][1]);
        nm_buf_free(&b);
    }
}

static void date_text_counts_days_as_excel_does(void)
{
    static const struct { double serial; int date1904; const char *want; } cases[] = {
        {1, 0, "1900-01-01"}, {59, 0, "1900-02-28"}, {60, 0, "1900-02-29"},
        {61, 0, "1900-03-01"}, {45658, 0, "2025-01-01"}, {0, 1, "1904-01-01"},
        {43465.75, 1, "2023-01-01 18:00:00"}, {45658.999999999, 0, "2025-01-02"},
        {-1, 0, "-1"}, {3e6, 0, "3000000"}};
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        nm_buf b = {0};
        nm_xlsx_date_text(cases[i].serial, cases[i].date1904, &b);
        CHECK_STR_EQ(nm_buf_str(&b), cases[i].want);
        nm_buf_free(&b);
    }
}

static void cell_references_give_column_and_row(void)
{
    uint32_t col = 0;
    uint64_t row = 0;
    CHECK(nm_xlsx_cell_ref("A1", &col, &row) && col == 1 && row == 1);
    CHECK(nm_xlsx_cell_ref("XFD1048576", &col, &row) && col == 16384 && row == 1048576);
    CHECK(nm_xlsx_cell_ref("ab12", &col, &row) && col == 28 && row == 12);
    CHECK(nm_xlsx_cell_ref("XFE3", &col, &row) && col == 16385);
    CHECK(nm_xlsx_cell_ref("C", &col, &row) && col == 3 && row == 0);
    CHECK(!nm_xlsx_cell_ref("A0", &col, &row));
    CHECK(!nm_xlsx_cell_ref("1A", &col, &row));
    CHECK(!nm_xlsx_cell_ref("", &col, &row));
    CHECK(!nm_xlsx_cell_ref("$A$1", &col, &row));
}

/* A workbook of three sheets: Listor (hidden), Svar, Data. */
static char *three_sheets(void)
{
    part parts[] = {
        {"_rels/.rels", top_rels, 0},
        {"xl/workbook.xml",
         "<x:workbook xmlns:x=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\" "
         "xmlns:r=\"" REL "\"><x:sheets>"
         "<x:sheet name=\"Listor\" sheetId=\"3\" state=\"hidden\" r:id=\"rId3\"/>"
         "<x:sheet name=\"Svar\" sheetId=\"1\" r:id=\"rId1\"/>"
         "<x:sheet name=\"Data &amp; mer\" sheetId=\"2\" r:id=\"rId2\"/></x:sheets></x:workbook>", 0},
        {"xl/_rels/workbook.xml.rels",
         "<Relationships " PKG ">"
         "<Relationship Id=\"rId1\" Type=\"" REL "worksheet\" Target=\"worksheets/a.xml\"/>"
         "<Relationship Id=\"rId2\" Type=\"" REL "worksheet\" Target=\"./worksheets/../worksheets/b.xml\"/>"
         "<Relationship Id=\"rId3\" Type=\"" REL "worksheet\" Target=\"/xl/worksheets/c.xml\"/>"
         "</Relationships>", 0},
        {"xl/worksheets/a.xml", "<x:worksheet xmlns:x=\"http://schemas.openxmlformats.org/"
         "spreadsheetml/2006/main\"><x:sheetData><x:row r=\"1\"><x:c r=\"A1\" t=\"inlineStr\">"
         "<x:is><x:t>svar</x:t></x:is></x:c></x:row></x:sheetData></x:worksheet>", 0},
        {"xl/worksheets/b.xml", "<worksheet><sheetData><row r=\"3\"><c r=\"B3\"><v>2</v></c>"
         "</row></sheetData></worksheet>", 0},
        {"xl/worksheets/c.xml", "<worksheet><sheetData><row r=\"1\"><c r=\"A1\"><v>9</v></c>"
         "</row></sheetData></worksheet>", 0},
    };
    return zip_parts(parts, sizeof parts / sizeof parts[0]);
}

static void the_first_visible_sheet_is_read_unless_one_is_named(void)
{
    char *path = three_sheets();
    rows r = {0};
    read_path(&r, path, NULL);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_STR_EQ(r.info.sheet, "Svar");
    CHECK_INT_EQ(r.info.sheet_no, 2);
    CHECK_INT_EQ(r.info.nsheets, 3);
    CHECK_STR_EQ(rows_field(&r, 0, 0), "svar");
    rows_free(&r);

    nm_read_opts o = {.sheet = "data & MER"};
    read_path(&r, path, &o);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_STR_EQ(r.info.sheet, "Data & mer");
    CHECK_INT_EQ(r.n ? r.row[0].line : 0, 3);
    CHECK_STR_EQ(rows_field(&r, 0, 1), "2");
    rows_free(&r);

    o.sheet = "Listor";
    read_path(&r, path, &o);
    CHECK_STR_EQ(rows_field(&r, 0, 0), "9");
    rows_free(&r);

    o.sheet = "Blad1";
    read_path(&r, path, &o);
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_INT_EQ(r.n, 0);
    CHECK_CONTAINS(r.err.msg, "no sheet named 'Blad1'; its sheets: 'Listor' (hidden), 'Svar', "
                              "'Data & mer'");
    rows_free(&r);
    tmp_file_remove(path);
}

static void a_row_over_a_limit_or_with_a_bad_cell_is_malformed_and_the_next_is_read(void)
{
    nm_buf xml = {0};
    nm_buf_puts(&xml, "<row r=\"1\"><c r=\"XFE1\"><v>1</v></c></row>"
                      "<row r=\"2\"><c r=\"B2\"><v>1</v></c><c r=\"B2\"><v>2</v></c></row>"
                      "<row r=\"3\"><c r=\"C3\" t=\"s\"><v>5</v></c></row>"
                      "<row r=\"4\"><c r=\"4D\"><v>1</v></c></row>"
                      "<row r=\"5\"><c r=\"A5\" t=\"inlineStr\"><is><t>");
    for (int i = 0; i < (NM_FIELD_MAX >> 10) + 1; i++)
        nm_buf_printf(&xml, "%01024d", 0);
    nm_buf_puts(&xml, "</t></is></c></row><row r=\"6\">");
    for (int i = 0; i <= NM_COLUMNS_MAX; i++) /* memory stays bounded: refused at once */
        nm_buf_puts(&xml, "<c r=\"A6\" t=\"s\"><v>0</v></c>");
    nm_buf_puts(&xml, "</row><row r=\"7\"><c r=\"A7\"><v>6</v></c></row>");
    rows r = {0};
    read_book(&r, "<si><t>x</t></si>", xml.data);
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 7);
    for (size_t i = 0; i < 6 && i < r.n; i++)
        CHECK_INT_EQ(r.row[i].kind, NM_ROW_MALFORMED);
    CHECK_CONTAINS(r.n > 0 ? r.row[0].problem : NULL, "past column XFD");
    CHECK_CONTAINS(r.n > 1 ? r.row[1].problem : NULL, "cell B2 is given twice");
    CHECK_INT_EQ(r.n > 1 ? r.row[1].bad_col : 0, 2);
    CHECK_CONTAINS(r.n > 2 ? r.row[2].problem : NULL, "shared string '5'");
    CHECK_INT_EQ(r.n > 2 ? r.row[2].bad_col : 0, 3);
    CHECK_CONTAINS(r.n > 3 ? r.row[3].problem : NULL, "reference '4D'");
    CHECK_CONTAINS(r.n > 4 ? r.row[4].problem : NULL, "longer than 1 MiB (1025 KiB)");
    CHECK_CONTAINS(r.n > 5 ? r.row[5].problem : NULL, "row has more than 16384 cells");
    CHECK_INT_EQ(r.n > 6 ? (int)r.row[6].kind : -1, NM_ROW_FIELDS);
    CHECK_STR_EQ(rows_field(&r, 6, 0), "6");
    rows_free(&r);
    nm_buf_free(&xml);
}

static void a_part_that_unzips_to_far_more_than_its_size_is_refused_as_a_zip_bomb(void)
{
    size_t n = (16u << 20) + (1u << 20);
    char *blanks = malloc(n + 1);
    if (!blanks)
        exit(2);
    memset(blanks, ' ', n);
    blanks[n] = '\0';
    rows r = {0};
    read_book(&r, NULL, blanks);
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_CONTAINS(r.err.msg, "xl/worksheets/sheet1.xml unzips to more than 100 times");
    CHECK_CONTAINS(r.err.msg, "zip bomb");
    CHECK_STR_EQ(r.err.file, "book.xlsx");
    rows_free(&r);
    free(blanks);
}

static void invalid_xml_is_a_damaged_workbook_after_the_rows_before_it(void)
{
    rows r = {0};
    read_book(&r, NULL, "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row><row r=\"2\"><c r=\"A2\">");
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_INT_EQ(r.n, 1);
    CHECK_CONTAINS(r.err.msg, "damaged: its part xl/worksheets/sheet1.xml is not valid XML");
    rows_free(&r);

    part parts[] = {{"_rels/.rels", top_rels, 0},
                    {"xl/workbook.xml", "<!DOCTYPE x [<!ENTITY a \"aaaa\">]><workbook/>", 0}};
    char *path = zip_parts(parts, 2);
    read_path(&r, path, NULL);
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_CONTAINS(r.err.msg, "document type declaration");
    CHECK_STR_EQ(r.err.file, "book.xlsx");
    rows_free(&r);
    tmp_file_remove(path);
}

static void files_that_are_not_readable_workbooks_say_what_to_do(void)
{
    rows r = {0};
    /* a zip cut short */
    rows_read(&r, "PK\x03\x04\x14\0\0\0\x08\0", 10);
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_CONTAINS(r.err.msg, "the workbook is damaged: not a complete zip archive");
    rows_free(&r);
    /* an encrypted workbook: an OLE file with an EncryptedPackage stream */
    unsigned char ole[1536] = {0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1};
    const char *name = "EncryptedPackage";
    for (size_t i = 0; name[i]; i++)
        ole[1024 + 2 * i] = (unsigned char)name[i];
    rows_read(&r, ole, sizeof ole);
    CHECK_INT_EQ(r.status, NM_ERR_INPUT);
    CHECK_CONTAINS(r.err.msg, "password-protected (encrypted)");
    CHECK_INT_EQ(r.info.bytes, sizeof ole);
    rows_free(&r);
    /* an .xls */
    memset(ole + 8, 0, sizeof ole - 8);
    rows_read(&r, ole, sizeof ole);
    CHECK_CONTAINS(r.err.msg, "Excel 97-2003 workbook (.xls)");
    rows_free(&r);
    /* an .ods, and a zip of something else */
    part ods[] = {{"mimetype", "application/vnd.oasis.opendocument.spreadsheet", 0},
                  {"content.xml", "<office:document-content/>", 0}};
    char *path = zip_parts(ods, 2);
    read_path(&r, path, NULL);
    CHECK_CONTAINS(r.err.msg, "OpenDocument file (.ods");
    CHECK_INT_EQ(r.info.decoded, 0);
    rows_free(&r);
    tmp_file_remove(path);
    path = zip_parts(ods + 1, 1);
    read_path(&r, path, NULL);
    CHECK_CONTAINS(r.err.msg, "holds no Excel workbook (no xl/workbook.xml)");
    rows_free(&r);
    tmp_file_remove(path);
}

static void a_workbook_on_a_stream_is_read_and_hashed_whole(void)
{
    char *path = book("<si><t>Kommun</t></si>", "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v>"
                                                 "</c></row>");
    FILE *f = fopen(path, "rb");
    nm_buf data = {0};
    if (!f || nm_buf_read_all(&data, f) != 0)
        exit(2);
    fclose(f);
    rows r = {0};
    rows_read(&r, data.data, data.len); /* fmemopen: no descriptor, copied to a file */
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_STR_EQ(rows_field(&r, 0, 0), "Kommun");
    CHECK_INT_EQ(r.info.bytes, data.len);
    nm_sha256 h;
    unsigned char digest[32];
    char hex[65];
    nm_sha256_init(&h);
    nm_sha256_update(&h, data.data, data.len);
    nm_sha256_final(&h, digest);
    nm_sha256_hex(digest, hex);
    CHECK_STR_EQ(r.info.sha256, hex);
    rows_free(&r);
    read_path(&r, path, NULL); /* a regular file: the same */
    CHECK_STR_EQ(r.info.sha256, hex);
    CHECK_INT_EQ(r.info.bytes, data.len);
    rows_free(&r);
    nm_buf_free(&data);
    tmp_file_remove(path);
}

static void the_reader_stops_when_asked(void)
{
    rows r = {.stop_after = 1};
    read_book(&r, NULL, "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>"
                        "<row r=\"2\"><c r=\"A2\"><v>2</v></c></row>");
    CHECK_INT_EQ(r.status, NM_OK);
    CHECK_INT_EQ(r.n, 1);
    CHECK_INT_EQ(r.info.stopped, 1);
    rows_free(&r);
}

int main(void)
{
    RUN(cells_of_every_type_become_the_text_excel_shows);
    RUN(cells_left_out_are_empty_and_rows_keep_their_numbers);
    RUN(rich_text_runs_are_joined_without_phonetic_guides_and_escapes_read);
    RUN(numbers_in_a_date_style_are_iso_dates);
    RUN(number_text_is_what_excel_shows_and_counts_read);
    RUN(date_text_counts_days_as_excel_does);
    RUN(cell_references_give_column_and_row);
    RUN(the_first_visible_sheet_is_read_unless_one_is_named);
    RUN(a_row_over_a_limit_or_with_a_bad_cell_is_malformed_and_the_next_is_read);
    RUN(a_part_that_unzips_to_far_more_than_its_size_is_refused_as_a_zip_bomb);
    RUN(invalid_xml_is_a_damaged_workbook_after_the_rows_before_it);
    RUN(files_that_are_not_readable_workbooks_say_what_to_do);
    RUN(a_workbook_on_a_stream_is_read_and_hashed_whole);
    RUN(the_reader_stops_when_asked);
    return check_finish();
}
