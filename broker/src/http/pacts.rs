//! One pact: publish with `PUT`, read, merge with `PATCH`, delete; latest by tag or branch; by SHA.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, header};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{ErrorBody, Links, Notice};
use serde_json::{Map, Value};
use sqlx::AnyConnection;

use super::AppState;
use super::error::ApiError;
use super::hal::{
    Base, created_or_ok, hal_response, named_link, no_content, ok, templated_link, titled_link,
};
use crate::domain::content::{PactContent, merge_interactions, with_fields};
use crate::domain::metadata::PactMetadata;
use crate::domain::pact_notices::model_notices;
use crate::store::pacticipants::{self, Pacticipant};
use crate::store::pacts::{self, LatestScope, PactRow, PublishOutcome};
use crate::store::versions::{self, Version};

pub(super) fn routes() -> Router<AppState> {
    let one = "/pacts/provider/{provider}/consumer/{consumer}";
    Router::new()
        .route(
            &format!("{one}/version/{{version}}"),
            get(get_pact).put(put_pact).patch(patch_pact).delete(delete_pact),
        )
        .route(&format!("{one}/versions/{{version}}"), get(get_pact))
        .route(&format!("{one}/latest"), get(get_latest))
        .route(&format!("{one}/latest-untagged"), get(get_latest_untagged))
        .route(&format!("{one}/latest/{{tag}}"), get(get_latest_tagged))
        .route(&format!("{one}/branch/latest"), get(get_latest_main_branch))
        .route(&format!("{one}/branch/{{branch}}/latest"), get(get_latest_branch))
        .route(&format!("{one}/pact-version/{{sha}}"), get(get_by_sha))
        .route(
            &format!("{one}/pact-version/{{sha}}/metadata/{{metadata}}"),
            get(get_by_sha_with_metadata),
        )
        // The Pact Broker's deprecated singular `/pact/…` paths, still in its route table.
        .route(
            "/pact/provider/{provider}/consumer/{consumer}/version/{version}",
            get(get_pact).put(put_pact).patch(patch_pact).delete(delete_pact),
        )
        .route(
            "/pact/provider/{provider}/consumer/{consumer}/latest",
            get(get_latest),
        )
}

