#!/usr/bin/env python3
"""Exactness table (issue 14, item 4): cmatch's lexicographic plan against HiGHS's proven optimum.

For each scale and seed, one process after another (never two at once):

1. the week is generated (`tools/generate_scenario.py --scale S --seed N`, cached in the work folder);
2. its level models are exported by the first binary: `cmatch solve WEEK -o X --write-levels DIR
   --strategy greedy --quiet` writes DIR/1-coverage.lp, 2-pledges.lp, 3-travel.lp (the same variables
   and rows, each level's objective; greedy only so that the export costs no MIP solve);
3. HiGHS (PyPI `highspy`, 1 thread, mip_rel_gap 0, mip_abs_gap 1e-6) solves them lexicographically:
   level 1; then level k with one hold row per earlier level j, built from level j's objective
   coefficients (columns mapped by name between the files) at level j's optimum,
   ≥ v − 1e-6·max(1,|v|) for a maximised level, ≤ v + 1e-6·max(1,|v|) for a minimised one. Each level
   starts from the previous level's solution. A level HiGHS does not prove within --highs-time-limit is
   held at its best value and marked unproven (so are the levels below it);
4. each cmatch binary (`--cmatch`, and `--cmatch-before` when given) runs
   `cmatch solve WEEK -o PLAN [--time-limit T] --quiet` (T only when given; else each binary's own
   default): whole-process wall time (GNU time when present),
   exit code, and each level's value, bound, gap and `optimal` flag and the status from summary.json.

The report (Markdown, printed and written to --out after every week) has one row per week and a
summary per scale. A verdict per level says `=` when cmatch's value equals HiGHS's within 1e-6
relative (1e-6 absolute below 1), else the difference cmatch − HiGHS; the levels below a level that
differs are lexicographically incomparable and marked so.

    nice -n 5 python3 tools/exactness.py --scales community,small --seeds 1-10 \\
        --cmatch .build/release/cmatch --cmatch-before /path/to/before/cmatch --out exactness.md

HiGHS results are cached in the work folder by the level files' contents and the HiGHS settings
(--no-cache to solve again). Python 3.10+, highspy for HiGHS; helpers from tools/bench_scales.py.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import json
import math
import os
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
from bench_scales import (GNU_TIME, Measured, fnum, loadavg, machine, read_summary,  # noqa: E402
                          run_measured, scenario_for, version_of)

SCALES = ["tiny", "community", "small", "street", "county", "capital"]
REL_TOL = 1e-6


def within(a: float, b: float, rel: float = REL_TOL) -> bool:
    return abs(a - b) <= rel * max(1.0, abs(a), abs(b))


# --------------------------------------------------------------------------------------------------
# HiGHS, lexicographically, in a child process (highspy prints a banner on stdout; the child writes
# its results as JSON into a file, so nothing on stdout is parsed).

HIGHS_LEX_WORKER = r"""
import json, sys, time
t0 = time.monotonic()
import highspy
cfg = json.load(open(sys.argv[1]))
files, T, threads, abs_gap, hold_rel = cfg["files"], cfg["time_limit"], cfg["threads"], cfg["abs_gap"], cfg["hold_rel"]
res = {"version": None, "import_seconds": time.monotonic() - t0, "levels": []}
holds = []          # (names, costs, offset, sense, value) of every level solved so far
prev = None         # {name: value} of the previous level's solution
def dump():
    json.dump(res, open(cfg["out"], "w"))
