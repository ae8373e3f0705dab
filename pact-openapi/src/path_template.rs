//! OpenAPI path templates (`/users/{id}`, `/files/{name}.{ext}`) and matching request paths
//! against them.

/// One piece of a template segment.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Piece {
    /// Text that must appear as written.
    Literal(String),
    /// A path parameter, capturing at least one character.
    Param(String),
}

/// A path template of the document, split into segments.
#[derive(Debug, Clone)]
pub(crate) struct PathTemplate {
    /// The template as written (`/users/{id}`).
    pub(crate) template: String,
    segments: Vec<Vec<Piece>>,
    /// How many segments have no parameter: more literal segments make a more specific template.
    pub(crate) literal_segments: usize,
}

/// Splits a path into segments, ignoring a trailing slash (`/users/` is `/users`).
fn segments(path: &str) -> Vec<&str> {
    let trimmed = path.trim_start_matches('/');
    let trimmed = trimmed.strip_suffix('/').unwrap_or(trimmed);
    if trimmed.is_empty() {
        Vec::new()
    } else {
        trimmed.split('/').collect()
    }
}

impl PathTemplate {
    /// Parses a template; an unclosed `{` is read as literal text.
    pub(crate) fn parse(template: &str) -> Self {
        let segments: Vec<Vec<Piece>> = segments(template).into_iter().map(parse_segment).collect();
        let literal_segments = segments
            .iter()
            .filter(|pieces| pieces.iter().all(|p| matches!(p, Piece::Literal(_))))
            .count();
        PathTemplate {
            template: template.to_string(),
            segments,
            literal_segments,
        }
    }

    /// The path parameters `path` gives, by name, when it matches this template.
    pub(crate) fn captures(&self, path: &str) -> Option<Vec<(String, String)>> {
        let actual = segments(path);
        if actual.len() != self.segments.len() {
            return None;
        }
        let mut captured = Vec::new();
        for (pieces, text) in self.segments.iter().zip(actual) {
            if !match_pieces(pieces, text, &mut captured) {
                return None;
            }
        }
        Some(captured)
    }
}

fn parse_segment(segment: &str) -> Vec<Piece> {
    let mut pieces = Vec::new();
    let mut rest = segment;
    while !rest.is_empty() {
        match rest.find('{') {
            Some(open) => {
                let Some(close) = rest[open..].find('}').map(|c| c + open) else {
                    pieces.push(Piece::Literal(rest.to_string()));
                    break;
                };
                if open > 0 {
                    pieces.push(Piece::Literal(rest[..open].to_string()));
                }
                pieces.push(Piece::Param(rest[open + 1..close].to_string()));
                rest = &rest[close + 1..];
            }
            None => {
                pieces.push(Piece::Literal(rest.to_string()));
                break;
            }
        }
    }
    pieces
}

/// Matches `text` against `pieces`, trying every split where a parameter is followed by literal
/// text; captures are appended on success and left as they were on failure.
fn match_pieces(pieces: &[Piece], text: &str, captured: &mut Vec<(String, String)>) -> bool {
    let Some((first, rest)) = pieces.split_first() else {
        return text.is_empty();
    };
    match first {
        Piece::Literal(literal) => match text.strip_prefix(literal.as_str()) {
            Some(remaining) => match_pieces(rest, remaining, captured),
            None => false,
        },
        Piece::Param(name) => {
            let ends: Vec<usize> = match rest.first() {
                None => vec![text.len()],
                Some(Piece::Literal(next)) => text
                    .match_indices(next.as_str())
                    .map(|(i, _)| i)
                    .filter(|i| *i > 0)
                    .collect(),
                // Two parameters side by side: give the first one character at a time.
                Some(Piece::Param(_)) => text.char_indices().map(|(i, _)| i).filter(|i| *i > 0).collect(),
            };
            for end in ends {
                if end == 0 {
                    continue;
                }
                let before = captured.len();
                captured.push((name.clone(), text[..end].to_string()));
                if match_pieces(rest, &text[end..], captured) {
                    return true;
                }
                captured.truncate(before);
            }
            false
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn captures(template: &str, path: &str) -> Option<Vec<(String, String)>> {
        PathTemplate::parse(template).captures(path)
    }

    #[test]
    fn matches_whole_segment_parameters() {
        assert_eq!(
            captures("/users/{id}", "/users/42"),
            Some(vec![("id".into(), "42".into())])
        );
        assert_eq!(captures("/users/{id}", "/users/42/orders"), None);
        assert_eq!(captures("/users/{id}", "/users/"), None);
        assert_eq!(captures("/users", "/users/"), Some(vec![]));
        assert_eq!(captures("/", "/"), Some(vec![]));
    }

    #[test]
    fn matches_parameters_inside_a_segment() {
        assert_eq!(
            captures("/files/{name}.{ext}", "/files/report.final.pdf"),
            Some(vec![
                ("name".into(), "report".into()),
                ("ext".into(), "final.pdf".into())
            ])
        );
        assert_eq!(captures("/files/{name}.json", "/files/a.xml"), None);
    }

    #[test]
    fn counts_literal_segments() {
        assert_eq!(PathTemplate::parse("/users/me").literal_segments, 2);
        assert_eq!(PathTemplate::parse("/users/{id}").literal_segments, 1);
    }
}
