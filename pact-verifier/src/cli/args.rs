//! The command-line flags, spelled as in the reference `pact_verifier_cli` (and its `PACT_*`
//! environment variables) so a CI script can switch verifiers by changing the binary name.

use std::path::PathBuf;

use clap::{ArgAction, Parser};
use regex::Regex;

/// Standalone Pact verifier: replays pacts against a running provider and checks its responses.
#[derive(Debug, Parser)]
#[command(
    name = "pact-verifier",
    version,
    disable_help_flag = true,
    disable_version_flag = true,
    after_help = "Exit codes: 0 every non-pending interaction passed, 1 verification failed or pacts could not be loaded, 2 bad usage."
)]
pub(crate) struct Args {
    /// Print help and exit
    #[arg(long, action = ArgAction::Help)]
    help: Option<bool>,

    /// Print version information and exit
    #[arg(short = 'v', long, action = ArgAction::Version)]
    version: Option<bool>,

    // ---- Logging and reports ----
    /// Log level to emit log events at (defaults to warn)
    #[arg(short = 'l', long, value_name = "loglevel", help_heading = "Logging options",
          value_parser = ["error", "warn", "info", "debug", "trace", "none"])]
    pub(crate) loglevel: Option<String>,

    /// Set the log level (none, off, error, warn, info, debug, trace); -l/--loglevel wins when both are given
    #[arg(long, value_name = "LEVEL",
          value_parser = ["off", "none", "error", "warn", "info", "debug", "trace"])]
    pub(crate) log_level: Option<String>,

    /// Emits excessively pretty, multi-line logs, optimized for human readability.
    #[arg(long, help_heading = "Logging options", conflicts_with_all = ["full_log", "compact_log"])]
    pub(crate) pretty_log: bool,

    /// This emits human-readable, single-line logs for each event that occurs, with the current span context displayed before the formatted representation of the event.
    #[arg(long, help_heading = "Logging options", conflicts_with = "compact_log")]
    pub(crate) full_log: bool,

    /// Emit logs optimized for short line lengths.
    #[arg(long, help_heading = "Logging options")]
    pub(crate) compact_log: bool,

    /// Generate a JSON report of the verification
    #[arg(
        short = 'j',
        long,
        value_name = "json-file",
        env = "PACT_VERIFIER_JSON_REPORT",
        help_heading = "Logging options"
    )]
    pub(crate) json: Option<PathBuf>,

    /// Generate a JUnit XML report of the verification
    #[arg(
        short = 'x',
        long,
        value_name = "junit-file",
        env = "PACT_VERIFIER_JUNIT_REPORT",
        help_heading = "Logging options"
    )]
    pub(crate) junit: Option<PathBuf>,

    /// Generate an HTML report of the verification (one self-contained page)
    #[arg(
        long,
        value_name = "html-file",
        env = "PACT_VERIFIER_HTML_REPORT",
        help_heading = "Logging options"
    )]
    pub(crate) html: Option<PathBuf>,

    /// XSLT to use when generating the HTML report: not supported (see the README); refused with an explanation
    #[arg(long, value_name = "html-file-xslt", help_heading = "Logging options")]
    pub(crate) xslt: Option<PathBuf>,

    /// Disables ANSI escape codes in the output (also when NO_COLOR is set or output is not a terminal)
    #[arg(long, visible_alias = "no-color", help_heading = "Logging options")]
    pub(crate) no_colour: bool,

    // ---- Loading pacts ----
    /// Pact file to verify (can be repeated)
    #[arg(
        short = 'f',
        long,
        value_name = "file",
        help_heading = "Loading pacts options"
    )]
    pub(crate) file: Vec<PathBuf>,

    /// Directory of pact files to verify (can be repeated)
    #[arg(short = 'd', long, value_name = "dir", help_heading = "Loading pacts options")]
    pub(crate) dir: Vec<PathBuf>,

    /// URL of pact file to verify (can be repeated)
    #[arg(short = 'u', long, value_name = "url", help_heading = "Loading pacts options")]
    pub(crate) url: Vec<String>,

    /// URL of the pact broker to fetch pacts from to verify (requires the provider name parameter)
    #[arg(
        short = 'b',
        long,
        value_name = "broker-url",
        env = "PACT_BROKER_BASE_URL",
        help_heading = "Loading pacts options"
    )]
    pub(crate) broker_url: Option<String>,

    /// URL of a Pact to verify via a webhook callback. Requires the broker-url to be set.
    #[arg(
        long,
        value_name = "webhook-callback-url",
        env = "PACT_WEBHOOK_CALLBACK_URL",
        requires = "broker_url",
        help_heading = "Loading pacts options"
    )]
    pub(crate) webhook_callback_url: Option<String>,

    /// Check the pacts against this OpenAPI document (JSON or YAML) instead of calling the provider
    #[arg(long, value_name = "openapi-file", help_heading = "Loading pacts options")]
    pub(crate) openapi: Option<PathBuf>,

    /// Do not fail if no pacts are found to verify
    #[arg(long, help_heading = "Loading pacts options")]
    pub(crate) ignore_no_pacts_error: bool,

    // ---- Authentication ----
    /// Username to use when fetching pacts from URLS
    #[arg(
        long,
        value_name = "user",
        env = "PACT_BROKER_USERNAME",
        help_heading = "Authentication options",
        conflicts_with = "token"
    )]
    pub(crate) user: Option<String>,

    /// Password to use when fetching pacts from URLS
    #[arg(
        long,
        value_name = "password",
        env = "PACT_BROKER_PASSWORD",
        help_heading = "Authentication options"
    )]
    pub(crate) password: Option<String>,

    /// Bearer token to use when fetching pacts from URLS
    #[arg(
        short = 't',
        long,
        value_name = "token",
        env = "PACT_BROKER_TOKEN",
        help_heading = "Authentication options"
    )]
    pub(crate) token: Option<String>,

    // ---- Provider ----
    /// Provider hostname (defaults to localhost)
    #[arg(
        short = 'h',
        long,
        value_name = "hostname",
        env = "PACT_PROVIDER_HOSTNAME",
        help_heading = "Provider options"
    )]
    pub(crate) hostname: Option<String>,

    /// Provider port (defaults to protocol default 80/443)
    #[arg(
        short = 'p',
        long,
        value_name = "port",
        env = "PACT_PROVIDER_PORT",
        help_heading = "Provider options"
    )]
    pub(crate) port: Option<u16>,

    /// Provider protocol transport to use (http or https)
    #[arg(long, value_name = "transport", env = "PACT_PROVIDER_TRANSPORT", default_value = "http",
          value_parser = ["http", "https"], help_heading = "Provider options")]
    pub(crate) transport: String,

    /// Transports of V4 interactions with their ports, as NAME:PORT[/base-path] (http, https), e.g. --transports http:8080 https:8443
    #[arg(long, value_name = "transports", num_args = 1.., value_parser = parse_transport,
          help_heading = "Provider options")]
    pub(crate) transports: Vec<Transport>,

    /// Provider name (defaults to provider)
    #[arg(
        short = 'n',
        long,
        value_name = "provider-name",
        env = "PACT_PROVIDER_NAME",
        help_heading = "Provider options"
    )]
    pub(crate) provider_name: Option<String>,

    /// Base path to add to all requests
    #[arg(
        long,
        value_name = "base-path",
        env = "PACT_PROVIDER_BASE_PATH",
        help_heading = "Provider options"
    )]
    pub(crate) base_path: Option<String>,

    /// Sets the HTTP request timeout in milliseconds for requests to the target API and for state change requests
    #[arg(
        long,
        value_name = "request-timeout",
        env = "PACT_PROVIDER_REQUEST_TIMEOUT",
        help_heading = "Provider options"
    )]
    pub(crate) request_timeout: Option<u64>,

    /// Add a custom header to be included in the calls to the provider, as KEY=VALUE (can be repeated)
    #[arg(short = 'H', long = "header", value_name = "custom-header", value_parser = parse_header, help_heading = "Provider options")]
    pub(crate) header: Vec<(String, String)>,

    /// Disables validation of SSL certificates
    #[arg(long, help_heading = "Provider options")]
    pub(crate) disable_ssl_verification: bool,

    /// Verify up to N interactions at once in pacts whose interactions have no provider state
    #[arg(
        long,
        value_name = "N",
        default_value_t = 1,
        help_heading = "Provider options"
    )]
    pub(crate) concurrency: usize,

    // ---- Provider states ----
    /// URL to post state change requests to
    #[arg(
        short = 's',
        long,
        value_name = "state-change-url",
        env = "PACT_PROVIDER_STATE_CHANGE_URL",
        help_heading = "Provider state options"
    )]
    pub(crate) state_change_url: Option<String>,

    /// State change request data will be sent as query parameters instead of in the request body
    #[arg(
        long,
        env = "PACT_PROVIDER_STATE_CHANGE_AS_QUERY",
        help_heading = "Provider state options"
    )]
    pub(crate) state_change_as_query: bool,

    /// State change teardown requests are to be made after each interaction
    #[arg(
        long,
        env = "PACT_PROVIDER_STATE_CHANGE_TEARDOWN",
        help_heading = "Provider state options"
    )]
    pub(crate) state_change_teardown: bool,

    // ---- Filtering ----
    /// Only validate interactions whose descriptions match this filter (regex format)
    #[arg(
        long,
        value_name = "filter-description",
        env = "PACT_DESCRIPTION",
        help_heading = "Filtering interactions"
    )]
    pub(crate) filter_description: Option<Regex>,

    /// Only validate interactions whose provider states match this filter (regex format)
    #[arg(
        long,
        value_name = "filter-state",
        env = "PACT_PROVIDER_STATE",
        help_heading = "Filtering interactions",
        conflicts_with = "filter_no_state"
    )]
    pub(crate) filter_state: Option<Regex>,

    /// Only validate interactions that have no defined provider state
    #[arg(long, env = "PACT_PROVIDER_NO_STATE", help_heading = "Filtering interactions")]
    pub(crate) filter_no_state: bool,

    /// Consumer name to filter the pacts to be verified (can be repeated)
    #[arg(
        short = 'c',
        long,
        value_name = "filter-consumer",
        help_heading = "Filtering interactions"
    )]
    pub(crate) filter_consumer: Vec<String>,

    // ---- Publishing ----
    /// Enables publishing of verification results back to the Pact Broker. Requires the provider-version parameter.
    #[arg(
        long,
        env = "PACT_PUBLISH_VERIFICATION_RESULTS",
        requires = "provider_version",
        help_heading = "Publishing options"
    )]
    pub(crate) publish: bool,

    /// Provider version that is being verified. This is required when publishing results.
    #[arg(
        long,
        value_name = "provider-version",
        env = "PACT_PROVIDER_VERSION",
        help_heading = "Publishing options"
    )]
    pub(crate) provider_version: Option<String>,

    /// URL of the build to associate with the published verification results.
    #[arg(long, value_name = "build-url", help_heading = "Publishing options")]
    pub(crate) build_url: Option<String>,

    /// Provider tags to use when publishing results. Accepts comma-separated values.
    #[arg(
        long,
        value_name = "provider-tags",
        value_delimiter = ',',
        help_heading = "Publishing options"
    )]
    pub(crate) provider_tags: Vec<String>,

    /// Provider branch to use when publishing results
    #[arg(
        long,
        value_name = "provider-branch",
        env = "PACT_PROVIDER_BRANCH",
        help_heading = "Publishing options"
    )]
    pub(crate) provider_branch: Option<String>,

    // ---- Pact Broker ----
    /// Consumer tags to use when fetching pacts from the Broker. Accepts comma-separated values.
    #[arg(
        long,
        value_name = "consumer-version-tags",
        value_delimiter = ',',
        help_heading = "Pact Broker options"
    )]
    pub(crate) consumer_version_tags: Vec<String>,

    /// Consumer version selectors to use when fetching pacts from the Broker, as a JSON object (can be repeated)
    #[arg(long, value_name = "consumer-version-selectors", value_parser = parse_selector, help_heading = "Pact Broker options")]
    pub(crate) consumer_version_selectors: Vec<pact_verifier::Selector>,

    /// Enables Pending Pacts
    #[arg(long, help_heading = "Pact Broker options")]
    pub(crate) enable_pending: bool,

    /// Allow pacts that don't match given consumer selectors (or tags) to be verified, without causing the overall task to fail (YYYY-MM-DD)
    #[arg(
        long,
        value_name = "include-wip-pacts-since",
        help_heading = "Pact Broker options"
    )]
    pub(crate) include_wip_pacts_since: Option<String>,

    /// The number of times to retry failed HTTP requests to the Pact Broker (retries on 5xx, 408, and 429). Delays use exponential back-off starting at 500 ms and doubling each attempt; 429 responses honour the Retry-After header when present.
    #[arg(
        long,
        value_name = "N",
        env = "PACT_BROKER_HTTP_RETRIES",
        default_value_t = pact_verifier::DEFAULT_BROKER_RETRIES,
        help_heading = "Pact Broker options"
    )]
    pub(crate) retries: u32,

    // ---- Development ----
    /// Stops the verifier at the first failure
    #[arg(long, help_heading = "Development options")]
    pub(crate) exit_on_first_error: bool,

    /// Only runs the interactions that failed on the previous verifier run. Requires --json to have been set
    #[arg(long, requires = "json", help_heading = "Development options")]
    pub(crate) last_failed: bool,
}

