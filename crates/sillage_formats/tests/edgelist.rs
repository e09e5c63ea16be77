//! Edge lists read end to end through [`EventReader`]: small files written here, property tests over
//! arbitrary input, and the three aggregated SNAP Higgs networks when the shared data is available.

use std::collections::HashSet;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use flate2::Compression;
use flate2::write::GzEncoder;
use proptest::prelude::*;
use sillage_formats::{EdgeListSpec, EventReader, Format, Item, ReadOptions, Reject, detect};
use sillage_model::{Event, EventKind};

/// 2012-07-01T00:00:00Z, the first day of the Higgs collection.
const JULY_1: i64 = 1_341_100_800;

fn options(spec: EdgeListSpec) -> ReadOptions {
    ReadOptions { edge_list: spec }
}

/// `actor target weight`, reposts on Twitter, all on July 1st: how the Higgs networks are read.
fn weighted(kind: EventKind) -> EdgeListSpec {
    EdgeListSpec {
        net: "twitter".to_owned(),
        kind,
        weight_column: Some(2),
        at: Some(JULY_1),
        ..EdgeListSpec::default()
    }
}

fn split(reader: EventReader) -> (Vec<Event>, Vec<Reject>) {
    let (mut events, mut rejects) = (Vec::new(), Vec::new());
    for record in reader {
        match record {
            Ok(Item::Event(e)) => events.push(e),
            Ok(Item::Account(a)) => panic!("unexpected account {a:?}"),
            Err(reject) => rejects.push(reject),
        }
    }
    (events, rejects)
}

fn read(spec: EdgeListSpec, input: &[u8]) -> (Vec<Event>, Vec<Reject>) {
    let reader =
        EventReader::from_reader_with("input", Cursor::new(input.to_vec()), Format::EdgeList, &options(spec)).unwrap();
    split(reader)
}

fn read_file(path: &Path, spec: EdgeListSpec) -> (Vec<Event>, Vec<Reject>) {
    split(EventReader::open_with(path, Format::EdgeList, &options(spec)).unwrap())
}

fn ids(events: &[Event]) -> Vec<&str> {
    events.iter().map(|e| e.id.as_str()).collect()
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
// Small files

#[test]
fn snap_quirks_comments_tabs_crlf_and_gzip() {
    let text = b"# Directed graph\r\n# FromNodeId\tToNodeId\r\n30\t1412\r\n\r\n30  3352 \r\n";
    let spec = EdgeListSpec {
        at: Some(JULY_1),
        ..EdgeListSpec::default()
    };
    let (events, rejects) = read(spec.clone(), text);
    assert!(rejects.is_empty(), "{rejects:?}");
    let pairs: Vec<(&str, &str)> = events
        .iter()
        .map(|e| (e.actor.as_str(), e.target.as_deref().unwrap()))
        .collect();
    assert_eq!(pairs, [("30", "1412"), ("30", "3352")]);
    assert!(
        events
            .iter()
            .all(|e| e.kind == EventKind::Follow && e.net == "generic" && e.at == JULY_1)
    );
    assert!(
        events
            .iter()
            .all(|e| e.id.starts_with('e') && e.post.is_none() && e.tags.is_empty())
    );
    let (gz_events, _) = read(spec, &gzip(text));
    assert_eq!(gz_events, events, "gzip is the same file");
}

#[test]
fn one_event_per_line_whatever_the_weight_and_repeats_are_numbered() {
    let (events, rejects) = read(weighted(EventKind::Repost), b"1 2 5\n1 2 1\n2 1 1\n1 2 0.5\n");
    assert!(rejects.is_empty(), "{rejects:?}");
    assert_eq!(events.len(), 4, "weights above 1 are not expanded");
    let ids = ids(&events);
    // Same accounts and instant: the same content, told apart by the occurrence suffix.
    assert_eq!(ids[1], format!("{}.1", ids[0]));
    assert_eq!(ids[3], format!("{}.2", ids[0]));
    assert!(!ids[2].contains('.'));
    assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 4);
}

