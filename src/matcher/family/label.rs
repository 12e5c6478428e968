//! The exact-label family: a target is filed under its registrable label
//! (`paypal`), and under the label without its article (`hawksmoor` for
//! `thehawksmoor`).
//!
//! The candidate probes it with every spelling in which the label itself
//! may appear: its own label (the suffix was changed), the label after a
//! merged `www`, each hyphen-separated token, its host's own labels (the
//! target as a subdomain, or an edit that moved the split: `bbc.cco.uk`,
//! `paypalc.om`), and the label without decorations (`‹google›`). The
//! [`near`](super::near) family also reaches every target of a lead label
//! through this table.

use super::super::keys::{Table, key, poly};
use super::{Filing, MIN_COMBO_LABEL, Probe, Proposals};
use crate::domain::split_ascii;
use crate::score::HOST_PREFIXES;

/// The key of every target whose label is `label`.
pub(super) fn key_of(label: &str) -> u64 {
    poly(label.chars())
}

pub(super) fn index(t: &Filing<'_>, out: &mut Vec<(u64, u32)>) {
    let label = t.domain.unicode_label();
    out.push((key(Table::Label, 0, key_of(label)), t.id));
    if let Some((_, core)) = crate::score::article_core(label) {
        out.push((key(Table::Label, 0, key_of(core)), t.id));
    }
}

/// The targets whose label is `label`, under any suffix.
#[inline]
pub(super) fn targets<'a>(p: &Probe<'a>, label: &str) -> &'a [u32] {
    p.get(Table::Label, 0, key_of(label))
}

#[inline]
pub(super) fn probe(p: &Probe<'_>, out: &mut Proposals<'_>) {
    let label = p.label;
    let get = |h: u64| p.get(Table::Label, 0, h);
    if let Some(lp) = &p.label_p {
        out.add(get(lp.range(0, lp.len())));
    }
    // A merged host label: `wwwpaypal`, `www-x`.
    for host in HOST_PREFIXES {
        if let Some(rest) = label.strip_prefix(host) {
            out.add(get(poly(rest.chars())));
            if let Some(rest) = rest.strip_prefix('-') {
                out.add(get(poly(rest.chars())));
            }
        }
    }
    if p.hyphenated {
        for token in split_ascii(label, b'-') {
            out.add(get(poly(token.chars())));
        }
    }
    host_labels(p, out);
    // A Unicode label with its decorations dropped (`‹google›`).
    if p.chars.decorated {
        let plain = label
            .chars()
            .filter(|&c| !crate::pairwise::is_decoration(c));
        out.add(get(poly(plain)));
    }
}

/// The host's own labels: the target's label as a subdomain, and an edit
/// that moved the split (`bbc.cco.uk`, `paypalc.om`).
fn host_labels(p: &Probe<'_>, out: &mut Proposals<'_>) {
    let get = |h: u64| p.get(Table::Label, 0, h);
    let domain = p.domain;
    let unicode = domain.unicode();
    let mut labels = split_ascii(unicode, b'.');
    if let Some(first) = labels.next() {
        out.add(get(poly(first.chars())));
        let mut shorter = first.chars();
        if shorter.next_back().is_some() && !shorter.as_str().is_empty() {
            out.add(get(poly(shorter)));
        }
        if let Some(c) = labels.next().and_then(|second| second.chars().next()) {
            out.add(get(poly(first.chars().chain([c]))));
        }
        // A label too short for the part tables, its dot edited away
        // (`00com.au` for `0.com.au`): one edit, so only for a host about
        // as long as such a target's name. Probed for every host, these
        // proposed `t.co` for every name starting with `t`: a fifth of
        // all proposals (1,000 targets, 49,526 real names).
        if domain.as_str().len() <= p.index.max_short_name_len + 1 {
            for len in 1..MIN_COMBO_LABEL {
                if first.chars().nth(len).is_some() {
                    out.add(get(poly(first.chars().take(len))));
                }
            }
        }
    }
    let sub = &unicode[..unicode.len() - domain.unicode_registrable().len()];
    for l in split_ascii(sub, b'.').filter(|l| !l.is_empty()) {
        out.add(get(poly(l.chars())));
        // A brand as one word of a subdomain label
        // (`metamask-io.example.co.za`, `extension-metamask.com.x.com`).
        if l.contains('-') {
            for token in split_ascii(l, b'-').filter(|t| !t.is_empty()) {
                out.add(get(poly(token.chars())));
            }
        }
    }
}
