//! `waymark lsp`: the real binary driven over JSON-RPC through pipes, as an editor does.

use crate::common::waymark_with_stdin;
use serde_json::{json, Value};
use std::io::{BufRead, BufReader, Read, Write};
use std::path::Path;
use std::process::{Child, ChildStdin, Command, Stdio};
use std::sync::mpsc::{channel, Receiver};
use std::time::Duration;

/// How long to wait for one message before the test fails instead of hanging.
const PATIENCE: Duration = Duration::from_secs(30);

/// An editor's side of the connection.
struct Client {
    child: Child,
    stdin: ChildStdin,
    messages: Receiver<Value>,
    /// Notifications that came while a response was awaited.
    pending: Vec<Value>,
    next_id: i64,
}

impl Client {
    fn start(root: &Path) -> Client {
        let mut child = Command::new(env!("CARGO_BIN_EXE_waymark"))
            .arg("lsp")
            .stdin(Stdio::piped())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("waymark lsp starts");
        let stdin = child.stdin.take().expect("stdin");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, messages) = channel();
        std::thread::spawn(move || {
            let mut reader = BufReader::new(stdout);
            loop {
                let mut length = None;
                loop {
                    let mut header = String::new();
                    if reader.read_line(&mut header).unwrap_or(0) == 0 {
                        return;
                    }
                    let header = header.trim();
                    if header.is_empty() {
                        break;
                    }
                    if let Some(n) = header.strip_prefix("Content-Length: ") {
                        length = n.parse::<usize>().ok();
                    }
                }
                let mut body = vec![0; length.expect("a Content-Length header")];
                if reader.read_exact(&mut body).is_err() {
                    return;
                }
                let value: Value = serde_json::from_slice(&body).expect("JSON from the server");
                if tx.send(value).is_err() {
                    return;
                }
            }
        });
        let mut client = Client {
            child,
            stdin,
            messages,
            pending: Vec::new(),
            next_id: 0,
        };
        let init = client.request(
            "initialize",
            json!({
                "processId": null,
                "rootUri": uri(root),
                "workspaceFolders": [{ "uri": uri(root), "name": "handbook" }],
                "capabilities": {},
            }),
        );
        assert_eq!(
            init["capabilities"]["textDocumentSync"]["change"], 2,
            "incremental sync: {init}"
        );
        client.notify("initialized", json!({}));
        client
    }

    fn send(&mut self, message: Value) {
        let body = message.to_string();
        write!(self.stdin, "Content-Length: {}\r\n\r\n{body}", body.len()).expect("write");
        self.stdin.flush().expect("flush");
    }

    fn notify(&mut self, method: &str, params: Value) {
        self.send(json!({ "jsonrpc": "2.0", "method": method, "params": params }));
    }

    fn next(&mut self) -> Value {
        self.messages
            .recv_timeout(PATIENCE)
            .expect("the server answers")
    }

    /// Sends a request and returns its result; notifications meanwhile are kept.
    fn request(&mut self, method: &str, params: Value) -> Value {
        self.try_request(method, params)
            .unwrap_or_else(|e| panic!("{method} failed: {e}"))
    }

    fn try_request(&mut self, method: &str, params: Value) -> Result<Value, Value> {
        self.next_id += 1;
        let id = self.next_id;
        self.send(json!({ "jsonrpc": "2.0", "id": id, "method": method, "params": params }));
        loop {
            let m = self.next();
            if m["id"] == json!(id) && m.get("method").is_none() {
                return match m.get("error") {
                    Some(e) => Err(e.clone()),
                    None => Ok(m["result"].clone()),
                };
            }
            self.pending.push(m);
        }
    }

    /// The next diagnostics published for `uri`.
    fn diagnostics(&mut self, uri: &str) -> Vec<Value> {
        let is_ours = |m: &Value| {
            m["method"] == "textDocument/publishDiagnostics" && m["params"]["uri"] == uri
        };
        if let Some(i) = self.pending.iter().position(is_ours) {
            let m = self.pending.remove(i);
            return m["params"]["diagnostics"]
                .as_array()
                .cloned()
                .unwrap_or_default();
        }
        loop {
            let m = self.next();
            if is_ours(&m) {
                return m["params"]["diagnostics"]
                    .as_array()
                    .cloned()
                    .unwrap_or_default();
            }
            self.pending.push(m);
        }
    }

    fn open(&mut self, uri: &str, language: &str, text: &str) -> Vec<Value> {
        self.notify(
            "textDocument/didOpen",
            json!({ "textDocument": { "uri": uri, "languageId": language, "version": 1, "text": text } }),
        );
        self.diagnostics(uri)
    }

    fn at(&mut self, method: &str, uri: &str, line: u32, character: u32) -> Value {
        self.request(
            method,
            json!({ "textDocument": { "uri": uri }, "position": { "line": line, "character": character } }),
        )
    }

    fn stop(mut self) {
        self.request("shutdown", Value::Null);
        self.notify("exit", Value::Null);
        let status = self.child.wait().expect("the server ends");
        assert!(status.success(), "{status}");
    }
}

