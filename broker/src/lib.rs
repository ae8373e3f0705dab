//! The broker: a Pact Broker–compatible server and client. (Being built.)
