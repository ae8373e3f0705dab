//! The console report: grouped by pact and interaction, then failures in words, then a summary.

use std::fmt::Write as _;

use super::checks;
use crate::results::{InteractionOutcome, InteractionResult, PactResult, VerificationReport};

/// ANSI styling that can be switched off.
#[derive(Debug, Clone, Copy)]
struct Style {
    colour: bool,
}

impl Style {
    fn paint(&self, code: &str, text: &str) -> String {
        if self.colour {
            format!("\x1b[{code}m{text}\x1b[0m")
        } else {
            text.to_string()
        }
    }
    fn ok(&self, text: &str) -> String {
        self.paint("32", text)
    }
    fn bad(&self, text: &str) -> String {
        self.paint("31", text)
    }
    fn warn(&self, text: &str) -> String {
        self.paint("33", text)
    }
    fn bold(&self, text: &str) -> String {
        self.paint("1", text)
    }
    fn dim(&self, text: &str) -> String {
        self.paint("2", text)
    }
}

/// Renders the whole report.
pub(crate) fn render(report: &VerificationReport, colour: bool) -> String {
    let style = Style { colour };
    let mut out = String::new();
    for error in &report.errors {
        let _ = writeln!(out, "{} {error}\n", style.bad("Error:"));
    }
    for pact in &report.pacts {
        render_pact(&mut out, pact, style);
    }
    render_failures(&mut out, report, style);
    render_summary(&mut out, report, style);
    out
}

fn render_pact(out: &mut String, pact: &PactResult, style: Style) {
    let _ = writeln!(out, "{}", style.bold(&format!("Verifying {}", pact.title())));
    let _ = writeln!(out, "  {}", style.dim(&format!("from {}", pact.origin)));
    for notice in pact
        .notices
        .iter()
        .filter(|n| n.when_to_show() == "before_verification")
    {
        let _ = writeln!(out, "  {} {}", style.warn("Notice:"), notice.text);
    }
    if pact.pending {
        let _ = writeln!(
            out,
            "  {}",
            style.warn("This pact is PENDING: its failures are reported but do not fail verification.")
        );
    }
    if pact.wip {
        let _ = writeln!(out, "  {}", style.warn("This pact is WORK IN PROGRESS."));
    }
    if pact.interactions.is_empty() {
        let _ = writeln!(out, "  (no interactions selected)");
    }
    for interaction in &pact.interactions {
        render_interaction(out, pact, interaction, style);
    }
    if let Some(publication) = &pact.publication {
        match publication {
            Ok(()) => {
                let _ = writeln!(
                    out,
                    "\n  {}",
                    style.ok("Verification results published to the Pact Broker.")
                );
            }
            Err(why) => {
                let _ = writeln!(out, "\n  {} {why}", style.warn("Results not published:"));
            }
        }
    }
    let success = pact.all_passed();
    let published = matches!(pact.publication, Some(Ok(())));
    let when = format!("after_verification:success_{success}_published_{published}");
    for notice in pact.notices.iter().filter(|n| n.when_to_show() == when) {
        let _ = writeln!(out, "  {} {}", style.warn("Notice:"), notice.text);
    }
    out.push('\n');
}

fn render_interaction(out: &mut String, pact: &PactResult, result: &InteractionResult, style: Style) {
    let pending = pact.pending || result.pending;
    let marker = if pending {
        style.warn(" [PENDING]")
    } else {
        String::new()
    };
    let _ = writeln!(
        out,
        "\n  {}{marker} {}",
        result.description,
        style.dim(&format!("({} ms)", result.duration.as_millis()))
    );
    if let Some(given) = result.given() {
        let _ = writeln!(out, "    {given}");
    }
    render_comments(out, result);
    for warning in &result.warnings {
        let _ = writeln!(out, "    {} {warning}", style.warn("WARNING:"));
    }
    let verb = match result.kind {
        pact_core::model::InteractionKind::Http => "returns a response which",
        _ => "generates a message which",
    };
    match &result.outcome {
        InteractionOutcome::Error(message) => {
            let _ = writeln!(out, "    {} {message}", style.bad("ERROR:"));
        }
        _ => {
            let _ = writeln!(out, "    {verb}");
            for (check, ok) in checks(result) {
                let verdict = if ok {
                    style.ok("(OK)")
                } else {
                    style.bad("(FAILED)")
                };
                let _ = writeln!(out, "      {check} {verdict}");
            }
        }
    }
}

