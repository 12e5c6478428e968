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

/// Typing and visual weights of one edit, `(typing, visual)`, the most likely
/// kind 1.0. The row ids are those of `docs/scoring.md`, section 6.
///
/// Omission: the commonest spelling error (T2), 20% of URL typos (T3), and
/// `.mil` → `.ml` (E3); how visible it is rests on no number (judgement).
const OMISSION: (f64, f64) = (1.0, 0.5);
/// A doubled letter: the main cause of insertions (T2); added characters are
/// the easiest to spot (V5).
const REPETITION: (f64, f64) = (0.9, 0.4);
/// A neighbouring key slipped in: "extra letter", 29% of URL typos, mostly
/// one key away (T3); added characters are the easiest to spot (V5).
const NEAR_INSERTION: (f64, f64) = (0.9, 0.35);
/// A neighbouring key for the right one: "wrong letter", 23% of URL typos
/// (T3), substitutions hitting adjacent keys (T6); substitutions deceive
/// readers (V5).
const NEAR_REPLACEMENT: (f64, f64) = (0.8, 0.6);
/// A key far from the intended one, slipped in or struck instead: about an
/// eighth of a neighbour (judgement: no share of substitutions on adjacent
/// keys was found, T6).
const FAR_KEY_TYPING: f64 = 0.1;
/// How a replacement by a far key reads (V5: substitutions deceive; less
/// than a neighbour's, judgement).
const FAR_REPLACEMENT_VISUAL: f64 = 0.5;
/// The key at the same place on another layout in use: non-US layouts are
/// targeted (P4); the value is judgement.
const OTHER_LAYOUT_TYPING: f64 = 0.4;
/// One vowel for another: vowels are error-prone (T7); judgement.
const VOWEL_TYPING: f64 = 0.3;
/// Two neighbours swapped: a Damerau class outside T3's top three
/// (judgement on the value); swaps deceive most (V5) and cost little
/// reading inside a word (P2).
const TRANSPOSITION: (f64, f64) = (0.5, 0.7);
/// A hyphen added or dropped: a minor category of T3 (judgement).
const HYPHEN: (f64, f64) = (0.15, 0.5);
/// An edit of the suffix or across the dot: readers skim the suffix
/// (judgement).
const SUFFIX_EDIT_VISUAL: f64 = 0.5;
/// An edit at the first character: few errors fall there (T7, P1), and a
/// changed first letter is the easiest to notice (P2).
const FIRST_CHARACTER: (f64, f64) = (0.3, 0.4);
/// An edit at the last character is noticed more than inside (P2: −26%
/// against −11% reading speed).
const LAST_CHARACTER_VISUAL: f64 = 0.7;
/// Labels of [`SHORT_LABEL`] characters or fewer have many real neighbours
/// one edit away (`cnn`/`cnh`); Chromium compares no label under five
/// characters by edit distance (`kMinLengthForEditDistance`): judgement.
const SHORT_LABEL_EDIT: f64 = 0.5;

/// A label's non-ASCII letters written the owner's own ASCII way
/// (`munchen`, `muenchen` for `münchen`). Judgement: as likely typed as the
/// commonest slip (omission, 1.0), and read as the target as a diacritic is
/// (0.5, see the visual weights).
const TRANSLITERATED: (f64, f64) = (1.0, 0.5);

