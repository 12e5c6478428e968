//! Keyboards: which keys sit next to each other, on which layout.
//!
//! Fat-finger typos hit neighbouring keys: substitutions involve adjacent keys
//! and intrusions follow very short gaps between keystrokes (the transcription
//! typing literature summarised by Wu & Liu, ACM TOCHI 15(1), 2008). What is
//! adjacent depends on the layout the sender uses, and typosquatters target
//! non-US layouts too: Le Pochat et al. ("A Smörgåsbord of Typos", IEEE S&P
//! Workshops 2019) found over 15,000 registered typo domains aimed at German
//! (QWERTZ) users alone.
//!
//! Key positions come from `data/keyboards.tsv` (row 0 is the digit row, columns
//! carry the row stagger). Two keys are *adjacent* when their centres are at
//! most [`ADJACENT`] key widths apart, which takes in the keys left and right
//! and the two that touch above and below. A *layout swap* is the character
//! that sits at the same place on another layout: a Czech user on QWERTZ who
//! types `.cz` on a machine set to QWERTY gets `.cy` (twistrs issue #63).
//!
//! Which layout a TLD's users most likely type on is a hand-picked table,
//! `data/keyboard-by-tld.tsv`, each row with its source.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};

const KEYBOARDS: &str = include_str!("../data/keyboards.tsv");

/// Largest distance between key centres, in key widths, that counts as
/// adjacent: 1.0 for a horizontal neighbour, about 1.12-1.25 for the keys that
/// touch on the rows above and below; the next keys out are 1.6 or more away.
pub const ADJACENT: f32 = 1.3;

/// A keyboard layout `lookalike` knows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
pub enum Layout {
    /// US QWERTY.
    QwertyUs,
    /// German QWERTZ (also the usual layout in Austria, Switzerland, Czechia,
    /// Slovakia, Hungary and most of the former Yugoslavia).
    QwertzDe,
    /// French AZERTY (France, Belgium).
    AzertyFr,
    /// US Dvorak.
    DvorakUs,
    /// US Colemak.
    ColemakUs,
}

impl Layout {
    /// Every layout, in a fixed order.
    pub const ALL: [Layout; 5] = [
        Layout::QwertyUs,
        Layout::QwertzDe,
        Layout::AzertyFr,
        Layout::DvorakUs,
        Layout::ColemakUs,
    ];

    /// The layouts generation uses by default: the three that dnstwist and
    /// twistrs merge, and that cover most senders (QWERTY, QWERTZ, AZERTY).
    pub const DEFAULT: [Layout; 3] = [Layout::QwertyUs, Layout::QwertzDe, Layout::AzertyFr];

    /// The name used in `data/keyboards.tsv` and on the command line.
    pub fn name(self) -> &'static str {
        match self {
            Layout::QwertyUs => "qwerty-us",
            Layout::QwertzDe => "qwertz-de",
            Layout::AzertyFr => "azerty-fr",
            Layout::DvorakUs => "dvorak-us",
            Layout::ColemakUs => "colemak-us",
        }
    }

    /// Parses a layout name (`qwertz-de`; also `qwertz`, `azerty`, ...).
    pub fn from_name(name: &str) -> Option<Layout> {
        let name = name.trim().to_ascii_lowercase();
        Layout::ALL
            .into_iter()
            .find(|l| l.name() == name || l.name().split('-').next() == Some(&name))
    }

    /// The layout a sender typing under `tld` most likely uses: QWERTZ for the
    /// German-speaking and central European country codes, AZERTY for France,
    /// Belgium and Monaco, QWERTY elsewhere (Le Pochat, Van Goethem and Joosen, IEEE S&P Workshops 2019), as
    /// `data/keyboard-by-tld.tsv` lists them.
    pub fn for_tld(tld: &str) -> Layout {
        LAYOUT_BY_TLD.get(tld).copied().unwrap_or(Layout::QwertyUs)
    }

    fn index(self) -> usize {
        self as usize
    }
}

impl std::fmt::Display for Layout {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

/// Key positions of every known layout, for the 37 host-name characters.
#[derive(Debug)]
pub struct Keyboards {
    /// `positions[layout][byte]`: (row, column) of the key that types `byte`.
    positions: [[Option<(f32, f32)>; 128]; 5],
}

static KEYBOARDS_PARSED: LazyLock<Keyboards> = LazyLock::new(|| Keyboards::parse(KEYBOARDS));

/// The TLDs whose users mostly type on a layout other than US QWERTY, from
/// `data/keyboard-by-tld.tsv`. FxHash, for a short key hashed once a target.
static LAYOUT_BY_TLD: LazyLock<FxHashMap<&'static str, Layout>> = LazyLock::new(|| {
    crate::tsv::columns(include_str!("../data/keyboard-by-tld.tsv"))
        .filter_map(|[tld, layout]| Some((tld, Layout::from_name(layout)?)))
        .collect()
});

