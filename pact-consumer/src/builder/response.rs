//! The response half of an HTTP interaction.

use pact_core::rules::StatusCodeClass;
use pact_core::{Category, DocPath, MatchingRule, Response};

/// A response status: an exact code, or a class of codes with an example (see [`status_code`]).
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(StatusPattern::from(404).status, 404);
/// assert!(status_code(StatusCodeClass::Success, 200).class.is_some());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StatusPattern {
    /// The status the mock server answers.
    pub status: u16,
    /// The class the provider's status must fall in, when not exactly `status`.
    pub class: Option<StatusCodeClass>,
}

impl From<u16> for StatusPattern {
    fn from(status: u16) -> Self {
        StatusPattern { status, class: None }
    }
}

/// Any status of `class` (`StatusCodeClass::Success` for 2xx, …); `example` is what the mock
/// server answers.
///
/// ```
/// use pact_consumer::prelude::*;
/// let response = ResponseBuilder::default().status(status_code(StatusCodeClass::Success, 201)).build();
/// assert_eq!(response.status, 201);
/// ```
pub fn status_code(class: StatusCodeClass, example: u16) -> StatusPattern {
    StatusPattern {
        status: example,
        class: Some(class),
    }
}

/// Builds the response the provider must give (and the mock server answers).
///
/// ```
/// use pact_consumer::prelude::*;
/// let response = ResponseBuilder::default()
///     .created()
///     .header("Location", term(r"^/orders/\d+$", "/orders/7"))
///     .json_body(pact_json!({ "id": integer(7) }))
///     .build();
/// assert_eq!(response.status, 201);
/// assert_eq!(response.headers.first("Location"), Some("/orders/7"));
/// ```
#[derive(Debug, Clone, Default)]
#[must_use = "a builder does nothing until it is used"]
pub struct ResponseBuilder {
    response: Response,
}

impl ResponseBuilder {
    /// Sets the status: a code, or [`status_code`] for a class of codes.
    pub fn status(mut self, status: impl Into<StatusPattern>) -> Self {
        let status = status.into();
        self.response.status = status.status;
        if let Some(class) = status.class {
            self.response.matching_rules.set(
                Category::Status,
                DocPath::root(),
                pact_core::RuleList::single(MatchingRule::StatusCode(class)),
            );
        }
        self
    }

    /// 200 OK.
    pub fn ok(self) -> Self {
        self.status(200)
    }

    /// 201 Created.
    pub fn created(self) -> Self {
        self.status(201)
    }

    /// 202 Accepted.
    pub fn accepted(self) -> Self {
        self.status(202)
    }

    /// 204 No Content.
    pub fn no_content(self) -> Self {
        self.status(204)
    }

    /// 400 Bad Request.
    pub fn bad_request(self) -> Self {
        self.status(400)
    }

    /// 401 Unauthorized.
    pub fn unauthorized(self) -> Self {
        self.status(401)
    }

    /// 403 Forbidden.
    pub fn forbidden(self) -> Self {
        self.status(403)
    }

    /// 404 Not Found.
    pub fn not_found(self) -> Self {
        self.status(404)
    }

    /// 409 Conflict.
    pub fn conflict(self) -> Self {
        self.status(409)
    }

    /// 500 Internal Server Error.
    pub fn internal_server_error(self) -> Self {
        self.status(500)
    }

    pub(crate) fn replace(mut self, response: Response) -> Self {
        self.response = response;
        self
    }

    /// The response built so far.
    pub fn build(self) -> Response {
        self.response
    }
}

super::http_parts_common!(ResponseBuilder, response);
