//! The hashing under every index key: polynomial hashes over characters,
//! so that the hash of every prefix, suffix and one- or two-character
//! deletion of a label comes from one pass over it (O(length), no
//! allocation), and the final mix that files a hash under its table and
//! scope. What each table holds and serves is in [`family`](super::family),
//! one module a family. A collision only proposes a target that `assess`
//! then rejects: it costs time, never a wrong answer.

use std::sync::LazyLock;

use crate::pairwise::MIN_TWO_EDIT_LABEL;

/// The polynomial base (odd, so that it is invertible modulo 2^64).
const BASE: u64 = 0x100_0000_01b3;

/// Which table a key belongs to; mixed into every key. Each is filed and
/// probed by one module of [`family`](super::family), named beside it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Table {
    /// Exact registrable label, any suffix (`family::label`).
    Label = 1,
    /// Exact registrable domain, ASCII (`family::name`).
    Name = 2,
    /// A lead label without hyphens and its forms with one or two
    /// characters deleted, any suffix (`family::near`).
    Near = 3,
    /// Visual key of the label, per suffix (`family::visual`).
    Visual = 4,
    /// Label with vowels masked, per suffix (`family::visual`).
    Vowels = 5,
    /// A protected suffix and its one-deletion forms (`family::suffix`).
    Suffix = 6,
    /// A label long enough to be joined to words, probed with the
    /// candidate label's parts (`family::part`).
    Part = 7,
    /// The label with its suffix folded in (`family::folded`).
    Folded = 8,
    /// The first characters of a [`Table::Part`] label (`family::part`).
    Head = 9,
    /// The last characters of a [`Table::Part`] label (`family::part`).
    Tail = 10,
    /// The arrangement key of a label long enough for its parts to be
    /// swapped, any suffix (`family::swap`).
    Swap = 11,
    /// The first characters of a long lead label (`family::near`).
    LongHead = 12,
}

/// The hashes of `form` and of every form of it with one character deleted,
/// and, when `two` is set and it has [`MIN_TWO_EDIT_LABEL`] characters or
/// more, with two deleted: 1 + n + n(n-1)/2 hashes, each O(1) from the
/// prefix hashes. Repeats (`google` without either `o`) are given again; the
/// table drops them.
pub(crate) fn near_forms(form: &Prefixes<'_>, two: bool, mut f: impl FnMut(u64)) {
    // With `H` the prefix hashes and `P` the powers of the base, the form
    // without position `a` hashes to `H[n] + E[a]·P[n-a-1]`, and without `a`
    // and `b > a` to `H[n] + E[a]·P[n-a-2] + E[b]·P[n-b-1]`, where
    // `E[i] = H[i] - H[i+1]`. So each form costs one addition once the terms
    // are known: the two-deletion forms are most of a check's probes
    // (45 for a label of ten characters), and computing each from range
    // hashes cost three times as much (callgrind, 49,526 real names).
    const MAX: usize = 64;
    let n = form.len();
    let whole = form.range(0, n);
    f(whole);
    if n > MAX {
        for at in 0..n {
            f(form.without(at));
        }
        return;
    }
    let term = |at: usize| form.hashes[at].wrapping_sub(form.hashes[at + 1]);
    // `E[b]·P[n-b-1]` for each `b`, the one-deletion terms, kept for the
    // two-deletion forms; their `E[a]·P[n-a-2]` is used once each.
    let mut last = [0u64; MAX];
    for (at, slot) in last.iter_mut().enumerate().take(n) {
        *slot = term(at).wrapping_mul(form.powers[n - at - 1]);
        f(whole.wrapping_add(*slot));
    }
    if two && n >= MIN_TWO_EDIT_LABEL {
        for first in 0..n - 1 {
            let head = whole.wrapping_add(term(first).wrapping_mul(form.powers[n - first - 2]));
            for &tail in &last[first + 1..n] {
                f(head.wrapping_add(tail));
            }
        }
    }
}

