//! Small presentation helpers: verification status words and colours, readable times.

use chrono::{DateTime, Utc};

/// The state of the newest verification of a pact, as the pages colour it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// The provider verified the pact successfully (green).
    Verified,
    /// The verification failed (red).
    Failed,
    /// No verification result yet (grey).
    Unknown,
}

impl Status {
    /// From a stored `success` flag (`None` = not verified).
    ///
    /// ```
    /// use pact_broker::ui::format::Status;
    /// assert_eq!(Status::from_success(Some(1)), Status::Verified);
    /// assert_eq!(Status::from_success(Some(0)), Status::Failed);
    /// assert_eq!(Status::from_success(None).label(), "not verified");
    /// ```
    pub fn from_success(success: Option<i64>) -> Status {
        match success {
            Some(0) => Status::Failed,
            Some(_) => Status::Verified,
            None => Status::Unknown,
        }
    }

    /// The words shown to the user.
    pub fn label(self) -> &'static str {
        match self {
            Status::Verified => "verified",
            Status::Failed => "failed",
            Status::Unknown => "not verified",
        }
    }

    /// The CSS class that colours it (`ok`, `bad`, `unknown`).
    pub fn class(self) -> &'static str {
        match self {
            Status::Verified => "ok",
            Status::Failed => "bad",
            Status::Unknown => "unknown",
        }
    }

    /// The SVG stroke colour for graph edges.
    pub fn colour(self) -> &'static str {
        match self {
            Status::Verified => "#1a7f37",
            Status::Failed => "#cf222e",
            Status::Unknown => "#8c959f",
        }
    }
}

fn parse(timestamp: &str) -> Option<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(timestamp)
        .ok()
        .map(|t| t.with_timezone(&Utc))
}

/// A stored RFC 3339 time as `2024-05-01 12:34 UTC` (the text itself when it does not parse).
///
/// ```
/// use pact_broker::ui::format::datetime;
/// assert_eq!(datetime("2024-05-01T12:34:56.123456+00:00"), "2024-05-01 12:34 UTC");
/// assert_eq!(datetime("yesterday"), "yesterday");
/// ```
pub fn datetime(timestamp: &str) -> String {
    parse(timestamp)
        .map(|t| t.format("%Y-%m-%d %H:%M UTC").to_string())
        .unwrap_or_else(|| timestamp.to_string())
}

/// How long before `now` a stored time was, in the largest whole unit (`3 minutes ago`).
///
/// ```
/// use pact_broker::ui::format::ago_from;
/// let now = "2024-05-01T12:00:00+00:00";
/// assert_eq!(ago_from("2024-05-01T11:57:10+00:00", now), "2 minutes ago");
/// assert_eq!(ago_from("2024-04-29T12:00:00+00:00", now), "2 days ago");
/// assert_eq!(ago_from("2024-05-01T11:59:59+00:00", now), "just now");
/// ```
pub fn ago_from(timestamp: &str, now: &str) -> String {
    match (parse(timestamp), parse(now)) {
        (Some(t), Some(n)) => ago(n.signed_duration_since(t).num_seconds()),
        _ => String::new(),
    }
}

/// How long ago a stored time was, against the clock.
pub fn ago_now(timestamp: &str) -> String {
    match parse(timestamp) {
        Some(t) => ago(Utc::now().signed_duration_since(t).num_seconds()),
        None => String::new(),
    }
}

fn ago(seconds: i64) -> String {
    const UNITS: [(i64, &str); 6] = [
        (365 * 86_400, "year"),
        (30 * 86_400, "month"),
        (7 * 86_400, "week"),
        (86_400, "day"),
        (3_600, "hour"),
        (60, "minute"),
    ];
    if seconds < 60 {
        return "just now".to_string();
    }
    for (size, unit) in UNITS {
        let n = seconds / size;
        if n >= 1 {
            let s = if n == 1 { "" } else { "s" };
            return format!("{n} {unit}{s} ago");
        }
    }
    "just now".to_string()
}

/// Shortens a SHA for display (first 8 characters).
pub fn short_sha(sha: &str) -> &str {
    sha.get(..8).unwrap_or(sha)
}
