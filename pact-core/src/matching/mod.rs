//! The matching engine: does an actual request, response or message satisfy the expected one?
//!
//! Owner: matching. (Skeleton: the engine is being written.)

use crate::{Message, Mismatch, Request, Response};

/// Compares an actual request with the expected one; empty when it matches.
pub fn match_request(_expected: &Request, _actual: &Request) -> Vec<Mismatch> {
    Vec::new()
}

/// Compares an actual response with the expected one (tolerant reader: extra fields are fine).
pub fn match_response(_expected: &Response, _actual: &Response) -> Vec<Mismatch> {
    Vec::new()
}

/// Compares an actual message with the expected one.
pub fn match_message(_expected: &Message, _actual: &Message) -> Vec<Mismatch> {
    Vec::new()
}
