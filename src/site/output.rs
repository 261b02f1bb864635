//! Writing a built site to disk without ever losing the last good one: everything goes to
//! a fresh folder next to the output, which then takes the output's place. waymark only
//! ever replaces folders it made itself (they hold a marker file).

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// The file that marks a folder as waymark's output.
pub const MARKER: &str = ".waymark-output";

/// Why an output folder is refused.
pub fn check_target(source: &Path, out: &Path) -> Result<(), String> {
    let canon = |p: &Path| p.canonicalize().unwrap_or_else(|_| p.to_path_buf());
    let src = canon(source);
    let out_abs = if out.exists() {
        canon(out)
    } else {
        match (out.parent(), out.file_name()) {
            (Some(parent), Some(name)) if !parent.as_os_str().is_empty() => {
                canon(parent).join(name)
            }
            _ => std::env::current_dir()
                .map(|d| d.join(out))
                .unwrap_or_else(|_| out.to_path_buf()),
        }
    };
    if out_abs.parent().is_none() {
        return Err(format!(
            "refusing to write the site to {}: that is the root of the file system",
            out_abs.display()
        ));
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if out_abs == canon(&home) {
            return Err(format!(
                "refusing to write the site to {}: that is the home folder",
                out_abs.display()
            ));
        }
    }
    if out_abs == src {
        return Err(format!(
            "refusing to write the site to {}: that is the source folder",
            out_abs.display()
        ));
    }
    if src.starts_with(&out_abs) {
        return Err(format!(
            "refusing to write the site to {}: it contains the source folder",
            out_abs.display()
        ));
    }
    if out_abs.is_dir()
        && !out_abs.join(MARKER).exists()
        && std::fs::read_dir(&out_abs)
            .map(|mut d| d.next().is_some())
            .unwrap_or(false)
    {
        return Err(format!(
            "refusing to replace {}: it is not empty and waymark did not create it; choose another output folder or empty it",
            out_abs.display()
        ));
    }
    Ok(())
}

/// A fresh folder next to the output that files are written into while a site is built;
/// [`Staging::commit`] puts it in the output's place. Dropped without a commit, it is
/// removed and the last good output stays as it was.
#[derive(Debug)]
pub struct Staging {
    out: PathBuf,
    dir: PathBuf,
    old: PathBuf,
    committed: bool,
}

impl Staging {
    /// Creates the staging folder for `out`, clearing what an interrupted build left.
    pub fn create(out: &Path) -> Result<Staging, String> {
        let parent = match out.parent() {
            Some(p) if !p.as_os_str().is_empty() => p.to_path_buf(),
            _ => PathBuf::from("."),
        };
        std::fs::create_dir_all(&parent)
            .map_err(|e| format!("cannot create {}: {e}", parent.display()))?;
        let name = out
            .file_name()
            .map(|n| n.to_string_lossy().to_string())
            .unwrap_or_else(|| "site".into());
        let dir = parent.join(format!(".{name}.waymark-new"));
        let old = parent.join(format!(".{name}.waymark-old"));
        for leftover in [&dir, &old] {
            if leftover.exists() {
                std::fs::remove_dir_all(leftover)
                    .map_err(|e| format!("cannot remove {}: {e}", leftover.display()))?;
            }
        }
        std::fs::create_dir_all(&dir)
            .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        let staging = Staging {
            out: out.to_path_buf(),
            dir,
            old,
            committed: false,
        };
        staging.put(
            MARKER,
            b"This folder is written by waymark build; it is replaced on every build.\n",
        )?;
        Ok(staging)
    }

    /// Writes one file, `rel` being its path inside the site. Safe from many threads.
    pub fn put(&self, rel: &str, bytes: &[u8]) -> Result<(), String> {
        let path = self.dir.join(rel);
        if let Some(dir) = path.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::write(&path, bytes).map_err(|e| format!("cannot write {}: {e}", path.display()))
    }

    /// Puts the staged site in the output's place.
    pub fn commit(mut self) -> Result<(), String> {
        if self.out.exists() {
            std::fs::rename(&self.out, &self.old)
                .map_err(|e| format!("cannot move the old site aside: {e}"))?;
        }
        if let Err(e) = std::fs::rename(&self.dir, &self.out) {
            // Put the last good site back.
            let _ = std::fs::rename(&self.old, &self.out);
            return Err(format!("cannot put the new site in place: {e}"));
        }
        self.committed = true;
        if self.old.exists() {
            let _ = std::fs::remove_dir_all(&self.old);
        }
        Ok(())
    }
}

impl Drop for Staging {
    fn drop(&mut self) {
        if !self.committed {
            let _ = std::fs::remove_dir_all(&self.dir);
        }
    }
}

/// Writes `files` as the folder `out`, replacing it only once everything is written.
pub fn write(out: &Path, files: &BTreeMap<String, super::build::File>) -> Result<(), String> {
    let staging = Staging::create(out)?;
    for (rel, bytes) in files {
        staging.put(rel, bytes)?;
    }
    staging.commit()
}
