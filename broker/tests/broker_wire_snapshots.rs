//! Snapshots (insta) of the resources the broker serves from `pact-broker-api` types: the publish
//! reply, pacticipants, versions, branches, tags, environments, deployed and released versions,
//! verification results, webhooks, their deliveries and an execution against a loopback receiver,
//! pact lists and diffs, integrations, labels, provider contracts, field usage, API tokens, the
//! diagnostics, the JSON metrics, and the error bodies. They pin the JSON on the wire (keys, key order, nulls,
//! numbers) and are the fixtures of the wire types' round-trip tests (`broker/api/tests`). One
//! scenario, run on SQLite and (with `DATABASE_URL`) on PostgreSQL against the same snapshots.
//! Times and UUIDs are redacted (and a token's secret, a receiver's port, a delivery's duration).
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod server_support;

use std::time::Duration;

use pact_broker::config::BrokerConfig;
use pact_broker::webhooks::{AllowList, Doorbell, RetryPolicy, WebhookConfig};
use serde_json::{Value, json};
use server_support::{Db, Reply, TestBroker};

/// Keys whose values change on every run.
const VOLATILE: [&str; 10] = [
    "createdAt",
    "updatedAt",
    "verifiedAt",
    "verificationDate",
    "uuid",
    "triggeredAt",
    "nextAttemptAt",
    "undeployedAt",
    "supportEndedAt",
    "latestPactOrVerificationPublishedAt",
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

/// `value` with `from` replaced by `to` in every string in it.
fn replaced(value: &mut Value, from: &str, to: &str) {
    match value {
        Value::Object(map) => map.values_mut().for_each(|v| replaced(v, from, to)),
        Value::Array(items) => items.iter_mut().for_each(|v| replaced(v, from, to)),
        Value::String(text) => *text = text.replace(from, to),
        _ => {}
    }
}

/// `log` with the duration of each attempt (`HTTP 200 after 3 ms`) replaced by `[ms]`.
fn without_durations(log: &str) -> String {
    log.lines()
        .map(|line| match line.split_once(" after ") {
            Some((head, tail)) if tail.ends_with(" ms") => format!("{head} after [ms] ms"),
            _ => line.to_string(),
        })
        .map(|line| line + "\n")
        .collect()
}

/// The reply of a webhook execution, redacted: besides times and UUIDs, the receiver's port
/// (`127.0.0.1:[port]`), its `date` header and the attempt's duration in the log.
fn execution_body(reply: Reply, status: u16, receiver: &str) -> Value {
    let mut body = body(reply, status);
    replaced(&mut body, receiver, "http://127.0.0.1:[port]");
    if let Some(date) = body.pointer_mut("/response/headers/date") {
        *date = Value::String("[date]".into());
    }
    if let Some(Value::String(log)) = body.get_mut("logs") {
        *log = without_durations(log);
    }
    body
}

/// The examples' OpenAPI document and pact of the bi-directional tests
/// (`pact-openapi/tests/fixtures/openapi`).
fn openapi_fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pact-openapi/tests/fixtures/openapi")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
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

    // Pacts: a pact document, the lists, the diffs
    insta::assert_json_snapshot!(
        "pact",
        body(b.get("/pacts/provider/Api/consumer/Web/version/1.0.0").await, 200)
    );
    insta::assert_json_snapshot!("pacts_latest", body(b.get("/pacts/latest").await, 200));
    insta::assert_json_snapshot!(
        "provider_pacts_latest",
        body(b.get("/pacts/provider/Api/latest").await, 200)
    );
    insta::assert_json_snapshot!(
        "pact_versions",
        body(b.get("/pacts/provider/Api/consumer/Web/versions").await, 200)
    );
    insta::assert_json_snapshot!(
        "pact_diff",
        body(
            b.get("/pacts/provider/Api/consumer/Web/version/1.0.1/diff/previous-distinct")
                .await,
            200
        )
    );
    insta::assert_json_snapshot!(
        "pact_diff_first",
        body(
            b.get("/pacts/provider/Api/consumer/Web/version/1.0.0/diff/previous-distinct")
                .await,
            200
        )
    );

    // Integrations and labels
    insta::assert_json_snapshot!("integrations", body(b.get("/integrations").await, 200));
    insta::assert_json_snapshot!("labels", body(b.get("/labels").await, 200));

    // Bi-directional contracts: a consumer pact, then the provider's OpenAPI document
    use base64::Engine;
    let encode = |text: &str| base64::engine::general_purpose::STANDARD.encode(text);
    let pact = openapi_fixture("user-service-pact.json");
    let published = b
        .post(
            "/contracts/publish",
            json!({
                "pacticipantName": "OrderService", "pacticipantVersionNumber": "1.0.0", "branch": "main",
                "contracts": [{ "consumerName": "OrderService", "providerName": "UserService",
                                "specification": "pact", "contentType": "application/json",
                                "content": encode(&pact) }]
            }),
        )
        .await;
    assert_eq!(published.status, 200, "{}", published.text);
    let contract = json!({
        "content": encode(&openapi_fixture("user-service.yaml")),
        "contractType": "oas",
        "contentType": "application/yaml",
        "verificationResults": {
            "success": true,
            "content": encode("42 tests, 0 failures"),
            "contentType": "text/plain",
            "verifier": "schemathesis",
        },
        "branch": "main",
        "tags": ["prod"],
        "buildUrl": "http://ci.test/provider/1",
    });
    insta::assert_json_snapshot!(
        "provider_contract_published",
        body(
            b.put("/contracts/provider/UserService/version/1.0.0", contract)
                .await,
            200
        )
    );
    insta::assert_json_snapshot!(
        "provider_contract",
        body(b.get("/contracts/provider/UserService/version/1.0.0").await, 200)
    );
    let order_pact = b
        .get("/pacts/provider/UserService/consumer/OrderService/version/1.0.0")
        .await;
    let checked = order_pact.body["_links"]["pb:latest-verification-results"]["href"]
        .as_str()
        .unwrap()
        .trim_start_matches("http://broker.test")
        .to_string();
    // The checker's version is the broker's own (it changes with every release).
    let mut verification = body(b.get(&checked).await, 200);
    let checker = verification.pointer_mut("/verifiedBy/version").unwrap();
    assert_eq!(checker, env!("CARGO_PKG_VERSION"));
    *checker = json!("[version]");
    insta::assert_json_snapshot!("provider_contract_verification", verification);
    insta::assert_json_snapshot!(
        "field_usage",
        body(b.get("/pacticipants/UserService/field-usage").await, 200)
    );

    // API tokens (the secret of a new token is redacted)
    let mut created = body(
        b.post("/admin/tokens", json!({ "name": "ci", "role": "write" }))
            .await,
        201,
    );
    assert!(created["token"].as_str().unwrap().starts_with("pbt_"));
    created["token"] = json!("[token]");
    insta::assert_json_snapshot!("token_created", created);
    insta::assert_json_snapshot!("tokens", body(b.get("/admin/tokens").await, 200));
    insta::assert_json_snapshot!("token", body(b.get("/admin/tokens/ci").await, 200));

    // Diagnostics
    insta::assert_json_snapshot!(
        "heartbeat",
        body(b.get("/diagnostic/status/heartbeat").await, 200)
    );
    insta::assert_json_snapshot!(
        "dependencies",
        body(b.get("/diagnostic/status/dependencies").await, 200)
    );
    // The Pact Broker's JSON counts (`/metrics` asked for as JSON); the first and last
    // publication and result times change on every run.
    let mut metrics = body(b.get("/metrics").await, 200);
    for (part, end) in [
        ("pactPublications", "first"),
        ("pactPublications", "last"),
        ("verificationResults", "first"),
        ("verificationResults", "last"),
    ] {
        assert!(metrics[part][end].is_string(), "{part}.{end}: {metrics}");
        metrics[part][end] = json!(format!("[{end}]"));
    }
    insta::assert_json_snapshot!("metrics", metrics);

    // Executing a webhook against a loopback receiver
    use wiremock::matchers::{method, path};
    let receiver = wiremock::MockServer::start().await;
    wiremock::Mock::given(method("POST"))
        .and(path("/build/OrderService"))
        .respond_with(wiremock::ResponseTemplate::new(200).set_body_json(json!({ "queued": true })))
        .expect(1)
        .mount(&receiver)
        .await;
    let build = "/webhooks/7d0c1e2f-3a4b-4c5d-8e6f-9a0b1c2d3e4f";
    let created = b
        .put(
            build,
            json!({
                "description": "Build the UserService",
                "provider": { "name": "UserService" },
                "events": [{ "name": "contract_published" }],
                "request": {
                    "method": "POST",
                    "url": format!("{}/build/${{pactbroker.consumerName}}", receiver.uri()),
                    "headers": { "Content-Type": "text/plain" },
                    "body": "${pactbroker.consumerName} ${pactbroker.consumerVersionNumber}"
                }
            }),
        )
        .await;
    assert_eq!(created.status, 201, "{}", created.text);
    insta::assert_json_snapshot!(
        "webhook_execution",
        execution_body(
            b.post(&format!("{build}/execute"), json!({})).await,
            200,
            &receiver.uri()
        )
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
