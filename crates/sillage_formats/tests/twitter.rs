//! Twitter/X archive and API readers, on the real samples of `shared/data/formats/twitter-*` and on
//! small hand-written fixtures for each quirk.
//!
//! Expected counts of the real samples were derived independently of the Rust code, by this Python
//! script reading the raw files (run with `python3 oracle.py`; its rules restate the documented
//! mapping: repost > reply > quote > post, mentions minus the reply/repost target, mentions without a
//! resolvable id rejected, likes kept only when the archive reveals the liked tweet's author):
//!
//! ```python
//! import json, glob, os, re, collections
//! D = os.environ.get('SILLAGE_DATA_DIR', '/work/shared/data') + '/formats/'
//! def js(f):
//!     s = open(f, encoding='utf-8').read(); return json.loads(s[s.index('=') + 1:])
//! def rt_name(t):
//!     m = re.match(r'RT @(\w*)', t or ''); return m and m.group(1)
//! def tweet(t, owner=None, users={}, tweets={}):
//!     c = collections.Counter(); tid = t.get('id_str') or str(t['id'])
//!     author = (t.get('user') or {}).get('id_str') or t.get('author_id') or owner
//!     if not author: return c, 1
//!     ents = t.get('entities') or {}
//!     ments = ents.get('user_mentions', []) + ents.get('mentions', [])
//!     def mid(m): return m.get('id_str') or m.get('id') or users.get(m.get('username', '').lower())
//!     refs = {r['type']: r for r in t.get('referenced_tweets', [])}
//!     rn = rt_name(t.get('full_text') or t.get('text'))
//!     def by_name(n):
//!         for m in ments:
//!             if (m.get('screen_name') or m.get('username') or '').lower() == n.lower(): return mid(m)
//!         return users.get(n.lower())
//!     target = None
//!     if 'retweeted_status' in t: kind, target = 'repost', t['retweeted_status']['user']['id_str']
//!     elif 'retweeted' in refs:
//!         r = refs['retweeted']; kind, target = 'repost', r.get('author_id') or tweets.get(r['id']) or by_name(rn)
//!     elif rn: kind, target = 'repost', by_name(rn)
//!     elif t.get('in_reply_to_status_id_str') or 'replied_to' in refs:
//!         target = t.get('in_reply_to_user_id_str') or t.get('in_reply_to_user_id'); kind = 'reply' if target else 'post'
//!     elif t.get('quoted_status') or 'quoted' in refs:
//!         target = (t.get('quoted_status') or {}).get('user', {}).get('id_str') or refs.get('quoted', {}).get('author_id') or tweets.get(refs.get('quoted', {}).get('id'))
//!         kind = 'quote' if target else 'post'
//!     else: kind = 'post'
//!     if kind == 'repost' and not target: return c, 1
//!     c[kind] += 1; rej = 0; seen = set()
//!     for m in ments:
//!         u = mid(m)
//!         if not u: rej += 1; continue
//!         if (kind in ('reply', 'repost') and u == target) or u in seen: continue
//!         seen.add(u); c['mention'] += 1
//!     return c, rej
//! def api_file(f):
//!     c = collections.Counter(); rej = 0
//!     docs = [json.loads(l) for l in open(f) if l.strip()] if f.endswith('.jsonl') else [json.load(open(f))]
//!     def walk(v):
//!         nonlocal rej, c
//!         if isinstance(v, list):
//!             for x in v: walk(x)
//!         elif 'body' in v: walk(v['body'])
//!         elif 'data' in v:
//!             inc = v.get('includes', {})
//!             users = {u['username'].lower(): u['id'] for u in inc.get('users', [])}
//!             tweets = {x['id']: x['author_id'] for x in inc.get('tweets', [])}
//!             data = v['data'] if isinstance(v['data'], list) else [v['data']]
//!             for x in data:
//!                 if 'text' in x:
//!                     k, r = tweet(x, None, users, tweets); c += k; rej += r
//!         elif 'statuses' in v: walk(v['statuses'])
//!         elif 'text' in v or 'full_text' in v:
//!             k, r = tweet(v); c += k; rej += r
//!     for d in docs: walk(d)
//!     return dict(c), rej
//! for f in sorted(glob.glob(D + 'twitter-api-*/*.jsonl') + glob.glob(D + 'twitter-api-tweepy/bodies/*.json')):
//!     print(os.path.basename(f), *api_file(f))
//! man = js(D + 'twitter-archive/data/manifest.js'); owner = man['userInfo']['accountId']
//! tw = [x['tweet'] for x in js(D + 'twitter-archive/data/tweets.js')]
//! c = collections.Counter(); rej = 0
//! for t in tw:
//!     k, r = tweet(t, owner); c += k; rej += r
//! print('tweets.js', dict(c), rej)
//! authors = {}
//! for t in tw:
//!     authors.setdefault(t['id_str'], owner)
//!     if t.get('in_reply_to_status_id_str') and t.get('in_reply_to_user_id_str'): authors.setdefault(t['in_reply_to_status_id_str'], t['in_reply_to_user_id_str'])
//!     for m in t['entities'].get('media', []):
//!         if 'source_status_id_str' in m: authors.setdefault(m['source_status_id_str'], m['source_user_id_str'])
//! lk = [x['like']['tweetId'] for x in js(D + 'twitter-archive/data/like.js')]
//! print('like.js likes', sum(1 for i in lk if i in authors), 'rejects', sum(1 for i in lk if i not in authors))
//! print('follower.js', len(js(D + 'twitter-archive/data/follower.js')), 'following.js', len(js(D + 'twitter-archive/data/following.js')))
//! # accounts: one per distinct user id (twice when a bare mention and a full profile both occur)
//! ment = {m['id_str'] for t in tw for m in t['entities']['user_mentions']}
//! print('archive tweets.js accounts', len(ment | {owner}) + (owner in ment))
//! fl = [json.loads(l) for l in open(D + 'twitter-api-v2-twarc/flat.jsonl')]
//! ids = set()
//! for t in fl:
//!     for u in [t.get('author'), t.get('in_reply_to_user')] + [r.get('author') for r in t.get('referenced_tweets', [])] + t['entities'].get('mentions', []):
//!         if u and u.get('id'): ids.add(u['id'])
//! print('flat accounts', len(ids))
//! nf = json.loads(open(D + 'twitter-api-v2-twarc/noflat.jsonl').readline())
//! print('noflat accounts', len({u['id'] for u in nf['includes']['users']}))
//! print('users.jsonl accounts', len({u['id'] for l in open(D + 'twitter-api-v2-twarc/users.jsonl') for u in json.loads(l)['data']}))
//! ```
//!
//! Account counts of the tweepy bodies: `len({u['id'] for u in body['data']})` for the v2 users
//! responses, and for the v1.1 ones (a full user object and a bare mention of the same id are two
//! records, the second adding nothing but the first lacking counts):
//!
//! ```python
//! for f in sorted(glob.glob(D + 'twitter-api-tweepy/bodies/test[a-z]*.json')):
//!     b = json.load(open(f))['body']
//!     b = b['statuses'] if isinstance(b, dict) and 'statuses' in b else b
//!     keys = set()
//!     for t in (b if isinstance(b, list) else [b]):
//!         for u in [t['user'], (t.get('retweeted_status') or {}).get('user'), (t.get('quoted_status') or {}).get('user')]:
//!             if u: keys.add((u['id_str'], True))
//!         for m in t['entities']['user_mentions']: keys.add((m['id_str'], False))
//!     print(f, len(keys))
//! ```

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use sillage_formats::{EventReader, Format, Item, Reject};
use sillage_model::{AccountRecord, Event, EventKind};