#[test]
fn time_column_and_bad_lines() {
    let spec = EdgeListSpec {
        net: "Mastodon".to_owned(),
        kind: EventKind::Like,
        time_column: Some(2),
        weight_column: Some(3),
        ..EdgeListSpec::default()
    };
    let input: &[u8] = b"a b 1341100972 2\n\
                 a b\n\
                 a b yesterday 1\n\
                 a b 2012-07-01T00:00:05+02:00 3\n\
                 a b 7 0\n\
                 c\xffd e 7 1\n\
                 a b 1341100972 1 extra\n";
    let (events, rejects) = read(spec, input);
    let summary: Vec<(&str, &str, i64)> = events
        .iter()
        .map(|e| (e.actor.as_str(), e.target.as_deref().unwrap(), e.at))
        .collect();
    assert_eq!(
        summary,
        [
            ("a", "b", 1_341_100_972),
            ("a", "b", JULY_1 - 7200 + 5),
            ("a", "b", 1_341_100_972)
        ]
    );
    assert!(events.iter().all(|e| e.net == "mastodon" && e.kind == EventKind::Like));
    assert_eq!(events[2].id, format!("{}.1", events[0].id));
    let got: Vec<(u64, &str)> = rejects.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(got.len(), 4, "{got:#?}");
    assert_eq!(got[0].0, 2);
    assert!(got[0].1.starts_with("expected at least 4 whitespace-separated columns"));
    assert_eq!(
        got[1],
        (
            3,
            "column 3 (time): \"yesterday\" is neither Unix seconds nor RFC 3339 with an offset"
        )
    );
    assert_eq!(
        got[2],
        (
            5,
            "column 4 (weight): 0 is not positive, so the edge records no interaction"
        )
    );
    assert_eq!(got[3], (6, "invalid UTF-8 at byte 2"));
}

#[test]
fn a_file_without_time_or_instant_is_refused_with_one_error() {
    let err = EventReader::from_reader_with(
        "edges.txt",
        Cursor::new(b"1 2\n".to_vec()),
        Format::EdgeList,
        &ReadOptions::default(),
    )
    .err()
    .unwrap()
    .to_string();
    assert!(
        err.starts_with("edges.txt: cannot be read as edgelist: the file has no time column") && err.contains("--at"),
        "{err}"
    );
}

#[test]
fn ids_are_the_same_on_every_read_even_when_time_goes_back() {
    // The time column decreases at line 4, so the file reader rebuilds its pruned counts by
    // re-reading the file; the stream reader counted everything from the start.
    let input = b"1 2 10\n1 2 10\n3 4 20\n1 2 10\n3 4 20\n1 2 10\n";
    let spec = EdgeListSpec {
        time_column: Some(2),
        ..EdgeListSpec::default()
    };
    let dir = tempfile::tempdir().unwrap();
    let path = temp_file(&dir, "t.edges", input);
    let (first, _) = read_file(&path, spec.clone());
    let (second, _) = read_file(&path, spec.clone());
    let (streamed, _) = read(spec, input);
    assert_eq!(ids(&first), ids(&second));
    assert_eq!(ids(&first), ids(&streamed));
    let suffixes: Vec<&str> = first
        .iter()
        .map(|e| e.id.split_once('.').map_or("", |(_, s)| s))
        .collect();
    assert_eq!(suffixes, ["", "1", "", "2", "1", "3"]);
}

#[test]
fn detection_is_conservative() {
    let dir = tempfile::tempdir().unwrap();
    let edges = temp_file(&dir, "g.edgelist.gz", &gzip(b"# c\n1 2 3\n"));
    assert_eq!(detect(&edges).unwrap(), Format::EdgeList);
    let higgs = temp_file(&dir, "g.edgelist", b"1 2 1341100972 RT\n");
    assert_eq!(detect(&higgs).unwrap(), Format::Higgs);
    let canonical = temp_file(&dir, "g.el", br#"{"id":"1","kind":"post","actor":"a","at":0}"#);
    assert_eq!(detect(&canonical).unwrap(), Format::Jsonl);
    let named_otherwise = temp_file(&dir, "g.txt", b"1 2\n");
    assert!(detect(&named_otherwise).is_err());
}

// ---------------------------------------------------------------------------------------------
// Property tests

proptest! {
    /// Arbitrary bytes never make the reader panic, and every reject says where and why.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000), timed in any::<bool>()) {
        let spec = EdgeListSpec {
            time_column: timed.then_some(3),
            ..weighted(EventKind::Mention)
        };
        let reader = EventReader::from_reader_with("input", Cursor::new(bytes), Format::EdgeList, &options(spec))
            .unwrap();
        for record in reader {
            match record {
                Ok(Item::Event(e)) => prop_assert!(e.target.is_some() && !e.actor.is_empty()),
                Ok(Item::Account(_)) => prop_assert!(false, "an edge list has no accounts"),
                Err(r) => prop_assert!(r.line >= 1 && !r.reason.is_empty() && r.source == "input"),
            }
        }
    }

    /// Lines built from a few accounts and instants, in any order: every id is distinct, and the
    /// file reader (bounded memory, re-reading when time goes back) agrees with the stream reader.
    #[test]
    fn ids_are_distinct_and_agree_between_readers(
        lines in proptest::collection::vec((0u8..3, 0u8..3, 0i64..4), 0..40)
    ) {
        let text: String = lines.iter().map(|(a, b, t)| format!("{a}\t{b} {t}\n")).collect();
        let spec = EdgeListSpec { time_column: Some(2), ..EdgeListSpec::default() };
        let dir = tempfile::tempdir().unwrap();
        let path = temp_file(&dir, "p.edges", text.as_bytes());
        let (from_file, rejects) = read_file(&path, spec.clone());
        prop_assert!(rejects.is_empty());
        let (streamed, _) = read(spec, text.as_bytes());
        prop_assert_eq!(ids(&from_file), ids(&streamed));
        prop_assert_eq!(ids(&from_file).into_iter().collect::<HashSet<_>>().len(), lines.len());
    }
}

