//! From stored (or in-memory) events to the score model's compact input: accounts and content
//! interned to integers, topics assigned, each account's main language found.
//!
//! Compact account ids follow the accounts' keys, not the order events arrived in, so the same
//! events give bit-identical scores whatever the order of the input (P8).

use std::collections::HashMap;

use rustc_hash::FxHashMap;
use sillage_model::{AccountKey, EventKind, Instant};
use sillage_score::model::{AccountFacts, ModelEvent, ModelInput, NO_ACCOUNT, NO_CONTENT};
use sillage_topics::{Matcher, Taxonomy};

/// An account as the loader needs it; `id` is the caller's (store) id, dense from small ints.
#[derive(Debug, Clone)]
pub(crate) struct AccountMeta {
    pub id: i64,
    pub key: AccountKey,
    pub opt_out: bool,
    pub created_at: Option<Instant>,
    pub followers: Option<u64>,
    pub following: Option<u64>,
    pub lang: Option<String>,
}

/// One event, with accounts as caller ids.
#[derive(Debug, Clone)]
pub(crate) struct RawEvent<'a> {
    pub origin: i64,
    pub actor: i64,
    pub target: Option<i64>,
    pub kind: EventKind,
    pub at: Instant,
    pub post: Option<&'a str>,
    pub parent: Option<&'a str>,
    pub tags: &'a [String],
    pub urls: &'a [String],
    pub lang: Option<&'a str>,
    pub text: Option<&'a str>,
}

/// The compact nodes of a computation: `nodes[c]` is the caller id of compact account `c`.
#[derive(Debug, Clone)]
pub(crate) struct Nodes {
    pub ids: Vec<i64>,
    pub keys: Vec<AccountKey>,
    pub langs: Vec<Option<String>>,
    /// Caller id → compact id.
    pub compact: HashMap<i64, u32>,
}

/// A loaded event: actor, target (−1: none), kind, instant, post, parent, topics, origin.
type Loaded = (i64, i64, EventKind, Instant, u32, u32, u128, i64);

#[derive(Clone)]
pub(crate) struct InputBuilder {
    matcher: Matcher,
    topic_count: usize,
    /// Content id → compact content id, in order of first sight. Only ever looked up, never
    /// iterated, so the hasher cannot change the ids. FxHash rather than SipHash: hashing ten
    /// million ids with SipHash was a quarter of reading the events. (FxHash does not resist
    /// ids crafted to collide; the ids come from files the user ingests and from pushes, which
    /// need the server's token.)
    content: FxHashMap<String, u32>,
    content_topics: Vec<u128>,
    events: Vec<Loaded>,
    langs: Vec<(i64, String)>,
}

impl InputBuilder {
    pub fn new(taxonomy: &Taxonomy) -> InputBuilder {
        InputBuilder {
            matcher: taxonomy.matcher(),
            topic_count: taxonomy.len(),
            content: FxHashMap::default(),
            content_topics: Vec::new(),
            events: Vec::new(),
            langs: Vec::new(),
        }
    }

    fn intern(&mut self, id: &str) -> u32 {
        if let Some(&c) = self.content.get(id) {
            return c;
        }
        let c = self.content_topics.len() as u32;
        self.content.insert(id.to_owned(), c);
        self.content_topics.push(0);
        c
    }

    /// Adds a stored event.
    pub fn add_row(&mut self, row: &sillage_store::EventRow) {
        self.add(RawEvent {
            origin: row.row,
            actor: row.actor,
            target: row.target,
            kind: row.kind,
            at: row.at,
            post: row.post.as_deref(),
            parent: row.parent.as_deref(),
            tags: &row.tags,
            urls: &row.urls,
            lang: row.lang.as_deref(),
            text: row.text.as_deref(),
        });
    }

    pub fn add(&mut self, e: RawEvent<'_>) {
        let topics = if e.tags.is_empty() && e.urls.is_empty() && e.text.is_none() {
            0
        } else {
            self.matcher.assign(e.tags, e.urls, e.text).bits()
        };
        let post = e.post.map_or(NO_CONTENT, |p| self.intern(p));
        let parent = e.parent.map_or(NO_CONTENT, |p| self.intern(p));
        if post != NO_CONTENT {
            self.content_topics[post as usize] |= topics;
        }
        if let Some(lang) = e.lang
            && !matches!(e.kind, EventKind::Follow | EventKind::Unfollow | EventKind::Like)
        {
            self.langs.push((e.actor, primary_language(lang)));
        }
        self.events.push((
            e.actor,
            e.target.unwrap_or(-1),
            e.kind,
            e.at,
            post,
            parent,
            topics,
            e.origin,
        ));
    }

