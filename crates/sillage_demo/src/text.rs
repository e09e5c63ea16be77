//! The community's topics and the short texts its accounts write about them.
//!
//! Texts are assembled from a few templates and subjects per topic: enough variety for reports
//! and topic extraction to have something to read, small enough to stay in one file.

use crate::random::{DemoRng, index};

/// Content language. Most of the community writes in French, a minority in English.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Lang {
    Fr,
    En,
}

impl Lang {
    pub(crate) fn tag(self) -> &'static str {
        match self {
            Lang::Fr => "fr",
            Lang::En => "en",
        }
    }

    pub(crate) fn other(self) -> Lang {
        match self {
            Lang::Fr => Lang::En,
            Lang::En => Lang::Fr,
        }
    }
}

/// One topic of the community: its tag, how large a part of the community it holds, and what
/// its posts talk about.
#[derive(Debug)]
pub(crate) struct Topic {
    pub tag: &'static str,
    /// Relative size: the weight of this topic when drawing an account's first interest.
    pub share: f64,
    /// Narrower hashtags that some posts carry besides the topic's own.
    pub extra_tags: &'static [&'static str],
    pub subjects_fr: &'static [&'static str],
    pub subjects_en: &'static [&'static str],
    pub bio_fr: &'static str,
    pub bio_en: &'static str,
    /// An organisation with accounts in this topic, and how many: the "our own company" that
    /// discovery must be able to exclude.
    pub org: Option<(&'static str, usize)>,
}

pub(crate) const FOOTBALL: usize = 4;

pub(crate) const TOPICS: [Topic; 5] = [
    Topic {
        tag: "tourisme",
        share: 0.22,
        extra_tags: &["voyage", "lyon", "weekend", "patrimoine"],
        subjects_fr: &[
            "le tourisme à Lyon",
            "les week-ends à Annecy",
            "les gîtes en Bretagne",
            "les musées de Colmar",
            "la saison à Biarritz",
            "le vélo dans la Drôme",
        ],
        subjects_en: &[
            "tourism in Lyon",
            "weekends in Annecy",
            "cottages in Brittany",
            "the museums of Colmar",
            "the season in Biarritz",
            "cycling in the Drôme",
        ],
        bio_fr: "Voyages, patrimoine et bonnes adresses.",
        bio_en: "Travel, heritage and good addresses.",
        org: Some(("Office de Tourisme de Lyon", 20)),
    },
    Topic {
        tag: "assurance",
        share: 0.14,
        extra_tags: &["mutuelle", "sinistre", "prevoyance"],
        subjects_fr: &[
            "l'assurance habitation",
            "la mutuelle santé",
            "l'assurance auto",
            "la prévoyance",
            "les sinistres climatiques",
            "l'assurance emprunteur",
        ],
        subjects_en: &[
            "home insurance",
            "health cover",
            "car insurance",
            "income protection",
            "climate claims",
            "mortgage insurance",
        ],
        bio_fr: "Assurance, prévoyance et droits des assurés.",
        bio_en: "Insurance and policyholders' rights.",
        org: Some(("Mutuelle Atlantique", 6)),
    },
    Topic {
        tag: "energie",
        share: 0.16,
        extra_tags: &["solaire", "renouvelable", "transition"],
        subjects_fr: &[
            "le photovoltaïque",
            "l'autoconsommation",
            "les pompes à chaleur",
            "l'éolien en mer",
            "la rénovation thermique",
            "le prix de l'électricité",
        ],
        subjects_en: &[
            "rooftop solar",
            "self-consumption",
            "heat pumps",
            "offshore wind",
            "home insulation",
            "power prices",
        ],
        bio_fr: "Transition énergétique, sans jargon.",
        bio_en: "The energy transition, without jargon.",
        org: Some(("Énergie Citoyenne", 5)),
    },
    Topic {
        tag: "communitymanagement",
        share: 0.18,
        extra_tags: &["socialmedia", "klout", "marketing"],
        subjects_fr: &[
            "la modération",
            "les indicateurs d'influence",
            "le calendrier éditorial",
            "les ambassadeurs de marque",
            "la gestion de crise",
            "le live-tweet",
        ],
        subjects_en: &[
            "moderation",
            "influence metrics",
            "editorial calendars",
            "brand ambassadors",
            "crisis management",
            "live-tweeting",
        ],
        bio_fr: "Community manager. Réseaux sociaux et marques.",
        bio_en: "Community manager. Social media and brands.",
        org: Some(("Agence Hashtag", 5)),
    },
    Topic {
        tag: "football",
        share: 0.30,
        extra_tags: &["ligue1", "mercato", "foot"],
        subjects_fr: &[
            "le mercato",
            "la Ligue 1",
            "le derby",
            "la défense lyonnaise",
            "le centre de formation",
            "la Coupe de France",
        ],
        subjects_en: &[
            "the transfer window",
            "Ligue 1",
            "the derby",
            "the back four",
            "the academy",
            "the French Cup",
        ],
        bio_fr: "Foot, tactique et mauvaise foi.",
        bio_en: "Football, tactics and bad faith.",
        org: None,
    },
];

