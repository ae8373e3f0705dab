//! An OpenAPI 3.0 or 3.1 document, read from JSON or YAML text, with its references checked.

use std::collections::HashMap;

use pact_core::rules::Pattern;
use serde_json::Value;

use super::error::{OpenApiError, Syntax};
use super::path_template::PathTemplate;
use super::pointer;
use super::refs;

/// The OpenAPI versions the check understands.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OpenApiVersion {
    /// 3.0.x: `nullable`, boolean `exclusiveMinimum`, `$ref` siblings ignored.
    V3_0,
    /// 3.1.x: JSON Schema 2020-12 (type arrays with `"null"`, `const`, `$ref` with siblings).
    V3_1,
}

/// An OpenAPI document ready to check pacts against.
///
/// Read it with [`OpenApi::parse`] from the text the caller read (JSON when it starts with `{`,
/// YAML otherwise). Every local `$ref` is checked up front, so a document that parses has no
/// dangling or circular references; references into other files are refused (bundle first).
///
/// ```
/// use pact_openapi::{OpenApi, OpenApiVersion};
///
/// let api = OpenApi::parse(r##"
/// openapi: 3.1.0
/// info: {title: User service, version: "1.0"}
/// paths:
///   /users/{id}:
///     get:
///       responses:
///         "200": {$ref: "#/components/responses/User"}
/// components:
///   responses:
///     User: {description: a user}
/// "##).unwrap();
/// assert_eq!(api.version(), OpenApiVersion::V3_1);
/// assert_eq!(api.title(), Some("User service"));
/// assert_eq!(api.path_templates().collect::<Vec<_>>(), ["/users/{id}"]);
/// ```
#[derive(Debug, Clone)]
pub struct OpenApi {
    document: Value,
    version: OpenApiVersion,
    paths: Vec<(PathTemplate, String)>,
    base_paths: Vec<String>,
    patterns: HashMap<String, Pattern>,
}

impl OpenApi {
    /// Reads a document from JSON or YAML text.
    ///
    /// ```
    /// use pact_openapi::{OpenApi, OpenApiError};
    /// let error = OpenApi::parse(r#"{"swagger": "2.0", "paths": {}}"#).unwrap_err();
    /// assert_eq!(error, OpenApiError::UnsupportedVersion { version: "2.0".into() });
    /// ```
    pub fn parse(text: &str) -> Result<OpenApi, OpenApiError> {
        let text = text.trim_start_matches('\u{feff}');
        let document = if text.trim_start().starts_with('{') {
            serde_json::from_str(text).map_err(|e| OpenApiError::Syntax {
                syntax: Syntax::Json,
                line: e.line(),
                column: e.column(),
                message: e.to_string(),
            })?
        } else {
            yaml_serde::from_str(text).map_err(|e| {
                let (line, column) = e.location().map(|l| (l.line(), l.column())).unwrap_or((0, 0));
                OpenApiError::Syntax {
                    syntax: Syntax::Yaml,
                    line,
                    column,
                    message: e.to_string(),
                }
            })?
        };
        OpenApi::from_value(document)
    }

    /// Takes a document already parsed into JSON values.
    ///
    /// ```
    /// let doc = serde_json::json!({"openapi": "3.0.3", "paths": {"/health": {"get": {"responses": {"200": {}}}}}});
    /// let api = pact_openapi::OpenApi::from_value(doc).unwrap();
    /// assert_eq!(api.version(), pact_openapi::OpenApiVersion::V3_0);
    /// ```
    pub fn from_value(document: Value) -> Result<OpenApi, OpenApiError> {
        let Some(root) = document.as_object() else {
            return Err(OpenApiError::NotOpenApi {
                message: "the document is not an object".into(),
            });
        };
        let version = match (root.get("openapi"), root.get("swagger")) {
            (Some(Value::String(v)), _) if v.starts_with("3.0") => OpenApiVersion::V3_0,
            (Some(Value::String(v)), _) if v.starts_with("3.1") => OpenApiVersion::V3_1,
            (Some(v), _) | (None, Some(v)) => {
                let version = v.as_str().map(str::to_string).unwrap_or_else(|| v.to_string());
                return Err(OpenApiError::UnsupportedVersion { version });
            }
            (None, None) => {
                return Err(OpenApiError::NotOpenApi {
                    message: "it has no 'openapi' field".into(),
                });
            }
        };
        let paths = match root.get("paths") {
            None => Vec::new(),
            Some(Value::Object(paths)) => paths
                .keys()
                .map(|t| (PathTemplate::parse(t), pointer::join("#/paths", t)))
                .collect(),
            Some(_) => return Err(OpenApiError::invalid("#/paths", "'paths' is not an object")),
        };
        let base_paths = base_paths(root.get("servers"));
        let patterns = refs::check(&document)?;
        Ok(OpenApi {
            document,
            version,
            paths,
            base_paths,
            patterns,
        })
    }

