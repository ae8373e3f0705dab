//! What changed between two versions of a pact: the broker's one diff engine, which the HAL diff
//! resources serve (in words) and the UI's diff page renders (as line diffs).
//!
//! Interactions are paired by [`pact_core::Interaction::identity`] (kind, description and
//! provider states), the rule the consumer's and the broker's merges use too; a pair whose JSON
//! differs is changed, described in words (method, path, query, headers, status, body fields,
//! matchers, message contents and metadata; bodies field by field where both are JSON) and as
//! a line diff of its pretty JSON. Interactions on one side only are added or removed. The rest
//! of the document (metadata, other top-level fields) is compared as lines apart.
//!
//! ```
//! use pact_broker::domain::pact_diff::diff_pacts;
//!
//! let old = r#"{"consumer": {"name": "Web"}, "provider": {"name": "Users"},
//!   "interactions": [{"description": "a request for user 42",
//!     "request": {"method": "GET", "path": "/users/42"},
//!     "response": {"status": 200, "body": {"id": 42, "email": "a@b.c"},
//!       "matchingRules": {"body": {"$.id": {"matchers": [{"match": "type"}]}}}}}],
//!   "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#;
//! let new = r#"{"consumer": {"name": "Web"}, "provider": {"name": "Users"},
//!   "interactions": [{"description": "a request for user 42",
//!     "request": {"method": "GET", "path": "/users/42"},
//!     "response": {"status": 201, "body": {"id": 42},
//!       "matchingRules": {"body": {"$.id": {"matchers": [{"match": "integer"}]}}}}}],
//!   "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#;
//!
//! let diff = diff_pacts(old, new).unwrap();
//! assert_eq!(
//!     diff.sentences(),
//!     vec!["interaction 'a request for user 42' changed: response.status 200 → 201; \
//!           response.body $.email removed; response.body matcher at $.id: type → integer"]
//! );
//! ```

use std::fmt;

use pact_core::format::{read_interaction_outline, read_pact_value};
use pact_core::{Interaction, Pact, PactError};
use serde_json::{Map, Value};

mod lines;
mod words;

pub use lines::DiffLine;
use lines::{line_diff, whole};
use words::compare_interactions;

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

/// Where an added, removed or changed interaction stands, and its lines.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ChangeDetail {
    /// Its identity as shown: the description with the provider states' names
    /// (`get user (given user 42 exists)`).
    pub title: String,
    /// Its place among the older pact's interactions (then `messages`), if it is there.
    pub old_position: Option<usize>,
    /// Its place among the newer pact's interactions (then `messages`), if it is there.
    pub new_position: Option<usize>,
    /// A line diff of its pretty JSON (every line, for an added or removed one).
    pub lines: Vec<DiffLine>,
}

/// How one interaction differs between the two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InteractionChange {
    /// Only in the newer pact.
    Added {
        /// Its description.
        description: String,
        /// Its title, places and lines.
        detail: ChangeDetail,
    },
    /// Only in the older pact.
    Removed {
        /// Its description.
        description: String,
        /// Its title, places and lines.
        detail: ChangeDetail,
    },
    /// In both, with differences.
    Changed {
        /// Its description.
        description: String,
        /// Each difference in words (`response.status 200 → 201`).
        changes: Vec<String>,
        /// Its title, places and lines.
        detail: ChangeDetail,
    },
}

impl InteractionChange {
    /// Added, removed or changed.
    pub fn kind(&self) -> ChangeKind {
        match self {
            InteractionChange::Added { .. } => ChangeKind::Added,
            InteractionChange::Removed { .. } => ChangeKind::Removed,
            InteractionChange::Changed { .. } => ChangeKind::Changed,
        }
    }

    /// The interaction's description.
    pub fn description(&self) -> &str {
        match self {
            InteractionChange::Added { description, .. }
            | InteractionChange::Removed { description, .. }
            | InteractionChange::Changed { description, .. } => description,
        }
    }

    /// Its title, places and lines.
    pub fn detail(&self) -> &ChangeDetail {
        match self {
            InteractionChange::Added { detail, .. }
            | InteractionChange::Removed { detail, .. }
            | InteractionChange::Changed { detail, .. } => detail,
        }
    }
}

