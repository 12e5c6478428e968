//! Changes to the suffix itself: the mistakes the peers leave out.
//!
//! dnstwist never edits the TLD and Chromium ignores TLD-only differences on
//! purpose, yet about 117,000 e-mails meant for `.mil` reached Mali's `.ml` in
//! the first half of 2023 alone (E3). Here the suffix gets the same single edits
//! as the label (omission, insertion, replacement, transposition, repetition,
//! over every host character and the dot), and an edit is kept when the name
//! is still valid under an existing suffix: `army.mil` → `army.ml`, `army.il`;
//! `seznam.cz` → `seznam.cy`; `bbc.co.uk` → `bbc.cco.uk`, which belongs to
//! whoever registers `cco.uk`.
//!
//! Suffix confusion covers the rest: a multi-label suffix shortened
//! (`bbc.co.uk` → `bbc.uk`, `bbc.co`) or swapped for a common sibling
//! (`bbc.org.uk`); the habitual `.com`, `.net`, `.org`; every other open TLD
//! and country-code `co.`/`com.` level (`paypal.zip`, `bbc.co.za`), and the
//! brand's plural under each open TLD (`metamasks.shop`, two steps); and the
//! suffix folded into the label (`armymil.com`, `army-mil.com`).
//!
//! A homoglyph of a suffix label below the TLD (`bbc.ƈo.uk`, `bbc.c0.uk`, as
//! twistrs makes them) moves the split too: `ƈo` is not a public suffix, so
//! the name belongs to whoever registers `ƈo.uk`, and one registration there
//! serves every `.co.uk` name. The model scores it as the homoglyph it is
//! (see [`score`](crate::score)).

use std::sync::LazyLock;

use super::Sink;
use crate::domain::Domain;
use crate::keyboard::HOST_CHARS;
use crate::score::Model;

/// One stand-in at each character of the suffix's first label when the
/// suffix has more than one (`co` of `co.uk`): `bbc.ƈo.uk`, `bbc.c0.uk`.
pub(super) fn suffix_homoglyph(model: &Model, domain: &Domain, sink: &mut Sink) {
    let Some((first, rest)) = domain.unicode_suffix().split_once('.') else {
        return;
    };
    let label = domain.unicode_label();
    let chars: Vec<(usize, char)> = first.char_indices().collect();
    for &(at, c) in &chars {
        let after = &first[at + c.len_utf8()..];
        for g in model.confusables.glyphs(c) {
            sink.host_with(|b| {
                for part in [label, ".", &first[..at], &g.text, after, ".", rest] {
                    b.push_str(part);
                }
            });
        }
    }
}

/// The second-level labels common enough to be confused for one another
/// (judgement), from `data/common-second-levels.tsv`.
static COMMON_SECOND_LEVELS: LazyLock<Vec<&'static str>> = LazyLock::new(|| {
    crate::tsv::columns(include_str!("../../data/common-second-levels.tsv"))
        .map(|[label]| label)
        .collect()
});

const HABITUAL: [&str; 3] = ["com", "net", "org"];

/// Every single edit of the name from the label's last character to the end,
/// over host characters and the dot. What stays a valid name under an existing
/// suffix is kept: a new suffix (`army.ml`), or a name that a stranger can
/// register under the old one (`bbc.cco.uk` belongs to `cco.uk`'s owner).
pub(super) fn tld_edits(domain: &Domain, sink: &mut Sink) {
    let name: Vec<char> = domain.registrable().chars().collect();
    let from = domain.label().len().saturating_sub(1);
    let alphabet: Vec<char> = HOST_CHARS.chars().chain(['.']).collect();
    for i in from..name.len() {
        let (before, after) = (&name[..i], &name[i + 1..]);
        sink.host_with(|b| {
            b.extend(before);
            b.extend(after);
        });
        if let Some((&next, rest)) = after.split_first() {
            sink.host_with(|b| {
                b.extend(before);
                b.extend([next, name[i]]);
                b.extend(rest);
            });
        }
        for &c in &alphabet {
            sink.host_with(|b| {
                b.extend(before);
                b.push(c);
                b.extend(after);
            });
            sink.host_with(|b| {
                b.extend(&name[..=i]);
                b.push(c);
                b.extend(after);
            });
        }
    }
}

