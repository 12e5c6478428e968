//! The matcher on real lookalikes, each form of input, and its guards.

use super::*;
use crate::confusables::Confusables;

fn matcher() -> Matcher {
    Matcher::builder()
        .protect("army.mil")
        .and_then(|b| b.protect("paypal.com"))
        .and_then(|b| b.protect("microsoft.com"))
        .and_then(|b| b.protect("bbc.co.uk"))
        .and_then(|b| b.protect("launchpad.ethereum.org"))
        .and_then(|b| b.protect_suffix("mil"))
        .map(|b| b.build())
        .unwrap()
}

fn best(m: &Matcher, input: &str) -> Option<(String, Kind)> {
    let hits = m.check(input).unwrap();
    hits.first().map(|h| (h.target.clone(), h.kind))
}

fn named(target: &str, kind: Kind) -> Option<(String, Kind)> {
    Some((target.to_owned(), kind))
}

#[test]
fn the_mil_story_through_every_input_form() {
    let m = matcher();
    for input in [
        "army.ml",
        "someone@army.ml",
        "\"Some One\" <someone@army.ml>",
        "https://army.ml/orders",
    ] {
        let hits = m.check(input).unwrap();
        assert_eq!(hits[0].target, "army.mil", "{input}");
        assert_eq!(hits[0].kind, Kind::TldSwap);
        assert!(hits[0].reason.contains("Mali"), "{}", hits[0].reason);
        let suffix = hits.iter().find(|h| h.is_suffix()).unwrap();
        assert_eq!(suffix.target, ".mil");
    }
    // Any name under .ml imitates the protected suffix.
    let hits = m.check_email("clerk@whatever.ml").unwrap();
    assert_eq!(hits.len(), 1);
    assert_eq!(hits[0].target, ".mil");
    assert!(hits[0].reason.contains("Mali"));
}

#[test]
fn real_lookalikes_name_their_target() {
    let m = matcher();
    // The target's name hidden in lookalike letters (Chromium's tests):
    // an accent, or Cyrillic `о`s, in the subdomain.
    for host in ["paypаl.com-login.net", "páypal.com-secure.io"] {
        let hits = m.check(host).unwrap();
        assert_eq!(hits[0].target, "paypal.com", "{host}");
        assert_eq!(hits[0].kind, Kind::TargetEmbedding, "{host}");
        assert!(hits[0].reason.contains("lookalike letters"), "{hits:?}");
    }
    assert_eq!(best(&m, "paypa1.com"), named("paypal.com", Kind::Homoglyph));
    assert_eq!(
        best(&m, "раураl.com"),
        named("paypal.com", Kind::IdnHomoglyph)
    );
    assert_eq!(
        best(&m, "xn--80aa0cbo65f.com"),
        named("paypal.com", Kind::IdnHomoglyph)
    );
    assert_eq!(
        best(&m, "rnicrosoft.com"),
        named("microsoft.com", Kind::Homoglyph)
    );
    assert_eq!(
        best(&m, "paypall.com"),
        named("paypal.com", Kind::Repetition)
    );
    assert_eq!(
        best(&m, "papyal.com"),
        named("paypal.com", Kind::Transposition)
    );
    assert_eq!(
        best(&m, "pay-pal.com"),
        named("paypal.com", Kind::Hyphenation)
    );
    assert_eq!(best(&m, "paypel.com"), named("paypal.com", Kind::VowelSwap));
    assert_eq!(
        best(&m, "pay.pal.com"),
        named("paypal.com", Kind::DotInsertion)
    );
    assert_eq!(
        best(&m, "wwwpaypal.com"),
        named("paypal.com", Kind::DotOmission)
    );
    assert_eq!(
        best(&m, "paypal-login.com"),
        named("paypal.com", Kind::Combosquat)
    );
    assert_eq!(
        best(&m, "paypal.com-secure.net"),
        named("paypal.com", Kind::TargetEmbedding)
    );
    assert_eq!(
        best(&m, "login.paypal.com.evil.io"),
        named("paypal.com", Kind::TargetEmbedding)
    );
    assert_eq!(best(&m, "bbcco.uk"), named("bbc.co.uk", Kind::DotOmission));
    assert_eq!(
        best(&m, "bbc.uk"),
        named("bbc.co.uk", Kind::SuffixConfusion)
    );
    assert_eq!(best(&m, "bbc.cco.uk"), named("bbc.co.uk", Kind::TldSwap));
    assert_eq!(
        best(&m, "army-mil.com"),
        named("army.mil", Kind::SuffixConfusion)
    );
    assert_eq!(
        best(&m, "etherum.org"),
        named("ethereum.org", Kind::Omission)
    );
}

