//! The `matchingRules` object of a request, response or message: flat V2 rules
//! (`"$.body.animals[*].name": {"match": "type"}`) and categorised V3/V4 rules
//! (`{"body": {"$.a": {"matchers": [...], "combine": "AND"}}, "path": {"matchers": [...]}}`).

use serde_json::{Map, Value};

use super::category_keys::{entry_path, is_single_valued, write_categories};
use super::json::{child, object};
use super::matcher_json::{read_rule_list, write_matcher, write_rule_list};
use super::reading::{Reading, Writer};
use crate::PactError;
use crate::rules::{Category, DocPath, MatchingRules, PathToken, RuleList};

/// Reads a `matchingRules` object into `rules`. Keys starting with `$` are flat V2 rules; other
/// keys are category names. An entry that cannot be read, and rules of a category this reader
/// does not know, are recorded as problems of the interaction (pact-jvm ignores unknown
/// categories, so in its pacts they are skipped).
pub(crate) fn read_matching_rules(
    value: &Value,
    path: &str,
    rules: &mut MatchingRules,
    reading: &mut Reading,
) -> Result<(), PactError> {
    for (key, entry) in object(value, path)? {
        let entry_json_path = child(path, key);
        let read = if key.starts_with('$') {
            read_flat_rule(key, entry, &entry_json_path, rules, reading)
        } else if let Some(category) = Category::parse(key) {
            read_category(category, entry, &entry_json_path, rules, reading)
        } else {
            let has_rules = !matches!(entry, Value::Null) && entry.as_object().is_none_or(|m| !m.is_empty());
            unknown_category(key, has_rules, &entry_json_path, reading.writer)
        };
        reading.or_problem(read, || ());
    }
    Ok(())
}

/// Rules of a category (or a V2 key) this reader does not know: an error unless there are none,
/// or the pact comes from pact-jvm, which ignores them too.
fn unknown_category(name: &str, has_rules: bool, path: &str, writer: Writer) -> Result<(), PactError> {
    if !has_rules || writer == Writer::PactJvm {
        return Ok(());
    }
    Err(PactError::invalid(
        path,
        format!(
            "matching rules for \"{name}\" are not supported (known: method, path, query, header, body, status, metadata)"
        ),
    ))
}

fn read_category(
    category: Category,
    value: &Value,
    path: &str,
    rules: &mut MatchingRules,
    reading: &mut Reading,
) -> Result<(), PactError> {
    let obj = object(value, path)?;
    if is_single_valued(category) && (obj.contains_key("matchers") || obj.contains_key("match")) {
        rules.set(category, DocPath::root(), read_rule_list(value, path, reading)?);
        return Ok(());
    }
    for (key, list) in obj {
        let entry = child(path, key);
        let doc_path = if is_single_valued(category) {
            Ok(DocPath::root())
        } else {
            entry_path(category, key, &entry)
        };
        let read = doc_path.and_then(|doc_path| Ok((doc_path, read_rule_list(list, &entry, reading)?)));
        if let Some((doc_path, list)) = reading.or_problem(read.map(Some), || None) {
            rules.set(category, doc_path, list);
        }
    }
    Ok(())
}

/// A V2 rule: `$.body…`, `$.headers.X` (or `$.header.X`), `$.query.q`, `$.path`, `$.method`, `$.status`.
fn read_flat_rule(
    key: &str,
    value: &Value,
    path: &str,
    rules: &mut MatchingRules,
    reading: &mut Reading,
) -> Result<(), PactError> {
    let doc_path = entry_path(Category::Body, key, path)?;
    let tokens = doc_path.tokens();
    let category = match tokens.get(1) {
        Some(PathToken::Field(name)) => Category::parse(name),
        _ => None,
    };
    let Some(category) = category else {
        return unknown_category(key, true, path, reading.writer);
    };
    let rest = &tokens[2..];
    let target = match category {
        Category::Body => DocPath::from_tokens(rest.to_vec()),
        Category::Header | Category::Query | Category::Metadata => match rest.first() {
            Some(PathToken::Field(_)) => DocPath::from_tokens(rest.to_vec()),
            _ => return unknown_category(key, true, path, reading.writer),
        },
        Category::Path | Category::Method | Category::Status => DocPath::root(),
    };
    rules.set(category, target, read_rule_list(value, path, reading)?);
    Ok(())
}

/// Writes V3/V4 categorised rules; `body_name` names the body category (`body`, or `content` for
/// V4 messages).
pub(crate) fn write_matching_rules(rules: &MatchingRules, body_name: &str) -> Value {
    write_categories(rules, body_name, write_rule_list)
}

/// Writes flat V2 rules. V2 has one matcher per path and no `combine`: the first rule of each
/// list is written and the others are dropped.
pub(crate) fn write_flat_rules(rules: &MatchingRules) -> Value {
    let mut out = Map::new();
    for (category, entries) in rules.iter() {
        let prefix = match category {
            Category::Header => "headers",
            other => other.as_str(),
        };
        for (doc_path, list) in entries {
            let Some(value) = first_rule(list) else { continue };
            let key = if is_single_valued(category) {
                format!("$.{prefix}")
            } else {
                let mut tokens = vec![PathToken::Root, PathToken::Field(prefix.to_string())];
                tokens.extend(doc_path.tokens().iter().skip(1).cloned());
                DocPath::from_tokens(tokens).to_string()
            };
            out.insert(key, value);
        }
    }
    Value::Object(out)
}

fn first_rule(list: &RuleList) -> Option<Value> {
    list.rules.first().map(write_matcher)
}
