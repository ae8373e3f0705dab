//! The `ProviderState` generator: `${name}` placeholders filled from the values the provider-state
//! set-up returned, then converted to the generator's `dataType`.

use serde_json::{Map, Number, Value};

use super::GeneratorError;

/// The value of `expression` with its `${name}` placeholders replaced from `values`, converted to
/// `data_type` (`STRING`, `INTEGER`, `DECIMAL`, `FLOAT`, `BOOLEAN` or `RAW`; none keeps the result).
///
/// An expression that is exactly one placeholder keeps the JSON type of the value; otherwise
/// the result is text. A `name` that is not a key is looked up as a dotted path (`user.id`).
///
/// ```
/// use serde_json::json;
/// use pact_core::generators::fill_provider_state_expression;
/// let values = json!({"id": 42, "user": {"name": "Alice"}});
/// let values = values.as_object().unwrap();
/// assert_eq!(fill_provider_state_expression("${id}", None, values).unwrap(), json!(42));
/// assert_eq!(fill_provider_state_expression("/users/${id}", None, values).unwrap(), json!("/users/42"));
/// assert_eq!(fill_provider_state_expression("${id}", Some("STRING"), values).unwrap(), json!("42"));
/// assert_eq!(fill_provider_state_expression("${user.name}", None, values).unwrap(), json!("Alice"));
/// assert!(fill_provider_state_expression("${missing}", None, values).is_err());
/// ```
pub fn fill_provider_state_expression(
    expression: &str,
    data_type: Option<&str>,
    values: &Map<String, Value>,
) -> Result<Value, GeneratorError> {
    let filled = fill(expression, values)?;
    match data_type {
        Some(data_type) => convert(filled, data_type),
        None => Ok(filled),
    }
}

fn lookup<'a>(values: &'a Map<String, Value>, name: &str) -> Option<&'a Value> {
    values.get(name).or_else(|| {
        let mut parts = name.split('.');
        let first = values.get(parts.next()?)?;
        parts.try_fold(first, |value, part| match value {
            Value::Object(map) => map.get(part),
            Value::Array(items) => items.get(part.parse::<usize>().ok()?),
            _ => None,
        })
    })
}

fn fill(expression: &str, values: &Map<String, Value>) -> Result<Value, GeneratorError> {
    let missing = |name: &str| GeneratorError::MissingProviderStateValue {
        expression: expression.to_string(),
        name: name.to_string(),
    };
    let whole = expression
        .strip_prefix("${")
        .and_then(|rest| rest.strip_suffix('}'))
        .filter(|name| !name.contains(['{', '}']));
    if let Some(name) = whole {
        let name = name.trim();
        return lookup(values, name).cloned().ok_or_else(|| missing(name));
    }
    let mut out = String::new();
    let mut rest = expression;
    while let Some(start) = rest.find("${") {
        out.push_str(&rest[..start]);
        let after = &rest[start + 2..];
        let end = after
            .find('}')
            .ok_or_else(|| GeneratorError::UnclosedPlaceholder {
                expression: expression.to_string(),
            })?;
        let name = after[..end].trim();
        match lookup(values, name).ok_or_else(|| missing(name))? {
            Value::String(text) => out.push_str(text),
            other => out.push_str(&other.to_string()),
        }
        rest = &after[end + 1..];
    }
    out.push_str(rest);
    Ok(Value::String(out))
}

fn convert(value: Value, data_type: &str) -> Result<Value, GeneratorError> {
    let fail = |value: &Value| GeneratorError::CannotConvert {
        value: value.to_string(),
        data_type: data_type.to_string(),
    };
    let text = |value: &Value| match value {
        Value::String(s) => s.trim().to_string(),
        other => other.to_string(),
    };
    match data_type.to_ascii_uppercase().as_str() {
        "RAW" => Ok(value),
        "STRING" => Ok(Value::String(match value {
            Value::String(s) => s,
            other => other.to_string(),
        })),
        "INTEGER" => match &value {
            Value::Number(n) if n.is_i64() || n.is_u64() => Ok(value),
            Value::Number(n) => n
                .as_f64()
                .filter(|f| f.fract() == 0.0 && f.abs() < 9.0e15)
                .map(|f| Value::from(f as i64))
                .ok_or_else(|| fail(&value)),
            _ => text(&value)
                .parse::<i64>()
                .map(Value::from)
                .map_err(|_| fail(&value)),
        },
        "DECIMAL" | "FLOAT" | "NUMBER" => match &value {
            Value::Number(_) => Ok(value),
            _ => text(&value)
                .parse::<f64>()
                .ok()
                .and_then(Number::from_f64)
                .map(Value::Number)
                .ok_or_else(|| fail(&value)),
        },
        "BOOLEAN" => match &value {
            Value::Bool(_) => Ok(value),
            _ => match text(&value).to_ascii_lowercase().as_str() {
                "true" => Ok(Value::Bool(true)),
                "false" => Ok(Value::Bool(false)),
                _ => Err(fail(&value)),
            },
        },
        _ => Err(fail(&value)),
    }
}