    /// The OpenAPI version the document declares.
    pub fn version(&self) -> OpenApiVersion {
        self.version
    }

    /// `info.title`, if the document has one.
    pub fn title(&self) -> Option<&str> {
        self.document.pointer("/info/title").and_then(Value::as_str)
    }

    /// The whole document as JSON values.
    pub fn document(&self) -> &Value {
        &self.document
    }

    /// The path templates, in document order.
    pub fn path_templates(&self) -> impl Iterator<Item = &str> {
        self.paths.iter().map(|(t, _)| t.template.as_str())
    }

    pub(crate) fn templates(&self) -> &[(PathTemplate, String)] {
        &self.paths
    }

    /// The path parts of the server URLs (`/v1` of `https://api.example.com/v1`), which a
    /// request path may start with.
    pub(crate) fn base_paths(&self) -> &[String] {
        &self.base_paths
    }

    /// The value at a canonical location (`#/components/schemas/User`).
    pub(crate) fn get(&self, location: &str) -> Option<&Value> {
        let pointer = location.strip_prefix('#')?;
        self.document.pointer(pointer)
    }

    /// Follows `$ref`s from `value` (found at `location`) to what they finally point to.
    pub(crate) fn resolve<'a>(&'a self, value: &'a Value, location: &str) -> (&'a Value, String) {
        let mut value = value;
        let mut location = location.to_string();
        // References were checked for cycles when the document was read; the bound is a guard.
        for _ in 0..64 {
            let Some(target) = value.get("$ref").and_then(Value::as_str) else {
                break;
            };
            let Some(tokens) = pointer::local_tokens(target) else {
                break;
            };
            let canonical = pointer::canonical(&tokens);
            let Some(next) = self.get(&canonical) else {
                break;
            };
            value = next;
            location = canonical;
        }
        (value, location)
    }

    /// The compiled `pattern` of the schema at `location`, if it has one the pattern engines accept.
    pub(crate) fn pattern(&self, location: &str) -> Option<&Pattern> {
        self.patterns.get(location)
    }
}

fn base_paths(servers: Option<&Value>) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for server in servers.and_then(Value::as_array).into_iter().flatten() {
        let Some(url) = server.get("url").and_then(Value::as_str) else {
            continue;
        };
        let mut url = url.to_string();
        if let Some(variables) = server.get("variables").and_then(Value::as_object) {
            for (name, variable) in variables {
                if let Some(default) = variable.get("default").and_then(Value::as_str) {
                    url = url.replace(&format!("{{{name}}}"), default);
                }
            }
        }
        let path = match url.split_once("://") {
            Some((_, rest)) => rest.find('/').map(|i| rest[i..].to_string()).unwrap_or_default(),
            None if url.starts_with('/') => url,
            None => String::new(),
        };
        let path = path.trim_end_matches('/').to_string();
        if !path.is_empty() && !out.contains(&path) {
            out.push(path);
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn server_urls_give_base_paths() {
        let servers = serde_json::json!([
            {"url": "https://api.example.com/v1/"},
            {"url": "/v2"},
            {"url": "https://{host}/{base}", "variables": {"host": {"default": "x"}, "base": {"default": "api"}}},
            {"url": "https://api.example.com"}
        ]);
        assert_eq!(base_paths(Some(&servers)), ["/v1", "/v2", "/api"]);
    }
}
