//! Postfix's policy-delegation protocol, without the network.
//!
//! Postfix's SMTP server can ask an outside program about every recipient
//! (`check_policy_service`, see Postfix's `SMTPD_POLICY_README`). The exchange
//! is plain text: the client sends `name=value` lines ended by an empty line;
//! the server answers one `action=...` line, also ended by an empty line; the
//! connection stays open for the next request. This module reads one request,
//! decides it with a [`Matcher`], and writes the answer and the log line. The
//! server in `policy.rs` only moves bytes and keeps connections alive, so
//! everything that can be wrong about a request is decided, and tested, here.
//!
//! Everything read comes from the network, so every read is bounded: a line
//! longer than [`MAX_LINE`] or a request of more than [`MAX_ATTRIBUTES`]
//! attributes is [`Malformed`], without reading further. Bytes that are not
//! UTF-8 are decoded lossily: an invalid recipient then fails to parse as a
//! domain and is answered `DUNNO`, like any other name that imitates nothing
//! we can see. A request that breaks the protocol itself (a line without `=`,
//! a line or request too long, a connection closed half-way) gets no answer:
//! the protocol asks the server to log and disconnect, and Postfix then
//! retries on a new connection and, after `smtpd_policy_service_try_limit`
//! failures, applies its `smtpd_policy_service_default_action`.

use std::fmt::{self, Write as _};
use std::io::{self, BufRead, Read};

use clap::ValueEnum;
use lookalike::{Match, Matcher};

/// The longest attribute line read, in octets with its newline. Postfix's
/// own attributes are short (an address is at most 254 octets, RFC 5321),
/// but TLS client certificate names can be long; 8 KiB leaves room for them.
pub const MAX_LINE: usize = 8 * 1024;

/// The most attributes one request may carry. Postfix 3.x sends about 30.
pub const MAX_ATTRIBUTES: usize = 128;

/// The longest text after the action word, in octets. Postfix puts it into an
/// SMTP reply line (512 octets at most, RFC 5321 §4.5.3.1.5) behind its own
/// prefix (`554 5.7.1 <address>: Recipient address rejected: `).
pub const MAX_TEXT: usize = 300;

/// How much of an address a log line echoes, in characters.
const LOG_ECHO: usize = 256;

/// What to answer for a lookalike. Every action keeps the text, which Postfix
/// logs (and, for `reject` and `defer`, tells the sender).
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Action {
    /// `HOLD`: accept, and keep the whole message in the hold queue until a
    /// person releases (`postsuper -H`) or deletes (`postsuper -d`) it.
    Hold,
    /// `REJECT 5.7.1`: refuse this recipient for good.
    Reject,
    /// `DEFER_IF_PERMIT 4.7.1`: refuse this recipient for now, so the sender
    /// retries; a later restriction that rejects still wins.
    Defer,
    /// `WARN`: log only, and let the mail go on.
    Warn,
}

impl Action {
    /// The answer that starts an `action=` line, before the text.
    pub fn verb(self) -> &'static str {
        match self {
            Action::Hold => "HOLD",
            Action::Reject => "REJECT 5.7.1",
            Action::Defer => "DEFER_IF_PERMIT 4.7.1",
            Action::Warn => "WARN",
        }
    }
}

/// Which address of a request to check.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Role {
    /// `recipient`, at the `RCPT` stage.
    Recipient,
    /// `sender` (the envelope `MAIL FROM`), at any stage.
    Sender,
}

impl Role {
    fn name(self) -> &'static str {
        match self {
            Role::Recipient => "recipient",
            Role::Sender => "sender",
        }
    }
}

/// How requests are decided.
#[derive(Debug, Clone)]
pub struct Policy {
    /// The answer for a lookalike.
    pub action: Action,
    /// Check `recipient` (at `RCPT`).
    pub recipient: bool,
    /// Check `sender`.
    pub sender: bool,
}

