//! Public suffixes and top-level domains: where a name can be registered, by
//! whom, and in which country.
//!
//! Two sources, both embedded and both replaceable at run time:
//!
//! - the [Public Suffix List] (PSL), read into our own rule table (module
//!   `psl`, which says why not the `publicsuffix` crate), splits a name into
//!   the part one party owns (`bbc` + `co.uk`) and says whether the suffix
//!   comes from the ICANN section or the private one (`github.io`);
//! - the IANA root-zone list of TLDs (`data/tlds.tsv`), which says what kind each
//!   TLD is and, for a country code, the country, so that a reason can say
//!   "`.ml` is the country-code TLD of Mali".
//!
//! On top of them this module holds what the registries' own policies say,
//! which neither source records:
//!
//! - whether a stranger can register under a suffix ([`Suffixes::is_open`]),
//!   from `data/closed-suffixes.tsv`. `.mil`, `.gov`, `.edu`, `.int`, the
//!   government, military and academic second levels of country codes
//!   (`gov.uk`, `mil.br`, `ac.uk`), the brand TLDs whose registry agreement
//!   carries ICANN's Specification 13 (`.barclays`, `.mtr`: only the brand's
//!   owner registers there) and the TLDs whose registry verifies every
//!   registrant (`.bank`) are closed: a typo that stays inside them lands at
//!   the same owner, or one as careful. The root zone cannot tell these apart:
//!   IANA lists `.barclays` as `generic`, like `.com`;
//! - which scripts a registry takes in a registrable label
//!   ([`Suffixes::registers_script`]), from `data/registry-scripts.tsv`: Nominet
//!   registers no Cyrillic under `.uk`, so a Cyrillic lookalike of `bbc.co.uk`
//!   cannot exist there.
//!
//! Each row of both files carries the public source it was read from. Both
//! are embedded only: [`Suffixes::from_readers`] replaces the PSL and the root
//! zone, not these.
//!
//! [Public Suffix List]: https://publicsuffix.org/

use std::io::Read;
use std::sync::{Arc, LazyLock, OnceLock};

use rustc_hash::FxHashMap;
use serde::{Deserialize, Serialize};
use unicode_script::Script;

use crate::error::Error;

mod psl;

use psl::Rules;

/// The embedded Public Suffix List's rule tree, compiled from
/// `public_suffix_list.dat` (see `Rules::compiled`; a test holds the two
/// together): reading it at start costs a tenth of parsing the list.
const EMBEDDED_PSL_NODES: &str = include_str!("../../data/public_suffix_nodes.txt");
#[cfg(test)]
const EMBEDDED_PSL: &str = include_str!("../../data/public_suffix_list.dat");
const EMBEDDED_TLDS: &str = include_str!("../../data/tlds.tsv");
const EMBEDDED_CLOSED: &str = include_str!("../../data/closed-suffixes.tsv");
const EMBEDDED_SCRIPTS: &str = include_str!("../../data/registry-scripts.tsv");

/// What a brand TLD's row says in its `why` column, and what a reason says
/// of it.
const BRAND: &str = "brand";
const BRAND_PHRASE: &str = "a brand TLD: only its owner registers names";

/// Why nobody but an eligible owner registers under a suffix: a row of
/// `data/closed-suffixes.tsv`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Closed {
    /// A brand TLD: the registry is the brand's owner and registers only for
    /// itself (ICANN Registry Agreement, Specification 13).
    Brand,
    /// Reserved to a community, in the phrase a reason shows: "reserved to
    /// the US military", "only verified banks register there".
    Reserved(&'static str),
}

impl Closed {
    /// The phrase a reason gives: "a brand TLD: only its owner registers
    /// names", "reserved to the US military".
    pub(crate) fn phrase(self) -> &'static str {
        match self {
            Closed::Brand => BRAND_PHRASE,
            Closed::Reserved(why) => why,
        }
    }
}

/// The registry policies of `data/closed-suffixes.tsv` and
/// `data/registry-scripts.tsv`, parsed once.
#[derive(Debug, Default)]
struct Registries {
    /// Closed TLDs (`mil`, `barclays`). FxHash: [`Suffixes::is_open`] runs for
    /// every candidate scored under another suffix.
    tlds: FxHashMap<&'static str, Closed>,
    /// Second-level labels closed under every TLD (`gov` for `gov.*`).
    second_levels: FxHashMap<&'static str, Closed>,
    /// Closed suffixes of two labels or more, by their whole name.
    suffixes: FxHashMap<&'static str, Closed>,
    /// The scripts a registry takes in a registrable label, by suffix.
    scripts: FxHashMap<&'static str, Box<[Script]>>,
}

