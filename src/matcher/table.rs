//! `Postings`: an immutable multimap from 64-bit keys to target ids, built
//! once and read by many threads.
//!
//! The keys are already well-mixed hashes ([`keys::key`](super::keys::key)),
//! so the table needs no hashing of its own: entries are sorted by key, and a
//! directory indexed by the key's top bits gives the short run of entries to
//! scan. A lookup reads the directory, then one or two cache lines of keys.
//! Each entry costs 12 bytes (a `u64` key and a `u32` id) plus 4 bytes of
//! directory per 2 entries; a `HashMap<u64, Vec<u32>>` costs at least a
//! 24-byte `Vec` header per distinct key on top of its entries and a
//! separate allocation for each, which at a million targets and some twenty
//! keys each is the difference between about 300 MB and well over 1 GB.
//!
//! Most probes of a check find nothing, so a blocked Bloom filter (one 64-bit
//! word per probe, two bits set per key, about 8 bits per entry: some 5%
//! false positives) answers "absent" first. At 50,526 targets the filter is
//! about 650 KB and stays in the second-level cache, where the keys do not.

/// Keys sorted, with their ids alongside, and a directory over the top bits.
#[derive(Debug, Default)]
pub(crate) struct Postings {
    keys: Vec<u64>,
    ids: Vec<u32>,
    /// `directory[b]` is the index of the first entry whose key's top `bits`
    /// bits are at least `b`; one extra slot at the end.
    directory: Vec<u32>,
    bits: u32,
    /// The Bloom filter: a power-of-two number of words.
    filter: Vec<u64>,
}

impl Postings {
    /// Builds the table from `(key, id)` pairs; duplicates are dropped.
    pub(crate) fn build(mut entries: Vec<(u64, u32)>) -> Postings {
        entries.sort_unstable();
        entries.dedup();
        let n = entries.len();
        // About two entries per directory slot.
        let bits = (usize::BITS - (n / 2).max(1).leading_zeros()).min(31);
        let slots = 1usize << bits;
        let mut directory = Vec::with_capacity(slots + 1);
        let mut at = 0usize;
        for slot in 0..slots {
            while at < n && bucket(entries[at].0, bits) < slot {
                at += 1;
            }
            directory.push(to_u32(at));
        }
        directory.push(to_u32(n));
        let words = (n / 8).max(1).next_power_of_two();
        let mut filter = vec![0u64; words];
        for &(key, _) in &entries {
            let (word, mask) = filter_bits(key, words);
            filter[word] |= mask;
        }
        let (keys, ids) = entries.into_iter().unzip();
        Postings {
            keys,
            ids,
            directory,
            bits,
            filter,
        }
    }

    /// The ids stored under `key`.
    #[inline]
    pub(crate) fn get(&self, key: u64) -> &[u32] {
        let (word, mask) = filter_bits(key, self.filter.len());
        if self.filter.get(word).is_none_or(|w| w & mask != mask) {
            return &[];
        }
        let slot = bucket(key, self.bits);
        let (Some(&lo), Some(&hi)) = (self.directory.get(slot), self.directory.get(slot + 1))
        else {
            return &[];
        };
        let (lo, hi) = (lo as usize, hi as usize);
        let Some(run) = self.keys.get(lo..hi) else {
            return &[];
        };
        // A bucket holds about two keys: a scan beats a binary search.
        let Some(start) = run.iter().position(|&k| k >= key) else {
            return &[];
        };
        let end = start + run[start..].iter().take_while(|&&k| k == key).count();
        self.ids.get(lo + start..lo + end).unwrap_or(&[])
    }

    /// Entries held.
    pub(crate) fn len(&self) -> usize {
        self.keys.len()
    }
}

/// The filter word of `key` and the two bits it sets there. The word comes
/// from the key's low bits and the two bit positions from its middle bits,
/// which the directory (top bits) does not use.
fn filter_bits(key: u64, words: usize) -> (usize, u64) {
    let word = (key as usize) & (words.max(1) - 1);
    let mask = (1u64 << ((key >> 32) & 63)) | (1u64 << ((key >> 40) & 63));
    (word, mask)
}

fn bucket(key: u64, bits: u32) -> usize {
    if bits == 0 {
        0
    } else {
        (key >> (64 - bits)) as usize
    }
}

/// Entry counts fit in `u32`: the builder caps targets far below 2^32 keys.
fn to_u32(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_every_id_under_its_key_and_nothing_else() {
        let mut entries = Vec::new();
        for id in 0..1000u32 {
            let key =
                super::super::keys::key(super::super::keys::Table::Label, 0, u64::from(id % 300));
            entries.push((key, id));
        }
        let table = Postings::build(entries);
        for k in 0..300u64 {
            let key = super::super::keys::key(super::super::keys::Table::Label, 0, k);
            let ids = table.get(key);
            assert!(!ids.is_empty());
            assert!(
                ids.iter().all(|id| u64::from(*id % 300) == k),
                "{k}: {ids:?}"
            );
            assert_eq!(ids.len(), if k < 100 { 4 } else { 3 });
        }
        assert!(table.get(12345).is_empty());
        assert!(Postings::build(Vec::new()).get(7).is_empty());
    }
}
