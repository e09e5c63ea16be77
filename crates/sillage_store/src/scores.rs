//! Score snapshots: one row per score run, one row per account and run, one row per account,
//! topic and run.

use rusqlite::{OptionalExtension, params};
use sillage_model::{AccountKey, Instant};

use crate::{Store, StoreError};

/// Columns of `scores` written per row.
const SCORE_COLUMNS: usize = 18;
/// Rows per multi-row INSERT (SQLite allows 32,766 parameters).
const SCORE_ROWS: usize = 128;
const TOPIC_ROWS: usize = 512;

/// A score run to record. `config` is the JSON of every parameter (taxonomy and trusted list
/// included), kept so that a run can always be recomputed; `summary` the JSON of what it found.
#[derive(Debug, Clone, PartialEq)]
pub struct NewScoreRun {
    pub as_of: Instant,
    pub config: String,
    pub summary: String,
    pub nodes: u64,
    pub edges: u64,
    pub shown: u64,
    pub iterations: u32,
    pub residual: f64,
    pub converged: bool,
}

/// A recorded score run.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRun {
    pub id: i64,
    pub created_at: i64,
    pub run: NewScoreRun,
}

/// One account's figures in a run, as written. Components are in the order authority, reach,
/// amplification, activity, outreach.
#[derive(Debug, Clone, PartialEq)]
pub struct ScoreRow {
    pub account: i64,
    /// `None` for accounts that are not shown (opted out): they still pass authority on.
    pub score: Option<f64>,
    pub percentile: Option<f64>,
    pub components: Option<[f64; 5]>,
    pub component_percentiles: Option<[f64; 5]>,
    pub outreach_level: u32,
    /// Authority's raw PageRank mass.
    pub rank: f64,
    pub trust: f64,
    /// The account's main language (declared, or the most used in its content).
    pub lang: Option<String>,
}

/// One account's standing in one topic of a run.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicScoreRow {
    pub topic: String,
    pub account: i64,
    pub score: f64,
    pub rank: f64,
    pub percentile: f64,
}

/// A shown account's figures in a run, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct AccountScoreRow {
    pub account: i64,
    pub key: AccountKey,
    pub name: Option<String>,
    pub org: Option<String>,
    pub score: f64,
    pub percentile: f64,
    pub components: [f64; 5],
    pub component_percentiles: [f64; 5],
    pub outreach_level: u32,
    pub rank: f64,
    pub trust: f64,
    pub lang: Option<String>,
}

/// A shown account's standing in a topic, as read back.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicAccountRow {
    pub topic: String,
    pub account: i64,
    pub key: AccountKey,
    pub name: Option<String>,
    pub score: f64,
    pub rank: f64,
    pub percentile: f64,
}

/// Which accounts a leaderboard lists.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct LeaderboardFilter {
    /// Only accounts scored in this topic, ranked by their topic score.
    pub topic: Option<String>,
    /// Only accounts whose main language is this one.
    pub lang: Option<String>,
    /// Leave out accounts of these organisations.
    pub exclude_orgs: Vec<String>,
    pub limit: usize,
    /// Skip this many (paging).
    pub offset: usize,
}

/// One topic's size in a run.
#[derive(Debug, Clone, PartialEq)]
pub struct TopicSummaryRow {
    pub topic: String,
    pub accounts: u64,
    pub best: Option<TopicAccountRow>,
}

const ACCOUNT_SCORE_COLUMNS: &str = "s.account, n.name, a.handle, a.name, a.org, s.score, s.percentile,
    s.authority, s.reach, s.amplification, s.activity, s.outreach,
    s.authority_pct, s.reach_pct, s.amplification_pct, s.activity_pct, s.outreach_pct,
    s.outreach_level, s.rank, s.trust, s.lang";

