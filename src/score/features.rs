//! What the fitted score reads of an explanation: a short, fixed list of
//! named numbers ([`Features`]), each one a fact about the candidate, the
//! target or the change between them.
//!
//! The explanations the model finds say *what* changed and carry the priors
//! from typing and reading studies (`typing`, `visual`). Those priors rank
//! typos well but say nothing of what real attackers register: a brand
//! beside an ordinary word, under a hosting platform, in another TLD. The
//! features below add exactly the facts that the reference corpus
//! (`corpus/`) showed to separate attacks from legitimate names, and the
//! weights ([`super::weights`]) say how much each counts. `docs/scoring.md`
//! explains each one with its evidence.

use serde::{Deserialize, Deserializer, Serialize, Serializer};

use super::weights::NUMBER_WORD;
use super::*;

/// How many features there are.
pub const COUNT: usize = 28;

/// The features' names, in order: the names of `data/weights.tsv` and of the
/// serialised [`Features`].
pub const NAMES: [&str; COUNT] = [
    "visual",
    "homoglyph",
    "suffix_change",
    "combo_lure",
    "combo_word",
    "embedded_name",
    "subdomain_brand",
    "two_steps",
    "structure",
    "other_suffix",
    "hosting",
    "word_zipf",
    "popular_names",
    "contained_word_zipf",
    "contained_popular_names",
    "short_label",
    "plural",
    "closed_target",
    "country_suffix",
    "new_generic_suffix",
    "hyphenated",
    "combo_word_odds",
    "edit_lands_on_word",
    "short_two_edits",
    "edited_popular_names",
    "code_changed",
    "two_edits",
    "combo_word_popular_names",
];

/// Indices into [`Features`], one constant per name of [`NAMES`].
pub(crate) mod at {
    pub const VISUAL: usize = 0;
    pub const HOMOGLYPH: usize = 1;
    pub const SUFFIX_CHANGE: usize = 2;
    pub const COMBO_LURE: usize = 3;
    pub const COMBO_WORD: usize = 4;
    pub const EMBEDDED_NAME: usize = 5;
    pub const SUBDOMAIN_BRAND: usize = 6;
    pub const TWO_STEPS: usize = 7;
    pub const STRUCTURE: usize = 8;
    pub const OTHER_SUFFIX: usize = 9;
    pub const HOSTING: usize = 10;
    pub const WORD_ZIPF: usize = 11;
    pub const POPULAR_NAMES: usize = 12;
    pub const CONTAINED_WORD_ZIPF: usize = 13;
    pub const CONTAINED_POPULAR_NAMES: usize = 14;
    pub const SHORT_LABEL: usize = 15;
    pub const PLURAL: usize = 16;
    pub const CLOSED_TARGET: usize = 17;
    pub const COUNTRY_SUFFIX: usize = 18;
    pub const NEW_GENERIC_SUFFIX: usize = 19;
    pub const HYPHENATED: usize = 20;
    pub const COMBO_WORD_ODDS: usize = 21;
    pub const EDIT_LANDS_ON_WORD: usize = 22;
    pub const SHORT_TWO_EDITS: usize = 23;
    pub const EDITED_POPULAR_NAMES: usize = 24;
    pub const CODE_CHANGED: usize = 25;
    pub const TWO_EDITS: usize = 26;
    pub const COMBO_WORD_POPULAR_NAMES: usize = 27;
}

/// The numbers the fitted score reads of one explanation, by name
/// ([`NAMES`]). Serialised as a map from name to value, the zeros left out.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Features(pub(crate) [f32; COUNT]);

impl Features {
    /// Each feature's name and value, in [`NAMES`] order.
    pub fn iter(&self) -> impl Iterator<Item = (&'static str, f32)> + '_ {
        NAMES.iter().copied().zip(self.0.iter().copied())
    }

    /// The value of the feature named `name`, if there is one.
    pub fn get(&self, name: &str) -> Option<f32> {
        NAMES.iter().position(|n| *n == name).map(|i| self.0[i])
    }

    pub(crate) fn set(&mut self, at: usize, value: f64) {
        self.0[at] = value as f32;
    }
}

impl Serialize for Features {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_map(self.iter().filter(|(_, v)| *v != 0.0))
    }
}

impl<'de> Deserialize<'de> for Features {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        let map = std::collections::BTreeMap::<String, f32>::deserialize(d)?;
        let mut features = Features::default();
        for (name, value) in map {
            if let Some(i) = NAMES.iter().position(|n| *n == name) {
                features.0[i] = value;
            }
        }
        Ok(features)
    }
}

