//! Finding the host in what a caller hands the matcher: a domain, a host with
//! subdomains, an e-mail address in any of its header forms, or a URL.
//!
//! Only the host matters, and it sits near one end of the input: after the
//! scheme of a URL, after the last `@` of an address. So each form is cut down
//! to its host with scans bounded by [`MAX_ADDRESS`] before anything heavier
//! (IDNA, the suffix split) runs: white space around the input, the search
//! for a scheme, an `@` or a URL's authority all look at its first
//! `MAX_ADDRESS` octets (or its last, for trailing white space) and no
//! further, so a hostile megabyte costs microseconds.

use crate::domain::trim_bounded;
use crate::error::{Error, echo};

/// The longest e-mail address or URL authority read, in octets. RFC 5321
/// §4.5.3.1 caps a mailbox at 254 octets; a display name and comments around
/// it, and a URL's user information and port, get room on top.
pub const MAX_ADDRESS: usize = 2048;

/// The host of `input`, which may be a domain, an e-mail address or a URL.
/// The bytes of a plain host name: ASCII letters, digits, dots and hyphens.
/// A table, as the test runs on every byte of every input: the comparisons
/// cost twice as much (callgrind).
const PLAIN: [bool; 256] = {
    let mut table = [false; 256];
    let mut b = 0;
    while b < 256 {
        let c = b as u8;
        table[b] = c.is_ascii_alphanumeric() || c == b'.' || c == b'-';
        b += 1;
    }
    table
};

pub(crate) fn host(input: &str) -> Result<&str, Error> {
    // Most input is a plain host name already: letters, digits, dots and
    // hyphens, none of which starts a URL, an address or white space. One
    // pass answers it; the scans below cost 4% of a check (callgrind).
    if !input.is_empty()
        && input.len() <= MAX_ADDRESS
        && input.bytes().all(|b| PLAIN[usize::from(b)])
    {
        return Ok(input);
    }
    let input = trim_bounded(input, MAX_ADDRESS)?;
    if input.is_empty() {
        return Err(Error::Empty);
    }
    let head = head(input);
    if let Some(scheme_end) = head.find("://") {
        let scheme = &head[..scheme_end];
        if !scheme.is_empty() && scheme.bytes().all(is_scheme_byte) {
            return url_host(input, &input[scheme_end + 3..]);
        }
    }
    if let Some(rest) = strip_prefix_ignore_case(head, "mailto:") {
        return email_host(rest.split(['?', '#']).next().unwrap_or(rest));
    }
    if head.contains('@') {
        return email_host(input);
    }
    if head.contains(['/', '?', '#']) {
        // A URL without its scheme: `paypal.com/login`.
        return url_host(input, input);
    }
    // A wildcard host (a certificate's `*.paypa1.com`, a zone's `*` record)
    // stands for every name under its base, which is what it imitates with.
    Ok(input.strip_prefix("*.").unwrap_or(input))
}

/// The domain of an e-mail address: `a@b`, `Name <a@b>`, `"Name" <a@b>`,
/// `"quoted local"@b`, with IDN domains. RFC 5322 §3.4.
pub(crate) fn email_host(input: &str) -> Result<&str, Error> {
    let input = trim_bounded(input, MAX_ADDRESS)?;
    if input.len() > MAX_ADDRESS {
        return Err(Error::TooLong {
            octets: input.len(),
        });
    }
    if input.is_empty() {
        return Err(Error::Empty);
    }
    let no_host = || Error::NoHost { input: echo(input) };
    // `Name <addr>`: the address is inside the last angle brackets that are
    // not inside a quoted display name.
    let addr = match angle_address(input) {
        Some(addr) => addr,
        None => input,
    };
    let at = last_unquoted_at(addr).ok_or_else(no_host)?;
    let domain = addr[at + 1..].trim_matches(|c: char| c.is_ascii_whitespace());
    // An address literal (`user@[127.0.0.1]`) names no domain.
    if domain.is_empty() || domain.starts_with('[') {
        return Err(no_host());
    }
    Ok(domain)
}

/// The first [`MAX_ADDRESS`] octets of `input`, cut at a character boundary.
fn head(input: &str) -> &str {
    if input.len() <= MAX_ADDRESS {
        return input;
    }
    let mut end = MAX_ADDRESS;
    while !input.is_char_boundary(end) {
        end -= 1;
    }
    &input[..end]
}

fn is_scheme_byte(b: u8) -> bool {
    b.is_ascii_alphanumeric() || matches!(b, b'+' | b'-' | b'.')
}

fn strip_prefix_ignore_case<'a>(s: &'a str, prefix: &str) -> Option<&'a str> {
    let head = s.get(..prefix.len())?;
    head.eq_ignore_ascii_case(prefix)
        .then(|| &s[prefix.len()..])
}

