//! Server configuration: command-line flags, each also read from the environment variable the
//! Pact Broker's Docker image uses (`PACT_BROKER_*`).

/// Flags of `pact-broker serve` (`Debug` shows no secrets: see `crate::auth`).
#[derive(Clone, clap::Args)]
pub struct ServeArgs {
    /// Address to bind (loopback by default).
    #[arg(long, env = "PACT_BROKER_HOST", default_value = "127.0.0.1")]
    pub host: String,
    /// Port to bind; 0 picks a free port (the bound URL is printed on start).
    #[arg(long, env = "PACT_BROKER_PORT", default_value_t = 9292)]
    pub port: u16,
    /// `sqlite://PATH` (created and migrated on start) or `postgres://USER:PASSWORD@HOST/DB`.
    #[arg(
        long,
        env = "PACT_BROKER_DATABASE_URL",
        default_value = "sqlite://./pact-broker.sqlite"
    )]
    pub database_url: String,
    /// Base URL written in links (default: from the request's Host header).
    #[arg(long, env = "PACT_BROKER_BASE_URL")]
    pub base_url: Option<String>,
    /// Read-write Basic auth user (no auth when unset).
    #[arg(long, env = "PACT_BROKER_BASIC_AUTH_USERNAME")]
    pub basic_auth_username: Option<String>,
    /// Read-write Basic auth password.
    #[arg(long, env = "PACT_BROKER_BASIC_AUTH_PASSWORD", hide_env_values = true)]
    pub basic_auth_password: Option<String>,
    /// Read-only Basic auth user.
    #[arg(long, env = "PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME")]
    pub basic_auth_read_only_username: Option<String>,
    /// Read-only Basic auth password.
    #[arg(
        long,
        env = "PACT_BROKER_BASIC_AUTH_READ_ONLY_PASSWORD",
        hide_env_values = true
    )]
    pub basic_auth_read_only_password: Option<String>,
    /// Let anyone read without credentials.
    #[arg(long, env = "PACT_BROKER_ALLOW_PUBLIC_READ", default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub allow_public_read: bool,
    /// Serve badges without credentials.
    #[arg(long, env = "PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS", default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub enable_public_badge_access: bool,
    /// Allow republishing a consumer version with different pact content.
    #[arg(long, env = "PACT_BROKER_ALLOW_DANGEROUS_CONTRACT_MODIFICATION", default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub allow_dangerous_contract_modification: bool,
    /// Refuse to create a pacticipant, when a pact is published, whose name looks like a variant of
    /// an existing one (case, spacing, `-`/`_`, a plural `s`, or an `api`/`service`/`provider` word).
    #[arg(long, env = "PACT_BROKER_CHECK_FOR_POTENTIAL_DUPLICATE_PACTICIPANT_NAMES", default_value_t = true, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub check_for_potential_duplicate_pacticipant_names: bool,
    /// Serve without credentials on a non-loopback address (something else guards the broker).
    #[arg(long, env = "PACT_BROKER_NO_AUTH", default_value_t = false, action = clap::ArgAction::Set, num_args = 0..=1, default_missing_value = "true")]
    pub no_auth: bool,
    /// Largest request body in bytes (413 beyond).
    #[arg(long, env = "PACT_BROKER_MAX_BODY_BYTES", default_value_t = crate::auth::DEFAULT_MAX_BODY_BYTES)]
    pub max_body_bytes: usize,
    /// Write transactions run at once on PostgreSQL (further writers wait their turn before
    /// starting one; SQLite always runs one). Reads are not limited.
    #[arg(long, env = "PACT_BROKER_DATABASE_WRITE_CONCURRENCY", default_value_t = crate::store::POSTGRES_WRITE_CONCURRENCY,
          value_parser = clap::value_parser!(u16).range(1..=1024))]
    pub database_write_concurrency: u16,
    /// Longest a request may take, in seconds (503 beyond; 0 for no limit).
    #[arg(long, env = "PACT_BROKER_REQUEST_TIMEOUT_SECONDS", default_value_t = 30)]
    pub request_timeout_seconds: u64,
    /// Most connections served at once (more wait to be accepted).
    #[arg(long, env = "PACT_BROKER_MAX_CONNECTIONS", default_value_t = crate::http::connections::DEFAULT_MAX_CONNECTIONS)]
    pub max_connections: usize,
    /// Most header lines in a request (431 beyond).
    #[arg(long, env = "PACT_BROKER_MAX_HEADERS", default_value_t = crate::http::connections::DEFAULT_MAX_HEADERS)]
    pub max_headers: usize,
    /// Largest request head (request line and headers) in bytes, at least 8192 (431 beyond).
    #[arg(long, env = "PACT_BROKER_MAX_HEADER_BYTES", default_value_t = crate::http::connections::DEFAULT_MAX_HEADER_BYTES)]
    pub max_header_bytes: usize,
    /// Seconds an idle connection, or a client sending its request head, may take before it is closed.
    #[arg(long, env = "PACT_BROKER_HEADER_TIMEOUT_SECONDS", default_value_t = 30)]
    pub header_timeout_seconds: u64,
    /// Webhook allow-lists, retries and timing.
    #[command(flatten)]
    pub webhooks: Box<crate::webhooks::WebhookArgs>,
    /// Log level (error, warn, info, debug, trace).
    #[arg(long, env = "PACT_BROKER_LOG_LEVEL", default_value = "info")]
    pub log_level: String,
    /// Log format: text, or json (one object per line).
    #[arg(
        long,
        env = "PACT_BROKER_LOG_FORMAT",
        value_enum,
        ignore_case = true,
        default_value = "text"
    )]
    pub log_format: crate::ops::logging::LogFormat,
}

