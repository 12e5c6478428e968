//! The fitted weights: how much each feature ([`super::features`]) moves the
//! score, read from `data/weights.tsv`.
//!
//! The file is written by `scripts/fit_score.py`, a logistic regression on
//! the fitting part of the reference corpus (`corpus/`), so every number in
//! it is a fitted value and the file's header names the run. The score is
//!
//! ```text
//! score = reach × (1 − (1 − σ(bias + Σ weightᵢ · featureᵢ)) × (1 − c · typing))
//! σ(z) = 1 / (1 + e^−z)
//! ```
//!
//! where `c`, the `typing_channel` row, says how much a slip of the finger
//! alone counts; it is fitted with the rest (the script tries a grid of
//! values and keeps the likeliest). The score means what a logistic
//! regression's output means: at 0.5, among the pairs the matcher finds in
//! the reference mix, a real lookalike is as likely as a legitimate name
//! (`docs/scoring.md`).
//!
//! The file also holds one fitted table, the `word:` rows: for a word joined
//! to a brand (`login` in `paypal-login`, `cdn` in `xvideos-cdn`), the
//! log-odds that the name is a lookalike rather than the brand owner's own,
//! counted on the fitting part (the `combo_word_odds` feature). The `owner:`
//! rows name the words of that table that legitimate names join to short
//! codes of their own (`cdn` in `alicdn`, `avcdn`, `rbxcdn`), with the number
//! of codes (the `code_changed` feature, `CodeAndWord` in `brand.rs`).

use rustc_hash::FxHashMap;

use super::features::{COUNT, Features, NAMES};
use crate::error::Error;

/// The embedded weights.
const EMBEDDED: &str = include_str!("../../data/weights.tsv");

/// The prefix of a combo word's row in `data/weights.tsv` (`word:cdn`).
const WORD_ROW: &str = "word:";

/// The prefix of an owner word's row (`owner:cdn`).
const OWNER_ROW: &str = "owner:";

/// How a run of digits joined to a brand is filed among the combo words
/// (`xhamster43`, `paypal2024`): one word for every number.
pub(crate) const NUMBER_WORD: &str = "#";

/// The row of `data/weights.tsv` that holds the typing channel's scale.
const TYPING_CHANNEL_ROW: &str = "typing_channel";

/// A bias, one weight per feature, the typing channel's scale and the combo
/// words' log-odds.
#[derive(Debug, Clone, PartialEq)]
pub struct Weights {
    bias: f64,
    /// How much a perfect slip of the finger alone counts (0 to 1): the
    /// scale of the score's second channel, fitted with the rest.
    typing_channel: f64,
    weights: [f64; COUNT],
    /// Combo words and their log-odds. A hash map: looked up for each word
    /// of each combosquat a check considers, where a binary search over
    /// the 295 words cost 2.2% of a check (callgrind, 20,000 popular names).
    words: FxHashMap<Box<str>, f64>,
    /// Owner words and the number of popular labels' codes they follow or
    /// precede: read once per protected target.
    owner_words: FxHashMap<Box<str>, f64>,
}

impl Weights {
    /// The weights fitted on the reference corpus (`data/weights.tsv`).
    pub fn embedded() -> Weights {
        // The embedded file is checked by a unit test; an unreadable one
        // would be a build defect, so fall back to no evidence at all
        // rather than panic.
        Weights::from_tsv(EMBEDDED).unwrap_or(Weights {
            bias: 0.0,
            typing_channel: 0.0,
            weights: [0.0; COUNT],
            words: FxHashMap::default(),
            owner_words: FxHashMap::default(),
        })
    }

