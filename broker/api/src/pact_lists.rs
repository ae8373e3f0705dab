//! Lists of pacts: `GET /pacts/latest`, and the pacts of a provider (latest, by tag, by branch)
//! or of one consumer–provider pair (`…/versions`, `…/tag/{t}`, `…/branch[/{b}]`).

use serde::{Deserialize, Serialize};

use crate::hal::Links;
use crate::pacticipants::EmbeddedPacticipant;

/// Pacts of a provider or of a pair: links only (`self`, `pb:pacts`, `pacts`, `pb:provider`,
/// `provider`), one `pb:pacts` link per pact.
///
/// ```
/// use pact_broker_api::PactList;
/// let list: PactList = serde_json::from_str(
///     r#"{"_links": {"pb:pacts": [{"href": "http://b/pacts/provider/Api/consumer/Web/version/1", "name": "Web"}]}}"#,
/// ).unwrap();
/// assert_eq!(list.links.all("pb:pacts")[0].name.as_deref(), Some("Web"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PactList {
    /// `self`, `pb:pacts`, `pacts` (deprecated), `pb:provider`, `provider` (deprecated).
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// The latest pact of every consumer–provider pair (`GET /pacts/latest`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatestPacts {
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// The pacts.
    #[serde(default)]
    pub pacts: Vec<LatestPact>,
}

/// One pact of [`LatestPacts`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LatestPact {
    /// When it was published.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Its consumer (with the version) and provider.
    #[serde(rename = "_embedded", default)]
    pub embedded: LatestPactEmbedded,
    /// `self`: the latest-pact URL and the versioned one.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// `_embedded` of a [`LatestPact`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatestPactEmbedded {
    /// The consumer and its version.
    #[serde(default)]
    pub consumer: LatestPactConsumer,
    /// The provider.
    #[serde(default)]
    pub provider: EmbeddedPacticipant,
}

/// The consumer of a [`LatestPact`]: `{"name", "_links", "_embedded": {"version": {"number"}}}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatestPactConsumer {
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// The consumer version of the pact.
    #[serde(rename = "_embedded", default)]
    pub embedded: LatestPactConsumerEmbedded,
}

/// `_embedded` of a [`LatestPactConsumer`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LatestPactConsumerEmbedded {
    /// The version.
    #[serde(default)]
    pub version: VersionNumber,
}

/// A version by number only: `{"number"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct VersionNumber {
    /// The version number.
    #[serde(default)]
    pub number: String,
}
