#!/usr/bin/env python3
"""make_xlsx_cases.py - (re)write the input files of catalogue cases 120-136
(workbooks, OLE files, nested JSON) from the code below; the files are
committed, so this is needed only to change them.  Then bless the cases
(run_case.sh --bless) and read every expected file.

    python3 tests/catalogue/make_xlsx_cases.py
"""
import os
import shutil
import sys
import zipfile

here = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, here)
from make_xlsx import Bool, Date, Inline, Num, Raw, csv_to_workbook, write_ole, write_workbook  # noqa: E402

cases = os.path.join(here, "cases")
example = os.path.join(here, "..", "..", "surveys", "example")


def case(name, readme, args=None, command=None):
    d = os.path.join(cases, name)
    if os.path.isdir(d):
        for f in os.listdir(d):
            if not f.startswith("expected."):
                p = os.path.join(d, f)
                shutil.rmtree(p) if os.path.isdir(p) else os.remove(p)
    else:
        os.makedirs(d)
    with open(os.path.join(d, "README"), "w") as f:
        f.write(readme.strip() + "\n")
    if args:
        with open(os.path.join(d, "args"), "w") as f:
            f.write(args + "\n")
    if command:
        with open(os.path.join(d, "command"), "w") as f:
            f.write(command + "\n")
    return d


HEADER = ["Kommun", "Organisation", "Yrke", "Antal", "Behov", "Nivå"]


def example_survey():
    d = case("120_xlsx_example_survey", """
The example survey (surveys/example) as an analyst receives it from Excel: each CSV/TSV export
opened and saved as a workbook (make_xlsx.py csv2xlsx: numbers as numbers, text as shared
strings), the JSON as it is. Expect the totals of the CSV files (192 rows read, 174 accepted,
4 rejections, 228 needs, 759 people), rejections named FILE.xlsx:Sheet1:ROW:COL with the row as
Excel numbers it (the quoted line break of norrbotten_kommuner.csv is one row, so its rows after
it are one less than the CSV's lines). xlsx_same_as_csv checks that run gives the same demand.
""")
    for f in sorted(os.listdir(example)):
        base, ext = os.path.splitext(f)
        if ext in (".csv", ".tsv"):
            csv_to_workbook(os.path.join(example, f), os.path.join(d, base + ".xlsx"))
        elif ext == ".json":
            shutil.copy(os.path.join(example, f), d)


