#!/usr/bin/env python3
"""Side-by-side benchmark of cmatch at each scale, in one run on one machine.

For each scale's generated scenario it measures, one process after another (never two at once):

1. `cmatch solve SCEN -o PLAN --time-limit T --quiet [options after --]`, R runs: wall time and peak
   RSS (GNU time), summary.json's timings, each objective level's value, bound and gap, status;
2. the first level's model, exported by `cmatch solve --write-model model.mps --strategy greedy`,
   solved by `glpsol --freemps model.mps --tmlim T` and by HiGHS (PyPI `highspy`) with time_limit T;
3. the greedy baseline `cmatch solve SCEN -o G --strategy greedy --quiet` (manual dispatch), and
   `cmatch compare PLAN G --format json` for how much more the optimiser covers;

and prints a Markdown report (machine, load, table, details, exact commands), also written to --out.

    tools/bench_scales.py --scales tiny,street --time-limit 10 --out /tmp/bench.md
    tools/bench_scales.py --scales street,county,capital --out bench.md -- --threads 2

Options after `--` go to the optimal `cmatch solve` only. The binary is $CMATCH (default
.build/release/cmatch). Python 3.10+, standard library only; HiGHS is used when `highspy` imports.
"""

from __future__ import annotations

import argparse
import datetime
import hashlib
import json
import math
import os
import re
import shlex
import shutil
import signal
import statistics
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field

HERE = os.path.dirname(os.path.abspath(__file__))
GENERATOR = os.path.join(HERE, "generate_scenario.py")
SCALES = ["tiny", "street", "county", "capital"]
GNU_TIME = "/usr/bin/time"


# --------------------------------------------------------------------------------------------------
# Running one process, measured.

@dataclass
class Measured:
    cmd: list[str]
    rc: int | None = None            # exit status; None when killed by the guard or by a signal
    signal: int | None = None
    wall: float | None = None        # seconds, GNU time's %e (or our own clock when it is missing)
    rss_kib: int | None = None       # peak resident set, KiB (GNU time's %M)
    guard_killed: bool = False
    stdout: str = ""
    stderr: str = ""
    load_before: float | None = None

    def failure(self) -> str | None:
        if self.guard_killed:
            return f"killed by the harness after {self.wall:.0f} s"
        if self.signal is not None:
            return f"crashed (signal {self.signal})"
        if self.rc not in (0, None):
            last = (self.stderr.strip().splitlines() or [""])[-1][:160]
            return f"exit {self.rc}" + (f": {last}" if last else "")
        return None


def load1() -> float | None:
    try:
        return os.getloadavg()[0]
    except OSError:
        return None


def run_measured(cmd: list[str], guard: float, log: list[str], cwd: str | None = None) -> Measured:
    """Runs cmd to completion under GNU time; a run past `guard` seconds is killed and recorded."""
    log.append(shlex.join(cmd))
    m = Measured(cmd=cmd, load_before=load1())
    with tempfile.TemporaryDirectory(prefix="bench-run-") as tmp:
        tfile = os.path.join(tmp, "time")
        outf = open(os.path.join(tmp, "out"), "w+b")
        errf = open(os.path.join(tmp, "err"), "w+b")
        full = [GNU_TIME, "-f", "%e %M", "-o", tfile] + cmd if os.access(GNU_TIME, os.X_OK) else cmd
        start = time.monotonic()
        try:
            p = subprocess.Popen(full, stdout=outf, stderr=errf, stdin=subprocess.DEVNULL, cwd=cwd,
                                 start_new_session=True)
        except OSError as e:
            m.rc, m.stderr = 127, str(e)
            return m
        try:
            p.wait(timeout=guard)
        except subprocess.TimeoutExpired:
            m.guard_killed = True
            os.killpg(p.pid, signal.SIGKILL)
            p.wait()
        own_wall = time.monotonic() - start
        outf.seek(0); errf.seek(0)
        m.stdout = outf.read().decode("utf-8", "replace")
        m.stderr = errf.read().decode("utf-8", "replace")
        outf.close(); errf.close()
        m.rc = p.returncode
        m.wall = own_wall
        if full[0] == GNU_TIME and os.path.exists(tfile) and not m.guard_killed:
            lines = open(tfile, encoding="utf-8", errors="replace").read().strip().splitlines()
            for line in lines:
                sig = re.match(r"Command terminated by signal (\d+)", line)
                if sig:
                    m.signal, m.rc = int(sig.group(1)), None
                st = re.match(r"Command exited with non-zero status (\d+)", line)
                if st:
                    m.rc = int(st.group(1))
            if lines and re.fullmatch(r"[\d.]+ \d+", lines[-1]):
                wall, kib = lines[-1].split()
                m.wall, m.rss_kib = float(wall), int(kib)
        elif p.returncode is not None and p.returncode < 0:
            m.signal, m.rc = -p.returncode, None
    return m


