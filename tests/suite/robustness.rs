//! Nothing panics, on any input: arbitrary and mutated text, huge and odd files. The fuzz
//! target's checks also run here, over a fixed set of generated and mutated inputs.

// The checks the fuzz target runs, shared rather than copied.
#[path = "../../fuzz/checks.rs"]
mod checks;

use proptest::prelude::*;
use waymark::journey::{parse_source, source::FenceOptions, SourceKind};

const VALID: &str = "---\ntitle: Front\n---\njourney\ntitle Buying an e-bike\naccTitle: Acc\naccDescr {\n  multi\n}\npersona Maya\n  role: Commuter\nscale -2..2\nreviewed 2026-09-30\nloop B -> A: again\nsection A\n  phase: Growth\n  goal: Learn\n  Sees ad: 1: Maya, Sam\n    channel: social\n    pain: Old reviews {severity: high}\n    opportunity: Fresh {impact: high, effort: low}\n    link: [L](https://x.y)\n    image: ![I](i.png)\nsection B\n  Pays: -2: Maya %% comment\n    metric: 41%\n";

/// Parses `text` both ways and renders every diagnostic; checks every span is in the file.
fn exercise(text: &str) {
    checks::parse(text);
}

fn fenced(body: &str) -> String {
    format!("# Page\n\n```journey\n{body}\n```\n")
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 400, .. ProptestConfig::default() })]

    #[test]
    fn arbitrary_text_never_panics(text in "\\PC{0,400}") {
        exercise(&text);
        exercise(&fenced(&text));
    }

    #[test]
    fn line_soup_never_panics(lines in prop::collection::vec(
        prop_oneof![
            Just("section S".to_string()), Just("  Step: 3: Me".to_string()), Just("    pain: x {severity: 9}".to_string()),
            Just("persona P".to_string()), Just("  role: r".to_string()), Just("accDescr {".to_string()), Just("}".to_string()),
            Just("---".to_string()), Just("```".to_string()), Just("> ```journey".to_string()), Just("\t\t: : :".to_string()),
            Just("title ü日本🚲".to_string()), Just("%%".to_string()), Just("loop a -> b".to_string()), "\\PC{0,30}",
        ], 0..40)) {
        let text = lines.join("\n");
        exercise(&text);
        exercise(&fenced(&text));
    }

    #[test]
    fn mutated_valid_input_never_panics(cuts in prop::collection::vec((0usize..400, 0usize..6, "\\PC{0,3}"), 1..8)) {
        let mut text = VALID.to_string();
        for (at, len, insert) in cuts {
            let mut at = at.min(text.len());
            while !text.is_char_boundary(at) { at -= 1; }
            let mut end = (at + len).min(text.len());
            while !text.is_char_boundary(end) { end -= 1; }
            text.replace_range(at..end.max(at), &insert);
        }
        exercise(&text);
        exercise(&fenced(&text));
    }
}

#[test]
fn valid_sample_has_no_problems() {
    let p = parse_source(VALID, SourceKind::Journey, FenceOptions::default());
    assert!(p.diagnostics.is_empty(), "{:#?}", p.diagnostics);
    assert_eq!(p.journeys[0].stages.len(), 2);
}

#[test]
fn hundred_thousand_steps() {
    let mut text = String::from("title Big\nsection S\n");
    for i in 0..100_000 {
        text.push_str(&format!("  Step {i}: 3: Me\n"));
    }
    let p = parse_source(&text, SourceKind::Journey, FenceOptions::default());
    assert_eq!(p.journeys[0].stages[0].steps.len(), 100_000);
}

#[test]
fn ten_megabyte_markdown_file() {
    let block = fenced("section S\n  Step: 3: Me\n    thought: a fairly long thought to make the file grow quickly");
    let mut text = String::new();
    while text.len() < 10 * 1024 * 1024 {
        text.push_str(&block);
        text.push_str("Some prose between maps, with *emphasis* and `code`.\n\n");
    }
    let p = parse_source(&text, SourceKind::Markdown, FenceOptions::default());
    assert!(p.journeys.len() > 50_000);
    assert!(p.diagnostics.is_empty());
}

#[test]
fn huge_indentation_nul_bom_crlf_tabs() {
    let indent = " ".repeat(100_000);
    exercise(&format!(
        "section S\n{indent}Step: 3\n{indent}{indent}thought: deep\n"
    ));
    exercise("section S\n  Step\0: 3: \0Me\n");
    let p = parse_source(
        "\u{feff}title T\r\nsection S\r\n\tStep: 2: Me\r\n\t\tthought: tabbed\r\n",
        SourceKind::Journey,
        FenceOptions::default(),
    );
    assert!(p.diagnostics.is_empty(), "{:?}", p.diagnostics);
    assert_eq!(p.journeys[0].title.as_deref(), Some("T"));
    assert_eq!(p.journeys[0].stages[0].steps[0].thoughts, ["tabbed"]);
}

