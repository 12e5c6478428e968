//! Whole messages (cargo feature `mail`): every address and host of an
//! RFC 5322 message worth checking, and the display names that claim a
//! protected brand, each with where it was found.
//!
//! The Postfix policy service sees the envelope only. A whole message can
//! lie in more places: a `From:` on `paypa1-secure.com`, a `Reply-To:` that
//! sends the answer elsewhere, a link to `login.paypal.com.evil.io`, a
//! display name that says `"PayPal"` or even `"service@paypal.com"` over an
//! address that is neither. The message is parsed by `mail-parser` (MIME,
//! encoded words, transfer encodings); what is read of it:
//! - the envelope sender, when the caller knows it;
//! - `From`, `Sender`, `Reply-To`, `Return-Path`, `To` and `Cc` addresses;
//! - in every text and HTML part, attached messages included: the hosts of
//!   `http(s)://` links, the user-info of a link when it is itself a name
//!   (`http://paypal.com@evil.io`, whose host is `evil.io`), `mailto:`
//!   addresses, and bare `www.` hosts;
//! - the display names of `From`, `Sender` and `Reply-To`.
//!
//! Bounds: the caller's message is parsed as given (cap it before, as
//! `examples/mail_filter.rs` does); at most [`MAX_LINKS`] distinct hosts
//! and addresses from the body are checked, attached messages are followed
//! [`MAX_DEPTH`] deep.

use std::collections::BTreeSet;

use mail_parser::{Address, Message, MessageParser, PartType};
use serde::{Serialize, Serializer};

use crate::Matcher;
use crate::kind::Kind;

/// The most distinct link hosts and addresses taken from a message's body.
pub const MAX_LINKS: usize = 1000;

/// How deep attached messages (`message/rfc822`) are followed.
pub const MAX_DEPTH: usize = 4;

/// The score of a display name that shows an address of a protected domain
/// (`"service@paypal.com" <x@mailer.io>`) over an address elsewhere: the
/// claim is explicit, and false by the message's own header, so it is
/// certain, not a likelihood.
pub const DISPLAY_ADDRESS_CLAIM: f64 = 1.0;

/// The score of a display name that names a protected brand (`"PayPal"`)
/// over an address outside the brand's domain. Brands do send from
/// service providers' domains under their own name, so the claim alone is
/// set at the threshold `check` and `policy` act on (0.5), not above it:
/// flagged, for a filter to weigh with its other signals. A judgement, not
/// fitted: the reference corpus holds no messages.
pub const DISPLAY_BRAND_CLAIM: f64 = 0.5;

/// The shortest brand label a display name is searched for: shorter ones
/// (`x`, `hp`) are inside too many ordinary names.
const MIN_BRAND_LABEL: usize = 4;

/// Where in a message something was found.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Place {
    /// The envelope sender (`MAIL FROM`), as the caller gave it.
    Envelope,
    /// The `From:` header.
    From,
    /// The `Sender:` header.
    Sender,
    /// The `Reply-To:` header.
    ReplyTo,
    /// The `Return-Path:` header.
    ReturnPath,
    /// The `To:` header.
    To,
    /// The `Cc:` header.
    Cc,
    /// The host of a link.
    Link,
    /// The user-info of a link, when it is a name (`paypal.com@evil.io`).
    LinkUserInfo,
    /// A `mailto:` address.
    Mailto,
    /// A display name (`"PayPal" <...>`).
    DisplayName,
}

/// What was found: a lookalike of a kind, or a display name's claim.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FindingKind {
    /// A lookalike of a protected name, of this kind.
    Lookalike(Kind),
    /// A display name claims a protected brand or address while the address
    /// it stands over is elsewhere.
    DisplayName,
}

impl Serialize for FindingKind {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        match self {
            FindingKind::Lookalike(kind) => kind.serialize(s),
            FindingKind::DisplayName => s.serialize_str("display_name"),
        }
    }
}

/// One finding in a message.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Finding {
    /// Where it was found.
    pub place: Place,
    /// The address, host or display name found.
    pub text: String,
    /// The protected domain (or `.suffix`) it imitates or claims.
    pub target: String,
    /// A lookalike (with its kind) or a display name's claim.
    pub kind: FindingKind,
    /// 0 to 1; lookalikes carry the model's score.
    pub score: f64,
    /// Why, in one line.
    pub reason: String,
}

