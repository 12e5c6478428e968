//! The generator, tried as a user would: real targets, real expectations.

use std::collections::HashSet;

use lookalike::{Domain, Generator, Kind, RegistrationRates, variants};

fn find<'a>(vs: &'a [lookalike::Variant], domain: &str) -> Option<&'a lookalike::Variant> {
    vs.iter()
        .find(|v| v.domain() == domain || v.unicode() == domain)
}

#[test]
fn army_mil_puts_army_ml_in_the_top_three_and_names_mali() {
    let vs = variants("army.mil").unwrap();
    let rank = vs
        .iter()
        .position(|v| v.domain() == "army.ml")
        .expect("army.ml generated");
    assert!(rank < 3, "army.ml ranked {}", rank + 1);
    assert!(vs[rank].reason().contains("Mali"), "{}", vs[rank].reason());
    assert_eq!(vs[rank].kind, Kind::TldSwap);
    let amy = find(&vs, "amy.mil").expect("amy.mil generated");
    assert!(
        amy.score * 10.0 < vs[rank].score,
        "amy.mil {} vs army.ml {}",
        amy.score,
        vs[rank].score
    );
}

#[test]
fn every_kind_has_a_real_example() {
    let paypal = variants("paypal.com").unwrap();
    for (domain, kind) in [
        ("papal.com", Kind::Omission),
        ("paypall.com", Kind::Repetition),
        ("paypaql.com", Kind::Insertion),
        ("paypak.com", Kind::Replacement),
        ("papyal.com", Kind::Transposition),
        ("paypel.com", Kind::VowelSwap),
        ("pcypal.com", Kind::Bitsquat),
        ("paypa1.com", Kind::Homoglyph),
        ("раураӏ.com", Kind::IdnHomoglyph),
        ("pay-pal.com", Kind::Hyphenation),
        ("pay.pal.com", Kind::DotInsertion),
        ("wwwpaypal.com", Kind::DotOmission),
        ("paypals.com", Kind::Addition),
        ("paypal.co", Kind::TldSwap),
        ("paypal.net", Kind::SuffixConfusion),
        ("paypal-login.com", Kind::Combosquat),
        ("securepaypal.com", Kind::Combosquat),
    ] {
        let v = find(&paypal, domain).unwrap_or_else(|| panic!("{domain} not generated"));
        assert_eq!(v.kind, kind, "{domain}: {}", v.reason());
    }
    let microsoft = variants("microsoft.com").unwrap();
    assert_eq!(
        find(&microsoft, "rnicrosoft.com").map(|v| v.kind),
        Some(Kind::Homoglyph)
    );
    let apple = variants("apple.com").unwrap();
    let cyrillic = find(&apple, "аррӏе.com").expect("whole-script Cyrillic apple");
    assert!(
        cyrillic.reason().contains("whole-script Cyrillic"),
        "{}",
        cyrillic.reason()
    );
    let bbc = variants("bbc.co.uk").unwrap();
    for (domain, kind) in [
        ("bbc.co", Kind::SuffixConfusion),
        ("bbc.uk", Kind::SuffixConfusion),
        ("bbc.com", Kind::SuffixConfusion),
        ("bbc.org.uk", Kind::SuffixConfusion),
        ("bbcco.uk", Kind::DotOmission),
    ] {
        assert_eq!(find(&bbc, domain).map(|v| v.kind), Some(kind), "{domain}");
    }
    let army = variants("army.mil").unwrap();
    assert_eq!(
        find(&army, "army-mil.com").map(|v| v.kind),
        Some(Kind::SuffixConfusion)
    );
    assert_eq!(
        find(&army, "armymil.com").map(|v| v.kind),
        Some(Kind::SuffixConfusion)
    );
    assert_eq!(find(&army, "army.il").map(|v| v.kind), Some(Kind::TldSwap));
}

