//! AT Protocol repository exports: a CAR v1 file read whole, its records named through the
//! repository's Merkle search tree (MST) and mapped to events.
//!
//! The file is a varint-prefixed DAG-CBOR header `{roots, version: 1}`, then blocks, each a varint
//! length, a binary CID and a DAG-CBOR body. The header's first root is the signed commit
//! `{did, data, …}`; `data` links to the MST root. MST nodes are `{l, e}`: `l` the subtree of keys
//! before the node's first entry, `e` the entries `{p, k, v, t}` whose keys are prefix-compressed
//! against the previous entry of the same node (`p` bytes of it, then `k`), `v` the record's CID and
//! `t` the subtree of keys between this entry and the next. A key is `collection/rkey`, so the walk
//! gives each record its AT-URI `at://{did}/{collection}/{rkey}`.
//!
//! What is emitted, and what is not:
//! - Records in the current tree, in block order (a record stored twice is read once; a block two
//!   keys point at gives one record per key). Those of collections that are not mapped (profiles,
//!   lists, `app.bsky.feed.vote` and other obsolete types) are skipped and counted in [`Summary`].
//! - Blocks that are neither the commit, a node of the current tree, nor a record in it are the
//!   repository's history (older commits and MST nodes, deleted records): they give nothing, since
//!   a deleted record is not part of what the account did as it stands. They are counted too.
//! - Blocks the tree links to but the file lacks (a CAR "slice" carries only the path to one record)
//!   are not errors: what the file does not hold cannot be read, and nothing is invented for it.
//! - Block hashes are not verified against their CIDs: the file is trusted to be what it says.
//!
//! Rejects carry a **block number** in their `line` field: the 1-based index of the block in the
//! file (the header is not a block). A rejected record's AT-URI is in the reject's `raw` field.
//! A file cut short or corrupt keeps every block read before the damage, then ends with one reject
//! naming the block number and byte offset where it broke.

use std::collections::{BTreeMap, HashMap, HashSet, VecDeque};
use std::io::Read;
use std::ops::Range;
use std::path::Path;

use sillage_model::Event;

use super::cbor::{self, Value};
use super::records::{self, Address, View};
use crate::bundle::MAX_FILE_BYTES;
use crate::record::{Records, Skipped};
use crate::source::Source;
use crate::{Format, FormatError, Item, Record, Reject};

/// The longest header accepted: a header is a root list and a version, a few hundred bytes.
const MAX_HEADER_BYTES: u64 = 1024 * 1024;

/// Reads a whole CAR stream (at most [`MAX_FILE_BYTES`]) into records. Errors are for inputs that
/// are not CAR v1 at all; damage after the header gives rejects instead.
pub(crate) fn read(name: &str, mut stream: Source, skipped: &Skipped) -> Result<Records, FormatError> {
    let path = Path::new(name);
    let mut data = Vec::new();
    (&mut stream)
        .take(MAX_FILE_BYTES + 1)
        .read_to_end(&mut data)
        .map_err(|source| FormatError::Io {
            path: path.to_owned(),
            source,
        })?;
    if data.len() as u64 > MAX_FILE_BYTES {
        return Err(unreadable(
            path,
            format!("larger than {MAX_FILE_BYTES} bytes, the most read whole"),
        ));
    }
    let records = CarRecords::new(name, data).map_err(|reason| unreadable(path, reason))?;
    records.summary.report(skipped);
    Ok(Box::new(records))
}

fn unreadable(path: &Path, reason: String) -> FormatError {
    FormatError::Unreadable {
        path: path.to_owned(),
        format: Format::BlueskyCar.as_str(),
        reason,
    }
}

