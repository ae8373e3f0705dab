//! Pacticipants: one (`GET /pacticipants/{name}`), the list (`GET /pacticipants`) and the short
//! forms other resources embed.

use serde::{Deserialize, Serialize};

use crate::hal::Links;
use crate::page::Page;

/// A pacticipant as the broker serves it (`PacticipantDecorator`).
///
/// Every field is written, `null` when unset; `_embedded` only when the reply embeds the latest
/// version and labels; `title` only in the deprecated top-level `pacticipants` array of a list.
///
/// ```
/// use pact_broker_api::Pacticipant;
/// let p: Pacticipant = serde_json::from_str(r#"{"name": "Web", "mainBranch": "main"}"#).unwrap();
/// assert_eq!(p.main_branch.as_deref(), Some("main"));
/// assert!(p.embedded.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pacticipant {
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its display name (the broker writes the name when none was given).
    #[serde(default)]
    pub display_name: Option<String>,
    /// Its main branch.
    #[serde(default)]
    pub main_branch: Option<String>,
    /// Its repository URL.
    #[serde(default)]
    pub repository_url: Option<String>,
    /// Its repository name.
    #[serde(default)]
    pub repository_name: Option<String>,
    /// Its repository namespace.
    #[serde(default)]
    pub repository_namespace: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// `self`, `pb:versions`, …
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// Its latest version and labels.
    #[serde(rename = "_embedded", default, skip_serializing_if = "Option::is_none")]
    pub embedded: Option<PacticipantEmbedded>,
    /// The deprecation title of the items of the top-level `pacticipants` array.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
}

/// What a [`Pacticipant`] embeds.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacticipantEmbedded {
    /// Its newest version.
    #[serde(rename = "latestVersion", default, skip_serializing_if = "Option::is_none")]
    pub latest_version: Option<EmbeddedVersion>,
    /// The same version under its deprecated name, titled as deprecated.
    #[serde(rename = "latest-version", default, skip_serializing_if = "Option::is_none")]
    pub deprecated_latest_version: Option<EmbeddedVersion>,
    /// Its labels.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub labels: Option<Vec<Label>>,
}

/// A pacticipant label (`GET /pacticipants/{p}/labels/{label}`; embedded in a pacticipant as
/// `{"name", "_links"}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Label {
    /// The label.
    #[serde(default)]
    pub name: String,
    /// When it was added (not in the embedded form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it was last changed (not in the embedded form).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// `self` (and `pacticipant` in the resource).
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// A version as other resources embed it: `{"number", "createdAt"?, "_links"}` (plus the
/// deprecation `title`/`name` of a pacticipant's `latest-version`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EmbeddedVersion {
    /// The version number.
    #[serde(default)]
    pub number: String,
    /// When it was created (absent where the broker does not embed it).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// A deprecation notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// A deprecation notice.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
}

/// A pacticipant as other resources embed it: `{"name", "_links"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct EmbeddedPacticipant {
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// The pacticipants (`GET /pacticipants`, `GET /pacticipants/label/{label}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacticipantList {
    /// The pacticipants.
    #[serde(rename = "_embedded", default)]
    pub embedded: PacticipantListEmbedded,
    /// `self`, `pb:pacticipants`, paging links, …
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// The same pacticipants, each titled as deprecated (what old clients read).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub pacticipants: Option<Vec<Pacticipant>>,
    /// The page, when the list is paged.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub page: Option<Page>,
}

/// `_embedded` of a [`PacticipantList`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct PacticipantListEmbedded {
    /// The pacticipants.
    #[serde(default)]
    pub pacticipants: Vec<Pacticipant>,
}
