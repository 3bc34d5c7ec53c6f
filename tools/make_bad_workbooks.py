#!/usr/bin/env python3
"""Writes the damaged-workbook corpus: Tests/TestSupport/Fixtures/bad-workbooks/NAME.xlsx.

Each workbook is built part by part with zipfile (no openpyxl), so that every way Excel, WPS or a damaged
copy stores a cell can be written exactly: shared and inline strings, numbers in scientific form, booleans,
formulas with and without a saved value, date-formatted numbers, hidden sheets, merged title rows, broken
XML, a renamed .xls. BadInputCorpusTests.swift (WorkbookCorpusTests) states what each must give.
Deterministic: fixed zip timestamps, fixed part order.

    python3 tools/make_bad_workbooks.py
"""
import os
import zipfile
from xml.sax.saxutils import escape

ROOT = os.path.join(os.path.dirname(__file__), "..", "Tests", "TestSupport", "Fixtures", "bad-workbooks")
MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
PKG = "http://schemas.openxmlformats.org/package/2006/relationships"

# Styles: 0 general, 1 a date (numFmt 14), 2 a custom date code, 3 text.
STYLES = (f'<styleSheet xmlns="{MAIN}"><numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>'
          '<fonts count="1"><font/></fonts><fills count="1"><fill/></fills><borders count="1"><border/></borders>'
          '<cellXfs count="4"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="164"/><xf numFmtId="49"/></cellXfs></styleSheet>')


