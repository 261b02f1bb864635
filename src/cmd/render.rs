//! `waymark render`: the markdown filter for other site generators.

use super::{print_out, print_warnings, write_atomically, Status};
use crate::cli::RenderArgs;
use waymark::filter::{filter, FilterOptions};
use waymark::{sources, Error};

/// Runs `waymark render`.
pub fn run(args: &RenderArgs) -> Result<Status, Error> {
    let themes = super::themes(&args.draw)?;
    let input = sources::read_input(&args.file)?;
    let options = FilterOptions {
        flags: super::choices(&args.draw),
        mermaid: args.read.mermaid,
        id_prefix: args.draw.id_prefix.clone(),
        themes,
        viewer: args.viewer,
    };
    let filtered = filter(&input.text, &input.name, &options)?;
    print_warnings(&input.name, &input.text, &filtered.warnings);
    match &args.out {
        Some(path) => write_atomically(path, filtered.markdown.as_bytes())?,
        None => print_out(&filtered.markdown)?,
    }
    Ok(Status::Done)
}
