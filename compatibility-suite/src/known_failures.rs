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
pub const KNOWN_FAILURES: &[KnownFailure] = &[
    KnownFailure {
        feature: "V1/http_provider.feature",
        scenario: "Verifying an interaction where a provider state callback is not configured",
        why: Why::PendingChange,
        reason: "pending realworld-wire (issue 11, missing state-callback warning): the verifier does not \
                 yet warn that no provider state callback is configured for a state",
    },
    KnownFailure {
        feature: "V3/message_provider.feature",
        scenario: "Message with binary body (positive case)",
        why: Why::PendingChange,
        reason: "pending realworld-wire (issue 11, base64 bodies in V3): a V3 pact's base64 contents of a \
                 binary message are read back as text instead of being decoded",
    },
    KnownFailure {
        feature: "V4/http_provider.feature",
        scenario: "Verifying a HTTP interaction with comments",
        why: Why::PendingChange,
        reason: "pending realworld-wire (issue 11, V4 comments in the verifier console): the console \
                 report does not yet show an interaction's comments and test name",
    },
    KnownFailure {
        feature: "V4/message_provider.feature",
        scenario: "Verifying a message interaction with comments",
        why: Why::PendingChange,
        reason: "pending realworld-wire (issue 11, V4 comments in the verifier console): the console \
                 report does not yet show an interaction's comments and test name",
    },
];

/// The known failure for this scenario, if it is one.
pub fn known_failure(feature: &str, scenario: &str) -> Option<&'static KnownFailure> {
    KNOWN_FAILURES
        .iter()
        .find(|k| k.feature == feature && k.scenario == scenario)
}
