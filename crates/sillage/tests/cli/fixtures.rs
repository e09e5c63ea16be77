//! Small event files the tests write themselves, with what each fixture is built to show.
//! Expected values come from the fixture's construction, stated at each one, never from the
//! program under test.

use std::io::Write;
use std::path::Path;

use crate::util::{Sandbox, args};

/// 2024-01-01T00:00:00Z.
pub const T0: i64 = 1_704_067_200;
pub const HOUR: i64 = 3600;
pub const DAY: i64 = 86_400;

/// One event of a fixture.
#[derive(Debug, Clone, Default)]
pub struct Ev {
    pub id: String,
    pub kind: &'static str,
    pub actor: String,
    pub target: Option<String>,
    pub at: i64,
    /// The content this event creates (`post` field).
    pub post: Option<String>,
    /// The content it reacts to (`parent` field).
    pub parent: Option<String>,
    pub tags: Vec<&'static str>,
    pub lang: Option<&'static str>,
}

impl Ev {
    pub fn new(id: &str, kind: &'static str, actor: &str, target: Option<&str>, at: i64) -> Ev {
        Ev {
            id: id.to_owned(),
            kind,
            actor: actor.to_owned(),
            target: target.map(str::to_owned),
            at,
            ..Ev::default()
        }
    }

