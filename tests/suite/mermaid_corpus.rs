//! Golden tests: what waymark reads from Mermaid's `journey` diagram.
//!
//! - `corpus/mermaid/NAME.journey`: every construct of Mermaid's `journey` (from its
//!   documentation and its test suite, written out as our own cases), read in a
//!   ` ```journey ` fence or a `.journey` file.
//! - `corpus/mermaid-parser/NAME.mmd`: the inputs of Mermaid's own journey parser tests,
//!   with what Mermaid's parser yields for each, read as Mermaid input.
//! - `corpus/mermaid-dialect/NAME.mmd`: how Mermaid reads `#`, `;`, `%%`, entity codes,
//!   scores and statements sharing a line, read as Mermaid input.
//!
//! Each case has a hand-written `NAME.expected`. Mermaid input is read both as a whole
//! `.mmd` file and inside a ` ```mermaid ` fence; both must give the expected result.
//! Mermaid keeps an empty actor for `Task: 5:`; waymark shows no actor, which the summary
//! below cannot tell apart.

use proptest::prelude::*;
use std::fmt::Write;
use std::path::{Path, PathBuf};
use std::process::Output;
use waymark::journey::{parse_source, source::FenceOptions, Journey, SourceKind, SourceParse};

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

/// The cases of a corpus folder: (input file, its text, the expected summary).
fn cases(folder: &str, extension: &str) -> Vec<(PathBuf, String, String)> {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/corpus")
        .join(folder);
    let mut paths: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .filter(|p| p.extension().and_then(|e| e.to_str()) == Some(extension))
        .collect();
    paths.sort();
    paths
        .into_iter()
        .map(|path| {
            let text = std::fs::read_to_string(&path).unwrap();
            let expected = std::fs::read_to_string(path.with_extension("expected"))
                .unwrap_or_else(|_| panic!("{} has no .expected file", path.display()));
            (path, text, expected)
        })
        .collect()
}

/// The one journey of `parsed`, which must have no errors.
fn only_journey(parsed: &SourceParse, what: &str) -> String {
    let errors: Vec<_> = parsed.diagnostics.iter().filter(|d| d.is_error()).collect();
    assert!(errors.is_empty(), "{what}: unexpected errors {errors:?}");
    assert_eq!(parsed.journeys.len(), 1, "{what}");
    summary(&parsed.journeys[0])
}

fn mermaid_fence(diagram: &str) -> String {
    format!("# Page\n\n```mermaid\n{diagram}\n```\n")
}

/// Reads `text` as a `.mmd` file and inside a ` ```mermaid ` fence.
fn assert_read_as_mermaid(path: &Path, text: &str, expected: &str) {
    let file = parse_source(text, SourceKind::MermaidFile, FenceOptions::default());
    assert_eq!(
        only_journey(&file, &format!("{} as a file", path.display())),
        expected,
        "{} as a .mmd file",
        path.display()
    );
    let doc = mermaid_fence(text);
    let fenced = parse_source(&doc, SourceKind::Markdown, FenceOptions { mermaid: true });
    assert_eq!(
        only_journey(&fenced, &format!("{} in a fence", path.display())),
        expected,
        "{} in a ```mermaid fence",
        path.display()
    );
}

#[test]
fn mermaid_corpus_matches_expected() {
    let all = cases("mermaid", "journey");
    for (path, text, expected) in &all {
        let parsed = parse_source(text, SourceKind::Journey, FenceOptions::default());
        assert_eq!(
            only_journey(&parsed, &path.display().to_string()),
            *expected,
            "{}",
            path.display()
        );
    }
    assert!(all.len() >= 15, "only {} corpus cases found", all.len());
}

#[test]
fn mermaid_parser_tests_read_as_mermaid_reads_them() {
    let all = cases("mermaid-parser", "mmd");
    for (path, text, expected) in &all {
        assert_read_as_mermaid(path, text, expected);
    }
    assert_eq!(
        all.len(),
        7,
        "one case per test of Mermaid's journey parser"
    );
}

#[test]
fn mermaid_parser_tests_read_the_same_in_journey_fences() {
    // None of these inputs touches a documented difference, so the kinder reading agrees.
    for (path, text, expected) in &cases("mermaid-parser", "mmd") {
        let parsed = parse_source(text, SourceKind::Journey, FenceOptions::default());
        assert_eq!(
            only_journey(&parsed, &path.display().to_string()),
            *expected,
            "{} as a .journey file",
            path.display()
        );
    }
}

