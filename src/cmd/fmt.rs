//! `waymark fmt`: journey blocks laid out one way, files rewritten in place (or, with
//! `--check`, only named).

use super::{print_err, print_out, Status};
use crate::cli::FmtArgs;
use waymark::diagnostics::{self, stderr_color};
use waymark::format::{format_paths, write_in_place};
use waymark::journey::source::FenceOptions;
use waymark::sources::is_stdin_name;
use waymark::Error;

/// Runs `waymark fmt`.
pub fn run(args: &FmtArgs) -> Result<Status, Error> {
    let files = format_paths(
        &args.paths,
        FenceOptions {
            mermaid: args.read.mermaid,
        },
    )?;
    let mut changed = Vec::new();
    let mut skipped = 0;
    for file in &files {
        let f = &file.formatted;
        if !f.skipped.is_empty() {
            skipped += f.skipped.len();
            print_err(&diagnostics::report(
                &file.name,
                &file.before,
                &f.skipped,
                stderr_color(),
            ));
        }
        if is_stdin_name(&file.name) {
            // Standard input is formatted to standard output.
            if !args.check {
                print_out(&f.text)?;
            }
            if f.changed {
                changed.push(file.name.display().to_string());
            }
            continue;
        }
        if f.changed {
            if !args.check {
                write_in_place(&file.name, &f.text)?;
            }
            changed.push(file.name.display().to_string());
        }
    }
    let n = changed.len();
    if args.check {
        for name in &changed {
            print_err(&format!("would format {name}\n"));
        }
        print_err(&format!(
            "{n} of {} file{} would be formatted\n",
            files.len(),
            if files.len() == 1 { "" } else { "s" }
        ));
    } else {
        for name in changed
            .iter()
            .filter(|n| !is_stdin_name(std::path::Path::new(n)))
        {
            print_err(&format!("formatted {name}\n"));
        }
    }
    Ok(if (args.check && n > 0) || skipped > 0 {
        Status::Problems
    } else {
        Status::Done
    })
}
