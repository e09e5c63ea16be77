//! Writing events, account records and rejects, in batches that each commit atomically.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use rusqlite::{OptionalExtension, params};
use sillage_model::{AccountRecord, Event};

use crate::{Store, StoreError};

/// Records per transaction: large enough that commits cost little, small enough that an
/// interrupted ingest loses only seconds of work.
const DEFAULT_BATCH: u64 = 100_000;
/// Rows per multi-row INSERT (13 parameters each, well under SQLite's 32,766).
const EVENT_ROWS: usize = 128;
const ACCOUNT_ROWS: usize = 256;
/// Events queued before they are sorted and written.
const PENDING: usize = 100_000;
/// Below this many events, a write looks its handles up instead of loading every account.
const SMALL_WRITE: usize = 20_000;

/// What an ingest run has done so far.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, serde::Serialize)]
pub struct IngestCounts {
    /// Records read: events, account records and rejects.
    pub read: u64,
    /// New events written.
    pub stored: u64,
    /// Events already in the store (same network and id).
    pub duplicates: u64,
    /// Records quarantined in the rejects table.
    pub rejected: u64,
    /// Account records applied (from `accounts.jsonl`).
    pub accounts: u64,
}

/// How an ingest run ended, as recorded in `ingest_runs.status`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IngestOutcome {
    Completed,
    /// Stopped on request (Ctrl-C); what was committed stays.
    Interrupted,
    /// Stopped by an error; with `all_or_nothing` nothing of the run stays.
    Failed,
}

impl IngestOutcome {
    fn as_str(self) -> &'static str {
        match self {
            IngestOutcome::Completed => "completed",
            IngestOutcome::Interrupted => "interrupted",
            IngestOutcome::Failed => "failed",
        }
    }
}

/// An ingest run in progress. Records are written inside an open transaction that commits every
/// batch (or only at the end with `all_or_nothing`); dropping the run without
/// [`Ingest::finish`] rolls back the uncommitted batch.
pub struct Ingest<'s> {
    store: &'s mut Store,
    run: i64,
    counts: IngestCounts,
    since_commit: u64,
    batch: u64,
    all_or_nothing: bool,
    nets: FxHashMap<String, i64>,
    /// Per network id, handle → account id. Grows with the number of accounts, not of events.
    accounts: FxHashMap<i64, FxHashMap<Box<str>, i64>>,
    /// Networks whose map above holds every stored account (the others hold only the handles
    /// looked up one by one, for small writes).
    complete: rustc_hash::FxHashSet<i64>,
    in_transaction: bool,
    /// Events waiting to be written, at most [`PENDING`].
    pending: Vec<Event>,
}

impl Store {
    /// Starts an ingest run over `sources` (recorded with the run). With `all_or_nothing`, the
    /// whole run is one transaction: `--strict` uses it so that a rejected record stores nothing.
    pub fn begin_ingest(&mut self, sources: &[String], all_or_nothing: bool) -> Result<Ingest<'_>, StoreError> {
        let sources = serde_json::to_string(sources).map_err(|e| StoreError::Corrupt(e.to_string()))?;
        self.conn.execute(
            "INSERT INTO ingest_runs(started_at, status, sources) VALUES (?1, 'running', ?2)",
            params![wall_clock(), sources],
        )?;
        let run = self.conn.last_insert_rowid();
        let nets = {
            let mut stmt = self.conn.prepare("SELECT name, id FROM nets")?;
            stmt.query_map([], |r| Ok((r.get(0)?, r.get(1)?)))?
                .collect::<Result<_, _>>()?
        };
        Ok(Ingest {
            store: self,
            run,
            counts: IngestCounts::default(),
            since_commit: 0,
            batch: DEFAULT_BATCH,
            all_or_nothing,
            nets,
            accounts: FxHashMap::default(),
            complete: rustc_hash::FxHashSet::default(),
            in_transaction: false,
            pending: Vec::with_capacity(PENDING),
        })
    }
}

