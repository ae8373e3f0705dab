//! Comparing JSON documents under matching rules.
//!
//! Without rules, objects must hold every expected key (extra keys are an error only where the
//! context is strict, i.e. requests), arrays must have the same length and order, and leaves must
//! be equal. A `type` rule (with `min`/`max`) lets an array hold any number of elements like the
//! example; `values`, `eachKey` and `eachValue` free an object's keys; `arrayContains` asks for
//! each variant to be matched by some element; `equality` makes a container exact.

use serde_json::{Map, Value};

use crate::Mismatch;
use crate::matching::context::{Ctx, body_mismatch};
use crate::matching::rule_eval::{
    Val, eval_list, is_leaf_rule, is_type_rule, json_equal, json_type_name, render_json, same_json_kind,
};
use crate::matching::rule_select::{RuleIndex, Seg};
use crate::mismatch::MismatchReason;
use crate::rules::{Category, DocPath, MatchingRule, RuleList};

/// Compares `actual` with `expected` at `path`, adding mismatches to `out`.
pub(crate) fn compare<'a>(
    ctx: &Ctx<'_>,
    path: &mut Vec<Seg<'a>>,
    expected: &'a Value,
    actual: &'a Value,
    out: &mut Vec<Mismatch>,
) {
    let selected = ctx.select(path).map(|s| s.list);
    match (expected, actual) {
        (Value::Object(e), Value::Object(a)) => {
            compare_objects(ctx, path, (expected, e), (actual, a), selected, out)
        }
        (Value::Array(e), Value::Array(a)) => {
            compare_arrays(ctx, path, (expected, e), (actual, a), selected, out)
        }
        // An object or array in the example is never matched by a value of another kind, whatever
        // the rules (as in the reference: `notEmpty` on `["b"]` does not accept `"b"`).
        (Value::Array(_) | Value::Object(_), _) => {
            let reason = MismatchReason::WrongType {
                expected_type: json_type_name(expected).into(),
                actual_type: json_type_name(actual).into(),
            };
            out.push(leaf_mismatch(path, expected, actual, reason));
        }
        _ => compare_leaf(path, expected, actual, selected, out),
    }
}

