//! `lookalike check`: candidates on standard input, one answer per line.
//!
//! Exactly one output line per input line, in input order, whatever the line
//! holds: a domain, an address, a URL, an empty line, invalid UTF-8, a
//! megabyte of junk. A line that does not parse answers with an error and the
//! run goes on. Output is flushed per line when standard output is not a file
//! or pipe that buffers well, so the tool can sit in a pipeline.
//!
//! What a line echoes back cannot break the output or a terminal: in JSON,
//! every control, line-separator and bidirectional formatting character is
//! written as a `\uXXXX` escape (the parsed value is the line's text, lossily
//! decoded, unchanged); in text, each is replaced by U+FFFD, in the echo and
//! in the error message alike. The `cli_lines` fuzz target holds the tool to
//! both rules.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};

use lookalike::score::Words;
use lookalike::{Error, Match, Matcher};
use serde::Serialize;
use serde_json::ser::Formatter;

use crate::lines::{Line, next_line};

/// How much of a bad input line an error echoes back, in characters.
const ECHO: usize = 256;

/// Where the protected and allowed names come from.
pub struct Lists {
    pub protect: Vec<String>,
    pub protect_suffix: Vec<String>,
    pub allow: Vec<String>,
    /// Files of extra lure words, added to the embedded list.
    pub words: Vec<String>,
    pub min_score: f64,
}

/// Builds the matcher, or says which file or line is wrong.
pub fn matcher(lists: &Lists) -> Result<Matcher, String> {
    if lists.protect.is_empty() && lists.protect_suffix.is_empty() {
        return Err("nothing to protect: give --protect FILE or --protect-suffix S".into());
    }
    let mut builder = Matcher::builder().min_score(lists.min_score);
    if !lists.words.is_empty() {
        let mut text = String::new();
        for path in &lists.words {
            let more = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            text.push_str(&more);
            text.push('\n');
        }
        builder = builder.words(Words::embedded_and(&Words::from_lines(&text)));
    }
    for path in &lists.protect {
        let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
        builder = builder
            .protect_reader(BufReader::new(file))
            .map_err(|e| format!("{path}: {e}"))?;
    }
    for suffix in &lists.protect_suffix {
        builder = builder
            .protect_suffix(suffix)
            .map_err(|e| format!("--protect-suffix {suffix}: {e}"))?;
    }
    for path in &lists.allow {
        let file = File::open(path).map_err(|e| format!("{path}: {e}"))?;
        builder = builder
            .allow_reader(BufReader::new(file))
            .map_err(|e| format!("{path}: {e}"))?;
    }
    Ok(builder.build())
}

#[derive(Serialize)]
struct Answer<'a> {
    input: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    matches: Option<Vec<Brief<'a>>>,
    #[serde(skip_serializing_if = "Option::is_none")]
    error: Option<String>,
}

/// A match as DESIGN §8 prints it.
#[derive(Serialize)]
struct Brief<'a> {
    target: &'a str,
    kind: &'a str,
    score: f64,
    reason: &'a str,
}

