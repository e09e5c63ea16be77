//! Opening the store and reading accounts and events back.

use std::path::{Path, PathBuf};

use rusqlite::{Connection, OptionalExtension, params};
use sillage_model::{AccountKey, EventKind, Instant};

use crate::StoreError;
use crate::schema::{MIGRATE_FROM_1, MIGRATE_FROM_2, SCHEMA, SCHEMA_VERSION};

/// The embedded SQLite store.
pub struct Store {
    pub(crate) conn: Connection,
    path: PathBuf,
}

/// An account as the store knows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct AccountRow {
    pub id: i64,
    pub key: AccountKey,
    pub name: Option<String>,
    pub org: Option<String>,
    pub opt_out: bool,
    pub lang: Option<String>,
    pub followers: Option<u64>,
    pub following: Option<u64>,
    pub created_at: Option<Instant>,
    /// The name people type when the handle is a stable id (Twitter screen name, Bluesky handle).
    pub username: Option<String>,
}

/// An event with every field the score model reads.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventRow {
    /// The store's row id: a stable handle to find the event again (ledgers).
    pub row: i64,
    pub actor: i64,
    pub target: Option<i64>,
    pub kind: EventKind,
    pub at: Instant,
    pub post: Option<String>,
    pub parent: Option<String>,
    pub tags: Vec<String>,
    pub urls: Vec<String>,
    pub lang: Option<String>,
    pub text: Option<String>,
}

/// An event as a ledger shows it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct EventSummary {
    pub row: i64,
    pub ext_id: String,
    pub kind: EventKind,
    pub actor: i64,
    pub target: Option<i64>,
    pub at: Instant,
}

impl Store {
    /// Opens (creating if needed) the store at `path`, in WAL mode, and checks its schema version.
    pub fn open(path: &Path) -> Result<Store, StoreError> {
        let open_err = |source| StoreError::Open {
            path: path.to_owned(),
            source,
        };
        let conn = Connection::open(path).map_err(open_err)?;
        // WAL lets readers run during an ingest; NORMAL sync is durable across a process crash
        // (only a power cut may lose the last commits, never corrupt the file).
        conn.pragma_update(None, "page_size", 16_384).map_err(open_err)?;
        conn.pragma_update(None, "journal_mode", "WAL").map_err(open_err)?;
        conn.pragma_update(None, "synchronous", "NORMAL").map_err(open_err)?;
        conn.pragma_update(None, "foreign_keys", "ON").map_err(open_err)?;
        conn.pragma_update(None, "temp_store", "MEMORY").map_err(open_err)?;
        // 128 MiB of page cache keeps the de-duplication index in memory for millions of events.
        conn.pragma_update(None, "cache_size", -131_072).map_err(open_err)?;
        // Checkpoint the WAL every 64 MiB rather than SQLite's 4 MiB: a bulk ingest then pays for
        // a few large sequential checkpoints (each ending with an fsync) instead of dozens.
        conn.pragma_update(None, "wal_autocheckpoint", 16_384)
            .map_err(open_err)?;
        // Let SQLite's sorter use a helper thread: building the explanation index after an
        // ingest is a sort of every event, and the machine has a second core for it.
        conn.pragma_update(None, "threads", 2).map_err(open_err)?;
        conn.busy_timeout(std::time::Duration::from_secs(10))
            .map_err(open_err)?;
        conn.execute_batch("CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);")
            .map_err(open_err)?;
        let found: Option<String> = conn
            .query_row("SELECT value FROM meta WHERE key = 'schema_version'", [], |r| r.get(0))
            .optional()
            .map_err(open_err)?;
        match found.map(|v| v.parse::<i64>().unwrap_or(-1)) {
            None => {
                conn.execute_batch(SCHEMA).map_err(open_err)?;
                conn.execute(
                    "INSERT INTO meta(key, value) VALUES ('schema_version', ?1)",
                    [SCHEMA_VERSION.to_string()],
                )
                .map_err(open_err)?;
            }
            Some(found @ (1 | 2)) => {
                if found == 1 {
                    tracing::warn!(path = %path.display(), "store from an earlier version: its score runs are dropped, run `sillage score` again");
                    conn.execute_batch(MIGRATE_FROM_1).map_err(open_err)?;
                }
                let has_username: bool = conn
                    .query_row(
                        "SELECT count(*) FROM pragma_table_info('accounts') WHERE name = 'username'",
                        [],
                        |r| r.get(0),
                    )
                    .map_err(open_err)?;
                if !has_username {
                    conn.execute_batch(MIGRATE_FROM_2).map_err(open_err)?;
                }
                conn.execute_batch(SCHEMA).map_err(open_err)?;
                conn.execute(
                    "UPDATE meta SET value = ?1 WHERE key = 'schema_version'",
                    [SCHEMA_VERSION.to_string()],
                )
                .map_err(open_err)?;
            }
            Some(found) if found == SCHEMA_VERSION => conn.execute_batch(SCHEMA).map_err(open_err)?,
            Some(found) => {
                return Err(StoreError::SchemaVersion {
                    path: path.to_owned(),
                    found,
                    expected: SCHEMA_VERSION,
                });
            }
        }
        Ok(Store {
            conn,
            path: path.to_owned(),
        })
    }

