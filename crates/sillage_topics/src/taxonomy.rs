//! The taxonomy: topics with labels, a parent and matching rules, in file order.

use std::sync::OnceLock;

use serde_json::{Map, Value, json};

use crate::error::TaxonomyError;
use crate::matcher::Matcher;
use crate::parse;
use crate::topic_set::TopicSet;

/// The most topics a taxonomy may have: one per bit of a [`TopicSet`].
pub const MAX_TOPICS: usize = TopicSet::CAPACITY;

/// The taxonomy embedded in the crate, used when a user supplies none.
pub const DEFAULT_TAXONOMY_TOML: &str = include_str!("../taxonomy/default.toml");

/// The `format` value of the canonical JSON form.
pub(crate) const JSON_FORMAT: &str = "sillage-taxonomy";
/// The `version` value of the canonical JSON form.
pub(crate) const JSON_VERSION: u64 = 1;

/// One topic. Its rules are stored normalized, sorted and without duplicates (see the crate docs).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Topic {
    pub(crate) id: String,
    pub(crate) fr: String,
    pub(crate) en: String,
    pub(crate) parent: Option<usize>,
    pub(crate) tags: Vec<String>,
    pub(crate) keywords: Vec<String>,
    pub(crate) domains: Vec<String>,
}

impl Topic {
    /// The id: a lowercase ascii slug such as `tourisme` or `jeux-video`.
    pub fn id(&self) -> &str {
        &self.id
    }

    /// The French label.
    pub fn fr(&self) -> &str {
        &self.fr
    }

    /// The English label.
    pub fn en(&self) -> &str {
        &self.en
    }

    /// The label for a BCP 47 language tag: French for `fr` and its variants, English otherwise.
    pub fn label(&self, lang: &str) -> &str {
        let primary = lang.split(['-', '_']).next().unwrap_or_default();
        if primary.eq_ignore_ascii_case("fr") {
            &self.fr
        } else {
            &self.en
        }
    }

    /// The index of the parent topic, if any.
    pub fn parent(&self) -> Option<usize> {
        self.parent
    }

    /// Hashtag rules, normalized like event tags (no `#`, NFC, lowercase).
    pub fn tags(&self) -> &[String] {
        &self.tags
    }

    /// Keyword rules, normalized (NFC, lowercase, single spaces).
    pub fn keywords(&self) -> &[String] {
        &self.keywords
    }

    /// Domain rules: lowercase host names without `www.`.
    pub fn domains(&self) -> &[String] {
        &self.domains
    }
}

/// A validated set of at most [`MAX_TOPICS`] topics whose parents form a forest.
///
/// A topic's index (its position in the file) is its bit in a [`TopicSet`], so the order of the
/// topics is part of the taxonomy's identity and is kept as written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Taxonomy {
    topics: Vec<Topic>,
    /// For each topic: itself and all its ancestors.
    closures: Vec<TopicSet>,
}

impl Default for Taxonomy {
    /// The built-in taxonomy, [`Taxonomy::builtin`].
    fn default() -> Self {
        Taxonomy::builtin()
    }
}

impl Taxonomy {
    /// Parses and validates a taxonomy written in TOML (a `[[topic]]` table per topic; see the
    /// crate docs for the fields and the checks).
    pub fn from_toml(text: &str) -> Result<Taxonomy, TaxonomyError> {
        parse::from_toml(text)
    }

    /// Reads the canonical JSON form written by [`Taxonomy::to_json`], with the same checks.
    pub fn from_json(value: &Value) -> Result<Taxonomy, TaxonomyError> {
        parse::from_json(value)
    }

    /// The taxonomy embedded in the crate ([`DEFAULT_TAXONOMY_TOML`]): about thirty French and
    /// English topics for community managers.
    pub fn builtin() -> Taxonomy {
        static BUILTIN: OnceLock<Taxonomy> = OnceLock::new();
        BUILTIN
            .get_or_init(|| {
                // A test loads this file, so this cannot fail in a released build.
                Taxonomy::from_toml(DEFAULT_TAXONOMY_TOML).expect("the built-in taxonomy is valid")
            })
            .clone()
    }

    /// Builds the taxonomy from topics already checked by the parser (parents resolved, acyclic).
    pub(crate) fn from_linked(topics: Vec<Topic>) -> Taxonomy {
        let closures = (0..topics.len())
            .map(|i| {
                let mut set = TopicSet::empty();
                let mut cur = Some(i);
                while let Some(c) = cur {
                    set.insert(c);
                    cur = topics[c].parent;
                }
                set
            })
            .collect();
        Taxonomy { topics, closures }
    }

    /// The topics, in file order; a topic's position is its index.
    pub fn topics(&self) -> &[Topic] {
        &self.topics
    }

    /// The number of topics.
    pub fn len(&self) -> usize {
        self.topics.len()
    }

    /// Whether the taxonomy has no topic.
    pub fn is_empty(&self) -> bool {
        self.topics.is_empty()
    }

    /// The index of the topic with this id.
    pub fn index_of(&self, id: &str) -> Option<usize> {
        self.topics.iter().position(|t| t.id == id)
    }