/// The real data folder, or `None` (after saying so) when it is absent.
fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SILLAGE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if dir.is_dir() {
        Some(dir)
    } else {
        println!(
            "real data not found at {} (set SILLAGE_DATA_DIR): skipped",
            dir.display()
        );
        None
    }
}

#[derive(Default)]
struct Read {
    events: Vec<Event>,
    accounts: Vec<AccountRecord>,
    rejects: Vec<Reject>,
}

impl Read {
    /// Events per kind, plus `account` and `reject`.
    fn counts(&self) -> BTreeMap<String, usize> {
        let mut counts = BTreeMap::new();
        for e in &self.events {
            *counts.entry(e.kind.to_string()).or_default() += 1;
        }
        if !self.accounts.is_empty() {
            counts.insert("account".to_owned(), self.accounts.len());
        }
        if !self.rejects.is_empty() {
            counts.insert("reject".to_owned(), self.rejects.len());
        }
        counts
    }

    fn event(&self, id: &str) -> &Event {
        self.events
            .iter()
            .find(|e| e.id == id)
            .unwrap_or_else(|| panic!("no event {id}"))
    }
}

fn collect(reader: EventReader) -> Read {
    let mut read = Read::default();
    for record in reader {
        match record {
            Ok(Item::Event(e)) => read.events.push(e),
            Ok(Item::Account(a)) => read.accounts.push(a),
            Err(r) => read.rejects.push(r),
        }
    }
    read
}

