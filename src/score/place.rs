//! Where the brand's name sits: under another suffix (`army.com`), as a
//! subdomain or embedded in another host (`paypal.com.evil.io`), or split by a
//! dot that moves the name to another owner (`pay.pal.com`, `bbc.cco.uk`).

use super::*;

/// `name` ends with `.{last}`: `co.uk` ends with the label `uk`.
pub(super) fn ends_with_label(name: &str, last: &str) -> bool {
    name.len() > last.len()
        && name.ends_with(last)
        && name.as_bytes()[name.len() - last.len() - 1] == b'.'
}

/// `name` starts with `{first}.`: `co.uk` starts with the label `co`.
pub(super) fn starts_with_label(name: &str, first: &str) -> bool {
    name.len() > first.len() && name.starts_with(first) && name.as_bytes()[first.len()] == b'.'
}

/// Typing and visual weights of a dot slipped into the name (`pay.pal.com`):
/// an extra key, but a visible one (judgement).
pub(super) const DOT_INSERTED: (f64, f64) = (0.2, 0.4);
/// A dot dropped between a host label or a suffix's first label and the
/// rest (`wwwpaypal.com`, `bbcco.uk`): as likely typed as an omission
/// (1.0), read past as a suffix edit is (judgement).
pub(super) const DOT_DROPPED: (f64, f64) = (1.0, 0.5);
/// A multi-label suffix shortened (`bbc.uk`, `bbc.co`): judgement.
pub(super) const SUFFIX_SHORTENED: (f64, f64) = (0.5, 0.5);
/// A habitual suffix for the target's (`.com` for `.co.uk`): judgement.
pub(super) const SUFFIX_HABITUAL: (f64, f64) = (0.5, 0.6);

/// A dot inserted anywhere in the target's name, making a new registrable
/// domain: `pay.pal.com` for `paypal.com`, `bbc.c.o.uk` for `bbc.co.uk`.
pub(super) fn dot_insertion<'a>(cand: &Candidate<'a>, t: &'a Target<'_>) -> Option<Finding<'a>> {
    let target = t.domain.as_ref()?.registrable();
    let host = cand.host;
    if host.len() != target.len() + 1 {
        return None;
    }
    let at = host.bytes().zip(target.bytes()).position(|(a, b)| a != b)?;
    let joined = host.as_bytes()[at] == b'.' && host[at + 1..] == target[at..];
    joined.then(|| {
        let owner = Owner {
            label: cand.label,
            suffix: cand.suffix,
        };
        let what = What::DotInserted {
            name: target,
            owner,
        };
        Finding::new(Kind::DotInsertion, DOT_INSERTED.0, DOT_INSERTED.1, what)
    })
}

/// The dot after a host label dropped: `wwwpaypal.com`.
pub(super) fn www_merge<'a>(label: &'a str, target: &str) -> Option<Finding<'a>> {
    let prefix = label.strip_suffix(target)?;
    if let Some(host) = prefix
        .strip_suffix('-')
        .filter(|p| HOST_PREFIXES.contains(p))
    {
        let what = What::HostDotHyphen { host };
        return Some(Finding::new(Kind::DotOmission, 0.15, 0.5, what));
    }
    HOST_PREFIXES.contains(&prefix).then(|| {
        let what = What::HostDotDropped { host: prefix };
        Finding::new(Kind::DotOmission, DOT_DROPPED.0, DOT_DROPPED.1, what)
    })
}

/// Same label, suffix shortened, swapped for a sibling or a habitual one.
pub(super) fn suffix_confusion<'a>(
    cand: &'a str,
    target: &'a str,
    unrelated: bool,
) -> Option<Finding<'a>> {
    let (typing, visual, what) = if ends_with_label(target, cand) || starts_with_label(target, cand)
    {
        (
            SUFFIX_SHORTENED.0,
            SUFFIX_SHORTENED.1,
            What::SuffixShortened { target, cand },
        )
    } else if cand.contains('.')
        && target.contains('.')
        && cand.rsplit('.').next() == target.rsplit('.').next()
    {
        (0.3, 0.5, What::SuffixSibling { target, cand })
    } else if HABITUAL.contains(&cand) {
        (
            SUFFIX_HABITUAL.0,
            SUFFIX_HABITUAL.1,
            What::SuffixHabitual { target, cand },
        )
    } else if unrelated {
        // Any other suffix: the commonest form of UDRP cases (`paypal.zip`,
        // `netflix.store`, `fbi.cash`); no typing path leads there, but a
        // reader skims the suffix (judgement: typing 0.1, visual 0.4).
        (0.1, 0.4, What::SuffixOther { target, cand })
    } else {
        return None;
    };
    Some(Finding::new(Kind::SuffixConfusion, typing, visual, what))
}

