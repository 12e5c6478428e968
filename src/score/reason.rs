//! The reason a lookalike is one, as data and as words: what changed
//! ([`What`]), where ([`Place`]) and in which characters, written out by
//! [`What::write_to`] as the first half of every reason (the second says
//! where the name lands, [`super::Model::write_reason`]). Kept apart from the
//! rules that decide a score: these only say, in a stable shape, what the
//! rules found.

use std::fmt::Write as _;

use unicode_script::Script;

use super::ScriptMix;
use crate::domain::split_ascii;
use crate::keyboard::Layout;

/// Where an edit happened, for the reason.
#[derive(Debug, Clone, Copy)]
pub(super) enum Place<'a> {
    Label(&'a str),
    Suffix(&'a str),
    Name(&'a str),
}

impl Place<'_> {
    pub(super) fn write_to(self, out: &mut String) {
        let (before, name, after) = match self {
            Place::Label(l) => ("label '", l, "'"),
            Place::Suffix(s) => ("suffix .", s, ""),
            Place::Name(n) => ("name ", n, ""),
        };
        out.push_str(before);
        out.push_str(name);
        out.push_str(after);
    }
}

/// The registrable domain a name belongs to: `pal.com` for `pay.pal.com`.
#[derive(Debug, Clone, Copy)]
pub(super) struct Owner<'a> {
    pub(super) label: &'a str,
    pub(super) suffix: &'a str,
}

impl Owner<'_> {
    pub(super) fn write_to(self, out: &mut String) {
        out.push_str(self.label);
        out.push('.');
        out.push_str(self.suffix);
    }
}

/// What one edit did, in the words of the reason.
#[derive(Debug, Clone, Copy)]
pub(super) enum Change {
    HyphenDropped,
    Lost(char),
    HyphenInserted,
    Doubled(char),
    Added {
        ch: char,
        near: bool,
    },
    SlippedIn {
        ch: char,
        near: bool,
    },
    Neighbour {
        from: char,
        to: char,
    },
    OtherLayout {
        from: char,
        to: char,
        layout: Layout,
    },
    Vowel {
        from: char,
        to: char,
    },
    BitFlip {
        from: char,
        to: char,
    },
    Replaced {
        from: char,
        to: char,
    },
    Swapped {
        a: char,
        b: char,
    },
}

/// At most this many lookalike units are spelt out in a homoglyph's reason.
pub(super) const SHOWN_UNITS: usize = 3;

/// One or two characters of a lookalike unit, copied out of the label so that
/// the reason can be written after the label's character buffer is gone.
#[derive(Debug, Clone, Copy, Default)]
pub(super) struct Unit {
    pub(super) chars: [char; 2],
    pub(super) len: u8,
}

impl Unit {
    pub(super) fn of(text: &[char]) -> Unit {
        let mut unit = Unit::default();
        for (slot, &c) in unit.chars.iter_mut().zip(text) {
            *slot = c;
            unit.len += 1;
        }
        unit
    }
}

impl Unit {
    pub(super) fn write_to(self, out: &mut String) {
        // `push` per character: `String::extend` over a `char` slice went
        // through a generic fold that cost some 50 instructions a unit,
        // 2% of the generator's (callgrind, the 18 benchmark domains that
        // twistrs handles).
        for &c in &self.chars[..usize::from(self.len)] {
            out.push(c);
        }
    }
}

/// A homoglyph's units, as many as its reason shows.
#[derive(Debug, Clone, Copy)]
pub(super) struct Lookalikes<'a> {
    /// The first units, (candidate side, target side).
    pub(super) shown: [(Unit, Unit); SHOWN_UNITS],
    /// How many units differ in all.
    pub(super) count: usize,
    /// The target's label.
    pub(super) label: &'a str,
    /// The candidate label's scripts.
    pub(super) mix: ScriptMix,
}