#[test]
fn unterminated_fence_and_empty_blocks() {
    let p = parse_source(
        "```journey\nsection S\n  Step: 3\n",
        SourceKind::Markdown,
        FenceOptions::default(),
    );
    assert_eq!(
        p.journeys.len(),
        1,
        "an unterminated fence runs to the end of the file"
    );
    let p = parse_source(
        "```journey\n```\n\n~~~journey\n\n~~~\n",
        SourceKind::Markdown,
        FenceOptions::default(),
    );
    assert!(p.journeys.is_empty());
    assert_eq!(p.diagnostics.len(), 2);
}

/// SplitMix64: a tiny deterministic generator, so every run checks the same inputs.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: usize) -> usize {
        (self.next() % n.max(1) as u64) as usize
    }

    fn pick<'a>(&mut self, items: &[&'a str]) -> &'a str {
        items[self.below(items.len())]
    }
}

/// Text an attacker might write into a journey to break out of the picture.
const HOSTILE: &[&str] = &[
    "<script>alert(1)</script>",
    "\"><img src=x onerror=alert(1)>",
    "'><svg onload=alert(1)>",
    "</text></svg><script>alert(1)</script>",
    "]]><iframe src=javascript:alert(1)>",
    "<!-- -->",
    "&lt;b&gt; &amp; &#x3C;script&#x3E;",
    "javascript:alert(1)",
    "data:text/html,<script>alert(1)</script>",
    "{{ x }} ${x} %s",
    "\u{0}\u{1}\u{8}\u{b}\u{fffe}\u{ffff}\u{202e}",
    "é 日本語 🚲 \u{301}",
];

/// Lines of the language, each `{}` filled with hostile or ordinary text.
const TEMPLATES: &[&str] = &[
    "title {}",
    "accTitle: {}",
    "accDescr: {}",
    "accDescr {\n  {}\n}",
    "persona {}",
    "  role: {}",
    "  frustration: {}",
    "scale -2..2",
    "reviewed 2026-0{}-01",
    "owner {}",
    "layout {}",
    "theme {}",
    "lang {}",
    "loop {} -> {}: {}",
    "section {}",
    "stage {}",
    "  phase: {}",
    "  goal: {}",
    "  metric: {}",
    "  {}: 3: {}",
    "  {}: {}: Me",
    "  {}:",
    "    thought: {}",
    "    channel: {}",
    "    touchpoint: {}",
    "    pain: {} {severity: high}",
    "    pain: x {severity: {}}",
    "    opportunity: {} {impact: high, effort: low}",
    "    quote: {}",
    "    link: [{}](https://example.com/{})",
    "    link: [x]({})",
    "    image: ![{}]({})",
    "    image: ![x](i.png)",
    "    frontstage: {}",
    "%% {}",
    "```",
    "> ```journey",
    "---",
];

/// Bits of syntax and odd characters for mutations.
const BITS: &[&str] = &[
    "\n",
    "\r\n",
    "\t",
    "  ",
    "    ",
    ":",
    ": ",
    "{",
    "}",
    "%%",
    "```",
    "~~~",
    "> ",
    "- ",
    "\u{0}",
    "\u{feff}",
    "é",
    "🚲",
    "-2",
    "5",
    "0.5",
    "->",
    ",",
    "section ",
    "journey\n",
];

/// The Mermaid and extended corpora, and the fuzz target's seeds.
fn corpus() -> Vec<String> {
    let root = std::path::Path::new(env!("CARGO_MANIFEST_DIR"));
    let mut files: Vec<_> = [
        "tests/corpus/mermaid",
        "tests/corpus/extended",
        "fuzz/seeds/parse",
    ]
    .iter()
    .flat_map(|d| std::fs::read_dir(root.join(d)).expect("corpus folder"))
    .map(|e| e.expect("corpus entry").path())
    .filter(|p| p.extension().is_some_and(|e| e == "journey"))
    .collect();
    files.sort();
    let mut texts: Vec<String> = files
        .iter()
        .map(|p| std::fs::read_to_string(p).expect("corpus file"))
        .collect();
    texts.push(VALID.to_string());
    texts
}

fn fill(rng: &mut Rng, template: &str) -> String {
    let mut out = String::new();
    for (i, part) in template.split("{}").enumerate() {
        if i > 0 {
            let word = if rng.below(2) == 0 {
                rng.pick(HOSTILE)
            } else {
                rng.pick(&["Maya", "Sees ad", "high", "3", "", "1"])
            };
            out.push_str(word);
        }
        out.push_str(part);
    }
    out
}

fn boundary(text: &str, at: usize) -> usize {
    let mut at = at.min(text.len());
    while !text.is_char_boundary(at) {
        at -= 1;
    }
    at
}

