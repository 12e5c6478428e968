//! Fuzz target `compare`: `lookalike::compare(candidate, target)`.
//!
//! Input: the candidate, a newline, the target (lossily decoded; without a
//! newline the target is `paypal.com`).
//!
//! Checks: never a panic; errors typed and small; an assessment scores in
//! 0..=1 with a reason; and a name is never a lookalike of itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lookalike_fuzz::{check_error, text};

fuzz_target!(|data: &[u8]| {
    let input = text(data);
    let (candidate, target) = input.split_once('\n').unwrap_or((&input, "paypal.com"));
    match lookalike::compare(candidate, target) {
        Ok(Some(a)) => {
            for x in [a.score, a.typing, a.visual, a.reach] {
                assert!((0.0..=1.0).contains(&x), "{a:?}: out of range");
            }
            assert!(!a.reason.is_empty());
        }
        Ok(None) => {}
        Err(e) => check_error(&e),
    }
    match lookalike::compare(candidate, candidate) {
        Ok(found) => assert_eq!(found, None, "{candidate:?} imitates itself"),
        Err(e) => check_error(&e),
    }
});
