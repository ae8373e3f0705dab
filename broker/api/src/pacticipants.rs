//! Pacticipants, their versions, and environments, as the clients read them.

use serde::{Deserialize, Serialize};

use crate::hal::Links;

/// A pacticipant (`GET /pacticipants/{name}`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pacticipant {
    /// Its name.
    #[serde(default)]
    pub name: String,
    /// Its display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Its main branch.
    #[serde(default)]
    pub main_branch: Option<String>,
    /// Its repository URL.
    #[serde(default)]
    pub repository_url: Option<String>,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// `self`, `pb:versions`, …
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// A pacticipant version (`GET /pacticipants/{name}/versions/{number}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Version {
    /// The version number.
    #[serde(default)]
    pub number: String,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// Its branch versions, tags, … as the broker embeds them.
    #[serde(
        rename = "_embedded",
        default,
        skip_serializing_if = "serde_json::Value::is_null"
    )]
    pub embedded: serde_json::Value,
    /// `self`, `pb:pacticipant`, `pb:record-deployment`, …
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// An environment (`GET /environments/{uuid}`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Environment {
    /// Its UUID.
    #[serde(default)]
    pub uuid: String,
    /// Its name, e.g. `production`.
    #[serde(default)]
    pub name: String,
    /// Its display name.
    #[serde(default)]
    pub display_name: Option<String>,
    /// Whether it is a production environment.
    #[serde(default)]
    pub production: bool,
    /// Who to contact about it.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<serde_json::Value>,
    /// When it was created.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub created_at: Option<String>,
    /// When it was last changed.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub updated_at: Option<String>,
    /// `self`, `pb:currently-deployed-deployed-versions`, …
    #[serde(rename = "_links", default)]
    pub links: Links,
}
