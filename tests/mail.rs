//! Whole messages: each place a lookalike hides, and a clean message from
//! the protected domain itself left alone.

use lookalike::Matcher;
use lookalike::mail::{FindingKind, Place, check_message};

fn matcher() -> Matcher {
    let mut builder = Matcher::builder();
    builder.min_score(0.5);
    builder.protect("paypal.com").unwrap();
    builder.protect("army.mil").unwrap();
    builder.build()
}

fn places(raw: &str, envelope: Option<&str>) -> Vec<(Place, String, String)> {
    check_message(&matcher(), raw.as_bytes(), envelope)
        .into_iter()
        .map(|f| (f.place, f.text, f.target))
        .collect()
}

#[test]
fn a_lookalike_sender_and_its_display_name_claim() {
    let raw = "From: \"PayPal\" <service@paypa1-secure.com>\r\nTo: me@example.org\r\nSubject: x\r\n\r\nhello\r\n";
    let found = check_message(&matcher(), raw.as_bytes(), None);
    assert!(
        found
            .iter()
            .any(|f| f.place == Place::From && f.target == "paypal.com" && f.score >= 0.5),
        "{found:?}"
    );
    let claim = found
        .iter()
        .find(|f| f.place == Place::DisplayName)
        .expect("the claim");
    assert_eq!(claim.kind, FindingKind::DisplayName);
    assert_eq!(claim.target, "paypal.com");
    let json = serde_json::to_value(claim).unwrap();
    assert_eq!(json["kind"], "display_name");
    assert_eq!(json["place"], "display_name");
}

#[test]
fn a_display_name_that_shows_a_protected_address() {
    let raw = "From: \"service@paypal.com\" <noreply@mailer-xyz.com>\r\nSubject: x\r\n\r\nhi\r\n";
    let got = check_message(&matcher(), raw.as_bytes(), None);
    let claim = got
        .iter()
        .find(|f| f.place == Place::DisplayName)
        .expect("the claim");
    assert_eq!(claim.target, "paypal.com");
    assert_eq!(claim.score, lookalike::mail::DISPLAY_ADDRESS_CLAIM);
    assert!(
        claim.reason.contains("noreply@mailer-xyz.com"),
        "{}",
        claim.reason
    );
}

#[test]
fn sender_envelope_mailto_userinfo_and_bare_hosts() {
    let raw = "From: a@example.org\r\nSender: agent@paypa1.com\r\nSubject: x\r\n\
               Content-Type: text/html\r\n\r\n\
               <a href=\"http://paypal.com@evil.io/login\">PayPal</a> \
               <a href=\"mailto:help@army.ml\">write</a> or visit www.paypa1-login.com\r\n";
    let got = places(raw, Some("bounce@army.ml"));
    let has = |p: Place, text: &str, target: &str| {
        got.iter()
            .any(|(a, b, c)| *a == p && b == text && c == target)
    };
    assert!(
        has(Place::Envelope, "bounce@army.ml", "army.mil"),
        "{got:?}"
    );
    assert!(
        has(Place::Sender, "agent@paypa1.com", "paypal.com"),
        "{got:?}"
    );
    assert!(has(Place::Mailto, "help@army.ml", "army.mil"), "{got:?}");
    assert!(
        has(Place::Link, "www.paypa1-login.com", "paypal.com"),
        "{got:?}"
    );
    // The brand shown before `@` in a link whose host is elsewhere: the
    // user-info is the protected name itself, which is no lookalike, but
    // the host it hides is checked as a link.
    assert!(
        got.iter().all(|(p, _, _)| *p != Place::LinkUserInfo),
        "{got:?}"
    );
}

#[test]
fn a_lookalike_in_a_links_user_info_is_found() {
    let raw = "From: a@example.org\r\nSubject: x\r\n\r\nsee http://paypa1.com@evil.io/\r\n";
    let got = places(raw, None);
    assert!(
        got.contains(&(
            Place::LinkUserInfo,
            "paypa1.com".into(),
            "paypal.com".into()
        )),
        "{got:?}"
    );
}

#[test]
fn the_protected_domains_own_mail_is_left_alone() {
    let raw = "From: \"PayPal\" <service@paypal.com>\r\nReply-To: help@paypal.com\r\n\
               To: someone@army.mil\r\nSubject: receipt\r\n\r\n\
               See https://www.paypal.com/activity and mailto:help@paypal.com\r\n";
    assert!(places(raw, Some("bounce@paypal.com")).is_empty());
}

#[test]
fn junk_is_not_a_panic() {
    for raw in [
        &b""[..],
        b"\xff\xfe\x00",
        b"From: <@@@>\r\n\r\n",
        &[b'a'; 100_000][..],
    ] {
        let _ = check_message(&matcher(), raw, None);
    }
}
