//! The matcher: "which of the domains I protect does this name imitate?"
//!
//! A [`Matcher`] is built once from the domains and suffixes you protect and
//! then answers [`Matcher::check`] for any domain, host, e-mail address or URL,
//! from any number of threads, without I/O and without scanning the targets.
//!
//! ```
//! use lookalike::{Kind, Matcher};
//!
//! let matcher = Matcher::builder()
//!     .protect("army.mil")?
//!     .protect("paypal.com")?
//!     .protect_suffix("mil")?
//!     .build();
//!
//! let hits = matcher.check("Someone <someone@army.ml>")?;
//! assert_eq!(hits[0].target, "army.mil");
//! assert_eq!(hits[0].kind, Kind::TldSwap);
//! assert!(hits[0].reason.contains("Mali"));
//! // The protected suffix is imitated too.
//! assert!(hits.iter().any(|m| m.target == ".mil"));
//!
//! assert_eq!(matcher.check("https://login.paypa1.com/x")?[0].target, "paypal.com");
//! assert!(matcher.check("www.army.mil")?.is_empty());
//! # Ok::<(), lookalike::Error>(())
//! ```
//!
//! # How a check works
//!
//! The host is cut out of the input (`input`), parsed ([`Domain`]) and split
//! by the Public Suffix List. Then the index proposes the targets the name
//! could imitate, through the recall keys of `keys`: hash probes for the
//! label, its prefixes and suffixes, its forms with up to two characters
//! deleted, its homoglyph key, an order-free key of its characters (for
//! swapped parts), the long labels it begins as and, for the host, the
//! names embedded in it. A target's label without its article
//! (`hawksmoor` for `thehawksmoor`) is indexed beside the label.
//! Each proposed target goes through the same `Model::assess` as the
//! generator uses, so for every variant `v` of `variants(t)`, `check(v)` names
//! `t` with the same kind and score. When no proposed target is explained in
//! one step, each is tried as a chain of two (the `pairwise` module: two
//! edits, an edit under another suffix, a misspelt label beside a word,
//! lookalike letters and one more change), which the generator does not
//! produce. The cost of a check depends on the length of the name, not on
//! the number of targets.
//!
//! # What is a target
//!
//! A protected name that is not a registrable domain (`launchpad.ethereum.org`)
//! protects its registrable domain (`ethereum.org`): lookalikes are
//! registered at the registrable level, and nobody but the owner can create a
//! host under `ethereum.org`. A candidate equal to a protected domain or under
//! it, or under an [allowed](MatcherBuilder::allow) domain, matches nothing.

mod input;
mod keys;
mod table;

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::io::BufRead;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::{Domain, split_ascii};
use crate::error::{Error, echo};
use crate::keyboard::Layout;
use crate::kind::Kind;
use crate::pairwise::two_steps;
use crate::score::{
    Assessment, Candidate, Commonness, HOST_PREFIXES, Model, Target, Weights, Words,
};
use crate::suffix::Suffixes;

pub use input::MAX_ADDRESS;
pub(crate) use input::host as host_of_input;
use keys::{Prefixes, Table, key, poly};
use table::Postings;

/// One protected target a candidate imitates, and how.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Match {
    /// The protected registrable domain (`army.mil`), or the protected suffix
    /// with a leading dot (`.mil`).
    pub target: String,
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
    /// One line: what changed, and where the result lands.
    pub reason: String,
    /// What the fitted score read ([`crate::score::features`]).
    #[serde(default)]
    pub features: crate::score::features::Features,
}

impl Match {
    /// Whether the target is a protected suffix rather than a domain.
    pub fn is_suffix(&self) -> bool {
        self.target.starts_with('.')
    }

    fn new(target: &Protected, a: Assessment) -> Match {
        Match {
            target: match target {
                Protected::Domain(d) => d.registrable().to_owned(),
                Protected::Suffix(s) => format!(".{s}"),
            },
            kind: a.kind,
            score: a.score,
            typing: a.typing,
            visual: a.visual,
            reach: a.reach,
            reason: a.reason,
            features: a.features,
        }
    }
}

#[derive(Debug)]
enum Protected {
    /// A registrable domain.
    Domain(Domain),
    /// An ASCII public suffix, without a leading dot.
    Suffix(Box<str>),
}

/// Collects protected and allowed names and options; [`build`](Self::build)
/// makes the immutable [`Matcher`].
#[derive(Debug, Clone)]
pub struct MatcherBuilder {
    suffixes: Arc<Suffixes>,
    domains: Vec<Domain>,
    suffix_targets: Vec<Box<str>>,
    allowed: FxHashSet<Box<str>>,
    min_score: f64,
    kinds: Option<Vec<Kind>>,
    words: Option<Arc<Words>>,
    weights: Option<Arc<Weights>>,
}

impl Default for MatcherBuilder {
    fn default() -> Self {
        MatcherBuilder {
            suffixes: Suffixes::embedded(),
            domains: Vec::new(),
            suffix_targets: Vec::new(),
            allowed: FxHashSet::default(),
            min_score: 0.0,
            kinds: None,
            words: None,
            weights: None,
        }
    }
}

impl MatcherBuilder {
    /// Uses these suffix data (a newer Public Suffix List, say) instead of the
    /// embedded copy. Call it before adding names: names are parsed with the
    /// suffix data in force when they are added.
    pub fn suffixes(&mut self, suffixes: Arc<Suffixes>) -> &mut Self {
        self.suffixes = suffixes;
        self
    }

    /// Protects a domain (Unicode or punycode). A host protects its
    /// registrable domain (see the module doc). On an error the builder is
    /// as it was.
    pub fn protect(&mut self, domain: &str) -> Result<&mut Self, Error> {
        let parsed = self.registrable(domain)?;
        self.domains.push(parsed);
        Ok(self)
    }

    /// Protects a whole public suffix (`mil`, `.mil`, `gov.uk`): any name under
    /// another existing suffix one edit away imitates it (`army.ml`,
    /// `whatever.ml`). This is the outbound-mail case: mail meant for `.mil`
    /// that would leave for `.ml`.
    pub fn protect_suffix(&mut self, suffix: &str) -> Result<&mut Self, Error> {
        let trimmed = suffix.trim().trim_start_matches('.').trim_end_matches('.');
        if trimmed.is_empty() {
            return Err(Error::Empty);
        }
        let ascii = crate::domain::to_ascii(trimmed)?;
        if !self.suffixes.is_suffix(&ascii) {
            return Err(Error::UnknownSuffix { tld: echo(&ascii) });
        }
        self.suffix_targets.push(ascii.into_boxed_str());
        Ok(self)
    }

