//! The risk model: how likely a person is to end up at a candidate when they
//! meant a target, and whether anyone can be waiting there.
//!
//! One function, `Model::assess`, serves both directions: the generator runs
//! every variant it makes through it, and the matcher runs every target its
//! index proposes through it. So `variants(t)` and `Matcher(protect t).check(v)`
//! agree on the kind and the score by construction.
//!
//! # The score
//!
//! ```text
//! score = reach × (1 − (1 − deliberate) × (1 − c·typing))
//! deliberate = σ(bias + Σ weightᵢ · featureᵢ)
//! ```
//!
//! A name hurts through two channels, and either suffices, so they combine as
//! a noisy OR. **Deliberately**: someone registered it to be taken for the
//! target. A logistic regression over the [`features`] of the explanation
//! (the `visual` weight below among them), with the [`weights`] fitted on the
//! reference corpus by `scripts/fit_score.py`. **By a slip of the finger**:
//! a person meant the target and typed the candidate (the `typing` prior
//! below, from typing studies), scaled by `c`, the typing channel's weight.
//! Registrations cannot show how often a slip lands somewhere, but the
//! reference mix shows how often a name one slip from a target is someone
//! else's own, so `c` is fitted with the weights. **Reach** gates the
//! result: a name nobody but the owner can register cannot hurt.
//! `docs/scoring.md` gives each feature, its fitted weight and the
//! evidence, with the held-out figures. The row ids below (T2, V5, ...) are that page's evidence table.
//!
//! ## Typing, per kind (the most likely kind = 1.0)
//! | kind | weight | evidence |
//! |---|---|---|
//! | omission | 1.0 | the most common spelling error (T2, Pollock & Zamora 1983); 20% of URL typos (T3); `.mil` → `.ml` (E3) |
//! | repetition | 0.9 | doubling is the main cause of insertions (T2) |
//! | insertion / addition of an adjacent key | 0.9 | "extra letter" is 29% of URL typos, mostly one key away (T3) |
//! | … of a non-adjacent key | 0.1 | judgement (T3 defines extra letters as nearby keys) |
//! | replacement by an adjacent key | 0.8 | "wrong letter" 23% (T3); substitutions hit adjacent keys (T6) |
//! | … by a non-adjacent key | 0.1 | adjacency ratio ×8, judgement (§7.2) |
//! | replacement by the key at the same place on another layout | 0.4 | non-US layouts are targeted (P4); judgement |
//! | transposition | 0.5 | a Damerau class outside the top three of T3; judgement on the value |
//! | vowel swap | 0.3 | vowels are error-prone (T7); judgement |
//! | dot omission (`wwwpaypal`, `bbcco.uk`) | 1.0 | 120,000 e-mails to 30 doppelganger domains (E2) |
//! | dot insertion | 0.2 | judgement |
//! | hyphen added or removed | 0.15 | a minor category of T3; judgement |
//! | suffix shortened or swapped for `.com`/`.net`/`.org` | 0.5 | "wrong TLD" is one of T3's 8 categories; judgement |
//! | ASCII homoglyph | 0.05 (`0`/`o`: 0.3) | homographs reach people through links, not typing (V6) |
//! | Unicode homoglyph, combosquat, embedding | 0 | deliberate constructions, not typos (V6, R6) |
//! | bitsquat | 0.02 | machine errors at a tiny per-domain rate (R5) |
//! | article dropped (`hawksmoor` for `thehawksmoor`) | 0.3 | a brand known without its `the` (Barnett & Ferguson 2024); judgement on the value |
//! | two parts swapped (`cartoonjoe`) | 0 | a deliberate construction (Shields v. Zuccarini) |
//!
//! A keyboard neighbour counts fully on the layout the sender most likely uses
//! ([`Layout::for_tld`]) and at [`SECONDARY_LAYOUT`] on the other layouts in
//! use. An edit at the first character is worth ×0.3: few errors fall on the
//! first letter (T7, P1).
//!
//! ## Visual, per kind
//! transposition 0.7, replacement 0.6 (adjacent) or 0.5, omission 0.5,
//! repetition 0.4, insertion 0.35 (Spaulding et al. 2017 found added characters
//! the easiest to spot and swaps and substitutions the hardest, V5); homoglyphs
//! by glyph (see [`Glyph::weight`](crate::confusables::Glyph); a chain of two
//! glyph steps, `rr` for `m`, weighs the product of its steps), also in the
//! suffix's first label, where the name then belongs to another registrant
//! (`bbc.ƈo.uk` belongs to `ƈo.uk`: reach as under `.uk`); combosquats 0.6
//! (V3, V4: people trust a URL that names the organisation anywhere); suffix
//! edits 0.5 (readers skim the suffix; judgement); an article dropped 0.3, and
//! combosquats of the rest ×0.8; two parts swapped 0.3, as a combosquat of
//! arbitrary words (judgement). Position: ×0.4 at the first
//! character, ×0.7 at the last (P2, Rayner et al. 2006); length: ×0.6 for labels
//! of up to 4 characters, ×0.8 for 5-6 (judgement). A mixed-script IDN label is
//! shown as punycode by Chromium-style browsers: ×0.2 (V8).
//!
//! ## Reach
//! 1.0 under a suffix anyone can register; 0.05 under a closed one
//! ([`Suffixes::is_open`]: `amy.mil` lands at the same owner, and brand TLDs
//! such as `.barclays` are their owner's alone); ×0.2 for a mixed-script IDN
//! label, which most registries refuse; 0 for a script the suffix's registry
//! does not register ([`Suffixes::registers_script`]); 1.0 for a brand in a
//! subdomain label, which the host's owner names and no registry polices.

mod brand;
pub(crate) mod combo;
pub mod features;
mod place;
mod reason;
mod typo;
mod visual;
pub mod weights;

use std::cell::OnceCell;
use std::ops::Range;
use std::sync::Arc;

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};
use unicode_script::Script;

use crate::confusables::Confusables;
use crate::domain::{Domain, MAX_LABEL, Split};
use crate::keyboard::{Keyboards, Layout};
use crate::kind::Kind;
use crate::suffix::{Section, Suffixes, TldKind};
pub(crate) use brand::{CodeAndWord, Commonness};
use combo::*;
pub(crate) use combo::{MIN_SWAP_LABEL, MIN_SWAP_PART, article_core, swappable};
use features::{Context, Features, LabelListed};
use place::*;
use reason::{Change, ComboWords, Lookalikes, Owner, Place, SHOWN_UNITS, Unit, What, push_all};
use typo::*;
pub(crate) use typo::{most_typing, one_edit};
use visual::*;
pub use weights::Weights;

/// How much a keyboard neighbour on a layout other than the sender's most
/// likely one counts (judgement: P4 shows other layouts are targeted, but a
/// sender uses one layout at a time).
pub const SECONDARY_LAYOUT: f64 = 0.35;

/// Reach under a suffix only its eligible owner can register.
pub const CLOSED_REACH: f64 = 0.05;

/// Reach factor and display factor for a mixed-script IDN label.
pub const MIXED_SCRIPT: f64 = 0.2;

/// At most this many lookalike units make a homoglyph, and at most this many
/// vowels a vowel swap: beyond, a name is a different word.
pub const MAX_UNITS: usize = 4;

/// Labels this short count half for single edits and ASCII homoglyphs: they
/// have many real neighbours one edit away (the precision study, README.md).
pub const SHORT_LABEL: usize = 3;

