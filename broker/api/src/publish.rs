//! Publishing contracts: `POST /contracts/publish` and its reply.

use serde::{Deserialize, Serialize};

use crate::hal::Links;
use crate::notice::Notice;

/// The body of `POST /contracts/publish`: one consumer version and its pacts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishContractsRequest {
    /// The consumer's name.
    #[serde(default)]
    pub pacticipant_name: Option<String>,
    /// The consumer version number.
    #[serde(default)]
    pub pacticipant_version_number: Option<String>,
    /// The consumer version's branch.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub branch: Option<String>,
    /// Tags for the consumer version.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub tags: Vec<String>,
    /// The CI build that published.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub build_url: Option<String>,
    /// The pacts.
    #[serde(default)]
    pub contracts: Vec<Contract>,
}

/// One contract in a [`PublishContractsRequest`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Contract {
    /// The consumer.
    #[serde(default)]
    pub consumer_name: Option<String>,
    /// The provider.
    #[serde(default)]
    pub provider_name: Option<String>,
    /// `pact`.
    #[serde(default)]
    pub specification: Option<String>,
    /// `application/json`.
    #[serde(default)]
    pub content_type: Option<String>,
    /// The pact document, base64-encoded.
    #[serde(default)]
    pub content: Option<String>,
    /// `overwrite` or `merge`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub on_conflict: Option<String>,
}

impl Contract {
    /// A pact (`content` already base64-encoded) between `consumer` and `provider`.
    pub fn pact(
        consumer: impl Into<String>,
        provider: impl Into<String>,
        content: String,
        merge: bool,
    ) -> Self {
        Contract {
            consumer_name: Some(consumer.into()),
            provider_name: Some(provider.into()),
            specification: Some("pact".into()),
            content_type: Some("application/json".into()),
            content: Some(content),
            on_conflict: Some(if merge { "merge" } else { "overwrite" }.into()),
        }
    }
}

/// The reply to `POST /contracts/publish`: what happened, and links to what was created.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PublishContractsResponse {
    /// What the broker did (and what to do next).
    #[serde(default)]
    pub notices: Vec<Notice>,
    /// The pacticipant and version created or found.
    #[serde(
        rename = "_embedded",
        default,
        skip_serializing_if = "serde_json::Value::is_null"
    )]
    pub embedded: serde_json::Value,
    /// `pb:pacticipant`, `pb:pacticipant-version`, `pb:contracts`, …
    #[serde(rename = "_links", default)]
    pub links: Links,
}
