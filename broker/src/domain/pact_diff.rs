//! What changed between two versions of a pact, in words: interactions added, removed and
//! changed (method, path, query, headers, status, body fields, matchers, message contents and
//! metadata).
//!
//! Interactions are paired by description (and, for repeated descriptions, by order). Bodies are
//! compared as JSON where both are JSON, field by field; other bodies as text.
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

use std::collections::BTreeSet;
use std::fmt;

use pact_core::format::read_pact;
use pact_core::model::{AsyncMessage, HttpInteraction, SyncMessage};
use pact_core::rules::{Category, MatchingRule, MatchingRules, RuleList};
use pact_core::{Body, Headers, Interaction, Message, Pact, PactError, Query};
use serde_json::{Map, Value, json};

/// Most changes listed for one interaction; the rest are counted.
const MAX_CHANGES_PER_INTERACTION: usize = 25;

/// How one interaction differs between the two versions.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum InteractionChange {
    /// Only in the newer pact.
    Added {
        /// Its description.
        description: String,
    },
    /// Only in the older pact.
    Removed {
        /// Its description.
        description: String,
    },
    /// In both, with differences.
    Changed {
        /// Its description.
        description: String,
        /// Each difference in words (`response.status 200 → 201`).
        changes: Vec<String>,
    },
}

impl fmt::Display for InteractionChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InteractionChange::Added { description } => write!(f, "interaction '{description}' added"),
            InteractionChange::Removed { description } => write!(f, "interaction '{description}' removed"),
            InteractionChange::Changed { description, changes } => {
                write!(f, "interaction '{description}' changed: {}", changes.join("; "))
            }
        }
    }
}

/// The differences between two versions of a pact.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct PactDiff {
    /// One entry per interaction that was added, removed or changed, in the newer pact's order
    /// (removed ones last).
    pub interactions: Vec<InteractionChange>,
}

impl PactDiff {
    /// Compares `old` with `new`.
    pub fn between(old: &Pact, new: &Pact) -> PactDiff {
        let mut unmatched: Vec<Option<&Interaction>> = old.interactions.iter().map(Some).collect();
        let mut interactions = Vec::new();
        for interaction in &new.interactions {
            let partner = unmatched
                .iter_mut()
                .find(|o| o.is_some_and(|o| o.description() == interaction.description()))
                .and_then(Option::take);
            match partner {
                None => interactions.push(InteractionChange::Added {
                    description: interaction.description().to_string(),
                }),
                Some(previous) => {
                    let changes = compare_interactions(previous, interaction);
                    if !changes.is_empty() {
                        interactions.push(InteractionChange::Changed {
                            description: interaction.description().to_string(),
                            changes,
                        });
                    }
                }
            }
        }
        interactions.extend(
            unmatched
                .into_iter()
                .flatten()
                .map(|o| InteractionChange::Removed {
                    description: o.description().to_string(),
                }),
        );
        PactDiff { interactions }
    }

    /// Whether nothing changed.
    pub fn is_empty(&self) -> bool {
        self.interactions.is_empty()
    }

    /// One sentence per added, removed or changed interaction.
    pub fn sentences(&self) -> Vec<String> {
        self.interactions.iter().map(ToString::to_string).collect()
    }

    /// The diff as JSON: `{"added": [...], "removed": [...], "changed": [{"description", "changes"}], "sentences": [...]}`.
    pub fn to_json(&self) -> Value {
        let mut added = Vec::new();
        let mut removed = Vec::new();
        let mut changed = Vec::new();
        for change in &self.interactions {
            match change {
                InteractionChange::Added { description } => added.push(json!(description)),
                InteractionChange::Removed { description } => removed.push(json!(description)),
                InteractionChange::Changed { description, changes } => {
                    changed.push(json!({ "description": description, "changes": changes }))
                }
            }
        }
        json!({ "added": added, "removed": removed, "changed": changed, "sentences": self.sentences() })
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

/// Reads two pact texts and compares them.
pub fn diff_pacts(old: &str, new: &str) -> Result<PactDiff, PactError> {
    Ok(PactDiff::between(&read_pact(old)?, &read_pact(new)?))
}

fn kind_name(interaction: &Interaction) -> &'static str {
    match interaction {
        Interaction::Http(_) => "an HTTP interaction",
        Interaction::AsyncMessage(_) => "an asynchronous message",
        Interaction::SyncMessage(_) => "a synchronous message",
    }
}

fn compare_interactions(old: &Interaction, new: &Interaction) -> Vec<String> {
    let mut out = Changes::default();
    let old_states: Vec<&str> = old.provider_states().iter().map(|s| s.name.as_str()).collect();
    let new_states: Vec<&str> = new.provider_states().iter().map(|s| s.name.as_str()).collect();
    if old_states != new_states {
        out.push(format!(
            "provider states [{}] → [{}]",
            old_states.join(", "),
            new_states.join(", ")
        ));
    }
    if old.is_pending() != new.is_pending() {
        out.push(if new.is_pending() {
            "now pending".into()
        } else {
            "no longer pending".into()
        });
    }
    match (old, new) {
        (Interaction::Http(a), Interaction::Http(b)) => compare_http(&mut out, a, b),
        (Interaction::AsyncMessage(a), Interaction::AsyncMessage(b)) => compare_async(&mut out, a, b),
        (Interaction::SyncMessage(a), Interaction::SyncMessage(b)) => compare_sync(&mut out, a, b),
        _ => out.push(format!("changed from {} to {}", kind_name(old), kind_name(new))),
    }
    out.finish()
}

/// The changes of one interaction, capped.
#[derive(Debug, Default)]
struct Changes {
    list: Vec<String>,
    dropped: usize,
}

impl Changes {
    fn push(&mut self, change: String) {
        if self.list.len() < MAX_CHANGES_PER_INTERACTION {
            self.list.push(change);
        } else {
            self.dropped += 1;
        }
    }

