//! Resource limits on what a pact may ask for: how long a generated value may be, how many
//! elements a `type` rule may require, how big a regex may compile, how deeply a body may nest.
//!
//! A pact comes from outside (a file, a broker) and a hostile or mistaken one can ask for
//! `{"type": "RandomString", "size": 10000000000}`. [`Limits`] bounds every such number; the
//! reader checks them per interaction (see [`crate::format::ReadOptions`]) and the generators
//! refuse to go beyond them even on a model built by code (see
//! [`GeneratorContext::limits`](crate::GeneratorContext::limits)). The defaults are generous for
//! real pacts.
//!
//! ```
//! use pact_core::limits::Limits;
//! let limits = Limits::default();
//! assert_eq!(limits.max_generated_length, 1024 * 1024);
//! let strict = Limits::default().with_max_generated_length(64);
//! assert_eq!(strict.max_generated_length, 64);
//! ```

use std::fmt;

/// Bounds on the numbers a pact may ask for; see the [module documentation](self).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub struct Limits {
    /// Longest value a generator may produce, in characters: `RandomString.size`,
    /// `RandomHexadecimal.digits`, `RandomDecimal.digits`, and the longest string a `Regex`
    /// generator's regex can produce. Default 1 MiB.
    pub max_generated_length: usize,
    /// Most characters all the generators of one request, response or message may produce
    /// together (a generator at `$.items[*].id` runs once per item). Default 16 MiB.
    pub max_generated_total: usize,
    /// Largest `min` of a `type` rule (`eachLike`, `atLeast`): how many elements an array must
    /// hold. Default 100,000.
    pub max_min_elements: usize,
    /// Largest compiled size of a regex, in bytes: the `regex` crate's `size_limit`.
    /// Default 10 MiB (the `regex` crate's own default).
    pub max_regex_size: usize,
    /// Deepest nesting of arrays and objects in a JSON body. Default 100.
    pub max_body_depth: usize,
}

impl Default for Limits {
    fn default() -> Self {
        Limits {
            max_generated_length: 1024 * 1024,
            max_generated_total: 16 * 1024 * 1024,
            max_min_elements: 100_000,
            max_regex_size: crate::rules::DEFAULT_SIZE_LIMIT,
            max_body_depth: 100,
        }
    }
}

impl Limits {
    /// These limits with `max_generated_length` set.
    pub fn with_max_generated_length(mut self, length: usize) -> Self {
        self.max_generated_length = length;
        self
    }

    /// These limits with `max_generated_total` set.
    pub fn with_max_generated_total(mut self, total: usize) -> Self {
        self.max_generated_total = total;
        self
    }

    /// These limits with `max_min_elements` set.
    pub fn with_max_min_elements(mut self, count: usize) -> Self {
        self.max_min_elements = count;
        self
    }

    /// These limits with `max_regex_size` set.
    pub fn with_max_regex_size(mut self, bytes: usize) -> Self {
        self.max_regex_size = bytes;
        self
    }

    /// These limits with `max_body_depth` set.
    pub fn with_max_body_depth(mut self, depth: usize) -> Self {
        self.max_body_depth = depth;
        self
    }

    /// The limit of `kind`.
    pub fn of(&self, kind: LimitKind) -> usize {
        match kind {
            LimitKind::GeneratedLength => self.max_generated_length,
            LimitKind::GeneratedTotal => self.max_generated_total,
            LimitKind::MinElements => self.max_min_elements,
            LimitKind::RegexSize => self.max_regex_size,
            LimitKind::BodyDepth => self.max_body_depth,
        }
    }
}

/// Which limit of [`Limits`] a value is above.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum LimitKind {
    /// [`Limits::max_generated_length`].
    GeneratedLength,
    /// [`Limits::max_generated_total`].
    GeneratedTotal,
    /// [`Limits::max_min_elements`].
    MinElements,
    /// [`Limits::max_regex_size`].
    RegexSize,
    /// [`Limits::max_body_depth`].
    BodyDepth,
}

impl LimitKind {
    /// The name of the setting, as in [`Limits`].
    pub fn setting(self) -> &'static str {
        match self {
            LimitKind::GeneratedLength => "max_generated_length",
            LimitKind::GeneratedTotal => "max_generated_total",
            LimitKind::MinElements => "max_min_elements",
            LimitKind::RegexSize => "max_regex_size",
            LimitKind::BodyDepth => "max_body_depth",
        }
    }
}

impl fmt::Display for LimitKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.setting())
    }
}

/// A part of an interaction that asks for more than [`Limits`] allow: which interaction, where
/// (the JSON path in the pact file), what, and the limit.
///
/// ```
/// use pact_core::limits::{LimitError, LimitKind};
/// let err = LimitError {
///     interaction: "a big string".into(),
///     path: "$.interactions[0].response.generators.body['$.name']".into(),
///     what: "RandomString size 10000000000".into(),
///     kind: LimitKind::GeneratedLength,
///     limit: 1048576,
/// };
/// assert_eq!(err.to_string(),
///     "$.interactions[0].response.generators.body['$.name'] (interaction \"a big string\"): \
///      RandomString size 10000000000 is above the limit of 1048576 (max_generated_length)");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{path} (interaction \"{interaction}\"): {what} is above the limit of {limit} ({kind})")]
pub struct LimitError {
    /// The interaction's description.
    pub interaction: String,
    /// The JSON path of the offending value in the pact file.
    pub path: String,
    /// What asks for too much, with its number (`RandomString size 10000000000`).
    pub what: String,
    /// Which limit.
    pub kind: LimitKind,
    /// The limit in force.
    pub limit: usize,
}

impl From<LimitError> for crate::PactError {
    fn from(err: LimitError) -> Self {
        let message = format!(
            "{} is above the limit of {} ({}) in the interaction \"{}\"",
            err.what, err.limit, err.kind, err.interaction
        );
        crate::PactError::invalid(err.path, message)
    }
}
