//! Path, query and header parameters: reading their text as the types their schemas declare and
//! checking it.

use serde_json::{Number, Value};

use super::document::OpenApi;
use super::pointer;
use super::reason::{Direction, FailureReason, ParameterLocation};
use super::reliance::BodyRules;
use super::schema::Validator;

/// A parameter of an operation (or of its path item).
#[derive(Debug)]
pub(crate) struct Parameter<'a> {
    /// Its name.
    pub(crate) name: &'a str,
    /// Where it lives.
    pub(crate) location: ParameterLocation,
    /// Whether the request must carry it (path parameters always must).
    pub(crate) required: bool,
    /// Its location in the document.
    pub(crate) at: String,
    /// Its schema and the schema's location.
    schema: Option<(&'a Value, String)>,
    /// Whether values are JSON (`content` instead of `schema`).
    json: bool,
}

/// The path, query and header parameters declared in `holder` (an operation or path item).
pub(crate) fn list<'a>(api: &'a OpenApi, holder: &'a Value, holder_location: &str) -> Vec<Parameter<'a>> {
    let base = pointer::join(holder_location, "parameters");
    let declared = holder.get("parameters").and_then(Value::as_array);
    let mut out = Vec::new();
    for (i, parameter) in declared.into_iter().flatten().enumerate() {
        let (parameter, location) = api.resolve(parameter, &format!("{base}/{i}"));
        let Some(name) = parameter.get("name").and_then(Value::as_str) else {
            continue;
        };
        let place = match parameter.get("in").and_then(Value::as_str) {
            Some("path") => ParameterLocation::Path,
            Some("query") => ParameterLocation::Query,
            Some("header") => ParameterLocation::Header,
            _ => continue,
        };
        let required = place == ParameterLocation::Path
            || parameter.get("required").and_then(Value::as_bool) == Some(true);
        let (schema, json) = match (parameter.get("schema"), parameter.get("content")) {
            (Some(schema), _) => (Some((schema, pointer::join(&location, "schema"))), false),
            (None, Some(Value::Object(content))) => {
                let first = content.iter().next();
                let schema = first.and_then(|(media, m)| {
                    let at = pointer::join(
                        &pointer::join(&pointer::join(&location, "content"), media),
                        "schema",
                    );
                    m.get("schema").map(|s| (s, at))
                });
                (schema, true)
            }
            _ => (None, false),
        };
        out.push(Parameter {
            name,
            location: place,
            required,
            at: location.clone(),
            schema,
            json,
        });
    }
    out
}

impl Parameter<'_> {
    /// Checks the values the request carries; the schema location and the reason when they do
    /// not fit.
    pub(crate) fn check(&self, api: &OpenApi, values: &[String]) -> Option<(String, FailureReason)> {
        let (schema, location) = self.schema.as_ref()?;
        let (resolved, _) = api.resolve(schema, location);
        let value = if self.json {
            let text = values.first()?;
            serde_json::from_str(text).unwrap_or_else(|_| Value::String(text.clone()))
        } else if types(resolved).contains(&"array") {
            let items = resolved.get("items").map(|i| api.resolve(i, "#").0);
            let texts: Vec<&str> = match values {
                [single] => single.split(',').collect(),
                many => many.iter().map(String::as_str).collect(),
            };
            Value::Array(
                texts
                    .into_iter()
                    .map(|t| typed(t, items.map(types).unwrap_or_default()))
                    .collect(),
            )
        } else {
            return values
                .iter()
                .find_map(|v| self.check_one(api, typed(v, types(resolved)), schema, location));
        };
        self.check_one(api, value, schema, location)
    }

    fn check_one(
        &self,
        api: &OpenApi,
        value: Value,
        schema: &Value,
        location: &str,
    ) -> Option<(String, FailureReason)> {
        let validator = Validator::new(api, BodyRules::literal(), Direction::Request);
        let found = validator.validate(&value, schema, location).into_iter().next()?;
        let text = match &value {
            Value::String(s) => s.clone(),
            Value::Array(items) => items
                .iter()
                .map(|i| i.as_str().map_or_else(|| i.to_string(), str::to_string))
                .collect::<Vec<_>>()
                .join(","),
            other => other.to_string(),
        };
        let reason = FailureReason::InvalidParameter {
            location: self.location,
            name: self.name.to_string(),
            value: text,
            problem: Box::new(found.reason),
        };
        Some((found.location, reason))
    }
}

fn types(schema: &Value) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Reads parameter text as the first declared type it parses as; text that fits none stays a
/// string, so the schema check names the mismatch.
fn typed(text: &str, types: Vec<&str>) -> Value {
    for t in types {
        let value = match t {
            "integer" => text.parse::<i64>().ok().map(Value::from),
            "number" => {
                text.parse::<f64>()
                    .ok()
                    .and_then(Number::from_f64)
                    .map(|n| match text.parse::<i64>() {
                        Ok(i) => Value::from(i),
                        Err(_) => Value::Number(n),
                    })
            }
            "boolean" => match text {
                "true" => Some(Value::Bool(true)),
                "false" => Some(Value::Bool(false)),
                _ => None,
            },
            "null" if text.is_empty() || text == "null" => Some(Value::Null),
            _ => None,
        };
        if let Some(value) = value {
            return value;
        }
    }
    Value::String(text.to_string())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn text_is_read_as_the_declared_type() {
        assert_eq!(typed("42", vec!["integer"]), Value::from(42));
        assert_eq!(typed("4.5", vec!["number"]), Value::from(4.5));
        assert_eq!(typed("abc", vec!["integer"]), Value::from("abc"));
        assert_eq!(typed("true", vec!["boolean"]), Value::Bool(true));
        assert_eq!(typed("42", vec!["string"]), Value::from("42"));
    }
}
