//! Matching rules as JSON: one matcher object (`{"match": "type", "min": 1}`) and rule lists
//! (`{"matchers": [...], "combine": "AND"}`).

use serde_json::{Map, Value, json};

use super::category_keys::entry_path;
use super::generators_json::{read_body_generator_map, write_body_generator_map};
use super::json::{child, index, object, opt_str, opt_usize, wrong_type};
use super::reading::{Reading, Writer};
use crate::PactError;
use crate::datetime::DateTimePattern;
use crate::rules::{
    ArrayVariant, Category, Combine, MatchingRule, MatchingRules, Pattern, RuleList, StatusCodeClass,
};

/// Reads a rule list: `{"matchers": [...], "combine": "AND"|"OR"}`, a single matcher object
/// (`{"match": "type"}`, as V2 and some V3 writers give), or an array of matcher objects.
/// A matcher that cannot be read is kept as [`MatchingRule::Unknown`] (so it is written back
/// unchanged, and never passes) and recorded as a problem of the interaction.
pub(crate) fn read_rule_list(
    value: &Value,
    path: &str,
    reading: &mut Reading,
) -> Result<RuleList, PactError> {
    match value {
        Value::Array(items) => Ok(RuleList::new(read_matchers(items, path, reading), Combine::And)),
        Value::Object(obj) => match obj.get("matchers") {
            Some(Value::Array(items)) => {
                let matchers_path = child(path, "matchers");
                let combine = match opt_str(obj, "combine", path)? {
                    None => Combine::And,
                    Some(c) if c.eq_ignore_ascii_case("and") => Combine::And,
                    Some(c) if c.eq_ignore_ascii_case("or") => Combine::Or,
                    Some(c) => {
                        return Err(PactError::invalid(
                            child(path, "combine"),
                            format!("expected \"AND\" or \"OR\", got \"{c}\""),
                        ));
                    }
                };
                Ok(RuleList::new(
                    read_matchers(items, &matchers_path, reading),
                    combine,
                ))
            }
            Some(other) => Err(wrong_type(
                &child(path, "matchers"),
                "an array of matchers",
                other,
            )),
            None => Ok(RuleList::single(read_matcher_or_keep(value, path, reading))),
        },
        other => Err(wrong_type(path, "an object with \"matchers\"", other)),
    }
}

fn read_matchers(items: &[Value], path: &str, reading: &mut Reading) -> Vec<MatchingRule> {
    items
        .iter()
        .enumerate()
        .map(|(i, item)| read_matcher_or_keep(item, &index(path, i), reading))
        .collect()
}

/// The matcher at `path`, or [`MatchingRule::Unknown`] with the reason recorded in `reading`.
fn read_matcher_or_keep(value: &Value, path: &str, reading: &mut Reading) -> MatchingRule {
    let read = read_matcher(value, path, reading);
    reading.or_problem(read, || MatchingRule::Unknown(value.clone()))
}

