//! Mismatches: what differed between what a pact expects and what was seen, as data with a sentence.
//!
//! A [`Mismatch`] says *where* ([`MismatchKind`]), *what was expected* and *what was seen* (short
//! renderings such as `"Alice"` or `12345`), and *why* ([`MismatchReason`]). Its `Display` is the
//! sentence a user reads:
//!
//! ```
//! use pact_core::mismatch::{Mismatch, MismatchKind, MismatchReason};
//! let m = Mismatch::because(
//!     MismatchKind::Body { path: "$.name".into() },
//!     r#""Alice""#,
//!     "12345",
//!     MismatchReason::WrongType { expected_type: "String".into(), actual_type: "Integer".into() },
//! );
//! assert_eq!(m.to_string(), r#"$.name: expected a String like "Alice", got 12345 (Integer)"#);
//! ```

use std::fmt;

/// Where a mismatch was found.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
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

/// Why a value did not match: the data behind a mismatch's sentence.
///
/// Each variant renders, together with the mismatch's `expected` and `actual` strings, into the
/// sentence returned by [`Mismatch::message`].
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum MismatchReason {
    /// Values differ (no matching rule, or an `equality` rule).
    NotEqual,
    /// The actual value is not of the expected type (`type` rule, or default comparison).
    WrongType {
        /// The expected type's name (`String`, `Integer`, `Object`…).
        expected_type: String,
        /// The actual type's name.
        actual_type: String,
    },
    /// The value does not match a regular expression (entirely).
    NoRegexMatch {
        /// The regular expression.
        pattern: String,
    },
    /// The place has a rule this implementation cannot evaluate: it never passes (a pact holding
    /// one is also reported as unusable when read).
    UnsupportedRule {
        /// The rule as written in the pact.
        rule: String,
    },
    /// The value does not contain a substring (`include` rule).
    NotIncluded {
        /// The substring.
        substring: String,
    },
    /// The value is not of a class a rule asks for (`integer`, `decimal`, `number`, `boolean`,
    /// `null`, `semver`, a date in a format…).
    NotA {
        /// What was asked for, in words: `an integer`, `a date in format yyyy-MM-dd`.
        what: String,
    },
    /// The value is empty (`notEmpty` rule).
    Empty,
    /// Something expected is absent.
    Missing,
    /// Something is present that the pact does not allow.
    Unexpected,
    /// A collection has fewer items than a `min` rule allows.
    TooFew {
        /// The minimum.
        min: usize,
        /// How many were seen.
        actual: usize,
    },
    /// A collection has more items than a `max` rule allows.
    TooMany {
        /// The maximum.
        max: usize,
        /// How many were seen.
        actual: usize,
    },
    /// An array has a different length than expected (no rule allowing it).
    LengthDiffers {
        /// The expected length.
        expected: usize,
        /// The actual length.
        actual: usize,
    },
    /// No element of an array matched a required variant (`arrayContains` rule).
    NoElementLike {
        /// The index of the variant's example in the expected array.
        variant: usize,
    },
    /// The content's detected type is not the expected one (`contentType` rule).
    WrongContentType {
        /// The type the rule asks for.
        expected: String,
        /// The type detected from the content.
        detected: String,
    },
    /// The status is not in the class a `statusCode` rule asks for.
    WrongStatusClass {
        /// The class, in words (`a success (2xx) status`).
        class: String,
    },
    /// None of several alternatives (an `OR`-combined rule list) matched.
    NoneOf(Vec<MismatchReason>),
    /// Free text, for mismatches built with [`Mismatch::new`].
    Other(String),
}

impl MismatchReason {
    /// The sentence for this reason, given the rendered expected and actual values.
    ///
    /// ```
    /// use pact_core::mismatch::MismatchReason;
    /// let r = MismatchReason::TooFew { min: 2, actual: 1 };
    /// assert_eq!(r.sentence("[1]", "[1]"), "expected at least 2 items, got 1: [1]");
    /// ```
    pub fn sentence(&self, expected: &str, actual: &str) -> String {
        match self {
            MismatchReason::NotEqual => format!("expected {expected}, got {actual}"),
            MismatchReason::WrongType {
                expected_type,
                actual_type,
            } => format!(
                "expected {} {expected_type} like {expected}, got {actual} ({actual_type})",
                article(expected_type)
            ),
            MismatchReason::NoRegexMatch { pattern } => {
                format!("expected a value matching the regular expression /{pattern}/, got {actual}")
            }
            MismatchReason::NotIncluded { substring } => {
                format!("expected a value including {substring:?}, got {actual}")
            }
            MismatchReason::UnsupportedRule { rule } => {
                format!("the rule {rule} is not supported, so {actual} cannot be checked")
            }
            MismatchReason::NotA { what } => format!("expected {what}, got {actual}"),
            MismatchReason::Empty => format!("expected a non-empty value, got {actual}"),
            MismatchReason::Missing => format!("expected {expected} but it was missing"),
            MismatchReason::Unexpected => format!("unexpected {actual}, which the pact does not expect"),
            MismatchReason::TooFew { min, actual: n } => {
                format!("expected at least {min} item{}, got {n}: {actual}", plural(*min))
            }
            MismatchReason::TooMany { max, actual: n } => {
                format!("expected at most {max} item{}, got {n}: {actual}", plural(*max))
            }
            MismatchReason::LengthDiffers {
                expected: e,
                actual: a,
            } => format!("expected {e} item{} ({expected}), got {a} ({actual})", plural(*e)),
            MismatchReason::NoElementLike { variant } => format!(
                "expected the array to contain an element like {expected} (variant {variant}), got {actual}"
            ),
            MismatchReason::WrongContentType {
                expected: e,
                detected,
            } => format!("expected content of type {e}, got content that looks like {detected}"),
            MismatchReason::WrongStatusClass { class } => format!("expected {class}, got {actual}"),
            MismatchReason::NoneOf(reasons) => {
                let parts: Vec<String> = reasons.iter().map(|r| r.sentence(expected, actual)).collect();
                format!("none of the alternatives matched: {}", parts.join("; or "))
            }
            MismatchReason::Other(text) => text.clone(),
        }
    }
}

