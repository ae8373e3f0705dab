//! Provider states: what the provider must have set up before an interaction is replayed.

use serde_json::{Map, Value};

/// A named state with optional parameters, e.g. `user 42 exists` with `{"id": 42}`.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct ProviderState {
    /// The state's name, as the provider's state handlers know it.
    pub name: String,
    /// Parameters (V3+); empty when none.
    pub params: Map<String, Value>,
}

impl ProviderState {
    /// A state with no parameters.
    ///
    /// ```
    /// let state = pact_core::ProviderState::new("user 42 exists");
    /// assert!(state.params.is_empty());
    /// ```
    pub fn new(name: impl Into<String>) -> Self {
        ProviderState {
            name: name.into(),
            params: Map::new(),
        }
    }

    /// A state with parameters; `params` other than an object gives no parameters.
    ///
    /// ```
    /// let state = pact_core::ProviderState::with_params("user exists", serde_json::json!({"id": 42}));
    /// assert_eq!(state.params["id"], 42);
    /// ```
    pub fn with_params(name: impl Into<String>, params: Value) -> Self {
        let params = match params {
            Value::Object(map) => map,
            _ => Map::new(),
        };
        ProviderState {
            name: name.into(),
            params,
        }
    }
}