#[test]
fn mermaid_dialect_corpus_matches_expected() {
    let all = cases("mermaid-dialect", "mmd");
    for (path, text, expected) in &all {
        assert_read_as_mermaid(path, text, expected);
    }
    assert!(all.len() >= 9, "only {} corpus cases found", all.len());
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

const FRONT_MATTER_FENCE: &str =
    "# Trip\n\n```mermaid\n---\ntitle: Trip\n---\njourney\n  section Go\n    Walk: 3: Me\n```\n";

#[test]
fn mermaid_fence_with_front_matter_is_a_journey() {
    let parsed = parse_source(
        FRONT_MATTER_FENCE,
        SourceKind::Markdown,
        FenceOptions { mermaid: true },
    );
    assert_eq!(
        only_journey(&parsed, "front matter"),
        "title: Trip\nsection Go\n  Walk | 3 | Me\n"
    );
    // A diagram that is not a journey stays unread, front matter or not.
    let graph = "```mermaid\n---\ntitle: Flow\n---\ngraph TD\n  A-->B\n```\n";
    let parsed = parse_source(graph, SourceKind::Markdown, FenceOptions { mermaid: true });
    assert!(parsed.journeys.is_empty() && parsed.diagnostics.is_empty());
}

fn waymark(args: &[&str], dir: &Path) -> Output {
    crate::common::waymark_in(dir, args)
}

#[test]
fn check_and_export_read_a_mermaid_fence_with_front_matter() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("trip.md"), FRONT_MATTER_FENCE).unwrap();

    let check = waymark(
        &["check", "--mermaid", "--format", "json", "trip.md"],
        dir.path(),
    );
    let stdout = String::from_utf8_lossy(&check.stdout);
    assert_eq!(check.status.code(), Some(0), "{stdout}");
    let report: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(report["journeys"], 1, "{stdout}");

    let export = waymark(&["export", "--mermaid", "trip.md"], dir.path());
    let stdout = String::from_utf8_lossy(&export.stdout);
    assert_eq!(export.status.code(), Some(0), "{stdout}");
    let doc: serde_json::Value = serde_json::from_str(&stdout).unwrap();
    assert_eq!(doc["journeys"][0]["title"], "Trip", "{stdout}");
    assert_eq!(doc["journeys"][0]["stages"][0]["steps"][0]["name"], "Walk");
}

const COMMENT_AFTER_ACTOR: &str = "journey\nsection Play\n  Plays: 4: Player # TODO: later?\n";

#[test]
fn hash_after_an_actor_is_a_comment_in_mermaid_only() {
    let mermaid = parse_source(
        &mermaid_fence(COMMENT_AFTER_ACTOR),
        SourceKind::Markdown,
        FenceOptions { mermaid: true },
    );
    assert!(mermaid.diagnostics.is_empty(), "{:?}", mermaid.diagnostics);
    assert_eq!(mermaid.journeys[0].stages[0].steps[0].actors, ["Player"]);

    let journey = parse_source(
        &format!("```journey\n{COMMENT_AFTER_ACTOR}```\n"),
        SourceKind::Markdown,
        FenceOptions::default(),
    );
    assert_eq!(
        journey.journeys[0].stages[0].steps[0].actors,
        ["Player # TODO", "later?"]
    );
    assert_eq!(journey.diagnostics.len(), 1);
    assert!(journey.diagnostics[0].message.contains("third `:`"));
}

/// Errors of a `.mmd` file, as (line, message, help).
fn mermaid_errors(text: &str) -> Vec<(usize, String, String)> {
    parse_source(text, SourceKind::MermaidFile, FenceOptions::default())
        .diagnostics
        .into_iter()
        .filter(|d| d.is_error())
        .map(|d| {
            let line = text[..d.span.start].matches('\n').count() + 1;
            (line, d.message, d.help.unwrap_or_default())
        })
        .collect()
}

#[test]
fn lines_mermaid_cannot_read_are_errors_that_say_why() {
    let text = "journey\nsection Pay; then ship\n  Task #1: 3: Me\n  Fine: 4: Me\n";
    let errors = mermaid_errors(text);
    assert_eq!(errors.len(), 2, "{errors:?}");
    assert_eq!(errors[0].0, 2);
    assert!(errors[0].1.contains("`;`"), "{errors:?}");
    assert!(errors[0].2.contains("#59;"), "{errors:?}");
    assert_eq!(errors[1].0, 3);
    assert!(errors[1].1.contains("`#`"), "{errors:?}");
    assert!(errors[1].2.contains("#35;"), "{errors:?}");
    // The same lines are plain text in a journey fence.
    let parsed = parse_source(&text[8..], SourceKind::Journey, FenceOptions::default());
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);

    let later = mermaid_errors("journey\nsection S\n  Journey planning: 3: Me\n");
    assert_eq!(later.len(), 1, "{later:?}");
    assert!(later[0].1.contains("`journey`"), "{later:?}");
}

