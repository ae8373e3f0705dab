//! Pacts for verification: `POST /pacts/provider/{provider}/for-verification` and its reply.

use serde::{Deserialize, Serialize};

use crate::hal::Links;
use crate::notice::Notice;
use crate::selectors::ConsumerVersionSelector;

/// The body of a `for-verification` request: which pacts the provider wants to verify.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PactsForVerificationRequest {
    /// The selectors; empty means each consumer's main branch head (else its latest).
    #[serde(default)]
    pub consumer_version_selectors: Vec<ConsumerVersionSelector>,
    /// The provider branch being verified (for pending, WIP and matchingBranch).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider_version_branch: Option<String>,
    /// Provider tags (legacy pending calculation).
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub provider_version_tags: Vec<String>,
    /// Whether to report `pending`.
    #[serde(default)]
    pub include_pending_status: bool,
    /// Include WIP pacts published since this date (`YYYY-MM-DD` or a timestamp).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub include_wip_pacts_since: Option<String>,
}

/// The `for-verification` reply: the pacts to verify, each with why and whether it is pending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PactsForVerification {
    /// The pacts.
    #[serde(rename = "_embedded", default)]
    pub embedded: PactsForVerificationEmbedded,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// The `_embedded` object of [`PactsForVerification`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PactsForVerificationEmbedded {
    /// One entry per distinct pact content.
    #[serde(default)]
    pub pacts: Vec<PactForVerification>,
}

impl PactsForVerification {
    /// The reply listing `pacts`, with its `self` links.
    pub fn new(pacts: Vec<PactForVerification>, links: Links) -> Self {
        PactsForVerification {
            embedded: PactsForVerificationEmbedded { pacts },
            links,
        }
    }
}

/// One pact to verify: its URL (`_links.self`), why it was chosen and whether it is pending.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PactForVerification {
    /// e.g. `latest from main branch, currently in production`.
    #[serde(default)]
    pub short_description: String,
    /// Pending and WIP status, and the notices to show.
    #[serde(default)]
    pub verification_properties: VerificationProperties,
    /// `self`: the pact document (with its metadata in the URL).
    #[serde(rename = "_links", default)]
    pub links: Links,
}

impl PactForVerification {
    /// An entry for the pact at `links`' `self`.
    pub fn new(
        short_description: String,
        verification_properties: VerificationProperties,
        links: Links,
    ) -> Self {
        PactForVerification {
            short_description,
            verification_properties,
            links,
        }
    }
}

/// What the broker says about a pact it hands out for verification.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VerificationProperties {
    /// Why the pact is verified, and what its pending state means for the build.
    #[serde(default)]
    pub notices: Vec<Notice>,
    /// Whether failures of this pact fail the build (`None` unless pending status was asked for).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pending: Option<bool>,
    /// `Some(true)` for a work-in-progress pact.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub wip: Option<bool>,
}

impl VerificationProperties {
    /// Properties with these notices and statuses.
    pub fn new(notices: Vec<Notice>, pending: Option<bool>, wip: Option<bool>) -> Self {
        VerificationProperties {
            notices,
            pending,
            wip,
        }
    }
}
