//! HAL rendering: links, URLs of every resource, the `application/hal+json` response.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{IntoResponse, Response};
use pact_broker_api::{Curie, Link};
use serde_json::Value;

use super::AppState;

/// The HAL media type.
pub const HAL_JSON: &str = "application/hal+json;charset=utf-8";

/// Percent-encodes a name for use in one URL path segment (pact-core's one encoding set: the
/// RFC 3986 unreserved characters stay readable).
pub fn enc(segment: &str) -> String {
    pact_core::model::percent::encode(segment)
}

/// A JSON response with the HAL media type: a wire type of `pact-broker-api` (or, for a pact
/// document and the metrics, a JSON value).
pub fn hal_response<T: serde::Serialize + ?Sized>(status: StatusCode, body: &T) -> Response {
    match serde_json::to_string(body) {
        Ok(text) => {
            let mut response = (status, text).into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(HAL_JSON));
            response
        }
        Err(e) => {
            tracing::error!(error = %e, "could not serialise a reply");
            let mut response = (
                StatusCode::INTERNAL_SERVER_ERROR,
                r#"{"error":"An internal error occurred; see the broker log"}"#,
            )
                .into_response();
            response
                .headers_mut()
                .insert(header::CONTENT_TYPE, HeaderValue::from_static(HAL_JSON));
            response
        }
    }
}

/// The status of a `PUT`/`POST` that may find its resource already there: 201 when it was
/// created, 200 when it existed.
pub fn created_or_ok(created: bool) -> StatusCode {
    if created {
        StatusCode::CREATED
    } else {
        StatusCode::OK
    }
}

/// 200 with a HAL body built as a JSON value (a pact document, whose content is the consumer's;
/// the metrics).
pub fn ok(body: Value) -> Response {
    hal_response(StatusCode::OK, &body)
}

/// 200 with a wire type of `pact-broker-api` as the HAL body.
pub fn ok_typed<T: serde::Serialize>(body: &T) -> Response {
    hal_response(StatusCode::OK, body)
}

/// `{"href", "title"}` as a wire link.
pub fn titled_link(href: impl Into<String>, title: impl Into<String>) -> Link {
    Link::new(href).titled(title)
}

/// `{"href", "title", "name"}` as a wire link.
pub fn named_link(href: impl Into<String>, title: impl Into<String>, name: impl Into<String>) -> Link {
    Link::new(href).titled(title).named(name)
}

/// A templated wire link with a title.
pub fn templated_link(href: impl Into<String>, title: impl Into<String>) -> Link {
    Link::new(href).titled(title).templated()
}

/// 204 with no body.
pub fn no_content() -> Response {
    StatusCode::NO_CONTENT.into_response()
}

/// The base URL links are written against: the configured one, else `http://<Host>`.
#[derive(Debug, Clone)]
pub struct Base(pub String);

impl FromRequestParts<AppState> for Base {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if let Some(base) = &state.config.base_url {
            return Ok(Base(base.clone()));
        }
        let host = parts
            .headers
            .get("x-forwarded-host")
            .or_else(|| parts.headers.get(header::HOST))
            .and_then(|h| h.to_str().ok())
            .filter(|h| !h.is_empty() && !h.contains(['/', ' ', '"']))
            .unwrap_or("localhost");
        let scheme = parts
            .headers
            .get("x-forwarded-proto")
            .and_then(|h| h.to_str().ok())
            .filter(|s| *s == "https" || *s == "http")
            .unwrap_or("http");
        Ok(Base(format!("{scheme}://{host}")))
    }
}

impl Base {
    /// `/pacticipants/{p}`.
    pub fn pacticipant(&self, p: &str) -> String {
        format!("{}/pacticipants/{}", self.0, enc(p))
    }
    /// `/pacticipants/{p}/versions/{v}`.
    pub fn version(&self, p: &str, v: &str) -> String {
        format!("{}/versions/{}", self.pacticipant(p), enc(v))
    }
    /// `/pacticipants/{p}/versions/{v}/tags/{t}`.
    pub fn tag(&self, p: &str, v: &str, t: &str) -> String {
        format!("{}/tags/{}", self.version(p, v), enc(t))
    }
    /// `/pacticipants/{p}/branches/{b}`.
    pub fn branch(&self, p: &str, b: &str) -> String {
        format!("{}/branches/{}", self.pacticipant(p), enc(b))
    }
    /// `/pacticipants/{p}/branches/{b}/versions/{v}`.
    pub fn branch_version(&self, p: &str, b: &str, v: &str) -> String {
        format!("{}/versions/{}", self.branch(p, b), enc(v))
    }
    /// `/pacts/provider/{p}/consumer/{c}`.
    pub fn pact_base(&self, provider: &str, consumer: &str) -> String {
        format!(
            "{}/pacts/provider/{}/consumer/{}",
            self.0,
            enc(provider),
            enc(consumer)
        )
    }
    /// `/pacts/provider/{p}/consumer/{c}/version/{v}`.
    pub fn pact(&self, provider: &str, consumer: &str, version: &str) -> String {
        format!("{}/version/{}", self.pact_base(provider, consumer), enc(version))
    }
    /// `/pacts/provider/{p}/consumer/{c}/pact-version/{sha}`.
    pub fn pact_version(&self, provider: &str, consumer: &str, sha: &str) -> String {
        format!("{}/pact-version/{}", self.pact_base(provider, consumer), enc(sha))
    }
    /// `…/pact-version/{sha}/verification-results/{id}`.
    pub fn verification(&self, provider: &str, consumer: &str, sha: &str, id: i64) -> String {
        format!(
            "{}/verification-results/{id}",
            self.pact_version(provider, consumer, sha)
        )
    }
    /// `/environments/{uuid}`.
    pub fn environment(&self, uuid: &str) -> String {
        format!("{}/environments/{}", self.0, enc(uuid))
    }
    /// `/deployed-versions/{uuid}` or `/released-versions/{uuid}`.
    pub fn placement(&self, kind: &str, uuid: &str) -> String {
        format!("{}/{kind}/{}", self.0, enc(uuid))
    }
    /// The `curies` relation as wire CURIEs.
    pub fn curie_list(&self) -> Vec<Curie> {
        vec![Curie::new("pb", format!("{}/doc/{{rel}}?context=index", self.0))]
    }
}
