//! The pact page: who, which version, its verification, then every interaction readably.

use maud::{Markup, html};

use super::{Decorations, Section, ago, layout, status_chip, time};
use crate::store::pacts::PactRow;
use crate::store::ui::PublicationRow;
use crate::store::verifications::Verification;
use crate::ui::format::{Status, short_sha};
use crate::ui::links::Links;
use crate::ui::pact_view::{BodyView, InteractionView, PactView, PartView};

/// What the pact page shows.
#[derive(Debug)]
pub struct PactPage<'a> {
    /// The publication.
    pub row: &'a PactRow,
    /// The content read with pact-core, or why it could not be read.
    pub view: Result<PactView, String>,
    /// The stored JSON (shown when it cannot be read as a pact).
    pub raw: &'a str,
    /// The newest verification of this content.
    pub verification: Option<&'a Verification>,
    /// Branches, tags and environments of the consumer version.
    pub decorations: &'a Decorations,
    /// The newest publications between the same two pacticipants.
    pub history: &'a [PublicationRow],
}

/// Only `http(s)` URLs become links (never `javascript:` and friends).
pub(crate) fn safe_url(url: &str) -> Option<&str> {
    let lower = url.trim_start().to_ascii_lowercase();
    (lower.starts_with("https://") || lower.starts_with("http://")).then_some(url)
}

/// Renders the pact page.
pub fn render(links: &Links, page: &PactPage<'_>) -> Markup {
    let r = page.row;
    let (c, p, v) = (&r.consumer_name, &r.provider_name, &r.consumer_version_number);
    let status = Status::from_success(page.verification.map(|v| v.success));
    let cv = Some(r.consumer_version_id);
    let content = html! {
        nav.crumbs { a href=(links.index()) { "Integrations" } " › " (c) " → " (p) }
        div.page-head {
            h1 {
                a href=(links.pacticipant(c)) { (c) } span.arrow { " → " } a href=(links.pacticipant(p)) { (p) }
            }
            (status_chip(status))
        }
        dl.facts {
            dt { "Consumer version" }
            dd { (v) " " (page.decorations.labels(cv)) " " (page.decorations.environments(cv)) }
            dt { "Published" } dd { (time(&r.created_at)) }
            dt { "Content" } dd { code title=(r.sha) { (short_sha(&r.sha)) } @if r.revision_number > 1 { " (revision " (r.revision_number) ")" } }
            @if let Ok(view) = &page.view {
                dt { "Specification" } dd { "Pact " (view.specification) }
                dt { "Interactions" } dd { (view.interactions.len()) }
            }
            dt { "Latest verification" }
            dd {
                @match page.verification {
                    Some(vr) => {
                        (status_chip(status)) " by " (p) " " (vr.provider_version_number) ", " (ago(&vr.created_at))
                        @if let Some(url) = vr.build_url.as_deref().and_then(safe_url) { " · " a href=(url) rel="noopener noreferrer" { "build" } }
                    }
                    None => { "No provider has verified this content yet." }
                }
            }
        }
        p.actions {
            a.button href=(links.matrix(p, c)) { "Matrix" }
            a.button href=(links.diff_previous(p, c, v)) { "Diff with previous version" }
            a.button href=(links.api_pact(p, c, v)) { "JSON" }
        }
        @match &page.view {
            Ok(view) => { (interactions(view)) }
            Err(problem) => {
                div.problem { "This pact could not be read: " (problem) }
                pre.raw { (page.raw) }
            }
        }
        @if page.history.len() > 1 {
            h2 { "Versions of this pact" }
            div.table-wrap { table.history {
                thead { tr { th { "Consumer version" } th { "Published" } th { "Content" } th { "" } } }
                tbody { @for h in page.history {
                    tr.current[h.consumer_version_number == *v] {
                        td { a href=(links.pact(p, c, &h.consumer_version_number)) { (h.consumer_version_number) } }
                        td { (ago(&h.published_at)) }
                        td { code { (short_sha(&h.sha)) } }
                        td { @if h.consumer_version_number != *v {
                            a href=(links.diff_versions(p, c, v, &h.consumer_version_number)) { "diff with " (v) }
                        } }
                    }
                } }
            } }
        }
    };
    layout(links, &format!("{c} → {p}"), Section::Other, content)
}

fn interactions(view: &PactView) -> Markup {
    html! {
        @if view.interactions.is_empty() {
            p.empty { "This pact has no interactions." }
        } @else {
            nav.toc {
                h2 { "Interactions" }
                ol { @for (i, interaction) in view.interactions.iter().enumerate() {
                    li { a href={ "#interaction-" (i + 1) } { (interaction.description) } }
                } }
            }
            @for (i, interaction) in view.interactions.iter().enumerate() {
                (interaction_section(i + 1, interaction))
            }
        }
    }
}

fn interaction_section(number: usize, i: &InteractionView) -> Markup {
    html! {
        section.interaction id={ "interaction-" (number) } {
            h3 {
                span.number { (number) "." } " " (i.description)
                span.kind { (i.kind) }
                @if i.pending { span.kind.pending { "pending" } }
            }
            @if !i.provider_states.is_empty() {
                ul.states { @for (name, params) in &i.provider_states {
                    li { span.given { "Given" } " " (name) @if !params.is_empty() { " " code { (params) } } }
                } }
            }
            div.parts { @for part in &i.parts { (part_view(part)) } }
        }
    }
}

fn notes(notes: &[String]) -> Markup {
    html! { @for n in notes { span.note { (n) } } }
}

fn part_view(part: &PartView) -> Markup {
    html! {
        div.part {
            h4 { (part.title) }
            @if !part.summary.is_empty() {
                div.summary-line { code { (part.summary) } (notes(&part.summary_notes)) }
            }
            @if !part.fields.is_empty() {
                table.fields { tbody { @for f in &part.fields {
                    tr { td.kind { (f.kind) } td.fname { code { (f.name) } } td { code { (f.value) } } td.notes { (notes(&f.notes)) } }
                } } }
            }
            @if let Some(body) = &part.body { (body_view(body)) }
        }
    }
}

fn body_view(body: &BodyView) -> Markup {
    html! {
        div.body {
            div.body-head { "Body" @if let Some(ct) = &body.content_type { " · " code { (ct) } } }
            table.code { tbody { @for line in &body.lines {
                tr {
                    td class={ "src d" (line.depth.min(12)) } { (line.text) }
                    td.notes { (notes(&line.notes)) }
                }
            } } }
            @if !body.other_notes.is_empty() {
                ul.other-notes { @for (path, note) in &body.other_notes {
                    li { code { (path) } " " span.note { (note) } }
                } }
            }
        }
    }
}
