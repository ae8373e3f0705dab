//! order-service over real HTTP, calling a real user-service; the notification service reading
//! the events it publishes.

#![allow(clippy::unwrap_used)] // tests fail loudly on purpose

mod common;

use examples::notification_service::NotificationService;
use examples::order_service::{ORDER_CREATED, RunningOrderService, UserClient, UserClientError};
use examples::user_service::{RunningUserService, UserServiceConfig};
use serde_json::{Value, json};

struct System {
    users: RunningUserService,
    orders: RunningOrderService,
    _dir: tempfile::TempDir,
}

async fn start(config: UserServiceConfig) -> System {
    let dir = tempfile::tempdir().expect("temp dir");
    let users = common::start_user_service(dir.path(), config).await;
    common::store_alice(&users, 42).await;
    let orders = RunningOrderService::start(users.url())
        .await
        .expect("orders start");
    System {
        users,
        orders,
        _dir: dir,
    }
}

async fn post_order(system: &System, body: Value) -> reqwest::Response {
    reqwest::Client::new()
        .post(format!("{}/orders", system.orders.url()))
        .json(&body)
        .send()
        .await
        .unwrap()
}

#[tokio::test]
async fn the_user_client_reads_a_user_and_reports_a_missing_one() {
    let system = start(UserServiceConfig::default()).await;
    let client = UserClient::new(system.users.url());

    let alice = client.user(42).await.unwrap();
    assert_eq!(
        (alice.id, alice.name.as_str(), alice.email.as_str()),
        (42, "Alice", "alice@example.com")
    );

    let missing = client.user(7).await.unwrap_err();
    assert!(matches!(missing, UserClientError::NotFound { id: 7 }));
    assert_eq!(missing.to_string(), "user-service has no user with id 7");
}

#[tokio::test]
async fn the_user_client_reports_refused_registrations_with_the_servers_reason() {
    let system = start(UserServiceConfig::default()).await;
    let client = UserClient::new(system.users.url());

    let err = client
        .create_user(&examples::order_service::NewUser {
            name: "".into(),
            email: "x@example.com".into(),
        })
        .await
        .unwrap_err();

    assert_eq!(
        err.to_string(),
        "user-service refused POST /users with 400 Bad Request: field `name` is invalid: must not be blank"
    );
}

#[tokio::test]
async fn placing_an_order_for_a_known_user_publishes_order_created_for_notifications() {
    let system = start(UserServiceConfig::default()).await;

    let response = post_order(
        &system,
        json!({ "user_id": 42, "items": [{ "sku": "BOOK-1", "quantity": 2 }] }),
    )
    .await;

    assert_eq!(response.status(), 201);
    let order: Value = response.json().await.unwrap();
    assert_eq!(order["user_id"], 42);
    assert_eq!(order["status"], "created");
    let events = system.orders.outbox().published();
    assert_eq!(events.len(), 1);
    assert_eq!(events[0].kind, ORDER_CREATED);
    assert_eq!(events[0].customer.email, "alice@example.com");

    let notifications = NotificationService::new();
    let message = serde_json::to_vec(&events[0].to_json()).unwrap();
    let email = notifications.handle_order_created(&message).unwrap();
    assert_eq!(email.to, "alice@example.com");
    assert_eq!(email.body, "Hello Alice, we received your order of 2 items.");
}

#[tokio::test]
async fn a_guest_checkout_registers_the_customer_in_user_service() {
    let system = start(UserServiceConfig::default()).await;

    let response = post_order(
        &system,
        json!({ "customer": { "name": "Dan", "email": "dan@example.com" }, "items": [{ "sku": "PEN", "quantity": 1 }] }),
    )
    .await;

    assert_eq!(response.status(), 201);
    let order: Value = response.json().await.unwrap();
    let user_id = order["user_id"].as_i64().unwrap();
    let stored = system
        .users
        .store()
        .find(user_id)
        .await
        .unwrap()
        .expect("registered");
    assert_eq!(stored.name, "Dan");
}

#[tokio::test]
async fn an_order_for_an_unknown_user_is_refused_with_422() {
    let system = start(UserServiceConfig::default()).await;

    let response = post_order(
        &system,
        json!({ "user_id": 7, "items": [{ "sku": "BOOK-1", "quantity": 1 }] }),
    )
    .await;

    assert_eq!(response.status(), 422);
    let body: Value = response.json().await.unwrap();
    assert_eq!(
        body["error"],
        "unknown customer: user-service has no user with id 7"
    );
    assert!(system.orders.outbox().published().is_empty());
}

#[tokio::test]
async fn malformed_orders_are_400s() {
    let system = start(UserServiceConfig::default()).await;
    for body in [
        json!({ "user_id": 42, "items": [] }),
        json!({ "items": [{ "sku": "A", "quantity": 1 }] }),
        json!({ "user_id": 42 }),
        json!({ "user_id": 42, "items": [{ "sku": "A", "quantity": 0 }] }),
    ] {
        let response = post_order(&system, body.clone()).await;
        assert_eq!(response.status(), 400, "for {body}");
    }
}

#[tokio::test]
async fn after_the_breaking_change_the_order_service_cannot_read_users() {
    let system = start(UserServiceConfig::default().with_breaking_change()).await;

    let response = post_order(
        &system,
        json!({ "user_id": 42, "items": [{ "sku": "BOOK-1", "quantity": 1 }] }),
    )
    .await;

    assert_eq!(response.status(), 502);
    let body: Value = response.json().await.unwrap();
    let error = body["error"].as_str().unwrap();
    assert!(
        error.starts_with("user-service answered GET /users/42 with a body that is not a user"),
        "{error}"
    );
}

#[tokio::test]
async fn the_router_answers_an_unknown_order_with_404_in_process() {
    use tower::ServiceExt;
    let app = examples::order_service::app(examples::order_service::AppState::new("http://127.0.0.1:9"));

    let response = app
        .oneshot(
            axum::http::Request::get("/orders/5")
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await
        .unwrap();

    assert_eq!(response.status(), 404);
}
