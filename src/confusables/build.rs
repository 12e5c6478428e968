//! Building the confusable tables: the ASCII tier that every process builds,
//! and the two that wait for a character outside ASCII (see
//! [`Confusables`]).
//!
//! What each costs for the embedded data (callgrind, instructions, on
//! `lookalike compare` with an ASCII and with a Cyrillic candidate):
//!
//! | tier | built | cost |
//! | --- | --- | --- |
//! | ASCII: skeletons, ASCII stand-ins and chains, weak lookalikes, unit weights | [`Confusables::build`], by every process that scores | 0.8 M |
//! | prototypes: `confusables.txt` | [`Prototypes::parse`], on the first skeleton or fold outside ASCII | 5.8 M |
//! | glyph table: stand-ins outside ASCII, their chains, what the scorer keeps about each | [`Confusables::build_unicode`], on the first glyph asked for | 16.4 M |
//!
//! One build did all of it before, for 50 M. Besides the split, these
//! removed work that changed no table (a test compared every table, byte
//! for byte, before and after):
//!
//! - `confusables.txt`: each field was cut by char searchers, parsed into a
//!   new `String` and each prototype boxed; now the fields are read from
//!   the bytes and the prototypes written into one string;
//! - for each of 128 ASCII characters, twice, each of 128 others was tried
//!   against every weak lookalike (5.3 M); now the weak lookalikes are read
//!   once into bit sets, and the characters that take no unit of two
//!   skipped ([`Confusables::settle_units_of_two`]);
//! - the weights of the 1,369 pairs of LDH characters went through heap
//!   skeletons (2.7 M); now through [`Confusables::ascii_unit_weight`],
//!   which a test holds to the general rule;
//! - each of the 7,200 candidate characters of the glyph table got a heap
//!   skeleton, looked up by SipHash among the letters'; now a stack
//!   buffer and an integer key (7.3 M remain, most of it NFD);
//! - 1,290 candidates took the UTS #46 round trip (two calls into `idna`,
//!   some 3,000 instructions each); now the 605 letters and digits that
//!   NFKC leaves alone (3.4 M), since UTS #46 maps the others
//!   ([`idna_keeps`]).

use std::ops::Range;
use std::sync::OnceLock;

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
use rustc_hash::FxHashMap;
use unicode_normalization::{IsNormalized, is_nfkc_quick};
use unicode_script::{Script, UnicodeScript};

use super::{
    ASCII_PAIRS, ASCII_STRONG, AsciiUnit, Confusables, Glyph, GlyphChars, LATIN_EXTRAS, LDH,
    MIN_CHAIN, Prototypes, SmallText, TextOut, Unicode, WEAK_LOOKALIKES,
    ascii_one_letter_stand_ins, fold_to,
};

const CONFUSABLES: &str = include_str!("../../data/confusables.txt");

/// The glyph table's lists by letter, and the chains of two steps by
/// letter, each with its first step.
type Glyphs = FxHashMap<char, Vec<Glyph>>;
type Chains = FxHashMap<char, Vec<(Box<str>, Glyph)>>;

impl Confusables {
    /// The ASCII tier; the others wait in their `OnceLock`s.
    pub(super) fn build() -> Confusables {
        let ascii_skeleton = ascii_skeleton_table();
        let mut ascii_units = [AsciiUnit::default(); 128];
        for (b, unit) in (0u8..).zip(ascii_units.iter_mut()) {
            match ascii_skeleton[usize::from(b)] {
                Some(mapped) => mapped.bytes().for_each(|m| unit.push(m)),
                None => unit.push(b.to_ascii_lowercase()),
            }
        }
        let mut tables = Confusables {
            ascii_skeleton,
            ascii_glyphs: FxHashMap::default(),
            ascii_pairs: FxHashMap::default(),
            ldh_units: Vec::new(),
            weak: Vec::new(),
            weak_ascii: FxHashMap::default(),
            ascii_units,
            takes_two: [[0; 2]; 128],
            stands_for_two: [false; 128],
            prototypes: OnceLock::new(),
            unicode: OnceLock::new(),
        };
        tables.weak = tables.weak_lookalikes();
        // In list order: the first entry for a pair wins, as a search would.
        for (c, t, w) in &tables.weak {
            if let (Some(c), Some(t)) = (AsciiUnit::of(c.as_bytes()), AsciiUnit::of(t.as_bytes())) {
                tables.weak_ascii.entry((c.key(), t.key())).or_insert(*w);
            }
        }
        tables.settle_units_of_two();
        tables.ascii_glyphs = tables.ascii_glyphs();
        tables.ascii_pairs = one_character_pairs(&tables.ascii_glyphs, true);
        tables.ldh_units = tables.ldh_units();
        tables
    }

