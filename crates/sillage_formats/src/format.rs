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
    /// A Twitter/X account archive: the unzipped folder, the `.zip`, or one of its `data/*.js`
    /// files (`window.YTD.… = [...]`).
    TwitterArchive,
    /// Twitter API v1.1 status objects and v2 responses, as JSON documents or JSON Lines.
    TwitterApi,
    /// Mastodon REST entities (statuses, notifications, accounts), as JSON documents or JSON Lines.
    Mastodon,
    /// An ActivityPub account export: `outbox.json` (with `likes.json` and `actor.json` beside
    /// it), the export folder or its `.zip`.
    ActivityPub,
    /// An AT Protocol repository export (CAR v1, DAG-CBOR records).
    BlueskyCar,
    /// AT Protocol commit events as JSON Lines, as the public streaming services emit them.
    BlueskyJsonl,
    /// Reddit comments and submissions, one JSON object per line (Pushshift dump style).
    Reddit,
    /// SNAP-style edge lists: `source target [weight] [timestamp]`, with flags naming the columns.
    EdgeList,
}

impl Format {
    pub const ALL: [Format; 12] = [
        Format::Jsonl,
        Format::Csv,
        Format::Higgs,
        Format::Accounts,
        Format::TwitterArchive,
        Format::TwitterApi,
        Format::Mastodon,
        Format::ActivityPub,
        Format::BlueskyCar,
        Format::BlueskyJsonl,
        Format::Reddit,
        Format::EdgeList,
    ];

    pub fn as_str(self) -> &'static str {
        match self {
            Format::Jsonl => "jsonl",
            Format::Csv => "csv",
            Format::Higgs => "higgs",
            Format::Accounts => "accounts",
            Format::TwitterArchive => "twitter-archive",
            Format::TwitterApi => "twitter-api",
            Format::Mastodon => "mastodon",
            Format::ActivityPub => "activitypub",
            Format::BlueskyCar => "bluesky-car",
            Format::BlueskyJsonl => "bluesky-jsonl",
            Format::Reddit => "reddit",
            Format::EdgeList => "edgelist",
        }
    }

    /// The canonical formats read line by line by the core readers; the others by a family module.
    pub(crate) fn is_canonical(self) -> bool {
        matches!(self, Format::Jsonl | Format::Csv | Format::Higgs | Format::Accounts)
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
        assert!(
            err.to_string()
                .starts_with("unknown format \"tsv\" (expected jsonl, csv, higgs, accounts, twitter-archive")
        );
    }
}
