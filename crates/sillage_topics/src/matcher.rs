//! The compiled matcher: hash maps from normalized tags, words and hosts to topic sets.
//!
//! Every set stored here already holds the matched topic's ancestors, so assigning an event is
//! only lookups and unions. The text is normalized and tokenized once; a token with accents is
//! also looked up in folded form, where only rules written without accents may match it.

use std::borrow::Cow;

use rustc_hash::FxHashMap;

use crate::taxonomy::Topic;
use crate::text::{TokenKind, Tokens, fold, fold_into, normalize, parse_keyword, tokens};
use crate::topic_set::TopicSet;
use crate::url;

/// The rules stored under one key: a tag, or the first word of keywords.
#[derive(Clone, Debug, Default)]
struct Entry {
    /// Topics of the tags, or of the single-word keywords, equal to the key.
    topics: TopicSet,
    /// Whether the key is written without accents, so that it also matches accented spellings.
    foldable: bool,
    /// Keywords of several words starting with the key (always empty for tags).
    phrases: Vec<Phrase>,
}

/// The tokens of a keyword after its first one, and the topics it stands for.
#[derive(Clone, Debug)]
struct Phrase {
    rest: Box<[Box<str>]>,
    topics: TopicSet,
    /// Whether the whole keyword is written without accents.
    foldable: bool,
}

impl Phrase {
    /// Whether the next tokens of `ahead` are the rest of the phrase: equal, or, for a phrase
    /// written without accents, equal once folded.
    fn matches(&self, mut ahead: Tokens<'_>) -> bool {
        self.rest.iter().all(|w| {
            ahead
                .next()
                .is_some_and(|(_, t)| t == &**w || (self.foldable && !t.is_ascii() && fold(t) == **w))
        })
    }
}

/// Adds to `map` the rule `key` for `topics`: a tag or single word when `rest` is empty, else a
/// phrase, `foldable` when the whole phrase is written without accents.
fn add_rule(map: &mut FxHashMap<Box<str>, Entry>, key: &str, rest: &[String], foldable: bool, topics: TopicSet) {
    let entry = map.entry(key.into()).or_insert_with(|| Entry {
        foldable: matches!(fold(key), Cow::Borrowed(_)),
        ..Entry::default()
    });
    if rest.is_empty() {
        entry.topics |= topics;
    } else if let Some(p) = entry
        .phrases
        .iter_mut()
        .find(|p| p.foldable == foldable && p.rest.iter().map(|w| &**w).eq(rest))
    {
        p.topics |= topics;
    } else {
        entry.phrases.push(Phrase {
            rest: rest.iter().map(|w| w.as_str().into()).collect(),
            topics,
            foldable,
        });
    }
}

/// Assigns events to topics; built by [`Taxonomy::matcher`](crate::Taxonomy::matcher).
///
/// It owns its tables (no borrow of the taxonomy) and is `Send + Sync`, so one matcher can serve
/// every thread of a rayon pool.
#[derive(Clone, Debug)]
pub struct Matcher {
    /// Normalized tag → topics.
    tags: FxHashMap<Box<str>, Entry>,
    /// First word of a keyword → topics of the single-word keywords and the longer phrases.
    words: FxHashMap<Box<str>, Entry>,
    /// Host name → topics.
    domains: FxHashMap<Box<str>, TopicSet>,
}

impl Matcher {
    pub(crate) fn new(topics: &[Topic], closures: &[TopicSet]) -> Matcher {
        let mut tags = FxHashMap::default();
        let mut words = FxHashMap::default();
        let mut domains: FxHashMap<Box<str>, TopicSet> = FxHashMap::default();
        for (topic, &closure) in topics.iter().zip(closures) {
            for tag in &topic.tags {
                add_rule(&mut tags, tag, &[], true, closure);
            }
            for keyword in &topic.keywords {
                // Stored keywords were accepted by the parser, so they parse again.
                let Ok(k) = parse_keyword(keyword) else { continue };
                let Some((first, rest)) = k.tokens.split_first() else {
                    continue;
                };
                let foldable = matches!(fold(&k.canonical), Cow::Borrowed(_));
                add_rule(&mut words, first, rest, foldable, closure);
            }
            for domain in &topic.domains {
                *domains.entry(domain.as_str().into()).or_default() |= closure;
            }
        }
        Matcher { tags, words, domains }
    }

    /// The topics of an event, with all their ancestors: the union of [`Matcher::tag_topics`] for
    /// each tag, [`Matcher::url_topics`] for each URL and [`Matcher::text_topics`] for the text.
    pub fn assign(&self, tags: &[String], urls: &[String], text: Option<&str>) -> TopicSet {
        let mut out = TopicSet::empty();
        for tag in tags {
            out |= self.tag_topics(tag);
        }
        for u in urls {
            out |= self.url_topics(u);
        }
        if let Some(text) = text {
            out |= self.text_topics(text);
        }
        out
    }

