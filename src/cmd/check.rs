//! `waymark check`: every problem in every journey, for people and for CI.

use super::{print_err, print_out, Status};
use crate::cli::{CheckArgs, DiagnosticFormat};
use waymark::check::{check, CheckOptions};
use waymark::diagnostics::{self, stderr_color};
use waymark::journey::validate;
use waymark::Error;

/// Runs `waymark check`.
pub fn run(args: &CheckArgs) -> Result<Status, Error> {
    let checked = check(
        &args.paths,
        &CheckOptions {
            mermaid: args.read.mermaid,
            stale_after_days: args.stale_after,
            today: Some(validate::today()),
        },
    )?;
    let (errors, warnings) = (checked.errors(), checked.warnings());
    match args.format {
        DiagnosticFormat::Human => {
            for e in &checked.unreadable {
                super::print_error(e);
            }
            for f in checked.files.iter().filter(|f| !f.diagnostics.is_empty()) {
                print_err(&diagnostics::report(
                    &f.name,
                    &f.text,
                    &f.diagnostics,
                    stderr_color(),
                ));
            }
            let files = checked.file_count();
            print_err(&format!(
                "checked {files} file{}, {} journey{}: {errors} error{}, {warnings} warning{}\n",
                plural(files),
                checked.journeys,
                plural(checked.journeys),
                plural(errors),
                plural(warnings)
            ));
        }
        DiagnosticFormat::Json => {
            let json = serde_json::to_string_pretty(&checked.to_json()).unwrap_or_default();
            print_out(&format!("{json}\n"))?;
        }
    }
    Ok(if errors > 0 || (args.deny_warnings && warnings > 0) {
        Status::Problems
    } else {
        Status::Done
    })
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
