//! HTTP requests and responses, as a pact expects them or as they were seen on the wire.

use super::{Body, Headers, Query};
use crate::{Generators, MatchingRules};

/// An HTTP request.
///
/// ```
/// let request = pact_core::Request::new("GET", "/users/42");
/// assert_eq!(request.method, "GET");
/// assert!(request.query.is_empty());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Request {
    /// The method, upper-case (`GET`).
    pub method: String,
    /// The path, without query string.
    pub path: String,
    /// Query parameters.
    pub query: Query,
    /// Headers.
    pub headers: Headers,
    /// The body.
    pub body: Body,
    /// Matching rules by category (`method`, `path`, `query`, `header`, `body`).
    pub matching_rules: MatchingRules,
    /// Generators by category, applied in provider mode before the verifier sends the request.
    pub generators: Generators,
}

impl Default for Request {
    fn default() -> Self {
        Request::new("GET", "/")
    }
}

impl Request {
    /// A request with no query, headers or body.
    pub fn new(method: impl Into<String>, path: impl Into<String>) -> Self {
        Request {
            method: method.into().to_ascii_uppercase(),
            path: path.into(),
            query: Query::new(),
            headers: Headers::new(),
            body: Body::Missing,
            matching_rules: MatchingRules::default(),
            generators: Generators::default(),
        }
    }

    /// The content type from the body, else from the `Content-Type` header.
    pub fn content_type(&self) -> Option<String> {
        content_type(&self.body, &self.headers)
    }
}

/// An HTTP response.
///
/// ```
/// let response = pact_core::Response::new(404);
/// assert_eq!(response.status, 404);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Response {
    /// The status code.
    pub status: u16,
    /// Headers.
    pub headers: Headers,
    /// The body.
    pub body: Body,
    /// Matching rules by category (`status`, `header`, `body`).
    pub matching_rules: MatchingRules,
    /// Generators by category, applied in consumer mode when the mock server answers.
    pub generators: Generators,
}

impl Default for Response {
    fn default() -> Self {
        Response::new(200)
    }
}

impl Response {
    /// A response with no headers or body.
    pub fn new(status: u16) -> Self {
        Response {
            status,
            headers: Headers::new(),
            body: Body::Missing,
            matching_rules: MatchingRules::default(),
            generators: Generators::default(),
        }
    }

    /// The content type from the body, else from the `Content-Type` header.
    pub fn content_type(&self) -> Option<String> {
        content_type(&self.body, &self.headers)
    }
}

/// The content type a body declares, else the one its `Content-Type` header gives.
fn content_type(body: &Body, headers: &Headers) -> Option<String> {
    body.content_type()
        .map(str::to_string)
        .or_else(|| headers.content_type())
}
