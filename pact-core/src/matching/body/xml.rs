//! Comparing XML documents under matching rules.
//!
//! Elements are compared by local name and, when the expected element has one, namespace URI
//! (prefixes and declarations don't matter). Rule paths name elements by local name, attributes
//! as `['@name']` and text as `['#text']`: `$.animals.alligator['@phoneNumber']`. Child elements
//! are grouped by name: order across names is free, order within a name counts. Under a `type`
//! rule every actual child must be like the expected child of its name, and `min`/`max` count the
//! children. Extra attributes and elements are an error only in strict contexts (requests).

use roxmltree::{Document, Node};

use crate::Mismatch;
use crate::matching::context::{Ctx, body_mismatch};
use crate::matching::rule_eval::{check_size, is_type_rule};
use crate::matching::rule_select::Seg;
use crate::mismatch::MismatchReason;

/// Parses `text` as XML, for callers that need to know whether it is XML at all.
pub(crate) fn parse(text: &str) -> Result<Document<'_>, roxmltree::Error> {
    Document::parse(text)
}

/// Compares two XML documents; `path` is where the body sits (usually empty: the root).
pub(crate) fn compare<'a>(
    ctx: &Ctx<'_>,
    path: &mut Vec<Seg<'a>>,
    expected: &'a Document<'a>,
    actual: &'a Document<'a>,
    out: &mut Vec<Mismatch>,
) {
    let (e, a) = (expected.root_element(), actual.root_element());
    path.push(Seg::Element(e.tag_name().name()));
    compare_element(ctx, path, e, a, out);
    path.pop();
}

fn describe(node: Node<'_, '_>) -> String {
    match node.tag_name().namespace() {
        Some(ns) => format!("<{}> (namespace {ns})", node.tag_name().name()),
        None => format!("<{}>", node.tag_name().name()),
    }
}

/// Same local name, and same namespace when the expected name has one.
fn same_name(expected: Node<'_, '_>, actual: Node<'_, '_>) -> bool {
    let (e, a) = (expected.tag_name(), actual.tag_name());
    e.name() == a.name() && (e.namespace().is_none() || e.namespace() == a.namespace())
}

fn text_of<'a>(node: Node<'a, '_>) -> String {
    let mut text = String::new();
    for child in node.children().filter(Node::is_text) {
        text.push_str(child.text().unwrap_or(""));
    }
    text.trim().to_string()
}

fn compare_element<'a>(
    ctx: &Ctx<'_>,
    path: &mut Vec<Seg<'a>>,
    expected: Node<'a, 'a>,
    actual: Node<'a, 'a>,
    out: &mut Vec<Mismatch>,
) {
    if !same_name(expected, actual) {
        out.push(body_mismatch(
            path,
            describe(expected),
            describe(actual),
            MismatchReason::NotEqual,
        ));
        return;
    }
    let rules = ctx.select(path).map(|s| s.list);
    let expected_children: Vec<Node<'a, 'a>> = expected.children().filter(Node::is_element).collect();
    let actual_children: Vec<Node<'a, 'a>> = actual.children().filter(Node::is_element).collect();
    if let Some(list) = rules {
        for rule in &list.rules {
            if let Err(reason) = check_size(rule, actual_children.len()) {
                let shown = |n: usize| format!("{n} child element{}", if n == 1 { "" } else { "s" });
                out.push(body_mismatch(
                    path,
                    shown(expected_children.len()),
                    shown(actual_children.len()),
                    reason,
                ));
            }
        }
    }
    compare_attributes(ctx, path, expected, actual, out);
    let (expected_text, actual_text) = (text_of(expected), text_of(actual));
    path.push(Seg::Text);
    compare_text(ctx, path, &expected_text, &actual_text, out);
    path.pop();
    if rules.is_some_and(|list| list.rules.iter().any(is_type_rule)) {
        compare_children_like_examples(ctx, path, &expected_children, &actual_children, out);
    } else {
        compare_children_by_name(ctx, path, &expected_children, &actual_children, out);
    }
}

