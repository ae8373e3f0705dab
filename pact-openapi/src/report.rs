//! The outcome of checking a pact against an OpenAPI document: one result per interaction, each
//! with its failures.

use std::fmt;

use super::reason::FailureReason;
use pact_core::model::InteractionKind;

/// The part of an HTTP interaction a failure is about.
///
/// ```
/// assert_eq!(pact_openapi::Part::ResponseBody.to_string(), "response body");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// The request path (no operation found for it).
    Path,
    /// The request method.
    Method,
    /// A path parameter.
    PathParameter,
    /// A query parameter.
    Query,
    /// A request header.
    RequestHeader,
    /// The request body.
    RequestBody,
    /// The response status.
    Status,
    /// The response body.
    ResponseBody,
}

impl fmt::Display for Part {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Part::Path => "request path",
            Part::Method => "request method",
            Part::PathParameter => "path parameter",
            Part::Query => "query",
            Part::RequestHeader => "request header",
            Part::RequestBody => "request body",
            Part::Status => "response status",
            Part::ResponseBody => "response body",
        })
    }
}

/// One way an interaction does not fit the OpenAPI document.
///
/// ```
/// use pact_openapi::{FailureReason, OpenApiFailure, Part, Direction};
///
/// let failure = OpenApiFailure {
///     interaction: "a request for user 42".into(),
///     part: Part::ResponseBody,
///     json_path: "$.nickname".into(),
///     schema_location: "#/components/schemas/User".into(),
///     reason: FailureReason::UndeclaredField { field: "nickname".into(), direction: Direction::Response },
/// };
/// assert_eq!(
///     failure.to_string(),
///     "a request for user 42: response body $.nickname: the consumer expects field 'nickname' \
///      but the OpenAPI schema does not declare it (see #/components/schemas/User)"
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct OpenApiFailure {
    /// The description of the interaction.
    pub interaction: String,
    /// Which part of the interaction.
    pub part: Part,
    /// Where in that part: a JSON path into the body (`$.email`, `$.items[0].id`), the parameter
    /// or header as `$.name`, or `$` for the path, method and status.
    pub json_path: String,
    /// The JSON pointer of the OpenAPI element that was not satisfied
    /// (`#/paths/~1users~1{id}/get/responses/200/content/application~1json/schema/properties/email`).
    pub schema_location: String,
    /// Why, as data; its `Display` is the sentence.
    pub reason: FailureReason,
}

impl fmt::Display for OpenApiFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{}: {} {}: {} (see {})",
            self.interaction, self.part, self.json_path, self.reason, self.schema_location
        )
    }
}

/// The result of checking one interaction.
///
/// ```
/// use pact_openapi::InteractionResult;
/// use pact_core::model::InteractionKind;
///
/// let result = InteractionResult {
///     description: "an order.created event".into(),
///     kind: InteractionKind::AsyncMessage,
///     operation: None,
///     failures: vec![],
/// };
/// assert!(!result.is_applicable());
/// assert!(result.passed());
/// assert_eq!(result.to_string(), "an order.created event: not applicable (messages are not described by OpenAPI)");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InteractionResult {
    /// The interaction's description.
    pub description: String,
    /// Its kind; only HTTP interactions are checked, messages are not applicable.
    pub kind: InteractionKind,
    /// The operation the request was matched to (`GET /users/{id}`), when one was found.
    pub operation: Option<String>,
    /// What does not fit; empty when the interaction fits (or is not applicable).
    pub failures: Vec<OpenApiFailure>,
}

impl InteractionResult {
    /// Whether the interaction is an HTTP interaction, the only kind OpenAPI describes.
    pub fn is_applicable(&self) -> bool {
        self.kind == InteractionKind::Http
    }

    /// Whether nothing failed.
    pub fn passed(&self) -> bool {
        self.failures.is_empty()
    }
}

impl fmt::Display for InteractionResult {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.is_applicable() {
            return write!(
                f,
                "{}: not applicable (messages are not described by OpenAPI)",
                self.description
            );
        }
        let operation = self.operation.as_deref().unwrap_or("no operation");
        if self.passed() {
            return write!(f, "{} ({operation}): OK", self.description);
        }
        write!(f, "{} ({operation}): FAILED", self.description)?;
        for failure in &self.failures {
            write!(
                f,
                "\n  - {} {}: {} (see {})",
                failure.part, failure.json_path, failure.reason, failure.schema_location
            )?;
        }
        Ok(())
    }
}

/// The result of checking a whole pact: one [`InteractionResult`] per interaction, in pact order.
///
/// ```
/// use pact_openapi::{check_pact, OpenApi};
/// use pact_core::Pact;
///
/// let api = OpenApi::parse(r#"
/// openapi: 3.0.3
/// info: {title: Users, version: "1"}
/// paths:
///   /users/{id}:
///     get:
///       parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
///       responses:
///         "200": {description: the user}
/// "#).unwrap();
/// let pact = Pact::from_json_str(r#"{
///   "consumer": {"name": "Web"}, "provider": {"name": "Users"},
///   "interactions": [{"description": "a request for user abc",
///     "request": {"method": "GET", "path": "/users/abc"}, "response": {"status": 200}}],
///   "metadata": {"pactSpecification": {"version": "3.0.0"}}
/// }"#).unwrap();
///
/// let report = check_pact(&api, &pact);
/// assert!(!report.is_compatible());
/// assert_eq!(report.failures().count(), 1);
/// assert!(report.to_string().contains("the path parameter 'id' is 'abc'"), "{report}");
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct OpenApiReport {
    /// One result per interaction.
    pub interactions: Vec<InteractionResult>,
}

impl OpenApiReport {
    /// Whether every applicable interaction fits the document.
    pub fn is_compatible(&self) -> bool {
        self.interactions.iter().all(InteractionResult::passed)
    }

    /// Every failure of every interaction.
    pub fn failures(&self) -> impl Iterator<Item = &OpenApiFailure> {
        self.interactions.iter().flat_map(|i| i.failures.iter())
    }

    /// The result of the interaction with this description.
    pub fn interaction(&self, description: &str) -> Option<&InteractionResult> {
        self.interactions.iter().find(|i| i.description == description)
    }
}

impl fmt::Display for OpenApiReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let failed = self.interactions.iter().filter(|i| !i.passed()).count();
        let skipped = self.interactions.iter().filter(|i| !i.is_applicable()).count();
        let checked = self.interactions.len() - skipped;
        writeln!(
            f,
            "{checked} interaction(s) checked against the OpenAPI document, {failed} failed, {skipped} not applicable"
        )?;
        for result in &self.interactions {
            writeln!(f, "{result}")?;
        }
        Ok(())
    }
}
