//! Command-line flags as parsed, before they become job settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Sillage: open, explainable social-influence analytics.
#[derive(Debug, Parser)]
#[command(name = "sillage", version, about, long_about = None)]
pub struct Cli {
    /// The store: one SQLite file [default: ./sillage.db; ./sillage-demo.db for `demo`]
    #[arg(long, global = true, value_name = "PATH")]
    pub db: Option<PathBuf>,
    /// No progress bars.
    #[arg(short, long, global = true)]
    pub quiet: bool,
    /// More log output on standard error (-v: info, -vv: debug, including each PageRank iteration).
    #[arg(short, long, global = true, action = clap::ArgAction::Count)]
    pub verbose: u8,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read event files into the store (JSON Lines, CSV, SNAP Higgs activity, accounts.jsonl; .gz too).
    Ingest {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        ingest: IngestArgs,
        /// Print the summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Compute and record a score run as of an instant.
    Score {
        #[command(flatten)]
        score: ScoreArgs,
        /// Print the run's summary as JSON.
        #[arg(long)]
        json: bool,
    },
    /// List the most influential accounts of the latest score run.
    Top {
        #[command(flatten)]
        top: TopArgs,
    },
    /// Say why an account has its score: teleport share, contributors and their events.
    Explain {
        /// `network:handle`, or a handle that only one network has.
        account: String,
        /// Contributors to list; the rest are summed as "others" (0: all) [default: 10, all with --json]
        #[arg(long)]
        limit: Option<usize>,
        /// Instead of the explanation, what changed since this score run (see `history`) and why.
        #[arg(long, value_name = "RUN")]
        since: Option<i64>,
        /// Events to list per contributor (0: all).
        #[arg(long, default_value_t = 3)]
        events: usize,
        /// Print the explanation as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show an account's score in every recorded score run, oldest first.
    History {
        /// `network:handle`, or a handle that only one network has.
        account: String,
        /// Print the series as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Ingest, score and list the top accounts in one go.
    Analyze {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        ingest: IngestArgs,
        #[command(flatten)]
        score: ScoreArgs,
        #[command(flatten)]
        top: TopArgs,
    },
    /// Generate a realistic community, store it in a fresh demo store, score it, show the results.
    Demo {
        /// The generator's seed: the same seed gives the same community, bit for bit.
        #[arg(long, default_value_t = sillage_demo::DEFAULT_SEED)]
        seed: u64,
        /// Accounts to show.
        #[arg(long, default_value_t = 10)]
        limit: usize,
        /// Print the report as JSON.
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Args)]
pub struct IngestArgs {
    /// Input format; `auto` detects it from each file's name and content.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,
    /// Stop at the first bad record and store nothing of this run.
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Auto,
    Jsonl,
    Csv,
    Higgs,
    Accounts,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The instant the scores describe (RFC 3339 or Unix seconds) [default: the newest event]
    #[arg(long, value_name = "T")]
    pub as_of: Option<String>,
    /// An engagement counts half after this long (s, m, h, d or w) [default: 30d]
    #[arg(long, value_name = "DURATION")]
    pub half_life: Option<String>,
    /// PageRank damping: the probability of following an engagement rather than jumping.
    #[arg(long, default_value_t = sillage_graph::PageRankConfig::DEFAULT_DAMPING)]
    pub damping: f64,
    /// Stop iterating when the ranks move less than this (L1).
    #[arg(long, default_value_t = sillage_graph::PageRankConfig::DEFAULT_TOLERANCE)]
    pub tolerance: f64,
    /// Stop after this many iterations even if not converged.
    #[arg(long, default_value_t = sillage_graph::PageRankConfig::DEFAULT_MAX_ITERATIONS)]
    pub max_iterations: u32,
}

#[derive(Debug, Args)]
pub struct TopArgs {
    /// Accounts to list.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Print the list as JSON.
    #[arg(long)]
    pub json: bool,
}
