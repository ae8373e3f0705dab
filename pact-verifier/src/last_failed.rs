//! `--last-failed`: which interactions failed in the previous run, read from its JSON report.

use std::path::Path;

use serde_json::Value;

/// The interactions that failed in a previous run, as its JSON report lists them.
///
/// Both our JSON report and the reference verifier's are understood: ours names each failed
/// interaction with its consumer (`pacts[].interactions[]` with `"success": false`); the
/// reference's only by description (`interactionResults[]` whose `result` is not `OK`).
///
/// ```
/// use pact_verifier::LastFailed;
/// let report = serde_json::json!({"interactionResults": [
///     {"description": "a request for user 42", "result": "Error"},
///     {"description": "a health check", "result": "OK"}
/// ]});
/// let failed = LastFailed::from_report(&report);
/// assert!(failed.includes("OrderWeb", "a request for user 42"));
/// assert!(!failed.includes("OrderWeb", "a health check"));
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LastFailed {
    /// `(consumer, description)`; no consumer when the report did not name it.
    failed: Vec<(Option<String>, String)>,
}

impl LastFailed {
    /// Reads the JSON report at `path`. A missing file means nothing failed before is known:
    /// `Ok(None)`, and everything is verified.
    ///
    /// ```
    /// use pact_verifier::LastFailed;
    /// let dir = tempfile::tempdir().unwrap();
    /// let report = dir.path().join("report.json");
    /// assert_eq!(LastFailed::read(&report), Ok(None), "no previous run");
    /// std::fs::write(&report, r#"{"pacts": [{"consumer": "OrderWeb", "interactions": [
    ///     {"description": "a request for user 42", "success": false}]}]}"#).unwrap();
    /// let failed = LastFailed::read(&report).unwrap().unwrap();
    /// assert_eq!(failed.len(), 1);
    /// assert!(failed.includes("OrderWeb", "a request for user 42"));
    /// assert!(!failed.includes("MobileApp", "a request for user 42"));
    /// ```
    pub fn read(path: &Path) -> Result<Option<LastFailed>, String> {
        let text = match std::fs::read_to_string(path) {
            Ok(text) => text,
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(None),
            Err(e) => {
                return Err(format!(
                    "could not read the previous JSON report {}: {e}",
                    path.display()
                ));
            }
        };
        let report: Value = serde_json::from_str(&text)
            .map_err(|e| format!("the previous JSON report {} is not JSON: {e}", path.display()))?;
        Ok(Some(LastFailed::from_report(&report)))
    }

    /// The failed interactions of a parsed JSON report.
    pub fn from_report(report: &Value) -> LastFailed {
        let mut failed = Vec::new();
        if let Some(pacts) = report.get("pacts").and_then(Value::as_array) {
            for pact in pacts {
                let consumer = pact.get("consumer").and_then(Value::as_str).map(str::to_string);
                let interactions = pact.get("interactions").and_then(Value::as_array);
                for interaction in interactions.into_iter().flatten() {
                    let passed = interaction.get("success").and_then(Value::as_bool) == Some(true);
                    if let (false, Some(description)) =
                        (passed, interaction.get("description").and_then(Value::as_str))
                    {
                        failed.push((consumer.clone(), description.to_string()));
                    }
                }
            }
        } else if let Some(results) = report.get("interactionResults").and_then(Value::as_array) {
            for result in results {
                let ok = result
                    .get("result")
                    .and_then(Value::as_str)
                    .is_some_and(|r| r.eq_ignore_ascii_case("ok"));
                if let (false, Some(description)) = (ok, result.get("description").and_then(Value::as_str)) {
                    failed.push((None, description.to_string()));
                }
            }
        }
        LastFailed { failed }
    }

    /// Whether the interaction `description` of `consumer`'s pact failed last time.
    pub fn includes(&self, consumer: &str, description: &str) -> bool {
        self.failed
            .iter()
            .any(|(c, d)| d == description && c.as_deref().is_none_or(|c| c == consumer))
    }

    /// How many interactions failed last time.
    pub fn len(&self) -> usize {
        self.failed.len()
    }

    /// Whether nothing failed last time.
    pub fn is_empty(&self) -> bool {
        self.failed.is_empty()
    }
}