/// The V4 `comments.testname` and `comments.text` of an interaction, as the reference verifier
/// shows them.
fn render_comments(out: &mut String, result: &InteractionResult) {
    if let Some(name) = result.test_name() {
        let _ = writeln!(out, "    Test Name: {name}");
    }
    let lines = result.comment_lines();
    if !lines.is_empty() {
        let _ = writeln!(out, "    Comments:");
        for line in lines {
            let _ = writeln!(out, "      {line}");
        }
    }
}

fn render_failures(out: &mut String, report: &VerificationReport, style: Style) {
    let mut blocking = Vec::new();
    let mut pending = Vec::new();
    for pact in &report.pacts {
        for interaction in pact.interactions.iter().filter(|i| !i.passed()) {
            if pact.pending || interaction.pending {
                pending.push((pact, interaction));
            } else {
                blocking.push((pact, interaction));
            }
        }
    }
    for (title, items) in [
        ("Failures:", &blocking),
        (
            "Pending failures (reported, but they do not fail verification):",
            &pending,
        ),
    ] {
        if items.is_empty() {
            continue;
        }
        let _ = writeln!(out, "{}\n", style.bold(title));
        for (number, (pact, interaction)) in items.iter().enumerate() {
            render_failure(out, number + 1, pact, interaction, style);
        }
    }
}

fn render_failure(
    out: &mut String,
    number: usize,
    pact: &PactResult,
    result: &InteractionResult,
    style: Style,
) {
    let given = result.given().map(|g| format!(" {g}")).unwrap_or_default();
    let _ = writeln!(
        out,
        "{number}) Verifying {}{given} - {}",
        pact.title(),
        result.description
    );
    match &result.outcome {
        InteractionOutcome::Passed => {}
        InteractionOutcome::Error(message) => {
            let _ = writeln!(out, "    {number}.1) {}", style.bad(&message.to_string()));
        }
        InteractionOutcome::Failed {
            mismatches,
            body_diff,
        } => {
            for (index, mismatch) in mismatches.iter().enumerate() {
                let _ = writeln!(
                    out,
                    "    {number}.{}) {}: {}",
                    index + 1,
                    mismatch.location(),
                    style.bad(&mismatch.message)
                );
            }
            if let Some(diff) = body_diff {
                let _ = writeln!(out, "    Body diff (- expected, + actual):");
                for line in diff.lines() {
                    let painted = if line.starts_with('-') {
                        style.bad(line)
                    } else if line.starts_with('+') {
                        style.ok(line)
                    } else {
                        line.to_string()
                    };
                    let _ = writeln!(out, "      {painted}");
                }
            }
        }
    }
    out.push('\n');
}

fn render_summary(out: &mut String, report: &VerificationReport, style: Style) {
    let s = report.summary();
    let plural = |n: usize, word: &str| {
        if n == 1 {
            format!("{n} {word}")
        } else {
            format!("{n} {word}s")
        }
    };
    let _ = writeln!(
        out,
        "Summary: {} verified for {}: {} passed, {} failed, {} pending failed",
        plural(s.interactions, "interaction"),
        plural(s.pacts, "pact"),
        s.passed,
        s.failed,
        s.pending_failed
    );
    if !report.errors.is_empty() {
        let _ = writeln!(
            out,
            "{}",
            style.bad(&format!(
                "{} error(s) prevented verification",
                report.errors.len()
            ))
        );
    }
    let verdict = if report.passed() {
        style.ok("Verification PASSED")
    } else {
        style.bad("Verification FAILED")
    };
    let _ = writeln!(out, "{verdict}");
}
