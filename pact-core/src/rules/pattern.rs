//! Regular expressions as pacts carry them: in the dialect of the language that wrote the pact
//! (Java, JavaScript, PHP's PCRE, Ruby), compiled once and shared.
//!
//! Two engines: the `regex` crate (linear time) for every pattern it can read, and the
//! backtracking `fancy-regex` for the rest (look-ahead, look-behind, back-references, atomic
//! groups, possessive quantifiers), with a bound on backtracking so a pathological pattern
//! cannot stall a match. Before either sees a pattern, [`to_rust_dialect`] rewrites what the
//! other dialects read differently: braces that are not a repetition (`{id}`) are literal text,
//! as in Java, JavaScript and Ruby, and `\Q…\E` quotes literally.

use std::borrow::Cow;
use std::fmt;
use std::sync::{Arc, OnceLock};

/// The most backtracking steps one match may take with the backtracking engine; a match that
/// needs more fails (the value does not match).
pub const BACKTRACK_LIMIT: usize = 1_000_000;

/// The largest compiled size of a regex, in bytes, unless a pact is read with other
/// [`Limits`](crate::limits::Limits): the `regex` crate's own default, 10 MiB.
pub const DEFAULT_SIZE_LIMIT: usize = 10 * 1024 * 1024;

/// Why a pattern cannot be used by either engine.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{message}")]
pub struct PatternError {
    /// What the engines said, in words.
    pub message: String,
}

/// A regex whose compiled form is bigger than the size limit it was compiled within.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("the compiled regex is bigger than the size limit of {size_limit} bytes")]
pub struct RegexTooBig {
    /// The limit, in bytes.
    pub size_limit: usize,
}

/// A regular expression, checked when the pact is read and compiled at most once.
///
/// [`Pattern::new`] only checks the syntax (cheap). The regex is compiled by the first of
/// [`Pattern::compile_within`] (the pact reader's size-limit check, so the regex the check
/// compiles is the one matches use) and the first match (within [`DEFAULT_SIZE_LIMIT`]); every
/// later match, through any clone, reuses it. The Pact specification asks the *whole* value to
/// match (`\d+` does not match `a1`), which [`Pattern::is_full_match`] answers with an anchored
/// twin, also compiled once, within the same limit.
///
/// ```
/// use pact_core::rules::Pattern;
/// let pattern = Pattern::new(r"\d+").unwrap();
/// assert!(pattern.is_match("a1"));
/// assert!(!pattern.is_full_match("a1"));
/// assert!(pattern.is_full_match("42"));
/// assert_eq!(pattern.as_str(), r"\d+");
/// assert!(Pattern::new("(unclosed").is_err());
///
/// // Other engines' dialects: a look-ahead, and braces that are not a repetition.
/// let no_leading_zero = Pattern::new(r"(?!0)\d+").unwrap();
/// assert!(no_leading_zero.is_full_match("42") && !no_leading_zero.is_full_match("042"));
/// let url = Pattern::new(r"http:\/\/.*{pacticipant}").unwrap();
/// assert!(url.is_full_match("http://broker/{pacticipant}"));
/// ```
#[derive(Debug, Clone)]
pub struct Pattern {
    inner: Arc<CompiledOnce>,
}

#[derive(Debug)]
struct CompiledOnce {
    source: String,
    /// The source in the dialect the engines read.
    translated: String,
    engine: EngineKind,
    search: OnceLock<Compilation>,
    anchored: OnceLock<Option<Compiled>>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum EngineKind {
    Linear,
    Backtracking,
}

/// The outcome of compiling a pattern within a size limit.
#[derive(Debug)]
struct Compilation {
    size_limit: usize,
    /// `Err` when the regex is valid but cannot be compiled (too big, or a construct the engine
    /// refuses when compiling): it then matches nothing.
    regex: Result<Compiled, Refused>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Refused {
    TooBig,
    Other,
}

impl Compilation {
    fn new(engine: EngineKind, source: &str, size_limit: usize) -> Compilation {
        #[cfg(test)]
        tests::count_compile();
        let regex = match engine {
            EngineKind::Linear => regex::RegexBuilder::new(source)
                .size_limit(size_limit)
                .build()
                .map(Compiled::Linear)
                .map_err(|err| match err {
                    regex::Error::CompiledTooBig(_) => Refused::TooBig,
                    _ => Refused::Other,
                }),
            EngineKind::Backtracking => fancy_regex::RegexBuilder::new(source)
                .backtrack_limit(BACKTRACK_LIMIT)
                .delegate_size_limit(size_limit)
                .build()
                .map(Compiled::Backtracking)
                .map_err(|err| match err {
                    fancy_regex::Error::CompileError(inner)
                        if matches!(&*inner, fancy_regex::CompileError::InnerError(e) if e.size_limit().is_some()) =>
                    {
                        Refused::TooBig
                    }
                    _ => Refused::Other,
                }),
        };
        Compilation { size_limit, regex }
    }