    /// A known-good domain that must never be flagged, nor any host under it.
    pub fn allow(&mut self, domain: &str) -> Result<&mut Self, Error> {
        let parsed = self.registrable(domain)?;
        self.allowed.insert(parsed.registrable().into());
        Ok(self)
    }

    /// Protects every name of a list: one a line, `#` starts a comment, blank
    /// lines are skipped, and a line starting with a dot (`.mil`) protects a
    /// suffix. A line that does not parse (or is longer than
    /// [`MAX_LIST_LINE`] octets, or is not UTF-8) fails the whole list with
    /// [`Error::List`], naming the line, and the builder is as it was: no
    /// name of the list is added.
    pub fn protect_reader(&mut self, reader: impl BufRead) -> Result<&mut Self, Error> {
        let mut trial = self.clone();
        if let Some(bad) = trial.protect_lines(reader)?.into_iter().next() {
            return Err(bad);
        }
        *self = trial;
        Ok(self)
    }

    /// Protects every name of a list that parses, in the format of
    /// [`protect_reader`](Self::protect_reader), and returns the errors of
    /// the lines that do not ([`Error::List`], naming each line): a list of
    /// a million names is not refused for one bad line. A read that fails
    /// ([`Error::Io`]) is the error, with the names before it added.
    ///
    /// ```
    /// let mut builder = lookalike::Matcher::builder();
    /// let list = "paypal.com\nnot a name\ngithub.io\n";
    /// let bad = builder.protect_reader_skipping_bad(list.as_bytes())?;
    /// assert_eq!(bad.len(), 1);
    /// assert!(bad[0].to_string().starts_with("line 2:"), "{}", bad[0]);
    /// assert_eq!(builder.build().len(), 2);
    /// # Ok::<(), lookalike::Error>(())
    /// ```
    pub fn protect_reader_skipping_bad(
        &mut self,
        reader: impl BufRead,
    ) -> Result<Vec<Error>, Error> {
        self.protect_lines(reader)
    }

    /// Every good line protected; the bad lines' errors returned; an I/O
    /// error ends the list.
    fn protect_lines(&mut self, reader: impl BufRead) -> Result<Vec<Error>, Error> {
        self.each_line(reader, |builder, name| {
            if name.starts_with('.') {
                builder.protect_suffix(name).map(drop)
            } else {
                builder.protect(name).map(drop)
            }
        })
    }

    /// `add` applied to every name of a list; the bad lines' errors, each
    /// naming its line, returned; an I/O error ends the list.
    fn each_line(
        &mut self,
        reader: impl BufRead,
        mut add: impl FnMut(&mut Self, &str) -> Result<(), Error>,
    ) -> Result<Vec<Error>, Error> {
        let mut bad = Vec::new();
        for (number, name) in list_lines(reader) {
            match name.and_then(|name| add(self, &name)) {
                Err(e @ Error::Io { .. }) => return Err(e),
                Err(e @ Error::List { .. }) => bad.push(e),
                Err(e) => bad.push(Error::List {
                    line: number,
                    error: Box::new(e),
                }),
                Ok(()) => {}
            }
        }
        Ok(bad)
    }

    /// Allows every name of a list, in the format of
    /// [`protect_reader`](Self::protect_reader) (without suffix lines); a
    /// bad line fails the whole list and the builder is as it was.
    pub fn allow_reader(&mut self, reader: impl BufRead) -> Result<&mut Self, Error> {
        let mut trial = self.clone();
        if let Some(bad) = trial.allow_lines(reader)?.into_iter().next() {
            return Err(bad);
        }
        *self = trial;
        Ok(self)
    }

    /// Allows every name of a list that parses, and returns the bad lines'
    /// errors, as [`protect_reader_skipping_bad`](Self::protect_reader_skipping_bad)
    /// protects.
    pub fn allow_reader_skipping_bad(&mut self, reader: impl BufRead) -> Result<Vec<Error>, Error> {
        self.allow_lines(reader)
    }

    fn allow_lines(&mut self, reader: impl BufRead) -> Result<Vec<Error>, Error> {
        self.each_line(reader, |builder, name| builder.allow(name).map(drop))
    }

    /// Reports only matches scoring at least `score` (default 0: everything
    /// the model explains).
    pub fn min_score(&mut self, score: f64) -> &mut Self {
        self.min_score = if score.is_nan() { 0.0 } else { score };
        self
    }

    /// Reports only matches of these kinds (default: all).
    pub fn kinds(&mut self, kinds: impl IntoIterator<Item = Kind>) -> &mut Self {
        self.kinds = Some(kinds.into_iter().collect());
        self
    }

    /// The words that lure when joined to a brand (`login`, `secure`), in
    /// place of the embedded list ([`Words::embedded`]); the generator takes
    /// the same ([`GeneratorBuilder::words`](crate::GeneratorBuilder::words)).
    /// Add your own to the embedded ones with [`Words::embedded_and`].
    ///
    /// ```
    /// use lookalike::{Matcher, score::Words};
    /// let words = Words::embedded_and(&Words::from_lines("airdrop\nclaim\n"));
    /// let matcher = Matcher::builder().words(words).protect("uniswap.org")?.build();
    /// let hit = &matcher.check("uniswap-airdrop.org")?[0];
    /// assert!(hit.reason.contains("the word 'airdrop'"), "{}", hit.reason);
    /// # Ok::<(), lookalike::Error>(())
    /// ```
    pub fn words(&mut self, words: Words) -> &mut Self {
        self.words = Some(Arc::new(words));
        self
    }

    /// The score's weights (default [`Weights::embedded`], fitted on the
    /// reference corpus); for a refit loaded with [`Weights::from_tsv`].
    pub fn weights(&mut self, weights: Weights) -> &mut Self {
        self.weights = Some(Arc::new(weights));
        self
    }

    fn registrable(&self, domain: &str) -> Result<Domain, Error> {
        let parsed = Domain::parse_with(domain, &self.suffixes)?;
        if parsed.is_registrable() {
            Ok(parsed)
        } else {
            Domain::parse_with(parsed.registrable(), &self.suffixes)
        }
    }

