//! Human-readable output, and JSON documents for machines (their shapes: docs/CLI.md).

use std::io::{self, Write};
use std::path::Path;

use sillage_model::format_instant;
use sillage_pipeline::{AccountExplanation, DemoReport, IngestReport, TopList};
use sillage_store::IngestCounts;

/// One JSON document, pretty-printed, followed by a newline.
pub fn json(out: &mut impl Write, value: &impl serde::Serialize) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut *out, value)?;
    writeln!(out)
}

pub fn ingest_summary(out: &mut impl Write, report: &IngestReport, seconds: f64) -> io::Result<()> {
    for f in &report.files {
        writeln!(out, "{} ({}): {}", f.path.display(), f.format, counts(&f.counts))?;
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

pub fn score_summary(out: &mut impl Write, s: &sillage_pipeline::ScoreSummary, seconds: f64) -> io::Result<()> {
    writeln!(
        out,
        "score run #{}: {} accounts ({} shown), {} engagement pairs, as of {}; PageRank {} in {} iterations (residual {:.1e}), {:.1} s",
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
    )
}

pub fn top_table(out: &mut impl Write, list: &TopList) -> io::Result<()> {
    writeln!(
        out,
        "Top {} of {} accounts as of {} (score run #{})",
        list.accounts.len(),
        thousands(list.shown),
        format_instant(list.as_of),
        list.run
    )?;
    let width = list
        .accounts
        .iter()
        .map(|a| a.account.chars().count())
        .max()
        .unwrap_or(7)
        .max(7);
    writeln!(
        out,
        "{:>4}  {:<width$}  {:>5}  {:>10}  {:>11}",
        "#", "account", "score", "percentile", "authority"
    )?;
    for a in &list.accounts {
        writeln!(
            out,
            "{:>4}  {:<width$}  {:>5.0}  {:>10.2}  {:>11.3e}",
            a.position,
            a.account,
            a.score.floor(),
            pct(a.percentile),
            a.rank
        )?;
    }
    Ok(())
}

pub fn explanation(out: &mut impl Write, x: &AccountExplanation) -> io::Result<()> {
    let name = x.name.as_deref().map(|n| format!(" ({n})")).unwrap_or_default();
    writeln!(
        out,
        "{}{name}: score {:.0}, percentile {:.2}, #{} as of {} (score run #{})",
        x.account,
        x.score.floor(),
        pct(x.percentile),
        thousands(x.position),
        format_instant(x.as_of),
        x.run
    )?;
    writeln!(
        out,
        "authority {:.6e} = teleport {:.3e} ({:.1}%) + {} engagers",
        x.rank,
        x.teleport,
        100.0 * x.teleport / x.rank,
        thousands(x.contributors_total as u64)
    )?;
    if x.contributors.is_empty() {
        writeln!(
            out,
            "nobody engaged with this account: its authority is the teleport share every account gets"
        )?;
        return Ok(());
    }
    writeln!(
        out,
        "contributors (share of the authority; each passes on its own authority, split over all it engages with):"
    )?;
    for (i, c) in x.contributors.iter().enumerate() {
        writeln!(
            out,
            "{:>3}. {:<28} {:>6.2}%  (its authority {:.3e}; {:.2} of its {:.2} engagement weight went here; {} event{})",
            i + 1,
            c.account,
            100.0 * c.share,
            c.engager_rank,
            c.edge_weight,
            c.out_weight,
            c.events_total,
            if c.events_total == 1 { "" } else { "s" }
        )?;
        for e in &c.events {
            writeln!(
                out,
                "       {:<8} {}  weight {:.3}  → {:.2}%",
                e.kind,
                format_instant(e.at),
                e.weight,
                100.0 * e.points / x.rank
            )?;
        }
        if c.events.len() < c.events_total {
            writeln!(out, "       … {} older event(s)", c.events_total - c.events.len())?;
        }
    }
    if x.contributors.len() < x.contributors_total {
        writeln!(
            out,
            "     {} other engagers: {:.2}%",
            thousands((x.contributors_total - x.contributors.len()) as u64),
            100.0 * x.others / x.rank
        )?;
    }
    writeln!(
        out,
        "check: teleport + contributions = {:.12e} (authority {:.12e})",
        x.sum, x.rank
    )
}

pub fn changes(out: &mut impl Write, c: &sillage_pipeline::ExplanationChange, limit: usize) -> io::Result<()> {
    let (a, b) = (&c.since, &c.now);
    writeln!(
        out,
        "{}: score {:.0} → {:.0}, percentile {:.2} → {:.2}, authority {:.3e} → {:.3e} ({:+.1}%)",
        c.account,
        a.score.floor(),
        b.score.floor(),
        pct(a.percentile),
        pct(b.percentile),
        a.rank,
        b.rank,
        100.0 * (b.rank - a.rank) / a.rank
    )?;
    writeln!(
        out,
        "from run #{} (as of {}) to run #{} (as of {}); teleport share {:+.3e}",
        a.run,
        format_instant(a.as_of),
        b.run,
        format_instant(b.as_of),
        c.teleport_change
    )?;
    if c.changes.is_empty() {
        return writeln!(out, "no contributor changed");
    }
    let shown = if limit == 0 {
        c.changes.len()
    } else {
        limit.min(c.changes.len())
    };
    writeln!(
        out,
        "largest changes ({} of {} contributors that changed):",
        shown,
        c.changes.len()
    )?;
    for ch in &c.changes[..shown] {
        let why = match ch.kind {
            sillage_pipeline::ChangeKind::Appeared => format!("appeared ({} engagement(s) since)", ch.new_events),
            sillage_pipeline::ChangeKind::Gone => "gone".to_owned(),
            sillage_pipeline::ChangeKind::Rose => format!("rose ({} engagement(s) since)", ch.new_events),
            sillage_pipeline::ChangeKind::Lifted => "rose (no new engagement: its own authority grew)".to_owned(),
            sillage_pipeline::ChangeKind::Fell => format!("fell despite {} engagement(s) since", ch.new_events),
            sillage_pipeline::ChangeKind::Decayed => "fell (no new engagement: aged or diluted)".to_owned(),
        };
        writeln!(
            out,
            "  {:<28} {:+.3e} ({:.3e} → {:.3e})  {why}",
            ch.account, ch.change, ch.before, ch.after
        )?;
    }
    Ok(())
}

pub fn history(out: &mut impl Write, h: &sillage_pipeline::AccountHistory) -> io::Result<()> {
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
        "{:>5}  {:<20}  {:>5}  {:>10}  {:>11}  {:>6}",
        "run", "as of", "score", "percentile", "authority", "change"
    )?;
    let mut last: Option<f64> = None;
    for p in &h.points {
        let change = match last {
            Some(prev) => format!("{:+.1}", p.score - prev),
            None => String::new(),
        };
        writeln!(
            out,
            "{:>5}  {:<20}  {:>5.0}  {:>10.2}  {:>11.3e}  {:>6}",
            p.run,
            format_instant(p.as_of),
            p.score.floor(),
            pct(p.percentile),
            p.rank,
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
            "  {:<34} {:<22} #{:<6} score {:>3.0}  percentile {:>6.2}",
            role,
            p.account,
            p.position,
            p.score.floor(),
            pct(p.percentile)
        )?;
    }
    if let (Some(best), Some(worst)) = (
        ring.iter().min_by_key(|p| p.position),
        ring.iter().max_by_key(|p| p.position),
    ) {
        writeln!(
            out,
            "  {:<34} {:<22} #{}–#{}, score {:.0}–{:.0}, percentile {:.2}–{:.2}",
            format!("bot ring ({} members)", ring.len()),
            "",
            best.position,
            worst.position,
            worst.score.floor(),
            best.score.floor(),
            pct(worst.percentile),
            pct(best.percentile)
        )?;
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
fn pct(p: f64) -> f64 {
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
