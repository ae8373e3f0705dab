//! Why an interaction does not fit an OpenAPI document, as data with a sentence.

use std::fmt;

/// Which way a body or value travels: the consumer sends requests and expects responses.
///
/// ```
/// use pact_openapi::{Direction, FailureReason};
/// let sent = FailureReason::UndeclaredField { field: "nick".into(), direction: Direction::Request };
/// assert!(sent.to_string().starts_with("the consumer sends field 'nick'"));
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Direction {
    /// From consumer to provider.
    Request,
    /// From provider to consumer.
    Response,
}

impl Direction {
    fn verb(self) -> &'static str {
        match self {
            Direction::Request => "sends",
            Direction::Response => "expects",
        }
    }
}

/// Where an OpenAPI parameter lives (its `in`).
///
/// ```
/// use pact_openapi::{FailureReason, ParameterLocation};
/// let missing = FailureReason::MissingParameter { location: ParameterLocation::Query, name: "page".into() };
/// assert_eq!(missing.to_string(), "the request lacks the required query parameter 'page'");
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterLocation {
    /// `in: path`.
    Path,
    /// `in: query`.
    Query,
    /// `in: header`.
    Header,
}

impl fmt::Display for ParameterLocation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            ParameterLocation::Path => "path",
            ParameterLocation::Query => "query",
            ParameterLocation::Header => "header",
        })
    }
}

/// Why an interaction does not fit the OpenAPI document. `Display` gives the sentence.
///
/// ```
/// use pact_openapi::FailureReason;
///
/// let reason = FailureReason::WrongType {
///     expected: "integer".into(),
///     actual: "string".into(),
///     value: r#""abc""#.into(),
/// };
/// assert_eq!(
///     reason.to_string(),
///     r#"the OpenAPI schema declares type integer but the consumer's value "abc" is a string"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq)]
pub enum FailureReason {
    /// No path template of the document matches the request path.
    UnknownPath {
        /// The request path.
        path: String,
    },
    /// The path is documented, but not for this method.
    MethodNotDocumented {
        /// The request method.
        method: String,
        /// The path template that matched (`/users/{id}`).
        template: String,
        /// The methods documented for it, upper-case.
        documented: Vec<String>,
    },
    /// A path, query or header parameter's value does not fit its schema.
    InvalidParameter {
        /// Where the parameter lives.
        location: ParameterLocation,
        /// Its name.
        name: String,
        /// The value the consumer sends.
        value: String,
        /// What does not fit.
        problem: Box<FailureReason>,
    },
    /// A required query parameter or header is absent from the request.
    MissingParameter {
        /// Where the parameter lives.
        location: ParameterLocation,
        /// Its name.
        name: String,
    },
    /// The operation requires a request body and the consumer sends none.
    MissingRequestBody,
    /// The consumer sends a body to an operation that documents none.
    UnexpectedRequestBody,
    /// The body's content type is not among those documented.
    UndocumentedContentType {
        /// Request or response.
        direction: Direction,
        /// The content type of the pact's body.
        content_type: String,
        /// The documented media types.
        documented: Vec<String>,
    },
    /// The expected response status is not documented for the operation.
    UndocumentedStatus {
        /// The status the consumer expects.
        status: u16,
        /// The documented status keys (`200`, `4XX`, `default`).
        documented: Vec<String>,
    },
    /// The consumer expects a response body but the documented response has no content.
    UndocumentedResponseBody,
    /// A body said to be JSON does not parse as JSON.
    BodyNotJson {
        /// Its content type.
        content_type: String,
    },
    /// A field of the pact's body that the schema does not declare (see the module docs for when
    /// undeclared fields are allowed).
    UndeclaredField {
        /// The field name.
        field: String,
        /// Whether the consumer sends it (request) or relies on it (response).
        direction: Direction,
    },
    /// A request body lacks a field the schema requires.
    MissingRequiredField {
        /// The field name.
        field: String,
    },
    /// The value (or the type a matcher makes it stand for) is not of a type the schema allows.
    WrongType {
        /// The allowed types, in words (`integer`, `string or null`).
        expected: String,
        /// The type of the pact's value (`string`).
        actual: String,
        /// The pact's value, rendered as JSON (shortened).
        value: String,
    },
    /// The value is `null` and the schema does not allow `null`.
    NullNotAllowed,
    /// The value is not one of the schema's `enum` values (or its `const`).
    NotInEnum {
        /// The pact's value, rendered as JSON.
        value: String,
        /// The allowed values, rendered as JSON.
        allowed: Vec<String>,
    },
    /// The value does not have the schema's `format`.
    FormatViolation {
        /// The format (`email`, `date-time`, `int32`, …).
        format: String,
        /// The pact's value, rendered as JSON.
        value: String,
    },
    /// The string does not match the schema's `pattern`.
    PatternMismatch {
        /// The pattern.
        pattern: String,
        /// The pact's value, rendered as JSON.
        value: String,
    },
    /// A bound of the schema (`minimum`, `maxLength`, `minItems`, …) is broken.
    OutOfBounds {
        /// The keyword.
        keyword: String,
        /// The bound, as written in the schema.
        limit: String,
        /// The measured value (the number, or the length or item count).
        actual: String,
    },
    /// No branch of a `oneOf`/`anyOf` accepts the value.
    NoAlternativeMatches {
        /// `oneOf` or `anyOf`.
        keyword: String,
        /// How many branches there are.
        alternatives: usize,
        /// Why the closest branch (fewest failures) rejects the value.
        closest: Option<Box<FailureReason>>,
    },
}