/// Everything worth checking in `raw` (an RFC 5322 message), checked:
/// lookalikes of the protected names at the matcher's minimum score, and
/// display-name claims. `envelope_sender` is the `MAIL FROM` address, when
/// known. A message `mail-parser` cannot read at all gives nothing.
///
/// ```
/// let matcher = lookalike::Matcher::builder().protect("paypal.com")?.build();
/// let raw = b"From: \"PayPal\" <service@paypa1-secure.com>\r\nSubject: x\r\n\r\nhi\r\n";
/// let found = lookalike::mail::check_message(&matcher, raw, None);
/// let places: Vec<_> = found.iter().map(|f| f.place).collect();
/// use lookalike::mail::Place;
/// assert!(places.contains(&Place::From) && places.contains(&Place::DisplayName));
/// # Ok::<(), lookalike::Error>(())
/// ```
pub fn check_message(matcher: &Matcher, raw: &[u8], envelope_sender: Option<&str>) -> Vec<Finding> {
    let Some(message) = MessageParser::default().parse(raw) else {
        return Vec::new();
    };
    let mut found = Vec::new();
    if let Some(sender) = envelope_sender {
        lookalike_of(matcher, Place::Envelope, sender, &mut found);
    }
    for (place, header) in [
        (Place::From, message.from()),
        (Place::Sender, message.sender()),
        (Place::ReplyTo, message.reply_to()),
        (Place::To, message.to()),
        (Place::Cc, message.cc()),
    ] {
        for addr in header.into_iter().flat_map(Address::iter) {
            let Some(address) = addr.address() else {
                continue;
            };
            lookalike_of(matcher, place, address, &mut found);
            if matches!(place, Place::From | Place::Sender | Place::ReplyTo)
                && let Some(name) = addr.name()
            {
                display_name_claims(matcher, name, address, &mut found);
            }
        }
    }
    for path in message.return_path().as_text_list().unwrap_or_default() {
        lookalike_of(matcher, Place::ReturnPath, path, &mut found);
    }
    let mut body = Vec::new();
    let mut seen = BTreeSet::new();
    collect_body_names(&message, 0, &mut body, &mut seen);
    for (place, text) in body {
        lookalike_of(matcher, place, &text, &mut found);
    }
    found
}

/// The best lookalike match of `text`, if any, as a finding at `place`.
fn lookalike_of(matcher: &Matcher, place: Place, text: &str, found: &mut Vec<Finding>) {
    let Ok(hits) = matcher.check(text) else {
        return;
    };
    if let Some(hit) = hits.into_iter().next() {
        found.push(Finding {
            place,
            text: text.to_owned(),
            target: hit.target,
            kind: FindingKind::Lookalike(hit.kind),
            score: hit.score,
            reason: hit.reason,
        });
    }
}

/// A display name's claims over `address`: an address of a protected
/// domain written in it, or a protected brand's label as its words.
fn display_name_claims(matcher: &Matcher, name: &str, address: &str, found: &mut Vec<Finding>) {
    let own = matcher.protected_domain(address);
    // An address written in the display name.
    for word in
        name.split(|c: char| c.is_whitespace() || matches!(c, '<' | '>' | '(' | ')' | '"' | ','))
    {
        if !word.contains('@') {
            continue;
        }
        if let Some(claimed) = matcher.protected_domain(word)
            && own != Some(claimed)
        {
            found.push(Finding {
                place: Place::DisplayName,
                text: name.to_owned(),
                target: claimed.to_owned(),
                kind: FindingKind::DisplayName,
                score: DISPLAY_ADDRESS_CLAIM,
                reason: format!("the display name shows {word}, but the message is from {address}"),
            });
            return;
        }
    }
    // A brand's label as the name's words (`PayPal`, `Pay Pal Service`).
    let letters: String = name
        .chars()
        .filter(|c| c.is_alphanumeric())
        .flat_map(char::to_lowercase)
        .collect();
    let words: Vec<String> = name
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .map(str::to_lowercase)
        .collect();
    for domain in matcher.protected_domains() {
        let label = domain.unicode_label();
        if label.chars().count() < MIN_BRAND_LABEL || own == Some(domain.registrable()) {
            continue;
        }
        let named = words.iter().any(|w| w == label) || letters == label;
        if named {
            found.push(Finding {
                place: Place::DisplayName,
                text: name.to_owned(),
                target: domain.registrable().to_owned(),
                kind: FindingKind::DisplayName,
                score: DISPLAY_BRAND_CLAIM,
                reason: format!(
                    "the display name says '{label}', but the message is from {address}, not {}",
                    domain.registrable()
                ),
            });
            return;
        }
    }
}

