//! Every wire type the broker serves reads its reply snapshot (`broker/tests/snapshots/
//! broker_wire_snapshots__*.snap`, captured from the server) and writes it back byte for byte:
//! same keys, same order, same nulls, same numbers.
#![allow(clippy::unwrap_used)]

use pact_broker_api::{
    ApiToken, ApiTokenList, Branch, BranchList, BranchVersion, CurrentlyDeployed, DependencyStatus,
    DeployedVersion, Environment, EnvironmentList, ErrorBody, FieldUsage, Heartbeat, IntegrationList, Label,
    LabelList, LatestPacts, Links, PactDiff, PactList, Pacticipant, PacticipantList, Problem,
    ProviderContract, ProviderContractPublished, PublishContractsResponse, PublishedVerificationResult,
    ReleasedVersion, Tag, TriggeredWebhookList, TriggeredWebhookLogs, VerificationSummary, VerifiedBy,
    Version, VersionList, Webhook, WebhookExecution, WebhookExecutionResult, WebhookList, WebhookStatus,
};
mod common;

/// Reads the wire snapshot `name` as `T`, writes it back and compares (see [`common`]).
fn assert_round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(name: &str) -> T {
    common::assert_round_trip("broker_wire_snapshots", name)
}

#[test]
fn the_publish_reply_round_trips() {
    let reply: PublishContractsResponse = assert_round_trip("publish");
    assert_eq!(reply.logs.len(), reply.notices.len());
    let embedded = reply.embedded.unwrap();
    assert_eq!(embedded.version.branch.as_deref(), Some("main"));
    assert_eq!(embedded.version.embedded.tags[0].name, "dev");
    assert_eq!(
        reply.links.all("pb:contracts")[0].name.as_deref(),
        Some("Pact between Web (1.0.0) and Api")
    );
}

#[test]
fn pacticipants_round_trip() {
    let web: Pacticipant = assert_round_trip("pacticipant");
    let embedded = web.embedded.unwrap();
    assert_eq!(embedded.latest_version.unwrap().number, "1.0.1");
    assert_eq!(embedded.labels, Some(vec![]));
    let created: Pacticipant = assert_round_trip("pacticipant_created");
    assert_eq!(created.repository_url.as_deref(), Some("https://git.test/mobile"));
    assert!(created.embedded.is_none());
    let list: PacticipantList = assert_round_trip("pacticipants");
    assert_eq!(list.embedded.pacticipants.len(), 2);
    assert!(list.pacticipants.unwrap()[0].title.is_some());
}

#[test]
fn labels_round_trip() {
    let label: Label = assert_round_trip("label");
    assert!(label.created_at.is_some() && label.links.first("pacticipant").is_some());
    let with_label: PacticipantList = assert_round_trip("pacticipants_with_label");
    let web = &with_label.embedded.pacticipants[0];
    let labels = web.embedded.as_ref().and_then(|e| e.labels.as_ref()).unwrap();
    assert_eq!(labels[0].name, "team-a");
    assert!(labels[0].created_at.is_none());
    assert!(with_label.pacticipants.is_none());
}

#[test]
fn versions_branches_and_tags_round_trip() {
    let version: Version = assert_round_trip("version");
    assert_eq!(
        version.links.all("pb:record-deployment")[0].name.as_deref(),
        Some("production")
    );
    let list: VersionList = assert_round_trip("versions");
    assert_eq!(list.page.unwrap().total_elements, 2);
    let on_branch: VersionList = assert_round_trip("branch_versions");
    assert!(on_branch.page.is_none() && on_branch.embedded.versions[0].embedded.is_none());
    let branches: BranchList = assert_round_trip("branches");
    assert_eq!(branches.embedded.branches[0].name, "main");
    let _: Branch = assert_round_trip("branch");
    let _: BranchVersion = assert_round_trip("branch_version");
    let created: BranchVersion = assert_round_trip("branch_version_created");
    assert_eq!(created.embedded.unwrap().version.number, "10");
    let tag: Tag = assert_round_trip("tag");
    assert!(tag.links.first("pb:version").is_some());
}

#[test]
fn environments_and_deployments_round_trip() {
    let env: Environment = assert_round_trip("environment");
    assert_eq!(env.contacts[0]["name"], "Team Api");
    let _: Environment = assert_round_trip("environment_created");
    let _: EnvironmentList = assert_round_trip("environments");
    let deployed: DeployedVersion = assert_round_trip("deployed_version");
    assert!(deployed.currently_deployed && deployed.application_instance.is_none());
    let undeployed: DeployedVersion = assert_round_trip("deployed_version_undeployed");
    assert!(!undeployed.currently_deployed && undeployed.undeployed_at.is_some());
    let current: CurrentlyDeployed = assert_round_trip("currently_deployed");
    assert_eq!(
        current.embedded.deployed_versions[0].embedded.pacticipant.name,
        "Api"
    );
    let released: ReleasedVersion = assert_round_trip("released_version");
    assert!(released.currently_supported);
}

