//! A provider's field-usage page: per operation and field, which consumers rely on it and how
//! (the matcher), from the pacts of each consumer's main branch and of the consumer versions
//! deployed or released. The same data as the API's `pb:field-usage` resource.

use maud::{Markup, html};
use pact_openapi::usage::FieldUsers;

use super::{Section, layout};
use crate::ui::links::Links;

/// What the field-usage page shows.
#[derive(Debug)]
pub struct FieldUsagePage<'a> {
    /// The provider's name.
    pub provider: &'a str,
    /// The fields relied on, filtered and sorted (`FieldUsage::by_field`).
    pub fields: &'a [FieldUsers],
    /// How many HTTP interactions of pacts in use today were read (before filtering).
    pub interactions: usize,
    /// How many consumers have published a pact with the provider (in use today or not).
    pub consumers: usize,
    /// The provider version of the OpenAPI document that named the operations, when there is one.
    pub openapi_version: Option<&'a str>,
    /// Whether the provider has published an OpenAPI document (the impact page has something to show).
    pub has_contracts: bool,
    /// The operation path filter (empty: none).
    pub path: &'a str,
    /// The field filter (empty: none).
    pub field: &'a str,
}

impl FieldUsagePage<'_> {
    fn filtered(&self) -> bool {
        !self.path.is_empty() || !self.field.is_empty()
    }
}

/// Renders the field-usage page.
pub fn render(links: &Links, page: &FieldUsagePage<'_>) -> Markup {
    let provider = page.provider;
    let users: usize = page.fields.iter().map(|f| f.users.len()).sum();
    let content = html! {
        nav.crumbs {
            a href=(links.network()) { "Network" } " › "
            a href=(links.pacticipant(provider)) { (provider) } " › Field usage"
        }
        div.page-head {
            h1 { "Field usage of " (provider) }
            form.search method="get" action=(links.field_usage(provider, None, None)) {
                input type="search" name="path" value=(page.path) placeholder="Path, e.g. /users/{id}" aria-label="Operation path";
                input type="search" name="field" value=(page.field) placeholder="Field, e.g. $.email" aria-label="Field path";
                button type="submit" { "Filter" }
                @if page.filtered() { a.clear href=(links.field_usage(provider, None, None)) { "clear" } }
            }
        }
        p.lead {
            "Which consumers rely on which field of " (provider) ", and how: the exact value, its type, a regex, …, "
            "as their pacts say. Read from the newest pact on each consumer's main branch and the pacts of consumer "
            "versions deployed or released."
        }
        p.summary {
            @match page.openapi_version {
                Some(version) => { "Operations are named after the OpenAPI document of version " code { (version) } ". " }
                None => { "Operations are the requests' literal paths (no OpenAPI document has been published). " }
            }
            @if page.has_contracts {
                a href=(links.api_impact(provider, None, None)) { "Impact of API changes" } " · "
            }
            a href=(links.api_field_usage(provider)) { "as JSON" }
        }
        @if page.consumers == 0 {
            p.empty {
                "No consumer has published a pact with " (provider) ", so nothing relies on its fields yet. "
                "This page is for providers: once a consumer's pact with " (provider) " is on its main branch, "
                "or its version is deployed or released, its fields show here."
            }
        } @else if page.interactions == 0 {
            p.empty {
                "None of the pacts with " (provider) " is in use today: none is the newest on its consumer's main "
                "branch, and no consumer version with a pact is deployed or released."
            }
        } @else if page.fields.is_empty() {
            p.empty {
                @if page.filtered() { "No field relied on matches this filter." }
                @else { "The pacts in use read no body field, query parameter or header of " (provider) "." }
            }
        } @else {
            p.summary {
                (page.fields.len()) " field(s), " (users) " use(s)"
                @if page.filtered() { " matching the filter" }
            }
            div.table-wrap { table.field-usage {
                thead { tr {
                    th { "Operation" } th { "Status" } th { "Where" } th { "Field" } th { "Relied on by" }
                } }
                tbody { @for f in page.fields { (field_row(links, provider, f)) } }
            } }
        }
    };
    layout(
        links,
        &format!("Field usage of {provider}"),
        Section::Other,
        content,
    )
}

fn field_row(links: &Links, provider: &str, f: &FieldUsers) -> Markup {
    let template = f
        .operation
        .split_once(' ')
        .map_or(f.operation.as_str(), |(_, t)| t);
    html! {
        tr {
            td.name { a href=(links.field_usage(provider, Some(template), None)) title="Only this path" { code { (f.operation) } } }
            td { (f.status) }
            td { (f.part.as_str()) }
            td { a href=(links.field_usage(provider, Some(template), Some(&f.path))) title="Only this field" { code { (f.path) } } }
            td { ul.users {
                @for (consumer, version, interaction, matcher) in &f.users {
                    li {
                        a href=(links.pacticipant(consumer)) { (consumer) }
                        @if let Some(version) = version { " " span.version { (version) } }
                        " · “" (interaction) "” · "
                        code.matcher { (matcher) }
                    }
                }
            } }
        }
    }
}