#[test]
fn extensions_are_read_where_mermaid_reads_nothing() {
    // Each extension line is a syntax error or a score that is not a number for Mermaid,
    // so reading it changes no diagram Mermaid draws.
    let text = "journey\ntitle Checkout\npersona Maya\nscale -2..2\nsection Pay\n  goal: Pay fast\n  Pays: -1: Maya\n    channel: web\n    pain: No wallet; cards only {severity: high}\n  Reads the FAQ:\n";
    let parsed = parse_source(text, SourceKind::MermaidFile, FenceOptions::default());
    let j = &parsed.journeys[0];
    assert!(parsed.diagnostics.is_empty(), "{:?}", parsed.diagnostics);
    assert_eq!(j.persona.as_deref(), Some("Maya"));
    assert_eq!((j.scale.min, j.scale.max), (-2.0, 2.0));
    assert_eq!(j.stages[0].goal.as_deref(), Some("Pay fast"));
    let pays = &j.stages[0].steps[0];
    assert_eq!(pays.channels, ["web"]);
    assert_eq!(pays.pains[0].text, "No wallet; cards only");
    assert_eq!(j.stages[0].steps[1].score, None);
    // A numeric value is a Mermaid step, even where a journey fence reads a lane.
    let text = "journey\nsection S\n  Pays: 3: Me\n    metric: 41\n";
    let parsed = parse_source(text, SourceKind::MermaidFile, FenceOptions::default());
    let names: Vec<_> = parsed.journeys[0]
        .steps()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(names, ["Pays", "metric"]);
}

#[test]
fn a_mermaid_file_that_is_not_a_journey_is_an_error() {
    let text = "%% a flowchart\ngraph TD\n  A-->B\n";
    let parsed = parse_source(text, SourceKind::MermaidFile, FenceOptions::default());
    assert!(parsed.journeys.is_empty());
    assert_eq!(parsed.diagnostics.len(), 1);
    let d = &parsed.diagnostics[0];
    assert!(d.is_error());
    assert!(d.message.contains("`graph`"), "{d:?}");
    assert_eq!(&text[d.span.start..d.span.end], "graph");

    let unclosed = "---\ntitle: Trip\njourney\n";
    let parsed = parse_source(unclosed, SourceKind::MermaidFile, FenceOptions::default());
    assert!(parsed.journeys.is_empty());
    assert_eq!(parsed.diagnostics[0].message, "front matter is not closed");

    // A byte-order mark is no part of the diagram.
    let text = "\u{feff}journey\nsection S\n  Task: 3: Me\n";
    let parsed = parse_source(text, SourceKind::MermaidFile, FenceOptions::default());
    assert_eq!(only_journey(&parsed, "BOM"), "section S\n  Task | 3 | Me\n");
}

proptest! {
    #![proptest_config(ProptestConfig { cases: 300, .. ProptestConfig::default() })]

    #[test]
    fn mermaid_input_never_panics(lines in prop::collection::vec(
        prop_oneof![
            Just("journey".to_string()), Just("title".to_string()), Just("section".to_string()),
            Just("accDescr {".to_string()), Just("} title T".to_string()), Just("accTitle:".to_string()),
            Just("  Step: 3: Me # c".to_string()), Just("x; y".to_string()), Just("%%{init: {}}%%".to_string()),
            Just("%%{".to_string()), Just("#35;#x;#1114112;".to_string()), Just("---".to_string()),
            Just("    channel: web".to_string()), Just("\r".to_string()), "\\PC{0,30}",
        ], 0..30)) {
        let text = lines.join("\n");
        for (doc, kind, mermaid) in [
            (text.clone(), SourceKind::MermaidFile, false),
            (mermaid_fence(&format!("journey\n{text}")), SourceKind::Markdown, true),
        ] {
            let p = parse_source(&doc, kind, FenceOptions { mermaid });
            for d in &p.diagnostics {
                prop_assert!(d.span.start <= d.span.end && d.span.end <= doc.len());
                prop_assert!(doc.is_char_boundary(d.span.start) && doc.is_char_boundary(d.span.end));
            }
            for s in p.journeys.iter().flat_map(|j| j.steps()) {
                prop_assert!(s.span.end <= doc.len());
            }
        }
    }
}
