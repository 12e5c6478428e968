//! Parsing a host name into the parts that matter for lookalikes.
//!
//! [`Domain::parse`] takes what a person or a program typed (`Army.MIL.`,
//! `münchen.de`, `xn--mnchen-3ya.de`) and gives one canonical name:
//!
//! 1. cheap bounds first: input longer than [`MAX_INPUT`] octets (or padded
//!    with more than that of white space) is refused before any Unicode
//!    work, and so is an ASCII label longer than [`MAX_LABEL`], so a hostile
//!    megabyte costs microseconds and no punycode decoding runs on more than
//!    63 octets;
//! 2. UTS #46 processing (IDNA) through the [`idna`] crate, with the STD3 rules
//!    that host names follow (letters, digits, hyphen), lower-casing and
//!    punycode; plain lower-case LDH names skip it, since UTS #46 leaves them as
//!    they are;
//! 3. the DNS limits of RFC 1035 §2.3.4 on the ASCII form: 63 octets a label,
//!    253 a name;
//! 4. the Public Suffix List split, which finds the registrable domain: the one
//!    label plus suffix that a single party owns (`bbc` + `co.uk`).
//!
//! A name whose top-level label is not in the IANA root zone is refused
//! ([`Error::UnknownSuffix`]): a lookalike that cannot resolve cannot hurt.

use idna::uts46::{AsciiDenyList, DnsLength, Hyphens, Uts46};
use serde::{Serialize, Serializer};

use std::sync::Arc;

use crate::error::{Error, echo};
use crate::suffix::{Section, Suffixes, Tld};

/// The longest input [`Domain::parse`] looks at, in octets. A valid name has at
/// most 253 octets in ASCII form; its Unicode spelling takes at most four UTF-8
/// octets per character, so 1,024 leaves room for every real name and refuses
/// the rest before any heavy work.
pub const MAX_INPUT: usize = 1024;

/// The longest name in ASCII form (RFC 1035 §2.3.4, without the root dot).
pub const MAX_NAME: usize = 253;

/// The longest label in ASCII form (RFC 1035 §2.3.4).
pub const MAX_LABEL: usize = 63;

/// A parsed, canonical host name: lower case, ASCII and Unicode forms, split at
/// its public suffix.
///
/// ```
/// let d = lookalike::Domain::parse("Army.MIL.")?;
/// assert_eq!(d.as_str(), "army.mil");
/// assert_eq!(d.registrable(), "army.mil");
/// assert_eq!(d.suffix(), "mil");
///
/// let d = lookalike::Domain::parse("www.bbc.co.uk")?;
/// assert_eq!((d.subdomain(), d.label(), d.suffix()), (Some("www"), "bbc", "co.uk"));
///
/// let d = lookalike::Domain::parse("MÜNCHEN.de")?;
/// assert_eq!((d.as_str(), d.unicode()), ("xn--mnchen-3ya.de", "münchen.de"));
///
/// let d = lookalike::Domain::parse("army.ml")?;
/// assert_eq!(d.tld_info().country.as_deref(), Some("Mali"));
/// # Ok::<(), lookalike::Error>(())
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Domain {
    ascii: String,
    /// The Unicode form, when it differs from the ASCII one (a name with an
    /// `xn--` label): most names have none, and a copy of the ASCII form
    /// was one allocation a parse.
    unicode: Option<String>,
    split: Split,
    tld: Arc<Tld>,
}

/// Where a canonical name splits at its public suffix, in both of its forms.
///
/// [`Domain`] keeps one; the generator computes one for each candidate name
/// and builds no `Domain` at all, which saves a clone of the TLD entry and of
/// both strings per candidate.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct Split {
    /// Byte offsets into the ASCII form: where the registrable label and the
    /// suffix begin.
    label_at: usize,
    suffix_at: usize,
    /// The same offsets into the Unicode form.
    unicode_label_at: usize,
    unicode_suffix_at: usize,
    section: Section,
    /// The whole name is a suffix of the PSL's private section, split here
    /// at its ICANN suffix (`github.io` as `github` under `io`).
    platform: bool,
}

/// Why a name has no [`Split`].
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum SplitError {
    /// The TLD is not in the root zone.
    UnknownSuffix,
    /// The whole name is a public suffix.
    NoRegistrablePart,
}

impl Split {
    /// Splits a canonical name, given in ASCII form as [`to_ascii`] produces
    /// it and in Unicode form, with what [`Suffixes::split`] returns for
    /// `ascii`.
    pub(crate) fn with(
        ascii: &str,
        unicode: &str,
        psl: Option<(usize, Section)>,
    ) -> Result<Split, SplitError> {
        let Some((suffix_len, section)) = psl else {
            return Err(SplitError::UnknownSuffix);
        };
        if suffix_len >= ascii.len() {
            return Err(SplitError::NoRegistrablePart);
        }
        let suffix_at = ascii.len() - suffix_len;
        let label_at = ascii[..suffix_at - 1].rfind('.').map_or(0, |dot| dot + 1);
        let suffix_labels = ascii[suffix_at..].bytes().filter(|&b| b == b'.').count() + 1;
        Ok(Split {
            label_at,
            suffix_at,
            unicode_label_at: nth_label_from_end(unicode, suffix_labels + 1),
            unicode_suffix_at: nth_label_from_end(unicode, suffix_labels),
            section,
            platform: false,
        })
    }

