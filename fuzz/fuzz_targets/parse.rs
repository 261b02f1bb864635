//! Feeds arbitrary text to everything that reads what authors write: the parser (as a
//! `.journey` file and as markdown), every layout and theme, the markdown filter and the
//! markdown pass. The checks live in `../checks.rs`, which the test suite also runs over a
//! fixed set of inputs (`tests/suite/robustness.rs`).
#![no_main]

#[path = "../checks.rs"]
mod checks;

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    if let Ok(text) = std::str::from_utf8(data) {
        checks::everything(text);
    }
});
