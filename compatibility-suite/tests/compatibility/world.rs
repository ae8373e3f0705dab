//! The state one scenario builds up, shared by the step modules.

use cucumber::World;
use pact_core::{HttpInteraction, SpecVersion};

use crate::consumer::ConsumerState;
use crate::dsl::DslState;
use crate::generators::GeneratorState;
use crate::matching::MatchingState;
use crate::provider::ProviderSide;

/// One scenario's world.
#[derive(Debug, World)]
#[world(init = Self::new)]
pub struct CompatWorld {
    /// The feature's specification version (from its folder).
    pub spec: SpecVersion,
    /// The background's HTTP interactions, numbered from 1.
    pub interactions: Vec<HttpInteraction>,
    /// Where pact files of this scenario are written.
    pub dir: tempfile::TempDir,
    pub consumer: ConsumerState,
    pub dsl: DslState,
    pub provider: ProviderSide,
    pub matching: MatchingState,
    pub generators: GeneratorState,
}

impl CompatWorld {
    fn new() -> Self {
        CompatWorld {
            spec: SpecVersion::V4,
            interactions: Vec::new(),
            dir: tempfile::tempdir().expect("a temporary directory"),
            consumer: ConsumerState::default(),
            dsl: DslState::default(),
            provider: ProviderSide::default(),
            matching: MatchingState::default(),
            generators: GeneratorState::default(),
        }
    }

    /// Called before each scenario with the feature's path below `features/`.
    pub fn set_feature(&mut self, feature: &str) {
        self.spec = match feature.split('/').next() {
            Some("V1") => SpecVersion::V1,
            Some("V2") => SpecVersion::V2,
            Some("V3") => SpecVersion::V3,
            _ => SpecVersion::V4,
        };
    }

    /// Background interaction `n` (1-based).
    pub fn interaction(&self, n: usize) -> &HttpInteraction {
        self.interactions
            .get(n.wrapping_sub(1))
            .unwrap_or_else(|| panic!("no interaction {n} was defined"))
    }
}

/// Numbers written as `1`, `{1}` or `"1, 2"`.
pub fn numbers(text: &str) -> Vec<usize> {
    text.split(',')
        .map(|n| n.trim().trim_matches(|c| c == '{' || c == '}' || c == '"'))
        .filter(|n| !n.is_empty())
        .map(|n| n.parse().unwrap_or_else(|_| panic!("'{n}' is not a number")))
        .collect()
}

/// `first`, `second`, … as a 0-based index.
pub fn ordinal(text: &str) -> usize {
    match text.trim_matches(|c| c == '{' || c == '}') {
        "first" => 0,
        "second" => 1,
        "third" => 2,
        other => panic!("unknown ordinal '{other}'"),
    }
}

/// The rows of a step table as maps from header to cell.
pub fn rows(step: &cucumber::gherkin::Step) -> Vec<std::collections::BTreeMap<String, String>> {
    let table = step.table.as_ref().expect("the step has a table");
    let Some((header, body)) = table.rows.split_first() else {
        return Vec::new();
    };
    body.iter()
        .map(|row| header.iter().cloned().zip(row.iter().cloned()).collect())
        .collect()
}
