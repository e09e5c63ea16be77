//! Reddit dumps read end to end through [`EventReader`]: small files written here, property tests
//! over arbitrary input and over the order of a dump, and the real PRAW sample when the shared data
//! is available.

use std::collections::{HashMap, HashSet};
use std::io::Cursor;
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use sillage_formats::{EventReader, Format, Item, Reject, detect};
use sillage_model::{Event, EventKind};

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

fn read(input: &str) -> (Vec<Event>, Vec<Reject>) {
    split(EventReader::from_reader("input", Cursor::new(input.as_bytes().to_vec()), Format::Reddit).unwrap())
}

fn by_id(events: &[Event]) -> HashMap<&str, &Event> {
    events.iter().map(|e| (e.id.as_str(), e)).collect()
}

/// One event as `id kind actor>target parent`, for compact comparisons.
fn brief(e: &Event) -> String {
    format!(
        "{} {} {}>{} {}",
        e.id,
        e.kind,
        e.actor,
        e.target.as_deref().unwrap_or("-"),
        e.parent.as_deref().unwrap_or("-")
    )
}

fn submission(id: &str, author: &str) -> String {
    format!(
        r#"{{"id":"{id}","name":"t3_{id}","author":"{author}","title":"title {id}","selftext":"","url":"https://example.org/{id}","subreddit":"Rust","created_utc":1500000000}}"#
    )
}

fn comment(id: &str, author: &str, parent: &str) -> String {
    format!(
        r#"{{"id":"{id}","author":"{author}","parent_id":"{parent}","link_id":"t3_s","body":"body {id}","subreddit":"Rust","created_utc":"1500000001"}}"#
    )
}

// ---------------------------------------------------------------------------------------------
// Small dumps

#[test]
fn replies_resolve_in_either_order_and_unknown_parents_stay_posts() {
    let dump = [
        comment("c2", "carol", "t1_c1"), // its parent comes later: held back until the end
        submission("s", "sam"),
        comment("c1", "bob", "t3_s"),
        comment("c3", "dan", "t1_elsewhere"), // a parent in another file: a post with parent
        comment("c4", "bob", "t1_c1"),        // a self-reply is kept
    ]
    .join("\n");
    let (events, rejects) = read(&dump);
    assert!(rejects.is_empty(), "{rejects:?}");
    let got: Vec<String> = events.iter().map(brief).collect();
    assert_eq!(
        got,
        [
            "t3_s post sam>- -",
            "t1_c1 reply bob>sam t3_s",
            "t1_c4 reply bob>bob t1_c1",
            // Held back, emitted at the end in file order.
            "t1_c2 reply carol>bob t1_c1",
            "t1_c3 post dan>- t1_elsewhere",
        ]
    );
    let s = &events[0];
    assert_eq!(
        (
            s.post.as_deref(),
            &s.tags,
            &s.urls,
            s.text.as_deref(),
            s.at,
            s.net.as_str(),
            s.lang.as_deref()
        ),
        (
            Some("t3_s"),
            &vec!["rust".to_owned()],
            &vec!["https://example.org/s".to_owned()],
            Some("title s"),
            1_500_000_000,
            "reddit",
            None
        )
    );
    let c = by_id(&events)["t1_c2"];
    assert_eq!(
        (c.post.as_deref(), c.text.as_deref(), c.at),
        (Some("t1_c2"), Some("body c2"), 1_500_000_001)
    );
}

#[test]
fn deleted_authors_are_rejected_and_their_replies_are_posts() {
    let dump = [
        comment("c2", "carol", "t1_c1"),
        comment("c1", "[deleted]", "t3_s"),
        comment("c3", "dan", "t1_c1"),
        comment("c4", "erin", "t3_gone").replace(
            r#""link_id":"t3_s""#,
            r#""link_id":"t3_gone","link_author":"[deleted]""#,
        ),
        r#"{"id":"c5","author":"[removed]","body":"[removed]","parent_id":"t3_s","created_utc":1}"#.to_owned(),
    ]
    .join("\r\n");
    let (events, rejects) = read(&dump);
    let got: Vec<String> = events.iter().map(brief).collect();
    assert_eq!(
        got,
        [
            "t1_c3 post dan>- t1_c1",
            "t1_c4 post erin>- t3_gone",
            "t1_c2 post carol>- t1_c1",
        ]
    );
    let reasons: Vec<(u64, &str)> = rejects.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(
        reasons,
        [
            (
                2,
                "author is \"[deleted]\": the record cannot be attributed to an account"
            ),
            (
                5,
                "author is \"[removed]\": the record cannot be attributed to an account"
            ),
        ]
    );
    assert!(rejects.iter().all(|r| r.source == "input" && r.raw.starts_with('{')));
}

