//! AT Protocol commit events as JSON Lines, as Jetstream and similar services emit them:
//! `{"did", "time_us", "kind": "commit", "commit": {"rev", "operation", "collection", "rkey",
//! "record", "cid"}}`, one object per line.
//!
//! - `create` commits of posts, likes, reposts and follows become events, mapped exactly as in a
//!   repository export (same AT-URI ids, so a capture and an export of the same record are one
//!   event). Creates of other collections are skipped.
//! - `update` and `delete` commits are skipped: an update changes a profile or an edited record
//!   whose creation was already seen, and a delete carries no record (and no time of its own but
//!   `time_us`, the service's receipt time) to build an unfollow or retraction from.
//! - `identity` events name a DID's handle: they become an account record (`handle` = the DID,
//!   `username` = the handle). `account` events (activation status) are skipped.
//! - Event times come from each record's `createdAt`, not `time_us`: the record's own claim is what
//!   a repository export has too, and it keeps both sources identical.
//!
//! Anything else (malformed JSON, an unknown `kind` or `operation`, a record that cannot be
//! mapped) is a reject at its line.

use std::collections::VecDeque;

use serde_json::Value;
use sillage_model::AccountRecord;

use super::records::{self, Address, NET, View};
use crate::json_fields::{self as json, Object};
use crate::lines::{ContentLine, Lines, line_reject, next_content};
use crate::{Item, Record};

/// The iterator over a JSON Lines stream of commit events.
pub(crate) struct JetstreamRecords {
    source: String,
    lines: Lines,
    pending: VecDeque<Record>,
    finished: bool,
}

impl JetstreamRecords {
    pub(crate) fn new(source: &str, lines: Lines) -> JetstreamRecords {
        JetstreamRecords {
            source: source.to_owned(),
            lines,
            pending: VecDeque::new(),
            finished: false,
        }
    }
}

impl Iterator for JetstreamRecords {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(record) = self.pending.pop_front() {
                return Some(record);
            }
            if self.finished {
                return None;
            }
            let source = &self.source;
            let step = next_content(&mut self.lines, source, |bytes, number| {
                parse_line(bytes).map_err(|reason| line_reject(source, number, bytes, reason))
            });
            match step {
                ContentLine::Parsed(Ok(items)) => self.pending.extend(items.into_iter().map(Ok)),
                ContentLine::Parsed(Err(reject)) | ContentLine::TooLong(reject) => return Some(Err(reject)),
                ContentLine::Failed(reject) => {
                    self.finished = true;
                    return Some(Err(reject));
                }
                ContentLine::End => self.finished = true,
            }
        }
    }
}

/// The items one line gives (none for the skipped events); the error is the reject reason.
pub(crate) fn parse_line(line: &[u8]) -> Result<Vec<Item>, String> {
    let obj = json::parse_object(line)?;
    let did = required(&obj, "did")?;
    records::did(&did).map_err(|e| format!("field \"did\": {e}"))?;
    match required(&obj, "kind")?.as_str() {
        "commit" => commit(&did, &obj),
        "identity" => {
            let Some(Value::Object(identity)) = obj.get("identity") else {
                return Err("field \"identity\": expected an object".to_owned());
            };
            Ok(json::string(identity, "handle")?
                .filter(|h| !h.trim().is_empty())
                .map(|handle| {
                    vec![Item::Account(AccountRecord {
                        net: NET.to_owned(),
                        handle: did.clone(),
                        username: Some(handle.trim().to_owned()),
                        ..AccountRecord::default()
                    })]
                })
                .unwrap_or_default())
        }
        "account" => Ok(Vec::new()),
        other => Err(format!("unknown kind {other:?} (expected commit, identity or account)")),
    }
}

fn commit(did: &str, obj: &Object) -> Result<Vec<Item>, String> {
    let Some(Value::Object(commit)) = obj.get("commit") else {
        return Err("field \"commit\": expected an object".to_owned());
    };
    match required(commit, "operation")?.as_str() {
        "create" => {}
        "update" | "delete" => return Ok(Vec::new()),
        other => {
            return Err(format!(
                "unknown operation {other:?} (expected create, update or delete)"
            ));
        }
    }
    let collection = required(commit, "collection")?;
    let rkey = required(commit, "rkey")?;
    if collection.contains('/') || rkey.contains('/') {
        return Err(format!("path {collection}/{rkey} is not collection/rkey"));
    }
    if !records::is_mapped(&collection) {
        return Ok(Vec::new());
    }
    let record = commit
        .get("record")
        .ok_or_else(|| "missing required field \"record\"".to_owned())?;
    let address = Address {
        did,
        collection: &collection,
        rkey: &rkey,
    };
    let events = records::events(&address, View::Json(record))?;
    Ok(events.into_iter().map(Item::Event).collect())
}

fn required(obj: &Object, name: &str) -> Result<String, String> {
    crate::fields::required(name, json::string(obj, name)?)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn skips_updates_deletes_accounts_and_other_collections() {
        for line in [
            r#"{"did":"did:plc:a","time_us":1,"kind":"commit","commit":{"operation":"delete","collection":"app.bsky.feed.like","rkey":"k"}}"#,
            r#"{"did":"did:plc:a","time_us":1,"kind":"commit","commit":{"operation":"update","collection":"app.bsky.actor.profile","rkey":"self","record":{}}}"#,
            r#"{"did":"did:plc:a","time_us":1,"kind":"commit","commit":{"operation":"create","collection":"app.bsky.graph.block","rkey":"k","record":{}}}"#,
            r#"{"did":"did:plc:a","time_us":1,"kind":"account","account":{"active":true}}"#,
            r#"{"did":"did:plc:a","time_us":1,"kind":"identity","identity":{"did":"did:plc:a"}}"#,
        ] {
            assert_eq!(parse_line(line.as_bytes()), Ok(Vec::new()), "{line}");
        }
    }

    #[test]
    fn reasons() {
        let err = |line: &str| parse_line(line.as_bytes()).unwrap_err();
        assert_eq!(
            err(r#"{"time_us":1,"kind":"commit"}"#),
            "missing required field \"did\""
        );
        assert_eq!(
            err(r#"{"did":"alice","kind":"commit"}"#),
            "field \"did\": \"alice\" is not a DID"
        );
        assert!(err(r#"{"did":"did:plc:a","kind":"labels"}"#).starts_with("unknown kind \"labels\""));
        assert_eq!(
            err(r#"{"did":"did:plc:a","kind":"commit"}"#),
            "field \"commit\": expected an object"
        );
        assert!(
            err(r#"{"did":"did:plc:a","kind":"commit","commit":{"operation":"burn"}}"#)
                .starts_with("unknown operation")
        );
        assert_eq!(
            err(
                r#"{"did":"did:plc:a","kind":"commit","commit":{"operation":"create","collection":"app.bsky.feed.like","rkey":"k"}}"#
            ),
            "missing required field \"record\""
        );
    }
}
