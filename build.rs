//! Two things done once at build time instead of at every start of the binary:
//!
//! - The advance widths of the shipped font's first 1,328 characters (Latin, Greek,
//!   Cyrillic), in both faces, as a table `render::text` includes: looking them up in
//!   the font took a tenth of a short command's time (`waymark svg` of a small journey).
//! - The interface words of every language (`locales/*.toml`), as tables `i18n`
//!   includes: parsing the TOML took two fifths of `waymark svg` of a small journey.
//! - The built-in themes (`themes/*.toml`) as JSON, which reads in a tenth of the time.
//! - On x86-64 Linux the `waymark` binary is linked at a fixed address: a
//!   position-independent one spends a third of a short command's start applying 31,000
//!   relocations and copying the pages they touch (docs/benchmarks.md). Only the binaries
//!   are linked so; the library and everything else build as before. The static build of
//!   `scripts/release.sh` asks for a fixed address through its relocation model instead.
//!
//! It also names this build of waymark: a hash of everything that goes into it (sources,
//! templates, themes, words, font, locked dependencies, profile and target), which keys
//! the handbook's build cache, so a cache written by any other build is never trusted.

use std::fmt::Write;

/// Characters measured from the table; others are looked up in the font when met.
const TABLE: u32 = 0x530;

fn widths(font: &str) -> String {
    let bytes = std::fs::read(font).unwrap_or_else(|e| panic!("cannot read {font}: {e}"));
    let face = ttf_parser::Face::parse(&bytes, 0).unwrap_or_else(|e| panic!("{font}: {e}"));
    let em = f32::from(face.units_per_em());
    let mut out = String::from("[");
    for c in 0..TABLE {
        let w = char::from_u32(c)
            .and_then(|ch| face.glyph_index(ch))
            .and_then(|id| face.glyph_hor_advance(id))
            .map_or(0.6, |adv| f32::from(adv) / em);
        let _ = write!(out, "{w:?}f32,");
    }
    out.push(']');
    out
}

/// The TOML file at `path`, read as a `T`; the build stops with the file's problem.
fn read_toml<T: serde::de::DeserializeOwned>(path: &str) -> T {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path}: {e}"));
    toml::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The words of `locales/*.toml` as Rust: one `(language, site, map)` entry a file, in
/// `LANGUAGES`' order, each table sorted by key. A file with anything but `[site]` and
/// `[map]` strings fails the build.
fn locales(languages: &[&str]) -> String {
    let mut out = String::from("[");
    for lang in languages {
        let path = format!("locales/{lang}.toml");
        let file: std::collections::BTreeMap<String, std::collections::BTreeMap<String, String>> =
            read_toml(&path);
        let _ = write!(out, "({lang:?}, ");
        for section in ["site", "map"] {
            out.push_str("&[");
            for (key, word) in file.get(section).into_iter().flatten() {
                let _ = write!(out, "({key:?}, {word:?}),");
            }
            out.push_str("], ");
        }
        out.push_str("),");
        if let Some(other) = file.keys().find(|k| *k != "site" && *k != "map") {
            panic!("{path}: unknown table [{other}]; only [site] and [map] are read");
        }
    }
    out.push(']');
    out
}

/// The built-in themes as `(name, JSON)` entries, in `names`' order.
fn themes(names: &[&str]) -> String {
    let mut out = String::from("[");
    for name in names {
        let path = format!("themes/{name}.toml");
        let value: toml::Value = read_toml(&path);
        let json = serde_json::to_string(&value).unwrap_or_else(|e| panic!("{path}: {e}"));
        let _ = write!(out, "({name:?}, {json:?}),");
    }
    out.push(']');
    out
}