static REGISTRIES: LazyLock<Registries> = LazyLock::new(|| {
    // Checked by the test `registry_tables_parse`; as for the embedded PSL,
    // an empty table is safer than a panic inside a mail filter.
    Registries::parse(EMBEDDED_CLOSED, EMBEDDED_SCRIPTS).unwrap_or_default()
});

impl Registries {
    fn parse(closed: &'static str, scripts: &'static str) -> Result<Registries, Error> {
        let mut out = Registries::default();
        for (number, fields) in crate::tsv::rows(closed) {
            let bad = |reason: &str| Error::Data {
                file: "closed-suffixes.tsv",
                reason: format!("line {number}: {reason}"),
            };
            let [suffix, why, source, ..] = fields[..] else {
                return Err(bad("fewer than 3 columns"));
            };
            if suffix.is_empty() || why.is_empty() || source.is_empty() {
                return Err(bad("an empty column"));
            }
            let closed = if why == BRAND {
                Closed::Brand
            } else {
                Closed::Reserved(why)
            };
            let table = if let Some(label) = suffix.strip_suffix(".*") {
                out.second_levels.insert(label, closed)
            } else if suffix.contains('.') {
                out.suffixes.insert(suffix, closed)
            } else {
                out.tlds.insert(suffix, closed)
            };
            if table.is_some() {
                return Err(bad("a suffix listed twice"));
            }
        }
        for (number, fields) in crate::tsv::rows(scripts) {
            let bad = |reason: &str| Error::Data {
                file: "registry-scripts.tsv",
                reason: format!("line {number}: {reason}"),
            };
            let [suffix, names, source, ..] = fields[..] else {
                return Err(bad("fewer than 3 columns"));
            };
            if source.is_empty() {
                return Err(bad("no source"));
            }
            let list = names
                .split(',')
                .map(|name| {
                    Script::from_full_name(name.trim()).ok_or_else(|| bad("unknown script"))
                })
                .collect::<Result<Box<[Script]>, Error>>()?;
            if out.scripts.insert(suffix, list).is_some() {
                return Err(bad("a suffix listed twice"));
            }
        }
        Ok(out)
    }
}

/// The kind of a top-level domain, as IANA's root zone database lists it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "kebab-case")]
#[non_exhaustive]
pub enum TldKind {
    /// A two-letter ISO 3166 code or its IDN form (`ml`, `uk`, `рф`).
    CountryCode,
    /// Open generic TLDs (`com`, `xyz`, brand TLDs).
    Generic,
    /// Generic with eligibility rules (`biz`, `name`, `pro`).
    GenericRestricted,
    /// Run for a community by a sponsor (`mil`, `gov`, `edu`, `int`, `aero`).
    Sponsored,
    /// `arpa`.
    Infrastructure,
}

impl TldKind {
    fn parse(s: &str) -> Option<Self> {
        Some(match s {
            "country-code" => TldKind::CountryCode,
            "generic" => TldKind::Generic,
            "generic-restricted" => TldKind::GenericRestricted,
            "sponsored" => TldKind::Sponsored,
            "infrastructure" => TldKind::Infrastructure,
            _ => return None,
        })
    }
}

/// What the root zone says about one TLD.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Tld {
    /// The TLD in ASCII (punycode) form, without a dot: `ml`, `xn--p1ai`.
    pub name: Arc<str>,
    /// Its Unicode form: `ml`, `рф`.
    pub unicode: Arc<str>,
    /// Its kind.
    pub kind: TldKind,
    /// For a country code, the country's common name (ISO 3166): `Mali`.
    pub country: Option<Arc<str>>,
}

/// The section of the Public Suffix List a suffix comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Section {
    /// Suffixes run by registries under ICANN (`com`, `co.uk`).
    Icann,
    /// Suffixes run by companies that hand out subdomains (`github.io`).
    Private,
}