fn list(items: &[String]) -> String {
    if items.is_empty() {
        "nothing".to_string()
    } else {
        items.join(", ")
    }
}

fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some(c) if "aeiouAEIOU".contains(c) => "an",
        _ => "a",
    }
}

impl fmt::Display for FailureReason {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            FailureReason::UnknownPath { path } => {
                write!(f, "no path of the OpenAPI document matches '{path}'")
            }
            FailureReason::MethodNotDocumented {
                method,
                template,
                documented,
            } => write!(
                f,
                "the OpenAPI document has no {method} operation for '{template}' (it documents {})",
                list(documented)
            ),
            FailureReason::InvalidParameter {
                location,
                name,
                value,
                problem,
            } => write!(
                f,
                "the {location} parameter '{name}' is '{value}', which does not fit its schema: {problem}"
            ),
            FailureReason::MissingParameter { location, name } => {
                write!(f, "the request lacks the required {location} parameter '{name}'")
            }
            FailureReason::MissingRequestBody => {
                f.write_str("the operation requires a request body but the consumer sends none")
            }
            FailureReason::UnexpectedRequestBody => {
                f.write_str("the consumer sends a request body but the operation documents none")
            }
            FailureReason::UndocumentedContentType {
                direction,
                content_type,
                documented,
            } => write!(
                f,
                "the consumer {} a body of type '{content_type}' but the OpenAPI document only has {}",
                direction.verb(),
                list(documented)
            ),
            FailureReason::UndocumentedStatus { status, documented } => write!(
                f,
                "the consumer expects status {status} but the operation only documents {}",
                list(documented)
            ),
            FailureReason::UndocumentedResponseBody => f.write_str(
                "the consumer expects a response body but the OpenAPI response documents no content",
            ),
            FailureReason::BodyNotJson { content_type } => {
                write!(
                    f,
                    "the body has content type '{content_type}' but is not valid JSON"
                )
            }
            FailureReason::UndeclaredField { field, direction } => write!(
                f,
                "the consumer {} field '{field}' but the OpenAPI schema does not declare it",
                direction.verb()
            ),
            FailureReason::MissingRequiredField { field } => write!(
                f,
                "the consumer does not send field '{field}', which the OpenAPI schema requires"
            ),
            FailureReason::WrongType {
                expected,
                actual,
                value,
            } => write!(
                f,
                "the OpenAPI schema declares type {expected} but the consumer's value {value} is {} {actual}",
                article(actual)
            ),
            FailureReason::NullNotAllowed => {
                f.write_str("the consumer's value is null but the OpenAPI schema does not allow null")
            }
            FailureReason::NotInEnum { value, allowed } => write!(
                f,
                "the consumer's value {value} is not one of the values the OpenAPI schema allows ({})",
                list(allowed)
            ),
            FailureReason::FormatViolation { format, value } => write!(
                f,
                "the consumer's value {value} does not have the format '{format}' the OpenAPI schema declares"
            ),
            FailureReason::PatternMismatch { pattern, value } => write!(
                f,
                "the consumer's value {value} does not match the pattern /{pattern}/ the OpenAPI schema declares"
            ),
            FailureReason::OutOfBounds {
                keyword,
                limit,
                actual,
            } => write!(
                f,
                "the consumer's value breaks the OpenAPI schema's {keyword} of {limit} (it has {actual})"
            ),
            FailureReason::NoAlternativeMatches {
                keyword,
                alternatives,
                closest,
            } => {
                write!(
                    f,
                    "the consumer's value fits none of the {alternatives} alternatives of '{keyword}'"
                )?;
                match closest {
                    Some(reason) => write!(f, "; the closest one fails because {reason}"),
                    None => Ok(()),
                }
            }
        }
    }
}
