//! HAL: links, relations and the `_links` object every broker resource carries.

use indexmap::IndexMap;
use serde::{Deserialize, Serialize};

/// A link in a HAL document: `{"href": …, "title": …, "name": …, "templated": true}`.
///
/// ```
/// use pact_broker_api::Link;
/// let link = Link::new("http://broker/pacticipants/Web").titled("Pacticipant").named("Web");
/// assert_eq!(
///     serde_json::to_string(&link).unwrap(),
///     r#"{"href":"http://broker/pacticipants/Web","title":"Pacticipant","name":"Web"}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Link {
    /// The target, possibly a template with `{placeholders}`.
    pub href: String,
    /// A human title.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub title: Option<String>,
    /// The link's name (the broker puts environment names here for `pb:record-deployment`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub name: Option<String>,
    /// `Some(true)` when `href` is a template.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub templated: Option<bool>,
}

impl Link {
    /// `{"href": href}`.
    pub fn new(href: impl Into<String>) -> Self {
        Link {
            href: href.into(),
            ..Link::default()
        }
    }

    /// The same link with a title.
    #[must_use]
    pub fn titled(mut self, title: impl Into<String>) -> Self {
        self.title = Some(title.into());
        self
    }

    /// The same link with a name.
    #[must_use]
    pub fn named(mut self, name: impl Into<String>) -> Self {
        self.name = Some(name.into());
        self
    }

    /// The same link marked as a template.
    #[must_use]
    pub fn templated(mut self) -> Self {
        self.templated = Some(true);
        self
    }

    /// Whether `href` is a template.
    pub fn is_templated(&self) -> bool {
        self.templated == Some(true)
    }
}

/// A CURIE (`curies` relation): the prefix of compact relation names and where they are
/// documented, written `{"name", "href", "templated"}` in that order as the Pact Broker does.
///
/// ```
/// use pact_broker_api::Curie;
/// assert_eq!(
///     serde_json::to_string(&Curie::new("pb", "http://b/doc/{rel}?context=index")).unwrap(),
///     r#"{"name":"pb","href":"http://b/doc/{rel}?context=index","templated":true}"#
/// );
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct Curie {
    /// The prefix, e.g. `pb`.
    pub name: String,
    /// The documentation URL template (with `{rel}`).
    pub href: String,
    /// Always `true`.
    pub templated: bool,
}

impl Curie {
    /// A templated CURIE.
    pub fn new(name: impl Into<String>, href: impl Into<String>) -> Self {
        Curie {
            name: name.into(),
            href: href.into(),
            templated: true,
        }
    }
}

/// What a relation holds: one link or an array of them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
#[non_exhaustive]
pub enum Relation {
    /// A single link object.
    One(Link),
    /// The `curies` array (read as such only when every entry is exactly a [`Curie`]).
    Curies(Vec<Curie>),
    /// An array of links (e.g. `pb:pacts`).
    Many(Vec<Link>),
}

impl Relation {
    /// The links of the relation, in order (none for [`Relation::Curies`]).
    pub fn links(&self) -> &[Link] {
        match self {
            Relation::One(link) => std::slice::from_ref(link),
            Relation::Many(links) => links,
            Relation::Curies(_) => &[],
        }
    }
}

/// A HAL document's `_links`: relations by name, in the order they were written.
///
/// Relations whose value is not a link (or an array of links) are skipped when reading, so one
/// odd relation does not make a whole resource unreadable.
///
/// ```
/// use pact_broker_api::{Link, Links};
/// let links = Links::new().with("self", Link::new("http://b/"));
/// assert_eq!(links.first("self").map(|l| l.href.as_str()), Some("http://b/"));
/// assert!(links.first("pb:none").is_none());
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize)]
pub struct Links(IndexMap<String, Relation>);

impl<'de> Deserialize<'de> for Links {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = IndexMap::<String, serde_json::Value>::deserialize(deserializer)?;
        Ok(Links(
            raw.into_iter()
                .filter_map(|(rel, value)| Some((rel, serde_json::from_value(value).ok()?)))
                .collect(),
        ))
    }
}

impl Links {
    /// No links.
    pub fn new() -> Self {
        Links::default()
    }

    /// The same links with `relation` set to one link.
    #[must_use]
    pub fn with(mut self, relation: impl Into<String>, link: Link) -> Self {
        self.0.insert(relation.into(), Relation::One(link));
        self
    }

    /// The same links with `relation` set to an array of links.
    #[must_use]
    pub fn with_many(mut self, relation: impl Into<String>, links: Vec<Link>) -> Self {
        self.0.insert(relation.into(), Relation::Many(links));
        self
    }

    /// The same links with `curies` set.
    #[must_use]
    pub fn with_curies(mut self, curies: Vec<Curie>) -> Self {
        self.0.insert("curies".into(), Relation::Curies(curies));
        self
    }

    /// Sets `relation` to one link (in place of an earlier value, else last).
    pub fn set(&mut self, relation: impl Into<String>, link: Link) {
        self.0.insert(relation.into(), Relation::One(link));
    }

    /// Sets `relation` to an array of links (in place of an earlier value, else last).
    pub fn set_many(&mut self, relation: impl Into<String>, links: Vec<Link>) {
        self.0.insert(relation.into(), Relation::Many(links));
    }

    /// Whether there are no relations.
    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    /// Every link of `relation` (empty when absent).
    pub fn all(&self, relation: &str) -> &[Link] {
        self.0.get(relation).map(Relation::links).unwrap_or_default()
    }

    /// The first link of `relation`.
    pub fn first(&self, relation: &str) -> Option<&Link> {
        self.all(relation).first()
    }

    /// The relations, in order.
    pub fn iter(&self) -> impl Iterator<Item = (&str, &Relation)> {
        self.0.iter().map(|(rel, value)| (rel.as_str(), value))
    }
}

/// The broker's index (`GET /`): where every conversation starts.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct Index {
    /// The relations the broker offers (`pb:publish-contracts`, `pb:provider-pacts-for-verification`, …).
    #[serde(rename = "_links", default)]
    pub links: Links,
}
