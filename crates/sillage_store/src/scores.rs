//! Score snapshots: one row per score run, one row per account and run.

use std::collections::HashMap;

use rusqlite::{OptionalExtension, params};
use sillage_model::{AccountKey, Instant};

use crate::{Store, StoreError};

/// Rows per multi-row INSERT of a snapshot (7 parameters each).
const SCORE_ROWS: usize = 256;

/// A score run to record. `config` is the JSON of every parameter, kept for reproducibility.
#[derive(Debug, Clone, PartialEq)]
pub struct NewScoreRun {
    pub as_of: Instant,
    pub config: String,
    pub damping: f64,
    pub nodes: u64,
    pub edges: u64,
    pub shown: u64,
    pub iterations: u32,
    pub residual: f64,
    pub converged: bool,
    pub dangling_previous: f64,
    pub floor: f64,
    pub top: f64,
}

/// A recorded score run.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRun {
    pub id: i64,
    pub created_at: i64,
    pub run: NewScoreRun,
}

/// One account's figures in a run, as written.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ScoreRow {
    pub account: i64,
    pub rank: f64,
    pub previous: f64,
    pub out_weight: f64,
    /// `None` for accounts that are not shown (opted out): they still pass rank on.
    pub score: Option<f64>,
    pub percentile: Option<f64>,
}

/// A shown account's figures in a run, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountScoreRow {
    pub account: i64,
    pub key: AccountKey,
    pub name: Option<String>,
    pub rank: f64,
    pub score: f64,
    pub percentile: f64,
}

