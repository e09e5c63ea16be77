//! The two archive files the Twitter reader deliberately maps to no event: `deleted-tweets.js`
//! (tweets their owner deleted: P7, an account's data is what its owner keeps) and
//! `tweet-headers.js` (ids and instants of the tweets already read, in full, from `tweets.js`).
//! Read on their own they give the archive owner's account record and nothing else, and reading
//! the whole folder gives exactly what `tweets.js`, `like.js`, `follower.js` and `following.js`
//! give (asserted with counts in `tests/twitter.rs`).
//!
//! Expected values: `grep -c '"tweet" :'` counts 47 entries in `deleted-tweets.js` and 2,045 in
//! `tweet-headers.js` (checked below on the raw text); none of them may become an event.

use std::path::{Path, PathBuf};

use sillage_formats::{EventReader, Format, Item};

fn data() -> Option<PathBuf> {
    let data = std::env::var_os("SILLAGE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let archive = data.join("formats/twitter-archive/data");
    if archive.is_dir() {
        Some(archive)
    } else {
        println!("skipping: {} not found (set SILLAGE_DATA_DIR)", archive.display());
        None
    }
}

#[test]
fn deleted_tweets_and_tweet_headers_give_no_event() {
    let Some(dir) = data() else { return };
    for name in ["deleted-tweets.js", "tweet-headers.js"] {
        let path = dir.join(name);
        let text = std::fs::read_to_string(&path).unwrap();
        // `grep -c '"tweet" :' FILE`: 47 deleted tweets, 2,045 headers.
        let expected = if name == "deleted-tweets.js" { 47 } else { 2045 };
        assert_eq!(text.matches("\"tweet\" :").count(), expected, "{name} holds tweets");
        let (mut events, mut accounts, mut rejects) = (0, 0, 0);
        for record in EventReader::open(&path, Format::TwitterArchive).unwrap() {
            match record {
                Ok(Item::Event(_)) => events += 1,
                Ok(Item::Account(a)) => {
                    assert_eq!(a.net, "twitter");
                    accounts += 1;
                }
                Err(_) => rejects += 1,
            }
        }
        assert_eq!((events, accounts, rejects), (0, 1, 0), "{name}");
    }
}
