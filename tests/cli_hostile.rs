//! `lookalike check` on hostile standard input, run as a user runs it: the
//! built binary, a file of a few hundred hostile lines, and one answer a line.
//!
//! The input mixes real names with every hostile kind of the fuzz seeds (NUL,
//! invalid UTF-8, bidi controls, zero-width joiners, emoji, mixed scripts,
//! `xn--` and invalid punycode, 64-octet labels, 254-octet names, IP
//! literals, address literals, quoted local parts, `@@`, only dots, leading
//! hyphens, underscores, URLs), CRLF and LF endings, lone `\r`s, empty lines,
//! lines at and over the 64 KiB cap and 1 MiB lines. The checks:
//!
//! - exit status 0, and exactly one answer per input line;
//! - in JSON, each answer one well-formed object whose `input` is that very
//!   line, lossily decoded, whole up to the 64 KiB cap (then `…`): almost every line is
//!   distinct, so a dropped, added or reordered answer fails the comparison;
//! - in text, the same count, and nothing a terminal would obey;
//! - a 1 MiB line costs the tool under 10 ms: the difference between runs
//!   over 32 lines of 1 MiB and over 32 short ones, so that start-up cancels
//!   out, in CPU time (from `/proc`, so that a busy shared machine does not
//!   count; best wall time of three where `/proc` is missing).

use std::io::Write;
use std::path::PathBuf;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

const BIN: &str = env!("CARGO_BIN_EXE_lookalike");
/// The line reader's cap (`src/bin/lookalike/lines.rs`).
const MAX_LINE: usize = 64 * 1024;

/// The tests of this file run one at a time: the cost test reads the CPU
/// time of all this process's children, which must be its own.
static SERIAL: std::sync::Mutex<()> = std::sync::Mutex::new(());

fn protect_file() -> PathBuf {
    let path =
        std::env::temp_dir().join(format!("lookalike-cli-hostile-{}.txt", std::process::id()));
    std::fs::write(&path, "paypal.com\narmy.mil\nbbc.co.uk\nmünchen.de\n.mil\n").unwrap();
    path
}

/// Runs `lookalike check` with `args` on `input`: status and standard output.
fn run(input: &[u8], args: &[&str]) -> (std::process::ExitStatus, Vec<u8>) {
    let protect = protect_file();
    let mut child = Command::new(BIN)
        .arg("check")
        .arg("--protect")
        .arg(&protect)
        // Every match the model explains, low scores included (`arrny.mil`
        // stays inside the closed .mil).
        .args(["--min-score", "0"])
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .expect("the binary runs");
    let mut stdin = child.stdin.take().unwrap();
    let input = input.to_vec();
    let writer = std::thread::spawn(move || stdin.write_all(&input));
    let out = child.wait_with_output().unwrap();
    writer.join().unwrap().unwrap();
    let _ = std::fs::remove_file(protect);
    (out.status, out.stdout)
}

