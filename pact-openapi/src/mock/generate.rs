//! Values for a schema: its example when it has one, else a value generated from its type.

use serde_json::{Map, Value, json};

use crate::OpenApi;
use crate::pointer;

/// How deep generation goes before a recursive schema is cut short with `null`.
const MAX_DEPTH: usize = 8;

/// A value fitting the schema `schema` at `location`: its `example`, `default`, `const` or first
/// `enum` value when it has one; else one built from its type (objects with every declared
/// property, arrays of one item, strings shaped by their `format`).
pub(crate) fn value_for(api: &OpenApi, schema: &Value, location: &str, depth: usize) -> Value {
    if depth > MAX_DEPTH {
        return Value::Null;
    }
    let (schema, location) = api.resolve(schema, location);
    for keyword in ["example", "default", "const"] {
        if let Some(value) = schema.get(keyword) {
            return value.clone();
        }
    }
    if let Some(first) = schema
        .get("examples")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    if let Some(first) = schema
        .get("enum")
        .and_then(Value::as_array)
        .and_then(|e| e.first())
    {
        return first.clone();
    }
    if let Some(branches) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for (i, branch) in branches.iter().enumerate() {
            let branch_location = pointer::join(&pointer::join(&location, "allOf"), &i.to_string());
            if let Value::Object(fields) = value_for(api, branch, &branch_location, depth + 1) {
                merged.extend(fields);
            }
        }
        if let Value::Object(own) = object_for(api, schema, &location, depth) {
            merged.extend(own);
        }
        return Value::Object(merged);
    }
    for keyword in ["oneOf", "anyOf"] {
        if let Some(first) = schema
            .get(keyword)
            .and_then(Value::as_array)
            .and_then(|b| b.first())
        {
            let branch_location = pointer::join(&pointer::join(&location, keyword), "0");
            return value_for(api, first, &branch_location, depth + 1);
        }
    }
    let kind = match schema.get("type") {
        Some(Value::String(t)) => t.as_str(),
        Some(Value::Array(types)) => types
            .iter()
            .filter_map(Value::as_str)
            .find(|t| *t != "null")
            .unwrap_or("null"),
        _ if schema.get("properties").is_some() => "object",
        _ if schema.get("items").is_some() => "array",
        _ => "string",
    };
    match kind {
        "object" => object_for(api, schema, &location, depth),
        "array" => match schema.get("items") {
            Some(items) => {
                let count = schema
                    .get("minItems")
                    .and_then(Value::as_u64)
                    .unwrap_or(1)
                    .clamp(1, 3);
                let item = value_for(api, items, &pointer::join(&location, "items"), depth + 1);
                Value::Array(vec![item; usize::try_from(count).unwrap_or(1)])
            }
            None => json!([]),
        },
        "integer" => json!(schema.get("minimum").and_then(Value::as_i64).unwrap_or(1)),
        "number" => json!(schema.get("minimum").and_then(Value::as_f64).unwrap_or(1.5)),
        "boolean" => json!(true),
        "null" => Value::Null,
        _ => json!(string_for(schema)),
    }
}

fn object_for(api: &OpenApi, schema: &Value, location: &str, depth: usize) -> Value {
    let mut out = Map::new();
    if let Some(properties) = schema.get("properties").and_then(Value::as_object) {
        let base = pointer::join(location, "properties");
        for (name, property) in properties {
            let value = value_for(api, property, &pointer::join(&base, name), depth + 1);
            out.insert(name.clone(), value);
        }
    }
    Value::Object(out)
}

fn string_for(schema: &Value) -> String {
    let text = match schema.get("format").and_then(Value::as_str) {
        Some("date") => "2024-01-31",
        Some("date-time") => "2024-01-31T12:00:00Z",
        Some("time") => "12:00:00",
        Some("uuid") => "3fa85f64-5717-4562-b3fc-2c963f66afa6",
        Some("email") => "user@example.com",
        Some("uri" | "url") => "https://example.com/",
        Some("hostname") => "example.com",
        Some("ipv4") => "192.0.2.1",
        Some("ipv6") => "2001:db8::1",
        Some("byte") => "c3RyaW5n",
        _ => "string",
    };
    let min = schema.get("minLength").and_then(Value::as_u64).unwrap_or(0);
    let mut text = text.to_string();
    while (text.len() as u64) < min {
        text.push('x');
    }
    text
}