/// The final key: the polynomial hash mixed with its table and scope (the
/// suffix id for per-suffix tables, 0 otherwise), so that keys spread evenly
/// over the directory of [`Postings`](super::table::Postings), which reads
/// their top bits, and over its Bloom filter, which reads the low and middle
/// ones. One multiplication by an odd constant (Fibonacci hashing, Knuth
/// TAOCP 6.4) spreads the polynomial into the top bits, and folding the top
/// half onto the bottom spreads it into the low ones. A check computes a
/// hundred or so keys; SplitMix64's three-multiplication finaliser cost 6%
/// of a check's instructions (callgrind, 49,526 real names).
#[inline]
pub(crate) fn key(table: Table, scope: u32, poly: u64) -> u64 {
    let z = (poly
        ^ (u64::from(table as u8) << 56)
        ^ u64::from(scope).wrapping_mul(0xd6e8_feb8_6659_fd93))
    .wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z ^ (z >> 32)
}

pub(super) fn step(h: u64, c: char) -> u64 {
    h.wrapping_mul(BASE).wrapping_add(u64::from(c) + 1)
}

/// The polynomial hash of a character sequence.
pub(crate) fn poly(chars: impl IntoIterator<Item = char>) -> u64 {
    chars.into_iter().fold(0, step)
}

/// The longest sequence [`Prefixes`] hashes: a whole host name (253 octets)
/// fits. Longer input never reaches the index (it does not parse).
pub(crate) const MAX_HASHED: usize = 256;

/// `BASE^i` for every `i` up to [`MAX_HASHED`], computed once.
static POWERS: LazyLock<[u64; MAX_HASHED + 1]> = LazyLock::new(|| {
    let mut powers = [1u64; MAX_HASHED + 1];
    for i in 1..=MAX_HASHED {
        powers[i] = powers[i - 1].wrapping_mul(BASE);
    }
    powers
});

/// Prefix hashes of a character sequence: `hash(s[..i])` for every `i`, so
/// that any substring's hash costs O(1). The hashes live in a caller's buffer,
/// reused from check to check: a check allocates nothing for its keys.
pub(crate) struct Prefixes<'a> {
    hashes: &'a [u64],
    powers: &'static [u64; MAX_HASHED + 1],
}

