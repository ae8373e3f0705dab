//! Snapshots (insta) of the replies clients parse: the index, a pact document, for-verification and
//! can-i-deploy. Times and UUIDs are redacted; the host is fixed by the tests.
#![allow(clippy::unwrap_used)]

mod server_support;

use serde_json::{Value, json};
use server_support::{Db, TestBroker};

/// Replaces times and UUIDs (which change on every run) with placeholders.
fn redact(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, v) in map.iter_mut() {
                if matches!(
                    key.as_str(),
                    "createdAt" | "updatedAt" | "verifiedAt" | "verificationDate" | "uuid"
                ) && !v.is_null()
                {
                    *v = Value::String(format!("[{key}]"));
                } else {
                    redact(v);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact),
        _ => {}
    }
}

fn snapshot_of(mut body: Value) -> Value {
    redact(&mut body);
    body
}

#[tokio::test]
async fn index_snapshot() {
    let b = TestBroker::start(Db::Sqlite).await;
    insta::assert_json_snapshot!("index", snapshot_of(b.get("/").await.body));
}

#[tokio::test]
async fn pact_document_snapshot() {
    let b = TestBroker::start(Db::Sqlite).await;
    b.publish("Web", "1.0.0", "Api", Some("main"), &["dev"], &json!({"id": 1}))
        .await;
    insta::assert_json_snapshot!(
        "pact_document",
        snapshot_of(b.get("/pacts/provider/Api/consumer/Web/version/1.0.0").await.body)
    );
}

#[tokio::test]
async fn for_verification_snapshot() {
    let b = TestBroker::start(Db::Sqlite).await;
    b.publish("Web", "1", "Api", Some("main"), &[], &json!({"v": 1}))
        .await;
    b.publish("Web", "2", "Api", Some("feat-x"), &[], &json!({"v": 2}))
        .await;
    let reply = b
        .post(
            "/pacts/provider/Api/for-verification",
            json!({
                "consumerVersionSelectors": [{"mainBranch": true}, {"latest": true}],
                "providerVersionBranch": "main",
                "includePendingStatus": true,
                "includeWipPactsSince": "2000-01-01"
            }),
        )
        .await;
    insta::assert_json_snapshot!("for_verification", snapshot_of(reply.body));
}

#[tokio::test]
async fn can_i_deploy_snapshot() {
    let b = TestBroker::start(Db::Sqlite).await;
    let prod = b.create_environment("production", true).await;
    b.publish("Web", "1", "Api", Some("main"), &["dev"], &json!({}))
        .await;
    b.verify("Api", "Web", "1", "10", true).await;
    b.branch("Api", "10", "main").await;
    b.deploy("Api", "10", &prod).await;
    let reply = b
        .get("/can-i-deploy?pacticipant=Web&version=1&environment=production")
        .await;
    insta::assert_json_snapshot!("can_i_deploy", snapshot_of(reply.body));
}
