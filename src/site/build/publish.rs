//! `waymark build` from start to end: the output folder opened (and recovered after an
//! interrupted build), the site built straight into a staging folder, and the staging
//! folder swapped in only when the build is good.

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

/// Builds the handbook at `root` into `out` (the folder its config names when `None`).
/// Notes on the output folder go to [`Progress::note`]; the build ends with
/// [`Progress::finish`] unless the output folder fails first, which is the error.
pub fn run(root: &Path, out: Option<&Path>, progress: &dyn Progress) -> Result<Ended, Error> {
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
    let staging = target.stage().map_err(output)?;
    let built = builder.build_into(Some(&staging), progress);
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
    for warning in staging.commit().map_err(output)? {
        progress.note(&warning);
    }
    progress.finish(&Summary {
        built: &built,
        root,
        delivery: Delivery::Written(out.unwrap_or(target.path())),
        elapsed: start.elapsed(),
    });
    Ok(Ended::Written)
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
