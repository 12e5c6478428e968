//! The rule table against the `publicsuffix` crate it replaced, and both
//! against the list's algorithm written out the slow way.
//!
//! Where the crate's answer differs from ours, the reference below (every
//! rule tried against the name, as the format's wiki states the algorithm)
//! says who is right. The crate walks its tree from the TLD and, at each
//! label, follows the child of that name if there is one and the `*` child
//! only if there is not; it never comes back. So when a node lies on a
//! rule's path without being a rule itself and a `*` rule sits beside it,
//! the crate misses the wildcard match: `*.run.app` and `*.mtls.run.app`
//! are rules, `mtls.run.app` is not, and for the name `mtls.run.app` the
//! wildcard makes the whole name the public suffix, where the crate stops
//! at the last rule it saw (`app`). Every difference must be of that kind,
//! and the embedded list has 22 such nodes.

use std::str::FromStr;
use std::sync::LazyLock;

use proptest::prelude::*;
use publicsuffix::{List, Psl, Type};
use rustc_hash::FxHashMap;

use super::*;

const PSL: &str = include_str!("../../../data/public_suffix_list.dat");

static OURS: LazyLock<Rules> = LazyLock::new(|| Rules::parse(PSL).expect("the embedded list"));
static CRATE: LazyLock<List> = LazyLock::new(|| List::from_str(PSL).expect("the embedded list"));
static REFERENCE: LazyLock<Reference> = LazyLock::new(|| Reference::parse(PSL));

/// A split: the suffix's length and section, the implicit rule's counted
/// as ICANN, as `Suffixes::split` reports it.
type Split = Option<(usize, Section)>;

fn ours(name: &str) -> Split {
    let (len, section) = OURS.find(name)?;
    Some((len, section.unwrap_or(Section::Icann)))
}

fn the_crates(name: &str) -> Split {
    let suffix = CRATE.suffix(name.as_bytes())?;
    let section = match suffix.typ() {
        Some(Type::Private) => Section::Private,
        Some(Type::Icann) | None => Section::Icann,
    };
    Some((suffix.as_bytes().len(), section))
}

/// The list's rules, each tried in turn against a name.
struct Reference {
    /// By the rule's last label: `(labels right to left, exception,
    /// section)`.
    by_tld: FxHashMap<String, Vec<(Vec<String>, bool, Section)>>,
}

impl Reference {
    fn parse(text: &str) -> Reference {
        let mut by_tld: FxHashMap<String, Vec<_>> = FxHashMap::default();
        let mut section = None;
        for line in text.lines() {
            if line.contains("===BEGIN ICANN DOMAINS===") {
                section = Some(Section::Icann);
            } else if line.contains("===BEGIN PRIVATE DOMAINS===") {
                section = Some(Section::Private);
            }
            let rule = line.split_whitespace().next().unwrap_or("");
            let Some(section) = section.filter(|_| !rule.is_empty() && !rule.starts_with("//"))
            else {
                continue;
            };
            let (exception, rule) = match rule.strip_prefix('!') {
                Some(rest) => (true, rest),
                None => (false, rule),
            };
            // Full UTS #46 here, where the table converts by Punycode.
            let labels: Vec<String> = rule
                .rsplit('.')
                .map(|label| match label {
                    "*" => label.to_owned(),
                    _ => idna::domain_to_ascii(label).expect("a valid label"),
                })
                .collect();
            let tld = labels[0].clone();
            by_tld
                .entry(tld)
                .or_default()
                .push((labels, exception, section));
        }
        Reference { by_tld }
    }

    /// The list's algorithm: the rules that match the name; an exception
    /// among them prevails and names its parent; else the longest, else
    /// the implicit `*`. On a tie of lengths, a rule naming the node
    /// itself over a wildcard beside it, whose section the list leaves
    /// open.
    fn split(&self, name: &str) -> Split {
        let labels: Vec<&str> = name.rsplit('.').collect();
        let tld = labels[0];
        if tld.is_empty() {
            return None;
        }
        let rules = self.by_tld.get(tld).map(Vec::as_slice).unwrap_or(&[]);
        let matching = rules.iter().filter(|(rule, ..)| {
            rule.len() <= labels.len() && rule.iter().zip(&labels).all(|(r, l)| r == "*" || r == l)
        });
        let mut best: Option<(usize, bool, Section)> = None;
        for (rule, exception, section) in matching {
            if *exception {
                let parent = &labels[..rule.len() - 1];
                return Some((length(parent), *section));
            }
            let wildcard = rule.last().is_some_and(|l| l == "*");
            let better = match best {
                None => true,
                Some((len, was_wildcard, _)) => {
                    rule.len() > len || (rule.len() == len && was_wildcard && !wildcard)
                }
            };
            if better {
                best = Some((rule.len(), wildcard, *section));
            }
        }
        match best {
            Some((len, _, section)) => Some((length(&labels[..len]), section)),
            None => Some((tld.len(), Section::Icann)),
        }
    }
}

