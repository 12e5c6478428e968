//! The Public Suffix List's rules, as one hash map, and the look-up that
//! splits a name by them.
//!
//! The list is a set of rules (`co.uk`, `*.ck`, `!www.ck`), each in the
//! ICANN or the private section; a name's public suffix is the one its
//! longest matching rule names, an exception (`!`) taking one label off,
//! and a name no rule matches has its TLD alone (the implicit `*` rule).
//! The algorithm is the list's own:
//! <https://github.com/publicsuffix/list/wiki/Format#algorithm>.
//!
//! The rules form a tree of labels read from the right. [`Rules`] keeps that
//! tree nearly flat: a map of the TLDs, and under each TLD one map keyed by
//! the ASCII form of every rule and of every tail of a rule below it
//! (`*.kawasaki.jp` gives `kawasaki.jp` under `jp`), each entry saying
//! whether a rule names that node, of which kind and section, and whether a
//! `*` rule sits directly under it. A look-up walks the name's tails from
//! its TLD leftwards, one hash each, and stops at the first tail that is no
//! node: nothing below it can match. The same pass over the text collects
//! the ICANN second levels (`uk` → `co.uk`, `org.uk`), which the
//! suffix-confusion variants read.
//!
//! Why not the `publicsuffix` crate, which this replaced: building its tree
//! (a map of children per node, each label allocated, every rule converted
//! by full UTS #46 processing) was half of every process's start-up, and
//! with the two passes we ran beside it (the second levels, and a set of
//! rule tails because its look-up cost some 850 instructions a name)
//! reading the embedded list took 91 M instructions, over 11 ms, before a
//! process could answer anything (callgrind, `lookalike compare paypa1.com
//! paypal.com`, 148 M in all). This table is built in one pass and
//! converts only the labels that are not ASCII, by Punycode alone: 9.7 M
//! instructions for the embedded list, 17.4 M for a list loaded at run
//! time (see [`Rules::parse`]). The crate now embeds the tree this table holds, compiled from the
//! list (`data/public_suffix_nodes.txt`, [`Rules::from_compiled`]): a
//! process reads its TLDs at start and a TLD's nodes the first time a
//! look-up goes below it ([`Branch`]). A look-up hashes one tail a label,
//! as the set of rule tails did. A differential test (`psl/tests.rs`) holds
//! the table to the crate's answers, and names the few names where the
//! crate departs from the list's algorithm.

use std::borrow::Cow;
use std::collections::hash_map::Entry;
use std::sync::OnceLock;

use rustc_hash::FxHashMap;
use unicode_normalization::{IsNormalized, is_nfc_quick};

use super::Section;
use crate::error::Error;

/// The file names errors carry.
const FILE: &str = "public_suffix_list.dat";
const COMPILED: &str = "public_suffix_nodes.txt";

/// Room for the TLDs of a list (the embedded one has 1,448), so that their
/// map does not grow while it fills.
const TLDS: usize = 1_600;

/// The line of the compiled tree (`Rules::compiled`, a test's) that ends
/// the nodes and begins the second levels.
const SECOND_LEVELS: &str = "%second-levels";

/// The rules of one Public Suffix List, ready for look-ups.
#[derive(Debug, Default)]
pub(crate) struct Rules {
    /// Every rule and every tail of a rule, in ASCII, `!` and `*.` dropped,
    /// under its TLD. FxHash: a split hashes one key for each of the name's
    /// labels that the tree holds, for every name checked or generated.
    /// The keys of the embedded tree borrow from its text (see
    /// [`Rules::from_compiled`]).
    tlds: FxHashMap<Cow<'static, str>, Branch>,
    second_levels: SecondLevels,
}

/// A TLD's node and the nodes below it (`co.uk` and `blogspot.co.uk` for
/// `uk`).
///
/// The embedded tree reads a TLD's nodes below it the first time a look-up
/// goes below that TLD: a process that checks names under a few TLDs reads
/// those. Reading all 14,359 nodes at start cost 3.1 M of the 7.85 M
/// instructions a process took to answer its first check; now 6.22 M
/// (callgrind, `lookalike check --protect P` of `paypa1.com`). Once read,
/// a look-up costs one atomic load more: 11 instructions a check of the
/// 49,526 real names against 1,000 targets, the second time through them.
#[derive(Debug, Default)]
struct Branch {
    node: Node,
    /// The nodes below the TLD, keyed by their whole names.
    below: OnceLock<Nodes>,
    /// The embedded tree's lines of those nodes, read into `below` on first
    /// use (empty for a list parsed at run time, which fills `below` as it
    /// reads).
    lines: &'static str,
}

