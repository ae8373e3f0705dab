#!/usr/bin/env python3
"""Loads the verifier's HTML report in headless Chromium, saves a screenshot, checks the DOM.

Usage: browse.py REPORT_HTML SCREENSHOT_DIR. Prints one line per check and `N passed, N failed`;
exits 1 when any check failed. Standard library only.
"""

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

REPORT = os.path.abspath(sys.argv[1])
OUT = sys.argv[2]
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars", "--window-size=1280,1600", "--virtual-time-budget=2000",
]

passed = 0
failed = 0


def check(name, ok, detail=""):
    global passed, failed
    if ok:
        passed += 1
        print(f"  ok   {name}")
    else:
        failed += 1
        print(f"  FAIL {name} {detail}")


def chromium(args):
    profile = tempfile.mkdtemp(prefix="html-report-chromium-")
    try:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def text_of(dom):
    without = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", without)))


url = "file://" + REPORT
shot = os.path.join(OUT, "verifier-html-report.png")
if os.path.exists(shot):
    os.remove(shot)
chromium([f"--screenshot={shot}", url])
check("screenshot saved", os.path.exists(shot) and os.path.getsize(shot) > 20_000, shot)

dom = chromium(["--dump-dom", url]).stdout
with open(os.path.join(OUT, "verifier-html-report.dom.html"), "w") as f:
    f.write(dom)
text = text_of(dom)
check("the page rendered", "<main>" in dom and "Pact verification of" in text, f"({len(dom)} bytes)")
for needle in [
    "Verification FAILED",
    "passed", "failed", "pending failed",
    "A pact between OrderWeb and UserService",
    "a request for user 42 as a number",
    "Given user 42 exists with {\"id\":42}",
    "has a matching body",
    "$.name",
    "Body diff",
    "- \"name\": 12345",
    "+ \"name\": \"Alice\"",
    "a health check",
]:
    check(f"shows {needle!r}", needle in text)
check("failed interactions are open", re.search(r'<details class="interaction failed" open', dom) is not None)
check("passed interactions are folded", re.search(r'<details class="interaction passed">', dom) is not None)
for external in ["<script", " src=", " href=", "@import", "url("]:
    check(f"loads nothing from elsewhere ({external.strip()})", external not in dom)

print(f"{passed} passed, {failed} failed")
sys.exit(1 if failed else 0)