/// Reads one matcher object. A V2-style object without `match` is a type rule when it has
/// `min`/`max`, a regex rule when it has `regex`, and a date, time or timestamp rule when it has
/// `date`, `time` or `timestamp` (as pact-jvm reads them). A matcher of unknown kind is an error,
/// except in a pact written by pact-jvm, which reads it as equality (and so meant equality).
fn read_matcher(value: &Value, path: &str, reading: &mut Reading) -> Result<MatchingRule, PactError> {
    let obj = object(value, path)?;
    let name = match opt_str(obj, "match", path)? {
        Some(name) => name,
        None if obj.contains_key("min") || obj.contains_key("max") => "type",
        None if obj.contains_key("regex") => "regex",
        None if obj.contains_key("timestamp") => "timestamp",
        None if obj.contains_key("time") => "time",
        None if obj.contains_key("date") => "date",
        None if reading.writer == Writer::PactJvm => "equality",
        None => {
            return Err(PactError::invalid(
                path,
                format!("a matcher without \"match\" ({value}) is not supported"),
            ));
        }
    };
    let text = |key: &str| -> Result<String, PactError> {
        opt_str(obj, key, path)?.map(str::to_string).ok_or_else(|| {
            PactError::invalid(
                child(path, key),
                format!("missing; a {name} matcher needs a \"{key}\" string"),
            )
        })
    };
    let format = |alias: &str| -> Result<Option<DateTimePattern>, PactError> {
        let (key, source) = match opt_str(obj, "format", path)? {
            Some(source) => ("format", source),
            None => match opt_str(obj, alias, path)? {
                Some(source) => (alias, source),
                None => return Ok(None),
            },
        };
        DateTimePattern::parse(source).map(Some).map_err(|err| {
            PactError::invalid(
                child(path, key),
                format!("invalid {name} format \"{source}\": {err}"),
            )
        })
    };
    Ok(match name {
        "equality" => MatchingRule::Equality,
        "regex" => {
            let source = text("regex")?;
            let pattern = Pattern::new(&source).map_err(|err| {
                PactError::invalid(
                    child(path, "regex"),
                    format!("invalid regular expression \"{source}\": {err}"),
                )
            })?;
            MatchingRule::Regex(pattern)
        }
        "type" | "min" | "max" => {
            let min = opt_usize(obj, "min", path)?;
            let max = opt_usize(obj, "max", path)?;
            match (min, max) {
                (Some(min), Some(max)) => MatchingRule::MinMaxType(min, max),
                (Some(min), None) => MatchingRule::MinType(min),
                (None, Some(max)) => MatchingRule::MaxType(max),
                (None, None) => MatchingRule::Type,
            }
        }
        "include" => MatchingRule::Include(text("value")?),
        "integer" => MatchingRule::Integer,
        "decimal" | "real" => MatchingRule::Decimal,
        "number" => MatchingRule::Number,
        "boolean" => MatchingRule::Boolean,
        "null" => MatchingRule::Null,
        "date" => MatchingRule::Date(format("date")?),
        "time" => MatchingRule::Time(format("time")?),
        "timestamp" | "datetime" => MatchingRule::Timestamp(format(name)?),
        "values" => MatchingRule::Values,
        "arrayContains" => MatchingRule::ArrayContains(read_variants(obj, path, reading)?),
        "eachKey" => MatchingRule::EachKey(read_nested_rules(obj, path, reading)?),
        "eachValue" => MatchingRule::EachValue(read_nested_rules(obj, path, reading)?),
        "contentType" => MatchingRule::ContentType(text("value")?),
        "semver" => MatchingRule::Semver,
        "notEmpty" => MatchingRule::NotEmpty,
        "statusCode" => MatchingRule::StatusCode(read_status_class(obj, path)?),
        _ if reading.writer == Writer::PactJvm => MatchingRule::Equality,
        unknown => {
            return Err(PactError::invalid(
                child(path, "match"),
                format!("the matcher \"{unknown}\" is not supported"),
            ));
        }
    })
}

fn read_nested_rules(
    obj: &Map<String, Value>,
    path: &str,
    reading: &mut Reading,
) -> Result<RuleList, PactError> {
    match obj.get("rules") {
        None | Some(Value::Null) => Ok(RuleList::default()),
        Some(rules) => read_rule_list(rules, &child(path, "rules"), reading),
    }
}

fn read_status_class(obj: &Map<String, Value>, path: &str) -> Result<StatusCodeClass, PactError> {
    let status_path = child(path, "status");
    match obj.get("status") {
        Some(Value::String(s)) => Ok(match s.as_str() {
            "info" | "information" => StatusCodeClass::Information,
            "success" => StatusCodeClass::Success,
            "redirect" => StatusCodeClass::Redirect,
            "clientError" => StatusCodeClass::ClientError,
            "serverError" => StatusCodeClass::ServerError,
            "nonError" => StatusCodeClass::NonError,
            "error" => StatusCodeClass::Error,
            other => {
                return Err(PactError::invalid(
                    status_path,
                    format!(
                        "unknown status class \"{other}\"; expected info, success, redirect, clientError, serverError, nonError, error or an array of codes"
                    ),
                ));
            }
        }),
        Some(Value::Array(codes)) => {
            let mut out = Vec::with_capacity(codes.len());
            for (i, code) in codes.iter().enumerate() {
                let parsed = code.as_u64().and_then(|c| u16::try_from(c).ok());
                out.push(parsed.ok_or_else(|| wrong_type(&index(&status_path, i), "a status code", code))?);
            }
            Ok(StatusCodeClass::Codes(out))
        }
        Some(other) => Err(wrong_type(
            &status_path,
            "a status class or an array of codes",
            other,
        )),
        None => Err(PactError::invalid(
            status_path,
            "missing; a statusCode matcher needs a status",
        )),
    }
}

