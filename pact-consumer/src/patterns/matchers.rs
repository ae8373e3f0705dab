//! The matcher and generator functions: each returns a [`JsonPattern`] that composes inside
//! [`pact_json!`](crate::pact_json) bodies, paths, query parameters and headers.
//!
//! Misuse (a regular expression that does not compile, an example that does not match its own
//! regular expression) panics at once with a message saying what to fix: these run in tests,
//! where a loud early failure is what a user wants.

use pact_core::datetime::DateTimePattern;
use pact_core::generators::UuidFormat;
use pact_core::rules::Pattern;
use pact_core::{Generator, MatchingRule, RuleList};
use serde_json::Value;

use super::{EachLike, JsonPattern, Matched, Shape};

/// The regular expression of a lower-case, hyphenated UUID.
pub const UUID_REGEX: &str = r"^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$";

/// Any value of the same type as `example` (for objects: the same keys with values of the same
/// types; for arrays: every element like the example's).
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(like("Alice").to_example(), json!("Alice"));
/// ```
pub fn like(example: impl Into<JsonPattern>) -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::Type], example)
}

/// An array whose every element looks like `template`; at least one element unless
/// [`EachLike::min`] says otherwise, with [`EachLike::max`] as an upper bound.
///
/// ```
/// use pact_consumer::prelude::*;
/// let tags = JsonPattern::from(each_like("red").min(2));
/// assert_eq!(tags.to_example(), json!(["red", "red"]));
/// ```
pub fn each_like(template: impl Into<JsonPattern>) -> EachLike {
    EachLike::new(template)
}

/// A string matching the regular expression `regex` entirely; `example` is sent or answered.
///
/// # Panics
/// When `regex` does not compile or `example` does not match it.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(term(r"^\d+$", "42").to_example(), json!("42"));
/// ```
pub fn term(regex: &str, example: impl Into<String>) -> JsonPattern {
    let example = example.into();
    let pattern = compile(regex);
    assert!(
        full_match(&pattern, &example),
        "term({regex:?}, {example:?}): the example does not match the regular expression; \
         give an example the provider could really return"
    );
    JsonPattern::matched(vec![MatchingRule::Regex(pattern)], example)
}

/// Another name for [`term`].
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(regex("^[a-z]+$", "abc"), term("^[a-z]+$", "abc"));
/// ```
pub fn regex(regex: &str, example: impl Into<String>) -> JsonPattern {
    term(regex, example)
}

/// Any integer.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(integer(42).to_example(), json!(42));
/// ```
pub fn integer(example: i64) -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::Integer], example)
}

/// Any number with a fractional part.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(decimal(9.99).to_example(), json!(9.99));
/// ```
pub fn decimal(example: f64) -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::Decimal], example)
}

/// Any number, integer or decimal.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(number(3).to_example(), json!(3));
/// ```
pub fn number(example: impl Into<Value>) -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::Number], example.into())
}

/// Any boolean.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(boolean(true).to_example(), json!(true));
/// ```
pub fn boolean(example: bool) -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::Boolean], example)
}

/// Any string.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(string("Alice").to_example(), json!("Alice"));
/// ```
pub fn string(example: impl Into<String>) -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::Type], example.into())
}

/// A string that contains `value` (which is also the example).
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(include("json").to_example(), json!("json"));
/// ```
pub fn include(value: impl Into<String>) -> JsonPattern {
    let value = value.into();
    JsonPattern::matched(vec![MatchingRule::Include(value.clone())], value)
}

/// `null`.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(null().to_example(), json!(null));
/// ```
pub fn null() -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::Null], Value::Null)
}

/// A date in `format`, a Java `DateTimeFormatter` pattern such as `yyyy-MM-dd`.
///
/// # Panics
///
/// When `format` is not a pattern (e.g. an unquoted letter: `yyyy-MM-ddTHH`), naming the problem.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(date("yyyy-MM-dd", "2024-02-29").to_example(), json!("2024-02-29"));
/// ```
pub fn date(format: &str, example: impl Into<String>) -> JsonPattern {
    JsonPattern::matched(
        vec![MatchingRule::Date(Some(date_time_pattern(format)))],
        example.into(),
    )
}

/// A time in `format`, such as `HH:mm:ss`.
///
/// # Panics
///
/// When `format` is not a pattern, naming the problem.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(time("HH:mm", "09:30").to_example(), json!("09:30"));
/// ```
pub fn time(format: &str, example: impl Into<String>) -> JsonPattern {
    JsonPattern::matched(
        vec![MatchingRule::Time(Some(date_time_pattern(format)))],
        example.into(),
    )
}

