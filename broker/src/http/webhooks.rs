//! Webhooks: `GET/POST /webhooks`, `GET/PUT/DELETE /webhooks/{uuid}`, `POST /webhooks/{uuid}/execute`,
//! the lists scoped to a consumer and/or provider, and (in [`triggered`]) the deliveries and their
//! logs.

mod triggered;

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{StatusCode, header};
use axum::response::Response;
use axum::routing::{get, post};
use pact_broker_api::{
    ExecutionError, ExecutionRequest, ExecutionResponse, Links, Webhook, WebhookEvent,
    WebhookExecutionResult, WebhookList, WebhookListEmbedded, WebhookPacticipant, WebhookRequest,
};
use serde_json::{Map, Value, json};
use sqlx::AnyConnection;

use super::AppState;
use super::error::{ApiError, parse_body};
use super::hal::{Base, enc, hal_response, named_link, no_content, ok_typed, titled_link};
use crate::store::pacticipants;
use crate::store::webhooks::{self as rows, ListFilter, WebhookFields};
use crate::webhooks::delivery::{AttemptReport, PreparedRequest, send};
use crate::webhooks::events::{self, StoredWebhook};
use crate::webhooks::model::PASSWORD_MASK;
use crate::webhooks::{PacticipantScope, WebhookDefinition, worker};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/webhooks", get(list_all).post(create))
        .route("/webhooks/{uuid}", get(show).put(upsert).delete(remove))
        .route("/webhooks/{uuid}/execute", post(execute))
        .route("/webhooks/execute", post(execute_unsaved))
        .route(
            "/webhooks/provider/{provider}",
            get(list_for_provider).post(create_for_provider),
        )
        .route(
            "/webhooks/provider/{provider}/consumer/{consumer}",
            get(list_for_pair).post(create_for_pair),
        )
        .route(
            "/webhooks/consumer/{consumer}",
            get(list_for_consumer).post(create_for_consumer),
        )
        .route(
            "/pacts/provider/{provider}/consumer/{consumer}/webhooks",
            get(list_for_pair).post(create_for_pair),
        )
        .merge(triggered::routes())
}

/// `/webhooks/{uuid}`.
fn webhook_url(base: &Base, uuid: &str) -> String {
    format!("{}/webhooks/{}", base.0, enc(uuid))
}

fn scope(scope: PacticipantScope) -> WebhookPacticipant {
    match scope {
        PacticipantScope::Name(name) => WebhookPacticipant {
            name: Some(name),
            label: None,
        },
        PacticipantScope::Label(label) => WebhookPacticipant {
            name: None,
            label: Some(label),
        },
    }
}

/// The Pact Broker's webhook representation; the password is masked.
fn render(base: &Base, webhook: &StoredWebhook) -> Webhook {
    let row = &webhook.row;
    let request = &webhook.request;
    let title = row
        .description
        .clone()
        .unwrap_or_else(|| webhook.request_description());
    let url = webhook_url(base, &row.uuid);
    let mut links = Links::new()
        .with("self", titled_link(url.clone(), title))
        .with(
            "pb:execute",
            titled_link(
                format!("{url}/execute"),
                "Test the execution of the webhook with the latest matching pact or verification by sending a POST request to this URL",
            ),
        )
        .with("pb:webhooks", titled_link(format!("{}/webhooks", base.0), "All webhooks"))
        .with(
            "pb:triggered-webhooks",
            titled_link(format!("{url}/triggered-webhooks"), "Recent deliveries of this webhook"),
        );
    if let Some(c) = &row.consumer_name {
        links.set(
            "pb:consumer",
            named_link(base.pacticipant(c), "Consumer", c.clone()),
        );
    }
    if let Some(p) = &row.provider_name {
        links.set(
            "pb:provider",
            named_link(base.pacticipant(p), "Provider", p.clone()),
        );
    }
    if let (Some(c), Some(p)) = (&row.consumer_name, &row.provider_name) {
        links.set(
            "pb:pact-webhooks",
            titled_link(
                format!("{}/webhooks", base.pact_base(p, c)),
                format!("All webhooks for consumer {c} and provider {p}"),
            ),
        );
    }
    Webhook {
        uuid: row.uuid.clone(),
        description: row.description.clone(),
        events: webhook
            .events
            .iter()
            .map(|e| WebhookEvent {
                name: e.name().to_string(),
            })
            .collect(),
        request: WebhookRequest {
            method: request.method.clone(),
            url: request.url.clone(),
            headers: (!request.headers.is_empty()).then(|| request.headers.iter().cloned().collect()),
            body: request.body.clone(),
            username: request.username.clone(),
            password: request.password.as_ref().map(|_| PASSWORD_MASK.to_string()),
        },
        enabled: row.enabled == 1,
        created_at: Some(row.created_at.clone()),
        updated_at: Some(row.updated_at.clone()),
        links,
        consumer: webhook.consumer().map(scope),
        provider: webhook.provider().map(scope),
    }
}

