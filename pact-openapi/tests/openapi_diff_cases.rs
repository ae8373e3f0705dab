//! The breaking-change diff on the spec pairs of `tests/fixtures/diff/` (one test per case, one
//! case per rule): the distinct changes found, as "severity rule" lines, are those `expected.txt`
//! lists.
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

use std::path::{Path, PathBuf};

use libtest_mimic::{Arguments, Failed, Trial};
use pact_openapi::OpenApi;
use pact_openapi::diff::diff;

fn cases_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/diff")
}

fn run(case: &Path) -> Result<(), Failed> {
    let read = |name: &str| -> Result<OpenApi, Failed> {
        let text = std::fs::read_to_string(case.join(name)).map_err(|e| format!("{name}: {e}"))?;
        OpenApi::parse(&text).map_err(|e| format!("{name}: {e}").into())
    };
    let changes = diff(&read("old.yaml")?, &read("new.yaml")?);
    let mut found: Vec<String> = changes
        .changes
        .iter()
        .map(|c| {
            format!(
                "{} {}",
                if c.breaking { "breaking" } else { "non-breaking" },
                c.rule
            )
        })
        .collect();
    found.sort();
    found.dedup();
    let expected = std::fs::read_to_string(case.join("expected.txt")).map_err(|e| e.to_string())?;
    let mut expected: Vec<String> = expected.lines().map(str::to_string).collect();
    expected.sort();
    if found == expected {
        Ok(())
    } else {
        Err(format!("expected {expected:?}, found {found:?}:\n{changes}").into())
    }
}

fn main() {
    let args = Arguments::from_args();
    let mut cases: Vec<PathBuf> = std::fs::read_dir(cases_dir())
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.is_dir())
        .collect();
    cases.sort();
    assert!(
        cases.len() > 40,
        "the diff cases are missing from {}",
        cases_dir().display()
    );
    let trials = cases
        .into_iter()
        .map(|case| {
            let name = case.file_name().unwrap().to_string_lossy().to_string();
            Trial::test(name, move || run(&case))
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}
