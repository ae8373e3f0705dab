#!/usr/bin/env python3
"""Loads each UI page in headless Chromium, saves a screenshot and checks the rendered DOM.

Usage: browse.py BASE_URL SCREENSHOT_DIR. Prints one line per check and `N passed, N failed`;
exits 1 when any check failed. Standard library only.
"""

import html
import os
import re
import sys
import time
import urllib.parse
import urllib.request

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "..", "ui-tests"))
import browser  # noqa: E402 (the shared Chromium runner, see ui-tests/browser.py)
from browser import CHROMIUM, check, text_of  # noqa: E402

BASE = sys.argv[1].rstrip("/")
OUT = sys.argv[2]


def chromium(args):
    return browser.chromium(args, window="1400,1000", budget_ms=4000)


def load(name, path):
    """Returns the rendered DOM of a page and saves its screenshot as NAME.png."""
    url = BASE + path
    shot = os.path.join(OUT, f"{name}.png")
    chromium([f"--screenshot={shot}", url])
    check(f"{name}: screenshot saved", os.path.exists(shot) and os.path.getsize(shot) > 10_000, shot)
    dom = chromium(["--dump-dom", url]).stdout
    with open(os.path.join(OUT, f"{name}.html"), "w") as f:
        f.write(dom)
    check(f"{name}: page rendered", "<main>" in dom and "Pact Broker" in dom, f"({len(dom)} bytes)")
    return dom


def contains(name, dom, *needles):
    text = text_of(dom)
    for needle in needles:
        check(f"{name}: shows {needle!r}", needle in text)


def timed(path):
    """Fetches a page once over HTTP and returns (milliseconds, bytes)."""
    request = urllib.request.Request(BASE + path, headers={"Accept": "text/html"})
    start = time.perf_counter()
    with urllib.request.urlopen(request, timeout=60) as response:
        body = response.read()
    return (time.perf_counter() - start) * 1000, len(body)


def seg(text):
    return urllib.parse.quote(text, safe="")


def link_path(name, dom, label):
    """The path of the link labelled LABEL on a page (checked to point into the broker)."""
    match = re.search(r'<a href="([^"]+)"[^>]*>' + re.escape(label) + "</a>", dom)
    href = html.unescape(match.group(1)) if match else ""
    check(f"{name}: links {label!r}", href.startswith(BASE + "/ui/"), href or "(no such link)")
    return href[len(BASE):] if href.startswith(BASE) else "/ui/missing"


def body_rows(dom):
    """The rows of a page's table bodies, each as its visible text."""
    bodies = "".join(re.findall(r"<tbody>(.*?)</tbody>", dom, flags=re.S))
    return [" ".join(text_of(r).split()) for r in re.split(r"<tr\b[^>]*>", bodies)[1:]]


def row_with(rows, *needles):
    return next((r for r in rows if all(n in r for n in needles)), "")


def api_evolution():
    """A provider's field usage and the impact of its API changes, reached from its page."""
    dom = load("provider-api", "/ui/pacticipants/AccountService")
    contains("provider-api", dom, "API evolution")
    usage = link_path("provider-api", dom, "Field usage")
    impact = link_path("provider-api", dom, "Impact of API changes")

    dom = load("field-usage", usage)
    contains("field-usage", dom, "Field usage of AccountService")
    check("field-usage: names the OpenAPI document its operations come from",
          "Operations are named after the OpenAPI document of version 1.1.0" in " ".join(text_of(dom).split()))
    rows = body_rows(dom)
    check(f"field-usage: one row per field relied on ({len(rows)})", len(rows) == 3, rows)
    email = row_with(rows, "GET /accounts/{id}", "$.email")
    check("field-usage: $.email is read by AccountsWeb through a regex",
          "AccountsWeb 4.0.0" in email and "“a request for account 42”" in email and "regex '^\\S+@\\S+$'" in email,
          email)
    name = row_with(rows, "$.name")
    check("field-usage: $.name is read by the released AccountsMobile by type",
          "AccountsMobile 9.1" in name and name.endswith("type"), name)
    check("field-usage: a pact on a feature branch is not in use", "AccountsBatch" not in text_of(dom))

    dom = load("field-usage-filtered", usage + "?path=" + seg("/accounts/{id}") + "&field=" + seg("$.email"))
    rows = body_rows(dom)
    check(f"field-usage filter: only $.email ({len(rows)} rows)", len(rows) == 1 and "$.email" in rows[0], rows)
    check("field-usage filter: the form keeps the filter", 'value="$.email"' in dom)
    check("field-usage: links the impact page", link_path("field-usage-filtered", dom, "Impact of API changes") == impact)

    dom = load("api-impact", impact)
    contains("api-impact", dom, "Version 1.1.0", "against version 1.0.0", "breaks AccountsWeb")
    rows = body_rows(dom)
    removed = row_with(rows, "property-removed", "$.email")
    check("api-impact: removing $.email is breaking and breaks AccountsWeb",
          removed.startswith("breaking") and "breaks 1 interaction(s)" in removed
          and "AccountsWeb 4.0.0" in removed and "response body $.email" in removed and "regex" in removed,
          removed)
    check("api-impact: the breaking row is marked red", re.search(r'<tr class="status-bad">', dom) is not None)
    nickname = row_with(rows, "property-removed", "$.nickname")
    check("api-impact: removing $.nickname is breaking but safe for today's consumers",
          nickname.startswith("breaking") and nickname.endswith("safe for today's consumers"), nickname)
    status = row_with(rows, "property-added", "$.status")
    check("api-impact: adding $.status is non-breaking", status.startswith("non-breaking"), status)
    check("api-impact: the version chooser lists both documents",
          dom.count('<option value="1.1.0"') == 2 and dom.count('<option value="1.0.0"') == 2)

    dom = load("api-impact-reversed", impact + "?version=1.0.0&against=1.1.0")
    contains("api-impact-reversed", dom, "Version 1.0.0", "against version 1.1.0",
             "no consumer relies on a breaking change")


