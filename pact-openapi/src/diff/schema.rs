//! Comparing two schemas, property by property, for values travelling one way.

use std::collections::BTreeSet;

use serde_json::Value;

use super::operations::{At, Differ, Site};
use super::rule::{Flow, Rule};
use crate::OpenApi;
use crate::pointer;

/// How deep `allOf` nesting is followed when a schema is flattened.
const MAX_DEPTH: usize = 32;

/// The keywords bounding a value from below (a larger value tightens) and from above.
const LOWER_BOUNDS: &[&str] = &["minimum", "minLength", "minItems", "minProperties"];
const UPPER_BOUNDS: &[&str] = &["maximum", "maxLength", "maxItems", "maxProperties"];

/// A schema with its `$ref`s followed and its `allOf` branches merged.
#[derive(Debug, Default)]
struct Flat<'a> {
    /// The JSON types, `null` excluded; empty for any type.
    types: BTreeSet<String>,
    nullable: bool,
    /// Properties in document order, with their locations.
    properties: Vec<(String, &'a Value, String)>,
    required: BTreeSet<String>,
    enumeration: Option<Vec<Value>>,
    format: Option<String>,
    pattern: Option<String>,
    bounds: Vec<(&'static str, f64)>,
    closed: bool,
    items: Option<(&'a Value, String)>,
    /// `oneOf`/`anyOf` branches, by position.
    branches: Vec<(&'a Value, String)>,
}

fn flatten<'a>(api: &'a OpenApi, value: &'a Value, location: &str, flat: &mut Flat<'a>, depth: usize) {
    if depth > MAX_DEPTH {
        return;
    }
    let (value, location) = api.resolve(value, location);
    match value.get("type") {
        Some(Value::String(t)) if t == "null" => flat.nullable = true,
        Some(Value::String(t)) => {
            flat.types.insert(t.clone());
        }
        Some(Value::Array(types)) => {
            for t in types.iter().filter_map(Value::as_str) {
                if t == "null" {
                    flat.nullable = true;
                } else {
                    flat.types.insert(t.to_string());
                }
            }
        }
        _ => {}
    }
    if value.get("nullable").and_then(Value::as_bool) == Some(true) {
        flat.nullable = true;
    }
    if let Some(properties) = value.get("properties").and_then(Value::as_object) {
        let base = pointer::join(&location, "properties");
        for (name, schema) in properties {
            if !flat.properties.iter().any(|(n, _, _)| n == name) {
                flat.properties
                    .push((name.clone(), schema, pointer::join(&base, name)));
            }
        }
    }
    for name in value
        .get("required")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
    {
        if let Some(name) = name.as_str() {
            flat.required.insert(name.to_string());
        }
    }
    if let Some(values) = value.get("enum").and_then(Value::as_array) {
        flat.enumeration = Some(values.clone());
    } else if let Some(constant) = value.get("const") {
        flat.enumeration = Some(vec![constant.clone()]);
    }
    if let Some(format) = value.get("format").and_then(Value::as_str) {
        flat.format = Some(format.to_string());
    }
    if let Some(pattern) = value.get("pattern").and_then(Value::as_str) {
        flat.pattern = Some(pattern.to_string());
    }
    for keyword in LOWER_BOUNDS.iter().chain(UPPER_BOUNDS) {
        if let Some(bound) = value.get(*keyword).and_then(Value::as_f64) {
            flat.bounds.retain(|(k, _)| k != keyword);
            flat.bounds.push((keyword, bound));
        }
    }
    if value.get("additionalProperties") == Some(&Value::Bool(false)) {
        flat.closed = true;
    }
    if let Some(items) = value.get("items").filter(|i| i.is_object()) {
        flat.items = Some((items, pointer::join(&location, "items")));
    }
    for keyword in ["oneOf", "anyOf"] {
        for (i, branch) in value
            .get(keyword)
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
            .enumerate()
        {
            let branch_location = pointer::join(&pointer::join(&location, keyword), &i.to_string());
            flat.branches.push((branch, branch_location));
        }
    }
    for (i, branch) in value
        .get("allOf")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let branch_location = pointer::join(&pointer::join(&location, "allOf"), &i.to_string());
        flatten(api, branch, &branch_location, flat, depth + 1);
    }
}

fn is_plain(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// `$.user` + `email` → `$.user.email`; `first-name` → `$['first-name']`.
fn child_path(json_path: &str, name: &str) -> String {
    if is_plain(name) {
        format!("{json_path}.{name}")
    } else {
        format!("{json_path}['{name}']")
    }
}

fn list(types: &BTreeSet<String>) -> String {
    if types.is_empty() {
        "any type".to_string()
    } else {
        types.iter().cloned().collect::<Vec<_>>().join(" or ")
    }
}

fn values(values: &[Value]) -> String {
    values.iter().map(Value::to_string).collect::<Vec<_>>().join(", ")
}

fn number(n: f64) -> String {
    if n.fract() == 0.0 && n.abs() < 1e15 {
        format!("{}", n as i64)
    } else {
        n.to_string()
    }
}

impl Differ<'_> {
    /// Compares the schemas `old` and `new` of a value at `json_path` travelling in `flow`.
    pub(super) fn compare_schema(
        &mut self,
        site: &Site,
        flow: Flow,
        old: At<'_>,
        new: At<'_>,
        json_path: String,
    ) {
        let (old_api, new_api) = (self.old, self.new);
        let (_, old_location) = old_api.resolve(old.value, old.location);
        let (_, new_location) = new_api.resolve(new.value, new.location);
        let pair = (old_location, new_location);
        if self.stack.contains(&pair) || self.stack.len() > MAX_DEPTH {
            // A recursive schema: its changes were reported where it was first met.
            return;
        }
        self.stack.push(pair);
        self.compare_flat(site, flow, old, new, json_path);
        self.stack.pop();
    }

    fn compare_flat(&mut self, site: &Site, flow: Flow, old: At<'_>, new: At<'_>, json_path: String) {
        let (old_api, new_api) = (self.old, self.new);
        let mut old_flat = Flat::default();
        flatten(old_api, old.value, old.location, &mut old_flat, 0);
        let mut new_flat = Flat::default();
        flatten(new_api, new.value, new.location, &mut new_flat, 0);
        let path = Some(json_path.as_str());
        let push =
            |differ: &mut Self, rule: Rule, message: String| differ.push(site, rule, flow, path, message);

        // Types.
        let (old_types, new_types) = (&old_flat.types, &new_flat.types);
        if old_types != new_types {
            let integer = BTreeSet::from(["integer".to_string()]);
            let number = BTreeSet::from(["number".to_string()]);
            let rule = if (*old_types == integer && *new_types == number)
                || new_types.is_empty()
                || (!old_types.is_empty() && new_types.is_superset(old_types))
            {
                Rule::TypeWidened
            } else if (*old_types == number && *new_types == integer)
                || old_types.is_empty()
                || new_types.is_subset(old_types)
            {
                Rule::TypeNarrowed
            } else {
                Rule::TypeChanged
            };
            let message = format!("type changed from {} to {}", list(old_types), list(new_types));
            push(self, rule, message);
        }
        match (old_flat.nullable, new_flat.nullable) {
            (true, false) => push(self, Rule::NullableRemoved, "null is no longer allowed".into()),
            (false, true) => push(self, Rule::NullableAdded, "null is now allowed".into()),
            _ => {}
        }

        // Values.
        match (&old_flat.enumeration, &new_flat.enumeration) {
            (None, Some(new_values)) => push(
                self,
                Rule::EnumNarrowed,
                format!("values are now limited to [{}]", values(new_values)),
            ),
            (Some(_), None) => push(
                self,
                Rule::EnumWidened,
                "the enum was removed: any value is allowed".into(),
            ),
            (Some(old_values), Some(new_values)) => {
                let removed: Vec<Value> = old_values
                    .iter()
                    .filter(|v| !new_values.contains(v))
                    .cloned()
                    .collect();
                let added: Vec<Value> = new_values
                    .iter()
                    .filter(|v| !old_values.contains(v))
                    .cloned()
                    .collect();
                if !removed.is_empty() {
                    push(
                        self,
                        Rule::EnumNarrowed,
                        format!("enum values removed: {}", values(&removed)),
                    );
                }
                if !added.is_empty() {
                    push(
                        self,
                        Rule::EnumWidened,
                        format!("enum values added: {}", values(&added)),
                    );
                }
            }
            (None, None) => {}
        }
        match (&old_flat.format, &new_flat.format) {
            (None, Some(f)) => push(self, Rule::FormatAdded, format!("format '{f}' was added")),
            (Some(f), None) => push(self, Rule::FormatRemoved, format!("format '{f}' was removed")),
            (Some(a), Some(b)) if a != b => push(
                self,
                Rule::FormatChanged,
                format!("format changed from '{a}' to '{b}'"),
            ),
            _ => {}
        }
        match (&old_flat.pattern, &new_flat.pattern) {
            (None, Some(p)) => push(self, Rule::PatternAdded, format!("pattern '{p}' was added")),
            (Some(p), None) => push(self, Rule::PatternRemoved, format!("pattern '{p}' was removed")),
            (Some(a), Some(b)) if a != b => push(
                self,
                Rule::PatternChanged,
                format!("pattern changed from '{a}' to '{b}'"),
            ),
            _ => {}
        }
        for keyword in LOWER_BOUNDS.iter().chain(UPPER_BOUNDS) {
            let find = |flat: &Flat<'_>| flat.bounds.iter().find(|(k, _)| k == keyword).map(|(_, b)| *b);
            let lower = LOWER_BOUNDS.contains(keyword);
            match (find(&old_flat), find(&new_flat)) {
                (None, Some(b)) => push(
                    self,
                    Rule::BoundTightened,
                    format!("{keyword} {} was added", number(b)),
                ),
                (Some(a), None) => push(
                    self,
                    Rule::BoundLoosened,
                    format!("{keyword} {} was removed", number(a)),
                ),
                (Some(a), Some(b)) if a != b => {
                    let rule = if (b > a) == lower {
                        Rule::BoundTightened
                    } else {
                        Rule::BoundLoosened
                    };
                    push(
                        self,
                        rule,
                        format!("{keyword} changed from {} to {}", number(a), number(b)),
                    );
                }
                _ => {}
            }
        }
        if !old_flat.closed && new_flat.closed {
            let message =
                "additionalProperties: false was added: undeclared properties are refused".to_string();
            push(self, Rule::AdditionalPropertiesClosed, message);
        }

        // Properties (not when an object became something else: the type change says it all).
        let was_object = old_flat.types.contains("object");
        let no_longer_object = was_object && !new_flat.types.is_empty() && !new_flat.types.contains("object");
        let old_properties = if no_longer_object {
            &[][..]
        } else {
            &old_flat.properties[..]
        };
        for (name, old_schema, old_property_location) in old_properties {
            let child = child_path(&json_path, name);
            let Some((_, new_schema, new_property_location)) =
                new_flat.properties.iter().find(|(n, _, _)| n == name)
            else {
                self.push(
                    site,
                    Rule::PropertyRemoved,
                    flow,
                    Some(&child),
                    format!("property '{name}' was removed"),
                );
                continue;
            };
            match (old_flat.required.contains(name), new_flat.required.contains(name)) {
                (false, true) => {
                    let message = format!("property '{name}' is now required");
                    self.push(site, Rule::PropertyNewlyRequired, flow, Some(&child), message);
                }
                (true, false) => {
                    let message = format!("property '{name}' is no longer required");
                    self.push(site, Rule::PropertyNoLongerRequired, flow, Some(&child), message);
                }
                _ => {}
            }
            let old_at = At {
                value: old_schema,
                location: old_property_location,
            };
            let new_at = At {
                value: new_schema,
                location: new_property_location,
            };
            self.compare_schema(site, flow, old_at, new_at, child);
        }
        for (name, _, _) in &new_flat.properties {
            if no_longer_object || old_flat.properties.iter().any(|(n, _, _)| n == name) {
                continue;
            }
            let child = child_path(&json_path, name);
            if flow == Flow::Request && new_flat.required.contains(name) {
                let message = format!("required property '{name}' was added");
                self.push(site, Rule::RequiredPropertyAdded, flow, Some(&child), message);
            } else {
                self.push(
                    site,
                    Rule::PropertyAdded,
                    flow,
                    Some(&child),
                    format!("property '{name}' was added"),
                );
            }
        }

        // Items and branches.
        if let (Some((old_items, old_items_location)), Some((new_items, new_items_location))) =
            (&old_flat.items, &new_flat.items)
        {
            let old_at = At {
                value: old_items,
                location: old_items_location,
            };
            let new_at = At {
                value: new_items,
                location: new_items_location,
            };
            self.compare_schema(site, flow, old_at, new_at, format!("{json_path}[*]"));
        }
        if old_flat.branches.len() == new_flat.branches.len() {
            for ((old_branch, old_branch_location), (new_branch, new_branch_location)) in
                old_flat.branches.iter().zip(&new_flat.branches)
            {
                let old_at = At {
                    value: old_branch,
                    location: old_branch_location,
                };
                let new_at = At {
                    value: new_branch,
                    location: new_branch_location,
                };
                self.compare_schema(site, flow, old_at, new_at, json_path.clone());
            }
        }
    }
}
