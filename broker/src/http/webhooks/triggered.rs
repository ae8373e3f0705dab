//! Deliveries ("triggered webhooks") and their logs: per publication, per verification result, per
//! webhook, the status summary of an integration, and `/triggered-webhooks/{uuid}/logs`.

use axum::Router;
use axum::extract::{Path, State};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{
    ExecutionRequest, ExecutionResponse, Links, TriggeredWebhook, TriggeredWebhookList,
    TriggeredWebhookListEmbedded, TriggeredWebhookLogs, TriggeredWebhookLogsEmbedded, WebhookExecution,
    WebhookStatus, WebhookStatusSummary,
};
use serde_json::Value;

use super::super::AppState;
use super::super::error::ApiError;
use super::super::hal::{Base, enc, named_link, ok_typed, titled_link};
use super::super::pacts::pair;
use super::webhook_url;
use crate::store::pacts;
use crate::store::verifications;
use crate::store::versions;
use crate::store::webhooks::{self as rows, ExecutionRow, TriggeredRow};

pub(super) fn routes() -> Router<AppState> {
    let one = "/pacts/provider/{provider}/consumer/{consumer}";
    Router::new()
        .route("/triggered-webhooks/{uuid}/logs", get(logs))
        .route("/webhooks/{uuid}/triggered-webhooks", get(of_webhook))
        .route(
            &format!("{one}/version/{{version}}/triggered-webhooks"),
            get(of_publication),
        )
        .route(
            &format!("{one}/pact-version/{{sha}}/verification-results/{{id}}/triggered-webhooks"),
            get(of_verification),
        )
        .route(&format!("{one}/webhooks/status"), get(status))
}

/// `/triggered-webhooks/{uuid}/logs`.
pub(super) fn logs_url(base: &Base, uuid: &str) -> String {
    format!("{}/triggered-webhooks/{}/logs", base.0, enc(uuid))
}

/// The Pact Broker's triggered-webhook representation (plus `uuid`).
fn render(base: &Base, t: &TriggeredRow) -> TriggeredWebhook {
    let pending = t.status == "not_run" || t.status == "retrying";
    let remaining = if pending {
        t.max_attempts.saturating_sub(t.attempts_made).max(0)
    } else {
        0
    };
    let mut links = Links::new()
        .with(
            "pb:logs",
            named_link(
                logs_url(base, &t.uuid),
                "Webhook execution logs",
                t.description.clone(),
            ),
        )
        .with(
            "logs",
            named_link(
                logs_url(base, &t.uuid),
                "DEPRECATED - Use pb:logs",
                t.description.clone(),
            ),
        );
    if t.webhook_id.is_some() {
        links.set(
            "pb:webhook",
            named_link(
                webhook_url(base, &t.webhook_uuid),
                "Webhook",
                t.description.clone(),
            ),
        );
    }
    TriggeredWebhook {
        uuid: t.uuid.clone(),
        name: t.description.clone(),
        status: t.status.clone(),
        attempts_made: t.attempts_made,
        attempts_remaining: remaining,
        trigger_type: t.trigger_type.clone(),
        event_name: t.event_name.clone(),
        triggered_at: Some(t.created_at.clone()),
        next_attempt_at: pending.then(|| t.next_attempt_at.clone()),
        links,
    }
}

fn render_list(base: &Base, self_url: String, title: &str, list: &[TriggeredRow]) -> TriggeredWebhookList {
    TriggeredWebhookList {
        embedded: TriggeredWebhookListEmbedded {
            triggered_webhooks: list.iter().map(|t| render(base, t)).collect(),
        },
        links: Links::new().with("self", titled_link(self_url, title)),
    }
}

fn parse_json(text: Option<&str>) -> Value {
    match text {
        Some(t) => serde_json::from_str(t).unwrap_or_else(|_| Value::String(t.to_string())),
        None => Value::Null,
    }
}

fn render_execution(e: &ExecutionRow) -> WebhookExecution {
    let mut log = format!("{} {}\n", e.request_method, e.request_url);
    if let Ok(headers) = serde_json::from_str::<serde_json::Map<String, Value>>(&e.request_headers) {
        for (n, v) in headers {
            log.push_str(&format!("{n}: {}\n", v.as_str().unwrap_or_default()));
        }
    }
    if let Some(body) = &e.request_body {
        log.push_str(&format!("\n{body}\n"));
    }
    if let Some(status) = e.response_status {
        log.push_str(&format!("\nHTTP {status} after {} ms\n", e.duration_ms));
        if let Some(body) = &e.response_body {
            log.push_str(body);
            log.push('\n');
        }
    }
    if let Some(error) = &e.error {
        log.push_str(&format!("\nError: {error}\n"));
    }
    WebhookExecution {
        attempt: e.attempt,
        success: e.success == 1,
        created_at: Some(e.created_at.clone()),
        duration_ms: e.duration_ms,
        request: ExecutionRequest {
            method: e.request_method.clone(),
            url: e.request_url.clone(),
            headers: parse_json(Some(&e.request_headers)),
            body: e.request_body.clone(),
        },
        response: e.response_status.map(|status| ExecutionResponse {
            status,
            headers: parse_json(e.response_headers.as_deref()),
            body: e.response_body.clone().map(Value::String),
        }),
        error: e.error.clone(),
        logs: log,
    }
}

