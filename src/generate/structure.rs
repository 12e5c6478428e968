//! Changes to a name's structure: hyphens, dots, and words around the label.
//!
//! Hyphens added or dropped; a dot inserted anywhere in the name, which hands
//! the name to a new registrable domain (`pay.pal.com` is `pal.com`'s); a dot
//! dropped, which merges a host label or the suffix's first label into the
//! label (`wwwpaypal.com`, `bbcco.uk`: the "doppelganger" domains of the Godai
//! Group's 2011 study, E2); and combosquats, the label joined to a lure word
//! (Kintis et al., CCS 2017), also without the article a label begins with
//! (`webhawksmoor.com` for `thehawksmoor.com`, see `score`).

use super::Sink;
use crate::domain::Domain;
use crate::score::Words;

pub(super) fn hyphenation(label: &[char], sink: &mut Sink) {
    for i in 1..label.len() {
        if label[i - 1] != '-' && label[i] != '-' {
            sink.label_with(|b| {
                b.extend(&label[..i]);
                b.push('-');
                b.extend(&label[i..]);
            });
        }
    }
    for i in 0..label.len() {
        if label[i] == '-' {
            sink.label_with(|b| {
                b.extend(&label[..i]);
                b.extend(&label[i + 1..]);
            });
        }
    }
}

/// A dot at every inner position of the registrable name that leaves no empty
/// label and no label edge on a hyphen.
pub(super) fn dot_insertion(domain: &Domain, sink: &mut Sink) {
    let name: Vec<char> = domain.unicode_registrable().chars().collect();
    for i in 1..name.len() {
        let (before, after) = (name[i - 1], name[i]);
        if matches!(before, '.' | '-') || matches!(after, '.' | '-') {
            continue;
        }
        sink.host_with(|b| {
            b.extend(&name[..i]);
            b.push('.');
            b.extend(&name[i..]);
        });
    }
}

/// Dropped dots: `www` merged into the label (`wwwpaypal.com`,
/// `www-paypal.com`), and the label merged with the suffix's first label
/// (`bbcco.uk`, `bbc-co.uk`).
pub(super) fn dot_omission(domain: &Domain, sink: &mut Sink) {
    let label = domain.unicode_label();
    let suffix = domain.unicode_suffix();
    sink.host(&format!("www{label}.{suffix}"));
    sink.host(&format!("www-{label}.{suffix}"));
    if let Some((first, rest)) = suffix.split_once('.') {
        sink.host(&format!("{label}{first}.{rest}"));
        sink.host(&format!("{label}-{first}.{rest}"));
    }
}

/// The label's two parts swapped at each inner position that leaves both
/// three letters or more (`cartoonjoe.com` for `joecartoon.com`), as the
/// model reads them ([`crate::score`]).
pub(super) fn parts_swapped(label: &str, sink: &mut Sink) {
    if !crate::score::swappable(label) {
        return;
    }
    let min = crate::score::MIN_SWAP_PART;
    for at in min..=label.len() - min {
        let (first, second) = label.split_at(at);
        sink.label_with(|b| {
            b.push_str(second);
            b.push_str(first);
        });
    }
}

/// The label joined to each lure word, before and after it, with and
/// without a hyphen, under the target's own suffix; and under `elsewhere`
/// too when given: a closed suffix (`fbi.gov`) has no combosquats of its own,
/// and its impostors take `.com` (`fbi-news.com`, the FBI's 2020 list).
pub(super) fn combosquat(label: &str, words: &Words, elsewhere: Option<&str>, sink: &mut Sink) {
    // A digit after the label under `elsewhere` (`fbi2.com`, `fbi0.com`: the
    // FBI's 2020 list): under the closed suffix itself it is an addition, and
    // the model reads a number beside a brand as a word.
    if let Some(suffix) = elsewhere {
        for digit in '0'..='9' {
            sink.host_with(|b| {
                b.push_str(label);
                b.push(digit);
                b.push('.');
                b.push_str(suffix);
            });
        }
    }
    for word in words.iter() {
        for (first, sep, second) in [
            (label, "-", word),
            (label, "", word),
            (word, "-", label),
            (word, "", label),
        ] {
            sink.label_with(|b| {
                b.push_str(first);
                b.push_str(sep);
                b.push_str(second);
            });
            if let Some(suffix) = elsewhere {
                sink.host_with(|b| {
                    b.push_str(first);
                    b.push_str(sep);
                    b.push_str(second);
                    b.push('.');
                    b.push_str(suffix);
                });
            }
        }
    }
}
