//! Nothing panics, on any input: arbitrary and mutated text, huge and odd files.

use proptest::prelude::*;
use std::path::Path;
use waymark::diagnostics::report;
use waymark::journey::{parse_source, source::FenceOptions, SourceKind};

const VALID: &str = "---\ntitle: Front\n---\njourney\ntitle Buying an e-bike\naccTitle: Acc\naccDescr {\n  multi\n}\npersona Maya\n  role: Commuter\nscale -2..2\nreviewed 2026-09-30\nloop B -> A: again\nsection A\n  phase: Growth\n  goal: Learn\n  Sees ad: 1: Maya, Sam\n    channel: social\n    pain: Old reviews {severity: high}\n    opportunity: Fresh {impact: high, effort: low}\n    link: [L](https://x.y)\n    image: ![I](i.png)\nsection B\n  Pays: -2: Maya %% comment\n    metric: 41%\n";

/// Parses `text` both ways and renders every diagnostic; checks every span is in the file.
fn exercise(text: &str) {
    for kind in [SourceKind::Journey, SourceKind::Markdown] {
        let p = parse_source(text, kind, FenceOptions { mermaid: true });
        for d in &p.diagnostics {
            assert!(
                d.span.start <= d.span.end && d.span.end <= text.len(),
                "{d:?} outside {} bytes",
                text.len()
            );
        }
        for j in &p.journeys {
            assert!(j.span.end <= text.len());
            for s in j.steps() {
                assert!(s.span.end <= text.len());
            }
        }
        let _ = report(Path::new("x.md"), text, &p.diagnostics, false);
    }
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