fn read_variants(
    obj: &Map<String, Value>,
    path: &str,
    reading: &mut Reading,
) -> Result<Vec<ArrayVariant>, PactError> {
    let variants_path = child(path, "variants");
    let items = match obj.get("variants") {
        None | Some(Value::Null) => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(other) => return Err(wrong_type(&variants_path, "an array of variants", other)),
    };
    let mut variants = Vec::with_capacity(items.len());
    for (i, item) in items.iter().enumerate() {
        let item_path = index(&variants_path, i);
        let variant = object(item, &item_path)?;
        let index_value = opt_usize(variant, "index", &item_path)?.unwrap_or(i);
        let rules = match variant.get("rules") {
            None | Some(Value::Null) => MatchingRules::default(),
            Some(rules) => read_body_rule_map(rules, &child(&item_path, "rules"), reading)?,
        };
        let generators = match variant.get("generators") {
            None | Some(Value::Null) => Default::default(),
            Some(g) => read_body_generator_map(g, &child(&item_path, "generators"), reading)?,
        };
        variants.push(ArrayVariant {
            index: index_value,
            rules,
            generators,
        });
    }
    Ok(variants)
}

/// Reads a category-less `{path: rule list}` map into the body category; an entry that cannot be
/// read is recorded as a problem.
pub(crate) fn read_body_rule_map(
    value: &Value,
    path: &str,
    reading: &mut Reading,
) -> Result<MatchingRules, PactError> {
    let mut rules = MatchingRules::default();
    for (key, list) in object(value, path)? {
        let entry = child(path, key);
        let read = entry_path(Category::Body, key, &entry)
            .and_then(|doc_path| Ok((doc_path, read_rule_list(list, &entry, reading)?)));
        if let Some((doc_path, list)) = reading.or_problem(read.map(Some), || None) {
            rules.set(Category::Body, doc_path, list);
        }
    }
    Ok(rules)
}

/// Writes one matcher object.
pub(crate) fn write_matcher(rule: &MatchingRule) -> Value {
    fn with_format(name: &str, format: &Option<DateTimePattern>) -> Value {
        match format {
            Some(f) => json!({"match": name, "format": f.as_str()}),
            None => json!({"match": name}),
        }
    }
    match rule {
        MatchingRule::Regex(p) => json!({"match": "regex", "regex": p.as_str()}),
        MatchingRule::MinType(min) => json!({"match": "type", "min": min}),
        MatchingRule::MaxType(max) => json!({"match": "type", "max": max}),
        MatchingRule::MinMaxType(min, max) => json!({"match": "type", "min": min, "max": max}),
        MatchingRule::Include(v) => json!({"match": "include", "value": v}),
        MatchingRule::Date(f) => with_format("date", f),
        MatchingRule::Time(f) => with_format("time", f),
        MatchingRule::Timestamp(f) => with_format("timestamp", f),
        MatchingRule::ArrayContains(variants) => {
            let variants: Vec<Value> = variants
                .iter()
                .map(|v| {
                    json!({
                        "index": v.index,
                        "rules": write_body_rule_map(&v.rules),
                        "generators": write_body_generator_map(&v.generators),
                    })
                })
                .collect();
            json!({"match": "arrayContains", "variants": variants})
        }
        MatchingRule::EachKey(list) => json!({"match": "eachKey", "rules": write_matchers(list)}),
        MatchingRule::EachValue(list) => json!({"match": "eachValue", "rules": write_matchers(list)}),
        MatchingRule::ContentType(v) => json!({"match": "contentType", "value": v}),
        MatchingRule::StatusCode(class) => json!({"match": "statusCode", "status": status_json(class)}),
        MatchingRule::Unknown(raw) => raw.clone(),
        simple => json!({"match": simple.name()}),
    }
}

fn status_json(class: &StatusCodeClass) -> Value {
    match class {
        StatusCodeClass::Information => json!("info"),
        StatusCodeClass::Success => json!("success"),
        StatusCodeClass::Redirect => json!("redirect"),
        StatusCodeClass::ClientError => json!("clientError"),
        StatusCodeClass::ServerError => json!("serverError"),
        StatusCodeClass::NonError => json!("nonError"),
        StatusCodeClass::Error => json!("error"),
        StatusCodeClass::Codes(codes) => json!(codes),
    }
}

fn write_matchers(list: &RuleList) -> Value {
    Value::Array(list.rules.iter().map(write_matcher).collect())
}

/// Writes a rule list as `{"matchers": [...], "combine": "AND"|"OR"}`.
pub(crate) fn write_rule_list(list: &RuleList) -> Value {
    let combine = match list.combine {
        Combine::And => "AND",
        Combine::Or => "OR",
    };
    json!({"matchers": write_matchers(list), "combine": combine})
}

/// Writes the body rules as a category-less `{path: rule list}` map.
pub(crate) fn write_body_rule_map(rules: &MatchingRules) -> Value {
    let mut map = Map::new();
    for (doc_path, list) in rules.category(Category::Body).unwrap_or_default() {
        map.insert(doc_path.to_string(), write_rule_list(list));
    }
    Value::Object(map)
}