    /// The topic at `index`.
    pub fn get(&self, index: usize) -> Option<&Topic> {
        self.topics.get(index)
    }

    /// The ancestors of the topic at `index`, nearest first (empty for a root or a bad index).
    pub fn ancestors(&self, index: usize) -> Ancestors<'_> {
        Ancestors {
            topics: &self.topics,
            next: self.topics.get(index).and_then(|t| t.parent),
        }
    }

    /// The topics of `set` and all their ancestors. Indices past the taxonomy are dropped.
    pub fn with_ancestors(&self, set: TopicSet) -> TopicSet {
        set.iter()
            .filter_map(|i| self.closures.get(i))
            .fold(TopicSet::empty(), |acc, c| acc | *c)
    }

    /// The ids of the topics in `set`, in index order (indices past the taxonomy are skipped).
    pub fn ids(&self, set: TopicSet) -> Vec<&str> {
        set.iter()
            .filter_map(|i| self.topics.get(i))
            .map(|t| t.id.as_str())
            .collect()
    }

    /// Compiles the rules into a [`Matcher`].
    pub fn matcher(&self) -> Matcher {
        Matcher::new(&self.topics, &self.closures)
    }

    /// The canonical JSON form: equal taxonomies give equal JSON, and
    /// [`Taxonomy::from_json`] reads it back to an equal taxonomy. A score run records it to say
    /// exactly which topics it used.
    ///
    /// `{"format": "sillage-taxonomy", "version": 1, "topics": [{"id", "fr", "en", "parent"?,
    /// "tags", "keywords", "domains"}, …]}`, topics in index order, rules normalized and sorted.
    pub fn to_json(&self) -> Value {
        let topics: Vec<Value> = self
            .topics
            .iter()
            .map(|t| {
                let mut m = Map::new();
                m.insert("id".into(), t.id.clone().into());
                m.insert("fr".into(), t.fr.clone().into());
                m.insert("en".into(), t.en.clone().into());
                if let Some(p) = t.parent {
                    m.insert("parent".into(), self.topics[p].id.clone().into());
                }
                m.insert("tags".into(), t.tags.clone().into());
                m.insert("keywords".into(), t.keywords.clone().into());
                m.insert("domains".into(), t.domains.clone().into());
                Value::Object(m)
            })
            .collect();
        json!({ "format": JSON_FORMAT, "version": JSON_VERSION, "topics": topics })
    }
}

/// Iterator over a topic's ancestors, nearest first; see [`Taxonomy::ancestors`].
#[derive(Clone, Debug)]
pub struct Ancestors<'a> {
    topics: &'a [Topic],
    next: Option<usize>,
}

impl Iterator for Ancestors<'_> {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        let cur = self.next?;
        self.next = self.topics[cur].parent;
        Some(cur)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_loads_and_round_trips_through_json() {
        let t = Taxonomy::from_toml(DEFAULT_TAXONOMY_TOML).unwrap();
        assert_eq!(t, Taxonomy::builtin());
        assert!((25..=35).contains(&t.len()), "{} topics", t.len());
        let json = t.to_json();
        let back = Taxonomy::from_json(&json).unwrap();
        assert_eq!(back, t);
        assert_eq!(back.to_json(), json);
    }

    #[test]
    fn canonical_form_ignores_rule_order_case_and_duplicates() {
        let a = Taxonomy::from_toml(
            "[[topic]]\nid = \"a\"\nfr = \"A\"\nen = \"A\"\ntags = [\"#B\", \"a\", \"b\"]\n\
             keywords = [\"Office  de Tourisme\"]\ndomains = [\"WWW.X.com\"]\n",
        )
        .unwrap();
        let b = Taxonomy::from_toml(
            "[[topic]]\nid = \"a\"\nfr = \"A\"\nen = \"A\"\ntags = [\"a\", \"b\"]\n\
             keywords = [\"office de tourisme\"]\ndomains = [\"x.com\"]\n",
        )
        .unwrap();
        assert_eq!(a.to_json(), b.to_json());
        assert_eq!(a.topics()[0].tags(), ["a", "b"]);
    }

    #[test]
    fn ancestors_labels_and_lookups() {
        let t = Taxonomy::builtin();
        let rust = t.index_of("rust").unwrap();
        let tech = t.index_of("tech").unwrap();
        assert_eq!(t.ancestors(rust).collect::<Vec<_>>(), [tech]);
        assert_eq!(t.ancestors(tech).count(), 0);
        assert_eq!(t.ancestors(10_000).count(), 0);
        assert!(t.get(10_000).is_none());
        assert_eq!(t.index_of("nope"), None);
        let only_rust: TopicSet = [rust].into_iter().collect();
        assert_eq!(t.ids(t.with_ancestors(only_rust)), {
            let mut v = vec!["rust", "tech"];
            v.sort_by_key(|id| t.index_of(id));
            v
        });
        let sante = t.get(t.index_of("sante").unwrap()).unwrap();
        assert_eq!(
            (sante.label("fr-CA"), sante.label("en"), sante.label("")),
            ("Santé", "Health", "Health")
        );
    }
}