#[test]
fn bad_lines_never_lose_the_good_ones() {
    let dump = format!(
        "{}\n{{\"id\":\n\n# a comment line\n[1,2]\n{}\n{{\"id\":\"x\",\"author\":\"a\",\"body\":\"b\",\"created_utc\":true}}\n{}\n",
        submission("s", "sam"),
        comment("c1", "bob", "t3_s"),
        comment("c2", "carol", "t1_c1"),
    );
    let (events, rejects) = read(&dump);
    assert_eq!(
        events.iter().map(brief).collect::<Vec<_>>(),
        [
            "t3_s post sam>- -",
            "t1_c1 reply bob>sam t3_s",
            "t1_c2 reply carol>bob t1_c1"
        ]
    );
    let lines: Vec<u64> = rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, [2, 5, 7]);
    assert!(rejects[0].reason.starts_with("malformed JSON"));
    assert_eq!(rejects[1].reason, "expected a JSON object, found an array");
    assert!(rejects[2].reason.contains("\"created_utc\""), "{}", rejects[2].reason);
}

#[test]
fn detection() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("RC_2016-12.ndjson");
    std::fs::write(&path, format!("{}\n", comment("c1", "bob", "t3_s"))).unwrap();
    assert_eq!(detect(&path).unwrap(), Format::Reddit);
    let path = dir.path().join("events.jsonl");
    std::fs::write(
        &path,
        r#"{"id":"1","kind":"post","actor":"a","at":0,"subreddit":"x","author":"a","parent_id":"t1_x"}"#,
    )
    .unwrap();
    assert_eq!(
        detect(&path).unwrap(),
        Format::Jsonl,
        "canonical events are never taken"
    );
}

// ---------------------------------------------------------------------------------------------
// Property tests

/// A dump of a small thread: record `i` is submission `s` (i = 0) or a comment whose parent is one
/// of the records before it in thread order, or a record outside the file; some authors deleted.
fn thread() -> impl Strategy<Value = Vec<(usize, Option<usize>, bool)>> {
    proptest::collection::vec((any::<prop::sample::Index>(), any::<bool>(), 0u8..8), 1..30).prop_map(|picks| {
        picks
            .into_iter()
            .enumerate()
            .map(|(i, (parent, outside, author))| {
                let parent = (i > 0).then(|| if outside { usize::MAX } else { parent.index(i) });
                (author as usize, parent, author == 0)
            })
            .collect()
    })
}

fn thread_lines(thread: &[(usize, Option<usize>, bool)]) -> Vec<String> {
    thread
        .iter()
        .enumerate()
        .map(|(i, &(author, parent, deleted))| {
            let author = if deleted {
                "[deleted]".to_owned()
            } else {
                format!("u{author}")
            };
            match parent {
                None => submission("s", &author),
                Some(usize::MAX) => comment(&format!("c{i}"), &author, "t1_outside"),
                Some(0) => comment(&format!("c{i}"), &author, "t3_s"),
                Some(p) => comment(&format!("c{i}"), &author, &format!("t1_c{p}")),
            }
        })
        .collect()
}

proptest! {
    /// Arbitrary bytes never make the reader panic, and every reject says where and why.
    #[test]
    fn arbitrary_bytes_never_panic(bytes in proptest::collection::vec(any::<u8>(), 0..2000)) {
        let reader = EventReader::from_reader("input", Cursor::new(bytes), Format::Reddit).unwrap();
        for record in reader {
            match record {
                Ok(Item::Event(e)) => prop_assert!(e.net == "reddit" && !e.actor.is_empty()),
                Ok(Item::Account(_)) => prop_assert!(false, "reddit dumps have no accounts"),
                Err(r) => prop_assert!(r.line >= 1 && !r.reason.is_empty() && r.source == "input"),
            }
        }
    }

    /// The order of a dump changes the order of the events, never what they are; and what they are
    /// matches a direct model: a reply when the parent is in the file with a live author.
    #[test]
    fn order_does_not_matter(thread in thread(), order in any::<prop::sample::Index>()) {
        let lines = thread_lines(&thread);
        let (events, rejects) = read(&lines.join("\n"));
        let rotated: Vec<String> = {
            let k = order.index(lines.len());
            lines[k..].iter().chain(&lines[..k]).rev().cloned().collect()
        };
        let (shuffled, shuffled_rejects) = read(&rotated.join("\n"));
        let mut a: Vec<String> = events.iter().map(brief).collect();
        let mut b: Vec<String> = shuffled.iter().map(brief).collect();
        a.sort();
        b.sort();
        prop_assert_eq!(&a, &b);
        prop_assert_eq!(rejects.len(), shuffled_rejects.len());
        let deleted = thread.iter().filter(|t| t.2).count();
        prop_assert_eq!(rejects.len(), deleted);
        let model_replies = thread
            .iter()
            .filter(|(_, parent, deleted)| !deleted && parent.is_some_and(|p| p != usize::MAX && !thread[p].2))
            .count();
        prop_assert_eq!(events.iter().filter(|e| e.kind == EventKind::Reply).count(), model_replies);
    }
}

