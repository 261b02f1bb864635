//! The handbook: a folder of markdown in, a static site out.
//!
//! `load` reads the folder into a [`Site`] (config, pages with their journeys, static
//! files); `pages` renders one page; `handbook` writes the pages built from every journey;
//! `nav`, `search` and `output` do what their names say; `build` ties them together and
//! keeps what the preview needs to rebuild only what changed.

pub mod build;
pub mod config;
pub mod frontmatter;
pub mod handbook;
pub mod init;
pub mod load;
pub mod nav;
pub mod output;
pub mod pages;
pub mod search;
pub mod templates;
pub(crate) mod url;

pub use build::{build_to_memory, Builder, Built};
pub use load::{Page, Site};
