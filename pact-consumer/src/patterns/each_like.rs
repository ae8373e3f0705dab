//! `each_like`: an array whose every element looks like a template.

use pact_core::MatchingRule;

use super::{JsonPattern, Matched, Shape};

/// An array whose elements must each have the shape of a template, with optional bounds on its
/// length. Made by [`each_like`](super::each_like); becomes a [`JsonPattern`] wherever one is expected.
///
/// The rule goes at the array's path (`$.items`: `type` with `min`/`max`), the template's own
/// rules at `$.items[*]…`.
///
/// ```
/// use pact_consumer::prelude::*;
/// use pact_core::{Category, DocPath, MatchingRule};
///
/// let items = pact_json!({ "items": each_like(pact_json!({ "id": integer(1) })).min(2).max(10) });
/// let body = items.extract(Category::Body);
/// assert_eq!(body.example, json!({ "items": [{ "id": 1 }, { "id": 1 }] }));
/// let rules = body.rules.category(Category::Body).unwrap();
/// assert_eq!(rules[0].0, DocPath::parse("$.items").unwrap());
/// assert_eq!(rules[0].1.rules, vec![MatchingRule::MinMaxType(2, 10)]);
/// assert_eq!(rules[1].0, DocPath::parse("$.items[*].id").unwrap());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct EachLike {
    template: JsonPattern,
    min: Option<usize>,
    max: Option<usize>,
    examples: Option<usize>,
}

impl EachLike {
    /// Elements shaped like `template`, at least one of them.
    pub fn new(template: impl Into<JsonPattern>) -> Self {
        EachLike {
            template: template.into(),
            min: None,
            max: None,
            examples: None,
        }
    }

    /// At least `min` elements (the example holds `max(min, 1)` copies unless [`EachLike::examples`]
    /// says otherwise, and never more than [`Limits::max_min_elements`](pact_core::limits::Limits)
    /// of the default limits: a pact asking for more is refused when read).
    pub fn min(mut self, min: usize) -> Self {
        self.min = Some(min);
        self
    }

    /// At most `max` elements.
    pub fn max(mut self, max: usize) -> Self {
        self.max = Some(max);
        self
    }

    /// How many copies of the template the example array holds.
    pub fn examples(mut self, count: usize) -> Self {
        self.examples = Some(count);
        self
    }
}

impl From<EachLike> for JsonPattern {
    fn from(each: EachLike) -> Self {
        let min = each.min.unwrap_or(1);
        let rule = match each.max {
            Some(max) => MatchingRule::MinMaxType(min, max),
            None => MatchingRule::MinType(min),
        };
        let mut count = each.examples.unwrap_or(min.max(1));
        if let Some(max) = each.max {
            count = count.min(max);
        }
        count = count.min(pact_core::limits::Limits::default().max_min_elements);
        JsonPattern::Matched(Box::new(Matched {
            rules: vec![rule],
            generator: None,
            shape: Shape::EachLike {
                template: each.template,
                count,
            },
        }))
    }
}
