//! `waymark render --batch`: one process answering JSON Lines requests through pipes, the
//! way the MkDocs and remark plugins drive it.

use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, ChildStdout, Command, Stdio};

/// A running `waymark render --batch`, asked one line at a time.
struct Session {
    child: Child,
    stdin: Option<ChildStdin>,
    stdout: BufReader<ChildStdout>,
}

impl Session {
    fn start(args: &[&str]) -> Session {
        let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
            .args(["render", "--batch"])
            .args(args)
            .env("NO_COLOR", "1")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("start waymark render --batch");
        let stdin = child.stdin.take();
        let stdout = BufReader::new(child.stdout.take().expect("waymark's standard output"));
        Session {
            child,
            stdin,
            stdout,
        }
    }

    /// Sends one raw line and waits for its answer: the process is still running, so the
    /// answer arrived because it was flushed, not because the process ended.
    fn ask_raw(&mut self, line: &str) -> Value {
        let stdin = self.stdin.as_mut().expect("the session is open");
        stdin.write_all(line.as_bytes()).expect("send a request");
        stdin.write_all(b"\n").expect("send a request");
        stdin.flush().expect("send a request");
        let mut answer = String::new();
        self.stdout.read_line(&mut answer).expect("read an answer");
        assert!(answer.ends_with('\n'), "one answer a line: {answer:?}");
        serde_json::from_str(&answer).expect("an answer is JSON")
    }

    fn ask(&mut self, request: Value) -> Value {
        self.ask_raw(&request.to_string())
    }

    /// Closes standard input and waits: the session ends by itself, successfully.
    fn finish(mut self) -> String {
        drop(self.stdin.take());
        let out = self.child.wait_with_output().expect("wait for waymark");
        assert!(out.status.success(), "exit {:?}", out.status);
        String::from_utf8_lossy(&out.stderr).into_owned()
    }
}

const PAGE: &str = "---\ntitle: Page\n---\n\n# Checkout\n\n```journey\ntitle Checkout\nsection Pay\n  Enters card: 2: Maya\n```\n\nAfter the map.\n";

#[test]
fn one_process_answers_every_request_in_order_and_survives_bad_lines() {
    let mut s = Session::start(&[]);

    // A page: the fence becomes one line of HTML, everything else is kept.
    let a = s.ask(json!({"id": 1, "source": PAGE, "file": "docs/pay.md"}));
    assert_eq!(a["protocol"], "waymark-batch/1");
    assert_eq!((a["id"].clone(), a["ok"].clone()), (json!(1), json!(true)));
    let md = a["markdown"].as_str().expect("markdown");
    assert!(md.starts_with("---\ntitle: Page\n---\n\n# Checkout\n\n<figure"));
    assert!(md.ends_with("</figure>\n\nAfter the map.\n"));
    let svg = a["maps"][0]["svg"].as_str().expect("the map's SVG");
    assert!(svg.starts_with("<svg") && svg.ends_with("</svg>"));
    assert!(md.contains(&format!(
        "id=\"{}\"",
        a["maps"][0]["id"].as_str().unwrap_or("?")
    )));

    // Not JSON at all: answered, with no id to echo.
    let a = s.ask_raw("this is not json");
    assert_eq!(
        (a["id"].clone(), a["ok"].clone()),
        (Value::Null, json!(false))
    );
    assert!(a["error"]["message"]
        .as_str()
        .is_some_and(|m| m.contains("input line 2 is not JSON")));

    // JSON, but a misspelt field: the id is still echoed and the field named.
    let a = s.ask(json!({"id": "typo", "sorce": "x"}));
    assert_eq!(a["id"], "typo");
    let message = a["error"]["message"].as_str().unwrap_or_default();
    assert!(message.contains("unknown field `sorce`"), "{message}");

    // No id: a request must have one.
    let a = s.ask(json!({"source": PAGE}));
    assert!(a["error"]["message"]
        .as_str()
        .unwrap_or_default()
        .contains("`id`"));

    // A broken journey: every problem, placed in the page's file.
    let a = s.ask(json!({
        "id": 5,
        "kind": "journey",
        "file": "docs/broken.md",
        "line": 12,
        "source": "section S\n  Step: lots: Me\n",
    }));
    assert_eq!(a["ok"], false);
    assert!(a["html"].is_null() && a["maps"] == json!([]));
    let d = &a["diagnostics"][0];
    assert_eq!(d["file"], "docs/broken.md");
    assert_eq!(
        (d["line"].clone(), d["column"].clone()),
        (json!(13), json!(9))
    );
    assert_eq!(d["severity"], "error");
    assert!(d["help"].is_string());
    assert!(a["error"]["message"]
        .as_str()
        .is_some_and(|m| m.starts_with("docs/broken.md has errors")));

    // An unknown theme: a usage problem with the themes there are.
    let a = s.ask(
        json!({"id": 6, "kind": "journey", "theme": "drak", "source": "section S\n  A: 3: Me\n"}),
    );
    assert_eq!(a["ok"], false);
    assert!(a["error"]["help"]
        .as_str()
        .unwrap_or_default()
        .contains("dark"));

    // The session goes on after all that: a single journey with its fence attributes.
    let a = s.ask(json!({
        "id": 7,
        "kind": "journey",
        "info": "layout=timeline",
        "theme": "dark",
        "source": "section S\n  A: 3: Me\n",
    }));
    assert_eq!(a["ok"], true, "{a}");
    let html = a["html"].as_str().expect("html");
    assert!(html.contains("waymark-layout-timeline") && html.contains("waymark-theme-dark"));

    assert!(s.finish().is_empty(), "problems are answered, not printed");
}

