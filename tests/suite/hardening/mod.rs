//! What a hostile or careless handbook, a killed build or a misbehaving client must not
//! do: leak files, lose files, hang the preview or exhaust memory.

mod cli_limits;
mod handbook_files;
mod mdbook_cache;
mod output_swap;
mod serve_server;
mod site_links;
