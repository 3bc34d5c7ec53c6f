#!/usr/bin/env python3
"""The street office's console in a real browser (Playwright driving Debian's chromium-headless-shell).

Starts `cmatch serve` on a free loopback port with a temporary workspace, then as a clerk would:
uploads the tiny-lanes lists with a broken needs.csv and sees the error row (file, row, column), uploads the
fixed file, plans the week, opens a member's week, pins a member to a need (a re-plan that shows what
changed), switches to English, downloads the workbook, and fails on any page script error or console error.

    python3 tools/console_e2e.py --cmatch .build/debug/cmatch

Prints `console e2e: ok` and exits 0 when every step held. Needs PyPI playwright (pip install playwright; never
`playwright install`) and Debian's chromium-headless-shell.
"""
import argparse
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request

from playwright.sync_api import sync_playwright

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
TINY = os.path.join(REPO, "scenarios", "tiny-lanes")
LISTS = ["communities.csv", "members.csv", "units.csv", "needs.csv", "projects.csv", "resources.csv", "scenario.yaml"]
CHROMIUM = "/usr/bin/chromium-headless-shell"


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def start_server(cmatch, workspace, port):
    proc = subprocess.Popen([cmatch, "serve", "--workspace", workspace, "--port", str(port)],
                            stdout=subprocess.PIPE, stderr=subprocess.STDOUT, stdin=subprocess.DEVNULL)
    base = f"http://127.0.0.1:{port}"
    for _ in range(200):
        try:
            with urllib.request.urlopen(base + "/api/v1/health", timeout=1) as r:
                if r.status == 200:
                    return proc, base
        except OSError:
            time.sleep(0.1)
    proc.kill()
    raise SystemExit("cmatch serve did not answer on " + base)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmatch", default=os.path.join(REPO, ".build", "debug", "cmatch"))
    args = ap.parse_args()

    tmp = tempfile.mkdtemp(prefix="console-e2e-")
    workspace = os.path.join(tmp, "ws")
    files = os.path.join(tmp, "files")
    broken = os.path.join(tmp, "broken")
    os.makedirs(files)
    os.makedirs(broken)
    for name in LISTS:
        shutil.copy(os.path.join(TINY, name), os.path.join(files, name))
        shutil.copy(os.path.join(TINY, name), os.path.join(broken, name))
    # A broken needs.csv: N03's slots cell emptied (SPEC: an empty slots cell is an error), row 4, column 7.
    with open(os.path.join(TINY, "needs.csv"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    cells = lines[3].split(",")
    assert cells[0] == "N03", lines[3]
    cells[6] = ""
    lines[3] = ",".join(cells)
    with open(os.path.join(broken, "needs.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))

    port = free_port()
    proc, base = start_server(args.cmatch, workspace, port)
    errors = []
    steps = []

    def step(text):
        steps.append(text)
        print("step:", text, flush=True)

    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            context = browser.new_context(accept_downloads=True)
            page = context.new_page()
            page.on("pageerror", lambda e: errors.append(f"page error on {page.url}: {e}"))
            page.on("console", lambda m: errors.append(f"console {m.type} on {page.url}: {m.text}") if m.type == "error" else None)
            page.set_default_timeout(20000)

            step("weeks page, upload the lists with a broken needs.csv")
            page.goto(base + "/")
            assert "每周名单" in page.content()
            page.set_input_files("#files", [os.path.join(broken, n) for n in LISTS])
            page.click("#upload")
            page.wait_for_url("**/weeks/w1")
            row = page.locator("#diagnostics tr.error").first
            cells = [c.strip() for c in row.locator("td").all_inner_texts()]
            assert cells[0] == "needs.csv" and cells[1] == "4" and cells[2] == "7", cells
            assert page.locator("#plan-button").is_disabled(), "planning must be disabled while there are errors"

            step("replace needs.csv with the fixed file; the check passes")
            page.set_input_files("#more-files", os.path.join(files, "needs.csv"))
            page.click("#add-files")
            page.wait_for_selector("#check-ok")
            assert not page.locator("#plan-button").is_disabled()

            step("plan the week; the job page follows the solve and opens the plan")
            page.click("#plan-button")
            page.wait_for_url("**/plans/p1", timeout=120000)
            assert page.locator("#kpi-covered").inner_text().strip() == "6", page.locator("#kpi-covered").inner_text()
            assert page.locator("#street-map circle").count() > 0, "the map is drawn"
            html = page.content()
            assert "张**" in html and "张奶奶" not in html, "residents' names are masked"

            step("open a member's week")
            page.locator("a.member-link", has_text="M10").click()
            page.wait_for_url("**/plans/p1/members/M10")
            assert page.locator("#member-week tbody tr").count() == 1
            assert "P1" in page.locator("#member-week").inner_text()
            page.go_back()

            step("pin M10 to N01 (a re-plan); the changes are shown and the new plan is verified")
            page.select_option("#pin-task", "N01")
            page.select_option("#pin-member", "M10")
            page.click("#pin-button")
            page.wait_for_url("**/plans/p2", timeout=120000)
            assert page.locator("#changes tbody tr").count() > 0, "the changes are listed"
            rows = page.locator("#assignments tbody tr").all_inner_texts()
            assert any("N01" in r and "M10" in r for r in rows), rows
            assert "已核验" in page.content()

            step("switch to English")
            page.click("#lang-en")
            page.wait_for_load_state()
            assert "By community" in page.content()

            step("download the workbook")
            with page.expect_download() as d:
                page.click("#export-xlsx")
            path = os.path.join(tmp, "plan.xlsx")
            d.value.save_as(path)
            with open(path, "rb") as f:
                data = f.read()
            assert data[:2] == b"PK" and len(data) > 1000, len(data)

            step("accept the week into the ledger and see the balances")
            page.goto(base + "/plans/p2")
            page.click("#accept-button")
            page.wait_for_load_state()
            page.goto(base + "/ledger")
            # p2 moved N01 from M07 to M10: nine members served.
            assert page.locator("#balances tbody tr").count() == 9, page.locator("#balances tbody tr").count()
            assert "M10" in page.locator("#balances").inner_text()

            browser.close()
    finally:
        proc.terminate()
        try:
            out, _ = proc.communicate(timeout=10)
        except subprocess.TimeoutExpired:
            proc.kill()
            out, _ = proc.communicate()
        log = out.decode("utf-8", "replace")
        # Logs name ids, never residents' names or members' phones.
        for secret in ["张奶奶", "王大爷", "13808711001", "李明"]:
            if secret in log:
                errors.append(f"the server log names {secret}")
        shutil.rmtree(tmp, ignore_errors=True)

    if errors:
        print("\n".join(errors))
        raise SystemExit(1)
    print(f"console e2e: ok ({len(steps)} steps)")


if __name__ == "__main__":
    main()
