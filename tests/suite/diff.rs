//! `waymark diff`, run as the real binary on real files and on a real git repository made
//! in a temporary folder.

use std::path::Path;
use std::process::{Command, Output};

const OLD: &str = "# Buying

```journey
title Buying an e-bike online
persona Maya
owner Growth team
reviewed 2026-01-10

section Awareness
  Sees an Instagram ad: 2: Maya
    channel: social
  Reads a review blog: 3: Maya
    pain: Reviews are two years old {severity: medium}
    opportunity: Fund fresh independent reviews {impact: high, effort: medium}
  Compares prices: 3: Maya

section Purchase
  Checks out on the web shop: 1: Maya
    pain: No mobile-wallet payment {severity: critical}
    opportunity: Offer wallets {impact: medium, effort: high}
  Waits for confirmation: 2: Maya

section Returns
  Sends the bike back: 1: Maya
```
";

const NEW: &str = "# Buying

```journey
title Buying an e-bike online
persona Maya
owner Checkout squad
reviewed 2026-06-01

section Awareness
  Sees an Instagram ad: 4: Maya
    channel: social
    touchpoint: Instagram
  Reads the review blogs: 3: Maya
    pain: Reviews are two years old {severity: high}
    pain: Too many ads {severity: low}

section Checkout
  Checks out in the web shop: 4: Maya
    opportunity: Offer wallets {impact: high, effort: high}
  Waits for confirmation: 2: Maya
  Compares prices: 3: Maya

section Delivery
  Receives the bike: 5: Maya
```
";

/// Runs `waymark` in `dir` with `args`, no colour, git looking for a repository no higher
/// than the temporary folders (so one around them cannot change the outcome).
fn waymark(dir: &Path, args: &[&str]) -> Output {
    waymark_env(dir, args, &[])
}

fn waymark_env(dir: &Path, args: &[&str], env: &[(&str, &str)]) -> Output {
    let ceiling = std::env::temp_dir();
    Command::new(env!("CARGO_BIN_EXE_waymark"))
        .args(args)
        .current_dir(dir)
        .env("NO_COLOR", "1")
        .env("GIT_CEILING_DIRECTORIES", ceiling)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .envs(env.iter().copied())
        .output()
        .expect("run waymark")
}

fn stdout(o: &Output) -> String {
    String::from_utf8_lossy(&o.stdout).into_owned()
}

fn stderr(o: &Output) -> String {
    String::from_utf8_lossy(&o.stderr).into_owned()
}

fn write(dir: &Path, name: &str, text: &str) {
    let path = dir.join(name);
    std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
    std::fs::write(path, text).expect("write");
}

/// Runs git in `dir`; it must succeed.
fn git(dir: &Path, args: &[&str]) {
    let out = Command::new("git")
        .args([
            "-c",
            "user.name=Waymark Test",
            "-c",
            "user.email=test@example.com",
        ])
        .args([
            "-c",
            "init.defaultBranch=main",
            "-c",
            "commit.gpgsign=false",
        ])
        .args(args)
        .current_dir(dir)
        .env("GIT_CONFIG_NOSYSTEM", "1")
        .env("GIT_CONFIG_GLOBAL", "/dev/null")
        .output()
        .expect("run git");
    assert!(out.status.success(), "git {args:?}: {}", stderr(&out));
}

/// A repository in `dir` whose `docs/buy.md` was OLD in the first commit and NEW in the
/// second.
fn repository(dir: &Path) {
    git(dir, &["init", "-q"]);
    write(dir, "docs/buy.md", OLD);
    git(dir, &["add", "."]);
    git(dir, &["commit", "-q", "-m", "first"]);
    write(dir, "docs/buy.md", NEW);
    git(dir, &["commit", "-q", "-a", "-m", "second"]);
}

fn files() -> tempfile::TempDir {
    let tmp = tempfile::tempdir().expect("temp dir");
    write(tmp.path(), "old.md", OLD);
    write(tmp.path(), "new.md", NEW);
    tmp
}

