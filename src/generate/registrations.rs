//! How often attackers register each kind of variant: the fitted rates that
//! order a generated list, read from `data/registration-rates.tsv`.
//!
//! The score answers "this name exists: is it an imitation?". A list of
//! variants answers another question, "which of these names will someone
//! register?", and there the score alone misleads: a homoglyph is nearly
//! always an attack *when seen* (the fitted score says so), but a long name
//! has twenty thousand homoglyph variants and attackers register a handful,
//! while they register the brand under `.app` or `.xyz` again and again. The
//! reference corpus measures both: `scripts/fit_registrations.py` divides,
//! for the fitting part's targets, the real lookalikes the generator
//! produces by the variants it produces, per kind, and spreads the rate of a
//! change of suffix over the TLDs by where the corpus's lookalikes landed.
//! Each rate is relative to the most registered (kind, TLD) cell, so 1 is
//! "as likely as anything" and the numbers multiply the deliberate channel
//! of the score (see [`super::Variant::priority`]).

use rustc_hash::FxHashMap;

use crate::error::{Error, echo};
use crate::kind::Kind;
use crate::tsv;

/// The embedded rates.
const EMBEDDED: &str = include_str!("../../data/registration-rates.tsv");

/// How often attackers register variants of each kind, and under each TLD
/// when the suffix changes, relative to the most registered.
#[derive(Debug, Clone, PartialEq)]
pub struct RegistrationRates {
    /// Per kind, in [`Kind::ALL`]'s order.
    kinds: [f64; Kind::ALL.len()],
    /// How much more (or less) often than the average TLD a variant whose
    /// suffix changed lands under each TLD.
    tlds: FxHashMap<Box<str>, f64>,
    /// The same for a TLD the table does not list.
    other_tld: f64,
    /// How much a slip of the finger counts toward a variant's priority,
    /// per unit of typing likelihood, 0 to 1: a slip reaches whoever holds
    /// the name, but attackers register few of them (the `channel typing`
    /// row). `None` when the file has no such row: slips then weigh as the
    /// score weighs them, so rates that leave every kind alike order a list
    /// by score.
    typing: Option<f64>,
    /// The rate of a label edit moved under another TLD (`etamask.top` for
    /// `metamask.io`, a chain of two steps), before its TLD's factor: the
    /// `chain two_steps` row, 1 when absent.
    chain: f64,
    /// The rate of the target's label made plural under the target's own
    /// TLD (`paypals.com`, `uniswaps.org`): the `shape plural` row. `None`
    /// when absent: a plural is then rated as its kind, an addition.
    plural: Option<f64>,
    /// The rate of the plural moved under another TLD (`metamasks.shop`),
    /// before its TLD's factor: the `shape moved_plural` row. `None` when
    /// absent: such a plural is then rated as a chain.
    moved_plural: Option<f64>,
}

impl RegistrationRates {
    /// The rates fitted on the reference corpus
    /// (`data/registration-rates.tsv`).
    pub fn embedded() -> RegistrationRates {
        // Checked by a unit test; an unreadable embedded file would be a
        // build defect, so fall back to ordering by score, not a panic.
        RegistrationRates::from_tsv(EMBEDDED).unwrap_or_else(|_| RegistrationRates::uniform())
    }

    /// Every rate 1 and slips weighed as the score weighs them: variants
    /// ordered by their score alone.
    pub fn uniform() -> RegistrationRates {
        RegistrationRates {
            kinds: [1.0; Kind::ALL.len()],
            tlds: FxHashMap::default(),
            other_tld: 1.0,
            typing: None,
            chain: 1.0,
            plural: None,
            moved_plural: None,
        }
    }