def strings():
    d = case("121_xlsx_shared_and_inline_strings", """
Text written every way a workbook holds it: shared strings (rich-text runs in bold and plain
joined, a phonetic guide left out, a line break written _x000D__x000A_), inline strings (as
survey tools write them), a formula's string result. Expect every row read as the text shows:
5 accepted, 1 rejected (Arjepolg, did you mean Arjeplog).
""")
    rows = [HEADER,
            ["Kiruna", "Kiruna kommun", Raw('<c r="C2" t="inlineStr"><is><r><rPr><b/></rPr>'
                                            '<t>Under</t></r><r><t>sköterska</t></r></is></c>'),
             3, "Rekrytering", "YH"],
            [Inline("Gällivare"), Inline("Gällivare Buss AB"), Inline("Bussförare"), 2,
             Inline("Rekrytering"), Inline("Komvux")],
            ["Pajala", "Pajala kommun", "Kock", 1, "Kompetensutveckling", "Kurs"],
            [Raw('<c r="A5" t="str"><f>"Malå"</f><v>Malå</v></c>'), "Malå kommun",
             "Sjuksköterska", 2, "Rekrytering", "Högskola"],
            ["Arjepolg", "Arjeplogs kommun", "Elektriker", 1, "Rekrytering", "YH"],
            ["Jokkmokk", "Jokkmokks kommun", "Förskollärare_x000D__x000A_(heltid)", 1,
             "Rekrytering", "Högskola"]]
    write_workbook(os.path.join(d, "svar.xlsx"), [("Svar", rows)])
    # a phonetic guide inside a shared string: rewrite that string's XML by hand
    path = os.path.join(d, "svar.xlsx")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/sharedStrings.xml"] = parts["xl/sharedStrings.xml"].replace(
        b'<si><t xml:space="preserve">Kock</t></si>',
        b'<si><r><t>Ko</t></r><r><t>ck</t></r><rPh sb="0" eb="2"><t>kokku</t></rPh></si>')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            info = zipfile.ZipInfo(n, date_time=(2025, 3, 14, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def gaps():
    d = case("122_xlsx_gaps_merged_hidden", """
A sheet as a person lays it out: a title merged over A1:F1 (its value in A1 only), row 2 not in
the XML at all, the header on row 3, cells left out of the XML (no Nivå on row 5: its <c> for F5
is missing, D6 empty), a hidden row (7), rows 8-19 missing and a last row at 20 with a misspelt
municipality. Expect rows numbered as Excel shows them (the rejection names inventering.xlsx:
Blad1:20:1), gaps read as empty cells, the hidden row read like the others: 4 accepted.
""")
    rows = [("r", 1, {"A": "Kompetensbehov 2025, kommunala arbetsgivare"}),
            ("r", 3, HEADER),
            ("r", 4, ["Kiruna", "Kiruna kommun", "Undersköterska", 4, "Rekrytering", "YH"]),
            ("r", 5, {"A": "Kiruna", "C": "Sjuksköterska", "D": 2, "E": "Rekrytering"}),
            ("r", 6, {"A": "Pajala", "B": "Pajala kommun", "C": "Kock", "E": "Rekrytering"}),
            ("r", 7, ["Malå", "Malå kommun", "Lärare i matematik", 1, "Rekrytering",
                      "Högskola"]),
            ("r", 20, ["Sorsle", "Sorsele kommun", "Elektriker", 1, "Kompetensutveckling",
                       "Kurs"])]
    write_workbook(os.path.join(d, "inventering.xlsx"),
                   [("Blad1", rows, {"merge": ["A1:F1"]})])
    path = os.path.join(d, "inventering.xlsx")
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b'<row r="7">', b'<row r="7" hidden="1">')
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            info = zipfile.ZipInfo(n, date_time=(2025, 3, 14, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data)


def numbers():
    d = case("123_xlsx_numbers_as_stored", """
Numbers as Excel stores them: 0.10000000000000001, 2.4999999999999996, 3.0000000000000004, 4.0,
1E+3, 1.234 (three decimals: a count of 1.234, not one thousand two hundred and thirty-four
written with a thousands point), a municipality code that lost its zero (114 for 0114), an
SSYK code as a number (5321), a count typed as text ("3 st"). Expect every count read as the
number Excel shows: 0.1 + 2.5 + 3 + 4 + 1000 + 1.234 + 3 = 1013.834 people.
""")
    rows = [["Kommunkod", "SSYK", "Yrke", "Antal", "Behov"],
            [Num("2584"), Num("5321"), None, Num("0.10000000000000001"), "Rekrytering"],
            [Num("2584"), None, "Kock", Num("2.4999999999999996"), "Rekrytering"],
            [Num("114"), None, "Elektriker", Num("3.0000000000000004"), "Rekrytering"],
            [Num("2506"), None, "Sjuksköterska", Num("4.0"), "Rekrytering"],
            [Num("2506"), Num("5321"), None, Num("1E+3"), "Kompetensutveckling"],
            [Num("2580"), None, "Förskollärare", Num("1.234"), "Rekrytering"],
            [Num("2580"), None, "Barnskötare", "3 st", "Rekrytering"]]
    write_workbook(os.path.join(d, "antal.xlsx"), [("Antal", rows)])


def dates():
    d = case("124_xlsx_dates_booleans_errors", """
Cells that are not text or plain numbers: a submission date (a date style: read as 2025-03-14
09:30:00, in a skipped column), a horizon "1-3" that Excel turned into the date 3 January
(read as 2025-01-03: horizon not understood, the need kept), a count "2-4" turned into 4
February (read as 2025-02-04: rejected as not a number, the value shown), a count TRUE from a
tick box (rejected), an occupation that is a formula error #N/A (left unclassified).
""")
    rows = [["Tidsstämpel", "Kommun", "Yrke", "Antal", "Tidshorisont"],
            [Date(45730.395833333336), "Kiruna", "Undersköterska", 2, Date(45660)],
            [Date(45730.5), "Kiruna", "Sjuksköterska", Date(45692), "0-1 år"],
            [Date(45731), "Pajala", "Kock", Bool(True), "1-3 år"],
            [Date(45731), "Pajala", Raw('<c r="C5" t="e"><f>VLOOKUP(X1,L:M,2)</f>'
                                        '<v>#N/A</v></c>'), 1, "1-3 år"]]
    write_workbook(os.path.join(d, "formular.xlsx"), [("Formulärsvar 1", rows)])


SHEETS_README = """
A workbook of three sheets: Instruktioner (notes for the respondent, first), Svar (the answers)
and Listor (hidden: the values of the drop-down lists). """


def several_sheets():
    notes = [["Så fyller du i enkäten"], ["Ange ett yrke per rad."], ["Frågor: se e-post."]]
    answers = [HEADER,
               ["Arjeplog", "Arjeplogs kommun", "Undersköterska", 3, "Rekrytering", "YH"],
               ["Arvidsjaur", "Arvidsjaurs kommun", "Kock", 1, "Rekrytering", "Kurs"]]
    lists = [["Rekrytering"], ["Kompetensutveckling"], ["YH"], ["Komvux"]]
    sheets = [("Instruktioner", notes), ("Svar", answers), ("Listor", lists, {"hidden": True})]
    d = case("125_xlsx_sheet_named", SHEETS_README + """--sheet Svar reads the answers: expect 2
accepted, rejections (none) and the format line naming sheet 'Svar' (2 of 3).
""", args="--sheet Svar")
    write_workbook(os.path.join(d, "enkat.xlsx"), sheets)
    d = case("126_xlsx_unknown_sheet", SHEETS_README + """--sheet Resultat names no sheet:
expect the error listing the sheets (Listor marked hidden) and what to do, exit 3.
""", args="--sheet Resultat")
    write_workbook(os.path.join(d, "enkat.xlsx"), sheets)
    d = case("127_xlsx_first_sheet_by_default", SHEETS_README + """Without --sheet the first
visible sheet is read: the instructions, where no header is found. Expect the error naming
enkat.xlsx:Instruktioner (the answers are on another sheet: --sheet Svar), exit 3.
""")
    write_workbook(os.path.join(d, "enkat.xlsx"), sheets)
    d = case("128_xlsx_inspect_sheet", SHEETS_README + """inspect --sheet Svar: expect the
workbook's size, the sheet read (2 of 3) with its last row, the header row and every column's
role, as for a CSV file.
""", args="--sheet Svar", command="inspect")
    write_workbook(os.path.join(d, "enkat.xlsx"), sheets)


def refused():
    rows = [HEADER] + [["Kiruna", "Kiruna kommun", "Kock", i, "Rekrytering", "YH"]
                       for i in range(1, 40)]
    d = case("129_xlsx_corrupt_zip", """
A workbook cut short (a download or a copy interrupted: the first half of the file, no central
directory). Expect "the workbook is damaged: not a complete zip archive ... open it in Excel and
save it again, or save it as CSV", no rows, no format line, exit 3.
""")
    path = os.path.join(d, "kompetensbehov.xlsx")
    write_workbook(path, [("Svar", rows)])
    with open(path, "rb") as f:
        data = f.read()
    with open(path, "wb") as f:
        f.write(data[:len(data) // 2])
    d = case("130_xlsx_encrypted", """
A workbook saved with a password to open: Excel then writes an OLE compound file holding
EncryptionInfo and EncryptedPackage, not a zip. Expect "the workbook is password-protected
(encrypted) ... remove the password ... or save it as CSV", exit 3.
""")
    write_ole(os.path.join(d, "skyddad.xlsx"),
              {"EncryptionInfo": b"\x04\x00\x04\x00\x40\x00\x00\x00" + bytes(4088),
               "EncryptedPackage": bytes(range(256)) * 16})
    d = case("131_xls_old_excel", """
An Excel 97-2003 workbook (.xls: an OLE compound file with a Workbook stream). Expect "an old
Excel 97-2003 workbook (.xls) ... save it as an Excel Workbook (.xlsx) or as CSV", exit 3.
""")
    write_ole(os.path.join(d, "enkat_2003.xls"), {"Workbook": b"\x09\x08\x10\x00" + bytes(4092)})
    d = case("132_ods_spreadsheet", """
A LibreOffice spreadsheet (.ods: a zip with a mimetype entry and content.xml). Expect "an
OpenDocument file (.ods ...) ... save it as .xlsx or as CSV", exit 3.
""")
    with zipfile.ZipFile(os.path.join(d, "enkat.ods"), "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype", (2025, 3, 14, 0, 0, 0)),
                   "application/vnd.oasis.opendocument.spreadsheet")
        info = zipfile.ZipInfo("content.xml", (2025, 3, 14, 0, 0, 0))
        info.compress_type = zipfile.ZIP_DEFLATED
        z.writestr(info, '<?xml version="1.0"?><office:document-content xmlns:office='
                         '"urn:oasis:names:tc:opendocument:xmlns:office:1.0"/>')
    d = case("133_xlsx_zip_bomb", """
A workbook whose sheet unzips to 64 MiB of blanks from 64 KiB (a zip bomb: Excel's own sheets
unzip to about 10 times their size). Expect it refused as it is read: "unzips to more than 100
times its zipped size ... a zip bomb", exit 3, in a moment and little memory.
""")
    path = os.path.join(d, "bomb.xlsx")
    write_workbook(path, [("Svar", [HEADER])])
    with zipfile.ZipFile(path) as z:
        parts = {n: z.read(n) for n in z.namelist()}
    parts["xl/worksheets/sheet1.xml"] = parts["xl/worksheets/sheet1.xml"].replace(
        b"<sheetData>", b"<sheetData>" + b" " * (64 << 20))
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parts.items():
            info = zipfile.ZipInfo(n, date_time=(2025, 3, 14, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, data, compresslevel=9)


NESTED = """{
  "meta": {"tool": "Formulärverktyget", "exported": "2025-03-14T10:00:00Z"},
  "data": {
    "submissions": [
      {
        "id": "s-101",
        "respondent": {
          "kommun": "Kiruna",
          "organisation": "Kiruna kommun",
          "kontakt": {"namn": "Anna Exempel", "epost": "anna.exempel@example.se"}
        },
        "answers": {
          "needs": [
            {"yrke": "Undersköterska", "antal": 4, "behov": "Rekrytering"},
            {"yrke": "Sjuksköterska", "antal": 2, "behov": "Rekrytering"}
          ]
        }
      },
      {
        "id": "s-102",
        "respondent": {
          "kommun": "Pajala",
          "organisation": "Pajala Bygg AB",
          "kontakt": {"namn": "Bo Testsson", "epost": "bo.testsson@example.se"}
        },
        "answers": {
          "needs": [
            {"yrke": "Elektriker", "antal": "2-3", "behov": "Rekrytering"}
          ]
        }
      },
      {
        "id": "s-103",
        "respondent": {"kommun": "Malå", "organisation": "Malå kommun"},
        "answers": {"needs": []}
      }
    ]
  }
}
"""


def nested_json():
    d = case("134_json_nested_submissions", """
A survey tool's JSON with the records in data.submissions, the respondent in a nested object
and the needs in answers.needs. Expect inspect to list the dotted keys (respondent.kommun,
respondent.kontakt.namn, ...) with their roles: known by their last part, the contact's name and
e-mail personal data; 3 needs accepted and the empty list skipped.
""", command="inspect")
    with open(os.path.join(d, "export.json"), "w") as f:
        f.write(NESTED)
    d = case("135_json_nested_mapping", """
The nested export of 134 with a mapping file naming columns by their dotted keys
("respondent.organisation" is the municipality here, "id" the respondent). Expect the mapping
to win over the keys' last parts: Kiruna kommun, Pajala Bygg AB and Malå kommun read as
municipality texts (Pajala Bygg AB: unknown municipality).
""", args="--mapping mapping.json")
    with open(os.path.join(d, "export.json"), "w") as f:
        f.write(NESTED)
    with open(os.path.join(d, "mapping.json"), "w") as f:
        f.write('{"columns": {"respondent.organisation": "municipality", '
                '"respondent.kommun": "ignore", "id": "respondent"}}\n')


def json_keys_without_header():
    d = case("136_json_keys_without_header", """
A nested JSON export whose keys name neither a municipality nor an occupation needmap knows
(ort.namn, uppgift.titel). Expect inspect to say no header was found and still list every
dotted key with the role it would have, so the analyst can write the mapping file: the
contact's e-mail is personal data, and so is ort.namn (a place name, but "namn" makes any
column personal until a mapping file says otherwise); exit 3.
""", command="inspect")
    with open(os.path.join(d, "export.json"), "w") as f:
        f.write('{"items": [\n'
                '  {"ort": {"namn": "Kiruna"}, "uppgift": {"titel": "Kock", "antal": 2},\n'
                '   "kontakt": {"e-post": "anna.exempel@example.se"}},\n'
                '  {"ort": {"namn": "Pajala"}, "uppgift": {"titel": "Elektriker", "antal": 1}}\n'
                ']}\n')


if __name__ == "__main__":
    example_survey()
    strings()
    gaps()
    numbers()
    dates()
    several_sheets()
    refused()
    nested_json()
    json_keys_without_header()
