//! The consumer side of the contracts: each scenario runs a consumer's real code against
//! pact-consumer's mock and, when every expectation held, writes the pact file.
//!
//! The interactions are public functions so the consumer tests can use them one at a time, and
//! [`write_order_service_pact`] / [`write_notification_service_pact`] run them all (for the
//! provider test and the demo).

use std::path::{Path, PathBuf};

use pact_consumer::prelude::*;
use pact_consumer::{FinishError, MessageError};

use super::{
    ALICE_EMAIL, ALICE_NAME, EMAIL_PATTERN, MISSING_USER_ID, NOTIFICATION_SERVICE, ORDER_PLACED,
    ORDER_SERVICE, USER_EXISTS, USER_MISSING, USER_SERVICE,
};
use crate::notification_service::NotificationService;
use crate::order_service::{NewUser, ORDER_CREATED_DESCRIPTION, ORDERS_TOPIC, UserClient, UserClientError};

/// Description of `GET /users/42` when the user exists.
pub const GET_USER: &str = "a request for user 42";
/// Description of `GET /users/7` when the user does not exist.
pub const GET_MISSING_USER: &str = "a request for a user that does not exist";
/// Description of a valid `POST /users`.
pub const REGISTER_USER: &str = "a request to register a user";
/// Description of an invalid `POST /users`.
pub const REGISTER_INVALID_USER: &str = "a request to register a user without a name";

/// `GET /users/42` given `user 42 exists` with `{"id": 42}`: 200 with id, name and email.
pub fn get_user(i: InteractionBuilder) -> InteractionBuilder {
    i.given_with_params(USER_EXISTS, json!({ "id": 42 }))
        .request(|r| r.get("/users/42").header("Accept", "application/json"))
        .response(|r| {
            r.ok()
                .header("Content-Type", "application/json")
                .json_body(pact_json!({
                    "id": integer(42),
                    "name": like(ALICE_NAME),
                    "email": term(EMAIL_PATTERN, ALICE_EMAIL),
                }))
        })
}

/// `GET /users/7` given `user 7 does not exist` with `{"id": 7}`: 404.
pub fn get_missing_user(i: InteractionBuilder) -> InteractionBuilder {
    i.given_with_params(USER_MISSING, json!({ "id": MISSING_USER_ID }))
        .request(|r| {
            r.get(format!("/users/{MISSING_USER_ID}"))
                .header("Accept", "application/json")
        })
        .response(|r| r.not_found())
}

/// `POST /users` with a name and an email: 201 with the new user's id.
pub fn register_user(i: InteractionBuilder) -> InteractionBuilder {
    i.request(|r| {
        r.post("/users")
            .header("Accept", "application/json")
            .json_body(pact_json!({ "name": "Bob", "email": "bob@example.com" }))
    })
    .response(|r| {
        r.created().json_body(pact_json!({
            "id": integer(43),
            "name": like("Bob"),
            "email": term(EMAIL_PATTERN, "bob@example.com"),
        }))
    })
}

/// `POST /users` with a blank name: 400 with an `error` message.
pub fn register_invalid_user(i: InteractionBuilder) -> InteractionBuilder {
    i.request(|r| {
        r.post("/users")
            .header("Accept", "application/json")
            .json_body(pact_json!({ "name": "", "email": "bob@example.com" }))
    })
    .response(|r| {
        r.bad_request()
            .json_body(pact_json!({ "error": like("field `name` is invalid: must not be blank") }))
    })
}

/// The `order.created` event given `an order was placed` with `{"order_id": 1}`: what
/// `notification-service` reads from it.
pub fn order_created(m: MessageBuilder) -> MessageBuilder {
    m.given_with_params(ORDER_PLACED, json!({ "order_id": 1 }))
        .json_body(pact_json!({
            "order_id": integer(1),
            "customer": {
                "name": like(ALICE_NAME),
                "email": term(EMAIL_PATTERN, ALICE_EMAIL),
            },
            "items": each_like(pact_json!({ "sku": like("BOOK-1"), "quantity": integer(2) })),
        }))
        .metadata("topic", ORDERS_TOPIC)
}

