//! The breaking-change diff between two versions of an OpenAPI document.
//!
//! [`diff`] compares the paths, operations, parameters, request bodies and responses (statuses,
//! media types, body schemas, property by property) of two documents and classifies every change
//! as breaking or not *for clients*, naming the [`Rule`] that decided:
//!
//! - a client **sends** parameters and request bodies: a change that makes the provider accept
//!   fewer requests breaks it (a new required parameter or property, an `enum` narrowed, a
//!   `format`, `pattern` or bound added, `null` no longer allowed);
//! - a client **reads** responses: a change that lets the provider answer something it did not
//!   before breaks it (a property removed or no longer required, a type changed, an `enum`
//!   widened, `null` now allowed);
//! - removing a path, an operation, a response status or a media type always breaks.
//!
//! ```
//! use pact_openapi::OpenApi;
//! use pact_openapi::diff::{diff, Rule};
//!
//! // Arrange: the provider renames `email` to `emailAddress`.
//! let old = OpenApi::parse(r#"
//! openapi: 3.0.3
//! paths:
//!   /users/{id}:
//!     get:
//!       responses:
//!         "200":
//!           content:
//!             application/json:
//!               schema: {type: object, properties: {id: {type: integer}, email: {type: string}}}
//! "#).unwrap();
//! let new = OpenApi::parse(r#"
//! openapi: 3.0.3
//! paths:
//!   /users/{id}:
//!     get:
//!       responses:
//!         "200":
//!           content:
//!             application/json:
//!               schema: {type: object, properties: {id: {type: integer}, emailAddress: {type: string}}}
//! "#).unwrap();
//!
//! // Act
//! let changes = diff(&old, &new);
//!
//! // Assert
//! assert!(changes.is_breaking());
//! let removed = changes.breaking().next().unwrap();
//! assert_eq!(removed.rule, Rule::PropertyRemoved);
//! assert_eq!(
//!     removed.to_string(),
//!     "breaking: GET /users/{id} response 200 application/json $.email: property 'email' was removed (property-removed)"
//! );
//! ```
//!
//! Not compared: `oneOf`/`anyOf` branches beyond matching them by position, `not`,
//! `multipleOf`, `uniqueItems`, response headers, security schemes and callbacks.

mod operations;
mod rule;
mod schema;

use std::fmt;

use serde_json::{Value, json};

pub use rule::{Flow, Rule};

use crate::OpenApi;

/// Which part of an operation a change is in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ChangePart {
    /// The path as a whole.
    Path,
    /// The operation as a whole.
    Operation,
    /// A parameter: where it lives (`query`, `header`, `path`, `cookie`) and its name.
    Parameter {
        /// `in`.
        location: String,
        /// `name`.
        name: String,
    },
    /// The request body.
    RequestBody,
    /// A response, by its status key (`200`, `4XX`, `default`).
    Response {
        /// The status key.
        status: String,
    },
}

/// One change between two documents.
#[derive(Debug, Clone, PartialEq)]
pub struct ApiChange {
    /// The rule that classified the change.
    pub rule: Rule,
    /// Whether the change breaks clients.
    pub breaking: bool,
    /// The method (upper case), when the change is inside an operation.
    pub method: Option<String>,
    /// The path template, as the old document writes it (the new one for added paths).
    pub path: String,
    /// Where in the operation.
    pub part: ChangePart,
    /// The media type, for body changes.
    pub media_type: Option<String>,
    /// Where in the body or parameter value (`$.email`, `$.items[*].id`), for schema changes.
    pub json_path: Option<String>,
    /// What changed, in words (`property 'email' was removed`).
    pub message: String,
}

impl ApiChange {
    /// The operation, `GET /users/{id}`, or the path alone for path changes.
    pub fn operation(&self) -> String {
        match &self.method {
            Some(method) => format!("{method} {}", self.path),
            None => self.path.clone(),
        }
    }

