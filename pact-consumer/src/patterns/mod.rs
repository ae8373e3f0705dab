//! Patterns: example values that carry matching rules and generators.
//!
//! A [`JsonPattern`] is what a consumer test writes where a body goes: plain JSON, arrays and
//! objects of patterns, or a [`Matched`] value made by a matcher function such as [`like`] or
//! [`term`]. Building a request or response walks the pattern once and produces three things:
//! the example JSON that is sent or answered, the [`MatchingRules`] that say how strictly the
//! other side must match, and the [`Generators`] that replace values at run time.
//!
//! [`StringPattern`] is the same idea for paths, query parameters and headers.

mod each_like;
mod macros;
mod matchers;
mod string;

pub use each_like::EachLike;
pub use matchers::*;
pub use string::StringPattern;

use pact_core::rules::{ArrayVariant, PathToken};
use pact_core::{Category, DocPath, Generator, Generators, MatchingRule, MatchingRules};
use serde_json::{Map, Value};

/// A JSON value in which any part may be a matcher.
///
/// Build them with [`pact_json!`](crate::pact_json) and the matcher functions; read back what a
/// pattern stands for with [`JsonPattern::to_example`] and [`JsonPattern::extract`].
///
/// ```
/// use pact_consumer::prelude::*;
/// use pact_core::{Category, DocPath};
///
/// let pattern = pact_json!({ "id": integer(42), "tags": each_like("red") });
/// let body = pattern.extract(Category::Body);
/// assert_eq!(body.example, json!({ "id": 42, "tags": ["red"] }));
/// let rules = body.rules.category(Category::Body).unwrap();
/// assert_eq!(rules[0].0, DocPath::parse("$.id").unwrap());
/// assert_eq!(rules[1].0, DocPath::parse("$.tags").unwrap());
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum JsonPattern {
    /// Plain JSON, matched by equality unless a parent rule says otherwise.
    Json(Value),
    /// An array whose elements are patterns.
    Array(Vec<JsonPattern>),
    /// An object whose values are patterns, in the order written.
    Object(Vec<(String, JsonPattern)>),
    /// A value with matching rules (and perhaps a generator) attached.
    Matched(Box<Matched>),
}

/// What a matcher function made: rules and an optional generator around an example.
#[derive(Debug, Clone, PartialEq)]
pub struct Matched {
    /// The rules that apply at the pattern's own path.
    pub rules: Vec<MatchingRule>,
    /// The generator at the pattern's own path, if any.
    pub generator: Option<Generator>,
    /// The example and how its children are placed.
    pub shape: Shape,
}

/// How the example of a [`Matched`] pattern is laid out, which decides the paths of its children's rules.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Shape {
    /// The example itself: children keep their own paths (`$.user.name`).
    Example(JsonPattern),
    /// An array of `count` copies of `template`; the template's rules sit at `$.items[*]…`.
    EachLike {
        /// The element every item must look like.
        template: JsonPattern,
        /// How many copies the example holds.
        count: usize,
    },
    /// An array holding one example per variant; each variant's rules are relative to its element
    /// and are kept inside the `arrayContains` rule.
    ArrayContaining(Vec<JsonPattern>),
}

/// The example, rules and generators a pattern stands for, as [`JsonPattern::extract`] returns them.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Extracted {
    /// The example value.
    pub example: Value,
    /// Rules by path in the category extracted for.
    pub rules: MatchingRules,
    /// Generators by path in the category extracted for.
    pub generators: Generators,
}

impl JsonPattern {
    /// A pattern made of rules around an example whose children keep their own paths.
    pub fn matched(rules: Vec<MatchingRule>, example: impl Into<JsonPattern>) -> Self {
        JsonPattern::Matched(Box::new(Matched {
            rules,
            generator: None,
            shape: Shape::Example(example.into()),
        }))
    }

    /// This pattern with `generator` attached at its own path (a plain value becomes a matched one
    /// with no rule).
    ///
    /// ```
    /// use pact_consumer::prelude::*;
    /// use pact_core::{Category, Generator};
    /// let id = integer(7).with_generator(Generator::RandomInt { min: 1, max: 9 });
    /// let extracted = id.extract(Category::Body);
    /// assert_eq!(extracted.generators.category(Category::Body).map(|g| g.len()), Some(1));
    /// ```
    pub fn with_generator(self, generator: Generator) -> Self {
        let mut matched = match self {
            JsonPattern::Matched(m) => m,
            other => Box::new(Matched {
                rules: Vec::new(),
                generator: None,
                shape: Shape::Example(other),
            }),
        };
        matched.generator = Some(generator);
        JsonPattern::Matched(matched)
    }

