//! Helpers shared by the integration tests: the OpenAPI fixtures' pacts, the failures of a check,
//! and arbitrary JSON for the never-panics properties.
#![allow(dead_code, unreachable_pub, missing_docs)]
#![allow(clippy::unwrap_used)] // a failed unwrap is a failed test

// One interaction of a fixture pact, a pact of one interaction, arbitrary JSON: written once, in
// pact-core's test helpers.
#[path = "../../../pact-core/tests/common/pacts.rs"]
mod pacts;
#[allow(unused_imports)] // each test binary uses some of them
pub use pacts::*;

use pact_core::Pact;
use pact_openapi::{OpenApi, OpenApiFailure, check_pact};

/// The failures of `pact` against `api`.
pub fn openapi_failures(api: &OpenApi, pact: &Pact) -> Vec<OpenApiFailure> {
    check_pact(api, pact).failures().cloned().collect()
}

/// The one failure in `failures` (the test fails when there are none or several).
pub fn the_only(mut failures: Vec<OpenApiFailure>) -> OpenApiFailure {
    assert_eq!(
        failures.len(),
        1,
        "expected exactly one failure, got {failures:#?}"
    );
    failures.remove(0)
}
