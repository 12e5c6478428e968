//! How ordinary a brand's label is: how often it is used as an English word,
//! and how many popular sites' names hold it. A protected label that is an
//! ordinary word (`apple`, `chase`, `live`) sits inside legitimate names by
//! chance (`pineapple`, `purchase`, `olive`); one that is not (`paypal`,
//! `metamask`) is there to imitate. The same count is kept for popular
//! names' labels that are no word (`hubspot`, `yandex`): an organisation
//! that runs many names under its label is met by its own names. The data
//! is `data/word-frequency.tsv` (its source and licence in
//! `data/README.md`), embedded compiled into rows of one width that a
//! binary search reads in place. A label may also be a short code beside
//! a word that owners join to codes ([`CodeAndWord`]), which an edit of the
//! code meets by chance.

use super::weights::Weights;

/// The embedded table: word or popular label, Zipf frequency (0 for a
/// label that is no word), popular names holding it; compiled from
/// `data/word-frequency.tsv` by the test
/// `the_compiled_word_table_is_the_tsvs` ([`lookup_in`]).
const COMPILED: &str = include_str!("../../data/word-frequency.compiled.txt");

/// The Zipf scale's top: `the` is about 7.7 (Zipf values are log10 of a
/// word's frequency per billion words; van Heuven et al. 2014).
const ZIPF_TOP: f64 = 8.0;

/// The top of the low-frequency band: Zipf 3 is one occurrence per million
/// words, and van Heuven et al. (2014) call words of Zipf 1 to 3 low
/// frequency, 4 to 7 high. Fragments that the word list holds from
/// subtitles and web text (`ists`, `ngc`, `ook`) sit below it.
pub(crate) const LOW_FREQUENCY_ZIPF: f64 = 3.0;

/// The popular-name count at which a label counts as fully common: about one
/// name in five of the 35,676 popular names the count is taken over (the
/// names of `data/top-domains.txt` outside the corpus's held-out part; see
/// `data/README.md`). Judgement: the scale's top, a log scale below it.
const POPULAR_TOP: f64 = 7_000.0;

/// How ordinary a label is, in three octets: it is kept for every protected
/// target.
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub(crate) struct Commonness {
    /// Zipf frequency × 10 (0 when the label is not a listed word).
    zipf_tenths: u8,
    /// Popular names holding the label, saturated.
    popular: u16,
}

impl Commonness {
    /// The label's commonness, from the embedded table: a binary search of
    /// its rows, which are sorted by word ([`lookup_in`]). Parsing it into
    /// a hash map cost 40 M instructions at every start (callgrind).
    pub fn of(label: &str) -> Commonness {
        lookup(label).unwrap_or_default()
    }

    /// Whether `label` has a row at all: it is an English word of the
    /// table or the label of two or more popular names. Only ASCII labels
    /// of 2 to [`WORD_WIDTH`] characters have rows, so other labels (every Unicode
    /// homoglyph the generator makes) are answered without a search.
    pub fn is_listed(label: &str) -> bool {
        (2..=WORD_WIDTH).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && lookup(label).is_some()
    }

    /// Whether the label is an ordinary English word: more frequent than
    /// [`LOW_FREQUENCY_ZIPF`], the top of the low-frequency band.
    pub fn is_ordinary_word(self) -> bool {
        f64::from(self.zipf_tenths) / 10.0 > LOW_FREQUENCY_ZIPF
    }

    /// The word frequency on a 0-1 scale (Zipf / 8).
    pub fn word(self) -> f64 {
        (f64::from(self.zipf_tenths) / 10.0 / ZIPF_TOP).min(1.0)
    }

    /// The popular names holding the label on a 0-1 log scale.
    pub fn popular(self) -> f64 {
        (f64::from(self.popular).ln_1p() / POPULAR_TOP.ln_1p()).min(1.0)
    }
}

/// The most characters a code beside an owner word has (`mz` in
/// `mzstatic`, `rbx` in `rbxcdn`). Judgement: the length of the codes that
/// name services in DNS (country codes, IATA airport codes), and on the
/// corpus's fitting part every popular name flagged through an edit of
/// such a label had a code of one to three characters.
pub(crate) const MAX_CODE: usize = 3;

/// A protected label made of a short code and an owner word
/// ([`Weights::is_owner_word`]): `mz` + `static`, `av` + `cdn`,
/// `ms` + `edge`. Popular names join the same word to codes of their own
/// (`mlstatic`, `afcdn`, `mjedge`), so an edit that keeps the word and
/// changes the code meets another owner's name far more often than it makes
/// a lookalike: on the fitting part at 0.5, under session 17's weights
/// before this feature, such edits were read in 23 of the 288 popular
/// names flagged, and in none of the 1,803 real lookalikes caught.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) struct CodeAndWord {
    /// Octets of the code (1 to [`MAX_CODE`]).
    code_len: u8,
    /// Whether the code comes first (`mz|static`) or last (`dns|v1`).
    code_first: bool,
}

