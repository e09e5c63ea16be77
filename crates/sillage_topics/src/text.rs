//! Text normalization, accent folding and the word tokenizer shared by taxonomy rules and events.
//!
//! Rules and events go through the same functions, so a keyword matches exactly the token
//! sequence it would produce if it appeared in a post.

use std::borrow::Cow;

use unicode_normalization::char::{decompose_canonical, is_combining_mark};
use unicode_normalization::{IsNormalized, UnicodeNormalization, is_nfc_quick};

/// Unicode NFC, then lowercase. Borrows when the text is already lowercase ASCII, the common case.
pub(crate) fn normalize(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        if s.bytes().any(|b| b.is_ascii_uppercase()) {
            Cow::Owned(s.to_ascii_lowercase())
        } else {
            Cow::Borrowed(s)
        }
    } else if !s.bytes().any(|b| b >= 0xCC) {
        // No UTF-8 lead byte from 0xCC up: every character is below U+0300 (Latin scripts),
        // where each is its own NFC form and none combines with its neighbour, so the text is
        // already NFC; lowercasing needs no context either.
        Cow::Owned(lowercase_latin(s))
    } else if is_nfc_quick(s.chars()) == IsNormalized::Yes {
        Cow::Owned(s.to_lowercase())
    } else {
        Cow::Owned(s.nfc().collect::<String>().to_lowercase())
    }
}

/// `str::to_lowercase` for text below U+0300, where no character's lowercase depends on its
/// neighbours; the Latin-1 capitals `À`–`Þ` (but `×`) are lowered by arithmetic, as ASCII is.
fn lowercase_latin(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            'A'..='Z' | '\u{c0}'..='\u{de}' if c != '\u{d7}' => {
                out.push(char::from_u32(c as u32 + 0x20).unwrap_or(c));
            }
            '\0'..='\u{ff}' => out.push(c),
            _ => out.extend(c.to_lowercase()),
        }
    }
    out
}

/// The accent-free letter of the common precomposed lowercase Latin-1 letters, which would
/// otherwise go through the Unicode decomposition tables.
#[inline]
fn fold_latin1(c: char) -> Option<char> {
    Some(match c {
        'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' => 'a',
        'ç' => 'c',
        'è' | 'é' | 'ê' | 'ë' => 'e',
        'ì' | 'í' | 'î' | 'ï' => 'i',
        'ñ' => 'n',
        'ò' | 'ó' | 'ô' | 'õ' | 'ö' => 'o',
        'ù' | 'ú' | 'û' | 'ü' => 'u',
        'ý' | 'ÿ' => 'y',
        _ => return None,
    })
}

/// Appends to `out` the accent-folded form of normalized (lowercase NFC) text: every character is
/// decomposed and its combining marks dropped, and the ligatures `œ`, `æ` and `ß` are spelled out
/// (`oe`, `ae`, `ss`). Returns whether that changed anything (never for ASCII).
pub(crate) fn fold_into(s: &str, out: &mut String) -> bool {
    let mut changed = false;
    for c in s.chars() {
        if c.is_ascii() {
            out.push(c);
            continue;
        }
        if let Some(base) = fold_latin1(c) {
            out.push(base);
        } else {
            match c {
                'œ' => out.push_str("oe"),
                'æ' => out.push_str("ae"),
                'ß' => out.push_str("ss"),
                _ => {
                    let before = out.len();
                    let mut pushed_self = false;
                    decompose_canonical(c, |d| {
                        if !is_combining_mark(d) {
                            out.push(d);
                            pushed_self |= d == c;
                        }
                    });
                    // A character that decomposes to itself is unchanged; anything else (a base
                    // letter without its accent, or a dropped lone combining mark) is a change.
                    if pushed_self && out.len() - before == c.len_utf8() {
                        continue;
                    }
                }
            }
        }
        changed = true;
    }
    changed
}

/// The accent-folded form of normalized text (see [`fold_into`]); borrows when nothing changes.
pub(crate) fn fold(s: &str) -> Cow<'_, str> {
    if s.is_ascii() {
        return Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    if fold_into(s, &mut out) {
        Cow::Owned(out)
    } else {
        Cow::Borrowed(s)
    }
}

/// Whether a word may contain `c`: letters, digits (any script) and combining marks.
#[inline]
pub(crate) fn is_word_char(c: char) -> bool {
    if c.is_ascii() {
        c.is_ascii_alphanumeric()
    } else if ('\u{c0}'..='\u{24f}').contains(&c) {
        // Latin-1 letters and Latin Extended-A/B, the accented letters of French text: all
        // letters but the multiplication and division signs. Checked first to skip the general
        // Unicode tables.
        c != '\u{d7}' && c != '\u{f7}'
    } else {
        c.is_alphanumeric() || is_combining_mark(c)
    }
}

