//! `sillage gen events`: a large stream of canonical events (`sillage_demo::generate_stream`)
//! written as JSON Lines, exactly the shape `sillage ingest` reads.

use std::fs::File;
use std::io::Write;
use std::path::PathBuf;
use std::sync::mpsc::{Receiver, SyncSender, sync_channel};
use std::thread::JoinHandle;
use std::time::Instant as Clock;

use anyhow::{Context, Result};
use clap::Args;
use sillage_demo::{MIN_STREAM_ACCOUNTS, STREAM_NET, StreamConfig, StreamEvent, StreamSummary, generate_stream};
use sillage_model::{EventKind, Instant};

use crate::output::thousands;
use crate::settings::UsageError;

#[derive(Debug, Args)]
pub struct EventsArgs {
    /// Events to write (exactly).
    #[arg(long, value_name = "N")]
    pub events: u64,
    /// Accounts [default: one per 12.5 events, 800,000 for 10,000,000 events]
    #[arg(long, value_name = "M")]
    pub accounts: Option<usize>,
    /// The generator's seed: the same flags give the same bytes.
    #[arg(long, default_value_t = sillage_demo::DEFAULT_SEED, value_name = "S")]
    pub seed: u64,
    /// Days the events spread over, from 2026-06-01.
    #[arg(long, default_value_t = sillage_demo::DEFAULT_DAYS, value_name = "D")]
    pub days: u32,
    /// The JSON Lines file to write (replaced if it exists); `-` writes to standard output.
    #[arg(long, value_name = "FILE")]
    pub out: PathBuf,
}

pub fn run(args: EventsArgs, quiet: bool) -> Result<()> {
    let config = config(&args)?;
    let clock = Clock::now();
    let to_stdout = args.out.as_os_str() == "-";
    let mut writer = if to_stdout {
        // Standard output is locked by the command's runner for its whole run: another thread
        // could not write to it.
        LineWriter::direct(Box::new(std::io::stdout().lock()), config.events)
    } else {
        let file = File::create(&args.out).with_context(|| format!("creating {}", args.out.display()))?;
        LineWriter::threaded(Box::new(file), config.events)?
    };
    let summary =
        generate_stream(&config, |e| writer.write(e)).with_context(|| format!("writing {}", args.out.display()))?;
    let bytes = writer
        .finish()
        .with_context(|| format!("writing {}", args.out.display()))?;
    if !quiet {
        eprintln!(
            "{}",
            summary_line(&summary, &config, &args, bytes, clock.elapsed().as_secs_f64())
        );
    }
    Ok(())
}

/// The flags, checked: anything that cannot describe a stream is bad usage.
fn config(args: &EventsArgs) -> Result<StreamConfig> {
    if args.events == 0 {
        return Err(UsageError("--events: at least one event".into()).into());
    }
    if args.days == 0 {
        return Err(UsageError("--days: at least one day".into()).into());
    }
    let mut config = StreamConfig::new(args.seed, args.events);
    config.days = args.days;
    if let Some(accounts) = args.accounts {
        if accounts < MIN_STREAM_ACCOUNTS || accounts > (u32::MAX / 2) as usize {
            return Err(UsageError(format!(
                "--accounts: between {MIN_STREAM_ACCOUNTS} and {} accounts",
                u32::MAX / 2
            ))
            .into());
        }
        config.accounts = accounts;
    }
    Ok(config)
}

fn summary_line(summary: &StreamSummary, config: &StreamConfig, args: &EventsArgs, bytes: u64, seconds: f64) -> String {
    let kinds: Vec<String> = EventKind::ALL
        .iter()
        .map(|k| format!("{} {}", k.as_str(), thousands(summary.kinds[usize::from(k.code())])))
        .collect();
    format!(
        "{} events ({}) among {} accounts over {} days, seed {}: {} ({} bytes) in {:.1} s ({:.2} M events/s)",
        thousands(summary.events),
        kinds.join(", "),
        thousands(summary.accounts),
        config.days,
        config.seed,
        args.out.display(),
        thousands(bytes),
        seconds,
        summary.events as f64 / seconds.max(1e-9) / 1e6,
    )
}

/// Writes events as canonical JSON Lines. Lines are formatted by hand rather than through serde
/// (ten million `Event`s would each allocate a dozen strings) into large chunks that a second
/// thread writes to a file, so that the file system's time overlaps the generation's.
struct LineWriter {
    line: Vec<u8>,
    out: Output,
    /// Digits of the largest event number: ids are zero-padded to it, so they sort as strings in
    /// the order of the stream (which is time order).
    width: usize,
    /// The day whose `YYYY-MM-DDT` prefix is cached, and the prefix.
    day: Option<i64>,
    date: String,
    bytes: u64,
}

