//! Comparing the values of one named, multi-valued item (a query parameter, a form field).

use super::context::Ctx;
use super::rule_eval::{Val, check_size, eval_list};
use super::rule_select::Seg;
use crate::mismatch::MismatchReason;

/// A difference found by [`compare_values`]: rendered expected, rendered actual, and why.
pub(crate) type ValueDifference = (String, String, MismatchReason);

/// Renders a list of values: `"a"` for one, `["a", "b"]` for several.
pub(crate) fn render_values(values: &[String]) -> String {
    match values {
        [one] => format!("{one:?}"),
        many => format!("{many:?}"),
    }
}

/// Compares the values of one name under the rules at `path`: with rules, each actual value must
/// satisfy them (with the expected value at the same position, else the first, as example) and
/// `min`/`max` count the values; without rules, the lists must be equal, in order.
pub(crate) fn compare_values(
    ctx: &Ctx<'_>,
    path: &[Seg<'_>],
    expected: &[String],
    actual: &[String],
) -> Vec<ValueDifference> {
    let mut differences = Vec::new();
    let Some(selected) = ctx.select(path) else {
        if expected != actual {
            differences.push((
                render_values(expected),
                render_values(actual),
                MismatchReason::NotEqual,
            ));
        }
        return differences;
    };
    for rule in &selected.list.rules {
        if let Err(reason) = check_size(rule, actual.len()) {
            differences.push((render_values(expected), render_values(actual), reason));
        }
    }
    for (i, value) in actual.iter().enumerate() {
        let example = expected.get(i).or_else(|| expected.first());
        let result = eval_list(
            selected.list,
            |_| true,
            example.map(|e| Val::Text(e)),
            Val::Text(value),
        );
        if let Err(reason) = result {
            let rendered = example.map(|e| format!("{e:?}")).unwrap_or_default();
            differences.push((rendered, format!("{value:?}"), reason));
        }
    }
    differences
}
