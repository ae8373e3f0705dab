//! Verification results: what a verifier posts to `pb:publish-verification-results`.

use serde::{Deserialize, Serialize};

/// A verification result as the verifier publishes it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationResult {
    /// Whether every interaction passed.
    pub success: bool,
    /// The provider version that was verified.
    #[serde(default)]
    pub provider_application_version: String,
    /// The tool that verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub verified_by: Option<VerifiedBy>,
    /// One entry per interaction.
    #[serde(default)]
    pub test_results: Vec<TestResult>,
    /// The CI build that verified.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_url: Option<String>,
}

/// `verifiedBy`: the verifying tool.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedBy {
    /// e.g. `pact-rs`.
    pub implementation: String,
    /// The tool's version.
    pub version: String,
}

impl VerifiedBy {
    /// `{"implementation": …, "version": …}`.
    pub fn new(implementation: impl Into<String>, version: impl Into<String>) -> Self {
        VerifiedBy {
            implementation: implementation.into(),
            version: version.into(),
        }
    }
}

/// The result of one interaction in a [`VerificationResult`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TestResult {
    /// The interaction's description.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_description: Option<String>,
    /// Whether it passed.
    pub success: bool,
    /// The broker's id of the interaction (`_id`), when the pact came from a broker.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub interaction_id: Option<String>,
    /// Errors that stopped it from being verified (`[{"message": …}]`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub exceptions: Vec<serde_json::Value>,
    /// Differences found (`{"attribute", "identifier", "description"}`).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub mismatches: Vec<serde_json::Value>,
}
