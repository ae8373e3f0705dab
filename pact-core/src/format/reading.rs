//! What reading one interaction carries along: how the pact's writer meant the rules this reader
//! does not know, and the problems that make the interaction unusable without rejecting the pact.

use serde_json::{Map, Value};

use crate::PactError;

/// The implementation that wrote a pact, where it decides how unknown rules are read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub(crate) enum Writer {
    /// pact-jvm (`metadata["pact-jvm"]`): it reads a matcher it does not know as equality and
    /// ignores a generator it does not know, so its pacts mean exactly that.
    PactJvm,
    /// Any other writer: an unknown rule makes the interaction unusable.
    #[default]
    Other,
}

impl Writer {
    /// The writer named in a pact's metadata.
    pub(crate) fn of(metadata: &Map<String, Value>) -> Writer {
        if metadata
            .keys()
            .any(|k| k.eq_ignore_ascii_case("pact-jvm") || k.eq_ignore_ascii_case("pactJvm"))
        {
            Writer::PactJvm
        } else {
            Writer::Other
        }
    }
}

/// The state of reading one interaction (or one part read on its own).
#[derive(Debug, Default)]
pub(crate) struct Reading {
    pub(crate) writer: Writer,
    problems: Vec<PactError>,
}

impl Reading {
    /// Reading a pact written by `writer`.
    pub(crate) fn by(writer: Writer) -> Self {
        Reading {
            writer,
            problems: Vec::new(),
        }
    }

    /// Records a part that cannot be used; reading goes on with the rest.
    pub(crate) fn problem(&mut self, error: PactError) {
        self.problems.push(error);
    }

    /// `result`'s value, or `fallback` with its error recorded as a problem.
    pub(crate) fn or_problem<T>(&mut self, result: Result<T, PactError>, fallback: impl FnOnce() -> T) -> T {
        result.unwrap_or_else(|error| {
            self.problem(error);
            fallback()
        })
    }

    /// The problems found, in reading order.
    pub(crate) fn into_problems(self) -> Vec<PactError> {
        self.problems
    }

    /// `value`, or the first problem as an error: for parts read on their own.
    pub(crate) fn strict<T>(self, value: T) -> Result<T, PactError> {
        match self.problems.into_iter().next() {
            Some(first) => Err(first),
            None => Ok(value),
        }
    }
}
