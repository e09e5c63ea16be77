//! Ingesting files: one thread parses, the calling thread writes to the store.
//!
//! Parsing and SQLite writes each take about half the time of an ingest, so they run on two
//! threads joined by a bounded channel of record batches; memory stays bounded whatever the
//! file size, because the parser blocks when the writer falls behind.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, Ordering};

use crossbeam_channel::bounded;
use sillage_formats::{EventReader, Format, Item, ReadOptions, Record, detect};
use sillage_store::{Ingest, IngestCounts, IngestOutcome, Store};

use crate::{PipelineError, Progress};

/// Records handed from the parser to the writer at a time.
const BATCH: usize = 2048;
/// Batches in flight between the threads: more records (131,072) than the store writes at once
/// (100,000), so that the parser keeps reading while the writer writes a batch. With 8 (16,384
/// records) the parser stopped within milliseconds of each flush and the two threads took turns:
/// 36 s for 10 million events instead of about 25 (docs/BENCHMARKS.md). About 50 MB at most.
const IN_FLIGHT: usize = 64;

/// How to read the input.
#[derive(Debug, Clone, Default)]
pub struct IngestOptions {
    /// `None` detects each file's format from its name and content.
    pub format: Option<Format>,
    /// Stop at the first bad record and store nothing of the run.
    pub strict: bool,
    /// What the formats that need it must be told (edge lists).
    pub read: ReadOptions,
}

/// What happened to one file (or export folder).
#[derive(Debug, Clone, serde::Serialize)]
pub struct FileReport {
    pub path: PathBuf,
    pub format: &'static str,
    pub counts: IngestCounts,
    /// Events read, per kind (stored or duplicates).
    pub kinds: BTreeMap<&'static str, u64>,
    /// What the reader skipped on purpose, by description (e.g. a Bluesky repository's history
    /// blocks); neither events nor rejects.
    pub skipped: BTreeMap<String, u64>,
}

/// What an ingest run did.
#[derive(Debug, Clone, serde::Serialize)]
pub struct IngestReport {
    pub files: Vec<FileReport>,
    pub total: IngestCounts,
    /// False when Ctrl-C stopped the run early (what was committed stays).
    pub completed: bool,
    /// The first rejected records of the run, as (source, line, reason), for the summary.
    pub first_rejects: Vec<(String, u64, String)>,
}

/// The number of rejects the report quotes; all of them are in the store's rejects table.
const QUOTED_REJECTS: usize = 20;

/// Ingests `paths` into `store` as one run. `interrupt` is polled between batches: when set, the
/// run commits what it has and stops.
pub fn ingest_files(
    store: &mut Store,
    paths: &[PathBuf],
    options: IngestOptions,
    progress: Progress,
    interrupt: &AtomicBool,
) -> Result<IngestReport, PipelineError> {
    let plan = plan(paths, &options)?;
    let sources: Vec<String> = paths.iter().map(|p| p.display().to_string()).collect();
    let mut ingest = store.begin_ingest(&sources, options.strict)?;
    let mut report = IngestReport {
        files: Vec::new(),
        total: IngestCounts::default(),
        completed: true,
        first_rejects: Vec::new(),
    };
    for (path, format) in plan {
        let before = ingest.counts();
        let mut kinds = BTreeMap::new();
        let mut skipped = BTreeMap::new();
        let result = ingest_one(
            &mut ingest,
            (&path, format, &options),
            progress,
            interrupt,
            &mut report.first_rejects,
            (&mut kinds, &mut skipped),
        );
        let after = ingest.counts();
        report.files.push(FileReport {
            path: path.clone(),
            format: format.as_str(),
            counts: minus(after, before),
            kinds,
            skipped,
        });
        match result {
            Ok(true) => {}
            Ok(false) => {
                report.completed = false;
                break;
            }
            Err(e) => {
                ingest.finish(IngestOutcome::Failed)?;
                return Err(e);
            }
        }
    }
    let outcome = if report.completed {
        IngestOutcome::Completed
    } else {
        IngestOutcome::Interrupted
    };
    report.total = ingest.finish(outcome)?;
    tracing::info!(
        stored = report.total.stored,
        duplicates = report.total.duplicates,
        rejected = report.total.rejected,
        "ingest finished"
    );
    Ok(report)
}

