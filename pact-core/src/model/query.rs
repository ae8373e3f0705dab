//! Query parameters: ordered, several values per name.

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
            query.append(decode_component(name), decode_component(value));
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
                out.push_str(&encode_component(name));
                out.push('=');
                out.push_str(&encode_component(value));
            }
        }
        out
    }
}

/// Percent-decodes a query component, turning `+` into a space; invalid escapes are kept as written.
pub(crate) fn decode_component(raw: &str) -> String {
    let bytes = raw.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'+' => out.push(b' '),
            b'%' if i + 2 < bytes.len() => {
                let hex = std::str::from_utf8(&bytes[i + 1..i + 3]).ok();
                match hex.and_then(|h| u8::from_str_radix(h, 16).ok()) {
                    Some(b) => {
                        out.push(b);
                        i += 2;
                    }
                    None => out.push(b'%'),
                }
            }
            b => out.push(b),
        }
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// Percent-encodes a query component (RFC 3986 unreserved characters stay as they are).
pub(crate) fn encode_component(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for b in raw.bytes() {
        if b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.' | b'~') {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
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
