//! Mastodon REST entities and ActivityPub exports read end to end through [`EventReader`]: the real
//! samples under `SILLAGE_DATA_DIR` (counted against an independent oracle), hand-written fixtures,
//! and arbitrary bytes.

use std::collections::BTreeMap;
use std::io::{Cursor, Write};
use std::path::{Path, PathBuf};

use proptest::prelude::*;
use sillage_formats::{EventReader, Format, Item, Reject, detect};
use sillage_model::{Event, EventKind, parse_instant};

// ---------------------------------------------------------------------------------------------
// Helpers

/// The real data folder, or `None` (after saying so) when it is absent.
fn data_dir() -> Option<PathBuf> {
    let dir = std::env::var_os("SILLAGE_DATA_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data"));
    if dir.join("formats").is_dir() {
        Some(dir)
    } else {
        println!("skipped: no real data at {} (set SILLAGE_DATA_DIR)", dir.display());
        None
    }
}

fn split(reader: EventReader) -> (Vec<Item>, Vec<Reject>) {
    let (mut items, mut rejects) = (Vec::new(), Vec::new());
    for record in reader {
        match record {
            Ok(item) => items.push(item),
            Err(reject) => rejects.push(reject),
        }
    }
    (items, rejects)
}

fn read_path(path: &Path, format: Format) -> (Vec<Item>, Vec<Reject>) {
    split(EventReader::open(path, format).unwrap())
}

fn read_bytes(format: Format, input: &[u8]) -> (Vec<Item>, Vec<Reject>) {
    split(EventReader::from_reader("input", Cursor::new(input.to_vec()), format).unwrap())
}

fn events(items: &[Item]) -> Vec<&Event> {
    items
        .iter()
        .filter_map(|i| match i {
            Item::Event(e) => Some(e),
            Item::Account(_) => None,
        })
        .collect()
}

/// Events per kind, plus `account` and `reject` counts.
fn tally(items: &[Item], rejects: &[Reject]) -> BTreeMap<String, usize> {
    let mut counts = BTreeMap::new();
    for item in items {
        let key = match item {
            Item::Event(e) => e.kind.as_str(),
            Item::Account(_) => "account",
        };
        *counts.entry(key.to_owned()).or_insert(0) += 1;
    }
    if !rejects.is_empty() {
        counts.insert("reject".to_owned(), rejects.len());
    }
    counts
}

fn counts(pairs: &[(&str, usize)]) -> BTreeMap<String, usize> {
    pairs.iter().map(|(k, n)| ((*k).to_owned(), *n)).collect()
}

fn find<'a>(items: &'a [Item], id: &str) -> &'a Event {
    events(items)
        .into_iter()
        .find(|e| e.id == id)
        .unwrap_or_else(|| panic!("no event {id}"))
}

fn at(s: &str) -> i64 {
    parse_instant(s).unwrap()
}

// ---------------------------------------------------------------------------------------------
// Real REST responses (Mastodon.py's test suite, MIT)