/// The shortest label a combosquat can join to words: one or two letters sit
/// inside most names.
pub const MIN_COMBO_LABEL: usize = 3;

/// The suffixes people type out of habit.
const HABITUAL: [&str; 3] = ["com", "net", "org"];

/// The host label that precedes almost every domain, so that dropping the dot
/// after it is a typo, not a construction (E2's doppelgangers dropped the dot
/// after real subdomains such as `us.`; `www.` is the one every site has).
pub(crate) const HOST_PREFIXES: [&str; 1] = ["www"];

/// The generic TLDs delegated before ICANN's 2012 new gTLD programme (IANA
/// root zone database; ICANN, "New gTLD Program", 2012): the rest of the
/// generic TLDs are the "new" ones of [`features::Context`].
const LEGACY_GENERIC: [&str; 20] = [
    "com", "net", "org", "info", "biz", "name", "pro", "aero", "asia", "cat", "coop", "jobs",
    "mobi", "museum", "post", "tel", "travel", "xxx", "edu", "int",
];

/// The two channels by which a name hurts, combined as a noisy OR: a
/// deliberate imitation (the fitted log-odds of `weights`, what attackers
/// register) or a slip of the finger (`typing`, the prior from typing
/// studies, what misdirected mail and type-in traffic reach), weighed by the
/// fitted typing channel ([`Weights::slip`]).
pub(crate) fn combined(weights: &Weights, features: &Features, typing: f64) -> f64 {
    let deliberate = weights::sigmoid(weights.logit(features));
    either_channel(deliberate, weights.slip(typing))
}

/// The noisy OR of the deliberate channel's probability and the typing
/// channel's.
fn either_channel(deliberate: f64, slip: f64) -> f64 {
    1.0 - (1.0 - deliberate) * (1.0 - slip)
}

/// Whether the candidate's label keeps the target's owner word and changes
/// its code ([`CodeAndWord::code_changed`]).
fn code_changed(cand: &Candidate<'_>, target: &Target<'_>) -> bool {
    target
        .code_word
        .is_some_and(|split| split.code_changed(target.label, cand.label))
}

/// Whether the candidate's label holds a hyphen where the target's has none.
fn hyphen_added(cand: &str, target: &str) -> bool {
    cand.as_bytes().contains(&b'-') && !target.as_bytes().contains(&b'-')
}

/// Why a candidate resembles a target, and how much that matters.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Assessment {
    /// The kind of change.
    pub kind: Kind,
    /// The risk, 0 to 1, highest first (see the module doc).
    pub score: f64,
    /// Typing likelihood, 0 to 1.
    pub typing: f64,
    /// Visual likelihood, 0 to 1.
    pub visual: f64,
    /// Reach, 0 to 1.
    pub reach: f64,
    /// One line: what changed, and where the result lands.
    pub reason: String,
    /// What the fitted score read ([`features`]): the facts behind `score`.
    #[serde(default)]
    pub features: Features,
}

/// The combo-squatting words, lower case.
#[derive(Debug, Default)]
pub struct Words {
    /// FxHash: looked up for each word of each combosquat candidate.
    set: FxHashSet<Box<str>>,
    list: Vec<Box<str>>,
}

impl Words {
    /// The embedded list (`data/combo-words.txt`, 123 words from dnstwist's
    /// dictionaries and impersonation-detector's lure words).
    pub fn embedded() -> Words {
        Words::from_lines(include_str!("../../data/combo-words.txt"))
    }

    /// One word a line; `#` starts a comment; blank lines are skipped. Words
    /// that are not LDH labels are dropped.
    pub fn from_lines(text: &str) -> Words {
        let mut words = Words::default();
        for line in text.lines() {
            let word = line
                .split('#')
                .next()
                .unwrap_or("")
                .trim()
                .to_ascii_lowercase();
            let valid = !word.is_empty()
                && word.len() <= 32
                && word
                    .bytes()
                    .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit());
            if valid && words.set.insert(word.clone().into_boxed_str()) {
                words.list.push(word.into_boxed_str());
            }
        }
        words
    }

    /// The embedded list and then `more`'s words: a matcher or generator
    /// with an organisation's own lure words (`airdrop`, `claim`).
    pub fn embedded_and(more: &Words) -> Words {
        let mut words = Words::embedded();
        for word in more.iter() {
            if words.set.insert(word.into()) {
                words.list.push(word.into());
            }
        }
        words
    }

    pub(crate) fn contains(&self, word: &str) -> bool {
        self.set.contains(word)
    }

    pub(crate) fn iter(&self) -> impl Iterator<Item = &str> {
        self.list.iter().map(|w| &**w)
    }

    /// Number of words.
    pub fn len(&self) -> usize {
        self.list.len()
    }

    /// No words.
    pub fn is_empty(&self) -> bool {
        self.list.is_empty()
    }
}

/// Everything the score needs, shared by the generator and the matcher.
#[derive(Debug, Clone)]
pub(crate) struct Model {
    pub suffixes: Arc<Suffixes>,
    pub confusables: &'static Confusables,
    pub keyboards: &'static Keyboards,
    pub layouts: Vec<Layout>,
    pub words: Arc<Words>,
    pub weights: Arc<Weights>,
}

impl Model {
    pub fn new(suffixes: Arc<Suffixes>, layouts: Vec<Layout>, words: Arc<Words>) -> Model {
        Model {
            suffixes,
            confusables: Confusables::get(),
            keyboards: Keyboards::get(),
            layouts,
            words,
            weights: Arc::new(Weights::embedded()),
        }
    }
}

/// A protected domain or suffix, as the model reads it.
///
/// It borrows from the protected [`Domain`]: the matcher makes one for each
/// target the index proposes, so what only some explanations need (the
/// skeleton, for homoglyphs; the characters, for an edit under the same
/// suffix) or only the winner's reason needs (where the name lands) is
/// computed on first use. Building every field up front cost
/// eight allocations per proposed target, 15% of a check of real names
/// (perf, 1,000 targets, 49,526 names); keeping them built for every target
/// cost 810 MiB at a million targets.
#[derive(Debug, Clone)]
pub(crate) struct Target<'d> {
    /// The registrable domain; `None` when a whole suffix is protected.
    pub domain: Option<&'d Domain>,
    /// ASCII suffix: the domain's, or the protected suffix itself.
    pub suffix: &'d str,
    /// Unicode registrable label (empty for a suffix).
    pub label: &'d str,
    /// How many characters the label has.
    pub char_count: usize,
    /// The label's characters, collected on first use: only explanations
    /// under the target's own suffix align them, and at a million targets
    /// a lookalike's label is proposed under some 23 others
    /// (`Target::chars`).
    chars: OnceCell<LabelChars>,
    skeleton: OnceCell<String>,
    /// Where a name under the target's own suffix lands, written on first
    /// use: the generator explains thousands of names with it.
    lands: OnceCell<String>,
    /// The layout the target's senders most likely type on.
    pub layout: Layout,
    /// Whether strangers can register under the target's own suffix
    /// ([`Suffixes::is_open`]; `None` for a protected suffix).
    pub open: Option<bool>,
    /// The label's visual key, when the matcher knows it (see
    /// [`Candidate::visual_key`]).
    pub visual_key: Option<u64>,
    /// How ordinary the label is ([`Commonness`]).
    pub common: Commonness,
    /// The label as a short code beside an owner word, when it is one
    /// ([`CodeAndWord`]; `None` unless set).
    pub code_word: Option<CodeAndWord>,
}

