//! Reading pact files of every specification version into the model, and writing V2, V3 and V4.
//!
//! Owner: format. (Skeleton: the reader and writers are being written.)

use serde_json::Value;

use crate::{Message, Pact, PactError, Request, Response, SpecVersion};

/// Reads a pact document (any version; a UTF-8 BOM is tolerated).
pub fn read_pact(text: &str) -> Result<Pact, PactError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let value: Value = serde_json::from_str(text)?;
    read_pact_value(&value)
}

/// Reads a pact from parsed JSON.
pub fn read_pact_value(_value: &Value) -> Result<Pact, PactError> {
    Err(PactError::invalid("$", "reader not implemented yet"))
}

/// Reads a request as written in a pact of `version`; `path` names where it sits, for errors.
pub fn read_request(_value: &Value, _version: SpecVersion, path: &str) -> Result<Request, PactError> {
    Err(PactError::invalid(path, "reader not implemented yet"))
}

/// Reads a response as written in a pact of `version`.
pub fn read_response(_value: &Value, _version: SpecVersion, path: &str) -> Result<Response, PactError> {
    Err(PactError::invalid(path, "reader not implemented yet"))
}

/// Reads a message (contents, metadata, rules, generators) as written in a pact of `version`.
pub fn read_message(_value: &Value, _version: SpecVersion, path: &str) -> Result<Message, PactError> {
    Err(PactError::invalid(path, "reader not implemented yet"))
}

/// Writes `pact` as a JSON document of `version` (V2, V3 or V4).
pub fn write_pact(pact: &Pact, version: SpecVersion) -> Value {
    serde_json::json!({
        "consumer": {"name": pact.consumer.name},
        "provider": {"name": pact.provider.name},
        "metadata": {"pactSpecification": {"version": version.as_metadata_str()}},
    })
}

/// The stable V4 key of an interaction: its explicit key, else a hash of its content that is the
/// same on every platform and toolchain.
pub fn interaction_key(interaction: &crate::Interaction) -> String {
    interaction.key().map(str::to_string).unwrap_or_default()
}

impl Pact {
    /// Reads a pact document; see [`read_pact`].
    pub fn from_json_str(text: &str) -> Result<Pact, PactError> {
        read_pact(text)
    }

    /// Writes the pact as a JSON document of its own [`Pact::specification`] version; see [`write_pact`].
    pub fn to_json(&self) -> Value {
        write_pact(self, self.specification)
    }
}
