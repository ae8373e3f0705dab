//! Generators: values replaced at run time, in consumer mode (the mock server's responses) or in
//! provider mode (the verifier's requests).
//!
//! Each [`Generator`] produces a JSON value ([`Generator::generate`]); [`generate_request`],
//! [`generate_response`] and [`generate_message`] apply all generators of a request, response or
//! message, category by category: `method`, `path`, `query` (by parameter name), `header` (by
//! name), `status`, `body` (path expressions such as `$.items[*].id`, applied to every matching
//! node of a JSON body; `$` replaces a non-JSON body's text) and `metadata` (by key).
//!
//! `ProviderState` generators run only in [`GeneratorMode::Provider`] (the verifier's requests,
//! from the values the provider-state set-up returned); `MockServerURL` generators only in
//! [`GeneratorMode::Consumer`] (the mock server's responses). A generator that fails leaves the
//! value as it was; the `*_at` variants report the failures.
//!
//! ```
//! use pact_core::{Body, Category, DocPath, Generator, GeneratorContext, GeneratorMode, Request};
//! use pact_core::generators::generate_request;
//! use serde_json::json;
//!
//! let mut request = Request::new("GET", "/users/1");
//! request.body = Body::json(json!({"items": [{"id": 1}, {"id": 2}]}));
//! request.generators.add(Category::Path, DocPath::root(),
//!     Generator::ProviderState { expression: "/users/${id}".into(), data_type: None });
//! request.generators.add(Category::Body, DocPath::parse("$.items[*].id").unwrap(),
//!     Generator::RandomInt { min: 10, max: 20 });
//!
//! let mut context = GeneratorContext::default();
//! context.provider_state_values.insert("id".into(), json!(42));
//! let generated = generate_request(&request, GeneratorMode::Provider, &context);
//!
//! assert_eq!(generated.path, "/users/42");
//! let body = generated.body.as_json().unwrap();
//! assert!(body["items"].as_array().unwrap().iter().all(|item| (10..=20).contains(&item["id"].as_i64().unwrap())));
//! ```

mod apply;
mod bounds;
mod error;
mod generate;
mod mock_server_url;
mod provider_state;
mod regex_gen;
mod xml_body;

use chrono::{DateTime, FixedOffset};
use serde_json::Value;

use crate::rules::{Category, CategoryMap, DocPath};

pub use apply::Generated;
pub use bounds::limit_excess;
pub use error::{GeneratorError, GeneratorFailure};
pub use generate::random_uuid;
pub use mock_server_url::mock_server_url;
pub use provider_state::fill_provider_state_expression;
pub use regex_gen::{random_string_matching, random_string_matching_within};

/// Whether generators run for the consumer's mock server or the provider's verifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[non_exhaustive]
pub enum GeneratorMode {
    /// The mock server generating a response.
    Consumer,
    /// The verifier generating a request.
    Provider,
}

/// The format of a generated UUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
#[non_exhaustive]
pub enum UuidFormat {
    /// `936da01f9abd4d9d80c702af85c822a8`.
    Simple,
    /// `936da01f-9abd-4d9d-80c7-02af85c822a8` (the default).
    #[default]
    LowerCaseHyphenated,
    /// `936DA01F-9ABD-4D9D-80C7-02AF85C822A8`.
    UpperCaseHyphenated,
    /// `urn:uuid:936da01f-9abd-4d9d-80c7-02af85c822a8`.
    Urn,
}

