//! user-service over real HTTP on loopback, backed by a real SQLite file.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use examples::user_service::{NewUser, RunningUserService, UserServiceConfig};
use serde_json::{Value, json};

async fn start(config: UserServiceConfig) -> (RunningUserService, tempfile::TempDir) {
    let dir = tempfile::tempdir().expect("temp dir");
    let service = common::start_user_service(dir.path(), config).await;
    (service, dir)
}

#[tokio::test]
async fn a_stored_user_is_read_back_with_id_name_and_email() {
    let (service, _dir) = start(UserServiceConfig::default()).await;
    common::store_alice(&service, 42).await;

    let response = reqwest::get(format!("{}/users/42", service.url())).await.unwrap();

    assert_eq!(response.status(), 200);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body,
        json!({ "id": 42, "name": "Alice", "email": "alice@example.com" })
    );
}

#[tokio::test]
async fn a_missing_user_is_a_404_with_a_message() {
    let (service, _dir) = start(UserServiceConfig::default()).await;

    let response = reqwest::get(format!("{}/users/7", service.url())).await.unwrap();

    assert_eq!(response.status(), 404);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body, json!({ "error": "no user with id 7" }));
}

#[tokio::test]
async fn a_non_numeric_id_is_a_400() {
    let (service, _dir) = start(UserServiceConfig::default()).await;

    let response = reqwest::get(format!("{}/users/abc", service.url()))
        .await
        .unwrap();

    assert_eq!(response.status(), 400);
}

#[tokio::test]
async fn posting_a_valid_user_stores_it_and_answers_201() {
    let (service, _dir) = start(UserServiceConfig::default()).await;
    let client = reqwest::Client::new();

    let response = client
        .post(format!("{}/users", service.url()))
        .json(&NewUser::new("Bob", "bob@example.com"))
        .send()
        .await
        .unwrap();

    assert_eq!(response.status(), 201);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["name"], "Bob");
    assert_eq!(body["email"], "bob@example.com");
    let id = body["id"].as_i64().expect("an integer id");
    let stored = service.store().find(id).await.unwrap().expect("stored");
    assert_eq!(stored.email, "bob@example.com");
}

#[tokio::test]
async fn posting_invalid_input_is_a_400_that_names_the_field_and_stores_nothing() {
    let (service, _dir) = start(UserServiceConfig::default()).await;
    let client = reqwest::Client::new();

    let invalid_email = client
        .post(format!("{}/users", service.url()))
        .json(&json!({ "name": "Bob", "email": "bob" }))
        .send()
        .await
        .unwrap();
    assert_eq!(invalid_email.status(), 400);
    let body: Value = invalid_email.json().await.unwrap();
    assert_eq!(
        body["error"],
        "field `email` is invalid: must look like local@domain"
    );

    let malformed = client
        .post(format!("{}/users", service.url()))
        .header("Content-Type", "application/json")
        .body("{not json")
        .send()
        .await
        .unwrap();
    assert_eq!(malformed.status(), 400);

    let missing_field = client
        .post(format!("{}/users", service.url()))
        .json(&json!({ "name": "Bob" }))
        .send()
        .await
        .unwrap();
    assert_eq!(missing_field.status(), 400);

    assert_eq!(service.store().count().await.unwrap(), 0);
}

#[tokio::test]
async fn the_breaking_change_renames_email_to_email_address() {
    let (service, _dir) = start(UserServiceConfig::default().with_breaking_change()).await;
    common::store_alice(&service, 1).await;

    let body: Value = reqwest::get(format!("{}/users/1", service.url()))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(
        body,
        json!({ "id": 1, "name": "Alice", "email_address": "alice@example.com" })
    );
}

#[tokio::test]
async fn users_survive_a_restart_on_the_same_file() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("users.sqlite");
    let first = RunningUserService::start(&path, UserServiceConfig::default())
        .await
        .unwrap();
    let created = first
        .store()
        .create(&NewUser::new("Carol", "carol@example.com"))
        .await
        .unwrap();
    drop(first);

    let second = RunningUserService::start(&path, UserServiceConfig::default())
        .await
        .unwrap();
    let body: Value = reqwest::get(format!("{}/users/{}", second.url(), created.id))
        .await
        .unwrap()
        .json()
        .await
        .unwrap();

    assert_eq!(body["name"], "Carol");
}
