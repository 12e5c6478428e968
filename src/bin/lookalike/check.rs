//! `lookalike check`: candidates on standard input, one answer per line.
//!
//! Exactly one output line per input line, in input order, whatever the line
//! holds: a domain, an address, a URL, an empty line, invalid UTF-8, a
//! megabyte of junk. A line that does not parse answers with an error and the
//! run goes on.
//!
//! **Streaming.** Lines are answered in batches, and a batch ends where the
//! input pauses: when the reader's buffer is empty after a line, the next
//! line is not here yet, so what was read is answered and the output flushed
//! at once. Behind `tail -f` or a certificate-transparency stream every line
//! is answered as it arrives; from a file or a fast pipe, batches fill the
//! reader's 64 KiB buffer and output is written in large blocks.
//! `--line-buffered` answers and flushes line by line whatever the input.
//!
//! **Threads.** With more than one thread, a reader hands batches to the
//! workers and the calling thread writes their answers in input order. At
//! most [`WINDOW_PER_THREAD`] batches per worker are in flight, read but not
//! yet written, so memory stays bounded however long the input.
//!
//! What a line echoes back cannot break the output or a terminal: in JSON,
//! every control, line-separator and bidirectional formatting character is
//! written as a `\uXXXX` escape (the parsed value is the line's text, lossily
//! decoded, unchanged); in text, each is replaced by U+FFFD, in the echo and
//! in the error message alike. The `cli_lines` fuzz target holds the tool to
//! both rules.

use std::collections::BTreeMap;
use std::fs::File;
use std::io::{self, BufReader, Read, Write};
use std::sync::Mutex;
use std::sync::mpsc::{self, Receiver, SyncSender};

use lookalike::score::Words;
use lookalike::{Error, Match, Matcher};
use serde::Serialize;
use serde_json::ser::Formatter;

use crate::lines::{Line, Lines, Source};
use crate::zone::ZoneNames;

/// The most lines in one batch.
const BATCH_LINES: usize = 1024;

/// A batch ends once it holds this many bytes of lines: with lines of up to
/// 64 KiB, a line count alone would not bound memory.
const BATCH_BYTES: usize = 256 * 1024;

/// Batches in flight per worker: enough that a worker never waits for the
/// writer to catch up on a slow batch, few enough to bound memory.
pub const WINDOW_PER_THREAD: usize = 4;

/// How `run` answers.
#[derive(Debug, Clone, Copy)]
pub struct Options {
    /// JSON Lines rather than tab-separated text.
    pub json: bool,
    /// Worker threads (1: answer on the calling thread).
    pub threads: usize,
    /// Answer and flush after every line, not only where the input pauses.
    pub line_buffered: bool,
    /// Read the input as a zone file: its owner names are the lines.
    pub zone: bool,
}

/// Where the protected and allowed names come from: the options `check`,
/// `policy` and `serve` share.
#[derive(clap::Args, Debug, Clone)]
pub struct Lists {
    /// A file of protected domains, one a line (`#` comments; `.mil`
    /// protects a suffix). Repeatable; a service re-reads it on SIGHUP.
    #[arg(long, value_name = "FILE")]
    pub protect: Vec<String>,
    /// A protected suffix (`mil`). Repeatable.
    #[arg(long, value_name = "S")]
    pub protect_suffix: Vec<String>,
    /// A file of known-good domains never to flag. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub allow: Vec<String>,
    /// A file of extra lure words (`airdrop`, `claim`), one a line, added
    /// to the embedded list. Repeatable.
    #[arg(long, value_name = "FILE")]
    pub words: Vec<String>,
    /// Report only matches scoring at least this. 0.5 by default: below it
    /// sit one organisation's own country domains (README, "How well it
    /// works"); 0 reports everything the model explains.
    #[arg(long, default_value_t = 0.5)]
    pub min_score: f64,
    /// Refuse a list with a bad line instead of leaving the line out (set
    /// by `check --strict`; the services always refuse).
    #[arg(skip)]
    pub strict: bool,
}

