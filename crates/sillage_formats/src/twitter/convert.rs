//! From Twitter's objects to canonical events and account records, whatever the dialect.
//!
//! The id scheme is what makes an archive and an API dump of the same tweets agree: a tweet's
//! event has the tweet's own id (`id`, `post`), its `parent` is the replied-to, quoted or
//! retweeted tweet's id, and accounts are keyed by the numeric user id (archives name followers by
//! id only). Mentions are `"{tweet}:m:{user}"`, likes `"like:{liker}:{tweet}"`, follows
//! `"follow:{follower}:{followed}"`.

use std::collections::{HashMap, HashSet, VecDeque};

use sillage_model::{AccountRecord, Event, EventKind, Instant, normalize_tag, parse_instant};

use super::doc::Text;
use super::model::{Entities, Id, Includes, Node, User, count};
use crate::record::raw_excerpt;
use crate::{Item, Record, Reject};

/// The network every Twitter event and account belongs to.
pub(crate) const NET: &str = "twitter";

/// Twitter's snowflake epoch (2010-11-04T01:42:54.657Z) in Unix milliseconds.
const SNOWFLAKE_EPOCH_MS: u64 = 1_288_834_974_657;

/// Ids below this are not snowflakes: tweets from before November 2010 were numbered in sequence,
/// and their ids carry no time.
const FIRST_SNOWFLAKE: u64 = 1 << 40;

/// How many distinct accounts a sink remembers to avoid repeating them; past this it forgets (a
/// repeated account record is harmless, unbounded memory is not).
const MAX_REMEMBERED_ACCOUNTS: usize = 1 << 20;

/// The instant (Unix seconds) encoded in a snowflake id: `(id >> 22) + 1288834974657` ms. `None`
/// for ids that are not snowflakes.
pub(crate) fn snowflake_time(id: &str) -> Option<Instant> {
    let id: u64 = id.parse().ok()?;
    if id < FIRST_SNOWFLAKE {
        return None;
    }
    Some((((id >> 22) + SNOWFLAKE_EPOCH_MS) / 1000) as Instant)
}

/// Parses v1.1's `Thu Mar 05 15:44:51 +0000 2026` or v2's RFC 3339 `2021-04-08T19:34:16.000Z`.
pub(crate) fn parse_time(text: &str) -> Option<Instant> {
    parse_v1_time(text).or_else(|| parse_instant(text).ok())
}