/// The suffix folded into the label: `armymil.com`, `army-mil.com`.
pub(super) fn folded_suffix<'a>(cand: &Candidate<'a>, t: &'a Target<'_>) -> Option<Finding<'a>> {
    let rest = cand.label.strip_prefix(t.label)?;
    let rest = rest.strip_prefix('-').unwrap_or(rest);
    // `rest` is the suffix with its dots removed (compared byte by byte; the
    // dot is ASCII).
    let folded = t.suffix.bytes().filter(|&b| b != b'.');
    rest.bytes().eq(folded).then(|| {
        let what = What::SuffixFolded {
            suffix: t.suffix,
            label: cand.label,
        };
        Finding::new(Kind::SuffixConfusion, 0.3, 0.5, what)
    })
}

/// The dot between the label and a two-level suffix dropped: `bbcco.uk`.
pub(super) fn suffix_dot_omission<'a>(
    cand: &Candidate<'a>,
    t: &'a Target<'_>,
) -> Option<Finding<'a>> {
    let (first, rest) = t.suffix.split_once('.')?;
    let merged = cand.label.strip_prefix(t.label)?;
    (merged == first && cand.suffix == rest).then(|| {
        let what = What::SuffixDotDropped {
            label: t.label,
            first,
        };
        Finding::new(Kind::DotOmission, DOT_DROPPED.0, DOT_DROPPED.1, what)
    })
}

/// The target's whole name, or its label as a whole label, inside another
/// name: `paypal.com-secure.net`, `login.paypal.com.evil.io`, `paypal.evil.com`.
pub(super) fn embedding<'a>(cand: &Candidate<'a>, t: &'a Target<'_>) -> Option<Finding<'a>> {
    // `google.com.br` holds `google.com`, but it is the same label under
    // another suffix, which the suffix explanations weigh (Chromium's target
    // embedding also lets such cross-TLD matches pass).
    if cand.sub.is_empty() && cand.label == t.label {
        return None;
    }
    let d = t.domain.as_ref()?;
    let registrable = d.registrable();
    let label_len = t.char_count;
    let host = cand.host;
    let bounded = |at: usize, len: usize| {
        let before = at == 0 || matches!(host.as_bytes()[at - 1], b'.' | b'-');
        let after = host
            .as_bytes()
            .get(at + len)
            .is_some_and(|b| matches!(b, b'.' | b'-'));
        before && after
    };
    if label_len >= 3 {
        let found = disjoint_matches(host.as_bytes(), registrable.as_bytes())
            .any(|at| bounded(at, registrable.len()));
        if found {
            let what = What::Embedded {
                name: registrable,
                host,
                disguised: false,
            };
            return Some(Finding::new(Kind::TargetEmbedding, 0.0, 0.6, what));
        }
    }
    let holds_label = |l: &str| {
        l == t.label || (l.as_bytes().contains(&b'-') && l.split('-').any(|w| w == t.label))
    };
    if label_len >= 5 && cand.sub.split('.').any(holds_label) {
        let what = What::SubdomainLabel {
            label: t.label,
            host,
        };
        return Some(Finding::new(Kind::TargetEmbedding, 0.0, 0.4, what));
    }
    None
}

