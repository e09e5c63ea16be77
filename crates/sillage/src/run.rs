//! Runs the job a command asks for and prints its result.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Instant as Clock;

use anyhow::{Context, Result};
use sillage_pipeline::{ExplainOptions, Progress, ScoreOptions};
use sillage_store::Store;

use crate::cli::{Cli, Command};
use crate::output;
use crate::settings::{ingest_options, score_options, top_options};

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
        Command::Ingest {
            files,
            ingest,
            dry_run: true,
            json,
        } => {
            let options = ingest_options(&ingest)?;
            // A dry run writes nothing: an existing store is only read, none is created.
            let path = db.clone().unwrap_or_else(|| PathBuf::from(DEFAULT_DB));
            let store = if path.exists() { Some(open(DEFAULT_DB)?) } else { None };
            let report = sillage_pipeline::dry_run(store.as_ref(), &files, &options)?;
            if json {
                output::json(&mut out, &report)?;
            } else {
                output::dry_run(&mut out, &report, store.is_some())?;
            }
        }
        Command::Ingest {
            files,
            ingest,
            dry_run: false,
            json,
        } => {
            let options = ingest_options(&ingest)?;
            let mut store = open(DEFAULT_DB)?;
            let interrupt = interrupt_flag();
            let clock = Clock::now();
            let report = sillage_pipeline::ingest_files(&mut store, &files, options, progress, &interrupt)?;
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
            warn_unknown_trusted(&store, &options)?;
            let clock = Clock::now();
            let summary = sillage_pipeline::compute_scores(&mut store, &options, progress)?;
            if json {
                output::json(&mut out, &summary)?;
            } else {
                output::score_summary(&mut out, &summary, clock.elapsed().as_secs_f64())?;
            }
        }
        Command::Top { top } => {
            let options = top_options(&top)?;
            let store = open_existing(DEFAULT_DB)?;
            let list = sillage_pipeline::top_accounts(&store, &options)?;
            if top.json {
                output::json(&mut out, &list)?;
            } else {
                output::top_table(&mut out, &list)?;
            }
        }
        Command::Topics { account, json } => {
            let store = open_existing(DEFAULT_DB)?;
            let list = sillage_pipeline::list_topics(&store, account.as_deref())?;
            if json {
                output::json(&mut out, &list)?;
            } else {
                output::topics(&mut out, &list)?;
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
            per_contributor,
            events,
            ledger_lines,
            json,
        } => {
            let store = open_existing(DEFAULT_DB)?;
            let options = ExplainOptions {
                limit: limit.unwrap_or(if json { 0 } else { 10 }),
                max_events: per_contributor,
                ledger: events,
                ledger_lines,
                offset: 0,
            };
            let explanation = sillage_pipeline::explain_account(&store, &account, options)?;
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
            // Every flag is checked before anything is written.
            let options = score_options(&score)?;
            let top_options = top_options(&top)?;
            let read = ingest_options(&ingest)?;
            let mut store = open(DEFAULT_DB)?;
            let interrupt = interrupt_flag();
            let clock = Clock::now();
            let report = sillage_pipeline::ingest_files(&mut store, &files, read, progress, &interrupt)?;
            let ingest_seconds = clock.elapsed().as_secs_f64();
            if !report.completed {
                output::ingest_summary(&mut std::io::stderr(), &report, ingest_seconds)?;
                eprintln!("interrupted before scoring: run the same command again to complete it");
                return Ok(ExitCode::from(130));
            }
            warn_unknown_trusted(&store, &options)?;
            let clock = Clock::now();
            let summary = sillage_pipeline::compute_scores(&mut store, &options, progress)?;
            let score_seconds = clock.elapsed().as_secs_f64();
            let list = sillage_pipeline::top_accounts(&store, &top_options)?;
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
        Command::Serve {
            bind,
            token_file,
            protect_reads,
            max_body_mib,
            max_line_kib,
            request_timeout,
            max_concurrency,
            record_every,
            compute_threads,
            score,
        } => {
            let path = db.unwrap_or_else(|| PathBuf::from(DEFAULT_DB));
            if !path.exists() {
                eprintln!(
                    "sillage: no store at {}; starting with an empty one (push events to POST /v1/events)",
                    path.display()
                );
            }
            let mut options = sillage_server::ServerOptions::new(path);
            options.token = crate::settings::server_token(token_file.as_deref())?;
            if options.token.is_none() {
                eprintln!("sillage: no token (SILLAGE_TOKEN or --token-file): POST /v1/events is disabled");
            }
            if protect_reads && options.token.is_none() {
                return Err(crate::settings::UsageError(
                    "--protect-reads needs a token (SILLAGE_TOKEN or --token-file)".into(),
                )
                .into());
            }
            options.protect_reads = protect_reads;
            options.max_body_bytes = max_body_mib.max(1) * 1024 * 1024;
            options.max_line_bytes = max_line_kib.max(1) * 1024;
            options.request_timeout = std::time::Duration::from_secs(request_timeout.max(1));
            options.max_concurrency = max_concurrency.max(1);
            options.fallback = score_options(&score)?;
            options.record_every = crate::settings::record_interval(&record_every)?;
            if let Some(n) = compute_threads {
                options.compute_threads = n.max(1);
            }
            let runtime = tokio::runtime::Runtime::new().context("starting the server's runtime")?;
            runtime.block_on(sillage_server::serve(options, bind))?;
        }
        Command::Rank(args) => crate::rank::run(args, cli.quiet)?,
        Command::Gen { what } => crate::generate::run(what, cli.quiet)?,
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

/// A trusted account the store does not know is not an error (its events may come later), but
/// it trusts nobody, and the user should know.
fn warn_unknown_trusted(store: &Store, options: &ScoreOptions) -> Result<()> {
    for key in &options.trusted {
        if store.account(key)?.is_none() {
            eprintln!("warning: --trusted: {key} is not in the store; it seeds no trust");
        }
    }
    Ok(())
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
