//! Random strings that match a regular expression (the `Regex` generator).

use rand::RngExt as _;
use regex_syntax::ParserBuilder;
use regex_syntax::hir::{Hir, HirKind};

use super::GeneratorError;
use super::bounds::longest_output;
use crate::limits::{LimitKind, Limits};
use crate::rules::{Pattern, to_rust_dialect};

/// The most repetitions `*` and `+` produce.
pub(crate) const MAX_REPEAT: u32 = 10;

/// A random string matching `regex`, at most [`Limits::max_generated_length`] of the default
/// [`Limits`] long; see [`random_string_matching_within`].
///
/// `\d`, `\w` and `\s` produce ASCII characters where the regex allows it; anchors (`^`, `$`) and
/// word boundaries are dropped before generating, since the whole string is generated anyway.
///
/// ```
/// let code = pact_core::generators::random_string_matching(r"^[A-Z]{3}-\d{4}$").unwrap();
/// assert!(regex::Regex::new(r"^[A-Z]{3}-\d{4}$").unwrap().is_match(&code), "{code}");
/// assert!(pact_core::generators::random_string_matching("(unclosed").is_err());
/// // Java's literal braces are read as text here too.
/// assert_eq!(pact_core::generators::random_string_matching(r"/a/{id}").unwrap(), "/a/{id}");
/// // Look-arounds match, but nothing is generated from them.
/// let err = pact_core::generators::random_string_matching(r"(?!0)\d+").unwrap_err();
/// assert!(err.to_string().contains("look-around"), "{err}");
/// ```
pub fn random_string_matching(regex: &str) -> Result<String, GeneratorError> {
    random_string_matching_within(regex, Limits::default().max_generated_length)
}

/// A random string matching `regex`, refused (before anything is allocated) when the regex can
/// match strings longer than `max_length` bytes (`a{100000000}`, `(a{1000}){1000}`).
///
/// ```
/// use pact_core::generators::{GeneratorError, random_string_matching_within};
/// assert_eq!(random_string_matching_within("ab{3}", 4).unwrap(), "abbb");
/// assert!(matches!(random_string_matching_within("a{5}", 4), Err(GeneratorError::LimitExceeded { .. })));
/// ```
pub fn random_string_matching_within(regex: &str, max_length: usize) -> Result<String, GeneratorError> {
    let invalid = |message: String| GeneratorError::InvalidRegex {
        regex: regex.to_string(),
        message,
    };
    let translated = to_rust_dialect(regex);
    let hir = parse_for_generation(&translated).map_err(|err| invalid(unsupported_or(regex, err)))?;
    let longest = longest_output(&hir);
    if longest > max_length {
        return Err(GeneratorError::LimitExceeded {
            what: format!("the longest match of the Regex generator's regex ({longest} bytes)"),
            kind: LimitKind::GeneratedLength,
            limit: max_length,
        });
    }
    let generator = rand_regex::Regex::with_hir(without_assertions(hir), MAX_REPEAT)
        .map_err(|err| invalid(err.to_string()))?;
    Ok(rand::rng().sample::<String, _>(&generator))
}

/// The generator's message for a regex it cannot read: look-around and back-references (which
/// matching supports) cannot be generated from.
fn unsupported_or(regex: &str, message: String) -> String {
    match Pattern::new(regex) {
        Ok(pattern) if pattern.needs_backtracking() => {
            "it uses look-around or back-references, which values cannot be generated from; \
             give the generator a simpler regex"
                .to_string()
        }
        _ => message,
    }
}

/// The regex as the generator reads it: ASCII classes first; Unicode mode when the regex needs it
/// (e.g. `.` or `\p{L}`).
/// (A syntax error is given as its message.)
pub(crate) fn parse_for_generation(regex: &str) -> Result<Hir, String> {
    match ParserBuilder::new().unicode(false).build().parse(regex) {
        Ok(hir) => Ok(hir),
        Err(_) => ParserBuilder::new()
            .build()
            .parse(regex)
            .map_err(|err| err.to_string()),
    }
}

/// `hir` with every look-around assertion (anchors, word boundaries) replaced by the empty regex,
/// and so is every repetition of something that only matches the empty string (`(){1000000}`
/// would otherwise loop a million times, and overflow the generator's repeat counts).
fn without_assertions(hir: Hir) -> Hir {
    if let HirKind::Repetition(repetition) = hir.kind()
        && longest_output(&repetition.sub) == 0
    {
        return Hir::empty();
    }
    match hir.into_kind() {
        HirKind::Look(_) | HirKind::Empty => Hir::empty(),
        HirKind::Literal(literal) => Hir::literal(literal.0),
        HirKind::Class(class) => Hir::class(class),
        HirKind::Repetition(mut repetition) => {
            repetition.sub = Box::new(without_assertions(*repetition.sub));
            Hir::repetition(repetition)
        }
        HirKind::Capture(mut capture) => {
            capture.sub = Box::new(without_assertions(*capture.sub));
            Hir::capture(capture)
        }
        HirKind::Concat(parts) => Hir::concat(parts.into_iter().map(without_assertions).collect()),
        HirKind::Alternation(parts) => Hir::alternation(parts.into_iter().map(without_assertions).collect()),
    }
}
