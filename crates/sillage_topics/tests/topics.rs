//! Integration tests: the default taxonomy's mappings and properties of the matcher on arbitrary input.

use proptest::prelude::*;
use sillage_topics::{Matcher, Taxonomy, TopicSet};

/// The ids assigned to an event, in index order.
fn ids(t: &Taxonomy, m: &Matcher, tags: &[&str], urls: &[&str], text: Option<&str>) -> Vec<String> {
    let tags: Vec<String> = tags.iter().map(|s| s.to_string()).collect();
    let urls: Vec<String> = urls.iter().map(|s| s.to_string()).collect();
    t.ids(m.assign(&tags, &urls, text))
        .into_iter()
        .map(str::to_owned)
        .collect()
}

/// Checks that `tags`, `urls` and `text` assign exactly the topics `expected` (any order).
fn check(tags: &[&str], urls: &[&str], text: Option<&str>, expected: &[&str]) {
    let t = Taxonomy::builtin();
    let m = t.matcher();
    let mut got = ids(&t, &m, tags, urls, text);
    got.sort();
    let mut want: Vec<String> = expected.iter().map(|s| s.to_string()).collect();
    want.sort();
    assert_eq!(got, want, "tags {tags:?} urls {urls:?} text {text:?}");
}

#[test]
fn default_taxonomy_maps_the_hashtags_users_expect() {
    check(&["tourisme"], &[], None, &["voyage", "tourisme"]);
    check(&["rust"], &[], None, &["tech", "rust"]);
    check(&["football"], &[], None, &["sport", "football"]);
    check(&["assurance"], &[], None, &["assurance"]);
    check(&["energie"], &[], None, &["energie"]);
    check(&["énergie"], &[], None, &["energie"]);
    check(&["climat"], &[], None, &["environnement", "climat"]);
    check(
        &["communitymanagement"],
        &[],
        None,
        &["marketing", "communitymanagement"],
    );
    check(&["higgs"], &[], None, &["science", "physique"]);
    check(
        &["#Klout", "CommunityManagement"],
        &[],
        None,
        &["marketing", "communitymanagement"],
    );
}

#[test]
fn default_taxonomy_matches_text_and_links() {
    check(
        &[],
        &[],
        Some("Le community manager et son besoin d'influence #klout"),
        &["marketing", "communitymanagement"],
    );
    check(
        &[],
        &[],
        Some("Le CERN annonce la découverte du boson de Higgs au LHC"),
        &["science", "physique"],
    );
    check(
        &[],
        &[],
        Some("New results in particle physics"),
        &["science", "physique"],
    );
    check(&[], &[], Some("Je ne suis quand même pas d'accord"), &[]);
    check(
        &[],
        &[],
        Some("Un hôtel près de l'office de tourisme"),
        &["voyage", "tourisme"],
    );
    check(&[], &[], Some("La transition énergétique"), &["energie"]);
    check(&[], &[], Some("I trust my rustic table"), &[]);
    check(
        &[],
        &["https://www.tripadvisor.fr/Hotel_Review-x"],
        None,
        &["voyage", "tourisme"],
    );
    check(
        &[],
        &["http://fr.tripadvisor.com:8080/a?b"],
        None,
        &["voyage", "tourisme"],
    );
    check(&[], &["https://tripadvisor.com.evil.net/"], None, &[]);
    check(&[], &["https://home.cern/news"], None, &["science", "physique"]);
    check(&[], &["https://github.com/rust-lang/rust"], None, &["tech"]);
    check(&[], &["https://blog.rust-lang.org/"], None, &["tech", "rust"]);
    check(
        &[],
        &[],
        Some("j'ai vu une belle voiture car il faisait beau"),
        &["automobile"],
    );
}