fn parse_v1_time(text: &str) -> Option<Instant> {
    let mut parts = text.split_ascii_whitespace();
    let (_weekday, month, day, clock, offset, year) = (
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
        parts.next()?,
    );
    if parts.next().is_some() {
        return None;
    }
    const MONTHS: [&str; 12] = [
        "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
    ];
    let month = MONTHS.iter().position(|m| *m == month)? as i64 + 1;
    let day: i64 = day.parse().ok().filter(|d| (1..=31).contains(d))?;
    let year: i64 = year.parse().ok().filter(|y| (1970..=9999).contains(y))?;
    let mut hms = clock.split(':').map(|p| p.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    if hms.next().is_some() || h > 23 || m > 59 || s > 60 {
        return None;
    }
    let (sign, digits) = match offset.as_bytes().first()? {
        b'+' => (1, &offset[1..]),
        b'-' => (-1, &offset[1..]),
        _ => return None,
    };
    if digits.len() != 4 || !digits.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let off = sign * (digits[..2].parse::<i64>().ok()? * 3600 + digits[2..].parse::<i64>().ok()? * 60);
    Some(days_from_civil(year, month, day) * 86_400 + h * 3600 + m * 60 + s - off)
}

/// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
fn days_from_civil(y: i64, m: i64, d: i64) -> i64 {
    let y = if m <= 2 { y - 1 } else { y };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let mp = (m + 9) % 12;
    let doy = (153 * mp + 2) / 5 + d - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    era * 146_097 + doe - 719_468
}

/// A language worth keeping: Twitter's `und` (undetermined), `zxx` (no linguistic content) and
/// its private `q..` codes (`qme` media only, `qam` mentions only, `qht` hashtags only …) say
/// nothing about the language of a text, so they are dropped.
fn useful_lang(lang: Option<&str>) -> Option<String> {
    let lang = lang?.trim();
    let pseudo = lang.is_empty()
        || lang == "und"
        || lang == "zxx"
        || (lang.len() == 3 && lang.starts_with('q') && lang.bytes().all(|b| b.is_ascii_lowercase()));
    (!pseudo).then(|| lang.to_owned())
}

/// Where records go: events, rejects and accounts in reading order, accounts once per file.
pub(crate) struct Sink {
    pub records: VecDeque<Record>,
    /// Accounts already emitted, by whether that record carried a profile (counts, bio, …: index
    /// 1) or not (index 0): a bare mention does not stop a later full profile from being emitted.
    seen: [HashSet<String>; 2],
}

impl Sink {
    pub(crate) fn new() -> Sink {
        Sink {
            records: VecDeque::new(),
            seen: [HashSet::new(), HashSet::new()],
        }
    }

    pub(crate) fn event(&mut self, event: Event) {
        self.records.push_back(Ok(Item::Event(event)));
    }

    pub(crate) fn reject(&mut self, at: &Place<'_>, reason: impl Into<String>) {
        self.records.push_back(Err(Reject {
            source: at.doc.source.to_owned(),
            line: at.line(),
            reason: reason.into(),
            raw: raw_excerpt(at.raw.as_bytes()),
        }));
    }

    pub(crate) fn account(&mut self, account: AccountRecord) {
        let rich = account.followers.is_some()
            || account.following.is_some()
            || account.posts.is_some()
            || account.bio.is_some()
            || account.created_at.is_some();
        if self.seen[0].len() + self.seen[1].len() >= MAX_REMEMBERED_ACCOUNTS {
            self.seen.iter_mut().for_each(HashSet::clear);
        }
        let seen = &mut self.seen[usize::from(rich)];
        if !seen.contains(account.handle.as_str()) {
            seen.insert(account.handle.clone());
            self.records.push_back(Ok(Item::Account(account)));
        }
    }

    /// An account record for a user object, if it names the user by id and by name.
    pub(crate) fn user(&mut self, user: &User) {
        if let Some(account) = account_of(user) {
            self.account(account);
        }
    }
}

/// Where a record is: the text it is part of (which names its file, or `bundle:file`) and its own
/// text. The line it starts on is worked out only when needed, for a reject.
pub(crate) struct Place<'a> {
    pub doc: &'a Text<'a>,
    pub raw: &'a str,
}

impl Place<'_> {
    /// The line the record starts on.
    pub(crate) fn line(&self) -> u64 {
        self.doc.line_of(self.raw)
    }
}

/// The account record of a user object: keyed by its numeric id, with the screen name as
/// `username`. `None` when the object lacks the id or says nothing but the id.
pub(crate) fn account_of(user: &User) -> Option<AccountRecord> {
    let handle = non_empty(user.key())?;
    let username = non_empty(user.handle_name());
    let name = non_empty(user.name.as_deref());
    if username.is_none() && name.is_none() {
        return None;
    }
    let metrics = user.public_metrics.as_ref();
    Some(AccountRecord {
        net: NET.to_owned(),
        handle,
        username,
        name,
        bio: non_empty(user.description.as_deref()),
        lang: useful_lang(user.lang.as_deref()),
        followers: count(user.followers_count).or_else(|| metrics.and_then(|m| count(m.followers_count))),
        following: count(user.friends_count).or_else(|| metrics.and_then(|m| count(m.following_count))),
        posts: count(user.statuses_count).or_else(|| metrics.and_then(|m| count(m.tweet_count))),
        created_at: user.created_at.as_deref().and_then(parse_time),
        ..AccountRecord::default()
    })
}

/// A top-level node that is a user rather than a tweet (a v1.1 user, a v2 `data` user).
pub(crate) fn node_user<'a>(node: &Node<'a>) -> User<'a> {
    User {
        id: node.id.clone(),
        id_str: node.id_str.clone(),
        screen_name: node.screen_name.clone(),
        username: node.username.clone(),
        name: node.name.clone(),
        description: node.description.clone(),
        created_at: node.created_at.clone(),
        lang: node.lang.clone(),
        followers_count: node.followers_count,
        friends_count: node.friends_count,
        statuses_count: node.statuses_count,
        public_metrics: node.public_metrics.clone(),
    }
}

