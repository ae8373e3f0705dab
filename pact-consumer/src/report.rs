//! What the mock server saw that it should not have, as JSON for the client and as a readable
//! report for the test that failed.

use std::fmt;

use pact_core::{InteractionProblem, Mismatch, MismatchKind, Request};
use serde_json::{Value, json};
use similar::{ChangeTag, TextDiff};

/// A request as the report shows it: method, path with query, body text.
#[derive(Debug, Clone, PartialEq)]
pub struct RequestSummary {
    /// The method.
    pub method: String,
    /// The path.
    pub path: String,
    /// The query string, when there was one.
    pub query: Option<String>,
    /// The body as text (lossy UTF-8), when there was one.
    pub body: Option<String>,
}

impl RequestSummary {
    pub(crate) fn of(request: &Request) -> Self {
        RequestSummary {
            method: request.method.clone(),
            path: request.path.clone(),
            query: (!request.query.is_empty()).then(|| request.query.to_query_string()),
            body: request.body.is_present().then(|| request.body.as_text()),
        }
    }
}

impl fmt::Display for RequestSummary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.method, self.path)?;
        match &self.query {
            Some(query) => write!(f, "?{query}"),
            None => Ok(()),
        }
    }
}

/// Something the mock server received that no interaction accounts for.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Problem {
    /// A request that came close to an interaction (same method and path) but did not match it.
    Mismatched {
        /// What arrived.
        request: RequestSummary,
        /// The description of the closest interaction.
        interaction: String,
        /// Every difference, as data with a sentence.
        mismatches: Vec<Mismatch>,
        /// The interaction's example body, pretty-printed when JSON.
        expected_body: Option<String>,
    },
    /// A request no interaction resembles.
    Unexpected {
        /// What arrived.
        request: RequestSummary,
    },
    /// A request for an interaction (same method and path) that the pact file holds but that
    /// cannot be used: part of it could not be read.
    Unusable {
        /// What arrived.
        request: RequestSummary,
        /// The interaction's description.
        interaction: String,
        /// Why it cannot be used: JSON path and reason of each unreadable part.
        problems: Vec<InteractionProblem>,
    },
}

impl Problem {
    /// The JSON body the mock server answers (with HTTP 500) for this problem.
    ///
    /// ```
    /// use pact_consumer::report::{Problem, RequestSummary};
    /// let problem = Problem::Unexpected {
    ///     request: RequestSummary { method: "GET".into(), path: "/nope".into(), query: None, body: None },
    /// };
    /// assert_eq!(problem.to_json()["type"], "request-not-found");
    /// ```
    pub fn to_json(&self) -> Value {
        match self {
            Problem::Mismatched {
                request,
                interaction,
                mismatches,
                ..
            } => json!({
                "type": "request-mismatch",
                "method": request.method,
                "path": request.path,
                "query": request.query,
                "interaction": interaction,
                "mismatches": mismatches.iter().map(Mismatch::to_reference_json).collect::<Vec<_>>(),
            }),
            Problem::Unexpected { request } => json!({
                "type": "request-not-found",
                "method": request.method,
                "path": request.path,
                "request": {"method": request.method, "path": request.path, "query": request.query, "body": request.body},
            }),
            Problem::Unusable {
                request,
                interaction,
                problems,
            } => json!({
                "type": "interaction-unusable",
                "method": request.method,
                "path": request.path,
                "query": request.query,
                "interaction": interaction,
                "problems": problems
                    .iter()
                    .map(|p| json!({"path": p.path, "reason": p.reason}))
                    .collect::<Vec<_>>(),
            }),
        }
    }

    /// The value of the `X-Pact-Mismatch` header: `request-mismatch`, `request-not-found` or
    /// `interaction-unusable`.
    pub fn kind(&self) -> &'static str {
        match self {
            Problem::Mismatched { .. } => "request-mismatch",
            Problem::Unexpected { .. } => "request-not-found",
            Problem::Unusable { .. } => "interaction-unusable",
        }
    }
}

