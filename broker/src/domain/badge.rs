//! Status badges, drawn locally as flat SVG (no external badge service).

/// A verification status shown on a badge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BadgeStatus {
    /// The latest pact was verified successfully.
    Verified,
    /// The latest verification failed.
    Failed,
    /// No verification yet (or no pact).
    Unknown,
}

impl BadgeStatus {
    /// The right-hand text.
    pub fn text(self) -> &'static str {
        match self {
            BadgeStatus::Verified => "verified",
            BadgeStatus::Failed => "failed",
            BadgeStatus::Unknown => "unknown",
        }
    }

    fn colour(self) -> &'static str {
        match self {
            BadgeStatus::Verified => "#4c1",
            BadgeStatus::Failed => "#e05d44",
            BadgeStatus::Unknown => "#9f9f9f",
        }
    }
}

/// Renders a badge `label | status`.
///
/// ```
/// use pact_broker::domain::badge::{render, BadgeStatus};
///
/// let svg = render("Web/Api pact", BadgeStatus::Verified);
/// assert!(svg.starts_with("<svg"));
/// assert!(svg.contains("verified"));
/// ```
pub fn render(label: &str, status: BadgeStatus) -> String {
    let label = escape(label);
    let value = status.text();
    // Approximate text widths: 6.5 px per character plus padding.
    let lw = 10 + (label.chars().count() as u32 * 13).div_ceil(2);
    let vw = 10 + (value.len() as u32 * 13).div_ceil(2);
    let w = lw + vw;
    let colour = status.colour();
    format!(
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"20\" role=\"img\" aria-label=\"{label}: {value}\">\
<title>{label}: {value}</title>\
<rect width=\"{lw}\" height=\"20\" fill=\"#555\"/><rect x=\"{lw}\" width=\"{vw}\" height=\"20\" fill=\"{colour}\"/>\
<g fill=\"#fff\" text-anchor=\"middle\" font-family=\"Verdana,Geneva,DejaVu Sans,sans-serif\" font-size=\"11\">\
<text x=\"{lx}\" y=\"14\">{label}</text><text x=\"{vx}\" y=\"14\">{value}</text></g></svg>",
        lx = lw / 2,
        vx = lw + vw / 2,
    )
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