impl<'d> Target<'d> {
    pub fn domain(domain: &'d Domain, model: &Model) -> Target<'d> {
        let layout = Layout::for_tld(domain.tld());
        let open = model.suffixes.is_open(domain.suffix());
        let common = Commonness::of(domain.unicode_label());
        let mut target = Target::domain_with(domain, layout, open, common);
        target.code_word = CodeAndWord::of(target.label, &model.weights);
        target
    }

    /// [`Target::domain`] with its layout, openness and commonness known:
    /// the matcher keeps them for each target, as finding them compares the
    /// TLD with some thirty names (2% of a check, callgrind) and looks the
    /// label up in a table of 35,000 words.
    pub fn domain_with(
        domain: &'d Domain,
        layout: Layout,
        open: bool,
        common: Commonness,
    ) -> Target<'d> {
        let label = domain.unicode_label();
        Target {
            suffix: domain.suffix(),
            char_count: if label.is_ascii() {
                label.len()
            } else {
                label.chars().count()
            },
            chars: OnceCell::new(),
            skeleton: OnceCell::new(),
            lands: OnceCell::new(),
            label,
            layout,
            open: Some(open),
            domain: Some(domain),
            visual_key: None,
            common,
            code_word: None,
        }
    }

    /// A whole protected suffix (`mil`).
    pub fn suffix(suffix: &'d str) -> Target<'d> {
        Target {
            open: None,
            domain: None,
            suffix,
            label: "",
            char_count: 0,
            chars: OnceCell::new(),
            skeleton: OnceCell::new(),
            lands: OnceCell::new(),
            layout: Layout::for_tld(suffix.rsplit('.').next().unwrap_or(suffix)),
            visual_key: None,
            common: Commonness::default(),
            code_word: None,
        }
    }

    /// Where a name under the target's own suffix and in its PSL section
    /// lands ([`Suffixes::describe`]), written on first use.
    fn lands(&self, suffixes: &Suffixes, section: Section) -> &str {
        self.lands.get_or_init(|| {
            let section = self.domain.map_or(section, |d| d.section());
            suffixes.describe(self.suffix, section)
        })
    }

    /// The label's characters, collected on first use.
    pub fn chars(&self) -> &[char] {
        self.chars.get_or_init(|| LabelChars::of(self.label))
    }

    /// The UTS #39 skeleton of the label, computed on first use.
    fn skeleton(&self, confusables: &Confusables) -> &str {
        self.skeleton
            .get_or_init(|| confusables.skeleton(self.label))
    }
}

/// The characters of a registrable label, held inline: a [`Domain`]'s label
/// has at most 63 octets in ASCII form, so at most 63 characters. The
/// matcher makes a [`Target`] for each proposed target, and collecting the
/// characters into a `Vec` was an allocation each, 3% of a check (callgrind,
/// 1,000 targets, 49,526 names).
#[derive(Debug, Clone)]
pub(crate) struct LabelChars {
    chars: [char; MAX_LABEL],
    len: usize,
}

impl LabelChars {
    /// The first 63 characters of `label` (all of a [`Domain`]'s label).
    fn of(label: &str) -> LabelChars {
        let mut chars = ['\0'; MAX_LABEL];
        let mut len = 0;
        for (slot, c) in chars.iter_mut().zip(label.chars()) {
            *slot = c;
            len += 1;
        }
        LabelChars { chars, len }
    }
}

impl Default for LabelChars {
    fn default() -> Self {
        LabelChars {
            chars: ['\0'; MAX_LABEL],
            len: 0,
        }
    }
}

impl std::ops::Deref for LabelChars {
    type Target = [char];
    fn deref(&self) -> &[char] {
        &self.chars[..self.len]
    }
}

/// A candidate name, split the way the PSL splits it.
#[derive(Debug, Clone)]
pub(crate) struct Candidate<'a> {
    /// The whole host, ASCII form.
    pub host: &'a str,
    /// The whole host, Unicode form.
    pub unicode_host: &'a str,
    /// Subdomain labels, Unicode form ("" when none).
    pub sub: &'a str,
    /// Registrable label, Unicode form.
    pub label: &'a str,
    /// Suffix, ASCII form.
    pub suffix: &'a str,
    pub section: Section,
    /// The label's visual key, when the matcher computed it. A homoglyph
    /// is tried only when it equals the target's: the matcher's key never
    /// separates two labels that the homoglyph test reads as each other
    /// (see `matcher::keys::visual_key`), so this only skips work.
    pub visual_key: Option<u64>,
    /// What the candidate's suffix is ([`Model::suffix_place`]), when the
    /// matcher found it once for all the targets it proposes.
    pub place: Option<SuffixPlace>,
    /// Whether the label is a word or a popular name's label in its own
    /// right ([`Commonness::is_listed`]), once an explanation asked: the
    /// same for every target the candidate is scored against.
    pub label_listed: OnceCell<bool>,
}

/// What the score reads of a candidate's suffix, the same for every target.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct SuffixPlace {
    /// Strangers can register under it ([`Suffixes::is_open`]).
    pub open: bool,
    /// It is under a country-code TLD.
    pub country: bool,
    /// It is under a generic TLD that is not one of [`LEGACY_GENERIC`].
    pub new_generic: bool,
}

impl<'a> Candidate<'a> {
    pub fn of(domain: &'a Domain) -> Candidate<'a> {
        let unicode = domain.unicode();
        let sub_end = unicode.len() - domain.unicode_registrable().len();
        Candidate {
            host: domain.as_str(),
            unicode_host: unicode,
            sub: unicode[..sub_end].trim_end_matches('.'),
            label: domain.unicode_label(),
            suffix: domain.suffix(),
            section: domain.section(),
            visual_key: None,
            place: None,
            label_listed: OnceCell::new(),
        }
    }

    /// The candidate of a name split without a [`Domain`] (the generator's
    /// way: see [`Split`]); the same as [`Candidate::of`] on that domain.
    pub(crate) fn split(ascii: &'a str, unicode: &'a str, split: &Split) -> Candidate<'a> {
        Candidate {
            host: ascii,
            unicode_host: unicode,
            sub: split.unicode_subdomain(unicode),
            label: split.unicode_label(unicode),
            suffix: split.suffix(ascii),
            section: split.section(),
            visual_key: None,
            place: None,
            label_listed: OnceCell::new(),
        }
    }
}

/// One explanation of a candidate, before reach.
///
/// What changed is kept as data ([`What`]) and written out as text only for
/// the explanation that wins: a candidate is tried against up to eight
/// explanations, and formatting each one's reason, winner or not, was about
/// half of the generator's time (perf, 40 × `paypal.com`).
#[derive(Debug, Clone, Copy)]
struct Finding<'a> {
    kind: Kind,
    typing: f64,
    visual: f64,
    what: What<'a>,
}

impl<'a> Finding<'a> {
    fn new(kind: Kind, typing: f64, visual: f64, what: What<'a>) -> Finding<'a> {
        Finding {
            kind,
            typing,
            visual,
            what,
        }
    }

    /// Whether the finding is about the host's subdomain labels, which the
    /// host's owner names as they like.
    fn in_subdomain(&self) -> bool {
        matches!(
            self.what,
            What::Embedded { .. } | What::SubdomainLabel { .. }
        )
    }
}

/// The most likely of the findings offered so far, by the fitted score;
/// the first offered wins a tie.
struct Best<'a, 'r> {
    /// The best finding so far, what the fitted score read of it, and its
    /// combined probability: kept, so that the score does not read the
    /// winner twice (its features and logit were 1.4% of a check,
    /// callgrind, 49,526 real names against 1,000).
    found: Option<(Finding<'a>, Features, f64)>,
    weights: &'r Weights,
    ctx: &'r Context<'r>,
}

impl<'a, 'r> Best<'a, 'r> {
    fn new(weights: &'r Weights, ctx: &'r Context<'r>) -> Best<'a, 'r> {
        Best {
            found: None,
            weights,
            ctx,
        }
    }