impl CodeAndWord {
    /// The split of an ASCII `label` into a code and an owner word, if it
    /// has one.
    pub fn of(label: &str, weights: &Weights) -> Option<CodeAndWord> {
        if !label.is_ascii() {
            return None;
        }
        (1..=MAX_CODE.min(label.len().saturating_sub(1))).find_map(|code_len| {
            let split = |code_first| CodeAndWord {
                code_len: code_len as u8,
                code_first,
            };
            let word_len = label.len() - code_len;
            if weights.is_owner_word(&label[code_len..]) {
                Some(split(true))
            } else if weights.is_owner_word(&label[..word_len]) {
                Some(split(false))
            } else {
                None
            }
        })
    }

    /// Whether `candidate` keeps the owner word of `target` (this split's
    /// label) and has another short code in place of its own: one or two
    /// edits that touch only the code (`mtstatic`, `otstatic` for
    /// `mzstatic`).
    pub fn code_changed(self, target: &str, candidate: &str) -> bool {
        let code_len = usize::from(self.code_len);
        let (code, word) = if self.code_first {
            target.split_at(code_len)
        } else {
            let (word, code) = target.split_at(target.len() - code_len);
            (code, word)
        };
        let other_code = if self.code_first {
            candidate.strip_suffix(word)
        } else {
            candidate.strip_prefix(word)
        };
        other_code.is_some_and(|other| {
            other != code && !other.is_empty() && other.chars().count() <= code_len + 2
        })
    }
}

/// Characters of the longest word the compiled table holds: labels of
/// more are never looked up ([`Commonness::is_listed`]).
const WORD_WIDTH: usize = 20;

/// Bytes of a compiled row: the word padded with spaces to [`WORD_WIDTH`],
/// a tab, the Zipf value in tenths (three digits), a tab, the popular names
/// (five digits), a newline.
const ROW: usize = WORD_WIDTH + 1 + 3 + 1 + 5 + 1;

/// The row of `word` in a compiled table (rows sorted by word).
///
/// Every row has the same width, so row `i` starts at byte `i × ROW` and a
/// binary search reads the rows in place: nothing is built at start and no
/// decimal is parsed. Searching `word-frequency.tsv`'s text itself, each
/// step scanned for the row around a byte offset: a look-up cost about
/// 4,300 instructions, and the combo words' look-ups alone 9% of the
/// `check` bench's real names against 1,000 targets; an index of the rows
/// brought that to 960 but cost 6 M instructions to build, which every
/// process paid before its first answer (callgrind, session 20).
fn lookup_in(compiled: &str, word: &str) -> Option<Commonness> {
    let word = word.as_bytes();
    // No word holds a space or a control byte, which would sort with the
    // padding below.
    if word.is_empty() || word.len() > WORD_WIDTH || word.iter().any(|&b| b <= b' ') {
        return None;
    }
    let (rows, _) = compiled.as_bytes().as_chunks::<ROW>();
    // Spaces sort before every byte of a word, so padded words sort as the
    // words do, and compare as slices of one length.
    let mut padded = [b' '; WORD_WIDTH];
    padded[..word.len()].copy_from_slice(word);
    let at = rows
        .binary_search_by(|row| row[..WORD_WIDTH].cmp(&padded[..]))
        .ok()?;
    let row = &rows[at];
    let number = |digits: &[u8]| {
        digits.iter().try_fold(0u32, |n, &d| {
            d.is_ascii_digit().then(|| n * 10 + u32::from(d - b'0'))
        })
    };
    let zipf_tenths = number(&row[WORD_WIDTH + 1..WORD_WIDTH + 4])?;
    let popular = number(&row[WORD_WIDTH + 5..WORD_WIDTH + 10])?;
    Some(Commonness {
        zipf_tenths: u8::try_from(zipf_tenths).ok()?,
        popular: u16::try_from(popular).ok()?,
    })
}

/// The row of `word` in the embedded table.
fn lookup(word: &str) -> Option<Commonness> {
    lookup_in(COMPILED, word)
}

/// `word<TAB>zipf<TAB>popular` rows (after a header line, sorted by word)
/// compiled into rows of one width ([`lookup_in`]); rows that do not parse,
/// and words longer than [`WORD_WIDTH`], are left out.
#[cfg(test)]
fn compile(tsv: &str) -> String {
    let mut out = String::new();
    for row in tsv.lines().skip(1) {
        let word = row.split('\t').next().unwrap_or_default();
        if let (Some(c), true) = (parse_row(row), word.len() <= WORD_WIDTH) {
            let line = format!(
                "{word:<WORD_WIDTH$}\t{:03}\t{:05}\n",
                c.zipf_tenths, c.popular
            );
            debug_assert_eq!(line.len(), ROW);
            out.push_str(&line);
        }
    }
    out
}