/// The host of a URL's authority (RFC 3986 §3.2): after any user information,
/// before any port; an IP literal is no host.
fn url_host<'a>(input: &str, after_scheme: &'a str) -> Result<&'a str, Error> {
    let no_host = || Error::NoHost { input: echo(input) };
    // The authority ends within MAX_ADDRESS octets, or the URL is refused:
    // the scan never reads the rest of a hostile megabyte.
    let end = match head(after_scheme).find(['/', '?', '#', '\\']) {
        Some(end) => end,
        None if after_scheme.len() <= MAX_ADDRESS => after_scheme.len(),
        None => {
            return Err(Error::TooLong {
                octets: input.len(),
            });
        }
    };
    let authority = &after_scheme[..end];
    let host_port = authority.rsplit_once('@').map_or(authority, |(_, h)| h);
    if host_port.starts_with('[') {
        return Err(no_host());
    }
    let host = match host_port.rsplit_once(':') {
        Some((host, port)) if port.bytes().all(|b| b.is_ascii_digit()) => host,
        _ => host_port,
    };
    if host.is_empty() {
        return Err(no_host());
    }
    Ok(host)
}

/// The bytes of `s` outside quoted strings (RFC 5322 §3.2.4: `"..."`, with
/// a backslash escaping inside), with their byte indices. The quotes and
/// everything between them are skipped.
fn unquoted(s: &str) -> impl Iterator<Item = (usize, u8)> + '_ {
    let (mut quoted, mut escaped) = (false, false);
    s.bytes().enumerate().filter(move |&(_, b)| {
        if escaped {
            escaped = false;
            return false;
        }
        match b {
            b'\\' if quoted => escaped = true,
            b'"' => quoted = !quoted,
            _ => return !quoted,
        }
        false
    })
}

/// The text inside the last `<...>` outside quotes, if any.
fn angle_address(input: &str) -> Option<&str> {
    let mut open = None;
    let mut found = None;
    for (i, b) in unquoted(input) {
        match b {
            b'<' => open = Some(i),
            b'>' => {
                if let Some(start) = open.take() {
                    found = Some(&input[start + 1..i]);
                }
            }
            _ => {}
        }
    }
    found
}

/// The byte index of the last `@` outside a quoted local part.
fn last_unquoted_at(addr: &str) -> Option<usize> {
    unquoted(addr)
        .filter(|&(_, b)| b == b'@')
        .last()
        .map(|(i, _)| i)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_host_in_every_form() {
        for (input, expected) in [
            ("army.ml", "army.ml"),
            ("  www.Army.ML. ", "www.Army.ML."),
            ("someone@army.ml", "army.ml"),
            ("Some One <someone@army.ml>", "army.ml"),
            ("\"One, Some <x@y.z>\" <someone@army.ml>", "army.ml"),
            ("\"some@one\"@army.ml", "army.ml"),
            ("\"a\\\"b@c\"@army.ml", "army.ml"),
            ("someone@bücher.de", "bücher.de"),
            ("mailto:someone@army.ml?subject=hi", "army.ml"),
            ("https://login.paypa1.com/signin?x=1", "login.paypa1.com"),
            ("http://user:pw@paypa1.com:8080/", "paypa1.com"),
            ("HTTPS://PAYPA1.COM", "PAYPA1.COM"),
            ("paypa1.com/login", "paypa1.com"),
            ("*.paypa1.com", "paypa1.com"),
            (" *.login.paypa1.com", "login.paypa1.com"),
        ] {
            assert_eq!(host(input), Ok(expected), "{input}");
        }
    }

    #[test]
    fn refuses_what_names_no_host() {
        assert_eq!(host("   "), Err(Error::Empty));
        assert!(matches!(
            host("user@[127.0.0.1]"),
            Err(Error::NoHost { .. })
        ));
        assert!(matches!(host("http://[::1]/"), Err(Error::NoHost { .. })));
        assert!(matches!(host("nobody@"), Err(Error::NoHost { .. })));
        assert!(matches!(host("http:///path"), Err(Error::NoHost { .. })));
        assert!(matches!(
            email_host("\"unterminated@army.ml"),
            Err(Error::NoHost { .. })
        ));
        let long = format!("{}@army.ml", "a".repeat(1 << 20));
        assert!(matches!(email_host(&long), Err(Error::TooLong { .. })));
    }

    #[test]
    fn a_megabyte_is_refused_by_bounded_scans() {
        let mib = 1 << 20;
        let cases = [
            format!("http://{}", "a".repeat(mib)),
            format!("{}paypa1.com", " ".repeat(mib)),
            format!("paypa1.com{}", "\t".repeat(mib)),
            format!("https://{}/x", "a.".repeat(mib / 2)),
        ];
        for input in &cases {
            assert_eq!(
                host(input),
                Err(Error::TooLong {
                    octets: input.len()
                })
            );
        }
        // A long path or query is no reason to refuse a URL.
        let url = format!("https://paypa1.com/login?t={}", "a".repeat(mib));
        assert_eq!(host(&url), Ok("paypa1.com"));
    }
}
