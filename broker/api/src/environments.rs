//! Environments: `GET /environments[/{uuid}]`.

use serde::{Deserialize, Serialize};

use crate::hal::Links;

/// An environment (`GET /environments/{uuid}`).
///
/// ```
/// use pact_broker_api::Environment;
/// let e: Environment = serde_json::from_str(r#"{"uuid": "u", "name": "production", "production": true}"#).unwrap();
/// assert!(e.production);
/// assert!(e.contacts.is_null());
/// ```
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
    /// Who to contact about it, as it was given (`null` when not).
    #[serde(default)]
    pub contacts: serde_json::Value,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// `self`, `pb:currently-deployed-deployed-versions`, …
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// The environments (`GET /environments`).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentList {
    /// The environments.
    #[serde(rename = "_embedded", default)]
    pub embedded: EnvironmentListEmbedded,
    /// `self`, `pb:environments`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// `_embedded` of an [`EnvironmentList`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct EnvironmentListEmbedded {
    /// The environments.
    #[serde(default)]
    pub environments: Vec<Environment>,
}
