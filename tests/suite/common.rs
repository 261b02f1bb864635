//! Helpers the integration tests share.

use std::io::Write;
use std::path::Path;
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

/// Runs the waymark binary with `args`, no standard input, no colour, and a fixed today
/// (so whether a map is due for review does not change with the calendar).
pub fn waymark(args: &[&str]) -> Output {
    waymark_in(Path::new("."), args)
}

/// [`waymark`], run in `dir`.
pub fn waymark_in(dir: &Path, args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("WAYMARK_TODAY", "2026-11-24")
        .stdin(Stdio::null())
        .output()
        .expect("run waymark")
}

/// `waymark serve` as the real binary on a free port; stopped when dropped.
pub struct Server {
    /// The server process.
    pub child: std::process::Child,
    /// `http://127.0.0.1:PORT/`.
    pub base: String,
    /// The port it listens on.
    pub port: u16,
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Server {
    /// Serves the handbook at `dir`, with `env` set for the server.
    pub fn start(dir: &std::path::Path, env: &[(&str, &str)]) -> Server {
        use std::io::{BufRead, BufReader};
        let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
            .args(["serve", dir.to_str().unwrap(), "--port", "0"])
            .env("NO_COLOR", "1")
            .envs(env.iter().copied())
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start waymark serve");
        let stderr = child.stderr.take().expect("the server's stderr");
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(at) = line.find("http://127.0.0.1:") {
                    let url = line[at..].split_whitespace().next().unwrap_or("");
                    let _ = tx.send(url.to_string());
                }
            }
        });
        let base = rx
            .recv_timeout(std::time::Duration::from_secs(60))
            .expect("the server says where it listens");
        let port = base
            .trim_end_matches('/')
            .rsplit(':')
            .next()
            .and_then(|p| p.parse().ok())
            .expect("a port in the address");
        Server { child, base, port }
    }

    /// GETs `path` with a real HTTP client: the status and, for a success, the body.
    pub fn get(&self, path: &str) -> (u16, String) {
        match ureq::get(&format!("{}{}", self.base, path.trim_start_matches('/'))).call() {
            Ok(mut r) => (
                r.status().as_u16(),
                r.body_mut().read_to_string().unwrap_or_default(),
            ),
            Err(ureq::Error::StatusCode(code)) => (code, String::new()),
            Err(e) => panic!("GET {path}: {e}"),
        }
    }

    /// Asks for `path` until `pred` holds (or a generous deadline passes); the last answer.
    pub fn until(&self, path: &str, pred: impl Fn(u16, &str) -> bool) -> (u16, String) {
        let end = std::time::Instant::now() + std::time::Duration::from_secs(15);
        loop {
            let (code, body) = self.get(path);
            if pred(code, &body) || std::time::Instant::now() > end {
                return (code, body);
            }
            std::thread::sleep(std::time::Duration::from_millis(50));
        }
    }
}

/// The real mdBook the tests drive (`scripts/install-test-tools.sh` installs it); fails
/// the test with that advice when it is missing.
pub fn mdbook() -> Command {
    let ok = Command::new("mdbook")
        .arg("--version")
        .output()
        .is_ok_and(|o| o.status.success());
    assert!(
        ok,
        "mdbook is not installed: run scripts/install-test-tools.sh"
    );
    Command::new("mdbook")
}
