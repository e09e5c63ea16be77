//! Walking a JSON text held in memory: the values it holds, each with the line it starts on, and
//! the dispatch of each value to tweets, users and envelopes.

use serde_json::value::RawValue;

use super::convert::{self, Place, Resolver, Sink, account_of, node_user};
use super::model::Node;

/// Envelopes nest (`{"request","body"}` around a search response around statuses); deeper than
/// this is not something Twitter writes.
const MAX_DEPTH: usize = 8;

/// A text in memory and where its lines start, to give each record the line it starts on.
pub(crate) struct Text<'t> {
    pub text: &'t str,
    /// The line number of the text's first byte.
    pub first_line: u64,
    /// Byte offsets of every `\n` in the text (empty for a single JSON Lines line).
    newlines: Vec<usize>,
    pub source: &'t str,
}

impl<'t> Text<'t> {
    /// A whole document: its newlines are indexed.
    pub(crate) fn document(source: &'t str, text: &'t str) -> Text<'t> {
        let newlines = text
            .bytes()
            .enumerate()
            .filter(|&(_, b)| b == b'\n')
            .map(|(i, _)| i)
            .collect();
        Text {
            text,
            first_line: 1,
            newlines,
            source,
        }
    }

    /// One JSON Lines line (a JSON value holds no raw newline).
    pub(crate) fn line(source: &'t str, text: &'t str, number: u64) -> Text<'t> {
        Text {
            text,
            first_line: number,
            newlines: Vec::new(),
            source,
        }
    }

    /// The line a slice of this text starts on.
    pub(crate) fn line_of(&self, part: &str) -> u64 {
        let offset = (part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        self.first_line + self.newlines.partition_point(|&n| n < offset) as u64
    }

    pub(crate) fn place<'p>(&'p self, part: &'p str) -> Place<'p> {
        Place {
            source: self.source,
            line: self.line_of(part),
            raw: part,
        }
    }
}

/// Reads a JSON value of the API formats: a tweet or user, an array of them, a v2 response
/// (`data`, `includes`), a v1.1 search response (`statuses`), or tweepy's `{"request","body"}`.
pub(crate) fn api_value(text: &Text<'_>, raw: &RawValue, depth: usize, sink: &mut Sink) {
    let json = raw.get();
    let place = text.place(json);
    if depth > MAX_DEPTH {
        return sink.reject(&place, "JSON nested too deeply for a Twitter response");
    }
    match json.as_bytes().first() {
        Some(b'[') => match serde_json::from_str::<Vec<&RawValue>>(json) {
            Ok(items) => items
                .into_iter()
                .for_each(|item| api_value(text, item, depth + 1, sink)),
            Err(e) => sink.reject(&place, format!("malformed JSON: {e}")),
        },
        Some(b'{') => {
            let node = match serde_json::from_str::<Node<'_>>(json) {
                Ok(node) => node,
                Err(e) => return sink.reject(&place, format!("not a Twitter object: {e}")),
            };
            if let Some(body) = node.body {
                api_value(text, body, depth + 1, sink);
            } else if let Some(data) = node.data {
                let resolver = Resolver::from_includes(node.includes.as_ref());
                if let Some(includes) = node.includes.as_ref() {
                    for user in includes.users.iter().flatten() {
                        sink.user(user);
                    }
                }
                v2_data(text, data, &resolver, sink);
            } else if let Some(statuses) = node.statuses {
                api_value(text, statuses, depth + 1, sink);
            } else {
                item(&node, None, &Resolver::default(), &place, sink);
            }
        }
        _ => sink.reject(&place, "expected a JSON object or array"),
    }
}

/// A v2 response's `data`: one tweet or user, or an array of them.
fn v2_data(text: &Text<'_>, data: &RawValue, resolver: &Resolver, sink: &mut Sink) {
    let json = data.get();
    let items: Vec<&RawValue> = if json.starts_with('[') {
        match serde_json::from_str(json) {
            Ok(items) => items,
            Err(e) => return sink.reject(&text.place(json), format!("malformed \"data\": {e}")),
        }
    } else if json == "null" {
        Vec::new()
    } else {
        vec![data]
    };
    for raw in items {
        let place = text.place(raw.get());
        match serde_json::from_str::<Node<'_>>(raw.get()) {
            Ok(node) => item(&node, None, resolver, &place, sink),
            Err(e) => sink.reject(&place, format!("not a Twitter object: {e}")),
        }
    }
}

/// One object that is a tweet (it has text) or a user (it has a screen name or username).
pub(crate) fn item(node: &Node<'_>, owner: Option<&str>, resolver: &Resolver, place: &Place<'_>, sink: &mut Sink) {
    if node.text.is_some() || node.full_text.is_some() || node.extended_tweet.is_some() {
        convert::tweet(node, owner, resolver, place, sink);
    } else if node.screen_name.is_some() || node.username.is_some() {
        match account_of(&node_user(node)) {
            Some(account) => sink.account(account),
            None => sink.reject(place, "user object without an \"id\""),
        }
    } else {
        sink.reject(
            place,
            "neither a tweet (\"text\"), a user (\"screen_name\", \"username\") nor a response (\"data\", \"statuses\")",
        );
    }
}
