//! The human form of `explain`: components, authority's contributors, the ledger (`--events`),
//! and what changed since an earlier run (`--since`). Each ends with a check line whose two
//! numbers must agree: the parts printed above add up to the whole.

use std::io::{self, Write};

use sillage_model::format_instant;
use sillage_pipeline::{AccountExplanation, ChangeKind, ExplanationChange, LedgerComponentView, LedgerView, LineView};

use super::{pct, thousands};

/// The score everyone starts from: `score = 1 + 0.99 · Σ weight · value` (docs/SCORING.md). The
/// ledger states it itself (`base`); without the ledger the check line uses this.
const BASE: f64 = 1.0;

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
    if !x.matches_snapshot {
        writeln!(
            out,
            "note: events dated before this run's instant were ingested after it; the figures below are \
             recomputed and differ from the recorded run (run `sillage score` again to record them)"
        )?;
    }
    components(out, x)?;
    let trust = if x.trust_reasons.is_empty() {
        format!("{:.2}", x.trust)
    } else {
        format!("{:.2} ({})", x.trust, x.trust_reasons.join(", "))
    };
    writeln!(out, "outreach level {}; trust as an engager {trust}", x.outreach_level)?;
    if x.topics.is_empty() {
        writeln!(out, "topics: none")?;
    } else {
        let topics: Vec<String> = x
            .topics
            .iter()
            .map(|t| {
                format!(
                    "{} {:.0} (percentile {:.2})",
                    t.topic,
                    t.score.floor(),
                    pct(t.percentile)
                )
            })
            .collect();
        writeln!(out, "topics: {}", topics.join(", "))?;
    }
    writeln!(out)?;
    authority(out, x)?;
    match &x.ledger {
        Some(ledger) => {
            writeln!(out)?;
            ledger_text(out, ledger)?;
            writeln!(
                out,
                "check: base {} + component points {:.6} = {:.6} (score {:.6})",
                ledger.base,
                ledger.sum - ledger.base,
                ledger.sum,
                x.score
            )
        }
        None => {
            let points: f64 = x.components.iter().map(|c| c.points).sum();
            writeln!(
                out,
                "check: base {BASE} + component points {points:.6} = {:.6} (score {:.6})",
                BASE + points,
                x.score
            )
        }
    }
}

fn components(out: &mut impl Write, x: &AccountExplanation) -> io::Result<()> {
    writeln!(
        out,
        "{:<15} {:>6}  {:>10}  {:>6}  {:>6}",
        "component", "value", "percentile", "weight", "points"
    )?;
    for c in &x.components {
        writeln!(
            out,
            "{:<15} {:>6.1}  {:>10.2}  {:>6.2}  {:>6.2}",
            c.component,
            c.value,
            pct(c.percentile),
            c.weight,
            c.points
        )?;
    }
    Ok(())
}

fn authority(out: &mut impl Write, x: &AccountExplanation) -> io::Result<()> {
    let a = &x.authority;
    let share = |part: f64| if a.rank > 0.0 { 100.0 * part / a.rank } else { 0.0 };
    writeln!(
        out,
        "authority {:.6e} = standing {:.3e} ({:.1}%) + {} engagers",
        a.rank,
        a.standing,
        share(a.standing),
        thousands(a.contributors_total as u64)
    )?;
    if a.discounted_engagers > 0 {
        writeln!(
            out,
            "{} more engager(s) count for nothing: every vote of theirs was discounted to 0 (see their trust; `--events` lists them)",
            thousands(a.discounted_engagers as u64)
        )?;
    }
    if a.contributors.is_empty() && a.contributors_total == 0 && a.discounted_engagers == 0 {
        writeln!(
            out,
            "nobody engaged with this account: it holds only the trust-seeded standing every account starts with, and its authority value is 0"
        )?;
    } else if a.contributors_total > 0 {
        writeln!(
            out,
            "contributors (share of the authority; each passes on its own authority, split over all it engages with):"
        )?;
        for (i, c) in a.contributors.iter().enumerate() {
            let trust = if c.trust_reasons.is_empty() {
                String::new()
            } else {
                format!("trust {:.2}: {}; ", c.trust, c.trust_reasons.join(", "))
            };
            writeln!(
                out,
                "{:>3}. {:<28} {:>6.2}%  ({trust}{} event{})",
                i + 1,
                c.account,
                100.0 * c.share,
                c.events_total,
                if c.events_total == 1 { "" } else { "s" }
            )?;
            for e in &c.events {
                writeln!(
                    out,
                    "       {:<8} {}  weight {:.3}  counted {:.3}  → {:.2}%",
                    e.kind,
                    format_instant(e.at),
                    e.weight,
                    e.counted,
                    share(e.points)
                )?;
            }
            if c.events.len() < c.events_total {
                writeln!(out, "       … {} older event(s)", c.events_total - c.events.len())?;
            }
        }
        if a.contributors.len() < a.contributors_total {
            writeln!(
                out,
                "     {} other engagers: {:.2}%",
                thousands((a.contributors_total - a.contributors.len()) as u64),
                share(a.others)
            )?;
        }
    }
    writeln!(
        out,
        "check: standing + contributions = {:.12e} (authority {:.12e})",
        a.sum, a.rank
    )
}