    /// [`WEAK_LOOKALIKES`], then the two-step ASCII chains that are not
    /// skeleton-equal to their letter.
    fn weak_lookalikes(&self) -> Vec<(Box<str>, Box<str>, f32)> {
        let mut weak: Vec<(Box<str>, Box<str>, f32)> = WEAK_LOOKALIKES
            .iter()
            .map(|&(c, t, w)| (c.into(), t.into(), w))
            .collect();
        for (cand, target, w, _) in self.ascii_chains() {
            if self.skeleton(&cand) != self.skeleton(target.encode_utf8(&mut [0; 4])) {
                weak.push((cand.into(), target.to_string().into(), w));
            }
        }
        weak
    }

    /// Fills [`Confusables::takes_two`] and [`Confusables::stands_for_two`].
    ///
    /// A unit of two ASCII characters has a skeleton of at least two
    /// bytes, and one character's skeleton has one or two: equal skeletons
    /// need the single character's to have two. Otherwise only a weak
    /// lookalike of that shape can relate them.
    fn settle_units_of_two(&mut self) {
        // For each target byte and place in a unit of two, the bytes a weak
        // lookalike of two characters has there (`l` and `c` of `lc` for
        // `k`); and the bytes that are weak lookalikes of some unit of two.
        let mut weak_two = [[0u128; 2]; 128];
        let mut weak_for_two = [false; 128];
        for (c, t, _) in &self.weak {
            match (c.as_bytes(), t.as_bytes()) {
                (&[a, b], &[t]) if t.is_ascii() => {
                    for (at, byte) in [a, b].into_iter().enumerate() {
                        if byte.is_ascii() {
                            weak_two[usize::from(t)][at] |= 1 << byte;
                        }
                    }
                }
                (&[c], &[_, _]) if c.is_ascii() => weak_for_two[usize::from(c)] = true,
                _ => {}
            }
        }
        for b in 0..128u8 {
            let skeleton = self.ascii_skeleton[usize::from(b)];
            let two = skeleton.is_some_and(|m| m.len() == 2);
            // `a` at place `at` of the unit of two: equal skeletons need
            // `a`'s to be that byte of `b`'s; a weak lookalike folds `a` to
            // lower case.
            for (at, bits) in self.takes_two[usize::from(b)].iter_mut().enumerate() {
                // Most characters take no unit of two at all.
                if !two && weak_two[usize::from(b)][at] == 0 {
                    continue;
                }
                for a in 0..128u8 {
                    let byte = skeleton.and_then(|m| m.as_bytes().get(at).copied());
                    let by_skeleton =
                        two && self.ascii_units[usize::from(a)].bytes() == [byte.unwrap_or(0)];
                    let by_weak = weak_two[usize::from(b)][at] >> a.to_ascii_lowercase() & 1 == 1;
                    if by_skeleton || by_weak {
                        *bits |= 1 << a;
                    }
                }
            }
            self.stands_for_two[usize::from(b)] =
                two || weak_for_two[usize::from(b.to_ascii_lowercase())];
        }
    }

    /// The ASCII stand-ins of each letter: those of one step, then the
    /// chains of two ASCII steps, sorted as [`Confusables::glyphs`] sorts.
    fn ascii_glyphs(&self) -> Glyphs {
        let mut glyphs = ascii_stand_ins();
        join(
            &mut glyphs,
            &mut Chains::default(),
            self.ascii_chain_glyphs(),
        );
        sorted(glyphs)
    }

    /// [`Confusables::unit_weight`] of every pair of [`LDH`] characters.
    fn ldh_units(&self) -> Vec<Option<f32>> {
        let mut units = Vec::with_capacity(LDH.len() * LDH.len());
        for &c in LDH {
            for &t in LDH {
                let weight = match self.ascii_pairs.get(&(char::from(c), char::from(t))) {
                    Some(&w) => Some(w),
                    None => self.ascii_unit_weight(&[c], &[t]),
                };
                units.push(weight);
            }
        }
        units
    }