/// The length in octets of the name made of `labels` (right to left).
fn length(labels: &[&str]) -> usize {
    labels.iter().map(|l| l.len()).sum::<usize>() + labels.len().saturating_sub(1)
}

/// Checks one name: ours as the reference; the crate as ours, or else
/// departing from the reference the one way the module doc names.
fn check(name: &str) -> Result<(), String> {
    let (ours, reference, crates) = (ours(name), REFERENCE.split(name), the_crates(name));
    if ours != reference {
        return Err(format!(
            "{name}: ours {ours:?}, the algorithm {reference:?}"
        ));
    }
    if crates != ours && !crate_misses_a_wildcard(name) {
        return Err(format!("{name}: ours {ours:?}, the crate's {crates:?}"));
    }
    Ok(())
}

/// Whether some tail of `name` is a node that no rule names, with a `*`
/// rule beside it: where the crate's walk misses the wildcard.
fn crate_misses_a_wildcard(name: &str) -> bool {
    let mut tail = name;
    while let Some((_, parent)) = tail.split_once('.') {
        let node = OURS.node(tail);
        if node.is_some_and(|n| n.rule.is_none()) && OURS.has_wildcard_under(parent) {
            return true;
        }
        tail = parent;
    }
    false
}

/// The first column of a corpus file, in ASCII where IDNA takes it.
fn first_column(text: &str) -> impl Iterator<Item = String> + '_ {
    text.lines()
        .skip(1)
        .filter_map(|line| line.split('\t').next())
        .filter_map(|name| idna::domain_to_ascii(name).ok())
        .filter(|name| !name.is_empty())
}

