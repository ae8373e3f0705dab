//! The network graph: who depends on whom, laid out on the server so it stays readable with
//! hundreds of services.
//!
//! The layout is layered (Sugiyama-style, kept simple):
//! 1. cycles are broken by a depth-first search; back edges are drawn dashed and do not count
//!    for layering;
//! 2. each service's layer is the longest chain of consumers above it, so consumers sit left of
//!    their providers; services that only consume are then pulled right, next to their nearest
//!    provider, to keep edges short;
//! 3. services are ordered within a layer by the barycentre of their neighbours (a few sweeps),
//!    which removes most crossings;
//! 4. a layer holding more than [`LayoutOptions::max_rows`] services is spread over several
//!    sub-columns (row-major, so order and height are kept), which keeps 200 services on a
//!    screen or two instead of a 5,000-pixel column;
//! 5. edges leave a service horizontally, bend only in the gap between layers, and enter the
//!    provider horizontally, so edges into one provider bundle in the last gap.
//!
//! Services with no integration are listed apart rather than drawn.
//!
//! ```
//! use pact_broker::ui::graph::{DependencyGraph, LayoutOptions};
//! use pact_broker::ui::format::Status;
//!
//! let mut graph = DependencyGraph::default();
//! graph.depends("Web", "Orders", Status::Verified);
//! graph.depends("Orders", "Users", Status::Failed);
//! graph.node("Lonely");
//! let layout = graph.layout(&LayoutOptions::default());
//! let x = |name: &str| layout.nodes.iter().find(|n| n.name == name).unwrap().x;
//! assert!(x("Web") < x("Orders") && x("Orders") < x("Users"));
//! assert_eq!(layout.isolated, ["Lonely"]);
//! assert_eq!(layout.edges.len(), 2);
//! ```

use std::collections::HashMap;

use super::format::Status;

/// One consumer → provider dependency.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Dependency {
    /// The consumer's node index.
    pub consumer: usize,
    /// The provider's node index.
    pub provider: usize,
    /// The newest verification of the latest pact.
    pub status: Status,
}

/// Services and their dependencies.
#[derive(Debug, Clone, Default)]
pub struct DependencyGraph {
    names: Vec<String>,
    index: HashMap<String, usize>,
    edges: Vec<Dependency>,
}

/// Sizes of the drawing, in pixels.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LayoutOptions {
    /// The most services stacked in one column before a layer is split into sub-columns.
    pub max_rows: usize,
    /// Width of a service box.
    pub node_width: f64,
    /// Height of a service box.
    pub node_height: f64,
    /// Vertical distance between boxes' tops.
    pub row_pitch: f64,
    /// Horizontal gap between sub-columns of one layer.
    pub sub_column_gap: f64,
    /// Horizontal gap between layers, where edges bend.
    pub layer_gap: f64,
    /// Space around the drawing.
    pub margin: f64,
}

impl Default for LayoutOptions {
    fn default() -> Self {
        LayoutOptions {
            max_rows: 28,
            node_width: 170.0,
            node_height: 22.0,
            row_pitch: 30.0,
            sub_column_gap: 14.0,
            layer_gap: 110.0,
            margin: 16.0,
        }
    }
}

/// A service placed on the drawing.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedNode {
    /// The service's name.
    pub name: String,
    /// Left edge of its box.
    pub x: f64,
    /// Top edge of its box.
    pub y: f64,
    /// Its layer (0 = leftmost).
    pub layer: usize,
    /// How many consumers it has.
    pub consumers: usize,
    /// How many providers it has.
    pub providers: usize,
    /// Whether it was named by the search (highlighted).
    pub highlighted: bool,
}

/// A dependency drawn as an SVG path.
#[derive(Debug, Clone, PartialEq)]
pub struct PlacedEdge {
    /// Index of the consumer in [`Layout::nodes`].
    pub consumer: usize,
    /// Index of the provider in [`Layout::nodes`].
    pub provider: usize,
    /// The SVG path data (`M … C …`).
    pub path: String,
    /// The newest verification of the latest pact.
    pub status: Status,
    /// Part of a cycle (drawn against the flow).
    pub back: bool,
}