for k, path in enumerate(files):
    lv = {"file": path}
    res["levels"].append(lv)
    h = highspy.Highs()
    res["version"] = h.version()
    h.setOptionValue("output_flag", True)
    h.setOptionValue("log_to_console", False)
    h.setOptionValue("log_file", cfg["log"] + f".{k + 1}")
    h.setOptionValue("threads", threads)
    h.setOptionValue("time_limit", T)
    h.setOptionValue("mip_rel_gap", 0.0)
    h.setOptionValue("mip_abs_gap", abs_gap)
    t1 = time.monotonic()
    st = h.readModel(path)
    lv["read_seconds"] = time.monotonic() - t1
    if st == highspy.HighsStatus.kError:
        lv["status"] = "could not read the model"
        dump(); break
    lp = h.getLp()
    names = list(lp.col_names_)
    index = {n: i for i, n in enumerate(names)}
    lv["columns"], lv["rows"] = lp.num_col_, lp.num_row_
    sense = "max" if lp.sense_ == highspy.ObjSense.kMaximize else "min"
    lv["sense"] = sense
    costs = list(lp.col_cost_)
    integ = list(lp.integrality_) if len(lp.integrality_) else [highspy.HighsVarType.kContinuous] * lp.num_col_
    mine = {"names": names, "costs": costs, "offset": lp.offset_, "sense": sense,
            "lower": list(lp.col_lower_), "upper": list(lp.col_upper_), "integ": integ}
    # Hold rows: each earlier level's objective at its optimum.
    added_cols = []
    for j, hd in enumerate(holds):
        idx, val = [], []
        for n, c, lo, up, ty in zip(hd["names"], hd["costs"], hd["lower"], hd["upper"], hd["integ"]):
            if c == 0.0:
                continue
            if n not in index:
                # A column of level j's file that this file lacks (it appears only in that objective):
                # add it with level j's bounds and type.
                h.addCol(0.0, lo, up, 0, [], [])
                i = h.getNumCol() - 1
                h.changeColIntegrality(i, ty)
                h.passColName(i, n)
                index[n] = i
                added_cols.append(n)
            idx.append(index[n]); val.append(c)
        v = hd["value"]
        tol = hold_rel * max(1.0, abs(v))
        rhs = v - hd["offset"]
        if hd["sense"] == "max":
            lo, up = rhs - tol, highspy.kHighsInf
        else:
            lo, up = -highspy.kHighsInf, rhs + tol
        h.addRow(lo, up, len(idx), idx, val)
    lv["added_columns"] = added_cols
    if prev is not None and cfg.get("warm_start", True):
        try:
            sol = highspy.HighsSolution()
            n_now = h.getNumCol()
            names_now = list(h.getLp().col_names_)
            sol.col_value = [prev.get(n, 0.0) for n in names_now]
            sol.value_valid = True
            h.setSolution(sol)
            lv["warm_start"] = True
        except Exception as e:  # an older highspy: solve without a start
            lv["warm_start"] = f"failed: {e}"
    h.run()
    info = h.getInfo()
    status = h.modelStatusToString(h.getModelStatus())
    has = info.primal_solution_status == 2
    lv.update(status=status, optimal=status == "Optimal", run_seconds=h.getRunTime(), has_solution=has,
              objective=info.objective_function_value if has else None,
              dual_bound=info.mip_dual_bound, mip_gap=info.mip_gap, nodes=info.mip_node_count)
    if not has:
        dump(); break
    x = list(h.getSolution().col_value)
    names_now = list(h.getLp().col_names_)
    prev = dict(zip(names_now, x))
    # Each earlier level's objective at this solution: the hold rows must keep them at their optima.
    lv["earlier_levels_here"] = [hd["offset"] + sum(c * prev.get(n, 0.0) for n, c in zip(hd["names"], hd["costs"]) if c)
                                 for hd in holds]
    mine["value"] = info.objective_function_value
    holds.append(mine)
    dump()
