//! Our breaking-change verdicts against the npm `openapi-diff` package's on the spec pairs of
//! `tests/fixtures/diff/`: they agree except on the cases listed in [`KNOWN_DIFFERENCES`], each
//! explained in `docs/openapi-diff-comparison.md`.
//!
//! The peer is found through `$PACT_OPENAPI_DIFF_BIN` (set by `.ci/run`); without it the test
//! says loudly that it skipped, and fails under `PACT_INTEROP_REQUIRED=1`.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};
use std::process::Command;

use pact_openapi::OpenApi;
use pact_openapi::diff::diff;

/// Cases where the verdicts differ, and why (see `docs/openapi-diff-comparison.md`).
const KNOWN_DIFFERENCES: &[(&str, &str)] = &[
    (
        "parameter-newly-required",
        "openapi-diff does not compare OpenAPI 3 parameters",
    ),
    (
        "parameter-type-changed",
        "openapi-diff does not compare OpenAPI 3 parameters",
    ),
    (
        "required-parameter-added",
        "openapi-diff does not compare OpenAPI 3 parameters",
    ),
    (
        "request-body-newly-required",
        "openapi-diff does not compare requestBody.required",
    ),
    ("request-enum-narrowed", "json-schema-diff ignores enum"),
    ("response-enum-widened", "json-schema-diff ignores enum"),
    ("request-format-added", "json-schema-diff ignores format"),
    ("response-format-changed", "json-schema-diff ignores format"),
    ("response-format-removed", "json-schema-diff ignores format"),
    ("request-pattern-added", "json-schema-diff ignores pattern"),
    ("response-pattern-removed", "json-schema-diff ignores pattern"),
    (
        "request-nullable-removed",
        "json-schema-diff ignores OpenAPI 3.0 nullable",
    ),
    (
        "response-nullable-added",
        "json-schema-diff ignores OpenAPI 3.0 nullable",
    ),
    (
        "request-optional-property-added",
        "JSON Schema semantics: an undeclared property accepted any value, now only strings",
    ),
];

fn peer() -> Option<PathBuf> {
    match std::env::var_os("PACT_OPENAPI_DIFF_BIN") {
        Some(path) => Some(PathBuf::from(path)),
        None => {
            let message = "SKIPPED openapi-diff comparison: PACT_OPENAPI_DIFF_BIN is not set (.ci/run installs the npm package)";
            if std::env::var("PACT_INTEROP_REQUIRED").is_ok_and(|v| v == "1") {
                panic!("{message}, and PACT_INTEROP_REQUIRED=1");
            }
            eprintln!("\n*** {message} ***\n");
            None
        }
    }
}

/// Whether the npm tool calls the change breaking: it exits 1 (and lists breakingDifferences)
/// when it does, 0 when it finds no breaking change.
fn peer_says_breaking(peer: &Path, case: &Path) -> bool {
    let output = Command::new(peer)
        .arg(case.join("old.yaml"))
        .arg(case.join("new.yaml"))
        .output()
        .unwrap();
    match output.status.code() {
        Some(0) => false,
        Some(1) => {
            let text = String::from_utf8_lossy(&output.stdout);
            assert!(text.contains("breakingDifferences"), "{}: {text}", case.display());
            true
        }
        _ => panic!(
            "openapi-diff failed on {}: {}",
            case.display(),
            String::from_utf8_lossy(&output.stderr)
        ),
    }
}

fn ours_says_breaking(case: &Path) -> bool {
    let read = |name: &str| OpenApi::parse(&std::fs::read_to_string(case.join(name)).unwrap()).unwrap();
    diff(&read("old.yaml"), &read("new.yaml")).is_breaking()
}

#[test]
fn verdicts_agree_with_npm_openapi_diff_except_where_documented() {
    let Some(peer) = peer() else {
        return;
    };
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff");
    let mut cases: Vec<PathBuf> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    let mut wrong = Vec::new();
    for case in &cases {
        let name = case.file_name().unwrap().to_string_lossy().to_string();
        let (ours, theirs) = (ours_says_breaking(case), peer_says_breaking(&peer, case));
        let known = KNOWN_DIFFERENCES.iter().any(|(n, _)| *n == name);
        if (ours != theirs) != known {
            wrong.push(format!("{name}: ours breaking={ours}, openapi-diff breaking={theirs}, listed as a known difference: {known}"));
        }
    }
    assert!(
        wrong.is_empty(),
        "verdicts differ from the documented comparison:\n{}",
        wrong.join("\n")
    );
}
