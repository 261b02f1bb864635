//! File events in, batches of changed source paths out, whatever way editors save.

use notify::RecursiveMode;
use notify_debouncer_full::{new_debouncer_opt, DebounceEventResult, Debouncer, RecommendedCache};
use std::path::{Path, PathBuf};
use std::sync::mpsc::Sender;
use std::time::Duration;

/// How long to wait for a burst of events (write, rename, chmod of one save) to end: an
/// editor's save takes well under a millisecond, and whatever it adds later is taken in
/// by the next rebuild.
const DEBOUNCE: Duration = Duration::from_millis(10);
/// How often the debouncer looks for a burst that has ended. It wakes this often even
/// while nothing happens, so not more often than its default for the old 20 ms.
const TICK: Duration = Duration::from_millis(5);

/// Keeps the watch alive; dropping it stops watching.
pub(crate) type Watch = Debouncer<notify::RecommendedWatcher, RecommendedCache>;

/// Whether `path` (under `root`) belongs to the handbook: the same question the walk of a
/// full re-read asks ([`crate::files::belongs`]), so a scratch file the watcher ignores is
/// never part of a build, and its deletion never missed. A path outside `root` is passed
/// on for the builder to judge.
fn belongs(root: &Path, path: &Path) -> bool {
    path.strip_prefix(root).map_or(true, crate::files::belongs)
}

/// Watches `root` recursively and sends each debounced batch of changed paths to `tx`,
/// leaving out what does not belong to the handbook and whatever `ignore` says (the output
/// folder). Links to folders are not followed, so a link to `/usr` costs no watches.
pub(crate) fn watch(
    root: &Path,
    ignore: impl Fn(&Path) -> bool + Send + 'static,
    tx: Sender<Vec<PathBuf>>,
) -> Result<Watch, String> {
    let root_owned = root.to_path_buf();
    let handler = move |result: DebounceEventResult| {
        let Ok(events) = result else {
            // The watcher lost track (e.g. an overflowing queue): rebuild from the root.
            let _ = tx.send(vec![root_owned.clone()]);
            return;
        };
        let mut paths: Vec<PathBuf> = events
            .iter()
            .filter(|e| !e.kind.is_access())
            .flat_map(|e| e.paths.iter().cloned())
            .filter(|p| belongs(&root_owned, p) && !ignore(p))
            .collect();
        paths.sort();
        paths.dedup();
        if !paths.is_empty() {
            let _ = tx.send(paths);
        }
    };
    let config = notify::Config::default().with_follow_symlinks(false);
    let mut debouncer = new_debouncer_opt::<_, notify::RecommendedWatcher, RecommendedCache>(
        DEBOUNCE,
        Some(TICK),
        handler,
        RecommendedCache::new(),
        config,
    )
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
    fn scratch_files_do_not_belong() {
        let root = Path::new("/h");
        for p in [
            ".page.md.swp",
            "page.md~",
            "#page.md#",
            "4913",
            ".#page.md",
            "x.tmp",
            "x.part",
            "page.md___jb_tmp___",
            ".git/index",
            "j/.cache/x.md",
        ] {
            assert!(!belongs(root, &root.join(p)), "{p}");
        }
        for p in ["page.md", "journey.journey", "waymark.toml", "img.png", ""] {
            assert!(belongs(root, &root.join(p)), "{p}");
        }
        assert!(
            belongs(root, Path::new("/elsewhere/x.tmp")),
            "judged by the builder"
        );
    }
}
