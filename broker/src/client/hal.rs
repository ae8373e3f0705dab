//! HAL documents as the Pact Broker sends them: links (single or arrays, named, templated)
//! and embedded collections.

use percent_encoding::{AsciiSet, NON_ALPHANUMERIC, utf8_percent_encode};
use serde_json::Value;
use url::Url;

use super::broker_error::BrokerError;

/// Characters left as they are when a value is put into a link template: RFC 3986 "unreserved".
const TEMPLATE_VALUE: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// A link in a HAL document: `{"href": …, "name": …, "title": …, "templated": true}`.
#[derive(Debug, Clone, PartialEq, Eq, serde::Deserialize)]
pub struct Link {
    /// The relation this link was found under (filled in by [`HalResource::links`]).
    #[serde(skip)]
    pub relation: String,
    /// The target, possibly a template with `{placeholders}`.
    pub href: String,
    /// The link's name (the broker puts environment names here for `pb:record-deployment`).
    #[serde(default)]
    pub name: Option<String>,
    /// A human title.
    #[serde(default)]
    pub title: Option<String>,
    /// Whether `href` is a template.
    #[serde(default)]
    pub templated: bool,
}

impl Link {
    /// Fills the `{placeholders}` of `href` with percent-encoded values and returns the URL.
    ///
    /// Relative links are resolved against `base`.
    ///
    /// ```
    /// use pact_broker::client::http::Link;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let link = Link {
    ///     relation: "pb:pacticipant-version".into(),
    ///     href: "http://broker/pacticipants/{pacticipant}/versions/{version}".into(),
    ///     name: None,
    ///     title: None,
    ///     templated: true,
    /// };
    /// let base = url::Url::parse("http://broker/")?;
    /// let url = link.expand(&base, &[("pacticipant", "Order Service"), ("version", "1.0/rc")])?;
    /// assert_eq!(url.as_str(), "http://broker/pacticipants/Order%20Service/versions/1.0%2Frc");
    /// # Ok(())
    /// # }
    /// ```
    pub fn expand(&self, base: &Url, values: &[(&str, &str)]) -> Result<Url, BrokerError> {
        let mut href = self.href.clone();
        for (key, value) in values {
            let encoded = utf8_percent_encode(value, TEMPLATE_VALUE).to_string();
            href = href.replace(&format!("{{{key}}}"), &encoded);
        }
        if let Some(start) = href.find('{')
            && let Some(len) = href[start..].find('}')
        {
            return Err(BrokerError::UnexpandedTemplate {
                relation: self.relation.clone(),
                href: self.href.clone(),
                placeholder: href[start + 1..start + len].to_string(),
            });
        }
        base.join(&href)
            .map_err(|source| BrokerError::InvalidUrl { url: href, source })
    }

    /// The link's target as a URL (for links that are not templates).
    pub fn url(&self, base: &Url) -> Result<Url, BrokerError> {
        self.expand(base, &[])
    }
}

/// A HAL document fetched from the broker, with the URL it came from.
#[derive(Debug, Clone, PartialEq)]
pub struct HalResource {
    url: Url,
    body: Value,
}

impl HalResource {
    /// Wraps a document fetched from `url`.
    pub fn new(url: Url, body: Value) -> Self {
        Self { url, body }
    }

    /// Where the document came from.
    pub fn url(&self) -> &Url {
        &self.url
    }

    /// The JSON document.
    pub fn body(&self) -> &Value {
        &self.body
    }

    /// The JSON document, by value.
    pub fn into_body(self) -> Value {
        self.body
    }

    /// Every link under `relation` (a single link object or an array of them).
    pub fn links(&self, relation: &str) -> Vec<Link> {
        let raw = &self.body["_links"][relation];
        let items: Vec<&Value> = match raw {
            Value::Array(items) => items.iter().collect(),
            Value::Object(_) => vec![raw],
            _ => Vec::new(),
        };
        items
            .into_iter()
            .filter_map(|item| serde_json::from_value::<Link>(item.clone()).ok())
            .map(|link| Link {
                relation: relation.to_string(),
                ..link
            })
            .collect()
    }

    /// The (first) link under `relation`, or [`BrokerError::MissingRelation`].
    pub fn link(&self, relation: &str) -> Result<Link, BrokerError> {
        self.links(relation)
            .into_iter()
            .next()
            .ok_or_else(|| BrokerError::MissingRelation {
                relation: relation.to_string(),
                url: self.url.to_string(),
            })
    }

    /// The link under `relation` whose `name` is `name`.
    pub fn link_named(&self, relation: &str, name: &str) -> Option<Link> {
        self.links(relation)
            .into_iter()
            .find(|link| link.name.as_deref() == Some(name))
    }

    /// The items of `_embedded.<key>` (empty when absent).
    pub fn embedded(&self, key: &str) -> &[Value] {
        self.body["_embedded"][key]
            .as_array()
            .map(Vec::as_slice)
            .unwrap_or_default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn url(s: &str) -> Url {
        Url::parse(s).unwrap_or_else(|e| panic!("bad test URL {s}: {e}"))
    }

    #[test]
    fn a_single_link_and_an_array_of_links_read_the_same() {
        let resource = HalResource::new(
            url("http://b/"),
            json!({"_links": {
                "pb:one": {"href": "http://b/one"},
                "pb:many": [{"href": "http://b/a", "name": "test"}, {"href": "http://b/b", "name": "production"}]
            }}),
        );
        assert_eq!(resource.links("pb:one").len(), 1);
        assert_eq!(
            resource.link_named("pb:many", "production").map(|l| l.href),
            Some("http://b/b".to_string())
        );
        assert!(matches!(
            resource.link("pb:none"),
            Err(BrokerError::MissingRelation { relation, .. }) if relation == "pb:none"
        ));
    }

    #[test]
    fn a_template_missing_a_value_is_an_error_naming_the_placeholder() {
        let link = Link {
            relation: "pb:pacticipant".into(),
            href: "/pacticipants/{pacticipant}".into(),
            name: None,
            title: None,
            templated: true,
        };
        let error = link.expand(&url("http://b/"), &[]).err();
        assert!(matches!(
            error,
            Some(BrokerError::UnexpandedTemplate { placeholder, .. }) if placeholder == "pacticipant"
        ));
    }
}
