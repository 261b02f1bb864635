//! `waymark mdbook`: the mdBook preprocessor, and setting a book up for it.

use super::{print_err, print_out, Status};
use crate::cli::{MdbookAction, MdbookArgs};
use std::io::Read;
use waymark::{mdbook, Error};

/// Runs `waymark mdbook`.
pub fn run(args: &MdbookArgs) -> Result<Status, Error> {
    match &args.action {
        Some(MdbookAction::Supports { renderer }) => Ok(if mdbook::supports(renderer) {
            Status::Done
        } else {
            Status::Problems
        }),
        Some(MdbookAction::Install { dir }) => {
            let said = mdbook::install(dir)?;
            print_err(&format!("{said}\n"));
            Ok(Status::Done)
        }
        None => {
            let mut input = String::new();
            std::io::stdin()
                .lock()
                .read_to_string(&mut input)
                .map_err(|source| Error::Io {
                    what: "cannot read the book from mdBook".to_string(),
                    source,
                })?;
            let (json, report) = mdbook::process(&input)?;
            print_err(&report);
            print_out(&format!("{json}\n"))?;
            Ok(Status::Done)
        }
    }
}
