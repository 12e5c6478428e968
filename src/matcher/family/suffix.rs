//! The protected-suffix family: a protected suffix (`mil`) is filed under
//! itself and each form of it with one character deleted; the candidate
//! probes its own suffix and its one-deletion forms, so that every suffix
//! one edit from a protected one (`ml`, `mill`, `mli`) meets it.

use super::super::keys::{Prefixes, Table, key};
use super::{Probe, Proposals};

pub(super) fn index(suffix: &str, id: u32, hashes: &mut Vec<u64>, out: &mut Vec<(u64, u32)>) {
    if let Some(form) = Prefixes::new(suffix.chars(), hashes) {
        out.push((key(Table::Suffix, 0, form.range(0, form.len())), id));
        for at in 0..form.len() {
            out.push((key(Table::Suffix, 0, form.without(at)), id));
        }
    }
}

#[inline]
pub(super) fn probe(p: &Probe<'_>, out: &mut Proposals<'_>) {
    // Without a protected suffix, the prefix hashes and one probe per
    // deletion are skipped: 2.5% of a check against domains alone
    // (callgrind).
    if !p.index.protects_suffixes {
        return;
    }
    let Proposals {
        proposed, hashes, ..
    } = out;
    if let Some(sp) = Prefixes::new(p.domain.suffix().chars(), hashes) {
        proposed.extend_from_slice(p.get(Table::Suffix, 0, sp.range(0, sp.len())));
        for at in 0..sp.len() {
            proposed.extend_from_slice(p.get(Table::Suffix, 0, sp.without(at)));
        }
    }
}