fn open(path: &Path, format: Format) -> Read {
    collect(EventReader::open(path, format).unwrap_or_else(|e| panic!("{e}")))
}

fn parse(text: &str, format: Format) -> Read {
    collect(EventReader::from_reader("fixture", Cursor::new(text.as_bytes().to_vec()), format).unwrap())
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|&(k, v)| (k.to_owned(), v)).collect()
}

const OWNER: &str = "1964312974236991488";

#[test]
fn archive_folder_counts_and_events() {
    let Some(data) = data_dir() else { return };
    let archive = data.join("formats/twitter-archive");
    assert_eq!(sillage_formats::detect(&archive).unwrap(), Format::TwitterArchive);
    let read = open(&archive, Format::TwitterArchive);
    // Events per the oracle: tweets.js {'reply': 1780, 'mention': 838, 'repost': 239, 'post': 26},
    // like.js 793 likes + 5915 rejects, follower.js 61 + following.js 167 follows;
    // accounts 1083 (1082 mentioned ids + the owner's profile).
    assert_eq!(
        read.counts(),
        counts(&[
            ("account", 1083),
            ("follow", 228),
            ("like", 793),
            ("mention", 838),
            ("post", 26),
            ("reject", 5915),
            ("reply", 1780),
            ("repost", 239),
        ])
    );
    let owner = &read.accounts[0];
    assert_eq!(
        (owner.handle.as_str(), owner.username.as_deref(), owner.name.as_deref()),
        (OWNER, Some("milahu104"), Some("Milan Hauth"))
    );
    assert!(owner.bio.as_deref().unwrap().starts_with("shadowbanned"));
    // The first tweet of tweets.js: a reply to the owner's own tweet, mentioning @SamaHoole;
    // created_at "Fri Mar 06 13:02:05 +0000 2026".
    let reply = read.event("2029905358261502168");
    assert_eq!(reply.kind, EventKind::Reply);
    assert_eq!((reply.actor.as_str(), reply.target.as_deref()), (OWNER, Some(OWNER)));
    assert_eq!(reply.parent.as_deref(), Some("2029903943413772741"));
    assert_eq!(reply.at, 1_772_802_125);
    assert_eq!(reply.urls, vec!["https://x.com/milahu104/status/2027739112069878026"]);
    let mention = read.event("2029905358261502168:m:2253756806");
    assert_eq!(
        (mention.kind, mention.target.as_deref(), mention.at),
        (EventKind::Mention, Some("2253756806"), 1_772_802_125)
    );
    // "RT @StephanRPalm: @CDU …" (Thu Mar 05 17:05:22 +0000 2026): a repost of 1750816407195959296
    // without parent (archives do not keep the retweeted id), and a mention of @CDU.
    let rt = read.event("2029604193200152772");
    assert_eq!(
        (rt.kind, rt.target.as_deref(), rt.parent.as_deref(), rt.at),
        (EventKind::Repost, Some("1750816407195959296"), None, 1_772_730_322)
    );
    assert_eq!(rt.lang.as_deref(), Some("de"));
    assert!(read.events.iter().any(|e| e.id == "2029604193200152772:m:20429858"));
    assert!(
        !read
            .events
            .iter()
            .any(|e| e.id == "2029604193200152772:m:1750816407195959296")
    );
    // follower.js's first follower, dated at generationDate 2026-03-06T13:15:31.187Z.
    let follow = read.event("follow:2027445139539693568:1964312974236991488");
    assert_eq!(
        (follow.kind, follow.actor.as_str(), follow.target.as_deref(), follow.at),
        (EventKind::Follow, "2027445139539693568", Some(OWNER), 1_772_802_931)
    );
    assert!(
        read.events
            .iter()
            .any(|e| e.id == format!("follow:{OWNER}:795566583003353088"))
    );
    // The first like whose author the archive knows (found by the oracle): tweet
    // 2029433085998317711 by 611986351, at its snowflake time, entry starting on line 289.
    let like = read.event(&format!("like:{OWNER}:2029433085998317711"));
    assert_eq!(
        (like.target.as_deref(), like.parent.as_deref(), like.at),
        (Some("611986351"), Some("2029433085998317711"), 1_772_689_527)
    );
    let first = &read.rejects[0];
    assert!(first.source.ends_with("data/like.js"), "{}", first.source);
    assert_eq!(first.line, 2);
    assert!(
        first
            .reason
            .starts_with("liked tweet's author unknown (tweet 2029894586810667242"),
        "{}",
        first.reason
    );
}

