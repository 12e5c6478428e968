//! Generation: a domain in, its lookalike variants out, ranked by risk.
//!
//! Each family of kinds has its file: [`typo`] (what fingers do), [`visual`]
//! (what eyes confuse), [`structure`] (hyphens, dots, words) and [`suffix`]
//! (edits of the suffix itself). The families propose candidate names; this
//! module keeps each name once, drops those that are not valid host names under
//! an existing suffix (IDNA round trip, RFC 1035 lengths, PSL split), and runs
//! every survivor through the one risk model ([`score`](crate::score)), which
//! names its kind, scores it and says why. The result is sorted by score,
//! highest first, ties by domain, so the same input always gives the same
//! output in the same order.
//!
//! A candidate that several families propose (dnstwist reports one at random)
//! gets the single most likely explanation, because the model, not the family,
//! decides the kind.

mod structure;
mod suffix;
mod typo;
mod visual;

use std::sync::{Arc, LazyLock};

use rustc_hash::FxHashSet;
use serde::{Deserialize, Serialize};

pub use visual::HOMOGLYPH_BUDGET;

use crate::domain::{Domain, Split, generated_to_ascii};
use crate::error::Error;
use crate::keyboard::Layout;
use crate::kind::Kind;
use crate::score::{Candidate, Model, Target, Words};
use crate::suffix::{SuffixSplit, Suffixes};

/// The default cap on variants returned: above what any label of 63
/// characters yields with the default budget, so it only bites when a caller
/// lowers it.
pub const DEFAULT_MAX_VARIANTS: usize = 250_000;

/// The most candidate names one call considers before validation; bounds
/// memory on any input.
const MAX_CANDIDATES: usize = 400_000;

/// One lookalike of a target, with its risk and the reason for it.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Variant {
    /// The name in ASCII (punycode) form: what a resolver or registry sees.
    pub domain: String,
    /// The name in Unicode form: what a person sees.
    pub unicode: String,
    /// The kind of change.
    pub kind: Kind,
    /// The risk, 0 to 1 (see [`score`](crate::score)).
    pub score: f64,
    /// Typing likelihood, 0 to 1.
    pub typing: f64,
    /// Visual likelihood, 0 to 1.
    pub visual: f64,
    /// Reach, 0 to 1.
    pub reach: f64,
    /// One line: what changed and where the result lands.
    pub reason: String,
}

/// Builds a [`Generator`].
#[derive(Debug, Clone)]
pub struct GeneratorBuilder {
    kinds: Vec<Kind>,
    layouts: Vec<Layout>,
    words: Option<Arc<Words>>,
    suffixes: Option<Arc<Suffixes>>,
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

    /// Return at most this many variants, the highest scores
    /// (default [`DEFAULT_MAX_VARIANTS`]).
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
        Generator {
            model: Model::new(
                self.suffixes.unwrap_or_else(Suffixes::embedded),
                layouts,
                self.words.unwrap_or_else(|| Arc::new(Words::embedded())),
            ),
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
/// assert_eq!(variants[0].domain, "army.ml");
/// assert!(variants[0].reason.contains("Mali"));
/// # Ok::<(), lookalike::Error>(())
/// ```
#[derive(Debug, Clone)]
pub struct Generator {
    model: Model,
    kinds: [bool; Kind::ALL.len()],
    max_variants: usize,
}

impl Default for Generator {
    fn default() -> Self {
        Generator::builder().build()
    }
}

/// Collects candidate host names (Unicode form), each once.
///
/// The families write each name into one reused buffer; it is copied into
/// the set only when it is new (a third of the names proposed for
/// `paypal.com` are proposed again by another family).
pub(crate) struct Sink {
    /// The target's suffix, Unicode form, that [`Sink::label_with`] appends.
    suffix: String,
    buf: String,
    /// FxHash, not the default SipHash: the keys are short names derived
    /// from the target, and SipHash of each one (once to look it up, once to
    /// insert it, again at every growth of the table) was 5% of the
    /// generator's time (perf, 40 × `paypal.com`). FxHash does not resist
    /// flooding, which needs keys an attacker chooses; these are made here
    /// from one label of at most 63 characters, and [`MAX_CANDIDATES`] bounds
    /// their number.
    seen: FxHashSet<String>,
}

impl Sink {
    fn new(suffix: &str) -> Sink {
        Sink {
            suffix: suffix.to_owned(),
            buf: String::new(),
            seen: FxHashSet::default(),
        }
    }

    /// A label under the target's suffix.
    fn label(&mut self, label: &str) {
        self.label_with(|buf| buf.push_str(label));
    }

    /// A label under the target's suffix, written by `write`.
    fn label_with(&mut self, write: impl FnOnce(&mut String)) {
        self.buf.clear();
        write(&mut self.buf);
        self.buf.push('.');
        self.buf.push_str(&self.suffix);
        self.keep();
    }

    /// A whole host name.
    fn host(&mut self, host: &str) {
        self.host_with(|buf| buf.push_str(host));
    }

    /// A whole host name, written by `write`.
    fn host_with(&mut self, write: impl FnOnce(&mut String)) {
        self.buf.clear();
        write(&mut self.buf);
        self.keep();
    }

    fn keep(&mut self) {
        if self.seen.len() < MAX_CANDIDATES && !self.seen.contains(self.buf.as_str()) {
            self.seen.insert(self.buf.clone());
        }
    }
}

impl Generator {
    /// A builder with the defaults.
    pub fn builder() -> GeneratorBuilder {
        GeneratorBuilder {
            kinds: Vec::new(),
            layouts: Vec::new(),
            words: None,
            suffixes: None,
            max_variants: DEFAULT_MAX_VARIANTS,
        }
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
        let mut reason = String::new();
        let mut variants: Vec<Variant> = Vec::with_capacity(sink.seen.len());
        variants.extend(
            sink.seen
                .into_iter()
                .filter_map(|host| self.variant(host, &target, &split, &mut reason)),
        );
        // Every variant has its own domain, so the order is total and an
        // unstable sort gives the same result as a stable one, faster.
        variants.sort_unstable_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then_with(|| a.domain.cmp(&b.domain))
        });
        variants.truncate(self.max_variants);
        variants
    }

