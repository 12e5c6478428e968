//! The families of index keys, one module each: what a target is filed
//! under, and how a candidate looks it up, side by side.
//!
//! The index does not decide anything. It only has to propose every target
//! that [`Model::assess`](crate::score::Model) could explain a candidate by,
//! and as few others as it can; `assess` then decides kind, score and reason,
//! exactly as it does for the generator. Each family serves named
//! explanations of `assess`:
//!
//! | module | keys | built from | serves |
//! |---|---|---|---|
//! | [`label`] | exact label | the registrable label (and without its article) | suffix edits, combosquats inside a hyphenated label, `www` merges, subdomain embedding, edits that move the split; the targets of a lead label |
//! | [`part`] | label part, head, tail | the label, when it has [`MIN_COMBO_LABEL`] characters or more | combosquats: the candidate's label starts or ends with it |
//! | [`folded`] | folded | the label with the suffix folded in: `armymil`, `army-mil`, `bbcco` (of `bbc.co.uk`) | a folded suffix, a dropped dot inside a two-level suffix |
//! | [`name`] | exact name | the registrable domain | a protected or allowed candidate, embedded names, dot insertion |
//! | [`near`] | near forms, long head | the label without hyphens, and each form of it with one character deleted, or two for labels of [`MIN_TWO_EDIT_LABEL`] characters or more; held once per distinct label, for its first target, whose label then finds the others | every edit of the label, one or two, under any suffix (SymSpell, Garbe 2012: two strings `k` edits apart share a form with at most `k` deletions), hyphen moves, a misspelt label beside a word |
//! | [`visual`] | visual key, vowel key, per suffix | [`visual::visual_key`], the label with every vowel masked | homoglyphs, ASCII and Unicode, up to [`MAX_UNITS`](crate::score::MAX_UNITS) units; vowel shuffles |
//! | [`swap`] | arrangement | the label's characters in any order | swapped parts (`cartoonjoe`) |
//! | [`suffix`] | suffix forms | a protected suffix and its one-deletion forms | a protected suffix imitated |
//!
//! A check computes what every family reads once ([`Probe`]), then calls
//! each family's `probe` in turn; [`propose`] is that list of calls. A
//! target's entries are the concatenation of each family's `index`.

mod folded;
pub(super) mod label;
pub(super) mod name;
pub(super) mod near;
mod part;
mod suffix;
mod swap;
pub(super) mod visual;

use super::keys::{Prefixes, Table, key};
use super::{Matcher, Protected, Scratch};
use crate::domain::Domain;
use crate::score::Model;

pub(crate) use crate::pairwise::MIN_TWO_EDIT_LABEL;
pub(crate) use crate::score::MIN_COMBO_LABEL;

/// What every family reads of a candidate, computed once a check.
pub(super) struct Probe<'a> {
    pub(super) index: &'a Matcher,
    pub(super) domain: &'a Domain,
    /// The registrable label, in Unicode.
    pub(super) label: &'a str,
    /// The label's prefix hashes, which serve the label, part, near and
    /// lure probes: computed once (six passes over the names were 8% of a
    /// missed check's instructions, callgrind). `None` past
    /// [`MAX_HASHED`](super::keys::MAX_HASHED) characters.
    pub(super) label_p: Option<Prefixes<'a>>,
    pub(super) hyphenated: bool,
    /// The scope of the per-suffix tables, when some target is under the
    /// candidate's suffix.
    pub(super) sid: Option<u32>,
    pub(super) chars: LabelChars<'a>,
}

impl<'a> Probe<'a> {
    /// The targets filed under `table`, `scope`, `poly`.
    #[inline]
    pub(super) fn get(&self, table: Table, scope: u32, poly: u64) -> &'a [u32] {
        self.index.postings.get(key(table, scope, poly))
    }

    /// The protected domain with id `id`, if it is a domain.
    #[inline]
    pub(super) fn domain_target(&self, id: u32) -> Option<&'a Domain> {
        match self.index.targets.get(id as usize) {
            Some(Protected::Domain(d)) => Some(d),
            _ => None,
        }
    }
}

/// The label's characters and what one pass over them finds. As passes of
/// their own, these cost 3% of a check (callgrind).
pub(super) struct LabelChars<'a> {
    /// The label's first 64 characters, in a buffer reused from check to
    /// check.
    chars: &'a [char],
    /// [`swap::arrangement_key`] of the label.
    pub(super) arrangement: u64,
    /// Where the label's last run of ASCII lower-case letters starts.
    pub(super) letters_from: usize,
    /// Whether any character is not ASCII, and whether any is a
    /// decoration ([`crate::pairwise::is_decoration`]).
    pub(super) unicode: bool,
    pub(super) decorated: bool,
}

