//! Evaluating matching rules on one value.
//!
//! Values come from many places: JSON bodies, header and query strings, XML attributes and text,
//! status codes and raw bytes; [`Val`] wraps them so every matcher is written once.

use serde_json::Value;

use super::formats;
use crate::datetime::{DateTimeKind, DateTimePattern, IsoOffset, matches_iso};
use crate::mismatch::MismatchReason;
use crate::rules::{Combine, MatchingRule, RuleList, StatusCodeClass};

/// A value a rule can be evaluated on.
#[derive(Debug, Clone, Copy)]
pub(crate) enum Val<'a> {
    /// A JSON value (bodies, metadata).
    Json(&'a Value),
    /// Text (headers, query parameters, paths, XML attributes and text, text bodies).
    Text(&'a str),
    /// A response status.
    Status(u16),
    /// Raw bytes (binary bodies, multipart parts).
    Bytes(&'a [u8]),
}

impl Val<'_> {
    /// The value as text, when it has a textual form (numbers and booleans do; containers don't).
    pub(crate) fn as_text(&self) -> Option<std::borrow::Cow<'_, str>> {
        use std::borrow::Cow;
        match self {
            Val::Json(Value::String(s)) => Some(Cow::Borrowed(s.as_str())),
            Val::Json(v @ (Value::Number(_) | Value::Bool(_))) => Some(Cow::Owned(v.to_string())),
            Val::Json(_) => None,
            Val::Text(s) => Some(Cow::Borrowed(s)),
            Val::Status(code) => Some(Cow::Owned(code.to_string())),
            Val::Bytes(b) => std::str::from_utf8(b).ok().map(Cow::Borrowed),
        }
    }

    /// The name of the value's type, as reports show it: `String`, `Integer`, `Decimal`,
    /// `Boolean`, `Null`, `Array`, `Object`, `Text`, `Status`, `Bytes`.
    pub(crate) fn type_name(&self) -> &'static str {
        match self {
            Val::Json(v) => json_type_name(v),
            Val::Text(_) => "String",
            Val::Status(_) => "Integer",
            Val::Bytes(_) => "Bytes",
        }
    }

    /// A short rendering for reports: `"Alice"`, `12345`, `{"a":1}` (long values are cut).
    pub(crate) fn render(&self) -> String {
        match self {
            Val::Json(v) => render_json(v),
            Val::Text(s) => cut(&format!("{s:?}")),
            Val::Status(code) => code.to_string(),
            Val::Bytes(b) => match std::str::from_utf8(b) {
                Ok(text) => cut(&format!("{text:?}")),
                Err(_) => format!("<{} bytes>", b.len()),
            },
        }
    }
}

/// The report name of a JSON value's type.
pub(crate) fn json_type_name(value: &Value) -> &'static str {
    match value {
        Value::Null => "Null",
        Value::Bool(_) => "Boolean",
        Value::Number(n) if n.is_f64() => "Decimal",
        Value::Number(_) => "Integer",
        Value::String(_) => "String",
        Value::Array(_) => "Array",
        Value::Object(_) => "Object",
    }
}

/// A short JSON rendering for reports.
pub(crate) fn render_json(value: &Value) -> String {
    cut(&value.to_string())
}

fn cut(text: &str) -> String {
    const MAX: usize = 80;
    if text.chars().count() <= MAX {
        return text.to_string();
    }
    let mut out: String = text.chars().take(MAX).collect();
    out.push('…');
    out
}

/// Whether two JSON values are the same kind of thing (numbers are one kind).
pub(crate) fn same_json_kind(a: &Value, b: &Value) -> bool {
    std::mem::discriminant(a) == std::mem::discriminant(b)
}

