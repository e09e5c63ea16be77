//! Running the real `sillage` binary in a temporary folder, and reading back what it printed and
//! what it stored.

use std::ffi::OsStr;
use std::fmt;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use rusqlite::{Connection, OpenFlags};

/// The binary under test, built by Cargo for this test target.
pub const BIN: &str = env!("CARGO_BIN_EXE_sillage");

/// A temporary folder holding fixtures and a store `s.db`; the binary runs with it as its working
/// directory, so a forgotten `--db` could never write into the repository.
pub struct Sandbox {
    dir: tempfile::TempDir,
}

/// What one run of the binary did.
pub struct Outcome {
    /// The exit code; `None` when a signal ended the process.
    pub code: Option<i32>,
    pub stdout: String,
    pub stderr: String,
    /// The command line, for failure messages.
    args: String,
}

impl fmt::Debug for Outcome {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "`sillage {}` exited with {:?}\n--- stdout ---\n{}\n--- stderr ---\n{}",
            self.args, self.code, self.stdout, self.stderr
        )
    }
}

impl Outcome {
    /// Asserts the exit code is 0 and returns standard output.
    #[track_caller]
    pub fn ok(&self) -> &str {
        assert_eq!(self.code, Some(0), "expected success: {self:?}");
        &self.stdout
    }

    /// Asserts the exit code and returns standard error.
    #[track_caller]
    pub fn fails_with(&self, code: i32) -> &str {
        assert_eq!(self.code, Some(code), "expected exit code {code}: {self:?}");
        &self.stderr
    }

    /// Parses standard output of a successful run as one JSON document.
    #[track_caller]
    pub fn json(&self) -> serde_json::Value {
        let out = self.ok();
        serde_json::from_str(out).unwrap_or_else(|e| panic!("stdout is not one JSON document ({e}): {self:?}"))
    }
}

impl Sandbox {
    pub fn new() -> Sandbox {
        Sandbox {
            dir: tempfile::tempdir().expect("a temporary folder"),
        }
    }

    /// The temporary folder itself.
    pub fn dir(&self) -> &Path {
        self.dir.path()
    }

    pub fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    /// The default store of the sandbox.
    pub fn db(&self) -> PathBuf {
        self.path("s.db")
    }

    /// Writes a fixture and returns its path.
    pub fn write(&self, name: &str, content: impl AsRef<[u8]>) -> PathBuf {
        let path = self.path(name);
        std::fs::write(&path, content).expect("writing a fixture");
        path
    }

    /// The binary with `--db <db> --quiet` and then `args`, not yet started.
    pub fn command_on<S: AsRef<OsStr>>(&self, db: &Path, args: &[S]) -> Command {
        let mut cmd = Command::new(BIN);
        cmd.current_dir(self.dir.path())
            .env_remove("SILLAGE_LOG")
            .arg("--db")
            .arg(db)
            .arg("--quiet")
            .args(args)
            .stdin(Stdio::null());
        cmd
    }

    /// Runs the binary on the sandbox's store.
    pub fn run<S: AsRef<OsStr>>(&self, args: &[S]) -> Outcome {
        self.run_on(&self.db(), args)
    }

    /// Runs the binary on another store.
    pub fn run_on<S: AsRef<OsStr>>(&self, db: &Path, args: &[S]) -> Outcome {
        let output = self.command_on(db, args).output().expect("running sillage");
        Outcome {
            code: output.status.code(),
            stdout: String::from_utf8(output.stdout).expect("stdout is UTF-8"),
            stderr: String::from_utf8(output.stderr).expect("stderr is UTF-8"),
            args: args
                .iter()
                .map(|a| a.as_ref().to_string_lossy().into_owned())
                .collect::<Vec<_>>()
                .join(" "),
        }
    }

    /// Runs the binary with exactly `args` (no `--db`, no `--quiet`): for usage errors.
    pub fn run_raw(&self, args: &[&str]) -> Outcome {
        let output = Command::new(BIN)
            .current_dir(self.dir.path())
            .args(args)
            .stdin(Stdio::null())
            .output()
            .expect("running sillage");
        Outcome {
            code: output.status.code(),
            stdout: String::from_utf8_lossy(&output.stdout).into_owned(),
            stderr: String::from_utf8_lossy(&output.stderr).into_owned(),
            args: args.join(" "),
        }
    }
}

/// Command-line arguments mixing text and paths: `args!["ingest", &file]`.
macro_rules! args {
    ($($arg:expr),* $(,)?) => {
        [$($crate::util::os($arg)),*]
    };
}
pub(crate) use args;

pub fn os(arg: impl AsRef<OsStr>) -> std::ffi::OsString {
    arg.as_ref().to_owned()
}

/// A read-only connection to a store, opened by SQLite itself rather than by the code under test.
pub fn read_only(db: &Path) -> rusqlite::Result<Connection> {
    Connection::open_with_flags(db, OpenFlags::SQLITE_OPEN_READ_ONLY | OpenFlags::SQLITE_OPEN_NO_MUTEX)
}

