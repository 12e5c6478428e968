//! The one error type of the crate.
//!
//! `lookalike` reads what strangers typed, so bad input is ordinary input: every
//! way a name can fail to be a usable domain has its own variant here, and each
//! variant names the offending part. Offending text is echoed back truncated to
//! [`ECHO_LIMIT`] characters so that an error built from a hostile 1 MiB line
//! stays small.

use std::fmt;

/// How many characters of offending input an [`Error`] keeps.
pub const ECHO_LIMIT: usize = 64;

/// Everything that can go wrong when a name, address or data file is read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub enum Error {
    /// The input was empty (or only a trailing dot, or only white space).
    Empty,
    /// The name is longer than DNS allows: 253 octets in ASCII form
    /// (RFC 1035 §2.3.4), or an input so long it cannot be one.
    TooLong {
        /// Length of the offending input in octets.
        octets: usize,
    },
    /// One label is longer than 63 octets in ASCII form (RFC 1035 §2.3.4).
    LabelTooLong {
        /// The label, truncated.
        label: String,
        /// Its length in octets.
        octets: usize,
    },
    /// Two dots in a row, or a leading dot.
    EmptyLabel,
    /// A character that no host name may hold (RFC 952/1123 letters, digits,
    /// hyphen; UTS #46 for the rest), or a hyphen at a label's edge.
    BadCharacter {
        /// The character.
        ch: char,
        /// The label it appears in, truncated.
        label: String,
    },
    /// UTS #46 processing (IDNA) refused the label: invalid punycode, a
    /// disallowed code point, a bidi rule, and so on.
    Idna {
        /// The label, truncated.
        label: String,
    },
    /// The name is a public suffix itself (`co.uk`), so no one owns it.
    NoRegistrablePart {
        /// The suffix.
        suffix: String,
    },
    /// The top-level label is not a TLD of the root zone (IANA list).
    UnknownSuffix {
        /// The unknown top-level label, truncated.
        tld: String,
    },
    /// An e-mail address or URL had no host part that could be found.
    NoHost {
        /// The input, truncated.
        input: String,
    },
    /// A line of a list of names (protected or allowed) did not parse.
    List {
        /// The 1-based line number.
        line: usize,
        /// Why.
        error: Box<Error>,
    },
    /// Reading a list failed.
    Io {
        /// The I/O error, as text.
        reason: String,
    },
    /// Names cannot be resolved as asked (feature `dns`).
    Resolve {
        /// Why.
        reason: String,
    },
    /// A data file (Public Suffix List, TLD table) did not parse.
    Data {
        /// Which file.
        file: &'static str,
        /// What was wrong.
        reason: String,
    },
}

/// Truncates `s` to [`ECHO_LIMIT`] characters for use inside an [`Error`].
pub(crate) fn echo(s: &str) -> String {
    match s.char_indices().nth(ECHO_LIMIT) {
        Some((end, _)) => format!("{}…", &s[..end]),
        None => s.to_owned(),
    }
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::Empty => f.write_str("empty name"),
            Error::TooLong { octets } => {
                write!(f, "name too long: {octets} octets (DNS allows 253)")
            }
            Error::LabelTooLong { label, octets } => {
                write!(
                    f,
                    "label `{label}` too long: {octets} octets (DNS allows 63)"
                )
            }
            Error::EmptyLabel => f.write_str("empty label (two dots in a row or a leading dot)"),
            Error::BadCharacter { ch, label } => {
                write!(f, "character {ch:?} not allowed in host label `{label}`")
            }
            Error::Idna { label } => write!(f, "label `{label}` is not a valid IDNA label"),
            Error::NoRegistrablePart { suffix } => {
                write!(
                    f,
                    "`{suffix}` is a public suffix: it has no registrable part"
                )
            }
            Error::UnknownSuffix { tld } => write!(f, "`.{tld}` is not a top-level domain"),
            Error::NoHost { input } => write!(f, "no host found in `{input}`"),
            Error::List { line, error } => write!(f, "line {line}: {error}"),
            Error::Io { reason } => write!(f, "read failed: {reason}"),
            Error::Data { file, reason } => write!(f, "data file {file} did not parse: {reason}"),
            Error::Resolve { reason } => write!(f, "cannot resolve: {reason}"),
        }
    }
}

impl std::error::Error for Error {}
