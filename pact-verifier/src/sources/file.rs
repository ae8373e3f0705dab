//! Pact files and directories of pact files.

use std::path::Path;

use super::LoadedPact;
use crate::error::SourceError;

/// Reads one pact file.
pub(super) async fn load_file(path: &Path) -> Result<LoadedPact, SourceError> {
    let text = tokio::fs::read_to_string(path)
        .await
        .map_err(|source| SourceError::Io {
            path: path.to_path_buf(),
            source,
        })?;
    LoadedPact::parse(&text, format!("file {}", path.display()))
}

/// Reads every `*.json` file directly inside `dir`, in name order.
pub(super) async fn load_dir(dir: &Path) -> Result<Vec<LoadedPact>, SourceError> {
    let io_error = |source| SourceError::Io {
        path: dir.to_path_buf(),
        source,
    };
    let mut entries = tokio::fs::read_dir(dir).await.map_err(io_error)?;
    let mut paths = Vec::new();
    while let Some(entry) = entries.next_entry().await.map_err(io_error)? {
        let path = entry.path();
        let is_json = path.extension().is_some_and(|e| e.eq_ignore_ascii_case("json"));
        if is_json && path.is_file() {
            paths.push(path);
        }
    }
    paths.sort();
    let mut pacts = Vec::with_capacity(paths.len());
    for path in paths {
        pacts.push(load_file(&path).await?);
    }
    Ok(pacts)
}
