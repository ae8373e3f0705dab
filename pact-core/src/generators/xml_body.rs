//! Generating values into XML bodies: element text (`['#text']`) and attributes (`['@name']`).
//!
//! Paths name elements as they are written, with their prefix (`$['aka:countries']['aka:argentina']`);
//! `*` stands for any element, `[*]` for all of the elements reached so far and `[n]` for the n-th.
//! A text generator replaces every non-blank text of the element, or adds the text when the element
//! has none (`<a/>` and `<a></a>` become `<a>value</a>`). The document is edited in place: the
//! declaration, comments, namespaces and formatting stay as they were, and generated values are
//! escaped.

use std::collections::BTreeMap;
use std::ops::Range;

use roxmltree::{Document, Node};

use super::Generator;
use crate::rules::{DocPath, PathToken};

/// What a generator path ends with.
enum Target<'p> {
    /// `['#text']`.
    Text,
    /// `['@name']`.
    Attribute(&'p str),
}

/// Applies the generators whose paths end in `['#text']` or `['@name']` to the XML document
/// `xml`; `generate` gives the new value for the current one (or `None` to keep it). `None` when
/// `xml` is not XML or nothing changed.
pub(crate) fn generate_xml(
    xml: &str,
    generators: &[(DocPath, Generator)],
    mut generate: impl FnMut(&DocPath, &Generator, &str) -> Option<String>,
) -> Option<String> {
    let doc = Document::parse(xml).ok()?;
    // Edits keyed by the range they replace: a later generator for the same place wins.
    let mut edits: BTreeMap<(usize, usize), String> = BTreeMap::new();
    for (path, generator) in generators {
        let Some((elements, target)) = split_target(path.tokens()) else {
            continue;
        };
        for element in select(xml, doc.root_element(), elements) {
            match target {
                Target::Attribute(name) => {
                    for attribute in element.attributes() {
                        if xml.get(attribute.range_qname()) != Some(name) {
                            continue;
                        }
                        if let Some(value) = generate(path, generator, attribute.value()) {
                            let range = attribute.range_value();
                            edits.insert((range.start, range.end), escape(&value, true));
                        }
                    }
                }
                Target::Text => {
                    for (range, current) in text_places(xml, element) {
                        if let Some(value) = generate(path, generator, &current) {
                            let replacement = match &range {
                                Place::Replace(_) | Place::Insert(_) => escape(&value, false),
                                Place::Open(_) => {
                                    format!(">{}</{}>", escape(&value, false), qualified_name(xml, element))
                                }
                            };
                            let r = range.range();
                            edits.insert((r.start, r.end), replacement);
                        }
                    }
                }
            }
        }
    }
    if edits.is_empty() {
        return None;
    }
    let mut out = xml.to_string();
    for ((start, end), text) in edits.into_iter().rev() {
        out.replace_range(start..end, &text);
    }
    Some(out)
}

/// The element steps of a generator path and what it targets; `None` for other paths.
fn split_target(tokens: &[PathToken]) -> Option<(&[PathToken], Target<'_>)> {
    let tokens = tokens.strip_prefix(&[PathToken::Root]).unwrap_or(tokens);
    let (last, elements) = tokens.split_last()?;
    let PathToken::Field(name) = last else { return None };
    let target = if name == "#text" {
        Target::Text
    } else {
        Target::Attribute(name.strip_prefix('@')?)
    };
    (!elements.is_empty()).then_some((elements, target))
}

/// The elements `tokens` reach, the first token naming the root element.
fn select<'a, 'i>(xml: &str, root: Node<'a, 'i>, tokens: &[PathToken]) -> Vec<Node<'a, 'i>> {
    let Some((first, rest)) = tokens.split_first() else {
        return Vec::new();
    };
    let start: Vec<Node<'a, 'i>> = names(xml, first, root).then_some(root).into_iter().collect();
    rest.iter().fold(start, |reached, token| match token {
        PathToken::StarIndex => reached,
        PathToken::Index(i) => reached.get(*i).copied().into_iter().collect(),
        token => reached
            .iter()
            .flat_map(|node| {
                node.children()
                    .filter(|c| c.is_element() && names(xml, token, *c))
            })
            .collect(),
    })
}

/// Whether a path step names `element`: `*`, or its name as written (`aka:argentina`).
fn names(xml: &str, token: &PathToken, element: Node<'_, '_>) -> bool {
    match token {
        PathToken::Star => true,
        PathToken::Field(name) => qualified_name(xml, element) == name,
        _ => false,
    }
}

