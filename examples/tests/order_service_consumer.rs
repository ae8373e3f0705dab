//! Consumer tests of order-service: its real `UserClient` against pact-consumer's mock provider.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

use examples::contracts::consumer::{self, GET_MISSING_USER, GET_USER, REGISTER_INVALID_USER, REGISTER_USER};
use examples::contracts::{ORDER_SERVICE, USER_SERVICE};
use examples::order_service::{NewUser, UserClient, UserClientError};
use pact_consumer::prelude::*;
use serde_json::Value;

fn pact_with(dir: &std::path::Path) -> PactBuilder {
    PactBuilder::new(ORDER_SERVICE, USER_SERVICE).output_dir(dir)
}

#[tokio::test]
async fn order_service_reads_an_existing_user() {
    let dir = tempfile::tempdir().unwrap();
    let mock = pact_with(dir.path())
        .interaction(GET_USER, consumer::get_user)
        .start_mock_server()
        .await;

    let user = UserClient::new(mock.url()).user(42).await.unwrap();

    assert_eq!(user.id, 42);
    assert_eq!(user.name, "Alice");
    assert_eq!(user.email, "alice@example.com");
    mock.finish().unwrap();
}

#[tokio::test]
async fn order_service_reports_a_missing_user() {
    let dir = tempfile::tempdir().unwrap();
    let mock = pact_with(dir.path())
        .interaction(GET_MISSING_USER, consumer::get_missing_user)
        .start_mock_server()
        .await;

    let err = UserClient::new(mock.url()).user(7).await.unwrap_err();

    assert!(matches!(err, UserClientError::NotFound { id: 7 }), "{err:?}");
    mock.finish().unwrap();
}

#[tokio::test]
async fn order_service_registers_a_guest_customer() {
    let dir = tempfile::tempdir().unwrap();
    let mock = pact_with(dir.path())
        .interaction(REGISTER_USER, consumer::register_user)
        .start_mock_server()
        .await;

    let bob = NewUser {
        name: "Bob".into(),
        email: "bob@example.com".into(),
    };
    let created = UserClient::new(mock.url()).create_user(&bob).await.unwrap();

    assert_eq!(created.id, 43);
    assert_eq!(created.name, "Bob");
    mock.finish().unwrap();
}

#[tokio::test]
async fn order_service_passes_on_the_reason_for_a_refused_registration() {
    let dir = tempfile::tempdir().unwrap();
    let mock = pact_with(dir.path())
        .interaction(REGISTER_INVALID_USER, consumer::register_invalid_user)
        .start_mock_server()
        .await;

    let nameless = NewUser {
        name: String::new(),
        email: "bob@example.com".into(),
    };
    let err = UserClient::new(mock.url())
        .create_user(&nameless)
        .await
        .unwrap_err();

    assert_eq!(
        err.to_string(),
        "user-service refused POST /users with 400 Bad Request: field `name` is invalid: must not be blank"
    );
    mock.finish().unwrap();
}

#[tokio::test]
async fn a_client_that_calls_the_wrong_path_fails_the_consumer_test_with_a_readable_report() {
    let dir = tempfile::tempdir().unwrap();
    let mock = pact_with(dir.path())
        .interaction(GET_USER, consumer::get_user)
        .start_mock_server()
        .await;

    // Asks for user 43, which the pact does not describe: the mock answers with an error
    // and the final check names both the missing and the unexpected request.
    let _ = UserClient::new(mock.url()).user(43).await;
    let failure = mock.finish().unwrap_err().to_string();

    assert!(failure.contains(GET_USER), "{failure}");
    assert!(failure.contains("GET /users/43"), "{failure}");
    assert!(
        !dir.path().join("OrderService-UserService.json").exists(),
        "a failing test must not write the pact"
    );
}

#[tokio::test]
async fn all_scenarios_write_one_pact_with_matchers_and_provider_state_params() {
    let dir = tempfile::tempdir().unwrap();

    let path = consumer::write_order_service_pact(dir.path()).await.unwrap();

    assert_eq!(path, dir.path().join("OrderService-UserService.json"));
    let pact: Value = serde_json::from_str(&std::fs::read_to_string(&path).unwrap()).unwrap();
    assert_eq!(pact["consumer"]["name"], "OrderService");
    assert_eq!(pact["provider"]["name"], "UserService");
    let interactions = pact["interactions"].as_array().unwrap();
    let descriptions: Vec<&str> = interactions
        .iter()
        .map(|i| i["description"].as_str().unwrap())
        .collect();
    for expected in [GET_USER, GET_MISSING_USER, REGISTER_USER, REGISTER_INVALID_USER] {
        assert!(
            descriptions.contains(&expected),
            "{expected} missing from {descriptions:?}"
        );
    }
    let get_user = interactions
        .iter()
        .find(|i| i["description"] == GET_USER)
        .unwrap();
    assert_eq!(get_user["providerStates"][0]["name"], "user 42 exists");
    assert_eq!(get_user["providerStates"][0]["params"]["id"], 42);
    let body_rules = &get_user["response"]["matchingRules"]["body"];
    assert_eq!(body_rules["$.id"]["matchers"][0]["match"], "integer");
    assert_eq!(body_rules["$.name"]["matchers"][0]["match"], "type");
    assert_eq!(body_rules["$.email"]["matchers"][0]["match"], "regex");
}
