//! Every label in use: `GET /labels` (the Pact Broker's `Labels` resource).

use serde::{Deserialize, Serialize};

/// The labels in use, once each.
///
/// Its `self` link is written `{"title", "href"}`, title first, as the Pact Broker writes it,
/// hence [`TitleFirstLink`] instead of a [`crate::Links`] map.
///
/// ```
/// use pact_broker_api::{LabelList, LabelListEmbedded, LabelListLinks, LabelName, TitleFirstLink};
/// let list = LabelList {
///     embedded: LabelListEmbedded { labels: vec![LabelName { name: "team-a".into() }] },
///     links: LabelListLinks { this: TitleFirstLink::new("Labels", "http://b/labels") },
/// };
/// assert_eq!(
///     serde_json::to_string(&list).unwrap(),
///     r#"{"_embedded":{"labels":[{"name":"team-a"}]},"_links":{"self":{"title":"Labels","href":"http://b/labels"}}}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelList {
    /// The labels.
    #[serde(rename = "_embedded", default)]
    pub embedded: LabelListEmbedded,
    /// `self`.
    #[serde(rename = "_links", default)]
    pub links: LabelListLinks,
}

/// `_embedded` of a [`LabelList`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelListEmbedded {
    /// The labels, by name.
    #[serde(default)]
    pub labels: Vec<LabelName>,
}

/// A label of a [`LabelList`]: `{"name"}`.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelName {
    /// The label.
    #[serde(default)]
    pub name: String,
}

/// `_links` of a [`LabelList`].
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct LabelListLinks {
    /// `self`.
    #[serde(rename = "self", default)]
    pub this: TitleFirstLink,
}

/// A link written `{"title", "href"}` (title first), as the Pact Broker writes a few of them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct TitleFirstLink {
    /// A human title.
    #[serde(default)]
    pub title: String,
    /// The target.
    #[serde(default)]
    pub href: String,
}

impl TitleFirstLink {
    /// `{"title": title, "href": href}`.
    pub fn new(title: impl Into<String>, href: impl Into<String>) -> Self {
        TitleFirstLink {
            title: title.into(),
            href: href.into(),
        }
    }
}