def col(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s = chr(65 + r) + s
    return s


class Book:
    def __init__(self):
        self.sheets = []  # (name, hidden, rows xml list, extra xml)
        self.shared = []

    def sst(self, text):
        if text not in self.shared:
            self.shared.append(text)
        return self.shared.index(text)

    def sheet(self, name, rows, hidden=False, start_row=1, merged=(), raw_cells=None):
        """rows: lists of cells; a cell is a str (shared string), ('inline', s), ('n', '123'), ('b', '1'),
        ('f', formula, cached or None), ('date', serial, style), ('e', '#N/A'), ('raw', xml), or None."""
        xml_rows = []
        for r, cells in enumerate(rows, start=start_row):
            cs = []
            for c, cell in enumerate(cells):
                ref = f"{col(c)}{r}"
                if cell is None or cell == "":
                    continue
                if isinstance(cell, str):
                    cs.append(f'<c r="{ref}" t="s"><v>{self.sst(cell)}</v></c>')
                elif cell[0] == "inline":
                    cs.append(f'<c r="{ref}" t="inlineStr"><is><t>{escape(cell[1])}</t></is></c>')
                elif cell[0] == "n":
                    cs.append(f'<c r="{ref}"><v>{cell[1]}</v></c>')
                elif cell[0] == "b":
                    cs.append(f'<c r="{ref}" t="b"><v>{cell[1]}</v></c>')
                elif cell[0] == "e":
                    cs.append(f'<c r="{ref}" t="e"><v>{escape(cell[1])}</v></c>')
                elif cell[0] == "f":
                    v = "" if cell[2] is None else f"<v>{cell[2]}</v>"
                    cs.append(f'<c r="{ref}"><f>{escape(cell[1])}</f>{v}</c>')
                elif cell[0] == "date":
                    cs.append(f'<c r="{ref}" s="{cell[2]}"><v>{cell[1]}</v></c>')
                elif cell[0] == "raw":
                    cs.append(cell[1].replace("REF", ref))
            xml_rows.append(f'<row r="{r}">{"".join(cs)}</row>')
        extra = ""
        if merged:
            extra = f'<mergeCells count="{len(merged)}">' + "".join(f'<mergeCell ref="{m}"/>' for m in merged) + "</mergeCells>"
        self.sheets.append((name, hidden, xml_rows, extra, raw_cells))

    def write(self, path, break_sheet=None):
        parts = []
        types = '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' \
                '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' \
                '<Default Extension="xml" ContentType="application/xml"/></Types>'
        parts.append(("[Content_Types].xml", types))
        parts.append(("_rels/.rels", f'<Relationships xmlns="{PKG}"><Relationship Id="rId1" Type="{REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'))
        wb = f'<workbook xmlns="{MAIN}" xmlns:r="{REL}"><sheets>'
        rels = f'<Relationships xmlns="{PKG}">'
        for i, (name, hidden, _, _, _) in enumerate(self.sheets):
            state = ' state="hidden"' if hidden else ""
            wb += f'<sheet name="{escape(name)}" sheetId="{i + 1}"{state} r:id="rId{i + 1}"/>'
            rels += f'<Relationship Id="rId{i + 1}" Type="{REL}/worksheet" Target="worksheets/sheet{i + 1}.xml"/>'
        n = len(self.sheets)
        rels += f'<Relationship Id="rId{n + 1}" Type="{REL}/sharedStrings" Target="sharedStrings.xml"/>'
        rels += f'<Relationship Id="rId{n + 2}" Type="{REL}/styles" Target="styles.xml"/></Relationships>'
        parts.append(("xl/workbook.xml", wb + "</sheets></workbook>"))
        parts.append(("xl/_rels/workbook.xml.rels", rels))
        parts.append(("xl/styles.xml", STYLES))
        sst = f'<sst xmlns="{MAIN}" count="{len(self.shared)}" uniqueCount="{len(self.shared)}">'
        sst += "".join(f'<si><t xml:space="preserve">{escape(s)}</t></si>' for s in self.shared) + "</sst>"
        parts.append(("xl/sharedStrings.xml", sst))
        for i, (name, _, rows, extra, raw) in enumerate(self.sheets):
            x = raw if raw is not None else f'<worksheet xmlns="{MAIN}"><sheetData>{"".join(rows)}</sheetData>{extra}</worksheet>'
            if break_sheet == name:
                x = x[: len(x) // 2]
            parts.append((f"xl/worksheets/sheet{i + 1}.xml", x))
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
            for name, text in parts:
                info = zipfile.ZipInfo(name, date_time=(2026, 11, 23, 0, 0, 0))
                info.compress_type = zipfile.ZIP_DEFLATED
                z.writestr(info, text.encode("utf-8"))


def base(book, needs=None, members=None, skip=()):
    """A small valid week; `needs` / `members` replace those sheets' data rows."""
    if "communities" not in skip:
        book.sheet("社区", [["编号", "名称", "纬度", "经度"], ["C1", "文明街社区", ("n", "25.04"), ("n", "102.71")],
                          ["C2", "光华社区", ("n", "25.045"), ("n", "102.715")]])
    if "units" not in skip:
        book.sheet("units", [["id", "name", "pledge_hours"], ["U1", "五华区人民医院", ("n", "8")]])
    if "members" not in skip:
        book.sheet("members", [["id", "name", "unit", "community", "skills", "slots", "max_hours", "phone"]] + (members or [
            ["M1", "李明", "U1", "C1", "medical", "Sat-AM|Sun-AM", ("n", "4"), ("n", "13808711001")],
            ["M2", "王芳", "U1", "C2", "driving", "周六上午", ("n", "2"), ("n", "1.3808711002E10")],
        ]))
    if "needs" not in skip:
        book.sheet("needs", [["id", "community", "hours", "slots", "skills", "priority", "vulnerable"]] + (needs or [
            ["N1", "C1", ("n", "2"), "Sat-AM", "medical", ("n", "1"), ("b", "1")],
        ]))


def case(name, build, break_sheet=None):
    b = Book()
    build(b)
    b.write(os.path.join(ROOT, name + ".xlsx"), break_sheet=break_sheet)


def main():
    os.makedirs(ROOT, exist_ok=True)
    for f in os.listdir(ROOT):
        # fuzz-*.xlsx are inputs the workbook fuzzer stopped on, kept as they were found.
        if f.endswith(".xlsx") and not f.startswith("fuzz-"):
            os.remove(os.path.join(ROOT, f))

    # Accepted: every way a cell is stored, read as the person meant it.
    def excel_cells(b):
        b.sheet("社区", [["南关街道 社区名单"], ["编号", "名称", None, "纬度", "经度"],
                        ["C1", ("inline", "文明街社区"), None, ("n", "25.04"), ("n", "102.71")], [],
                        ["C2", "光华社区", None, ("f", "25.04+0.005", "25.045"), ("n", "1.02715E2")]],
                merged=("A1:E1",))
        b.sheet("units", [["id", "name", "pledge_hours"], ["U1", "五华区人民医院", ("n", "8")], [("n", "1001"), "粮食公司", ("n", "0")]])
        b.sheet("党员", [["编号", "姓名", "单位", "社区", "技能", "时段", "每周时长上限", "手机"],
                        ["M1", "李明", "U1", "C1", "medical", "周六上午、周日上午", ("n", "2"), ("n", "13808711001")],
                        ["M2", "王芳", ("n", "1001"), "C2", "driving", "周一至周五晚上 周末", ("n", "4"), ("n", "1.3808711002E10")]])
        b.sheet("needs", [["id", "community", "hours", "slots", "skills", "priority", "vulnerable"],
                          ["N1", "C1", ("f", "1+1", "2"), "Sat-AM", "medical", ("n", "1"), ("b", "1")],
                          ["N2", "C2", ("n", "1.5"), "周末", "", ("n", "3"), ("b", "0")]])
        b.sheet("travel", [["from", "to", "minutes"], ["C1", "C2", ("n", "12")]], hidden=True)
        b.sheet("Sheet3", [], hidden=False)
    case("excel-cells", excel_cells)

    case("hours-in-chinese", lambda b: base(b, needs=[["N1", "C1", "三小时", "Sat-AM", "medical", ("n", "1"), ("b", "1")]]))
    case("date-in-slots", lambda b: base(b, needs=[["N1", "C1", ("n", "2"), ("date", "46000", 1), "medical", ("n", "1"), ("b", "1")]]))
    case("date-in-hours", lambda b: base(b, needs=[["N1", "C1", ("date", "46000", 2), "Sat-AM", "medical", ("n", "1"), ("b", "1")]]))
    case("formula-without-value", lambda b: base(b, needs=[["N1", "C1", ("f", "B9*2", None), "Sat-AM", "medical", ("n", "1"), ("b", "1")]]))
    case("formula-error-value", lambda b: base(b, needs=[["N1", "C1", ("n", "2"), "Sat-AM", "medical", ("e", "#REF!"), ("b", "1")]]))
    case("bad-shared-string-index", lambda b: base(b, needs=[["N1", "C1", ("n", "2"), ("raw", '<c r="REF" t="s"><v>999</v></c>'), "medical", ("n", "1"), ("b", "1")]]))
    case("long-id-as-number", lambda b: base(b, members=[
        [("n", "110101199003077000"), "李明", "U1", "C1", "medical", "Sat-AM", ("n", "4"), ("n", "13808711001")]]))
    case("missing-needs-sheet", lambda b: base(b, skip=("needs",)))

    def duplicate_sheets(b):
        base(b)
        b.sheet("需求", [["编号", "社区", "小时", "时段"], ["N9", "C1", ("n", "2"), "Sat-AM"]])
    case("duplicate-list-sheets", duplicate_sheets)

    def unknown_header(b):
        b.sheet("社区", [["id", "lat", "lon"], ["C1", ("n", "25.04"), ("n", "102.71")]])
        b.sheet("units", [["id"], ["U1"]])
        b.sheet("members", [["id", "unit", "community", "slots", "skills", "最多服务小时"], ["M1", "U1", "C1", "Sat-AM", "driving", ("n", "2")]])
        b.sheet("needs", [["id", "community", "hours", "slots", "skills"], ["N1", "C1", ("n", "2"), "Sat-AM", "驾驶"]])
    case("unknown-column-did-you-mean", unknown_header)

    case("empty-task-slots", lambda b: base(b, needs=[["N1", "C1", ("n", "2"), None, "medical", ("n", "1"), ("b", "1")]]))
    case("broken-sheet-xml", base, break_sheet="needs")

    with open(os.path.join(ROOT, "renamed-xls.xlsx"), "wb") as f:
        f.write(bytes([0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1]) + bytes(504))
    b = Book()
    base(b)
    b.write(os.path.join(ROOT, "truncated-zip.xlsx"))
    data = open(os.path.join(ROOT, "truncated-zip.xlsx"), "rb").read()
    open(os.path.join(ROOT, "truncated-zip.xlsx"), "wb").write(data[: len(data) // 2])
    with zipfile.ZipFile(os.path.join(ROOT, "zip-not-workbook.xlsx"), "w") as z:
        z.writestr(zipfile.ZipInfo("readme.txt", date_time=(2026, 11, 23, 0, 0, 0)), b"not a spreadsheet")


if __name__ == "__main__":
    main()
