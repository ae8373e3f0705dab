#!/usr/bin/env python3
"""Loads the verifier's HTML report in headless Chromium, saves a screenshot, checks the DOM.

Usage: browse.py REPORT_HTML SCREENSHOT_DIR. Prints one line per check and `N passed, N failed`;
exits 1 when any check failed. Standard library only.
"""

import os
import re
import sys

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ui-tests"))
import browser  # noqa: E402 (the shared Chromium runner, see ui-tests/browser.py)
from browser import check, text_of  # noqa: E402

REPORT = os.path.abspath(sys.argv[1])
OUT = sys.argv[2]


def chromium(args):
    return browser.chromium(args, window="1280,1600", budget_ms=2000)


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

browser.finish()
