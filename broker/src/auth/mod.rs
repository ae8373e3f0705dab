//! # Access control
//!
//! Who may do what on the broker, configured like the Pact Broker's Docker image and extended
//! with API tokens and roles.
//!
//! ## Credentials
//! - **HTTP Basic**, as the Pact Broker does it: a read-write user
//!   (`PACT_BROKER_BASIC_AUTH_USERNAME`/`_PASSWORD`) who gets the [`Role::Admin`] role (the
//!   Pact Broker's read-write user may do everything, deletes and webhooks included) and a
//!   read-only user (`PACT_BROKER_BASIC_AUTH_READ_ONLY_USERNAME`/`_PASSWORD`) who gets
//!   [`Role::Read`]. Passwords are compared in constant time.
//! - **Bearer tokens** with a role: `pact-broker token create --name ci --role write` prints a
//!   new token once (`pbt_` + 32 random bytes, base64url); only its SHA-256 is stored (table
//!   `api_tokens`). `token list` and `token revoke --name ci` manage them, and so does the admin
//!   API (`GET/POST /admin/tokens`, `GET/DELETE /admin/tokens/{name}`). A revoked or unknown
//!   token gets 401. Clients send `Authorization: Bearer pbt_…` (the CLI's `--broker-token`).
//!
//! ## Roles
//! [`Role::Read`] may GET/HEAD anything and ask which pacts to verify
//! (`POST …/for-verification`); [`Role::Write`] may also publish pacts and verification results,
//! tag, branch, record deployments and releases, and create or update pacticipants and versions;
//! [`Role::Admin`] may also delete anything and manage environments, webhooks and tokens.
//!
//! ## The access table: register every route there
//! [`ROUTE_RULES`] maps each (method, route pattern) to the [`Access`] it needs; the middleware
//! looks requests up by the pattern axum matched. **A module that adds a route adds its rules to
//! that table** (one line per method, the pattern written exactly as in `Router::route`). A route
//! without a rule needs `read` for GET/HEAD and `admin` otherwise, and the test
//! `broker/tests/broker_auth_routes.rs` fails until the rule is added: it reads the router's
//! route list, probes every route with every method and checks that each role gets exactly what
//! the table says (401 without credentials, 403 for a role too weak, neither for a role strong
//! enough).
//!
//! ## Secure by default
//! Without any credentials (no Basic users, no tokens in the database) `pact-broker serve`
//! listens on loopback only, with a loud warning; asked to bind any other address it refuses to
//! start unless told `--no-auth` (`PACT_BROKER_NO_AUTH=true`). `PACT_BROKER_ALLOW_PUBLIC_READ=true`
//! A broker started open on loopback requires credentials from the moment a token is created
//! (on the command line or through `POST /admin/tokens`). `PACT_BROKER_ALLOW_PUBLIC_READ=true`
//! lets anonymous clients read (never write); the heartbeat is always public and badges are
//! public with `PACT_BROKER_ENABLE_PUBLIC_BADGE_ACCESS=true`.
//!
//! ## Replies and secrets
//! 401 (with `WWW-Authenticate: Basic` and `Bearer` challenges) for missing or bad credentials,
//! 403 for a role too weak; bodies are `{"error": "…"}` and never repeat what the client sent.
//! Passwords and tokens are never logged: logs name the user or token, never the secret.
//!
//! ## Limits
//! Request bodies above `PACT_BROKER_MAX_BODY_BYTES` (default 8 MiB) get 413; a request taking
//! longer than `PACT_BROKER_REQUEST_TIMEOUT_SECONDS` (default 30, 0 for none) gets 503 (408 when
//! it was the client sending its body too slowly).

pub mod access;
pub mod cli;
pub mod exposure;
mod role;
pub mod secret;
mod settings;
pub mod tokens;

pub use access::{Access, ROUTE_RULES, RouteRule, Verb, required_access};
pub use exposure::{Exposure, ExposureError, decide_exposure};
pub use role::{Role, UnknownRole};
pub use secret::{TokenSecret, secrets_equal};
pub use settings::{AccessSettings, DEFAULT_MAX_BODY_BYTES, DEFAULT_REQUEST_TIMEOUT};
