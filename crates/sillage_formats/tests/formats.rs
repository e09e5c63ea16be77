//! Integration tests of the public API: each format read end to end through [`EventReader`],
//! property tests over arbitrary input, and the real SNAP Higgs file when it is available.

use std::collections::{HashMap, HashSet};
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;

use flate2::Compression;
use flate2::write::GzEncoder;
use proptest::prelude::*;
use sillage_formats::{EventReader, Format, Item, Reject, content_hash, content_id, detect};
use sillage_model::{AccountRecord, Event, EventKind};

// ---------------------------------------------------------------------------------------------
// Helpers

/// Reads bytes through `from_reader`, splitting the records into items and rejects.
fn read(format: Format, input: &[u8]) -> (Vec<Item>, Vec<Reject>) {
    split(EventReader::from_reader("input", Cursor::new(input.to_vec()), format).unwrap())
}

fn split(reader: EventReader) -> (Vec<Item>, Vec<Reject>) {
    let (mut items, mut rejects) = (Vec::new(), Vec::new());
    for record in reader {
        match record {
            Ok(item) => items.push(item),
            Err(reject) => rejects.push(reject),
        }
    }
    (items, rejects)
}

fn events(items: Vec<Item>) -> Vec<Event> {
    items
        .into_iter()
        .map(|item| match item {
            Item::Event(e) => e,
            Item::Account(a) => panic!("unexpected account {a:?}"),
        })
        .collect()
}

/// Each reject as `line: reason`, for one readable comparison.
fn reasons(rejects: &[Reject]) -> Vec<String> {
    rejects.iter().map(|r| format!("{}: {}", r.line, r.reason)).collect()
}

/// Asserts that each reason contains the expected text, at the expected line.
fn check_rejects(rejects: &[Reject], want: &[(u64, &str)]) {
    let got = reasons(rejects);
    assert_eq!(got.len(), want.len(), "rejects: {got:#?}");
    for (reject, (line, part)) in rejects.iter().zip(want) {
        assert_eq!(reject.line, *line, "rejects: {got:#?}");
        assert!(
            reject.reason.contains(part),
            "reason {:?} should contain {part:?}",
            reject.reason
        );
        assert_eq!(reject.source, "input");
    }
}

fn gzip(bytes: &[u8]) -> Vec<u8> {
    let mut enc = GzEncoder::new(Vec::new(), Compression::default());
    enc.write_all(bytes).unwrap();
    enc.finish().unwrap()
}

fn temp_file(dir: &tempfile::TempDir, name: &str, bytes: &[u8]) -> PathBuf {
    let path = dir.path().join(name);
    std::fs::write(&path, bytes).unwrap();
    path
}

// ---------------------------------------------------------------------------------------------
// JSONL

const EVENTS_MD_EXAMPLE: &str = r#"{"id":"1001","net":"twitter","kind":"post","actor":"jtang","post":"1001","at":"2014-03-13T09:00:00Z","tags":["communitymanagement","klout"],"lang":"fr","text":"Le community manager et son besoin d'influence #klout"}
{"id":"1002","net":"twitter","kind":"repost","actor":"sophie","target":"jtang","post":"1002","parent":"1001","at":"2014-03-13T09:20:00Z"}
{"id":"1003","net":"twitter","kind":"reply","actor":"sophie","target":"jtang","post":"1003","parent":"1001","at":"2014-03-13T10:02:00+01:00","lang":"fr","text":"Je ne suis quand même pas d'accord"}
{"id":"f-77","net":"twitter","kind":"follow","actor":"sophie","target":"jtang","at":1394701200}
"#;

