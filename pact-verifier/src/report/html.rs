//! The HTML report (`--html FILE`): one self-contained page (inline CSS, no scripts, no external
//! assets) with the summary first, then each pact and interaction; failed interactions are open
//! and show their provider states, mismatches and the body diff.

use std::fmt::Write as _;

use super::checks;
use crate::results::{InteractionOutcome, InteractionResult, PactResult, VerificationReport};

const STYLE: &str = r#"
:root { --ok: #1a7f37; --bad: #cf222e; --warn: #9a6700; --muted: #57606a; --line: #d0d7de; }
* { box-sizing: border-box; }
body { font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2328;
       margin: 0; background: #f6f8fa; }
header { background: #24292f; color: #fff; padding: 18px 32px; }
header h1 { margin: 0; font-size: 22px; }
header p { margin: 4px 0 0; color: #d0d7de; }
main { max-width: 1100px; margin: 0 auto; padding: 24px 32px 48px; }
.verdict { display: inline-block; padding: 4px 14px; border-radius: 999px; font-weight: 700;
           color: #fff; margin-left: 12px; font-size: 15px; vertical-align: middle; }
.verdict.passed { background: var(--ok); } .verdict.failed { background: var(--bad); }
.cards { display: flex; gap: 12px; flex-wrap: wrap; margin: 0 0 24px; }
.card { background: #fff; border: 1px solid var(--line); border-radius: 8px; padding: 12px 18px;
        min-width: 140px; }
.card b { display: block; font-size: 26px; } .card span { color: var(--muted); }
.card.ok b { color: var(--ok); } .card.bad b { color: var(--bad); } .card.warn b { color: var(--warn); }
section.pact { background: #fff; border: 1px solid var(--line); border-radius: 8px; margin: 0 0 20px;
               padding: 16px 20px; }
section.pact h2 { margin: 0; font-size: 18px; }
.origin { color: var(--muted); font-size: 13px; margin: 2px 0 10px; word-break: break-all; }
.badge { display: inline-block; font-size: 12px; font-weight: 600; padding: 1px 8px;
         border-radius: 999px; margin-left: 6px; vertical-align: middle; border: 1px solid; }
.badge.ok { color: var(--ok); } .badge.bad { color: var(--bad); } .badge.warn { color: var(--warn); }
.notice { background: #fff8c5; border: 1px solid #d4a72c; border-radius: 6px; padding: 6px 10px;
          margin: 6px 0; }
.errors { background: #ffebe9; border: 1px solid #ff8182; border-radius: 8px; padding: 10px 16px;
          margin: 0 0 20px; }
details.interaction { border-top: 1px solid var(--line); padding: 8px 0; }
details.interaction summary { cursor: pointer; list-style: none; display: flex; gap: 10px;
                              align-items: baseline; }
details.interaction summary::-webkit-details-marker { display: none; }
.mark { font-weight: 700; width: 1.2em; } .mark.ok { color: var(--ok); } .mark.bad { color: var(--bad); }
.mark.warn { color: var(--warn); }
.desc { font-weight: 600; } .duration { color: var(--muted); font-size: 13px; margin-left: auto; }
.body { padding: 6px 0 4px 30px; }
.given { color: var(--muted); } .given code { color: #1f2328; }
ul.checks { list-style: none; padding: 0; margin: 6px 0; }
ul.checks li::before { content: "\2713  "; color: var(--ok); font-weight: 700; }
ul.checks li.bad::before { content: "\2717  "; color: var(--bad); }
table.mismatches { border-collapse: collapse; width: 100%; margin: 8px 0; font-size: 14px; }
table.mismatches th, table.mismatches td { text-align: left; border: 1px solid var(--line);
                                           padding: 4px 8px; vertical-align: top; }
table.mismatches th { background: #f6f8fa; }
table.mismatches td.where { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; white-space: nowrap; }
pre.diff { background: #f6f8fa; border: 1px solid var(--line); border-radius: 6px; padding: 8px 0;
           overflow-x: auto; font: 13px/1.45 ui-monospace, SFMono-Regular, Menlo, monospace; }
pre.diff span { display: block; padding: 0 12px; white-space: pre; }
pre.diff .del { background: #ffebe9; color: #82071e; } pre.diff .ins { background: #dafbe1; color: #116329; }
.error-text { color: var(--bad); font-weight: 600; } .ok-text { color: var(--ok); font-weight: 600; }
footer { color: var(--muted); font-size: 13px; text-align: center; padding: 12px; }
"#;

/// Escapes text for HTML element content and attribute values.
fn esc(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            other => out.push(other),
        }
    }
    out
}

/// Renders the whole report as one HTML page.
pub(crate) fn render(report: &VerificationReport) -> String {
    let mut out = String::new();
    let passed = report.passed();
    let (verdict_class, verdict) = if passed {
        ("passed", "Verification PASSED")
    } else {
        ("failed", "Verification FAILED")
    };
    let _ = write!(
        out,
        "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n\
         <title>{verdict}: {provider} - pact verification</title>\n<style>{STYLE}</style>\n</head>\n<body>\n\
         <header><h1>Pact verification of {provider}<span class=\"verdict {verdict_class}\">{verdict}</span></h1>\
         <p>pact-verifier {version}</p></header>\n<main>\n",
        provider = esc(&report.provider),
        version = env!("CARGO_PKG_VERSION"),
    );
    render_summary(&mut out, report);
    if !report.errors.is_empty() {
        out.push_str("<div class=\"errors\" id=\"errors\"><h2>Errors that prevented verification</h2><ul>");
        for error in &report.errors {
            let _ = write!(out, "<li><pre>{}</pre></li>", esc(&error.to_string()));
        }
        out.push_str("</ul></div>\n");
    }
    for (index, pact) in report.pacts.iter().enumerate() {
        render_pact(&mut out, index, pact);
    }
    out.push_str("</main>\n<footer>Generated by pact-verifier. This page has no scripts and loads nothing from elsewhere.</footer>\n</body>\n</html>\n");
    out
}

fn render_summary(out: &mut String, report: &VerificationReport) {
    let s = report.summary();
    out.push_str("<div class=\"cards\" id=\"summary\">");
    for (class, count, label) in [
        ("", s.pacts, "pacts"),
        ("", s.interactions, "interactions"),
        ("ok", s.passed, "passed"),
        (if s.failed > 0 { "bad" } else { "" }, s.failed, "failed"),
        (
            if s.pending_failed > 0 { "warn" } else { "" },
            s.pending_failed,
            "pending failed",
        ),
        (
            if report.errors.is_empty() { "" } else { "bad" },
            report.errors.len(),
            "errors",
        ),
    ] {
        let _ = write!(
            out,
            "<div class=\"card {class}\"><b>{count}</b><span>{label}</span></div>"
        );
    }
    out.push_str("</div>\n");
}

fn render_pact(out: &mut String, index: usize, pact: &PactResult) {
    let _ = write!(
        out,
        "<section class=\"pact\" id=\"pact-{index}\"><h2>{}",
        esc(&capitalised(&pact.title()))
    );
    let all_passed = pact.all_passed();
    let (class, word) = match (all_passed, pact.pending) {
        (true, _) => ("ok", "passed"),
        (false, true) => ("warn", "failed (pending)"),
        (false, false) => ("bad", "failed"),
    };
    let _ = write!(out, "<span class=\"badge {class}\">{word}</span>");
    if pact.pending {
        out.push_str("<span class=\"badge warn\">pending</span>");
    }
    if pact.wip {
        out.push_str("<span class=\"badge warn\">work in progress</span>");
    }
    let _ = write!(out, "</h2><p class=\"origin\">from {}</p>", esc(&pact.origin));
    let published = matches!(pact.publication, Some(Ok(())));
    let after = format!("after_verification:success_{all_passed}_published_{published}");
    for notice in pact
        .notices
        .iter()
        .filter(|n| n.when_to_show() == "before_verification" || n.when_to_show() == after)
    {
        let _ = write!(out, "<div class=\"notice\">{}</div>", esc(&notice.text));
    }
    match &pact.publication {
        Some(Ok(())) => out.push_str("<p class=\"badge ok\">results published to the Pact Broker</p>"),
        Some(Err(why)) => {
            let _ = write!(
                out,
                "<p class=\"notice\">Results not published: {}</p>",
                esc(&why.to_string())
            );
        }
        None => {}
    }
    if pact.interactions.is_empty() {
        out.push_str("<p class=\"given\">No interactions were selected.</p>");
    }
    for interaction in &pact.interactions {
        render_interaction(out, pact, interaction);
    }
    out.push_str("</section>\n");
}

fn capitalised(text: &str) -> String {
    let mut chars = text.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

fn render_interaction(out: &mut String, pact: &PactResult, result: &InteractionResult) {
    let passed = result.passed();
    let pending = pact.pending || result.pending;
    let (mark_class, mark) = match (passed, pending) {
        (true, _) => ("ok", "\u{2713}"),
        (false, true) => ("warn", "\u{2717}"),
        (false, false) => ("bad", "\u{2717}"),
    };
    let open = if passed { "" } else { " open" };
    let _ = write!(
        out,
        "<details class=\"interaction {}\"{open}><summary><span class=\"mark {mark_class}\">{mark}</span>\
         <span class=\"desc\">{}</span>",
        if passed { "passed" } else { "failed" },
        esc(&result.description)
    );
    if pending {
        out.push_str("<span class=\"badge warn\">pending</span>");
    }
    let _ = write!(
        out,
        "<span class=\"duration\">{} ms</span></summary><div class=\"body\">",
        result.duration.as_millis()
    );
    for state in &result.provider_states {
        let params = if state.params.is_empty() {
            String::new()
        } else {
            format!(
                " with <code>{}</code>",
                esc(&serde_json::Value::Object(state.params.clone()).to_string())
            )
        };
        let _ = write!(
            out,
            "<div class=\"given\">Given <code>{}</code>{params}</div>",
            esc(&state.name)
        );
    }
    match &result.outcome {
        InteractionOutcome::Error(message) => {
            let _ = write!(
                out,
                "<p class=\"error-text\">Error: {}</p>",
                esc(&message.to_string())
            );
        }
        outcome => {
            out.push_str("<ul class=\"checks\">");
            for (check, ok) in checks(result) {
                let _ = write!(
                    out,
                    "<li class=\"{}\">{}</li>",
                    if ok { "ok" } else { "bad" },
                    esc(check)
                );
            }
            out.push_str("</ul>");
            if let InteractionOutcome::Failed {
                mismatches,
                body_diff,
            } = outcome
            {
                out.push_str(
                    "<table class=\"mismatches\"><thead><tr><th>Where</th><th>Mismatch</th></tr></thead><tbody>",
                );
                for mismatch in mismatches {
                    let _ = write!(
                        out,
                        "<tr><td class=\"where\">{}</td><td>{}</td></tr>",
                        esc(&mismatch.location()),
                        esc(&mismatch.message)
                    );
                }
                out.push_str("</tbody></table>");
                if let Some(diff) = body_diff {
                    out.push_str("<div>Body diff (<span class=\"error-text\">- expected</span>, <span class=\"ok-text\">+ actual</span>):</div><pre class=\"diff\">");
                    for line in diff.lines() {
                        let class = if line.starts_with('-') {
                            "del"
                        } else if line.starts_with('+') {
                            "ins"
                        } else {
                            "ctx"
                        };
                        let _ = write!(out, "<span class=\"{class}\">{}</span>", esc(line));
                    }
                    out.push_str("</pre>");
                }
            }
        }
    }
    out.push_str("</div></details>\n");
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_escaped() {
        assert_eq!(esc("<a href=\"x\">&'"), "&lt;a href=&quot;x&quot;&gt;&amp;&#39;");
    }

    #[test]
    fn an_empty_report_is_a_whole_page_without_external_assets() {
        let report = VerificationReport {
            provider: "Users <API>".into(),
            ..VerificationReport::default()
        };
        let page = render(&report);
        assert!(page.starts_with("<!DOCTYPE html>"));
        assert!(page.contains("Users &lt;API&gt;"));
        assert!(page.contains("Verification FAILED"), "no pacts is a failure");
        for external in ["src=", "href=", "@import", "url("] {
            assert!(!page.contains(external), "{external}");
        }
    }
}
