//! The request half of an HTTP interaction.

use pact_core::{Body, Category, DocPath, Request};

use crate::patterns::{JsonPattern, StringPattern};

/// Builds the request the consumer will send: method, path, query, headers and body, each of
/// which may be a pattern. Methods take and return `self`, so a request reads as one sentence.
///
/// ```
/// use pact_consumer::prelude::*;
/// let request = RequestBuilder::default()
///     .post("/orders")
///     .query_param("dryRun", "true")
///     .header("Authorization", term(r"^Bearer \S+$", "Bearer abc"))
///     .json_body(pact_json!({ "item": like("book"), "quantity": integer(1) }))
///     .build();
/// assert_eq!(request.method, "POST");
/// assert_eq!(request.headers.first("content-type"), Some("application/json"));
/// assert_eq!(request.body.as_json(), Some(json!({ "item": "book", "quantity": 1 })));
/// ```
#[derive(Debug, Clone, Default)]
pub struct RequestBuilder {
    request: Request,
}

impl RequestBuilder {
    /// Sets the method (`"GET"`, `"post"`…; upper-cased).
    pub fn method(mut self, method: impl Into<String>) -> Self {
        self.request.method = method.into().to_ascii_uppercase();
        self
    }

    /// Sets the path; a pattern such as [`term`](crate::term) or
    /// [`from_provider_state`](crate::from_provider_state) matches more than the example.
    pub fn path(mut self, path: impl Into<StringPattern>) -> Self {
        let path = path.into();
        self.request.path = path.example;
        set_rules(&mut self.request, Category::Path, DocPath::root(), &path.rules);
        if let Some(generator) = path.generator {
            self.request
                .generators
                .add(Category::Path, DocPath::root(), generator);
        }
        self
    }

    /// `GET path`.
    pub fn get(self, path: impl Into<StringPattern>) -> Self {
        self.method("GET").path(path)
    }

    /// `POST path`.
    pub fn post(self, path: impl Into<StringPattern>) -> Self {
        self.method("POST").path(path)
    }

    /// `PUT path`.
    pub fn put(self, path: impl Into<StringPattern>) -> Self {
        self.method("PUT").path(path)
    }

    /// `PATCH path`.
    pub fn patch(self, path: impl Into<StringPattern>) -> Self {
        self.method("PATCH").path(path)
    }

    /// `DELETE path`.
    pub fn delete(self, path: impl Into<StringPattern>) -> Self {
        self.method("DELETE").path(path)
    }

    /// `HEAD path`.
    pub fn head(self, path: impl Into<StringPattern>) -> Self {
        self.method("HEAD").path(path)
    }

    /// `OPTIONS path`.
    pub fn options(self, path: impl Into<StringPattern>) -> Self {
        self.method("OPTIONS").path(path)
    }

    /// Adds a query parameter value (call again for several values of one name).
    pub fn query_param(mut self, name: impl Into<String>, value: impl Into<StringPattern>) -> Self {
        let (name, value) = (name.into(), value.into());
        self.request.query.append(name.clone(), value.example);
        set_rules(
            &mut self.request,
            Category::Query,
            DocPath::field(&name),
            &value.rules,
        );
        if let Some(generator) = value.generator {
            self.request
                .generators
                .add(Category::Query, DocPath::field(&name), generator);
        }
        self
    }

    /// Adds a header value (call again for several values of one name).
    pub fn header(mut self, name: impl Into<String>, value: impl Into<StringPattern>) -> Self {
        let (name, value) = (name.into(), value.into());
        self.request.headers.append(name.clone(), value.example);
        set_rules(
            &mut self.request,
            Category::Header,
            DocPath::field(&name),
            &value.rules,
        );
        if let Some(generator) = value.generator {
            self.request
                .generators
                .add(Category::Header, DocPath::field(&name), generator);
        }
        self
    }

    /// A JSON body (with `Content-Type: application/json` unless a content type was set).
    pub fn json_body(mut self, body: impl Into<JsonPattern>) -> Self {
        let extracted = body.into().extract(Category::Body);
        self.request.body = Body::json(extracted.example);
        super::merge_extracted(
            &mut self.request.matching_rules,
            &mut self.request.generators,
            extracted.rules,
            extracted.generators,
        );
        super::default_content_type(&mut self.request.headers, "application/json");
        self
    }

    /// A text body (with `Content-Type: text/plain` unless a content type was set).
    pub fn body(mut self, text: impl Into<String>) -> Self {
        let content_type = self
            .request
            .headers
            .first("content-type")
            .unwrap_or("text/plain")
            .to_string();
        self.request.body = Body::text(text, content_type.clone());
        super::default_content_type(&mut self.request.headers, &content_type);
        self
    }

    /// A body of raw bytes with the given content type.
    pub fn body_bytes(mut self, bytes: impl Into<Vec<u8>>, content_type: &str) -> Self {
        self.request.body = Body::bytes(bytes, Some(content_type.into()));
        super::default_content_type(&mut self.request.headers, content_type);
        self
    }

    pub(crate) fn replace(mut self, request: Request) -> Self {
        self.request = request;
        self
    }

    /// The request built so far.
    pub fn build(self) -> Request {
        self.request
    }
}

fn set_rules(request: &mut Request, category: Category, path: DocPath, rules: &[pact_core::MatchingRule]) {
    for rule in rules {
        request.matching_rules.add(category, path.clone(), rule.clone());
    }
}