fn json(dir: &Path, args: &[&str]) -> serde_json::Value {
    let out = waymark(dir, args);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    serde_json::from_slice(&out.stdout).expect("one JSON document")
}

#[test]
fn text_groups_changes_by_stage() {
    let tmp = files();
    let out = waymark(tmp.path(), &["diff", "old.md", "new.md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let text = stdout(&out);
    for line in [
        "  ~ owner: Growth team → Checkout squad",
        "  ~ reviewed: 2026-01-10 → 2026-06-01",
        "    ~ Reads a review blog → Reads the review blogs (renamed)",
        "  ~ stage Purchase → Checkout (renamed)",
        "    → Compares prices (moved from stage Awareness)",
        "        score 2 → 4 (+2)",
        "        - pain resolved: No mobile-wallet payment (critical)",
        "        ~ pain: Reviews are two years old, severity medium → high",
        "        - opportunity dropped: Fund fresh independent reviews (impact high, effort medium)",
        "        ~ opportunity: Offer wallets, impact medium → high",
        "  - stage Returns (removed)",
        "  + stage Delivery (new, position 3)",
        "    + Receives the bike (score 5)",
    ] {
        assert!(text.contains(line), "missing {line:?} in\n{text}");
    }
    assert!(!text.contains('\x1b'), "no colour without a terminal");
    insta::assert_snapshot!("diff_text", text);

    let colored = waymark(
        tmp.path(),
        &["diff", "old.md", "new.md", "--color", "always"],
    );
    assert!(stdout(&colored).contains("\x1b[32m    + Receives the bike"));
}

#[test]
fn json_document_says_what_changed() {
    let tmp = files();
    let doc = json(
        tmp.path(),
        &["diff", "old.md", "new.md", "--format", "json"],
    );
    assert_eq!(doc["schema"], "waymark-diff/1");
    let s = &doc["summary"];
    assert_eq!(s["steps_renamed"], 2);
    assert_eq!(s["steps_added"], 1);
    assert_eq!(s["steps_removed"], 1);
    assert_eq!(s["stages_renamed"], 1);
    assert_eq!(s["pains_resolved"], 1);
    assert_eq!(s["opportunities_dropped"], 1);
    let j = &doc["journeys"][0];
    assert_eq!(j["paired_by"], "title");
    let fields: Vec<&str> = j["fields"]
        .as_array()
        .unwrap()
        .iter()
        .map(|f| f["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["owner", "reviewed"]);
    let steps: Vec<&serde_json::Value> = j["stages"]
        .as_array()
        .unwrap()
        .iter()
        .flat_map(|s| s["steps"].as_array().unwrap())
        .collect();
    let step = |name: &str| {
        *steps
            .iter()
            .find(|s| s["new_name"] == name || s["old_name"] == name)
            .unwrap_or_else(|| panic!("{name} listed"))
    };
    let ad = step("Sees an Instagram ad");
    assert_eq!(ad["score"]["old"], 2.0);
    assert_eq!(ad["score"]["new"], 4.0);
    assert_eq!(ad["score"]["delta"], 2.0);
    assert_eq!(ad["lanes"][0]["lane"], "touchpoint");
    let moved = step("Compares prices");
    assert_eq!(moved["moved"], "stage");
    assert_eq!(moved["old_stage"], "Awareness");
    assert_eq!(moved["new_stage"], "Checkout");
    let checkout = step("Checks out in the web shop");
    assert_eq!(checkout["renamed"], true);
    assert_eq!(checkout["pains"][0]["change"], "resolved");
    assert_eq!(checkout["pains"][0]["old"]["severity"], "critical");
    assert_eq!(checkout["opportunities"][0]["change"], "changed");
    assert_eq!(checkout["opportunities"][0]["old"]["impact"], "medium");
    assert_eq!(checkout["opportunities"][0]["new"]["impact"], "high");
    let blog = step("Reads the review blogs");
    assert_eq!(blog["opportunities"][0]["change"], "dropped");
    assert_eq!(step("Sends the bike back")["change"], "removed");
}

#[test]
fn markdown_summary_for_a_pull_request() {
    let tmp = files();
    let out = waymark(tmp.path(), &["diff", "old.md", "new.md", "--format", "md"]);
    assert_eq!(out.status.code(), Some(0), "{}", stderr(&out));
    let md = stdout(&out);
    assert!(
        md.contains("| Awareness › Sees an Instagram ad | 2 | 4 | +2 |"),
        "{md}"
    );
    assert!(
        md.contains("| owner | Growth team | Checkout squad |"),
        "{md}"
    );
    assert!(md.contains("- resolved: No mobile-wallet payment (critical) — Checkout › Checks out in the web shop"), "{md}");
    insta::assert_snapshot!("diff_markdown", md);
}

#[test]
fn revisions_are_read_through_git() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).expect("folder");
    repository(&repo);
    let doc = json(
        &repo,
        &[
            "diff",
            "HEAD~1:docs/buy.md",
            "HEAD:docs/buy.md",
            "--format",
            "json",
        ],
    );
    assert_eq!(doc["old"], "HEAD~1:docs/buy.md");
    assert_eq!(doc["summary"]["steps_renamed"], 2);

    // From a subfolder: `REV:./path` is relative to it; a file and a revision mix.
    let docs = repo.join("docs");
    let out = waymark(&docs, &["diff", "HEAD~1:./buy.md", "buy.md", "--exit-code"]);
    assert_eq!(
        out.status.code(),
        Some(1),
        "changes with --exit-code: {}",
        stderr(&out)
    );
    assert!(stdout(&out).contains("--- HEAD~1:./buy.md\n+++ buy.md\n"));

    // Nothing changed: exit 0, with or without --exit-code.
    for args in [
        &["diff", "HEAD:./buy.md", "buy.md"][..],
        &["diff", "HEAD:./buy.md", "buy.md", "--exit-code"][..],
    ] {
        let same = waymark(&docs, args);
        assert_eq!(same.status.code(), Some(0), "{}", stderr(&same));
        assert!(
            stdout(&same).ends_with("\nno changes\n"),
            "{}",
            stdout(&same)
        );
    }
}

#[test]
fn ids_match_steps_whatever_their_names_and_order_moves_are_found() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write(
        tmp.path(),
        "a.journey",
        "title Support\nsection Ask\n  Opens a ticket: 2: Sam\n    id: ticket\n  Waits: 1: Sam\n  Reads the FAQ: 3: Sam\n",
    );
    write(
        tmp.path(),
        "b.journey",
        "title Support\nsection Ask\n  Reads the FAQ: 3: Sam\n  Starts a chat with an agent: 2: Sam\n    id: ticket\n  Waits: 1: Sam\n",
    );
    let doc = json(
        tmp.path(),
        &["diff", "a.journey", "b.journey", "--format", "json"],
    );
    let steps = doc["journeys"][0]["stages"][0]["steps"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(steps.len(), 2, "{steps:#?}");
    assert_eq!(steps[0]["new_name"], "Reads the FAQ");
    assert_eq!(steps[0]["moved"], "order");
    assert_eq!(steps[1]["old_name"], "Opens a ticket");
    assert_eq!(steps[1]["new_name"], "Starts a chat with an agent");
    assert_eq!(steps[1]["renamed"], true);
    assert_eq!(doc["summary"]["steps_added"], 0);
}

#[test]
fn a_new_scale_converts_old_scores_and_is_said() {
    let tmp = tempfile::tempdir().expect("temp dir");
    write(
        tmp.path(),
        "a.journey",
        "title T\nsection S\n  Pays: 2: Me\n  Leaves: 5: Me\n",
    );
    write(
        tmp.path(),
        "b.journey",
        "title T\nscale -2..2\nsection S\n  Pays: 1: Me\n  Leaves: 2: Me\n",
    );
    let doc = json(
        tmp.path(),
        &["diff", "a.journey", "b.journey", "--format", "json"],
    );
    let j = &doc["journeys"][0];
    assert_eq!(j["scale"]["old"]["max"], 5.0);
    assert_eq!(j["scale"]["new"]["min"], -2.0);
    let steps = j["stages"][0]["steps"].as_array().unwrap();
    // 2 on 1..5 is -1 on -2..2: up by 2. 5 on 1..5 is 2 on -2..2: the same point, but the
    // written score changed.
    assert_eq!(steps[0]["score"]["delta"], 2.0);
    assert_eq!(steps[1]["score"]["delta"], 0.0);
    let text = stdout(&waymark(tmp.path(), &["diff", "a.journey", "b.journey"]));
    assert!(
        text.contains("~ scale: 1..5 → -2..2 (score changes compare the same point of each scale)"),
        "{text}"
    );
}

#[test]
fn several_journeys_pair_by_title_then_place() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let fence =
        |title: &str, steps: &str| format!("```journey\ntitle {title}\nsection S\n{steps}```\n\n");
    let old = [
        fence("Onboarding", "  Signs up: 3: A\n  Confirms mail: 2: A\n"),
        fence("Billing", "  Gets an invoice: 2: A\n  Pays it: 3: A\n"),
        fence("Legacy", "  Faxes a form: 1: A\n"),
    ]
    .concat();
    let new = [
        fence("Billing", "  Gets an invoice: 3: A\n  Pays it: 3: A\n"),
        fence(
            "Getting started",
            "  Signs up: 3: A\n  Confirms the mail: 2: A\n",
        ),
        fence("Referrals", "  Invites a friend: 4: A\n"),
    ]
    .concat();
    write(tmp.path(), "old.md", &old);
    write(tmp.path(), "new.md", &new);
    let doc = json(
        tmp.path(),
        &["diff", "old.md", "new.md", "--format", "json"],
    );
    let pairs: Vec<(String, String, String)> = doc["journeys"]
        .as_array()
        .unwrap()
        .iter()
        .map(|j| {
            (
                j["old_title"].as_str().unwrap().to_string(),
                j["new_title"].as_str().unwrap().to_string(),
                j["paired_by"].as_str().unwrap().to_string(),
            )
        })
        .collect();
    assert_eq!(
        pairs,
        [
            ("Billing".into(), "Billing".into(), "title".into()),
            (
                "Onboarding".into(),
                "Getting started".into(),
                "position".into()
            ),
        ]
    );
    assert_eq!(doc["journeys_added"][0]["title"], "Referrals");
    assert_eq!(doc["journeys_removed"][0]["title"], "Legacy");
    let text = stdout(&waymark(tmp.path(), &["diff", "old.md", "new.md"]));
    assert!(
        text.contains("+ journey Referrals (1 stage, 1 step)"),
        "{text}"
    );
    assert!(
        text.contains("- journey Legacy (1 stage, 1 step)"),
        "{text}"
    );
    assert!(
        text.contains("~ title: Onboarding → Getting started"),
        "{text}"
    );
}

#[test]
fn shipped_schema_is_current() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR"));
    let out = waymark(root, &["diff", "--schema"]);
    assert_eq!(out.status.code(), Some(0));
    let shipped = std::fs::read_to_string(root.join("docs/diff.schema.json")).expect("shipped");
    assert_eq!(
        stdout(&out),
        shipped,
        "run `waymark diff --schema > docs/diff.schema.json`"
    );
}