    /// [`Split::with`] for a name whose Unicode form is its ASCII form: the
    /// offsets are the same, and found without a second scan.
    fn with_ascii(ascii: &str, psl: Option<(usize, Section)>) -> Result<Split, SplitError> {
        let Some((suffix_len, section)) = psl else {
            return Err(SplitError::UnknownSuffix);
        };
        if suffix_len >= ascii.len() {
            return Err(SplitError::NoRegistrablePart);
        }
        let suffix_at = ascii.len() - suffix_len;
        let label_at = ascii.as_bytes()[..suffix_at - 1]
            .iter()
            .rposition(|&b| b == b'.')
            .map_or(0, |dot| dot + 1);
        Ok(Split {
            label_at,
            suffix_at,
            unicode_label_at: label_at,
            unicode_suffix_at: suffix_at,
            section,
            platform: false,
        })
    }

    /// The public suffix, ASCII form.
    pub(crate) fn suffix<'a>(&self, ascii: &'a str) -> &'a str {
        &ascii[self.suffix_at..]
    }

    /// The registrable label, Unicode form.
    pub(crate) fn unicode_label<'a>(&self, unicode: &'a str) -> &'a str {
        &unicode[self.unicode_label_at..self.unicode_suffix_at - 1]
    }

    /// The labels left of the registrable domain, Unicode form, without the
    /// dot that ends them ("" when none).
    pub(crate) fn unicode_subdomain<'a>(&self, unicode: &'a str) -> &'a str {
        let sub = &unicode[..self.unicode_label_at];
        // Bytes, not `trim_end_matches('.')`: the char searcher compares
        // each match through `memcmp` (this runs for every candidate).
        let kept = sub
            .bytes()
            .rposition(|b| b != b'.')
            .map_or(0, |last| last + 1);
        &sub[..kept]
    }

    /// The Public Suffix List section the suffix comes from.
    pub(crate) fn section(&self) -> Section {
        self.section
    }
}

impl Domain {
    /// Parses `input` with the embedded Public Suffix List and TLD table.
    ///
    /// Surrounding ASCII white space (up to [`MAX_INPUT`] octets a side) and
    /// one trailing dot are ignored.
    pub fn parse(input: &str) -> Result<Domain, Error> {
        Domain::parse_with(input, &Suffixes::embedded())
    }

    /// Parses the host that `input` names, whatever its form: a domain or
    /// host, an e-mail address (`"Name" <someone@army.ml>`), a URL
    /// (`https://login.paypa1.com/x`), a wildcard host (`*.paypa1.com`), as
    /// [`Matcher::check`](crate::Matcher::check) reads them.
    ///
    /// ```
    /// let d = lookalike::Domain::from_input("Sgt. Smith <smith@army.ml>")?;
    /// assert_eq!(d.as_str(), "army.ml");
    /// let u = lookalike::Domain::from_input("https://login.paypa1.com/x?y")?;
    /// assert_eq!(u.registrable(), "paypa1.com");
    /// # Ok::<(), lookalike::Error>(())
    /// ```
    pub fn from_input(input: &str) -> Result<Domain, Error> {
        Domain::parse(crate::matcher::host_of_input(input)?)
    }

    /// Parses `input` with the given suffix data.
    pub fn parse_with(input: &str, suffixes: &Suffixes) -> Result<Domain, Error> {
        let (ascii, plain) = to_ascii_checked(input)?;
        // A name the one-pass test accepted has no `xn--` label.
        let unicode = if !plain && ascii.contains("xn--") {
            let (text, result) = Uts46::new().to_unicode(
                ascii.as_bytes(),
                AsciiDenyList::STD3,
                Hyphens::CheckFirstLast,
            );
            if result.is_err() {
                return Err(first_bad_label(&ascii));
            }
            if let Some(label) = unstable_label(&ascii, &text) {
                return Err(Error::Idna { label: echo(label) });
            }
            // Stored only when it differs, so that equal names compare
            // equal however they were spelled (`AXN--X.DE` has no ACE
            // label, but its search for `xn--` succeeds).
            (text != ascii).then(|| text.into_owned())
        } else {
            None
        };
        Domain::from_canonical(ascii, unicode, suffixes)
    }