impl Ingest<'_> {
    pub fn run_id(&self) -> i64 {
        self.run
    }

    pub fn counts(&self) -> IngestCounts {
        self.counts
    }

    /// Queues `event` for storage; it is written, unless an event with the same network and id
    /// exists, when the queue fills or the run commits.
    pub fn event(&mut self, event: Event) -> Result<(), StoreError> {
        self.begin()?;
        self.counts.read += 1;
        self.pending.push(event);
        if self.pending.len() >= PENDING {
            self.flush()?;
        }
        self.after_record()
    }

    /// Writes the queued events. Sorting them by key first turns the de-duplication index's
    /// random insertions into a sweep, which is most of an ingest's cost; new accounts are
    /// created in key order for the same reason.
    fn flush(&mut self) -> Result<(), StoreError> {
        if self.pending.is_empty() {
            return Ok(());
        }
        let clock = std::time::Instant::now();
        let mut pending = std::mem::take(&mut self.pending);
        let mut nets = Vec::with_capacity(pending.len());
        for e in &pending {
            nets.push(self.net_id(&e.net)?);
        }
        // A small write (a pushed batch) looks its handles up one by one through the index
        // instead of loading every account of the network, so that its cost follows its size.
        if pending.len() < SMALL_WRITE {
            self.look_up(&pending, &nets)?;
            tracing::debug!(look_up_us = clock.elapsed().as_micros() as u64, "handles looked up");
        }
        // Resolve the accounts the store knows in one pass; the others (`UNKNOWN`) are created
        // below and resolved in a second pass over just those events.
        const UNKNOWN: i64 = -1;
        let mut missing: Vec<(i64, &str)> = Vec::new();
        let mut ids: Vec<(i64, Option<i64>)> = Vec::with_capacity(pending.len());
        for (e, &net) in pending.iter().zip(&nets) {
            let known = if pending.len() < SMALL_WRITE {
                &self.accounts[&net]
            } else {
                self.known_accounts(net)?
            };
            let mut resolve = |handle: &str| match known.get(handle) {
                Some(&id) => id,
                None => UNKNOWN,
            };
            let pair = (resolve(&e.actor), e.target.as_deref().map(&mut resolve));
            if pair.0 == UNKNOWN {
                missing.push((net, &e.actor));
            }
            if pair.1 == Some(UNKNOWN) {
                missing.push((net, e.target.as_deref().expect("a target was resolved")));
            }
            ids.push(pair);
        }
        missing.sort_unstable();
        missing.dedup();
        let collected = clock.elapsed();
        // New accounts get explicit ids after the current largest: this transaction holds the
        // write lock, so nobody else can take them, and no id has to be read back per row.
        let mut next_id: i64 = if missing.is_empty() {
            0
        } else {
            self.store
                .conn
                .query_row("SELECT coalesce(max(id), 0) + 1 FROM accounts", [], |r| r.get(0))?
        };
        for chunk in missing.chunks(ACCOUNT_ROWS) {
            let sql = format!(
                "INSERT INTO accounts(id, net, handle) VALUES {}",
                placeholders(3, chunk.len())
            );
            let mut stmt = self.store.conn.prepare_cached(&sql)?;
            for (i, &(net, handle)) in chunk.iter().enumerate() {
                stmt.raw_bind_parameter(3 * i + 1, next_id + i as i64)?;
                stmt.raw_bind_parameter(3 * i + 2, net)?;
                stmt.raw_bind_parameter(3 * i + 3, handle)?;
            }
            stmt.raw_execute()?;
            for &(net, handle) in chunk {
                self.accounts
                    .get_mut(&net)
                    .expect("loaded above")
                    .insert(handle.into(), next_id);
                next_id += 1;
            }
        }
        for ((e, &net), pair) in pending.iter().zip(&nets).zip(ids.iter_mut()) {
            if pair.0 == UNKNOWN || pair.1 == Some(UNKNOWN) {
                let known = &self.accounts[&net];
                pair.0 = known[e.actor.as_str()];
                pair.1 = e.target.as_deref().map(|t| known[t]);
            }
        }
        let accounts_done = clock.elapsed();
        let mut order: Vec<usize> = (0..pending.len()).collect();
        order.sort_unstable_by(|&a, &b| (nets[a], &pending[a].id).cmp(&(nets[b], &pending[b].id)));
        let sorted = clock.elapsed();
        // Many rows per statement: each execution opens and closes a cursor on the table and on
        // each index, which costs as much as the insertion itself when done row by row.
        let full_chunk = insert_events_sql(EVENT_ROWS);
        for chunk in order.chunks(EVENT_ROWS) {
            let sql = if chunk.len() == EVENT_ROWS {
                Cow::Borrowed(full_chunk.as_str())
            } else {
                Cow::Owned(insert_events_sql(chunk.len()))
            };
            let mut stmt = self.store.conn.prepare_cached(&sql)?;
            for (row, &i) in chunk.iter().enumerate() {
                let event = &pending[i];
                let net = nets[i];
                let p = 13 * row;
                stmt.raw_bind_parameter(p + 1, net)?;
                stmt.raw_bind_parameter(p + 2, &event.id)?;
                stmt.raw_bind_parameter(p + 3, event.kind.code())?;
                stmt.raw_bind_parameter(p + 4, ids[i].0)?;
                stmt.raw_bind_parameter(p + 5, ids[i].1)?;
                stmt.raw_bind_parameter(p + 6, event.at)?;
                stmt.raw_bind_parameter(p + 7, &event.post)?;
                stmt.raw_bind_parameter(p + 8, &event.parent)?;
                stmt.raw_bind_parameter(p + 9, json_list(&event.tags))?;
                stmt.raw_bind_parameter(p + 10, json_list(&event.urls))?;
                stmt.raw_bind_parameter(p + 11, &event.lang)?;
                stmt.raw_bind_parameter(p + 12, &event.text)?;
                stmt.raw_bind_parameter(p + 13, self.run)?;
            }
            let stored = stmt.raw_execute()? as u64;
            self.counts.stored += stored;
            self.counts.duplicates += chunk.len() as u64 - stored;
        }
        tracing::debug!(
            events = pending.len(),
            new_accounts = missing.len(),
            collect_us = collected.as_micros() as u64,
            accounts_us = accounts_done.as_micros() as u64,
            sort_us = (sorted - accounts_done).as_micros() as u64,
            insert_us = (clock.elapsed() - sorted).as_micros() as u64,
            "flushed events"
        );
        pending.clear();
        self.pending = pending;
        Ok(())
    }

    /// Applies an account record: fields it carries replace the stored ones, absent fields stay.
    pub fn account(&mut self, record: &AccountRecord) -> Result<(), StoreError> {
        self.begin()?;
        self.counts.read += 1;
        let net = self.net_id(&record.net)?;
        // Load the network's accounts first: the map below must hold all of them, not only the
        // ones named by account records, or events would take known accounts for new ones.
        self.known_accounts(net)?;
        let mut stmt = self.store.conn.prepare_cached(
            "INSERT INTO accounts(net, handle, name, bio, lang, followers, following, posts, created_at, org, opt_out,
                 username)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, coalesce(?11, 0), ?12)
             ON CONFLICT(net, handle) DO UPDATE SET
                username = coalesce(excluded.username, username),
                name = coalesce(excluded.name, name), bio = coalesce(excluded.bio, bio),
                lang = coalesce(excluded.lang, lang), followers = coalesce(excluded.followers, followers),
                following = coalesce(excluded.following, following), posts = coalesce(excluded.posts, posts),
                created_at = coalesce(excluded.created_at, created_at), org = coalesce(excluded.org, org),
                opt_out = coalesce(?11, opt_out)
             RETURNING id",
        )?;
        let id: i64 = stmt.query_row(
            params![
                net,
                record.handle,
                record.name,
                record.bio,
                record.lang,
                record.followers.map(|v| v as i64),
                record.following.map(|v| v as i64),
                record.posts.map(|v| v as i64),
                record.created_at,
                record.org,
                record.opt_out,
                record.username,
            ],
            |r| r.get(0),
        )?;
        drop(stmt);
        self.accounts
            .entry(net)
            .or_default()
            .insert(record.handle.as_str().into(), id);
        self.counts.accounts += 1;
        self.after_record()
    }

    /// Quarantines a record that could not be read, with where it was and why.
    pub fn reject(&mut self, source: &str, line: u64, reason: &str, raw: &str) -> Result<(), StoreError> {
        self.begin()?;
        self.counts.read += 1;
        self.counts.rejected += 1;
        let mut stmt = self
            .store
            .conn
            .prepare_cached("INSERT INTO rejects(run, source, line, reason, raw) VALUES (?1, ?2, ?3, ?4, ?5)")?;
        stmt.execute(params![self.run, source, line as i64, reason, raw])?;
        drop(stmt);
        self.after_record()
    }

    /// Commits what has been written so far (a no-op for an all-or-nothing run).
    pub fn checkpoint(&mut self) -> Result<(), StoreError> {
        if self.all_or_nothing || !self.in_transaction {
            return Ok(());
        }
        self.commit()
    }

    /// Ends the run: commits (or, for a failed all-or-nothing run, rolls back) and records the
    /// outcome and counts.
    pub fn finish(mut self, outcome: IngestOutcome) -> Result<IngestCounts, StoreError> {
        if self.in_transaction {
            if outcome == IngestOutcome::Failed && self.all_or_nothing {
                self.pending.clear();
                self.store.conn.execute_batch("ROLLBACK")?;
                self.in_transaction = false;
                self.counts.stored = 0;
                self.counts.accounts = 0;
                self.counts.duplicates = 0;
            } else {
                self.commit()?;
            }
        }
        self.record_counts()?;
        self.store.conn.execute(
            "UPDATE ingest_runs SET status = ?2, finished_at = ?3 WHERE id = ?1",
            params![self.run, outcome.as_str(), wall_clock()],
        )?;
        Ok(self.counts)
    }

    fn record_counts(&self) -> Result<(), StoreError> {
        self.store.conn.execute(
            "UPDATE ingest_runs SET read = ?2, stored = ?3, duplicates = ?4, rejected = ?5, accounts = ?6 WHERE id = ?1",
            params![
                self.run,
                self.counts.read as i64,
                self.counts.stored as i64,
                self.counts.duplicates as i64,
                self.counts.rejected as i64,
                self.counts.accounts as i64
            ],
        )?;
        Ok(())
    }

    fn begin(&mut self) -> Result<(), StoreError> {
        if !self.in_transaction {
            self.store.conn.execute_batch("BEGIN IMMEDIATE")?;
            self.in_transaction = true;
        }
        Ok(())
    }

    fn after_record(&mut self) -> Result<(), StoreError> {
        self.since_commit += 1;
        if !self.all_or_nothing && self.since_commit >= self.batch {
            self.commit()?;
        }
        Ok(())
    }

    fn commit(&mut self) -> Result<(), StoreError> {
        self.flush()?;
        // The run's counts commit with the batch they describe, so they are true after a crash.
        self.record_counts()?;
        let clock = std::time::Instant::now();
        self.store.conn.execute_batch("COMMIT")?;
        tracing::debug!(commit_us = clock.elapsed().as_micros() as u64, "committed");
        self.in_transaction = false;
        self.since_commit = 0;
        Ok(())
    }

    fn net_id(&mut self, name: &str) -> Result<i64, StoreError> {
        if let Some(&id) = self.nets.get(name) {
            return Ok(id);
        }
        let conn = &self.store.conn;
        conn.execute("INSERT INTO nets(name) VALUES (?1) ON CONFLICT DO NOTHING", [name])?;
        let id: i64 = conn.query_row("SELECT id FROM nets WHERE name = ?1", [name], |r| r.get(0))?;
        self.nets.insert(name.to_owned(), id);
        Ok(id)
    }

    /// Puts the stored ids of the events' handles in the maps (those not there yet, on networks
    /// not loaded whole); a handle still missing afterwards is new.
    fn look_up(&mut self, events: &[Event], nets: &[i64]) -> Result<(), StoreError> {
        let mut stmt = self
            .store
            .conn
            .prepare_cached("SELECT id FROM accounts WHERE net = ?1 AND handle = ?2")?;
        for (e, &net) in events.iter().zip(nets) {
            let map = self.accounts.entry(net).or_default();
            if self.complete.contains(&net) {
                continue;
            }
            for handle in std::iter::once(e.actor.as_str()).chain(e.target.as_deref()) {
                if !map.contains_key(handle)
                    && let Some(id) = stmt
                        .query_row(params![net, handle], |r| r.get::<_, i64>(0))
                        .optional()?
                {
                    map.insert(handle.into(), id);
                }
            }
        }
        Ok(())
    }

    /// The handle → id map of a network, loaded whole on first use so that a handle missing
    /// from it is known to be new without a query.
    fn known_accounts(&mut self, net: i64) -> Result<&FxHashMap<Box<str>, i64>, StoreError> {
        if !self.complete.contains(&net) {
            self.complete.insert(net);
            let mut stmt = self
                .store
                .conn
                .prepare("SELECT handle, id FROM accounts WHERE net = ?1")?;
            let map = stmt
                .query_map([net], |r| Ok((r.get::<_, String>(0)?.into_boxed_str(), r.get(1)?)))?
                .collect::<Result<FxHashMap<_, _>, _>>()?;
            self.accounts.insert(net, map);
        }
        Ok(&self.accounts[&net])
    }
}

impl Drop for Ingest<'_> {
    fn drop(&mut self) {
        if self.in_transaction {
            // An ingest dropped without finish() ends by error; keep the store consistent.
            let _ = self.store.conn.execute_batch("ROLLBACK");
        }
    }
}

fn insert_events_sql(rows: usize) -> String {
    format!(
        "INSERT INTO events(net, ext_id, kind, actor, target, at, post, parent, tags, urls, lang, text, run)
         VALUES {} ON CONFLICT DO NOTHING",
        placeholders(13, rows)
    )
}

/// `(?, ?), (?, ?)` for `rows` rows of `columns` parameters.
fn placeholders(columns: usize, rows: usize) -> String {
    let row = format!("({})", vec!["?"; columns].join(", "));
    vec![row; rows].join(", ")
}

fn json_list(items: &[String]) -> Option<String> {
    if items.is_empty() {
        None
    } else {
        serde_json::to_string(items).ok()
    }
}

/// Wall-clock seconds, for run bookkeeping only: no score depends on it (P8).
fn wall_clock() -> i64 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map(|d| d.as_secs() as i64)
        .unwrap_or(0)
}
