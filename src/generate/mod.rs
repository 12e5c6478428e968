//! Generation: a domain in, its lookalike variants out, ranked by risk.
//!
//! Each family of kinds has its file: `typo` (what fingers do), `visual`
//! (what eyes confuse), `structure` (hyphens, dots, words) and `suffix`
//! (edits of the suffix itself). The families propose candidate names; this
//! module keeps each name once, drops those that are not valid host names under
//! an existing suffix (IDNA round trip, RFC 1035 lengths, PSL split), and runs
//! every survivor through the one risk model ([`score`](crate::score)), which
//! names its kind, scores it and says why. The result is sorted by priority,
//! highest first, ties by domain, so the same input always gives the same
//! output in the same order. Priority is the score with its deliberate part
//! weighed by how often attackers register that kind of variant under that
//! TLD (`registrations`, fitted on the reference corpus): the score says
//! whether a name that exists is an imitation, the priority which names are
//! likely to exist.
//!
//! A candidate that several families propose (dnstwist reports one at random)
//! gets the single most likely explanation, because the model, not the family,
//! decides the kind.

mod registrations;
mod structure;
mod suffix;
mod typo;
mod visual;

use std::cell::OnceCell;
use std::cmp::Reverse;
use std::collections::BinaryHeap;
use std::fmt;
use std::hash::BuildHasher;
use std::sync::{Arc, LazyLock};

use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};
use serde::de::Error as _;
use serde::{Deserialize, Deserializer, Serialize, Serializer};

pub use registrations::RegistrationRates;
pub use visual::HOMOGLYPH_BUDGET;

use crate::domain::{Domain, Split, generated_to_ascii_into};
use crate::error::Error;
use crate::keyboard::Layout;
use crate::kind::Kind;
use crate::pairwise::{MAX_CHARS, chars_into, two_steps};
use crate::score::{
    Candidate, Model, SuffixPlace, Target, Weights, Words, chain_priority, most_typing, one_edit,
    priority_bound,
};
use crate::suffix::{SuffixSplit, Suffixes};

/// The default cap on variants returned: above what any label of 63
/// characters yields with the default budget, so it only bites when a caller
/// lowers it.
pub const DEFAULT_MAX_VARIANTS: usize = 250_000;

/// The most candidate names one call considers before validation; bounds
/// memory on any input.
const MAX_CANDIDATES: usize = 400_000;

/// The kinds a name in lookalike letters can be explained as: the names of
/// every other kind, slips of one key included, are proposed before them.
const LOOKALIKE_LETTER_KINDS: [Kind; 4] = [
    Kind::Homoglyph,
    Kind::IdnHomoglyph,
    Kind::Replacement,
    Kind::VowelSwap,
];

/// The TLDs a label edit is moved under (`etamask.com` for `metamask.io`),
/// the first [`MOVED_UNDER`] besides the target's own: where the fitting
/// part's lookalikes that left their target's TLD landed most (`.com` 435,
/// `.app` 131, `.org` 128, `.xyz` 96, `.net` 91 of 1,610; the evidence
/// column of `data/registration-rates.tsv`). A list, not read from the
/// rates: rates loaded from another fit reorder the variants and do not
/// change which are made.
const MOVED_TLDS: [&str; 5] = ["com", "app", "org", "xyz", "net"];

/// How many TLDs a label edit is moved under: four hold about half of the
/// fitting part's moved lookalikes. Each adds some 330 names for a label of
/// six letters and a few real lookalikes: on the fitting part, moved under
/// none, 2, 4 or 8 TLDs, the generator made 253, 277, 291 and 305 of them,
/// at median ranks of 276, 316, 350 and 369.
const MOVED_UNDER: usize = 4;

/// One lookalike of a target, with its risk and the reason for it.
///
/// The three texts (ASCII name, Unicode name, reason) are read through
/// [`Variant::domain`], [`Variant::unicode`] and [`Variant::reason`]; they
/// share one heap block. A generator returns tens of thousands of variants,
/// and three `String`s each made allocating and freeing them about a sixth
/// of its time (perf, the 20 benchmark domains). Serialized (serde), a
/// variant is a plain struct of the nine fields `domain`, `unicode`,
/// `kind`, `score`, `priority`, `typing`, `visual`, `reach` and `reason`, in
/// that order.
#[derive(Clone, PartialEq)]
pub struct Variant {
    /// The ASCII name, the Unicode name and the reason, one after another.
    text: Box<str>,
    /// Where the ASCII name ends and the Unicode name begins in `text`.
    unicode_at: u32,
    /// Where the Unicode name ends and the reason begins in `text`.
    reason_at: u32,
    /// The kind of change.
    pub kind: Kind,
    /// The risk, 0 to 1 (see [`score`](crate::score)).
    pub score: f64,
    /// Where the variant stands in its list, 0 to 1: the score with its
    /// deliberate part weighed by how often attackers register variants of
    /// this kind and suffix, beside the typing likelihood weighed by how
    /// much a slip counts among them ([`RegistrationRates`]; the score's own
    /// typing channel may count slips less, so a typo's priority can be a
    /// little above its score). The list is sorted by it, highest first.
    pub priority: f64,
    /// Typing likelihood, 0 to 1.
    pub typing: f64,
    /// Visual likelihood, 0 to 1.
    pub visual: f64,
    /// Reach, 0 to 1.
    pub reach: f64,
}

impl Variant {
    /// The name in ASCII (punycode) form: what a resolver or registry sees.
    pub fn domain(&self) -> &str {
        self.text
            .get(..self.unicode_at as usize)
            .unwrap_or_default()
    }

    /// The name in Unicode form: what a person sees.
    pub fn unicode(&self) -> &str {
        let range = self.unicode_at as usize..self.reason_at as usize;
        self.text.get(range).unwrap_or_default()
    }

    /// One line: what changed and where the result lands.
    pub fn reason(&self) -> &str {
        self.text.get(self.reason_at as usize..).unwrap_or_default()
    }

