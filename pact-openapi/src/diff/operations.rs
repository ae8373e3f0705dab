//! Comparing paths, operations, parameters, request bodies and responses.

use std::collections::HashSet;

use serde_json::{Map, Value};

use super::rule::{Flow, Rule};
use super::{ApiChange, ChangePart};
use crate::OpenApi;
use crate::pointer;

const METHODS: &[&str] = &[
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Where in the documents the comparison is.
#[derive(Debug, Clone)]
pub(super) struct Site {
    pub(super) method: Option<String>,
    pub(super) path: String,
    pub(super) part: ChangePart,
    pub(super) media_type: Option<String>,
}

/// A side of the comparison: a value of one document and its location.
#[derive(Debug, Clone, Copy)]
pub(super) struct At<'a> {
    pub(super) value: &'a Value,
    pub(super) location: &'a str,
}

/// Gathers the changes between two documents.
#[derive(Debug)]
pub(super) struct Differ<'a> {
    pub(super) old: &'a OpenApi,
    pub(super) new: &'a OpenApi,
    changes: Vec<ApiChange>,
    /// The schema pairs (old location, new location) being compared, outermost first: a pair
    /// met again inside itself is a recursive schema, compared once.
    pub(super) stack: Vec<(String, String)>,
}

/// `/users/{id}` and `/users/{userId}` are the same path.
fn normalized(template: &str) -> String {
    let mut out = String::new();
    let mut in_param = false;
    for c in template.chars() {
        match c {
            '{' => {
                in_param = true;
                out.push_str("{}");
            }
            '}' => in_param = false,
            _ if in_param => {}
            _ => out.push(c),
        }
    }
    out.trim_end_matches('/').to_string()
}

fn object(value: Option<&Value>) -> Option<&Map<String, Value>> {
    value.and_then(Value::as_object)
}

impl<'a> Differ<'a> {
    pub(super) fn new(old: &'a OpenApi, new: &'a OpenApi) -> Self {
        Differ {
            old,
            new,
            changes: Vec::new(),
            stack: Vec::new(),
        }
    }

    pub(super) fn into_changes(self) -> Vec<ApiChange> {
        self.changes
    }

    /// Records a change at `site`.
    pub(super) fn push(
        &mut self,
        site: &Site,
        rule: Rule,
        flow: Flow,
        json_path: Option<&str>,
        message: String,
    ) {
        self.changes.push(ApiChange {
            rule,
            breaking: rule.is_breaking(flow),
            method: site.method.clone(),
            path: site.path.clone(),
            part: site.part.clone(),
            media_type: site.media_type.clone(),
            json_path: json_path.map(str::to_string),
            message,
        });
    }

    pub(super) fn compare_paths(&mut self) {
        let (old_api, new_api) = (self.old, self.new);
        let empty = Map::new();
        let old_paths = object(old_api.document().get("paths")).unwrap_or(&empty);
        let new_paths = object(new_api.document().get("paths")).unwrap_or(&empty);
        let new_by_shape: Vec<(String, &String)> = new_paths.keys().map(|k| (normalized(k), k)).collect();
        let mut matched_new = HashSet::new();
        for (template, old_item) in old_paths {
            let site = Site {
                method: None,
                path: template.clone(),
                part: ChangePart::Path,
                media_type: None,
            };
            let shape = normalized(template);
            let Some((_, new_template)) = new_by_shape.iter().find(|(s, _)| *s == shape) else {
                self.push(
                    &site,
                    Rule::PathRemoved,
                    Flow::Structure,
                    None,
                    format!("path {template} was removed"),
                );
                continue;
            };
            matched_new.insert((*new_template).clone());
            let old_location = pointer::join("#/paths", template);
            let new_location = pointer::join("#/paths", new_template);
            let Some(new_item) = new_paths.get(*new_template) else {
                continue;
            };
            let (old_item, old_location) = old_api.resolve(old_item, &old_location);
            let (new_item, new_location) = new_api.resolve(new_item, &new_location);
            self.compare_path_item(
                template,
                At {
                    value: old_item,
                    location: &old_location,
                },
                At {
                    value: new_item,
                    location: &new_location,
                },
            );
        }
        for template in new_paths.keys().filter(|t| !matched_new.contains(*t)) {
            let site = Site {
                method: None,
                path: template.clone(),
                part: ChangePart::Path,
                media_type: None,
            };
            self.push(
                &site,
                Rule::PathAdded,
                Flow::Structure,
                None,
                format!("path {template} was added"),
            );
        }
    }

