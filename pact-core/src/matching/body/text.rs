//! Plain-text bodies: equal, or matching the rules written at `$`.

use crate::Mismatch;
use crate::matching::context::{Ctx, body_mismatch};
use crate::matching::rule_eval::Val;
use crate::matching::rule_select::Seg;

/// Compares two texts under the rules at `path` (equality when there are none).
pub(crate) fn compare(
    ctx: &Ctx<'_>,
    path: &[Seg<'_>],
    expected: &str,
    actual: &str,
    out: &mut Vec<Mismatch>,
) {
    compare_shown(ctx, path, expected, actual, |text| Val::Text(text).render(), out);
}

/// As [`compare`], with the texts in a mismatch as `show` renders them.
pub(crate) fn compare_shown(
    ctx: &Ctx<'_>,
    path: &[Seg<'_>],
    expected: &str,
    actual: &str,
    show: impl Fn(&str) -> String,
    out: &mut Vec<Mismatch>,
) {
    let result = ctx.check(path, Val::Text(expected), Val::Text(actual), || {
        expected == actual
    });
    if let Err(reason) = result {
        out.push(body_mismatch(path, show(expected), show(actual), reason));
    }
}