    fn offer(&mut self, finding: Option<Finding<'a>>) {
        let Some(f) = finding else {
            return;
        };
        let features = Features::of(&f, self.ctx, self.weights);
        let z = combined(self.weights, &features, f.typing);
        if self.found.as_ref().is_none_or(|(_, _, best)| z > *best) {
            self.found = Some((f, features, z));
        }
    }

    fn is_empty(&self) -> bool {
        self.found.is_none()
    }

    /// The best finding and what the fitted score read of it.
    fn finding(self) -> Option<(Finding<'a>, Features)> {
        self.found.map(|(f, features, _)| (f, features))
    }
}

/// A candidate's best explanation, scored, its reason not yet written: the
/// generator drops the kinds it was not asked for before paying for the text.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored<'a> {
    pub kind: Kind,
    pub score: f64,
    /// The deliberate channel's probability, before reach.
    deliberate: f64,
    /// The typing likelihood before rounding, for the generator's
    /// priority.
    typing_exact: f64,
    /// The least the score may be (the closed-suffix rule).
    floor: f64,
    pub typing: f64,
    pub visual: f64,
    pub reach: f64,
    pub features: Features,
    what: What<'a>,
    mixed: bool,
    /// The candidate lands where the target does (same suffix, same PSL
    /// section), so the reason ends with the target's `lands`.
    same_place: bool,
}

impl Scored<'_> {
    /// Where a generated variant stands in its list: the score with its
    /// deliberate channel weighed by `rate`, how often attackers register a
    /// variant of this kind and suffix (0 to 1, the generator's fitted
    /// registration rates), and its typing likelihood by `slip_weight`, how
    /// much a slip counts beside them (fitted on the same corpus, or the
    /// score's own typing channel, [`Weights::slip`] of 1, when the rates
    /// name none: uniform rates then order by the score alone). Mistyped
    /// mail reaches whoever holds the name, attacker or not, so the floor
    /// of a closed suffix stays whole (a registry held every `.ml` name that
    /// took the `.mil` mail, E3 in `docs/scoring.md`).
    pub(crate) fn priority(&self, rate: f64, slip_weight: f64) -> f64 {
        let weighed =
            self.reach * either_channel(self.deliberate * rate, self.typing_exact * slip_weight);
        round(weighed.max(self.floor))
    }
}

/// The highest [`Scored::priority`] a variant can have whose rate is at
/// most `rate`, whose typing likelihood is at most `typing` and whose floor
/// is 0 (all but a closed target's label under another suffix): reach and
/// the deliberate channel at 1, and the last rounding step added.
pub(crate) fn priority_bound(rate: f64, typing: f64, slip_weight: f64) -> f64 {
    either_channel(rate, typing * slip_weight) + 1e-4
}

/// Where a chain of two steps ([`crate::pairwise`], `etamask.top` for
/// `metamask.io`) stands in a generated list, as [`Scored::priority`] says
/// for one step: its score weighed by `rate`, beside its typing likelihood
/// (a tenth of the two steps' product) weighed by `slip_weight` and reach.
/// The chain's score is read whole as its deliberate channel: the score's
/// typing channel is fitted to 0 (`typing_channel` in `data/weights.tsv`).
pub(crate) fn chain_priority(chain: &Assessment, rate: f64, slip_weight: f64) -> f64 {
    round(either_channel(
        chain.score * rate,
        chain.reach * chain.typing * slip_weight,
    ))
}

/// The characters of `s`: in `stack` when they fit (those of any valid label
/// do: at most 63), else in `heap`. Saves an allocation per candidate.
fn chars_of<'b>(s: &str, stack: &'b mut [char; 64], heap: &'b mut Vec<char>) -> &'b [char] {
    let mut n = 0;
    for c in s.chars() {
        match stack.get_mut(n) {
            Some(slot) => *slot = c,
            None => {
                heap.extend(s.chars());
                return heap;
            }
        }
        n += 1;
    }
    &stack[..n]
}

impl Model {
    /// The best explanation of `cand` as a lookalike of `target`, or `None`
    /// when it is not one (or is the target itself, or a name under it).
    pub fn assess(&self, cand: &Candidate<'_>, target: &Target<'_>) -> Option<Assessment> {
        let scored = self.score(cand, target)?;
        Some(self.explain(&scored, cand, target))
    }

    /// The [`Assessment`] of a [`Model::score`] result, its reason written.
    pub(crate) fn explain(
        &self,
        scored: &Scored<'_>,
        cand: &Candidate<'_>,
        target: &Target<'_>,
    ) -> Assessment {
        // Room for most reasons, so that writing one does not grow the
        // string step by step (realloc was 2% of a check, callgrind).
        let mut reason = String::with_capacity(160);
        self.write_reason(scored, cand, target, &mut reason);
        Assessment {
            kind: scored.kind,
            score: scored.score,
            typing: scored.typing,
            visual: scored.visual,
            reach: scored.reach,
            reason,
            features: scored.features,
        }
    }

