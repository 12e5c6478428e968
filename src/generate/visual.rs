//! Visual lookalikes: glyph substitutions that the eye reads as the original.
//!
//! Stand-ins come from [`Confusables::glyphs`](crate::confusables::Confusables::glyphs):
//! UTS #39 prototypes (Cyrillic `а` for `a`), Latin letters with diacritics,
//! hooks and strokes, ASCII pairs (`rn` for `m`) and the weaker ASCII
//! lookalikes. One step substitutes one *slot*: a character, a run of equal
//! characters (`pp` → `ṗṗ`), or every occurrence of a character that occurs
//! three times or more. Variants take one step or two, as dnstwist's two
//! passes do.
//!
//! dnstwist's second pass also works on what its first pass wrote: `m` →
//! `rn` → `rr` (`arrry.mil`), `b` → `d` → `dl` (`bdlc.co.uk`), `m` → `nn` →
//! `ññ`. Those chains are stand-ins of their own in the glyph table
//! ([`Confusables::glyphs`](crate::confusables::Confusables::glyphs)), each
//! weighing the product of its steps, so one step here substitutes a chain as
//! it substitutes any stand-in, and the model scores the result as it
//! scores any homoglyph. Such a chain is two steps already: the two-step pass
//! does not pair it
//! ([`one_step_glyphs`](crate::confusables::Confusables::one_step_glyphs)),
//! which keeps the output to dnstwist's depth and the two-step budget for
//! stand-ins of one step. The one exception is dnstwist's own: its first
//! pass changes a run whole (`bb` → `dd`), and its second a letter of it
//! (`cldc.co.uk`), which [`run_then_chain`] makes.
//!
//! Two steps multiply: a label of `n` slots with `g` stand-ins each has about
//! `n²g²/2` two-step variants. [`HOMOGLYPH_BUDGET`] bounds them: the two-step
//! pass uses, per slot, only the `k` strongest stand-ins, with `k` the largest
//! number that keeps `pairs × k²` within the budget. So a 63-character label
//! costs the same order of work as a 15-character one.
//!
//! Whole-script variants replace every letter with one script's lookalikes
//! (`аррӏе` for `apple`), when that script has a lookalike for each letter.

use std::collections::BTreeMap;

use unicode_script::{Script, UnicodeScript};

use super::Sink;
use crate::confusables::Glyph;
use crate::score::Model;

/// The most two-step homoglyph candidates generated for one label.
pub const HOMOGLYPH_BUDGET: usize = 40_000;

/// A place where one step substitutes: the character positions it covers.
struct Slot {
    positions: Vec<usize>,
    base: char,
}

fn slots(label: &[char]) -> Vec<Slot> {
    let mut slots = Vec::new();
    for (i, &c) in label.iter().enumerate() {
        slots.push(Slot {
            positions: vec![i],
            base: c,
        });
        // A run of equal characters, from its first position.
        if i + 1 < label.len() && label[i + 1] == c && (i == 0 || label[i - 1] != c) {
            let run: Vec<usize> = (i..label.len()).take_while(|&j| label[j] == c).collect();
            slots.push(Slot {
                positions: run,
                base: c,
            });
        }
    }
    let mut counts: BTreeMap<char, Vec<usize>> = BTreeMap::new();
    for (i, &c) in label.iter().enumerate() {
        counts.entry(c).or_default().push(i);
    }
    for (c, positions) in counts {
        let is_run = positions.windows(2).all(|w| w[1] == w[0] + 1);
        if positions.len() >= 3 && !is_run {
            slots.push(Slot { positions, base: c });
        }
    }
    slots
}

/// A label as text, with the byte offset where each of its characters
/// starts (and its length at the end), so that a variant copies the
/// unchanged stretches whole.
struct Text {
    text: String,
    offsets: Vec<usize>,
}

impl Text {
    fn of(label: &[char]) -> Text {
        let text: String = label.iter().collect();
        let offsets = text
            .char_indices()
            .map(|(at, _)| at)
            .chain([text.len()])
            .collect();
        Text { text, offsets }
    }

    /// Writes the label with the stand-ins of `steps` (one or two slots,
    /// which do not overlap; positions ascend within a slot) in place.
    fn apply(&self, buf: &mut String, steps: &[(&Slot, &Glyph)]) {
        let mut next = [0; 2];
        let mut copied = 0;
        loop {
            // The lowest position not yet replaced, and whose stand-in.
            let step = steps
                .iter()
                .zip(&next)
                .enumerate()
                .filter_map(|(s, ((slot, glyph), &i))| {
                    slot.positions.get(i).map(|&p| (p, s, glyph))
                })
                .min_by_key(|&(p, _, _)| p);
            let Some((p, s, glyph)) = step else {
                break;
            };
            buf.push_str(&self.text[copied..self.offsets[p]]);
            buf.push_str(&glyph.text);
            copied = self.offsets[p + 1];
            next[s] += 1;
        }
        buf.push_str(&self.text[copied..]);
    }
}

/// A stand-in's worth in a label of `script`: its weight, ×0.2 when it would
/// make the label mixed-script (the display and reach factor of the score).
fn worth(glyph: &Glyph, script: Script) -> f32 {
    let mixes = glyph.text.chars().any(|c| {
        let s = c.script();
        !matches!(s, Script::Common | Script::Inherited) && s != script
    });
    if mixes {
        glyph.weight * 0.2
    } else {
        glyph.weight
    }
}

