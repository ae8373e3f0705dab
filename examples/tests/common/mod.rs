//! Helpers shared by the examples' integration tests.
#![allow(dead_code, unreachable_pub, missing_docs)]

use std::path::Path;

use examples::user_service::{RunningUserService, User, UserServiceConfig};

/// user-service on 127.0.0.1:0, backed by a `users.sqlite` file in `dir`.
pub async fn start_user_service(dir: &Path, config: UserServiceConfig) -> RunningUserService {
    RunningUserService::start(dir.join("users.sqlite"), config)
        .await
        .expect("user-service starts")
}

/// Alice (`alice@example.com`) with this id, stored in `service`'s database.
pub async fn store_alice(service: &RunningUserService, id: i64) {
    service
        .store()
        .put(&User {
            id,
            name: "Alice".into(),
            email: "alice@example.com".into(),
        })
        .await
        .expect("Alice is stored");
}
