//! Parsing throughput of journey text, at three sizes to show it grows linearly.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use waymark::journey::{parse_source, source::FenceOptions, SourceKind};

// The allocator of the waymark binary, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A realistic journey of about `bytes` bytes: stages of steps with several lanes each.
pub fn journey_text(bytes: usize) -> String {
    let mut text = String::from("title Buying an e-bike online\npersona Maya\nscale -2..2\nreviewed 2026-09-30\nowner Growth team\n");
    let mut i = 0;
    while text.len() < bytes {
        if i % 8 == 0 {
            text.push_str(&format!("section Stage {}\n  goal: Move the customer on to the next stage\n  phase: Acquisition\n", i / 8));
        }
        text.push_str(&format!(
            "  Compares prices on review site {i}: {}: Maya, Partner\n    channel: web\n    touchpoint: Review site\n    thought: Is the premium model worth it?\n    pain: Prices differ between shops {{severity: high}}\n    opportunity: Price guarantee {{impact: high, effort: medium}}\n    backstage: Pricing team updates feeds nightly\n    metric: 35% leave at this step\n",
            (i % 5) - 2
        ));
        i += 1;
    }
    text
}

fn parse(c: &mut Criterion) {
    let mut group = c.benchmark_group("parse");
    for size in [100_000usize, 1_000_000, 10_000_000] {
        let text = journey_text(size);
        group.throughput(Throughput::Bytes(text.len() as u64));
        group.sample_size(if size >= 10_000_000 { 10 } else { 30 });
        group.bench_with_input(BenchmarkId::new("journey", size), &text, |b, text| {
            b.iter(|| {
                parse_source(
                    black_box(text),
                    SourceKind::Journey,
                    FenceOptions::default(),
                )
            })
        });
    }
    let md: String = (0..200)
        .map(|i| {
            format!(
                "## Section {i}\n\nSome prose with a [link](other.md).\n\n```journey\n{}```\n\n",
                journey_text(4_000)
            )
        })
        .collect();
    group.throughput(Throughput::Bytes(md.len() as u64));
    group.bench_function("markdown_with_200_fences", |b| {
        b.iter(|| {
            parse_source(
                black_box(&md),
                SourceKind::Markdown,
                FenceOptions::default(),
            )
        })
    });
    group.finish();
}

criterion_group!(benches, parse);
criterion_main!(benches);
