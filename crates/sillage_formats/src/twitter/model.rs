//! The JSON shapes Twitter writes, as one lenient set of serde structs shared by the archive, API
//! v1.1 and API v2 (twarc "flat" and "noflat") readers.
//!
//! One struct covers the three dialects because their field names barely collide (`user_mentions`
//! vs `mentions`, `text` vs `tag` in hashtags) and where they do collide they mean the same thing.
//! Every field is optional: which ones are present decides what a record is. Ids and counts are
//! accepted as JSON numbers or as strings, since archives write every number as a string.
//! Unknown fields are skipped without being built, which keeps parsing fast.

use std::fmt;

use serde::Deserialize;
use serde::de::{self, Deserializer, IgnoredAny, Visitor};
use serde_json::value::RawValue;

/// Any JSON object Twitter wrote: a tweet (v1.1 status, v2 tweet, archive tweet), a user, or an
/// envelope around them (v2 response, v1.1 search response, tweepy's `{"request","body"}`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Node<'a> {
    // Envelopes.
    #[serde(borrow)]
    pub body: Option<&'a RawValue>,
    #[serde(borrow)]
    pub data: Option<&'a RawValue>,
    #[serde(borrow)]
    pub statuses: Option<&'a RawValue>,
    pub includes: Option<Includes>,

    // Tweets (and, for `id`, `created_at`, `lang`, users too).
    pub id: Option<Id>,
    pub id_str: Option<Id>,
    pub text: Option<String>,
    pub full_text: Option<String>,
    pub created_at: Option<String>,
    pub lang: Option<String>,
    pub author_id: Option<Id>,
    /// v1.1: the author.
    pub user: Option<Box<User>>,
    /// twarc flat: `author_id` expanded.
    pub author: Option<Box<User>>,
    pub retweeted_status: Option<Box<Tweet>>,
    pub quoted_status: Option<Box<Tweet>>,
    pub quoted_status_id_str: Option<Id>,
    pub in_reply_to_status_id_str: Option<Id>,
    pub in_reply_to_status_id: Option<Id>,
    pub in_reply_to_user_id_str: Option<Id>,
    pub in_reply_to_user_id: Option<Id>,
    /// twarc flat: `in_reply_to_user_id` expanded.
    pub in_reply_to_user: Option<Box<User>>,
    pub referenced_tweets: Option<Vec<Reference>>,
    pub entities: Option<Entities>,
    /// v1.1 streaming: the untruncated text and entities of a long tweet.
    pub extended_tweet: Option<Extended>,

    // Users.
    pub screen_name: Option<String>,
    pub username: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub followers_count: Option<Count>,
    pub friends_count: Option<Count>,
    pub statuses_count: Option<Count>,
    pub public_metrics: Option<Metrics>,
}

/// A tweet embedded in another (`retweeted_status`, `quoted_status`): only what names its author.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Tweet {
    pub id: Option<Id>,
    pub id_str: Option<Id>,
    pub user: Option<User>,
}

/// A user object, v1.1 or v2 (also a v1.1 `user_mentions` item and a v2 `mentions` item, which
/// carry a subset of the same fields; twarc flat expands mentions into full users).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct User {
    pub id: Option<Id>,
    pub id_str: Option<Id>,
    pub screen_name: Option<String>,
    pub username: Option<String>,
    pub name: Option<String>,
    pub description: Option<String>,
    pub created_at: Option<String>,
    pub lang: Option<String>,
    pub followers_count: Option<Count>,
    pub friends_count: Option<Count>,
    pub statuses_count: Option<Count>,
    pub public_metrics: Option<Metrics>,
}

impl User {
    /// The numeric id, `id_str` preferred (v1.1 `id` numbers may have been rounded by a writer
    /// that went through floating point).
    pub fn key(&self) -> Option<&str> {
        self.id_str.as_ref().or(self.id.as_ref()).map(|i| i.0.as_str())
    }

    /// The screen name (v1.1) or username (v2).
    pub fn handle_name(&self) -> Option<&str> {
        self.screen_name.as_deref().or(self.username.as_deref())
    }
}

