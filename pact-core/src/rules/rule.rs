//! The matching rules of the specification and how they combine.

use serde_json::Value;

use super::{MatchingRules, Pattern};
use crate::Generators;
use crate::datetime::DateTimePattern;

/// How the rules of one list combine.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Combine {
    /// Every rule must match.
    #[default]
    And,
    /// At least one rule must match.
    Or,
}

/// The classes of status code a `statusCode` rule can ask for.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum StatusCodeClass {
    /// 1xx.
    Information,
    /// 2xx.
    Success,
    /// 3xx.
    Redirect,
    /// 4xx.
    ClientError,
    /// 5xx.
    ServerError,
    /// Anything below 400.
    NonError,
    /// 400 and above.
    Error,
    /// One of these codes.
    Codes(Vec<u16>),
}

/// One variant of an `arrayContains` rule: an example element with its own rules and generators.
#[derive(Debug, Clone, PartialEq)]
pub struct ArrayVariant {
    /// The index of the example element in the expected array.
    pub index: usize,
    /// Rules relative to the element (paths start at `$`, the element).
    pub rules: MatchingRules,
    /// Generators relative to the element.
    pub generators: Generators,
}

/// A matching rule of the Pact specification (V2–V4).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum MatchingRule {
    /// Values must be equal; resets the cascade of rules from parents.
    Equality,
    /// The value, as a string, must match the regular expression entirely.
    Regex(Pattern),
    /// The value must have the same type as the expected one (collections: each element like the example).
    Type,
    /// As `Type`, with at least `min` elements.
    MinType(usize),
    /// As `Type`, with at most `max` elements.
    MaxType(usize),
    /// As `Type`, with between `min` and `max` elements.
    MinMaxType(usize, usize),
    /// The value, as a string, must contain this substring.
    Include(String),
    /// An integer (or a string that is one, for headers, paths and queries).
    Integer,
    /// A number with a fractional part.
    Decimal,
    /// Any number.
    Number,
    /// A boolean (or `"true"`/`"false"` in text).
    Boolean,
    /// `null`.
    Null,
    /// A date in the given format (Java `DateTimeFormatter` pattern, read when the rule is read
    /// or built; default ISO `yyyy-MM-dd`).
    Date(Option<DateTimePattern>),
    /// A time in the given format (read once; default ISO `HH:mm:ss`).
    Time(Option<DateTimePattern>),
    /// A timestamp in the given format (read once; default ISO 8601 date-time).
    Timestamp(Option<DateTimePattern>),
    /// Objects: values are matched against the expected ones ignoring keys.
    Values,
    /// Arrays: each variant must be matched by some element of the actual array.
    ArrayContains(Vec<ArrayVariant>),
    /// Objects: every key must match these rules.
    EachKey(RuleList),
    /// Objects and arrays: every value must match these rules.
    EachValue(RuleList),
    /// The body's content type (sniffed from its bytes) must be this type.
    ContentType(String),
    /// A semantic version string.
    Semver,
    /// Not empty (non-empty string, array, object; not null).
    NotEmpty,
    /// The response status must be in this class.
    StatusCode(StatusCodeClass),
    /// A rule this implementation does not know (e.g. a plugin's), kept so it is written back unchanged.
    Unknown(Value),
}

impl MatchingRule {
    /// The `match` name written in pact files (`"type"`, `"regex"`, …).
    pub fn name(&self) -> &'static str {
        match self {
            MatchingRule::Equality => "equality",
            MatchingRule::Regex(_) => "regex",
            MatchingRule::Type | MatchingRule::MinType(_) | MatchingRule::MaxType(_) => "type",
            MatchingRule::MinMaxType(..) => "type",
            MatchingRule::Include(_) => "include",
            MatchingRule::Integer => "integer",
            MatchingRule::Decimal => "decimal",
            MatchingRule::Number => "number",
            MatchingRule::Boolean => "boolean",
            MatchingRule::Null => "null",
            MatchingRule::Date(_) => "date",
            MatchingRule::Time(_) => "time",
            MatchingRule::Timestamp(_) => "timestamp",
            MatchingRule::Values => "values",
            MatchingRule::ArrayContains(_) => "arrayContains",
            MatchingRule::EachKey(_) => "eachKey",
            MatchingRule::EachValue(_) => "eachValue",
            MatchingRule::ContentType(_) => "contentType",
            MatchingRule::Semver => "semver",
            MatchingRule::NotEmpty => "notEmpty",
            MatchingRule::StatusCode(_) => "statusCode",
            MatchingRule::Unknown(_) => "unknown",
        }
    }
}

/// Rules that apply together at one path, and how they combine.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct RuleList {
    /// The rules.
    pub rules: Vec<MatchingRule>,
    /// AND or OR.
    pub combine: Combine,
}

impl RuleList {
    /// A list of `rules` combined with `combine`.
    pub fn new(rules: Vec<MatchingRule>, combine: Combine) -> Self {
        RuleList { rules, combine }
    }

    /// One rule.
    pub fn single(rule: MatchingRule) -> Self {
        RuleList::new(vec![rule], Combine::And)
    }

    /// Whether there is no rule.
    pub fn is_empty(&self) -> bool {
        self.rules.is_empty()
    }
}