    /// Where the change is, in words: `GET /users/{id} response 200 application/json $.email`.
    pub fn place(&self) -> String {
        let mut out = self.operation();
        match &self.part {
            ChangePart::Path | ChangePart::Operation => {}
            ChangePart::Parameter { location, name } => {
                out.push_str(&format!(" {location} parameter '{name}'"))
            }
            ChangePart::RequestBody => out.push_str(" request body"),
            ChangePart::Response { status } => out.push_str(&format!(" response {status}")),
        }
        if let Some(media_type) = &self.media_type {
            out.push(' ');
            out.push_str(media_type);
        }
        if let Some(path) = self.json_path.as_deref().filter(|p| *p != "$") {
            out.push(' ');
            out.push_str(path);
        }
        out
    }

    /// The change as JSON (the shape of `pact-broker openapi-diff --output json`).
    ///
    /// ```
    /// # use pact_openapi::diff::{ApiChange, ChangePart, Rule};
    /// let change = ApiChange {
    ///     rule: Rule::OperationRemoved, breaking: true, method: Some("DELETE".into()),
    ///     path: "/users/{id}".into(), part: ChangePart::Operation, media_type: None,
    ///     json_path: None, message: "operation DELETE /users/{id} was removed".into(),
    /// };
    /// assert_eq!(change.to_json()["rule"], "operation-removed");
    /// assert_eq!(change.to_json()["severity"], "breaking");
    /// ```
    pub fn to_json(&self) -> Value {
        let mut out = json!({
            "severity": if self.breaking { "breaking" } else { "non-breaking" },
            "rule": self.rule.id(),
            "operation": self.operation(),
            "path": self.path,
            "message": self.message,
        });
        if let Some(method) = &self.method {
            out["method"] = json!(method);
        }
        match &self.part {
            ChangePart::Path => out["part"] = json!("path"),
            ChangePart::Operation => out["part"] = json!("operation"),
            ChangePart::Parameter { location, name } => {
                out["part"] = json!("parameter");
                out["parameter"] = json!({"in": location, "name": name});
            }
            ChangePart::RequestBody => out["part"] = json!("requestBody"),
            ChangePart::Response { status } => {
                out["part"] = json!("response");
                out["status"] = json!(status);
            }
        }
        if let Some(media_type) = &self.media_type {
            out["mediaType"] = json!(media_type);
        }
        if let Some(path) = &self.json_path {
            out["jsonPath"] = json!(path);
        }
        out
    }
}

impl fmt::Display for ApiChange {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let severity = if self.breaking { "breaking" } else { "non-breaking" };
        write!(
            f,
            "{severity}: {}: {} ({})",
            self.place(),
            self.message,
            self.rule
        )
    }
}

/// Every change between two documents, in document order (old paths first, then added ones).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct ApiDiff {
    /// The changes.
    pub changes: Vec<ApiChange>,
}

impl ApiDiff {
    /// Whether any change breaks clients.
    pub fn is_breaking(&self) -> bool {
        self.changes.iter().any(|c| c.breaking)
    }

    /// The breaking changes.
    pub fn breaking(&self) -> impl Iterator<Item = &ApiChange> {
        self.changes.iter().filter(|c| c.breaking)
    }

    /// The changes as a JSON document: `{"breaking": bool, "changes": [...]}`.
    pub fn to_json(&self) -> Value {
        json!({
            "breaking": self.is_breaking(),
            "changes": self.changes.iter().map(ApiChange::to_json).collect::<Vec<_>>(),
        })
    }
}

impl fmt::Display for ApiDiff {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.changes.is_empty() {
            return writeln!(f, "no changes");
        }
        for change in &self.changes {
            writeln!(f, "{change}")?;
        }
        let breaking = self.breaking().count();
        writeln!(
            f,
            "{breaking} breaking, {} non-breaking change(s)",
            self.changes.len() - breaking
        )
    }
}

/// Compares `old` with `new`: every change, classified for clients. See the
/// [module documentation](self).
pub fn diff(old: &OpenApi, new: &OpenApi) -> ApiDiff {
    let mut differ = operations::Differ::new(old, new);
    differ.compare_paths();
    ApiDiff {
        changes: differ.into_changes(),
    }
}