// Expected counts come from this script, which reads the raw files with Python's json module and
// applies the mapping rules directly (a status is a post, or a reply when it answers an account;
// its distinct mentions minus the answered account are mentions; a reblog is the boosted status
// plus one repost; a notification's status is mapped, and one without a status is a reject;
// anything not a status, notification or account is a reject):
//
// ```python
// import json, sys, glob, os, re, collections
// def handle(acct, url):
//     return acct if '@' in acct else acct + '@' + re.match(r'https?://([^/]+)', url).group(1).lower()
// for f in sorted(glob.glob(sys.argv[1] + '/*.json')):
//     body = json.load(open(f))['body']
//     c = collections.Counter(); profiles = set()
//     def status(s):
//         a = s['account']; profiles.add(handle(a['acct'], a['url']))
//         if s.get('reblog'): status(s['reblog']); c['repost'] += 1; return
//         reply = s['in_reply_to_account_id'] is not None
//         c['reply' if reply else 'post'] += 1
//         tgt = None
//         if reply:
//             tgt = a['acct'] if s['in_reply_to_account_id'] == a['id'] else next((m['acct'] for m in s['mentions'] if m['id'] == s['in_reply_to_account_id']), None)
//         c['mention'] += len({m['acct'] for m in s['mentions']} - {tgt})
//     def entity(e):
//         if isinstance(e, list): return [entity(x) for x in e]
//         if 'ancestors' in e: return [entity(x) for x in e['ancestors'] + e['descendants']]
//         if 'type' in e and 'account' in e:
//             profiles.add(handle(e['account']['acct'], e['account']['url']))
//             if e['status'] is None: c['reject'] += 1
//             else: status(e['status'])
//         elif 'account' in e: status(e)
//         elif 'acct' in e: profiles.add(handle(e['acct'], e['url']))
//         else: c['reject'] += 1
//     entity(body)
//     print(os.path.basename(f), dict(sorted(c.items())), 'accounts', len(profiles))
// ```
//
// run as `python3 oracle.py $SILLAGE_DATA_DIR/formats/mastodon-api/bodies`.
const REST_COUNTS: &[(&str, &[(&str, usize)])] = &[
    ("test_entity_account_0_GET.json", &[("account", 1)]),
    ("test_entity_account_1_GET.json", &[("account", 1)]),
    (
        "test_entity_context_0_GET.json",
        &[("account", 1), ("post", 1), ("reply", 1)],
    ),
    (
        "test_entity_notification_0_GET.json",
        &[("account", 3), ("mention", 3), ("post", 1), ("reject", 39)],
    ),
    (
        "test_entity_status_0_GET.json",
        &[("account", 1), ("mention", 1), ("post", 1)],
    ),
    ("test_entity_status_1_GET.json", &[("account", 1), ("post", 1)]),
    (
        "test_entity_statusmention_0_GET.json",
        &[("account", 1), ("mention", 1), ("post", 1)],
    ),
    ("test_entity_tag_0_GET.json", &[("reject", 1)]),
    ("test_entity_tag_1_GET.json", &[("reject", 1)]),
    ("test_entity_tag_2_GET.json", &[("reject", 10)]),
    ("test_status_context_0_POST.json", &[("account", 1), ("post", 1)]),
    ("test_status_context_1_GET.json", &[]),
    ("test_status_context_2_DELETE.json", &[("account", 1), ("post", 1)]),
    ("test_status_fav_unfav_0_POST.json", &[("account", 1), ("post", 1)]),
    ("test_status_fav_unfav_1_POST.json", &[("account", 1), ("post", 1)]),
    ("test_status_fav_unfav_2_POST.json", &[("account", 1), ("post", 1)]),
    ("test_status_fav_unfav_3_DELETE.json", &[("account", 1), ("post", 1)]),
    ("test_status_favourited_by_0_POST.json", &[("account", 1), ("post", 1)]),
    ("test_status_favourited_by_1_POST.json", &[("account", 1), ("post", 1)]),
    ("test_status_favourited_by_2_GET.json", &[("account", 1)]),
    (
        "test_status_favourited_by_3_DELETE.json",
        &[("account", 1), ("post", 1)],
    ),
    (
        "test_status_reblog_unreblog_0_POST.json",
        &[("account", 1), ("post", 1)],
    ),
    (
        "test_status_reblog_unreblog_1_POST.json",
        &[("account", 1), ("post", 1), ("repost", 1)],
    ),
    (
        "test_status_reblog_unreblog_2_POST.json",
        &[("account", 1), ("post", 1)],
    ),
    (
        "test_status_reblog_unreblog_3_DELETE.json",
        &[("account", 1), ("post", 1)],
    ),
];

