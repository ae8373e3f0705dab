//! The JUnit XML report: one test suite per pact, one test case per interaction. Failures are
//! `<failure>`, errors `<error>`, and pending failures `<skipped>` so CI shows them without failing.

use std::fmt::Write as _;

use crate::results::{InteractionOutcome, InteractionResult, PactResult, VerificationReport};

/// Escapes text for XML attributes and content.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && !matches!(c, '\n' | '\r' | '\t') => {}
            c => out.push(c),
        }
    }
    out
}

fn failure_text(result: &InteractionResult) -> String {
    match &result.outcome {
        InteractionOutcome::Passed => String::new(),
        InteractionOutcome::Error(message) => message.to_string(),
        InteractionOutcome::Failed {
            mismatches,
            body_diff,
        } => {
            let mut text: Vec<String> = mismatches.iter().map(ToString::to_string).collect();
            if let Some(diff) = body_diff {
                text.push(format!("Body diff (- expected, + actual):\n{diff}"));
            }
            text.join("\n")
        }
    }
}

/// The `<failure>`, `<error>` or (pending) `<skipped>` element of a test case that did not pass.
fn failure_element(out: &mut String, pact: &PactResult, result: &InteractionResult) {
    let text = escape(&failure_text(result));
    let first_line = text.lines().next().unwrap_or("").to_string();
    let element = if pact.pending || result.pending {
        "skipped"
    } else if matches!(result.outcome, InteractionOutcome::Error { .. }) {
        "error"
    } else {
        "failure"
    };
    let message = if element == "skipped" {
        format!("pending: {first_line}")
    } else {
        first_line
    };
    let _ = writeln!(out, "      <{element} message=\"{message}\">{text}</{element}>");
}

/// The interaction's V4 comments and warnings, for `<system-out>`.
fn notes_text(result: &InteractionResult) -> String {
    let mut lines: Vec<String> = Vec::new();
    if let Some(name) = result.test_name() {
        lines.push(format!("Test Name: {name}"));
    }
    let comments = result.comment_lines();
    if !comments.is_empty() {
        lines.push("Comments:".into());
        lines.extend(comments.iter().map(|line| format!("  {line}")));
    }
    lines.extend(result.warnings.iter().map(|w| format!("WARNING: {w}")));
    lines.join("\n")
}

fn suite(out: &mut String, pact: &PactResult) {
    let failures = pact
        .interactions
        .iter()
        .filter(|i| matches!(i.outcome, InteractionOutcome::Failed { .. }) && !(pact.pending || i.pending))
        .count();
    let errors = pact
        .interactions
        .iter()
        .filter(|i| matches!(i.outcome, InteractionOutcome::Error { .. }) && !(pact.pending || i.pending))
        .count();
    let skipped = pact
        .interactions
        .iter()
        .filter(|i| !i.passed() && (pact.pending || i.pending))
        .count();
    let seconds: f64 = pact.interactions.iter().map(|i| i.duration.as_secs_f64()).sum();
    let name = format!("{} - {}", pact.consumer, pact.provider);
    let _ = writeln!(
        out,
        "  <testsuite name=\"{}\" tests=\"{}\" failures=\"{failures}\" errors=\"{errors}\" skipped=\"{skipped}\" time=\"{seconds:.3}\">",
        escape(&name),
        pact.interactions.len()
    );
    for result in &pact.interactions {
        let case_name = match result.given() {
            Some(given) => format!("{given} - {}", result.description),
            None => result.description.clone(),
        };
        let _ = write!(
            out,
            "    <testcase name=\"{}\" classname=\"{}\" time=\"{:.3}\"",
            escape(&case_name),
            escape(&name),
            result.duration.as_secs_f64()
        );
        let notes = notes_text(result);
        if result.passed() && notes.is_empty() {
            out.push_str("/>\n");
            continue;
        }
        out.push_str(">\n");
        if !result.passed() {
            failure_element(out, pact, result);
        }
        if !notes.is_empty() {
            let _ = writeln!(out, "      <system-out>{}</system-out>", escape(&notes));
        }
        out.push_str("    </testcase>\n");
    }
    out.push_str("  </testsuite>\n");
}

/// The JUnit XML report of `report`.
pub(crate) fn render(report: &VerificationReport) -> String {
    let summary = report.summary();
    let mut out = String::from("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
    let _ = writeln!(
        out,
        "<testsuites name=\"{}\" tests=\"{}\" failures=\"{}\">",
        escape(&format!("pact-verifier {}", report.provider)),
        summary.interactions,
        summary.failed
    );
    for pact in &report.pacts {
        suite(&mut out, pact);
    }
    out.push_str("</testsuites>\n");
    out
}
