//! Line diffs of pretty-printed JSON, with three lines of context around changes.

use serde_json::Value;
use similar::{ChangeTag, TextDiff};

/// One line of a diff.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DiffLine {
    /// `+`, `-` or ` `; `…` marks skipped unchanged lines.
    pub sign: char,
    /// The line without its newline.
    pub text: String,
}

/// `value` as indented JSON with a final newline.
fn pretty(value: &Value) -> String {
    let mut text = serde_json::to_string_pretty(value).unwrap_or_default();
    text.push('\n');
    text
}

/// The changed lines between `old` and `new` (pretty-printed), with three lines of context and
/// `…` where unchanged lines are skipped.
pub(super) fn line_diff(old: &Value, new: &Value) -> Vec<DiffLine> {
    let (old, new) = (pretty(old), pretty(new));
    let diff = TextDiff::from_lines(&old, &new);
    let mut lines = Vec::new();
    for (i, group) in diff.grouped_ops(3).iter().enumerate() {
        if i > 0 {
            lines.push(DiffLine {
                sign: '…',
                text: String::new(),
            });
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                    ChangeTag::Equal => ' ',
                };
                lines.push(DiffLine {
                    sign,
                    text: change.value().trim_end_matches('\n').to_string(),
                });
            }
        }
    }
    lines
}

/// Every line of `value`, each marked with `sign` (an added or removed interaction).
pub(super) fn whole(sign: char, value: &Value) -> Vec<DiffLine> {
    pretty(value)
        .lines()
        .map(|l| DiffLine {
            sign,
            text: l.to_string(),
        })
        .collect()
}
