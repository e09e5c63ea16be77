//! Why a taxonomy file was refused: the topic (position and id), the field and the reason.

use std::fmt;

/// A taxonomy that could not be loaded.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum TaxonomyError {
    /// The text is not TOML.
    #[error("taxonomy is not valid toml")]
    Toml(#[from] toml::de::Error),
    /// The document's top level is not the expected shape (a list of topics).
    #[error("taxonomy document: {0}")]
    Document(String),
    /// More topics than a [`TopicSet`](crate::TopicSet) can hold.
    #[error("taxonomy has {count} topics, more than the maximum of {max}")]
    TooManyTopics { count: usize, max: usize },
    /// One topic is invalid.
    #[error("{topic}{}: {reason}", field_suffix(field))]
    Topic {
        topic: TopicRef,
        field: Option<String>,
        reason: Reason,
    },
}

fn field_suffix(field: &Option<String>) -> String {
    field.as_ref().map(|f| format!(", field `{f}`")).unwrap_or_default()
}

/// The topic an error is about: its 0-based position in the file and its id when it has one.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TopicRef {
    pub index: usize,
    pub id: Option<String>,
}

impl fmt::Display for TopicRef {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match &self.id {
            Some(id) => write!(f, "topic[{}] `{id}`", self.index),
            None => write!(f, "topic[{}]", self.index),
        }
    }
}

/// Why a topic or one of its fields was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
#[non_exhaustive]
pub enum Reason {
    #[error("is required")]
    Missing,
    #[error("must be {expected}")]
    WrongType { expected: &'static str },
    #[error("is not a known field (known: id, fr, en, parent, tags, keywords, domains)")]
    UnknownField,
    #[error("must not be empty")]
    Empty,
    #[error(
        "`{0}` is not a valid id: use 1 to 64 lowercase ascii letters and digits, starting with a letter, \
         words joined by single hyphens (like `jeux-video`)"
    )]
    BadId(String),
    #[error("id `{id}` is already used by topic[{first}]")]
    DuplicateId { id: String, first: usize },
    #[error("names `{0}`, which is not a topic of this taxonomy")]
    UnknownParent(String),
    #[error("parents form a cycle: {}", .0.join(" -> "))]
    ParentCycle(Vec<String>),
    #[error("{0}")]
    BadTag(String),
    #[error("{0}")]
    BadKeyword(String),
    #[error("{0}")]
    BadDomain(String),
    #[error("topic has no tags, keywords or domains and no child topic, so it can never match")]
    NoRules,
}

impl TaxonomyError {
    pub(crate) fn topic(index: usize, id: Option<&str>, field: Option<&str>, reason: Reason) -> Self {
        TaxonomyError::Topic {
            topic: TopicRef {
                index,
                id: id.map(str::to_owned),
            },
            field: field.map(str::to_owned),
            reason,
        }
    }
}
