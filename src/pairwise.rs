//! [`compare`](crate::compare): the model on one pair, including pairs two
//! edits apart.
//!
//! The generator and the matcher stop at one edit of the label: two-edit
//! names are far more numerous (every label of ten letters has tens of
//! thousands) and draw almost no typing traffic (SCORING-EVIDENCE T4: the
//! traffic of a typo domain falls steeply with its distance). But an analyst
//! holding a suspicious pair (`faacebok.com`, `facebook.com`) wants it
//! explained, so `compare` goes one step further: it finds a name between the
//! two, one edit from each, and scores the chain with the same model.

use crate::domain::Domain;
use crate::score::{Assessment, Candidate, Model, Target};

/// Labels shorter than this are not compared at two edits: almost any two
/// short labels are two edits apart. Chromium uses the same bound for one
/// edit (`kMinLengthForEditDistance = 5`, components/lookalikes).
pub const MIN_TWO_EDIT_LABEL: usize = 5;

/// A second edit counts one tenth of the first for typing, as each further
/// vowel of a vowel shuffle does (see [`score`](crate::score)).
const FURTHER_EDIT: f64 = 0.1;

/// `cand` as `target` through two single edits of the label under the same
/// suffix, or `None`.
pub(crate) fn two_edits(model: &Model, cand: &Domain, target: &Domain) -> Option<Assessment> {
    if cand.suffix() != target.suffix() || cand.subdomain().is_some() {
        return None;
    }
    let (c, t): (Vec<char>, Vec<char>) = (
        cand.unicode_label().chars().collect(),
        target.unicode_label().chars().collect(),
    );
    if t.len() < MIN_TWO_EDIT_LABEL || c.len() < MIN_TWO_EDIT_LABEL {
        return None;
    }
    let middle: String = halfway(&c, &t)?.into_iter().collect();
    let middle = Domain::parse_with(
        &format!("{middle}.{}", target.unicode_suffix()),
        &model.suffixes,
    )
    .ok()?;
    let first = model.assess(&Candidate::of(&middle), &Target::domain(target, model))?;
    let second = model.assess(&Candidate::of(cand), &Target::domain(&middle, model))?;
    let typing = first.typing * second.typing * FURTHER_EDIT;
    let visual = first.visual * second.visual;
    let raw = 1.0 - (1.0 - 0.9 * typing) * (1.0 - 0.9 * visual);
    let (what_first, _) = first.reason.split_once("; ")?;
    let (what_second, lands) = second.reason.split_once("; ")?;
    Some(Assessment {
        kind: if first.score >= second.score {
            first.kind
        } else {
            second.kind
        },
        score: round(second.reach * raw),
        typing: round(typing),
        visual: round(visual),
        reach: second.reach,
        reason: format!("two edits: {what_first}, then {what_second}; {lands}"),
    })
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

/// One alignment step from the target to the candidate.
#[derive(Clone, Copy)]
enum Step {
    Keep(char),
    Change { from: usize, to: usize },
}

/// A label one edit from both, when `c` and `t` are exactly two edits apart
/// (optimal string alignment: insertions, deletions, substitutions and
/// adjacent transpositions): `t` with the first of the two edits applied.
fn halfway(c: &[char], t: &[char]) -> Option<Vec<char>> {
    let (n, m) = (c.len(), t.len());
    if n.abs_diff(m) > 2 {
        return None;
    }
    let w = m + 1;
    let mut d = vec![0usize; (n + 1) * w];
    for i in 0..=n {
        for j in 0..=m {
            d[i * w + j] = if i == 0 || j == 0 {
                i + j
            } else {
                let cost = usize::from(c[i - 1] != t[j - 1]);
                let mut best = (d[(i - 1) * w + j] + 1)
                    .min(d[i * w + j - 1] + 1)
                    .min(d[(i - 1) * w + j - 1] + cost);
                if i > 1 && j > 1 && c[i - 1] == t[j - 2] && c[i - 2] == t[j - 1] {
                    best = best.min(d[(i - 2) * w + j - 2] + 1);
                }
                best
            };
        }
    }
    if d[n * w + m] != 2 {
        return None;
    }
    // Walk back from the end, recording each step as (candidate span,
    // target span).
    let mut steps: Vec<(Step, std::ops::Range<usize>, std::ops::Range<usize>)> = Vec::new();
    let (mut i, mut j) = (n, m);
    while i > 0 || j > 0 {
        let here = d[i * w + j];
        if i > 0 && j > 0 && c[i - 1] == t[j - 1] && d[(i - 1) * w + j - 1] == here {
            steps.push((Step::Keep(t[j - 1]), i - 1..i, j - 1..j));
            (i, j) = (i - 1, j - 1);
        } else if i > 0 && j > 0 && d[(i - 1) * w + j - 1] + 1 == here {
            steps.push((Step::Change { from: j - 1, to: j }, i - 1..i, j - 1..j));
            (i, j) = (i - 1, j - 1);
        } else if i > 1
            && j > 1
            && c[i - 1] == t[j - 2]
            && c[i - 2] == t[j - 1]
            && d[(i - 2) * w + j - 2] + 1 == here
        {
            steps.push((Step::Change { from: j - 2, to: j }, i - 2..i, j - 2..j));
            (i, j) = (i - 2, j - 2);
        } else if i > 0 && d[(i - 1) * w + j] + 1 == here {
            steps.push((Step::Change { from: j, to: j }, i - 1..i, j..j));
            i -= 1;
        } else if j > 0 && d[i * w + j - 1] + 1 == here {
            steps.push((Step::Change { from: j - 1, to: j }, i..i, j - 1..j));
            j -= 1;
        } else {
            return None;
        }
    }
    steps.reverse();
    let mut out = Vec::with_capacity(m + 1);
    let mut applied = false;
    for (step, cand_span, _) in steps {
        match step {
            Step::Keep(ch) => out.push(ch),
            Step::Change { from, to } if applied => out.extend_from_slice(&t[from..to]),
            Step::Change { .. } => {
                out.extend_from_slice(&c[cand_span]);
                applied = true;
            }
        }
    }
    Some(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn chars(s: &str) -> Vec<char> {
        s.chars().collect()
    }

    #[test]
    fn halfway_is_one_edit_from_each_side() {
        for (c, t) in [
            ("faacebok", "facebook"),
            ("facebokook", "facebook"),
            ("twitr", "twitter"),
            ("mircosfot", "microsoft"),
            ("bayllist", "babylist"),
        ] {
            let mid = halfway(&chars(c), &chars(t)).unwrap();
            let mid: String = mid.into_iter().collect();
            assert_eq!(strsim::osa_distance(&mid, t), 1, "{c} {t} {mid}");
            assert_eq!(strsim::osa_distance(c, &mid), 1, "{c} {t} {mid}");
        }
        assert!(halfway(&chars("facebok"), &chars("facebook")).is_none());
        assert!(halfway(&chars("example"), &chars("facebook")).is_none());
    }
}
