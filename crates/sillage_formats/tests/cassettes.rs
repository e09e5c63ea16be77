//! The HTTP recordings among the samples (`cassettes/` of the tweepy and Mastodon.py test data:
//! VCR cassettes in YAML or JSON) are not exports: detection refuses every one of them with a
//! reason pointing at the response bodies, which the samples also hold one per file (`bodies/`,
//! counted event by event in `tests/twitter.rs` and `tests/mastodon.rs`).

use std::path::{Path, PathBuf};

use sillage_formats::detect;

#[test]
fn every_cassette_is_refused_with_a_reason() {
    let data = std::env::var_os("SILLAGE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    let formats = data.join("formats");
    if !formats.is_dir() {
        println!("skipping: {} not found (set SILLAGE_DATA_DIR)", formats.display());
        return;
    }
    let mut seen = 0;
    for family in ["twitter-api-tweepy", "mastodon-api"] {
        for entry in std::fs::read_dir(formats.join(family).join("cassettes")).unwrap() {
            let path = entry.unwrap().path();
            let err = detect(&path).expect_err("a cassette is not an export").to_string();
            assert!(err.contains("HTTP recording"), "{}: {err}", path.display());
            seen += 1;
        }
    }
    // `ls cassettes | wc -l`: 17 for tweepy (10 YAML, 7 JSON), 10 for Mastodon.py.
    assert_eq!(seen, 27);
}