    fn finish(mut self) -> Vec<String> {
        if self.dropped > 0 {
            self.list.push(format!("and {} more change(s)", self.dropped));
        }
        self.list
    }
}

fn compare_http(out: &mut Changes, a: &HttpInteraction, b: &HttpInteraction) {
    if a.request.method != b.request.method {
        out.push(format!(
            "request.method {} → {}",
            a.request.method, b.request.method
        ));
    }
    if a.request.path != b.request.path {
        out.push(format!("request.path {} → {}", a.request.path, b.request.path));
    }
    compare_query(out, &a.request.query, &b.request.query);
    compare_headers(out, "request.header", &a.request.headers, &b.request.headers);
    compare_bodies(out, "request.body", &a.request.body, &b.request.body);
    compare_rules(
        out,
        "request",
        &a.request.matching_rules,
        &b.request.matching_rules,
    );
    if a.response.status != b.response.status {
        out.push(format!(
            "response.status {} → {}",
            a.response.status, b.response.status
        ));
    }
    compare_headers(out, "response.header", &a.response.headers, &b.response.headers);
    compare_bodies(out, "response.body", &a.response.body, &b.response.body);
    compare_rules(
        out,
        "response",
        &a.response.matching_rules,
        &b.response.matching_rules,
    );
}

fn compare_message(out: &mut Changes, part: &str, a: &Message, b: &Message) {
    compare_bodies(out, &format!("{part}.contents"), &a.contents, &b.contents);
    compare_maps(out, &format!("{part}.metadata"), &a.metadata, &b.metadata);
    compare_rules(out, part, &a.matching_rules, &b.matching_rules);
}

fn compare_async(out: &mut Changes, a: &AsyncMessage, b: &AsyncMessage) {
    compare_message(out, "message", &a.message, &b.message);
}

fn compare_sync(out: &mut Changes, a: &SyncMessage, b: &SyncMessage) {
    compare_message(out, "request", &a.request, &b.request);
    if a.responses.len() != b.responses.len() {
        out.push(format!(
            "{} response message(s) → {}",
            a.responses.len(),
            b.responses.len()
        ));
    }
    for (i, (ra, rb)) in a.responses.iter().zip(&b.responses).enumerate() {
        compare_message(out, &format!("response[{i}]"), ra, rb);
    }
}

fn compare_query(out: &mut Changes, a: &Query, b: &Query) {
    let names: BTreeSet<&str> = a.iter().chain(b.iter()).map(|(n, _)| n).collect();
    for name in names {
        match (a.get(name), b.get(name)) {
            (Some(_), None) => out.push(format!("request.query {name} removed")),
            (None, Some(values)) => out.push(format!("request.query {name} added ({})", values.join(", "))),
            (Some(x), Some(y)) if x != y => out.push(format!(
                "request.query {name} {} → {}",
                x.join(", "),
                y.join(", ")
            )),
            _ => {}
        }
    }
}

fn compare_headers(out: &mut Changes, part: &str, a: &Headers, b: &Headers) {
    let names: BTreeSet<String> = a
        .iter()
        .chain(b.iter())
        .map(|(n, _)| n.to_ascii_lowercase())
        .collect();
    for name in names {
        let shown = b
            .iter()
            .chain(a.iter())
            .map(|(n, _)| n)
            .find(|n| n.eq_ignore_ascii_case(&name))
            .unwrap_or(&name)
            .to_string();
        match (a.get(&name), b.get(&name)) {
            (Some(_), None) => out.push(format!("{part} {shown} removed")),
            (None, Some(values)) => out.push(format!("{part} {shown} added ({})", values.join(", "))),
            (Some(x), Some(y)) if x != y => {
                out.push(format!("{part} {shown} {} → {}", x.join(", "), y.join(", ")));
            }
            _ => {}
        }
    }
}

fn compare_maps(out: &mut Changes, part: &str, a: &Map<String, Value>, b: &Map<String, Value>) {
    compare_json(
        out,
        part,
        "$",
        &Value::Object(a.clone()),
        &Value::Object(b.clone()),
    );
}

fn compare_bodies(out: &mut Changes, part: &str, a: &Body, b: &Body) {
    match (a.is_present(), b.is_present()) {
        (false, false) => {}
        (true, false) => out.push(format!("{part} removed")),
        (false, true) => out.push(format!("{part} added")),
        (true, true) => match (a.as_json(), b.as_json()) {
            (Some(x), Some(y)) => compare_json(out, part, "$", &x, &y),
            _ if a.as_bytes() != b.as_bytes() => out.push(format!("{part} changed")),
            _ => {}
        },
    }
    if a.is_present() && b.is_present() && a.content_type() != b.content_type() {
        out.push(format!(
            "{part} content type {} → {}",
            a.content_type().unwrap_or("(none)"),
            b.content_type().unwrap_or("(none)")
        ));
    }
}

fn json_type(value: &Value) -> &'static str {
    match value {
        Value::Null => "null",
        Value::Bool(_) => "boolean",
        Value::Number(_) => "number",
        Value::String(_) => "string",
        Value::Array(_) => "array",
        Value::Object(_) => "object",
    }
}