/// The whole drawing.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Layout {
    /// Services with at least one dependency.
    pub nodes: Vec<PlacedNode>,
    /// Dependencies.
    pub edges: Vec<PlacedEdge>,
    /// Services without any dependency, by name.
    pub isolated: Vec<String>,
    /// Width of the drawing.
    pub width: f64,
    /// Height of the drawing.
    pub height: f64,
}

impl DependencyGraph {
    /// Adds a service (once) and returns its index.
    pub fn node(&mut self, name: &str) -> usize {
        if let Some(&i) = self.index.get(name) {
            return i;
        }
        self.names.push(name.to_string());
        self.index.insert(name.to_string(), self.names.len() - 1);
        self.names.len() - 1
    }

    /// Records that `consumer` depends on `provider` (self-dependencies are ignored).
    pub fn depends(&mut self, consumer: &str, provider: &str, status: Status) {
        let c = self.node(consumer);
        let p = self.node(provider);
        if c != p && !self.edges.iter().any(|e| e.consumer == c && e.provider == p) {
            self.edges.push(Dependency {
                consumer: c,
                provider: p,
                status,
            });
        }
    }

    /// The services' names.
    pub fn names(&self) -> &[String] {
        &self.names
    }

    /// The dependencies.
    pub fn dependencies(&self) -> &[Dependency] {
        &self.edges
    }

    /// The services whose name contains `text` (case-insensitive), their direct consumers and
    /// providers, and the dependencies that touch a matching service. Returns the subgraph and
    /// the names that matched.
    pub fn around_matching(&self, text: &str) -> (DependencyGraph, Vec<String>) {
        let needle = text.to_lowercase();
        let matched: Vec<bool> = self
            .names
            .iter()
            .map(|n| n.to_lowercase().contains(&needle))
            .collect();
        let mut sub = DependencyGraph::default();
        for (i, name) in self.names.iter().enumerate() {
            if matched[i] {
                sub.node(name);
            }
        }
        for e in &self.edges {
            if matched[e.consumer] || matched[e.provider] {
                sub.depends(&self.names[e.consumer], &self.names[e.provider], e.status);
            }
        }
        let names = self
            .names
            .iter()
            .zip(&matched)
            .filter(|(_, m)| **m)
            .map(|(n, _)| n.clone())
            .collect();
        (sub, names)
    }

    /// One service with its direct consumers and providers only.
    pub fn around(&self, name: &str) -> DependencyGraph {
        let mut sub = DependencyGraph::default();
        let Some(&centre) = self.index.get(name) else {
            return sub;
        };
        sub.node(name);
        for e in &self.edges {
            if e.consumer == centre || e.provider == centre {
                sub.depends(&self.names[e.consumer], &self.names[e.provider], e.status);
            }
        }
        sub
    }

    /// Lays the graph out; `highlight` names services to emphasise.
    pub fn layout(&self, options: &LayoutOptions) -> Layout {
        self.layout_highlighting(options, &[])
    }

    /// Lays the graph out, emphasising the named services.
    pub fn layout_highlighting(&self, options: &LayoutOptions, highlight: &[String]) -> Layout {
        let n = self.names.len();
        let mut degree = vec![(0usize, 0usize); n];
        for e in &self.edges {
            degree[e.provider].0 += 1;
            degree[e.consumer].1 += 1;
        }
        let mut isolated: Vec<String> = (0..n)
            .filter(|&i| degree[i] == (0, 0))
            .map(|i| self.names[i].clone())
            .collect();
        isolated.sort();
        let back = self.back_edges();
        let layers = self.layers(&back);
        let order = self.order_within_layers(&layers, &degree);
        self.place(options, &order, &degree, &back, &isolated, highlight)
    }

