//! Checking a body of the pact against a schema of the document, with the pact's matchers taken
//! into account.
//!
//! - Where the consumer relies on the literal value, the value must fit the schema entirely: type,
//!   `enum`, `format`, `pattern`, bounds.
//! - Where a matcher makes the value stand for its type (`like`, `each_like`, `integer`, …), only
//!   that type is checked against the schema's `type`; the example is not held to `enum`,
//!   `format` or bounds. `regex`, `date` and similar rules stand for strings and their example
//!   is still checked against `enum`, `format` and `pattern`.
//! - Objects: see [the crate documentation](crate) for when a field the schema does not declare fails.
//! - `allOf` branches must all accept the value; `anyOf` and `oneOf` need one branch that does
//!   (a `discriminator` picks the branch when the value names one). `not` is not checked.

use std::cell::Cell;
use std::collections::HashSet;

use serde_json::{Map, Value};

use super::constraints::{self, json_type, render_value};
use super::document::{OpenApi, OpenApiVersion};
use super::pointer;
use super::reason::{Direction, FailureReason};
use super::reliance::{BodyRules, Reliance, Seg, render};

/// A failure found inside a body, before it is tied to an interaction.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Found {
    /// Where in the body (`$.email`).
    pub(crate) json_path: String,
    /// Which schema (`#/components/schemas/User/properties/email`).
    pub(crate) location: String,
    /// Why.
    pub(crate) reason: FailureReason,
}

/// Whether an object's fields not declared here are left to the parent schema to judge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Scope {
    /// This schema judges every field.
    Whole,
    /// This schema is a branch of a parent that declares fields too: undeclared fields are the
    /// parent's business.
    Branch,
}

/// What `additionalProperties` says.
#[derive(Debug, Clone, Copy)]
enum Additional<'a> {
    Unspecified,
    Allowed,
    Forbidden,
    Schema(&'a Value, &'a str),
}

/// How deep checks may nest (value levels times schema hops) before a branch is given up: a guard
/// against references the document check cannot see (a `$ref` under a property named `enum`).
const MAX_DEPTH: usize = 512;

/// Checks values against schemas of one document.
#[derive(Debug)]
pub(crate) struct Validator<'a> {
    api: &'a OpenApi,
    rules: BodyRules<'a>,
    direction: Direction,
    depth: Cell<usize>,
}

impl<'a> Validator<'a> {
    /// A validator for bodies travelling in `direction`, reading matchers from `rules`.
    pub(crate) fn new(api: &'a OpenApi, rules: BodyRules<'a>, direction: Direction) -> Self {
        Validator {
            api,
            rules,
            direction,
            depth: Cell::new(0),
        }
    }

    /// Every failure of `value` against the schema at `location`.
    pub(crate) fn validate(&self, value: &Value, schema: &Value, location: &str) -> Vec<Found> {
        let mut out = Vec::new();
        self.check(value, &mut Vec::new(), schema, location, Scope::Whole, &mut out);
        out
    }

    fn push(&self, out: &mut Vec<Found>, path: &[Seg<'_>], location: &str, reason: FailureReason) {
        out.push(Found {
            json_path: render(path),
            location: location.to_string(),
            reason,
        });
    }

    fn check<'v>(
        &self,
        value: &'v Value,
        path: &mut Vec<Seg<'v>>,
        schema: &Value,
        location: &str,
        scope: Scope,
        out: &mut Vec<Found>,
    ) {
        let depth = self.depth.get();
        if depth >= MAX_DEPTH {
            return;
        }
        self.depth.set(depth + 1);
        self.check_schema(value, path, schema, location, scope, out);
        self.depth.set(depth);
    }

