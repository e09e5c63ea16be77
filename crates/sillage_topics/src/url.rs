//! Host extraction from the loose URLs events carry, and the checks on domain rules.

use std::borrow::Cow;

/// Whether `s` is a URL scheme: a letter, then letters, digits, `+`, `-` or `.`.
fn is_scheme(s: &str) -> bool {
    let mut bytes = s.bytes();
    bytes.next().is_some_and(|b| b.is_ascii_alphabetic())
        && bytes.all(|b| b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.'))
}

/// Whether `c` may appear in a host name we try to match. Anything else (spaces, quotes,
/// percent signs…) means the string is not a usable URL, and it matches no domain.
fn is_host_char(c: char) -> bool {
    c.is_alphanumeric() || matches!(c, '-' | '.' | '_')
}

/// Removes a leading `www.` label, ignoring its case.
fn strip_www(host: &str) -> &str {
    match host.get(..4) {
        Some(p) if p.eq_ignore_ascii_case("www.") => &host[4..],
        _ => host,
    }
}

/// The lowercase host of `url`, without a leading `www.` or trailing dot, or `None` when there is
/// none to match (empty, an IP v6 literal, or characters no host name has).
///
/// Accepts `https://user@Host:8080/path?q#f`, scheme-relative `//host/x`, and bare
/// `host/path` or `host:port`; never panics (it only slices at ASCII delimiters it found).
pub(crate) fn host(url: &str) -> Option<Cow<'_, str>> {
    let s = url.trim();
    let rest = match s.find("://") {
        Some(i) if is_scheme(&s[..i]) => &s[i + 3..],
        _ => s.strip_prefix("//").unwrap_or(s),
    };
    let authority = &rest[..rest.find(['/', '?', '#', '\\']).unwrap_or(rest.len())];
    let host_port = authority.rfind('@').map_or(authority, |i| &authority[i + 1..]);
    if host_port.starts_with('[') {
        return None;
    }
    let host = host_port.split(':').next().unwrap_or_default();
    let host = strip_www(host).trim_end_matches('.');
    if host.is_empty() || !host.chars().all(is_host_char) {
        return None;
    }
    if host.bytes().any(|b| b.is_ascii_uppercase() || !b.is_ascii()) {
        Some(Cow::Owned(host.to_lowercase()))
    } else {
        Some(Cow::Borrowed(host))
    }
}

/// Normalizes and checks one domain rule: a bare host name of at least two labels, made of
/// letters, digits and hyphens; case, a leading `www.` and a trailing dot are ignored.
pub(crate) fn parse_domain(raw: &str) -> Result<String, String> {
    let lower = raw.trim().to_lowercase();
    let d = strip_www(&lower).trim_end_matches('.');
    let labels_ok = d
        .split('.')
        .all(|l| !l.is_empty() && l.chars().all(|c| c.is_alphanumeric() || c == '-'));
    if !labels_ok {
        return Err(format!(
            "domain `{raw}` must be a bare host name such as `tripadvisor.com`, without scheme, port or path"
        ));
    }
    if !d.contains('.') {
        return Err(format!(
            "domain `{raw}` must have at least two labels, such as `tripadvisor.com`"
        ));
    }
    Ok(d.to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hosts_of_loose_urls() {
        let cases = [
            ("https://www.tripadvisor.fr/x", Some("tripadvisor.fr")),
            ("http://fr.tripadvisor.com:8080/a?b", Some("fr.tripadvisor.com")),
            ("HTTPS://User:pw@WWW.Example.COM./p", Some("example.com")),
            ("//cdn.example.org/lib.js", Some("cdn.example.org")),
            ("example.org/path://odd", Some("example.org")),
            ("example.org:443", Some("example.org")),
            ("example.org?q=1", Some("example.org")),
            ("mailto:bob@example.org", Some("example.org")),
            ("https://exämple.de", Some("exämple.de")),
            ("http://[::1]:80/", None),
            ("", None),
            ("https://", None),
            ("not a url", None),
            ("https://evil.net\\@tripadvisor.com", Some("evil.net")),
            ("www.", None),
        ];
        for (url, want) in cases {
            assert_eq!(host(url).as_deref(), want, "{url}");
        }
    }

    #[test]
    fn domain_rules() {
        assert_eq!(parse_domain(" WWW.TripAdvisor.com. ").unwrap(), "tripadvisor.com");
        assert_eq!(parse_domain("world.rugby").unwrap(), "world.rugby");
        for bad in ["https://x.com", "x.com/path", "x.com:80", "com", "a..b", "", "x y.com"] {
            assert!(parse_domain(bad).is_err(), "{bad}");
        }
    }
}