/// Renders a stored pact: its content plus `createdAt` and `_links`.
pub(super) fn render(base: &Base, row: &PactRow, content: &str, metadata: Option<&str>) -> Value {
    let json: Value = serde_json::from_str(content).unwrap_or(Value::Null);
    let (p, c, v) = (
        &row.provider_name,
        &row.consumer_name,
        &row.consumer_version_number,
    );
    let pact_url = base.pact(p, c, v);
    let version_url = base.pact_version(p, c, &row.sha);
    let metadata_url = match metadata {
        Some(m) => format!("{version_url}/metadata/{m}"),
        None => version_url.clone(),
    };
    let self_href = if metadata.is_some() {
        metadata_url.clone()
    } else {
        pact_url.clone()
    };
    let title = format!("Pact between {c} ({v}) and {p}");
    let pact_base = base.pact_base(p, c);
    let version = base.version(c, v);
    let links = Links::new()
        .with("self", titled_link(self_href, "Pact"))
        .with("pb:consumer", named_link(base.pacticipant(c), "Consumer", c))
        .with("pb:consumer-version", named_link(version.clone(), title, v))
        .with_many(
            "pb:consumer-versions",
            vec![named_link(version.clone(), "Consumer version", v)],
        )
        .with("pb:provider", named_link(base.pacticipant(p), "Provider", p))
        .with(
            "pb:pact-version",
            named_link(version_url.clone(), "Pact content version permalink", &row.sha),
        )
        .with(
            "pb:latest-pact-version",
            titled_link(format!("{pact_base}/latest"), "Latest version of this pact"),
        )
        .with(
            "pb:all-pact-versions",
            titled_link(format!("{pact_base}/versions"), "All versions of this pact"),
        )
        .with(
            "pb:latest-untagged-pact-version",
            titled_link(
                format!("{pact_base}/latest-untagged"),
                "Latest untagged version of this pact",
            ),
        )
        .with(
            "pb:latest-tagged-pact-version",
            templated_link(
                format!("{pact_base}/latest/{{tag}}"),
                "Latest tagged version of this pact",
            ),
        )
        .with_many("pb:consumer-version-tags", Vec::new())
        .with(
            "pb:tag-version",
            templated_link(format!("{version}/tags/{{tag}}"), "Tag this consumer version"),
        )
        .with(
            "pb:tag-prod-version",
            titled_link(
                format!("{version}/tags/prod"),
                "PUT to this resource to tag this consumer version as 'production'",
            ),
        )
        .with(
            "pb:publish-verification-results",
            titled_link(
                format!("{metadata_url}/verification-results"),
                "Publish verification results",
            ),
        )
        .with(
            "pb:latest-verification-results",
            titled_link(
                format!("{version_url}/verification-results/latest"),
                "Latest verification results",
            ),
        )
        .with(
            "pb:matrix-for-consumer-version",
            titled_link(
                format!(
                    "{}/matrix?q[][pacticipant]={}&q[][version]={}&latestby=cvpv",
                    base.0,
                    super::hal::enc(c),
                    super::hal::enc(v)
                ),
                "View matrix rows for the consumer version to which this pact belongs",
            ),
        )
        .with(
            "pb:diff",
            templated_link(
                format!("{pact_url}/diff/version/{{version}}"),
                "Diff with another specified version of this pact",
            ),
        )
        .with(
            "pb:pact-webhooks",
            titled_link(
                format!("{pact_base}/webhooks"),
                format!("Webhooks for the pact between {c} and {p}"),
            ),
        )
        .with(
            "pb:consumer-webhooks",
            titled_link(
                format!("{}/webhooks/consumer/{}", base.0, super::hal::enc(c)),
                format!("Webhooks for all pacts with consumer {c}"),
            ),
        )
        .with(
            "pb:triggered-webhooks",
            titled_link(
                format!("{pact_url}/triggered-webhooks"),
                "Webhooks triggered by the publication of this pact",
            ),
        )
        .with_curies(base.curie_list());
    let mut extra = Map::new();
    extra.insert("createdAt".into(), Value::String(row.created_at.clone()));
    // `Links` always serialises (string keys, no floats); `Null` would only mark a bug.
    extra.insert(
        "_links".into(),
        serde_json::to_value(&links).unwrap_or(Value::Null),
    );
    with_fields(&json, extra)
}

#[derive(Debug, serde::Deserialize)]
struct PactPath {
    provider: String,
    consumer: String,
    version: String,
}

/// Looks up both pacticipants or answers 404 naming the missing one.
pub(super) async fn pair(
    conn: &mut AnyConnection,
    provider: &str,
    consumer: &str,
) -> Result<(Pacticipant, Pacticipant), ApiError> {
    let p = pacticipants::find(conn, provider)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No provider with name '{provider}' found")))?;
    let c = pacticipants::find(conn, consumer)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No consumer with name '{consumer}' found")))?;
    Ok((p, c))
}

async fn respond(
    base: &Base,
    conn: &mut AnyConnection,
    row: Option<PactRow>,
    metadata: Option<&str>,
) -> Result<Response, ApiError> {
    let row = row.ok_or_else(|| ApiError::not_found("No pact found"))?;
    let content = pacts::content(conn, row.pact_version_id).await?;
    Ok(ok(render(base, &row, &content, metadata)))
}

async fn get_pact(
    State(state): State<AppState>,
    base: Base,
    Path(path): Path<PactPath>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (p, c) = pair(&mut conn, &path.provider, &path.consumer).await?;
    let version = versions::find(&mut conn, c.id, &path.version)
        .await?
        .ok_or_else(|| {
            ApiError::not_found(format!(
                "No pact found for version {} of {}",
                path.version, c.name
            ))
        })?;
    let row = pacts::for_consumer_version(&mut conn, p.id, version.id).await?;
    respond(&base, &mut conn, row, None).await
}

