//! Turns parsed flags into job settings, runs the job and prints its result.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant as Clock;

use anyhow::{Context, Result};
use sillage_formats::Format;
use sillage_model::{HalfLife, parse_duration, parse_instant};
use sillage_pipeline::{IngestOptions, Progress, ScoreOptions};
use sillage_score::ScoreConfig;
use sillage_store::Store;

use crate::cli::{Cli, Command, FormatArg, IngestArgs, ScoreArgs};
use crate::output;

/// A flag value that parsed as text but means nothing (exit code 2, like clap's own errors).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

const DEFAULT_DB: &str = "sillage.db";
const DEFAULT_DEMO_DB: &str = "sillage-demo.db";

pub fn run(cli: Cli) -> Result<ExitCode> {
    let progress = Progress::new(!cli.quiet && std::io::stderr().is_terminal());
    let db = cli.db.clone();
    let open = |default: &str| -> Result<Store> {
        let path = db.clone().unwrap_or_else(|| PathBuf::from(default));
        Store::open(&path).with_context(|| format!("opening the store {}", path.display()))
    };
    // Commands that only read (or score what is there) never create an empty store by accident.
    let open_existing = |default: &str| -> Result<Store> {
        let path = db.clone().unwrap_or_else(|| PathBuf::from(default));
        if !path.exists() {
            anyhow::bail!(
                "there is no store at {}; ingest events first (sillage ingest FILE) or pass --db",
                path.display()
            );
        }
        open(default)
    };
    let mut out = std::io::stdout().lock();
    match cli.command {
        Command::Ingest { files, ingest, json } => {
            let mut store = open(DEFAULT_DB)?;
            let interrupt = interrupt_flag();
            let clock = Clock::now();
            let report =
                sillage_pipeline::ingest_files(&mut store, &files, ingest_options(&ingest), progress, &interrupt)?;
            let seconds = clock.elapsed().as_secs_f64();
            if json {
                output::json(&mut out, &report)?;
            } else {
                output::ingest_summary(&mut out, &report, seconds)?;
            }
            if !report.completed {
                eprintln!("interrupted: what was committed is kept; run the same command again to complete it");
                return Ok(ExitCode::from(130));
            }
        }
        Command::Score { score, json } => {
            let options = score_options(&score)?;
            let mut store = open_existing(DEFAULT_DB)?;
            let clock = Clock::now();
            let summary = sillage_pipeline::compute_scores(&mut store, &options, progress)?;
            if json {
                output::json(&mut out, &summary)?;
            } else {
                output::score_summary(&mut out, &summary, clock.elapsed().as_secs_f64())?;
            }
        }
        Command::Top { top } => {
            let store = open_existing(DEFAULT_DB)?;
            let list = sillage_pipeline::top_accounts(&store, top.limit)?;
            if top.json {
                output::json(&mut out, &list)?;
            } else {
                output::top_table(&mut out, &list)?;
            }
        }
        Command::Explain {
            account,
            since: Some(since),
            limit,
            json,
            ..
        } => {
            let store = open_existing(DEFAULT_DB)?;
            let change = sillage_pipeline::explain_changes(&store, &account, since)?;
            if json {
                output::json(&mut out, &change)?;
            } else {
                output::changes(&mut out, &change, limit.unwrap_or(10))?;
            }
        }
        Command::Explain {
            account,
            since: None,
            limit,
            events,
            json,
        } => {
            let store = open_existing(DEFAULT_DB)?;
            let limit = limit.unwrap_or(if json { 0 } else { 10 });
            let explanation = sillage_pipeline::explain_account(&store, &account, limit, events)?;
            if json {
                output::json(&mut out, &explanation)?;
            } else {
                output::explanation(&mut out, &explanation)?;
            }
        }
        Command::History { account, json } => {
            let store = open_existing(DEFAULT_DB)?;
            let history = sillage_pipeline::account_history(&store, &account)?;
            if json {
                output::json(&mut out, &history)?;
            } else {
                output::history(&mut out, &history)?;
            }
        }
        Command::Analyze {
            files,
            ingest,
            score,
            top,
        } => {
            let options = score_options(&score)?;
            let mut store = open(DEFAULT_DB)?;
            let interrupt = interrupt_flag();
            let clock = Clock::now();
            let report =
                sillage_pipeline::ingest_files(&mut store, &files, ingest_options(&ingest), progress, &interrupt)?;
            let ingest_seconds = clock.elapsed().as_secs_f64();
            if !report.completed {
                output::ingest_summary(&mut std::io::stderr(), &report, ingest_seconds)?;
                eprintln!("interrupted before scoring: run the same command again to complete it");
                return Ok(ExitCode::from(130));
            }
            let clock = Clock::now();
            let summary = sillage_pipeline::compute_scores(&mut store, &options, progress)?;
            let score_seconds = clock.elapsed().as_secs_f64();
            let list = sillage_pipeline::top_accounts(&store, top.limit)?;
            if top.json {
                output::json(
                    &mut out,
                    &serde_json::json!({ "ingest": report, "score": summary, "top": list }),
                )?;
            } else {
                output::ingest_summary(&mut out, &report, ingest_seconds)?;
                output::score_summary(&mut out, &summary, score_seconds)?;
                writeln!(out)?;
                output::top_table(&mut out, &list)?;
            }
        }
        Command::Demo { seed, limit, json } => {
            let path = db.unwrap_or_else(|| PathBuf::from(DEFAULT_DEMO_DB));
            let config = sillage_demo::DemoConfig {
                seed,
                ..Default::default()
            };
            let report = sillage_pipeline::run_demo(&path, &config, limit, progress)?;
            if json {
                output::json(&mut out, &report)?;
            } else {
                output::demo_report(&mut out, &report, &path)?;
            }
        }
    }
    out.flush()?;
    Ok(ExitCode::SUCCESS)
}