// ---------------------------------------------------------------------------------------------
// The real SNAP Higgs networks

fn data_dir() -> PathBuf {
    std::env::var_os("SILLAGE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

/// What a Higgs network file must read as. Each file is `userA userB weight`, read with columns
/// `actor,target,weight`, net `twitter`, every edge at [`JULY_1`].
struct Expected {
    file: &'static str,
    kind: EventKind,
    events: usize,
    self_loops: usize,
    /// (1-based line, actor, target, id).
    samples: [(usize, &'static str, &'static str, &'static str); 3],
}

/// Derived without this crate, in the shell, from the files themselves:
/// - events: `zcat FILE | wc -l` (328132, 150818, 32523); no line is blank or a comment
///   (`zcat FILE | grep -c '^#\|^$'` is 0), every line has 3 fields (`awk '{print NF}' | sort |
///   uniq -c`) and a positive weight (`awk '$3<=0' | wc -l` is 0), so there are no rejects;
/// - no two lines share the same pair (`awk '{print $1,$2}' | sort | uniq -d | wc -l` is 0), so no
///   id has an occurrence suffix;
/// - self loops: `zcat FILE | awk '$1==$2' | wc -l` (0, 5353, 343);
/// - ids: `tests/oracles/edgelist.py FILE KIND 1341100800 LINE…`, which hashes each line's fields
///   with Python's `xxhash` package following the scheme written in src/content_id.rs.
const HIGGS_NETWORKS: [Expected; 3] = [
    Expected {
        file: "higgs-retweet_network.edgelist.gz",
        kind: EventKind::Repost,
        events: 328_132,
        self_loops: 0,
        samples: [
            (1, "298960", "105232", "e800000004fef9300d6082f6dfc4e906a"),
            (2, "95688", "3393", "e800000004fef9300e9ff722ea0e57619"),
            (328_132, "70236", "50047", "e800000004fef930089668cecc9fa4120"),
        ],
    },
    Expected {
        file: "higgs-mention_network.edgelist.gz",
        kind: EventKind::Mention,
        events: 150_818,
        self_loops: 5353,
        samples: [
            (1, "316609", "5011", "e800000004fef93005df9e3ecdd8c51dc"),
            (2, "439696", "12389", "e800000004fef93000f71a4a99761ae73"),
            (150_818, "170251", "677", "e800000004fef9300c7cec3cfacd32f74"),
        ],
    },
    Expected {
        file: "higgs-reply_network.edgelist.gz",
        kind: EventKind::Reply,
        events: 32_523,
        self_loops: 343,
        samples: [
            (1, "161345", "8614", "e800000004fef93003108b29c256ebe10"),
            (2, "428368", "11792", "e800000004fef9300bbb071d1801d578d"),
            (32_523, "61698", "14539", "e800000004fef9300e77e1cc53214ab9b"),
        ],
    },
];

#[test]
fn real_higgs_networks() {
    let dir = data_dir().join("higgs");
    if !dir.exists() {
        println!("skipping: SILLAGE_DATA_DIR ({}) not found", data_dir().display());
        return;
    }
    for want in &HIGGS_NETWORKS {
        let path = dir.join(want.file);
        assert_eq!(detect(&path).unwrap(), Format::EdgeList, "{}", want.file);
        let (events, rejects) = read_file(&path, weighted(want.kind));
        assert!(
            rejects.is_empty(),
            "{}: {:?}",
            want.file,
            &rejects[..rejects.len().min(3)]
        );
        assert_eq!(events.len(), want.events, "{}", want.file);
        assert!(
            events
                .iter()
                .all(|e| e.kind == want.kind && e.net == "twitter" && e.at == JULY_1)
        );
        let loops = events.iter().filter(|e| e.target.as_deref() == Some(&e.actor)).count();
        assert_eq!(loops, want.self_loops, "{}", want.file);
        assert_eq!(ids(&events).into_iter().collect::<HashSet<_>>().len(), want.events);
        for (line, actor, target, id) in want.samples {
            let e = &events[line - 1];
            let expected = Event::new(id, "twitter", want.kind, actor, JULY_1).with_target(target);
            assert_eq!(e, &expected, "{} line {line}", want.file);
        }
    }
    // Re-reading yields the same ids.
    let path = dir.join(HIGGS_NETWORKS[2].file);
    let (first, _) = read_file(&path, weighted(EventKind::Reply));
    let (second, _) = read_file(&path, weighted(EventKind::Reply));
    assert_eq!(ids(&first), ids(&second));
    // The activity file stays Higgs.
    assert_eq!(detect(&dir.join("higgs-activity_time.txt.gz")).unwrap(), Format::Higgs);
}
