//! The command line: one subcommand per job, each run by a module of [`crate::cmd`]. Flags
//! that several commands take are declared once ([`ReadArgs`], [`DrawArgs`]), so they mean
//! the same in each.

use clap::{Parser, Subcommand, ValueEnum};
use std::path::PathBuf;
use waymark::journey::Layout;
use waymark::pictures::Format;

/// Customer journey maps written as text, rendered into accessible maps and a CX handbook.
#[derive(Debug, Parser)]
#[command(name = "waymark", version, about, propagate_version = true)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands. Each one's flags are declared only when it is the one run (or asked
/// for help): declaring all of them took a sixth of drawing one small map. The argument
/// structs below carry `//` comments, not doc comments: clap would make a doc comment the
/// subcommand's about line in place of the variant's.
#[derive(Debug, Subcommand)]
#[command(defer = true)]
pub enum Command {
    /// Check journeys in files or folders and report every problem.
    Check(CheckArgs),
    /// Print the journeys of a file in a machine-readable form.
    Export(ExportArgs),
    /// Draw each journey of a file as an SVG (or PNG) picture.
    Svg(SvgArgs),
    /// Publish a folder of markdown as a static CX handbook.
    Build(BuildArgs),
    /// Preview a handbook while you write: rebuilds and reloads on every save.
    Serve(ServeArgs),
    /// Create a small handbook to start from.
    Init(InitArgs),
    /// mdBook preprocessor: reads [context, book] on stdin, writes the book on stdout.
    Mdbook(MdbookArgs),
    /// Markdown filter: every journey fence becomes its rendered HTML.
    Render(RenderArgs),
    /// Lay out journey blocks one way (indentation, spacing, blank lines); meaning kept.
    Fmt(FmtArgs),
    /// What changed between two versions of a file's journeys (files or REV:path).
    Diff(DiffArgs),
    /// Language server for editors, over standard input and output (see docs/editors.md).
    Lsp(LspArgs),
}

// `waymark lsp`
#[derive(Debug, clap::Args)]
pub struct LspArgs {
    /// Talk over standard input and output (the only way; editors' clients often pass it).
    #[arg(long)]
    pub stdio: bool,
    /// Which fences to read.
    #[command(flatten)]
    pub read: ReadArgs,
}

// `waymark fmt`
#[derive(Debug, clap::Args)]
pub struct FmtArgs {
    /// Files or folders (searched for .md, .journey, .mmd and .mermaid files), or `-` to
    /// format standard input to standard output.
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Change nothing; list the files that would change and exit with 1 if any would.
    #[arg(long)]
    pub check: bool,
    /// Which fences to read.
    #[command(flatten)]
    pub read: ReadArgs,
}

// `waymark mdbook`
#[derive(Debug, clap::Args)]
pub struct MdbookArgs {
    /// `supports RENDERER` or `install [BOOK_DIR]`; none to preprocess.
    #[command(subcommand)]
    pub action: Option<MdbookAction>,
}

// What `waymark mdbook` is asked.
#[derive(Debug, Subcommand)]
pub enum MdbookAction {
    /// Exit 0 when the renderer is supported (html; markdown gets tables), 1 otherwise.
    Supports {
        /// The renderer's name.
        renderer: String,
    },
    /// Add the preprocessor and its stylesheet to a book (safe to run again).
    Install {
        /// The book folder (with book.toml).
        #[arg(default_value = ".")]
        dir: PathBuf,
    },
}

// `waymark render`
#[derive(Debug, clap::Args)]
pub struct RenderArgs {
    /// The markdown file, or `-` for standard input.
    #[arg(default_value = "-")]
    pub file: PathBuf,
    /// How to draw.
    #[command(flatten)]
    pub draw: DrawArgs,
    /// Which fences to read.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Write here instead of standard output.
    #[arg(long, value_name = "FILE")]
    pub out: Option<PathBuf>,
    /// Add the map viewer (fit, zoom, full screen, step links) once, after the last map:
    /// its script and styles inline, so the page needs no other file.
    #[arg(long)]
    pub viewer: bool,
    /// Serve a whole site build from one process: read requests from standard input, one
    /// JSON object a line, and answer each with one line (docs/integrations.md). The
    /// other flags apply to every request that does not say otherwise.
    #[arg(long, conflicts_with_all = ["file", "out", "id_prefix", "schema"])]
    pub batch: bool,
    /// Print the JSON Schema of a batch request or answer line.
    #[arg(long, value_enum, value_name = "LINE")]
    pub schema: Option<BatchSchema>,
}

/// The lines of `waymark render --batch`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum BatchSchema {
    /// A request (standard input).
    Request,
    /// An answer (standard output).
    Answer,
}