pub(super) fn suffix_confusion(model: &Model, domain: &Domain, sink: &mut Sink) {
    let label = domain.unicode_label();
    let suffix = domain.suffix();
    let mut others: Vec<String> = Vec::new();
    // Shortened: every proper suffix and every proper prefix of its labels.
    let labels: Vec<&str> = suffix.split('.').collect();
    for cut in 1..labels.len() {
        others.push(labels[cut..].join("."));
        others.push(labels[..cut].join("."));
    }
    // Siblings under the same TLD.
    if labels.len() == 2 {
        for sibling in model.suffixes.second_levels(labels[1]) {
            let first = sibling.split('.').next().unwrap_or("");
            if COMMON_SECOND_LEVELS.contains(&first) {
                others.push(sibling.to_string());
            }
        }
    }
    others.extend(HABITUAL.iter().map(|s| s.to_string()));
    for other in &others {
        if other != suffix && model.suffixes.is_suffix(other) {
            sink.host(&format!("{label}.{}", model.suffixes.unicode_suffix(other)));
        }
    }
    // Every other generic and country-code TLD, and the `co.` and `com.`
    // second levels of country codes: the same label under an unrelated
    // suffix is the commonest UDRP case (`paypal.zip`, `netflix.store`,
    // `fbi.cash`, `thehawksmoor.co.uk`). Sponsored TLDs (`mil`, `aero`) are
    // left out: only their community registers there. Brand TLDs (`google`)
    // stay in: the IANA list calls them generic and nothing in the embedded
    // data tells them apart. In TLD-name order, so the output is stable.
    for open in model.suffixes.open_tlds() {
        let tld = &open.tld;
        if *tld.name == *suffix {
            continue;
        }
        // Under a right-to-left TLD the whole name must pass the bidi rule
        // (RFC 5893), which an ASCII label fails only when it starts with a
        // digit (`0.ישראל`): such names, and those of Unicode labels, are
        // parsed whole before they are kept.
        let plain = label.is_ascii() && !label.starts_with(|c: char| c.is_ascii_digit());
        if plain {
            // The brand's plural under the TLD too (`metamasks.shop`,
            // `apecoins.gifts`): attackers register it as a second spelling
            // of the brand wherever they register the brand, and most of
            // the fitting part's plurals sit under TLDs the moved label
            // edits do not reach. Two steps, rated by the registration
            // rates' moved-plural row.
            sink.host_with(|b| {
                b.push_str(label);
                b.push_str("s.");
                b.push_str(&tld.unicode);
            });
        }
        if tld.unicode.is_ascii() || plain {
            sink.host_with(|b| {
                b.push_str(label);
                b.push('.');
                b.push_str(&tld.unicode);
            });
        } else {
            let host = format!("{label}.{}", tld.unicode);
            if Domain::parse_with(&host, &model.suffixes).is_ok() {
                sink.host(&host);
            }
        }
        for second in &open.levels {
            let own = suffix
                .strip_prefix(second)
                .and_then(|rest| rest.strip_prefix('.'))
                == Some(&*tld.name);
            if !own {
                sink.host(&format!("{label}.{second}.{}", tld.unicode));
            }
        }
    }
    // Folded into the label, under the habitual suffixes and its own.
    let folded = suffix.replace('.', "");
    for under in HABITUAL.iter().copied().chain([domain.unicode_suffix()]) {
        sink.host(&format!("{label}{folded}.{under}"));
        sink.host(&format!("{label}-{folded}.{under}"));
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_common_second_levels_parse_whole() {
        assert_eq!(
            *COMMON_SECOND_LEVELS,
            [
                "co", "com", "org", "net", "ac", "edu", "gov", "ltd", "plc", "me", "info", "biz"
            ]
        );
    }
}