impl Branch {
    /// The nodes below the TLD, read from its lines the first time.
    fn below(&self) -> &Nodes {
        self.below.get_or_init(|| {
            // The lines were checked by `Rules::from_compiled`'s test
            // (`the_compiled_tree_is_the_embedded_lists` reads every one).
            let mut below =
                FxHashMap::with_capacity_and_hasher(self.lines.len() / 24, Default::default());
            for line in crate::tsv::lines(self.lines) {
                if let Some((name, node)) = read_node(line) {
                    below.insert(Cow::Borrowed(name), node);
                }
            }
            below
        })
    }
}

/// Nodes keyed by their whole ASCII names (`co.uk`, `blogspot.co.uk`).
type Nodes = FxHashMap<Cow<'static, str>, Node>;

/// What the list says of one node of its tree.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
struct Node {
    /// The rule that names this node, if one does.
    rule: Option<Rule>,
    /// The section of the wildcard rule directly under this node (`*.ck`
    /// for `ck`), if the list has one.
    wildcard: Option<Section>,
}

/// A rule that names a node: an ordinary rule or an exception (`!www.ck`),
/// and the section it was listed in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
struct Rule {
    exception: bool,
    section: Section,
}

/// The ICANN rules of two labels (`co.uk`, `org.uk`, ...), in list order:
/// one string holds them all, and a list their places in it. A look-up by
/// TLD reads all 3,507, which the generator does once a domain; keeping a
/// string for each, or a map of them by TLD, cost 1.1 M instructions at
/// every start (callgrind).
#[derive(Debug, Default, PartialEq, Eq)]
struct SecondLevels {
    names: String,
    places: Vec<(u32, u32)>,
}

/// One rule as written in the list, read in one pass over its bytes.
struct Written<'a> {
    /// The name: the rule without `!` and `*.`.
    name: &'a str,
    exception: bool,
    wildcard: bool,
    /// How many dots the name has.
    dots: usize,
    /// Whether the name has a byte that is not lower-case ASCII, and so
    /// needs converting to its ASCII form.
    convert: bool,
}

impl<'a> Written<'a> {
    /// Reads the rule a line (without leading white space) begins with, up
    /// to the first white space; `Ok(None)` for a line without one.
    fn read(line: &'a str) -> Result<Option<Written<'a>>, &'static str> {
        let (exception, rest) = match line.strip_prefix('!') {
            Some(rest) => (true, rest),
            None => (false, line),
        };
        let (wildcard, rest) = match rest.strip_prefix("*.") {
            Some(rest) => (true, rest),
            None => (false, rest),
        };
        let (mut dots, mut convert, mut end) = (0, false, rest.len());
        let mut previous = b'.';
        for (i, &b) in rest.as_bytes().iter().enumerate() {
            match b {
                b'.' if previous == b'.' => return Err("an empty label"),
                b'.' => dots += 1,
                // The list puts wildcards leftmost only, and the look-up
                // matches them only there; a `*` alone is the implicit rule.
                b'*' => return Err("a wildcard that is not a whole leftmost label"),
                _ if b.is_ascii_whitespace() => {
                    end = i;
                    break;
                }
                _ => convert |= !b.is_ascii() || b.is_ascii_uppercase(),
            }
            previous = b;
        }
        if end == 0 && !exception && !wildcard {
            return Ok(None);
        }
        if previous == b'.' {
            return Err("an empty label");
        }
        if exception && wildcard {
            return Err("an exception with a wildcard");
        }
        if exception && dots == 0 {
            return Err("an exception of one label");
        }
        Ok(Some(Written {
            name: &rest[..end],
            exception,
            wildcard,
            dots,
            convert,
        }))
    }
}

