//! The handbook: a folder of markdown in, a static site out.
//!
//! `load` reads the folder into a [`Site`] (config, pages with their journeys, static
//! files); `pages` renders one page; `handbook` gathers what the pages built from every
//! journey show, and `templates` writes them; `nav`, `search` and `output` do what their
//! names say; `build` runs the build as named steps and keeps what the preview needs to
//! rebuild only what changed, telling a [`Progress`] how it goes (the library itself
//! never writes to the console).

pub mod build;
pub(crate) mod config;
pub(crate) mod frontmatter;
pub(crate) mod handbook;
pub mod init;
pub mod load;
pub(crate) mod nav;
pub mod output;
pub(crate) mod pages;
pub(crate) mod pairs;
pub mod progress;
pub(crate) mod review;
pub(crate) mod review_view;
pub(crate) mod search;
pub(crate) mod templates;
pub(crate) mod url;

pub use build::{build_to_memory, Builder, Built};
pub use load::{Page, Site};
pub use progress::{Delivery, Progress, Quiet, Step, Summary};
