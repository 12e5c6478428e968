//! The tiers that wait for a character outside ASCII, compiled to text:
//! `data/glyph_table.txt`, which the crate embeds and reads instead of
//! building them.
//!
//! Building them from `confusables.txt` is the work of [`super::build`]:
//! the prototypes (5.8 M instructions) and the glyph table (16.6 M, most of
//! it skeletons through NFD and the IDNA test of each candidate
//! character). A process that meets its first name outside ASCII paid both
//! before it could answer, three times what the rest of its start cost
//! (callgrind, `lookalike check` of `раypal.com`). The compiled text holds
//! what they produce, and reading it costs a small part of that. A test
//! (`the_compiled_tables_are_the_built_ones`) fails when the file is not
//! what a build gives, and writes it with `LOOKALIKE_WRITE_TABLES=1`.
//!
//! The file is one section after another, each begun by a line `%name`
//! (no tab, where every other line has one):
//!
//! | section | a line | what |
//! | --- | --- | --- |
//! | `prototypes` | character, prototype | [`Prototypes`], by character |
//! | `glyphs` | letter, stand-in, weight | [`Unicode::glyphs`], each letter's list in order |
//! | `one-step` | letter, stand-in, weight | [`Unicode::one_step`], the same way |
//! | `chains` | letter, first step, stand-in, weight | [`Unicode::chains`] |
//! | `chars` | character, skeleton, empty skeleton, fold, starter | [`GlyphChars`] (`~` for no unit, `0`/`1` for flags) |
//!
//! Fields are separated by tabs; weights are written as `f32` displays,
//! which read back to the same value. What is cheap to work out again is
//! not stored: a character's script, and the pairs of one character.

use super::build::one_character_pairs;
use super::{AsciiUnit, Glyph, GlyphChar, GlyphChars, Prototypes, Unicode};
use rustc_hash::FxHashMap;
use unicode_script::UnicodeScript;

/// The compiled tiers of the embedded `confusables.txt`.
pub(super) const EMBEDDED: &str = include_str!("../../data/glyph_table.txt");

/// The lines of section `name` of a compiled text, `None` when it has none.
fn section<'t>(text: &'t str, name: &str) -> Option<impl Iterator<Item = &'t str> + 't> {
    // Found by a substring search: line by line, reaching the last
    // section read the 6,700 prototypes' lines again (2.5 M instructions).
    let line = format!("%{name}\n");
    let start = match text.strip_prefix(line.as_str()) {
        Some(_) => line.len(),
        None => text.find(&format!("\n{line}"))? + 1 + line.len(),
    };
    let lines = crate::tsv::lines(text.get(start..)?);
    Some(lines.take_while(|line| marker(line).is_none()))
}

/// The name of the section a line begins: `%name`, without a tab (every
/// line of a section has one, and `%` has a prototype).
fn marker(line: &str) -> Option<&str> {
    line.strip_prefix('%').filter(|name| !name.contains('\t'))
}

/// The `N` tab-separated fields of a line that has exactly `N`.
fn fields<const N: usize>(line: &str) -> Option<[&str; N]> {
    let mut out = [""; N];
    let mut parts = crate::domain::split_ascii(line, b'\t');
    for slot in &mut out {
        *slot = parts.next()?;
    }
    parts.next().is_none().then_some(out)
}

/// The one character of a field.
fn one_char(field: &str) -> Option<char> {
    let mut chars = field.chars();
    let c = chars.next()?;
    chars.next().is_none().then_some(c)
}

fn unit(field: &str) -> Option<Option<AsciiUnit>> {
    match field {
        "~" => Some(None),
        _ if field.is_ascii() => AsciiUnit::of(field.as_bytes()).map(Some),
        _ => None,
    }
}

fn flag(field: &str) -> Option<bool> {
    match field {
        "0" => Some(false),
        "1" => Some(true),
        _ => None,
    }
}

/// A stand-in and its weight, as two fields.
fn glyph(stand_in: &str, weight: &str) -> Option<Glyph> {
    Some(Glyph {
        text: stand_in.into(),
        weight: weight.parse().ok()?,
    })
}

/// A section of stand-ins by letter, `letter, stand-in, weight` a line.
fn glyph_lists(text: &str, name: &str) -> Option<FxHashMap<char, Vec<Glyph>>> {
    let mut lists: FxHashMap<char, Vec<Glyph>> = FxHashMap::default();
    for line in section(text, name)? {
        let [letter, stand_in, weight] = fields(line)?;
        let glyph = glyph(stand_in, weight)?;
        lists.entry(one_char(letter)?).or_default().push(glyph);
    }
    Some(lists)
}

impl Prototypes {
    /// The prototypes of a compiled text; `None` when it does not read.
    pub(super) fn from_compiled(text: &str) -> Option<Prototypes> {
        let mut prototypes = Prototypes {
            text: String::with_capacity(16 * 1024),
            places: FxHashMap::with_capacity_and_hasher(8 * 1024, Default::default()),
        };
        for line in section(text, "prototypes")? {
            let [c, prototype] = fields(line)?;
            let c = one_char(c)?;
            prototypes.insert(c, |text| text.push_str(prototype));
        }
        Some(prototypes)
    }

    /// The `prototypes` section of the compiled text, by character.
    #[cfg(test)]
    fn compiled(&self, out: &mut String) {
        let mut chars: Vec<char> = self.chars().collect();
        chars.sort_unstable();
        out.push_str("%prototypes\n");
        for c in chars {
            let prototype = self.get(c).unwrap_or_default();
            out.extend([c.encode_utf8(&mut [0; 4]), "\t", prototype, "\n"]);
        }
    }
}