/// A generator of the Pact specification.
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub enum Generator {
    /// A random integer between `min` and `max` inclusive.
    RandomInt {
        /// Lower bound.
        min: i64,
        /// Upper bound.
        max: i64,
    },
    /// A random decimal with this many digits.
    RandomDecimal {
        /// Number of digits.
        digits: usize,
    },
    /// A random hexadecimal string with this many digits.
    RandomHexadecimal {
        /// Number of digits.
        digits: usize,
    },
    /// A random alphanumeric string of this size.
    RandomString {
        /// Length.
        size: usize,
    },
    /// A random string matching the regular expression.
    Regex {
        /// The regular expression.
        regex: String,
    },
    /// A random UUID.
    Uuid {
        /// The format.
        format: UuidFormat,
    },
    /// The current date, shifted by `expression`, in `format`.
    Date {
        /// Java `DateTimeFormatter` pattern (ISO date by default).
        format: Option<String>,
        /// e.g. `+1 day`, `today - 2 weeks`.
        expression: Option<String>,
    },
    /// The current time, shifted by `expression`, in `format`.
    Time {
        /// Pattern (ISO time by default).
        format: Option<String>,
        /// e.g. `+1 hour`, `midnight`.
        expression: Option<String>,
    },
    /// The current date-time, shifted by `expression`, in `format`.
    DateTime {
        /// Pattern (ISO date-time by default).
        format: Option<String>,
        /// e.g. `tomorrow 10 o'clock`, `+1 day @ noon`.
        expression: Option<String>,
    },
    /// A random boolean.
    RandomBoolean,
    /// A value from the provider-state context: `expression` with `${name}` placeholders.
    ProviderState {
        /// e.g. `/users/${id}`.
        expression: String,
        /// The type to convert the result to (`STRING`, `INTEGER`, `DECIMAL`, `FLOAT`, `BOOLEAN`, `RAW`).
        data_type: Option<String>,
    },
    /// The example URL with its mock-server base replaced by the running mock server's URL.
    MockServerUrl {
        /// The example URL in the pact.
        example: String,
        /// Regex whose first group is the part of the path to keep.
        regex: String,
    },
    /// A generator this implementation does not know, kept so it is written back unchanged.
    Unknown(Value),
}

/// All generators of one request, response or message, by category and path.
pub type Generators = CategoryMap<Generator>;

impl CategoryMap<Generator> {
    /// Sets the generator at `path` in `category` (replacing any there; the same as
    /// [`CategoryMap::set`]).
    ///
    /// ```
    /// use pact_core::{Category, DocPath, Generator, Generators};
    /// let mut g = Generators::default();
    /// g.add(Category::Body, DocPath::parse("$.id").unwrap(), Generator::RandomInt { min: 1, max: 9 });
    /// assert_eq!(g.category(Category::Body).map(|c| c.len()), Some(1));
    /// ```
    pub fn add(&mut self, category: Category, path: DocPath, generator: Generator) {
        self.set(category, path, generator);
    }
}

/// What generators may draw on: values returned by provider-state hooks (for `ProviderState`
/// generators) and the running mock server's base URL (for `MockServerURL`); and the
/// [`Limits`](crate::limits::Limits) no generator goes beyond.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeneratorContext {
    /// Values from provider-state set-up, e.g. `{"id": 42}`.
    pub provider_state_values: serde_json::Map<String, Value>,
    /// The mock server's base URL, e.g. `http://127.0.0.1:40123`.
    pub mock_server_url: Option<String>,
    /// How long a generated value may be, and how much one request, response or message may
    /// generate in all; a generator asking for more fails with
    /// [`GeneratorError::LimitExceeded`] before allocating anything.
    pub limits: crate::limits::Limits,
}

impl GeneratorContext {
    /// A context for a mock server answering at `url` (for `MockServerURL` generators).
    ///
    /// ```
    /// let context = pact_core::GeneratorContext::for_mock_server("http://127.0.0.1:40123");
    /// assert_eq!(context.mock_server_url.as_deref(), Some("http://127.0.0.1:40123"));
    /// ```
    pub fn for_mock_server(url: impl Into<String>) -> Self {
        GeneratorContext {
            mock_server_url: Some(url.into()),
            ..GeneratorContext::default()
        }
    }

    /// A context holding the values provider-state set-up returned (for `ProviderState`
    /// generators); a JSON value that is not an object gives no values.
    ///
    /// ```
    /// let context = pact_core::GeneratorContext::from_provider_state(serde_json::json!({"id": 42}));
    /// assert_eq!(context.provider_state_values["id"], 42);
    /// ```
    pub fn from_provider_state(values: Value) -> Self {
        let provider_state_values = match values {
            Value::Object(map) => map,
            _ => serde_json::Map::new(),
        };
        GeneratorContext {
            provider_state_values,
            ..GeneratorContext::default()
        }
    }

