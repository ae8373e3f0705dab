//! What verification found: per pact, per interaction.

use std::time::Duration;

use pact_core::model::InteractionKind;
use pact_core::{Mismatch, ProviderState};
use serde_json::{Map, Value};

use crate::error::{InteractionError, PublishError, VerifyError};
use crate::sources::Notice;

/// How one interaction fared.
///
/// ```
/// use pact_verifier::{InteractionError, InteractionOutcome};
/// let outcome = InteractionOutcome::Error(InteractionError::Provider {
///     message: "connection refused".into(),
/// });
/// assert!(matches!(outcome, InteractionOutcome::Error(InteractionError::Provider { .. })));
/// ```
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum InteractionOutcome {
    /// The provider's response (or message) satisfied the pact.
    Passed,
    /// The provider answered, but not as the pact expects.
    Failed {
        /// Every difference found.
        mismatches: Vec<Mismatch>,
        /// A line diff of the expected and actual bodies, when a body differed.
        body_diff: Option<String>,
    },
    /// The interaction could not be verified: a state hook failed or panicked, or the provider
    /// could not be reached.
    Error(InteractionError),
}

/// The verification of one interaction.
///
/// ```
/// use std::time::Duration;
/// use pact_core::ProviderState;
/// use pact_core::model::InteractionKind;
/// use pact_verifier::{InteractionOutcome, InteractionResult};
/// let result = InteractionResult {
///     description: "a request for user 42".into(),
///     provider_states: vec![ProviderState::new("user 42 exists"), ProviderState::new("the user is active")],
///     kind: InteractionKind::Http,
///     pending: false,
///     key: None,
///     interaction_id: None,
///     outcome: InteractionOutcome::Passed,
///     duration: Duration::from_millis(3),
///     comments: serde_json::json!({"testname": "users::get_42", "text": "from the web app"})
///         .as_object().cloned().unwrap_or_default(),
///     warnings: Vec::new(),
/// };
/// assert!(result.passed());
/// assert_eq!(result.given().as_deref(), Some("Given user 42 exists and the user is active"));
/// assert_eq!(result.test_name(), Some("users::get_42"));
/// assert_eq!(result.comment_lines(), ["from the web app"]);
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct InteractionResult {
    /// The interaction's description.
    pub description: String,
    /// Its provider states.
    pub provider_states: Vec<ProviderState>,
    /// HTTP, asynchronous message or synchronous message.
    pub kind: InteractionKind,
    /// Whether the interaction itself is pending (V4 `"pending": true`).
    pub pending: bool,
    /// The V4 key, if any.
    pub key: Option<String>,
    /// The broker's interaction id (`_id`), if the pact came from a broker.
    pub interaction_id: Option<String>,
    /// The outcome.
    pub outcome: InteractionOutcome,
    /// How long set-up, replay and teardown took.
    pub duration: Duration,
    /// The interaction's V4 comments (`text`, `testname`, …), shown with it in the reports.
    pub comments: Map<String, Value>,
    /// What went unchecked without failing the interaction, e.g. a provider state nothing set up.
    pub warnings: Vec<String>,
}

impl InteractionResult {
    /// Whether the interaction passed.
    pub fn passed(&self) -> bool {
        matches!(self.outcome, InteractionOutcome::Passed)
    }

    /// The V4 `comments.testname`, if any.
    pub fn test_name(&self) -> Option<&str> {
        self.comments.get("testname").and_then(Value::as_str)
    }

    /// The V4 `comments.text` lines (a single string counts as one line).
    pub fn comment_lines(&self) -> Vec<&str> {
        match self.comments.get("text") {
            Some(Value::Array(items)) => items.iter().filter_map(Value::as_str).collect(),
            Some(Value::String(text)) => vec![text.as_str()],
            _ => Vec::new(),
        }
    }

    /// `Given a and b` for its provider states, or `None` without states.
    pub fn given(&self) -> Option<String> {
        (!self.provider_states.is_empty()).then(|| {
            let names: Vec<&str> = self.provider_states.iter().map(|s| s.name.as_str()).collect();
            format!("Given {}", names.join(" and "))
        })
    }
}

/// The verification of one pact.
///
/// ```
/// use pact_verifier::PactResult;
/// let pact = PactResult {
///     consumer: "OrderWeb".into(),
///     provider: "UserService".into(),
///     origin: "file pacts/OrderWeb-UserService.json".into(),
///     pending: false,
///     wip: false,
///     notices: Vec::new(),
///     interactions: Vec::new(),
///     publication: None,
/// };
/// assert_eq!(pact.title(), "a pact between OrderWeb and UserService");
/// assert!(pact.all_passed() && !pact.has_blocking_failures());
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct PactResult {
    /// The consumer's name.
    pub consumer: String,
    /// The provider's name.
    pub provider: String,
    /// Where the pact came from, e.g. `file pacts/a.json`.
    pub origin: String,
    /// Whether the broker said the pact is pending (its failures do not fail the run).
    pub pending: bool,
    /// Whether the broker included it as work in progress.
    pub wip: bool,
    /// The broker's notices about this pact.
    pub notices: Vec<Notice>,
    /// One result per verified interaction, in pact order.
    pub interactions: Vec<InteractionResult>,
    /// What happened when publishing results: `None` when not asked to publish.
    pub publication: Option<Result<(), PublishError>>,
}

