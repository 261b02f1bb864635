//! A build that knows what the output holds (the build cache) changes only the files
//! that changed, instead of writing a whole new site: they are staged as usual, with the
//! list of files to remove; renaming the staging folder to `.OUT.waymark-patch` commits
//! them, and they are then moved into the output one by one. A build cut short before the
//! commit leaves the output as it was; one cut short after it is finished by the next
//! [`Target::open`]. Each file is replaced whole (a rename), never written in place.

use super::{failpoint, kind, remove, Staging, Target, MARKER};
use std::path::{Component, Path};

/// The list of files to remove, inside a staged change (a hidden name: no site file has
/// one).
const REMOVED: &str = ".waymark-removed";

impl Staging {
    /// Moves the staged files into the output and removes `removed` (paths inside the
    /// site that this build no longer writes). Returns warnings that do not undo the build.
    pub(crate) fn commit_patch(mut self, removed: &[String]) -> Result<Vec<String>, String> {
        let Some(patch) = self.patch.clone() else {
            return self.commit();
        };
        let list = serde_json::to_vec(removed).unwrap_or_else(|_| b"[]".to_vec());
        self.put(REMOVED, &list)?;
        failpoint("after-staging");
        if kind(&patch).is_some() {
            return Err(format!(
                "cannot apply the new files: {} appeared during the build; the last good site in {} was left as it was",
                patch.display(),
                self.out.display()
            ));
        }
        std::fs::rename(&self.dir, &patch).map_err(|e| {
            format!(
                "cannot commit the new files from {} to {}: {e}; the last good site in {} was left as it was",
                self.dir.display(),
                patch.display(),
                self.out.display()
            )
        })?;
        self.committed = true;
        apply(&patch, &self.out)
            .map_err(|e| format!("{e}; the next build finishes replacing the files"))?;
        Ok(Vec::new())
    }
}

impl Target {
    /// Finishes a change that an interrupted build committed but did not apply.
    pub(super) fn finish_patch(&mut self) -> Result<(), String> {
        if !self.out.join(MARKER).is_file() {
            // Nothing to apply it to: the next build writes a whole site.
            return self.remove_ours(&self.patch.clone());
        }
        apply(&self.patch, &self.out)?;
        self.notes.push(format!(
            "note: finished replacing the files of {} that an interrupted build had begun",
            self.out.display()
        ));
        Ok(())
    }
}

/// Moves every file of the staged change `patch` into `out`, removes the files it lists,
/// then removes `patch`. Applying it again after an interruption finishes the job.
fn apply(patch: &Path, out: &Path) -> Result<(), String> {
    let removed: Vec<String> = std::fs::read(patch.join(REMOVED))
        .ok()
        .and_then(|b| serde_json::from_slice(&b).ok())
        .unwrap_or_default();
    let walk = walkdir::WalkDir::new(patch)
        .follow_links(false)
        .sort_by_file_name()
        .min_depth(1);
    for entry in walk {
        let entry = entry.map_err(|e| format!("cannot read {}: {e}", patch.display()))?;
        if entry.file_type().is_dir() {
            continue;
        }
        let Ok(rel) = entry.path().strip_prefix(patch) else {
            continue;
        };
        if entry.depth() == 1 && (rel == Path::new(MARKER) || rel == Path::new(REMOVED)) {
            continue;
        }
        let to = out.join(rel);
        if let Some(dir) = to.parent() {
            std::fs::create_dir_all(dir)
                .map_err(|e| format!("cannot create {}: {e}", dir.display()))?;
        }
        std::fs::rename(entry.path(), &to)
            .map_err(|e| format!("cannot move {} into {}: {e}", rel.display(), out.display()))?;
        failpoint("while-patching");
    }
    for rel in &removed {
        let inside = Path::new(rel)
            .components()
            .all(|c| matches!(c, Component::Normal(_)));
        if !inside || rel == MARKER {
            continue;
        }
        let path = out.join(rel);
        if kind(&path).is_some_and(|k| !k.is_dir()) {
            std::fs::remove_file(&path)
                .map_err(|e| format!("cannot remove {}: {e}", path.display()))?;
            // Folders left empty go too, as a fresh build would not have them.
            let mut dir = path.parent();
            while let Some(d) = dir.filter(|d| *d != out) {
                if std::fs::remove_dir(d).is_err() {
                    break;
                }
                dir = d.parent();
            }
        }
    }
    match remove(patch, false) {
        Ok(true) => Ok(()),
        Ok(false) => Err(format!(
            "{} is in the way and waymark did not create what is there; move it elsewhere",
            patch.display()
        )),
        Err(e) => Err(e),
    }
}