    /// Builds the index. The builder stays as it is, to add to and build
    /// again.
    pub fn build(&self) -> Matcher {
        let mut model = Model::new(
            Arc::clone(&self.suffixes),
            Layout::DEFAULT.to_vec(),
            self.words
                .clone()
                .unwrap_or_else(|| Arc::new(Words::embedded())),
        );
        if let Some(weights) = &self.weights {
            model.weights = Arc::clone(weights);
        }
        let mut targets: Vec<Protected> = Vec::new();
        let mut seen: FxHashSet<String> = FxHashSet::default();
        for d in &self.domains {
            if seen.insert(d.registrable().to_owned()) {
                targets.push(Protected::Domain(d.clone()));
            }
        }
        for s in &self.suffix_targets {
            if seen.insert(format!(".{s}")) {
                targets.push(Protected::Suffix(s.clone()));
            }
        }
        // Suffix ids and the bounds of the embedded-name probes, in order.
        let mut suffix_ids: FxHashMap<Box<str>, u32> = FxHashMap::default();
        let mut scopes = Vec::with_capacity(targets.len());
        let (mut max_name_len, mut max_name_dots) = (0, 0);
        let mut two_edit_lengths: Vec<u64> = Vec::new();
        let mut max_short_name_len = 0;
        for target in &targets {
            let scope = match target {
                Protected::Domain(d) => {
                    let name = d.registrable();
                    max_name_len = max_name_len.max(name.len());
                    if d.unicode_label().chars().count() < keys::MIN_COMBO_LABEL {
                        max_short_name_len = max_short_name_len.max(d.registrable().len());
                    }
                    max_name_dots = max_name_dots.max(name.matches('.').count());
                    let next = id_of(suffix_ids.len());
                    let sid = *suffix_ids.entry(d.suffix().into()).or_insert(next);
                    if d.unicode_label().chars().count() >= keys::MIN_TWO_EDIT_LABEL {
                        let len = keys::deletion_form(d.unicode_label()).count().min(63);
                        let at = sid as usize;
                        if two_edit_lengths.len() <= at {
                            two_edit_lengths.resize(at + 1, 0);
                        }
                        two_edit_lengths[at] |= 1 << len;
                    }
                    sid
                }
                Protected::Suffix(_) => 0,
            };
            scopes.push(scope);
        }
        // The first target of each label carries the label's near forms
        // (see `Table::Near`).
        let mut first_of_label: FxHashMap<u64, u32> = FxHashMap::default();
        let leads: Vec<bool> = targets
            .iter()
            .enumerate()
            .map(|(id, target)| match target {
                Protected::Domain(d) => {
                    let h = poly(d.unicode_label().chars());
                    *first_of_label.entry(h).or_insert(id_of(id)) == id_of(id)
                }
                Protected::Suffix(_) => false,
            })
            .collect();
        drop(first_of_label);
        let (entries, facts) = index_entries(&targets, &scopes, &leads, &model);
        let protects_suffixes = targets.iter().any(|t| matches!(t, Protected::Suffix(_)));
        let near_filter = near_filter(&targets, &leads);
        let lure_words = model
            .lure_words()
            .chain(HOST_PREFIXES)
            .map(|w| poly(w.chars()))
            .collect();
        Matcher {
            model,
            targets,
            suffix_ids,
            postings: Postings::build(entries),
            allowed: self.allowed.clone(),
            min_score: self.min_score,
            kinds: self.kinds.clone(),
            max_name_len,
            max_name_dots,
            two_edit_lengths,
            max_short_name_len,
            lure_words,
            near_filter,
            facts,
            protects_suffixes,
        }
    }
}

/// One thread's share of the index: its sorted entries and its targets'
/// facts.
type Share = (Vec<(u64, u32)>, Vec<TargetFacts>);

/// Every index entry of every target, sorted, and the facts of each target
/// in order. A million targets make some thirteen million entries: each
/// thread of the machine (up to four) keys and sorts its share, and the
/// shares are merged.
fn index_entries(targets: &[Protected], scopes: &[u32], leads: &[bool], model: &Model) -> Share {
    const PER_THREAD: usize = 50_000;
    let threads = std::thread::available_parallelism()
        .map_or(1, usize::from)
        .clamp(1, 4)
        .min(targets.len() / PER_THREAD + 1);
    let share = targets.len().div_ceil(threads).max(1);
    let parts: Vec<Share> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let start = (i * share).min(targets.len());
                let end = ((i + 1) * share).min(targets.len());
                scope.spawn(move || {
                    let mut part = Vec::with_capacity((end - start) * 16);
                    let mut facts = Vec::with_capacity(end - start);
                    let (mut hashes, mut text) = (Vec::new(), String::new());
                    for id in start..end {
                        facts.push(target_entries(
                            &targets[id],
                            id_of(id),
                            (scopes[id], leads[id]),
                            model,
                            (&mut hashes, &mut text),
                            &mut part,
                        ));
                    }
                    part.sort_unstable();
                    (part, facts)
                })
            })
            .collect();
        // Keying does not panic; if a bug made it, the panic goes on as it
        // would have on one thread, rather than leaving a share out.
        handles
            .into_iter()
            .map(|h| h.join().unwrap_or_else(|e| std::panic::resume_unwind(e)))
            .collect()
    });
    let mut merged = Vec::new();
    let mut facts = Vec::with_capacity(targets.len());
    for (part, part_facts) in parts {
        merged = merge_sorted(part, merged);
        facts.extend(part_facts);
    }
    (merged, facts)
}