fn non_empty(s: Option<&str>) -> Option<String> {
    s.map(str::trim).filter(|s| !s.is_empty()).map(str::to_owned)
}

fn id_of<'i>(id: Option<&'i Id<'_>>) -> Option<&'i str> {
    id.map(Id::as_str).filter(|s| !s.is_empty())
}

/// What a v2 response's `includes` tell about the tweets it carries.
#[derive(Default)]
pub(crate) struct Resolver {
    /// User ids by lowercased username.
    users_by_name: HashMap<String, String>,
    /// Author ids by tweet id.
    tweet_authors: HashMap<String, String>,
}

impl Resolver {
    pub(crate) fn from_includes(includes: Option<&Includes>) -> Resolver {
        let mut r = Resolver::default();
        let Some(includes) = includes else { return r };
        for user in includes.users.iter().flatten() {
            if let (Some(id), Some(name)) = (user.key(), user.handle_name()) {
                r.users_by_name.insert(name.to_ascii_lowercase(), id.to_owned());
            }
        }
        for tweet in includes.tweets.iter().flatten() {
            if let (Some(id), Some(author)) = (id_of(tweet.id.as_ref()), id_of(tweet.author_id.as_ref())) {
                r.tweet_authors.insert(id.to_owned(), author.to_owned());
            }
        }
        r
    }

    fn user_named(&self, name: &str) -> Option<&str> {
        self.users_by_name.get(&name.to_ascii_lowercase()).map(String::as_str)
    }

    fn author_of(&self, tweet: &str) -> Option<&str> {
        self.tweet_authors.get(tweet).map(String::as_str)
    }
}

/// What a tweet is, besides a post: the event kind, the tweet it acts upon, and that tweet's author.
struct Shape<'n> {
    kind: EventKind,
    parent: Option<&'n str>,
    target: Option<String>,
}

