//! Checking one HTTP interaction: its request against the operation it is for, and its expected
//! response against that operation's documented responses.

use serde_json::{Map, Value};

use super::body::PactBody;
use super::document::OpenApi;
use super::operation::{self, Operation};
use super::pointer;
use super::reason::{Direction, FailureReason, ParameterLocation};
use super::reliance::{BodyRules, Seg, render};
use super::report::{InteractionResult, OpenApiFailure, Part};
use super::sink::Sink;
use pact_core::model::InteractionKind;
use pact_core::{Body, HttpInteraction, Request, Response};

/// Headers OpenAPI describes elsewhere than in parameters: a parameter with these names is ignored.
const IGNORED_HEADERS: &[&str] = &["accept", "content-type", "authorization"];

/// Checks one HTTP interaction against the document.
pub(crate) fn check(api: &OpenApi, interaction: &HttpInteraction) -> InteractionResult {
    let mut sink = Sink::new(&interaction.description);
    let request = &interaction.request;
    let operation = operation::find(api, &request.method, &request.path, &mut sink);
    let name = operation.as_ref().map(|o| o.name.clone());
    if let Some(operation) = operation {
        check_parameters(api, &operation, request, &mut sink);
        check_request_body(api, &operation, request, &mut sink);
        check_response(api, &operation, &interaction.response, &mut sink);
    }
    let mut failures = sink.into_failures();
    if (400..500).contains(&interaction.response.status) {
        failures.retain(|f| !is_deliberate(f));
    }
    InteractionResult {
        description: interaction.description.clone(),
        kind: InteractionKind::Http,
        operation: name,
        failures,
    }
}

/// Whether a failure is one a consumer that expects a client error (4xx) causes on purpose: a
/// bad parameter or body value. Sending to an unknown operation or in an undocumented media type
/// is never on purpose.
fn is_deliberate(failure: &OpenApiFailure) -> bool {
    let request_part = matches!(
        failure.part,
        Part::PathParameter | Part::Query | Part::RequestHeader | Part::RequestBody
    );
    let structural = matches!(
        failure.reason,
        FailureReason::UndocumentedContentType { .. } | FailureReason::UnexpectedRequestBody
    );
    request_part && !structural
}

fn has_body(body: &Body) -> bool {
    matches!(body, Body::Present { .. } | Body::Null)
}

fn check_parameters(api: &OpenApi, operation: &Operation<'_>, request: &Request, sink: &mut Sink) {
    for parameter in &operation.parameters {
        let (part, values) = match parameter.location {
            ParameterLocation::Path => continue,
            ParameterLocation::Query => (Part::Query, request.query.get(parameter.name)),
            ParameterLocation::Header => {
                if IGNORED_HEADERS.contains(&parameter.name.to_ascii_lowercase().as_str()) {
                    continue;
                }
                (Part::RequestHeader, request.headers.get(parameter.name))
            }
        };
        let json_path = render(&[Seg::Field(parameter.name)]);
        match values {
            Some(values) if !values.is_empty() => {
                if let Some((location, reason)) = parameter.check(api, values) {
                    sink.add(part, &json_path, &location, reason);
                }
            }
            _ if parameter.required => {
                let reason = FailureReason::MissingParameter {
                    location: parameter.location,
                    name: parameter.name.to_string(),
                };
                sink.add(part, &json_path, &parameter.at, reason);
            }
            _ => {}
        }
    }
}

fn check_request_body(api: &OpenApi, operation: &Operation<'_>, request: &Request, sink: &mut Sink) {
    let location = pointer::join(&operation.location, "requestBody");
    let declared = operation
        .value
        .get("requestBody")
        .map(|b| api.resolve(b, &location));
    match (declared, has_body(&request.body)) {
        (None, true) => sink.add(
            Part::RequestBody,
            "$",
            &operation.location,
            FailureReason::UnexpectedRequestBody,
        ),
        (Some((declared, location)), false) => {
            if declared.get("required").and_then(Value::as_bool) == Some(true) {
                sink.add(
                    Part::RequestBody,
                    "$",
                    &location,
                    FailureReason::MissingRequestBody,
                );
            }
        }
        (Some((declared, location)), true) => {
            let empty = Map::new();
            let content = declared
                .get("content")
                .and_then(Value::as_object)
                .unwrap_or(&empty);
            let body = PactBody {
                body: &request.body,
                content_type: request.content_type(),
                direction: Direction::Request,
                rules: BodyRules::literal(),
            };
            body.check(api, content, &pointer::join(&location, "content"), sink);
        }
        (None, false) => {}
    }
}

fn check_response(api: &OpenApi, operation: &Operation<'_>, response: &Response, sink: &mut Sink) {
    let location = pointer::join(&operation.location, "responses");
    let empty = Map::new();
    let responses = operation
        .value
        .get("responses")
        .and_then(Value::as_object)
        .unwrap_or(&empty);
    let status = response.status.to_string();
    let range = format!("{}XX", status.chars().next().unwrap_or('0'));
    let key = responses
        .keys()
        .find(|k| **k == status)
        .or_else(|| responses.keys().find(|k| k.eq_ignore_ascii_case(&range)))
        .or_else(|| responses.keys().find(|k| *k == "default"));
    let Some(key) = key else {
        let reason = FailureReason::UndocumentedStatus {
            status: response.status,
            documented: responses.keys().cloned().collect(),
        };
        sink.add(Part::Status, "$", &location, reason);
        return;
    };
    let (documented, location) = api.resolve(&responses[key], &pointer::join(&location, key));
    if !has_body(&response.body) {
        return;
    }
    match documented.get("content").and_then(Value::as_object) {
        Some(content) if !content.is_empty() => {
            let body = PactBody {
                body: &response.body,
                content_type: response.content_type(),
                direction: Direction::Response,
                rules: BodyRules::new(&response.matching_rules),
            };
            body.check(api, content, &pointer::join(&location, "content"), sink);
        }
        _ => sink.add(
            Part::ResponseBody,
            "$",
            &location,
            FailureReason::UndocumentedResponseBody,
        ),
    }
}