    /// What this compilation says of `size_limit`, when it can tell without compiling again:
    /// compiled within a limit no bigger, or too big for a limit no smaller.
    fn verdict_within(&self, size_limit: usize) -> Option<Result<(), RegexTooBig>> {
        match self.regex {
            Ok(_) if self.size_limit <= size_limit => Some(Ok(())),
            Err(Refused::TooBig) if size_limit <= self.size_limit => Some(Err(RegexTooBig { size_limit })),
            // Not a matter of size: the pattern matches nothing whatever the limit.
            Err(Refused::Other) => Some(Ok(())),
            _ => None,
        }
    }
}

#[derive(Debug)]
enum Compiled {
    Linear(regex::Regex),
    Backtracking(fancy_regex::Regex),
}

impl Compiled {
    /// The first match's span; a backtracking match over its limit counts as no match.
    fn find(&self, text: &str) -> Option<(usize, usize)> {
        match self {
            Compiled::Linear(re) => re.find(text).map(|m| (m.start(), m.end())),
            Compiled::Backtracking(re) => re.find(text).ok().flatten().map(|m| (m.start(), m.end())),
        }
    }

    fn first_group<'t>(&self, text: &'t str) -> Option<&'t str> {
        match self {
            Compiled::Linear(re) => re.captures(text)?.get(1).map(|m| m.as_str()),
            Compiled::Backtracking(re) => re.captures(text).ok()??.get(1).map(|m| m.as_str()),
        }
    }
}

impl Pattern {
    /// Checks the syntax of `source` (in any of the dialects pacts carry); the regex itself is
    /// compiled by [`Pattern::compile_within`] or on first use.
    pub fn new(source: &str) -> Result<Self, PatternError> {
        let translated = to_rust_dialect(source).into_owned();
        let engine = match regex_syntax::Parser::new().parse(&translated) {
            Ok(_) => EngineKind::Linear,
            Err(linear_error) => match fancy_regex::Expr::parse_tree(&translated) {
                Ok(_) => EngineKind::Backtracking,
                Err(_) => {
                    return Err(PatternError {
                        message: linear_error.to_string(),
                    });
                }
            },
        };
        Ok(Pattern {
            inner: Arc::new(CompiledOnce {
                source: source.to_string(),
                translated,
                engine,
                search: OnceLock::new(),
                anchored: OnceLock::new(),
            }),
        })
    }

    /// Compiles the regex now, within `size_limit` bytes, unless it is compiled already; the
    /// compiled regex is the one every match (through any clone) then uses, so a regex over
    /// the limit matches nothing. The error says the regex is bigger than `size_limit`; a
    /// regex an engine refuses for another reason is not a matter of size (`Ok`).
    ///
    /// A pattern compiled before within a bigger limit is compiled again to answer, without
    /// replacing the compiled regex.
    ///
    /// ```
    /// use pact_core::rules::Pattern;
    /// let pattern = Pattern::new("[a-z]{1,2000}").unwrap();
    /// let too_big = pattern.compile_within(50_000).unwrap_err();
    /// assert_eq!(too_big.size_limit, 50_000);
    /// assert!(!pattern.is_match("abc"), "a regex over its limit matches nothing");
    /// assert!(Pattern::new(r"^\d+$").unwrap().compile_within(50_000).is_ok());
    /// ```
    pub fn compile_within(&self, size_limit: usize) -> Result<(), RegexTooBig> {
        let compilation = self.inner.search.get_or_init(|| self.compile(size_limit));
        match compilation.verdict_within(size_limit) {
            Some(verdict) => verdict,
            None => self
                .compile(size_limit)
                .verdict_within(size_limit)
                .unwrap_or(Ok(())),
        }
    }

    fn compile(&self, size_limit: usize) -> Compilation {
        Compilation::new(self.inner.engine, &self.inner.translated, size_limit)
    }

    /// The source text, as written in the pact.
    pub fn as_str(&self) -> &str {
        &self.inner.source
    }

    /// The source in the dialect of Rust's regex engines (what [`to_rust_dialect`] makes of it).
    pub fn translated(&self) -> &str {
        &self.inner.translated
    }

    /// Whether the pattern needs the backtracking engine (look-around, back-references…).
    pub fn needs_backtracking(&self) -> bool {
        self.inner.engine == EngineKind::Backtracking
    }

    /// Whether two values share one compiled regex (clones do).
    pub fn shares_compilation_with(&self, other: &Pattern) -> bool {
        Arc::ptr_eq(&self.inner, &other.inner)
    }