fn compare_attributes<'a>(
    ctx: &Ctx<'_>,
    path: &mut Vec<Seg<'a>>,
    expected: Node<'a, 'a>,
    actual: Node<'a, 'a>,
    out: &mut Vec<Mismatch>,
) {
    let find = |attr: &roxmltree::Attribute<'a, 'a>, node: Node<'a, 'a>| {
        node.attributes().find(|a| {
            a.name() == attr.name() && (attr.namespace().is_none() || attr.namespace() == a.namespace())
        })
    };
    for attr in expected.attributes() {
        path.push(Seg::Attr(attr.name()));
        match find(&attr, actual) {
            Some(found) => compare_text(ctx, path, attr.value(), found.value(), out),
            None => out.push(body_mismatch(
                path,
                format!("{:?}", attr.value()),
                "<missing>",
                MismatchReason::Missing,
            )),
        }
        path.pop();
    }
    if ctx.allow_unexpected {
        return;
    }
    for attr in actual.attributes() {
        if find(&attr, expected).is_none() {
            path.push(Seg::Attr(attr.name()));
            out.push(body_mismatch(
                path,
                "<absent>",
                format!("attribute {}={:?}", attr.name(), attr.value()),
                MismatchReason::Unexpected,
            ));
            path.pop();
        }
    }
}

/// Compares attribute values or element text under the rules at `path` (equality without
/// rules); mismatches show the whole texts.
pub(crate) fn compare_text(
    ctx: &Ctx<'_>,
    path: &[Seg<'_>],
    expected: &str,
    actual: &str,
    out: &mut Vec<Mismatch>,
) {
    super::text::compare_shown(ctx, path, expected, actual, |text| format!("{text:?}"), out);
}

/// Under a `type` rule: each actual child must be like the expected child of its name at the same
/// position among its namesakes, or else the first of them.
fn compare_children_like_examples<'a>(
    ctx: &Ctx<'_>,
    path: &mut Vec<Seg<'a>>,
    expected: &[Node<'a, 'a>],
    actual: &[Node<'a, 'a>],
    out: &mut Vec<Mismatch>,
) {
    for (i, child) in actual.iter().enumerate() {
        let position = actual[..i].iter().filter(|c| same_name(**c, *child)).count();
        let namesakes: Vec<&Node<'a, 'a>> = expected.iter().filter(|e| same_name(**e, *child)).collect();
        path.push(Seg::Element(child.tag_name().name()));
        path.push(Seg::Shown(position));
        match namesakes.get(position).or_else(|| namesakes.first()) {
            Some(example) => compare_element(ctx, path, **example, *child, out),
            None => out.push(body_mismatch(
                path,
                expected
                    .first()
                    .map(|e| describe(*e))
                    .unwrap_or_else(|| "no element".into()),
                describe(*child),
                MismatchReason::Unexpected,
            )),
        }
        path.pop();
        path.pop();
    }
}

/// Without a `type` rule: namesakes are compared in order; other names may come in any order.
fn compare_children_by_name<'a>(
    ctx: &Ctx<'_>,
    path: &mut Vec<Seg<'a>>,
    expected: &[Node<'a, 'a>],
    actual: &[Node<'a, 'a>],
    out: &mut Vec<Mismatch>,
) {
    let mut seen: Vec<Node<'a, 'a>> = Vec::new();
    for group_head in expected {
        if seen.iter().any(|s| same_name(*s, *group_head)) {
            continue;
        }
        seen.push(*group_head);
        let wanted: Vec<&Node<'a, 'a>> = expected.iter().filter(|e| same_name(*group_head, **e)).collect();
        let got: Vec<&Node<'a, 'a>> = actual.iter().filter(|a| same_name(*group_head, **a)).collect();
        let several = wanted.len() > 1 || got.len() > 1;
        path.push(Seg::Element(group_head.tag_name().name()));
        for i in 0..wanted.len().max(got.len()) {
            if several {
                path.push(Seg::Shown(i));
            }
            match (wanted.get(i), got.get(i)) {
                (Some(e), Some(a)) => compare_element(ctx, path, **e, **a, out),
                (Some(e), None) => out.push(body_mismatch(
                    path,
                    describe(**e),
                    "<missing>",
                    MismatchReason::Missing,
                )),
                (None, Some(a)) if !ctx.allow_unexpected => out.push(body_mismatch(
                    path,
                    "<absent>",
                    describe(**a),
                    MismatchReason::Unexpected,
                )),
                _ => {}
            }
            if several {
                path.pop();
            }
        }
        path.pop();
    }
    if ctx.allow_unexpected {
        return;
    }
    for child in actual {
        if !expected.iter().any(|e| same_name(*e, *child)) {
            path.push(Seg::Element(child.tag_name().name()));
            out.push(body_mismatch(
                path,
                "<absent>",
                describe(*child),
                MismatchReason::Unexpected,
            ));
            path.pop();
        }
    }
}