/// One integer from a query on a store (e.g. `SELECT count(*) FROM events`).
#[track_caller]
pub fn query_i64(db: &Path, sql: &str) -> i64 {
    let conn = read_only(db).unwrap_or_else(|e| panic!("opening {}: {e}", db.display()));
    conn.query_row(sql, [], |r| r.get(0))
        .unwrap_or_else(|e| panic!("{sql} on {}: {e}", db.display()))
}

/// The number of events in a store.
#[track_caller]
pub fn event_count(db: &Path) -> i64 {
    query_i64(db, "SELECT count(*) FROM events")
}

/// `a` and `b` agree to `tolerance`, relative to the larger of the two.
pub fn close(a: f64, b: f64, tolerance: f64) -> bool {
    (a - b).abs() <= tolerance * a.abs().max(b.abs())
}

/// Replaces what depends on the wall clock or on the temporary folder in human output: the
/// folder's path, a number of seconds followed by ` s`, and a `records/s` rate. Written by hand
/// rather than with regular expressions to keep the test's dependencies to the workspace's.
pub fn redact(text: &str, folder: &Path) -> String {
    let text = text.replace(&folder.display().to_string(), "[TMP]");
    text.lines().map(redact_line).collect::<Vec<_>>().join("\n") + if text.ends_with('\n') { "\n" } else { "" }
}

fn redact_line(line: &str) -> String {
    let words: Vec<&str> = line.split(' ').collect();
    let mut out = Vec::with_capacity(words.len());
    for (i, word) in words.iter().enumerate() {
        let next = words.get(i + 1).copied().unwrap_or("");
        let seconds_follow = next == "s" || next.starts_with("s,") || next.starts_with("s)") || next == "s;";
        let rate_follows = next.starts_with("records/s");
        if seconds_follow && is_decimal(word) {
            out.push("[SECS]".to_owned());
        } else if rate_follows && word.starts_with('(') && is_decimal(&word[1..].replace(',', "")) {
            out.push("([RATE]".to_owned());
        } else {
            out.push((*word).to_owned());
        }
    }
    out.join(" ")
}

fn is_decimal(word: &str) -> bool {
    !word.is_empty()
        && word.bytes().all(|b| b.is_ascii_digit() || b == b'.')
        && word.bytes().filter(|&b| b == b'.').count() <= 1
        && word.bytes().next().is_some_and(|b| b.is_ascii_digit())
}

/// Rewrites every decimal number written with more than four digits after its point, such as
/// the check lines' `91.176922` (to two decimals) or `2.305544854874e-1` (to four significant
/// digits), so that snapshots pin the output's shape rather than the model's last decimals.
pub fn round_long_numbers(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = String::with_capacity(text.len());
    let mut i = 0;
    while i < bytes.len() {
        let starts_number =
            bytes[i].is_ascii_digit() && (i == 0 || !(bytes[i - 1].is_ascii_alphanumeric() || bytes[i - 1] == b'.'));
        if !starts_number {
            let ch = text[i..].chars().next().expect("a character");
            out.push(ch);
            i += ch.len_utf8();
            continue;
        }
        let mut end = i;
        while end < bytes.len() && (bytes[end].is_ascii_digit() || bytes[end] == b'.') {
            end += 1;
        }
        // An exponent: e, an optional sign, digits.
        if end + 1 < bytes.len() && bytes[end] == b'e' {
            let mut e = end + 1;
            if bytes[e] == b'-' || bytes[e] == b'+' {
                e += 1;
            }
            if e < bytes.len() && bytes[e].is_ascii_digit() {
                while e < bytes.len() && bytes[e].is_ascii_digit() {
                    e += 1;
                }
                end = e;
            }
        }
        let word = &text[i..end];
        let decimals = word
            .split(['e'])
            .next()
            .and_then(|m| m.split_once('.'))
            .map_or(0, |(_, f)| f.len());
        match word.parse::<f64>() {
            Ok(x) if decimals > 4 && word.contains('e') => out.push_str(&format!("{x:.3e}")),
            Ok(x) if decimals > 4 => out.push_str(&format!("{x:.2}")),
            _ => out.push_str(word),
        }
        i = end;
    }
    out
}

#[test]
fn long_numbers_are_rounded() {
    assert_eq!(
        round_long_numbers(
            "check: base 1 + 90.176922 = 91.176922 (authority 2.305544854874e-1) 99.99 e02 2024-01-01T01:00:00Z"
        ),
        "check: base 1 + 90.18 = 91.18 (authority 2.306e-1) 99.99 e02 2024-01-01T01:00:00Z"
    );
}

#[test]
fn redaction_replaces_only_timings() {
    let folder = Path::new("/tmp/xyz");
    let text = "/tmp/xyz/a.jsonl (jsonl): read 9\ningest: read 9, stored 3 in 0.1 s (1,234 records/s)\n\
                score run #1: 5 accounts, as of 2024-01-01T11:00:00Z; PageRank converged in 40 iterations (residual 8.1e-11), 12.5 s\n";
    assert_eq!(
        redact(text, folder),
        "[TMP]/a.jsonl (jsonl): read 9\ningest: read 9, stored 3 in [SECS] s ([RATE] records/s)\n\
         score run #1: 5 accounts, as of 2024-01-01T11:00:00Z; PageRank converged in 40 iterations (residual 8.1e-11), [SECS] s\n"
    );
}