/// Bytes handed to the writing thread at a time, and chunks in flight.
const CHUNK: usize = 4 << 20;
const CHUNKS: usize = 4;

/// Where full chunks go.
enum Output {
    /// To a writing thread, and back empty to be reused.
    Thread {
        full: Option<SyncSender<Vec<u8>>>,
        empty: Receiver<Vec<u8>>,
        thread: Option<JoinHandle<std::io::Result<()>>>,
    },
    /// Written by the generating thread itself.
    Direct(Box<dyn Write>),
}

impl LineWriter {
    fn with_output(out: Output, events: u64) -> LineWriter {
        LineWriter {
            line: Vec::with_capacity(CHUNK + 4096),
            out,
            width: events.to_string().len(),
            day: None,
            date: String::new(),
            bytes: 0,
        }
    }

    fn direct(out: Box<dyn Write>, events: u64) -> LineWriter {
        LineWriter::with_output(Output::Direct(out), events)
    }

    fn threaded(mut out: Box<dyn Write + Send>, events: u64) -> Result<LineWriter> {
        let (full, chunks) = sync_channel::<Vec<u8>>(CHUNKS);
        let (give_back, empty) = sync_channel::<Vec<u8>>(CHUNKS + 2);
        let thread = std::thread::Builder::new()
            .name("sillage-gen-write".into())
            .spawn(move || {
                for mut chunk in chunks {
                    out.write_all(&chunk)?;
                    chunk.clear();
                    // The generator may have finished and gone: nothing to give back to.
                    let _ = give_back.try_send(chunk);
                }
                out.flush()
            })
            .context("starting the writing thread")?;
        let out = Output::Thread {
            full: Some(full),
            empty,
            thread: Some(thread),
        };
        Ok(LineWriter::with_output(out, events))
    }

    /// Hands the current chunk over; the writing thread's error, if it stopped.
    fn send(&mut self) -> std::io::Result<()> {
        match &mut self.out {
            Output::Direct(out) => {
                out.write_all(&self.line)?;
                self.line.clear();
                Ok(())
            }
            Output::Thread { full, empty, .. } => {
                let next = empty.try_recv().unwrap_or_else(|_| Vec::with_capacity(CHUNK + 4096));
                let chunk = std::mem::replace(&mut self.line, next);
                let sent = full.as_ref().is_some_and(|tx| tx.send(chunk).is_ok());
                if sent { Ok(()) } else { self.join() }
            }
        }
    }

    /// Flushes the output, or waits for the writing thread; the error, if any.
    fn join(&mut self) -> std::io::Result<()> {
        match &mut self.out {
            Output::Direct(out) => out.flush(),
            Output::Thread { full, thread, .. } => {
                *full = None;
                match thread.take().map(JoinHandle::join) {
                    None | Some(Ok(Ok(()))) => Ok(()),
                    Some(Ok(Err(e))) => Err(e),
                    Some(Err(_)) => Err(std::io::Error::other("the writing thread panicked")),
                }
            }
        }
    }

    fn write(&mut self, e: &StreamEvent<'_>) -> std::io::Result<()> {
        let before = self.line.len();
        self.line.extend_from_slice(b"{\"id\":\"");
        self.push_id(e.seq);
        self.line.extend_from_slice(b"\",\"net\":\"");
        self.line.extend_from_slice(STREAM_NET.as_bytes());
        self.line.extend_from_slice(b"\",\"kind\":\"");
        self.line.extend_from_slice(e.kind.as_str().as_bytes());
        self.line.extend_from_slice(b"\",\"actor\":");
        push_str(&mut self.line, e.actor);
        if let Some(target) = e.target {
            self.line.extend_from_slice(b",\"target\":");
            push_str(&mut self.line, target);
        }
        if e.creates_content() {
            self.line.extend_from_slice(b",\"post\":\"");
            self.push_id(e.seq);
            self.line.push(b'"');
        }
        if let Some(parent) = e.parent {
            self.line.extend_from_slice(b",\"parent\":\"");
            self.push_id(parent);
            self.line.push(b'"');
        }
        self.line.extend_from_slice(b",\"at\":\"");
        self.push_instant(e.at);
        self.line.push(b'"');
        if !e.tags.is_empty() {
            self.line.extend_from_slice(b",\"tags\":[");
            for (i, tag) in e.tags.iter().enumerate() {
                if i > 0 {
                    self.line.push(b',');
                }
                push_str(&mut self.line, tag);
            }
            self.line.push(b']');
        }
        if let Some(url) = e.url {
            self.line.extend_from_slice(b",\"urls\":[");
            push_str(&mut self.line, url);
            self.line.push(b']');
        }
        if let Some(lang) = e.lang {
            self.line.extend_from_slice(b",\"lang\":");
            push_str(&mut self.line, lang);
        }
        if let Some(text) = e.text {
            self.line.extend_from_slice(b",\"text\":");
            push_str(&mut self.line, text);
        }
        self.line.extend_from_slice(b"}\n");
        self.bytes += (self.line.len() - before) as u64;
        if self.line.len() >= CHUNK {
            self.send()?;
        }
        Ok(())
    }