/// The attributes of one request that matter here; the rest are counted and
/// ignored, as the protocol asks. A repeated attribute keeps its last value.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Request {
    /// `request`: `smtpd_access_policy` from Postfix.
    pub request: Option<String>,
    /// `protocol_state`: `RCPT`, `DATA`, `END-OF-MESSAGE`, ...
    pub protocol_state: String,
    /// `queue_id`: empty until Postfix has opened the queue file.
    pub queue_id: String,
    /// `sender`: the envelope sender, empty for the null sender.
    pub sender: String,
    /// `recipient`: the envelope recipient at `RCPT`.
    pub recipient: String,
    /// `client_address`.
    pub client_address: String,
    /// How many attribute lines the request had.
    pub attributes: usize,
}

/// A request that breaks the protocol. It is logged and the connection
/// closed, with no answer (see the module doc).
#[derive(Debug)]
pub enum Malformed {
    /// A line without `=`.
    NoEquals {
        /// Its 1-based number within the request.
        line: usize,
    },
    /// A line longer than [`MAX_LINE`].
    LineTooLong {
        /// Its 1-based number within the request.
        line: usize,
    },
    /// More than [`MAX_ATTRIBUTES`] attributes.
    TooManyAttributes,
    /// The connection ended inside a request.
    Truncated {
        /// Complete attribute lines read before the end.
        lines: usize,
    },
    /// Reading failed (a time-out, a reset).
    Io(io::Error),
}

impl fmt::Display for Malformed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Malformed::NoEquals { line } => write!(f, "line {line} of a request has no '='"),
            Malformed::LineTooLong { line } => {
                write!(f, "line {line} of a request exceeds {MAX_LINE} octets")
            }
            Malformed::TooManyAttributes => {
                write!(f, "a request has more than {MAX_ATTRIBUTES} attributes")
            }
            Malformed::Truncated { lines } => write!(
                f,
                "the connection closed inside a request, after {lines} attribute lines"
            ),
            Malformed::Io(e) => write!(f, "reading failed: {e}"),
        }
    }
}

/// Reads the next request. `Ok(None)` is the connection closed cleanly
/// between requests. `started` is called once the first line of a request
/// has arrived, so the caller can bound the time the rest may take. `buf` is
/// scratch space kept across calls.
pub fn read_request(
    reader: &mut impl BufRead,
    buf: &mut Vec<u8>,
    started: &mut dyn FnMut(),
) -> Result<Option<Request>, Malformed> {
    let mut request = Request::default();
    let mut lines = 0usize;
    loop {
        buf.clear();
        let read = reader
            .by_ref()
            .take(MAX_LINE as u64)
            .read_until(b'\n', buf)
            .map_err(Malformed::Io)?;
        if read == 0 {
            return if lines == 0 {
                Ok(None)
            } else {
                Err(Malformed::Truncated { lines })
            };
        }
        if lines == 0 {
            started();
        }
        if buf.last() != Some(&b'\n') {
            return Err(if read >= MAX_LINE {
                Malformed::LineTooLong { line: lines + 1 }
            } else {
                Malformed::Truncated { lines }
            });
        }
        buf.pop();
        if buf.last() == Some(&b'\r') {
            buf.pop();
        }
        if buf.is_empty() {
            request.attributes = lines;
            return Ok(Some(request));
        }
        lines += 1;
        if lines > MAX_ATTRIBUTES {
            return Err(Malformed::TooManyAttributes);
        }
        let Some(eq) = buf.iter().position(|&b| b == b'=') else {
            return Err(Malformed::NoEquals { line: lines });
        };
        let (name, value) = (&buf[..eq], &buf[eq + 1..]);
        let slot = match name {
            b"request" => {
                request.request = Some(text(value));
                continue;
            }
            b"protocol_state" => &mut request.protocol_state,
            b"queue_id" => &mut request.queue_id,
            b"sender" => &mut request.sender,
            b"recipient" => &mut request.recipient,
            b"client_address" => &mut request.client_address,
            _ => continue,
        };
        *slot = text(value);
    }
}

fn text(value: &[u8]) -> String {
    String::from_utf8_lossy(value).into_owned()
}