    /// Builds a `Domain` from an ASCII form that [`to_ascii`] produced and its
    /// Unicode form (`None` when it is the ASCII form).
    fn from_canonical(
        ascii: String,
        unicode: Option<String>,
        suffixes: &Suffixes,
    ) -> Result<Domain, Error> {
        let tld_label = last_label(&ascii);
        let Some(tld) = suffixes.tld_entry(tld_label) else {
            return Err(Error::UnknownSuffix {
                tld: echo(tld_label),
            });
        };
        let psl = suffixes.split_under_tld(&ascii);
        let split_at = |psl| match unicode.as_deref() {
            Some(unicode) => Split::with(&ascii, unicode, psl),
            None => Split::with_ascii(&ascii, psl),
        };
        let split = match split_at(psl) {
            // A hosting platform's own name (`github.io`, `blogspot.com`)
            // is a suffix of the PSL's private section; its registry sold
            // it under the ICANN suffix, and it can be protected and
            // imitated as a name of that suffix.
            Err(SplitError::NoRegistrablePart) if matches!(psl, Some((_, Section::Private))) => {
                let icann = suffixes
                    .icann_split(&ascii)
                    .map(|len| (len, Section::Icann));
                split_at(icann).map(|split| Split {
                    platform: true,
                    ..split
                })
            }
            other => other,
        };
        let split = match split {
            Ok(split) => split,
            Err(SplitError::UnknownSuffix) => {
                return Err(Error::UnknownSuffix {
                    tld: echo(tld_label),
                });
            }
            Err(SplitError::NoRegistrablePart) => {
                return Err(Error::NoRegistrablePart {
                    suffix: echo(&ascii),
                });
            }
        };
        Ok(Domain {
            split,
            tld: Arc::clone(tld),
            ascii,
            unicode,
        })
    }

    /// The whole name in ASCII (punycode) form, lower case, no trailing dot.
    pub fn as_str(&self) -> &str {
        &self.ascii
    }

    /// The whole name in Unicode form, as a person would read it.
    pub fn unicode(&self) -> &str {
        self.unicode.as_deref().unwrap_or(&self.ascii)
    }

    /// The public suffix (`co.uk`), ASCII form.
    pub fn suffix(&self) -> &str {
        &self.ascii[self.split.suffix_at..]
    }

    /// The public suffix, Unicode form.
    pub fn unicode_suffix(&self) -> &str {
        &self.unicode()[self.split.unicode_suffix_at..]
    }

    /// The registrable domain (`bbc.co.uk` for `www.bbc.co.uk`), ASCII form.
    pub fn registrable(&self) -> &str {
        &self.ascii[self.split.label_at..]
    }

    /// The registrable domain, Unicode form.
    pub fn unicode_registrable(&self) -> &str {
        &self.unicode()[self.split.unicode_label_at..]
    }

    /// The registrable label (`bbc`), ASCII form.
    pub fn label(&self) -> &str {
        &self.ascii[self.split.label_at..self.split.suffix_at - 1]
    }

    /// The registrable label, Unicode form (`münchen`).
    pub fn unicode_label(&self) -> &str {
        self.split.unicode_label(self.unicode())
    }

    /// The labels left of the registrable domain (`www`), if any.
    pub fn subdomain(&self) -> Option<&str> {
        (self.split.label_at > 0).then(|| &self.ascii[..self.split.label_at - 1])
    }

    /// The top-level label (`uk`), ASCII form.
    pub fn tld(&self) -> &str {
        last_label(&self.ascii)
    }

    /// What the root zone says about the TLD: kind and, for country codes,
    /// the country.
    pub fn tld_info(&self) -> &Tld {
        &self.tld
    }

    /// The Public Suffix List section the suffix comes from.
    pub fn section(&self) -> Section {
        self.split.section
    }

    /// The name is itself a suffix of the Public Suffix List's private
    /// section, a hosting platform's own domain (`github.io`,
    /// `blogspot.com`), split at its ICANN suffix: `github` under `io`.
    ///
    /// ```
    /// let d = lookalike::Domain::parse("github.io")?;
    /// assert!(d.is_platform());
    /// assert_eq!((d.label(), d.suffix()), ("github", "io"));
    /// assert!(!lookalike::Domain::parse("me.github.io")?.is_platform());
    /// # Ok::<(), lookalike::Error>(())
    /// ```
    pub fn is_platform(&self) -> bool {
        self.split.platform
    }

    /// The name is the registrable domain itself (no subdomain).
    pub fn is_registrable(&self) -> bool {
        self.split.label_at == 0
    }
}

impl std::fmt::Display for Domain {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.ascii)
    }
}

impl std::str::FromStr for Domain {
    type Err = Error;
    fn from_str(s: &str) -> Result<Domain, Error> {
        Domain::parse(s)
    }
}

impl Serialize for Domain {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.ascii)
    }
}

/// Byte offset in `name` where its `n`-th label from the end begins.
fn nth_label_from_end(name: &str, n: usize) -> usize {
    let mut seen = 0;
    for (at, byte) in name.bytes().enumerate().rev() {
        if byte == b'.' {
            seen += 1;
            if seen == n {
                return at + 1;
            }
        }
    }
    0
}

/// Whether `name` is a host name that UTS #46 and [`check_lengths`] leave as
/// it is: lower-case letters, digits and hyphens, labels of 1 to 63 octets
/// with no hyphen at either end and no `xn--` prefix, 253 octets at most.
/// One pass over the octets.
fn is_canonical_ldh(name: &str) -> bool {
    if name.len() > MAX_NAME {
        return false;
    }
    let bytes = name.as_bytes();
    let mut start = 0;
    for at in 0..=bytes.len() {
        let end_of_label = at == bytes.len() || bytes[at] == b'.';
        if !end_of_label {
            if !is_ldh(bytes[at]) {
                return false;
            }
            continue;
        }
        let label = &bytes[start..at];
        match (label.first(), label.last()) {
            (Some(&first), Some(&last)) if first != b'-' && last != b'-' => {}
            _ => return false,
        }
        if label.len() > MAX_LABEL || label.starts_with(b"xn--") {
            return false;
        }
        start = at + 1;
    }
    true
}

