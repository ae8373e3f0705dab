//! Mismatches: what differed between what a pact expects and what was seen, as data with a sentence.

use std::fmt;

/// Where a mismatch was found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MismatchKind {
    /// The HTTP method.
    Method,
    /// The request path.
    Path,
    /// A query parameter.
    Query {
        /// The parameter name.
        parameter: String,
    },
    /// A header.
    Header {
        /// The header name.
        name: String,
    },
    /// The response status.
    Status,
    /// The body's content type (e.g. JSON expected, XML received).
    BodyType,
    /// A place in the body.
    Body {
        /// JSON path, e.g. `$.items[2].name`.
        path: String,
    },
    /// A message metadata key.
    Metadata {
        /// The key.
        key: String,
    },
}

/// One difference between expected and actual, with a human sentence.
///
/// `expected` and `actual` are short renderings of the values (`"Alice"`, `12345`, `<missing>`);
/// `message` is the full sentence a user reads.
///
/// ```
/// use pact_core::{Mismatch, MismatchKind};
/// let m = Mismatch::new(MismatchKind::Status, "200", "404", "expected status 200 but was 404");
/// assert_eq!(m.to_string(), "status: expected status 200 but was 404");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Mismatch {
    /// Where.
    pub kind: MismatchKind,
    /// The expected value, rendered.
    pub expected: String,
    /// The actual value, rendered.
    pub actual: String,
    /// The sentence.
    pub message: String,
}

impl Mismatch {
    /// A mismatch of `kind`.
    pub fn new(
        kind: MismatchKind,
        expected: impl Into<String>,
        actual: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        Mismatch {
            kind,
            expected: expected.into(),
            actual: actual.into(),
            message: message.into(),
        }
    }

    /// Where the mismatch is, as a short label: `method`, `path`, `query 'a'`, `header 'Accept'`,
    /// `status`, `body type`, `$.a.b`, `metadata 'topic'`.
    pub fn location(&self) -> String {
        match &self.kind {
            MismatchKind::Method => "method".into(),
            MismatchKind::Path => "path".into(),
            MismatchKind::Query { parameter } => format!("query '{parameter}'"),
            MismatchKind::Header { name } => format!("header '{name}'"),
            MismatchKind::Status => "status".into(),
            MismatchKind::BodyType => "body type".into(),
            MismatchKind::Body { path } => path.clone(),
            MismatchKind::Metadata { key } => format!("metadata '{key}'"),
        }
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}