    /// A variant of these texts, in one block; `None` when a text does not
    /// fit the `u32` offsets (only deserialized input can be that long).
    fn with_texts(domain: &str, unicode: &str, reason: &str, figures: Figures) -> Option<Variant> {
        let unicode_at = u32::try_from(domain.len()).ok()?;
        let reason_at = u32::try_from(domain.len() + unicode.len()).ok()?;
        let mut text = String::with_capacity(domain.len() + unicode.len() + reason.len());
        text.push_str(domain);
        text.push_str(unicode);
        text.push_str(reason);
        Some(Variant {
            text: text.into_boxed_str(),
            unicode_at,
            reason_at,
            kind: figures.kind,
            score: figures.score,
            priority: figures.priority,
            typing: figures.typing,
            visual: figures.visual,
            reach: figures.reach,
        })
    }

    fn fields(&self) -> Fields<&str> {
        Fields {
            domain: self.domain(),
            unicode: self.unicode(),
            kind: self.kind,
            score: self.score,
            priority: self.priority,
            typing: self.typing,
            visual: self.visual,
            reach: self.reach,
            reason: self.reason(),
        }
    }
}

/// A variant's kind and figures.
#[derive(Clone, Copy)]
struct Figures {
    kind: Kind,
    score: f64,
    priority: f64,
    typing: f64,
    visual: f64,
    reach: f64,
}

/// What a [`Variant`] looks like field by field: how it is serialized, with
/// borrowed texts, and deserialized, with owned ones.
#[derive(Serialize, Deserialize)]
#[serde(rename = "Variant")]
struct Fields<S> {
    domain: S,
    unicode: S,
    kind: Kind,
    score: f64,
    priority: f64,
    typing: f64,
    visual: f64,
    reach: f64,
    reason: S,
}

/// As `derive(Debug)` would show the nine fields.
impl fmt::Debug for Variant {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Variant")
            .field("domain", &self.domain())
            .field("unicode", &self.unicode())
            .field("kind", &self.kind)
            .field("score", &self.score)
            .field("priority", &self.priority)
            .field("typing", &self.typing)
            .field("visual", &self.visual)
            .field("reach", &self.reach)
            .field("reason", &self.reason())
            .finish()
    }
}

impl Serialize for Variant {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        self.fields().serialize(serializer)
    }
}

impl<'de> Deserialize<'de> for Variant {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let f = Fields::<String>::deserialize(deserializer)?;
        let figures = Figures {
            kind: f.kind,
            score: f.score,
            priority: f.priority,
            typing: f.typing,
            visual: f.visual,
            reach: f.reach,
        };
        Variant::with_texts(&f.domain, &f.unicode, &f.reason, figures)
            .ok_or_else(|| D::Error::custom("variant texts longer than 4 GiB"))
    }
}

/// Builds a [`Generator`].
#[derive(Debug, Clone)]
pub struct GeneratorBuilder {
    kinds: Vec<Kind>,
    layouts: Vec<Layout>,
    words: Option<Arc<Words>>,
    suffixes: Option<Arc<Suffixes>>,
    weights: Option<Arc<Weights>>,
    rates: Option<Arc<RegistrationRates>>,
    max_variants: usize,
}

impl GeneratorBuilder {
    /// Only these kinds (default: all that generation produces).
    pub fn kinds(mut self, kinds: impl IntoIterator<Item = Kind>) -> Self {
        self.kinds = kinds.into_iter().collect();
        self
    }

    /// Keyboard layouts for the keyboard kinds (default [`Layout::DEFAULT`]).
    pub fn layouts(mut self, layouts: impl IntoIterator<Item = Layout>) -> Self {
        self.layouts = layouts.into_iter().collect();
        self
    }

    /// The combo-squatting dictionary (default [`Words::embedded`]).
    pub fn words(mut self, words: Words) -> Self {
        self.words = Some(Arc::new(words));
        self
    }

    /// Suffix data (default [`Suffixes::embedded`]).
    pub fn suffixes(mut self, suffixes: Arc<Suffixes>) -> Self {
        self.suffixes = Some(suffixes);
        self
    }

    /// The score's weights (default [`Weights::embedded`], fitted on the
    /// reference corpus); for a refit loaded with [`Weights::from_tsv`].
    pub fn weights(mut self, weights: Weights) -> Self {
        self.weights = Some(Arc::new(weights));
        self
    }

    /// How often attackers register each kind of variant, which orders the
    /// list (default [`RegistrationRates::embedded`], fitted on the
    /// reference corpus); [`RegistrationRates::uniform`] orders by score.
    pub fn registration_rates(mut self, rates: RegistrationRates) -> Self {
        self.rates = Some(Arc::new(rates));
        self
    }

    /// Return at most this many variants, the first in the order
    /// (default [`DEFAULT_MAX_VARIANTS`]). Below the default, only the names
    /// that can be among the first `max` are scored: a name's priority is
    /// bounded by its TLD's highest registration rate before its kind is
    /// known, so a short list costs a fraction of the whole (about 0.7 ms
    /// for the first 20 of `paypal.com`'s 14,000, against 13.5 ms) and is
    /// exactly its head.
    pub fn max_variants(mut self, max: usize) -> Self {
        self.max_variants = max;
        self
    }

    /// The generator.
    pub fn build(self) -> Generator {
        let layouts = if self.layouts.is_empty() {
            Layout::DEFAULT.to_vec()
        } else {
            self.layouts
        };
        let mut kinds = [false; Kind::ALL.len()];
        for k in if self.kinds.is_empty() {
            Kind::ALL.to_vec()
        } else {
            self.kinds
        } {
            kinds[k as usize] = true;
        }
        let mut model = Model::new(
            self.suffixes.unwrap_or_else(Suffixes::embedded),
            layouts,
            self.words.unwrap_or_else(|| Arc::new(Words::embedded())),
        );
        if let Some(weights) = self.weights {
            model.weights = weights;
        }
        Generator {
            model,
            rates: self
                .rates
                .unwrap_or_else(|| Arc::new(RegistrationRates::embedded())),
            kinds,
            max_variants: self.max_variants,
        }
    }
}

/// Generates the ranked lookalike variants of a domain. Immutable, `Send +
/// Sync`: build one and share it.
///
/// ```
/// use lookalike::{Generator, Kind};
/// let generator = Generator::builder().kinds([Kind::TldSwap, Kind::Omission]).build();
/// let variants = generator.variants("army.mil")?;
/// assert_eq!(variants[0].domain(), "army.ml");
/// assert!(variants[0].reason().contains("Mali"));
/// # Ok::<(), lookalike::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Generator {
    model: Model,
    rates: Arc<RegistrationRates>,
    kinds: [bool; Kind::ALL.len()],
    max_variants: usize,
}

