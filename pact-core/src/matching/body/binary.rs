//! Bodies of other content types: the same bytes, or matching the rules written at `$`
//! (typically `contentType`, which sniffs the bytes).

use crate::Mismatch;
use crate::matching::context::{Ctx, body_mismatch};
use crate::matching::rule_eval::Val;
use crate::matching::rule_select::Seg;

/// Compares two byte strings under the rules at `path` (equality when there are none).
pub(crate) fn compare(
    ctx: &Ctx<'_>,
    path: &[Seg<'_>],
    expected: &[u8],
    actual: &[u8],
    out: &mut Vec<Mismatch>,
) {
    let result = ctx.check(path, Val::Bytes(expected), Val::Bytes(actual), || {
        expected == actual
    });
    if let Err(reason) = result {
        out.push(body_mismatch(
            path,
            Val::Bytes(expected).render(),
            Val::Bytes(actual).render(),
            reason,
        ));
    }
}
