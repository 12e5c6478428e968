//! The recall keys of the matcher index: cheap hashes under which a candidate
//! and every target it can imitate meet.
//!
//! The index does not decide anything. It only has to propose every target
//! that [`Model::assess`](crate::score::Model) could explain a candidate by,
//! and as few others as it can; `assess` then decides kind, score and reason,
//! exactly as it does for the generator. Each key below serves named
//! explanations of `assess`:
//!
//! | key | built from | serves |
//! |---|---|---|
//! | exact label | the registrable label | suffix edits, combosquats, folded suffixes, `www` merges, subdomain embedding, edits that move the split |
//! | exact name | the registrable domain | a protected or allowed candidate, embedded names, dot insertion |
//! | label deletions, per suffix | the label without hyphens, and each one-character deletion of it | every single edit of the label (SymSpell, Garbe 2012: two strings one edit apart share a one-deletion form), hyphen moves |
//! | visual key, per suffix | [`visual_key`] | homoglyphs, ASCII and Unicode, up to [`MAX_UNITS`](crate::score::MAX_UNITS) units |
//! | vowel key, per suffix | the label with every vowel masked | vowel shuffles |
//!
//! Hashes are polynomial over characters, so that the hash of every prefix,
//! suffix and one-character deletion of a label comes from one pass over it
//! (O(length), no allocation). A collision only proposes a target that
//! `assess` then rejects: it costs time, never a wrong answer.

use std::sync::LazyLock;

use crate::confusables::Confusables;

/// The polynomial base (odd, so that it is invertible modulo 2^64).
const BASE: u64 = 0x100_0000_01b3;

/// Which table a key belongs to; mixed into every key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
#[repr(u8)]
pub(crate) enum Table {
    /// Exact registrable label, any suffix.
    Label = 1,
    /// Exact registrable domain, ASCII.
    Name = 2,
    /// Label without hyphens and its one-deletion forms, per suffix.
    Deletion = 3,
    /// [`visual_key`] of the label, per suffix.
    Visual = 4,
    /// Label with vowels masked, per suffix.
    Vowels = 5,
    /// A protected suffix and its one-deletion forms.
    Suffix = 6,
}

/// The final key: the polynomial hash mixed with its table and scope (the
/// suffix id for per-suffix tables, 0 otherwise) through SplitMix64's
/// finaliser (Steele et al. 2014), so that keys spread evenly over the
/// directory of [`Postings`](super::table::Postings).
pub(crate) fn key(table: Table, scope: u32, poly: u64) -> u64 {
    let mut z = poly
        ^ (u64::from(table as u8) << 56)
        ^ u64::from(scope).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

fn step(h: u64, c: char) -> u64 {
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
        buf.push(0);
        for c in chars {
            if buf.len() > MAX_HASHED {
                return None;
            }
            let h = buf[buf.len() - 1];
            buf.push(step(h, c));
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

    /// The hash of the whole sequence without the character at `at`.
    pub(crate) fn without(&self, at: usize) -> u64 {
        let n = self.len();
        let tail = self.range(at + 1, n);
        self.hashes[at]
            .wrapping_mul(self.powers[n - at - 1])
            .wrapping_add(tail)
    }
}

/// The label as the deletion table sees it: hyphens removed, so that hyphens
/// added, dropped or moved meet the target at distance 0.
pub(crate) fn deletion_form(label: &str) -> impl Iterator<Item = char> + '_ {
    label.chars().filter(|&c| c != '-')
}

/// The label with every vowel masked, for vowel shuffles (`pypel`, `paypol`).
pub(crate) fn vowel_key(label: &str) -> u64 {
    poly(label.chars().map(|c| match c {
        'a' | 'e' | 'i' | 'o' | 'u' => '*',
        c => c,
    }))
}

/// A key under which a label meets its homoglyphs.
///
/// Under the UTS #39 skeleton ([`Confusables::skeleton`]) the strong
/// lookalikes already meet: Cyrillic `а` and `a`, `rn` and `m`, `0` and `o`.
/// The weak pairs of [`WEAK_LOOKALIKES`](crate::confusables::WEAK_LOOKALIKES)
/// do not, so the skeleton is coarsened further:
///
/// 1. each character is replaced by the representative of its weak class:
///    `g`→`q`, `v`→`u`, `r`→`n`, `z`/`5`→`s`, `4`→`a`, `7`→`t`, and one class
///    for `b`, `c`, `e`, `k`, `3`, `6`, `8` (`d` has the skeleton `cl`, and
///    `b`/`d`, `c`/`e`, `lc`/`k`, `ck`/`kk` are weak lookalikes);
/// 2. `l` (with `i`, `1` and `I`, its weak and strong lookalikes) is dropped,
///    so `lb`/`b`, `lh`/`h` and `lc`/`k` meet;
/// 3. runs of one character collapse, so `m` (skeleton `rn` → `nn`) meets
///    `n`, and `w` (`vv` → `uu`) meets `u`.
///
/// Steps 1 and 2 map each character to a fixed string, so two labels made of
/// pairwise lookalike units get equal keys whatever the units; step 3 only
/// merges more. So the key never misses a homoglyph that `assess` can
/// explain. Rewriting the two-letter units instead (`cl` → `b`) was tried
/// first and missed overlapping ones: `münclhen` for `münchen`, `llb` for
/// `1b`.
///
/// The key is coarse on purpose: it only proposes, and `assess` decides.
pub(crate) fn visual_key(confusables: &Confusables, label: &str, buf: &mut String) -> u64 {
    buf.clear();
    confusables.skeleton_into(label, buf);
    let mut h = 0;
    let mut last = None;
    for c in buf.chars().filter_map(weak_class) {
        if last != Some(c) {
            h = step(h, c);
            last = Some(c);
        }
    }
    h
}

/// The representative of `c`'s weak class, or `None` for the dropped `l`.
fn weak_class(c: char) -> Option<char> {
    Some(match c {
        'l' | 'i' | '1' => return None,
        'g' => 'q',
        'v' => 'u',
        'b' | 'c' | 'e' | 'k' | '3' | '6' | '8' => 'c',
        'r' => 'n',
        'z' | '5' => 's',
        '4' => 'a',
        '7' => 't',
        c => c,
    })
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
        assert_ne!(p.without(1), p.without(2));
        let mut long = Vec::new();
        assert!(Prefixes::new("a".repeat(MAX_HASHED + 1).chars(), &mut long).is_none());
        assert!(Prefixes::new("a".repeat(MAX_HASHED).chars(), &mut long).is_some());
    }

    #[test]
    fn homoglyphs_share_a_visual_key() {
        let c = Confusables::get();
        let mut buf = String::new();
        let mut k = |s: &str| visual_key(c, s, &mut buf);
        let paypal = k("paypal");
        for lookalike in ["paypa1", "раураl", "paypai", "paypaI"] {
            assert_eq!(k(lookalike), paypal, "{lookalike}");
        }
        let microsoft = k("microsoft");
        for lookalike in ["rnicrosoft", "nicrosoft", "micr0soft", "mlcrosoft"] {
            assert_eq!(k(lookalike), microsoft, "{lookalike}");
        }
        assert_eq!(k("bank"), k("danlc"));
        assert_eq!(k("wellsfargo"), k("vvellsfarqo"));
        assert_ne!(k("paypal"), k("example"));
        assert_eq!(k("münclhen"), k("münchen"));
        assert_eq!(k("llb"), k("1b"));
    }
}