// ---------------------------------------------------------------------------------------------
// The real sample

fn data_dir() -> PathBuf {
    std::env::var_os("SILLAGE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
}

/// The PRAW sample: 417 comments streamed from r/all within 13 seconds, so no comment's parent
/// comment is in the file, but 168 answer a submission and carry its author in `link_author`.
///
/// Derived without this crate by `python3 tests/oracles/reddit.py FILE`, which applies the rules
/// of src/reddit.rs's documentation with Python's json module: 249 posts, 168 replies, 0 rejects,
/// and the sample events checked below (the fourth: `grep -n '"subreddit": "AskReddit"' FILE`,
/// the first comment there whose `parent_id` equals its `link_id`, at line 15).
#[test]
fn real_praw_comments() {
    let dir = data_dir().join("formats/reddit");
    if !dir.exists() {
        println!("skipping: SILLAGE_DATA_DIR ({}) not found", data_dir().display());
        return;
    }
    let path = dir.join("TestSubredditStreams.test_comments.comments.ndjson");
    assert_eq!(detect(&path).unwrap(), Format::Reddit);
    let (events, rejects) = split(EventReader::open(&path, Format::Reddit).unwrap());
    assert!(rejects.is_empty(), "{rejects:?}");
    let count = |kind| events.iter().filter(|e| e.kind == kind).count();
    assert_eq!(
        (count(EventKind::Post), count(EventKind::Reply), events.len()),
        (249, 168, 417)
    );
    let events_by_id = by_id(&events);
    assert_eq!(events_by_id.len(), 417, "ids are unique");
    let check = |id: &str, kind, actor: &str, target: Option<&str>, parent: &str, at, tag: &str, text: &str| {
        let e = events_by_id[id];
        assert_eq!(
            (
                e.kind,
                e.actor.as_str(),
                e.target.as_deref(),
                e.parent.as_deref(),
                e.post.as_deref(),
                e.at
            ),
            (kind, actor, target, Some(parent), Some(id), at),
            "{id}"
        );
        assert_eq!(
            (e.net.as_str(), e.tags.as_slice(), e.lang.as_deref()),
            ("reddit", &[tag.to_owned()][..], None)
        );
        assert!(e.text.as_deref().unwrap().starts_with(text), "{id}: {:?}", e.text);
    };
    check(
        "t1_dbhn11d",
        EventKind::Reply,
        "Mametaro",
        Some("AndrewZabar"),
        "t3_5jffj1",
        1_482_373_040,
        "coins",
        "1979 (Showa 54) 10 Yen (bronze",
    );
    check(
        "t1_dbhn11c",
        EventKind::Post,
        "Dorkchopqueen",
        None,
        "t1_dbhl9sx",
        1_482_373_040,
        "popping",
        "I was wondering why it made me",
    );
    check(
        "t1_dbhn11a",
        EventKind::Post,
        "House0fDerp",
        None,
        "t1_dbhm9c1",
        1_482_373_040,
        "elitedangerous",
        "Honestly the SLF platform is w",
    );
    check(
        "t1_dbhn10z",
        EventKind::Reply,
        "aneday",
        Some("JouezEncore"),
        "t3_5jnzk4",
        1_482_373_039,
        "askreddit",
        "Heavy duty mechanic.",
    );
    check(
        "t1_dbhn19a",
        EventKind::Post,
        "URIDIOTLOL",
        None,
        "t1_dbhm0c5",
        1_482_373_049,
        "wtf",
        "If I ever get dementia I hope ",
    );
    // Re-reading yields the same events, and reading the bytes as a stream too.
    let (again, _) = split(EventReader::open(&path, Format::Reddit).unwrap());
    assert_eq!(again, events);
    let bytes = std::fs::read(&path).unwrap();
    let (streamed, _) = split(EventReader::from_reader("s", Cursor::new(bytes), Format::Reddit).unwrap());
    assert_eq!(streamed, events);
    let tags: HashSet<&str> = events.iter().map(|e| e.tags[0].as_str()).collect();
    assert!(tags.iter().all(|t| *t == t.to_lowercase()));
}
