//! The JSON shapes Twitter writes, as one lenient set of serde structs shared by the archive, API
//! v1.1 and API v2 (twarc "flat" and "noflat") readers.
//!
//! One struct covers the three dialects because their field names barely collide (`user_mentions`
//! vs `mentions`, `text` vs `tag` in hashtags) and where they do collide they mean the same thing.
//! Every field is optional: which ones are present decides what a record is. Ids and counts are
//! accepted as JSON numbers or as strings, since archives write every number as a string.
//! Unknown fields are skipped without being built, and strings and ids borrow from the input
//! (unless they hold an escape), which keeps parsing fast.

use std::borrow::Cow;
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
    #[serde(borrow)]
    pub includes: Option<Box<Includes<'a>>>,

    // Tweets (and, for `id`, `created_at`, `lang`, users too).
    #[serde(borrow)]
    pub id: Option<Id<'a>>,
    #[serde(borrow)]
    pub id_str: Option<Id<'a>>,
    #[serde(borrow)]
    pub text: Option<Str<'a>>,
    #[serde(borrow)]
    pub full_text: Option<Str<'a>>,
    #[serde(borrow)]
    pub created_at: Option<Str<'a>>,
    #[serde(borrow)]
    pub lang: Option<Str<'a>>,
    #[serde(borrow)]
    pub author_id: Option<Id<'a>>,
    /// v1.1: the author.
    #[serde(borrow)]
    pub user: Option<Box<User<'a>>>,
    /// twarc flat: `author_id` expanded.
    #[serde(borrow)]
    pub author: Option<Box<User<'a>>>,
    #[serde(borrow)]
    pub retweeted_status: Option<Box<Tweet<'a>>>,
    #[serde(borrow)]
    pub quoted_status: Option<Box<Tweet<'a>>>,
    #[serde(borrow)]
    pub quoted_status_id_str: Option<Id<'a>>,
    #[serde(borrow)]
    pub in_reply_to_status_id_str: Option<Id<'a>>,
    #[serde(borrow)]
    pub in_reply_to_status_id: Option<Id<'a>>,
    #[serde(borrow)]
    pub in_reply_to_user_id_str: Option<Id<'a>>,
    #[serde(borrow)]
    pub in_reply_to_user_id: Option<Id<'a>>,
    /// twarc flat: `in_reply_to_user_id` expanded.
    #[serde(borrow)]
    pub in_reply_to_user: Option<Box<User<'a>>>,
    #[serde(borrow)]
    pub referenced_tweets: Option<Vec<Reference<'a>>>,
    #[serde(borrow)]
    pub entities: Option<Box<Entities<'a>>>,
    /// v1.1 streaming: the untruncated text and entities of a long tweet.
    #[serde(borrow)]
    pub extended_tweet: Option<Box<Extended<'a>>>,

    // Users.
    #[serde(borrow)]
    pub screen_name: Option<Str<'a>>,
    #[serde(borrow)]
    pub username: Option<Str<'a>>,
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow)]
    pub description: Option<Str<'a>>,
    pub followers_count: Option<Count>,
    pub friends_count: Option<Count>,
    pub statuses_count: Option<Count>,
    pub public_metrics: Option<Metrics>,
}

/// A tweet embedded in another (`retweeted_status`, `quoted_status`): only what names its author.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Tweet<'a> {
    #[serde(borrow)]
    pub id: Option<Id<'a>>,
    #[serde(borrow)]
    pub id_str: Option<Id<'a>>,
    #[serde(borrow)]
    pub user: Option<User<'a>>,
}

/// A user object, v1.1 or v2 (also a v1.1 `user_mentions` item and a v2 `mentions` item, which
/// carry a subset of the same fields; twarc flat expands mentions into full users).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct User<'a> {
    #[serde(borrow)]
    pub id: Option<Id<'a>>,
    #[serde(borrow)]
    pub id_str: Option<Id<'a>>,
    #[serde(borrow)]
    pub screen_name: Option<Str<'a>>,
    #[serde(borrow)]
    pub username: Option<Str<'a>>,
    #[serde(borrow)]
    pub name: Option<Str<'a>>,
    #[serde(borrow)]
    pub description: Option<Str<'a>>,
    #[serde(borrow)]
    pub created_at: Option<Str<'a>>,
    #[serde(borrow)]
    pub lang: Option<Str<'a>>,
    pub followers_count: Option<Count>,
    pub friends_count: Option<Count>,
    pub statuses_count: Option<Count>,
    pub public_metrics: Option<Metrics>,
}