impl Lookalikes<'_> {
    /// "'1' looks like 'l', 'а' looks like 'a'".
    #[inline(always)]
    pub(super) fn write_units(&self, out: &mut String) {
        for (i, (from, to)) in self.shown.iter().take(self.count).enumerate() {
            out.push_str(if i == 0 { "'" } else { ", '" });
            from.write_to(out);
            out.push_str("' looks like '");
            to.write_to(out);
            out.push('\'');
        }
        if self.count > SHOWN_UNITS {
            out.push_str(", …");
        }
    }

    /// The scripts, unless the label is ASCII or Latin alone.
    #[inline(always)]
    pub(super) fn write_mix(&self, out: &mut String) {
        match self.mix {
            ScriptMix::Ascii | ScriptMix::Single(Script::Latin) => {}
            ScriptMix::Single(script) => {
                push_all(out, &[" (whole-script ", script.full_name(), ")"]);
            }
            ScriptMix::Mixed(a, b) => push_all(
                out,
                &[" (mixed ", a.full_name(), " and ", b.full_name(), ")"],
            ),
        }
    }
}

/// The words around the target in a combosquat: the candidate's label
/// without the target's bytes `at..at + len`, split at hyphens, empty pieces
/// dropped (`login` in `paypal-login`; `us`, `gov` in `us-fbigov`).
#[derive(Debug, Clone, Copy)]
pub(super) struct ComboWords<'a> {
    pub(super) label: &'a str,
    pub(super) at: usize,
    pub(super) len: usize,
}

impl<'a> ComboWords<'a> {
    pub(super) fn iter(self) -> impl Iterator<Item = &'a str> {
        let (before, after) = (&self.label[..self.at], &self.label[self.at + self.len..]);
        split_ascii(before, b'-')
            .chain(split_ascii(after, b'-'))
            .filter(|w| !w.is_empty())
    }

    pub(super) fn write_joined(self, out: &mut String, sep: &str) {
        for (i, word) in self.iter().enumerate() {
            if i > 0 {
                out.push_str(sep);
            }
            out.push_str(word);
        }
    }
}

