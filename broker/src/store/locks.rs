//! The order in which write transactions take their locks, so that no two of them can deadlock.
//!
//! On PostgreSQL a write takes row locks implicitly: an insert that meets a unique key another
//! open transaction has just inserted waits for that transaction (pacticipant names, version
//! numbers, branch and tag names, pact contents by SHA, publications), an `ON CONFLICT DO UPDATE`
//! or an `UPDATE` locks the row it changes (the `branch_heads` rows the triggers of migration 0300
//! maintain, a pacticipant's main branch, a version's build URL). Two transactions that take two
//! such locks in opposite orders deadlock; PostgreSQL then aborts one after `deadlock_timeout`
//! (issue 18: a publication of consumer C on branch `main` to providers `[P1, P2]` and another
//! one to `[P2, P1]` each held one of the heads `(P1, main)`, `(P2, main)` and waited for the
//! other; two publications whose consumers are each other's providers created the two new
//! pacticipants in opposite orders).
//!
//! Every write transaction therefore takes its locks in this one global order:
//!
//! 1. **Pacticipant write locks** ([`WriteTx::lock_pacticipants`]): a transaction-scoped advisory
//!    lock per pacticipant whose own data it writes (its versions, branches, tags, deployments;
//!    as a consumer its pact contents, publications and the branch heads of its branches), taken
//!    before any other lock and, when it needs several, in ascending key order. Everything a
//!    pacticipant owns is written only under its lock, so writers of one pacticipant queue here
//!    and never meet each other's row locks further down, in whatever order they list providers,
//!    branches or tags.
//! 2. **Pacticipant rows**, by name: new pacticipants are created (and a consumer's main branch is
//!    set) in name order ([`super::pacticipants::find_or_create_in_name_order`]), the only rows that
//!    publications of different consumers contend for.
//! 3. **The version**, then **its branch and tags** (tags in name order).
//! 4. **Pact contents, then publications**, provider by provider; the triggers move the branch
//!    heads of the consumer's branches as each publication is stored (covered by step 1).
//! 5. **Verification results and webhook queue rows**: new rows, plus the `latest_verifications`
//!    row of the (content, provider version) pair.
//!
//! On SQLite writers are serialised by the store's write lock, so the pacticipant locks are
//! no-ops there. Deadlocks and serialization failures that still happen (another program writing
//! the database, a future path that breaks the order) are retried as a safety net: see
//! [`super::StoreError::is_write_conflict`] and the HTTP layer's retry of write requests.

use sha2::{Digest, Sha256};

use super::{Backend, StoreResult, WriteTx};

/// The advisory-lock key of a pacticipant's write lock: the first 8 bytes of SHA-256 over a
/// broker-specific prefix and the name, the same in every broker process sharing the database.
pub fn pacticipant_lock_key(name: &str) -> i64 {
    let digest = Sha256::new()
        .chain_update(b"pact-broker pacticipant write lock\0")
        .chain_update(name.as_bytes())
        .finalize();
    let mut bytes = [0u8; 8];
    bytes.copy_from_slice(&digest[..8]);
    i64::from_be_bytes(bytes)
}

impl WriteTx<'_> {
    /// Takes the write locks of these pacticipants (by name, whether or not they exist yet) in
    /// the global order, held until the transaction ends. Call it before any other write of the
    /// transaction; see the [module docs](self) for the order.
    pub async fn lock_pacticipants<S: AsRef<str>>(&mut self, names: &[S]) -> StoreResult<()> {
        if self.backend != Backend::Postgres {
            return Ok(());
        }
        let mut keys: Vec<i64> = names.iter().map(|n| pacticipant_lock_key(n.as_ref())).collect();
        keys.sort_unstable();
        keys.dedup();
        for key in keys {
            // `pg_advisory_xact_lock` returns `void`, which the `Any` driver cannot decode.
            sqlx::query("SELECT 1 FROM (SELECT pg_advisory_xact_lock($1)) AS locked")
                .bind(key)
                .execute(self.conn())
                .await?;
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::pacticipant_lock_key;

    #[test]
    fn lock_keys_are_stable_and_distinct() {
        assert_eq!(pacticipant_lock_key("Alpha"), pacticipant_lock_key("Alpha"));
        assert_ne!(pacticipant_lock_key("Alpha"), pacticipant_lock_key("alpha"));
        assert_ne!(pacticipant_lock_key("Alpha"), pacticipant_lock_key("Bravo"));
    }
}
