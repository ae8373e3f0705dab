//! Pact files: merging with what other tests wrote, overwriting, and many processes writing at once.
#![allow(clippy::unwrap_used)] // tests fail loudly on unexpected errors

mod common;

use std::collections::BTreeSet;
use std::path::Path;
use std::process::{Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, AtomicUsize, Ordering};

use common::{pact_dir, pact_path, read_pact_json};
use pact_consumer::PactOutput;
use pact_consumer::prelude::*;

fn descriptions(pact: &serde_json::Value) -> Vec<String> {
    pact["interactions"]
        .as_array()
        .map(|items| {
            items
                .iter()
                .map(|i| i["description"].as_str().unwrap_or("").to_string())
                .collect()
        })
        .unwrap_or_default()
}

fn one(dir: &Path, description: &str, state: &str, status: u16) -> PactBuilder {
    let description = description.to_string();
    let state = state.to_string();
    PactBuilder::new("Merging", "Provider")
        .output_dir(dir)
        .interaction(description.clone(), move |i| {
            i.given(state)
                .request(|r| r.get(format!("/{description}")))
                .response(|r| r.status(status))
        })
}

#[test]
fn interactions_from_separate_tests_are_merged_and_a_changed_one_replaces_the_old() {
    let dir = pact_dir();
    one(dir.path(), "a", "s", 200).write_pact().unwrap();
    one(dir.path(), "b", "s", 200).write_pact().unwrap();
    one(dir.path(), "a", "s", 404).write_pact().unwrap();
    one(dir.path(), "a", "another state", 200).write_pact().unwrap();

    let pact = read_pact_json(dir.path(), "Merging", "Provider");
    assert_eq!(descriptions(&pact), ["a", "b", "a"]);
    assert_eq!(pact["interactions"][0]["response"]["status"], 404);
    assert_eq!(
        pact["interactions"][2]["providerStates"][0]["name"],
        "another state"
    );
}

#[test]
fn overwrite_starts_the_file_afresh() {
    let dir = pact_dir();
    one(dir.path(), "a", "s", 200).write_pact().unwrap();
    let pact = one(dir.path(), "b", "s", 200).into_pact();
    PactOutput {
        dir: dir.path().to_path_buf(),
        overwrite: true,
    }
    .write(&pact)
    .unwrap();
    assert_eq!(
        descriptions(&read_pact_json(dir.path(), "Merging", "Provider")),
        ["b"]
    );
}

#[test]
fn an_unreadable_existing_file_is_reported_and_left_alone() {
    let dir = pact_dir();
    let path = pact_path(dir.path(), "Merging", "Provider");
    std::fs::write(&path, "{ not json").unwrap();
    let err = one(dir.path(), "a", "s", 200)
        .write_pact()
        .unwrap_err()
        .to_string();
    assert!(err.contains("cannot be read"), "{err}");
    assert!(err.contains("PACT_OVERWRITE=true"), "{err}");
    assert_eq!(std::fs::read_to_string(&path).unwrap(), "{ not json");
}

#[test]
fn the_default_output_dir_is_the_workspace_target_pacts_dir() {
    // cargo runs integration tests with CARGO_MANIFEST_DIR set to this crate; its workspace root holds Cargo.lock.
    let manifest_dir = Path::new(env!("CARGO_MANIFEST_DIR"));
    let expected = match (
        std::env::var_os("PACT_OUTPUT_DIR"),
        std::env::var_os("CARGO_TARGET_DIR"),
    ) {
        (Some(dir), _) => Path::new(&dir).to_path_buf(),
        (None, Some(target)) => manifest_dir.parent().unwrap().join(target).join("pacts"),
        (None, None) => manifest_dir.parent().unwrap().join("target").join("pacts"),
    };
    assert_eq!(pact_consumer::default_output_dir(), expected);
}

const WRITERS: usize = 16;
const INTERACTIONS: usize = 20;
const ROUNDS: usize = 50;