fn short(value: &Value) -> String {
    let text = value.to_string();
    if text.chars().count() > 40 {
        let cut: String = text.chars().take(37).collect();
        format!("{cut}…")
    } else {
        text
    }
}

fn child_path(path: &str, key: &str) -> String {
    if !key.is_empty() && key.chars().all(|c| c.is_alphanumeric() || c == '_') {
        format!("{path}.{key}")
    } else {
        format!("{path}['{key}']")
    }
}

fn compare_json(out: &mut Changes, part: &str, path: &str, a: &Value, b: &Value) {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            for (key, value) in x {
                match y.get(key) {
                    None => out.push(format!("{part} {} removed", child_path(path, key))),
                    Some(other) => compare_json(out, part, &child_path(path, key), value, other),
                }
            }
            for key in y.keys().filter(|k| !x.contains_key(*k)) {
                out.push(format!("{part} {} added", child_path(path, key)));
            }
        }
        (Value::Array(x), Value::Array(y)) => {
            if x.len() != y.len() {
                out.push(format!(
                    "{part} {path} has {} item(s) instead of {}",
                    y.len(),
                    x.len()
                ));
            }
            for (i, (p, q)) in x.iter().zip(y).enumerate() {
                compare_json(out, part, &format!("{path}[{i}]"), p, q);
            }
        }
        _ if json_type(a) != json_type(b) => out.push(format!(
            "{part} {path} changed from {} to {}",
            json_type(a),
            json_type(b)
        )),
        _ if a != b => out.push(format!("{part} {path} {} → {}", short(a), short(b))),
        _ => {}
    }
}

/// A matcher in a few words: `type`, `type (min 1)`, `regex ^\d+$`, `integer or null`.
fn describe_rules(list: &RuleList) -> String {
    let words: Vec<String> = list.rules.iter().map(describe_rule).collect();
    let joiner = match list.combine {
        pact_core::rules::Combine::Or => " or ",
        pact_core::rules::Combine::And => " and ",
    };
    words.join(joiner)
}

fn describe_rule(rule: &MatchingRule) -> String {
    match rule {
        MatchingRule::Regex(p) => format!("regex {}", p.as_str()),
        MatchingRule::MinType(n) => format!("type (min {n})"),
        MatchingRule::MaxType(n) => format!("type (max {n})"),
        MatchingRule::MinMaxType(min, max) => format!("type (min {min}, max {max})"),
        MatchingRule::Include(s) => format!("include '{s}'"),
        MatchingRule::Date(Some(f)) => format!("date '{f}'"),
        MatchingRule::Time(Some(f)) => format!("time '{f}'"),
        MatchingRule::Timestamp(Some(f)) => format!("timestamp '{f}'"),
        MatchingRule::ContentType(t) => format!("content type {t}"),
        other => other.name().to_string(),
    }
}

fn category_label(category: Category) -> &'static str {
    match category {
        Category::Body => "body",
        Category::Header => "header",
        Category::Query => "query",
        Category::Path => "path",
        Category::Method => "method",
        Category::Status => "status",
        Category::Metadata => "metadata",
    }
}

fn compare_rules(out: &mut Changes, part: &str, a: &MatchingRules, b: &MatchingRules) {
    let categories = [
        Category::Method,
        Category::Path,
        Category::Query,
        Category::Header,
        Category::Status,
        Category::Body,
        Category::Metadata,
    ];
    for category in categories {
        let old = a.category(category).unwrap_or(&[]);
        let new = b.category(category).unwrap_or(&[]);
        let label = format!("{part}.{} matcher at", category_label(category));
        for (path, list) in old {
            match new.iter().find(|(p, _)| p == path) {
                None => out.push(format!("{label} {path} removed ({})", describe_rules(list))),
                Some((_, other)) if other != list => out.push(format!(
                    "{label} {path}: {} → {}",
                    describe_rules(list),
                    describe_rules(other)
                )),
                Some(_) => {}
            }
        }
        for (path, list) in new.iter().filter(|(p, _)| !old.iter().any(|(q, _)| q == p)) {
            out.push(format!("{label} {path} added ({})", describe_rules(list)));
        }
    }
}

#[cfg(test)]
mod tests {
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
