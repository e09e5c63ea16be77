//! `ingest`: bad records quarantined with their location, re-ingest, gzip, `--strict`, and
//! what a killed or interrupted ingest leaves behind.

use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use crate::fixtures::{community, mixed_csv, mixed_jsonl, to_jsonl, write_many};
use crate::parse::{ingest_totals, reject_lines};
use crate::util::{Sandbox, args, event_count, query_i64, read_only};

/// Ingests a file mixing good and bad records and checks the summary: exactly the good records
/// stored, every bad one quoted as `FILE:LINE: reason` with its own line and a reason naming the
/// problem, and the store holding what the summary says.
fn check_mixed(name: &str, content: &[u8], good: usize, bad: &[(u64, &str)]) {
    let sb = Sandbox::new();
    let file = sb.write(name, content);
    let run = sb.run(&args!["ingest", &file]);
    let out = run.ok();
    let (read, stored, duplicates, rejected) = ingest_totals(out);
    assert_eq!(
        (read, stored, duplicates, rejected),
        ((good + bad.len()) as u64, good as u64, 0, bad.len() as u64),
        "{run:?}"
    );
    let quoted = reject_lines(out);
    assert_eq!(quoted.len(), bad.len(), "one quoted line per bad record: {run:?}");
    for (quote, &(line, word)) in quoted.iter().zip(bad) {
        let prefix = format!("  {}:{line}: ", file.display());
        assert!(quote.starts_with(&prefix), "{quote:?} should start with {prefix:?}");
        let reason = quote[prefix.len()..].to_lowercase();
        assert!(
            reason.contains(word),
            "line {line}: reason {reason:?} should mention {word:?}"
        );
    }
    assert_eq!(event_count(&sb.db()), good as i64);
    assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM rejects"), bad.len() as i64);
}

#[test]
fn ingest_quarantines_every_bad_jsonl_line_with_its_location() {
    let (content, good, bad) = mixed_jsonl();
    check_mixed("mixed.jsonl", &content, good, &bad);
}

#[test]
fn ingest_quarantines_every_bad_csv_row_with_its_location() {
    let (content, good, bad) = mixed_csv();
    check_mixed("mixed.csv", &content, good, &bad);
}

#[test]
fn reingesting_a_file_stores_nothing_new() {
    let sb = Sandbox::new();
    let (content, good, bad) = mixed_jsonl();
    let mixed = sb.write("mixed.jsonl", content);
    let clean = sb.write("community.jsonl", to_jsonl(&community(), "test"));
    sb.run(&args!["ingest", &mixed, &clean]).ok();
    assert_eq!(event_count(&sb.db()), good as i64 + 12);

    let again = sb.run(&args!["ingest", &mixed, &clean]);
    let (read, stored, duplicates, rejected) = ingest_totals(again.ok());
    assert_eq!(
        (read, stored, duplicates, rejected),
        (
            good as u64 + 12 + bad.len() as u64,
            0,
            good as u64 + 12,
            bad.len() as u64
        ),
        "{again:?}"
    );
    // The per-file lines say the same, file by file.
    let per_file = |path: &PathBuf| {
        let head = format!("{} (jsonl): ", path.display());
        again
            .stdout
            .lines()
            .find_map(|l| l.strip_prefix(&head).map(str::to_owned))
            .unwrap_or_else(|| panic!("no line for {}: {again:?}", path.display()))
    };
    assert_eq!(per_file(&mixed), "read 9, stored 0, duplicates 3, rejected 6");
    assert_eq!(per_file(&clean), "read 12, stored 0, duplicates 12, rejected 0");
    assert_eq!(event_count(&sb.db()), good as i64 + 12);
}

#[test]
fn gzipped_files_are_read_transparently() {
    use std::io::Write;
    let gzip = |bytes: &[u8]| {
        let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        encoder.write_all(bytes).unwrap();
        encoder.finish().unwrap()
    };
    let sb = Sandbox::new();
    let (content, good, bad) = mixed_jsonl();
    let mixed = sb.write("mixed.jsonl.gz", gzip(&content));
    // No telling extension: the format comes from the decompressed content.
    let clean = sb.write("community.data", gzip(to_jsonl(&community(), "test").as_bytes()));
    let run = sb.run(&args!["ingest", &mixed, &clean]);
    let out = run.ok();
    assert_eq!(
        ingest_totals(out),
        ((good + 12 + bad.len()) as u64, good as u64 + 12, 0, bad.len() as u64),
        "{run:?}"
    );
    let quoted = reject_lines(out);
    let lines: Vec<String> = bad
        .iter()
        .map(|(line, _)| format!("  {}:{line}: ", mixed.display()))
        .collect();
    assert_eq!(quoted.len(), lines.len(), "{run:?}");
    for (quote, prefix) in quoted.iter().zip(&lines) {
        assert!(quote.starts_with(prefix), "{quote:?} should start with {prefix:?}");
    }
    assert_eq!(event_count(&sb.db()), good as i64 + 12);
}