pub(super) fn homoglyph(model: &Model, label: &[char], sink: &mut Sink) {
    let slots = slots(label);
    let script = label
        .iter()
        .map(|c| c.script())
        .find(|s| !matches!(s, Script::Common | Script::Inherited))
        .unwrap_or(Script::Latin);
    // For the two-step pass, the stand-ins of one step worth most in this
    // label first.
    let glyphs: Vec<Vec<&Glyph>> = slots
        .iter()
        .map(|s| {
            let mut list: Vec<(f32, &Glyph)> = model
                .confusables
                .one_step_glyphs(s.base)
                .iter()
                .map(|g| (worth(g, script), g))
                .collect();
            list.sort_by(|a, b| b.0.total_cmp(&a.0).then_with(|| a.1.text.cmp(&b.1.text)));
            list.into_iter().map(|(_, g)| g).collect()
        })
        .collect();
    let text = Text::of(label);
    for slot in &slots {
        for g in model.confusables.glyphs(slot.base) {
            sink.label_with(|b| text.apply(b, &[(slot, g)]));
        }
    }
    run_then_chain(model, &slots, &text, sink);
    let pairs = slots.len() * slots.len().saturating_sub(1) / 2;
    if pairs == 0 {
        return;
    }
    let k = ((HOMOGLYPH_BUDGET / pairs) as f64).sqrt().floor() as usize;
    if k == 0 {
        return;
    }
    let disjoint = |a: usize, b: usize| {
        !slots[a]
            .positions
            .iter()
            .any(|p| slots[b].positions.contains(p))
    };
    let two_step: usize = (0..slots.len())
        .flat_map(|a| (a + 1..slots.len()).map(move |b| (a, b)))
        .filter(|&(a, b)| disjoint(a, b))
        .map(|(a, b)| glyphs[a].len().min(k) * glyphs[b].len().min(k))
        .sum();
    // Non-ASCII stand-ins take two or three bytes each.
    sink.reserve(two_step, text.text.len() + 8 + sink.suffix.len());
    for a in 0..slots.len() {
        for b in a + 1..slots.len() {
            if !disjoint(a, b) {
                continue;
            }
            for ga in glyphs[a].iter().take(k) {
                for gb in glyphs[b].iter().take(k) {
                    sink.label_with(|buf| text.apply(buf, &[(&slots[a], ga), (&slots[b], gb)]));
                }
            }
        }
    }
}

/// dnstwist's second pass on a run its first pass changed whole: `bb` →
/// `dd`, then one `d` → `cl` (`cldc.co.uk` for `bbc.co.uk`). Two steps, as
/// dnstwist counts them (its first pass replaces a letter throughout a
/// window of two); here the run takes a stand-in of one step and one of its
/// letters the chain that continues from it
/// ([`chains_after`](crate::confusables::Confusables::chains_after)).
fn run_then_chain(model: &Model, slots: &[Slot], text: &Text, sink: &mut Sink) {
    let runs = slots
        .iter()
        .filter(|s| s.positions.len() >= 2 && s.positions.windows(2).all(|w| w[1] == w[0] + 1));
    for run in runs {
        for g in model.confusables.one_step_glyphs(run.base) {
            let mut chains = model.confusables.chains_after(run.base, &g.text).peekable();
            if chains.peek().is_none() {
                continue;
            }
            let chains: Vec<&Glyph> = chains.collect();
            for &p in &run.positions {
                let rest = Slot {
                    positions: run.positions.iter().copied().filter(|&q| q != p).collect(),
                    base: run.base,
                };
                let one = Slot {
                    positions: vec![p],
                    base: run.base,
                };
                for chain in &chains {
                    sink.label_with(|b| text.apply(b, &[(&rest, g), (&one, chain)]));
                }
            }
        }
    }
}

/// One variant per script that has a single-character lookalike of weight 1
/// for every letter of the label (digits and hyphens stay).
pub(super) fn whole_script(model: &Model, label: &[char], sink: &mut Sink) {
    let mut scripts: Vec<Script> = Vec::new();
    for &c in label.iter().filter(|c| c.is_ascii_alphabetic()) {
        for g in model.confusables.glyphs(c) {
            let mut chars = g.text.chars();
            if let (Some(ch), None) = (chars.next(), chars.next()) {
                let script = ch.script();
                if g.weight >= 1.0
                    && script != Script::Latin
                    && script != Script::Common
                    && !scripts.contains(&script)
                {
                    scripts.push(script);
                }
            }
        }
    }
    for script in scripts {
        let mut out = String::new();
        let complete = label.iter().all(|&c| {
            if !c.is_ascii_alphabetic() {
                out.push(c);
                return true;
            }
            let found = model.confusables.glyphs(c).iter().find_map(|g| {
                let mut chars = g.text.chars();
                match (chars.next(), chars.next()) {
                    (Some(ch), None) if g.weight >= 1.0 && ch.script() == script => Some(ch),
                    _ => None,
                }
            });
            found.map(|ch| out.push(ch)).is_some()
        });
        if complete {
            sink.label(&out);
        }
    }
}
