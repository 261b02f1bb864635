//! Golden tests for the extensions: each `corpus/extended/*.journey` file's JSON export is
//! kept as a reviewed snapshot, so any change in what the language reads shows up here.

use std::path::Path;
use waymark::export::ExportDocument;
use waymark::journey::{parse_source, source::FenceOptions, SourceKind};

#[test]
fn extended_corpus_exports() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/corpus/extended");
    let mut files: Vec<_> = std::fs::read_dir(&dir)
        .unwrap()
        .flatten()
        .map(|e| e.path())
        .collect();
    files.sort();
    let mut count = 0;
    for path in files
        .iter()
        .filter(|p| p.extension().is_some_and(|e| e == "journey"))
    {
        let text = std::fs::read_to_string(path).unwrap();
        let parsed = parse_source(&text, SourceKind::Journey, FenceOptions::default());
        assert!(
            parsed.diagnostics.is_empty(),
            "{}: {:#?}",
            path.display(),
            parsed.diagnostics
        );
        let doc = ExportDocument::new(parsed.journeys, parsed.personas);
        let name = path.file_stem().unwrap().to_string_lossy().to_string();
        insta::assert_json_snapshot!(name, doc);
        count += 1;
    }
    assert_eq!(count, 3);
}