/// The Public Suffix List and the TLD table, parsed.
///
/// [`Suffixes::embedded`] is the copy compiled into the crate; load a newer one
/// with [`Suffixes::from_strs`] or [`Suffixes::from_readers`] and hand it to
/// [`Domain::parse_with`](crate::Domain::parse_with), the
/// [`Generator`](crate::Generator) or the [`Matcher`](crate::Matcher).
#[derive(Debug)]
pub struct Suffixes {
    /// The PSL's rules, and its ICANN second levels.
    psl: Rules,
    /// FxHash: looked up for every candidate the generator splits; the keys
    /// are the root zone's names. Each entry is shared (`Arc`) with the
    /// [`Domain`](crate::Domain)s under it: one reference count a parse, where
    /// cloning the entry's three strings cost three.
    tlds: FxHashMap<Arc<str>, Arc<Tld>>,
    /// [`Suffixes::open_tlds`], worked out on first use.
    open_tlds: OnceLock<Vec<OpenTld>>,
}

/// A TLD a stranger can register under ([`Suffixes::open_tlds`]).
#[derive(Debug)]
pub(crate) struct OpenTld {
    /// The root zone's entry.
    pub tld: Arc<Tld>,
    /// For a country code, which of `co.` and `com.` under it are public
    /// suffixes, in that order (`co.uk`, `com.br`).
    pub levels: Vec<&'static str>,
}

static EMBEDDED: LazyLock<Arc<Suffixes>> = LazyLock::new(|| {
    // The embedded files are checked by the test `embedded_data_parses`; should
    // they ever fail, an empty table is safer than a panic inside a mail filter.
    let parsed = Rules::from_compiled(EMBEDDED_PSL_NODES).and_then(|psl| {
        let tlds = parse_tlds(EMBEDDED_TLDS)?;
        Ok(Suffixes {
            psl,
            tlds,
            open_tlds: OnceLock::new(),
        })
    });
    Arc::new(parsed.unwrap_or_else(|_| Suffixes::empty()))
});

impl Suffixes {
    /// The copy embedded in the crate (PSL of 2026-10-22, IANA list version
    /// 2026093003; see `data/README.md`), parsed once on first use.
    pub fn embedded() -> Arc<Suffixes> {
        Arc::clone(&EMBEDDED)
    }

    fn empty() -> Suffixes {
        Suffixes {
            psl: Rules::default(),
            tlds: FxHashMap::default(),
            open_tlds: OnceLock::new(),
        }
    }

    /// Parses a Public Suffix List (`public_suffix_list.dat` format, with its
    /// `===BEGIN ICANN DOMAINS===` markers) and a TLD table (`tlds.tsv`: columns
    /// `tld`, `unicode`, `type`, `country`, `cc`, with a header row).
    pub fn from_strs(psl: &str, tlds: &str) -> Result<Suffixes, Error> {
        Ok(Suffixes {
            psl: Rules::parse(psl)?,
            tlds: parse_tlds(tlds)?,
            open_tlds: OnceLock::new(),
        })
    }

    /// Like [`Suffixes::from_strs`], reading both files from readers.
    pub fn from_readers(mut psl: impl Read, mut tlds: impl Read) -> Result<Suffixes, Error> {
        let mut psl_text = String::new();
        psl.read_to_string(&mut psl_text).map_err(|e| Error::Data {
            file: "public_suffix_list.dat",
            reason: e.to_string(),
        })?;
        let mut tld_text = String::new();
        tlds.read_to_string(&mut tld_text)
            .map_err(|e| Error::Data {
                file: "tlds.tsv",
                reason: e.to_string(),
            })?;
        Suffixes::from_strs(&psl_text, &tld_text)
    }

    /// Number of TLDs in the table.
    pub fn tld_count(&self) -> usize {
        self.tlds.len()
    }

    /// Every TLD of the root zone, in no order.
    #[cfg(test)]
    pub(crate) fn tlds(&self) -> impl Iterator<Item = &Tld> {
        self.tlds.values().map(|tld| &**tld)
    }

    /// The generic and country-code TLDs a stranger can register under
    /// ([`Suffixes::is_open`]), in name order, each country code with its
    /// `co.` and `com.` levels that are public suffixes: where the
    /// generator moves a label (`paypal.zip`, `bbc.co.za`). The same for
    /// every target, so it is worked out once: sorting and filtering the
    /// 1,400 TLDs for each target was an eighth of `variants paypal.com
    /// --top 20` after the first call (18.0 M against 15.9 M instructions,
    /// callgrind; `generate` bench, `top20`).
    pub(crate) fn open_tlds(&self) -> &[OpenTld] {
        self.open_tlds.get_or_init(|| {
            let mut open: Vec<OpenTld> = self
                .tlds
                .values()
                .filter(|t| {
                    matches!(t.kind, TldKind::Generic | TldKind::CountryCode)
                        && self.is_open(&t.name)
                })
                .map(|tld| OpenTld {
                    levels: match tld.kind {
                        TldKind::CountryCode => ["co", "com"]
                            .into_iter()
                            .filter(|second| self.is_suffix(&format!("{second}.{}", tld.name)))
                            .collect(),
                        _ => Vec::new(),
                    },
                    tld: Arc::clone(tld),
                })
                .collect();
            open.sort_by(|a, b| a.tld.name.cmp(&b.tld.name));
            open
        })
    }

