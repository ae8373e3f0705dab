//! Path expressions (`$.a[*].b`, `$['x-y']`, `$.*`) that say where in a document a rule applies.

use std::fmt;

use crate::PactError;

/// One step of a [`DocPath`].
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum PathToken {
    /// `$`, the root.
    Root,
    /// A named field: `.name` or `['name']`.
    Field(String),
    /// An array index: `[2]`.
    Index(usize),
    /// Any field: `.*`.
    Star,
    /// Any index: `[*]`.
    StarIndex,
}

/// A parsed path expression such as `$.items[*].id`.
///
/// ```
/// use pact_core::rules::{DocPath, PathToken};
/// let path = DocPath::parse("$.items[*]['first-name']").unwrap();
/// assert_eq!(path.tokens(), &[PathToken::Root, PathToken::Field("items".into()), PathToken::StarIndex,
///     PathToken::Field("first-name".into())]);
/// assert_eq!(path.to_string(), "$.items[*]['first-name']");
/// assert!(DocPath::parse("$.a[").is_err());
///
/// // Quoted names may hold brackets, dots and (doubled) quotes.
/// let form = DocPath::parse("$['orders[]']['a.b'][\"name\"]['it''s']").unwrap();
/// assert_eq!(form.tokens()[1..], [PathToken::Field("orders[]".into()), PathToken::Field("a.b".into()),
///     PathToken::Field("name".into()), PathToken::Field("it's".into())]);
/// assert_eq!(form.to_string(), "$['orders[]']['a.b'].name['it''s']");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct DocPath {
    tokens: Vec<PathToken>,
    text: String,
}

impl DocPath {
    /// The root path `$`.
    pub fn root() -> Self {
        DocPath {
            tokens: vec![PathToken::Root],
            text: "$".into(),
        }
    }

    /// A path for a header or query parameter name (`$.name` written as just `name` in V3+ files).
    pub fn field(name: &str) -> Self {
        DocPath::root().join(name)
    }

    /// The tokens, starting with [`PathToken::Root`].
    pub fn tokens(&self) -> &[PathToken] {
        &self.tokens
    }

    /// This path with a field appended.
    pub fn join(&self, name: &str) -> Self {
        let mut tokens = self.tokens.clone();
        tokens.push(if name == "*" {
            PathToken::Star
        } else {
            PathToken::Field(name.to_string())
        });
        DocPath::from_tokens(tokens)
    }

    /// This path with an index appended.
    pub fn join_index(&self, index: usize) -> Self {
        let mut tokens = self.tokens.clone();
        tokens.push(PathToken::Index(index));
        DocPath::from_tokens(tokens)
    }

    /// Builds a path from tokens (a leading [`PathToken::Root`] is added when missing).
    pub fn from_tokens(mut tokens: Vec<PathToken>) -> Self {
        if tokens.first() != Some(&PathToken::Root) {
            tokens.insert(0, PathToken::Root);
        }
        let text = render(&tokens);
        DocPath { tokens, text }
    }

    /// Parses an expression. Accepted: `$`, `.name`, `['name']`, `["name"]`, `[0]`, `.*`, `[*]`;
    /// a leading `$` may be omitted (`a.b` is read as `$.a.b`).
    pub fn parse(expression: &str) -> Result<Self, PactError> {
        parse_tokens(expression).map(DocPath::from_tokens).map_err(|why| {
            PactError::invalid(expression.to_string(), format!("invalid path expression: {why}"))
        })
    }

