//! The near family, for edits: a label one or two edits from a target's,
//! under any suffix, and a misspelt label beside a word.
//!
//! The first target of each distinct label (its *lead*) is filed under the
//! label without hyphens and each form of it with one character deleted,
//! or two for labels of [`MIN_TWO_EDIT_LABEL`] characters or more (SymSpell,
//! Garbe 2012: two strings `k` edits apart share a form with at most `k`
//! deletions); hyphens added, dropped or moved meet at distance 0. A lead
//! found is verified ([`within_two_edits`]) and then brings every target of
//! its label through the [`label`] table. Long labels are also
//! filed under their first [`LONG_HEAD`] characters, for a label misspelt
//! after its fourth character with a word joined (`acadamy|outdoor`).
//!
//! The candidate probes its label's near forms, each part of its label
//! beside a lure word (`aple|store`, `www|itune`) with its one-deletion
//! forms, and a Unicode label read as ASCII where it can be (`gοοglε`).
//! Most near forms of a check are absent, so a [`FormFilter`] of the leads'
//! forms answers first.

use super::super::Protected;
use super::super::keys::{Prefixes, Table, key, near_forms};
use super::{Filing, MIN_COMBO_LABEL, MIN_TWO_EDIT_LABEL, Probe, Proposals, label};

/// The characters of a [`Table::LongHead`] key.
const LONG_HEAD: usize = 4;

/// The shortest part probed against the near forms for a misspelt label
/// beside a lure word: one edit from a label of
/// [`MIN_EDIT_BESIDE_WORDS`](crate::pairwise::MIN_EDIT_BESIDE_WORDS)
/// characters.
const MIN_PART_NEAR: usize = crate::pairwise::MIN_EDIT_BESIDE_WORDS - 1;

pub(super) fn index(t: &Filing<'_>, hashes: &mut Vec<u64>, out: &mut Vec<(u64, u32)>) {
    if !t.lead {
        return;
    }
    let label = t.domain.unicode_label();
    let long = MIN_COMBO_LABEL.max(MIN_TWO_EDIT_LABEL);
    if let Some(p) = Prefixes::new(label.chars(), hashes).filter(|p| p.len() >= long) {
        out.push((key(Table::LongHead, 0, p.range(0, LONG_HEAD)), t.id));
    }
    if let Some(form) = Prefixes::new(deletion_form(label), hashes) {
        near_forms(&form, true, |h| out.push((key(Table::Near, 0, h), t.id)));
    }
}

/// The length a chain of two edits meets `label` at (characters without
/// hyphens, 63 for longer), when it is long enough for one: the matcher
/// keeps a bit per length and suffix, so that a candidate computes its
/// forms of two deletions only when some target could use them.
pub(in crate::matcher) fn two_edit_length(label: &str) -> Option<usize> {
    (label.chars().count() >= MIN_TWO_EDIT_LABEL).then(|| deletion_form(label).count().min(63))
}

/// The [`FormFilter`] of the lead targets' near forms.
pub(in crate::matcher) fn filter(targets: &[Protected], leads: &[bool]) -> FormFilter {
    let mut hashes = Vec::new();
    let mut forms = Vec::new();
    for (target, _) in targets.iter().zip(leads).filter(|(_, lead)| **lead) {
        if let Protected::Domain(d) = target
            && let Some(form) = Prefixes::new(deletion_form(d.unicode_label()), &mut hashes)
        {
            near_forms(&form, true, |h| forms.push(h));
        }
    }
    let mut filter = FormFilter::new(forms.len());
    for h in forms {
        filter.insert(h);
    }
    filter
}

#[inline]
pub(super) fn probe(p: &Probe<'_>, out: &mut Proposals<'_>) {
    near_labels(p, out);
    beside_a_word(p, out);
    if p.chars.unicode {
        read_as_ascii(p, out);
    }
    out.part_leads.sort_unstable();
    out.part_leads.dedup();
    for &lead in out.part_leads.iter() {
        if let Some(d) = p.domain_target(lead) {
            out.proposed
                .extend_from_slice(label::targets(p, d.unicode_label()));
        }
    }
    expand_leads(p, out);
}