/// Every input with its format, decided before anything is written so that a typo in the last
/// file name fails fast.
fn plan(paths: &[PathBuf], options: &IngestOptions) -> Result<Vec<(PathBuf, Format)>, PipelineError> {
    let mut plan = Vec::with_capacity(paths.len());
    for path in paths {
        let format = match options.format {
            Some(f) => f,
            // Detection reads the start of the file and then reopens it, which a pipe cannot do.
            None if std::fs::metadata(path).is_ok_and(|m| !m.is_file() && !m.is_dir()) => {
                return Err(PipelineError::Refused(format!(
                    "{} is not a regular file (a pipe?): its format cannot be detected, pass --format",
                    path.display()
                )));
            }
            None => detect(path)?,
        };
        if format == Format::EdgeList {
            let spec = &options.read.edge_list;
            if spec.time_column.is_none() && spec.at.is_none() {
                // Checked before anything is written, rather than when the file is opened.
                return Err(PipelineError::Refused(format!(
                    "{} is an edge list without a time column: name one in --columns (…,time) or give every edge \
                     an instant with --at",
                    path.display()
                )));
            }
        }
        plan.push((path.clone(), format));
    }
    Ok(plan)
}

/// Ingests one file; `Ok(false)` if interrupted.
fn ingest_one(
    ingest: &mut Ingest<'_>,
    (path, format, options): (&Path, Format, &IngestOptions),
    progress: Progress,
    interrupt: &AtomicBool,
    quoted: &mut Vec<(String, u64, String)>,
    (kinds, skipped): (&mut BTreeMap<&'static str, u64>, &mut BTreeMap<String, u64>),
) -> Result<bool, PipelineError> {
    let strict = options.strict;
    let span = tracing::info_span!("ingest", file = %path.display(), format = format.as_str());
    let _guard = span.enter();
    let reader = EventReader::open_with(path, format, &options.read)?;
    let bytes = reader.bytes_read();
    let skips = reader.skipped();
    let size = std::fs::metadata(path).map(|m| m.len()).unwrap_or(0);
    let bar = progress.bar(size, file_label(path), true);
    let (tx, rx) = bounded::<Vec<Record>>(IN_FLIGHT);
    let parser = std::thread::Builder::new()
        .name("sillage-parse".into())
        .spawn(move || {
            let mut batch = Vec::with_capacity(BATCH);
            for record in reader {
                batch.push(record);
                if batch.len() == BATCH
                    && tx
                        .send(std::mem::replace(&mut batch, Vec::with_capacity(BATCH)))
                        .is_err()
                {
                    // The writer stopped (error or interrupt): stop parsing too.
                    return;
                }
            }
            if !batch.is_empty() {
                let _ = tx.send(batch);
            }
        })
        .map_err(|_| PipelineError::ParserThread(path.display().to_string()))?;
    let mut completed = true;
    let mut failure = None;
    'batches: for batch in &rx {
        for record in batch {
            let written = match record {
                Ok(Item::Event(e)) => {
                    *kinds.entry(e.kind.as_str()).or_default() += 1;
                    ingest.event(e)
                }
                Ok(Item::Account(a)) => ingest.account(&a),
                Err(r) => {
                    if strict {
                        failure = Some(PipelineError::Strict {
                            source_name: r.source,
                            line: r.line,
                            reason: r.reason,
                        });
                        break 'batches;
                    }
                    if quoted.len() < QUOTED_REJECTS {
                        quoted.push((r.source.clone(), r.line, r.reason.clone()));
                    }
                    ingest.reject(&r.source, r.line, &r.reason, &r.raw)
                }
            };
            if let Err(e) = written {
                failure = Some(e.into());
                break 'batches;
            }
        }
        bar.set_position(bytes.load(Ordering::Relaxed));
        if interrupt.load(Ordering::Relaxed) {
            completed = false;
            break;
        }
    }
    // Dropping the receiver unblocks a parser waiting to send, so the join cannot hang.
    drop(rx);
    let joined = parser.join();
    bar.finish_and_clear();
    if let Some(e) = failure {
        return Err(e);
    }
    if joined.is_err() {
        return Err(PipelineError::ParserThread(path.display().to_string()));
    }
    *skipped = skips.snapshot();
    ingest.checkpoint()?;
    Ok(completed)
}