    /// The expression as text, in canonical form.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl fmt::Display for DocPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

fn is_plain_identifier(name: &str) -> bool {
    !name.is_empty() && name.chars().all(|c| c.is_alphanumeric() || c == '_')
}

fn render(tokens: &[PathToken]) -> String {
    let mut out = String::new();
    for token in tokens {
        match token {
            PathToken::Root => out.push('$'),
            PathToken::Field(name) if is_plain_identifier(name) => {
                out.push('.');
                out.push_str(name);
            }
            PathToken::Field(name) => push_quoted(&mut out, name),
            PathToken::Index(i) => out.push_str(&format!("[{i}]")),
            PathToken::Star => out.push_str(".*"),
            PathToken::StarIndex => out.push_str("[*]"),
        }
    }
    out
}

fn parse_tokens(expression: &str) -> Result<Vec<PathToken>, String> {
    let chars: Vec<char> = expression.trim().chars().collect();
    let mut tokens = vec![PathToken::Root];
    let mut i = 0;
    if chars.first() == Some(&'$') {
        i = 1;
    } else if !chars.is_empty() && chars[0] != '.' && chars[0] != '[' {
        // `a.b` without root: read as `$.a.b`.
        let (name, next) = read_identifier(&chars, 0);
        if name.is_empty() {
            return Err(format!("unexpected '{}' at position 0", chars[0]));
        }
        tokens.push(field_or_star(name));
        i = next;
    }
    while i < chars.len() {
        match chars[i] {
            '.' => {
                let (name, next) = read_identifier(&chars, i + 1);
                if name.is_empty() {
                    return Err(format!("expected a field name after '.' at position {i}"));
                }
                tokens.push(field_or_star(name));
                i = next;
            }
            '[' => {
                let (token, next) = read_bracket(&chars, i)?;
                tokens.push(token);
                i = next;
            }
            c => return Err(format!("unexpected '{c}' at position {i}")),
        }
    }
    Ok(tokens)
}

/// Writes `name` as `['name']`: a quote is doubled (`['it''s']`), and a backslash that could be
/// read as an escape is doubled.
fn push_quoted(out: &mut String, name: &str) {
    out.push_str("['");
    let mut chars = name.chars().peekable();
    while let Some(c) = chars.next() {
        match c {
            '\'' => out.push_str("''"),
            '\\' if matches!(chars.peek(), None | Some('\'' | '"' | '\\')) => out.push_str("\\\\"),
            c => out.push(c),
        }
    }
    out.push_str("']");
}

/// Reads the bracket step starting at `chars[open]` (`[2]`, `[*]`, `['name']`, `["name"]`) and
/// the position after its `]`. Inside quotes anything goes: `['orders[]']`, `['a.b']`; the quote
/// itself is doubled (`['it''s']`) or escaped with a backslash (`['it\'s']`).
fn read_bracket(chars: &[char], open: usize) -> Result<(PathToken, usize), String> {
    let skip_spaces = |mut i: usize| {
        while chars.get(i).is_some_and(|c| c.is_whitespace()) {
            i += 1;
        }
        i
    };
    let start = skip_spaces(open + 1);
    let (token, after) = match chars.get(start) {
        Some(&quote @ ('\'' | '"')) => {
            let mut name = String::new();
            let mut i = start + 1;
            loop {
                match chars.get(i) {
                    None => return Err(format!("unclosed quote in '[' at position {open}")),
                    Some('\\') if matches!(chars.get(i + 1), Some('\'' | '"' | '\\')) => {
                        name.push(chars[i + 1]);
                        i += 2;
                    }
                    Some(&c) if c == quote && chars.get(i + 1) == Some(&quote) => {
                        name.push(quote);
                        i += 2;
                    }
                    Some(&c) if c == quote => break,
                    Some(&c) => {
                        name.push(c);
                        i += 1;
                    }
                }
            }
            (PathToken::Field(name), i + 1)
        }
        _ => {
            let close = chars[start..]
                .iter()
                .position(|c| *c == ']')
                .map(|p| p + start)
                .ok_or_else(|| format!("unclosed '[' at position {open}"))?;
            let inner: String = chars[start..close].iter().collect();
            let inner = inner.trim();
            let token = if inner == "*" {
                PathToken::StarIndex
            } else if let Ok(index) = inner.parse::<usize>() {
                PathToken::Index(index)
            } else {
                return Err(format!(
                    "'[{inner}]' at position {open} is neither an index, '*' nor a quoted name"
                ));
            };
            (token, close)
        }
    };
    let close = skip_spaces(after);
    if chars.get(close) != Some(&']') {
        return Err(format!("expected ']' to close the '[' at position {open}"));
    }
    Ok((token, close + 1))
}

fn read_identifier(chars: &[char], start: usize) -> (String, usize) {
    let mut end = start;
    while end < chars.len() && chars[end] != '.' && chars[end] != '[' {
        end += 1;
    }
    (chars[start..end].iter().collect(), end)
}

fn field_or_star(name: String) -> PathToken {
    if name == "*" {
        PathToken::Star
    } else {
        PathToken::Field(name)
    }
}