/// One `--transports` entry: `https:8443` or `http:8080/api`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Transport {
    pub(crate) name: String,
    pub(crate) port: u16,
    pub(crate) path: Option<String>,
}

fn parse_transport(text: &str) -> Result<Transport, String> {
    let (name, rest) = text
        .split_once(':')
        .ok_or_else(|| format!("'{text}' is not in the form NAME:PORT (e.g. https:8443)"))?;
    let (port, path) = match rest.split_once('/') {
        Some((port, path)) => (port, Some(format!("/{path}"))),
        None => (rest, None),
    };
    let port = port
        .parse::<u16>()
        .map_err(|_| format!("'{port}' in '{text}' is not a port number"))?;
    let name = name.trim().to_ascii_lowercase();
    if name != "http" && name != "https" {
        return Err(format!(
            "transport '{name}' is not supported: this verifier speaks http and https"
        ));
    }
    Ok(Transport { name, port, path })
}

fn parse_header(text: &str) -> Result<(String, String), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.trim().is_empty() => Ok((name.trim().to_string(), value.to_string())),
        _ => Err(format!("'{text}' is not in the form KEY=VALUE")),
    }
}

fn parse_selector(text: &str) -> Result<pact_verifier::Selector, String> {
    pact_verifier::Selector::from_json(text)
}
