//! A cucumber writer that tallies scenarios per feature and judges the run against the list of
//! known failures.
//!
//! Each scenario ends as passed, failed (a step failed, panicked, or has no definition) or is not
//! run (tagged `@wip` upstream, counted by the runner's filter). A failure is *known* when it is
//! listed in [`crate::known_failures`]; the run passes when every failure is known and every
//! known failure still fails (a listed scenario that now passes must be taken off the list).

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::Path;

use cucumber::{Event, World, Writer, cli, event, parser, writer};

use crate::known_failures::{Why, known_failure};

/// How a scenario ended.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Every step passed.
    Passed,
    /// A step failed; the text says which and why.
    Failed(String),
}

/// Scenario outcomes by feature, in the order they finished.
#[derive(Debug, Default)]
pub struct Tally {
    /// Known failures besides [`crate::known_failures::KNOWN_FAILURES`] (the tests of the tally
    /// itself use it; the list is empty today).
    pub extra_known: Vec<crate::known_failures::KnownFailure>,
    /// Feature (path below `features/`, e.g. `V1/http_consumer.feature`) → scenario name → outcome.
    pub features: BTreeMap<String, BTreeMap<String, Outcome>>,
    /// Scenarios in progress: the first failure seen for each.
    running: BTreeMap<(String, String), Option<String>>,
    /// Features that could not be parsed.
    pub parse_errors: Vec<String>,
    /// Scenarios not run (`@wip`), by feature.
    pub skipped: BTreeMap<String, Vec<String>>,
}

/// The feature's path relative to `features/`, with `/` separators.
pub fn feature_key(path: Option<&Path>, name: &str) -> String {
    let Some(path) = path else {
        return name.to_string();
    };
    let parts: Vec<String> = path
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    match parts.iter().rposition(|p| p == "features") {
        Some(at) => parts[at + 1..].join("/"),
        None => parts.join("/"),
    }
}

impl Tally {
    /// Records a scenario the runner's filter left out (`@wip` upstream).
    pub fn note_skipped(&mut self, feature: String, scenario: String) {
        let names = self.skipped.entry(feature).or_default();
        if !names.contains(&scenario) {
            names.push(scenario);
        }
    }

    fn on_scenario<W>(&mut self, feature: String, scenario: String, event: event::Scenario<W>) {
        let key = (feature, scenario);
        match event {
            event::Scenario::Started => {
                self.running.insert(key, None);
            }
            event::Scenario::Step(step, event::Step::Failed(_, _, _, error))
            | event::Scenario::Background(step, event::Step::Failed(_, _, _, error)) => {
                self.fail(
                    &key,
                    format!("{} {}: {}", step.keyword.trim(), step.value, step_error(&error)),
                );
            }
            event::Scenario::Step(step, event::Step::Skipped)
            | event::Scenario::Background(step, event::Step::Skipped) => {
                self.fail(
                    &key,
                    format!(
                        "{} {}: no step definition matches",
                        step.keyword.trim(),
                        step.value
                    ),
                );
            }
            event::Scenario::Hook(kind, event::Hook::Failed(_, info)) => {
                self.fail(&key, format!("{kind:?} hook failed: {}", panic_text(&info)));
            }
            event::Scenario::Finished => {
                let failure = self.running.remove(&key).flatten();
                let outcome = failure.map_or(Outcome::Passed, Outcome::Failed);
                self.features.entry(key.0).or_default().insert(key.1, outcome);
            }
            _ => {}
        }
    }

    fn fail(&mut self, key: &(String, String), message: String) {
        // Bodies in messages may be binary: keep the text printable and short.
        let mut message: String = message
            .chars()
            .map(|c| if c.is_control() && c != '\n' { '.' } else { c })
            .take(2000)
            .collect();
        if message.chars().count() == 2000 {
            message.push('…');
        }
        let slot = self.running.entry(key.clone()).or_default();
        if slot.is_none() {
            *slot = Some(message);
        }
    }

