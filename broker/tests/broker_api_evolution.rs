//! API evolution on the broker: field-level usage of a provider (from the pacts on each
//! consumer's main branch and those deployed or released) and the consumer impact of a
//! provider's new OpenAPI document in its publish notices. Each case on SQLite and PostgreSQL.
#![allow(clippy::unwrap_used)]

mod server_support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use server_support::{Db, TestBroker, email_reader, name_reader, path_of};

fn spec(case: &str, side: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pact-openapi/tests/fixtures/diff")
        .join(case)
        .join(format!("{side}.yaml"));
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

async fn publish_pact(b: &TestBroker, consumer: &str, version: &str, branch: &str, pact: &Value) {
    let reply = b
        .post(
            "/contracts/publish",
            json!({
                "pacticipantName": consumer, "pacticipantVersionNumber": version, "branch": branch,
                "contracts": [{"consumerName": consumer, "providerName": "UserService",
                    "specification": "pact", "contentType": "application/json",
                    "content": STANDARD.encode(pact.to_string())}]
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
}

async fn publish_oas(b: &TestBroker, version: &str, document: &str) -> Value {
    let reply = b
        .put(
            &format!("/contracts/provider/UserService/version/{version}"),
            json!({
                "content": STANDARD.encode(document), "contractType": "oas",
                "contentType": "application/yaml",
                "verificationResults": {"success": true, "content": STANDARD.encode("ok"),
                    "contentType": "text/plain", "verifier": "schemathesis"},
                "branch": "main",
            }),
        )
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    reply.body
}

fn notices(body: &Value) -> Vec<String> {
    body["notices"]
        .as_array()
        .unwrap()
        .iter()
        .map(|n| n["text"].as_str().unwrap().to_string())
        .collect()
}

/// `operation status part path: consumer (matcher), …` for each field of a field-usage reply.
fn usage_lines(body: &Value) -> Vec<String> {
    body["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| {
            let users: Vec<String> = f["usedBy"]
                .as_array()
                .unwrap()
                .iter()
                .map(|u| {
                    format!(
                        "{} {} ({})",
                        u["consumer"].as_str().unwrap(),
                        u["consumerVersion"].as_str().unwrap(),
                        u["matcher"].as_str().unwrap()
                    )
                })
                .collect();
            format!(
                "{} {} {} {}: {}",
                f["operation"].as_str().unwrap(),
                f["status"],
                f["part"].as_str().unwrap(),
                f["path"].as_str().unwrap(),
                users.join(", ")
            )
        })
        .collect()
}

async fn field_usage_counts_main_branch_and_deployed_pacts_only(db: Db) {
    let b = TestBroker::start(db).await;
    publish_oas(&b, "1.0.0", &spec("no-change", "old")).await;
    publish_pact(
        &b,
        "OrderService",
        "1",
        "main",
        &email_reader("OrderService", "UserService", "a request for user 42"),
    )
    .await;
    // BillingService's pact is on a feature branch: nobody relies on it yet.
    publish_pact(&b, "BillingService", "5", "feature-x", &name_reader()).await;

    let provider = b.get("/pacticipants/UserService").await;
    let link = path_of(&provider.body["_links"]["pb:field-usage"]["href"]);
    assert_eq!(link, "/pacticipants/UserService/field-usage");
    let usage = b.get(&link).await;
    assert_eq!(usage.status, 200, "{}", usage.text);
    assert_eq!(usage.body["openapiProviderVersion"], "1.0.0");
    assert_eq!(
        usage_lines(&usage.body),
        [
            "GET /users/{id} 200 response body $.email: OrderService 1 (regex '^\\S+@\\S+$')",
            "GET /users/{id} 200 response body $.id: OrderService 1 (integer)",
        ]
    );

    // Once deployed, BillingService's version counts.
    let prod = b.create_environment("production", true).await;
    assert_eq!(b.deploy("BillingService", "5", &prod).await.status, 201);
    let usage = b
        .get("/pacticipants/UserService/field-usage?path=/users/{id}&field=$.name")
        .await;
    assert_eq!(
        usage_lines(&usage.body),
        ["GET /users/{id} 200 response body $.name: BillingService 5 (type)"]
    );

    let unknown = b.get("/pacticipants/Nobody/field-usage").await;
    assert_eq!(unknown.status, 404);
}
on_every_database!(
    field_usage_counts_main_branch_and_deployed_pacts_only_on_each_database,
    field_usage_counts_main_branch_and_deployed_pacts_only
);

async fn a_new_document_renaming_a_relied_on_field_names_the_consumer_it_breaks(db: Db) {
    let b = TestBroker::start(db).await;
    publish_oas(&b, "1.0.0", &spec("response-property-renamed", "old")).await;
    publish_pact(
        &b,
        "OrderService",
        "1",
        "main",
        &email_reader("OrderService", "UserService", "a request for user 42"),
    )
    .await;
    publish_pact(&b, "BillingService", "3", "main", &name_reader()).await;

    let reply = publish_oas(&b, "2.0.0", &spec("response-property-renamed", "new")).await;
    let texts = notices(&reply);
    assert!(
        texts
            .iter()
            .any(|t| t == "Changes since the OpenAPI document of version 1.0.0: 2 breaking, 2 non-breaking"),
        "{texts:#?}"
    );
    assert!(
        texts.iter().any(|t| t
            == "  breaking: GET /users/{id} response 200 application/json $.email: property 'email' was removed (property-removed): breaks OrderService 1: interaction 'a request for user 42', response body $.email (regex '^\\S+@\\S+$')"),
        "{texts:#?}"
    );
    assert!(
        texts.iter().any(|t| t
            == "  breaking: POST /users response 201 application/json $.email: property 'email' was removed (property-removed): safe for today's consumers"),
        "{texts:#?}"
    );
    assert!(
        !texts.iter().any(|t| t.contains("breaks BillingService")),
        "{texts:#?}"
    );
}
on_every_database!(
    a_new_document_renaming_a_relied_on_field_names_the_consumer_it_breaks_on_each_database,
    a_new_document_renaming_a_relied_on_field_names_the_consumer_it_breaks
);

async fn a_breaking_change_nobody_relies_on_is_safe_for_todays_consumers(db: Db) {
    let b = TestBroker::start(db).await;
    publish_oas(&b, "1.0.0", &spec("response-enum-widened", "old")).await;
    publish_pact(
        &b,
        "OrderService",
        "1",
        "main",
        &email_reader("OrderService", "UserService", "a request for user 42"),
    )
    .await;
    let reply = publish_oas(&b, "2.0.0", &spec("response-enum-widened", "new")).await;
    let texts = notices(&reply);
    assert!(
        texts.iter().any(|t| t == "  breaking: GET /users/{id} response 200 application/json $.status: enum values added: \"deleted\" (enum-widened): safe for today's consumers"),
        "{texts:#?}"
    );
    assert!(!texts.iter().any(|t| t.contains("breaks ")), "{texts:#?}");
    let kinds: Vec<&str> = reply["notices"]
        .as_array()
        .unwrap()
        .iter()
        .filter_map(|n| n["type"].as_str())
        .collect();
    assert!(!kinds.contains(&"warning"), "{reply}");
}
on_every_database!(
    a_breaking_change_nobody_relies_on_is_safe_for_todays_consumers_on_each_database,
    a_breaking_change_nobody_relies_on_is_safe_for_todays_consumers
);

async fn a_deployed_consumer_off_the_main_branch_is_broken_too(db: Db) {
    let b = TestBroker::start(db).await;
    publish_oas(&b, "1.0.0", &spec("response-nullable-added", "old")).await;
    publish_pact(&b, "BillingService", "5", "release-2", &name_reader()).await;
    let before = publish_oas(&b, "1.1.0", &spec("response-nullable-added", "new")).await;
    assert!(
        !notices(&before)
            .iter()
            .any(|t| t.contains("breaks BillingService")),
        "{before}"
    );

    let prod = b.create_environment("production", true).await;
    assert_eq!(b.deploy("BillingService", "5", &prod).await.status, 201);
    let after = publish_oas(&b, "1.2.0", &spec("response-nullable-added", "old")).await;
    // 1.2.0 takes null away again: not breaking for readers. Then 1.3.0 adds it back.
    assert!(!notices(&after).iter().any(|t| t.contains("breaks ")), "{after}");
    let again = publish_oas(&b, "1.3.0", &spec("response-nullable-added", "new")).await;
    assert!(
        notices(&again).iter().any(|t| t.ends_with("(nullable-added): breaks BillingService 5: interaction 'a request for user 7', response body $.name (type)")),
        "{again}"
    );
}
on_every_database!(
    a_deployed_consumer_off_the_main_branch_is_broken_too_on_each_database,
    a_deployed_consumer_off_the_main_branch_is_broken_too
);