    /// The root zone's entry for a TLD given in ASCII form (`ml`, `xn--p1ai`).
    pub fn tld(&self, name: &str) -> Option<&Tld> {
        self.tlds.get(name).map(|tld| &**tld)
    }

    /// [`Suffixes::tld`], shared.
    pub(crate) fn tld_entry(&self, name: &str) -> Option<&Arc<Tld>> {
        self.tlds.get(name)
    }

    /// Splits an ASCII, lower-case host name: the length in octets of its public
    /// suffix and the PSL section, or `None` when the name's TLD is not in the
    /// root zone.
    pub(crate) fn split(&self, ascii: &str) -> Option<(usize, Section)> {
        let tld = crate::domain::last_label(ascii);
        self.tlds.get(tld)?;
        self.split_under_tld(ascii)
    }

    /// [`Suffixes::split`] of a name whose last label is known to be in the
    /// root zone.
    pub(crate) fn split_under_tld(&self, ascii: &str) -> Option<(usize, Section)> {
        let (len, section) = self.psl.find(ascii)?;
        // A TLD in the root zone that the PSL happens not to list is still a
        // public suffix (the PSL's implicit `*` rule).
        Some((len, section.unwrap_or(Section::Icann)))
    }

    /// The length of the ICANN-section suffix of `ascii`, a name that is
    /// itself a suffix of the PSL's private section (`github.io`,
    /// `blogspot.co.uk`): the suffix a registry, not a platform, hands out
    /// names under (`io`, `co.uk`). Found by looking up the name without
    /// its first label until the answer is an ICANN rule; at most one
    /// look-up per label.
    pub(crate) fn icann_split(&self, ascii: &str) -> Option<usize> {
        let mut rest = ascii;
        while let Some((_, parent)) = rest.split_once('.') {
            if let Some((len, Section::Icann)) = self.split(parent) {
                return Some(len);
            }
            rest = parent;
        }
        None
    }

    /// Splits names under one suffix, most of them without a PSL look-up (see
    /// [`SuffixSplit`]). `suffix` is ASCII, as [`Suffixes::split`] returns it.
    pub(crate) fn split_under<'a>(&'a self, suffix: &'a str) -> SuffixSplit<'a> {
        let reached = self.psl.is_node(suffix) && !self.psl.has_wildcard_under(suffix);
        SuffixSplit {
            suffixes: self,
            suffix,
            under: if reached { self.split(suffix) } else { None },
        }
    }

    /// Whether `suffix` (ASCII, no leading dot) is itself a public suffix: a
    /// name directly under it is a registrable domain.
    pub fn is_suffix(&self, suffix: &str) -> bool {
        if suffix.is_empty() || suffix.len() > 200 {
            return false;
        }
        let probe = format!("a.{suffix}");
        matches!(self.split(&probe), Some((len, _)) if len == suffix.len())
    }

    /// Whether a stranger can register a name directly under `suffix`.
    ///
    /// Closed: the rows of `data/closed-suffixes.tsv` (see the module doc):
    /// a TLD listed there (`mil`, `barclays`, `bank`), a second level whose
    /// first label is listed as `label.*` under any TLD (`gov.uk`, `mil.br`,
    /// `ac.uk`), or a suffix listed by its whole name. This is policy read
    /// from the registries' charters and agreements, not from the PSL, which
    /// does not record eligibility.
    pub fn is_open(&self, suffix: &str) -> bool {
        self.closed(suffix).is_none()
    }

    /// Why `suffix` is closed ([`Suffixes::is_open`]), `None` when it is
    /// open; [`Closed::phrase`] says it in a reason's words.
    pub(crate) fn closed(&self, suffix: &str) -> Option<Closed> {
        let registries = &*REGISTRIES;
        let mut labels = suffix.rsplit('.');
        let tld = labels.next()?;
        if let Some(&closed) = registries.tlds.get(tld) {
            return Some(closed);
        }
        let second = labels.next()?;
        registries
            .second_levels
            .get(second)
            .or_else(|| registries.suffixes.get(suffix))
            .copied()
    }

