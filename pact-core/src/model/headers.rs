//! HTTP headers: case-insensitive names, several values each, original order and spelling kept.

/// An ordered, multi-valued header map whose name lookups ignore ASCII case.
///
/// The spelling and order of names as first inserted are kept, so writing a pact reproduces what
/// the consumer declared.
///
/// ```
/// use pact_core::Headers;
/// let mut headers = Headers::new();
/// headers.append("Content-Type", "application/json");
/// headers.append("accept", "text/plain");
/// headers.append("Accept", "application/json");
/// assert_eq!(headers.get("content-type"), Some(&["application/json".to_string()][..]));
/// assert_eq!(headers.get("ACCEPT").map(|v| v.len()), Some(2));
/// assert_eq!(headers.len(), 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Headers {
    entries: Vec<(String, Vec<String>)>,
}

impl Headers {
    /// No headers.
    pub fn new() -> Self {
        Headers::default()
    }

    fn position(&self, name: &str) -> Option<usize> {
        self.entries
            .iter()
            .position(|(n, _)| n.eq_ignore_ascii_case(name))
    }

    /// The values of `name`, whatever its case.
    pub fn get(&self, name: &str) -> Option<&[String]> {
        self.position(name).map(|i| self.entries[i].1.as_slice())
    }

    /// The first value of `name`.
    pub fn first(&self, name: &str) -> Option<&str> {
        self.get(name).and_then(|v| v.first()).map(String::as_str)
    }

    /// Whether `name` is present.
    pub fn contains(&self, name: &str) -> bool {
        self.position(name).is_some()
    }

    /// Adds one value to `name`, creating it if needed.
    pub fn append(&mut self, name: impl Into<String>, value: impl Into<String>) {
        let name = name.into();
        match self.position(&name) {
            Some(i) => self.entries[i].1.push(value.into()),
            None => self.entries.push((name, vec![value.into()])),
        }
    }

    /// Replaces all values of `name`.
    pub fn insert(&mut self, name: impl Into<String>, values: Vec<String>) {
        let name = name.into();
        match self.position(&name) {
            Some(i) => self.entries[i].1 = values,
            None => self.entries.push((name, values)),
        }
    }

    /// Removes `name`, returning its values.
    pub fn remove(&mut self, name: &str) -> Option<Vec<String>> {
        self.position(name).map(|i| self.entries.remove(i).1)
    }

    /// `(name, values)` in insertion order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &[String])> {
        self.entries.iter().map(|(n, v)| (n.as_str(), v.as_slice()))
    }

    /// The number of distinct names.
    pub fn len(&self) -> usize {
        self.entries.len()
    }

    /// Whether there are no headers.
    pub fn is_empty(&self) -> bool {
        self.entries.is_empty()
    }

    /// The media type of `Content-Type` without parameters, lower-cased (`application/json`).
    ///
    /// ```
    /// let mut h = pact_core::Headers::new();
    /// h.append("content-type", "Application/JSON; charset=utf-8");
    /// assert_eq!(h.content_type().as_deref(), Some("application/json"));
    /// ```
    pub fn content_type(&self) -> Option<String> {
        self.first("content-type")
            .map(super::media_type::essence)
            .filter(|v| !v.is_empty())
    }
}

/// Headers that describe how the body is framed on the wire: the HTTP layer computes them from the
/// body it actually sends, so a pact's recorded values are never sent.
const FRAMING_HEADERS: &[&str] = &["content-length", "transfer-encoding"];

/// Headers whose values are never joined into one line (a cookie's `Expires` holds a comma).
const ONE_LINE_PER_VALUE: &[&str] = &["set-cookie"];

impl Headers {
    /// The header lines to send for these headers: each name once, its values joined by `", "`
    /// as a pact writes them (`"X-Response": "response1, response2"` goes out as that one line),
    /// except `Set-Cookie`, which gets one line per value. `Content-Length` and
    /// `Transfer-Encoding` are left out: they describe the body actually sent, so the HTTP layer
    /// computes them.
    ///
    /// ```
    /// let mut h = pact_core::Headers::new();
    /// h.insert("X-Response", vec!["response1".into(), "response2".into()]);
    /// h.insert("Content-Length", vec!["63".into()]);
    /// h.insert("Set-Cookie", vec!["a=1".into(), "b=2".into()]);
    /// let lines: Vec<(&str, String)> = h.wire_lines().collect();
    /// assert_eq!(lines, vec![("X-Response", "response1, response2".to_string()),
    ///     ("Set-Cookie", "a=1".to_string()), ("Set-Cookie", "b=2".to_string())]);
    /// ```
    pub fn wire_lines(&self) -> impl Iterator<Item = (&str, String)> {
        let is = |list: &[&str], name: &str| list.iter().any(|h| h.eq_ignore_ascii_case(name));
        self.iter()
            .filter(move |(name, _)| !is(FRAMING_HEADERS, name))
            .flat_map(move |(name, values)| {
                let lines: Vec<String> = if is(ONE_LINE_PER_VALUE, name) {
                    values.to_vec()
                } else if values.is_empty() {
                    Vec::new()
                } else {
                    vec![values.join(", ")]
                };
                lines.into_iter().map(move |line| (name, line))
            })
    }
}

impl<N: Into<String>, V: Into<String>> FromIterator<(N, V)> for Headers {
    fn from_iter<T: IntoIterator<Item = (N, V)>>(iter: T) -> Self {
        let mut headers = Headers::new();
        for (n, v) in iter {
            headers.append(n, v);
        }
        headers
    }
}
