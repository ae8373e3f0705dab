//! Mutants of a JSON body that its pact forbids, and the oracle that decides "forbids" from the
//! rules' meaning in the specification, not from the matching engine under test.
//!
//! The oracle is deliberately conservative: where the rules at a place are ones whose meaning it
//! does not model exactly (`values`, `eachKey`, `arrayContains`, OR lists, several paths of equal
//! length, …) it makes no mutant there, so every mutant it makes is one the pact forbids.

use pact_core::RuleList;
use pact_core::rules::{DocPath, MatchingRule, PathToken};
use serde_json::{Value, json};

/// One step of a concrete place in a document.
#[derive(Debug, Clone, PartialEq)]
pub enum Step {
    Key(String),
    Index(usize),
}

/// A body the pact forbids, and what was done to make it.
#[derive(Debug, Clone)]
pub struct BodyMutant {
    pub what: String,
    pub body: Value,
}

/// The rules of one category (paths from `$`).
pub type Rules<'a> = &'a [(DocPath, RuleList)];

/// Every mutant of `actual` (a body that matches `expected`) that the rules forbid.
pub fn body_mutants(expected: &Value, actual: &Value, rules: Rules<'_>) -> Vec<BodyMutant> {
    let mut out = Vec::new();
    walk(expected, actual, rules, &mut Vec::new(), actual, &mut out);
    out
}

/// What governs one place: its own rules, else the nearest ancestor's cascade, else equality.
enum Governing<'a> {
    Own(&'a RuleList),
    CascadeType,
    Equality,
}

/// The rule lists whose path matches `at` exactly, and the nearest ancestor's list; `None` when
/// the place is beyond what the oracle models.
fn governing<'a>(rules: Rules<'a>, at: &[Step]) -> Option<Governing<'a>> {
    let mut own: Vec<&RuleList> = Vec::new();
    let mut nearest: Option<(usize, &RuleList)> = None;
    for (path, list) in rules {
        let Some(len) = matched_len(path, at) else {
            continue;
        };
        if list.rules.len() > 1 && list.combine == pact_core::Combine::Or {
            return None;
        }
        if len == at.len() {
            own.push(list);
        } else {
            if list.rules.iter().any(|r| !cascades_simply(r)) {
                return None; // values / eachKey / arrayContains … above this place
            }
            match nearest {
                Some((n, _)) if n == len => return None, // two ancestors of equal depth
                Some((n, _)) if n > len => {}
                _ => nearest = Some((len, list)),
            }
        }
    }
    match own.as_slice() {
        [] => {}
        [list] if list.rules.iter().all(modelled) => return Some(Governing::Own(list)),
        _ => return None,
    }
    Some(match nearest {
        None => Governing::Equality,
        Some((_, list)) if list.rules.iter().all(is_type_family) => Governing::CascadeType,
        Some((_, list)) if list.rules.iter().all(|r| matches!(r, MatchingRule::Equality)) => {
            Governing::Equality
        }
        Some(_) => return None,
    })
}

/// How many steps of `at` the rule path covers when it matches a prefix of `at` (or all of it).
fn matched_len(path: &DocPath, at: &[Step]) -> Option<usize> {
    let tokens = path.tokens();
    let tokens = match tokens.first() {
        Some(PathToken::Root) => &tokens[1..],
        _ => tokens,
    };
    if tokens.len() > at.len() {
        return None;
    }
    for (token, step) in tokens.iter().zip(at) {
        let ok = match (token, step) {
            (PathToken::Field(name), Step::Key(key)) => name == key,
            (PathToken::Index(i), Step::Index(j)) => i == j,
            (PathToken::Field(name), Step::Index(j)) => name.parse::<usize>().ok() == Some(*j),
            (PathToken::Star, _) => true,
            (PathToken::StarIndex, Step::Index(_)) => true,
            _ => false,
        };
        if !ok {
            return None;
        }
    }
    Some(tokens.len())
}

fn is_type_family(rule: &MatchingRule) -> bool {
    matches!(
        rule,
        MatchingRule::Type
            | MatchingRule::MinType(_)
            | MatchingRule::MaxType(_)
            | MatchingRule::MinMaxType(..)
    )
}

/// Rules above a place whose effect there the oracle knows: the type family and equality.
fn cascades_simply(rule: &MatchingRule) -> bool {
    is_type_family(rule) || matches!(rule, MatchingRule::Equality)
}