    fn compare_path_item(&mut self, template: &str, old: At<'_>, new: At<'_>) {
        for method in METHODS {
            let site = Site {
                method: Some(method.to_ascii_uppercase()),
                path: template.to_string(),
                part: ChangePart::Operation,
                media_type: None,
            };
            let name = format!("{} {template}", method.to_ascii_uppercase());
            match (old.value.get(*method), new.value.get(*method)) {
                (Some(_), None) => self.push(
                    &site,
                    Rule::OperationRemoved,
                    Flow::Structure,
                    None,
                    format!("operation {name} was removed"),
                ),
                (None, Some(_)) => self.push(
                    &site,
                    Rule::OperationAdded,
                    Flow::Structure,
                    None,
                    format!("operation {name} was added"),
                ),
                (Some(old_op), Some(new_op)) => {
                    let old_location = pointer::join(old.location, method);
                    let new_location = pointer::join(new.location, method);
                    self.compare_parameters(
                        &site,
                        old,
                        At {
                            value: old_op,
                            location: &old_location,
                        },
                        new,
                        At {
                            value: new_op,
                            location: &new_location,
                        },
                    );
                    self.compare_request_body(
                        &site,
                        At {
                            value: old_op,
                            location: &old_location,
                        },
                        At {
                            value: new_op,
                            location: &new_location,
                        },
                    );
                    self.compare_responses(
                        &site,
                        At {
                            value: old_op,
                            location: &old_location,
                        },
                        At {
                            value: new_op,
                            location: &new_location,
                        },
                    );
                }
                (None, None) => {}
            }
        }
    }

