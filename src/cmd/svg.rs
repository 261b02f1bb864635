//! `waymark svg`: one picture per journey of a file, as SVG or PNG.

use super::{print_err, print_warnings, write_atomically, Status};
use crate::cli::SvgArgs;
use std::path::PathBuf;
use waymark::pictures::{self, PictureOptions};
use waymark::{sources, Error};

/// Runs `waymark svg`.
pub fn run(args: &SvgArgs) -> Result<Status, Error> {
    let themes = super::themes(&args.draw)?;
    let input = sources::read_input(&args.file)?;
    let options = PictureOptions {
        flags: super::choices(&args.draw),
        themes,
        mermaid: args.read.mermaid,
        id_prefix: args.draw.id_prefix.clone(),
        format: args.format.into(),
    };
    let pictures = pictures::prepare(&input, &options)?;
    print_warnings(&input.name, &input.text, &pictures.warnings);
    let out_dir = args.out.clone().unwrap_or_else(|| PathBuf::from("."));
    std::fs::create_dir_all(&out_dir).map_err(|source| Error::Write {
        path: out_dir.clone(),
        source,
    })?;
    pictures.draw(|picture| {
        let file = out_dir.join(&picture.file_name);
        if let Some(note) = &picture.note {
            print_err(&format!("note: {} is {note}\n", file.display()));
        }
        write_atomically(&file, &picture.bytes)?;
        print_err(&format!("wrote {}\n", file.display()));
        Ok(())
    })?;
    Ok(Status::Done)
}