/// A date and time in `format`, such as `yyyy-MM-dd'T'HH:mm:ss`.
///
/// # Panics
///
/// When `format` is not a pattern, naming the problem.
///
/// ```
/// use pact_consumer::prelude::*;
/// let at = datetime("yyyy-MM-dd'T'HH:mm:ss", "2024-02-29T09:30:00");
/// assert_eq!(at.to_example(), json!("2024-02-29T09:30:00"));
/// ```
pub fn datetime(format: &str, example: impl Into<String>) -> JsonPattern {
    JsonPattern::matched(
        vec![MatchingRule::Timestamp(Some(date_time_pattern(format)))],
        example.into(),
    )
}

/// Another name for [`datetime`].
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(timestamp("yyyy", "2024"), datetime("yyyy", "2024"));
/// ```
pub fn timestamp(format: &str, example: impl Into<String>) -> JsonPattern {
    datetime(format, example)
}

/// A lower-case hyphenated UUID.
///
/// # Panics
/// When `example` is not one.
///
/// ```
/// use pact_consumer::prelude::*;
/// let id = uuid("2f6c2c8e-8a43-4b7e-9f57-0d6f8ad1c7a1");
/// assert_eq!(id.to_example(), json!("2f6c2c8e-8a43-4b7e-9f57-0d6f8ad1c7a1"));
/// ```
pub fn uuid(example: impl Into<String>) -> JsonPattern {
    term(UUID_REGEX, example)
}

/// Exactly `example`; stops rules of enclosing matchers (such as [`like`]) from cascading here.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(equality("v1").to_example(), json!("v1"));
/// ```
pub fn equality(example: impl Into<JsonPattern>) -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::Equality], example)
}

/// An object whose values match the example's values, whatever the keys.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(values(json!({"a": 1})).to_example(), json!({"a": 1}));
/// ```
pub fn values(example: impl Into<JsonPattern>) -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::Values], example)
}

/// An array that contains, in any order and among other elements, one element matching each variant.
///
/// ```
/// use pact_consumer::prelude::*;
/// let events = array_containing([pact_json!({"type": "created"}), pact_json!({"id": integer(1)})]);
/// assert_eq!(events.to_example(), json!([{"type": "created"}, {"id": 1}]));
/// ```
pub fn array_containing<P: Into<JsonPattern>>(variants: impl IntoIterator<Item = P>) -> JsonPattern {
    JsonPattern::Matched(Box::new(Matched {
        rules: Vec::new(),
        generator: None,
        shape: Shape::ArrayContaining(variants.into_iter().map(Into::into).collect()),
    }))
}

/// An object every key of which matches the rules of `key` (e.g. a [`term`]).
///
/// ```
/// use pact_consumer::prelude::*;
/// let scores = each_key(json!({"alice": 3}), term("^[a-z]+$", "alice"));
/// assert_eq!(scores.to_example(), json!({"alice": 3}));
/// ```
pub fn each_key(example: impl Into<JsonPattern>, key: impl Into<JsonPattern>) -> JsonPattern {
    let key = key.into();
    let rules = RuleList::new(key.own_rules().to_vec(), Default::default());
    JsonPattern::matched(vec![MatchingRule::EachKey(rules)], example)
}

/// An object or array every value of which matches the rules of `value` (e.g. [`integer`]).
///
/// ```
/// use pact_consumer::prelude::*;
/// let scores = each_value(json!({"alice": 3}), integer(3));
/// assert_eq!(scores.to_example(), json!({"alice": 3}));
/// ```
pub fn each_value(example: impl Into<JsonPattern>, value: impl Into<JsonPattern>) -> JsonPattern {
    let value = value.into();
    let rules = RuleList::new(value.own_rules().to_vec(), Default::default());
    JsonPattern::matched(vec![MatchingRule::EachValue(rules)], example)
}

/// A semantic version such as `1.2.3`.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(semver("1.2.3").to_example(), json!("1.2.3"));
/// ```
pub fn semver(example: impl Into<String>) -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::Semver], example.into())
}

/// A value of the example's type that is not empty (no empty string, array or object, no `null`).
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(not_empty("x").to_example(), json!("x"));
/// ```
pub fn not_empty(example: impl Into<JsonPattern>) -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::NotEmpty], example)
}

/// A body whose content (sniffed from its bytes) is of `content_type`.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(content_type("text/plain", "hello").to_example(), json!("hello"));
/// ```
pub fn content_type(content_type: &str, example: impl Into<JsonPattern>) -> JsonPattern {
    JsonPattern::matched(vec![MatchingRule::ContentType(content_type.into())], example)
}