/// JSON equality where numbers compare by value (`1` equals `1.0`).
pub(crate) fn json_equal(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => match (x.as_i64(), y.as_i64(), x.as_u64(), y.as_u64()) {
            (Some(i), Some(j), _, _) => i == j,
            (_, _, Some(i), Some(j)) => i == j,
            _ => x.as_f64() == y.as_f64(),
        },
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(p, q)| json_equal(p, q))
        }
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len() && x.iter().all(|(k, v)| y.get(k).is_some_and(|w| json_equal(v, w)))
        }
        _ => a == b,
    }
}

/// Whether a rule only says something about leaf values (and so is not evaluated on a container
/// when both sides are containers; it cascades to the leaves instead).
pub(crate) fn is_leaf_rule(rule: &MatchingRule) -> bool {
    matches!(
        rule,
        MatchingRule::Regex(_)
            | MatchingRule::Include(_)
            | MatchingRule::Integer
            | MatchingRule::Decimal
            | MatchingRule::Number
            | MatchingRule::Boolean
            | MatchingRule::Date(_)
            | MatchingRule::Time(_)
            | MatchingRule::Timestamp(_)
            | MatchingRule::Semver
            | MatchingRule::StatusCode(_)
    )
}

/// Whether a rule is `type` or one of its sized forms.
pub(crate) fn is_type_rule(rule: &MatchingRule) -> bool {
    matches!(
        rule,
        MatchingRule::Type
            | MatchingRule::MinType(_)
            | MatchingRule::MaxType(_)
            | MatchingRule::MinMaxType(..)
    )
}

/// Evaluates the rules of `list` accepted by `keep`, combined with AND or OR. Rules that `keep`
/// rejects count as absent; a list with none left passes.
pub(crate) fn eval_list(
    list: &RuleList,
    keep: impl Fn(&MatchingRule) -> bool,
    expected: Option<Val<'_>>,
    actual: Val<'_>,
) -> Result<(), MismatchReason> {
    let mut failures = Vec::new();
    let mut considered = 0;
    for rule in list.rules.iter().filter(|r| keep(r)) {
        considered += 1;
        match eval_rule(rule, expected, actual) {
            Ok(()) if list.combine == Combine::Or => return Ok(()),
            Ok(()) => {}
            Err(reason) if list.combine == Combine::And => return Err(reason),
            Err(reason) => failures.push(reason),
        }
    }
    if considered == 0 || failures.is_empty() {
        return Ok(());
    }
    if failures.len() == 1 {
        return Err(failures.remove(0));
    }
    Err(MismatchReason::NoneOf(failures))
}

/// Checks a collection size against a sized `type` rule.
pub(crate) fn check_size(rule: &MatchingRule, len: usize) -> Result<(), MismatchReason> {
    let (min, max) = match rule {
        MatchingRule::MinType(min) => (Some(*min), None),
        MatchingRule::MaxType(max) => (None, Some(*max)),
        MatchingRule::MinMaxType(min, max) => (Some(*min), Some(*max)),
        _ => (None, None),
    };
    if let Some(min) = min.filter(|m| len < *m) {
        return Err(MismatchReason::TooFew { min, actual: len });
    }
    if let Some(max) = max.filter(|m| len > *m) {
        return Err(MismatchReason::TooMany { max, actual: len });
    }
    Ok(())
}