/// The element's name as written in the document, with its prefix.
fn qualified_name<'x>(xml: &'x str, element: Node<'_, '_>) -> &'x str {
    let tag = xml.get(element.range().start + 1..).unwrap_or("");
    let end = tag
        .find(|c: char| c.is_whitespace() || c == '/' || c == '>')
        .unwrap_or(tag.len());
    &tag[..end]
}

/// Where an element's text goes.
enum Place {
    /// Replace an existing text.
    Replace(Range<usize>),
    /// Insert text just before the closing tag.
    Insert(usize),
    /// Turn the self-closing `/>` at this range into `>text</name>`.
    Open(Range<usize>),
}

impl Place {
    fn range(&self) -> Range<usize> {
        match self {
            Place::Replace(range) | Place::Open(range) => range.clone(),
            Place::Insert(at) => *at..*at,
        }
    }
}

/// The places of an element's text with their current values: its non-blank texts, else a new
/// text after its children.
fn text_places(xml: &str, element: Node<'_, '_>) -> Vec<(Place, String)> {
    let texts: Vec<Node<'_, '_>> = element.children().filter(Node::is_text).collect();
    let filled: Vec<(Place, String)> = texts
        .iter()
        .filter(|t| !t.text().unwrap_or("").trim().is_empty())
        .map(|t| (Place::Replace(t.range()), t.text().unwrap_or("").to_string()))
        .collect();
    if !filled.is_empty() {
        return filled;
    }
    let has_children = element.children().any(|c| c.is_element());
    if let (false, Some(blank)) = (has_children, texts.first()) {
        return vec![(Place::Replace(blank.range()), String::new())];
    }
    let range = element.range();
    let source = xml.get(range.clone()).unwrap_or("");
    let place = if element.first_child().is_none() && source.ends_with("/>") {
        Place::Open(range.end - 2..range.end)
    } else {
        match source.rfind("</") {
            Some(at) => Place::Insert(range.start + at),
            None => return Vec::new(),
        }
    };
    vec![(place, String::new())]
}

/// `text` escaped for XML content, or for an attribute value (quotes too) when `attribute`.
fn escape(text: &str, attribute: bool) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' if attribute => out.push_str("&quot;"),
            '\'' if attribute => out.push_str("&apos;"),
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn run(xml: &str, paths: &[&str]) -> Option<String> {
        let generators: Vec<(DocPath, Generator)> = paths
            .iter()
            .map(|p| (DocPath::parse(p).expect("path"), Generator::RandomBoolean))
            .collect();
        let mut n = 0;
        generate_xml(xml, &generators, |_, _, current| {
            n += 1;
            Some(format!("{current}<{n}>"))
        })
    }

    #[test]
    fn fills_empty_elements_and_keeps_the_rest_of_the_document() {
        let xml =
            "<?xml version='1.0'?>\n<!-- c --><aka:r xmlns:aka='urn:a'><aka:a></aka:a><aka:b/><b/></aka:r>";
        let out = run(
            xml,
            &["$['aka:r']['aka:a']['#text']", "$['aka:r']['aka:b']['#text']"],
        );
        assert_eq!(
            out.as_deref(),
            Some(
                "<?xml version='1.0'?>\n<!-- c --><aka:r xmlns:aka='urn:a'><aka:a>&lt;1&gt;</aka:a><aka:b>&lt;2&gt;</aka:b><b/></aka:r>"
            )
        );
    }

    #[test]
    fn replaces_texts_and_attributes_of_every_element_reached() {
        let xml = r#"<r><i id="1">x</i><i id="2">y<j/>z</i></r>"#;
        let out = run(xml, &["$.r.i['@id']", "$.r.*['#text']"]).expect("changed");
        assert_eq!(
            out,
            r#"<r><i id="1&lt;1&gt;">x&lt;3&gt;</i><i id="2&lt;2&gt;">y&lt;4&gt;<j/>z&lt;5&gt;</i></r>"#
        );
        let second = run(xml, &["$.r.i[1]['@id']"]).expect("changed");
        assert_eq!(second, r#"<r><i id="1">x</i><i id="2&lt;1&gt;">y<j/>z</i></r>"#);
    }

    #[test]
    fn unknown_paths_non_xml_and_json_paths_change_nothing() {
        assert_eq!(
            run("<r><a/></r>", &["$.r.b['#text']", "$.x.a['@id']", "$.r.a"]),
            None
        );
        assert_eq!(run("{\"a\": 1}", &["$.a['#text']"]), None);
    }
}
