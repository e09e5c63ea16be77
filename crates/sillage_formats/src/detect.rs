//! Format detection from a file's name and first content line.

use std::path::Path;
use std::sync::Arc;
use std::sync::atomic::AtomicU64;

use crate::lines::{Lines, is_blank_or_comment};
use crate::record::raw_excerpt;
use crate::{Format, FormatError, families, higgs, json_fields, source};

/// How many lines detection looks through for the first content line before giving up: enough for
/// any comment header, few enough that detection stays instant on a file of comments.
const MAX_SNIFFED_LINES: u64 = 1000;

/// Names a file's format from its extension (after stripping `.gz`) and its first line that is
/// neither blank nor a `#` comment (decompressed when the file is gzipped).
///
/// - `.jsonl`, `.ndjson`, `.json` mean [`Format::Jsonl`], `.csv` means [`Format::Csv`];
/// - a JSON object with `handle` and no `kind` means [`Format::Accounts`], any other JSON object
///   [`Format::Jsonl`]; a comma-separated header with `kind` and `actor` columns [`Format::Csv`];
///   `int int int RT|MT|RE` [`Format::Higgs`].
///
/// The extension decides when it names a format, except that content saying accounts wins over an
/// extension saying JSONL (both are JSON Lines; `accounts.jsonl` is the documented name).
pub fn detect(path: &Path) -> Result<Format, FormatError> {
    // Folders and zip files are exports (an account archive, an ActivityPub export).
    if path.is_dir() || path.extension().is_some_and(|e| e.eq_ignore_ascii_case("zip")) {
        return families::sniff_bundle(path).ok_or_else(|| FormatError::Undetectable {
            path: path.to_owned(),
            reason: "a folder or zip that is neither a Twitter/X archive (data/manifest.js) nor an ActivityPub \
                     export (outbox.json)"
                .to_owned(),
        });
    }
    let head = head(path)?;
    if is_http_recording(&head) {
        return Err(FormatError::Undetectable {
            path: path.to_owned(),
            reason: "an HTTP recording (a VCR cassette of a client library's tests), not an export: read the \
                     response bodies it holds instead (saved one per file, e.g. with the twitter-api or mastodon \
                     format)"
                .to_owned(),
        });
    }
    if let Some(format) = families::sniff(path, &head) {
        return Ok(format);
    }
    let by_name = by_extension(path);
    let by_content = sniff(path)?;
    match (by_name, by_content) {
        (Some(Format::Jsonl), Sniffed::Format(Format::Accounts)) => Ok(Format::Accounts),
        (Some(format), _) | (None, Sniffed::Format(format)) => Ok(format),
        (None, Sniffed::Unknown(line)) => Err(FormatError::Undetectable {
            path: path.to_owned(),
            reason: format!(
                "no .jsonl, .ndjson, .json or .csv extension, and the first line {line:?} is neither a JSON object, \
                 a csv header with kind and actor columns, nor a Higgs line (userA userB unix_ts RT|MT|RE)"
            ),
        }),
        (None, Sniffed::Nothing) => Err(FormatError::Undetectable {
            path: path.to_owned(),
            reason: format!(
                "no .jsonl, .ndjson, .json or .csv extension, and no content line in the first {MAX_SNIFFED_LINES} lines"
            ),
        }),
    }
}

/// Whether a file is a VCR cassette (recorded HTTP interactions, YAML or JSON): client libraries'
/// test recordings, which hold responses as escaped strings inside request/response pairs.
fn is_http_recording(head: &[u8]) -> bool {
    let text = String::from_utf8_lossy(&head[..head.len().min(4096)]);
    let trimmed = text.trim_start();
    if trimmed.starts_with("interactions:") {
        return true;
    }
    trimmed.starts_with('{') && text.contains("\"interactions\"") && text.contains("\"request\"")
}

/// How many decompressed bytes the export families see to recognise a file.
const HEAD_BYTES: usize = 64 * 1024;

/// The first [`HEAD_BYTES`] of a file, decompressed.
fn head(path: &Path) -> Result<Vec<u8>, FormatError> {
    use std::io::Read;
    let mut stream = source::open_path(path, Arc::new(AtomicU64::new(0))).map_err(|source| FormatError::Io {
        path: path.to_owned(),
        source,
    })?;
    let mut head = Vec::with_capacity(HEAD_BYTES);
    (&mut stream)
        .take(HEAD_BYTES as u64)
        .read_to_end(&mut head)
        .map_err(|source| FormatError::Io {
            path: path.to_owned(),
            source,
        })?;
    Ok(head)
}

fn by_extension(path: &Path) -> Option<Format> {
    let name = path.file_name()?.to_str()?.to_ascii_lowercase();
    let name = name.strip_suffix(".gz").unwrap_or(&name);
    let (_, extension) = name.rsplit_once('.')?;
    match extension {
        "jsonl" | "ndjson" | "json" => Some(Format::Jsonl),
        "csv" => Some(Format::Csv),
        _ => None,
    }
}

enum Sniffed {
    Format(Format),
    /// The first content line, as an excerpt for the error message.
    Unknown(String),
    Nothing,
}

