//! The matcher against the generator: both directions agree.
//!
//! For every variant `v` that `variants(t)` yields, a matcher protecting `t`
//! must name `t` for `v` with the same kind and score (DESIGN §7). This runs
//! over real domains of every shape; `tests/properties.rs` runs it over random
//! ones.

use lookalike::{Matcher, variants};

fn agree(target: &str) {
    let matcher = Matcher::builder().protect(target).unwrap().build();
    let registrable = lookalike::Domain::parse(target).unwrap();
    let name = registrable.registrable().to_owned();
    let all = variants(target).unwrap();
    assert!(!all.is_empty());
    let mut missed = Vec::new();
    for v in &all {
        let hits = matcher.check(v.domain()).unwrap();
        match hits.iter().find(|h| h.target == name) {
            Some(h) if h.kind == v.kind && h.score == v.score => {}
            other => missed.push(format!(
                "{} {:?} {} -> {:?}",
                v.domain(),
                v.kind,
                v.score,
                other
            )),
        }
    }
    assert!(
        missed.is_empty(),
        "{target}: {} of {} variants not matched alike, e.g. {:#?}",
        missed.len(),
        all.len(),
        &missed[..missed.len().min(10)]
    );
}

#[test]
fn every_variant_of_real_domains_is_checked_alike() {
    for target in [
        "army.mil",
        "paypal.com",
        "microsoft.com",
        "bbc.co.uk",
        "commbank.com.au",
        "münchen.de",
        "x.com",
        "seznam.cz",
        "bankofamerica.com",
        "thehawksmoor.com",
        "joecartoon.com",
        "fbi.gov",
    ] {
        agree(target);
    }
}