/// The entries of one target (see [`keys`] for what each table serves),
/// and its facts.
fn target_entries(
    target: &Protected,
    id: u32,
    (sid, lead): (u32, bool),
    model: &Model,
    (hashes, text): (&mut Vec<u64>, &mut String),
    out: &mut Vec<(u64, u32)>,
) -> TargetFacts {
    let confusables = model.confusables;
    match target {
        Protected::Domain(d) => {
            let label = d.unicode_label();
            let name = d.registrable();
            let whole = poly(label.chars());
            out.push((key(Table::Label, 0, whole), id));
            let m = keys::MIN_COMBO_LABEL;
            if let Some(p) = Prefixes::new(label.chars(), hashes).filter(|p| p.len() >= m) {
                let n = p.len();
                out.push((key(Table::Part, 0, whole), id));
                out.push((key(Table::Head, 0, p.range(0, m)), id));
                out.push((key(Table::Tail, 0, p.range(n - m, n)), id));
                if lead && n >= keys::MIN_TWO_EDIT_LABEL {
                    out.push((key(Table::LongHead, 0, p.range(0, keys::LONG_HEAD)), id));
                }
            }
            if crate::score::swappable(label) {
                out.push((key(Table::Swap, 0, keys::arrangement_key(label)), id));
            }
            // The label without its article (`hawksmoor` for
            // `thehawksmoor`), bare and joined to words (`score`).
            if let Some((_, core)) = crate::score::article_core(label)
                && let Some(p) = Prefixes::new(core.chars(), hashes)
            {
                let n = p.len();
                let whole = p.range(0, n);
                out.push((key(Table::Label, 0, whole), id));
                out.push((key(Table::Part, 0, whole), id));
                out.push((key(Table::Head, 0, p.range(0, m)), id));
                out.push((key(Table::Tail, 0, p.range(n - m, n)), id));
            }
            keys::folded_forms(label, d.suffix(), |h| {
                out.push((key(Table::Folded, 0, h), id));
            });
            out.push((key(Table::Name, 0, poly(name.chars())), id));
            if lead && let Some(form) = Prefixes::new(keys::deletion_form(label), hashes) {
                keys::near_forms(&form, true, |h| out.push((key(Table::Near, 0, h), id)));
            }
            let v = keys::visual_key(confusables, label, text);
            out.push((key(Table::Visual, sid, v), id));
            out.push((key(Table::Vowels, sid, keys::vowel_key(label)), id));
            TargetFacts {
                visual_key: v,
                layout: Layout::for_tld(d.tld()),
                open: model.suffixes.is_open(d.suffix()),
                common: Commonness::of(label),
            }
        }
        Protected::Suffix(s) => {
            if let Some(form) = Prefixes::new(s.chars(), hashes) {
                out.push((key(Table::Suffix, 0, form.range(0, form.len())), id));
                for at in 0..form.len() {
                    out.push((key(Table::Suffix, 0, form.without(at)), id));
                }
            }
            TargetFacts {
                visual_key: 0,
                layout: Layout::QwertyUs,
                open: false,
                common: Commonness::default(),
            }
        }
    }
}

/// The [`keys::FormFilter`] of the lead targets' near forms.
fn near_filter(targets: &[Protected], leads: &[bool]) -> keys::FormFilter {
    let mut hashes = Vec::new();
    let mut forms = Vec::new();
    for (target, _) in targets.iter().zip(leads).filter(|(_, lead)| **lead) {
        if let Protected::Domain(d) = target
            && let Some(form) = Prefixes::new(keys::deletion_form(d.unicode_label()), &mut hashes)
        {
            keys::near_forms(&form, true, |h| forms.push(h));
        }
    }
    let mut filter = keys::FormFilter::new(forms.len());
    for h in forms {
        filter.insert(h);
    }
    filter
}

fn merge_sorted(a: Vec<(u64, u32)>, b: Vec<(u64, u32)>) -> Vec<(u64, u32)> {
    let mut out = Vec::with_capacity(a.len() + b.len());
    let (mut a, mut b) = (a.into_iter().peekable(), b.into_iter().peekable());
    loop {
        let next = match (a.peek(), b.peek()) {
            (Some(x), Some(y)) if x <= y => a.next(),
            (Some(_), Some(_)) => b.next(),
            (Some(_), None) => a.next(),
            (None, _) => b.next(),
        };
        match next {
            Some(e) => out.push(e),
            None => return out,
        }
    }
}

fn id_of(n: usize) -> u32 {
    u32::try_from(n).unwrap_or(u32::MAX)
}

/// The longest line of a list of names (a name and a comment) that
/// [`MatcherBuilder::protect_reader`] and [`MatcherBuilder::allow_reader`]
/// keep, in octets. The rest of a longer line is read and dropped, and the
/// line fails with [`Error::TooLong`]: a file that is no list (a binary,
/// `/dev/zero`) costs this much memory, not its size.
pub const MAX_LIST_LINE: usize = 4096;

/// The names of a list with their 1-based line numbers. A line that is too
/// long or not UTF-8 fails with [`Error::List`]; a read that fails, with
/// [`Error::Io`]; either ends the list.
fn list_lines(reader: impl BufRead) -> impl Iterator<Item = (usize, Result<String, Error>)> {
    let mut reader = reader;
    let mut buf = Vec::new();
    let mut number = 0;
    let mut done = false;
    std::iter::from_fn(move || {
        while !done {
            number += 1;
            let line_error = |error: Error| Error::List {
                line: number,
                error: Box::new(error),
            };
            let failed = match read_bounded_line(&mut reader, &mut buf, MAX_LIST_LINE) {
                Ok(None) => break,
                Err(e) => Error::Io {
                    reason: e.to_string(),
                },
                Ok(Some(octets)) if octets > MAX_LIST_LINE => line_error(Error::TooLong { octets }),
                Ok(Some(_)) => match std::str::from_utf8(&buf) {
                    Ok(line) => {
                        let name = line.split('#').next().unwrap_or("").trim();
                        if name.is_empty() {
                            continue;
                        }
                        return Some((number, Ok(name.to_owned())));
                    }
                    Err(_) => line_error(Error::Io {
                        reason: "the line is not UTF-8".into(),
                    }),
                },
            };
            // A bad line is reported and the list goes on; a failed read
            // ends it.
            done = matches!(failed, Error::Io { .. });
            return Some((number, Err(failed)));
        }
        done = true;
        None
    })
}

/// Reads one line (up to `\n`) into `buf`, keeping at most `max` octets and
/// dropping the rest; its full length, or `None` at the end of input.
fn read_bounded_line(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    max: usize,
) -> std::io::Result<Option<usize>> {
    buf.clear();
    let (mut octets, mut any) = (0, false);
    loop {
        let chunk = match reader.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        let newline = chunk.iter().position(|&b| b == b'\n');
        let part = &chunk[..newline.unwrap_or(chunk.len())];
        let room = max.saturating_sub(buf.len());
        buf.extend_from_slice(&part[..part.len().min(room)]);
        octets += part.len();
        let used = newline.map_or(chunk.len(), |at| at + 1);
        reader.consume(used);
        if newline.is_some() {
            break;
        }
    }
    Ok(any.then_some(octets))
}