#[test]
fn archive_single_files_use_their_folder() {
    let Some(data) = data_dir() else { return };
    let dir = data.join("formats/twitter-archive/data");
    let tweets = dir.join("tweets.js");
    assert_eq!(sillage_formats::detect(&tweets).unwrap(), Format::TwitterArchive);
    let read = open(&tweets, Format::TwitterArchive);
    assert_eq!(
        read.counts(),
        counts(&[
            ("account", 1083),
            ("mention", 838),
            ("post", 26),
            ("reply", 1780),
            ("repost", 239)
        ])
    );
    let read = open(&dir.join("like.js"), Format::TwitterArchive);
    assert_eq!(
        read.counts(),
        counts(&[("account", 1), ("like", 793), ("reject", 5915)])
    );
    let read = open(&dir.join("following.js"), Format::TwitterArchive);
    assert_eq!(read.counts(), counts(&[("account", 1), ("follow", 167)]));
    // The same file as a bare stream: no manifest beside it, so no owner and no time.
    let bytes = std::fs::read(dir.join("follower.js")).unwrap();
    let read = collect(EventReader::from_reader("follower.js", Cursor::new(bytes), Format::TwitterArchive).unwrap());
    assert_eq!(read.counts(), counts(&[("reject", 61)]));
    assert!(read.rejects[0].reason.starts_with("archive owner unknown"));
    assert_eq!(read.rejects[1].line, 8);
}

#[test]
fn api_samples_counts() {
    let Some(data) = data_dir() else { return };
    let twarc = data.join("formats/twitter-api-v2-twarc");
    let tweepy = data.join("formats/twitter-api-tweepy/bodies");
    // (file, events per kind, accounts, rejects): events and rejects from the oracle's output,
    // accounts from its last lines and the second script in this file's header.
    let cases: &[(PathBuf, &[(&str, usize)])] = &[
        (
            twarc.join("flat.jsonl"),
            &[
                ("account", 178),
                ("mention", 32),
                ("post", 14),
                ("quote", 8),
                ("reject", 1),
                ("reply", 31),
                ("repost", 47),
            ],
        ),
        (
            twarc.join("noflat.jsonl"),
            &[
                ("account", 178),
                ("mention", 32),
                ("post", 14),
                ("quote", 8),
                ("reject", 1),
                ("reply", 31),
                ("repost", 47),
            ],
        ),
        (twarc.join("users.jsonl"), &[("account", 91)]),
        (twarc.join("two_tweets.jsonl"), &[("account", 2), ("repost", 1)]),
        (twarc.join("mentions_tweet.jsonl"), &[("account", 3), ("repost", 1)]),
        (
            tweepy.join("test_client_get_liking_users_0_GET.json"),
            &[("account", 43)],
        ),
        (tweepy.join("test_client_get_retweeters_0_GET.json"), &[("account", 38)]),
        (
            tweepy.join("test_client_get_users_followers_0_GET.json"),
            &[("account", 100)],
        ),
        // v2 tweets requested without author_id cannot be attributed: every one is a reject.
        (
            tweepy.join("test_client_get_home_timeline_0_GET.json"),
            &[("reject", 98)],
        ),
        (
            tweepy.join("test_client_get_liked_tweets_0_GET.json"),
            &[("reject", 96)],
        ),
        (tweepy.join("test_client_get_list_tweets_0_GET.json"), &[("reject", 97)]),
        (tweepy.join("test_client_get_quote_tweets_0_GET.json"), &[("reject", 9)]),
        (tweepy.join("test_client_get_tweets_0_GET.json"), &[("reject", 2)]),
        (
            tweepy.join("test_client_get_users_mentions_0_GET.json"),
            &[("reject", 10)],
        ),
        (
            tweepy.join("test_client_search_recent_tweets_0_GET.json"),
            &[("reject", 10)],
        ),
        (
            tweepy.join("testgetretweets_0_GET.json"),
            &[("account", 17), ("mention", 15), ("repost", 15)],
        ),
        (
            tweepy.join("testgetstatus_0_GET.json"),
            &[("account", 2), ("repost", 1)],
        ),
        (
            tweepy.join("testhometimeline_0_GET.json"),
            &[("account", 8), ("post", 14), ("reply", 2), ("repost", 3)],
        ),
        (tweepy.join("testmentionstimeline_0_GET.json"), &[]),
        (
            tweepy.join("testretweetandunretweet_0_POST.json"),
            &[("account", 4), ("mention", 1), ("repost", 1)],
        ),
        (
            tweepy.join("testretweetandunretweet_1_POST.json"),
            &[("account", 2), ("repost", 1)],
        ),
        (
            tweepy.join("testsearchtweets_0_GET.json"),
            &[
                ("account", 29),
                ("mention", 8),
                ("post", 8),
                ("reply", 1),
                ("repost", 6),
            ],
        ),
        (
            tweepy.join("testusertimeline_0_GET.json"),
            &[("account", 1), ("post", 4)],
        ),
        (
            tweepy.join("testusertimeline_1_GET.json"),
            &[("account", 18), ("mention", 3), ("post", 1), ("reply", 19)],
        ),
    ];
    for (path, want) in cases {
        if !path.ends_with("testmentionstimeline_0_GET.json") {
            assert_eq!(
                sillage_formats::detect(path).map_err(|e| e.to_string()),
                Ok(Format::TwitterApi),
                "{}",
                path.display()
            );
        }
        let read = open(path, Format::TwitterApi);
        assert_eq!(read.counts(), counts(want), "{}", path.display());
        for r in &read.rejects {
            assert!(!r.reason.is_empty() && r.line >= 1);
        }
    }
}