#[test]
fn strict_ingest_stops_at_the_first_bad_line_and_stores_nothing() {
    let sb = Sandbox::new();
    let (content, _, bad) = mixed_jsonl();
    let file = sb.write("mixed.jsonl", content);
    let run = sb.run(&args!["ingest", "--strict", &file]);
    let stderr = run.fails_with(1);
    let first = format!("{}:{}: ", file.display(), bad[0].0);
    assert!(stderr.contains(&first), "stderr should name {first:?}: {run:?}");
    assert!(stderr.to_lowercase().contains("json"), "and say what is wrong: {run:?}");
    assert!(
        !stderr.contains(&format!("{}:{}: ", file.display(), bad[1].0)),
        "only the first bad line: {run:?}"
    );
    assert_eq!(
        event_count(&sb.db()),
        0,
        "line 1 was good, but nothing of a strict run stays"
    );
    let score = sb.run(&["score"]);
    assert!(score.fails_with(1).contains("no events"), "{score:?}");

    // A good file before the bad one is part of the same run: nothing of it stays either.
    let clean = sb.write("community.jsonl", to_jsonl(&community(), "test"));
    let run = sb.run(&args!["ingest", "--strict", &clean, &file]);
    assert!(run.fails_with(1).contains(&first), "{run:?}");
    assert_eq!(event_count(&sb.db()), 0);
    // Without the bad file, --strict stores everything.
    sb.run(&args!["ingest", "--strict", &clean]).ok();
    assert_eq!(event_count(&sb.db()), 12);
}

/// Waits until the ingest run by `child` has committed a batch to `db`: true then, false if the
/// child ended first. This waits for a condition, not for a time; the short sleep only spaces
/// the polls.
fn wait_for_a_commit(db: &Path, child: &mut Child) -> bool {
    let deadline = Instant::now() + Duration::from_secs(300);
    loop {
        // The run's counts are committed with each batch; a store not yet created reads as 0.
        let committed = read_only(db)
            .and_then(|c| {
                c.query_row("SELECT coalesce(max(stored), 0) FROM ingest_runs", [], |r| {
                    r.get::<_, i64>(0)
                })
            })
            .unwrap_or(0);
        if committed > 0 {
            return true;
        }
        if child.try_wait().expect("polling the child").is_some() {
            return false;
        }
        assert!(Instant::now() < deadline, "no batch committed within 300 s");
        std::thread::sleep(Duration::from_millis(2));
    }
}

/// Starts an ingest, kills it (SIGKILL) once a batch is committed, and returns how many events
/// the store then holds; `None` if the ingest finished before it could be killed.
fn ingest_and_kill(sb: &Sandbox, file: &Path) -> Option<i64> {
    let db = sb.db();
    let mut child = sb
        .command_on(&db, &args!["ingest", file])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("starting sillage ingest");
    if !wait_for_a_commit(&db, &mut child) {
        return None;
    }
    child.kill().expect("SIGKILL");
    let status = child.wait().expect("reaping the child");
    if status.success() {
        return None;
    }
    assert_eq!(status.code(), None, "ended by the signal, not an exit: {status:?}");
    Some(event_count(&db))
}

#[test]
fn a_killed_ingest_loses_no_committed_batch_and_a_rerun_completes_it() {
    // If the whole ingest ever beats the kill, the file grows rather than the test failing.
    for count in [400_000u64, 1_600_000] {
        let sb = Sandbox::new();
        let file = sb.path("big.jsonl");
        write_many(&file, count);
        let Some(committed) = ingest_and_kill(&sb, &file) else {
            eprintln!("the ingest of {count} events finished before it was killed; trying a bigger file");
            continue;
        };
        let count = count as i64;
        eprintln!("killed after {committed} of {count} events were committed");
        if committed == count {
            eprintln!("every batch was committed before the kill; trying a bigger file");
            continue;
        }
        assert!(committed > 0, "the kill came after a batch was committed");
        // The killed run's counts were committed with its batches, so they match the store.
        assert_eq!(
            query_i64(&sb.db(), "SELECT stored FROM ingest_runs WHERE id = 1"),
            committed
        );
        assert_eq!(
            query_i64(&sb.db(), "SELECT count(*) FROM ingest_runs WHERE status = 'completed'"),
            0
        );

        let report = sb.run(&args!["ingest", "--json", &file]).json();
        let total = &report["total"];
        assert_eq!(report["completed"], true);
        assert_eq!(total["stored"].as_i64().unwrap() + committed, count, "{total}");
        assert_eq!(total["duplicates"].as_i64(), Some(committed), "{total}");
        assert_eq!(total["rejected"].as_i64(), Some(0), "{total}");
        assert_eq!(event_count(&sb.db()), count);
        assert_eq!(query_i64(&sb.db(), "SELECT count(*) FROM accounts"), 1000);
        return;
    }
    panic!("every ingest finished before it could be killed");
}