fn ingest_options(args: &IngestArgs) -> IngestOptions {
    let format = match args.format {
        FormatArg::Auto => None,
        FormatArg::Jsonl => Some(Format::Jsonl),
        FormatArg::Csv => Some(Format::Csv),
        FormatArg::Higgs => Some(Format::Higgs),
        FormatArg::Accounts => Some(Format::Accounts),
    };
    IngestOptions {
        format,
        strict: args.strict,
    }
}

fn score_options(args: &ScoreArgs) -> Result<ScoreOptions> {
    let as_of = match &args.as_of {
        Some(t) => Some(parse_instant(t).map_err(|e| UsageError(format!("--as-of: {e}")))?),
        None => None,
    };
    let mut config = ScoreConfig::default();
    if let Some(h) = &args.half_life {
        let seconds = parse_duration(h).map_err(|e| UsageError(format!("--half-life: {e}")))?;
        config.half_life = HalfLife::from_seconds(seconds)
            .ok_or_else(|| UsageError(format!("--half-life: {h:?} must be positive")))?;
    }
    config.pagerank.damping = args.damping;
    config.pagerank.tolerance = args.tolerance;
    config.pagerank.max_iterations = args.max_iterations;
    let config = config.validate().map_err(|e| UsageError(e.to_string()))?;
    Ok(ScoreOptions { as_of, config })
}

/// The first Ctrl-C asks the ingest to stop after its current batch (keeping what it stored);
/// a second one ends the process at once, which the store also survives.
fn interrupt_flag() -> Arc<AtomicBool> {
    let flag = Arc::new(AtomicBool::new(false));
    let handler_flag = flag.clone();
    let _ = ctrlc::set_handler(move || {
        if handler_flag.swap(true, Ordering::SeqCst) {
            std::process::exit(130);
        }
        eprintln!("\nstopping after the current batch (Ctrl-C again to stop at once)…");
    });
    flag
}
