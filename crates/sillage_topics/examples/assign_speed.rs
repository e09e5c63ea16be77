//! Throughput of `Matcher::assign` on synthetic events, with the built-in taxonomy, on one core.
//!
//! What is measured: events assigned per second for four kinds of events generated in memory
//! beforehand (generation is not timed): tag-only events (1 to 3 tags), events with one or two
//! links, ~200-character ASCII texts, and ~200-character French texts with accents (which are
//! also scanned in accent-folded form). Each kind is timed over several rounds; the best round is
//! printed, with the share of events that got at least one topic.
//!
//! How to run: `cargo run --release -p sillage_topics --example assign_speed [events]`
//! (default 200000 events per kind). The generator is seeded, so every run sees the same events.

use std::hint::black_box;
use std::time::Instant;

use sillage_topics::{Matcher, Taxonomy};

/// SplitMix64: a tiny seeded generator, enough to pick words.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

struct Event {
    tags: Vec<String>,
    urls: Vec<String>,
    text: Option<String>,
}

const FILLER_EN: &[&str] = &[
    "the", "a", "of", "and", "to", "in", "is", "it", "that", "for", "on", "with", "this", "we", "new", "great",
    "today", "really", "thanks", "people", "what", "about", "time", "just", "see", "more", "now", "here", "our",
    "team",
];
const FILLER_FR: &[&str] = &[
    "le",
    "la",
    "les",
    "de",
    "des",
    "et",
    "à",
    "un",
    "une",
    "est",
    "pour",
    "dans",
    "qui",
    "sur",
    "avec",
    "été",
    "très",
    "où",
    "même",
    "déjà",
    "après",
    "première",
    "société",
    "équipe",
    "idée",
    "réunion",
    "génial",
    "voilà",
    "ça",
    "aujourd'hui",
];
const TOPICAL: &[&str] = &[
    "rust",
    "football",
    "office de tourisme",
    "climate change",
    "hôtel",
    "énergie",
    "boson de Higgs",
    "community manager",
    "intelligence artificielle",
    "bitcoin",
    "#Tourisme",
    "#climat",
    "@rustlang",
    "réseaux sociaux",
    "cinéma",
];
const LINKS: &[&str] = &[
    "https://www.tripadvisor.fr/Hotel_Review-g1",
    "https://example.com/a/b?c=d",
    "http://fr.tripadvisor.com:8080/x",
    "https://t.co/AbCdEf123",
    "https://github.com/rust-lang/rust/issues/1",
    "https://www.lemonde.fr/planete/article/2024/x.html",
    "https://home.cern/news",
    "bit.ly/3xyz",
];

fn tag_events(rng: &mut Rng, n: usize, tags: &[&str]) -> Vec<Event> {
    (0..n)
        .map(|_| {
            let k = 1 + rng.below(3);
            let tags = (0..k)
                .map(|_| {
                    if rng.below(10) < 3 {
                        rng.pick(tags).to_owned()
                    } else {
                        format!("tag{}", rng.below(100_000))
                    }
                })
                .collect();
            Event {
                tags,
                urls: Vec::new(),
                text: None,
            }
        })
        .collect()
}

fn url_events(rng: &mut Rng, n: usize) -> Vec<Event> {
    (0..n)
        .map(|_| {
            let urls = (0..1 + rng.below(2)).map(|_| rng.pick(LINKS).to_owned()).collect();
            Event {
                tags: Vec::new(),
                urls,
                text: None,
            }
        })
        .collect()
}

/// Texts of about 200 characters: filler words with, now and then, a topical word or phrase.
fn text_events(rng: &mut Rng, n: usize, filler: &[&str]) -> Vec<Event> {
    (0..n)
        .map(|_| {
            let mut text = String::with_capacity(220);
            while text.len() < 200 {
                let word = if rng.below(25) == 0 {
                    rng.pick(TOPICAL)
                } else {
                    rng.pick(filler)
                };
                if text.is_empty() {
                    text.push_str(word);
                } else {
                    text.push_str(if rng.below(12) == 0 { ", " } else { " " });
                    text.push_str(word);
                }
            }
            text.push('.');
            Event {
                tags: Vec::new(),
                urls: Vec::new(),
                text: Some(text),
            }
        })
        .collect()
}

/// Times `rounds` passes over `events` and prints the best rate.
fn measure(name: &str, m: &Matcher, events: &[Event], rounds: usize) {
    let mut best = f64::INFINITY;
    let mut hits = 0;
    for _ in 0..rounds {
        let start = Instant::now();
        hits = 0;
        for e in events {
            let s = m.assign(black_box(&e.tags), black_box(&e.urls), black_box(e.text.as_deref()));
            hits += usize::from(!black_box(s).is_empty());
        }
        best = best.min(start.elapsed().as_secs_f64());
    }
    let avg_len = events
        .iter()
        .filter_map(|e| e.text.as_ref())
        .map(String::len)
        .sum::<usize>()
        / events.len().max(1);
    println!(
        "{name:<22} {:>12.0} events/s  {:>7.1} ns/event  {:>5.1}% with a topic{}",
        events.len() as f64 / best,
        best * 1e9 / events.len() as f64,
        100.0 * hits as f64 / events.len() as f64,
        if avg_len > 0 {
            format!("  (texts of {avg_len} bytes)")
        } else {
            String::new()
        },
    );
}

fn main() {
    let n: usize = std::env::args().nth(1).and_then(|a| a.parse().ok()).unwrap_or(200_000);
    let taxonomy = Taxonomy::builtin();
    let build = Instant::now();
    let m = taxonomy.matcher();
    println!(
        "built-in taxonomy: {} topics, matcher built in {:.2} ms; {n} events per kind, one thread",
        taxonomy.len(),
        build.elapsed().as_secs_f64() * 1e3
    );
    let all_tags: Vec<&str> = taxonomy
        .topics()
        .iter()
        .flat_map(|t| t.tags().iter().map(String::as_str))
        .collect();
    let mut rng = Rng(0x5111_a6e5);
    let rounds = 5;
    measure("tags only", &m, &tag_events(&mut rng, n, &all_tags), rounds);
    measure("links only", &m, &url_events(&mut rng, n), rounds);
    measure("text, ascii", &m, &text_events(&mut rng, n, FILLER_EN), rounds);
    measure("text, french accents", &m, &text_events(&mut rng, n, FILLER_FR), rounds);
}
