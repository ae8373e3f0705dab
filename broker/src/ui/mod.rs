//! The web UI: server-rendered pages for people, on the same data as the API.
//!
//! Pages are `maud` templates ([`pages`]) fed by the read-only queries of
//! [`crate::store::ui`]; the HTTP side (routes, `Accept` negotiation) is in `crate::http::ui`.
//! There are no external assets: one stylesheet and one small script, served by the broker
//! itself, and a Content-Security-Policy that allows nothing else.
//!
//! Why maud rather than askama: templates are ordinary Rust functions, so pages compose by
//! calling each other, the compiler checks every field a template reads, and all spliced text is
//! HTML-escaped unless wrapped in `PreEscaped` (which these pages never do); there are no
//! template files to locate at build or run time, and it compiles quickly.

pub mod accept;
pub mod diff;
pub mod format;
pub mod graph;
pub mod links;
pub mod pact_view;
pub mod pages;

/// The stylesheet, served at `/ui/assets/style.css`.
pub const STYLESHEET: &str = include_str!("assets/style.css");

/// The script (graph highlighting), served at `/ui/assets/app.js`.
pub const SCRIPT: &str = include_str!("assets/app.js");