    fn search(&self) -> &Compilation {
        self.inner.search.get_or_init(|| self.compile(DEFAULT_SIZE_LIMIT))
    }

    /// Whether the regex matches somewhere in `text`.
    pub fn is_match(&self, text: &str) -> bool {
        self.find(text).is_some()
    }

    fn find(&self, text: &str) -> Option<(usize, usize)> {
        self.search().regex.as_ref().ok()?.find(text)
    }

    /// The text of the first capture group of the first match in `text`, if any.
    ///
    /// ```
    /// let pattern = pact_core::rules::Pattern::new(r".*(/orders/\d+)$").unwrap();
    /// assert_eq!(pattern.first_group("http://x/orders/7"), Some("/orders/7"));
    /// ```
    pub fn first_group<'t>(&self, text: &'t str) -> Option<&'t str> {
        self.search().regex.as_ref().ok()?.first_group(text)
    }

    /// Whether the regex matches the whole of `text`.
    pub fn is_full_match(&self, text: &str) -> bool {
        // A search first: no match anywhere, or one spanning the text, settles most values
        // without compiling the anchored twin.
        match self.find(text) {
            None => false,
            Some((0, end)) if end == text.len() => true,
            Some(_) => self
                .inner
                .anchored
                .get_or_init(|| {
                    let anchored = format!(r"\A(?:{})\z", self.inner.translated);
                    let size_limit = self.search().size_limit;
                    Compilation::new(self.inner.engine, &anchored, size_limit)
                        .regex
                        .ok()
                })
                .as_ref()
                .and_then(|re| re.find(text))
                .is_some(),
        }
    }
}

impl PartialEq for Pattern {
    fn eq(&self, other: &Self) -> bool {
        self.as_str() == other.as_str()
    }
}

impl fmt::Display for Pattern {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// `source` rewritten for Rust's engines where other dialects read it differently: a `{` that
/// does not start a repetition (`{2}`, `{2,}`, `{2,5}` after something repeatable) and a `}`
/// that does not end one are literal braces, as Java, JavaScript and Ruby read them; `\Q…\E`
/// quotes its text literally. Escapes (`\p{L}`, `\x{41}`) and character classes are kept.
///
/// ```
/// use pact_core::rules::to_rust_dialect;
/// assert_eq!(to_rust_dialect(r"/a/{id}/b{2}"), r"/a/\{id\}/b{2}");
/// assert_eq!(to_rust_dialect(r"\p{L}+[{}]"), r"\p{L}+[{}]");
/// assert_eq!(to_rust_dialect(r"\Q1+1\E=2"), r"1\+1=2");
/// ```
pub fn to_rust_dialect(source: &str) -> Cow<'_, str> {
    if !source.contains(['{', '}']) && !source.contains(r"\Q") {
        return Cow::Borrowed(source);
    }
    let chars: Vec<char> = source.chars().collect();
    let mut out = String::with_capacity(source.len() + 8);
    let mut class_depth = 0usize;
    let mut i = 0;
    while i < chars.len() {
        let c = chars[i];
        match c {
            '\\' if chars.get(i + 1) == Some(&'Q') => {
                let start = i + 2;
                let end = (start..chars.len())
                    .find(|&j| chars[j] == '\\' && chars.get(j + 1) == Some(&'E'))
                    .unwrap_or(chars.len());
                let quoted: String = chars[start..end].iter().collect();
                out.push_str(&regex_syntax::escape(&quoted));
                i = (end + 2).min(chars.len());
                continue;
            }
            '\\' => {
                out.push(c);
                if let Some(&next) = chars.get(i + 1) {
                    out.push(next);
                    i += 2;
                    // `\p{…}`, `\x{…}`, `\u{…}`, `\N{…}`: the braces belong to the escape.
                    if chars.get(i) == Some(&'{') && "pPxuN".contains(next) {
                        while i < chars.len() {
                            out.push(chars[i]);
                            i += 1;
                            if chars[i - 1] == '}' {
                                break;
                            }
                        }
                    }
                    continue;
                }
            }
            '[' => {
                class_depth += 1;
                out.push(c);
                // A `]` right after `[` or `[^` is a literal member of the class.
                if chars.get(i + 1) == Some(&'^') {
                    out.push('^');
                    i += 1;
                }
                if chars.get(i + 1) == Some(&']') {
                    out.push_str(r"\]");
                    i += 1;
                }
            }
            ']' if class_depth > 0 => {
                class_depth -= 1;
                out.push(c);
            }
            '{' if class_depth == 0 => match repetition_end(&chars, i) {
                Some(end) if repeats_something(&out) => {
                    out.extend(&chars[i..=end]);
                    i = end + 1;
                    continue;
                }
                _ => out.push_str(r"\{"),
            },
            '}' if class_depth == 0 => out.push_str(r"\}"),
            _ => out.push(c),
        }
        i += 1;
    }
    Cow::Owned(out)
}

