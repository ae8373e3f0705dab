//! Why a generator could not produce a value, and where that happened.

use std::fmt;

use crate::datetime::DateTimeError;
use crate::limits::LimitKind;
use crate::rules::Category;

/// Why one generator could not produce a value. The original value is kept in its place.
///
/// ```
/// use pact_core::generators::GeneratorError;
/// let err = GeneratorError::MissingProviderStateValue { expression: "/users/${id}".into(), name: "id".into() };
/// assert_eq!(
///     err.to_string(),
///     "the provider state gave no value for 'id' (needed by the expression '/users/${id}')"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
pub enum GeneratorError {
    /// `RandomInt` with `min` above `max`.
    #[error("RandomInt has min {min} greater than max {max}")]
    InvalidRange {
        /// Lower bound.
        min: i64,
        /// Upper bound.
        max: i64,
    },
    /// `RandomDecimal` with no digits.
    #[error("RandomDecimal needs at least one digit")]
    NoDigits,
    /// The regex of a `Regex` or `MockServerURL` generator cannot be used.
    #[error("cannot generate from the regex '{regex}': {message}")]
    InvalidRegex {
        /// The regex as written.
        regex: String,
        /// What is wrong with it.
        message: String,
    },
    /// The format or expression of a `Date`/`Time`/`DateTime` generator is invalid.
    #[error(transparent)]
    DateTime(#[from] DateTimeError),
    /// A `${name}` of a `ProviderState` expression has no value in the context.
    #[error("the provider state gave no value for '{name}' (needed by the expression '{expression}')")]
    MissingProviderStateValue {
        /// The generator's expression.
        expression: String,
        /// The missing name.
        name: String,
    },
    /// A `${` without its closing `}`.
    #[error("the expression '{expression}' has an unclosed '${{'")]
    UnclosedPlaceholder {
        /// The generator's expression.
        expression: String,
    },
    /// The value cannot be converted to the generator's `dataType`.
    #[error("cannot convert {value} to {data_type}")]
    CannotConvert {
        /// The value, as JSON.
        value: String,
        /// The requested type (`INTEGER`, `DECIMAL`, …).
        data_type: String,
    },
    /// A `MockServerURL` generator ran without a mock server URL in the context.
    #[error("no mock server URL is known to replace the base of '{example}'")]
    NoMockServerUrl {
        /// The example URL.
        example: String,
    },
    /// The regex of a `MockServerURL` generator does not match its example, or has no group.
    #[error("the regex '{regex}' does not capture the path of the example '{example}'")]
    ExampleNotMatched {
        /// The example URL.
        example: String,
        /// The regex.
        regex: String,
    },
    /// The generated value does not fit where it goes (e.g. a status that is not a number).
    #[error("the generated value {value} cannot be used as {target}")]
    WrongTarget {
        /// The generated value, as JSON.
        value: String,
        /// What it was meant to be (`a status code`, …).
        target: &'static str,
    },
    /// A generator type this implementation does not know.
    #[error("unknown generator {0}")]
    Unknown(String),
    /// The generator asks for more than the [`Limits`](crate::limits::Limits) allow (nothing
    /// was allocated for it).
    #[error("{what} is above the limit of {limit} ({kind})")]
    LimitExceeded {
        /// What asks for too much, with its number (`RandomString size 10000000000`).
        what: String,
        /// Which limit.
        kind: LimitKind,
        /// The limit in force.
        limit: usize,
    },
}

/// A generator that failed while a request, response or message was generated: where, and why.
///
/// ```
/// use pact_core::generators::{GeneratorError, GeneratorFailure};
/// use pact_core::Category;
/// let failure = GeneratorFailure {
///     category: Category::Body,
///     path: "$.id".into(),
///     error: GeneratorError::NoDigits,
/// };
/// assert_eq!(failure.to_string(), "body generator at $.id: RandomDecimal needs at least one digit");
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct GeneratorFailure {
    /// The category of the generator.
    pub category: Category,
    /// Its path or name within the category (`$.items[*].id`, `X-Request-Id`, `$`).
    pub path: String,
    /// Why it failed.
    pub error: GeneratorError,
}

impl fmt::Display for GeneratorFailure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} generator at {}: {}",
            self.category.as_str(),
            self.path,
            self.error
        )
    }
}

impl std::error::Error for GeneratorFailure {}
