//! The API-token admin API (admin role): `GET/POST /admin/tokens`, `GET/DELETE /admin/tokens/{name}`.
//! A created token's secret appears once, in the 201 reply; listings never show secrets.

use axum::Router;
use axum::body::Bytes;
use axum::extract::{Path, State};
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::Response;
use axum::routing::get;
use pact_broker_api::{ApiToken as WireToken, ApiTokenList, ApiTokenListEmbedded, Links};
use serde::Deserialize;

use super::AppState;
use super::error::{ApiError, parse_body};
use super::hal::{Base, enc, hal_response, named_link, no_content, ok_typed, titled_link};
use crate::auth::Role;
use crate::auth::tokens::{self, ApiToken, TokenError};

pub(super) fn routes() -> Router<AppState> {
    Router::new()
        .route("/admin/tokens", get(list).post(create))
        .route("/admin/tokens/{name}", get(show).delete(revoke))
}

fn tokens_url(base: &Base) -> String {
    format!("{}/admin/tokens", base.0)
}

fn render(base: &Base, token: &ApiToken) -> WireToken {
    WireToken {
        name: token.name.clone(),
        role: token.role.as_str().to_string(),
        created_at: token.created_at.clone(),
        links: Links::new()
            .with(
                "self",
                named_link(
                    format!("{}/{}", tokens_url(base), enc(&token.name)),
                    "API token",
                    token.name.clone(),
                ),
            )
            .with("pb:tokens", titled_link(tokens_url(base), "API tokens")),
        token: None,
    }
}

impl From<TokenError> for ApiError {
    fn from(e: TokenError) -> ApiError {
        match e {
            TokenError::InvalidName { reason, .. } => ApiError::invalid("name", reason),
            TokenError::NameTaken(name) => ApiError::conflict(pact_broker_api::ErrorBody::message(format!(
                "A token named '{name}' already exists"
            ))),
            TokenError::NotFound(name) => ApiError::not_found(format!("No token named '{name}'")),
            TokenError::Store(e) => ApiError::Store(e),
            TokenError::Randomness(e) => {
                tracing::error!(error = %e, "cannot create a token");
                ApiError::Unprocessable(vec![("token".into(), "cannot read random bytes".into())])
            }
        }
    }
}

async fn list(State(state): State<AppState>, base: Base) -> Result<Response, ApiError> {
    let all = tokens::list(&state.store).await?;
    Ok(ok_typed(&ApiTokenList {
        embedded: ApiTokenListEmbedded {
            tokens: all.iter().map(|t| render(&base, t)).collect(),
        },
        links: Links::new()
            .with("self", titled_link(tokens_url(&base), "API tokens"))
            .with(
                "pb:create",
                titled_link(
                    tokens_url(&base),
                    "Create a token: POST {\"name\", \"role\": \"read|write|admin\"}",
                ),
            ),
    }))
}

#[derive(Debug, Deserialize)]
struct NewToken {
    name: Option<String>,
    role: Option<String>,
}

async fn create(State(state): State<AppState>, base: Base, body: Bytes) -> Result<Response, ApiError> {
    let new: NewToken = parse_body(&body)?;
    let mut errors = Vec::new();
    let name = new.name.unwrap_or_default();
    if name.is_empty() {
        errors.push(("name".to_string(), "is required".to_string()));
    }
    let role = match new.role.as_deref().map(str::parse::<Role>) {
        Some(Ok(role)) => Some(role),
        Some(Err(_)) | None => {
            errors.push((
                "role".to_string(),
                "must be one of read, write, admin".to_string(),
            ));
            None
        }
    };
    let Some(role) = role.filter(|_| errors.is_empty()) else {
        return Err(ApiError::Invalid(errors));
    };
    let issued = tokens::issue(&state.store, &name, role).await?;
    let mut body = render(&base, &issued.token);
    body.token = Some(issued.secret.expose().to_string());
    let mut response = hal_response(StatusCode::CREATED, &body);
    let location = format!("{}/{}", tokens_url(&base), enc(&issued.token.name));
    let headers = response.headers_mut();
    if let Ok(value) = HeaderValue::from_str(&location) {
        headers.insert(header::LOCATION, value);
    }
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    Ok(response)
}

async fn show(
    State(state): State<AppState>,
    base: Base,
    Path(name): Path<String>,
) -> Result<Response, ApiError> {
    let token = tokens::find(&state.store, &name)
        .await?
        .ok_or_else(|| ApiError::not_found(format!("No token named '{name}'")))?;
    Ok(ok_typed(&render(&base, &token)))
}

async fn revoke(State(state): State<AppState>, Path(name): Path<String>) -> Result<Response, ApiError> {
    tokens::revoke(&state.store, &name).await?;
    tracing::info!(token = %name, "API token revoked");
    Ok(no_content())
}