#[test]
fn rest_samples_give_the_oracle_counts() {
    let Some(data) = data_dir() else { return };
    let bodies = data.join("formats/mastodon-api/bodies");
    let mut files: Vec<String> = std::fs::read_dir(&bodies)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|n| n.ends_with(".json"))
        .collect();
    files.sort();
    let listed: Vec<&str> = REST_COUNTS.iter().map(|(f, _)| *f).collect();
    assert_eq!(files, listed, "every sample is counted");
    for (file, want) in REST_COUNTS {
        let path = bodies.join(file);
        // Instance documents and trending tags hold no status, notification or account: detection
        // leaves them alone (they read as canonical JSONL by extension, and are rejected here).
        if !file.starts_with("test_entity_tag_") {
            assert_eq!(detect(&path).unwrap(), Format::Mastodon, "{file}");
        }
        let (items, rejects) = read_path(&path, Format::Mastodon);
        assert_eq!(tally(&items, &rejects), counts(want), "{file}: rejects {rejects:#?}");
        for r in &rejects {
            assert!(r.line > 1 && !r.reason.is_empty() && r.source.ends_with(file), "{r:?}");
        }
    }
}

#[test]
fn rest_samples_exact_events() {
    let Some(data) = data_dir() else { return };
    let bodies = data.join("formats/mastodon-api/bodies");

    // A remote status fetched through mastodon.social: keyed by its origin URI.
    let (items, _) = read_path(&bodies.join("test_entity_status_0_GET.json"), Format::Mastodon);
    let uri = "https://icosahedron.website/users/halcy/statuses/110446222386355655";
    let post = find(&items, uri);
    assert_eq!(
        (post.kind, post.actor.as_str(), post.post.as_deref(), post.at),
        (
            EventKind::Post,
            "halcy@icosahedron.website",
            Some(uri),
            at("2023-05-28T12:06:50Z")
        )
    );
    assert_eq!(post.tags, vec!["thisisahashtag"]);
    assert_eq!(post.lang.as_deref(), Some("de"));
    assert!(
        post.urls.is_empty(),
        "mention and hashtag links are not urls: {:?}",
        post.urls
    );
    assert!(!post.text.as_deref().unwrap().contains('<'));
    let mention = find(&items, &format!("{uri}#m:halcy@icosahedron.website"));
    assert_eq!(mention.target.as_deref(), Some("halcy@icosahedron.website"));
    let Item::Account(account) = &items[0] else {
        panic!("{:?}", items[0])
    };
    assert_eq!(
        (account.handle.as_str(), account.followers, account.created_at),
        (
            "halcy@icosahedron.website",
            Some(3553),
            Some(at("2017-02-03T00:00:00Z"))
        )
    );

    // A boost of one's own status: the boosted status, then the repost keyed by who boosted what.
    let (items, _) = read_path(
        &bodies.join("test_status_reblog_unreblog_1_POST.json"),
        Format::Mastodon,
    );
    let local = "mastodonpy_test@localhost:3000";
    let boosted = "http://localhost:3000/ap/users/117020565966271181/statuses/117020586019094258";
    let repost = find(&items, &format!("repost:{local}:{boosted}"));
    assert_eq!(
        (
            repost.actor.as_str(),
            repost.target.as_deref(),
            repost.parent.as_deref(),
            repost.at
        ),
        (local, Some(local), Some(boosted), at("2026-08-01T13:53:58Z"))
    );
    assert_eq!(
        repost.post.as_deref(),
        Some("http://localhost:3000/ap/users/117020565966271181/statuses/117020586027094262/activity")
    );
    assert_eq!(find(&items, boosted).kind, EventKind::Post);

    // A thread context: the self-reply gets its parent's URI (a local account answering itself).
    let (items, _) = read_path(&bodies.join("test_entity_context_0_GET.json"), Format::Mastodon);
    let reply = find(
        &items,
        "https://mastodon.social/users/halcy/statuses/110446984249325790",
    );
    assert_eq!(
        (reply.kind, reply.target.as_deref(), reply.parent.as_deref()),
        (
            EventKind::Reply,
            Some("halcy@mastodon.social"),
            Some("https://mastodon.social/users/halcy/statuses/110446983926957470")
        )
    );

    // Forty mention notifications: one still has its status (three accounts mentioned).
    let (items, rejects) = read_path(&bodies.join("test_entity_notification_0_GET.json"), Format::Mastodon);
    let uri = "https://icosahedron.website/users/latencyobs/statuses/116275331526178516";
    let mut mentioned: Vec<&str> = events(&items)
        .iter()
        .filter(|e| e.kind == EventKind::Mention)
        .map(|e| e.target.as_deref().unwrap())
        .collect();
    mentioned.sort();
    assert_eq!(
        mentioned,
        ["halcy@glitch.social", "halcy@hachyderm.io", "halcy@mastodon.social"]
    );
    assert_eq!(find(&items, uri).actor, "latencyobs@icosahedron.website");
    assert!(
        rejects[0].reason.contains("mention notification without its status"),
        "{:?}",
        rejects[0]
    );
    assert!(rejects.windows(2).all(|w| w[0].line < w[1].line));
}

