//! `waymark diff`: what changed between two versions of a file's journeys.

use super::{print_out, print_warnings, Status};
use crate::cli::{ColorChoice, DiffArgs, DiffFormat};
use std::io::IsTerminal;
use waymark::diff::{self, DiffOptions};
use waymark::journey::source::FenceOptions;
use waymark::Error;

/// Runs `waymark diff`.
pub fn run(args: &DiffArgs) -> Result<Status, Error> {
    if args.schema {
        print_out(&diff::json_schema())?;
        return Ok(Status::Done);
    }
    let (Some(old), Some(new)) = (&args.old, &args.new) else {
        return Err(Error::Usage {
            message: "name the two versions to compare".to_string(),
            help: Some(
                "`waymark diff OLD NEW`, e.g. `waymark diff HEAD~1:map.md map.md`".to_string(),
            ),
        });
    };
    if old == "-" && new == "-" {
        return Err(Error::Usage {
            message: "standard input (`-`) is named twice".to_string(),
            help: Some("name `-` for one side at most; it is read once".to_string()),
        });
    }
    let fences = FenceOptions {
        mermaid: args.read.mermaid,
    };
    let old = diff::read(old, fences)?;
    let new = diff::read(new, fences)?;
    print_warnings(&old.name, &old.text, &old.warnings);
    print_warnings(&new.name, &new.text, &new.warnings);
    let options = DiffOptions {
        min_match: args.min_match / 100.0,
    };
    let doc = diff::diff(&old, &new, options)?;
    let out = match args.format {
        DiffFormat::Text => diff::text::text(&doc, color(args.color)),
        DiffFormat::Json => {
            let json = serde_json::to_string_pretty(&doc)
                .map_err(|e| Error::Failed(format!("cannot write JSON: {e}")))?;
            format!("{json}\n")
        }
        DiffFormat::Md => diff::markdown::markdown(&doc),
    };
    print_out(&out)?;
    Ok(if args.exit_code && doc.has_changes() {
        Status::Problems
    } else {
        Status::Done
    })
}

/// Whether to colour: asked outright, or standard output is a terminal and `NO_COLOR` is
/// not set (the rule `waymark::diagnostics::stderr_color` applies to standard error).
fn color(choice: ColorChoice) -> bool {
    match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::io::stdout().is_terminal() && std::env::var_os("NO_COLOR").is_none()
        }
    }
}