#[test]
fn bytes_that_are_not_utf8_are_answered() {
    let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(["render", "--batch"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .spawn()
        .expect("start waymark");
    let mut stdin = child.stdin.take().expect("stdin");
    stdin
        .write_all(b"{\"id\": 1, \"source\": \"\xff\"}\n{\"id\": 2, \"source\": \"plain\"}\n")
        .expect("write");
    drop(stdin);
    let out = child.wait_with_output().expect("wait");
    let answers: Vec<Value> = String::from_utf8_lossy(&out.stdout)
        .lines()
        .map(|l| serde_json::from_str(l).expect("JSON"))
        .collect();
    assert_eq!(answers.len(), 2);
    assert_eq!(answers[0]["ok"], false);
    assert_eq!(
        (answers[1]["id"].clone(), answers[1]["ok"].clone()),
        (json!(2), json!(true))
    );
}

#[test]
fn flags_are_defaults_that_requests_override() {
    let mut s = Session::start(&["--theme", "dark", "--layout", "storyboard"]);
    let source = "```journey\nsection S\n  A: 3: Me\n```\n";
    let a = s.ask(json!({"id": 1, "source": source}));
    let md = a["markdown"].as_str().unwrap_or_default();
    assert!(md.contains("waymark-theme-dark") && md.contains("waymark-layout-storyboard"));
    let a = s.ask(json!({"id": 2, "source": source, "theme": "light", "layout": "map"}));
    let md = a["markdown"].as_str().unwrap_or_default();
    assert!(md.contains("waymark-theme-light") && md.contains("waymark-layout-map"));
    let a = s.ask(json!({"id": 3, "kind": "theme", "theme": "dark"}));
    assert_eq!(a["variables"]["--waymark-background"], "#161b26");
    s.finish();
}

#[test]
fn batch_takes_no_file_and_no_single_id_prefix() {
    for args in [&["x.md"][..], &["--id-prefix", "p"], &["--out", "o.md"]] {
        let out = Session::start(args).child.wait_with_output().expect("wait");
        assert_eq!(out.status.code(), Some(2), "{args:?}");
    }
}

#[test]
fn shipped_schemas_are_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    for which in ["request", "answer"] {
        let out = crate::common::waymark(&["render", "--schema", which]);
        let path = format!("docs/batch-{which}.schema.json");
        let shipped = std::fs::read_to_string(root.join(&path)).expect("shipped schema");
        assert_eq!(
            String::from_utf8_lossy(&out.stdout),
            shipped,
            "run `waymark render --schema {which} > {path}`"
        );
    }
}