async fn latest_in(
    state: AppState,
    base: Base,
    provider: &str,
    consumer: &str,
    scope: LatestScope,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (p, c) = pair(&mut conn, provider, consumer).await?;
    let row = pacts::latest_per_consumer(&mut conn, Some(p.id), Some(c.id), &scope)
        .await?
        .into_iter()
        .next();
    // The Pact Broker's LatestPact resource names the consumer version it picked.
    let consumer_version = row.as_ref().map(|r| r.consumer_version_number.clone());
    let mut response = respond(&base, &mut conn, row, None).await?;
    if let Some(value) = consumer_version.and_then(|v| axum::http::HeaderValue::from_str(&v).ok()) {
        response.headers_mut().insert("X-Pact-Consumer-Version", value);
    }
    Ok(response)
}

async fn get_latest(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    latest_in(state, base, &provider, &consumer, LatestScope::Any).await
}

async fn get_latest_untagged(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    latest_in(state, base, &provider, &consumer, LatestScope::Untagged).await
}

async fn get_latest_tagged(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, tag)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    latest_in(state, base, &provider, &consumer, LatestScope::Tag(tag)).await
}

async fn get_latest_main_branch(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer)): Path<(String, String)>,
) -> Result<Response, ApiError> {
    latest_in(state, base, &provider, &consumer, LatestScope::MainBranch).await
}

async fn get_latest_branch(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, branch)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    latest_in(state, base, &provider, &consumer, LatestScope::Branch(branch)).await
}

async fn get_by_sha(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, sha)): Path<(String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (p, c) = pair(&mut conn, &provider, &consumer).await?;
    let row = pacts::by_sha(&mut conn, p.id, c.id, &sha).await?;
    respond(&base, &mut conn, row, None).await
}

async fn get_by_sha_with_metadata(
    State(state): State<AppState>,
    base: Base,
    Path((provider, consumer, sha, metadata)): Path<(String, String, String, String)>,
) -> Result<Response, ApiError> {
    let mut conn = state.store.read().await?;
    let (p, c) = pair(&mut conn, &provider, &consumer).await?;
    let row = pacts::by_sha(&mut conn, p.id, c.id, &sha).await?;
    let metadata = PactMetadata::decode(&metadata).map(|_| metadata);
    respond(&base, &mut conn, row, metadata.as_deref()).await
}

/// A pact stored by [`store_pact`].
pub(super) struct StoredPact {
    /// Created, replaced or unchanged.
    pub(super) outcome: PublishOutcome,
    /// The publication.
    pub(super) row: PactRow,
    /// The content as published (after a merge, the merged pact). A republication of known
    /// content keeps the text first stored, which may differ from this one in layout only.
    pub(super) text: String,
}

