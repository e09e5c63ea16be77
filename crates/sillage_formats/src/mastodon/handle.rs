//! Account handles (`user@instance`) from REST `acct`s and ActivityPub actor URIs, and the instant
//! hidden in a Mastodon status id.

use sillage_model::Instant;

/// The authority of an `http(s)` URL (host, with its port when it has one), lowercased.
pub(crate) fn host_of(url: &str) -> Option<String> {
    let rest = url.strip_prefix("https://").or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    // Credentials before `@` are not part of the instance's name.
    let host = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// `user@instance` from a REST `acct` (`user@domain` for remote accounts, `user` for accounts local
/// to the server that answered) and the account's profile `url`, whose host names the server for
/// local accounts. A leading `@` is dropped and the domain lowercased; the user part keeps its case.
pub(crate) fn from_acct(acct: &str, url: Option<&str>) -> Option<String> {
    let acct = acct.trim().trim_start_matches('@');
    match acct.split_once('@') {
        Some((user, domain)) if !user.is_empty() && !domain.is_empty() && !domain.contains('@') => {
            Some(format!("{user}@{}", domain.to_ascii_lowercase()))
        }
        Some(_) => None,
        None if acct.is_empty() => None,
        None => Some(format!("{acct}@{}", host_of(url?)?)),
    }
}

/// `user@host` from an actor URI of Mastodon's shapes, `https://host/users/user` or
/// `https://host/@user`. Other shapes (Mastodon's newer `/ap/users/<number>`, other servers' paths)
/// name no username, so they give `None` rather than a guess.
pub(crate) fn from_actor_uri(uri: &str) -> Option<String> {
    let host = host_of(uri)?;
    let path = uri.split_once("://")?.1;
    let path = &path[path.find('/')?..];
    let path = path.trim_end_matches('/');
    let user = path
        .strip_prefix("/users/")
        .or_else(|| path.strip_prefix("/@"))
        .filter(|u| !u.is_empty() && !u.contains(['/', '?', '#', '@']))?;
    Some(format!("{user}@{host}"))
}

/// The actor URI a Mastodon status URI belongs to: the part before `/statuses/`.
pub(crate) fn status_actor_uri(status_uri: &str) -> Option<&str> {
    let at = status_uri.find("/statuses/")?;
    Some(&status_uri[..at])
}

/// The instant a Mastodon status was created, read from its id in its URI (`…/statuses/<id>`):
/// since Mastodon 2.0 ids are milliseconds since the epoch shifted left by 16 bits. Ids of other
/// shapes, and values outside 2016–2100 (Mastodon's older sequential ids), give `None`.
pub(crate) fn instant_of_status_uri(status_uri: &str) -> Option<Instant> {
    let at = status_uri.find("/statuses/")?;
    let id = status_uri[at + "/statuses/".len()..].trim_end_matches('/');
    let id: u64 = id.parse().ok()?;
    let seconds = ((id >> 16) / 1000) as i64;
    // 2016-01-01 (before Mastodon existed) to 2100-01-01.
    (1_451_606_400..4_102_444_800).contains(&seconds).then_some(seconds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accts_get_their_instance() {
        assert_eq!(from_acct("ann@Example.ORG", None).as_deref(), Some("ann@example.org"));
        assert_eq!(
            from_acct("Ann", Some("https://Local.example:3000/@Ann")).as_deref(),
            Some("Ann@local.example:3000")
        );
        assert_eq!(from_acct("ann", None), None);
        assert_eq!(from_acct("ann@", None), None);
        assert_eq!(from_acct("@", Some("https://x.org")), None);
        assert_eq!(from_acct("a@b@c", None), None);
    }

    #[test]
    fn actor_uris_of_mastodon_shapes_only() {
        assert_eq!(from_actor_uri("https://a.org/users/bob").as_deref(), Some("bob@a.org"));
        assert_eq!(from_actor_uri("https://a.org/@bob/").as_deref(), Some("bob@a.org"));
        assert_eq!(from_actor_uri("https://a.org/ap/users/123"), None);
        assert_eq!(from_actor_uri("https://a.org/users/bob/statuses/1"), None);
        assert_eq!(from_actor_uri("ftp://a.org/users/bob"), None);
        assert_eq!(
            status_actor_uri("https://a.org/users/bob/statuses/1"),
            Some("https://a.org/users/bob")
        );
    }

    #[test]
    fn status_ids_carry_their_instant() {
        // The origin id of a status the REST sample says was created at 2023-05-28T12:06:50Z.
        assert_eq!(
            instant_of_status_uri("https://h.example/users/x/statuses/110446222386355655"),
            Some(1_685_275_610)
        );
        assert_eq!(instant_of_status_uri("https://h.example/users/x/statuses/12345"), None);
        assert_eq!(instant_of_status_uri("https://h.example/notes/abc"), None);
    }
}