    /// The glyph table and what the scorer keeps about its characters
    /// outside ASCII.
    pub(super) fn build_unicode(&self) -> Unicode {
        let (glyphs, one_step, chains) = self.build_glyphs();
        let pairs = one_character_pairs(&glyphs, false);
        let mut safe = GlyphChars::default();
        for &(c, _) in pairs.keys() {
            safe.insert(c, self.glyph_char(c));
        }
        Unicode {
            glyphs,
            one_step,
            chains,
            pairs,
            safe,
        }
    }

    /// Chains of two ASCII steps, as dnstwist's second pass makes them: a
    /// one-step ASCII stand-in ([`ASCII_STRONG`], [`WEAK_LOOKALIKES`]) with
    /// one of its letters, or its run of one letter, replaced in turn by
    /// that letter's ASCII stand-in: `rr` for `m` (`rn`, then `r` for `n`),
    /// `cl` for `b` (`d`, then `cl` for `d`), `1b` for `b` (`lb`, then `1`
    /// for `l`). `(stand-in, letter, weight)`, the weight the product of
    /// the two steps; kept when it has at most two characters (the units of
    /// [`Confusables::unit_weight`]), weighs at least [`MIN_CHAIN`], is not
    /// already a one-step stand-in of the letter, and does not write the
    /// letter back (`mn` for `m` is an insertion). In a fixed order, each
    /// with its first step.
    pub(super) fn ascii_chains(&self) -> Vec<(String, char, f32, &'static str)> {
        let steps: Vec<(&str, char, f32)> = ascii_one_letter_stand_ins().collect();
        let mut out: Vec<(String, char, f32, &'static str)> = Vec::new();
        for &(first, letter, w1) in &steps {
            let chars: Vec<char> = first.chars().collect();
            let mut spans: Vec<Range<usize>> = (0..chars.len()).map(|i| i..i + 1).collect();
            if let [a, b] = chars[..]
                && a == b
            {
                spans.push(0..2);
            }
            for span in spans {
                let from = chars[span.start];
                for &(second, _, w2) in steps.iter().filter(|s| s.1 == from) {
                    let mut text: String = chars[..span.start].iter().collect();
                    for _ in span.clone() {
                        text.push_str(second);
                    }
                    text.extend(&chars[span.end..]);
                    // Two decimals: `0.36`, not the `0.35999998` of `f32`.
                    let weight = (w1 * w2 * 100.0).round() / 100.0;
                    let is_letter = text.chars().eq([letter]);
                    let one_step = steps.iter().any(|s| s.0 == text && s.1 == letter);
                    // A second step that writes the letter back (`nn` →
                    // `mn` for `m`) leaves the letter with one added: an
                    // insertion, which the typing kinds make and explain.
                    let back = text.contains(letter) && !first.contains(letter);
                    if text.chars().count() > 2
                        || weight < MIN_CHAIN
                        || is_letter
                        || one_step
                        || back
                    {
                        continue;
                    }
                    // The strongest way to a chain wins; the first on a tie.
                    match out.iter_mut().find(|(c, l, ..)| *c == text && *l == letter) {
                        Some(known) if known.2 >= weight => {}
                        Some(known) => (known.2, known.3) = (weight, first),
                        None => out.push((text, letter, weight, first)),
                    }
                }
            }
        }
        out
    }

    /// [`Confusables::ascii_chains`] as chains to join: `(letter, first
    /// step, stand-in)`.
    fn ascii_chain_glyphs(&self) -> impl Iterator<Item = (char, Box<str>, Glyph)> + use<> {
        self.ascii_chains()
            .into_iter()
            .map(|(text, t, weight, first)| {
                let text = text.into();
                (t, first.into(), Glyph { text, weight })
            })
    }

    /// The stand-ins of every ASCII letter and digit, those of one step
    /// only, and the chains of two with their first steps.
    fn build_glyphs(&self) -> (Glyphs, Glyphs, Chains) {
        let mut glyphs = ascii_stand_ins();
        self.add_unicode_stand_ins(&mut glyphs);
        // The stand-ins of one step, before any chain: what a chain's
        // second step may substitute.
        let direct = glyphs.clone();
        let mut chains = Chains::default();
        let chained = weak_lookalikes_wearing_diacritics(&glyphs);
        join(&mut glyphs, &mut chains, chained);
        let one_step = sorted(glyphs.clone());
        // The chains below are left out of `one_step`, so not paired with
        // another step. Chains of two ASCII steps (skeleton-equal ones too:
        // `c1` for `d`, by way of `cl`), then pairs wearing diacritics.
        let chained: Vec<_> = self
            .ascii_chain_glyphs()
            .chain(self.pairs_wearing_diacritics(&direct))
            .collect();
        join(&mut glyphs, &mut chains, chained.into_iter());
        (sorted(glyphs), one_step, chains)
    }

    /// Adds the characters outside ASCII whose skeleton is one ASCII letter
    /// or digit, and which survive IDNA, to that letter's stand-ins.
    fn add_unicode_stand_ins(&self, glyphs: &mut Glyphs) {
        let prototypes = self.prototypes();
        let mut candidates: Vec<char> = prototypes.chars().filter(|c| !c.is_ascii()).collect();
        candidates.extend(('\u{00c0}'..='\u{024f}').chain('\u{1e00}'..='\u{1eff}'));
        // In code point order: the chains read the stand-ins in the order
        // they were added.
        candidates.sort_unstable();
        candidates.dedup();
        let extras: Vec<char> = LATIN_EXTRAS.iter().flat_map(|(_, l)| l.chars()).collect();
        // Skeleton → the ASCII letter (or digit) it reads as: `rn` → `m`;
        // the last with it, so `l` rather than `1`.
        let mut bases: FxHashMap<u64, char> = FxHashMap::default();
        for b in ('0'..='9').chain('a'..='z') {
            bases.insert(self.ascii_units[b as usize].key(), b);
        }
        for c in candidates {
            // The skeleton first: most candidates read as no letter, and
            // it is cheaper than the Unicode properties below.
            let Some(base) = self.base_of(c, &bases) else {
                continue;
            };
            if !c.is_lowercase() && c.is_alphabetic() {
                continue;
            }
            // Letters and digits only: registries refuse symbols such as `¥`
            // or `⍴` however alike they look (IDNA2008 disallows them, RFC
            // 5892 §2.1).
            if !(c.is_alphabetic() || c.is_numeric()) || !idna_keeps(c) {
                continue;
            }
            let from_table = prototypes.contains(c) && !extras.contains(&c);
            let other_script = !matches!(
                c.script(),
                Script::Latin | Script::Common | Script::Inherited
            );
            let weight = match (from_table, other_script) {
                (true, true) => 1.0,
                (true, false) => 0.6,
                (false, _) => 0.5,
            };
            add(glyphs, base, c.encode_utf8(&mut [0; 4]), weight);
        }
    }

    /// The ASCII letter or digit whose skeleton `c`'s is (`ӏ` → `l`), from
    /// `bases`, by skeleton: those skeletons are one or two ASCII bytes,
    /// compared as [`AsciiUnit`] keys.
    fn base_of(&self, c: char, bases: &FxHashMap<u64, char>) -> Option<char> {
        let mut skeleton = SmallText::default();
        self.skeleton_to(std::iter::once(c), false, &mut skeleton);
        let key = AsciiUnit::of(skeleton.bytes()?)?.key();
        bases.get(&key).copied()
    }

    /// A two-letter ASCII stand-in wearing one (`ŗn` for `m`, by way of
    /// `rn`), or a run of one letter wearing it twice (`ññ`, by way of
    /// `nn`), as dnstwist's second pass makes them: the weight halved, as
    /// `unit_weight` halves it. Latin letters only: a letter of another
    /// script makes the label mixed-script, which registries refuse. And
    /// only those `unit_weight` relates to the letter: a hooked letter that
    /// does not fold to its base (`ŋ`) does not make `ŋŋ` read as `nn`, so
    /// not as `m`. `direct`: the stand-ins of one step.
    fn pairs_wearing_diacritics(&self, direct: &Glyphs) -> Vec<(char, Box<str>, Glyph)> {
        let mut chained = Vec::new();
        for (cand, t, weight) in ascii_one_letter_stand_ins() {
            let letters: Vec<char> = cand.chars().collect();
            let [a, b] = letters[..] else {
                continue;
            };
            let spans: &[(bool, bool)] = if a == b {
                &[(true, false), (false, true), (true, true)]
            } else {
                &[(true, false), (false, true)]
            };
            let weight = weight * 0.5;
            if weight < MIN_CHAIN {
                continue;
            }
            for &(first, second) in spans {
                let letter = if first { a } else { b };
                for g in direct.get(&letter).map(Vec::as_slice).unwrap_or(&[]) {
                    let latin = g.text.chars().all(|c| c.script() == Script::Latin);
                    if g.text.is_ascii() || !latin {
                        continue;
                    }
                    let mut text = String::new();
                    for (decorated, c) in [(first, a), (second, b)] {
                        match decorated {
                            true => text.push_str(&g.text),
                            false => text.push(c),
                        }
                    }
                    if self.related(&text, t) {
                        let text = text.into();
                        chained.push((t, cand.into(), Glyph { text, weight }));
                    }
                }
            }
        }
        chained
    }

    /// Whether [`Confusables::unit_weight`] relates `text` to the letter
    /// `t` at all: both skeletons non-empty and equal, or the fold of
    /// `text` a weak lookalike of `t`. The test `unit_weight_in` makes
    /// before it looks a weight up, asked while the glyph table is being
    /// built.
    fn related(&self, text: &str, t: char) -> bool {
        let (mut sc, mut st) = (String::new(), String::new());
        self.skeleton_into(text, &mut sc);
        self.skeleton_into(t.encode_utf8(&mut [0; 4]), &mut st);
        if sc.is_empty() || st.is_empty() {
            return false;
        }
        if sc == st {
            return true;
        }
        let mut folded = String::new();
        fold_to(text, &mut folded);
        let target = t.encode_utf8(&mut [0; 4]).as_bytes().to_vec();
        self.weak
            .iter()
            .any(|(c, w, _)| c.as_bytes() == folded.as_bytes() && w.as_bytes() == target)
    }
}

impl Prototypes {
    /// `confusables.txt`, then the extra Latin letters, which win.
    pub(super) fn parse() -> Prototypes {
        let mut prototypes = Prototypes {
            text: String::with_capacity(32 * 1024),
            // 6,712 mappings in UTS #39 18.0.0.
            places: FxHashMap::with_capacity_and_hasher(8 * 1024, Default::default()),
        };
        for line in crate::tsv::lines(CONFUSABLES) {
            prototypes.read_mapping(line);
        }
        for &(base, letters) in LATIN_EXTRAS.iter() {
            for c in letters.chars() {
                prototypes.insert(c, |text| text.push(base));
            }
        }
        prototypes
    }

