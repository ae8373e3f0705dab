//! Choosing which pacts and interactions to verify.

use pact_core::Interaction;
use regex::Regex;

use crate::last_failed::LastFailed;

/// Which interactions to verify; empty means all of them.
#[derive(Debug, Clone, Default)]
pub(crate) struct InteractionFilter {
    pub(crate) description: Option<Regex>,
    pub(crate) state: Option<Regex>,
    pub(crate) no_state: bool,
    pub(crate) consumers: Vec<String>,
    /// Only the interactions that failed in the previous run (`--last-failed`).
    pub(crate) last_failed: Option<LastFailed>,
}

impl InteractionFilter {
    /// Whether any filter is set (then results are not published, as only part was verified).
    pub(crate) fn is_active(&self) -> bool {
        self.description.is_some()
            || self.state.is_some()
            || self.no_state
            || !self.consumers.is_empty()
            || self.last_failed.is_some()
    }

    /// Whether `interaction` of `consumer`'s pact is verified: [`Self::selects`] and, with
    /// `--last-failed`, it failed last time.
    pub(crate) fn selects_of(&self, consumer: &str, interaction: &Interaction) -> bool {
        self.selects(interaction)
            && self
                .last_failed
                .as_ref()
                .is_none_or(|failed| failed.includes(consumer, interaction.description()))
    }

    /// Whether the pact of `consumer` is verified at all.
    pub(crate) fn selects_consumer(&self, consumer: &str) -> bool {
        self.consumers.is_empty() || self.consumers.iter().any(|c| c == consumer)
    }

    /// Whether `interaction` is verified.
    pub(crate) fn selects(&self, interaction: &Interaction) -> bool {
        if let Some(re) = &self.description
            && !re.is_match(interaction.description())
        {
            return false;
        }
        let states = interaction.provider_states();
        if self.no_state && !states.is_empty() {
            return false;
        }
        if let Some(re) = &self.state
            && !states.iter().any(|s| re.is_match(&s.name))
        {
            return false;
        }
        true
    }
}
