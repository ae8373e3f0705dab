//! What the consumer relies on at each place of a response body, from the pact's matching rules:
//! a literal value, or only its type (`like`, `each_like`), or a kind of value (`integer`,
//! `regex`, …).
//!
//! Which rules apply at a place is decided by the matching engine's rule selection
//! ([`pact_core::matching::rule_select`]): a rule applies at its path and cascades beneath it, the
//! heaviest path wins, and `min`/`max` cascade as plain `type`. This module only says what the
//! selected rules stand for.

use pact_core::matching::rule_select::RuleIndex;
pub(crate) use pact_core::matching::rule_select::Seg;
use pact_core::rules::{Category, DocPath, MatchingRule, MatchingRules, PathToken};

/// Renders a place as a JSON path (`$.items[0]['first-name']`).
pub(crate) fn render(path: &[Seg<'_>]) -> String {
    let tokens = path.iter().map(|s| match s {
        Seg::Field(name) | Seg::Element(name) | Seg::Attr(name) => PathToken::Field((*name).to_string()),
        Seg::Index(i) | Seg::Shown(i) => PathToken::Index(*i),
        Seg::Text => PathToken::Field("#text".to_string()),
    });
    DocPath::from_tokens(tokens.collect()).to_string()
}

/// What a value of the pact stands for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reliance {
    /// The value as written (no rule, or `equality`).
    Literal,
    /// Any value of the same JSON type (`type`, `min`/`max` types, `notEmpty`).
    Type,
    /// Any integer.
    Integer,
    /// Any number with a fractional part.
    Decimal,
    /// Any number.
    Number,
    /// A string shaped by a rule (`regex`, `include`, `date`, `time`, `timestamp`, `semver`); the
    /// example still stands for the values the consumer expects.
    Text,
    /// Any boolean.
    Boolean,
    /// `null`.
    Null,
    /// An object whose keys are free (`values`, `eachKey`, `eachValue`).
    AnyKeys,
}

fn reliance_of(rules: &[MatchingRule]) -> Reliance {
    let has = |f: fn(&MatchingRule) -> bool| rules.iter().any(f);
    if has(|r| matches!(r, MatchingRule::Null)) {
        Reliance::Null
    } else if has(|r| matches!(r, MatchingRule::Boolean)) {
        Reliance::Boolean
    } else if has(|r| matches!(r, MatchingRule::Integer)) {
        Reliance::Integer
    } else if has(|r| matches!(r, MatchingRule::Decimal)) {
        Reliance::Decimal
    } else if has(|r| matches!(r, MatchingRule::Number)) {
        Reliance::Number
    } else if has(|r| {
        matches!(
            r,
            MatchingRule::Regex(_)
                | MatchingRule::Include(_)
                | MatchingRule::Date(_)
                | MatchingRule::Time(_)
                | MatchingRule::Timestamp(_)
                | MatchingRule::Semver
        )
    }) {
        Reliance::Text
    } else if has(|r| {
        matches!(
            r,
            MatchingRule::Values | MatchingRule::EachKey(_) | MatchingRule::EachValue(_)
        )
    }) {
        Reliance::AnyKeys
    } else if has(|r| {
        matches!(
            r,
            MatchingRule::Type
                | MatchingRule::MinType(_)
                | MatchingRule::MaxType(_)
                | MatchingRule::MinMaxType(..)
                | MatchingRule::NotEmpty
        )
    }) {
        Reliance::Type
    } else {
        Reliance::Literal
    }
}

/// The body rules of a request or response, ready to say what the consumer relies on where.
#[derive(Debug, Default)]
pub(crate) struct BodyRules<'r> {
    index: RuleIndex<'r>,
}

impl<'r> BodyRules<'r> {
    /// No rules: every value is relied on literally.
    pub(crate) fn literal() -> Self {
        BodyRules::default()
    }

    /// The `body` rules of `rules`.
    pub(crate) fn new(rules: &'r MatchingRules) -> Self {
        let entries = rules.category(Category::Body).unwrap_or(&[]);
        BodyRules {
            index: RuleIndex::new(entries, false),
        }
    }

    /// What the consumer relies on at `path`.
    pub(crate) fn at(&self, path: &[Seg<'_>]) -> Reliance {
        self.index
            .select(path)
            .map_or(Reliance::Literal, |selected| reliance_of(&selected.list.rules))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rules(entries: &[(&str, MatchingRule)]) -> MatchingRules {
        let mut rules = MatchingRules::default();
        for (path, rule) in entries {
            rules.add(Category::Body, DocPath::parse(path).expect("path"), rule.clone());
        }
        rules
    }

    #[test]
    fn rules_cascade_and_the_most_specific_wins() {
        let rules = rules(&[
            ("$.user", MatchingRule::Type),
            ("$.user.id", MatchingRule::Integer),
            ("$.tags", MatchingRule::MinType(1)),
            ("$.user.role", MatchingRule::Equality),
        ]);
        let body = BodyRules::new(&rules);
        assert_eq!(body.at(&[]), Reliance::Literal);
        assert_eq!(body.at(&[Seg::Field("user")]), Reliance::Type);
        assert_eq!(body.at(&[Seg::Field("user"), Seg::Field("name")]), Reliance::Type);
        assert_eq!(
            body.at(&[Seg::Field("user"), Seg::Field("id")]),
            Reliance::Integer
        );
        assert_eq!(
            body.at(&[Seg::Field("user"), Seg::Field("role")]),
            Reliance::Literal
        );
        assert_eq!(body.at(&[Seg::Field("tags"), Seg::Index(3)]), Reliance::Type);
    }

    #[test]
    fn renders_json_paths() {
        assert_eq!(
            render(&[Seg::Field("items"), Seg::Index(0), Seg::Field("first-name")]),
            "$.items[0]['first-name']"
        );
        assert_eq!(render(&[]), "$");
    }
}
