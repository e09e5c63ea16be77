//! Recognising Twitter files from their first bytes, and archives from their file names.
//!
//! The head of a file may stop in the middle of a JSON document (detection sees 64 KiB), so JSON is
//! not parsed here: a small scanner collects the object keys of the head, with their path from the
//! top (arrays are transparent), and the rules look at those keys. The rules answer only when the
//! keys are unmistakably Twitter's.

use std::collections::HashSet;
use std::path::Path;

use super::archive::is_archive;
use crate::Format;
use crate::bundle::Bundle;

/// Recognises [`Format::TwitterArchive`] or [`Format::TwitterApi`] from a file name and its first bytes.
pub(crate) fn sniff(_path: &Path, head: &[u8]) -> Option<Format> {
    let head = head.strip_prefix(b"\xef\xbb\xbf").unwrap_or(head).trim_ascii_start();
    if head.starts_with(b"window.YTD.") || head.starts_with(b"window.__THAR_CONFIG") {
        return Some(Format::TwitterArchive);
    }
    if !matches!(head.first(), Some(b'{' | b'[')) {
        return None;
    }
    // The first line only, when the file is JSON Lines; the whole head when it is a document.
    let first_line = head.split(|&b| b == b'\n').next().unwrap_or(head);
    let scope = if serde_json::from_slice::<serde::de::IgnoredAny>(first_line).is_ok() {
        first_line
    } else {
        head
    };
    looks_like_api(&keys(scope)).then_some(Format::TwitterApi)
}

/// Recognises an archive folder or `.zip`: it holds `data/manifest.js`, `manifest.js` or
/// `data/tweets.js` (possibly under one top folder, as zips made by hand have).
pub(crate) fn sniff_bundle(path: &Path) -> Option<Format> {
    if path.is_dir() {
        let found = ["data/manifest.js", "manifest.js", "data/tweets.js"]
            .iter()
            .any(|name| path.join(name).is_file());
        return found.then_some(Format::TwitterArchive);
    }
    let bundle = Bundle::open(path).ok()?;
    is_archive(&bundle.names()).then_some(Format::TwitterArchive)
}

fn looks_like_api(keys: &HashSet<String>) -> bool {
    let has = |k: &str| keys.contains(k);
    // Canonical events are never Twitter's, whatever else they carry.
    if has("kind") && has("actor") {
        return false;
    }
    if has("request") && has("body") {
        let inner: HashSet<String> = keys
            .iter()
            .filter_map(|k| k.strip_prefix("body.").map(str::to_owned))
            .collect();
        return looks_like_api(&inner);
    }
    let status = |p: &str| {
        has(&format!("{p}id_str"))
            && has(&format!("{p}user"))
            && (has(&format!("{p}text")) || has(&format!("{p}full_text")))
    };
    // A v2 response of tweets, or of users (`data` items with `id`, `username` and `name`).
    let v2 = has("data")
        && (has("data.author_id")
            || has("data.text")
            || has("includes")
            || (has("data.id") && has("data.username") && has("data.name")));
    let flat = has("author_id") && has("text") && has("id");
    status("") || status("statuses.") || v2 || flat
}

/// The keys of the objects in `bytes`, as dotted paths from the top (at most three deep), arrays
/// being transparent: `{"data":[{"id":1}]}` gives `data` and `data.id`. Stops quietly at the end
/// of the bytes or at anything that is not JSON.
fn keys(bytes: &[u8]) -> HashSet<String> {
    const MAX_PATH: usize = 3;
    let mut out = HashSet::new();
    // For each open container: whether it is an object, and the key naming it in its parent.
    let mut stack: Vec<(bool, Option<String>)> = Vec::new();
    let mut pending_key: Option<String> = None;
    let mut expect_key = false;
    let mut i = 0;
    while i < bytes.len() {
        match bytes[i] {
            b'{' | b'[' => {
                let is_object = bytes[i] == b'{';
                stack.push((is_object, pending_key.take()));
                expect_key = is_object;
                if stack.len() > 64 {
                    break;
                }
            }
            b'}' | b']' => {
                stack.pop();
                pending_key = None;
                expect_key = false;
            }
            b',' => expect_key = stack.last().is_some_and(|(o, _)| *o),
            b'"' => {
                let start = i + 1;
                let mut j = start;
                while j < bytes.len() && bytes[j] != b'"' {
                    j += if bytes[j] == b'\\' { 2 } else { 1 };
                }
                if j >= bytes.len() {
                    break;
                }
                if expect_key {
                    let key = String::from_utf8_lossy(&bytes[start..j]).into_owned();
                    let mut path: Vec<&str> = stack.iter().filter_map(|(_, k)| k.as_deref()).collect();
                    path.push(&key);
                    if path.len() <= MAX_PATH {
                        out.insert(path.join("."));
                    }
                    pending_key = Some(key);
                    expect_key = false;
                } else {
                    pending_key = None;
                }
                i = j;
            }
            b':' => {}
            _ => {
                // A scalar value ends the pending key's use.
                if !bytes[i].is_ascii_whitespace() {
                    pending_key = None;
                }
            }
        }
        i += 1;
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sniffed(head: &str) -> Option<Format> {
        sniff(Path::new("x"), head.as_bytes())
    }

    #[test]
    fn keys_are_paths_through_arrays() {
        let k = keys(br#"{"data":[{"id":"1","text":"a"}],"includes":{"users":[{"id":"2"}]},"meta":{"x":1}}"#);
        for want in [
            "data",
            "data.id",
            "data.text",
            "includes",
            "includes.users",
            "includes.users.id",
            "meta.x",
        ] {
            assert!(k.contains(want), "{want} in {k:?}");
        }
        let k = keys(br#"[{"a":"}{\"b\":","c":[1,2],"d":{"e"#);
        assert!(
            k.contains("a") && k.contains("c") && k.contains("d") && !k.contains("b"),
            "{k:?}"
        );
    }

    #[test]
    fn recognises_twitter_and_nothing_else() {
        assert_eq!(sniffed("window.YTD.tweets.part0 = ["), Some(Format::TwitterArchive));
        assert_eq!(
            sniffed(r#"{"id_str":"1","user":{"id":2},"text":"hi"}"#),
            Some(Format::TwitterApi)
        );
        assert_eq!(
            sniffed("[\n {\n  \"created_at\": \"x\",\n  \"id_str\": \"1\",\n  \"text\": \"hi\",\n  \"user\": {"),
            Some(Format::TwitterApi)
        );
        assert_eq!(sniffed(r#"{"data":[{"id":"1","text":"a"}]}"#), Some(Format::TwitterApi));
        assert_eq!(
            sniffed(r#"{"id":"1","author_id":"2","text":"a"}"#),
            Some(Format::TwitterApi)
        );
        assert_eq!(
            sniffed(
                r#"{"request":"GET https://api.twitter.com/2/users/1/followers","body":{"data":[{"id":"1","name":"a","username":"b"}]}}"#
            ),
            Some(Format::TwitterApi)
        );
        assert_eq!(
            sniffed(r#"{"id":"1","kind":"post","actor":"a","text":"x","author_id":"2","at":0}"#),
            None
        );
        assert_eq!(sniffed(r#"{"id":"1","content":"<p>x</p>","account":{}}"#), None);
        assert_eq!(sniffed(r#"{"handle":"a"}"#), None);
        assert_eq!(sniffed("1 2 3 RT"), None);
    }
}