/// An immutable index over protected domains and suffixes. `Send + Sync`:
/// share it in an [`Arc`] across threads.
#[derive(Debug)]
pub struct Matcher {
    model: Model,
    targets: Vec<Protected>,
    /// Suffix of the protected domains → its scope id in per-suffix tables.
    /// FxHash: looked up once a check with a short ASCII key, where SipHash
    /// cost 5% of a check's instructions (callgrind, 49,526 real names).
    suffix_ids: FxHashMap<Box<str>, u32>,
    postings: Postings,
    allowed: FxHashSet<Box<str>>,
    min_score: f64,
    kinds: Option<Vec<Kind>>,
    /// The longest protected registrable domain, in octets, and the most dots
    /// one holds: they bound the embedded-name probes.
    max_name_len: usize,
    max_name_dots: usize,
    /// The longest registrable name, in octets, of a protected label shorter
    /// than [`keys::MIN_COMBO_LABEL`] (`t.co`: 4).
    max_short_name_len: usize,
    /// Hashes ([`poly`]) of the lure words, country codes and host labels
    /// that a misspelt target may be joined to (see `propose`).
    lure_words: FxHashSet<u64>,
    /// The raw near forms of the lead labels, read before `Table::Near`.
    near_filter: keys::FormFilter,
    /// Per suffix id, a bit for each length (in characters without hyphens,
    /// 63 for longer) of the target labels under it that a chain of two
    /// edits may reach ([`crate::pairwise::MIN_TWO_EDIT_LABEL`] characters
    /// or more).
    two_edit_lengths: Vec<u64>,
    /// What the model needs of each target and the matcher knows ahead,
    /// in target order.
    facts: Vec<TargetFacts>,
    /// Whether any suffix is protected: without, the suffix probes of a
    /// check (its prefix hashes and one probe per deletion) are skipped,
    /// 2.5% of a check against domains alone (callgrind).
    protects_suffixes: bool,
}

/// What the matcher keeps of each target for the model: sixteen octets a
/// target.
#[derive(Debug, Clone, Copy)]
struct TargetFacts {
    /// The label's [`keys::visual_key`] (0 for a suffix). The model tries a
    /// homoglyph only where the candidate's key is the same: the key never
    /// misses one it can explain, and the homoglyph alignment was a third of
    /// the model's cost on the proposed targets (callgrind, 1,000 targets,
    /// 49,526 names).
    visual_key: u64,
    /// The layout its senders type on, and whether strangers can register
    /// under its suffix (see [`Target::domain_with`]).
    layout: Layout,
    open: bool,
    /// How ordinary its label is, for the score (three octets, in what was
    /// padding).
    common: Commonness,
}

impl Matcher {
    /// A builder with nothing protected, the embedded suffix data, and no
    /// minimum score.
    pub fn builder() -> MatcherBuilder {
        MatcherBuilder::default()
    }

    /// The targets `input` imitates, best first (score, then target name).
    /// `input` may be a domain, a host with subdomains, an e-mail address in
    /// any RFC 5322 form (`"Name" <a@b>`) or a URL.
    pub fn check(&self, input: &str) -> Result<Vec<Match>, Error> {
        let host = input::host(input)?;
        let domain = Domain::parse_with(host, &self.model.suffixes)?;
        Ok(self.check_domain(&domain))
    }

    /// The targets the domain of an e-mail address imitates: `a@b`,
    /// `Name <a@b>`, `"Name" <a@b>`, `"quoted local"@b`.
    pub fn check_email(&self, address: &str) -> Result<Vec<Match>, Error> {
        let host = input::email_host(address)?;
        let domain = Domain::parse_with(host, &self.model.suffixes)?;
        Ok(self.check_domain(&domain))
    }

