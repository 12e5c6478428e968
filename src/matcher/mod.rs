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
//! could imitate, through the families of index keys (`family`): hash probes for the
//! label, its prefixes and suffixes, its forms with up to two characters
//! deleted, its homoglyph key, an order-free key of its characters (for
//! swapped parts), the long labels it begins as and, for the host, the
//! names embedded in it. A target's label without its article
//! (`hawksmoor` for `thehawksmoor`) is indexed beside the label.
//! Each proposed target goes through the same `Model::assess` as the
//! generator uses, so for every variant `v` of `variants(t)`, `check(v)` names
//! `t` with the same kind and score; targets that share a label (a brand
//! protected under many suffixes) share the answer where the model reads
//! the label alone (`Model::label_alone`). When no proposed target is
//! explained in one step, each is tried as a chain of two (the `pairwise`
//! module: two edits, an edit under another suffix, a misspelt label beside
//! a word, lookalike letters and one more change), which the generator does
//! not produce. The cost of a check depends on the length of the name, not on
//! the number of targets.
//!
//! # What is a target
//!
//! A protected name that is not a registrable domain (`launchpad.ethereum.org`)
//! protects its registrable domain (`ethereum.org`): lookalikes are
//! registered at the registrable level, and nobody but the owner can create a
//! host under `ethereum.org`. A candidate equal to a protected domain or under
//! it, or under an [allowed](MatcherBuilder::allow) domain, matches nothing.

mod family;
mod input;
mod keys;
mod table;

use rustc_hash::{FxHashMap, FxHashSet};
use std::cell::RefCell;
use std::io::BufRead;
use std::sync::Arc;

use serde::{Deserialize, Serialize};

use crate::domain::Domain;
use crate::error::{Error, echo};
use crate::keyboard::Layout;
use crate::kind::Kind;
use crate::pairwise::two_steps;
use crate::score::{
    Assessment, Candidate, CodeAndWord, Commonness, HOST_PREFIXES, Model, Target, Weights, Words,
};
use crate::suffix::Suffixes;