impl PactResult {
    /// Whether an interaction failed that is not pending (in a pact that is not pending).
    pub fn has_blocking_failures(&self) -> bool {
        !self.pending && self.interactions.iter().any(|i| !i.passed() && !i.pending)
    }

    /// Whether every interaction passed.
    pub fn all_passed(&self) -> bool {
        self.interactions.iter().all(InteractionResult::passed)
    }

    /// `Pact between A and B`.
    pub fn title(&self) -> String {
        format!("a pact between {} and {}", self.consumer, self.provider)
    }
}

/// Counts over a whole run.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct Summary {
    /// Pacts verified.
    pub pacts: usize,
    /// Interactions verified.
    pub interactions: usize,
    /// Interactions that passed.
    pub passed: usize,
    /// Interactions that failed or errored and count against the run.
    pub failed: usize,
    /// Interactions that failed or errored but are pending.
    pub pending_failed: usize,
}

/// The outcome of [`crate::Verifier::verify`]: every pact and interaction, and the errors met
/// while loading pacts or publishing results.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct VerificationReport {
    /// The provider verified.
    pub provider: String,
    /// Results per pact, in source order.
    pub pacts: Vec<PactResult>,
    /// Errors that stopped pacts from being verified (unreadable files, broker errors, …).
    pub errors: Vec<VerifyError>,
    /// Whether finding no pacts at all is acceptable.
    pub ignore_no_pacts: bool,
}

impl VerificationReport {
    /// Whether verification succeeded: no errors, at least one pact (unless no pacts are
    /// acceptable), and every non-pending interaction passed.
    ///
    /// ```
    /// use pact_verifier::VerificationReport;
    /// let report = VerificationReport::default();
    /// assert!(!report.passed(), "finding no pacts at all is a failure");
    /// ```
    pub fn passed(&self) -> bool {
        self.errors.is_empty()
            && (self.ignore_no_pacts || !self.pacts.is_empty())
            && !self.pacts.iter().any(PactResult::has_blocking_failures)
    }

    /// Counts of pacts and interactions.
    ///
    /// ```
    /// use pact_verifier::VerificationReport;
    /// let summary = VerificationReport::default().summary();
    /// assert_eq!((summary.pacts, summary.interactions, summary.failed), (0, 0, 0));
    /// ```
    pub fn summary(&self) -> Summary {
        let mut summary = Summary {
            pacts: self.pacts.len(),
            ..Summary::default()
        };
        for pact in &self.pacts {
            for interaction in &pact.interactions {
                summary.interactions += 1;
                if interaction.passed() {
                    summary.passed += 1;
                } else if pact.pending || interaction.pending {
                    summary.pending_failed += 1;
                } else {
                    summary.failed += 1;
                }
            }
        }
        summary
    }

    /// Panics with the readable report unless verification [`passed`](Self::passed).
    #[track_caller]
    ///
    /// ```
    /// use pact_verifier::VerificationReport;
    /// let report = VerificationReport { ignore_no_pacts: true, ..VerificationReport::default() };
    /// report.assert_passed(); // nothing to verify, and that is acceptable
    /// ```
    pub fn assert_passed(&self) {
        if !self.passed() {
            panic!("provider verification failed\n\n{self}");
        }
    }

    /// The console report; `colour` adds ANSI colours.
    ///
    /// ```
    /// use pact_verifier::VerificationReport;
    /// let text = VerificationReport::default().render(false);
    /// assert!(text.contains("Summary: 0 interactions verified"), "{text}");
    /// ```
    pub fn render(&self, colour: bool) -> String {
        crate::report::console::render(self, colour)
    }

    /// The JSON report (as `--json` writes it).
    ///
    /// ```
    /// use pact_verifier::VerificationReport;
    /// let json = VerificationReport::default().to_json();
    /// assert!(json.is_object());
    /// ```
    pub fn to_json(&self) -> serde_json::Value {
        crate::report::json::render(self)
    }

    /// The HTML report (as `--html` writes it): one self-contained page.
    ///
    /// ```
    /// use pact_verifier::VerificationReport;
    /// let html = VerificationReport::default().to_html();
    /// assert!(html.contains("</html>"));
    /// ```
    pub fn to_html(&self) -> String {
        crate::report::html::render(self)
    }

    /// The JUnit XML report (as `--junit` writes it).
    ///
    /// ```
    /// use pact_verifier::VerificationReport;
    /// let xml = VerificationReport::default().to_junit();
    /// assert!(xml.contains("<testsuites"), "{xml}");
    /// ```
    pub fn to_junit(&self) -> String {
        crate::report::junit::render(self)
    }
}

impl std::fmt::Display for VerificationReport {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.render(false))
    }
}