    /// Weights from text in the format of `data/weights.tsv`: `name<TAB>value`
    /// lines for `bias`, `typing_channel` (0 to 1) and every feature of
    /// [`features::NAMES`], and any number of `word:WORD<TAB>log-odds` and
    /// `owner:WORD<TAB>codes` lines;
    /// `#` lines and blank lines are skipped. A missing, unknown or repeated
    /// name, or a value that is not a finite number (or a typing channel
    /// outside 0 to 1), is an error naming the line.
    ///
    /// [`features::NAMES`]: super::features::NAMES
    ///
    /// ```
    /// let text = lookalike::score::Weights::embedded().to_tsv();
    /// let again = lookalike::score::Weights::from_tsv(&text)?;
    /// assert_eq!(again, lookalike::score::Weights::embedded());
    /// # Ok::<(), lookalike::Error>(())
    /// ```
    pub fn from_tsv(text: &str) -> Result<Weights, Error> {
        let bad = |line: usize, reason: String| Error::List {
            line,
            error: Box::new(Error::Data {
                file: "weights.tsv",
                reason,
            }),
        };
        let mut bias = None;
        let mut typing_channel = None;
        let mut weights = [None; COUNT];
        let mut words = FxHashMap::default();
        let mut owner_words = FxHashMap::default();
        for (i, line) in text.lines().enumerate() {
            let line_no = i + 1;
            let line = line.trim();
            if line.is_empty() || line.starts_with('#') {
                continue;
            }
            let mut fields = line.split('\t');
            let name = fields.next().unwrap_or("").trim();
            let value = fields.next().unwrap_or("").trim();
            let value: f64 = match value.parse() {
                Ok(v) if f64::is_finite(v) => v,
                _ => return Err(bad(line_no, format!("`{}` is not a number", echo(value)))),
            };
            let table = if let Some(word) = name.strip_prefix(WORD_ROW) {
                Some((&mut words, word))
            } else {
                name.strip_prefix(OWNER_ROW)
                    .map(|word| (&mut owner_words, word))
            };
            if let Some((table, word)) = table {
                if table.insert(Box::<str>::from(word), value).is_some() {
                    return Err(bad(line_no, format!("`{}` given twice", echo(name))));
                }
                continue;
            }
            let slot = if name == "bias" {
                &mut bias
            } else if name == TYPING_CHANNEL_ROW {
                if !(0.0..=1.0).contains(&value) {
                    return Err(bad(line_no, format!("`{name}` must be 0 to 1")));
                }
                &mut typing_channel
            } else if let Some(at) = NAMES.iter().position(|n| *n == name) {
                &mut weights[at]
            } else {
                return Err(bad(line_no, format!("no feature `{}`", echo(name))));
            };
            if slot.replace(value).is_some() {
                return Err(bad(line_no, format!("`{}` given twice", echo(name))));
            }
        }
        let missing = |name: &str| Error::Data {
            file: "weights.tsv",
            reason: format!("no weight for `{name}`"),
        };
        let mut out = [0.0; COUNT];
        for (at, w) in weights.iter().enumerate() {
            out[at] = w.ok_or_else(|| missing(NAMES[at]))?;
        }
        Ok(Weights {
            bias: bias.ok_or_else(|| missing("bias"))?,
            typing_channel: typing_channel.ok_or_else(|| missing(TYPING_CHANNEL_ROW))?,
            weights: out,
            words,
            owner_words,
        })
    }

    /// The weights as `data/weights.tsv` holds them, without its comments.
    pub fn to_tsv(&self) -> String {
        let mut out = format!(
            "bias\t{}\n{TYPING_CHANNEL_ROW}\t{}\n",
            self.bias, self.typing_channel
        );
        for (name, w) in NAMES.iter().zip(self.weights) {
            out.push_str(&format!("{name}\t{w}\n"));
        }
        for (prefix, table) in [(WORD_ROW, &self.words), (OWNER_ROW, &self.owner_words)] {
            let mut rows: Vec<(&str, f64)> = table.iter().map(|(w, v)| (&**w, *v)).collect();
            rows.sort_by(|a, b| a.0.cmp(b.0));
            for (word, value) in rows {
                out.push_str(&format!("{prefix}{word}\t{value}\n"));
            }
        }
        out
    }

    /// The fitted log-odds of `word` joined to a brand, when the fitting part
    /// saw it often enough to have one (a number is [`NUMBER_WORD`]).
    pub(crate) fn combo_word(&self, word: &str) -> Option<f64> {
        self.words.get(word).copied()
    }

    /// Whether `word` is an owner word: one that popular names join to many
    /// short codes of their own, and that a brand's own names carry far more
    /// often than lookalikes do (`static`, `cdn`, `edge`).
    pub(crate) fn is_owner_word(&self, word: &str) -> bool {
        self.owner_words.contains_key(word)
    }

