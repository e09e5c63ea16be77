//! Scoring events held in memory, without a store: the same loader and model as a score run,
//! for tests, notebooks and generated scenarios.

use std::collections::HashMap;

use sillage_model::{AccountKey, AccountRecord, Event};
use sillage_score::model::{Component, Ledger, Model, compute};
use sillage_topics::Taxonomy;

use crate::input::{AccountMeta, InputBuilder, Nodes, RawEvent};
use crate::{PipelineError, ScoreOptions};

/// One component's value and percentile.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct ComponentScore {
    /// 0–100.
    pub value: f64,
    pub percentile: f64,
}

/// A shown account's scores.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize)]
pub struct AccountScores {
    /// 1–100.
    pub score: f64,
    pub percentile: f64,
    pub authority: ComponentScore,
    pub reach: ComponentScore,
    pub amplification: ComponentScore,
    pub activity: ComponentScore,
    pub outreach: ComponentScore,
    pub outreach_level: u32,
    /// The trust the model gave the account as an engager, 0–1.
    pub trust: f64,
}

/// A scored population held in memory.
pub struct ScoredWorld {
    pub model: Model,
    nodes: Nodes,
    taxonomy: Taxonomy,
}

/// Scores `events` with the account facts of `accounts` (accounts named only by events are
/// created with no facts). Accounts are `net:handle`, as in a store.
pub fn score_events(
    events: Vec<Event>,
    accounts: Vec<AccountRecord>,
    options: &ScoreOptions,
) -> Result<ScoredWorld, PipelineError> {
    let config = options.config.validate()?;
    let taxonomy = options.taxonomy.clone().unwrap_or_default();
    let mut ids: HashMap<AccountKey, i64> = HashMap::new();
    let mut metas: Vec<AccountMeta> = Vec::new();
    let mut id_of = |net: &str, handle: &str, metas: &mut Vec<AccountMeta>| -> i64 {
        let key = AccountKey::new(net, handle);
        if let Some(&id) = ids.get(&key) {
            return id;
        }
        let id = metas.len() as i64;
        ids.insert(key.clone(), id);
        metas.push(AccountMeta {
            id,
            key,
            opt_out: false,
            created_at: None,
            followers: None,
            following: None,
            lang: None,
        });
        id
    };
    for r in &accounts {
        let id = id_of(&r.net, &r.handle, &mut metas);
        let m = &mut metas[id as usize];
        m.opt_out = r.opt_out == Some(true);
        m.created_at = r.created_at;
        m.followers = r.followers;
        m.following = r.following;
        m.lang = r.lang.clone();
    }
    let mut builder = InputBuilder::new(&taxonomy);
    let mut newest = None;
    for (i, e) in events.iter().enumerate() {
        let actor = id_of(&e.net, &e.actor, &mut metas);
        let target = e.target.as_deref().map(|t| id_of(&e.net, t, &mut metas));
        newest = newest.max(Some(e.at));
        builder.add(RawEvent {
            origin: i as i64,
            actor,
            target,
            kind: e.kind,
            at: e.at,
            post: e.post.as_deref(),
            parent: e.parent.as_deref(),
            tags: &e.tags,
            urls: &e.urls,
            lang: e.lang.as_deref(),
            text: e.text.as_deref(),
        });
    }
    let as_of = options.as_of.or(newest).ok_or(PipelineError::NoEvents)?;
    let (input, nodes) = builder.finish(&metas, &options.trusted, as_of);
    Ok(ScoredWorld {
        model: compute(input, &config),
        nodes,
        taxonomy,
    })
}

impl ScoredWorld {
    fn compact(&self, key: &str) -> Option<u32> {
        let key = AccountKey::parse(key).ok()?;
        let c = self.nodes.keys.binary_search(&key).ok()? as u32;
        self.model.facts[c as usize].shown.then_some(c)
    }

    fn scores_of(&self, c: u32) -> Option<AccountScores> {
        let a = &self.model.accounts[c as usize];
        let (values, pct) = (a.values?, a.percentiles?);
        let component = |x: Component| ComponentScore {
            value: values[x.index()],
            percentile: pct[x.index()],
        };
        Some(AccountScores {
            score: a.score?,
            percentile: a.percentile?,
            authority: component(Component::Authority),
            reach: component(Component::Reach),
            amplification: component(Component::Amplification),
            activity: component(Component::Activity),
            outreach: component(Component::Outreach),
            outreach_level: a.outreach_level,
            trust: self.model.trust[c as usize].value,
        })
    }

    /// A shown account's scores; `None` if unknown or opted out.
    pub fn account(&self, key: &str) -> Option<AccountScores> {
        self.scores_of(self.compact(key)?)
    }

    /// Every shown account, in key order.
    pub fn shown(&self) -> Vec<(String, AccountScores)> {
        (0..self.nodes.keys.len() as u32)
            .filter_map(|c| Some((self.nodes.keys[c as usize].to_string(), self.scores_of(c)?)))
            .collect()
    }

    /// An account's 0–100 score in a topic; `None` without topical activity (or not shown).
    pub fn topic_score(&self, key: &str, topic: &str) -> Option<f64> {
        let c = self.compact(key)?;
        let t = self.taxonomy.index_of(topic)?;
        let result = self.model.topics.iter().find(|r| r.topic == t)?;
        result.scores.iter().find(|s| s.account == c).map(|s| s.score)
    }

    /// A topic's shown accounts, best first.
    pub fn topic_leaderboard(&self, topic: &str) -> Vec<(String, f64)> {
        let Some(t) = self.taxonomy.index_of(topic) else {
            return Vec::new();
        };
        self.model
            .topics
            .iter()
            .find(|r| r.topic == t)
            .map(|r| {
                r.scores
                    .iter()
                    .map(|s| (self.nodes.keys[s.account as usize].to_string(), s.score))
                    .collect()
            })
            .unwrap_or_default()
    }

    /// An account's ledger (compact ids inside; see [`ScoredWorld::key_of`]).
    pub fn ledger(&self, key: &str) -> Option<Ledger> {
        self.model.ledger(self.compact(key)?)
    }

    /// The key of a compact account id, `None` for opted-out accounts (they stay anonymous).
    pub fn key_of(&self, compact: u32) -> Option<String> {
        let c = compact as usize;
        (c < self.nodes.keys.len() && self.model.facts[c].shown).then(|| self.nodes.keys[c].to_string())
    }

    /// The median overall score of the shown accounts.
    pub fn median_score(&self) -> f64 {
        let mut s: Vec<f64> = self.model.accounts.iter().filter_map(|a| a.score).collect();
        s.sort_by(f64::total_cmp);
        if s.is_empty() { 0.0 } else { s[s.len() / 2] }
    }
}
