//! The planted accounts: the known answers the demo checks a ranking against.

/// Why an account was planted, i.e. what a good ranking should do with it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// A genuine topical influencer: regular posts, many distinct and well-regarded engagers.
    /// Belongs near the top.
    Influencer,
    /// One of the fresh accounts that repost and like each other and the beneficiary daily.
    /// Should gain only a bounded amount.
    RingMember,
    /// The account the bot ring amplifies. Should not climb on the ring's reposts.
    RingBeneficiary,
    /// A fan who posts hundreds of times in 48 hours and collects low-value likes. Volume is
    /// not influence.
    LiveTweeter,
}

impl Role {
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Influencer => "influencer",
            Role::RingMember => "bot ring member",
            Role::RingBeneficiary => "bot ring beneficiary",
            Role::LiveTweeter => "live-tweeter",
        }
    }
}

impl std::fmt::Display for Role {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One planted account, by handle within [`Demo::net`](crate::Demo::net).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Planted {
    pub role: Role,
    pub handle: String,
    /// The topic tag the account is planted in (influencers and the live-tweeter).
    pub topic: Option<String>,
}

/// A planted influencer: handle, display name and bio, in topic order (see `text::TOPICS`).
pub(crate) struct InfluencerSpec {
    pub handle: &'static str,
    pub name: &'static str,
    pub bio: &'static str,
}

pub(crate) const INFLUENCERS: [InfluencerSpec; 5] = [
    InfluencerSpec {
        handle: "claire_voyage",
        name: "Claire Vautrin",
        bio: "Blogueuse voyage. Douze ans sur les routes de France, une adresse par jour.",
    },
    InfluencerSpec {
        handle: "marc_assur",
        name: "Marc Lefort",
        bio: "Courtier et auteur. J'explique vos contrats d'assurance sans petites lignes.",
    },
    InfluencerSpec {
        handle: "lea_energie",
        name: "Léa Morel",
        bio: "Ingénieure, vulgarisatrice de la transition énergétique. Conférences et podcast.",
    },
    InfluencerSpec {
        handle: "tom_community",
        name: "Tom Girard",
        bio: "Community manager depuis 2009. Formateur, speaker, auteur d'un blog sur le métier.",
    },
    InfluencerSpec {
        handle: "hugo_tactique",
        name: "Hugo Benali",
        bio: "Analyste vidéo. Tactique, data et Ligue 1, chaque semaine sur le blog.",
    },
];

pub(crate) const LIVE_TWEETER: &str = "match_live_fan";
pub(crate) const BENEFICIARY: &str = "best_deals_now";
pub(crate) const RING_SIZE: usize = 50;

/// The handle of ring member `i` (from 0): `promo_bot_01`, `promo_bot_02`, …
pub(crate) fn ring_member(i: usize) -> String {
    format!("promo_bot_{:02}", i + 1)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn role_names() {
        assert_eq!(Role::Influencer.as_str(), "influencer");
        assert_eq!(Role::RingMember.as_str(), "bot ring member");
        assert_eq!(Role::RingBeneficiary.to_string(), "bot ring beneficiary");
        assert_eq!(Role::LiveTweeter.as_str(), "live-tweeter");
        assert_eq!(ring_member(0), "promo_bot_01");
        assert_eq!(ring_member(49), "promo_bot_50");
    }
}