fn uri(path: &Path) -> String {
    let path = path.to_str().expect("a UTF-8 path");
    format!("file://{}", path.replace(' ', "%20"))
}

fn labels(items: &Value) -> Vec<String> {
    let list = items.get("items").unwrap_or(items);
    list.as_array()
        .map(|a| {
            a.iter()
                .filter_map(|i| i["label"].as_str().map(String::from))
                .collect()
        })
        .unwrap_or_default()
}

/// The first line of each diagnostic's message (the help follows on the next).
fn messages(diags: &[Value]) -> Vec<String> {
    diags
        .iter()
        .map(|d| {
            d["message"]
                .as_str()
                .unwrap_or("")
                .lines()
                .next()
                .unwrap_or("")
                .to_string()
        })
        .collect()
}

const PERSONAS: &str = "# People\n\n```journey\npersona Maya\n  role: Commuter, 34\n  goal: Get to work without a car\n```\n";

const DAY: &str = "# Buying a bike 😀\n\nSome text.\n\n```journey\ntitle Buying a bike\npersona Maya\nsection Discover\n  Sees an ad: 4: Maya\n    channel app\nsection Buy\n  Pays 😀 2\n```\n";

fn workspace() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    std::fs::write(dir.path().join("personas.md"), PERSONAS).expect("write");
    dir
}

#[test]
fn diagnostics_as_typed_with_utf16_columns_and_their_quick_fixes() {
    let dir = workspace();
    let day = uri(&dir.path().join("day.md"));
    let mut c = Client::start(dir.path());
    let diags = c.open(&day, "markdown", DAY);
    // Maya is defined in another file of the workspace, read at start: no warning.
    assert_eq!(diags.len(), 2, "{diags:#?}");
    let channel = &diags[0];
    assert!(channel["message"]
        .as_str()
        .unwrap_or("")
        .contains("`channel` is missing its colon"));
    assert_eq!(
        channel["range"]["start"],
        json!({ "line": 9, "character": 4 })
    );
    assert_eq!(channel["severity"], 1);
    // `  Pays 😀 2`: the emoji is two UTF-16 units (and four bytes) before the gap.
    let step = &diags[1];
    assert_eq!(
        step["range"]["start"],
        json!({ "line": 11, "character": 9 })
    );
    assert_eq!(step["range"]["end"], json!({ "line": 11, "character": 10 }));

    let actions = c.request(
        "textDocument/codeAction",
        json!({
            "textDocument": { "uri": day },
            "range": { "start": { "line": 9, "character": 6 }, "end": { "line": 9, "character": 6 } },
            "context": { "diagnostics": [] },
        }),
    );
    let actions = actions.as_array().expect("a list of actions");
    assert_eq!(actions.len(), 1, "{actions:#?}");
    assert_eq!(actions[0]["kind"], "quickfix");
    let edit = &actions[0]["edit"]["changes"][&day][0];
    assert_eq!(edit["newText"], "channel: ");
    assert_eq!(edit["range"]["start"], json!({ "line": 9, "character": 4 }));
    assert_eq!(edit["range"]["end"], json!({ "line": 9, "character": 12 }));

    // Incremental changes: the quick fix applied, then the colon after the emoji typed.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": day, "version": 2 },
            "contentChanges": [
                { "range": edit["range"].clone(), "text": "channel: " },
                { "range": { "start": { "line": 11, "character": 9 }, "end": { "line": 11, "character": 10 } }, "text": ": " },
            ],
        }),
    );
    let diags = c.diagnostics(&day);
    assert_eq!(diags, Vec::<Value>::new());

    // A persona nobody defined is reported as typed.
    c.notify(
        "textDocument/didChange",
        json!({
            "textDocument": { "uri": day, "version": 3 },
            "contentChanges": [
                { "range": { "start": { "line": 6, "character": 8 }, "end": { "line": 6, "character": 12 } }, "text": "Kim" },
            ],
        }),
    );
    let diags = c.diagnostics(&day);
    assert_eq!(messages(&diags), ["the persona `Kim` is not defined"]);
    assert_eq!(
        diags[0]["range"]["start"],
        json!({ "line": 6, "character": 8 })
    );

    // A `.journey` file is read whole; closing a document clears what was said about it.
    let trip = uri(&dir.path().join("trip.journey"));
    let diags = c.open(&trip, "journey", "title Trip\nsection Go\n  Walk 5\n");
    assert_eq!(
        messages(&diags),
        ["a step needs a colon before its score (did you mean `Walk: 5`?)"]
    );
    c.notify(
        "textDocument/didClose",
        json!({ "textDocument": { "uri": trip } }),
    );
    assert_eq!(c.diagnostics(&trip), Vec::<Value>::new());
    c.stop();
}

