//! How the entries of a rule or generator category are keyed in pact files: body entries by path
//! expression (`$.items[*].id`), header, query and metadata entries by name, and the single-valued
//! categories (`path`, `method`, `status`) at the root.

use serde_json::{Map, Value};

use crate::PactError;
use crate::rules::{Category, CategoryMap, DocPath, PathToken};

/// The [`DocPath`] of the entry written as `key` in `category`; `path` is the entry's JSON path,
/// for errors.
pub(crate) fn entry_path(category: Category, key: &str, path: &str) -> Result<DocPath, PactError> {
    match category {
        Category::Header | Category::Query | Category::Metadata if !key.starts_with('$') => {
            Ok(DocPath::field(key))
        }
        _ => DocPath::parse(key).map_err(|err| match err {
            PactError::Invalid { message, .. } => PactError::invalid(path, format!("{message} in \"{key}\"")),
            other => other,
        }),
    }
}

/// The key under which the entry at `doc_path` of `category` is written.
pub(crate) fn entry_key(category: Category, doc_path: &DocPath) -> String {
    match (category, doc_path.tokens()) {
        (
            Category::Header | Category::Query | Category::Metadata,
            [PathToken::Root, PathToken::Field(name)],
        ) if !name.starts_with('$') => name.clone(),
        _ => doc_path.to_string(),
    }
}

/// Whether a category holds one entry for the whole value (`path`, `method`, `status`).
pub(crate) fn is_single_valued(category: Category) -> bool {
    matches!(category, Category::Path | Category::Method | Category::Status)
}

/// Writes rules or generators as a V3/V4 object of categories, each entry as `write` renders it:
/// a single-valued category holds its one entry, the others an object keyed by [`entry_key`].
/// `body_name` names the body category (`body`, or `content` for V4 messages).
pub(crate) fn write_categories<T>(
    map: &CategoryMap<T>,
    body_name: &str,
    write: impl Fn(&T) -> Value,
) -> Value {
    let mut out = Map::new();
    for (category, entries) in map.iter() {
        let name = if category == Category::Body {
            body_name
        } else {
            category.as_str()
        };
        if is_single_valued(category) {
            if let Some((_, value)) = entries.first() {
                out.insert(name.into(), write(value));
            }
            continue;
        }
        let mut keyed = Map::new();
        for (doc_path, value) in entries {
            keyed.insert(entry_key(category, doc_path), write(value));
        }
        out.insert(name.into(), Value::Object(keyed));
    }
    Value::Object(out)
}