    /// The model input as of `as_of`, over the accounts that have at least one event by then.
    /// `trusted` marks accounts of the user's trusted list.
    /// The builder stays usable: the server adds pushed events and finishes again.
    pub fn finish(&self, accounts: &[AccountMeta], trusted: &[AccountKey], as_of: Instant) -> (ModelInput, Nodes) {
        // Caller ids are small and dense (store row ids, or positions): plain vectors map them.
        let slots = accounts.iter().map(|a| a.id.max(0) as usize + 1).max().unwrap_or(0);
        let mut meta: Vec<Option<&AccountMeta>> = vec![None; slots];
        for a in accounts {
            if a.id >= 0 {
                meta[a.id as usize] = Some(a);
            }
        }
        let known = |id: i64| id >= 0 && (id as usize) < slots && meta[id as usize].is_some();
        let mut used = vec![false; slots];
        for e in self.events.iter().filter(|e| e.3 <= as_of) {
            if known(e.0) {
                used[e.0 as usize] = true;
            }
            if known(e.1) {
                used[e.1 as usize] = true;
            }
        }
        let by_id = |id: &i64| meta[*id as usize].expect("a known account");
        let mut seen: Vec<i64> = (0..slots as i64).filter(|&id| used[id as usize]).collect();
        seen.sort_by(|a, b| by_id(a).key.cmp(&by_id(b).key));
        let mut compact_of = vec![u32::MAX; slots];
        for (c, &id) in seen.iter().enumerate() {
            compact_of[id as usize] = c as u32;
        }
        let lookup = |id: i64| -> Option<u32> {
            let c = *compact_of.get(usize::try_from(id).ok()?)?;
            (c != u32::MAX).then_some(c)
        };
        let trusted: std::collections::HashSet<&AccountKey> = trusted.iter().collect();
        let facts = seen
            .iter()
            .map(|id| {
                let a = by_id(id);
                AccountFacts {
                    created_at: a.created_at,
                    reported_followers: a.followers,
                    reported_following: a.following,
                    shown: !a.opt_out,
                    trusted: trusted.contains(&a.key),
                }
            })
            .collect();
        let events = self
            .events
            .iter()
            .filter(|e| e.3 <= as_of)
            .filter_map(|&(actor, target, kind, at, post, parent, topics, origin)| {
                // Reactions are about what they react to: they inherit the topics of their parent.
                let topics = if parent != NO_CONTENT {
                    topics | self.content_topics[parent as usize]
                } else {
                    topics
                };
                let actor = lookup(actor)?;
                let target = if target >= 0 { lookup(target)? } else { NO_ACCOUNT };
                Some(ModelEvent {
                    actor,
                    target,
                    kind,
                    at,
                    post,
                    parent,
                    topics,
                    origin: origin as u64,
                })
            })
            .collect();
        // Main language: declared, else the most used in the account's own content.
        let mut langs = self.langs.clone();
        langs.sort_unstable();
        let mut used: HashMap<i64, (String, usize)> = HashMap::new();
        for group in langs.chunk_by(|a, b| a == b) {
            let (id, lang) = (&group[0].0, &group[0].1);
            let entry = used.entry(*id).or_insert_with(|| (lang.clone(), 0));
            if group.len() > entry.1 {
                *entry = (lang.clone(), group.len());
            }
        }
        let langs = seen
            .iter()
            .map(|id| {
                by_id(id)
                    .lang
                    .as_deref()
                    .map(primary_language)
                    .or_else(|| used.get(id).map(|u| u.0.clone()))
            })
            .collect();
        let input = ModelInput {
            as_of,
            accounts: facts,
            events,
            topic_count: self.topic_count,
        };
        let compact = seen.iter().enumerate().map(|(c, &id)| (id, c as u32)).collect();
        let nodes = Nodes {
            keys: seen.iter().map(|id| by_id(id).key.clone()).collect(),
            ids: seen,
            langs,
            compact,
        };
        (input, nodes)
    }
}

/// `fr-FR` → `fr`: filters match on the primary language subtag, lowercased.
pub(crate) fn primary_language(tag: &str) -> String {
    tag.split(['-', '_']).next().unwrap_or(tag).trim().to_ascii_lowercase()
}
