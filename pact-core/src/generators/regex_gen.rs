//! Random strings that match a regular expression (the `Regex` generator).

use rand::RngExt as _;
use regex_syntax::ParserBuilder;
use regex_syntax::hir::{Hir, HirKind};

use super::GeneratorError;
use crate::rules::{Pattern, to_rust_dialect};

/// The most repetitions `*` and `+` produce.
const MAX_REPEAT: u32 = 10;

/// A random string matching `regex`.
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
    let invalid = |message: String| GeneratorError::InvalidRegex {
        regex: regex.to_string(),
        message,
    };
    let translated = to_rust_dialect(regex);
    let regex_text: &str = &translated;
    // ASCII classes first; Unicode mode when the regex needs it (e.g. `.` or `\p{L}`).
    let ascii = ParserBuilder::new().unicode(false).build().parse(regex_text);
    let hir = match ascii {
        Ok(hir) => hir,
        Err(_) => ParserBuilder::new()
            .build()
            .parse(regex_text)
            .map_err(|err| invalid(unsupported_or(regex, err.to_string())))?,
    };
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

/// `hir` with every look-around assertion (anchors, word boundaries) replaced by the empty regex.
fn without_assertions(hir: Hir) -> Hir {
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
