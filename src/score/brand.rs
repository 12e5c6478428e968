//! How ordinary a brand's label is: how often it is used as an English word,
//! and how many popular sites' names hold it. A protected label that is an
//! ordinary word (`apple`, `chase`, `live`) sits inside legitimate names by
//! chance (`pineapple`, `purchase`, `olive`); one that is not (`paypal`,
//! `metamask`) is there to imitate. The same count is kept for popular
//! names' labels that are no word (`hubspot`, `yandex`): an organisation
//! that runs many names under its label is met by its own names. The data
//! is `data/word-frequency.tsv` (its source and licence in
//! `data/README.md`), read once. A label may also be a short code beside
//! a word that owners join to codes ([`CodeAndWord`]), which an edit of the
//! code meets by chance.

use super::weights::Weights;

/// The embedded table: word or popular label, Zipf frequency (0 for a
/// label that is no word), popular names holding it.
const WORD_FREQUENCY: &str = include_str!("../../data/word-frequency.tsv");

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
    /// its text, which is sorted by word. Parsing it into a hash map cost
    /// 40 M instructions at every start (callgrind); a look-up costs about
    /// a thousand.
    pub fn of(label: &str) -> Commonness {
        lookup(WORD_FREQUENCY, label).unwrap_or_default()
    }

    /// Whether `label` has a row at all: it is an English word of the
    /// table or the label of two or more popular names. Only ASCII labels
    /// of 2 to 20 characters have rows, so other labels (every Unicode
    /// homoglyph the generator makes) are answered without a search.
    pub fn is_listed(label: &str) -> bool {
        (2..=20).contains(&label.len())
            && label
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
            && lookup(WORD_FREQUENCY, label).is_some()
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

/// The row of `word` in `text` (a header line, then `word<TAB>zipf<TAB>
/// popular` rows sorted by word), parsed; `None` when absent or unparsable.
fn lookup(text: &str, word: &str) -> Option<Commonness> {
    // Bytes and plain scans: rows are short, and `str::find`'s searcher
    // cost more to set up than a row costs to scan (callgrind).
    let bytes = text.as_bytes();
    let body_start = bytes.iter().position(|&b| b == b'\n')? + 1;
    let body = &bytes[body_start..];
    let (mut lo, mut hi) = (0, body.len());
    // Invariant: a row starts at `lo`, and rows starting at or after `hi`
    // hold words greater than `word`.
    while lo < hi {
        let mid = lo + (hi - lo) / 2;
        // The start and end of the row holding `mid`.
        let start = body[lo..mid]
            .iter()
            .rposition(|&b| b == b'\n')
            .map_or(lo, |nl| lo + nl + 1);
        let end = body[start..]
            .iter()
            .position(|&b| b == b'\n')
            .map_or(body.len(), |nl| start + nl);
        let row = &body[start..end];
        let key_len = row.iter().position(|&b| b == b'\t').unwrap_or(row.len());
        match row[..key_len].cmp(word.as_bytes()) {
            std::cmp::Ordering::Equal => {
                return parse_row(std::str::from_utf8(row).ok()?);
            }
            std::cmp::Ordering::Less => lo = end + 1,
            std::cmp::Ordering::Greater => hi = start,
        }
    }
    None
}

/// One `word<TAB>zipf<TAB>popular` row.
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
        let apple = lookup(text, "apple").unwrap();
        assert!((apple.word() - 5.1 / 8.0).abs() < 1e-9);
        assert!(apple.popular() > 0.4 && apple.popular() < 0.6);
        assert!(lookup(text, "zebra").is_some());
        assert_eq!(lookup(text, "bad"), None);
        assert_eq!(lookup(text, "mango"), None);
        assert_eq!(lookup(text, ""), None);
        assert_eq!(Commonness::default().word(), 0.0);
    }

    #[test]
    fn every_embedded_row_is_found() {
        for row in WORD_FREQUENCY.lines().skip(1) {
            let word = row.split('\t').next().unwrap();
            assert!(lookup(WORD_FREQUENCY, word).is_some(), "{word}");
        }
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
