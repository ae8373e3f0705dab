//! Verifying message interactions: the provider is asked for each message over HTTP.

#![allow(clippy::unwrap_used)]

mod support;

use pact_verifier::{InteractionError, InteractionOutcome, VerificationReport, Verifier};
use serde_json::{Value, json};
use support::{TestProvider, fixture};

/// Verifies a V3 pact from OrderEvents holding the one `message` against the test provider.
async fn verify_one_message(provider: &TestProvider, message: Value) -> VerificationReport {
    let pact = json!({
        "consumer": {"name": "OrderEvents"}, "provider": {"name": "UserService"},
        "messages": [message],
        "metadata": {"pactSpecification": {"version": "3.0.0"}}
    });
    let pact = pact_core::Pact::from_json_str(&pact.to_string()).unwrap();
    Verifier::new("UserService")
        .pact(pact)
        .provider_url(&provider.url)
        .verify()
        .await
}

#[tokio::test]
async fn a_v3_message_pact_is_verified_by_asking_the_provider_for_the_message() {
    let provider = TestProvider::start();
    let report = Verifier::new("UserService")
        .pact_file(fixture("v3-message-OrderEvents-UserService.json"))
        .provider_url(&provider.url)
        .state("an order exists", |params| async move {
            assert_eq!(params["orderId"], 7);
        })
        .verify()
        .await;
    report.assert_passed();
    assert_eq!(
        provider.db.requests(),
        vec!["POST / an order created event".to_string()]
    );
    let text = report.to_string();
    assert!(text.contains("generates a message which"), "{text}");
    assert!(text.contains("has matching metadata (OK)"), "{text}");
}

#[tokio::test]
async fn a_message_the_provider_does_not_know_is_an_error_with_the_providers_answer() {
    let provider = TestProvider::start();
    let report = verify_one_message(
        &provider,
        json!({"description": "a refund event", "contents": {"refund": 1}}),
    )
    .await;
    assert!(!report.passed());
    let outcome = &report.pacts[0].interactions[0].outcome;
    assert_eq!(
        outcome,
        &InteractionOutcome::Error(InteractionError::Provider {
            message: "the provider answered HTTP 404 when asked for the message: unknown message".into()
        })
    );
}

#[tokio::test]
async fn a_message_that_differs_is_reported_with_its_path() {
    let provider = TestProvider::start();
    let report = verify_one_message(
        &provider,
        json!({"description": "an order created event",
            "contents": {"orderId": 7, "status": "shipped"},
            "metaData": {"contentType": "application/json", "topic": "orders"}}),
    )
    .await;
    assert!(!report.passed());
    let text = report.to_string();
    assert!(text.contains("has matching metadata (OK)"), "{text}");
    assert!(text.contains("has a matching body (FAILED)"), "{text}");
    assert!(text.contains("1.1) $.status:"), "{text}");
}

#[tokio::test]
async fn message_metadata_from_the_header_is_matched() {
    let provider = TestProvider::start();
    let report = verify_one_message(
        &provider,
        json!({"description": "an order created event",
            "contents": {"orderId": 7, "status": "created"},
            "metaData": {"contentType": "application/json", "topic": "payments"}}),
    )
    .await;
    let text = report.to_string();
    assert!(!report.passed(), "{text}");
    assert!(text.contains("has matching metadata (FAILED)"), "{text}");
    assert!(text.contains("metadata 'topic'"), "{text}");
}

#[tokio::test]
async fn a_v4_synchronous_message_sends_the_request_message_and_matches_the_response() {
    let provider = TestProvider::start();
    let db = provider.db.clone();
    let pact = pact_core::Pact::from_json_str(
        r#"{"consumer": {"name": "UserWeb"}, "provider": {"name": "UserService"},
            "interactions": [{"type": "Synchronous/Messages", "description": "a user lookup",
                "providerStates": [{"name": "user 42 exists"}],
                "request": {"contents": {"contentType": "application/json", "encoded": false, "content": {"id": 42}}},
                "response": [{"contents": {"contentType": "application/json", "encoded": false, "content": {"id": 42, "name": "Alice"}}}]}],
            "metadata": {"pactSpecification": {"version": "4.0"}}}"#,
    )
    .unwrap();
    let verify = |name: &'static str| {
        let db = db.clone();
        Verifier::new("UserService")
            .pact(pact.clone())
            .provider_url(&provider.url)
            .state("user 42 exists", move |_p| {
                let db = db.clone();
                async move { db.insert_user(42, name) }
            })
            .verify()
    };
    verify("Alice").await.assert_passed();
    let report = verify("Mallory").await;
    assert!(!report.passed());
    assert!(report.to_string().contains("1.1) $.name:"), "{report}");
}