/// The index of the `}` closing a repetition `{n}`, `{n,}` or `{n,m}` that starts at `start`.
fn repetition_end(chars: &[char], start: usize) -> Option<usize> {
    let close = start + chars[start..].iter().position(|c| *c == '}')?;
    let inner: String = chars[start + 1..close].iter().collect();
    let (low, high) = inner.split_once(',').unwrap_or((&inner, "0"));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    (!low.is_empty() && digits(low) && digits(high)).then_some(close)
}

/// Whether a repetition may follow what was written so far (not at the start, nor right after
/// `(` or `|`).
fn repeats_something(written: &str) -> bool {
    match written.chars().last() {
        None | Some('(' | '|') => written.ends_with(r"\(") || written.ends_with(r"\|"),
        Some(_) => true,
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use std::cell::Cell;

    thread_local! {
        /// How many regexes this test's thread compiled (tests run one per thread).
        static COMPILES: Cell<usize> = const { Cell::new(0) };
    }

    pub(super) fn count_compile() {
        COMPILES.with(|count| count.set(count.get() + 1));
    }

    /// How many regexes the calling test has compiled so far.
    pub(crate) fn compiles() -> usize {
        COMPILES.with(Cell::get)
    }

    #[test]
    fn the_size_limit_check_compiles_the_regex_that_matches() {
        let pattern = Pattern::new(r"^[a-z]+\d$").unwrap();
        let before = compiles();
        assert_eq!(pattern.compile_within(DEFAULT_SIZE_LIMIT), Ok(()));
        assert!(pattern.clone().is_full_match("abc1"));
        assert!(pattern.is_match("xyz9"));
        assert_eq!(compiles() - before, 1);
    }

    #[test]
    fn a_stricter_limit_than_the_compiled_one_is_answered_by_compiling_again() {
        let pattern = Pattern::new("[a-z]{1,2000}").unwrap();
        assert!(pattern.is_match("abc"), "compiled within the default limit");
        assert_eq!(
            pattern.compile_within(50_000),
            Err(RegexTooBig { size_limit: 50_000 })
        );
        assert!(pattern.is_match("abc"), "the compiled regex is kept");
        let before = compiles();
        assert_eq!(pattern.compile_within(DEFAULT_SIZE_LIMIT), Ok(()));
        assert_eq!(compiles(), before, "settled by the compiled regex");
    }

    #[test]
    fn the_size_limit_bounds_the_backtracking_engine_too() {
        let pattern = Pattern::new("(?=x)[a-z]{1,2000}").unwrap();
        assert!(pattern.needs_backtracking());
        assert_eq!(
            pattern.compile_within(50_000),
            Err(RegexTooBig { size_limit: 50_000 })
        );
        assert!(!pattern.is_match("xyz"));
        assert!(
            Pattern::new("(?=x)[a-z]+")
                .unwrap()
                .compile_within(50_000)
                .is_ok()
        );
    }

    #[test]
    fn braces_are_literal_unless_they_repeat_something() {
        assert_eq!(to_rust_dialect("{2}a"), r"\{2\}a");
        assert_eq!(to_rust_dialect("(a){2}"), "(a){2}");
        assert_eq!(to_rust_dialect("(|{2})"), r"(|\{2\})");
        assert_eq!(to_rust_dialect(r"a\{b}"), r"a\{b\}");
        assert_eq!(to_rust_dialect("a{,3}"), r"a\{,3\}");
        assert_eq!(to_rust_dialect("x{1,}y{2,3}"), "x{1,}y{2,3}");
        assert_eq!(to_rust_dialect(r"[^]{]x"), r"[^\]{]x");
        assert_eq!(to_rust_dialect(r"\x{41}{2}"), r"\x{41}{2}");
    }

    #[test]
    fn catastrophic_backtracking_is_bounded_and_fails_the_match() {
        // Exponential for a backtracking engine without a bound; a look-ahead forces that engine.
        let pattern = Pattern::new(r"^(a|aa)+(?=c)").unwrap();
        assert!(pattern.needs_backtracking());
        let text = format!("{}b", "a".repeat(64));
        assert!(!pattern.is_match(&text));
        assert!(pattern.is_match("aac"));
    }

    #[test]
    fn a_pattern_no_engine_reads_says_why() {
        let err = Pattern::new("(unclosed").unwrap_err();
        assert!(err.message.contains("unclosed"), "{err}");
        assert!(Pattern::new("a(?<=b").is_err());
    }
}