    /// The topics of one hashtag (normalized like [`sillage_model::normalize_tag`]; a leading `#`
    /// is allowed), with their ancestors.
    pub fn tag_topics(&self, tag: &str) -> TopicSet {
        // Event tags are normalized at ingest, so most need no work here.
        let plain = !tag.is_empty()
            && tag
                .bytes()
                .all(|b| b.is_ascii() && !b.is_ascii_uppercase() && b != b'#' && !b.is_ascii_whitespace());
        let norm: Cow<'_, str> = if plain {
            Cow::Borrowed(tag)
        } else {
            Cow::Owned(sillage_model::normalize_tag(tag))
        };
        let mut buf = String::new();
        let folded = fold_token(&norm, &mut buf);
        self.lookup_tag(&norm, folded)
    }

    /// The topics of a normalized tag, given its folded form when folding changes it.
    fn lookup_tag(&self, tag: &str, folded: Option<&str>) -> TopicSet {
        let mut out = self.tags.get(tag).map(|e| e.topics).unwrap_or_default();
        if let Some(f) = folded
            && let Some(e) = self.tags.get(f)
            && e.foldable
        {
            out |= e.topics;
        }
        out
    }

    /// The topics of one link's host, with their ancestors; nothing for a string with no host.
    pub fn url_topics(&self, url: &str) -> TopicSet {
        if self.domains.is_empty() {
            return TopicSet::empty();
        }
        let Some(host) = url::host(url) else {
            return TopicSet::empty();
        };
        let mut out = TopicSet::empty();
        // The host itself, then each parent domain: `fr.tripadvisor.com`, `tripadvisor.com`, `com`.
        let mut h: &str = &host;
        loop {
            if let Some(s) = self.domains.get(h) {
                out |= *s;
            }
            match h.find('.') {
                Some(i) => h = &h[i + 1..],
                None => break,
            }
        }
        out
    }

    /// The topics of a text's hashtags and keywords, with their ancestors.
    pub fn text_topics(&self, text: &str) -> TopicSet {
        if self.tags.is_empty() && self.words.is_empty() {
            return TopicSet::empty();
        }
        let norm = normalize(text);
        let mut out = TopicSet::empty();
        let mut buf = String::new();
        let mut toks = tokens(&norm);
        while let Some((kind, tok)) = toks.next() {
            let folded = fold_token(tok, &mut buf);
            if kind == TokenKind::Hashtag {
                out |= self.lookup_tag(tok, folded);
            }
            if let Some(e) = self.words.get(tok) {
                out |= e.topics;
                for p in &e.phrases {
                    if !p.topics.is_subset(out) && p.matches(toks.clone()) {
                        out |= p.topics;
                    }
                }
            }
            // The folded token is free of accents, so it can only meet rules written without them.
            if let Some(f) = folded
                && let Some(e) = self.words.get(f)
            {
                if e.foldable {
                    out |= e.topics;
                }
                for p in &e.phrases {
                    if p.foldable && !p.topics.is_subset(out) && p.matches(toks.clone()) {
                        out |= p.topics;
                    }
                }
            }
        }
        out
    }
}

/// The folded form of a normalized token, written into `buf`, when folding changes it.
fn fold_token<'b>(token: &str, buf: &'b mut String) -> Option<&'b str> {
    if token.is_ascii() {
        return None;
    }
    buf.clear();
    if fold_into(token, buf) {
        Some(buf.as_str())
    } else {
        None
    }
}

#[cfg(test)]
mod tests {
    use crate::Taxonomy;

    fn taxonomy() -> Taxonomy {
        Taxonomy::from_toml(
            r#"
            [[topic]]
            id = "voyage"
            fr = "Voyage"
            en = "Travel"
            tags = ["voyage"]

            [[topic]]
            id = "tourisme"
            fr = "Tourisme"
            en = "Tourism"
            parent = "voyage"
            tags = ["tourisme", "énergie_x"]
            keywords = [
                "office de tourisme", "tourist office", "hotel", "hôtellerie", "office de la ville",
                "musee du louvre", "théâtre antique",
            ]
            domains = ["tripadvisor.com"]

            [[topic]]
            id = "rust"
            fr = "Rust"
            en = "Rust"
            tags = ["rust"]
            keywords = ["rust", "e-learning"]
            "#,
        )
        .unwrap()
    }

    /// Assigns `text` alone and returns the ids.
    fn text(t: &Taxonomy, s: &str) -> Vec<String> {
        t.ids(t.matcher().text_topics(s))
            .into_iter()
            .map(str::to_owned)
            .collect()
    }

    #[test]
    fn keywords_match_on_word_boundaries() {
        let t = taxonomy();
        assert_eq!(text(&t, "I love Rust!"), ["rust"]);
        assert_eq!(text(&t, "RUST, c'est bien"), ["rust"]);
        assert!(text(&t, "in trust we rust-ique").contains(&"rust".to_owned()));
        assert!(text(&t, "in trust we trust").is_empty());
        assert!(text(&t, "un meuble rustique").is_empty());
        assert!(text(&t, "rusty").is_empty());
        assert_eq!(text(&t, "cours en E-Learning"), ["rust"]);
        assert_eq!(text(&t, "cours en e learning"), ["rust"]);
    }

