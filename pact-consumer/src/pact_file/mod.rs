//! Pact files: where they go, and how a test's interactions are merged into what other tests
//! (in this process or others running at the same time) already wrote.
//!
//! Every write takes an exclusive lock on a sidecar `<file>.lock` *before* reading the existing
//! pact, writes the merged result to a temporary file in the same directory and renames it over
//! the pact, so readers never see a half-written file and no writer's interactions are lost.

mod location;
mod merge;

pub use location::default_output_dir;
pub use merge::{merge_pacts, same_interaction};

use std::fs::{self, File, OpenOptions};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicU64, Ordering};

use pact_core::format::{read_pact, write_pact};
use pact_core::{Pact, PactError};

/// Where and how a pact is written.
///
/// ```
/// use pact_consumer::PactOutput;
/// let output = PactOutput::new("/tmp/pacts");
/// assert!(!output.overwrite);
/// assert_eq!(output.file_for("OrderService", "UserService").to_string_lossy(),
///            "/tmp/pacts/OrderService-UserService.json");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PactOutput {
    /// The directory pact files go in.
    pub dir: PathBuf,
    /// Replace the file instead of merging into it.
    pub overwrite: bool,
}

/// Why a pact file could not be written.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum PactFileError {
    /// A file system operation failed.
    #[error("{action} {path}: {source}")]
    Io {
        /// What was being done (`creating the directory`, `locking`, …).
        action: &'static str,
        /// The file or directory.
        path: PathBuf,
        /// Why.
        source: std::io::Error,
    },
    /// The existing pact file is not a pact this crate can read, so merging into it would lose data.
    #[error(
        "the existing pact file {path} cannot be read ({source}); fix or delete it, or set PACT_OVERWRITE=true"
    )]
    Unreadable {
        /// The file.
        path: PathBuf,
        /// What the reader said.
        source: PactError,
    },
    /// The merged pact could not be rendered as JSON.
    #[error("the pact for {path} could not be written as JSON: {message}")]
    Render {
        /// The file.
        path: PathBuf,
        /// Why.
        message: String,
    },
}

impl PactOutput {
    /// Merge into pact files in `dir`.
    pub fn new(dir: impl Into<PathBuf>) -> Self {
        PactOutput {
            dir: dir.into(),
            overwrite: false,
        }
    }

    /// The default for tests: `PACT_OUTPUT_DIR` or the workspace's `target/pacts`, merging unless
    /// `PACT_OVERWRITE=true`.
    pub fn from_env() -> Self {
        let overwrite =
            std::env::var("PACT_OVERWRITE").is_ok_and(|v| v.eq_ignore_ascii_case("true") || v == "1");
        PactOutput {
            dir: default_output_dir(),
            overwrite,
        }
    }

    /// The file a pact between `consumer` and `provider` goes to: `<dir>/<consumer>-<provider>.json`.
    pub fn file_for(&self, consumer: &str, provider: &str) -> PathBuf {
        self.dir
            .join(format!("{}-{}.json", file_safe(consumer), file_safe(provider)))
    }

    /// Writes `pact`, merged into the existing file unless [`PactOutput::overwrite`]; returns the path.
    pub fn write(&self, pact: &Pact) -> Result<PathBuf, PactFileError> {
        let path = self.file_for(&pact.consumer.name, &pact.provider.name);
        fs::create_dir_all(&self.dir).map_err(io("creating the directory", &self.dir))?;
        let lock_path = path.with_extension("json.lock");
        let lock = OpenOptions::new()
            .create(true)
            .truncate(false)
            .write(true)
            .open(&lock_path)
            .map_err(io("opening the lock file", &lock_path))?;
        lock.lock().map_err(io("locking", &lock_path))?;
        // Everything below runs under the lock; it is released when `lock` is dropped.
        let merged = match (self.overwrite, fs::read_to_string(&path)) {
            (false, Ok(text)) if !text.trim().is_empty() => {
                let existing = read_pact(&text).map_err(|source| PactFileError::Unreadable {
                    path: path.clone(),
                    source,
                })?;
                merge_pacts(existing, pact)
            }
            (false, Err(err)) if err.kind() != std::io::ErrorKind::NotFound => {
                return Err(io("reading", &path)(err));
            }
            _ => pact.clone(),
        };
        let version = merge::version_to_write(&merged);
        let render = |message: String| PactFileError::Render {
            path: path.clone(),
            message,
        };
        let json = write_pact(&merged, version).map_err(|err| render(err.to_string()))?;
        let text = serde_json::to_string_pretty(&json).map_err(|err| render(err.to_string()))?;
        replace_file(&path, text.as_bytes())?;
        drop(lock);
        Ok(path)
    }
}

/// Writes `bytes` to a temporary file beside `path`, then renames it over `path`.
fn replace_file(path: &Path, bytes: &[u8]) -> Result<(), PactFileError> {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let dir = path.parent().unwrap_or(Path::new("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    let temp = dir.join(format!(
        ".{name}.{}.{}.tmp",
        std::process::id(),
        COUNTER.fetch_add(1, Ordering::Relaxed)
    ));
    let result = (|| {
        let mut file = File::create(&temp).map_err(io("creating", &temp))?;
        file.write_all(bytes).map_err(io("writing", &temp))?;
        fs::rename(&temp, path).map_err(io("renaming into place", path))
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}

fn io<'a>(action: &'static str, path: &'a Path) -> impl FnOnce(std::io::Error) -> PactFileError + 'a {
    move |source| PactFileError::Io {
        action,
        path: path.to_path_buf(),
        source,
    }
}

/// A pacticipant name with path separators and other awkward characters replaced.
fn file_safe(name: &str) -> String {
    name.chars()
        .map(|c| {
            if c.is_alphanumeric() || matches!(c, '-' | '_' | '.' | ' ') {
                c
            } else {
                '_'
            }
        })
        .collect()
}