#[test]
fn czech_qwertz_typists_hit_cy() {
    let vs = variants("seznam.cz").unwrap();
    let cy = find(&vs, "seznam.cy").expect("seznam.cy");
    assert_eq!(cy.kind, Kind::TldSwap);
    assert!(cy.reason().contains("qwerty"), "{}", cy.reason());
}

#[test]
fn output_is_ranked_unique_valid_and_never_the_target() {
    // How much a slip counts in a priority: the embedded rates' weight, or
    // at most 1 when they leave it to the score's channel.
    let slip_weight = RegistrationRates::embedded().typing_weight().unwrap_or(1.0);
    for target in [
        "paypal.com",
        "army.mil",
        "bbc.co.uk",
        "münchen.de",
        "x.com",
        "commbank.com.au",
    ] {
        let vs = variants(target).unwrap();
        assert!(!vs.is_empty(), "{target}");
        let t = Domain::parse(target).unwrap();
        let mut seen = HashSet::new();
        for pair in vs.windows(2) {
            let ordered = pair[0].priority > pair[1].priority
                || (pair[0].priority == pair[1].priority && pair[0].domain() < pair[1].domain());
            assert!(ordered, "{} before {}", pair[0].domain(), pair[1].domain());
        }
        for v in &vs {
            assert!(seen.insert(v.domain().to_owned()), "{} twice", v.domain());
            let parsed =
                Domain::parse(v.domain()).unwrap_or_else(|e| panic!("{}: {e}", v.domain()));
            assert_eq!(parsed.as_str(), v.domain(), "ASCII form is canonical");
            assert_eq!(parsed.unicode(), v.unicode(), "Unicode form round-trips");
            assert_ne!(
                parsed.registrable(),
                t.registrable(),
                "{} is the target's",
                v.domain()
            );
            assert!((0.0..=1.0).contains(&v.score));
            // The registration rate only ever weighs the score's deliberate
            // part down; a slip counts by the rates' own weight, and a
            // closed suffix's floor keeps its part.
            assert!((0.0..=1.0).contains(&v.priority));
            let slip = v.typing * slip_weight;
            assert!(
                v.priority <= 1.0 - (1.0 - v.score) * (1.0 - slip) + 1e-4,
                "{}: {} > {} or a slip of {slip}",
                v.domain(),
                v.priority,
                v.score
            );
            assert!(!v.reason().is_empty());
        }
    }
}

#[test]
fn deterministic_and_capped() {
    assert_eq!(
        variants("google.com").unwrap(),
        variants("google.com").unwrap()
    );
    let capped = Generator::builder()
        .max_variants(10)
        .build()
        .variants("google.com")
        .unwrap();
    assert_eq!(capped.len(), 10);
    assert_eq!(capped, variants("google.com").unwrap()[..10]);
}

#[test]
fn kinds_filter() {
    let only = Generator::builder()
        .kinds([Kind::TldSwap])
        .build()
        .variants("army.mil")
        .unwrap();
    assert!(!only.is_empty());
    assert!(only.iter().all(|v| v.kind == Kind::TldSwap));
}

#[test]
fn hostile_lengths_stay_bounded() {
    let label = "a".repeat(63);
    let name = format!("{label}.{label}.{label}.{}.com", "b".repeat(57));
    let start = std::time::Instant::now();
    let vs = variants(&name).unwrap();
    assert!(vs.len() <= lookalike::generate::DEFAULT_MAX_VARIANTS);
    // Not a timing test: a generous bound that only an explosion would break.
    assert!(start.elapsed().as_secs() < 20);
    assert!(variants(&"a".repeat(1 << 20)).is_err());
}