/// Evaluates one rule on `actual` (with `expected` as the example, where the rule needs one).
pub(crate) fn eval_rule(
    rule: &MatchingRule,
    expected: Option<Val<'_>>,
    actual: Val<'_>,
) -> Result<(), MismatchReason> {
    let not_a = |what: &str| Err(MismatchReason::NotA { what: what.into() });
    match rule {
        MatchingRule::Equality => match expected {
            Some(e) if !equal(e, actual) => Err(MismatchReason::NotEqual),
            _ => Ok(()),
        },
        MatchingRule::Type
        | MatchingRule::MinType(_)
        | MatchingRule::MaxType(_)
        | MatchingRule::MinMaxType(..) => {
            check_type(expected, actual)?;
            match actual {
                Val::Json(Value::Array(items)) => check_size(rule, items.len()),
                _ => Ok(()),
            }
        }
        MatchingRule::Regex(pattern) => match actual.as_text() {
            Some(text) if pattern.is_full_match(&text) => Ok(()),
            _ => Err(MismatchReason::NoRegexMatch {
                pattern: pattern.as_str().to_string(),
            }),
        },
        MatchingRule::Include(substring) => match actual.as_text() {
            Some(text) if text.contains(substring.as_str()) => Ok(()),
            _ => Err(MismatchReason::NotIncluded {
                substring: substring.clone(),
            }),
        },
        MatchingRule::Integer => match actual {
            Val::Json(Value::Number(n)) if n.is_i64() || n.is_u64() => Ok(()),
            Val::Status(_) => Ok(()),
            Val::Text(t) if t.parse::<i128>().is_ok() => Ok(()),
            _ => not_a("an integer"),
        },
        MatchingRule::Decimal => match actual {
            Val::Json(Value::Number(n)) if n.is_f64() => Ok(()),
            Val::Text(t) if t.contains('.') && t.parse::<f64>().is_ok() => Ok(()),
            _ => not_a("a decimal number"),
        },
        MatchingRule::Number => match actual {
            Val::Json(Value::Number(_)) | Val::Status(_) => Ok(()),
            Val::Text(t) if t.parse::<f64>().is_ok() => Ok(()),
            _ => not_a("a number"),
        },
        MatchingRule::Boolean => match actual {
            Val::Json(Value::Bool(_)) => Ok(()),
            Val::Text("true" | "false") => Ok(()),
            _ => not_a("a boolean"),
        },
        MatchingRule::Null => match actual {
            Val::Json(Value::Null) => Ok(()),
            _ => not_a("null"),
        },
        MatchingRule::Date(format) => check_datetime(actual, format.as_ref(), DateTimeKind::Date),
        MatchingRule::Time(format) => check_datetime(actual, format.as_ref(), DateTimeKind::Time),
        MatchingRule::Timestamp(format) => check_datetime(actual, format.as_ref(), DateTimeKind::DateTime),
        MatchingRule::Semver => match actual.as_text() {
            Some(text) if formats::is_semver(&text) => Ok(()),
            _ => not_a("a semantic version"),
        },
        MatchingRule::NotEmpty => {
            let empty = match actual {
                Val::Json(Value::Null) => true,
                Val::Json(Value::String(s)) => s.is_empty(),
                Val::Json(Value::Array(a)) => a.is_empty(),
                Val::Json(Value::Object(o)) => o.is_empty(),
                Val::Json(_) | Val::Status(_) => false,
                Val::Text(t) => t.is_empty(),
                Val::Bytes(b) => b.is_empty(),
            };
            if empty { Err(MismatchReason::Empty) } else { Ok(()) }
        }
        MatchingRule::ContentType(wanted) => {
            let owned;
            let bytes: &[u8] = match actual {
                Val::Bytes(b) => b,
                Val::Text(t) => t.as_bytes(),
                Val::Json(Value::String(s)) => s.as_bytes(),
                Val::Json(v) => {
                    owned = v.to_string();
                    owned.as_bytes()
                }
                Val::Status(_) => b"",
            };
            let detected = formats::sniff_content_type(bytes);
            if formats::content_type_satisfies(wanted, detected) {
                Ok(())
            } else {
                Err(MismatchReason::WrongContentType {
                    expected: wanted.clone(),
                    detected: detected.into(),
                })
            }
        }
        MatchingRule::StatusCode(class) => {
            let code = match actual {
                Val::Status(c) => Some(c),
                other => other.as_text().and_then(|t| t.parse::<u16>().ok()),
            };
            match code {
                Some(c) if status_in(class, c) => Ok(()),
                _ => Err(MismatchReason::WrongStatusClass {
                    class: describe_class(class),
                }),
            }
        }
        // Structural rules are applied by the body matchers.
        MatchingRule::Values
        | MatchingRule::ArrayContains(_)
        | MatchingRule::EachKey(_)
        | MatchingRule::EachValue(_) => Ok(()),
        // A rule that could not be read never passes: the verifier must not pass what it did
        // not check.
        MatchingRule::Unknown(raw) => Err(MismatchReason::UnsupportedRule {
            rule: raw.to_string(),
        }),
    }
}