fn is_ldh(byte: u8) -> bool {
    byte.is_ascii_lowercase() || byte.is_ascii_digit() || byte == b'-'
}

/// `input` without the ASCII white space around it, looking at no more than
/// `limit` octets of white space on each side: an input padded with more is
/// refused as too long. So trimming costs O(`limit`) on any input, where a
/// plain trim of a hostile megabyte of blanks would scan it all. Shared with
/// the matcher's host extraction.
pub(crate) fn trim_bounded(input: &str, limit: usize) -> Result<&str, Error> {
    let bytes = input.as_bytes();
    let blank = |b: &&u8| b.is_ascii_whitespace();
    let lead = bytes.iter().take(limit + 1).take_while(blank).count();
    let trail = bytes[lead..]
        .iter()
        .rev()
        .take(limit + 1)
        .take_while(blank)
        .count();
    if lead > limit || trail > limit {
        return Err(Error::TooLong {
            octets: input.len(),
        });
    }
    // ASCII white space is one octet a character: both cuts are on
    // character boundaries.
    Ok(&input[lead..input.len() - trail])
}

/// UTS #46 ToASCII with host-name rules, and the DNS length limits; every
/// failure names its label. Shared with the generator, which uses it to check
/// that a Unicode variant round-trips.
pub(crate) fn to_ascii(input: &str) -> Result<String, Error> {
    to_ascii_checked(input).map(|(ascii, _)| ascii)
}

/// [`to_ascii`], and whether the name was already canonical LDH (so has no
/// `xn--` label).
fn to_ascii_checked(input: &str) -> Result<(String, bool), Error> {
    let trimmed = trim_bounded(input, MAX_INPUT)?;
    if trimmed.len() > MAX_INPUT {
        return Err(Error::TooLong {
            octets: trimmed.len(),
        });
    }
    let name = trimmed.strip_suffix('.').unwrap_or(trimmed);
    if name.is_empty() {
        return Err(Error::Empty);
    }
    // Most names a matcher reads are already canonical: answered in one
    // pass, where the checks below take six (a third of a parse, callgrind).
    if is_canonical_ldh(name) {
        return Ok((name.to_owned(), true));
    }
    uts46_to_ascii(name).map(|ascii| (ascii, false))
}

/// The checks of [`to_ascii`] after the trim, for a name that is not plainly
/// canonical.
fn uts46_to_ascii(name: &str) -> Result<String, Error> {
    // An ASCII label keeps its length through UTS #46 (it is only
    // lower-cased), so one over MAX_LABEL is refused before the IDNA pass.
    // That also bounds the punycode decoding of `xn--` labels, whose cost
    // grows with the square of the label's length: 0.5 ms for a label of
    // 1,000 octets, 1 µs for one of 63.
    if let Some(label) = name
        .split('.')
        .find(|l| l.len() > MAX_LABEL && l.is_ascii())
    {
        return Err(Error::LabelTooLong {
            label: echo(label),
            octets: label.len(),
        });
    }
    let plain = name
        .bytes()
        .all(|b| is_ldh(b) || b == b'.' || b.is_ascii_uppercase());
    let ascii = if plain && !name.contains("xn--") && !name.contains("XN--") {
        name.to_ascii_lowercase()
    } else {
        match Uts46::new().to_ascii(
            name.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
            DnsLength::Ignore,
        ) {
            Ok(ascii) => ascii.into_owned(),
            Err(_) => return Err(first_bad_label(name)),
        }
    };
    check_lengths(&ascii)?;
    Ok(ascii)
}

/// [`generated_to_ascii_into`] into a `String` of its own.
#[cfg(test)]
pub(crate) fn generated_to_ascii(host: &str, safe: impl Fn(char) -> bool) -> Option<String> {
    let mut ascii = String::new();
    generated_to_ascii_into(host, safe, &mut ascii).map(|()| ascii)
}

/// Converts a Unicode host that the generator built, label by label, to ASCII,
/// appended to `out`, or `None` if it is not a valid host name (`out` left as
/// it was): each ASCII label must be LDH with no hyphen at an edge and none
/// in positions 3-4 (reserved by IDNA2008, RFC 5891 §4.2.3.1); each other
/// label must come back unchanged from UTS #46 ToASCII then ToUnicode, so
/// that what we print is what a resolver sees. The generator writes every
/// name into one buffer rather than a `String` of its own.
pub(crate) fn generated_to_ascii_into(
    host: &str,
    safe: impl Fn(char) -> bool,
    out: &mut String,
) -> Option<()> {
    let start = out.len();
    let done = write_generated_ascii(host, safe, out);
    if done.is_none() {
        out.truncate(start);
    }
    done
}