impl<'a> LabelChars<'a> {
    fn of(label: &str, buf: &'a mut Vec<char>) -> LabelChars<'a> {
        buf.clear();
        let (mut arrangement, mut letters_from) = (0, 0);
        let (mut unicode, mut decorated) = (false, false);
        for c in label.chars().take(64) {
            buf.push(c);
            arrangement = swap::arrangement_step(arrangement, c);
            if !c.is_ascii_lowercase() {
                letters_from = buf.len();
                if !c.is_ascii() {
                    unicode = true;
                    decorated |= crate::pairwise::is_decoration(c);
                }
            }
        }
        LabelChars {
            chars: buf,
            arrangement,
            letters_from,
            unicode,
            decorated,
        }
    }

    /// How many characters were read (the label's first 64).
    pub(super) fn len(&self) -> usize {
        self.chars.len()
    }

    /// The characters read.
    pub(super) fn as_slice(&self) -> &'a [char] {
        self.chars
    }
}

/// Where the families put what they find, and the buffers they share.
pub(super) struct Proposals<'s> {
    /// Targets for the model, with repeats.
    pub(super) proposed: &'s mut Vec<u32>,
    /// Lead targets whose label is near the candidate's (see [`near`]).
    pub(super) leads: &'s mut Vec<u32>,
    /// Lead targets one edit from a part of the candidate's label.
    pub(super) part_leads: &'s mut Vec<u32>,
    pub(super) near_hits: &'s mut Vec<u64>,
    /// Prefix hashes of a second sequence (the host, the label without
    /// hyphens), for one family at a time.
    pub(super) hashes: &'s mut Vec<u64>,
    pub(super) text: &'s mut String,
    /// The label's visual key, when the per-suffix tables were probed.
    pub(super) visual_key: Option<u64>,
}

impl Proposals<'_> {
    #[inline]
    pub(super) fn add(&mut self, ids: &[u32]) {
        self.proposed.extend_from_slice(ids);
    }
}

/// Every target the index can see behind `domain` (with repeats), into
/// `scratch.proposed`; `scratch.leads` holds the near labels' lead targets.
/// Returns the label's visual key when it was computed (the candidate's
/// suffix is a target's).
pub(super) fn propose(index: &Matcher, domain: &Domain, scratch: &mut Scratch) -> Option<u64> {
    let Scratch {
        hashes,
        label_hashes,
        label_chars,
        text,
        proposed,
        leads,
        part_leads,
        near_hits,
    } = scratch;
    proposed.clear();
    leads.clear();
    part_leads.clear();
    let label = domain.unicode_label();
    let probe = Probe {
        index,
        domain,
        label,
        label_p: Prefixes::new(label.chars(), label_hashes),
        hyphenated: label.bytes().any(|b| b == b'-'),
        sid: index.suffix_ids.get(domain.suffix()).copied(),
        chars: LabelChars::of(label, label_chars),
    };
    let mut out = Proposals {
        proposed,
        leads,
        part_leads,
        near_hits,
        hashes,
        text,
        visual_key: None,
    };
    label::probe(&probe, &mut out);
    part::probe(&probe, &mut out);
    folded::probe(&probe, &mut out);
    name::probe(&probe, &mut out);
    visual::probe(&probe, &mut out);
    swap::probe(&probe, &mut out);
    suffix::probe(&probe, &mut out);
    near::probe(&probe, &mut out);
    out.visual_key
}

/// What a protected domain is filed under, and how.
pub(super) struct Filing<'a> {
    pub(super) domain: &'a Domain,
    pub(super) id: u32,
    /// Its suffix's scope in the per-suffix tables.
    pub(super) sid: u32,
    /// Whether it is the first target of its label (see [`near`]).
    pub(super) lead: bool,
}

/// The entries of one target, `id`. For a domain, `(sid, lead)` are its
/// suffix's scope and whether it leads its label (see [`Filing`]). Returns
/// the label's visual key (0 for a suffix).
pub(super) fn index_target(
    target: &Protected,
    id: u32,
    (sid, lead): (u32, bool),
    model: &Model,
    (hashes, text): (&mut Vec<u64>, &mut String),
    out: &mut Vec<(u64, u32)>,
) -> u64 {
    match target {
        Protected::Domain(domain) => {
            let t = Filing {
                domain,
                id,
                sid,
                lead,
            };
            label::index(&t, out);
            part::index(&t, hashes, out);
            folded::index(&t, out);
            name::index(&t, out);
            swap::index(&t, out);
            near::index(&t, hashes, out);
            visual::index(&t, model.confusables, text, out)
        }
        Protected::Suffix(s) => {
            suffix::index(s, id, hashes, out);
            0
        }
    }
}
