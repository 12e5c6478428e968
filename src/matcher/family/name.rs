//! The exact-name family: a target is filed under its registrable domain
//! (`paypal.com`).
//!
//! It answers whether a candidate is itself protected, and finds protected
//! names inside a host: embedded between separators
//! (`paypal.com-secure.net`, `login.paypal.com.evil.io`), or the host
//! itself with one dot removed (`pay.pal.com`), in ASCII and, for a host
//! with a Unicode label, read in lookalike letters
//! (`googlé.com-login.com`).

use super::super::keys::{Prefixes, Table, key, poly};
use super::super::{Matcher, Protected};
use super::{Filing, Probe, Proposals};

pub(super) fn index(t: &Filing<'_>, out: &mut Vec<(u64, u32)>) {
    out.push((
        key(Table::Name, 0, poly(t.domain.registrable().chars())),
        t.id,
    ));
}

/// The protected domain whose registrable name is `name`, if any.
pub(in crate::matcher) fn protected<'m>(index: &'m Matcher, name: &str) -> Option<&'m str> {
    index
        .postings
        .get(key(Table::Name, 0, poly(name.chars())))
        .iter()
        .find_map(|&id| match index.targets.get(id as usize) {
            Some(Protected::Domain(d)) if d.registrable() == name => Some(d.registrable()),
            _ => None,
        })
}

#[inline]
pub(super) fn probe(p: &Probe<'_>, out: &mut Proposals<'_>) {
    let Proposals {
        proposed, hashes, ..
    } = out;
    let mut get = |k: u64| proposed.extend_from_slice(p.index.postings.get(k));
    // A host of one dot and no hyphen (`example.com`, most names) embeds
    // no name but itself, which is not protected (`is_protected`), and
    // no dot removed from it leaves a name: its embedded-name probes, a
    // tenth of such a check, are skipped.
    let host = p.domain.as_str();
    let (dots, hyphens) = host.bytes().fold((0, 0), |(d, h), b| {
        (d + usize::from(b == b'.'), h + usize::from(b == b'-'))
    });
    let embeds = dots > 1 || hyphens > 0;
    if let Some(hp) = embeds
        .then(|| Prefixes::new(host.chars(), hashes))
        .flatten()
    {
        embedded_names(p.index, host, &hp, &mut get);
    }
    // The same in lookalike letters, for the few names with a Unicode
    // label.
    if host.contains("xn--") {
        let folded = p.index.model.confusables.ascii_fold(p.domain.unicode());
        if let Some(folded) = folded.filter(|f| f.is_ascii())
            && let Some(fp) = Prefixes::new(folded.chars(), hashes)
        {
            embedded_names(p.index, &folded, &fp, &mut get);
        }
    }
}

/// The name keys inside the ASCII host `host` (prefix hashes `p`), given to
/// `get`. Bounded by the longest protected name and its dot count, so the
/// work is linear in the host.
fn embedded_names(index: &Matcher, host: &str, p: &Prefixes<'_>, get: &mut impl FnMut(u64)) {
    let bytes = host.as_bytes();
    let is_sep = |b: u8| b == b'.' || b == b'-';
    let starts = std::iter::once(0).chain(
        bytes
            .iter()
            .enumerate()
            .filter(|(_, b)| is_sep(**b))
            .map(|(i, _)| i + 1),
    );
    for start in starts {
        let mut dots = 0;
        for end in start..=bytes.len() {
            if end - start > index.max_name_len {
                break;
            }
            let at_end = end == bytes.len();
            if at_end || is_sep(bytes[end]) {
                if dots >= 1 && end > start {
                    get(key(Table::Name, 0, p.range(start, end)));
                }
                if at_end {
                    break;
                }
                if bytes[end] == b'.' {
                    dots += 1;
                    if dots > index.max_name_dots {
                        break;
                    }
                }
            }
        }
    }
    let dots = bytes.iter().filter(|&&b| b == b'.').count();
    if dots <= index.max_name_dots + 1 {
        for (at, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'.') {
            get(key(Table::Name, 0, p.without(at)));
        }
    }
}
