//! `TopicSet`: a copyable set of topic indices, one bit per topic of a taxonomy.

use std::fmt;
use std::ops::{BitOr, BitOrAssign};

/// A set of topic indices below [`TopicSet::CAPACITY`], stored as the bits of one `u128`.
///
/// The index of a topic is its position in [`Taxonomy::topics`](crate::Taxonomy::topics); a
/// taxonomy never has more topics than the set has bits, so every assignment fits in 16 bytes and
/// can be stored beside an event as a plain integer ([`TopicSet::bits`]).
#[derive(Clone, Copy, Default, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct TopicSet(u128);

impl TopicSet {
    /// How many distinct indices a set can hold (0 to 127).
    pub const CAPACITY: usize = 128;

    /// The set with no topic.
    pub const fn empty() -> Self {
        TopicSet(0)
    }

    /// The set whose bit `i` is set for each index `i` it holds.
    pub const fn from_bits(bits: u128) -> Self {
        TopicSet(bits)
    }

    /// The raw bits: bit `i` is set when index `i` is in the set.
    pub const fn bits(self) -> u128 {
        self.0
    }

    /// Adds `index` to the set.
    ///
    /// # Panics
    ///
    /// When `index >= TopicSet::CAPACITY`; a taxonomy never hands out such an index.
    pub fn insert(&mut self, index: usize) {
        assert!(index < Self::CAPACITY, "topic index {index} does not fit in a TopicSet");
        self.0 |= 1u128 << index;
    }

    /// Whether `index` is in the set (always false for indices past the capacity).
    pub const fn contains(self, index: usize) -> bool {
        index < Self::CAPACITY && self.0 & (1u128 << index) != 0
    }

    /// The indices in either set.
    #[must_use]
    pub const fn union(self, other: TopicSet) -> TopicSet {
        TopicSet(self.0 | other.0)
    }

    /// The indices in both sets.
    #[must_use]
    pub const fn intersection(self, other: TopicSet) -> TopicSet {
        TopicSet(self.0 & other.0)
    }

    /// Whether every index of `self` is also in `other`.
    pub const fn is_subset(self, other: TopicSet) -> bool {
        self.0 & !other.0 == 0
    }

    /// Whether the set holds no index.
    pub const fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// How many indices the set holds.
    pub const fn len(self) -> usize {
        self.0.count_ones() as usize
    }

    /// The indices in ascending order.
    pub fn iter(self) -> Iter {
        Iter(self.0)
    }
}

impl fmt::Debug for TopicSet {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.iter()).finish()
    }
}

impl BitOr for TopicSet {
    type Output = TopicSet;

    fn bitor(self, rhs: TopicSet) -> TopicSet {
        self.union(rhs)
    }
}

impl BitOrAssign for TopicSet {
    fn bitor_assign(&mut self, rhs: TopicSet) {
        self.0 |= rhs.0;
    }
}

impl FromIterator<usize> for TopicSet {
    /// Collects indices into a set; panics like [`TopicSet::insert`] on an index past the capacity.
    fn from_iter<I: IntoIterator<Item = usize>>(iter: I) -> Self {
        let mut set = TopicSet::empty();
        for i in iter {
            set.insert(i);
        }
        set
    }
}

impl IntoIterator for TopicSet {
    type Item = usize;
    type IntoIter = Iter;

    fn into_iter(self) -> Iter {
        self.iter()
    }
}

/// Iterator over the indices of a [`TopicSet`], ascending.
#[derive(Clone, Debug)]
pub struct Iter(u128);

impl Iterator for Iter {
    type Item = usize;

    fn next(&mut self) -> Option<usize> {
        if self.0 == 0 {
            return None;
        }
        let i = self.0.trailing_zeros() as usize;
        // Clears the lowest set bit.
        self.0 &= self.0 - 1;
        Some(i)
    }

    fn size_hint(&self) -> (usize, Option<usize>) {
        let n = self.0.count_ones() as usize;
        (n, Some(n))
    }
}

impl ExactSizeIterator for Iter {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn insert_contains_and_iterate_in_order() {
        let mut s = TopicSet::empty();
        assert!(s.is_empty());
        for i in [127, 0, 64, 3, 64] {
            s.insert(i);
        }
        assert_eq!(s.len(), 4);
        assert_eq!(s.iter().collect::<Vec<_>>(), [0, 3, 64, 127]);
        assert!(s.contains(127) && s.contains(0) && !s.contains(1) && !s.contains(500));
        assert_eq!(TopicSet::from_bits(s.bits()), s);
        assert_eq!(format!("{s:?}"), "{0, 3, 64, 127}");
    }

    #[test]
    fn union_intersection_subset() {
        let a: TopicSet = [1, 2].into_iter().collect();
        let b: TopicSet = [2, 5].into_iter().collect();
        assert_eq!((a | b).iter().collect::<Vec<_>>(), [1, 2, 5]);
        assert_eq!(a.intersection(b).iter().collect::<Vec<_>>(), [2]);
        assert!(a.is_subset(a | b) && !a.is_subset(b) && TopicSet::empty().is_subset(a));
    }

    #[test]
    #[should_panic(expected = "does not fit")]
    fn insert_past_capacity_panics() {
        TopicSet::empty().insert(128);
    }
}
