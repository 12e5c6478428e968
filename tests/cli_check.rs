//! `lookalike check` as a pipeline sees it: answers stream as lines arrive,
//! threads keep the order, a bad line of a list is left out and reported,
//! and a long line is echoed whole.

use std::io::{BufRead, BufReader, Write};
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::sync::mpsc;
use std::time::Duration;

/// A protected list in a file of its own.
fn list(name: &str, text: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("lookalike-cli-check-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join(name);
    std::fs::write(&path, text).unwrap();
    path
}

fn check(args: &[&str], protect: &PathBuf, input: &str) -> std::process::Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_lookalike"))
        .arg("check")
        .arg("--protect")
        .arg(protect)
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_owned();
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let out = child.wait_with_output().unwrap();
    match writer.join().unwrap() {
        Ok(()) => {}
        // A child that refuses its list (`--strict`) exits without reading
        // its input; whether the write came first is a race.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => {}
        Err(e) => panic!("writing the input: {e}"),
    }
    out
}

/// The first answer comes while standard input is still open: the tool
/// does not wait for the end of input to answer what it has read.
#[test]
fn answers_stream_while_input_stays_open() {
    let protect = list("stream.txt", "paypal.com\n");
    for threads in ["1", "2"] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_lookalike"))
            .args(["check", "--threads", threads, "--protect"])
            .arg(&protect)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .unwrap();
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(b"paypa1.com\n").unwrap();
        stdin.flush().unwrap();
        let stdout = child.stdout.take().unwrap();
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            let mut first = String::new();
            let _ = BufReader::new(stdout).read_line(&mut first);
            let _ = tx.send(first);
        });
        // Not a timing test: a deadline that only a tool holding its
        // answers until the end of input misses (stdin is still open).
        let first = rx.recv_timeout(Duration::from_secs(30));
        drop(stdin);
        let _ = child.wait();
        let first = first.expect("no answer while input was open");
        assert!(first.starts_with("paypa1.com\tpaypal.com\t"), "{first}");
    }
}

/// Any number of threads gives the one-thread output, byte for byte.
#[test]
fn threads_keep_input_order() {
    let protect = list("order.txt", "paypal.com\nwalletconnect.com\n.mil\n");
    let names = [
        "paypa1.com",
        "example.org",
        "army.ml",
        "walletconnect-app.xyz",
        "",
        "no such",
    ];
    let input: String = (0..5000)
        .map(|i| format!("{}\n", names[i % names.len()]))
        .collect();
    let one = check(&["--threads", "1"], &protect, &input);
    assert!(one.status.success());
    assert_eq!(one.stdout.iter().filter(|&&b| b == b'\n').count(), 5000);
    for threads in ["2", "3", "8"] {
        let many = check(&["--threads", threads], &protect, &input);
        assert!(
            many.stdout == one.stdout,
            "--threads {threads} changed the output"
        );
    }
    let json = check(&["--threads", "1", "--json"], &protect, &input);
    let json_many = check(&["--threads", "4", "--json"], &protect, &input);
    assert!(json.stdout == json_many.stdout);
}

/// A bad line is left out and named on standard error; `--strict` refuses
/// the list as before. Hosting platforms' names are protectable.
#[test]
fn a_bad_list_line_is_reported_and_the_rest_loads() {
    let protect = list("bad.txt", "paypal.com\nnot a domain\ngithub.io\n");
    let out = check(&[], &protect, "paypa1.com\ngitnub.io\n");
    assert!(out.status.success());
    let stderr = String::from_utf8_lossy(&out.stderr);
    assert!(stderr.contains("line 2"), "{stderr}");
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert!(lines[0].starts_with("paypa1.com\tpaypal.com\t"), "{stdout}");
    assert!(lines[1].starts_with("gitnub.io\tgithub.io\t"), "{stdout}");
    let strict = check(&["--strict"], &protect, "paypa1.com\n");
    assert_eq!(strict.status.code(), Some(2));
    assert!(strict.stdout.is_empty());
}

/// A URL longer than a screen comes back whole, so `input` identifies it.
#[test]
fn a_long_line_is_echoed_whole() {
    let protect = list("echo.txt", "paypal.com\n");
    let url = format!("https://paypa1.com/{}", "x".repeat(3000));
    let out = check(&["--json"], &protect, &format!("{url}\n"));
    let answer: serde_json::Value = serde_json::from_slice(&out.stdout).unwrap();
    assert_eq!(answer["input"], url.as_str());
    assert_eq!(answer["matches"][0]["target"], "paypal.com");
}

/// A zone file's owners, each once, relative names under `$ORIGIN`; a
/// wildcard owner is checked as its base name.
#[test]
fn a_zone_file_is_read_as_its_owner_names() {
    let protect = list("zone.txt", "paypal.com\nmicrosoft.com\n");
    let zone = "$TTL 86400\n$ORIGIN com.\n@ SOA a. b. ( 1\n 2 3 4 5 )\npaypa1 NS ns1.x.net.\n  NS ns2.x.net.\n*.rnicrosoft A 192.0.2.1\nexample NS a.example.net.\n";
    let out = check(&["--input", "zone"], &protect, zone);
    assert!(out.status.success());
    let stdout = String::from_utf8_lossy(&out.stdout);
    let lines: Vec<&str> = stdout.lines().collect();
    assert_eq!(lines.len(), 4, "{stdout}");
    assert!(lines[0].starts_with("com\t"), "{stdout}");
    assert!(lines[1].starts_with("paypa1.com\tpaypal.com\t"), "{stdout}");
    assert!(
        lines[2].starts_with("*.rnicrosoft.com\tmicrosoft.com\t"),
        "{stdout}"
    );
    assert_eq!(lines[3], "example.com\t-");
}