/// An interaction the consumer test declared but never exercised.
#[derive(Debug, Clone, PartialEq)]
pub struct MissingInteraction {
    /// Its description.
    pub description: String,
    /// The request it expected.
    pub request: RequestSummary,
}

/// The outcome of checking a mock server at the end of a test (the verifier's report of a
/// provider is `pact_verifier::VerificationReport`).
#[derive(Debug, Clone, PartialEq, Default)]
pub struct MockServerReport {
    /// The consumer's name.
    pub consumer: String,
    /// The provider's name.
    pub provider: String,
    /// Interactions never received.
    pub missing: Vec<MissingInteraction>,
    /// Requests received that matched no interaction (the first thousand).
    pub problems: Vec<Problem>,
    /// How many more such requests came after those.
    pub more_problems: usize,
}

impl MockServerReport {
    /// Whether everything expected arrived and nothing else did.
    pub fn passed(&self) -> bool {
        self.missing.is_empty() && self.problems.is_empty() && self.more_problems == 0
    }
}

impl fmt::Display for MockServerReport {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        writeln!(
            f,
            "The mock server for the pact between {} and {} saw problems:",
            self.consumer, self.provider
        )?;
        let mut n = 0;
        for missing in &self.missing {
            n += 1;
            writeln!(
                f,
                "\n  {n}) Expected request was not received: '{}'",
                missing.description
            )?;
            writeln!(f, "     expected: {}", missing.request)?;
        }
        for problem in &self.problems {
            n += 1;
            match problem {
                Problem::Mismatched {
                    request,
                    interaction,
                    mismatches,
                    expected_body,
                } => {
                    writeln!(
                        f,
                        "\n  {n}) Request {request} did not match the interaction '{interaction}':"
                    )?;
                    for m in mismatches {
                        writeln!(f, "     - {m}")?;
                    }
                    let body_mismatch = mismatches
                        .iter()
                        .any(|m| matches!(m.kind, MismatchKind::Body { .. } | MismatchKind::BodyType));
                    if body_mismatch {
                        let actual = request.body.as_deref().map(pretty).unwrap_or_default();
                        let expected = expected_body.clone().unwrap_or_default();
                        writeln!(f, "     body diff (- expected, + actual):")?;
                        write_diff(f, &expected, &actual)?;
                    }
                }
                Problem::Unexpected { request } => {
                    writeln!(
                        f,
                        "\n  {n}) Received a request that no interaction expects: {request}"
                    )?;
                    if let Some(body) = &request.body {
                        writeln!(f, "     body: {body}")?;
                    }
                }
                Problem::Unusable {
                    request,
                    interaction,
                    problems,
                } => {
                    writeln!(
                        f,
                        "\n  {n}) Request {request} asks for the interaction '{interaction}', which cannot be used:"
                    )?;
                    for problem in problems {
                        writeln!(f, "     - {}: {}", problem.path, problem.reason)?;
                    }
                }
            }
        }
        if self.more_problems > 0 {
            writeln!(
                f,
                "\n  … and {} more requests that matched no interaction",
                self.more_problems
            )?;
        }
        Ok(())
    }
}

/// JSON pretty-printed, other text as it is.
pub(crate) fn pretty(text: &str) -> String {
    serde_json::from_str::<Value>(text)
        .ok()
        .and_then(|v| serde_json::to_string_pretty(&v).ok())
        .unwrap_or_else(|| text.to_string())
}

fn write_diff(f: &mut fmt::Formatter<'_>, expected: &str, actual: &str) -> fmt::Result {
    let diff = TextDiff::from_lines(expected, actual);
    for change in diff.iter_all_changes() {
        let sign = match change.tag() {
            ChangeTag::Delete => '-',
            ChangeTag::Insert => '+',
            ChangeTag::Equal => ' ',
        };
        write!(f, "       {sign} {}", change.value())?;
        if change.missing_newline() {
            writeln!(f)?;
        }
    }
    Ok(())
}
