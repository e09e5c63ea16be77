//! Readable, unique handles and display names for the ordinary accounts.
//!
//! Handles are built from syllables (`tabelmo`, `rivaline`) so that a ranking printed by the
//! demo reads like a list of people, not of numbers. Ordinary handles never contain `_`, while
//! every planted handle does, so the two can never collide.

use std::collections::HashSet;

use crate::random::{DemoRng, index};

pub(crate) const SYLLABLES: &[&str] = &[
    "ba", "be", "bo", "ca", "ce", "cha", "da", "de", "do", "fa", "fe", "ga", "gi", "la", "le", "li", "lo", "lu", "ma",
    "me", "mi", "mo", "na", "ne", "ni", "no", "pa", "pe", "po", "ra", "re", "ri", "ro", "sa", "se", "si", "so", "ta",
    "te", "ti", "to", "va", "ve", "vi", "za", "lin", "mar", "bel", "ron", "tan", "ver", "sol", "dor", "nel", "val",
    "quin",
];

const FIRST_NAMES: &[&str] = &[
    "Camille",
    "Louise",
    "Chloé",
    "Manon",
    "Inès",
    "Sarah",
    "Julie",
    "Emma",
    "Léa",
    "Anaïs",
    "Nadia",
    "Sophie",
    "Claire",
    "Aurélie",
    "Yasmine",
    "Élodie",
    "Lucas",
    "Hugo",
    "Thomas",
    "Nicolas",
    "Julien",
    "Karim",
    "Maxime",
    "Antoine",
    "Romain",
    "Mehdi",
    "Pierre",
    "Louis",
    "Théo",
    "Adrien",
    "Sébastien",
    "Yann",
    "Olivier",
    "Bastien",
    "Rémi",
    "Samir",
];

const LAST_NAMES: &[&str] = &[
    "Martin",
    "Bernard",
    "Dubois",
    "Moreau",
    "Laurent",
    "Simon",
    "Michel",
    "Lefebvre",
    "Leroy",
    "Roux",
    "David",
    "Bertrand",
    "Morel",
    "Fournier",
    "Girard",
    "Bonnet",
    "Dupont",
    "Lambert",
    "Fontaine",
    "Rousseau",
    "Vincent",
    "Muller",
    "Faure",
    "André",
    "Mercier",
    "Blanc",
    "Guérin",
    "Boyer",
    "Garnier",
    "Chevalier",
    "Benali",
    "Haddad",
    "Nguyen",
    "Da Silva",
    "Le Gall",
];

/// Hands out handles, remembering those given so that each is unique.
#[derive(Debug, Default)]
pub(crate) struct Handles {
    taken: HashSet<String>,
}

impl Handles {
    /// A fresh handle of two to four syllables. Short handles run out first (there are only a
    /// few thousand two-syllable ones), so after a few collisions a number is appended, the way
    /// real networks suggest `name42` when `name` is taken.
    pub(crate) fn fresh(&mut self, rng: &mut DemoRng) -> String {
        for _ in 0..12 {
            let handle = word(rng);
            if self.taken.insert(handle.clone()) {
                return handle;
            }
        }
        loop {
            let handle = format!("{}{}", word(rng), 10 + index(rng, 90));
            if self.taken.insert(handle.clone()) {
                return handle;
            }
        }
    }
}

fn word(rng: &mut DemoRng) -> String {
    // Mostly three syllables: short enough to read, numerous enough to rarely collide.
    let syllables = match index(rng, 20) {
        0..=2 => 2,
        3..=13 => 3,
        _ => 4,
    };
    (0..syllables).map(|_| SYLLABLES[index(rng, SYLLABLES.len())]).collect()
}

/// A French-sounding "First Last" display name.
pub(crate) fn person(rng: &mut DemoRng) -> String {
    let first = FIRST_NAMES[index(rng, FIRST_NAMES.len())];
    let last = LAST_NAMES[index(rng, LAST_NAMES.len())];
    format!("{first} {last}")
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::random::{Phase, stream};

    #[test]
    fn handles_are_unique_lowercase_words() {
        let mut rng = stream(9, Phase::Community);
        let mut handles = Handles::default();
        let all: Vec<String> = (0..30_000).map(|_| handles.fresh(&mut rng)).collect();
        let distinct: HashSet<&String> = all.iter().collect();
        assert_eq!(distinct.len(), all.len());
        for h in &all {
            assert!(h.len() >= 4, "{h}");
            assert!(h.bytes().all(|b| b.is_ascii_lowercase() || b.is_ascii_digit()), "{h}");
            assert!(h.as_bytes()[0].is_ascii_lowercase(), "{h}");
        }
        let with_digits = all.iter().filter(|h| h.bytes().any(|b| b.is_ascii_digit())).count();
        assert!(with_digits < all.len() / 20, "{with_digits} handles needed a number");
    }
}
