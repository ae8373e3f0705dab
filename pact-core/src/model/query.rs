//! Query parameters: ordered, several values per name.

use super::percent;

/// An ordered, multi-valued query-parameter map (names are case-sensitive).
///
/// ```
/// let query = pact_core::Query::parse("a=1&b=2&a=3");
/// assert_eq!(query.get("a"), Some(&["1".to_string(), "3".to_string()][..]));
/// assert_eq!(query.to_query_string(), "a=1&a=3&b=2");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Query {
    entries: Vec<(String, Vec<String>)>,
}

impl Query {
    /// No parameters.
    pub fn new() -> Self {
        Query::default()
    }

    /// Parses a raw query string (`a=1&b=x%20y`), percent- and `+`-decoding names and values.
    /// A name without `=` gets an empty value.
    pub fn parse(raw: &str) -> Self {
        let mut query = Query::new();
        for pair in raw.trim_start_matches('?').split('&').filter(|p| !p.is_empty()) {
            let (name, value) = pair.split_once('=').unwrap_or((pair, ""));
            query.append(
                percent::decode_query_component(name),
                percent::decode_query_component(value),
            );
        }
        query
    }

    /// The values of `name`.
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.entries
            .iter()
            .find(|(n, _)| n == name)
            .map(|(_, v)| v.as_slice())
    }

    /// Adds a value to `name`.
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some((_, values)) => values.push(value.into()),
            None => self.entries.push((name, vec![value.into()])),
        }
    }

    /// Replaces all values of `name`.
    pub fn insert(&mut self, name: impl Into<String>, values: Vec<String>) {
        let name = name.into();
        match self.entries.iter_mut().find(|(n, _)| *n == name) {
            Some((_, existing)) => *existing = values,
            None => self.entries.push((name, values)),
        }
    }

    /// `(name, values)` in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v.as_slice()))
    }

    /// The number of distinct names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no parameters.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The parameters as a percent-encoded query string, grouped by name.
    pub fn to_query_string(&self) -> String {
        let mut out = String::new();
        for (name, values) in &self.entries {
            for value in values {
                if !out.is_empty() {
                    out.push('&');
                }
                out.push_str(&percent::encode(name));
                out.push('=');
                out.push_str(&percent::encode(value));
            }
        }
        out
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Query {
    fn from_iter<T: IntoIterator<Item = (N, V)>>(iter: T) -> Self {
        let mut query = Query::new();
        for (n, v) in iter {
            query.append(n, v);
        }
        query
    }
}