    /// Rates from text in the format of `data/registration-rates.tsv`: a
    /// header, then `kind<TAB>NAME<TAB>RATE` rows for every kind and
    /// `tld<TAB>TLD<TAB>FACTOR` rows, `*` standing for any TLD not listed,
    /// an optional `channel<TAB>typing<TAB>WEIGHT` row (at most 1;
    /// without it slips weigh as the score weighs them) and an optional
    /// `chain<TAB>two_steps<TAB>RATE` row (the rate of a label edit moved
    /// under another TLD; 1 when absent), an optional
    /// `shape<TAB>plural<TAB>RATE` row (the rate of the target's label made
    /// plural under its own TLD; without it a plural is rated as its kind),
    /// an optional `shape<TAB>moved_plural<TAB>RATE` row (the same plural
    /// under another TLD, before the TLD's factor; without it, rated as a
    /// chain); more columns (the evidence) are ignored. A missing kind, an unknown
    /// family or kind, or a value that is not a finite number at least 0 is
    /// an error naming the line.
    ///
    /// ```
    /// use lookalike::RegistrationRates;
    /// let text = "family\tname\trate\nkind\tomission\t0.5\ntld\t*\t1\n";
    /// let err = RegistrationRates::from_tsv(text).unwrap_err();
    /// assert!(err.to_string().contains("repetition"), "{err}");
    /// ```
    pub fn from_tsv(text: &str) -> Result<RegistrationRates, Error> {
        let bad = |line: usize, reason: String| Error::List {
            line,
            error: Box::new(Error::Data {
                file: "registration-rates.tsv",
                reason,
            }),
        };
        let mut kinds = [None; Kind::ALL.len()];
        let mut tlds = FxHashMap::default();
        let mut other_tld = None;
        let mut typing = None;
        let mut chain = 1.0;
        let mut plural = None;
        let mut moved_plural = None;
        for (line, fields) in tsv::rows(text) {
            let [family, name, value] = match fields.get(..3) {
                Some(&[f, n, v]) => [f, n, v],
                _ => return Err(bad(line, "a row needs family, name and rate".into())),
            };
            let value: f64 = match value.trim().parse() {
                Ok(v) if f64::is_finite(v) && v >= 0.0 => v,
                _ => return Err(bad(line, format!("`{}` is not a rate", echo(value)))),
            };
            match (family, name) {
                ("kind", name) => match Kind::from_name(name) {
                    Some(kind) if kind.name() == name => kinds[kind as usize] = Some(value),
                    _ => return Err(bad(line, format!("`{}` is not a kind", echo(name)))),
                },
                ("tld", "*") => other_tld = Some(value),
                ("tld", name) => {
                    tlds.insert(name.to_ascii_lowercase().into_boxed_str(), value);
                }
                ("channel", "typing") if value <= 1.0 => typing = Some(value),
                ("chain", "two_steps") => chain = value,
                ("shape", "plural") => plural = Some(value),
                ("shape", "moved_plural") => moved_plural = Some(value),
                ("shape", name) => {
                    return Err(bad(line, format!("`{}` is not a shape", echo(name))));
                }
                ("channel", name) => {
                    return Err(bad(
                        line,
                        format!("`{}` is not a channel weight", echo(name)),
                    ));
                }
                (family, _) => {
                    return Err(bad(
                        line,
                        format!(
                            "`{}` is not kind, tld, channel, chain or shape",
                            echo(family)
                        ),
                    ));
                }
            }
        }
        let mut rates = [0.0; Kind::ALL.len()];
        for (kind, (slot, value)) in Kind::ALL.iter().zip(rates.iter_mut().zip(kinds)) {
            *slot = value.ok_or_else(|| Error::Data {
                file: "registration-rates.tsv",
                reason: format!("no rate for kind {kind}"),
            })?;
        }
        Ok(RegistrationRates {
            kinds: rates,
            tlds,
            other_tld: other_tld.unwrap_or(1.0),
            typing,
            chain,
            plural,
            moved_plural,
        })
    }

    /// How much a slip counts toward a variant's priority per unit of
    /// typing likelihood, 0 to 1 (see [`super::Variant::priority`]); `None`
    /// when slips weigh as the score weighs them.
    pub fn typing_weight(&self) -> Option<f64> {
        self.typing
    }

    /// The rate of a variant of `kind` whose suffix is `variant_suffix`,
    /// for a target under `target_suffix`: 0 to 1.
    ///
    /// The TLD (last label) is what counts: a name moved from `.io` to
    /// `.co.uk` lands where `.uk`'s lookalikes land.
    pub fn rate(&self, kind: Kind, target_suffix: &str, variant_suffix: &str) -> f64 {
        (self.kinds[kind as usize] * self.tld_factor(target_suffix, variant_suffix)).min(1.0)
    }

