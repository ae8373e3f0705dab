//! Dates and times: Java `DateTimeFormatter`-style patterns (as pact files use them) for the
//! `date`/`time`/`timestamp` matchers and the `Date`/`Time`/`DateTime` generators, and date
//! expressions such as `+1 day` or `tomorrow @ noon`.
//!
//! Checking a value:
//! ```
//! use pact_core::datetime::{matches_format, matches_iso_datetime};
//! assert!(matches_format("yyyy-MM-dd", "2024-02-29"));
//! assert!(!matches_format("yyyy-MM-dd", "2023-02-29"));
//! assert!(matches_format("EEE, dd MMM yyyy HH:mm:ss z", "Tue, 02 Jan 2024 08:00:00 GMT"));
//! assert!(matches_iso_datetime("2024-01-02T08:00:00.123+01:00"));
//! ```
//!
//! Generating one:
//! ```
//! use chrono::DateTime;
//! use pact_core::datetime::format_at;
//! let base = DateTime::parse_from_rfc3339("2000-01-01T10:00:00Z").unwrap();
//! assert_eq!(format_at("yyyy-MM-dd HH:mm", base, Some("+1 day @ noon")).unwrap(), "2000-01-02 12:00");
//! ```

mod error;
mod expression;
mod pattern;
mod value;

pub use error::DateTimeError;
pub use expression::{DateExpression, evaluate_expression};
pub use pattern::DateTimePattern;

use std::sync::LazyLock;

use chrono::{DateTime, FixedOffset};

use pattern::Token;

/// The pattern of the `Date` generator when none is given (ISO local date).
pub const DEFAULT_DATE_FORMAT: &str = "yyyy-MM-dd";
/// The pattern of the `Time` generator when none is given (ISO local time).
pub const DEFAULT_TIME_FORMAT: &str = "HH:mm:ss";
/// The pattern of the `DateTime` generator when none is given (ISO date-time with offset).
pub const DEFAULT_DATETIME_FORMAT: &str = "yyyy-MM-dd'T'HH:mm:ss.SSSXXX";

/// Whether `value` is a valid date/time in the Java-style `pattern` (e.g. `yyyy-MM-dd`).
///
/// An unreadable pattern matches nothing; use [`DateTimePattern::parse`] to learn why, and to keep
/// the parsed pattern for many values.
///
/// ```
/// use pact_core::datetime::matches_format;
/// assert!(matches_format("hh:mm a", "09:30 PM"));
/// assert!(!matches_format("hh:mm a", "21:30 PM"));
/// assert!(matches_format("yyyy-MM-dd HH:mm:ss.SSSSSS", "2024-05-01 23:59:59.000001"));
/// assert!(!matches_format("yyyy-MM-ddTHH", "2024-05-01T23")); // `T` must be quoted
/// ```
pub fn matches_format(pattern: &str, value: &str) -> bool {
    DateTimePattern::parse(pattern).is_ok_and(|p| p.matches(value))
}

/// Whether an ISO 8601 value may, must or must not end with a UTC offset (`Z`, `+01:00`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum IsoOffset {
    /// With or without an offset (the `date`/`time`/`timestamp` matchers).
    Optional,
    /// An offset must follow (RFC 3339 `date-time`, e.g. OpenAPI's `date-time` format).
    Required,
    /// No offset (RFC 3339 `full-date`, e.g. OpenAPI's `date` format).
    Forbidden,
}

/// The one ISO 8601 date/time validator of the workspace: whether `value` is an ISO date
/// (`2024-01-31`), time (`HH:mm`, optional `:ss` and a fraction of 1 to 9 digits) or date-time
/// (date, `T`, time) of `kind`, with or without an offset as `offset` says. Calendar-correct:
/// February 29th only in leap years, no 31st in 30-day months, hours below 24.
///
/// ```
/// use pact_core::datetime::{DateTimeKind, IsoOffset, matches_iso};
/// assert!(matches_iso(DateTimeKind::Date, IsoOffset::Optional, "2024-02-29"));
/// assert!(!matches_iso(DateTimeKind::Date, IsoOffset::Optional, "2023-02-29"));
/// assert!(!matches_iso(DateTimeKind::Date, IsoOffset::Optional, "2023-04-31"));
/// assert!(matches_iso(DateTimeKind::DateTime, IsoOffset::Required, "2015-06-10T20:41:37.5+02:00"));
/// assert!(!matches_iso(DateTimeKind::DateTime, IsoOffset::Required, "2015-06-10T20:41:37"));
/// assert!(!matches_iso(DateTimeKind::Date, IsoOffset::Forbidden, "2015-06-10Z"));
/// ```
pub fn matches_iso(kind: DateTimeKind, offset: IsoOffset, value: &str) -> bool {
    iso_pattern(kind, offset).matches(value)
}

