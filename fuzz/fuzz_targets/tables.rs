//! Fuzz target `tables`: the data files a caller may load at run time in
//! place of the embedded ones: fitted weights (`Weights::from_tsv`, for
//! `MatcherBuilder::weights`), registration rates (`--rates`,
//! `RegistrationRates::from_tsv`) and combo words (`--words`,
//! `Words::from_lines`).
//!
//! Input: any text (lossily decoded), given to each parser whole.
//!
//! Checks: never a panic; errors typed and small, however long the line
//! they name; weights that load write themselves out (`to_tsv`) as text
//! that loads to the same weights; every rate is a finite number in 0..=1.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lookalike::RegistrationRates;
use lookalike::score::{Weights, Words};
use lookalike::{Kind, error::Error};
use lookalike_fuzz::{check_error, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    match Weights::from_tsv(&input) {
        Ok(weights) => {
            let again = Weights::from_tsv(&weights.to_tsv());
            assert_eq!(again.as_ref().ok(), Some(&weights), "{input:?}");
        }
        Err(e) => check_table_error(&e),
    }
    match RegistrationRates::from_tsv(&input) {
        Ok(rates) => {
            for kind in Kind::ALL {
                let rate = rates.rate(kind, "com", "xyz");
                assert!((0.0..=1.0).contains(&rate), "{kind}: {rate}");
            }
        }
        Err(e) => check_table_error(&e),
    }
    // Lines that are not LDH labels are dropped, never an error.
    let _ = Words::from_lines(&input);
});

/// A table's error names its line and stays small ([`check_error`]).
fn check_table_error(e: &Error) {
    check_error(e);
    assert!(
        matches!(e, Error::List { .. } | Error::Data { .. }),
        "{e:?} is not a list or data error"
    );
}