impl fmt::Display for InteractionChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let description = self.description();
        match self {
            InteractionChange::Added { .. } => write!(f, "interaction '{description}' added"),
            InteractionChange::Removed { .. } => write!(f, "interaction '{description}' removed"),
            InteractionChange::Changed { changes, .. } => {
                write!(f, "interaction '{description}' changed: {}", changes.join("; "))
            }
        }
    }
}

/// The differences between two versions of a pact.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PactDiff {
    /// One entry per interaction that was added, removed or changed, in the newer pact's order
    /// (removed ones last, in the older pact's order).
    pub interactions: Vec<InteractionChange>,
    /// How many interactions are the same in both.
    pub unchanged: usize,
    /// A line diff of the rest of the document (metadata, other top-level fields); empty when
    /// the rest is the same.
    pub other_fields: Vec<DiffLine>,
}

/// The words for a pair whose JSON differs in nothing the model reads (comments, unknown fields),
/// or whose pacts cannot be read as a whole.
const OTHER_CHANGES: &str = "its JSON changed (see the line diff)";

impl PactDiff {
    /// Compares two pact documents (older first). Interactions are paired by their identity
    /// read from the JSON, so this works on any JSON a broker stores; the changes are put in
    /// words where both documents read as pacts.
    ///
    /// ```
    /// use pact_broker::domain::pact_diff::{ChangeKind, PactDiff};
    /// use serde_json::json;
    /// let old = json!({"interactions": [{"description": "get", "providerState": "exists", "response": {"status": 200}}]});
    /// let new = json!({"interactions": [{"description": "get", "providerStates": [{"name": "exists"}], "response": {"status": 404}}]});
    /// let diff = PactDiff::between_documents(&old, &new);
    /// assert_eq!(diff.interactions[0].kind(), ChangeKind::Changed);
    /// assert_eq!(diff.interactions[0].detail().title, "get (given exists)");
    /// ```
    pub fn between_documents(old: &Value, new: &Value) -> PactDiff {
        let old_pact = read_pact_value(old).ok();
        let new_pact = read_pact_value(new).ok();
        compare((old, old_pact.as_ref()), (new, new_pact.as_ref()))
    }

    /// Whether no interaction changed (the rest of the document may have).
    pub fn is_empty(&self) -> bool {
        self.interactions.is_empty()
    }

    /// One sentence per added, removed or changed interaction.
    pub fn sentences(&self) -> Vec<String> {
        self.interactions.iter().map(ToString::to_string).collect()
    }

    /// The diff as the wire's `changes`: `{"added": [...], "removed": [...],
    /// "changed": [{"description", "changes"}], "sentences": [...]}`.
    pub fn to_wire(&self) -> pact_broker_api::PactChanges {
        let mut wire = pact_broker_api::PactChanges {
            sentences: self.sentences(),
            ..Default::default()
        };
        for change in &self.interactions {
            match change {
                InteractionChange::Added { description, .. } => wire.added.push(description.clone()),
                InteractionChange::Removed { description, .. } => wire.removed.push(description.clone()),
                InteractionChange::Changed {
                    description, changes, ..
                } => wire.changed.push(pact_broker_api::ChangedInteraction {
                    description: description.clone(),
                    changes: changes.clone(),
                }),
            }
        }
        wire
    }
}

impl fmt::Display for PactDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_empty() {
            return writeln!(f, "No changes.");
        }
        for sentence in self.sentences() {
            writeln!(f, "{sentence}")?;
        }
        Ok(())
    }
}

/// Reads two pact texts (both must read as pacts) and compares them.
pub fn diff_pacts(old: &str, new: &str) -> Result<PactDiff, PactError> {
    let old_json: Value = serde_json::from_str(old.strip_prefix('\u{feff}').unwrap_or(old))?;
    let new_json: Value = serde_json::from_str(new.strip_prefix('\u{feff}').unwrap_or(new))?;
    let old_pact = read_pact_value(&old_json)?;
    let new_pact = read_pact_value(&new_json)?;
    Ok(compare(
        (&old_json, Some(&old_pact)),
        (&new_json, Some(&new_pact)),
    ))
}

/// The interactions of a pact document as written: `interactions`, then `messages` (the order
/// pact-core reads them in).
fn written_interactions(doc: &Value) -> Vec<&Value> {
    ["interactions", "messages"]
        .iter()
        .filter_map(|k| doc.get(*k).and_then(Value::as_array))
        .flatten()
        .collect()
}

