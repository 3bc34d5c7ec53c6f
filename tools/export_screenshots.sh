#!/usr/bin/env bash
# Renders docs/export-slip.png and docs/export-letter.png: the street example solved, exported as html, and
# one dispatch slip and one thank-you letter cut out of it and shot by headless Chromium as they show on
# screen (the same CSS prints them on A4).
# Needs: chromium-headless-shell and fonts-noto-cjk (Debian), python3. Usage: tools/export_screenshots.sh
set -euo pipefail
cd "$(dirname "$0")/.."
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
swift build --product cmatch >/dev/null
cmatch="$(swift build --show-bin-path)/cmatch"
"$cmatch" solve scenarios/nanguan-street -o "$work/plan" --time-limit 20 --quiet
"$cmatch" export "$work/plan" --format html -o "$work/plan.html" --quiet
python3 - "$work" <<'PY'
import re, sys
work = sys.argv[1]
html = open(f"{work}/plan.html", encoding="utf-8").read()
head = html[:html.index("<body>") + len("<body>")]
pages = re.findall(r'(<section class="page [^"]*">.*?</section>)', html, re.S)
# A slip with teammates to call, and the first thank-you letter.
slip = next(p for p in pages if 'class="page slip"' in p and "、" in p)
letter = next(p for p in pages if 'class="page letter thanks"' in p)
for name, page in (("slip", slip), ("letter", letter)):
    open(f"{work}/{name}.html", "w", encoding="utf-8").write(head + page + "</body></html>")
PY
chromium=$(command -v chromium-headless-shell || echo /usr/lib/chromium/chromium-headless-shell)
for name in slip letter; do
    # --no-sandbox: Chromium's sandbox refuses to run as root (CI containers).
    "$chromium" --headless --no-sandbox --disable-gpu --hide-scrollbars --window-size=860,1180 \
        --screenshot="docs/export-$name.png" "file://$work/$name.html" 2>/dev/null
    echo "docs/export-$name.png"
done
