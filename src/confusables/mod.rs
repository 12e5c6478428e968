//! Visual confusion: the skeleton under which lookalike strings are equal, and
//! the glyphs that can stand in for each letter.
//!
//! The rule comes from Unicode Technical Standard #39, §4 ("Confusable
//! Detection"): map every character to its prototype from `confusables.txt`, and
//! two strings are confusable when their *skeletons* are equal (`раypal` and
//! `paypal`). This module adds what a domain reader needs on top, each step
//! after a rule Chromium applies in `skeleton_generator.cc` for the same job:
//!
//! - diacritics are dropped (NFD, then combining marks removed), so `pаypàl`
//!   and `paypal` meet; letters with a stroke that NFD keeps whole (`ł`, `ø`,
//!   `đ`, `ħ`, `ŧ`) map to their base letter;
//! - the result is folded to ASCII lower case, so `0` (→ `O`) meets `o`;
//! - a few multi-letter ASCII lookalikes that `confusables.txt` lacks are added:
//!   `w` reads as `vv` and `d` as `cl` (URLCrazy and dnstwist list both; the
//!   `vv` spoof `bankofthevvest.com` fooled over 90% of the participants of
//!   Dhamija et al., CHI 2006). `m` → `rn` is already in `confusables.txt`.
//!
//! For generation the map is read backwards: [`Confusables::glyphs`] lists, for
//! an ASCII letter or digit, the characters that look like it and survive IDNA
//! unchanged, each with a visual weight (see [`Glyph`]).
//!
//! The hand-picked tables (the extra Latin letters, the ASCII pairs, the weak
//! and the strong ASCII lookalikes) are `data/*.tsv` files, each row with its
//! source, parsed once on first use.
//!
//! The tables are built in tiers (see [`Confusables`]): what ASCII text
//! needs on first use, `confusables.txt` and the glyph table only when a
//! character outside ASCII first comes. `build.rs` builds them and says
//! what each costs.
//!
//! It also lists chains of two steps, as dnstwist's second pass makes them
//! from what its first wrote (`dnstwist.py`, `Fuzzer._homoglyph`, 20250130):
//! an ASCII stand-in with one of its letters replaced by that letter's ASCII
//! stand-in (`rr` for `m` by way of `rn`, `cl` for `b` by way of `d`), or
//! wearing a diacritic (`ŗn` for `m`, `ññ` by way of `nn`). A chain weighs the
//! product of its steps, a diacritic one half, as [`Confusables::unit_weight`]
//! weighs the unit, so the generator's table and the scorer agree; chains
//! under [`MIN_CHAIN`] or longer than two characters are left out.

use std::sync::{LazyLock, OnceLock};

use rustc_hash::FxHashMap;
use unicode_normalization::UnicodeNormalization;
use unicode_normalization::char::{canonical_combining_class, is_combining_mark};
use unicode_script::{Script, UnicodeScript};

mod build;
mod compiled;

/// Latin letters with a stroke, hook, bar or small-capital form that NFD does
/// not split and `confusables.txt` does not map, read as their base letter:
/// `(letter, lookalikes)` from `data/latin-extras.tsv`. Chromium's
/// `skeleton_generator.cc` maps `ł`, `ø`, `đ` the same way; the rest are
/// written out there from the Unicode charts (Latin Extended-B, IPA
/// Extensions, Phonetic Extensions, Latin Extended-C), and only those that
/// survive IDNA are used.
static LATIN_EXTRAS: LazyLock<Vec<(char, &'static str)>> = LazyLock::new(|| {
    crate::tsv::columns(include_str!("../../data/latin-extras.tsv"))
        .filter_map(|[letter, lookalikes]| Some((one_char(letter)?, lookalikes)))
        .collect()
});

/// The one character of `s`, if it has exactly one.
fn one_char(s: &str) -> Option<char> {
    let mut chars = s.chars();
    match (chars.next(), chars.next()) {
        (Some(c), None) => Some(c),
        _ => None,
    }
}

/// ASCII letters that read as two others (see the module doc), from
/// `data/ascii-pairs.tsv`.
static ASCII_PAIRS: LazyLock<Vec<(char, &'static str)>> = LazyLock::new(|| {
    crate::tsv::columns(include_str!("../../data/ascii-pairs.tsv"))
        .filter_map(|[letter, pair]| Some((one_char(letter)?, pair)))
        .collect()
});

/// Weaker ASCII lookalikes that are not skeleton-equal: `(candidate, target,
/// weight)`, from `data/weak-lookalikes.tsv`, in its order (the first entry
/// for a pair wins). URLCrazy, dnstwist and twistrs all generate most of
/// these (`q`/`g`, `u`/`v`, `c`/`e`, `b`/`d`, `n`/`m`, `l`/`i`, `lc`/`k`, leet
/// digits); `dl` for `d` is dnstwist's (`glyphs_ascii`, 20250130), weighed as
/// `lb` and `lh`, a letter with a stray stroke. The weights are judgement,
/// below the skeleton-equal pairs, because these differ in most fonts on a
/// close look.
pub static WEAK_LOOKALIKES: LazyLock<Vec<(&'static str, &'static str, f32)>> =
    LazyLock::new(|| {
        crate::tsv::columns(include_str!("../../data/weak-lookalikes.tsv"))
            .filter_map(|[candidate, target, weight]| {
                Some((candidate, target, weight.parse().ok()?))
            })
            .collect()
    });

/// The ASCII stand-ins that are skeleton-equal to their letter: the
/// multi-letter pairs of the module doc and `confusables.txt` read backwards
/// (`rn` for `m`), and the digits (`1` for `l`, `0` for `o`), as
/// `(stand-in, letter, weight)` (weights: see [`Glyph::weight`]), from
/// `data/ascii-strong.tsv`.
static ASCII_STRONG: LazyLock<Vec<(&'static str, char, f32)>> = LazyLock::new(|| {
    crate::tsv::columns(include_str!("../../data/ascii-strong.tsv"))
        .filter_map(|[stand_in, letter, weight]| {
            Some((stand_in, one_char(letter)?, weight.parse().ok()?))
        })
        .collect()
});

/// The ASCII stand-ins for one letter: [`ASCII_STRONG`], then the weak
/// lookalikes of one letter ([`WEAK_LOOKALIKES`]), as `(stand-in, letter,
/// weight)`. The first steps of the chains, and the units a diacritic may
/// wear.
fn ascii_one_letter_stand_ins() -> impl Iterator<Item = (&'static str, char, f32)> {
    ASCII_STRONG
        .iter()
        .copied()
        .chain(WEAK_LOOKALIKES.iter().filter_map(|&(c, t, w)| {
            let mut chars = t.chars();
            match (chars.next(), chars.next()) {
                (Some(t), None) => Some((c, t, w)),
                _ => None,
            }
        }))
}