    /// Reads one line of `confusables.txt`: `source ; prototype ; type`,
    /// each code point in hex, a `#` comment after. A line whose source is
    /// not one code point, or whose fields do not parse, is skipped.
    fn read_mapping(&mut self, line: &str) {
        let data = match memchr::memchr(b'#', line.as_bytes()) {
            Some(hash) => &line[..hash],
            None => line,
        };
        let mut fields = crate::domain::split_ascii(data, b';');
        let (Some(source), Some(target)) = (fields.next(), fields.next()) else {
            return;
        };
        let mut source = code_points(source);
        let (Some(Some(c)), None) = (source.next(), source.next()) else {
            return;
        };
        self.insert(c, |text| {
            for point in code_points(target) {
                text.push(point?);
            }
            Some(())
        });
    }

    /// Maps `c` to what `write` appends to the text, unless it writes
    /// nothing or fails.
    pub(super) fn insert<R>(&mut self, c: char, write: impl FnOnce(&mut String) -> R)
    where
        R: Into<Option<()>>,
    {
        let start = self.text.len();
        let written = write(&mut self.text).into().is_some();
        let (Ok(from), Ok(to)) = (u32::try_from(start), u32::try_from(self.text.len())) else {
            self.text.truncate(start);
            return;
        };
        if written && to > from {
            self.places.insert(c, (from, to));
        } else {
            self.text.truncate(start);
        }
    }
}

/// The code points of a field of hex numbers between white space, each
/// `None` where it is no code point.
fn code_points(field: &str) -> impl Iterator<Item = Option<char>> + '_ {
    field
        .split_ascii_whitespace()
        .map(|hex| u32::from_str_radix(hex, 16).ok().and_then(char::from_u32))
}

