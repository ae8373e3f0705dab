//! Unit tests of the parent module.

use super::*;

fn chain(names: &[&str]) -> DependencyGraph {
    let mut g = DependencyGraph::default();
    for pair in names.windows(2) {
        g.depends(pair[0], pair[1], Status::Verified);
    }
    g
}

fn node<'a>(layout: &'a Layout, name: &str) -> &'a PlacedNode {
    layout.nodes.iter().find(|n| n.name == name).expect("placed")
}

#[test]
fn consumers_sit_left_of_their_providers() {
    let layout = chain(&["A", "B", "C", "D"]).layout(&LayoutOptions::default());
    let layers: Vec<usize> = ["A", "B", "C", "D"]
        .iter()
        .map(|n| node(&layout, n).layer)
        .collect();
    assert_eq!(layers, [0, 1, 2, 3]);
    assert!(layout.edges.iter().all(|e| !e.back));
}

#[test]
fn a_pure_consumer_is_pulled_next_to_its_provider() {
    let mut g = chain(&["A", "B", "C"]);
    g.depends("Late", "C", Status::Unknown);
    let layout = g.layout(&LayoutOptions::default());
    assert_eq!(node(&layout, "Late").layer, 1);
}

#[test]
fn cycles_are_drawn_with_one_back_edge() {
    let mut g = chain(&["A", "B", "C"]);
    g.depends("C", "A", Status::Failed);
    let layout = g.layout(&LayoutOptions::default());
    assert_eq!(layout.edges.iter().filter(|e| e.back).count(), 1);
    assert_eq!(layout.nodes.len(), 3);
}

#[test]
fn big_layers_are_split_into_sub_columns_and_boxes_never_overlap() {
    let mut g = DependencyGraph::default();
    for i in 0..200 {
        g.depends(
            &format!("consumer-{i:03}"),
            &format!("provider-{:02}", i % 40),
            Status::Verified,
        );
    }
    let o = LayoutOptions::default();
    let layout = g.layout(&o);
    assert_eq!(layout.nodes.len(), 240);
    assert!(layout.height <= 2.0 * o.margin + o.max_rows as f64 * o.row_pitch);
    for (i, a) in layout.nodes.iter().enumerate() {
        for b in &layout.nodes[i + 1..] {
            let apart = (a.x - b.x).abs() >= o.node_width || (a.y - b.y).abs() >= o.node_height;
            assert!(apart, "{} overlaps {}", a.name, b.name);
        }
    }
}

#[test]
fn barycentre_ordering_uncrosses_two_pairs() {
    let mut g = DependencyGraph::default();
    g.depends("a", "z", Status::Verified);
    g.depends("b", "y", Status::Verified);
    let layout = g.layout(&LayoutOptions::default());
    let above = |x: &str, y: &str| node(&layout, x).y < node(&layout, y).y;
    assert_eq!(above("a", "b"), above("z", "y"));
}

#[test]
fn searching_keeps_matches_and_their_neighbours() {
    let mut g = chain(&["Web", "Orders", "Users"]);
    g.depends("Mobile", "Users", Status::Verified);
    g.depends("Admin", "Billing", Status::Verified);
    let (sub, matched) = g.around_matching("order");
    assert_eq!(matched, ["Orders"]);
    let mut names = sub.names().to_vec();
    names.sort();
    assert_eq!(names, ["Orders", "Users", "Web"]);
    assert_eq!(sub.dependencies().len(), 2);
    let focus = g.around("Users");
    assert_eq!(focus.dependencies().len(), 2);
}