/// The leads of the labels up to two edits away, into `out.leads`, sorted.
fn near_labels(p: &Probe<'_>, out: &mut Proposals<'_>) {
    let Proposals {
        leads,
        near_hits,
        hashes,
        ..
    } = out;
    let hyphenless = if p.hyphenated {
        Prefixes::new(deletion_form(p.label), hashes)
    } else {
        None
    };
    if let Some(form) = hyphenless.as_ref().or(p.label_p.as_ref()) {
        // Forms of two deletions meet only labels two edits away, which
        // only a chain of two edits under the candidate's own suffix
        // explains (`pairwise`): they are computed only when a target
        // under that suffix is long enough for one and within two
        // characters of this label's length.
        let n = form.len();
        let window = (!0u64 << n.saturating_sub(2).min(63)) & (!0u64 >> (63 - (n + 2).min(63)));
        let two = p
            .sid
            .and_then(|sid| p.index.two_edit_lengths.get(sid as usize))
            .is_some_and(|lengths| lengths & window != 0);
        // The filter test alone inside the loop, so that it inlines: with
        // the table probe there too, each of the 56 forms of a label of
        // ten characters cost a call (callgrind).
        near_hits.clear();
        let filter = &p.index.near_filter;
        near_forms(form, two, |h| {
            if filter.might_contain(h) {
                near_hits.push(h);
            }
        });
        for &h in near_hits.iter() {
            leads.extend_from_slice(p.get(Table::Near, 0, h));
        }
    }
    leads.sort_unstable();
    leads.dedup();
}

/// A misspelt label beside a lure word (`faceboocklogin`, `wwwitune`): the rest
/// of the label beside each lure word, as it is, against the near forms;
/// leads into `out.part_leads`.
fn beside_a_word(p: &Probe<'_>, out: &mut Proposals<'_>) {
    let n = p.chars.len();
    let Some(lp) = p.label_p.as_ref().filter(|lp| lp.len() == n) else {
        return;
    };
    let chars = p.chars.as_slice();
    let part_leads = &mut *out.part_leads;
    let filter = &p.index.near_filter;
    // A long label misspelt after its fourth character, then any word of
    // letters (`acadamy|outdoor`): each long label that begins as this one
    // does is tested at its length and one either side. The near forms of
    // every split instead cost 7% more instructions a check (callgrind,
    // 49,526 real names).
    let word = crate::pairwise::MIN_WORD;
    if n >= MIN_TWO_EDIT_LABEL - 1 + word && p.chars.letters_from + word <= n {
        for &id in p.get(Table::LongHead, 0, lp.range(0, LONG_HEAD)) {
            let Some(d) = p.domain_target(id) else {
                continue;
            };
            let len = d.unicode_label().chars().count();
            let splits = len.saturating_sub(1).max(p.chars.letters_from)..=(len + 1).min(n - word);
            if splits
                .into_iter()
                .any(|k| one_edit_from(&chars[..k], d.unicode_label()))
            {
                part_leads.push(id);
            }
        }
    }
    // The part and its one-deletion forms: with the targets' forms of up
    // to two deletions, every part one edit from a label meets it.
    let mut probe = |start: usize, end: usize| {
        // Only a label one edit from the part, so within one character of
        // its length, and long enough for a chain, can explain it
        // (`pairwise`); the near forms also meet labels two and more edits
        // away, whose proposals were all rejected.
        let len = end - start;
        let get_near = |h: u64| {
            if filter.might_contain(h) {
                let leads = p.get(Table::Near, 0, h);
                part_leads.extend(leads.iter().filter(|&&id| {
                    p.domain_target(id).is_some_and(|d| {
                        d.unicode_label().len() >= crate::pairwise::MIN_EDIT_BESIDE_WORDS
                            && d.unicode_label().chars().count().abs_diff(len) <= 1
                    })
                }));
            }
        };
        lp.range_and_deletions(start, end, get_near);
    };
    let lure_words = &p.index.lure_words;
    for k in 1..n {
        // The part, then the word: `aple|store`, `aple|-store`.
        let word_start = if chars[k] == '-' { k + 1 } else { k };
        if k >= MIN_PART_NEAR && word_start < n && lure_words.contains(&lp.range(word_start, n)) {
            probe(0, k);
        }
        // The word, then the part: `www|itune`, `www-|itune`.
        let word_end = if chars[k - 1] == '-' { k - 1 } else { k };
        if n - k >= MIN_PART_NEAR && word_end > 0 && lure_words.contains(&lp.range(0, word_end)) {
            probe(k, n);
        }
    }
}

