//! How much a generator asks for, checked against [`Limits`] before anything is allocated.

use regex_syntax::hir::{Class, Hir, HirKind};

use super::regex_gen::{MAX_REPEAT, parse_for_generation};
use super::{Generator, GeneratorError};
use crate::limits::{LimitKind, Limits};

/// The generator's demand when it is above `limits`, as the error generating it would give.
///
/// ```
/// use pact_core::Generator;
/// use pact_core::generators::limit_excess;
/// use pact_core::limits::Limits;
/// let limits = Limits::default();
/// assert!(limit_excess(&Generator::RandomString { size: 10 }, &limits).is_none());
/// let err = limit_excess(&Generator::RandomString { size: 10_000_000_000 }, &limits).unwrap();
/// assert_eq!(err.to_string(),
///     "RandomString size 10000000000 is above the limit of 1048576 (max_generated_length)");
/// assert!(limit_excess(&Generator::Regex { regex: "a{5000}{5000}".into() }, &limits).is_some());
/// ```
pub fn limit_excess(generator: &Generator, limits: &Limits) -> Option<GeneratorError> {
    let max = limits.max_generated_length;
    let (what, asked) = match generator {
        Generator::RandomString { size } => ("RandomString size", *size),
        Generator::RandomHexadecimal { digits } => ("RandomHexadecimal digits", *digits),
        Generator::RandomDecimal { digits } => ("RandomDecimal digits", *digits),
        Generator::Regex { regex } => {
            let hir = parse_for_generation(regex).ok()?;
            (
                "the longest match of the Regex generator's regex",
                longest_output(&hir),
            )
        }
        _ => return None,
    };
    (asked > max).then(|| GeneratorError::LimitExceeded {
        what: if asked == usize::MAX {
            format!("{what} (unbounded)")
        } else {
            format!("{what} {asked}")
        },
        kind: LimitKind::GeneratedLength,
        limit: max,
    })
}

/// The most bytes a string generated from `hir` can hold (saturating; unbounded repetitions
/// count [`MAX_REPEAT`] extra times, as the generator does).
pub(crate) fn longest_output(hir: &Hir) -> usize {
    match hir.kind() {
        HirKind::Empty | HirKind::Look(_) => 0,
        HirKind::Literal(literal) => literal.0.len(),
        HirKind::Class(Class::Unicode(class)) => class.maximum_len().unwrap_or(0),
        HirKind::Class(Class::Bytes(_)) => 1,
        HirKind::Repetition(repetition) => {
            let upper = repetition
                .max
                .unwrap_or_else(|| repetition.min.saturating_add(MAX_REPEAT));
            longest_output(&repetition.sub).saturating_mul(upper as usize)
        }
        HirKind::Capture(capture) => longest_output(&capture.sub),
        HirKind::Concat(parts) => parts
            .iter()
            .fold(0usize, |sum, part| sum.saturating_add(longest_output(part))),
        HirKind::Alternation(parts) => parts.iter().map(longest_output).max().unwrap_or(0),
    }
}