fn render_list(base: &Base, self_url: String, title: &str, hooks: &[StoredWebhook]) -> WebhookList {
    WebhookList {
        embedded: WebhookListEmbedded {
            webhooks: hooks.iter().map(|w| render(base, w)).collect(),
        },
        links: Links::new()
            .with("self", titled_link(self_url.clone(), title))
            .with("pb:create", titled_link(self_url, "POST to create a webhook"))
            .with_many(
                "pb:webhooks",
                hooks
                    .iter()
                    .map(|w| {
                        named_link(
                            webhook_url(base, &w.row.uuid),
                            w.row
                                .description
                                .clone()
                                .unwrap_or_else(|| w.request_description()),
                            w.request_description(),
                        )
                    })
                    .collect(),
            )
            .with_curies(base.curie_list()),
    }
}

async fn listed(state: &AppState, filter: ListFilter) -> Result<Vec<StoredWebhook>, ApiError> {
    let mut conn = state.store.read().await?;
    Ok(rows::list(&mut conn, filter)
        .await?
        .into_iter()
        .map(StoredWebhook::from_row)
        .collect())
}

async fn list_all(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let hooks = listed(&state, ListFilter::default()).await?;
    Ok(ok_typed(&render_list(
        &base,
        format!("{}/webhooks", base.0),
        "Webhooks",
        &hooks,
    )))
}

async fn pacticipant_id(conn: &mut AnyConnection, role: &str, name: &str) -> Result<i64, ApiError> {
    pacticipants::find(conn, name)
        .await?
        .map(|p| p.id)
        .ok_or_else(|| ApiError::not_found(format!("No {role} with name '{name}' found")))
}

async fn list_for_provider(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
) -> Result<Response, ApiError> {
    let provider_id = pacticipant_id(&mut *state.store.read().await?, "provider", &provider).await?;
    let hooks = listed(
        &state,
        ListFilter {
            provider_id: Some(provider_id),
            consumer_id: None,
        },
    )
    .await?;
    let url = format!("{}/webhooks/provider/{}", base.0, enc(&provider));
    Ok(ok_typed(&render_list(
        &base,
        url,
        &format!("Webhooks for provider {provider}"),
        &hooks,
    )))
}

async fn list_for_consumer(
    State(state): State<AppState>,
    base: Base,
    Path(consumer): Path<String>,
) -> Result<Response, ApiError> {
    let consumer_id = pacticipant_id(&mut *state.store.read().await?, "consumer", &consumer).await?;
    let hooks = listed(
        &state,
        ListFilter {
            consumer_id: Some(consumer_id),
            provider_id: None,
        },
    )
    .await?;
    let url = format!("{}/webhooks/consumer/{}", base.0, enc(&consumer));
    Ok(ok_typed(&render_list(
        &base,
        url,
        &format!("Webhooks for consumer {consumer}"),
        &hooks,
    )))
}

async fn list_for_pair(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    let (provider_id, consumer_id) = {
        let mut conn = state.store.read().await?;
        (
            pacticipant_id(&mut conn, "provider", &provider).await?,
            pacticipant_id(&mut conn, "consumer", &consumer).await?,
        )
    };
    let hooks = listed(
        &state,
        ListFilter {
            provider_id: Some(provider_id),
            consumer_id: Some(consumer_id),
        },
    )
    .await?;
    let url = format!("{}/webhooks", base.pact_base(&provider, &consumer));
    let title = format!("Webhooks for consumer {consumer} and provider {provider}");
    Ok(ok_typed(&render_list(&base, url, &title, &hooks)))
}

/// The id (for a name) or label of a scope; a name that does not exist is a field error.
async fn resolve(
    conn: &mut AnyConnection,
    scope: &Option<PacticipantScope>,
    role: &str,
    errors: &mut Vec<(String, String)>,
) -> Result<(Option<i64>, Option<String>), ApiError> {
    match scope {
        Some(PacticipantScope::Name(name)) => match pacticipants::find(conn, name).await? {
            Some(p) => Ok((Some(p.id), None)),
            None => {
                errors.push((
                    format!("{role}.name"),
                    format!("No {role} with name '{name}' found"),
                ));
                Ok((None, None))
            }
        },
        Some(PacticipantScope::Label(label)) => Ok((None, Some(label.clone()))),
        None => Ok((None, None)),
    }
}