async fn logs(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let t = rows::find_triggered(&mut conn, &uuid)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No triggered webhook with uuid {uuid}")))?;
    let executions = rows::executions_of(&mut conn, t.id).await?;
    let mut links = Links::new().with(
        "self",
        titled_link(logs_url(&base, &uuid), "Triggered webhook logs"),
    );
    if t.webhook_id.is_some() {
        links.set(
            "pb:webhook",
            titled_link(webhook_url(&base, &t.webhook_uuid), "Webhook"),
        );
    }
    Ok(ok_typed(&TriggeredWebhookLogs {
        event_name: t.event_name.clone(),
        consumer_name: t.consumer_name.clone(),
        provider_name: t.provider_name.clone(),
        status: t.status.clone(),
        attempts_made: t.attempts_made,
        embedded: TriggeredWebhookLogsEmbedded {
            triggered_webhook: render(&base, &t),
        },
        executions: executions.iter().map(render_execution).collect(),
        links,
    }))
}

async fn of_webhook(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let list = rows::triggered_of_webhook(&mut conn, &uuid, 100).await?;
    if list.is_empty() && rows::find(&mut conn, &uuid).await?.is_none() {
        return Err(ApiError::not_found(format!("No webhook with uuid {uuid}")));
    }
    let url = format!("{}/triggered-webhooks", webhook_url(&base, &uuid));
    Ok(ok_typed(&render_list(
        &base,
        url,
        "Recent deliveries of this webhook",
        &list,
    )))
}

async fn of_publication(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, version)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (p, c) = pair(&mut conn, &provider, &consumer).await?;
    let v = versions::find(&mut conn, c.id, &version)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No pact found for version {version} of {consumer}")))?;
    pacts::for_consumer_version(&mut conn, p.id, v.id)
        .await?
        .ok_or_else(|| ApiError::not_found("No pact found"))?;
    let list = rows::triggered_by_publication(&mut conn, p.id, v.id).await?;
    let url = format!("{}/triggered-webhooks", base.pact(&provider, &consumer, &version));
    Ok(ok_typed(&render_list(
        &base,
        url,
        "Webhooks triggered by the publication of this pact",
        &list,
    )))
}

async fn of_verification(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, sha, id)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let id: i64 = id
        .parse()
        .map_err(|_| ApiError::not_found(format!("No verification result '{id}'")))?;
    let mut conn = state.store.read().await?;
    let (p, c) = pair(&mut conn, &provider, &consumer).await?;
    let pact = pacts::by_sha(&mut conn, p.id, c.id, &sha)
        .await?
        .ok_or_else(|| ApiError::not_found("No pact found"))?;
    verifications::find(&mut conn, id)
        .await?
        .filter(|v| v.pact_version_id == pact.pact_version_id)
        .ok_or_else(|| ApiError::not_found(format!("No verification result {id} for this pact")))?;
    let list = rows::triggered_by_verification(&mut conn, id).await?;
    let url = format!(
        "{}/triggered-webhooks",
        base.verification(&provider, &consumer, &sha, id)
    );
    Ok(ok_typed(&render_list(
        &base,
        url,
        "Webhooks triggered by the publication of this verification result",
        &list,
    )))
}

async fn status(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (p, c) = pair(&mut conn, &provider, &consumer).await?;
    let list = rows::latest_per_webhook(&mut conn, p.id, c.id).await?;
    let count = |s: &str| list.iter().filter(|t| t.status == s).count();
    let error_logs = list
        .iter()
        .filter(|t| t.status == "failure" || t.status == "retrying")
        .map(|t| named_link(logs_url(&base, &t.uuid), "Error logs", t.description.clone()))
        .collect();
    let pact = base.pact_base(&provider, &consumer);
    Ok(ok_typed(&WebhookStatus {
        summary: WebhookStatusSummary {
            successful: count("success"),
            failed: count("failure"),
            retrying: count("retrying"),
            not_run: count("not_run"),
        },
        embedded: TriggeredWebhookListEmbedded {
            triggered_webhooks: list.iter().map(|t| render(&base, t)).collect(),
        },
        links: Links::new()
            .with(
                "self",
                titled_link(format!("{pact}/webhooks/status"), "Webhooks status"),
            )
            .with_many("pb:error-logs", error_logs)
            .with(
                "pb:pact-webhooks",
                titled_link(
                    format!("{pact}/webhooks"),
                    format!("Webhooks for the pact between {consumer} and {provider}"),
                ),
            )
            .with(
                "pb:consumer",
                named_link(base.pacticipant(&consumer), "Consumer", consumer.clone()),
            )
            .with(
                "pb:provider",
                named_link(base.pacticipant(&provider), "Provider", provider.clone()),
            ),
    }))
}
