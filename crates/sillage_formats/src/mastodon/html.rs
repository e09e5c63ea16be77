//! Status content (HTML) as plain text, and the links it carries.
//!
//! Mastodon content is a small, regular subset of HTML (`p`, `br`, `a`, `span`), so a simple scanner
//! is enough: tags are dropped, `br` and paragraph ends become line breaks, character references
//! are decoded, and the `href` of every link is collected except mentions and hashtags (Mastodon marks
//! them with the `mention` and `hashtag` classes, or `rel="tag"`).

/// Text and links of one piece of content.
#[derive(Debug, Default, PartialEq, Eq)]
pub(crate) struct Content {
    pub text: String,
    pub urls: Vec<String>,
}

pub(crate) fn content(html: &str) -> Content {
    let mut out = Content::default();
    let mut rest = html;
    while let Some(lt) = rest.find('<') {
        decode_into(&rest[..lt], &mut out.text);
        let tag = &rest[lt..];
        match parse_tag(tag) {
            Some((len, tag)) => {
                on_tag(&tag, &mut out);
                rest = &rest[lt + len..];
            }
            None => {
                // A `<` that opens no tag is text.
                out.text.push('<');
                rest = &rest[lt + 1..];
            }
        }
    }
    decode_into(rest, &mut out.text);
    let trimmed = out.text.trim();
    if trimmed.len() != out.text.len() {
        out.text = trimmed.to_owned();
    }
    out
}

/// A parsed start or end tag: its lowercased name and the attributes this module uses.
#[derive(Default)]
struct Tag {
    closing: bool,
    name: String,
    href: Option<String>,
    class: Option<String>,
    rel: Option<String>,
}

fn on_tag(tag: &Tag, out: &mut Content) {
    match (tag.name.as_str(), tag.closing) {
        ("br", _) => out.text.push('\n'),
        ("p", true) => out.text.push_str("\n\n"),
        ("a", false) => {
            let Some(href) = tag.href.as_deref().map(str::trim).filter(|h| !h.is_empty()) else {
                return;
            };
            let has = |value: &Option<String>, word: &str| {
                value
                    .as_deref()
                    .is_some_and(|v| v.split_ascii_whitespace().any(|w| w.eq_ignore_ascii_case(word)))
            };
            if has(&tag.class, "mention") || has(&tag.class, "hashtag") || has(&tag.rel, "tag") {
                return;
            }
            if !out.urls.iter().any(|u| u == href) {
                out.urls.push(href.to_owned());
            }
        }
        _ => {}
    }
}

/// Parses the tag at the start of `s` (which starts with `<`): its length in bytes up to and
/// including `>`, and the tag. `None` when `s` opens no tag (`< 3`, or no closing `>`). Comments and
/// declarations (`<!…>`) are tags with an empty name.
fn parse_tag(s: &str) -> Option<(usize, Tag)> {
    let bytes = s.as_bytes();
    let mut i = 1;
    let mut tag = Tag::default();
    if bytes.get(i) == Some(&b'/') {
        tag.closing = true;
        i += 1;
    }
    let first = *bytes.get(i)?;
    if first == b'!' || first == b'?' {
        let end = s.find('>')?;
        return Some((end + 1, tag));
    }
    if !first.is_ascii_alphabetic() {
        return None;
    }
    let start = i;
    while bytes.get(i).is_some_and(|b| b.is_ascii_alphanumeric()) {
        i += 1;
    }
    tag.name = s[start..i].to_ascii_lowercase();
    // Attributes: name, optionally `=` and a quoted or bare value.
    loop {
        while bytes.get(i).is_some_and(|b| b.is_ascii_whitespace() || *b == b'/') {
            i += 1;
        }
        match bytes.get(i)? {
            b'>' => return Some((i + 1, tag)),
            _ => {
                let start = i;
                while bytes
                    .get(i)
                    .is_some_and(|b| !b.is_ascii_whitespace() && !matches!(b, b'=' | b'>' | b'/'))
                {
                    i += 1;
                }
                let name = &s[start..i];
                while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                    i += 1;
                }
                let mut value = None;
                if bytes.get(i) == Some(&b'=') {
                    i += 1;
                    while bytes.get(i).is_some_and(u8::is_ascii_whitespace) {
                        i += 1;
                    }
                    let raw = match *bytes.get(i)? {
                        q @ (b'"' | b'\'') => {
                            let len = s[i + 1..].find(q as char)?;
                            let raw = &s[i + 1..i + 1 + len];
                            i += len + 2;
                            raw
                        }
                        _ => {
                            let start = i;
                            while bytes.get(i).is_some_and(|b| !b.is_ascii_whitespace() && *b != b'>') {
                                i += 1;
                            }
                            &s[start..i]
                        }
                    };
                    value = Some(raw);
                }
                if name.is_empty() {
                    // A stray `=` (its value, if any, was stepped over): the loop must advance.
                    if i == start {
                        i += 1;
                    }
                    continue;
                }
                let decoded = || {
                    let mut v = String::new();
                    decode_into(value.unwrap_or(""), &mut v);
                    v
                };
                if name.eq_ignore_ascii_case("href") {
                    tag.href = Some(decoded());
                } else if name.eq_ignore_ascii_case("class") {
                    tag.class = Some(decoded());
                } else if name.eq_ignore_ascii_case("rel") {
                    tag.rel = Some(decoded());
                }
            }
        }
    }
}

