//! Resolution against a real authoritative server: NSD, started here on
//! 127.0.0.1 at a free port, serving a test root zone. Nothing is asked of
//! any other server.
//!
//! The zone holds the protected `army.mil`; `army.ml` registered with a
//! mail exchanger; `army.com` registered without mail (a TXT record only);
//! a wildcard under `.org` answering every name with a mail exchanger, as a
//! registry that collects mail does; and `lame.ml`, a zone NSD is told to
//! serve but cannot load, so it answers SERVFAIL. A second "server" is a UDP
//! socket that never answers. NSD's response rate limiting is off: it slips
//! or drops answers past 200 a second to one client network, and a bulk
//! resolver on loopback is such a client.
//!
//! NSD comes from Debian's `nsd` package (`.ci/run` installs it); without it
//! these tests fail, saying so.

use std::io::Write;
use std::net::{SocketAddr, UdpSocket};
use std::path::PathBuf;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use lookalike::resolve::{ResolveOptions, Resolver};

const ZONE: &str = "\
$ORIGIN .
$TTL 300
@ IN SOA ns.test. hostmaster.test. 1 3600 600 86400 300
@ IN NS ns.test.
army.mil. IN A 192.0.2.10
army.mil. IN MX 10 mail.army.mil.
army.ml. IN MX 10 mail.army.ml.
army.ml. IN A 192.0.2.20
army.com. IN TXT \"parked\"
*.org. IN MX 10 catchall.org.
*.org. IN A 192.0.2.99
";

/// NSD on loopback, stopped when dropped.
struct Nsd {
    child: Child,
    addr: SocketAddr,
    dir: PathBuf,
}

