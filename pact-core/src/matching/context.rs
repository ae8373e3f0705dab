//! What a comparison carries along: the rules of the category being compared, whether unexpected
//! fields are tolerated.

use super::rule_eval::{Val, eval_list};
use super::rule_select::{RuleIndex, Seg, Selected};
use crate::Mismatch;
use crate::mismatch::{MismatchKind, MismatchReason};

/// The state of one comparison of a category (body, headers, query…).
#[derive(Debug)]
pub(crate) struct Ctx<'r> {
    /// The rules of the category.
    pub(crate) rules: RuleIndex<'r>,
    /// Tolerant reader: unexpected object keys, XML attributes and elements are fine.
    pub(crate) allow_unexpected: bool,
    /// How many leading path segments the rule paths do not see (rules of an `arrayContains`
    /// variant or an `eachValue` are relative to the element).
    pub(crate) base: usize,
}

impl<'r> Ctx<'r> {
    /// A context for `rules` whose paths start at the root.
    pub(crate) fn new(rules: RuleIndex<'r>, allow_unexpected: bool) -> Self {
        Ctx {
            rules,
            allow_unexpected,
            base: 0,
        }
    }

    /// The rules that apply at `path`.
    pub(crate) fn select(&self, path: &[Seg<'_>]) -> Option<Selected<'_>> {
        self.rules.select(path.get(self.base..).unwrap_or(&[]))
    }

    /// Checks one value (text, bytes, a status) at `path`: against the rules selected there, or,
    /// where none are written, whether `equal` holds.
    pub(crate) fn check(
        &self,
        path: &[Seg<'_>],
        expected: Val<'_>,
        actual: Val<'_>,
        equal: impl FnOnce() -> bool,
    ) -> Result<(), MismatchReason> {
        match self.select(path) {
            Some(selected) => eval_list(selected.list, |_| true, Some(expected), actual),
            None if equal() => Ok(()),
            None => Err(MismatchReason::NotEqual),
        }
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