/// The weakest two-step chain kept (judgement): the product of two weak
/// steps falls fast (`nn` for `m`, then `r` for one `n`: 0.8 × 0.4), and
/// below a fifth a chain reads as another word. At this floor `r` for `m`
/// (`m` → `n` → `r`, 0.5 × 0.4) and `dl` for `b` (`b` → `d` → `dl`,
/// 0.4 × 0.5), which dnstwist generates, are kept.
pub const MIN_CHAIN: f32 = 0.2;

/// One character that can stand in for an ASCII letter or digit.
#[derive(Debug, Clone, PartialEq)]
pub struct Glyph {
    /// The stand-in: `а` (Cyrillic), `à`, `1`, or two letters (`rn` for `m`).
    pub text: Box<str>,
    /// How alike it looks, 0 to 1: 1.0 for UTS #39 prototypes from another
    /// script, such as Cyrillic `а` (the same shape in most fonts; Tran Phuong
    /// Thao et al. 2019 found that nobody of 2,067 participants spotted
    /// homographs at 100% similarity), 0.6 for Latin-script prototypes that
    /// differ on a close look (`þ` for `p`, `ɡ` for `g`; judgement),
    /// 0.9 for ASCII pairs (`rn`/`m`, `1`/`l`, `vv`/`w`), 0.7 for `0`/`o`,
    /// 0.5 for a Latin letter with a visible diacritic, hook or stroke, and the
    /// weights of [`WEAK_LOOKALIKES`] (judgement). A chain of two steps
    /// (see the module doc) weighs the product of its steps, a diacritic
    /// counting one half.
    pub weight: f32,
}

/// The parsed confusable tables, in two tiers.
///
/// What two ASCII names need (the skeletons of ASCII characters, their
/// ASCII stand-ins, the weak lookalikes, the weights of one- and
/// two-character ASCII units) is built on first use and costs little. What
/// only a character outside ASCII needs is built when one first comes:
/// the prototypes of `confusables.txt` (`Prototypes`), for a skeleton or
/// a fold, and the glyph table with what it keeps about each of its
/// characters (`Unicode`), for generating variants or weighing such a
/// character. Building everything up front cost 50 M instructions, a third
/// of every process's start-up (callgrind, `lookalike compare paypa1.com
/// paypal.com`); see `build.rs` for what each tier costs now.
///
/// The maps keyed by characters use FxHash: they are looked up for every
/// character of every candidate the generator scores, the keys are fixed
/// data, and SipHash made those look-ups several times dearer (callgrind,
/// `paypal.com`).
#[derive(Debug)]
pub struct Confusables {
    ascii_skeleton: [Option<&'static str>; 128],
    /// The ASCII stand-ins of each letter: [`Confusables::glyphs`] without
    /// those outside ASCII, in the same order. All that weighing units of
    /// ASCII text asks of the glyph table, since only an ASCII stand-in can
    /// equal ASCII text.
    ascii_glyphs: FxHashMap<char, Vec<Glyph>>,
    /// `(candidate char, target char)` → weight, for the one-character
    /// units of `ascii_glyphs`: the common case of
    /// [`Confusables::unit_weight`] without allocating.
    ascii_pairs: FxHashMap<(char, char), f32>,
    /// [`Confusables::unit_weight`] of every pair of one-character [`LDH`]
    /// units, row by candidate: the alignment of an ASCII candidate asks for
    /// little else.
    ldh_units: Vec<Option<f32>>,
    /// [`WEAK_LOOKALIKES`], then the two-step ASCII chains that are not
    /// skeleton-equal to their letter ([`Confusables::ascii_chains`]):
    /// `(candidate, target, weight)`, the first entry for a pair winning.
    weak: Vec<(Box<str>, Box<str>, f32)>,
    /// [`Confusables::weak`] by [`AsciiUnit`] keys (candidate, target), for
    /// the ASCII units of the alignment.
    weak_ascii: FxHashMap<(u64, u64), f32>,
    /// The skeleton of each ASCII character, as a unit: the alignment builds
    /// the skeletons of two-character units from these.
    ascii_units: [AsciiUnit; 128],
    /// For each ASCII character: the first and the second characters, as
    /// bits, of the units of two ASCII characters that can weigh against it
    /// (`r` and `n` of `rn` against `m`), and whether it can weigh against
    /// some unit of two (`m` against `rn`). Most characters take no unit
    /// of two, and a chain of two steps (`ld` for `b`) makes one take only
    /// a few, which settles most of the uneven units of an alignment
    /// without looking at them.
    takes_two: [[u128; 2]; 128],
    stands_for_two: [bool; 128],
    /// The prototypes of the characters outside ASCII, parsed when a
    /// skeleton or a fold first meets one.
    prototypes: OnceLock<Prototypes>,
    /// The glyph table, built when first asked for: to generate variants,
    /// or to weigh a character outside ASCII.
    unicode: OnceLock<Unicode>,
}

/// The prototype of each character `confusables.txt` maps (UTS #39), and
/// the extra Latin letters: one string holds them all, the map each
/// character's place in it, where a string for each of the 6,700 cost as
/// many allocations.
#[derive(Debug, Default)]
struct Prototypes {
    text: String,
    places: FxHashMap<char, (u32, u32)>,
}

impl Prototypes {
    /// The prototype of `c`, if it has one.
    fn get(&self, c: char) -> Option<&str> {
        let &(start, end) = self.places.get(&c)?;
        self.text.get(start as usize..end as usize)
    }

    fn contains(&self, c: char) -> bool {
        self.places.contains_key(&c)
    }

    /// The mapped characters, in no order.
    fn chars(&self) -> impl Iterator<Item = char> + '_ {
        self.places.keys().copied()
    }
}

/// The glyph table and what is read from it about characters outside
/// ASCII.
#[derive(Debug)]
struct Unicode {
    glyphs: FxHashMap<char, Vec<Glyph>>,
    /// The stand-ins of one step only: [`Confusables::glyphs`] without the
    /// chains of two.
    one_step: FxHashMap<char, Vec<Glyph>>,
    /// The chains of two steps, each with the stand-in of its first step
    /// (`cl` for `b` with `d`).
    chains: FxHashMap<char, Vec<(Box<str>, Glyph)>>,
    /// `(candidate char, target char)` → weight, for the one-character
    /// units of the glyph table outside ASCII (those in ASCII are
    /// [`Confusables::ascii_pairs`]).
    pairs: FxHashMap<(char, char), f32>,
    /// Every non-ASCII character of the glyph table, with its script; each
    /// one passed the UTS #46 round trip on its own (see `idna_keeps`). The
    /// script is kept because the scorer asks for the script of every
    /// character of every candidate, and the table search of
    /// `UnicodeScript::script` was 4% of the generator's time (perf,
    /// `paypal.com`).
    safe: GlyphChars,
}