    fn check_schema<'v>(
        &self,
        value: &'v Value,
        path: &mut Vec<Seg<'v>>,
        schema: &Value,
        location: &str,
        scope: Scope,
        out: &mut Vec<Found>,
    ) {
        if schema.get("$ref").is_some() {
            let (target, target_location) = self.api.resolve(schema, location);
            self.check(value, path, target, &target_location, scope, out);
            // 3.0 ignores the siblings of a `$ref`; 3.1 applies them too.
            if self.api.version() == OpenApiVersion::V3_1
                && has_constraints_beside_ref(schema)
                && let Some(map) = schema.as_object()
            {
                self.check_node(value, path, map, location, scope, out);
            }
            return;
        }
        match schema {
            Value::Object(map) => self.check_node(value, path, map, location, scope, out),
            Value::Bool(false) => self.push(
                out,
                path,
                location,
                FailureReason::WrongType {
                    expected: "nothing (the schema is false)".into(),
                    actual: json_type(value).into(),
                    value: render_value(value),
                },
            ),
            _ => {}
        }
    }

    fn check_node<'v>(
        &self,
        value: &'v Value,
        path: &mut Vec<Seg<'v>>,
        schema: &Map<String, Value>,
        location: &str,
        scope: Scope,
        out: &mut Vec<Found>,
    ) {
        let reliance = self.rules.at(path);
        let types = declared_types(schema);
        let nullable =
            schema.get("nullable").and_then(Value::as_bool) == Some(true) || types.contains(&"null");
        let actual = actual_type(value, reliance);
        if actual == "null" {
            if nullable {
                return;
            }
            let enum_without_null = schema
                .get("enum")
                .and_then(Value::as_array)
                .is_some_and(|e| !e.contains(&Value::Null));
            if !types.is_empty() || enum_without_null {
                self.push(out, path, location, FailureReason::NullNotAllowed);
                return;
            }
        } else if !types.is_empty() && !allows(&types, actual) {
            let mut expected = types.join(" or ");
            if nullable && !types.contains(&"null") {
                expected.push_str(" or null");
            }
            let value = render_value(value);
            let actual = actual.to_string();
            self.push(
                out,
                path,
                location,
                FailureReason::WrongType {
                    expected,
                    actual,
                    value,
                },
            );
            return;
        }
        if matches!(reliance, Reliance::Literal | Reliance::Text) {
            let pattern = self.api.pattern(location);
            for reason in constraints::check(value, schema, self.api.version(), pattern) {
                self.push(out, path, location, reason);
            }
        }
        match value {
            Value::Object(fields) => self.check_object(fields, path, schema, location, scope, reliance, out),
            Value::Array(items) => self.check_array(items, path, schema, location, out),
            _ => {}
        }
        self.check_composition(value, path, schema, location, out);
    }

    #[allow(clippy::too_many_arguments)]
    fn check_object<'v>(
        &self,
        fields: &'v Map<String, Value>,
        path: &mut Vec<Seg<'v>>,
        schema: &Map<String, Value>,
        location: &str,
        scope: Scope,
        reliance: Reliance,
        out: &mut Vec<Found>,
    ) {
        let properties = schema.get("properties").and_then(Value::as_object);
        let properties_location = pointer::join(location, "properties");
        let declared = self.declared_fields(schema, 0);
        let additional_location = pointer::join(location, "additionalProperties");
        let additional = self.additional(schema, &additional_location);
        for (name, field) in fields {
            if let Some(property) = properties.and_then(|p| p.get(name)) {
                path.push(Seg::Field(name));
                let at = pointer::join(&properties_location, name);
                self.check(field, path, property, &at, Scope::Whole, out);
                path.pop();
                continue;
            }
            if declared.contains(name.as_str()) || (scope == Scope::Branch && reliance != Reliance::AnyKeys) {
                continue; // declared in (or left to) another schema that checks it
            }
            path.push(Seg::Field(name));
            match additional {
                Additional::Schema(extra, at) => self.check(field, path, extra, at, Scope::Whole, out),
                Additional::Allowed => {}
                _ if reliance == Reliance::AnyKeys => {}
                Additional::Forbidden => self.undeclared(out, path, location, name),
                Additional::Unspecified if !declared.is_empty() => self.undeclared(out, path, location, name),
                Additional::Unspecified => {} // a free-form object, or alternatives that judge
            }
            path.pop();
        }
        if self.direction == Direction::Request {
            for name in schema
                .get("required")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let Some(name) = name.as_str() else { continue };
                if !fields.contains_key(name) && !self.read_only(properties.and_then(|p| p.get(name))) {
                    let field = name.to_string();
                    self.push(out, path, location, FailureReason::MissingRequiredField { field });
                }
            }
        }
    }

    fn undeclared(&self, out: &mut Vec<Found>, path: &[Seg<'_>], location: &str, name: &str) {
        let reason = FailureReason::UndeclaredField {
            field: name.to_string(),
            direction: self.direction,
        };
        self.push(out, path, location, reason);
    }

    fn read_only(&self, property: Option<&Value>) -> bool {
        property.is_some_and(|p| {
            let (p, _) = self.api.resolve(p, "#");
            p.get("readOnly").and_then(Value::as_bool) == Some(true)
        })
    }

    /// The fields `schema` declares itself, through `allOf`, and through `anyOf`/`oneOf` when it
    /// declares some itself (otherwise its alternatives judge undeclared fields on their own).
    fn declared_fields<'s>(&'s self, schema: &'s Map<String, Value>, depth: usize) -> HashSet<&'s str> {
        let mut names: HashSet<&str> = schema
            .get("properties")
            .and_then(Value::as_object)
            .map(|p| p.keys().map(String::as_str).collect())
            .unwrap_or_default();
        if depth > 16 {
            return names;
        }
        let branches = |keyword: &str| {
            schema
                .get(keyword)
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
                .filter_map(|b| self.api.resolve(b, "#").0.as_object())
        };
        for branch in branches("allOf") {
            names.extend(self.declared_fields(branch, depth + 1));
        }
        if !names.is_empty() {
            for branch in branches("anyOf").chain(branches("oneOf")) {
                names.extend(self.declared_fields(branch, depth + 1));
            }
        }
        names
    }

    /// What `additionalProperties` of `schema`, or else of its `allOf` branches, says.
    fn additional<'s>(&'s self, schema: &'s Map<String, Value>, location: &'s str) -> Additional<'s> {
        match schema.get("additionalProperties") {
            Some(Value::Bool(true)) => return Additional::Allowed,
            Some(Value::Bool(false)) => return Additional::Forbidden,
            Some(extra @ Value::Object(map)) if map.is_empty() => {
                let _ = extra;
                return Additional::Allowed;
            }
            Some(extra @ Value::Object(_)) => return Additional::Schema(extra, location),
            _ => {}
        }
        if schema.contains_key("patternProperties") {
            return Additional::Allowed;
        }
        for branch in schema
            .get("allOf")
            .and_then(Value::as_array)
            .into_iter()
            .flatten()
        {
            if let Some(branch) = self.api.resolve(branch, "#").0.as_object()
                && let Some(v) = branch.get("additionalProperties")
                && matches!(v, Value::Bool(true) | Value::Object(_))
            {
                return Additional::Allowed;
            }
        }
        Additional::Unspecified
    }

    fn check_array<'v>(
        &self,
        items: &'v [Value],
        path: &mut Vec<Seg<'v>>,
        schema: &Map<String, Value>,
        location: &str,
        out: &mut Vec<Found>,
    ) {
        let prefix = schema.get("prefixItems").and_then(Value::as_array);
        for (i, item) in items.iter().enumerate() {
            let (item_schema, at) = match prefix.and_then(|p| p.get(i)) {
                Some(s) => (s, format!("{}/{i}", pointer::join(location, "prefixItems"))),
                None => match schema.get("items") {
                    Some(s) => (s, pointer::join(location, "items")),
                    None => continue,
                },
            };
            path.push(Seg::Index(i));
            self.check(item, path, item_schema, &at, Scope::Whole, out);
            path.pop();
        }
    }

    fn check_composition<'v>(
        &self,
        value: &'v Value,
        path: &mut Vec<Seg<'v>>,
        schema: &Map<String, Value>,
        location: &str,
        out: &mut Vec<Found>,
    ) {
        let own_fields = !self.declared_fields(schema, 0).is_empty();
        if let Some(branches) = schema.get("allOf").and_then(Value::as_array) {
            let base = pointer::join(location, "allOf");
            for (i, branch) in branches.iter().enumerate() {
                self.check(value, path, branch, &format!("{base}/{i}"), Scope::Branch, out);
            }
        }
        let scope = if own_fields { Scope::Branch } else { Scope::Whole };
        for keyword in ["anyOf", "oneOf"] {
            if let Some(branches) = schema.get(keyword).and_then(Value::as_array) {
                self.check_alternatives(value, path, keyword, branches, schema, location, scope, out);
            }
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn check_alternatives<'v>(
        &self,
        value: &'v Value,
        path: &mut Vec<Seg<'v>>,
        keyword: &str,
        branches: &[Value],
        schema: &Map<String, Value>,
        location: &str,
        scope: Scope,
        out: &mut Vec<Found>,
    ) {
        let base = pointer::join(location, keyword);
        let chosen = self.discriminated(value, schema, branches);
        // The closest branch: one that accepts the value's type, then the one with fewest failures.
        let here = render(path);
        let distance = |found: &[Found]| {
            let wrong_type = found.iter().any(|f| {
                f.json_path == here
                    && matches!(
                        f.reason,
                        FailureReason::WrongType { .. } | FailureReason::NullNotAllowed
                    )
            });
            (wrong_type, found.len())
        };
        let mut closest: Option<Vec<Found>> = None;
        for (i, branch) in branches.iter().enumerate() {
            if chosen.is_some_and(|c| c != i) {
                continue;
            }
            let mut found = Vec::new();
            self.check(value, path, branch, &format!("{base}/{i}"), scope, &mut found);
            if found.is_empty() {
                return;
            }
            if chosen.is_some() {
                out.extend(found); // the discriminator named this branch: its failures are the story
                return;
            }
            if closest.as_ref().is_none_or(|c| distance(&found) < distance(c)) {
                closest = Some(found);
            }
        }
        let reason = FailureReason::NoAlternativeMatches {
            keyword: keyword.to_string(),
            alternatives: branches.len(),
            closest: closest
                .and_then(|c| c.into_iter().next())
                .map(|f| Box::new(f.reason)),
        };
        self.push(out, path, &base, reason);
    }

    /// The branch a `discriminator` names for `value`, if any.
    fn discriminated(&self, value: &Value, schema: &Map<String, Value>, branches: &[Value]) -> Option<usize> {
        let discriminator = schema.get("discriminator")?;
        let property = discriminator.get("propertyName")?.as_str()?;
        let name = value.get(property)?.as_str()?;
        let target = match discriminator
            .get("mapping")
            .and_then(|m| m.get(name))
            .and_then(Value::as_str)
        {
            Some(reference) if reference.starts_with('#') => {
                pointer::canonical(&pointer::local_tokens(reference)?)
            }
            Some(schema_name) => pointer::join("#/components/schemas", schema_name),
            None => pointer::join("#/components/schemas", name),
        };
        branches.iter().position(|b| self.api.resolve(b, "#").1 == target)
    }
}

