//! The access-control middleware: identifies the caller (HTTP Basic user or bearer token),
//! looks up what the matched route needs in [`crate::auth::ROUTE_RULES`] and answers 401/403
//! or lets the request through. See [`crate::auth`] for the rules.

use axum::extract::{MatchedPath, Request, State};
use axum::http::{HeaderMap, HeaderValue, StatusCode, header};
use axum::middleware::Next;
use axum::response::Response;
use base64::Engine;
use base64::engine::general_purpose::STANDARD;

use super::AppState;
use crate::auth::{Access, Role, TokenSecret, required_access, secrets_equal, tokens};
use crate::config::AuthConfig;

/// Who made a request, once their credentials checked out; handlers may read it from the
/// request extensions (absent when access control is off or the route is public).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Caller {
    /// `basic:USER` or `token:NAME` (never a secret).
    pub name: String,
    /// What they may do.
    pub role: Role,
}

/// What the `Authorization` header says.
enum Identity {
    Anonymous,
    Known(Caller),
    /// Credentials were sent but do not check out; the scheme is kept for the log.
    Rejected(&'static str),
}

fn basic_caller(encoded: &str, auth: &AuthConfig) -> Option<Caller> {
    let decoded = STANDARD.decode(encoded.trim()).ok()?;
    let decoded = String::from_utf8(decoded).ok()?;
    let (user, password) = decoded.split_once(':').unwrap_or((decoded.as_str(), ""));
    let matches = |pair: &Option<(String, String)>| {
        pair.as_ref().is_some_and(|(u, p)| {
            // Evaluate both comparisons so the time taken does not say which one failed.
            let user_ok = secrets_equal(u, user);
            let password_ok = secrets_equal(p, password);
            user_ok & password_ok
        })
    };
    let role = if matches(&auth.read_write) {
        Role::Admin
    } else if matches(&auth.read_only) {
        Role::Read
    } else {
        return None;
    };
    Some(Caller {
        name: format!("basic:{user}"),
        role,
    })
}

async fn identify(state: &AppState, headers: &HeaderMap) -> Result<Identity, tokens::TokenError> {
    let Some(value) = headers.get(header::AUTHORIZATION) else {
        return Ok(Identity::Anonymous);
    };
    let Ok(value) = value.to_str() else {
        return Ok(Identity::Rejected("unreadable"));
    };
    let (scheme, credentials) = value.trim().split_once(' ').unwrap_or((value, ""));
    if scheme.eq_ignore_ascii_case("basic") {
        return Ok(basic_caller(credentials, &state.config.auth)
            .map_or(Identity::Rejected("basic"), Identity::Known));
    }
    if scheme.eq_ignore_ascii_case("bearer") {
        let secret = TokenSecret::presented(credentials);
        return Ok(tokens::authenticate(&state.store, &secret).await?.map_or(
            Identity::Rejected("bearer"),
            |token| {
                Identity::Known(Caller {
                    name: format!("token:{}", token.name),
                    role: token.role,
                })
            },
        ));
    }
    Ok(Identity::Rejected("unknown scheme"))
}

fn error_reply(status: StatusCode, message: &str) -> Response {
    super::hal::hal_response(status, &pact_broker_api::ErrorBody::message(message))
}

fn unauthorized(message: &str) -> Response {
    let mut response = error_reply(StatusCode::UNAUTHORIZED, message);
    let headers = response.headers_mut();
    headers.insert(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Basic realm=\"Pact Broker\""),
    );
    headers.append(
        header::WWW_AUTHENTICATE,
        HeaderValue::from_static("Bearer realm=\"Pact Broker\""),
    );
    response
}

/// The middleware: lets the request through or answers 401/403.
pub async fn require_credentials(
    State(state): State<AppState>,
    mut request: Request,
    next: Next,
) -> Response {
    let auth = &state.config.auth;
    let access_settings = &state.config.access;
    if !auth.enabled() && !access_settings.require_credentials {
        let secured_by_tokens = access_settings.require_credentials_once_tokens_exist
            && match tokens::any_exist(&state.store).await {
                Ok(found) => found,
                Err(e) => {
                    tracing::error!(error = %e, "cannot check for API tokens");
                    return error_reply(
                        StatusCode::SERVICE_UNAVAILABLE,
                        "Cannot check credentials right now; see the broker log",
                    );
                }
            };
        if !secured_by_tokens {
            return next.run(request).await;
        }
    }
    let pattern = request.extensions().get::<MatchedPath>().map(|m| m.as_str());
    let access = required_access(request.method(), pattern);
    if access == Access::Public || (access == Access::Badge && auth.public_badges) {
        return next.run(request).await;
    }
    let needed = access.role();
    let identity = match identify(&state, request.headers()).await {
        Ok(identity) => identity,
        Err(e) => {
            tracing::error!(error = %e, "cannot check credentials");
            return error_reply(
                StatusCode::SERVICE_UNAVAILABLE,
                "Cannot check credentials right now; see the broker log",
            );
        }
    };
    match identity {
        Identity::Anonymous if needed == Role::Read && auth.allow_public_read => next.run(request).await,
        Identity::Anonymous => unauthorized("Authentication required"),
        Identity::Rejected(scheme) => {
            tracing::info!(
                method = %request.method(),
                path = %request.uri().path(),
                scheme,
                "rejected credentials"
            );
            unauthorized("Invalid credentials")
        }
        Identity::Known(caller) if caller.role.allows(needed) => {
            tracing::debug!(caller = %caller.name, role = %caller.role, "authorised");
            request.extensions_mut().insert(caller);
            next.run(request).await
        }
        Identity::Known(caller) => {
            tracing::info!(
                caller = %caller.name,
                role = %caller.role,
                needed = %needed,
                method = %request.method(),
                path = %request.uri().path(),
                "role too weak"
            );
            error_reply(
                StatusCode::FORBIDDEN,
                &format!(
                    "You are not permitted to perform this action: it needs the {needed} role and \
                     these credentials have the {} role",
                    caller.role
                ),
            )
        }
    }
}
