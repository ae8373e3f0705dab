//! Collecting the failures of one interaction.

use super::reason::FailureReason;
use super::report::{OpenApiFailure, Part};
use super::schema::Found;

/// The failures found so far for one interaction.
#[derive(Debug)]
pub(crate) struct Sink {
    interaction: String,
    failures: Vec<OpenApiFailure>,
}

impl Sink {
    /// No failures yet for the interaction with this description.
    pub(crate) fn new(interaction: &str) -> Self {
        Sink {
            interaction: interaction.to_string(),
            failures: Vec::new(),
        }
    }

    /// An empty sink for the same interaction, to try something out.
    pub(crate) fn empty_like(&self) -> Self {
        Sink::new(&self.interaction)
    }

    /// Records one failure.
    pub(crate) fn add(&mut self, part: Part, json_path: &str, location: &str, reason: FailureReason) {
        self.failures.push(OpenApiFailure {
            interaction: self.interaction.clone(),
            part,
            json_path: json_path.to_string(),
            schema_location: location.to_string(),
            reason,
        });
    }

    /// Records failures found in a body.
    pub(crate) fn add_found(&mut self, part: Part, found: Vec<Found>) {
        for f in found {
            self.add(part, &f.json_path, &f.location, f.reason);
        }
    }

    /// Takes over the failures of `other`.
    pub(crate) fn extend(&mut self, other: Sink) {
        self.failures.extend(other.failures);
    }

    /// Whether nothing failed.
    pub(crate) fn is_empty(&self) -> bool {
        self.failures.is_empty()
    }

    /// The failures.
    pub(crate) fn into_failures(self) -> Vec<OpenApiFailure> {
        self.failures
    }
}