/// The pattern [`matches_iso`] checks with (read once, shared).
///
/// ```
/// use pact_core::datetime::{DateTimeKind, IsoOffset, iso_pattern};
/// assert_eq!(iso_pattern(DateTimeKind::Date, IsoOffset::Optional).as_str(), "ISO date (yyyy-MM-dd)");
/// ```
pub fn iso_pattern(kind: DateTimeKind, offset: IsoOffset) -> &'static DateTimePattern {
    static PATTERNS: LazyLock<Vec<DateTimePattern>> = LazyLock::new(|| {
        let kinds = [DateTimeKind::Date, DateTimeKind::Time, DateTimeKind::DateTime];
        let offsets = [IsoOffset::Optional, IsoOffset::Required, IsoOffset::Forbidden];
        kinds
            .iter()
            .flat_map(|kind| offsets.iter().map(move |offset| build_iso(*kind, *offset)))
            .collect()
    });
    let row = match kind {
        DateTimeKind::Date => 0,
        DateTimeKind::Time => 1,
        DateTimeKind::DateTime => 2,
    };
    let column = match offset {
        IsoOffset::Optional => 0,
        IsoOffset::Required => 1,
        IsoOffset::Forbidden => 2,
    };
    &PATTERNS[row * 3 + column]
}

fn build_iso(kind: DateTimeKind, offset: IsoOffset) -> DateTimePattern {
    let (mut tokens, name) = match kind {
        DateTimeKind::Date => (date_tokens(), "ISO date (yyyy-MM-dd)"),
        DateTimeKind::Time => (time_tokens(), "ISO time (HH:mm:ss)"),
        DateTimeKind::DateTime => {
            let mut tokens = date_tokens();
            tokens.push(Token::Literal("T".into()));
            tokens.extend(time_tokens());
            (tokens, "ISO date-time (yyyy-MM-dd'T'HH:mm:ss)")
        }
    };
    match offset {
        IsoOffset::Optional => tokens.push(Token::Optional(vec![Token::IsoOffset])),
        IsoOffset::Required => tokens.push(Token::IsoOffset),
        IsoOffset::Forbidden => {}
    }
    DateTimePattern::from_tokens(name, tokens)
}

/// The ISO date the `date` matcher expects without a format: `2024-01-31`, optionally with an
/// offset (`2024-01-31+01:00`); see [`matches_iso`].
pub fn iso_date() -> &'static DateTimePattern {
    iso_pattern(DateTimeKind::Date, IsoOffset::Optional)
}

/// The ISO time the `time` matcher expects without a format: `HH:mm`, optional `:ss` and fraction
/// of 1 to 9 digits, optional offset; see [`matches_iso`].
pub fn iso_time() -> &'static DateTimePattern {
    iso_pattern(DateTimeKind::Time, IsoOffset::Optional)
}

/// The ISO date-time the `timestamp` matcher expects without a format:
/// `2024-01-31T10:00[:00[.123456789]][Z|+01:00]`; see [`matches_iso`].
pub fn iso_datetime() -> &'static DateTimePattern {
    iso_pattern(DateTimeKind::DateTime, IsoOffset::Optional)
}

fn field(letter: char, count: usize) -> Token {
    Token::Field { letter, count }
}

fn date_tokens() -> Vec<Token> {
    vec![
        field('y', 4),
        Token::Literal("-".into()),
        field('M', 2),
        Token::Literal("-".into()),
        field('d', 2),
    ]
}

fn time_tokens() -> Vec<Token> {
    vec![
        field('H', 2),
        Token::Literal(":".into()),
        field('m', 2),
        Token::Optional(vec![
            Token::Literal(":".into()),
            field('s', 2),
            Token::Optional(vec![
                Token::Literal(".".into()),
                Token::Fraction { min: 1, max: 9 },
            ]),
        ]),
    ]
}

