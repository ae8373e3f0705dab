//! Feeds arbitrary bytes to the pact reader: it must return a pact or an error, never panic.
//! When a pact is read, writing it in every version and reading that back must not panic either.

#![no_main]

use libfuzzer_sys::fuzz_target;
use pact_core::SpecVersion;
use pact_core::format::{read_pact, read_pact_value, write_pact};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(pact) = read_pact(text) {
        for version in [SpecVersion::V2, SpecVersion::V3, SpecVersion::V4] {
            if let Ok(written) = write_pact(&pact, version) {
                let _ = read_pact_value(&written);
            }
        }
    }
});
