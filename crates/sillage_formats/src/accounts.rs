//! Account side records as JSON Lines (`accounts.jsonl` in EVENTS.md).

use sillage_model::AccountRecord;

use crate::fields::{net_or_default, non_empty, required};
use crate::json_fields::{self as json};

/// Parses one non-blank line into an account record; the error is the reject reason.
pub(crate) fn parse_account(line: &[u8]) -> Result<AccountRecord, String> {
    let obj = json::parse_object(line)?;
    let net = json::string(&obj, "net")?;
    let handle = json::identifier(&obj, "handle")?;
    let record = AccountRecord {
        net: net_or_default(net),
        handle: String::new(),
        username: non_empty(json::string(&obj, "username")?),
        name: non_empty(json::string(&obj, "name")?),
        bio: json::string(&obj, "bio")?.filter(|b| !b.trim().is_empty()),
        lang: non_empty(json::string(&obj, "lang")?),
        followers: json::count(&obj, "followers")?,
        following: json::count(&obj, "following")?,
        posts: json::count(&obj, "posts")?,
        created_at: json::instant(&obj, "created_at")?,
        org: non_empty(json::string(&obj, "org")?),
        opt_out: json::flag(&obj, "opt_out")?,
    };
    // The handle is checked last so that a record with several problems reports its type errors
    // first, the same order as events.
    Ok(AccountRecord {
        handle: required("handle", handle)?,
        ..record
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn full_record() {
        let line = br#"{"net":"Twitter","handle":"jtang","username":"JTang","name":"Jacques Tang","bio":"CM","lang":"fr","followers":"1200","following":300,"posts":4100,"created_at":"2009-05-01T00:00:00Z","org":"acme","opt_out":false,"x":1}"#;
        let want = AccountRecord {
            net: "twitter".into(),
            handle: "jtang".into(),
            username: Some("JTang".into()),
            name: Some("Jacques Tang".into()),
            bio: Some("CM".into()),
            lang: Some("fr".into()),
            followers: Some(1200),
            following: Some(300),
            posts: Some(4100),
            created_at: Some(1_241_136_000),
            org: Some("acme".into()),
            opt_out: Some(false),
        };
        assert_eq!(parse_account(line), Ok(want));
    }

    #[test]
    fn minimal_record_and_errors() {
        let got = parse_account(br#"{"handle":"a","opt_out":true}"#).unwrap();
        assert_eq!(
            got,
            AccountRecord {
                net: "generic".into(),
                handle: "a".into(),
                opt_out: Some(true),
                ..Default::default()
            }
        );
        assert_eq!(
            parse_account(br#"{"name":"x"}"#).unwrap_err(),
            "missing required field \"handle\""
        );
        assert_eq!(
            parse_account(br#"{"handle":" "}"#).unwrap_err(),
            "field \"handle\" is empty"
        );
        assert!(
            parse_account(br#"{"handle":"a","followers":-2}"#)
                .unwrap_err()
                .contains("\"followers\"")
        );
        assert!(
            parse_account(br#"{"handle":"a","created_at":"soon"}"#)
                .unwrap_err()
                .contains("\"created_at\"")
        );
    }
}