impl User<'_> {
    /// The numeric id, `id_str` preferred (v1.1 `id` numbers may have been rounded by a writer
    /// that went through floating point).
    pub fn key(&self) -> Option<&str> {
        self.id_str.as_ref().or(self.id.as_ref()).map(Id::as_str)
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
pub(crate) struct Includes<'a> {
    #[serde(borrow)]
    pub users: Option<Vec<User<'a>>>,
    #[serde(borrow)]
    pub tweets: Option<Vec<IncludedTweet<'a>>>,
}

/// A tweet in `includes.tweets`: needed only to learn who wrote a referenced tweet.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct IncludedTweet<'a> {
    #[serde(borrow)]
    pub id: Option<Id<'a>>,
    #[serde(borrow)]
    pub author_id: Option<Id<'a>>,
}

/// A v2 `referenced_tweets` item; twarc flat expands it into the whole referenced tweet, of which
/// only the author matters here.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Reference<'a> {
    #[serde(rename = "type")]
    #[serde(borrow)]
    pub kind: Option<Str<'a>>,
    #[serde(borrow)]
    pub id: Option<Id<'a>>,
    #[serde(borrow)]
    pub author_id: Option<Id<'a>>,
    #[serde(borrow)]
    pub author: Option<User<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Extended<'a> {
    #[serde(borrow)]
    pub full_text: Option<Str<'a>>,
    #[serde(borrow)]
    pub entities: Option<Entities<'a>>,
}

/// Entities of v1.1 (`hashtags[].text`, `user_mentions`) and v2 (`hashtags[].tag`, `mentions`).
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Entities<'a> {
    #[serde(borrow)]
    pub hashtags: Option<Vec<Hashtag<'a>>>,
    #[serde(borrow)]
    pub user_mentions: Option<Vec<User<'a>>>,
    #[serde(borrow)]
    pub mentions: Option<Vec<User<'a>>>,
    #[serde(borrow)]
    pub urls: Option<Vec<Url<'a>>>,
    #[serde(borrow)]
    pub media: Option<Vec<Media<'a>>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Hashtag<'a> {
    #[serde(borrow)]
    pub text: Option<Str<'a>>,
    #[serde(borrow)]
    pub tag: Option<Str<'a>>,
}

#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Url<'a> {
    #[serde(borrow)]
    pub expanded_url: Option<Str<'a>>,
    #[serde(borrow)]
    pub url: Option<Str<'a>>,
}

/// A media entity: in an archive, a photo of a retweeted tweet names that tweet and its author.
#[derive(Debug, Default, Deserialize)]
#[serde(default)]
pub(crate) struct Media<'a> {
    #[serde(borrow)]
    pub source_status_id_str: Option<Id<'a>>,
    #[serde(borrow)]
    pub source_user_id_str: Option<Id<'a>>,
}

/// A string of the input: borrowed from it, unless it had to be unescaped.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub(crate) struct Str<'a>(pub Cow<'a, str>);

impl std::ops::Deref for Str<'_> {
    type Target = str;
    fn deref(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Str<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Str<'a>, D::Error> {
        struct StrVisitor;
        impl<'de> Visitor<'de> for StrVisitor {
            type Value = Str<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("a string")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Borrowed(v)))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v.to_owned())))
            }
            fn visit_string<E: de::Error>(self, v: String) -> Result<Str<'de>, E> {
                Ok(Str(Cow::Owned(v)))
            }
        }
        deserializer.deserialize_string(StrVisitor)
    }
}

/// An identifier written as a string or as a non-negative integer, kept as its decimal string so
/// that the same id is the same key whichever way it was written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Id<'a>(pub Cow<'a, str>);

impl Id<'_> {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Id<'a> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Id<'a>, D::Error> {
        struct IdVisitor;
        impl<'de> Visitor<'de> for IdVisitor {
            type Value = Id<'de>;
            fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str("an id (a string or an integer)")
            }
            fn visit_borrowed_str<E: de::Error>(self, v: &'de str) -> Result<Id<'de>, E> {
                Ok(Id(Cow::Borrowed(v.trim())))
            }
            fn visit_str<E: de::Error>(self, v: &str) -> Result<Id<'de>, E> {
                Ok(Id(Cow::Owned(v.trim().to_owned())))
            }
            fn visit_u64<E: de::Error>(self, v: u64) -> Result<Id<'de>, E> {
                Ok(Id(Cow::Owned(v.to_string())))
            }
            fn visit_i64<E: de::Error>(self, v: i64) -> Result<Id<'de>, E> {
                Ok(Id(Cow::Owned(v.to_string())))
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
