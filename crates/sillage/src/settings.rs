//! Flags as parsed → the jobs' settings: values checked, files named by flags read and validated.
//! Everything wrong here is bad usage (exit code 2), with the flag and, for files, the place.

use std::path::Path;

use anyhow::{Context, Result};
use sillage_formats::{EdgeListSpec, Format, ReadOptions};
use sillage_model::{AccountKey, EventKind, HalfLife, parse_duration, parse_instant};
use sillage_pipeline::{IngestOptions, ScoreOptions, TopOptions};
use sillage_score::ScoreConfig;
use sillage_topics::Taxonomy;

use crate::cli::{FormatArg, IngestArgs, ScoreArgs, TopArgs};

/// A flag value that parsed as text but means nothing (exit code 2, like clap's own errors).
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
pub struct UsageError(pub String);

pub fn ingest_options(args: &IngestArgs) -> Result<IngestOptions> {
    let format = match args.format {
        FormatArg::Auto => None,
        FormatArg::Jsonl => Some(Format::Jsonl),
        FormatArg::Csv => Some(Format::Csv),
        FormatArg::Higgs => Some(Format::Higgs),
        FormatArg::Accounts => Some(Format::Accounts),
        FormatArg::TwitterArchive => Some(Format::TwitterArchive),
        FormatArg::TwitterApi => Some(Format::TwitterApi),
        FormatArg::Mastodon => Some(Format::Mastodon),
        FormatArg::Activitypub => Some(Format::ActivityPub),
        FormatArg::BlueskyCar => Some(Format::BlueskyCar),
        FormatArg::BlueskyJsonl => Some(Format::BlueskyJsonl),
        FormatArg::Reddit => Some(Format::Reddit),
        FormatArg::Edgelist => Some(Format::EdgeList),
    };
    Ok(IngestOptions {
        format,
        strict: args.strict,
        read: ReadOptions {
            edge_list: edge_list_spec(args)?,
        },
    })
}

/// `--columns`, `--edge-kind`, `--net` and `--at` → how to read an edge list.
fn edge_list_spec(args: &IngestArgs) -> Result<EdgeListSpec> {
    let mut spec = EdgeListSpec {
        net: args.net.trim().to_lowercase(),
        ..EdgeListSpec::default()
    };
    if spec.net.is_empty() {
        return Err(UsageError("--net: the network name is empty".into()).into());
    }
    spec.kind = args
        .edge_kind
        .parse::<EventKind>()
        .ok()
        .filter(|k| *k != EventKind::Post)
        .ok_or_else(|| {
            UsageError(format!(
                "--edge-kind: {:?} is not an event between two accounts (follow, unfollow, repost, quote, reply, \
                 mention or like)",
                args.edge_kind
            ))
        })?;
    let (mut actor, mut target) = (None, None);
    for (i, name) in args.columns.split(',').map(str::trim).enumerate() {
        let slot = match name {
            "actor" => &mut actor,
            "target" => &mut target,
            "time" => &mut spec.time_column,
            "weight" => &mut spec.weight_column,
            "-" | "" => continue,
            other => {
                return Err(UsageError(format!(
                    "--columns: column {} is {other:?}; name each column actor, target, time, weight or - (skip)",
                    i + 1
                ))
                .into());
            }
        };
        if slot.replace(i).is_some() {
            return Err(UsageError(format!("--columns: {name:?} is named twice")).into());
        }
    }
    spec.actor_column = actor.ok_or_else(|| UsageError("--columns: no actor column".into()))?;
    spec.target_column = target.ok_or_else(|| UsageError("--columns: no target column".into()))?;
    if let Some(t) = &args.at {
        spec.at = Some(parse_instant(t).map_err(|e| UsageError(format!("--at: {e}")))?);
    }
    Ok(spec)
}

pub fn score_options(args: &ScoreArgs) -> Result<ScoreOptions> {
    let as_of = match &args.as_of {
        Some(t) => Some(parse_instant(t).map_err(|e| UsageError(format!("--as-of: {e}")))?),
        None => None,
    };
    let mut config = ScoreConfig::default();
    if let Some(h) = &args.half_life {
        let seconds = parse_duration(h).map_err(|e| UsageError(format!("--half-life: {e}")))?;
        config.half_life = HalfLife::from_seconds(seconds)
            .ok_or_else(|| UsageError(format!("--half-life: {h:?} must be positive")))?;
    }
    config.pagerank.damping = args.damping;
    config.pagerank.tolerance = args.tolerance;
    config.pagerank.max_iterations = args.max_iterations;
    let config = config.validate().map_err(|e| UsageError(e.to_string()))?;
    let trusted = match &args.trusted {
        Some(path) => read_trusted(path)?,
        None => Vec::new(),
    };
    let taxonomy = match &args.taxonomy {
        Some(path) => Some(read_taxonomy(path)?),
        None => None,
    };
    Ok(ScoreOptions {
        as_of,
        config,
        taxonomy,
        trusted,
    })
}

pub fn top_options(args: &TopArgs) -> Result<TopOptions> {
    if let Some(lang) = &args.lang
        && !is_language_tag(lang)
    {
        return Err(UsageError(format!("--lang: {lang:?} is not a language tag such as fr or en-GB")).into());
    }
    if let Some(org) = args.exclude_orgs.iter().find(|o| o.trim().is_empty()) {
        return Err(UsageError(format!("--exclude-org: {org:?} names no organisation")).into());
    }
    Ok(TopOptions {
        limit: args.limit,
        topic: args.topic.clone(),
        lang: args.lang.clone(),
        exclude_orgs: args.exclude_orgs.clone(),
    })
}

