//! Line diffs of expected and actual bodies.

use pact_core::Body;
use similar::{ChangeTag, TextDiff};

/// A body as lines to diff: pretty JSON when it parses, else text.
fn body_lines(body: &Body) -> String {
    match body {
        Body::Missing => "<no body>".into(),
        Body::Empty => "<empty body>".into(),
        _ => match body.as_json() {
            Some(json) => serde_json::to_string_pretty(&json).unwrap_or_else(|_| body.as_text()),
            None => body.as_text(),
        },
    }
}

/// A `-`/`+` line diff of the expected and actual bodies (three lines of context), or `None`
/// when they render the same.
pub(crate) fn body_diff(expected: &Body, actual: &Body) -> Option<String> {
    let expected = body_lines(expected);
    let actual = body_lines(actual);
    if expected == actual {
        return None;
    }
    let diff = TextDiff::from_lines(&expected, &actual);
    let mut out = String::new();
    for (group_index, group) in diff.grouped_ops(3).iter().enumerate() {
        if group_index > 0 {
            out.push_str("...\n");
        }
        for op in group {
            for change in diff.iter_changes(op) {
                let sign = match change.tag() {
                    ChangeTag::Delete => '-',
                    ChangeTag::Insert => '+',
                    ChangeTag::Equal => ' ',
                };
                out.push(sign);
                out.push(' ');
                out.push_str(change.value().trim_end_matches('\n'));
                out.push('\n');
            }
        }
    }
    Some(out)
}
