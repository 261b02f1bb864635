//! `waymark check`: every problem in every journey, for people and for CI.

use crate::cli::{print_err, print_out, CheckArgs, DiagnosticFormat};
use crate::diagnostics::{self, Diagnostic, LineIndex, Located};
use crate::journey::{self, source::FenceOptions, validate, SourceKind};
use std::path::PathBuf;
use std::process::ExitCode;

struct FileResult {
    path: PathBuf,
    text: String,
    diagnostics: Vec<Diagnostic>,
}

/// Runs `waymark check`.
pub fn run(args: &CheckArgs) -> ExitCode {
    let files = match crate::sources::collect(&args.paths) {
        Ok(f) => f,
        Err(e) => {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    };
    let options = FenceOptions {
        mermaid: args.mermaid,
    };
    let mut results = Vec::new();
    let mut unreadable = Vec::new();
    let mut parsed = Vec::new();
    for path in &files {
        match crate::sources::read_text(path) {
            Ok(text) => {
                let kind = SourceKind::of(path).unwrap_or(SourceKind::Markdown);
                parsed.push((
                    path.clone(),
                    journey::parse_source(&text, kind, options),
                    text,
                ));
            }
            Err(e) => unreadable.push((path.clone(), e)),
        }
    }
    let personas: Vec<_> = parsed
        .iter()
        .flat_map(|(_, p, _)| p.personas.iter().cloned())
        .collect();
    let ctx = validate::Context {
        personas: &personas,
        today: Some(validate::today()),
        stale_after_days: i64::from(args.stale_after),
    };
    let mut journeys = 0;
    for (path, p, text) in parsed {
        let mut diags = p.diagnostics;
        for j in &p.journeys {
            diags.extend(validate::check_journey(j, &ctx));
        }
        diags.sort_by_key(|d| (d.span.start, d.span.end));
        journeys += p.journeys.len();
        results.push(FileResult {
            path,
            text,
            diagnostics: diags,
        });
    }

    let errors = unreadable.len()
        + results
            .iter()
            .flat_map(|r| &r.diagnostics)
            .filter(|d| d.is_error())
            .count();
    let warnings = results
        .iter()
        .flat_map(|r| &r.diagnostics)
        .filter(|d| !d.is_error())
        .count();

    match args.format {
        DiagnosticFormat::Human => {
            let color = super::stderr_color();
            for (_, e) in &unreadable {
                print_err(&format!("{e}\n"));
            }
            for r in &results {
                if !r.diagnostics.is_empty() {
                    print_err(&diagnostics::report(
                        &r.path,
                        &r.text,
                        &r.diagnostics,
                        color,
                    ));
                }
            }
            print_err(&format!(
                "checked {} file{}, {} journey{}: {} error{}, {} warning{}\n",
                files.len(),
                plural(files.len()),
                journeys,
                plural(journeys),
                errors,
                plural(errors),
                warnings,
                plural(warnings)
            ));
        }
        DiagnosticFormat::Json => {
            let mut located: Vec<serde_json::Value> = unreadable
                .iter()
                .map(|(p, e)| {
                    serde_json::json!({
                        "file": p.display().to_string(), "line": 1, "column": 1,
                        "end_line": 1, "end_column": 1, "severity": "error",
                        "message": e.lines().next().unwrap_or_default().trim_start_matches("error: "),
                    })
                })
                .collect();
            for r in results.iter().filter(|r| !r.diagnostics.is_empty()) {
                let name = r.path.display().to_string();
                // One pass over the file places all of its diagnostics.
                let lines = LineIndex::new(&r.text);
                for d in &r.diagnostics {
                    located.push(
                        serde_json::to_value(Located::in_lines(&name, &lines, d))
                            .unwrap_or_default(),
                    );
                }
            }
            let doc = serde_json::json!({
                "files": files.len(),
                "journeys": journeys,
                "errors": errors,
                "warnings": warnings,
                "diagnostics": located,
            });
            let json = serde_json::to_string_pretty(&doc).unwrap_or_default();
            if let Err(code) = print_out(&format!("{json}\n")) {
                return code;
            }
        }
    }
    if errors > 0 || (args.deny_warnings && warnings > 0) {
        ExitCode::from(1)
    } else {
        ExitCode::SUCCESS
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