/// The ledger, component by component: every line with its weights, points and discounts.
fn ledger_text(out: &mut impl Write, ledger: &LedgerView) -> io::Result<()> {
    writeln!(
        out,
        "ledger: the score is base {} + each component's points (0.99 × weight × value); a component's value is the sum of its lines' points",
        ledger.base
    )?;
    for c in &ledger.components {
        writeln!(out)?;
        ledger_component(out, c)?;
    }
    writeln!(out)
}

fn ledger_component(out: &mut impl Write, c: &LedgerComponentView) -> io::Result<()> {
    writeln!(
        out,
        "{}: value {:.2} × weight {:.2} → {:.4} points in the score ({} line{})",
        c.component,
        c.value,
        c.weight,
        c.score_points,
        thousands(c.lines_total as u64),
        if c.lines_total == 1 { "" } else { "s" }
    )?;
    for note in &c.notes {
        writeln!(out, "  {note}")?;
    }
    if c.lines.is_empty() && c.lines_total == 0 {
        return writeln!(out, "  (no lines: nothing counted here)");
    }
    let role = match c.component {
        "authority" => "engager",
        "reach" => "follower",
        "amplification" => "reactor",
        "outreach" => "engaged",
        _ => "account",
    };
    let cells: Vec<[String; 7]> = c.lines.iter().map(line_cells).collect();
    let headers = [
        "event".to_owned(),
        "kind".to_owned(),
        "at".to_owned(),
        role.to_owned(),
        "full → counted".to_owned(),
        "points".to_owned(),
        "score".to_owned(),
    ];
    let mut widths = headers.each_ref().map(|h| h.chars().count());
    for row in &cells {
        for (w, cell) in widths.iter_mut().zip(row) {
            *w = (*w).max(cell.chars().count());
        }
    }
    let row_text = |row: &[String; 7]| -> String {
        let mut s = String::from("  ");
        for (i, (cell, w)) in row.iter().zip(widths).enumerate() {
            // Text columns align left, numbers right.
            if i < 4 {
                s.push_str(&format!("{cell:<w$}  "));
            } else {
                s.push_str(&format!("{cell:>w$}  "));
            }
        }
        s.trim_end().to_owned()
    };
    writeln!(out, "{}", row_text(&headers))?;
    for (row, line) in cells.iter().zip(&c.lines) {
        let mut text = row_text(row);
        if !line.discounts.is_empty() {
            let d: Vec<String> = line
                .discounts
                .iter()
                .map(|d| format!("{} ×{}", d.rule, num(d.factor)))
                .collect();
            text.push_str(&format!("  [{}]", d.join("; ")));
        }
        writeln!(out, "{text}")?;
    }
    if c.lines.len() < c.lines_total {
        writeln!(
            out,
            "  … {} more line(s): {} points ({} in the score)",
            thousands((c.lines_total - c.lines.len()) as u64),
            num(c.others),
            signed(0.99 * c.weight * c.others)
        )?;
    }
    Ok(())
}

fn line_cells(l: &LineView) -> [String; 7] {
    let event = match (l.source, &l.event_id) {
        (_, Some(id)) => id.clone(),
        ("reported_followers", None) => "(reported followers)".to_owned(),
        (other, None) => format!("({other})"),
    };
    [
        event,
        l.kind.unwrap_or("-").to_owned(),
        l.at.map(format_instant).unwrap_or_else(|| "-".to_owned()),
        l.account.clone().unwrap_or_else(|| "-".to_owned()),
        format!("{} → {}", num(l.full), num(l.counted)),
        num(l.points),
        signed(l.score_points),
    ]
}

