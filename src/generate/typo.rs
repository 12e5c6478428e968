//! Typing mistakes: what fingers do to a label.
//!
//! Omission, repetition, insertion of a neighbouring key, addition at the end,
//! replacement by a neighbouring key (or the key at the same place on another
//! layout), transposition, vowel swaps, and bit flips. The classic single-edit
//! classes of Damerau (1964) and Pollock & Zamora (1983), with keyboard
//! adjacency from [`Keyboards`](crate::keyboard::Keyboards).

use super::Sink;
use crate::keyboard::HOST_CHARS;
use crate::score::{MAX_UNITS, Model};

const VOWELS: [char; 5] = ['a', 'e', 'i', 'o', 'u'];

pub(super) fn omission(label: &[char], sink: &mut Sink) {
    for i in 0..label.len() {
        sink.label_with(|b| {
            b.extend(&label[..i]);
            b.extend(&label[i + 1..]);
        });
    }
}

pub(super) fn repetition(label: &[char], sink: &mut Sink) {
    for i in 0..label.len() {
        sink.label_with(|b| {
            b.extend(&label[..=i]);
            b.extend(&label[i..]);
        });
    }
}

pub(super) fn transposition(label: &[char], sink: &mut Sink) {
    for i in 0..label.len().saturating_sub(1) {
        sink.label_with(|b| {
            b.extend(&label[..i]);
            b.extend([label[i + 1], label[i]]);
            b.extend(&label[i + 2..]);
        });
    }
}

/// `label` with `c` in place of the character at `i`.
fn replaced(b: &mut String, label: &[char], i: usize, c: char) {
    b.extend(&label[..i]);
    b.push(c);
    b.extend(&label[i + 1..]);
}

/// The keys next to `c` on every layout in use.
fn neighbours(model: &Model, c: char) -> Vec<char> {
    let mut near: Vec<char> = model
        .layouts
        .iter()
        .flat_map(|&l| model.keyboards.neighbours(l, c))
        .collect();
    near.sort_unstable();
    near.dedup();
    near
}

/// Every letter or digit at every inner position and before the first: the
/// neighbouring keys are the likely ones (the model ranks them first), and the
/// rest are what twistrs's insertion-style bit flips produce.
pub(super) fn insertion(label: &[char], sink: &mut Sink) {
    for i in 0..label.len() {
        for k in HOST_CHARS.chars().filter(|c| *c != '-') {
            sink.label_with(|b| {
                b.extend(&label[..i]);
                b.push(k);
                b.extend(&label[i..]);
            });
        }
    }
}

pub(super) fn addition(label: &[char], sink: &mut Sink) {
    for c in HOST_CHARS.chars().filter(|c| *c != '-') {
        sink.label_with(|b| {
            b.extend(label);
            b.push(c);
        });
    }
}

pub(super) fn replacement(model: &Model, label: &[char], sink: &mut Sink) {
    for i in 0..label.len() {
        let mut keys = neighbours(model, label[i]);
        for &from in &model.layouts {
            for &to in &model.layouts {
                if from != to {
                    keys.extend(model.keyboards.layout_swap(from, to, label[i]));
                }
            }
        }
        keys.sort_unstable();
        keys.dedup();
        for k in keys {
            sink.label_with(|b| replaced(b, label, i, k));
        }
    }
}

/// Single vowel swaps, and (twistrs's vowel shuffle) every combination of
/// vowels over the label's vowel positions, up to [`MAX_UNITS`] changed.
pub(super) fn vowel_swap(label: &[char], sink: &mut Sink) {
    let positions: Vec<usize> = (0..label.len())
        .filter(|&i| VOWELS.contains(&label[i]))
        .collect();
    // Enumerate subsets of positions of size 1..=MAX_UNITS (bounded: at most
    // C(63, 4) subsets would be far too many, so subsets of more than one
    // position are taken only among the first eight vowels).
    let mut current = label.to_vec();
    fn walk(
        positions: &[usize],
        start: usize,
        changed: usize,
        limit: usize,
        current: &mut Vec<char>,
        original: &[char],
        sink: &mut Sink,
    ) {
        for p in start..positions.len() {
            let at = positions[p];
            for v in VOWELS {
                if v == original[at] {
                    continue;
                }
                current[at] = v;
                sink.label_with(|b| b.extend(current.iter()));
                if changed + 1 < limit {
                    walk(
                        positions,
                        p + 1,
                        changed + 1,
                        limit,
                        current,
                        original,
                        sink,
                    );
                }
            }
            current[at] = original[at];
        }
    }
    let multi = positions.len() <= 8;
    let limit = if multi { MAX_UNITS } else { 1 };
    walk(&positions, 0, 0, limit, &mut current, label, sink);
}

pub(super) fn bitsquat(label: &[char], sink: &mut Sink) {
    for i in 0..label.len() {
        let c = label[i];
        if !c.is_ascii() {
            continue;
        }
        for bit in 0..7 {
            let flipped = char::from((c as u8) ^ (1 << bit));
            let flipped = flipped.to_ascii_lowercase();
            if flipped != c && HOST_CHARS.contains(flipped) {
                sink.label_with(|b| replaced(b, label, i, flipped));
            }
        }
    }
}