#[test]
fn the_label_under_other_tlds_and_combos_beside_a_closed_suffix() {
    // The commonest UDRP case: the same label under an unrelated open TLD.
    // The corpus puts attackers under the new generic TLDs and organisations
    // under their countries' (the `new_generic_suffix` and `country_suffix`
    // features), so the first two outrank the last two.
    let paypal = variants("paypal.com").unwrap();
    let score = |other: &str| {
        let v = find(&paypal, other).unwrap_or_else(|| panic!("{other} generated"));
        assert_eq!(v.kind, Kind::SuffixConfusion, "{other}");
        v.score
    };
    for generic in ["paypal.zip", "paypal.store"] {
        for country in ["paypal.co.uk", "paypal.com.br"] {
            assert!(score(generic) > score(country), "{generic} {country}");
            assert!(score(country) < 0.5, "{country}");
        }
    }
    // Sponsored TLDs are their community's alone.
    assert!(find(&paypal, "paypal.mil").is_none());
    assert!(find(&paypal, "paypal.aero").is_none());
    // A closed suffix's combosquats land under .com.
    let fbi = variants("fbi.gov").unwrap();
    assert!(find(&fbi, "fbi-login.com").is_some());
    assert!(find(&fbi, "securefbi.com").is_some());
}

fn json_of(x: impl serde::Serialize) -> String {
    serde_json::to_string(&x).unwrap()
}