    /// Whether the registry of `suffix` registers letters of `script` in a
    /// label directly under it: `false` for Cyrillic under `co.uk`, since
    /// Nominet takes only `a`-`z`. A suffix takes its own row in
    /// `data/registry-scripts.tsv`, else its TLD's; a registry listed in
    /// neither is taken to register every script (Verisign's `.com` takes
    /// dozens). Digits, the hyphen and combining marks (`Common`,
    /// `Inherited`) are always registered.
    pub fn registers_script(&self, suffix: &str, script: Script) -> bool {
        if matches!(script, Script::Common | Script::Inherited) {
            return true;
        }
        self.registry_scripts(suffix)
            .is_none_or(|scripts| scripts.contains(&script))
    }

    /// The scripts the registry of `suffix` registers, when
    /// `data/registry-scripts.tsv` lists it or its TLD.
    pub(crate) fn registry_scripts(&self, suffix: &str) -> Option<&'static [Script]> {
        let scripts = &REGISTRIES.scripts;
        scripts
            .get(suffix)
            .or_else(|| scripts.get(crate::domain::last_label(suffix)))
            .map(|list| &**list)
    }

    /// The ICANN second-level suffixes under `tld` (`uk` → `co.uk`, `org.uk`, ...).
    pub(crate) fn second_levels<'s>(
        &'s self,
        tld: &'s str,
    ) -> impl Iterator<Item = &'s str> + use<'s> {
        self.psl.second_levels(tld)
    }

    /// A short phrase saying where a suffix lands, for reasons:
    /// "`.ml` is the country-code TLD of Mali, open to registration".
    pub(crate) fn describe(&self, suffix: &str, section: Section) -> String {
        let mut out = String::new();
        self.describe_into(suffix, section, &mut out);
        out
    }

    /// [`Suffixes::describe`], appended to `out`: the generator writes one
    /// for each variant under another suffix, and a `format!` each was 4% of
    /// its time on `paypal.com` (perf).
    pub(crate) fn describe_into(&self, suffix: &str, section: Section, out: &mut String) {
        let tld_name = suffix.rsplit('.').next().unwrap_or(suffix);
        out.push('.');
        if suffix.contains("xn--") {
            out.push_str(&self.unicode_suffix(suffix));
        } else {
            out.push_str(suffix);
        }
        let closed = self.closed(suffix);
        let under = suffix.contains('.');
        let what = if section == Section::Private {
            " is a private suffix"
        } else {
            match self.tld(tld_name) {
                Some(Tld {
                    kind: TldKind::CountryCode,
                    country: Some(country),
                    ..
                }) => {
                    out.push_str(if under {
                        " is under the country-code TLD of "
                    } else {
                        " is the country-code TLD of "
                    });
                    out.push_str(country);
                    ""
                }
                Some(Tld { kind, .. }) => {
                    out.push_str(if under { " is under " } else { " is " });
                    if closed == Some(Closed::Brand) {
                        // ".barclays is a brand TLD: only its owner registers
                        // names", where "a generic TLD, closed" would hide why.
                        out.push_str(BRAND_PHRASE);
                        return;
                    }
                    match kind {
                        TldKind::Generic => "a generic TLD",
                        TldKind::GenericRestricted => "a restricted generic TLD",
                        TldKind::Sponsored => "a sponsored TLD",
                        TldKind::Infrastructure => "an infrastructure TLD",
                        TldKind::CountryCode => "a country-code TLD",
                    }
                }
                None => {
                    out.push_str(" is ");
                    push_openness(closed, out);
                    return;
                }
            }
        };
        out.push_str(what);
        out.push_str(", ");
        push_openness(closed, out);
    }

    /// The Unicode form of an ASCII suffix, label by label, from the TLD table
    /// where it knows the label.
    pub(crate) fn unicode_suffix(&self, suffix: &str) -> String {
        if !suffix.contains("xn--") {
            return suffix.to_owned();
        }
        let (text, _) = idna::domain_to_unicode(suffix);
        text
    }
}

