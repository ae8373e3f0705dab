//! A pact as the pact page shows it: every interaction with its provider states, request and
//! response (or message), and the matching rules and generators placed next to the fields they
//! apply to.
//!
//! Bodies that are JSON are pretty-printed line by line; each line knows its JSON path, and a rule
//! whose path expression (`$.items[*].id`) matches that path is shown on that line. Rules that
//! match no line (an element the example does not contain) are listed under the body.
//!
//! ```
//! use pact_broker::ui::pact_view::PactView;
//! let view = PactView::read(r#"{"consumer": {"name": "Web"}, "provider": {"name": "Users"},
//!   "interactions": [{"description": "a request for user 42", "providerState": "user 42 exists",
//!     "request": {"method": "GET", "path": "/users/42"},
//!     "response": {"status": 200, "body": {"id": 42, "name": "Alice"},
//!       "matchingRules": {"$.body.id": {"match": "integer"}}}}],
//!   "metadata": {"pactSpecification": {"version": "2.0.0"}}}"#).unwrap();
//! let interaction = &view.interactions[0];
//! assert_eq!(interaction.description, "a request for user 42");
//! assert_eq!(interaction.provider_states[0].0, "user 42 exists");
//! let body = interaction.parts[1].body.as_ref().unwrap();
//! let id_line = body.lines.iter().find(|l| l.text.contains("\"id\"")).unwrap();
//! assert_eq!(id_line.notes, ["integer"]);
//! ```

use pact_core::format::read_pact;
use pact_core::generators::Generator;
use pact_core::rules::{Combine, DocPath, MatchingRule, PathToken, RuleList, StatusCodeClass};
use pact_core::{
    Body, Category, Generators, Interaction, MatchingRules, Message, PactError, Request, Response,
};
use serde_json::{Map, Value};

/// A pact ready to render.
#[derive(Debug, Clone, PartialEq)]
pub struct PactView {
    /// Consumer name.
    pub consumer: String,
    /// Provider name.
    pub provider: String,
    /// The specification version the pact declares (e.g. `3.0.0`).
    pub specification: String,
    /// The interactions in file order.
    pub interactions: Vec<InteractionView>,
}

/// One interaction.
#[derive(Debug, Clone, PartialEq)]
pub struct InteractionView {
    /// Its description.
    pub description: String,
    /// `HTTP`, `Message` or `Synchronous message`.
    pub kind: &'static str,
    /// Provider states with their parameters as compact JSON (empty when none).
    pub provider_states: Vec<(String, String)>,
    /// Whether it is marked pending (V4).
    pub pending: bool,
    /// Request and response, or the message(s).
    pub parts: Vec<PartView>,
}

/// A request, a response or a message.
#[derive(Debug, Clone, PartialEq)]
pub struct PartView {
    /// `Request`, `Response`, `Message`, `Response message`.
    pub title: &'static str,
    /// First line: `GET /users/42?full=true`, `200`, or empty for messages.
    pub summary: String,
    /// Notes on the summary line (path, method and status rules).
    pub summary_notes: Vec<String>,
    /// Query parameters, headers or metadata: (kind, name, value, notes).
    pub fields: Vec<FieldView>,
    /// The body or message contents.
    pub body: Option<BodyView>,
}

/// A header, query parameter or metadata entry.
#[derive(Debug, Clone, PartialEq)]
pub struct FieldView {
    /// `query`, `header` or `metadata`.
    pub kind: &'static str,
    /// Its name.
    pub name: String,
    /// Its value(s).
    pub value: String,
    /// Rules and generators that apply to it.
    pub notes: Vec<String>,
}

/// A body, pretty-printed.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyView {
    /// Its content type, when known.
    pub content_type: Option<String>,
    /// Lines with their notes.
    pub lines: Vec<BodyLine>,
    /// Rules and generators whose path matches no line: (path, note).
    pub other_notes: Vec<(String, String)>,
}

/// One line of a body.
#[derive(Debug, Clone, PartialEq)]
pub struct BodyLine {
    /// Indentation depth.
    pub depth: usize,
    /// The text of the line (without indentation).
    pub text: String,
    /// Rules and generators that apply to the value on this line.
    pub notes: Vec<String>,
}

impl PactView {
    /// Reads stored pact content with [`pact_core::format::read_pact`].
    pub fn read(content: &str) -> Result<PactView, PactError> {
        let pact = read_pact(content)?;
        Ok(PactView {
            consumer: pact.consumer.name.clone(),
            provider: pact.provider.name.clone(),
            specification: pact.specification.as_metadata_str().to_string(),
            interactions: pact.interactions.iter().map(interaction_view).collect(),
        })
    }
}