/// The ASCII stand-ins of one step: the skeleton table read backwards, then
/// the weak pairs of one letter.
fn ascii_stand_ins() -> Glyphs {
    let mut glyphs = Glyphs::default();
    for &(from, to, weight) in ASCII_STRONG.iter() {
        add(&mut glyphs, to, from, weight);
    }
    for (cand, target, weight) in WEAK_LOOKALIKES.iter() {
        let mut chars = target.chars();
        if let (Some(t), None) = (chars.next(), chars.next()) {
            add(&mut glyphs, t, cand, *weight);
        }
    }
    glyphs
}

/// Adds `text` to the stand-ins of `base` at `weight`, unless it is one
/// already.
fn add(glyphs: &mut Glyphs, base: char, text: &str, weight: f32) {
    let list = glyphs.entry(base).or_default();
    if !list.iter().any(|g| &*g.text == text) {
        list.push(Glyph {
            text: text.into(),
            weight,
        });
    }
}

/// A weak ASCII lookalike wearing a diacritic (`í` for `l`, by way of `i`),
/// at the weight `unit_weight` gives them. One letter for one, as
/// dnstwist's Unicode table lists many (`ĺ`, `ł` for `l`): the two-step pass
/// pairs them as it pairs one step.
fn weak_lookalikes_wearing_diacritics(
    glyphs: &Glyphs,
) -> impl Iterator<Item = (char, Box<str>, Glyph)> + use<> {
    let mut chained = Vec::new();
    for (cand, target, weight) in WEAK_LOOKALIKES.iter() {
        let (mut c, mut t) = (cand.chars(), target.chars());
        let (Some(c), None, Some(t), None) = (c.next(), c.next(), t.next(), t.next()) else {
            continue;
        };
        for g in glyphs.get(&c).map(Vec::as_slice).unwrap_or(&[]) {
            if !g.text.is_ascii() && g.weight < 1.0 {
                let text = g.text.clone();
                let weight = weight * 0.5;
                chained.push((t, (*cand).into(), Glyph { text, weight }));
            }
        }
    }
    chained.into_iter()
}