#[test]
fn completion_offers_the_words_and_names_that_fit_the_place() {
    let dir = workspace();
    let day = uri(&dir.path().join("day.md"));
    let text = "```journey\ntitle Buying a bike\npersona \nloop \nsection Discover\n  Sees an ad: 4: \n    channel: \n    pain: Slow {severity: \n    opportunity: Wallets {effort: low, \n    \nsection Buy\n  Pays: 2\n```\n";
    let mut c = Client::start(dir.path());
    c.open(&day, "markdown", text);
    let persona = labels(&c.at("textDocument/completion", &day, 2, 8));
    assert_eq!(persona, ["Maya"]);
    let stages = labels(&c.at("textDocument/completion", &day, 3, 5));
    assert_eq!(stages, ["Discover", "Buy"]);
    let actors = labels(&c.at("textDocument/completion", &day, 5, 17));
    assert_eq!(actors, ["Maya"]);
    let channels = labels(&c.at("textDocument/completion", &day, 6, 13));
    assert!(
        channels.contains(&"web".to_string()) && channels.contains(&"word of mouth".to_string()),
        "{channels:?}"
    );
    let severity = labels(&c.at("textDocument/completion", &day, 7, 27));
    assert_eq!(severity, ["low", "medium", "high", "critical"]);
    let options = labels(&c.at("textDocument/completion", &day, 8, 39));
    assert_eq!(options, ["impact", "effort"]);
    // Under a step, every lane (as `journey::lanes` declares them) and the keywords.
    let words = labels(&c.at("textDocument/completion", &day, 9, 4));
    for w in [
        "channel",
        "touchpoint",
        "pain",
        "opportunity",
        "backstage",
        "section",
        "loop",
        "persona",
    ] {
        assert!(words.contains(&w.to_string()), "{w} missing from {words:?}");
    }
    // Outside journey fences, nothing.
    let outside = c.at("textDocument/completion", &day, 13, 0);
    assert_eq!(labels(&outside), Vec::<String>::new());
    c.stop();
}

#[test]
fn hover_shows_personas_reference_entries_and_scores() {
    let dir = workspace();
    let day = uri(&dir.path().join("day.md"));
    let mut c = Client::start(dir.path());
    c.open(&day, "markdown", DAY);
    let persona = c.at("textDocument/hover", &day, 6, 10);
    let card = persona["contents"]["value"].as_str().unwrap_or("");
    assert!(
        card.contains("### Maya") && card.contains("Commuter, 34"),
        "{card}"
    );
    assert!(
        card.contains("Get to work without a car") && card.contains("personas.md"),
        "{card}"
    );
    assert_eq!(
        persona["range"]["start"],
        json!({ "line": 6, "character": 8 })
    );
    let lane = c.at("textDocument/hover", &day, 9, 6);
    let entry = lane["contents"]["value"].as_str().unwrap_or("");
    assert!(entry.contains("web, app, email"), "{entry}");
    let keyword = c.at("textDocument/hover", &day, 7, 2);
    let entry = keyword["contents"]["value"].as_str().unwrap_or("");
    assert!(entry.contains("starts a stage"), "{entry}");
    let score = c.at("textDocument/hover", &day, 8, 14);
    let place = score["contents"]["value"].as_str().unwrap_or("");
    assert!(
        place.contains("Score 4") && place.contains("1..5") && place.contains("75%"),
        "{place}"
    );
    assert_eq!(c.at("textDocument/hover", &day, 2, 2), Value::Null);
    c.stop();
}