// How the commands that read journeys find them: `check`, `export`, `svg`, `render`.
#[derive(Debug, Clone, Copy, clap::Args)]
pub struct ReadArgs {
    /// Read ```mermaid fences holding a journey diagram as journeys, too (.mmd and
    /// .mermaid files are always read as Mermaid).
    #[arg(long)]
    pub mermaid: bool,
}

// How the commands that draw decide what a map looks like: `svg`, `render`. Each choice
// wins over the journey's own.
#[derive(Debug, Clone, clap::Args)]
pub struct DrawArgs {
    /// Layout of every journey (default: the journey's own, else map).
    #[arg(long, value_enum)]
    pub layout: Option<LayoutArg>,
    /// Theme of every journey (default: the journey's own, else light).
    #[arg(long)]
    pub theme: Option<String>,
    /// A folder of your own themes (*.toml), which --theme and the journeys' `theme` may name.
    #[arg(long, value_name = "DIR")]
    pub themes_dir: Option<PathBuf>,
    /// Interface language of lane names and legends (default: the journey's `lang`, else en).
    #[arg(long, value_name = "LANG")]
    pub lang: Option<String>,
    /// Prefix of every id in the maps (default: one derived from the file's text, so maps
    /// of different files shown on one page never share ids).
    #[arg(long, value_name = "PREFIX")]
    pub id_prefix: Option<String>,
}

// `waymark build`
#[derive(Debug, clap::Args)]
pub struct BuildArgs {
    /// The handbook folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Where to write the site (default: `output` in waymark.toml, else DIR/_site).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Render every page and write every file, without reading or writing the build cache
    /// (DIR/.waymark-cache: the next build renders only the pages whose inputs changed).
    #[arg(long)]
    pub no_cache: bool,
}

// `waymark serve`
#[derive(Debug, clap::Args)]
pub struct ServeArgs {
    /// The handbook folder.
    #[arg(default_value = ".")]
    pub dir: PathBuf,
    /// Port to listen on (the next free one is taken when it is busy; 0 picks any).
    #[arg(long, default_value_t = 3000)]
    pub port: u16,
    /// Address to listen on. On a loopback address (the default) the preview answers only
    /// requests addressed to localhost, 127.0.0.1 or [::1] with its port, so other web
    /// sites cannot read it through DNS rebinding. Any other address (0.0.0.0 to listen
    /// everywhere) answers every host name: anyone who can reach this machine can read it.
    #[arg(long, default_value = "127.0.0.1")]
    pub host: String,
    /// Open the preview in the browser.
    #[arg(long)]
    pub open: bool,
    /// Also write every good build to this folder.
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
}

// `waymark init`
#[derive(Debug, clap::Args)]
pub struct InitArgs {
    /// The folder to create.
    pub dir: PathBuf,
}

/// Layouts on the command line.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum LayoutArg {
    /// Stages as columns, one lane per kind of content.
    Map,
    /// Mermaid's look: section bands, task cards, faces by score.
    Timeline,
    /// A lane per row, a step per column: an HTML table in pages, a picture from `svg`.
    Table,
    /// Panels in reading order.
    Storyboard,
}

impl From<LayoutArg> for Layout {
    fn from(l: LayoutArg) -> Self {
        match l {
            LayoutArg::Map => Layout::Map,
            LayoutArg::Timeline => Layout::Timeline,
            LayoutArg::Table => Layout::Table,
            LayoutArg::Storyboard => Layout::Storyboard,
        }
    }
}

/// Picture formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum SvgFormat {
    /// Scalable vector graphics.
    Svg,
    /// A PNG at twice the size, scaled down when needed to stay within 16,384 pixels a
    /// side and 64 million pixels.
    Png,
}

impl From<SvgFormat> for Format {
    fn from(f: SvgFormat) -> Self {
        match f {
            SvgFormat::Svg => Format::Svg,
            SvgFormat::Png => Format::Png,
        }
    }
}

// `waymark svg`
#[derive(Debug, clap::Args)]
pub struct SvgArgs {
    /// A markdown, .journey, .mmd or .mermaid file, or `-` for standard input (markdown,
    /// or a Mermaid journey).
    pub file: PathBuf,
    /// How to draw.
    #[command(flatten)]
    pub draw: DrawArgs,
    /// Which fences to read.
    #[command(flatten)]
    pub read: ReadArgs,
    /// Where to write the pictures (default: the current folder).
    #[arg(long, value_name = "DIR")]
    pub out: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = SvgFormat::Svg)]
    pub format: SvgFormat,
}

/// How diagnostics are printed.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiagnosticFormat {
    /// Readable report with the line and a caret.
    Human,
    /// One JSON document for CI and editors.
    Json,
}

