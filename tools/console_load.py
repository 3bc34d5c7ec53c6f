#!/usr/bin/env python3
"""A bounded load check of the console on loopback: a district's worth of clerks reading plan pages while a
street week solves, and the solve's plan unchanged by the load.

    python3 tools/console_load.py --cmatch .build/release/cmatch [--clients 50] [--seconds 60]

1. starts `cmatch serve` on a free 127.0.0.1 port with a temporary workspace;
2. uploads scenarios/nanguan-street (the street example) and plans it with no other load: plan A;
3. plans it again and, while that solve runs, 50 concurrent keep-alive clients (one asyncio process) read
   the plan page of A, a member's week and the plan summary of the API, in turn, for --seconds seconds
   (bounded: it stops by itself, and every request goes to 127.0.0.1 only);
4. waits for the second solve: plan B; checks that A and B are byte-identical (assignments.csv,
   resources.csv, unmet.csv, units.csv, plan.json; summary.json holds timings);
5. prints reads/s, p50/p99/max latency, errors, both solve times. Exit 1 when the plans differ or a read failed.
"""
import argparse
import asyncio
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import urllib.request

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_e2e import REPO, free_port, start_server  # noqa: E402

STREET = os.path.join(REPO, "scenarios", "nanguan-street")
COMPARED = ["assignments.csv", "resources.csv", "unmet.csv", "units.csv", "plan.json"]


def multipart(paths):
    boundary = "----cmatch-load"
    body = b""
    for p in paths:
        with open(p, "rb") as f:
            data = f.read()
        body += (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"{os.path.basename(p)}\"\r\n"
                 "Content-Type: application/octet-stream\r\n\r\n").encode() + data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def call(base, path, method="GET", body=None, ctype=None):
    req = urllib.request.Request(base + path, data=body, method=method)
    if ctype:
        req.add_header("Content-Type", ctype)
    try:
        with urllib.request.urlopen(req, timeout=60) as r:
            return r.status, json.loads(r.read() or b"{}")
    except urllib.error.HTTPError as e:
        return e.code, json.loads(e.read() or b"{}")


def solve(base, week):
    status, j = call(base, f"/api/v1/weeks/{week}/solve", "POST")
    assert status == 202, (status, j)
    return j["job"]


def wait(base, job, limit=1200):
    start = time.time()
    while time.time() - start < limit:
        _, j = call(base, f"/api/v1/jobs/{job}")
        if j.get("state") in ("done", "failed"):
            return j
        time.sleep(1)
    raise SystemExit(f"job {job} did not finish in {limit} s")


async def client(host, port, paths, deadline, latencies, errors, sizes):
    reader, writer = await asyncio.open_connection(host, port)
    k = 0
    try:
        while time.monotonic() < deadline:
            path = paths[k % len(paths)]
            k += 1
            t0 = time.perf_counter()
            writer.write(f"GET {path} HTTP/1.1\r\nHost: {host}:{port}\r\n\r\n".encode())
            await writer.drain()
            head = await reader.readuntil(b"\r\n\r\n")
            lines = head.decode("latin-1").split("\r\n")
            status = int(lines[0].split()[1])
            length = 0
            chunked = False
            for line in lines[1:]:
                if line.lower().startswith("content-length:"):
                    length = int(line.split(":", 1)[1])
                if line.lower().startswith("transfer-encoding:") and "chunked" in line.lower():
                    chunked = True
            if chunked:
                total = 0
                while True:
                    size = int((await reader.readuntil(b"\r\n")).strip(), 16)
                    await reader.readexactly(size + 2)
                    total += size
                    if size == 0:
                        break
                length = total
            else:
                await reader.readexactly(length)
            latencies.append(time.perf_counter() - t0)
            sizes.append(length)
            if status != 200:
                errors.append(f"{path}: {status}")
    finally:
        writer.close()


