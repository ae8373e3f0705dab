//! Applying the generators of a request, response or message, category by category.

use chrono::{DateTime, FixedOffset};
use serde_json::{Map, Value};

use super::xml_body::generate_xml;
use super::{Generator, GeneratorContext, GeneratorFailure, GeneratorMode, Generators};
use crate::model::{Body, Headers, Message, Query, Request, Response};
use crate::rules::{Category, DocPath, PathToken};

/// The outcome of generating: the new value, and the generators that failed (their places keep
/// the original values).
///
/// ```
/// use pact_core::generators::{Generated, generate_response_at};
/// use pact_core::{Category, DocPath, Generator, GeneratorContext, GeneratorMode, Response};
/// let mut response = Response::new(200);
/// response.generators.add(Category::Status, DocPath::root(), Generator::Regex { regex: "(".into() });
/// let Generated { value, failures } =
///     generate_response_at(&response, GeneratorMode::Consumer, &GeneratorContext::default(), pact_core::datetime::now());
/// assert_eq!(value.status, 200);
/// assert_eq!(failures.len(), 1);
/// assert!(failures[0].to_string().starts_with("status generator at $: cannot generate from the regex '('"));
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Generated<T> {
    /// The request, response or message with the generated values.
    pub value: T,
    /// The generators that could not run, in the order they were tried.
    pub failures: Vec<GeneratorFailure>,
}

/// One pass of generation: the mode, the context, the clock, and the failures so far.
pub(crate) struct Run<'a> {
    mode: GeneratorMode,
    context: &'a GeneratorContext,
    now: DateTime<FixedOffset>,
    failures: Vec<GeneratorFailure>,
    /// Characters generated so far, against [`Limits::max_generated_total`](crate::limits::Limits).
    generated: usize,
}

impl<'a> Run<'a> {
    pub(crate) fn new(
        mode: GeneratorMode,
        context: &'a GeneratorContext,
        now: DateTime<FixedOffset>,
    ) -> Self {
        Run {
            mode,
            context,
            now,
            failures: Vec::new(),
            generated: 0,
        }
    }

    pub(crate) fn finish<T>(self, value: T) -> Generated<T> {
        Generated {
            value,
            failures: self.failures,
        }
    }

    /// The generated value for `current`, or `None` (failure recorded) when it stays.
    fn value(
        &mut self,
        category: Category,
        path: &DocPath,
        generator: &Generator,
        current: &Value,
    ) -> Option<Value> {
        let total = self.context.limits.max_generated_total;
        let outcome = if self.generated >= total {
            Err(super::GeneratorError::LimitExceeded {
                what: format!(
                    "what the generators produced together ({} characters)",
                    self.generated
                ),
                kind: crate::limits::LimitKind::GeneratedTotal,
                limit: total,
            })
        } else {
            generator.generate_at(current, self.mode, self.context, self.now)
        };
        match outcome {
            Ok(value) => {
                let size = match &value {
                    Some(Value::String(text)) => text.len(),
                    Some(_) => 1,
                    None => 0,
                };
                self.generated = self.generated.saturating_add(size);
                value
            }
            Err(error) => {
                self.failures.push(GeneratorFailure {
                    category,
                    path: path.to_string(),
                    error,
                });
                None
            }
        }
    }

    /// The generated text for `current` (numbers and booleans written as JSON).
    fn text(
        &mut self,
        category: Category,
        path: &DocPath,
        generator: &Generator,
        current: &str,
    ) -> Option<String> {
        let value = self.value(category, path, generator, &Value::String(current.to_string()))?;
        Some(as_text(value))
    }

    pub(crate) fn request(&mut self, request: &Request) -> Request {
        let mut out = request.clone();
        let generators = &request.generators;
        for (path, generator) in entries(generators, Category::Method) {
            if let Some(method) = self.text(Category::Method, path, generator, &out.method) {
                out.method = method.to_ascii_uppercase();
            }
        }
        for (path, generator) in entries(generators, Category::Path) {
            if let Some(new_path) = self.text(Category::Path, path, generator, &out.path) {
                out.path = new_path;
            }
        }
        self.query(generators, &mut out.query);
        self.headers(generators, &mut out.headers);
        let content_type = request.content_type();
        self.body(generators, &mut out.body, content_type.as_deref());
        out
    }

