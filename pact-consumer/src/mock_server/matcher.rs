//! Choosing the interaction that answers a request, and recording what was received.

use std::sync::{Mutex, PoisonError};

use pact_core::matching::match_request;
use pact_core::{Category, HttpInteraction, Mismatch, MismatchKind, Pact, Request};

use crate::report::{MissingInteraction, MockServerReport, Problem, RequestSummary, pretty};

/// What the mock server decided about one request.
#[derive(Debug)]
pub(crate) enum Outcome<'a> {
    /// This interaction answers it.
    Matched(&'a HttpInteraction),
    /// No interaction matches; the problem was recorded.
    Problem(Problem),
    /// A CORS preflight no interaction matches, to be answered by the server itself.
    Preflight,
}

/// The interactions a mock server serves and what it has received so far.
#[derive(Debug)]
pub(crate) struct Ledger {
    pact: Pact,
    interactions: Vec<HttpInteraction>,
    received: Mutex<Received>,
}

/// How many problems are kept for the report; a long-running server counts the rest.
const KEPT_PROBLEMS: usize = 1000;

#[derive(Debug, Default)]
struct Received {
    counts: Vec<usize>,
    problems: Vec<Problem>,
    dropped_problems: usize,
}

impl Ledger {
    pub(crate) fn new(pact: Pact) -> Self {
        let interactions: Vec<HttpInteraction> = pact
            .interactions
            .iter()
            .filter_map(|i| i.as_http().cloned())
            .collect();
        let received = Received {
            counts: vec![0; interactions.len()],
            ..Received::default()
        };
        Ledger {
            pact,
            interactions,
            received: Mutex::new(received),
        }
    }

    pub(crate) fn pact(&self) -> &Pact {
        &self.pact
    }

    pub(crate) fn interactions(&self) -> &[HttpInteraction] {
        &self.interactions
    }

    /// Matches `actual` against every interaction. Among full matches the one received least
    /// often wins (so two interactions with identical requests are each counted); otherwise the
    /// closest interaction with the same method and path names the mismatch. An unmatched
    /// `OPTIONS` request is a preflight (and not recorded) when `answer_preflight` is set.
    pub(crate) fn decide(&self, actual: &Request, answer_preflight: bool) -> Outcome<'_> {
        // Fast path: only interactions whose method and path can match are matched in full; the
        // full scan (which also finds the closest interaction for the report) runs when none does.
        let usable = |i: &usize| self.interactions[*i].problems.is_empty();
        let mut full: Vec<usize> = (0..self.interactions.len())
            .filter(usable)
            .filter(|&i| could_match(&self.interactions[i].request, actual))
            .filter(|&i| match_request(&self.interactions[i].request, actual).is_empty())
            .collect();
        let mut closest: Option<(usize, Vec<Mismatch>)> = None;
        if full.is_empty() {
            for (index, interaction) in self.interactions.iter().enumerate() {
                if !interaction.problems.is_empty() {
                    continue;
                }
                let mismatches = match_request(&interaction.request, actual);
                if mismatches.is_empty() {
                    full.push(index);
                } else if !mismatches
                    .iter()
                    .any(|m| matches!(m.kind, MismatchKind::Method | MismatchKind::Path))
                    && closest
                        .as_ref()
                        .is_none_or(|(_, best)| mismatches.len() < best.len())
                {
                    closest = Some((index, mismatches));
                }
            }
        }
        let mut received = self.received.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&index) = full.iter().min_by_key(|&&i| received.counts[i]) {
            received.counts[index] += 1;
            return Outcome::Matched(&self.interactions[index]);
        }
        if answer_preflight && actual.method == "OPTIONS" {
            return Outcome::Preflight;
        }
        let request = RequestSummary::of(actual);
        let unusable = self
            .interactions
            .iter()
            .find(|i| !i.problems.is_empty() && could_match(&i.request, actual));
        let problem = match (unusable, closest) {
            (Some(interaction), _) => Problem::Unusable {
                request,
                interaction: interaction.description.clone(),
                problems: interaction.problems.clone(),
            },
            (None, closest) => self.mismatch_problem(request, closest),
        };
        if received.problems.len() < KEPT_PROBLEMS {
            received.problems.push(problem.clone());
        } else {
            received.dropped_problems += 1;
        }
        Outcome::Problem(problem)
    }

    /// The problem of a request that matched no interaction: a mismatch against the closest one,
    /// else an unexpected request.
    fn mismatch_problem(&self, request: RequestSummary, closest: Option<(usize, Vec<Mismatch>)>) -> Problem {
        match closest {
            Some((index, mismatches)) => {
                let expected = &self.interactions[index].request.body;
                Problem::Mismatched {
                    request,
                    interaction: self.interactions[index].description.clone(),
                    mismatches,
                    expected_body: expected.is_present().then(|| pretty(&expected.as_text())),
                }
            }
            None => Problem::Unexpected { request },
        }
    }

    /// How many requests each interaction answered, in the order of [`Ledger::interactions`].
    pub(crate) fn matched_counts(&self) -> Vec<usize> {
        let received = self.received.lock().unwrap_or_else(PoisonError::into_inner);
        received.counts.clone()
    }

    /// Everything expected that never came and everything that came unexpected.
    pub(crate) fn report(&self) -> MockServerReport {
        let received = self.received.lock().unwrap_or_else(PoisonError::into_inner);
        let missing = self
            .interactions
            .iter()
            .zip(&received.counts)
            .filter(|(_, count)| **count == 0)
            .map(|(interaction, _)| MissingInteraction {
                description: interaction.description.clone(),
                request: RequestSummary::of(&interaction.request),
            })
            .collect();
        MockServerReport {
            consumer: self.pact.consumer.name.clone(),
            provider: self.pact.provider.name.clone(),
            missing,
            problems: received.problems.clone(),
            more_problems: received.dropped_problems,
        }
    }
}

/// Whether `actual` can match `expected` at all, judged cheaply from method and path: either
/// they are equal, or the pact has rules for them.
fn could_match(expected: &Request, actual: &Request) -> bool {
    let rules = &expected.matching_rules;
    (rules.category(Category::Method).is_some() || expected.method.eq_ignore_ascii_case(&actual.method))
        && (rules.category(Category::Path).is_some() || expected.path == actual.path)
}
