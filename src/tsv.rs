//! The tab-separated tables in `data/`: a header row, then one row a line.
//!
//! The hand-picked tables (closed suffixes, weak lookalikes, the layout a
//! TLD's users type on, ...) live there rather than in the code so that each
//! row can carry its source beside it, in a column a reviewer reads and a
//! parser ignores. Each table is parsed once, on first use, into the shape
//! the code looked it up in before.
//!
//! [`lines`] cuts any of the embedded texts into lines, the Public Suffix
//! List and `confusables.txt` among them, which every process parses
//! before it answers.

/// The lines of `text`, without their `\n`: what `str::split('\n')`
/// gives, less a last empty line. `memchr` finds the line ends, 16 or 32
/// bytes at a time: on the Public Suffix List (338 kB), `str::lines` cost
/// 2.1 M instructions more, and a byte-by-byte scan 0.7 M more
/// (callgrind).
pub(crate) fn lines(text: &str) -> impl Iterator<Item = &str> {
    let mut ends = memchr::memchr_iter(b'\n', text.as_bytes());
    let mut start = 0;
    std::iter::from_fn(move || {
        if start >= text.len() {
            return None;
        }
        let end = ends.next().unwrap_or(text.len());
        let line = text.get(start..end);
        start = end + 1;
        line
    })
}

/// The rows of a TSV text with a header, as `(line number, columns)`: the
/// header, blank lines and `#` comments skipped. Cut by byte scans: the
/// char searchers of `str::lines` and `str::split` cost more than the rest
/// of reading `closed-suffixes.tsv` (callgrind).
pub(crate) fn rows(text: &str) -> impl Iterator<Item = (usize, Vec<&str>)> {
    lines(text)
        .map(|line| line.strip_suffix('\r').unwrap_or(line))
        .enumerate()
        .skip(1)
        .filter(|(_, line)| !line.trim().is_empty() && !line.starts_with('#'))
        .map(|(i, line)| (i + 1, crate::domain::split_ascii(line, b'\t').collect()))
}

/// The first `N` columns of each row, rows with fewer left out: the
/// embedded tables are checked by their modules' tests, and a short row
/// would be a broken table, not a row to guess at.
pub(crate) fn columns<const N: usize>(text: &str) -> impl Iterator<Item = [&str; N]> {
    rows(text).filter_map(|(_, fields)| fields.get(..N)?.try_into().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_skip_the_header_blank_lines_and_comments() {
        let text = "a\tb\n1\t2\n\n# note\n3\t4\t5\n6\n";
        let got: Vec<_> = rows(text).collect();
        assert_eq!(got[0], (2, vec!["1", "2"]));
        assert_eq!(got[1], (5, vec!["3", "4", "5"]));
        let pairs: Vec<[&str; 2]> = columns(text).collect();
        assert_eq!(pairs, [["1", "2"], ["3", "4"]]);
    }
}