// ---------------------------------------------------------------------------------------------
// The real ActivityPub export (a personal archive without a license: only counts, ids and instants
// are stated here, never its text)

// Expected counts come from this script reading the raw files with Python's json module (a Create
// is a reply when its inReplyTo names an author: a mentioned actor, the owner, or a /users/NAME
// URI; distinct Mention tags minus the answered account are mentions; an Announce is a repost; a
// liked URI is a like when it is a Mastodon status URI whose id dates it, a reject otherwise):
//
// ```python
// import json, sys, re, collections
// d = sys.argv[1]
// actor = json.load(open(d + '/actor.json'))
// host = lambda u: re.match(r'https?://([^/]+)', u).group(1).lower()
// owner = actor['preferredUsername'] + '@' + host(actor['id'])
// def acct(name, href):
//     n = name.lstrip('@'); return n if '@' in n else n + '@' + host(href)
// def author(uri, mentions):
//     a = uri.split('/statuses/')[0]
//     if a in mentions: return mentions[a]
//     if a == actor['id']: return owner
//     m = re.match(r'https?://([^/]+)/users/([^/]+)$', a); return m and m.group(2) + '@' + m.group(1).lower()
// c = collections.Counter()
// for a in json.load(open(d + '/outbox.json'))['orderedItems']:
//     if a['type'] == 'Announce': c['repost'] += 1; continue
//     o = a['object']; ments = {t['href']: acct(t['name'], t['href']) for t in o['tag'] if t['type'] == 'Mention'}
//     tgt = o['inReplyTo'] and author(o['inReplyTo'], ments)
//     c['reply' if tgt else 'post'] += 1
//     c['mention'] += len(set(ments.values()) - {tgt})
//     c['hashtag-posts'] += any(t['type'] == 'Hashtag' for t in o['tag'])
// for u in json.load(open(d + '/likes.json'))['orderedItems']:
//     m = re.match(r'https?://[^/]+/users/[^/]+/statuses/(\d+)$', u)
//     ok = m and 1451606400 <= (int(m.group(1)) >> 16) // 1000 < 4102444800
//     c['like' if ok else 'like-reject'] += 1
// print(owner, dict(sorted(c.items())))
// ```
//
// run as `python3 oracle_ap.py $SILLAGE_DATA_DIR/formats/activitypub-outbox`, which prints
// `purplerain@o3o.ca {'hashtag-posts': 34, 'like': 494, 'like-reject': 4, 'mention': 15,
// 'post': 1264, 'reply': 161, 'repost': 51}`.
const EXPORT_COUNTS: &[(&str, usize)] = &[
    ("account", 1),
    ("like", 494),
    ("mention", 15),
    ("post", 1264),
    ("reply", 161),
    ("reject", 4),
    ("repost", 51),
];
const OUTBOX_ONLY_COUNTS: &[(&str, usize)] = &[("mention", 15), ("post", 1264), ("reply", 161), ("repost", 51)];

