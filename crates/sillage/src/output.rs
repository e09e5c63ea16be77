//! Human-readable output, and JSON documents for machines (their shapes: docs/CLI.md).

use std::io::{self, Write};
use std::path::Path;

use sillage_model::format_instant;
use sillage_pipeline::{
    AccountHistory, Components, DemoReport, DryRunReport, IngestReport, ScoreSummary, TopList, TopicLine, TopicList,
};
use sillage_store::IngestCounts;

mod explain;

pub use explain::{changes, explanation};

/// One JSON document, pretty-printed, followed by a newline.
pub fn json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

pub fn ingest_summary(out: &mut impl Write, report: &IngestReport, seconds: f64) -> io::Result<()> {
    for f in &report.files {
        writeln!(out, "{} ({}): {}", f.path.display(), f.format, counts(&f.counts))?;
        if !f.kinds.is_empty() {
            writeln!(out, "  events by kind: {}", kinds(&f.kinds))?;
        }
        if !f.skipped.is_empty() {
            writeln!(out, "  skipped on purpose: {}", skipped(&f.skipped))?;
        }
    }
    let rate = if seconds > 0.0 {
        report.total.read as f64 / seconds
    } else {
        0.0
    };
    writeln!(
        out,
        "ingest: {} in {:.1} s ({} records/s)",
        counts(&report.total),
        seconds,
        thousands(rate as u64)
    )?;
    if report.total.rejected > 0 {
        writeln!(out, "rejected records (all are kept in the store's rejects table):")?;
        for (source, line, reason) in &report.first_rejects {
            writeln!(out, "  {source}:{line}: {reason}")?;
        }
        let quoted = report.first_rejects.len() as u64;
        if report.total.rejected > quoted {
            writeln!(out, "  … and {} more", thousands(report.total.rejected - quoted))?;
        }
    }
    Ok(())
}