/// The CAR header's roots (binary CIDs) and the offset of the first block.
pub(crate) fn header(data: &[u8]) -> Result<(Vec<&[u8]>, usize), String> {
    let not_car = |why: String| format!("not a CAR v1 file: {why}");
    let (len, used) = cbor::varint(data).map_err(|e| not_car(format!("header length: {e}")))?;
    if len == 0 || len > MAX_HEADER_BYTES || len > (data.len() - used) as u64 {
        return Err(not_car(format!("header length {len} does not fit the file")));
    }
    let end = used + len as usize;
    let value = cbor::decode(&data[used..end]).map_err(|e| not_car(format!("header: {e}")))?;
    if value.get("version") != Some(&Value::Unsigned(1)) {
        return Err(not_car("the header has no `version: 1`".to_owned()));
    }
    let roots = match value.get("roots") {
        Some(Value::Array(roots)) => roots.iter().map(Value::as_link).collect::<Option<Vec<_>>>(),
        _ => None,
    }
    .ok_or_else(|| not_car("the header's `roots` is not a list of links".to_owned()))?;
    Ok((roots, end))
}

/// One block's position in the file.
struct Block {
    cid: Range<usize>,
    body: Range<usize>,
}

/// The length of the binary CID at the start of a block (v0: a bare sha2-256 multihash; v1:
/// version, codec, then a multihash of code, digest length and digest).
fn cid_len(bytes: &[u8]) -> Result<usize, String> {
    if bytes.starts_with(&[0x12, 0x20]) {
        return if bytes.len() >= 34 {
            Ok(34)
        } else {
            Err("CIDv0 cut short".to_owned())
        };
    }
    let mut pos = 0;
    let mut next = |what: &str| -> Result<u64, String> {
        let (v, n) = cbor::varint(&bytes[pos..]).map_err(|e| format!("CID {what}: {e}"))?;
        pos += n;
        Ok(v)
    };
    let version = next("version")?;
    if version != 1 {
        return Err(format!("CID version {version}"));
    }
    next("codec")?;
    next("hash code")?;
    let digest = next("digest length")?;
    if digest > (bytes.len() - pos) as u64 {
        return Err(format!("CID digest of {digest} bytes runs past the block"));
    }
    Ok(pos + digest as usize)
}

/// Splits the bytes after the header into blocks, stopping at the first damage, which is returned
/// as a reject reason with the number of the block that could not be read.
fn blocks(data: &[u8], start: usize) -> (Vec<Block>, Option<(u64, String)>) {
    let mut out = Vec::new();
    let mut pos = start;
    while pos < data.len() {
        let number = out.len() as u64 + 1;
        let broke = |why: String| Some((number, format!("file damaged at block {number} (byte {pos}): {why}")));
        let (len, used) = match cbor::varint(&data[pos..]) {
            Ok(v) => v,
            Err(e) => return (out, broke(format!("block length: {e}"))),
        };
        let body_start = pos + used;
        let left = data.len() - body_start;
        if len > left as u64 {
            return (
                out,
                broke(format!("the block says {len} bytes but {left} are left (cut short?)")),
            );
        }
        let end = body_start + len as usize;
        let cid = match cid_len(&data[body_start..end]) {
            Ok(n) => n,
            Err(e) => return (out, broke(e)),
        };
        out.push(Block {
            cid: body_start..body_start + cid,
            body: body_start + cid..end,
        });
        pos = end;
    }
    (out, None)
}

/// What a repository held besides the events: for the caller's summary and for tests.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub(crate) struct Summary {
    /// Records of the current tree whose collection is not mapped, by collection.
    pub skipped: BTreeMap<String, u64>,
    /// Blocks outside the current repository state: older commits and MST nodes, deleted records.
    pub history_blocks: u64,
    /// Blocks the current tree links to that the file does not hold (MST nodes and records).
    pub missing_blocks: u64,
}

impl Summary {
    /// Tells the caller what was skipped, in words (`ingest` prints it per file).
    pub(crate) fn report(&self, skipped: &Skipped) {
        for (collection, count) in &self.skipped {
            skipped.add(format!("{collection} records (not mapped)"), *count);
        }
        skipped.add(
            "history blocks (older commits and tree nodes, deleted records)",
            self.history_blocks,
        );
        skipped.add("blocks the repository links to but does not hold", self.missing_blocks);
    }
}

