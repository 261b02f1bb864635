//! The markdown pass and whole site builds over generated handbooks (see
//! `benches/support/corpus.rs`): a third of the pages carry a journey, the rest have
//! prose, tables, code and links.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use std::hint::black_box;
use std::path::{Path, PathBuf};
use waymark::journey::Span;
use waymark::markdown::{self, Hooks};

// The allocator of the waymark binary, so the figures are what users get.
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

#[path = "support/corpus.rs"]
mod corpus;

/// Links rewritten as the site does; journey fences left to the journey benches.
struct Links;

impl Hooks for Links {
    fn journey(&mut self, _: Span) -> Option<String> {
        None
    }
    fn link(&mut self, dest: &str, _: Span) -> String {
        dest.replace(".md", ".html")
    }
}

/// A generated handbook of `pages` pages, written once per run.
fn handbook(pages: usize) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("waymark-bench-site-{pages}"));
    if !dir.join("index.md").exists() {
        let _ = std::fs::remove_dir_all(&dir);
        corpus::write(pages, &dir, false).expect("writing the benchmark corpus");
    }
    dir
}

fn pages_of(dir: &Path) -> Vec<String> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .into_iter()
        .flatten()
        .filter(|e| e.path().extension().is_some_and(|x| x == "md"))
        .map(|e| e.into_path())
        .collect();
    files.sort();
    files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("reading a corpus page"))
        .collect()
}

fn site_bench(c: &mut Criterion) {
    let texts = pages_of(&handbook(1000));
    let bytes: usize = texts.iter().map(String::len).sum();
    let mut group = c.benchmark_group("markdown");
    group.throughput(Throughput::Bytes(bytes as u64));
    group.bench_function("pass_1000_pages", |b| {
        b.iter(|| {
            for t in &texts {
                black_box(markdown::render(black_box(t), &mut Links));
            }
        })
    });
    group.bench_function("filter_with_maps_1000_pages", |b| {
        b.iter(|| {
            for t in &texts {
                let _ = black_box(waymark::filter::filter(
                    black_box(t),
                    Path::new("page.md"),
                    &waymark::filter::FilterOptions::default(),
                ));
            }
        })
    });
    group.finish();

    let mut group = c.benchmark_group("site");
    group.sample_size(10);
    for pages in [100, 1000] {
        let dir = handbook(pages);
        group.bench_with_input(
            BenchmarkId::new("build_in_memory", pages),
            &dir,
            |b, dir| {
                b.iter(|| {
                    let built = waymark::site::build::build_to_memory(dir);
                    assert_eq!(built.errors(), 0);
                    black_box(built.files.len())
                })
            },
        );
    }
    group.finish();
}

criterion_group!(benches, site_bench);
criterion_main!(benches);
