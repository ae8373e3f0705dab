//! Query parameters: every expected parameter must be present with the same values in the same
//! order (or values satisfying the `query` rules for its name); unexpected parameters are errors.

use super::context::Ctx;
use super::rule_select::Seg;
use super::values::{compare_values, render_values};
use crate::mismatch::{MismatchKind, MismatchReason};
use crate::{Mismatch, Query};

/// Compares the expected query with the actual one under the `query` rules in `ctx`.
pub(crate) fn compare(ctx: &Ctx<'_>, expected: &Query, actual: &Query, out: &mut Vec<Mismatch>) {
    for (name, wanted) in expected.iter() {
        let kind = || MismatchKind::Query {
            parameter: name.to_string(),
        };
        match actual.get(name) {
            Some(got) => {
                for (e, a, reason) in compare_values(ctx, &[Seg::Field(name)], wanted, got) {
                    out.push(Mismatch::because(kind(), e, a, reason));
                }
            }
            None => out.push(Mismatch::because(
                kind(),
                render_values(wanted),
                "<missing>",
                MismatchReason::Missing,
            )),
        }
    }
    for (name, got) in actual.iter() {
        if expected.get(name).is_none() {
            out.push(Mismatch::because(
                MismatchKind::Query {
                    parameter: name.to_string(),
                },
                "<absent>",
                format!("{name}={}", render_values(got)),
                MismatchReason::Unexpected,
            ));
        }
    }
}
