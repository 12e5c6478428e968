//! Properties over random input: parsing never panics and is stable (from the
//! ASCII and the Unicode form), errors are typed and small at every entry
//! point, output is bounded by the options, and every variant of a random
//! target is valid, unique, reproducible and never the target itself.

use std::collections::HashSet;

use lookalike::{Domain, Error, Generator, Kind, Matcher};
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
            prop_assert!(seen.insert(v.domain().to_owned()), "{} twice", v.domain());
            let d = Domain::parse(v.domain()).map_err(|e| TestCaseError::fail(format!("{}: {e}", v.domain())))?;
            prop_assert_eq!(d.as_str(), v.domain());
            prop_assert_eq!(d.unicode(), v.unicode());
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
            let hits = matcher.check(v.domain()).unwrap();
            let hit = hits.iter().find(|h| h.target == t.registrable());
            prop_assert!(
                hit.is_some_and(|h| h.kind == v.kind && h.score == v.score),
                "{} ({:?} {}) checked as {:?}", v.domain(), v.kind, v.score, hit
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

/// A plausible Unicode or punycode host: labels of letters with diacritics,
/// Cyrillic, Greek, `ß`, digits and hyphens, sometimes a `xn--` label, under
/// a real suffix (ASCII or IDN).
fn unicode_host() -> impl Strategy<Value = String> {
    let label = || proptest::string::string_regex("[a-z0-9äöüßéàçñаеорсхуπορ-]{1,20}").unwrap();
    let punycode = prop_oneof![
        Just("xn--mnchen-3ya"),
        Just("xn--80ak6aa92e"),
        Just("xn--ls8h"),
        Just("xn--a"),
        Just("xn--xn--en-0ya"),
    ];
    let first = prop_oneof![
        3 => label(),
        1 => punycode.prop_map(str::to_owned)
    ];
    let suffix = prop_oneof![
        Just("com"),
        Just("de"),
        Just("рф"),
        Just("xn--p1ai"),
        Just("co.uk"),
        Just("github.io")
    ];
    (proptest::option::of(label()), first, suffix).prop_map(|(sub, l, s)| match sub {
        Some(sub) => format!("{sub}.{l}.{s}"),
        None => format!("{l}.{s}"),
    })
}

/// Any error: typed (the `Error` enum), names itself, and stays small
/// whatever the size of the input (echoes are cut to `ECHO_LIMIT`).
fn error_is_typed_and_small(e: &Error) -> Result<(), TestCaseError> {
    let shown = e.to_string();
    prop_assert!(!shown.is_empty(), "{e:?} displays as nothing");
    prop_assert!(
        shown.chars().count() <= 320,
        "{} characters: {shown}",
        shown.chars().count()
    );
    let _: &dyn std::error::Error = e;
    Ok(())
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 500, ..ProptestConfig::default() })]

    /// Parse, to ASCII, parse again: the same domain, from the ASCII form and
    /// from the Unicode form, for hosts that parse often.
    #[test]
    fn unicode_hosts_parse_stably_from_either_form(input in unicode_host()) {
        match Domain::parse(&input) {
            Ok(d) => {
                prop_assert!(d.as_str().is_ascii());
                prop_assert_eq!(Domain::parse(d.as_str()).unwrap(), d.clone());
                prop_assert_eq!(Domain::parse(d.unicode()).unwrap(), d.clone());
                // ASCII case is folded (full Unicode case is not: `ß` → `SS`).
                let upper = d.unicode().to_ascii_uppercase();
                prop_assert_eq!(Domain::parse(&upper).unwrap(), d.clone());
            }
            Err(e) => error_is_typed_and_small(&e)?,
        }
    }

    /// Errors of every entry point are typed, named and small, for inputs of
    /// any length and content, including far past the caps.
    #[test]
    fn errors_are_typed_and_small_everywhere(
        head in "\\PC{0,40}",
        repeat in "[a-z.@\"<>\\[\\]/:\\\\ -]{1,4}",
        times in 0usize..3_000,
    ) {
        let input = format!("{head}{}", repeat.repeat(times));
        let matcher = Matcher::builder().protect("paypal.com").unwrap().build();
        for result in [
            Domain::parse(&input).map(|_| ()),
            matcher.check(&input).map(|_| ()),
            matcher.check_email(&input).map(|_| ()),
            lookalike::compare(&input, "paypal.com").map(|_| ()),
            lookalike::compare("paypa1.com", &input).map(|_| ()),
        ] {
            if let Err(e) = result {
                error_is_typed_and_small(&e)?;
            }
        }
    }

    /// Addresses in every header form, hostile ones included: never a panic,
    /// and a match only ever names the protected domain.
    #[test]
    fn check_email_never_panics(
        local in "[a-z\"@<>\\[\\]\\\\. ]{0,12}",
        name in "\\PC{0,12}",
        domain in prop_oneof![
            Just("paypa1.com".to_owned()),
            Just("[127.0.0.1]".to_owned()),
            Just("".to_owned()),
            "\\PC{0,20}",
        ],
        form in 0u8..4,
    ) {
        let address = match form {
            0 => format!("{local}@{domain}"),
            1 => format!("{name} <{local}@{domain}>"),
            2 => format!("\"{name}\" <{local}@{domain}>"),
            _ => format!("\"{local}\"@{domain}"),
        };
        let matcher = Matcher::builder().protect("paypal.com").unwrap().build();
        match matcher.check_email(&address) {
            Ok(hits) => prop_assert!(hits.iter().all(|h| h.target == "paypal.com" && (0.0..=1.0).contains(&h.score))),
            Err(e) => error_is_typed_and_small(&e)?,
        }
    }
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 24, ..ProptestConfig::default() })]

    /// Output size is bounded by the options: never more than `max_variants`
    /// variants, and only of the kinds asked for.
    #[test]
    fn output_is_bounded_by_the_options(
        name in target(),
        max in 0usize..40,
        mask in 1u32..(1 << 16),
    ) {
        let kinds: Vec<Kind> = Kind::ALL
            .iter()
            .enumerate()
            .filter(|(k, _)| mask & (1 << k) != 0)
            .map(|(_, kind)| *kind)
            .collect();
        let generator = Generator::builder().kinds(kinds.iter().copied()).max_variants(max).build();
        let Ok(vs) = generator.variants(&name) else { return Ok(()) };
        prop_assert!(vs.len() <= max, "{} > {max}", vs.len());
        prop_assert!(vs.iter().all(|v| kinds.contains(&v.kind)));
        // The cap keeps the best: the same as the first `max` of no cap.
        let all = Generator::builder().kinds(kinds.iter().copied()).build().variants(&name).unwrap();
        prop_assert_eq!(&vs[..], &all[..vs.len()]);
    }
}
