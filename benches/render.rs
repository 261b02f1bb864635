//! Layout + SVG of a 7-stage, 30-step map with every lane (target: at most 300 µs).

use criterion::{criterion_group, criterion_main, Criterion};
use std::hint::black_box;
use waymark::journey::{parse_source, source::FenceOptions, Layout, SourceKind};
use waymark::render::{self, Labels, RenderOptions, Theme};

// The allocator of the waymark binary, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn big_journey() -> String {
    let stages = [
        "Awareness",
        "Consideration",
        "Purchase",
        "Onboarding",
        "Usage",
        "Retention",
        "Advocacy",
    ];
    let mut s = String::from("title Buying and living with an e-bike\npersona Maya\nscale -2..2\nreviewed 2026-09-30\nowner Growth team\nmarket DE\nloop Advocacy -> Awareness: referrals\n");
    let mut step = 0;
    for (i, stage) in stages.iter().enumerate() {
        s.push_str(&format!("section {stage}\n  phase: {}\n  goal: Move on to the next stage without friction\n  metric: Conversion 12%\n", if i < 3 { "Acquisition" } else { "Growth" }));
        let n = if i < 2 { 5 } else { 4 };
        for _ in 0..n {
            step += 1;
            s.push_str(&format!(
                "  Step number {step} of the journey: {}: Maya, Partner\n    touchpoint: Product page\n    channel: web\n    thought: Is this really worth the money I am about to spend?\n    feeling: Curious\n    need: Clear prices\n    barrier: Hidden fees\n    pain: Delivery date unclear {{severity: high}}\n    opportunity: Show the delivery date early {{impact: high, effort: low}}\n    frontstage: Chat agent answers\n    backstage: Stock sync every hour\n    support: ERP and payment provider\n    metric: Drop-off 21%\n    quote: \"I almost gave up\"\n    note: Seen in 5 of 8 interviews\n    link: [Report](https://example.com/report)\n",
                (step % 5) - 2
            ));
        }
    }
    assert_eq!(step, 30);
    s
}

fn render_bench(c: &mut Criterion) {
    let text = big_journey();
    let j = parse_source(&text, SourceKind::Journey, FenceOptions::default())
        .journeys
        .remove(0);
    let theme = Theme::default();
    let labels = Labels::default();
    for layout in [Layout::Map, Layout::Timeline, Layout::Storyboard] {
        let opts = RenderOptions {
            layout,
            theme: &theme,
            id: "bench",
            persona: None,
            labels: &labels,
            comparison: None,
        };
        c.bench_function(&format!("render/{}_7x30_all_lanes", layout.name()), |b| {
            b.iter(|| render::svg(black_box(&j), &opts))
        });
    }
    let opts = RenderOptions {
        layout: Layout::Map,
        theme: &theme,
        id: "bench",
        persona: None,
        labels: &labels,
        comparison: None,
    };
    c.bench_function("render/map_layout_only_7x30", |b| {
        b.iter(|| render::scene(black_box(&j), &opts))
    });
    c.bench_function("render/figure_with_table_7x30", |b| {
        b.iter(|| render::figure_html(black_box(&j), &opts))
    });
}

criterion_group!(benches, render_bench);
criterion_main!(benches);
