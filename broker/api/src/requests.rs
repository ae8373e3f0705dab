//! Bodies the clients send to create or change a resource (the publish, pacts-for-verification,
//! webhook and webhook-execution requests live beside the resources they belong to). Every field
//! is optional on the wire: the broker answers a missing required one with a field error, so the
//! types read whatever a client sends, and write only the fields that are set.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// `POST /environments` and `PUT /environments/{uuid}`.
///
/// ```
/// use pact_broker_api::EnvironmentRequest;
/// let request = EnvironmentRequest { name: Some("production".into()), production: Some(true), ..Default::default() };
/// assert_eq!(serde_json::to_string(&request).unwrap(), r#"{"name":"production","production":true}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct EnvironmentRequest {
    /// The UUID to give a new environment (the broker makes one up when absent).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub uuid: Option<String>,
    /// Its name (required; no spaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Whether it is a production environment (required).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub production: Option<bool>,
    /// Who to contact, stored as given (the Pact Broker's shape is
    /// `[{"name": …, "details": {"emailAddress": …}}]`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub contacts: Option<Value>,
}

/// `POST /pacticipants`, `PUT`/`PATCH /pacticipants/{name}`.
///
/// ```
/// use pact_broker_api::PacticipantRequest;
/// let request = PacticipantRequest { name: Some("Web".into()), main_branch: Some("main".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&request).unwrap(), r#"{"name":"Web","mainBranch":"main"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct PacticipantRequest {
    /// Its name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// Its display name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub display_name: Option<String>,
    /// Its main branch (no spaces).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub main_branch: Option<String>,
    /// Its repository's URL.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository_url: Option<String>,
    /// Its repository's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository_name: Option<String>,
    /// Its repository's namespace.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub repository_namespace: Option<String>,
}

/// `POST …/versions/{v}/deployed-versions/environment/{uuid}` (and, empty, `released-versions`).
///
/// ```
/// use pact_broker_api::DeploymentRequest;
/// assert_eq!(serde_json::to_string(&DeploymentRequest::default()).unwrap(), "{}");
/// let blue = DeploymentRequest { application_instance: Some("blue".into()), ..Default::default() };
/// assert_eq!(serde_json::to_string(&blue).unwrap(), r#"{"applicationInstance":"blue"}"#);
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeploymentRequest {
    /// Which instance of the application (several may be deployed to one environment at once).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub application_instance: Option<String>,
    /// The Pact Broker's older name for `applicationInstance`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub target: Option<String>,
}
