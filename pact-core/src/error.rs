//! Errors raised while reading a pact.

/// Why a pact (or one of its parts) could not be read.
///
/// Every variant names *where* the problem is: a JSON path inside the document (for example
/// `$.interactions[2].request.matchingRules.body['$.id']`), and for syntax errors the line and column.
#[derive(Debug, Clone, PartialEq, thiserror::Error)]
#[non_exhaustive]
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

/// Why one interaction of a pact cannot be used, found when the pact was read: the rest of the
/// pact loads, and this interaction fails on its own (the verifier reports it as an error, the
/// mock server answers a request for it with this problem).
///
/// ```
/// use pact_core::format::read_pact;
/// let pact = read_pact(r#"{"consumer": {"name": "c"}, "provider": {"name": "p"},
///   "interactions": [{"description": "a bad one", "request": {"path": "/"}, "response": {"status": 200,
///     "matchingRules": {"body": {"$.id": {"matchers": [{"match": "regex", "regex": "(unclosed"}]}}}}}],
///   "metadata": {"pactSpecification": {"version": "3.0.0"}}}"#).unwrap();
/// let problem = &pact.interactions[0].problems()[0];
/// assert_eq!(problem.interaction, "a bad one");
/// assert_eq!(problem.path, "$.interactions[0].response.matchingRules.body['$.id'].matchers[0].regex");
/// assert!(problem.to_string().starts_with("interaction 'a bad one': $.interactions[0].response"));
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("interaction '{interaction}': {path}: {reason}")]
pub struct InteractionProblem {
    /// The interaction's description.
    pub interaction: String,
    /// JSON path of the part that cannot be used, e.g.
    /// `$.interactions[2].response.matchingRules.body['$.id'].matchers[0]`.
    pub path: String,
    /// Why, in words.
    pub reason: String,
}

impl InteractionProblem {
    /// A problem of the interaction described as `interaction`.
    pub fn new(interaction: impl Into<String>, path: impl Into<String>, reason: impl Into<String>) -> Self {
        InteractionProblem {
            interaction: interaction.into(),
            path: path.into(),
            reason: reason.into(),
        }
    }

    /// The problem `error` (raised while reading the interaction) makes for `interaction`.
    pub fn from_error(interaction: impl Into<String>, error: &PactError) -> Self {
        let reason = match error {
            PactError::Invalid { message, .. } | PactError::Unsupported { message, .. } => message.clone(),
            syntax @ PactError::Syntax { .. } => syntax.to_string(),
        };
        InteractionProblem::new(interaction, error.path(), reason)
    }
}
