//! Finding the operation a request is for: the path template (with typed path parameters) and the
//! method, and gathering the operation's parameters.

use serde_json::Value;

use super::document::OpenApi;
use super::parameter::{self, Parameter};
use super::pointer;
use super::reason::{FailureReason, ParameterLocation};
use super::report::Part;
use super::sink::Sink;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// An operation of the document, found for a request.
#[derive(Debug)]
pub(crate) struct Operation<'a> {
    /// `GET /users/{id}`.
    pub(crate) name: String,
    /// The operation object.
    pub(crate) value: &'a Value,
    /// Its location (`#/paths/~1users~1{id}/get`).
    pub(crate) location: String,
    /// Its parameters, path-item ones included, operation ones overriding.
    pub(crate) parameters: Vec<Parameter<'a>>,
}

/// A template that matched the request path, with the path parameters it captured.
#[derive(Debug)]
struct Candidate<'a> {
    template: &'a str,
    item: &'a Value,
    item_location: String,
    captures: Vec<(String, String)>,
    literal_segments: usize,
}

/// Finds the operation for `method` and `path`. Path parameter failures are reported to `sink`;
/// `None` (with a failure reported) when no template and method fit.
pub(crate) fn find<'a>(api: &'a OpenApi, method: &str, path: &str, sink: &mut Sink) -> Option<Operation<'a>> {
    let mut candidates = candidates(api, path);
    candidates.sort_by_key(|c| std::cmp::Reverse(c.literal_segments));
    let lower = method.to_ascii_lowercase();
    let mut fallback: Option<(Operation<'a>, Sink)> = None;
    for candidate in candidates.iter().filter(|c| c.item.get(&lower).is_some()) {
        let operation = operation(api, candidate, &lower);
        let mut found = sink.empty_like();
        check_path_parameters(api, &operation, &candidate.captures, &mut found);
        if found.is_empty() {
            return Some(operation);
        }
        if fallback.is_none() {
            fallback = Some((operation, found));
        }
    }
    if let Some((operation, found)) = fallback {
        sink.extend(found);
        return Some(operation);
    }
    match candidates.first() {
        Some(candidate) => {
            let documented = METHODS
                .iter()
                .filter(|m| candidate.item.get(**m).is_some())
                .map(|m| m.to_ascii_uppercase())
                .collect();
            let reason = FailureReason::MethodNotDocumented {
                method: method.to_ascii_uppercase(),
                template: candidate.template.to_string(),
                documented,
            };
            sink.add(Part::Method, "$", &candidate.item_location, reason);
        }
        None => {
            let reason = FailureReason::UnknownPath {
                path: path.to_string(),
            };
            sink.add(Part::Path, "$", "#/paths", reason);
        }
    }
    None
}

/// The templates matching `path`, as written or with a server's base path taken off.
fn candidates<'a>(api: &'a OpenApi, path: &str) -> Vec<Candidate<'a>> {
    let mut paths = vec![path.to_string()];
    for base in api.base_paths() {
        if let Some(rest) = path.strip_prefix(base.as_str())
            && (rest.is_empty() || rest.starts_with('/'))
        {
            paths.push(if rest.is_empty() {
                "/".into()
            } else {
                rest.to_string()
            });
        }
    }
    let mut out = Vec::new();
    for path in &paths {
        for (template, location) in api.templates() {
            let Some(captures) = template.captures(path) else {
                continue;
            };
            let Some(item) = api.get(location) else { continue };
            let (item, item_location) = api.resolve(item, location);
            let captures = captures
                .into_iter()
                .map(|(name, value)| (name, pact_core::model::percent::decode(&value)))
                .collect();
            out.push(Candidate {
                template: &template.template,
                item,
                item_location,
                captures,
                literal_segments: template.literal_segments,
            });
        }
    }
    out
}

fn operation<'a>(api: &'a OpenApi, candidate: &Candidate<'a>, method: &str) -> Operation<'a> {
    let location = pointer::join(&candidate.item_location, method);
    let value = candidate.item.get(method).unwrap_or(&Value::Null);
    let mut parameters = parameter::list(api, candidate.item, &candidate.item_location);
    for own in parameter::list(api, value, &location) {
        parameters.retain(|p| !(p.name == own.name && p.location == own.location));
        parameters.push(own);
    }
    Operation {
        name: format!("{} {}", method.to_ascii_uppercase(), candidate.template),
        value,
        location,
        parameters,
    }
}

fn check_path_parameters(
    api: &OpenApi,
    operation: &Operation<'_>,
    captures: &[(String, String)],
    sink: &mut Sink,
) {
    for (name, value) in captures {
        let declared = operation
            .parameters
            .iter()
            .find(|p| p.location == ParameterLocation::Path && p.name == name);
        if let Some(parameter) = declared {
            let json_path = super::reliance::render(&[super::reliance::Seg::Field(name)]);
            if let Some((location, reason)) = parameter.check(api, std::slice::from_ref(value)) {
                sink.add(Part::PathParameter, &json_path, &location, reason);
            }
        }
    }
}