/// "open to registration", or "closed: " and why (`Closed`).
fn push_openness(closed: Option<Closed>, out: &mut String) {
    match closed {
        None => out.push_str("open to registration"),
        Some(closed) => {
            out.push_str("closed: ");
            out.push_str(closed.phrase());
        }
    }
}

/// [`Suffixes::split`] for the names one generation makes, which mostly are
/// one label under the target's suffix.
///
/// A split walks the PSL's tree from the TLD leftwards, one hash look-up a
/// label. For `label.{suffix}`, the walk through the suffix is the same for
/// every label; then, when the suffix's node is in the tree and has neither
/// a child named `label` nor a `*` child, the walk stops there and the
/// answer is the suffix's own. Whether such a child exists is one look-up
/// of the whole name, in place of the walk through the suffix's labels.
/// Anything else takes the full look-up, and a test holds both to the same
/// answers.
pub(crate) struct SuffixSplit<'a> {
    suffixes: &'a Suffixes,
    suffix: &'a str,
    /// The answer for every `label.{suffix}` that no rule names, when the
    /// suffix's node is in the tree and has no `*` child.
    under: Option<(usize, Section)>,
}

impl SuffixSplit<'_> {
    /// What [`Suffixes::split`] returns for `ascii`.
    pub(crate) fn split(&self, ascii: &str) -> Option<(usize, Section)> {
        if let Some(under) = self.under {
            // Byte tests rather than char patterns, whose searchers call
            // `memcmp` for a one-byte match (this runs for every candidate).
            let label = ascii
                .strip_suffix(self.suffix)
                .and_then(|rest| rest.strip_suffix("."));
            if let Some(label) = label {
                let one_label = !label.is_empty() && !label.as_bytes().contains(&b'.');
                if one_label && !self.suffixes.psl.is_node(ascii) {
                    return Some(under);
                }
            }
        }
        self.suffixes.split(ascii)
    }
}