#[test]
fn export_folder_outbox_and_zip_agree_with_the_oracle() {
    let Some(data) = data_dir() else { return };
    let export = data.join("formats/activitypub-outbox");
    assert_eq!(detect(&export).unwrap(), Format::ActivityPub);
    assert_eq!(detect(&export.join("outbox.json")).unwrap(), Format::ActivityPub);

    let (folder, folder_rejects) = read_path(&export, Format::ActivityPub);
    assert_eq!(tally(&folder, &folder_rejects), counts(EXPORT_COUNTS));
    for r in &folder_rejects {
        // likes.json is one line.
        assert!(r.source.ends_with("likes.json") && r.line == 1, "{r:?}");
        assert!(r.reason.contains("cannot tell the author of liked"), "{r:?}");
    }
    let tagged = events(&folder).iter().filter(|e| !e.tags.is_empty()).count();
    assert_eq!(tagged, 34);

    // The outbox given alone reads its siblings: the same records.
    let (alone, alone_rejects) = read_path(&export.join("outbox.json"), Format::ActivityPub);
    assert_eq!(alone, folder);
    assert_eq!(alone_rejects.len(), folder_rejects.len());

    // The zip of the export, in a subfolder as exports are often zipped.
    let dir = tempfile::tempdir().unwrap();
    let zip_path = dir.path().join("export.zip");
    let mut zip = zip::ZipWriter::new(std::fs::File::create(&zip_path).unwrap());
    for name in ["actor.json", "outbox.json", "likes.json"] {
        let options = zip::write::SimpleFileOptions::default().compression_method(zip::CompressionMethod::Stored);
        zip.start_file(format!("archive/{name}"), options).unwrap();
        zip.write_all(&std::fs::read(export.join(name)).unwrap()).unwrap();
    }
    zip.finish().unwrap();
    assert_eq!(detect(&zip_path).unwrap(), Format::ActivityPub);
    let (zipped, zipped_rejects) = read_path(&zip_path, Format::ActivityPub);
    assert_eq!(zipped, folder);
    assert!(
        zipped_rejects[0].source.ends_with("export.zip/archive/likes.json"),
        "{:?}",
        zipped_rejects[0]
    );

    // A stream of the outbox alone: no profile and no likes, the same events otherwise.
    let bytes = std::fs::read(export.join("outbox.json")).unwrap();
    let (streamed, rejects) = read_bytes(Format::ActivityPub, &bytes);
    assert_eq!(tally(&streamed, &rejects), counts(OUTBOX_ONLY_COUNTS));
}

#[test]
fn export_exact_events() {
    let Some(data) = data_dir() else { return };
    let (items, _) = read_path(&data.join("formats/activitypub-outbox"), Format::ActivityPub);
    let owner = "purplerain@o3o.ca";
    let Item::Account(account) = &items[0] else {
        panic!("{:?}", items[0])
    };
    assert_eq!(
        (account.handle.as_str(), account.created_at),
        (owner, Some(at("2021-03-27T00:00:00Z")))
    );

    let first = find(&items, "https://o3o.ca/users/purplerain/statuses/105965176447809959");
    assert_eq!(
        (first.kind, first.actor.as_str(), first.at),
        (EventKind::Post, owner, at("2021-03-28T02:57:55Z"))
    );

    let reply = find(&items, "https://o3o.ca/users/purplerain/statuses/105974187918117753");
    assert_eq!(
        (
            reply.kind,
            reply.target.as_deref(),
            reply.parent.as_deref(),
            reply.lang.as_deref()
        ),
        (
            EventKind::Reply,
            Some(owner),
            Some("https://o3o.ca/users/purplerain/statuses/105974186262071972"),
            Some("zh")
        )
    );

    let tagged = find(&items, "https://o3o.ca/users/purplerain/statuses/106035654426764451");
    assert_eq!(tagged.tags.len(), 1);
    assert!(!tagged.tags[0].starts_with('#'));

    let uri = "https://o3o.ca/users/purplerain/statuses/106781788181878225";
    let mention = find(&items, &format!("{uri}#m:fatelab@onlycasino.legal"));
    assert_eq!((mention.actor.as_str(), mention.at), (owner, find(&items, uri).at));

    let boosted = "https://acg.mn/users/yourshot/statuses/106034097481162162";
    let repost = find(&items, &format!("repost:{owner}:{boosted}"));
    assert_eq!(
        (repost.target.as_deref(), repost.at, repost.post.as_deref()),
        (
            Some("yourshot@acg.mn"),
            at("2021-04-09T14:04:27Z"),
            Some("https://o3o.ca/users/purplerain/statuses/106035745099357195/activity")
        )
    );

    // Likes are dated by the liked status's id: (106900665340254323 >> 16) / 1000 = 1631174703.
    let liked = "https://pullopen.xyz/users/guanzhi/statuses/106900665340254323";
    let like = find(&items, &format!("like:{owner}:{liked}"));
    assert_eq!(
        (like.target.as_deref(), like.at),
        (Some("guanzhi@pullopen.xyz"), 1_631_174_703)
    );
}