dump()
"""


def highs_version() -> str | None:
    r = subprocess.run([sys.executable, "-c", "import highspy; print('VERSION=' + highspy.Highs().version())"],
                       capture_output=True, text=True)
    for line in r.stdout.splitlines():
        if line.startswith("VERSION="):
            return line.split("=", 1)[1]
    return None


def sha_files(paths: list[str], extra: str) -> str:
    h = hashlib.sha256(extra.encode())
    for p in paths:
        with open(p, "rb") as f:
            for chunk in iter(lambda: f.read(1 << 20), b""):
                h.update(chunk)
    h.update(HIGHS_LEX_WORKER.encode())
    return h.hexdigest()


def highs_lex(files: list[str], T: float, threads: int, abs_gap: float, warm: bool, wdir: str,
              cache_dir: str | None, log: list[str]) -> dict:
    """HiGHS's lexicographic solve of the level files: {"levels": [...], "wall": s, "failure": ...}."""
    settings = f"T={T} threads={threads} abs_gap={abs_gap} hold_rel={REL_TOL} warm={warm}"
    key = sha_files(files, settings)
    cached = os.path.join(cache_dir, key + ".json") if cache_dir else None
    if cached and os.path.exists(cached):
        r = json.load(open(cached))
        r["cached"] = True
        log.append(f"# HiGHS, cached result {os.path.basename(cached)} ({settings})")
        return r
    worker = os.path.join(wdir, "highs_lex_worker.py")
    with open(worker, "w") as f:
        f.write(HIGHS_LEX_WORKER)
    out = os.path.join(wdir, "highs.json")
    cfg = os.path.join(wdir, "highs-config.json")
    json.dump({"files": files, "time_limit": T, "threads": threads, "abs_gap": abs_gap, "hold_rel": REL_TOL,
               "warm_start": warm, "out": out, "log": os.path.join(wdir, "highs.log")}, open(cfg, "w"))
    if os.path.exists(out):
        os.remove(out)
    log.append(f"# highs_lex_worker.py: {settings}, the levels {', '.join(os.path.basename(p) for p in files)}")
    m = run_measured([sys.executable, worker, cfg], len(files) * (2 * T + 60) + 60, log)
    r = json.load(open(out)) if os.path.exists(out) else {"levels": []}
    r["wall"] = m.wall
    r["failure"] = m.failure()
    r["cached"] = False
    if cached and not r["failure"]:
        os.makedirs(cache_dir, exist_ok=True)
        json.dump(r, open(cached, "w"))
    return r


# --------------------------------------------------------------------------------------------------
# One week.

@dataclass
class CmatchRun:
    label: str
    wall: float | None = None
    rc: int | None = None
    failure: str | None = None
    status: str = ""
    levels: list[dict] = field(default_factory=list)    # summary.json's levels
    timings: dict = field(default_factory=dict)

    def value(self, k: int) -> float | None:
        return self.levels[k].get("value") if k < len(self.levels) else None

    def all_proven(self) -> bool:
        return bool(self.levels) and all(l.get("optimal") for l in self.levels)


@dataclass
class Week:
    scale: str
    seed: int
    needs: int | None = None
    members: int | None = None
    columns: int | None = None
    rows: int | None = None
    level_names: list[str] = field(default_factory=list)
    export_failure: str | None = None
    highs: dict = field(default_factory=dict)
    runs: list[CmatchRun] = field(default_factory=list)
    note: str = ""

    def highs_level(self, k: int) -> dict:
        lv = self.highs.get("levels") or []
        return lv[k] if k < len(lv) else {}

    def highs_value(self, k: int) -> float | None:
        return self.highs_level(k).get("objective")

    def highs_proven(self, k: int) -> bool:
        return all(self.highs_level(j).get("optimal") for j in range(k + 1))

    def highs_time(self) -> float | None:
        lv = self.highs.get("levels") or []
        t = [l.get("run_seconds") for l in lv if l.get("run_seconds") is not None]
        return sum(t) if t else None


def count_rows(path: str) -> int | None:
    for enc in ("utf-8-sig", "gb18030"):
        try:
            with open(path, encoding=enc, newline="") as f:
                return max(0, sum(1 for r in csv.reader(f) if any(c.strip() for c in r)) - 1)
        except UnicodeDecodeError:
            continue
        except OSError:
            return None
    return None