/// The body of one writer process (run by `many_processes_writing_one_file_lose_nothing`).
#[test]
#[ignore = "run as a child process by many_processes_writing_one_file_lose_nothing"]
fn merge_writer_process() {
    let dir = std::env::var("PACT_MERGE_TEST_DIR").expect("PACT_MERGE_TEST_DIR");
    let writer: usize = std::env::var("PACT_MERGE_TEST_WRITER")
        .expect("writer")
        .parse()
        .expect("a number");
    // Each round every writer merges its interactions into the round's file in one locked write,
    // at the same moment as the fifteen others.
    for round in 0..ROUNDS {
        let mut builder = PactBuilder::new("Stress", format!("Round{round}")).output_dir(&dir);
        for n in 0..INTERACTIONS {
            builder = builder.interaction(format!("writer {writer} interaction {n}"), |i| {
                i.given_with_params("a state", json!({ "writer": writer }))
                    .request(|r| r.get(format!("/writers/{writer}/{n}")))
                    .response(|r| r.ok().json_body(pact_json!({ "n": integer(n as i64) })))
            });
        }
        builder.write_pact().expect("the pact is written");
    }
}

#[test]
fn many_processes_writing_one_file_lose_nothing() {
    let dir = pact_dir();
    let exe = std::env::current_exe().unwrap();
    let mut children: Vec<_> = (0..WRITERS)
        .map(|writer| {
            Command::new(&exe)
                .args([
                    "--ignored",
                    "--exact",
                    "merge_writer_process",
                    "--test-threads",
                    "1",
                ])
                .env("PACT_MERGE_TEST_DIR", dir.path())
                .env("PACT_MERGE_TEST_WRITER", writer.to_string())
                .env_remove("PACT_OVERWRITE")
                .stdout(Stdio::null())
                .stderr(Stdio::piped())
                .spawn()
                .unwrap()
        })
        .collect();

    // A reader checks, while the writers run, that every pact file it can see is valid JSON.
    let done = Arc::new(AtomicBool::new(false));
    let (reads, invalid) = (Arc::new(AtomicUsize::new(0)), Arc::new(AtomicUsize::new(0)));
    let reader = {
        let (dir, done, reads, invalid) = (
            dir.path().to_path_buf(),
            done.clone(),
            reads.clone(),
            invalid.clone(),
        );
        std::thread::spawn(move || {
            while !done.load(Ordering::SeqCst) {
                for round in 0..ROUNDS {
                    if let Ok(text) =
                        std::fs::read_to_string(pact_path(&dir, "Stress", &format!("Round{round}")))
                    {
                        reads.fetch_add(1, Ordering::SeqCst);
                        if serde_json::from_str::<serde_json::Value>(&text).is_err() {
                            invalid.fetch_add(1, Ordering::SeqCst);
                        }
                    }
                }
            }
        })
    };
    let mut failures = Vec::new();
    for child in children.drain(..) {
        let output = child.wait_with_output().unwrap();
        if !output.status.success() {
            failures.push(String::from_utf8_lossy(&output.stderr).into_owned());
        }
    }
    done.store(true, Ordering::SeqCst);
    reader.join().unwrap();
    assert!(failures.is_empty(), "writers failed:\n{}", failures.join("\n"));
    assert!(
        reads.load(Ordering::SeqCst) > 0,
        "the reader never saw a pact file"
    );
    assert_eq!(
        invalid.load(Ordering::SeqCst),
        0,
        "a reader saw a half-written pact file"
    );

    let expected: BTreeSet<String> = (0..WRITERS)
        .flat_map(|w| (0..INTERACTIONS).map(move |n| format!("writer {w} interaction {n}")))
        .collect();
    for round in 0..ROUNDS {
        let pact = read_pact_json(dir.path(), "Stress", &format!("Round{round}"));
        let found = descriptions(&pact);
        let unique: BTreeSet<String> = found.iter().cloned().collect();
        assert_eq!(
            found.len(),
            unique.len(),
            "round {round}: duplicated interactions"
        );
        assert_eq!(unique, expected, "round {round}: lost interactions");
    }
    let leftovers: Vec<_> = std::fs::read_dir(dir.path())
        .unwrap()
        .filter_map(Result::ok)
        .filter(|e| e.file_name().to_string_lossy().ends_with(".tmp"))
        .collect();
    assert!(leftovers.is_empty(), "temporary files left behind: {leftovers:?}");
}