    /// The example JSON, without rules.
    ///
    /// ```
    /// use pact_consumer::prelude::*;
    /// assert_eq!(pact_json!([like(1), "two"]).to_example(), json!([1, "two"]));
    /// ```
    pub fn to_example(&self) -> Value {
        match self {
            JsonPattern::Json(v) => v.clone(),
            JsonPattern::Array(items) => Value::Array(items.iter().map(JsonPattern::to_example).collect()),
            JsonPattern::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| (k.clone(), v.to_example()))
                    .collect::<Map<_, _>>(),
            ),
            JsonPattern::Matched(m) => match &m.shape {
                Shape::Example(p) => p.to_example(),
                Shape::EachLike { template, count } => {
                    let one = template.to_example();
                    Value::Array(vec![one; *count])
                }
                Shape::ArrayContaining(variants) => {
                    Value::Array(variants.iter().map(JsonPattern::to_example).collect())
                }
            },
        }
    }

    /// The rules this pattern puts at its own root, ignoring children (used for headers, queries
    /// and `eachKey`/`eachValue`).
    pub fn own_rules(&self) -> &[MatchingRule] {
        match self {
            JsonPattern::Matched(m) => &m.rules,
            _ => &[],
        }
    }

    /// The generator at this pattern's own root, if any.
    pub fn own_generator(&self) -> Option<&Generator> {
        match self {
            JsonPattern::Matched(m) => m.generator.as_ref(),
            _ => None,
        }
    }

    /// Walks the pattern from the root `$`, putting its rules and generators in `category`.
    pub fn extract(&self, category: Category) -> Extracted {
        let mut out = Extracted::default();
        out.example = self.walk(&DocPath::root(), category, &mut out.rules, &mut out.generators);
        out
    }

    fn walk(
        &self,
        path: &DocPath,
        category: Category,
        rules: &mut MatchingRules,
        generators: &mut Generators,
    ) -> Value {
        match self {
            JsonPattern::Json(v) => v.clone(),
            JsonPattern::Array(items) => Value::Array(
                items
                    .iter()
                    .enumerate()
                    .map(|(i, item)| item.walk(&path.join_index(i), category, rules, generators))
                    .collect(),
            ),
            JsonPattern::Object(fields) => Value::Object(
                fields
                    .iter()
                    .map(|(k, v)| {
                        (
                            k.clone(),
                            v.walk(&join_field(path, k), category, rules, generators),
                        )
                    })
                    .collect::<Map<_, _>>(),
            ),
            JsonPattern::Matched(m) => {
                for rule in &m.rules {
                    rules.add(category, path.clone(), rule.clone());
                }
                if let Some(generator) = &m.generator {
                    generators.add(category, path.clone(), generator.clone());
                }
                match &m.shape {
                    Shape::Example(p) => p.walk(path, category, rules, generators),
                    Shape::EachLike { template, count } => {
                        let one = template.walk(&join_any_index(path), category, rules, generators);
                        Value::Array(vec![one; *count])
                    }
                    Shape::ArrayContaining(variants) => {
                        let mut examples = Vec::with_capacity(variants.len());
                        let mut built = Vec::with_capacity(variants.len());
                        for (index, variant) in variants.iter().enumerate() {
                            let extracted = variant.extract(category);
                            examples.push(extracted.example);
                            built.push(ArrayVariant {
                                index,
                                rules: extracted.rules,
                                generators: extracted.generators,
                            });
                        }
                        rules.add(category, path.clone(), MatchingRule::ArrayContains(built));
                        Value::Array(examples)
                    }
                }
            }
        }
    }
}

/// `path` with a field appended; a field literally named `*` stays a field, not a wildcard.
fn join_field(path: &DocPath, name: &str) -> DocPath {
    let mut tokens = path.tokens().to_vec();
    tokens.push(PathToken::Field(name.to_string()));
    DocPath::from_tokens(tokens)
}

/// `path[*]`.
fn join_any_index(path: &DocPath) -> DocPath {
    let mut tokens = path.tokens().to_vec();
    tokens.push(PathToken::StarIndex);
    DocPath::from_tokens(tokens)
}

impl From<Value> for JsonPattern {
    fn from(value: Value) -> Self {
        JsonPattern::Json(value)
    }
}

impl From<&Value> for JsonPattern {
    fn from(value: &Value) -> Self {
        JsonPattern::Json(value.clone())
    }
}

macro_rules! from_plain {
    ($($t:ty),*) => {$(
        impl From<$t> for JsonPattern {
            fn from(value: $t) -> Self {
                JsonPattern::Json(Value::from(value))
            }
        }
    )*};
}
from_plain!(
    &str, String, bool, i8, i16, i32, i64, u8, u16, u32, u64, usize, isize, f32, f64
);

impl<T: Into<JsonPattern>> From<Option<T>> for JsonPattern {
    fn from(value: Option<T>) -> Self {
        value.map_or(JsonPattern::Json(Value::Null), Into::into)
    }
}

impl<T: Into<JsonPattern>> From<Vec<T>> for JsonPattern {
    fn from(items: Vec<T>) -> Self {
        JsonPattern::Array(items.into_iter().map(Into::into).collect())
    }
}
