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

impl From<serde_json::Error> for PactError {
    fn from(err: serde_json::Error) -> Self {
        PactError::Syntax {
            line: err.line(),
            column: err.column(),
            message: err.to_string(),
        }
    }
}
