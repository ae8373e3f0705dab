//! Comparing our mismatches with the reference's.
//!
//! The suite names each expected mismatch by the reference implementation's English sentence. Our
//! mismatches carry the same facts as data (where, why, expected and actual values) but are worded
//! in our own way (see README, "Compatibility"), so a reference sentence is read back into the
//! facts it states and a mismatch of ours must state the same facts: same place (category, query
//! parameter, header, body path), same reason (not equal, wrong type, regex not matched, too few
//! items, …, with the reason's own values: pattern, substring, sizes, types) and the same actual
//! value where the sentence quotes one. A sentence of a shape not known here fails the step.

use std::sync::LazyLock;

use pact_core::mismatch::MismatchReason;
use pact_core::{Mismatch, MismatchKind};
use regex::{Captures, Regex};

type Check = fn(&Captures, &Mismatch) -> bool;

/// The reference sentences, as patterns, with the facts each states.
static SHAPES: LazyLock<Vec<(Regex, Check)>> = LazyLock::new(|| {
    let shapes: Vec<(&str, Check)> = vec![
        (r"^Expected query parameter '(.+)' but was missing$", |c, m| {
            query_named(m, &c[1]) && reason(m, |r| matches!(r, MismatchReason::Missing))
        }),
        (r"^Unexpected query parameter '(.+)' received$", |c, m| {
            query_named(m, &c[1]) && reason(m, |r| matches!(r, MismatchReason::Unexpected))
        }),
        (r"^Expected a header '(.+)' but was missing$", |c, m| {
            header_named(m, &c[1]) && reason(m, |r| matches!(r, MismatchReason::Missing))
        }),
        (
            r"^Expected header '(.+)' to have value '(.+)' but was '(.+)'$",
            |c, m| header_named(m, &c[1]) && !reason(m, |r| matches!(r, MismatchReason::Missing)),
        ),
        (
            r"^Expected a body of '(.+)' but the actual content type was '(.+)'$",
            |c, m| {
                matches!(m.kind, MismatchKind::BodyType)
                    && m.expected.contains(&c[1])
                    && m.actual.contains(&c[2])
            },
        ),
        (
            r"^Expected body '(.*)' to match '(.*)' using equality but did not match$",
            |c, m| {
                is_body(m) && reason(m, |r| matches!(r, MismatchReason::NotEqual)) && same(&m.actual, &c[2])
            },
        ),
        (
            r"^Expected a Map with keys \[(.*)\] but received one with keys \[(.*)\]$",
            |c, m| {
                let actual: Vec<&str> = c[2].split(',').map(str::trim).collect();
                let missing = c[1].split(',').map(str::trim).find(|k| !actual.contains(k));
                missing.is_some_and(|key| {
                    body_path(m).is_some_and(|p| p == normalise_path(&format!("$.{key}")))
                        && reason(m, |r| matches!(r, MismatchReason::Missing))
                })
            },
        ),
        (r"^Expected child <(\w+)/> but was missing$", |c, m| {
            body_path(m).is_some_and(|p| p.ends_with(&c[1]))
                && reason(m, |r| matches!(r, MismatchReason::Missing))
        }),
        (
            r"^Actual body \[(.+?), (\d+) bytes, .*\] is not equal to the expected body \[(.+?), (\d+) bytes, .*\]$",
            |_, m| {
                is_body(m)
                    && reason(m, |r| {
                        matches!(r, MismatchReason::NotEqual | MismatchReason::Other(_))
                    })
            },
        ),
        (
            r"^Expected form post parameter '(.+)' with value '(.*)' but was '(.*)'$",
            |c, m| body_path(m).is_some_and(|p| p.ends_with(&c[1])) && same(&m.actual, &c[3]),
        ),
        (
            r"^Expected (.+) \((\w+)\) to be equal to (.+) \((\w+)\)$",
            |c, m| {
                reason(m, |r| matches!(r, MismatchReason::NotEqual))
                    && same(&m.actual, &c[1])
                    && same(&m.expected, &c[3])
            },
        ),
        (
            r"^(?:Type mismatch: )?Expected (.+) \((\w+)\) to be the same type as (.+) \((\w+)\)$",
            |c, m| {
                reason(m, |r| match r {
                    MismatchReason::WrongType {
                        expected_type,
                        actual_type,
                    } => expected_type.eq_ignore_ascii_case(&c[4]) && actual_type.eq_ignore_ascii_case(&c[2]),
                    _ => false,
                }) && same(&m.actual, &c[1])
            },
        ),
        (r"^Expected '(.*)' to match a date pattern of '(.+)'$", |c, m| {
            reason(
                m,
                |r| matches!(r, MismatchReason::NotA { what } if what.contains(&c[2])),
            ) && same(&m.actual, &c[1])
        }),
        (r"^Expected (.+) \((\w+)\) to match a boolean$", |c, m| {
            reason(
                m,
                |r| matches!(r, MismatchReason::NotA { what } if what.contains("boolean")),
            ) && same(&m.actual, &c[1])
        }),
        (r"^Expected '(.*)' to match '(.+?)'?$", |c, m| {
            reason(
                m,
                |r| matches!(r, MismatchReason::NoRegexMatch { pattern } if pattern == &c[2]),
            ) && same(&m.actual, &c[1])
        }),
        (r"^Expected '(.*)' to include '(.*)'$", |c, m| {
            reason(
                m,
                |r| matches!(r, MismatchReason::NotIncluded { substring } if substring == &c[2]),
            ) && same(&m.actual, &c[1])
        }),
        (
            r"^Expected (.*) \(size (\d+)\) to have minimum size of (\d+)$",
            |c, m| {
                reason(
                    m,
                    |r| matches!(r, MismatchReason::TooFew { min, actual } if c[3] == min.to_string() && c[2] == actual.to_string()),
                )
            },
        ),
        (
            r"^Expected (.*) \(size (\d+)\) to have maximum size of (\d+)$",
            |c, m| {
                reason(
                    m,
                    |r| matches!(r, MismatchReason::TooMany { max, actual } if c[3] == max.to_string() && c[2] == actual.to_string()),
                )
            },
        ),
        (
            r"^Expected (.+) \((\w+)\) to be (a number|an integer|a decimal number|a null value)$",
            |c, m| {
                let word = match &c[3] {
                    "a number" => "number",
                    "an integer" => "integer",
                    "a decimal number" => "decimal",
                    _ => "null",
                };
                reason(
                    m,
                    |r| matches!(r, MismatchReason::NotA { what } if what.contains(word)),
                ) && same(&m.actual, &c[1])
            },
        ),
        (
            r"^Expected binary contents to have content type '(.+)' but detected contents was '(.+)'$",
            |c, m| {
                reason(
                    m,
                    |r| matches!(r, MismatchReason::WrongContentType { expected, detected } if expected == &c[1] && detected == &c[2]),
                )
            },
        ),
        (r"^Expected (.*) \((.+)\) to not be empty$", |_, m| {
            reason(m, |r| matches!(r, MismatchReason::Empty))
        }),
        (r"^'(.*)' is not a valid semantic version$", |c, m| {
            reason(
                m,
                |r| matches!(r, MismatchReason::NotA { what } if what.contains("semantic") || what.contains("semver")),
            ) && same(&m.actual, &c[1])
        }),
        (
            r"^Variant at index (\d+) \((.*)\) was not found in the actual list$",
            |c, m| {
                reason(
                    m,
                    |r| matches!(r, MismatchReason::NoElementLike { variant } if c[1] == variant.to_string()),
                )
            },
        ),
        (
            r"^Expected status code (\d+) to be a Successful response \(200–299\)$",
            |c, m| {
                matches!(m.kind, MismatchKind::Status)
                    && same(&m.actual, &c[1])
                    && reason(
                        m,
                        |r| matches!(r, MismatchReason::WrongStatusClass { class } if class.to_lowercase().contains("success")),
                    )
            },
        ),
    ];
    shapes
        .into_iter()
        .map(|(pattern, check)| (Regex::new(pattern).expect("a valid pattern"), check))
        .collect()
});