def main():
    os.makedirs(OUT, exist_ok=True)
    print(f"chromium: {CHROMIUM}; screenshots in {OUT}")

    dom = load("index", "/")
    contains("index", dom, "Integrations", "WebApp", "UserService", "MobileApp", "OrderService")
    row = next((r for r in dom.split("<tr") if "consumer/MobileApp/version/3.2.0" in r), "")
    check("index: MobileApp -> UserService is red (failed)", 'class="chip bad"' in row and "failed" in row)
    row = next((r for r in dom.split("<tr") if "consumer/WebApp/version/1.1.0" in r and "UserService" in r), "")
    check("index: WebApp -> UserService is green (verified)", 'class="chip ok"' in row)
    check("index: branch and environment chips", "main" in row and "production" in row)
    row = next((r for r in dom.split("<tr") if "provider/OrderService" in r), "")
    check("index: WebApp -> OrderService is grey (not verified)", 'class="chip unknown"' in row)
    check("index: the markup name is shown as text", "<script>alert(1)</script>" in text_of(dom))
    check("index: the markup name is not a script element", "<script>alert(1)" not in dom)
    check("index: paged (205 pacticipants, more than 100 integrations)", "Page 1 of" in text_of(dom))

    dom = load("pact", "/pacts/provider/UserService/consumer/WebApp/latest")
    contains("pact", dom, "a request for user 42", "a request for a missing user", "user 42 exists",
             "GET /users/42", "integer", "type, at least 1", "date yyyy-MM-dd", "regex ^\\S+@\\S+$")
    id_row = next((r for r in dom.split("<tr") if "&quot;id&quot;: 42" in r or '"id": 42' in r), "")
    check("pact: the integer matcher sits on the id line", "integer" in id_row, id_row[:200])

    dom = load("diff", "/pacts/provider/UserService/consumer/WebApp/version/1.1.0/diff/previous-distinct")
    contains("diff", dom, "changed", "added", "a request for a missing user")
    check("diff: removed and added lines are marked",
          'class="del"' in dom and 'class="add"' in dom and "Alice" in dom and "Bob" in dom)

    dom = load("matrix", "/matrix/provider/UserService/consumer/MobileApp")
    contains("matrix", dom, "3.2.0", "2.4.1", "failed")

    dom = load("environments", "/ui/environments")
    contains("environments", dom, "Production", "Staging", "UserService", "2.4.0", "2.4.1", "released")

    dom = load("network", "/ui/network")
    nodes = len(re.findall(r'<g class="node ', dom))
    edges = len(re.findall(r'<path class="edge', dom))
    check(f"network: every service is drawn ({nodes} nodes)", nodes >= 200)
    check(f"network: every integration is drawn ({edges} edges)", edges >= 250)
    check("network: failed integrations are red", 'class="edge bad' in dom)
    contains("network", dom, "front-00", "svc-accounts-00", "store-00")

    dom = load("network-search", "/ui/network?q=svc-billing-01")
    nodes = len(re.findall(r'<g class="node ', dom))
    check(f"network search: narrowed to the match and its neighbours ({nodes} nodes)", 1 < nodes < 20)
    check("network search: the match is highlighted", 'hit"' in dom)

    dom = load("network-matrix", "/ui/network?view=matrix")
    cells = len(re.findall(r'<rect class="cell', dom))
    check(f"network matrix: one cell per integration ({cells})", cells >= 250)

    dom = load("pacticipant", "/ui/pacticipants/UserService")
    contains("pacticipant", dom, "Consumers", "WebApp", "MobileApp", "production", "2.4.0")

    api_evolution()

    dom = load("escaped", "/ui/pacticipants/" + seg("<script>alert(1)</script>"))
    check("escaped: the name is text", "<script>alert(1)</script>" in text_of(dom))
    check("escaped: no injected script element", "<script>alert(1)" not in dom)

    print("page timings (one fetch each, server-side render over loopback):")
    for path in ["/", "/pacts/provider/UserService/consumer/WebApp/latest", "/ui/network",
                 "/ui/network?view=matrix", "/ui/pacticipants/UserService", "/ui/environments",
                 "/ui/pacticipants/AccountService/field-usage", "/ui/pacticipants/AccountService/api-impact"]:
        ms, size = timed(path)
        print(f"  {path}: {ms:.1f} ms, {size / 1024:.0f} KiB")
    browser.finish()


if __name__ == "__main__":
    main()
