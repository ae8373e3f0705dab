//! The matrix of one consumer/provider pair: every recent consumer version's pact against every
//! provider version that verified it.

use maud::{Markup, html};

use super::{Decorations, Section, ago, layout, status_chip};
use crate::store::ui::MatrixRow;
use crate::ui::format::{Status, short_sha};
use crate::ui::links::Links;

/// What the matrix page shows.
#[derive(Debug)]
pub struct MatrixPage<'a> {
    /// Consumer name.
    pub consumer: &'a str,
    /// Provider name.
    pub provider: &'a str,
    /// Rows, newest consumer version first.
    pub rows: &'a [MatrixRow],
    /// Branches, tags and environments of both sides' versions.
    pub decorations: &'a Decorations,
    /// The row limit that applied.
    pub limit: i64,
}

/// Renders the matrix page.
pub fn render(links: &Links, page: &MatrixPage<'_>) -> Markup {
    let (c, p) = (page.consumer, page.provider);
    let d = page.decorations;
    let content = html! {
        nav.crumbs { a href=(links.index()) { "Integrations" } " › matrix" }
        div.page-head {
            h1 {
                a href=(links.pacticipant(c)) { (c) } span.arrow { " → " } a href=(links.pacticipant(p)) { (p) }
            }
            a.button href=(links.latest_pact(p, c)) { "Latest pact" }
        }
        p.lead { "Each row is a pact published by a " (c) " version and, when verified, the " (p)
                 " version that verified it and the result." }
        @if page.rows.is_empty() {
            p.empty { "No pacts between these two pacticipants." }
        } @else {
            div.table-wrap { table.matrix {
                thead { tr {
                    th { (c) " version" } th.opt { "Published" } th.opt { "Content" }
                    th { (p) " version" } th { "Result" } th.opt { "Verified" }
                } }
                tbody { @for r in page.rows {
                    @let status = Status::from_success(r.success);
                    tr class={ "status-" (status.class()) } {
                        td {
                            a href=(links.pact(p, c, &r.consumer_version_number)) { (r.consumer_version_number) }
                            " " (d.labels(Some(r.consumer_version_id))) (d.environments(Some(r.consumer_version_id)))
                        }
                        td.opt { (ago(&r.published_at)) }
                        td.opt { code { (short_sha(&r.sha)) } }
                        td {
                            @match &r.provider_version_number {
                                Some(pv) => { (pv) " " (d.labels(r.provider_version_id)) (d.environments(r.provider_version_id)) }
                                None => { span.muted { "—" } }
                            }
                        }
                        td { (status_chip(status)) }
                        td.opt { @if let Some(at) = &r.verified_at { (ago(at)) } }
                    }
                } }
            } }
            @if page.rows.len() as i64 >= page.limit {
                p.muted { "Showing the newest " (page.limit) " rows." }
            }
        }
    };
    layout(links, &format!("Matrix {c} → {p}"), Section::Other, content)
}