/// What changed, as data; [`What::write_to`] writes it as the first half of
/// the reason.
#[derive(Debug, Clone, Copy)]
pub(super) enum What<'a> {
    /// One edit of the label, the suffix or the whole name; `owner` is the
    /// registrable domain that the name now belongs to when the edit moved the
    /// split.
    Edit {
        place: Place<'a>,
        change: Change,
        owner: Option<Owner<'a>>,
    },
    Homoglyph(Lookalikes<'a>),
    /// Glyphs of the suffix's first label (`label` is the suffix), so that
    /// the name belongs to another registrant (written from the candidate).
    SuffixHomoglyph(Lookalikes<'a>),
    HyphensMoved {
        label: &'a str,
    },
    DotInserted {
        name: &'a str,
        owner: Owner<'a>,
    },
    VowelsSwapped {
        swaps: usize,
        label: &'a str,
    },
    HostDotHyphen {
        host: &'a str,
    },
    HostDotDropped {
        host: &'a str,
    },
    SuffixShortened {
        target: &'a str,
        cand: &'a str,
    },
    SuffixSibling {
        target: &'a str,
        cand: &'a str,
    },
    SuffixHabitual {
        target: &'a str,
        cand: &'a str,
    },
    SuffixOther {
        target: &'a str,
        cand: &'a str,
    },
    SuffixFolded {
        suffix: &'a str,
        label: &'a str,
    },
    SuffixDotDropped {
        label: &'a str,
        first: &'a str,
    },
    /// The target's label joined to words; `lure` when every word is on the
    /// combo-squatting list.
    Combo {
        target: &'a str,
        words: ComboWords<'a>,
        lure: bool,
        /// The target is split by hyphens in the candidate.
        split: bool,
        /// The article the target's label begins with, dropped (`target`
        /// is then the rest).
        article: Option<&'a str>,
        /// The target's label in the plural (`metamasks-wallet`).
        plural: bool,
    },
    /// The target's non-ASCII letters written in ASCII, as their owners do
    /// when a keyboard or a form lacks them (`muenchen` for `münchen`).
    Transliterated {
        label: &'a str,
    },
    /// Two parts of the target's label in the other order.
    PartsSwapped {
        first: &'a str,
        second: &'a str,
        label: &'a str,
    },
    /// The target's label without the article it begins with.
    ArticleDropped {
        article: &'a str,
        label: &'a str,
    },
    Embedded {
        name: &'a str,
        host: &'a str,
        /// Written in lookalike letters (`googlé.com` in
        /// `googlé.com-login.com`); `host` is then the Unicode form.
        disguised: bool,
    },
    SubdomainLabel {
        label: &'a str,
        host: &'a str,
    },
}

impl What<'_> {
    /// Appends the words: "label 'paypal' lost its 'y'". Written with
    /// `push_str`, not `write!`: the formatting machinery cost about a
    /// thousand instructions per reason, on the path of every variant
    /// (callgrind, `paypal.com`).
    pub(super) fn write_to(&self, out: &mut String) {
        match *self {
            What::Edit {
                place,
                change,
                owner,
            } => {
                write_change(change, place, out);
                if let Some(owner) = owner {
                    out.push_str(", so the name belongs to ");
                    owner.write_to(out);
                }
            }
            What::Homoglyph(l) => {
                l.write_units(out);
                push_all(out, &[" in label '", l.label, "'"]);
                l.write_mix(out);
            }
            What::SuffixHomoglyph(units) => {
                units.write_units(out);
                push_all(out, &[" in suffix .", units.label]);
                units.write_mix(out);
            }
            What::HyphensMoved { label } => {
                push_all(out, &["hyphens were moved in label '", label, "'"]);
            }
            What::DotInserted { name, owner } => {
                push_all(out, &["a dot was inserted into ", name]);
                out.push_str(", so the name belongs to ");
                owner.write_to(out);
            }
            What::VowelsSwapped { swaps, label } => {
                let _ = write!(out, "{swaps}");
                push_all(out, &[" vowels were swapped in label '", label, "'"]);
            }
            What::HostDotHyphen { host } => {
                push_all(out, &["the dot after '", host, "' became a hyphen"]);
            }
            What::HostDotDropped { host } => {
                push_all(out, &["the dot after '", host, "' was dropped"]);
            }
            What::SuffixShortened { target, cand } => {
                push_all(out, &["suffix .", target, " shortened to .", cand]);
            }
            What::SuffixSibling { target, cand } => {
                push_all(
                    out,
                    &["suffix .", target, " swapped for its sibling .", cand],
                );
            }
            What::SuffixHabitual { target, cand } => {
                push_all(
                    out,
                    &["suffix .", target, " swapped for the habitual .", cand],
                );
            }
            What::SuffixOther { target, cand } => {
                push_all(
                    out,
                    &["the same label under .", cand, " instead of .", target],
                );
            }
            What::SuffixFolded { suffix, label } => {
                push_all(
                    out,
                    &[
                        "suffix .",
                        suffix,
                        " folded into the label as '",
                        label,
                        "'",
                    ],
                );
            }
            What::SuffixDotDropped { label, first } => {
                push_all(
                    out,
                    &[
                        "the dot between '",
                        label,
                        "' and '",
                        first,
                        "' was dropped",
                    ],
                );
            }
            What::Combo {
                target,
                words,
                lure,
                split,
                article,
                plural,
            } => {
                push_all(out, &["label '", target, "'"]);
                if plural {
                    out.push_str(" in the plural");
                }
                if let Some(article) = article {
                    push_all(out, &[" (without its '", article, "')"]);
                }
                if split {
                    out.push_str(", split by hyphens,");
                }
                out.push_str(" joined to ");
                if lure {
                    out.push_str("the word '");
                    words.write_joined(out, "', '");
                } else {
                    out.push('\'');
                    words.write_joined(out, "-");
                }
                out.push('\'');
            }
            What::Embedded {
                name,
                host,
                disguised,
            } => {
                let how = if disguised {
                    "' is embedded, in lookalike letters, in the host '"
                } else {
                    "' is embedded in the host '"
                };
                push_all(out, &["'", name, how, host, "'"]);
            }
            What::PartsSwapped {
                first,
                second,
                label,
            } => {
                push_all(
                    out,
                    &[
                        "'",
                        first,
                        "' and '",
                        second,
                        "' swapped in label '",
                        label,
                        "'",
                    ],
                );
            }
            What::ArticleDropped { article, label } => {
                push_all(
                    out,
                    &["label '", label, "' lost its article '", article, "'"],
                );
            }
            What::Transliterated { label } => {
                push_all(out, &["label '", label, "' written in ASCII letters"]);
            }
            What::SubdomainLabel { label, host } => {
                push_all(
                    out,
                    &["'", label, "' appears as a subdomain label of '", host, "'"],
                );
            }
        }
    }
}

