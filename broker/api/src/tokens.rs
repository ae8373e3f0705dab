//! API tokens (admin role): `GET/POST /admin/tokens`, `GET /admin/tokens/{name}`.

use serde::{Deserialize, Serialize};

use crate::hal::Links;

/// An API token as the broker serves it; the secret (`token`) only in the reply that created it.
///
/// ```
/// use pact_broker_api::ApiToken;
/// let t: ApiToken = serde_json::from_str(r#"{"name": "ci", "role": "write"}"#).unwrap();
/// assert_eq!(t.role, "write");
/// assert!(t.token.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiToken {
    /// Its name (unique).
    #[serde(default)]
    pub name: String,
    /// `read`, `write` or `admin`.
    #[serde(default)]
    pub role: String,
    /// When it was issued.
    #[serde(default)]
    pub created_at: String,
    /// `self`, `pb:tokens`.
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// The secret, shown once: in the reply to creating the token.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub token: Option<String>,
}

/// The API tokens (`GET /admin/tokens`), without their secrets.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenList {
    /// The tokens.
    #[serde(rename = "_embedded", default)]
    pub embedded: ApiTokenListEmbedded,
    /// `self`, `pb:create`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// `_embedded` of an [`ApiTokenList`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ApiTokenListEmbedded {
    /// The tokens, by name.
    #[serde(default)]
    pub tokens: Vec<ApiToken>,
}
