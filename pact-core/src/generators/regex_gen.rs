//! Random strings that match a regular expression (the `Regex` generator).

use rand::RngExt as _;
use regex_syntax::ParserBuilder;
use regex_syntax::hir::{Hir, HirKind};

use super::GeneratorError;

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
/// ```
pub fn random_string_matching(regex: &str) -> Result<String, GeneratorError> {
    let invalid = |message: String| GeneratorError::InvalidRegex {
        regex: regex.to_string(),
        message,
    };
    // ASCII classes first; Unicode mode when the regex needs it (e.g. `.` or `\p{L}`).
    let ascii = ParserBuilder::new().unicode(false).build().parse(regex);
    let hir = match ascii {
        Ok(hir) => hir,
        Err(_) => ParserBuilder::new()
            .build()
            .parse(regex)
            .map_err(|err| invalid(err.to_string()))?,
    };
    let generator = rand_regex::Regex::with_hir(without_assertions(hir), MAX_REPEAT)
        .map_err(|err| invalid(err.to_string()))?;
    Ok(rand::rng().sample::<String, _>(&generator))
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