fn write_generated_ascii(host: &str, safe: impl Fn(char) -> bool, out: &mut String) -> Option<()> {
    let name_start = out.len();
    let ascii = out;
    let mut buf = ['\0'; 64];
    for (i, label) in split_ascii(host, b'.').enumerate() {
        if i > 0 {
            ascii.push('.');
        }
        if label.is_ascii() {
            let ok = !label.is_empty()
                && label.len() <= MAX_LABEL
                && label.bytes().all(is_ldh)
                && !label.starts_with('-')
                && !label.ends_with('-')
                && label.get(2..4) != Some("--");
            if !ok {
                return None;
            }
            ascii.push_str(label);
        } else if hyphens_in_3_and_4(label) {
            // `xn--mnchen` with a homoglyph in it: no U-label (RFC 5891
            // §4.2.3.1), and its punycode would not parse back.
            return None;
        } else if let Some(chars) = glyph_label(label, &safe, &mut buf) {
            // Every non-ASCII character passed the round trip on its own when
            // the glyph table was built; encoding directly skips a second
            // UTS #46 pass (4× faster on homoglyph-heavy output, measured
            // with `benches/generate.rs`). The property tests re-parse every
            // variant to hold this to the full check.
            // More than 64 characters encode to more than `MAX_LABEL` octets.
            let chars = chars?;
            let start = ascii.len();
            ascii.push_str("xn--");
            punycode_into(label, chars, ascii)?;
            if ascii.len() - start > MAX_LABEL {
                return None;
            }
        } else {
            let encoded = Uts46::new()
                .to_ascii(
                    label.as_bytes(),
                    AsciiDenyList::STD3,
                    Hyphens::CheckFirstLast,
                    DnsLength::Verify,
                )
                .ok()?;
            let (back, result) = Uts46::new().to_unicode(
                encoded.as_bytes(),
                AsciiDenyList::STD3,
                Hyphens::CheckFirstLast,
            );
            if result.is_err() || back != label || encoded.len() > MAX_LABEL {
                return None;
            }
            ascii.push_str(&encoded);
        }
    }
    (ascii.len() - name_start <= MAX_NAME).then_some(())
}

/// A label of lower-case letters, digits, hyphens (not at either end) and
/// characters that `safe` accepts: `Some` with its characters in `buf`, or
/// `Some(None)` when there are more than fit. `None` for any other label.
/// One pass does the check and the decoding that Punycode needs.
fn glyph_label<'b>(
    label: &str,
    safe: impl Fn(char) -> bool,
    buf: &'b mut [char; 64],
) -> Option<Option<&'b [char]>> {
    if label.starts_with('-') || label.ends_with('-') {
        return None;
    }
    let mut n = 0;
    for c in label.chars() {
        let allowed = match c {
            'a'..='z' | '0'..='9' | '-' => true,
            _ => !c.is_ascii() && safe(c),
        };
        if !allowed {
            return None;
        }
        if let Some(slot) = buf.get_mut(n) {
            *slot = c;
        }
        n += 1;
    }
    Some(buf.get(..n))
}

/// The last label of a name: what `name.rsplit('.').next()` gives, by a
/// byte scan (the searcher's `memrchr` costs more on names this short; a
/// check asks several times).
pub(crate) fn last_label(name: &str) -> &str {
    let start = name
        .bytes()
        .rposition(|b| b == b'.')
        .map_or(0, |dot| dot + 1);
    &name[start..]
}

/// The parts of `s` between the bytes `sep` (an ASCII character): what
/// `s.split(sep as char)` gives. A byte scan, because the char-pattern
/// searcher compares each match through a `memcmp` call, and this runs for
/// every candidate.
pub(crate) fn split_ascii(s: &str, sep: u8) -> impl Iterator<Item = &str> {
    debug_assert!(sep.is_ascii());
    let mut rest = Some(s);
    std::iter::from_fn(move || {
        let part = rest?;
        match part.bytes().position(|b| b == sep) {
            Some(at) => {
                rest = Some(&part[at + 1..]);
                Some(&part[..at])
            }
            None => {
                rest = None;
                Some(part)
            }
        }
    })
}