#[test]
fn unicode_chains_articles_and_swaps_are_found_without_a_scan() {
    let m = Matcher::builder()
        .protect("google.gr")
        .and_then(|b| b.protect("google.com"))
        .and_then(|b| b.protect("thehawksmoor.com"))
        .and_then(|b| b.protect("joecartoon.com"))
        .map(|b| b.build())
        .unwrap();
    let named = |input: &str, target: &str, words: &str| {
        let hits = m.check(input).unwrap();
        assert!(
            hits.iter()
                .any(|h| h.target == target && h.reason.contains(words)),
            "{input}: {hits:?}"
        );
    };
    named("gοοglε.gr", "google.gr", "then 'ο' looks like 'o'");
    named("www.‹google›.com", "google.com", "two steps");
    named("webhawksmoor.com", "thehawksmoor.com", "without its 'the'");
    named("hawksmoor.net", "thehawksmoor.com", "lost its article");
    named("cartoonjoe.com", "joecartoon.com", "swapped");
    named("cartoon-joe.org", "joecartoon.com", "swapped");
    assert!(m.check("thehawksmoor.com").unwrap().is_empty());
    assert!(m.check("hawks.com").unwrap().is_empty());
}

#[test]
fn protected_allowed_and_unrelated_names_match_nothing() {
    let m = Matcher::builder()
        .protect("paypal.com")
        .and_then(|b| b.protect("paypa1.com"))
        .and_then(|b| b.allow("paypal-community.com"))
        .map(|b| b.build())
        .unwrap();
    for input in [
        "paypal.com",
        "www.paypal.com",
        "a@mail.PayPal.com",
        "paypa1.com",
        "paypal-community.com",
        "forum.paypal-community.com",
        "example.org",
    ] {
        assert_eq!(m.check(input).unwrap(), Vec::new(), "{input}");
    }
    assert!(!m.check("paypai.com").unwrap().is_empty());
}

#[test]
fn a_protected_host_protects_its_registrable_domain() {
    let m = matcher();
    assert!(m.check("launchpad.ethereum.org").unwrap().is_empty());
    assert!(m.check("ethereum.org").unwrap().is_empty());
    let hits = m.check("launchpad.etherium.org").unwrap();
    assert_eq!(hits[0].target, "ethereum.org");
}

#[test]
fn a_name_protected_twice_is_one_target() {
    let m = Matcher::builder()
        .protect("paypal.com")
        .and_then(|b| b.protect("www.paypal.com"))
        .and_then(|b| b.protect_suffix("mil"))
        .and_then(|b| b.protect_suffix(".mil"))
        .and_then(|b| b.protect("army.mil"))
        .map(|b| b.build())
        .unwrap();
    assert_eq!(m.len(), 3, "paypal.com, .mil and army.mil");
    let hits = m.check("paypa1.com").unwrap();
    assert_eq!(hits.len(), 1, "{hits:?}");
}

#[test]
fn options_filter_kinds_and_scores() {
    let all = matcher().check("army.il").unwrap();
    assert!(!all.is_empty());
    let strict = Matcher::builder()
        .protect("army.mil")
        .unwrap()
        .min_score(0.99)
        .build();
    assert!(strict.check("army.il").unwrap().is_empty());
    let only = Matcher::builder()
        .protect("paypal.com")
        .unwrap()
        .kinds([Kind::Combosquat])
        .build();
    assert!(only.check("paypa1.com").unwrap().is_empty());
    assert_eq!(only.check("paypal-login.com").unwrap().len(), 1);
}