def run_cmatch(label: str, exe: str, scen: str, plan: str, T: float | None, log: list[str]) -> CmatchRun:
    r = CmatchRun(label)
    shutil.rmtree(plan, ignore_errors=True)
    limit = [] if T is None else ["--time-limit", f"{T:g}"]
    m: Measured = run_measured([exe, "solve", scen, "-o", plan] + limit + ["--quiet"],
                               3 * (T or 300) + 120, log)
    r.wall, r.rc, r.failure = m.wall, m.rc, m.failure()
    if r.failure:
        r.status = "time limit, no plan" if m.rc == 75 else r.failure
        return r
    s = read_summary(plan)
    if s is None:
        r.status = "no summary.json"
        return r
    r.status = s.get("status", "?")
    r.levels = s.get("levels") or []
    r.timings = s.get("timings_seconds") or {}
    return r


def verdicts(w: Week, run: CmatchRun) -> list[str]:
    """Per level: '=', or the difference cmatch − HiGHS; levels below a differing one are incomparable."""
    if run.failure:
        return ["no plan"]
    out = []
    n = max(len(w.level_names), len(run.levels))
    broken = False
    for k in range(n):
        cv, hv = run.value(k), w.highs_value(k)
        if run.failure or cv is None:
            out.append("no plan" if run.failure else "—")
            continue
        if hv is None:
            out.append("no HiGHS")
            continue
        tag = "" if w.highs_proven(k) else " (HiGHS unproven)"
        if broken:
            out.append("n/a")
            continue
        sense = w.highs_level(k).get("sense", "max" if k == 0 else "min")
        # A bound cmatch reports must not cut off HiGHS's proven optimum (the levels above being equal).
        cb = run.levels[k].get("bound") if k < len(run.levels) else None
        bad_bound = ""
        if cb is not None and w.highs_proven(k) and not within(cb, hv):
            if (sense == "max" and cb < hv) or (sense == "min" and cb > hv):
                bad_bound = f" **(cmatch's bound {cb:,.6g} cuts off the optimum)**"
        if within(cv, hv):
            out.append("=" + tag + bad_bound)
            continue
        broken = True
        d = cv - hv
        better = d > 0 if sense == "max" else d < 0
        txt = f"{d:+,.6g}"
        if better and w.highs_proven(k):
            txt = f"**{txt}, beats HiGHS's proven optimum**"
        elif run.levels[k].get("optimal") and w.highs_proven(k):
            txt = f"**{txt}, cmatch says optimal**"
        out.append(txt + tag + bad_bound)
    return out


def matched(w: Week, run: CmatchRun, k: int) -> bool:
    return (not run.failure and w.highs_proven(k)
            and all(run.value(j) is not None and w.highs_value(j) is not None
                    and within(run.value(j), w.highs_value(j)) for j in range(k + 1)))


def shortfall_pct(w: Week, run: CmatchRun) -> float | None:
    """How far cmatch's first level lies from HiGHS's, % of HiGHS's (positive = worse)."""
    cv, hv = run.value(0), w.highs_value(0)
    if cv is None or hv is None or run.failure:
        return None
    sense = w.highs_level(0).get("sense", "max")
    d = (hv - cv) if sense == "max" else (cv - hv)
    return 100 * d / max(abs(hv), 1e-9)


# --------------------------------------------------------------------------------------------------
# Formatting.

def fval(x, digits) -> str:
    if x is None:
        return "—"
    return fnum(float(x), digits)


def fstatus(run: CmatchRun) -> str:
    if run.failure:
        return f"exit {run.rc}" if run.rc is not None else run.failure
    s = run.status or "?"
    if run.levels:
        # Which levels summary.json marks optimal, e.g. "feasible ✓✗✗".
        s += " " + "".join("✓" if l.get("optimal") else "✗" for l in run.levels)
    return s


DIGITS = [1, 1, 2]   # coverage, pledges, travel