/// Asserts `out` exited with `code`, wrote nothing on stdout and said each of `said`.
fn fails(out: &Output, code: i32, said: &[&str]) {
    let err = stderr(out);
    assert_eq!(out.status.code(), Some(code), "{err}");
    assert!(out.stdout.is_empty(), "nothing on stdout: {}", stdout(out));
    for s in said {
        assert!(err.contains(s), "missing {s:?} in\n{err}");
    }
}

#[test]
fn bad_git_sides_say_what_is_wrong() {
    let tmp = tempfile::tempdir().expect("temp dir");
    let repo = tmp.path().join("repo");
    std::fs::create_dir(&repo).expect("folder");
    repository(&repo);
    let plain = tmp.path().join("plain");
    std::fs::create_dir(&plain).expect("folder");
    write(&plain, "new.md", NEW);

    let out = waymark(&plain, &["diff", "HEAD:docs/buy.md", "new.md"]);
    fails(
        &out,
        2,
        &[
            "`HEAD:docs/buy.md` is read through git, but",
            "is not in a git repository",
            "help: run `waymark diff` inside the repository",
        ],
    );

    let out = waymark(&repo, &["diff", "nosuch:docs/buy.md", "docs/buy.md"]);
    fails(
        &out,
        2,
        &["git knows no revision `nosuch`", "git log --oneline"],
    );

    let out = waymark(&repo, &["diff", "HEAD~1:buy.md", "docs/buy.md"]);
    fails(
        &out,
        2,
        &[
            "there is no `buy.md` at revision `HEAD~1`",
            "relative to the repository's top folder",
            "REV:./path",
        ],
    );

    let out = waymark(&repo, &["diff", "HEAD:docs", "docs/buy.md"]);
    fails(&out, 2, &["`docs` is a folder at revision `HEAD`"]);

    let out = waymark(&repo, &["diff", "--", "-oops:docs/buy.md", "docs/buy.md"]);
    fails(&out, 2, &["a revision cannot start with `-`"]);

    // No git on PATH.
    let empty = tmp.path().join("empty-bin");
    std::fs::create_dir(&empty).expect("folder");
    let path = empty.to_str().expect("UTF-8 path");
    let out = waymark_env(
        &repo,
        &["diff", "HEAD~1:docs/buy.md", "docs/buy.md"],
        &[("PATH", path)],
    );
    fails(
        &out,
        1,
        &[
            "cannot read `HEAD~1:docs/buy.md`: git is not installed",
            "compare two files",
        ],
    );
}

