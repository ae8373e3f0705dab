//! Integrations: `GET /integrations`, every consumer–provider pair with a pact (the Pact
//! Broker's `IntegrationsDecorator`).

use serde::{Deserialize, Serialize};

use crate::hal::Links;

/// The integrations, by consumer then provider name.
///
/// ```
/// use pact_broker_api::IntegrationList;
/// let list: IntegrationList = serde_json::from_str(
///     r#"{"_embedded": {"integrations": [{"consumer": {"name": "Web"}, "provider": {"name": "Api"},
///         "verificationStatus": "success"}]}}"#,
/// ).unwrap();
/// assert_eq!(list.embedded.integrations[0].provider.name, "Api");
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationList {
    /// The integrations.
    #[serde(rename = "_embedded", default)]
    pub embedded: IntegrationListEmbedded,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// `_embedded` of an [`IntegrationList`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct IntegrationListEmbedded {
    /// The integrations.
    #[serde(default)]
    pub integrations: Vec<Integration>,
}

/// One consumer–provider pair.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Integration {
    /// The consumer.
    #[serde(default)]
    pub consumer: PacticipantName,
    /// The provider.
    #[serde(default)]
    pub provider: PacticipantName,
    /// The newest result for the latest pact's content: `success`, `failed` or `never`.
    #[serde(default)]
    pub verification_status: String,
    /// When the latest pact or its newest verification result was published, whichever is later.
    #[serde(default)]
    pub latest_pact_or_verification_published_at: Option<String>,
    /// `pb:delete_integration`, `pb:matrix`, `pb:group`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// A pacticipant by name only: `{"name"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacticipantName {
    /// Its name.
    #[serde(default)]
    pub name: String,
}

impl PacticipantName {
    /// `{"name": name}`.
    pub fn new(name: impl Into<String>) -> Self {
        PacticipantName { name: name.into() }
    }
}