def week_table(weeks: list[Week], labels: list[str]) -> str:
    head = ["scale", "seed", "needs / members / columns"]
    align = ["---", "---:", "---:"]
    for lab in labels:
        head += [f"{lab}: wall s", f"{lab}: coverage / pledges / travel", f"{lab}: status"]
        align += ["---:", "---:", "---"]
    head += ["HiGHS: s", "HiGHS: coverage / pledges / travel"]
    align += ["---:", "---:"]
    for lab in labels:
        head.append(f"{lab} vs HiGHS")
        align.append("---")
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
    for w in weeks:
        nl = max(3, len(w.level_names))
        cells = [w.scale, str(w.seed), f"{fval(w.needs, 0)} / {fval(w.members, 0)} / {fval(w.columns, 0)}"]
        for run in w.runs:
            cells.append(fval(run.wall, 2))
            cells.append(" / ".join(fval(run.value(k), DIGITS[min(k, 2)]) for k in range(nl)))
            cells.append(fstatus(run))
        ht = w.highs_time()
        hv = []
        for k in range(nl):
            v = fval(w.highs_value(k), DIGITS[min(k, 2)])
            if w.highs_value(k) is not None and not w.highs_level(k).get("optimal"):
                v += "?"
            hv.append(v)
        cells.append((fval(ht, 1) if ht is not None else "—") + ("" if not w.highs.get("failure") else " (failed)"))
        cells.append(" / ".join(hv))
        for run in w.runs:
            cells.append(" / ".join(verdicts(w, run)))
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def summary_table(weeks: list[Week], labels: list[str], scales: list[str]) -> str:
    head = ["scale", "weeks"]
    align = ["---", "---:"]
    for lab in labels:
        head += [f"{lab}: median wall s", f"{lab}: all levels proven", f"{lab}: = HiGHS on coverage / pledges / travel",
                 f"{lab}: worst coverage shortfall"]
        align += ["---:", "---:", "---:", "---:"]
    head += ["HiGHS: median s", "HiGHS: weeks proven"]
    align += ["---:", "---:"]
    out = ["| " + " | ".join(head) + " |", "|" + "|".join(align) + "|"]
    for scale in scales:
        ws = [w for w in weeks if w.scale == scale]
        if not ws:
            continue
        cells = [scale, str(len(ws))]
        for i, _ in enumerate(labels):
            runs = [(w, w.runs[i]) for w in ws if i < len(w.runs)]
            walls = [r.wall for _, r in runs if r.wall is not None and not r.failure]
            cells.append(fval(statistics.median(walls), 2) if walls else "—")
            cells.append(f"{sum(1 for _, r in runs if r.all_proven())}/{len(runs)}")
            nl = max((len(w.level_names) for w in ws), default=3)
            cells.append(" / ".join(f"{sum(1 for w, r in runs if matched(w, r, k))}" for k in range(nl))
                         + f" of {len(runs)}")
            sf = [s for s in (shortfall_pct(w, r) for w, r in runs) if s is not None]
            fails = sum(1 for _, r in runs if r.failure)
            cells.append((f"{max(sf) + 0.0:.3f} %".replace("-0.000", "0.000") if sf else "—") + (f" ({fails} failed)" if fails else ""))
        ht = [w.highs_time() for w in ws if w.highs_time() is not None]
        cells.append(fval(statistics.median(ht), 1) if ht else "—")
        nl = max((len(w.level_names) for w in ws), default=3)
        cells.append(f"{sum(1 for w in ws if w.highs_proven(nl - 1))}/{len(ws)}")
        out.append("| " + " | ".join(cells) + " |")
    return "\n".join(out)


def parse_seeds(text: str) -> list[int]:
    seeds: list[int] = []
    for part in text.split(","):
        part = part.strip()
        if not part:
            continue
        m = re.fullmatch(r"(\d+)-(\d+)", part)
        if m:
            a, b = int(m.group(1)), int(m.group(2))
            seeds += list(range(a, b + 1))
        else:
            seeds.append(int(part))
    return sorted(dict.fromkeys(seeds))