/// Validates a body and resolves its pacticipant names into the fields to store. `existing_password`
/// is kept when the client sends back the mask.
async fn fields_from(
    state: &AppState,
    conn: &mut AnyConnection,
    body: &Bytes,
    scope: (Option<String>, Option<String>),
    existing_password: Option<String>,
) -> Result<WebhookFields, ApiError> {
    let mut json: Value = parse_body(body)?;
    let (consumer, provider) = scope;
    if let Some(name) = consumer {
        pacticipant_id(conn, "consumer", &name).await?;
        json["consumer"] = json!({ "name": name });
    }
    if let Some(name) = provider {
        pacticipant_id(conn, "provider", &name).await?;
        json["provider"] = json!({ "name": name });
    }
    let definition =
        WebhookDefinition::from_json(&json, &state.config.webhooks.allow_list).map_err(ApiError::Invalid)?;
    let mut errors = Vec::new();
    let (consumer_id, consumer_label) = resolve(conn, &definition.consumer, "consumer", &mut errors).await?;
    let (provider_id, provider_label) = resolve(conn, &definition.provider, "provider", &mut errors).await?;
    if !errors.is_empty() {
        return Err(ApiError::Invalid(errors));
    }
    let request = definition.request;
    let headers: Map<String, Value> = request
        .headers
        .iter()
        .map(|(n, v)| (n.clone(), Value::String(v.clone())))
        .collect();
    let password = match request.password {
        Some(p) if p == PASSWORD_MASK => existing_password,
        other => other,
    };
    Ok(WebhookFields {
        description: definition.description,
        consumer_id,
        consumer_label,
        provider_id,
        provider_label,
        events: definition
            .events
            .iter()
            .map(|e| e.name())
            .collect::<Vec<_>>()
            .join(" "),
        method: request.method,
        url: request.url,
        headers: Value::Object(headers).to_string(),
        body: request.body.map(|b| b.to_string()),
        username: request.username,
        password,
        enabled: definition.enabled,
    })
}

async fn created(
    state: &AppState,
    base: &Base,
    uuid: &str,
    status: StatusCode,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let row = rows::find(&mut conn, uuid)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No webhook with uuid {uuid}")))?;
    let mut response = hal_response(status, &render(base, &StoredWebhook::from_row(row)));
    if status == StatusCode::CREATED
        && let Ok(location) = webhook_url(base, uuid).parse()
    {
        response.headers_mut().insert(header::LOCATION, location);
    }
    Ok(response)
}

async fn create_scoped(
    state: AppState,
    base: Base,
    body: Bytes,
    scope: (Option<String>, Option<String>),
) -> Result<Response, ApiError> {
    let uuid = uuid::Uuid::new_v4().to_string();
    let mut tx = state.store.begin_write().await?;
    let fields = fields_from(&state, tx.conn(), &body, scope, None).await?;
    rows::create(tx.conn(), &uuid, &fields).await?;
    tx.commit().await?;
    created(&state, &base, &uuid, StatusCode::CREATED).await
}

async fn create(State(state): State<AppState>, base: Base, body: Bytes) -> Result<Response, ApiError> {
    create_scoped(state, base, body, (None, None)).await
}

async fn create_for_provider(
    State(state): State<AppState>,
    base: Base,
    Path(provider): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    create_scoped(state, base, body, (None, Some(provider))).await
}

async fn create_for_consumer(
    State(state): State<AppState>,
    base: Base,
    Path(consumer): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    create_scoped(state, base, body, (Some(consumer), None)).await
}

async fn create_for_pair(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
    body: Bytes,
) -> Result<Response, ApiError> {
    create_scoped(state, base, body, (Some(consumer), Some(provider))).await
}

async fn show(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    created(&state, &base, &uuid, StatusCode::OK).await
}