#[cfg(unix)]
#[test]
fn an_interrupted_ingest_keeps_what_it_stored_and_a_rerun_completes_it() {
    for count in [400_000u64, 1_600_000] {
        let sb = Sandbox::new();
        let file = sb.path("big.jsonl");
        write_many(&file, count);
        let mut child = sb
            .command_on(&sb.db(), &args!["ingest", &file])
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("starting sillage ingest");
        if !wait_for_a_commit(&sb.db(), &mut child) {
            continue;
        }
        // What Ctrl-C sends, to this child only.
        let sent = Command::new("kill")
            .args(["-INT", &child.id().to_string()])
            .status()
            .expect("running kill");
        assert!(sent.success());
        let output = child.wait_with_output().expect("reaping the child");
        if output.status.success() {
            eprintln!("the ingest of {count} events finished before the interrupt; trying a bigger file");
            continue;
        }
        let (stdout, stderr) = (
            String::from_utf8_lossy(&output.stdout),
            String::from_utf8_lossy(&output.stderr),
        );
        assert_eq!(output.status.code(), Some(130), "{stdout}\n{stderr}");
        assert!(stderr.contains("run the same command again"), "{stderr}");
        // The summary it printed is what the store kept, and the run is recorded as interrupted.
        let (read, stored, duplicates, rejected) = ingest_totals(&stdout);
        let kept = event_count(&sb.db());
        assert_eq!(
            (read, stored, duplicates, rejected),
            (kept as u64, kept as u64, 0, 0),
            "{stdout}"
        );
        assert!(0 < kept && kept < count as i64, "kept {kept} of {count}");
        assert_eq!(
            query_i64(
                &sb.db(),
                "SELECT count(*) FROM ingest_runs WHERE status = 'interrupted'"
            ),
            1
        );

        let rerun = sb.run(&args!["ingest", &file]);
        let (_, stored, duplicates, _) = ingest_totals(rerun.ok());
        assert_eq!((stored + kept as u64, duplicates), (count, kept as u64), "{rerun:?}");
        assert_eq!(event_count(&sb.db()), count as i64);
        return;
    }
    panic!("every ingest finished before it could be interrupted");
}

/// Standard input works with an explicit format; without one the pipe cannot be sniffed and
/// reopened, which must be an error, not a silent "read 0".
#[test]
fn a_pipe_needs_an_explicit_format() {
    use std::io::Write;
    let sb = Sandbox::new();
    let pipe_ingest = |extra: &[&str]| {
        let mut argv = vec!["ingest"];
        argv.extend_from_slice(extra);
        argv.push("/dev/stdin");
        let mut child = sb
            .command_on(&sb.db(), &argv)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // The refused run may exit before reading: a broken pipe here is expected then.
        let _ = child
            .stdin
            .take()
            .unwrap()
            .write_all(to_jsonl(&community(), "test").as_bytes());
        child.wait_with_output().unwrap()
    };
    let refused = pipe_ingest(&[]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&refused.stderr).contains("pass --format"));
    let taken = pipe_ingest(&["--format", "jsonl"]);
    assert_eq!(
        taken.status.code(),
        Some(0),
        "{}",
        String::from_utf8_lossy(&taken.stderr)
    );
    assert_eq!(event_count(&sb.db()), community().len() as i64);
}

/// `--dry-run` reads everything, counts events per kind against what the fixture holds, tells new
/// from already stored once a store exists, and writes nothing (not even a store file).
#[test]
fn a_dry_run_reports_per_kind_and_writes_nothing() {
    let sb = Sandbox::new();
    let events = community();
    let file = sb.write("community.jsonl", to_jsonl(&events, "test"));
    let mut expected: std::collections::BTreeMap<String, u64> = std::collections::BTreeMap::new();
    for e in &events {
        *expected.entry(e.kind.to_string()).or_default() += 1;
    }
    let first = sb.run(&args!["ingest", "--dry-run", "--json", &file]).json();
    assert!(!sb.db().exists(), "a dry run creates no store");
    let f = &first["files"][0];
    let kinds: std::collections::BTreeMap<String, u64> = f["kinds"]
        .as_object()
        .unwrap()
        .iter()
        .map(|(k, v)| (k.clone(), v.as_u64().unwrap()))
        .collect();
    assert_eq!(kinds, expected);
    assert_eq!(f["new"].as_u64(), Some(events.len() as u64));
    sb.run(&args!["ingest", &file]).ok();
    let stored = event_count(&sb.db());
    let again = sb.run(&args!["ingest", "--dry-run", "--json", &file]).json();
    assert_eq!(again["files"][0]["already_stored"].as_u64(), Some(events.len() as u64));
    assert_eq!(again["files"][0]["new"].as_u64(), Some(0));
    assert_eq!(event_count(&sb.db()), stored, "the dry run wrote nothing");
    let text = sb.run(&args!["ingest", "--dry-run", &file]).ok().to_owned();
    assert!(
        text.contains("already in the store") && text.ends_with("dry run: nothing was written\n"),
        "{text}"
    );
}