/// The hostile lines, without their terminators.
fn hostile_lines() -> Vec<Vec<u8>> {
    let a63 = "a".repeat(63);
    let b57 = "b".repeat(57);
    let kinds: Vec<Vec<u8>> = [
        &b"paypal.com"[..],
        b"paypa1.com",
        b"army.ml",
        b"www.bbc.co.uk",
        "münchen.de".as_bytes(),
        b"xn--mnchen-3ya.de",
        "пример.рф".as_bytes(),
        b"someone@army.ml",
        b"Some One <someone@army.ml>",
        b"\"One, Some <x@y.z>\" <someone@army.ml>",
        b"mailto:someone@army.ml?subject=hi",
        b"https://login.paypa1.com/signin?x=1#y",
        b"http://user:pw@paypa1.com:8080/",
        b"paypa1.com/login",
        b"  PayPal.COM.  ",
        b"pay\x00pal.com",
        b"\x00",
        b"\xff\xfe.com",
        b"pay\xc3.com",
        b"\xed\xa0\x80.com",
        b"\xc0\xaf",
        b"\xe2\x80\xaepaypal.com",
        b"\xe2\x81\xa6moc.lapyap\xe2\x81\xa9",
        b"paypal\xe2\x80\x8f.com",
        b"pay\xe2\x80\x8dpal.com",
        b"pay\xe2\x80\x8bpal.com",
        b"pay\xc2\xadpal.com",
        b"\x1b[31mpaypa1.com",
        b"pay\xc2\x9bpal.com",
        b"a\tb.com",
        "💩.la".as_bytes(),
        "👩\u{200d}💻.com".as_bytes(),
        "pаypal.com".as_bytes(),
        "аррӏе.com".as_bytes(),
        "ραypal.com".as_bytes(),
        "paypal。com".as_bytes(),
        b"xn--",
        b"xn--.com",
        b"xn--a.com",
        b"xn--a",
        b"xn--55555577.com",
        b"xn--xn--en-0ya.de",
        b"XN--MNCHEN-3YA.DE",
        b"127.0.0.1",
        b"::1",
        b"[::1]",
        b"http://[::1]:80/",
        b"user@[127.0.0.1]",
        b"user@[IPv6:2001:db8::1]",
        b"\"a@b\"@paypa1.com",
        b"\"a\\\"b@c\"@army.ml",
        b"\"unterminated@army.ml",
        b"@@",
        b"@",
        b"a@@army.ml",
        b"nobody@",
        b".",
        b"..",
        b"....",
        b"a..com",
        b"-paypal.com",
        b"paypal-.com",
        b"--.com",
        b"_dmarc.paypal.com",
        b"pay_pal.com",
        b"http:///path",
        b"://",
        b"javascript:alert(1)",
        b"http://paypal.com@evil.com/",
        b"co.uk",
        b"example.notatld",
        b"   ",
    ]
    .iter()
    .map(|k| k.to_vec())
    .collect();
    let mut lines: Vec<Vec<u8>> = Vec::new();
    for (i, kind) in kinds.iter().enumerate() {
        lines.push(kind.clone());
        // The same kind again, made distinct: behind a numbered subdomain,
        // and with a `\r` inside.
        let mut sub = format!("s{i}.").into_bytes();
        sub.extend_from_slice(kind);
        lines.push(sub);
        let mut cr = kind.clone();
        cr.insert(kind.len() / 2, b'\r');
        lines.push(cr);
        lines.push(Vec::new());
    }
    for i in 0..60 {
        lines.push(format!("user{i}@arrny.mil").into_bytes());
        lines.push(format!("https://{i}.paypa1.com/{}", "p".repeat(i * 40)).into_bytes());
    }
    lines.push(format!("{a63}.com").into_bytes());
    lines.push(format!("{a63}a.com").into_bytes());
    lines.push(format!("{a63}.{a63}.{a63}.{b57}.com").into_bytes());
    lines.push(format!("{a63}.{a63}.{a63}.{b57}b.com").into_bytes());
    lines.push(format!("{}@army.ml", "a".repeat(3000)).into_bytes());
    for len in [MAX_LINE - 1, MAX_LINE, MAX_LINE + 1] {
        lines.push(vec![b'c'; len]);
    }
    lines.push(vec![b'd'; 1 << 20]);
    lines.push("paypa1.".repeat((1 << 20) / 7).into_bytes());
    // A megabyte of NUL, invalid UTF-8, `\r` and bidi overrides.
    let junk = [0x00, 0xff, b'\r', 0xe2, 0x80, 0xae, b'a', 0xc3];
    lines.push((0..1 << 20).map(|i| junk[i % junk.len()]).collect());
    lines.push(b"last.paypa1.com".to_vec());
    lines
}

/// The file: lines joined by LF and CRLF in turn, one line ending in `\r\r\n`,
/// and the last line without a newline.
fn hostile_input() -> Vec<u8> {
    let lines = hostile_lines();
    let mut input = Vec::new();
    for (i, line) in lines.iter().enumerate() {
        input.extend_from_slice(line);
        if i + 1 == lines.len() {
            break;
        }
        input.extend_from_slice(match i % 3 {
            0 => b"\n",
            1 => b"\r\n",
            _ if i == 11 => b"\r\r\n",
            _ => b"\n",
        });
    }
    input
}