/// Stores a pact for a consumer version inside the caller's transaction. `merge` merges
/// interactions into an existing pact instead of replacing it.
///
/// When a concurrent request publishes the first pact for the same consumer version and provider
/// between our read and our insert, the decision (merge, refuse with 409, replace, unchanged) is
/// made again against what that request stored.
pub(super) async fn store_pact(
    conn: &mut AnyConnection,
    allow_modification: bool,
    consumer: &Pacticipant,
    provider: &Pacticipant,
    version: &Version,
    content: PactContent,
    merge: bool,
) -> Result<StoredPact, ApiError> {
    const ATTEMPTS: usize = 3;
    for _ in 0..ATTEMPTS {
        let existing = pacts::current_publication(conn, version.id, provider.id).await?;
        let merged;
        let content = match (&existing, merge) {
            (Some(current), true) => {
                let old: Value = serde_json::from_str(&current.content).unwrap_or(Value::Null);
                merged = PactContent::from_json(merge_interactions(&old, &content.json))
                    .map_err(|e| ApiError::invalid("pact", e.to_string()))?;
                &merged
            }
            _ => &content,
        };
        if let Some(current) = &existing
            && current.sha != content.sha
            && !allow_modification
            && !merge
        {
            return Err(ApiError::conflict(
                ErrorBody::message(format!(
                    "Cannot change the content of the pact for {} version {} and provider {}, as race conditions will cause \
                     unreliable results for can-i-deploy. Each pact must be published with a unique consumer version number. \
                     To allow modification, set PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION=true.",
                    consumer.name, version.number, provider.name
                ))
                .with_notices(vec![Notice::of_type(
                    "error",
                    format!(
                        "Cannot change the content of the pact for {} version {} and provider {}",
                        consumer.name, version.number, provider.name
                    ),
                )]),
            ));
        }
        let text = content.to_text();
        let pact_version_id =
            pacts::find_or_create_pact_version(conn, consumer.id, provider.id, &content.sha, &text).await?;
        let Some(published) = pacts::publish(
            conn,
            existing.as_ref(),
            version.id,
            consumer.id,
            provider.id,
            pact_version_id,
        )
        .await?
        else {
            continue;
        };
        // Everything the reply and the notices need is known: no read-back of the row.
        let row = PactRow {
            publication_id: published.publication_id,
            consumer_id: consumer.id,
            consumer_name: consumer.name.clone(),
            provider_id: provider.id,
            provider_name: provider.name.clone(),
            consumer_version_id: version.id,
            consumer_version_number: version.number.clone(),
            pact_version_id,
            sha: content.sha.clone(),
            revision_number: published.revision_number,
            created_at: published.created_at,
        };
        return Ok(StoredPact {
            outcome: published.outcome,
            row,
            text,
        });
    }
    Err(ApiError::conflict(ErrorBody::message(format!(
        "The pact for {} version {} and provider {} kept changing while it was being published; try again.",
        consumer.name, version.number, provider.name
    ))))
}

async fn write_pact(
    state: AppState,
    base: Base,
    path: PactPath,
    body: Bytes,
    merge: bool,
) -> Result<Response, ApiError> {
    let text = std::str::from_utf8(&body).map_err(|_| ApiError::invalid("pact", "the body is not UTF-8"))?;
    let content = PactContent::parse(text).map_err(|e| ApiError::invalid("pact", e.to_string()))?;
    if content.consumer != path.consumer {
        return Err(ApiError::invalid(
            "consumer",
            format!(
                "consumer name in pact ('{}') does not match consumer name in path ('{}')",
                content.consumer, path.consumer
            ),
        ));
    }
    if content.provider != path.provider {
        return Err(ApiError::invalid(
            "provider",
            format!(
                "provider name in pact ('{}') does not match provider name in path ('{}')",
                content.provider, path.provider
            ),
        ));
    }
    if path.version.trim().is_empty() {
        return Err(ApiError::invalid("consumerVersionNumber", "cannot be blank"));
    }
    let mut tx = state.store.begin_write().await?;
    let duplicates = super::pacticipants::potential_duplicate_messages(
        tx.conn(),
        &state,
        &base,
        &[&path.consumer, &path.provider],
    )
    .await?;
    if !duplicates.is_empty() {
        return Err(ApiError::ConflictText(duplicates.join("\n")));
    }
    // The lock order of `store::locks`: the consumer's write lock, then pacticipants by name.
    tx.lock_pacticipants(&[&path.consumer]).await?;
    let mut pair = pacticipants::find_or_create_in_name_order(tx.conn(), &[&path.consumer, &path.provider])
        .await?
        .into_iter()
        .map(|(p, _)| p);
    let (first, second) = (pair.next(), pair.next());
    let (consumer, provider) = match (first, second) {
        (Some(only), None) => (only.clone(), only),
        (Some(a), Some(b)) if a.name == path.consumer => (a, b),
        (Some(a), Some(b)) => (b, a),
        _ => return Err(sqlx::Error::RowNotFound.into()),
    };
    let (version, _) = versions::find_or_create(tx.conn(), consumer.id, &path.version, None).await?;
    let allow = state.config.allow_dangerous_contract_modification;
    let StoredPact {
        outcome,
        row,
        text: stored_text,
    } = store_pact(tx.conn(), allow, &consumer, &provider, &version, content, merge).await?;
    // The stored text, not ours: known content keeps the layout it was first published with.
    let stored = pacts::content(tx.conn(), row.pact_version_id).await?;
    super::provider_contracts::on_pact_published(tx.conn(), &row, outcome, &stored_text).await?;
    let queued =
        crate::webhooks::events::pact_published(tx.conn(), &state.config.webhooks, &base.0, &row, outcome)
            .await?;
    tx.commit().await?;
    if queued > 0 {
        state.config.webhooks.doorbell.ring();
    }
    let status = created_or_ok(outcome == PublishOutcome::Created);
    let mut response = hal_response(status, &render(&base, &row, &stored, None));
    // The reply of a PUT is the pact itself (as the Pact Broker's), so the notices about parts the
    // model cannot read travel as `Warning` headers (and in the log) instead of in the body.
    for notice in model_notices(&path.consumer, &path.provider, text) {
        tracing::warn!(consumer = %path.consumer, provider = %path.provider, "{}", notice.text.trim());
        if let Ok(value) = HeaderValue::from_str(&warning_header(&notice.text)) {
            response.headers_mut().append(header::WARNING, value);
        }
    }
    Ok(response)
}