/// A protected target imitated by an address of the request.
#[derive(Debug)]
pub struct Finding {
    /// Which address.
    pub role: Role,
    /// The best match for it.
    pub hit: Match,
}

/// The answer to one request, and what the log line says about it.
#[derive(Debug)]
pub struct Decision {
    /// The value of the `action=` answer: `DUNNO`, or the action with its
    /// text (one line of printable ASCII).
    pub action: String,
    /// The lookalike found, if any.
    pub finding: Option<Finding>,
    /// Addresses that could not be checked, and why (they answer `DUNNO`).
    pub notes: Vec<String>,
}

impl Decision {
    /// The answer as sent: `action=...` and the empty line.
    pub fn answer(&self) -> String {
        format!("action={}\n\n", self.action)
    }

    /// One log line (without newline): queue id, addresses, and for a
    /// lookalike its target, kind, score and reason.
    pub fn log_line(&self, request: &Request) -> String {
        let mut line = String::with_capacity(256);
        let queue_id = if request.queue_id.is_empty() {
            "NOQUEUE".to_owned()
        } else {
            request
                .queue_id
                .chars()
                .filter(char::is_ascii_alphanumeric)
                .take(64)
                .collect()
        };
        let _ = write!(line, "queue_id={queue_id}");
        if !request.protocol_state.is_empty() && request.protocol_state != "RCPT" {
            let _ = write!(line, " state={}", quoted(&request.protocol_state));
        }
        let _ = write!(line, " sender={}", quoted(&request.sender));
        let _ = write!(line, " recipient={}", quoted(&request.recipient));
        match &self.finding {
            Some(f) => {
                let _ = write!(
                    line,
                    " checked={} target={} kind={} score={:.3} action={} reason={}",
                    f.role.name(),
                    f.hit.target,
                    f.hit.kind.name(),
                    f.hit.score,
                    self.action.split(' ').next().unwrap_or(""),
                    quoted(&f.hit.reason)
                );
            }
            None => line.push_str(" target=- action=DUNNO"),
        }
        for note in &self.notes {
            let _ = write!(line, " note={}", quoted(note));
        }
        line
    }
}

/// Decides a request: the first lookalike among the addresses checked (the
/// recipient before the sender) answers the policy's action, anything else
/// `DUNNO`.
pub fn decide(matcher: &Matcher, policy: &Policy, request: &Request) -> Decision {
    let mut notes = Vec::new();
    let foreign = request
        .request
        .as_deref()
        .is_some_and(|r| r != "smtpd_access_policy");
    if foreign {
        notes.push("not an smtpd_access_policy request".to_owned());
    }
    let mut wanted: Vec<(Role, &str)> = Vec::with_capacity(2);
    // Postfix sends the recipient only at RCPT (and, for a one-recipient
    // message, again at DATA): RCPT is where it is decided, once.
    if policy.recipient && request.protocol_state.eq_ignore_ascii_case("RCPT") {
        wanted.push((Role::Recipient, &request.recipient));
    }
    if policy.sender {
        wanted.push((Role::Sender, &request.sender));
    }
    if foreign {
        wanted.clear();
    }
    for (role, address) in wanted {
        if address.is_empty() {
            continue;
        }
        match matcher.check_email(address) {
            Ok(mut hits) if !hits.is_empty() => {
                let hit = hits.swap_remove(0);
                let action = format!("{} {}", policy.action.verb(), reply_text(role, &hit));
                return Decision {
                    action,
                    finding: Some(Finding { role, hit }),
                    notes,
                };
            }
            Ok(_) => {}
            Err(e) => notes.push(format!("{} not checked: {e}", role.name())),
        }
    }
    Decision {
        action: "DUNNO".to_owned(),
        finding: None,
        notes,
    }
}