/// v2 `public_metrics` of a user.
#[derive(Debug, Default, Clone, Deserialize)]
#[serde(default)]
pub(crate) struct Metrics {
    pub followers_count: Option<Count>,
    pub following_count: Option<Count>,
    pub tweet_count: Option<Count>,
}

/// v2 `includes`: the users and tweets a response's tweets refer to.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Includes {
    pub users: Option<Vec<User>>,
    pub tweets: Option<Vec<IncludedTweet>>,
}

/// A tweet in `includes.tweets`: needed only to learn who wrote a referenced tweet.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct IncludedTweet {
    pub id: Option<Id>,
    pub author_id: Option<Id>,
}

/// A v2 `referenced_tweets` item; twarc flat expands it into the whole referenced tweet, of which
/// only the author matters here.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Reference {
    #[serde(rename = "type")]
    pub kind: Option<String>,
    pub id: Option<Id>,
    pub author_id: Option<Id>,
    pub author: Option<User>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Extended {
    pub full_text: Option<String>,
    pub entities: Option<Entities>,
}

/// Entities of v1.1 (`hashtags[].text`, `user_mentions`) and v2 (`hashtags[].tag`, `mentions`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Entities {
    pub hashtags: Option<Vec<Hashtag>>,
    pub user_mentions: Option<Vec<User>>,
    pub mentions: Option<Vec<User>>,
    pub urls: Option<Vec<Url>>,
    pub media: Option<Vec<Media>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Hashtag {
    pub text: Option<String>,
    pub tag: Option<String>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Url {
    pub expanded_url: Option<String>,
    pub url: Option<String>,
}

/// A media entity: in an archive, a photo of a retweeted tweet names that tweet and its author.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Media {
    pub source_status_id_str: Option<Id>,
    pub source_user_id_str: Option<Id>,
}

/// An identifier written as a string or as a non-negative integer, kept as its decimal string so
/// that the same id is the same key whichever way it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Id(pub String);

impl<'de> Deserialize<'de> for Id {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Id, D::Error> {
        struct IdVisitor;
        impl Visitor<'_> for IdVisitor {
            type Value = Id;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (a string or an integer)")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id, E> {
                Ok(Id(v.trim().to_owned()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id, E> {
                Ok(Id(v.to_string()))
            }
        }
        deserializer.deserialize_any(IdVisitor)
    }
}

/// A count written as a number or a string of digits. Counts are decoration, so one that cannot
/// be read is dropped (`None`) rather than costing the whole record.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Count(pub Option<u64>);

impl<'de> Deserialize<'de> for Count {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Count, D::Error> {
        struct CountVisitor;
        impl<'de> Visitor<'de> for CountVisitor {
            type Value = Count;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a count")
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Count, E> {
                Ok(Count(v.trim().parse().ok()))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Count, E> {
                Ok(Count(Some(v)))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Count, E> {
                Ok(Count(u64::try_from(v).ok()))
            }
            fn visit_f64<E: de::Error>(self, _: f64) -> Result<Count, E> {
                Ok(Count(None))
            }
            fn visit_bool<E: de::Error>(self, _: bool) -> Result<Count, E> {
                Ok(Count(None))
            }
            fn visit_unit<E: de::Error>(self) -> Result<Count, E> {
                Ok(Count(None))
            }
            fn visit_seq<A: de::SeqAccess<'de>>(self, mut seq: A) -> Result<Count, A::Error> {
                while seq.next_element::<IgnoredAny>()?.is_some() {}
                Ok(Count(None))
            }
            fn visit_map<A: de::MapAccess<'de>>(self, mut map: A) -> Result<Count, A::Error> {
                while map.next_entry::<IgnoredAny, IgnoredAny>()?.is_some() {}
                Ok(Count(None))
            }
        }
        deserializer.deserialize_any(CountVisitor)
    }
}

/// The value of an optional count.
pub(crate) fn count(c: Option<Count>) -> Option<u64> {
    c.and_then(|c| c.0)
}
