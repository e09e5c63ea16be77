//! What a reader yields: an event or account for each good record, a reject for each bad one.

use sillage_model::{AccountRecord, Event};

/// A good record.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Item {
    Event(Event),
    Account(AccountRecord),
}

/// A record that could not be read, with where it was and why. Rejects are quarantined by the
/// caller; they never stop the rest of the file from being read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Reject {
    /// The file path (or the name given to [`crate::EventReader::from_reader`]).
    pub source: String,
    /// The 1-based physical line where the record starts.
    pub line: u64,
    /// What is wrong, naming the field, e.g. `missing required field "actor"`.
    pub reason: String,
    /// The offending record as lossy UTF-8, cut to at most 512 bytes on a char boundary.
    pub raw: String,
}

/// One step of a reader.
pub type Record = Result<Item, Reject>;

/// A reader of one of the export families, as the family module builds it.
pub(crate) type Records = Box<dyn Iterator<Item = Record> + Send>;

/// What a reader skipped on purpose (records of types it does not map, history blocks…), by
/// description, shared so that the thread that drives the reader can report it once it is done.
/// Skipped records are neither events nor rejects: nothing is wrong with them.
#[derive(Debug, Clone, Default)]
pub struct Skipped(std::sync::Arc<std::sync::Mutex<std::collections::BTreeMap<String, u64>>>);

impl Skipped {
    /// Adds `count` to what was skipped under `what`.
    pub(crate) fn add(&self, what: impl Into<String>, count: u64) {
        if count == 0 {
            return;
        }
        if let Ok(mut map) = self.0.lock() {
            *map.entry(what.into()).or_default() += count;
        }
    }

    /// What was skipped so far.
    pub fn snapshot(&self) -> std::collections::BTreeMap<String, u64> {
        self.0.lock().map(|m| m.clone()).unwrap_or_default()
    }
}

/// How much of a rejected line is kept: enough to recognise it, bounded so that a corrupt file with
/// huge lines cannot fill the rejects table.
pub(crate) const RAW_LIMIT: usize = 512;

/// Lossy UTF-8 of at most the first [`RAW_LIMIT`] bytes, cut on a char boundary.
pub(crate) fn raw_excerpt(bytes: &[u8]) -> String {
    // Converting only a prefix keeps rejecting a huge line cheap. Four extra bytes are enough for
    // the last char that can start before the limit to be converted whole; replacement chars only
    // make the text longer, so nothing past the prefix could have landed before the limit.
    let prefix = &bytes[..bytes.len().min(RAW_LIMIT + 4)];
    let mut text = String::from_utf8_lossy(prefix).into_owned();
    if text.len() > RAW_LIMIT {
        let mut cut = RAW_LIMIT;
        while !text.is_char_boundary(cut) {
            cut -= 1;
        }
        text.truncate(cut);
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn excerpts_are_bounded_and_cut_on_char_boundaries() {
        assert_eq!(raw_excerpt(b"short"), "short");
        assert_eq!(raw_excerpt(b"a\xffb"), "a\u{fffd}b");
        let long = "é".repeat(400);
        let cut = raw_excerpt(long.as_bytes());
        assert_eq!(cut.len(), RAW_LIMIT);
        assert!(long.starts_with(&cut));
        let odd = format!("x{long}");
        let cut = raw_excerpt(odd.as_bytes());
        assert_eq!(
            cut.len(),
            RAW_LIMIT - 1,
            "a two-byte char straddling the limit is dropped"
        );
        let invalid = vec![0xff; 1000];
        let cut = raw_excerpt(&invalid);
        assert!(cut.len() <= RAW_LIMIT && cut.chars().all(|c| c == '\u{fffd}'));
    }
}