/// Characters of a hashtag or mention body: word characters and `_`.
#[inline]
fn is_handle_char(c: char) -> bool {
    c == '_' || is_word_char(c)
}

/// What a token is: a plain word, the body of a `#hashtag` or the body of an `@mention`.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum TokenKind {
    Word,
    Hashtag,
    Mention,
}

/// The tokens of `text`, in order. See [`Tokens`].
pub(crate) fn tokens(text: &str) -> Tokens<'_> {
    Tokens {
        text,
        pos: 0,
        after_word: false,
    }
}

/// Splits text into maximal runs of word characters. A `#` or `@` that does not follow a word
/// character and is followed by one starts a hashtag or mention whose body also takes `_`
/// (`#tour_de_france` is one token). Everything else separates tokens. Cloning the iterator is
/// cheap, which is how phrase matching looks ahead.
#[derive(Clone, Debug)]
pub(crate) struct Tokens<'a> {
    text: &'a str,
    pos: usize,
    after_word: bool,
}

/// The character starting at byte `pos` of `text`, if any; ASCII is decoded without UTF-8 work.
#[inline]
fn char_at(text: &str, pos: usize) -> Option<char> {
    let b = *text.as_bytes().get(pos)?;
    if b < 0x80 {
        Some(b as char)
    } else {
        text.get(pos..)?.chars().next()
    }
}

/// The end of the run of characters satisfying `pred` that starts at byte `start`. ASCII bytes
/// are tested one by one without decoding; `pred` must agree with `ascii` on ASCII.
#[inline]
fn run_end(text: &str, start: usize, ascii: fn(u8) -> bool, pred: fn(char) -> bool) -> usize {
    let bytes = text.as_bytes();
    let mut i = start;
    while let Some(&b) = bytes.get(i) {
        if b < 0x80 {
            if !ascii(b) {
                break;
            }
            i += 1;
        } else {
            match text.get(i..).and_then(|r| r.chars().next()) {
                Some(c) if pred(c) => i += c.len_utf8(),
                _ => break,
            }
        }
    }
    i
}

fn ascii_word(b: u8) -> bool {
    b.is_ascii_alphanumeric()
}

fn ascii_handle(b: u8) -> bool {
    b == b'_' || b.is_ascii_alphanumeric()
}