/// What each answer must echo, from the bytes as the reference reads them:
/// split at `\n`, one `\r` before it dropped, at most the cap kept, decoded
/// lossily, `…` after a line cut at the cap.
fn expected_echoes(input: &[u8]) -> Vec<(String, bool)> {
    let body = input.strip_suffix(b"\n").unwrap_or(input);
    body.split(|&b| b == b'\n')
        .map(|line| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let kept = &line[..line.len().min(MAX_LINE)];
            let text = String::from_utf8_lossy(kept);
            let cut = line.len() > MAX_LINE;
            let echo = if cut {
                format!("{text}…")
            } else {
                text.into_owned()
            };
            (echo, cut)
        })
        .collect()
}

fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
        )
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[test]
fn every_hostile_line_gets_one_json_answer_in_order() {
    let _alone = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let input = hostile_input();
    let expected = expected_echoes(&input);
    assert!(expected.len() > 300, "{} lines", expected.len());
    let (status, out) = run(&input, &["--json"]);
    assert!(status.success(), "{status}");
    let out = String::from_utf8(out).expect("output is UTF-8");
    assert!(out.ends_with('\n'));
    let answers: Vec<&str> = out[..out.len() - 1].split('\n').collect();
    assert_eq!(answers.len(), expected.len(), "one answer per line");
    for (n, (answer, (echo, too_long))) in answers.iter().zip(&expected).enumerate() {
        assert!(
            !answer.chars().any(is_unsafe),
            "line {}: raw control or bidi character in {answer:?}",
            n + 1
        );
        let value: serde_json::Value = serde_json::from_str(answer)
            .unwrap_or_else(|e| panic!("line {}: {e}: {answer}", n + 1));
        let object = value.as_object().expect("an object");
        assert_eq!(
            object.get("input").and_then(|v| v.as_str()),
            Some(echo.as_str()),
            "line {}: answers out of order or echo wrong",
            n + 1
        );
        let error = object.get("error").and_then(|v| v.as_str());
        let matches = object.get("matches").and_then(|v| v.as_array());
        assert!(
            error.is_some() != matches.is_some(),
            "line {}: {answer}",
            n + 1
        );
        if *too_long {
            assert!(
                error.is_some_and(|e| e.contains("too long")),
                "line {}",
                n + 1
            );
        }
    }
    // A few answers by content, to show that the hostile company does not
    // change what the real lines get.
    let target_of = |line: &str| -> Option<String> {
        let at = expected.iter().position(|(echo, _)| echo == line)?;
        let value: serde_json::Value = serde_json::from_str(answers[at]).ok()?;
        Some(value["matches"][0]["target"].as_str()?.to_owned())
    };
    assert_eq!(target_of("paypa1.com").as_deref(), Some("paypal.com"));
    assert_eq!(target_of("army.ml").as_deref(), Some("army.mil"));
    assert_eq!(target_of("user7@arrny.mil").as_deref(), Some("army.mil"));
    assert_eq!(target_of("last.paypa1.com").as_deref(), Some("paypal.com"));
}

#[test]
fn every_hostile_line_gets_one_safe_text_answer() {
    let _alone = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let input = hostile_input();
    let expected = expected_echoes(&input);
    let (status, out) = run(&input, &[]);
    assert!(status.success(), "{status}");
    let out = String::from_utf8(out).expect("output is UTF-8");
    let answers: Vec<&str> = out[..out.len() - 1].split('\n').collect();
    assert_eq!(answers.len(), expected.len(), "one answer per line");
    for (n, (answer, (echo, _))) in answers.iter().zip(&expected).enumerate() {
        let shown: String = echo
            .chars()
            .map(|c| if is_unsafe(c) { '\u{fffd}' } else { c })
            .collect();
        assert!(
            answer.starts_with(&format!("{shown}\t")),
            "line {}: {answer:?}",
            n + 1
        );
        assert!(
            !answer.chars().any(|c| c != '\t' && is_unsafe(c)),
            "line {}: {answer:?}",
            n + 1
        );
    }
}