/// An event's identity and edge: id, kind, actor, target, parent, instant.
type EventKey = (String, EventKind, String, Option<String>, Option<String>, i64);

#[test]
fn flat_and_noflat_agree_and_resolve_authors() {
    let Some(data) = data_dir() else { return };
    let dir = data.join("formats/twitter-api-v2-twarc");
    let flat = open(&dir.join("flat.jsonl"), Format::TwitterApi);
    let noflat = open(&dir.join("noflat.jsonl"), Format::TwitterApi);
    let key = |r: &Read| {
        let mut v: Vec<EventKey> = r
            .events
            .iter()
            .map(|e| {
                (
                    e.id.clone(),
                    e.kind,
                    e.actor.clone(),
                    e.target.clone(),
                    e.parent.clone(),
                    e.at,
                )
            })
            .collect();
        v.sort();
        v
    };
    assert_eq!(key(&flat), key(&noflat));
    // flat.jsonl line 1: 1380242611781386245 by 1352661060663336960 retweets 1380175475545362437
    // by 2718660392 (created_at 2021-04-08T19:34:16.000Z, lang es).
    let rt = flat.event("1380242611781386245");
    assert_eq!(
        (
            rt.kind,
            rt.actor.as_str(),
            rt.target.as_deref(),
            rt.parent.as_deref(),
            rt.at,
            rt.lang.as_deref()
        ),
        (
            EventKind::Repost,
            "1352661060663336960",
            Some("2718660392"),
            Some("1380175475545362437"),
            1_617_910_456,
            Some("es")
        )
    );
    // The suspended @gatewaypundit has no id in either layout: one reject each, on the right line.
    assert!(flat.rejects[0].reason.contains("@gatewaypundit"));
    assert!(noflat.rejects[0].reason.contains("@gatewaypundit"));
    assert_eq!(noflat.rejects[0].line, 1);
    assert!(flat.rejects[0].line > 1);
}