    /// [`rate`](Self::rate) for each of `kinds`, the TLD's factor looked up
    /// once.
    pub(crate) fn rates<'k>(
        &'k self,
        kinds: &'k [Kind],
        target_suffix: &str,
        variant_suffix: &str,
    ) -> impl Iterator<Item = (Kind, f64)> + 'k {
        let factor = self.tld_factor(target_suffix, variant_suffix);
        kinds
            .iter()
            .map(move |&kind| (kind, (self.kinds[kind as usize] * factor).min(1.0)))
    }

    /// The rate of a label edit of a target under `target_suffix` moved
    /// under `variant_suffix` (a chain of two steps: `etamask.top`).
    pub(crate) fn chain_rate(&self, target_suffix: &str, variant_suffix: &str) -> f64 {
        (self.chain * self.tld_factor(target_suffix, variant_suffix)).min(1.0)
    }

    /// The rate of the target's label made plural under `variant_suffix`:
    /// at home (`paypals.com`) the `shape plural` row; under another TLD
    /// (`metamasks.shop`) the `shape moved_plural` row times the TLD's
    /// factor. Two rows, not one weighed by the factors: the factors say
    /// where moved names land against an even spread over the TLDs, not
    /// against the target's own, and a plural at home is registered far
    /// more often than that spread would say (4 of the fitting part's 94).
    /// `None` where the table has no such row.
    pub(crate) fn plural_rate(&self, target_suffix: &str, variant_suffix: &str) -> Option<f64> {
        if tld(target_suffix) == tld(variant_suffix) {
            self.plural
        } else {
            self.moved_plural
                .map(|rate| (rate * self.tld_factor(target_suffix, variant_suffix)).min(1.0))
        }
    }

    /// The factor of a variant's TLD: 1 when it is the target's.
    fn tld_factor(&self, target_suffix: &str, variant_suffix: &str) -> f64 {
        let tld = tld(variant_suffix);
        if tld == self::tld(target_suffix) {
            1.0
        } else {
            self.tlds.get(tld).copied().unwrap_or(self.other_tld)
        }
    }
}