/// Appends `text` with its character references decoded. Unknown or malformed references are kept
/// as written.
fn decode_into(text: &str, out: &mut String) {
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        let after = &rest[amp + 1..];
        let decoded = after
            .find(';')
            .filter(|&semi| semi > 0 && semi <= 10)
            .and_then(|semi| reference(&after[..semi]).map(|c| (c, semi)));
        match decoded {
            Some((c, semi)) => {
                out.push(c);
                rest = &after[semi + 1..];
            }
            None => {
                out.push('&');
                rest = after;
            }
        }
    }
    out.push_str(rest);
}

fn reference(name: &str) -> Option<char> {
    if let Some(number) = name.strip_prefix('#') {
        let code = match number.strip_prefix(['x', 'X']) {
            Some(hex) => u32::from_str_radix(hex, 16).ok()?,
            None => number.parse::<u32>().ok()?,
        };
        return char::from_u32(code).filter(|&c| c != '\0');
    }
    Some(match name {
        "amp" => '&',
        "lt" => '<',
        "gt" => '>',
        "quot" => '"',
        "apos" => '\'',
        "nbsp" => ' ',
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn check(html: &str, text: &str, urls: &[&str]) {
        let got = content(html);
        assert_eq!(got.text, text, "{html}");
        assert_eq!(got.urls, urls, "{html}");
    }

    #[test]
    fn mastodon_content() {
        check(
            r#"<p><span class="h-card"><a href="https://a.example/@bo" class="u-url mention">@<span>bo</span></a></span> see <a href="https://news.example/x?a=1&amp;b=2" rel="nofollow noopener" target="_blank"><span class="invisible">https://</span><span class="">news.example/x?a=1&amp;b=2</span></a></p><p>line<br />two <a href="https://a.example/tags/Tea" class="mention hashtag" rel="tag">#<span>Tea</span></a></p>"#,
            "@bo see https://news.example/x?a=1&b=2\n\nline\ntwo #Tea",
            &["https://news.example/x?a=1&b=2"],
        );
    }

    #[test]
    fn references_and_odd_markup() {
        check(
            "a &lt;b&gt; &#39;c&#x27; &amp;amp; &bogus; & x",
            "a <b> 'c' &amp; &bogus; & x",
            &[],
        );
        check("1 < 2 <3 <!-- note --> ok", "1 < 2 <3  ok", &[]);
        check(
            "<a href=bare>x</a><a href='q'>y</a><a href=\"bare\">z</a>",
            "xyz",
            &["bare", "q"],
        );
        check("<a href=\"unterminated", "<a href=\"unterminated", &[]);
        check("&#0; &#xD800; &#99999999999;", "&#0; &#xD800; &#99999999999;", &[]);
        check("<p =x>é</p>", "é", &[]);
    }
}
