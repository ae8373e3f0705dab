//! The provider side: replay pacts against the real provider. (Being built.)