#[test]
fn real_names_split_as_the_crate_and_the_algorithm_split_them() {
    let top = include_str!("../../../data/top-domains.txt");
    let positives = include_str!("../../../corpus/positives.tsv");
    let negatives = include_str!("../../../corpus/negatives.tsv");
    let names: Vec<String> = top
        .lines()
        .map(str::to_owned)
        .chain(first_column(positives))
        .chain(first_column(negatives))
        .collect();
    assert!(names.len() > 100_000, "{}", names.len());
    let mut failures = Vec::new();
    for name in &names {
        for host in [name.clone(), format!("www.{name}"), format!("a.b.{name}")] {
            failures.extend(check(&host).err());
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

#[test]
fn the_crate_misses_wildcards_beside_nodes_that_are_no_rules() {
    // Named in the module doc: the algorithm and the table say the whole
    // name, the crate the last rule it passed.
    for (name, suffix, crates) in [
        ("mtls.run.app", "mtls.run.app", "app"),
        ("x.mtls.run.app", "x.mtls.run.app", "x.mtls.run.app"),
        ("ex.futurecms.at", "ex.futurecms.at", "at"),
        ("teams.replit.dev", "teams.replit.dev", "dev"),
    ] {
        assert_eq!(OURS.find(name).map(|s| s.0), Some(suffix.len()), "{name}");
        assert_eq!(
            REFERENCE.split(name).map(|s| s.0),
            Some(suffix.len()),
            "{name}"
        );
        assert_eq!(the_crates(name).map(|s| s.0), Some(crates.len()), "{name}");
        check(name).expect("a difference of the known kind");
    }
    let nodes = OURS
        .nodes()
        .into_iter()
        .filter(|(name, node)| {
            node.rule.is_none()
                && name
                    .split_once('.')
                    .is_some_and(|(_, parent)| OURS.has_wildcard_under(parent))
        })
        .count();
    assert_eq!(nodes, 22);
}

#[test]
fn every_rule_and_its_neighbours_split_alike() {
    let labels = ["www", "a", "city", "blogspot", "mtls", "ex", "r", "s3"];
    let mut failures = Vec::new();
    for rules in REFERENCE.by_tld.values() {
        for (rule, ..) in rules {
            let name: Vec<&str> = rule
                .iter()
                .rev()
                .map(|l| if l == "*" { "x" } else { l.as_str() })
                .collect();
            let name = name.join(".");
            let parent = name.split_once('.').map_or("", |(_, p)| p);
            for host in [name.as_str(), parent]
                .into_iter()
                .filter(|h| !h.is_empty())
            {
                for label in labels {
                    failures.extend(check(&format!("{label}.{host}")).err());
                }
                failures.extend(check(host).err());
            }
        }
    }
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}

/// The rules of the list as names: `*` spelt as a label, `!` dropped.
static SUFFIXES: LazyLock<Vec<String>> = LazyLock::new(|| {
    let mut out: Vec<String> = REFERENCE
        .by_tld
        .values()
        .flatten()
        .map(|(rule, ..)| {
            let labels: Vec<&str> = rule
                .iter()
                .rev()
                .map(|l| if l == "*" { "x" } else { l.as_str() })
                .collect();
            labels.join(".")
        })
        .collect();
    out.sort();
    out
});

proptest! {
    #![proptest_config(ProptestConfig { cases: 2_000, ..ProptestConfig::default() })]

    /// Random labels, some of them the list's own, over real suffixes.
    #[test]
    fn random_labels_over_real_suffixes_split_alike(
        index in any::<prop::sample::Index>(),
        labels in prop::collection::vec(
            prop_oneof![
                "[a-z0-9]{1,6}",
                Just("www".to_owned()),
                Just("mtls".to_owned()),
                Just("city".to_owned()),
                Just("blogspot".to_owned()),
                Just("co".to_owned()),
                Just("com".to_owned()),
                Just("xn--p1ai".to_owned()),
            ],
            0..4,
        ),
        cut in 0usize..3,
    ) {
        let suffix = index.get(&SUFFIXES);
        // The suffix, or one of its tails.
        let suffix = (0..cut).fold(suffix.as_str(), |s, _| s.split_once('.').map_or(s, |(_, p)| p));
        let mut name = labels.join(".");
        if !name.is_empty() {
            name.push('.');
        }
        name.push_str(suffix);
        prop_assert_eq!(check(&name), Ok(()));
    }
}

#[test]
fn second_levels_are_the_icann_rules_of_two_labels() {
    // As they were collected before the table: every ICANN rule through
    // UTS #46, kept when it has two labels, in list order.
    let mut expected: FxHashMap<String, Vec<String>> = FxHashMap::default();
    for line in PSL.lines() {
        if line.contains("END ICANN DOMAINS") {
            break;
        }
        let rule = line.trim();
        if rule.is_empty() || rule.starts_with("//") || rule.starts_with('!') || rule.contains('*')
        {
            continue;
        }
        let ascii = idna::domain_to_ascii(rule).expect("a valid rule");
        if let Some((_, tld)) = ascii.split_once('.')
            && !tld.contains('.')
        {
            expected.entry(tld.to_owned()).or_default().push(ascii);
        }
    }
    assert!(expected.values().map(Vec::len).sum::<usize>() > 3_000);
    for (tld, names) in &expected {
        let ours: Vec<&str> = OURS.second_levels(tld).collect();
        assert_eq!(ours, *names, "{tld}");
    }
    let tlds: std::collections::HashSet<&str> = OURS
        .second_levels
        .places
        .iter()
        .filter_map(|&(start, end)| OURS.second_levels.names.get(start as usize..end as usize))
        .filter_map(|name| name.split_once('.').map(|(_, tld)| tld))
        .collect();
    assert_eq!(tlds.len(), expected.len());
}

#[test]
fn punycode_gives_what_uts46_gives_for_the_lists_labels() {
    let mut checked = 0;
    for line in PSL.lines().filter(|l| !l.starts_with("//")) {
        let Some(rule) = line.split_whitespace().next() else {
            continue;
        };
        let name = rule.trim_start_matches('!').trim_start_matches("*.");
        if name.is_ascii() {
            continue;
        }
        let expected = idna::domain_to_ascii(name).expect("a valid rule");
        assert_eq!(to_ascii(name), Ok(expected), "{name}");
        checked += 1;
    }
    assert_eq!(checked, 459);
    // Not lower case, or not NFC: UTS #46 maps them.
    assert_eq!(to_ascii("Ab.ÄB").as_deref(), Ok("ab.xn--b-zfa"));
    assert_eq!(to_ascii("a\u{308}").as_deref(), Ok("xn--4ca"));
}

#[test]
fn wildcards_exceptions_and_the_implicit_rule() {
    let rules = Rules::parse(
        "// ===BEGIN ICANN DOMAINS===\n\
         uk\nco.uk\n*.ck\n!www.ck\n*.kawasaki.jp\n!city.kawasaki.jp\n\
         // ===BEGIN PRIVATE DOMAINS===\n\
         blogspot.co.uk  trailing words\n",
    )
    .expect("a small list");
    let split = |name: &str| rules.find(name);
    let (icann, private) = (Some(Section::Icann), Some(Section::Private));
    assert_eq!(split("bbc.co.uk"), Some((5, icann)));
    assert_eq!(split("a.blogspot.co.uk"), Some((14, private)));
    assert_eq!(split("x.y.ck"), Some((4, icann)));
    assert_eq!(split("www.ck"), Some((2, icann)));
    assert_eq!(split("a.www.ck"), Some((2, icann)));
    assert_eq!(split("ck"), Some((2, None)));
    assert_eq!(split("a.b.kawasaki.jp"), Some((13, icann)));
    assert_eq!(split("a.city.kawasaki.jp"), Some((11, icann)));
    assert_eq!(split("example.notatld"), Some((7, None)));
    assert_eq!(split(""), None);
    assert_eq!(rules.second_levels("uk").collect::<Vec<_>>(), ["co.uk"]);
}

#[test]
fn malformed_lists_are_data_errors() {
    let list = |rules: &str| {
        Rules::parse(&format!("// ===BEGIN ICANN DOMAINS===\ncom\n{rules}\n")).map(|_| ())
    };
    assert_eq!(list(""), Ok(()));
    for bad in [
        "a..com", ".com", "com.", "!com", "!*.com", "a.*.com", "*", "*com", "a*.com",
    ] {
        match list(bad) {
            Err(Error::Data { file, reason }) => {
                assert_eq!(file, "public_suffix_list.dat");
                assert!(reason.starts_with("line 3: "), "{reason}");
            }
            other => panic!("{bad}: {other:?}"),
        }
    }
    // No rules at all: before the markers nothing counts.
    assert!(matches!(
        Rules::parse("com\n// nothing else\n"),
        Err(Error::Data { .. })
    ));
}

/// The compiled tree the crate embeds (`data/public_suffix_nodes.txt`) is
/// the embedded list's. After updating the list, write it again with
/// `LOOKALIKE_WRITE_TABLES=1 cargo test --lib compiled`.
#[test]
fn the_compiled_tree_is_the_embedded_lists() {
    const PATH: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/data/public_suffix_nodes.txt");
    let compiled = OURS.compiled();
    if std::env::var_os("LOOKALIKE_WRITE_TABLES").is_some() {
        std::fs::write(PATH, &compiled).expect("writes the table");
    }
    let committed = std::fs::read_to_string(PATH).expect("the committed table");
    assert!(
        committed == compiled,
        "{PATH} is stale: see this test's doc"
    );
    let read = Rules::from_compiled(compiled.leak()).expect("reads back");
    // Every TLD's lines read back whole: none was skipped as unreadable.
    for branch in read.tlds.values() {
        assert_eq!(branch.below().len(), branch.lines.lines().count());
        assert!(branch.below().keys().all(|k| matches!(k, Cow::Borrowed(_))));
    }
    assert!(read.tlds.keys().all(|k| matches!(k, Cow::Borrowed(_))));
    assert_eq!(read.nodes(), OURS.nodes());
    assert_eq!(read.second_levels, OURS.second_levels);
}

/// A process reads the nodes below a TLD only once a look-up goes there.
#[test]
fn a_tlds_nodes_are_read_when_first_needed() {
    let tree = Rules::from_compiled(OURS.compiled().leak()).expect("reads");
    let read = |tree: &Rules| {
        tree.tlds
            .values()
            .filter(|b| b.below.get().is_some())
            .count()
    };
    assert_eq!(read(&tree), 0);
    assert_eq!(tree.find("paypa1.com"), Some((3, Some(Section::Icann))));
    assert_eq!(
        tree.find("a.blogspot.com"),
        Some((12, Some(Section::Private)))
    );
    assert_eq!(read(&tree), 1);
    assert_eq!(tree.find("bbc.co.uk"), Some((5, Some(Section::Icann))));
    assert_eq!(read(&tree), 2);
}

#[test]
fn a_compiled_tree_with_a_bad_line_is_refused() {
    for bad in [
        "com\n",
        "com\tix\t0\n",
        "com\ti\t0\n",
        "com\ti-\n",
        "com\ti-\t99\nco.com\ti-\n%second-levels\n",
        "com\ti-\t3\nco.com\ti-\n%second-levels\n",
        "co.com\ti-\t0\n%second-levels\n",
        "\n%second-levels\n",
    ] {
        assert!(Rules::from_compiled(bad).is_err(), "{bad:?}");
    }
    let one = Rules::from_compiled("ck\t-i\t10\nwww.ck\tI-\n%second-levels\n").unwrap();
    assert_eq!(one.find("a.b.ck"), Some((4, Some(Section::Icann))));
    assert_eq!(one.find("www.ck"), Some((2, Some(Section::Icann))));
}
