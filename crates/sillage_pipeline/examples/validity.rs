//! Predictive validity on Higgs: does authority as of a split instant predict who gets retweeted
//! by many distinct accounts afterwards, better than simple counts do?
//!
//! What is measured: the store is scored as of the split (default 2012-07-04T00:00:00Z, using only
//! earlier events). For every account active before the split (any event as actor or target), the
//! outcome is the number of distinct accounts that repost it after the split. Printed: Spearman
//! rank correlations of the outcome with the overall score, with each component, with distinct
//! reposters before the split, and with raw reposts received before it.
//!
//! How to run (a store holding the Higgs events, e.g. from `sillage analyze … --db /tmp/h.db`):
//!
//! ```sh
//! cargo run --release -p sillage_pipeline --example validity -- /tmp/h.db [SPLIT] [name=value…]
//! ```

use std::collections::{HashMap, HashSet};
use std::path::PathBuf;

use sillage_model::{EventKind, parse_instant};
use sillage_pipeline::{Progress, ScoreOptions, compute_scores};
use sillage_store::Store;

fn main() {
    let mut args = std::env::args().skip(1);
    let db = PathBuf::from(args.next().expect("usage: validity STORE [SPLIT]"));
    let mut split = parse_instant("2012-07-04T00:00:00Z").expect("a valid split instant");
    // Parameters to compare variants: `name=value` (damping, reply, mention, like, and the
    // component weights authority, amplification, activity, reach, outreach).
    let mut config = sillage_score::ScoreConfig::default();
    for arg in args {
        let Some((name, value)) = arg.split_once('=') else {
            split = parse_instant(&arg).expect("a valid split instant");
            continue;
        };
        let x: f64 = value.parse().expect("a number");
        match name {
            "damping" => config.pagerank.damping = x,
            "reply" => config.kind_weights.reply = x,
            "mention" => config.kind_weights.mention = x,
            "like" => config.kind_weights.like = x,
            "authority" => config.weights.authority = x,
            "amplification" => config.weights.amplification = x,
            "activity" => config.weights.activity = x,
            "reach" => config.weights.reach = x,
            "outreach" => config.weights.outreach = x,
            "half_life_days" => {
                config.half_life = sillage_model::HalfLife::from_seconds(x * 86_400.0).expect("a positive half-life")
            }
            other => panic!("unknown parameter {other}"),
        }
    }
    let mut store = Store::open(&db).expect("the store opens");
    let summary = compute_scores(
        &mut store,
        &ScoreOptions {
            as_of: Some(split),
            config,
            ..Default::default()
        },
        Progress::hidden(),
    )
    .expect("scoring as of the split succeeds");

    let mut active: HashSet<i64> = HashSet::new();
    let mut reposters_before: HashMap<i64, HashSet<i64>> = HashMap::new();
    let mut reposts_before: HashMap<i64, u64> = HashMap::new();
    let mut reposters_after: HashMap<i64, HashSet<i64>> = HashMap::new();
    let mut engaged_before: HashSet<i64> = HashSet::new();
    store
        .for_each_event(i64::MAX, |actor, target, kind, at| {
            if at <= split {
                active.insert(actor);
                if let Some(t) = target {
                    active.insert(t);
                }
            }
            let Some(t) = target else { return };
            if at <= split && kind.is_engagement() && t != actor {
                engaged_before.insert(t);
            }
            if kind != EventKind::Repost || t == actor {
                return;
            }
            if at <= split {
                reposters_before.entry(t).or_default().insert(actor);
                *reposts_before.entry(t).or_default() += 1;
            } else {
                reposters_after.entry(t).or_default().insert(actor);
            }
        })
        .expect("events read");
    let rows: HashMap<i64, sillage_store::ScoreRow> = store
        .score_rows(summary.run)
        .expect("scores read")
        .into_iter()
        .map(|r| (r.account, r))
        .collect();

    let mut ids: Vec<i64> = active.into_iter().collect();
    ids.sort_unstable();
    let outcome: Vec<f64> = ids
        .iter()
        .map(|a| reposters_after.get(a).map_or(0, HashSet::len) as f64)
        .collect();
    let component = |k: usize| -> Vec<f64> {
        ids.iter()
            .map(|a| rows.get(a).and_then(|r| r.components).map_or(0.0, |c| c[k]))
            .collect()
    };
    let predictors: Vec<(&str, Vec<f64>)> = vec![
        (
            "overall score",
            ids.iter()
                .map(|a| rows.get(a).and_then(|r| r.score).unwrap_or(0.0))
                .collect(),
        ),
        (
            "authority",
            ids.iter().map(|a| rows.get(a).map_or(0.0, |r| r.rank)).collect(),
        ),
        ("amplification", component(2)),
        ("activity", component(3)),
        ("outreach", component(4)),
        (
            "distinct reposters before",
            ids.iter()
                .map(|a| reposters_before.get(a).map_or(0, HashSet::len) as f64)
                .collect(),
        ),
        (
            "reposts received before",
            ids.iter()
                .map(|a| reposts_before.get(a).copied().unwrap_or(0) as f64)
                .collect(),
        ),
    ];
    println!(
        "split {}: {} accounts active before it, {} of them reposted by someone after it",
        sillage_model::format_instant(split),
        ids.len(),
        outcome.iter().filter(|&&o| o > 0.0).count()
    );
    for (name, values) in &predictors {
        println!("Spearman(outcome, {name}) = {:.4}", spearman(&outcome, values));
    }
    // The same restricted to accounts that were engaged with at all before the split, where the
    // ranking is informative (the others tie at the floor for every predictor).
    let engaged: Vec<usize> = (0..ids.len()).filter(|&i| engaged_before.contains(&ids[i])).collect();
    println!("among the {} accounts engaged with before the split:", engaged.len());
    let pick = |v: &[f64]| engaged.iter().map(|&i| v[i]).collect::<Vec<f64>>();
    for (name, values) in &predictors {
        println!(
            "Spearman(outcome, {name}) = {:.4}",
            spearman(&pick(&outcome), &pick(values))
        );
    }
}

/// Average ranks (ties share the mean of their positions), 1-based.
fn ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut out = vec![0.0; values.len()];
    let mut i = 0;
    while i < order.len() {
        let mut j = i;
        while j + 1 < order.len() && values[order[j + 1]] == values[order[i]] {
            j += 1;
        }
        let mean = (i + j) as f64 / 2.0 + 1.0;
        for &k in &order[i..=j] {
            out[k] = mean;
        }
        i = j + 1;
    }
    out
}

/// Spearman's rho: Pearson correlation of the average ranks (correct with ties).
fn spearman(a: &[f64], b: &[f64]) -> f64 {
    let (ra, rb) = (ranks(a), ranks(b));
    let n = ra.len() as f64;
    let (ma, mb) = (ra.iter().sum::<f64>() / n, rb.iter().sum::<f64>() / n);
    let (mut cov, mut va, mut vb) = (0.0, 0.0, 0.0);
    for (x, y) in ra.iter().zip(&rb) {
        cov += (x - ma) * (y - mb);
        va += (x - ma) * (x - ma);
        vb += (y - mb) * (y - mb);
    }
    cov / (va * vb).sqrt()
}