impl Keyboards {
    /// The embedded layouts.
    pub fn get() -> &'static Keyboards {
        &KEYBOARDS_PARSED
    }

    fn parse(text: &str) -> Keyboards {
        let mut positions = [[None; 128]; 5];
        for (_, fields) in crate::tsv::rows(text) {
            let [layout, key, row, column, ..] = fields.as_slice() else {
                continue;
            };
            let Some(layout) = Layout::from_name(layout) else {
                continue;
            };
            let (Ok(row), Ok(column)) = (row.parse::<f32>(), column.parse::<f32>()) else {
                continue;
            };
            let mut chars = key.chars();
            if let (Some(c), None) = (chars.next(), chars.next())
                && c.is_ascii()
            {
                positions[layout.index()][c as usize] = Some((row, column));
            }
        }
        Keyboards { positions }
    }

    fn position(&self, layout: Layout, c: char) -> Option<(f32, f32)> {
        if !c.is_ascii() {
            return None;
        }
        self.positions[layout.index()][c as usize]
    }

    /// Whether `a` and `b` are on neighbouring keys of `layout`.
    pub fn adjacent(&self, layout: Layout, a: char, b: char) -> bool {
        if a == b {
            return false;
        }
        match (self.position(layout, a), self.position(layout, b)) {
            (Some((ra, ca)), Some((rb, cb))) => {
                let (dr, dc) = (ra - rb, ca - cb);
                (dr * dr + dc * dc).sqrt() <= ADJACENT
            }
            _ => false,
        }
    }

    /// The characters on keys adjacent to `c` on `layout`, in byte order.
    pub fn neighbours(&self, layout: Layout, c: char) -> impl Iterator<Item = char> + '_ {
        HOST_CHARS
            .chars()
            .filter(move |&n| self.adjacent(layout, c, n))
    }

    /// The character at the place `c` has on `from`, when typed on `to`:
    /// `z` on QWERTZ → `y` on QWERTY. `None` when it is the same character.
    pub fn layout_swap(&self, from: Layout, to: Layout, c: char) -> Option<char> {
        let place = self.position(from, c)?;
        let found = HOST_CHARS
            .chars()
            .find(|&n| self.position(to, n) == Some(place))?;
        (found != c).then_some(found)
    }
}

/// The characters of an LDH host label.
pub const HOST_CHARS: &str = "-0123456789abcdefghijklmnopqrstuvwxyz";

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_layout_has_every_host_character() {
        let k = Keyboards::get();
        for layout in Layout::ALL {
            for c in HOST_CHARS.chars() {
                assert!(k.position(layout, c).is_some(), "{layout} lacks {c}");
            }
        }
    }

    #[test]
    fn adjacency_follows_the_keys() {
        let k = Keyboards::get();
        let q = Layout::QwertyUs;
        assert!(k.adjacent(q, 'a', 's') && k.adjacent(q, 'a', 'q') && k.adjacent(q, 'a', 'z'));
        assert!(k.adjacent(q, 'g', 't') && k.adjacent(q, 'g', 'b') && k.adjacent(q, 'l', 'k'));
        assert!(!k.adjacent(q, 'a', 'd') && !k.adjacent(q, 'a', 'a') && !k.adjacent(q, 'q', 'p'));
        let n: Vec<char> = k.neighbours(q, 's').collect();
        assert!(n.len() >= 6 && n.len() <= 8, "{n:?}");
        // y and z trade places on QWERTZ.
        assert!(k.adjacent(Layout::QwertzDe, 'z', 't') && !k.adjacent(q, 'z', 't'));
    }

    #[test]
    fn the_layout_table_has_every_row() {
        // 12 QWERTZ country codes, 3 AZERTY, each naming a known layout.
        assert_eq!(LAYOUT_BY_TLD.len(), 15);
        let rows = crate::tsv::rows(include_str!("../data/keyboard-by-tld.tsv")).count();
        assert_eq!(rows, 15);
    }

    #[test]
    fn layout_swaps() {
        let k = Keyboards::get();
        assert_eq!(
            k.layout_swap(Layout::QwertzDe, Layout::QwertyUs, 'z'),
            Some('y')
        );
        assert_eq!(
            k.layout_swap(Layout::AzertyFr, Layout::QwertyUs, 'a'),
            Some('q')
        );
        assert_eq!(k.layout_swap(Layout::QwertyUs, Layout::QwertzDe, 'k'), None);
        assert_eq!(Layout::for_tld("cz"), Layout::QwertzDe);
        assert_eq!(Layout::for_tld("be"), Layout::AzertyFr);
        assert_eq!(Layout::for_tld("com"), Layout::QwertyUs);
        assert_eq!(Layout::from_name("azerty"), Some(Layout::AzertyFr));
    }
}
