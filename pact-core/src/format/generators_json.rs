//! Generators as JSON: `{"type": "RandomInt", "min": 0, "max": 10}` and the category maps around them.

use serde_json::{Map, Value, json};

use super::category_keys::{entry_path, is_single_valued, write_categories};
use super::json::{child, object, opt_i64, opt_str, opt_usize};
use super::reading::{Reading, Writer};
use crate::PactError;
use crate::generators::{Generator, Generators, UuidFormat};
use crate::rules::{Category, DocPath};

/// The generator at `path`, or [`Generator::Unknown`] with the reason recorded in `reading`.
fn read_generator_or_keep(value: &Value, path: &str, reading: &mut Reading) -> Generator {
    let read = read_generator(value, path, reading.writer);
    reading.or_problem(read, || Generator::Unknown(value.clone()))
}

/// Reads one generator object. A generator of unknown `type` is an error, except in a pact
/// written by pact-jvm, which ignores it (the example is kept): it is then kept as
/// [`Generator::Unknown`], which generates nothing.
fn read_generator(value: &Value, path: &str, writer: Writer) -> Result<Generator, PactError> {
    let obj = object(value, path)?;
    let unknown = |what: String| {
        if writer == Writer::PactJvm {
            Ok(Generator::Unknown(value.clone()))
        } else {
            Err(PactError::invalid(path, format!("{what} is not supported")))
        }
    };
    let Some(kind) = opt_str(obj, "type", path)? else {
        return unknown(format!("a generator without \"type\" ({value})"));
    };
    let format = || opt_str(obj, "format", path).map(|f| f.map(str::to_string));
    let expression = || opt_str(obj, "expression", path).map(|f| f.map(str::to_string));
    let digits = || opt_usize(obj, "digits", path).map(|d| d.unwrap_or(10));
    Ok(match kind {
        "RandomInt" => {
            let min = opt_i64(obj, "min", path)?.unwrap_or(0);
            let max = opt_i64(obj, "max", path)?.unwrap_or(i64::from(i32::MAX));
            if min > max {
                return Err(PactError::invalid(
                    path,
                    format!("RandomInt generator has min {min} greater than max {max}"),
                ));
            }
            Generator::RandomInt { min, max }
        }
        "RandomDecimal" => Generator::RandomDecimal { digits: digits()? },
        "RandomHexadecimal" => Generator::RandomHexadecimal { digits: digits()? },
        "RandomString" => Generator::RandomString {
            size: opt_usize(obj, "size", path)?.unwrap_or(10),
        },
        "Regex" => {
            let regex = opt_str(obj, "regex", path)?
                .ok_or_else(|| PactError::invalid(child(path, "regex"), "missing; a Regex generator needs a regex"))?;
            if let Err(err) = crate::rules::Pattern::new(regex) {
                return Err(PactError::invalid(
                    child(path, "regex"),
                    format!("invalid regular expression \"{regex}\": {err}"),
                ));
            }
            Generator::Regex { regex: regex.to_string() }
        }
        "Uuid" => Generator::Uuid {
            format: match opt_str(obj, "format", path)? {
                None => UuidFormat::default(),
                Some(f) => parse_uuid_format(f).ok_or_else(|| {
                    PactError::invalid(
                        child(path, "format"),
                        format!(
                            "unknown UUID format \"{f}\"; expected simple, lower-case-hyphenated, upper-case-hyphenated or URN"
                        ),
                    )
                })?,
            },
        },
        "Date" => Generator::Date { format: format()?, expression: expression()? },
        "Time" => Generator::Time { format: format()?, expression: expression()? },
        "DateTime" | "Timestamp" => Generator::DateTime { format: format()?, expression: expression()? },
        "RandomBoolean" => Generator::RandomBoolean,
        "ProviderState" => Generator::ProviderState {
            expression: opt_str(obj, "expression", path)?
                .ok_or_else(|| {
                    PactError::invalid(child(path, "expression"), "missing; a ProviderState generator needs an expression")
                })?
                .to_string(),
            data_type: opt_str(obj, "dataType", path)?.map(str::to_string),
        },
        "MockServerURL" => Generator::MockServerUrl {
            example: opt_str(obj, "example", path)?.unwrap_or_default().to_string(),
            regex: opt_str(obj, "regex", path)?.unwrap_or_default().to_string(),
        },
        other => return unknown(format!("the generator \"{other}\"")),
    })
}

fn parse_uuid_format(text: &str) -> Option<UuidFormat> {
    Some(match text.to_ascii_lowercase().replace('_', "-").as_str() {
        "simple" => UuidFormat::Simple,
        "lower-case-hyphenated" => UuidFormat::LowerCaseHyphenated,
        "upper-case-hyphenated" => UuidFormat::UpperCaseHyphenated,
        "urn" => UuidFormat::Urn,
        _ => return None,
    })
}

fn uuid_format_name(format: UuidFormat) -> &'static str {
    match format {
        UuidFormat::Simple => "simple",
        UuidFormat::LowerCaseHyphenated => "lower-case-hyphenated",
        UuidFormat::UpperCaseHyphenated => "upper-case-hyphenated",
        UuidFormat::Urn => "URN",
    }
}