    pub(crate) fn response(&mut self, response: &Response) -> Response {
        let mut out = response.clone();
        let generators = &response.generators;
        for (path, generator) in entries(generators, Category::Status) {
            let current = Value::from(out.status);
            let Some(value) = self.value(Category::Status, path, generator, &current) else {
                continue;
            };
            match status_code(&value) {
                Some(status) => out.status = status,
                None => self.failures.push(GeneratorFailure {
                    category: Category::Status,
                    path: path.to_string(),
                    error: super::GeneratorError::WrongTarget {
                        value: value.to_string(),
                        target: "a status code",
                    },
                }),
            }
        }
        self.headers(generators, &mut out.headers);
        let content_type = response.content_type();
        self.body(generators, &mut out.body, content_type.as_deref());
        out
    }

    pub(crate) fn message(&mut self, message: &Message) -> Message {
        let mut out = message.clone();
        let generators = &message.generators;
        let content_type = message.content_type();
        self.body(generators, &mut out.contents, content_type.as_deref());
        self.metadata(generators, &mut out.metadata);
        out
    }

    fn query(&mut self, generators: &Generators, query: &mut Query) {
        for (path, generator) in entries(generators, Category::Query) {
            let Some((names, index)) = named_target(path) else {
                continue;
            };
            let selected: Vec<String> = match names {
                Some(name) => query
                    .get(name)
                    .map(|_| vec![name.to_string()])
                    .unwrap_or_default(),
                None => query.iter().map(|(n, _)| n.to_string()).collect(),
            };
            for name in selected {
                let values = query.get(&name).map(<[String]>::to_vec).unwrap_or_default();
                let values = self.each_value(Category::Query, path, generator, values, index);
                query.insert(name, values);
            }
        }
    }

    fn headers(&mut self, generators: &Generators, headers: &mut Headers) {
        for (path, generator) in entries(generators, Category::Header) {
            let Some((names, index)) = named_target(path) else {
                continue;
            };
            let selected: Vec<String> = match names {
                Some(name) => headers
                    .get(name)
                    .map(|_| vec![name.to_string()])
                    .unwrap_or_default(),
                None => headers.iter().map(|(n, _)| n.to_string()).collect(),
            };
            for name in selected {
                let values = headers.get(&name).map(<[String]>::to_vec).unwrap_or_default();
                let values = self.each_value(Category::Header, path, generator, values, index);
                headers.insert(name, values);
            }
        }
    }

    /// `values` with the generator applied to each (or only to the one at `index`).
    fn each_value(
        &mut self,
        category: Category,
        path: &DocPath,
        generator: &Generator,
        values: Vec<String>,
        index: Option<usize>,
    ) -> Vec<String> {
        values
            .into_iter()
            .enumerate()
            .map(|(i, value)| {
                if index.is_some_and(|wanted| wanted != i) {
                    return value;
                }
                self.text(category, path, generator, &value).unwrap_or(value)
            })
            .collect()
    }

    fn metadata(&mut self, generators: &Generators, metadata: &mut Map<String, Value>) {
        for (path, generator) in entries(generators, Category::Metadata) {
            let Some((names, _)) = named_target(path) else {
                continue;
            };
            let selected: Vec<String> = match names {
                Some(name) => metadata
                    .get(name)
                    .map(|_| vec![name.to_string()])
                    .unwrap_or_default(),
                None => metadata.keys().cloned().collect(),
            };
            for name in selected {
                let current = metadata.get(&name).cloned().unwrap_or(Value::Null);
                if let Some(value) = self.value(Category::Metadata, path, generator, &current) {
                    metadata.insert(name, value);
                }
            }
        }
    }

