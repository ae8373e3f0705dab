//! HAL documents as a broker sends them: links (single or arrays, named, templated) and
//! embedded collections.

use std::ops::Deref;

use pact_core::model::percent;
use serde_json::Value;
use url::Url;

use crate::error::BrokerError;

/// A link found in a HAL document under a relation: the wire [`pact_broker_api::Link`] (its
/// `href`, `name`, `title` read through `Deref`) and the relation it was found under, so that
/// errors can name it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Link {
    /// The relation this link was found under.
    pub relation: String,
    /// The link as the broker sent it.
    pub link: pact_broker_api::Link,
}

impl Deref for Link {
    type Target = pact_broker_api::Link;

    fn deref(&self) -> &Self::Target {
        &self.link
    }
}

impl Link {
    /// The link `link` under `relation`.
    pub fn new(relation: impl Into<String>, link: pact_broker_api::Link) -> Self {
        Link {
            relation: relation.into(),
            link,
        }
    }

    /// Fills the `{placeholders}` of `href` with percent-encoded values and returns the URL.
    /// A placeholder left unfilled is an error naming it. Relative links are resolved against
    /// `base`.
    ///
    /// ```
    /// use pact_broker_client::Link;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let link = Link::new(
    ///     "pb:pacticipant-version",
    ///     pact_broker_api::Link::new("http://broker/pacticipants/{pacticipant}/versions/{version}").templated(),
    /// );
    /// let base = url::Url::parse("http://broker/")?;
    /// let url = link.expand(&base, &[("pacticipant", "Order Service"), ("version", "1.0/rc")])?;
    /// assert_eq!(url.as_str(), "http://broker/pacticipants/Order%20Service/versions/1.0%2Frc");
    /// assert!(link.expand(&base, &[("pacticipant", "Order Service")]).is_err());
    /// # Ok(())
    /// # }
    /// ```
    pub fn expand(&self, base: &Url, values: &[(&str, &str)]) -> Result<Url, BrokerError> {
        let mut href = self.href.clone();
        for (key, value) in values {
            href = href.replace(&format!("{{{key}}}"), &percent::encode(value));
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

    /// The document read as a wire type of `pact-broker-api`.
    ///
    /// ```
    /// use pact_broker_client::HalResource;
    /// # fn main() -> Result<(), Box<dyn std::error::Error>> {
    /// let resource = HalResource::new(
    ///     url::Url::parse("http://b/pacticipants/Web")?,
    ///     serde_json::json!({"name": "Web", "_links": {"self": {"href": "http://b/pacticipants/Web"}}}),
    /// );
    /// let pacticipant: pact_broker_api::Pacticipant = resource.read()?;
    /// assert_eq!(pacticipant.name, "Web");
    /// # Ok(())
    /// # }
    /// ```
    pub fn read<T: serde::de::DeserializeOwned>(&self) -> Result<T, BrokerError> {
        T::deserialize(&self.body).map_err(|source| BrokerError::InvalidJson {
            url: self.url.to_string(),
            source,
        })
    }

    /// The document's `_links`.
    pub fn hal_links(&self) -> pact_broker_api::Links {
        serde_json::from_value(self.body["_links"].clone()).unwrap_or_default()
    }

    /// Every link under `relation` (a single link object or an array of them).
    pub fn links(&self, relation: &str) -> Vec<Link> {
        self.hal_links()
            .all(relation)
            .iter()
            .map(|link| Link::new(relation, link.clone()))
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
            resource
                .link_named("pb:many", "production")
                .map(|l| l.href.clone()),
            Some("http://b/b".to_string())
        );
        assert!(matches!(
            resource.link("pb:none"),
            Err(BrokerError::MissingRelation { relation, .. }) if relation == "pb:none"
        ));
    }

    #[test]
    fn a_template_missing_a_value_is_an_error_naming_the_placeholder() {
        let link = Link::new(
            "pb:pacticipant",
            pact_broker_api::Link::new("/pacticipants/{pacticipant}").templated(),
        );
        let error = link.expand(&url("http://b/"), &[]).err();
        assert!(matches!(
            error,
            Some(BrokerError::UnexpandedTemplate { placeholder, .. }) if placeholder == "pacticipant"
        ));
    }
}