// ---------------------------------------------------------------------------------------------
// Hand-written fixtures

/// One status as the REST API gives it.
const REST_STATUS: &str = r##"{"id":"9001","created_at":"2024-02-01T10:00:00.000Z","in_reply_to_id":"8000",
 "in_reply_to_account_id":"77","language":"en","visibility":"public",
 "uri":"https://sea.example/users/ann/statuses/111","url":"https://sea.example/@ann/111",
 "content":"<p><span class=\"h-card\"><a href=\"https://shore.example/@bob\" class=\"u-url mention\">@<span>bob</span></a></span> <span class=\"h-card\"><a href=\"https://sea.example/@cid\" class=\"u-url mention\">@<span>cid</span></a></span> tide tables &amp; <a href=\"https://tides.example/today\" rel=\"nofollow\">tides.example/today</a> <a href=\"https://sea.example/tags/Tides\" class=\"mention hashtag\" rel=\"tag\">#<span>Tides</span></a></p>",
 "reblog":null,
 "account":{"id":"5","username":"ann","acct":"ann","display_name":"Ann","url":"https://sea.example/@ann","uri":"https://sea.example/users/ann","followers_count":12,"following_count":3,"statuses_count":40,"created_at":"2020-01-01T00:00:00.000Z"},
 "mentions":[{"id":"77","username":"bob","acct":"bob@shore.example","url":"https://shore.example/@bob"},{"id":"6","username":"cid","acct":"cid","url":"https://sea.example/@cid"}],
 "tags":[{"name":"tides","url":"https://sea.example/tags/tides"}]}"##;

/// The same status in its author's export, and a boost.
const OUTBOX: &str = r##"{"@context":"https://www.w3.org/ns/activitystreams","id":"outbox.json","type":"OrderedCollection","orderedItems":[
{"id":"https://sea.example/users/ann/statuses/111/activity","type":"Create","actor":"https://sea.example/users/ann","published":"2024-02-01T10:00:00Z",
 "object":{"id":"https://sea.example/users/ann/statuses/111","type":"Note","published":"2024-02-01T10:00:00Z",
  "inReplyTo":"https://shore.example/users/bob/statuses/222","attributedTo":"https://sea.example/users/ann",
  "content":"<p><span class=\"h-card\"><a href=\"https://shore.example/@bob\" class=\"u-url mention\">@<span>bob</span></a></span> <span class=\"h-card\"><a href=\"https://sea.example/@cid\" class=\"u-url mention\">@<span>cid</span></a></span> tide tables &amp; <a href=\"https://tides.example/today\" rel=\"nofollow\">tides.example/today</a> <a href=\"https://sea.example/tags/Tides\" class=\"mention hashtag\" rel=\"tag\">#<span>Tides</span></a></p>",
  "contentMap":{"en":"…"},
  "tag":[{"type":"Mention","href":"https://shore.example/users/bob","name":"@bob@shore.example"},{"type":"Mention","href":"https://sea.example/users/cid","name":"@cid"},{"type":"Hashtag","href":"https://sea.example/tags/tides","name":"#Tides"}]}},
{"id":"https://sea.example/users/ann/statuses/112/activity","type":"Announce","actor":"https://sea.example/users/ann","published":"2024-02-02T08:00:00Z","object":"https://shore.example/users/bob/statuses/222"},
{"id":"https://sea.example/users/ann/statuses/113/activity","type":"Delete","actor":"https://sea.example/users/ann","published":"2024-02-02T09:00:00Z","object":"https://sea.example/users/ann/statuses/100"}
]}"##;

