//! Scenarios we fail on purpose or for now, each with its reason. The runner prints them with
//! their reasons; they are not skipped. README's compatibility section explains them.

/// Why a known failure fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Why {
    /// We differ from the reference on purpose. If the scenario starts passing, the run fails so
    /// the list (and README) are corrected.
    Deliberate,
    /// A change being made on another branch fixes it. If the scenario starts passing, the run
    /// says so (take it off the list) without failing, so merging that branch does not break CI.
    PendingChange,
}

/// A scenario expected to fail, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownFailure {
    /// The feature file below `features/`, e.g. `V1/http_consumer.feature`.
    pub feature: &'static str,
    /// The scenario's name.
    pub scenario: &'static str,
    /// Deliberate or pending.
    pub why: Why,
    /// The reason, in words.
    pub reason: &'static str,
}

/// Every known failure.
pub const KNOWN_FAILURES: &[KnownFailure] = &[];

/// The known failure for this scenario, if it is one.
pub fn known_failure(feature: &str, scenario: &str) -> Option<&'static KnownFailure> {
    KNOWN_FAILURES
        .iter()
        .find(|k| k.feature == feature && k.scenario == scenario)
}