#[test]
fn archive_and_api_give_the_same_ids() {
    let Some(data) = data_dir() else { return };
    let archive = open(
        &data.join("formats/twitter-archive/data/tweets.js"),
        Format::TwitterArchive,
    );
    // The archive's retweet 2029604193200152772 and reply 2029905358261502168 as the v1.1 API
    // returns them (ids as numbers, a user object), written by hand from tweets.js.
    let api = parse(
        r#"[{"created_at":"Thu Mar 05 17:05:22 +0000 2026","id":2029604193200152772,"id_str":"2029604193200152772",
  "text":"RT @StephanRPalm: @CDU Das hier ist der Grund für die schwindende Akzeptanz. https://t.co/en3wgkcbae",
  "user":{"id":1964312974236991488,"id_str":"1964312974236991488","screen_name":"milahu104","name":"Milan Hauth"},
  "retweeted_status":{"id_str":"2029498595309715652","user":{"id_str":"1750816407195959296","screen_name":"StephanRPalm"}},
  "entities":{"hashtags":[],"urls":[],"user_mentions":[{"screen_name":"StephanRPalm","id_str":"1750816407195959296"},{"screen_name":"CDU","id_str":"20429858"}]},"lang":"de"},
 {"created_at":"Fri Mar 06 13:02:05 +0000 2026","id_str":"2029905358261502168","full_text":"@SamaHoole https://t.co/2UHqruPk7w",
  "user":{"id_str":"1964312974236991488","screen_name":"milahu104"},
  "in_reply_to_status_id_str":"2029903943413772741","in_reply_to_user_id_str":"1964312974236991488",
  "entities":{"user_mentions":[{"screen_name":"SamaHoole","id_str":"2253756806"}],"urls":[{"expanded_url":"https://x.com/milahu104/status/2027739112069878026"}]}}]"#,
        Format::TwitterApi,
    );
    assert!(api.rejects.is_empty(), "{:?}", api.rejects);
    assert_eq!(api.events.len(), 4);
    for e in &api.events {
        let a = archive.event(&e.id);
        assert_eq!(
            (&a.id, a.kind, &a.actor, &a.target, a.at),
            (&e.id, e.kind, &e.actor, &e.target, e.at)
        );
    }
    // The API knows the retweeted id; the archive does not.
    assert_eq!(
        api.event("2029604193200152772").parent.as_deref(),
        Some("2029498595309715652")
    );
}

#[test]
fn v1_quirks() {
    // "RT @" without retweeted_status; a quote; a reply that also mentions someone else; numbers
    // as strings; a pretty-printed document spanning lines.
    let read = parse(
        r#"[
  {"id_str": "100", "created_at": "Mon Jan 01 00:00:00 +0000 2018", "text": "RT @Bob: hello #Café",
   "user": {"id_str": "1", "screen_name": "alice", "followers_count": "12"},
   "entities": {"hashtags": [{"text": "CAFÉ"}], "user_mentions": [{"screen_name": "bob", "id_str": "2"}]}},
  {"id_str": "101", "created_at": "Mon Jan 01 00:00:01 +0000 2018", "text": "look",
   "user": {"id_str": "1", "screen_name": "alice"},
   "quoted_status": {"id_str": "90", "user": {"id_str": "3", "screen_name": "carol"}}},
  {"id": "102", "created_at": "Mon Jan 01 00:00:02 +0000 2018", "full_text": "@bob @carol yes", "lang": "und",
   "user": {"id": 1, "screen_name": "alice"},
   "in_reply_to_status_id": "95", "in_reply_to_user_id": 2,
   "entities": {"user_mentions": [{"screen_name": "bob", "id": "2"}, {"screen_name": "carol", "id": 3}]}},
  {"id_str": "103", "text": "no user", "created_at": "Mon Jan 01 00:00:02 +0000 2018"}
]"#,
        Format::TwitterApi,
    );
    let rt = read.event("100");
    assert_eq!(
        (rt.kind, rt.target.as_deref(), rt.parent.as_deref()),
        (EventKind::Repost, Some("2"), None)
    );
    assert_eq!(rt.tags, vec!["café"]);
    assert_eq!(rt.at, 1_514_764_800);
    let q = read.event("101");
    assert_eq!(
        (q.kind, q.target.as_deref(), q.parent.as_deref()),
        (EventKind::Quote, Some("3"), Some("90"))
    );
    let reply = read.event("102");
    assert_eq!(
        (
            reply.kind,
            reply.target.as_deref(),
            reply.parent.as_deref(),
            reply.lang.as_deref()
        ),
        (EventKind::Reply, Some("2"), Some("95"), None)
    );
    let ids: Vec<&str> = read.events.iter().map(|e| e.id.as_str()).collect();
    assert_eq!(ids, vec!["100", "101", "102", "102:m:3"]);
    assert_eq!(read.rejects.len(), 1);
    assert_eq!(read.rejects[0].line, 12);
    assert!(read.rejects[0].reason.contains("author unknown"));
    let alice = read
        .accounts
        .iter()
        .find(|a| a.handle == "1" && a.followers.is_some())
        .unwrap();
    assert_eq!((alice.username.as_deref(), alice.followers), (Some("alice"), Some(12)));
}

