//! The index: one row per integration with its latest pact and the newest verification of it.

use maud::{Markup, html};

use super::{Decorations, Section, ago, layout, status_chip};
use crate::store::ui::IntegrationRow;
use crate::ui::format::{Status, short_sha};
use crate::ui::links::{Links, query_value};

/// What the index shows.
#[derive(Debug)]
pub struct IndexPage<'a> {
    /// One page of integrations.
    pub rows: &'a [IntegrationRow],
    /// Branches, tags and environments of the versions in the rows.
    pub decorations: &'a Decorations,
    /// The search text.
    pub search: &'a str,
    /// The page number (from 1).
    pub page: i64,
    /// Rows per page.
    pub page_size: i64,
    /// How many integrations match the search, on all pages.
    pub total: i64,
}

impl IndexPage<'_> {
    fn page_link(&self, links: &Links, page: i64) -> String {
        let mut href = format!("{}?page={page}", links.index());
        if !self.search.is_empty() {
            href.push_str(&format!("&q={}", query_value(self.search)));
        }
        href
    }
}

/// Renders the index.
pub fn render(links: &Links, page: &IndexPage<'_>) -> Markup {
    let total = page.total;
    let pages = (total + page.page_size - 1) / page.page_size;
    let counts = |s: Status| {
        page.rows
            .iter()
            .filter(|r| Status::from_success(r.verification_success) == s)
            .count()
    };
    let content = html! {
        div.page-head {
            h1 { "Integrations" }
            form.search method="get" action=(links.index()) {
                input type="search" name="q" value=(page.search) placeholder="Filter by consumer or provider" aria-label="Filter integrations";
                button type="submit" { "Filter" }
            }
        }
        p.summary {
            (total) " integration" @if total != 1 { "s" }
            @if !page.search.is_empty() { " matching “" (page.search) "”" }
            @if !page.rows.is_empty() {
                " · on this page: "
                span.count.ok { (counts(Status::Verified)) " verified" } ", "
                span.count.bad { (counts(Status::Failed)) " failed" } ", "
                span.count.unknown { (counts(Status::Unknown)) " not verified" }
            }
        }
        @if page.rows.is_empty() {
            p.empty {
                @if page.search.is_empty() { "No pacts have been published yet." }
                @else { "No integration matches this filter." }
            }
        } @else {
            div.table-wrap {
                table.integrations {
                    thead { tr {
                        th { "Consumer" } th { "Provider" } th { "Latest pact" } th.opt { "Published" }
                        th { "Last verified" } th.opt { "Branches & tags" } th.opt { "Environments" } th { "" }
                    } }
                    tbody {
                        @for r in page.rows { (row(links, page.decorations, r)) }
                    }
                }
            }
        }
        @if pages > 1 {
            nav.pager aria-label="Pages" {
                @if page.page > 1 { a href=(page.page_link(links, page.page - 1)) { "← Previous" } }
                span { "Page " (page.page) " of " (pages) }
                @if page.page < pages { a href=(page.page_link(links, page.page + 1)) { "Next →" } }
            }
        }
    };
    layout(links, "Integrations", Section::Integrations, content)
}

fn row(links: &Links, d: &Decorations, r: &IntegrationRow) -> Markup {
    let status = Status::from_success(r.verification_success);
    let (c, p) = (&r.consumer_name, &r.provider_name);
    let cv = Some(r.consumer_version_id);
    html! {
        tr class={ "status-" (status.class()) } {
            td.name { a href=(links.pacticipant(c)) { (c) } }
            td.name { a href=(links.pacticipant(p)) { (p) } }
            td {
                a href=(links.pact(p, c, &r.consumer_version_number)) title={ "content " (short_sha(&r.sha)) } {
                    (r.consumer_version_number)
                }
            }
            td.opt { (ago(&r.published_at)) }
            td {
                (status_chip(status))
                @if let (Some(at), Some(pv)) = (&r.verified_at, &r.provider_version_number) {
                    span.detail { " by " (p) " " (pv) ", " (ago(at)) }
                }
            }
            td.opt {
                @if d.has_labels(cv) { div.labels { span.who { "C" } (d.labels(cv)) } }
                @if d.has_labels(r.provider_version_id) { div.labels { span.who { "P" } (d.labels(r.provider_version_id)) } }
            }
            td.opt {
                @if d.has_environments(cv) { div.labels { span.who { "C" } (d.environments(cv)) } }
                @if d.has_environments(r.provider_version_id) {
                    div.labels { span.who { "P" } (d.environments(r.provider_version_id)) }
                }
            }
            td.actions {
                a href=(links.matrix(p, c)) title="Every consumer and provider version" { "matrix" }
            }
        }
    }
}