fn events_md_expected() -> Vec<Event> {
    vec![
        Event {
            post: Some("1001".into()),
            tags: vec!["communitymanagement".into(), "klout".into()],
            lang: Some("fr".into()),
            text: Some("Le community manager et son besoin d'influence #klout".into()),
            ..Event::new("1001", "twitter", EventKind::Post, "jtang", 1_394_701_200)
        },
        Event {
            post: Some("1002".into()),
            parent: Some("1001".into()),
            ..Event::new("1002", "twitter", EventKind::Repost, "sophie", 1_394_702_400).with_target("jtang")
        },
        Event {
            post: Some("1003".into()),
            parent: Some("1001".into()),
            lang: Some("fr".into()),
            text: Some("Je ne suis quand même pas d'accord".into()),
            ..Event::new("1003", "twitter", EventKind::Reply, "sophie", 1_394_701_320).with_target("jtang")
        },
        Event::new("f-77", "twitter", EventKind::Follow, "sophie", 1_394_701_200).with_target("jtang"),
    ]
}

#[test]
fn jsonl_events_md_example() {
    let (items, rejects) = read(Format::Jsonl, EVENTS_MD_EXAMPLE.as_bytes());
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(events(items), events_md_expected());
}

#[test]
fn jsonl_mixed_file_yields_every_good_event_and_one_reject_per_bad_line() {
    let mut input = Vec::new();
    input.extend_from_slice(b"# exported by hand\r\n"); // 1: comment
    input.extend_from_slice(br#"{"id":"1","kind":"post","actor":"a","at":0}"#); // 2
    input.extend_from_slice(b"\r\n\n   \n"); // 3, 4: blank
    input.extend_from_slice(br#"{"id":"2","kind":"post","actor":"a","at":0"#); // 5: malformed
    input.push(b'\n');
    input.extend_from_slice(br#"{"id":"3","kind":"repost","at":1,"target":"a"}"#); // 6: no actor
    input.push(b'\n');
    input.extend_from_slice(br#"{"id":"4","kind":"retweet","actor":"b","target":"a","at":1}"#); // 7
    input.push(b'\n');
    input.extend_from_slice(br#"{"id":"5","kind":"like","actor":"b","target":"a","at":"yesterday"}"#); // 8
    input.push(b'\n');
    input.extend_from_slice(b"{\"id\":\"6\",\"kind\":\"post\",\"actor\":\"\xe9\",\"at\":1}\n"); // 9: Latin-1
    input.extend_from_slice(br#"{"id":7,"kind":"reply","actor":"b","target":"a","at":"2014-03-13T09:00:00Z"}"#); // 10
    input.push(b'\n');
    input.extend_from_slice(br#"{"id":"8","kind":"mention","actor":"b","at":2}"#); // 11: no target
    input.push(b'\n');
    input.extend_from_slice(br#"{"id":"9","kind":"follow","actor":"c","target":"a","at":"3"}"#); // 12, no final newline
    let (items, rejects) = read(Format::Jsonl, &input);
    assert_eq!(
        events(items),
        vec![
            Event::new("1", "generic", EventKind::Post, "a", 0),
            Event::new("7", "generic", EventKind::Reply, "b", 1_394_701_200).with_target("a"),
            Event::new("9", "generic", EventKind::Follow, "c", 3).with_target("a"),
        ]
    );
    check_rejects(
        &rejects,
        &[
            (5, "malformed JSON: "),
            (6, "missing required field \"actor\""),
            (7, "unknown kind \"retweet\" (expected post, repost"),
            (8, "field \"at\": timestamp \"yesterday\" is neither RFC 3339"),
            (9, "invalid UTF-8 at byte 34"),
            (11, "missing required field \"target\""),
        ],
    );
    assert_eq!(rejects[0].raw, r#"{"id":"2","kind":"post","actor":"a","at":0"#);
    assert_eq!(
        rejects[4].raw,
        "{\"id\":\"6\",\"kind\":\"post\",\"actor\":\"\u{fffd}\",\"at\":1}"
    );
}

#[test]
fn rejects_keep_at_most_512_bytes_of_the_line() {
    let line = format!("{{\"text\":\"{}\"", "é".repeat(1000));
    let (_, rejects) = read(Format::Jsonl, line.as_bytes());
    assert_eq!(rejects.len(), 1);
    assert!(rejects[0].raw.len() <= 512 && rejects[0].raw.len() >= 510);
    assert!(line.starts_with(&rejects[0].raw));
}

// ---------------------------------------------------------------------------------------------
// CSV

#[test]
fn csv_events_md_example() {
    let input = "\u{feff}id,net,kind,actor,target,post,parent,at,tags,urls,lang,text\r\n\
        1001,twitter,post,jtang,,1001,,2014-03-13T09:00:00Z,communitymanagement|klout,,fr,Le community manager et son besoin d'influence #klout\r\n\
        1002,twitter,repost,sophie,jtang,1002,1001,2014-03-13T09:20:00Z,,,,\r\n\
        1003,twitter,reply,sophie,jtang,1003,1001,2014-03-13T10:02:00+01:00,,,fr,\"Je ne suis quand même pas d'accord\"\r\n\
        f-77,twitter,follow,sophie,jtang,,,1394701200,,,,\r\n";
    let (items, rejects) = read(Format::Csv, input.as_bytes());
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(events(items), events_md_expected());
}

#[test]
fn csv_mixed_file_yields_every_good_event_and_one_reject_per_bad_row() {
    let mut input = Vec::new();
    input.extend_from_slice(b"kind,id,actor,target,at,text,source\n"); // 1
    input.extend_from_slice(b"post,1,a,,0,\"hello,\nworld\",x\n"); // 2-3: a quoted line break
    input.extend_from_slice(b"\n"); // 4: blank
    input.extend_from_slice(b"post,2,a,,0\n"); // 5: too few fields
    input.extend_from_slice(b"repost,3,,a,1,,x\n"); // 6: no actor
    input.extend_from_slice(b"retweet,4,b,a,1,,x\n"); // 7
    input.extend_from_slice(b"like,5,b,a,yesterday,,x\n"); // 8
    input.extend_from_slice(b"post,6,\xe9,,1,,x\n"); // 9
    input.extend_from_slice(b"reply,7,b,a,2014-03-13T09:00:00Z,,\xff\n"); // 10: bad bytes in an ignored column
    input.extend_from_slice(b"mention,8,b,,2,,x\n"); // 11
    input.extend_from_slice(b"follow,9,c,a,3,\"unclosed\n"); // 12: quote never closed
    let (items, rejects) = read(Format::Csv, &input);
    assert_eq!(
        events(items),
        vec![
            Event {
                text: Some("hello,\nworld".into()),
                ..Event::new("1", "generic", EventKind::Post, "a", 0)
            },
            Event::new("7", "generic", EventKind::Reply, "b", 1_394_701_200).with_target("a"),
        ]
    );
    check_rejects(
        &rejects,
        &[
            (5, "row has 5 fields but the header has 7"),
            (6, "missing required field \"actor\""),
            (7, "unknown kind \"retweet\""),
            (8, "field \"at\": timestamp \"yesterday\""),
            (9, "invalid UTF-8 in column \"actor\" at byte 1"),
            (11, "missing required field \"target\""),
            (12, "quoted field is never closed"),
        ],
    );
    assert_eq!(rejects[0].raw, "post,2,a,,0");
}

#[test]
fn csv_header_without_required_columns_is_an_error() {
    let err = EventReader::from_reader("x.csv", Cursor::new(b"id,kind,at\n1,post,0\n".to_vec()), Format::Csv)
        .err()
        .expect("an error");
    assert_eq!(
        err.to_string(),
        "x.csv: bad csv header: missing required column \"actor\" (found: id, kind, at)"
    );
}

// ---------------------------------------------------------------------------------------------
// Accounts

#[test]
fn accounts_file() {
    let input = b"{\"net\":\"twitter\",\"handle\":\"jtang\",\"followers\":\"1200\",\"org\":\"acme\"}\n\
        # a comment\n\
        {\"handle\":\"sophie\",\"opt_out\":true}\n\
        {\"name\":\"nobody\"}\n\
        {\"handle\":\"x\",\"following\":1.5}\n";
    let (items, rejects) = read(Format::Accounts, input);
    assert_eq!(
        items,
        vec![
            Item::Account(AccountRecord {
                net: "twitter".into(),
                handle: "jtang".into(),
                followers: Some(1200),
                org: Some("acme".into()),
                ..Default::default()
            }),
            Item::Account(AccountRecord {
                net: "generic".into(),
                handle: "sophie".into(),
                opt_out: Some(true),
                ..Default::default()
            }),
        ]
    );
    check_rejects(
        &rejects,
        &[
            (4, "missing required field \"handle\""),
            (5, "field \"following\": 1.5"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Compression, sources, errors

#[test]
fn gzip_round_trip_through_a_file_counts_compressed_bytes() {
    let dir = tempfile::tempdir().unwrap();
    let compressed = gzip(EVENTS_MD_EXAMPLE.as_bytes());
    // The name does not say gzip: the magic bytes do.
    let path = temp_file(&dir, "events.jsonl", &compressed);
    let reader = EventReader::open(&path, Format::Jsonl).unwrap();
    let progress = reader.bytes_read();
    assert_eq!(reader.source(), path.display().to_string());
    let (items, rejects) = split(reader);
    assert!(rejects.is_empty());
    assert_eq!(events(items), events_md_expected());
    assert_eq!(progress.load(Ordering::Relaxed), compressed.len() as u64);
}

#[test]
fn a_corrupt_gzip_stream_ends_with_a_read_error_reject() {
    let body: String = (0..5000)
        .map(|i| format!("{i} {} {} RT\n", i + 1, 1_341_100_972 + i))
        .collect();
    let mut compressed = gzip(body.as_bytes());
    compressed.truncate(compressed.len() / 2);
    let (items, rejects) = read(Format::Higgs, &compressed);
    assert!(!items.is_empty() && items.len() < 5000);
    assert_eq!(rejects.len(), 1);
    assert!(rejects[0].reason.starts_with("read error: "), "{:?}", rejects[0]);
    assert_eq!(rejects[0].line, items.len() as u64 + 1);
}

#[test]
fn opening_a_missing_file_names_it() {
    let err = EventReader::open(Path::new("/nonexistent/e.jsonl"), Format::Jsonl)
        .err()
        .unwrap();
    assert!(
        err.to_string().starts_with("cannot read /nonexistent/e.jsonl: "),
        "{err}"
    );
}

#[test]
fn detect_then_open_each_format() {
    let dir = tempfile::tempdir().unwrap();
    let cases: [(&str, &[u8], Format); 5] = [
        ("events.jsonl", EVENTS_MD_EXAMPLE.as_bytes(), Format::Jsonl),
        ("events.csv.gz", &gzip(b"id,kind,actor,at\n1,post,a,0\n"), Format::Csv),
        ("accounts.jsonl", b"{\"handle\":\"a\"}\n", Format::Accounts),
        ("higgs-activity_time.txt.gz", &gzip(b"1 2 3 RT\n"), Format::Higgs),
        (
            "dump",
            b"# no extension\n{\"id\":\"1\",\"kind\":\"post\",\"actor\":\"a\",\"at\":0}\n",
            Format::Jsonl,
        ),
    ];
    for (name, bytes, format) in cases {
        let path = temp_file(&dir, name, bytes);
        assert_eq!(detect(&path).unwrap(), format, "{name}");
        let (items, rejects) = split(EventReader::open(&path, format).unwrap());
        assert!(!items.is_empty() && rejects.is_empty(), "{name}: {rejects:?}");
    }
}

// ---------------------------------------------------------------------------------------------
// Higgs

/// Numbers lines the simplest possible way: one map of every content seen so far. The reader must
/// agree with it whatever the order of the file.
fn naive_higgs_ids(input: &str) -> Vec<String> {
    let mut seen: HashMap<u128, u64> = HashMap::new();
    input
        .lines()
        .filter(|l| !l.trim().is_empty() && !l.trim_start().starts_with('#'))
        .map(|l| {
            let f: Vec<&str> = l.split_whitespace().collect();
            let at: i64 = f[2].parse().unwrap();
            let hash = content_hash(&[f[0].as_bytes(), f[1].as_bytes(), &at.to_le_bytes(), f[3].as_bytes()]);
            let n = seen.entry(hash).or_insert(0);
            *n += 1;
            content_id("h", at, hash, *n - 1)
        })
        .collect()
}

/// The ids a reader gives, from a file path (window mode, rescanning if needed), from the same
/// file gzipped, and from a stream (full-map mode); all three must be the same.
fn higgs_ids_all_ways(input: &str) -> Vec<String> {
    let dir = tempfile::tempdir().unwrap();
    let ids = |reader: EventReader| -> Vec<String> {
        let (items, rejects) = split(reader);
        assert!(rejects.is_empty(), "{rejects:?}");
        events(items).into_iter().map(|e| e.id).collect()
    };
    let plain = temp_file(&dir, "a.txt", input.as_bytes());
    let zipped = temp_file(&dir, "a.txt.gz", &gzip(input.as_bytes()));
    let from_path = ids(EventReader::open(&plain, Format::Higgs).unwrap());
    let from_gz = ids(EventReader::open(&zipped, Format::Higgs).unwrap());
    let from_stream =
        ids(EventReader::from_reader("s", Cursor::new(input.as_bytes().to_vec()), Format::Higgs).unwrap());
    assert_eq!(from_path, from_gz);
    assert_eq!(from_path, from_stream);
    from_path
}

#[test]
fn higgs_lines_become_twitter_events() {
    let (items, rejects) = read(
        Format::Higgs,
        b"223789 213163 1341100972 MT\r\n223789 213163 1341100972 RE\n",
    );
    assert!(rejects.is_empty());
    let events = events(items);
    let hash = content_hash(&[b"223789", b"213163", &1_341_100_972_i64.to_le_bytes(), b"MT"]);
    assert_eq!(
        events[0],
        Event::new(
            format!("h{:016x}{:016x}", 1_341_100_972_u64 ^ (1 << 63), hash as u64),
            "twitter",
            EventKind::Mention,
            "223789",
            1_341_100_972
        )
        .with_target("213163")
    );
    assert_eq!(events[1].kind, EventKind::Reply);
    assert_ne!(events[0].id, events[1].id);
}

#[test]
fn higgs_sorted_file_with_repeats() {
    let input = "1 2 10 RT\n1 2 10 RT\n3 4 10 MT\n1 2 10 RT\n\n# note\n1 2 20 RT\n1 2 20 RT\n5 6 30 RE\n";
    let ids = higgs_ids_all_ways(input);
    assert_eq!(ids, naive_higgs_ids(input));
    assert!(ids[1].ends_with(".1") && ids[3].ends_with(".2") && ids[5].ends_with(".1"));
}

#[test]
fn higgs_unsorted_file_with_identical_lines_far_apart() {
    let mut input = String::from("7 8 50 RT\n");
    for t in (0..200).rev() {
        input.push_str(&format!("{} {} {} MT\n", t % 7, t % 5, 1000 + t));
    }
    input.push_str("7 8 50 RT\n");
    let ids = higgs_ids_all_ways(&input);
    assert_eq!(ids, naive_higgs_ids(&input));
    assert_eq!(ids.last().unwrap(), &format!("{}.1", ids[0]));
}

#[test]
fn higgs_file_that_turns_unsorted_after_repeats_were_pruned() {
    // Lines 1-2 repeat at t=10 and are pruned when t reaches 20 and 30; line 5 goes back to t=10,
    // which forces a rescan of lines 1-4.
    let input = "1 2 10 RT\n1 2 10 RT\n3 4 20 MT\n3 4 30 MT\n1 2 10 RT\n3 4 20 MT\n1 2 10 RT\n9 9 40 RE\n9 9 40 RE\n";
    let ids = higgs_ids_all_ways(input);
    assert_eq!(ids, naive_higgs_ids(input));
    let suffixes: Vec<&str> = ids.iter().map(|id| id.split_once('.').map_or("", |(_, k)| k)).collect();
    assert_eq!(suffixes, vec!["", "1", "", "", "2", "1", "3", "", "1"]);
}

#[test]
fn higgs_bad_lines_are_rejected() {
    let input = b"1 2 3 RT\n1 2 3\nx 2 3 RT\n1 2 soon RT\n1 2 3 LIKE\n1 2 3 R\xc3\n1 2 3 RT\n";
    let (items, rejects) = read(Format::Higgs, input);
    assert_eq!(items.len(), 2);
    check_rejects(
        &rejects,
        &[
            (2, "expected 4 whitespace-separated fields"),
            (3, "field \"userA\""),
            (4, "field \"unix_ts\""),
            (5, "unknown interaction \"LIKE\""),
            (6, "invalid UTF-8 at byte 8"),
        ],
    );
}

// ---------------------------------------------------------------------------------------------
// Properties

/// How a line reader must account for every line: an item, a reject, or skipped as blank/comment.
fn line_accounting(format: Format, input: &[u8]) {
    let (items, rejects) = read(format, input);
    let mut lines: Vec<&[u8]> = input.split(|&b| b == b'\n').collect();
    if lines.last().is_some_and(|l| l.is_empty()) {
        lines.pop();
    }
    if let Some(first) = lines.first_mut() {
        *first = first.strip_prefix(b"\xef\xbb\xbf").unwrap_or(first);
    }
    let skipped = lines
        .iter()
        .filter(|l| {
            let t = l.trim_ascii_start();
            t.is_empty() || t[0] == b'#'
        })
        .count();
    assert_eq!(items.len() + rejects.len() + skipped, lines.len());
    assert!(rejects.windows(2).all(|w| w[0].line < w[1].line));
    assert!(
        rejects
            .iter()
            .all(|r| r.line >= 1 && r.line as usize <= lines.len() && r.raw.len() <= 512)
    );
}

/// Lines that are sometimes valid, sometimes nearly so, in every format's syntax.
fn plausible_line() -> impl Strategy<Value = Vec<u8>> {
    prop_oneof![
        Just(br#"{"id":"1","kind":"post","actor":"a","at":0}"#.to_vec()),
        Just(br#"{"id":2,"kind":"like","actor":"a","target":"b","at":"2014-03-13T09:00:00Z","tags":["X"]}"#.to_vec()),
        Just(br#"{"handle":"a","followers":"12"}"#.to_vec()),
        Just(b"1 2 1341100972 RT".to_vec()),
        Just(b"1,post,a,,0".to_vec()),
        Just(b"# comment".to_vec()),
        Just(b"  \r".to_vec()),
        "[ -~]{0,40}".prop_map(String::into_bytes),
        (
            0u64..50,
            0u64..50,
            0i64..20,
            prop::sample::select(vec!["RT", "MT", "RE", "XX"])
        )
            .prop_map(|(a, b, t, k)| format!("{a} {b} {t} {k}").into_bytes()),
        prop::collection::vec(any::<u8>(), 0..60),
    ]
}

fn plausible_file() -> impl Strategy<Value = Vec<u8>> {
    (
        prop::collection::vec((plausible_line(), any::<bool>()), 0..40),
        any::<bool>(),
    )
        .prop_map(|(lines, final_newline)| {
            let mut out = Vec::new();
            for (i, (line, crlf)) in lines.iter().enumerate() {
                out.extend_from_slice(line);
                if i + 1 < lines.len() || final_newline {
                    out.extend_from_slice(if *crlf { b"\r\n" } else { b"\n" });
                }
            }
            out
        })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn line_formats_account_for_every_line_of_arbitrary_bytes(input in prop::collection::vec(any::<u8>(), 0..600)) {
        for format in [Format::Jsonl, Format::Accounts, Format::Higgs] {
            line_accounting(format, &input);
        }
    }

    #[test]
    fn line_formats_account_for_every_line_of_plausible_files(input in plausible_file()) {
        for format in [Format::Jsonl, Format::Accounts, Format::Higgs] {
            line_accounting(format, &input);
        }
    }

    #[test]
    fn csv_never_panics_and_rows_come_in_order(body in prop::collection::vec(any::<u8>(), 0..600)) {
        let mut input = b"id,kind,actor,target,at\n".to_vec();
        input.extend_from_slice(&body);
        let lines = input.split(|&b| b == b'\n').count() as u64;
        let (items, rejects) = read(Format::Csv, &input);
        prop_assert!(items.len() + rejects.len() < lines as usize);
        prop_assert!(rejects.windows(2).all(|w| w[0].line < w[1].line));
        prop_assert!(rejects.iter().all(|r| r.line >= 2 && r.line <= lines && r.raw.len() <= 512));
        // Arbitrary bytes as a header: an error or a reader, never a panic.
        let _ = EventReader::from_reader("x", Cursor::new(body), Format::Csv).map(split);
    }

    #[test]
    fn csv_without_quotes_accounts_for_every_line(lines in prop::collection::vec(plausible_line(), 0..40)) {
        let mut input = b"kind,id,actor,target,at\n".to_vec();
        let mut rows = 0;
        for line in &lines {
            let line: Vec<u8> = line.iter().copied().filter(|&b| b != b'"' && b != b'\n').collect();
            let line = line.strip_suffix(b"\r").unwrap_or(&line).to_vec();
            if !line.trim_ascii().is_empty() {
                rows += 1;
            }
            input.extend_from_slice(&line);
            input.push(b'\n');
        }
        let (items, rejects) = read(Format::Csv, &input);
        prop_assert_eq!(items.len() + rejects.len(), rows);
    }

    #[test]
    fn higgs_ids_match_the_naive_assigner_in_any_order(
        lines in prop::collection::vec((0u8..3, 0u8..3, 0i64..4, 0usize..3), 0..60)
    ) {
        let codes = ["RT", "MT", "RE"];
        let input: String = lines.iter().map(|(a, b, t, k)| format!("{a} {b} {t} {}\n", codes[*k])).collect();
        prop_assert_eq!(higgs_ids_all_ways(&input), naive_higgs_ids(&input));
    }
}

// ---------------------------------------------------------------------------------------------
// Real data

/// Where the shared real data lives: `SILLAGE_DATA_DIR`, or `shared/data` beside the checkout.
fn data_dir() -> PathBuf {
    std::env::var_os("SILLAGE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

#[test]
fn real_higgs_activity_file() {
    let dir = data_dir();
    let path = dir.join("higgs/higgs-activity_time.txt.gz");
    if !path.exists() {
        println!("skipping: SILLAGE_DATA_DIR ({}) not found", dir.display());
        return;
    }
    assert_eq!(detect(&path).unwrap(), Format::Higgs);
    let mut kinds: HashMap<EventKind, usize> = HashMap::new();
    let mut ids = HashSet::new();
    let mut rejects = 0;
    let mut total = 0;
    for record in EventReader::open(&path, Format::Higgs).unwrap() {
        match record {
            Ok(Item::Event(e)) => {
                total += 1;
                *kinds.entry(e.kind).or_default() += 1;
                assert_eq!(e.net, "twitter");
                ids.insert(e.id);
            }
            Ok(Item::Account(_)) => unreachable!(),
            Err(_) => rejects += 1,
        }
    }
    // Counted independently with `zcat higgs-activity_time.txt.gz | awk '{c[$4]++} END {...}'`.
    assert_eq!(total, 563_069);
    assert_eq!(rejects, 0);
    assert_eq!(ids.len(), total, "ids are distinct");
    assert_eq!(kinds.get(&EventKind::Repost), Some(&354_930));
    assert_eq!(kinds.get(&EventKind::Mention), Some(&171_237));
    assert_eq!(kinds.get(&EventKind::Reply), Some(&36_902));
}