/// The last label of a suffix.
fn tld(suffix: &str) -> &str {
    crate::domain::last_label(suffix)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// A table's header and a row for every kind at `rate`.
    fn every_kind_at(rate: &str) -> String {
        "family\tname\trate\n".to_owned()
            + &Kind::ALL.map(|k| format!("kind\t{k}\t{rate}\n")).concat()
    }

    #[test]
    fn the_embedded_table_reads_and_covers_every_kind() {
        let rates = RegistrationRates::from_tsv(EMBEDDED).unwrap();
        for kind in Kind::ALL {
            let r = rates.rate(kind, "com", "com");
            assert!((0.0..=1.0).contains(&r), "{kind}: {r}");
        }
        // The corpus's lookalikes moved to .com far more often than to
        // .museum.
        let to_com = rates.rate(Kind::SuffixConfusion, "io", "com");
        let to_museum = rates.rate(Kind::SuffixConfusion, "io", "museum");
        assert!(to_com > to_museum, "{to_com} vs {to_museum}");
    }

    #[test]
    fn a_bad_table_names_its_line() {
        let head = "family\tname\trate\n";
        let unknown = format!("{head}kind\tteleportation\t1\n");
        let err = RegistrationRates::from_tsv(&unknown).unwrap_err();
        assert!(err.to_string().starts_with("line 2:"), "{err}");
        let negative = format!("{head}tld\tcom\t-1\n");
        assert!(RegistrationRates::from_tsv(&negative).is_err());
        let short = format!("{head}tld\tcom\n");
        assert!(RegistrationRates::from_tsv(&short).is_err());
        // A megabyte in one field: the error echoes a short piece of it.
        let long = "x".repeat(1 << 20);
        for row in [
            format!("kind\t{long}\t1"),
            format!("tld\tcom\t{long}"),
            format!("channel\t{long}\t1"),
            format!("{long}\tcom\t1"),
        ] {
            let err = RegistrationRates::from_tsv(&format!("{head}{row}\n")).unwrap_err();
            assert!(
                err.to_string().len() < 400,
                "{} bytes",
                err.to_string().len()
            );
        }
    }

    #[test]
    fn uniform_rates_leave_the_score_alone() {
        let rates = RegistrationRates::uniform();
        assert_eq!(rates.rate(Kind::IdnHomoglyph, "io", "xyz"), 1.0);
        assert_eq!(rates.typing_weight(), None);
    }

    #[test]
    fn the_typing_channel_row_is_read_and_bounded() {
        let kinds = every_kind_at("0.5");
        let absent = RegistrationRates::from_tsv(&kinds).unwrap();
        assert_eq!(absent.typing_weight(), None);
        let half = RegistrationRates::from_tsv(&format!("{kinds}channel\ttyping\t0.25\n")).unwrap();
        assert_eq!(half.typing_weight(), Some(0.25));
        let over = RegistrationRates::from_tsv(&format!("{kinds}channel\ttyping\t2\n"));
        assert!(over.is_err());
        let other = RegistrationRates::from_tsv(&format!("{kinds}channel\tsmell\t0.5\n"));
        assert!(other.unwrap_err().to_string().contains("smell"));
        // The embedded table carries a fitted weight below 1.
        assert!(
            RegistrationRates::embedded()
                .typing_weight()
                .is_some_and(|w| w < 1.0)
        );
    }

    #[test]
    fn the_chain_row_is_read_and_held_to_one() {
        let kinds = every_kind_at("0.01") + "tld\tcom\t50\ntld\tapp\t20\ntld\t*\t0.5\n";
        let absent = RegistrationRates::from_tsv(&kinds).unwrap();
        assert_eq!(absent.chain_rate("io", "museum"), 0.5);
        let rates =
            RegistrationRates::from_tsv(&format!("{kinds}chain\ttwo_steps\t0.04\n")).unwrap();
        assert_eq!(rates.chain_rate("io", "app"), 0.04 * 20.0);
        assert_eq!(rates.chain_rate("io", "com"), 1.0, "held to 1");
    }

    #[test]
    fn the_plural_row_is_read_and_weighed_by_its_tld() {
        let kinds = every_kind_at("0.01") + "tld\tcom\t50\ntld\t*\t0.5\n";
        let absent = RegistrationRates::from_tsv(&kinds).unwrap();
        assert_eq!(absent.plural_rate("com", "com"), None);
        let rates = RegistrationRates::from_tsv(&format!("{kinds}shape\tplural\t0.1\n")).unwrap();
        assert_eq!(rates.plural_rate("com", "com"), Some(0.1), "its own TLD");
        assert_eq!(rates.plural_rate("co.uk", "uk"), Some(0.1), "its own TLD");
        assert_eq!(rates.plural_rate("io", "com"), None, "a chain's rate");
        let moved = format!("{kinds}shape\tplural\t0.1\nshape\tmoved_plural\t0.002\n");
        let moved = RegistrationRates::from_tsv(&moved).unwrap();
        assert_eq!(moved.plural_rate("com", "com"), Some(0.1));
        assert_eq!(moved.plural_rate("io", "com"), Some(0.1), "0.002 × 50");
        assert_eq!(
            moved.plural_rate("io", "museum"),
            Some(0.001),
            "0.002 × 0.5"
        );
        let other = RegistrationRates::from_tsv(&format!("{kinds}shape\tsquare\t0.1\n"));
        assert!(other.unwrap_err().to_string().contains("square"));
        // The embedded table rates a plural above the additions it is one
        // of: attackers register `paypals.com`, not `paypalz.com`.
        let embedded = RegistrationRates::embedded();
        let plural = embedded.plural_rate("com", "com").unwrap_or(0.0);
        assert!(
            plural > embedded.rate(Kind::Addition, "com", "com"),
            "{plural}"
        );
    }

    #[test]
    fn a_rate_never_exceeds_one() {
        let text = every_kind_at("0.9") + "tld\tcom\t50\n";
        let rates = RegistrationRates::from_tsv(&text).unwrap();
        assert_eq!(rates.rate(Kind::SuffixConfusion, "io", "com"), 1.0);
        assert_eq!(rates.rate(Kind::Omission, "io", "io"), 0.9);
    }
}
