//! A pacticipant's focus page: its consumers and providers (as tables and as a small graph), where
//! its versions are deployed, its newest versions, and (for a provider) links to its field usage
//! and the impact of its API changes.

use maud::{Markup, html};

use super::network::graph_svg;
use super::pact::safe_url;
use super::{Decorations, Section, ago, layout, status_chip};
use crate::store::ui::{IntegrationRow, PacticipantSummary, PlacementRow, VersionSummary};
use crate::ui::format::Status;
use crate::ui::graph::{Layout, LayoutOptions};
use crate::ui::links::Links;

/// What the focus page shows.
#[derive(Debug)]
pub struct PacticipantPage<'a> {
    /// The pacticipant.
    pub pacticipant: &'a PacticipantSummary,
    /// Integrations it takes part in (as consumer or provider).
    pub integrations: &'a [IntegrationRow],
    /// Where its versions are deployed or released now.
    pub placements: &'a [PlacementRow],
    /// Its newest versions.
    pub versions: &'a [VersionSummary],
    /// Branches, tags and environments of the versions shown.
    pub decorations: &'a Decorations,
    /// The pacticipant with its direct neighbours, laid out.
    pub layout: &'a Layout,
    /// The sizes that layout used.
    pub options: LayoutOptions,
    /// Whether it has published an OpenAPI document (a provider contract).
    pub has_contracts: bool,
}

/// Renders the focus page.
pub fn render(links: &Links, page: &PacticipantPage<'_>) -> Markup {
    let me = page.pacticipant;
    let consumers: Vec<&IntegrationRow> = page
        .integrations
        .iter()
        .filter(|r| r.provider_id == me.id)
        .collect();
    let providers: Vec<&IntegrationRow> = page
        .integrations
        .iter()
        .filter(|r| r.consumer_id == me.id)
        .collect();
    let d = page.decorations;
    let content = html! {
        nav.crumbs { a href=(links.network()) { "Network" } " › " (me.name) }
        div.page-head {
            h1 { (me.display_name.as_deref().unwrap_or(&me.name)) }
        }
        dl.facts {
            dt { "Name" } dd { code { (me.name) } }
            @if let Some(b) = &me.main_branch { dt { "Main branch" } dd { span.label.branch { (b) } } }
            @if let Some(url) = me.repository_url.as_deref().and_then(safe_url) {
                dt { "Repository" } dd { a href=(url) rel="noopener noreferrer" { (url) } }
            }
            dt { "Integrations" } dd { (consumers.len()) " consumer(s), " (providers.len()) " provider(s)" }
        }
        @if !page.layout.nodes.is_empty() {
            div.canvas.small { (graph_svg(links, page.layout, &page.options)) }
        }
        div.columns {
            section {
                h2 { "Consumers" span.muted { " — depend on " (me.name) } }
                (integration_table(links, &consumers, true))
            }
            section {
                h2 { "Providers" span.muted { " — " (me.name) " depends on" } }
                (integration_table(links, &providers, false))
            }
        }
        (api_evolution(links, page, consumers.len()))
        h2 { "Deployed and released" }
        @if page.placements.is_empty() {
            p.muted { "No version of " (me.name) " is recorded as deployed or released." }
        } @else {
            div.table-wrap { table {
                thead { tr { th { "Environment" } th { "Version" } th { "How" } th.opt { "Since" } } }
                tbody { @for p in page.placements {
                    tr {
                        td { span.env.production[p.production == 1] { (p.environment_name) } }
                        td { (p.version_number) }
                        td { (p.kind) @if !p.application_instance.is_empty() { " (" (p.application_instance) ")" } }
                        td.opt { (ago(&p.placed_at)) }
                    }
                } }
            } }
        }
        h2 { "Latest versions" }
        @if page.versions.is_empty() {
            p.muted { "No versions yet." }
        } @else {
            div.table-wrap { table {
                thead { tr { th { "Version" } th { "Branches & tags" } th { "Environments" } th.opt { "Created" } } }
                tbody { @for v in page.versions {
                    tr {
                        td { (v.number) }
                        td { (d.labels(Some(v.id))) }
                        td { (d.environments(Some(v.id))) }
                        td.opt { (ago(&v.created_at)) }
                    }
                } }
            } }
        }
    };
    layout(links, &me.name, Section::Other, content)
}

fn integration_table(links: &Links, rows: &[&IntegrationRow], consumers: bool) -> Markup {
    html! {
        @if rows.is_empty() {
            p.muted { "None." }
        } @else {
            div.table-wrap { table {
                thead { tr { th { @if consumers { "Consumer" } @else { "Provider" } } th { "Latest pact" } th { "Last verified" } th { "" } } }
                tbody { @for r in rows {
                    @let other = if consumers { &r.consumer_name } else { &r.provider_name };
                    @let status = Status::from_success(r.verification_success);
                    tr class={ "status-" (status.class()) } {
                        td.name { a href=(links.pacticipant(other)) { (other) } }
                        td { a href=(links.pact(&r.provider_name, &r.consumer_name, &r.consumer_version_number)) { (r.consumer_version_number) } }
                        td { (status_chip(status)) }
                        td.actions { a href=(links.matrix(&r.provider_name, &r.consumer_name)) { "matrix" } }
                    }
                } }
            } }
        }
    }
}

/// Links to the provider's field usage and the impact of its API changes; for a pacticipant no
/// consumer depends on, a word on why there is nothing to see.
fn api_evolution(links: &Links, page: &PacticipantPage<'_>, consumers: usize) -> Markup {
    let name = &page.pacticipant.name;
    html! {
        h2 { "API evolution" }
        @if consumers == 0 && !page.has_contracts {
            p.muted {
                "No consumer has a pact with " (name) ", so no one relies on its API yet. Once it is a provider, "
                "its field usage and the impact of its API changes show here."
            }
        } @else {
            ul.evolution {
                li {
                    a href=(links.field_usage(name, None, None)) { "Field usage" }
                    span.muted { " — which consumers rely on which fields of " (name) ", and how" }
                }
                li {
                    a href=(links.api_impact(name, None, None)) { "Impact of API changes" }
                    span.muted {
                        @if page.has_contracts { " — what changed between its OpenAPI documents, and whom it breaks" }
                        @else { " — once " (name) " publishes OpenAPI documents (provider contracts)" }
                    }
                }
            }
        }
    }
}