impl<'a> Prefixes<'a> {
    /// Hashes the prefixes of `chars` into `buf`; `None` past [`MAX_HASHED`]
    /// characters.
    pub(crate) fn new(
        chars: impl IntoIterator<Item = char>,
        buf: &'a mut Vec<u64>,
    ) -> Option<Prefixes<'a>> {
        buf.clear();
        // Room for the longest sequence once; the buffer is reused.
        buf.reserve(MAX_HASHED + 1);
        buf.push(0);
        let mut h = 0;
        for c in chars {
            if buf.len() > MAX_HASHED {
                return None;
            }
            h = step(h, c);
            buf.push(h);
        }
        Some(Prefixes {
            hashes: buf,
            powers: &POWERS,
        })
    }

    /// The number of characters.
    pub(crate) fn len(&self) -> usize {
        self.hashes.len() - 1
    }

    /// The hash of characters `start..end`.
    pub(crate) fn range(&self, start: usize, end: usize) -> u64 {
        self.hashes[end].wrapping_sub(self.hashes[start].wrapping_mul(self.powers[end - start]))
    }

    /// The hash of the whole sequence without the characters at `first` and
    /// `second` (`first < second`): what [`near_forms`] computes faster.
    #[cfg(test)]
    fn without_two(&self, first: usize, second: usize) -> u64 {
        let n = self.len();
        let head = self.hashes[first];
        let middle = self.range(first + 1, second);
        let tail = self.range(second + 1, n);
        let h = head
            .wrapping_mul(self.powers[second - first - 1])
            .wrapping_add(middle);
        h.wrapping_mul(self.powers[n - second - 1])
            .wrapping_add(tail)
    }

    /// The hash of characters `start..end` and of each form of it with one
    /// character deleted, given to `f` in that order. With `H` the prefix
    /// hashes and `P` the powers, the form without `at` hashes to
    /// `H[end] - H[start]·P[end-start-1] + (H[at] - H[at+1])·P[end-at-1]`:
    /// one multiplication each, where `Prefixes::range_without` takes
    /// three.
    #[inline]
    pub(crate) fn range_and_deletions(&self, start: usize, end: usize, mut f: impl FnMut(u64)) {
        f(self.range(start, end));
        if end <= start {
            return;
        }
        let base = self.hashes[end]
            .wrapping_sub(self.hashes[start].wrapping_mul(self.powers[end - start - 1]));
        for at in start..end {
            let e = self.hashes[at].wrapping_sub(self.hashes[at + 1]);
            f(base.wrapping_add(e.wrapping_mul(self.powers[end - at - 1])));
        }
    }

    /// The hash of characters `start..end` without the one at `at`.
    #[cfg(test)]
    pub(crate) fn range_without(&self, start: usize, end: usize, at: usize) -> u64 {
        let head = self.range(start, at);
        let tail = self.range(at + 1, end);
        head.wrapping_mul(self.powers[end - at - 1])
            .wrapping_add(tail)
    }

    /// The hash of the whole sequence without the character at `at`.
    pub(crate) fn without(&self, at: usize) -> u64 {
        let n = self.len();
        let tail = self.range(at + 1, n);
        self.hashes[at]
            .wrapping_mul(self.powers[n - at - 1])
            .wrapping_add(tail)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn substring_and_deletion_hashes_agree_with_direct_ones() {
        let mut buf = Vec::new();
        let p = Prefixes::new("paypal".chars(), &mut buf).unwrap();
        assert_eq!(p.range(0, 6), poly("paypal".chars()));
        assert_eq!(p.range(2, 5), poly("ypa".chars()));
        assert_eq!(p.without(0), poly("aypal".chars()));
        assert_eq!(p.without(3), poly("payal".chars()));
        assert_eq!(p.without(5), poly("paypa".chars()));
        assert_eq!(p.without_two(0, 1), poly("ypal".chars()));
        assert_eq!(p.range_without(1, 5, 2), poly("apa".chars()));
        assert_eq!(p.range_without(0, 6, 0), p.without(0));
        for (start, end) in [(0, 6), (1, 5), (2, 3), (3, 3)] {
            let mut got = Vec::new();
            p.range_and_deletions(start, end, |h| got.push(h));
            let mut expected = vec![p.range(start, end)];
            expected.extend((start..end).map(|at| p.range_without(start, end, at)));
            assert_eq!(got, expected, "{start}..{end}");
        }
        assert_eq!(p.without_two(1, 4), poly("pypl".chars()));
        assert_eq!(p.without_two(4, 5), poly("payp".chars()));
        assert_ne!(p.without(1), p.without(2));
        let mut long = Vec::new();
        assert!(Prefixes::new("a".repeat(MAX_HASHED + 1).chars(), &mut long).is_none());
        assert!(Prefixes::new("a".repeat(MAX_HASHED).chars(), &mut long).is_some());
    }

    #[test]
    fn near_forms_are_the_deletion_hashes() {
        for word in [
            "facebook",
            "twitter",
            "ab",
            "paypal",
            "abcdefghijklmnopqrstuvwxyz",
        ] {
            let mut buf = Vec::new();
            let p = Prefixes::new(word.chars(), &mut buf).unwrap();
            let n = p.len();
            let mut expected = vec![p.range(0, n)];
            expected.extend((0..n).map(|at| p.without(at)));
            if n >= MIN_TWO_EDIT_LABEL {
                for a in 0..n {
                    expected.extend((a + 1..n).map(|b| p.without_two(a, b)));
                }
            }
            let mut got = Vec::new();
            near_forms(&p, true, |h| got.push(h));
            assert_eq!(got, expected, "{word}");
            let mut one = Vec::new();
            near_forms(&p, false, |h| one.push(h));
            assert_eq!(one, expected[..n + 1], "{word}");
        }
    }
}