fn check_type(expected: Option<Val<'_>>, actual: Val<'_>) -> Result<(), MismatchReason> {
    let wrong = |e: Val<'_>| {
        Err(MismatchReason::WrongType {
            expected_type: e.type_name().into(),
            actual_type: actual.type_name().into(),
        })
    };
    match (expected, actual) {
        (Some(e @ Val::Json(ev)), Val::Json(av)) if !same_json_kind(ev, av) => wrong(e),
        (Some(e @ Val::Json(Value::String(_))), Val::Bytes(b)) if std::str::from_utf8(b).is_err() => wrong(e),
        _ => Ok(()),
    }
}

fn equal(expected: Val<'_>, actual: Val<'_>) -> bool {
    match (expected, actual) {
        (Val::Json(e), Val::Json(a)) => json_equal(e, a),
        (Val::Bytes(e), Val::Bytes(a)) => e == a,
        (Val::Status(e), Val::Status(a)) => e == a,
        (e, a) => match (e.as_text(), a.as_text()) {
            (Some(x), Some(y)) => x == y,
            _ => false,
        },
    }
}

/// Checks a date, time or timestamp against the pattern read with the rule (never parsed
/// here), or against the ISO 8601 default of `kind`.
fn check_datetime(
    actual: Val<'_>,
    format: Option<&DateTimePattern>,
    kind: DateTimeKind,
) -> Result<(), MismatchReason> {
    let ok = match actual.as_text() {
        Some(text) => match format {
            Some(pattern) => pattern.matches(&text),
            None => matches_iso(kind, IsoOffset::Optional, &text),
        },
        None => false,
    };
    let noun = match kind {
        DateTimeKind::Date => "date",
        DateTimeKind::Time => "time",
        DateTimeKind::DateTime => "timestamp",
    };
    if ok {
        return Ok(());
    }
    let what = match format {
        Some(pattern) => format!("a {noun} in the format {pattern}"),
        None => format!("an ISO 8601 {noun}"),
    };
    Err(MismatchReason::NotA { what })
}

fn status_in(class: &StatusCodeClass, code: u16) -> bool {
    match class {
        StatusCodeClass::Information => (100..200).contains(&code),
        StatusCodeClass::Success => (200..300).contains(&code),
        StatusCodeClass::Redirect => (300..400).contains(&code),
        StatusCodeClass::ClientError => (400..500).contains(&code),
        StatusCodeClass::ServerError => (500..600).contains(&code),
        StatusCodeClass::NonError => code < 400,
        StatusCodeClass::Error => code >= 400,
        StatusCodeClass::Codes(codes) => codes.contains(&code),
    }
}

fn describe_class(class: &StatusCodeClass) -> String {
    match class {
        StatusCodeClass::Information => "an information (1xx) status".into(),
        StatusCodeClass::Success => "a success (2xx) status".into(),
        StatusCodeClass::Redirect => "a redirect (3xx) status".into(),
        StatusCodeClass::ClientError => "a client error (4xx) status".into(),
        StatusCodeClass::ServerError => "a server error (5xx) status".into(),
        StatusCodeClass::NonError => "a non-error (below 400) status".into(),
        StatusCodeClass::Error => "an error (400 or above) status".into(),
        StatusCodeClass::Codes(codes) => {
            let list: Vec<String> = codes.iter().map(u16::to_string).collect();
            format!("one of the statuses {}", list.join(", "))
        }
    }
}