/// Who may do what (`Debug` redacts the passwords: see `crate::auth`).
#[derive(Clone, Default, PartialEq, Eq)]
pub struct AuthConfig {
    /// Read-write user and password.
    pub read_write: Option<(String, String)>,
    /// Read-only user and password.
    pub read_only: Option<(String, String)>,
    /// Reads need no credentials.
    pub allow_public_read: bool,
    /// Badges need no credentials.
    pub public_badges: bool,
}

impl AuthConfig {
    /// Whether any credentials are configured.
    pub fn enabled(&self) -> bool {
        self.read_write.is_some() || self.read_only.is_some()
    }
}

/// What the running broker needs to know.
#[derive(Debug, Clone, Default)]
pub struct BrokerConfig {
    /// Base URL for links; `None` derives it from each request.
    pub base_url: Option<String>,
    /// Basic auth.
    pub auth: AuthConfig,
    /// Allow changing the content of a published consumer version.
    pub allow_dangerous_contract_modification: bool,
    /// Skip the Pact Broker's potential-duplicate pacticipant name check on publication (the check
    /// is on by default, as in the Pact Broker).
    pub allow_potential_duplicate_pacticipant_names: bool,
    /// Access control beyond Basic users (tokens required, body and time limits).
    pub access: crate::auth::AccessSettings,
    /// Webhook allow-lists, retries and timing, and the doorbell of this process's worker.
    pub webhooks: crate::webhooks::WebhookConfig,
}

impl ServeArgs {
    /// The broker settings from these flags.
    pub fn broker_config(&self) -> BrokerConfig {
        let pair = |u: &Option<String>, p: &Option<String>| match (u, p) {
            (Some(u), Some(p)) if !u.is_empty() => Some((u.clone(), p.clone())),
            (Some(u), None) if !u.is_empty() => Some((u.clone(), String::new())),
            _ => None,
        };
        BrokerConfig {
            base_url: self
                .base_url
                .as_ref()
                .map(|b| b.trim_end_matches('/').to_string())
                .filter(|b| !b.is_empty()),
            auth: AuthConfig {
                read_write: pair(&self.basic_auth_username, &self.basic_auth_password),
                read_only: pair(
                    &self.basic_auth_read_only_username,
                    &self.basic_auth_read_only_password,
                ),
                allow_public_read: self.allow_public_read,
                public_badges: self.enable_public_badge_access,
            },
            allow_dangerous_contract_modification: self.allow_dangerous_contract_modification,
            allow_potential_duplicate_pacticipant_names: !self
                .check_for_potential_duplicate_pacticipant_names,
            access: crate::auth::AccessSettings::from_serve_args(self),
            webhooks: self.webhooks.config(),
        }
    }
}