/// `history blocks (…) 215, app.bsky.actor.profile records (not mapped) 1`.
fn skipped(s: &std::collections::BTreeMap<String, u64>) -> String {
    s.iter()
        .map(|(what, n)| format!("{what} {}", thousands(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// A topic's best account with its floored topic score, `-` when the topic has none.
fn best_account(t: &TopicLine) -> String {
    match (&t.best, t.best_score) {
        (Some(b), Some(s)) => format!("{b} ({:.0})", s.floor()),
        (Some(b), None) => b.clone(),
        _ => "-".to_owned(),
    }
}

/// `post 12, repost 3`.
fn kinds(k: &std::collections::BTreeMap<&'static str, u64>) -> String {
    k.iter()
        .map(|(kind, n)| format!("{kind} {}", thousands(*n)))
        .collect::<Vec<_>>()
        .join(", ")
}

/// What `ingest --dry-run` found: per input, the events by kind, how many are new, accounts and
/// rejects; nothing was written.
pub fn dry_run(out: &mut impl Write, report: &DryRunReport, with_store: bool) -> io::Result<()> {
    for f in &report.files {
        writeln!(out, "{} ({}):", f.path.display(), f.format)?;
        if f.kinds.is_empty() {
            writeln!(out, "  events 0")?;
        } else {
            writeln!(out, "  events {}: {}", thousands(f.events), kinds(&f.kinds))?;
        }
        if with_store {
            writeln!(
                out,
                "  would store {} new, {} already in the store",
                thousands(f.new),
                thousands(f.already_stored)
            )?;
        } else {
            writeln!(out, "  would store {} (no store yet)", thousands(f.new))?;
        }
        writeln!(
            out,
            "  account records {}, rejected {}",
            thousands(f.accounts),
            thousands(f.rejected)
        )?;
        if !f.skipped.is_empty() {
            writeln!(out, "  skipped on purpose: {}", skipped(&f.skipped))?;
        }
    }
    if !report.first_rejects.is_empty() {
        writeln!(
            out,
            "rejected records (a real ingest keeps them in the store's rejects table):"
        )?;
        for (source, line, reason) in &report.first_rejects {
            writeln!(out, "  {source}:{line}: {reason}")?;
        }
    }
    writeln!(out, "dry run: nothing was written")
}

fn counts(c: &IngestCounts) -> String {
    let mut s = format!(
        "read {}, stored {}, duplicates {}, rejected {}",
        thousands(c.read),
        thousands(c.stored),
        thousands(c.duplicates),
        thousands(c.rejected)
    );
    if c.accounts > 0 {
        s.push_str(&format!(", account records {}", thousands(c.accounts)));
    }
    s
}

pub fn score_summary(out: &mut impl Write, s: &ScoreSummary, seconds: f64) -> io::Result<()> {
    writeln!(
        out,
        "score run #{}: {} accounts ({} shown), {} engagement pairs, as of {}; authority {} in {} iterations (residual {:.1e}), {:.1} s",
        s.run,
        thousands(s.accounts),
        thousands(s.shown),
        thousands(s.edges),
        format_instant(s.as_of),
        if s.converged {
            "converged"
        } else {
            "stopped at the iteration cap"
        },
        s.iterations,
        s.residual,
        seconds
    )?;
    let w = &s.weights;
    writeln!(
        out,
        "weights: authority {:.2}, reach {:.2}, amplification {:.2}, activity {:.2}, outreach {:.2}",
        w.authority, w.reach, w.amplification, w.activity, w.outreach
    )?;
    let t = &s.trust;
    writeln!(
        out,
        "trust: {} discounted as automated (rate), {} as ring-like, {} as recently created; {} on the trusted list",
        thousands(t.automated_rate),
        thousands(t.ring_like),
        thousands(t.recently_created),
        thousands(t.trusted_list)
    )?;
    let mut topics: Vec<_> = s.topics.iter().filter(|t| t.accounts > 0).collect();
    topics.sort_by(|a, b| b.accounts.cmp(&a.accounts).then_with(|| a.topic.cmp(&b.topic)));
    if topics.is_empty() {
        return writeln!(out, "topics: no event matched a topic");
    }
    const SHOWN: usize = 8;
    let listed: Vec<String> = topics
        .iter()
        .take(SHOWN)
        .map(|t| format!("{} ({})", t.topic, thousands(t.accounts)))
        .collect();
    let more = if topics.len() > SHOWN {
        format!(", … {} more (sillage topics)", topics.len() - SHOWN)
    } else {
        String::new()
    };
    writeln!(
        out,
        "topics: {} with accounts: {}{more}",
        topics.len(),
        listed.join(", ")
    )
}

/// The five components' short column headers, in the order of [`component_cells`].
const COMPONENT_HEADERS: [&str; 5] = ["auth", "reach", "ampl", "activ", "outr"];

/// The five components, floored like the score, each right-aligned under its header.
fn component_cells(c: &Components) -> String {
    [c.authority, c.reach, c.amplification, c.activity, c.outreach]
        .iter()
        .zip(COMPONENT_HEADERS)
        .map(|(v, h)| format!("{:>w$.0}", v.floor(), w = h.len()))
        .collect::<Vec<_>>()
        .join("  ")
}

pub fn top_table(out: &mut impl Write, list: &TopList) -> io::Result<()> {
    let mut filters = Vec::new();
    if let Some(t) = &list.topic {
        filters.push(format!("topic {t}"));
    }
    if let Some(l) = &list.lang {
        filters.push(format!("language {l}"));
    }
    if !list.exclude_orgs.is_empty() {
        filters.push(format!("excluding {}", list.exclude_orgs.join(", ")));
    }
    if filters.is_empty() {
        writeln!(
            out,
            "Top {} of {} accounts as of {} (score run #{})",
            list.accounts.len(),
            thousands(list.shown),
            format_instant(list.as_of),
            list.run
        )?;
    } else {
        writeln!(
            out,
            "Top {} accounts, {}, as of {} (score run #{}; percentiles among all {} accounts)",
            list.accounts.len(),
            filters.join(", "),
            format_instant(list.as_of),
            list.run,
            thousands(list.shown)
        )?;
    }
    if list.accounts.is_empty() {
        return writeln!(out, "no account matches");
    }
    let width = list
        .accounts
        .iter()
        .map(|a| a.account.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    let topic_header = if list.topic.is_some() { "  topic" } else { "" };
    writeln!(
        out,
        "{:>4}  {:<width$}  {:>5}  {:>10}  {}  {:>5}{topic_header}",
        "#",
        "account",
        "score",
        "percentile",
        COMPONENT_HEADERS.join("  "),
        "level"
    )?;
    for a in &list.accounts {
        let topic = match (list.topic.is_some(), a.topic_score) {
            (true, Some(t)) => format!("  {:>5.0}", t.floor()),
            (true, None) => format!("  {:>5}", "-"),
            _ => String::new(),
        };
        writeln!(
            out,
            "{:>4}  {:<width$}  {:>5.0}  {:>10.2}  {}  {:>5}{topic}",
            a.position,
            a.account,
            a.score.floor(),
            pct(a.percentile),
            component_cells(&a.components),
            a.outreach_level
        )?;
    }
    Ok(())
}

pub fn topics(out: &mut impl Write, list: &TopicList) -> io::Result<()> {
    match &list.account {
        Some(account) => account_topics(out, list, account),
        None => all_topics(out, list),
    }
}

fn all_topics(out: &mut impl Write, list: &TopicList) -> io::Result<()> {
    let (with, without): (Vec<_>, Vec<_>) = list.topics.iter().partition(|t| t.accounts > 0);
    writeln!(
        out,
        "Topics of score run #{} as of {}: {} with accounts, of {} in the taxonomy",
        list.run,
        format_instant(list.as_of),
        with.len(),
        list.topics.len()
    )?;
    if !with.is_empty() {
        let id_width = with.iter().map(|t| t.topic.chars().count()).max().unwrap_or(5).max(5);
        let labels: Vec<String> = with
            .iter()
            .map(|t| format!("{} / {}", t.label_fr, t.label_en))
            .collect();
        let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(5).max(5);
        writeln!(
            out,
            "  {:<id_width$}  {:<label_width$}  {:>8}  best account (topic score)",
            "topic", "label (fr / en)", "accounts"
        )?;
        for (t, label) in with.iter().zip(&labels) {
            let best = best_account(t);
            writeln!(
                out,
                "  {:<id_width$}  {:<label_width$}  {:>8}  {best}",
                t.topic,
                label,
                thousands(t.accounts)
            )?;
        }
    }
    if !without.is_empty() {
        let ids: Vec<&str> = without.iter().map(|t| t.topic.as_str()).collect();
        writeln!(out, "no account yet in: {}", ids.join(", "))?;
    }
    Ok(())
}

fn account_topics(out: &mut impl Write, list: &TopicList, account: &str) -> io::Result<()> {
    if list.topics.is_empty() {
        return writeln!(
            out,
            "{account} has no topic score in score run #{} as of {}: it published nothing that matched a topic, and nobody reacted to it about one (reacting alone earns no topical standing)",
            list.run,
            format_instant(list.as_of)
        );
    }
    writeln!(
        out,
        "{account}: {} topic(s) in score run #{} as of {}",
        list.topics.len(),
        list.run,
        format_instant(list.as_of)
    )?;
    let id_width = list
        .topics
        .iter()
        .map(|t| t.topic.chars().count())
        .max()
        .unwrap_or(5)
        .max(5);
    let labels: Vec<String> = list
        .topics
        .iter()
        .map(|t| format!("{} / {}", t.label_fr, t.label_en))
        .collect();
    let label_width = labels.iter().map(|l| l.chars().count()).max().unwrap_or(5).max(5);
    writeln!(
        out,
        "  {:<id_width$}  {:<label_width$}  {:>5}  {:>10}  {:>8}  best account (topic score)",
        "topic", "label (fr / en)", "score", "percentile", "accounts"
    )?;
    for (t, label) in list.topics.iter().zip(&labels) {
        let best = best_account(t);
        writeln!(
            out,
            "  {:<id_width$}  {:<label_width$}  {:>5.0}  {:>10.2}  {:>8}  {best}",
            t.topic,
            label,
            t.score.unwrap_or(0.0).floor(),
            pct(t.percentile.unwrap_or(0.0)),
            thousands(t.accounts)
        )?;
    }
    Ok(())
}

pub fn history(out: &mut impl Write, h: &AccountHistory) -> io::Result<()> {
    let name = h.name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
    if h.points.is_empty() {
        return writeln!(
            out,
            "{}{name}: no score run has scored this account yet; run `sillage score`",
            h.account
        );
    }
    writeln!(out, "{}{name}: {} score run(s)", h.account, h.points.len())?;
    writeln!(
        out,
        "{:>5}  {:<20}  {:>5}  {:>10}  {}  {:>6}",
        "run",
        "as of",
        "score",
        "percentile",
        COMPONENT_HEADERS.join("  "),
        "change"
    )?;
    let mut last: Option<f64> = None;
    for p in &h.points {
        let change = match last {
            Some(prev) => format!("{:+.1}", p.score - prev),
            None => String::new(),
        };
        writeln!(
            out,
            "{:>5}  {:<20}  {:>5.0}  {:>10.2}  {}  {:>6}",
            p.run,
            format_instant(p.as_of),
            p.score.floor(),
            pct(p.percentile),
            component_cells(&p.components),
            change
        )?;
        last = Some(p.score);
    }
    Ok(())
}

pub fn demo_report(out: &mut impl Write, r: &DemoReport, db: &Path) -> io::Result<()> {
    writeln!(
        out,
        "Demo community (seed {}): {} accounts, {} events over 90 days; generated in {:.1} s, stored in {:.1} s, scored in {:.1} s",
        r.seed,
        thousands(r.accounts as u64),
        thousands(r.events as u64),
        r.generate_seconds,
        r.ingest_seconds,
        r.score_seconds
    )?;
    writeln!(out)?;
    top_table(out, &r.top)?;
    writeln!(out)?;
    writeln!(out, "Where the planted accounts landed:")?;
    let (ring, single): (Vec<_>, Vec<_>) = r.planted.iter().partition(|p| p.role == "bot ring member");
    for p in &single {
        let role = match &p.topic {
            Some(t) => format!("{} ({t})", p.role),
            None => p.role.to_owned(),
        };
        writeln!(
            out,
            "  {:<34} {:<22} #{:<7} score {:>3.0}  percentile {:>6.2}",
            role,
            p.account,
            thousands(p.position),
            p.score.floor(),
            pct(p.percentile)
        )?;
    }
    if let (Some(best), Some(worst)) = (
        ring.iter().min_by_key(|p| p.position),
        ring.iter().max_by_key(|p| p.position),
    ) {
        if best.position == worst.position {
            writeln!(
                out,
                "  {:<34} {:<22} #{:<7} score {:>3.0}  percentile {:>6.2}  (all tied)",
                format!("bot ring ({} members)", ring.len()),
                "",
                thousands(best.position),
                best.score.floor(),
                pct(best.percentile)
            )?;
        } else {
            writeln!(
                out,
                "  {:<34} {:<22} #{}–#{}, score {:.0}–{:.0}, percentile {:.2}–{:.2}",
                format!("bot ring ({} members)", ring.len()),
                "",
                thousands(best.position),
                thousands(worst.position),
                worst.score.floor(),
                best.score.floor(),
                pct(worst.percentile),
                pct(best.percentile)
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "The store is {}; try: sillage --db {} explain {}",
        db.display(),
        db.display(),
        r.top.accounts.first().map(|a| a.account.as_str()).unwrap_or("ACCOUNT")
    )
}

/// A percentile with two decimals, truncated rather than rounded: 99.9997 reads 99.99, since
/// "100.00" would claim nobody is above or level with the account.
pub(crate) fn pct(p: f64) -> f64 {
    (p * 100.0).floor() / 100.0
}

/// 1234567 → "1,234,567".
pub fn thousands(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, ch) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

#[cfg(test)]
mod tests {
    #[test]
    fn thousands_groups_digits() {
        assert_eq!(super::thousands(0), "0");
        assert_eq!(super::thousands(999), "999");
        assert_eq!(super::thousands(1000), "1,000");
        assert_eq!(super::thousands(563_069), "563,069");
        assert_eq!(super::thousands(1_234_567), "1,234,567");
    }
}
