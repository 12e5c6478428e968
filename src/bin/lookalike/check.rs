//! `lookalike check`: candidates on standard input, one answer per line.
//!
//! Exactly one output line per input line, in input order, whatever the line
//! holds: a domain, an address, a URL, an empty line, invalid UTF-8, a
//! megabyte of junk. A line that does not parse answers with an error and the
//! run goes on. Output is flushed per line when standard output is not a file
//! or pipe that buffers well, so the tool can sit in a pipeline.

use std::fs::File;
use std::io::{self, BufRead, BufReader, Write};

use lookalike::{Error, Match, Matcher};
use serde::Serialize;

use crate::lines::{Line, next_line};

/// How much of a bad input line an error echoes back, in characters.
const ECHO: usize = 256;

/// Where the protected and allowed names come from.
pub struct Lists {
    pub protect: Vec<String>,
    pub protect_suffix: Vec<String>,
    pub allow: Vec<String>,
    pub min_score: f64,
}

/// Builds the matcher, or says which file or line is wrong.
pub fn matcher(lists: &Lists) -> Result<Matcher, String> {
    if lists.protect.is_empty() && lists.protect_suffix.is_empty() {
        return Err("nothing to protect: give --protect FILE or --protect-suffix S".into());
    }
    let mut builder = Matcher::builder().min_score(lists.min_score);
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
            serde_json::to_writer(&mut *out, &answer)?;
            out.write_all(b"\n")?;
        } else {
            let shown = shown.replace(|c: char| c.is_control(), "\u{fffd}");
            match &result {
                Ok(hits) => match hits.first() {
                    Some(m) => writeln!(
                        out,
                        "{shown}\t{}\t{}\t{:.3}\t{}",
                        m.target,
                        m.kind.name(),
                        m.score,
                        m.reason
                    )?,
                    None => writeln!(out, "{shown}\t-")?,
                },
                Err(e) => writeln!(out, "{shown}\terror: {e}")?,
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
