//! The diff page: what changed between two versions of a pact, interaction by interaction.

use maud::{Markup, html};

use super::{Section, layout, time};
use crate::ui::diff::PactDiff;
use crate::ui::format::short_sha;
use crate::ui::links::Links;

/// One side of a comparison.
#[derive(Debug, Clone)]
pub struct Side<'a> {
    /// Consumer version number.
    pub version: &'a str,
    /// Content SHA.
    pub sha: &'a str,
    /// When published.
    pub published_at: &'a str,
}

/// What the diff page shows.
#[derive(Debug)]
pub struct DiffPage<'a> {
    /// Consumer name.
    pub consumer: &'a str,
    /// Provider name.
    pub provider: &'a str,
    /// The older pact (none when there is no earlier distinct version).
    pub older: Option<Side<'a>>,
    /// The newer pact.
    pub newer: Side<'a>,
    /// The differences (empty when `older` is none).
    pub diff: &'a PactDiff,
}

/// Renders the diff page.
pub fn render(links: &Links, page: &DiffPage<'_>) -> Markup {
    let (c, p) = (page.consumer, page.provider);
    let side = |s: &Side<'_>| {
        html! {
            a href=(links.pact(p, c, s.version)) { (s.version) } " "
            code { (short_sha(s.sha)) } " · " (time(s.published_at))
        }
    };
    let content = html! {
        nav.crumbs {
            a href=(links.index()) { "Integrations" } " › "
            a href=(links.pact(p, c, page.newer.version)) { (c) " → " (p) } " › diff"
        }
        h1 { "Changes to the pact between " (c) " and " (p) }
        @match &page.older {
            None => { p.lead { "There is no earlier version of this pact with different content." } }
            Some(older) => {
                dl.facts {
                    dt { "From" } dd { (side(older)) }
                    dt { "To" } dd { (side(&page.newer)) }
                    dt { "Summary" } dd {
                        (page.diff.changes.len()) " change(s), " (page.diff.unchanged) " interaction(s) unchanged"
                    }
                }
                @if page.diff.is_empty() {
                    p.empty { "The two versions have the same content." }
                }
                @for change in &page.diff.changes {
                    section class={ "change " (change.kind.label()) } {
                        h3 { span class={ "kind " (change.kind.label()) } { (change.kind.label()) } " " (change.title) }
                        pre.diff { @for line in &change.lines {
                            @let class = match line.sign { '+' => "add", '-' => "del", '…' => "gap", _ => "ctx" };
                            span class=(class) { (line.sign) " " (line.text) } "\n"
                        } }
                    }
                }
            }
        }
    };
    layout(links, &format!("Diff {c} → {p}"), Section::Other, content)
}
