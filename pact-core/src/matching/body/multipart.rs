//! `multipart/*` bodies: parts are matched by name (`Content-Disposition: form-data; name=…`), each
//! part's content compared by its own content type, with body rules written at `$.<part name>`.

use crate::Mismatch;
use crate::matching::context::{Ctx, body_mismatch};
use crate::matching::rule_select::Seg;
use crate::mismatch::MismatchReason;

/// One part of a multipart body.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Part<'a> {
    /// The `name` of its `Content-Disposition`, or its position when it has none.
    pub(crate) name: String,
    /// Its `Content-Type`, if given.
    pub(crate) content_type: Option<String>,
    /// Its content.
    pub(crate) body: &'a [u8],
}

/// The boundary from a `multipart/…; boundary=…` content type, else from the body's first line.
fn boundary(body: &[u8], content_type: Option<&str>) -> Option<String> {
    let from_type = content_type.and_then(|ct| {
        ct.split(';').skip(1).find_map(|param| {
            let (key, value) = param.split_once('=')?;
            key.trim()
                .eq_ignore_ascii_case("boundary")
                .then(|| value.trim().trim_matches('"').to_string())
        })
    });
    from_type.or_else(|| {
        let text = std::str::from_utf8(body.get(..body.len().min(200))?).ok()?;
        let first = text.trim_start().lines().next()?.trim_end();
        first
            .strip_prefix("--")
            .map(str::to_string)
            .filter(|b| !b.is_empty())
    })
}

fn find(haystack: &[u8], needle: &[u8], from: usize) -> Option<usize> {
    if needle.is_empty() || from >= haystack.len() {
        return None;
    }
    haystack[from..]
        .windows(needle.len())
        .position(|w| w == needle)
        .map(|p| p + from)
}

/// Splits a multipart body into parts; `None` when no boundary can be found.
pub(crate) fn parse<'a>(body: &'a [u8], content_type: Option<&str>) -> Option<Vec<Part<'a>>> {
    let delimiter = format!("--{}", boundary(body, content_type)?).into_bytes();
    let mut parts = Vec::new();
    let mut at = find(body, &delimiter, 0)? + delimiter.len();
    while !body[at..].starts_with(b"--") {
        let end = find(body, &delimiter, at).unwrap_or(body.len());
        let mut segment = &body[at..end];
        segment = segment
            .strip_prefix(b"\r\n")
            .or_else(|| segment.strip_prefix(b"\n"))
            .unwrap_or(segment);
        segment = segment
            .strip_suffix(b"\r\n")
            .or_else(|| segment.strip_suffix(b"\n"))
            .unwrap_or(segment);
        parts.push(part(segment, parts.len()));
        if end >= body.len() {
            break;
        }
        at = end + delimiter.len();
    }
    Some(parts)
}

fn part(segment: &[u8], position: usize) -> Part<'_> {
    let (head, body) = match find(segment, b"\r\n\r\n", 0) {
        Some(i) => (&segment[..i], &segment[i + 4..]),
        None => match find(segment, b"\n\n", 0) {
            Some(i) => (&segment[..i], &segment[i + 2..]),
            None => (&b""[..], segment),
        },
    };
    let head = String::from_utf8_lossy(head);
    let mut name = None;
    let mut content_type = None;
    for line in head.lines() {
        let Some((key, value)) = line.split_once(':') else {
            continue;
        };
        if key.trim().eq_ignore_ascii_case("content-type") {
            content_type = Some(value.trim().to_string());
        } else if key.trim().eq_ignore_ascii_case("content-disposition") {
            name = value.split(';').find_map(|p| {
                let (k, v) = p.split_once('=')?;
                (k.trim() == "name").then(|| v.trim().trim_matches('"').to_string())
            });
        }
    }
    Part {
        name: name.unwrap_or_else(|| position.to_string()),
        content_type,
        body,
    }
}

/// Compares two multipart bodies part by part; parts the pact does not name are an error only in
/// strict contexts.
pub(crate) fn compare(
    ctx: &Ctx<'_>,
    prefix: &[Seg<'_>],
    (expected, expected_type): (&[u8], Option<&str>),
    (actual, actual_type): (&[u8], Option<&str>),
    out: &mut Vec<Mismatch>,
) {
    let (Some(wanted), Some(got)) = (parse(expected, expected_type), parse(actual, actual_type)) else {
        super::binary::compare(ctx, prefix, expected, actual, out);
        return;
    };
    for part in &wanted {
        let mut path = prefix.to_vec();
        path.push(Seg::Field(&part.name));
        match got.iter().find(|p| p.name == part.name) {
            Some(found) => super::compare_content(
                ctx,
                &path,
                (part.body, part.content_type.as_deref()),
                (found.body, found.content_type.as_deref()),
                out,
            ),
            None => out.push(body_mismatch(
                &path,
                format!("a part named '{}'", part.name),
                "<missing>",
                MismatchReason::Missing,
            )),
        }
    }
    if ctx.allow_unexpected {
        return;
    }
    for part in got.iter().filter(|p| !wanted.iter().any(|w| w.name == p.name)) {
        let mut path = prefix.to_vec();
        path.push(Seg::Field(&part.name));
        out.push(body_mismatch(
            &path,
            "<absent>",
            format!("a part named '{}'", part.name),
            MismatchReason::Unexpected,
        ));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_parts_by_boundary_and_reads_their_names() {
        let body = b"--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\nContent-Type: text/plain\r\n\r\nhello\r\n--XyZ\r\nContent-Disposition: form-data; name=\"meta\"\r\n\r\n{\"a\":1}\r\n--XyZ--\r\n";
        let parts = parse(body, Some("multipart/form-data; boundary=XyZ")).expect("parts");
        assert_eq!(parts.len(), 2);
        assert_eq!(parts[0].name, "file");
        assert_eq!(parts[0].content_type.as_deref(), Some("text/plain"));
        assert_eq!(parts[0].body, b"hello");
        assert_eq!(parts[1].body, b"{\"a\":1}");
        assert_eq!(parse(body, None).map(|p| p.len()), Some(2));
    }
}
