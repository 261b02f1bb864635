//! Writing a built site to disk without ever losing the last good one, and refusing
//! dangerous output folders.
//!
//! A build writes into a staging folder beside the output (`.OUT.waymark-new`). Only a good
//! build is swapped in: the output is renamed aside (`.OUT.waymark-old`), the staging folder
//! is renamed into its place, and the aside copy is removed. At every instant the last good
//! site is whole in the output or in the aside folder, so `Target::open`, which every
//! build calls before anything else touches these folders, can always put it back. Only
//! folders holding the [`MARKER`] file (or empty ones) are ever removed, so nothing waymark
//! did not make is deleted. The output stays a real folder, because deploy tools copy it
//! and many do not follow symbolic links.

mod patch;

use std::collections::BTreeMap;
use std::io::ErrorKind;
use std::path::{Component, Path, PathBuf};

/// The file that marks a folder as waymark's output.
pub const MARKER: &str = ".waymark-output";

/// The environment variable naming a step at which a build aborts on purpose.
const FAILPOINT: &str = "WAYMARK_FAILPOINT";

/// Test hook: aborts the process at `step` when `WAYMARK_FAILPOINT` names it, so tests can
/// kill a build at each step of the swap deterministically. `abort` runs no destructors or
/// clean-up, just as a `kill -9` would. The steps are `after-staging`, `after-aside`,
/// `after-new-in` and `while-removing-old`. This is the only place the variable is read.
fn failpoint(step: &str) {
    if std::env::var_os(FAILPOINT).is_some_and(|v| v == step) {
        std::process::abort();
    }
}

/// A checked output folder, with whatever an interrupted build left beside it dealt with.
#[derive(Debug)]
pub(crate) struct Target {
    out: PathBuf,
    new: PathBuf,
    old: PathBuf,
    /// A staged change to the output, being applied file by file (see `patch`).
    patch: PathBuf,
    notes: Vec<String>,
}

impl Target {
    /// Checks `out` as the output folder of the handbook at `source` and puts back the
    /// last good site if an interrupted build left it aside. Refuses a file, the root of
    /// the file system, the home folder, the handbook or a folder holding it, and a
    /// folder with content waymark did not write.
    pub(crate) fn open(source: &Path, out: &Path) -> Result<Target, String> {
        let resolved = resolve(out)?;
        if kind(&resolved).is_some_and(|k| !k.is_dir()) {
            return Err(format!(
                "refusing to write the site to {}: it is a file, and the site is a folder; choose a folder with --out (or `output` in waymark.toml)",
                out.display()
            ));
        }
        refuse_dangerous(source, &resolved)?;
        let (Some(parent), Some(name)) = (resolved.parent(), resolved.file_name()) else {
            return Err(format!(
                "refusing to write the site to {}: it has no parent folder",
                resolved.display()
            ));
        };
        let name = name.to_string_lossy();
        let mut target = Target {
            new: parent.join(format!(".{name}.waymark-new")),
            old: parent.join(format!(".{name}.waymark-old")),
            patch: parent.join(format!(".{name}.waymark-patch")),
            out: resolved,
            notes: Vec::new(),
        };
        target.recover()?;
        target.refuse_foreign()?;
        Ok(target)
    }

    /// The output folder, absolute, symbolic links resolved.
    pub(crate) fn path(&self) -> &Path {
        &self.out
    }

    /// Whether a site is in place (after any recovery).
    pub(crate) fn exists(&self) -> bool {
        kind(&self.out).is_some()
    }

    /// What [`Target::open`] restored or tidied, one line each, to show the user.
    pub(crate) fn notes(&self) -> &[String] {
        &self.notes
    }

