//! URLs of the UI pages, written against the broker's base URL with every name percent-encoded.

use pact_core::model::percent::encode as seg;

/// Percent-encodes a query value (pact-core's one encoding set).
pub fn query_value(text: &str) -> String {
    seg(text)
}

/// `page` with the given query parameters, those without a value left out.
fn with_query(page: String, params: &[(&str, Option<&str>)]) -> String {
    let mut out = page;
    let mut separator = '?';
    for (name, value) in params {
        if let Some(value) = value {
            out.push(separator);
            out.push_str(name);
            out.push('=');
            out.push_str(&query_value(value));
            separator = '&';
        }
    }
    out
}

/// Builds page URLs under a base URL (no trailing slash).
///
/// ```
/// use pact_broker::ui::links::Links;
/// let links = Links::new("http://broker.test");
/// assert_eq!(links.pacticipant("Order Service"), "http://broker.test/ui/pacticipants/Order%20Service");
/// assert_eq!(links.latest_pact("Users", "Web/App"),
///            "http://broker.test/ui/pacts/provider/Users/consumer/Web%2FApp/latest");
/// ```
#[derive(Debug, Clone)]
pub struct Links {
    base: String,
}

impl Links {
    /// Links under `base` (e.g. `http://localhost:9292`).
    pub fn new(base: &str) -> Links {
        Links {
            base: base.trim_end_matches('/').to_string(),
        }
    }

    /// The API index (HAL).
    pub fn api_index(&self) -> String {
        format!("{}/", self.base)
    }

    /// A static file (`style.css`, `app.js`).
    pub fn asset(&self, name: &str) -> String {
        format!("{}/ui/assets/{name}", self.base)
    }

    /// The index of integrations.
    pub fn index(&self) -> String {
        format!("{}/ui", self.base)
    }

    /// The network graph.
    pub fn network(&self) -> String {
        format!("{}/ui/network", self.base)
    }

    /// Environments and what is deployed where.
    pub fn environments(&self) -> String {
        format!("{}/ui/environments", self.base)
    }

    /// A pacticipant's focus page.
    pub fn pacticipant(&self, name: &str) -> String {
        format!("{}/ui/pacticipants/{}", self.base, seg(name))
    }

    /// A provider's field-usage page, narrowed to an operation path and a field when given.
    ///
    /// ```
    /// use pact_broker::ui::links::Links;
    /// let links = Links::new("http://broker.test");
    /// assert_eq!(links.field_usage("Users", None, None), "http://broker.test/ui/pacticipants/Users/field-usage");
    /// assert_eq!(links.field_usage("Users", Some("/users/{id}"), Some("$.email")),
    ///            "http://broker.test/ui/pacticipants/Users/field-usage?path=%2Fusers%2F%7Bid%7D&field=%24.email");
    /// ```
    pub fn field_usage(&self, provider: &str, path: Option<&str>, field: Option<&str>) -> String {
        let page = format!("{}/field-usage", self.pacticipant(provider));
        with_query(page, &[("path", path), ("field", field)])
    }

    /// A provider's API-change impact page: its newest OpenAPI document against the one before,
    /// or `version`'s document against `against`'s when given.
    pub fn api_impact(&self, provider: &str, version: Option<&str>, against: Option<&str>) -> String {
        let page = format!("{}/api-impact", self.pacticipant(provider));
        with_query(page, &[("version", version), ("against", against)])
    }

    /// A provider's field-usage resource in the API (HAL JSON).
    pub fn api_field_usage(&self, provider: &str) -> String {
        format!("{}/pacticipants/{}/field-usage", self.base, seg(provider))
    }

    fn pact_base(&self, provider: &str, consumer: &str) -> String {
        format!(
            "{}/ui/pacts/provider/{}/consumer/{}",
            self.base,
            seg(provider),
            seg(consumer)
        )
    }

    /// The latest pact between two pacticipants.
    pub fn latest_pact(&self, provider: &str, consumer: &str) -> String {
        format!("{}/latest", self.pact_base(provider, consumer))
    }

    /// The pact of one consumer version.
    pub fn pact(&self, provider: &str, consumer: &str, version: &str) -> String {
        format!("{}/version/{}", self.pact_base(provider, consumer), seg(version))
    }

    /// The diff of a consumer version's pact against the previous distinct one.
    pub fn diff_previous(&self, provider: &str, consumer: &str, version: &str) -> String {
        format!(
            "{}/diff/previous-distinct",
            self.pact(provider, consumer, version)
        )
    }

    /// The diff of a consumer version's pact against another version's.
    pub fn diff_versions(&self, provider: &str, consumer: &str, version: &str, other: &str) -> String {
        format!(
            "{}/diff/version/{}",
            self.pact(provider, consumer, version),
            seg(other)
        )
    }

    /// The matrix of one consumer/provider pair.
    pub fn matrix(&self, provider: &str, consumer: &str) -> String {
        format!(
            "{}/ui/matrix/provider/{}/consumer/{}",
            self.base,
            seg(provider),
            seg(consumer)
        )
    }

    /// The raw pact JSON in the API.
    pub fn api_pact(&self, provider: &str, consumer: &str, version: &str) -> String {
        format!(
            "{}/pacts/provider/{}/consumer/{}/version/{}",
            self.base,
            seg(provider),
            seg(consumer),
            seg(version)
        )
    }
}