    /// This context with more provider-state values (later values replace earlier ones).
    ///
    /// ```
    /// use serde_json::json;
    /// let context = pact_core::GeneratorContext::from_provider_state(json!({"id": 1}))
    ///     .with_provider_state(json!({"id": 2, "name": "Alice"}));
    /// assert_eq!(context.provider_state_values["id"], 2);
    /// assert_eq!(context.provider_state_values["name"], "Alice");
    /// ```
    pub fn with_provider_state(mut self, values: Value) -> Self {
        if let Value::Object(map) = values {
            self.provider_state_values.extend(map);
        }
        self
    }

    /// This context with other [`Limits`](crate::limits::Limits).
    ///
    /// ```
    /// use pact_core::{Generator, GeneratorContext, GeneratorMode};
    /// use pact_core::limits::Limits;
    /// let context = GeneratorContext::default().with_limits(Limits::default().with_max_generated_length(8));
    /// let long = Generator::RandomString { size: 9 };
    /// assert!(long.generate(&serde_json::json!(""), GeneratorMode::Consumer, &context).is_err());
    /// ```
    pub fn with_limits(mut self, limits: crate::limits::Limits) -> Self {
        self.limits = limits;
        self
    }
}

/// The request with its generators applied for `mode` (the verifier uses [`GeneratorMode::Provider`]).
///
/// Generators that fail leave their values as they were; [`generate_request_at`] reports them.
pub fn generate_request(
    request: &crate::Request,
    mode: GeneratorMode,
    context: &GeneratorContext,
) -> crate::Request {
    generate_request_at(request, mode, context, crate::datetime::now()).value
}

/// The response with its generators applied for `mode` (the mock server uses [`GeneratorMode::Consumer`]).
///
/// ```
/// use pact_core::{Body, Category, DocPath, Generator, GeneratorContext, GeneratorMode, Response};
/// use pact_core::generators::generate_response;
/// use serde_json::json;
///
/// let mut response = Response::new(200);
/// response.body = Body::json(json!({"self": "http://localhost:8080/orders/7"}));
/// response.generators.add(Category::Body, DocPath::parse("$.self").unwrap(),
///     Generator::MockServerUrl { example: "http://localhost:8080/orders/7".into(), regex: r".*(/orders/\d+)$".into() });
/// let context = GeneratorContext { mock_server_url: Some("http://127.0.0.1:41234".into()), ..Default::default() };
///
/// let generated = generate_response(&response, GeneratorMode::Consumer, &context);
/// assert_eq!(generated.body.as_json().unwrap()["self"], "http://127.0.0.1:41234/orders/7");
/// ```
pub fn generate_response(
    response: &crate::Response,
    mode: GeneratorMode,
    context: &GeneratorContext,
) -> crate::Response {
    generate_response_at(response, mode, context, crate::datetime::now()).value
}

/// The message with its generators applied for `mode` (contents by path, metadata by key).
pub fn generate_message(
    message: &crate::Message,
    mode: GeneratorMode,
    context: &GeneratorContext,
) -> crate::Message {
    generate_message_at(message, mode, context, crate::datetime::now()).value
}

/// As [`generate_request`], with dates relative to `now`, reporting the generators that failed.
pub fn generate_request_at(
    request: &crate::Request,
    mode: GeneratorMode,
    context: &GeneratorContext,
    now: DateTime<FixedOffset>,
) -> Generated<crate::Request> {
    let mut run = apply::Run::new(mode, context, now);
    let value = run.request(request);
    run.finish(value)
}

/// As [`generate_response`], with dates relative to `now`, reporting the generators that failed.
pub fn generate_response_at(
    response: &crate::Response,
    mode: GeneratorMode,
    context: &GeneratorContext,
    now: DateTime<FixedOffset>,
) -> Generated<crate::Response> {
    let mut run = apply::Run::new(mode, context, now);
    let value = run.response(response);
    run.finish(value)
}

/// As [`generate_message`], with dates relative to `now`, reporting the generators that failed.
pub fn generate_message_at(
    message: &crate::Message,
    mode: GeneratorMode,
    context: &GeneratorContext,
    now: DateTime<FixedOffset>,
) -> Generated<crate::Message> {
    let mut run = apply::Run::new(mode, context, now);
    let value = run.message(message);
    run.finish(value)
}
