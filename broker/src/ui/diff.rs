//! Interaction-level differences between two versions of a pact.
//!
//! Interactions (and messages) are paired by description and provider states, the way a reader
//! thinks of them; a pair whose JSON differs is shown as a line diff of its pretty JSON, and
//! interactions present on one side only are added or removed. Anything else in the document
//! (metadata, other top-level fields) is compared as one more section.
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

use serde_json::{Map, Value};
use similar::{ChangeTag, TextDiff};

/// What happened to an interaction.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeKind {
    /// Only in the newer pact.
    Added,
    /// Only in the older pact.
    Removed,
    /// In both, with different content.
    Changed,
}

impl ChangeKind {
    /// The word shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            ChangeKind::Added => "added",
            ChangeKind::Removed => "removed",
            ChangeKind::Changed => "changed",
        }
    }
}

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    /// `+`, `-` or ` `; `…` marks skipped unchanged lines.
    pub sign: char,
    /// The line without its newline.
    pub text: String,
}

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

/// The differences between two pacts.
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

fn title_of(interaction: &Value) -> String {
    let description = interaction
        .get("description")
        .and_then(Value::as_str)
        .unwrap_or("(no description)");
    let mut states: Vec<String> = Vec::new();
    if let Some(s) = interaction.get("providerState").and_then(Value::as_str) {
        states.push(s.to_string());
    }
    if let Some(list) = interaction.get("providerStates").and_then(Value::as_array) {
        states.extend(
            list.iter()
                .filter_map(|s| s.get("name").and_then(Value::as_str))
                .map(str::to_string),
        );
    }
    if states.is_empty() {
        description.to_string()
    } else {
        format!("{description} (given {})", states.join(", "))
    }
}

fn interactions(doc: &Value) -> Vec<Value> {
    ["interactions", "messages"]
        .iter()
        .filter_map(|k| doc.get(*k).and_then(Value::as_array))
        .flatten()
        .cloned()
        .collect()
}

fn other_fields(doc: &Value) -> Value {
    let mut rest = doc.as_object().cloned().unwrap_or_else(Map::new);
    rest.remove("interactions");
    rest.remove("messages");
    Value::Object(rest)
}

fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

fn line_diff(old: &str, new: &str) -> Vec<DiffLine> {
    let diff = TextDiff::from_lines(old, new);
    let mut lines = Vec::new();
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            lines.push(DiffLine {
                sign: '…',
                text: String::new(),
            });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                    ChangeTag::Equal => ' ',
                };
                lines.push(DiffLine {
                    sign,
                    text: change.value().trim_end_matches('\n').to_string(),
                });
            }
        }
    }
    lines
}

fn whole(sign: char, value: &Value) -> Vec<DiffLine> {
    pretty(value)
        .lines()
        .map(|l| DiffLine {
            sign,
            text: l.to_string(),
        })
        .collect()
}

impl PactDiff {
    /// Compares two stored pact documents (older first).
    pub fn between(old: &str, new: &str) -> Result<PactDiff, DiffError> {
        let old: Value = serde_json::from_str(old)?;
        let new: Value = serde_json::from_str(new)?;
        let mut remaining: Vec<(String, Value)> = interactions(&new)
            .into_iter()
            .map(|i| (title_of(&i), i))
            .collect();
        let mut diff = PactDiff::default();
        for before in interactions(&old) {
            let title = title_of(&before);
            match remaining.iter().position(|(t, _)| *t == title) {
                Some(at) => {
                    let (_, after) = remaining.remove(at);
                    if after == before {
                        diff.unchanged += 1;
                    } else {
                        diff.changes.push(Change {
                            kind: ChangeKind::Changed,
                            title,
                            lines: line_diff(&pretty(&before), &pretty(&after)),
                        });
                    }
                }
                None => diff.changes.push(Change {
                    kind: ChangeKind::Removed,
                    title,
                    lines: whole('-', &before),
                }),
            }
        }
        for (title, after) in remaining {
            diff.changes.push(Change {
                kind: ChangeKind::Added,
                title,
                lines: whole('+', &after),
            });
        }
        let (old_rest, new_rest) = (other_fields(&old), other_fields(&new));
        if old_rest != new_rest {
            diff.changes.push(Change {
                kind: ChangeKind::Changed,
                title: "Other fields".into(),
                lines: line_diff(&pretty(&old_rest), &pretty(&new_rest)),
            });
        }
        Ok(diff)
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

#[cfg(test)]
mod tests {
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
