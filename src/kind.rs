//! The named kinds of change that turn a target into a lookalike.
//!
//! The names follow dnstwist's fuzzers where they overlap (so that users of
//! either tool recognise them) and the project's own design where they do not. Every kind
//! serialises in `snake_case`, and [`Kind::from_name`] reads the same names back.

use serde::{Deserialize, Serialize};

/// A kind of lookalike. See each variant for an example from `paypal.com` or
/// `army.mil`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
#[non_exhaustive]
pub enum Kind {
    /// A character left out: `papal.com`.
    Omission,
    /// A character typed twice: `paypall.com`.
    Repetition,
    /// A character slipped in, usually from a neighbouring key: `paypaql.com`.
    Insertion,
    /// A character replaced, usually by a neighbouring key: `paypak.com`.
    Replacement,
    /// Two neighbouring characters swapped: `papyal.com`.
    Transposition,
    /// One vowel for another: `paypel.com`.
    VowelSwap,
    /// One bit of one character flipped: `pcypal.com`.
    Bitsquat,
    /// ASCII characters that look alike: `paypa1.com`, `rnicrosoft.com`.
    Homoglyph,
    /// Unicode characters that look alike (an IDN): `раypal.com`, `аррӏе.com`.
    IdnHomoglyph,
    /// A hyphen added or removed: `pay-pal.com`.
    Hyphenation,
    /// A dot inside the label, making a new registrable domain: `pay.pal.com`.
    DotInsertion,
    /// A dot dropped, merging labels: `wwwpaypal.com`, `bbcco.uk`.
    DotOmission,
    /// A character appended at the end: `paypals.com`.
    Addition,
    /// The suffix itself mistyped into another that exists: `army.ml`, `seznam.cy`.
    TldSwap,
    /// The suffix shortened, swapped for a sibling or a habitual one, or folded
    /// into the label: `bbc.uk`, `bbc.org.uk`, `army.com`, `army-mil.com`.
    SuffixConfusion,
    /// The label joined to a word: `paypal-login.com`, `securepaypal.com`.
    Combosquat,
    /// The whole target placed inside another name: `paypal.com-secure.net`,
    /// `login.paypal.com.evil.io` (found by checking only).
    TargetEmbedding,
}

impl Kind {
    /// Every kind, in declaration order.
    pub const ALL: [Kind; 17] = [
        Kind::Omission,
        Kind::Repetition,
        Kind::Insertion,
        Kind::Replacement,
        Kind::Transposition,
        Kind::VowelSwap,
        Kind::Bitsquat,
        Kind::Homoglyph,
        Kind::IdnHomoglyph,
        Kind::Hyphenation,
        Kind::DotInsertion,
        Kind::DotOmission,
        Kind::Addition,
        Kind::TldSwap,
        Kind::SuffixConfusion,
        Kind::Combosquat,
        Kind::TargetEmbedding,
    ];

    /// The `snake_case` name (`tld_swap`).
    pub fn name(self) -> &'static str {
        match self {
            Kind::Omission => "omission",
            Kind::Repetition => "repetition",
            Kind::Insertion => "insertion",
            Kind::Replacement => "replacement",
            Kind::Transposition => "transposition",
            Kind::VowelSwap => "vowel_swap",
            Kind::Bitsquat => "bitsquat",
            Kind::Homoglyph => "homoglyph",
            Kind::IdnHomoglyph => "idn_homoglyph",
            Kind::Hyphenation => "hyphenation",
            Kind::DotInsertion => "dot_insertion",
            Kind::DotOmission => "dot_omission",
            Kind::Addition => "addition",
            Kind::TldSwap => "tld_swap",
            Kind::SuffixConfusion => "suffix_confusion",
            Kind::Combosquat => "combosquat",
            Kind::TargetEmbedding => "target_embedding",
        }
    }

    /// Reads a name back; also accepts dnstwist's spellings (`vowel-swap`,
    /// `bitsquatting`, `subdomain`, `dictionary`, `tld-swap`).
    pub fn from_name(name: &str) -> Option<Kind> {
        let name = name.trim().to_ascii_lowercase().replace('-', "_");
        let alias = match name.as_str() {
            "bitsquatting" => Some(Kind::Bitsquat),
            "subdomain" => Some(Kind::DotInsertion),
            "dictionary" => Some(Kind::Combosquat),
            "cyrillic" => Some(Kind::IdnHomoglyph),
            "plural" => Some(Kind::Addition),
            _ => None,
        };
        alias.or_else(|| Kind::ALL.into_iter().find(|k| k.name() == name))
    }
}

impl std::fmt::Display for Kind {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn names_round_trip() {
        for kind in Kind::ALL {
            assert_eq!(Kind::from_name(kind.name()), Some(kind));
            let json = serde_json::to_string(&kind).unwrap();
            assert_eq!(json, format!("\"{}\"", kind.name()));
        }
        assert_eq!(Kind::from_name("vowel-swap"), Some(Kind::VowelSwap));
        assert_eq!(Kind::from_name("nonsense"), None);
    }
}