/// Appends the Punycode (RFC 3492 §6.3) of `label`, whose characters are
/// `input`, to `out`: what
/// `idna::punycode::encode` returns, or `None` where it does (overflow).
///
/// Written out here because the generator encodes most of its variants:
/// `idna`'s encoder decodes the UTF-8 label again for each distinct
/// non-ASCII character and returns a new `String`, 11% of the generator's
/// wall time (perf, the 20 benchmark domains). This one works on the
/// characters the caller decoded once and writes into the name being built.
/// A test holds it to `idna`'s output.
fn punycode_into(label: &str, input: &[char], out: &mut String) -> Option<()> {
    const BASE: u32 = 36;
    const T_MIN: u32 = 1;
    const T_MAX: u32 = 26;
    const SKEW: u32 = 38;
    const DAMP: u32 = 700;
    const INITIAL_BIAS: u32 = 72;
    const INITIAL_N: u32 = 0x80;
    fn adapt(mut delta: u32, points: u32, first: bool) -> u32 {
        delta /= if first { DAMP } else { 2 };
        delta += delta / points;
        let mut k = 0;
        while delta > ((BASE - T_MIN) * T_MAX) / 2 {
            delta /= BASE - T_MIN;
            k += BASE;
        }
        k + (((BASE - T_MIN + 1) * delta) / (delta + SKEW))
    }
    fn digit(value: u32) -> char {
        // `value` < BASE: `a`-`z` for 0-25, `0`-`9` for 26-35.
        let byte = if value < 26 {
            b'a' + value as u8
        } else {
            b'0' + (value - 26) as u8
        };
        char::from(byte)
    }
    let input_len = u32::try_from(input.len()).ok()?;
    // The basic code points are the label's ASCII, in order: copied in runs.
    let mut basic = 0;
    let mut rest = label;
    while !rest.is_empty() {
        let run = rest.bytes().take_while(u8::is_ascii).count();
        out.push_str(&rest[..run]);
        basic += run as u32;
        rest = &rest[run..];
        let skip = rest.chars().next().map_or(0, char::len_utf8);
        rest = &rest[skip..];
    }
    if basic > 0 {
        out.push('-');
    }
    let (mut n, mut delta, mut bias) = (INITIAL_N, 0u32, INITIAL_BIAS);
    let mut handled = basic;
    while handled < input_len {
        let m = input
            .iter()
            .map(|&c| u32::from(c))
            .filter(|&c| c >= n)
            .min()?;
        delta = delta.checked_add((m - n).checked_mul(handled + 1)?)?;
        n = m;
        for c in input.iter().map(|&c| u32::from(c)) {
            if c < n {
                delta = delta.checked_add(1)?;
            }
            if c == n {
                let mut q = delta;
                let mut k = BASE;
                loop {
                    let t = if k <= bias {
                        T_MIN
                    } else if k >= bias + T_MAX {
                        T_MAX
                    } else {
                        k - bias
                    };
                    if q < t {
                        break;
                    }
                    out.push(digit(t + (q - t) % (BASE - t)));
                    q = (q - t) / (BASE - t);
                    k += BASE;
                }
                out.push(digit(q));
                bias = adapt(delta, handled + 1, handled == basic);
                delta = 0;
                handled += 1;
            }
        }
        delta = delta.checked_add(1)?;
        n = n.checked_add(1)?;
    }
    Some(())
}

/// The first punycode label of `ascii` whose Unicode form (in `unicode`, the
/// UTS #46 ToUnicode of `ascii`) does not encode back to it, if any.
///
/// UTS #46 with `Hyphens::CheckFirstLast` decodes `xn--xn--en-0ya` to
/// `xn--eûn`, a string that is no label at all (RFC 5891 §4.2.3.1: a U-label
/// has no `--` in positions 3 and 4): parsing that Unicode form fails, so the
/// name would not parse back from what [`Domain::unicode`] shows. Such a name
/// is refused, so that every parsed domain parses again, from either form, to
/// itself. Found by the `parse` fuzz target. Only `xn--` labels pay for the
/// check: one UTS #46 pass over at most 63 octets each.
fn unstable_label<'a>(ascii: &'a str, unicode: &str) -> Option<&'a str> {
    let mut unicode_labels = unicode.split('.');
    for label in ascii.split('.') {
        let Some(u) = unicode_labels.next() else {
            return Some(label);
        };
        if !label.starts_with("xn--") {
            continue;
        }
        let back = Uts46::new().to_ascii(
            u.as_bytes(),
            AsciiDenyList::STD3,
            Hyphens::CheckFirstLast,
            DnsLength::Ignore,
        );
        if back.ok().as_deref() != Some(label) {
            return Some(label);
        }
    }
    None
}

/// Whether the third and fourth characters of `label` are hyphens, which no
/// U-label may have (RFC 5891 §4.2.3.1). Found by the `generate` fuzz
/// target: from `xhn--mnxcxń---3ya.de` the generator dropped the `h` and
/// encoded `xn--mnxcxń---3ya` as `xn--xn--mnxcx---3ya-4tc`, a name that does
/// not parse.
fn hyphens_in_3_and_4(label: &str) -> bool {
    let mut chars = label.chars().skip(2);
    chars.next() == Some('-') && chars.next() == Some('-')
}

/// The DNS limits on an ASCII name, and the LDH rule UTS #46 leaves to us.
fn check_lengths(ascii: &str) -> Result<(), Error> {
    for label in ascii.split('.') {
        if label.is_empty() {
            return Err(Error::EmptyLabel);
        }
        if label.len() > MAX_LABEL {
            return Err(Error::LabelTooLong {
                label: echo(label),
                octets: label.len(),
            });
        }
        if let Some(bad) = label.bytes().find(|&b| !is_ldh(b)) {
            return Err(Error::BadCharacter {
                ch: char::from(bad),
                label: echo(label),
            });
        }
        if label.starts_with('-') || label.ends_with('-') {
            return Err(Error::BadCharacter {
                ch: '-',
                label: echo(label),
            });
        }
    }
    if ascii.len() > MAX_NAME {
        return Err(Error::TooLong {
            octets: ascii.len(),
        });
    }
    Ok(())
}