    #[test]
    fn phrases_need_all_their_words_in_sequence() {
        let t = taxonomy();
        assert_eq!(text(&t, "Rendez-vous à l'Office de Tourisme."), ["voyage", "tourisme"]);
        assert_eq!(text(&t, "the tourist  office"), ["voyage", "tourisme"]);
        assert!(text(&t, "office du tourisme").is_empty());
        assert!(text(&t, "office de").is_empty());
        assert!(text(&t, "tourist offices").is_empty());
        // Two phrases share their first word; the second must still be tried.
        assert_eq!(text(&t, "office de la ville"), ["voyage", "tourisme"]);
    }

    #[test]
    fn accents_follow_the_rule_as_written() {
        let t = taxonomy();
        // `hotel` is written without accents: it matches both spellings.
        assert_eq!(text(&t, "un bel hôtel"), ["voyage", "tourisme"]);
        assert_eq!(text(&t, "un bel HOTEL"), ["voyage", "tourisme"]);
        // `hôtellerie` is written with its accent: the unaccented spelling does not match.
        assert_eq!(text(&t, "l'Hôtellerie"), ["voyage", "tourisme"]);
        assert!(text(&t, "l'hotellerie").is_empty());
        // The same for phrases, whichever of their words carries the accent.
        assert_eq!(text(&t, "Le Musée du Louvre"), ["voyage", "tourisme"]);
        assert_eq!(text(&t, "le musee du louvre"), ["voyage", "tourisme"]);
        assert_eq!(text(&t, "le Théâtre Antique"), ["voyage", "tourisme"]);
        assert!(text(&t, "le theatre antique").is_empty());
        // Decomposed input (o + combining circumflex) is composed first.
        assert_eq!(text(&t, "l'Ho\u{302}tellerie"), ["voyage", "tourisme"]);
    }

    #[test]
    fn hashtags_in_text_match_tag_rules() {
        let t = taxonomy();
        assert_eq!(text(&t, "Vive le #Voyage"), ["voyage"]);
        assert!(
            text(&t, "vive le voyage").is_empty(),
            "`voyage` is a tag rule, not a keyword"
        );
        assert_eq!(text(&t, "#Énergie_x"), ["voyage", "tourisme"]);
        // A hashtag body is also a word for keywords; a mention's too.
        assert_eq!(text(&t, "#rust"), ["rust"]);
        assert_eq!(text(&t, "@rust"), ["rust"]);
        assert!(text(&t, "@rust_fr").is_empty());
    }

    #[test]
    fn tags_are_normalized_and_fold_when_the_rule_has_no_accent() {
        let t = taxonomy();
        let m = t.matcher();
        let ids = |tag: &str| t.ids(m.tag_topics(tag));
        assert_eq!(ids("tourisme"), ["voyage", "tourisme"]);
        assert_eq!(ids("#Tourisme"), ["voyage", "tourisme"]);
        assert_eq!(ids(" tourisme "), ["voyage", "tourisme"]);
        assert_eq!(ids("énergie_x"), ["voyage", "tourisme"]);
        assert!(ids("energie_x").is_empty(), "the rule has an accent");
        assert_eq!(ids("vöyage"), ["voyage"], "the rule has none");
        assert!(ids("tourism").is_empty());
        assert!(ids("").is_empty());
    }

    #[test]
    fn domains_match_hosts_and_subdomains_only() {
        let t = taxonomy();
        let m = t.matcher();
        let hit = |u: &str| !m.url_topics(u).is_empty();
        for u in [
            "https://www.tripadvisor.com/x",
            "http://fr.tripadvisor.com:8080/a?b",
            "tripadvisor.com",
            "HTTPS://TripAdvisor.COM.",
            "https://user:pw@m.tripadvisor.com/",
            "//tripadvisor.com/p",
        ] {
            assert!(hit(u), "{u}");
        }
        for u in [
            "https://www.tripadvisor.fr/x",
            "https://tripadvisor.com.evil.net/",
            "https://nottripadvisor.com",
            "https://evil.net/tripadvisor.com",
            "https://evil.net/?u=https://tripadvisor.com",
            "",
            "::::",
            "https://[::1]/",
        ] {
            assert!(!hit(u), "{u}");
        }
    }

    #[test]
    fn matcher_can_be_shared_between_threads() {
        fn shareable<T: Send + Sync>() {}
        shareable::<super::Matcher>();
    }

    #[test]
    fn assign_is_the_union_of_its_parts() {
        let t = taxonomy();
        let m = t.matcher();
        let s = m.assign(&["rust".into()], &["https://tripadvisor.com".into()], Some("no match"));
        assert_eq!(t.ids(s), ["voyage", "tourisme", "rust"]);
        assert!(m.assign(&[], &[], None).is_empty());
    }
}