pub use input::MAX_ADDRESS;
pub(crate) use input::host as host_of_input;
use keys::poly;
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
        // The sets borrow the names. Owning them left a million freed
        // strings between the targets' own, and glibc's allocator then paid
        // for them at every later check that allocates: the `check` bench's
        // lookalikes against the million cost 395,000 → 345,000
        // instructions a name (callgrind, the bench's build sequence and
        // 2,000 of its names; `malloc_consolidate` and `_int_malloc` 24% →
        // 13% of it).
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        for d in &self.domains {
            if seen.insert(d.registrable()) {
                targets.push(Protected::Domain(d.clone()));
            }
        }
        let mut seen: FxHashSet<&str> = FxHashSet::default();
        for s in &self.suffix_targets {
            if seen.insert(s) {
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
                    if d.unicode_label().chars().count() < family::MIN_COMBO_LABEL {
                        max_short_name_len = max_short_name_len.max(d.registrable().len());
                    }
                    max_name_dots = max_name_dots.max(name.matches('.').count());
                    let next = id_of(suffix_ids.len());
                    let sid = *suffix_ids.entry(d.suffix().into()).or_insert(next);
                    if let Some(len) = family::near::two_edit_length(d.unicode_label()) {
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
        // The first target of each label (its lead) carries the label's
        // near forms (see `Table::Near`), and names the label's group.
        let mut first_of_label: FxHashMap<u64, u32> = FxHashMap::default();
        let lead_of: Vec<u32> = targets
            .iter()
            .enumerate()
            .map(|(id, target)| match target {
                Protected::Domain(d) => {
                    let h = poly(d.unicode_label().chars());
                    *first_of_label.entry(h).or_insert(id_of(id))
                }
                Protected::Suffix(_) => id_of(id),
            })
            .collect();
        drop(first_of_label);
        let leads: Vec<bool> = targets
            .iter()
            .zip(&lead_of)
            .enumerate()
            .map(|(id, (target, &lead))| {
                matches!(target, Protected::Domain(_)) && lead == id_of(id)
            })
            .collect();
        let (entries, mut facts) = index_entries(&targets, &scopes, &leads, &model);
        // A lead's label is shared when another target names it as lead.
        let mut shared = vec![false; targets.len()];
        for (id, &lead) in lead_of.iter().enumerate() {
            if lead != id_of(id)
                && let Some(flag) = shared.get_mut(lead as usize)
            {
                *flag = true;
            }
        }
        for (facts, lead) in facts.iter_mut().zip(lead_of) {
            facts.lead = lead;
            facts.label_shared = shared.get(lead as usize).copied().unwrap_or(false);
        }
        let protects_suffixes = targets.iter().any(|t| matches!(t, Protected::Suffix(_)));
        let near_filter = family::near::filter(&targets, &leads);
        // What may sit beside a misspelt part (`pairwise`'s lure words):
        // the dictionary, `www`, and each protected suffix without its dots.
        let protected_suffixes = targets.iter().filter_map(|target| match target {
            Protected::Domain(d) => Some(poly(d.suffix().chars().filter(|&c| c != '.'))),
            Protected::Suffix(_) => None,
        });
        let lure_words = model
            .words
            .iter()
            .chain(HOST_PREFIXES)
            .map(|w| poly(w.chars()))
            .chain(protected_suffixes)
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
    let keyed = |start: usize, end: usize| {
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
    };
    // One share is keyed here: a thread for it cost a small list's
    // process some 0.1 ms of start-up.
    if threads == 1 {
        return keyed(0, targets.len());
    }
    let parts: Vec<Share> = std::thread::scope(|scope| {
        let handles: Vec<_> = (0..threads)
            .map(|i| {
                let start = (i * share).min(targets.len());
                let end = ((i + 1) * share).min(targets.len());
                scope.spawn(move || keyed(start, end))
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

/// The entries of one target (see [`family`] for what each table serves),
/// and its facts.
fn target_entries(
    target: &Protected,
    id: u32,
    scope: (u32, bool),
    model: &Model,
    scratch: (&mut Vec<u64>, &mut String),
    out: &mut Vec<(u64, u32)>,
) -> TargetFacts {
    let visual_key = family::index_target(target, id, scope, model, scratch, out);
    match target {
        // The label's group is set by `build`, which knows every label.
        Protected::Domain(d) => TargetFacts {
            visual_key,
            lead: id,
            label_shared: false,
            layout: Layout::for_tld(d.tld()),
            open: model.suffixes.is_open(d.suffix()),
            common: Commonness::of(d.unicode_label()),
            code_word: CodeAndWord::of(d.unicode_label(), &model.weights),
        },
        Protected::Suffix(_) => TargetFacts {
            visual_key: 0,
            lead: id,
            label_shared: false,
            layout: Layout::QwertyUs,
            open: false,
            common: Commonness::default(),
            code_word: None,
        },
    }
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
    /// than [`family::MIN_COMBO_LABEL`] (`t.co`: 4).
    max_short_name_len: usize,
    /// Hashes ([`poly`]) of the lure words, protected suffixes and host
    /// labels that a misspelt target may be joined to (see `propose`).
    lure_words: FxHashSet<u64>,
    /// The raw near forms of the lead labels, read before `Table::Near`.
    near_filter: family::near::FormFilter,
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

/// What the matcher keeps of each target for the model: 24 octets a
/// target.
#[derive(Debug, Clone, Copy)]
struct TargetFacts {
    /// The first target with the same label (itself for a suffix): the
    /// targets of one label share the model's answer where it reads the
    /// label alone ([`Model::label_alone`]).
    lead: u32,
    /// Whether another target has the same label: only then is sharing
    /// tried, which would cost a check of real names against distinct
    /// labels 3% (`check` bench, 1,000 targets).
    label_shared: bool,
    /// The label's visual key (`family::visual`; 0 for a suffix). The model tries a
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
    /// The label as a code beside an owner word (two octets, in padding).
    code_word: Option<CodeAndWord>,
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
        SCRATCH.with(|cell| match cell.try_borrow_mut() {
            Ok(mut scratch) => self.assess_proposed(domain, &mut scratch),
            // Not reachable (a check does not call a check), but a fresh
            // buffer is a correct answer, not a panic.
            Err(_) => self.assess_proposed(domain, &mut Scratch::default()),
        })
    }

    fn assess_proposed(&self, domain: &Domain, scratch: &mut Scratch) -> Vec<Match> {
        let visual_key = family::propose(self, domain, scratch);
        // `leads` is free once `propose` returns: it now holds the proposed
        // targets that no single step explains.
        let Scratch {
            proposed,
            leads: unexplained,
            ..
        } = scratch;
        // Most names meet no target: nothing to assess.
        if proposed.is_empty() {
            return Vec::new();
        }
        proposed.sort_unstable();
        proposed.dedup();
        unexplained.clear();
        let mut candidate = Candidate::of(domain);
        candidate.visual_key = visual_key;
        candidate.place = Some(self.model.suffix_place(domain.suffix()));
        let mut found: Vec<Match> = Vec::new();
        let mut one_step = false;
        // The answers the targets of one label share (`Model::label_alone`),
        // by lead, openness and label: at a million targets a lookalike's
        // label is proposed under some 23 suffixes, and scoring it once
        // rather than for each saves a tenth of a hit (57 to 52 µs, the
        // `check` bench's lookalikes against the million, one core).
        let mut shared: Vec<((u32, bool), &str, Option<Answer>)> = Vec::new();
        for &id in proposed.iter() {
            let Some((target, t)) = self.target(id) else {
                continue;
            };
            let class = self
                .facts
                .get(id as usize)
                .filter(|f| f.label_shared && self.model.label_alone(&candidate, &t))
                .map(|f| (f.lead, f.open));
            let known = class.and_then(|c| {
                shared
                    .iter()
                    .find(|(key, label, _)| *key == c && *label == t.label)
            });
            let answer = match known {
                Some((_, _, answer)) => {
                    let answer = answer.clone();
                    debug_assert_eq!(answer, self.answer(&candidate, &t), "{id}");
                    answer
                }
                None => {
                    let answer = self.answer(&candidate, &t);
                    if let Some(c) = class {
                        shared.push((c, t.label, answer.clone()));
                    }
                    answer
                }
            };
            let Some(answer) = answer else {
                unexplained.push(id);
                continue;
            };
            one_step = true;
            if let Some(explained) = answer.returned {
                // Room for every proposed target at the first match: at a
                // million targets a hit names some 46, and growing the list
                // step by step cost 4% of a hit (`check` bench, 1M).
                if found.is_empty() {
                    found.reserve_exact(proposed.len());
                }
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
                let Some((target, t)) = self.target(id) else {
                    continue;
                };
                let cand = (domain, &candidate.label_listed);
                if let Some(a) = two_steps(&self.model, cand, &t, self.min_score) {
                    let wanted = self.kinds.as_ref().is_none_or(|k| k.contains(&a.kind));
                    if wanted && a.score >= self.min_score {
                        found.push(Match::new(target, a));
                    }
                }
            }
        }
        // Best first; on a tie a protected domain before a protected suffix
        // (it says more), then by name. Each target is named once, so the
        // order is total and an unstable sort gives the one answer.
        found.sort_unstable_by(|a, b| {
            b.score
                .total_cmp(&a.score)
                .then(a.is_suffix().cmp(&b.is_suffix()))
                .then(a.target.cmp(&b.target))
        });
        found
    }

    /// The model's answer for one target: `None` when it explains nothing.
    fn answer(&self, candidate: &Candidate<'_>, t: &Target<'_>) -> Option<Answer> {
        let scored = self.model.score(candidate, t)?;
        let wanted = self.kinds.as_ref().is_none_or(|k| k.contains(&scored.kind));
        // The reason is written only for what is returned.
        let returned = (wanted && scored.score >= self.min_score)
            .then(|| self.model.explain(&scored, candidate, t));
        Some(Answer { returned })
    }

    /// Target `id` as the model reads it, from the facts kept for it.
    fn target(&self, id: u32) -> Option<(&Protected, Target<'_>)> {
        let target = self.targets.get(id as usize)?;
        let t = match target {
            Protected::Domain(d) => match self.facts.get(id as usize) {
                Some(facts) => {
                    let mut t = Target::domain_with(d, facts.layout, facts.open, facts.common);
                    t.visual_key = Some(facts.visual_key);
                    t.code_word = facts.code_word;
                    t
                }
                None => Target::domain(d, &self.model),
            },
            Protected::Suffix(s) => Target::suffix(s),
        };
        Some((target, t))
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
        family::name::protected(self, domain.registrable())
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
        family::name::protected(self, domain.registrable()).is_some()
    }
}

/// What the model says of one proposed target that explains the candidate.
#[derive(Debug, Clone, PartialEq)]
struct Answer {
    /// The assessment, when its kind and score are asked for.
    returned: Option<Assessment>,
}

/// The buffers a check reuses: prefix hashes, skeleton text, proposed ids.
#[derive(Default)]
struct Scratch {
    hashes: Vec<u64>,
    label_hashes: Vec<u64>,
    label_chars: Vec<char>,
    text: String,
    proposed: Vec<u32>,
    leads: Vec<u32>,
    part_leads: Vec<u32>,
    /// The near forms that passed the near family's form filter.
    near_hits: Vec<u64>,
}

thread_local! {
    /// One [`Scratch`] per thread, so that a check allocates only its answer.
    static SCRATCH: RefCell<Scratch> = RefCell::new(Scratch::default());
}

#[cfg(test)]
mod tests;
