//! Finding the rules that apply at a place in a document.
//!
//! A rule written at a path applies there and *cascades* to everything beneath it. When several
//! rule paths match, the heaviest wins (V3 specification: the root and an exact field or index
//! weigh 2, a wildcard 1, multiplied along the path; on a tie the longer path wins), so an
//! `equality` rule deeper down "resets" a `type` rule from above. Rules that only make sense where
//! they are written (`arrayContains`, `values`, `eachKey`, `eachValue`, `notEmpty`, `contentType`,
//! `statusCode`) do not cascade, and `min`/`max` cascade as plain `type`.

use std::borrow::Cow;

use crate::rules::{DocPath, MatchingRule, PathToken, RuleList};

/// One step of the place being compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Seg<'a> {
    /// A field (JSON key, XML element or attribute name, header or parameter name).
    Field(&'a str),
    /// An XML element, by local name: rule paths may name it with its prefix (`['aka:item']`).
    Element(&'a str),
    /// An array index.
    Index(usize),
    /// A position shown in reports but invisible to rule paths (repeated XML elements).
    Shown(usize),
    /// An XML attribute, written `['@name']` in rule paths.
    Attr(&'a str),
    /// An XML element's text, written `['#text']` in rule paths.
    Text,
}

/// Renders a place as a path expression: `$.items[2].name`, `$['first-name']`.
pub(crate) fn render(path: &[Seg<'_>]) -> String {
    let mut out = String::from("$");
    for seg in path {
        match seg {
            Seg::Field(name) | Seg::Element(name) if is_plain(name) => {
                out.push('.');
                out.push_str(name);
            }
            Seg::Field(name) | Seg::Element(name) => {
                out.push_str("['");
                out.push_str(name);
                out.push_str("']");
            }
            Seg::Index(i) | Seg::Shown(i) => {
                out.push('[');
                out.push_str(&i.to_string());
                out.push(']');
            }
            Seg::Attr(name) => {
                out.push_str("['@");
                out.push_str(name);
                out.push_str("']");
            }
            Seg::Text => out.push_str("['#text']"),
        }
    }
    out
}

fn is_plain(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

/// A rule entry prepared for selection: its path, its rules, and what of them cascades.
#[derive(Debug)]
struct Entry<'r> {
    tokens: &'r [PathToken],
    own: &'r RuleList,
    cascade: Option<Cow<'r, RuleList>>,
}

/// The rules that were selected for a place.
#[derive(Debug, Clone, Copy)]
pub struct Selected<'s> {
    /// The rules.
    pub list: &'s RuleList,
    /// Whether the rule path names this very place (not an ancestor).
    pub exact: bool,
}

/// The rules of one category, ready to answer "which rules apply here?".
///
/// Used by the matching engine and by the OpenAPI tools (`pact-openapi`) to read what a consumer
/// relies on at a place.
///
/// ```
/// use pact_core::matching::rule_select::{RuleIndex, Seg};
/// use pact_core::{Category, DocPath, MatchingRule, MatchingRules};
///
/// let mut rules = MatchingRules::default();
/// rules.add(Category::Body, DocPath::parse("$.user").unwrap(), MatchingRule::Type);
/// let index = RuleIndex::new(rules.category(Category::Body).unwrap_or(&[]), false);
/// let selected = index.select(&[Seg::Field("user"), Seg::Field("name")]).unwrap();
/// assert!(!selected.exact, "the type rule cascades from $.user");
/// ```
#[derive(Debug, Default)]
pub struct RuleIndex<'r> {
    entries: Vec<Entry<'r>>,
    ignore_case: bool,
}

impl<'r> RuleIndex<'r> {
    /// Prepares `entries`; `ignore_case` makes field names match regardless of ASCII case (headers).
    pub fn new(entries: &'r [(DocPath, RuleList)], ignore_case: bool) -> Self {
        let entries = entries
            .iter()
            .filter(|(_, list)| !list.is_empty())
            .map(|(path, list)| Entry {
                tokens: path.tokens(),
                own: list,
                cascade: cascading_part(list),
            })
            .collect();
        RuleIndex { entries, ignore_case }
    }

    /// The rules that apply at `path` (root-relative segments), if any.
    pub fn select(&self, path: &[Seg<'_>]) -> Option<Selected<'_>> {
        let mut best: Option<(u64, usize, Selected<'_>)> = None;
        for entry in &self.entries {
            let Some((weight, exact)) = self.weigh(entry.tokens, path) else {
                continue;
            };
            let list = if exact {
                entry.own
            } else {
                match &entry.cascade {
                    Some(list) => list.as_ref(),
                    None => continue,
                }
            };
            let len = entry.tokens.len();
            let better = match &best {
                None => true,
                Some((w, l, _)) => weight > *w || (weight == *w && len > *l),
            };
            if better {
                best = Some((weight, len, Selected { list, exact }));
            }
        }
        best.map(|(_, _, s)| s)
    }

    /// The weight of `tokens` against `path`, and whether it names the place exactly; `None`
    /// when the rule path does not lead to or above this place.
    fn weigh(&self, tokens: &[PathToken], path: &[Seg<'_>]) -> Option<(u64, bool)> {
        let mut weight = 1u64;
        let mut rest = tokens;
        if let Some(PathToken::Root) = rest.first() {
            weight *= 2;
            rest = &rest[1..];
        }
        let mut segs = path.iter().filter(|s| !matches!(s, Seg::Shown(_)));
        for token in rest {
            let seg = segs.next()?;
            weight *= self.token_weight(token, seg)?;
        }
        Some((weight, segs.next().is_none()))
    }

    fn token_weight(&self, token: &PathToken, seg: &Seg<'_>) -> Option<u64> {
        match (token, seg) {
            (PathToken::Field(name), Seg::Field(s)) => {
                let same = if self.ignore_case {
                    name.eq_ignore_ascii_case(s)
                } else {
                    name == s
                };
                same.then_some(2)
            }
            (PathToken::Field(name), Seg::Element(s)) => names_xml(name, s).then_some(2),
            (PathToken::Field(name), Seg::Index(i)) => (name.parse::<usize>().ok() == Some(*i)).then_some(2),
            (PathToken::Field(name), Seg::Attr(s)) => name
                .strip_prefix('@')
                .is_some_and(|name| names_xml(name, s))
                .then_some(2),
            (PathToken::Field(name), Seg::Text) => (name == "#text").then_some(2),
            (PathToken::Index(i), Seg::Index(j)) => (i == j).then_some(2),
            (PathToken::Star, _) => Some(1),
            (PathToken::StarIndex, Seg::Index(_)) => Some(1),
            _ => None,
        }
    }
}

/// Whether a rule path's name for an XML element or attribute names `local`: the local name
/// itself, or a name qualified by a prefix or namespace URI (`aka:item`,
/// `http://example.com/aka:item`) with that local part (prefixes are not resolved).
fn names_xml(name: &str, local: &str) -> bool {
    name == local || name.rsplit_once(':').is_some_and(|(_, part)| part == local)
}

/// What of a rule list cascades to the places beneath it.
fn cascading_part(list: &RuleList) -> Option<Cow<'_, RuleList>> {
    let cascades = |r: &MatchingRule| {
        !matches!(
            r,
            MatchingRule::ArrayContains(_)
                | MatchingRule::Values
                | MatchingRule::EachKey(_)
                | MatchingRule::EachValue(_)
                | MatchingRule::ContentType(_)
                | MatchingRule::StatusCode(_)
                | MatchingRule::Unknown(_)
        )
    };
    let sized = |r: &MatchingRule| {
        matches!(
            r,
            MatchingRule::MinType(_) | MatchingRule::MaxType(_) | MatchingRule::MinMaxType(..)
        )
    };
    if list.rules.iter().all(|r| cascades(r) && !sized(r)) {
        return Some(Cow::Borrowed(list));
    }
    let rules: Vec<MatchingRule> = list
        .rules
        .iter()
        .filter(|r| cascades(r))
        .map(|r| if sized(r) { MatchingRule::Type } else { r.clone() })
        .collect();
    if rules.is_empty() {
        None
    } else {
        Some(Cow::Owned(RuleList::new(rules, list.combine)))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rules::Combine;

    fn entries(paths: &[(&str, MatchingRule)]) -> Vec<(DocPath, RuleList)> {
        paths
            .iter()
            .map(|(p, r)| {
                (
                    DocPath::parse(p).expect("path"),
                    RuleList::new(vec![r.clone()], Combine::And),
                )
            })
            .collect()
    }

    #[test]
    fn the_most_specific_rule_wins_and_parents_cascade() {
        let e = entries(&[
            ("$", MatchingRule::Type),
            ("$.a.b", MatchingRule::Equality),
            ("$.a.*", MatchingRule::Integer),
        ]);
        let index = RuleIndex::new(&e, false);
        let at = |p: &[Seg<'_>]| index.select(p).map(|s| (s.list.rules[0].clone(), s.exact));
        assert_eq!(
            at(&[Seg::Field("a"), Seg::Field("b")]),
            Some((MatchingRule::Equality, true))
        );
        assert_eq!(
            at(&[Seg::Field("a"), Seg::Field("c")]),
            Some((MatchingRule::Integer, true))
        );
        assert_eq!(at(&[Seg::Field("x")]), Some((MatchingRule::Type, false)));
        assert_eq!(
            at(&[Seg::Field("a"), Seg::Field("b"), Seg::Index(0)]),
            Some((MatchingRule::Equality, false))
        );
    }

    #[test]
    fn min_cascades_as_type_and_array_contains_does_not_cascade() {
        let e = entries(&[
            ("$.a", MatchingRule::MinType(2)),
            ("$.b", MatchingRule::ArrayContains(Vec::new())),
            ("$.c", MatchingRule::NotEmpty),
        ]);
        let index = RuleIndex::new(&e, false);
        let child = index.select(&[Seg::Field("a"), Seg::Index(0)]).expect("cascade");
        assert_eq!(child.list.rules, vec![MatchingRule::Type]);
        assert!(index.select(&[Seg::Field("b"), Seg::Index(0)]).is_none());
        let item = index
            .select(&[Seg::Field("c"), Seg::Index(0)])
            .expect("notEmpty cascades");
        assert_eq!(item.list.rules, vec![MatchingRule::NotEmpty]);
    }

    #[test]
    fn renders_paths_in_bracket_notation_where_needed() {
        assert_eq!(
            render(&[Seg::Field("items"), Seg::Index(2), Seg::Field("first-name")]),
            "$.items[2]['first-name']"
        );
    }
}