impl Rules {
    /// Parses a list in `public_suffix_list.dat` format: rules between the
    /// `===BEGIN ICANN DOMAINS===` and `===BEGIN PRIVATE DOMAINS===`
    /// markers are ICANN's, those after the second are private, those
    /// before the first are ignored; each line is read up to its first
    /// white space, and `//` starts a comment line.
    ///
    /// Takes 17.4 M instructions for a copy of the embedded list
    /// (callgrind), where the crate's parse and our two passes beside it
    /// took 91 M. Each rule is read in one pass over its bytes
    /// ([`Written::read`]), and the lines are cut by [`crate::tsv::lines`].
    /// Finding each rule's TLD first, so that the tree it makes is the one
    /// [`Rules::from_compiled`] reads, cost 5 M of that (12.3 M when it was
    /// one map): a list loaded at run time is parsed once a process, where
    /// the embedded one is read at every start.
    pub(crate) fn parse(text: &str) -> Result<Rules, Error> {
        Rules::parse_keyed(text, |name| Cow::Owned(name.to_owned()))
    }

    /// [`Rules::parse`], with `key` making the key of a name of the text.
    fn parse_keyed<'t, K>(text: &'t str, key: K) -> Result<Rules, Error>
    where
        K: Fn(&'t str) -> Cow<'static, str> + Copy,
    {
        let mut rules = Parsed {
            tlds: FxHashMap::with_capacity_and_hasher(TLDS, Default::default()),
            second_levels: SecondLevels::default(),
        };
        let mut section = None;
        for (number, line) in crate::tsv::lines(text).enumerate() {
            let line = line.trim_ascii_start();
            if let Some(comment) = line.strip_prefix("//") {
                // The markers are the only comments that say anything; the
                // others (some 4,000) are skipped on their first bytes.
                if comment.trim_ascii_start().starts_with("===") {
                    if comment.contains("===BEGIN ICANN DOMAINS===") {
                        section = Some(Section::Icann);
                    } else if comment.contains("===BEGIN PRIVATE DOMAINS===") {
                        section = Some(Section::Private);
                    }
                }
                continue;
            }
            let Some(section) = section.filter(|_| !line.is_empty()) else {
                continue;
            };
            let bad = |reason: &str| Error::Data {
                file: FILE,
                reason: format!(
                    "line {}: {reason}: {}",
                    number + 1,
                    crate::error::echo(line)
                ),
            };
            if let Some(rule) = Written::read(line).map_err(bad)? {
                rules.add(&rule, section, key).map_err(bad)?;
            }
        }
        if rules.tlds.is_empty() {
            return Err(Error::Data {
                file: FILE,
                reason: "no rules between the section markers".into(),
            });
        }
        Ok(rules.into_rules())
    }

    /// The rule tree as text, the form `data/public_suffix_nodes.txt`
    /// holds: the TLDs in order, each on a line of its ASCII name, a tab,
    /// one letter for the rule that names it and one for the wildcard under
    /// it, a tab, and the octets of the lines that follow it, which are the
    /// nodes below it, sorted, each as its name, a tab and its two letters;
    /// then a line `%second-levels` and the ICANN second levels in list
    /// order. The letters: `-` none, `i` ICANN, `p` private, and for a rule
    /// `I`, `P` for an exception of that section.
    #[cfg(test)]
    pub(crate) fn compiled(&self) -> String {
        let node_line = |name: &str, node: &Node| {
            let letter = |section: Option<Section>, exception: bool| match (section, exception) {
                (None, _) => '-',
                (Some(Section::Icann), false) => 'i',
                (Some(Section::Private), false) => 'p',
                (Some(Section::Icann), true) => 'I',
                (Some(Section::Private), true) => 'P',
            };
            let rule = node
                .rule
                .map_or('-', |r| letter(Some(r.section), r.exception));
            format!("{name}\t{rule}{}", letter(node.wildcard, false))
        };
        let mut tlds: Vec<(&str, &Branch)> = self.tlds.iter().map(|(k, b)| (&**k, b)).collect();
        tlds.sort_unstable_by_key(|(name, _)| *name);
        let mut out = String::new();
        for (tld, branch) in tlds {
            let mut below: Vec<(&str, &Node)> =
                branch.below().iter().map(|(k, n)| (&**k, n)).collect();
            below.sort_unstable_by_key(|(name, _)| *name);
            let lines: String = below
                .into_iter()
                .map(|(name, node)| node_line(name, node) + "\n")
                .collect();
            out.push_str(&format!(
                "{}\t{}\n",
                node_line(tld, &branch.node),
                lines.len()
            ));
            out.push_str(&lines);
        }
        out.push_str(SECOND_LEVELS);
        out.push('\n');
        for (start, end) in &self.second_levels.places {
            out.extend([
                &self.second_levels.names[*start as usize..*end as usize],
                "\n",
            ]);
        }
        out
    }

    /// Reads the text `Rules::compiled` writes; the keys borrow from it. For
    /// the embedded list, parsing its rules took 9.7 M instructions at
    /// every start; reading all its nodes took 3.1 M (callgrind, `lookalike
    /// check` of one name); reading its TLDs alone, each with where the
    /// lines of the nodes below it are, takes 1.1 M, and a TLD's nodes are
    /// read when a look-up first goes below it ([`Branch`]; `com`'s, 0.4 M).
    pub(crate) fn from_compiled(text: &'static str) -> Result<Rules, Error> {
        let bad = |at: usize, line: &str| Error::Data {
            file: COMPILED,
            reason: format!("at octet {at}: {}", crate::error::echo(line)),
        };
        let mut rules = Rules {
            tlds: FxHashMap::with_capacity_and_hasher(TLDS, Default::default()),
            second_levels: SecondLevels::default(),
        };
        let mut at = 0;
        loop {
            let rest = text.get(at..).unwrap_or_default();
            let end = memchr::memchr(b'\n', rest.as_bytes()).unwrap_or(rest.len());
            let line = rest.get(..end).unwrap_or_default();
            if line == SECOND_LEVELS || rest.is_empty() {
                at += line.len() + 1;
                break;
            }
            let read = read_tld(line).and_then(|(name, node, size)| {
                let start = at + line.len() + 1;
                let lines = text.get(start..start.checked_add(size)?)?;
                // The nodes' lines end at a line's end.
                (lines.is_empty() || lines.ends_with('\n')).then_some((name, node, lines))
            });
            let Some((name, node, lines)) = read else {
                return Err(bad(at, line));
            };
            at += line.len() + 1 + lines.len();
            let branch = Branch {
                node,
                below: OnceLock::new(),
                lines,
            };
            rules.tlds.insert(Cow::Borrowed(name), branch);
        }
        for name in crate::tsv::lines(text.get(at..).unwrap_or_default()) {
            rules.second_levels.push(name);
        }
        if rules.tlds.is_empty() {
            return Err(bad(0, "no nodes"));
        }
        Ok(rules)
    }

    /// Every node with its name, sorted by name (each TLD's nodes read).
    #[cfg(test)]
    fn nodes(&self) -> Vec<(&str, &Node)> {
        let mut nodes: Vec<(&str, &Node)> = Vec::new();
        for (tld, branch) in &self.tlds {
            nodes.push((tld, &branch.node));
            nodes.extend(branch.below().iter().map(|(k, n)| (&**k, n)));
        }
        nodes.sort_unstable_by_key(|(name, _)| *name);
        nodes
    }

    /// The node of `name` (ASCII), if the tree has one.
    fn node(&self, name: &str) -> Option<&Node> {
        match name.rsplit_once('.') {
            None => self.tlds.get(name).map(|b| &b.node),
            Some((_, tld)) => self.tlds.get(tld)?.below().get(name),
        }
    }

    /// Whether `name` (ASCII) is a node of the rule tree: a rule, or a tail
    /// of one.
    pub(crate) fn is_node(&self, name: &str) -> bool {
        self.node(name).is_some()
    }

    /// Whether a wildcard rule sits directly under `name` (`ck` for `*.ck`).
    pub(crate) fn has_wildcard_under(&self, name: &str) -> bool {
        self.node(name).is_some_and(|n| n.wildcard.is_some())
    }

    /// The public suffix of `name`, an ASCII, lower-case host name without
    /// a trailing dot: its length in octets and the section of the rule
    /// that named it, `None` for the implicit `*` rule (the TLD alone).
    /// `None` for an empty name.
    pub(crate) fn find(&self, name: &str) -> Option<(usize, Option<Section>)> {
        let bytes = name.as_bytes();
        // `start`: where the tail matched so far begins.
        let mut start = label_start(bytes, bytes.len());
        let mut found = (name.len() - start, None);
        if found.0 == 0 {
            return None;
        }
        let Some(branch) = self.tlds.get(&name[start..]) else {
            return Some(found);
        };
        let mut parent = &branch.node;
        if let Some(Rule {
            exception: false,
            section,
        }) = parent.rule
        {
            found.1 = Some(section);
        }
        if start == 0 {
            return Some(found);
        }
        let below = branch.below();
        while start > 0 {
            let next = label_start(bytes, start - 1);
            let tail = &name[next..];
            let node = below.get(tail);
            match node.and_then(|n| n.rule) {
                // An exception prevails over every other match, and names
                // its parent.
                Some(Rule {
                    exception: true,
                    section,
                }) => return Some((name.len() - start, Some(section))),
                Some(Rule { section, .. }) => found = (tail.len(), Some(section)),
                None => {
                    if let Some(section) = parent.wildcard {
                        found = (tail.len(), Some(section));
                    }
                }
            }
            // No rule runs through a tail that is no node.
            let Some(node) = node else {
                break;
            };
            parent = node;
            start = next;
        }
        Some(found)
    }

    /// The ICANN second-level suffixes under `tld`, in list order.
    pub(crate) fn second_levels<'s>(
        &'s self,
        tld: &'s str,
    ) -> impl Iterator<Item = &'s str> + use<'s> {
        let levels = &self.second_levels;
        levels
            .places
            .iter()
            .filter_map(|&(start, end)| levels.names.get(start as usize..end as usize))
            .filter(move |name| name.split_once('.').is_some_and(|(_, under)| under == tld))
    }
}