/// The most typing likelihood a finding of `kind` carries: each kind's
/// own weight above, or the fixed weight of the explanation that names it
/// (`place.rs`, `combo.rs`, the lookalike units of `visual.rs`), before the
/// factors that only lower it (first character, short label). It bounds a
/// generated name's priority before the name is scored
/// ([`priority_bound`]), so a short list leaves out
/// the names no kind of which can reach it; [`Model::score`] holds every
/// finding to it.
pub(crate) fn most_typing(kind: Kind) -> f64 {
    match kind {
        // A dropped letter, or a dropped article (`combo.rs`, at most 0.3).
        Kind::Omission => OMISSION.0,
        Kind::Repetition => REPETITION.0,
        Kind::Insertion | Kind::Addition => NEAR_INSERTION.0,
        // A neighbouring key, another layout's, a far one; or the owner's
        // own ASCII spelling of a label.
        Kind::Replacement => NEAR_REPLACEMENT.0.max(TRANSLITERATED.0),
        Kind::Transposition => TRANSPOSITION.0,
        // One vowel for another; several swapped count less.
        Kind::VowelSwap => VOWEL_TYPING,
        // A bit flip is named only where no nearer slip explains the
        // letter: a far key.
        Kind::Bitsquat => FAR_KEY_TYPING,
        // One lookalike unit at most; a second multiplies by a tenth.
        Kind::Homoglyph | Kind::IdnHomoglyph => ZERO_FOR_O_TYPING,
        Kind::Hyphenation => HYPHEN.0,
        Kind::DotInsertion => DOT_INSERTED.0,
        Kind::DotOmission => DOT_DROPPED.0,
        // A sibling, an unrelated suffix or the suffix folded in type less.
        Kind::SuffixConfusion => SUFFIX_SHORTENED.0.max(SUFFIX_HABITUAL.0),
        // An edit of the suffix: any slip's.
        Kind::TldSwap => 1.0,
        Kind::Combosquat | Kind::TargetEmbedding => 0.0,
    }
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
                    (
                        at,
                        Kind::Hyphenation,
                        HYPHEN.0,
                        HYPHEN.1,
                        Change::HyphenDropped,
                    )
                } else {
                    (at, Kind::Omission, OMISSION.0, OMISSION.1, Change::Lost(ch))
                }
            }
            Edit::Insert { at, ch } => {
                let prev = at.checked_sub(1).map(|i| target[i]);
                let next = target.get(at).copied();
                if ch == '-' {
                    (
                        at,
                        Kind::Hyphenation,
                        HYPHEN.0,
                        HYPHEN.1,
                        Change::HyphenInserted,
                    )
                } else if prev == Some(ch) || next == Some(ch) {
                    (
                        at,
                        Kind::Repetition,
                        REPETITION.0,
                        REPETITION.1,
                        Change::Doubled(ch),
                    )
                } else {
                    let near = [prev, next].into_iter().flatten();
                    let adjacency = near
                        .map(|k| self.adjacency(t.layout, k, ch))
                        .fold(0.0, f64::max);
                    let typing = (NEAR_INSERTION.0 * adjacency).max(FAR_KEY_TYPING);
                    let near = adjacency > 0.0;
                    if next.is_none() {
                        (
                            at,
                            Kind::Addition,
                            typing,
                            NEAR_INSERTION.1,
                            Change::Added { ch, near },
                        )
                    } else {
                        (
                            at,
                            Kind::Insertion,
                            typing,
                            NEAR_INSERTION.1,
                            Change::SlippedIn { ch, near },
                        )
                    }
                }
            }
            Edit::Substitute { at, to } => {
                let from = target[at];
                let adjacency = self.adjacency(t.layout, from, to);
                let swap = self.layout_swap(t.layout, from, to);
                let mut typing = (NEAR_REPLACEMENT.0 * adjacency).max(FAR_KEY_TYPING);
                let (kind, change) = if adjacency > 0.0 {
                    (Kind::Replacement, Change::Neighbour { from, to })
                } else if let Some(layout) = swap {
                    typing = typing.max(OTHER_LAYOUT_TYPING);
                    (Kind::Replacement, Change::OtherLayout { from, to, layout })
                } else if is_vowel(from) && is_vowel(to) {
                    typing = typing.max(VOWEL_TYPING);
                    (Kind::VowelSwap, Change::Vowel { from, to })
                } else if one_bit_apart(from, to) {
                    (Kind::Bitsquat, Change::BitFlip { from, to })
                } else {
                    (Kind::Replacement, Change::Replaced { from, to })
                };
                let visual = if adjacency > 0.0 {
                    NEAR_REPLACEMENT.1
                } else {
                    FAR_REPLACEMENT_VISUAL
                };
                (at, kind, typing, visual, change)
            }
            Edit::Transpose { at } => {
                let (a, b) = (target[at], target[at + 1]);
                (
                    at,
                    Kind::Transposition,
                    TRANSPOSITION.0,
                    TRANSPOSITION.1,
                    Change::Swapped { a, b },
                )
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
            Place::Suffix(_) | Place::Name(_) => SUFFIX_EDIT_VISUAL,
            Place::Label(_) => visual,
        };
        if at == 0 {
            typing *= FIRST_CHARACTER.0;
            visual *= FIRST_CHARACTER.1;
        } else if at + 1 >= n {
            visual *= LAST_CHARACTER_VISUAL;
        }
        visual *= length_factor(n);
        // A label of three characters or fewer has many real neighbours one
        // edit away (`cnn`/`cnh`, `si`/`so`): Chromium does not compare
        // labels under five characters by edit distance at all
        // (`kMinLengthForEditDistance`); here they count half (judgement,
        // from the precision study in README.md).
        if n <= SHORT_LABEL && matches!(place, Place::Label(_)) {
            typing *= SHORT_LABEL_EDIT;
            visual *= SHORT_LABEL_EDIT;
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
        found.then(|| {
            let what = What::Transliterated { label: t.label };
            Finding::new(Kind::Replacement, TRANSLITERATED.0, TRANSLITERATED.1, what)
        })
    }
}
