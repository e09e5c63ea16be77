//! The names of the input formats, as the CLI spells them.

use std::fmt;
use std::str::FromStr;

use crate::FormatError;

/// An input format [`crate::EventReader`] can read.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Format {
    /// Canonical events as JSON Lines (EVENTS.md).
    Jsonl,
    /// Canonical events as CSV with a header, multi-valued cells separated by `|`.
    Csv,
    /// SNAP `higgs-activity_time`: `userA userB unix_ts RT|MT|RE`.
    Higgs,
    /// Account side records as JSON Lines (`accounts.jsonl`).
    Accounts,
}

impl Format {
    pub const ALL: [Format; 4] = [Format::Jsonl, Format::Csv, Format::Higgs, Format::Accounts];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Higgs => "higgs",
            Format::Accounts => "accounts",
        }
    }
}

impl FromStr for Format {
    type Err = FormatError;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Format::ALL
            .into_iter()
            .find(|f| f.as_str() == s)
            .ok_or_else(|| FormatError::UnknownFormat(s.to_owned()))
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for f in Format::ALL {
            assert_eq!(f.as_str().parse::<Format>().unwrap(), f);
            assert_eq!(f.to_string(), f.as_str());
        }
        let err = "tsv".parse::<Format>().unwrap_err();
        assert_eq!(
            err.to_string(),
            "unknown format \"tsv\" (expected jsonl, csv, higgs or accounts)"
        );
    }
}
