//! `lookalike policy` over loopback, as Postfix would use it.
//!
//! Each test starts the real binary on an ephemeral port with a protected list
//! in a fresh directory, talks the policy protocol to it over TCP, and reads
//! its log on standard error. Postfix's own behaviour is tested separately, by
//! `.ci/postfix-e2e` against a real Postfix; here the point is the protocol's
//! edges, which Postfix never sends but a broken or hostile client might: a
//! service on the mail path must answer every well-formed request and let no
//! malformed one disturb the others.
//!
//! Nothing sleeps for a fixed time: every wait polls with a deadline.
#![cfg(unix)]

use std::fs;
use std::io::{BufRead, BufReader, ErrorKind, Read, Write};
use std::net::{Shutdown, SocketAddr, TcpStream};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::mpsc::{self, Receiver};
use std::thread;
use std::time::{Duration, Instant};

/// How long any single wait may take before the test fails.
const PATIENCE: Duration = Duration::from_secs(10);

/// A running `lookalike policy` with its scratch directory; killed on drop.
struct Service {
    child: Child,
    addr: SocketAddr,
    log: Receiver<String>,
    dir: PathBuf,
}

impl Service {
    /// Starts the service protecting `protected` (the lines of its list
    /// file), with extra arguments.
    fn start(protected: &str, extra: &[&str]) -> Service {
        static NEXT: AtomicUsize = AtomicUsize::new(0);
        let dir = std::env::temp_dir().join(format!(
            "lookalike-policy-test-{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ));
        fs::create_dir_all(&dir).unwrap();
        let list = dir.join("protected.txt");
        fs::write(&list, protected).unwrap();
        let mut child = Command::new(env!("CARGO_BIN_EXE_lookalike"))
            .args(["policy", "--listen", "127.0.0.1:0", "--protect"])
            .arg(&list)
            .args(extra)
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        // Drain the log continuously: a full pipe would block the service.
        let stderr = child.stderr.take().unwrap();
        let (tx, log) = mpsc::channel();
        thread::spawn(move || {
            for line in BufReader::new(stderr).lines() {
                let Ok(line) = line else { break };
                if tx.send(line).is_err() {
                    break;
                }
            }
        });
        let mut service = Service {
            child,
            addr: "127.0.0.1:0".parse().unwrap(),
            log,
            dir,
        };
        let first = service.wait_log("listening on");
        let addr = first
            .split("listening on ")
            .nth(1)
            .and_then(|rest| rest.split(';').next())
            .unwrap();
        service.addr = addr.parse().unwrap();
        service
    }

    fn list(&self) -> PathBuf {
        self.dir.join("protected.txt")
    }

    /// Waits for a log line containing `needle` and returns it; lines before
    /// it are passed over.
    fn wait_log(&self, needle: &str) -> String {
        let deadline = Instant::now() + PATIENCE;
        loop {
            let left = deadline.saturating_duration_since(Instant::now());
            match self.log.recv_timeout(left) {
                Ok(line) if line.contains(needle) => return line,
                Ok(_) => {}
                Err(e) => panic!("no log line with {needle:?}: {e}"),
            }
        }
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(self.addr).unwrap();
        stream.set_read_timeout(Some(PATIENCE)).unwrap();
        stream
    }

    fn signal(&self, name: &str) {
        let status = Command::new("kill")
            .args([&format!("-{name}"), &self.child.id().to_string()])
            .status()
            .unwrap();
        assert!(status.success());
    }

    fn hangup(&self) {
        self.signal("HUP");
    }
}

impl Drop for Service {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = fs::remove_dir_all(&self.dir);
    }
}

/// A request as Postfix sends it at the RCPT stage.
fn rcpt(recipient: &str, sender: &str, queue_id: &str) -> String {
    format!(
        "request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=ESMTP\n\
         client_address=127.0.0.1\nhelo_name=client.example\nqueue_id={queue_id}\n\
         sender={sender}\nrecipient={recipient}\nrecipient_count=0\nsize=0\n\n"
    )
}

/// Reads one answer: everything up to and including the empty line.
fn answer(stream: &mut TcpStream) -> String {
    let mut got = Vec::new();
    let mut byte = [0u8];
    while !got.ends_with(b"\n\n") {
        match stream.read(&mut byte) {
            Ok(0) => panic!(
                "connection closed after {:?}",
                String::from_utf8_lossy(&got)
            ),
            Ok(_) => got.push(byte[0]),
            Err(e) => panic!("no answer ({e}) after {:?}", String::from_utf8_lossy(&got)),
        }
    }
    String::from_utf8(got).unwrap()
}

fn ask(stream: &mut TcpStream, request: &str) -> String {
    stream.write_all(request.as_bytes()).unwrap();
    answer(stream)
}

/// Whether the service closed the connection without a byte of answer.
fn closed_without_answer(stream: &mut TcpStream) -> bool {
    let mut rest = Vec::new();
    match stream.read_to_end(&mut rest) {
        Ok(_) => rest.is_empty(),
        // Closing with unread input resets the connection.
        Err(e) => e.kind() == ErrorKind::ConnectionReset && rest.is_empty(),
    }
}

const HELD: &str = "action=HOLD lookalike of army.mil: suffix .mil lost its 'i'; \
                    .ml is the country-code TLD of Mali, open to registration\n\n";

#[test]
fn holds_the_lookalike_and_passes_the_rest_on_one_connection() {
    let service = Service::start("army.mil\n", &[]);
    let mut c = service.connect();
    assert_eq!(
        ask(&mut c, &rcpt("someone@army.ml", "me@example.org", "4F2A1")),
        HELD
    );
    for good in [
        "someone@army.mil",
        "someone@mail.army.mil",
        "friend@example.org",
    ] {
        assert_eq!(
            ask(&mut c, &rcpt(good, "me@example.org", "")),
            "action=DUNNO\n\n"
        );
    }
    // Two requests in one write: two answers, in order.
    let both = rcpt("someone@army.mil", "", "") + &rcpt("Someone@ARMY.ML", "", "");
    c.write_all(both.as_bytes()).unwrap();
    assert_eq!(answer(&mut c), "action=DUNNO\n\n");
    assert_eq!(answer(&mut c), HELD);

    let line = service.wait_log("queue_id=4F2A1");
    assert!(
        line.contains(&format!(
            "recipient=\"someone@army.ml\" checked=recipient target=army.mil kind=tld_swap \
             score={:.3} action=HOLD",
            army_ml_score()
        )),
        "{line}"
    );
    let line = service.wait_log("recipient=\"someone@army.mil\"");
    assert!(line.contains("queue_id=NOQUEUE"), "{line}");
    assert!(line.contains("target=- action=DUNNO"), "{line}");
}

#[test]
fn each_action_answers_in_its_own_words() {
    for (action, start) in [
        ("hold", "action=HOLD lookalike of army.mil: "),
        ("reject", "action=REJECT 5.7.1 lookalike of army.mil: "),
        (
            "defer",
            "action=DEFER_IF_PERMIT 4.7.1 lookalike of army.mil: ",
        ),
        ("warn", "action=WARN lookalike of army.mil: "),
    ] {
        let service = Service::start("army.mil\n", &["--action", action]);
        let mut c = service.connect();
        let got = ask(&mut c, &rcpt("someone@army.ml", "", ""));
        assert!(got.starts_with(start), "{action}: {got}");
        assert!(got.ends_with("Mali, open to registration\n\n"), "{got}");
    }
}

#[test]
fn checks_the_sender_only_when_asked() {
    let request = rcpt("friend@example.org", "ceo@paypa1.com", "");
    let default = Service::start("paypal.com\n", &[]);
    assert_eq!(ask(&mut default.connect(), &request), "action=DUNNO\n\n");
    let both = Service::start("paypal.com\n", &["--check", "recipient,sender"]);
    let got = ask(&mut both.connect(), &request);
    assert!(
        got.starts_with("action=HOLD sender is a lookalike of paypal.com: "),
        "{got}"
    );
    let line = both.wait_log("checked=sender");
    assert!(line.contains("target=paypal.com kind=homoglyph"), "{line}");
}

#[test]
fn a_protected_suffix_flags_every_name_one_edit_away() {
    let service = Service::start("# the whole of .mil\n.mil\n", &[]);
    let got = ask(&mut service.connect(), &rcpt("x@anything.ml", "", ""));
    assert!(got.starts_with("action=HOLD lookalike of .mil: "), "{got}");
}

#[test]
fn malformed_requests_close_only_their_own_connection() {
    let service = Service::start("army.mil\n", &[]);
    // A well-behaved connection, kept open across every bad one.
    let mut good = service.connect();
    assert_eq!(ask(&mut good, &rcpt("someone@army.ml", "", "")), HELD);

    let mut long = b"recipient=".to_vec();
    long.extend(std::iter::repeat_n(b'a', 1 << 20));
    long.extend_from_slice(b"\n\n");
    let cases: Vec<(&str, Vec<u8>, &str)> = vec![
        (
            "no '='",
            b"protocol_state=RCPT\nthis line has no equals sign\n\n".to_vec(),
            "has no '='",
        ),
        ("1 MiB line", long, "exceeds"),
        (
            "too many attributes",
            "x=y\n".repeat(1000).into_bytes(),
            "more than",
        ),
        (
            "closed mid-request",
            b"request=smtpd_access_policy\nrecipient=someone@arm".to_vec(),
            "closed inside a request",
        ),
    ];
    for (what, bytes, logged) in cases {
        let mut bad = service.connect();
        // The service may close before taking it all: a failed write is fine.
        let _ = bad.write_all(&bytes);
        let _ = bad.shutdown(Shutdown::Write);
        assert!(closed_without_answer(&mut bad), "{what}: answered");
        let line = service.wait_log(logged);
        assert!(line.contains("without an answer"), "{what}: {line}");
        assert_eq!(
            ask(&mut good, &rcpt("someone@army.ml", "", "")),
            HELD,
            "{what}: the good connection"
        );
    }

    // Invalid UTF-8 is no protocol error: the recipient just does not parse.
    let mut odd = service.connect();
    let mut request = rcpt("someone@arm\u{1}y.ml", "", "").into_bytes();
    let at = request.iter().position(|&b| b == 1).unwrap();
    request[at] = 0xff;
    odd.write_all(&request).unwrap();
    assert_eq!(answer(&mut odd), "action=DUNNO\n\n");
    assert_eq!(ask(&mut odd, &rcpt("someone@army.ml", "", "")), HELD);
    let line = service.wait_log("recipient not checked");
    assert!(line.contains("arm\u{fffd}y.ml"), "{line}");

    // A connection that vanishes between requests is an ordinary end.
    let mut gone = service.connect();
    assert_eq!(ask(&mut gone, &rcpt("someone@army.ml", "", "")), HELD);
    drop(gone);

    // Many at once: every connection gets its own answers.
    let addr = service.addr;
    let clients: Vec<_> = (0..32)
        .map(|i| {
            thread::spawn(move || {
                let mut c = TcpStream::connect(addr).unwrap();
                c.set_read_timeout(Some(PATIENCE)).unwrap();
                for j in 0..20 {
                    let (to, want) = if (i + j) % 2 == 0 {
                        ("someone@army.ml", HELD)
                    } else {
                        ("someone@army.mil", "action=DUNNO\n\n")
                    };
                    assert_eq!(ask(&mut c, &rcpt(to, "", "")), want);
                }
            })
        })
        .collect();
    for client in clients {
        client.join().unwrap();
    }
    assert_eq!(
        ask(&mut good, &rcpt("someone@army.mil", "", "")),
        "action=DUNNO\n\n"
    );
}

#[test]
fn sighup_reloads_the_list_and_keeps_the_old_one_when_the_new_fails() {
    let service = Service::start("army.mil\n", &[]);
    let mut c = service.connect();
    let paypal = rcpt("billing@paypa1.com", "", "");
    assert_eq!(ask(&mut c, &paypal), "action=DUNNO\n\n");

    fs::write(service.list(), "army.mil\npaypal.com\n").unwrap();
    service.hangup();
    let line = service.wait_log("reloaded on SIGHUP");
    assert!(line.contains("2 targets"), "{line}");
    // The same connection, still open, sees the new list.
    let got = ask(&mut c, &paypal);
    assert!(
        got.starts_with("action=HOLD lookalike of paypal.com: "),
        "{got}"
    );

    fs::write(service.list(), "army.mil\nthis is not a domain\n").unwrap();
    service.hangup();
    let line = service.wait_log("reload on SIGHUP failed");
    assert!(line.contains("previous 2 targets"), "{line}");
    assert!(line.contains("line 2"), "{line}");
    let got = ask(&mut c, &paypal);
    assert!(
        got.starts_with("action=HOLD lookalike of paypal.com: "),
        "{got}"
    );
    assert_eq!(ask(&mut c, &rcpt("someone@army.ml", "", "")), HELD);
    // And a new connection too.
    assert_eq!(
        ask(&mut service.connect(), &rcpt("someone@army.ml", "", "")),
        HELD
    );
}

#[test]
fn idle_connections_are_closed() {
    let service = Service::start("army.mil\n", &["--idle-timeout", "1"]);
    let mut c = service.connect();
    assert_eq!(ask(&mut c, &rcpt("someone@army.ml", "", "")), HELD);
    let started = Instant::now();
    assert!(closed_without_answer(&mut c));
    assert!(started.elapsed() < PATIENCE);
    service.wait_log("idle for 1s");
}

#[test]
fn past_the_connection_cap_new_clients_wait_their_turn() {
    let service = Service::start("army.mil\n", &["--max-connections", "2"]);
    let mut first = service.connect();
    let mut second = service.connect();
    assert_eq!(ask(&mut first, &rcpt("someone@army.ml", "", "")), HELD);
    assert_eq!(ask(&mut second, &rcpt("someone@army.ml", "", "")), HELD);
    // The third connects (the kernel queues it) but is not served yet.
    let mut third = service.connect();
    third
        .write_all(rcpt("someone@army.ml", "", "").as_bytes())
        .unwrap();
    third
        .set_read_timeout(Some(Duration::from_millis(300)))
        .unwrap();
    let mut byte = [0u8];
    let early = third.read(&mut byte);
    assert!(
        matches!(&early, Err(e) if matches!(e.kind(), ErrorKind::WouldBlock | ErrorKind::TimedOut)),
        "{early:?}"
    );
    service.wait_log("all 2 connections busy");
    drop(first);
    third.set_read_timeout(Some(PATIENCE)).unwrap();
    assert_eq!(answer(&mut third), HELD);
}

#[test]
fn sigterm_writes_out_the_log_and_exits_cleanly() {
    let mut service = Service::start("army.mil\n", &[]);
    let mut c = service.connect();
    assert_eq!(ask(&mut c, &rcpt("someone@army.ml", "", "T1")), HELD);
    service.signal("TERM");
    let deadline = Instant::now() + PATIENCE;
    let status = loop {
        if let Some(status) = service.child.try_wait().unwrap() {
            break status;
        }
        assert!(Instant::now() < deadline, "still running after SIGTERM");
        thread::sleep(Duration::from_millis(10));
    };
    assert!(status.success(), "{status:?}");
    service.wait_log("queue_id=T1");
    service.wait_log("stopping on signal 15");
}

#[test]
fn a_bad_list_stops_the_start() {
    let out = Command::new(env!("CARGO_BIN_EXE_lookalike"))
        .args([
            "policy",
            "--listen",
            "127.0.0.1:0",
            "--protect",
            "/nonexistent/list",
        ])
        .output()
        .unwrap();
    assert_eq!(out.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&out.stderr).contains("/nonexistent/list"));
}

/// The score the library gives `army.ml` against `army.mil`, as the service
/// logs it.
fn army_ml_score() -> f64 {
    let matcher = lookalike::Matcher::builder()
        .protect("army.mil")
        .expect("a valid name")
        .build();
    matcher.check("army.ml").expect("parses")[0].score
}
