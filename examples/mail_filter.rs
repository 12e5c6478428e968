//! Which addresses and links of an e-mail imitate a domain you protect.
//!
//! The policy service (`lookalike policy`) sees only the envelope, one
//! recipient at a time, before the message exists. Once a message is whole,
//! more of it can lie: a `Reply-To:` that sends the answer to `army.ml`, a
//! `From:` on `paypa1.com`, a link whose host is `раураӏ.com`. This example
//! reads one RFC 5322 message on standard input (parsed by the `mail-parser`
//! crate, which handles MIME, encoded words and transfer encodings), checks
//! the addresses of `To`, `Cc`, `From`, `Reply-To` and `Return-Path` and the
//! hosts of the `http(s)://` links in its text and HTML parts, and prints one
//! line per lookalike:
//!
//! ```text
//! $ cargo run --example mail_filter -- army.mil paypal.com < examples/mail/lookalike.eml
//! To      someone@army.ml     army.mil    tld_swap   0.927  suffix .mil lost its 'i'; ...
//! Reply-To  billing@paypa1.com  paypal.com  homoglyph  0.819  '1' looks like 'l' ...
//! link    раураӏ.com          paypal.com  idn_homoglyph  0.900  'р' looks like 'p', ...
//! ```
//!
//! (Columns are separated by tabs: field, address or host, target, kind,
//! score, reason.)
//!
//! Arguments are the protected names; one starting with a dot (`.mil`)
//! protects a whole suffix. Exit status: 0 when nothing imitates a protected
//! name, 1 when something does (so a mail filter can act on it, as with
//! `grep`), 2 on bad arguments or input.
//!
//! Input is bounded: at most [`MAX_MESSAGE`] octets are read, and at most
//! [`MAX_LINKS`] distinct link hosts are checked.

use std::collections::BTreeSet;
use std::io::{self, Read};
use std::process::ExitCode;

use lookalike::{Match, Matcher};
use mail_parser::{Message, MessageParser, PartType};

/// The most octets of a message read; the rest is ignored.
const MAX_MESSAGE: u64 = 32 << 20;

/// The most distinct link hosts checked per message.
const MAX_LINKS: usize = 1000;

/// How deep attached messages (`message/rfc822`) are followed.
const MAX_DEPTH: usize = 4;

fn main() -> ExitCode {
    let names: Vec<String> = std::env::args().skip(1).collect();
    if names.is_empty() {
        eprintln!(
            "usage: mail_filter NAME... < message.eml   (NAME: army.mil, or .mil for a suffix)"
        );
        return ExitCode::from(2);
    }
    let matcher = match protect(&names) {
        Ok(m) => m,
        Err(e) => {
            eprintln!("mail_filter: {e}");
            return ExitCode::from(2);
        }
    };
    let mut raw = Vec::new();
    if let Err(e) = io::stdin().take(MAX_MESSAGE).read_to_end(&mut raw) {
        eprintln!("mail_filter: reading standard input: {e}");
        return ExitCode::from(2);
    }
    let Some(message) = MessageParser::default().parse(&raw) else {
        eprintln!("mail_filter: standard input is not an e-mail message");
        return ExitCode::from(2);
    };
    let found = findings(&matcher, &message);
    for f in &found {
        println!(
            "{}\t{}\t{}\t{}\t{:.3}\t{}",
            f.field,
            f.value,
            f.hit.target,
            f.hit.kind.name(),
            f.hit.score,
            f.hit.reason
        );
    }
    if found.is_empty() {
        ExitCode::SUCCESS
    } else {
        ExitCode::from(1)
    }
}

/// A matcher protecting `names` (`.mil` protects a suffix). Only matches
/// scoring 0.5 or more are reported, as `lookalike policy` does by default.
fn protect(names: &[String]) -> Result<Matcher, lookalike::Error> {
    let mut builder = Matcher::builder();
    builder.min_score(0.5);
    for name in names {
        if name.starts_with('.') {
            builder.protect_suffix(name)?;
        } else {
            builder.protect(name)?;
        };
    }
    Ok(builder.build())
}

/// One lookalike found in a message.
#[derive(Debug)]
struct Finding {
    /// `To`, `Cc`, `From`, `Reply-To`, `Return-Path` or `link`.
    field: &'static str,
    /// The address, or the link's host.
    value: String,
    /// The best match.
    hit: Match,
}

