//! `waymark build` from start to end: the output folder opened (and recovered after an
//! interrupted build), the site built straight into a staging folder, and the staging
//! folder swapped in only when the build is good. With the build cache, only the files
//! that changed are staged, and moved into the output when the build is good.

use super::cache::{self, Cache};
use super::Builder;
use crate::site::output::Target;
use crate::site::progress::{Delivery, Progress, Summary};
use crate::Error;
use std::path::Path;
use std::time::Instant;

/// How a build that nothing stopped ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Ended {
    /// The site was written.
    Written,
    /// The handbook has errors, so nothing was written; [`Progress::finish`] was given
    /// them.
    Broken,
}

/// Builds the handbook at `root` into `out` (the folder its config names when `None`),
/// with the build cache in the handbook's [`super::CACHE_FOLDER`] unless `cache` is false.
/// Notes on the output folder and the cache go to [`Progress::note`]; the build ends with
/// [`Progress::finish`] unless the output folder fails first, which is the error.
pub fn run(
    root: &Path,
    out: Option<&Path>,
    cache: bool,
    progress: &dyn Progress,
) -> Result<Ended, Error> {
    let start = Instant::now();
    let output = Error::Failed;
    // A given output folder is recovered before anything else, even if the handbook
    // turns out to be broken; the configured one is known only once the config is read.
    let given = out
        .map(|o| Target::open(root, o))
        .transpose()
        .map_err(output)?;
    if let Some(t) = &given {
        notes(t, progress);
    }
    let mut builder = Builder::once(root);
    if let Err(failed) = builder.load() {
        progress.finish(&Summary {
            built: &failed,
            root,
            delivery: unchanged(given.as_ref()),
            elapsed: start.elapsed(),
        });
        return Ok(Ended::Broken);
    }
    let target = match given {
        Some(t) => t,
        None => {
            let t = Target::open(root, &builder.output_dir()).map_err(output)?;
            notes(&t, progress);
            t
        }
    };
    let cache = cache.then(|| Cache::open(root)).and_then(|c| {
        c.map_err(|why| progress.note(&format!("warning: the build cache is not used: {why}")))
            .ok()
    });
    let previous = cache.as_ref().and_then(|c| previous(c, &target, progress));
    let removable: Vec<String> = previous
        .as_ref()
        .map(|(s, _)| s.files.keys().cloned().collect())
        .unwrap_or_default();
    let staging = if previous.is_some() {
        target.stage_patch()
    } else {
        target.stage()
    }
    .map_err(output)?;
    let (built, next) = match &cache {
        Some(_) => {
            let (built, next) = builder.build_cached(&staging, previous, progress);
            (built, Some(next))
        }
        None => (builder.build_into(Some(&staging), progress), None),
    };
    if built.errors() > 0 {
        // Dropping the staging folder leaves the last good output as it was.
        drop(staging);
        progress.finish(&Summary {
            built: &built,
            root,
            delivery: unchanged(Some(&target)),
            elapsed: start.elapsed(),
        });
        return Ok(Ended::Broken);
    }
    let warnings = match &next {
        Some(next) => {
            // Files the last build wrote that this one did not.
            let removed: Vec<String> = removable
                .into_iter()
                .filter(|f| !next.files.contains_key(f))
                .collect();
            staging.commit_patch(&removed)
        }
        None => staging.commit(),
    };
    for warning in warnings.map_err(output)? {
        progress.note(&warning);
    }
    if let (Some(cache), Some(next)) = (cache, next) {
        if let Err(e) = cache.write(next, target.path()) {
            progress.note(&format!("warning: {e}; the next build renders every page"));
            cache.forget();
        }
    }
    progress.finish(&Summary {
        built: &built,
        root,
        delivery: Delivery::Written(out.unwrap_or(target.path())),
        elapsed: start.elapsed(),
    });
    Ok(Ended::Written)
}

/// What the last build into `target` left in `cache`, when it can be trusted: written by
/// this build of waymark for this output folder, and the folder holding nothing else.
fn previous(
    cache: &Cache,
    target: &Target,
    progress: &dyn Progress,
) -> Option<(
    cache::Stored,
    std::collections::HashMap<String, cache::FileRecord>,
)> {
    let stored = match cache.read(target.path()) {
        Ok(s) => s?,
        Err(why) => {
            progress.note(&format!("note: {why}; every page is built again"));
            return None;
        }
    };
    if !target.exists() {
        return None;
    }
    let intact = cache::intact(target.path(), &stored.files)?;
    Some((stored, intact))
}

/// What opening the output folder restored.
fn notes(target: &Target, progress: &dyn Progress) {
    for n in target.notes() {
        progress.note(n);
    }
}

/// Where a failed build left the output.
fn unchanged(target: Option<&Target>) -> Delivery<'_> {
    match target {
        Some(t) if t.exists() => Delivery::KeptLastGood(t.path()),
        Some(t) => Delivery::NothingWritten(t.path()),
        None => Delivery::Untouched,
    }
}
