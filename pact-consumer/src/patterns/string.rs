//! Patterns for the string-valued parts of a request: path, query parameters, headers.

use pact_core::{Generator, MatchingRule};
use serde_json::Value;

use super::JsonPattern;

/// An example string with the rules (and generator) that apply to it: what `.path(..)`,
/// `.query_param(..)` and `.header(..)` take. Plain strings match exactly; matcher functions work
/// here too.
///
/// ```
/// use pact_consumer::prelude::*;
/// let exact = StringPattern::from("/users/42");
/// assert!(exact.rules.is_empty());
/// let any_user = StringPattern::from(term(r"^/users/\d+$", "/users/42"));
/// assert_eq!(any_user.example, "/users/42");
/// assert_eq!(any_user.rules.len(), 1);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct StringPattern {
    /// The example sent (or answered).
    pub example: String,
    /// The rules at this value.
    pub rules: Vec<MatchingRule>,
    /// The generator at this value, if any.
    pub generator: Option<Generator>,
}

impl From<&str> for StringPattern {
    fn from(example: &str) -> Self {
        StringPattern::from(example.to_string())
    }
}

impl From<String> for StringPattern {
    fn from(example: String) -> Self {
        StringPattern {
            example,
            rules: Vec::new(),
            generator: None,
        }
    }
}

impl From<&String> for StringPattern {
    fn from(example: &String) -> Self {
        StringPattern::from(example.clone())
    }
}

impl From<JsonPattern> for StringPattern {
    fn from(pattern: JsonPattern) -> Self {
        let example = match pattern.to_example() {
            Value::String(s) => s,
            other => other.to_string(),
        };
        StringPattern {
            example,
            rules: pattern.own_rules().to_vec(),
            generator: pattern.own_generator().cloned(),
        }
    }
}