    /// The verdict: counts per feature, failures (known with their reasons, unexpected with what
    /// failed) and whether the run passed.
    pub fn verdict(&self) -> Verdict {
        let mut report = String::new();
        let mut unexpected = 0;
        let mut stale = 0;
        let (mut total_passed, mut total_failed, mut total_known, mut total_skipped) = (0, 0, 0, 0);
        let _ = writeln!(report, "\nPact compatibility suite: scenarios per feature");
        let _ = writeln!(
            report,
            "{:<44} {:>6} {:>6} {:>7} {:>7}",
            "feature", "passed", "failed", "(known)", "skipped"
        );
        let mut features: Vec<&String> = self.features.keys().chain(self.skipped.keys()).collect();
        features.sort();
        features.dedup();
        let mut notes = String::new();
        for feature in features {
            let scenarios = self.features.get(feature.as_str());
            let skipped = self.skipped.get(feature.as_str()).map_or(0, Vec::len);
            let (mut passed, mut failed, mut known) = (0, 0, 0);
            for (name, outcome) in scenarios.into_iter().flatten() {
                let listed = self
                    .extra_known
                    .iter()
                    .find(|k| k.feature == feature.as_str() && k.scenario == name.as_str())
                    .or_else(|| known_failure(feature, name));
                match (outcome, listed) {
                    (Outcome::Passed, None) => passed += 1,
                    (Outcome::Passed, Some(k)) => {
                        passed += 1;
                        if k.why == Why::Deliberate {
                            stale += 1;
                        }
                        let _ = writeln!(
                            notes,
                            "NOW PASSES (take it off the known failures): {feature}: {name} [{}]",
                            k.reason
                        );
                    }
                    (Outcome::Failed(why), Some(k)) => {
                        failed += 1;
                        known += 1;
                        let _ = writeln!(
                            notes,
                            "known failure: {feature}: {name}\n    reason: {}\n    failed at: {why}",
                            k.reason
                        );
                    }
                    (Outcome::Failed(why), None) => {
                        failed += 1;
                        unexpected += 1;
                        let _ = writeln!(notes, "FAILED: {feature}: {name}\n    {why}");
                    }
                }
            }
            total_passed += passed;
            total_failed += failed;
            total_known += known;
            total_skipped += skipped;
            let _ = writeln!(
                report,
                "{feature:<44} {passed:>6} {failed:>6} {:>7} {skipped:>7}",
                format!("({known})")
            );
        }
        let _ = writeln!(
            report,
            "{:<44} {total_passed:>6} {total_failed:>6} {:>7} {total_skipped:>7}",
            "total",
            format!("({total_known})")
        );
        for error in &self.parse_errors {
            let _ = writeln!(notes, "PARSE ERROR: {error}");
        }
        for (feature, names) in &self.skipped {
            for name in names {
                let _ = writeln!(notes, "skipped (@wip upstream): {feature}: {name}");
            }
        }
        report.push('\n');
        report.push_str(&notes);
        Verdict {
            report,
            passed: total_passed,
            failed: total_failed,
            known: total_known,
            skipped: total_skipped,
            ok: unexpected == 0
                && stale == 0
                && self.parse_errors.is_empty()
                && total_passed + total_failed > 0,
        }
    }
}

/// The outcome of a run, see [`Tally::verdict`].
#[derive(Debug, Clone)]
pub struct Verdict {
    /// Counts per feature and the notes on every failure, for printing.
    pub report: String,
    /// Scenarios passed.
    pub passed: usize,
    /// Scenarios failed (known or not).
    pub failed: usize,
    /// Of those, known failures.
    pub known: usize,
    /// Scenarios not run (`@wip`).
    pub skipped: usize,
    /// Whether the run passed: every failure known, no deliberate known failure passing, no parse
    /// error.
    pub ok: bool,
}

fn step_error(error: &event::StepError) -> String {
    match error {
        event::StepError::Panic(info) => panic_text(info),
        other => other.to_string(),
    }
}

fn panic_text(info: &event::Info) -> String {
    if let Some(text) = info.downcast_ref::<String>() {
        text.clone()
    } else if let Some(text) = info.downcast_ref::<&str>() {
        (*text).to_string()
    } else {
        "(a panic without a message)".into()
    }
}

