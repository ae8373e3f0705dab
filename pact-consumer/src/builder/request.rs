//! The request half of an HTTP interaction.

use pact_core::{Category, DocPath, Request};

use crate::patterns::StringPattern;

/// Builds the request the consumer will send: method, path, query, headers and body, each of
/// which may be a pattern. Methods take and return `self`, so a request reads as one sentence.
///
/// ```
/// use pact_consumer::prelude::*;
/// let request = RequestBuilder::default()
///     .post("/orders")
///     .query_param("dryRun", "true")
///     .header("Authorization", term(r"^Bearer \S+$", "Bearer abc"))
///     .json_body(pact_json!({ "item": like("book"), "quantity": integer(1) }))
///     .build();
/// assert_eq!(request.method, "POST");
/// assert_eq!(request.headers.first("content-type"), Some("application/json"));
/// assert_eq!(request.body.as_json(), Some(json!({ "item": "book", "quantity": 1 })));
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until it is used"]
pub struct RequestBuilder {
    request: Request,
}

impl RequestBuilder {
    /// Sets the method (`"GET"`, `"post"`…; upper-cased).
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.request.method = method.into().to_ascii_uppercase();
        self
    }

    /// Sets the path; a pattern such as [`term`](crate::patterns::term) or
    /// [`from_provider_state`](crate::patterns::from_provider_state) matches more than the example.
    pub fn path(mut self, path: impl Into<StringPattern>) -> Self {
        self.request.path = super::place_string(
            &mut self.request.matching_rules,
            &mut self.request.generators,
            Category::Path,
            DocPath::root(),
            path.into(),
        );
        self
    }

    /// `GET path`.
    pub fn get(self, path: impl Into<StringPattern>) -> Self {
        self.method("GET").path(path)
    }

    /// `POST path`.
    pub fn post(self, path: impl Into<StringPattern>) -> Self {
        self.method("POST").path(path)
    }

    /// `PUT path`.
    pub fn put(self, path: impl Into<StringPattern>) -> Self {
        self.method("PUT").path(path)
    }

    /// `PATCH path`.
    pub fn patch(self, path: impl Into<StringPattern>) -> Self {
        self.method("PATCH").path(path)
    }

    /// `DELETE path`.
    pub fn delete(self, path: impl Into<StringPattern>) -> Self {
        self.method("DELETE").path(path)
    }

    /// `HEAD path`.
    pub fn head(self, path: impl Into<StringPattern>) -> Self {
        self.method("HEAD").path(path)
    }

    /// `OPTIONS path`.
    pub fn options(self, path: impl Into<StringPattern>) -> Self {
        self.method("OPTIONS").path(path)
    }

    /// Adds a query parameter value (call again for several values of one name).
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<StringPattern>) -> Self {
        let name = name.into();
        let example = super::place_string(
            &mut self.request.matching_rules,
            &mut self.request.generators,
            Category::Query,
            DocPath::field(&name),
            value.into(),
        );
        self.request.query.append(name, example);
        self
    }

    pub(crate) fn replace(mut self, request: Request) -> Self {
        self.request = request;
        self
    }

    /// The request built so far.
    pub fn build(self) -> Request {
        self.request
    }
}

super::http_parts_common!(RequestBuilder, request);