#[test]
fn the_same_status_from_the_api_and_from_an_export_is_one_event() {
    let (rest_items, rest_rejects) = read_bytes(Format::Mastodon, REST_STATUS.as_bytes());
    assert!(rest_rejects.is_empty(), "{rest_rejects:?}");
    let (ap_items, ap_rejects) = read_bytes(Format::ActivityPub, OUTBOX.as_bytes());
    assert_eq!(ap_rejects.len(), 1, "the Delete");
    assert!(ap_rejects[0].reason.contains("\"Delete\" is not mapped") && ap_rejects[0].line == 9);

    let uri = "https://sea.example/users/ann/statuses/111";
    let rest = events(&rest_items);
    let ap = events(&ap_items);
    // The REST reply names no parent URI (its parent is only a local id) but everything else agrees.
    let want = Event {
        target: Some("bob@shore.example".into()),
        post: Some(uri.into()),
        parent: None,
        tags: vec!["tides".into()],
        urls: vec!["https://tides.example/today".into()],
        lang: Some("en".into()),
        text: Some("@bob @cid tide tables & tides.example/today #Tides".into()),
        ..Event::new(
            uri,
            "mastodon",
            EventKind::Reply,
            "ann@sea.example",
            at("2024-02-01T10:00:00Z"),
        )
    };
    assert_eq!(rest[0], &want);
    assert_eq!(
        ap[0],
        &Event {
            parent: Some("https://shore.example/users/bob/statuses/222".into()),
            ..want.clone()
        }
    );
    let mention = Event::new(
        format!("{uri}#m:cid@sea.example"),
        "mastodon",
        EventKind::Mention,
        "ann@sea.example",
        want.at,
    )
    .with_target("cid@sea.example");
    assert_eq!(rest[1..], [&mention]);
    assert_eq!(ap[1], &mention);
    assert_eq!(
        ap[2].id,
        "repost:ann@sea.example:https://shore.example/users/bob/statuses/222"
    );
}

#[test]
fn notifications_share_the_ids_of_what_they_notify() {
    let status = r#"{"id":"1","created_at":"2024-03-01T00:00:00Z","uri":"https://sea.example/users/ann/statuses/1","content":"<p>hi</p>","account":{"id":"5","acct":"ann","url":"https://sea.example/@ann"}}"#;
    let bob = r#"{"id":"7","acct":"bob@shore.example","url":"https://shore.example/@bob"}"#;
    let notification = |id: &str, kind: &str, with_status: bool| {
        let status = if with_status { status } else { "null" };
        format!(
            r#"{{"id":"{id}","type":"{kind}","created_at":"2024-03-02T00:00:00Z","account":{bob},"status":{status}}}"#
        )
    };
    // JSON Lines: the follow comes before the favourite that tells whose notifications these are.
    let input = [
        notification("1", "follow", false),
        notification("2", "favourite", true),
        notification("3", "reblog", true),
        notification("4", "admin.sign_up", false),
        "{not json".to_owned(),
    ]
    .join("\n");
    let (items, rejects) = read_bytes(Format::Mastodon, input.as_bytes());
    let ids: Vec<&str> = events(&items).iter().map(|e| e.id.as_str()).collect();
    let uri = "https://sea.example/users/ann/statuses/1";
    assert_eq!(
        ids,
        [
            uri,
            &format!("like:bob@shore.example:{uri}"),
            uri,
            &format!("repost:bob@shore.example:{uri}"),
            "follow:bob@shore.example:ann@sea.example",
        ]
    );
    let lines: Vec<u64> = rejects.iter().map(|r| r.line).collect();
    assert_eq!(lines, [4, 5]);
    assert!(rejects[0].reason.contains("\"admin.sign_up\" carries no interaction"));
    assert!(rejects[1].reason.starts_with("malformed JSON"));

    // A follow alone cannot say who was followed.
    let (items, rejects) = read_bytes(Format::Mastodon, notification("1", "follow", false).as_bytes());
    assert!(events(&items).is_empty());
    assert!(rejects[0].reason.contains("does not name the followed account"));
}

