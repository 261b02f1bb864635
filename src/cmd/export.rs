//! `waymark export`: a file's journeys as one versioned JSON document.

use super::{print_out, print_warnings, Status};
use crate::cli::{ExportArgs, ExportFormat};
use waymark::export::{export, json_schema};
use waymark::journey::source::FenceOptions;
use waymark::{sources, Error};

/// Runs `waymark export`.
pub fn run(args: &ExportArgs) -> Result<Status, Error> {
    if args.schema {
        print_out(&json_schema())?;
        return Ok(Status::Done);
    }
    let Some(path) = &args.file else {
        return Err(Error::Usage {
            message: "name a file to export".to_string(),
            help: Some("`waymark export FILE`, or `waymark export --schema`".to_string()),
        });
    };
    let input = sources::read_input(path)?;
    let fences = FenceOptions {
        mermaid: args.read.mermaid,
    };
    let (doc, warnings) = export(&input, fences)?;
    print_warnings(&input.name, &input.text, &warnings);
    match args.format {
        ExportFormat::Json => {
            let json = serde_json::to_string_pretty(&doc)
                .map_err(|e| Error::Failed(format!("cannot write JSON: {e}")))?;
            print_out(&format!("{json}\n"))?;
        }
    }
    Ok(Status::Done)
}