    /// Puts back what a build cut short left beside the output. Every step is a rename of
    /// a whole folder or the removal of one of waymark's own leftovers.
    fn recover(&mut self) -> Result<(), String> {
        if kind(&self.old).is_some() {
            // Out is missing (or an empty folder made since): the swap was cut short between
            // its two renames, and the aside copy is the last good site.
            let out_empty = is_empty_dir(&self.out);
            if kind(&self.out).is_none() || out_empty {
                if out_empty {
                    remove(&self.out, false)?;
                }
                std::fs::rename(&self.old, &self.out).map_err(|e| {
                    format!(
                        "cannot put the last good site back from {} to {}: {e}; move it back by hand",
                        self.old.display(),
                        self.out.display()
                    )
                })?;
                self.notes.push(format!(
                    "note: put the last good site back into {} from {}, where an interrupted build had left it",
                    self.out.display(),
                    self.old.display()
                ));
            } else if self.out.join(MARKER).is_file() {
                // The new site was moved in whole; the aside copy is an older one.
                self.remove_ours(&self.old.clone())?;
            } else {
                return Err(format!(
                    "both {} and {} exist, and {} was not written by waymark; {} may hold the last good site: move one of them elsewhere",
                    self.out.display(),
                    self.old.display(),
                    self.out.display(),
                    self.old.display()
                ));
            }
        }
        if kind(&self.patch).is_some() {
            self.finish_patch()?;
        }
        if kind(&self.new).is_some() {
            // A build that never reached its swap: its files are not a site anyone saw.
            self.remove_ours(&self.new.clone())?;
        }
        Ok(())
    }

    /// Removes one of waymark's leftovers, refusing anything else.
    fn remove_ours(&self, dir: &Path) -> Result<(), String> {
        if remove(dir, false)? {
            Ok(())
        } else {
            Err(format!(
                "{} is in the way: waymark uses that name while it swaps in a new site, but did not create what is there (perhaps a file an older waymark moved aside); move it elsewhere and build again",
                dir.display()
            ))
        }
    }

    /// Refuses an output folder with content that is not a waymark site.
    fn refuse_foreign(&self) -> Result<(), String> {
        if self.out.is_dir() && !self.out.join(MARKER).exists() && !is_empty_dir(&self.out) {
            return Err(format!(
                "refusing to replace {}: it is not empty and waymark did not create it; choose another output folder or empty it",
                self.out.display()
            ));
        }
        Ok(())
    }

    /// Creates the staging folder the next site is written into.
    pub(crate) fn stage(&self) -> Result<Staging, String> {
        self.staging(false)
    }

    /// Creates a staging folder for only the files that changed since the site in the
    /// output was written; [`Staging::commit_patch`] moves them in.
    pub(crate) fn stage_patch(&self) -> Result<Staging, String> {
        self.staging(true)
    }

    fn staging(&self, patch: bool) -> Result<Staging, String> {
        if let Some(parent) = self.out.parent() {
            std::fs::create_dir_all(parent)
                .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        }
        // `open` removed any leftover, so this fails only if another build is under way.
        std::fs::create_dir(&self.new).map_err(|e| {
            format!(
                "cannot create the staging folder {}: {e}; if no other build is running, remove it and build again",
                self.new.display()
            )
        })?;
        let staging = Staging {
            out: self.out.clone(),
            dir: self.new.clone(),
            old: self.old.clone(),
            patch: patch.then(|| self.patch.clone()),
            committed: false,
        };
        // The marker first: a staging folder cut short is still recognisably ours.
        staging.put(
            MARKER,
            b"This folder is written by waymark build; it is replaced on every build.\n",
        )?;
        Ok(staging)
    }
}

/// Refuses output folders whose replacement would destroy something that is not a site.
fn refuse_dangerous(source: &Path, out: &Path) -> Result<(), String> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let src = canon(source);
    let refuse = |why: &str| {
        Err(format!(
            "refusing to write the site to {}: {why}",
            out.display()
        ))
    };
    if out.parent().is_none() {
        return refuse("that is the root of the file system");
    }
    if std::env::var_os("HOME").is_some_and(|home| out == canon(Path::new(&home))) {
        return refuse("that is the home folder");
    }
    if out == src {
        return refuse("that is the source folder");
    }
    if src.starts_with(out) {
        return refuse("it contains the source folder");
    }
    Ok(())
}