#[test]
fn personas_are_found_and_renamed_across_the_workspace() {
    let dir = workspace();
    let personas = uri(&dir.path().join("personas.md"));
    let day = uri(&dir.path().join("day.md"));
    let mut c = Client::start(dir.path());
    c.open(&day, "markdown", DAY);
    // From the actor in `Sees an ad: 4: Maya` to the definition in a file not open.
    let def = c.at("textDocument/definition", &day, 8, 18);
    assert_eq!(def["uri"], personas.as_str());
    assert_eq!(def["range"]["start"], json!({ "line": 3, "character": 8 }));
    let refs = c.request(
        "textDocument/references",
        json!({
            "textDocument": { "uri": day },
            "position": { "line": 6, "character": 9 },
            "context": { "includeDeclaration": true },
        }),
    );
    let mut places: Vec<(String, u64)> = refs
        .as_array()
        .expect("locations")
        .iter()
        .map(|l| {
            (
                l["uri"].as_str().unwrap_or("").to_string(),
                l["range"]["start"]["line"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    places.sort();
    assert_eq!(
        places,
        [(day.clone(), 6), (day.clone(), 8), (personas.clone(), 3)]
    );

    let prepared = c.at("textDocument/prepareRename", &day, 8, 18);
    assert_eq!(prepared["start"], json!({ "line": 8, "character": 17 }));
    let not_a_persona = c.try_request(
        "textDocument/prepareRename",
        json!({ "textDocument": { "uri": day }, "position": { "line": 7, "character": 10 } }),
    );
    assert!(not_a_persona.is_err(), "{not_a_persona:?}");
    let edit = c.request(
        "textDocument/rename",
        json!({
            "textDocument": { "uri": day },
            "position": { "line": 6, "character": 9 },
            "newName": "Maya Lee",
        }),
    );
    let changes = &edit["changes"];
    assert_eq!(changes[&day].as_array().map(Vec::len), Some(2), "{edit:#}");
    assert_eq!(changes[&personas][0]["newText"], "Maya Lee");
    let bad = c.try_request(
        "textDocument/rename",
        json!({ "textDocument": { "uri": day }, "position": { "line": 6, "character": 9 }, "newName": "A: B" }),
    );
    assert!(bad.is_err());
    c.stop();
}

#[test]
fn symbols_folds_and_formatting() {
    let dir = workspace();
    let day = uri(&dir.path().join("day.md"));
    let text = "Intro\n\n```journey\ntitle   Buying a bike\nsection Discover\nSees an ad:4:Maya\n    channel:web\n\n\nsection Buy\n  Pays: 2\n```\n";
    let mut c = Client::start(dir.path());
    c.open(&day, "markdown", text);
    let symbols = c.request(
        "textDocument/documentSymbol",
        json!({ "textDocument": { "uri": day } }),
    );
    let journey = &symbols[0];
    assert_eq!(journey["name"], "Buying a bike");
    let stages: Vec<&str> = journey["children"]
        .as_array()
        .expect("stages")
        .iter()
        .filter_map(|s| s["name"].as_str())
        .collect();
    assert_eq!(stages, ["Discover", "Buy"]);
    let discover = &journey["children"][0];
    assert_eq!(discover["children"][0]["name"], "Sees an ad");
    assert_eq!(discover["range"]["start"]["line"], 4);
    assert_eq!(discover["range"]["end"]["line"], 6);
    assert_eq!(discover["children"][0]["range"]["end"]["line"], 6);

    let folds = c.request(
        "textDocument/foldingRange",
        json!({ "textDocument": { "uri": day } }),
    );
    let mut ranges: Vec<(u64, u64)> = folds
        .as_array()
        .expect("ranges")
        .iter()
        .map(|f| {
            (
                f["startLine"].as_u64().unwrap_or(0),
                f["endLine"].as_u64().unwrap_or(0),
            )
        })
        .collect();
    ranges.sort();
    assert_eq!(ranges, [(2, 11), (4, 6), (5, 6), (9, 10)]);

    // Formatting gives what `waymark fmt` gives for the same text.
    let edits = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": day }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    let formatted = apply(text, edits.as_array().expect("edits"));
    let fmt = waymark_with_stdin(&["fmt", "-"], text);
    assert!(fmt.status.success());
    assert_ne!(formatted, text);
    assert_eq!(formatted, String::from_utf8_lossy(&fmt.stdout));
    c.notify(
        "textDocument/didChange",
        json!({ "textDocument": { "uri": day, "version": 2 }, "contentChanges": [{ "text": formatted }] }),
    );
    c.diagnostics(&day);
    let again = c.request(
        "textDocument/formatting",
        json!({ "textDocument": { "uri": day }, "options": { "tabSize": 2, "insertSpaces": true } }),
    );
    assert_eq!(again, json!([]));
    c.stop();
}

/// `text` with LSP edits applied (positions in UTF-16 units; the texts here are ASCII).
fn apply(text: &str, edits: &[Value]) -> String {
    let offset = |p: &Value| {
        let line = p["line"].as_u64().unwrap_or(0) as usize;
        let col = p["character"].as_u64().unwrap_or(0) as usize;
        let start: usize = text.split_inclusive('\n').take(line).map(str::len).sum();
        start + col
    };
    let mut edits: Vec<(usize, usize, String)> = edits
        .iter()
        .map(|e| {
            (
                offset(&e["range"]["start"]),
                offset(&e["range"]["end"]),
                e["newText"].as_str().unwrap_or("").to_string(),
            )
        })
        .collect();
    edits.sort_by_key(|e| std::cmp::Reverse(e.0));
    let mut out = text.to_string();
    for (start, end, new) in edits {
        out.replace_range(start..end, &new);
    }
    out
}
