//! Event ids derived from content, for formats (edge lists) whose lines carry no id of their own.
//!
//! An id must be the same every time the same file is read, so that re-ingesting it is a no-op, and
//! distinct for distinct events, including identical lines (two retweets of the same account in the
//! same second are two events). So the id is a hash of the line's normalized fields plus the number
//! of times the same content occurred earlier in the file.
//!
//! **Stability contract:** ids are stored and compared across runs. The encoding below (each field
//! as its length in 8 little-endian bytes followed by its bytes, hashed with xxh3-128) must never
//! change; the `golden` test pins it.

use sillage_model::Instant;
use xxhash_rust::xxh3::xxh3_128;

/// A 128-bit hash of a sequence of fields. Each field is length-prefixed, so fields cannot run
/// together: `("ab", "c")` and `("a", "bc")` hash differently.
pub fn content_hash(fields: &[&[u8]]) -> u128 {
    let len: usize = fields.iter().map(|f| 8 + f.len()).sum();
    let mut encoded = Vec::with_capacity(len);
    for field in fields {
        encoded.extend_from_slice(&(field.len() as u64).to_le_bytes());
        encoded.extend_from_slice(field);
    }
    xxh3_128(&encoded)
}

/// The id of the `occurrence`-th (0-based) event at instant `at` with content `hash`: `prefix`,
/// the instant as 16 hex digits (offset by 2^63 so that negative instants sort first too), the low
/// 64 bits of the hash as 16 hex digits, and `.k` for the k-th repeat. The prefix names the format
/// so ids from different formats cannot collide, e.g. `h` for Higgs.
///
/// Why the instant leads: ids sort in time order, so a time-ordered file (the usual export)
/// inserts into the store's de-duplication index at its right edge instead of at random places,
/// which makes the ingest about a third faster. The hash is then only needed to tell apart events
/// of the same second, and 64 bits are ample for that.
pub fn content_id(prefix: &str, at: Instant, hash: u128, occurrence: u64) -> String {
    let time = (at as u64) ^ (1 << 63);
    let low = hash as u64;
    if occurrence == 0 {
        format!("{prefix}{time:016x}{low:016x}")
    } else {
        format!("{prefix}{time:016x}{low:016x}.{occurrence}")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_cannot_run_together() {
        assert_ne!(content_hash(&[b"ab", b"c"]), content_hash(&[b"a", b"bc"]));
        assert_ne!(content_hash(&[b"a", b""]), content_hash(&[b"a"]));
        assert_eq!(content_hash(&[b"a", b"b"]), content_hash(&[b"a", b"b"]));
    }

    #[test]
    fn ids_have_the_documented_shape() {
        let id = content_id("h", 0, 0xabc, 0);
        assert_eq!(id, "h80000000000000000000000000000abc");
        assert_eq!(content_id("h", 0, 0xabc, 2), format!("{id}.2"));
        // The high half of the hash is not part of the id; the instant is, and orders ids.
        assert_eq!(content_id("h", 0, (7 << 64) | 0xabc, 0), id);
        assert!(content_id("h", -5, 0xfff, 0) < content_id("h", 3, 0, 0));
        assert!(content_id("h", 3, 0xfff, 0) < content_id("h", 4, 0, 0));
    }

    /// Pins the encoding: if this fails, ids already stored would no longer match re-ingested
    /// files. Do not update the constant; restore the encoding.
    #[test]
    fn golden() {
        let hash = content_hash(&[b"223789", b"213163", &1_341_100_972_i64.to_le_bytes(), b"MT"]);
        assert_eq!(format!("{hash:032x}"), GOLDEN_HASH);
        assert_eq!(content_id("h", 1_341_100_972, hash, 0), GOLDEN_ID);
    }

    /// Computed independently of this crate, with Python's `xxhash` binding:
    /// `xxh3_128_intdigest(b"".join(pack("<Q", len(f)) + f for f in fields))`.
    const GOLDEN_HASH: &str = "f5b76ce04a8148a5a780c2324e1e5557";
    /// `"h" + "%016x" % (1341100972 ^ 2**63) + the hash's low 64 bits`.
    const GOLDEN_ID: &str = "h800000004fef93aca780c2324e1e5557";
}