/// Rules at a place whose meaning the oracle models.
fn modelled(rule: &MatchingRule) -> bool {
    use MatchingRule as R;
    matches!(
        rule,
        R::Equality
            | R::Type
            | R::MinType(_)
            | R::MaxType(_)
            | R::MinMaxType(..)
            | R::Regex(_)
            | R::Integer
            | R::Decimal
            | R::Number
            | R::Boolean
            | R::Null
            | R::Include(_)
            | R::Date(_)
            | R::Time(_)
            | R::Timestamp(_)
            | R::Semver
    )
}

fn walk(
    expected: &Value,
    actual: &Value,
    rules: Rules<'_>,
    at: &mut Vec<Step>,
    root: &Value,
    out: &mut Vec<BodyMutant>,
) {
    if kind(expected) != kind(actual) {
        return; // an allowed difference of shape; nothing the oracle can say below it
    }
    let Some(governing) = governing(rules, at) else {
        return;
    };
    let own_rules: &[MatchingRule] = match &governing {
        Governing::Own(list) => &list.rules,
        _ => &[],
    };
    let type_only = match &governing {
        Governing::Own(list) => list.rules.iter().all(is_type_family),
        Governing::CascadeType => true,
        Governing::Equality => false,
    };
    let place = describe(at);
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            for key in e.keys().filter(|k| a.contains_key(*k)) {
                let mut mutated = a.clone();
                mutated.remove(key);
                push(
                    out,
                    root,
                    at,
                    Value::Object(mutated),
                    format!("dropped {place}.{key}"),
                );
            }
            leaf_mutants(own_rules, type_only, actual, &place, root, at, out);
            for key in e.keys() {
                if let Some(child) = a.get(key) {
                    at.push(Step::Key(key.clone()));
                    walk(&e[key], child, rules, at, root, out);
                    at.pop();
                }
            }
        }
        (Value::Array(e), Value::Array(a)) => {
            array_mutants(own_rules, type_only, a, &place, root, at, out);
            leaf_mutants(own_rules, type_only, actual, &place, root, at, out);
            let template_only = type_only || own_rules.iter().any(is_type_family);
            let indices = if template_only {
                e.len().min(a.len()).min(1)
            } else {
                e.len().min(a.len())
            };
            for i in 0..indices {
                at.push(Step::Index(i));
                walk(&e[i], &a[i], rules, at, root, out);
                at.pop();
            }
        }
        _ => leaf_mutants(own_rules, type_only, actual, &place, root, at, out),
    }
}

/// Mutants of an array's length that its rules forbid.
fn array_mutants(
    own_rules: &[MatchingRule],
    type_only: bool,
    actual: &[Value],
    place: &str,
    root: &Value,
    at: &[Step],
    out: &mut Vec<BodyMutant>,
) {
    for rule in own_rules {
        let (min, max) = match rule {
            MatchingRule::MinType(min) => (Some(*min), None),
            MatchingRule::MaxType(max) => (None, Some(*max)),
            MatchingRule::MinMaxType(min, max) => (Some(*min), Some(*max)),
            _ => (None, None),
        };
        if let Some(min) = min.filter(|m| *m >= 1 && actual.len() >= *m) {
            let shrunk = actual[..min - 1].to_vec();
            push(
                out,
                root,
                at,
                Value::Array(shrunk),
                format!("shrank {place} below min {min}"),
            );
        }
        if let (Some(max), Some(first)) = (max, actual.first()) {
            let mut grown = actual.to_vec();
            grown.resize(max + 1, first.clone());
            push(
                out,
                root,
                at,
                Value::Array(grown),
                format!("grew {place} above max {max}"),
            );
        }
    }
    if own_rules.is_empty() && !type_only && !actual.is_empty() {
        let shorter = actual[..actual.len() - 1].to_vec();
        push(
            out,
            root,
            at,
            Value::Array(shorter),
            format!("dropped the last element of {place}"),
        );
    }
}