/// The non-ASCII characters of the glyph table, with what the scorer asks
/// about each: a direct table below [`GlyphChars::DENSE`], where 469 of the
/// 565 are, and a map above. Both the IDNA check and the scorer look up
/// every non-ASCII character of every candidate, and a map alone was 2.5%
/// of the generator's time (perf, the 20 benchmark domains).
#[derive(Debug, Default)]
struct GlyphChars {
    /// By code point: 0 when not in the table, else 1 + the index in `info`.
    below: Vec<u16>,
    above: FxHashMap<char, u16>,
    info: Vec<GlyphChar>,
}

/// What the scorer needs to know about one character of the glyph table.
#[derive(Debug, Clone, Copy)]
struct GlyphChar {
    script: Script,
    /// Its skeleton, when that is at most four ASCII bytes: any other
    /// skeleton differs from an ASCII character's.
    skeleton: Option<AsciiUnit>,
    skeleton_empty: bool,
    /// It folded (no diacritics, lower case), when that is at most four ASCII
    /// bytes: any other form matches no weak lookalike, all ASCII.
    folded: Option<AsciiUnit>,
    /// Its decomposition begins with a starter (canonical combining class
    /// 0), so that NFD reorders nothing across its start.
    starter: bool,
}

impl GlyphChars {
    const DENSE: usize = 0x2000;

    fn insert(&mut self, c: char, info: GlyphChar) {
        if self.get(c).is_some() {
            return;
        }
        self.info.push(info);
        // 565 characters: the index fits.
        let tag = u16::try_from(self.info.len()).unwrap_or(u16::MAX);
        if (c as usize) < Self::DENSE {
            self.below.resize(Self::DENSE, 0);
            self.below[c as usize] = tag;
        } else {
            self.above.insert(c, tag);
        }
    }

    /// What the table keeps about `c`, when `c` is in it.
    fn get(&self, c: char) -> Option<&GlyphChar> {
        let tag = if (c as usize) < Self::DENSE {
            self.below.get(c as usize).copied()
        } else {
            self.above.get(&c).copied()
        };
        self.info.get(usize::from(tag?.checked_sub(1)?))
    }
}

static TABLES: LazyLock<Confusables> = LazyLock::new(Confusables::build);