/// Whether `m` states the facts of the reference sentence `sentence`; `None` when the sentence's
/// shape is unknown.
pub fn states_same_facts(sentence: &str, m: &Mismatch) -> Option<bool> {
    SHAPES
        .iter()
        .find_map(|(pattern, check)| pattern.captures(sentence).map(|c| check(&c, m)))
}

/// Panics unless `found` holds a mismatch of the `category` (`query`, `header`, `body`,
/// `body-content-type`, `status`, `metadata`), at `location` (a body path such as `$.one`, or a
/// header name), stating the facts of the reference `sentence`.
pub fn assert_contains_mismatch(
    found: &[Mismatch],
    category: Option<&str>,
    location: Option<&str>,
    sentence: &str,
) {
    if states_same_facts(sentence, &placeholder()).is_none() {
        panic!("the reference mismatch sentence '{sentence}' has a shape the suite's steps do not know");
    }
    let matched = found
        .iter()
        .filter(|m| category.is_none_or(|c| in_category(m, c)))
        .filter(|m| location.is_none_or(|l| at_location(m, l)))
        .any(|m| states_same_facts(sentence, m) == Some(true));
    if matched {
        return;
    }
    let listed: Vec<String> = found
        .iter()
        .map(|m| {
            format!(
                "{m} [{:?}; expected {}; actual {}]",
                m.reason, m.expected, m.actual
            )
        })
        .collect();
    panic!(
        "no {}mismatch{} like the reference's \"{sentence}\"; found: {listed:#?}",
        category.map(|c| format!("{c} ")).unwrap_or_default(),
        location.map(|l| format!(" at {l}")).unwrap_or_default(),
    );
}

