//! Matching an actual HTTP request against the expected one.

use super::{body, category_ctx, headers, path, query};
use crate::rules::Category;
use crate::{Mismatch, Request};

/// Compares method, path, query, headers and body; unexpected body fields are errors.
pub(crate) fn compare(expected: &Request, actual: &Request) -> Vec<Mismatch> {
    let rules = &expected.matching_rules;
    let mut out = Vec::new();
    path::compare_method(
        &category_ctx(rules, Category::Method, false),
        &expected.method,
        &actual.method,
        &mut out,
    );
    path::compare_path(
        &category_ctx(rules, Category::Path, false),
        &expected.path,
        &actual.path,
        &mut out,
    );
    query::compare(
        &category_ctx(rules, Category::Query, false),
        &expected.query,
        &actual.query,
        &mut out,
    );
    headers::compare(
        &category_ctx(rules, Category::Header, false),
        &expected.headers,
        &actual.headers,
        &mut out,
    );
    body::compare_body(
        &category_ctx(rules, Category::Body, false),
        (&expected.body, content_type(&expected.body, &expected.headers)),
        (&actual.body, content_type(&actual.body, &actual.headers)),
        &mut out,
    );
    out
}

/// The body's own content type, else the `Content-Type` header (with its parameters).
pub(crate) fn content_type<'a>(body: &'a crate::Body, headers: &'a crate::Headers) -> Option<&'a str> {
    specific_content_type(body).or_else(|| headers.first("content-type"))
}

/// The body's own content type unless it is the wildcard `*/*`, which says nothing (the reference
/// mock server writes it for V4 bodies it could not classify, whatever the `Content-Type` header says).
pub(crate) fn specific_content_type(body: &crate::Body) -> Option<&str> {
    body.content_type().filter(|ct| ct.trim() != "*/*")
}
