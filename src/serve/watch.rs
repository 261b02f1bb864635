//! File events in, batches of changed source paths out, whatever way editors save.

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long to wait for a burst of events (write, rename, chmod of one save) to end.
pub const DEBOUNCE: Duration = Duration::from_millis(20);

/// Keeps the watch alive; dropping it stops watching.
pub type Watch = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Whether `path` is an editor's scratch file rather than content: swap, backup and
/// lock files, and the probe files some editors write before saving.
pub fn is_scratch(path: &Path) -> bool {
    let Some(name) = path.file_name().and_then(|n| n.to_str()) else {
        return true;
    };
    name.starts_with('.')
        || name.ends_with('~')
        || (name.starts_with('#') && name.ends_with('#'))
        || name == "4913"
        || [".swp", ".swx", ".swo", ".tmp", ".part", ".crdownload"]
            .iter()
            .any(|ext| name.ends_with(ext))
}

/// Whether `path` lies in a hidden folder (`.git`, `.cache`) below `root`.
fn in_hidden_folder(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root).is_ok_and(|rel| {
        rel.components()
            .any(|c| crate::sources::is_hidden(c.as_os_str()))
    })
}

/// Watches `root` recursively and sends each debounced batch of changed paths to `tx`,
/// leaving out scratch files and whatever `ignore` says (the output folder).
pub fn watch(
    root: &Path,
    ignore: impl Fn(&Path) -> bool + Send + 'static,
    tx: Sender<Vec<PathBuf>>,
) -> Result<Watch, String> {
    let root_owned = root.to_path_buf();
    let mut debouncer = new_debouncer(DEBOUNCE, None, move |result: DebounceEventResult| {
        let Ok(events) = result else {
            // The watcher lost track (e.g. an overflowing queue): rebuild from the root.
            let _ = tx.send(vec![root_owned.clone()]);
            return;
        };
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| !e.kind.is_access())
            .flat_map(|e| e.paths.iter().cloned())
            .filter(|p| !is_scratch(p) && !ignore(p))
            .filter(|p| !in_hidden_folder(&root_owned, p))
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    })
    .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    debouncer
        .watch(root, RecursiveMode::Recursive)
        .map_err(|e| format!("cannot watch {}: {e}", root.display()))?;
    Ok(debouncer)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn scratch_files() {
        for p in [
            ".page.md.swp",
            "page.md~",
            "#page.md#",
            "4913",
            ".#page.md",
            "x.tmp",
        ] {
            assert!(is_scratch(Path::new(p)), "{p}");
        }
        for p in ["page.md", "journey.journey", "waymark.toml", "img.png"] {
            assert!(!is_scratch(Path::new(p)), "{p}");
        }
    }
}
