//! How the client shows things: output formats, plain-text tables and broker notices.

use std::fmt;

use serde_json::Value;

use pact_broker_client::Notice;

/// The `-o/--output` formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum OutputFormat {
    /// Sentences for people.
    Text,
    /// The broker's JSON reply on one line.
    Json,
    /// A table.
    Table,
    /// The broker's JSON reply, indented.
    Pretty,
}

impl OutputFormat {
    /// Prints `body` if this is a JSON format; returns whether it did.
    pub fn print_json(self, body: &Value) -> bool {
        match self {
            Self::Json => println!("{body}"),
            Self::Pretty => println!(
                "{}",
                serde_json::to_string_pretty(body).unwrap_or_else(|_| body.to_string())
            ),
            Self::Text | Self::Table => return false,
        }
        true
    }
}

/// A plain-text table in the style of the Pact Broker client:
///
/// ```text
/// CONSUMER | C.VERSION | PROVIDER
/// ---------|-----------|---------
/// Foo      | 1.0.0     | Bar
/// ```
///
/// ```
/// use pact_broker::client::output::Table;
///
/// let table = Table::new(["NAME", "TAGS"]).row(["1.0.0", "prod, main"]);
/// assert_eq!(table.to_string(), "NAME  | TAGS\n------|-----------\n1.0.0 | prod, main\n");
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Table {
    headers: Vec<String>,
    rows: Vec<Vec<String>>,
}

impl Table {
    /// A table with these column headings.
    pub fn new<I, S>(headers: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        Self {
            headers: headers.into_iter().map(Into::into).collect(),
            rows: Vec::new(),
        }
    }

    /// Adds a row (missing cells are blank, extra cells are dropped).
    pub fn row<I, S>(mut self, cells: I) -> Self
    where
        I: IntoIterator<Item = S>,
        S: Into<String>,
    {
        let mut cells: Vec<String> = cells.into_iter().map(Into::into).collect();
        cells.resize(self.headers.len(), String::new());
        self.rows.push(cells);
        self
    }

    /// Whether the table has no rows.
    pub fn is_empty(&self) -> bool {
        self.rows.is_empty()
    }

    fn widths(&self) -> Vec<usize> {
        self.headers
            .iter()
            .enumerate()
            .map(|(column, header)| {
                self.rows
                    .iter()
                    .map(|row| row[column].chars().count())
                    .chain([header.chars().count()])
                    .max()
                    .unwrap_or(0)
            })
            .collect()
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let widths = self.widths();
        let line = |f: &mut fmt::Formatter<'_>, cells: &[String]| -> fmt::Result {
            let padded: Vec<String> = cells
                .iter()
                .zip(&widths)
                .map(|(cell, width)| format!("{cell:<width$}"))
                .collect();
            writeln!(f, "{}", padded.join(" | ").trim_end())
        };
        line(f, &self.headers)?;
        let rule: Vec<String> = widths.iter().map(|width| "-".repeat(*width)).collect();
        writeln!(f, "{}", rule.join("-|-"))?;
        for row in &self.rows {
            line(f, row)?;
        }
        Ok(())
    }
}

/// Prints notices one a line: errors to stderr, everything else to stdout.
pub fn print_notices(notices: &[Notice]) {
    for notice in notices {
        if notice.is_error() {
            eprintln!("{}", notice.text);
        } else {
            println!("{}", notice.text);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn columns_are_as_wide_as_their_widest_cell() {
        let table = Table::new(["CONSUMER", "SUCCESS?"])
            .row(["Order Service", "true"])
            .row(["Foo", "unknown"]);
        assert_eq!(
            table.to_string(),
            "CONSUMER      | SUCCESS?\n\
             --------------|---------\n\
             Order Service | true\n\
             Foo           | unknown\n"
        );
    }
}
