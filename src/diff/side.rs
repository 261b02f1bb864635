//! Reading one side of a diff: a file (or `-`, standard input), or `REV:path`, the file as
//! git holds it at a revision, read with `git show`.

use crate::diagnostics::Diagnostic;
use crate::error::Error;
use crate::journey::source::{find_blocks, FenceOptions};
use crate::journey::{parse_source, Journey, SourceKind};
use crate::sources::{self, Input};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// One side, read and parsed.
#[derive(Debug, Clone)]
pub struct Side {
    /// The side as given (`docs/buy.md`, `HEAD~1:docs/buy.md`); diagnostics use it.
    pub name: PathBuf,
    /// Its text.
    pub text: String,
    /// Its journeys, in file order.
    pub journeys: Vec<Journey>,
    /// Warnings about it, in file order.
    pub warnings: Vec<Diagnostic>,
}

/// Where a side is read from.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Spec<'a> {
    /// A file, or `-`.
    File(&'a Path),
    /// `REV:path`: `path` at revision `rev` (an empty `rev` is git's index).
    Git { rev: &'a str, path: &'a str },
}

/// What `arg` names: a file when one is there (or `-`, or no `:` in it), else `REV:path`.
pub(crate) fn spec(arg: &str) -> Spec<'_> {
    let path = Path::new(arg);
    if sources::is_stdin(path) || path.exists() {
        return Spec::File(path);
    }
    match arg.split_once(':') {
        Some((rev, rest)) if !rest.is_empty() => Spec::Git { rev, path: rest },
        _ => Spec::File(path),
    }
}

/// Reads and parses the side `arg` names. A side with errors is
/// [`Error::Diagnostics`]; one without journeys is [`Error::NoJourney`].
pub fn read(arg: &str, fences: FenceOptions) -> Result<Side, Error> {
    let input = match spec(arg) {
        Spec::File(path) => sources::read_input(path)?,
        Spec::Git { rev, path } => read_git(arg, rev, path)?,
    };
    let mut parsed = parse_source(&input.text, input.kind, fences);
    parsed
        .diagnostics
        .sort_by_key(|d| (d.span.start, d.span.end));
    if parsed.diagnostics.iter().any(Diagnostic::is_error) {
        return Err(Error::Diagnostics {
            path: input.name,
            text: input.text,
            diagnostics: parsed.diagnostics,
        });
    }
    if parsed.journeys.is_empty() {
        let mermaid_fences = !fences.mermaid
            && input.kind == SourceKind::Markdown
            && !find_blocks(&input.text, FenceOptions { mermaid: true }).is_empty();
        return Err(Error::NoJourney {
            path: input.name,
            mermaid_fences,
        });
    }
    Ok(Side {
        name: input.name,
        text: input.text,
        journeys: parsed.journeys,
        warnings: parsed.diagnostics,
    })
}

/// How to name paths in `REV:path`, said in every error about one.
const PATHS: &str = "paths after `REV:` are relative to the repository's top folder; \
                     write `REV:./path` for one relative to the current folder";

/// `path` at `rev`, read through git in the current folder. Each failure is told apart
/// first (no git, no repository, no such revision) so the message says which it is.
fn read_git(arg: &str, rev: &str, path: &str) -> Result<Input, Error> {
    let name = PathBuf::from(arg);
    if rev.starts_with('-') {
        return Err(Error::Usage {
            message: format!("`{arg}`: a revision cannot start with `-`"),
            help: Some(format!(
                "name a branch, tag or commit before the `:`; {PATHS}"
            )),
        });
    }
    let repo = git(arg, &["rev-parse", "--git-dir"])?;
    if !repo.status.success() {
        let here = std::env::current_dir()
            .map(|d| d.display().to_string())
            .unwrap_or_else(|_| "the current folder".to_string());
        return Err(Error::Usage {
            message: format!("`{arg}` is read through git, but {here} is not in a git repository"),
            help: Some(
                "run `waymark diff` inside the repository, or compare two files".to_string(),
            ),
        });
    }
    if !rev.is_empty() {
        let peeled = format!("{rev}^{{tree}}");
        let known = git(arg, &["rev-parse", "--verify", "--quiet", &peeled])?;
        if !known.status.success() {
            return Err(Error::Usage {
                message: format!("`{arg}`: git knows no revision `{rev}`"),
                help: Some(
                    "name a branch, tag or commit (`git log --oneline` lists commits)".to_string(),
                ),
            });
        }
    }
    let object = format!("{rev}:{path}");
    let kind = git(arg, &["cat-file", "-t", &object])?;
    if !kind.status.success() {
        let said = String::from_utf8_lossy(&kind.stderr);
        let said = said.trim().trim_start_matches("fatal: ");
        return Err(Error::Usage {
            message: format!("`{arg}`: there is no `{path}` at revision `{rev}` ({said})"),
            help: Some(format!(
                "`git ls-tree -r --name-only {rev}` lists its files; {PATHS}"
            )),
        });
    }
    if String::from_utf8_lossy(&kind.stdout).trim() != "blob" {
        return Err(Error::Usage {
            message: format!("`{arg}`: `{path}` is a folder at revision `{rev}`, not a file"),
            help: Some(format!("name a file in it; {PATHS}")),
        });
    }
    let shown = git(arg, &["show", &object])?;
    if !shown.status.success() {
        return Err(Error::Failed(format!(
            "cannot read `{arg}` through git: {}",
            String::from_utf8_lossy(&shown.stderr).trim()
        )));
    }
    let text = crate::sources::decode(&name, shown.stdout)?;
    Ok(Input {
        kind: SourceKind::of(Path::new(path)).unwrap_or(SourceKind::Markdown),
        text,
        name,
    })
}

/// Runs git with `args` in the current folder; git that cannot be started is an error
/// about `arg`.
fn git(arg: &str, args: &[&str]) -> Result<std::process::Output, Error> {
    Command::new("git")
        .args(args)
        .stdin(Stdio::null())
        // Messages are matched by nobody, but a pager or a prompt must never start.
        .env("GIT_PAGER", "cat")
        .env("GIT_TERMINAL_PROMPT", "0")
        .output()
        .map_err(|source| {
            let what = if source.kind() == std::io::ErrorKind::NotFound {
                format!(
                    "cannot read `{arg}`: git is not installed (or not on PATH); \
                     install git, or compare two files"
                )
            } else {
                format!("cannot run git to read `{arg}`")
            };
            Error::Io { what, source }
        })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_side_is_a_file_unless_it_reads_as_rev_path() {
        assert_eq!(spec("-"), Spec::File(Path::new("-")));
        assert_eq!(
            spec("no-such-file.md"),
            Spec::File(Path::new("no-such-file.md"))
        );
        assert_eq!(
            spec("HEAD~1:docs/a.md"),
            Spec::Git {
                rev: "HEAD~1",
                path: "docs/a.md"
            }
        );
        assert_eq!(
            spec(":a.md"),
            Spec::Git {
                rev: "",
                path: "a.md"
            }
        );
        assert_eq!(spec("HEAD:"), Spec::File(Path::new("HEAD:")));
    }
}
