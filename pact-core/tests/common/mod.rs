//! Helpers shared by the integration tests: where the spec cases are, the fixtures'
//! pacts, and the mismatch sentences a comparison says.
#![allow(dead_code, unreachable_pub, missing_docs)]
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

// The helpers pact-openapi's tests share (they include this file too).
mod pacts;
#[allow(unused_imports)] // each test binary uses some of them
pub use pacts::*;

use std::path::{Path, PathBuf};

use pact_core::matching::{match_request, match_response};
use pact_core::{Request, Response};

/// The spec-conformance cases: `$PACT_SPEC_CASES`, else the copy vendored at the workspace root
/// (`spec-cases/`).
pub fn spec_cases_dir() -> PathBuf {
    match std::env::var_os("PACT_SPEC_CASES") {
        Some(dir) => PathBuf::from(dir),
        None => Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec-cases"),
    }
}

/// The `.json` files below `dir`, at any depth, sorted; none when `dir` cannot be read.
pub fn json_files(dir: &Path) -> Vec<PathBuf> {
    fn walk(dir: &Path, out: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for entry in entries.flatten() {
            let path = entry.path();
            if path.is_dir() {
                walk(&path, out);
            } else if path.extension().is_some_and(|e| e == "json") {
                out.push(path);
            }
        }
    }
    let mut files = Vec::new();
    walk(dir, &mut files);
    files.sort();
    files
}

/// The mismatch sentences for `actual` against `expected`.
pub fn said(expected: &Response, actual: &Response) -> Vec<String> {
    match_response(expected, actual)
        .iter()
        .map(ToString::to_string)
        .collect()
}

/// The mismatch sentences for the request `actual` against `expected`.
pub fn said_request(expected: &Request, actual: &Request) -> Vec<String> {
    match_request(expected, actual)
        .iter()
        .map(ToString::to_string)
        .collect()
}
