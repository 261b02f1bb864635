//! `waymark render`: the markdown filter for other site generators, and its batch mode
//! for plugins that render a whole site through one process.

use super::{print_out, print_warnings, write_atomically, Status};
use crate::cli::{BatchSchema, RenderArgs};
use waymark::batch::{self, Defaults};
use waymark::filter::{filter, FilterOptions};
use waymark::{sources, Error};

/// Runs `waymark render`.
pub fn run(args: &RenderArgs) -> Result<Status, Error> {
    if let Some(which) = args.schema {
        print_out(&match which {
            BatchSchema::Request => batch::request_schema(),
            BatchSchema::Answer => batch::answer_schema(),
        })?;
        return Ok(Status::Done);
    }
    let themes = super::themes(&args.draw)?;
    if args.batch {
        return run_batch(args, themes);
    }
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

/// `waymark render --batch`: answers until standard input ends. Problems in the
/// requests are answered, not reported here, so the exit code is 0 unless the pipes fail.
fn run_batch(args: &RenderArgs, themes: Vec<waymark::render::Theme>) -> Result<Status, Error> {
    let defaults = Defaults {
        flags: super::choices(&args.draw),
        mermaid: args.read.mermaid,
        viewer: args.viewer,
        themes,
    };
    let input = std::io::stdin().lock();
    match batch::run(input, std::io::stdout().lock(), &defaults) {
        // The client went away: nobody is left to answer.
        Err(e) if e.kind() == std::io::ErrorKind::BrokenPipe => Ok(Status::Done),
        Err(source) => Err(Error::Io {
            what: "the batch session stopped: cannot read a request or write an answer".to_string(),
            source,
        }),
        Ok(()) => Ok(Status::Done),
    }
}
