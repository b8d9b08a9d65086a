#!/usr/bin/env python3
"""make_xlsx.py - write small .xlsx workbooks by hand (zipfile and XML
written as text), for needmap's tests; no openpyxl needed.

As a module:

    write_workbook(path, [("Svar", rows), ("Listor", rows, {"hidden": True})])

rows is a list of rows; a row is a list of cells (column A, B, ...) or a
dict {"D": cell} (cells left out of the XML: gaps), or ("r", 7, cells) for
row number 7.  A cell is None (left out), a str (a shared string), an int
or float (a number, written as repr() writes it), Num("0.10000000000000001")
(a number written exactly so), Inline("text") (an inline string),
Bool(True), Date(45000.5) (a number in a date style), Raw('<c ...>...</c>')
(the cell's XML as given).  Options: shared=False writes every str as an
inline string; date1904=True; merge=["A1:C1"].

From the command line:

    make_xlsx.py csv2xlsx IN.csv OUT.xlsx    a CSV/TSV export as Excel would
                                             save it (whole numbers and
                                             decimals as numbers, the rest as
                                             shared strings), on one sheet
"""
import csv
import io
import re
import sys
import zipfile
from xml.sax.saxutils import escape


class Num(str):
    """A number cell written exactly as given."""


class Inline(str):
    """An inline-string cell."""


class Raw(str):
    """A cell's XML as given."""


class Bool:
    def __init__(self, v):
        self.v = v


class Date:
    def __init__(self, serial):
        self.serial = serial


def col_letters(n):
    s = ""
    while n:
        n, r = divmod(n - 1, 26)
        s = chr(65 + r) + s
    return s


def col_number(letters):
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n


def attr(v):
    return escape(v, {'"': "&quot;"})


class _Strings:
    def __init__(self):
        self.index = {}
        self.items = []

    def get(self, s):
        if s not in self.index:
            self.index[s] = len(self.items)
            self.items.append(s)
        return self.index[s]

    def xml(self):
        sis = "".join('<si><t xml:space="preserve">%s</t></si>' % escape(s) for s in self.items)
        return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
                'count="%d" uniqueCount="%d">%s</sst>' % (len(self.items), len(self.items), sis))


def _cell(ref, v, strings, shared):
    if isinstance(v, Raw):
        return str(v)
    if isinstance(v, Bool):
        return '<c r="%s" t="b"><v>%d</v></c>' % (ref, 1 if v.v else 0)
    if isinstance(v, Date):
        return '<c r="%s" s="1"><v>%r</v></c>' % (ref, v.serial)
    if isinstance(v, Num):
        return '<c r="%s"><v>%s</v></c>' % (ref, v)
    if isinstance(v, Inline) or (isinstance(v, str) and not shared):
        return '<c r="%s" t="inlineStr"><is><t>%s</t></is></c>' % (ref, escape(v))
    if isinstance(v, str):
        return '<c r="%s" t="s"><v>%d</v></c>' % (ref, strings.get(v))
    if isinstance(v, bool):
        return '<c r="%s" t="b"><v>%d</v></c>' % (ref, 1 if v else 0)
    return '<c r="%s"><v>%r</v></c>' % (ref, v)


def _sheet_xml(rows, strings, shared, merge):
    out = []
    number = 0
    for row in rows:
        if isinstance(row, tuple) and row[0] == "r":
            number, row = row[1], row[2]
        else:
            number += 1
        if isinstance(row, dict):
            cells = sorted(row.items(), key=lambda kv: col_number(kv[0]))
        else:
            cells = [(col_letters(i + 1), v) for i, v in enumerate(row)]
        xml = "".join(_cell("%s%d" % (c, number), v, strings, shared)
                      for c, v in cells if v is not None)
        out.append('<row r="%d">%s</row>' % (number, xml))
    merged = ""
    if merge:
        merged = '<mergeCells count="%d">%s</mergeCells>' % (
            len(merge), "".join('<mergeCell ref="%s"/>' % m for m in merge))
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            '<sheetData>%s</sheetData>%s</worksheet>' % ("".join(out), merged))


STYLES = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
          '<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">'
          '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy\\-mm\\-dd"/></numFmts>'
          '<cellXfs count="2"><xf numFmtId="0"/><xf numFmtId="164" applyNumberFormat="1"/>'
          '</cellXfs></styleSheet>')

REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"
CT_SHEET = "application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"


