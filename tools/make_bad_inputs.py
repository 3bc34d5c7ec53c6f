#!/usr/bin/env python3
"""Writes the bad-input corpus: Tests/TestSupport/Fixtures/bad-inputs/CASE/, one scenario folder per
case of what Excel, WPS and people do to the lists. Every folder is a complete scenario (so that
`cmatch validate FOLDER` runs on it as is) in which only the files a case is about differ from a small valid
base. The bytes matter (encodings, BOMs, line ends), so the files are written here rather than by hand, and
git keeps them byte for byte (.gitattributes).

    python3 tools/make_bad_inputs.py [--out DIR]

What each case must give (exit code, the exact file:line:column and a phrase of each message) is in
Tests/ScenarioIOTests/BadInputCorpusTests.swift; docs/reliability.md lists the decisions.
Python 3.10+, standard library only.
"""
from __future__ import annotations

import argparse
import os
import shutil

ROOT = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(__file__)), ".."))
DEFAULT_OUT = os.path.join(ROOT, "Tests", "TestSupport", "Fixtures", "bad-inputs")

BASE = {
    "communities.csv": "id,name,lat,lon\nC1,文明街社区,25.036,102.708\nC2,光华街社区,25.036,102.714\n",
    "units.csv": "id,name,pledge_hours\nU1,五华区人民医院,4\n",
    "members.csv": "id,name,unit,community,skills,slots,max_hours\n"
                   "M1,李明,U1,C1,medical,Sat-AM|Sat-PM,4\n"
                   "M2,王芳,U1,C2,,weekend,4\n",
    "needs.csv": "id,community,hours,slots,skills,priority\n"
                 "N1,C1,2,Sat-AM,medical,1\n"
                 "N2,C2,1,weekend,,3\n",
}

CASES: dict[str, dict[str, bytes | str | None]] = {}


def case(name: str, **files: bytes | str | None) -> None:
    """files: file name (with '.' written '_': needs_csv) -> text (UTF-8), bytes, or None to leave it out."""
    CASES[name] = {k.replace("_csv", ".csv").replace("_yaml", ".yaml"): v for k, v in files.items()}


def gb(s: str) -> bytes:
    return s.encode("gb18030")


def utf16le_bom(s: str) -> bytes:
    return b"\xff\xfe" + s.encode("utf-16-le")


# --- Accepted: what Excel writes and a person meant ------------------------------------------------------

# Excel on a Chinese Windows: GB18030 (GBK) without a BOM, Chinese headers, CRLF; a four-byte GB18030
# character (an Extension B ideograph GBK cannot hold) in a name.
case("gbk-no-bom",
     communities_csv=gb("编号,名称,纬度,经度\r\nC1,文明街社区,25.036,102.708\r\nC2,光华街社区,25.036,102.714\r\n"),
     units_csv=gb("编号,名称,承诺小时\r\nU1,五华区人民医院,4\r\n"),
     members_csv=gb("编号,姓名,单位,社区,技能,时段,最多小时\r\nM1,李明,U1,C1,medical,Sat-AM、Sat-PM,4\r\n"
                    "M2,王𠀀芳,U1,C2,,周末,4\r\n"),
     needs_csv=gb("编号,社区,小时,时段,所需技能,优先级,需求内容\r\nN1,C1,2,Sat-AM,medical,1,陪同就医\r\n"
                  "N2,C2,1,周末,,3,代购生活用品\r\n"))

# "CSV UTF-8" from Excel: a byte order mark and CRLF.
case("utf8-bom",
     members_csv=b"\xef\xbb\xbf" + BASE["members.csv"].replace("\n", "\r\n").encode(),
     needs_csv=b"\xef\xbb\xbf" + BASE["needs.csv"].replace("\n", "\r\n").encode())

# Excel's "Unicode text": UTF-16LE with a BOM, tab-separated, CRLF.
case("utf16le-tab",
     members_csv=utf16le_bom(BASE["members.csv"].replace(",", "\t").replace("\n", "\r\n")),
     needs_csv=utf16le_bom("id\tcommunity\thours\tslots\tskills\tpriority\ttitle\r\n"
                           "N1\tC1\t2\tSat-AM\tmedical\t1\t\"陪同就医, 需轮椅\"\r\nN2\tC2\t1\tweekend\t\t3\t代购\r\n"))

case("header-only",
     needs_csv="id,community,hours,slots\n",
     pins_csv="task,member,slot\n",
     travel_csv="from,to,minutes\n")

# Columns in another order, English and Chinese names mixed, header case and spaces.
case("reordered-headers",
     members_csv="时段, NAME ,max_hours,社区,id,Unit,skills\n"
                 "Sat-AM|Sat-PM,李明,4,C1,M1,U1,medical\nweekend,王芳,4,C2,M2,U1,\n",
     needs_csv="优先级,slots,Hours,编号,skills,社区\n1,Sat-AM,2,N1,medical,C1\n3,weekend,1,N2,,C2\n")

