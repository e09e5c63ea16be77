//! Loading a taxonomy from TOML or from its canonical JSON, with every check a file can fail.
//!
//! Both formats are read into a `serde_json::Value` first and walked by hand, so that every error
//! can name the topic, the field and the reason instead of a serde path.

use rustc_hash::FxHashMap;
use serde_json::{Map, Value};

use crate::error::{Reason, TaxonomyError};
use crate::taxonomy::{JSON_FORMAT, JSON_VERSION, MAX_TOPICS, Taxonomy, Topic};
use crate::text::{parse_keyword, parse_tag};
use crate::url::parse_domain;

/// The fields a topic may have, in canonical order.
const TOPIC_FIELDS: [&str; 7] = ["id", "fr", "en", "parent", "tags", "keywords", "domains"];

/// The longest id accepted.
const MAX_ID_LEN: usize = 64;

pub(crate) fn from_toml(text: &str) -> Result<Taxonomy, TaxonomyError> {
    let doc: Value = toml::from_str(text)?;
    from_document(&doc, "topic", &["topic"])
}

pub(crate) fn from_json(doc: &Value) -> Result<Taxonomy, TaxonomyError> {
    if let Some(format) = doc.get("format")
        && format.as_str() != Some(JSON_FORMAT)
    {
        return Err(TaxonomyError::Document(format!(
            "`format` must be \"{JSON_FORMAT}\", not {format}"
        )));
    }
    if let Some(version) = doc.get("version")
        && version.as_u64() != Some(JSON_VERSION)
    {
        return Err(TaxonomyError::Document(format!(
            "`version` must be {JSON_VERSION}, not {version}"
        )));
    }
    from_document(doc, "topics", &["format", "version", "topics"])
}

/// A topic whose fields are checked one by one but not yet against the other topics.
struct RawTopic {
    id: String,
    fr: String,
    en: String,
    parent: Option<String>,
    tags: Vec<String>,
    keywords: Vec<String>,
    domains: Vec<String>,
}

fn from_document(doc: &Value, list_key: &str, root_keys: &[&str]) -> Result<Taxonomy, TaxonomyError> {
    let Some(root) = doc.as_object() else {
        return Err(TaxonomyError::Document("the top level must be a table".into()));
    };
    if let Some(k) = root.keys().find(|k| !root_keys.contains(&k.as_str())) {
        return Err(TaxonomyError::Document(format!(
            "unknown key `{k}` (known: {})",
            root_keys.join(", ")
        )));
    }
    let list = match root.get(list_key) {
        Some(Value::Array(list)) => list,
        Some(_) => {
            return Err(TaxonomyError::Document(format!(
                "`{list_key}` must be a list of tables"
            )));
        }
        None => {
            return Err(TaxonomyError::Document(format!(
                "no `{list_key}` list: a taxonomy lists its topics"
            )));
        }
    };
    if list.len() > MAX_TOPICS {
        return Err(TaxonomyError::TooManyTopics {
            count: list.len(),
            max: MAX_TOPICS,
        });
    }
    let raws = list
        .iter()
        .enumerate()
        .map(|(i, v)| parse_topic(i, v))
        .collect::<Result<Vec<_>, _>>()?;
    link(raws)
}