#[test]
fn v2_quirks() {
    // noflat: one response per line; referenced tweets of the three types, authors resolved
    // through includes; a mention by username only; a bad line between good ones.
    let text = concat!(
        r#"{"data":[{"id":"10","author_id":"1","created_at":"2021-01-01T00:00:00.000Z","text":"RT @bob: x","referenced_tweets":[{"type":"retweeted","id":"5"}],"entities":{"mentions":[{"username":"bob"}]}},"#,
        r#"{"id":"11","author_id":"1","created_at":"2021-01-01T00:00:01.000Z","text":"see","referenced_tweets":[{"type":"quoted","id":"6"}],"entities":{"hashtags":[{"tag":"Rust"}],"urls":[{"url":"https://t.co/a","expanded_url":"https://example.org/"}]}},"#,
        r#"{"id":"12","author_id":"1","created_at":"2021-01-01T00:00:02.000Z","text":"@bob @carol hi","in_reply_to_user_id":"2","referenced_tweets":[{"type":"replied_to","id":"7"}],"entities":{"mentions":[{"username":"bob"},{"username":"carol"}]}}],"#,
        r#""includes":{"users":[{"id":"1","username":"alice","public_metrics":{"followers_count":5}},{"id":"2","username":"bob"},{"id":"3","username":"carol"}],"#,
        r#""tweets":[{"id":"5","author_id":"2"},{"id":"6","author_id":"3"}]}}"#,
        "\n{not json\n\n",
        r#"{"id":"13","author_id":"3","author":{"id":"3","username":"carol","name":"Carol"},"created_at":"2021-01-01T00:00:03.000Z","text":"flat"}"#,
        "\n"
    );
    let read = parse(text, Format::TwitterApi);
    let rt = read.event("10");
    assert_eq!(
        (rt.kind, rt.target.as_deref(), rt.parent.as_deref()),
        (EventKind::Repost, Some("2"), Some("5"))
    );
    let q = read.event("11");
    assert_eq!(
        (q.kind, q.target.as_deref(), q.tags.clone(), q.urls.clone()),
        (
            EventKind::Quote,
            Some("3"),
            vec!["rust".to_owned()],
            vec!["https://example.org/".to_owned()]
        )
    );
    let reply = read.event("12");
    assert_eq!(
        (reply.kind, reply.target.as_deref(), reply.parent.as_deref()),
        (EventKind::Reply, Some("2"), Some("7"))
    );
    assert_eq!(read.event("12:m:3").target.as_deref(), Some("3"));
    assert!(!read.events.iter().any(|e| e.id == "12:m:2" || e.id == "10:m:2"));
    assert_eq!(read.event("13").kind, EventKind::Post);
    assert_eq!(read.rejects.len(), 1);
    assert_eq!(read.rejects[0].line, 2);
    assert!(read.rejects[0].reason.starts_with("malformed JSON"));
    assert!(read.accounts.iter().any(|a| a.handle == "1" && a.followers == Some(5)));
    // The tweepy wrapper around a v2 user list.
    let users = parse(
        r#"{"request":"GET https://api.twitter.com/2/users/1/followers","body":{"data":[{"id":"9","name":"N","username":"n"}]}}"#,
        Format::TwitterApi,
    );
    assert_eq!(users.accounts.len(), 1);
    assert_eq!(users.accounts[0].username.as_deref(), Some("n"));
}

