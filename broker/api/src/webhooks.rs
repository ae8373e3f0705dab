//! Webhooks: `GET /webhooks[/{uuid}]` (and the lists scoped to a consumer and/or provider), and
//! their deliveries (`…/triggered-webhooks`).

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

use crate::hal::Links;

/// A webhook as the broker serves it (the password masked).
///
/// ```
/// use pact_broker_api::Webhook;
/// let w: Webhook = serde_json::from_str(
///     r#"{"uuid": "u", "events": [{"name": "contract_published"}], "enabled": true,
///         "request": {"method": "POST", "url": "http://ci/build"}}"#,
/// ).unwrap();
/// assert_eq!(w.events[0].name, "contract_published");
/// assert!(w.request.headers.is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Webhook {
    /// Its UUID.
    #[serde(default)]
    pub uuid: String,
    /// Its description.
    #[serde(default)]
    pub description: Option<String>,
    /// The events that trigger it.
    #[serde(default)]
    pub events: Vec<WebhookEvent>,
    /// The request it sends.
    #[serde(default)]
    pub request: WebhookRequest,
    /// Whether it is enabled.
    #[serde(default)]
    pub enabled: bool,
    /// When it was created.
    #[serde(default)]
    pub created_at: Option<String>,
    /// When it was last changed.
    #[serde(default)]
    pub updated_at: Option<String>,
    /// `self`, `pb:execute`, `pb:consumer`, …
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// The consumer it is scoped to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub consumer: Option<WebhookPacticipant>,
    /// The provider it is scoped to.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub provider: Option<WebhookPacticipant>,
}

/// An event of a [`Webhook`]: `{"name": "contract_published"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookEvent {
    /// `contract_published`, `contract_requiring_verification_published`, `provider_verification_published`, …
    #[serde(default)]
    pub name: String,
}

/// The pacticipant a [`Webhook`] is scoped to: by name or by label.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookPacticipant {
    /// The pacticipant's name.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// A label of the pacticipants.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub label: Option<String>,
}

/// The request a [`Webhook`] sends; optional parts are absent when unset.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookRequest {
    /// The HTTP method.
    #[serde(default)]
    pub method: String,
    /// The URL (a template with `${pactbroker.…}` parameters).
    #[serde(default)]
    pub url: String,
    /// The headers, in order.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub headers: Option<IndexMap<String, String>>,
    /// The body (any JSON; a string for a text body).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub body: Option<serde_json::Value>,
    /// The basic-auth user.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub username: Option<String>,
    /// The basic-auth password (masked by the broker).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub password: Option<String>,
}

/// Webhooks (`GET /webhooks`, `…/webhooks/provider/{p}`, …).
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookList {
    /// The webhooks.
    #[serde(rename = "_embedded", default)]
    pub embedded: WebhookListEmbedded,
    /// `self`, `pb:create`, `pb:webhooks`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// `_embedded` of a [`WebhookList`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookListEmbedded {
    /// The webhooks.
    #[serde(default)]
    pub webhooks: Vec<Webhook>,
}

/// A delivery of a webhook ("triggered webhook").
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggeredWebhook {
    /// Its UUID.
    #[serde(default)]
    pub uuid: String,
    /// The webhook's description.
    #[serde(default)]
    pub name: String,
    /// `not_run`, `retrying`, `success` or `failure`.
    #[serde(default)]
    pub status: String,
    /// Attempts made so far.
    #[serde(default)]
    pub attempts_made: i64,
    /// Attempts left.
    #[serde(default)]
    pub attempts_remaining: i64,
    /// `resource_creation` or `user`.
    #[serde(default)]
    pub trigger_type: String,
    /// The event that triggered it.
    #[serde(default)]
    pub event_name: String,
    /// When it was triggered.
    #[serde(default)]
    pub triggered_at: Option<String>,
    /// When the next attempt is due (`null` once it is done).
    #[serde(default)]
    pub next_attempt_at: Option<String>,
    /// `pb:logs`, `pb:webhook`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// Deliveries of webhooks (`…/triggered-webhooks`).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TriggeredWebhookList {
    /// The deliveries.
    #[serde(rename = "_embedded", default)]
    pub embedded: TriggeredWebhookListEmbedded,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// `_embedded` of a [`TriggeredWebhookList`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggeredWebhookListEmbedded {
    /// The deliveries.
    #[serde(default)]
    pub triggered_webhooks: Vec<TriggeredWebhook>,
}
