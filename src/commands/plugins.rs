//! `waymark mdbook` and `waymark render`: waymark inside other documentation tools.

use crate::cli::{print_err, print_out, MdbookAction, MdbookArgs, RenderArgs};
use std::io::Read;
use std::path::Path;
use std::process::ExitCode;

/// Runs `waymark mdbook`.
pub fn mdbook(args: &MdbookArgs) -> ExitCode {
    match &args.action {
        Some(MdbookAction::Supports { renderer }) => {
            if crate::mdbook::supports(renderer) {
                ExitCode::SUCCESS
            } else {
                ExitCode::from(1)
            }
        }
        Some(MdbookAction::Install { dir }) => super::say(crate::mdbook::install(dir)),
        None => crate::mdbook::run_stdio(),
    }
}

/// Runs `waymark render`.
pub fn render(args: &RenderArgs) -> ExitCode {
    let (text, name) = if args.file.as_os_str() == "-" {
        let mut bytes = Vec::new();
        if let Err(e) = std::io::stdin().read_to_end(&mut bytes) {
            eprintln!("error: cannot read standard input: {e}");
            return ExitCode::from(1);
        }
        match String::from_utf8(bytes) {
            Ok(t) => (t, Path::new("<stdin>").to_path_buf()),
            Err(e) => {
                eprintln!("{}", crate::diagnostics::not_utf8(Path::new("<stdin>"), &e));
                return ExitCode::from(1);
            }
        }
    } else {
        match std::fs::read(&args.file)
            .map_err(|e| format!("error: cannot read {}: {e}", args.file.display()))
            .and_then(|b| {
                String::from_utf8(b).map_err(|e| crate::diagnostics::not_utf8(&args.file, &e))
            }) {
            Ok(t) => (t, args.file.clone()),
            Err(e) => {
                eprintln!("{e}");
                return ExitCode::from(1);
            }
        }
    };
    let options = crate::filter::FilterOptions {
        flags: crate::resolve::Choices {
            layout: args.layout.map(Into::into),
            theme: args.theme.clone(),
            lang: None,
        },
        mermaid: args.mermaid,
        id_prefix: None,
        themes: Vec::new(),
    };
    if let Some(name) = &args.theme {
        if let Err(e) = super::svg::find_theme(name, None) {
            eprintln!("{e}");
            return ExitCode::from(2);
        }
    }
    match crate::filter::filter(&text, &name, &options).map(|f| {
        eprint!("{}", f.warnings);
        f.markdown
    }) {
        Ok(out) => match &args.out {
            Some(path) => match super::svg::write_atomically(path, out.as_bytes()) {
                Ok(()) => ExitCode::SUCCESS,
                Err(e) => {
                    eprintln!("error: cannot write {}: {e}", path.display());
                    ExitCode::from(1)
                }
            },
            None => match print_out(&out) {
                Ok(()) => ExitCode::SUCCESS,
                Err(code) => code,
            },
        },
        Err(report) => {
            print_err(&report);
            ExitCode::from(1)
        }
    }
}
