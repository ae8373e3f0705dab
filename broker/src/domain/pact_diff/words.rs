//! An interaction's changes in words: method, path, query, headers, status, bodies field by
//! field, matchers, message contents and metadata (`response.status 200 → 201`).

use std::collections::BTreeSet;

use pact_core::model::{AsyncMessage, HttpInteraction, SyncMessage};
use pact_core::rules::{Category, MatchingRule, MatchingRules, RuleList};
use pact_core::{Body, Headers, Interaction, Message, Query};
use serde_json::{Map, Value};

/// Most changes listed for one interaction; the rest are counted.
const MAX_CHANGES_PER_INTERACTION: usize = 25;

fn kind_name(interaction: &Interaction) -> &'static str {
    match interaction {
        Interaction::Http(_) => "an HTTP interaction",
        Interaction::AsyncMessage(_) => "an asynchronous message",
        Interaction::SyncMessage(_) => "a synchronous message",
        _ => "an interaction of another kind",
    }
}

/// The differences between two versions of one interaction, in words (at most
/// [`MAX_CHANGES_PER_INTERACTION`], then a count).
pub(super) fn compare_interactions(old: &Interaction, new: &Interaction) -> Vec<String> {
    // Provider states are part of what pairs the two (their identity), so they are the same.
    let mut out = Changes::default();
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
        _ => "other",
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