impl<'a> Iterator for Tokens<'a> {
    type Item = (TokenKind, &'a str);

    fn next(&mut self) -> Option<Self::Item> {
        let text = self.text;
        let bytes = text.as_bytes();
        while let Some(&b) = bytes.get(self.pos) {
            // ASCII separators other than `#` and `@` are skipped without decoding.
            if b < 0x80 && !b.is_ascii_alphanumeric() && b != b'#' && b != b'@' {
                self.pos += 1;
                self.after_word = false;
                continue;
            }
            let c = char_at(text, self.pos)?;
            if is_word_char(c) {
                let start = self.pos;
                self.pos = run_end(text, start, ascii_word, is_word_char);
                self.after_word = true;
                return Some((TokenKind::Word, &text[start..self.pos]));
            }
            if (c == '#' || c == '@') && !self.after_word {
                let start = self.pos + 1;
                if char_at(text, start).is_some_and(is_word_char) {
                    self.pos = run_end(text, start, ascii_handle, is_handle_char);
                    self.after_word = true;
                    let kind = if c == '#' {
                        TokenKind::Hashtag
                    } else {
                        TokenKind::Mention
                    };
                    return Some((kind, &text[start..self.pos]));
                }
            }
            self.pos += c.len_utf8();
            self.after_word = false;
        }
        None
    }
}

/// Punctuation a keyword may contain besides word characters and spaces: all of it only
/// separates tokens, so `e-learning` matches "e-learning", "e learning" and "E.Learning".
const KEYWORD_PUNCTUATION: [char; 4] = ['-', '\'', '\u{2019}', '.'];

/// A keyword in canonical form (normalized, runs of spaces collapsed) and its tokens.
#[derive(Debug)]
pub(crate) struct Keyword {
    pub canonical: String,
    pub tokens: Vec<String>,
}

/// Normalizes and checks one keyword rule; the error is the reason it was refused.
pub(crate) fn parse_keyword(raw: &str) -> Result<Keyword, String> {
    let norm = normalize(raw.trim());
    if let Some(c) = norm
        .chars()
        .find(|&c| !(is_word_char(c) || c.is_whitespace() || KEYWORD_PUNCTUATION.contains(&c)))
    {
        return Err(format!(
            "keyword `{raw}` contains `{c}`, which matching ignores; keywords hold letters, digits, \
             spaces, hyphens, apostrophes and dots"
        ));
    }
    let tokens: Vec<String> = tokens(&norm).map(|(_, t)| t.to_owned()).collect();
    if tokens.is_empty() {
        return Err(format!("keyword `{raw}` has no letter or digit"));
    }
    let canonical = norm.split_whitespace().collect::<Vec<_>>().join(" ");
    Ok(Keyword { canonical, tokens })
}

/// Normalizes and checks one tag rule (as [`sillage_model::normalize_tag`] does for events).
pub(crate) fn parse_tag(raw: &str) -> Result<String, String> {
    let tag = sillage_model::normalize_tag(raw);
    if !tag.chars().all(is_handle_char) || !tag.chars().any(is_word_char) {
        return Err(format!("tag `{raw}` must hold only letters, digits and underscores"));
    }
    Ok(tag)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toks(s: &str) -> Vec<(TokenKind, &str)> {
        tokens(s).collect()
    }

    #[test]
    fn normalize_composes_and_lowercases() {
        assert_eq!(normalize("Hôtel"), "hôtel");
        assert_eq!(normalize("HO\u{302}TEL"), "h\u{f4}tel");
        assert!(matches!(normalize("plain ascii"), Cow::Borrowed(_)));
    }

    #[test]
    fn fold_removes_accents_and_ligatures() {
        assert_eq!(
            fold("hôtel électricité œuvre straße"),
            "hotel electricite oeuvre strasse"
        );
        assert!(matches!(fold("hotel"), Cow::Borrowed(_)));
        // Letters without a decomposition (Greek, CJK) are unchanged.
        assert!(matches!(fold("σοφία 東京"), Cow::Owned(_)));
        assert_eq!(fold("σοφία 東京"), "σοφια 東京");
        assert!(matches!(fold("東京"), Cow::Borrowed(_)));
    }

    #[test]
    fn tokenizer_splits_words_hashtags_and_mentions() {
        use TokenKind::*;
        assert_eq!(
            toks("l'office de #tourisme_fr, @Ana_b!"),
            [
                (Word, "l"),
                (Word, "office"),
                (Word, "de"),
                (Hashtag, "tourisme_fr"),
                (Mention, "Ana_b")
            ]
        );
        // `#` right after a word is not a hashtag; `#` before a space is nothing.
        assert_eq!(toks("c# # x"), [(Word, "c"), (Word, "x")]);
        assert_eq!(toks("bob@rust.org"), [(Word, "bob"), (Word, "rust"), (Word, "org")]);
        assert_eq!(toks("##énergie"), [(Hashtag, "énergie")]);
        assert_eq!(toks("snake_case"), [(Word, "snake"), (Word, "case")]);
        assert_eq!(toks(""), []);
    }

    #[test]
    fn the_latin_fast_paths_agree_with_unicode() {
        use unicode_normalization::char::canonical_combining_class;
        let mut all = String::new();
        for c in '\0'..='\u{2ff}' {
            assert_eq!(is_word_char(c), c.is_alphanumeric() || is_combining_mark(c), "{c:?}");
            // What lets `normalize` skip the NFC pass below U+0300.
            assert_eq!(is_nfc_quick(std::iter::once(c)), IsNormalized::Yes, "{c:?}");
            assert_eq!(canonical_combining_class(c), 0, "{c:?}");
            assert_eq!(lowercase_latin(&c.to_string()), c.to_string().to_lowercase(), "{c:?}");
            all.push(c);
            if let Some(base) = fold_latin1(c) {
                let mut generic = String::new();
                decompose_canonical(c, |d| {
                    if !is_combining_mark(d) {
                        generic.push(d);
                    }
                });
                assert_eq!(generic, base.to_string(), "{c:?}");
            }
        }
        assert_eq!(lowercase_latin(&all), all.to_lowercase());
        let latin1: String = all.chars().filter(|&c| c <= '\u{ff}').collect();
        assert_eq!(lowercase_latin(&latin1), latin1.to_lowercase());
        assert_eq!(normalize(&all), all.nfc().collect::<String>().to_lowercase());
    }

    #[test]
    fn keywords_are_canonical_and_checked() {
        let k = parse_keyword("  Office  de   Tourisme ").unwrap();
        assert_eq!(k.canonical, "office de tourisme");
        assert_eq!(k.tokens, ["office", "de", "tourisme"]);
        assert_eq!(parse_keyword("e-learning").unwrap().tokens, ["e", "learning"]);
        assert!(parse_keyword("c++").unwrap_err().contains("`+`"));
        assert!(parse_keyword(" - ").unwrap_err().contains("no letter"));
    }

    #[test]
    fn tags_are_normalized_and_checked() {
        assert_eq!(parse_tag("#Énergie").unwrap(), "énergie");
        assert!(parse_tag("two words").is_err());
        assert!(parse_tag("___").is_err());
        assert!(parse_tag("").is_err());
    }
}
