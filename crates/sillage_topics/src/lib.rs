//! Topics: a taxonomy of subjects and a fast matcher that assigns events to them.
//!
//! A [`Taxonomy`] is a list of at most 128 topics, read from TOML (or from its canonical JSON).
//! Each topic has an id, a French and an English label, an optional parent and three kinds of
//! rules:
//!
//! ```toml
//! [[topic]]
//! id = "tourisme"                # lowercase ascii slug: a-z, 0-9, single hyphens (`jeux-video`)
//! fr = "Tourisme"
//! en = "Tourism"
//! parent = "voyage"              # optional; the id of another topic, anywhere in the file
//! tags = ["tourisme", "travel"]  # hashtags
//! keywords = ["office de tourisme", "tourist office"]
//! domains = ["tripadvisor.com"]  # link hosts
//! ```
//!
//! A file is refused, with the topic (position and id), the field and the reason, when a topic
//! has an unknown field, a missing or blank id or label, an id that is not a slug, an id already
//! used, a parent that does not exist, parents that loop, a malformed rule, or no rule at all and
//! no child topic (it could never match); and when there are more than 128 topics.
//!
//! [`Taxonomy::matcher`] compiles the rules; [`Matcher::assign`] gives an event's topics as a
//! [`TopicSet`] (one bit per topic index) that always holds **the matched topics and all their
//! ancestors**: a post tagged `#rust` is in `rust` and in `tech`.
//!
//! # Matching rules
//!
//! **Normalization.** Tags, keywords and text are put in Unicode NFC and lowercased, so case never
//! matters and a decomposed `é` equals a composed one.
//!
//! **Accents.** A rule matches its own spelling. A rule written *without* accents also matches
//! the accent-folded form of the event (accents removed, `œ`/`æ`/`ß` spelled `oe`/`ae`/`ss`):
//! the keyword `hotel` matches "hotel" and "hôtel", while the keyword `hôtellerie` matches
//! "hôtellerie" but not "hotellerie". Write a rule without accents to catch both spellings; write
//! it with accents to require them. The same holds for tag rules (`energie` matches `#énergie`).
//!
//! **Tags.** An event's `tags` and the `#hashtags` of its text are normalized like
//! [`sillage_model::normalize_tag`] and compared with the tag rules for equality.
//!
//! **Keywords.** The text is split into tokens: maximal runs of letters and digits of any script
//! (with their combining marks). Everything else separates tokens, so `rust` matches "Rust!" but
//! never "trust" or "rustique", and `l'hôtel` gives the tokens `l`, `hôtel`. A `#` or `@` that does
//! not follow a letter or digit starts a hashtag or mention whose body also takes `_`
//! (`#tour_de_france` is one token); the body counts as a word for keywords, so `#rust` and
//! `@rust` contain the word `rust`. A keyword is tokenized the same way and matches where its
//! tokens appear consecutively, whatever separates them: `office de tourisme` matches "Office de
//! Tourisme", "office-de-tourisme" and "office de\ntourisme". A keyword may hold only letters,
//! digits, spaces, hyphens, apostrophes and dots, since any other character (`c++`) would be
//! silently ignored by matching.
//!
//! **Domains.** The host of each URL is extracted (with or without scheme; userinfo, port, path,
//! query and fragment removed; case, a trailing dot and a leading `www.` ignored). A domain rule
//! matches when the host equals it or is a subdomain of it: `tripadvisor.com` matches
//! `fr.tripadvisor.com` but not `tripadvisor.com.evil.net` nor `nottripadvisor.com`. Strings that
//! are not URLs, IP v6 literals and hosts with characters no host name has match nothing. Domains
//! are compared as written: internationalized names are not converted to or from punycode. URLs
//! written inside the text are only tokenized as words; domain rules apply to `urls`.
//!
//! # Speed
//!
//! Every rule becomes a hash-map entry whose topic set already includes the ancestors; a keyword
//! phrase is stored under its first token and its remaining tokens are compared only when that
//! token occurs. The text is normalized once and tokenized once; a token with accents is looked
//! up a second time in folded form, where only rules written without accents may match it. The
//! matcher allocates nothing for normalized ASCII tags and at most a few small buffers per text.
//! `examples/assign_speed.rs` prints the throughput.
//!
//! The crate does no IO: the default taxonomy ([`Taxonomy::builtin`]) is embedded in the binary.

mod error;
mod matcher;
mod parse;
mod taxonomy;
mod text;
mod topic_set;
mod url;

pub use error::{Reason, TaxonomyError, TopicRef};
pub use matcher::Matcher;
pub use taxonomy::{Ancestors, DEFAULT_TAXONOMY_TOML, MAX_TOPICS, Taxonomy, Topic};
pub use topic_set::{Iter as TopicSetIter, TopicSet};
