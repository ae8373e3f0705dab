//! The response status: equal, or matching the `status` rules (typically `statusCode`).

use super::context::Ctx;
use super::rule_eval::Val;
use crate::Mismatch;
use crate::mismatch::MismatchKind;

/// Compares status codes under the `status` rules in `ctx`.
pub(crate) fn compare(ctx: &Ctx<'_>, expected: u16, actual: u16, out: &mut Vec<Mismatch>) {
    let result = ctx.check(&[], Val::Status(expected), Val::Status(actual), || {
        expected == actual
    });
    if let Err(reason) = result {
        out.push(Mismatch::because(
            MismatchKind::Status,
            expected.to_string(),
            actual.to_string(),
            reason,
        ));
    }
}
