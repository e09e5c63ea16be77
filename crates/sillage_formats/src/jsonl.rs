//! Canonical events as JSON Lines (EVENTS.md): one object per line.

use sillage_model::Event;

use crate::fields::EventFields;
use crate::json_fields::{self as json, Object};

/// Parses one non-blank line into an event; the error is the reject reason.
pub(crate) fn parse_event(line: &[u8]) -> Result<Event, String> {
    let obj = json::parse_object(line)?;
    fields(&obj)?.into_event()
}

/// Extracts the fields EVENTS.md defines; unknown fields are ignored.
fn fields(obj: &Object) -> Result<EventFields, String> {
    Ok(EventFields {
        id: json::identifier(obj, "id")?,
        net: json::string(obj, "net")?,
        kind: json::string(obj, "kind")?,
        actor: json::identifier(obj, "actor")?,
        target: json::identifier(obj, "target")?,
        post: json::identifier(obj, "post")?,
        parent: json::identifier(obj, "parent")?,
        at: json::instant(obj, "at")?,
        tags: json::strings(obj, "tags")?,
        urls: json::strings(obj, "urls")?,
        lang: json::string(obj, "lang")?,
        text: json::string(obj, "text")?,
    })
}

#[cfg(test)]
mod tests {
    use sillage_model::EventKind;

    use super::*;

    /// The four example lines of EVENTS.md, verbatim.
    const EXAMPLE: [&str; 4] = [
        r#"{"id":"1001","net":"twitter","kind":"post","actor":"jtang","post":"1001","at":"2014-03-13T09:00:00Z","tags":["communitymanagement","klout"],"lang":"fr","text":"Le community manager et son besoin d'influence #klout"}"#,
        r#"{"id":"1002","net":"twitter","kind":"repost","actor":"sophie","target":"jtang","post":"1002","parent":"1001","at":"2014-03-13T09:20:00Z"}"#,
        r#"{"id":"1003","net":"twitter","kind":"reply","actor":"sophie","target":"jtang","post":"1003","parent":"1001","at":"2014-03-13T10:02:00+01:00","lang":"fr","text":"Je ne suis quand même pas d'accord"}"#,
        r#"{"id":"f-77","net":"twitter","kind":"follow","actor":"sophie","target":"jtang","at":1394701200}"#,
    ];

    fn check(line: &str, want: Result<Event, &str>) {
        let got = parse_event(line.as_bytes());
        match want {
            Ok(event) => assert_eq!(got, Ok(event), "{line}"),
            Err(part) => {
                let reason = got.expect_err(line);
                assert!(reason.contains(part), "reason {reason:?} should contain {part:?}");
            }
        }
    }

    #[test]
    fn events_md_example_parses_exactly() {
        let post = Event {
            post: Some("1001".into()),
            tags: vec!["communitymanagement".into(), "klout".into()],
            lang: Some("fr".into()),
            text: Some("Le community manager et son besoin d'influence #klout".into()),
            ..Event::new("1001", "twitter", EventKind::Post, "jtang", 1_394_701_200)
        };
        let repost = Event {
            post: Some("1002".into()),
            parent: Some("1001".into()),
            ..Event::new("1002", "twitter", EventKind::Repost, "sophie", 1_394_702_400).with_target("jtang")
        };
        let reply = Event {
            post: Some("1003".into()),
            parent: Some("1001".into()),
            lang: Some("fr".into()),
            text: Some("Je ne suis quand même pas d'accord".into()),
            // 10:02 at +01:00 is 09:02 UTC.
            ..Event::new("1003", "twitter", EventKind::Reply, "sophie", 1_394_701_320).with_target("jtang")
        };
        let follow = Event::new("f-77", "twitter", EventKind::Follow, "sophie", 1_394_701_200).with_target("jtang");
        for (line, want) in EXAMPLE.iter().zip([post, repost, reply, follow]) {
            check(line, Ok(want));
        }
    }

    #[test]
    fn defaults_integer_ids_and_unknown_fields() {
        check(
            r##"{"id":42,"kind":"like","actor":"a","target":"b","at":"7","extra":{"x":[1]},"tags":["#Café",""]}"##,
            Ok(Event {
                tags: vec!["café".into()],
                ..Event::new("42", "generic", EventKind::Like, "a", 7).with_target("b")
            }),
        );
        check(
            r#"{"id":"1","net":"BlueSky","kind":"mention","actor":"a","target":"a","at":0}"#,
            Ok(Event::new("1", "bluesky", EventKind::Mention, "a", 0).with_target("a")),
        );
    }

    #[test]
    fn bad_lines_have_reasons_naming_the_problem() {
        check(
            r#"{"id":"1","kind":"post","at":0}"#,
            Err("missing required field \"actor\""),
        );
        check(
            r#"{"id":"1","kind":"post","actor":"","at":0}"#,
            Err("field \"actor\" is empty"),
        );
        check(
            r#"{"id":"","kind":"post","actor":"a","at":0}"#,
            Err("field \"id\" is empty"),
        );
        check(
            r#"{"id":"1","kind":"retweet","actor":"a","target":"b","at":0}"#,
            Err("unknown kind \"retweet\""),
        );
        check(
            r#"{"id":"1","kind":"reply","actor":"a","at":0}"#,
            Err("missing required field \"target\""),
        );
        check(
            r#"{"id":"1","kind":"post","actor":"a","at":"yesterday"}"#,
            Err("field \"at\": timestamp \"yesterday\""),
        );
        check(
            r#"{"id":"1","kind":"post","actor":"a","at":0,"tags":"x"}"#,
            Err("field \"tags\": expected an array"),
        );
        check(
            r#"{"id":"1","kind":3,"actor":"a","at":0}"#,
            Err("field \"kind\": expected a string, found number 3"),
        );
        check(r#"{"id":"1","kind":"post""#, Err("malformed JSON: "));
        check("\"just a string\"", Err("expected a JSON object, found string"));
    }
}
