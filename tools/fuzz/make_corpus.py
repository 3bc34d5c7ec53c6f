#!/usr/bin/env python3
"""Writes the fuzzers' seed corpus from the example scenarios and the bad-input corpus:

    tools/fuzz/corpus/FuzzCSVReader/       one file per CSV list: a byte for the declared encoding, then the file
    tools/fuzz/corpus/FuzzScenarioReader/  one file per scenario folder, its files as `### NAME` sections

    python3 tools/fuzz/make_corpus.py

Seeds are cut to 8 KiB (the fuzzers' -max_len). Files named regression-* (inputs a fuzzer once stopped on)
are kept. Python 3.10+, standard library only.
"""
from __future__ import annotations

import os

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.normpath(os.path.join(HERE, "..", ".."))
SOURCES = [os.path.join(ROOT, "scenarios"), os.path.join(ROOT, "Tests", "TestSupport", "Fixtures", "bad-inputs")]
FILES = ["scenario.yaml", "communities.csv", "units.csv", "members.csv", "needs.csv", "resources.csv",
         "projects.csv", "travel.csv", "pins.csv"]
MAX = 8192
# The CSV target's first byte: 0 nothing declared, 2 gb18030 declared (as scenario.yaml's encoding: does).
NONE, GB18030 = b"\x00", b"\x02"


def folders():
    for source in SOURCES:
        for name in sorted(os.listdir(source)):
            path = os.path.join(source, name)
            if os.path.isdir(path):
                yield os.path.basename(source), name, path


def main() -> None:
    csv_out = os.path.join(HERE, "corpus", "FuzzCSVReader")
    scenario_out = os.path.join(HERE, "corpus", "FuzzScenarioReader")
    for out in (csv_out, scenario_out):
        os.makedirs(out, exist_ok=True)
        for old in os.listdir(out):
            # Inputs a fuzzer stopped on stay: they are the regression tests.
            if not old.startswith("regression-"):
                os.remove(os.path.join(out, old))
    seen: set[bytes] = set()
    for source, name, path in folders():
        declared_gb = False
        yaml = os.path.join(path, "scenario.yaml")
        if os.path.exists(yaml):
            declared_gb = b"gb18030" in open(yaml, "rb").read()
        sections = b""
        for file in FILES:
            p = os.path.join(path, file)
            if not os.path.exists(p):
                continue
            data = open(p, "rb").read()
            sections += b"### " + file.encode() + b"\n" + data[:MAX] + (b"" if data.endswith(b"\n") else b"\n")
            if file.endswith(".csv"):
                seed = (GB18030 if declared_gb else NONE) + data[:MAX - 1]
                if seed not in seen:
                    seen.add(seed)
                    with open(os.path.join(csv_out, f"{source}-{name}-{file}"), "wb") as f:
                        f.write(seed)
        for extra in sorted(os.listdir(path)):
            if extra.endswith(".csv") and extra not in FILES:
                # What-if overlays add rows from files named in scenario.yaml; the fuzz input cannot name
                # other files, so their rows go to the CSV target only.
                data = open(os.path.join(path, extra), "rb").read()
                with open(os.path.join(csv_out, f"{source}-{name}-{extra}"), "wb") as f:
                    f.write(NONE + data[:MAX - 1])
        with open(os.path.join(scenario_out, f"{source}-{name}"), "wb") as f:
            f.write(sections[:MAX])
    print(f"{len(os.listdir(csv_out))} CSV seeds, {len(os.listdir(scenario_out))} scenario seeds")


if __name__ == "__main__":
    main()