/// Parses `tlds.tsv`. Its 1,438 rows took 4.3 M instructions when each
/// split its line into a `Vec` and allocated every column (callgrind);
/// here a row allocates its name and its entry, and the Unicode form
/// shares the name when they are the same (all but the IDN TLDs): 1.6 M.
fn parse_tlds(text: &str) -> Result<FxHashMap<Arc<str>, Arc<Tld>>, Error> {
    // Some 26 bytes a row: room for them all, so that the map never grows.
    let mut tlds = FxHashMap::with_capacity_and_hasher(text.len() / 24, Default::default());
    for (number, line) in crate::tsv::lines(text).enumerate() {
        let line = line.strip_suffix('\r').unwrap_or(line);
        if number == 0 || line.trim().is_empty() || line.starts_with('#') {
            continue;
        }
        let bad = |reason: &str| Error::Data {
            file: "tlds.tsv",
            reason: format!("line {}: {reason}", number + 1),
        };
        let mut fields = crate::domain::split_ascii(line, b'\t');
        let (Some(name), Some(unicode), Some(kind)) = (fields.next(), fields.next(), fields.next())
        else {
            return Err(bad("fewer than 3 columns"));
        };
        let kind = TldKind::parse(kind).ok_or_else(|| bad("unknown type"))?;
        let name: Arc<str> = if name.bytes().any(|b| b.is_ascii_uppercase()) {
            name.to_ascii_lowercase().into()
        } else {
            name.into()
        };
        let unicode = if unicode == &*name {
            Arc::clone(&name)
        } else {
            unicode.into()
        };
        let country = fields.next().filter(|c| !c.is_empty()).map(Arc::from);
        tlds.insert(
            Arc::clone(&name),
            Arc::new(Tld {
                name,
                unicode,
                kind,
                country,
            }),
        );
    }
    if tlds.is_empty() {
        return Err(Error::Data {
            file: "tlds.tsv",
            reason: "no TLD rows".into(),
        });
    }
    Ok(tlds)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn open_tlds_are_the_open_generic_and_country_codes_in_name_order() {
        let s = Suffixes::embedded();
        let open = s.open_tlds();
        let names: Vec<&str> = open.iter().map(|o| &*o.tld.name).collect();
        assert!(
            names.windows(2).all(|w| w[0] < w[1]),
            "name order, each once"
        );
        for o in open {
            assert!(matches!(
                o.tld.kind,
                TldKind::Generic | TldKind::CountryCode
            ));
            assert!(s.is_open(&o.tld.name), "{}", o.tld.name);
            for second in &o.levels {
                assert!(s.is_suffix(&format!("{second}.{}", o.tld.name)));
            }
        }
        let levels = |tld: &str| open.iter().find(|o| &*o.tld.name == tld).map(|o| &o.levels);
        assert!(
            levels("ml").is_some(),
            "Mali's TLD is open: the .mil typo lands there"
        );
        assert_eq!(levels("com"), Some(&Vec::new()));
        assert!(levels("uk").is_some_and(|l| l.contains(&"co")));
        for closed in ["mil", "gov", "barclays", "bank"] {
            assert_eq!(levels(closed), None, "{closed}");
        }
        // Worked out once: the same slice again.
        assert!(std::ptr::eq(open, s.open_tlds()));
    }

    #[test]
    fn embedded_data_parses_with_plausible_counts() {
        let s = Suffixes::from_strs(EMBEDDED_PSL, EMBEDDED_TLDS).expect("embedded data parses");
        assert!(
            (1_400..1_600).contains(&s.tld_count()),
            "{} TLDs",
            s.tld_count()
        );
        assert_eq!(s.tld("ml").and_then(|t| t.country.as_deref()), Some("Mali"));
        assert_eq!(s.tld("mil").map(|t| t.kind), Some(TldKind::Sponsored));
        assert_eq!(s.tld("xn--p1ai").map(|t| &*t.unicode), Some("рф"));
        assert!(s.second_levels("uk").any(|r| r == "co.uk"));
        assert!(s.second_levels("uk").count() >= 5);
        let psl_rules = EMBEDDED_PSL
            .lines()
            .filter(|l| !l.trim().is_empty() && !l.starts_with("//"))
            .count();
        assert!(
            (9_000..12_000).contains(&psl_rules),
            "{psl_rules} PSL rules"
        );
    }

    #[test]
    fn splits_icann_and_private_suffixes() {
        let s = Suffixes::embedded();
        assert_eq!(s.split("bbc.co.uk"), Some((5, Section::Icann)));
        assert_eq!(s.split("army.mil"), Some((3, Section::Icann)));
        assert_eq!(s.split("foo.github.io"), Some((9, Section::Private)));
        assert_eq!(s.split("example.notatld"), None);
        assert!(s.is_suffix("co.uk") && s.is_suffix("ml") && !s.is_suffix("c.uk"));
    }

    #[test]
    fn split_under_a_suffix_is_split() {
        let s = Suffixes::embedded();
        // Suffixes under wildcards, with exceptions, with private children
        // (`blogspot.com`), IDN, and every rule of the list.
        let mut suffixes: Vec<String> = [
            "com",
            "co.uk",
            "uk",
            "ck",
            "www.ck",
            "kawasaki.jp",
            "city.kawasaki.jp",
            "jp",
            "github.io",
            "io",
            "mil",
            "de",
            "xn--p1ai",
            "com.au",
            "nom.br",
            "br",
            "notatld",
        ]
        .map(String::from)
        .to_vec();
        for line in EMBEDDED_PSL.lines().filter(|l| !l.starts_with("//")) {
            if let Some(rule) = line.split_whitespace().next() {
                let rule = rule.trim_start_matches('!').trim_start_matches("*.");
                suffixes.extend(idna::domain_to_ascii(rule).ok());
            }
        }
        // The short cut is taken where it should be, and not under a `*`.
        assert!(s.split_under("com").under.is_some());
        assert!(s.split_under("co.uk").under.is_some());
        assert!(s.split_under("ck").under.is_none());
        let labels = [
            "paypal",
            "blogspot",
            "www",
            "city",
            "appspot",
            "github",
            "co",
            "com",
            "a",
            "-",
            "*",
            "nom",
            "gov",
            "xn--mnchen-3ya",
        ];
        for suffix in &suffixes {
            let split = s.split_under(suffix);
            for label in labels {
                for host in [
                    format!("{label}.{suffix}"),
                    format!("x.{label}.{suffix}"),
                    format!("{label}x{suffix}"),
                    format!(".{suffix}"),
                    suffix.clone(),
                ] {
                    assert_eq!(split.split(&host), s.split(&host), "{host} under {suffix}");
                }
            }
        }
    }

    #[test]
    fn openness_follows_registry_policy() {
        let s = Suffixes::embedded();
        assert!(!s.is_open("mil") && !s.is_open("gov.uk") && !s.is_open("ac.uk"));
        assert!(s.is_open("ml") && s.is_open("com") && s.is_open("co.uk"));
        assert!(s.describe("ml", Section::Icann).contains("Mali"));
        // Brand TLDs (Specification 13, and `.baidu` by ICANNWiki) and the
        // TLDs whose registry verifies every registrant.
        for closed in [
            "baidu",
            "barclays",
            "mtr",
            "google",
            "xn--flw351e",
            "bank",
            "pharmacy",
        ] {
            assert!(!s.is_open(closed), "{closed}");
        }
        // Open TLDs that look like brands, and second levels under them.
        for open in ["com", "ml", "xyz", "org.uk", "com.br", "app"] {
            assert!(s.is_open(open), "{open}");
        }
        assert_eq!(s.closed("barclays"), Some(Closed::Brand));
        assert_eq!(
            s.closed("mil").map(Closed::phrase),
            Some("reserved to the US military")
        );
        assert_eq!(
            s.closed("gov.uk").map(Closed::phrase),
            Some("reserved to government bodies")
        );
        assert_eq!(s.closed("com").map(Closed::phrase), None);
    }

    #[test]
    fn a_closed_suffix_says_why() {
        let s = Suffixes::embedded();
        let barclays = s.describe("barclays", Section::Icann);
        assert_eq!(
            barclays,
            ".barclays is a brand TLD: only its owner registers names"
        );
        assert!(!barclays.contains("open to registration"));
        assert_eq!(
            s.describe("mil", Section::Icann),
            ".mil is a sponsored TLD, closed: reserved to the US military"
        );
        assert_eq!(
            s.describe("bank", Section::Icann),
            ".bank is a generic TLD, closed: only verified banks register there"
        );
        assert_eq!(
            s.describe("gov.uk", Section::Icann),
            ".gov.uk is under the country-code TLD of United Kingdom, \
             closed: reserved to government bodies"
        );
        assert_eq!(
            s.describe("ml", Section::Icann),
            ".ml is the country-code TLD of Mali, open to registration"
        );
    }

    #[test]
    fn registries_register_only_their_scripts() {
        let s = Suffixes::embedded();
        // Nominet takes a-z only; `co.uk` has no row and takes `uk`'s.
        assert!(!s.registers_script("co.uk", Script::Cyrillic));
        assert!(s.registers_script("co.uk", Script::Latin));
        assert!(!s.registers_script("de", Script::Cyrillic));
        assert!(!s.registers_script("eu", Script::Greek));
        assert!(s.registers_script("xn--p1ai", Script::Cyrillic));
        assert!(!s.registers_script("xn--p1ai", Script::Latin));
        assert!(s.registers_script("jp", Script::Hiragana));
        // Unlisted: every script.
        assert!(s.registers_script("com", Script::Cyrillic));
        assert!(s.registers_script("com", Script::Han));
        // Digits, hyphen and combining marks everywhere.
        assert!(s.registers_script("uk", Script::Common));
        assert!(s.registers_script("uk", Script::Inherited));
        assert_eq!(s.registry_scripts("com"), None);
    }

    #[test]
    fn registry_tables_parse() {
        let r =
            Registries::parse(EMBEDDED_CLOSED, EMBEDDED_SCRIPTS).expect("embedded tables parse");
        // Five TLDs reserved by RFC, three verified-registrant TLDs, some 360
        // brand TLDs; twelve second-level labels.
        assert!(
            (350..450).contains(&r.tlds.len()),
            "{} closed TLDs",
            r.tlds.len()
        );
        assert_eq!(r.second_levels.len(), 12);
        assert!(r.scripts.len() >= 10);
        let s = Suffixes::embedded();
        for tld in r.tlds.keys() {
            assert!(s.tld(tld).is_some(), "{tld} is not in the root zone");
        }
        assert!(Registries::parse("h\nmil\n", "h\n").is_err());
        assert!(Registries::parse("h\n", "h\nuk\tKlingon\tx\n").is_err());
        assert!(Registries::parse("h\nmil\ta\tb\nmil\ta\tb\n", "h\n").is_err());
    }

    #[test]
    fn rejects_broken_tables() {
        assert!(Suffixes::from_strs(EMBEDDED_PSL, "tld\tunicode\ttype\n").is_err());
        assert!(Suffixes::from_strs(EMBEDDED_PSL, "h\nml\tml\tbogus\n").is_err());
        assert!(Suffixes::from_strs("// nothing\n", EMBEDDED_TLDS).is_err());
    }
}