/// `fr`, `en-GB`, `zh_Hant`: letters, digits and separators, starting with letters.
fn is_language_tag(tag: &str) -> bool {
    tag.chars().next().is_some_and(|c| c.is_ascii_alphabetic())
        && tag.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// Reads `--trusted FILE`: one `network:handle` per line; `#` starts a comment (at the start of
/// a line or after a space); blank lines are skipped; an account listed twice counts once.
pub fn read_trusted(path: &Path) -> Result<Vec<AccountKey>> {
    let text =
        std::fs::read(path).map_err(|e| UsageError(format!("--trusted: cannot read {}: {e}", path.display())))?;
    let text = String::from_utf8(text)
        .map_err(|e| UsageError(format!("--trusted: {}: not UTF-8 text ({e})", path.display())))?;
    parse_trusted(&text)
        .map_err(|(line, reason)| UsageError(format!("--trusted: {}:{line}: {reason}", path.display())).into())
}

/// The accounts of a trusted list, or the first bad line's 1-based number and what is wrong.
fn parse_trusted(text: &str) -> Result<Vec<AccountKey>, (usize, String)> {
    let mut keys: Vec<AccountKey> = Vec::new();
    for (i, raw) in text.lines().enumerate() {
        let content = strip_comment(raw).trim();
        if content.is_empty() {
            continue;
        }
        if content.split_whitespace().nth(1).is_some() {
            return Err((
                i + 1,
                format!("{content:?} holds more than one word; write one network:handle per line"),
            ));
        }
        let key = AccountKey::parse(content).map_err(|e| (i + 1, e.to_string()))?;
        if !keys.contains(&key) {
            keys.push(key);
        }
    }
    Ok(keys)
}

fn strip_comment(line: &str) -> &str {
    let mut previous = ' ';
    for (i, c) in line.char_indices() {
        if c == '#' && previous.is_whitespace() {
            return &line[..i];
        }
        previous = c;
    }
    line
}

/// Reads `--taxonomy FILE` (TOML, see sillage_topics); the error names the file and the topic.
pub fn read_taxonomy(path: &Path) -> Result<Taxonomy> {
    let text = std::fs::read_to_string(path)
        .map_err(|e| UsageError(format!("--taxonomy: cannot read {}: {e}", path.display())))?;
    Taxonomy::from_toml(&text).map_err(|e| UsageError(format!("--taxonomy: {}: {}", path.display(), chain(&e))).into())
}

/// An error and its sources, joined by `: `.
fn chain(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(s) = source {
        let s_text = s.to_string();
        if !text.contains(s_text.trim()) {
            text.push_str(": ");
            text.push_str(s_text.trim());
        }
        source = s.source();
    }
    text
}

/// `serve --record-every`: a duration, `0` for never.
pub fn record_interval(text: &str) -> Result<Option<std::time::Duration>> {
    if text.trim() == "0" {
        return Ok(None);
    }
    let seconds = parse_duration(text).map_err(|e| UsageError(format!("--record-every: {e}")))?;
    Ok(Some(std::time::Duration::from_secs_f64(seconds.max(1.0))))
}

/// The server's bearer token: the file's first line, else `SILLAGE_TOKEN`; `None` when neither
/// is set. An empty or short token is refused: it would protect nothing.
pub fn server_token(file: Option<&Path>) -> Result<Option<String>> {
    let token = match file {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).with_context(|| format!("reading the token file {}", path.display()))?;
            Some(text.lines().next().unwrap_or("").trim().to_owned())
        }
        None => std::env::var("SILLAGE_TOKEN").ok().map(|t| t.trim().to_owned()),
    };
    match token {
        Some(t) if t.len() < 16 => Err(UsageError(format!(
            "the token must be at least 16 characters (it has {}); generate one with `openssl rand -hex 32`",
            t.len()
        ))
        .into()),
        t => Ok(t),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn trusted_lists_skip_comments_and_blank_lines() {
        let text =
            "# our team\ntwitter:jtang\n\n  mastodon:jt@piaille.fr   # same person\ntwitter:jtang\nbluesky:a#b\n";
        let keys = parse_trusted(text).unwrap();
        let keys: Vec<String> = keys.iter().map(ToString::to_string).collect();
        assert_eq!(keys, ["twitter:jtang", "mastodon:jt@piaille.fr", "bluesky:a#b"]);
    }

    #[test]
    fn a_bad_trusted_line_is_named() {
        assert_eq!(parse_trusted("twitter:a\n\njtang\n").unwrap_err().0, 3);
        let (line, reason) = parse_trusted("# x\ntwitter:a twitter:b\n").unwrap_err();
        assert_eq!(line, 2);
        assert!(reason.contains("one network:handle per line"), "{reason}");
        assert_eq!(parse_trusted("twitter:\n").unwrap_err().0, 1);
    }

    #[test]
    fn language_tags() {
        assert!(is_language_tag("fr") && is_language_tag("en-GB") && is_language_tag("zh_Hant"));
        assert!(!is_language_tag("") && !is_language_tag("français") && !is_language_tag("-fr"));
    }
}
