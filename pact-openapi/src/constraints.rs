//! The keywords that constrain a value as written: `enum`, `const`, `format`, `pattern` and the
//! bounds (`minimum`, `maxLength`, `minItems`, …). They are checked only where the consumer relies
//! on the literal value (or on a string a rule shapes), not where a matcher makes the value stand
//! for its type.

use serde_json::{Map, Value};

use super::formats;
use super::reason::FailureReason;
use crate::OpenApiVersion;

/// Renders a value as JSON, shortened to about 80 characters.
pub(crate) fn render_value(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() <= 80 {
        return text;
    }
    let short: String = text.chars().take(77).collect();
    format!("{short}...")
}

/// The JSON Schema type of a value: `integer` for integral numbers (`3` and `3.0`).
pub(crate) fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(n) if formats::integral(n).is_some() => "integer",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

/// The failures of the value constraints of `schema` for `value`.
pub(crate) fn check(
    value: &Value,
    schema: &Map<String, Value>,
    version: OpenApiVersion,
    pattern: Option<&pact_core::rules::Pattern>,
) -> Vec<FailureReason> {
    let mut out = Vec::new();
    if let Some(Value::Array(allowed)) = schema.get("enum")
        && !allowed.iter().any(|a| same(a, value))
    {
        out.push(FailureReason::NotInEnum {
            value: render_value(value),
            allowed: allowed.iter().map(render_value).collect(),
        });
    }
    if let Some(constant) = schema.get("const")
        && !same(constant, value)
    {
        out.push(FailureReason::NotInEnum {
            value: render_value(value),
            allowed: vec![render_value(constant)],
        });
    }
    if let Some(format) = schema.get("format").and_then(Value::as_str)
        && !formats::satisfies(format, value)
    {
        out.push(FailureReason::FormatViolation {
            format: format.to_string(),
            value: render_value(value),
        });
    }
    match value {
        Value::String(text) => {
            if let Some(regex) = pattern
                && !regex.is_match(text)
            {
                out.push(FailureReason::PatternMismatch {
                    pattern: regex.as_str().to_string(),
                    value: render_value(value),
                });
            }
            let length = text.chars().count() as f64;
            bound(schema, "minLength", length, |limit, n| n >= limit, &mut out);
            bound(schema, "maxLength", length, |limit, n| n <= limit, &mut out);
        }
        Value::Number(number) => {
            let Some(n) = number.as_f64() else {
                return out;
            };
            let exclusive = |key: &str| schema.get(key).and_then(Value::as_bool).unwrap_or(false);
            if version == OpenApiVersion::V3_0 && exclusive("exclusiveMinimum") {
                bound(schema, "minimum", n, |limit, n| n > limit, &mut out);
            } else {
                bound(schema, "minimum", n, |limit, n| n >= limit, &mut out);
            }
            if version == OpenApiVersion::V3_0 && exclusive("exclusiveMaximum") {
                bound(schema, "maximum", n, |limit, n| n < limit, &mut out);
            } else {
                bound(schema, "maximum", n, |limit, n| n <= limit, &mut out);
            }
            bound(schema, "exclusiveMinimum", n, |limit, n| n > limit, &mut out);
            bound(schema, "exclusiveMaximum", n, |limit, n| n < limit, &mut out);
        }
        Value::Array(items) => {
            let count = items.len() as f64;
            bound(schema, "minItems", count, |limit, n| n >= limit, &mut out);
            bound(schema, "maxItems", count, |limit, n| n <= limit, &mut out);
        }
        _ => {}
    }
    out
}

/// JSON equality, with numbers compared by value (`1` equals `1.0`).
fn same(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Number(x), Value::Number(y)) => x == y || x.as_f64() == y.as_f64(),
        _ => a == b,
    }
}

/// Pushes an [`FailureReason::OutOfBounds`] when `schema[keyword]` is a number and `ok` fails.
fn bound(
    schema: &Map<String, Value>,
    keyword: &str,
    actual: f64,
    ok: impl Fn(f64, f64) -> bool,
    out: &mut Vec<FailureReason>,
) {
    let Some(limit) = schema.get(keyword).and_then(Value::as_f64) else {
        return;
    };
    if !ok(limit, actual) {
        out.push(FailureReason::OutOfBounds {
            keyword: keyword.to_string(),
            limit: schema.get(keyword).map(Value::to_string).unwrap_or_default(),
            actual: format_number(actual),
        });
    }
}

fn format_number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn failures(value: Value, schema: Value) -> Vec<String> {
        let map = schema.as_object().cloned().unwrap_or_default();
        check(&value, &map, OpenApiVersion::V3_0, None)
            .iter()
            .map(ToString::to_string)
            .collect()
    }

    #[test]
    fn enum_format_and_bounds() {
        assert_eq!(
            failures(json!("purple"), json!({"enum": ["red", "green"]})),
            [
                r#"the consumer's value "purple" is not one of the values the OpenAPI schema allows ("red", "green")"#
            ]
        );
        assert_eq!(
            failures(json!("x"), json!({"format": "email"})),
            [r#"the consumer's value "x" does not have the format 'email' the OpenAPI schema declares"#]
        );
        assert_eq!(
            failures(json!(0), json!({"minimum": 0, "exclusiveMinimum": true})),
            ["the consumer's value breaks the OpenAPI schema's minimum of 0 (it has 0)"]
        );
        assert_eq!(
            failures(json!([1, 2, 3]), json!({"maxItems": 2})),
            ["the consumer's value breaks the OpenAPI schema's maxItems of 2 (it has 3)"]
        );
        assert!(failures(json!(1.0), json!({"enum": [1]})).is_empty());
    }

    #[test]
    fn values_are_rendered_short() {
        let long = Value::String("a".repeat(200));
        assert_eq!(render_value(&long).chars().count(), 80);
        assert_eq!(json_type(&json!(3.0)), "integer");
        assert_eq!(json_type(&json!(3.5)), "number");
    }
}
