//! Walking a JSON text held in memory: the values it holds, each with the line it starts on, and
//! the dispatch of each value to tweets, users and envelopes.

use std::cell::OnceCell;

use serde::Deserialize;
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
    /// Byte offsets of every `\n` in the text (empty for a single JSON Lines line), indexed the
    /// first time a line is asked for: most texts have no reject, and so need none.
    newlines: OnceCell<Vec<usize>>,
    pub source: &'t str,
}

impl<'t> Text<'t> {
    /// A whole document: its newlines are indexed when a line is first asked for.
    pub(crate) fn document(source: &'t str, text: &'t str) -> Text<'t> {
        Text {
            text,
            first_line: 1,
            newlines: OnceCell::new(),
            source,
        }
    }

    /// One JSON Lines line (a JSON value holds no raw newline).
    pub(crate) fn line(source: &'t str, text: &'t str, number: u64) -> Text<'t> {
        Text {
            text,
            first_line: number,
            newlines: OnceCell::from(Vec::new()),
            source,
        }
    }

    /// The line a slice of this text starts on.
    pub(crate) fn line_of(&self, part: &str) -> u64 {
        let offset = (part.as_ptr() as usize).saturating_sub(self.text.as_ptr() as usize);
        let newlines = self.newlines.get_or_init(|| {
            self.text
                .bytes()
                .enumerate()
                .filter(|&(_, b)| b == b'\n')
                .map(|(i, _)| i)
                .collect()
        });
        self.first_line + newlines.partition_point(|&n| n < offset) as u64
    }

    pub(crate) fn place<'p>(&'p self, part: &'p str) -> Place<'p> {
        Place { doc: self, raw: part }
    }
}

/// The elements of a JSON array, each parsed as a `T` along with its own text, in one pass over the
/// text. `None` when the text is not exactly one array (whitespace around it aside) of which every
/// element is a `T`: the caller then takes the slower road, which tells what is wrong where.
pub(crate) fn typed_items<'t, T: Deserialize<'t>>(json: &'t str) -> Option<Vec<(&'t str, T)>> {
    let bytes = json.as_bytes();
    let skip_blank = |mut i: usize| {
        while bytes.get(i).is_some_and(|b| matches!(b, b' ' | b'\t' | b'\n' | b'\r')) {
            i += 1;
        }
        i
    };
    let mut i = skip_blank(0);
    if bytes.get(i) != Some(&b'[') {
        return None;
    }
    let mut items = Vec::new();
    i = skip_blank(i + 1);
    if bytes.get(i) != Some(&b']') {
        loop {
            let rest = json.get(i..)?;
            let mut values = serde_json::Deserializer::from_str(rest).into_iter::<T>();
            let value = values.next()?.ok()?;
            let end = values.byte_offset();
            items.push((&rest[..end], value));
            i = skip_blank(i + end);
            match bytes.get(i) {
                Some(b',') => i = skip_blank(i + 1),
                Some(b']') => break,
                _ => return None,
            }
        }
    }
    (skip_blank(i + 1) == bytes.len()).then_some(items)
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
        Some(b'{') => match serde_json::from_str::<Node<'_>>(json) {
            Ok(node) => api_node(text, &node, json, depth, sink),
            Err(e) => sink.reject(&place, format!("not a Twitter object: {e}")),
        },
        _ => sink.reject(&place, "expected a JSON object or array"),
    }
}

/// Reads a JSON object of the API formats, already parsed from `json` (a part of `text`).
pub(crate) fn api_node(text: &Text<'_>, node: &Node<'_>, json: &str, depth: usize, sink: &mut Sink) {
    if let Some(body) = node.body {
        api_value(text, body, depth + 1, sink);
    } else if let Some(data) = node.data {
        let resolver = Resolver::from_includes(node.includes.as_deref());
        if let Some(includes) = node.includes.as_deref() {
            for user in includes.users.iter().flatten() {
                sink.user(user);
            }
        }
        v2_data(text, data, &resolver, sink);
    } else if let Some(statuses) = node.statuses {
        api_value(text, statuses, depth + 1, sink);
    } else {
        item(node, None, &Resolver::default(), &text.place(json), sink);
    }
}

/// A v2 response's `data`: one tweet or user, or an array of them.
fn v2_data(text: &Text<'_>, data: &RawValue, resolver: &Resolver, sink: &mut Sink) {
    let json = data.get();
    if json.starts_with('[') {
        // The usual case: every item is an object, parsed once, straight into a node.
        if let Some(items) = typed_items::<Node<'_>>(json) {
            for (raw, node) in &items {
                item(node, None, resolver, &text.place(raw), sink);
            }
            return;
        }
    }
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