/// Builds the matcher, or says which file or line is wrong. A bad line of a
/// protected or allowed list is reported on standard error and the rest of
/// the list loads, unless `lists.strict`, where it refuses the list.
pub fn matcher(lists: &Lists) -> Result<Matcher, String> {
    if lists.protect.is_empty() && lists.protect_suffix.is_empty() {
        return Err("nothing to protect: give --protect FILE or --protect-suffix S".into());
    }
    let mut builder = Matcher::builder();
    builder.min_score(lists.min_score);
    if !lists.words.is_empty() {
        let mut text = String::new();
        for path in &lists.words {
            let more = std::fs::read_to_string(path).map_err(|e| format!("{path}: {e}"))?;
            text.push_str(&more);
            text.push('\n');
        }
        builder.words(Words::embedded_and(&Words::from_lines(&text)));
    }
    for path in &lists.protect {
        let file = BufReader::new(File::open(path).map_err(|e| format!("{path}: {e}"))?);
        let bad = if lists.strict {
            builder.protect_reader(file).map(|_| Vec::new())
        } else {
            builder.protect_reader_skipping_bad(file)
        };
        report(path, bad)?;
    }
    for suffix in &lists.protect_suffix {
        builder
            .protect_suffix(suffix)
            .map_err(|e| format!("--protect-suffix {suffix}: {e}"))?;
    }
    for path in &lists.allow {
        let file = BufReader::new(File::open(path).map_err(|e| format!("{path}: {e}"))?);
        let bad = if lists.strict {
            builder.allow_reader(file).map(|_| Vec::new())
        } else {
            builder.allow_reader_skipping_bad(file)
        };
        report(path, bad)?;
    }
    Ok(builder.build())
}

