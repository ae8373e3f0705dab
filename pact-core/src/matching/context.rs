//! What a comparison carries along: the rules of the category being compared, whether unexpected
//! fields are tolerated, and the regular expressions compiled for full-string matching.

use std::cell::RefCell;

use regex::Regex;

use super::rule_select::{RuleIndex, Seg, Selected};
use crate::Mismatch;
use crate::mismatch::{MismatchKind, MismatchReason};
use crate::rules::Pattern;

/// Full-string regex matching without compiling per match.
///
/// A [`Pattern`] is compiled once, unanchored. A full match is decided from one search in almost
/// every case: no match at all means no full match, and a leftmost match spanning the whole text is
/// one. Only when a match exists but does not span the text (e.g. `a|ab` on `ab`) is an anchored
/// copy needed; it is compiled at most once per pattern for the lifetime of this cache (one match
/// call).
#[derive(Debug, Default)]
pub(crate) struct RegexCache {
    anchored: RefCell<Vec<(String, Option<Regex>)>>,
}

impl RegexCache {
    /// Whether `pattern` matches the whole of `text`.
    pub(crate) fn full_match(&self, pattern: &Pattern, text: &str) -> bool {
        match pattern.regex().find(text) {
            None => return false,
            Some(m) if m.start() == 0 && m.end() == text.len() => return true,
            Some(_) => {}
        }
        let mut cache = self.anchored.borrow_mut();
        if let Some((_, re)) = cache.iter().find(|(src, _)| src == pattern.as_str()) {
            return re.as_ref().is_some_and(|re| re.is_match(text));
        }
        let re = Regex::new(&format!("^(?:{})$", pattern.as_str())).ok();
        let result = re.as_ref().is_some_and(|re| re.is_match(text));
        cache.push((pattern.as_str().to_string(), re));
        result
    }
}

/// The state of one comparison of a category (body, headers, query…).
#[derive(Debug)]
pub(crate) struct Ctx<'r> {
    /// The rules of the category.
    pub(crate) rules: RuleIndex<'r>,
    /// Regexes compiled for this match call.
    pub(crate) regexes: &'r RegexCache,
    /// Tolerant reader: unexpected object keys, XML attributes and elements are fine.
    pub(crate) allow_unexpected: bool,
    /// How many leading path segments the rule paths do not see (rules of an `arrayContains`
    /// variant or an `eachValue` are relative to the element).
    pub(crate) base: usize,
}

impl<'r> Ctx<'r> {
    /// A context for `rules` whose paths start at the root.
    pub(crate) fn new(rules: RuleIndex<'r>, regexes: &'r RegexCache, allow_unexpected: bool) -> Self {
        Ctx {
            rules,
            regexes,
            allow_unexpected,
            base: 0,
        }
    }

    /// The rules that apply at `path`.
    pub(crate) fn select(&self, path: &[Seg<'_>]) -> Option<Selected<'_>> {
        self.rules.select(path.get(self.base..).unwrap_or(&[]))
    }
}

/// A body mismatch at `path`.
pub(crate) fn body_mismatch(
    path: &[Seg<'_>],
    expected: impl Into<String>,
    actual: impl Into<String>,
    reason: MismatchReason,
) -> Mismatch {
    Mismatch::because(
        MismatchKind::Body {
            path: super::rule_select::render(path),
        },
        expected,
        actual,
        reason,
    )
}