/// Adds each chain `(letter, first step, stand-in)` to the stand-ins of its
/// letter and to `chains`, unless the letter has that stand-in already.
fn join(
    glyphs: &mut Glyphs,
    chains: &mut Chains,
    chained: impl Iterator<Item = (char, Box<str>, Glyph)>,
) {
    for (t, first, g) in chained {
        let list = glyphs.entry(t).or_default();
        if !list.iter().any(|x| x.text == g.text) {
            list.push(g.clone());
            chains.entry(t).or_default().push((first, g));
        }
    }
}

/// Each list strongest first, then by text.
fn sorted(mut glyphs: Glyphs) -> Glyphs {
    for list in glyphs.values_mut() {
        list.sort_by(|a, b| {
            b.weight
                .total_cmp(&a.weight)
                .then_with(|| a.text.cmp(&b.text))
        });
    }
    glyphs
}

/// `(candidate char, letter)` → weight for the stand-ins of one character,
/// those in ASCII or those outside it.
pub(super) fn one_character_pairs(glyphs: &Glyphs, ascii: bool) -> FxHashMap<(char, char), f32> {
    let mut pairs = FxHashMap::default();
    for (&base, list) in glyphs {
        for g in list {
            let mut chars = g.text.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && c.is_ascii() == ascii
            {
                pairs.insert((c, base), g.weight);
            }
        }
    }
    pairs
}

/// `c` is a lower-case character that UTS #46 keeps as it is inside a label,
/// so a variant that uses it round-trips through IDNA.
///
/// A character that NFKC changes is mapped by UTS #46, whose mapping
/// starts from NFKC, so it fails the round trip: said without one, since
/// the round trip (two calls into `idna`, 3,000 instructions) was 4 M of
/// the glyph table's cost. A test holds the short cut to the round trip
/// for every candidate character.
pub(super) fn idna_keeps(c: char) -> bool {
    if is_nfkc_quick(std::iter::once(c)) == IsNormalized::No {
        return false;
    }
    idna_round_trips(c)
}

/// The round trip of [`idna_keeps`]: `a{c}a` to ASCII and back.
pub(super) fn idna_round_trips(c: char) -> bool {
    let probe = format!("a{c}a");
    let Ok(ascii) = Uts46::new().to_ascii(
        probe.as_bytes(),
        AsciiDenyList::STD3,
        Hyphens::CheckFirstLast,
        DnsLength::Verify,
    ) else {
        return false;
    };
    let (back, result) = Uts46::new().to_unicode(
        ascii.as_bytes(),
        AsciiDenyList::STD3,
        Hyphens::CheckFirstLast,
    );
    result.is_ok() && back == probe
}

