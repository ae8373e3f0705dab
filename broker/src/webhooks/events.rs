//! Raising webhook events: called inside the transaction that publishes a pact or a verification
//! result, so the queued deliveries are committed (or rolled back) with it.

use serde_json::{Map, Value};
use sqlx::AnyConnection;

use super::model::{PacticipantScope, RequestTemplate, WebhookEvent};
use super::settings::WebhookConfig;
use super::template::{TemplateParameters, bitbucket_status, github_status, gitlab_status};
use crate::http::hal::Base;
use crate::store::StoreResult;
use crate::store::labels;
use crate::store::pacts::{PactRow, PublishOutcome};
use crate::store::verifications::{self, Verification};
use crate::store::versions;
use crate::store::webhooks::{self as rows, NewTriggered, WebhookRow};

/// A stored webhook read back into its parts.
#[derive(Debug, Clone)]
pub struct StoredWebhook {
    /// The row.
    pub row: WebhookRow,
    /// The events it listens to.
    pub events: Vec<WebhookEvent>,
    /// The request it sends.
    pub request: RequestTemplate,
}

impl StoredWebhook {
    /// Reads a row (unknown event names are ignored).
    pub fn from_row(row: WebhookRow) -> StoredWebhook {
        let events = row
            .events
            .split_whitespace()
            .filter_map(WebhookEvent::parse)
            .collect();
        let headers = serde_json::from_str::<Map<String, Value>>(&row.headers)
            .unwrap_or_default()
            .into_iter()
            .map(|(k, v)| (k, v.as_str().map_or_else(|| v.to_string(), str::to_string)))
            .collect();
        let request = RequestTemplate {
            method: row.method.clone(),
            url: row.url.clone(),
            headers,
            body: row.body.as_deref().and_then(|b| serde_json::from_str(b).ok()),
            username: row.username.clone(),
            password: row.password.clone(),
        };
        StoredWebhook { row, events, request }
    }

    /// The consumer scope.
    pub fn consumer(&self) -> Option<PacticipantScope> {
        scope(&self.row.consumer_name, &self.row.consumer_label)
    }

    /// The provider scope.
    pub fn provider(&self) -> Option<PacticipantScope> {
        scope(&self.row.provider_name, &self.row.provider_label)
    }

    /// `METHOD host`, how deliveries are named.
    pub fn request_description(&self) -> String {
        let host = url::Url::parse(&self.request.url)
            .ok()
            .and_then(|u| u.host_str().map(str::to_string))
            .unwrap_or_else(|| self.request.url.clone());
        format!("{} {host}", self.request.method)
    }
}

fn scope(name: &Option<String>, label: &Option<String>) -> Option<PacticipantScope> {
    match (name, label) {
        (Some(n), _) => Some(PacticipantScope::Name(n.clone())),
        (None, Some(l)) => Some(PacticipantScope::Label(l.clone())),
        (None, None) => None,
    }
}

/// Enabled webhooks for a pact between the pair: global ones, those naming either pacticipant,
/// and those scoped by a label that the consumer (or provider) carries.
async fn webhooks_for(conn: &mut AnyConnection, pact: &PactRow) -> StoreResult<Vec<StoredWebhook>> {
    let candidates = rows::candidates(conn, pact.consumer_id, pact.provider_id).await?;
    if candidates
        .iter()
        .all(|w| w.consumer_label.is_none() && w.provider_label.is_none())
    {
        return Ok(candidates.into_iter().map(StoredWebhook::from_row).collect());
    }
    let labels = labels::of_pacticipants(conn, &[pact.consumer_id, pact.provider_id]).await?;
    let has = |pacticipant_id: i64, label: &Option<String>| {
        label.as_ref().is_none_or(|wanted| {
            labels
                .iter()
                .any(|l| l.pacticipant_id == pacticipant_id && l.name == *wanted)
        })
    };
    Ok(candidates
        .into_iter()
        .filter(|w| has(pact.consumer_id, &w.consumer_label) && has(pact.provider_id, &w.provider_label))
        .map(StoredWebhook::from_row)
        .collect())
}

/// The labels of a pacticipant, as a template value (`${pactbroker.consumerLabels}`).
async fn labels_of(conn: &mut AnyConnection, pacticipant_id: i64) -> StoreResult<String> {
    Ok(labels::of_pacticipants(conn, &[pacticipant_id])
        .await?
        .into_iter()
        .map(|l| l.name)
        .collect::<Vec<_>>()
        .join(", "))
}

/// The newest branch and the tags of a version, as template values.
async fn branch_and_tags(conn: &mut AnyConnection, version_id: i64) -> StoreResult<(String, String)> {
    let branch = versions::branches_of(conn, &[version_id])
        .await?
        .pop()
        .map(|b| b.name)
        .unwrap_or_default();
    let tags: Vec<String> = versions::tags_of(conn, &[version_id])
        .await?
        .into_iter()
        .map(|t| t.name)
        .collect();
    Ok((branch, tags.join(", ")))
}