impl Store {
    /// Records a run and its rows in one transaction; returns the run id.
    pub fn save_score_run(&mut self, run: &NewScoreRun, rows: &[ScoreRow]) -> Result<i64, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO score_runs(created_at, as_of, config, damping, nodes, edges, shown, iterations, residual,
                 converged, dangling_previous, floor, top)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
            params![
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0),
                run.as_of,
                run.config,
                run.damping,
                run.nodes as i64,
                run.edges as i64,
                run.shown as i64,
                run.iterations,
                run.residual,
                run.converged,
                run.dangling_previous,
                run.floor,
                run.top
            ],
        )?;
        let id = tx.last_insert_rowid();
        // Many rows per statement, as for events: a snapshot has one row per account.
        for chunk in rows.chunks(SCORE_ROWS) {
            let sql = format!(
                "INSERT INTO scores(run, account, rank, previous, out_weight, score, percentile) VALUES {}",
                vec!["(?, ?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
            );
            let mut stmt = tx.prepare_cached(&sql)?;
            for (i, r) in chunk.iter().enumerate() {
                let p = 7 * i;
                stmt.raw_bind_parameter(p + 1, id)?;
                stmt.raw_bind_parameter(p + 2, r.account)?;
                stmt.raw_bind_parameter(p + 3, r.rank)?;
                stmt.raw_bind_parameter(p + 4, r.previous)?;
                stmt.raw_bind_parameter(p + 5, r.out_weight)?;
                stmt.raw_bind_parameter(p + 6, r.score)?;
                stmt.raw_bind_parameter(p + 7, r.percentile)?;
            }
            stmt.raw_execute()?;
        }
        tx.commit()?;
        Ok(id)
    }

    /// The newest score run, if any.
    pub fn latest_score_run(&self) -> Result<Option<ScoreRun>, StoreError> {
        self.score_run_where("ORDER BY id DESC LIMIT 1", None)
    }

    /// The score run with this id, if any.
    pub fn score_run(&self, id: i64) -> Result<Option<ScoreRun>, StoreError> {
        self.score_run_where("WHERE id = ?1", Some(id))
    }

    fn score_run_where(&self, clause: &str, id: Option<i64>) -> Result<Option<ScoreRun>, StoreError> {
        let sql = format!(
            "SELECT id, created_at, as_of, config, damping, nodes, edges, shown, iterations, residual, converged,
                 dangling_previous, floor, top
             FROM score_runs {clause}"
        );
        let read = |r: &rusqlite::Row<'_>| {
            Ok(ScoreRun {
                id: r.get(0)?,
                created_at: r.get(1)?,
                run: NewScoreRun {
                    as_of: r.get(2)?,
                    config: r.get(3)?,
                    damping: r.get(4)?,
                    nodes: r.get::<_, i64>(5)? as u64,
                    edges: r.get::<_, i64>(6)? as u64,
                    shown: r.get::<_, i64>(7)? as u64,
                    iterations: r.get(8)?,
                    residual: r.get(9)?,
                    converged: r.get(10)?,
                    dangling_previous: r.get(11)?,
                    floor: r.get(12)?,
                    top: r.get(13)?,
                },
            })
        };
        let row = match id {
            Some(id) => self.conn.query_row(&sql, [id], read),
            None => self.conn.query_row(&sql, [], read),
        };
        Ok(row.optional()?)
    }

    /// The highest-ranked shown accounts of a run (ties by account key, for a stable order).
    /// Accounts that opted out since the run are left out too.
    pub fn top(&self, run: i64, limit: usize) -> Result<Vec<AccountScoreRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT s.account, n.name, a.handle, a.name, s.rank, s.score, s.percentile
             FROM scores s JOIN accounts a ON a.id = s.account JOIN nets n ON n.id = a.net
             WHERE s.run = ?1 AND s.score IS NOT NULL AND a.opt_out = 0
             ORDER BY s.rank DESC, n.name, a.handle LIMIT ?2",
        )?;
        let rows = stmt
            .query_map(params![run, limit as i64], score_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Every account's rank in a run, shown or not: (account id, rank).
    pub fn scores_of_run(&self, run: i64) -> Result<Vec<(i64, f64)>, StoreError> {
        let mut stmt = self.conn.prepare("SELECT account, rank FROM scores WHERE run = ?1")?;
        let rows = stmt
            .query_map([run], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// One account's row in a run, if it is shown; `None` if unknown to the run or opted out.
    pub fn account_score(&self, run: i64, account: i64) -> Result<Option<AccountScoreRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                "SELECT s.account, n.name, a.handle, a.name, s.rank, s.score, s.percentile
                 FROM scores s JOIN accounts a ON a.id = s.account JOIN nets n ON n.id = a.net
                 WHERE s.run = ?1 AND s.account = ?2 AND s.score IS NOT NULL AND a.opt_out = 0",
                params![run, account],
                score_row,
            )
            .optional()?)
    }

    /// The previous-iterate rank and out-weight of the given accounts in a run (every scored
    /// account, shown or not: opted-out accounts still pass rank on, anonymously).
    pub fn neighbour_states(&self, run: i64, accounts: &[i64]) -> Result<HashMap<i64, (f64, f64)>, StoreError> {
        let mut stmt = self
            .conn
            .prepare_cached("SELECT previous, out_weight FROM scores WHERE run = ?1 AND account = ?2")?;
        let mut out = HashMap::with_capacity(accounts.len());
        for &a in accounts {
            if let Some(v) = stmt
                .query_row(params![run, a], |r| Ok((r.get(0)?, r.get(1)?)))
                .optional()?
            {
                out.insert(a, v);
            }
        }
        Ok(out)
    }

    /// How a shown account's raw rank compares with every account of the run (its 1-based
    /// position among shown accounts).
    pub fn position(&self, run: i64, rank: f64) -> Result<u64, StoreError> {
        let above: i64 = self.conn.query_row(
            "SELECT count(*) FROM scores s JOIN accounts a ON a.id = s.account
             WHERE s.run = ?1 AND s.score IS NOT NULL AND a.opt_out = 0 AND s.rank > ?2",
            params![run, rank],
            |r| r.get(0),
        )?;
        Ok(above as u64 + 1)
    }
}

/// One point of an account's score history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistoryRow {
    pub run: i64,
    pub as_of: Instant,
    pub rank: f64,
    pub score: f64,
    pub percentile: f64,
}

impl Store {
    /// Every score run in which the account was shown, oldest instant first (ties by run). The
    /// runs drive the loop (CROSS JOIN fixes the order), so each is one primary-key lookup
    /// rather than a scan of every snapshot row.
    pub fn account_history(&self, account: i64) -> Result<Vec<HistoryRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT r.id, r.as_of, s.rank, s.score, s.percentile
             FROM score_runs r CROSS JOIN scores s ON s.run = r.id AND s.account = ?1
             WHERE s.score IS NOT NULL
             ORDER BY r.as_of, r.id",
        )?;
        let rows = stmt
            .query_map([account], |r| {
                Ok(HistoryRow {
                    run: r.get(0)?,
                    as_of: r.get(1)?,
                    rank: r.get(2)?,
                    score: r.get(3)?,
                    percentile: r.get(4)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

fn score_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountScoreRow> {
    Ok(AccountScoreRow {
        account: r.get(0)?,
        key: AccountKey::new(r.get::<_, String>(1)?, r.get::<_, String>(2)?),
        name: r.get(3)?,
        rank: r.get(4)?,
        score: r.get(5)?,
        percentile: r.get(6)?,
    })
}