#[test]
fn every_default_topic_is_reachable_from_its_own_tags() {
    let t = Taxonomy::builtin();
    let m = t.matcher();
    for (i, topic) in t.topics().iter().enumerate() {
        assert!(!topic.fr().is_empty() && !topic.en().is_empty());
        for tag in topic.tags() {
            assert!(
                m.tag_topics(tag).contains(i),
                "{} does not match its tag {tag}",
                topic.id()
            );
        }
        for kw in topic.keywords() {
            assert!(
                m.text_topics(kw).contains(i),
                "{} does not match its keyword {kw}",
                topic.id()
            );
        }
        for d in topic.domains() {
            assert!(
                m.url_topics(&format!("https://{d}/")).contains(i),
                "{} does not match {d}",
                topic.id()
            );
        }
    }
}

/// Text made of taxonomy words, accents, case changes, hashtags and punctuation, so that the
/// properties are tested on input that matches, not only on random noise.
fn texty() -> impl Strategy<Value = String> {
    let pieces = prop::sample::select(vec![
        "rust",
        "Rust",
        "trust",
        "#rust",
        "@rust",
        "office",
        "de",
        "tourisme",
        "Hôtel",
        "hotel",
        "É",
        "e\u{301}",
        "boson",
        "Higgs",
        "#Énergie",
        "ﬁ",
        "ß",
        "İ",
        "Σ",
        " ",
        " ",
        "  ",
        "-",
        "'",
        "’",
        ".",
        "#",
        "@",
        "_",
        "\u{0}",
        "https://tripadvisor.com/x",
        "東京",
        "🦀",
    ]);
    prop::collection::vec(pieces, 0..24).prop_map(|v| v.concat())
}

fn any_text() -> impl Strategy<Value = String> {
    prop_oneof![texty(), any::<String>()]
}

fn closed_under_ancestors(t: &Taxonomy, s: TopicSet) -> bool {
    s.iter().all(|i| t.ancestors(i).all(|a| s.contains(a))) && s.iter().all(|i| i < t.len())
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn assign_never_panics_and_is_closed_under_ancestors(
        tags in prop::collection::vec(any_text(), 0..4),
        urls in prop::collection::vec(any_text(), 0..4),
        text in prop::option::of(any_text()),
    ) {
        let t = Taxonomy::builtin();
        let m = t.matcher();
        let s = m.assign(&tags, &urls, text.as_deref());
        prop_assert!(closed_under_ancestors(&t, s), "{s:?}");
        prop_assert_eq!(t.with_ancestors(s), s);

        // The assignment is the union of its parts.
        let mut parts = TopicSet::empty();
        for tag in &tags { parts |= m.tag_topics(tag); }
        for u in &urls { parts |= m.url_topics(u); }
        if let Some(text) = &text { parts |= m.text_topics(text); }
        prop_assert_eq!(s, parts);
    }

    #[test]
    fn ascii_case_never_matters(text in "[ -~]{0,80}") {
        let m = Taxonomy::builtin().matcher();
        prop_assert_eq!(m.text_topics(&text), m.text_topics(&text.to_ascii_uppercase()));
        prop_assert_eq!(m.tag_topics(&text), m.tag_topics(&text.to_ascii_uppercase()));
    }

    #[test]
    fn a_keyword_is_found_wherever_it_stands_alone(
        before in "[ .,;!?(]{1,3}[a-z ]{0,10}[ .,;!?(]{1,3}",
        after in "[ .,;!?)]{1,3}[a-z ]{0,10}",
        pick in any::<prop::sample::Index>(),
    ) {
        let t = Taxonomy::builtin();
        let m = t.matcher();
        let all: Vec<(usize, &str)> = t.topics().iter().enumerate()
            .flat_map(|(i, topic)| topic.keywords().iter().map(move |k| (i, k.as_str())))
            .collect();
        let (i, kw) = all[pick.index(all.len())];
        let text = format!("{before}{kw}{after}");
        prop_assert!(m.text_topics(&text).contains(i), "{kw} in {text:?}");
    }
}
