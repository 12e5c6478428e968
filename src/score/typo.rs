//! Slips of the finger: one edit of a label, weighed by what typing studies
//! say about each kind (omission, doubling, a neighbouring key, a swap),
//! where it falls in the word and which keyboard the sender uses.

use super::*;

/// One edit that turns the target's characters into the candidate's.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum Edit {
    Delete { at: usize },
    Insert { at: usize, ch: char },
    Substitute { at: usize, to: char },
    Transpose { at: usize },
}

/// Whether `cand` is exactly one Damerau edit from `target`.
pub(crate) fn one_edit(cand: &[char], target: &[char]) -> bool {
    single_edit(cand, target).is_some()
}

/// The single Damerau edit from `target` to `cand`, if there is exactly one.
pub(super) fn single_edit(cand: &[char], target: &[char]) -> Option<Edit> {
    let first_diff = cand.iter().zip(target).position(|(a, b)| a != b);
    match cand.len() as isize - target.len() as isize {
        -1 => {
            let at = first_diff.unwrap_or(cand.len());
            (cand[at..] == target[at + 1..]).then_some(Edit::Delete { at })
        }
        1 => {
            let at = first_diff.unwrap_or(target.len());
            (cand[at + 1..] == target[at..]).then_some(Edit::Insert { at, ch: cand[at] })
        }
        0 => {
            let at = first_diff?;
            if cand[at + 1..] == target[at + 1..] {
                return Some(Edit::Substitute { at, to: cand[at] });
            }
            let swapped = at + 1 < cand.len()
                && cand[at] == target[at + 1]
                && cand[at + 1] == target[at]
                && cand[at + 2..] == target[at + 2..];
            swapped.then_some(Edit::Transpose { at })
        }
        _ => None,
    }
}

pub(super) fn is_vowel(c: char) -> bool {
    matches!(c, 'a' | 'e' | 'i' | 'o' | 'u')
}

pub(super) fn one_bit_apart(a: char, b: char) -> bool {
    a.is_ascii() && b.is_ascii() && (a as u32 ^ b as u32).count_ones() == 1
}

/// Visual length factor (judgement, see the module doc).
pub(super) fn length_factor(len: usize) -> f64 {
    match len {
        0..=4 => 0.6,
        5..=6 => 0.8,
        _ => 1.0,
    }
}

pub(super) fn hyphens_only<'a>(label: &str, target: &'a str) -> Option<Finding<'a>> {
    // Compared without the hyphens, byte by byte: `-` is ASCII, so this is the
    // comparison of the two strings with their hyphens removed.
    fn strip(s: &str) -> impl Iterator<Item = u8> + '_ {
        s.bytes().filter(|&b| b != b'-')
    }
    // Without a hyphen on either side, equal after stripping means equal.
    if !label.as_bytes().contains(&b'-') && !target.as_bytes().contains(&b'-') {
        return None;
    }
    (label != target && strip(label).eq(strip(target))).then(|| {
        let what = What::HyphensMoved { label: target };
        Finding::new(Kind::Hyphenation, 0.15, 0.5, what)
    })
}

/// Several vowels swapped for others (twistrs's vowel shuffle): a product of
/// single swaps, each further one ×0.1 (T4: multi-edit typos draw almost no
/// traffic).
pub(super) fn vowel_shuffle<'a>(
    cand: &[char],
    target: &[char],
    label: &'a str,
) -> Option<Finding<'a>> {
    // Short labels share their consonants by chance (`iaea`, `ieee`): like
    // Chromium's edit-distance checks, only labels of five or more.
    if cand.len() != target.len() || target.len() < 5 {
        return None;
    }
    let mut swaps = 0;
    for (a, b) in cand.iter().zip(target) {
        if a != b {
            if !(is_vowel(*a) && is_vowel(*b)) {
                return None;
            }
            swaps += 1;
        }
    }
    if !(2..=MAX_UNITS).contains(&swaps) {
        return None;
    }
    let k = swaps as i32;
    let typing = 0.3f64.powi(k) * 0.1f64.powi(k - 1);
    let visual = 0.5f64.powi(k);
    let what = What::VowelsSwapped { swaps, label };
    Some(Finding::new(Kind::VowelSwap, typing, visual, what))
}

