//! The visual family, per suffix: a target is filed under its label's
//! [`visual_key`] and its label with every vowel masked, in the scope of
//! its suffix; a candidate under a protected suffix probes both. They serve
//! homoglyphs, ASCII and Unicode, up to [`MAX_UNITS`](crate::score::MAX_UNITS)
//! units, and vowel shuffles (`pypel`, `paypol`).
//!
//! The model tries a homoglyph only where the candidate's key is the
//! target's (see `TargetFacts`), so the key is kept with each target.

use std::sync::LazyLock;

use super::super::keys::{Table, key, poly, step};
use super::{Filing, Probe, Proposals};
use crate::confusables::Confusables;

/// Files the target; returns its visual key.
pub(super) fn index(
    t: &Filing<'_>,
    confusables: &Confusables,
    text: &mut String,
    out: &mut Vec<(u64, u32)>,
) -> u64 {
    let label = t.domain.unicode_label();
    let v = visual_key(confusables, label, text);
    out.push((key(Table::Visual, t.sid, v), t.id));
    out.push((key(Table::Vowels, t.sid, vowel_key(label)), t.id));
    v
}

#[inline]
pub(super) fn probe(p: &Probe<'_>, out: &mut Proposals<'_>) {
    let Some(sid) = p.sid else {
        return;
    };
    let v = visual_key(p.index.model.confusables, p.label, out.text);
    out.visual_key = Some(v);
    out.add(p.get(Table::Visual, sid, v));
    out.add(p.get(Table::Vowels, sid, vowel_key(p.label)));
}

/// The label with every vowel masked, for vowel shuffles (`pypel`, `paypol`).
fn vowel_key(label: &str) -> u64 {
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
pub(in crate::matcher) fn visual_key(
    confusables: &Confusables,
    label: &str,
    buf: &mut String,
) -> u64 {
    if label.is_ascii() {
        return ascii_visual_key(label);
    }
    buf.clear();
    confusables.skeleton_into(label, buf);
    let mut h = 0;
    let mut last = None;
    for class in buf.chars().filter_map(weak_class) {
        if last != Some(class) {
            h = step(h, class);
            last = Some(class);
        }
    }
    h
}

/// [`visual_key`] of an ASCII label, most labels: the classes of its bytes
/// are read from a table, with no skeleton text built (writing it out was
/// half the key's cost; reading each byte's skeleton and classes one at a
/// time, 1.2% of a check: callgrind, 49,526 names against 1,000).
fn ascii_visual_key(label: &str) -> u64 {
    let classes = &*ASCII_CLASSES;
    let mut h = 0;
    let mut last = NO_CLASS;
    for b in label.bytes() {
        for &class in &classes[usize::from(b & 0x7f)] {
            if class != NO_CLASS && class != last {
                h = step(h, char::from(class));
                last = class;
            }
        }
    }
    h
}

/// Steps 1 and 2 of the key for each ASCII byte: the weak classes of its
/// skeleton, in order, [`NO_CLASS`] past its end (`m` → `rn` → `nn`; `l`
/// and `1` → none). There is one set of confusables
/// ([`Confusables::get`]), so the table is made once.
static ASCII_CLASSES: LazyLock<[[u8; 2]; 128]> =
    LazyLock::new(|| ascii_classes(Confusables::get()));

/// The table of [`ASCII_CLASSES`] for `confusables`' ASCII skeleton. An
/// ASCII skeleton is one or two characters (`m` → `rn`, `w` → `vv`), which a
/// test checks.
fn ascii_classes(confusables: &Confusables) -> [[u8; 2]; 128] {
    let mut table = [[NO_CLASS; 2]; 128];
    for (b, classes) in (0u8..).zip(table.iter_mut()) {
        let lower = char::from(b.to_ascii_lowercase()).to_string();
        let skeleton = confusables.ascii_skeleton(b).unwrap_or(&lower);
        let weak = skeleton.chars().filter_map(weak_class);
        for (slot, class) in classes.iter_mut().zip(weak) {
            *slot = u8::try_from(class).unwrap_or(NO_CLASS);
        }
    }
    table
}

/// An empty slot of [`ASCII_CLASSES`]: not ASCII, so no class.
const NO_CLASS: u8 = u8::MAX;

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
    fn the_ascii_table_holds_every_class_of_every_skeleton() {
        let c = Confusables::get();
        for b in 0..128u8 {
            let lower = char::from(b.to_ascii_lowercase()).to_string();
            let skeleton = c.ascii_skeleton(b).unwrap_or(&lower);
            let classes: Vec<char> = skeleton.chars().filter_map(weak_class).collect();
            assert!(
                classes.len() <= 2 && classes.iter().all(char::is_ascii),
                "{b}"
            );
            let in_table: Vec<char> = ASCII_CLASSES[usize::from(b)]
                .iter()
                .filter(|&&class| class != NO_CLASS)
                .map(|&class| char::from(class))
                .collect();
            assert_eq!(in_table, classes, "byte {b}");
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
        let top = include_str!("../../../data/top-domains.txt");
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
