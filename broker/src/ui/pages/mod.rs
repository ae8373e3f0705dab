//! The pages, written as `maud` templates: functions that return [`Markup`], composed like any
//! other Rust function. Every `(expression)` a template splices in is HTML-escaped by maud, so
//! names, versions and pact JSON can never inject markup; the only unescaped text is the
//! [`DOCTYPE`].

pub mod api_impact;
pub mod diff;
pub mod environments;
pub mod field_usage;
pub mod index;
pub mod matrix;
pub mod network;
pub mod pact;
pub mod pacticipant;

use std::collections::HashMap;

use maud::{DOCTYPE, Markup, html};

use super::format::{Status, ago_now, datetime};
use super::links::Links;
use crate::store::ui::{PlacementRow, VersionLabel};

/// Which item of the top navigation is current.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Section {
    /// The index of integrations.
    Integrations,
    /// The network graph.
    Network,
    /// Environments.
    Environments,
    /// Anything else (a pact, a matrix, a pacticipant).
    Other,
}

/// The page frame: head, navigation and the content.
pub fn layout(links: &Links, title: &str, section: Section, content: Markup) -> Markup {
    let nav = [
        (Section::Integrations, "Integrations", links.index()),
        (Section::Network, "Network", links.network()),
        (Section::Environments, "Environments", links.environments()),
    ];
    html! {
        (DOCTYPE)
        html lang="en" {
            head {
                meta charset="utf-8";
                meta name="viewport" content="width=device-width, initial-scale=1";
                title { (title) " · Pact Broker" }
                link rel="stylesheet" href=(links.asset("style.css"));
                script src=(links.asset("app.js")) defer {}
            }
            body {
                header.top {
                    a.brand href=(links.index()) { "Pact Broker" }
                    nav {
                        @for (s, label, href) in nav {
                            a.current[s == section] href=(href) { (label) }
                        }
                    }
                    a.api href=(links.api_index()) title="The HAL API this UI sits on" { "API" }
                }
                main { (content) }
            }
        }
    }
}

/// A coloured verification status: `verified`, `failed` or `not verified`.
pub fn status_chip(status: Status) -> Markup {
    html! { span class={ "chip " (status.class()) } { (status.label()) } }
}

/// A stored time as `2024-05-01 12:34 UTC` with "3 minutes ago" on hover.
pub fn time(timestamp: &str) -> Markup {
    html! { time datetime=(timestamp) title=(ago_now(timestamp)) { (datetime(timestamp)) } }
}

/// A stored time as "3 minutes ago" with the full time on hover.
pub fn ago(timestamp: &str) -> Markup {
    html! { time datetime=(timestamp) title=(datetime(timestamp)) { (ago_now(timestamp)) } }
}

/// Branches, tags and environments of the versions on a page, fetched in one go.
#[derive(Debug, Clone, Default)]
pub struct Decorations {
    labels: HashMap<i64, Vec<VersionLabel>>,
    places: HashMap<i64, Vec<PlacementRow>>,
}

impl Decorations {
    /// Groups the rows of the label and placement queries by version.
    pub fn new(labels: Vec<VersionLabel>, places: Vec<PlacementRow>) -> Decorations {
        let mut out = Decorations::default();
        for l in labels {
            out.labels.entry(l.version_id).or_default().push(l);
        }
        for p in places {
            out.places.entry(p.version_id).or_default().push(p);
        }
        out
    }

    /// Branch and tag chips of a version.
    pub fn labels(&self, version_id: Option<i64>) -> Markup {
        let labels = version_id.and_then(|id| self.labels.get(&id));
        html! {
            @for l in labels.into_iter().flatten() {
                span class={ "label " (l.kind) } title=(l.kind) { (l.name) }
            }
        }
    }

    /// Environment chips of a version (production ones marked).
    pub fn environments(&self, version_id: Option<i64>) -> Markup {
        let places = version_id.and_then(|id| self.places.get(&id));
        html! {
            @for p in places.into_iter().flatten() {
                span.env.production[p.production == 1] title={ (p.kind) " " (p.placed_at) } {
                    (p.environment_name)
                    @if !p.application_instance.is_empty() { " (" (p.application_instance) ")" }
                }
            }
        }
    }

    /// Whether a version has any branch or tag.
    pub fn has_labels(&self, version_id: Option<i64>) -> bool {
        version_id.is_some_and(|id| self.labels.contains_key(&id))
    }

    /// Whether a version is deployed or released anywhere.
    pub fn has_environments(&self, version_id: Option<i64>) -> bool {
        version_id.is_some_and(|id| self.places.contains_key(&id))
    }
}

/// An "error" page body (not found and the like).
pub fn message_page(links: &Links, title: &str, text: &str) -> Markup {
    layout(
        links,
        title,
        Section::Other,
        html! {
            h1 { (title) }
            p.lead { (text) }
            p { a href=(links.index()) { "Back to the integrations" } }
        },
    )
}