fn interaction_view(interaction: &Interaction) -> InteractionView {
    let provider_states = interaction
        .provider_states()
        .iter()
        .map(|s| {
            let params = if s.params.is_empty() {
                String::new()
            } else {
                Value::Object(s.params.clone()).to_string()
            };
            (s.name.clone(), params)
        })
        .collect();
    let (kind, parts) = match interaction {
        Interaction::Http(i) => ("HTTP", vec![request_view(&i.request), response_view(&i.response)]),
        Interaction::AsyncMessage(m) => ("Message", vec![message_view("Message", &m.message)]),
        Interaction::SyncMessage(m) => {
            let mut parts = vec![message_view("Request message", &m.request)];
            parts.extend(m.responses.iter().map(|r| message_view("Response message", r)));
            ("Synchronous message", parts)
        }
        _ => ("Interaction", Vec::new()),
    };
    InteractionView {
        description: interaction.description().to_string(),
        kind,
        provider_states,
        pending: interaction.is_pending(),
        parts,
    }
}

fn request_view(request: &Request) -> PartView {
    let rules = &request.matching_rules;
    let generators = &request.generators;
    let query = request.query.to_query_string();
    let summary = if query.is_empty() {
        format!("{} {}", request.method, request.path)
    } else {
        format!("{} {}?{}", request.method, request.path, query)
    };
    let mut summary_notes = root_notes(rules, generators, Category::Method);
    summary_notes.extend(root_notes(rules, generators, Category::Path));
    let mut fields: Vec<FieldView> = request
        .query
        .iter()
        .map(|(name, values)| {
            field(
                "query",
                name,
                values.join(", "),
                rules,
                generators,
                Category::Query,
            )
        })
        .collect();
    fields.extend(request.headers.iter().map(|(name, values)| {
        field(
            "header",
            name,
            values.join(", "),
            rules,
            generators,
            Category::Header,
        )
    }));
    PartView {
        title: "Request",
        summary,
        summary_notes,
        fields,
        body: body_view(&request.body, rules, generators),
    }
}

fn response_view(response: &Response) -> PartView {
    let rules = &response.matching_rules;
    let generators = &response.generators;
    PartView {
        title: "Response",
        summary: response.status.to_string(),
        summary_notes: root_notes(rules, generators, Category::Status),
        fields: response
            .headers
            .iter()
            .map(|(name, values)| {
                field(
                    "header",
                    name,
                    values.join(", "),
                    rules,
                    generators,
                    Category::Header,
                )
            })
            .collect(),
        body: body_view(&response.body, rules, generators),
    }
}

fn message_view(title: &'static str, message: &Message) -> PartView {
    let rules = &message.matching_rules;
    let generators = &message.generators;
    PartView {
        title,
        summary: String::new(),
        summary_notes: Vec::new(),
        fields: message
            .metadata
            .iter()
            .map(|(name, value)| {
                let value = match value {
                    Value::String(s) => s.clone(),
                    other => other.to_string(),
                };
                field("metadata", name, value, rules, generators, Category::Metadata)
            })
            .collect(),
        body: body_view(&message.contents, rules, generators),
    }
}

fn field(
    kind: &'static str,
    name: &str,
    value: String,
    rules: &MatchingRules,
    generators: &Generators,
    category: Category,
) -> FieldView {
    let wanted = [Step::Field(name.to_string())];
    let same = |path: &DocPath| match path.tokens() {
        [PathToken::Root, PathToken::Field(f)] | [PathToken::Field(f)] => f.eq_ignore_ascii_case(name),
        tokens => path_matches(tokens, &wanted),
    };
    let mut notes: Vec<String> = rules
        .category(category)
        .unwrap_or_default()
        .iter()
        .filter(|(p, _)| same(p))
        .map(|(_, list)| describe_rules(list))
        .collect();
    notes.extend(
        generators
            .category(category)
            .unwrap_or_default()
            .iter()
            .filter(|(p, _)| same(p))
            .map(|(_, g)| describe_generator(g)),
    );
    FieldView {
        kind,
        name: name.to_string(),
        value,
        notes,
    }
}

/// Notes of a category whose rules sit at the root (`method`, `path`, `status`).
fn root_notes(rules: &MatchingRules, generators: &Generators, category: Category) -> Vec<String> {
    let mut notes: Vec<String> = rules
        .category(category)
        .unwrap_or_default()
        .iter()
        .map(|(_, list)| format!("{}: {}", category.as_str(), describe_rules(list)))
        .collect();
    notes.extend(
        generators
            .category(category)
            .unwrap_or_default()
            .iter()
            .map(|(_, g)| format!("{}: {}", category.as_str(), describe_generator(g))),
    );
    notes
}

/// One step of a concrete JSON path.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Field(String),
    Index(usize),
}

