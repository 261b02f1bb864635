//! Feeds arbitrary bytes to the journey parser as a `.journey` file and as markdown, and
//! renders every diagnostic: nothing may panic and every span must lie inside the input.
#![no_main]

use libfuzzer_sys::fuzz_target;
use std::path::Path;
use waymark::journey::{parse_source, source::FenceOptions, SourceKind};

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    for kind in [SourceKind::Journey, SourceKind::Markdown] {
        let parsed = parse_source(text, kind, FenceOptions { mermaid: true });
        for d in &parsed.diagnostics {
            assert!(d.span.start <= d.span.end && d.span.end <= text.len());
        }
        let _ = waymark::diagnostics::report(Path::new("fuzz.md"), text, &parsed.diagnostics, false);
    }
});