/// A Unicode label one step past its lookalike letters: read as ASCII
/// where it can be, one edit from a target (`gοοglε`). Few names have one.
fn read_as_ascii(p: &Probe<'_>, out: &mut Proposals<'_>) {
    let folded = p.index.model.confusables.fold_readable(p.label);
    if folded == p.label {
        return;
    }
    let Proposals {
        part_leads, hashes, ..
    } = out;
    if let Some(form) = Prefixes::new(deletion_form(&folded), hashes) {
        near_forms(&form, false, |h| {
            if p.index.near_filter.might_contain(h) {
                part_leads.extend_from_slice(p.get(Table::Near, 0, h));
            }
        });
    }
}

/// Every target of each lead label that is truly within two edits.
fn expand_leads(p: &Probe<'_>, out: &mut Proposals<'_>) {
    let domain = p.domain;
    for &lead in out.leads.iter() {
        let Some(d) = p.domain_target(lead) else {
            continue;
        };
        if !within_two_edits(deletion_form(p.label), deletion_form(d.unicode_label())) {
            continue;
        }
        let targets = label::targets(p, d.unicode_label());
        // A short label (`dns`, `t`) explains an edit only under the
        // candidate's own suffix: under another, an edit and a change of
        // suffix is a chain, and chains start at `MIN_EDIT_LABEL`
        // characters. Fewer octets, fewer characters. Such targets were
        // most of the rejected proposals (`dan.me.uk` for `fda.gov`; 1,000
        // targets, 49,526 names).
        if d.unicode_label().len() < crate::pairwise::MIN_EDIT_LABEL {
            let own_suffix = |id: &&u32| {
                p.domain_target(**id)
                    .is_some_and(|t| t.suffix() == domain.suffix())
            };
            out.proposed.extend(targets.iter().filter(own_suffix));
        } else {
            out.proposed.extend_from_slice(targets);
        }
    }
}

/// Whether `part` is one edit from `label`: what a part must be for a chain
/// to explain it (`pairwise`).
fn one_edit_from(part: &[char], label: &str) -> bool {
    let mut buf = ['\0'; 66];
    fill(label.chars(), &mut buf).is_some_and(|label| crate::score::one_edit(part, label))
}

/// The label as the deletion table sees it: hyphens removed, so that hyphens
/// added, dropped or moved meet the target at distance 0.
pub(super) fn deletion_form(label: &str) -> impl Iterator<Item = char> + Clone + '_ {
    label.chars().filter(|&c| c != '-')
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
fn within_two_edits(a: impl Iterator<Item = char>, b: impl Iterator<Item = char>) -> bool {
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
fn fill(chars: impl Iterator<Item = char>, buf: &mut [char]) -> Option<&[char]> {
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
pub(in crate::matcher) struct FormFilter {
    words: Vec<u64>,
    shift: u32,
}

impl FormFilter {
    pub(in crate::matcher) fn new(forms: usize) -> FormFilter {
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

    pub(in crate::matcher) fn insert(&mut self, h: u64) {
        let (word, mask) = self.bits(h);
        if let Some(w) = self.words.get_mut(word) {
            *w |= mask;
        }
    }

    #[inline]
    pub(in crate::matcher) fn might_contain(&self, h: u64) -> bool {
        let (word, mask) = self.bits(h);
        self.words.get(word).is_some_and(|w| w & mask == mask)
    }
}

#[cfg(test)]
mod tests {
    use super::super::super::keys::poly;
    use super::*;

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
}