#[test]
fn bad_files_say_what_is_wrong() {
    let tmp = files();
    let d = tmp.path();
    write(d, "prose.md", "# Notes\n\nNo journey here.\n");
    write(d, "broken.md", "Intro\n\n```journey\ntitle Buying an e-bike online\nsection S\n  Step: 3: Me\n    pain: slow {severity: bogus}\n```\n");
    write(d, "tax.md", "```journey\ntitle Taxes\nsection File\n  Files a tax return: 2: Me\n  Pays the bill: 1: Me\n```\n");

    fails(
        &waymark(d, &["diff", "prose.md", "new.md"]),
        1,
        &["prose.md holds no journey", "```journey fence"],
    );
    fails(
        &waymark(d, &["diff", "old.md", "broken.md"]),
        1,
        &[
            "broken.md:7:27",
            "`bogus` is not a severity",
            "broken.md has errors",
        ],
    );
    fails(
        &waymark(d, &["diff", "missing.md", "new.md"]),
        2,
        &["cannot read missing.md"],
    );
    fails(
        &waymark(d, &["diff", "-", "-"]),
        2,
        &["standard input (`-`) is named twice"],
    );
    fails(&waymark(d, &["diff", "old.md"]), 2, &["<NEW>"]);

    // Unrelated journeys are said to be, not listed as everything removed and added.
    let out = waymark(d, &["diff", "tax.md", "new.md"]);
    fails(
        &out,
        1,
        &[
            "tax.md and new.md hold unrelated journeys",
            "`Taxes` and `Buying an e-bike online`",
            "share 0 of 2 steps (at least 30 % must match)",
            "--min-match 0",
        ],
    );
    let forced = waymark(d, &["diff", "tax.md", "new.md", "--min-match", "0"]);
    assert_eq!(forced.status.code(), Some(0), "{}", stderr(&forced));
    assert!(stdout(&forced).contains("~ title: Taxes → Buying an e-bike online"));
}