/// A record of the current tree, waiting to be mapped.
struct Named {
    block: u64,
    body: Range<usize>,
    collection: String,
    rkey: String,
}

/// The iterator over a CAR file's records.
pub(crate) struct CarRecords {
    source: String,
    data: Vec<u8>,
    did: String,
    named: std::vec::IntoIter<Named>,
    pending: VecDeque<Record>,
    /// The reject saying where the file broke, given after every record.
    last: Option<Reject>,
    summary: Summary,
}

impl CarRecords {
    /// Splits the file into blocks and names the records; the error is for a file whose header
    /// is not CAR v1.
    pub(crate) fn new(source: &str, data: Vec<u8>) -> Result<CarRecords, String> {
        let (roots, start) = header(&data)?;
        let root = roots.first().map(|r| r.to_vec());
        let (blocks, broke) = blocks(&data, start);
        let reject = |line: u64, reason: String, raw: String| Reject {
            source: source.to_owned(),
            line,
            reason,
            raw,
        };
        let last = broke.map(|(line, reason)| reject(line, reason, String::new()));
        let mut out = CarRecords {
            source: source.to_owned(),
            data: Vec::new(),
            did: String::new(),
            named: Vec::new().into_iter(),
            pending: VecDeque::new(),
            last,
            summary: Summary::default(),
        };
        match root {
            None => out
                .pending
                .push_back(Err(reject(1, "the CAR header lists no root".to_owned(), String::new()))),
            Some(root) => match Tree::walk(&data, &blocks, &root) {
                Ok(tree) => {
                    out.did = tree.did;
                    out.named = tree.named.into_iter();
                    out.summary = tree.summary;
                    out.pending.extend(
                        tree.problems
                            .into_iter()
                            .map(|(line, reason)| Err(reject(line, reason, String::new()))),
                    );
                }
                Err((line, reason)) => out.pending.push_back(Err(reject(line, reason, String::new()))),
            },
        }
        out.data = data;
        Ok(out)
    }

    #[cfg(test)]
    pub(crate) fn summary(&self) -> &Summary {
        &self.summary
    }

    /// Maps one record into `pending`.
    fn map(&mut self, named: Named) {
        let address = Address {
            did: &self.did,
            collection: &named.collection,
            rkey: &named.rkey,
        };
        let result = cbor::decode(&self.data[named.body.clone()])
            .map_err(|e| format!("malformed DAG-CBOR record: {e}"))
            .and_then(|value| records::events(&address, View::Cbor(&value)));
        match result {
            Ok(events) => self
                .pending
                .extend(events.into_iter().map(|e: Event| Ok(Item::Event(e)))),
            Err(reason) => self.pending.push_back(Err(Reject {
                source: self.source.clone(),
                line: named.block,
                reason,
                raw: address.uri(),
            })),
        }
    }
}

impl Iterator for CarRecords {
    type Item = Record;

    fn next(&mut self) -> Option<Record> {
        loop {
            if let Some(record) = self.pending.pop_front() {
                return Some(record);
            }
            match self.named.next() {
                Some(named) => self.map(named),
                None => return self.last.take().map(Err),
            }
        }
    }
}

/// The current repository state: the owner's DID and every record's path.
struct Tree {
    did: String,
    named: Vec<Named>,
    summary: Summary,
    /// Damaged MST nodes: (block number, reason).
    problems: Vec<(u64, String)>,
}