/// Post templates shared by every topic; `{}` is replaced by one of the topic's subjects.
pub(crate) const POSTS_FR: &[&str] = &[
    "Ce qui change cette année pour {}",
    "Mon avis sur {}, après un an de recul",
    "Trois idées reçues sur {}",
    "Fil : tout comprendre sur {}",
    "On parle beaucoup de {} en ce moment",
    "Petit retour d'expérience sur {}",
];
pub(crate) const POSTS_EN: &[&str] = &[
    "What is changing this year for {}",
    "My take on {}, one year on",
    "Three myths about {}",
    "Thread: all you need to know about {}",
    "Everyone is talking about {} right now",
];

pub(crate) const REPLIES_FR: &[&str] = &[
    "Tout à fait d'accord.",
    "Merci pour le partage !",
    "Pas convaincu, tu as une source ?",
    "Bien vu, je n'y avais pas pensé.",
    "C'est exactement ce qu'on constate aussi.",
    "Intéressant, tu peux développer ?",
];
pub(crate) const REPLIES_EN: &[&str] = &[
    "Totally agree.",
    "Thanks for sharing!",
    "Not convinced, do you have a source?",
    "Good point, I had not thought of that.",
    "Interesting, can you say more?",
];

pub(crate) const QUOTES_FR: &[&str] = &[
    "À lire absolument.",
    "Je partage, c'est très juste.",
    "Un point de vue intéressant.",
    "Pas d'accord avec tout, mais à lire.",
];
pub(crate) const QUOTES_EN: &[&str] = &["A must-read.", "Sharing this, spot on.", "An interesting take."];

/// Mention templates; `{}` is replaced by the mentioned handle.
pub(crate) const MENTIONS_FR: &[&str] = &[
    "@{} merci pour les conseils !",
    "Je recommande le travail de @{}",
    "@{} qu'en penses-tu ?",
    "Belle intervention de @{} ce matin",
];
pub(crate) const MENTIONS_EN: &[&str] = &[
    "@{} thanks for the tips!",
    "Recommending the work of @{}",
    "@{} what do you think?",
];

/// The live-tweeter's match commentary; `{}` is replaced by a (fictional) player.
const MATCH_LINES: &[&str] = &[
    "BUUUT ! {} ouvre le score !",
    "Quelle parade de {} !",
    "Carton jaune pour {}, sévère.",
    "{} sort sur blessure, coup dur.",
    "Frappe de {}... à côté !",
    "Corner pour nous, {} au point de penalty.",
    "Changement : {} entre en jeu.",
    "Encore {} qui fait la différence !",
];
const MATCH_BANTER: &[&str] = &[
    "Allez ! On y croit !",
    "Mi-temps. On tient le match.",
    "Quelle ambiance au stade ce soir !",
    "Fin du match. Quelle soirée !",
    "Compos officielles dans une heure.",
    "Le résumé arrive, restez connectés.",
];
const PLAYERS: &[&str] = &["Durand", "Keita", "Lopes", "Benali", "Marchetti", "Okafor", "Girard"];

