//! `waymark export`: a file's journeys as one versioned JSON document.

use crate::cli::{print_err, print_out, ExportArgs, ExportFormat};
use crate::diagnostics;
use crate::export::{json_schema, ExportDocument};
use crate::journey::{self, source::FenceOptions, SourceKind};
use std::process::ExitCode;

/// Runs `waymark export`.
pub fn run(args: &ExportArgs) -> ExitCode {
    if args.schema {
        return match print_out(&json_schema()) {
            Ok(()) => ExitCode::SUCCESS,
            Err(code) => code,
        };
    }
    let Some(path) = &args.file else {
        eprintln!("error: name a file to export");
        return ExitCode::from(2);
    };
    let text = match super::read_file_arg(path) {
        Ok(t) => t,
        Err(code) => return code,
    };
    let kind = SourceKind::of(path).unwrap_or(SourceKind::Markdown);
    let parsed = journey::parse_source(
        &text,
        kind,
        FenceOptions {
            mermaid: args.mermaid,
        },
    );
    if !parsed.diagnostics.is_empty() {
        print_err(&diagnostics::report(
            path,
            &text,
            &parsed.diagnostics,
            super::stderr_color(),
        ));
    }
    if parsed.diagnostics.iter().any(|d| d.is_error()) {
        eprintln!("error: {} has errors; nothing was exported", path.display());
        return ExitCode::from(1);
    }
    match args.format {
        ExportFormat::Json => {
            let doc = ExportDocument::new(parsed.journeys, parsed.personas);
            match serde_json::to_string_pretty(&doc) {
                Ok(json) => {
                    if let Err(code) = print_out(&format!("{json}\n")) {
                        return code;
                    }
                }
                Err(e) => {
                    eprintln!("error: cannot write JSON: {e}");
                    return ExitCode::from(1);
                }
            }
        }
    }
    ExitCode::SUCCESS
}
