//! The journey language: text in, a validated [`Journey`] model and diagnostics out.
//!
//! `parser` reads one journey block (line by line, recovering after every problem),
//! `validate` adds the checks that need more than one block (personas, review dates),
//! and `source` finds the blocks in markdown, `.journey` and `.mmd` files and decides
//! how each is read ([`Dialect`]).

pub mod evidence;
pub(crate) mod keywords;
pub(crate) mod lanes;
pub mod model;
pub(crate) mod parser;
pub mod source;
pub mod validate;

pub use model::*;
pub use parser::{parse_block, Block, Dialect, Parsed};
pub use source::{parse_source, SourceKind, SourceParse};
