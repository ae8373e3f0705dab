//! Snapshots (insta) of the resources the broker serves from `pact-broker-api` types: the publish
//! reply, pacticipants, versions, branches, tags, environments, deployed and released versions,
//! verification results, webhooks and their deliveries, and the error bodies. They pin the JSON
//! on the wire (keys, key order, nulls, numbers) and are the fixtures of the wire types'
//! round-trip tests (`broker/api/tests`). One scenario, run on SQLite and (with `DATABASE_URL`)
//! on PostgreSQL against the same snapshots. Times and UUIDs are redacted.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod server_support;

use std::time::Duration;

use pact_broker::config::BrokerConfig;
use pact_broker::webhooks::{AllowList, Doorbell, RetryPolicy, WebhookConfig};
use serde_json::{Value, json};
use server_support::{Db, Reply, TestBroker};

/// Keys whose values change on every run.
const VOLATILE: [&str; 9] = [
    "createdAt",
    "updatedAt",
    "verifiedAt",
    "verificationDate",
    "uuid",
    "triggeredAt",
    "nextAttemptAt",
    "undeployedAt",
    "supportEndedAt",
];

/// Whether `text` at `at` starts a UUID (8-4-4-4-12 hex digits).
fn uuid_at(text: &[u8], at: usize) -> bool {
    let groups = [8, 4, 4, 4, 12];
    let mut i = at;
    for (n, len) in groups.iter().enumerate() {
        for _ in 0..*len {
            if !text.get(i).is_some_and(u8::is_ascii_hexdigit) {
                return false;
            }
            i += 1;
        }
        if n < 4 {
            if text.get(i) != Some(&b'-') {
                return false;
            }
            i += 1;
        }
    }
    true
}

/// `text` with every UUID in it replaced by `[uuid]`.
fn without_uuids(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::new();
    let mut i = 0;
    while i < bytes.len() {
        if uuid_at(bytes, i) {
            out.push_str("[uuid]");
            i += 36;
        } else {
            out.push(char::from(bytes[i]));
            i += 1;
        }
    }
    out
}

/// Replaces times and UUIDs (which change on every run) with placeholders.
fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if VOLATILE.contains(&key.as_str()) && !v.is_null() {
                    *v = Value::String(format!("[{key}]"));
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        Value::String(text) if text.is_ascii() => *text = without_uuids(text),
        _ => {}
    }
}

/// The reply's body, redacted, after checking its status.
fn body(reply: Reply, status: u16) -> Value {
    assert_eq!(reply.status, status, "{}", reply.text);
    let mut body = reply.body;
    redact(&mut body);
    body
}

/// The body of a request that asks for problem documents (`Accept: application/problem+json`).
async fn problem(b: &TestBroker, method: &str, path: &str, body: &str) -> Value {
    use http_body_util::BodyExt;
    use tower::ServiceExt;
    let request = axum::http::Request::builder()
        .method(method)
        .uri(path)
        .header("Host", "broker.test")
        .header("Accept", "application/problem+json")
        .header("Content-Type", "application/json")
        .body(axum::body::Body::from(body.to_string()))
        .unwrap();
    let response = b.app.clone().oneshot(request).await.unwrap();
    let bytes = response.into_body().collect().await.unwrap().to_bytes();
    serde_json::from_slice(&bytes).unwrap()
}

const WEBHOOK: &str = "/webhooks/0f5ee2a4-7b8c-4c8e-9d60-2b8f3a1c0d11";

fn config() -> BrokerConfig {
    BrokerConfig {
        webhooks: WebhookConfig {
            allow_list: AllowList::new("http", "127.0.0.1", "POST PUT"),
            retry: RetryPolicy {
                max_attempts: 3,
                base_delay: Duration::from_millis(20),
                max_delay: Duration::from_millis(100),
            },
            request_timeout: Duration::from_secs(5),
            poll_interval: Duration::from_millis(50),
            doorbell: Doorbell::default(),
        },
        ..Default::default()
    }
}