impl Store {
    /// Records a run and its rows in one transaction; returns the run id.
    pub fn save_score_run(
        &mut self,
        run: &NewScoreRun,
        rows: &[ScoreRow],
        topics: &[TopicScoreRow],
    ) -> Result<i64, StoreError> {
        let tx = self.conn.transaction()?;
        tx.execute(
            "INSERT INTO score_runs(created_at, as_of, config, summary, nodes, edges, shown, iterations, residual,
                 converged)
             VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
            params![
                std::time::SystemTime::now()
                    .duration_since(std::time::UNIX_EPOCH)
                    .map(|d| d.as_secs() as i64)
                    .unwrap_or(0),
                run.as_of,
                run.config,
                run.summary,
                run.nodes as i64,
                run.edges as i64,
                run.shown as i64,
                run.iterations,
                run.residual,
                run.converged,
            ],
        )?;
        let id = tx.last_insert_rowid();
        // Rows are written in key order (account, and topic then account), whatever order the
        // caller has them in: each statement then fills the end of the tables' B-trees instead of
        // touching a page per row (and copying each touched page to the statement journal). On
        // 800,000 accounts and 2.5 million topic rows that took the snapshot from 14 s to a few.
        // The tables are keyed by these columns, so what is stored is the same either way.
        let mut by_account: Vec<&ScoreRow> = rows.iter().collect();
        by_account.sort_by_key(|r| r.account);
        let mut topic_order: Vec<&TopicScoreRow> = Vec::with_capacity(topics.len());
        for group in topics.chunk_by(|a, b| a.topic == b.topic) {
            let start = topic_order.len();
            topic_order.extend(group);
            topic_order[start..].sort_by_key(|r| r.account);
        }
        for chunk in by_account.chunks(SCORE_ROWS) {
            let placeholders = format!("({})", vec!["?"; SCORE_COLUMNS].join(", "));
            let sql = format!(
                "INSERT INTO scores(run, account, score, percentile, authority, reach, amplification, activity,
                     outreach, authority_pct, reach_pct, amplification_pct, activity_pct, outreach_pct,
                     outreach_level, rank, trust, lang) VALUES {}",
                vec![placeholders.as_str(); chunk.len()].join(", ")
            );
            let mut stmt = tx.prepare_cached(&sql)?;
            for (i, r) in chunk.iter().enumerate() {
                let p = SCORE_COLUMNS * i;
                stmt.raw_bind_parameter(p + 1, id)?;
                stmt.raw_bind_parameter(p + 2, r.account)?;
                stmt.raw_bind_parameter(p + 3, r.score)?;
                stmt.raw_bind_parameter(p + 4, r.percentile)?;
                for k in 0..5 {
                    stmt.raw_bind_parameter(p + 5 + k, r.components.map(|c| c[k]))?;
                    stmt.raw_bind_parameter(p + 10 + k, r.component_percentiles.map(|c| c[k]))?;
                }
                stmt.raw_bind_parameter(p + 15, r.outreach_level)?;
                stmt.raw_bind_parameter(p + 16, r.rank)?;
                stmt.raw_bind_parameter(p + 17, r.trust)?;
                stmt.raw_bind_parameter(p + 18, r.lang.as_deref())?;
            }
            stmt.raw_execute()?;
        }
        for chunk in topic_order.chunks(TOPIC_ROWS) {
            let sql = format!(
                "INSERT INTO topic_scores(run, topic, account, score, rank, percentile) VALUES {}",
                vec!["(?, ?, ?, ?, ?, ?)"; chunk.len()].join(", ")
            );
            let mut stmt = tx.prepare_cached(&sql)?;
            for (i, r) in chunk.iter().enumerate() {
                let p = 6 * i;
                stmt.raw_bind_parameter(p + 1, id)?;
                stmt.raw_bind_parameter(p + 2, r.topic.as_str())?;
                stmt.raw_bind_parameter(p + 3, r.account)?;
                stmt.raw_bind_parameter(p + 4, r.score)?;
                stmt.raw_bind_parameter(p + 5, r.rank)?;
                stmt.raw_bind_parameter(p + 6, r.percentile)?;
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
            "SELECT id, created_at, as_of, config, summary, nodes, edges, shown, iterations, residual, converged
             FROM score_runs {clause}"
        );
        let read = |r: &rusqlite::Row<'_>| {
            Ok(ScoreRun {
                id: r.get(0)?,
                created_at: r.get(1)?,
                run: NewScoreRun {
                    as_of: r.get(2)?,
                    config: r.get(3)?,
                    summary: r.get(4)?,
                    nodes: r.get::<_, i64>(5)? as u64,
                    edges: r.get::<_, i64>(6)? as u64,
                    shown: r.get::<_, i64>(7)? as u64,
                    iterations: r.get(8)?,
                    residual: r.get(9)?,
                    converged: r.get(10)?,
                },
            })
        };
        let row = match id {
            Some(id) => self.conn.query_row(&sql, [id], read),
            None => self.conn.query_row(&sql, [], read),
        };
        Ok(row.optional()?)
    }

    /// The best shown accounts of a run by overall score (ties by account key), filtered.
    /// Accounts that opted out since the run are left out too. With a topic, the accounts of that
    /// topic by topic score, each with its overall row.
    pub fn leaderboard(
        &self,
        run: i64,
        filter: &LeaderboardFilter,
    ) -> Result<Vec<(AccountScoreRow, Option<f64>)>, StoreError> {
        let mut sql = format!("SELECT {ACCOUNT_SCORE_COLUMNS}, ");
        let mut args: Vec<rusqlite::types::Value> = vec![run.into()];
        if let Some(topic) = &filter.topic {
            sql.push_str(
                "t.score FROM topic_scores t JOIN scores s ON s.run = t.run AND s.account = t.account
                 JOIN accounts a ON a.id = s.account JOIN nets n ON n.id = a.net
                 WHERE t.run = ?1 AND t.topic = ?2",
            );
            args.push(topic.clone().into());
        } else {
            sql.push_str(
                "NULL FROM scores s JOIN accounts a ON a.id = s.account JOIN nets n ON n.id = a.net
                 WHERE s.run = ?1",
            );
        }
        sql.push_str(" AND s.score IS NOT NULL AND a.opt_out = 0");
        if let Some(lang) = &filter.lang {
            args.push(lang.clone().into());
            sql.push_str(&format!(" AND s.lang = ?{}", args.len()));
        }
        for org in &filter.exclude_orgs {
            args.push(org.clone().into());
            sql.push_str(&format!(
                " AND (a.org IS NULL OR a.org != ?{} COLLATE NOCASE)",
                args.len()
            ));
        }
        let order = if filter.topic.is_some() {
            "t.score DESC, t.rank DESC"
        } else {
            "s.score DESC"
        };
        args.push((filter.limit.min(i64::MAX as usize) as i64).into());
        args.push((filter.offset.min(i64::MAX as usize) as i64).into());
        sql.push_str(&format!(
            " ORDER BY {order}, n.name, a.handle LIMIT ?{} OFFSET ?{}",
            args.len() - 1,
            args.len()
        ));
        let mut stmt = self.conn.prepare(&sql)?;
        let rows = stmt
            .query_map(rusqlite::params_from_iter(args), |r| {
                Ok((score_row(r)?, r.get::<_, Option<f64>>(21)?))
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Every row of a run, shown or not, by account id.
    pub fn score_rows(&self, run: i64) -> Result<Vec<ScoreRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT account, score, percentile, authority, reach, amplification, activity, outreach, authority_pct,
                 reach_pct, amplification_pct, activity_pct, outreach_pct, outreach_level, rank, trust, lang
             FROM scores WHERE run = ?1 ORDER BY account",
        )?;
        let rows = stmt
            .query_map([run], |r| {
                let five = |start: usize| -> rusqlite::Result<Option<[f64; 5]>> {
                    let v: [Option<f64>; 5] = [
                        r.get(start)?,
                        r.get(start + 1)?,
                        r.get(start + 2)?,
                        r.get(start + 3)?,
                        r.get(start + 4)?,
                    ];
                    Ok(v.iter().all(Option::is_some).then(|| v.map(|x| x.unwrap_or(0.0))))
                };
                Ok(ScoreRow {
                    account: r.get(0)?,
                    score: r.get(1)?,
                    percentile: r.get(2)?,
                    components: five(3)?,
                    component_percentiles: five(8)?,
                    outreach_level: r.get(13)?,
                    rank: r.get(14)?,
                    trust: r.get(15)?,
                    lang: r.get(16)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// One account's row in a run, if it is shown; `None` if unknown to the run or opted out.
    pub fn account_score(&self, run: i64, account: i64) -> Result<Option<AccountScoreRow>, StoreError> {
        Ok(self
            .conn
            .query_row(
                &format!(
                    "SELECT {ACCOUNT_SCORE_COLUMNS} FROM scores s JOIN accounts a ON a.id = s.account
                     JOIN nets n ON n.id = a.net
                     WHERE s.run = ?1 AND s.account = ?2 AND s.score IS NOT NULL AND a.opt_out = 0"
                ),
                params![run, account],
                score_row,
            )
            .optional()?)
    }

    /// A shown account's 1-based position by overall score among the run's shown accounts.
    pub fn position(&self, run: i64, score: f64) -> Result<u64, StoreError> {
        let above: i64 = self.conn.query_row(
            "SELECT count(*) FROM scores s JOIN accounts a ON a.id = s.account
             WHERE s.run = ?1 AND s.score IS NOT NULL AND a.opt_out = 0 AND s.score > ?2",
            params![run, score],
            |r| r.get(0),
        )?;
        Ok(above as u64 + 1)
    }

    /// The account's topics in a run (those where its topic score is positive), best first.
    pub fn account_topics(&self, run: i64, account: i64) -> Result<Vec<TopicAccountRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT t.topic, t.account, n.name, a.handle, a.name, t.score, t.rank, t.percentile
             FROM topic_scores t JOIN accounts a ON a.id = t.account JOIN nets n ON n.id = a.net
             WHERE t.run = ?1 AND t.account = ?2 AND a.opt_out = 0 AND t.score > 0
             ORDER BY t.score DESC, t.topic",
        )?;
        let rows = stmt
            .query_map(params![run, account], topic_row)?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }

    /// Every topic scored in a run: how many accounts it has and its best account.
    pub fn topic_summary(&self, run: i64) -> Result<Vec<TopicSummaryRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT topic, count(*) FROM topic_scores t JOIN accounts a ON a.id = t.account
             WHERE t.run = ?1 AND a.opt_out = 0 GROUP BY topic ORDER BY count(*) DESC, topic",
        )?;
        let counts: Vec<(String, i64)> = stmt
            .query_map([run], |r| Ok((r.get(0)?, r.get(1)?)))?
            .collect::<Result<_, _>>()?;
        let mut best = self.conn.prepare(
            "SELECT t.topic, t.account, n.name, a.handle, a.name, t.score, t.rank, t.percentile
             FROM topic_scores t JOIN accounts a ON a.id = t.account JOIN nets n ON n.id = a.net
             WHERE t.run = ?1 AND t.topic = ?2 AND a.opt_out = 0
             ORDER BY t.score DESC, t.rank DESC, n.name, a.handle LIMIT 1",
        )?;
        let mut out = Vec::with_capacity(counts.len());
        for (topic, accounts) in counts {
            let top = best.query_row(params![run, topic], topic_row).optional()?;
            out.push(TopicSummaryRow {
                topic,
                accounts: accounts as u64,
                best: top,
            });
        }
        Ok(out)
    }
}

/// One point of an account's score history.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct HistoryRow {
    pub run: i64,
    pub as_of: Instant,
    pub score: f64,
    pub percentile: f64,
    pub components: [f64; 5],
    pub rank: f64,
}

