//! `POST /contracts/publish`: a consumer version, its branch, tags and pacts in one transaction.

use axum::Router;
use axum::body::Bytes;
use axum::extract::State;
use axum::response::Response;
use axum::routing::post;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use pact_broker_api::{
    EmbeddedPacticipant, ErrorBody, Links, Notice, PublishContractsResponse, PublishEmbedded, PublishLog,
};
use serde::Deserialize;

use super::AppState;
use super::error::{ApiError, parse_body};
use super::hal::{Base, named_link, ok_typed};
use super::versions::{VersionFacts, render_version, render_version_with};
use crate::domain::content::PactContent;
use crate::domain::pact_notices::model_notices;
use crate::store::pacticipants;
use crate::store::pacts::PublishOutcome;
use crate::store::versions;

pub(super) fn routes() -> Router<AppState> {
    Router::new().route("/contracts/publish", post(publish))
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct PublishRequest {
    pacticipant_name: Option<String>,
    pacticipant_version_number: Option<String>,
    branch: Option<String>,
    #[serde(default)]
    tags: Vec<String>,
    build_url: Option<String>,
    #[serde(default)]
    contracts: Vec<Contract>,
}

#[derive(Debug, Deserialize)]
#[serde(rename_all = "camelCase")]
struct Contract {
    consumer_name: Option<String>,
    provider_name: Option<String>,
    specification: Option<String>,
    content_type: Option<String>,
    content: Option<String>,
    on_conflict: Option<String>,
}

/// The branch names the broker treats as a pacticipant's main branch when none is configured.
const MAIN_BRANCH_CANDIDATES: [&str; 3] = ["develop", "main", "master"];

fn notice(kind: &str, text: impl Into<String>) -> Notice {
    Notice::of_type(kind, text)
}

/// The pacticipant name, version number and each contract's pact with its merge flag.
type ValidPublish = (String, String, Vec<(PactContent, bool)>);

fn validate(request: &PublishRequest) -> Result<ValidPublish, ApiError> {
    let mut errors = Vec::new();
    let name = request.pacticipant_name.clone().unwrap_or_default();
    let number = request.pacticipant_version_number.clone().unwrap_or_default();
    if name.trim().is_empty() {
        errors.push(("pacticipantName".to_string(), "is missing".to_string()));
    }
    if number.trim().is_empty() {
        errors.push(("pacticipantVersionNumber".to_string(), "is missing".to_string()));
    }
    if request.branch.as_deref().is_some_and(|b| b.trim().is_empty()) {
        errors.push(("branch".to_string(), "cannot be blank".to_string()));
    }
    if request.tags.iter().any(|t| t.trim().is_empty()) {
        errors.push(("tags".to_string(), "cannot contain blank tags".to_string()));
    }
    if request.contracts.is_empty() {
        errors.push((
            "contracts".to_string(),
            "must contain at least one contract".to_string(),
        ));
    }
    let mut parsed = Vec::new();
    for (i, contract) in request.contracts.iter().enumerate() {
        let field = format!("contracts.{i}");
        if contract.specification.as_deref().is_some_and(|s| s != "pact") {
            errors.push((format!("{field}.specification"), "must be 'pact'".to_string()));
            continue;
        }
        if contract
            .content_type
            .as_deref()
            .is_some_and(|t| !t.contains("json"))
        {
            errors.push((
                format!("{field}.contentType"),
                "must be application/json".to_string(),
            ));
            continue;
        }
        let Some(content) = &contract.content else {
            errors.push((format!("{field}.content"), "is missing".to_string()));
            continue;
        };
        let decoded = match STANDARD
            .decode(content.trim())
            .ok()
            .and_then(|b| String::from_utf8(b).ok())
        {
            Some(text) => text,
            None => {
                errors.push((
                    format!("{field}.content"),
                    "is not valid base64 of UTF-8 text".to_string(),
                ));
                continue;
            }
        };
        let pact = match PactContent::parse(&decoded) {
            Ok(pact) => pact,
            Err(e) => {
                errors.push((format!("{field}.content"), e.to_string()));
                continue;
            }
        };
        if let Some(consumer) = &contract.consumer_name
            && *consumer != pact.consumer
        {
            errors.push((
                format!("{field}.consumerName"),
                format!(
                    "does not match the consumer name in the pact ('{}')",
                    pact.consumer
                ),
            ));
        }
        if let Some(provider) = &contract.provider_name
            && *provider != pact.provider
        {
            errors.push((
                format!("{field}.providerName"),
                format!(
                    "does not match the provider name in the pact ('{}')",
                    pact.provider
                ),
            ));
        }
        if pact.consumer != name && !name.trim().is_empty() {
            errors.push((
                format!("{field}.consumerName"),
                format!("must match pacticipantName ('{name}')"),
            ));
        }
        parsed.push((pact, contract.on_conflict.as_deref() == Some("merge")));
    }
    if errors.is_empty() {
        Ok((name, number, parsed))
    } else {
        Err(ApiError::Invalid(errors))
    }
}

async fn publish(State(state): State<AppState>, base: Base, body: Bytes) -> Result<Response, ApiError> {
    let request: PublishRequest = parse_body(&body)?;
    let (name, number, contracts) = validate(&request)?;
    let mut notices = Vec::new();
    let mut tx = state.store.begin_write().await?;
    // The publishing consumer and every provider it names.
    let mut names: Vec<&str> = vec![&name];
    names.extend(contracts.iter().map(|(c, _)| c.provider.as_str()));
    let duplicates =
        super::pacticipants::potential_duplicate_messages(tx.conn(), &state, &base, &names).await?;
    if !duplicates.is_empty() {
        return Err(ApiError::conflict(
            ErrorBody::fields(duplicates.iter().map(|d| ("contracts", d.as_str())))
                .with_notices(duplicates.iter().map(|d| notice("error", d.clone())).collect()),
        ));
    }
    // The lock order of `store::locks`: the consumer's write lock, then every pacticipant by
    // name, then the version, its branch and tags, then contents and publications.
    tx.lock_pacticipants(&[&name]).await?;
    let known = pacticipants::find_or_create_in_name_order(tx.conn(), &names).await?;
    let by_name = |wanted: &str| {
        known
            .iter()
            .map(|(p, _)| p)
            .find(|p| p.name == wanted)
            .cloned()
            .ok_or(sqlx::Error::RowNotFound)
    };
    let pacticipant = by_name(&name)?;
    let (version, created) =
        versions::find_or_create(tx.conn(), pacticipant.id, &number, request.build_url.as_deref()).await?;
    // What this request attaches to the version, for the reply when the version is new.
    let mut added_branches = Vec::new();
    let mut added_tags = Vec::new();
    let mut added_pacts = Vec::new();
    if let Some(branch) = &request.branch {
        added_branches.extend(versions::add_to_branch(tx.conn(), &version, branch).await?);
        if MAIN_BRANCH_CANDIDATES.contains(&branch.as_str()) {
            pacticipants::set_main_branch_if_unset(tx.conn(), pacticipant.id, branch).await?;
        }
    }
    let mut sorted_tags: Vec<&String> = request.tags.iter().collect();
    sorted_tags.sort_unstable();
    sorted_tags.dedup();
    for tag in sorted_tags {
        added_tags.extend(versions::add_tag(tx.conn(), &version, tag).await?);
    }
    let mut described = format!(
        "{} {} version {}",
        if created { "Created" } else { "Updated" },
        name,
        number
    );
    if let Some(branch) = &request.branch {
        described.push_str(&format!(" with branch {branch}"));
    }
    if !request.tags.is_empty() {
        let joiner = if request.branch.is_some() { " and" } else { " with" };
        let word = if request.tags.len() == 1 { "tag" } else { "tags" };
        described.push_str(&format!("{joiner} {word} {}", request.tags.join(", ")));
    }
    notices.push(notice("success", described));
    let allow = state.config.allow_dangerous_contract_modification;
    let mut contract_links = Vec::new();
    let mut queued: usize = 0;
    for (content, merge) in contracts {
        let unreadable = model_notices(&content.consumer, &content.provider, &content.to_text());
        let provider = by_name(&content.provider)?;
        let super::pacts::StoredPact {
            outcome,
            row,
            text: stored_text,
        } = match super::pacts::store_pact(
            tx.conn(),
            allow,
            &pacticipant,
            &provider,
            &version,
            content,
            merge,
        )
        .await
        {
            Ok(done) => done,
            Err(ApiError::Conflict(body)) => {
                let text = body.error_text().unwrap_or("conflict").to_string();
                return Err(ApiError::conflict(
                    ErrorBody::fields([("contracts", text.as_str())])
                        .with_notices(vec![notice("error", text.clone())]),
                ));
            }
            Err(other) => return Err(other),
        };
        let url = base.pact(&provider.name, &pacticipant.name, &version.number);
        let text = match outcome {
            PublishOutcome::Created => format!(
                "Pact successfully published for {} version {} and provider {}.",
                name, number, provider.name
            ),
            PublishOutcome::Unchanged => format!(
                "Pact for {} version {} and provider {} was already published with the same content.",
                name, number, provider.name
            ),
            PublishOutcome::Replaced => format!(
                "Pact with changed content published over existing content for {} version {} and provider {}.",
                name, number, provider.name
            ),
        };
        notices.push(notice(
            if outcome == PublishOutcome::Replaced {
                "warning"
            } else {
                "success"
            },
            text,
        ));
        notices.push(notice("info", format!("  View the published pact at {url}")));
        notices.extend(unreadable.into_iter().map(|n| notice(n.kind, n.text)));
        contract_links.push(named_link(
            url,
            "Pact",
            format!("Pact between {} ({}) and {}", name, number, provider.name),
        ));
        notices.extend(
            super::provider_contracts::on_pact_published(tx.conn(), &row, outcome, &stored_text).await?,
        );
        let triggered = crate::webhooks::events::pact_published(
            tx.conn(),
            &state.config.webhooks,
            &base.0,
            &row,
            outcome,
        )
        .await?;
        queued = queued.saturating_add(triggered);
        added_pacts.push(row);
    }
    notices.push(if queued == 0 {
        notice("debug", "  No enabled webhooks found for the detected events")
    } else {
        notice(
            "debug",
            format!("  Webhooks triggered for the detected events: {queued}"),
        )
    });
    let tag_links = request
        .tags
        .iter()
        .map(|t| named_link(base.tag(&name, &number, t), "Tag", t.clone()))
        .collect();
    // A version created by this request has only what the request attached: the reply is
    // rendered from that instead of five more reads.
    let version_body = if created {
        let facts = VersionFacts::of_new_version(added_tags, added_branches, added_pacts);
        render_version_with(tx.conn(), &base, &pacticipant, &version, facts).await?
    } else {
        render_version(tx.conn(), &base, &pacticipant, &version).await?
    };
    tx.commit().await?;
    if queued > 0 {
        state.config.webhooks.doorbell.ring();
    }
    Ok(ok_typed(&PublishContractsResponse {
        logs: notices.iter().map(PublishLog::of).collect(),
        notices,
        embedded: Some(PublishEmbedded {
            pacticipant: EmbeddedPacticipant {
                name: name.clone(),
                links: Links::new().with("self", pact_broker_api::Link::new(base.pacticipant(&name))),
            },
            version: version_body,
        }),
        links: Links::new()
            .with(
                "pb:pacticipant",
                named_link(base.pacticipant(&name), "Pacticipant", name.clone()),
            )
            .with(
                "pb:pacticipant-version",
                named_link(
                    base.version(&name, &number),
                    "Pacticipant version",
                    number.clone(),
                ),
            )
            .with_many("pb:pacticipant-version-tags", tag_links)
            .with_many("pb:contracts", contract_links),
    }))
}
