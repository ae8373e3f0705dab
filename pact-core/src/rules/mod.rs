//! Matching rules: what "matches" means for each part of a request, response or message.
//!
//! Rules live in categories ([`Category`]); within a category each rule list is keyed by a path
//! expression ([`DocPath`], e.g. `$.items[*].id`). For the `header` and `query` categories the key
//! is the header or parameter name; for `path`, `method` and `status` it is the root `$`.

mod category;
mod path;
mod pattern;
mod rule;

pub use category::{Category, CategoryMap};
pub use path::{DocPath, PathToken};
#[cfg(test)]
pub(crate) use pattern::tests::compiles as regex_compiles;
pub use pattern::{BACKTRACK_LIMIT, DEFAULT_SIZE_LIMIT, Pattern, PatternError, RegexTooBig, to_rust_dialect};
pub use rule::{ArrayVariant, Combine, MatchingRule, RuleList, StatusCodeClass};

use std::collections::HashMap;

/// All matching rules of one request, response or message, by category and path.
///
/// ```
/// use pact_core::{Category, DocPath, MatchingRule, MatchingRules};
/// let mut rules = MatchingRules::default();
/// rules.add(Category::Body, DocPath::parse("$.id").unwrap(), MatchingRule::Integer);
/// assert!(!rules.is_empty());
/// assert_eq!(rules.category(Category::Body).map(|c| c.len()), Some(1));
/// ```
pub type MatchingRules = CategoryMap<RuleList>;

impl CategoryMap<RuleList> {
    /// Adds `rule` (AND-combined) to the list at `path` in `category`.
    pub fn add(&mut self, category: Category, path: DocPath, rule: MatchingRule) {
        self.get_or_insert_with(category, path, || RuleList::new(Vec::new(), Combine::And))
            .rules
            .push(rule);
    }

    /// Makes every regex rule whose source is already in `seen` share that pattern's compilation,
    /// and records the others; nested lists (`eachKey`, `eachValue`, `arrayContains`) included.
    pub(crate) fn share_patterns(&mut self, seen: &mut HashMap<String, Pattern>) {
        for list in self.values_mut() {
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