impl Default for Generator {
    fn default() -> Self {
        Generator::builder().build()
    }
}

/// Collects candidate host names (Unicode form), each once, one after
/// another in one buffer.
///
/// A family writes each name straight into the buffer; a name proposed
/// before (a third of those for `paypal.com` are proposed again by another
/// family) is cut off again. Kept names stay where they were written, so the
/// pipeline reads them in order from one block of memory, and only the
/// names that become variants are copied into `String`s of their own. A
/// `HashSet<String>` had cost an allocation per name and, iterated in hash
/// order, a cache miss on each name's first byte (5% of the generator's
/// time; perf, the 20 benchmark domains).
pub(crate) struct Sink {
    /// The target's suffix, Unicode form, that [`Sink::label_with`] appends.
    suffix: String,
    /// The names, one after another.
    text: String,
    /// Where each name ends in `text` (it begins where the one before ends).
    ends: Vec<usize>,
    /// The last name kept with each hash; `earlier` links each name to the
    /// one kept before it with the same hash. FxHash, not SipHash: the names
    /// are made here from one label of at most 63 characters, their number
    /// capped by [`MAX_CANDIDATES`], so there is no flood to resist, and
    /// SipHash of each name was 5% of the generator's time (perf, 40 ×
    /// `paypal.com`). Half the hash and a `u32` index make 8-byte entries
    /// (the cap fits a `u32`): a smaller table, fewer cache misses, and a
    /// collision only lengthens a chain.
    by_hash: FxHashMap<u32, u32>,
    earlier: Vec<Option<u32>>,
    /// The indices of the names the moved family kept: label edits under
    /// other TLDs, whose priority the chain rate bounds.
    moved: std::ops::Range<usize>,
}

impl Sink {
    fn new(suffix: &str) -> Sink {
        Sink {
            suffix: suffix.to_owned(),
            text: String::new(),
            ends: Vec::new(),
            by_hash: FxHashMap::default(),
            earlier: Vec::new(),
            moved: 0..0,
        }
    }

    /// A label under the target's suffix.
    fn label(&mut self, label: &str) {
        self.label_with(|buf| buf.push_str(label));
    }

    /// A label under the target's suffix, written by `write`.
    fn label_with(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        self.text.push('.');
        self.text.push_str(&self.suffix);
        self.keep(start);
    }

    /// Names written by `write` with [`Sink::label_with`] land under
    /// `suffix` instead of the target's.
    fn under(&mut self, suffix: &str, write: impl FnOnce(&mut Sink)) {
        let own = std::mem::replace(&mut self.suffix, suffix.to_owned());
        write(self);
        self.suffix = own;
    }

    /// A whole host name.
    fn host(&mut self, host: &str) {
        self.host_with(|buf| buf.push_str(host));
    }

    /// A whole host name, written by `write`.
    fn host_with(&mut self, write: impl FnOnce(&mut String)) {
        let start = self.text.len();
        write(&mut self.text);
        self.keep(start);
    }

    /// Room for about `names` more names of about `bytes` bytes each, so
    /// that a family that knows how many it will propose grows the tables
    /// once rather than by doubling (rehashing every name each time).
    fn reserve(&mut self, names: usize, bytes: usize) {
        let names = names.min(MAX_CANDIDATES.saturating_sub(self.ends.len()));
        self.text.reserve(names * bytes);
        self.ends.reserve(names);
        self.earlier.reserve(names);
        self.by_hash.reserve(names);
    }

    /// Keeps the name written from `start` on, unless it was kept before or
    /// the cap is reached.
    fn keep(&mut self, start: usize) {
        let name = &self.text[start..];
        let hash = FxBuildHasher.hash_one(name) as u32;
        let mut seen = self.by_hash.get(&hash).copied();
        while let Some(i) = seen {
            if self.name(i as usize) == name {
                break;
            }
            seen = self.earlier[i as usize];
        }
        let id = u32::try_from(self.ends.len()).ok();
        let Some(id) = id.filter(|_| seen.is_none() && self.ends.len() < MAX_CANDIDATES) else {
            self.text.truncate(start);
            return;
        };
        self.earlier.push(self.by_hash.insert(hash, id));
        self.ends.push(self.text.len());
    }

    /// The `i`-th name kept.
    fn name(&self, i: usize) -> &str {
        let start = i.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[i]]
    }

    /// The names kept, in the order they were proposed.
    fn names(&self) -> impl Iterator<Item = &str> {
        (0..self.ends.len()).map(|i| self.name(i))
    }
}

impl Generator {
    /// A builder with the defaults.
    pub fn builder() -> GeneratorBuilder {
        GeneratorBuilder {
            kinds: Vec::new(),
            layouts: Vec::new(),
            words: None,
            weights: None,
            rates: None,
            suffixes: None,
            max_variants: DEFAULT_MAX_VARIANTS,
        }
    }

    /// How much a slip counts toward a variant's priority per unit of
    /// typing likelihood: the registration rates' fitted weight, or, when
    /// they name none, the score's own typing channel.
    fn slip_weight(&self) -> f64 {
        self.rates
            .typing_weight()
            .unwrap_or_else(|| self.model.weights.slip(1.0))
    }

    fn wants(&self, kinds: &[Kind]) -> bool {
        kinds.iter().any(|&k| self.kinds[k as usize])
    }

    /// The ranked variants of `domain` (a host with subdomains stands for its
    /// registrable domain: `www.paypal.com` gives the variants of `paypal.com`).
    pub fn variants(&self, domain: &str) -> Result<Vec<Variant>, Error> {
        let parsed = Domain::parse_with(domain, &self.model.suffixes)?;
        Ok(self.variants_of(&parsed))
    }