async def load(host, port, paths, clients, seconds):
    latencies, errors, sizes = [], [], []
    deadline = time.monotonic() + seconds
    start = time.monotonic()
    await asyncio.gather(*[client(host, port, paths, deadline, latencies, errors, sizes) for _ in range(clients)])
    return latencies, errors, sizes, time.monotonic() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmatch", default=os.path.join(REPO, ".build", "release", "cmatch"))
    ap.add_argument("--clients", type=int, default=50)
    ap.add_argument("--seconds", type=float, default=60)
    args = ap.parse_args()
    args.clients = max(1, min(args.clients, 200))
    args.seconds = max(1.0, min(args.seconds, 300.0))

    tmp = tempfile.mkdtemp(prefix="console-load-")
    port = free_port()
    proc, base = start_server(args.cmatch, os.path.join(tmp, "ws"), port)
    try:
        names = [n for n in sorted(os.listdir(STREET)) if n.endswith(".csv") or n == "scenario.yaml"]
        body, ctype = multipart([os.path.join(STREET, n) for n in names])
        status, j = call(base, "/api/v1/weeks", "POST", body, ctype)
        assert status == 201, (status, j)
        week = j["id"]

        t0 = time.time()
        a = wait(base, solve(base, week))
        solve_a = time.time() - t0
        assert a["state"] == "done", a
        plan_a = a["plan"]
        print(f"plan A {plan_a}: solved alone in {solve_a:.0f} s", flush=True)

        # Warm the page caches the clerks will read, then pick a member who serves.
        for path in [f"/plans/{plan_a}", f"/api/v1/plans/{plan_a}"]:
            urllib.request.urlopen(base + path, timeout=120).read()
        with open(os.path.join(tmp, "ws", "plans", plan_a, "assignments.csv"), encoding="utf-8") as f:
            member = f.read().split("\n")[1].split(",")[3]
        paths = [f"/plans/{plan_a}", f"/plans/{plan_a}/members/{member}", f"/api/v1/plans/{plan_a}"]

        t1 = time.time()
        job_b = solve(base, week)
        time.sleep(2)
        _, jb = call(base, f"/api/v1/jobs/{job_b}")
        assert jb["state"] == "running", jb
        latencies, errors, sizes, elapsed = asyncio.run(load("127.0.0.1", port, paths, args.clients, args.seconds))
        _, jb = call(base, f"/api/v1/jobs/{job_b}")
        still_running = jb["state"] == "running"
        b = wait(base, job_b)
        solve_b = time.time() - t1
        assert b["state"] == "done", b
        plan_b = b["plan"]

        same = all(open(os.path.join(tmp, "ws", "plans", plan_a, n), "rb").read()
                   == open(os.path.join(tmp, "ws", "plans", plan_b, n), "rb").read() for n in COMPARED)
        lat = sorted(latencies)
        n = len(lat)
        p = lambda q: lat[min(n - 1, int(q * n))] * 1000  # noqa: E731
        print(f"reads: {n} in {elapsed:.1f} s by {args.clients} clients = {n / elapsed:.0f} reads/s "
              f"(pages of {min(sizes) // 1024}–{max(sizes) // 1024} KiB, {sum(sizes) / elapsed / 1e6:.1f} MB/s)")
        print(f"latency: p50 {p(0.50):.1f} ms, p99 {p(0.99):.1f} ms, max {lat[-1] * 1000:.1f} ms, mean {statistics.mean(lat) * 1000:.1f} ms")
        print(f"errors: {len(errors)}")
        print(f"plan B {plan_b}: solved beside the load in {solve_b:.0f} s (still solving when the load stopped: {still_running})")
        print(f"plans A and B byte-identical ({', '.join(COMPARED)}): {same}")
        if errors or not same:
            print("\n".join(errors[:10]))
            raise SystemExit(1)
    finally:
        proc.terminate()
        try:
            proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        shutil.rmtree(tmp, ignore_errors=True)


if __name__ == "__main__":
    main()
