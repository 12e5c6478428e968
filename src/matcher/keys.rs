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
//! | exact label | the registrable label | suffix edits, combosquats inside a hyphenated label, `www` merges, subdomain embedding, edits that move the split |
//! | label part | the registrable label, when it has [`MIN_COMBO_LABEL`] characters or more | combosquats: the candidate's label starts or ends with it |
//! | folded | the label with the suffix folded in: `armymil`, `army-mil`, `bbcco` (of `bbc.co.uk`) | a folded suffix, a dropped dot inside a two-level suffix |
//! | exact name | the registrable domain | a protected or allowed candidate, embedded names, dot insertion |
//! | near forms | the label without hyphens, and each form of it with one character deleted, or two for labels of [`MIN_TWO_EDIT_LABEL`] characters or more; held once per distinct label, for its first target, whose label then finds the others | every edit of the label, one or two, under any suffix (SymSpell, Garbe 2012: two strings `k` edits apart share a form with at most `k` deletions), hyphen moves |
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
    /// Label without hyphens and its forms with one or two characters
    /// deleted, any suffix, for the first target of each label only (see
    /// [`near_forms`]).
    Near = 3,
    /// [`visual_key`] of the label, per suffix.
    Visual = 4,
    /// Label with vowels masked, per suffix.
    Vowels = 5,
    /// A protected suffix and its one-deletion forms.
    Suffix = 6,
    /// Exact registrable label of [`MIN_COMBO_LABEL`] characters or more,
    /// probed with the candidate label's prefixes and suffixes. Kept apart
    /// from [`Table::Label`] so that the parts of every candidate do not
    /// propose one- and two-letter targets (`t.co`, `x.com`) that no
    /// explanation of a part can name: they were 60% of the proposals of a
    /// check of real names, all rejected (1,000 targets, 49,526 names).
    Part = 7,
    /// The label with its suffix folded in (see [`folded_forms`]).
    Folded = 8,
    /// The first [`MIN_COMBO_LABEL`] characters of a [`Table::Part`] label:
    /// a candidate whose label begins otherwise has no prefix to probe.
    Head = 9,
    /// The last [`MIN_COMBO_LABEL`] characters of a [`Table::Part`] label.
    Tail = 10,
    /// [`arrangement_key`] of a label long enough for its parts to be
    /// swapped (`cartoonjoe` for `joecartoon`), any suffix.
    Swap = 11,
    /// The first [`LONG_HEAD`] characters of a label of
    /// [`MIN_TWO_EDIT_LABEL`] characters or more: a candidate that begins
    /// otherwise holds no such label misspelt after its fourth character
    /// with a word joined (`acadamy|outdoor`).
    LongHead = 12,
}

/// The characters of a [`Table::LongHead`] key.
pub(crate) const LONG_HEAD: usize = 4;

pub(crate) use crate::pairwise::MIN_TWO_EDIT_LABEL;
pub(crate) use crate::score::MIN_COMBO_LABEL;

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
    let (mut last, mut before_last) = ([0u64; MAX], [0u64; MAX]);
    for at in 0..n {
        let e = form.hashes[at].wrapping_sub(form.hashes[at + 1]);
        last[at] = e.wrapping_mul(form.powers[n - at - 1]);
        if at + 1 < n {
            before_last[at] = e.wrapping_mul(form.powers[n - at - 2]);
        }
        f(whole.wrapping_add(last[at]));
    }
    if two && n >= MIN_TWO_EDIT_LABEL {
        for first in 0..n {
            let head = whole.wrapping_add(before_last[first]);
            for &tail in &last[first + 1..n] {
                f(head.wrapping_add(tail));
            }
        }
    }
}

/// The labels under which a name with its suffix folded in would be
/// registered: `armymil` and `army-mil` for `army.mil`, `bbccouk`,
/// `bbc-couk` and `bbcco` (the dot inside the suffix dropped, `bbcco.uk`)
/// for `bbc.co.uk`. Each is given to `f` as a character sequence.
pub(crate) fn folded_forms(label: &str, suffix: &str, mut f: impl FnMut(u64)) {
    let folded = suffix.chars().filter(|&c| c != '.');
    f(poly(label.chars().chain(folded.clone())));
    f(poly(label.chars().chain(['-']).chain(folded)));
    if let Some((first, _)) = suffix.split_once('.') {
        f(poly(label.chars().chain(first.chars())));
    }
}

/// A hash shared by every arrangement of the same characters, hyphens
/// left out: `joecartoon`, `cartoonjoe` and `cartoon-joe` share one. Each
/// character is mixed on its own (SplitMix64's finaliser) and the mixes are
/// added, so the order is lost and the cost is linear in the label. ASCII
/// mixes come from a table: mixing each byte in place cost 3% of a check
/// (callgrind, 49,526 real names).
pub(crate) fn arrangement_key(label: &str) -> u64 {
    label.chars().fold(0, arrangement_step)
}