/// Four significant digits, without an exponent for the usual magnitudes.
fn num(x: f64) -> String {
    let a = x.abs();
    if a == 0.0 {
        "0".to_owned()
    } else if a >= 1000.0 {
        format!("{x:.0}")
    } else if a >= 1e-3 {
        let decimals = (3 - a.log10().floor() as i32).max(0) as usize;
        format!("{x:.decimals$}")
    } else {
        format!("{x:.3e}")
    }
}

fn signed(x: f64) -> String {
    if x < 0.0 { num(x) } else { format!("+{}", num(x)) }
}

pub fn changes(out: &mut impl Write, c: &ExplanationChange, limit: usize) -> io::Result<()> {
    let (a, b) = (&c.since, &c.now);
    writeln!(
        out,
        "{}: score {:.0} → {:.0} ({:+.2}), percentile {:.2} → {:.2}",
        c.account,
        a.score.floor(),
        b.score.floor(),
        b.score - a.score,
        pct(a.percentile),
        pct(b.percentile),
    )?;
    writeln!(
        out,
        "from run #{} (as of {}) to run #{} (as of {})",
        a.run,
        format_instant(a.as_of),
        b.run,
        format_instant(b.as_of)
    )?;
    writeln!(out, "{:<15} {:>6}  {:>6}  {:>7}", "component", "then", "now", "change")?;
    let (then, now) = (a.components.as_array(), b.components.as_array());
    for (i, name) in ["authority", "reach", "amplification", "activity", "outreach"]
        .iter()
        .enumerate()
    {
        writeln!(
            out,
            "{:<15} {:>6.1}  {:>6.1}  {:>+7.1}",
            name,
            then[i],
            now[i],
            now[i] - then[i]
        )?;
    }
    writeln!(
        out,
        "own change {} points (activity, outreach, reported followers: the account's own doing)",
        signed(c.own_change)
    )?;
    if c.changes.is_empty() {
        writeln!(out, "no contributor changed")?;
    } else {
        let shown = if limit == 0 {
            c.changes.len()
        } else {
            limit.min(c.changes.len())
        };
        writeln!(
            out,
            "largest changes by contributor, in points of the score ({} of {} that changed):",
            shown,
            c.changes.len()
        )?;
        for ch in &c.changes[..shown] {
            let why = match ch.kind {
                ChangeKind::Appeared => format!("appeared ({} engagement(s) since)", ch.new_events),
                ChangeKind::Gone => "gone".to_owned(),
                ChangeKind::Rose => format!("rose ({} engagement(s) since)", ch.new_events),
                ChangeKind::Lifted => "lifted (no new engagement: its own standing or its share grew)".to_owned(),
                ChangeKind::Fell => format!("fell despite {} engagement(s) since", ch.new_events),
                ChangeKind::Decayed => "fell (no new engagement: aged or diluted)".to_owned(),
            };
            writeln!(
                out,
                "  {:<28} {:>9} ({} → {})  {why}",
                ch.account,
                signed(ch.change),
                num(ch.before),
                num(ch.after)
            )?;
        }
        if shown < c.changes.len() {
            let rest: f64 = c.changes[shown..].iter().map(|ch| ch.change).sum();
            writeln!(
                out,
                "  {} other contributor(s): {}",
                thousands((c.changes.len() - shown) as u64),
                signed(rest)
            )?;
        }
    }
    writeln!(
        out,
        "check: own change + contributor changes = {:+.6} (score change {:+.6})",
        c.sum,
        b.score - a.score
    )
}

#[cfg(test)]
mod tests {
    #[test]
    fn numbers_keep_four_significant_digits() {
        assert_eq!(super::num(0.0), "0");
        assert_eq!(super::num(27.604), "27.60");
        assert_eq!(super::num(0.98987), "0.9899");
        assert_eq!(super::num(1234.4), "1234");
        assert_eq!(super::num(0.000_012_34), "1.234e-5");
        assert_eq!(super::signed(-0.5), "-0.5000");
        assert_eq!(super::signed(2.0), "+2.000");
    }
}
