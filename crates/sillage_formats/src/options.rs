//! What a reader needs to know that the input does not say itself.

use sillage_model::{EventKind, Instant};

/// Options for [`crate::EventReader::open_with`]. The defaults read every self-describing format.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ReadOptions {
    pub edge_list: EdgeListSpec,
}

/// How to read an edge list: which columns mean what, and what event each edge is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EdgeListSpec {
    /// The network the accounts belong to.
    pub net: String,
    /// The event each edge stands for (engager/actor → author/target).
    pub kind: EventKind,
    /// 0-based columns of the acting account and of the account acted upon.
    pub actor_column: usize,
    pub target_column: usize,
    /// 0-based column of a timestamp (Unix seconds or RFC 3339), if the file has one.
    pub time_column: Option<usize>,
    /// 0-based column of a weight (a count of repeated interactions), if the file has one. It is
    /// checked (a positive number) but not expanded: each line is one event whatever its weight.
    pub weight_column: Option<usize>,
    /// The instant of every edge when the file has no time column. With neither, opening the file
    /// fails with an error that asks for `--at`.
    pub at: Option<Instant>,
}

impl Default for EdgeListSpec {
    fn default() -> Self {
        EdgeListSpec {
            net: "generic".to_owned(),
            kind: EventKind::Follow,
            actor_column: 0,
            target_column: 1,
            time_column: None,
            weight_column: None,
            at: None,
        }
    }
}