/// Says on standard error which lines of the list at `path` were left out,
/// or gives the error that refused it.
fn report(path: &str, bad: Result<Vec<Error>, Error>) -> Result<(), String> {
    let bad = bad.map_err(|e| format!("{path}: {e}"))?;
    for e in &bad {
        eprintln!("lookalike: {path}: {}, left out", printable(&e.to_string()));
    }
    Ok(())
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

/// Answers every line of `input` on `out`, in order (see the module doc).
pub fn run<R: Read + Send>(
    matcher: &Matcher,
    input: &mut BufReader<R>,
    out: &mut impl Write,
    options: Options,
) -> io::Result<()> {
    let lines = Lines::new(input);
    if options.zone {
        answer_all(matcher, ZoneNames::new(lines), out, options)
    } else {
        answer_all(matcher, lines, out, options)
    }
}

/// Answers every line `source` gives, on the calling thread or on workers.
fn answer_all<S: Source + Send>(
    matcher: &Matcher,
    mut source: S,
    out: &mut impl Write,
    options: Options,
) -> io::Result<()> {
    if options.threads <= 1 {
        let mut answers = Vec::new();
        while let Some(batch) = read_batch(&mut source, options.line_buffered)? {
            answers.clear();
            answer_batch(matcher, &batch.lines, options.json, &mut answers)?;
            out.write_all(&answers)?;
            if batch.paused {
                out.flush()?;
            }
        }
        return Ok(());
    }
    in_parallel(matcher, source, out, options)
}

/// Lines read together, and whether the input paused after them.
struct Batch {
    lines: Vec<Line>,
    /// No more input was buffered after the last line: the next may be a
    /// while coming, so the answers so far should go out now.
    paused: bool,
}

/// The next batch, or `None` at the end of input.
fn read_batch(source: &mut impl Source, line_buffered: bool) -> io::Result<Option<Batch>> {
    let mut lines = Vec::new();
    let mut bytes = 0;
    while let Some(line) = source.next()? {
        bytes += line.text.len();
        lines.push(line);
        let paused = source.paused();
        if paused || line_buffered || lines.len() == BATCH_LINES || bytes >= BATCH_BYTES {
            return Ok(Some(Batch { lines, paused }));
        }
    }
    Ok((!lines.is_empty()).then_some(Batch {
        lines,
        paused: true,
    }))
}

/// The answers to `lines`, one line of output each, appended to `out`.
fn answer_batch(
    matcher: &Matcher,
    lines: &[Line],
    json: bool,
    out: &mut Vec<u8>,
) -> io::Result<()> {
    for line in lines {
        write_answer(matcher, line, json, out)?;
    }
    Ok(())
}

/// A batch's answers, with its place in the input.
struct Answered {
    seq: u64,
    bytes: io::Result<Vec<u8>>,
    paused: bool,
}

/// The input as the workers share it: whoever holds the lock reads the next
/// batch and numbers it.
struct Shared<S> {
    source: S,
    next_seq: u64,
    /// The input ended or failed: the workers stop.
    done: bool,
}

/// The threaded pipeline: `options.threads` workers take turns reading a
/// batch (under a lock), answer it on their own, and hand it to the calling
/// thread, which writes the batches in input order. A worker takes a permit
/// (a token in `permits`) before it reads and the writer gives it back once
/// the batch is written, which bounds the batches in flight. A dedicated
/// reader thread measured slower on two cores: it took a core's share that
/// the workers needed (1.72× one thread's throughput against 1.8×, 1 M
/// names).
fn in_parallel<S: Source + Send>(
    matcher: &Matcher,
    source: S,
    out: &mut impl Write,
    options: Options,
) -> io::Result<()> {
    let window = options.threads * WINDOW_PER_THREAD;
    let (permit_back, permits) = mpsc::sync_channel::<()>(window);
    for _ in 0..window {
        // The channel has room for every permit.
        let _ = permit_back.send(());
    }
    let permits = Mutex::new(permits);
    let shared = Mutex::new(Shared {
        source,
        next_seq: 0,
        done: false,
    });
    let (to_writer, answered) = mpsc::channel::<Answered>();
    std::thread::scope(|scope| {
        for _ in 0..options.threads {
            let to_writer = to_writer.clone();
            let (shared, permits) = (&shared, &permits);
            scope.spawn(move || work_on(matcher, options, shared, permits, &to_writer));
        }
        drop(to_writer);
        let written = write_in_order(out, &answered, &permit_back);
        // Stops the workers if the writer gave up (a closed pipe): they
        // wait for permits that will not come back, or fail to hand over.
        drop(permit_back);
        drop(answered);
        written
    })
}

/// A worker: takes a permit, reads a batch, answers it, until the input
/// ends. A read error is handed to the writer in the batch's place.
fn work_on<S: Source>(
    matcher: &Matcher,
    options: Options,
    shared: &Mutex<Shared<S>>,
    permits: &Mutex<Receiver<()>>,
    to_writer: &mpsc::Sender<Answered>,
) {
    loop {
        let permit = permits.lock().map(|p| p.recv());
        if !matches!(permit, Ok(Ok(()))) {
            return;
        }
        let (seq, batch) = {
            let Ok(mut shared) = shared.lock() else {
                return;
            };
            if shared.done {
                return;
            }
            let batch = read_batch(&mut shared.source, options.line_buffered);
            let seq = shared.next_seq;
            shared.next_seq += 1;
            shared.done = !matches!(batch, Ok(Some(_)));
            (seq, batch)
        };
        let answered = match batch {
            Ok(Some(batch)) => {
                let mut bytes = Vec::with_capacity(batch.lines.len() * 64);
                let bytes =
                    answer_batch(matcher, &batch.lines, options.json, &mut bytes).map(|()| bytes);
                Answered {
                    seq,
                    bytes,
                    paused: batch.paused,
                }
            }
            // The end: an empty batch in its place, so that the writer
            // sees every number up to the last.
            Ok(None) => Answered {
                seq,
                bytes: Ok(Vec::new()),
                paused: true,
            },
            Err(e) => Answered {
                seq,
                bytes: Err(e),
                paused: true,
            },
        };
        if to_writer.send(answered).is_err() {
            return;
        }
    }
}

/// The writer's side: answers in input order, each batch's permit given
/// back once written.
fn write_in_order(
    out: &mut impl Write,
    answered: &Receiver<Answered>,
    permit_back: &SyncSender<()>,
) -> io::Result<()> {
    let mut waiting = BTreeMap::new();
    let mut next = 0u64;
    for batch in answered {
        waiting.insert(batch.seq, batch);
        while let Some(batch) = waiting.remove(&next) {
            out.write_all(&batch.bytes?)?;
            if batch.paused {
                out.flush()?;
            }
            next += 1;
            let _ = permit_back.send(());
        }
    }
    Ok(())
}

/// One line's answer, with its newline.
fn write_answer(matcher: &Matcher, line: &Line, json: bool, out: &mut Vec<u8>) -> io::Result<()> {
    let result = answer(matcher, line);
    let shown = echo(line);
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

/// The line as echoed back: all of it, so that `input` identifies the line
/// (a URL is often longer than a screen); a line past the reader's cap
/// shows the part kept, then `…`.
fn echo(line: &Line) -> std::borrow::Cow<'_, str> {
    if line.truncated() {
        format!("{}…", line.text).into()
    } else {
        line.text.as_str().into()
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
        // Printable ASCII is never unsafe, and it is nearly all of every
        // answer (names, reasons): the run of it that starts the fragment is
        // written whole, the rest read character by character. A `check
        // --json` line costs 4.2% fewer instructions than with every
        // character read (callgrind, the 49,526 popular names after the
        // first 1,000, those protected at 0.5: 10,876 → 10,421 a line, the
        // same output), and a 1 MiB line half the time (`cli_hostile`).
        let plain_len = fragment
            .bytes()
            .position(|b| !(b' '..b'\x7f').contains(&b))
            .unwrap_or(fragment.len());
        let (plain, rest) = fragment.split_at(plain_len);
        writer.write_all(plain.as_bytes())?;
        if rest.is_empty() {
            return Ok(());
        }
        let mut start = 0;
        for (at, c) in rest.char_indices().filter(|(_, c)| is_unsafe(*c)) {
            writer.write_all(&rest.as_bytes()[start..at])?;
            // Every unsafe character is in the Basic Multilingual Plane.
            write!(writer, "\\u{:04x}", u32::from(c))?;
            start = at + c.len_utf8();
        }
        writer.write_all(&rest.as_bytes()[start..])
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn answers(input: &[u8], json: bool) -> Vec<String> {
        let matcher = Matcher::builder().protect("paypal.com").unwrap().build();
        let mut out = Vec::new();
        let options = Options {
            json,
            threads: 1,
            line_buffered: false,
            zone: false,
        };
        run(&matcher, &mut BufReader::new(input), &mut out, options).unwrap();
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
        let input = b"\xc2\x9b31m\x7f\n\xe2\x80\xaepaypal.com\n\xe2\x80\xa8\nx\x7fy.com\n";
        let got = answers(input, true);
        assert_eq!(got.len(), 4);
        assert!(got[0].contains(r"\u009b31m\u007f"), "{}", got[0]);
        assert!(got[1].contains(r"\u202epaypal.com"), "{}", got[1]);
        assert!(got[2].contains(r"\u2028"), "{}", got[2]);
        // DEL in otherwise plain ASCII: no fast path lets it through.
        assert!(got[3].contains(r"x\u007fy.com"), "{}", got[3]);
        for (line, text) in got.iter().zip([
            "\u{9b}31m\u{7f}",
            "\u{202e}paypal.com",
            "\u{2028}",
            "x\u{7f}y.com",
        ]) {
            assert!(!line.chars().any(is_unsafe), "{line:?}");
            let value: serde_json::Value = serde_json::from_str(line).unwrap();
            assert_eq!(value["input"], text);
        }
    }
}
