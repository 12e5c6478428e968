//! The reference corpus through `Matcher::check`, one row per answer, with the
//! features the fitted score reads: what `scripts/fit_score.py` fits on and
//! `scripts/evaluate_score.py` measures.
//!
//! ```sh
//! cargo run --release --example corpus_features -- corpus [WEIGHTS.tsv] > rows.tsv
//! ```
//!
//! Each case is checked the way a user would check it:
//! - a positive (`corpus/positives.tsv`) against a matcher protecting every
//!   positive's target at once: one row for its own target's match, or a
//!   row with `found` 0 when there is none;
//! - a near-legitimate pair against a matcher protecting its target alone;
//! - a popular name against the first 1,000 names of `data/top-domains.txt`
//!   protected, and a hosting platform against every positive's target: a
//!   row for each match, or one row with `found` 0.
//!
//! Columns: `split label relation candidate target found kind score typing
//! reach`, then one column per feature (`lookalike::score::features::NAMES`).

use std::collections::BTreeSet;
use std::error::Error;
use std::fs;
use std::io::{BufWriter, Write};

use lookalike::score::Weights;
use lookalike::score::features::NAMES;
use lookalike::{Domain, Match, Matcher, MatcherBuilder};

/// How many popular names are protected for the precision rows.
const PROTECTED_POPULAR: usize = 1_000;

struct Row {
    candidate: String,
    target: String,
    relation: String,
    split: String,
}

fn main() -> Result<(), Box<dyn Error>> {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let corpus = args.first().map_or("corpus", String::as_str);
    let weights = match args.get(1) {
        Some(path) => Weights::from_tsv(&fs::read_to_string(path)?)?,
        None => Weights::embedded(),
    };
    let positives = read_rows(&format!("{corpus}/positives.tsv"), false)?;
    let negatives = read_rows(&format!("{corpus}/negatives.tsv"), true)?;
    let out = &mut BufWriter::new(std::io::stdout().lock());
    write!(
        out,
        "split\tlabel\trelation\tcandidate\ttarget\tfound\tkind\tscore\ttyping\treach"
    )?;
    for name in NAMES {
        write!(out, "\t{name}")?;
    }
    writeln!(out)?;

    let builder = || {
        let mut builder = Matcher::builder();
        builder.weights(weights.clone());
        builder
    };
    let targets: BTreeSet<&str> = positives.iter().map(|r| r.target.as_str()).collect();
    let brands = protect_all(builder(), targets.iter().copied())?;
    for row in &positives {
        let hits = brands.check(&row.candidate).unwrap_or_default();
        let own = hits.iter().find(|m| m.target == row.target);
        write_row(out, row, 1, own)?;
    }

    let top = fs::read_to_string("data/top-domains.txt")?;
    let popular = protect_all(builder(), top.lines().take(PROTECTED_POPULAR))?;
    for row in &negatives {
        let (matcher, own_target);
        let hits = match row.relation.as_str() {
            "popular" => popular.check(&row.candidate),
            "platform" => brands.check(&row.candidate),
            _ => {
                own_target = builder().protect(&row.target).map(|b| b.build());
                matcher = match &own_target {
                    Ok(m) => m,
                    Err(_) => continue,
                };
                matcher.check(&row.candidate)
            }
        };
        let hits = hits.unwrap_or_default();
        let hits: Vec<&Match> = if row.target.is_empty() {
            hits.iter().collect()
        } else {
            hits.iter().filter(|m| m.target == row.target).collect()
        };
        if hits.is_empty() {
            write_row(out, row, 0, None)?;
        }
        for hit in hits {
            write_row(out, row, 0, Some(hit))?;
        }
    }
    out.flush()?;
    Ok(())
}

/// A matcher protecting each name that parses; the rest are skipped.
fn protect_all<'a>(
    mut builder: MatcherBuilder,
    names: impl Iterator<Item = &'a str>,
) -> Result<Matcher, lookalike::Error> {
    for name in names.filter(|n| Domain::parse(n).is_ok()) {
        builder.protect(name)?;
    }
    Ok(builder.build())
}

fn write_row(
    out: &mut impl Write,
    row: &Row,
    label: u8,
    hit: Option<&Match>,
) -> std::io::Result<()> {
    let target = hit.map_or(row.target.as_str(), |m| m.target.as_str());
    write!(
        out,
        "{}\t{label}\t{}\t{}\t{target}\t{}\t{}\t{}\t{}\t{}",
        row.split,
        row.relation,
        row.candidate,
        u8::from(hit.is_some()),
        hit.map_or("-".to_owned(), |m| m.kind.to_string()),
        hit.map_or(0.0, |m| m.score),
        hit.map_or(0.0, |m| m.typing),
        hit.map_or(0.0, |m| m.reach),
    )?;
    for name in NAMES {
        let value = hit.and_then(|m| m.features.get(name)).unwrap_or(0.0);
        write!(out, "\t{value}")?;
    }
    writeln!(out)
}

/// The rows of a corpus file, by its header's column names.
fn read_rows(path: &str, negatives: bool) -> Result<Vec<Row>, Box<dyn Error>> {
    let text = fs::read_to_string(path)?;
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap_or("").split('\t').collect();
    let column = |name: &str| header.iter().position(|h| *h == name);
    let (Some(c), Some(t), Some(s)) = (column("candidate"), column("target"), column("split"))
    else {
        return Err(format!("{path}: no candidate, target and split columns").into());
    };
    let (relation, source) = (column("relation"), column("source"));
    let mut rows = Vec::new();
    for line in lines.filter(|l| !l.is_empty()) {
        let fields: Vec<&str> = line.split('\t').collect();
        let field = |i: usize| fields.get(i).copied().unwrap_or("").to_owned();
        rows.push(Row {
            candidate: field(c),
            target: field(t),
            relation: match relation {
                Some(r) => field(r),
                None if negatives => "negative".to_owned(),
                // Positives are told apart by where they come from.
                None => match source.map(field) {
                    Some(s) if s.starts_with("polkadot-js") => "phishing".to_owned(),
                    _ => "labelled".to_owned(),
                },
            },
            split: field(s),
        });
    }
    Ok(rows)
}
