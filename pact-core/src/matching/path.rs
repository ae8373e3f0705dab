//! The request line: method (ignoring case) and path (equal, or matching the `path` rules).

use super::context::Ctx;
use super::rule_eval::Val;
use crate::Mismatch;
use crate::mismatch::MismatchKind;

/// Compares a single textual item (method or path) under the rules written at `$`.
fn compare_item(
    ctx: &Ctx<'_>,
    kind: MismatchKind,
    expected: &str,
    actual: &str,
    equal: fn(&str, &str) -> bool,
    out: &mut Vec<Mismatch>,
) {
    let result = ctx.check(&[], Val::Text(expected), Val::Text(actual), || {
        equal(expected, actual)
    });
    if let Err(reason) = result {
        out.push(Mismatch::because(
            kind,
            format!("{expected:?}"),
            format!("{actual:?}"),
            reason,
        ));
    }
}

/// Compares methods, ignoring case, under the `method` rules in `ctx`.
pub(crate) fn compare_method(ctx: &Ctx<'_>, expected: &str, actual: &str, out: &mut Vec<Mismatch>) {
    compare_item(
        ctx,
        MismatchKind::Method,
        expected,
        actual,
        |e, a| e.eq_ignore_ascii_case(a),
        out,
    );
}

/// Compares paths exactly (a trailing slash matters) under the `path` rules in `ctx`.
pub(crate) fn compare_path(ctx: &Ctx<'_>, expected: &str, actual: &str, out: &mut Vec<Mismatch>) {
    compare_item(ctx, MismatchKind::Path, expected, actual, |e, a| e == a, out);
}