fn article(word: &str) -> &'static str {
    match word.chars().next() {
        Some(c) if "AEIOUaeiou".contains(c) => "an",
        _ => "a",
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 { "" } else { "s" }
}

/// One difference between expected and actual, with a human sentence.
///
/// `expected` and `actual` are short renderings of the values (`"Alice"`, `12345`, `<missing>`);
/// `reason` says why they do not match and `message` is the sentence built from the three.
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
    /// Why they do not match.
    pub reason: MismatchReason,
    /// The sentence (without the location).
    pub message: String,
}

impl Mismatch {
    /// A mismatch of `kind` with a free-text sentence.
    pub fn new(
        kind: MismatchKind,
        expected: impl Into<String>,
        actual: impl Into<String>,
        message: impl Into<String>,
    ) -> Self {
        let message = message.into();
        Mismatch {
            kind,
            expected: expected.into(),
            actual: actual.into(),
            reason: MismatchReason::Other(message.clone()),
            message,
        }
    }

    /// A mismatch of `kind` for a typed `reason`; the sentence is built from it.
    ///
    /// ```
    /// use pact_core::mismatch::{Mismatch, MismatchKind, MismatchReason};
    /// let m = Mismatch::because(MismatchKind::Header { name: "Accept".into() },
    ///     "\"text/plain\"", "<missing>", MismatchReason::Missing);
    /// assert_eq!(m.to_string(), "header 'Accept': expected \"text/plain\" but it was missing");
    /// ```
    pub fn because(
        kind: MismatchKind,
        expected: impl Into<String>,
        actual: impl Into<String>,
        reason: MismatchReason,
    ) -> Self {
        let expected = expected.into();
        let actual = actual.into();
        let message = reason.sentence(&expected, &actual);
        Mismatch {
            kind,
            expected,
            actual,
            reason,
            message,
        }
    }

    /// The sentence, without the location (`expected 200, got 404`).
    pub fn message(&self) -> &str {
        &self.message
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

impl Mismatch {
    /// The mismatch as the reference Pact tools write it in JSON (the mock server's mismatch
    /// answers, the verifier's JSON report): `type` (`BodyMismatch`, `HeaderMismatch`, …),
    /// `expected`, `actual`, `mismatch` (the sentence) and, where the kind names one, the
    /// query `parameter`, the header or metadata `key`, or the body `path`.
    ///
    /// ```
    /// use pact_core::mismatch::{Mismatch, MismatchKind, MismatchReason};
    /// let m = Mismatch::because(MismatchKind::Header { name: "Accept".into() },
    ///     "\"text/plain\"", "<missing>", MismatchReason::Missing);
    /// assert_eq!(m.to_reference_json(), serde_json::json!({
    ///     "type": "HeaderMismatch", "key": "Accept",
    ///     "expected": "\"text/plain\"", "actual": "<missing>",
    ///     "mismatch": "expected \"text/plain\" but it was missing",
    /// }));
    /// ```
    pub fn to_reference_json(&self) -> serde_json::Value {
        let (kind, named) = match &self.kind {
            MismatchKind::Method => ("MethodMismatch", None),
            MismatchKind::Path => ("PathMismatch", None),
            MismatchKind::Query { parameter } => ("QueryMismatch", Some(("parameter", parameter))),
            MismatchKind::Header { name } => ("HeaderMismatch", Some(("key", name))),
            MismatchKind::Status => ("StatusMismatch", None),
            MismatchKind::BodyType => ("BodyTypeMismatch", None),
            MismatchKind::Body { path } => ("BodyMismatch", Some(("path", path))),
            MismatchKind::Metadata { key } => ("MetadataMismatch", Some(("key", key))),
        };
        let mut value = serde_json::json!({
            "type": kind,
            "expected": self.expected,
            "actual": self.actual,
            "mismatch": self.message,
        });
        if let Some((field, text)) = named {
            value[field] = serde_json::Value::from(text.as_str());
        }
        value
    }
}

impl fmt::Display for Mismatch {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.location(), self.message)
    }
}
