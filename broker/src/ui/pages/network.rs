//! The network graph page: a layered drawing of who depends on whom, or an adjacency matrix, with
//! a search box that narrows the drawing to matching services and their neighbours.

use maud::{Markup, html};

use super::{Section, layout};
use crate::ui::format::Status;
use crate::ui::graph::{Adjacency, Layout, LayoutOptions};
use crate::ui::links::{Links, query_value};

/// Which drawing the page shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum View {
    /// Layers of services with edges.
    Graph,
    /// Consumers × providers grid.
    Matrix,
}

/// What the network page shows.
#[derive(Debug)]
pub struct NetworkPage<'a> {
    /// The search text.
    pub search: &'a str,
    /// Names that matched the search.
    pub matched: &'a [String],
    /// Which drawing.
    pub view: View,
    /// The layered drawing (graph view).
    pub layout: &'a Layout,
    /// The grid (matrix view).
    pub adjacency: &'a Adjacency,
    /// How many services and integrations there are in all.
    pub totals: (usize, usize),
    /// The sizes the layout used.
    pub options: LayoutOptions,
}

fn truncate(name: &str, max: usize) -> String {
    if name.chars().count() <= max {
        name.to_string()
    } else {
        let mut s: String = name.chars().take(max.saturating_sub(1)).collect();
        s.push('…');
        s
    }
}

/// The layered drawing as inline SVG (also used by the pacticipant page).
pub fn graph_svg(links: &Links, layout: &Layout, o: &LayoutOptions) -> Markup {
    let max_chars = ((o.node_width - 14.0) / 7.0).max(4.0) as usize;
    html! {
        svg.graph.sparse[layout.edges.len() < 60] xmlns="http://www.w3.org/2000/svg" width=(layout.width.ceil()) height=(layout.height.ceil())
            viewBox={ "0 0 " (layout.width.ceil()) " " (layout.height.ceil()) } role="img"
            aria-label="Dependency graph: consumers on the left, their providers to the right" {
            g.edges {
                @for (i, e) in layout.edges.iter().enumerate() {
                    path class={ "edge " (e.status.class()) @if e.back { " back" } } d=(e.path)
                        data-c=(e.consumer) data-p=(e.provider) id={ "e" (i) } {
                        title { (layout.nodes[e.consumer].name) " → " (layout.nodes[e.provider].name) ": " (e.status.label()) }
                    }
                }
            }
            g.nodes {
                @for (i, n) in layout.nodes.iter().enumerate() {
                    @let role = match (n.consumers > 0, n.providers > 0) {
                        (true, true) => "both", (true, false) => "provider", _ => "consumer",
                    };
                    a href=(links.pacticipant(&n.name)) {
                        g class={ "node " (role) @if n.highlighted { " hit" } } data-n=(i) {
                            title { (n.name) " · " (n.consumers) " consumer(s), " (n.providers) " provider(s)" }
                            rect x=(n.x) y=(n.y) width=(o.node_width) height=(o.node_height) rx="4" {}
                            text x=(n.x + 7.0) y=(n.y + o.node_height / 2.0 + 4.0) { (truncate(&n.name, max_chars)) }
                        }
                    }
                }
            }
        }
    }
}

const CELL: f64 = 14.0;
const LABEL_WIDTH: f64 = 190.0;
const HEADER_HEIGHT: f64 = 150.0;