/// Whether a rule's path expression (after `$`) names the concrete path.
fn path_matches(tokens: &[PathToken], concrete: &[Step]) -> bool {
    let tokens = match tokens.first() {
        Some(PathToken::Root) => &tokens[1..],
        _ => tokens,
    };
    tokens.len() == concrete.len()
        && tokens.iter().zip(concrete).all(|(t, s)| match (t, s) {
            (PathToken::Field(a), Step::Field(b)) => a == b,
            (PathToken::Index(a), Step::Index(b)) => a == b,
            (PathToken::Star, _) | (PathToken::StarIndex, Step::Index(_)) => true,
            _ => false,
        })
}

fn body_view(body: &Body, rules: &MatchingRules, generators: &Generators) -> Option<BodyView> {
    let content_type = body.content_type().map(str::to_string);
    let text = match body {
        Body::Missing => return None,
        Body::Empty => {
            return Some(BodyView {
                content_type,
                lines: vec![BodyLine {
                    depth: 0,
                    text: "(empty)".into(),
                    notes: Vec::new(),
                }],
                other_notes: Vec::new(),
            });
        }
        _ => body.as_text(),
    };
    let rule_entries = rules.category(Category::Body).unwrap_or_default();
    let generator_entries = generators.category(Category::Body).unwrap_or_default();
    let mut used_rules = vec![false; rule_entries.len()];
    let mut used_generators = vec![false; generator_entries.len()];
    let is_json = content_type.as_deref().is_none_or(|ct| ct.contains("json"));
    let lines = match body.as_json().filter(|_| is_json) {
        Some(value) => {
            let mut lines = Vec::new();
            let mut notes_for = |path: &[Step]| {
                let mut notes = Vec::new();
                for (i, (p, list)) in rule_entries.iter().enumerate() {
                    if path_matches(p.tokens(), path) {
                        used_rules[i] = true;
                        notes.push(describe_rules(list));
                    }
                }
                for (i, (p, g)) in generator_entries.iter().enumerate() {
                    if path_matches(p.tokens(), path) {
                        used_generators[i] = true;
                        notes.push(describe_generator(g));
                    }
                }
                notes
            };
            pretty(&value, None, &mut Vec::new(), 0, true, &mut lines, &mut notes_for);
            lines
        }
        None => text
            .lines()
            .map(|l| BodyLine {
                depth: 0,
                text: l.to_string(),
                notes: Vec::new(),
            })
            .collect(),
    };
    let mut other_notes: Vec<(String, String)> = rule_entries
        .iter()
        .zip(&used_rules)
        .filter(|(_, used)| !**used)
        .map(|((p, list), _)| (p.to_string(), describe_rules(list)))
        .collect();
    other_notes.extend(
        generator_entries
            .iter()
            .zip(&used_generators)
            .filter(|(_, used)| !**used)
            .map(|((p, g), _)| (p.to_string(), describe_generator(g))),
    );
    Some(BodyView {
        content_type,
        lines,
        other_notes,
    })
}

/// Pretty-prints `value` as lines, asking `notes_for` about each value's path.
fn pretty(
    value: &Value,
    key: Option<&str>,
    path: &mut Vec<Step>,
    depth: usize,
    last: bool,
    out: &mut Vec<BodyLine>,
    notes_for: &mut dyn FnMut(&[Step]) -> Vec<String>,
) {
    let prefix = key
        .map(|k| format!("{}: ", Value::String(k.to_string())))
        .unwrap_or_default();
    let comma = if last { "" } else { "," };
    let notes = notes_for(path);
    let open_close =
        |children: usize, open: &str, close: &str| (children, open.to_string(), close.to_string());
    let (children, open, close) = match value {
        Value::Object(map) => open_close(map.len(), "{", "}"),
        Value::Array(items) => open_close(items.len(), "[", "]"),
        scalar => {
            out.push(BodyLine {
                depth,
                text: format!("{prefix}{scalar}{comma}"),
                notes,
            });
            return;
        }
    };
    if children == 0 {
        out.push(BodyLine {
            depth,
            text: format!("{prefix}{open}{close}{comma}"),
            notes,
        });
        return;
    }
    out.push(BodyLine {
        depth,
        text: format!("{prefix}{open}"),
        notes,
    });
    match value {
        Value::Object(map) => object_children(map, path, depth, out, notes_for),
        Value::Array(items) => {
            for (i, item) in items.iter().enumerate() {
                path.push(Step::Index(i));
                pretty(item, None, path, depth + 1, i + 1 == items.len(), out, notes_for);
                path.pop();
            }
        }
        _ => {}
    }
    out.push(BodyLine {
        depth,
        text: format!("{close}{comma}"),
        notes: Vec::new(),
    });
}