/// Appends the words of one edit at `place`.
pub(super) fn write_change(change: Change, place: Place<'_>, out: &mut String) {
    let how = |near: bool| {
        if near {
            "a neighbouring key"
        } else {
            "not a neighbouring key"
        }
    };
    // The characters of the reason, quoted: `'x'`.
    let quoted = |out: &mut String, c: char| {
        out.push('\'');
        out.push(c);
        out.push('\'');
    };
    match change {
        Change::HyphenDropped => {
            out.push_str("a hyphen was dropped from ");
            place.write_to(out);
        }
        Change::Lost(ch) => {
            place.write_to(out);
            out.push_str(" lost its ");
            quoted(out, ch);
        }
        Change::HyphenInserted => {
            out.push_str("a hyphen was inserted into ");
            place.write_to(out);
        }
        Change::Doubled(ch) => {
            place.write_to(out);
            out.push_str(" doubled its ");
            quoted(out, ch);
        }
        Change::Added { ch, near } => {
            quoted(out, ch);
            push_all(out, &[" (", how(near), ") was added at the end of "]);
            place.write_to(out);
            // Attackers register a brand's plural as a second spelling of
            // it (`paypals.com`), not as a slip: the reason says which.
            if ch == 's' && matches!(place, Place::Label(_)) {
                out.push_str(", making it plural");
            }
        }
        Change::SlippedIn { ch, near } => {
            quoted(out, ch);
            push_all(out, &[" (", how(near), ") slipped into "]);
            place.write_to(out);
        }
        Change::Neighbour { from, to } => {
            quoted(out, from);
            out.push_str(" became its keyboard neighbour ");
            quoted(out, to);
            out.push_str(" in ");
            place.write_to(out);
        }
        Change::OtherLayout { from, to, layout } => {
            quoted(out, from);
            out.push_str(" became ");
            quoted(out, to);
            push_all(out, &[", the same key on ", layout.name(), ", in "]);
            place.write_to(out);
        }
        Change::Vowel { from, to } => {
            out.push_str("vowel ");
            quoted(out, from);
            out.push_str(" became ");
            quoted(out, to);
            out.push_str(" in ");
            place.write_to(out);
        }
        Change::BitFlip { from, to } => {
            quoted(out, from);
            out.push_str(" became ");
            quoted(out, to);
            out.push_str(", one bit apart, in ");
            place.write_to(out);
        }
        Change::Replaced { from, to } => {
            quoted(out, from);
            out.push_str(" became ");
            quoted(out, to);
            out.push_str(" in ");
            place.write_to(out);
        }
        Change::Swapped { a, b } => {
            out.push('\'');
            out.extend([a, b]);
            out.push_str("' became '");
            out.extend([b, a]);
            out.push_str("' in ");
            place.write_to(out);
        }
    }
}

pub(super) fn push_all(out: &mut String, parts: &[&str]) {
    parts.iter().for_each(|p| out.push_str(p));
}
