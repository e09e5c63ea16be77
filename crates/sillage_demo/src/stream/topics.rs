//! The subjects of a large stream: twenty-two topics of the built-in taxonomy, each with its
//! hashtags, a few subjects to write about and a site to link to.
//!
//! Every tag and domain here is one the built-in taxonomy (`sillage_topics`) recognises, so that
//! a scored stream has topic scores in each of these topics.

/// One topic of the stream.
#[derive(Debug)]
pub(crate) struct StreamTopic {
    /// The topic's own hashtag, carried by every original post about it.
    pub tag: &'static str,
    /// Relative size: the weight of this topic when drawing an account's first interest.
    pub share: f64,
    /// Narrower hashtags that a quarter of the posts carry besides the topic's own.
    pub extra_tags: &'static [&'static str],
    pub subjects_fr: &'static [&'static str],
    pub subjects_en: &'static [&'static str],
    /// The site a fifth of the posts link to.
    pub domain: &'static str,
}

/// The topics, largest first. Sizes fall off roughly as a Zipf law, as the audiences of real
/// subjects do.
pub(crate) const TOPICS: [StreamTopic; 22] = [
    StreamTopic {
        tag: "football",
        share: 14.0,
        extra_tags: &["ligue1", "mercato", "psg", "om"],
        subjects_fr: &["le mercato", "la Ligue 1", "le derby", "la Coupe de France"],
        subjects_en: &["the transfer window", "Ligue 1", "the derby", "the French Cup"],
        domain: "footmercato.net",
    },
    StreamTopic {
        tag: "politique",
        share: 11.0,
        extra_tags: &["gouvernement", "senat", "elections"],
        subjects_fr: &["le budget", "la réforme des retraites", "les municipales"],
        subjects_en: &["the budget", "pension reform", "local elections"],
        domain: "vie-publique.fr",
    },
    StreamTopic {
        tag: "tech",
        share: 9.0,
        extra_tags: &["startup", "opensource", "cloud"],
        subjects_fr: &["le logiciel libre", "la French Tech", "le cloud souverain"],
        subjects_en: &["open source", "the startup scene", "sovereign cloud"],
        domain: "github.com",
    },
    StreamTopic {
        tag: "ia",
        share: 7.0,
        extra_tags: &["llm", "machinelearning", "genai"],
        subjects_fr: &["les modèles de langage", "l'IA générative", "les agents"],
        subjects_en: &["language models", "generative AI", "AI agents"],
        domain: "huggingface.co",
    },
    StreamTopic {
        tag: "musique",
        share: 6.5,
        extra_tags: &["concert", "festival", "rap"],
        subjects_fr: &["les festivals d'été", "le nouvel album", "la scène rap"],
        subjects_en: &["summer festivals", "the new album", "the rap scene"],
        domain: "bandcamp.com",
    },
    StreamTopic {
        tag: "cinema",
        share: 6.0,
        extra_tags: &["series", "film", "cannes"],
        subjects_fr: &["le festival de Cannes", "les séries de la rentrée", "le box-office"],
        subjects_en: &["the Cannes festival", "this season's series", "the box office"],
        domain: "allocine.fr",
    },
    StreamTopic {
        tag: "sante",
        share: 5.5,
        extra_tags: &["santepublique", "hopital", "vaccination"],
        subjects_fr: &["l'hôpital public", "la santé mentale", "la vaccination"],
        subjects_en: &["public hospitals", "mental health", "vaccination"],
        domain: "inserm.fr",
    },
    StreamTopic {
        tag: "finance",
        share: 5.0,
        extra_tags: &["bourse", "inflation", "cac40"],
        subjects_fr: &["l'inflation", "les taux d'intérêt", "le CAC 40"],
        subjects_en: &["inflation", "interest rates", "the stock market"],
        domain: "lesechos.fr",
    },
    StreamTopic {
        tag: "crypto",
        share: 4.5,
        extra_tags: &["bitcoin", "ethereum", "web3"],
        subjects_fr: &["le bitcoin", "les ETF crypto", "la régulation MiCA"],
        subjects_en: &["bitcoin", "crypto ETFs", "the MiCA rules"],
        domain: "coindesk.com",
    },
    StreamTopic {
        tag: "jeuxvideo",
        share: 4.5,
        extra_tags: &["gaming", "esport", "indiegame"],
        subjects_fr: &["les jeux indépendants", "l'esport", "la nouvelle console"],
        subjects_en: &["indie games", "esports", "the new console"],
        domain: "jeuxvideo.com",
    },
    StreamTopic {
        tag: "gastronomie",
        share: 4.0,
        extra_tags: &["recette", "restaurant", "vin"],
        subjects_fr: &["la cuisine de saison", "les bistrots", "les vins nature"],
        subjects_en: &["seasonal cooking", "bistros", "natural wines"],
        domain: "marmiton.org",
    },
    StreamTopic {
        tag: "climat",
        share: 3.5,
        extra_tags: &["climatechange", "giec", "co2"],
        subjects_fr: &["les canicules", "le rapport du GIEC", "la neutralité carbone"],
        subjects_en: &["heatwaves", "the IPCC report", "net zero"],
        domain: "carbonbrief.org",
    },
    StreamTopic {
        tag: "energie",
        share: 3.0,
        extra_tags: &["solaire", "renouvelable", "nucleaire"],
        subjects_fr: &["le photovoltaïque", "les pompes à chaleur", "le nouveau nucléaire"],
        subjects_en: &["rooftop solar", "heat pumps", "new nuclear"],
        domain: "rte-france.com",
    },
    StreamTopic {
        tag: "tourisme",
        share: 3.0,
        extra_tags: &["destination", "visitfrance", "hotellerie"],
        subjects_fr: &["la saison d'été", "les offices de tourisme", "l'hôtellerie"],
        subjects_en: &["the summer season", "tourist offices", "the hotel trade"],
        domain: "tripadvisor.fr",
    },
    StreamTopic {
        tag: "marketing",
        share: 2.5,
        extra_tags: &["branding", "storytelling", "emailing"],
        subjects_fr: &["le marketing d'influence", "l'image de marque", "l'emailing"],
        subjects_en: &["influencer marketing", "branding", "email campaigns"],
        domain: "hubspot.fr",
    },
    StreamTopic {
        tag: "communitymanagement",
        share: 2.5,
        extra_tags: &["socialmedia", "communitymanager", "cmday"],
        subjects_fr: &["la modération", "le calendrier éditorial", "la gestion de crise"],
        subjects_en: &["moderation", "editorial calendars", "crisis management"],
        domain: "blogdumoderateur.com",
    },
    StreamTopic {
        tag: "rugby",
        share: 2.0,
        extra_tags: &["top14", "xvdefrance", "sixnations"],
        subjects_fr: &["le Top 14", "le XV de France", "le Tournoi"],
        subjects_en: &["the Top 14", "the French XV", "the Six Nations"],
        domain: "rugbyrama.fr",
    },
    StreamTopic {
        tag: "education",
        share: 2.0,
        extra_tags: &["ecole", "parcoursup", "enseignement"],
        subjects_fr: &["la rentrée scolaire", "Parcoursup", "le métier d'enseignant"],
        subjects_en: &["back to school", "university admissions", "teaching"],
        domain: "onisep.fr",
    },
    StreamTopic {
        tag: "immobilier",
        share: 1.5,
        extra_tags: &["logement", "immo", "realestate"],
        subjects_fr: &["les prix du logement", "le crédit immobilier", "la location"],
        subjects_en: &["house prices", "mortgages", "renting"],
        domain: "seloger.com",
    },
    StreamTopic {
        tag: "emploi",
        share: 1.5,
        extra_tags: &["recrutement", "alternance", "freelance"],
        subjects_fr: &["le recrutement", "l'alternance", "le travail indépendant"],
        subjects_en: &["hiring", "apprenticeships", "freelancing"],
        domain: "welcometothejungle.com",
    },
    StreamTopic {
        tag: "assurance",
        share: 1.0,
        extra_tags: &["mutuelle", "assureur", "insurtech"],
        subjects_fr: &["l'assurance habitation", "la mutuelle santé", "l'assurance auto"],
        subjects_en: &["home insurance", "health cover", "car insurance"],
        domain: "franceassureurs.fr",
    },
    StreamTopic {
        tag: "automobile",
        share: 1.0,
        extra_tags: &["voitureelectrique", "auto", "motorsport"],
        subjects_fr: &["la voiture électrique", "les bornes de recharge", "le salon de l'auto"],
        subjects_en: &["electric cars", "charging points", "the motor show"],
        domain: "automobile-propre.com",
    },
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_are_normalized_subjects_paired_and_texts_need_no_escaping() {
        for topic in &TOPICS {
            assert_eq!(sillage_model::normalize_tag(topic.tag), topic.tag);
            for tag in topic.extra_tags {
                assert_eq!(sillage_model::normalize_tag(tag), *tag);
            }
            assert_eq!(topic.subjects_fr.len(), topic.subjects_en.len(), "{}", topic.tag);
            let texts = topic.subjects_fr.iter().chain(topic.subjects_en);
            for text in texts.chain([&topic.domain]) {
                assert!(!text.contains(['"', '\\']), "{text}");
            }
        }
        // Topic indices are stored in a byte, with u8::MAX meaning none.
        assert!(TOPICS.len() < usize::from(u8::MAX));
    }
}