/// The distinct hosts and addresses of every text and HTML part, attached
/// messages included, in order of first appearance.
fn collect_body_names(
    message: &Message<'_>,
    depth: usize,
    out: &mut Vec<(Place, String)>,
    seen: &mut BTreeSet<String>,
) {
    for part in &message.parts {
        match &part.body {
            PartType::Text(text) | PartType::Html(text) => {
                for (place, name) in body_names(text) {
                    if out.len() >= MAX_LINKS {
                        return;
                    }
                    if seen.insert(name.clone()) {
                        out.push((place, name));
                    }
                }
            }
            PartType::Message(inner) if depth < MAX_DEPTH => {
                collect_body_names(inner, depth + 1, out, seen);
            }
            _ => {}
        }
    }
}

/// Whether `c` ends a host or an address in running text or HTML.
fn ends_name(c: char) -> bool {
    c.is_whitespace()
        || matches!(
            c,
            '/' | '?' | '#' | '"' | '\'' | '<' | '>' | '(' | ')' | '[' | ']' | '\\' | ',' | ';'
        )
}

/// The names in a text: link hosts (and link user-info that is a name),
/// `mailto:` addresses and bare `www.` hosts. One pass over the text.
fn body_names(text: &str) -> Vec<(Place, String)> {
    let mut names = Vec::new();
    let lower = text.to_ascii_lowercase();
    let mut at = 0;
    while at < lower.len() {
        let rest = &lower[at..];
        let next = [
            rest.find("http://"),
            rest.find("https://"),
            rest.find("mailto:"),
            rest.find("www."),
        ];
        let Some(start) = next.iter().flatten().min().copied() else {
            break;
        };
        let begin = at + start;
        let head = &lower[begin..];
        let (skip, place) = if head.starts_with("http://") {
            (7, Place::Link)
        } else if head.starts_with("https://") {
            (8, Place::Link)
        } else if head.starts_with("mailto:") {
            (7, Place::Mailto)
        } else {
            // `www.` only at the start of a word: not inside a longer host
            // already read, nor `awww.`.
            let before = lower[..begin].chars().next_back();
            if before.is_some_and(|c| c.is_alphanumeric() || c == '.' || c == '-') {
                at = begin + 4;
                continue;
            }
            (0, Place::Link)
        };
        let body = &text[begin + skip..];
        let end = body.find(ends_name).unwrap_or(body.len());
        let name = &body[..end];
        at = begin + skip + end.max(1);
        match place {
            Place::Mailto => {
                let address = name.split('?').next().unwrap_or(name);
                if address.contains('@') {
                    names.push((Place::Mailto, address.to_owned()));
                }
            }
            _ => {
                let (userinfo, host) = match name.rsplit_once('@') {
                    Some((user, host)) => (Some(user), host),
                    None => (None, name),
                };
                let host = host.split(':').next().unwrap_or(host).trim_end_matches('.');
                if !host.is_empty() && host.len() <= 253 {
                    names.push((Place::Link, host.to_lowercase()));
                }
                // `http://paypal.com@evil.io`: the name before `@` is shown
                // to the reader and ignored by the browser.
                if let Some(user) = userinfo.map(|u| u.split(':').next().unwrap_or(u))
                    && user.contains('.')
                    && user.len() <= 253
                {
                    names.push((Place::LinkUserInfo, user.to_lowercase()));
                }
            }
        }
    }
    names
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn body_names_cover_links_userinfo_mailto_and_bare_www() {
        let text = "see https://User:pw@Login.PayPa1.com:8443/x?y, \
                    <a href=\"http://paypal.com@evil.io/\">here</a> \
                    mailto:billing@paypa1.com?subject=x and www.paypa1-secure.com today; \
                    not awww.x.com nor ftp://army.ml/";
        let got: Vec<(Place, String)> = body_names(text);
        let want = [
            (Place::Link, "login.paypa1.com"),
            (Place::Link, "evil.io"),
            (Place::LinkUserInfo, "paypal.com"),
            (Place::Mailto, "billing@paypa1.com"),
            (Place::Link, "www.paypa1-secure.com"),
        ];
        assert_eq!(
            got,
            want.map(|(p, s)| (p, s.to_owned())).to_vec(),
            "{got:?}"
        );
    }
}