impl Confusables {
    /// The tables built from the embedded `confusables.txt` (UTS #39 18.0.0).
    pub fn get() -> &'static Confusables {
        &TABLES
    }

    /// The prototypes, read from the compiled tables (`compiled`); built
    /// from `confusables.txt` should those not read, which a test rules out.
    fn prototypes(&self) -> &Prototypes {
        self.prototypes.get_or_init(|| {
            Prototypes::from_compiled(compiled::EMBEDDED).unwrap_or_else(Prototypes::parse)
        })
    }

    /// The glyph tier, read or built as the prototypes are.
    fn unicode(&self) -> &Unicode {
        self.unicode.get_or_init(|| {
            Unicode::from_compiled(compiled::EMBEDDED).unwrap_or_else(|| self.build_unicode())
        })
    }

    /// Appends the skeleton of `s` to `out` (see the module doc for the steps).
    pub fn skeleton_into(&self, s: &str, out: &mut String) {
        self.skeleton_to(s.chars(), s.is_ascii(), out);
    }

    /// The skeleton of one ASCII character, when it is not the character
    /// itself lower-cased (`m` → `rn`). A skeleton of ASCII text is these,
    /// end to end.
    pub(crate) fn ascii_skeleton(&self, b: u8) -> Option<&'static str> {
        self.ascii_skeleton[usize::from(b & 0x7f)]
    }

    /// `s` read as ASCII: accents dropped (NFD, then no combining marks, as
    /// Chromium's diacritic remover does before its skeleton test) and each
    /// other character replaced by its UTS #39 prototype when that is ASCII
    /// (Cyrillic `о` → `o`); ASCII kept as it is. `None` when some character
    /// has no ASCII reading. For names that hide a protected name in
    /// lookalike letters (`googlé.com-login.com`).
    pub(crate) fn ascii_fold(&self, s: &str) -> Option<String> {
        let mut out = String::with_capacity(s.len());
        self.fold_into(s, false, &mut out).then_some(out)
    }

    /// `s` read as ASCII where it can be, as [`Confusables::ascii_fold`]
    /// reads it, with each character that has no ASCII reading kept as it
    /// is: `googlε` for `gοοglε` (Greek omicrons, and an epsilon that UTS #39
    /// maps to `ɛ`). For names that take one more step than their
    /// lookalike letters (`pairwise`).
    pub(crate) fn fold_readable(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len());
        self.fold_into(s, true, &mut out);
        out
    }

    /// Appends the fold of `s` to `out`; false when a character has no
    /// ASCII reading and `keep_unreadable` is unset.
    fn fold_into(&self, s: &str, keep_unreadable: bool, out: &mut String) -> bool {
        for c in s.nfd() {
            if c.is_ascii() {
                out.push(c.to_ascii_lowercase());
            } else if !is_combining_mark(c) {
                let proto = self.prototypes().get(c);
                let readable = proto.is_some_and(|p| {
                    p.nfd()
                        .filter(|&p| !is_combining_mark(p))
                        .all(|p| p.is_ascii())
                });
                match proto {
                    Some(proto) if readable => out.extend(
                        proto
                            .nfd()
                            .filter(|&p| !is_combining_mark(p))
                            .map(|p| p.to_ascii_lowercase()),
                    ),
                    _ if keep_unreadable => out.push(c),
                    _ => return false,
                }
            }
        }
        true
    }

    /// The skeleton of `s`.
    pub fn skeleton(&self, s: &str) -> String {
        let mut out = String::with_capacity(s.len() + 4);
        self.skeleton_into(s, &mut out);
        out
    }

    /// Whether the skeleton of `chars` is `skeleton`, compared as it is
    /// produced: no string is built, and the first difference ends the work.
    pub(crate) fn skeleton_is(&self, chars: &[char], skeleton: &str) -> bool {
        let expect = || Expect {
            rest: skeleton.as_bytes(),
            differs: false,
        };
        let ascii = chars.iter().all(char::is_ascii);
        if !ascii {
            // Characters of the glyph table whose skeletons are known: the
            // label's skeleton is theirs end to end (NFD reorders nothing
            // across a starter, and drops the marks it could move). This
            // skips NFD for most homoglyph candidates.
            let mut out = expect();
            let mut known = true;
            let safe = &self.unicode().safe;
            for (i, &c) in chars.iter().enumerate() {
                let unit = if c.is_ascii() {
                    self.ascii_units[c as usize]
                } else {
                    match safe.get(c) {
                        Some(info) if i == 0 || info.starter => match info.skeleton {
                            Some(unit) => unit,
                            None => {
                                known = false;
                                break;
                            }
                        },
                        _ => {
                            known = false;
                            break;
                        }
                    }
                };
                out.match_next(unit.bytes());
                if out.stopped() {
                    break;
                }
            }
            if known {
                return !out.differs && out.rest.is_empty();
            }
        }
        let mut out = expect();
        self.skeleton_to(chars.iter().copied(), ascii, &mut out);
        !out.differs && out.rest.is_empty()
    }

    /// The skeleton of `chars` (all ASCII when `ascii`), written to `out`.
    fn skeleton_to(&self, chars: impl Iterator<Item = char>, ascii: bool, out: &mut impl TextOut) {
        if ascii {
            for c in chars {
                if out.stopped() {
                    return;
                }
                match self.ascii_skeleton[c as usize & 0x7f] {
                    Some(mapped) => out.push_str(mapped),
                    None => out.push(c.to_ascii_lowercase()),
                }
            }
            return;
        }
        let prototypes = self.prototypes();
        for c in chars.nfd() {
            if out.stopped() {
                return;
            }
            self.push_char_skeleton(prototypes, c, out);
        }
    }

    /// The skeleton of the ASCII character `c`.
    fn push_ascii_skeleton(&self, c: char, out: &mut impl TextOut) {
        match self.ascii_skeleton[c as usize & 0x7f] {
            Some(mapped) => out.push_str(mapped),
            None => out.push(c.to_ascii_lowercase()),
        }
    }

    fn push_char_skeleton(&self, prototypes: &Prototypes, c: char, out: &mut impl TextOut) {
        if is_combining_mark(c) {
            return;
        }
        if c.is_ascii() {
            self.push_ascii_skeleton(c, out);
            return;
        }
        match prototypes.get(c) {
            Some(proto) => {
                for p in proto.nfd() {
                    if is_combining_mark(p) {
                        continue;
                    }
                    if p.is_ascii() {
                        self.push_ascii_skeleton(p, out);
                    } else if let Some(curated) = prototypes.get(p).filter(|c| c.is_ascii()) {
                        // A prototype that the curated Latin table reads as
                        // ASCII (`ь` → `ƅ` → `b`).
                        out.push_str(curated);
                    } else {
                        p.to_lowercase().for_each(|l| out.push(l));
                    }
                }
            }
            None => c.to_lowercase().for_each(|l| out.push(l)),
        }
    }

    /// Whether `c` is a non-ASCII stand-in of the glyph table, checked on its
    /// own against UTS #46 when the table was built.
    pub(crate) fn is_safe_glyph(&self, c: char) -> bool {
        !c.is_ascii() && self.unicode().safe.get(c).is_some()
    }

    /// `c.script()`, from the glyph table when `c` is one of its characters
    /// (none is ASCII).
    pub(crate) fn script(&self, c: char) -> Script {
        if c.is_ascii() {
            return c.script();
        }
        match self.unicode().safe.get(c) {
            Some(info) => info.script,
            None => c.script(),
        }
    }

    /// The weight of the stand-in `text` among those of `base`, if it is
    /// one: looked up among the ASCII stand-ins when `text` is ASCII, which
    /// no other stand-in can equal, so that ASCII text never needs the
    /// glyph table.
    fn stand_in_weight(&self, base: char, text: &[u8]) -> Option<f32> {
        let list = match text.is_ascii() {
            true => self.ascii_glyphs.get(&base),
            false => self.unicode().glyphs.get(&base),
        };
        list?
            .iter()
            .find(|g| g.text.as_bytes() == text)
            .map(|g| g.weight)
    }

    /// What [`GlyphChars`] keeps about `c`, worked out with the general
    /// rules.
    fn glyph_char(&self, c: char) -> GlyphChar {
        let text = c.to_string();
        let skeleton = self.skeleton(&text);
        let mut folded = String::new();
        fold_to(&text, &mut folded);
        let unit = |s: &str| s.is_ascii().then(|| AsciiUnit::of(s.as_bytes())).flatten();
        GlyphChar {
            script: c.script(),
            skeleton: unit(&skeleton),
            skeleton_empty: skeleton.is_empty(),
            folded: unit(&folded),
            starter: std::iter::once(c)
                .nfd()
                .next()
                .is_some_and(|d| canonical_combining_class(d) == 0),
        }
    }

    /// The general rule of [`Confusables::unit_weight_in`] for a glyph-table
    /// character `c` against an ASCII character `t`, from what the table
    /// keeps about `c`: the alignment of a homoglyph candidate weighs each of
    /// its characters against several of the target's, and skeletons through
    /// NFD were most of its cost.
    fn glyph_unit_weight(&self, c: char, info: &GlyphChar, t: u8) -> Option<f32> {
        if info.skeleton_empty {
            return None;
        }
        let target = self.ascii_units[usize::from(t & 0x7f)];
        if info.skeleton.map(|s| s.key()) == Some(target.key()) {
            let mut buf = [0; 4];
            let cand = c.encode_utf8(&mut buf);
            let found = self.stand_in_weight(char::from(t), cand.as_bytes());
            // The other way round, `c`'s own stand-ins: only ASCII letters
            // and digits have any.
            return Some(found.unwrap_or(0.5));
        }
        let folded = info.folded?;
        let target = AsciiUnit::of(&[t])?;
        // A candidate with a diacritic weighs half (see `unit_weight`).
        self.weak_ascii
            .get(&(folded.key(), target.key()))
            .map(|w| w * 0.5)
    }

    /// The stand-ins for an ASCII letter or digit, strongest first, then by
    /// code point.
    pub fn glyphs(&self, c: char) -> &[Glyph] {
        let glyphs = &self.unicode().glyphs;
        glyphs.get(&c).map(Vec::as_slice).unwrap_or(&[])
    }

    /// Whether the ASCII unit `a b` may weigh against the ASCII `t`
    /// ([`Confusables::takes_two`]); `false` settles it.
    #[inline]
    fn may_take(&self, a: char, b: char, t: char) -> bool {
        let [first, second] = self.takes_two[t as usize & 0x7f];
        first >> (a as u32 & 0x7f) & 1 == 1 && second >> (b as u32 & 0x7f) & 1 == 1
    }

    /// [`Confusables::glyphs`] without the chains that write two letters or
    /// pass through another ASCII letter (`rr` and `r` for `m`, `ŗn` for
    /// `m`): the stand-ins that another step may join. A weak lookalike
    /// wearing a diacritic (`í` for `l`) stays: one letter for one, as
    /// dnstwist's Unicode table lists many (`ĺ`, `ł`).
    pub fn one_step_glyphs(&self, c: char) -> &[Glyph] {
        let one_step = &self.unicode().one_step;
        one_step.get(&c).map(Vec::as_slice).unwrap_or(&[])
    }

    /// The chains of two steps among the stand-ins for `c` whose first step
    /// is the stand-in `first`: `cl` and `dl` for `b` after `d`.
    pub(crate) fn chains_after<'s>(
        &'s self,
        c: char,
        first: &'s str,
    ) -> impl Iterator<Item = &'s Glyph> + 's {
        let chains = &self.unicode().chains;
        let list = chains.get(&c).map(Vec::as_slice).unwrap_or(&[]);
        list.iter()
            .filter(move |(f, _)| &**f == first)
            .map(|(_, g)| g)
    }

    /// How alike a unit of the candidate (`cand`, one or two characters) looks
    /// to a unit of the target, or `None` when they are not lookalikes: equal
    /// skeletons weigh as the glyph table says; the [`WEAK_LOOKALIKES`] weigh
    /// their own weight, halved when the candidate's side also carries a
    /// diacritic (`í` for `l`: `i` for `l`, accented).
    pub fn unit_weight(&self, cand: &str, target: &str) -> Option<f32> {
        let (mut c, mut t) = (cand.chars(), target.chars());
        if let (Some(c), None, Some(t), None) = (c.next(), c.next(), t.next(), t.next())
            && let Some(w) = self.pair_weight(c, t)
        {
            return w;
        }
        self.unit_weight_unpaired(cand, target)
    }

    /// [`Confusables::unit_weight`] of units given as characters, as the
    /// scorer's alignment has them. Allocates nothing for units of up to two
    /// characters.
    pub(crate) fn unit_weight_chars(&self, cand: &[char], target: &[char]) -> Option<f32> {
        match (cand, target) {
            ([c], [t]) => {
                if let Some(w) = self.pair_weight(*c, *t) {
                    return w;
                }
                if !c.is_ascii()
                    && t.is_ascii()
                    && let Some(info) = self.unicode().safe.get(*c)
                {
                    return self.glyph_unit_weight(*c, info, *t as u8);
                }
            }
            // What `ascii_unit_weight` answers first, asked before the units
            // are built: the alignment of a long label asks thousands of
            // times whether two ASCII letters stand for one, and building
            // the two units to hear "no" was 4% of the generator's samples
            // on `internationalbusinessmachines.com` (perf).
            ([a, b], [t])
                if a.is_ascii() && b.is_ascii() && t.is_ascii() && !self.may_take(*a, *b, *t) =>
            {
                return None;
            }
            ([c], [a, b])
                if c.is_ascii()
                    && a.is_ascii()
                    && b.is_ascii()
                    && !self.stands_for_two[*c as usize] =>
            {
                return None;
            }
            _ => {}
        }
        if let (Some(c), Some(t)) = (ascii_unit(cand), ascii_unit(target)) {
            return self.ascii_unit_weight(c.bytes(), t.bytes());
        }
        if let Some(answer) = self.mixed_unit_weight(cand, target) {
            return answer;
        }
        let (mut a, mut b) = ([0; 8], [0; 8]);
        match (encode(cand, &mut a), encode(target, &mut b)) {
            (Some(cand), Some(target)) => self.unit_weight_unpaired(cand, target),
            _ => {
                let cand: String = cand.iter().collect();
                let target: String = target.iter().collect();
                self.unit_weight_unpaired(&cand, &target)
            }
        }
    }

    /// The general rule for units of one or two characters, each ASCII or
    /// from the glyph table, against ASCII units, put together from what the
    /// tables keep about each character: `None` when some character is
    /// neither, or its facts do not add up simply (see [`GlyphChar`]). The
    /// alignment of a homoglyph candidate asks for thousands of such units
    /// (`ոa` against `n`), and the general path, through UTF-8 and NFD, cost
    /// some 1,800 instructions each (callgrind,
    /// `internationalbusinessmachines.com`). A test holds it to that path.
    fn mixed_unit_weight(&self, cand: &[char], target: &[char]) -> Option<Option<f32>> {
        if cand.is_empty() || cand.len() > 2 || target.is_empty() || target.len() > 2 {
            return None;
        }
        let target = ascii_unit(target)?;
        // Skeletons and folded forms join character by character, because
        // NFD does not reorder across a character that begins with a
        // starter, and the combining marks it could move are dropped anyway.
        let (mut skeleton, mut folded) = (AsciiUnit::default(), Some(AsciiUnit::default()));
        let mut ascii = true;
        for (i, &c) in cand.iter().enumerate() {
            let (s, f) = if c.is_ascii() {
                let unit = self.ascii_units[c as usize];
                (unit, AsciiUnit::of(&[(c as u8).to_ascii_lowercase()]))
            } else {
                let info = self.unicode().safe.get(c)?;
                if info.skeleton_empty || (i > 0 && !info.starter) {
                    return None;
                }
                ascii = false;
                (info.skeleton?, info.folded)
            };
            if skeleton.len + s.len > 4 {
                return None;
            }
            skeleton.append(&s);
            folded = match (folded, f) {
                (Some(mut joined), Some(f)) if joined.len + f.len <= 4 => {
                    joined.append(&f);
                    Some(joined)
                }
                _ => None,
            };
        }
        let mut target_skeleton = AsciiUnit::default();
        for &b in target.bytes() {
            target_skeleton.append(&self.ascii_units[usize::from(b)]);
        }
        if skeleton.key() == target_skeleton.key() {
            let mut buf = [0; 8];
            let text = encode(cand, &mut buf)?;
            if let [t] = target.bytes()
                && let Some(w) = self.stand_in_weight(char::from(*t), text.as_bytes())
            {
                return Some(Some(w));
            }
            if let [c] = cand
                && let Some(w) = self.stand_in_weight(*c, target.bytes())
            {
                return Some(Some(w));
            }
            return Some(Some(0.5));
        }
        // Weak lookalikes are all ASCII: a folded form that is not matches none.
        let Some(folded) = folded else {
            return Some(None);
        };
        let weak = self.weak_ascii.get(&(folded.key(), target.key()));
        Some(weak.map(|&w| if ascii { w } else { w * 0.5 }))
    }

    /// The weight of a one-character unit from the tables when they settle
    /// it: `Some(answer)`, or `None` to go on to the general rule.
    fn pair_weight(&self, c: char, t: char) -> Option<Option<f32>> {
        if let (Some(i), Some(j)) = (ldh_index(c), ldh_index(t)) {
            return Some(self.ldh_units[i * LDH.len() + j]);
        }
        let pairs = match c.is_ascii() {
            true => &self.ascii_pairs,
            false => &self.unicode().pairs,
        };
        pairs.get(&(c, t)).map(|&w| Some(w))
    }

    /// [`Confusables::unit_weight_in`] for units of one or two ASCII
    /// characters, spelt out for them: the alignment of an ASCII candidate
    /// asks for thousands of such units per target, and the general path
    /// (UTF-8, `char` iterators, the trait object of the skeleton writer) was
    /// a sixth of the generator's instructions on long labels (callgrind,
    /// `internationalbusinessmachines.com`). A test holds the two to the same
    /// answers.
    fn ascii_unit_weight(&self, cand: &[u8], target: &[u8]) -> Option<f32> {
        match (cand, target) {
            ([a, b], [t]) if !self.may_take(char::from(*a), char::from(*b), char::from(*t)) => {
                return None;
            }
            ([c], [_, _]) if !self.stands_for_two[usize::from(c & 0x7f)] => return None,
            _ => {}
        }
        let skeleton = |unit: &[u8]| {
            let mut out = AsciiUnit::default();
            for &b in unit {
                out.append(&self.ascii_units[usize::from(b & 0x7f)]);
            }
            out
        };
        let (sc, st) = (skeleton(cand), skeleton(target));
        if sc.bytes().is_empty() || st.bytes().is_empty() {
            return None;
        }
        if sc.key() == st.key() {
            if let [t] = target
                && let Some(w) = self.stand_in_weight(char::from(*t), cand)
            {
                return Some(w);
            }
            if let [c] = cand
                && let Some(w) = self.stand_in_weight(char::from(*c), target)
            {
                return Some(w);
            }
            return Some(0.5);
        }
        let mut folded = AsciiUnit::default();
        cand.iter()
            .for_each(|b| folded.push(b.to_ascii_lowercase()));
        let target = AsciiUnit::of(target)?;
        self.weak_ascii.get(&(folded.key(), target.key())).copied()
    }

    /// [`Confusables::unit_weight`] past the table of one-character pairs.
    fn unit_weight_unpaired(&self, cand: &str, target: &str) -> Option<f32> {
        // Skeletons of a unit or two fit on the stack; a longer one (a
        // prototype may spell several characters) takes the `String` path,
        // which gives the same answer.
        match self.unit_weight_in::<SmallText>(cand, target) {
            Some(answer) => answer,
            None => self.unit_weight_in::<String>(cand, target).flatten(),
        }
    }

    /// The general rule of [`Confusables::unit_weight`], with skeletons
    /// written to `O`; `None` when `O` overflowed.
    fn unit_weight_in<O: TextOut + Default>(
        &self,
        cand: &str,
        target: &str,
    ) -> Option<Option<f32>> {
        let (mut sc, mut st) = (O::default(), O::default());
        self.skeleton_to(cand.chars(), cand.is_ascii(), &mut sc);
        self.skeleton_to(target.chars(), target.is_ascii(), &mut st);
        let (sc, st) = (sc.bytes()?, st.bytes()?);
        if sc.is_empty() || st.is_empty() {
            return Some(None);
        }
        if sc == st {
            let mut chars = target.chars();
            if let (Some(t), None) = (chars.next(), chars.next())
                && let Some(w) = self.stand_in_weight(t, cand.as_bytes())
            {
                return Some(Some(w));
            }
            let mut chars = cand.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && let Some(w) = self.stand_in_weight(c, target.as_bytes())
            {
                return Some(Some(w));
            }
            return Some(Some(0.5));
        }
        let mut folded = O::default();
        fold_to(cand, &mut folded);
        let folded = folded.bytes()?;
        let weak = self
            .weak
            .iter()
            .find(|(c, t, _)| c.as_bytes() == folded && &**t == target);
        Some(weak.map(|weak| {
            if cand.is_ascii() {
                weak.2
            } else {
                weak.2 * 0.5
            }
        }))
    }
}