    /// [`Model::assess`] without the reason: kind and figures, and what
    /// changed as data for [`Model::write_reason`].
    pub(crate) fn score<'a>(
        &self,
        cand: &Candidate<'a>,
        target: &'a Target<'_>,
    ) -> Option<Scored<'a>> {
        let mix = script_mix(cand.label, |c| self.confusables.script(c));
        let same_suffix = cand.suffix == target.suffix;
        let place = cand.place.unwrap_or_else(|| self.suffix_place(cand.suffix));
        let ctx = Context {
            label_listed: LabelListed {
                label: (cand.label != target.label).then_some(cand.label),
                known: &cand.label_listed,
            },
            other_suffix: !same_suffix,
            hosting: cand.section == Section::Private,
            common: target.common,
            label_chars: target.char_count,
            closed_target: !same_suffix
                && !target
                    .open
                    .unwrap_or_else(|| self.suffixes.is_open(target.suffix)),
            country_suffix: !same_suffix && place.country,
            new_generic_suffix: place.new_generic,
            hyphenated: hyphen_added(cand.label, target.label),
            code_changed: code_changed(cand, target),
        };
        let (finding, features) = if target.domain.is_some() {
            self.assess_domain(cand, target, same_suffix, mix, &ctx)?
        } else {
            let finding = self.assess_suffix(cand, target)?;
            let features = Features::of(&finding, &ctx, &self.weights);
            (finding, features)
        };
        // A name under a closed suffix is never less exposed to an edit of
        // that suffix than the whole suffix is: `army.ml` is mail for
        // `army.mil` as surely as it is mail for `.mil` (the `.mil` → `.ml`
        // reports). The corpus, made of deliberate registrations, has too
        // few misdirected-mail cases to teach this, so it is a rule.
        let floor = if target.open == Some(false) && !same_suffix && cand.label == target.label {
            self.score(cand, &Target::suffix(target.suffix))
                .map_or(0.0, |s| s.score)
        } else {
            0.0
        };
        let open = match target.open {
            // A subdomain label is the host owner's to choose: no registry
            // polices it, so the registrable domain's suffix says nothing
            // of who can put a brand there (`metamask.io.x.ac.id`).
            _ if finding.in_subdomain() => true,
            Some(open) if same_suffix => open,
            _ => place.open,
        };
        // A registry that does not register the label's script holds no
        // such name at all (Cyrillic under `.uk`, registry-scripts.tsv);
        // a subdomain label is the host owner's and no registry's.
        let script_refused = !finding.in_subdomain()
            && match mix {
                ScriptMix::Ascii => false,
                ScriptMix::Single(s) => !self.suffixes.registers_script(cand.suffix, s),
                ScriptMix::Mixed(a, b) => {
                    !self.suffixes.registers_script(cand.suffix, a)
                        || !self.suffixes.registers_script(cand.suffix, b)
                }
            };
        let open = if script_refused {
            0.0
        } else if open {
            1.0
        } else {
            CLOSED_REACH
        };
        let mixed = matches!(mix, ScriptMix::Mixed(..));
        let reach = if mixed { open * MIXED_SCRIPT } else { open };
        let deliberate = weights::sigmoid(self.weights.logit(&features));
        let fitted = either_channel(deliberate, self.weights.slip(finding.typing));
        let most_typing = most_typing(finding.kind);
        debug_assert!(finding.typing <= most_typing, "{finding:?}");
        Some(Scored {
            kind: finding.kind,
            score: round((reach * fitted).max(floor)),
            deliberate,
            // Held to its kind's most, which the generator's bounds read.
            typing_exact: finding.typing.min(most_typing),
            floor,
            typing: round(finding.typing),
            visual: round(finding.visual),
            reach: round(reach),
            features,
            what: finding.what,
            mixed,
            same_place: same_suffix
                && target
                    .domain
                    .as_ref()
                    .is_some_and(|d| d.section() == cand.section),
        })
    }

    /// What the score reads of `suffix` ([`SuffixPlace`]): one TLD
    /// look-up and one registry look-up.
    pub(crate) fn suffix_place(&self, suffix: &str) -> SuffixPlace {
        let tld = match suffix.rfind('.') {
            Some(dot) => &suffix[dot + 1..],
            None => suffix,
        };
        let kind = self.suffixes.tld(tld).map(|t| t.kind);
        SuffixPlace {
            open: self.suffixes.is_open(suffix),
            country: kind == Some(TldKind::CountryCode),
            new_generic: kind == Some(TldKind::Generic) && !LEGACY_GENERIC.contains(&tld),
        }
    }

    /// The deliberate channel of a scored explanation alone, with its
    /// reach: what a part of a combination brings to it (`pairwise`). The
    /// typing channel does not carry over: nobody types `skyeng.ru` for
    /// `skype.com` because `skye.com` is a slip away from it.
    pub(crate) fn deliberate(&self, scored: &Scored<'_>) -> f64 {
        round(scored.reach * scored.deliberate)
    }

    /// The fitted score of a chain of two steps ([`crate::pairwise`]) from
    /// its typing and visual weights, with the reach of its last step;
    /// `two_edits` when both steps edit the label under its own suffix.
    pub(crate) fn chain_score(
        &self,
        (typing, visual, reach): (f64, f64, f64),
        cand: &Candidate<'_>,
        target: &Target<'_>,
        second: &Features,
        two_edits: bool,
    ) -> (f64, Features) {
        let place = cand.place.unwrap_or_else(|| self.suffix_place(cand.suffix));
        let ctx = Context {
            // A chain's misspelt part is never a listed word
            // (`pairwise::is_met_by_chance`).
            label_listed: LabelListed {
                label: None,
                known: &cand.label_listed,
            },
            other_suffix: cand.suffix != target.suffix,
            hosting: cand.section == Section::Private,
            common: target.common,
            label_chars: target.char_count,
            closed_target: target.open == Some(false) && cand.suffix != target.suffix,
            country_suffix: cand.suffix != target.suffix && place.country,
            new_generic_suffix: place.new_generic,
            hyphenated: hyphen_added(cand.label, target.label),
            code_changed: code_changed(cand, target),
        };
        let features = Features::chain(visual, &ctx, second, two_edits);
        let fitted = combined(&self.weights, &features, typing);
        (round(reach * fitted), features)
    }

    /// Appends the reason of a [`Model::score`] result to `out`: what changed,
    /// then where the name lands.
    pub(crate) fn write_reason(
        &self,
        scored: &Scored<'_>,
        cand: &Candidate<'_>,
        target: &Target<'_>,
        out: &mut String,
    ) {
        scored.what.write_to(out);
        if let What::SuffixHomoglyph(_) = scored.what {
            // The new owner, from the candidate: kept out of `What`, whose
            // size every explanation tried pays for in copies.
            push_all(
                out,
                &[", so the name belongs to ", cand.label, ".", cand.suffix],
            );
        }
        out.push_str("; ");
        if scored.same_place {
            out.push_str(target.lands(&self.suffixes, cand.section));
        } else {
            self.suffixes.describe_into(cand.suffix, cand.section, out);
        }
        if scored.mixed {
            out.push_str(", though most registries refuse mixed-script labels");
        }
        if let Some(platform) = target.domain.filter(|d| d.is_platform()) {
            // A platform's name is protected as its registry sold it; say
            // so, since the Public Suffix List calls it a suffix.
            push_all(
                out,
                &[
                    "; ",
                    platform.unicode(),
                    " is a hosting platform's domain (a private-section public suffix)",
                ],
            );
        }
    }

    /// Whether [`Model::score`] of `cand` for `t` reads nothing of the
    /// target but its label and whether strangers can register under its
    /// suffix. Then every protected domain with that label and openness gets
    /// the same answer, and the matcher, which proposes a label under each
    /// suffix it is protected under (23 in the `check` bench's million),
    /// scores one and copies the answer to the others.
    ///
    /// It holds for a label under another suffix when no explanation that
    /// reads the target's suffix or whole name applies: each of those in
    /// [`Model::assess_domain`] is tried here (name edits and disguised
    /// embeddings even where `assess_domain` tries them only as a last
    /// resort, which can only make this answer `false` more often). A
    /// combosquat reads the suffix too, as a lure word (`google-com.org`),
    /// hence the test of the label for it. A platform's name is left out:
    /// its reason names the platform. In debug builds the matcher checks
    /// every copied answer against a fresh one.
    pub(crate) fn label_alone(&self, cand: &Candidate<'_>, t: &Target<'_>) -> bool {
        let Some(domain) = t.domain else {
            return false;
        };
        cand.suffix != t.suffix
            && cand.label != t.label
            && !domain.is_platform()
            && !holds_folded(cand.label, t.suffix)
            && folded_suffix(cand, t).is_none()
            && suffix_dot_omission(cand, t).is_none()
            && self.suffix_homoglyph(cand, t).is_none()
            && dot_insertion(cand, t).is_none()
            && embedding(cand, t).is_none()
            && self.name_edit(cand, t).is_none()
            && (!cand.host.contains("xn--") || self.disguised_embedding(cand, t).is_none())
    }

    fn assess_domain<'a>(
        &self,
        cand: &Candidate<'a>,
        t: &'a Target<'_>,
        same_suffix: bool,
        mix: ScriptMix,
        ctx: &Context<'_>,
    ) -> Option<(Finding<'a>, Features)> {
        if same_suffix && cand.label == t.label {
            return None;
        }
        let mut best = Best::new(&self.weights, ctx);
        if same_suffix {
            let (mut stack, mut heap) = (['\0'; 64], Vec::new());
            let chars = chars_of(cand.label, &mut stack, &mut heap);
            let may_look_alike = match (cand.visual_key, t.visual_key) {
                (Some(c), Some(t)) => c == t,
                _ => true,
            };
            if may_look_alike {
                best.offer(self.homoglyph(chars, t, mix));
            }
            best.offer(
                single_edit(chars, t.chars())
                    .map(|e| self.edit(e, t.chars(), t, Place::Label(t.label))),
            );
            best.offer(hyphens_only(cand.label, t.label));
            best.offer(vowel_shuffle(chars, t.chars(), t.label));
            best.offer(www_merge(cand.label, t.label));
            best.offer(self.transliterated(cand.label, t));
            best.offer(self.combosquat(cand.label, t, 1.0));
            best.offer(self.article_dropped(cand.label, t, 1.0));
            best.offer(parts_swapped(cand.label, t, 1.0));
            best.offer(folded_suffix(cand, t));
        } else {
            if cand.label == t.label {
                // On the stack: two vectors a target were a tenth of a
                // check at a million targets, where a label is under 23
                // suffixes (perf, `check` bench's lookalikes).
                let (mut stack, mut heap) = (['\0'; 64], Vec::new());
                let chars = chars_of(cand.suffix, &mut stack, &mut heap);
                let (mut target_stack, mut target_heap) = (['\0'; 64], Vec::new());
                let target_chars = chars_of(t.suffix, &mut target_stack, &mut target_heap);
                let edit = single_edit(chars, target_chars).map(|e| {
                    let mut f = self.edit(e, target_chars, t, Place::Suffix(t.suffix));
                    f.kind = Kind::TldSwap;
                    f
                });
                // An unrelated suffix only when no edit explains the change:
                // `army.il` is `.mil` without its `m`, however unlikely.
                let unrelated = edit.is_none();
                best.offer(edit);
                best.offer(suffix_confusion(cand.suffix, t.suffix, unrelated));
            }
            best.offer(folded_suffix(cand, t));
            best.offer(suffix_dot_omission(cand, t));
            // A combosquat or a merged `www` under another suffix takes two
            // steps: judgement ×0.8 on the visual side, ×0.5 on typing.
            best.offer(self.combosquat(cand.label, t, 0.8));
            best.offer(self.article_dropped(cand.label, t, 0.8));
            best.offer(parts_swapped(cand.label, t, 0.8));
            best.offer(www_merge(cand.label, t.label).map(|mut f| {
                f.typing *= 0.5;
                f.visual *= 0.8;
                f
            }));
            // A homoglyph that moves the split (`bbc.ƈo.uk`) says more than
            // the target's label as a subdomain; where an edit that moves
            // the split explains the name too (`bbc.c0.uk`), the two are
            // weighed.
            let moved = self.suffix_homoglyph(cand, t);
            if moved.is_some() {
                best.offer(moved);
                best.offer(self.name_edit(cand, t));
            }
        }
        best.offer(dot_insertion(cand, t));
        best.offer(embedding(cand, t));
        if best.is_empty() && cand.host.contains("xn--") {
            best.offer(self.disguised_embedding(cand, t));
        }
        // An edit that moves the split is the explanation of last resort.
        if best.is_empty() {
            best.offer(self.name_edit(cand, t));
        }
        best.finding()
    }
}

