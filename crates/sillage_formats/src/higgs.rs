//! The SNAP Higgs activity file (`higgs-activity_time.txt`): `userA userB unix_ts RT|MT|RE`, where
//! userA retweets, mentions or replies to userB.
//!
//! Lines carry no id, so ids are derived from content (see [`crate::content_id()`]) with the prefix
//! `h`, counting repeats of identical lines through [`Occurrences`]. Memory stays bounded while
//! the file is sorted by time, as the SNAP file is; an unsorted file makes the reader remember every
//! distinct line (see the `occurrences` module).

use sillage_model::{Event, EventKind, Instant};

use crate::content_id::{content_hash, content_id};
use crate::lines::is_blank_or_comment;
use crate::occurrences::Occurrences;

/// The network every Higgs event belongs to.
pub(crate) const NET: &str = "twitter";

/// Prefix of Higgs content ids.
const ID_PREFIX: &str = "h";

/// One valid line, borrowed from the line buffer.
#[derive(Debug, PartialEq, Eq)]
pub(crate) struct HiggsLine<'a> {
    pub actor: &'a str,
    pub target: &'a str,
    pub at: Instant,
    pub code: &'static str,
    pub kind: EventKind,
}

impl HiggsLine<'_> {
    /// The content hash over the normalized fields: users as written, the timestamp as a number
    /// (so `0100` and `100` agree), and the interaction code.
    pub(crate) fn hash(&self) -> u128 {
        content_hash(&[
            self.actor.as_bytes(),
            self.target.as_bytes(),
            &self.at.to_le_bytes(),
            self.code.as_bytes(),
        ])
    }

    /// The event, given how many times the same content occurred earlier in the file.
    pub(crate) fn into_event(self, hash: u128, occurrence: u64) -> Event {
        Event::new(
            content_id(ID_PREFIX, self.at, hash, occurrence),
            NET,
            self.kind,
            self.actor,
            self.at,
        )
        .with_target(self.target)
    }
}

/// Parses one non-blank, non-comment line; the error is the reject reason.
pub(crate) fn parse_line(line: &[u8]) -> Result<HiggsLine<'_>, String> {
    let text = std::str::from_utf8(line).map_err(|e| format!("invalid UTF-8 at byte {}", e.valid_up_to() + 1))?;
    let mut fields = text.split_ascii_whitespace();
    let (Some(actor), Some(target), Some(at), Some(code), None) = (
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
        fields.next(),
    ) else {
        let found = text.split_ascii_whitespace().count();
        return Err(format!(
            "expected 4 whitespace-separated fields (userA userB unix_ts RT|MT|RE), found {found}"
        ));
    };
    user("userA", actor)?;
    user("userB", target)?;
    let at: Instant = at
        .parse()
        .map_err(|_| format!("field \"unix_ts\": {at:?} is not an integer Unix timestamp"))?;
    let (code, kind) = match code {
        "RT" => ("RT", EventKind::Repost),
        "MT" => ("MT", EventKind::Mention),
        "RE" => ("RE", EventKind::Reply),
        other => return Err(format!("unknown interaction {other:?} (expected RT, MT or RE)")),
    };
    Ok(HiggsLine {
        actor,
        target,
        at,
        code,
        kind,
    })
}

/// SNAP user ids are decimal numbers; anything else means the file is not what it claims to be.
fn user(name: &str, value: &str) -> Result<(), String> {
    if value.bytes().all(|b| b.is_ascii_digit()) {
        Ok(())
    } else {
        Err(format!("field {name:?}: {value:?} is not a decimal user id"))
    }
}

/// The key [`Occurrences`] rescans with: exactly the lines the reader turns into events.
pub(crate) fn key_of(line: &[u8]) -> Option<(u128, Instant)> {
    if is_blank_or_comment(line) {
        return None;
    }
    parse_line(line).ok().map(|l| (l.hash(), l.at))
}

/// Parses a line and assigns its id; `line` is its 1-based number. The outer error is an IO error
/// from re-reading the file, the inner one the reject reason.
pub(crate) fn parse_event(
    bytes: &[u8],
    line: u64,
    occurrences: &mut Occurrences,
) -> std::io::Result<Result<Event, String>> {
    let parsed = match parse_line(bytes) {
        Ok(parsed) => parsed,
        Err(reason) => return Ok(Err(reason)),
    };
    let hash = parsed.hash();
    let occurrence = occurrences.count(hash, parsed.at, line)?;
    Ok(Ok(parsed.into_event(hash, occurrence)))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_the_three_interactions() {
        let l = parse_line(b"223789 213163 1341100972 MT").unwrap();
        assert_eq!(
            l,
            HiggsLine {
                actor: "223789",
                target: "213163",
                at: 1_341_100_972,
                code: "MT",
                kind: EventKind::Mention
            }
        );
        assert_eq!(parse_line(b"1\t2  3 RT").unwrap().kind, EventKind::Repost);
        assert_eq!(parse_line(b" 1 2 3 RE ").unwrap().kind, EventKind::Reply);
    }

    #[test]
    fn timestamps_are_normalized_in_the_hash() {
        let a = parse_line(b"1 2 0100 RT").unwrap();
        let b = parse_line(b"1 2 100 RT").unwrap();
        assert_eq!(a.hash(), b.hash());
        assert_ne!(a.hash(), parse_line(b"1 2 100 MT").unwrap().hash());
        assert_ne!(a.hash(), parse_line(b"2 1 100 RT").unwrap().hash());
    }

    #[test]
    fn bad_lines_have_reasons() {
        let reason = |line: &[u8]| parse_line(line).unwrap_err();
        assert_eq!(
            reason(b"1 2 3"),
            "expected 4 whitespace-separated fields (userA userB unix_ts RT|MT|RE), found 3"
        );
        assert!(reason(b"1 2 3 RT x").contains("found 5"));
        assert_eq!(reason(b"a 2 3 RT"), "field \"userA\": \"a\" is not a decimal user id");
        assert_eq!(reason(b"1 -2 3 RT"), "field \"userB\": \"-2\" is not a decimal user id");
        assert_eq!(
            reason(b"1 2 x RT"),
            "field \"unix_ts\": \"x\" is not an integer Unix timestamp"
        );
        assert_eq!(
            reason(b"1 2 3 LK"),
            "unknown interaction \"LK\" (expected RT, MT or RE)"
        );
        assert_eq!(reason(b"1 2 3 R\xff"), "invalid UTF-8 at byte 8");
        assert_eq!(key_of(b"# 1 2 3 RT"), None);
    }
}