    /// The ranked variants of an already parsed domain.
    pub fn variants_of(&self, domain: &Domain) -> Vec<Variant> {
        let registrable = match Domain::parse_with(domain.registrable(), &self.model.suffixes) {
            Ok(d) => d,
            Err(_) => return Vec::new(),
        };
        let target = Target::domain(&registrable, &self.model);
        let mut sink = Sink::new(registrable.unicode_suffix());
        self.propose(&registrable, &mut sink);
        let split = self.model.suffixes.split_under(registrable.suffix());
        let mut scratch = Scratch {
            ascii: String::new(),
            reason: String::new(),
            place: (String::new(), None),
        };
        // A short list is made best first, and without the lookalike-letter
        // names when none of them can reach it: they are all under the
        // target's own suffix, and of the kinds of `LOOKALIKE_LETTER_KINDS`
        // (every name one slip away was proposed before them, and a name is
        // kept once), so their bound is known. With every kind's rate, the
        // bound sat above the 20th priority of `paypal.com` after session
        // 14's refit, and a short list built the glyph table: 14.5 ms
        // against 0.7 (`generate` bench, `top20`).
        let few = self.max_variants < DEFAULT_MAX_VARIANTS;
        let own = self.kinds_bound(&LOOKALIKE_LETTER_KINDS, target.suffix, target.suffix);
        let made = if few {
            let mut make =
                |host: &str, least: f64| self.variant(host, &target, &split, least, &mut scratch);
            let (made, last) = self.best_first(&sink, &target, &mut make);
            if last.is_some_and(|last| own < last) {
                made
            } else {
                self.propose_lookalike_letters(&registrable, &mut sink);
                self.best_first(&sink, &target, &mut make).0
            }
        } else {
            self.propose_lookalike_letters(&registrable, &mut sink);
            sink.names()
                .filter_map(|host| self.variant(host, &target, &split, 0.0, &mut scratch))
                .collect()
        };
        // The first two sort digits of each domain.
        let digits: Vec<[u128; 2]> = made
            .iter()
            .map(|v| [digit(v.domain(), 0), digit(v.domain(), DIGIT)])
            .collect();
        let mut variants = made;
        rank(&mut variants, &digits);
        variants.truncate(self.max_variants);
        variants
    }

    /// The highest priority a name of one of `kinds` can have under the TLD
    /// `tld` of a target under `target_suffix`: each kind at its rate there
    /// and its most typing likelihood ([`most_typing`]). Bounding all kinds
    /// by the highest rate and a whole slip put the target's own TLD above
    /// the 20th priority of `paypal.com`, and every one of its typos was
    /// scored for `--top 20`: 13.7 M instructions after the first call,
    /// against 6.1 M (callgrind; `generate` bench, `top20`).
    fn kinds_bound(&self, kinds: &[Kind], target_suffix: &str, tld: &str) -> f64 {
        let slip_weight = self.slip_weight();
        self.rates
            .rates(kinds, target_suffix, tld)
            .map(|(kind, rate)| priority_bound(rate, most_typing(kind), slip_weight))
            .fold(0.0, f64::max)
    }

    /// The variants of `sink`'s names that can be among the first
    /// [`max_variants`](GeneratorBuilder::max_variants), made by `variant`;
    /// and the priority of the last
    /// variant such a list holds, when the names fill it.
    ///
    /// Before its kind is known, a name's priority is bounded by the
    /// highest any kind can have under its TLD, each at its own rate and
    /// most typing likelihood ([`Generator::kinds_bound`]), or by the
    /// chain rate for a moved label edit ([`priority_bound`]): under the
    /// target's own TLD that is about a hundredth, while the names a short
    /// list holds (the brand under `.app` or `.xyz`) have several times
    /// more. So the names are made in the
    /// order of their bounds, and making stops once the next bound is below
    /// the priority of the last variant the list would hold: for
    /// `paypal.com --top 20`, 85 names of 3,700 are scored (and the 11,000
    /// in lookalike letters are not made).
    fn best_first(
        &self,
        sink: &Sink,
        target: &Target<'_>,
        variant: &mut impl FnMut(&str, f64) -> Option<Variant>,
    ) -> (Vec<Variant>, Option<f64>) {
        let order = self.by_bound(sink, target);
        // The priorities of the best `max_variants` so far, lowest on top.
        let mut best: BinaryHeap<Reverse<u64>> = BinaryHeap::new();
        let mut made = Vec::new();
        for (bound, i) in order {
            // The least priority the list holds once it is full.
            let least = match best.peek() {
                Some(Reverse(low)) if best.len() >= self.max_variants => f64::from_bits(*low),
                _ => 0.0,
            };
            if bound < least {
                break;
            }
            let Some(v) = variant(sink.name(i as usize), least) else {
                continue;
            };
            // Priorities are at least 0, where `to_bits` keeps the order.
            best.push(Reverse(v.priority.to_bits()));
            if best.len() > self.max_variants {
                best.pop();
            }
            made.push(v);
        }
        let last = best.peek().filter(|_| best.len() >= self.max_variants);
        (made, last.map(|Reverse(low)| f64::from_bits(*low)))
    }