def write_workbook(path, sheets, shared=True, date1904=False):
    strings = _Strings()
    parts = {}
    wb_sheets, rels, overrides = [], [], []
    for i, sheet in enumerate(sheets, 1):
        name, rows = sheet[0], sheet[1]
        opts = sheet[2] if len(sheet) > 2 else {}
        parts["xl/worksheets/sheet%d.xml" % i] = _sheet_xml(rows, strings, shared,
                                                           opts.get("merge"))
        state = ' state="hidden"' if opts.get("hidden") else ""
        wb_sheets.append('<sheet name="%s" sheetId="%d"%s r:id="rId%d"/>'
                         % (attr(name), i, state, i))
        rels.append('<Relationship Id="rId%d" Type="%s/worksheet" '
                    'Target="worksheets/sheet%d.xml"/>' % (i, REL, i))
        overrides.append('<Override PartName="/xl/worksheets/sheet%d.xml" ContentType="%s"/>'
                         % (i, CT_SHEET))
    n = len(sheets)
    rels.append('<Relationship Id="rId%d" Type="%s/styles" Target="styles.xml"/>' % (n + 1, REL))
    if strings.items:
        rels.append('<Relationship Id="rId%d" Type="%s/sharedStrings" '
                    'Target="sharedStrings.xml"/>' % (n + 2, REL))
        parts["xl/sharedStrings.xml"] = strings.xml()
    pr = '<workbookPr date1904="1"/>' if date1904 else "<workbookPr/>"
    parts["xl/workbook.xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
        'xmlns:r="%s">%s<sheets>%s</sheets></workbook>' % (REL, pr, "".join(wb_sheets)))
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="%s">%s</Relationships>' % (PKG, "".join(rels)))
    parts["xl/styles.xml"] = STYLES
    parts["_rels/.rels"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Relationships xmlns="%s"><Relationship Id="rId1" Type="%s/officeDocument" '
        'Target="xl/workbook.xml"/></Relationships>' % (PKG, REL))
    parts["[Content_Types].xml"] = (
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
        'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-'
        'officedocument.spreadsheetml.sheet.main+xml"/>%s</Types>' % "".join(overrides))
    order = ["[Content_Types].xml", "_rels/.rels", "xl/workbook.xml",
             "xl/_rels/workbook.xml.rels"]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name in order + sorted(k for k in parts if k not in order):
            info = zipfile.ZipInfo(name, date_time=(2025, 3, 14, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            z.writestr(info, parts[name])


# --- OLE compound files: what an encrypted workbook and an .xls are ---

def write_ole(path, streams):
    """A small compound file (version 3, 512-byte sectors) holding streams
    {name: bytes}, each of at least 4096 bytes (so none is in the mini
    stream): sector 0 is the FAT, sector 1 the directory, then the streams."""
    import struct
    free, end, fatsect, nostream = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD, 0xFFFFFFFF
    names = list(streams)
    assert len(names) <= 3 and all(len(streams[n]) >= 4096 for n in names)
    fat, data, starts = [fatsect, end], b"", []
    for n in names:
        body = streams[n] + b"\0" * (-len(streams[n]) % 512)
        first = 2 + len(data) // 512
        count = len(body) // 512
        starts.append(first)
        fat += [first + i + 1 for i in range(count - 1)] + [end]
        data += body
    fat += [free] * (128 - len(fat))

    def entry(name, kind, right, child, start, size):
        raw = name.encode("utf-16-le")
        return (raw + b"\0" * (64 - len(raw))
                + struct.pack("<HBBIII", len(raw) + 2 if name else 0, kind, 1,
                              nostream, right, child)
                + b"\0" * 36 + struct.pack("<IQ", start, size))
    dirs = entry("Root Entry", 5, nostream, 1 if names else nostream, end, 0)
    for i, n in enumerate(names):
        dirs += entry(n, 2, i + 2 if i + 1 < len(names) else nostream, nostream,
                      starts[i], len(streams[n]))
    dirs += entry("", 0, nostream, nostream, 0, 0) * (3 - len(names))
    header = (b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 16
              + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6) + b"\0" * 6
              + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, end, 0, end, 0)
              + struct.pack("<I", 0) + struct.pack("<I", free) * 108)
    with open(path, "wb") as f:
        f.write(header + struct.pack("<128I", *fat) + dirs + data)


# --- CSV to workbook, as Excel saves an opened CSV ---

WHOLE = re.compile(r"^-?(0|[1-9][0-9]{0,14})$")
DECIMAL = re.compile(r"^-?(0|[1-9][0-9]{0,14})[.,][0-9]{1,2}$")


def _decode(data):
    for bom, enc in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16"),
                     (b"\xfe\xff", "utf-16")):
        if data.startswith(bom):
            return data.decode(enc)
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")


def _value(text):
    """What Excel makes of a cell it opens: a number for a whole number or a
    decimal of one or two places, else the text."""
    if WHOLE.match(text):
        return int(text)
    if DECIMAL.match(text):
        return float(text.replace(",", "."))
    return text or None


def csv_to_workbook(src, dst):
    with open(src, "rb") as f:
        text = _decode(f.read())
    delim = "\t" if "\t" in text.split("\n", 1)[0] else max(";,", key=text.count)
    rows = [[_value(c) for c in row] for row in csv.reader(io.StringIO(text, newline=""),
                                                           delimiter=delim)]
    write_workbook(dst, [("Sheet1", rows)])


if __name__ == "__main__":
    if len(sys.argv) == 4 and sys.argv[1] == "csv2xlsx":
        csv_to_workbook(sys.argv[2], sys.argv[3])
    else:
        sys.exit(__doc__)