impl Tree {
    /// Reads the commit at `root` and walks its MST. The error (block number, reason) means no
    /// record can be named at all.
    fn walk(data: &[u8], blocks: &[Block], root: &[u8]) -> Result<Tree, (u64, String)> {
        // The first block with a CID wins; a repeated block is the same bytes by definition.
        let mut index: HashMap<&[u8], usize> = HashMap::with_capacity(blocks.len());
        for (i, block) in blocks.iter().enumerate() {
            index.entry(&data[block.cid.clone()]).or_insert(i);
        }
        let number = |i: usize| i as u64 + 1;
        let Some(&commit_at) = index.get(root) else {
            return Err((
                1,
                format!(
                    "the root commit named by the CAR header is not among the {} blocks read, so no record can be named",
                    blocks.len()
                ),
            ));
        };
        let commit_error = |why: String| (number(commit_at), format!("root commit: {why}"));
        let commit = cbor::decode(&data[blocks[commit_at].body.clone()]).map_err(|e| commit_error(e.to_string()))?;
        let did = commit
            .get("did")
            .and_then(Value::as_text)
            .ok_or_else(|| commit_error("no `did` string (not a repository commit?)".to_owned()))?;
        records::did(did).map_err(|e| commit_error(format!("field \"did\": {e}")))?;
        let mst_root = commit
            .get("data")
            .and_then(Value::as_link)
            .ok_or_else(|| commit_error("no `data` link to the record tree".to_owned()))?;

        let mut summary = Summary::default();
        let mut problems = Vec::new();
        // Record CID -> its keys. Visited nodes are remembered so that a forged cycle ends.
        let mut paths: HashMap<&[u8], Vec<String>> = HashMap::new();
        let mut used: HashSet<usize> = HashSet::from([commit_at]);
        let mut visited: HashSet<&[u8]> = HashSet::new();
        let mut stack = vec![mst_root];
        while let Some(link) = stack.pop() {
            if !visited.insert(link) {
                continue;
            }
            let Some(&at) = index.get(link) else {
                summary.missing_blocks += 1;
                continue;
            };
            used.insert(at);
            if let Err(why) = read_node(&data[blocks[at].body.clone()], &mut stack, &mut paths) {
                problems.push((
                    number(at),
                    format!("MST node (records below it cannot be named): {why}"),
                ));
            }
        }
        let mut named = Vec::new();
        for (i, block) in blocks.iter().enumerate() {
            let cid = &data[block.cid.clone()];
            if index.get(cid) != Some(&i) {
                continue;
            }
            let Some(keys) = paths.remove(cid) else { continue };
            used.insert(i);
            for key in keys {
                let (collection, rkey) = key.split_once('/').unwrap_or_default();
                if !records::is_mapped(collection) {
                    *summary.skipped.entry(collection.to_owned()).or_default() += 1;
                    continue;
                }
                named.push(Named {
                    block: number(i),
                    body: block.body.clone(),
                    collection: collection.to_owned(),
                    rkey: rkey.to_owned(),
                });
            }
        }
        // Whatever record CIDs are left were linked to but not in the file.
        summary.missing_blocks += paths.len() as u64;
        let distinct = index.len() as u64;
        summary.history_blocks = distinct - used.len() as u64;
        Ok(Tree {
            did: did.to_owned(),
            named,
            summary,
            problems,
        })
    }
}