#[test]
fn verification_results_round_trip() {
    let result: PublishedVerificationResult = assert_round_trip("verification_result");
    assert!(result.success);
    assert_eq!(result.verification_type.as_deref(), Some("pact"));
    let summary: VerificationSummary = assert_round_trip("verification_summary");
    assert_eq!(summary.provider_summary.successful, ["Api"]);
}

#[test]
fn webhooks_round_trip() {
    let hook: Webhook = assert_round_trip("webhook");
    assert_eq!(hook.request.password.as_deref(), Some("**********"));
    assert_eq!(hook.consumer.unwrap().name.as_deref(), Some("Web"));
    let _: Webhook = assert_round_trip("webhook_created");
    let list: WebhookList = assert_round_trip("webhooks");
    assert_eq!(list.embedded.webhooks.len(), 1);
    let triggered: TriggeredWebhookList = assert_round_trip("triggered_webhooks");
    assert_eq!(triggered.embedded.triggered_webhooks[0].status, "not_run");
}

#[test]
fn webhook_deliveries_round_trip() {
    let logs: TriggeredWebhookLogs = assert_round_trip("triggered_webhook_logs");
    assert_eq!(logs.embedded.triggered_webhook.status, "not_run");
    assert!(logs.executions.is_empty());
    let status: WebhookStatus = assert_round_trip("webhook_status");
    assert_eq!(status.summary.not_run, 1);
}

/// An attempt and an execution result as the server writes them (field order of
/// `render_execution` / `execution_reply`); no snapshot holds one, as their logs carry timings.
#[test]
fn webhook_executions_round_trip() {
    let attempt = r#"{"attempt":1,"success":false,"createdAt":"t","durationMs":12,"request":{"method":"POST","url":"http://ci/build","headers":{"X-A":"1"},"body":null},"response":{"status":500,"headers":{"content-type":"text/plain"},"body":"boom"},"error":null,"logs":"POST http://ci/build\n"}"#;
    let typed: WebhookExecution = serde_json::from_str(attempt).unwrap();
    assert_eq!(serde_json::to_string(&typed).unwrap(), attempt);
    let no_answer = r#"{"attempt":2,"success":false,"createdAt":"t","durationMs":3,"request":{"method":"POST","url":"http://ci/build","headers":{},"body":"{}"},"response":null,"error":"connection refused","logs":""}"#;
    let typed: WebhookExecution = serde_json::from_str(no_answer).unwrap();
    assert_eq!(serde_json::to_string(&typed).unwrap(), no_answer);
    let result = r#"{"request":{"method":"POST","url":"http://ci/build","headers":{},"body":null},"logs":"","success":true,"_links":{"webhook":{"href":"http://b/webhooks/u"},"try-again":{"href":"http://b/webhooks/u/execute","title":"Execute the webhook again"}},"response":{"status":200,"headers":{},"body":{"queued":true}}}"#;
    let typed: WebhookExecutionResult = serde_json::from_str(result).unwrap();
    assert_eq!(serde_json::to_string(&typed).unwrap(), result);
}

#[test]
fn error_bodies_round_trip() {
    let not_found: ErrorBody = assert_round_trip("error_not_found");
    assert_eq!(not_found.messages(), ["No pacticipant with name 'Nope' found"]);
    let invalid: ErrorBody = assert_round_trip("error_invalid");
    assert!(invalid.messages().iter().any(|m| m.starts_with("name: ")));
    let _: ErrorBody = assert_round_trip("error_conflict");
    let _: ErrorBody = assert_round_trip("error_malformed");
    let listed: ErrorBody = assert_round_trip("error_invalid_messages");
    assert_eq!(listed.messages(), ["Pacticipant Nope not found"]);
}

#[test]
fn problem_documents_round_trip() {
    let validation: Problem = assert_round_trip("problem_validation");
    let errors = validation.errors.unwrap();
    assert_eq!(errors[0].pointer.as_deref(), Some("/name"));
    let not_found: Problem = assert_round_trip("problem_not_found");
    assert_eq!(not_found.status, 404);
    assert!(not_found.detail.is_some_and(|d| d.contains("Nope")));
}

#[test]
fn a_webhook_execution_round_trips() {
    let result: WebhookExecutionResult = assert_round_trip("webhook_execution");
    assert!(result.success && result.error.is_none());
    let response = result.response.unwrap();
    assert_eq!(response.status, 200);
    assert_eq!(response.body, Some(serde_json::json!({ "queued": true })));
    assert_eq!(result.request.body.as_deref(), Some("OrderService 1.0.0"));
    assert!(result.links.first("pb:logs").is_some());
}