/// [`arrangement_key`] one character further: for a pass over the label
/// that does other work too.
#[inline]
pub(crate) fn arrangement_step(sum: u64, c: char) -> u64 {
    match c {
        '-' => sum,
        c if c.is_ascii() => sum.wrapping_add(ASCII_MIX[c as usize & 0x7f]),
        c => sum.wrapping_add(mix(u64::from(c))),
    }
}

/// SplitMix64's finaliser (Steele, Lea and Flood, OOPSLA 2014) on `x + 1`.
const fn mix(x: u64) -> u64 {
    let mut z = (x + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// [`mix`] of each ASCII code.
const ASCII_MIX: [u64; 128] = {
    let mut table = [0u64; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = mix(b as u64);
        b += 1;
    }
    table
};

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
    /// one multiplication each, where [`Prefixes::range_without`] takes
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

/// Whether `a` and `b` are at most two edits apart (optimal string
/// alignment: insertions, deletions, substitutions, adjacent
/// transpositions). Near forms meet for labels up to four edits apart (two
/// deletions on each side), so a lead is verified with this before its
/// targets are proposed.
///
/// Only the band of cells within two of the diagonal is computed (Ukkonen
/// 1985: a cell further out costs more than two edits): five cells a row,
/// where the full table cost a row of the other label's length (1,460
/// instructions a lead; callgrind, 49,526 names). Cells outside the band
/// read as 3, "more than two". Both labels sit on the stack; one longer than
/// 63 characters (none: that is a label's limit) is not verified away.
pub(crate) fn within_two_edits(
    a: impl Iterator<Item = char>,
    b: impl Iterator<Item = char>,
) -> bool {
    const W: usize = 66;
    const FAR: u8 = 3;
    let (mut a_buf, mut b_buf) = (['\0'; W], ['\0'; W]);
    let (Some(a), Some(b)) = (fill(a, &mut a_buf), fill(b, &mut b_buf)) else {
        return true;
    };
    if a.len().abs_diff(b.len()) > 2 {
        return false;
    }
    // The common head and tail take no edit: most pairs that pass differ
    // in a character or two, and the band shrinks to them (this halved the
    // test's cost, callgrind, 49,526 real names). An optimal alignment
    // keeps a common first (last) character matched, transpositions too.
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let (a, b) = (&a[head..], &b[head..]);
    let tail = a
        .iter()
        .rev()
        .zip(b.iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (a, b) = (&a[..a.len() - tail], &b[..b.len() - tail]);
    let (n, m) = (a.len(), b.len());
    if n.min(m) == 0 {
        return n.max(m) <= 2;
    }
    let mut rows = [[FAR; W]; 3];
    for (j, cell) in rows[0].iter_mut().enumerate().take(m.min(2) + 1) {
        *cell = j as u8;
    }
    for i in 1..=n {
        let (cur, prev, prev2) = (i % 3, (i + 2) % 3, (i + 1) % 3);
        // The cells just outside this row's band, read by the next cells.
        rows[cur][0] = i.min(usize::from(FAR)) as u8;
        if i >= 3 {
            rows[cur][i - 3] = FAR;
        }
        if i + 3 <= m {
            rows[cur][i + 3] = FAR;
        }
        // Column 0 is in the band for the first two rows.
        let mut row_min = rows[cur][0];
        for j in i.saturating_sub(2).max(1)..=(i + 2).min(m) {
            let (ca, cb) = (a[i - 1], b[j - 1]);
            let mut best = (rows[prev][j] + 1)
                .min(rows[cur][j - 1] + 1)
                .min(rows[prev][j - 1] + u8::from(ca != cb));
            if i > 1 && j > 1 && a[i - 2] == cb && b[j - 2] == ca {
                best = best.min(rows[prev2][j - 2] + 1);
            }
            rows[cur][j] = best.min(FAR);
            row_min = row_min.min(rows[cur][j]);
        }
        if row_min > 2 {
            return false;
        }
    }
    rows[n % 3][m] <= 2
}

/// The characters of `chars` in `buf`, or `None` when they do not fit with
/// a cell to spare.
pub(crate) fn fill(chars: impl Iterator<Item = char>, buf: &mut [char]) -> Option<&[char]> {
    let mut n = 0;
    for c in chars {
        if n + 1 >= buf.len() {
            return None;
        }
        buf[n] = c;
        n += 1;
    }
    Some(&buf[..n])
}

/// A Bloom filter over the raw [`near_forms`] hashes of every lead label,
/// read before the table: a check computes 1 + n + n(n-1)/2 near forms (56
/// for ten characters), nearly all absent, and this test costs one
/// multiplication and one load where [`key`] and the table's own filter cost
/// about five times as much. Two bits a form in one 64-bit word, some 16 bits
/// a form: about 1% false positives.
#[derive(Debug, Default)]
pub(crate) struct FormFilter {
    words: Vec<u64>,
    shift: u32,
}

impl FormFilter {
    pub(crate) fn new(forms: usize) -> FormFilter {
        // Two words at least, so that the shift is below 64 and the word
        // index needs no special case in the probe.
        let words = (forms / 4).max(2).next_power_of_two();
        FormFilter {
            words: vec![0; words],
            shift: 64 - words.trailing_zeros(),
        }
    }

    fn bits(&self, h: u64) -> (usize, u64) {
        let z = h.wrapping_mul(0x9e37_79b9_7f4a_7c15);
        let word = (z >> (self.shift & 63)) as usize;
        let mask = (1u64 << (z & 63)) | (1u64 << ((z >> 6) & 63));
        (word, mask)
    }

    pub(crate) fn insert(&mut self, h: u64) {
        let (word, mask) = self.bits(h);
        if let Some(w) = self.words.get_mut(word) {
            *w |= mask;
        }
    }

    #[inline]
    pub(crate) fn might_contain(&self, h: u64) -> bool {
        let (word, mask) = self.bits(h);
        self.words.get(word).is_some_and(|w| w & mask == mask)
    }
}

/// The label as the deletion table sees it: hyphens removed, so that hyphens
/// added, dropped or moved meet the target at distance 0.
pub(crate) fn deletion_form(label: &str) -> impl Iterator<Item = char> + Clone + '_ {
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
    let mut h = 0;
    let mut last = None;
    let mut add = |c: char| {
        if let Some(c) = weak_class(c)
            && last != Some(c)
        {
            h = step(h, c);
            last = Some(c);
        }
    };
    if label.is_ascii() {
        // The skeleton a character at a time, with no text built: most
        // labels are ASCII, and writing the skeleton out was half the key's
        // cost (callgrind, 49,526 names).
        for b in label.bytes() {
            match confusables.ascii_skeleton(b) {
                Some(mapped) => mapped.chars().for_each(&mut add),
                None => add(char::from(b.to_ascii_lowercase())),
            }
        }
    } else {
        buf.clear();
        confusables.skeleton_into(label, buf);
        buf.chars().for_each(add);
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

    #[test]
    fn the_form_filter_keeps_every_form_and_few_others() {
        let mut f = FormFilter::new(10_000);
        for i in 0..10_000u64 {
            f.insert(poly(i.to_string().chars()));
        }
        assert!((0..10_000u64).all(|i| f.might_contain(poly(i.to_string().chars()))));
        let false_positives = (10_000..110_000u64)
            .filter(|i| f.might_contain(poly(i.to_string().chars())))
            .count();
        assert!(false_positives < 5_000, "{false_positives}");
        let empty = FormFilter::new(0);
        assert!(!empty.might_contain(poly("x".chars())));
    }

    #[test]
    fn two_edits_agree_with_strsim() {
        let words = [
            "facebook",
            "faacebok",
            "facebok",
            "facebokook",
            "twitter",
            "twitr",
            "babylist",
            "bayllist",
            "youtube",
            "yewtube",
            "utube",
            "ab",
            "ba",
            "abc",
            "",
            "paypal",
            "pyapal",
        ];
        for a in words {
            for b in words {
                let expected = strsim::osa_distance(a, b) <= 2;
                assert_eq!(within_two_edits(a.chars(), b.chars()), expected, "{a} {b}");
            }
        }
        // The band must lose nothing: pairs over a three-letter alphabet,
        // where transpositions and repeats are common, of up to 12 letters.
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = |bound: u64| {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state % bound
        };
        let word = |next: &mut dyn FnMut(u64) -> u64| -> String {
            let len = next(13);
            (0..len)
                .map(|_| ['a', 'b', 'c'][next(3) as usize])
                .collect()
        };
        for _ in 0..20_000 {
            let a = word(&mut next);
            let b = if next(2) == 0 {
                word(&mut next)
            } else {
                // A near copy: a few random edits of `a`.
                let mut b: Vec<char> = a.chars().collect();
                for _ in 0..next(4) {
                    let at = next(b.len() as u64 + 1) as usize;
                    match next(3) {
                        0 if at < b.len() => {
                            b.remove(at);
                        }
                        1 => b.insert(at, 'b'),
                        _ if at + 1 < b.len() => b.swap(at, at + 1),
                        _ => {}
                    }
                }
                b.into_iter().collect()
            };
            let expected = strsim::osa_distance(&a, &b) <= 2;
            assert_eq!(within_two_edits(a.chars(), b.chars()), expected, "{a} {b}");
        }
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

    /// The ASCII shortcut of `visual_key` reads the skeleton a character at
    /// a time; it must agree with the key of the written-out skeleton.
    #[test]
    fn ascii_visual_key_is_the_skeleton_key() {
        let c = Confusables::get();
        let from_skeleton = |label: &str| {
            let skeleton = c.skeleton(label);
            let mut last = None;
            let mut h = 0;
            for class in skeleton.chars().filter_map(weak_class) {
                if last != Some(class) {
                    h = step(h, class);
                    last = Some(class);
                }
            }
            h
        };
        let mut buf = String::new();
        let every_ascii: String = (0u8..128).map(char::from).collect();
        let top = include_str!("../../data/top-domains.txt");
        for label in top
            .lines()
            .flat_map(|l| l.split('.'))
            .chain([every_ascii.as_str()])
        {
            assert_eq!(
                visual_key(c, label, &mut buf),
                from_skeleton(label),
                "{label:?}"
            );
        }
    }
}