/// Parameters describing the pact and (when there is one) a verification of it.
async fn parameters(
    conn: &mut AnyConnection,
    base: &Base,
    pact: &PactRow,
    verification: Option<&Verification>,
) -> StoreResult<TemplateParameters> {
    let mut p = TemplateParameters::empty();
    let (c, pr) = (&pact.consumer_name, &pact.provider_name);
    let (consumer_branch, consumer_tags) = branch_and_tags(conn, pact.consumer_version_id).await?;
    let consumer_version = versions::find_by_ids(conn, &[pact.consumer_version_id])
        .await?
        .pop();
    p.set("pactUrl", base.pact_version(pr, c, &pact.sha))
        .set("consumerName", c.clone())
        .set("providerName", pr.clone())
        .set("consumerVersionNumber", pact.consumer_version_number.clone())
        .set("consumerVersionBranch", consumer_branch)
        .set("consumerVersionTags", consumer_tags)
        .set("consumerLabels", labels_of(conn, pact.consumer_id).await?)
        .set("providerLabels", labels_of(conn, pact.provider_id).await?)
        .set(
            "buildUrl",
            consumer_version.and_then(|v| v.build_url).unwrap_or_default(),
        );
    let success = verification.map(|v| v.success == 1);
    p.set("githubVerificationStatus", github_status(success))
        .set("bitbucketVerificationStatus", bitbucket_status(success))
        .set("gitlabVerificationStatus", gitlab_status(success));
    if let Some(v) = verification {
        let (branch, tags) = branch_and_tags(conn, v.provider_version_id).await?;
        p.set("verificationResultUrl", base.verification(pr, c, &pact.sha, v.id))
            .set("providerVersionNumber", v.provider_version_number.clone())
            .set("providerVersionBranch", branch)
            .set("providerVersionTags", tags);
    }
    Ok(p)
}

#[allow(clippy::too_many_arguments)]
async fn enqueue(
    conn: &mut AnyConnection,
    config: &WebhookConfig,
    webhook: &StoredWebhook,
    event: WebhookEvent,
    pact: &PactRow,
    verification_id: Option<i64>,
    params: &TemplateParameters,
    trigger_type: &str,
) -> StoreResult<i64> {
    let mut params = params.clone();
    params.set("eventName", event.name());
    let parameters = serde_json::to_string(&params).unwrap_or_else(|_| "{}".to_string());
    rows::enqueue(
        conn,
        &NewTriggered {
            uuid: uuid::Uuid::new_v4().to_string(),
            webhook_id: webhook.row.id,
            webhook_uuid: webhook.row.uuid.clone(),
            description: webhook.request_description(),
            event_name: event.name().to_string(),
            trigger_type: trigger_type.to_string(),
            consumer_id: Some(pact.consumer_id),
            provider_id: Some(pact.provider_id),
            consumer_name: pact.consumer_name.clone(),
            provider_name: pact.provider_name.clone(),
            consumer_version_id: Some(pact.consumer_version_id),
            pact_version_id: Some(pact.pact_version_id),
            verification_id,
            parameters,
            max_attempts: i64::from(config.retry.max_attempts),
        },
    )
    .await
}

/// Queues the deliveries a pact publication raises (`contract_published`,
/// `contract_content_changed`, `contract_requiring_verification_published`); returns how many.
pub async fn pact_published(
    conn: &mut AnyConnection,
    config: &WebhookConfig,
    base_url: &str,
    pact: &PactRow,
    outcome: PublishOutcome,
) -> StoreResult<usize> {
    let webhooks = webhooks_for(conn, pact).await?;
    if webhooks.is_empty() {
        return Ok(0);
    }
    let base = Base(base_url.to_string());
    let changed = match outcome {
        PublishOutcome::Replaced => true,
        PublishOutcome::Unchanged => false,
        PublishOutcome::Created => {
            rows::previous_sha(conn, pact.provider_id, pact.consumer_id, pact.consumer_version_id)
                .await?
                .is_none_or(|previous| previous != pact.sha)
        }
    };
    let latest = verifications::latest_for_pact_version(conn, pact.pact_version_id).await?;
    let params = parameters(conn, &base, pact, latest.as_ref()).await?;
    let requiring = if webhooks.iter().any(|w| {
        w.events
            .contains(&WebhookEvent::ContractRequiringVerificationPublished)
    }) {
        rows::versions_requiring_verification(conn, pact.provider_id, pact.pact_version_id).await?
    } else {
        Vec::new()
    };
    let mut queued = 0;
    for webhook in &webhooks {
        for event in &webhook.events {
            match event {
                WebhookEvent::ContractPublished => {}
                WebhookEvent::ContractContentChanged if changed => {}
                WebhookEvent::ContractRequiringVerificationPublished => {
                    for (version_id, number) in &requiring {
                        let mut p = params.clone();
                        let (branch, tags) = branch_and_tags(conn, *version_id).await?;
                        p.set("providerVersionNumber", number.clone())
                            .set("providerVersionBranch", branch)
                            .set("providerVersionTags", tags);
                        enqueue(conn, config, webhook, *event, pact, None, &p, "resource_creation").await?;
                        queued += 1;
                    }
                    continue;
                }
                _ => continue,
            }
            enqueue(
                conn,
                config,
                webhook,
                *event,
                pact,
                None,
                &params,
                "resource_creation",
            )
            .await?;
            queued += 1;
        }
    }
    Ok(queued)
}

