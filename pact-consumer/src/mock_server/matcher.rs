//! Choosing the interaction that answers a request, and recording what was received.

use std::sync::{Mutex, PoisonError};

use pact_core::matching::match_request;
use pact_core::{HttpInteraction, Mismatch, MismatchKind, Pact, Request};

use crate::report::{MissingInteraction, Problem, RequestSummary, VerificationReport, pretty};

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

#[derive(Debug, Default)]
struct Received {
    counts: Vec<usize>,
    problems: Vec<Problem>,
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
            problems: Vec::new(),
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
        let mut full = Vec::new();
        let mut closest: Option<(usize, Vec<Mismatch>)> = None;
        for (index, interaction) in self.interactions.iter().enumerate() {
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
        let mut received = self.received.lock().unwrap_or_else(PoisonError::into_inner);
        if let Some(&index) = full.iter().min_by_key(|&&i| received.counts[i]) {
            received.counts[index] += 1;
            return Outcome::Matched(&self.interactions[index]);
        }
        if answer_preflight && actual.method == "OPTIONS" {
            return Outcome::Preflight;
        }
        let request = RequestSummary::of(actual);
        let problem = match closest {
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
        };
        received.problems.push(problem.clone());
        Outcome::Problem(problem)
    }

    /// Everything expected that never came and everything that came unexpected.
    pub(crate) fn report(&self) -> VerificationReport {
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
        VerificationReport {
            consumer: self.pact.consumer.name.clone(),
            provider: self.pact.provider.name.clone(),
            missing,
            problems: received.problems.clone(),
        }
    }
}
