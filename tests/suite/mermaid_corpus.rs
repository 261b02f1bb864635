//! Golden tests: every construct of Mermaid's `journey` (from its documentation and its
//! test suite, written out as our own cases) yields what Mermaid shows. Each
//! `corpus/mermaid/NAME.journey` has a hand-written `NAME.expected`.

use std::fmt::Write;
use std::path::Path;
use waymark::journey::{parse_source, source::FenceOptions, Journey, SourceKind};

fn summary(j: &Journey) -> String {
    let esc = |s: &str| s.replace('\n', "\\n");
    let mut out = String::new();
    if let Some(t) = &j.title {
        writeln!(out, "title: {}", esc(t)).unwrap();
    }
    if let Some(t) = &j.acc_title {
        writeln!(out, "accTitle: {}", esc(t)).unwrap();
    }
    if let Some(t) = &j.acc_descr {
        writeln!(out, "accDescr: {}", esc(t)).unwrap();
    }
    for stage in &j.stages {
        writeln!(out, "section {}", esc(&stage.name)).unwrap();
        for step in &stage.steps {
            let score = step
                .score
                .map(|s| s.to_string())
                .unwrap_or_else(|| "-".into());
            let line = format!(
                "  {} | {} | {}",
                esc(&step.name),
                score,
                step.actors.join(", ")
            );
            writeln!(out, "{}", line.trim_end()).unwrap();
        }
    }
    out
}

#[test]
fn mermaid_corpus_matches_expected() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/mermaid");
    let mut cases = 0;
    let mut entries: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    entries.sort();
    for path in entries {
        if path.extension().and_then(|e| e.to_str()) != Some("journey") {
            continue;
        }
        let text = std::fs::read_to_string(&path).unwrap();
        let expected = std::fs::read_to_string(path.with_extension("expected"))
            .unwrap_or_else(|_| panic!("{} has no .expected file", path.display()));
        let parsed = parse_source(&text, SourceKind::Journey, FenceOptions::default());
        let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
        assert!(
            errors.is_empty(),
            "{}: unexpected errors {errors:?}",
            path.display()
        );
        assert_eq!(parsed.journeys.len(), 1, "{}", path.display());
        assert_eq!(summary(&parsed.journeys[0]), expected, "{}", path.display());
        cases += 1;
    }
    assert!(cases >= 15, "only {cases} corpus cases found");
}

#[test]
fn mermaid_journey_in_markdown_fences_of_every_kind() {
    let body = "title T\nsection S\n  Task: 3: Me\n";
    let docs = [
        format!("```journey\n{body}```\n"),
        format!("~~~journey\n{body}~~~\n"),
        format!("````journey\n{body}````\n"),
        "- item\n\n  ```journey\n  title T\n  section S\n    Task: 3: Me\n  ```\n".to_string(),
        "> ```journey\n> title T\n> section S\n>   Task: 3: Me\n> ```\n".to_string(),
        "1. > ```journey\n   > title T\n   > section S\n   >   Task: 3: Me\n   > ```\n".to_string(),
    ];
    for doc in &docs {
        let parsed = parse_source(doc, SourceKind::Markdown, FenceOptions::default());
        assert_eq!(parsed.journeys.len(), 1, "{doc}");
        assert_eq!(
            summary(&parsed.journeys[0]),
            "title: T\nsection S\n  Task | 3 | Me\n",
            "{doc}"
        );
    }
}

#[test]
fn mermaid_fences_only_when_asked() {
    let doc = "```mermaid\njourney\ntitle M\nsection S\n  Task: 3: Me\n```\n\n```mermaid\ngraph TD\nA-->B\n```\n";
    let off = parse_source(doc, SourceKind::Markdown, FenceOptions::default());
    assert!(off.journeys.is_empty());
    let on = parse_source(doc, SourceKind::Markdown, FenceOptions { mermaid: true });
    assert_eq!(on.journeys.len(), 1);
    assert_eq!(on.journeys[0].title.as_deref(), Some("M"));
}