    fn body(&mut self, generators: &Generators, body: &mut Body, content_type: Option<&str>) {
        let body_generators = entries(generators, Category::Body);
        if body_generators.is_empty() {
            return;
        }
        if let Some(mut json) = json_body(body, content_type) {
            let mut changed = false;
            for (path, generator) in body_generators {
                changed |= self.json_node(&mut json, path.tokens(), path, generator);
            }
            if changed {
                match body {
                    Body::Present { bytes, .. } => *bytes = json.to_string().into_bytes(),
                    _ => *body = Body::json(json),
                }
            }
            return;
        }
        let Body::Present { bytes, .. } = body else { return };
        if may_be_xml(content_type)
            && let Ok(xml) = std::str::from_utf8(bytes)
            && let Some(generated) = generate_xml(xml, body_generators, |path, generator, current| {
                self.text(Category::Body, path, generator, current)
            })
        {
            *bytes = generated.into_bytes();
        }
        for (path, generator) in body_generators {
            if path.tokens() != [PathToken::Root] {
                continue;
            }
            let current = String::from_utf8_lossy(bytes).into_owned();
            if let Some(text) = self.text(Category::Body, path, generator, &current) {
                *bytes = text.into_bytes();
            }
        }
    }

    /// Applies `generator` to every node of `node` that `tokens` reaches; whether any changed.
    fn json_node(
        &mut self,
        node: &mut Value,
        tokens: &[PathToken],
        path: &DocPath,
        generator: &Generator,
    ) -> bool {
        let Some((first, rest)) = tokens.split_first() else {
            return match self.value(Category::Body, path, generator, node) {
                Some(value) => {
                    *node = value;
                    true
                }
                None => false,
            };
        };
        match (first, node) {
            (PathToken::Root, node) => self.json_node(node, rest, path, generator),
            (PathToken::Field(name), Value::Object(map)) => match map.get_mut(name) {
                Some(child) => self.json_node(child, rest, path, generator),
                None => false,
            },
            (PathToken::Index(i), Value::Array(items)) => match items.get_mut(*i) {
                Some(child) => self.json_node(child, rest, path, generator),
                None => false,
            },
            (PathToken::Star, Value::Object(map)) => {
                let mut changed = false;
                for child in map.values_mut() {
                    changed |= self.json_node(child, rest, path, generator);
                }
                changed
            }
            (PathToken::Star | PathToken::StarIndex, Value::Array(items)) => {
                let mut changed = false;
                for child in items.iter_mut() {
                    changed |= self.json_node(child, rest, path, generator);
                }
                changed
            }
            _ => false,
        }
    }
}

fn entries(generators: &Generators, category: Category) -> &[(DocPath, Generator)] {
    generators.category(category).unwrap_or_default()
}

/// For a header, query or metadata path: the name (`None` for `*`) and the value index, if any.
fn named_target(path: &DocPath) -> Option<(Option<&str>, Option<usize>)> {
    let (name, rest) = match path.tokens() {
        [PathToken::Root, PathToken::Field(name), rest @ ..] => (Some(name.as_str()), rest),
        [PathToken::Root, PathToken::Star, rest @ ..] => (None, rest),
        _ => return None,
    };
    match rest {
        [] | [PathToken::StarIndex] => Some((name, None)),
        [PathToken::Index(i)] => Some((name, Some(*i))),
        _ => None,
    }
}

/// Whether a body of `content_type` may be XML: an XML type, or no type at all.
fn may_be_xml(content_type: Option<&str>) -> bool {
    content_type.is_none_or(|ct| {
        let media = crate::model::media_type::essence(ct);
        media.ends_with("/xml") || media.ends_with("+xml")
    })
}

/// The body as JSON when its content type says JSON (or is unknown and the bytes are JSON).
fn json_body(body: &Body, content_type: Option<&str>) -> Option<Value> {
    let says_json = content_type.map(|ct| ct.to_ascii_lowercase().contains("json"));
    match says_json {
        Some(false) => None,
        _ => body.as_json(),
    }
}

fn status_code(value: &Value) -> Option<u16> {
    let code = match value {
        Value::Number(n) => n.as_u64().and_then(|n| u16::try_from(n).ok()),
        Value::String(s) => s.trim().parse().ok(),
        _ => None,
    }?;
    (100..=999).contains(&code).then_some(code)
}

/// A generated value as text: strings as they are, anything else as JSON.
pub(crate) fn as_text(value: Value) -> String {
    match value {
        Value::String(text) => text,
        Value::Null => String::new(),
        other => other.to_string(),
    }
}
