//! Scenarios we fail on purpose or for now, each with its reason. The runner prints them with
//! their reasons; they are not skipped. README's compatibility section explains the deliberate ones.

/// A scenario expected to fail, and why.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct KnownFailure {
    /// The feature file below `features/`, e.g. `V1/http_consumer.feature`.
    pub feature: &'static str,
    /// The scenario's name.
    pub scenario: &'static str,
    /// Why it fails.
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
