//! The consumer side: DSL, in-process mock provider, pact files. (Being built.)
