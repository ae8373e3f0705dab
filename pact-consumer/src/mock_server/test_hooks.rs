//! Test-only hooks into a running mock server: make the handler of one path panic, or wait until
//! the test lets it go, to check the catch-panic layer and that a busy request does not hold up
//! the others.

use std::sync::{Arc, Barrier};

/// What the handler does on reaching given paths (compiled into tests only).
#[derive(Debug, Default)]
pub(crate) struct TestHooks {
    /// The handler of this path panics.
    pub(crate) panic_on: Option<String>,
    /// The handler of this path waits at the barrier (shared with the test) before answering.
    pub(crate) wait_on: Option<(String, Arc<Barrier>)>,
}

impl TestHooks {
    /// Runs the hook for `path`, if any.
    pub(crate) fn on_request(&self, path: &str) {
        if self.panic_on.as_deref() == Some(path) {
            panic!("test hook: the handler of {path} panics");
        }
        if let Some((wait_path, barrier)) = &self.wait_on
            && wait_path == path
        {
            barrier.wait();
        }
    }
}
