//! The arrangement family, for swapped parts (`cartoonjoe` for
//! `joecartoon`): a target whose label is long enough to swap
//! ([`swappable`](crate::score::swappable)) is filed under a hash shared by
//! every arrangement of its characters; the candidate probes its own, when
//! its label is as long as such a target's.

use super::super::keys::{Table, key};
use super::{Filing, Probe, Proposals};

pub(super) fn index(t: &Filing<'_>, out: &mut Vec<(u64, u32)>) {
    let label = t.domain.unicode_label();
    if crate::score::swappable(label) {
        out.push((key(Table::Swap, 0, arrangement_key(label)), t.id));
    }
}

#[inline]
pub(super) fn probe(p: &Probe<'_>, out: &mut Proposals<'_>) {
    if p.chars.len() >= crate::score::MIN_SWAP_LABEL {
        out.add(p.get(Table::Swap, 0, p.chars.arrangement));
    }
}

/// A hash shared by every arrangement of the same characters, hyphens
/// left out: `joecartoon`, `cartoonjoe` and `cartoon-joe` share one. Each
/// character is mixed on its own (SplitMix64's finaliser) and the mixes are
/// added, so the order is lost and the cost is linear in the label. ASCII
/// mixes come from a table: mixing each byte in place cost 3% of a check
/// (callgrind, 49,526 real names).
pub(super) fn arrangement_key(label: &str) -> u64 {
    label.chars().fold(0, arrangement_step)
}

/// [`arrangement_key`] one character further: for a pass over the label
/// that does other work too ([`LabelChars`](super::LabelChars)).
#[inline]
pub(super) fn arrangement_step(sum: u64, c: char) -> u64 {
    match c {
        '-' => sum,
        c if c.is_ascii() => sum.wrapping_add(ASCII_MIX[c as usize & 0x7f]),
        c => sum.wrapping_add(mix(u64::from(c))),
    }
}

/// SplitMix64's finaliser (Steele, Lea and Flood, OOPSLA 2014) on `x + 1`.
const fn mix(x: u64) -> u64 {
    let mut z = (x + 1).wrapping_mul(0x9e37_79b9_7f4a_7c15);
    z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
    z ^ (z >> 31)
}

/// [`mix`] of each ASCII code.
const ASCII_MIX: [u64; 128] = {
    let mut table = [0u64; 128];
    let mut b = 0;
    while b < 128 {
        table[b] = mix(b as u64);
        b += 1;
    }
    table
};

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn arrangements_share_a_key_and_others_do_not() {
        let k = arrangement_key("joecartoon");
        assert_eq!(arrangement_key("cartoonjoe"), k);
        assert_eq!(arrangement_key("cartoon-joe"), k);
        assert_ne!(arrangement_key("joecartoons"), k);
        assert_ne!(arrangement_key("joecartoom"), k);
    }
}