/// Every lookalike among the message's addresses and link hosts, addresses
/// first in header order, then links in order of first appearance.
fn findings(matcher: &Matcher, message: &Message<'_>) -> Vec<Finding> {
    let mut found = Vec::new();
    let mut addresses: Vec<(&'static str, String)> = Vec::new();
    for (field, header) in [
        ("To", message.to()),
        ("Cc", message.cc()),
        ("From", message.from()),
        ("Reply-To", message.reply_to()),
    ] {
        for addr in header.into_iter().flat_map(|a| a.iter()) {
            if let Some(address) = addr.address() {
                addresses.push((field, address.to_owned()));
            }
        }
    }
    for path in message.return_path().as_text_list().unwrap_or_default() {
        addresses.push(("Return-Path", path.to_string()));
    }
    for (field, address) in addresses {
        if let Ok(mut hits) = matcher.check_email(&address)
            && !hits.is_empty()
        {
            found.push(Finding {
                field,
                value: address,
                hit: hits.swap_remove(0),
            });
        }
    }
    let mut hosts = Vec::new();
    let mut seen = BTreeSet::new();
    collect_link_hosts(message, 0, &mut hosts, &mut seen);
    for host in hosts {
        if let Ok(mut hits) = matcher.check(&host)
            && !hits.is_empty()
        {
            found.push(Finding {
                field: "link",
                value: host,
                hit: hits.swap_remove(0),
            });
        }
    }
    found
}

/// The distinct hosts of the links in every text and HTML part, attached
/// messages included, in order of first appearance.
fn collect_link_hosts(
    message: &Message<'_>,
    depth: usize,
    hosts: &mut Vec<String>,
    seen: &mut BTreeSet<String>,
) {
    for part in &message.parts {
        match &part.body {
            PartType::Text(text) | PartType::Html(text) => {
                for host in link_hosts(text) {
                    if hosts.len() >= MAX_LINKS {
                        return;
                    }
                    if seen.insert(host.clone()) {
                        hosts.push(host);
                    }
                }
            }
            PartType::Message(inner) if depth < MAX_DEPTH => {
                collect_link_hosts(inner, depth + 1, hosts, seen);
            }
            _ => {}
        }
    }
}

/// The hosts of the `http://` and `https://` links in `text`, plain or in
/// HTML attributes: what follows the scheme up to the first character that
/// cannot be in an authority, less any `user@` and `:port`. One pass, no
/// allocation beyond the hosts; a host is at most 253 octets (RFC 1035).
fn link_hosts(text: &str) -> impl Iterator<Item = String> + '_ {
    let bytes = text.as_bytes();
    let mut at = 0;
    std::iter::from_fn(move || {
        while let Some(found) = text[at..].find("://") {
            let colon = at + found;
            at = colon + 3;
            let scheme_start = bytes[..colon]
                .iter()
                .rposition(|b| !b.is_ascii_alphabetic())
                .map_or(0, |i| i + 1);
            let scheme = &text[scheme_start..colon];
            if !scheme.eq_ignore_ascii_case("http") && !scheme.eq_ignore_ascii_case("https") {
                continue;
            }
            let rest = &text[at..];
            let end = rest
                .find(|c: char| {
                    c.is_whitespace()
                        || matches!(c, '/' | '?' | '#' | '"' | '\'' | '<' | '>')
                        || matches!(c, '(' | ')' | '[' | ']' | '\\' | ',' | ';')
                })
                .unwrap_or(rest.len());
            let authority = &rest[..end];
            at += end;
            let host = authority.rsplit('@').next().unwrap_or(authority);
            let host = host.split(':').next().unwrap_or(host).trim_end_matches('.');
            if !host.is_empty() && host.len() <= 253 {
                return Some(host.to_lowercase());
            }
        }
        None
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = include_str!("mail/lookalike.eml");

    #[test]
    fn finds_lookalike_addresses_and_links_in_the_sample() {
        let matcher = protect(&["army.mil".into(), "paypal.com".into()]).unwrap();
        let message = MessageParser::default().parse(SAMPLE).unwrap();
        let got: Vec<[String; 3]> = findings(&matcher, &message)
            .into_iter()
            .map(|f| [f.field.to_owned(), f.value, f.hit.target])
            .collect();
        let want = [
            ["To", "someone@army.ml", "army.mil"],
            ["Cc", "logistics@army.com", "army.mil"],
            ["Reply-To", "billing@paypa1.com", "paypal.com"],
            ["Return-Path", "bounces@army.ml", "army.mil"],
            ["link", "www.paypa1.com", "paypal.com"],
            ["link", "раураӏ.com", "paypal.com"],
        ]
        .map(|row| row.map(String::from));
        assert_eq!(got, want);
    }

    #[test]
    fn link_hosts_are_cut_from_plain_text_and_html() {
        let text = "see https://User:pw@Login.PayPa1.com:8443/x?y, \
                    <a href=\"http://army.ml/\">here</a> (http://[::1]/) \
                    ftp://army.ml/ mailto:a@b https:// HTTPS://end.example.";
        let got: Vec<String> = link_hosts(text).collect();
        assert_eq!(
            got,
            ["login.paypa1.com", "army.ml", "end.example"].map(String::from)
        );
    }

    #[test]
    fn nothing_found_in_an_honest_message() {
        let matcher = protect(&["army.mil".into()]).unwrap();
        let honest = "From: a@army.mil\r\nTo: b@army.mil\r\nSubject: hi\r\n\r\nSee https://www.army.mil/\r\n";
        let message = MessageParser::default().parse(honest).unwrap();
        assert!(findings(&matcher, &message).is_empty());
    }
}