/// Mutants of a single value (or of a container's type) that the rules forbid.
fn leaf_mutants(
    own_rules: &[MatchingRule],
    type_only: bool,
    actual: &Value,
    place: &str,
    root: &Value,
    at: &[Step],
    out: &mut Vec<BodyMutant>,
) {
    if own_rules.is_empty() && !type_only {
        if let Some(changed) = changed_value(actual) {
            push(
                out,
                root,
                at,
                changed,
                format!("changed the value at {place} (equality)"),
            );
        }
        return;
    }
    // A mutant is forbidden when any rule of the (AND) list forbids it: one per rule.
    for rule in own_rules {
        let (value, why) = match rule {
            MatchingRule::Equality => match changed_value(actual) {
                Some(v) => (v, "equality"),
                None => continue,
            },
            MatchingRule::Type
            | MatchingRule::MinType(_)
            | MatchingRule::MaxType(_)
            | MatchingRule::MinMaxType(..) => (other_type(actual), "type"),
            MatchingRule::Regex(pattern) => {
                match non_matching(pattern.as_str(), &["mutated value ☃", "", "0", "x"]) {
                    Some(text) => (json!(text), "regex"),
                    None => continue,
                }
            }
            MatchingRule::Integer => (json!("not an integer"), "integer"),
            MatchingRule::Decimal => (json!("not a decimal"), "decimal"),
            MatchingRule::Number => (json!("not a number"), "number"),
            MatchingRule::Boolean => (json!("not a boolean"), "boolean"),
            MatchingRule::Null => (json!("not null"), "null"),
            MatchingRule::Include(part) => {
                let text = if part.contains('z') { "qqq" } else { "zzz" };
                (json!(text), "include")
            }
            MatchingRule::Date(_) => (json!("not a date"), "date"),
            MatchingRule::Time(_) => (json!("not a time"), "time"),
            MatchingRule::Timestamp(_) => (json!("not a timestamp"), "timestamp"),
            MatchingRule::Semver => (json!("not-a-version"), "semver"),
            _ => continue,
        };
        if matches!(actual, Value::Object(_) | Value::Array(_)) && why != "type" {
            continue; // value rules on containers: not modelled
        }
        push(out, root, at, value, format!("broke the {why} rule at {place}"));
    }
    if type_only && own_rules.is_empty() && !matches!(actual, Value::Object(_) | Value::Array(_)) {
        push(
            out,
            root,
            at,
            other_type(actual),
            format!("changed the type at {place} (type)"),
        );
    }
}

/// The first candidate that the regex does not match as a whole, checked with the `regex` crate
/// itself (`None` when it cannot compile the pattern or matches every candidate).
pub fn non_matching(pattern: &str, candidates: &[&str]) -> Option<String> {
    let whole = regex::Regex::new(&format!("^(?:{pattern})$")).ok()?;
    candidates
        .iter()
        .find(|candidate| !whole.is_match(candidate))
        .map(|c| c.to_string())
}

/// The same type, another value (`None` for containers).
fn changed_value(value: &Value) -> Option<Value> {
    Some(match value {
        Value::String(s) => json!(format!("{s}-mutated")),
        Value::Bool(b) => json!(!b),
        Value::Number(n) => match (n.as_i64(), n.as_f64()) {
            (Some(i), _) => json!(i.wrapping_add(1)),
            (None, Some(f)) => json!(f + 1.5),
            _ => return None,
        },
        Value::Null => json!("not null"),
        Value::Object(_) | Value::Array(_) => return None,
    })
}

/// A value of another JSON type.
fn other_type(value: &Value) -> Value {
    match value {
        Value::String(_) => json!(12345),
        _ => json!("a value of another type"),
    }
}

fn kind(value: &Value) -> u8 {
    match value {
        Value::Null => 0,
        Value::Bool(_) => 1,
        Value::Number(_) => 2,
        Value::String(_) => 3,
        Value::Array(_) => 4,
        Value::Object(_) => 5,
    }
}

fn describe(at: &[Step]) -> String {
    let mut text = String::from("$");
    for step in at {
        match step {
            Step::Key(k) => text.push_str(&format!("['{k}']")),
            Step::Index(i) => text.push_str(&format!("[{i}]")),
        }
    }
    text
}

/// Records `root` with the value at `at` replaced.
fn push(out: &mut Vec<BodyMutant>, root: &Value, at: &[Step], value: Value, what: String) {
    let mut body = root.clone();
    let mut slot = &mut body;
    for step in at {
        slot = match (step, slot) {
            (Step::Key(k), Value::Object(map)) => match map.get_mut(k) {
                Some(v) => v,
                None => return,
            },
            (Step::Index(i), Value::Array(items)) => match items.get_mut(*i) {
                Some(v) => v,
                None => return,
            },
            _ => return,
        };
    }
    *slot = value;
    out.push(BodyMutant { what, body });
}
