//! Example services (order, user, notification) and the demo. (Being built.)
