//! Fuzz target `parse`: `Domain::parse` on any bytes (decoded lossily, as the
//! command line decodes its input lines).
//!
//! Checks that parsing never panics, that an error is typed and small
//! (`check_error`), and that a parsed domain is canonical and stable: its
//! ASCII form and its Unicode form both parse back to it (`check_domain`).
#![no_main]

use libfuzzer_sys::fuzz_target;
use lookalike::Domain;
use lookalike_fuzz::{check_domain, check_error, text};

fuzz_target!(|data: &[u8]| {
    match Domain::parse(&text(data)) {
        Ok(d) => check_domain(&d),
        Err(e) => check_error(&e),
    }
});
