//! What every fuzz target of `lookalike` checks, in one place.
//!
//! The targets in `fuzz_targets/` feed hostile bytes to each entry point of
//! the library; a panic anywhere is a crash, a run over libFuzzer's
//! `-timeout` a hang, an allocation over `-malloc_limit_mb` a memory blow-up.
//! On top of "no panic", each target asserts the promises of `SECURITY.md` on
//! what comes back, through the helpers here, so that every target checks
//! them alike:
//!
//! - an error is typed, names itself and stays small whatever the size of the
//!   input ([`check_error`]);
//! - a parsed domain is canonical (ASCII, LDH, DNS lengths, a consistent
//!   split) and parses again, from its ASCII or its Unicode form, to itself
//!   ([`check_domain`]);
//! - a match has a protected target, scores in 0..=1 and a reason, best first
//!   ([`check_matches`]).
//!
//! [`matcher`] is the one matcher the matcher targets share: real targets of
//! every shape, including a 63-character label (the longest DNS allows), so
//! that the costliest comparisons are reachable.

use std::borrow::Cow;
use std::sync::LazyLock;

use lookalike::{Domain, Error, Match, Matcher};

/// The longest an error's text may be, in characters: every echo of input
/// inside an [`Error`] is cut to [`lookalike::error::ECHO_LIMIT`] characters,
/// so an error about a megabyte stays this small.
pub const MAX_ERROR_TEXT: usize = 320;

/// The domains the shared matcher protects: short and long labels, an IDN,
/// two-level and private suffixes, and a 63-character label.
pub const PROTECTED: [&str; 13] = [
    "paypal.com",
    "army.mil",
    "bbc.co.uk",
    "münchen.de",
    "apple.com",
    "x.com",
    "someone.github.io",
    "internationalbusinessmachines.com",
    "the-quick-brown-fox-jumps-over-the-lazy-dog-0123456789-abcdefgh.com",
    "пример.рф",
    "commbank.com.au",
    "microsoft.com",
    "login.ethereum.org",
];

/// The suffixes the shared matcher protects.
pub const PROTECTED_SUFFIXES: [&str; 2] = ["mil", "gov.uk"];

/// How the targets turn bytes into the `&str` the library takes: lossily, as
/// the command line does.
pub fn text(data: &[u8]) -> Cow<'_, str> {
    String::from_utf8_lossy(data)
}

/// The matcher shared by the `check`, `check_email` and `cli_lines` targets.
pub fn matcher() -> &'static Matcher {
    static MATCHER: LazyLock<Matcher> = LazyLock::new(|| {
        let mut builder = Matcher::builder();
        for d in PROTECTED {
            builder.protect(d).expect("a protected domain parses");
        }
        for s in PROTECTED_SUFFIXES {
            builder.protect_suffix(s).expect("a protected suffix parses");
        }
        builder.build()
    });
    &MATCHER
}

/// The names a match may report: each protected registrable domain, and each
/// protected suffix with a leading dot.
pub fn target_names() -> &'static [String] {
    static NAMES: LazyLock<Vec<String>> = LazyLock::new(|| {
        let mut names: Vec<String> = PROTECTED
            .iter()
            .map(|d| {
                Domain::parse(d)
                    .expect("a protected domain parses")
                    .registrable()
                    .to_owned()
            })
            .collect();
        names.extend(PROTECTED_SUFFIXES.iter().map(|s| format!(".{s}")));
        names
    });
    &NAMES
}

/// An error names itself, briefly, and is a `std::error::Error`.
pub fn check_error(e: &Error) {
    let shown = e.to_string();
    assert!(!shown.is_empty(), "{e:?} displays as nothing");
    let chars = shown.chars().count();
    assert!(
        chars <= MAX_ERROR_TEXT,
        "error text of {chars} characters: {shown:?}"
    );
    let _: &dyn std::error::Error = e;
}

fn is_ldh_label(label: &str) -> bool {
    !label.is_empty()
        && label.len() <= lookalike::domain::MAX_LABEL
        && label
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        && !label.starts_with('-')
        && !label.ends_with('-')
}

/// A parsed domain is canonical, split consistently, and stable: parsing its
/// ASCII form or its Unicode form gives it back.
pub fn check_domain(d: &Domain) {
    let ascii = d.as_str();
    assert!(
        ascii.len() <= lookalike::domain::MAX_NAME,
        "{ascii}: too long"
    );
    assert!(ascii.split('.').all(is_ldh_label), "{ascii}: not LDH");
    assert_eq!(d.registrable(), format!("{}.{}", d.label(), d.suffix()));
    match d.subdomain() {
        Some(sub) => assert_eq!(ascii, format!("{sub}.{}", d.registrable())),
        None => assert_eq!(ascii, d.registrable()),
    }
    assert_eq!(d.tld(), ascii.rsplit('.').next().unwrap_or(ascii));
    let unicode = d.unicode();
    assert_eq!(
        unicode.split('.').count(),
        ascii.split('.').count(),
        "{ascii} / {unicode}: label counts differ"
    );
    assert_eq!(
        d.unicode_registrable(),
        format!("{}.{}", d.unicode_label(), d.unicode_suffix())
    );
    assert!(unicode.ends_with(d.unicode_registrable()));
    // Parse, to ASCII, parse again: the same domain, from either form.
    assert_eq!(
        Domain::parse(ascii).as_ref(),
        Ok(d),
        "{ascii} is not stable"
    );
    assert_eq!(
        Domain::parse(unicode).as_ref(),
        Ok(d),
        "{unicode} (Unicode form of {ascii}) is not stable"
    );
    let registrable = Domain::parse(d.registrable()).expect("the registrable domain parses");
    assert!(registrable.is_registrable());
    assert_eq!(registrable.registrable(), d.registrable());
}

/// Scores in 0..=1, a reason, a protected target, best first.
pub fn check_matches(hits: &[Match]) {
    for m in hits {
        assert!(
            target_names().contains(&m.target),
            "unknown target {}",
            m.target
        );
        for x in [m.score, m.typing, m.visual, m.reach] {
            assert!((0.0..=1.0).contains(&x), "{m:?}: out of range");
        }
        assert!(!m.reason.is_empty(), "{m:?}: no reason");
    }
    assert!(
        hits.windows(2).all(|w| w[0].score >= w[1].score),
        "not best first: {hits:?}"
    );
    let mut targets: Vec<&str> = hits.iter().map(|m| m.target.as_str()).collect();
    targets.sort_unstable();
    let n = targets.len();
    targets.dedup();
    assert_eq!(targets.len(), n, "a target named twice: {hits:?}");
}
