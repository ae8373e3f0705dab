//! Helpers shared by the integration tests.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::path::{Path, PathBuf};

use serde_json::Value;

/// A fresh directory for the pact files of one test.
pub fn pact_dir() -> tempfile::TempDir {
    tempfile::Builder::new()
        .prefix("pact-consumer-test-")
        .tempdir()
        .expect("a temporary directory")
}

/// The pact file `<consumer>-<provider>.json` in `dir`, parsed.
pub fn read_pact_json(dir: &Path, consumer: &str, provider: &str) -> Value {
    let path = pact_path(dir, consumer, provider);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{} is not JSON: {e}", path.display()))
}

pub fn pact_path(dir: &Path, consumer: &str, provider: &str) -> PathBuf {
    dir.join(format!("{consumer}-{provider}.json"))
}

/// The message of a panic payload.
pub fn panic_message(payload: Box<dyn std::any::Any + Send>) -> String {
    payload
        .downcast_ref::<String>()
        .cloned()
        .or_else(|| payload.downcast_ref::<&str>().map(|s| s.to_string()))
        .unwrap_or_default()
}
