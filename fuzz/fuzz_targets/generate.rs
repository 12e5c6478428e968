//! Fuzz target `generate`: `Generator::variants` with fuzzed options.
//!
//! Input: two bytes of kind mask (bit `k` enables `Kind::ALL[k]`; 0 means
//! every kind), one byte for `max_variants` (0 to 255), then the domain.
//!
//! Checks: never a panic; at most `max_variants` variants, only of the chosen
//! kinds, highest priority first, none above its score and its weighed
//! slip together, each valid (its ASCII form parses back to itself with
//! the same Unicode form), unique, and never the target's own registrable
//! domain; errors typed and small.
//!
//! Cap: the domain is cut to its first [`MAX_DOMAIN`] bytes. Generation is
//! bounded on any input (63-octet labels, `HOMOGLYPH_BUDGET`, 400,000
//! candidates at most), but a full run over a long label validates and
//! scores tens of thousands of candidates: a few hundred milliseconds in a
//! release build (`benches/README.md`), several times that under the fuzzer's
//! instrumentation, which would starve libFuzzer. 32 bytes hold labels long
//! enough for every family and every cap to bite (the two-step homoglyph
//! budget from about 14 slots, vowel combinations from 8 vowels); the matcher
//! targets cover the longest labels.
#![no_main]

use std::collections::HashSet;

use libfuzzer_sys::fuzz_target;
use lookalike::{Domain, Generator, Kind, RegistrationRates};
use lookalike_fuzz::{check_error, text};

/// The most bytes of domain one run generates for (see the module doc).
const MAX_DOMAIN: usize = 32;

fuzz_target!(|data: &[u8]| {
    let [m0, m1, max, rest @ ..] = data else {
        return;
    };
    let mask = u16::from_le_bytes([*m0, *m1]);
    let kinds: Vec<Kind> = Kind::ALL
        .iter()
        .enumerate()
        .filter(|(k, _)| *k < 16 && mask & (1 << k) != 0)
        .map(|(_, kind)| *kind)
        .collect();
    let max = usize::from(*max);
    let generator = Generator::builder()
        .kinds(kinds.iter().copied())
        .max_variants(max)
        .build();
    let domain = text(&rest[..rest.len().min(MAX_DOMAIN)]);
    let variants = match generator.variants(&domain) {
        Ok(v) => v,
        Err(e) => {
            check_error(&e);
            return;
        }
    };
    assert!(
        variants.len() <= max,
        "{} variants over the cap {max}",
        variants.len()
    );
    let target = Domain::parse(&domain).expect("variants came from a parsed domain");
    // How much a slip counts in a priority (1 at most when the rates leave
    // it to the score's channel).
    let slip_weight = RegistrationRates::embedded()
        .typing_weight()
        .unwrap_or(1.0);
    let mut seen = HashSet::new();
    for v in &variants {
        assert!(
            kinds.is_empty() || kinds.contains(&v.kind),
            "{v:?}: kind not asked for"
        );
        assert!(seen.insert(v.domain()), "{} twice", v.domain());
        let d = Domain::parse(v.domain()).unwrap_or_else(|e| panic!("{}: {e}", v.domain()));
        assert_eq!(d.as_str(), v.domain());
        assert_eq!(d.unicode(), v.unicode());
        assert_ne!(d.registrable(), target.registrable(), "{v:?} is the target");
        for x in [v.score, v.priority, v.typing, v.visual, v.reach] {
            assert!((0.0..=1.0).contains(&x), "{v:?}: out of range");
        }
        // The registration rate only weighs the score's deliberate part
        // down; a slip counts by the rates' own weight beside it.
        let slip = v.typing * slip_weight;
        let ceiling = 1.0 - (1.0 - v.score) * (1.0 - slip);
        assert!(v.priority <= ceiling + 1e-4, "{v:?}: priority above score and slip");
        assert!(!v.reason().is_empty());
    }
    assert!(variants.windows(2).all(|w| w[0].priority >= w[1].priority));
});