/// Whether `label` holds `suffix` with its dots removed (`googlecomau`
/// holds `com.au`), byte by byte, without allocating.
fn holds_folded(label: &str, suffix: &str) -> bool {
    let folded = || suffix.bytes().filter(|&b| b != b'.');
    let len = folded().count();
    len <= label.len()
        && (0..=label.len() - len)
            .any(|at| label.as_bytes()[at..at + len].iter().copied().eq(folded()))
}

fn round(x: f64) -> f64 {
    (x * 10_000.0).round() / 10_000.0
}

#[cfg(test)]
mod tests {
    use super::*;

    fn model() -> Model {
        Model::new(
            Suffixes::embedded(),
            Layout::DEFAULT.to_vec(),
            Arc::new(Words::embedded()),
        )
    }

    fn assess(cand: &str, target: &str) -> Option<Assessment> {
        let m = model();
        let target = Domain::parse(target).unwrap();
        let t = Target::domain(&target, &m);
        let c = Domain::parse(cand).unwrap();
        m.assess(&Candidate::of(&c), &t)
    }

    fn kind(cand: &str, target: &str) -> Option<Kind> {
        assess(cand, target).map(|a| a.kind)
    }

    #[test]
    fn disjoint_matches_are_those_of_match_indices() {
        for (hay, needle) in [
            ("aco.co.co.x", "co.co"),
            ("paypal.com-secure.net", "paypal.com"),
            ("aaaa", "aa"),
            ("login.paypal.com.evil.io", "paypal.com"),
            ("short", "longer than the hay"),
            ("xn--pypal-4ve.com", "paypal.com"),
        ] {
            let ours: Vec<usize> = disjoint_matches(hay.as_bytes(), needle.as_bytes()).collect();
            let std: Vec<usize> = hay.match_indices(needle).map(|(at, _)| at).collect();
            assert_eq!(ours, std, "{needle} in {hay}");
        }
    }

    #[test]
    fn single_edits() {
        assert_eq!(
            single_edit(&['a', 'c'], &['a', 'b', 'c']),
            Some(Edit::Delete { at: 1 })
        );
        assert_eq!(
            single_edit(&['a', 'b'], &['a', 'b', 'c']),
            Some(Edit::Delete { at: 2 })
        );
        assert_eq!(
            single_edit(&['a', 'x', 'b'], &['a', 'b']),
            Some(Edit::Insert { at: 1, ch: 'x' })
        );
        assert_eq!(
            single_edit(&['b', 'a'], &['a', 'b']),
            Some(Edit::Transpose { at: 0 })
        );
        assert_eq!(
            single_edit(&['a', 'x'], &['a', 'b']),
            Some(Edit::Substitute { at: 1, to: 'x' })
        );
        assert_eq!(single_edit(&['x', 'y'], &['a', 'b']), None);
    }

