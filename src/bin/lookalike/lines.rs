//! Reading untrusted input one line at a time, in bounded memory.
//!
//! A line is whatever ends at `\n` (a `\r` before it is dropped). Bytes past
//! [`MAX_LINE`] are read and thrown away, so a hostile gigabyte without a
//! newline costs time linear in its size and no memory beyond the cap; the
//! line is then reported as too long. Bytes that are not UTF-8 are decoded
//! lossily, so every line yields exactly one answer.

use std::io::{self, BufRead};

/// The most bytes of one line kept; the rest is counted and dropped.
pub const MAX_LINE: usize = 64 * 1024;

/// One input line.
pub struct Line {
    /// The kept bytes, lossily decoded.
    pub text: String,
    /// The line's full length in bytes (without its terminator).
    pub octets: usize,
}

impl Line {
    /// Whether bytes were dropped.
    pub fn truncated(&self) -> bool {
        self.octets > MAX_LINE
    }
}

/// Where `check` takes its lines from: the raw lines of the input, or the
/// names a zone file holds (`crate::zone`).
pub trait Source {
    /// The next line, or `None` at the end of input.
    fn next(&mut self) -> io::Result<Option<Line>>;
    /// Nothing more is buffered: the next line may be a while coming.
    fn paused(&self) -> bool;
}

/// The input's lines, one by one, through [`next_line`].
pub struct Lines<'a, R> {
    input: &'a mut io::BufReader<R>,
    buf: Vec<u8>,
}

impl<'a, R: io::Read> Lines<'a, R> {
    pub fn new(input: &'a mut io::BufReader<R>) -> Lines<'a, R> {
        Lines {
            input,
            buf: Vec::with_capacity(1024),
        }
    }
}

impl<R: io::Read> Source for Lines<'_, R> {
    fn next(&mut self) -> io::Result<Option<Line>> {
        next_line(self.input, &mut self.buf)
    }

    fn paused(&self) -> bool {
        self.input.buffer().is_empty()
    }
}

/// Reads the next line, or `None` at the end of input.
pub fn next_line(input: &mut impl BufRead, buf: &mut Vec<u8>) -> io::Result<Option<Line>> {
    buf.clear();
    let mut octets = 0usize;
    let mut any = false;
    // The line's last byte, kept or not, to drop the `\r` of a CRLF even
    // when the line reaches past the cap.
    let mut last = None;
    loop {
        let chunk = match input.fill_buf() {
            Ok(chunk) => chunk,
            Err(e) if e.kind() == io::ErrorKind::Interrupted => continue,
            Err(e) => return Err(e),
        };
        if chunk.is_empty() {
            break;
        }
        any = true;
        // `contains` is std's memchr: a chunk with no newline, all of a long
        // line but its end, is passed over at memory speed.
        let newline = if chunk.contains(&b'\n') {
            chunk.iter().position(|&b| b == b'\n')
        } else {
            None
        };
        let (part, done) = match newline {
            Some(at) => (&chunk[..at], Some(at + 1)),
            None => (chunk, None),
        };
        let room = MAX_LINE.saturating_sub(buf.len());
        buf.extend_from_slice(&part[..part.len().min(room)]);
        octets += part.len();
        if let Some(&byte) = part.last() {
            last = Some(byte);
        }
        let used = done.unwrap_or(chunk.len());
        input.consume(used);
        if done.is_some() {
            break;
        }
    }
    if !any {
        return Ok(None);
    }
    if last == Some(b'\r') {
        // The `\r` is in `buf` only when the line fits; a line of
        // `MAX_LINE` octets before its CRLF fits too.
        octets -= 1;
        buf.truncate(octets);
    }
    Ok(Some(Line {
        text: String::from_utf8_lossy(buf).into_owned(),
        octets,
    }))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn all(input: &[u8]) -> Vec<(String, usize)> {
        let mut reader = io::BufReader::with_capacity(16, input);
        let mut buf = Vec::new();
        let mut out = Vec::new();
        while let Some(line) = next_line(&mut reader, &mut buf).unwrap() {
            out.push((line.text, line.octets));
        }
        out
    }

    #[test]
    fn splits_crlf_empty_and_invalid_utf8_lines() {
        let got = all(b"a.com\r\n\nb\xffc\nlast");
        assert_eq!(
            got,
            vec![
                ("a.com".to_owned(), 5),
                (String::new(), 0),
                ("b\u{fffd}c".to_owned(), 3),
                ("last".to_owned(), 4)
            ]
        );
        assert!(all(b"").is_empty());
    }

    #[test]
    fn keeps_at_most_the_cap_of_a_long_line() {
        let mut input = vec![b'a'; MAX_LINE * 3];
        input.extend_from_slice(b"\nnext\n");
        let got = all(&input);
        assert_eq!(got.len(), 2);
        assert_eq!(got[0].0.len(), MAX_LINE);
        assert_eq!(got[0].1, MAX_LINE * 3);
        assert_eq!(got[1].0, "next");
    }

    /// Found by the `cli_lines` fuzz target: a line of exactly `MAX_LINE`
    /// octets ended by CRLF was reported as too long, because the `\r` was
    /// counted once it fell past the cap.
    #[test]
    fn a_line_at_the_cap_fits_before_crlf_too() {
        for ending in [&b"\n"[..], b"\r\n"] {
            let mut input = vec![b'a'; MAX_LINE];
            input.extend_from_slice(ending);
            input.extend_from_slice(b"next\r\n");
            let got = all(&input);
            assert_eq!(got.len(), 2);
            assert_eq!((got[0].0.len(), got[0].1), (MAX_LINE, MAX_LINE));
            assert_eq!(got[1], ("next".to_owned(), 4));
        }
        let mut over = vec![b'a'; MAX_LINE + 1];
        over.extend_from_slice(b"\r\n");
        assert_eq!(all(&over)[0].1, MAX_LINE + 1);
        // A lone `\r` is a line of nothing; `\r\r\n` keeps one `\r`.
        assert_eq!(all(b"\r"), vec![(String::new(), 0)]);
        assert_eq!(all(b"\r\r\n"), vec![("\r".to_owned(), 1)]);
    }
}