    /// `sink`'s names, each with the bound of its priority, highest bound
    /// first and in proposal order within a bound. A name a closed target's
    /// floor may lift (its label under another suffix: the `.ml` rule) is
    /// bound by nothing. Any other bound depends on the name's TLD and on
    /// whether the moved family made it (rated by the chain row alone), so
    /// it is computed once a TLD and family, and the few distinct
    /// bounds order the names by counting: sorting the 14,000 names of
    /// `paypal.com` by their bounds cost more than scoring the thousand the
    /// list needs (callgrind).
    fn by_bound(&self, sink: &Sink, target: &Target<'_>) -> Vec<(f64, u32)> {
        let slip_weight = self.slip_weight();
        // By TLD, whether the name is a moved label edit (rated by the
        // chain row, [`is_moved_edit`]) and whether it may be the target's
        // label made plural (rated by a plural row, [`is_plural`]): a bucket
        // of their own, so that the plural's rate does not lift the bound
        // of every other name under the TLD.
        let mut of_tld: FxHashMap<(&str, bool, bool), usize> = FxHashMap::default();
        // Bucket 0: names that may have a floor, always made.
        let mut bounds: Vec<f64> = vec![f64::INFINITY];
        // The target's own label under some suffix.
        let keeps_label = |name: &str| suffix_after(name, target.label).is_some();
        let floored = |name: &str| {
            target.open != Some(true)
                && suffix_after(name, target.label)
                    .is_some_and(|suffix| may_be_floored(suffix, target.suffix))
        };
        let buckets: Vec<usize> = sink
            .names()
            .enumerate()
            .map(|(i, name)| {
                if floored(name) {
                    return 0;
                }
                let tld = crate::domain::last_label(name);
                // An edit that gives the label back (`bb` swapped) leaves
                // the target's label under another TLD: not a moved edit.
                let moved = sink.moved.contains(&i) && !keeps_label(name);
                let plural = may_be_plural(name, target.label);
                *of_tld.entry((tld, moved, plural)).or_insert_with(|| {
                    // A Unicode TLD is looked up in its ASCII form (the
                    // generated names are lower case and NFC, so Punycode
                    // alone gives it); one that gives none is always made.
                    let ascii = if tld.is_ascii() {
                        Some(tld.to_owned())
                    } else {
                        idna::punycode::encode_str(tld).map(|p| format!("xn--{p}"))
                    };
                    bounds.push(match ascii {
                        Some(tld) => {
                            // A moved edit, or any name a moved edit
                            // explains, is rated by the chain row.
                            let chain = self.rates.chain_rate(target.suffix, &tld);
                            let chain = priority_bound(chain, 1.0, slip_weight);
                            let bound = if moved {
                                chain
                            } else {
                                self.kinds_bound(&Kind::ALL, target.suffix, &tld).max(chain)
                            };
                            match self.rates.plural_rate(target.suffix, &tld) {
                                Some(rate) if plural => {
                                    bound.max(priority_bound(rate, 1.0, slip_weight))
                                }
                                _ => bound,
                            }
                        }
                        None => f64::INFINITY,
                    });
                    bounds.len() - 1
                })
            })
            .collect();
        // Bucket positions, highest bound first.
        let mut by_height: Vec<usize> = (0..bounds.len()).collect();
        by_height.sort_unstable_by(|&a, &b| bounds[b].total_cmp(&bounds[a]));
        let mut start = vec![0; bounds.len()];
        let mut counts = vec![0; bounds.len()];
        for &b in &buckets {
            counts[b] += 1;
        }
        let mut at = 0;
        for &b in &by_height {
            start[b] = at;
            at += counts[b];
        }
        let mut order = vec![(0.0, 0u32); buckets.len()];
        for (i, &b) in buckets.iter().enumerate() {
            order[start[b]] = (bounds[b], i as u32);
            start[b] += 1;
        }
        order
    }

    /// One candidate host (Unicode form) checked, split, scored and, when it
    /// is of a kind asked for and its priority is `least` or more, turned
    /// into a variant. `suffixes` splits it; `scratch` holds the ASCII name
    /// and the reason while they are written, before they are copied into
    /// the variant's one block at its final size.
    fn variant(
        &self,
        host: &str,
        target: &Target,
        suffixes: &SuffixSplit<'_>,
        least: f64,
        scratch: &mut Scratch,
    ) -> Option<Variant> {
        let model = &self.model;
        let Scratch {
            ascii,
            reason,
            place,
        } = scratch;
        ascii.clear();
        generated_to_ascii_into(host, |c| model.confusables.is_safe_glyph(c), ascii)?;
        let split = Split::with(ascii, host, suffixes.split(ascii)).ok()?;
        let mut candidate = Candidate::split(ascii, host, &split);
        let (last_suffix, last_place) = place;
        candidate.place = match last_place {
            Some(known) if last_suffix == candidate.suffix => Some(*known),
            _ => {
                last_suffix.clear();
                last_suffix.push_str(candidate.suffix);
                *last_place = Some(model.suffix_place(candidate.suffix));
                *last_place
            }
        };
        let Some(scored) = model.score(&candidate, target) else {
            return is_moved_edit(&candidate, target)
                .then(|| self.chain_variant(ascii, host, target))
                .flatten();
        };
        if !self.kinds[scored.kind as usize] {
            return None;
        }
        // A plural is rated as a plural wherever it lands; a moved label
        // edit as the family it comes from, however one step explains it
        // (`paypal-s.org`, a word joined).
        let rate = if let Some(rate) = self.plural_rate(&candidate, target) {
            rate
        } else if is_moved_edit(&candidate, target) {
            self.rates.chain_rate(target.suffix, candidate.suffix)
        } else {
            self.rates
                .rate(scored.kind, target.suffix, candidate.suffix)
        };
        let priority = scored.priority(rate, self.slip_weight());
        // Below the least priority a full short list holds, the name
        // cannot join it, and its reason and texts are not written.
        if priority < least {
            return None;
        }
        reason.clear();
        model.write_reason(&scored, &candidate, target, reason);
        let figures = Figures {
            kind: scored.kind,
            score: scored.score,
            priority,
            typing: scored.typing,
            visual: scored.visual,
            reach: scored.reach,
        };
        Variant::with_texts(ascii, host, reason, figures)
    }

    /// The rate of `candidate` as `target`'s label made plural, when it is
    /// that ([`is_plural`]) and the rates have a row for where it lands.
    fn plural_rate(&self, candidate: &Candidate<'_>, target: &Target<'_>) -> Option<f64> {
        is_plural(candidate, target)
            .then(|| self.rates.plural_rate(target.suffix, candidate.suffix))
            .flatten()
    }

    /// A label edit moved under another TLD (`etamask.com` for
    /// `metamask.io`) that no single step explains, as the chain of two
    /// the matcher names it by ([`crate::pairwise`]), ranked by the chains'
    /// own rate.
    fn chain_variant(&self, ascii: &str, host: &str, target: &Target) -> Option<Variant> {
        let domain = Domain::parse_with(ascii, &self.model.suffixes).ok()?;
        let chain = two_steps(&self.model, (&domain, &OnceCell::new()), target, 0.0)?;
        if !self.kinds[chain.kind as usize] {
            return None;
        }
        // A plural is rated as a plural wherever it lands (`metamasks.shop`).
        let rate = self
            .plural_rate(&Candidate::of(&domain), target)
            .unwrap_or_else(|| self.rates.chain_rate(target.suffix, domain.suffix()));
        let figures = Figures {
            kind: chain.kind,
            score: chain.score,
            priority: chain_priority(&chain, rate, self.slip_weight()),
            typing: chain.typing,
            visual: chain.visual,
            reach: chain.reach,
        };
        Variant::with_texts(ascii, host, &chain.reason, figures)
    }