/// Writes one generator object (optional fields only when set; the default UUID format is omitted).
pub(crate) fn write_generator(generator: &Generator) -> Value {
    fn dated(kind: &str, format: &Option<String>, expression: &Option<String>) -> Value {
        let mut obj = Map::new();
        obj.insert("type".into(), json!(kind));
        if let Some(f) = format {
            obj.insert("format".into(), json!(f));
        }
        if let Some(e) = expression {
            obj.insert("expression".into(), json!(e));
        }
        Value::Object(obj)
    }
    match generator {
        Generator::RandomInt { min, max } => json!({"type": "RandomInt", "min": min, "max": max}),
        Generator::RandomDecimal { digits } => json!({"type": "RandomDecimal", "digits": digits}),
        Generator::RandomHexadecimal { digits } => json!({"type": "RandomHexadecimal", "digits": digits}),
        Generator::RandomString { size } => json!({"type": "RandomString", "size": size}),
        Generator::Regex { regex } => json!({"type": "Regex", "regex": regex}),
        Generator::Uuid { format } if *format == UuidFormat::default() => json!({"type": "Uuid"}),
        Generator::Uuid { format } => json!({"type": "Uuid", "format": uuid_format_name(*format)}),
        Generator::Date { format, expression } => dated("Date", format, expression),
        Generator::Time { format, expression } => dated("Time", format, expression),
        Generator::DateTime { format, expression } => dated("DateTime", format, expression),
        Generator::RandomBoolean => json!({"type": "RandomBoolean"}),
        Generator::ProviderState {
            expression,
            data_type,
        } => match data_type {
            Some(t) => json!({"type": "ProviderState", "expression": expression, "dataType": t}),
            None => json!({"type": "ProviderState", "expression": expression}),
        },
        Generator::MockServerUrl { example, regex } => {
            json!({"type": "MockServerURL", "example": example, "regex": regex})
        }
        Generator::Unknown(raw) => raw.clone(),
    }
}

/// Reads a `"generators"` object of categories into `generators`. A generator that cannot be
/// read, and generators of a category this reader does not know, are recorded as problems
/// (pact-jvm ignores unknown categories, so in its pacts they are skipped).
pub(crate) fn read_generators(
    value: &Value,
    path: &str,
    generators: &mut Generators,
    reading: &mut Reading,
) -> Result<(), PactError> {
    let obj = object(value, path)?;
    for (name, entries) in obj {
        let cat_path = child(path, name);
        let Some(category) = Category::parse(name) else {
            let has_generators = entries.as_object().is_none_or(|m| !m.is_empty()) && !entries.is_null();
            if has_generators && reading.writer != Writer::PactJvm {
                reading.problem(PactError::invalid(
                    cat_path,
                    format!("generators for \"{name}\" are not supported (known: method, path, query, header, body, status, metadata)"),
                ));
            }
            continue;
        };
        let entries_obj = reading.or_problem(object(entries, &cat_path).map(Some), || None);
        let Some(entries_obj) = entries_obj else { continue };
        // Method, path and status hold one generator, written as the category's value: read
        // (or keep) it whole, so what cannot be read is written back as it was.
        if is_single_valued(category) {
            let generator = read_generator_or_keep(entries, &cat_path, reading);
            generators.add(category, DocPath::root(), generator);
            continue;
        }
        for (key, generator) in entries_obj {
            let entry = child(&cat_path, key);
            let doc_path = entry_path(category, key, &entry);
            if let Some(doc_path) = reading.or_problem(doc_path.map(Some), || None) {
                let generator = read_generator_or_keep(generator, &entry, reading);
                generators.add(category, doc_path, generator);
            }
        }
    }
    Ok(())
}

/// Reads a category-less `{path: generator}` map (as in `arrayContains` variants) into the body category.
pub(crate) fn read_body_generator_map(
    value: &Value,
    path: &str,
    reading: &mut Reading,
) -> Result<Generators, PactError> {
    let mut generators = Generators::default();
    for (key, generator) in object(value, path)? {
        let entry = child(path, key);
        let doc_path = entry_path(Category::Body, key, &entry);
        if let Some(doc_path) = reading.or_problem(doc_path.map(Some), || None) {
            let generator = read_generator_or_keep(generator, &entry, reading);
            generators.add(Category::Body, doc_path, generator);
        }
    }
    Ok(generators)
}

/// Writes generators as a V3/V4 `"generators"` object; `body_name` is the name of the body
/// category (`body`, or `content` for V4 messages).
pub(crate) fn write_generators(generators: &Generators, body_name: &str) -> Value {
    write_categories(generators, body_name, write_generator)
}

/// Writes the body generators as a category-less `{path: generator}` map.
pub(crate) fn write_body_generator_map(generators: &Generators) -> Value {
    let mut map = Map::new();
    for (doc_path, generator) in generators.category(Category::Body).unwrap_or_default() {
        map.insert(doc_path.to_string(), write_generator(generator));
    }
    Value::Object(map)
}