/// What the features know of a pair before any explanation: the target's
/// distinctiveness and where the candidate sits. The same for every
/// explanation tried on the pair.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Context<'a> {
    /// The candidate is under another suffix than the target's.
    pub other_suffix: bool,
    /// The candidate's registrable domain is under a suffix of the PSL's
    /// private section: a hosting platform hands it out (`x.web.app`).
    pub hosting: bool,
    /// How common the target's label is as a word and inside popular names
    /// ([`super::brand::Commonness`]).
    pub common: Commonness,
    /// Characters in the target's label.
    pub label_chars: usize,
    /// The target is under a suffix only its kind of owner can register
    /// (`.mil`, `gov.uk`) and the candidate is not: a stranger can hold a
    /// lookalike of a name no stranger can hold, and nothing legitimate
    /// shares its label by chance (`army.ml`).
    pub closed_target: bool,
    /// The candidate is under another suffix than the target's, and that
    /// suffix is a country's (`hubspot.es`, `army.ml`): organisations hold
    /// their names in the countries they serve, while attackers favour
    /// cheap generic TLDs (measured on the corpus: `docs/scoring.md`).
    pub country_suffix: bool,
    /// The candidate's TLD is a generic one of ICANN's 2012 programme or
    /// later (`.app`, `.xyz`, `.online`): where most of the corpus's
    /// phishing names sit and few popular names do.
    pub new_generic_suffix: bool,
    /// The candidate's registrable label has a hyphen the target's lacks
    /// (`pancakeswap-finance-airdrop`): 46% of the fitting part's
    /// lookalikes, 16% of the popular names flagged before this feature.
    pub hyphenated: bool,
    /// Whether the candidate's label, when it is not the target's, is a
    /// word or a popular name's label in its own right (`fiber` for
    /// `viber`, `open` for `openx`): an edit that lands there meets a name
    /// someone holds for its own sake. Among the fitting part's answers of
    /// one label edit, 104 popular names flagged at 0.5 against 2 real
    /// lookalikes.
    pub label_listed: LabelListed<'a>,
    /// The target's label is a short code beside an owner word and the
    /// candidate's keeps the word with another code (`mtstatic` for
    /// `mzstatic`; [`super::brand::CodeAndWord`]).
    pub code_changed: bool,
}

/// Whether a candidate's label is listed ([`Commonness::is_listed`]), asked
/// only of explanations that edit the label and looked up at most once per
/// candidate: done for every candidate the matcher scores, the look-up
/// (about 0.5 µs) cost 12% of the `check` bench's real names against 1,000
/// targets.
#[derive(Debug, Clone, Copy)]
pub(crate) struct LabelListed<'a> {
    /// The candidate's label, or `None` where it is the target's (or the
    /// chain's misspelt part, never a listed word: `pairwise`).
    pub label: Option<&'a str>,
    /// The answer, once looked up: the candidate's own.
    pub known: &'a std::cell::OnceCell<bool>,
}

impl LabelListed<'_> {
    fn get(self) -> bool {
        self.label
            .is_some_and(|label| *self.known.get_or_init(|| Commonness::is_listed(label)))
    }
}

/// The one-hot family features, in [`NAMES`] order.
const FAMILIES: [usize; 8] = [
    at::HOMOGLYPH,
    at::SUFFIX_CHANGE,
    at::COMBO_LURE,
    at::COMBO_WORD,
    at::EMBEDDED_NAME,
    at::SUBDOMAIN_BRAND,
    at::TWO_STEPS,
    at::STRUCTURE,
];

/// Which family an explanation belongs to: the one-hot part of the
/// features. One edit of the label under the target's own suffix is the
/// reference (all zeros).
fn family_of(f: &Finding<'_>) -> Option<usize> {
    use at::*;
    match f.what {
        // A transliteration is the owner's own spelling in ASCII: read as
        // the edits of the label it is.
        What::Edit {
            place: Place::Label(_),
            ..
        }
        | What::VowelsSwapped { .. }
        | What::Transliterated { .. } => None,
        What::Edit { .. }
        | What::SuffixShortened { .. }
        | What::SuffixSibling { .. }
        | What::SuffixHabitual { .. }
        | What::SuffixOther { .. }
        | What::SuffixFolded { .. }
        | What::SuffixDotDropped { .. } => Some(SUFFIX_CHANGE),
        // One weight for every homoglyph, ASCII or Unicode, scaled by how
        // alike the glyphs look (`with_family`): a weight per script is not
        // identifiable, since no legitimate name of the corpus is one Unicode
        // glyph from a protected one.
        What::Homoglyph(_) | What::SuffixHomoglyph(_) => Some(HOMOGLYPH),
        What::Combo { lure: true, .. } => Some(COMBO_LURE),
        What::Combo { .. } => Some(COMBO_WORD),
        What::Embedded { .. } => Some(EMBEDDED_NAME),
        What::SubdomainLabel { .. } => Some(SUBDOMAIN_BRAND),
        What::HyphensMoved { .. }
        | What::DotInserted { .. }
        | What::HostDotHyphen { .. }
        | What::HostDotDropped { .. }
        | What::PartsSwapped { .. }
        | What::ArticleDropped { .. } => Some(STRUCTURE),
    }
}