#[test]
fn a_variant_serializes_as_its_nine_fields_and_back() {
    let vs = variants("army.mil").unwrap();
    let v = find(&vs, "army.ml").expect("army.ml generated");
    let json = serde_json::to_string(v).unwrap();
    let expected = format!(
        r#"{{"domain":"army.ml","unicode":"army.ml","kind":"tld_swap","score":{},"priority":{},"typing":{},"visual":{},"reach":{},"reason":{}}}"#,
        json_of(v.score),
        json_of(v.priority),
        json_of(v.typing),
        json_of(v.visual),
        json_of(v.reach),
        json_of(v.reason())
    );
    assert_eq!(json, expected);
    let back: lookalike::Variant = serde_json::from_str(&json).unwrap();
    assert_eq!(&back, v);
    assert_eq!(
        (back.domain(), back.unicode(), back.reason()),
        (v.domain(), v.unicode(), v.reason())
    );
    let debug = format!("{v:?}");
    assert!(
        debug.starts_with(r#"Variant { domain: "army.ml", unicode: "army.ml", kind: TldSwap"#),
        "{debug}"
    );
}

/// dnstwist's second pass works on what its first pass wrote (`m` → `rn` →
/// `rr`, `b` → `d` → `dl`, `bb` → `dd` → `cld`): those chains are variants,
/// scored by the model, and a matcher protecting the target names it for
/// each, with the same kind and score.
#[test]
fn chains_of_two_glyph_steps_are_variants_the_matcher_names() {
    use lookalike::Matcher;
    for (target, chains) in [
        (
            "army.mil",
            &[
                "arnry.mil",
                "arrry.mil",
                "arry.mil",
                "arŗny.mil",
                "arňňy.mil",
            ][..],
        ),
        (
            "bbc.co.uk",
            &[
                "bdlc.co.uk",
                "bclc.co.uk",
                "cldc.co.uk",
                "ldbc.co.uk",
                "lb1bc.co.uk",
            ][..],
        ),
        ("microsoft.com", &["rricrosoft.com", "ññicrosoft.com"][..]),
    ] {
        let vs = variants(target).unwrap();
        let matcher = Matcher::builder().protect(target).unwrap().build();
        for chain in chains {
            let v = find(&vs, chain).unwrap_or_else(|| panic!("{chain} not generated"));
            assert!(
                matches!(
                    v.kind,
                    Kind::Homoglyph | Kind::IdnHomoglyph | Kind::Replacement
                ),
                "{chain}: {:?} {}",
                v.kind,
                v.reason()
            );
            let hits = matcher.check(chain).unwrap();
            let hit = hits.iter().find(|h| h.target == target);
            assert!(
                hit.is_some_and(|h| h.kind == v.kind && h.score == v.score),
                "{chain}: {:?} {} checked as {hit:?}",
                v.kind,
                v.score
            );
        }
    }
    let bbc = variants("bbc.co.uk").unwrap();
    let bdlc = find(&bbc, "bdlc.co.uk").unwrap();
    assert_eq!(bdlc.kind, Kind::Homoglyph, "{}", bdlc.reason());
    assert!(
        bdlc.reason().contains("'dl' looks like 'b'"),
        "{}",
        bdlc.reason()
    );
}

/// A homoglyph of the `co` of `co.uk` lands on another registrable domain
/// (`ƈo.uk`, under `.uk`): a variant, scored as the homoglyph it is, and
/// named by a matcher protecting the target. Where one edit of the name
/// explains it better (`bbc.c0.uk`, `o` next to `0`), the edit wins.
#[test]
fn homoglyphs_of_a_suffix_label_move_the_split() {
    use lookalike::Matcher;
    let vs = variants("bbc.co.uk").unwrap();
    let matcher = Matcher::builder().protect("bbc.co.uk").unwrap().build();
    let hook = find(&vs, "bbc.ƈo.uk").expect("bbc.ƈo.uk generated");
    assert_eq!(hook.kind, Kind::IdnHomoglyph);
    assert!(
        hook.reason().contains("in suffix .co.uk"),
        "{}",
        hook.reason()
    );
    assert!(
        hook.reason().contains("belongs to ƈo.uk"),
        "{}",
        hook.reason()
    );
    assert!(hook.reason().contains(".uk is"), "{}", hook.reason());
    for name in ["bbc.ƈo.uk", "www.bbc.ƈo.uk"] {
        let hits = matcher.check(name).unwrap();
        assert_eq!(
            hits.first().map(|h| (h.target.as_str(), h.kind)),
            Some(("bbc.co.uk", Kind::IdnHomoglyph)),
            "{name}"
        );
        assert_eq!(hits[0].score, hook.score, "{name}");
    }
    // `0` for `o` is both a homoglyph and a keyboard slip; the fitted
    // weights choose which explains it, and the reason names the new owner.
    let zero = find(&vs, "bbc.c0.uk").expect("bbc.c0.uk generated");
    assert!(
        matches!(zero.kind, Kind::Homoglyph | Kind::TldSwap),
        "{}",
        zero.reason()
    );
    assert!(
        zero.reason().contains("belongs to c0.uk"),
        "{}",
        zero.reason()
    );
    // Only directly under the rest of the suffix, and only the target's
    // label before it.
    assert!(
        matcher
            .check("bbc.ƈo.com")
            .unwrap()
            .iter()
            .all(|h| h.kind != Kind::IdnHomoglyph)
    );
    assert!(matcher.check("cnn.ƈo.uk").unwrap().is_empty());
}

#[test]
fn the_names_attackers_register_rise_and_uniform_rates_rank_by_score() {
    // The corpus's attackers put the brand under another TLD far more often
    // than they register one of its two million IDN homoglyphs: the fitted
    // rates lift the first and sink the second.
    let metamask = variants("metamask.io").unwrap();
    let at = |name: &str| metamask.iter().position(|v| v.domain() == name);
    for moved in ["metamask.com", "metamask.app"] {
        let rank = at(moved).unwrap_or_else(|| panic!("{moved} generated"));
        // Above them stay the slips of the finger (`meamask.io`), whose
        // typing channel no registration rate weighs: about 120 for a name
        // of eight letters.
        assert!(rank < 200, "{moved} ranked {}", rank + 1);
    }
    assert!(
        metamask[..20].iter().all(|v| v.kind != Kind::IdnHomoglyph),
        "{:?}",
        &metamask[..20]
    );
    // With every rate 1 the priority is the score and the list is ranked by
    // it.
    let by_score = Generator::builder()
        .registration_rates(lookalike::RegistrationRates::uniform())
        .build()
        .variants("metamask.io")
        .unwrap();
    assert_eq!(by_score.len(), metamask.len());
    for v in &by_score {
        assert!((v.priority - v.score).abs() < 1e-3, "{v:?}");
    }
}

/// The brand made plural (`paypals.com`, `metamasks.shop`) is a second
/// spelling attackers register, not a slip: the registration rates' plural
/// rows lift it far above the additions and chains it is one of, and into
/// the head of the list; the first 20 made best first are the same as the
/// whole list's.
#[test]
fn a_plural_rises_above_the_slips_it_was_counted_with() {
    let embedded = include_str!("../data/registration-rates.tsv");
    let without: String = embedded
        .lines()
        .filter(|line| !line.starts_with("shape\tplural"))
        .map(|line| format!("{line}\n"))
        .collect();
    assert_ne!(without.len(), embedded.len(), "the table has a plural row");
    let rank = |rates: &str| {
        let rates = RegistrationRates::from_tsv(rates).unwrap();
        let list = Generator::builder()
            .registration_rates(rates)
            .build()
            .variants("paypal.com")
            .unwrap();
        let at = list.iter().position(|v| v.domain() == "paypals.com");
        at.expect("paypals.com generated") + 1
    };
    let (with_row, without_row) = (rank(embedded), rank(&without));
    assert!(with_row * 5 < without_row, "{with_row} vs {without_row}");
    assert!(with_row <= 50, "ranked {with_row}");
    // Moved under any open TLD, the plural is made too (`metamasks.shop`:
    // the moved label edits reach five TLDs only) and rated by its own row
    // above the chains it would otherwise be counted with.
    let metamask = |rates: &str| {
        let rates = RegistrationRates::from_tsv(rates).unwrap();
        Generator::builder()
            .registration_rates(rates)
            .build()
            .variants("metamask.io")
            .unwrap()
    };
    let chains: String = embedded
        .lines()
        .filter(|line| !line.starts_with("shape\tmoved_plural"))
        .map(|line| format!("{line}\n"))
        .collect();
    let at = |list: &[lookalike::Variant], name: &str| {
        list.iter()
            .position(|v| v.domain() == name)
            .unwrap_or_else(|| panic!("{name} generated"))
    };
    let (own_row, as_chain) = (metamask(embedded), metamask(&chains));
    assert!(at(&own_row, "metamasks.shop") < at(&as_chain, "metamasks.shop"));
    assert!(
        at(&own_row, "metamasks.com") < 20,
        "{}",
        at(&own_row, "metamasks.com")
    );
    let top = Generator::builder().max_variants(20).build();
    let head = top.variants("paypal.com").unwrap();
    let whole = variants("paypal.com").unwrap();
    assert_eq!(head[..], whole[..20]);
}

/// A label edit moved under a TLD attackers favour (`etamask.com` for
/// `metamask.io`) is a variant, explained and scored as the chain of two
/// steps the matcher names it by; under a TLD nobody favours it is not
/// made.
#[test]
fn a_label_edit_moved_under_a_favoured_tld_is_a_chain_variant() {
    use lookalike::Matcher;
    let vs = variants("metamask.io").unwrap();
    let v = find(&vs, "etamask.com").expect("etamask.com generated");
    assert!(v.reason().starts_with("two steps: "), "{}", v.reason());
    let matcher = Matcher::builder().protect("metamask.io").unwrap().build();
    let hits = matcher.check("etamask.com").unwrap();
    assert!(
        hits.iter()
            .any(|h| h.target == "metamask.io" && h.kind == v.kind && h.score == v.score),
        "{hits:?} against {v:?}"
    );
    assert!(find(&vs, "etamask.museum").is_none());
    // Asked for one kind, the chains that report it come too. A chain
    // reports the kind of its stronger step, which the fitted weights
    // decide (the omission or the move to `.com`).
    let of_its_kind = Generator::builder()
        .kinds([v.kind])
        .build()
        .variants("metamask.io")
        .unwrap();
    let moved = find(&of_its_kind, "etamask.com").expect("the chain asked for by its kind");
    assert_eq!(moved.kind, v.kind);
    assert!(
        matches!(v.kind, Kind::Omission | Kind::SuffixConfusion),
        "{v:?}"
    );
}
