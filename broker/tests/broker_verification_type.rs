//! `verificationType` in replies: a result the provider published by replaying the pact is
//! `pact`; one the broker recorded by checking the pact against the provider's OpenAPI document is
//! `bidirectional`. Both in the verification result resource and in each matrix / can-i-deploy row.
#![allow(clippy::unwrap_used)]

mod server_support;

use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::{Value, json};
use server_support::{Db, TestBroker, pact_json, path_of};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("../pact-openapi/tests/fixtures/openapi")
        .join(name);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The one matrix row between `consumer` `version` and `provider`.
async fn matrix_row(b: &TestBroker, consumer: &str, version: &str, provider: &str) -> Value {
    let reply = b
        .get(&format!(
            "/matrix?q[][pacticipant]={consumer}&q[][version]={version}&latestby=cvpv"
        ))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let rows: Vec<&Value> = reply.body["matrix"]
        .as_array()
        .unwrap()
        .iter()
        .filter(|r| r["provider"]["name"] == provider)
        .collect();
    assert_eq!(rows.len(), 1, "{}", reply.text);
    rows[0].clone()
}

async fn bidirectional_results_say_so(db: Db) {
    let b = TestBroker::start(db).await;
    let prod = b.create_environment("production", true).await;
    let oas = b
        .put(
            "/contracts/provider/UserService/version/1.0.0",
            json!({
                "content": STANDARD.encode(fixture("user-service.yaml")),
                "contractType": "oas",
                "contentType": "application/yaml",
                "verificationResults": {
                    "success": true, "content": STANDARD.encode("42 tests, 0 failures"),
                    "contentType": "text/plain", "verifier": "schemathesis",
                },
                "branch": "main",
            }),
        )
        .await;
    assert_eq!(oas.status, 200, "{}", oas.text);
    assert_eq!(b.deploy("UserService", "1.0.0", &prod).await.status, 201);
    let pact: Value = serde_json::from_str(&fixture("user-service-pact.json")).unwrap();
    let published = b
        .post(
            "/contracts/publish",
            json!({
                "pacticipantName": "OrderService",
                "pacticipantVersionNumber": "2.0.0",
                "contracts": [{
                    "consumerName": "OrderService", "providerName": "UserService",
                    "specification": "pact", "contentType": "application/json",
                    "content": STANDARD.encode(pact.to_string()),
                }]
            }),
        )
        .await;
    assert_eq!(published.status, 200, "{}", published.text);

    let row = matrix_row(&b, "OrderService", "2.0.0", "UserService").await;
    let result = &row["verificationResult"];
    assert_eq!(result["success"], true, "{row}");
    assert_eq!(result["verificationType"], "bidirectional", "{row}");
    let shown = b.get(&path_of(&result["_links"]["self"]["href"])).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    assert_eq!(shown.body["verificationType"], "bidirectional", "{}", shown.text);

    let decision = b
        .get("/can-i-deploy?pacticipant=OrderService&version=2.0.0&environment=production")
        .await;
    assert_eq!(decision.status, 200, "{}", decision.text);
    assert_eq!(
        decision.body["matrix"][0]["verificationResult"]["verificationType"], "bidirectional",
        "{}",
        decision.text
    );
}
on_every_database!(
    bidirectional_results_say_so_on_each_database,
    bidirectional_results_say_so
);

async fn replayed_results_say_pact(db: Db) {
    let b = TestBroker::start(db).await;
    let reply = b
        .publish("Web", "1.0.0", "Api", Some("main"), &[], &json!({ "id": 1 }))
        .await;
    assert_eq!(reply.status, 200, "{}", reply.text);
    let posted = b.verify("Api", "Web", "1.0.0", "7.0.0", true).await;
    assert_eq!(posted.status, 201, "{}", posted.text);
    assert_eq!(posted.body["verificationType"], "pact", "{}", posted.text);

    let shown = b.get(&path_of(&posted.body["_links"]["self"]["href"])).await;
    assert_eq!(shown.status, 200, "{}", shown.text);
    assert_eq!(shown.body["verificationType"], "pact");
    let sha_link = b
        .get("/pacts/provider/Api/consumer/Web/version/1.0.0")
        .await
        .body["_links"]["pb:latest-verification-results"]["href"]
        .clone();
    let latest = b.get(&path_of(&sha_link)).await;
    assert_eq!(latest.status, 200, "{}", latest.text);
    assert_eq!(latest.body["verificationType"], "pact");

    let row = matrix_row(&b, "Web", "1.0.0", "Api").await;
    assert_eq!(row["verificationResult"]["verificationType"], "pact", "{row}");
    // A pact without a result has no verification result at all.
    let unverified = pact_json("Web", "Other", &json!({ "id": 2 }));
    let put = b
        .put("/pacts/provider/Other/consumer/Web/version/1.0.0", unverified)
        .await;
    assert_eq!(put.status, 201, "{}", put.text);
    let row = matrix_row(&b, "Web", "1.0.0", "Other").await;
    assert_eq!(row["verificationResult"], Value::Null, "{row}");
}
on_every_database!(
    replayed_results_say_pact_on_each_database,
    replayed_results_say_pact
);