    fn propose(&self, registrable: &Domain, sink: &mut Sink) {
        use Kind::*;
        let m = &self.model;
        let label: Vec<char> = registrable.unicode_label().chars().collect();
        self.propose_label_edits(&label, false, sink);
        // The same edits moved under the TLDs attackers favour: two steps
        // (`etamask.com` for `metamask.io`), scored as a chain.
        let own_tld = crate::domain::last_label(registrable.suffix());
        let first = sink.ends.len();
        let moved_under = MOVED_TLDS.into_iter().filter(|&t| t != own_tld);
        for tld in moved_under.take(MOVED_UNDER) {
            sink.under(tld, |sink| self.propose_label_edits(&label, true, sink));
        }
        sink.moved = first..sink.ends.len();
        if self.wants(&[Transposition]) {
            structure::parts_swapped(registrable.unicode_label(), sink);
        }
        if self.wants(&[Hyphenation]) {
            structure::hyphenation(&label, sink);
        }
        if self.wants(&[DotInsertion]) {
            structure::dot_insertion(registrable, sink);
        }
        if self.wants(&[DotOmission]) {
            structure::dot_omission(registrable, sink);
        }
        // The label without its article (`hawksmoor` for `thehawksmoor`).
        let core = crate::score::article_core(registrable.unicode_label()).map(|(_, core)| core);
        if self.wants(&[Combosquat]) {
            let closed = !m.suffixes.is_open(registrable.suffix());
            let elsewhere = closed.then_some("com");
            structure::combosquat(registrable.unicode_label(), &m.words, elsewhere, sink);
            if let Some(core) = core {
                structure::combosquat(core, &m.words, elsewhere, sink);
            }
        }
        if let Some(core) = core.filter(|_| self.wants(&[Omission])) {
            sink.label(core);
        }
        if self.wants(&[TldSwap]) {
            suffix::tld_edits(registrable, sink);
        }
        if self.wants(&[SuffixConfusion, DotOmission]) {
            suffix::suffix_confusion(m, registrable, sink);
        }
        if self.wants(&[Homoglyph, IdnHomoglyph]) {
            suffix::suffix_homoglyph(m, registrable, sink);
        }
    }

    /// The typo families, one edit of the label, under the sink's suffix.
    fn propose_label_edits(&self, label: &[char], moved: bool, sink: &mut Sink) {
        use Kind::*;
        let m = &self.model;
        // A moved edit is a chain, reported by the kind of its stronger
        // step: the edit, or the move to another suffix.
        let moved_as_suffix = moved && self.wants(&[SuffixConfusion]);
        let wants = |kinds: &[Kind]| moved_as_suffix || self.wants(kinds);
        if wants(&[Omission, Hyphenation]) {
            typo::omission(label, sink);
        }
        if wants(&[Repetition]) {
            typo::repetition(label, sink);
        }
        if wants(&[Insertion, Repetition]) {
            typo::insertion(label, sink);
        }
        if wants(&[Addition]) {
            typo::addition(label, sink);
        }
        if wants(&[Replacement, VowelSwap, Bitsquat, Homoglyph]) {
            typo::replacement(m, label, sink);
        }
        if wants(&[Transposition]) {
            typo::transposition(label, sink);
        }
        // Vowel shuffles stay under the target's suffix: most move several
        // vowels, which no chain of two steps explains, and scoring them
        // under four more TLDs for nothing cost a sixth of the instructions
        // of `variants bankofamerica.com` (callgrind: 740 M against 619 M).
        if wants(&[VowelSwap, Replacement]) && !moved {
            typo::vowel_swap(label, sink);
        }
        if wants(&[Bitsquat, Replacement, VowelSwap, Homoglyph]) {
            typo::bitsquat(label, sink);
        }
    }

    /// The names of the homoglyph families: the label in lookalike letters,
    /// under the target's own suffix. Proposed after every other family, so
    /// that a short list can do without them ([`Generator::variants_of`])
    /// and still be the head of the whole list: they are most of the names
    /// and need the glyph table, whose building is most of the cost of a
    /// short list.
    fn propose_lookalike_letters(&self, registrable: &Domain, sink: &mut Sink) {
        use Kind::*;
        let m = &self.model;
        let label: Vec<char> = registrable.unicode_label().chars().collect();
        if self.wants(&LOOKALIKE_LETTER_KINDS) {
            visual::homoglyph(m, &label, sink);
        }
        if self.wants(&[IdnHomoglyph]) {
            visual::whole_script(m, &label, sink);
        }
    }
}

/// Whether `candidate` is a label edit of `target`'s label moved under
/// another TLD (`etamask.top` for `metamask.io`): what the moved family
/// proposes, and what the registration rates' chain row rates, whatever
/// explains it. `scripts/fit_registrations.py` reads the same test.
fn is_moved_edit(candidate: &Candidate<'_>, target: &Target<'_>) -> bool {
    use crate::domain::last_label;
    if !candidate.sub.is_empty()
        || candidate.label == target.label
        || last_label(candidate.suffix) == last_label(target.suffix)
    {
        return false;
    }
    let mut buf = ['\0'; MAX_CHARS];
    chars_into(candidate.label, &mut buf).is_some_and(|chars| one_edit(chars, target.chars()))
}

/// Whether `candidate` is `target`'s label made plural, `s` or `es` added
/// (`paypals.com`, `uniswaps.org`), under any suffix and no subdomain:
/// what the registration rates' plural rows rate
/// ([`RegistrationRates::plural_rate`]). Attackers register the plural as a
/// second spelling of the brand (34 of the fitting part's lookalikes,
/// `paypals.com`, `metamasks.shop`), while the additions and moved edits it
/// is counted among are mostly slips. A label that is not ASCII has no
/// plural here, as in `scripts/fit_registrations.py`, which reads the same
/// test.
fn is_plural(candidate: &Candidate<'_>, target: &Target<'_>) -> bool {
    candidate.sub.is_empty()
        && target.label.is_ascii()
        && candidate
            .label
            .strip_prefix(target.label)
            .is_some_and(|end| end == "s" || end == "es")
}

/// Whether a generated name (Unicode) may be a plural of `label`
/// ([`is_plural`]): an ASCII label, then `s.` or `es.`. Every name
/// `is_plural` accepts passes, so a bound read from this holds.
fn may_be_plural(name: &str, label: &str) -> bool {
    label.is_ascii()
        && name
            .strip_prefix(label)
            .is_some_and(|rest| rest.starts_with("s.") || rest.starts_with("es."))
}

