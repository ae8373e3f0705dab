//! Errors raised while reading a pact.

/// Why a pact (or one of its parts) could not be read.
///
/// Every variant names *where* the problem is: a JSON path inside the document (for example
/// `$.interactions[2].request.matchingRules.body['$.id']`), and for syntax errors the line and column.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
pub enum PactError {
    /// The text is not valid JSON.
    #[error("invalid JSON at line {line}, column {column}: {message}")]
    Syntax {
        /// 1-based line of the error.
        line: usize,
        /// 1-based column of the error.
        column: usize,
        /// What the JSON parser said.
        message: String,
    },
    /// The JSON is valid but a value has the wrong shape or content.
    #[error("{path}: {message}")]
    Invalid {
        /// JSON path of the offending value, e.g. `$.interactions[0].response.status`.
        path: String,
        /// What is wrong, in words.
        message: String,
    },
    /// The pact holds something the requested specification version cannot express (e.g.
    /// messages in a V2 pact, synchronous messages in a V3 pact).
    #[error("{path}: {message}")]
    Unsupported {
        /// JSON path of the part that cannot be written, e.g. `$.interactions[1]`.
        path: String,
        /// What cannot be written, and what to do instead.
        message: String,
    },
}

impl PactError {
    /// An [`PactError::Invalid`] at `path`.
    pub fn invalid(path: impl Into<String>, message: impl Into<String>) -> Self {
        PactError::Invalid {
            path: path.into(),
            message: message.into(),
        }
    }
}

impl PactError {
    /// An [`PactError::Unsupported`] at `path`.
    pub fn unsupported(path: impl Into<String>, message: impl Into<String>) -> Self {
        PactError::Unsupported {
            path: path.into(),
            message: message.into(),
        }
    }

    /// The JSON path the error is about (`$` for syntax errors).
    pub fn path(&self) -> &str {
        match self {
            PactError::Syntax { .. } => "$",
            PactError::Invalid { path, .. } | PactError::Unsupported { path, .. } => path,
        }
    }
}

impl From<serde_json::Error> for PactError {
    fn from(err: serde_json::Error) -> Self {
        PactError::Syntax {
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        }
    }
}