/// The document without its interactions.
fn other_fields(doc: &Value) -> Value {
    let mut rest = doc.as_object().cloned().unwrap_or_else(Map::new);
    rest.remove("interactions");
    rest.remove("messages");
    Value::Object(rest)
}

/// One side of a comparison: the JSON, and the pact read from it when it reads.
type Side<'a> = (&'a Value, Option<&'a Pact>);

/// The read interactions of `pact`, when they stand one for one beside the written ones.
fn read_alongside(pact: Option<&Pact>, count: usize) -> Option<&[Interaction]> {
    pact.filter(|p| p.interactions.len() == count)
        .map(|p| p.interactions.as_slice())
}

/// The engine: pairs the written interactions of both sides by identity, then describes each
/// pair that differs in words (from the read pacts) and lines (from the JSON).
fn compare((old, old_pact): Side<'_>, (new, new_pact): Side<'_>) -> PactDiff {
    let old_items = written_interactions(old);
    let new_items = written_interactions(new);
    let old_read = read_alongside(old_pact, old_items.len());
    let new_read = read_alongside(new_pact, new_items.len());
    let old_outlines: Vec<Interaction> = old_items.iter().map(|v| read_interaction_outline(v)).collect();
    let mut unmatched: Vec<bool> = vec![true; old_items.len()];
    let mut diff = PactDiff::default();
    for (at, after) in new_items.iter().enumerate() {
        let outline = read_interaction_outline(after);
        let identity = outline.identity();
        let description = identity.description.to_string();
        let title = identity.to_string();
        let partner = (0..old_items.len()).find(|&i| unmatched[i] && old_outlines[i].identity() == identity);
        let Some(before_at) = partner else {
            diff.interactions.push(InteractionChange::Added {
                description,
                detail: ChangeDetail {
                    title,
                    old_position: None,
                    new_position: Some(at),
                    lines: whole('+', after),
                },
            });
            continue;
        };
        unmatched[before_at] = false;
        let before = old_items[before_at];
        if before == *after {
            diff.unchanged += 1;
            continue;
        }
        let mut changes = match (old_read, new_read) {
            (Some(o), Some(n)) => compare_interactions(&o[before_at], &n[at]),
            _ => Vec::new(),
        };
        if changes.is_empty() {
            changes.push(OTHER_CHANGES.to_string());
        }
        diff.interactions.push(InteractionChange::Changed {
            description,
            changes,
            detail: ChangeDetail {
                title,
                old_position: Some(before_at),
                new_position: Some(at),
                lines: line_diff(before, after),
            },
        });
    }
    for (at, before) in old_items.iter().enumerate().filter(|(i, _)| unmatched[*i]) {
        let identity = old_outlines[at].identity();
        diff.interactions.push(InteractionChange::Removed {
            description: identity.description.to_string(),
            detail: ChangeDetail {
                title: identity.to_string(),
                old_position: Some(at),
                new_position: None,
                lines: whole('-', before),
            },
        });
    }
    let (old_rest, new_rest) = (other_fields(old), other_fields(new));
    if old_rest != new_rest {
        diff.other_fields = line_diff(&old_rest, &new_rest);
    }
    diff
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn pact(interactions: Value) -> String {
        json!({
            "consumer": {"name": "Web"}, "provider": {"name": "Users"},
            "interactions": interactions,
            "metadata": {"pactSpecification": {"version": "3.0.0"}}
        })
        .to_string()
    }

    fn get(description: &str, response: Value) -> Value {
        json!({"description": description, "request": {"method": "GET", "path": "/users/42"}, "response": response})
    }

    #[test]
    fn added_removed_and_unchanged_interactions() {
        let old = pact(json!([
            get("a", json!({"status": 200})),
            get("b", json!({"status": 200}))
        ]));
        let new = pact(json!([
            get("a", json!({"status": 200})),
            get("c", json!({"status": 404}))
        ]));
        let diff = diff_pacts(&old, &new).unwrap();
        assert_eq!(
            diff.sentences(),
            vec!["interaction 'c' added", "interaction 'b' removed"]
        );
        assert!(diff_pacts(&old, &old).unwrap().is_empty());
    }

    #[test]
    fn fields_headers_query_and_matchers_in_words() {
        let old = pact(json!([{
            "description": "a search",
            "request": {"method": "GET", "path": "/users", "query": "page=1"},
            "response": {"status": 200, "headers": {"Content-Type": "application/json"},
              "body": {"items": [{"id": 1, "name": "A"}], "total": 1},
              "matchingRules": {"body": {"$.items": {"matchers": [{"match": "type", "min": 1}]}}}}
        }]));
        let new = pact(json!([{
            "description": "a search",
            "request": {"method": "GET", "path": "/users", "query": "page=2&size=10"},
            "response": {"status": 200, "headers": {"Content-Type": "application/json", "X-Total": "1"},
              "body": {"items": [{"id": "1"}], "total": 1, "next": null},
              "matchingRules": {"body": {
                "$.items": {"matchers": [{"match": "type", "min": 2}]},
                "$.total": {"matchers": [{"match": "integer"}]}}}}
        }]));
        let diff = diff_pacts(&old, &new).unwrap();
        let InteractionChange::Changed { changes, .. } = &diff.interactions[0] else {
            panic!("{diff}")
        };
        assert_eq!(
            changes,
            &vec![
                "request.query page 1 → 2".to_string(),
                "request.query size added (10)".into(),
                "response.header X-Total added (1)".into(),
                "response.body $.items[0].id changed from number to string".into(),
                "response.body $.items[0].name removed".into(),
                "response.body $.next added".into(),
                "response.body matcher at $.items: type (min 1) → type (min 2)".into(),
                "response.body matcher at $.total added (integer)".into(),
            ]
        );
    }

    #[test]
    fn message_contents_and_kind_changes() {
        let old = json!({"consumer": {"name": "Web"}, "provider": {"name": "Users"},
            "messages": [{"description": "an event", "contents": {"id": 1}, "metaData": {"topic": "a"}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}})
        .to_string();
        let new = json!({"consumer": {"name": "Web"}, "provider": {"name": "Users"},
            "messages": [{"description": "an event", "contents": {"id": 1, "at": "now"}, "metaData": {"topic": "b"}}],
            "metadata": {"pactSpecification": {"version": "3.0.0"}}})
        .to_string();
        assert_eq!(
            diff_pacts(&old, &new).unwrap().sentences(),
            vec![
                "interaction 'an event' changed: message.contents $.at added; message.metadata $.topic \"a\" → \"b\""
            ]
        );
    }

    /// The HAL diff resource and the UI's diff page pair interactions by the same rule
    /// ([`pact_core::Interaction::identity`]): an interaction whose provider state changed is
    /// another interaction for both, not a change for one and a removal and an addition for the
    /// other.
    #[test]
    fn the_api_and_the_ui_pair_interactions_alike() {
        let given = |state: &str| {
            let mut interaction = get("a request for user 42", json!({"status": 200}));
            interaction["providerStates"] = json!([{"name": state}]);
            interaction
        };
        let old = pact(json!([given("user 42 exists")]));
        let new = pact(json!([given("user 42 is archived")]));
        let api = diff_pacts(&old, &new).unwrap();
        assert_eq!(
            api.sentences(),
            vec![
                "interaction 'a request for user 42' added",
                "interaction 'a request for user 42' removed"
            ]
        );
        let titles: Vec<&str> = api
            .interactions
            .iter()
            .map(|c| c.detail().title.as_str())
            .collect();
        assert_eq!(
            titles,
            [
                "a request for user 42 (given user 42 is archived)",
                "a request for user 42 (given user 42 exists)"
            ]
        );
        let ui = crate::ui::diff::PactDiff::between(&old, &new).unwrap();
        let ui: Vec<(&str, &str)> = ui
            .changes
            .iter()
            .map(|c| (c.kind.label(), c.title.as_str()))
            .collect();
        assert_eq!(
            ui,
            [
                ("removed", "a request for user 42 (given user 42 exists)"),
                ("added", "a request for user 42 (given user 42 is archived)")
            ]
        );
    }

    #[test]
    fn long_lists_of_changes_are_capped() {
        let fields: Map<String, Value> = (0..40).map(|i| (format!("f{i}"), json!(i))).collect();
        let old = pact(json!([get("a", json!({"status": 200, "body": fields}))]));
        let new = pact(json!([get("a", json!({"status": 200, "body": {}}))]));
        let diff = diff_pacts(&old, &new).unwrap();
        let text = diff.to_string();
        assert!(text.contains("and 15 more change(s)"), "{text}");
    }
}
