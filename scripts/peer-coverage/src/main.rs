//! `peer-coverage DNSTWIST_DIR DOMAIN...`: for each domain, the share of what
//! dnstwist (`DNSTWIST_DIR/DOMAIN.txt`, from `dnstwist --format list DOMAIN`)
//! and twistrs (run here) print that `lookalike::variants` also produces.
//!
//! A peer row counts when it is a valid host name under a suffix that exists
//! (`lookalike::Domain::parse` accepts it) and its registrable domain differs
//! from the target's; twistrs's dictionary and TLD-list kinds (`Keyword`,
//! `KeywordTld`, `Tld`, `FauxTld`) are left out, as the issue asks; dnstwist
//! prints none of its own by default. Rows are compared in ASCII form. With
//! `PEER_MISSED` set, every row missed is printed on standard error
//! (domain, tool, peer kind, row, ASCII form), tab-separated.

use std::collections::{BTreeMap, HashSet};
use std::panic::{AssertUnwindSafe, catch_unwind};

use lookalike::Domain;
use twistrs::filter::Permissive;
use twistrs::permutate::{Domain as TwistDomain, PermutationKind};

fn counted(row: &str, target: &Domain) -> Option<String> {
    let d = Domain::parse(row).ok()?;
    (d.registrable() != target.registrable()).then(|| d.as_str().to_owned())
}

fn twistrs_rows(domain: &str) -> Vec<(String, String)> {
    let Ok(d) = TwistDomain::new(domain) else { return Vec::new() };
    let excluded = |k: &PermutationKind| {
        matches!(k, PermutationKind::Keyword | PermutationKind::KeywordTld | PermutationKind::Tld | PermutationKind::FauxTld)
    };
    // twistrs panics on some IDN input (char/byte index mix-up); keep what it gave.
    catch_unwind(AssertUnwindSafe(|| {
        d.all(&Permissive)
            .filter(|p| !excluded(&p.kind))
            .map(|p| (format!("{:?}", p.kind), p.domain.fqdn.to_string()))
            .collect()
    }))
    .unwrap_or_default()
}

fn main() {
    std::panic::set_hook(Box::new(|_| {}));
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((dir, domains)) = args.split_first() else {
        eprintln!("usage: peer-coverage DNSTWIST_DIR DOMAIN...");
        std::process::exit(2);
    };
    let mut totals = BTreeMap::<&str, (usize, usize)>::new();
    println!("| domain | tool | counted rows | in lookalike | coverage | missed, by peer kind (first examples) |");
    println!("|---|---|---|---|---|---|");
    for domain in domains {
        let target = Domain::parse(domain).expect("target parses");
        let ours: HashSet<String> =
            lookalike::variants(domain).expect("variants").into_iter().map(|v| v.domain().to_owned()).collect();
        let dnstwist: Vec<(String, String)> = std::fs::read_to_string(format!("{dir}/{domain}.txt"))
            .unwrap_or_default()
            .lines()
            .map(|l| ("dnstwist".to_owned(), l.trim().to_owned()))
            .collect();
        for (tool, rows) in [("dnstwist", dnstwist), ("twistrs", twistrs_rows(domain))] {
            let mut seen = HashSet::new();
            let mut missed: BTreeMap<String, Vec<String>> = BTreeMap::new();
            let (mut n, mut hit) = (0, 0);
            for (kind, row) in rows {
                let Some(ascii) = counted(&row, &target) else { continue };
                if !seen.insert(ascii.clone()) {
                    continue;
                }
                n += 1;
                if ours.contains(&ascii) {
                    hit += 1;
                } else {
                    if std::env::var_os("PEER_MISSED").is_some() {
                        eprintln!("missed\t{domain}\t{tool}\t{kind}\t{row}\t{ascii}");
                    }
                    missed.entry(kind).or_default().push(row);
                }
            }
            let total = totals.entry(tool).or_default();
            total.0 += n;
            total.1 += hit;
            let miss: Vec<String> = missed
                .iter()
                .map(|(k, v)| format!("{k} {} ({})", v.len(), v.iter().take(3).cloned().collect::<Vec<_>>().join(" ")))
                .collect();
            let pct = if n == 0 { 100.0 } else { 100.0 * hit as f64 / n as f64 };
            println!("| {domain} | {tool} | {n} | {hit} | {pct:.1}% | {} |", miss.join("; "));
        }
    }
    for (tool, (n, hit)) in totals {
        let pct = if n == 0 { 100.0 } else { 100.0 * hit as f64 / n as f64 };
        println!("| **all** | {tool} | {n} | {hit} | **{pct:.1}%** | |");
    }
}
