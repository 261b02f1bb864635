//! A realistic generated handbook for benchmarks: about a third of the pages carry a
//! journey block, sizes vary, and pages have code blocks, tables and links. Shared by
//! `examples/gen-corpus.rs` and the site benchmark.

use std::fmt::Write as _;
use std::path::Path;

/// A small deterministic generator (xorshift), so every run writes the same corpus.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 ^= self.0 << 13;
        self.0 ^= self.0 >> 7;
        self.0 ^= self.0 << 17;
        self.0
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

const WORDS: &[&str] = &[
    "customer",
    "journey",
    "checkout",
    "support",
    "onboarding",
    "delivery",
    "subscription",
    "invoice",
    "survey",
    "retention",
    "renewal",
    "pricing",
    "trial",
    "account",
    "store",
    "partner",
    "fleet",
    "repair",
    "warranty",
    "feedback",
    "mobile",
    "payment",
    "referral",
];
const STAGES: &[&str] = &[
    "Awareness",
    "Consideration",
    "Purchase",
    "Onboarding",
    "Usage",
    "Retention",
    "Advocacy",
];
const CHANNELS: &[&str] = &[
    "web", "app", "email", "phone", "store", "chat", "social", "ad",
];

fn sentence(rng: &mut Rng, words: usize) -> String {
    let mut s = String::new();
    for i in 0..words {
        if i > 0 {
            s.push(' ');
        }
        s.push_str(WORDS[rng.below(WORDS.len() as u64) as usize]);
    }
    let mut c = s.chars();
    match c.next() {
        Some(f) => f.to_uppercase().collect::<String>() + c.as_str(),
        None => s,
    }
}

fn journey(rng: &mut Rng, n: usize) -> String {
    let mut j = format!(
        "```journey\ntitle {} journey {n}\npersona Persona {}\nreviewed 2026-{:02}-15\n",
        sentence(rng, 2),
        n % 5,
        9 + n % 3
    );
    let stages = 3 + rng.below(5) as usize;
    for stage in STAGES.iter().take(stages) {
        let _ = writeln!(j, "section {stage}");
        for _ in 0..(2 + rng.below(4)) {
            let score = 1 + rng.below(5);
            let _ = writeln!(j, "  {}: {score}: Customer", sentence(rng, 3));
            let _ = writeln!(
                j,
                "    channel: {}",
                CHANNELS[rng.below(CHANNELS.len() as u64) as usize]
            );
            let _ = writeln!(j, "    thought: {}", sentence(rng, 6));
            if rng.below(3) == 0 {
                let severity = 1 + rng.below(4);
                let _ = writeln!(j, "    pain: {} {{severity: {severity}}}", sentence(rng, 5));
                let _ = writeln!(
                    j,
                    "    opportunity: {} {{impact: high, effort: low}}",
                    sentence(rng, 4)
                );
            }
            if rng.below(4) == 0 {
                let _ = writeln!(j, "    backstage: {}", sentence(rng, 5));
            }
        }
    }
    j.push_str("```\n\n");
    j
}

fn page(rng: &mut Rng, n: usize, pages: usize) -> String {
    let mut p = format!("# {} {n}\n\n", sentence(rng, 3));
    let paragraphs = 2 + rng.below(8) as usize;
    for k in 0..paragraphs {
        let words = 12 + rng.below(30) as usize;
        let other = (n + k + 1) % pages;
        let _ = writeln!(
            p,
            "{}. See [page {other}](page-{other}.md) for more.\n",
            sentence(rng, words)
        );
        if k == 1 && n.is_multiple_of(3) {
            p.push_str(&journey(rng, n));
        }
        if k == 2 && n.is_multiple_of(4) {
            p.push_str("| Metric | Value |\n| --- | --- |\n| NPS | 42 |\n| CSAT | 4.3 |\n\n");
        }
        if k == 3 && n.is_multiple_of(5) {
            p.push_str("```rust\nfn main() {\n    println!(\"hello\");\n}\n```\n\n");
        }
    }
    p
}

/// Writes a handbook of `pages` pages into `out`; with `summary`, as an mdBook book
/// (`book.toml`, `src/SUMMARY.md`) so mdBook can build the same pages.
pub fn write(pages: usize, out: &Path, summary: bool) -> std::io::Result<()> {
    let src = if summary {
        out.join("src")
    } else {
        out.to_path_buf()
    };
    let mut rng = Rng(0x9E37_79B9_7F4A_7C15);
    let mut toc = String::from("# Summary\n\n");
    for n in 0..pages {
        let dir = src.join(format!("part-{}", n / 100));
        std::fs::create_dir_all(&dir)?;
        let text = page(&mut rng, n, pages).replace("](page-", "](../part-X/page-");
        // Links point at real pages: page-K lives in part-(K/100).
        let text = fix_links(&text);
        let _ = writeln!(toc, "- [Page {n}](part-{}/page-{n}.md)", n / 100);
        std::fs::write(dir.join(format!("page-{n}.md")), text)?;
    }
    let personas: String = (0..5)
        .map(|i| {
            format!(
                "persona Persona {i}\n  role: Archetype {i} of the corpus\n  goal: {}\n",
                sentence(&mut rng, 5)
            )
        })
        .collect();
    let _ = writeln!(toc, "- [Personas](personas.md)");
    std::fs::write(
        src.join("personas.md"),
        format!("# Personas\n\n```journey\n{personas}```\n"),
    )?;
    if summary {
        std::fs::write(src.join("SUMMARY.md"), toc)?;
        std::fs::write(out.join("book.toml"), "[book]\ntitle = \"Corpus\"\n")
    } else {
        std::fs::write(out.join("index.md"), "# Corpus\n\nA generated handbook.\n")
    }
}

fn fix_links(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(i) = rest.find("../part-X/page-") {
        out.push_str(&rest[..i]);
        let after = &rest[i + "../part-X/page-".len()..];
        let digits: String = after.chars().take_while(|c| c.is_ascii_digit()).collect();
        let k: usize = digits.parse().unwrap_or(0);
        let _ = write!(out, "../part-{}/page-{k}", k / 100);
        rest = &after[digits.len()..];
    }
    out.push_str(rest);
    out
}