fn compare_leaf(
    path: &[Seg<'_>],
    expected: &Value,
    actual: &Value,
    rules: Option<&RuleList>,
    out: &mut Vec<Mismatch>,
) {
    let result = match rules {
        Some(list) => eval_list(list, |_| true, Some(Val::Json(expected)), Val::Json(actual)),
        None if json_equal(expected, actual) => Ok(()),
        None => Err(MismatchReason::NotEqual),
    };
    if let Err(reason) = result {
        out.push(leaf_mismatch(path, expected, actual, reason));
    }
}

/// A mismatch between two values, naming their types when they differ.
fn leaf_mismatch(path: &[Seg<'_>], expected: &Value, actual: &Value, reason: MismatchReason) -> Mismatch {
    if matches!(reason, MismatchReason::NotEqual) && !same_json_kind(expected, actual) {
        return body_mismatch(
            path,
            format!("{} ({})", render_json(expected), json_type_name(expected)),
            format!("{} ({})", render_json(actual), json_type_name(actual)),
            reason,
        );
    }
    body_mismatch(path, render_json(expected), render_json(actual), reason)
}

/// Checks the rules that speak about a container itself (type, size, notEmpty, null…).
fn check_container(
    path: &[Seg<'_>],
    expected: &Value,
    actual: &Value,
    rules: Option<&RuleList>,
    out: &mut Vec<Mismatch>,
) {
    if let Some(list) = rules {
        let keep = |r: &MatchingRule| !is_leaf_rule(r) && !matches!(r, MatchingRule::Equality);
        if let Err(reason) = eval_list(list, keep, Some(Val::Json(expected)), Val::Json(actual)) {
            out.push(leaf_mismatch(path, expected, actual, reason));
        }
    }
}

fn has(rules: Option<&RuleList>, pred: impl Fn(&MatchingRule) -> bool) -> bool {
    rules.is_some_and(|list| list.rules.iter().any(pred))
}

fn find_list(
    rules: Option<&RuleList>,
    pick: impl Fn(&MatchingRule) -> Option<&RuleList>,
) -> Option<&RuleList> {
    rules.and_then(|list| list.rules.iter().find_map(pick))
}

fn compare_objects<'a>(
    ctx: &Ctx<'_>,
    path: &mut Vec<Seg<'a>>,
    (expected_value, expected): (&'a Value, &'a Map<String, Value>),
    (actual_value, actual): (&'a Value, &'a Map<String, Value>),
    rules: Option<&RuleList>,
    out: &mut Vec<Mismatch>,
) {
    check_container(path, expected_value, actual_value, rules, out);
    let each_key = find_list(rules, |r| match r {
        MatchingRule::EachKey(list) => Some(list),
        _ => None,
    });
    let each_value = find_list(rules, |r| match r {
        MatchingRule::EachValue(list) => Some(list),
        _ => None,
    });
    let values_rule = each_value.is_some() || has(rules, |r| matches!(r, MatchingRule::Values));
    if each_key.is_some() || values_rule {
        for (key, value) in actual {
            path.push(Seg::Field(key));
            if let Some(list) = each_key {
                let key_val = Val::Text(key);
                if let Err(reason) = eval_list(list, |_| true, None, key_val) {
                    out.push(body_mismatch(
                        path,
                        "a key matching the eachKey rules",
                        key_val.render(),
                        reason,
                    ));
                }
            }
            // Only `values` and `eachValue` say what the values of keys the example lacks must be
            // like; under `eachKey` alone such values are free (as in the reference).
            let example = expected
                .get(key)
                .or_else(|| values_rule.then(|| expected.values().next()).flatten());
            match (each_value, example) {
                (Some(list), _) => compare_under(ctx, path, list, example, value, out),
                (None, Some(example)) => compare(ctx, path, example, value, out),
                (None, None) => {}
            }
            path.pop();
        }
        return;
    }
    for (key, expected_child) in expected {
        path.push(Seg::Field(key));
        match actual.get(key) {
            Some(actual_child) => compare(ctx, path, expected_child, actual_child, out),
            None => out.push(body_mismatch(
                path,
                render_json(expected_child),
                "<missing>",
                MismatchReason::Missing,
            )),
        }
        path.pop();
    }
    let equality = has(rules, |r| matches!(r, MatchingRule::Equality));
    if ctx.allow_unexpected && !equality {
        return;
    }
    for (key, actual_child) in actual {
        if expected.contains_key(key) {
            continue;
        }
        path.push(Seg::Field(key));
        let wildcard = if equality {
            None
        } else {
            ctx.select(path).filter(|s| s.exact)
        };
        match wildcard {
            Some(selected) => {
                let list = selected.list;
                if let Err(reason) = eval_list(list, |r| !is_type_rule(r), None, Val::Json(actual_child)) {
                    out.push(body_mismatch(
                        path,
                        "a value matching the rules",
                        render_json(actual_child),
                        reason,
                    ));
                }
            }
            None => out.push(body_mismatch(
                path,
                "<absent>",
                format!("key '{key}' with value {}", render_json(actual_child)),
                MismatchReason::Unexpected,
            )),
        }
        path.pop();
    }
}

fn compare_arrays<'a>(
    ctx: &Ctx<'_>,
    path: &mut Vec<Seg<'a>>,
    (expected_value, expected): (&'a Value, &'a [Value]),
    (actual_value, actual): (&'a Value, &'a [Value]),
    rules: Option<&RuleList>,
    out: &mut Vec<Mismatch>,
) {
    check_container(path, expected_value, actual_value, rules, out);
    let variants = rules.and_then(|list| {
        list.rules.iter().find_map(|r| match r {
            MatchingRule::ArrayContains(variants) => Some(variants),
            _ => None,
        })
    });
    if let Some(variants) = variants {
        for variant in variants {
            let Some(example) = expected.get(variant.index) else {
                continue;
            };
            let entries = variant.rules.category(Category::Body).unwrap_or(&[]);
            let sub = Ctx {
                rules: RuleIndex::new(entries, false),
                allow_unexpected: ctx.allow_unexpected,
                base: path.len() + 1,
            };
            let found = actual.iter().enumerate().any(|(i, item)| {
                path.push(Seg::Index(i));
                let mut scratch = Vec::new();
                compare(&sub, path, example, item, &mut scratch);
                path.pop();
                scratch.is_empty()
            });
            if !found {
                out.push(body_mismatch(
                    path,
                    render_json(example),
                    render_json(actual_value),
                    MismatchReason::NoElementLike {
                        variant: variant.index,
                    },
                ));
            }
        }
        return;
    }
    let each_value = find_list(rules, |r| match r {
        MatchingRule::EachValue(list) => Some(list),
        _ => None,
    });
    if let Some(list) = each_value {
        for (i, item) in actual.iter().enumerate() {
            path.push(Seg::Index(i));
            compare_under(ctx, path, list, expected.first(), item, out);
            path.pop();
        }
        return;
    }
    // `type` and `notEmpty` let any number of items be like the example (`notEmpty` cascades to them).
    if has(rules, |r| is_type_rule(r) || matches!(r, MatchingRule::NotEmpty)) {
        for (i, item) in actual.iter().enumerate() {
            if let Some(example) = expected.get(i).or_else(|| expected.first()) {
                path.push(Seg::Index(i));
                compare(ctx, path, example, item, out);
                path.pop();
            }
        }
        return;
    }
    for i in 0..expected.len().max(actual.len()) {
        path.push(Seg::Index(i));
        match (expected.get(i), actual.get(i)) {
            (Some(e), Some(a)) => compare(ctx, path, e, a, out),
            (Some(e), None) => out.push(body_mismatch(
                path,
                render_json(e),
                "<missing>",
                MismatchReason::Missing,
            )),
            (None, Some(a)) => out.push(body_mismatch(
                path,
                "<absent>",
                render_json(a),
                MismatchReason::Unexpected,
            )),
            (None, None) => {}
        }
        path.pop();
    }
}

/// Compares `actual` under a rule list that applies at this place and cascades beneath it
/// (`eachValue`), with `example` as the expected value where there is one.
fn compare_under<'a>(
    ctx: &Ctx<'_>,
    path: &mut Vec<Seg<'a>>,
    list: &RuleList,
    example: Option<&'a Value>,
    actual: &'a Value,
    out: &mut Vec<Mismatch>,
) {
    let Some(example) = example else {
        if let Err(reason) = eval_list(list, |r| !is_type_rule(r), None, Val::Json(actual)) {
            out.push(body_mismatch(
                path,
                "a value matching the rules",
                render_json(actual),
                reason,
            ));
        }
        return;
    };
    let entries = [(DocPath::root(), list.clone())];
    let sub = Ctx {
        rules: RuleIndex::new(&entries, false),
        allow_unexpected: ctx.allow_unexpected,
        base: path.len(),
    };
    compare(&sub, path, example, actual, out);
}