    #[test]
    fn kinds_of_real_examples() {
        assert_eq!(kind("papal.com", "paypal.com"), Some(Kind::Omission));
        assert_eq!(kind("paypall.com", "paypal.com"), Some(Kind::Repetition));
        assert_eq!(kind("paypaql.com", "paypal.com"), Some(Kind::Insertion));
        assert_eq!(kind("paypak.com", "paypal.com"), Some(Kind::Replacement));
        assert_eq!(kind("papyal.com", "paypal.com"), Some(Kind::Transposition));
        assert_eq!(kind("paypel.com", "paypal.com"), Some(Kind::VowelSwap));
        assert_eq!(kind("pcypal.com", "paypal.com"), Some(Kind::Bitsquat));
        assert_eq!(kind("paypa1.com", "paypal.com"), Some(Kind::Homoglyph));
        assert_eq!(
            kind("rnicrosoft.com", "microsoft.com"),
            Some(Kind::Homoglyph)
        );
        assert_eq!(kind("раypal.com", "paypal.com"), Some(Kind::IdnHomoglyph));
        assert_eq!(kind("pay-pal.com", "paypal.com"), Some(Kind::Hyphenation));
        assert_eq!(kind("pay.pal.com", "paypal.com"), Some(Kind::DotInsertion));
        assert_eq!(kind("wwwpaypal.com", "paypal.com"), Some(Kind::DotOmission));
        assert_eq!(kind("paypals.com", "paypal.com"), Some(Kind::Addition));
        assert_eq!(kind("army.ml", "army.mil"), Some(Kind::TldSwap));
        assert_eq!(kind("seznam.cy", "seznam.cz"), Some(Kind::TldSwap));
        assert_eq!(kind("bbc.uk", "bbc.co.uk"), Some(Kind::SuffixConfusion));
        assert_eq!(kind("bbc.org.uk", "bbc.co.uk"), Some(Kind::SuffixConfusion));
        assert_eq!(kind("bbc.com", "bbc.co.uk"), Some(Kind::SuffixConfusion));
        assert_eq!(
            kind("army-mil.com", "army.mil"),
            Some(Kind::SuffixConfusion)
        );
        assert_eq!(kind("bbcco.uk", "bbc.co.uk"), Some(Kind::DotOmission));
        assert_eq!(
            kind("paypal-login.com", "paypal.com"),
            Some(Kind::Combosquat)
        );
        assert_eq!(
            kind("securepaypal.com", "paypal.com"),
            Some(Kind::Combosquat)
        );
        assert_eq!(
            kind("paypal.com-secure.net", "paypal.com"),
            Some(Kind::TargetEmbedding)
        );
        assert_eq!(
            kind("login.paypal.com.evil.io", "paypal.com"),
            Some(Kind::TargetEmbedding)
        );
    }

    #[test]
    fn the_words_joined_to_a_brand_say_who_joined_them() {
        // The fitted table: `airdrop` joins only lookalikes in the fitting
        // part, `cdn` only the owners' own names.
        let odds = |a: &Assessment| a.features.get("combo_word_odds").unwrap_or(0.0);
        let lure = assess("uniswap-airdrop.com", "uniswap.org").unwrap();
        let own = assess("uniswap-cdn.com", "uniswap.org").unwrap();
        let unseen = assess("uniswap-zqxv.com", "uniswap.org").unwrap();
        assert!(odds(&lure) > 0.0 && odds(&own) < 0.0, "{lure:?} {own:?}");
        assert_eq!(odds(&unseen), 0.0, "{unseen:?}");
        assert!(lure.score > unseen.score && unseen.score > own.score);
        // One lure word is enough, whatever else is joined; a number is
        // one word, whatever its digits.
        let both = assess("uniswap-cdn-airdrop.com", "uniswap.org").unwrap();
        assert_eq!(odds(&both), odds(&lure));
        let number = |name: &str| assess(name, "uniswap.org").map(|a| odds(&a));
        assert!(number("uniswap7.com").is_some_and(|o| o != 0.0));
        assert_eq!(number("uniswap7.com"), number("uniswap2024.com"));
    }

    #[test]
    fn combosquats_of_short_brands_hyphen_splits_and_country_codes() {
        // Three-letter brands (UDRP and the FBI's list), counted half.
        let news = assess("fbi-news.com", "fbi.gov").unwrap();
        assert_eq!(news.kind, Kind::Combosquat);
        let long = assess("paypal-news.com", "paypal.com").unwrap();
        let short = |a: &Assessment| a.features.get("short_label").unwrap_or(0.0);
        assert!(short(&news) > short(&long), "{news:?} {long:?}");
        assert!(
            Weights::embedded()
                .get("short_label")
                .is_some_and(|w| w <= 0.0)
        );
        assert_eq!(kind("fbikids.com", "fbi.gov"), Some(Kind::Combosquat));
        // A country code joins like a word; the folded suffix lures.
        let us = assess("us-fbigov.com", "fbi.gov").unwrap();
        assert!(us.reason.contains("'us-gov'"), "{us:?}");
        assert_eq!(kind("caibm.com", "ibm.com"), Some(Kind::Combosquat));
        assert_eq!(kind("czpaypal.com", "paypal.com"), Some(Kind::Combosquat));
        // The brand split by hyphens.
        let split = assess("pay-pal-support.xyz", "paypal.com").unwrap();
        assert_eq!(split.kind, Kind::Combosquat);
        assert!(split.reason.contains("split by hyphens"), "{split:?}");
        // Two letters are too few; and `xy` is neither a word nor a country.
        assert_eq!(kind("hpstore.com", "hp.com"), None);
        assert_eq!(kind("fbixy.com", "fbi.gov"), None);
        // A number joins like a word, but weighs less than one: the fitted
        // combo-word table reads a number as an owner's more often than an
        // attacker's (`word:#` in data/weights.tsv).
        let number = assess("fbi2.com", "fbi.gov").unwrap();
        assert_eq!(number.kind, Kind::Combosquat);
        let word = assess("fbikids.com", "fbi.gov").unwrap();
        assert!(number.score < word.score, "{number:?} {word:?}");
        assert!(number.reason.contains("'2'"), "{number:?}");
        assert_eq!(kind("paypal2024.com", "paypal.com"), Some(Kind::Combosquat));
    }

    #[test]
    fn parts_swapped() {
        // Shields v. Zuccarini: `cartoonjoe.com` for `joecartoon.com`.
        let swapped = assess("cartoonjoe.com", "joecartoon.com").unwrap();
        assert_eq!(swapped.kind, Kind::Transposition);
        assert!(
            swapped.reason.contains("'joe' and 'cartoon' swapped"),
            "{swapped:?}"
        );
        let hyphen = assess("cartoon-joe.net", "joecartoon.com").unwrap();
        assert_eq!(hyphen.kind, Kind::Transposition, "{hyphen:?}");
        assert_eq!(hyphen.features.get("other_suffix"), Some(1.0));
        assert_eq!(
            swapped_parts("cartoonjoe", "joecartoon"),
            Some(("joe", "cartoon"))
        );
        // Parts of two letters, short labels, and other letters do not count.
        assert_eq!(swapped_parts("ncartoonjoe", "joecartoon"), None);
        assert_eq!(swapped_parts("oejoecartn", "joecartoon"), None);
        assert_eq!(swapped_parts("blegoog", "google"), None);
        assert_eq!(swapped_parts("cartoonjoy", "joecartoon"), None);
        assert_eq!(swapped_parts("cartoon--joe", "joecartoon"), None);
    }

    #[test]
    fn a_brand_without_its_article() {
        // Barnett and Ferguson (2024): `webhawksmoor.com` imitated
        // `thehawksmoor.com`.
        let web = assess("webhawksmoor.com", "thehawksmoor.com").unwrap();
        assert_eq!(web.kind, Kind::Combosquat);
        assert!(
            web.reason.contains("'hawksmoor' (without its 'the')"),
            "{web:?}"
        );
        let bare = assess("hawksmoor.com", "thehawksmoor.com").unwrap();
        assert_eq!(bare.kind, Kind::Omission);
        assert!(bare.reason.contains("lost its article 'the'"), "{bare:?}");
        assert_eq!(bare.features.get("structure"), Some(1.0), "{bare:?}");
        // Caught at the default threshold, as the same words joined to the
        // whole label are.
        let whole = assess("webthehawksmoor.com", "thehawksmoor.com").unwrap();
        assert_eq!(whole.kind, Kind::Combosquat);
        assert!(web.score >= 0.5 && whole.score >= 0.5, "{web:?} {whole:?}");
        // Under another suffix too; a hyphen after the article too.
        let uk = assess("hawksmoor.co.uk", "thehawksmoor.com").unwrap();
        assert_eq!(uk.features.get("other_suffix"), Some(1.0), "{uk:?}");
        assert!(assess("hawksmoor.com", "the-hawksmoor.com").is_some());
        // A rest of four letters or fewer keeps its article.
        assert_eq!(kind("star.com", "thestar.com"), None);
        assert_eq!(kind("me.com", "theme.com"), None);
        assert_eq!(article_core("thestar"), None);
        assert_eq!(article_core("the-verge"), Some(("the", "verge")));
        assert_eq!(article_core("the--verge"), None);
        assert_eq!(article_core("atheverge"), None);
    }

