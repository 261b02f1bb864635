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
    let below = args.min_evidence.map_or(0, |min| checked.below(min).len());
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
            if let Some(min) = args.min_evidence {
                print_err(&evidence_report(&checked, min));
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
            let mut doc = checked.to_json();
            if let (Some(min), Some(fields)) = (args.min_evidence, doc.as_object_mut()) {
                fields.insert("evidence".to_string(), checked.evidence_json(min));
            }
            let json = serde_json::to_string_pretty(&doc).unwrap_or_default();
            print_out(&format!("{json}\n"))?;
        }
    }
    Ok(
        if errors > 0 || below > 0 || (args.deny_warnings && warnings > 0) {
            Status::Problems
        } else {
            Status::Done
        },
    )
}

/// Each journey backed less than `min` percent, at its file and line, with the steps that
/// are assumptions; then how many there are.
fn evidence_report(checked: &waymark::check::Checked, min: f64) -> String {
    let below = checked.below(min);
    let mut out = String::new();
    for b in &below {
        out.push_str(&format!(
            "{}:{}: `{}` is {} % backed ({} of {} step{}), less than --min-evidence {} %\n",
            b.file.display(),
            b.line,
            b.title,
            percent(b.percent()),
            b.backed,
            b.steps,
            plural(b.steps),
            percent(min),
        ));
        let steps: Vec<String> = b
            .unbacked
            .iter()
            .map(|(name, line)| format!("{name} (line {line})"))
            .collect();
        out.push_str(&format!("  not backed: {}\n", steps.join(", ")));
    }
    if below.is_empty() {
        out.push_str(&format!(
            "evidence: every journey is backed at least {} %\n",
            percent(min)
        ));
    } else {
        out.push_str(&format!(
            "  help: back a step with a score from data (`Step: survey: Persona`), a `quote:` or a data metric\n\
             evidence: {} journey{} backed less than {} %\n",
            below.len(),
            plural(below.len()),
            percent(min)
        ));
    }
    out
}

/// A percentage as people write it: `80`, `62.5`.
fn percent(x: f64) -> String {
    let r = (x * 10.0).round() / 10.0;
    if r.fract() == 0.0 {
        format!("{r:.0}")
    } else {
        format!("{r:.1}")
    }
}

fn plural(n: usize) -> &'static str {
    if n == 1 {
        ""
    } else {
        "s"
    }
}
