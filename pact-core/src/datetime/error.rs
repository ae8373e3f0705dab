//! Why a date/time pattern or a date expression could not be used.

/// An error from a date/time pattern or a date expression, naming the text and the 1-based
/// character position of the problem.
///
/// ```
/// use pact_core::datetime::DateTimePattern;
/// let err = DateTimePattern::parse("yyyy-MM-dd'T").unwrap_err();
/// assert_eq!(
///     err.to_string(),
///     "invalid date/time pattern 'yyyy-MM-dd'T' at position 11: unterminated quoted text (add a closing ')"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum DateTimeError {
    /// The Java-style pattern cannot be read.
    #[error("invalid date/time pattern '{pattern}' at position {position}: {message}")]
    InvalidPattern {
        /// The pattern as written.
        pattern: String,
        /// 1-based character position of the problem.
        position: usize,
        /// What is wrong, in words.
        message: String,
    },
    /// The date expression (`+1 day`, `tomorrow @ noon`, …) cannot be read.
    #[error("invalid date expression '{expression}' at position {position}: {message}")]
    InvalidExpression {
        /// The expression as written.
        expression: String,
        /// 1-based character position of the problem.
        position: usize,
        /// What is wrong, in words.
        message: String,
    },
    /// The expression moves the date outside the range that can be represented.
    #[error("date expression '{expression}' leads outside the supported range of dates")]
    OutOfRange {
        /// The expression as written.
        expression: String,
    },
}
