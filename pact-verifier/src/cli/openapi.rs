//! Reading the `--openapi` document.

use std::path::Path;

use pact_openapi::OpenApi;

/// Reads and parses the OpenAPI document at `path`; the error is one line naming the file.
pub(crate) fn read(path: &Path) -> Result<OpenApi, String> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| format!("could not read the OpenAPI document {}: {e}", path.display()))?;
    OpenApi::parse(&text).map_err(|e| format!("the OpenAPI document {} is not usable: {e}", path.display()))
}