/// Converts one tweet into its event (post, reply, quote or repost) and its mention events, plus
/// the account records of the users it names. `owner` is the author when the tweet does not say
/// (archive tweets); `resolver` answers v2 references. Rejects name the tweet's problem.
pub(crate) fn tweet(node: &Node<'_>, owner: Option<&str>, resolver: &Resolver, place: &Place<'_>, sink: &mut Sink) {
    let Some(id) = id_of(node.id_str.as_ref()).or(id_of(node.id.as_ref())) else {
        return sink.reject(place, "tweet without \"id_str\" or \"id\"");
    };
    let author = node
        .user
        .as_deref()
        .and_then(User::key)
        .or(id_of(node.author_id.as_ref()))
        .or(node.author.as_deref().and_then(User::key))
        .or(owner);
    let Some(author) = author.filter(|a| !a.is_empty()) else {
        return sink.reject(
            place,
            format!("tweet {id}: author unknown (no \"user\", \"author_id\" or archive owner)"),
        );
    };
    let at = match node.created_at.as_deref() {
        Some(text) => match parse_time(text) {
            Some(at) => at,
            None => {
                return sink.reject(place, format!("tweet {id}: unreadable \"created_at\" {text:?}"));
            }
        },
        // v2 responses without `tweet.fields=created_at`: the id says when.
        None => match snowflake_time(id) {
            Some(at) => at,
            None => return sink.reject(place, format!("tweet {id}: no \"created_at\" and not a snowflake id")),
        },
    };
    let extended = node.extended_tweet.as_deref();
    let entities: Option<&Entities> = extended.and_then(|e| e.entities.as_ref()).or(node.entities.as_deref());
    let text = extended
        .and_then(|e| e.full_text.as_deref())
        .or(node.full_text.as_deref())
        .or(node.text.as_deref());
    let mentions: Vec<&User> = entities
        .map(|e| {
            e.user_mentions
                .iter()
                .flatten()
                .chain(e.mentions.iter().flatten())
                .collect()
        })
        .unwrap_or_default();
    let mention_id = |m: &User| -> Option<String> {
        m.key()
            .filter(|k| !k.is_empty())
            .or_else(|| m.handle_name().and_then(|n| resolver.user_named(n)))
            .map(str::to_owned)
    };

    let shape = match shape(node, text, &mentions, resolver, &mention_id) {
        Ok(shape) => shape,
        Err(reason) => return sink.reject(place, format!("tweet {id}: {reason}")),
    };

    // Accounts first, so that a consumer meets a user's profile before their events.
    for user in [
        node.user.as_deref(),
        node.author.as_deref(),
        node.in_reply_to_user.as_deref(),
    ]
    .into_iter()
    .flatten()
    {
        sink.user(user);
    }
    if let Some(rs) = node.retweeted_status.as_deref().and_then(|t| t.user.as_ref()) {
        sink.user(rs);
    }
    if let Some(qs) = node.quoted_status.as_deref().and_then(|t| t.user.as_ref()) {
        sink.user(qs);
    }
    for reference in node.referenced_tweets.iter().flatten() {
        if let Some(user) = reference.author.as_ref() {
            sink.user(user);
        }
    }
    for m in &mentions {
        sink.user(m);
    }

    let tags = entities
        .and_then(|e| e.hashtags.as_ref())
        .map(|tags| {
            tags.iter()
                .filter_map(|t| t.text.as_deref().or(t.tag.as_deref()))
                .map(normalize_tag)
                .filter(|t| !t.is_empty())
                .collect()
        })
        .unwrap_or_default();
    let urls = entities
        .and_then(|e| e.urls.as_ref())
        .map(|urls| {
            urls.iter()
                .filter_map(|u| u.expanded_url.as_deref().or(u.url.as_deref()))
                .map(str::trim)
                .filter(|u| !u.is_empty())
                .map(str::to_owned)
                .collect()
        })
        .unwrap_or_default();
    let skip = match shape.kind {
        EventKind::Reply | EventKind::Repost => shape.target.clone(),
        _ => None,
    };
    sink.event(Event {
        id: id.to_owned(),
        net: NET.to_owned(),
        kind: shape.kind,
        actor: author.to_owned(),
        target: shape.target,
        post: Some(id.to_owned()),
        parent: shape.parent.map(str::to_owned),
        at,
        tags,
        urls,
        lang: useful_lang(node.lang.as_deref()),
        text: text.filter(|t| !t.is_empty()).map(str::to_owned),
    });

    let mut done: Vec<String> = Vec::new();
    for m in &mentions {
        let Some(user) = mention_id(m) else {
            let name = m.handle_name().unwrap_or("?");
            sink.reject(
                place,
                format!("tweet {id}: mention of @{name} has no user id (suspended or deleted account?)"),
            );
            continue;
        };
        if skip.as_deref() == Some(user.as_str()) || done.contains(&user) {
            continue;
        }
        sink.event(Event {
            post: Some(id.to_owned()),
            ..Event::new(format!("{id}:m:{user}"), NET, EventKind::Mention, author, at).with_target(user.clone())
        });
        done.push(user);
    }
}