/// A mismatch that only serves to ask whether a sentence's shape is known.
fn placeholder() -> Mismatch {
    Mismatch::new(MismatchKind::Path, "", "", "")
}

fn in_category(m: &Mismatch, category: &str) -> bool {
    match category {
        "query" => matches!(m.kind, MismatchKind::Query { .. }),
        "header" => matches!(m.kind, MismatchKind::Header { .. }),
        "body" => matches!(m.kind, MismatchKind::Body { .. }),
        "body-content-type" => matches!(m.kind, MismatchKind::BodyType),
        "status" => matches!(m.kind, MismatchKind::Status),
        "metadata" => matches!(m.kind, MismatchKind::Metadata { .. }),
        "path" => matches!(m.kind, MismatchKind::Path),
        "method" => matches!(m.kind, MismatchKind::Method),
        other => panic!("unknown mismatch category '{other}'"),
    }
}

fn at_location(m: &Mismatch, location: &str) -> bool {
    if location.starts_with('$') {
        body_path(m).is_some_and(|p| p == normalise_path(location))
    } else {
        header_named(m, location)
    }
}

fn reason(m: &Mismatch, test: impl Fn(&MismatchReason) -> bool) -> bool {
    match &m.reason {
        MismatchReason::NoneOf(reasons) => reasons.iter().any(&test),
        other => test(other),
    }
}

fn query_named(m: &Mismatch, name: &str) -> bool {
    matches!(&m.kind, MismatchKind::Query { parameter } if parameter == name)
}

fn header_named(m: &Mismatch, name: &str) -> bool {
    matches!(&m.kind, MismatchKind::Header { name: n } if n.eq_ignore_ascii_case(name))
}

fn is_body(m: &Mismatch) -> bool {
    matches!(m.kind, MismatchKind::Body { .. })
}

fn body_path(m: &Mismatch) -> Option<String> {
    match &m.kind {
        MismatchKind::Body { path } => Some(normalise_path(path)),
        _ => None,
    }
}

/// `$['a'].b[0]` and `$.a.b.0` alike.
fn normalise_path(path: &str) -> String {
    path.replace("['", ".")
        .replace("']", "")
        .replace('[', ".")
        .replace(']', "")
}

/// The same value, however quoted and spaced: `'dog'`, `"dog"`; `[1, 2]`, `[1,2]`.
fn same(ours: &str, theirs: &str) -> bool {
    let plain = |s: &str| {
        let s = s.trim();
        let s = s
            .strip_prefix('\'')
            .and_then(|s| s.strip_suffix('\''))
            .or_else(|| s.strip_prefix('"').and_then(|s| s.strip_suffix('"')))
            .unwrap_or(s);
        s.chars().filter(|c| !c.is_whitespace()).collect::<String>()
    };
    plain(ours) == plain(theirs)
}