/// A value the provider fills in from its provider-state set-up: `expression` names values with
/// `${name}` (the verifier replaces them); the consumer side uses `example`.
///
/// ```
/// use pact_consumer::prelude::*;
/// let path = from_provider_state("/users/${id}", "/users/42");
/// assert_eq!(path.to_example(), json!("/users/42"));
/// ```
pub fn from_provider_state(expression: &str, example: impl Into<Value>) -> JsonPattern {
    let example = example.into();
    let data_type = match &example {
        Value::Number(n) if n.is_i64() || n.is_u64() => Some("INTEGER"),
        Value::Number(_) => Some("DECIMAL"),
        Value::Bool(_) => Some("BOOLEAN"),
        Value::String(_) => Some("STRING"),
        _ => Some("RAW"),
    };
    like(example).with_generator(Generator::ProviderState {
        expression: expression.into(),
        data_type: data_type.map(str::to_string),
    })
}

/// A random integer in `min..=max`, new in every mock-server response.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(random_int(1, 100).to_example(), json!(1));
/// ```
pub fn random_int(min: i64, max: i64) -> JsonPattern {
    integer(min).with_generator(Generator::RandomInt { min, max })
}

/// A random decimal with `digits` digits.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(random_decimal(4).to_example(), json!(1.5));
/// ```
pub fn random_decimal(digits: usize) -> JsonPattern {
    decimal(1.5).with_generator(Generator::RandomDecimal { digits })
}

/// A random hexadecimal string of `digits` digits (the example holds at most
/// [`Limits::max_generated_length`](pact_core::limits::Limits) of the default limits).
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(random_hex(4).to_example(), json!("abcd"));
/// ```
pub fn random_hex(digits: usize) -> JsonPattern {
    let shown = digits.min(pact_core::limits::Limits::default().max_generated_length);
    let example: String = "0123456789abcdef".chars().cycle().skip(10).take(shown).collect();
    term("^[0-9a-fA-F]+$", example).with_generator(Generator::RandomHexadecimal { digits })
}

/// A random alphanumeric string of `size` characters (the example holds at most
/// [`Limits::max_generated_length`](pact_core::limits::Limits) of the default limits).
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(random_string(3).to_example(), json!("xxx"));
/// ```
pub fn random_string(size: usize) -> JsonPattern {
    let shown = size.min(pact_core::limits::Limits::default().max_generated_length);
    string("x".repeat(shown)).with_generator(Generator::RandomString { size })
}

/// A random UUID (lower-case, hyphenated), new in every mock-server response.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(random_uuid().to_example(), json!("e2490de5-5bd3-43d5-b7c4-526e33f71304"));
/// ```
pub fn random_uuid() -> JsonPattern {
    uuid("e2490de5-5bd3-43d5-b7c4-526e33f71304").with_generator(Generator::Uuid {
        format: UuidFormat::LowerCaseHyphenated,
    })
}

/// A random boolean.
///
/// ```
/// use pact_consumer::prelude::*;
/// assert_eq!(random_boolean().to_example(), json!(true));
/// ```
pub fn random_boolean() -> JsonPattern {
    boolean(true).with_generator(Generator::RandomBoolean)
}

/// A URL pointing at the running mock server: the mock server answers `example` with its base
/// replaced by its own URL; `regex`'s first group is the part of the path kept.
///
/// ```
/// use pact_consumer::prelude::*;
/// let link = mock_server_url(r"^.*(/orders/\d+)$", "http://localhost:8080/orders/1");
/// assert_eq!(link.to_example(), json!("http://localhost:8080/orders/1"));
/// ```
pub fn mock_server_url(regex: &str, example: impl Into<String>) -> JsonPattern {
    let example = example.into();
    term(regex, example.clone()).with_generator(Generator::MockServerUrl {
        example,
        regex: regex.into(),
    })
}

fn date_time_pattern(format: &str) -> DateTimePattern {
    match DateTimePattern::parse(format) {
        Ok(pattern) => pattern,
        Err(err) => panic!("the date/time format {format:?} cannot be read: {err}"),
    }
}

fn compile(regex: &str) -> Pattern {
    match Pattern::new(regex) {
        Ok(pattern) => pattern,
        Err(err) => panic!("the regular expression {regex:?} does not compile: {err}"),
    }
}

fn full_match(pattern: &Pattern, text: &str) -> bool {
    pattern.is_full_match(text)
}
