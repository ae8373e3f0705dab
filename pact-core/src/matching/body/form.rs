//! `application/x-www-form-urlencoded` bodies: fields compared like query parameters, with body
//! rules written per field (`$.name`).

use crate::matching::context::{Ctx, body_mismatch};
use crate::matching::rule_select::Seg;
use crate::matching::values::{compare_values, render_values};
use crate::mismatch::MismatchReason;
use crate::{Mismatch, Query};

/// Compares two form bodies; `prefix` is where the body sits.
pub(crate) fn compare(
    ctx: &Ctx<'_>,
    prefix: &[Seg<'_>],
    expected: &str,
    actual: &str,
    out: &mut Vec<Mismatch>,
) {
    let (expected, actual) = (Query::parse(expected), Query::parse(actual));
    let mut path: Vec<Seg<'_>> = prefix.to_vec();
    for (name, wanted) in expected.iter() {
        path.push(Seg::Field(name));
        match actual.get(name) {
            Some(got) => {
                for (e, a, reason) in compare_values(ctx, &path, wanted, got) {
                    out.push(body_mismatch(&path, e, a, reason));
                }
            }
            None => out.push(body_mismatch(
                &path,
                render_values(wanted),
                "<missing>",
                MismatchReason::Missing,
            )),
        }
        path.pop();
    }
    if ctx.allow_unexpected {
        return;
    }
    for (name, got) in actual.iter() {
        if expected.get(name).is_none() {
            path.push(Seg::Field(name));
            out.push(body_mismatch(
                &path,
                "<absent>",
                render_values(got),
                MismatchReason::Unexpected,
            ));
            path.pop();
        }
    }
}
