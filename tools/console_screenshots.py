#!/usr/bin/env python3
"""Screenshots of each page of the console for docs/console.md (Playwright + Debian's chromium-headless-shell).

    python3 tools/console_screenshots.py --cmatch .build/debug/cmatch --out docs

Starts `cmatch serve` on a free loopback port with a temporary workspace, walks the tiny-lanes week through
upload (with a broken file first), check, plan, a member's week, a pin, a what-if and the ledger, and writes
docs/console-*.png. Fails on any page script error.
"""
import argparse
import os
import shutil
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from console_e2e import CHROMIUM, LISTS, REPO, TINY, free_port, start_server  # noqa: E402
from playwright.sync_api import sync_playwright  # noqa: E402


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--cmatch", default=os.path.join(REPO, ".build", "debug", "cmatch"))
    ap.add_argument("--out", default=os.path.join(REPO, "docs"))
    args = ap.parse_args()
    tmp = tempfile.mkdtemp(prefix="console-shots-")
    broken = os.path.join(tmp, "broken")
    os.makedirs(broken)
    for name in LISTS:
        shutil.copy(os.path.join(TINY, name), os.path.join(broken, name))
    with open(os.path.join(TINY, "needs.csv"), encoding="utf-8") as f:
        lines = f.read().split("\n")
    cells = lines[3].split(",")
    cells[6] = ""
    lines[3] = ",".join(cells)
    with open(os.path.join(broken, "needs.csv"), "w", encoding="utf-8") as f:
        f.write("\n".join(lines))

    proc, base = start_server(args.cmatch, os.path.join(tmp, "ws"), free_port())
    errors = []
    try:
        with sync_playwright() as p:
            browser = p.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])
            page = browser.new_page(viewport={"width": 1280, "height": 900})
            page.on("pageerror", lambda e: errors.append(str(e)))

            def shot(name, full=False):
                path = os.path.join(args.out, f"console-{name}.png")
                page.screenshot(path=path, full_page=full)
                print("wrote", path)

            page.goto(base + "/")
            page.set_input_files("#files", [os.path.join(broken, n) for n in LISTS])
            page.click("#upload")
            page.wait_for_url("**/weeks/w1")
            shot("check-errors")
            page.set_input_files("#more-files", os.path.join(TINY, "needs.csv"))
            page.click("#add-files")
            page.wait_for_selector("#check-ok")
            shot("check-ok")
            page.click("#plan-button")
            page.wait_for_url("**/plans/p1", timeout=120000)
            shot("plan", full=True)
            page.goto(base + "/plans/p1/members/M10")
            shot("member-week")
            page.goto(base + "/plans/p1#adjust")
            page.select_option("#pin-task", "N01")
            page.select_option("#pin-member", "M10")
            page.click("#pin-button")
            page.wait_for_url("**/plans/p2", timeout=120000)
            shot("adjusted")
            page.goto(base + "/plans/p1#whatif")
            page.select_option("#whatif-category", "elderly-care")
            page.fill("#whatif-factor", "1.4")
            page.click("#whatif-button")
            page.wait_for_url("**/plans/p3", timeout=120000)
            page.click("#compare-link")
            page.wait_for_load_state()
            shot("whatif-compare")
            page.goto(base + "/plans/p2#out")
            page.click("#accept-button")
            page.wait_for_load_state()
            page.goto(base + "/ledger")
            shot("ledger")
            page.goto(base + "/?lang=en")
            shot("weeks-en")
            page.goto(base + "/?lang=zh")
            shot("weeks")
            browser.close()
    finally:
        proc.terminate()
        proc.communicate(timeout=10)
        shutil.rmtree(tmp, ignore_errors=True)
    if errors:
        print("\n".join(errors))
        raise SystemExit(1)


if __name__ == "__main__":
    main()
