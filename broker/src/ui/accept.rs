//! Content negotiation: does a request's `Accept` header ask for a web page?
//!
//! Browsers send `text/html,application/xhtml+xml,…,*/*;q=0.8`; API clients send
//! `application/hal+json`, `application/json` or `*/*`. HTML wins only when it is named
//! explicitly and ranked at least as high as every JSON type named (ties go to the one listed
//! first), so `*/*` alone keeps the API's JSON.

/// One media range of an `Accept` header with its quality.
#[derive(Debug, Clone, PartialEq)]
struct MediaRange<'a> {
    essence: &'a str,
    quality: f32,
    position: usize,
}

fn media_ranges(header: &str) -> impl Iterator<Item = MediaRange<'_>> {
    header.split(',').enumerate().filter_map(|(position, part)| {
        let mut pieces = part.split(';');
        let essence = pieces.next()?.trim();
        if essence.is_empty() {
            return None;
        }
        let quality = pieces
            .filter_map(|p| p.trim().strip_prefix("q="))
            .filter_map(|q| q.trim().parse::<f32>().ok())
            .next()
            .unwrap_or(1.0);
        Some(MediaRange {
            essence,
            quality,
            position,
        })
    })
}

fn is_html(essence: &str) -> bool {
    essence.eq_ignore_ascii_case("text/html") || essence.eq_ignore_ascii_case("application/xhtml+xml")
}

fn is_json(essence: &str) -> bool {
    let lower = essence.to_ascii_lowercase();
    lower == "application/json" || lower.ends_with("+json") || lower == "text/plain"
}

/// Whether the `Accept` header prefers HTML over the API's JSON.
///
/// ```
/// use pact_broker::ui::accept::prefers_html;
/// assert!(prefers_html(Some("text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8")));
/// assert!(!prefers_html(Some("application/hal+json")));
/// assert!(!prefers_html(Some("*/*")));
/// assert!(!prefers_html(None));
/// ```
pub fn prefers_html(accept: Option<&str>) -> bool {
    let Some(header) = accept else {
        return false;
    };
    let best = |wanted: fn(&str) -> bool| {
        media_ranges(header)
            .filter(|r| wanted(r.essence) && r.quality > 0.0)
            .fold(None, |best: Option<(f32, usize)>, r| match best {
                Some((q, _)) if q >= r.quality => best,
                _ => Some((r.quality, r.position)),
            })
    };
    match (best(is_html), best(is_json)) {
        (None, _) => false,
        (Some(_), None) => true,
        (Some((hq, hp)), Some((jq, jp))) => hq > jq || (hq == jq && hp < jp),
    }
}

#[cfg(test)]
mod tests {
    use super::prefers_html;

    #[test]
    fn browsers_get_html() {
        assert!(prefers_html(Some(
            "text/html,application/xhtml+xml,application/xml;q=0.9,image/avif,image/webp,*/*;q=0.8"
        )));
        assert!(prefers_html(Some("application/xhtml+xml")));
        assert!(prefers_html(Some("TEXT/HTML")));
    }

    #[test]
    fn api_clients_get_json() {
        assert!(!prefers_html(Some(
            "application/hal+json, application/json, */*; q=0.01"
        )));
        assert!(!prefers_html(Some("application/json")));
        assert!(!prefers_html(Some("*/*")));
        assert!(!prefers_html(Some("")));
    }

    #[test]
    fn quality_decides_between_html_and_json() {
        assert!(!prefers_html(Some("text/html;q=0.5, application/json")));
        assert!(prefers_html(Some("text/html, application/json;q=0.5")));
        assert!(!prefers_html(Some("application/json, text/html")));
        assert!(prefers_html(Some("text/html, application/json")));
        assert!(!prefers_html(Some("text/html;q=0")));
    }
}