/// `s` without diacritics, lower case (NFD, combining marks dropped),
/// written to `out`. ASCII needs no decomposition: NFD leaves it as it is
/// and it has no combining marks.
fn fold_to(s: &str, out: &mut impl TextOut) {
    if s.is_ascii() {
        s.chars().for_each(|c| out.push(c.to_ascii_lowercase()));
        return;
    }
    s.nfd()
        .filter(|c| !is_combining_mark(*c))
        .flat_map(char::to_lowercase)
        .for_each(|c| out.push(c));
}

/// Where skeletons and folded text are written: a `String`, a small buffer
/// on the stack ([`SmallText`]), or a comparison as the text is produced
/// ([`Expect`]). Scoring asks for the skeletons of one- and two-character
/// units thousands of times per target, and a heap `String` for each was a
/// third of the generator's time on long labels (callgrind,
/// `internationalbusinessmachines.com`).
trait TextOut {
    fn push(&mut self, c: char);
    fn push_str(&mut self, s: &str);
    /// Nothing more written can change the outcome.
    fn stopped(&self) -> bool {
        false
    }
    /// What was written, or `None` when it did not fit.
    fn bytes(&self) -> Option<&[u8]>;
}

impl TextOut for String {
    fn push(&mut self, c: char) {
        String::push(self, c);
    }
    fn push_str(&mut self, s: &str) {
        String::push_str(self, s);
    }
    fn bytes(&self) -> Option<&[u8]> {
        Some(self.as_bytes())
    }
}