/// A client-chosen uuid: 16 or more letters, digits, `-` or `_`.
fn valid_uuid(uuid: &str) -> bool {
    uuid.len() >= 16
        && uuid
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

async fn upsert(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
    body: Bytes,
) -> Result<Response, ApiError> {
    if !valid_uuid(&uuid) {
        return Err(ApiError::invalid(
            "uuid",
            "must be at least 16 characters and contain only letters, numbers, hyphens and underscores",
        ));
    }
    let mut tx = state.store.begin_write().await?;
    let existing = rows::find(tx.conn(), &uuid).await?;
    let password = existing.as_ref().and_then(|w| w.password.clone());
    let fields = fields_from(&state, tx.conn(), &body, (None, None), password).await?;
    let status = match existing {
        Some(row) => {
            rows::replace(tx.conn(), row.id, &fields).await?;
            StatusCode::OK
        }
        None => {
            rows::create(tx.conn(), &uuid, &fields).await?;
            StatusCode::CREATED
        }
    };
    tx.commit().await?;
    created(&state, &base, &uuid, status).await
}

async fn remove(State(state): State<AppState>, Path(uuid): Path<String>) -> Result<Response, ApiError> {
    let mut tx = state.store.begin_write().await?;
    let deleted = rows::delete(tx.conn(), &uuid).await?;
    tx.commit().await?;
    if deleted {
        Ok(no_content())
    } else {
        Err(ApiError::not_found(format!("No webhook with uuid {uuid}")))
    }
}

/// Runs a webhook now (with the newest matching pact) and answers with the attempt's log.
async fn execute(
    State(state): State<AppState>,
    base: Base,
    Path(uuid): Path<String>,
) -> Result<Response, ApiError> {
    let config = &state.config.webhooks;
    let holder = format!("execute-{}", uuid::Uuid::new_v4());
    let mut tx = state.store.begin_write().await?;
    let row = rows::find(tx.conn(), &uuid)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No webhook with uuid {uuid}")))?;
    let webhook = StoredWebhook::from_row(row);
    let id = events::execution_requested(tx.conn(), &base.0, &webhook).await?;
    rows::lease(tx.conn(), id, &holder, &worker::lease_deadline(config)).await?;
    let job = rows::find_triggered_by_id(tx.conn(), id)
        .await?
        .ok_or_else(|| ApiError::not_found("The execution vanished"))?;
    tx.commit().await?;
    let report = worker::attempt(&state.store, config, &job, &holder).await?;
    let url = webhook_url(&base, &uuid);
    let links = Links::new()
        .with("webhook", pact_broker_api::Link::new(url.clone()))
        .with(
            "try-again",
            titled_link(format!("{url}/execute"), "Execute the webhook again"),
        )
        .with(
            "pb:logs",
            titled_link(triggered::logs_url(&base, &job.uuid), "Webhook execution logs"),
        );
    Ok(execution_reply(&report, links))
}

/// Tries out a webhook that is not saved (`POST /webhooks/execute` with a webhook body); nothing
/// is recorded.
async fn execute_unsaved(
    State(state): State<AppState>,
    base: Base,
    body: Bytes,
) -> Result<Response, ApiError> {
    let json: Value = parse_body(&body)?;
    let definition =
        WebhookDefinition::from_json(&json, &state.config.webhooks.allow_list).map_err(ApiError::Invalid)?;
    let (params, request) = {
        let mut conn = state.store.read().await?;
        let mut errors = Vec::new();
        let consumer = resolve(&mut conn, &definition.consumer, "consumer", &mut errors).await?;
        let provider = resolve(&mut conn, &definition.provider, "provider", &mut errors).await?;
        if !errors.is_empty() {
            return Err(ApiError::Invalid(errors));
        }
        let name = |scope: &Option<PacticipantScope>| match scope {
            Some(PacticipantScope::Name(n)) => Some(n.clone()),
            _ => None,
        };
        let (_, mut params, _) = events::sample_parameters(
            &mut conn,
            &base.0,
            (consumer.0, name(&definition.consumer)),
            (provider.0, name(&definition.provider)),
        )
        .await?;
        params.set("eventName", "test");
        (params, definition.request)
    };
    let prepared = PreparedRequest::new(&request, &params);
    let config = &state.config.webhooks;
    let report = send(&prepared, &config.allow_list, config.request_timeout).await;
    let links = Links::new().with(
        "try-again",
        titled_link(
            format!("{}/webhooks/execute", base.0),
            "Execute the webhook again",
        ),
    );
    Ok(execution_reply(&report, links))
}

/// The Pact Broker's execution result: request, response, logs, success; 200 when the receiver
/// answered 2xx, 500 otherwise (as the Pact Broker does).
fn execution_reply(report: &AttemptReport, links: Links) -> Response {
    let body = WebhookExecutionResult {
        request: ExecutionRequest {
            method: report.method.clone(),
            url: report.url.clone(),
            headers: Value::Object(report.headers.clone()),
            body: report.body.clone(),
        },
        logs: report.log_text(),
        success: report.success,
        links,
        response: report.status.map(|status| ExecutionResponse {
            status: i64::from(status),
            headers: report.response_headers.clone().map_or(Value::Null, Value::Object),
            body: report
                .response_body
                .as_deref()
                .map(|b| serde_json::from_str(b).unwrap_or_else(|_| Value::String(b.to_string()))),
        }),
        error: report.error.as_ref().map(|message| ExecutionError {
            message: message.clone(),
        }),
    };
    let status = if report.success {
        StatusCode::OK
    } else {
        StatusCode::INTERNAL_SERVER_ERROR
    };
    hal_response(status, &body)
}