    /// The parameters of an operation, path-item ones included (operation ones override), keyed
    /// by `in` and name (lower-cased for headers).
    fn parameters<'p>(
        api: &'p OpenApi,
        item: At<'p>,
        op: At<'p>,
    ) -> Vec<(String, String, &'p Value, String)> {
        let mut out: Vec<(String, String, &'p Value, String)> = Vec::new();
        for at in [item, op] {
            let list = at.value.get("parameters").and_then(Value::as_array);
            for (i, parameter) in list.into_iter().flatten().enumerate() {
                let location = pointer::join(&pointer::join(at.location, "parameters"), &i.to_string());
                let (parameter, location) = api.resolve(parameter, &location);
                let Some(name) = parameter.get("name").and_then(Value::as_str) else {
                    continue;
                };
                let place = parameter
                    .get("in")
                    .and_then(Value::as_str)
                    .unwrap_or("query")
                    .to_string();
                let key = if place == "header" {
                    name.to_ascii_lowercase()
                } else {
                    name.to_string()
                };
                out.retain(|(p, k, _, _)| !(*p == place && *k == key));
                out.push((place, key, parameter, location));
            }
        }
        out
    }

    fn compare_parameters(
        &mut self,
        site: &Site,
        old_item: At<'_>,
        old_op: At<'_>,
        new_item: At<'_>,
        new_op: At<'_>,
    ) {
        let old_params = Self::parameters(self.old, old_item, old_op);
        let new_params = Self::parameters(self.new, new_item, new_op);
        let required = |p: &Value| p.get("required").and_then(Value::as_bool).unwrap_or(false);
        for (place, key, old_param, old_location) in &old_params {
            let name = old_param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(key)
                .to_string();
            let site = Site {
                part: ChangePart::Parameter {
                    location: place.clone(),
                    name: name.clone(),
                },
                ..site.clone()
            };
            let Some((_, _, new_param, new_location)) =
                new_params.iter().find(|(p, k, _, _)| p == place && k == key)
            else {
                // A renamed path parameter is the same parameter: the template matched by shape.
                if place != "path" {
                    let message = format!("{place} parameter '{name}' was removed");
                    self.push(&site, Rule::ParameterRemoved, Flow::Request, None, message);
                }
                continue;
            };
            match (required(old_param), required(new_param)) {
                (false, true) => {
                    let message = format!("{place} parameter '{name}' is now required");
                    self.push(&site, Rule::ParameterNewlyRequired, Flow::Request, None, message);
                }
                (true, false) => {
                    let message = format!("{place} parameter '{name}' is no longer required");
                    self.push(
                        &site,
                        Rule::ParameterNoLongerRequired,
                        Flow::Request,
                        None,
                        message,
                    );
                }
                _ => {}
            }
            if let (Some(old_schema), Some(new_schema)) = (old_param.get("schema"), new_param.get("schema")) {
                let old_at = At {
                    value: old_schema,
                    location: &pointer::join(old_location, "schema"),
                };
                let new_at = At {
                    value: new_schema,
                    location: &pointer::join(new_location, "schema"),
                };
                self.compare_schema(&site, Flow::Request, old_at, new_at, "$".to_string());
            }
        }
        for (place, key, new_param, _) in &new_params {
            if place == "path" || old_params.iter().any(|(p, k, _, _)| p == place && k == key) {
                continue;
            }
            let name = new_param
                .get("name")
                .and_then(Value::as_str)
                .unwrap_or(key)
                .to_string();
            let site = Site {
                part: ChangePart::Parameter {
                    location: place.clone(),
                    name: name.clone(),
                },
                ..site.clone()
            };
            if required(new_param) {
                let message = format!("required {place} parameter '{name}' was added");
                self.push(&site, Rule::RequiredParameterAdded, Flow::Request, None, message);
            } else {
                let message = format!("optional {place} parameter '{name}' was added");
                self.push(&site, Rule::OptionalParameterAdded, Flow::Request, None, message);
            }
        }
    }

    fn compare_request_body(&mut self, site: &Site, old_op: At<'_>, new_op: At<'_>) {
        let site = Site {
            part: ChangePart::RequestBody,
            ..site.clone()
        };
        let old_location = pointer::join(old_op.location, "requestBody");
        let new_location = pointer::join(new_op.location, "requestBody");
        let old_body = old_op
            .value
            .get("requestBody")
            .map(|b| self.old.resolve(b, &old_location));
        let new_body = new_op
            .value
            .get("requestBody")
            .map(|b| self.new.resolve(b, &new_location));
        let required = |b: Option<&(&Value, String)>| {
            b.and_then(|(b, _)| b.get("required"))
                .and_then(Value::as_bool)
                .unwrap_or(false)
        };
        match (required(old_body.as_ref()), required(new_body.as_ref())) {
            (false, true) => {
                let message = "the request body is now required".to_string();
                self.push(
                    &site,
                    Rule::RequestBodyNewlyRequired,
                    Flow::Request,
                    None,
                    message,
                );
            }
            (true, false) => {
                let message = "the request body is no longer required".to_string();
                self.push(
                    &site,
                    Rule::RequestBodyNoLongerRequired,
                    Flow::Request,
                    None,
                    message,
                );
            }
            _ => {}
        }
        if let (Some((old_body, old_location)), Some((new_body, new_location))) = (old_body, new_body) {
            let old_at = At {
                value: old_body,
                location: &old_location,
            };
            let new_at = At {
                value: new_body,
                location: &new_location,
            };
            self.compare_content(&site, Flow::Request, old_at, new_at);
        }
    }

    fn compare_responses(&mut self, site: &Site, old_op: At<'_>, new_op: At<'_>) {
        let empty = Map::new();
        let old_responses = object(old_op.value.get("responses")).unwrap_or(&empty);
        let new_responses = object(new_op.value.get("responses")).unwrap_or(&empty);
        for (status, old_response) in old_responses {
            let site = Site {
                part: ChangePart::Response {
                    status: status.clone(),
                },
                ..site.clone()
            };
            let Some(new_response) = new_responses.get(status) else {
                let message = format!("response status {status} was removed");
                self.push(&site, Rule::ResponseStatusRemoved, Flow::Structure, None, message);
                continue;
            };
            let old_location = pointer::join(&pointer::join(old_op.location, "responses"), status);
            let new_location = pointer::join(&pointer::join(new_op.location, "responses"), status);
            let (old_response, old_location) = self.old.resolve(old_response, &old_location);
            let (new_response, new_location) = self.new.resolve(new_response, &new_location);
            let old_at = At {
                value: old_response,
                location: &old_location,
            };
            let new_at = At {
                value: new_response,
                location: &new_location,
            };
            self.compare_content(&site, Flow::Response, old_at, new_at);
        }
        for status in new_responses.keys().filter(|s| !old_responses.contains_key(*s)) {
            let site = Site {
                part: ChangePart::Response {
                    status: status.clone(),
                },
                ..site.clone()
            };
            let message = format!("response status {status} was added");
            self.push(&site, Rule::ResponseStatusAdded, Flow::Structure, None, message);
        }
    }

    /// Compares the `content` (media types and their schemas) of two request bodies or responses.
    fn compare_content(&mut self, site: &Site, flow: Flow, old: At<'_>, new: At<'_>) {
        let empty = Map::new();
        let old_content = object(old.value.get("content")).unwrap_or(&empty);
        let new_content = object(new.value.get("content")).unwrap_or(&empty);
        for (media_type, old_media) in old_content {
            let site = Site {
                media_type: Some(media_type.clone()),
                ..site.clone()
            };
            let Some(new_media) = new_content.get(media_type) else {
                let message = format!("media type {media_type} was removed");
                self.push(&site, Rule::MediaTypeRemoved, flow, None, message);
                continue;
            };
            if let (Some(old_schema), Some(new_schema)) = (old_media.get("schema"), new_media.get("schema")) {
                let old_location = pointer::join(
                    &pointer::join(&pointer::join(old.location, "content"), media_type),
                    "schema",
                );
                let new_location = pointer::join(
                    &pointer::join(&pointer::join(new.location, "content"), media_type),
                    "schema",
                );
                let old_at = At {
                    value: old_schema,
                    location: &old_location,
                };
                let new_at = At {
                    value: new_schema,
                    location: &new_location,
                };
                self.compare_schema(&site, flow, old_at, new_at, "$".to_string());
            }
        }
        for media_type in new_content.keys().filter(|m| !old_content.contains_key(*m)) {
            let site = Site {
                media_type: Some(media_type.clone()),
                ..site.clone()
            };
            let message = format!("media type {media_type} was added");
            self.push(&site, Rule::MediaTypeAdded, flow, None, message);
        }
    }
}