/// An RFC 7234 `Warning` value (code 199, miscellaneous) carrying `text` as a quoted string:
/// quotes and backslashes escaped, anything outside visible ASCII replaced by `?`.
fn warning_header(text: &str) -> String {
    let mut quoted = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '"' | '\\' => {
                quoted.push('\\');
                quoted.push(c);
            }
            ' '..='~' => quoted.push(c),
            _ => quoted.push('?'),
        }
    }
    format!("199 pact-broker \"{quoted}\"")
}

async fn put_pact(
    State(state): State<AppState>,
    base: Base,
    Path(path): Path<PactPath>,
    body: Bytes,
) -> Result<Response, ApiError> {
    write_pact(state, base, path, body, false).await
}

async fn patch_pact(
    State(state): State<AppState>,
    base: Base,
    Path(path): Path<PactPath>,
    body: Bytes,
) -> Result<Response, ApiError> {
    write_pact(state, base, path, body, true).await
}

async fn delete_pact(
    State(state): State<AppState>,
    Path(path): Path<PactPath>,
) -> Result<Response, ApiError> {
    let mut tx = state.store.begin_write().await?;
    tx.lock_pacticipants(&[&path.consumer]).await?;
    let (p, c) = pair(tx.conn(), &path.provider, &path.consumer).await?;
    let version = versions::find(tx.conn(), c.id, &path.version)
        .await?
        .ok_or_else(|| ApiError::not_found("No pact found"))?;
    let row = pacts::for_consumer_version(tx.conn(), p.id, version.id)
        .await?
        .ok_or_else(|| ApiError::not_found("No pact found"))?;
    pacts::delete_publication(tx.conn(), row.publication_id).await?;
    tx.commit().await?;
    Ok(no_content())
}

/// A `{"href"}` link to a pact.
pub(super) fn pact_link(base: &Base, row: &PactRow) -> pact_broker_api::Link {
    super::hal::named_link(
        base.pact(
            &row.provider_name,
            &row.consumer_name,
            &row.consumer_version_number,
        ),
        format!(
            "Pact between {} ({}) and {}",
            row.consumer_name, row.consumer_version_number, row.provider_name
        ),
        row.consumer_name.clone(),
    )
}
