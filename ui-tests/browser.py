"""What the browser tests' browse.py scripts share: headless Chromium runs in a throwaway
profile, checks counted and printed one a line, the visible text of a DOM, and the closing
`N passed, N failed` line with the exit code. Standard library only.

A suite puts this folder on its path: `sys.path.insert(0, <workspace>/ui-tests)`.
"""

import html
import os
import re
import shutil
import subprocess
import sys
import tempfile

CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or shutil.which("chromium-browser")
FLAGS = [
    "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--hide-scrollbars",
]

passed = 0
failed = 0


def check(name, ok, detail=""):
    """Counts and prints one check."""
    global passed, failed
    if ok:
        passed += 1
        print(f"  ok   {name}")
    else:
        failed += 1
        print(f"  FAIL {name} {detail}")


def chromium(args, window, budget_ms):
    """Runs headless Chromium with ARGS in a WINDOW ("width,height") for BUDGET_MS of virtual time."""
    profile = tempfile.mkdtemp(prefix="ui-test-chromium-")
    try:
        return subprocess.run(
            [CHROMIUM, *FLAGS, f"--window-size={window}", f"--virtual-time-budget={budget_ms}",
             f"--user-data-dir={profile}", *args],
            capture_output=True, text=True, timeout=120,
        )
    finally:
        shutil.rmtree(profile, ignore_errors=True)


def text_of(dom):
    """The visible text of a DOM: tags removed, entities decoded, white space folded."""
    without = re.sub(r"<(script|style)\b.*?</\1>", " ", dom, flags=re.S)
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", without)))


def finish():
    """Prints `N passed, N failed` and exits 1 when any check failed."""
    print(f"{passed} passed, {failed} failed")
    sys.exit(1 if failed else 0)
