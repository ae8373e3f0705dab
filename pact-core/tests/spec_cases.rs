//! The Pact specification's conformance cases, each one a test, read from JSON at test time.
//!
//! The cases are vendored at the workspace root (`spec-cases/`, with their licence);
//! `$PACT_SPEC_CASES` points elsewhere. Each file is `{"match": bool, "comment", "expected", "actual"}` under
//! `<version>/<request|response|message>/<category>/`; a case passes when the matcher finds no
//! mismatch exactly when `match` is true. A missing or empty folder fails the run.

mod common;

use std::path::Path;

use libtest_mimic::{Arguments, Failed, Trial};
use pact_core::format::{read_message, read_request, read_response};
use pact_core::matching::{match_message, match_request, match_response};
use pact_core::{Mismatch, SpecVersion};
use serde_json::Value;

fn version_of(folder: &str) -> Option<SpecVersion> {
    Some(match folder {
        "v1" => SpecVersion::V1,
        "v1_1" => SpecVersion::V1_1,
        "v2" => SpecVersion::V2,
        "v3" => SpecVersion::V3,
        "v4" => SpecVersion::V4,
        _ => return None,
    })
}

/// Runs one case file: `Ok` when the matcher agrees with the case's `match`.
fn run_case(file: &Path, version: SpecVersion, kind: &str) -> Result<(), Failed> {
    let text = std::fs::read_to_string(file).map_err(|e| format!("cannot read {}: {e}", file.display()))?;
    let text = text.strip_prefix('\u{feff}').unwrap_or(&text);
    let case: Value =
        serde_json::from_str(text).map_err(|e| format!("{}: invalid JSON: {e}", file.display()))?;
    let should_match = case["match"].as_bool().ok_or("the case has no boolean `match`")?;
    let comment = case["comment"].as_str().unwrap_or("");
    let mismatches: Vec<Mismatch> = match kind {
        "request" => match_request(
            &read_request(&case["expected"], version, "$.expected")?,
            &read_request(&case["actual"], version, "$.actual")?,
        ),
        "response" => match_response(
            &read_response(&case["expected"], version, "$.expected")?,
            &read_response(&case["actual"], version, "$.actual")?,
        ),
        "message" => match_message(
            &read_message(&case["expected"], version, "$.expected")?,
            &read_message(&case["actual"], version, "$.actual")?,
        ),
        other => return Err(format!("unknown case kind {other}").into()),
    };
    if mismatches.is_empty() == should_match {
        return Ok(());
    }
    let listed: Vec<String> = mismatches.iter().map(|m| format!("  - {m}")).collect();
    Err(format!(
        "{comment}\nexpected {}, but the matcher found {} mismatch(es)\n{}",
        if should_match { "a match" } else { "a mismatch" },
        mismatches.len(),
        listed.join("\n")
    )
    .into())
}

fn main() {
    let args = Arguments::from_args();
    let dir = common::spec_cases_dir();
    let files = common::json_files(&dir);
    if files.is_empty() {
        eprintln!("no Pact specification cases found in {}: failing", dir.display());
        std::process::exit(1);
    }
    let trials = files
        .into_iter()
        .filter_map(|file| {
            let relative = file.strip_prefix(&dir).ok()?.to_path_buf();
            let mut parts = relative.iter().map(|p| p.to_string_lossy().into_owned());
            let version = version_of(&parts.next()?)?;
            let kind = parts.next()?;
            let name = relative.with_extension("").to_string_lossy().replace('\\', "/");
            Some(Trial::test(name, move || run_case(&file, version, &kind)))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
