//! Reading a journey's evidence from a survey export of 1,000,000 rows: one pass over the
//! file for the scores of eight steps, a metric's time series and quotes.

use criterion::{criterion_group, criterion_main, Criterion};
use std::io::Write;
use waymark::evidence::{attach, DataContext, DEFAULT_MIN_N, DEFAULT_STALE_AFTER_DAYS};
use waymark::journey::{parse_source, source::FenceOptions, SourceKind};

// The allocator of the waymark binary, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

const STEPS: [&str; 8] = [
    "Sees an ad",
    "Compares prices",
    "Reads reviews",
    "Checks out on the web shop",
    "Pays by card",
    "Waits for delivery",
    "Unpacks",
    "Calls support",
];

/// A survey export: step, a 1..5 score, persona, market, date and a comment, `rows` rows.
fn survey(path: &std::path::Path, rows: usize) {
    let mut out = std::io::BufWriter::new(std::fs::File::create(path).expect("create survey"));
    writeln!(out, "step,score,persona,market,date,comment").expect("write");
    for i in 0..rows {
        writeln!(
            out,
            "{},{},{},{},2026-{:02}-{:02},\"Comment number {i}, with a comma\"",
            STEPS[i % STEPS.len()],
            1 + (i * 7) % 5,
            if i % 3 == 0 { "Tom" } else { "Maya" },
            if i % 2 == 0 { "DE" } else { "SE" },
            1 + (i / 31) % 12,
            1 + i % 28,
        )
        .expect("write");
    }
}

fn journey() -> String {
    let mut text =
        String::from("title Buying online\ndata survey: survey.csv {persona: Maya}\nsection All\n");
    for step in STEPS {
        text.push_str(&format!("  {step}: survey: Maya\n"));
    }
    text.push_str("    metric: Score over time {data: survey, column: score, target: >= 4}\n");
    text.push_str("    quotes: survey {limit: 3}\n");
    text
}

fn evidence(c: &mut Criterion) {
    let dir = tempfile::tempdir().expect("temp dir");
    survey(&dir.path().join("survey.csv"), 1_000_000);
    let text = journey().replace("{persona: Maya}", "{persona: Maya, text: comment}");
    let parsed = parse_source(&text, SourceKind::Journey, FenceOptions::default());
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    let ctx = DataContext {
        root: dir.path(),
        base: "",
        shared: &[],
        min_n: DEFAULT_MIN_N,
        stale_after_days: DEFAULT_STALE_AFTER_DAYS,
        today: 20_800,
    };
    let mut group = c.benchmark_group("evidence");
    group.sample_size(10);
    group.bench_function("1M-row survey, 8 steps, a metric, quotes", |b| {
        b.iter(|| {
            let mut j = parsed.journeys[0].clone();
            let found = attach(&mut j, &ctx);
            assert!(found.diagnostics.is_empty(), "{:?}", found.diagnostics);
            j
        })
    });
    group.finish();
}

criterion_group!(benches, evidence);
criterion_main!(benches);
