//! `waymark build`, `waymark init` and `waymark serve`.

use crate::cli::{BuildArgs, InitArgs, ServeArgs};
use crate::serve::{self, Outcome, ServeOptions, SiteBuilder};
use crate::site::Builder;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Runs `waymark build`.
pub fn run(args: &BuildArgs) -> ExitCode {
    if !args.dir.is_dir() {
        eprintln!("error: {} is not a folder", args.dir.display());
        return ExitCode::from(2);
    }
    match crate::site::build::run(&args.dir, args.out.as_deref(), super::stderr_color()) {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("{}", e.trim_end());
            ExitCode::from(1)
        }
    }
}

/// Runs `waymark init`.
pub fn init(args: &InitArgs) -> ExitCode {
    super::say(crate::site::init::run(&args.dir))
}

/// The preview's view of the site builder.
struct Preview {
    builder: Builder,
    root: PathBuf,
}

impl Preview {
    fn outcome(&mut self) -> Outcome {
        let start = std::time::Instant::now();
        let built = self.builder.build();
        if !built.fatal.is_empty() {
            return Outcome {
                site_error: Some(built.report(&self.root, false)),
                summary: "the site could not be rebuilt".into(),
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
                let written = crate::site::output::check_target(&self.root, out)
                    .and_then(|_| crate::site::output::write(out, &built.files));
                if let Err(e) = written {
                    eprintln!("error: {e}");
                }
            }
        }
        let summary = format!(
            "rebuilt {} pages, {} maps in {} ms: {} errors, {} warnings",
            built.pages,
            built.maps,
            start.elapsed().as_millis(),
            built.errors(),
            built.warnings()
        );
        Outcome {
            updated: built.files,
            replace_all: true,
            page_errors,
            summary,
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
    builder.out = args.out.clone();
    let preview = Preview { builder, root };
    serve::run(
        preview,
        &ServeOptions {
            host: args.host.clone(),
            port: args.port,
            open: args.open,
        },
    )
}
