//! Mutation testing of the verifier and the mock server (issue 20): every interaction of the
//! specification's cases and of our test and example pacts is replayed once as it is (it must
//! pass) and once per *mutant*, a message changed in a way the pact forbids (a value under an
//! equality or regex rule, a type under a type rule, a dropped field, an array shrunk below its
//! `min`, the status, a matched header, …), which must fail. A mutant that passes has *survived*:
//! the tool said green where the contract was broken.
#![allow(dead_code, unreachable_pub, missing_docs)]
#![allow(clippy::unwrap_used, clippy::expect_used)] // a failed unwrap is a failed test

pub mod cases;
pub mod json;
pub mod parts;

/// The tally of one run, printed at its end.
#[derive(Debug, Default)]
pub struct Tally {
    pub interactions: usize,
    pub mutants: usize,
    pub killed: usize,
    /// `interaction: mutant` for every mutant that passed.
    pub survivors: Vec<String>,
    /// Interactions that failed unmutated, with why.
    pub honest_failures: Vec<String>,
    /// Mutants that ended in an error rather than a mismatch (the harness's fault, not a kill).
    pub errors: Vec<String>,
    /// Interactions that HTTP cannot carry as written (e.g. a line feed in a header value).
    pub unsendable: Vec<String>,
}

impl Tally {
    /// Prints the figures and panics when anything but a clean kill of every mutant happened.
    pub fn assert_all_killed(&self, tool: &str) {
        println!(
            "{tool} mutation run: {} interactions ({} not sendable over HTTP), {} mutants, {} killed, {} survived, \
             {} honest failures, {} errors",
            self.interactions,
            self.unsendable.len(),
            self.mutants,
            self.killed,
            self.survivors.len(),
            self.honest_failures.len(),
            self.errors.len()
        );
        for (file, description, why) in cases::NOT_SELF_CONSISTENT {
            println!("left out, not self-consistent: {file}: {description}: {why}");
        }
        for s in &self.unsendable {
            println!("not sendable over HTTP as written: {s}");
        }
        let mut problems = Vec::new();
        for s in &self.survivors {
            problems.push(format!("SURVIVED  {s}"));
        }
        for s in &self.honest_failures {
            problems.push(format!("HONEST FAILED  {s}"));
        }
        for s in &self.errors {
            problems.push(format!("ERROR  {s}"));
        }
        assert!(problems.is_empty(), "{tool}:\n{}", problems.join("\n"));
        assert!(self.mutants > 0, "{tool}: no mutant was made");
    }
}
