//! `waymark build` and `waymark init`.

use super::console::{Bar, BuildConsole};
use super::{print_err, Status};
use crate::cli::{BuildArgs, InitArgs};
use std::path::Path;
use waymark::diagnostics::stderr_color;
use waymark::site::build::Ended;
use waymark::Error;

/// The handbook folder `dir`, or a usage error when it is not one.
pub fn handbook(dir: &Path) -> Result<(), Error> {
    if dir.is_dir() {
        return Ok(());
    }
    Err(Error::Usage {
        message: format!("{} is not a folder", dir.display()),
        help: Some("name the handbook's folder, or create one with `waymark init DIR`".into()),
    })
}

/// Runs `waymark build`.
pub fn run(args: &BuildArgs) -> Result<Status, Error> {
    handbook(&args.dir)?;
    let color = stderr_color();
    let console = BuildConsole {
        bar: Bar::new(color),
        color,
    };
    // The console has shown every problem and the summary.
    Ok(
        match waymark::site::build::run(&args.dir, args.out.as_deref(), !args.no_cache, &console)? {
            Ended::Written => Status::Done,
            Ended::Broken => Status::Problems,
        },
    )
}

/// Runs `waymark init`.
pub fn init(args: &InitArgs) -> Result<Status, Error> {
    let said = waymark::site::init::run(&args.dir)?;
    print_err(&format!("{said}\n"));
    Ok(Status::Done)
}
