//! Slips of the eye: glyphs that look alike, unit by unit, and the scripts a
//! label mixes, which decide whether a browser shows it at all.

use super::*;

/// The scripts of a label's letters, ignoring Common and Inherited.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(super) enum ScriptMix {
    Ascii,
    Single(Script),
    Mixed(Script, Script),
}

/// The script mix of `label`, with `script` giving a character's script
/// (`UnicodeScript::script`, or the same through a table).
pub(super) fn script_mix(label: &str, script: impl Fn(char) -> Script) -> ScriptMix {
    if label.is_ascii() {
        return ScriptMix::Ascii;
    }
    let mut first: Option<Script> = None;
    for c in label.chars() {
        // ASCII needs no table look-up: letters are Latin, the rest Common.
        let s = if c.is_ascii_alphabetic() {
            Script::Latin
        } else if c.is_ascii() {
            continue;
        } else {
            script(c)
        };
        if matches!(s, Script::Common | Script::Inherited | Script::Unknown) {
            continue;
        }
        match first {
            None => first = Some(s),
            Some(f) if f != s => return ScriptMix::Mixed(f, s),
            _ => {}
        }
    }
    ScriptMix::Single(first.unwrap_or(Script::Latin))
}

/// How a candidate's characters line up with the target's, unit by unit
/// (see [`Model::visual_alignment`]).
pub(super) enum Alignment {
    /// Position by position, the lengths being equal: each position that
    /// differs is a unit.
    Positions,
    /// Units as ranges of candidate and target characters, in order.
    Spans(Vec<(Range<usize>, Range<usize>)>),
}

/// Calls `f` with each unit of `alignment` (candidate side, target side), in
/// order.
pub(super) fn for_each_unit(
    cand: &[char],
    target: &[char],
    alignment: &Alignment,
    mut f: impl FnMut(&[char], &[char]),
) {
    match alignment {
        Alignment::Positions => {
            for (a, b) in cand.iter().zip(target) {
                if a != b {
                    f(std::slice::from_ref(a), std::slice::from_ref(b));
                }
            }
        }
        Alignment::Spans(spans) => {
            for (a, b) in spans {
                f(&cand[a.clone()], &target[b.clone()]);
            }
        }
    }
}

/// `a == b` for units of a character or two, compared in place: slice
/// equality calls `memcmp`, whose call costs more than the comparison here
/// (the alignment compares thousands of units per target).
pub(super) fn same(a: &[char], b: &[char]) -> bool {
    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| x == y)
}

/// Two-character units on both sides exist only for ASCII pairs (`kk`/`ck`);
/// anything else is two one-character units.
pub(super) fn is_ascii_pair(unit: &[char]) -> bool {
    unit.iter().all(char::is_ascii)
}

/// The typing weight of a zero for an `o` or back, the one lookalike unit
/// credited with a slip; any other ASCII lookalike counts 0.05, any other
/// glyph nothing (judgement).
pub(super) const ZERO_FOR_O_TYPING: f64 = 0.3;