/// `out` made absolute with symbolic links resolved, also when it does not exist yet: the
/// longest part that exists is resolved by the system, the rest is appended as written.
fn resolve(out: &Path) -> Result<PathBuf, String> {
    let abs = if out.is_absolute() {
        out.to_path_buf()
    } else {
        std::env::current_dir()
            .map_err(|e| format!("cannot find the current folder: {e}"))?
            .join(out)
    };
    if kind(&abs).is_some() {
        return abs.canonicalize().map_err(|e| {
            format!(
                "cannot use {} as the output folder: {e}; if it is a symbolic link, make it point to a folder",
                out.display()
            )
        });
    }
    let parts: Vec<Component> = abs.components().collect();
    for split in (1..parts.len()).rev() {
        let head: PathBuf = parts[..split].iter().collect();
        let Ok(mut path) = head.canonicalize() else {
            continue;
        };
        for part in &parts[split..] {
            match part {
                Component::ParentDir => {
                    path.pop();
                }
                Component::Normal(n) => path.push(n),
                _ => {}
            }
        }
        return Ok(path);
    }
    Ok(abs)
}

/// What is at `path`, without following a symbolic link there.
fn kind(path: &Path) -> Option<std::fs::FileType> {
    std::fs::symlink_metadata(path).ok().map(|m| m.file_type())
}

fn is_empty_dir(path: &Path) -> bool {
    kind(path).is_some_and(|k| k.is_dir())
        && std::fs::read_dir(path).is_ok_and(|mut d| d.next().is_none())
}

/// Removes `dir` if waymark made it (it holds the marker) or it is an empty folder, and
/// says whether it is gone. The marker goes last, so a removal cut short leaves a folder
/// that is still recognisably waymark's.
fn remove(dir: &Path, old: bool) -> Result<bool, String> {
    let failed = |e: std::io::Error| format!("cannot remove {}: {e}", dir.display());
    match kind(dir) {
        None => return Ok(true),
        Some(k) if !k.is_dir() => return Ok(false),
        Some(_) => {}
    }
    let marker = dir.join(MARKER);
    if kind(&marker).is_some_and(|k| k.is_file()) {
        for entry in std::fs::read_dir(dir).map_err(failed)? {
            let entry = entry.map_err(failed)?;
            if entry.file_name() == MARKER {
                continue;
            }
            // The entry's own type: a symbolic link is removed, never followed.
            let gone = if entry.file_type().map_err(failed)?.is_dir() {
                std::fs::remove_dir_all(entry.path())
            } else {
                std::fs::remove_file(entry.path())
            };
            if let Err(e) = gone {
                if e.kind() != ErrorKind::NotFound {
                    return Err(failed(e));
                }
            }
            if old {
                failpoint("while-removing-old");
            }
        }
        std::fs::remove_file(&marker).map_err(failed)?;
    } else if !is_empty_dir(dir) {
        return Ok(false);
    }
    std::fs::remove_dir(dir).map_err(failed)?;
    Ok(true)
}

/// A fresh folder next to the output that files are written into while a site is built;
/// [`Staging::commit`] puts it in the output's place. Dropped without a commit, it is
/// removed and the last good output stays as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    /// Where a staged change waits while it is applied; `None` for a whole site.
    patch: Option<PathBuf>,
    committed: bool,
}

impl Staging {
    /// Writes one file, `rel` being its path inside the site. Safe from many threads.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        let path = self.dir.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// Creates the file `rel` of the site, to be written a part at a time.
    pub(crate) fn create(&self, rel: &str) -> Result<std::fs::File, String> {
        let path = self.dir.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::File::create(&path).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// Where the file `rel` of the site is staged.
    pub(crate) fn path_of(&self, rel: &str) -> PathBuf {
        self.dir.join(rel)
    }

    /// Puts the staged site in the output's place: the output is moved aside, the staged
    /// site moved in, the aside copy removed. Returns warnings that do not undo the build.
    pub fn commit(mut self) -> Result<Vec<String>, String> {
        failpoint("after-staging");
        let had_site = kind(&self.out).is_some();
        if had_site {
            // `Target::open` cleared this name; a rename onto an empty folder would succeed
            // and hide that something changed meanwhile.
            if kind(&self.old).is_some() {
                return Err(format!(
                    "cannot move the last good site aside: {} appeared during the build; the last good site in {} was left as it was",
                    self.old.display(),
                    self.out.display()
                ));
            }
            std::fs::rename(&self.out, &self.old).map_err(|e| {
                format!(
                    "cannot move the last good site aside to {}: {e}; it was left as it was in {}",
                    self.old.display(),
                    self.out.display()
                )
            })?;
            failpoint("after-aside");
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            if !had_site {
                return Err(format!(
                    "cannot move the new site into {}: {e}",
                    self.out.display()
                ));
            }
            return Err(match std::fs::rename(&self.old, &self.out) {
                Ok(()) => format!(
                    "cannot move the new site into {}: {e}; the last good site was left there",
                    self.out.display()
                ),
                Err(back) => format!(
                    "cannot move the new site into {}: {e}; the last good site is in {} ({back}), and the next build puts it back",
                    self.out.display(),
                    self.old.display()
                ),
            });
        }
        self.committed = true;
        failpoint("after-new-in");
        match remove(&self.old, true) {
            Ok(true) => Ok(Vec::new()),
            Ok(false) => Ok(vec![format!(
                "warning: left {} in place: waymark did not create what is there",
                self.old.display()
            )]),
            Err(e) => Ok(vec![format!("warning: {e}; the next build removes it")]),
        }
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = remove(&self.dir, false);
        }
    }
}