/// Up to 32 bytes of text on the stack.
#[derive(Default)]
struct SmallText {
    buf: [u8; 32],
    len: usize,
    overflow: bool,
}

impl TextOut for SmallText {
    fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }
    fn push_str(&mut self, s: &str) {
        match self.buf.get_mut(self.len..self.len + s.len()) {
            Some(slot) if !self.overflow => {
                slot.copy_from_slice(s.as_bytes());
                self.len += s.len();
            }
            _ => self.overflow = true,
        }
    }
    fn stopped(&self) -> bool {
        self.overflow
    }
    fn bytes(&self) -> Option<&[u8]> {
        (!self.overflow).then(|| &self.buf[..self.len])
    }
}

/// Checks text against the expected text as it is written.
struct Expect<'a> {
    rest: &'a [u8],
    differs: bool,
}

impl Expect<'_> {
    /// The text goes on with `bytes`, or it differs from the expected one.
    fn match_next(&mut self, bytes: &[u8]) {
        match self.rest.strip_prefix(bytes) {
            Some(rest) if !self.differs => self.rest = rest,
            _ => self.differs = true,
        }
    }
}

impl TextOut for Expect<'_> {
    fn push(&mut self, c: char) {
        self.push_str(c.encode_utf8(&mut [0; 4]));
    }
    fn push_str(&mut self, s: &str) {
        self.match_next(s.as_bytes());
    }
    fn stopped(&self) -> bool {
        self.differs
    }
    fn bytes(&self) -> Option<&[u8]> {
        None
    }
}

/// Up to four ASCII bytes: a unit of one or two ASCII characters, or its
/// skeleton (each ASCII character's skeleton has at most two).
#[derive(Debug, Default, Clone, Copy)]
struct AsciiUnit {
    buf: [u8; 4],
    len: usize,
}

impl AsciiUnit {
    /// `bytes` as a unit, when they fit.
    fn of(bytes: &[u8]) -> Option<AsciiUnit> {
        let mut out = AsciiUnit::default();
        out.buf.get_mut(..bytes.len())?.copy_from_slice(bytes);
        out.len = bytes.len();
        Some(out)
    }

    fn push(&mut self, b: u8) {
        if let Some(slot) = self.buf.get_mut(self.len) {
            *slot = b;
            self.len += 1;
        }
    }

    fn bytes(&self) -> &[u8] {
        &self.buf[..self.len]
    }

    fn append(&mut self, other: &AsciiUnit) {
        other.bytes().iter().for_each(|&b| self.push(b));
    }

