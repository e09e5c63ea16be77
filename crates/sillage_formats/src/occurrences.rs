//! Counts of earlier occurrences of the same content in a file, in bounded memory when the file is
//! sorted by time.
//!
//! Identical content implies an identical timestamp. So while timestamps never decrease, an earlier
//! occurrence of a line can only be among the lines with the current timestamp, and only their
//! counts are kept: the map is cleared whenever the timestamp advances. The first time a timestamp
//! decreases, the pruned counts are needed again: when the file can be re-opened, its lines before
//! the current one are re-read and re-hashed to rebuild the full map, and counting continues in
//! full-map mode. In that mode (and from the start for a stream that cannot be re-opened, such as
//! stdin) memory grows with the number of distinct lines, 40 to 80 bytes each (hash map growth).

use std::collections::HashMap;
use std::hash::{BuildHasherDefault, Hasher};
use std::io;
use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use sillage_model::Instant;

use crate::lines::Lines;
use crate::source;

/// Extracts a line's content hash and timestamp, or `None` for a line that is not an event. It
/// must be the same function that produced the hashes given to [`Occurrences::count`], so that a
/// rescan sees exactly the events the reader saw. A closure rather than a plain function because
/// some formats (edge lists) need their read options to tell what a line means.
pub(crate) type KeyOf = Box<dyn Fn(&[u8]) -> Option<(u128, Instant)> + Send>;

type Counts = HashMap<u128, u64, BuildHasherDefault<HashHasher>>;

pub(crate) struct Occurrences {
    mode: Mode,
    key_of: KeyOf,
}

enum Mode {
    /// Counts for the lines with timestamp `at` only; the file can be re-read from `path`.
    Window { at: Instant, counts: Counts, path: PathBuf },
    /// Counts for every line so far.
    Full(Counts),
}

impl Occurrences {
    /// Starts in window mode for a file that can be re-opened at `path` if it turns out unsorted.
    pub(crate) fn windowed(
        path: PathBuf,
        key_of: impl Fn(&[u8]) -> Option<(u128, Instant)> + Send + 'static,
    ) -> Occurrences {
        Occurrences {
            mode: Mode::Window {
                at: Instant::MIN,
                counts: Counts::default(),
                path,
            },
            key_of: Box::new(key_of),
        }
    }

    /// Starts in full-map mode, for streams that cannot be read twice.
    pub(crate) fn full(key_of: impl Fn(&[u8]) -> Option<(u128, Instant)> + Send + 'static) -> Occurrences {
        Occurrences {
            mode: Mode::Full(Counts::default()),
            key_of: Box::new(key_of),
        }
    }

    /// Records one more occurrence of `hash` at `at`, found on 1-based physical line `line`, and
    /// returns how many times it occurred before. Errors come from re-reading the file.
    pub(crate) fn count(&mut self, hash: u128, at: Instant, line: u64) -> io::Result<u64> {
        if let Mode::Window {
            at: current,
            counts,
            path,
        } = &mut self.mode
        {
            if at > *current {
                *current = at;
                counts.clear();
            } else if at < *current {
                let full = rescan(path, line, &self.key_of)?;
                self.mode = Mode::Full(full);
            }
        }
        let counts = match &mut self.mode {
            Mode::Window { counts, .. } | Mode::Full(counts) => counts,
        };
        let seen = counts.entry(hash).or_insert(0);
        let before = *seen;
        *seen += 1;
        Ok(before)
    }

    #[cfg(test)]
    fn tracked(&self) -> (bool, usize) {
        match &self.mode {
            Mode::Window { counts, .. } => (false, counts.len()),
            Mode::Full(counts) => (true, counts.len()),
        }
    }
}

/// Re-reads the lines before `line` and counts every event among them.
fn rescan(path: &std::path::Path, line: u64, key_of: &KeyOf) -> io::Result<Counts> {
    let mut counts = Counts::default();
    let mut lines = Lines::new(source::open_path(path, Arc::new(AtomicU64::new(0)))?);
    while lines.number() + 1 < line {
        let Some(next) = lines.next_line() else { break };
        let next = next?;
        if next.truncated {
            continue;
        }
        if let Some((hash, _)) = key_of(next.bytes) {
            *counts.entry(hash).or_insert(0) += 1;
        }
    }
    Ok(counts)
}

/// The keys are already xxh3 hashes, so re-hashing them with SipHash would only cost time.
#[derive(Default)]
struct HashHasher(u64);

impl Hasher for HashHasher {
    fn finish(&self) -> u64 {
        self.0
    }

    fn write(&mut self, bytes: &[u8]) {
        // Only reached if a key other than u128 is ever used; fold the bytes in so it stays correct.
        for &b in bytes {
            self.0 = self.0.rotate_left(8) ^ u64::from(b);
        }
    }

    fn write_u128(&mut self, n: u128) {
        self.0 = n as u64;
    }
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use super::*;

    /// Test lines are `hash at`.
    fn key_of(line: &[u8]) -> Option<(u128, Instant)> {
        let text = std::str::from_utf8(line).ok()?;
        let (h, at) = text.split_once(' ')?;
        Some((h.parse().ok()?, at.parse().ok()?))
    }

    fn run(occ: &mut Occurrences, lines: &[(u128, Instant)]) -> Vec<u64> {
        lines
            .iter()
            .enumerate()
            .map(|(i, &(h, at))| occ.count(h, at, i as u64 + 1).unwrap())
            .collect()
    }

    fn naive(lines: &[(u128, Instant)]) -> Vec<u64> {
        let mut seen = HashMap::new();
        lines
            .iter()
            .map(|&(h, _)| {
                let n = seen.entry(h).or_insert(0);
                *n += 1;
                *n - 1
            })
            .collect()
    }

    fn file_of(lines: &[(u128, Instant)]) -> tempfile::NamedTempFile {
        let mut f = tempfile::NamedTempFile::new().unwrap();
        for (h, at) in lines {
            writeln!(f, "{h} {at}").unwrap();
        }
        f
    }

    #[test]
    fn sorted_input_keeps_only_the_current_timestamp() {
        let lines = [(1, 10), (1, 10), (2, 10), (3, 20), (3, 20), (4, 30)];
        let f = file_of(&lines);
        let mut occ = Occurrences::windowed(f.path().to_owned(), key_of);
        assert_eq!(run(&mut occ, &lines), naive(&lines));
        assert_eq!(
            occ.tracked(),
            (false, 1),
            "only the last timestamp's content is remembered"
        );
    }

    #[test]
    fn a_decreasing_timestamp_rebuilds_pruned_counts_from_the_file() {
        // Content 1 at t=10 is pruned when t advances to 20, then comes back.
        let lines = [(1, 10), (1, 10), (2, 20), (1, 10), (2, 20), (1, 10)];
        let f = file_of(&lines);
        let mut occ = Occurrences::windowed(f.path().to_owned(), key_of);
        assert_eq!(run(&mut occ, &lines), vec![0, 1, 0, 2, 1, 3]);
        assert_eq!(occ.tracked(), (true, 2));
        assert_eq!(run(&mut Occurrences::full(key_of), &lines), naive(&lines));
    }

    #[test]
    fn a_missing_file_on_rescan_is_an_error() {
        let mut occ = Occurrences::windowed(PathBuf::from("/nonexistent/sillage"), key_of);
        occ.count(1, 10, 1).unwrap();
        assert!(occ.count(1, 5, 2).is_err());
    }
}
