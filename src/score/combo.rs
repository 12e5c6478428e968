//! Constructions around a brand: its label joined to words (`paypal-login`),
//! without its article (`hawksmoor` for `thehawksmoor`), or its parts swapped
//! (`cartoonjoe`). Nobody types these by mistake; people trust them because
//! they name the brand.

use super::*;
use crate::pairwise::MIN_TWO_EDIT_LABEL;

/// The name a combosquat joins words to: the target's label, or its rest
/// after an article (`hawksmoor` in `thehawksmoor`).
#[derive(Debug, Clone, Copy)]
pub(super) struct Brand<'a> {
    label: &'a str,
    /// Characters in `label`.
    chars: usize,
    article: Option<&'a str>,
}

/// The shortest label whose parts are tried swapped, and the shortest part:
/// as for two edits (`pairwise`), and a word of three letters (`joe`).
pub(crate) const MIN_SWAP_LABEL: usize = 7;

pub(crate) const MIN_SWAP_PART: usize = 3;

/// Whether a label's parts are tried swapped: ASCII, with no hyphen, and
/// [`MIN_SWAP_LABEL`] characters or more.
pub(crate) fn swappable(label: &str) -> bool {
    label.len() >= MIN_SWAP_LABEL && label.bytes().all(|b| b != b'-' && b.is_ascii())
}

/// The two parts of `target` that `label` holds in the other order, with
/// or without a hyphen between them: `joe`, `cartoon` for `cartoonjoe` and
/// `cartoon-joe` against `joecartoon`.
pub(super) fn swapped_parts<'t>(label: &str, target: &'t str) -> Option<(&'t str, &'t str)> {
    if !swappable(target) || !label.is_ascii() {
        return None;
    }
    let hyphen = match label.len().checked_sub(target.len())? {
        0 => false,
        1 => true,
        _ => return None,
    };
    (MIN_SWAP_PART..=target.len() - MIN_SWAP_PART).find_map(|at| {
        let (first, second) = target.split_at(at);
        let rest = label.strip_prefix(second)?;
        let rest = if hyphen {
            rest.strip_prefix('-')?
        } else {
            rest
        };
        (rest == first).then_some((first, second))
    })
}

/// The article a brand's label may begin with, and the shortest rest it
/// is dropped from: Chromium's five characters for edits, so that `theme`
/// and `thestar` keep theirs.
pub(super) const ARTICLE: &str = "the";

pub(super) const MIN_ARTICLE_CORE: usize = 5;

/// The article and the rest of a label that begins with it (`the`,
/// `hawksmoor` for `thehawksmoor` and `the-hawksmoor`), when the rest has
/// [`MIN_ARTICLE_CORE`] characters or more.
pub(crate) fn article_core(label: &str) -> Option<(&'static str, &str)> {
    let rest = label.strip_prefix(ARTICLE)?;
    let core = rest.strip_prefix('-').unwrap_or(rest);
    (!core.starts_with('-') && core.chars().count() >= MIN_ARTICLE_CORE).then_some((ARTICLE, core))
}

/// Where `target` (without hyphens) starts a hyphen token of `label` and
/// runs on with hyphens inside it: `pay-pal` in `pay-pal-support` for
/// `paypal`. The span's byte offset and length, and whether it ends a token.
pub(super) fn split_span(label: &str, target: &str) -> Option<(usize, usize, bool)> {
    let (bytes, want) = (label.as_bytes(), target.as_bytes());
    if want.contains(&b'-') || !bytes.contains(&b'-') {
        return None;
    }
    let starts = (0..bytes.len()).filter(|&a| a == 0 || bytes[a - 1] == b'-');
    for a in starts {
        let (mut i, mut j) = (a, 0);
        while i < bytes.len() && j < want.len() {
            if bytes[i] == want[j] {
                j += 1;
            } else if !(bytes[i] == b'-' && j > 0) {
                break;
            }
            i += 1;
        }
        let hyphenated = i - a > want.len();
        if j == want.len() && hyphenated && i < bytes.len() {
            return Some((a, i - a, bytes[i] == b'-'));
        }
    }
    None
}

/// `word` is `suffix` with its dots removed: `gov` for `gov`, `couk` for
/// `co.uk` (`fbigov`, `us-fbigov`).
pub(super) fn folded_eq(word: &str, suffix: &str) -> bool {
    word.bytes().eq(suffix.bytes().filter(|&b| b != b'.'))
}

