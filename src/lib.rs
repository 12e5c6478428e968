//! Ranked lookalike domains.
//!
//! For ten years, e-mail meant for the US military's `.mil` was typed as `.ml`,
//! Mali's country code, and landed there: about 117,000 messages in the first
//! half of 2023 alone. One dropped letter, a real TLD on the other side, and
//! nothing checked. `lookalike` finds the names a person can mistake for
//! another one, ranks them by risk, and says why.
//!
//! ```
//! let variants = lookalike::variants("army.mil")?;
//! let top: Vec<&str> = variants.iter().take(3).map(|v| v.domain()).collect();
//! assert!(top.contains(&"army.ml"));
//! let ml = variants.iter().find(|v| v.domain() == "army.ml").unwrap();
//! assert_eq!(
//!     ml.reason(),
//!     "suffix .mil lost its 'i'; .ml is the country-code TLD of Mali, open to registration"
//! );
//! # Ok::<(), lookalike::Error>(())
//! ```
//!
//! # What is here
//!
//! - [`Domain::parse`]: IDNA (UTS #46) and the Public Suffix List split, with
//!   one typed [`Error`] naming the offending part.
//! - [`variants`] and [`Generator`]: every confusable variant of a domain
//!   (typos, keyboard slips on three layouts, ASCII and Unicode homoglyphs,
//!   hyphens and dots, combosquats, and edits of the suffix itself), each
//!   valid, unique, tagged with its [`Kind`], scored and explained, highest
//!   risk first.
//! - [`compare`]: the same model on one pair.
//!
//! # The model
//!
//! One function scores a candidate against a target, for generation and for
//! checking alike: typing likelihood (what fingers do), visual likelihood (what
//! eyes confuse) and reach (whether a stranger can register the name). The
//! weights and the published evidence behind each are in [`score`].
//!
//! # Data
//!
//! The Public Suffix List, the IANA TLD list with each country-code's country,
//! the Unicode UTS #39 confusables, keyboard layouts and a combo-squatting word
//! list are embedded (`data/README.md` gives sources, dates and licences) and
//! parsed once, lazily. Newer PSL and TLD copies load at run time with
//! [`Suffixes::from_strs`] or [`Suffixes::from_readers`].
//!
//! No network and no file access happen at run time. Every type that holds
//! data is `Send + Sync`.

#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod confusables;
pub mod domain;
pub mod error;
pub mod generate;
pub mod keyboard;
pub mod kind;
#[cfg(feature = "mail")]
pub mod mail;
pub mod matcher;
mod pairwise;
#[cfg(feature = "dns")]
pub mod resolve;
pub mod score;
pub mod suffix;
mod tsv;

pub use domain::Domain;
pub use error::Error;
pub use generate::{Generator, GeneratorBuilder, RegistrationRates, Variant, variants};
pub use kind::Kind;
pub use matcher::{Match, Matcher, MatcherBuilder};
pub use score::Assessment;
pub use suffix::Suffixes;

use std::sync::{Arc, LazyLock};

static DEFAULT_MODEL: LazyLock<score::Model> = LazyLock::new(|| {
    score::Model::new(
        Suffixes::embedded(),
        keyboard::Layout::DEFAULT.to_vec(),
        Arc::new(score::Words::embedded()),
    )
});

/// How `candidate` imitates `target`: kind, score and reason, or `None` when it
/// does not (or when it is the target, or a name under it).
///
/// Everything the generator knows, and one step more, as the matcher does:
/// two edits of a label of seven characters or more (`faacebok.com` for
/// `facebook.com`), an edit under another suffix (`ggoogle.top`), a misspelt
/// label beside a lure word (`faceboocklogin.com`), each scored as a chain of
/// two steps whose second counts a tenth for typing. The generator stops at
/// one step.
///
/// ```
/// let a = lookalike::compare("paypa1.com", "paypal.com")?.unwrap();
/// assert_eq!(a.kind, lookalike::Kind::Homoglyph);
/// assert!(a.score > 0.5);
/// assert!(lookalike::compare("example.org", "paypal.com")?.is_none());
///
/// let two = lookalike::compare("faacebok.com", "facebook.com")?.unwrap();
/// assert!(two.reason.starts_with("two edits: "));
/// assert!(two.score < lookalike::compare("facebok.com", "facebook.com")?.unwrap().score);
/// # Ok::<(), lookalike::Error>(())
/// ```
pub fn compare(candidate: &str, target: &str) -> Result<Option<Assessment>, Error> {
    let model = &*DEFAULT_MODEL;
    let candidate = Domain::parse_with(candidate, &model.suffixes)?;
    let target = Domain::parse_with(target, &model.suffixes)?;
    let target = Domain::parse_with(target.registrable(), &model.suffixes)?;
    let t = score::Target::domain(&target, model);
    let scored = score::Candidate::of(&candidate);
    match model.assess(&scored, &t) {
        Some(found) => Ok(Some(found)),
        None => Ok(pairwise::two_steps(
            model,
            (&candidate, &scored.label_listed),
            &t,
            0.0,
        )),
    }
}

#[cfg(test)]
mod tests {
    fn assert_send_sync<T: Send + Sync>() {}

    #[test]
    fn shared_types_are_send_and_sync() {
        assert_send_sync::<crate::Generator>();
        assert_send_sync::<crate::Suffixes>();
        assert_send_sync::<crate::Domain>();
        assert_send_sync::<crate::Variant>();
        assert_send_sync::<crate::Matcher>();
    }
}