/// What the words joined to a brand say of who joined them: the most
/// attacker-like of their fitted log-odds (`airdrop` against `cdn`), or 0
/// when the fitting part saw none of them often enough. The most
/// attacker-like wins because one lure word is enough to make the name a
/// lure (`cloudflare-cdn-login`), whatever else is joined.
fn combo_word_odds(words: ComboWords<'_>, weights: &Weights) -> f64 {
    let odds = |word: &str| {
        if is_number(word) {
            weights.combo_word(NUMBER_WORD)
        } else {
            weights.combo_word(word)
        }
    };
    let best = words
        .iter()
        .filter_map(odds)
        .fold(f64::NEG_INFINITY, f64::max);
    if best.is_finite() { best } else { 0.0 }
}

/// How many popular names hold the most common of the words joined to a
/// brand, on [`Commonness::popular`]'s 0-1 scale (`app`, `cdn`, `labs`
/// against `airdrop`): an organisation names its own hosts with the words
/// every organisation uses. Unlike [`combo_word_odds`], it knows words the
/// corpus never saw joined to a brand. Numbers are left out: the fitted
/// odds already weigh them.
fn combo_word_popular_names(words: ComboWords<'_>) -> f64 {
    words
        .iter()
        .filter(|w| !is_number(w))
        .map(|w| Commonness::of(w).popular())
        .fold(0.0, f64::max)
}

/// Whether a word joined to a brand is a number (`2024` in `paypal2024`).
fn is_number(word: &str) -> bool {
    word.bytes().all(|b| b.is_ascii_digit())
}

/// Whether the brand stands whole inside a longer name in this family: the
/// case where an ordinary word meets it by chance.
fn contains_brand(family: Option<usize>) -> bool {
    matches!(
        family,
        Some(at::COMBO_LURE | at::COMBO_WORD | at::EMBEDDED_NAME | at::SUBDOMAIN_BRAND)
    )
}

impl Features {
    /// The features of one explanation of a pair; `weights` hold the
    /// fitted table of combo words.
    pub(super) fn of(f: &Finding<'_>, ctx: &Context<'_>, weights: &Weights) -> Features {
        let family = family_of(f);
        let plural = match f.what {
            What::Combo { plural, .. } => plural,
            What::Edit {
                place: Place::Label(_),
                change: Change::Added { ch: 's', .. },
                ..
            } => true,
            _ => false,
        };
        // Nothing meets a brand by chance through a Unicode glyph in place
        // of one of its letters: no legitimate name of the corpus is one
        // Unicode glyph from a protected one, so the fit could not learn
        // that commonness and shortness do not apply there, and
        // `googlé.com` scored 0.37 for them.
        let chance = f.kind != Kind::IdnHomoglyph;
        let mut x = Features::with_family(f.visual, family, plural, chance, ctx);
        if let What::Combo { words, .. } = f.what {
            x.set(at::COMBO_WORD_ODDS, combo_word_odds(words, weights));
            x.set(
                at::COMBO_WORD_POPULAR_NAMES,
                combo_word_popular_names(words),
            );
        }
        x
    }

    /// The features of a chain of two steps ([`crate::pairwise`]).
    ///
    /// The chain keeps the family of its second step as well (a suffix
    /// change, words joined...): `telkom.co.za` for `telekom.de` and
    /// `etamask.top` for `metamask.io` are both two steps, and what the
    /// second step was is most of what tells them apart.
    ///
    /// `two_edits` says the chain is two edits of the label under its own
    /// suffix, a feature of its own (`two_edits`). Of a short label, those
    /// are a second one: they meet real names by chance far more often
    /// than any other chain
    /// ([`SHORT_TWO_EDIT_LABEL`](crate::pairwise::SHORT_TWO_EDIT_LABEL)).
    pub(crate) fn chain(
        visual: f64,
        ctx: &Context<'_>,
        second: &Features,
        two_edits: bool,
    ) -> Features {
        let mut x = Features::with_family(visual, Some(at::TWO_STEPS), false, true, ctx);
        let second_family = FAMILIES.iter().copied().find(|&f| second.0[f] != 0.0);
        if let Some(family) = second_family.filter(|&f| f != at::TWO_STEPS) {
            x.set(family, 1.0);
        }
        // Two edits of the label under its own suffix are weighed apart
        // from a chain that moves the label (`etamask.top`): on the fitting
        // part, under session 17's weights, they were the reading of 27
        // popular names flagged at 0.5 and of 19 real lookalikes caught;
        // chains that moved the label, of 22 and 187.
        x.set(at::TWO_EDITS, f64::from(u8::from(two_edits)));
        let short = ctx.label_chars < crate::pairwise::SHORT_TWO_EDIT_LABEL;
        x.set(at::SHORT_TWO_EDITS, f64::from(u8::from(two_edits && short)));
        // The chain's edits may change only a code (`otstatic` for
        // `mzstatic`, `ahvcdn.com` for `avcdn.net`).
        x.set(at::CODE_CHANGED, f64::from(u8::from(ctx.code_changed)));
        x.0[at::COMBO_WORD_ODDS] = second.0[at::COMBO_WORD_ODDS];
        x.0[at::COMBO_WORD_POPULAR_NAMES] = second.0[at::COMBO_WORD_POPULAR_NAMES];
        x
    }

