//! The label-part family, for combosquats: a target whose label has
//! [`MIN_COMBO_LABEL`] characters or more is filed under the label, its
//! first and its last [`MIN_COMBO_LABEL`] characters (head and tail), and
//! the same for the label without its article.
//!
//! The candidate probes every prefix of its label when some target's label
//! begins as it does (one head probe that most names fail, in place of one
//! probe per length), every suffix when some target's label ends as it
//! does, the parts of a hyphenated label that start or end a token
//! (`us-fbigov`), and the prefixes of the label without its hyphens
//! (`pay-pal-support`).
//!
//! The part table is kept apart from the exact-label one so that the parts
//! of every candidate do not propose one- and two-letter targets (`t.co`,
//! `x.com`) that no explanation of a part can name: they were 60% of the
//! proposals of a check of real names, all rejected (1,000 targets, 49,526
//! names).

use super::super::keys::{Prefixes, Table, key};
use super::near::deletion_form;
use super::{Filing, MIN_COMBO_LABEL, Probe, Proposals};

pub(super) fn index(t: &Filing<'_>, hashes: &mut Vec<u64>, out: &mut Vec<(u64, u32)>) {
    let label = t.domain.unicode_label();
    let m = MIN_COMBO_LABEL;
    let mut file = |p: &Prefixes<'_>| {
        let n = p.len();
        out.push((key(Table::Part, 0, p.range(0, n)), t.id));
        out.push((key(Table::Head, 0, p.range(0, m)), t.id));
        out.push((key(Table::Tail, 0, p.range(n - m, n)), t.id));
    };
    if let Some(p) = Prefixes::new(label.chars(), hashes).filter(|p| p.len() >= m) {
        file(&p);
    }
    // The label without its article, joined to words (`score`).
    if let Some((_, core)) = crate::score::article_core(label)
        && let Some(p) = Prefixes::new(core.chars(), hashes)
    {
        file(&p);
    }
}

#[inline]
pub(super) fn probe(p: &Probe<'_>, out: &mut Proposals<'_>) {
    let m = MIN_COMBO_LABEL;
    let get = |h: u64| p.get(Table::Part, 0, h);
    if let Some(lp) = &p.label_p {
        let n = lp.len();
        if n > m && !p.get(Table::Head, 0, lp.range(0, m)).is_empty() {
            for end in m..n {
                out.add(get(lp.range(0, end)));
            }
        }
        if n > m && !p.get(Table::Tail, 0, lp.range(n - m, n)).is_empty() {
            for start in 1..=n - m {
                out.add(get(lp.range(start, n)));
            }
        }
        // Inside a hyphenated label, the parts that start or end a token
        // (`us-fbigov`); the label's own prefixes and suffixes are done
        // above.
        if p.hyphenated {
            for_each_token_part(p.label, n, m, |start, end| {
                if start > 0 && end < n {
                    out.add(get(lp.range(start, end)));
                }
            });
        }
    }
    // The target split by hyphens (`pay-pal-support`): the prefixes of the
    // label without its hyphens.
    if p.hyphenated {
        let Proposals {
            proposed, hashes, ..
        } = out;
        if let Some(form) = Prefixes::new(deletion_form(p.label), hashes) {
            for end in m..form.len() {
                proposed.extend_from_slice(get(form.range(0, end)));
            }
        }
    }
}

/// Calls `f(start, end)` (character positions) for every part of `label`
/// (`n` characters) of `min` characters or more that starts or ends one of
/// its hyphen-separated tokens and is shorter than the label.
fn for_each_token_part(label: &str, n: usize, min: usize, mut f: impl FnMut(usize, usize)) {
    let mut start = 0;
    let hyphens = label.chars().enumerate().filter(|&(_, c)| c == '-');
    for end in hyphens.map(|(i, _)| i).chain([n]) {
        let whole = end - start;
        for len in min..=whole {
            if len == n {
                continue;
            }
            f(start, start + len);
            if len < whole {
                f(end - len, end);
            }
        }
        start = end + 1;
    }
}