impl Model {
    /// Glyphs that look alike, unit by unit (see [`Model::visual_alignment`]).
    /// `mix` is the candidate label's.
    pub(super) fn homoglyph<'a>(
        &self,
        chars: &[char],
        t: &'a Target<'_>,
        mix: ScriptMix,
    ) -> Option<Finding<'a>> {
        let skeleton = || t.skeleton(self.confusables);
        let (typing, weight, units) = self.lookalikes(chars, t.chars(), skeleton, t.label, mix)?;
        let (kind, display) = match mix {
            // Short ASCII labels meet by chance (`ml`/`mi`, `gq`/`qq`): half,
            // as for the edits of short labels.
            ScriptMix::Ascii if t.char_count <= SHORT_LABEL => (Kind::Homoglyph, 0.5),
            ScriptMix::Ascii => (Kind::Homoglyph, 1.0),
            ScriptMix::Single(_) => (Kind::IdnHomoglyph, 1.0),
            ScriptMix::Mixed(..) => (Kind::IdnHomoglyph, MIXED_SCRIPT),
        };
        let what = What::Homoglyph(units);
        Some(Finding::new(kind, typing, weight * display, what))
    }

    /// A homoglyph of the suffix's first label that moves the split:
    /// `bbc.ƈo.uk` for `bbc.co.uk` belongs to whoever registers `ƈo.uk`.
    ///
    /// Scored as the homoglyph it is, with the glyph weights of the label's
    /// homoglyphs, because a glyph looks alike wherever it stands; reach is
    /// that of the new owner's suffix (`.uk`, open), as for any name that
    /// moved the split (`bbc.cco.uk`). Unlike a short label alone (`co.com`
    /// for `cc.com`), the label is not halved for its length: it is read in
    /// its place inside the whole familiar name, not met by chance. The
    /// registrant of `ƈo.uk` holds a lookalike of every `.co.uk` name at
    /// once, so each such name is as real a threat as a homoglyph of the
    /// label itself (judgement; twistrs generates them).
    pub(super) fn suffix_homoglyph<'a>(
        &self,
        cand: &Candidate<'a>,
        t: &'a Target<'_>,
    ) -> Option<Finding<'a>> {
        // The target's suffix is a first label, a dot and the candidate's
        // suffix (`co` and `uk` of `co.uk`). Bytes, not `split_once`: this
        // runs for every candidate under another suffix.
        let dot = t.suffix.len().checked_sub(cand.suffix.len() + 1)?;
        let first = t.suffix.get(..dot)?;
        let joined = t.suffix.as_bytes().get(dot) == Some(&b'.');
        if !joined || !t.suffix.ends_with(cand.suffix) || first.contains('.') {
            return None;
        }
        let target_label = t.domain?.unicode_label();
        let sub = cand.sub.rsplit('.').next()?;
        if sub != target_label {
            return None;
        }
        let (mut stack, mut heap) = (['\0'; 64], Vec::new());
        let chars = chars_of(cand.label, &mut stack, &mut heap);
        let target: Vec<char> = first.chars().collect();
        let skeleton = self.confusables.skeleton(first);
        let mix = script_mix(cand.label, |c| self.confusables.script(c));
        let (typing, weight, units) =
            self.lookalikes(chars, &target, || skeleton.as_str(), t.suffix, mix)?;
        let (kind, display) = match mix {
            ScriptMix::Ascii => (Kind::Homoglyph, 1.0),
            ScriptMix::Single(_) => (Kind::IdnHomoglyph, 1.0),
            ScriptMix::Mixed(..) => (Kind::IdnHomoglyph, MIXED_SCRIPT),
        };
        let what = What::SuffixHomoglyph(units);
        Some(Finding::new(kind, typing, weight * display, what))
    }

    /// How `chars` reads as `target` glyph by glyph
    /// ([`Model::visual_alignment`]): the typing weight, the visual weight
    /// and the units for the reason, in `label`.
    pub(super) fn lookalikes<'a, 's>(
        &self,
        chars: &[char],
        target: &[char],
        skeleton: impl FnOnce() -> &'s str,
        label: &'a str,
        mix: ScriptMix,
    ) -> Option<(f64, f64, Lookalikes<'a>)> {
        let (weight, alignment) = self.visual_alignment(chars, target, skeleton)?;
        let mut typing: f64 = 1.0;
        let mut shown = [(Unit::default(), Unit::default()); SHOWN_UNITS];
        let mut count = 0;
        for_each_unit(chars, target, &alignment, |from, to| {
            typing *= match (from, to) {
                (['0'], ['o']) | (['o'], ['0']) => ZERO_FOR_O_TYPING,
                (f, _) if f.iter().all(char::is_ascii) => 0.05,
                _ => 0.0,
            };
            if count > 0 {
                typing *= 0.1;
            }
            if let Some(slot) = shown.get_mut(count) {
                *slot = (Unit::of(from), Unit::of(to));
            }
            count += 1;
        });
        let units = Lookalikes {
            shown,
            count,
            label,
            mix,
        };
        Some((typing, weight, units))
    }

    /// The best way to read `cand` as `target` through lookalike units of one
    /// or two characters ([`Confusables::unit_weight`]): the product of the
    /// unit weights and the units that differ, or `None` when more than
    /// [`MAX_UNITS`] differ or some difference is no lookalike at all.
    ///
    /// Equal lengths are compared position by position; otherwise a dynamic
    /// programme over a diagonal band of width [`MAX_UNITS`] finds the best
    /// alignment in O(length × band) steps.
    ///
    /// The units come back as positions; the reason spells out only the
    /// units it shows.
    pub(super) fn visual_alignment<'s>(
        &self,
        cand: &[char],
        target: &[char],
        target_skeleton: impl FnOnce() -> &'s str,
    ) -> Option<(f64, Alignment)> {
        // Whole-script and other skeleton-equal spoofs may change every letter;
        // the unit cap bounds only the looser, weighted lookalikes. The
        // skeleton is computed only when the cap would bite.
        let differing = cand.iter().zip(target).filter(|(a, b)| a != b).count();
        if differing == 0 && cand.len() == target.len() {
            // The target itself.
            return None;
        }
        let uncapped = (differing > MAX_UNITS || cand.len() != target.len())
            && self.confusables.skeleton_is(cand, target_skeleton());
        let cap = if uncapped { usize::MAX } else { MAX_UNITS };
        if cand.len() == target.len() && differing <= cap {
            let mut weight = 1.0;
            let mut all_related = true;
            for (a, b) in cand.iter().zip(target) {
                if a == b {
                    continue;
                }
                let unit = (std::slice::from_ref(a), std::slice::from_ref(b));
                match self.confusables.unit_weight_chars(unit.0, unit.1) {
                    Some(w) => weight *= f64::from(w),
                    None => {
                        all_related = false;
                        break;
                    }
                }
            }
            if all_related {
                return Some((weight, Alignment::Positions));
            }
        }
        if cap == MAX_UNITS && cand.len().abs_diff(target.len()) > MAX_UNITS {
            return None;
        }
        self.align_units(cand, target, cap)
    }

    pub(super) fn align_units(
        &self,
        cand: &[char],
        target: &[char],
        cap: usize,
    ) -> Option<(f64, Alignment)> {
        #[derive(Clone, Copy)]
        struct Cell {
            weight: f64,
            units: usize,
            from: (usize, usize),
        }
        let (n, m) = (cand.len(), target.len());
        let band = MAX_UNITS.max(n.abs_diff(m));
        // Only cells inside the band are ever expanded, and the end cell is
        // inside it, so only they are stored: row `i` holds the columns from
        // `first(i)`, at most `width` of them.
        let width = (2 * band + 1).min(m + 1);
        let first = |i: usize| i.saturating_sub(band);
        let index = |i: usize, j: usize| {
            (i <= n && j <= m && i.abs_diff(j) <= band).then(|| i * width + j - first(i))
        };
        let mut cells: Vec<Option<Cell>> = vec![None; (n + 1) * width];
        cells[0] = Some(Cell {
            weight: 1.0,
            units: 0,
            from: (0, 0),
        });
        for i in 0..=n {
            for j in first(i)..=m.min(i + band) {
                let Some(here) = index(i, j).and_then(|k| cells[k]) else {
                    continue;
                };
                let mut relax = |ni: usize, nj: usize, weight: f64, units: usize| {
                    // A cell outside the band is never expanded: skip it.
                    let Some(k) = index(ni, nj) else {
                        return;
                    };
                    let slot = &mut cells[k];
                    let better = match slot {
                        None => true,
                        Some(c) => weight > c.weight || (weight == c.weight && units < c.units),
                    };
                    if better {
                        *slot = Some(Cell {
                            weight,
                            units,
                            from: (i, j),
                        });
                    }
                };
                if i < n && j < m && cand[i] == target[j] {
                    relax(i + 1, j + 1, here.weight, here.units);
                }
                if here.units >= cap {
                    continue;
                }
                for la in 1..=2 {
                    for lb in 1..=2 {
                        if (la, lb) == (2, 2)
                            && !(i + 2 <= n
                                && j + 2 <= m
                                && is_ascii_pair(&cand[i..i + 2])
                                && is_ascii_pair(&target[j..j + 2]))
                        {
                            continue;
                        }
                        if i + la > n || j + lb > m || same(&cand[i..i + la], &target[j..j + lb]) {
                            continue;
                        }
                        let (a, b) = (&cand[i..i + la], &target[j..j + lb]);
                        if let Some(w) = self.confusables.unit_weight_chars(a, b) {
                            relax(i + la, j + lb, here.weight * f64::from(w), here.units + 1);
                        }
                    }
                }
            }
        }
        let end = cells[index(n, m)?]?;
        let mut spans = Vec::new();
        let (mut i, mut j) = (n, m);
        while (i, j) != (0, 0) {
            let cell = cells[index(i, j)?]?;
            let (pi, pj) = cell.from;
            if cand[pi..i] != target[pj..j] {
                spans.push((pi..i, pj..j));
            }
            (i, j) = (pi, pj);
        }
        spans.reverse();
        (!spans.is_empty()).then_some((end.weight, Alignment::Spans(spans)))
    }
}
