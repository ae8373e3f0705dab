//! # pact-broker
//!
//! A Pact Broker–compatible server (axum + sqlx; SQLite by default, PostgreSQL for production) and
//! the client CLI that talks to any Pact Broker.

pub mod auth;
pub mod cli_server;
pub mod client;
pub mod config;
pub mod domain;
pub mod evolution;
pub mod http;
pub mod ops;
pub mod store;
pub mod ui;
pub mod webhooks;