    /// One candidate host (Unicode form) checked, split, scored and, when it
    /// is of a kind asked for, turned into a variant. `suffixes` splits it;
    /// `reason` is a scratch buffer: the reason is written there and copied
    /// out at its final size.
    fn variant(
        &self,
        host: String,
        target: &Target,
        suffixes: &SuffixSplit<'_>,
        reason: &mut String,
    ) -> Option<Variant> {
        let model = &self.model;
        let ascii = generated_to_ascii(&host, |c| model.confusables.is_safe_glyph(c))?;
        let split = Split::with(&ascii, &host, suffixes.split(&ascii)).ok()?;
        let candidate = Candidate::split(&ascii, &host, &split);
        let scored = model.score(&candidate, target)?;
        if !self.kinds[scored.kind as usize] {
            return None;
        }
        reason.clear();
        model.write_reason(&scored, &candidate, target, reason);
        Some(Variant {
            kind: scored.kind,
            score: scored.score,
            typing: scored.typing,
            visual: scored.visual,
            reach: scored.reach,
            reason: reason.as_str().to_owned(),
            domain: ascii,
            unicode: host,
        })
    }

    fn propose(&self, registrable: &Domain, sink: &mut Sink) {
        use Kind::*;
        let m = &self.model;
        let label: Vec<char> = registrable.unicode_label().chars().collect();
        if self.wants(&[Omission, Hyphenation]) {
            typo::omission(&label, sink);
        }
        if self.wants(&[Repetition]) {
            typo::repetition(&label, sink);
        }
        if self.wants(&[Insertion, Repetition]) {
            typo::insertion(&label, sink);
        }
        if self.wants(&[Addition]) {
            typo::addition(&label, sink);
        }
        if self.wants(&[Replacement, VowelSwap, Bitsquat, Homoglyph]) {
            typo::replacement(m, &label, sink);
        }
        if self.wants(&[Transposition]) {
            typo::transposition(&label, sink);
        }
        if self.wants(&[VowelSwap, Replacement]) {
            typo::vowel_swap(&label, sink);
        }
        if self.wants(&[Bitsquat, Replacement, VowelSwap, Homoglyph]) {
            typo::bitsquat(&label, sink);
        }
        if self.wants(&[Homoglyph, IdnHomoglyph, Replacement, VowelSwap]) {
            visual::homoglyph(m, &label, sink);
        }
        if self.wants(&[IdnHomoglyph]) {
            visual::whole_script(m, &label, sink);
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
        if self.wants(&[Combosquat]) {
            structure::combosquat(registrable.unicode_label(), &m.words, sink);
        }
        if self.wants(&[TldSwap]) {
            suffix::tld_edits(registrable, sink);
        }
        if self.wants(&[SuffixConfusion, DotOmission]) {
            suffix::suffix_confusion(m, registrable, sink);
        }
    }
}

static DEFAULT_GENERATOR: LazyLock<Generator> = LazyLock::new(Generator::default);

/// The ranked variants of `domain` with the default [`Generator`].
///
/// ```
/// let variants = lookalike::variants("army.mil")?;
/// let top3: Vec<&str> = variants.iter().take(3).map(|v| v.domain.as_str()).collect();
/// assert!(top3.contains(&"army.ml"), "{top3:?}");
/// # Ok::<(), lookalike::Error>(())
/// ```
pub fn variants(domain: &str) -> Result<Vec<Variant>, Error> {
    DEFAULT_GENERATOR.variants(domain)
}