async fn wire_snapshots(db: Db) {
    let b = TestBroker::with_config(db, config()).await;
    let env = body(
        b.post(
            "/environments",
            json!({ "uuid": "6c1f7a52-1111-4222-8333-944455556666", "name": "production",
                    "displayName": "Production", "production": true,
                    "contacts": [{ "name": "Team Api", "details": { "slack": "#api" } }] }),
        )
        .await,
        201,
    );
    insta::assert_json_snapshot!("environment_created", env);
    let uuid = "6c1f7a52-1111-4222-8333-944455556666";

    // Publishing
    let reply = b
        .publish("Web", "1.0.0", "Api", Some("main"), &["dev"], &json!({ "v": 1 }))
        .await;
    insta::assert_json_snapshot!("publish", body(reply, 200));

    // Webhooks (created after the pacticipants exist; not delivered: no worker runs)
    let hook = json!({
        "description": "Trigger the Api build",
        "consumer": { "name": "Web" },
        "provider": { "name": "Api" },
        "events": [{ "name": "contract_published" }],
        "request": {
            "method": "POST",
            "url": "http://127.0.0.1:9/hooks/${pactbroker.consumerName}",
            "headers": { "Content-Type": "application/json" },
            "body": { "pactUrl": "${pactbroker.pactUrl}" },
            "username": "bot",
            "password": "pw"
        }
    });
    insta::assert_json_snapshot!("webhook_created", body(b.put(WEBHOOK, hook).await, 201));
    insta::assert_json_snapshot!("webhook", body(b.get(WEBHOOK).await, 200));
    insta::assert_json_snapshot!("webhooks", body(b.get("/webhooks").await, 200));
    b.publish("Web", "1.0.1", "Api", Some("main"), &[], &json!({ "v": 2 }))
        .await;
    insta::assert_json_snapshot!(
        "triggered_webhooks",
        body(
            b.get("/pacts/provider/Api/consumer/Web/version/1.0.1/triggered-webhooks")
                .await,
            200
        )
    );

    let triggered = b
        .get("/pacts/provider/Api/consumer/Web/version/1.0.1/triggered-webhooks")
        .await;
    let logs = triggered.body["_embedded"]["triggeredWebhooks"][0]["_links"]["pb:logs"]["href"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://broker.test")
        .to_string();
    insta::assert_json_snapshot!("triggered_webhook_logs", body(b.get(&logs).await, 200));
    insta::assert_json_snapshot!(
        "webhook_status",
        body(
            b.get("/pacts/provider/Api/consumer/Web/webhooks/status").await,
            200
        )
    );

    // Pacticipants
    insta::assert_json_snapshot!("pacticipant", body(b.get("/pacticipants/Web").await, 200));
    insta::assert_json_snapshot!("pacticipants", body(b.get("/pacticipants").await, 200));
    insta::assert_json_snapshot!(
        "pacticipant_created",
        body(
            b.post(
                "/pacticipants",
                json!({ "name": "Mobile", "repositoryUrl": "https://git.test/mobile" })
            )
            .await,
            201
        )
    );

    // Versions, branches, tags
    insta::assert_json_snapshot!(
        "version",
        body(b.get("/pacticipants/Web/versions/1.0.0").await, 200)
    );
    insta::assert_json_snapshot!("versions", body(b.get("/pacticipants/Web/versions").await, 200));
    insta::assert_json_snapshot!(
        "branch_versions",
        body(b.get("/pacticipants/Web/branches/main/versions").await, 200)
    );
    insta::assert_json_snapshot!("branches", body(b.get("/pacticipants/Web/branches").await, 200));
    insta::assert_json_snapshot!(
        "branch",
        body(b.get("/pacticipants/Web/branches/main").await, 200)
    );
    insta::assert_json_snapshot!(
        "branch_version",
        body(b.get("/pacticipants/Web/branches/main/versions/1.0.0").await, 200)
    );
    insta::assert_json_snapshot!(
        "branch_version_created",
        body(b.branch("Api", "10", "main").await, 201)
    );
    insta::assert_json_snapshot!(
        "tag",
        body(b.get("/pacticipants/Web/versions/1.0.0/tags/dev").await, 200)
    );

    // Environments
    let env_path = format!("/environments/{uuid}");
    insta::assert_json_snapshot!("environment", body(b.get(&env_path).await, 200));
    insta::assert_json_snapshot!("environments", body(b.get("/environments").await, 200));

    // Verification results
    insta::assert_json_snapshot!(
        "verification_result",
        body(b.verify("Api", "Web", "1.0.0", "10", true).await, 201)
    );
    insta::assert_json_snapshot!(
        "verification_summary",
        body(
            b.get("/verification-results/consumer/Web/version/1.0.0/latest")
                .await,
            200
        )
    );

    // Deployments and releases
    let deployed = b.deploy("Api", "10", uuid).await;
    let deployed_url = deployed.body["_links"]["self"]["href"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://broker.test")
        .to_string();
    insta::assert_json_snapshot!("deployed_version", body(deployed, 201));
    insta::assert_json_snapshot!(
        "deployed_version_undeployed",
        body(
            b.patch(&deployed_url, json!({ "currentlyDeployed": false }))
                .await,
            200
        )
    );
    b.deploy("Api", "10", uuid).await;
    insta::assert_json_snapshot!(
        "currently_deployed",
        body(
            b.get(&format!("{env_path}/deployed-versions/currently-deployed"))
                .await,
            200
        )
    );
    insta::assert_json_snapshot!(
        "released_version",
        body(
            b.post(
                "/pacticipants/Api/versions/10/released-versions/environment/6c1f7a52-1111-4222-8333-944455556666",
                json!({})
            )
            .await,
            201
        )
    );

    // Labels
    insta::assert_json_snapshot!(
        "label",
        body(b.put("/pacticipants/Web/labels/team-a", json!({})).await, 201)
    );
    insta::assert_json_snapshot!(
        "pacticipants_with_label",
        body(b.get("/pacticipants/label/team-a").await, 200)
    );

    // Errors
    insta::assert_json_snapshot!("error_not_found", body(b.get("/pacticipants/Nope").await, 404));
    insta::assert_json_snapshot!(
        "error_invalid",
        body(b.post("/environments", json!({})).await, 400)
    );
    insta::assert_json_snapshot!(
        "error_conflict",
        body(b.post("/pacticipants", json!({ "name": "Web" })).await, 409)
    );
    insta::assert_json_snapshot!(
        "error_malformed",
        body(
            b.raw(axum::http::Method::POST, "/environments", "{not json")
                .await,
            400
        )
    );
    insta::assert_json_snapshot!(
        "problem_validation",
        problem(&b, "POST", "/environments", "{}").await
    );
    insta::assert_json_snapshot!(
        "problem_not_found",
        problem(&b, "GET", "/pacticipants/Nope", "").await
    );
    insta::assert_json_snapshot!(
        "error_invalid_messages",
        body(b.get("/matrix?q[][pacticipant]=Nope&q[][version]=1").await, 400)
    );
}

#[tokio::test]
async fn the_wire_on_sqlite() {
    wire_snapshots(Db::Sqlite).await;
}

#[tokio::test]
async fn the_wire_on_postgres() {
    if server_support::postgres_url().is_some() {
        wire_snapshots(Db::Postgres).await;
    }
}
