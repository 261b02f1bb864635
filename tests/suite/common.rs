//! Helpers the integration tests share.

use std::io::Write;
use std::process::{Command, Output, Stdio};

/// Runs the waymark binary with `args`, `input` on its standard input.
pub fn waymark_with_stdin(args: &[&str], input: &str) -> Output {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start waymark");
    child
        .stdin
        .take()
        .expect("waymark's standard input")
        .write_all(input.as_bytes())
        .expect("write to waymark");
    child.wait_with_output().expect("wait for waymark")
}