#[test]
fn lists_load_with_comments_suffixes_and_line_numbers() {
    let list = "# protected\narmy.mil\n\n.mil   # the suffix\npaypal.com\n";
    let m = Matcher::builder()
        .protect_reader(list.as_bytes())
        .unwrap()
        .build();
    assert_eq!(m.len(), 3);
    let mut builder = Matcher::builder();
    let bad = builder
        .protect_reader("army.mil\nnot a domain\n".as_bytes())
        .map(drop);
    assert!(matches!(bad, Err(Error::List { line: 2, .. })));
    let unknown = builder.protect_suffix("nosuchsuffix").map(drop);
    assert!(matches!(unknown, Err(Error::UnknownSuffix { .. })));
}

/// A failed call leaves the builder as it was: a refused list adds none of
/// its names, a bad name loses none of the names before it.
#[test]
fn a_failed_call_keeps_the_builder() {
    let mut builder = Matcher::builder();
    builder.protect("paypal.com").unwrap();
    assert!(builder.protect("not a domain").is_err());
    assert!(
        builder
            .protect_reader("army.mil\nnot a domain\n".as_bytes())
            .is_err()
    );
    let m = builder.build();
    assert_eq!(m.len(), 1, "army.mil came from a refused list");
    assert!(!m.check("paypa1.com").unwrap().is_empty());
    // The lenient reader keeps the good lines and names the bad ones.
    let bad = builder
        .protect_reader_skipping_bad(&b"army.mil\nnot a domain\n\xff\ngithub.io\n"[..])
        .unwrap();
    let lines: Vec<usize> = bad
        .iter()
        .map(|e| match e {
            Error::List { line, .. } => *line,
            other => panic!("{other}"),
        })
        .collect();
    assert_eq!(lines, [2, 3]);
    assert_eq!(builder.build().len(), 3);
}

/// A hosting platform's own name is a public suffix (PSL private section):
/// it is protected as its registry sold it, and the reason says what it is.
#[test]
fn platform_names_are_protected_at_their_icann_suffix() {
    let m = Matcher::builder()
        .protect("github.io")
        .and_then(|b| b.protect("blogspot.com"))
        .map(|b| b.build())
        .unwrap();
    assert_eq!(m.len(), 2);
    let hit = &m.check("gitnub.io").unwrap()[0];
    assert_eq!(hit.target, "github.io");
    assert!(hit.reason.contains("hosting platform"), "{}", hit.reason);
    assert!(m.check("blogspoot.com").unwrap()[0].target == "blogspot.com");
    // A site on the platform is the platform's user, not an imitation.
    assert!(m.check("someone.github.io").unwrap().is_empty());
    // As a candidate, a platform's name is checked, not refused.
    let paypal = Matcher::builder().protect("github.com").unwrap().build();
    let found = paypal.check("github.io").unwrap();
    assert_eq!(found[0].target, "github.com");
}

/// A list that is no list costs bounded memory: a long line is read past,
/// not kept, and fails by its number.
#[test]
fn list_lines_are_bounded() {
    let long = format!("army.mil\n{}\npaypal.com\n", "a".repeat(10 * MAX_LIST_LINE));
    let mut builder = Matcher::builder();
    let bad = builder.protect_reader(long.as_bytes()).map(drop);
    assert_eq!(
        bad.err(),
        Some(Error::List {
            line: 2,
            error: Box::new(Error::TooLong {
                octets: 10 * MAX_LIST_LINE
            })
        })
    );
    let zeros = std::io::BufReader::new(std::io::Read::take(std::io::repeat(0), 1 << 24));
    assert!(matches!(
        builder.allow_reader(zeros).map(drop),
        Err(Error::List { line: 1, .. })
    ));
    let not_utf8 = builder
        .protect_reader(&b"army.mil\r\n\xff.com\n"[..])
        .map(drop);
    assert!(matches!(not_utf8, Err(Error::List { line: 2, .. })));
    // CRLF lists and a last line without a newline still load.
    let crlf = Matcher::builder()
        .protect_reader(&b"army.mil\r\n\r\npaypal.com"[..])
        .unwrap()
        .build();
    assert_eq!(crlf.len(), 2);
}

#[test]
fn bad_input_is_a_typed_error() {
    let m = matcher();
    assert_eq!(m.check(""), Err(Error::Empty));
    assert!(matches!(
        m.check("user@[127.0.0.1]"),
        Err(Error::NoHost { .. })
    ));
    assert!(matches!(
        m.check(&"a".repeat(1 << 20)),
        Err(Error::TooLong { .. })
    ));
    assert!(m.check("not a domain").is_err());
}

