//! Hostile input: what `Domain::parse` and `Matcher::check` cost as the input
//! grows from 10 B to 1 MiB.
//!
//! The promise (SECURITY.md) is that over-long input is refused before any
//! heavy work, so the cost stops growing at the caps (`MAX_INPUT` for a name,
//! `MAX_ADDRESS` for an address or a URL's authority) instead of following the
//! input. Four shapes at each size: domain-ish junk (`paypa1.` repeated, then
//! `.com`) parsed and checked, an e-mail address with a long local part, and a
//! URL with a long path (a URL's path may be long; only its authority is read).
//!
//! `cargo bench --bench hostile`; figures in `benches/README.md`.

use std::hint::black_box;
use std::time::Duration;

use criterion::{BenchmarkId, Criterion, criterion_group, criterion_main};
use lookalike::{Domain, Matcher};

/// The input sizes, in octets.
const SIZES: [(usize, &str); 5] = [
    (10, "10 B"),
    (100, "100 B"),
    (1 << 10, "1 KiB"),
    (64 << 10, "64 KiB"),
    (1 << 20, "1 MiB"),
];

/// `paypa1.paypa1.….com`, `n` octets (`paypa1.com` at 10).
fn labels(n: usize) -> String {
    let mut body = "paypa1.".repeat(n / 7 + 1);
    body.truncate(n.saturating_sub(4));
    if body.ends_with('.') {
        body.pop();
        body.push('x');
    }
    format!("{body}.com")
}

/// `aaa…a@paypa1.com`, about `n` octets (at least one character of local part).
fn email(n: usize) -> String {
    format!("{}@paypa1.com", "a".repeat(n.saturating_sub(11).max(1)))
}

/// `https://paypa1.com/aaa…a`, about `n` octets.
fn url(n: usize) -> String {
    format!("https://paypa1.com/{}", "a".repeat(n.saturating_sub(19)))
}

fn hostile(c: &mut Criterion) {
    let matcher = Matcher::builder()
        .protect("paypal.com")
        .and_then(|b| b.protect("army.mil"))
        .and_then(|b| b.protect("bbc.co.uk"))
        .and_then(|b| b.protect("münchen.de"))
        .and_then(|b| b.protect("microsoft.com"))
        .and_then(|b| b.protect_suffix("mil"))
        .expect("real domains parse")
        .build();
    let mut group = c.benchmark_group("hostile");
    group
        .warm_up_time(Duration::from_millis(500))
        .measurement_time(Duration::from_secs(2))
        .sample_size(30);
    for (n, size) in SIZES {
        let name = labels(n);
        let address = email(n);
        let link = url(n);
        group.bench_with_input(BenchmarkId::new("parse/labels", size), &name, |b, s| {
            b.iter(|| Domain::parse(black_box(s)))
        });
        group.bench_with_input(BenchmarkId::new("check/labels", size), &name, |b, s| {
            b.iter(|| matcher.check(black_box(s)))
        });
        group.bench_with_input(BenchmarkId::new("check/email", size), &address, |b, s| {
            b.iter(|| matcher.check(black_box(s)))
        });
        group.bench_with_input(BenchmarkId::new("check/url", size), &link, |b, s| {
            b.iter(|| matcher.check(black_box(s)))
        });
    }
    group.finish();
}

criterion_group!(benches, hostile);
criterion_main!(benches);
