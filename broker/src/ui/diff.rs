//! The diff page's view of what changed between two versions of a pact: the broker's one diff
//! engine ([`crate::domain::pact_diff`]) laid out for reading, changed and removed interactions
//! in the older pact's order, then added ones, then the document's other fields.
//!
//! ```
//! use pact_broker::ui::diff::{ChangeKind, PactDiff};
//! let old = r#"{"interactions": [{"description": "get user", "response": {"status": 200}},
//!                                {"description": "delete user", "response": {"status": 204}}]}"#;
//! let new = r#"{"interactions": [{"description": "get user", "response": {"status": 404}},
//!                                {"description": "list users", "response": {"status": 200}}]}"#;
//! let diff = PactDiff::between(old, new).unwrap();
//! let kinds: Vec<(ChangeKind, &str)> = diff.changes.iter().map(|c| (c.kind, c.title.as_str())).collect();
//! assert_eq!(kinds, [(ChangeKind::Changed, "get user"), (ChangeKind::Removed, "delete user"),
//!                    (ChangeKind::Added, "list users")]);
//! assert!(diff.to_text().contains("-    \"status\": 200"));
//! ```

use serde_json::Value;

use crate::domain::pact_diff;
pub use crate::domain::pact_diff::{ChangeKind, DiffLine};

/// One changed interaction (or the document's other fields).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// Added, removed or changed.
    pub kind: ChangeKind,
    /// The interaction's description (with its provider states), or `Other fields`.
    pub title: String,
    /// The lines, with three lines of context around changes.
    pub lines: Vec<DiffLine>,
}

/// The differences between two pacts, as the diff page shows them.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PactDiff {
    /// Changed interactions: changed and removed ones in the older pact's order, then added ones.
    pub changes: Vec<Change>,
    /// How many interactions are the same in both.
    pub unchanged: usize,
}

/// Why two pacts cannot be compared.
#[derive(Debug, thiserror::Error)]
#[error("stored pact content is not JSON: {0}")]
pub struct DiffError(#[from] serde_json::Error);

impl PactDiff {
    /// Compares two stored pact documents (older first).
    pub fn between(old: &str, new: &str) -> Result<PactDiff, DiffError> {
        let old: Value = serde_json::from_str(old)?;
        let new: Value = serde_json::from_str(new)?;
        Ok(PactDiff::from(&pact_diff::PactDiff::between_documents(
            &old, &new,
        )))
    }

    /// Whether the two pacts are the same.
    pub fn is_empty(&self) -> bool {
        self.changes.is_empty()
    }

    /// The diff as plain text (for API clients asking for the diff resource without HTML).
    pub fn to_text(&self) -> String {
        let mut out = String::new();
        if self.changes.is_empty() {
            out.push_str("No differences\n");
        }
        for change in &self.changes {
            out.push_str(&format!(
                "## {} interaction: {}\n",
                change.kind.label(),
                change.title
            ));
            for line in &change.lines {
                if line.sign == '…' {
                    out.push_str("@@\n");
                } else {
                    out.push_str(&format!("{}{}\n", line.sign, line.text));
                }
            }
            out.push('\n');
        }
        out.push_str(&format!("{} interaction(s) unchanged\n", self.unchanged));
        out
    }
}

impl From<&pact_diff::PactDiff> for PactDiff {
    /// Lays the engine's diff out for the page.
    fn from(diff: &pact_diff::PactDiff) -> PactDiff {
        let mut in_old: Vec<&pact_diff::InteractionChange> = diff
            .interactions
            .iter()
            .filter(|c| c.detail().old_position.is_some())
            .collect();
        in_old.sort_by_key(|c| c.detail().old_position);
        let added = diff
            .interactions
            .iter()
            .filter(|c| c.detail().old_position.is_none());
        let mut changes: Vec<Change> = in_old
            .into_iter()
            .chain(added)
            .map(|c| Change {
                kind: c.kind(),
                title: c.detail().title.clone(),
                lines: c.detail().lines.clone(),
            })
            .collect();
        if !diff.other_fields.is_empty() {
            changes.push(Change {
                kind: ChangeKind::Changed,
                title: "Other fields".into(),
                lines: diff.other_fields.clone(),
            });
        }
        PactDiff {
            changes,
            unchanged: diff.unchanged,
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::Map;

    use super::*;

    #[test]
    fn identical_pacts_have_no_changes() {
        let doc = r#"{"consumer": {"name": "a"}, "interactions": [{"description": "x"}]}"#;
        let diff = PactDiff::between(doc, doc).expect("json");
        assert!(diff.is_empty());
        assert_eq!(diff.unchanged, 1);
        assert!(diff.to_text().starts_with("No differences"));
    }

    #[test]
    fn provider_states_tell_interactions_apart() {
        let old = r#"{"interactions": [{"description": "get", "providerState": "exists", "n": 1}]}"#;
        let new =
            r#"{"interactions": [{"description": "get", "providerStates": [{"name": "missing"}], "n": 1}]}"#;
        let diff = PactDiff::between(old, new).expect("json");
        let titles: Vec<&str> = diff.changes.iter().map(|c| c.title.as_str()).collect();
        assert_eq!(titles, ["get (given exists)", "get (given missing)"]);
    }

    #[test]
    fn metadata_changes_are_reported_apart() {
        let old = r#"{"interactions": [], "metadata": {"v": 1}}"#;
        let new = r#"{"interactions": [], "metadata": {"v": 2}}"#;
        let diff = PactDiff::between(old, new).expect("json");
        assert_eq!(diff.changes[0].title, "Other fields");
        assert!(
            diff.changes[0]
                .lines
                .iter()
                .any(|l| l.sign == '+' && l.text.contains('2'))
        );
    }

    #[test]
    fn long_unchanged_stretches_are_elided() {
        let body: Map<String, Value> = (0..40).map(|i| (format!("k{i:02}"), Value::from(i))).collect();
        let mut changed = body.clone();
        changed.insert("k00".into(), Value::from(-1));
        changed.insert("k39".into(), Value::from(-1));
        let doc = |b: &Map<String, Value>| {
            serde_json::json!({"interactions": [{"description": "d", "body": b}]}).to_string()
        };
        let diff = PactDiff::between(&doc(&body), &doc(&changed)).expect("json");
        let lines = &diff.changes[0].lines;
        assert!(lines.iter().any(|l| l.sign == '…'));
        assert!(lines.len() < 30);
    }
}