/// Finds which label made UTS #46 fail, to name it in the error.
fn first_bad_label(name: &str) -> Error {
    for label in name.split(['.', '。', '．', '｡']) {
        if label.is_empty() {
            return Error::EmptyLabel;
        }
        if label.is_ascii() {
            if let Some(bad) = label
                .chars()
                .find(|c| !c.is_ascii_alphanumeric() && *c != '-')
            {
                return Error::BadCharacter {
                    ch: bad,
                    label: echo(label),
                };
            }
            if label.starts_with('-') || label.ends_with('-') {
                return Error::BadCharacter {
                    ch: '-',
                    label: echo(label),
                };
            }
        }
        let refused = Uts46::new()
            .to_ascii(
                label.as_bytes(),
                AsciiDenyList::STD3,
                Hyphens::CheckFirstLast,
                DnsLength::Ignore,
            )
            .is_err();
        if refused {
            return Error::Idna { label: echo(label) };
        }
    }
    Error::Idna { label: echo(name) }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The one-pass shortcut of `to_ascii` answers only where the UTS #46
    /// path gives the same name, and the split of a name without `xn--`
    /// labels is the general split's.
    /// Found by the `parse` fuzz target: a name whose search for `xn--`
    /// succeeds without an ACE label must equal its canonical spelling.
    #[test]
    fn a_name_equals_itself_however_spelled() {
        let upper = Domain::parse("AXN--MNCHEN-3YFA.DE").unwrap();
        let lower = Domain::parse(upper.as_str()).unwrap();
        assert_eq!(upper, lower);
        assert_eq!(Domain::parse(upper.unicode()).unwrap(), upper);
    }

    #[test]
    fn canonical_shortcut_agrees_with_uts46() {
        let top = include_str!("../data/top-domains.txt");
        let odd = [
            "a.com",
            "a-b.com",
            "-a.com",
            "a-.com",
            "a..com",
            ".com",
            "com.",
            "ab--cd.de",
            "xn--mnchen-3ya.de",
            "xn--a.com",
            "Army.mil",
            "a_b.com",
            "1.2.3.4",
            "a.b-",
        ];
        let long_label = format!("{}.com", "a".repeat(63));
        let too_long_label = format!("{}.com", "a".repeat(64));
        let long_name = vec!["abcdefghi"; 26].join(".");
        let extra = [
            long_label.as_str(),
            too_long_label.as_str(),
            long_name.as_str(),
        ];
        let mut shortcuts = 0;
        for name in top.lines().chain(odd).chain(extra) {
            if is_canonical_ldh(name) {
                shortcuts += 1;
                assert_eq!(uts46_to_ascii(name).as_deref(), Ok(name), "{name}");
                let suffixes = Suffixes::embedded();
                let psl = suffixes.split(name);
                assert_eq!(
                    Split::with_ascii(name, psl),
                    Split::with(name, name, psl),
                    "{name}"
                );
            }
        }
        assert!(shortcuts > 50_000, "{shortcuts}");
    }

    #[test]
    fn canonical_forms() {
        let d = Domain::parse("  WWW.Army.MIL.  ").unwrap();
        assert_eq!(d.as_str(), "www.army.mil");
        assert_eq!(d.registrable(), "army.mil");
        assert_eq!(d.subdomain(), Some("www"));
        let u = Domain::parse("xn--mnchen-3ya.de").unwrap();
        assert_eq!(u.unicode(), "münchen.de");
        assert_eq!(u.unicode_label(), "münchen");
        assert_eq!(u, Domain::parse("münchen.DE").unwrap());
        let r = Domain::parse("пример.рф").unwrap();
        assert_eq!(r.suffix(), "xn--p1ai");
        assert_eq!(r.unicode_suffix(), "рф");
        assert_eq!(r.tld_info().country.as_deref(), Some("Russian Federation"));
    }

    #[test]
    fn private_section_is_known() {
        let d = Domain::parse("someone.github.io").unwrap();
        assert_eq!(
            (d.label(), d.suffix(), d.section()),
            ("someone", "github.io", Section::Private)
        );
    }

    #[test]
    fn typed_errors_name_the_part() {
        assert_eq!(Domain::parse(""), Err(Error::Empty));
        assert_eq!(Domain::parse("."), Err(Error::Empty));
        assert_eq!(Domain::parse("a..com"), Err(Error::EmptyLabel));
        assert!(matches!(
            Domain::parse("co.uk"),
            Err(Error::NoRegistrablePart { .. })
        ));
        assert!(
            matches!(Domain::parse("example.notatld"), Err(Error::UnknownSuffix { tld }) if tld == "notatld")
        );
        assert!(matches!(
            Domain::parse("ex_ample.com"),
            Err(Error::BadCharacter { ch: '_', .. })
        ));
        assert!(matches!(
            Domain::parse("-abc.com"),
            Err(Error::BadCharacter { ch: '-', .. })
        ));
        assert!(matches!(
            Domain::parse("xn--a.com"),
            Err(Error::Idna { .. })
        ));
        assert!(matches!(
            Domain::parse("user@example.com"),
            Err(Error::BadCharacter { ch: '@', .. })
        ));
        assert!(matches!(
            Domain::parse("127.0.0.1"),
            Err(Error::UnknownSuffix { .. })
        ));
        let long_label = format!("{}.com", "a".repeat(64));
        assert!(matches!(
            Domain::parse(&long_label),
            Err(Error::LabelTooLong { octets: 64, .. })
        ));
        let long_name = format!("{}.com", vec!["a".repeat(63); 4].join("."));
        assert!(matches!(
            Domain::parse(&long_name),
            Err(Error::TooLong { .. })
        ));
        assert!(
            matches!(Domain::parse(&"a".repeat(1 << 20)), Err(Error::TooLong { octets }) if octets == 1 << 20)
        );
    }

    /// Found by the `parse` fuzz target: `xn--xn--en-0ya.de` was accepted,
    /// and its Unicode form `xn--eûn.de` did not parse back.
    #[test]
    fn a_punycode_label_must_decode_to_a_label() {
        assert_eq!(
            Domain::parse("xn--xn--en-0ya.de"),
            Err(Error::Idna {
                label: "xn--xn--en-0ya".into()
            })
        );
        assert!(Domain::parse("xn--eûn.de").is_err());
        // A genuine punycode label, and ASCII `--` in positions 3-4, still parse.
        let d = Domain::parse("xn--mnchen-3ya.de").unwrap();
        assert_eq!(Domain::parse(d.unicode()).unwrap(), d);
        assert!(Domain::parse("ab--cd.com").is_ok());
    }

    /// Over-long input is refused before any Unicode work, whatever its
    /// shape: the errors name the length, and each refusal is a bounded scan.
    #[test]
    fn over_long_input_is_refused_before_idna() {
        let mib = 1 << 20;
        let padded = format!("{}paypal.com", " ".repeat(mib));
        assert_eq!(
            Domain::parse(&padded),
            Err(Error::TooLong {
                octets: padded.len()
            })
        );
        assert_eq!(
            Domain::parse(&" ".repeat(mib)),
            Err(Error::TooLong { octets: mib })
        );
        // Some padding is still ignored.
        let d = Domain::parse(&format!("{}paypal.com\r\n", " ".repeat(1000))).unwrap();
        assert_eq!(d.as_str(), "paypal.com");
        // An over-long punycode label is refused by its length, not decoded.
        let long = format!("xn--{}.com", "a".repeat(1000));
        assert!(matches!(
            Domain::parse(&long),
            Err(Error::LabelTooLong { octets: 1004, .. })
        ));
    }

    /// Found by the `generate` fuzz target: a generated Unicode label with
    /// hyphens in positions 3-4 was encoded, and the name did not parse.
    #[test]
    fn generated_labels_with_hyphens_in_3_and_4_are_refused() {
        let safe = |c: char| c == 'ń';
        assert_eq!(generated_to_ascii("xn--mnxcxń---3ya.de", safe), None);
        assert_eq!(generated_to_ascii("ab--ń.de", safe), None);
        assert_eq!(generated_to_ascii("ab--cd.de", safe), None);
        let ok = generated_to_ascii("ab-ń.de", safe).unwrap();
        assert_eq!(Domain::parse(&ok).unwrap().unicode(), "ab-ń.de");
        let target = "xhn--mnxcx\u{144}---3ya.de";
        assert!(Domain::parse(target).is_ok());
        for v in crate::variants(target).unwrap() {
            let d = Domain::parse(v.domain()).unwrap_or_else(|e| panic!("{}: {e}", v.domain()));
            assert_eq!(d.unicode(), v.unicode());
        }
    }

    #[test]
    fn split_ascii_is_split() {
        for s in [
            "",
            ".",
            "a",
            "a.b",
            "..a..",
            "pay.pal.com",
            "xn--mnchen-3ya.de",
            "ü.ü",
            "-a-",
        ] {
            for sep in [b'.', b'-'] {
                let ours: Vec<&str> = split_ascii(s, sep).collect();
                let std: Vec<&str> = s.split(char::from(sep)).collect();
                assert_eq!(ours, std, "{s}");
            }
        }
    }

    #[test]
    fn punycode_is_idnas() {
        let glyphs: Vec<char> = "aаеорсхуіӏàéüßɡʙσαλ日本ﬁ".chars().collect();
        let mut labels: Vec<String> = vec!["münchen".into(), "bücher".into(), "ü".into()];
        for a in &glyphs {
            for b in &glyphs {
                labels.push(format!("{a}pay{b}pal"));
                labels.push(format!("{a}{b}"));
                labels.push(format!("x-{a}{a}{b}-1"));
            }
        }
        labels.push("ü".repeat(64));
        labels.push("ü".repeat(200));
        for label in labels {
            let chars: Vec<char> = label.chars().collect();
            let mut ours = String::new();
            let ours = punycode_into(&label, &chars, &mut ours).map(|()| ours);
            assert_eq!(ours, idna::punycode::encode_str(&label), "{label}");
        }
    }

    #[test]
    fn limits_are_inclusive() {
        let label = "a".repeat(63);
        let name = format!("{label}.{label}.{label}.{}.com", "b".repeat(57));
        assert_eq!(name.len(), 253);
        assert!(Domain::parse(&name).is_ok());
    }
}