# --------------------------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    ap = argparse.ArgumentParser(
        description="Exactness table: cmatch's lexicographic optimum against HiGHS's on the exported level models.")
    ap.add_argument("--scales", default="community,small,street",
                    help=f"comma-separated, from {','.join(SCALES)} (default community,small,street)")
    ap.add_argument("--seeds", default="1-10", help="generator seeds, e.g. 1-10 or 1,3,5 (default 1-10)")
    ap.add_argument("--cmatch", required=True, help="the cmatch binary under test (\"after\"); it also exports the models")
    ap.add_argument("--cmatch-before", help="a baseline cmatch binary (\"before\"), run on the same weeks")
    ap.add_argument("--label", default="after", help="the name of --cmatch in the table (default after)")
    ap.add_argument("--label-before", default="before", help="the name of --cmatch-before (default before)")
    ap.add_argument("--time-limit", type=float, default=None,
                    help="cmatch's --time-limit (default: not passed, each binary's own default)")
    ap.add_argument("--highs-time-limit", type=float, default=300.0, help="HiGHS's time limit per level (default 300)")
    ap.add_argument("--highs-threads", type=int, default=1, help="HiGHS threads (default 1)")
    ap.add_argument("--highs-abs-gap", type=float, default=1e-6, help="HiGHS mip_abs_gap (default 1e-6)")
    ap.add_argument("--no-warm-start", action="store_true",
                    help="do not give HiGHS the previous level's solution as a start")
    ap.add_argument("--no-cache", action="store_true", help="solve with HiGHS even when a cached result exists")
    ap.add_argument("--skip-highs", action="store_true", help="run cmatch only (no verdicts)")
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "cmatch-exactness"),
                    help="scenarios and HiGHS results are cached here; plans and models of the run go in a "
                         "subfolder (default $TMPDIR/cmatch-exactness)")
    ap.add_argument("--keep", action="store_true", help="keep the run's plans, models and HiGHS logs")
    ap.add_argument("--out", help="also write the Markdown report to this file (rewritten after every week)")
    args = ap.parse_args(argv)

    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    bad = [s for s in scales if s not in SCALES]
    if bad or not scales:
        ap.error(f"unknown scale(s) {','.join(bad)}; use {','.join(SCALES)}")
    try:
        seeds = parse_seeds(args.seeds)
    except ValueError:
        ap.error(f"--seeds: cannot read {args.seeds!r}")
    if not seeds:
        ap.error("--seeds: no seed")
    binaries = [(args.label, os.path.abspath(args.cmatch))]
    if args.cmatch_before:
        binaries.append((args.label_before, os.path.abspath(args.cmatch_before)))
    for lab, exe in binaries:
        if not os.access(exe, os.X_OK):
            print(f"{lab}: {exe} is not an executable", file=sys.stderr)
            return 2
    hv = None
    if not args.skip_highs:
        hv = highs_version()
        if hv is None:
            print("highspy does not import (pip install highspy); use --skip-highs for cmatch alone", file=sys.stderr)
            return 2
    labels = [lab for lab, _ in binaries]
    if len(set(labels)) != len(labels):
        ap.error("--label and --label-before must differ")
    T = args.time_limit

    workdir = os.path.abspath(args.workdir)
    os.makedirs(workdir, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    rundir = os.path.join(workdir, "runs", stamp)
    os.makedirs(rundir, exist_ok=True)
    # Each binary is copied once, so that a rebuild during the run (or "Text file busy") changes nothing.
    origins = dict(binaries)
    digests = {}
    snap = []
    for lab, exe in binaries:
        copy = os.path.join(rundir, "bin", lab, "cmatch")
        os.makedirs(os.path.dirname(copy), exist_ok=True)
        shutil.copy2(exe, copy)
        digests[lab] = hashlib.sha256(open(copy, "rb").read()).hexdigest()[:12]
        snap.append((lab, copy))
    binaries = snap
    cache_dir = None if args.no_cache else os.path.join(workdir, "highs-cache")

    log: list[str] = []
    notes: list[str] = []
    weeks: list[Week] = []
    mach = machine()
    load_start = loadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    versions = {lab: version_of([exe, "--version"]) for lab, exe in binaries}

    def progress(msg: str) -> None:
        print(f"[exactness] {msg} (load {loadavg()})", file=sys.stderr, flush=True)

    def report() -> str:
        now = datetime.datetime.now(datetime.timezone.utc)
        bins = "; ".join(f"**{lab}** `{origins[lab]}` ({versions[lab]}, sha256 {digests[lab]}…, copied at the start)"
                         for lab, _ in binaries)
        text = [
            f"# cmatch exactness, {started.strftime('%Y-%m-%d %H:%M')}–{now.strftime('%H:%M')} UTC",
            "",
            f"**Machine**: {mach.get('nproc')} cores ({mach.get('cpu', '?')}), {fnum(mach.get('ram_gib'), 1)} GiB RAM, "
            f"{mach.get('os', '?')}. Load average (1, 5, 15 min) at start {load_start}, now {loadavg()}.",
            f"**Binaries**: {bins}. `cmatch solve WEEK -o PLAN{'' if T is None else f' --time-limit {T:g}'} --quiet`"
            f"{' (each binary’s default time limit)' if T is None else ''}, one run each.",
            f"**HiGHS**: highspy {hv or 'not used'}, {args.highs_threads} thread(s), mip_rel_gap 0, mip_abs_gap "
            f"{args.highs_abs_gap:g}, time limit {args.highs_time_limit:g} s per level, lexicographic with hold rows "
            f"(tolerance {REL_TOL:g}·max(1,|v|)), "
            f"{'no start' if args.no_warm_start else 'each level started from the previous level’s solution'}. "
            f"Models: `{binaries[0][0]}`'s `--write-levels`.",
            "",
            week_table(weeks, labels),
            "",
            "Columns: *wall s* is the whole `cmatch solve` process (GNU time's elapsed seconds: reading, "
            "building, solving, writing); the three values are summary.json's levels (coverage, maximised; "
            "pledge shortfall in hours and travel in minutes, minimised); *status* is summary.json's, or the "
            "exit code of a failed run, then ✓ or ✗ per level for summary.json's `optimal` flag. *HiGHS: s* is the sum of HiGHS's run times over the levels (reading "
            "the files excluded); a value marked ? was not proven optimal within the limit. The verdict per "
            "level is `=` when cmatch equals HiGHS within 1e-6 relative, else cmatch − HiGHS; below a level "
            "that differs the levels are lexicographically incomparable (n/a).",
            "",
            "## Summary per scale",
            "",
            summary_table(weeks, labels, scales),
            "",
            "*= HiGHS* counts weeks where cmatch equals HiGHS's proven optimum on that level and every level "
            "above it; *worst coverage shortfall* is the largest (HiGHS − cmatch) / HiGHS on the first level.",
        ]
        cached = [f"{w.scale} {w.seed}" for w in weeks if w.highs.get("cached")]
        if cached:
            text += ["", f"HiGHS's results for {', '.join(cached)} come from the cache in the work folder (same "
                     "level files, same settings); their times were measured when they were solved."]
        if notes:
            text += ["", "## Notes", ""] + [f"- {n}" for n in notes]
        text += ["", "## Commands, in the order run", "", "```sh",
                 "# " + shlex.join([sys.executable, os.path.relpath(__file__)] + argv)] + log + ["```", ""]
        return "\n".join(text)

    def flush() -> str:
        text = report()
        if args.out:
            tmp = args.out + ".tmp"
            with open(tmp, "w", encoding="utf-8") as f:
                f.write(text)
            os.replace(tmp, args.out)
        return text

    for scale in scales:
        for seed in seeds:
            w = Week(scale, seed)
            weeks.append(w)
            scen = scenario_for(scale, seed, workdir, {}, log, notes)
            if scen is None:
                w.note = "no scenario"
                w.runs = [CmatchRun(lab, failure="no scenario", status="no scenario") for lab in labels]
                flush()
                continue
            w.needs = count_rows(os.path.join(scen, "needs.csv"))
            w.members = count_rows(os.path.join(scen, "members.csv"))
            wdir = os.path.join(rundir, f"{scale}-seed{seed}")
            os.makedirs(wdir, exist_ok=True)

            # The level models, exported by the first binary (greedy: no MIP solve is spent on it).
            progress(f"{scale} seed {seed}: exporting the level models")
            lvdir = os.path.join(wdir, "levels")
            exp = run_measured([binaries[0][1], "solve", scen, "-o", os.path.join(wdir, "export-plan"),
                                "--write-levels", lvdir, "--strategy", "greedy", "--quiet"], 3 * (T or 300) + 120, log)
            files = sorted((os.path.join(lvdir, f) for f in (os.listdir(lvdir) if os.path.isdir(lvdir) else [])
                            if re.match(r"\d+-.*\.lp$", f)), key=lambda p: int(os.path.basename(p).split("-")[0]))
            if exp.failure() or not files:
                w.export_failure = exp.failure() or "no level files written"
                notes.append(f"{scale} seed {seed}: the export failed: {w.export_failure}")
            else:
                w.level_names = [re.sub(r"^\d+-|\.lp$", "", os.path.basename(p)) for p in files]
                with open(files[0], encoding="utf-8", errors="replace") as f:
                    for line in f:
                        mm = re.search(r"(\d+) variables, (\d+) constraints", line)
                        if mm:
                            w.columns, w.rows = int(mm.group(1)), int(mm.group(2))
                            break
                        if not line.startswith("\\"):
                            break
                if not args.skip_highs:
                    progress(f"{scale} seed {seed}: HiGHS, {len(files)} levels ({w.columns} columns)")
                    w.highs = highs_lex(files, args.highs_time_limit, args.highs_threads, args.highs_abs_gap,
                                        not args.no_warm_start, wdir, cache_dir, log)
                    hl = w.highs.get("levels") or []
                    for k, lv in enumerate(hl):
                        for j, v in enumerate(lv.get("earlier_levels_here") or []):
                            held = hl[j].get("objective")
                            if held is not None and not within(v, held, 2 * REL_TOL):
                                notes.append(f"{scale} seed {seed}: HiGHS's level-{k + 1} solution moves level {j + 1} "
                                             f"from {held:.6f} to {v:.6f} (a hold row not kept)")
                    if w.highs.get("failure"):
                        notes.append(f"{scale} seed {seed}: HiGHS {w.highs['failure']}")
                    if w.columns is None and w.highs.get("levels"):
                        w.columns = w.highs["levels"][0].get("columns")

            for lab, exe in binaries:
                progress(f"{scale} seed {seed}: cmatch ({lab})")
                run = run_cmatch(lab, exe, scen, os.path.join(wdir, f"plan-{lab}"), T, log)
                w.runs.append(run)
                if run.failure:
                    notes.append(f"{scale} seed {seed}: {lab} failed: {run.failure}")
            for run in w.runs:
                if not run.failure and w.level_names and [l.get("level") for l in run.levels] != w.level_names:
                    notes.append(f"{scale} seed {seed}: {run.label}'s levels {[l.get('level') for l in run.levels]} "
                                 f"are not the exported {w.level_names}")
            if not args.keep:
                shutil.rmtree(lvdir, ignore_errors=True)
            flush()

    text = flush()
    print(text)
    if not args.keep:
        shutil.rmtree(rundir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