    #[test]
    fn an_edit_that_lands_on_a_word_meets_it_by_chance() {
        // `fiber` is a word, `giber` is not: the same neighbouring-key
        // replacement of `viber`'s first letter.
        let fiber = assess("fiber.com", "viber.com").unwrap();
        let giber = assess("giber.com", "viber.com").unwrap();
        assert_eq!(fiber.kind, giber.kind);
        assert_eq!(fiber.features.get("edit_lands_on_word"), Some(1.0));
        assert_eq!(giber.features.get("edit_lands_on_word"), Some(0.0));
        // The weight may not be positive (`scripts/fit_score.py`).
        assert!(fiber.score <= giber.score, "{fiber:?} {giber:?}");
        // A combo holds the brand whole, and a suffix change keeps it.
        let combo = assess("viber-open.com", "viber.com").unwrap();
        assert_eq!(combo.features.get("edit_lands_on_word"), Some(0.0));
    }

    #[test]
    fn the_words_joined_to_a_brand_are_read_by_their_popular_names() {
        let joined = |cand| {
            let found = assess(cand, "metamask.io").unwrap();
            found.features.get("combo_word_popular_names").unwrap()
        };
        assert!(joined("metamask-app.io") > 0.3, "`app` is in many names");
        assert!(joined("metamask-app.io") > joined("metamask-airdrop.io"));
        assert_eq!(joined("metamask-zqxv.io"), 0.0, "an unlisted word");
        assert_eq!(joined("metamask-2024.io"), 0.0, "a number");
        assert_eq!(joined("metamask.top"), 0.0, "no word joined");
    }

    /// Weights with one owner word of the test's own, `qstatik`.
    fn with_owner_word() -> Weights {
        let rows = "owner:qstatik\t30\n";
        Weights::from_tsv(&format!("{}{rows}", Weights::embedded().to_tsv())).unwrap()
    }

    #[test]
    fn an_edit_of_a_code_beside_an_owner_word_is_read_as_one() {
        let mut m = model();
        m.weights = Arc::new(with_owner_word());
        let target = Domain::parse("mzqstatik.com").unwrap();
        let t = Target::domain(&target, &m);
        let of = |cand: &str| {
            let c = Domain::parse(cand).unwrap();
            m.assess(&Candidate::of(&c), &t).unwrap()
        };
        let code = |a: Assessment| a.features.get("code_changed");
        assert_eq!(code(of("mtqstatik.com")), Some(1.0));
        assert_eq!(code(of("mzqstatlk.com")), Some(0.0), "the word edited");
        assert_eq!(code(of("mzqstatik.net")), Some(0.0), "the label kept");
        assert_eq!(code(of("mzqstatik-login.com")), Some(0.0), "a combo");
        // The matcher keeps the split for each target and reads the same.
        let matcher = crate::Matcher::builder()
            .weights(with_owner_word())
            .protect("mzqstatik.com")
            .unwrap()
            .build();
        let hits = matcher.check("mtqstatik.com").unwrap();
        assert_eq!(hits[0].features.get("code_changed"), Some(1.0));
    }

    #[test]
    fn a_brand_popular_names_weigh_apart_for_misspellings_and_constructions() {
        // `google` sits in many popular names: a name built around it and a
        // misspelling of it read the same count under different names.
        let count = |a: &Assessment, name: &str| a.features.get(name).unwrap_or(0.0);
        let typo = assess("gogle.com", "google.com").unwrap();
        let combo = assess("google-login.com", "google.com").unwrap();
        let moved = assess("google.top", "google.com").unwrap();
        assert!(count(&typo, "edited_popular_names") > 0.0, "{typo:?}");
        assert_eq!(count(&typo, "popular_names"), 0.0);
        for built in [&combo, &moved] {
            assert_eq!(count(built, "edited_popular_names"), 0.0, "{built:?}");
            assert_eq!(
                count(built, "popular_names"),
                count(&typo, "edited_popular_names")
            );
        }
    }

    #[test]
    fn not_lookalikes() {
        assert_eq!(kind("www.paypal.com", "paypal.com"), None);
        assert_eq!(kind("paypal.com", "paypal.com"), None);
        assert_eq!(kind("example.com", "paypal.com"), None);
        // An arbitrary word joined without a hyphen is a weak combosquat:
        // under the threshold `check` acts on (0.5), and well under the
        // brand joined to a lure word by a hyphen.
        let arbitrary = assess("paypalxyz.com", "paypal.com").unwrap().score;
        assert!(arbitrary < 0.5, "{arbitrary}");
        assert!(assess("paypal-login.com", "paypal.com").unwrap().score > arbitrary + 0.3);
        assert_eq!(kind("paypalxy.com", "paypal.com"), None);
        // One edit, but at the first character and not a neighbouring key: low.
        assert!(assess("bank.com", "tank.com").unwrap().score < 0.3);
    }

    #[test]
    fn the_mil_story() {
        let ml = assess("army.ml", "army.mil").unwrap();
        let amy = assess("amy.mil", "army.mil").unwrap();
        assert!(ml.score > 0.8, "{ml:?}");
        let com = assess("army.com", "army.mil").unwrap();
        assert!(com.score < ml.score, "{com:?}");
        assert!(amy.score < 0.1, "{amy:?}");
        assert_eq!(
            ml.reason,
            "suffix .mil lost its 'i'; .ml is the country-code TLD of Mali, open to registration"
        );
        let il = assess("army.il", "army.mil").unwrap();
        assert!(il.score < ml.score);
    }

    #[test]
    fn whole_script_beats_mixed_script() {
        let whole = assess("аррӏе.com", "apple.com").unwrap();
        let mixed = assess("аpple.com", "apple.com").unwrap();
        assert!(
            whole.reason.contains("whole-script Cyrillic"),
            "{}",
            whole.reason
        );
        assert!(mixed.reason.contains("mixed"), "{}", mixed.reason);
        assert!(
            whole.score > 0.9 && mixed.score < 0.2,
            "{} {}",
            whole.score,
            mixed.score
        );
    }

    #[test]
    fn first_character_edits_are_less_likely_slips() {
        // The typing prior reads it; the score reads it only as far as the
        // fitted typing channel weighs slips (`typing_channel`).
        let first = assess("aypal.com", "paypal.com").unwrap();
        let middle = assess("paypl.com", "paypal.com").unwrap();
        assert_eq!(first.kind, middle.kind);
        assert!(first.typing < middle.typing, "{first:?} {middle:?}");
    }

    #[test]
    fn suffix_targets() {
        let m = model();
        let t = Target::suffix("mil");
        let c = Domain::parse("whatever.ml").unwrap();
        let a = m.assess(&Candidate::of(&c), &t).unwrap();
        assert_eq!(a.kind, Kind::TldSwap);
        assert!(a.reason.contains("Mali"));
        let own = Domain::parse("army.mil").unwrap();
        assert!(m.assess(&Candidate::of(&own), &t).is_none());
    }
}