/// A tiny archive: manifest, two tweet parts, a like of one of its tweets, a follower.
fn archive_files() -> Vec<(&'static str, &'static str)> {
    vec![
        (
            "data/manifest.js",
            "window.__THAR_CONFIG = {\n  \"userInfo\" : {\"accountId\" : \"7\", \"userName\" : \"me\", \"displayName\" : \"Me\"},\n  \"archiveInfo\" : {\"generationDate\" : \"2024-01-01T00:00:00.000Z\"}\n}",
        ),
        (
            "data/tweets.js",
            "window.YTD.tweets.part0 = [ {\n \"tweet\" : {\"id_str\" : \"1700000000000000000\", \"created_at\" : \"Fri Sep 08 04:00:00 +0000 2023\", \"full_text\" : \"hello @you\", \"entities\" : {\"user_mentions\" : [ {\"id_str\" : \"8\", \"screen_name\" : \"you\", \"indices\" : [\"6\", \"10\"]} ]}}\n} ]",
        ),
        (
            "data/tweets-part1.js",
            "window.YTD.tweets.part1 = [ {\n \"tweet\" : {\"id\" : \"1700000000000000001\", \"created_at\" : \"Fri Sep 08 04:00:01 +0000 2023\", \"full_text\" : \"second part\"}\n}, {\n \"tweet\" : {\"id_str\" : \"x\"}\n} ]",
        ),
        (
            "data/like.js",
            "window.YTD.like.part0 = [ {\n \"like\" : {\"tweetId\" : \"1700000000000000001\"}\n}, {\n \"like\" : {\"tweetId\" : \"1600000000000000000\"}\n} ]",
        ),
        (
            "data/follower.js",
            "window.YTD.follower.part0 = [ { \"follower\" : { \"accountId\" : \"9\" } } ]",
        ),
        ("assets/js/tweets.js", "not data"),
    ]
}

fn check_tiny_archive(read: &Read, like_source: &str) {
    assert_eq!(
        read.counts(),
        counts(&[
            ("account", 2),
            ("follow", 1),
            ("like", 1),
            ("mention", 1),
            ("post", 2),
            ("reject", 2)
        ])
    );
    assert_eq!(read.event("1700000000000000001").actor, "7");
    assert_eq!(read.event("like:7:1700000000000000001").target.as_deref(), Some("7"));
    assert_eq!(read.event("follow:9:7").at, 1_704_067_200);
    let tweet_reject = &read.rejects[0];
    assert!(
        tweet_reject.source.ends_with("data/tweets-part1.js"),
        "{}",
        tweet_reject.source
    );
    assert_eq!(tweet_reject.line, 3);
    let like_reject = &read.rejects[1];
    assert_eq!((like_reject.source.as_str(), like_reject.line), (like_source, 3));
    assert!(like_reject.reason.starts_with("liked tweet's author unknown"));
}

#[test]
fn archive_folder_zip_and_parts() {
    let dir = tempfile::tempdir().unwrap();
    let root = dir.path().join("folder");
    for (name, text) in archive_files() {
        let path = root.join(name);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, text).unwrap();
    }
    assert_eq!(sillage_formats::detect(&root).unwrap(), Format::TwitterArchive);
    let like_source = root.join("data/like.js").display().to_string();
    check_tiny_archive(&open(&root, Format::TwitterArchive), &like_source);

    let zip_path = dir.path().join("archive.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    for (name, text) in archive_files() {
        zip.start_file(name, zip::write::SimpleFileOptions::default()).unwrap();
        zip.write_all(text.as_bytes()).unwrap();
    }
    zip.finish().unwrap();
    assert_eq!(sillage_formats::detect(&zip_path).unwrap(), Format::TwitterArchive);
    let like_source = format!("{}:data/like.js", zip_path.display());
    check_tiny_archive(&open(&zip_path, Format::TwitterArchive), &like_source);
}

#[test]
fn canonical_jsonl_is_not_taken_for_twitter() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("events.jsonl");
    std::fs::write(
        &path,
        r#"{"id":"1","net":"twitter","kind":"post","actor":"a","at":0,"text":"x","author_id":"2"}"#,
    )
    .unwrap();
    assert_eq!(sillage_formats::detect(&path).unwrap(), Format::Jsonl);
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn arbitrary_bytes_never_panic(bytes in prop::collection::vec(any::<u8>(), 0..600), prefix in 0usize..4) {
        // Half-plausible prefixes steer the bytes into the deeper parsers.
        let prefixes: [&[u8]; 4] = [b"", b"window.YTD.tweets.part0 = [", b"{\"data\":[{\"text\":", b"[{\"id_str\":\"1\",\"user\":"];
        let mut input = prefixes[prefix].to_vec();
        input.extend_from_slice(&bytes);
        for format in [Format::TwitterApi, Format::TwitterArchive] {
            let reader = EventReader::from_reader("fuzz", Cursor::new(input.clone()), format).unwrap();
            for record in reader {
                if let Err(reject) = record {
                    prop_assert!(!reject.reason.is_empty());
                    prop_assert!(reject.line >= 1);
                }
            }
        }
    }
}