/// A consumer scenario that did not go as its test expects.
#[derive(Debug, thiserror::Error)]
pub enum ScenarioError {
    /// The consumer's client failed where the scenario expects success (or the reverse).
    #[error("scenario '{scenario}': {problem}")]
    UnexpectedOutcome {
        /// The interaction's description.
        scenario: &'static str,
        /// What happened instead, in words.
        problem: String,
    },
    /// The mock server saw missing or unexpected requests, or the pact could not be written.
    #[error("the mock provider's check failed:\n{0}")]
    MockServer(#[from] FinishError),
    /// The message handler rejected a message, or the pact could not be written.
    #[error(transparent)]
    Message(#[from] MessageError),
}

fn unexpected(scenario: &'static str, problem: impl std::fmt::Display) -> ScenarioError {
    ScenarioError::UnexpectedOutcome {
        scenario,
        problem: problem.to_string(),
    }
}

/// The `OrderService` → `UserService` pact with every interaction the order service relies on.
pub fn order_service_pact(pact_dir: &Path) -> PactBuilder {
    PactBuilder::new(ORDER_SERVICE, USER_SERVICE)
        .output_dir(pact_dir)
        .interaction(GET_USER, get_user)
        .interaction(GET_MISSING_USER, get_missing_user)
        .interaction(REGISTER_USER, register_user)
        .interaction(REGISTER_INVALID_USER, register_invalid_user)
}

/// Runs order-service's real [`UserClient`] through every scenario against the mock provider
/// and writes `OrderService-UserService.json` into `pact_dir`; returns its path.
pub async fn write_order_service_pact(pact_dir: &Path) -> Result<PathBuf, ScenarioError> {
    let mock = order_service_pact(pact_dir).start_mock_server().await;
    let client = UserClient::new(mock.url());

    let alice = client.user(42).await.map_err(|e| unexpected(GET_USER, e))?;
    if alice.name != ALICE_NAME || alice.email != ALICE_EMAIL {
        return Err(unexpected(GET_USER, format!("read {alice:?}")));
    }
    match client.user(MISSING_USER_ID).await {
        Err(UserClientError::NotFound { .. }) => {}
        other => {
            return Err(unexpected(
                GET_MISSING_USER,
                format!("expected NotFound, got {other:?}"),
            ));
        }
    }
    let bob = NewUser {
        name: "Bob".into(),
        email: "bob@example.com".into(),
    };
    client
        .create_user(&bob)
        .await
        .map_err(|e| unexpected(REGISTER_USER, e))?;
    let nameless = NewUser {
        name: String::new(),
        email: "bob@example.com".into(),
    };
    match client.create_user(&nameless).await {
        Err(UserClientError::Rejected { status, .. }) if status == 400 => {}
        other => {
            return Err(unexpected(
                REGISTER_INVALID_USER,
                format!("expected a 400 refusal, got {other:?}"),
            ));
        }
    }

    let path = mock.finish()?;
    path.ok_or_else(|| unexpected(GET_USER, "the mock server wrote no pact file"))
}

/// The `NotificationService` ← `OrderService` message pact.
pub fn notification_service_pact(pact_dir: &Path) -> PactBuilder {
    PactBuilder::new(NOTIFICATION_SERVICE, ORDER_SERVICE)
        .output_dir(pact_dir)
        .message_interaction(ORDER_CREATED_DESCRIPTION, order_created)
}

/// Hands every message of the notification pact to notification-service's real handler and
/// writes `NotificationService-OrderService.json` into `pact_dir`; returns its path.
pub fn write_notification_service_pact(pact_dir: &Path) -> Result<PathBuf, ScenarioError> {
    let service = NotificationService::new();
    let path = notification_service_pact(pact_dir)
        .verify_messages(|message| service.handle_order_created(&message.contents).map(|_| ()))?;
    Ok(path)
}

/// Where the consumer scenarios wrote their pacts.
#[derive(Debug, Clone)]
pub struct ConsumerPacts {
    /// `OrderService-UserService.json`.
    pub order_service: PathBuf,
    /// `NotificationService-OrderService.json`.
    pub notification_service: PathBuf,
}

/// Runs every consumer scenario, writing both pacts into `pact_dir`.
pub async fn write_all_pacts(pact_dir: &Path) -> Result<ConsumerPacts, ScenarioError> {
    let order_service = write_order_service_pact(pact_dir).await?;
    let notification_service = write_notification_service_pact(pact_dir)?;
    Ok(ConsumerPacts {
        order_service,
        notification_service,
    })
}