/// One to four random edits of `text`.
fn mutate(rng: &mut Rng, text: &str, corpus: &[String]) -> String {
    let mut text = text.to_string();
    for _ in 0..1 + rng.below(4) {
        let lines: Vec<&str> = text.lines().collect();
        let (a, b) = (rng.below(lines.len()), rng.below(lines.len()));
        match rng.below(7) {
            0 => {
                let at = boundary(&text, rng.below(text.len() + 1));
                text.insert_str(at, rng.pick(HOSTILE));
            }
            1 => {
                let at = boundary(&text, rng.below(text.len() + 1));
                let end = boundary(&text, at + rng.below(12));
                text.replace_range(at..end, "");
            }
            2 => {
                let at = boundary(&text, rng.below(text.len() + 1));
                text.insert_str(at, rng.pick(BITS));
            }
            3 if !lines.is_empty() => {
                let mut new: Vec<String> = lines.iter().map(|l| l.to_string()).collect();
                let template = rng.pick(TEMPLATES);
                new[a] = fill(rng, template);
                text = new.join("\n");
            }
            4 if !lines.is_empty() => {
                let mut new = lines.clone();
                new.swap(a, b);
                let dup = new[a];
                new.insert(b, dup);
                text = new.join("\n");
            }
            _ => {
                // Lines spliced in from another corpus file.
                let other: Vec<&str> = corpus[rng.below(corpus.len())].lines().collect();
                let from = rng.below(other.len());
                let to = (from + 1 + rng.below(6)).min(other.len());
                let at = boundary(&text, rng.below(text.len() + 1));
                text.insert_str(at, &format!("\n{}\n", other[from..to].join("\n")));
            }
        }
    }
    text
}

/// A journey written line by line from the templates.
fn generate(rng: &mut Rng) -> String {
    let mut text = String::from("journey\n");
    for _ in 0..1 + rng.below(24) {
        let template = rng.pick(TEMPLATES);
        let line = fill(rng, template);
        text.push_str(&line);
        text.push('\n');
    }
    text
}

/// The same input as a markdown page: fenced, in a block quote or a list, with prose.
fn as_page(rng: &mut Rng, text: &str) -> String {
    match rng.below(4) {
        0 => format!("# Page\n\nProse <b>before</b>.\n\n```journey\n{text}\n```\n\nAfter.\n"),
        1 => {
            let quoted: Vec<String> = text.lines().map(|l| format!("> {l}")).collect();
            format!("> ```journey\n{}\n> ```\n", quoted.join("\n"))
        }
        2 => {
            let listed: Vec<String> = text.lines().map(|l| format!("   {l}")).collect();
            format!("- item\n\n   ```journey\n{}\n   ```\n", listed.join("\n"))
        }
        _ => format!("```mermaid\njourney\n{text}\n```\n\n~~~journey\n{text}\n~~~\n"),
    }
}

/// The fuzz target's checks over a fixed set of inputs (bounded by count, a few seconds):
/// every corpus file as it is and as a page, two mutants of each, and journeys generated
/// from the language's lines; the mutants and generated ones alternate between a
/// `.journey` text and a markdown page.
#[test]
fn fuzz_checks_hold_on_generated_and_mutated_inputs() {
    let corpus = corpus();
    assert!(corpus.len() > 20, "the corpora are found");
    let mut rng = Rng(0x5741_594d_4152_4b21);
    let mut inputs: Vec<String> = Vec::new();
    for seed in &corpus {
        inputs.push(seed.clone());
        inputs.push(as_page(&mut rng, seed));
    }
    let mut variants: Vec<String> = Vec::new();
    for seed in &corpus {
        for _ in 0..2 {
            variants.push(mutate(&mut rng, seed, &corpus));
        }
    }
    for _ in 0..30 {
        variants.push(generate(&mut rng));
    }
    for (i, text) in variants.into_iter().enumerate() {
        inputs.push(if i % 2 == 0 {
            text
        } else {
            as_page(&mut rng, &text)
        });
    }
    for text in &inputs {
        checks::everything(text);
    }
}

#[test]
fn fuzz_checks_catch_markup_from_the_authors_text() {
    // The checks themselves must fail on what they guard against.
    for (bad, root) in [
        ("<svg><script>alert(1)</script></svg>", "svg"),
        ("<svg><rect onclick=\"x\"/></svg>", "svg"),
        (
            "<svg><a href=\"javascript:alert(1)\"><text>x</text></a></svg>",
            "svg",
        ),
        ("<svg><text>x</svg>", "svg"),
        ("<figure><img src=\"x\"/></figure>", "figure"),
    ] {
        let caught = std::panic::catch_unwind(|| checks::check_markup(bad, root, "sample"));
        assert!(caught.is_err(), "{bad} passed the check");
    }
    checks::check_markup(
        "<svg><a href=\"https://example.com\"><text>x</text></a><image href=\"i.png\"/></svg>",
        "svg",
        "sample",
    );
}
