//! How the entries of a rule or generator category are keyed in pact files: body entries by path
//! expression (`$.items[*].id`), header, query and metadata entries by name, and the single-valued
//! categories (`path`, `method`, `status`) at the root.

use crate::PactError;
use crate::rules::{Category, DocPath, PathToken};

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
