//! Plain-text bodies: equal, or matching the rules written at `$`.

use crate::Mismatch;
use crate::matching::context::{Ctx, body_mismatch};
use crate::matching::rule_eval::{Val, eval_list};
use crate::matching::rule_select::Seg;
use crate::mismatch::MismatchReason;

/// Compares two texts under the rules at `path` (equality when there are none).
pub(crate) fn compare(
    ctx: &Ctx<'_>,
    path: &[Seg<'_>],
    expected: &str,
    actual: &str,
    out: &mut Vec<Mismatch>,
) {
    let result = match ctx.select(path) {
        Some(selected) => eval_list(
            selected.list,
            |_| true,
            Some(Val::Text(expected)),
            Val::Text(actual),
        ),
        None if expected == actual => Ok(()),
        None => Err(MismatchReason::NotEqual),
    };
    if let Err(reason) = result {
        out.push(body_mismatch(
            path,
            Val::Text(expected).render(),
            Val::Text(actual).render(),
            reason,
        ));
    }
}
