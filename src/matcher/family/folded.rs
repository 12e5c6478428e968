//! The folded family: a target is filed under the labels its name would be
//! registered as with its suffix folded in (`armymil`, `army-mil` for
//! `army.mil`; `bbccouk`, `bbc-couk` and `bbcco`, the dot inside the suffix
//! dropped, for `bbc.co.uk`). The candidate probes its own label.

use super::super::keys::{Table, key, poly};
use super::{Filing, Probe, Proposals};

pub(super) fn index(t: &Filing<'_>, out: &mut Vec<(u64, u32)>) {
    let d = t.domain;
    folded_forms(d.unicode_label(), d.suffix(), |h| {
        out.push((key(Table::Folded, 0, h), t.id));
    });
}

#[inline]
pub(super) fn probe(p: &Probe<'_>, out: &mut Proposals<'_>) {
    if let Some(lp) = &p.label_p {
        out.add(p.get(Table::Folded, 0, lp.range(0, lp.len())));
    }
}

/// The hash of each label `label.suffix` is registered as with its suffix
/// folded in, given to `f`.
fn folded_forms(label: &str, suffix: &str, mut f: impl FnMut(u64)) {
    let folded = suffix.chars().filter(|&c| c != '.');
    f(poly(label.chars().chain(folded.clone())));
    f(poly(label.chars().chain(['-']).chain(folded)));
    if let Some((first, _)) = suffix.split_once('.') {
        f(poly(label.chars().chain(first.chars())));
    }
}
