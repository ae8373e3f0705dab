//! The `pact-verifier` command line: verify a provider against pacts from files, URLs or a broker.

fn main() {}