fn file_label(path: &Path) -> String {
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_default();
    if name.chars().count() > 24 {
        format!(
            "…{}",
            name.chars()
                .rev()
                .take(23)
                .collect::<Vec<_>>()
                .into_iter()
                .rev()
                .collect::<String>()
        )
    } else {
        name
    }
}

fn minus(a: IngestCounts, b: IngestCounts) -> IngestCounts {
    IngestCounts {
        read: a.read - b.read,
        stored: a.stored - b.stored,
        duplicates: a.duplicates - b.duplicates,
        rejected: a.rejected - b.rejected,
        accounts: a.accounts - b.accounts,
    }
}

/// What one input would bring, read without writing anything.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DryRunFile {
    pub path: PathBuf,
    pub format: &'static str,
    /// Events read, per kind.
    pub kinds: BTreeMap<&'static str, u64>,
    pub events: u64,
    /// Of those, events the store already holds (same network and id), or that an earlier record
    /// of this dry run already counted: ingesting adds nothing for them.
    pub already_stored: u64,
    /// Events that would be new.
    pub new: u64,
    pub accounts: u64,
    pub rejected: u64,
    /// What the reader skipped on purpose, by description.
    pub skipped: BTreeMap<String, u64>,
}

/// What `ingest --dry-run` reports.
#[derive(Debug, Clone, serde::Serialize)]
pub struct DryRunReport {
    pub files: Vec<DryRunFile>,
    /// The first rejected records, as (source, line, reason).
    pub first_rejects: Vec<(String, u64, String)>,
}

/// Reads `paths` as an ingest would, and reports per kind what would be stored, without writing.
/// With a store, events it already holds are counted apart.
pub fn dry_run(
    store: Option<&Store>,
    paths: &[PathBuf],
    options: &IngestOptions,
) -> Result<DryRunReport, PipelineError> {
    let plan = plan(paths, options)?;
    let mut report = DryRunReport {
        files: Vec::new(),
        first_rejects: Vec::new(),
    };
    // Every event key of the run so far, so that inputs overlapping each other (an archive and
    // an API dump) count their overlap once, as a real ingest would store it. It grows with the
    // input: a dry run of 10 million events holds about 1 GB of keys.
    let mut seen: std::collections::HashSet<(String, String)> = std::collections::HashSet::new();
    for (path, format) in plan {
        let mut file = DryRunFile {
            path: path.clone(),
            format: format.as_str(),
            kinds: BTreeMap::new(),
            events: 0,
            already_stored: 0,
            new: 0,
            accounts: 0,
            rejected: 0,
            skipped: BTreeMap::new(),
        };
        let mut pending: Vec<(String, String)> = Vec::new();
        let check = |pending: &mut Vec<(String, String)>, file: &mut DryRunFile| -> Result<(), PipelineError> {
            if let Some(store) = store {
                file.already_stored += store.count_known_events(pending)?;
            }
            pending.clear();
            Ok(())
        };
        let reader = EventReader::open_with(&path, format, &options.read)?;
        let skips = reader.skipped();
        for record in reader {
            match record {
                Ok(Item::Event(e)) => {
                    file.events += 1;
                    *file.kinds.entry(e.kind.as_str()).or_default() += 1;
                    let key = (e.net, e.id);
                    if seen.contains(&key) {
                        file.already_stored += 1;
                        continue;
                    }
                    seen.insert(key.clone());
                    pending.push(key);
                    if pending.len() == 4096 {
                        check(&mut pending, &mut file)?;
                    }
                }
                Ok(Item::Account(_)) => file.accounts += 1,
                Err(r) => {
                    if options.strict {
                        return Err(PipelineError::Strict {
                            source_name: r.source,
                            line: r.line,
                            reason: r.reason,
                        });
                    }
                    file.rejected += 1;
                    if report.first_rejects.len() < QUOTED_REJECTS {
                        report.first_rejects.push((r.source, r.line, r.reason));
                    }
                }
            }
        }
        check(&mut pending, &mut file)?;
        file.skipped = skips.snapshot();
        file.new = file.events - file.already_stored;
        report.files.push(file);
    }
    Ok(report)
}