    /// The bytes and their number as one integer: equal keys, equal bytes.
    /// Comparing slices this short through `memcmp` cost more than the rest
    /// of the look-up.
    fn key(&self) -> u64 {
        u64::from(u32::from_le_bytes(self.buf)) | (self.len as u64) << 32
    }
}

/// `unit` as bytes, when it is one or two ASCII characters.
fn ascii_unit(unit: &[char]) -> Option<AsciiUnit> {
    if unit.is_empty() || unit.len() > 2 || !unit.iter().all(char::is_ascii) {
        return None;
    }
    let mut out = AsciiUnit::default();
    unit.iter().for_each(|&c| out.push(c as u8));
    Some(out)
}

/// `chars` as UTF-8 in `buf`, when they fit (two characters always do).
fn encode<'b>(chars: &[char], buf: &'b mut [u8; 8]) -> Option<&'b str> {
    let mut len = 0;
    for c in chars {
        let slot = buf.get_mut(len..)?;
        if slot.len() < c.len_utf8() {
            return None;
        }
        len += c.encode_utf8(slot).len();
    }
    std::str::from_utf8(&buf[..len]).ok()
}

/// The lower-case LDH characters, whose one-character units
/// [`Confusables::unit_weight`] answers from a table.
const LDH: &[u8; 37] = b"-0123456789abcdefghijklmnopqrstuvwxyz";

