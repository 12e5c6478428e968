//! How ordinary a brand's label is: how often it is used as an English word,
//! and how many popular sites' names hold it. A protected label that is an
//! ordinary word (`apple`, `chase`, `live`) sits inside legitimate names by
//! chance (`pineapple`, `purchase`, `olive`); one that is not (`paypal`,
//! `metamask`) is there to imitate. The data is `data/word-frequency.tsv`
//! (its source and licence in `data/README.md`), read once.

use std::sync::LazyLock;

use rustc_hash::FxHashMap;

/// The embedded table: word, Zipf frequency, popular names holding it.
const WORD_FREQUENCY: &str = include_str!("../../data/word-frequency.tsv");

/// The Zipf scale's top: `the` is about 7.7 (Zipf values are log10 of a
/// word's frequency per billion words; van Heuven et al. 2014).
const ZIPF_TOP: f64 = 8.0;

/// The popular-name count at which a label counts as fully common: one name
/// in five of the 50,526 popular names of `data/top-domains.txt` (judgement:
/// the scale's top, a log scale below it).
const POPULAR_TOP: f64 = 10_000.0;

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
    /// The label's commonness, from the embedded table.
    pub fn of(label: &str) -> Commonness {
        static TABLE: LazyLock<FxHashMap<&'static str, Commonness>> =
            LazyLock::new(|| parse(WORD_FREQUENCY));
        TABLE.get(label).copied().unwrap_or_default()
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

/// Rows of `word<TAB>zipf<TAB>popular`; a header, blank lines, `#` lines and
/// rows that do not parse are skipped.
fn parse(text: &str) -> FxHashMap<&str, Commonness> {
    let mut table = FxHashMap::default();
    for line in text.lines() {
        let mut fields = line.split('\t');
        let (Some(word), Some(zipf), Some(popular)) = (fields.next(), fields.next(), fields.next())
        else {
            continue;
        };
        let (Ok(zipf), Ok(popular)) = (zipf.trim().parse::<f64>(), popular.trim().parse::<u32>())
        else {
            continue;
        };
        let commonness = Commonness {
            zipf_tenths: (zipf * 10.0).round().clamp(0.0, 255.0) as u8,
            popular: popular.min(u32::from(u16::MAX)) as u16,
        };
        table.insert(word, commonness);
    }
    table
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rows_parse_and_scale() {
        let table = parse("word\tzipf\tpopular\napple\t5.1\t120\nbad\trow\n");
        let apple = table["apple"];
        assert!((apple.word() - 5.1 / 8.0).abs() < 1e-9);
        assert!(apple.popular() > 0.4 && apple.popular() < 0.6);
        assert_eq!(table.len(), 1);
        assert_eq!(Commonness::default().word(), 0.0);
    }
}
