//! Publishing contracts: `POST /contracts/publish` and its reply.

use serde::{Deserialize, Serialize};

use crate::hal::Links;
use crate::notice::Notice;
use crate::pacticipants::EmbeddedPacticipant;
use crate::versions::Version;

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
///
/// ```
/// use pact_broker_api::{Notice, PublishContractsResponse, PublishLog};
/// let reply: PublishContractsResponse =
///     serde_json::from_str(r#"{"notices": [{"type": "success", "text": "Published"}]}"#).unwrap();
/// assert_eq!(reply.notices[0].text, "Published");
/// assert!(reply.embedded.is_none());
/// assert_eq!(
///     PublishLog::of(&Notice::of_type("info", "hi")).message,
///     "hi"
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PublishContractsResponse {
    /// What the broker did (and what to do next).
    #[serde(default)]
    pub notices: Vec<Notice>,
    /// The notices again in their deprecated form.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub logs: Vec<PublishLog>,
    /// The pacticipant and version created or found.
    #[serde(rename = "_embedded", default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<PublishEmbedded>,
    /// `pb:pacticipant`, `pb:pacticipant-version`, `pb:contracts`, …
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// A notice in its deprecated form: `{"level", "message", "deprecationWarning"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PublishLog {
    /// The notice's type.
    #[serde(default)]
    pub level: Option<String>,
    /// The notice's text.
    #[serde(default)]
    pub message: String,
    /// `Replaced by notices`.
    #[serde(default)]
    pub deprecation_warning: String,
}

impl PublishLog {
    /// The deprecated form of `notice`.
    pub fn of(notice: &Notice) -> Self {
        PublishLog {
            level: notice.kind.clone(),
            message: notice.text.clone(),
            deprecation_warning: "Replaced by notices".into(),
        }
    }
}

/// What a [`PublishContractsResponse`] embeds.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct PublishEmbedded {
    /// The consumer (`{"name", "_links"}`).
    #[serde(default)]
    pub pacticipant: EmbeddedPacticipant,
    /// The consumer version, as `GET` on it answers.
    #[serde(default)]
    pub version: Version,
}