impl<W: World> Writer<W> for Tally {
    type Cli = cli::Empty;

    async fn handle_event(&mut self, event: parser::Result<Event<event::Cucumber<W>>>, _cli: &Self::Cli) {
        let event = match event {
            Ok(event) => event.value,
            Err(error) => {
                self.parse_errors.push(error.to_string());
                return;
            }
        };
        if let event::Cucumber::Feature(feature, event) = event {
            let key = feature_key(feature.path.as_deref(), &feature.name);
            match event {
                event::Feature::Scenario(scenario, retryable) => {
                    self.on_scenario(key, scenario.name.clone(), retryable.event);
                }
                event::Feature::Rule(_, event::Rule::Scenario(scenario, retryable)) => {
                    self.on_scenario(key, scenario.name.clone(), retryable.event);
                }
                _ => {}
            }
        }
    }
}

// Events of one scenario are keyed by feature and scenario, so their interleaving with other
// scenarios' events does not matter.
impl writer::Normalized for Tally {}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::known_failures::KnownFailure;

    /// A known failure of a made-up scenario, for the tests of the tally.
    fn listed(why: Why) -> KnownFailure {
        KnownFailure {
            feature: "V9/made_up.feature",
            scenario: "a scenario we fail",
            why,
            reason: "a reason in words",
        }
    }

    fn tally(outcomes: &[(&str, &str, Outcome)]) -> Tally {
        let mut tally = Tally::default();
        for (feature, scenario, outcome) in outcomes {
            tally
                .features
                .entry((*feature).to_string())
                .or_default()
                .insert((*scenario).to_string(), outcome.clone());
        }
        tally
    }

    #[test]
    fn counts_per_feature_and_fails_on_an_unknown_failure() {
        let mut t = tally(&[
            ("V1/a.feature", "one", Outcome::Passed),
            ("V1/a.feature", "two", Outcome::Failed("Then x: boom".into())),
            ("V2/b.feature", "three", Outcome::Passed),
        ]);
        t.note_skipped("V2/b.feature".into(), "wip one".into());
        let verdict = t.verdict();
        assert_eq!(
            (verdict.passed, verdict.failed, verdict.known, verdict.skipped),
            (2, 1, 0, 1)
        );
        assert!(!verdict.ok);
        assert!(
            verdict.report.contains("FAILED: V1/a.feature: two"),
            "{}",
            verdict.report
        );
        assert!(
            verdict
                .report
                .contains("skipped (@wip upstream): V2/b.feature: wip one")
        );
    }

    #[test]
    fn a_known_failure_is_printed_with_its_reason_and_does_not_fail_the_run() {
        let known = listed(Why::Deliberate);
        let mut tally = tally(&[(
            known.feature,
            known.scenario,
            Outcome::Failed("Then y: no".into()),
        )]);
        tally.extra_known.push(known);
        let verdict = tally.verdict();
        assert_eq!((verdict.failed, verdict.known), (1, 1));
        assert!(verdict.ok, "{}", verdict.report);
        assert!(verdict.report.contains(known.reason), "{}", verdict.report);
    }

    #[test]
    fn a_pending_known_failure_that_passes_is_reported_without_failing() {
        let known = listed(Why::PendingChange);
        let mut tally = tally(&[(known.feature, known.scenario, Outcome::Passed)]);
        tally.extra_known.push(known);
        let verdict = tally.verdict();
        assert!(verdict.ok);
        assert!(verdict.report.contains("NOW PASSES"), "{}", verdict.report);
    }

    #[test]
    fn an_empty_run_fails() {
        assert!(!Tally::default().verdict().ok);
    }

    #[test]
    fn feature_keys_are_relative_to_the_features_folder() {
        let path = Path::new("/x/compatibility-suite/features/V3/matching_rules.feature");
        assert_eq!(feature_key(Some(path), "F"), "V3/matching_rules.feature");
        assert_eq!(feature_key(None, "F"), "F");
    }
}
