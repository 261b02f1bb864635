//! `waymark serve`: the handbook built in memory and served, rebuilt on every save.

use super::console::{self, Bar};
use super::{print_err, Status};
use crate::cli::ServeArgs;
use std::path::{Path, PathBuf};
use std::time::Instant;
use waymark::diagnostics::stderr_color;
use waymark::serve::{self, Outcome, ServeOptions, SiteBuilder};
use waymark::site::{Builder, Delivery, Summary};
use waymark::Error;

/// The preview's view of the site builder; it shows each build's outcome on the console.
struct Preview {
    builder: Builder,
    root: PathBuf,
    bar: Bar,
    /// The last build's page errors, which stay shown while its search index follows.
    page_errors: std::collections::BTreeMap<String, String>,
}

impl Preview {
    fn outcome(&mut self) -> Outcome {
        let start = Instant::now();
        let built = self.builder.build_with(&self.bar);
        if !built.fatal.is_empty() {
            let report = built.report(&self.root, false);
            print_err(&format!("{report}\nthe site could not be rebuilt\n"));
            return Outcome {
                site_error: Some(report),
                ..Outcome::default()
            };
        }
        let mut page_errors = std::collections::BTreeMap::new();
        for (src, (text, diags)) in &built.problems {
            let errors: Vec<_> = diags.iter().filter(|d| d.is_error()).cloned().collect();
            if !errors.is_empty() {
                let url = waymark::site::load::page_url(src);
                page_errors.insert(
                    url,
                    waymark::diagnostics::report(&self.root.join(src), text, &errors, false),
                );
            }
        }
        if page_errors.is_empty() {
            if let Some(out) = &self.builder.out {
                // The same checks, recovery and swap as `waymark build`.
                match waymark::site::output::write(&self.root, out, &built.files) {
                    Ok(notes) => notes.iter().for_each(|n| print_err(&format!("{n}\n"))),
                    Err(e) => print_err(&format!("error: {e}\n")),
                }
            }
        }
        for e in page_errors.values() {
            print_err(e);
        }
        let line = console::line(&Summary {
            built: &built,
            root: &self.root,
            delivery: Delivery::Memory,
            elapsed: start.elapsed(),
        });
        print_err(&format!("{line}\n"));
        self.page_errors = page_errors.clone();
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

    fn follow_up(&mut self) -> Option<Outcome> {
        let (updated, removed) = self.builder.search()?;
        Some(Outcome {
            updated,
            removed,
            page_errors: self.page_errors.clone(),
            ..Outcome::default()
        })
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
pub fn run(args: &ServeArgs) -> Result<Status, Error> {
    super::build::handbook(&args.dir)?;
    let root = args.dir.canonicalize().unwrap_or_else(|_| args.dir.clone());
    let mut builder = Builder::new(&root);
    // Absolute, so the watcher recognises (and ignores) writes into it.
    builder.out = args.out.as_deref().map(waymark::site::output::absolute);
    // A site written to --out is written whole, search index included.
    builder.defer_search(builder.out.is_none());
    let preview = Preview {
        builder,
        root,
        bar: Bar::new(stderr_color()),
        page_errors: Default::default(),
    };
    let options = ServeOptions {
        host: args.host.clone(),
        port: args.port,
        open: args.open,
    };
    serve::run(preview, &options, &ServeConsole)?;
    Ok(Status::Done)
}

/// What the preview says, on stderr.
struct ServeConsole;

impl serve::Console for ServeConsole {
    fn listening(&self, root: &Path, url: &str) {
        print_err(&format!(
            "serving {} on {url} (Ctrl+C to stop)\n",
            root.display()
        ));
    }

    fn note(&self, message: &str) {
        print_err(&format!("{message}\n"));
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
            page_errors: Default::default(),
        };
        preview.build_all();
        for _ in 0..2 {
            // The root itself changed: everything is read again.
            preview.rebuild(std::slice::from_ref(&root));
        }
        assert!(out.join("index.html").is_file());
        assert!(out.join(waymark::site::output::MARKER).is_file());
        assert!(!out.join("public").exists());
    }
}
