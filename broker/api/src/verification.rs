//! Verification results: what a verifier posts to `pb:publish-verification-results`, and how the
//! broker serves them back.

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

/// `verifiedBy`: the verifying tool (and, for the broker's bi-directional check, the provider
/// contract it checked against).
///
/// ```
/// use pact_broker_api::VerifiedBy;
/// let by = VerifiedBy::new("checker", "1.0").with_provider_contract_sha("abc");
/// assert_eq!(
///     serde_json::to_string(&by).unwrap(),
///     r#"{"implementation":"checker","version":"1.0","providerContractSha":"abc"}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerifiedBy {
    /// e.g. `pact-rs`.
    pub implementation: String,
    /// The tool's version.
    pub version: String,
    /// The SHA of the provider contract a bi-directional check compared the pact with.
    #[serde(
        rename = "providerContractSha",
        default,
        skip_serializing_if = "Option::is_none"
    )]
    pub provider_contract_sha: Option<String>,
}

impl VerifiedBy {
    /// `{"implementation": …, "version": …}`.
    pub fn new(implementation: impl Into<String>, version: impl Into<String>) -> Self {
        VerifiedBy {
            implementation: implementation.into(),
            version: version.into(),
            provider_contract_sha: None,
        }
    }

    /// The same tool, checking against the provider contract with SHA `sha`.
    #[must_use]
    pub fn with_provider_contract_sha(mut self, sha: impl Into<String>) -> Self {
        self.provider_contract_sha = Some(sha.into());
        self
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

/// A verification result as the broker serves it (the reply to publishing one, and
/// `GET …/verification-results/{id}` / `…/latest`).
///
/// ```
/// use pact_broker_api::PublishedVerificationResult;
/// let r: PublishedVerificationResult = serde_json::from_str(
///     r#"{"providerName": "Api", "providerApplicationVersion": "10", "success": true}"#,
/// ).unwrap();
/// assert!(r.success);
/// assert!(r.test_results.is_null());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishedVerificationResult {
    /// The provider.
    #[serde(default)]
    pub provider_name: String,
    /// The provider version that was verified.
    #[serde(default)]
    pub provider_application_version: String,
    /// Whether every interaction passed.
    #[serde(default)]
    pub success: bool,
    /// When it was published.
    #[serde(default)]
    pub verification_date: Option<String>,
    /// The CI build that verified.
    #[serde(default)]
    pub build_url: Option<String>,
    /// The test results as published (`null` when none were).
    #[serde(default)]
    pub test_results: serde_json::Value,
    /// The verifying tool as published (`null` when not given).
    #[serde(default)]
    pub verified_by: serde_json::Value,
    /// `pact` or `provider-contract` (a bi-directional contract comparison).
    #[serde(default)]
    pub verification_type: Option<String>,
    /// `self`, `pb:pact-version`, `pb:provider-version`, `pb:triggered-webhooks`.
    #[serde(rename = "_links", default)]
    pub links: crate::hal::Links,
}

/// The newest results of the pacts of a consumer version
/// (`GET /verification-results/consumer/{c}/version/{v}/latest`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationSummary {
    /// Whether every provider verified successfully.
    #[serde(default)]
    pub success: bool,
    /// The providers by outcome.
    #[serde(default)]
    pub provider_summary: ProviderSummary,
    /// The results.
    #[serde(rename = "_embedded", default)]
    pub embedded: VerificationSummaryEmbedded,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: crate::hal::Links,
}

/// The providers of a [`VerificationSummary`] by outcome.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderSummary {
    /// Providers whose newest result passed.
    #[serde(default)]
    pub successful: Vec<String>,
    /// Providers whose newest result failed.
    #[serde(default)]
    pub failed: Vec<String>,
    /// Providers that have not verified.
    #[serde(default)]
    pub unknown: Vec<String>,
}

/// `_embedded` of a [`VerificationSummary`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VerificationSummaryEmbedded {
    /// The newest result of each pact.
    #[serde(default)]
    pub verification_results: Vec<PublishedVerificationResult>,
}
