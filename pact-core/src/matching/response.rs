//! Matching an actual HTTP response against the expected one.

use super::request::content_type;
use super::{body, category_ctx, headers, status};
use crate::rules::Category;
use crate::{Mismatch, Response};

/// Compares status, headers and body; as a tolerant reader, extra body fields are fine.
pub(crate) fn compare(expected: &Response, actual: &Response) -> Vec<Mismatch> {
    let rules = &expected.matching_rules;
    let mut out = Vec::new();
    status::compare(
        &category_ctx(rules, Category::Status, true),
        expected.status,
        actual.status,
        &mut out,
    );
    headers::compare(
        &category_ctx(rules, Category::Header, true),
        &expected.headers,
        &actual.headers,
        &mut out,
    );
    body::compare_body(
        &category_ctx(rules, Category::Body, true),
        (&expected.body, content_type(&expected.body, &expected.headers)),
        (&actual.body, content_type(&actual.body, &actual.headers)),
        &mut out,
    );
    out
}
