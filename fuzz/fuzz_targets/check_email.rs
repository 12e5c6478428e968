//! Fuzz target `check_email`: `Matcher::check_email` on any bytes (lossily
//! decoded): `a@b`, `Name <a@b>`, quoted local parts, address literals,
//! unbalanced quotes and brackets, `@@`, and junk.
//!
//! Checks: never a panic; errors typed and small; matches name protected
//! targets, score in 0..=1, best first, each target once.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lookalike_fuzz::{check_error, check_matches, matcher, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    match matcher().check_email(&input) {
        Ok(hits) => check_matches(&hits),
        Err(e) => check_error(&e),
    }
});