fn sniff(path: &Path) -> Result<Sniffed, FormatError> {
    let io_error = |source| FormatError::Io {
        path: path.to_owned(),
        source,
    };
    let mut lines = Lines::new(source::open_path(path, Arc::new(AtomicU64::new(0))).map_err(io_error)?);
    while lines.number() < MAX_SNIFFED_LINES {
        let Some(line) = lines.next_line() else { break };
        let line = line.map_err(io_error)?;
        if is_blank_or_comment(line.bytes) {
            continue;
        }
        return Ok(classify(line.bytes).map_or_else(|| Sniffed::Unknown(raw_excerpt(line.bytes)), Sniffed::Format));
    }
    Ok(Sniffed::Nothing)
}

/// The format one content line belongs to, if any.
fn classify(line: &[u8]) -> Option<Format> {
    if let Ok(obj) = json_fields::parse_object(line) {
        let accounts = obj.contains_key("handle") && !obj.contains_key("kind");
        return Some(if accounts { Format::Accounts } else { Format::Jsonl });
    }
    // A line that opens an object but does not parse (a malformed first event, or one cut at the
    // line limit) is still far more likely JSON Lines than anything else.
    if line.trim_ascii_start().starts_with(b"{") {
        return Some(Format::Jsonl);
    }
    if higgs::parse_line(line).is_ok() {
        return Some(Format::Higgs);
    }
    let text = String::from_utf8_lossy(line);
    let columns: Vec<String> = text
        .split(',')
        .map(|c| c.trim().trim_matches('"').trim().to_ascii_lowercase())
        .collect();
    if columns.iter().any(|c| c == "kind") && columns.iter().any(|c| c == "actor") {
        return Some(Format::Csv);
    }
    None
}

#[cfg(test)]
mod tests {
    use std::io::Write;

    use flate2::Compression;
    use flate2::write::GzEncoder;

    use super::*;

    fn file(name: &str, content: &[u8], gzip: bool) -> (tempfile::TempDir, std::path::PathBuf) {
        let dir = tempfile::tempdir().unwrap();
        let path = dir.path().join(name);
        let mut f = std::fs::File::create(&path).unwrap();
        if gzip {
            let mut enc = GzEncoder::new(Vec::new(), Compression::fast());
            enc.write_all(content).unwrap();
            f.write_all(&enc.finish().unwrap()).unwrap();
        } else {
            f.write_all(content).unwrap();
        }
        (dir, path)
    }

    fn detected(name: &str, content: &str, gzip: bool) -> Result<Format, String> {
        let (_dir, path) = file(name, content.as_bytes(), gzip);
        detect(&path).map_err(|e| e.to_string())
    }

    const EVENT: &str = r#"{"id":"1","kind":"post","actor":"a","at":0}"#;
    const ACCOUNT: &str = r#"{"handle":"a","followers":3}"#;

    #[test]
    fn by_extension_and_content() {
        assert_eq!(detected("e.jsonl", EVENT, false), Ok(Format::Jsonl));
        assert_eq!(detected("e.NDJSON.gz", EVENT, true), Ok(Format::Jsonl));
        assert_eq!(detected("e.json", "", false), Ok(Format::Jsonl));
        assert_eq!(detected("e", EVENT, false), Ok(Format::Jsonl));
        assert_eq!(detected("accounts.jsonl", ACCOUNT, false), Ok(Format::Accounts));
        assert_eq!(
            detected("people.data.gz", &format!("# accounts\n\n{ACCOUNT}\n"), true),
            Ok(Format::Accounts)
        );
        assert_eq!(detected("e.csv", "anything", false), Ok(Format::Csv));
        assert_eq!(
            detected("e.txt", "\"id\",\"kind\",\"actor\",\"at\"\r\n", false),
            Ok(Format::Csv)
        );
        assert_eq!(
            detected("higgs-activity_time.txt.gz", "1 2 1341100972 RT\n", true),
            Ok(Format::Higgs)
        );
        assert_eq!(detected("h.txt", "# comment\n1\t2\t3\tMT\n", false), Ok(Format::Higgs));
        assert_eq!(detected("broken", "{\"id\":", false), Ok(Format::Jsonl));
    }

    #[test]
    fn extension_wins_except_for_accounts() {
        assert_eq!(detected("e.csv", EVENT, false), Ok(Format::Csv));
        assert_eq!(detected("e.json", "1 2 3 RT", false), Ok(Format::Jsonl));
        assert_eq!(detected("e.csv", ACCOUNT, false), Ok(Format::Csv));
    }

    #[test]
    fn failures_name_the_file() {
        let err = detected("edges.txt", "1 2 0.5\n", false).unwrap_err();
        assert!(
            err.starts_with("cannot tell the format of ") && err.contains("edges.txt"),
            "{err}"
        );
        assert!(err.contains("\"1 2 0.5\""), "{err}");
        let err = detected("empty.txt", "# only comments\n", false).unwrap_err();
        assert!(err.contains("empty.txt") && err.contains("no content line"), "{err}");
        let err = detect(Path::new("/nonexistent/x.jsonl")).unwrap_err().to_string();
        assert!(err.starts_with("cannot read /nonexistent/x.jsonl: "), "{err}");
    }
}