/// Where `needle` occurs in `hay`, leftmost first, each match starting after
/// the end of the one before: the positions `str::match_indices` gives for a
/// needle that is not empty (a registrable domain never is).
///
/// A plain scan, not `match_indices`: the standard library's Two-Way
/// searcher spends about a thousand instructions setting up for each call
/// with a long needle, more than the scan of a host name costs (callgrind,
/// `internationalbusinessmachines.com`: 4% of the generator's time).
pub(super) fn disjoint_matches<'h>(
    hay: &'h [u8],
    needle: &'h [u8],
) -> impl Iterator<Item = usize> + 'h {
    let mut at = 0;
    std::iter::from_fn(move || {
        if needle.is_empty() {
            return None;
        }
        while at + needle.len() <= hay.len() {
            if hay[at] == needle[0] && hay[at..].starts_with(needle) {
                let found = at;
                at += needle.len();
                return Some(found);
            }
            at += 1;
        }
        None
    })
}

impl Model {
    /// The target's name embedded in the host in lookalike letters
    /// (`googlé.com-login.com`, Chromium's lookalike test suite): the host
    /// read as ASCII ([`Confusables::ascii_fold`]) holds the name between
    /// separators, as [`embedding`] asks. Weighed as an embedding in plain
    /// letters: the disguise makes it no less of one.
    pub(super) fn disguised_embedding<'a>(
        &self,
        cand: &Candidate<'a>,
        t: &'a Target<'_>,
    ) -> Option<Finding<'a>> {
        let registrable = t.domain.as_ref()?.registrable();
        if t.char_count < 3 {
            return None;
        }
        let folded = self.confusables.ascii_fold(cand.unicode_host)?;
        let bytes = folded.as_bytes();
        let separator = |at: usize| matches!(bytes.get(at), Some(b'.' | b'-'));
        let found = disjoint_matches(bytes, registrable.as_bytes())
            .any(|at| (at == 0 || separator(at - 1)) && separator(at + registrable.len()));
        found.then(|| {
            let what = What::Embedded {
                name: registrable,
                host: cand.unicode_host,
                disguised: true,
            };
            Finding::new(Kind::TargetEmbedding, 0.0, 0.6, what)
        })
    }

    /// One edit of the whole name that moves the split: inside the suffix
    /// (`bbc.cco.uk`, owned by `cco.uk`) or across the dot (`paypalc.om`).
    pub(super) fn name_edit<'a>(
        &self,
        cand: &Candidate<'a>,
        t: &'a Target<'_>,
    ) -> Option<Finding<'a>> {
        let target = t.domain.as_ref()?.registrable();
        // Both names are ASCII, and one edit changes the length by one at
        // most: most proposed targets stop here, before the allocations.
        if cand.host.len().abs_diff(target.len()) > 1 {
            return None;
        }
        // On the stack for most names: collecting both into vectors was
        // most of this test's cost (callgrind, 49,526 real names).
        let (mut host_stack, mut host_heap) = (['\0'; 64], Vec::new());
        let (mut name_stack, mut name_heap) = (['\0'; 64], Vec::new());
        let host = chars_of(cand.host, &mut host_stack, &mut host_heap);
        let name = chars_of(target, &mut name_stack, &mut name_heap);
        let edit = single_edit(host, name)?;
        let label_len = t.domain.as_ref()?.label().len();
        let at = match edit {
            Edit::Delete { at }
            | Edit::Insert { at, .. }
            | Edit::Substitute { at, .. }
            | Edit::Transpose { at } => at,
        };
        let mut f = self.edit(edit, name, t, Place::Name(target));
        if let What::Edit { owner, .. } = &mut f.what {
            *owner = Some(Owner {
                label: cand.label,
                suffix: cand.suffix,
            });
        }
        if at >= label_len {
            f.kind = Kind::TldSwap;
        }
        Some(f)
    }

    /// A protected suffix: the candidate's own suffix is one edit from it.
    pub(super) fn assess_suffix<'a>(
        &self,
        cand: &Candidate<'a>,
        t: &'a Target<'_>,
    ) -> Option<Finding<'a>> {
        if cand.suffix == t.suffix || ends_with_label(cand.suffix, t.suffix) {
            return None;
        }
        let chars: Vec<char> = cand.suffix.chars().collect();
        let target_chars: Vec<char> = t.suffix.chars().collect();
        let edit = single_edit(&chars, &target_chars)?;
        let mut f = self.edit(edit, &target_chars, t, Place::Suffix(t.suffix));
        f.kind = Kind::TldSwap;
        Some(f)
    }
}