const DEAL_ITEMS: &[&str] = &[
    "les séjours à la mer",
    "l'assurance auto",
    "les panneaux solaires",
    "les maillots de foot",
    "les valises cabine",
    "les forfaits mobiles",
];
const RING_LINES: &[&str] = &[
    "Je recommande @best_deals_now, que des bons plans !",
    "Encore une affaire grâce à @best_deals_now !",
    "Top promo du jour, foncez.",
    "Qui a déjà testé les offres du jour ?",
    "Les prix sont fous aujourd'hui.",
];

fn pick(rng: &mut DemoRng, options: &'static [&'static str]) -> &'static str {
    options[index(rng, options.len())]
}

pub(crate) fn by_lang(lang: Lang, fr: &'static [&'static str], en: &'static [&'static str]) -> &'static [&'static str] {
    match lang {
        Lang::Fr => fr,
        Lang::En => en,
    }
}

/// An original post about a topic, ending with its hashtag as people write them.
pub(crate) fn post(rng: &mut DemoRng, topic: &Topic, lang: Lang) -> String {
    let template = pick(rng, by_lang(lang, POSTS_FR, POSTS_EN));
    let subject = pick(rng, by_lang(lang, topic.subjects_fr, topic.subjects_en));
    format!("{} #{}", template.replacen("{}", subject, 1), topic.tag)
}

pub(crate) fn reply(rng: &mut DemoRng, lang: Lang) -> String {
    pick(rng, by_lang(lang, REPLIES_FR, REPLIES_EN)).to_owned()
}

pub(crate) fn quote(rng: &mut DemoRng, lang: Lang) -> String {
    pick(rng, by_lang(lang, QUOTES_FR, QUOTES_EN)).to_owned()
}

/// A post naming another account with `@handle`.
pub(crate) fn mention(rng: &mut DemoRng, lang: Lang, handle: &str) -> String {
    pick(rng, by_lang(lang, MENTIONS_FR, MENTIONS_EN)).replacen("{}", handle, 1)
}

/// One line of live match commentary.
pub(crate) fn match_line(rng: &mut DemoRng) -> String {
    // Most live-tweets name a player; the rest are cheering and logistics.
    let text = if index(rng, 3) > 0 {
        pick(rng, MATCH_LINES).replacen("{}", pick(rng, PLAYERS), 1)
    } else {
        pick(rng, MATCH_BANTER).to_owned()
    };
    format!("{text} #derby")
}

/// The ring beneficiary's daily advertisement.
pub(crate) fn deal(rng: &mut DemoRng) -> String {
    let percent = 20 + 5 * index(rng, 13);
    format!(
        "BON PLAN : -{percent} % sur {} aujourd'hui seulement ! #bonplan",
        pick(rng, DEAL_ITEMS)
    )
}

/// A ring member's own post, and whether it mentions the beneficiary.
pub(crate) fn ring_line(rng: &mut DemoRng) -> (&'static str, bool) {
    let line = pick(rng, RING_LINES);
    (line, line.contains("@best_deals_now"))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::{Phase, stream};

    #[test]
    fn topic_tags_are_normalized_and_subjects_paired() {
        for topic in &TOPICS {
            assert_eq!(sillage_model::normalize_tag(topic.tag), topic.tag);
            for tag in topic.extra_tags {
                assert_eq!(sillage_model::normalize_tag(tag), *tag);
            }
            assert_eq!(topic.subjects_fr.len(), topic.subjects_en.len(), "{}", topic.tag);
        }
        assert_eq!(TOPICS[0].tag, "tourisme");
        assert_eq!(TOPICS[FOOTBALL].tag, "football");
    }

    #[test]
    fn texts_fill_their_slots() {
        let mut rng = stream(5, Phase::Posts);
        for _ in 0..200 {
            let p = post(&mut rng, &TOPICS[2], Lang::Fr);
            assert!(!p.contains("{}") && p.ends_with("#energie"), "{p}");
            let m = mention(&mut rng, Lang::En, "someone");
            assert!(m.contains("@someone"), "{m}");
            assert!(!match_line(&mut rng).contains("{}"));
        }
    }
}
