//! What the consumer relies on at each place of a response body, from the pact's matching rules:
//! a literal value, or only its type (`like`, `each_like`), or a kind of value (`integer`,
//! `regex`, …).
//!
//! Rule selection follows the specification as the matching engine does: a rule applies at its
//! path and cascades beneath it, the heaviest path wins (root and exact names weigh 2, wildcards
//! 1, multiplied; ties go to the longer path), and `min`/`max` cascade as plain `type`.

use crate::rules::{Category, DocPath, MatchingRule, MatchingRules, PathToken, RuleList};

/// One step into a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Step<'a> {
    /// A field of an object.
    Field(&'a str),
    /// An element of an array.
    Index(usize),
}

/// Renders a place as a JSON path (`$.items[0]['first-name']`).
pub(crate) fn render(path: &[Step<'_>]) -> String {
    let tokens = path.iter().map(|s| match s {
        Step::Field(name) => PathToken::Field((*name).to_string()),
        Step::Index(i) => PathToken::Index(*i),
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

/// What of a rule list reaches the places beneath it.
fn cascading(list: &RuleList) -> Option<Reliance> {
    let rules: Vec<MatchingRule> = list
        .rules
        .iter()
        .filter(|r| {
            !matches!(
                r,
                MatchingRule::ArrayContains(_)
                    | MatchingRule::Values
                    | MatchingRule::EachKey(_)
                    | MatchingRule::EachValue(_)
                    | MatchingRule::NotEmpty
                    | MatchingRule::ContentType(_)
                    | MatchingRule::StatusCode(_)
                    | MatchingRule::Unknown(_)
            )
        })
        .cloned()
        .collect();
    (!rules.is_empty()).then(|| reliance_of(&rules))
}

#[derive(Debug)]
struct Entry<'r> {
    tokens: &'r [PathToken],
    own: Reliance,
    cascade: Option<Reliance>,
}

/// The body rules of a request or response, ready to say what the consumer relies on where.
#[derive(Debug, Default)]
pub(crate) struct BodyRules<'r> {
    entries: Vec<Entry<'r>>,
}

impl<'r> BodyRules<'r> {
    /// No rules: every value is relied on literally.
    pub(crate) fn literal() -> Self {
        BodyRules::default()
    }

    /// The `body` rules of `rules`.
    pub(crate) fn new(rules: &'r MatchingRules) -> Self {
        let entries = rules
            .category(Category::Body)
            .unwrap_or(&[])
            .iter()
            .filter(|(_, list)| !list.is_empty())
            .map(|(path, list)| Entry {
                tokens: path.tokens(),
                own: reliance_of(&list.rules),
                cascade: cascading(list),
            })
            .collect();
        BodyRules { entries }
    }

    /// What the consumer relies on at `path`.
    pub(crate) fn at(&self, path: &[Step<'_>]) -> Reliance {
        let mut best: Option<(u64, usize, Reliance)> = None;
        for entry in &self.entries {
            let Some((weight, exact)) = weigh(entry.tokens, path) else {
                continue;
            };
            let reliance = if exact {
                entry.own
            } else {
                match entry.cascade {
                    Some(reliance) => reliance,
                    None => continue,
                }
            };
            let len = entry.tokens.len();
            let better = match best {
                None => true,
                Some((w, l, _)) => weight > w || (weight == w && len > l),
            };
            if better {
                best = Some((weight, len, reliance));
            }
        }
        best.map_or(Reliance::Literal, |(_, _, r)| r)
    }
}

/// The weight of a rule path against a place, and whether it names the place itself; `None` when
/// the rule path neither names the place nor an ancestor of it.
fn weigh(tokens: &[PathToken], path: &[Step<'_>]) -> Option<(u64, bool)> {
    let mut weight = 1u64;
    let mut rest = tokens;
    if let Some(PathToken::Root) = rest.first() {
        weight *= 2;
        rest = &rest[1..];
    }
    if rest.len() > path.len() {
        return None;
    }
    for (token, step) in rest.iter().zip(path) {
        let w = match (token, step) {
            (PathToken::Field(name), Step::Field(field)) => (name == field).then_some(2),
            (PathToken::Field(name), Step::Index(i)) => (name.parse::<usize>().ok() == Some(*i)).then_some(2),
            (PathToken::Index(i), Step::Index(j)) => (i == j).then_some(2),
            (PathToken::Star, _) | (PathToken::StarIndex, Step::Index(_)) => Some(1),
            _ => None,
        }?;
        weight = weight.saturating_mul(w);
    }
    Some((weight, rest.len() == path.len()))
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
        assert_eq!(body.at(&[Step::Field("user")]), Reliance::Type);
        assert_eq!(
            body.at(&[Step::Field("user"), Step::Field("name")]),
            Reliance::Type
        );
        assert_eq!(
            body.at(&[Step::Field("user"), Step::Field("id")]),
            Reliance::Integer
        );
        assert_eq!(
            body.at(&[Step::Field("user"), Step::Field("role")]),
            Reliance::Literal
        );
        assert_eq!(body.at(&[Step::Field("tags"), Step::Index(3)]), Reliance::Type);
    }

    #[test]
    fn renders_json_paths() {
        assert_eq!(
            render(&[Step::Field("items"), Step::Index(0), Step::Field("first-name")]),
            "$.items[0]['first-name']"
        );
        assert_eq!(render(&[]), "$");
    }
}