/// A list's nodes under their TLDs, as [`Rules::parse`] collects them:
/// each TLD's node and the nodes below it, keyed by their whole names.
#[derive(Default)]
struct Parsed {
    tlds: FxHashMap<Cow<'static, str>, (Node, Nodes)>,
    second_levels: SecondLevels,
}

impl Parsed {
    /// Adds one rule, or says what is wrong with its name. `key` makes the
    /// key of a name of the text; a name converted to ASCII is owned.
    fn add<'t, K>(
        &mut self,
        written: &Written<'t>,
        section: Section,
        key: K,
    ) -> Result<(), &'static str>
    where
        K: Fn(&'t str) -> Cow<'static, str>,
    {
        let change = |node: &mut Node| {
            if written.wildcard {
                node.wildcard = Some(section);
            } else {
                // A rule listed twice keeps its last section, as the crate did.
                let exception = written.exception;
                node.rule = Some(Rule { exception, section });
            }
        };
        let converted;
        let ascii = if written.convert {
            converted = to_ascii(written.name)?;
            self.update(&converted, |name| Cow::Owned(name.to_owned()), change);
            converted.as_str()
        } else {
            self.update(written.name, key, change);
            written.name
        };
        let plain = !written.exception && !written.wildcard;
        if section == Section::Icann && plain && written.dots == 1 {
            self.second_levels.push(ascii);
        }
        Ok(())
    }

    /// Changes the node of `name`, adding it and its tails when it is new;
    /// `key` makes their keys.
    fn update<'a>(
        &mut self,
        name: &'a str,
        key: impl Fn(&'a str) -> Cow<'static, str>,
        change: impl FnOnce(&mut Node),
    ) {
        let tld = &name[name.rfind('.').map_or(0, |dot| dot + 1)..];
        // The TLD's key is made once, when the TLD is new.
        if !self.tlds.contains_key(tld) {
            self.tlds.insert(key(tld), Default::default());
        }
        let Some((tld_node, below)) = self.tlds.get_mut(tld) else {
            return;
        };
        if name.len() == tld.len() {
            return change(tld_node);
        }
        // One hash for the name: nearly every rule is new.
        match below.entry(key(name)) {
            Entry::Occupied(mut node) => return change(node.get_mut()),
            Entry::Vacant(slot) => change(slot.insert(Node::default())),
        }
        // Every tail of a node is a node: the first tail found ends the
        // walk (the TLD, made above, nearly always).
        let mut tail = name;
        while let Some(dot) = tail.bytes().position(|b| b == b'.') {
            tail = &tail[dot + 1..];
            if tail.len() == tld.len() || below.contains_key(tail) {
                break;
            }
            below.insert(key(tail), Node::default());
        }
    }

    /// The nodes, ready for look-ups.
    fn into_rules(self) -> Rules {
        let tlds = self
            .tlds
            .into_iter()
            .map(|(tld, (node, below))| {
                let below = OnceLock::from(below);
                let lines = "";
                (tld, Branch { node, below, lines })
            })
            .collect();
        Rules {
            tlds,
            second_levels: self.second_levels,
        }
    }
}