/// Hyphens added or removed in several places: `pay-pal` / `paypal`.
/// The target's label with two parts swapped (`cartoonjoe.com` for
/// `joecartoon.com`: Shields v. Zuccarini, 3d Cir. 2001, one of the
/// defendant's names for the plaintiff's site). Read as the same words, but
/// never typed by a slip. Judgement: visual 0.3, as a combosquat of
/// arbitrary words; `factor` as for a combosquat under another suffix.
pub(super) fn parts_swapped<'a>(
    label: &str,
    t: &'a Target<'_>,
    factor: f64,
) -> Option<Finding<'a>> {
    let (first, second) = swapped_parts(label, t.label)?;
    let what = What::PartsSwapped {
        first,
        second,
        label: t.label,
    };
    Some(Finding::new(Kind::Transposition, 0.0, 0.3 * factor, what))
}

impl Model {
    /// The target's label joined to words: `paypal-login`, `securepaypal`,
    /// `us-fbigov`. The label must start or end a hyphen-separated token of
    /// the candidate's label; the words are what is left, split at hyphens.
    pub(super) fn combosquat<'a>(
        &self,
        label: &'a str,
        t: &'a Target<'_>,
        factor: f64,
    ) -> Option<Finding<'a>> {
        let brand = Brand {
            label: t.label,
            chars: t.char_count,
            article: None,
        };
        self.combosquat_of(label, brand, t, factor)
    }

    /// A label that starts with the article `the` (`thehawksmoor`) without
    /// it: the bare rest (`hawksmoor.com`), or the rest joined to words
    /// (`webhawksmoor.com`). A brand is known by its distinctive part:
    /// Barnett and Ferguson's study of the Hawksmoor steakhouses' domains
    /// (2024) found `webhawksmoor.com` imitating `thehawksmoor.com` and asks
    /// that generic words such as `the` be weighed; UDRP panels read
    /// confusing similarity the same way (WIPO Overview 3.0, §1.7: the
    /// dominant feature is recognisable). Judgement: ×0.8 for the step the
    /// article's loss adds, as for a combosquat under another suffix.
    pub(super) fn article_dropped<'a>(
        &self,
        label: &'a str,
        t: &'a Target<'_>,
        factor: f64,
    ) -> Option<Finding<'a>> {
        let (article, core) = article_core(t.label)?;
        let brand = Brand {
            label: core,
            chars: t.char_count - (t.label.len() - core.len()),
            article: Some(article),
        };
        if label == core {
            // Typed or read without the article. Judgement: an omission of
            // three letters at the start, typed less often than one slip
            // (0.3 against 1.0) and seen at a glance less (0.3 against 0.5);
            // a core that is a common lure word counts ×0.3, as in
            // `combo_words`.
            let common = if self.words.contains(core) { 0.3 } else { 1.0 };
            let what = What::ArticleDropped {
                article,
                label: t.label,
            };
            let weight = 0.3 * factor * common;
            return Some(Finding::new(Kind::Omission, weight, weight, what));
        }
        self.combosquat_of(label, brand, t, factor * 0.8)
    }

    pub(super) fn combosquat_of<'a>(
        &self,
        label: &'a str,
        brand: Brand<'a>,
        t: &'a Target<'_>,
        factor: f64,
    ) -> Option<Finding<'a>> {
        let target = brand.label;
        let target_chars = brand.chars;
        if target_chars < MIN_COMBO_LABEL || label.len() <= target.len() {
            return None;
        }
        let bytes = label.as_bytes();
        let edge = |at: usize| at == 0 || at == bytes.len() || bytes[at] == b'-';
        let before = |at: usize| at == 0 || bytes[at - 1] == b'-';
        // A whole token first (`secure-paypal-login`, and in the plural,
        // `metamasks-wallet`), else the first match at either end of a token
        // (`securepaypal`, `us-fbigov`), else inside one (`claimopenseaairdrop`).
        let plural_at = |at: usize| bytes.get(at) == Some(&b's') && edge(at + 1);
        let mut joined: Option<(usize, bool, bool)> = None;
        let mut inside = None;
        for at in disjoint_matches(bytes, target.as_bytes()) {
            let end = at + target.len();
            let (starts, ends) = (before(at), edge(end));
            if starts && (ends || plural_at(end)) {
                joined = Some((at, true, !ends));
                break;
            }
            if (starts || ends) && joined.is_none() {
                joined = Some((at, false, false));
            }
            inside = inside.or(Some(at));
        }
        let joined = joined.or(inside.map(|at| (at, false, false)));
        // The target split by hyphens (`pay-pal-support`): two steps,
        // judgement ×0.8 as for a combosquat under another suffix.
        let (at, len, whole_token, split, plural) = match joined {
            Some((at, whole_token, plural)) => {
                let len = target.len() + usize::from(plural);
                (at, len, whole_token, false, plural)
            }
            None => {
                let (at, len, whole_token) = split_span(label, target)?;
                (at, len, whole_token, true, false)
            }
        };
        let words = ComboWords { label, at, len };
        let factor = if split { factor * 0.8 } else { factor };
        self.combo_words(words, brand, t, (whole_token, split, plural), factor)
    }

    pub(super) fn combo_words<'a>(
        &self,
        words: ComboWords<'a>,
        brand: Brand<'a>,
        t: &'a Target<'_>,
        (whole_token, split, plural): (bool, bool, bool),
        factor: f64,
    ) -> Option<Finding<'a>> {
        let target = brand.label;
        let target_chars = brand.chars;
        words.iter().next()?;
        // `www` alone before the brand is a dropped dot (`www_merge`), not a
        // word joined to it.
        if words.iter().all(|w| HOST_PREFIXES.contains(&w)) {
            return None;
        }
        // A target that is itself a common lure word (`cloud`, `online`) is
        // joined to other words by chance, not to imitate it (Chromium allows
        // target embedding of common words for the same reason): ×0.3,
        // judgement.
        let factor = if self.words.contains(target) {
            factor * 0.3
        } else {
            factor
        };
        // Short labels sit inside other names by chance (`fbi` in `fbikids`
        // is meant, in `fbiology` it is not; Chromium asks brands for target
        // embedding to have more than four characters): labels of
        // [`SHORT_LABEL`] characters count half, and four-letter ones count
        // half when no lure word is joined (judgement).
        let short = if target_chars <= SHORT_LABEL {
            0.5
        } else {
            1.0
        };
        let lure = words.iter().all(|w| self.is_lure_word(w, t.suffix));
        let weight = if lure {
            0.6 * short
        } else if target_chars < 5 {
            // Four-letter labels count half too without a lure word.
            0.5 * self.plain_combo_weight(words, whole_token, target_chars)?
        } else {
            self.plain_combo_weight(words, whole_token, target_chars)?
        };
        let what = What::Combo {
            target,
            words,
            lure,
            split,
            article: brand.article,
            plural,
        };
        Some(Finding::new(Kind::Combosquat, 0.0, weight * factor, what))
    }

    /// The visual weight of a combosquat whose words lure nobody, or `None`.
    pub(super) fn plain_combo_weight(
        &self,
        words: ComboWords<'_>,
        whole_token: bool,
        target_chars: usize,
    ) -> Option<f64> {
        // Any other token across a hyphen: weaker, as it carries no lure word.
        if whole_token {
            return Some(0.3);
        }
        // Any other word of three letters or more joined without a hyphen
        // (`dogepaypal`, `betterfacebook`, UDRP cases): weaker still, as the
        // join also happens by chance (judgement: 0.2). A country code counts
        // as such a word despite its two letters (`caibm`, `czpaypal`: UDRP
        // cases), but lures no more than one; so does a number of any length
        // (`fbi2`, `fbi0`: the FBI IC3 public service announcement of 23 November
        // 2020 listing domains that spoof it; `paypal24`). Two letters of any
        // kind at the end of a label long enough for two edits
        // ([`MIN_TWO_EDIT_LABEL`]) are two letters added (`walletconnectfg`,
        // `uniswaplp`: crypto phishing names of the corpus); before it they
        // are more often a word of their own (`ondigitalocean`, `goguardian`:
        // popular names).
        let is_number = |w: &str| w.bytes().all(|b| b.is_ascii_digit());
        let appended = &words.label[words.at + words.len..];
        let letters_added = |w: &str| {
            target_chars >= MIN_TWO_EDIT_LABEL
                && w.chars().count() == 2
                && std::ptr::eq(w, appended)
        };
        words
            .iter()
            .all(|w| {
                w.chars().count() >= 3
                    || self.is_country_code(w)
                    || is_number(w)
                    || letters_added(w)
            })
            .then_some(0.2)
    }

    /// A word that lures beside a brand whose suffix is `target_suffix`: a
    /// word of the combo dictionary, or the target's own suffix with its
    /// dots removed (`paypal-com`, `us-fbigov`). A country code is not one:
    /// it joins a brand as a plain word ([`Model::plain_combo_weight`]),
    /// and beside a misspelt brand it met real names far more often than
    /// lookalikes (`suntimes` for `nytimes`, see [`crate::pairwise`]).
    pub(crate) fn is_lure_word(&self, word: &str, target_suffix: &str) -> bool {
        self.words.contains(word) || folded_eq(word, target_suffix)
    }

    /// A two-letter country code (`us`, `ca`): combosquats prefix one to a
    /// brand for a national site (`caibm`, `czpaypal`, UDRP cases).
    pub(super) fn is_country_code(&self, word: &str) -> bool {
        word.len() == 2
            && self
                .suffixes
                .tld(word)
                .is_some_and(|tld| tld.kind == TldKind::CountryCode)
    }
}
