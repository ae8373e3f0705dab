//! The stable V4 key of an interaction.

use serde_json::{Map, Value};

use super::write_v4::write_v4_interaction_without_key;
use crate::Interaction;

/// The interaction's explicit key, else the first 16 hex digits of the SHA-256 of its V4 JSON
/// (without `key`, `pending` and `comments`, which do not change what is being agreed) rendered
/// compactly with object keys sorted: the same on every platform and toolchain.
pub(crate) fn interaction_key(interaction: &Interaction) -> String {
    if let Some(key) = interaction.key() {
        return key.to_string();
    }
    let mut written = write_v4_interaction_without_key(interaction);
    if let Value::Object(map) = &mut written {
        map.remove("pending");
        map.remove("comments");
    }
    let canonical = canonical(&written).to_string();
    let digest = hmac_sha256::Hash::hash(canonical.as_bytes());
    digest.iter().take(8).map(|b| format!("{b:02x}")).collect()
}

/// `value` with every object's keys in sorted order.
fn canonical(value: &Value) -> Value {
    match value {
        Value::Object(map) => {
            let mut keys: Vec<&String> = map.keys().collect();
            keys.sort();
            let mut sorted = Map::new();
            for key in keys {
                sorted.insert(key.clone(), canonical(&map[key.as_str()]));
            }
            Value::Object(sorted)
        }
        Value::Array(items) => Value::Array(items.iter().map(canonical).collect()),
        other => other.clone(),
    }
}