# Excel's trailing ",,,," on rows and whole empty rows, also at the top and the end.
case("trailing-commas",
     members_csv=",,,,,,\n" + "id,name,unit,community,skills,slots,max_hours,,,\n"
                 "M1,李明,U1,C1,medical,Sat-AM|Sat-PM,4,,,\n,,,,,,,,,\nM2,王芳,U1,C2,,weekend,4,,,\n,,,,,,,,,\n,,,,,,,,,\n")

# What a Chinese input method types in full-width mode: digits, letters, dashes, bars and semicolons.
case("full-width-digits-and-punctuation",
     members_csv="id,name,unit,community,skills,slots,max_hours\n"
                 "M1,李明,U1,C1,ｍｅｄｉｃａｌ,Ｓａｔ－ＡＭ｜Ｓａｔ－ＰＭ,４\n"
                 "M2,王芳,U1,C2,,ｗｅｅｋｅｎｄ,３．５\n",
     needs_csv="id,community,hours,slots,skills,priority\n"
               "N1,C1,２,Ｓａｔ－ＡＭ；Ｓａｔ－ＰＭ,medical,１\nN2,C2,１,weekend,,３\n")

# The header and yes/no typed in full-width mode too.
case("full-width-headers-and-yes-no",
     needs_csv="ｉｄ,ＣＯＭＭＵＮＩＴＹ,ｈｏｕｒｓ,ｓｌｏｔｓ,ｖｕｌｎｅｒａｂｌｅ\n"
               "N1,C1,2,Sat-AM,ＹＥＳ\nN2,C2,1,weekend,ｎｏ\n")

# Invisible characters around and inside cells: U+3000, NBSP, zero-width space, BOM in the middle.
case("ideographic-space-and-zero-width",
     members_csv="id,name,unit,community,skills,slots,max_hours\n"
                 "\u3000M1\u3000,李明,U1\ufeff,C1,medical,Sat-AM|Sat-PM,4\n"
                 "M\u200b2,\u00a0王芳\u00a0,U1,C\u200c2,,weekend,\u30004\n",
     needs_csv="id,community,hours,slots,skills,priority\n"
               "N1,C\u200b1,2,Sat-AM,medical,1\nN2,\u3000C2,1,weekend,,3\n")

# Emoji (one with zero-width joiners, one with a skin tone) and rare ideographs in names, titles and ids.
case("emoji-and-rare-cjk",
     communities_csv="id,name,lat,lon\nC1,文明街社区🏘️,25.036,102.708\n社区𠀀,𪚥街社区,25.036,102.714\n",
     members_csv="id,name,unit,community,skills,slots,max_hours\n"
                 "M1,李明👨‍👩‍👧,U1,C1,medical,Sat-AM|Sat-PM,4\nM2,王芳👍🏽,U1,社区𠀀,,weekend,4\n",
     needs_csv="id,community,hours,slots,skills,priority,title\n"
               "N1,C1,2,Sat-AM,medical,1,陪同就医🏥\nN2,社区𠀀,1,weekend,,3,𠮷野家代购\n")

# Cells that start like formulas are text in a CSV file; numbers may carry a sign.
case("formula-prefixed-text",
     members_csv="id,name,unit,community,skills,slots,max_hours\n"
                 "M1,\"=HYPERLINK(\"\"http://x\"\")\",U1,C1,medical,Sat-AM|Sat-PM,+4\n"
                 "M2,@王芳,U1,C2,,weekend,4\n",
     needs_csv="id,community,hours,slots,skills,priority,title\n"
               "N1,C1,+2,Sat-AM,medical,1,-陪同就医\nN2,C2,1,weekend,,3,+代购\n")

# An id Excel could have made of 3-1: accepted (ids are free text) with a warning at its definition.
case("date-like-id",
     communities_csv="id,name,lat,lon\nC1,文明街社区,25.036,102.708\n1-Mar,光华街社区,25.036,102.714\n",
     members_csv=BASE["members.csv"].replace("U1,C2", "U1,1-Mar"),
     needs_csv=BASE["needs.csv"].replace("N2,C2", "N2,1-Mar"))

# --- Rejected: the message names the cell and says what to do ---------------------------------------------

case("invalid-utf8-byte",
     needs_csv=b"id,community,hours,slots,skills,priority\nN1,C1,2,Sat-AM,medical,1\nN2,C2,1,we\xffekend,,3\n")

case("invalid-gb18030-byte",
     needs_csv=gb("编号,社区,小时,时段,所需技能,优先级,需求内容\r\nN1,C1,2,Sat-AM,medical,1,陪同就医\r\n")
     + b"N2,C2,1,weekend,,3," + gb("代购") + b"\xff\r\n")