/// The adjacency matrix as inline SVG.
pub fn adjacency_svg(links: &Links, m: &Adjacency) -> Markup {
    let width = LABEL_WIDTH + m.providers.len() as f64 * CELL + 10.0;
    let height = HEADER_HEIGHT + m.consumers.len() as f64 * CELL + 10.0;
    html! {
        svg.adjacency xmlns="http://www.w3.org/2000/svg" width=(width) height=(height)
            viewBox={ "0 0 " (width) " " (height) } role="img" aria-label="Adjacency matrix: consumers by row, providers by column" {
            @for (r, name) in m.consumers.iter().enumerate() {
                @let y = HEADER_HEIGHT + r as f64 * CELL;
                rect class={ "band" @if r % 2 == 1 { " odd" } } x="0" y=(y) width=(width) height=(CELL) {}
                a href=(links.pacticipant(name)) {
                    text.row-label x=(LABEL_WIDTH - 6.0) y=(y + CELL - 3.0) text-anchor="end" { (truncate(name, 26)) }
                }
            }
            @for (c, name) in m.providers.iter().enumerate() {
                @let x = LABEL_WIDTH + c as f64 * CELL + CELL - 3.0;
                a href=(links.pacticipant(name)) {
                    text.col-label x=(x) y=(HEADER_HEIGHT - 6.0) transform={ "rotate(-60 " (x) " " (HEADER_HEIGHT - 6.0) ")" } {
                        (truncate(name, 22))
                    }
                }
            }
            @for (r, c, status) in &m.cells {
                @let (consumer, provider) = (&m.consumers[*r], &m.providers[*c]);
                a href=(links.matrix(provider, consumer)) {
                    rect class={ "cell " (status.class()) } x=(LABEL_WIDTH + *c as f64 * CELL + 1.0)
                        y=(HEADER_HEIGHT + *r as f64 * CELL + 1.0) width=(CELL - 2.0) height=(CELL - 2.0) rx="2" {
                        title { (consumer) " → " (provider) ": " (status.label()) }
                    }
                }
            }
        }
    }
}

fn legend() -> Markup {
    html! {
        div.legend {
            span.swatch.consumer {} "consumer only"
            span.swatch.both {} "consumer and provider"
            span.swatch.provider {} "provider only"
            span.line.ok {} (Status::Verified.label())
            span.line.bad {} (Status::Failed.label())
            span.line.unknown {} (Status::Unknown.label())
        }
    }
}

/// Renders the network page.
pub fn render(links: &Links, page: &NetworkPage<'_>) -> Markup {
    let view_link = |view: View| {
        let mut href = links.network();
        let mut params = Vec::new();
        if view == View::Matrix {
            params.push("view=matrix".to_string());
        }
        if !page.search.is_empty() {
            params.push(format!("q={}", query_value(page.search)));
        }
        if !params.is_empty() {
            href.push('?');
            href.push_str(&params.join("&"));
        }
        href
    };
    let layout_ = page.layout;
    let content = html! {
        div.page-head {
            h1 { "Network" }
            form.search method="get" action=(links.network()) {
                @if page.view == View::Matrix { input type="hidden" name="view" value="matrix"; }
                input type="search" name="q" value=(page.search) placeholder="Find a service" aria-label="Find a service";
                button type="submit" { "Find" }
                @if !page.search.is_empty() { a.clear href=(view_link_without_search(links, page.view)) { "Show all" } }
            }
        }
        p.summary {
            (page.totals.0) " services, " (page.totals.1) " integrations"
            @if !page.search.is_empty() {
                " · " (page.matched.len()) " service(s) match “" (page.search) "”; showing them with their direct consumers and providers"
            }
            " · "
            a.current[page.view == View::Graph] href=(view_link(View::Graph)) { "graph" } " | "
            a.current[page.view == View::Matrix] href=(view_link(View::Matrix)) { "matrix" }
        }
        @match page.view {
            View::Graph => {
                (legend())
                @if layout_.nodes.is_empty() {
                    p.empty { "No integrations to draw." }
                } @else {
                    p.hint { "Consumers are on the left, the services they depend on to the right. Hover a service to trace its integrations; click it to open its page." }
                    div.canvas { (graph_svg(links, layout_, &page.options)) }
                }
            }
            View::Matrix => {
                @if page.adjacency.cells.is_empty() {
                    p.empty { "No integrations to draw." }
                } @else {
                    p.hint { "Rows are consumers, columns are the providers they depend on; each square is an integration coloured by its latest verification. Click a square for its matrix." }
                    div.canvas { (adjacency_svg(links, page.adjacency)) }
                }
            }
        }
        @if !layout_.isolated.is_empty() && page.view == View::Graph {
            h2 { "Services without integrations" }
            p.isolated { @for name in &layout_.isolated { a.label href=(links.pacticipant(name)) { (name) } " " } }
        }
    };
    layout(links, "Network", Section::Network, content)
}

fn view_link_without_search(links: &Links, view: View) -> String {
    match view {
        View::Graph => links.network(),
        View::Matrix => format!("{}?view=matrix", links.network()),
    }
}