/// The types a schema names (`type: string` or `type: [string, "null"]`); empty when it names none.
fn declared_types(schema: &Map<String, Value>) -> Vec<&str> {
    match schema.get("type") {
        Some(Value::String(t)) => vec![t.as_str()],
        Some(Value::Array(ts)) => ts.iter().filter_map(Value::as_str).collect(),
        _ => Vec::new(),
    }
}

/// Whether a value of type `actual` fits `types` (an integer is a number).
fn allows(types: &[&str], actual: &str) -> bool {
    types.contains(&actual) || (actual == "integer" && types.contains(&"number"))
}

/// The type the consumer's value stands for, given the matchers at its place.
fn actual_type(value: &Value, reliance: Reliance) -> &'static str {
    match reliance {
        Reliance::Integer => "integer",
        Reliance::Decimal => "number",
        Reliance::Text => "string",
        Reliance::Boolean => "boolean",
        Reliance::Null => "null",
        _ => json_type(value),
    }
}

/// Whether a 3.1 schema with a `$ref` says more than the reference (annotations do not count).
fn has_constraints_beside_ref(schema: &Value) -> bool {
    const ANNOTATIONS: &[&str] = &[
        "$ref",
        "description",
        "summary",
        "title",
        "example",
        "examples",
        "$comment",
        "default",
        "deprecated",
        "readOnly",
        "writeOnly",
    ];
    schema
        .as_object()
        .is_some_and(|m| m.keys().any(|k| !ANNOTATIONS.contains(&k.as_str())))
}