    /// Marks the edges that close a cycle, found by an iterative depth-first search in name order.
    fn back_edges(&self) -> Vec<bool> {
        let n = self.names.len();
        let mut out_edges: Vec<Vec<usize>> = vec![Vec::new(); n];
        for (i, e) in self.edges.iter().enumerate() {
            out_edges[e.consumer].push(i);
        }
        for list in &mut out_edges {
            list.sort_by(|a, b| {
                self.names[self.edges[*a].provider].cmp(&self.names[self.edges[*b].provider])
            });
        }
        let mut starts: Vec<usize> = (0..n).collect();
        starts.sort_by(|a, b| self.names[*a].cmp(&self.names[*b]));
        // 0 = unvisited, 1 = on the stack, 2 = done.
        let mut state = vec![0u8; n];
        let mut back = vec![false; self.edges.len()];
        for start in starts {
            if state[start] != 0 {
                continue;
            }
            let mut stack = vec![(start, 0usize)];
            state[start] = 1;
            while let Some((node, next)) = stack.last_mut() {
                let node = *node;
                if let Some(&edge) = out_edges[node].get(*next) {
                    *next += 1;
                    let target = self.edges[edge].provider;
                    match state[target] {
                        0 => {
                            state[target] = 1;
                            stack.push((target, 0));
                        }
                        1 => back[edge] = true,
                        _ => {}
                    }
                } else {
                    state[node] = 2;
                    stack.pop();
                }
            }
        }
        back
    }

    /// Longest-path layers over the forward edges, then pure consumers pulled towards their providers.
    fn layers(&self, back: &[bool]) -> Vec<usize> {
        let n = self.names.len();
        let forward: Vec<&Dependency> = self
            .edges
            .iter()
            .zip(back)
            .filter(|(_, b)| !**b)
            .map(|(e, _)| e)
            .collect();
        let mut indegree = vec![0usize; n];
        let mut out: Vec<Vec<usize>> = vec![Vec::new(); n];
        for e in &forward {
            indegree[e.provider] += 1;
            out[e.consumer].push(e.provider);
        }
        let mut layer = vec![0usize; n];
        let mut queue: Vec<usize> = (0..n).filter(|&i| indegree[i] == 0).collect();
        while let Some(node) = queue.pop() {
            for &p in &out[node] {
                layer[p] = layer[p].max(layer[node] + 1);
                indegree[p] -= 1;
                if indegree[p] == 0 {
                    queue.push(p);
                }
            }
        }
        let mut has_consumer = vec![false; n];
        for e in &forward {
            has_consumer[e.provider] = true;
        }
        for node in 0..n {
            if !has_consumer[node]
                && let Some(nearest) = out[node].iter().map(|&p| layer[p]).min()
            {
                layer[node] = nearest.saturating_sub(1);
            }
        }
        layer
    }

    /// Services of each layer in drawing order (barycentre sweeps).
    fn order_within_layers(&self, layers: &[usize], degree: &[(usize, usize)]) -> Vec<Vec<usize>> {
        let layer_count = layers.iter().copied().max().map_or(0, |m| m + 1);
        let mut order: Vec<Vec<usize>> = vec![Vec::new(); layer_count];
        let mut by_name: Vec<usize> = (0..self.names.len()).filter(|&i| degree[i] != (0, 0)).collect();
        by_name.sort_by(|a, b| self.names[*a].cmp(&self.names[*b]));
        for i in by_name {
            order[layers[i]].push(i);
        }
        let mut neighbours: Vec<Vec<usize>> = vec![Vec::new(); self.names.len()];
        for e in &self.edges {
            neighbours[e.consumer].push(e.provider);
            neighbours[e.provider].push(e.consumer);
        }
        let mut position = vec![0.0f64; self.names.len()];
        let refresh = |order: &[usize], position: &mut [f64]| {
            let span = (order.len().max(2) - 1) as f64;
            for (rank, &node) in order.iter().enumerate() {
                position[node] = rank as f64 / span;
            }
        };
        for layer in &order {
            refresh(layer, &mut position);
        }
        for sweep in 0..12 {
            let sequence: Vec<usize> = if sweep % 2 == 0 {
                (0..layer_count).collect()
            } else {
                (0..layer_count).rev().collect()
            };
            for l in sequence {
                let mut keyed: Vec<(f64, usize)> = order[l]
                    .iter()
                    .map(|&node| {
                        let list = &neighbours[node];
                        let key = if list.is_empty() {
                            position[node]
                        } else {
                            list.iter().map(|m| position[*m]).sum::<f64>() / list.len() as f64
                        };
                        (key, node)
                    })
                    .collect();
                keyed.sort_by(|a, b| a.0.total_cmp(&b.0));
                order[l] = keyed.into_iter().map(|(_, node)| node).collect();
                refresh(&order[l], &mut position);
            }
        }
        order
    }

