//! Validation of canonical event fields, shared by the JSONL and CSV readers once each has
//! extracted the fields from its own syntax.

use sillage_model::{Event, EventKind, Instant, normalize_tag};

/// The network events belong to when a record does not say.
pub(crate) const DEFAULT_NET: &str = "generic";

/// An event's fields as found in a record, typed but not yet checked against EVENTS.md's rules.
/// Absent fields are `None`; strings are as written.
#[derive(Debug, Default)]
pub(crate) struct EventFields {
    pub id: Option<String>,
    pub net: Option<String>,
    pub kind: Option<String>,
    pub actor: Option<String>,
    pub target: Option<String>,
    pub post: Option<String>,
    pub parent: Option<String>,
    pub at: Option<Instant>,
    pub tags: Vec<String>,
    pub urls: Vec<String>,
    pub lang: Option<String>,
    pub text: Option<String>,
}

impl EventFields {
    /// Applies EVENTS.md: required fields present and non-empty, a known kind, a target for every
    /// kind but `post`, and the normalizations (lowercase network, normalized tags). The error is
    /// the reject reason.
    pub(crate) fn into_event(self) -> Result<Event, String> {
        let id = required("id", self.id)?;
        let kind_text = self.kind.ok_or_else(|| missing("kind"))?;
        let actor = required("actor", self.actor)?;
        let at = self.at.ok_or_else(|| missing("at"))?;
        // Kinds are compared case-insensitively: `Repost` is not a different kind, only a
        // differently typed one.
        let kind: EventKind = kind_text
            .trim()
            .to_ascii_lowercase()
            .parse()
            .map_err(|_| sillage_model::UnknownKind(kind_text.clone()).to_string())?;
        let target = non_empty(self.target);
        if kind.needs_target() && target.is_none() {
            return Err(format!(
                "missing required field \"target\" (every kind but post has one; this is a {kind})"
            ));
        }
        Ok(Event {
            id,
            net: net_or_default(self.net),
            kind,
            actor,
            target,
            post: non_empty(self.post),
            parent: non_empty(self.parent),
            at,
            tags: self
                .tags
                .iter()
                .map(|t| normalize_tag(t))
                .filter(|t| !t.is_empty())
                .collect(),
            urls: self
                .urls
                .into_iter()
                .map(|u| u.trim().to_owned())
                .filter(|u| !u.is_empty())
                .collect(),
            lang: non_empty(self.lang),
            text: self.text.filter(|t| !t.is_empty()),
        })
    }
}

/// The network, lowercased, or [`DEFAULT_NET`] when absent or empty.
pub(crate) fn net_or_default(net: Option<String>) -> String {
    non_empty(net).map_or_else(|| DEFAULT_NET.to_owned(), |n| n.to_lowercase())
}

/// A required identifier, trimmed: absence and emptiness are told apart because an empty value
/// usually means a broken export rather than a missing column.
pub(crate) fn required(name: &str, value: Option<String>) -> Result<String, String> {
    let value = value.ok_or_else(|| missing(name))?;
    let trimmed = value.trim();
    if trimmed.is_empty() {
        return Err(format!("field {name:?} is empty"));
    }
    Ok(trimmed.to_owned())
}

/// An optional identifier or label, trimmed; empty counts as absent.
pub(crate) fn non_empty(value: Option<String>) -> Option<String> {
    let value = value?;
    let trimmed = value.trim();
    (!trimmed.is_empty()).then(|| trimmed.to_owned())
}

pub(crate) fn missing(name: &str) -> String {
    format!("missing required field {name:?}")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn fields() -> EventFields {
        EventFields {
            id: Some("1".into()),
            kind: Some("repost".into()),
            actor: Some("a".into()),
            target: Some("b".into()),
            at: Some(5),
            ..EventFields::default()
        }
    }

    #[test]
    fn applies_defaults_and_normalizations() {
        let mut f = fields();
        f.id = Some(" 1 ".into());
        f.kind = Some("Repost".into());
        f.net = Some("Mastodon".into());
        f.tags = vec!["#Klout".into(), " ".into(), "#".into()];
        f.urls = vec![" https://x.org ".into(), String::new()];
        f.lang = Some(String::new());
        let e = f.into_event().unwrap();
        assert_eq!(e.id, "1");
        assert_eq!(e.kind, EventKind::Repost);
        assert_eq!(e.net, "mastodon");
        assert_eq!(e.tags, vec!["klout"]);
        assert_eq!(e.urls, vec!["https://x.org"]);
        assert_eq!(e.lang, None);
        let mut f = fields();
        f.net = Some(" ".into());
        assert_eq!(f.into_event().unwrap().net, "generic");
    }

    #[test]
    fn reasons_name_the_field() {
        let check = |edit: fn(&mut EventFields), want: &str| {
            let mut f = fields();
            edit(&mut f);
            let err = f.into_event().unwrap_err();
            assert!(err.contains(want), "{err:?} should contain {want:?}");
        };
        check(|f| f.id = None, "missing required field \"id\"");
        check(|f| f.id = Some(" ".into()), "field \"id\" is empty");
        check(|f| f.actor = Some(String::new()), "field \"actor\" is empty");
        check(|f| f.kind = None, "missing required field \"kind\"");
        check(|f| f.at = None, "missing required field \"at\"");
        check(|f| f.target = None, "missing required field \"target\"");
        check(|f| f.target = Some(String::new()), "missing required field \"target\"");
        check(
            |f| f.kind = Some("retweet".into()),
            "unknown kind \"retweet\" (expected post,",
        );
    }

    #[test]
    fn posts_need_no_target_and_self_interactions_are_kept() {
        let mut f = fields();
        f.kind = Some("post".into());
        f.target = None;
        assert_eq!(f.into_event().unwrap().target, None);
        let mut f = fields();
        f.target = Some("a".into());
        assert_eq!(f.into_event().unwrap().target.as_deref(), Some("a"));
    }
}
