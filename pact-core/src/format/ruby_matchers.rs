//! Matchers the old pact-ruby wrote into V1/V2 pacts as serialised Ruby objects, in place of
//! the values they match:
//!
//! - `{"json_class": "Pact::Term", "data": {"generate": G, "matcher": {"json_class": "Regexp", "o": 0, "s": S}}}`:
//!   the example `G`, and a regex rule (Ruby searches the value: an unanchored `S` may match
//!   part of it);
//! - `{"json_class": "Pact::SomethingLike", "contents": X}`: the example `X`, matched by type
//!   (all the way down, as Ruby's `like`);
//! - `{"json_class": "Pact::ArrayLike", "contents": X, "min": N}`: an array of `N` (at least
//!   one) copies of `X`, each element matched by type like `X`, at least `N` of them.
//!
//! They may stand for a body value at any depth, a header value, a query parameter's value, the
//! path or the method. [`unwrap_ruby_matchers`] replaces them by their examples and returns the
//! rules they stand for.

use serde_json::{Map, Value};

use crate::PactError;
use crate::rules::{Category, DocPath, MatchingRule, MatchingRules, Pattern};

/// The parts of a request or response that may hold Ruby matchers, with their category.
const PARTS: [(&str, Category); 5] = [
    ("body", Category::Body),
    ("headers", Category::Header),
    ("query", Category::Query),
    ("path", Category::Path),
    ("method", Category::Method),
];

/// A request or response object with pact-ruby's matchers replaced by their examples, and the
/// rules they stand for.
pub(crate) type Unwrapped = (Map<String, Value>, MatchingRules);

/// `part` (a request or response object) with every pact-ruby matcher replaced by its example,
/// and the rules the matchers stand for; `None` when it holds none. `path` is the JSON path of
/// `part`, for errors (a `Pact::Term` whose regex no engine can read).
pub(crate) fn unwrap_ruby_matchers(
    part: &Map<String, Value>,
    path: &str,
) -> Result<Option<Unwrapped>, PactError> {
    if !PARTS
        .iter()
        .any(|(key, _)| part.get(*key).is_some_and(holds_ruby_matcher))
    {
        return Ok(None);
    }
    let mut out = part.clone();
    let mut rules = MatchingRules::default();
    let mut unwrap = || -> Result<(), PactError> {
        for (key, category) in PARTS {
            let Some(value) = out.get_mut(key) else { continue };
            let json_path = format!("{path}.{key}");
            match category {
                Category::Body | Category::Path | Category::Method => {
                    replace(value, DocPath::root(), category, &mut rules, &json_path)?
                }
                // Headers and query parameters: keyed by name, each value (or each of an array).
                _ => {
                    let named = match value {
                        Value::Object(named) if ruby_class(named).is_none() => named,
                        Value::Object(_) => {
                            return Err(PactError::invalid(
                                json_path,
                                format!("a pact-ruby matcher for all the {key} at once is not supported"),
                            ));
                        }
                        _ => continue,
                    };
                    for (name, value) in named.iter_mut() {
                        let doc_path = DocPath::field(name);
                        let json_path = format!("{json_path}['{name}']");
                        match value {
                            Value::Array(items) => {
                                for item in items {
                                    replace(item, doc_path.clone(), category, &mut rules, &json_path)?;
                                }
                            }
                            single => replace(single, doc_path, category, &mut rules, &json_path)?,
                        }
                    }
                }
            }
        }
        Ok(())
    };
    unwrap()?;
    Ok(Some((out, rules)))
}

/// Adds the `ruby` rules to `rules` where the pact's own rules say nothing about that place.
pub(crate) fn add_where_absent(rules: &mut MatchingRules, ruby: MatchingRules) {
    for (category, entries) in ruby.iter() {
        for (doc_path, list) in entries {
            let taken = rules
                .category(category)
                .is_some_and(|own| own.iter().any(|(p, _)| p == doc_path));
            if !taken {
                rules.set(category, doc_path.clone(), list.clone());
            }
        }
    }
}

/// Whether `value` holds a pact-ruby matcher at any depth.
fn holds_ruby_matcher(value: &Value) -> bool {
    match value {
        Value::Object(map) => ruby_class(map).is_some() || map.values().any(holds_ruby_matcher),
        Value::Array(items) => items.iter().any(holds_ruby_matcher),
        _ => false,
    }
}

fn ruby_class(map: &Map<String, Value>) -> Option<&str> {
    map.get("json_class")
        .and_then(Value::as_str)
        .filter(|class| class.starts_with("Pact::"))
}