impl Model {
    /// Typing and visual weights of one edit (see the module doc's tables).
    pub(super) fn edit<'a>(
        &self,
        edit: Edit,
        target: &[char],
        t: &Target<'_>,
        place: Place<'a>,
    ) -> Finding<'a> {
        let n = target.len();
        let (at, kind, typing, visual, change) = match edit {
            Edit::Delete { at } => {
                let ch = target[at];
                if ch == '-' {
                    (at, Kind::Hyphenation, 0.15, 0.5, Change::HyphenDropped)
                } else {
                    (at, Kind::Omission, 1.0, 0.5, Change::Lost(ch))
                }
            }
            Edit::Insert { at, ch } => {
                let prev = at.checked_sub(1).map(|i| target[i]);
                let next = target.get(at).copied();
                if ch == '-' {
                    (at, Kind::Hyphenation, 0.15, 0.5, Change::HyphenInserted)
                } else if prev == Some(ch) || next == Some(ch) {
                    (at, Kind::Repetition, 0.9, 0.4, Change::Doubled(ch))
                } else {
                    let near = [prev, next].into_iter().flatten();
                    let adjacency = near
                        .map(|k| self.adjacency(t.layout, k, ch))
                        .fold(0.0, f64::max);
                    let typing = (0.9 * adjacency).max(0.1);
                    let near = adjacency > 0.0;
                    if next.is_none() {
                        (at, Kind::Addition, typing, 0.35, Change::Added { ch, near })
                    } else {
                        (
                            at,
                            Kind::Insertion,
                            typing,
                            0.35,
                            Change::SlippedIn { ch, near },
                        )
                    }
                }
            }
            Edit::Substitute { at, to } => {
                let from = target[at];
                let adjacency = self.adjacency(t.layout, from, to);
                let swap = self.layout_swap(t.layout, from, to);
                let mut typing = (0.8 * adjacency).max(0.1);
                let (kind, change) = if adjacency > 0.0 {
                    (Kind::Replacement, Change::Neighbour { from, to })
                } else if let Some(layout) = swap {
                    typing = typing.max(0.4);
                    (Kind::Replacement, Change::OtherLayout { from, to, layout })
                } else if is_vowel(from) && is_vowel(to) {
                    typing = typing.max(0.3);
                    (Kind::VowelSwap, Change::Vowel { from, to })
                } else if one_bit_apart(from, to) {
                    (Kind::Bitsquat, Change::BitFlip { from, to })
                } else {
                    (Kind::Replacement, Change::Replaced { from, to })
                };
                let visual = if adjacency > 0.0 { 0.6 } else { 0.5 };
                (at, kind, typing, visual, change)
            }
            Edit::Transpose { at } => {
                let (a, b) = (target[at], target[at + 1]);
                (at, Kind::Transposition, 0.5, 0.7, Change::Swapped { a, b })
            }
        };
        // A character that is not on the keyboard is never a slip of the finger.
        let off_keyboard = match edit {
            Edit::Insert { ch, .. } | Edit::Substitute { to: ch, .. } => !ch.is_ascii(),
            Edit::Delete { at } => !target[at].is_ascii(),
            Edit::Transpose { .. } => false,
        };
        let mut typing = if off_keyboard { 0.0 } else { typing };
        let mut visual = match place {
            Place::Suffix(_) | Place::Name(_) => 0.5,
            Place::Label(_) => visual,
        };
        if at == 0 {
            typing *= 0.3;
            visual *= 0.4;
        } else if at + 1 >= n {
            visual *= 0.7;
        }
        visual *= length_factor(n);
        // A label of three characters or fewer has many real neighbours one
        // edit away (`cnn`/`cnh`, `si`/`so`): Chromium does not compare
        // labels under five characters by edit distance at all
        // (`kMinLengthForEditDistance`); here they count half (judgement,
        // from the precision study in README.md).
        if n <= SHORT_LABEL && matches!(place, Place::Label(_)) {
            typing *= 0.5;
            visual *= 0.5;
        }
        let what = What::Edit {
            place,
            change,
            owner: None,
        };
        Finding::new(kind, typing, visual, what)
    }

    /// 1.0 when `a` and `b` are neighbours on the sender's layout,
    /// [`SECONDARY_LAYOUT`] when only on another layout in use, else 0.
    pub(super) fn adjacency(&self, primary: Layout, a: char, b: char) -> f64 {
        if self.keyboards.adjacent(primary, a, b) {
            1.0
        } else if self
            .layouts
            .iter()
            .any(|&l| l != primary && self.keyboards.adjacent(l, a, b))
        {
            SECONDARY_LAYOUT
        } else {
            0.0
        }
    }

    /// The layout on which `to` sits where `from` sits on the sender's layout.
    pub(super) fn layout_swap(&self, primary: Layout, from: char, to: char) -> Option<Layout> {
        self.layouts
            .iter()
            .copied()
            .find(|&l| l != primary && self.keyboards.layout_swap(primary, l, from) == Some(to))
    }
}

/// The letters whose owners' own ASCII spelling adds an `e` (German, and
/// the Scandinavian forms DENIC and the Nordic registries list as the same
/// letters): `münchen` is written `muenchen` where a keyboard lacks `ü`
/// (DIN 5007-2; Duden's rule for names without umlauts), and `ß` is `ss`.
const SPELLED_OUT: [(char, &str); 7] = [
    ('ä', "ae"),
    ('ö', "oe"),
    ('ü', "ue"),
    ('ß', "ss"),
    ('æ', "ae"),
    ('ø', "oe"),
    ('å', "aa"),
];

impl Model {
    /// The target's non-ASCII label in ASCII letters: its accents dropped
    /// (`munchen`, Chromium's diacritic remover) or its letters spelled out
    /// ([`SPELLED_OUT`]: `muenchen`). Both are what a person without the
    /// letters on their keyboard types for the name.
    pub(super) fn transliterated<'a>(&self, label: &str, t: &'a Target<'_>) -> Option<Finding<'a>> {
        if t.label.is_ascii() || !label.is_ascii() || label.len() > t.label.len() * 2 {
            return None;
        }
        let dropped = self.confusables.ascii_fold(t.label);
        let spelled: String = t
            .label
            .chars()
            .flat_map(|c| {
                let out = SPELLED_OUT.iter().find(|(from, _)| *from == c);
                let (one, two) = match out {
                    Some((_, to)) => (Some(*to), None),
                    None => (None, Some(c)),
                };
                one.into_iter()
                    .flat_map(str::chars)
                    .chain(two)
                    .collect::<Vec<_>>()
            })
            .collect();
        let spelled = self.confusables.ascii_fold(&spelled);
        let found = dropped.as_deref() == Some(label) || spelled.as_deref() == Some(label);
        // Judgement: as likely typed as the commonest slip (omission, 1.0),
        // and read as the target as a diacritic is (0.5, see the visual
        // weights): the owner's own spelling.
        found.then(|| {
            let what = What::Transliterated { label: t.label };
            Finding::new(Kind::Replacement, 1.0, 0.5, what)
        })
    }
}