fn parse_topic(index: usize, value: &Value) -> Result<RawTopic, TaxonomyError> {
    let Some(obj) = value.as_object() else {
        return Err(TaxonomyError::topic(
            index,
            None,
            None,
            Reason::WrongType { expected: "a table" },
        ));
    };
    // The id, even an invalid one, helps a person find the topic in the file.
    let hint = obj.get("id").and_then(Value::as_str);
    let err = |field: &str, reason| TaxonomyError::topic(index, hint, Some(field), reason);
    if let Some(k) = obj.keys().find(|k| !TOPIC_FIELDS.contains(&k.as_str())) {
        return Err(err(k, Reason::UnknownField));
    }

    let id = required_str(obj, "id").map_err(|r| err("id", r))?;
    if !is_slug(id) {
        return Err(err("id", Reason::BadId(id.to_owned())));
    }
    let fr = required_str(obj, "fr").map_err(|r| err("fr", r))?;
    let en = required_str(obj, "en").map_err(|r| err("en", r))?;
    let parent = match obj.get("parent") {
        None => None,
        Some(Value::String(p)) => Some(p.trim().to_owned()),
        Some(_) => return Err(err("parent", Reason::WrongType { expected: "a string" })),
    };
    let tags = rules(obj, "tags", parse_tag).map_err(|(f, r)| err(f, r))?;
    let keywords = rules(obj, "keywords", |k| parse_keyword(k).map(|k| k.canonical)).map_err(|(f, r)| err(f, r))?;
    let domains = rules(obj, "domains", parse_domain).map_err(|(f, r)| err(f, r))?;
    Ok(RawTopic {
        id: id.to_owned(),
        fr: fr.to_owned(),
        en: en.to_owned(),
        parent,
        tags,
        keywords,
        domains,
    })
}

/// A required, non-blank string field, trimmed.
fn required_str<'a>(obj: &'a Map<String, Value>, field: &str) -> Result<&'a str, Reason> {
    match obj.get(field) {
        None => Err(Reason::Missing),
        Some(Value::String(s)) if s.trim().is_empty() => Err(Reason::Empty),
        Some(Value::String(s)) => Ok(s.trim()),
        Some(_) => Err(Reason::WrongType { expected: "a string" }),
    }
}

/// An optional list of rules, each normalized by `parse`; returned sorted and without duplicates,
/// since their order means nothing and the canonical form must not depend on it.
fn rules(
    obj: &Map<String, Value>,
    field: &'static str,
    parse: impl Fn(&str) -> Result<String, String>,
) -> Result<Vec<String>, (&'static str, Reason)> {
    let wrong = (
        field,
        Reason::WrongType {
            expected: "a list of strings",
        },
    );
    let items = match obj.get(field) {
        None => return Ok(Vec::new()),
        Some(Value::Array(items)) => items,
        Some(_) => return Err(wrong),
    };
    let mut out = Vec::with_capacity(items.len());
    for item in items {
        let Some(s) = item.as_str() else { return Err(wrong) };
        let rule = parse(s).map_err(|why| {
            let reason = match field {
                "tags" => Reason::BadTag(why),
                "keywords" => Reason::BadKeyword(why),
                _ => Reason::BadDomain(why),
            };
            (field, reason)
        })?;
        out.push(rule);
    }
    out.sort_unstable();
    out.dedup();
    Ok(out)
}

/// Lowercase ascii letters and digits, starting with a letter, words joined by single hyphens.
fn is_slug(s: &str) -> bool {
    s.len() <= MAX_ID_LEN
        && s.starts_with(|c: char| c.is_ascii_lowercase())
        && s.split('-')
            .all(|w| !w.is_empty() && w.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()))
}