impl SecondLevels {
    /// Adds `name`, of two labels.
    fn push(&mut self, name: &str) {
        // The embedded list's 3,507 names take 35 kB: `u32` holds any list.
        let (Ok(start), Ok(end)) = (
            u32::try_from(self.names.len()),
            u32::try_from(self.names.len() + name.len()),
        ) else {
            return;
        };
        self.names.push_str(name);
        self.places.push((start, end));
    }
}

/// One node's line of a compiled tree: a name, a tab, the letters of its
/// rule and of the wildcard under it. The letters end the line: no search
/// for the tab.
fn read_node(line: &str) -> Option<(&str, Node)> {
    // `Some(None)` for `-`, `None` for a letter that means nothing.
    let section = |letter: u8| match letter {
        b'-' => Some(None),
        b'i' | b'I' => Some(Some(Section::Icann)),
        b'p' | b'P' => Some(Some(Section::Private)),
        _ => None,
    };
    let tab = line.len().checked_sub(3).filter(|&tab| tab > 0)?;
    let (name, letters) = (line.get(..tab)?, line.get(tab..)?);
    let &[b'\t', rule, wildcard] = letters.as_bytes() else {
        return None;
    };
    let node = Node {
        rule: section(rule)?.map(|section| Rule {
            exception: rule.is_ascii_uppercase(),
            section,
        }),
        wildcard: section(wildcard)?,
    };
    Some((name, node))
}

