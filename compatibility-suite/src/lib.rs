//! The Pact Foundation's compatibility suite, run against this workspace's crates.
//!
//! The features and fixtures are vendored in `features/` and `fixtures/` (see `README.md`); the step
//! definitions live in the `compatibility` test target (`tests/compatibility/`), which drives the
//! consumer DSL and mock server of `pact-consumer`, the `Verifier` of `pact-verifier` and the
//! matching engine and generators of `pact-core`.
//!
//! This library holds what the steps share and what can be tested on its own: reading fixtures
//! ([`fixtures`]), the list of scenarios we fail on purpose ([`known_failures`]) and the
//! cucumber writer that tallies scenarios per feature and decides whether the run passed
//! ([`tally`]).

pub mod fixtures;
pub mod known_failures;
pub mod tally;