    /// Reads one `meta` value of the store at `path` without creating or changing anything: the
    /// file is opened read-only, and a file that is not a Sillage store answers `None`.
    pub fn peek_meta(path: &Path, key: &str) -> Result<Option<String>, StoreError> {
        let conn = Connection::open_with_flags(path, rusqlite::OpenFlags::SQLITE_OPEN_READ_ONLY).map_err(|source| {
            StoreError::Open {
                path: path.to_owned(),
                source,
            }
        })?;
        let has_meta: bool = conn
            .query_row(
                "SELECT count(*) FROM sqlite_master WHERE type = 'table' AND name = 'meta'",
                [],
                |r| r.get(0),
            )
            .unwrap_or(false);
        if !has_meta {
            return Ok(None);
        }
        Ok(conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn path(&self) -> &Path {
        &self.path
    }

    /// A free-form setting kept in the store.
    pub fn meta(&self, key: &str) -> Result<Option<String>, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT value FROM meta WHERE key = ?1", [key], |r| r.get(0))
            .optional()?)
    }

    pub fn set_meta(&self, key: &str, value: &str) -> Result<(), StoreError> {
        self.conn.execute(
            "INSERT INTO meta(key, value) VALUES (?1, ?2) ON CONFLICT(key) DO UPDATE SET value = excluded.value",
            params![key, value],
        )?;
        Ok(())
    }

