//! `check --input zone`: the owner names of an RFC 1035 master file (a zone
//! file, as registries publish them), each once, as the lines to check.
//!
//! What a zone file holds (RFC 1035 §5.1): one resource record a line, its
//! owner name first, or white space for "the same owner as the record
//! before"; `$ORIGIN` sets the name that relative owners (those without a
//! final dot) are under, and `@` is the origin itself; `;` starts a
//! comment; parentheses continue a record over several lines. Only owners
//! matter here: `paypa1 NS ns1.host.net.` under `$ORIGIN com.` is the name
//! `paypa1.com`. A name is answered once for its run of records (zone files
//! keep a name's records together, and registries sort theirs), so memory
//! stays bounded whatever the zone's size; a wildcard owner (`*.paypa1`)
//! is checked as its base name by the matcher.
//!
//! Directives other than `$ORIGIN` (`$TTL`, `$INCLUDE`, `$GENERATE`) carry
//! no owner and are skipped; an included file is not read.

use std::io;

use crate::lines::{Line, Source};

/// The owner names of a zone file read from `lines`.
pub struct ZoneNames<S> {
    lines: S,
    /// The current `$ORIGIN`, absolute, without its final dot ("" for the
    /// root, `None` before any).
    origin: Option<String>,
    /// The last owner answered, to answer each run of records once.
    previous: String,
    /// Open parentheses: inside, lines continue a record and hold no owner.
    depth: usize,
}

impl<S: Source> ZoneNames<S> {
    pub fn new(lines: S) -> ZoneNames<S> {
        ZoneNames {
            lines,
            origin: None,
            previous: String::new(),
            depth: 0,
        }
    }

    /// The owner a line of the file names, if it names one.
    fn owner(&mut self, text: &str) -> Option<String> {
        let continued = self.depth > 0;
        let code = without_comment(text);
        self.depth = parens_after(self.depth, code);
        if continued || code.starts_with([' ', '\t']) {
            return None;
        }
        let first = code.split_ascii_whitespace().next()?;
        if let Some(directive) = first.strip_prefix('$') {
            if directive.eq_ignore_ascii_case("ORIGIN") {
                let name = code.split_ascii_whitespace().nth(1)?;
                self.origin = Some(self.absolute(name));
            }
            return None;
        }
        Some(self.absolute(first))
    }

    /// `name` made absolute under the origin, without its final dot.
    fn absolute(&self, name: &str) -> String {
        let origin = self.origin.as_deref().unwrap_or("");
        if name == "@" {
            return origin.to_owned();
        }
        if let Some(absolute) = name.strip_suffix('.') {
            return absolute.to_owned();
        }
        if origin.is_empty() {
            name.to_owned()
        } else {
            format!("{name}.{origin}")
        }
    }
}

impl<S: Source> Source for ZoneNames<S> {
    fn next(&mut self) -> io::Result<Option<Line>> {
        while let Some(line) = self.lines.next()? {
            if line.truncated() {
                // Answered with its error, as any line past the cap is.
                return Ok(Some(line));
            }
            let Some(owner) = self.owner(&line.text) else {
                continue;
            };
            if owner.eq_ignore_ascii_case(&self.previous) {
                continue;
            }
            self.previous.clone_from(&owner);
            let octets = owner.len();
            return Ok(Some(Line {
                text: owner,
                octets,
            }));
        }
        Ok(None)
    }

    fn paused(&self) -> bool {
        self.lines.paused()
    }
}

/// The line without its comment: from the first `;` outside a quoted
/// string on.
fn without_comment(text: &str) -> &str {
    let mut quoted = false;
    for (at, c) in text.char_indices() {
        match c {
            '"' => quoted = !quoted,
            ';' if !quoted => return &text[..at],
            _ => {}
        }
    }
    text
}

/// The parentheses open after `code`, given `depth` open before it
/// (quoted parentheses do not count; a stray `)` closes nothing).
fn parens_after(depth: usize, code: &str) -> usize {
    let mut quoted = false;
    let mut depth = depth;
    for c in code.chars() {
        match c {
            '"' => quoted = !quoted,
            '(' if !quoted => depth += 1,
            ')' if !quoted => depth = depth.saturating_sub(1),
            _ => {}
        }
    }
    depth
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::lines::Lines;

    fn owners(zone: &str) -> Vec<String> {
        let mut input = io::BufReader::new(zone.as_bytes());
        let mut names = ZoneNames::new(Lines::new(&mut input));
        let mut out = Vec::new();
        while let Some(line) = names.next().unwrap() {
            out.push(line.text);
        }
        out
    }

    #[test]
    fn owners_are_made_absolute_and_answered_once() {
        let zone = "\
$TTL 3600
$ORIGIN com.
@ IN SOA a.gtld. nstld.verisign. ( 1 ; serial
      1800 900 604800 86400 )
paypa1 NS ns1.host.net.
       NS ns2.host.net.
paypa1 DS 1 2 3 abcd
ns1.paypa1 A 192.0.2.1 ; glue
*.army TXT \"a ; b ( c\"
example.org. NS ns.example.org.
$ORIGIN ml.
army NS ns.army.ml.
";
        assert_eq!(
            owners(zone),
            [
                "com",
                "paypa1.com",
                "ns1.paypa1.com",
                "*.army.com",
                "example.org",
                "army.ml"
            ]
        );
    }

    #[test]
    fn without_an_origin_names_stay_as_written() {
        assert_eq!(
            owners("paypa1.com. A 192.0.2.1\nrelative A 192.0.2.2\n"),
            ["paypa1.com", "relative"]
        );
    }
}
