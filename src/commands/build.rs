//! `waymark build`, `waymark init` and `waymark serve`: the library builds and serves,
//! this module shows how it goes on the console (`console`).

mod console;

use crate::cli::{BuildArgs, InitArgs, ServeArgs};
use crate::serve::{self, Outcome, ServeOptions, SiteBuilder};
use crate::site::build::Failed;
use crate::site::{Builder, Delivery, Summary};
use console::{Bar, BuildConsole};
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

/// Runs `waymark build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    if !args.dir.is_dir() {
        eprintln!("error: {} is not a folder", args.dir.display());
        return ExitCode::from(2);
    }
    let color = super::stderr_color();
    let console = BuildConsole {
        bar: Bar::new(color),
        color,
    };
    match crate::site::build::run(&args.dir, args.out.as_deref(), &console) {
        Ok(()) => ExitCode::SUCCESS,
        // The console has shown every problem and the summary.
        Err(Failed::Build) => ExitCode::from(1),
        Err(Failed::Output(e)) => {
            eprintln!("{}", e.trim_end());
            ExitCode::from(1)
        }
    }
}

/// Runs `waymark init`.
pub fn init(args: &InitArgs) -> ExitCode {
    super::say(crate::site::init::run(&args.dir))
}

/// The preview's view of the site builder; it shows each build's outcome on the console.
struct Preview {
    builder: Builder,
    root: PathBuf,
    bar: Bar,
}

impl Preview {
    fn outcome(&mut self) -> Outcome {
        let start = Instant::now();
        let built = self.builder.build_with(&self.bar);
        if !built.fatal.is_empty() {
            let report = built.report(&self.root, false);
            eprintln!("{report}");
            eprintln!("the site could not be rebuilt");
            return Outcome {
                site_error: Some(report),
                ..Outcome::default()
            };
        }
        let mut page_errors = std::collections::BTreeMap::new();
        for (src, (text, diags)) in &built.problems {
            let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).cloned().collect();
            if !errors.is_empty() {
                let url = crate::site::load::page_url(src);
                page_errors.insert(
                    url,
                    crate::diagnostics::report(&self.root.join(src), text, &errors, false),
                );
            }
        }
        if page_errors.is_empty() {
            if let Some(out) = &self.builder.out {
                // The same checks, recovery and swap as `waymark build`.
                match crate::site::output::write(&self.root, out, &built.files) {
                    Ok(notes) => notes.iter().for_each(|n| eprintln!("{n}")),
                    Err(e) => eprintln!("error: {e}"),
                }
            }
        }
        for e in page_errors.values() {
            eprint!("{e}");
        }
        eprintln!(
            "{}",
            console::line(&Summary {
                built: &built,
                root: &self.root,
                delivery: Delivery::Memory,
                elapsed: start.elapsed(),
            })
        );
        Outcome {
            updated: built.files,
            replace_all: true,
            page_errors,
            ..Outcome::default()
        }
    }
}

impl SiteBuilder for Preview {
    fn build_all(&mut self) -> Outcome {
        self.outcome()
    }

    fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome {
        self.builder.changed(changed);
        self.outcome()
    }

    fn root(&self) -> &Path {
        &self.root
    }

    fn ignored(&self) -> Vec<PathBuf> {
        let mut v = vec![self.builder.output_dir()];
        v.extend(self.builder.out.clone());
        v
    }
}

/// Runs `waymark serve`.
pub fn serve(args: &ServeArgs) -> ExitCode {
    if !args.dir.is_dir() {
        eprintln!("error: {} is not a folder", args.dir.display());
        return ExitCode::from(2);
    }
    let root = args.dir.canonicalize().unwrap_or_else(|_| args.dir.clone());
    let mut builder = Builder::new(&root);
    // Absolute, so the watcher recognises (and ignores) writes into it.
    builder.out = args.out.as_deref().map(crate::site::output::absolute);
    let preview = Preview {
        builder,
        root,
        bar: Bar::new(super::stderr_color()),
    };
    let options = ServeOptions {
        host: args.host.clone(),
        port: args.port,
        open: args.open,
    };
    match serve::run(preview, &options, &ServeConsole) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("{e}");
            ExitCode::from(1)
        }
    }
}

/// What the preview says, on stderr.
struct ServeConsole;

impl serve::Console for ServeConsole {
    fn listening(&self, root: &Path, url: &str) {
        eprintln!("serving {} on {url} (Ctrl+C to stop)", root.display());
    }

    fn note(&self, message: &str) {
        eprintln!("{message}");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `serve --out` inside the handbook goes through the same writer as `waymark build`:
    /// rebuilt again and again, the preview never reads its own output back.
    #[test]
    fn the_preview_never_reads_its_out_folder_back() {
        let tmp = tempfile::tempdir().expect("temp dir");
        let root = tmp.path().canonicalize().expect("temp dir").join("hb");
        std::fs::create_dir(&root).expect("create handbook");
        std::fs::write(root.join("index.md"), "# Home\n").expect("write page");
        let out = root.join("public");
        let mut builder = Builder::new(&root);
        builder.out = Some(out.clone());
        let mut preview = Preview {
            builder,
            root: root.clone(),
            bar: Bar::new(false),
        };
        preview.build_all();
        for _ in 0..2 {
            // The root itself changed: everything is read again.
            preview.rebuild(std::slice::from_ref(&root));
        }
        assert!(out.join("index.html").is_file());
        assert!(out.join(crate::site::output::MARKER).is_file());
        assert!(!out.join("public").exists());
    }
}
