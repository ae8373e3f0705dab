//! Finding the directory pact files go in.

use std::path::{Path, PathBuf};

/// Where tests write pact files: `PACT_OUTPUT_DIR` if set; else `$CARGO_TARGET_DIR/pacts`; else
/// `target/pacts` in the workspace root, found by walking up from the running test's
/// `CARGO_MANIFEST_DIR` (or the current directory) to the directory holding `Cargo.lock`.
///
/// ```
/// let dir = pact_consumer::default_output_dir();
/// assert!(dir.ends_with("pacts"));
/// ```
pub fn default_output_dir() -> PathBuf {
    if let Some(dir) = std::env::var_os("PACT_OUTPUT_DIR").filter(|d| !d.is_empty()) {
        return PathBuf::from(dir);
    }
    let start = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .unwrap_or_else(|| PathBuf::from("."));
    let root = workspace_root(&start).unwrap_or(start);
    if let Some(target) = std::env::var_os("CARGO_TARGET_DIR").filter(|d| !d.is_empty()) {
        return root.join(PathBuf::from(target)).join("pacts");
    }
    root.join("target").join("pacts")
}

/// The nearest ancestor of `start` (itself included) that holds a `Cargo.lock`.
fn workspace_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("Cargo.lock").is_file())
        .map(Path::to_path_buf)
}
