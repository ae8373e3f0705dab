//! Comparing bodies: choosing how by content type, and the missing/empty/null semantics.
//!
//! - An expected body that is *missing* matches anything.
//! - An expected `null` or empty body matches a missing, empty or `null` actual body only.
//! - Otherwise the expected content type (declared, else sniffed from the bytes) chooses the
//!   comparison: JSON, XML, form, multipart, text, or bytes. A `contentType` rule at `$` checks the
//!   actual bytes' sniffed type instead of comparing content.

mod binary;
mod form;
pub(crate) mod json;
mod multipart;
mod text;
mod xml;

use super::context::{Ctx, body_mismatch};
use super::formats::sniff_content_type;
use super::rule_eval::Val;
use super::rule_select::Seg;
use crate::mismatch::{MismatchKind, MismatchReason};
use crate::rules::MatchingRule;
use crate::{Body, Mismatch};

/// How a body is compared.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Family {
    Json,
    Xml,
    Form,
    Multipart,
    Text,
    Binary,
}

fn declared_family(content_type: &str) -> Family {
    let base = crate::model::media_type::essence(content_type);
    if base == "application/json" || base.ends_with("+json") || base == "text/json" {
        Family::Json
    } else if base.ends_with("/xml") || base.ends_with("+xml") {
        Family::Xml
    } else if base == "application/x-www-form-urlencoded" {
        Family::Form
    } else if base.starts_with("multipart/") {
        Family::Multipart
    } else if base.starts_with("text/") || base == "application/javascript" || base == "application/x-ndjson"
    {
        Family::Text
    } else {
        Family::Binary
    }
}

fn sniffed_family(bytes: &[u8]) -> Family {
    match sniff_content_type(bytes) {
        "application/json" => Family::Json,
        "application/xml" => Family::Xml,
        "text/plain" => Family::Text,
        _ => Family::Binary,
    }
}

fn family(content_type: Option<&str>, bytes: &[u8]) -> Family {
    match content_type {
        Some(ct) if !ct.trim().is_empty() => declared_family(ct),
        _ => sniffed_family(bytes),
    }
}

/// Compares two bodies with their content types (from the body, else the headers or metadata).
pub(crate) fn compare_body(
    ctx: &Ctx<'_>,
    (expected, expected_type): (&Body, Option<&str>),
    (actual, actual_type): (&Body, Option<&str>),
    out: &mut Vec<Mismatch>,
) {
    let present = |body: &Body| match body {
        Body::Present { bytes, .. } if !bytes.is_empty() => Some(bytes.clone()),
        _ => None,
    };
    match expected {
        Body::Missing => {}
        Body::Null | Body::Empty => {
            if let Some(bytes) = present(actual).filter(|b| b.trim_ascii() != b"null") {
                let wanted = if matches!(expected, Body::Null) {
                    "null"
                } else {
                    "an empty body"
                };
                out.push(body_mismatch(
                    &[],
                    wanted,
                    Val::Bytes(&bytes).render(),
                    MismatchReason::NotEqual,
                ));
            }
        }
        Body::Present { bytes, .. } => match actual {
            Body::Present { bytes: got, .. } => {
                compare_content(ctx, &[], (bytes, expected_type), (got, actual_type), out)
            }
            _ if bytes.is_empty() => {}
            // An empty body where rules are written for the whole body: the rules judge it
            // (`notEmpty` says it is empty rather than missing).
            Body::Empty if ctx.select(&[]).is_some_and(|s| s.exact) => {
                compare_content(ctx, &[], (bytes, expected_type), (&[], actual_type), out)
            }
            _ => out.push(body_mismatch(
                &[],
                Val::Bytes(bytes).render(),
                "<missing>",
                MismatchReason::Missing,
            )),
        },
    }
}

/// Compares content at `prefix` (the root, or a multipart part) by the expected content type.
pub(crate) fn compare_content(
    ctx: &Ctx<'_>,
    prefix: &[Seg<'_>],
    (expected, expected_type): (&[u8], Option<&str>),
    (actual, actual_type): (&[u8], Option<&str>),
    out: &mut Vec<Mismatch>,
) {
    let content_rule = ctx.select(prefix).is_some_and(|s| {
        s.exact
            && s.list
                .rules
                .iter()
                .any(|r| matches!(r, MatchingRule::ContentType(_)))
    });
    if content_rule {
        binary::compare(ctx, prefix, expected, actual, out);
        return;
    }
    let wanted = family(expected_type, expected);
    if let (Some(e), Some(a)) = (expected_type, actual_type)
        && !a.trim().is_empty()
        && declared_family(a) != wanted
    {
        out.push(body_type_mismatch(e, a));
        return;
    }
    let as_text = |b: &[u8]| String::from_utf8_lossy(b).into_owned();
    match wanted {
        Family::Json => {
            let Ok(e) = serde_json::from_slice::<serde_json::Value>(expected) else {
                text::compare(ctx, prefix, &as_text(expected), &as_text(actual), out);
                return;
            };
            match serde_json::from_slice::<serde_json::Value>(actual) {
                Ok(a) => {
                    let mut path: Vec<Seg<'_>> = prefix.to_vec();
                    json::compare(ctx, &mut path, &e, &a, out);
                }
                Err(_) => out.push(not_parsed("JSON", actual, actual_type)),
            }
        }
        Family::Xml => {
            let (e_text, a_text) = (as_text(expected), as_text(actual));
            let Ok(e) = xml::parse(&e_text) else {
                text::compare(ctx, prefix, &e_text, &a_text, out);
                return;
            };
            match xml::parse(&a_text) {
                Ok(a) => {
                    let mut path: Vec<Seg<'_>> = prefix.to_vec();
                    xml::compare(ctx, &mut path, &e, &a, out);
                }
                Err(_) => out.push(not_parsed("XML", actual, actual_type)),
            }
        }
        Family::Form => form::compare(ctx, prefix, &as_text(expected), &as_text(actual), out),
        Family::Multipart => {
            multipart::compare(ctx, prefix, (expected, expected_type), (actual, actual_type), out)
        }
        Family::Text => text::compare(ctx, prefix, &as_text(expected), &as_text(actual), out),
        Family::Binary => binary::compare(ctx, prefix, expected, actual, out),
    }
}

fn body_type_mismatch(expected: &str, actual: &str) -> Mismatch {
    Mismatch::because(
        MismatchKind::BodyType,
        expected,
        actual,
        MismatchReason::Other(format!("expected a body of type {expected}, got {actual}")),
    )
}

fn not_parsed(what: &str, actual: &[u8], actual_type: Option<&str>) -> Mismatch {
    let seen = actual_type.unwrap_or_else(|| sniff_content_type(actual));
    Mismatch::because(
        MismatchKind::BodyType,
        what,
        seen,
        MismatchReason::Other(format!(
            "expected a {what} body, got one that is not {what} ({seen}): {}",
            Val::Bytes(actual).render()
        )),
    )
}