#[test]
fn pact_lists_round_trip() {
    let latest: LatestPacts = assert_round_trip("pacts_latest");
    let pact = &latest.pacts[0];
    assert_eq!(pact.embedded.consumer.embedded.version.number, "1.0.1");
    assert_eq!(pact.embedded.provider.name, "Api");
    assert_eq!(pact.links.all("self").len(), 2);
    let of_provider: PactList = assert_round_trip("provider_pacts_latest");
    assert_eq!(of_provider.links.all("pb:pacts")[0].name.as_deref(), Some("Web"));
    let versions: PactList = assert_round_trip("pact_versions");
    assert!(versions.links.first("pb:provider").is_some());
}

/// A pact document is the consumer's pact plus `createdAt` and `_links`; its links round-trip.
#[test]
fn a_pact_documents_links_round_trip() {
    let document: serde_json::Value =
        serde_json::from_str(&common::snapshot("broker_wire_snapshots", "pact")).unwrap();
    let written = serde_json::to_string(&document["_links"]).unwrap();
    let links: Links = serde_json::from_value(document["_links"].clone()).unwrap();
    assert_eq!(serde_json::to_string(&links).unwrap(), written);
    assert!(links.first("pb:diff").is_some_and(|l| l.is_templated()));
    assert!(links.all("pb:consumer-version-tags").is_empty());
}

#[test]
fn pact_diffs_round_trip() {
    let diff: PactDiff = assert_round_trip("pact_diff");
    assert_eq!(diff.compared_to_version.as_deref(), Some("1.0.0"));
    assert_eq!(diff.changes.changed[0].description, "a request for data");
    assert_eq!(
        diff.links.compared_to_pact.unwrap().name.as_deref(),
        Some("1.0.0")
    );
    let first: PactDiff = assert_round_trip("pact_diff_first");
    assert!(first.compared_to_version.is_none() && first.links.compared_to_pact.is_none());
    assert!(first.changes.sentences.is_empty());
}

#[test]
fn integrations_and_labels_round_trip() {
    let integrations: IntegrationList = assert_round_trip("integrations");
    let web_api = &integrations.embedded.integrations[0];
    assert_eq!(
        (web_api.consumer.name.as_str(), web_api.provider.name.as_str()),
        ("Web", "Api")
    );
    assert_eq!(web_api.verification_status, "never");
    let labels: LabelList = assert_round_trip("labels");
    assert_eq!(labels.embedded.labels[0].name, "team-a");
    assert_eq!(labels.links.this.title, "Labels");
}

#[test]
fn provider_contracts_round_trip() {
    let published: ProviderContractPublished = assert_round_trip("provider_contract_published");
    assert_eq!(published.embedded.version.number, "1.0.0");
    assert_eq!(
        published.links.all("pb:pacticipant-version-tags")[0]
            .name
            .as_deref(),
        Some("prod")
    );
    assert!(published.notices.iter().any(|n| n.text.contains("Compatible")));
    let contract: ProviderContract = assert_round_trip("provider_contract");
    assert!(contract.self_verification_results.success);
    assert!(contract.self_verification_results.verifier_version.is_none());
    let checked: PublishedVerificationResult = assert_round_trip("provider_contract_verification");
    let by: VerifiedBy = serde_json::from_value(checked.verified_by).unwrap();
    assert_eq!(by.provider_contract_sha.as_deref(), Some(contract.sha.as_str()));
}

#[test]
fn field_usage_round_trips() {
    let usage: FieldUsage = assert_round_trip("field_usage");
    assert_eq!(usage.openapi_provider_version.as_deref(), Some("1.0.0"));
    assert_eq!(usage.fields[0].used_by[0].consumer, "OrderService");
    assert_eq!(usage.interactions[0].request_path, "/users/42");
    assert_eq!(usage.interactions[0].fields[0].matcher, "integer");
}

#[test]
fn api_tokens_round_trip() {
    let created: ApiToken = assert_round_trip("token_created");
    assert_eq!(created.token.as_deref(), Some("[token]"));
    let one: ApiToken = assert_round_trip("token");
    assert!(one.token.is_none() && one.role == "write");
    let list: ApiTokenList = assert_round_trip("tokens");
    assert_eq!(list.embedded.tokens[0].name, "ci");
}

#[test]
fn diagnostics_round_trip() {
    let beat: Heartbeat = assert_round_trip("heartbeat");
    assert!(beat.ok);
    let status: DependencyStatus = assert_round_trip("dependencies");
    assert!(status.ok && status.database.ok);
}

#[test]
fn metrics_round_trip() {
    let metrics: pact_broker_api::Metrics = assert_round_trip("metrics");
    assert_eq!(metrics.pact_publications.count, 3);
    assert_eq!(metrics.verification_results.first.as_deref(), Some("[first]"));
    assert_eq!(metrics.pact_revisions_per_consumer_version.distribution[&1], 3);
}