# --------------------------------------------------------------------------------------------------
# Scenarios, generated once per scale and seed and kept in the work folder.

def scenario_for(scale: str, seed: int, workdir: str, override: dict[str, str], log: list[str],
                 notes: list[str]) -> str | None:
    if scale in override:
        return os.path.abspath(override[scale])
    folder = os.path.join(workdir, "scenarios", f"{scale}-seed{seed}")
    args = ["--scale", scale, "--seed", str(seed)]
    stamp_text = hashlib.sha256(open(GENERATOR, "rb").read()).hexdigest() + " " + " ".join(args)
    stamp = os.path.join(workdir, "scenarios", f"{scale}-seed{seed}.stamp")
    cmd = [sys.executable, GENERATOR] + args + ["--out", folder, "--quiet"]
    if os.path.isdir(folder) and os.path.exists(stamp) and open(stamp).read() == stamp_text:
        log.append(f"# cached: {shlex.join(cmd)}")
        return folder
    shutil.rmtree(folder, ignore_errors=True)
    os.makedirs(os.path.dirname(folder), exist_ok=True)
    print(f"[bench] generating {scale} (seed {seed}) …", file=sys.stderr, flush=True)
    log.append(shlex.join(cmd))
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        notes.append(f"{scale}: the generator failed (exit {r.returncode}): {r.stderr.strip()[-300:]}")
        return None
    with open(stamp, "w") as f:
        f.write(stamp_text)
    return folder


# --------------------------------------------------------------------------------------------------
# Results.

@dataclass
class Row:
    scale: str
    method: str
    wall: float | None = None
    rss_kib: int | None = None
    value: float | None = None
    bound: float | None = None
    status: str = ""
    build_share: float | None = None      # model building, % of wall
    build_io_share: float | None = None   # building + everything outside the solver's own total, % of wall
    vs_greedy: float | None = None        # % more level-1 value than the greedy plan
    extra: dict = field(default_factory=dict)

    @property
    def gap(self) -> float | None:
        """(bound − value) / |value| for a maximised level, as cmatch's summary.json reports it."""
        if self.value is None or self.bound is None or not math.isfinite(self.bound):
            return None
        return (self.bound - self.value) / max(abs(self.value), 1e-9)


def read_summary(plan: str) -> dict | None:
    try:
        with open(os.path.join(plan, "summary.json"), encoding="utf-8") as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