    /// A post creating content `id`, tagged.
    pub fn post(id: &str, actor: &str, at: i64, tags: &[&'static str]) -> Ev {
        Ev {
            post: Some(id.to_owned()),
            tags: tags.to_vec(),
            ..Ev::new(id, "post", actor, None, at)
        }
    }

    /// A reaction of `actor` to the post `parent` of `author`.
    pub fn react(id: &str, kind: &'static str, actor: &str, author: &str, parent: &str, at: i64) -> Ev {
        Ev {
            parent: Some(parent.to_owned()),
            post: (kind != "like").then(|| id.to_owned()),
            ..Ev::new(id, kind, actor, Some(author), at)
        }
    }

    pub fn lang(mut self, lang: &'static str) -> Ev {
        self.lang = Some(lang);
        self
    }
}

/// A five-account community on network `test`. Everyone reposts `star`; `star` mentions `amy`;
/// `amy` replies to `bob`, `cat` likes `bob`, `dan` quotes `cat`; nobody engages `dan` (a follow
/// is not an engagement, and a self-like counts for nothing). One event per hour from T0.
pub fn community() -> Vec<Ev> {
    let h = |n: i64| T0 + n * HOUR;
    vec![
        Ev::new("e01", "post", "star", None, h(0)),
        Ev::new("e02", "repost", "amy", Some("star"), h(1)),
        Ev::new("e03", "repost", "bob", Some("star"), h(2)),
        Ev::new("e04", "repost", "cat", Some("star"), h(3)),
        Ev::new("e05", "repost", "dan", Some("star"), h(4)),
        Ev::new("e06", "reply", "amy", Some("bob"), h(5)),
        Ev::new("e07", "like", "cat", Some("bob"), h(6)),
        Ev::new("e08", "mention", "star", Some("amy"), h(7)),
        Ev::new("e09", "post", "bob", None, h(8)),
        Ev::new("e10", "quote", "dan", Some("cat"), h(9)),
        Ev::new("e11", "follow", "amy", Some("dan"), h(10)),
        Ev::new("e12", "like", "bob", Some("bob"), h(11)),
    ]
}

/// The community, ingested and scored as of its newest event.
pub fn scored_community() -> Sandbox {
    let sb = Sandbox::new();
    let file = sb.write("community.jsonl", to_jsonl(&community(), "test"));
    sb.run(&args!["ingest", &file]).ok();
    sb.run(&["score"]).ok();
    sb
}

/// An agency's view of two scenes on network `t`, over three weeks from T0:
///
/// - **tourism** (`#tourisme`, a child of `voyage` in the built-in taxonomy): `claire` posts
///   three times, the hotel chain's account `hotel` once (tagged `#hotellerie`, also tourism);
///   `paul`, `marie`, `lucas` and the opted-out `hermit` react to them.
/// - **Rust** (`#rust`/`#rustlang`, a child of `tech`): `ferris` posts twice, `anna` once;
///   `john`, `kate` and `zoe` react.
///
/// Reactions name the post they react to (`parent`), so they inherit its topics: the topic
/// members are the authors and their reactors. A few untagged posts and follows give the
/// accounts activity and reach. `accounts.jsonl` ([`AGENCY_ACCOUNTS`]) declares languages and
/// organisations; `zoe` has no record, and her own posts are in `fr-FR`.
pub fn agency() -> Vec<Ev> {
    let d = |n: i64, h: i64| T0 + n * DAY + h * HOUR;
    vec![
        Ev::post("c1", "claire", d(1, 9), &["tourisme"]).lang("fr"),
        Ev::post("h1", "hotel", d(2, 9), &["tourisme", "hotellerie"]).lang("fr"),
        Ev::post("f1", "ferris", d(3, 9), &["rust"]).lang("en"),
        Ev::post("a1", "anna", d(4, 9), &["rustlang"]).lang("en"),
        Ev::post("c2", "claire", d(8, 9), &["tourisme"]).lang("fr"),
        Ev::post("f2", "ferris", d(10, 9), &["rust"]).lang("en"),
        Ev::post("c3", "claire", d(15, 9), &["tourisme"]).lang("fr"),
        Ev::post("z1", "zoe", d(5, 12), &[]).lang("fr-FR"),
        Ev::post("z2", "zoe", d(12, 12), &[]).lang("fr-FR"),
        Ev::post("p1", "paul", d(6, 8), &[]).lang("fr"),
        Ev::post("j1", "john", d(7, 8), &[]).lang("en"),
        // Tourism reactions.
        Ev::react("r01", "repost", "paul", "claire", "c1", d(1, 10)),
        Ev::react("r02", "repost", "marie", "claire", "c1", d(1, 11)),
        Ev::react("r03", "repost", "hermit", "claire", "c1", d(1, 12)),
        Ev::react("r04", "reply", "paul", "hotel", "h1", d(2, 10)),
        Ev::react("r05", "like", "marie", "hotel", "h1", d(2, 11)),
        Ev::react("r06", "like", "paul", "claire", "c2", d(8, 10)),
        Ev::react("r07", "repost", "marie", "claire", "c2", d(8, 11)),
        Ev::react("r08", "quote", "hermit", "claire", "c2", d(8, 12)),
        Ev::react("r09", "repost", "lucas", "claire", "c3", d(15, 10)),
        Ev::react("r10", "reply", "marie", "claire", "c3", d(15, 11)),
        // Rust reactions.
        Ev::react("r11", "repost", "john", "ferris", "f1", d(3, 10)),
        Ev::react("r12", "repost", "kate", "ferris", "f1", d(3, 11)),
        Ev::react("r13", "repost", "john", "anna", "a1", d(4, 10)),
        Ev::react("r14", "reply", "kate", "anna", "a1", d(4, 11)),
        Ev::react("r15", "like", "john", "ferris", "f2", d(10, 10)),
        Ev::react("r16", "repost", "kate", "ferris", "f2", d(10, 11)),
        Ev::react("r17", "repost", "zoe", "ferris", "f2", d(10, 12)),
        // Follows.
        Ev::new("g1", "follow", "paul", Some("claire"), d(0, 1)),
        Ev::new("g2", "follow", "marie", Some("claire"), d(0, 2)),
        Ev::new("g3", "follow", "hermit", Some("claire"), d(0, 3)),
        Ev::new("g4", "follow", "john", Some("ferris"), d(0, 4)),
        Ev::new("g5", "follow", "kate", Some("ferris"), d(0, 5)),
        Ev::new("g6", "follow", "zoe", Some("ferris"), d(0, 6)),
    ]
}

/// The agency's `accounts.jsonl`: languages, organisations (`Acme` and `ACME` are one
/// organisation, compared without case), and `hermit`'s opt-out.
pub const AGENCY_ACCOUNTS: &str = r#"{"net":"t","handle":"claire","lang":"fr","org":"Voyages Claire"}
{"net":"t","handle":"hotel","name":"Hôtels Acme","lang":"fr","org":"Acme"}
{"net":"t","handle":"ferris","lang":"en"}
{"net":"t","handle":"anna","lang":"en","org":"ACME"}
{"net":"t","handle":"paul","lang":"fr"}
{"net":"t","handle":"marie","lang":"fr-FR"}
{"net":"t","handle":"lucas","lang":"en"}
{"net":"t","handle":"john","lang":"en-GB"}
{"net":"t","handle":"kate","lang":"en"}
{"net":"t","handle":"hermit","lang":"fr","opt_out":true}
"#;

/// The agency's shown accounts (all but `hermit`), and the expected answers of the filters.
pub const AGENCY_SHOWN: [&str; 10] = [
    "t:anna", "t:claire", "t:ferris", "t:hotel", "t:john", "t:kate", "t:lucas", "t:marie", "t:paul", "t:zoe",
];
/// Main language `fr`: declared `fr` or `fr-FR`, and `zoe` from her own posts.
pub const AGENCY_FR: [&str; 5] = ["t:claire", "t:hotel", "t:marie", "t:paul", "t:zoe"];
/// In `#tourisme`: the tourism authors and their shown reactors.
pub const AGENCY_TOURISME: [&str; 5] = ["t:claire", "t:hotel", "t:lucas", "t:marie", "t:paul"];
/// In `#rust`: the Rust authors and their reactors.
pub const AGENCY_RUST: [&str; 5] = ["t:anna", "t:ferris", "t:john", "t:kate", "t:zoe"];
/// Accounts of organisation Acme (any case).
pub const AGENCY_ACME: [&str; 2] = ["t:anna", "t:hotel"];

/// The agency, ingested (events and accounts) and scored as of its newest event.
pub fn scored_agency() -> Sandbox {
    let sb = Sandbox::new();
    let events = sb.write("agency.jsonl", to_jsonl(&agency(), "t"));
    let accounts = sb.write("accounts.jsonl", AGENCY_ACCOUNTS);
    sb.run(&args!["ingest", &events, &accounts]).ok();
    sb.run(&["score"]).ok();
    sb
}

/// Two authors competing for three fans' attention: each fan reposted `oldie` five times ten days
/// before the newest event, and `newbie` once at the newest event. With a 30-day half-life the
/// five old reposts weigh 5·2^(−1/3) ≈ 3.97 against 1, so oldie leads; with a 1-day half-life
/// they weigh 5·2^(−10) ≈ 0.005 against 1, so newbie leads.
pub fn old_and_new() -> Vec<Ev> {
    let t = T0 + 20 * DAY;
    let mut events = Vec::new();
    for fan in ["f1", "f2", "f3"] {
        for k in 0..5 {
            events.push(Ev::new(
                &format!("{fan}-old-{k}"),
                "repost",
                fan,
                Some("oldie"),
                t - 10 * DAY - k * HOUR,
            ));
        }
        events.push(Ev::new(&format!("{fan}-new"), "repost", fan, Some("newbie"), t));
    }
    events
}

/// The events as canonical JSON Lines on network `net`; instants alternate between RFC 3339 and
/// Unix seconds so that both spellings are read.
pub fn to_jsonl(events: &[Ev], net: &str) -> String {
    let mut out = String::new();
    for (i, e) in events.iter().enumerate() {
        let mut obj = serde_json::json!({ "id": e.id, "net": net, "kind": e.kind, "actor": e.actor });
        if let Some(t) = &e.target {
            obj["target"] = t.clone().into();
        }
        if let Some(p) = &e.post {
            obj["post"] = p.clone().into();
        }
        if let Some(p) = &e.parent {
            obj["parent"] = p.clone().into();
        }
        if !e.tags.is_empty() {
            obj["tags"] = e.tags.clone().into();
        }
        if let Some(l) = e.lang {
            obj["lang"] = l.into();
        }
        obj["at"] = if i % 2 == 0 { rfc3339(e.at).into() } else { e.at.into() };
        out.push_str(&obj.to_string());
        out.push('\n');
    }
    out
}

/// RFC 3339 for instants in 2024 (the fixtures' year), by hand: days since 2024-01-01.
pub fn rfc3339(at: i64) -> String {
    const MONTHS: [i64; 12] = [31, 29, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
    let seconds = at - T0;
    assert!((0..366 * DAY).contains(&seconds), "fixtures stay in 2024");
    let (mut day, rest) = (seconds / DAY, seconds % DAY);
    let mut month = 0;
    while day >= MONTHS[month] {
        day -= MONTHS[month];
        month += 1;
    }
    format!(
        "2024-{:02}-{:02}T{:02}:{:02}:{:02}Z",
        month + 1,
        day + 1,
        rest / HOUR,
        rest % HOUR / 60,
        rest % 60
    )
}

/// A JSON Lines file mixing good lines with bad ones, and for each bad line its 1-based number
/// and a word its reason must contain. Line 7 is blank and line 10 a comment: both are skipped
/// without counting, and must not shift the numbers of later lines.
pub fn mixed_jsonl() -> (Vec<u8>, usize, Vec<(u64, &'static str)>) {
    let mut lines: Vec<Vec<u8>> = vec![
        br#"{"id":"g1","net":"test","kind":"post","actor":"alice","at":"2024-01-01T00:00:00Z"}"#.to_vec(),
        br#"{"id":"b2","net":"test","kind":"post","actor":"alice","at":"#.to_vec(),
        br#"{"id":"b3","net":"test","kind":"post","at":1704067200}"#.to_vec(),
        br#"{"id":"g4","net":"test","kind":"repost","actor":"bob","target":"alice","at":1704067300}"#.to_vec(),
        br#"{"id":"b5","net":"test","kind":"repost","actor":"bob","at":1704067400}"#.to_vec(),
        br#"{"id":"b6","net":"test","kind":"retweet","actor":"bob","target":"alice","at":1704067500}"#.to_vec(),
        b"".to_vec(),
        br#"{"id":"b8","net":"test","kind":"like","actor":"carol","target":"alice","at":"yesterday"}"#.to_vec(),
    ];
    let mut bad_utf8 = br#"{"id":"b9","net":"test","kind":"post","actor":""#.to_vec();
    bad_utf8.extend_from_slice(b"\xff\xfe");
    bad_utf8.extend_from_slice(br#"","at":1704067600}"#);
    lines.push(bad_utf8);
    lines.push(b"# a comment line".to_vec());
    lines.push(br#"{"id":"g11","net":"test","kind":"like","actor":"carol","target":"alice","at":1704067700}"#.to_vec());
    let bad = vec![
        (2, "json"),
        (3, "actor"),
        (5, "target"),
        (6, "unknown kind"),
        (8, "timestamp"),
        (9, "utf-8"),
    ];
    (join(lines), 3, bad)
}

/// The CSV counterpart of [`mixed_jsonl`]: a quoted text spanning lines 9–10, a blank line 7, and
/// a quote never closed on the last line.
pub fn mixed_csv() -> (Vec<u8>, usize, Vec<(u64, &'static str)>) {
    let mut lines: Vec<Vec<u8>> = vec![
        b"id,net,kind,actor,target,at,text".to_vec(),
        b"g1,test,post,alice,,2024-01-01T00:00:00Z,hello".to_vec(),
        b"b3,test,post,alice,,1704067200,x,extra".to_vec(),
        b"b4,test,post,,,1704067200,".to_vec(),
        b"g5,test,repost,bob,alice,1704067300,".to_vec(),
        b"b6,test,repost,bob,,1704067400,".to_vec(),
        b"".to_vec(),
        b"b8,test,retweet,bob,alice,1704067500,".to_vec(),
        b"\"g9\",test,reply,carol,alice,1704067550,\"first line".to_vec(),
        b"second line\"".to_vec(),
        b"b11,test,like,carol,alice,yesterday,".to_vec(),
    ];
    let mut bad_utf8 = b"b12,test,post,".to_vec();
    bad_utf8.extend_from_slice(b"\xff\xfe");
    bad_utf8.extend_from_slice(b",,1704067600,");
    lines.push(bad_utf8);
    lines.push(b"g13,test,like,carol,alice,1704067700,".to_vec());
    lines.push(b"b14,test,post,dave,,1704067800,\"never closed".to_vec());
    let bad = vec![
        (3, "fields"),
        (4, "actor"),
        (6, "target"),
        (8, "unknown kind"),
        (11, "timestamp"),
        (12, "utf-8"),
        (14, "closed"),
    ];
    (join(lines), 4, bad)
}

fn join(lines: Vec<Vec<u8>>) -> Vec<u8> {
    let mut out = Vec::new();
    for line in lines {
        out.extend_from_slice(&line);
        out.push(b'\n');
    }
    out
}

/// Writes `count` distinct canonical events (likes among 1,000 accounts on network `crash`), the
/// same bytes for the same count.
pub fn write_many(path: &Path, count: u64) {
    let file = std::fs::File::create(path).expect("creating the big fixture");
    let mut w = std::io::BufWriter::with_capacity(1 << 20, file);
    for i in 0..count {
        writeln!(
            w,
            r#"{{"id":"c{i}","net":"crash","kind":"like","actor":"u{}","target":"u{}","at":{}}}"#,
            i % 1000,
            (i * 7 + 1) % 1000,
            1_700_000_000 + i
        )
        .expect("writing the big fixture");
    }
    w.flush().expect("writing the big fixture");
}

#[test]
fn rfc3339_by_hand() {
    assert_eq!(rfc3339(T0), "2024-01-01T00:00:00Z");
    assert_eq!(rfc3339(T0 + 4 * HOUR + 30 * 60), "2024-01-01T04:30:00Z");
    // 31 days of January and 29 of February 2024 (a leap year).
    assert_eq!(rfc3339(T0 + 60 * DAY + 1), "2024-03-01T00:00:01Z");
}
