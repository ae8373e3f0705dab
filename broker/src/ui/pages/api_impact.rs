//! A provider's API-change impact page: the changes between two of its OpenAPI documents (the
//! newest and the one before, or two chosen versions), each classified breaking or non-breaking
//! with the rule that decided, and for each breaking change the consumer interactions that rely
//! on it, or "safe for today's consumers" when none does. The report of the publish notices and
//! `pact-broker openapi-diff --provider` (`domain::api_evolution::contract_impact`).

use maud::{Markup, html};
use pact_openapi::usage::{ChangeImpact, ImpactReport, Reliance};

use super::{Section, layout, time};
use crate::store::field_usage::ContractVersion;
use crate::ui::links::Links;

/// Which two documents the page compares, and what came of it.
#[derive(Debug)]
pub enum Comparison<'a> {
    /// The provider has published no OpenAPI document.
    NoContracts,
    /// No document was published before this version's (and none was chosen to compare with).
    NothingBefore(&'a str),
    /// Two documents compared.
    Compared {
        /// The provider version of the newer document.
        version: &'a str,
        /// The provider version of the document it is compared against.
        against: &'a str,
        /// The report, or why a document could not be read.
        report: Result<&'a ImpactReport, &'a str>,
    },
}

/// What the impact page shows.
#[derive(Debug)]
pub struct ImpactPage<'a> {
    /// The provider's name.
    pub provider: &'a str,
    /// Its published OpenAPI documents, newest first (for choosing two).
    pub contracts: &'a [ContractVersion],
    /// The comparison.
    pub comparison: Comparison<'a>,
}

/// Renders the impact page.
pub fn render(links: &Links, page: &ImpactPage<'_>) -> Markup {
    let provider = page.provider;
    let content = html! {
        nav.crumbs {
            a href=(links.network()) { "Network" } " › "
            a href=(links.pacticipant(provider)) { (provider) } " › Impact of API changes"
        }
        div.page-head {
            h1 { "Impact of API changes of " (provider) }
            @if page.contracts.len() > 1 {
                @match &page.comparison {
                    Comparison::Compared { version, against, .. } => { (chooser(links, page, version, against)) }
                    Comparison::NothingBefore(version) => { (chooser(links, page, version, version)) }
                    Comparison::NoContracts => {}
                }
            }
        }
        p.lead {
            "The changes between two OpenAPI documents " (provider) " published, each breaking or not for "
            "clients by the rule named, and for each breaking change the consumers whose pacts rely on it "
            "(the newest pact on each consumer's main branch, and those of versions deployed or released)."
        }
        p.summary { a href=(links.field_usage(provider, None, None)) { "Field usage of " (provider) } }
        @match &page.comparison {
            Comparison::NoContracts => {
                p.empty {
                    (provider) " has not published an OpenAPI document (a provider contract) yet. Once it "
                    "publishes two versions, this page shows what changed between them and whom it breaks."
                }
            }
            Comparison::NothingBefore(version) => {
                p.empty {
                    @if page.contracts.len() > 1 {
                        "No OpenAPI document of " (provider) " was published before version " (version)
                        ": choose a version to compare it with."
                    } @else {
                        (provider) " has published one OpenAPI document (version " (version) "): there is "
                        "nothing to compare it with yet."
                    }
                }
            }
            Comparison::Compared { version, against, report } => {
                h2 {
                    "Version " (version) (published(page.contracts, version))
                    span.muted { " against version " (against) } (published(page.contracts, against))
                }
                @match report {
                    Err(problem) => { p.problem { (problem) } }
                    Ok(report) => { (report_view(links, report)) }
                }
            }
        }
    };
    layout(
        links,
        &format!("Impact of API changes of {provider}"),
        Section::Other,
        content,
    )
}

fn chooser(links: &Links, page: &ImpactPage<'_>, version: &str, against: &str) -> Markup {
    html! {
        form.search method="get" action=(links.api_impact(page.provider, None, None)) {
            label { "Version " select name="version" {
                @for c in page.contracts { option value=(c.number) selected[c.number == version] { (c.number) } }
            } }
            label { " against " select name="against" {
                @for c in page.contracts { option value=(c.number) selected[c.number == against] { (c.number) } }
            } }
            button type="submit" { "Compare" }
        }
    }
}

fn report_view(links: &Links, report: &ImpactReport) -> Markup {
    let breaking = report.changes.iter().filter(|c| c.change.breaking).count();
    let broken = report.broken_consumers();
    html! {
        p.summary {
            (breaking) " breaking, " (report.changes.len() - breaking) " non-breaking change(s) · "
            @if broken.is_empty() {
                span.count.ok { "no consumer relies on a breaking change" }
            } @else {
                span.count.bad { "breaks " (broken.join(", ")) }
            }
        }
        @if report.changes.is_empty() {
            p.empty { "The two documents describe the same API." }
        } @else {
            div.table-wrap { table.impact {
                thead { tr {
                    th { "Change" } th { "Rule" } th { "Where" } th { "What" } th { "Consumers" }
                } }
                tbody { @for c in &report.changes { (change_row(links, c)) } }
            } }
        }
    }
}

fn change_row(links: &Links, c: &ChangeImpact) -> Markup {
    let status = match (c.change.breaking, c.relied_on_by.is_empty()) {
        (true, false) => "bad",
        (true, true) => "ok",
        (false, _) => "unknown",
    };
    html! {
        tr class={ "status-" (status) } {
            td { @if c.change.breaking { span.severity.breaking { "breaking" } } @else { span.severity { "non-breaking" } } }
            td { code { (c.change.rule.id()) } }
            td { code { (c.change.place()) } }
            td { (c.change.message) }
            td {
                @if !c.change.breaking {
                    span.muted { "—" }
                } @else if c.relied_on_by.is_empty() {
                    span.chip.ok { "safe for today's consumers" }
                } @else {
                    span.chip.bad { "breaks " (c.relied_on_by.len()) " interaction(s)" }
                    ul.users { @for r in &c.relied_on_by { (reliance(links, r)) } }
                }
            }
        }
    }
}

fn reliance(links: &Links, r: &Reliance) -> Markup {
    html! {
        li {
            a href=(links.pacticipant(&r.consumer)) { (r.consumer) }
            @if let Some(version) = &r.consumer_version { " " span.version { (version) } }
            " · “" (r.interaction) "”"
            @if let Some(field) = &r.field { " · " code { (field) } }
            @if let Some(matcher) = &r.matcher { " · " code.matcher { (matcher) } }
        }
    }
}

/// When the document of `version` was first published, when listed.
fn published(contracts: &[ContractVersion], version: &str) -> Markup {
    html! {
        @if let Some(c) = contracts.iter().find(|c| c.number == version) {
            span.detail { " (published " (time(&c.created_at)) ")" }
        }
    }
}