// `waymark check`
#[derive(Debug, clap::Args)]
pub struct CheckArgs {
    /// Files or folders (searched for .md, .journey, .mmd and .mermaid files), or `-` for
    /// standard input (markdown, or a Mermaid journey).
    #[arg(required = true)]
    pub paths: Vec<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiagnosticFormat::Human)]
    pub format: DiagnosticFormat,
    /// Exit with 1 when there are warnings, too.
    #[arg(long)]
    pub deny_warnings: bool,
    /// A map reviewed longer ago than this many days is reported as stale.
    #[arg(long, default_value_t = 180, value_name = "DAYS")]
    pub stale_after: u32,
    /// Exit with 1 when a journey has a smaller share of steps backed by evidence (a
    /// score from enough data, a quote or a data metric) than this percentage.
    #[arg(long, value_name = "PCT", value_parser = percentage)]
    pub min_evidence: Option<f64>,
    /// Apply the fix each problem that has an obvious one carries, rewrite the files, say
    /// what changed, then report what is left.
    #[arg(long)]
    pub fix: bool,
    /// Which fences to read.
    #[command(flatten)]
    pub read: ReadArgs,
}

/// A percentage from 0 to 100 (`80`, `80%`, `62.5`).
fn percentage(text: &str) -> Result<f64, String> {
    let n: f64 = text
        .trim()
        .trim_end_matches('%')
        .trim_end()
        .parse()
        .map_err(|_| format!("`{text}` is not a number; write a percentage such as 80"))?;
    if (0.0..=100.0).contains(&n) {
        Ok(n)
    } else {
        Err(format!("{text} is not between 0 and 100"))
    }
}

/// Export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ExportFormat {
    /// The versioned JSON document described by `--schema`.
    Json,
}

// `waymark export`
#[derive(Debug, clap::Args)]
pub struct ExportArgs {
    /// A markdown, .journey, .mmd or .mermaid file, or `-` for standard input (markdown,
    /// or a Mermaid journey).
    #[arg(required_unless_present = "schema")]
    pub file: Option<PathBuf>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = ExportFormat::Json)]
    pub format: ExportFormat,
    /// Print the JSON Schema of the export document instead.
    #[arg(long)]
    pub schema: bool,
    /// Which fences to read.
    #[command(flatten)]
    pub read: ReadArgs,
}

/// Diff output formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum DiffFormat {
    /// Readable, grouped by stage.
    Text,
    /// The versioned JSON document described by `--schema`.
    Json,
    /// A Markdown summary to paste into a pull request.
    Md,
}

/// When to colour text output.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum ColorChoice {
    /// When standard output is a terminal and NO_COLOR is not set.
    Auto,
    /// Always.
    Always,
    /// Never.
    Never,
}

// `waymark diff`
#[derive(Debug, clap::Args)]
pub struct DiffArgs {
    /// The old version: a markdown, .journey or .mmd file, `-` for standard input, or
    /// `REV:path`, the file at a git revision (path from the repository's top folder, or
    /// `REV:./path` from the current folder).
    #[arg(required_unless_present = "schema")]
    pub old: Option<String>,
    /// The new version, named the same ways.
    #[arg(required_unless_present = "schema")]
    pub new: Option<String>,
    /// Output format.
    #[arg(long, value_enum, default_value_t = DiffFormat::Text)]
    pub format: DiffFormat,
    /// Exit with 1 when there are changes (0 when there are none), as `git diff
    /// --exit-code` does.
    #[arg(long)]
    pub exit_code: bool,
    /// Journeys of different titles count as versions of one journey when at least this
    /// share of the smaller one's steps match (0 pairs them whatever they hold).
    #[arg(long, value_name = "PCT", value_parser = percentage, default_value = "30")]
    pub min_match: f64,
    /// When to colour the text output.
    #[arg(long, value_enum, default_value_t = ColorChoice::Auto)]
    pub color: ColorChoice,
    /// Print the JSON Schema of the JSON document instead.
    #[arg(long)]
    pub schema: bool,
    /// Also draw the new version with the old one over it (old curve, added, changed and
    /// removed steps) to FILE: one picture per paired journey, the second `STEM-2.svg`
    /// and so on; a name ending in `.png` draws PNG.
    #[arg(long, value_name = "FILE")]
    pub svg: Option<PathBuf>,
    /// Which fences to read.
    #[command(flatten)]
    pub read: ReadArgs,
}

#[cfg(test)]
mod tests {
    use super::Cli;
    use clap::CommandFactory;

    /// clap's own checks of the declarations, deferred ones included (they run only when
    /// a subcommand is used).
    #[test]
    fn the_command_line_is_well_declared() {
        let mut cli = Cli::command();
        cli.build();
        for sub in cli.get_subcommands_mut() {
            sub.build();
        }
        cli.debug_assert();
    }
}
