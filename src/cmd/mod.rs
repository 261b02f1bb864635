//! One module per subcommand: read the arguments, call the library, print. What the
//! commands share is here: printing that survives a closed pipe, the error report, and
//! the flags that mean the same in every command.

pub mod build;
pub mod check;
mod console;
pub mod diff;
pub mod export;
pub mod fmt;
pub mod lsp;
pub mod mdbook;
pub mod render;
pub mod serve;
pub mod svg;

use crate::cli::DrawArgs;
use std::io::Write;
use std::path::Path;
use waymark::diagnostics::{self, Diagnostic};
use waymark::journey::Span;
use waymark::render::Theme;
use waymark::resolve::{Choices, Resolver};
use waymark::Error;

/// How a command that ran to its end went.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Status {
    /// All went well.
    Done,
    /// It ran, and found problems (or was told no): exit code 1.
    Problems,
}

/// Writes a command's result to standard output. When the reader has gone away
/// (`waymark export f.md | head -c 10`), the rest is dropped quietly, as other command-line
/// tools do, and the command ends as it would have; any other failure (a full disk) is
/// an error.
pub fn print_out(text: &str) -> Result<(), Error> {
    write_unless_gone(&mut std::io::stdout().lock(), text.as_bytes()).map_err(|source| Error::Io {
        what: "cannot write to standard output".to_string(),
        source,
    })
}

/// Writes a report to standard error; nothing is said when stderr is closed, because
/// there is nowhere left to say it.
pub fn print_err(text: &str) {
    let _ = write_unless_gone(&mut std::io::stderr().lock(), text.as_bytes());
}

/// Writes `bytes` and flushes; a closed pipe counts as done.
fn write_unless_gone(out: &mut impl Write, bytes: &[u8]) -> std::io::Result<()> {
    match out.write_all(bytes).and_then(|()| out.flush()) {
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(()),
        other => other,
    }
}

/// Reports an error on stderr: the located diagnostics of a file with errors, or the
/// error, each cause on a line of its own, and how to fix it.
pub fn print_error(e: &Error) {
    let mut text = String::new();
    match e {
        Error::Reported(report) => {
            text.push_str(report.trim_end());
            text.push('\n');
        }
        other => {
            if let Error::Diagnostics {
                path,
                text: source,
                diagnostics,
            } = other
            {
                text.push_str(&diagnostics::report(
                    path,
                    source,
                    diagnostics,
                    diagnostics::stderr_color(),
                ));
            }
            text.push_str(&format!("error: {other}\n"));
            let mut cause = std::error::Error::source(other);
            while let Some(c) = cause {
                text.push_str(&format!("  caused by: {c}\n"));
                cause = c.source();
            }
            if let Some(help) = other.help() {
                text.push_str(&format!("  = help: {help}\n"));
            }
        }
    }
    print_err(&text);
}

/// Prints the warnings found in a file, if any.
pub fn print_warnings(name: &Path, text: &str, warnings: &[Diagnostic]) {
    if !warnings.is_empty() {
        print_err(&diagnostics::report(
            name,
            text,
            warnings,
            diagnostics::stderr_color(),
        ));
    }
}

/// The choices `--layout`, `--theme` and `--lang` make. A language waymark has no words
/// in is said once, here; maps are then drawn with English words.
pub fn choices(draw: &DrawArgs) -> Choices {
    if let Some(d) = draw
        .lang
        .as_deref()
        .and_then(|l| Resolver::check_lang(l, Span::default()))
    {
        let help = d
            .help
            .map(|h| format!("  = help: {h}\n"))
            .unwrap_or_default();
        print_err(&format!("warning: --lang: {}\n{help}", d.message));
    }
    Choices {
        layout: draw.layout.map(Into::into),
        theme: draw.theme.clone(),
        lang: draw.lang.clone(),
    }
}

/// The themes of `--themes-dir`, none without it.
pub fn themes(draw: &DrawArgs) -> Result<Vec<Theme>, Error> {
    let Some(dir) = &draw.themes_dir else {
        return Ok(Vec::new());
    };
    if !dir.is_dir() {
        return Err(Error::Usage {
            message: format!("--themes-dir {} is not a folder", dir.display()),
            help: Some("name the folder that holds your themes (NAME.toml)".to_string()),
        });
    }
    Theme::load_dir(dir)
        .map_err(|e| Error::Failed(format!("cannot use the themes in {}: {e}", dir.display())))
}

/// Writes through a temporary file and a rename, so a file is never left half-written.
pub fn write_atomically(path: &Path, bytes: &[u8]) -> Result<(), Error> {
    // The same picture again is left as it is: replacing a file costs more than
    // reading it, and a command run once per file in a build mostly redraws the same.
    if std::fs::metadata(path).is_ok_and(|m| m.is_file() && m.len() == bytes.len() as u64)
        && std::fs::read(path).is_ok_and(|old| old == bytes)
    {
        return Ok(());
    }
    let tmp = path.with_extension(format!(
        "{}.tmp",
        path.extension().and_then(|e| e.to_str()).unwrap_or("out")
    ));
    std::fs::write(&tmp, bytes)
        .and_then(|()| std::fs::rename(&tmp, path))
        .map_err(|source| {
            let _ = std::fs::remove_file(&tmp);
            Error::Write {
                path: path.to_path_buf(),
                source,
            }
        })
}