/// The text after the action: what is imitated, and why, as one short line
/// of printable ASCII (other characters as `U+XXXX`), so that it survives
/// Postfix's logs and SMTP replies.
fn reply_text(role: Role, hit: &Match) -> String {
    let who = match role {
        Role::Recipient => "lookalike",
        Role::Sender => "sender is a lookalike",
    };
    let raw = format!("{who} of {}: {}", hit.target, hit.reason);
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c == ' ' || c.is_ascii_graphic() {
            out.push(c);
        } else {
            let _ = write!(out, "U+{:04X}", u32::from(c));
        }
        if out.len() > MAX_TEXT {
            out.truncate(MAX_TEXT - 3);
            out.push_str("...");
            break;
        }
    }
    out
}

/// A value for a log line: quoted, escaped, and cut to [`LOG_ECHO`]
/// characters, so that a hostile address cannot forge or flood log lines.
fn quoted(value: &str) -> String {
    match value.char_indices().nth(LOG_ECHO) {
        Some((end, _)) => format!("{:?}", format!("{}...", &value[..end])),
        None => format!("{value:?}"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn matcher() -> Matcher {
        Matcher::builder()
            .protect("army.mil")
            .and_then(|b| b.protect("paypal.com"))
            .map(|b| b.min_score(0.5).build())
            .expect("valid names")
    }

    const RECIPIENTS: Policy = Policy {
        action: Action::Hold,
        recipient: true,
        sender: false,
    };

    fn read_all(input: &[u8]) -> Vec<Result<Option<Request>, String>> {
        let mut reader = io::BufReader::with_capacity(16, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        loop {
            let got = read_request(&mut reader, &mut buf, &mut || {});
            let end = !matches!(got, Ok(Some(_)));
            out.push(got.map_err(|e| e.to_string()));
            if end {
                return out;
            }
        }
    }

    fn rcpt(recipient: &str) -> Request {
        Request {
            protocol_state: "RCPT".into(),
            recipient: recipient.into(),
            ..Request::default()
        }
    }

    #[test]
    fn reads_requests_one_after_another() {
        let got = read_all(
            b"request=smtpd_access_policy\nprotocol_state=RCPT\nrecipient=a@army.ml\n\
              queue_id=4F2A1\nx=y=z\nrecipient=b@army.ml\n\nsender=\r\n\r\n",
        );
        assert_eq!(got.len(), 3);
        let first = got[0].as_ref().unwrap().as_ref().unwrap();
        assert_eq!(first.request.as_deref(), Some("smtpd_access_policy"));
        assert_eq!(first.recipient, "b@army.ml", "the last value wins");
        assert_eq!(first.queue_id, "4F2A1");
        assert_eq!(first.attributes, 6);
        let second = got[1].as_ref().unwrap().as_ref().unwrap();
        assert_eq!(second.attributes, 1);
        assert!(matches!(got[2], Ok(None)));
    }

    #[test]
    fn an_empty_line_alone_is_an_empty_request() {
        let got = read_all(b"\n");
        assert_eq!(got[0].as_ref().unwrap().as_ref().unwrap().attributes, 0);
    }

    #[test]
    fn refuses_what_breaks_the_protocol() {
        let no_eq = read_all(b"recipient=a@b.com\njunk\n\n");
        assert_eq!(no_eq[0], Err("line 2 of a request has no '='".into()));

        let mut long = b"recipient=".to_vec();
        long.extend(std::iter::repeat_n(b'a', 1 << 20));
        long.push(b'\n');
        let got = read_all(&long);
        assert!(got[0].as_ref().unwrap_err().contains("exceeds"), "{got:?}");

        let many: Vec<u8> = b"a=b\n".repeat(MAX_ATTRIBUTES + 1);
        let got = read_all(&many);
        assert!(got[0].as_ref().unwrap_err().contains("more than"));

        for cut in [&b"recipient=a@b.com\n"[..], b"recipient=a@b"] {
            let got = read_all(cut);
            assert!(got[0].as_ref().unwrap_err().contains("closed"), "{got:?}");
        }
    }

    #[test]
    fn invalid_utf8_is_read_lossily() {
        let got = read_all(b"recipient=a@arm\xffy.ml\n\n");
        let request = got[0].as_ref().unwrap().as_ref().unwrap();
        assert_eq!(request.recipient, "a@arm\u{fffd}y.ml");
    }

    #[test]
    fn holds_a_lookalike_recipient_with_its_reason() {
        let d = decide(&matcher(), &RECIPIENTS, &rcpt("someone@army.ml"));
        assert_eq!(
            d.action,
            "HOLD lookalike of army.mil: suffix .mil lost its 'i'; .ml is the country-code \
             TLD of Mali, open to registration"
        );
        assert_eq!(d.answer(), format!("action={}\n\n", d.action));
        let log = d.log_line(&rcpt("someone@army.ml"));
        assert!(log.starts_with("queue_id=NOQUEUE sender=\"\" recipient=\"someone@army.ml\""));
        let score = matcher().check("army.ml").expect("parses")[0].score;
        let logged = format!("target=army.mil kind=tld_swap score={score:.3} action=HOLD");
        assert!(log.contains(&logged), "{log}");
    }

    #[test]
    fn every_action_has_its_answer() {
        for (action, start) in [
            (Action::Reject, "REJECT 5.7.1 lookalike of army.mil: "),
            (
                Action::Defer,
                "DEFER_IF_PERMIT 4.7.1 lookalike of army.mil: ",
            ),
            (Action::Warn, "WARN lookalike of army.mil: "),
        ] {
            let policy = Policy {
                action,
                ..RECIPIENTS
            };
            let d = decide(&matcher(), &policy, &rcpt("someone@army.ml"));
            assert!(d.action.starts_with(start), "{}", d.action);
        }
    }

    #[test]
    fn dunno_for_the_real_domain_other_stages_and_what_does_not_parse() {
        let m = matcher();
        for request in [
            rcpt("someone@army.mil"),
            rcpt("someone@example.org"),
            rcpt("postmaster"),
            rcpt("a@arm\u{fffd}y.ml"),
            Request {
                protocol_state: "DATA".into(),
                ..rcpt("someone@army.ml")
            },
            Request {
                request: Some("something_else".into()),
                ..rcpt("someone@army.ml")
            },
        ] {
            let d = decide(&m, &RECIPIENTS, &request);
            assert_eq!(d.action, "DUNNO", "{request:?}");
            assert!(d.log_line(&request).contains("target=- action=DUNNO"));
        }
        let d = decide(&m, &RECIPIENTS, &rcpt("postmaster"));
        assert!(d.notes[0].starts_with("recipient not checked"), "{d:?}");
    }

    #[test]
    fn checks_the_sender_only_when_asked() {
        let request = Request {
            sender: "ceo@paypal-login.com".into(),
            ..rcpt("someone@example.org")
        };
        assert_eq!(decide(&matcher(), &RECIPIENTS, &request).action, "DUNNO");
        let both = Policy {
            sender: true,
            ..RECIPIENTS
        };
        let d = decide(&matcher(), &both, &request);
        assert!(
            d.action
                .starts_with("HOLD sender is a lookalike of paypal.com: "),
            "{}",
            d.action
        );
        assert!(
            d.log_line(&request)
                .contains("checked=sender target=paypal.com")
        );
    }

    #[test]
    fn reply_text_is_short_printable_ascii() {
        let m = Matcher::builder().protect("paypal.com").unwrap().build();
        let hit = m.check("раураӏ.com").unwrap().remove(0);
        let text = reply_text(Role::Recipient, &hit);
        assert!(
            text.bytes().all(|b| b == b' ' || b.is_ascii_graphic()),
            "{text}"
        );
        assert!(text.len() <= MAX_TEXT);
        assert!(text.contains("U+"), "{text}");
    }

    #[test]
    fn log_values_cannot_forge_lines() {
        let request = rcpt("a@b.com\r\nqueue_id=FAKE \"x\"");
        let d = decide(&matcher(), &RECIPIENTS, &request);
        let log = d.log_line(&request);
        assert!(!log.contains('\n') && !log.contains('\r'), "{log}");
        assert!(
            log.contains(r#"recipient="a@b.com\r\nqueue_id=FAKE \"x\"""#),
            "{log}"
        );
    }
}