impl Store {
    /// Every score run in which the account was shown, oldest instant first (ties by run). The
    /// runs drive the loop (CROSS JOIN fixes the order), so each is one primary-key lookup
    /// rather than a scan of every snapshot row.
    pub fn account_history(&self, account: i64) -> Result<Vec<HistoryRow>, StoreError> {
        let mut stmt = self.conn.prepare(
            "SELECT r.id, r.as_of, s.score, s.percentile, s.authority, s.reach, s.amplification, s.activity,
                 s.outreach, s.rank
             FROM score_runs r CROSS JOIN scores s ON s.run = r.id AND s.account = ?1
             WHERE s.score IS NOT NULL
             ORDER BY r.as_of, r.id",
        )?;
        let rows = stmt
            .query_map([account], |r| {
                Ok(HistoryRow {
                    run: r.get(0)?,
                    as_of: r.get(1)?,
                    score: r.get(2)?,
                    percentile: r.get(3)?,
                    components: [r.get(4)?, r.get(5)?, r.get(6)?, r.get(7)?, r.get(8)?],
                    rank: r.get(9)?,
                })
            })?
            .collect::<Result<_, _>>()?;
        Ok(rows)
    }
}

fn score_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<AccountScoreRow> {
    let five = |start: usize| -> rusqlite::Result<[f64; 5]> {
        Ok([
            r.get(start)?,
            r.get(start + 1)?,
            r.get(start + 2)?,
            r.get(start + 3)?,
            r.get(start + 4)?,
        ])
    };
    Ok(AccountScoreRow {
        account: r.get(0)?,
        key: AccountKey::new(r.get::<_, String>(1)?, r.get::<_, String>(2)?),
        name: r.get(3)?,
        org: r.get(4)?,
        score: r.get(5)?,
        percentile: r.get(6)?,
        components: five(7)?,
        component_percentiles: five(12)?,
        outreach_level: r.get(17)?,
        rank: r.get(18)?,
        trust: r.get(19)?,
        lang: r.get(20)?,
    })
}

fn topic_row(r: &rusqlite::Row<'_>) -> rusqlite::Result<TopicAccountRow> {
    Ok(TopicAccountRow {
        topic: r.get(0)?,
        account: r.get(1)?,
        key: AccountKey::new(r.get::<_, String>(2)?, r.get::<_, String>(3)?),
        name: r.get(4)?,
        score: r.get(5)?,
        rank: r.get(6)?,
        percentile: r.get(7)?,
    })
}
