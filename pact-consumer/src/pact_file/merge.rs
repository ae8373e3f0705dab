//! Merging a test's pact into the pact already on disk.

use pact_core::{Interaction, Pact, SpecVersion};

/// Whether two interactions are the same one for merging: the same
/// [`Interaction::identity`] (kind, description and provider states with their parameters),
/// the one rule pact-core defines for it.
///
/// ```
/// use pact_consumer::prelude::*;
/// let a = PactBuilder::new("C", "P").interaction("a", |i| i.given("s")).into_pact();
/// let b = PactBuilder::new("C", "P").interaction("a", |i| i.given("s").response(|r| r.not_found())).into_pact();
/// assert!(pact_consumer::same_interaction(&a.interactions[0], &b.interactions[0]));
/// ```
pub fn same_interaction(a: &Interaction, b: &Interaction) -> bool {
    a.identity() == b.identity()
}

/// `existing` with every interaction of `new` added; an interaction that is the
/// [`same_interaction`] as an existing one replaces it in place. Metadata entries of `new` win.
///
/// ```
/// use pact_consumer::prelude::*;
/// let old = PactBuilder::new("C", "P").interaction("a", |i| i).interaction("b", |i| i).into_pact();
/// let new = PactBuilder::new("C", "P").interaction("b", |i| i.response(|r| r.created())).into_pact();
/// let merged = pact_consumer::merge_pacts(old, &new);
/// assert_eq!(merged.interactions.len(), 2);
/// assert_eq!(merged.interactions[1].as_http().unwrap().response.status, 201);
/// ```
pub fn merge_pacts(mut existing: Pact, new: &Pact) -> Pact {
    for interaction in &new.interactions {
        match existing
            .interactions
            .iter_mut()
            .find(|old| same_interaction(old, interaction))
        {
            Some(old) => *old = interaction.clone(),
            None => existing.interactions.push(interaction.clone()),
        }
    }
    for (key, value) in &new.metadata {
        existing.metadata.insert(key.clone(), value.clone());
    }
    existing.specification = existing.specification.max(new.specification);
    existing.consumer = new.consumer.clone();
    existing.provider = new.provider.clone();
    existing
}

/// The version to write a pact as: its own, raised to V4 when it mixes HTTP and message
/// interactions or holds synchronous messages (which only V4 can express).
pub(crate) fn version_to_write(pact: &Pact) -> SpecVersion {
    let has_http = pact
        .interactions
        .iter()
        .any(|i| matches!(i, Interaction::Http(_)));
    let has_async = pact
        .interactions
        .iter()
        .any(|i| matches!(i, Interaction::AsyncMessage(_)));
    let has_sync = pact
        .interactions
        .iter()
        .any(|i| matches!(i, Interaction::SyncMessage(_)));
    if has_sync || (has_http && has_async) {
        SpecVersion::V4
    } else if has_async {
        pact.specification.max(SpecVersion::V3)
    } else {
        pact.specification
    }
}
