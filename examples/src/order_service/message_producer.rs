//! The order service as a *message provider*: what it publishes, produced on request so the
//! verifier can check it against `notification-service`'s message pact.
//!
//! A verifier `POST`s `{"description": …, "providerStates": […]}`; the answer is the message
//! body, with its metadata base64-encoded JSON in `Pact-Message-Metadata`, as Pact message
//! verification expects.

use axum::extract::State;
use axum::extract::rejection::JsonRejection;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use base64::Engine;
use serde::Deserialize;
use serde_json::{Value, json};

use super::events::{ORDERS_TOPIC, OrderCreated, OrderLine};
use super::user_client::User;

/// The description of the `order.created` message in the pact.
pub const ORDER_CREATED_DESCRIPTION: &str = "an order.created event";

#[derive(Debug, Deserialize)]
struct MessageRequest {
    description: String,
    #[serde(rename = "providerStates", default)]
    provider_states: Vec<ProviderStateRequest>,
}

#[derive(Debug, Deserialize)]
struct ProviderStateRequest {
    #[serde(default)]
    params: Value,
}

/// How message descriptions are turned into messages.
#[derive(Debug, Clone, Copy, Default)]
pub struct MessageProducer {
    _private: (),
}

impl MessageProducer {
    /// The producer of the order service's real events.
    pub fn new() -> Self {
        Self::default()
    }

    /// The message for `description`, produced by the same code the service publishes with.
    pub fn produce(&self, description: &str, order_id: Option<i64>) -> Option<OrderCreated> {
        (description == ORDER_CREATED_DESCRIPTION).then(|| {
            let customer = User {
                id: 42,
                name: "Alice".into(),
                email: "alice@example.com".into(),
            };
            let items = vec![OrderLine {
                sku: "BOOK-1".into(),
                quantity: 2,
            }];
            OrderCreated::new(order_id.unwrap_or(1), customer, items)
        })
    }

    /// An HTTP endpoint (`POST /`) serving [`produce`](Self::produce) to a verifier.
    pub fn router(self) -> Router {
        Router::new().route("/", post(produce_message)).with_state(self)
    }
}

async fn produce_message(
    State(producer): State<MessageProducer>,
    request: Result<Json<MessageRequest>, JsonRejection>,
) -> Response {
    let Ok(Json(request)) = request else {
        let error = json!({ "error": "expected {\"description\": …, \"providerStates\": […]}" });
        return (StatusCode::BAD_REQUEST, Json(error)).into_response();
    };
    let order_id = request
        .provider_states
        .iter()
        .find_map(|state| state.params["order_id"].as_i64());
    let Some(event) = producer.produce(&request.description, order_id) else {
        let error =
            json!({ "error": format!("the order service publishes no message {:?}", request.description) });
        return (StatusCode::NOT_FOUND, Json(error)).into_response();
    };
    let metadata = json!({ "contentType": "application/json", "topic": ORDERS_TOPIC });
    let encoded = base64::engine::general_purpose::STANDARD.encode(metadata.to_string());
    let mut response = Json(event.to_json()).into_response();
    if let Ok(value) = HeaderValue::from_str(&encoded) {
        response.headers_mut().insert("pact-message-metadata", value);
    }
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static("application/json"));
    response
}
