//! Durable webhooks.
//!
//! A webhook ([`WebhookDefinition`]) listens to events on some pacts and sends an HTTP request
//! built from a template with `${pactbroker.*}` parameters ([`template`]). When a pact or a
//! verification result is published, [`events`] queues one delivery per matching webhook in the
//! same database transaction, so an event is never lost nor sent for a rolled-back write. The
//! [`WebhookWorker`] (a tokio task started by `pact-broker serve`) claims due deliveries with a
//! lease, so several broker instances sharing one PostgreSQL database send each delivery once;
//! failed attempts are retried with exponential backoff ([`RetryPolicy`]) and each attempt is
//! logged with its secrets redacted ([`delivery`]). Only allow-listed schemes, methods and hosts
//! may be called, and never an internal address unless listed ([`AllowList`]).

pub mod allow_list;
pub mod delivery;
pub mod events;
pub mod model;
pub mod settings;
pub mod template;
pub mod worker;

pub use allow_list::{AllowList, Refusal};
pub use model::{PacticipantScope, RequestTemplate, WebhookDefinition, WebhookEvent};
pub use settings::{Doorbell, RetryPolicy, WebhookArgs, WebhookConfig};
pub use worker::WebhookWorker;
