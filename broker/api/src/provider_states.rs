//! Provider states: `GET /pacts/provider/{p}/provider-states[/branch/{b} | /environment/{e}]`.

use serde::{Deserialize, Serialize};
use serde_json::Value;

/// The provider states a provider's consumers name, once each (by name and parameters), as
/// `pact broker provider-states list` reads them.
///
/// ```
/// use pact_broker_api::{ProviderState, ProviderStateList};
///
/// let list = ProviderStateList {
///     provider_states: vec![ProviderState {
///         name: "an order exists".into(),
///         params: Some(serde_json::json!({ "id": 1 })),
///         consumers: vec!["Web".into()],
///     }],
/// };
/// assert_eq!(
///     serde_json::to_string(&list).unwrap(),
///     r#"{"providerStates":[{"name":"an order exists","params":{"id":1},"consumers":["Web"]}]}"#
/// );
/// ```
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ProviderStateList {
    /// The states, by name then parameters.
    #[serde(default)]
    pub provider_states: Vec<ProviderState>,
}

/// One provider state and the consumers whose pacts name it.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
pub struct ProviderState {
    /// Its name.
    pub name: String,
    /// Its parameters (V3 and later), absent when it has none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub params: Option<Value>,
    /// The consumers naming it, by name.
    #[serde(default)]
    pub consumers: Vec<String>,
}
