//! `waymark diff`: what changed between two versions of a file's journeys.

use super::{print_err, print_out, print_warnings, write_atomically, Status};
use crate::cli::{ColorChoice, DiffArgs, DiffFormat};
use std::io::IsTerminal;
use std::path::Path;
use waymark::diff::{self, DiffOptions};
use waymark::journey::source::FenceOptions;
use waymark::journey::SourceKind;
use waymark::pictures::{self, Format, PictureOptions};
use waymark::sources::Input;
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
    if let Some(file) = &args.svg {
        write_pictures(file, &old, &new, &doc, fences)?;
    }
    Ok(if args.exit_code && doc.has_changes() {
        Status::Problems
    } else {
        Status::Done
    })
}

/// Draws each paired journey of `new` with its old version over it: the first to `file`,
/// the next to `STEM-2.EXT` and so on.
fn write_pictures(
    file: &Path,
    old: &diff::Side,
    new: &diff::Side,
    doc: &diff::DiffDocument,
    fences: FenceOptions,
) -> Result<(), Error> {
    let png = file
        .extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("png"));
    let input = Input {
        name: new.name.clone(),
        text: new.text.clone(),
        kind: SourceKind::of(&new.name).unwrap_or(SourceKind::Markdown),
    };
    let options = PictureOptions {
        mermaid: fences.mermaid,
        format: if png { Format::Png } else { Format::Svg },
        ..PictureOptions::default()
    };
    let mut pictures = pictures::prepare(&input, &options)?;
    if let Some(dir) = file.parent().filter(|d| !d.as_os_str().is_empty()) {
        std::fs::create_dir_all(dir).map_err(|source| Error::Write {
            path: dir.to_path_buf(),
            source,
        })?;
    }
    let mut order = Vec::new();
    for jd in &doc.journeys {
        let (i, j) = (jd.old_position - 1, jd.new_position - 1);
        if let (Some(a), Some(b)) = (old.journeys.get(i), new.journeys.get(j)) {
            pictures.compare_with(j, diff::overlay(a, b));
            order.push(j);
        }
    }
    if order.is_empty() {
        return Err(Error::Failed(format!(
            "{}: no journey of {} pairs with one of {}, so there is nothing to draw",
            file.display(),
            new.name.display(),
            old.name.display()
        )));
    }
    let stem = file
        .file_stem()
        .map(|s| s.to_string_lossy().to_string())
        .unwrap_or_else(|| "diff".to_string());
    let ext = if png { "png" } else { "svg" };
    pictures.draw(|picture| {
        let Some(k) = order.iter().position(|&j| j == picture.journey) else {
            return Ok(());
        };
        let path = if k == 0 {
            file.to_path_buf()
        } else {
            file.with_file_name(format!("{stem}-{}.{ext}", k + 1))
        };
        if let Some(note) = &picture.note {
            print_err(&format!("note: {} is {note}\n", path.display()));
        }
        write_atomically(&path, &picture.bytes)?;
        print_err(&format!("wrote {}\n", path.display()));
        Ok(())
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
