//! Topics of the latest score run: the list with their best account, or one account's topics.

use sillage_model::Instant;
use sillage_store::Store;

use crate::score::config_from_json;
use crate::{PipelineError, resolve_account};

/// One topic of a run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TopicLine {
    pub topic: String,
    pub label_fr: String,
    pub label_en: String,
    pub parent: Option<String>,
    /// Shown accounts scored in the topic (0 when nothing in the data is about it).
    pub accounts: u64,
    /// The topic's best account and its topic score.
    pub best: Option<String>,
    pub best_score: Option<f64>,
    /// For an account's topics: its score and percentile in the topic.
    pub score: Option<f64>,
    pub percentile: Option<f64>,
}

/// Topics of the latest run.
#[derive(Debug, Clone, serde::Serialize)]
pub struct TopicList {
    pub run: i64,
    pub as_of: Instant,
    /// The account whose topics these are, if one was asked for.
    pub account: Option<String>,
    pub topics: Vec<TopicLine>,
}

/// Every topic of the run's taxonomy with its size and best account (topics with accounts
/// first), or, with `account`, that account's topics, best first.
pub fn list_topics(store: &Store, account: Option<&str>) -> Result<TopicList, PipelineError> {
    let run = store.latest_score_run()?.ok_or(PipelineError::NoScoreRun)?;
    let (_, taxonomy, _) = config_from_json(&run.run.config)?;
    let line = |id: &str| -> TopicLine {
        let t = taxonomy.index_of(id).and_then(|i| taxonomy.get(i));
        TopicLine {
            topic: id.to_owned(),
            label_fr: t.map(|t| t.fr().to_owned()).unwrap_or_default(),
            label_en: t.map(|t| t.en().to_owned()).unwrap_or_default(),
            parent: t
                .and_then(|t| t.parent())
                .and_then(|p| taxonomy.get(p))
                .map(|p| p.id().to_owned()),
            accounts: 0,
            best: None,
            best_score: None,
            score: None,
            percentile: None,
        }
    };
    let summary = store.topic_summary(run.id)?;
    let topics = match account {
        Some(name) => {
            let a = resolve_account(store, name)?;
            store
                .account_topics(run.id, a.id)?
                .into_iter()
                .map(|t| {
                    let s = summary.iter().find(|s| s.topic == t.topic);
                    TopicLine {
                        accounts: s.map_or(0, |s| s.accounts),
                        best: s.and_then(|s| s.best.as_ref()).map(|b| b.key.to_string()),
                        best_score: s.and_then(|s| s.best.as_ref()).map(|b| b.score),
                        score: Some(t.score),
                        percentile: Some(t.percentile),
                        ..line(&t.topic)
                    }
                })
                .collect()
        }
        None => {
            let mut lines: Vec<TopicLine> = summary
                .iter()
                .map(|s| TopicLine {
                    accounts: s.accounts,
                    best: s.best.as_ref().map(|b| b.key.to_string()),
                    best_score: s.best.as_ref().map(|b| b.score),
                    ..line(&s.topic)
                })
                .collect();
            for t in taxonomy.topics() {
                if !lines.iter().any(|l| l.topic == t.id()) {
                    lines.push(line(t.id()));
                }
            }
            lines
        }
    };
    Ok(TopicList {
        run: run.id,
        as_of: run.run.as_of,
        account: account
            .map(|a| resolve_account(store, a).map(|r| r.key.to_string()))
            .transpose()?,
        topics,
    })
}