/// Checks the topics against each other (ids, parents, cycles, empty topics) and builds the taxonomy.
fn link(raws: Vec<RawTopic>) -> Result<Taxonomy, TaxonomyError> {
    let mut index: FxHashMap<&str, usize> = FxHashMap::default();
    for (i, t) in raws.iter().enumerate() {
        if let Some(&first) = index.get(t.id.as_str()) {
            let reason = Reason::DuplicateId {
                id: t.id.clone(),
                first,
            };
            return Err(TaxonomyError::topic(i, Some(&t.id), Some("id"), reason));
        }
        index.insert(&t.id, i);
    }

    let mut parents = Vec::with_capacity(raws.len());
    for (i, t) in raws.iter().enumerate() {
        let parent = match &t.parent {
            None => None,
            Some(p) => match index.get(p.as_str()) {
                Some(&pi) => Some(pi),
                None => {
                    let reason = Reason::UnknownParent(p.clone());
                    return Err(TaxonomyError::topic(i, Some(&t.id), Some("parent"), reason));
                }
            },
        };
        parents.push(parent);
    }

    // A chain longer than the number of topics has looped; it is reported from a topic on the
    // loop itself, which the walk from that topic finds.
    for (i, t) in raws.iter().enumerate() {
        let mut path = vec![t.id.clone()];
        let mut cur = parents[i];
        while let Some(p) = cur {
            path.push(raws[p].id.clone());
            if p == i {
                return Err(TaxonomyError::topic(
                    i,
                    Some(&t.id),
                    Some("parent"),
                    Reason::ParentCycle(path),
                ));
            }
            if path.len() > raws.len() {
                break;
            }
            cur = parents[p];
        }
    }

    let mut has_child = vec![false; raws.len()];
    for p in parents.iter().flatten() {
        has_child[*p] = true;
    }
    for (i, t) in raws.iter().enumerate() {
        if t.tags.is_empty() && t.keywords.is_empty() && t.domains.is_empty() && !has_child[i] {
            return Err(TaxonomyError::topic(i, Some(&t.id), None, Reason::NoRules));
        }
    }

    let topics = raws
        .into_iter()
        .zip(parents)
        .map(|(r, parent)| Topic {
            id: r.id,
            fr: r.fr,
            en: r.en,
            parent,
            tags: r.tags,
            keywords: r.keywords,
            domains: r.domains,
        })
        .collect();
    Ok(Taxonomy::from_linked(topics))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Parses `text` and returns the error's reason and field, for one-line checks.
    fn reason(text: &str) -> (Reason, Option<String>, usize) {
        match from_toml(text) {
            Err(TaxonomyError::Topic { topic, field, reason }) => (reason, field, topic.index),
            other => panic!("expected a topic error, got {other:?}"),
        }
    }

    const OK: &str = "[[topic]]\nid = \"a\"\nfr = \"A\"\nen = \"A\"\ntags = [\"a\"]\n";

    #[test]
    fn a_minimal_file_loads() {
        let t = from_toml(OK).unwrap();
        assert_eq!(t.len(), 1);
        assert_eq!(t.topics()[0].tags(), ["a"]);
    }

    #[test]
    fn each_reason_is_reported_with_topic_and_field() {
        let dup = format!("{OK}{OK}");
        assert_eq!(
            reason(&dup),
            (
                Reason::DuplicateId {
                    id: "a".into(),
                    first: 0
                },
                Some("id".into()),
                1
            )
        );

        let unknown_parent = format!("{OK}parent = \"zz\"\n");
        assert_eq!(
            reason(&unknown_parent),
            (Reason::UnknownParent("zz".into()), Some("parent".into()), 0)
        );

        let cycle = "[[topic]]\nid = \"a\"\nfr = \"A\"\nen = \"A\"\nparent = \"b\"\ntags = [\"a\"]\n\
                     [[topic]]\nid = \"b\"\nfr = \"B\"\nen = \"B\"\nparent = \"a\"\ntags = [\"b\"]\n";
        let (r, f, i) = reason(cycle);
        assert_eq!(
            (r, f, i),
            (
                Reason::ParentCycle(vec!["a".into(), "b".into(), "a".into()]),
                Some("parent".into()),
                0
            )
        );

        let self_parent = format!("{OK}parent = \"a\"\n");
        assert!(matches!(reason(&self_parent).0, Reason::ParentCycle(p) if p == ["a", "a"]));

        for bad in ["Tourisme", "jeux_video", "9a", "a--b", "-a", "a-", "", "é"] {
            let text = OK.replace("id = \"a\"", &format!("id = \"{bad}\""));
            let (r, f, _) = reason(&text);
            assert_eq!(f.as_deref(), Some("id"), "{bad}");
            assert!(matches!(r, Reason::BadId(_) | Reason::Empty), "{bad}: {r:?}");
        }
        assert!(matches!(
            reason(&OK.replace("id = \"a\"", &format!("id = \"{}\"", "a".repeat(65)))).0,
            Reason::BadId(_)
        ));

        let empty = "[[topic]]\nid = \"a\"\nfr = \"A\"\nen = \"A\"\n";
        assert_eq!(reason(empty), (Reason::NoRules, None, 0));

        assert_eq!(
            reason(&OK.replace("en = \"A\"\n", "")),
            (Reason::Missing, Some("en".into()), 0)
        );
        assert_eq!(
            reason(&OK.replace("en = \"A\"", "en = \" \"")),
            (Reason::Empty, Some("en".into()), 0)
        );
        assert_eq!(
            reason(&OK.replace("en = \"A\"", "en = 3")),
            (Reason::WrongType { expected: "a string" }, Some("en".into()), 0)
        );
        assert_eq!(
            reason(&OK.replace("tags = [\"a\"]", "tags = \"a\"")),
            (
                Reason::WrongType {
                    expected: "a list of strings"
                },
                Some("tags".into()),
                0
            )
        );
        assert_eq!(
            reason(&format!("{OK}keyword = [\"x\"]\n")),
            (Reason::UnknownField, Some("keyword".into()), 0)
        );
        assert!(matches!(
            reason(&OK.replace("[\"a\"]", "[\"a b\"]")).0,
            Reason::BadTag(_)
        ));
        assert!(matches!(
            reason(&format!("{OK}keywords = [\"c++\"]\n")).0,
            Reason::BadKeyword(_)
        ));
        assert!(matches!(
            reason(&format!("{OK}domains = [\"https://x.com/\"]\n")).0,
            Reason::BadDomain(_)
        ));
    }

    #[test]
    fn a_parent_with_children_needs_no_rules_of_its_own() {
        let text = "[[topic]]\nid = \"sport\"\nfr = \"Sport\"\nen = \"Sport\"\n\
                    [[topic]]\nid = \"rugby\"\nfr = \"Rugby\"\nen = \"Rugby\"\nparent = \"sport\"\ntags = [\"rugby\"]\n";
        let t = from_toml(text).unwrap();
        assert_eq!(t.ancestors(1).collect::<Vec<_>>(), [0]);
    }

    #[test]
    fn error_messages_name_topic_field_and_reason() {
        let msg = from_toml(&format!("{OK}parent = \"zz\"\n")).unwrap_err().to_string();
        assert_eq!(
            msg,
            "topic[0] `a`, field `parent`: names `zz`, which is not a topic of this taxonomy"
        );
        let msg = from_toml("[[topic]]\nfr = \"A\"\n").unwrap_err().to_string();
        assert_eq!(msg, "topic[0], field `id`: is required");
    }

    #[test]
    fn document_errors() {
        assert!(matches!(from_toml("topic = ["), Err(TaxonomyError::Toml(_))));
        assert!(matches!(from_toml(""), Err(TaxonomyError::Document(_))));
        assert!(matches!(from_toml("topic = 3"), Err(TaxonomyError::Document(_))));
        assert!(matches!(
            from_toml(&format!("name = \"x\"\n{OK}")),
            Err(TaxonomyError::Document(_))
        ));
        assert!(matches!(
            from_toml("topic = [1]"),
            Err(TaxonomyError::Topic {
                reason: Reason::WrongType { expected: "a table" },
                ..
            })
        ));
        let many: String = (0..129).map(|i| OK.replace("\"a\"", &format!("\"t{i}\""))).collect();
        assert!(matches!(
            from_toml(&many),
            Err(TaxonomyError::TooManyTopics { count: 129, max: 128 })
        ));
        let most: String = (0..128).map(|i| OK.replace("\"a\"", &format!("\"t{i}\""))).collect();
        assert_eq!(from_toml(&most).unwrap().len(), 128);
    }

    #[test]
    fn json_format_and_version_are_checked() {
        let json = from_toml(OK).unwrap().to_json();
        assert!(from_json(&json).is_ok());
        let mut wrong = json.clone();
        wrong["version"] = 2.into();
        assert!(matches!(from_json(&wrong), Err(TaxonomyError::Document(_))));
        let mut wrong = json;
        wrong["format"] = "other".into();
        assert!(matches!(from_json(&wrong), Err(TaxonomyError::Document(_))));
    }
}