/// Sorts `variants` by priority, highest first, ties by domain.
///
/// Every variant has its own domain, so the order is total and an unstable
/// sort gives the same result as a stable one. The sort works on one `u128`
/// key and an index per variant, not on the variants: the key holds the
/// priority's rank among the distinct priorities (highest first) in its top 32
/// bits and the domain's first [`DIGIT`] bytes below. `digits` holds each
/// domain's first two digits, taken when the variant was made and its text
/// was in cache; keys that tie are sorted again on the next digit, and so
/// on (a radix sort, most significant digit first). The variants are then
/// moved, each once, into their places.
///
/// Sorting the variants themselves (`sort_unstable_by` on priority, then
/// `str::cmp` of the domains: a pointer to follow and a `memcmp` per
/// comparison) made the whole generator 5 to 9% slower (criterion, `cargo
/// bench --bench generate -- 'lookalike/(paypal.com|microsoft.com|seznam.cz)'`,
/// two runs each way, 2026-12-05). What is left is mostly cache misses:
/// moving the variants, and reading the domains of long runs that tie
/// (`xn--bankofameric…`).
fn rank(variants: &mut Vec<Variant>, digits: &[[u128; 2]]) {
    /// `f64::total_cmp`'s order as an unsigned integer's.
    fn score_bits(x: f64) -> u64 {
        let bits = x.to_bits() as i64;
        ((bits ^ ((((bits >> 63) as u64) >> 1) as i64)) as u64) ^ (1 << 63)
    }
    let mut distinct: Vec<u64> = variants
        .iter()
        .map(|v| score_bits(v.priority))
        .collect::<FxHashSet<u64>>()
        .into_iter()
        .collect();
    distinct.sort_unstable_by(|a, b| b.cmp(a));
    let ranks: FxHashMap<u64, u32> = distinct.into_iter().zip(0u32..).collect();
    let mut keys: Vec<(u128, u32)> = variants
        .iter()
        .zip(digits)
        .zip(0u32..)
        .map(|((v, digit), i)| {
            let rank = ranks
                .get(&score_bits(v.priority))
                .copied()
                .unwrap_or(u32::MAX);
            (u128::from(rank) << 96 | digit[0], i)
        })
        .collect();
    keys.sort_unstable_by_key(|k| k.0);
    refine(&mut keys, variants, digits, DIGIT);
    // Each variant is moved once, into its place in a new vector: the
    // loads do not depend on one another, so the processor can overlap
    // their cache misses (walking the permutation's cycles with swaps in
    // place measured no faster). An empty box does not allocate.
    let placeholder = || Variant {
        text: Box::default(),
        unicode_at: 0,
        reason_at: 0,
        kind: Kind::Omission,
        score: 0.0,
        priority: 0.0,
        typing: 0.0,
        visual: 0.0,
        reach: 0.0,
    };
    let ranked: Vec<Variant> = keys
        .iter()
        .filter_map(|k| {
            let v = variants.get_mut(k.1 as usize)?;
            Some(std::mem::replace(v, placeholder()))
        })
        .collect();
    *variants = ranked;
}

/// The bytes of a domain in one radix sort digit.
const DIGIT: usize = 12;

/// The [`DIGIT`] bytes of `domain` from `at`, big-endian, zero-padded: no
/// domain holds a zero byte, so a domain that ends there sorts first, as
/// `str::cmp` has it.
fn digit(domain: &str, at: usize) -> u128 {
    let mut bytes = [0u8; 16];
    let rest = domain.as_bytes().get(at..).unwrap_or_default();
    let rest = &rest[..rest.len().min(DIGIT)];
    bytes[16 - DIGIT..16 - DIGIT + rest.len()].copy_from_slice(rest);
    u128::from_be_bytes(bytes)
}

/// Sorts each run of `keys` that tie (same score, same domain bytes before
/// `at`) on the domain's next digit. The digits of two different domains
/// differ within a name's 253 bytes, so the recursion is at most 22 deep.
fn refine(keys: &mut [(u128, u32)], variants: &[Variant], digits: &[[u128; 2]], at: usize) {
    const LOW: u128 = (1 << (8 * DIGIT)) - 1;
    for run in keys.chunk_by_mut(|a, b| a.0 == b.0) {
        // A digit of zeros: the domain ended before it, so the run is one
        // domain.
        if run.len() < 2 || run[0].0 & LOW == 0 {
            continue;
        }
        for key in run.iter_mut() {
            let i = key.1 as usize;
            let next = match digits.get(i) {
                Some(d) if at == DIGIT => d[1],
                _ => digit(variants.get(i).map_or("", |v| v.domain()), at),
            };
            key.0 = (key.0 & !LOW) | next;
        }
        run.sort_unstable_by_key(|k| k.0);
        refine(run, variants, digits, at + DIGIT);
    }
}

/// Buffers that [`Generator::variant`] writes a variant's texts into.
struct Scratch {
    ascii: String,
    reason: String,
    /// The place of the suffix last scored ([`Model::suffix_place`]):
    /// names come in runs under one suffix (every typo under the target's
    /// own), and looking the place up for each cost 4% of a whole list
    /// (`paypal.com` 184 M against 177 M instructions, `bankofamerica.com`
    /// 596 M against 576 M; callgrind, `generate` bench).
    place: (String, Option<SuffixPlace>),
}

static DEFAULT_GENERATOR: LazyLock<Generator> = LazyLock::new(Generator::default);

/// What follows `label` and a dot in `name`: its suffix, when `name` is
/// the label under one.
fn suffix_after<'n>(name: &'n str, label: &str) -> Option<&'n str> {
    name.strip_prefix(label)?.strip_prefix('.')
}