fn ascii_skeleton_table() -> [Option<&'static str>; 128] {
    let mut table: [Option<&'static str>; 128] = [None; 128];
    // From confusables.txt (`m` → `rn`, `0` → `O`, `1` → `l`, `I` → `l`,
    // `|` → `l`), folded to lower case, and the ASCII pairs of the module doc.
    table[usize::from(b'm')] = Some("rn");
    table[usize::from(b'M')] = Some("rn");
    table[usize::from(b'0')] = Some("o");
    table[usize::from(b'1')] = Some("l");
    table[usize::from(b'I')] = Some("l");
    table[usize::from(b'|')] = Some("l");
    for &(c, pair) in ASCII_PAIRS.iter() {
        table[c as usize] = Some(pair);
        table[c.to_ascii_uppercase() as usize] = Some(pair);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_idna_short_cut_agrees_with_the_round_trip() {
        let t = Confusables::get();
        let mut candidates: Vec<char> = t.prototypes().chars().filter(|c| !c.is_ascii()).collect();
        candidates.extend(('\u{00c0}'..='\u{024f}').chain('\u{1e00}'..='\u{1eff}'));
        let mut cut = 0;
        for c in candidates {
            assert_eq!(
                idna_keeps(c),
                idna_round_trips(c),
                "{c:?} U+{:04X}",
                c as u32
            );
            cut += usize::from(is_nfkc_quick(std::iter::once(c)) == IsNormalized::No);
        }
        assert!(cut > 1_000, "{cut}");
    }

    #[test]
    fn the_ascii_tier_is_the_ascii_part_of_the_glyph_table() {
        let t = Confusables::get();
        let unicode = t.unicode();
        let bases = unicode.glyphs.keys().chain(t.ascii_glyphs.keys());
        for &base in bases {
            let ascii: Vec<&Glyph> = t
                .glyphs(base)
                .iter()
                .filter(|g| g.text.is_ascii())
                .collect();
            let tier: Vec<&Glyph> = t.ascii_glyphs.get(&base).into_iter().flatten().collect();
            assert_eq!(ascii, tier, "{base}");
        }
        assert!(t.ascii_pairs.keys().all(|(c, _)| c.is_ascii()));
        assert!(unicode.pairs.keys().all(|(c, _)| !c.is_ascii()));
        let all = one_character_pairs(&unicode.glyphs, true);
        assert_eq!(all, t.ascii_pairs);
    }

    #[test]
    fn ascii_text_leaves_the_other_tiers_unbuilt() {
        let t = Confusables::build();
        let chars = |s: &str| s.chars().collect::<Vec<char>>();
        assert_eq!(t.skeleton("PayPal"), "paypal");
        assert!(t.skeleton_is(&chars("rnicrosoft"), &t.skeleton("microsoft")));
        assert_eq!(t.ascii_fold("g00gle.com").as_deref(), Some("g00gle.com"));
        assert_eq!(t.fold_readable("paypal"), "paypal");
        assert_eq!(t.script('a'), Script::Latin);
        assert!(!t.is_safe_glyph('a'));
        for (cand, target) in [
            ("rn", "m"),
            ("q", "g"),
            ("kk", "ck"),
            ("1", "l"),
            ("x", "g"),
        ] {
            let weight = t.unit_weight(cand, target);
            assert_eq!(t.unit_weight_chars(&chars(cand), &chars(target)), weight);
        }
        for unit in ["a", "-", "rn", "A", "_", "ab", "abc"] {
            for other in ["m", "w", "d", "l", "k", "_", "Z", "ck"] {
                t.unit_weight_chars(&chars(unit), &chars(other));
                t.unit_weight(unit, other);
            }
        }
        assert!(t.prototypes.get().is_none() && t.unicode.get().is_none());
        // A skeleton outside ASCII needs the prototypes, not the glyph
        // table; a glyph does.
        assert_eq!(t.skeleton("pаypal"), "paypal");
        assert!(t.prototypes.get().is_some() && t.unicode.get().is_none());
        assert!(t.is_safe_glyph('а'));
        assert!(t.unicode.get().is_some());
    }
}