/// Writes `files` as the output folder `out` of the handbook at `source` (the preview's
/// `--out`), through the same checks, recovery and swap as `waymark build`. Returns the
/// notes and warnings to show.
pub fn write(
    source: &Path,
    out: &Path,
    files: &BTreeMap<String, super::build::File>,
) -> Result<Vec<String>, String> {
    let target = Target::open(source, out)?;
    let staging = target.stage()?;
    for (rel, bytes) in files {
        staging.put(rel, bytes)?;
    }
    let mut notes = target.notes().to_vec();
    notes.extend(staging.commit()?);
    Ok(notes)
}

/// `out` as an absolute path with symbolic links resolved, as far as it exists; `out`
/// itself when that fails (the error then surfaces when the site is written).
pub fn absolute(out: &Path) -> PathBuf {
    resolve(out).unwrap_or_else(|_| out.to_path_buf())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn resolves_paths_that_do_not_exist_yet() {
        let tmp = tempfile::tempdir().unwrap();
        let base = tmp.path().canonicalize().unwrap();
        assert_eq!(
            resolve(&tmp.path().join("a/b/../c")).unwrap(),
            base.join("a/c")
        );
        assert_eq!(resolve(tmp.path()).unwrap(), base);
    }

    #[test]
    fn removes_only_its_own_folders() {
        let tmp = tempfile::tempdir().unwrap();
        let ours = tmp.path().join("ours");
        std::fs::create_dir_all(ours.join("sub")).unwrap();
        std::fs::write(ours.join(MARKER), "").unwrap();
        std::fs::write(ours.join("sub/page.html"), "x").unwrap();
        let theirs = tmp.path().join("theirs");
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("keep.txt"), "precious").unwrap();
        let file = tmp.path().join("file");
        std::fs::write(&file, "precious").unwrap();
        let empty = tmp.path().join("empty");
        std::fs::create_dir(&empty).unwrap();

        assert_eq!(remove(&ours, false), Ok(true));
        assert!(!ours.exists());
        assert_eq!(remove(&empty, false), Ok(true));
        assert!(!empty.exists());
        assert_eq!(remove(&theirs, false), Ok(false));
        assert_eq!(remove(&file, false), Ok(false));
        assert_eq!(
            std::fs::read_to_string(theirs.join("keep.txt")).unwrap(),
            "precious"
        );
        assert_eq!(std::fs::read_to_string(&file).unwrap(), "precious");
    }

    #[cfg(unix)]
    #[test]
    fn never_follows_a_link_while_removing() {
        let tmp = tempfile::tempdir().unwrap();
        let theirs = tmp.path().join("theirs");
        std::fs::create_dir(&theirs).unwrap();
        std::fs::write(theirs.join("keep.txt"), "precious").unwrap();
        let ours = tmp.path().join("ours");
        std::fs::create_dir(&ours).unwrap();
        std::fs::write(ours.join(MARKER), "").unwrap();
        std::os::unix::fs::symlink(&theirs, ours.join("link")).unwrap();
        assert_eq!(remove(&ours, false), Ok(true));
        assert_eq!(
            std::fs::read_to_string(theirs.join("keep.txt")).unwrap(),
            "precious"
        );
    }
}
