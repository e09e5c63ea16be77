//! Command-line flags as parsed, before they become job settings.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};
use sillage_score::ScoreConfig;

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

// Parsed once per process: the size of the largest variant does not matter.
#[allow(clippy::large_enum_variant)]
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Read event files into the store: canonical JSON Lines and CSV, accounts.jsonl, SNAP Higgs and
    /// edge lists, Twitter/X archives and API JSON, Mastodon and ActivityPub exports, Bluesky
    /// repositories and Jetstream lines, Reddit dumps (.gz too; folders and .zip for archives).
    Ingest {
        #[arg(required = true, value_name = "FILE")]
        files: Vec<PathBuf>,
        #[command(flatten)]
        ingest: IngestArgs,
        /// Read everything and report what would be stored, per kind, without writing anything.
        #[arg(long)]
        dry_run: bool,
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
    /// List the most influential accounts of the latest score run, overall or in a topic.
    Top {
        #[command(flatten)]
        top: TopArgs,
    },
    /// List the topics of the latest score run, or one account's topics.
    Topics {
        /// `network:handle`, or a handle that only one network has; without it, every topic.
        account: Option<String>,
        /// Print the list as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Say why an account has its score: components, authority's contributors and their events,
    /// and with --events every event behind every point.
    Explain {
        /// `network:handle`, or a handle that only one network has.
        account: String,
        /// Contributors (or, with --since, changes) to list; the rest are summed as "others" (0: all)
        /// [default: 10, all with --json]
        #[arg(long)]
        limit: Option<usize>,
        /// Instead of the explanation, what changed since this score run (see `history`) and why.
        #[arg(long, value_name = "RUN", conflicts_with_all = ["events", "per_contributor", "ledger_lines"])]
        since: Option<i64>,
        /// Events to list under each contributor (0: all).
        #[arg(long, value_name = "N", default_value_t = 3)]
        per_contributor: usize,
        /// Add the ledger: every component's lines (each event with its full and counted weight,
        /// its points, the rules that discounted it), adding up to the score.
        #[arg(long)]
        events: bool,
        /// With --events: ledger lines to list per component; the rest are summed (0: all).
        #[arg(long, value_name = "N", default_value_t = 0, requires = "events")]
        ledger_lines: usize,
        /// Print the explanation as JSON.
        #[arg(long)]
        json: bool,
    },
    /// Show an account's score and components in every recorded score run, oldest first.
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
    /// Serve the store over HTTP: the /v1 API, pushed events with scores kept fresh, Prometheus
    /// metrics, the API explorer (/api) and the web dashboard (/).
    Serve {
        /// Address to listen on; the default accepts only this machine's connections.
        #[arg(long, default_value = "127.0.0.1:8080", value_name = "ADDR")]
        bind: std::net::SocketAddr,
        /// A file holding the bearer token that POST /v1/events requires [default: the SILLAGE_TOKEN
        /// variable; with neither, the server accepts no writes]
        #[arg(long, value_name = "FILE")]
        token_file: Option<PathBuf>,
        /// Require the token on read endpoints too.
        #[arg(long)]
        protect_reads: bool,
        /// Largest request body, in MiB.
        #[arg(long, default_value_t = 32, value_name = "MIB")]
        max_body_mib: usize,
        /// Largest line of a pushed body, in KiB.
        #[arg(long, default_value_t = 1024, value_name = "KIB")]
        max_line_kib: usize,
        /// Seconds a request may take before it is answered with a timeout error.
        #[arg(long, default_value_t = 30, value_name = "SECONDS")]
        request_timeout: u64,
        /// Requests handled at once; more wait their turn.
        #[arg(long, default_value_t = 256, value_name = "N")]
        max_concurrency: usize,
        /// Record the served scores as a score run this often when they changed, so that
        /// histories grow (s, m, h, d or w; 0: never).
        #[arg(long, default_value = "1h", value_name = "DURATION")]
        record_every: String,
        /// Threads for score computations [default: the cores but one, so that one core keeps
        /// answering requests while the scores are recomputed]
        #[arg(long, value_name = "N")]
        compute_threads: Option<usize>,
        /// Scoring configuration, used only when the store has no score run yet (otherwise the
        /// latest run's recorded configuration is used, so that served scores and `explain` agree).
        #[command(flatten)]
        score: ScoreArgs,
    },
    /// PageRank (global or personalised) on a large graph given as a binary edge file, with the
    /// engine; --snapshot keeps the built graph on disk for the next run.
    Rank(crate::rank::RankArgs),
    /// Generate synthetic inputs for benchmarks: Kronecker or uniform graphs, event streams.
    Gen {
        #[command(subcommand)]
        what: crate::generate::GenCommand,
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
    /// Input format; `auto` detects it from each file's (or folder's) name and content.
    #[arg(long, value_enum, default_value_t = FormatArg::Auto)]
    pub format: FormatArg,
    /// Stop at the first bad record and store nothing of this run.
    #[arg(long)]
    pub strict: bool,
    /// Edge lists: what each column is, in order: `actor`, `target`, `time` (Unix seconds or
    /// RFC 3339), `weight`, or `-` to skip one.
    #[arg(long, value_name = "SPEC", default_value = "actor,target")]
    pub columns: String,
    /// Edge lists: the event each edge stands for (follow, unfollow, repost, quote, reply, mention,
    /// like).
    #[arg(long, value_name = "KIND", default_value = "follow")]
    pub edge_kind: String,
    /// Edge lists: the network of the accounts.
    #[arg(long, value_name = "NET", default_value = "generic")]
    pub net: String,
    /// Edge lists without a time column: the instant of every edge (RFC 3339 or Unix seconds).
    #[arg(long, value_name = "T")]
    pub at: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum FormatArg {
    Auto,
    Jsonl,
    Csv,
    Higgs,
    Accounts,
    TwitterArchive,
    TwitterApi,
    Mastodon,
    Activitypub,
    BlueskyCar,
    BlueskyJsonl,
    Reddit,
    Edgelist,
}

#[derive(Debug, Args)]
pub struct ScoreArgs {
    /// The instant the scores describe (RFC 3339 or Unix seconds) [default: the newest event]
    #[arg(long, value_name = "T")]
    pub as_of: Option<String>,
    // The help is built at run time so that it states the model's real default.
    #[arg(long, value_name = "DURATION", help = half_life_help())]
    pub half_life: Option<String>,
    /// PageRank damping: the probability of following an engagement rather than jumping.
    #[arg(long, default_value_t = ScoreConfig::default().pagerank.damping)]
    pub damping: f64,
    /// Stop iterating when the ranks move less than this (L1).
    #[arg(long, default_value_t = ScoreConfig::default().pagerank.tolerance)]
    pub tolerance: f64,
    /// Stop after this many iterations even if not converged.
    #[arg(long, default_value_t = ScoreConfig::default().pagerank.max_iterations)]
    pub max_iterations: u32,
    /// Accounts you vouch for, one `network:handle` per line (`#` comments, blank lines): they
    /// seed the trust that authority flows from, and are never discounted.
    #[arg(long, value_name = "FILE")]
    pub trusted: Option<PathBuf>,
    /// Topics to score, as a TOML taxonomy [default: the built-in French/English taxonomy]
    #[arg(long, value_name = "FILE")]
    pub taxonomy: Option<PathBuf>,
}

/// The `--half-life` help, stating the model's real default.
fn half_life_help() -> String {
    format!(
        "An engagement counts half after this long (s, m, h, d or w) [default: {}]",
        duration_text(ScoreConfig::DEFAULT_HALF_LIFE_SECONDS)
    )
}

/// Seconds as the shortest exact `parse_duration` spelling: `45d`, `36h`, `90s`.
pub fn duration_text(seconds: f64) -> String {
    for (unit, size) in [("d", 86_400.0), ("h", 3_600.0), ("m", 60.0)] {
        if seconds >= size && (seconds / size).fract() == 0.0 {
            return format!("{}{unit}", seconds / size);
        }
    }
    format!("{seconds}s")
}

#[derive(Debug, Args)]
pub struct TopArgs {
    /// Accounts to list.
    #[arg(long, default_value_t = 20)]
    pub limit: usize,
    /// Rank by the score in this topic (a taxonomy id, see `sillage topics`).
    #[arg(long, value_name = "TOPIC")]
    pub topic: Option<String>,
    /// Only accounts whose main language is this one (`fr`, `en`; `fr-CA` means `fr`).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Leave out the accounts of this organisation (`org` in accounts.jsonl; any case); repeatable.
    #[arg(long = "exclude-org", value_name = "ORG")]
    pub exclude_orgs: Vec<String>,
    /// Print the list as JSON.
    #[arg(long)]
    pub json: bool,
}