/// Reads one MST node: pushes its subtrees on `stack` and its records' keys into `paths`. Keys
/// already read from a node stay read when a later entry turns out to be damaged.
fn read_node<'a>(
    body: &'a [u8],
    stack: &mut Vec<&'a [u8]>,
    paths: &mut HashMap<&'a [u8], Vec<String>>,
) -> Result<(), String> {
    let node = cbor::decode(body)?;
    let subtree = |value: Option<&Value<'a>>, what: &str| -> Result<Option<&'a [u8]>, String> {
        match value {
            None | Some(Value::Null) => Ok(None),
            Some(Value::Link(cid)) => Ok(Some(cid)),
            Some(other) => Err(format!("{what} is {}, expected a link or null", other.type_name())),
        }
    };
    stack.extend(subtree(node.get("l"), "`l`")?);
    let Some(Value::Array(entries)) = node.get("e") else {
        return Err("no `e` list of entries".to_owned());
    };
    let mut key: Vec<u8> = Vec::new();
    for (n, entry) in entries.iter().enumerate() {
        let n = n + 1;
        let prefix = match entry.get("p") {
            Some(&Value::Unsigned(p)) if p <= key.len() as u64 => p as usize,
            _ => return Err(format!("entry {n}: `p` is not a prefix length of the previous key")),
        };
        let Some(Value::Bytes(suffix)) = entry.get("k") else {
            return Err(format!("entry {n}: `k` is not a byte string"));
        };
        key.truncate(prefix);
        key.extend_from_slice(suffix);
        let Some(value) = entry.get("v").and_then(Value::as_link) else {
            return Err(format!("entry {n}: `v` is not a link"));
        };
        let path = std::str::from_utf8(&key)
            .ok()
            .filter(|k| {
                k.split_once('/')
                    .is_some_and(|(c, r)| !c.is_empty() && !r.is_empty() && !r.contains('/'))
            })
            .ok_or_else(|| {
                format!(
                    "entry {n}: key {:?} is not collection/rkey",
                    String::from_utf8_lossy(&key)
                )
            })?;
        paths.entry(value).or_default().push(path.to_owned());
        stack.extend(subtree(entry.get("t"), &format!("entry {n}: `t`"))?);
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cids() {
        let mut v1 = vec![0x01, 0x71, 0x12, 0x20];
        v1.extend([7; 32]);
        v1.extend(b"body");
        assert_eq!(cid_len(&v1), Ok(36));
        let mut v0 = vec![0x12, 0x20];
        v0.extend([7; 32]);
        assert_eq!(cid_len(&v0), Ok(34));
        assert!(cid_len(&[0x01, 0x71, 0x12, 0x20, 1]).unwrap_err().contains("runs past"));
        assert!(cid_len(&[0x02]).unwrap_err().contains("version 2"));
        assert!(cid_len(&[]).is_err());
    }

    #[test]
    fn headers() {
        // {"roots": [42(h'00 01')], "version": 1}
        let mut car = vec![0x16];
        car.extend([0xa2, 0x65]);
        car.extend(b"roots");
        car.extend([0x81, 0xd8, 0x2a, 0x42, 0x00, 0x01, 0x67]);
        car.extend(b"version");
        car.push(0x01);
        assert_eq!(car.len(), 23);
        assert_eq!(header(&car), Ok((vec![&[0x01][..]], 23)));
        let mut v2 = car.clone();
        v2[22] = 0x02;
        assert!(header(&v2).unwrap_err().contains("version: 1"));
        assert!(header(&car[..10]).unwrap_err().contains("does not fit"));
        assert!(header(b"{\"did\":1}").is_err());
    }

    /// What the real exports hold besides events (see tests/oracles/bluesky_car.py for the
    /// independent count): skipped collections, history and, for the slice, missing blocks.
    #[test]
    fn summaries_of_the_real_exports() {
        let dir = std::env::var_os("SILLAGE_DATA_DIR")
            .map(std::path::PathBuf::from)
            .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"))
            .join("formats/bluesky-car");
        if !dir.is_dir() {
            println!("skipped: no Bluesky samples at {}", dir.display());
            return;
        }
        let summary = |name: &str| {
            let data = std::fs::read(dir.join(name)).unwrap();
            CarRecords::new(name, data).unwrap().summary().clone()
        };
        let profile = BTreeMap::from([("app.bsky.actor.profile".to_owned(), 1)]);
        let paul = summary("paul_staging.repo.car");
        assert_eq!(paul.skipped, profile);
        assert_eq!((paul.missing_blocks, paul.history_blocks), (0, 215));
        let faker = summary("fakermaker.repo.car");
        assert_eq!(faker.skipped, profile);
        assert_eq!((faker.missing_blocks, faker.history_blocks), (0, 506));
        let slice = summary("repo_slice.car");
        assert_eq!(slice.skipped, BTreeMap::new());
        assert_eq!((slice.missing_blocks, slice.history_blocks), (5, 0));
        let green = summary("greenground.repo.car");
        assert_eq!((green.missing_blocks, green.history_blocks), (0, 0));
    }
}