case("unterminated-quote",
     needs_csv="id,community,hours,slots,skills,priority\nN1,C1,2,Sat-AM,medical,1\nN2,C2,1,\"weekend,,3\n"
               "N3,C1,1,weekend,,3\n")

case("stray-quote",
     needs_csv="id,community,hours,slots,skills,priority\nN1,C1,2,Sat-AM,medical,1\nN2,C2,1,week\"end\",,3\n")

case("text-after-closing-quote",
     needs_csv="id,community,hours,slots,skills,priority\nN1,C1,2,\"Sat-AM\"x,medical,1\nN2,C2,1,weekend,,3\n")

case("row-too-wide",
     needs_csv="id,community,hours,slots,skills,priority\nN1,C1,2,Sat-AM,medical,1\nN2,C2,1,weekend,,3,urgent\n")

case("row-too-short",
     needs_csv="id,community,hours,slots,skills,priority\nN1,C1,2,Sat-AM,medical,1\nN2,C2\n")

case("empty-file", needs_csv="")

case("only-blank-lines", units_csv="\n\r\n,,,\n")

case("duplicate-header",
     needs_csv="id,community,hours,slots,Hours\nN1,C1,2,Sat-AM,2\n")

case("duplicate-header-english-and-chinese",
     needs_csv="id,community,hours,slots,小时\nN1,C1,2,Sat-AM,2\n")

case("missing-required-column",
     needs_csv="id,community,slots\nN1,C1,Sat-AM\n")

case("header-with-full-width-commas",
     needs_csv="id，community，hours，slots\nN1，C1，2，Sat-AM\n")

case("row-with-full-width-commas",
     needs_csv="id,community,hours,slots,skills,priority\nN1,C1,2,Sat-AM,medical,1\nN2，C2，1，weekend，，3\n")

case("excel-scientific-ids",
     members_csv="id,name,unit,community,skills,slots,max_hours,phone\n"
                 "M1,李明,U1,C1,medical,Sat-AM|Sat-PM,4,13808711001\n"
                 "1.10101E+17,王芳,U1,C2,,weekend,4,1.38087E+10\n",
     needs_csv="id,community,hours,slots,skills,priority,preferred_member\n"
               "N1,C1,2,Sat-AM,medical,1,1.10101E+17\nN2,C2,1,weekend,,3,\n")

case("excel-dates-and-times",
     members_csv="id,name,unit,community,skills,slots,max_hours\n"
                 "M1,李明,U1,C1,medical,Sat-AM|Sat-PM,2026/3/1\nM2,王芳,U1,C2,,weekend,4月1日\n",
     needs_csv="id,community,hours,slots,skills,priority\n"
               "N1,C1,45992,Sat-AM,medical,1\nN2,C2,2:00,weekend,,3\n")

case("spreadsheet-errors",
     members_csv="id,name,unit,community,skills,slots,max_hours\n"
                 "M1,#REF!,U1,C1,medical,Sat-AM|Sat-PM,4\nM2,王芳,#N/A,C2,,weekend,#DIV/0!\n",
     needs_csv="id,community,hours,slots,skills,priority\n"
               "N1,C1,2,Sat-AM,#NAME?,1\n#N/A,C2,1,weekend,,#VALUE!\n")

case("formula-in-number",
     needs_csv="id,community,hours,slots,skills,priority\nN1,C1,=1+1,Sat-AM,medical,1\nN2,C2,1,weekend,,=A2\n")

case("cell-over-32767-characters",
     needs_csv="id,community,hours,slots,skills,priority,title\nN1,C1,2,Sat-AM,medical,1,陪同就医\n"
               "N2,C2,1,weekend,,3,\"" + "很" * 32768 + "\"\n")

case("workbook-saved-as-csv",
     needs_csv=b"PK\x03\x04\x14\x00\x06\x00\x08\x00\x00\x00!\x00" + b"\x00" * 16)

case("nul-byte",
     needs_csv=b"id,community,hours,slots\nN1,C1,2,Sat-AM\nN2,C2,1\x00,weekend\n")

case("full-width-id-reference",
     members_csv="id,name,unit,community,skills,slots,max_hours\n"
                 "M1,李明,Ｕ１,C1,medical,Sat-AM|Sat-PM,4\nM2,王芳,U1,Ｃ２,,weekend,4\n")

case("invalid-yaml",
     scenario_yaml="name: \"tiny\nweek: 2026-W48\n")

case("invalid-yaml-indentation",
     scenario_yaml="name: tiny\ntravel:\n  max_travel: 15\n walking_speed_kmh: 4.5\n")