/// One `word<TAB>zipf<TAB>popular` row.
#[cfg(test)]
fn parse_row(row: &str) -> Option<Commonness> {
    let mut fields = row.split('\t').skip(1);
    let zipf: f64 = fields.next()?.trim().parse().ok()?;
    let popular: u32 = fields.next()?.trim().parse().ok()?;
    Some(Commonness {
        zipf_tenths: (zipf * 10.0).round().clamp(0.0, 255.0) as u8,
        popular: popular.min(u32::from(u16::MAX)) as u16,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_beside_an_owner_word_is_split_and_its_changes_seen() {
        // Two owner words of this test's own, `qstatik` and `qdnz`, so that
        // the test does not hang on the fitted table.
        let rows = "owner:qstatik\t30\nowner:qdnz\t30\n";
        let w = Weights::from_tsv(&format!("{}{rows}", Weights::embedded().to_tsv())).unwrap();
        let mz = CodeAndWord::of("mzqstatik", &w).unwrap();
        assert!(mz.code_changed("mzqstatik", "mtqstatik"));
        assert!(mz.code_changed("mzqstatik", "otqstatik"), "two edits");
        assert!(
            !mz.code_changed("mzqstatik", "mzqstatlk"),
            "the word edited"
        );
        assert!(!mz.code_changed("mzqstatik", "mzqstatik"));
        assert!(!mz.code_changed("mzqstatik", "qstatik"), "no code left");
        assert!(!mz.code_changed("mzqstatik", "abcdeqstatik"), "a long head");
        let v1 = CodeAndWord::of("qdnzv1", &w).unwrap();
        assert!(v1.code_changed("qdnzv1", "qdnze1"), "a code last");
        assert_eq!(CodeAndWord::of("paypal", &w), None);
        assert_eq!(
            CodeAndWord::of("qstatik", &w),
            None,
            "a word alone has no code"
        );
        assert_eq!(CodeAndWord::of("abcdqstatik", &w), None, "a code of four");
        assert_eq!(CodeAndWord::of("мzqstatik", &w), None);
    }

    #[test]
    fn rows_are_found_by_binary_search_and_scaled() {
        let text = "word\tzipf\tpopular\napple\t5.1\t120\nbad\trow\nzebra\t3.0\t1\n";
        let compiled = compile(text);
        let lookup = |word| lookup_in(&compiled, word);
        let apple = lookup("apple").unwrap();
        assert!((apple.word() - 5.1 / 8.0).abs() < 1e-9);
        assert!(apple.popular() > 0.4 && apple.popular() < 0.6);
        assert!(lookup("zebra").is_some());
        assert_eq!(lookup("bad"), None, "a row that does not parse");
        assert_eq!(lookup("mango"), None);
        assert_eq!(lookup(""), None);
        assert_eq!(lookup("apple "), None, "padding is not part of a word");
        assert_eq!(lookup(&"a".repeat(WORD_WIDTH + 1)), None);
        assert_eq!(lookup_in("", "apple"), None, "no rows");
        assert_eq!(
            lookup_in("apple\t051\t00120\n", "apple"),
            None,
            "a short row"
        );
        let garbled = compiled.replace("051", "0x1");
        assert_eq!(
            lookup_in(&garbled, "apple"),
            None,
            "a row that does not read"
        );
        assert_eq!(Commonness::default().word(), 0.0);
    }

    /// The compiled table the crate embeds is `data/word-frequency.tsv`'s.
    /// After updating the TSV, write it again with
    /// `LOOKALIKE_WRITE_TABLES=1 cargo test --lib compiled`.
    #[test]
    fn the_compiled_word_table_is_the_tsvs() {
        const TSV: &str = include_str!("../../data/word-frequency.tsv");
        const PATH: &str = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/data/word-frequency.compiled.txt"
        );
        let compiled = compile(TSV);
        if std::env::var_os("LOOKALIKE_WRITE_TABLES").is_some() {
            std::fs::write(PATH, &compiled).expect("writes the table");
        }
        assert!(COMPILED == compiled, "{PATH} is stale: see this test's doc");
        // Every row of the TSV made it, and reads back as the TSV says.
        for row in TSV.lines().skip(1) {
            let word = row.split('\t').next().unwrap();
            assert_eq!(lookup(word), parse_row(row), "{word}");
            assert!(lookup(word).is_some(), "{word}");
        }
    }

    #[test]
    fn embedded_rows_read_as_expected() {
        assert!(Commonness::of("apple").word() > Commonness::of("paypal").word());
        assert_eq!(Commonness::of("metamask"), Commonness::default());
        // A popular name's label that is no word has a row: no Zipf value,
        // its popular names counted.
        let hubspot = Commonness::of("hubspot");
        assert_eq!(hubspot.word(), 0.0);
        assert!(hubspot.popular() > Commonness::of("paypal").popular());
        assert!(Commonness::is_listed("hubspot") && Commonness::is_listed("torrent"));
        assert!(!Commonness::is_listed("metamask"));
        assert!(!Commonness::is_listed("tоrrent"), "a Cyrillic о has no row");
        assert!(!Commonness::is_listed(""));
    }
}