/// Whether `value` is an ISO date (see [`iso_date`]).
///
/// ```
/// assert!(pact_core::datetime::matches_iso_date("2000-02-29"));
/// assert!(!pact_core::datetime::matches_iso_date("1900-02-29"));
/// ```
pub fn matches_iso_date(value: &str) -> bool {
    iso_date().matches(value)
}

/// Whether `value` is an ISO time (see [`iso_time`]).
///
/// ```
/// assert!(pact_core::datetime::matches_iso_time("23:59:59.999"));
/// assert!(!pact_core::datetime::matches_iso_time("24:00:00"));
/// ```
pub fn matches_iso_time(value: &str) -> bool {
    iso_time().matches(value)
}

/// Whether `value` is an ISO date-time (see [`iso_datetime`]).
///
/// ```
/// assert!(pact_core::datetime::matches_iso_datetime("2015-06-10T20:41:37"));
/// assert!(!pact_core::datetime::matches_iso_datetime("2015-06-10T22:98:78"));
/// ```
pub fn matches_iso_datetime(value: &str) -> bool {
    iso_datetime().matches(value)
}

/// Whether `value` matches `pattern`, or the ISO default of `kind` when there is no pattern.
///
/// ```
/// use pact_core::datetime::{DateTimeKind, matches};
/// assert!(matches(DateTimeKind::Date, None, "2024-01-31"));
/// assert!(matches(DateTimeKind::Date, Some("dd.MM.yyyy"), "31.01.2024"));
/// assert!(!matches(DateTimeKind::Time, None, "2024-01-31"));
/// ```
pub fn matches(kind: DateTimeKind, pattern: Option<&str>, value: &str) -> bool {
    match pattern {
        Some(pattern) => matches_format(pattern, value),
        None => matches_iso(kind, IsoOffset::Optional, value),
    }
}

/// Which of the three date/time matchers or generators is meant.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum DateTimeKind {
    /// A date (`date` matcher, `Date` generator).
    Date,
    /// A time of day (`time` matcher, `Time` generator).
    Time,
    /// A date and time (`timestamp` matcher, `DateTime` generator).
    DateTime,
}

impl DateTimeKind {
    /// The generator's pattern when the pact gives none.
    pub fn default_format(self) -> &'static str {
        match self {
            DateTimeKind::Date => DEFAULT_DATE_FORMAT,
            DateTimeKind::Time => DEFAULT_TIME_FORMAT,
            DateTimeKind::DateTime => DEFAULT_DATETIME_FORMAT,
        }
    }
}

/// `base` moved by `expression` (if any), written in `pattern`.
///
/// ```
/// use chrono::DateTime;
/// use pact_core::datetime::format_at;
/// let base = DateTime::parse_from_rfc3339("2000-01-01T10:00:00+02:00").unwrap();
/// assert_eq!(format_at("yyyy-MM-dd", base, Some("next monday")).unwrap(), "2000-01-03");
/// assert_eq!(format_at("HH:mm XXX", base, Some("@ 2 pm")).unwrap(), "14:00 +02:00");
/// let err = format_at("yyyy", base, Some("+1 dya")).unwrap_err();
/// assert!(err.to_string().starts_with("invalid date expression '+1 dya' at position 4"));
/// ```
pub fn format_at(
    pattern: &str,
    base: DateTime<FixedOffset>,
    expression: Option<&str>,
) -> Result<String, DateTimeError> {
    let pattern = DateTimePattern::parse(pattern)?;
    let at = match expression {
        Some(expression) => evaluate_expression(expression, base)?,
        None => base,
    };
    Ok(pattern.format(&at))
}

/// The current local date/time, moved by `expression`, written in `pattern`.
///
/// ```
/// let year = pact_core::datetime::format_now("yyyy", Some("+1 year")).unwrap();
/// assert_eq!(year.len(), 4);
/// ```
pub fn format_now(pattern: &str, expression: Option<&str>) -> Result<String, DateTimeError> {
    format_at(pattern, now(), expression)
}

/// The current local date/time with its offset.
pub fn now() -> DateTime<FixedOffset> {
    chrono::Local::now().fixed_offset()
}