case("yaml-unknown-keys-and-bad-values",
     scenario_yaml="name: tiny\nweek: 2026-W60\ncolour: red\ntravel:\n  max_travel: -5\n  speed: 4\n"
                   "weights:\n  priority: {1: lots}\nobjective: [coverage, fun]\nencoding: big5\n")

case("duplicate-ids",
     members_csv=BASE["members.csv"] + "M1,李明,U1,C1,medical,Sat-AM,4\n",
     needs_csv=BASE["needs.csv"] + "N2,C2,1,weekend,,3\n",
     units_csv="id,name,pledge_hours\nU1,五华区人民医院,4\nU1,又一个,4\n")

# Every reference between the lists, each to an id that does not exist.
case("reference-errors",
     members_csv="id,name,unit,community,skills,slots,max_hours\n"
                 "M1,李明,U9,C1,medical,Sat-AM|Sat-PM,4\nM2,王芳,U1,C9,,weekend,4\n",
     needs_csv="id,community,hours,slots,skills,priority,preferred_member\n"
               "N1,C9,2,Sat-AM,medical,1,\nN2,C2,1,weekend,,3,M9\nN3,C2,1,weekend,,3,\n",
     resources_csv="id,unit,kind,community\nR1,U9,venue,C1\nR2,U1,vehicle,C9\n",
     projects_csv="id,community,hours,slots,roles,beneficiaries\nP1,C9,2,Sat-AM,any:1,10\n",
     travel_csv="from,to,minutes\nC1,C9,5\nC9,C2,5\n",
     pins_csv="task,member,slot\nN9,M1,Sat-AM\nN3,M9,\nN1,M1,\n")

# Every number column, each with a value that is not a number or out of its range.
case("number-errors",
     communities_csv="id,name,lat,lon\nC1,文明街社区,200,102.708\nC2,光华街社区,25.036,abc\n",
     units_csv="id,name,pledge_hours\nU1,五华区人民医院,-1\n",
     members_csv="id,name,unit,community,skills,slots,max_hours\n"
                 "M1,李明,U1,C1,medical,Sat-AM|Sat-PM,169\nM2,王芳,U1,C1,,weekend,4\n",
     needs_csv="id,community,hours,slots,skills,priority,headcount,max_travel,vulnerable\n"
               "N1,C1,25,Sat-AM,medical,1,0,15,yes\nN2,C1,1,weekend,,9,1,-1,maybe\nN3,C1,1,weekend,,1.5,2.5,15,no\n",
     resources_csv="id,unit,kind,community,capacity,quantity\nR1,U1,venue,C1,-1,\nR2,U1,funds,,1,lots\n",
     projects_csv="id,community,hours,slots,roles,beneficiaries\nP1,C1,2,Sat-AM,any:3-1,ten\n",
     travel_csv="from,to,minutes\nC1,C2,soon\n")

case("bad-slots-roles-and-requirements",
     members_csv="id,name,unit,community,skills,slots,max_hours\n"
                 "M1,李明,U1,C1,medical,Sat-MORNING,4\nM2,王芳,U1,C2,,Funday,4\n",
     needs_csv="id,community,hours,slots,skills,priority,resources\n"
               "N1,C1,2,Sat-AM,medical,1,venue>=many\nN2,C2,5,Sat-AM,,3,\n",
     projects_csv="id,community,hours,slots,roles,beneficiaries\nP1,C1,2,Sat-AM,medical:1;medical:2,10\n"
                  "P2,C1,2,Sat-AM,any:0-2,10\n")


# Dashes with nothing around them in slot cells (this crashed the slot parser; found by fuzzing).
case("slot-dashes",
     members_csv="id,name,unit,community,skills,slots,max_hours\n"
                 "M1,李明,U1,C1,medical,-,4\nM2,王芳,U1,C2,,Sat-,4\n",
     needs_csv="id,community,hours,slots,skills,priority\n"
               "N1,C1,2,----,medical,1\nN2,C2,1,-AM|weekend,,3\n",
     pins_csv="task,member,slot\nN2,M2,-\n")


def write(out: str) -> None:
    if os.path.isdir(out):
        for name in os.listdir(out):
            if os.path.isdir(os.path.join(out, name)):
                shutil.rmtree(os.path.join(out, name))
    for name, files in sorted(CASES.items()):
        folder = os.path.join(out, name)
        os.makedirs(folder, exist_ok=True)
        merged: dict[str, bytes | str | None] = dict(BASE)
        merged.update(files)
        for file, content in sorted(merged.items()):
            if content is None:
                continue
            data = content.encode("utf-8") if isinstance(content, str) else content
            with open(os.path.join(folder, file), "wb") as f:
                f.write(data)
    print(f"{len(CASES)} cases in {out}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", default=DEFAULT_OUT)
    write(parser.parse_args().out)


if __name__ == "__main__":
    main()
