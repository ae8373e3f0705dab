//! The matching engine: does an actual request, response or message satisfy the expected one?
//!
//! Each function returns every [`Mismatch`] found; an empty list means a match.
//!
//! - **Requests** are compared strictly: method, path, query (missing and unexpected parameters,
//!   order of repeated values), headers, and a body in which unexpected fields are errors.
//! - **Responses** follow the tolerant-reader rule: extra fields in actual bodies are fine.
//! - **Messages** compare contents like response bodies, plus metadata.
//!
//! Matching rules (by category and path) change what "equal" means; see [`crate::rules`]. A rule
//! applies at its path and cascades beneath it, the most specific path wins, and `equality` resets
//! a cascade.
//!
//! ```
//! use pact_core::{Body, Category, DocPath, MatchingRule, Response, matching::match_response};
//! use serde_json::json;
//!
//! let mut expected = Response::new(200);
//! expected.body = Body::json(json!({"name": "Alice", "id": 1}));
//! expected.matching_rules.add(Category::Body, DocPath::parse("$.name").unwrap(), MatchingRule::Type);
//!
//! let mut actual = Response::new(200);
//! actual.body = Body::json(json!({"name": 12345, "id": 1, "extra": true}));
//!
//! let mismatches = match_response(&expected, &actual);
//! assert_eq!(mismatches.len(), 1);
//! assert_eq!(mismatches[0].to_string(), r#"$.name: expected a String like "Alice", got 12345 (Integer)"#);
//! ```

mod body;
mod context;
mod formats;
mod headers;
mod message;
mod metadata;
mod path;
mod query;
mod request;
mod response;
mod rule_eval;
pub mod rule_select;
mod status;
mod values;

use context::Ctx;
use rule_select::RuleIndex;

use crate::rules::{Category, MatchingRules};
use crate::{Message, Mismatch, Request, Response};

/// Compares an actual request with the expected one; empty when it matches.
///
/// ```
/// use pact_core::{Request, matching::match_request};
/// let expected = Request::new("GET", "/users/42");
/// let actual = Request::new("GET", "/users/43");
/// let mismatches = match_request(&expected, &actual);
/// assert_eq!(mismatches[0].to_string(), r#"path: expected "/users/42", got "/users/43""#);
/// ```
pub fn match_request(expected: &Request, actual: &Request) -> Vec<Mismatch> {
    request::compare(expected, actual)
}

/// Compares an actual response with the expected one (tolerant reader: extra fields are fine).
///
/// ```
/// use pact_core::{Response, matching::match_response};
/// let mismatches = match_response(&Response::new(200), &Response::new(404));
/// assert_eq!(mismatches[0].to_string(), "status: expected 200, got 404");
/// ```
pub fn match_response(expected: &Response, actual: &Response) -> Vec<Mismatch> {
    response::compare(expected, actual)
}

/// Compares an actual message (contents and metadata) with the expected one.
///
/// ```
/// use pact_core::{Body, Message, matching::match_message};
/// let expected = Message::new(Body::json(serde_json::json!({"orderId": 1})));
/// let actual = Message::new(Body::json(serde_json::json!({"orderId": 2})));
/// assert_eq!(match_message(&expected, &actual)[0].to_string(), "$.orderId: expected 1, got 2");
/// ```
pub fn match_message(expected: &Message, actual: &Message) -> Vec<Mismatch> {
    message::compare(expected, actual)
}

/// The comparison context for one category of `rules`.
fn category_ctx<'r>(rules: &'r MatchingRules, category: Category, allow_unexpected: bool) -> Ctx<'r> {
    let entries = rules.category(category).unwrap_or(&[]);
    Ctx::new(
        RuleIndex::new(entries, category == Category::Header),
        allow_unexpected,
    )
}