impl Nsd {
    fn start() -> Nsd {
        let nsd = ["/usr/sbin/nsd", "/usr/local/sbin/nsd"]
            .into_iter()
            .find(|p| std::path::Path::new(p).exists())
            .expect("NSD is needed for these tests: apt-get install nsd");
        let dir = std::env::temp_dir().join(format!("lookalike-nsd-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        std::fs::create_dir_all(&dir).unwrap();
        std::fs::write(dir.join("root.zone"), ZONE).unwrap();
        let port = free_port();
        let d = dir.display();
        let conf = format!(
            "server:\n  ip-address: 127.0.0.1\n  port: {port}\n  username: \"\"\n  chroot: \"\"\n  \
             zonesdir: \"{d}\"\n  pidfile: \"{d}/nsd.pid\"\n  logfile: \"{d}/nsd.log\"\n  \
             xfrdfile: \"{d}/xfrd.state\"\n  zonelistfile: \"{d}/zone.list\"\n  database: \"\"\n  \
             server-count: 1\n  do-ip6: no\n  verbosity: 1\n  rrl-ratelimit: 0\n\
             remote-control:\n  control-enable: no\n\
             zone:\n  name: \".\"\n  zonefile: \"{d}/root.zone\"\n\
             zone:\n  name: \"lame.ml\"\n  zonefile: \"{d}/missing.zone\"\n"
        );
        std::fs::write(dir.join("nsd.conf"), conf).unwrap();
        let child = Command::new(nsd)
            .arg("-d")
            .arg("-c")
            .arg(dir.join("nsd.conf"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("NSD starts");
        let server = Nsd {
            child,
            addr: SocketAddr::from(([127, 0, 0, 1], port)),
            dir,
        };
        server.wait_until_serving();
        server
    }

    /// Until `army.mil` resolves: NSD loads its zones after it forks.
    fn wait_until_serving(&self) {
        let resolver = Resolver::new(options(self.addr, 200)).unwrap();
        let deadline = Instant::now() + Duration::from_secs(30);
        while Instant::now() < deadline {
            if resolver.resolve_all(&["army.mil"])[0].registered {
                return;
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        let log = std::fs::read_to_string(self.dir.join("nsd.log")).unwrap_or_default();
        panic!("NSD did not serve the test zone within 30 s; its log:\n{log}");
    }
}

impl Drop for Nsd {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

fn free_port() -> u16 {
    // Bound and let go: the port is free for NSD a moment later.
    let socket = UdpSocket::bind("127.0.0.1:0").unwrap();
    socket.local_addr().unwrap().port()
}

fn options(addr: SocketAddr, timeout_ms: u64) -> ResolveOptions {
    ResolveOptions {
        nameserver: Some(addr),
        concurrency: 20,
        timeout: Duration::from_millis(timeout_ms),
        attempts: 2,
    }
}

fn cli(args: &[&str], input: &str) -> (String, String, Option<i32>) {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lookalike"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    child
        .stdin
        .take()
        .unwrap()
        .write_all(input.as_bytes())
        .unwrap();
    let out = child.wait_with_output().unwrap();
    (
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
        out.status.code(),
    )
}

#[test]
fn the_library_tells_registered_mail_wildcard_and_failure_apart() {
    let nsd = Nsd::start();
    let resolver = Resolver::new(options(nsd.addr, 1000)).unwrap();
    let names = ["army.ml", "amy.ml", "army.com", "army.org", "x.lame.ml"];
    let found = resolver.resolve_all(&names);
    let by = |n: &str| found.iter().find(|r| r.name == n).unwrap();
    assert_eq!(
        found.iter().map(|r| r.name.as_str()).collect::<Vec<_>>(),
        names,
        "order kept"
    );
    let ml = by("army.ml");
    assert!(ml.registered && ml.receives_mail(), "{ml:?}");
    assert_eq!(ml.mx, ["mail.army.ml"]);
    assert_eq!(ml.a, [std::net::Ipv4Addr::new(192, 0, 2, 20)]);
    let free = by("amy.ml");
    assert!(!free.registered && free.error.is_none(), "{free:?}");
    let parked = by("army.com");
    assert!(parked.registered && !parked.receives_mail(), "{parked:?}");
    let wild = by("army.org");
    assert!(wild.wildcard && !wild.registered, "{wild:?}");
    let lame = by("x.lame.ml");
    assert!(!lame.registered, "{lame:?}");
    assert!(
        lame.error
            .as_deref()
            .is_some_and(|e| e.contains("SERVFAIL") || e.contains("Server Failure")),
        "{lame:?}"
    );
}

#[test]
fn variants_resolve_puts_the_mail_taking_lookalike_first() {
    let nsd = Nsd::start();
    let server = nsd.addr.to_string();
    // The changes of suffix, where a wildcard answers for every label: in
    // the whole list, lure words joined under `.com` now rank above
    // `army.org` (the fitted registration rates weigh a slip of the finger
    // at 0.01), and the top 20 would hold no `.org` name to test.
    let args = [
        "variants",
        "army.mil",
        "--kinds",
        "tld_swap,suffix_confusion",
        "--resolve",
        "--nameserver",
        &server,
        "--top",
        "20",
    ];
    let (out, err, code) = cli(&args, "");
    assert_eq!(code, Some(0), "{err}");
    let rows: Vec<&str> = out.lines().skip(1).collect();
    assert!(
        rows[0].contains("army.ml ") && rows[0].contains(" mail "),
        "{out}"
    );
    assert!(rows[0].contains("Mali"), "{out}");
    assert!(
        rows.iter()
            .any(|r| r.contains("army.org ") && r.contains(" wildcard ")),
        "{out}"
    );
    // Only what the zone holds; the wildcard's names are not registrations.
    let mut only = args.to_vec();
    only.extend(["--registered", "--json"]);
    let (out, err, code) = cli(&only, "");
    assert_eq!(code, Some(0), "{err}");
    let names: Vec<String> = out
        .lines()
        .map(|l| {
            serde_json::from_str::<serde_json::Value>(l).unwrap()["domain"]
                .as_str()
                .unwrap()
                .to_owned()
        })
        .collect();
    assert_eq!(names, ["army.ml", "army.com"], "{out}");
}

#[test]
fn resolve_answers_every_line_in_order() {
    let nsd = Nsd::start();
    let server = nsd.addr.to_string();
    let input = "army.ml\nnot a name\nsomeone@army.mil\namy.ml\n";
    let (out, err, code) = cli(&["resolve", "--nameserver", &server], input);
    assert_eq!(code, Some(0), "{err}");
    let answers: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 4, "{out}");
    assert_eq!(answers[0]["name"], "army.ml");
    assert_eq!(answers[0]["mail"], true);
    assert!(answers[1]["error"].is_string());
    assert_eq!(answers[2]["name"], "army.mil");
    assert_eq!(answers[3]["registered"], false);
}

/// A server that never answers: every name gets its error within the
/// timeout, and the run ends. The bound is generous; only a hang breaks it.
#[test]
fn a_dead_nameserver_gives_an_error_per_name_not_a_hang() {
    let silent = UdpSocket::bind("127.0.0.1:0").unwrap();
    let server = silent.local_addr().unwrap().to_string();
    let start = Instant::now();
    let (out, err, code) = cli(
        &[
            "resolve",
            "--nameserver",
            &server,
            "--timeout",
            "300",
            "--attempts",
            "1",
        ],
        "army.ml\npaypal.com\namy.ml\n",
    );
    assert_eq!(code, Some(0), "{err}");
    let answers: Vec<serde_json::Value> = out
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(answers.len(), 3, "{out}");
    for a in &answers {
        assert!(a["error"].is_string(), "{a}");
        assert_eq!(a["registered"], false);
    }
    assert!(
        start.elapsed() < Duration::from_secs(20),
        "{:?}",
        start.elapsed()
    );
    drop(silent);
}