/// Whether the floor of a closed target may lift its label under `suffix`
/// (a generated name's, in Unicode): the floor is the score of `suffix` as
/// a lookalike of the target's, which only a suffix one edit away has
/// (`army.ml` for `army.mil`, not `army.de`; `Model::assess_suffix`). A
/// Unicode suffix, whose ASCII form is not at hand, is taken to. Making
/// every name of the label under another suffix first cost `army.mil
/// --top 20` most of its work (`generate` bench, `top20`).
fn may_be_floored(suffix: &str, target_suffix: &str) -> bool {
    if !suffix.is_ascii() {
        return true;
    }
    let (mut a, mut b) = (['\0'; MAX_CHARS], ['\0'; MAX_CHARS]);
    match (
        chars_into(suffix, &mut a),
        chars_into(target_suffix, &mut b),
    ) {
        (Some(suffix), Some(target)) => one_edit(suffix, target),
        _ => true,
    }
}

/// The ranked variants of `domain` with the default [`Generator`].
///
/// ```
/// let variants = lookalike::variants("army.mil")?;
/// let top3: Vec<&str> = variants.iter().take(3).map(|v| v.domain()).collect();
/// assert!(top3.contains(&"army.ml"), "{top3:?}");
/// # Ok::<(), lookalike::Error>(())
/// ```
pub fn variants(domain: &str) -> Result<Vec<Variant>, Error> {
    DEFAULT_GENERATOR.variants(domain)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A short list made best first is the head of the whole list, name for
    /// name and figure for figure: for open and closed targets, long and
    /// short labels, Unicode ones, other suffixes, and with kinds left out
    /// (rates that tie a kind's bound to its own rate).
    #[test]
    fn a_short_list_is_the_head_of_the_whole_one() {
        let whole = Generator::builder().build();
        let domains = [
            "paypal.com",
            "army.mil",
            "x.com",
            "münchen.de",
            "bbc.co.uk",
            "metamask.io",
            "wellsfargo.com",
            "github.io",
            "xn--80ak6aa92e.com",
            "google.co.jp",
        ];
        for domain in domains {
            let all = whole.variants(domain).unwrap();
            for n in [0, 1, 5, 20, 137, 1000] {
                let few = Generator::builder().max_variants(n).build();
                let head = few.variants(domain).unwrap();
                assert_eq!(head, all[..n.min(all.len())], "{domain} --top {n}");
            }
        }
        // The bound reads a Unicode TLD's ASCII form by Punycode alone: so
        // it must be what IDNA gives for every TLD a name can be under.
        for tld in Suffixes::embedded().tlds() {
            let by_punycode = idna::punycode::encode_str(&tld.unicode)
                .filter(|_| !tld.unicode.is_ascii())
                .map(|p| format!("xn--{p}"));
            assert!(by_punycode.is_none_or(|p| *p == *tld.name), "{}", tld.name);
        }
        let kinds = [Kind::Omission, Kind::Combosquat];
        let all = Generator::builder()
            .kinds(kinds)
            .build()
            .variants("paypal.com")
            .unwrap();
        let few = Generator::builder().kinds(kinds).max_variants(30).build();
        assert_eq!(few.variants("paypal.com").unwrap(), all[..30]);
    }

    /// Only a suffix one edit from a closed target's can be lifted by its
    /// floor, so only those names skip the bounds (the floor itself is
    /// checked by `a_short_list_is_the_head_of_the_whole_one` on `army.mil`).
    #[test]
    fn only_a_suffix_one_edit_away_may_be_floored() {
        for near in ["ml", "il", "mi", "mill", "iml", "mil.", "xn--p1ai"] {
            assert_eq!(may_be_floored(near, "mil"), near != "xn--p1ai", "{near}");
        }
        assert!(!may_be_floored("de", "mil") && !may_be_floored("com", "mil"));
        assert!(may_be_floored("рф", "mil"), "a Unicode suffix is taken to");
        assert!(may_be_floored("co.uk", "co.ukk") && !may_be_floored("uk", "co.uk"));
    }

    /// A short list's bounds read each kind's most typing likelihood
    /// (`most_typing`): no variant of any kind carries more (the score's
    /// figures are rounded to two places).
    #[test]
    fn no_variant_types_more_easily_than_its_kind_can() {
        let generator = Generator::builder().build();
        for domain in [
            "paypal.com",
            "army.mil",
            "münchen.de",
            "bbc.co.uk",
            "thehawksmoor.co.uk",
        ] {
            for v in generator.variants(domain).unwrap() {
                let most = most_typing(v.kind);
                assert!(
                    v.typing <= most + 0.005,
                    "{} {:?} {}",
                    v.domain(),
                    v.kind,
                    v.typing
                );
            }
        }
    }

    /// The radix sort gives what sorting by priority, then domain, gives:
    /// domains that share 12, 24 or more bytes, that are prefixes of one
    /// another, and scores that tie.
    #[test]
    fn rank_is_priority_then_domain() {
        let long = "xn--internationalbusinessmachines";
        let names = [
            format!("{long}-a.com"),
            format!("{long}-b.com"),
            format!("{long}.com"),
            format!("{long}a.com"),
            "xn--bankofameric-abc.com".to_owned(),
            "xn--bankofameric-abd.com".to_owned(),
            "xn--bankofameric.com".to_owned(),
            "a.com".to_owned(),
            "a.co".to_owned(),
            "b.com".to_owned(),
            "xn--bankofamer.com".to_owned(),
        ];
        let priorities = [0.5, 0.25, 0.5, 0.9, 0.5, 0.5, 0.25, 0.5, 0.5, 0.0, 0.5];
        let mut variants: Vec<Variant> = names
            .iter()
            .zip(priorities)
            .filter_map(|(name, priority)| {
                // The score is the other way round: it must not decide.
                let figures = Figures {
                    kind: Kind::Homoglyph,
                    score: 1.0 - priority,
                    priority,
                    typing: 0.0,
                    visual: 0.0,
                    reach: 1.0,
                };
                Variant::with_texts(name, name, "", figures)
            })
            .collect();
        let mut expected = variants.clone();
        expected.sort_by(|a, b| {
            b.priority
                .total_cmp(&a.priority)
                .then_with(|| a.domain().cmp(b.domain()))
        });
        let digits: Vec<[u128; 2]> = variants
            .iter()
            .map(|v| [digit(v.domain(), 0), digit(v.domain(), DIGIT)])
            .collect();
        rank(&mut variants, &digits);
        let order = |vs: &[Variant]| vs.iter().map(|v| v.domain().to_owned()).collect::<Vec<_>>();
        assert_eq!(order(&variants), order(&expected));
        assert_eq!(variants, expected);
    }
}
