//! Reading the broker's insta snapshots (`broker/tests/snapshots/`) for the round-trip tests.
#![allow(clippy::unwrap_used, dead_code)]

use serde::Serialize;
use serde::de::DeserializeOwned;

/// The JSON body (after the `---` header) of the snapshot `{suite}__{name}.snap`, where `suite` is
/// the broker test that wrote it (`broker_snapshots`, `broker_wire_snapshots`).
pub(crate) fn snapshot(suite: &str, name: &str) -> String {
    let path = format!(
        "{}/../tests/snapshots/{suite}__{name}.snap",
        env!("CARGO_MANIFEST_DIR")
    );
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    let body = text
        .splitn(3, "---\n")
        .nth(2)
        .unwrap_or_else(|| panic!("{path} has no header"));
    body.trim_end().to_string()
}

/// Reads the snapshot as `T`, writes it back as insta does (two-space pretty JSON), asserts the
/// two are the same bytes and returns the typed value.
pub(crate) fn assert_round_trip<T: DeserializeOwned + Serialize>(suite: &str, name: &str) -> T {
    let expected = snapshot(suite, name);
    let typed: T = serde_json::from_str(&expected).unwrap_or_else(|e| panic!("{name}: {e}"));
    assert_eq!(serde_json::to_string_pretty(&typed).unwrap(), expected, "{name}");
    typed
}
