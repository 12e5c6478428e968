//! Fuzz target `check`: `Matcher::check` on any bytes (lossily decoded): a
//! domain, a host, an e-mail address in any header form, a URL, or junk.
//!
//! Checks: never a panic; errors typed and small; matches name protected
//! targets, score in 0..=1, best first, each target once; and when the input
//! is itself a domain, every match agrees with `lookalike::compare` on that
//! domain and its target (one model for both, kind and score alike).
#![no_main]

use libfuzzer_sys::fuzz_target;
use lookalike::Domain;
use lookalike_fuzz::{check_error, check_matches, matcher, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    match matcher().check(&input) {
        Ok(hits) => {
            check_matches(&hits);
            if Domain::parse(&input).is_err() {
                return;
            }
            for m in hits.iter().filter(|m| !m.is_suffix()) {
                let a = lookalike::compare(&input, &m.target)
                    .expect("both parse")
                    .unwrap_or_else(|| panic!("check found {m:?}, compare found nothing"));
                assert_eq!(
                    (a.kind, a.score),
                    (m.kind, m.score),
                    "{input:?} vs {}",
                    m.target
                );
            }
        }
        Err(e) => check_error(&e),
    }
});
