//! Message metadata: every expected key must be present with an equal value (or one satisfying the
//! `metadata` rules for the key); content types compare as media types; extra keys are fine.

use serde_json::{Map, Value};

use super::context::Ctx;
use super::rule_eval::{Val, json_equal, render_json};
use super::rule_select::Seg;
use crate::Mismatch;
use crate::mismatch::{MismatchKind, MismatchReason};
use crate::model::media_type::essence;

fn is_content_type_key(key: &str) -> bool {
    key.eq_ignore_ascii_case("contentType") || key.eq_ignore_ascii_case("content-type")
}

fn same_media_type(expected: &Value, actual: &Value) -> bool {
    let base = |v: &Value| v.as_str().map(essence);
    base(expected).is_some() && base(expected) == base(actual)
}

/// Compares expected metadata with the actual metadata under the `metadata` rules in `ctx`.
pub(crate) fn compare(
    ctx: &Ctx<'_>,
    expected: &Map<String, Value>,
    actual: &Map<String, Value>,
    out: &mut Vec<Mismatch>,
) {
    for (key, wanted) in expected {
        let kind = || MismatchKind::Metadata { key: key.clone() };
        let found = actual.get(key).or_else(|| {
            is_content_type_key(key)
                .then(|| {
                    actual
                        .iter()
                        .find(|(k, _)| is_content_type_key(k))
                        .map(|(_, v)| v)
                })
                .flatten()
        });
        let Some(got) = found else {
            out.push(Mismatch::because(
                kind(),
                render_json(wanted),
                "<missing>",
                MismatchReason::Missing,
            ));
            continue;
        };
        let result = ctx.check(&[Seg::Field(key)], Val::Json(wanted), Val::Json(got), || {
            json_equal(wanted, got) || (is_content_type_key(key) && same_media_type(wanted, got))
        });
        if let Err(reason) = result {
            out.push(Mismatch::because(
                kind(),
                render_json(wanted),
                render_json(got),
                reason,
            ));
        }
    }
}
