//! Headers: names ignore case; comma-separated values are compared item by item (whitespace
//! around commas does not matter, order does), except for headers whose values contain commas
//! themselves (`Date`, `Expires`, `Set-Cookie`…). `Content-Type` and `Accept` compare as media
//! types: the type ignores case, and every expected parameter must be present with the same value
//! (`charset` ignoring case; a multipart `boundary` is not compared); extra parameters are fine.
//! A rule for a header applies to the whole value of each of its lines. Extra headers are always
//! fine. `Content-Length` and `Transfer-Encoding` describe how the body travels, not what it is: a
//! recorded value is not compared unless a rule names it.

use super::context::Ctx;
use super::rule_eval::{Val, eval_list};
use super::rule_select::Seg;
use crate::mismatch::{MismatchKind, MismatchReason};
use crate::{Headers, Mismatch};

/// Headers whose single values contain commas, so they are never split.
const UNSPLIT: &[&str] = &[
    "date",
    "expires",
    "last-modified",
    "if-modified-since",
    "if-unmodified-since",
    "if-range",
    "retry-after",
    "set-cookie",
    "cookie",
    "www-authenticate",
    "proxy-authenticate",
    "authorization",
    "user-agent",
    "content-type",
];

/// Headers that describe the body's framing, computed by whoever sends the body.
const FRAMING: &[&str] = &["content-length", "transfer-encoding"];

/// Headers whose items are media types.
const MEDIA_TYPED: &[&str] = &["content-type", "accept"];

fn is_one_of(name: &str, list: &[&str]) -> bool {
    list.iter().any(|n| n.eq_ignore_ascii_case(name))
}

/// The items of a header's values: split at commas unless the header is one that contains them.
fn items<'v>(name: &str, values: &'v [String]) -> impl Iterator<Item = &'v str> {
    let split = !is_one_of(name, UNSPLIT);
    values
        .iter()
        .flat_map(move |v| {
            let mut whole = Some(v.as_str());
            let mut parts = v.split(',');
            std::iter::from_fn(move || if split { parts.next() } else { whole.take() })
        })
        .map(str::trim)
        .filter(|v| !v.is_empty())
}

/// A media type's `type/subtype` and its parameters (names lower-cased, values unquoted).
fn media_type(text: &str) -> (&str, Vec<(String, &str)>) {
    let mut parts = text.split(';');
    let base = parts.next().unwrap_or("").trim();
    let params = parts
        .filter_map(|p| {
            let (k, v) = p.split_once('=')?;
            Some((k.trim().to_ascii_lowercase(), v.trim().trim_matches('"')))
        })
        .collect();
    (base, params)
}

/// Whether `actual` is the media type `expected`: same type (ignoring case when `ignore_case`),
/// and every expected parameter present with the same value (`charset` ignoring case).
fn media_type_matches(expected: &str, actual: &str, ignore_case: bool) -> bool {
    let (e_base, e_params) = media_type(expected);
    let (a_base, a_params) = media_type(actual);
    (if ignore_case {
        e_base.eq_ignore_ascii_case(a_base)
    } else {
        e_base == a_base
    }) && e_params.iter().all(|(key, value)| {
        // A multipart body's boundary is chosen afresh by whoever sends it.
        if key == "boundary" && e_base.to_ascii_lowercase().starts_with("multipart/") {
            return true;
        }
        a_params.iter().any(|(k, v)| {
            k == key
                && if key == "charset" {
                    v.eq_ignore_ascii_case(value)
                } else {
                    v == value
                }
        })
    })
}

fn values_match(name: &str, expected: &[String], actual: &[String]) -> bool {
    if expected == actual {
        return true;
    }
    let media = is_one_of(name, MEDIA_TYPED);
    let ignore_case = name.eq_ignore_ascii_case("content-type");
    let (mut e, mut a) = (items(name, expected), items(name, actual));
    loop {
        match (e.next(), a.next()) {
            (None, None) => return true,
            (Some(x), Some(y)) if media && media_type_matches(x, y, ignore_case) => {}
            (Some(x), Some(y)) if !media && x == y => {}
            _ => return false,
        }
    }
}

/// All values of a header as one string, borrowed when there is only one.
fn joined(values: &[String]) -> std::borrow::Cow<'_, str> {
    match values {
        [one] => std::borrow::Cow::Borrowed(one.as_str()),
        many => std::borrow::Cow::Owned(many.join(", ")),
    }
}

/// Compares the expected headers with the actual ones under the `header` rules in `ctx`.
pub(crate) fn compare(ctx: &Ctx<'_>, expected: &Headers, actual: &Headers, out: &mut Vec<Mismatch>) {
    for (name, wanted) in expected.iter() {
        if is_one_of(name, FRAMING) && ctx.select(&[Seg::Field(name)]).is_none() {
            continue;
        }
        let kind = || MismatchKind::Header {
            name: name.to_string(),
        };
        let Some(got) = actual.get(name) else {
            let rendered = joined(wanted);
            out.push(Mismatch::because(
                kind(),
                format!("{rendered:?}"),
                "<missing>",
                MismatchReason::Missing,
            ));
            continue;
        };
        let rendered = joined(wanted);
        let result = match ctx.select(&[Seg::Field(name)]) {
            // A rule applies to each line of a repeated header (as in the reference), to the
            // whole value of each line.
            Some(selected) => got.iter().try_for_each(|line| {
                eval_list(
                    selected.list,
                    |_| true,
                    Some(Val::Text(&rendered)),
                    Val::Text(line),
                )
                .map_err(|reason| (reason, format!("{line:?}")))
            }),
            None if values_match(name, wanted, got) => Ok(()),
            None => Err((MismatchReason::NotEqual, format!("{:?}", joined(got)))),
        };
        if let Err((reason, seen)) = result {
            out.push(Mismatch::because(kind(), format!("{rendered:?}"), seen, reason));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_compare_by_type_and_expected_parameters() {
        assert!(media_type_matches(
            "application/json",
            "application/json; charset=UTF-8",
            true
        ));
        assert!(media_type_matches(
            "application/json;charset=utf-8",
            "Application/JSON; charset=UTF-8",
            true
        ));
        assert!(!media_type_matches(
            "application/json;charset=utf-8",
            "Application/JSON; charset=UTF-8",
            false
        ));
        assert!(!media_type_matches(
            "application/json; charset=UTF-16",
            "application/json; charset=UTF-8",
            true
        ));
    }

    #[test]
    fn dates_are_not_split_at_commas() {
        let v = vec!["Wed, 21 Oct 2015 07:28:00 GMT".to_string()];
        assert_eq!(items("Date", &v).count(), 1);
        assert_eq!(
            items("Accept", &["a, b".to_string()]).collect::<Vec<_>>(),
            vec!["a", "b"]
        );
    }
}
