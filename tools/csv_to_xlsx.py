#!/usr/bin/env python3
"""Writes a scenario folder's CSV lists as one workbook with openpyxl, the way an office keeps them.

    python3 tools/csv_to_xlsx.py SCENARIO OUT.xlsx [--chinese] [--numbers] [--settings-sheet]

--chinese         sheets named 社区, 党员, … instead of communities, members, …
--numbers         cells that look like numbers are stored as numbers (as Excel does when a person types
                  them), so ids and phones come back from the reader as digits
--settings-sheet  scenario.yaml flattened into a `scenario` sheet of key–value rows (dotted keys), so the
                  workbook is a whole scenario on its own

Used by the workbook tests (the same plans from CSV files and from a workbook) and by BENCHMARKS.md.
Reads UTF-8 and GB18030 CSV files.
"""
import csv
import io
import os
import sys

import openpyxl

LISTS = ["communities", "members", "units", "resources", "needs", "projects", "travel", "pins"]
CHINESE = {"communities": "社区", "members": "党员", "units": "单位", "needs": "需求", "projects": "项目",
           "resources": "资源", "travel": "路程", "pins": "指定"}


def read_text(path):
    data = open(path, "rb").read()
    for enc in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(enc)
        except UnicodeDecodeError:
            continue
    raise SystemExit(f"{path}: neither UTF-8 nor GB18030")


def as_number(s):
    if not s or s.strip() != s or s.startswith("+") or (s.startswith("0") and len(s) > 1 and not s.startswith("0.")):
        return s
    try:
        if s.lstrip("-").isdigit():
            return int(s)
        v = float(s)
        if v != v or v in (float("inf"), float("-inf")) or "e" in s.lower():
            return s
        return v
    except ValueError:
        return s


def flatten(prefix, node, out):
    if isinstance(node, dict):
        for k, v in node.items():
            flatten(f"{prefix}.{k}" if prefix else str(k), v, out)
    elif isinstance(node, list):
        out.append((prefix, "[" + ", ".join(str(x) for x in node) + "]"))
    else:
        out.append((prefix, "" if node is None else str(node)))


def main(argv):
    args = [a for a in argv if not a.startswith("--")]
    flags = {a for a in argv if a.startswith("--")}
    if len(args) != 2:
        raise SystemExit(__doc__)
    folder, out = args
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    if "--settings-sheet" in flags and os.path.exists(os.path.join(folder, "scenario.yaml")):
        import yaml  # PyYAML, present wherever openpyxl's test deps are; only needed for this flag
        settings = yaml.safe_load(read_text(os.path.join(folder, "scenario.yaml"))) or {}
        ws = wb.create_sheet("scenario")
        ws.append(["key", "value"])
        rows = []
        flatten("", settings, rows)
        for k, v in rows:
            ws.append([k, v])
    for name in LISTS:
        path = os.path.join(folder, name + ".csv")
        if not os.path.exists(path):
            continue
        ws = wb.create_sheet(CHINESE[name] if "--chinese" in flags else name)
        for row in csv.reader(io.StringIO(read_text(path))):
            ws.append([as_number(c) if "--numbers" in flags else c for c in row])
    wb.save(out)


if __name__ == "__main__":
    main(sys.argv[1:])
