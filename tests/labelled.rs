//! Recall on real lookalikes and false positives on real near-misses.
//!
//! `tests/data/lookalikes.tsv` holds real lookalike pairs gathered from public
//! sources (UDRP and court decisions, the `.mil`/`.ml` reports, browser test
//! suites, papers), each row with its source (`tests/data/SOURCES.md`).
//! `tests/data/near-legit.tsv` holds pairs that look near but are legitimate:
//! different real organisations, and one organisation's own hosts and
//! country domains. The figures are reported in README.md ("How well it
//! works"); these tests keep them from sliding.
//!
//! The issue asks for 95% recall through both `check` and `variants`.
//! `check` reaches it (95.4%, 188 of 197): it names two-step lookalikes (two
//! edits, an edit under another suffix, a misspelt label beside a word,
//! lookalike letters and one more change) that the generator, which stops
//! at one step, does not produce. `variants` reaches 54.3%: most of its 90
//! misses are combosquats with arbitrary words (`dogepaypal`,
//! `example-google`), names two or more steps away (`twitr`, `fbigov.art`)
//! or symbols (`🔒google`), which no list of one-step variants holds. The
//! floors below are the measured figures, rounded down: they stop
//! regressions.

use std::collections::BTreeSet;

use lookalike::{Domain, Matcher, variants};

fn rows(text: &str) -> Vec<Vec<&str>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| l.split('\t').collect())
        .collect()
}

fn lookalikes() -> Vec<(String, String)> {
    rows(include_str!("data/lookalikes.tsv"))
        .into_iter()
        .map(|r| (r[0].to_owned(), r[1].to_owned()))
        .collect()
}

fn registrable(name: &str) -> String {
    Domain::parse(name).unwrap().registrable().to_owned()
}

#[test]
fn the_labelled_set_is_large_and_sourced() {
    let text = include_str!("data/lookalikes.tsv");
    let all = rows(text);
    assert!(all.len() >= 150, "{} rows", all.len());
    assert!(all.iter().all(|r| r.len() == 4 && !r[3].trim().is_empty()));
}

#[test]
fn check_recall_on_real_lookalikes_does_not_slide() {
    let pairs = lookalikes();
    let targets: BTreeSet<String> = pairs.iter().map(|(_, t)| t.clone()).collect();
    let mut builder = Matcher::builder();
    for t in &targets {
        builder.protect(t).unwrap();
    }
    let matcher = builder.build();
    let mut missed = Vec::new();
    for (candidate, target) in &pairs {
        // A candidate that does not parse (an unknown TLD) counts as missed.
        let hits = matcher.check(candidate).unwrap_or_default();
        if !hits.iter().any(|h| h.target == registrable(target)) {
            missed.push(format!("{candidate} -> {target}"));
        }
    }
    let recall = 1.0 - missed.len() as f64 / pairs.len() as f64;
    assert!(recall >= 0.95, "recall {recall:.3}, missed {missed:#?}");
}

#[test]
fn variants_recall_on_real_lookalikes_does_not_slide() {
    let pairs = lookalikes();
    let targets: BTreeSet<&String> = pairs.iter().map(|(_, t)| t).collect();
    let mut generated = std::collections::HashMap::new();
    for t in targets {
        let names: BTreeSet<String> = variants(t)
            .unwrap()
            .into_iter()
            .map(|v| v.domain().to_owned())
            .collect();
        generated.insert(t.clone(), names);
    }
    let mut missed = Vec::new();
    for (candidate, target) in &pairs {
        // A variant is a registrable name; a candidate with subdomains is
        // found when its registrable domain is. One that does not parse is
        // missed.
        let found = Domain::parse(candidate).is_ok_and(|d| {
            generated[target].contains(d.as_str()) || generated[target].contains(d.registrable())
        });
        if !found {
            missed.push(format!("{candidate} -> {target}"));
        }
    }
    let recall = 1.0 - missed.len() as f64 / pairs.len() as f64;
    assert!(recall >= 0.54, "recall {recall:.3}, missed {missed:#?}");
}

/// The false-positive rate at the score a mail filter should act on (0.5,
/// README "How well it works"). The fitted score flags more of these pairs
/// than the judgement one did (17.9% against 6.2%: mostly one
/// organisation's `.net`/`.org` twins and short labels one slip apart) and
/// catches ten times the real lookalikes; `docs/scoring.md` reports both.
const ACT_ON: f64 = 0.5;

#[test]
fn near_but_legitimate_pairs_are_rarely_flagged() {
    let all = rows(include_str!("data/near-legit.tsv"));
    let mut flagged = Vec::new();
    for r in &all {
        let (candidate, target) = (r[0], r[1]);
        let mut builder = Matcher::builder();
        builder.protect(target).unwrap();
        let hits = builder
            .min_score(ACT_ON)
            .build()
            .check(candidate)
            .unwrap_or_default();
        if let Some(hit) = hits.first() {
            flagged.push(format!(
                "{candidate} ~ {target} ({}, {:?} {})",
                r[2], hit.kind, hit.score
            ));
        }
    }
    let rate = flagged.len() as f64 / all.len() as f64;
    assert!(rate <= 0.2, "{rate:.3}: {flagged:#?}");
}