def cmatch_row(scale: str, method: str, runs: list[Measured], plans: list[str]) -> tuple[Row, int]:
    """Median wall and peak RSS over the runs; every other figure from the median-wall run."""
    row = Row(scale, method)
    walls = [r.wall for r in runs if r.wall is not None]
    rsss = [r.rss_kib for r in runs if r.rss_kib is not None]
    row.wall = statistics.median(walls) if walls else None
    row.rss_kib = int(statistics.median(rsss)) if rsss else None
    order = sorted(range(len(runs)), key=lambda i: (runs[i].wall or 0.0))
    pick = order[(len(order) - 1) // 2]
    m = runs[pick]
    row.extra["walls"] = [r.wall for r in runs]
    row.extra["failures"] = [f for f in (r.failure() for r in runs) if f]
    row.extra["loads"] = [r.load_before for r in runs]
    if m.failure():
        row.status = "time limit, no plan" if m.rc == 75 else m.failure()
        return row, pick
    s = read_summary(plans[pick])
    if s is None:
        row.status = "no summary.json"
        return row, pick
    row.status = s.get("status", "?")
    levels = s.get("levels") or []
    row.extra["levels"] = levels
    if levels:
        row.value, row.bound = levels[0].get("value"), levels[0].get("bound")
        row.extra["level1"] = levels[0].get("level")
        row.extra["reported_gap"] = levels[0].get("gap")
    t = s.get("timings_seconds") or {}
    row.extra["timings"] = t
    kp = s.get("kpis") or {}
    row.extra["needs_covered"] = kp.get("needs_covered")
    row.extra["projects_run"] = kp.get("projects_run")
    if m.wall and "build" in t:
        row.build_share = 100 * t["build"] / m.wall
        if "total" in t:
            row.build_io_share = 100 * (t["build"] + max(0.0, m.wall - t["total"])) / m.wall
    return row, pick


# -- the exported model ----------------------------------------------------------------------------

def model_sense(path: str) -> str:
    """'negated' when the file minimises minus the model's objective (cmatch's export for glpsol 5.0,
    which reads no OBJSENSE: its header comment says so), 'max' with an OBJSENSE MAX section,
    otherwise 'min' (taken as is)."""
    head = []
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("ROWS") or line.startswith("COLUMNS"):
                break
            head.append(line)
    text = "".join(head)
    if re.search(r"^OBJSENSE\s*(\n\s*)?(MAX|MAXIMIZE)\b", text, re.M):
        return "max"
    if re.search(r"^\*.*negation", text, re.M):
        return "negated"
    return "min"


def parse_glpsol(out: str) -> dict:
    """The last `mip = INCUMBENT >= BOUND` line of glpsol's log (minimisation form), the LP
    relaxation's optimum (a bound when branch-and-bound printed none yet) and the final status."""
    res = {"incumbent": None, "bound": None, "lp": None, "status": None, "time_used": None}
    last_lp = None
    for line in out.splitlines():
        mm = re.match(r"^\+\s*\d+: mip =\s*(.*?)\s*>=\s*(.*)$", line)
        if mm:
            inc, rest = mm.group(1), mm.group(2).strip()
            res["incumbent"] = None if "not found" in inc else float(inc)
            if rest.startswith("tree is empty"):
                res["bound"] = res["incumbent"]
            else:
                tok = rest.split()[0]
                b = float(tok) if tok not in ("-inf", "+inf", "inf") else None
                res["bound"] = b if b is not None else res["bound"]
            continue
        lp = re.match(r"^\*?\s*\d+: obj =\s*(\S+)", line)
        if lp:
            last_lp = float(lp.group(1))
        if line.startswith("OPTIMAL LP SOLUTION FOUND"):
            res["lp"] = last_lp
        if re.match(r"^(INTEGER OPTIMAL|TIME LIMIT|PROBLEM HAS|LP RELAXATION|INTEGER|MEMORY LIMIT|"
                     r"SEARCH TERMINATED|OPTIMAL LP|SOLVER FAILURE)", line):
            res["status"] = line.strip()
        tu = re.match(r"^Time used:\s*([\d.]+)", line)
        if tu:
            res["time_used"] = float(tu.group(1))
    if res["bound"] is None and res["lp"] is not None:
        res["bound"] = res["lp"]
    return res


def glpsol_row(scale: str, model: str, sense: str, T: float, extra_args: list[str], guard: float,
               log: list[str]) -> Row:
    row = Row(scale, "glpsol, exported model")
    exe = shutil.which("glpsol")
    if exe is None:
        row.status = "not installed"
        return row
    if sense == "max":
        row.status = "skipped: the file says OBJSENSE MAX, which glpsol 5.0 does not read"
        return row
    m = run_measured([exe, "--freemps", model, "--tmlim", str(int(math.ceil(T)))] + extra_args, guard, log)
    row.wall, row.rss_kib = m.wall, m.rss_kib
    if m.failure():
        row.status = m.failure()
    g = parse_glpsol(m.stdout)
    sign = -1.0 if sense == "negated" else 1.0
    row.value = None if g["incumbent"] is None else sign * g["incumbent"]
    row.bound = None if g["bound"] is None else sign * g["bound"]
    st = g["status"] or ""
    if not row.status:
        if st.startswith("INTEGER OPTIMAL"):
            row.status = "optimal"
        elif st.startswith("TIME LIMIT"):
            row.status = "time limit" + ("" if row.value is not None else ", no integer solution")
        elif row.value is None:
            row.status = st.lower() or "no integer solution"
        else:
            row.status = st.lower()
    row.extra["glpsol_status"] = st
    row.extra["glpsol_time_used"] = g["time_used"]
    row.extra["lp_relaxation"] = None if g["lp"] is None else sign * g["lp"]
    return row


HIGHS_WORKER = r"""
import json, sys, time
t0 = time.monotonic()
import highspy
model, T, threads, logfile, out = sys.argv[1], float(sys.argv[2]), int(sys.argv[3]), sys.argv[4], sys.argv[5]
h = highspy.Highs()
h.setOptionValue("output_flag", True)
h.setOptionValue("log_to_console", False)
h.setOptionValue("log_file", logfile)
h.setOptionValue("threads", threads)
h.setOptionValue("time_limit", T)
t1 = time.monotonic()
st = h.readModel(model)
t2 = time.monotonic()
res = {"version": h.version(), "read_status": str(st), "read_seconds": t2 - t1, "import_seconds": t1 - t0}
if st == highspy.HighsStatus.kError:
    res["status"] = "could not read the model"
else:
    res["sense"] = "max" if h.getLp().sense_ == highspy.ObjSense.kMaximize else "min"
    h.run()
    i = h.getInfo()
    res.update(status=h.modelStatusToString(h.getModelStatus()), run_seconds=h.getRunTime(),
               has_solution=i.primal_solution_status == 2, objective=i.objective_function_value,
               dual_bound=i.mip_dual_bound, mip_gap=i.mip_gap, nodes=i.mip_node_count)
json.dump(res, open(out, "w"))
"""


def highs_available() -> str | None:
    r = subprocess.run([sys.executable, "-c", "import highspy; print(highspy.Highs().version())"],
                       capture_output=True, text=True)
    # highspy 1.16 prints a banner on stdout when a solver is created: the version is the last line.
    return r.stdout.strip().splitlines()[-1] if r.returncode == 0 and r.stdout.strip() else None


def highs_row(scale: str, model: str, sense: str, T: float, threads: int, guard: float, workdir: str,
              log: list[str]) -> Row:
    row = Row(scale, f"HiGHS ({threads} thread{'s' if threads != 1 else ''}), exported model")
    if highs_available() is None:
        row.status = "not installed"
        return row
    worker = os.path.join(workdir, "highs_worker.py")
    with open(worker, "w") as f:
        f.write(HIGHS_WORKER)
    out = os.path.join(workdir, f"{scale}-highs.json")
    hlog = os.path.join(workdir, f"{scale}-highs.log")
    if os.path.exists(out):
        os.remove(out)
    log.append(f"# {os.path.basename(worker)}: highspy.Highs(), threads={threads}, time_limit={T:g}, "
               f"readModel(model), run(); objective, mip_dual_bound, model status")
    m = run_measured([sys.executable, worker, model, str(T), str(threads), hlog, out], guard, log)
    row.wall, row.rss_kib = m.wall, m.rss_kib
    row.extra["log"] = hlog
    if m.failure() or not os.path.exists(out):
        row.status = m.failure() or "no result"
        return row
    r = json.load(open(out))
    row.extra["highs"] = r
    if "objective" not in r:
        row.status = r.get("status", "?")
        return row
    # HiGHS honours OBJSENSE; a file that minimises the negation is turned back here.
    sign = -1.0 if (sense == "negated" and r.get("sense") == "min") else 1.0
    row.value = sign * r["objective"] if r.get("has_solution") else None
    bound = r.get("dual_bound")
    row.bound = sign * bound if bound is not None and math.isfinite(bound) else None
    st = r["status"]
    row.status = {"Optimal": "optimal", "Time limit reached": "time limit"}.get(st, st.lower())
    if row.value is None and row.status != "optimal":
        row.status += ", no integer solution"
    if r.get("read_seconds") is not None and row.wall:
        row.extra["read_share"] = 100 * r["read_seconds"] / row.wall
    return row


def compare_plans(exe: str, plan: str, greedy: str, log: list[str]) -> dict | None:
    cmd = [exe, "compare", plan, greedy, "--format", "json"]
    log.append(shlex.join(cmd))
    r = subprocess.run(cmd, capture_output=True, text=True)
    if r.returncode != 0:
        return None
    try:
        d = json.loads(r.stdout)
    except ValueError:
        return None
    return {k["kpi"]: k for k in d.get("kpis", [])}


# --------------------------------------------------------------------------------------------------
# The machine.

def machine() -> dict:
    info = {"nproc": os.cpu_count()}
    try:
        r = subprocess.run(["nproc"], capture_output=True, text=True)
        info["nproc"] = int(r.stdout.strip())
    except (OSError, ValueError):
        pass
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8", errors="replace"):
            if line.startswith("model name"):
                info["cpu"] = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    try:
        for line in open("/proc/meminfo"):
            if line.startswith("MemTotal:"):
                info["ram_gib"] = int(line.split()[1]) / 1024 / 1024
    except OSError:
        pass
    try:
        info["os"] = [l.split("=", 1)[1].strip().strip('"') for l in open("/etc/os-release")
                      if l.startswith("PRETTY_NAME=")][0]
    except (OSError, IndexError):
        pass
    return info


def loadavg() -> str:
    try:
        return " ".join(open("/proc/loadavg").read().split()[:3])
    except OSError:
        return "?"


def version_of(cmd: list[str]) -> str:
    try:
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=30)
        return (r.stdout or r.stderr).strip().splitlines()[0]
    except (OSError, IndexError, subprocess.TimeoutExpired):
        return "not installed"