#[test]
fn two_step_lookalikes_are_found_by_the_index() {
    let m = Matcher::builder()
        .protect("facebook.com")
        .and_then(|b| b.protect("twitter.com"))
        .and_then(|b| b.protect("google.com"))
        .map(|b| b.build())
        .unwrap();
    for (input, target, title) in [
        ("faacebok.com", "facebook.com", "two edits: "),
        ("twitr.com", "twitter.com", "two edits: "),
        ("yewtube.twitter.com.evil.io", "twitter.com", ""),
        ("ggoogle.top", "google.com", "two steps: "),
        ("faceboocklogin.com", "facebook.com", "two steps: "),
    ] {
        let hits = m.check(input).unwrap();
        let hit = hits.iter().find(|h| h.target == target);
        assert!(
            hit.is_some_and(|h| h.reason.starts_with(title)),
            "{input}: {hits:?}"
        );
    }
    // Two edits away from nothing protected.
    assert!(m.check("example.com").unwrap().is_empty());
}

/// The visual key proposes the target of every stand-in the generator
/// substitutes, chains of two steps included (`rr` and `ŗn` for `m`, `dl`
/// for `b`): each step keeps the key, so a chain of two does too.
#[test]
fn every_stand_in_keeps_the_visual_key() {
    let confusables = Confusables::get();
    let mut buf = String::new();
    for c in ('a'..='z').chain('0'..='9') {
        let key = family::visual::visual_key(confusables, &format!("x{c}x"), &mut buf);
        for g in confusables.glyphs(c) {
            let label = format!("x{}x", g.text);
            assert_eq!(
                family::visual::visual_key(confusables, &label, &mut buf),
                key,
                "{} for {c}",
                g.text
            );
        }
    }
}

/// One brand under many suffixes, as a portfolio is protected. Where the
/// model reads the target's label alone, its targets share one answer
/// (`Model::label_alone`; in debug builds, which run these tests, each
/// copy is checked against a fresh answer); where it reads a suffix, each
/// target gets its own.
#[test]
fn the_targets_of_one_label_share_an_answer_only_where_no_suffix_is_read() {
    let suffixes = ["com", "de", "co.uk", "edu", "com.au", "co", "net"];
    let mut builder = Matcher::builder();
    for suffix in suffixes {
        builder.protect(&format!("paypal.{suffix}")).unwrap();
    }
    let m = builder.build();
    // Read the label alone: every target named, one reason.
    let hits = m.check("paypal-login.org").unwrap();
    assert_eq!(hits.len(), suffixes.len(), "{hits:?}");
    assert!(
        hits.iter()
            .all(|h| h.reason == hits[0].reason && h.score == hits[0].score),
        "{hits:?}"
    );
    // A word that is a target's suffix lures for that target only.
    let hits = m.check("secure-paypal-com.org").unwrap();
    let reason = |target: &str| {
        let hit = hits.iter().find(|h| h.target == target).unwrap();
        (hit.reason.clone(), hit.score)
    };
    assert_ne!(reason("paypal.com"), reason("paypal.net"), "{hits:?}");
    assert_eq!(reason("paypal.de"), reason("paypal.net"), "{hits:?}");
    // The generator's variants of one target, and names that read the
    // suffix, each answered as with no sharing (the debug check).
    let mut inputs: Vec<String> = crate::variants("paypal.de")
        .unwrap()
        .into_iter()
        .step_by(7)
        .map(|v| v.domain().to_owned())
        .collect();
    inputs.extend(
        [
            "paypalcouk.net",
            "paypal-co.uk.net",
            "paypalco.uk",
            "paypal.com.evil.net",
            "pay.pal.de",
            "paypal.de-secure.org",
            "paypalcom.au",
            "paypal-edu.org",
            "wwwpaypal.net",
        ]
        .map(String::from),
    );
    let explained = inputs
        .iter()
        .filter(|name| m.check(name).is_ok_and(|hits| !hits.is_empty()))
        .count();
    assert!(
        explained * 10 > inputs.len() * 9,
        "{explained} of {}",
        inputs.len()
    );
}
