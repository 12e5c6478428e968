//! Properties over random input: parsing never panics and is stable, and every
//! variant of a random target is valid, unique, reproducible and never the
//! target itself.

use std::collections::HashSet;

use lookalike::{Domain, Error, Generator, Matcher};
use proptest::prelude::*;

/// A plausible registrable domain: a label of host characters (sometimes with
/// a Latin letter with a diacritic or a Cyrillic letter) under a real suffix.
fn target() -> impl Strategy<Value = String> {
    let label = proptest::string::string_regex("[a-z0-9]([a-z0-9-]{0,10}[a-z0-9])?").unwrap();
    let extra = prop_oneof![Just(""), Just("é"), Just("ü"), Just("а")];
    let suffix = prop_oneof![
        Just("com"),
        Just("mil"),
        Just("co.uk"),
        Just("de"),
        Just("com.au"),
        Just("github.io")
    ];
    (label, extra, suffix).prop_map(|(l, e, s)| format!("{l}{e}.{s}"))
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 48, ..ProptestConfig::default() })]

    #[test]
    fn variants_are_valid_unique_and_never_the_target(name in target()) {
        let Ok(t) = Domain::parse(&name) else { return Ok(()) };
        let generator = Generator::builder().max_variants(3_000).build();
        let vs = generator.variants(&name).unwrap();
        prop_assert!(vs.len() <= 3_000);
        let mut seen = HashSet::new();
        for v in &vs {
            prop_assert!(seen.insert(v.domain.clone()), "{} twice", v.domain);
            let d = Domain::parse(&v.domain).map_err(|e| TestCaseError::fail(format!("{}: {e}", v.domain)))?;
            prop_assert_eq!(d.as_str(), v.domain.as_str());
            prop_assert_eq!(d.unicode(), v.unicode.as_str());
            prop_assert_ne!(d.registrable(), t.registrable());
            prop_assert!((0.0..=1.0).contains(&v.score));
        }
        prop_assert_eq!(&generator.variants(&name).unwrap(), &vs);
    }

    /// DESIGN §7: for every variant `v` of `variants(t)`, a matcher protecting
    /// `t` names `t` for `v`, with the same kind and score.
    #[test]
    fn check_agrees_with_variants(name in target()) {
        let Ok(t) = Domain::parse(&name) else { return Ok(()) };
        let matcher = Matcher::builder().protect(&name).unwrap().build();
        for v in lookalike::variants(&name).unwrap() {
            let hits = matcher.check(&v.domain).unwrap();
            let hit = hits.iter().find(|h| h.target == t.registrable());
            prop_assert!(
                hit.is_some_and(|h| h.kind == v.kind && h.score == v.score),
                "{} ({:?} {}) checked as {:?}", v.domain, v.kind, v.score, hit
            );
        }
    }

    #[test]
    fn check_never_panics_and_errors_are_typed(input in "\\PC{0,120}") {
        let matcher = Matcher::builder().protect("paypal.com").unwrap().protect_suffix("mil").unwrap().build();
        match matcher.check(&input) {
            Ok(hits) => prop_assert!(hits.iter().all(|h| (0.0..=1.0).contains(&h.score))),
            Err(e) => prop_assert!(!e.to_string().is_empty()),
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    #[test]
    fn parse_never_panics_and_is_stable(input in "\\PC{0,80}") {
        match Domain::parse(&input) {
            Ok(d) => {
                let again = Domain::parse(d.as_str()).unwrap();
                prop_assert_eq!(&again, &d);
                prop_assert_eq!(Domain::parse(d.unicode()).unwrap(), d);
            }
            Err(e) => {
                // Every error names itself.
                prop_assert!(!e.to_string().is_empty());
                let _: &dyn std::error::Error = &e;
            }
        }
    }

    #[test]
    fn hostname_like_input_never_panics(input in "[a-zA-Z0-9.\\-_@ ]{0,300}") {
        let _ = Domain::parse(&input);
        let _ = lookalike::Generator::builder().max_variants(50).build().variants(&input);
    }

    #[test]
    fn over_long_input_is_refused_cheaply(n in 1_025usize..200_000) {
        let refused = matches!(Domain::parse(&"a".repeat(n)), Err(Error::TooLong { octets }) if octets == n);
        prop_assert!(refused);
    }
}
