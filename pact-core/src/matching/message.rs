//! Matching an actual message against the expected one.

use serde_json::{Map, Value};

use super::{body, category_ctx, metadata};
use crate::rules::Category;
use crate::{Body, Message, Mismatch};

/// The contents' own (specific) content type, else the `contentType` (or `content-type`) metadata entry.
fn content_type<'a>(contents: &'a Body, metadata: &'a Map<String, Value>) -> Option<&'a str> {
    super::request::specific_content_type(contents).or_else(|| {
        metadata
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case("contentType") || k.eq_ignore_ascii_case("content-type"))
            .and_then(|(_, v)| v.as_str())
    })
}

/// Compares contents and metadata; as a tolerant reader, extra fields and keys are fine.
pub(crate) fn compare(expected: &Message, actual: &Message) -> Vec<Mismatch> {
    let rules = &expected.matching_rules;
    let mut out = Vec::new();
    body::compare_body(
        &category_ctx(rules, Category::Body, true),
        (
            &expected.contents,
            content_type(&expected.contents, &expected.metadata),
        ),
        (&actual.contents, content_type(&actual.contents, &actual.metadata)),
        &mut out,
    );
    metadata::compare(
        &category_ctx(rules, Category::Metadata, true),
        &expected.metadata,
        &actual.metadata,
        &mut out,
    );
    out
}