    pub fn event_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM events", [], |r| r.get::<_, i64>(0))? as u64)
    }

    pub fn account_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM accounts", [], |r| r.get::<_, i64>(0))? as u64)
    }

    pub fn reject_count(&self) -> Result<u64, StoreError> {
        Ok(self
            .conn
            .query_row("SELECT count(*) FROM rejects", [], |r| r.get::<_, i64>(0))? as u64)
    }

    /// The rejected records of the newest ingest runs, oldest first: (source, line, reason).
    pub fn rejects(&self, limit: usize) -> Result<Vec<(String, u64, String)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT source, line, reason FROM rejects ORDER BY id DESC LIMIT ?1")?;
        let mut rows: Vec<(String, u64, String)> = stmt
            .query_map([limit as i64], |r| {
                Ok((r.get(0)?, r.get::<_, i64>(1)? as u64, r.get(2)?))
            })?
            .collect::<Result<_, _>>()?;
        rows.reverse();
        Ok(rows)
    }

    /// The newest event's instant: the default "as of" (P8: never the wall clock).
    pub fn newest_event_at(&self) -> Result<Option<Instant>, StoreError> {
        Ok(self.conn.query_row("SELECT max(at) FROM events", [], |r| r.get(0))?)
    }

    /// Every account, in id order.
    pub fn accounts(&self) -> Result<Vec<AccountRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, n.name, a.handle, a.name, a.org, a.opt_out, a.lang, a.followers, a.following, a.created_at, a.username FROM accounts a JOIN nets n ON n.id = a.net ORDER BY a.id",
        )?;
        let rows = stmt.query_map([], account_row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Accounts created after the account `id` (ids grow), in id order: what a push added.
    pub fn accounts_after(&self, id: i64) -> Result<Vec<AccountRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, n.name, a.handle, a.name, a.org, a.opt_out, a.lang, a.followers, a.following, a.created_at, a.username FROM accounts a JOIN nets n ON n.id = a.net WHERE a.id > ?1 ORDER BY a.id",
        )?;
        let rows = stmt.query_map([id], account_row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// The account with this key, if the store knows it.
    pub fn account(&self, key: &AccountKey) -> Result<Option<AccountRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT a.id, n.name, a.handle, a.name, a.org, a.opt_out, a.lang, a.followers, a.following, a.created_at, a.username FROM accounts a JOIN nets n ON n.id = a.net
                 WHERE n.name = ?1 AND a.handle = ?2",
                params![key.net, key.handle],
                account_row,
            )
            .optional()?)
    }

    /// The account with this store id.
    pub fn account_by_id(&self, id: i64) -> Result<Option<AccountRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT a.id, n.name, a.handle, a.name, a.org, a.opt_out, a.lang, a.followers, a.following, a.created_at, a.username FROM accounts a JOIN nets n ON n.id = a.net
                 WHERE a.id = ?1",
                [id],
                account_row,
            )
            .optional()?)
    }

    /// Accounts whose handle is exactly `handle`, on any network (for `explain jtang`).
    pub fn accounts_by_handle(&self, handle: &str) -> Result<Vec<AccountRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, n.name, a.handle, a.name, a.org, a.opt_out, a.lang, a.followers, a.following, a.created_at, a.username FROM accounts a JOIN nets n ON n.id = a.net
             WHERE a.handle = ?1 ORDER BY a.id",
        )?;
        let rows = stmt.query_map([handle], account_row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Accounts whose `username` (the name people type, when the handle is a stable id) is
    /// `username`, compared without case, on any network.
    pub fn accounts_by_username(&self, username: &str) -> Result<Vec<AccountRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT a.id, n.name, a.handle, a.name, a.org, a.opt_out, a.lang, a.followers, a.following, a.created_at, a.username FROM accounts a JOIN nets n ON n.id = a.net
             WHERE a.username = ?1 COLLATE NOCASE ORDER BY a.id",
        )?;
        let rows = stmt.query_map([username], account_row)?.collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Calls `f(actor, target, kind, at)` for every event at or before `as_of`, in storage order.
    pub fn for_each_event(
        &self,
        as_of: Instant,
        mut f: impl FnMut(i64, Option<i64>, EventKind, Instant),
    ) -> Result<(), StoreError> {
        let mut stmt = self
            .conn
            .prepare("SELECT actor, target, kind, at FROM events WHERE at <= ?1")?;
        let mut rows = stmt.query([as_of])?;
        while let Some(row) = rows.next()? {
            let code: u8 = row.get(2)?;
            let kind =
                EventKind::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("event kind code {code}")))?;
            f(row.get(0)?, row.get(1)?, kind, row.get(3)?);
        }
        Ok(())
    }

    /// How many of these (network, event id) pairs the store already holds (for dry runs).
    pub fn count_known_events(&self, keys: &[(String, String)]) -> Result<u64, StoreError> {
        let mut stmt = self.conn.prepare_cached(
            "SELECT count(*) FROM events e JOIN nets n ON n.id = e.net WHERE n.name = ?1 AND e.ext_id = ?2",
        )?;
        let mut known = 0u64;
        for (net, id) in keys {
            let n: i64 = stmt.query_row(params![net, id], |r| r.get(0))?;
            known += n as u64;
        }
        Ok(known)
    }

    /// Calls `f` with every event at or before `as_of`, every field the score model reads, in
    /// storage order.
    pub fn for_each_event_row(&self, as_of: Instant, f: impl FnMut(EventRow)) -> Result<(), StoreError> {
        self.event_rows("WHERE at <= ?1", as_of, f)
    }

    /// Calls `f` with every event stored after the event row `row` (row ids grow and events are
    /// never deleted: what pushes and ingests added since), as [`Store::for_each_event_row`] does.
    pub fn for_each_event_row_after(&self, row: i64, f: impl FnMut(EventRow)) -> Result<(), StoreError> {
        self.event_rows("WHERE id > ?1 ORDER BY id", row, f)
    }

    fn event_rows(&self, filter: &str, value: i64, mut f: impl FnMut(EventRow)) -> Result<(), StoreError> {
        let mut stmt = self.conn.prepare_cached(&format!(
            "SELECT id, actor, target, kind, at, post, parent, tags, urls, lang, text FROM events {filter}"
        ))?;
        let mut rows = stmt.query([value])?;
        while let Some(row) = rows.next()? {
            let code: u8 = row.get(3)?;
            let kind =
                EventKind::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("event kind code {code}")))?;
            let list = |i: usize| -> Result<Vec<String>, StoreError> {
                let text: Option<String> = row.get(i)?;
                match text.as_deref() {
                    None => Ok(Vec::new()),
                    Some(s) => {
                        serde_json::from_str(s).map_err(|_| StoreError::Corrupt(format!("event list column {i}")))
                    }
                }
            };
            f(EventRow {
                row: row.get(0)?,
                actor: row.get(1)?,
                target: row.get(2)?,
                kind,
                at: row.get(4)?,
                post: row.get(5)?,
                parent: row.get(6)?,
                tags: list(7)?,
                urls: list(8)?,
                lang: row.get(9)?,
                text: row.get(10)?,
            });
        }
        Ok(())
    }

    /// The events with these row ids (those that exist), for ledgers.
    pub fn events_by_row(&self, rows: &[i64]) -> Result<Vec<EventSummary>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT id, ext_id, kind, actor, target, at FROM events WHERE id = ?1")?;
        let mut out = Vec::with_capacity(rows.len());
        for &id in rows {
            let found = stmt
                .query_row([id], |r| {
                    Ok((
                        r.get(0)?,
                        r.get(1)?,
                        r.get::<_, u8>(2)?,
                        r.get(3)?,
                        r.get(4)?,
                        r.get(5)?,
                    ))
                })
                .optional()?;
            if let Some((row, ext_id, code, actor, target, at)) = found {
                let kind =
                    EventKind::from_code(code).ok_or_else(|| StoreError::Corrupt(format!("event kind code {code}")))?;
                out.push(EventSummary {
                    row,
                    ext_id,
                    kind,
                    actor,
                    target,
                    at,
                });
            }
        }
        Ok(out)
    }
}

fn account_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountRow> {
    Ok(AccountRow {
        id: r.get(0)?,
        key: AccountKey::new(r.get::<_, String>(1)?, r.get::<_, String>(2)?),
        name: r.get(3)?,
        org: r.get(4)?,
        opt_out: r.get::<_, i64>(5)? != 0,
        lang: r.get(6)?,
        followers: r.get::<_, Option<i64>>(7)?.map(|x| x.max(0) as u64),
        following: r.get::<_, Option<i64>>(8)?.map(|x| x.max(0) as u64),
        created_at: r.get(9)?,
        username: r.get(10)?,
    })
}