impl Unicode {
    /// The glyph tier of a compiled text; `None` when it does not read.
    pub(super) fn from_compiled(text: &str) -> Option<Unicode> {
        let glyphs = glyph_lists(text, "glyphs")?;
        let one_step = glyph_lists(text, "one-step")?;
        let mut chains: FxHashMap<char, Vec<(Box<str>, Glyph)>> = FxHashMap::default();
        for line in section(text, "chains")? {
            let [letter, first, stand_in, weight] = fields(line)?;
            let glyph = glyph(stand_in, weight)?;
            let list = chains.entry(one_char(letter)?).or_default();
            list.push((first.into(), glyph));
        }
        let mut safe = GlyphChars::default();
        for line in section(text, "chars")? {
            let [c, skeleton, empty, folded, starter] = fields(line)?;
            let c = one_char(c)?;
            let info = GlyphChar {
                script: c.script(),
                skeleton: unit(skeleton)?,
                skeleton_empty: flag(empty)?,
                folded: unit(folded)?,
                starter: flag(starter)?,
            };
            safe.insert(c, info);
        }
        let pairs = one_character_pairs(&glyphs, false);
        Some(Unicode {
            glyphs,
            one_step,
            chains,
            pairs,
            safe,
        })
    }

    /// The glyph sections of the compiled text, by letter and character.
    #[cfg(test)]
    fn compiled(&self, out: &mut String) {
        fn sorted<V>(map: &FxHashMap<char, V>) -> Vec<(char, &V)> {
            let mut entries: Vec<(char, &V)> = map.iter().map(|(&c, v)| (c, v)).collect();
            entries.sort_unstable_by_key(|&(c, _)| c);
            entries
        }
        for (name, lists) in [("glyphs", &self.glyphs), ("one-step", &self.one_step)] {
            out.extend(["%", name, "\n"]);
            for (letter, list) in sorted(lists) {
                for g in list {
                    let weight = g.weight.to_string();
                    let letter = letter.encode_utf8(&mut [0; 4]).to_owned();
                    out.extend([letter.as_str(), "\t", &g.text, "\t", &weight, "\n"]);
                }
            }
        }
        out.push_str("%chains\n");
        for (letter, list) in sorted(&self.chains) {
            for (first, g) in list {
                let weight = g.weight.to_string();
                let letter = letter.encode_utf8(&mut [0; 4]).to_owned();
                out.extend([
                    letter.as_str(),
                    "\t",
                    first,
                    "\t",
                    &g.text,
                    "\t",
                    &weight,
                    "\n",
                ]);
            }
        }
        out.push_str("%chars\n");
        let mut chars: Vec<char> = self.pairs.keys().map(|&(c, _)| c).collect();
        chars.sort_unstable();
        chars.dedup();
        let unit = |u: Option<AsciiUnit>| {
            u.map_or("~".to_owned(), |u| {
                String::from_utf8_lossy(u.bytes()).into_owned()
            })
        };
        let flag = |b: bool| if b { "1" } else { "0" };
        for c in chars {
            let Some(info) = self.safe.get(c) else {
                continue;
            };
            let c = c.encode_utf8(&mut [0; 4]).to_owned();
            let (skeleton, folded) = (unit(info.skeleton), unit(info.folded));
            out.extend([
                c.as_str(),
                "\t",
                &skeleton,
                "\t",
                flag(info.skeleton_empty),
                "\t",
            ]);
            out.extend([folded.as_str(), "\t", flag(info.starter), "\n"]);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::super::Confusables;
    use super::*;

    /// The built tiers, compiled: what `data/glyph_table.txt` must hold.
    fn built() -> String {
        let tables = Confusables::build();
        let mut out = String::new();
        Prototypes::parse().compiled(&mut out);
        tables.build_unicode().compiled(&mut out);
        out
    }

    /// The embedded file is what a build gives; after changing
    /// `confusables.txt` or the tables built from it, write it again with
    /// `LOOKALIKE_WRITE_TABLES=1 cargo test --lib compiled`.
    #[test]
    fn the_compiled_tables_are_the_built_ones() {
        const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/glyph_table.txt");
        let built = built();
        if std::env::var_os("LOOKALIKE_WRITE_TABLES").is_some() {
            std::fs::write(PATH, &built).expect("writes the table");
        }
        let committed = std::fs::read_to_string(PATH).expect("the committed table");
        assert!(committed == built, "{PATH} is stale: see this test's doc");
        // And it reads back to the same tables.
        let mut again = String::new();
        Prototypes::from_compiled(&built)
            .expect("prototypes read")
            .compiled(&mut again);
        Unicode::from_compiled(&built)
            .expect("glyphs read")
            .compiled(&mut again);
        assert!(again == built);
    }

    #[test]
    fn a_compiled_text_that_does_not_read_is_refused() {
        let good =
            "%prototypes\nа\ta\n%glyphs\na\tа\t1\n%one-step\n%chains\n%chars\nа\ta\t0\ta\t1\n";
        assert!(Prototypes::from_compiled(good).is_some());
        let unicode = Unicode::from_compiled(good).expect("reads");
        assert_eq!(unicode.glyphs[&'a'][0].weight, 1.0);
        assert_eq!(unicode.pairs[&('а', 'a')], 1.0);
        for bad in [
            good.replace("\t1\n%one", "\tone\n%one"),
            good.replace("%chars\n", ""),
            good.replace("\t0\ta", "\t2\ta"),
            good.replace("а\ta\n%glyphs", "аа\ta\n%glyphs"),
        ] {
            let refused =
                Prototypes::from_compiled(&bad).is_none() || Unicode::from_compiled(&bad).is_none();
            assert!(refused, "{bad:?}");
        }
    }
}
