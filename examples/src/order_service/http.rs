//! The order service's routes: `POST /orders`, `GET /orders/{id}`, `GET /events`.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde::Deserialize;
use serde_json::json;

use super::events::{OrderCreated, OrderLine};
use super::user_client::{NewUser, UserClientError};
use super::{AppState, Order};

#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error("the body must be JSON with `items` and either `user_id` or `customer`: {0}")]
    MalformedBody(String),
    #[error("give exactly one of `user_id` and `customer`")]
    AmbiguousCustomer,
    #[error("an order needs at least one item, each with a quantity of at least 1")]
    NoItems,
    #[error("no order with id {0}")]
    OrderNotFound(i64),
    #[error("the order id in the path must be an integer")]
    BadOrderId,
    #[error("unknown customer: {0}")]
    UnknownCustomer(UserClientError),
    #[error("{0}")]
    UserService(UserClientError),
}

impl From<UserClientError> for ApiError {
    fn from(error: UserClientError) -> Self {
        match error {
            UserClientError::NotFound { .. } | UserClientError::Rejected { .. } => {
                ApiError::UnknownCustomer(error)
            }
            other => ApiError::UserService(other),
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match self {
            ApiError::MalformedBody(_)
            | ApiError::AmbiguousCustomer
            | ApiError::NoItems
            | ApiError::BadOrderId => StatusCode::BAD_REQUEST,
            ApiError::OrderNotFound(_) => StatusCode::NOT_FOUND,
            ApiError::UnknownCustomer(_) => StatusCode::UNPROCESSABLE_ENTITY,
            ApiError::UserService(_) => StatusCode::BAD_GATEWAY,
        };
        (status, Json(json!({ "error": self.to_string() }))).into_response()
    }
}

/// `POST /orders`: an existing user's id, or a new customer to register.
#[derive(Debug, Deserialize)]
struct PlaceOrder {
    user_id: Option<i64>,
    customer: Option<NewUser>,
    items: Vec<OrderLine>,
}

pub(crate) fn routes(state: AppState) -> Router {
    Router::new()
        .route("/orders", post(place_order))
        .route("/orders/{id}", get(get_order))
        .route("/events", get(list_events))
        .with_state(state)
}

async fn place_order(
    State(state): State<AppState>,
    body: Result<Json<PlaceOrder>, JsonRejection>,
) -> Result<(StatusCode, Json<Order>), ApiError> {
    let Json(request) = body.map_err(|e| ApiError::MalformedBody(e.body_text()))?;
    if request.items.is_empty() || request.items.iter().any(|line| line.quantity == 0) {
        return Err(ApiError::NoItems);
    }
    let customer = match (request.user_id, request.customer) {
        (Some(id), None) => state.users.user(id).await?,
        (None, Some(new_user)) => state.users.create_user(&new_user).await?,
        _ => return Err(ApiError::AmbiguousCustomer),
    };
    let order = state.orders.place(customer.id, request.items.clone());
    state
        .outbox
        .publish(OrderCreated::new(order.id, customer, request.items));
    Ok((StatusCode::CREATED, Json(order)))
}

async fn get_order(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Order>, ApiError> {
    let Path(id) = id.map_err(|_| ApiError::BadOrderId)?;
    state.orders.find(id).map(Json).ok_or(ApiError::OrderNotFound(id))
}

async fn list_events(State(state): State<AppState>) -> Json<Vec<serde_json::Value>> {
    Json(
        state
            .outbox
            .published()
            .iter()
            .map(OrderCreated::to_json)
            .collect(),
    )
}