# --------------------------------------------------------------------------------------------------
# Formatting.

def fnum(x, digits=1) -> str:
    if x is None:
        return "—"
    if isinstance(x, float) and not math.isfinite(x):
        return "—"
    return f"{x:,.{digits}f}"


def fpct(x, digits=2, sign=False) -> str:
    if x is None or not math.isfinite(x):
        return "—"
    return f"{x:+.{digits}f} %" if sign else f"{x:.{digits}f} %"


def table(rows: list[Row]) -> str:
    out = ["| scale | method | wall s | peak MiB | level-1 value | bound | gap % | vs greedy % | build share % "
           "| build+I/O % | status |",
           "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        gap = r.gap
        out.append("| " + " | ".join([
            r.scale, r.method, fnum(r.wall, 2), fnum(None if r.rss_kib is None else r.rss_kib / 1024, 0),
            fnum(r.value, 1), fnum(r.bound, 1), fpct(None if gap is None else 100 * gap, 3),
            fpct(r.vs_greedy, 2, sign=True), fpct(r.build_share, 2), fpct(r.build_io_share, 2),
            r.status or "—"]) + " |")
    return "\n".join(out)


# --------------------------------------------------------------------------------------------------

def main(argv: list[str]) -> int:
    passthrough: list[str] = []
    if "--" in argv:
        i = argv.index("--")
        argv, passthrough = argv[:i], argv[i + 1:]
    ap = argparse.ArgumentParser(
        description="Benchmark cmatch solve against glpsol, HiGHS and greedy dispatch at each scale. "
                    "Options after -- go to the optimal `cmatch solve` (e.g. -- --threads 1).")
    ap.add_argument("--scales", default="street,county,capital",
                    help="comma-separated, from tiny,street,county,capital (default street,county,capital)")
    ap.add_argument("--time-limit", type=float, default=60.0, help="seconds for every solver (default 60)")
    ap.add_argument("--runs", type=int, default=None,
                    help="runs of each cmatch solve, median reported (default 3 for tiny/street, 1 for "
                         "county/capital)")
    ap.add_argument("--seed", type=int, default=1, help="generator seed (default 1)")
    ap.add_argument("--scenario", action="append", default=[], metavar="SCALE=DIR",
                    help="use this folder for the scale instead of generating one "
                         "(e.g. street=scenarios/nanguan-street)")
    ap.add_argument("--skip-highs", action="store_true")
    ap.add_argument("--skip-glpsol", action="store_true")
    ap.add_argument("--skip-greedy", action="store_true")
    ap.add_argument("--highs-threads", type=int, default=1, help="HiGHS threads (default 1)")
    ap.add_argument("--glpsol-args", default="", help='extra glpsol options, e.g. "--cuts"')
    ap.add_argument("--workdir", default=os.path.join(tempfile.gettempdir(), "cmatch-bench"),
                    help="scenarios are cached here by scale and seed; plans and models of the run go "
                         "in a subfolder (default $TMPDIR/cmatch-bench)")
    ap.add_argument("--keep", action="store_true", help="keep the run's plans and exported models")
    ap.add_argument("--out", help="also write the Markdown report to this file")
    ap.add_argument("--guard", type=float, default=None,
                    help="kill any process still running after this many seconds and record it "
                         "(default 3 × time limit + 120)")
    args = ap.parse_args(argv)

    scales = [s.strip() for s in args.scales.split(",") if s.strip()]
    bad = [s for s in scales if s not in SCALES]
    if bad or not scales:
        ap.error(f"unknown scale(s) {','.join(bad)}; use {','.join(SCALES)}")
    override = {}
    for item in args.scenario:
        if "=" not in item:
            ap.error(f"--scenario wants SCALE=DIR, got {item!r}")
        k, v = item.split("=", 1)
        override[k] = v
    T = args.time_limit
    if T <= 0:
        ap.error("--time-limit must be positive")
    exe = os.path.abspath(os.environ.get("CMATCH", ".build/release/cmatch"))
    if not os.access(exe, os.X_OK):
        print(f"no {exe}: build with `swift build -c release --product cmatch` or set CMATCH", file=sys.stderr)
        return 2
    if not os.access(GNU_TIME, os.X_OK):
        print(f"note: {GNU_TIME} is missing (apt-get install -y time); wall from our own clock, no peak RSS",
              file=sys.stderr)
    # A solver may legitimately pass its limit a little (glpsol applies --tmlim to the LP relaxation
    # and to branch-and-bound separately); past this guard the harness kills it and records that.
    guard = args.guard if args.guard else 3 * T + 120
    glpsol_args = shlex.split(args.glpsol_args)

    os.makedirs(args.workdir, exist_ok=True)
    stamp = datetime.datetime.now(datetime.timezone.utc).strftime("%Y%m%dT%H%M%SZ")
    rundir = os.path.join(os.path.abspath(args.workdir), "runs", stamp)
    os.makedirs(rundir, exist_ok=True)

    log: list[str] = []
    notes: list[str] = []
    rows: list[Row] = []
    details: list[str] = []
    mach = machine()
    load_start = loadavg()
    started = datetime.datetime.now(datetime.timezone.utc)
    versions = {
        "cmatch": version_of([exe, "--version"]),
        "glpsol": version_of(["glpsol", "--version"]),
        "highspy": highs_available() or "not installed",
    }

    def progress(msg: str) -> None:
        print(f"[bench] {msg} (load {loadavg()})", file=sys.stderr, flush=True)

    for scale in scales:
        scen = scenario_for(scale, args.seed, args.workdir, override, log, notes)
        if scen is None:
            rows.append(Row(scale, "cmatch solve", status="no scenario"))
            continue
        runs_n = args.runs or (3 if scale in ("tiny", "street") else 1)
        sdir = os.path.join(rundir, scale)
        os.makedirs(sdir, exist_ok=True)

        # 1. cmatch solve, R runs.
        runs, plans = [], []
        for i in range(runs_n):
            progress(f"{scale}: cmatch solve, run {i + 1} of {runs_n}")
            plan = os.path.join(sdir, f"plan-{i + 1}")
            runs.append(run_measured([exe, "solve", scen, "-o", plan, "--time-limit", f"{T:g}", "--quiet"]
                                     + passthrough, guard, log))
            plans.append(plan)
        opt, pick = cmatch_row(scale, "cmatch solve" + (" " + " ".join(passthrough) if passthrough else ""),
                               runs, plans)
        scale_rows = [opt]

        # 2. the exported first-level model, by glpsol and HiGHS.
        model = os.path.join(sdir, "model.mps")
        need_model = not (args.skip_glpsol and args.skip_highs)
        export = None
        if need_model:
            progress(f"{scale}: exporting the first level's model")
            export = run_measured([exe, "solve", scen, "-o", os.path.join(sdir, "export-plan"),
                                   "--write-model", model, "--strategy", "greedy", "--quiet"], guard, log)
        model_ok = export is not None and export.failure() is None and os.path.exists(model)
        sense = model_sense(model) if model_ok else "?"
        for which in ("glpsol", "highs"):
            if which == "glpsol" and args.skip_glpsol or which == "highs" and args.skip_highs:
                continue
            if not model_ok:
                name = "glpsol, exported model" if which == "glpsol" else "HiGHS, exported model"
                scale_rows.append(Row(scale, name, status="no model: " + (export.failure() or "not written")
                                      if export else "no model"))
                continue
            progress(f"{scale}: {which} on the exported model")
            if which == "glpsol":
                scale_rows.append(glpsol_row(scale, model, sense, T, glpsol_args, guard, log))
            else:
                scale_rows.append(highs_row(scale, model, sense, T, args.highs_threads, guard, sdir, log))

        # 3. greedy dispatch, and compare.
        greedy = None
        cmp = None
        if not args.skip_greedy:
            gruns, gplans = [], []
            for i in range(runs_n):
                progress(f"{scale}: greedy dispatch, run {i + 1} of {runs_n}")
                gplan = os.path.join(sdir, f"greedy-{i + 1}")
                gruns.append(run_measured([exe, "solve", scen, "-o", gplan, "--strategy", "greedy", "--quiet"],
                                          guard, log))
                gplans.append(gplan)
            greedy, gpick = cmatch_row(scale, "greedy dispatch (--strategy greedy)", gruns, gplans)
            # Greedy proves nothing: the bound its summary.json carries is the trivial one (every task's
            # value), so the table shows none.
            greedy.extra["trivial_bound"], greedy.bound = greedy.bound, None
            if greedy.status == "feasible":
                greedy.status = "heuristic plan"
            scale_rows.append(greedy)
            if opt.value is not None and greedy.value is not None:
                cmp = compare_plans(exe, plans[pick], gplans[gpick], log)
            if greedy.value:
                for r in scale_rows:
                    if r.value is not None and r is not greedy:
                        r.vs_greedy = 100 * (r.value - greedy.value) / abs(greedy.value)
                greedy.vs_greedy = 0.0 if greedy.value is not None else None
        rows.extend(scale_rows)

        # Details for the scale.
        d = [f"### {scale}: `{scen}`", ""]
        d.append(f"- cmatch solve: {runs_n} run(s), wall {', '.join(fnum(w, 2) for w in opt.extra.get('walls', []))} s; "
                 f"load average (1 min) before each: {', '.join(fnum(l, 2) for l in opt.extra.get('loads', []))}; "
                 f"figures other than wall and RSS from the median-wall run ({pick + 1}).")
        for f in opt.extra.get("failures", []):
            d.append(f"- a cmatch solve run failed: {f}")
        if opt.extra.get("levels"):
            d.append("- levels: " + "; ".join(
                f"{l.get('level')} {fnum(l.get('value'), 2)} (bound {fnum(l.get('bound'), 2)}, gap "
                f"{fpct(None if l.get('gap') is None else 100 * l['gap'], 3)}{', optimal' if l.get('optimal') else ''})"
                for l in opt.extra["levels"]))
        if opt.extra.get("timings"):
            d.append("- timings_seconds: " + ", ".join(f"{k} {v:.3f}" for k, v in opt.extra["timings"].items()))
        if opt.extra.get("needs_covered") is not None:
            d.append(f"- needs covered {opt.extra['needs_covered']}, projects run {opt.extra.get('projects_run')}")
        if export is not None:
            size = os.path.getsize(model) / 2**20 if os.path.exists(model) else 0
            head = ""
            if os.path.exists(model):
                with open(model, encoding="utf-8", errors="replace") as f:
                    for line in f:
                        if line.startswith("* Written by"):
                            head = line[2:].strip()
                            break
            d.append(f"- export (`--write-model`, greedy): wall {fnum(export.wall, 2)} s, {fnum(size, 1)} MiB; "
                     f"{head or export.failure() or ''}; objective sense: "
                     + {"negated": "the file minimises minus the coverage (values negated back here)",
                        "max": "OBJSENSE MAX", "min": "minimise, taken as is", "?": "?"}[sense])
        for r in scale_rows:
            if "glpsol_status" in r.extra:
                d.append(f"- glpsol: final status `{r.extra['glpsol_status'] or '—'}`, its own time "
                         f"{fnum(r.extra['glpsol_time_used'], 1)} s, LP relaxation {fnum(r.extra['lp_relaxation'], 1)}")
            if "highs" in r.extra:
                h = r.extra["highs"]
                d.append(f"- HiGHS {h.get('version')}: status `{h.get('status')}`, run {fnum(h.get('run_seconds'), 2)} s, "
                         f"reading the model {fnum(h.get('read_seconds'), 2)} s, nodes {h.get('nodes')}, "
                         f"its gap {fpct(None if h.get('mip_gap') is None else 100 * h['mip_gap'], 3)}"
                         + (f"; log {r.extra.get('log')}" if args.keep else ""))
        if greedy is not None and greedy.extra.get("timings"):
            d.append("- greedy timings_seconds: " + ", ".join(f"{k} {v:.3f}" for k, v in greedy.extra["timings"].items()))
        if cmp:
            def kv(name):
                k = cmp.get(name)
                return None if k is None else k.get("values")
            parts = []
            for name in ("value covered", "tasks covered", "members serving", "pledge shortfall, hours",
                         "travel minutes", "unmet, outcompeted"):
                v = kv(name)
                if v and len(v) == 2 and None not in v:
                    parts.append(f"{name} {fnum(v[0], 1)} vs {fnum(v[1], 1)} ({fnum(v[0] - v[1], 1)})")
            d.append("- `cmatch compare` optimal vs greedy: " + "; ".join(parts))
            if opt.extra.get("needs_covered") is not None and greedy.extra.get("needs_covered") is not None:
                d.append(f"- needs covered {opt.extra['needs_covered']} vs {greedy.extra['needs_covered']}, "
                         f"projects run {opt.extra.get('projects_run')} vs {greedy.extra.get('projects_run')}")
        # A bound is valid for every method on the same level: flag any value above any bound.
        vals = [(r.method, r.value) for r in scale_rows if r.value is not None]
        bnds = [(r.method, r.bound) for r in scale_rows if r.bound is not None and r is not greedy]
        bad = [(vm, v, bm, b) for vm, v in vals for bm, b in bnds if v > b + 1e-6 * max(1.0, abs(b))]
        if bad:
            for vm, v, bm, b in bad:
                d.append(f"- **inconsistent:** {vm} value {fnum(v, 2)} exceeds {bm}'s bound {fnum(b, 2)}")
        elif vals and bnds:
            best_v = max(vals, key=lambda x: x[1])
            best_b = min(bnds, key=lambda x: x[1])
            d.append(f"- bounds consistent: best value {fnum(best_v[1], 1)} ({best_v[0]}) ≤ tightest bound "
                     f"{fnum(best_b[1], 1)} ({best_b[0]}); cmatch's value is "
                     f"{fpct(100 * (best_b[1] - opt.value) / abs(opt.value) if opt.value else None, 3)} "
                     f"below the tightest bound")
        details.append("\n".join(d))
        if not args.keep:
            for p in os.listdir(sdir):
                full = os.path.join(sdir, p)
                if p.endswith(".mps"):
                    os.remove(full)

    load_end = loadavg()
    ended = datetime.datetime.now(datetime.timezone.utc)
    report = [
        f"# cmatch benchmark, {started.strftime('%Y-%m-%d %H:%M')}–{ended.strftime('%H:%M')} UTC",
        "",
        f"**Machine**: {mach.get('nproc')} cores ({mach.get('cpu', '?')}), "
        f"{fnum(mach.get('ram_gib'), 1)} GiB RAM, {mach.get('os', '?')}. "
        f"Load average (1, 5, 15 min) at start {load_start}, at end {load_end}.",
        f"**Versions**: {versions['cmatch']} (`{exe}`); {versions['glpsol']}; highspy {versions['highspy']}.",
        f"**Settings**: time limit {T:g} s for every solver; seed {args.seed}; "
        f"cmatch solve options {' '.join(passthrough) or '(none)'}; HiGHS threads {args.highs_threads}; "
        f"glpsol options {args.glpsol_args or '(none)'}. Runs of cmatch solve and of greedy: "
        f"{args.runs or '3 (tiny, street), 1 (county, capital)'}; glpsol and HiGHS: one each. "
        f"The harness runs one process at a time; other work on the machine shows in the load.",
        "",
        table(rows),
        "",
        "Columns: *wall s* and *peak MiB* are GNU time's elapsed seconds and maximum resident set of the "
        "whole process (median over the runs for cmatch); *level-1 value* and *bound* are the first "
        "objective level (coverage) and a valid upper bound on it; *gap %* is (bound − value) / value; "
        "*vs greedy %* is the level-1 value over the greedy plan's; *build share %* is summary.json's "
        "`build` time over the wall time; *build+I/O %* adds everything outside the solver's own `total` "
        "(reading the scenario, writing the plan, process start). glpsol and HiGHS solve the model "
        "`--write-model` exports (free MPS that minimises minus the coverage), so their values are negated "
        "back.",
        "",
        "## Details",
        "",
        "\n\n".join(details),
    ]
    if notes:
        report += ["", "## Notes", ""] + [f"- {n}" for n in notes]
    report += ["", "## Commands, in the order run", "", "```sh",
               f"# CMATCH={exe} {shlex.join([sys.executable, os.path.relpath(__file__)] + sys.argv[1:])}"]
    report += log + ["```", ""]
    text = "\n".join(report)
    print(text)
    if args.out:
        tmp = args.out + ".tmp"
        with open(tmp, "w", encoding="utf-8") as f:
            f.write(text)
        os.replace(tmp, args.out)
    if not args.keep:
        shutil.rmtree(rundir, ignore_errors=True)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
