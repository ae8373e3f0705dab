//! Matching rules: what "matches" means for each part of a request, response or message.
//!
//! Rules live in categories ([`Category`]); within a category each rule list is keyed by a path
//! expression ([`DocPath`], e.g. `$.items[*].id`). For the `header` and `query` categories the key
//! is the header or parameter name; for `path`, `method` and `status` it is the root `$`.

mod path;
mod rule;

pub use path::{DocPath, PathToken};
pub use rule::{ArrayVariant, Combine, MatchingRule, Pattern, RuleList, StatusCodeClass};

use std::collections::{BTreeMap, HashMap};

/// A category of matching rules (or generators).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
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

/// All matching rules of one request, response or message, by category and path.
///
/// ```
/// use pact_core::{Category, DocPath, MatchingRule, MatchingRules};
/// let mut rules = MatchingRules::default();
/// rules.add(Category::Body, DocPath::parse("$.id").unwrap(), MatchingRule::Integer);
/// assert!(!rules.is_empty());
/// assert_eq!(rules.category(Category::Body).map(|c| c.len()), Some(1));
/// ```
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MatchingRules {
    categories: BTreeMap<Category, Vec<(DocPath, RuleList)>>,
}

impl MatchingRules {
    /// Adds `rule` (AND-combined) to the list at `path` in `category`.
    pub fn add(&mut self, category: Category, path: DocPath, rule: MatchingRule) {
        let entries = self.categories.entry(category).or_default();
        match entries.iter_mut().find(|(p, _)| *p == path) {
            Some((_, list)) => list.rules.push(rule),
            None => entries.push((path, RuleList::new(vec![rule], Combine::And))),
        }
    }

    /// Sets the whole rule list at `path` in `category`, replacing any there.
    pub fn set(&mut self, category: Category, path: DocPath, list: RuleList) {
        let entries = self.categories.entry(category).or_default();
        match entries.iter_mut().find(|(p, _)| *p == path) {
            Some((_, existing)) => *existing = list,
            None => entries.push((path, list)),
        }
    }

    /// The `(path, rules)` entries of a category, in insertion order.
    pub fn category(&self, category: Category) -> Option<&[(DocPath, RuleList)]> {
        self.categories
            .get(&category)
            .map(Vec::as_slice)
            .filter(|c| !c.is_empty())
    }

    /// The categories that hold rules, with their entries.
    pub fn iter(&self) -> impl Iterator<Item = (Category, &[(DocPath, RuleList)])> {
        self.categories
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (*c, v.as_slice()))
    }

    /// Whether no category holds a rule.
    pub fn is_empty(&self) -> bool {
        self.categories.values().all(Vec::is_empty)
    }

    /// Makes every regex rule whose source is already in `seen` share that pattern's compilation,
    /// and records the others; nested lists (`eachKey`, `eachValue`, `arrayContains`) included.
    pub(crate) fn share_patterns(&mut self, seen: &mut HashMap<String, Pattern>) {
        for list in self.categories.values_mut().flatten().map(|(_, list)| list) {
            list.share_patterns(seen);
        }
    }
}

impl RuleList {
    fn share_patterns(&mut self, seen: &mut HashMap<String, Pattern>) {
        for rule in &mut self.rules {
            match rule {
                MatchingRule::Regex(pattern) => match seen.get(pattern.as_str()) {
                    Some(first) => *pattern = first.clone(),
                    None => {
                        seen.insert(pattern.as_str().to_string(), pattern.clone());
                    }
                },
                MatchingRule::EachKey(list) | MatchingRule::EachValue(list) => list.share_patterns(seen),
                MatchingRule::ArrayContains(variants) => {
                    for variant in variants {
                        variant.rules.share_patterns(seen);
                    }
                }
                _ => {}
            }
        }
    }
}
