//! Environments and which pacticipant versions are deployed to or released in each.

use maud::{Markup, html};

use super::{Section, ago, layout};
use crate::store::ui::{EnvironmentRow, PlacementRow};
use crate::ui::links::Links;

/// Renders the environments page.
pub fn render(links: &Links, environments: &[EnvironmentRow], placements: &[PlacementRow]) -> Markup {
    let content = html! {
        h1 { "Environments" }
        @if environments.is_empty() {
            p.empty { "No environments have been created yet." }
        }
        div.envs { @for e in environments {
            @let here: Vec<&PlacementRow> = placements.iter().filter(|p| p.environment_uuid == e.uuid).collect();
            section.environment.production[e.production == 1] id={ "env-" (e.name) } {
                h2 {
                    (e.display_name.as_deref().unwrap_or(&e.name))
                    @if e.display_name.is_some() { " " code { (e.name) } }
                    @if e.production == 1 { span.kind.prod { "production" } }
                }
                @if here.is_empty() {
                    p.muted { "Nothing is deployed or released here." }
                } @else {
                    div.table-wrap { table.placements {
                        thead { tr { th { "Pacticipant" } th { "Version" } th { "How" } th.opt { "Since" } } }
                        tbody { @for p in here {
                            tr {
                                td.name { a href=(links.pacticipant(&p.pacticipant_name)) { (p.pacticipant_name) } }
                                td { (p.version_number) }
                                td {
                                    (p.kind)
                                    @if !p.application_instance.is_empty() { " (" (p.application_instance) ")" }
                                }
                                td.opt { (ago(&p.placed_at)) }
                            }
                        } }
                    } }
                }
            }
        } }
    };
    layout(links, "Environments", Section::Environments, content)
}