/// Decides whether a tweet is a repost, a reply, a quote or a plain post (in that order of
/// precedence: a reply that also quotes is a reply).
fn shape<'n>(
    node: &'n Node<'_>,
    text: Option<&str>,
    mentions: &[&User],
    resolver: &Resolver,
    mention_id: &dyn Fn(&User) -> Option<String>,
) -> Result<Shape<'n>, String> {
    let reference = |kind: &str| {
        node.referenced_tweets
            .iter()
            .flatten()
            .find(|r| r.kind.as_deref() == Some(kind) && id_of(r.id.as_ref()).is_some())
    };
    let ref_author = |r: &super::model::Reference| -> Option<String> {
        id_of(r.author_id.as_ref())
            .or(r.author.as_ref().and_then(User::key))
            .or_else(|| resolver.author_of(id_of(r.id.as_ref())?))
            .map(str::to_owned)
    };
    // "RT @name: …": the retweeted author, named in the text and (with an id) among the mentions.
    let rt_name = text.and_then(|t| t.strip_prefix("RT @")).map(|rest| {
        let end = rest
            .find(|c: char| !(c.is_ascii_alphanumeric() || c == '_'))
            .unwrap_or(rest.len());
        &rest[..end]
    });
    let rt_author = || -> Option<String> {
        let name = rt_name?;
        mentions
            .iter()
            .find(|m| m.handle_name().is_some_and(|n| n.eq_ignore_ascii_case(name)))
            .and_then(|m| mention_id(m))
            .or_else(|| resolver.user_named(name).map(str::to_owned))
    };

    if let Some(rs) = node.retweeted_status.as_deref() {
        let parent = id_of(rs.id_str.as_ref()).or(id_of(rs.id.as_ref()));
        let target = rs
            .user
            .as_ref()
            .and_then(User::key)
            .map(str::to_owned)
            .or_else(rt_author);
        return repost(parent, target, rt_name);
    }
    if let Some(r) = reference("retweeted") {
        return repost(id_of(r.id.as_ref()), ref_author(r).or_else(rt_author), rt_name);
    }
    if rt_name.is_some_and(|n| !n.is_empty()) {
        return repost(None, rt_author(), rt_name);
    }

    let v1_reply = id_of(node.in_reply_to_status_id_str.as_ref()).or(id_of(node.in_reply_to_status_id.as_ref()));
    let v2_reply = reference("replied_to");
    if let Some(parent) = v1_reply.or(v2_reply.and_then(|r| id_of(r.id.as_ref()))) {
        let target = id_of(node.in_reply_to_user_id_str.as_ref())
            .or(id_of(node.in_reply_to_user_id.as_ref()))
            .or(node.in_reply_to_user.as_deref().and_then(User::key))
            .map(str::to_owned)
            .or_else(|| v2_reply.and_then(ref_author));
        // Without the replied-to author the reply cannot be an engagement; it is still the
        // author's post, and keeps its parent.
        return Ok(match target {
            Some(t) => Shape {
                kind: EventKind::Reply,
                parent: Some(parent),
                target: Some(t),
            },
            None => Shape {
                kind: EventKind::Post,
                parent: Some(parent),
                target: None,
            },
        });
    }

    let quoted = node.quoted_status.as_deref();
    let v2_quote = reference("quoted");
    let quote_parent = quoted
        .and_then(|q| id_of(q.id_str.as_ref()).or(id_of(q.id.as_ref())))
        .or(id_of(node.quoted_status_id_str.as_ref()))
        .or(v2_quote.and_then(|r| id_of(r.id.as_ref())));
    if let Some(parent) = quote_parent {
        let target = quoted
            .and_then(|q| q.user.as_ref())
            .and_then(User::key)
            .map(str::to_owned)
            .or_else(|| v2_quote.and_then(ref_author));
        return Ok(Shape {
            kind: if target.is_some() {
                EventKind::Quote
            } else {
                EventKind::Post
            },
            parent: Some(parent),
            target,
        });
    }
    Ok(Shape {
        kind: EventKind::Post,
        parent: None,
        target: None,
    })
}

fn repost<'n>(parent: Option<&'n str>, target: Option<String>, rt_name: Option<&str>) -> Result<Shape<'n>, String> {
    match target.filter(|t| !t.is_empty()) {
        Some(target) => Ok(Shape {
            kind: EventKind::Repost,
            parent,
            target: Some(target),
        }),
        None => Err(format!(
            "retweet of @{}: the retweeted author's id is unknown",
            rt_name.unwrap_or("?")
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn times() {
        assert_eq!(parse_time("Thu Mar 05 15:44:51 +0000 2026"), Some(1_772_725_491));
        assert_eq!(parse_time("Thu Mar 05 16:44:51 +0100 2026"), Some(1_772_725_491));
        assert_eq!(parse_time("2021-04-08T19:34:16.000Z"), Some(1_617_910_456));
        assert_eq!(parse_time("Thu Xyz 05 15:44:51 +0000 2026"), None);
        assert_eq!(parse_time(""), None);
        // 2029905358261502168 was created Fri Mar 06 13:02:05 +0000 2026 (tweets.js).
        assert_eq!(snowflake_time("2029905358261502168"), Some(1_772_802_125));
        assert_eq!(snowflake_time("12345"), None);
        assert_eq!(snowflake_time("x"), None);
    }

    #[test]
    fn pseudo_languages_are_dropped() {
        for lang in ["und", "zxx", "qme", "qam", "", " "] {
            assert_eq!(useful_lang(Some(lang)), None, "{lang}");
        }
        assert_eq!(useful_lang(Some("de")).as_deref(), Some("de"));
        assert_eq!(useful_lang(Some("zh-cn")).as_deref(), Some("zh-cn"));
    }
}