fn object_children(
    map: &Map<String, Value>,
    path: &mut Vec<Step>,
    depth: usize,
    out: &mut Vec<BodyLine>,
    notes_for: &mut dyn FnMut(&[Step]) -> Vec<String>,
) {
    for (i, (k, v)) in map.iter().enumerate() {
        path.push(Step::Field(k.clone()));
        pretty(v, Some(k), path, depth + 1, i + 1 == map.len(), out, notes_for);
        path.pop();
    }
}

/// A rule list in words: `type, at least 1`, `regex ^\d+$ or integer`.
///
/// ```
/// use pact_broker::ui::pact_view::describe_rules;
/// use pact_core::rules::{Combine, MatchingRule, RuleList};
/// let list = RuleList::new(vec![MatchingRule::MinType(1), MatchingRule::Integer], Combine::And);
/// assert_eq!(describe_rules(&list), "type, at least 1 and integer");
/// ```
pub fn describe_rules(list: &RuleList) -> String {
    let join = match list.combine {
        Combine::And => " and ",
        Combine::Or => " or ",
    };
    list.rules
        .iter()
        .map(describe_rule)
        .collect::<Vec<_>>()
        .join(join)
}

/// One rule in words.
pub fn describe_rule(rule: &MatchingRule) -> String {
    let format = |name: &str, f: &Option<pact_core::datetime::DateTimePattern>| match f {
        Some(f) => format!("{name} {f}"),
        None => name.to_string(),
    };
    match rule {
        MatchingRule::Regex(p) => format!("regex {p}"),
        MatchingRule::MinType(n) => format!("type, at least {n}"),
        MatchingRule::MaxType(n) => format!("type, at most {n}"),
        MatchingRule::MinMaxType(a, b) => format!("type, {a} to {b} items"),
        MatchingRule::Include(s) => format!("includes {}", Value::String(s.clone())),
        MatchingRule::Date(f) => format("date", f),
        MatchingRule::Time(f) => format("time", f),
        MatchingRule::Timestamp(f) => format("timestamp", f),
        MatchingRule::ArrayContains(variants) => format!("array contains {} variant(s)", variants.len()),
        MatchingRule::EachKey(list) => format!("each key: {}", describe_rules(list)),
        MatchingRule::EachValue(list) => format!("each value: {}", describe_rules(list)),
        MatchingRule::ContentType(ct) => format!("content type {ct}"),
        MatchingRule::NotEmpty => "not empty".into(),
        MatchingRule::StatusCode(class) => format!(
            "status {}",
            match class {
                StatusCodeClass::Information => "1xx".to_string(),
                StatusCodeClass::Success => "2xx".to_string(),
                StatusCodeClass::Redirect => "3xx".to_string(),
                StatusCodeClass::ClientError => "4xx".to_string(),
                StatusCodeClass::ServerError => "5xx".to_string(),
                StatusCodeClass::NonError => "not an error".to_string(),
                StatusCodeClass::Error => "an error".to_string(),
                StatusCodeClass::Codes(codes) =>
                    codes.iter().map(u16::to_string).collect::<Vec<_>>().join(", "),
                other => format!("{other:?}"),
            }
        ),
        MatchingRule::Unknown(v) => v.to_string(),
        other => other.name().to_string(),
    }
}

/// A generator in words, prefixed with `generated:`.
pub fn describe_generator(generator: &Generator) -> String {
    let text = match generator {
        Generator::RandomInt { min, max } => format!("random integer {min}–{max}"),
        Generator::RandomDecimal { digits } => format!("random decimal, {digits} digits"),
        Generator::RandomHexadecimal { digits } => format!("random hex, {digits} digits"),
        Generator::RandomString { size } => format!("random string, {size} chars"),
        Generator::Regex { regex } => format!("random match of {regex}"),
        Generator::Uuid { .. } => "random UUID".into(),
        Generator::Date { format, expression }
        | Generator::Time { format, expression }
        | Generator::DateTime { format, expression } => {
            let kind = match generator {
                Generator::Date { .. } => "date",
                Generator::Time { .. } => "time",
                _ => "date-time",
            };
            let mut text = format!("current {kind}");
            if let Some(e) = expression {
                text.push_str(&format!(" {e}"));
            }
            if let Some(f) = format {
                text.push_str(&format!(" as {f}"));
            }
            text
        }
        Generator::RandomBoolean => "random boolean".into(),
        Generator::ProviderState { expression, .. } => format!("from provider state {expression}"),
        Generator::MockServerUrl { .. } => "mock server URL".into(),
        Generator::Unknown(v) => v.to_string(),
        other => format!("{other:?}"),
    };
    format!("generated: {text}")
}

#[cfg(test)]
mod tests;
