//! Leaderboards of the latest score run: overall, or within a topic, filtered by language and
//! organisation.

use sillage_model::Instant;
use sillage_store::{AccountScoreRow, LeaderboardFilter, Store};

use crate::PipelineError;

/// The five components of a score, 0–100.
#[derive(Debug, Clone, Copy, serde::Serialize)]
pub struct Components {
    pub authority: f64,
    pub reach: f64,
    pub amplification: f64,
    pub activity: f64,
    pub outreach: f64,
}

impl Components {
    /// In the order authority, reach, amplification, activity, outreach.
    pub fn as_array(&self) -> [f64; 5] {
        [
            self.authority,
            self.reach,
            self.amplification,
            self.activity,
            self.outreach,
        ]
    }

    pub(crate) fn from_array(c: [f64; 5]) -> Components {
        Components {
            authority: c[0],
            reach: c[1],
            amplification: c[2],
            activity: c[3],
            outreach: c[4],
        }
    }
}

/// One line of the leaderboard.
#[derive(Debug, Clone, serde::Serialize)]
pub struct RankedAccount {
    /// 1-based position in this (filtered) list.
    pub position: u64,
    /// `network:handle`.
    pub account: String,
    pub name: Option<String>,
    /// 1–100.
    pub score: f64,
    /// Share of shown accounts with a lower score, 0–100.
    pub percentile: f64,
    pub components: Components,
    pub outreach_level: u32,
    /// 0–100 in the topic, when the list is a topic's.
    pub topic_score: Option<f64>,
    pub lang: Option<String>,
    pub org: Option<String>,
}

/// The leaderboard and the run it comes from.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TopList {
    pub run: i64,
    pub as_of: Instant,
    /// Accounts shown in the run (the percentiles' population).
    pub shown: u64,
    pub topic: Option<String>,
    pub lang: Option<String>,
    pub exclude_orgs: Vec<String>,
    pub accounts: Vec<RankedAccount>,
}

/// What to list.
#[derive(Debug, Clone, Default)]
pub struct TopOptions {
    pub limit: usize,
    pub topic: Option<String>,
    pub lang: Option<String>,
    pub exclude_orgs: Vec<String>,
}

/// The best shown accounts of the latest run.
pub fn top_accounts(store: &Store, options: &TopOptions) -> Result<TopList, PipelineError> {
    let run = store.latest_score_run()?.ok_or(PipelineError::NoScoreRun)?;
    if let Some(topic) = &options.topic {
        let known = store.topic_summary(run.id)?.iter().any(|t| &t.topic == topic);
        if !known {
            return Err(PipelineError::Refused(format!(
                "no account is scored in topic {topic:?} in run #{}; `sillage topics` lists the topics",
                run.id
            )));
        }
    }
    let filter = LeaderboardFilter {
        topic: options.topic.clone(),
        lang: options.lang.as_deref().map(crate::input::primary_language),
        exclude_orgs: options.exclude_orgs.clone(),
        limit: options.limit,
        offset: 0,
    };
    let rows = store.leaderboard(run.id, &filter)?;
    let accounts = rows
        .into_iter()
        .enumerate()
        .map(|(i, (r, topic_score))| ranked(i as u64 + 1, r, topic_score))
        .collect();
    Ok(TopList {
        run: run.id,
        as_of: run.run.as_of,
        shown: run.run.shown,
        topic: filter.topic,
        lang: filter.lang,
        exclude_orgs: filter.exclude_orgs,
        accounts,
    })
}

fn ranked(position: u64, r: AccountScoreRow, topic_score: Option<f64>) -> RankedAccount {
    RankedAccount {
        position,
        account: r.key.to_string(),
        name: r.name,
        score: r.score,
        percentile: r.percentile,
        components: Components::from_array(r.components),
        outreach_level: r.outreach_level,
        topic_score,
        lang: r.lang,
        org: r.org,
    }
}
