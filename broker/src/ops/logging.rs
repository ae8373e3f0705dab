//! Structured logs with `tracing`: the level (or a full filter) from `PACT_BROKER_LOG_LEVEL`, plain
//! text or one JSON object per line (`PACT_BROKER_LOG_FORMAT=json`), always on standard error (the
//! bound URL is the only thing the server prints on standard output).

use tracing_subscriber::EnvFilter;

/// How log lines are written.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum LogFormat {
    /// Human-readable lines.
    #[default]
    Text,
    /// One JSON object per line (for log shippers).
    Json,
}

/// The filter for a level such as `info`, or a full filter such as `info,sqlx=warn` used as given.
///
/// A bare level applies to the broker itself; other crates log warnings and errors only, so a
/// `debug` broker log is not drowned in connection-pool chatter.
///
/// ```
/// use pact_broker::ops::logging::filter_for;
///
/// assert!(filter_for("debug").to_string().contains("pact_broker=debug"));
/// assert!(filter_for("info,sqlx=debug").to_string().contains("sqlx=debug"));
/// ```
pub fn filter_for(level: &str) -> EnvFilter {
    let level = level.trim();
    let directives = if level.contains('=') || level.contains(',') {
        level.to_string()
    } else {
        format!("pact_broker={},warn", level.to_ascii_lowercase())
    };
    EnvFilter::try_new(&directives).unwrap_or_else(|_| EnvFilter::new("pact_broker=info,warn"))
}

/// Installs the process-wide subscriber (once; later calls are ignored).
pub fn init(level: &str, format: LogFormat) {
    let builder = tracing_subscriber::fmt()
        .with_env_filter(filter_for(level))
        .with_writer(std::io::stderr);
    let _ = match format {
        LogFormat::Text => builder.try_init(),
        LogFormat::Json => builder
            .json()
            .flatten_event(true)
            .with_current_span(false)
            .try_init(),
    };
}
