//! `waymark serve`: the live preview. A builder thread owns the site and rebuilds what
//! file events touch; the server answers from memory and tells open tabs to reload.
//!
//! `watch` turns raw file events into batches of changed paths, `state` holds the built
//! site and its errors, `http` answers requests and streams reload events, `conn` accepts
//! connections (time limits, a cap, the stop on Ctrl+C), `client` is the script and
//! overlay injected into every HTML page. Nothing here writes to the console: what the
//! preview has to say goes to a [`Console`], and each build's outcome is the
//! [`SiteBuilder`]'s to show.

pub(crate) mod client;
mod conn;
pub(crate) mod http;
pub(crate) mod state;
pub(crate) mod watch;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

/// What one build or rebuild produced.
#[derive(Debug, Default, Clone)]
pub struct Outcome {
    /// Output files, by URL path without the leading `/` (`journeys/a.html`): new or changed.
    pub updated: BTreeMap<String, crate::site::build::File>,
    /// Output files that no longer exist.
    pub removed: Vec<String>,
    /// `updated` is the whole site: everything not in it is gone.
    pub replace_all: bool,
    /// Pages whose source has errors, by URL path, with the report to show on them.
    pub page_errors: BTreeMap<String, String>,
    /// The site as a whole cannot be built (config, template): keep the last good build and
    /// show this on every page.
    pub site_error: Option<String>,
}

/// Something that can build a site and rebuild parts of it.
pub trait SiteBuilder: Send + 'static {
    /// Builds the whole site.
    fn build_all(&mut self) -> Outcome;
    /// Rebuilds what the changed source paths touch.
    fn rebuild(&mut self, changed: &[PathBuf]) -> Outcome;
    /// What a rebuild left for after the reload (the search index), if anything.
    fn follow_up(&mut self) -> Option<Outcome> {
        None
    }
    /// The folder to watch.
    fn root(&self) -> &Path;
    /// Folders under the root that are never sources (the output folder, caches).
    fn ignored(&self) -> Vec<PathBuf>;
}

/// What the preview tells the person running it.
pub trait Console {
    /// The preview of the handbook at `root` is at `url`.
    fn listening(&self, root: &Path, url: &str);
    /// A warning or a note: a busy port, a preview open to the network, no browser.
    fn note(&self, message: &str);
}

/// Where and how to serve.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// Address to listen on; localhost unless the user asks otherwise.
    pub host: String,
    /// First port to try; the next free one is taken when it is busy.
    pub port: u16,
    /// Open the site in the default browser.
    pub open: bool,
}

/// How many ports after the requested one are tried.
const PORT_TRIES: u16 = 50;

fn is_loopback(host: &str) -> bool {
    matches!(host, "localhost" | "127.0.0.1" | "::1" | "[::1]") || host.starts_with("127.")
}

/// Binds the first free port from `opts.port` on.
async fn bind(
    opts: &ServeOptions,
    console: &dyn Console,
) -> Result<tokio::net::TcpListener, crate::Error> {
    let host = opts.host.trim_start_matches('[').trim_end_matches(']');
    let mut last_err = std::io::Error::other("no port to try");
    for port in opts.port..=opts.port.saturating_add(PORT_TRIES) {
        match tokio::net::TcpListener::bind((host, port)).await {
            Ok(l) => {
                if port != opts.port {
                    console.note(&format!("port {} is in use; using {port}", opts.port));
                }
                return Ok(l);
            }
            Err(e) => last_err = e,
        }
        if opts.port == 0 {
            break;
        }
    }
    Err(crate::Error::Io {
        what: format!("cannot listen on {host}"),
        source: last_err,
    })
}

/// Builds the site, serves it, and rebuilds on every change until interrupted. An error
/// that stops the preview (no file watcher, no port) is returned, not shown.
pub fn run<B: SiteBuilder>(
    mut builder: B,
    opts: &ServeOptions,
    console: &dyn Console,
) -> Result<(), crate::Error> {
    if !is_loopback(&opts.host) {
        console.note(&format!(
            "warning: serving on {}: anyone who can reach this machine can read the preview",
            opts.host
        ));
    }
    let shared = http::Shared::new();
    let first = builder.build_all();
    if let Ok(mut state) = shared.state.write() {
        state.apply(first);
    }

    let (tx, rx) = std::sync::mpsc::channel::<Vec<PathBuf>>();
    let root = builder.root().to_path_buf();
    let root = root.canonicalize().unwrap_or(root);
    let ignored: Vec<PathBuf> = builder
        .ignored()
        .into_iter()
        .map(|p| p.canonicalize().unwrap_or(p))
        .collect();
    let watch = watch::watch(&root, move |p| ignored.iter().any(|i| p.starts_with(i)), tx);
    let _watch = watch.map_err(crate::Error::Failed)?;

    let builder_shared = shared.clone();
    std::thread::spawn(move || {
        while let Ok(mut batch) = rx.recv() {
            // Take whatever else arrived meanwhile: one rebuild for the whole burst.
            while let Ok(more) = rx.try_recv() {
                batch.extend(more);
            }
            batch.sort();
            batch.dedup();
            let outcome = builder.rebuild(&batch);
            let changed = match builder_shared.state.write() {
                Ok(mut state) => state.apply(outcome),
                Err(poisoned) => poisoned.into_inner().apply(outcome),
            };
            builder_shared.announce(&changed);
            // Tabs reload first; the search index follows, and no page shows it.
            if let Some(more) = builder.follow_up() {
                match builder_shared.state.write() {
                    Ok(mut state) => state.apply(more),
                    Err(poisoned) => poisoned.into_inner().apply(more),
                };
            }
        }
    });

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|source| crate::Error::Io {
            what: "cannot start the server".to_string(),
            source,
        })?;
    runtime.block_on(async move {
        let listener = bind(opts, console).await?;
        let bound = listener.local_addr().map_err(|source| crate::Error::Io {
            what: "cannot read the address the server listens on".to_string(),
            source,
        })?;
        let url = format!("http://{bound}/");
        console.listening(&root, &url);
        if opts.open {
            open_browser(&url, console);
        }
        let app = http::router(shared, http::HostCheck::new(bound));
        let (stop, stopping) = tokio::sync::watch::channel(false);
        tokio::spawn(async move {
            let _ = tokio::signal::ctrl_c().await;
            let _ = stop.send(true);
        });
        // Reload streams never end by themselves, so open tabs would hold a graceful
        // shutdown forever: requests in flight get half a second, then the server stops
        // (the tabs reconnect to the next preview on their own).
        let limits = conn::Limits::from_env(|warning| console.note(&warning));
        conn::serve(listener, app, limits, stopping).await;
        Ok(())
    })
}

fn open_browser(url: &str, console: &dyn Console) {
    let opener = if cfg!(target_os = "macos") {
        "open"
    } else if cfg!(target_os = "windows") {
        "explorer"
    } else {
        "xdg-open"
    };
    if std::process::Command::new(opener).arg(url).spawn().is_err() {
        console.note(&format!("could not open a browser; visit {url}"));
    }
}