    /// The features of an explanation of `family`; `chance` says whether a
    /// legitimate name can meet the brand by chance this way, which is what
    /// the brand's commonness and shortness measure.
    fn with_family(
        visual: f64,
        family: Option<usize>,
        plural: bool,
        chance: bool,
        ctx: &Context<'_>,
    ) -> Features {
        let mut x = Features::default();
        x.set(at::VISUAL, visual);
        // A homoglyph counts as much as its glyphs look alike: `раураӏ`
        // (whole-script Cyrillic, 1.0) fully, `ᴘ4ypal` (0.15) little. A
        // plain indicator ranked every exotic glyph of a label with the
        // best of them.
        match family {
            Some(at::HOMOGLYPH) => x.set(at::HOMOGLYPH, visual),
            Some(family) => x.set(family, 1.0),
            None => {}
        }
        x.set(at::OTHER_SUFFIX, f64::from(u8::from(ctx.other_suffix)));
        // Under a hosting platform, a brand's label or its misspelling is
        // a page someone set up; the same label merely under a private
        // suffix (`army.co.bn`) is a change of suffix like any other.
        let hosted = ctx.hosting && family != Some(at::SUFFIX_CHANGE);
        x.set(at::HOSTING, f64::from(u8::from(hosted)));
        // The closed target's lookalike matters where the suffix changed:
        // the edit that sends its mail to a stranger (`army.ml`).
        let closed = ctx.closed_target && family == Some(at::SUFFIX_CHANGE);
        x.set(at::CLOSED_TARGET, f64::from(u8::from(closed)));
        x.set(at::COUNTRY_SUFFIX, f64::from(u8::from(ctx.country_suffix)));
        x.set(
            at::NEW_GENERIC_SUFFIX,
            f64::from(u8::from(ctx.new_generic_suffix)),
        );
        // A hyphen between the brand and other words (`metamask-wallet`);
        // one moved inside the brand is the hyphenation kind's own.
        let joined = ctx.hyphenated && contains_brand(family);
        x.set(at::HYPHENATED, f64::from(u8::from(joined)));
        x.set(at::PLURAL, f64::from(u8::from(plural)));
        if !chance {
            return x;
        }
        // Only an edit of the label itself lands on another word: a
        // combo holds the brand whole, a suffix change keeps its label.
        let edited = matches!(family, None | Some(at::HOMOGLYPH));
        let lands = edited && ctx.label_listed.get();
        x.set(at::EDIT_LANDS_ON_WORD, f64::from(u8::from(lands)));
        x.set(
            at::CODE_CHANGED,
            f64::from(u8::from(edited && ctx.code_changed)),
        );
        let (zipf, popular) = (ctx.common.word(), ctx.common.popular());
        x.set(at::WORD_ZIPF, zipf);
        // A brand in many popular names is one its owner builds names
        // from: that speaks against a name built around it (a combo, a
        // suffix change) far more than against a misspelling of it, so
        // the two weigh apart (`docs/scoring.md`).
        let count_at = if edited {
            at::EDITED_POPULAR_NAMES
        } else {
            at::POPULAR_NAMES
        };
        x.set(count_at, popular);
        if contains_brand(family) {
            x.set(at::CONTAINED_WORD_ZIPF, zipf);
            x.set(at::CONTAINED_POPULAR_NAMES, popular);
        }
        // Short labels meet other names by chance (`cnn`/`cnh`, `ups` in
        // `groups`): a linear ramp from 1 at three characters to 0 at eight
        // (Chromium compares no label under five characters by edit
        // distance). The same label under another suffix is no chance
        // meeting, so the ramp stays off there.
        let short = if family == Some(at::SUFFIX_CHANGE) || ctx.label_chars == 0 {
            0.0
        } else {
            ((8.0 - ctx.label_chars as f64) / 5.0).clamp(0.0, 1.0)
        };
        x.set(at::SHORT_LABEL, short);
        x
    }
}