    /// The targets an already parsed domain imitates.
    pub fn check_domain(&self, domain: &Domain) -> Vec<Match> {
        if self.allowed.contains(domain.registrable()) || self.is_protected(domain) {
            return Vec::new();
        }
        let mut fresh = Scratch::default();
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.assess_proposed(domain, &mut scratch),
            // Not reachable (a check does not call a check), but a fresh
            // buffer is a correct answer, not a panic.
            Err(_) => self.assess_proposed(domain, &mut fresh),
        })
    }

    fn assess_proposed(&self, domain: &Domain, scratch: &mut Scratch) -> Vec<Match> {
        let visual_key = self.propose(domain, scratch);
        // `leads` is free once `propose` returns: it now holds the proposed
        // targets that no single step explains.
        let Scratch {
            proposed,
            leads: unexplained,
            ..
        } = scratch;
        proposed.sort_unstable();
        proposed.dedup();
        unexplained.clear();
        let mut candidate = Candidate::of(domain);
        candidate.visual_key = visual_key;
        if !proposed.is_empty() {
            candidate.place = Some(self.model.suffix_place(domain.suffix()));
        }
        let mut found: Vec<Match> = Vec::new();
        let mut one_step = false;
        for &id in proposed.iter() {
            let Some(target) = self.targets.get(id as usize) else {
                continue;
            };
            let t = match target {
                Protected::Domain(d) => match self.facts.get(id as usize) {
                    Some(facts) => {
                        let mut t = Target::domain_with(d, facts.layout, facts.open, facts.common);
                        t.visual_key = Some(facts.visual_key);
                        t
                    }
                    None => Target::domain(d, &self.model),
                },
                Protected::Suffix(s) => Target::suffix(s),
            };
            let Some(scored) = self.model.score(&candidate, &t) else {
                unexplained.push(id);
                continue;
            };
            one_step = true;
            let wanted = self.kinds.as_ref().is_none_or(|k| k.contains(&scored.kind));
            if wanted && scored.score >= self.min_score {
                // The reason is written only for what is returned.
                let explained = self.model.explain(&scored, &candidate, &t);
                found.push(Match::new(target, explained));
            }
        }
        // Two steps (`pairwise`) only for a name that no target explains in
        // one: `paypa1.com` is a lookalike of `paypal.com`, and naming every
        // `paypal.*` also protected, through an edit and a change of suffix,
        // would bury the answer (and cost most of a check at a million
        // crossed targets, where each label is under 23 suffixes).
        if !one_step {
            for &id in unexplained.iter() {
                let Some(target @ Protected::Domain(d)) = self.targets.get(id as usize) else {
                    continue;
                };
                if let Some(a) = two_steps(&self.model, domain, d, self.min_score) {
                    let wanted = self.kinds.as_ref().is_none_or(|k| k.contains(&a.kind));
                    if wanted && a.score >= self.min_score {
                        found.push(Match::new(target, a));
                    }
                }
            }
        }
        // Best first; on a tie a protected domain before a protected suffix
        // (it says more), then by name.
        found.sort_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.is_suffix().cmp(&b.is_suffix()))
                .then(a.target.cmp(&b.target))
        });
        found
    }

    /// The protected domain that `input` (a domain, host, address or URL)
    /// belongs to, if it belongs to one: its registrable domain is
    /// protected. A protected name is not a lookalike of itself, so
    /// [`check`](Self::check) says nothing of it; this says it is ours.
    ///
    /// ```
    /// let m = lookalike::Matcher::builder().protect("paypal.com")?.build();
    /// assert_eq!(m.protected_domain("service@mail.paypal.com"), Some("paypal.com"));
    /// assert_eq!(m.protected_domain("paypa1.com"), None);
    /// # Ok::<(), lookalike::Error>(())
    /// ```
    pub fn protected_domain(&self, input: &str) -> Option<&str> {
        let host = input::host(input).ok()?;
        let domain = Domain::parse_with(host, &self.model.suffixes).ok()?;
        let name = domain.registrable();
        self.postings
            .get(key(Table::Name, 0, poly(name.chars())))
            .iter()
            .find_map(|&id| match self.targets.get(id as usize) {
                Some(Protected::Domain(d)) if d.registrable() == name => Some(d.registrable()),
                _ => None,
            })
    }

    /// The protected domains, in the order they were added (each once).
    pub fn protected_domains(&self) -> impl Iterator<Item = &Domain> {
        self.targets.iter().filter_map(|t| match t {
            Protected::Domain(d) => Some(d),
            Protected::Suffix(_) => None,
        })
    }

    /// How many targets (domains and suffixes) are protected.
    pub fn len(&self) -> usize {
        self.targets.len()
    }

    /// Whether nothing is protected.
    pub fn is_empty(&self) -> bool {
        self.targets.is_empty()
    }

    /// Index entries (keys) held, for sizing.
    pub fn index_entries(&self) -> usize {
        self.postings.len()
    }

    fn is_protected(&self, domain: &Domain) -> bool {
        let name = domain.registrable();
        self.postings
            .get(key(Table::Name, 0, poly(name.chars())))
            .iter()
            .any(|&id| {
                matches!(self.targets.get(id as usize),
                    Some(Protected::Domain(d)) if d.registrable() == name)
            })
    }

    /// Every target the index can see behind `domain` (with repeats), into
    /// `scratch.proposed`. Returns the label's visual key when it was
    /// computed (the candidate's suffix is a target's).
    fn propose(&self, domain: &Domain, scratch: &mut Scratch) -> Option<u64> {
        let Scratch {
            hashes,
            label_hashes,
            text,
            proposed,
            leads,
            part_leads,
            near_hits,
        } = scratch;
        proposed.clear();
        leads.clear();
        // A macro, not a closure: the probe inlines at each of its
        // nineteen sites, where a closure called from all of them stayed a
        // call (2% of a check, callgrind).
        macro_rules! get {
            ($key:expr) => {
                proposed.extend_from_slice(self.postings.get($key))
            };
        }
        let label = domain.unicode_label();
        // The label's prefix hashes serve the label, part, near and lure
        // probes below: computed once (six passes over the names were 8% of
        // a missed check's instructions, callgrind).
        let label_p = Prefixes::new(label.chars(), label_hashes);
        let hyphenated = label.bytes().any(|b| b == b'-');
        // The label itself (suffix edits), and every prefix and suffix of it
        // long enough to be a target's label (combosquats).
        if let Some(p) = &label_p {
            let n = p.len();
            get!(key(Table::Label, 0, p.range(0, n)));
            get!(key(Table::Folded, 0, p.range(0, n)));
            // A part is probed only when some target's label begins (ends)
            // as the candidate's does: one probe that most names fail, in
            // place of one per length.
            let m = keys::MIN_COMBO_LABEL;
            if n > m
                && !self
                    .postings
                    .get(key(Table::Head, 0, p.range(0, m)))
                    .is_empty()
            {
                for end in m..n {
                    get!(key(Table::Part, 0, p.range(0, end)));
                }
            }
            if n > m
                && !self
                    .postings
                    .get(key(Table::Tail, 0, p.range(n - m, n)))
                    .is_empty()
            {
                for start in 1..=n - m {
                    get!(key(Table::Part, 0, p.range(start, n)));
                }
            }
            // Inside a hyphenated label, the parts that start or end a token
            // (`us-fbigov`); the label's own prefixes and suffixes are done
            // above.
            if hyphenated {
                for_each_token_part(label, n, keys::MIN_COMBO_LABEL, |start, end| {
                    if start > 0 && end < n {
                        get!(key(Table::Part, 0, p.range(start, end)));
                    }
                });
            }
        }
        // The target split by hyphens (`pay-pal-support`): the prefixes of
        // the label without its hyphens.
        if hyphenated && let Some(p) = Prefixes::new(keys::deletion_form(label), hashes) {
            let m = keys::MIN_COMBO_LABEL;
            for end in m..p.len() {
                get!(key(Table::Part, 0, p.range(0, end)));
            }
        }
        // A merged host label: `wwwpaypal`, `www-x`.
        for host in HOST_PREFIXES {
            if let Some(rest) = label.strip_prefix(host) {
                get!(key(Table::Label, 0, poly(rest.chars())));
                if let Some(rest) = rest.strip_prefix('-') {
                    get!(key(Table::Label, 0, poly(rest.chars())));
                }
            }
        }
        if hyphenated {
            for token in split_ascii(label, b'-') {
                get!(key(Table::Label, 0, poly(token.chars())));
            }
        }
        // Per-suffix tables: homoglyphs, vowel shuffles.
        let mut visual_key = None;
        let sid = self.suffix_ids.get(domain.suffix()).copied();
        if let Some(sid) = sid {
            let v = keys::visual_key(self.model.confusables, label, text);
            visual_key = Some(v);
            get!(key(Table::Visual, sid, v));
            get!(key(Table::Vowels, sid, keys::vowel_key(label)));
        }
        // The host's own labels: the target's label as a subdomain, and an
        // edit that moved the split (`bbc.cco.uk`, `paypalc.om`).
        let unicode = domain.unicode();
        let mut host_labels = split_ascii(unicode, b'.');
        if let Some(first) = host_labels.next() {
            get!(key(Table::Label, 0, poly(first.chars())));
            let mut shorter = first.chars();
            if shorter.next_back().is_some() && !shorter.as_str().is_empty() {
                get!(key(Table::Label, 0, poly(shorter)));
            }
            if let Some(c) = host_labels.next().and_then(|second| second.chars().next()) {
                get!(key(Table::Label, 0, poly(first.chars().chain([c]))));
            }
            // A label too short for the part tables, its dot edited away
            // (`00com.au` for `0.com.au`): one edit, so only for a host about
            // as long as such a target's name. Probed for every host, these
            // proposed `t.co` for every name starting with `t`: a fifth of
            // all proposals (1,000 targets, 49,526 real names).
            if domain.as_str().len() <= self.max_short_name_len + 1 {
                for len in 1..keys::MIN_COMBO_LABEL {
                    if first.chars().nth(len).is_some() {
                        get!(key(Table::Label, 0, poly(first.chars().take(len))));
                    }
                }
            }
        }
        let sub = &unicode[..unicode.len() - domain.unicode_registrable().len()];
        for l in split_ascii(sub, b'.').filter(|l| !l.is_empty()) {
            get!(key(Table::Label, 0, poly(l.chars())));
            // A brand as one word of a subdomain label
            // (`metamask-io.example.co.za`, `extension-metamask.com.x.com`).
            if l.contains('-') {
                for token in split_ascii(l, b'-').filter(|t| !t.is_empty()) {
                    get!(key(Table::Label, 0, poly(token.chars())));
                }
            }
        }
        // A host of one dot and no hyphen (`example.com`, most names) embeds
        // no name but itself, which is not protected (`is_protected`), and
        // no dot removed from it leaves a name: its embedded-name probes, a
        // tenth of such a check, are skipped.
        let host = domain.as_str();
        let (dots, hyphens) = host.bytes().fold((0, 0), |(d, h), b| {
            (d + usize::from(b == b'.'), h + usize::from(b == b'-'))
        });
        let embeds = dots > 1 || hyphens > 0;
        if let Some(p) = embeds
            .then(|| Prefixes::new(host.chars(), hashes))
            .flatten()
        {
            self.propose_names(host, &p, &mut |k| {
                proposed.extend_from_slice(self.postings.get(k))
            });
        }
        // The same in lookalike letters (`googlé.com-login.com`), for the
        // few names with a Unicode label.
        if domain.as_str().contains("xn--") {
            let folded = self.model.confusables.ascii_fold(domain.unicode());
            if let Some(folded) = folded.filter(|f| f.is_ascii())
                && let Some(p) = Prefixes::new(folded.chars(), hashes)
            {
                self.propose_names(&folded, &p, &mut |k| {
                    proposed.extend_from_slice(self.postings.get(k))
                });
            }
        }
        // Labels up to two edits away, under any suffix: their lead targets
        // first, then every target of each lead's label.
        let hyphenless = if hyphenated {
            Prefixes::new(keys::deletion_form(label), hashes)
        } else {
            None
        };
        if let Some(form) = hyphenless.as_ref().or(label_p.as_ref()) {
            // Forms of two deletions meet only labels two edits away, which
            // only a chain of two edits under the candidate's own suffix
            // explains (`pairwise`): they are computed only when a target
            // under that suffix is long enough for one and within two
            // characters of this label's length.
            let n = form.len();
            let window = (!0u64 << n.saturating_sub(2).min(63)) & (!0u64 >> (63 - (n + 2).min(63)));
            let two = sid
                .and_then(|sid| self.two_edit_lengths.get(sid as usize))
                .is_some_and(|lengths| lengths & window != 0);
            // The filter test alone inside the loop, so that it inlines: with
            // the table probe there too, each of the 56 forms of a label of
            // ten characters cost a call (callgrind).
            near_hits.clear();
            keys::near_forms(form, two, |h| {
                if self.near_filter.might_contain(h) {
                    near_hits.push(h);
                }
            });
            for &h in near_hits.iter() {
                leads.extend_from_slice(self.postings.get(key(Table::Near, 0, h)));
            }
        }
        leads.sort_unstable();
        leads.dedup();
        // A misspelt label beside a lure word (`aplestore`, `wwwitune`): the
        // rest of the label beside each lure word, as it is, against the near
        // forms.
        part_leads.clear();
        // One pass over the label's characters also keys its parts
        // swapped and finds where its last run of letters starts: as
        // passes of their own, these cost 3% of a check (callgrind).
        let mut buf = ['\0'; 64];
        let (mut n, mut arrangement, mut letters_from) = (0, 0, 0);
        let (mut unicode, mut decorated) = (false, false);
        for (slot, c) in buf.iter_mut().zip(label.chars()) {
            *slot = c;
            n += 1;
            arrangement = keys::arrangement_step(arrangement, c);
            if !c.is_ascii_lowercase() {
                letters_from = n;
                if !c.is_ascii() {
                    unicode = true;
                    decorated |= crate::pairwise::is_decoration(c);
                }
            }
        }
        // The label's parts swapped (`cartoonjoe`): one probe, for labels
        // as long as a swappable target's.
        if n >= crate::score::MIN_SWAP_LABEL {
            get!(key(Table::Swap, 0, arrangement));
        }
        if let Some(p) = label_p.as_ref().filter(|p| p.len() == n) {
            let chars = &buf[..n];
            // A long label misspelt after its fourth character, then any
            // word of letters (`acadamy|outdoor`): each long label that
            // begins as this one does is tested at its length and one
            // either side. The near forms of every split instead cost 7%
            // more instructions a check (callgrind, 49,526 real names).
            let word = crate::pairwise::MIN_WORD;
            if n >= keys::MIN_TWO_EDIT_LABEL - 1 + word && letters_from + word <= n {
                let head = key(Table::LongHead, 0, p.range(0, keys::LONG_HEAD));
                for &id in self.postings.get(head) {
                    let Some(Protected::Domain(d)) = self.targets.get(id as usize) else {
                        continue;
                    };
                    let len = d.unicode_label().chars().count();
                    let splits = len.saturating_sub(1).max(letters_from)..=(len + 1).min(n - word);
                    if splits
                        .into_iter()
                        .any(|k| one_edit_from(&chars[..k], d.unicode_label()))
                    {
                        part_leads.push(id);
                    }
                }
            }
            // The part and its one-deletion forms: with the targets' forms of
            // up to two deletions, every part one edit from a label meets it.
            let mut probe = |start: usize, end: usize| {
                // Only a label one edit from the part, so within one
                // character of its length, and long enough for a chain,
                // can explain it (`pairwise`); the near forms also meet
                // labels two and more edits away, whose proposals were
                // all rejected.
                let len = end - start;
                let get_near = |h: u64| {
                    if self.near_filter.might_contain(h) {
                        let leads = self.postings.get(key(Table::Near, 0, h));
                        part_leads.extend(leads.iter().filter(|&&id| {
                            matches!(self.targets.get(id as usize), Some(Protected::Domain(d))
                                if d.unicode_label().len() >= crate::pairwise::MIN_EDIT_LABEL
                                    && d.unicode_label().chars().count().abs_diff(len) <= 1)
                        }));
                    }
                };
                p.range_and_deletions(start, end, get_near);
            };
            for k in 1..n {
                // The part, then the word: `aple|store`, `aple|-store`.
                let word_start = if chars[k] == '-' { k + 1 } else { k };
                if k >= MIN_PART_NEAR
                    && word_start < n
                    && self.lure_words.contains(&p.range(word_start, n))
                {
                    probe(0, k);
                }
                // The word, then the part: `www|itune`, `www-|itune`.
                let word_end = if chars[k - 1] == '-' { k - 1 } else { k };
                if n - k >= MIN_PART_NEAR
                    && word_end > 0
                    && self.lure_words.contains(&p.range(0, word_end))
                {
                    probe(k, n);
                }
            }
        }
        // A Unicode label one step past its lookalike letters: read as
        // ASCII where it can be, one edit from a target (`gοοglε`), or
        // with its decorations dropped (`‹google›`). Few names have one.
        if unicode {
            let folded = self.model.confusables.fold_readable(label);
            if folded != label
                && let Some(form) = Prefixes::new(keys::deletion_form(&folded), hashes)
            {
                keys::near_forms(&form, false, |h| {
                    if self.near_filter.might_contain(h) {
                        part_leads.extend_from_slice(self.postings.get(key(Table::Near, 0, h)));
                    }
                });
            }
            if decorated {
                let plain = label
                    .chars()
                    .filter(|&c| !crate::pairwise::is_decoration(c));
                get!(key(Table::Label, 0, poly(plain)));
            }
        }
        // A protected suffix one edit from the candidate's, when any suffix
        // is protected.
        let suffix_p = if self.protects_suffixes {
            Prefixes::new(domain.suffix().chars(), hashes)
        } else {
            None
        };
        if let Some(sp) = suffix_p {
            get!(key(Table::Suffix, 0, sp.range(0, sp.len())));
            for at in 0..sp.len() {
                get!(key(Table::Suffix, 0, sp.without(at)));
            }
        }
        part_leads.sort_unstable();
        part_leads.dedup();
        for &lead in part_leads.iter() {
            if let Some(Protected::Domain(d)) = self.targets.get(lead as usize) {
                get!(key(Table::Label, 0, poly(d.unicode_label().chars())));
            }
        }
        for &lead in leads.iter() {
            if let Some(Protected::Domain(d)) = self.targets.get(lead as usize) {
                let near = keys::within_two_edits(
                    keys::deletion_form(label),
                    keys::deletion_form(d.unicode_label()),
                );
                if !near {
                    continue;
                }
                let label = key(Table::Label, 0, poly(d.unicode_label().chars()));
                // A short label (`dns`, `t`) explains an edit only under the
                // candidate's own suffix: under another, an edit and a change
                // of suffix is a chain, and chains start at
                // `MIN_EDIT_LABEL` characters. Fewer octets, fewer
                // characters. Such targets were most of the rejected
                // proposals (`dan.me.uk` for `fda.gov`; 1,000 targets,
                // 49,526 names).
                if d.unicode_label().len() < crate::pairwise::MIN_EDIT_LABEL {
                    let own_suffix = |id: &&u32| {
                        matches!(self.targets.get(**id as usize),
                            Some(Protected::Domain(t)) if t.suffix() == domain.suffix())
                    };
                    proposed.extend(self.postings.get(label).iter().filter(own_suffix));
                } else {
                    proposed.extend_from_slice(self.postings.get(label));
                }
            }
        }
        visual_key
    }

    /// Protected names inside the ASCII host: embedded between separators
    /// (`paypal.com-secure.net`, `login.paypal.com.evil.io`), or the host
    /// itself with one dot removed (`pay.pal.com`). Bounded by the longest
    /// protected name and its dot count, so the work is linear in the host.
    /// `p` holds the host's prefix hashes.
    fn propose_names(&self, host: &str, p: &Prefixes<'_>, get: &mut impl FnMut(u64)) {
        let bytes = host.as_bytes();
        let is_sep = |b: u8| b == b'.' || b == b'-';
        let starts = std::iter::once(0).chain(
            bytes
                .iter()
                .enumerate()
                .filter(|(_, b)| is_sep(**b))
                .map(|(i, _)| i + 1),
        );
        for start in starts {
            let mut dots = 0;
            for end in start..=bytes.len() {
                if end - start > self.max_name_len {
                    break;
                }
                let at_end = end == bytes.len();
                if at_end || is_sep(bytes[end]) {
                    if dots >= 1 && end > start {
                        get(key(Table::Name, 0, p.range(start, end)));
                    }
                    if at_end {
                        break;
                    }
                    if bytes[end] == b'.' {
                        dots += 1;
                        if dots > self.max_name_dots {
                            break;
                        }
                    }
                }
            }
        }
        let dots = bytes.iter().filter(|&&b| b == b'.').count();
        if dots <= self.max_name_dots + 1 {
            for (at, _) in bytes.iter().enumerate().filter(|(_, b)| **b == b'.') {
                get(key(Table::Name, 0, p.without(at)));
            }
        }
    }
}

/// Whether `part` is one edit from `label`: what a part must be for a chain
/// to explain it (`pairwise`).
fn one_edit_from(part: &[char], label: &str) -> bool {
    let mut buf = ['\0'; 66];
    keys::fill(label.chars(), &mut buf).is_some_and(|label| crate::score::one_edit(part, label))
}

/// The shortest part probed against the near forms for a misspelt label
/// beside a lure word: one edit from a label of
/// [`MIN_EDIT_LABEL`](crate::pairwise::MIN_EDIT_LABEL) characters.
const MIN_PART_NEAR: usize = crate::pairwise::MIN_EDIT_LABEL - 1;

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

/// The buffers a check reuses: prefix hashes, skeleton text, proposed ids.
#[derive(Default)]
struct Scratch {
    hashes: Vec<u64>,
    label_hashes: Vec<u64>,
    text: String,
    proposed: Vec<u32>,
    leads: Vec<u32>,
    part_leads: Vec<u32>,
    /// The near forms that passed [`keys::FormFilter`].
    near_hits: Vec<u64>,
}

thread_local! {
    /// One [`Scratch`] per thread, so that a check allocates only its answer.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

#[cfg(test)]
mod tests;
