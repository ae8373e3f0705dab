//! Field-level usage of a provider: `GET /pacticipants/{provider}/field-usage[?path=…&field=…]`,
//! per operation and field, which consumers rely on it and how.

use serde::{Deserialize, Serialize};

use crate::hal::Links;

/// Which fields of a provider its consumers rely on today (the pacts of each consumer's main
/// branch and of the consumer versions deployed or released).
///
/// ```
/// use pact_broker_api::FieldUsage;
/// let usage: FieldUsage = serde_json::from_str(
///     r#"{"provider": "Api", "openapiProviderVersion": null,
///         "fields": [{"operation": "GET /users/{id}", "status": 200, "part": "response body",
///                     "path": "$.id", "usedBy": [{"consumer": "Web", "consumerVersion": "1",
///                                                  "interaction": "a user", "matcher": "integer"}]}]}"#,
/// ).unwrap();
/// assert_eq!(usage.fields[0].used_by[0].matcher, "integer");
/// assert!(usage.interactions.is_empty());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldUsage {
    /// The provider.
    #[serde(default)]
    pub provider: String,
    /// The provider version of the OpenAPI document that named the operations, if any.
    #[serde(default)]
    pub openapi_provider_version: Option<String>,
    /// The fields in use (narrowed by `?path` and `?field`).
    #[serde(default)]
    pub fields: Vec<UsedField>,
    /// The interactions in use, each with the fields it relies on.
    #[serde(default)]
    pub interactions: Vec<InteractionUsage>,
    /// `self`, `pb:pacticipant`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// One field of an operation's response (or request) and who relies on it.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct UsedField {
    /// The operation (`GET /users/{id}`).
    #[serde(default)]
    pub operation: String,
    /// The response status.
    #[serde(default)]
    pub status: u16,
    /// `response body`, `request body`, `query` or `header`.
    #[serde(default)]
    pub part: String,
    /// The field (`$.email`, a header or query name).
    #[serde(default)]
    pub path: String,
    /// The interactions relying on it.
    #[serde(default)]
    pub used_by: Vec<FieldUser>,
}

/// An interaction relying on a [`UsedField`], and how.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FieldUser {
    /// The consumer.
    #[serde(default)]
    pub consumer: String,
    /// The consumer version of the pact.
    #[serde(default)]
    pub consumer_version: Option<String>,
    /// The interaction's description.
    #[serde(default)]
    pub interaction: String,
    /// How it matches the field (`integer`, `regex '…'`, `exact value "…"`).
    #[serde(default)]
    pub matcher: String,
}

/// An interaction a consumer relies on, with the fields it uses (what `pact-broker evolution`
/// places on the operations of another OpenAPI document).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct InteractionUsage {
    /// The consumer.
    pub consumer: String,
    /// The consumer version of the pact.
    #[serde(default)]
    pub consumer_version: Option<String>,
    /// The interaction's description.
    pub interaction: String,
    /// The request method.
    pub method: String,
    /// The request path.
    pub request_path: String,
    /// The operation it falls under (empty when no OpenAPI document named it).
    pub operation: String,
    /// The response status.
    pub status: u16,
    /// The fields it relies on.
    pub fields: Vec<InteractionField>,
}

/// A field an [`InteractionUsage`] relies on.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct InteractionField {
    /// `response body`, `request body`, `query` or `header`.
    pub part: String,
    /// The field.
    pub path: String,
    /// How it matches the field.
    pub matcher: String,
}
