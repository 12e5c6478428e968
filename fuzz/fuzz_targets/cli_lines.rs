//! Fuzz target `cli_lines`: the line handling of `lookalike check`, end to
//! end, against a reference model.
//!
//! The command line's modules are not in the library, so this target compiles
//! the binary's own `lines.rs` (the bounded line reader) and `check.rs` (one
//! answer per line) with `#[path]`, and runs `check::run` on the fuzzed bytes
//! as its standard input, with the shared matcher, exactly as `main` does.
//!
//! Input: one byte of options (bits 0-5: the reader's buffer size less one, so
//! that lines straddle buffer edges and batches end where the buffer runs
//! dry; bit 6: JSON output; bit 7: make a long line, see below), then the
//! stream. An odd buffer size runs two worker threads, an even one answers
//! on the calling thread: the output must be the same. A long line is made by inserting, at
//! the place given by the second byte, a run of the third byte (a newline
//! counts as `a`) whose length is `MAX_LINE - 8` plus the fourth byte modulo
//! 16: so lines just under, at and just over the cap are reached.
//!
//! The reference: the stream split at `\n`, one trailing `\r` of each line
//! dropped; a line over `MAX_LINE` octets is an error; every line is decoded
//! lossily. Checks, for every input line, in order: exactly one output line;
//! in JSON, one well-formed object whose `input` is the line's echo (all of
//! what the reader kept, then `…` if it dropped the rest) and which holds either the matches `Matcher::check` finds
//! or its error, with no control, line-breaking or bidirectional formatting
//! character left unescaped; in text, the same echo first, with each such
//! character replaced by U+FFFD, and none anywhere but the tab separators.
#![no_main]

#[allow(dead_code)]
#[path = "../../src/bin/lookalike/lines.rs"]
mod lines;

#[allow(dead_code)]
#[path = "../../src/bin/lookalike/check.rs"]
mod check;

#[allow(dead_code)]
#[path = "../../src/bin/lookalike/zone.rs"]
mod zone;

use std::io::BufReader;

use libfuzzer_sys::fuzz_target;
use lookalike_fuzz::{check_error, check_matches, matcher};

/// One input line as the reference model reads it.
struct Expected {
    text: String,
    too_long: bool,
}

fn reference(stream: &[u8]) -> Vec<Expected> {
    if stream.is_empty() {
        return Vec::new();
    }
    let body = stream.strip_suffix(b"\n").unwrap_or(stream);
    body.split(|&b| b == b'\n')
        .map(|line| {
            let line = line.strip_suffix(b"\r").unwrap_or(line);
            let kept = &line[..line.len().min(lines::MAX_LINE)];
            Expected {
                text: String::from_utf8_lossy(kept).into_owned(),
                too_long: line.len() > lines::MAX_LINE,
            }
        })
        .collect()
}

fn echo(line: &Expected) -> String {
    if line.too_long {
        format!("{}…", line.text)
    } else {
        line.text.clone()
    }
}

/// What no answer may carry raw: controls, line and paragraph separators,
/// and bidirectional formatting characters (in text, tabs separate fields).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{2028}' | '\u{2029}' | '\u{061c}' | '\u{200e}' | '\u{200f}'
        )
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

fuzz_target!(|data: &[u8]| {
    let [options, rest @ ..] = data else {
        return;
    };
    let capacity = usize::from(options & 0x3f) + 1;
    let json = options & 0x40 != 0;
    let mut stream = rest.to_vec();
    if options & 0x80 != 0 {
        if let [at, fill, extra, ..] = rest {
            let at = usize::from(*at).min(stream.len());
            let fill = if *fill == b'\n' { b'a' } else { *fill };
            let len = lines::MAX_LINE - 8 + usize::from(extra % 16);
            stream.splice(at..at, std::iter::repeat_n(fill, len));
        }
    }
    let expected = reference(&stream);
    let mut out = Vec::new();
    let mut input = BufReader::with_capacity(capacity, stream.as_slice());
    let options = check::Options {
        json,
        threads: if capacity % 2 == 1 { 2 } else { 1 },
        line_buffered: false,
        zone: false,
    };
    check::run(matcher(), &mut input, &mut out, options).expect("writing to memory never fails");
    let out = String::from_utf8(out).expect("output is UTF-8");
    // Split at `\n` only: `str::lines` would also eat a `\r`.
    let answers: Vec<&str> = match out.strip_suffix('\n') {
        Some(body) => body.split('\n').collect(),
        None => {
            assert!(out.is_empty(), "the last answer has no newline");
            Vec::new()
        }
    };
    assert_eq!(answers.len(), expected.len(), "one answer per line");
    for (answer, line) in answers.iter().zip(&expected) {
        let shown = echo(line);
        let result = if line.too_long {
            None
        } else {
            Some(matcher().check(&line.text))
        };
        if json {
            assert!(
                !answer.chars().any(is_unsafe),
                "unsafe JSON answer {answer:?}"
            );
            let value: serde_json::Value =
                serde_json::from_str(answer).expect("each answer is one JSON object");
            assert_eq!(
                value["input"].as_str(),
                Some(shown.as_str()),
                "echo out of order"
            );
            match result {
                None => {
                    let error = value["error"]
                        .as_str()
                        .expect("an over-long line is an error");
                    assert!(error.contains("too long"), "{error}");
                }
                Some(Ok(hits)) => {
                    check_matches(&hits);
                    let found = value["matches"].as_array().expect("matches");
                    assert_eq!(found.len(), hits.len());
                }
                Some(Err(e)) => {
                    check_error(&e);
                    assert_eq!(value["error"].as_str(), Some(e.to_string().as_str()));
                }
            }
        } else {
            let safe: String = shown
                .chars()
                .map(|c| if is_unsafe(c) { '\u{fffd}' } else { c })
                .collect();
            assert!(
                answer.starts_with(&format!("{safe}\t")),
                "{answer:?} does not echo {safe:?}"
            );
            assert!(
                !answer.chars().any(|c| c != '\t' && is_unsafe(c)),
                "unsafe text answer {answer:?}"
            );
        }
    }
});
