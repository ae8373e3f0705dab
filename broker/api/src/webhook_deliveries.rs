//! What webhook deliveries did: the logs of one delivery (`GET /triggered-webhooks/{uuid}/logs`)
//! and the webhook status of a pact (`GET /pacts/provider/{p}/consumer/{c}/webhooks/status`).

use serde::{Deserialize, Serialize};

use crate::hal::Links;
use crate::webhooks::TriggeredWebhook;

/// The logs of one delivery: the delivery and each attempt.
///
/// ```
/// use pact_broker_api::TriggeredWebhookLogs;
/// let logs: TriggeredWebhookLogs = serde_json::from_str(
///     r#"{"status": "success", "attemptsMade": 1, "executions": [{"attempt": 1, "success": true,
///         "request": {"method": "POST", "url": "http://ci/build"}, "response": {"status": 202}}]}"#,
/// ).unwrap();
/// assert_eq!(logs.executions[0].response.as_ref().map(|r| r.status), Some(202));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggeredWebhookLogs {
    /// The event that triggered the delivery.
    #[serde(default)]
    pub event_name: String,
    /// The consumer of the pact.
    #[serde(default)]
    pub consumer_name: String,
    /// The provider of the pact.
    #[serde(default)]
    pub provider_name: String,
    /// `not_run`, `retrying`, `success` or `failure`.
    #[serde(default)]
    pub status: String,
    /// Attempts made so far.
    #[serde(default)]
    pub attempts_made: i64,
    /// The delivery.
    #[serde(rename = "_embedded", default)]
    pub embedded: TriggeredWebhookLogsEmbedded,
    /// Each attempt, oldest first.
    #[serde(default)]
    pub executions: Vec<WebhookExecution>,
    /// `self`, `pb:webhook`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// `_embedded` of [`TriggeredWebhookLogs`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct TriggeredWebhookLogsEmbedded {
    /// The delivery.
    #[serde(default)]
    pub triggered_webhook: TriggeredWebhook,
}

/// One attempt of a delivery.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookExecution {
    /// The attempt number, from 1.
    #[serde(default)]
    pub attempt: i64,
    /// Whether the receiver answered 2xx.
    #[serde(default)]
    pub success: bool,
    /// When it was made.
    #[serde(default)]
    pub created_at: Option<String>,
    /// How long it took.
    #[serde(default)]
    pub duration_ms: i64,
    /// What was sent.
    #[serde(default)]
    pub request: ExecutionRequest,
    /// What came back (`null` when nothing did).
    #[serde(default)]
    pub response: Option<ExecutionResponse>,
    /// Why it failed without a response.
    #[serde(default)]
    pub error: Option<String>,
    /// The attempt as text.
    #[serde(default)]
    pub logs: String,
}

/// The request of a [`WebhookExecution`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExecutionRequest {
    /// The HTTP method.
    #[serde(default)]
    pub method: String,
    /// The URL.
    #[serde(default)]
    pub url: String,
    /// The headers sent (an object; the raw text when it was not JSON).
    #[serde(default)]
    pub headers: serde_json::Value,
    /// The body sent.
    #[serde(default)]
    pub body: Option<String>,
}

/// The response of a [`WebhookExecution`] or [`WebhookExecutionResult`].
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ExecutionResponse {
    /// The HTTP status.
    #[serde(default)]
    pub status: i64,
    /// The headers received (`null` when not recorded).
    #[serde(default)]
    pub headers: serde_json::Value,
    /// The body received: text in the logs, JSON (when it parses) in an execution result.
    #[serde(default)]
    pub body: Option<serde_json::Value>,
}

/// The reply to running a webhook now (`POST /webhooks/{uuid}/execute`, `POST /webhooks/execute`).
///
/// ```
/// use pact_broker_api::WebhookExecutionResult;
/// let result: WebhookExecutionResult = serde_json::from_str(
///     r#"{"request": {"method": "POST", "url": "http://ci"}, "logs": "", "success": false,
///         "error": {"message": "connection refused"}}"#,
/// ).unwrap();
/// assert_eq!(result.error.map(|e| e.message), Some("connection refused".to_string()));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct WebhookExecutionResult {
    /// What was sent.
    #[serde(default)]
    pub request: ExecutionRequest,
    /// The attempt as text.
    #[serde(default)]
    pub logs: String,
    /// Whether the receiver answered 2xx.
    #[serde(default)]
    pub success: bool,
    /// `webhook`, `try-again`, `pb:logs`.
    #[serde(rename = "_links", default)]
    pub links: Links,
    /// What came back, if anything did.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub response: Option<ExecutionResponse>,
    /// Why it failed without a response.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub error: Option<ExecutionError>,
}

/// `{"message": …}`: why an execution failed.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ExecutionError {
    /// The reason.
    #[serde(default)]
    pub message: String,
}

/// The webhook status of a pact: the newest delivery of each webhook, counted by status.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct WebhookStatus {
    /// The counts.
    #[serde(default)]
    pub summary: WebhookStatusSummary,
    /// The deliveries.
    #[serde(rename = "_embedded", default)]
    pub embedded: crate::webhooks::TriggeredWebhookListEmbedded,
    /// `self`, `pb:error-logs`, `pb:pact-webhooks`, `pb:consumer`, `pb:provider`.
    #[serde(rename = "_links", default)]
    pub links: Links,
}

/// The counts of a [`WebhookStatus`].
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct WebhookStatusSummary {
    /// Deliveries that succeeded.
    #[serde(default)]
    pub successful: usize,
    /// Deliveries that failed for good.
    #[serde(default)]
    pub failed: usize,
    /// Deliveries being retried.
    #[serde(default)]
    pub retrying: usize,
    /// Deliveries not attempted yet.
    #[serde(default)]
    pub not_run: usize,
}