    #[allow(clippy::too_many_arguments)]
    fn place(
        &self,
        o: &LayoutOptions,
        order: &[Vec<usize>],
        degree: &[(usize, usize)],
        back: &[bool],
        isolated: &[String],
        highlight: &[String],
    ) -> Layout {
        let max_rows = o.max_rows.max(1);
        let rows_of = |k: usize| k.div_ceil(k.div_ceil(max_rows).max(1));
        let tallest = order.iter().map(|l| rows_of(l.len())).max().unwrap_or(0);
        let height = 2.0 * o.margin + tallest as f64 * o.row_pitch;
        let mut slot: HashMap<usize, usize> = HashMap::new();
        let mut nodes = Vec::new();
        // Left and right edges of each layer, where edges leave and enter.
        let mut bounds = Vec::with_capacity(order.len());
        let mut x = o.margin;
        for (l, layer) in order.iter().enumerate() {
            let columns = layer.len().div_ceil(max_rows).max(1);
            let rows = rows_of(layer.len());
            let top = o.margin + (tallest - rows) as f64 * o.row_pitch / 2.0;
            for (rank, &node) in layer.iter().enumerate() {
                let column = rank % columns;
                let row = rank / columns;
                slot.insert(node, nodes.len());
                nodes.push(PlacedNode {
                    name: self.names[node].clone(),
                    x: x + column as f64 * (o.node_width + o.sub_column_gap),
                    y: top + row as f64 * o.row_pitch,
                    layer: l,
                    consumers: degree[node].0,
                    providers: degree[node].1,
                    highlighted: highlight.contains(&self.names[node]),
                });
            }
            let right = x + columns as f64 * o.node_width + (columns - 1) as f64 * o.sub_column_gap;
            bounds.push((x, right));
            x = right + o.layer_gap;
        }
        let width = if order.is_empty() {
            2.0 * o.margin
        } else {
            x - o.layer_gap + o.margin
        };
        let mid = o.node_height / 2.0;
        let edges = self
            .edges
            .iter()
            .zip(back)
            .filter_map(|(e, &is_back)| {
                let (c, p) = (*slot.get(&e.consumer)?, *slot.get(&e.provider)?);
                let (cn, pn) = (&nodes[c], &nodes[p]);
                let (ys, yt) = (cn.y + mid, pn.y + mid);
                let path = if cn.layer < pn.layer {
                    let (xs, xt) = (bounds[cn.layer].1, bounds[pn.layer].0);
                    // A box that is not beside the gap reaches it along the lane under its row, so
                    // the line never runs from one box's middle into its neighbour's (which would
                    // read as a dependency between them).
                    let lane = |n: &PlacedNode| n.y + o.node_height + (o.row_pitch - o.node_height) / 2.0;
                    let start_x = cn.x + o.node_width;
                    let (mut path, ys) = if start_x + 0.5 < xs {
                        let l = lane(cn);
                        (
                            format!(
                                "M{start_x:.1} {ys:.1}C{:.1} {ys:.1},{:.1} {l:.1},{:.1} {l:.1}H{xs:.1}",
                                start_x + 5.0,
                                start_x + 3.0,
                                start_x + 9.0
                            ),
                            l,
                        )
                    } else {
                        (format!("M{xs:.1} {ys:.1}"), ys)
                    };
                    let end_x = pn.x;
                    let arrive = if end_x - 0.5 > xt { lane(pn) } else { yt };
                    let d = (xt - xs) / 2.0;
                    path.push_str(&format!(
                        "C{:.1} {ys:.1},{:.1} {arrive:.1},{xt:.1} {arrive:.1}",
                        xs + d,
                        xt - d
                    ));
                    if end_x - 0.5 > xt {
                        path.push_str(&format!(
                            "H{:.1}C{:.1} {arrive:.1},{:.1} {yt:.1},{end_x:.1} {yt:.1}",
                            end_x - 9.0,
                            end_x - 3.0,
                            end_x - 5.0
                        ));
                    }
                    path
                } else {
                    // Against the flow (a cycle): leave to the left, loop back into the provider's right side.
                    let (xs, xt) = (cn.x, pn.x + o.node_width);
                    let bend = o.layer_gap * 0.6;
                    format!(
                        "M{xs:.1} {ys:.1}C{:.1} {ys:.1},{:.1} {yt:.1},{xt:.1} {yt:.1}",
                        xs - bend,
                        xt + bend
                    )
                };
                Some(PlacedEdge {
                    consumer: c,
                    provider: p,
                    path,
                    status: e.status,
                    back: is_back || cn.layer >= pn.layer,
                })
            })
            .collect();
        Layout {
            nodes,
            edges,
            isolated: isolated.to_vec(),
            width,
            height,
        }
    }
}

