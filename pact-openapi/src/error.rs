//! Why an OpenAPI document could not be read.

/// The syntax an OpenAPI document was read as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Syntax {
    /// JSON (text starting with `{`).
    Json,
    /// YAML (anything else).
    Yaml,
}

impl std::fmt::Display for Syntax {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            Syntax::Json => "JSON",
            Syntax::Yaml => "YAML",
        })
    }
}

/// Why an OpenAPI document could not be read.
///
/// Every variant says where the problem is: a line and column for syntax errors, a JSON pointer
/// into the document (`#/components/schemas/User/properties/team`) for everything else.
///
/// ```
/// use pact_openapi::{OpenApi, OpenApiError};
///
/// let error = OpenApi::parse("openapi: 3.0.3\npaths:\n  /a: [\n").unwrap_err();
/// assert!(matches!(error, OpenApiError::Syntax { line: 4, .. }), "{error}");
///
/// let error = OpenApi::parse(r##"{"openapi": "3.0.3", "paths": {"/a": {"$ref": "#/nowhere"}}}"##)
///     .unwrap_err();
/// assert_eq!(
///     error.to_string(),
///     "#/paths/~1a: the reference '#/nowhere' points to nothing in the document"
/// );
/// ```
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum OpenApiError {
    /// The text is not valid JSON or YAML.
    #[error("invalid {syntax} at line {line}, column {column}: {message}")]
    Syntax {
        /// What the text was read as.
        syntax: Syntax,
        /// 1-based line of the error (0 when the parser did not say).
        line: usize,
        /// 1-based column of the error (0 when the parser did not say).
        column: usize,
        /// What the parser said.
        message: String,
    },
    /// The document has no `openapi` field (Swagger 2.0 documents have `swagger` instead).
    #[error("#: not an OpenAPI 3 document: {message}")]
    NotOpenApi {
        /// What is missing, in words.
        message: String,
    },
    /// The `openapi` version is not 3.0.x or 3.1.x.
    #[error("#/openapi: OpenAPI version {version} is not supported (3.0.x and 3.1.x are)")]
    UnsupportedVersion {
        /// The version the document declares.
        version: String,
    },
    /// A value has the wrong shape (e.g. `paths` is not an object).
    #[error("{location}: {message}")]
    Invalid {
        /// JSON pointer of the value.
        location: String,
        /// What is wrong, in words.
        message: String,
    },
    /// A local `$ref` points to nothing.
    #[error("{location}: the reference '{reference}' points to nothing in the document")]
    UnresolvedRef {
        /// JSON pointer of the object holding the `$ref`.
        location: String,
        /// The reference as written.
        reference: String,
    },
    /// A `$ref` points into another file, which a pure check cannot read.
    #[error(
        "{location}: the reference '{reference}' points outside the document; bundle the document into one file first"
    )]
    ExternalRef {
        /// JSON pointer of the object holding the `$ref`.
        location: String,
        /// The reference as written.
        reference: String,
    },
    /// References (or `allOf`/`anyOf`/`oneOf` branches) lead back to themselves without ever
    /// describing a value, so no value could be checked against them.
    #[error("{location}: the references form a cycle: {}", chain.join(" -> "))]
    RefCycle {
        /// JSON pointer where the cycle was entered.
        location: String,
        /// The locations along the cycle, back to the first.
        chain: Vec<String>,
    },
}

impl OpenApiError {
    /// An [`OpenApiError::Invalid`] at `location`.
    pub(crate) fn invalid(location: impl Into<String>, message: impl Into<String>) -> Self {
        OpenApiError::Invalid {
            location: location.into(),
            message: message.into(),
        }
    }
}
