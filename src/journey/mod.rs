//! The journey language: text in, a validated [`Journey`] model and diagnostics out.
//!
//! `parser` reads one journey block (line by line, recovering after every problem),
//! `validate` adds the checks that need more than one block (personas, review dates),
//! and `source` finds the blocks in markdown and `.journey` files.

pub mod keywords;
pub mod model;
pub mod parser;
pub mod source;
pub mod validate;

pub use model::*;
pub use parser::{parse_block, Block, Parsed};
pub use source::{parse_source, SourceKind, SourceParse};