/// The adjacency-matrix view of a graph: consumers as rows, providers as columns, both in the
/// layered order so related services sit together.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Adjacency {
    /// Row labels (services that consume something).
    pub consumers: Vec<String>,
    /// Column labels (services that provide something).
    pub providers: Vec<String>,
    /// Filled cells: (row, column, status).
    pub cells: Vec<(usize, usize, Status)>,
}

impl DependencyGraph {
    /// The graph as an adjacency matrix.
    ///
    /// ```
    /// use pact_broker::ui::graph::DependencyGraph;
    /// use pact_broker::ui::format::Status;
    /// let mut graph = DependencyGraph::default();
    /// graph.depends("Web", "Orders", Status::Verified);
    /// graph.depends("Web", "Users", Status::Unknown);
    /// let m = graph.adjacency();
    /// assert_eq!(m.consumers, ["Web"]);
    /// assert_eq!(m.providers.len(), 2);
    /// assert_eq!(m.cells.len(), 2);
    /// ```
    pub fn adjacency(&self) -> Adjacency {
        let layout = self.layout(&LayoutOptions {
            max_rows: usize::MAX,
            ..LayoutOptions::default()
        });
        // Reading order of the layered drawing: layer, then top to bottom.
        let mut ordered: Vec<&PlacedNode> = layout.nodes.iter().collect();
        ordered.sort_by(|a, b| a.layer.cmp(&b.layer).then(a.y.total_cmp(&b.y)));
        let consumers: Vec<String> = ordered
            .iter()
            .filter(|n| n.providers > 0)
            .map(|n| n.name.clone())
            .collect();
        let providers: Vec<String> = ordered
            .iter()
            .filter(|n| n.consumers > 0)
            .map(|n| n.name.clone())
            .collect();
        let row: HashMap<&str, usize> = consumers
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let column: HashMap<&str, usize> = providers
            .iter()
            .enumerate()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let cells = self
            .edges
            .iter()
            .filter_map(|e| {
                Some((
                    *row.get(self.names[e.consumer].as_str())?,
                    *column.get(self.names[e.provider].as_str())?,
                    e.status,
                ))
            })
            .collect();
        Adjacency {
            consumers,
            providers,
            cells,
        }
    }
}

#[cfg(test)]
mod tests;