/// Hashes every file under `path` (in name order) into `h`.
fn hash_tree(path: &std::path::Path, h: &mut std::collections::hash_map::DefaultHasher) {
    use std::hash::Hash;
    let Ok(meta) = std::fs::metadata(path) else {
        return;
    };
    path.to_string_lossy().hash(h);
    if meta.is_dir() {
        let mut entries: Vec<_> = std::fs::read_dir(path)
            .map(|d| d.flatten().map(|e| e.path()).collect())
            .unwrap_or_default();
        entries.sort();
        for e in entries {
            hash_tree(&e, h);
        }
    } else if let Ok(bytes) = std::fs::read(path) {
        bytes.hash(h);
    }
}

/// The build's name (see the module's note).
fn build_id() -> String {
    use std::hash::{Hash, Hasher};
    let mut h = std::collections::hash_map::DefaultHasher::new();
    let inputs = [
        "src",
        "templates",
        "themes",
        "locales",
        "assets",
        "editors/sublime",
        "Cargo.toml",
        "Cargo.lock",
    ];
    for input in inputs {
        println!("cargo:rerun-if-changed={input}");
        hash_tree(std::path::Path::new(input), &mut h);
    }
    for key in [
        "PROFILE",
        "TARGET",
        "OPT_LEVEL",
        "DEBUG",
        "CARGO_CFG_FEATURE",
    ] {
        std::env::var(key).unwrap_or_default().hash(&mut h);
    }
    format!(
        "{}-{:016x}",
        std::env::var("CARGO_PKG_VERSION").unwrap_or_default(),
        h.finish()
    )
}

fn main() {
    println!("cargo:rerun-if-changed=build.rs");
    println!("cargo:rustc-env=WAYMARK_BUILD_ID={}", build_id());
    let regular = "assets/fonts/DejaVuSans.ttf";
    let bold = "assets/fonts/DejaVuSans-Bold.ttf";
    println!("cargo:rerun-if-changed={regular}");
    println!("cargo:rerun-if-changed={bold}");
    let table = format!(
        "/// Advance widths in em of U+0000..U+{TABLE:04X}, regular face.\n\
         pub(crate) const REGULAR_WIDTHS: [f32; {TABLE}] = {};\n\
         /// The same, bold face.\n\
         pub(crate) const BOLD_WIDTHS: [f32; {TABLE}] = {};\n",
        widths(regular),
        widths(bold)
    );
    let out = std::path::PathBuf::from(std::env::var("OUT_DIR").expect("cargo sets OUT_DIR"));
    std::fs::write(out.join("widths.rs"), table).expect("write the width table");
    // The languages in the order waymark lists them, each with a `locales/` file.
    let languages = ["en", "de", "bg", "lv", "ru", "sv"];
    let words = format!(
        "/// Languages waymark ships interface text for.\n\
         pub(crate) const LANGUAGES: &[&str] = &{languages:?};\n\
         /// Every language's words: (language, site words, map words), sorted by key.\n\
         const WORDS: [Words; {}] = {};\n",
        languages.len(),
        locales(&languages)
    );
    std::fs::write(out.join("locales.rs"), words).expect("write the word tables");
    // The built-in themes in the order waymark lists them, each with a `themes/` file.
    let names = ["light", "dark", "high-contrast", "print"];
    let themes = format!(
        "/// The names of the built-in themes.\n\
         const BUILTIN_NAMES: &[&str] = &{names:?};\n\
         /// The built-in themes: (name, the theme's file as JSON).\n\
         const BUILTIN: [(&str, &str); {}] = {};\n",
        names.len(),
        themes(&names)
    );
    std::fs::write(out.join("themes.rs"), themes).expect("write the theme table");

    let target = |key: &str| std::env::var(key).unwrap_or_default();
    // A static link (scripts/release.sh) takes its address from the relocation model it
    // is given; `-no-pie` beside rustc's `-static-pie` would make a binary that crashes.
    let static_link = target("CARGO_CFG_TARGET_FEATURE")
        .split(',')
        .any(|f| f == "crt-static");
    if target("CARGO_CFG_TARGET_OS") == "linux"
        && target("CARGO_CFG_TARGET_ARCH") == "x86_64"
        && !static_link
    {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
}
