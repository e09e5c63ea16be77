//! Pushed events: one NDJSON body of canonical records (EVENTS.md), stored as one ingest run that
//! commits before the caller answers, so an acknowledged event is durable.

use sillage_formats::{EventReader, Format, Item};
use sillage_store::{IngestOutcome, Store};

use crate::PipelineError;

/// A line that was not stored, and why.
#[derive(Debug, Clone, PartialEq, Eq, serde::Serialize)]
pub struct PushReject {
    /// 1-based line of the body.
    pub line: u64,
    pub reason: String,
}

/// What a push stored.
#[derive(Debug, Clone, serde::Serialize)]
pub struct PushReport {
    /// The ingest run that recorded it.
    pub run: i64,
    /// Records read (events, account records, rejected lines).
    pub received: u64,
    /// New events stored.
    pub stored: u64,
    /// Events the store already had (same network and id): pushing twice is harmless.
    pub duplicates: u64,
    /// Account records applied.
    pub accounts: u64,
    pub rejected: Vec<PushReject>,
}

/// Whether a line is an account record (`accounts.jsonl`: a `handle`, no `kind`) rather than an
/// event.
fn is_account_line(line: &[u8]) -> bool {
    // Cheap test first: most lines are events.
    if !line.windows(8).any(|w| w == b"\"handle\"") {
        return false;
    }
    serde_json::from_slice::<serde_json::Value>(line)
        .ok()
        .is_some_and(|v| v.get("handle").is_some() && v.get("kind").is_none())
}

/// Stores the records of `body`: canonical events (JSON Lines, EVENTS.md), and account records
/// (`accounts.jsonl` lines: a `handle` and no `kind`; an `opt_out` takes effect at once). Blank
/// lines and `#` comments are skipped; lines longer than `max_line` bytes are rejected unread.
/// Bad lines are rejected one by one (and quarantined in the store's rejects table); the good
/// ones around them are stored. Account records are applied before the events.
pub fn push_events(store: &mut Store, source: &str, body: &[u8], max_line: usize) -> Result<PushReport, PipelineError> {
    // Lines are split between two readers; a line given to one is blank for the other, which
    // keeps every line's number. Over-long lines are blank for both.
    let mut long = Vec::new();
    let mut events = Vec::with_capacity(body.len());
    let mut accounts = Vec::new();
    let mut account_lines = 0;
    for (i, line) in body.split(|&b| b == b'\n').enumerate() {
        if line.len() > max_line {
            long.push(PushReject {
                line: i as u64 + 1,
                reason: format!("line is {} bytes, more than the limit of {max_line}", line.len()),
            });
        } else if is_account_line(line) {
            accounts.resize(accounts.len() + (i - account_lines), b'\n');
            accounts.extend_from_slice(line);
            accounts.push(b'\n');
            account_lines = i + 1;
        } else {
            events.extend_from_slice(line);
        }
        events.push(b'\n');
    }
    let account_reader = EventReader::from_reader(source, std::io::Cursor::new(accounts), Format::Accounts)?;
    let event_reader = EventReader::from_reader(source, std::io::Cursor::new(events), Format::Jsonl)?;
    // One transaction: a push is stored whole or, on a store error, not at all.
    let mut ingest = store.begin_ingest(&[source.to_owned()], true)?;
    let mut rejected = Vec::new();
    let outcome = (|| -> Result<(), PipelineError> {
        for r in &long {
            ingest.reject(source, r.line, &r.reason, "")?;
        }
        for record in account_reader.chain(event_reader) {
            match record {
                Ok(Item::Event(e)) => ingest.event(e)?,
                Ok(Item::Account(a)) => ingest.account(&a)?,
                Err(r) => {
                    ingest.reject(&r.source, r.line, &r.reason, &r.raw)?;
                    rejected.push(PushReject {
                        line: r.line,
                        reason: r.reason,
                    });
                }
            }
        }
        Ok(())
    })();
    let run = ingest.run_id();
    match outcome {
        Ok(()) => {
            let counts = ingest.finish(IngestOutcome::Completed)?;
            rejected.extend(long);
            rejected.sort_by_key(|r| r.line);
            Ok(PushReport {
                run,
                received: counts.read,
                stored: counts.stored,
                duplicates: counts.duplicates,
                accounts: counts.accounts,
                rejected,
            })
        }
        Err(e) => {
            // A store error: the run's transaction is rolled back and the run marked failed.
            let _ = ingest.finish(IngestOutcome::Failed);
            Err(e)
        }
    }
}