/// Replaces the matchers in `value` (at `doc_path` of `category`) by their examples, adding
/// their rules.
fn replace(
    value: &mut Value,
    doc_path: DocPath,
    category: Category,
    rules: &mut MatchingRules,
    json_path: &str,
) -> Result<(), PactError> {
    let class = match value {
        Value::Object(map) => ruby_class(map).map(str::to_string),
        _ => None,
    };
    match (class.as_deref(), value) {
        (Some("Pact::Term"), value) => {
            let data = value.get("data");
            let example = data
                .and_then(|d| d.get("generate"))
                .cloned()
                .unwrap_or(Value::Null);
            let matcher = data.and_then(|d| d.get("matcher"));
            let source = matcher
                .and_then(|m| m.get("s"))
                .and_then(Value::as_str)
                .ok_or_else(|| {
                    PactError::invalid(json_path, "a Pact::Term without data.matcher.s (its regex)")
                })?;
            let options = matcher
                .and_then(|m| m.get("o"))
                .and_then(Value::as_u64)
                .unwrap_or(0);
            let regex = ruby_regex(source, options);
            let pattern = Pattern::new(&regex).map_err(|err| {
                PactError::invalid(
                    json_path,
                    format!("invalid regular expression \"{source}\": {err}"),
                )
            })?;
            rules.add(category, doc_path, MatchingRule::Regex(pattern));
            *value = example;
        }
        (Some("Pact::SomethingLike"), value) => {
            let mut contents = value.get("contents").cloned().unwrap_or(Value::Null);
            replace(&mut contents, doc_path.clone(), category, rules, json_path)?;
            rules.add(category, doc_path, MatchingRule::Type);
            *value = contents;
        }
        (Some("Pact::ArrayLike"), value) => {
            let min = value.get("min").and_then(Value::as_u64).unwrap_or(1);
            let min = usize::try_from(min).unwrap_or(usize::MAX);
            let mut contents = value.get("contents").cloned().unwrap_or(Value::Null);
            let element_path = {
                let mut tokens = doc_path.tokens().to_vec();
                tokens.push(crate::rules::PathToken::StarIndex);
                DocPath::from_tokens(tokens)
            };
            replace(&mut contents, element_path, category, rules, json_path)?;
            rules.add(category, doc_path, MatchingRule::MinType(min));
            // The example holds `min` copies (at least one), as pact-ruby generates it; a large
            // `min` is capped so a hostile file cannot make a huge body.
            *value = Value::Array(vec![contents; min.clamp(1, 100)]);
        }
        (_, Value::Object(map)) => {
            for (key, child) in map.iter_mut() {
                replace(child, doc_path.join(key), category, rules, json_path)?;
            }
        }
        (_, Value::Array(items)) => {
            for (i, item) in items.iter_mut().enumerate() {
                replace(item, doc_path.join_index(i), category, rules, json_path)?;
            }
        }
        _ => {}
    }
    Ok(())
}

/// A Ruby regex (`s` with the option bits `o`: 1 ignore case, 2 extended, 4 multi-line, where
/// `.` matches newlines) as a pattern matching the *whole* value, as the Pact specification
/// reads regex rules: Ruby searches, so an unanchored regex may match anywhere in the value.
fn ruby_regex(source: &str, options: u64) -> String {
    let mut flags = String::new();
    for (bit, flag) in [(1, 'i'), (2, 'x'), (4, 's')] {
        if options & bit != 0 {
            flags.push(flag);
        }
    }
    let anchored = (source.starts_with('^') || source.starts_with(r"\A"))
        && (source.ends_with('$') || source.ends_with(r"\z") || source.ends_with(r"\Z"));
    let body = if anchored {
        source.to_string()
    } else {
        format!("(?s:.*?)(?:{source})(?s:.*)")
    };
    if flags.is_empty() {
        body
    } else {
        format!("(?{flags}){body}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn unanchored_ruby_regexes_search_and_options_become_flags() {
        assert_eq!(ruby_regex(r"^\d+$", 0), r"^\d+$");
        assert_eq!(ruby_regex(r"\d+", 0), r"(?s:.*?)(?:\d+)(?s:.*)");
        assert_eq!(ruby_regex("^a$", 1), "(?i)^a$");
        let searched = Pattern::new(&ruby_regex("bc", 0)).unwrap();
        assert!(searched.is_full_match("abcd"));
        assert!(!searched.is_full_match("abd"));
    }

    #[test]
    fn a_term_for_the_whole_query_string_is_an_error_naming_it() {
        let term = json!({"json_class": "Pact::Term", "data": {"generate": "a=1",
            "matcher": {"json_class": "Regexp", "o": 0, "s": "a=\\d"}}});
        let part = json!({"path": "/", "query": term});
        let err = unwrap_ruby_matchers(part.as_object().unwrap(), "$.request").unwrap_err();
        assert_eq!(
            err.to_string(),
            "$.request.query: a pact-ruby matcher for all the query at once is not supported"
        );
    }

    #[test]
    fn a_part_without_ruby_matchers_is_left_alone() {
        let part = json!({"path": "/", "body": {"json_class": "Other", "a": [1]}});
        assert!(
            unwrap_ruby_matchers(part.as_object().unwrap(), "$.request")
                .unwrap()
                .is_none()
        );
    }
}