impl<'a> Brief<'a> {
    fn of(m: &'a Match) -> Brief<'a> {
        Brief {
            target: &m.target,
            kind: m.kind.name(),
            score: m.score,
            reason: &m.reason,
        }
    }
}

/// Answers every line of `input` on `out`.
pub fn run(
    matcher: &Matcher,
    input: &mut impl BufRead,
    out: &mut impl Write,
    json: bool,
) -> io::Result<()> {
    let mut buf = Vec::with_capacity(1024);
    while let Some(line) = next_line(input, &mut buf)? {
        let result = answer(matcher, &line);
        let shown = echo(&line.text);
        if json {
            let answer = match &result {
                Ok(hits) => Answer {
                    input: &shown,
                    matches: Some(hits.iter().map(Brief::of).collect()),
                    error: None,
                },
                Err(e) => Answer {
                    input: &shown,
                    matches: None,
                    error: Some(e.to_string()),
                },
            };
            let mut ser = serde_json::Serializer::with_formatter(&mut *out, Escaping);
            answer.serialize(&mut ser)?;
            out.write_all(b"\n")?;
        } else {
            let shown = printable(&shown);
            match &result {
                Ok(hits) => match hits.first() {
                    Some(m) => writeln!(
                        out,
                        "{shown}\t{}\t{}\t{:.3}\t{}",
                        printable(&m.target),
                        m.kind.name(),
                        m.score,
                        printable(&m.reason)
                    )?,
                    None => writeln!(out, "{shown}\t-")?,
                },
                Err(e) => writeln!(out, "{shown}\terror: {}", printable(&e.to_string()))?,
            }
        }
    }
    Ok(())
}

fn answer(matcher: &Matcher, line: &Line) -> Result<Vec<Match>, Error> {
    if line.truncated() {
        return Err(Error::TooLong {
            octets: line.octets,
        });
    }
    matcher.check(&line.text)
}

/// The line as echoed back: at most [`ECHO`] characters.
fn echo(text: &str) -> String {
    match text.char_indices().nth(ECHO) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

/// Characters that must not reach the output as they are: controls (C0, DEL,
/// C1: `\n`, `\r`, `\t`, `ESC`, `CSI`), the line and paragraph separators,
/// and the bidirectional formatting characters that reorder what a terminal
/// or an editor shows (the "Trojan Source" set, CVE-2021-42574).
fn is_unsafe(c: char) -> bool {
    c.is_control()
        || matches!(
            c,
            '\u{061c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}'
        )
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

/// `text` with every [unsafe](is_unsafe) character replaced by U+FFFD, for
/// the tab-separated text output.
fn printable(text: &str) -> std::borrow::Cow<'_, str> {
    if text.chars().any(is_unsafe) {
        text.replace(is_unsafe, "\u{fffd}").into()
    } else {
        text.into()
    }
}

/// Compact JSON that also escapes the [unsafe](is_unsafe) characters
/// `serde_json` writes raw (DEL, C1, separators, bidi controls): the value is
/// the same, the line is plain to any terminal or editor.
struct Escaping;

impl Formatter for Escaping {
    fn write_string_fragment<W: ?Sized + Write>(
        &mut self,
        writer: &mut W,
        fragment: &str,
    ) -> io::Result<()> {
        let mut start = 0;
        for (at, c) in fragment.char_indices().filter(|(_, c)| is_unsafe(*c)) {
            writer.write_all(&fragment.as_bytes()[start..at])?;
            // Every unsafe character is in the Basic Multilingual Plane.
            write!(writer, "\\u{:04x}", u32::from(c))?;
            start = at + c.len_utf8();
        }
        writer.write_all(&fragment.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(input: &[u8], json: bool) -> Vec<String> {
        let matcher = Matcher::builder().protect("paypal.com").unwrap().build();
        let mut out = Vec::new();
        run(&matcher, &mut &input[..], &mut out, json).unwrap();
        let out = String::from_utf8(out).unwrap();
        out.split_terminator('\n').map(str::to_owned).collect()
    }

    /// Found by the `cli_lines` fuzz target: in text output, the error
    /// message echoed the offending label raw (an `ESC` sequence, a `\r`),
    /// and bidi controls passed through the echo.
    #[test]
    fn text_answers_carry_no_control_or_bidi_character() {
        let input = b"\x1b[31mpaypa1.com\n\xe2\x80\xaepaypal.com\nx\ry.com\n\tpaypa1.com\t\n";
        let got = answers(input, false);
        assert_eq!(got.len(), 4, "{got:?}");
        for line in &got {
            let fields: Vec<&str> = line.split('\t').collect();
            assert!(fields.len() >= 2, "{line:?}");
            assert!(!line.chars().any(|c| c != '\t' && is_unsafe(c)), "{line:?}");
        }
        assert!(
            got[0].starts_with("\u{fffd}[31mpaypa1.com\terror: "),
            "{}",
            got[0]
        );
        assert!(
            got[1].starts_with("\u{fffd}paypal.com\terror: "),
            "{}",
            got[1]
        );
    }

    #[test]
    fn json_answers_escape_what_a_terminal_would_obey() {
        let input = b"\xc2\x9b31m\x7f\n\xe2\x80\xaepaypal.com\n\xe2\x80\xa8\n";
        let got = answers(input, true);
        assert_eq!(got.len(), 3);
        assert!(got[0].contains(r"\u009b31m\u007f"), "{}", got[0]);
        assert!(got[1].contains(r"\u202epaypal.com"), "{}", got[1]);
        assert!(got[2].contains(r"\u2028"), "{}", got[2]);
        for (line, text) in got
            .iter()
            .zip(["\u{9b}31m\u{7f}", "\u{202e}paypal.com", "\u{2028}"])
        {
            assert!(!line.chars().any(is_unsafe), "{line:?}");
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(value["input"], text);
        }
    }
}