#[test]
fn bad_records_are_rejected_where_they_start_and_the_rest_is_kept() {
    let good = r#"{"id":"1","created_at":"2024-03-01T00:00:00Z","uri":"https://sea.example/users/ann/statuses/1","content":"x","account":{"id":"5","acct":"ann","url":"https://sea.example/@ann"}}"#;
    let no_uri =
        r#"{"id":"2","created_at":"2024-03-01T00:00:00Z","content":"x","account":{"id":"5","acct":"ann@sea.example"}}"#;
    let bad_time = good
        .replace("2024-03-01T00:00:00Z", "yesterday")
        .replace("/1\"", "/3\"");
    let input = format!("[\n{good},\n{no_uri},\n  {bad_time},\n 42\n]");
    let (items, rejects) = read_bytes(Format::Mastodon, input.as_bytes());
    assert_eq!(events(&items).len(), 1);
    let got: Vec<(u64, &str)> = rejects.iter().map(|r| (r.line, r.reason.as_str())).collect();
    assert_eq!(got.len(), 3, "{got:?}");
    assert_eq!((got[0].0, got[1].0, got[2].0), (3, 4, 5));
    assert!(got[0].1.contains("missing required field \"uri\""), "{got:?}");
    assert!(got[1].1.contains("timestamp \"yesterday\""), "{got:?}");
    assert!(got[2].1.contains("expected a JSON object or array"), "{got:?}");

    // Likes without an owner, and a document that is not JSON.
    let likes =
        r#"{"type":"OrderedCollection","orderedItems":["https://a.example/users/x/statuses/110446222386355655"]}"#;
    let (_, rejects) = read_bytes(Format::ActivityPub, likes.as_bytes());
    assert!(
        rejects[0].reason.contains("names the account that liked it"),
        "{rejects:?}"
    );
    let (_, rejects) = read_bytes(Format::ActivityPub, b"{\n\"orderedItems\": [\n");
    assert_eq!((rejects.len(), rejects[0].line), (1, 3), "{rejects:?}");
}

// ---------------------------------------------------------------------------------------------
// Arbitrary input

fn accounted(format: Format, input: &[u8]) {
    let reader = EventReader::from_reader("input", Cursor::new(input.to_vec()), format).unwrap();
    for record in reader {
        if let Err(reject) = record {
            assert!(reject.line >= 1 && !reject.reason.is_empty() && reject.raw.len() <= 512);
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(300))]

    #[test]
    fn arbitrary_bytes_never_panic(input in prop::collection::vec(any::<u8>(), 0..600)) {
        accounted(Format::Mastodon, &input);
        accounted(Format::ActivityPub, &input);
    }

    #[test]
    fn damaged_fixtures_never_panic(cut in 0usize..4000, at in 0usize..4000, byte in any::<u8>()) {
        for fixture in [REST_STATUS, OUTBOX] {
            let mut input = fixture.as_bytes().to_vec();
            if !input.is_empty() {
                let i = at % input.len();
                input[i] = byte;
            }
            input.truncate(cut.min(input.len()));
            accounted(Format::Mastodon, &input);
            accounted(Format::ActivityPub, &input);
        }
    }
}