    /// The weight of the feature named `name` (`"bias"` for the bias,
    /// `"typing_channel"` for the typing channel's scale).
    pub fn get(&self, name: &str) -> Option<f64> {
        if name == "bias" {
            return Some(self.bias);
        }
        if name == TYPING_CHANNEL_ROW {
            return Some(self.typing_channel);
        }
        NAMES
            .iter()
            .position(|n| *n == name)
            .map(|at| self.weights[at])
    }

    /// The typing channel's probability for a slip of likelihood `typing`
    /// (0 to 1): how far a slip alone makes a name a lookalike.
    pub(crate) fn slip(&self, typing: f64) -> f64 {
        self.typing_channel * typing
    }

    /// The log-odds of a lookalike: bias plus the weighted features.
    pub(crate) fn logit(&self, x: &Features) -> f64 {
        self.weights
            .iter()
            .zip(x.0)
            .fold(self.bias, |z, (w, v)| z + w * f64::from(v))
    }
}

/// The logistic function.
pub(crate) fn sigmoid(z: f64) -> f64 {
    1.0 / (1.0 + (-z).exp())
}

fn echo(s: &str) -> String {
    crate::error::echo(s)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn embedded_weights_parse() {
        assert!(Weights::from_tsv(EMBEDDED).is_ok());
    }

    #[test]
    fn bad_files_are_errors_naming_the_line() {
        let good = Weights::embedded().to_tsv();
        let missing = good.replace("visual\t", "# visual\t");
        assert!(Weights::from_tsv(&missing).is_err());
        let twice = format!("{good}bias\t1\n");
        assert!(matches!(Weights::from_tsv(&twice), Err(Error::List { .. })));
        let nan = good.replacen("bias\t", "bias\tNaN\t#", 1);
        assert!(Weights::from_tsv(&nan).is_err());
        let no_channel = good.replace("typing_channel\t", "# typing_channel\t");
        assert!(Weights::from_tsv(&no_channel).is_err());
        let channel = Weights::embedded().get("typing_channel").unwrap();
        let over = good.replace(
            &format!("typing_channel\t{channel}\n"),
            "typing_channel\t1.5\n",
        );
        assert!(matches!(Weights::from_tsv(&over), Err(Error::List { .. })));
        assert!(Weights::from_tsv(&format!("{good}colour\t1\n")).is_err());
        let word_twice = format!("{good}word:zz\t1\nword:zz\t2\n");
        assert!(Weights::from_tsv(&word_twice).is_err());
        let owner_twice = format!("{good}owner:zz\t30\nowner:zz\t30\n");
        assert!(Weights::from_tsv(&owner_twice).is_err());
    }

    #[test]
    fn owner_words_are_their_own_rows_and_survive_a_round_trip() {
        let good = Weights::embedded().to_tsv();
        let w = Weights::from_tsv(&format!("{good}owner:zzcdn\t40\nword:zzweb\t-2\n")).unwrap();
        assert!(w.is_owner_word("zzcdn"));
        assert!(
            !w.is_owner_word("zzweb"),
            "a combo word is no owner word by itself"
        );
        assert_eq!(w.combo_word("zzcdn"), None);
        assert_eq!(Weights::from_tsv(&w.to_tsv()).unwrap(), w);
    }

    #[test]
    fn combo_words_are_looked_up_by_word() {
        let good = Weights::embedded().to_tsv();
        let w = Weights::from_tsv(&format!("{good}word:zzb\t-2\nword:zza\t1.5\n")).unwrap();
        assert_eq!(w.combo_word("zza"), Some(1.5));
        assert_eq!(w.combo_word("zzb"), Some(-2.0));
        assert_eq!(w.combo_word("zzc"), None);
        assert_eq!(Weights::from_tsv(&w.to_tsv()).unwrap(), w);
    }

    #[test]
    fn sigmoid_is_a_probability() {
        assert_eq!(sigmoid(0.0), 0.5);
        assert!(sigmoid(40.0) <= 1.0 && sigmoid(-40.0) >= 0.0);
    }
}
