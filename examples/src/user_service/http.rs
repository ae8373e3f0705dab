//! The user service's routes: `GET /users/{id}`, `POST /users`.

use axum::extract::rejection::{JsonRejection, PathRejection};
use axum::extract::{Path, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::{get, post};
use axum::{Json, Router};
use serde_json::{Value, json};

use super::model::{InvalidUser, NewUser, User};
use super::store::StoreError;
use super::{AppState, UserServiceConfig};

/// Everything a request can fail with, and the answer each one gets.
#[derive(Debug, thiserror::Error)]
pub(crate) enum ApiError {
    #[error("no user with id {0}")]
    UserNotFound(i64),
    #[error("the user id in the path must be an integer")]
    BadUserId,
    #[error("the body must be a JSON object with string fields `name` and `email`: {0}")]
    MalformedBody(String),
    #[error(transparent)]
    InvalidUser(#[from] InvalidUser),
    #[error(transparent)]
    Store(#[from] StoreError),
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let status = match self {
            ApiError::UserNotFound(_) => StatusCode::NOT_FOUND,
            ApiError::BadUserId | ApiError::MalformedBody(_) | ApiError::InvalidUser(_) => {
                StatusCode::BAD_REQUEST
            }
            ApiError::Store(_) => StatusCode::INTERNAL_SERVER_ERROR,
        };
        (status, Json(json!({ "error": self.to_string() }))).into_response()
    }
}

pub(crate) fn routes(state: AppState) -> Router {
    Router::new()
        .route("/users", post(create_user))
        .route("/users/{id}", get(get_user))
        .with_state(state)
}

/// The JSON a client sees for a user. The breaking change renames `email`.
fn render(user: &User, config: &UserServiceConfig) -> Value {
    let email_field = if config.breaking_change {
        "email_address"
    } else {
        "email"
    };
    let mut body = serde_json::Map::new();
    body.insert("id".into(), json!(user.id));
    body.insert("name".into(), json!(user.name));
    body.insert(email_field.into(), json!(user.email));
    Value::Object(body)
}

async fn get_user(
    State(state): State<AppState>,
    id: Result<Path<i64>, PathRejection>,
) -> Result<Json<Value>, ApiError> {
    let Path(id) = id.map_err(|_| ApiError::BadUserId)?;
    let user = state.store.find(id).await?.ok_or(ApiError::UserNotFound(id))?;
    Ok(Json(render(&user, &state.config)))
}

async fn create_user(
    State(state): State<AppState>,
    body: Result<Json<NewUser>, JsonRejection>,
) -> Result<(StatusCode, Json<Value>), ApiError> {
    let Json(new_user) = body.map_err(|e| ApiError::MalformedBody(e.body_text()))?;
    new_user.validate()?;
    let user = state.store.create(&new_user).await?;
    Ok((StatusCode::CREATED, Json(render(&user, &state.config))))
}
