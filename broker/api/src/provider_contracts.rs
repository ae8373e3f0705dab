//! Provider contracts (bi-directional): publishing an OpenAPI document with the provider's own
//! test result (`PUT /contracts/provider/{p}/version/{v}`) and reading it back.

use serde::{Deserialize, Serialize};

use crate::hal::Links;
use crate::notice::Notice;
use crate::versions::Version;

/// The reply to publishing a provider contract: what the broker checked (as notices), the
/// provider version and links to the contract.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderContractPublished {
    /// What happened: the publication, each consumer pact checked, the changes since the
    /// provider's previous document.
    #[serde(default)]
    pub notices: Vec<Notice>,
    /// The provider version.
    #[serde(rename = "_embedded", default)]
    pub embedded: ProviderContractEmbedded,
    /// `self`, `pb:pacticipant`, `pb:pacticipant-version`, `pb:pacticipant-version-tags`,
    /// `pb:branch-version`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// `_embedded` of a [`ProviderContractPublished`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProviderContractEmbedded {
    /// The provider version the contract belongs to.
    #[serde(default)]
    pub version: Version,
}

/// A provider contract (`GET /contracts/provider/{p}/version/{v}`): the document and the
/// provider's own test of it.
///
/// ```
/// use pact_broker_api::ProviderContract;
/// let c: ProviderContract = serde_json::from_str(
///     r#"{"providerName": "Api", "providerVersionNumber": "1", "specification": "oas",
///         "selfVerificationResults": {"success": true}}"#,
/// ).unwrap();
/// assert!(c.self_verification_results.success);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderContract {
    /// The provider.
    #[serde(default)]
    pub provider_name: String,
    /// The provider version.
    #[serde(default)]
    pub provider_version_number: String,
    /// `oas`.
    #[serde(default)]
    pub specification: String,
    /// `application/yaml` or `application/json`.
    #[serde(default)]
    pub content_type: String,
    /// The document's text.
    #[serde(default)]
    pub content: String,
    /// SHA-1 of the text.
    #[serde(default)]
    pub sha: String,
    /// The provider's own test of the document.
    #[serde(default)]
    pub self_verification_results: SelfVerificationResults,
    /// The CI build that published it.
    #[serde(default)]
    pub build_url: Option<String>,
    /// When it was first published.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last published.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// `self`, `pb:pacticipant-version`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// The provider's own test of a [`ProviderContract`] (every field written, `null` when unset).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SelfVerificationResults {
    /// Whether it passed.
    #[serde(default)]
    pub success: bool,
    /// Its output.
    #[serde(default)]
    pub content: Option<String>,
    /// The output's media type.
    #[serde(default)]
    pub content_type: Option<String>,
    /// The tool that ran it.
    #[serde(default)]
    pub verifier: Option<String>,
    /// That tool's version.
    #[serde(default)]
    pub verifier_version: Option<String>,
}
