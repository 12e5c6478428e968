//! Generation: the same 20 domains through `lookalike` (full pipeline:
//! candidates, validation, dedup, scoring, reasons, ranking) and through
//! `twistrs` (raw, unranked permutations, collected), side by side.
//!
//! `cargo bench --bench generate`. Criterion reports time per domain; the
//! variant counts printed first turn that into time per variant (see
//! `benches/README.md`). The `top20` group times a list of 20
//! (`variants DOMAIN --top 20`), against the whole list cut to 20, which is
//! what the generator did before it stopped early.

use criterion::{BenchmarkId, Criterion, Throughput, criterion_group, criterion_main};
use std::hint::black_box;
use std::time::Duration;
use twistrs::filter::Permissive;
use twistrs::permutate::Domain as TwistDomain;

/// The list: the .mil case, big brands, an IDN, `co.uk` and `com.au`
/// names, short and long labels.
pub const DOMAINS: [&str; 20] = [
    "army.mil",
    "paypal.com",
    "bankofamerica.com",
    "microsoft.com",
    "google.com",
    "apple.com",
    "amazon.com",
    "bbc.co.uk",
    "commbank.com.au",
    "münchen.de",
    "ibm.com",
    "x.com",
    "wellsfargo.com",
    "facebook.com",
    "netflix.com",
    "navy.mil",
    "linkedin.com",
    "seznam.cz",
    "americanexpress.com",
    "internationalbusinessmachines.com",
];

fn twistrs_count(domain: &str) -> Option<usize> {
    // twistrs panics on non-ASCII labels (char/byte index mix-up); such a
    // domain is benchmarked on our side only.
    std::panic::catch_unwind(|| {
        TwistDomain::new(domain)
            .ok()
            .map(|d| d.all(&Permissive).count())
    })
    .ok()
    .flatten()
}

fn generate(c: &mut Criterion) {
    let generator = lookalike::Generator::default();
    // Warm the lazily parsed tables outside the measurement.
    let _ = generator.variants("example.com");
    std::panic::set_hook(Box::new(|_| {}));
    let mut group = c.benchmark_group("generate");
    group
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(20);
    for domain in DOMAINS {
        let ours = generator.variants(domain).map(|v| v.len()).unwrap_or(0);
        let theirs = twistrs_count(domain);
        println!("variants {domain}: lookalike {ours}, twistrs {theirs:?}");
        group.throughput(Throughput::Elements(ours as u64));
        group.bench_with_input(BenchmarkId::new("lookalike", domain), domain, |b, d| {
            b.iter(|| black_box(generator.variants(black_box(d))))
        });
        if let Some(n) = theirs {
            group.throughput(Throughput::Elements(n as u64));
            group.bench_with_input(BenchmarkId::new("twistrs", domain), domain, |b, d| {
                b.iter(|| {
                    let dom = TwistDomain::new(black_box(d)).ok();
                    black_box(dom.map(|d| d.all(&Permissive).collect::<Vec<_>>()))
                })
            });
        }
    }
    group.finish();
    top_20(c);
}

/// The first 20 variants: made best first and stopped early, against the
/// whole list made and cut.
fn top_20(c: &mut Criterion) {
    let few = lookalike::Generator::builder().max_variants(20).build();
    let all = lookalike::Generator::default();
    let _ = (few.variants("example.com"), all.variants("example.com"));
    let mut group = c.benchmark_group("top20");
    group
        .measurement_time(Duration::from_secs(3))
        .warm_up_time(Duration::from_secs(1))
        .sample_size(20);
    for domain in ["paypal.com", "army.mil", "münchen.de", "wellsfargo.com"] {
        group.bench_with_input(BenchmarkId::new("best-first", domain), domain, |b, d| {
            b.iter(|| black_box(few.variants(black_box(d))))
        });
        group.bench_with_input(
            BenchmarkId::new("whole-list-cut", domain),
            domain,
            |b, d| b.iter(|| black_box(all.variants(black_box(d)).map(|mut v| v.truncate(20)))),
        );
    }
    group.finish();
}

criterion_group!(benches, generate);
criterion_main!(benches);
