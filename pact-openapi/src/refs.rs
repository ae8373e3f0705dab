//! The checks made once, when a document is read: every `$ref` is local and resolves, no chain of
//! references (through `allOf`/`anyOf`/`oneOf` too) loops back on itself without describing a
//! value, and every schema `pattern` is compiled.

use std::collections::HashMap;

use pact_core::rules::Pattern;
use serde_json::Value;

use super::error::OpenApiError;
use super::pointer;

/// Keys whose values are data, not OpenAPI objects: a `$ref` inside them is just text.
const DATA_KEYS: &[&str] = &["example", "enum", "const", "default", "examples"];

/// Keys whose values map names to objects: there `enum` or `default` is a name, not data.
const NAME_MAPS: &[&str] = &[
    "properties",
    "patternProperties",
    "$defs",
    "definitions",
    "schemas",
];

/// The keywords whose branches are checked against the same value as their parent.
const COMPOSITION: &[&str] = &["allOf", "anyOf", "oneOf"];

/// Checks the references of `document` and compiles its patterns, keyed by the location of the
/// schema that holds them.
pub(crate) fn check(document: &Value) -> Result<HashMap<String, Pattern>, OpenApiError> {
    let mut walk = Walk {
        document,
        patterns: HashMap::new(),
        linked: Vec::new(),
    };
    walk.visit(document, "#".to_string())?;
    let mut states = HashMap::new();
    for location in &walk.linked {
        let mut stack = Vec::new();
        find_cycle(document, location, &mut states, &mut stack)?;
    }
    Ok(walk.patterns)
}

#[derive(Debug)]
struct Walk<'d> {
    document: &'d Value,
    patterns: HashMap<String, Pattern>,
    /// Locations of objects with a `$ref` or composition keyword: where cycles may start.
    linked: Vec<String>,
}

impl Walk<'_> {
    fn visit(&mut self, value: &Value, location: String) -> Result<(), OpenApiError> {
        match value {
            Value::Object(map) => {
                if let Some(Value::String(reference)) = map.get("$ref") {
                    match pointer::local_tokens(reference) {
                        None if !reference.starts_with('#') => {
                            return Err(OpenApiError::ExternalRef {
                                location,
                                reference: reference.clone(),
                            });
                        }
                        Some(tokens)
                            if self.document.pointer(&pointer::canonical(&tokens)[1..]).is_some() => {}
                        _ => {
                            return Err(OpenApiError::UnresolvedRef {
                                location,
                                reference: reference.clone(),
                            });
                        }
                    }
                    self.linked.push(location.clone());
                } else if COMPOSITION.iter().any(|k| map.contains_key(*k)) {
                    self.linked.push(location.clone());
                }
                if let Some(Value::String(source)) = map.get("pattern") {
                    // Patterns neither engine can read are skipped by the check.
                    if let Ok(regex) = Pattern::new(source) {
                        self.patterns.insert(location.clone(), regex);
                    }
                }
                let names = NAME_MAPS.iter().any(|m| location.ends_with(&format!("/{m}")));
                for (key, child) in map {
                    if names || !DATA_KEYS.contains(&key.as_str()) {
                        self.visit(child, pointer::join(&location, key))?;
                    }
                }
                Ok(())
            }
            Value::Array(items) => {
                for (i, child) in items.iter().enumerate() {
                    self.visit(child, format!("{location}/{i}"))?;
                }
                Ok(())
            }
            _ => Ok(()),
        }
    }
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum State {
    OnStack,
    Done,
}

/// The locations checked against the same value as `location`: its `$ref` target and its
/// composition branches.
fn edges(document: &Value, location: &str) -> Vec<String> {
    let Some(value) = document.pointer(&location[1..]) else {
        return Vec::new();
    };
    let mut out = Vec::new();
    if let Some(tokens) = value
        .get("$ref")
        .and_then(Value::as_str)
        .and_then(pointer::local_tokens)
    {
        out.push(pointer::canonical(&tokens));
    }
    for keyword in COMPOSITION {
        if let Some(branches) = value.get(*keyword).and_then(Value::as_array) {
            let base = pointer::join(location, keyword);
            out.extend((0..branches.len()).map(|i| format!("{base}/{i}")));
        }
    }
    out
}

fn find_cycle(
    document: &Value,
    location: &str,
    states: &mut HashMap<String, State>,
    stack: &mut Vec<String>,
) -> Result<(), OpenApiError> {
    match states.get(location) {
        Some(State::Done) => return Ok(()),
        Some(State::OnStack) => {
            let start = stack.iter().position(|l| l == location).unwrap_or(0);
            let mut chain: Vec<String> = stack[start..].to_vec();
            chain.push(location.to_string());
            return Err(OpenApiError::RefCycle {
                location: location.to_string(),
                chain,
            });
        }
        None => {}
    }
    states.insert(location.to_string(), State::OnStack);
    stack.push(location.to_string());
    for next in edges(document, location) {
        find_cycle(document, &next, states, stack)?;
    }
    stack.pop();
    states.insert(location.to_string(), State::Done);
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn a_ref_chain_that_loops_is_a_cycle() {
        let doc = json!({"components": {"schemas": {
            "A": {"$ref": "#/components/schemas/B"},
            "B": {"allOf": [{"$ref": "#/components/schemas/A"}]}
        }}});
        let error = check(&doc).unwrap_err();
        assert!(matches!(error, OpenApiError::RefCycle { .. }), "{error}");
        assert!(
            error.to_string().contains("#/components/schemas/B/allOf/0"),
            "{error}"
        );
    }

    #[test]
    fn a_recursive_data_structure_is_no_cycle() {
        let doc = json!({"components": {"schemas": {
            "Node": {"type": "object", "properties": {
                "children": {"type": "array", "items": {"$ref": "#/components/schemas/Node"}}}}
        }}});
        assert!(check(&doc).is_ok());
    }

    #[test]
    fn external_and_dangling_refs_are_refused() {
        let external = json!({"paths": {"/a": {"$ref": "paths.yaml#/a"}}});
        assert!(matches!(check(&external), Err(OpenApiError::ExternalRef { .. })));
        let dangling = json!({"paths": {"/a": {"$ref": "#/components/x"}}});
        assert!(matches!(
            check(&dangling),
            Err(OpenApiError::UnresolvedRef { .. })
        ));
    }

    #[test]
    fn patterns_are_compiled_once_by_location() {
        let doc = json!({"components": {"schemas": {"Code": {"type": "string", "pattern": "^[A-Z]{3}$"}}}});
        let patterns = check(&doc).expect("valid");
        assert!(patterns["#/components/schemas/Code"].is_match("ABC"));
    }
}