/// A TLD's line of a compiled tree: its node's line, a tab, and the octets
/// of the lines of the nodes below it.
fn read_tld(line: &str) -> Option<(&str, Node, usize)> {
    let tab = memchr::memrchr(b'\t', line.as_bytes())?;
    let (node, size) = (line.get(..tab)?, line.get(tab + 1..)?);
    let (name, node) = read_node(node)?;
    (!name.contains('.')).then_some((name, node, size.parse().ok()?))
}

/// Where the label that ends at `end` begins: after the last dot before
/// `end`, or at 0.
fn label_start(bytes: &[u8], end: usize) -> usize {
    bytes[..end]
        .iter()
        .rposition(|&b| b == b'.')
        .map_or(0, |dot| dot + 1)
}

/// The ASCII form of a rule's name (no `!` or `*.`), label by label.
///
/// A label in ASCII is lower-cased. The list's other labels are lower-case
/// NFC already, as its format asks, and for such a label of the list the
/// ASCII form is `xn--` and its Punycode (a test checks each against UTS
/// #46); only a label that is not takes the full UTS #46 processing. On the
/// embedded list, this cost 1.1 M instructions for the 459 rules not in
/// ASCII, where `idna::domain_to_ascii` cost 1.5 M (callgrind).
fn to_ascii(name: &str) -> Result<String, &'static str> {
    let mut out = String::with_capacity(name.len() + 8);
    for (i, label) in name.split('.').enumerate() {
        if i > 0 {
            out.push('.');
        }
        if label.is_ascii() {
            out.extend(label.chars().map(|c| c.to_ascii_lowercase()));
            continue;
        }
        let plain = is_nfc_quick(label.chars()) == IsNormalized::Yes
            && !label.chars().any(char::is_uppercase);
        if plain {
            let code = idna::punycode::encode_str(label).ok_or("a label Punycode cannot encode")?;
            out.push_str("xn--");
            out.push_str(&code);
        } else {
            let ascii = idna::domain_to_ascii(label).map_err(|_| "a label UTS #46 refuses")?;
            if ascii.is_empty() || ascii.contains('.') {
                return Err("a label UTS #46 refuses");
            }
            out.push_str(&ascii);
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests;