    /// `e` and the number, zero-padded to the stream's width.
    fn push_id(&mut self, n: u64) {
        let mut digits = [0u8; 20];
        let mut used = 0;
        let mut n = n;
        loop {
            digits[used] = b'0' + (n % 10) as u8;
            n /= 10;
            used += 1;
            if n == 0 {
                break;
            }
        }
        self.line.push(b'e');
        self.line
            .extend(std::iter::repeat_n(b'0', self.width.saturating_sub(used)));
        self.line.extend(digits[..used].iter().rev());
    }

    /// RFC 3339 in UTC, `2026-06-01T08:15:00Z`; the date part is formatted once per day.
    fn push_instant(&mut self, at: Instant) {
        let day = at.div_euclid(86_400);
        if self.day != Some(day) {
            let formatted = sillage_model::format_instant(day * 86_400);
            self.date = match formatted.find('T') {
                Some(t) if formatted.len() == t + 10 => formatted[..=t].to_owned(),
                // Not the usual shape (years beyond 9999): formatted whole below.
                _ => String::new(),
            };
            self.day = Some(day);
        }
        if self.date.is_empty() {
            self.line
                .extend_from_slice(sillage_model::format_instant(at).as_bytes());
            return;
        }
        let seconds = at.rem_euclid(86_400);
        let (h, m, s) = (seconds / 3600, seconds / 60 % 60, seconds % 60);
        self.line.extend_from_slice(self.date.as_bytes());
        for (i, v) in [h, m, s].into_iter().enumerate() {
            if i > 0 {
                self.line.push(b':');
            }
            self.line.push(b'0' + (v / 10) as u8);
            self.line.push(b'0' + (v % 10) as u8);
        }
        self.line.push(b'Z');
    }

    /// Writes what is left, waits for the writing thread and returns the bytes written.
    fn finish(mut self) -> std::io::Result<u64> {
        if !self.line.is_empty() {
            self.send()?;
        }
        self.join()?;
        Ok(self.bytes)
    }
}

/// A JSON string: quotes, backslashes and control characters escaped.
fn push_str(out: &mut Vec<u8>, s: &str) {
    out.push(b'"');
    let plain = |b: &u8| *b != b'"' && *b != b'\\' && *b >= 0x20;
    if s.as_bytes().iter().all(plain) {
        // Every generated string: handles, tags and texts never need escaping.
        out.extend_from_slice(s.as_bytes());
        out.push(b'"');
        return;
    }
    for &b in s.as_bytes() {
        match b {
            b'"' => out.extend_from_slice(b"\\\""),
            b'\\' => out.extend_from_slice(b"\\\\"),
            0..=0x1f => out.extend_from_slice(format!("\\u{b:04x}").as_bytes()),
            _ => out.push(b),
        }
    }
    out.push(b'"');
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn instants_ids_and_strings_are_formatted_as_ingest_reads_them() {
        let mut w = LineWriter::direct(Box::new(std::io::sink()), 10_000_000);
        for at in [0, 1_780_272_000, 1_780_272_000 + 86_399, 1_780_272_000 + 3_723] {
            w.line.clear();
            w.push_instant(at);
            assert_eq!(
                String::from_utf8(w.line.clone()).unwrap(),
                sillage_model::format_instant(at)
            );
        }
        w.line.clear();
        w.push_id(42);
        assert_eq!(w.line, b"e00000042");
        let mut out = Vec::new();
        push_str(&mut out, "a\"b\\c\n");
        assert_eq!(out, br#""a\"b\\c\u000a""#);
    }
}