/// Queues the deliveries a verification result raises (`provider_verification_published` and
/// `…_succeeded` or `…_failed`); returns how many.
pub async fn verification_published(
    conn: &mut AnyConnection,
    config: &WebhookConfig,
    base_url: &str,
    pact: &PactRow,
    verification: &Verification,
) -> StoreResult<usize> {
    let webhooks = webhooks_for(conn, pact).await?;
    if webhooks.is_empty() {
        return Ok(0);
    }
    let base = Base(base_url.to_string());
    let mut params = parameters(conn, &base, pact, Some(verification)).await?;
    params.set("buildUrl", verification.build_url.clone().unwrap_or_default());
    let outcome_event = if verification.success == 1 {
        WebhookEvent::ProviderVerificationSucceeded
    } else {
        WebhookEvent::ProviderVerificationFailed
    };
    let mut queued = 0;
    for webhook in &webhooks {
        for event in &webhook.events {
            if *event == WebhookEvent::ProviderVerificationPublished || *event == outcome_event {
                enqueue(
                    conn,
                    config,
                    webhook,
                    *event,
                    pact,
                    Some(verification.id),
                    &params,
                    "resource_creation",
                )
                .await?;
                queued += 1;
            }
        }
    }
    Ok(queued)
}

/// Parameters for trying a webhook out: from the newest pact between the scoped pacticipants
/// (`None` = any) and that pact's newest verification, or placeholders naming the pacticipants
/// when there is no pact. Also returns the pact and the verification id.
pub async fn sample_parameters(
    conn: &mut AnyConnection,
    base_url: &str,
    consumer: (Option<i64>, Option<String>),
    provider: (Option<i64>, Option<String>),
) -> StoreResult<(Option<PactRow>, TemplateParameters, Option<i64>)> {
    let base = Base(base_url.to_string());
    let latest = crate::store::pacts::latest_per_consumer(
        conn,
        provider.0,
        consumer.0,
        &crate::store::pacts::LatestScope::Any,
    )
    .await?
    .into_iter()
    .max_by_key(|p| p.publication_id);
    Ok(match latest {
        Some(pact) => {
            let verification = verifications::latest_for_pact_version(conn, pact.pact_version_id).await?;
            let params = parameters(conn, &base, &pact, verification.as_ref()).await?;
            (Some(pact), params, verification.map(|v| v.id))
        }
        None => {
            let mut params = TemplateParameters::empty();
            params
                .set("consumerName", consumer.1.unwrap_or_default())
                .set("providerName", provider.1.unwrap_or_default())
                .set("githubVerificationStatus", github_status(None))
                .set("bitbucketVerificationStatus", bitbucket_status(None))
                .set("gitlabVerificationStatus", gitlab_status(None));
            (None, params, None)
        }
    })
}

/// Queues one delivery of `webhook` for an explicit execution (`POST /webhooks/{uuid}/execute`),
/// described by [`sample_parameters`]. Returns the delivery's row id.
pub async fn execution_requested(
    conn: &mut AnyConnection,
    base_url: &str,
    webhook: &StoredWebhook,
) -> StoreResult<i64> {
    let event = webhook
        .events
        .first()
        .copied()
        .unwrap_or(WebhookEvent::ContractPublished);
    let (pact, params, verification_id) = sample_parameters(
        conn,
        base_url,
        (webhook.row.consumer_id, webhook.row.consumer_name.clone()),
        (webhook.row.provider_id, webhook.row.provider_name.clone()),
    )
    .await?;
    let mut params = params;
    params.set("eventName", "test");
    rows::enqueue(
        conn,
        &NewTriggered {
            uuid: uuid::Uuid::new_v4().to_string(),
            webhook_id: webhook.row.id,
            webhook_uuid: webhook.row.uuid.clone(),
            description: webhook.request_description(),
            event_name: event.name().to_string(),
            trigger_type: "user".to_string(),
            consumer_id: pact.as_ref().map(|p| p.consumer_id),
            provider_id: pact.as_ref().map(|p| p.provider_id),
            consumer_name: params.get("consumerName").unwrap_or_default().to_string(),
            provider_name: params.get("providerName").unwrap_or_default().to_string(),
            consumer_version_id: None,
            pact_version_id: pact.as_ref().map(|p| p.pact_version_id),
            verification_id,
            parameters: serde_json::to_string(&params).unwrap_or_else(|_| "{}".to_string()),
            max_attempts: 1,
        },
    )
    .await
}
