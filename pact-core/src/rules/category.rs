//! Categories ([`Category`]) and the map that keys rules or generators by category and path
//! ([`CategoryMap`]): what [`MatchingRules`](super::MatchingRules) and
//! [`Generators`](crate::Generators) are made of.

use std::collections::BTreeMap;

use super::DocPath;

/// A category of matching rules (or generators).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Category {
    /// The HTTP method.
    Method,
    /// The request path.
    Path,
    /// Query parameters, keyed by name.
    Query,
    /// Headers, keyed by name.
    Header,
    /// The body (or message contents).
    Body,
    /// The response status.
    Status,
    /// Message metadata, keyed by name.
    Metadata,
}

impl Category {
    /// Parses a category name as written in pact files; accepts the aliases `headers` (V2),
    /// `content` and `contents` (message contents, read as [`Category::Body`]).
    ///
    /// ```
    /// use pact_core::Category;
    /// assert_eq!(Category::parse("headers"), Some(Category::Header));
    /// assert_eq!(Category::parse("content"), Some(Category::Body));
    /// assert_eq!(Category::parse("nonsense"), None);
    /// ```
    pub fn parse(name: &str) -> Option<Category> {
        Some(match name {
            "method" => Category::Method,
            "path" => Category::Path,
            "query" => Category::Query,
            "header" | "headers" => Category::Header,
            "body" | "content" | "contents" => Category::Body,
            "status" => Category::Status,
            "metadata" | "metaData" => Category::Metadata,
            _ => return None,
        })
    }

    /// The name written in V3/V4 files (`body` for bodies; message writers use `content` in V4).
    pub fn as_str(self) -> &'static str {
        match self {
            Category::Method => "method",
            Category::Path => "path",
            Category::Query => "query",
            Category::Header => "header",
            Category::Body => "body",
            Category::Status => "status",
            Category::Metadata => "metadata",
        }
    }
}

/// Values (rule lists or generators) by category and path, each category's entries in insertion
/// order and at most one entry per path.
///
/// [`MatchingRules`](super::MatchingRules) and [`Generators`](crate::Generators) are this map
/// with their own `add`.
///
/// ```
/// use pact_core::{Category, DocPath, Generator, Generators};
/// let mut generators = Generators::default();
/// generators.set(Category::Header, DocPath::root(), Generator::RandomBoolean);
/// generators.set(Category::Header, DocPath::root(), Generator::RandomInt { min: 1, max: 2 });
/// assert_eq!(
///     generators.category(Category::Header),
///     Some(&[(DocPath::root(), Generator::RandomInt { min: 1, max: 2 })][..])
/// );
/// assert!(generators.category(Category::Body).is_none());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct CategoryMap<T> {
    categories: BTreeMap<Category, Vec<(DocPath, T)>>,
}

impl<T> Default for CategoryMap<T> {
    fn default() -> Self {
        CategoryMap {
            categories: BTreeMap::new(),
        }
    }
}

impl<T> CategoryMap<T> {
    /// Sets the value at `path` in `category`, replacing any there.
    pub fn set(&mut self, category: Category, path: DocPath, value: T) {
        let entries = self.categories.entry(category).or_default();
        match entries.iter_mut().find(|(p, _)| *p == path) {
            Some((_, existing)) => *existing = value,
            None => entries.push((path, value)),
        }
    }

    /// The value at `path` in `category`, inserted with `make` first when there is none.
    pub(crate) fn get_or_insert_with(
        &mut self,
        category: Category,
        path: DocPath,
        make: impl FnOnce() -> T,
    ) -> &mut T {
        let entries = self.categories.entry(category).or_default();
        let index = match entries.iter().position(|(p, _)| *p == path) {
            Some(index) => index,
            None => {
                entries.push((path, make()));
                entries.len() - 1
            }
        };
        &mut entries[index].1
    }

    /// The `(path, value)` entries of a category, in insertion order; `None` when it has none.
    pub fn category(&self, category: Category) -> Option<&[(DocPath, T)]> {
        self.categories
            .get(&category)
            .map(Vec::as_slice)
            .filter(|c| !c.is_empty())
    }

    /// The categories that hold entries, with their entries.
    pub fn iter(&self) -> impl Iterator<Item = (Category, &[(DocPath, T)])> {
        self.categories
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (*c, v.as_slice()))
    }

    /// Whether no category holds an entry.
    pub fn is_empty(&self) -> bool {
        self.categories.values().all(Vec::is_empty)
    }

    /// Every value, category by category.
    pub(crate) fn values_mut(&mut self) -> impl Iterator<Item = &mut T> {
        self.categories.values_mut().flatten().map(|(_, value)| value)
    }
}
