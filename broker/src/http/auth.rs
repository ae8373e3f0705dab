//! HTTP Basic auth with one read-write and one read-only user, as the Pact Broker does it.
//!
//! Reads are GET, HEAD, OPTIONS and `POST …/for-verification`; everything else is a write. The
//! heartbeat is always public; badges are public when configured.

use axum::extract::{Request, State};
use axum::http::{HeaderValue, Method, StatusCode, header};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use base64::Engine;
use base64::engine::general_purpose::STANDARD;
use serde_json::json;

use super::AppState;
use crate::config::AuthConfig;

/// The role a request's credentials carry.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Role {
    Anonymous,
    ReadOnly,
    ReadWrite,
    Invalid,
}

fn role_of(request: &Request, auth: &AuthConfig) -> Role {
    let Some(value) = request
        .headers()
        .get(header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
    else {
        return Role::Anonymous;
    };
    let Some(encoded) = value
        .strip_prefix("Basic ")
        .or_else(|| value.strip_prefix("basic "))
    else {
        return Role::Invalid;
    };
    let Some(decoded) = STANDARD
        .decode(encoded.trim())
        .ok()
        .and_then(|b| String::from_utf8(b).ok())
    else {
        return Role::Invalid;
    };
    let (user, password) = decoded.split_once(':').unwrap_or((decoded.as_str(), ""));
    let matches =
        |pair: &Option<(String, String)>| pair.as_ref().is_some_and(|(u, p)| u == user && p == password);
    if matches(&auth.read_write) {
        Role::ReadWrite
    } else if matches(&auth.read_only) {
        Role::ReadOnly
    } else {
        Role::Invalid
    }
}

fn is_read(request: &Request) -> bool {
    let m = request.method();
    m == Method::GET
        || m == Method::HEAD
        || m == Method::OPTIONS
        || (m == Method::POST && request.uri().path().ends_with("/for-verification"))
}

fn is_badge(path: &str) -> bool {
    path.ends_with("/badge") || path.ends_with("/badge.svg")
}

/// The middleware: lets the request through or answers 401/403.
pub async fn require_credentials(State(state): State<AppState>, request: Request, next: Next) -> Response {
    let auth = &state.config.auth;
    let path = request.uri().path();
    if !auth.enabled() || path == "/diagnostic/status/heartbeat" || (auth.public_badges && is_badge(path)) {
        return next.run(request).await;
    }
    let read = is_read(&request);
    match (role_of(&request, auth), read) {
        (Role::ReadWrite, _) | (Role::ReadOnly, true) => next.run(request).await,
        (Role::Anonymous, true) if auth.allow_public_read => next.run(request).await,
        (Role::ReadOnly, false) => {
            let body =
                json!({ "error": "You are not permitted to perform this action with a read-only user" });
            super::hal::hal_response(StatusCode::FORBIDDEN, &body)
        }
        _ => {
            let mut response = (
                StatusCode::UNAUTHORIZED,
                json!({ "error": "Authentication required" }).to_string(),
            )
                .into_response();
            response.headers_mut().insert(
                header::WWW_AUTHENTICATE,
                HeaderValue::from_static("Basic realm=\"Pact Broker\""),
            );
            response.headers_mut().insert(
                header::CONTENT_TYPE,
                HeaderValue::from_static(super::hal::HAL_JSON),
            );
            response
        }
    }
}