/// `c`'s place in [`LDH`].
fn ldh_index(c: char) -> Option<usize> {
    match c {
        '-' => Some(0),
        '0'..='9' => Some(c as usize - '0' as usize + 1),
        'a'..='z' => Some(c as usize - 'a' as usize + 11),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_has_the_expected_size() {
        let t = Confusables::get();
        assert!(
            (6_000..8_000).contains(&t.prototypes().places.len()),
            "{}",
            t.prototypes().places.len()
        );
    }

    #[test]
    fn the_hand_picked_tables_parse_whole() {
        // A row the parser dropped would change the glyph tables quietly.
        let rows = |text: &str| crate::tsv::rows(text).count();
        assert_eq!(LATIN_EXTRAS.len(), 26);
        assert_eq!(rows(include_str!("../../data/latin-extras.tsv")), 26);
        assert_eq!(*ASCII_PAIRS, [('w', "vv"), ('d', "cl")]);
        assert_eq!(WEAK_LOOKALIKES.len(), 29);
        assert_eq!(rows(include_str!("../../data/weak-lookalikes.tsv")), 29);
        assert_eq!(WEAK_LOOKALIKES[0], ("l", "i", 0.8));
        assert_eq!(WEAK_LOOKALIKES[28], ("6", "b", 0.3));
        assert_eq!(ASCII_STRONG.len(), 7);
        assert_eq!(ASCII_STRONG[0], ("rn", 'm', 0.9));
        assert_eq!(LATIN_EXTRAS[11], ('l', "łƚɫɬɭʟȴ"));
    }

    #[test]
    fn ascii_fold_reads_accents_and_lookalike_letters_as_ascii() {
        let t = Confusables::get();
        assert_eq!(
            t.ascii_fold("googlé.com-login").as_deref(),
            Some("google.com-login")
        );
        assert_eq!(t.ascii_fold("gооgle.com").as_deref(), Some("google.com"));
        assert_eq!(t.ascii_fold("Paypal.com").as_deref(), Some("paypal.com"));
        // A letter with no ASCII reading.
        assert_eq!(t.ascii_fold("пример.рф"), None);
    }

    #[test]
    fn skeletons_meet() {
        let t = Confusables::get();
        for (a, b) in [
            ("аррӏе", "apple"),
            ("paypa1", "paypal"),
            ("rnicrosoft", "microsoft"),
            ("bankofthevvest", "bankofthewest"),
            ("paypàl", "paypal"),
            ("g00gle", "google"),
            ("clear", "dear"),
            ("łodz", "lodz"),
            ("ʙbc", "bbc"),
            ("ььс", "bbc"),
        ] {
            assert_eq!(t.skeleton(a), t.skeleton(b), "{a} / {b}");
        }
        assert_ne!(t.skeleton("paypal"), t.skeleton("paypa"));
        assert_ne!(t.skeleton("bank"), t.skeleton("tank"));
    }

    /// The general rule of `unit_weight`, on `String`s, without the tables
    /// of one-character units that short-cut it.
    fn reference_weight(t: &Confusables, cand: &str, target: &str) -> Option<f32> {
        let (mut c, mut u) = (cand.chars(), target.chars());
        if let (Some(c), None, Some(u), None) = (c.next(), c.next(), u.next(), u.next())
            && let Some(&w) = t
                .ascii_pairs
                .get(&(c, u))
                .or(t.unicode().pairs.get(&(c, u)))
        {
            return Some(w);
        }
        t.unit_weight_in::<String>(cand, target).flatten()
    }

    #[test]
    fn fast_unit_weights_follow_the_general_rule() {
        let t = Confusables::get();
        // Every LDH character, lookalikes from several scripts, a letter with
        // a diacritic, and characters whose prototypes spell several
        // characters (which overflow the stack buffer).
        let mut alphabet: Vec<char> = LDH.iter().map(|&b| char::from(b)).collect();
        alphabet.extend("аерсхуіӏíßǆﬁ\u{FDFA}\u{3392}İ".chars());
        let units: Vec<String> = alphabet
            .iter()
            .map(|c| c.to_string())
            .chain(
                alphabet
                    .iter()
                    .step_by(3)
                    .flat_map(|a| alphabet.iter().step_by(4).map(move |b| format!("{a}{b}"))),
            )
            .collect();
        // The uneven units that do weigh, and some that do not.
        let special: Vec<String> = [
            "rn", "vv", "cl", "nn", "lc", "lb", "lh", "kk", "ck", "ii", "1l", "l1", "0o", "oo",
            "mm", "ww", "dd", "m", "w", "d", "k", "b", "h", "M", "W", "D", "RN", "Rn", "N",
        ]
        .map(String::from)
        .to_vec();
        for cand in &special {
            for target in special.iter().chain(&units) {
                for (c, u) in [(cand, target), (target, cand)] {
                    let expected = reference_weight(t, c, u);
                    let (cc, uu): (Vec<char>, Vec<char>) =
                        (c.chars().collect(), u.chars().collect());
                    assert_eq!(t.unit_weight_chars(&cc, &uu), expected, "{c} / {u}");
                }
            }
        }
        for cand in &units {
            for target in units.iter().step_by(2) {
                let expected = reference_weight(t, cand, target);
                assert_eq!(t.unit_weight(cand, target), expected, "{cand} / {target}");
                let (c, u): (Vec<char>, Vec<char>) =
                    (cand.chars().collect(), target.chars().collect());
                assert_eq!(t.unit_weight_chars(&c, &u), expected, "{cand} / {target}");
            }
        }
        // Skeletons longer than the stack buffer take the `String` path.
        let long = "\u{FDFA}\u{FDFA}";
        assert!(t.skeleton(long).len() > 32);
        assert_eq!(t.unit_weight(long, "a"), reference_weight(t, long, "a"));
        assert_eq!(t.unit_weight(long, long), Some(0.5));
    }

    #[test]
    fn glyph_characters_weigh_by_the_general_rule() {
        let t = Confusables::get();
        let glyph_chars: Vec<char> = ('\u{80}'..=char::MAX)
            .filter(|&c| t.is_safe_glyph(c))
            .collect();
        for &c in &glyph_chars {
            for b in 0x20u8..0x7f {
                let u = char::from(b);
                let expected = reference_weight(t, &c.to_string(), &u.to_string());
                assert_eq!(t.unit_weight_chars(&[c], &[u]), expected, "{c} / {u}");
            }
        }
    }

    #[test]
    fn mixed_units_weigh_by_the_general_rule() {
        let t = Confusables::get();
        let glyph_chars: Vec<char> = ('\u{80}'..=char::MAX)
            .filter(|&c| t.is_safe_glyph(c))
            .collect();
        let targets = [
            "a", "n", "m", "w", "d", "l", "rn", "vv", "cl", "nn", "an", "ck",
        ];
        for &c in &glyph_chars {
            for other in ['a', 'n', 'r', 'l', '1', '-'] {
                for cand in [format!("{c}{other}"), format!("{other}{c}"), c.to_string()] {
                    for target in targets {
                        let expected = reference_weight(t, &cand, target);
                        let (cc, tt): (Vec<char>, Vec<char>) =
                            (cand.chars().collect(), target.chars().collect());
                        assert_eq!(t.unit_weight_chars(&cc, &tt), expected, "{cand} / {target}");
                    }
                }
            }
        }
    }

    #[test]
    fn glyph_characters_keep_their_scripts() {
        let t = Confusables::get();
        let expected: std::collections::HashSet<char> = t
            .unicode()
            .glyphs
            .values()
            .flatten()
            .filter_map(|g| {
                let mut chars = g.text.chars();
                match (chars.next(), chars.next()) {
                    (Some(c), None) if !c.is_ascii() => Some(c),
                    _ => None,
                }
            })
            .collect();
        for c in '\u{80}'..=char::MAX {
            assert_eq!(t.is_safe_glyph(c), expected.contains(&c), "{c:?}");
            assert_eq!(t.script(c), c.script(), "{c:?}");
        }
    }

    #[test]
    fn skeleton_is_compares_as_it_goes() {
        let t = Confusables::get();
        // Every glyph character inside a word and at its start, against the
        // word's own skeleton and its skeleton with the character's base.
        for c in ('\u{80}'..=char::MAX).filter(|&c| t.is_safe_glyph(c)) {
            for word in [
                format!("{c}paypal"),
                format!("pay{c}pal"),
                format!("{c}{c}"),
                format!("a{c}m"),
            ] {
                let chars: Vec<char> = word.chars().collect();
                for other in [
                    word.clone(),
                    "paypal".to_string(),
                    format!("a{}m", t.skeleton(&c.to_string())),
                ] {
                    let expected = t.skeleton(&word) == t.skeleton(&other);
                    assert_eq!(
                        t.skeleton_is(&chars, &t.skeleton(&other)),
                        expected,
                        "{word} / {other}"
                    );
                }
            }
        }
        for (a, b) in [
            ("раураӏ", "paypal"),
            ("rnicrosoft", "microsoft"),
            ("paypa", "paypal"),
            ("bank", "tank"),
        ] {
            let chars: Vec<char> = a.chars().collect();
            assert_eq!(
                t.skeleton_is(&chars, &t.skeleton(b)),
                t.skeleton(a) == t.skeleton(b),
                "{a} / {b}"
            );
        }
        assert!(!t.skeleton_is(&['a'], ""));
        assert!(t.skeleton_is(&[], ""));
    }

    #[test]
    fn glyphs_round_trip_and_include_cyrillic() {
        let t = Confusables::get();
        let a = t.glyphs('a');
        assert!(a.iter().any(|g| &*g.text == "а" && g.weight == 1.0));
        assert!(a.iter().any(|g| &*g.text == "à" && g.weight == 0.5));
        for g in a {
            assert!(
                g.text.is_ascii() || g.text.chars().all(build::idna_round_trips),
                "{}",
                g.text
            );
        }
        assert!(t.glyphs('m').iter().any(|g| &*g.text == "rn"));
        assert!(t.glyphs('l').iter().any(|g| &*g.text == "1"));
        assert!(t.glyphs('l').iter().any(|g| &*g.text == "ӏ"));
        assert!(t.glyphs('b').iter().any(|g| &*g.text == "ʙ"));
        assert!(t.glyphs('-').is_empty());
        assert_eq!(t.unit_weight("rn", "m"), Some(0.9));
        assert_eq!(t.unit_weight("q", "g"), Some(0.6));
        assert_eq!(t.unit_weight("í", "l"), Some(0.4));
        assert_eq!(t.unit_weight("x", "g"), None);
    }

    /// dnstwist's second pass on what its first wrote: the chains are
    /// stand-ins at the product of their steps, related by `unit_weight`
    /// at the same weight, and the two-step pass does not pair them.
    #[test]
    fn chains_of_two_steps_weigh_the_product_of_their_steps() {
        let t = Confusables::get();
        let weight = |c: char, text: &str| {
            t.glyphs(c)
                .iter()
                .find(|g| &*g.text == text)
                .map(|g| g.weight)
        };
        for (c, text, w) in [
            ('m', "rr", 0.36), // rn, then n for r
            ('m', "nr", 0.32), // nn, then r for n
            ('m', "r", 0.2),   // n, then r for n
            ('b', "cl", 0.36), // d, then cl for d
            ('b', "dl", 0.2),  // d, then dl for d (dnstwist's `dl`)
            ('b', "1b", 0.45), // lb, then 1 for l
            ('b', "ld", 0.2),  // lb, then d for b
            ('m', "ŗn", 0.45), // rn, then a cedilla
            ('m', "ññ", 0.4),  // nn, then a tilde on both
        ] {
            assert_eq!(weight(c, text), Some(w), "{text} for {c}");
            assert_eq!(
                t.unit_weight(text, &c.to_string()),
                Some(w),
                "{text} for {c}"
            );
            assert!(
                !t.one_step_glyphs(c).iter().any(|g| &*g.text == text),
                "{text} for {c} is a chain"
            );
        }
        // Below the floor, longer than two characters, or a letter that
        // does not fold to its base (`ŋ`): no chain.
        assert_eq!(weight('b', "l6"), None);
        assert_eq!(weight('b', "llb"), None);
        assert_eq!(weight('m', "ŋŋ"), None);
        let after_d: Vec<&str> = t.chains_after('b', "d").map(|g| &*g.text).collect();
        for text in ["cl", "dl", "ď"] {
            assert!(after_d.contains(&text), "{after_d:?}");
        }
    }
}