/// CPU time (user and system) of this process's waited-for children, from
/// `/proc/self/stat` (Linux; clock ticks of 10 ms), or `None` elsewhere.
fn children_cpu() -> Option<Duration> {
    let stat = std::fs::read_to_string("/proc/self/stat").ok()?;
    let fields: Vec<&str> = stat.rsplit_once(')')?.1.split_whitespace().collect();
    let ticks = |i: usize| fields.get(i)?.parse::<u64>().ok();
    Some(Duration::from_millis((ticks(13)? + ticks(14)?) * 10))
}

/// The tool's own time over `input`: CPU time where the system tells it (a
/// busy shared machine does not inflate it), else the best wall time of
/// three runs.
fn tool_time(input: &[u8]) -> Duration {
    let cpu = children_cpu();
    let mut best = Duration::MAX;
    for _ in 0..3 {
        let start = Instant::now();
        let (status, _) = run(input, &["--json"]);
        assert!(status.success());
        best = best.min(start.elapsed());
    }
    match (cpu, children_cpu()) {
        (Some(before), Some(after)) => (after - before) / 3,
        _ => best,
    }
}

#[test]
fn a_one_mebibyte_line_costs_under_ten_milliseconds() {
    const LINES: u32 = 32;
    let _alone = SERIAL.lock().unwrap_or_else(|e| e.into_inner());
    let long: Vec<u8> = (0..LINES)
        .flat_map(|_| {
            let mut line = "paypa1.".repeat((1 << 20) / 7).into_bytes();
            line.resize(1 << 20, b'x');
            line.push(b'\n');
            line
        })
        .collect();
    let short: Vec<u8> = (0..LINES).flat_map(|_| b"paypa1.com\n".to_vec()).collect();
    let (with_long, with_short) = (tool_time(&long), tool_time(&short));
    let per_line = with_long.saturating_sub(with_short) / LINES;
    eprintln!(
        "a 1 MiB line: {per_line:?} ({with_long:?} for {LINES} long lines, {with_short:?} for short ones)"
    );
    assert!(
        per_line < Duration::from_millis(10),
        "a 1 MiB line costs {per_line:?} ({with_long:?} for {LINES} long lines, {with_short:?} for as many short ones)"
    );
}

/// `--words FILE` adds lure words to the embedded list: a word the list
/// lacks (`airdrop`) is then named as a lure word in the reason.
#[test]
fn extra_words_from_a_file_join_the_lure_words() {
    let dir = std::env::temp_dir().join(format!("lookalike-words-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("temp dir");
    let (protect, words) = (dir.join("protect.txt"), dir.join("words.txt"));
    std::fs::write(&protect, "uniswap.org\n").expect("write protect list");
    std::fs::write(&words, "# crypto lures\nairdrop\n").expect("write words");
    let check = |extra: &[&str]| {
        let mut args = vec![
            "check",
            "--protect",
            protect.to_str().unwrap(),
            "--min-score",
            "0",
        ];
        args.extend_from_slice(extra);
        let mut child = Command::new(env!("CARGO_BIN_EXE_lookalike"))
            .args(&args)
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .spawn()
            .expect("the binary runs");
        child
            .stdin
            .take()
            .expect("stdin")
            .write_all(b"uniswap-airdrop.org\n")
            .expect("write");
        let out = child.wait_with_output().expect("output");
        assert!(out.status.success());
        String::from_utf8(out.stdout).expect("UTF-8")
    };
    let plain = check(&[]);
    let with_words = check(&["--words", words.to_str().unwrap()]);
    assert!(!plain.contains("the word 'airdrop'"), "{plain}");
    assert!(with_words.contains("the word 'airdrop'"), "{with_words}");
    let missing = Command::new(env!("CARGO_BIN_EXE_lookalike"))
        .args([
            "check",
            "--protect",
            protect.to_str().unwrap(),
            "--words",
            "/nonexistent/words",
        ])
        .stdin(Stdio::null())
        .output()
        .expect("the binary runs");
    assert_eq!(missing.status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}
