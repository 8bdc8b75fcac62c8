//! `helpbook serve`: builds the site into a folder of its own, serves it,
//! watches `content/`, `themes/` and `book.toml`, rebuilds what a change
//! affects (see [`live`]) and reloads open pages over Server-Sent Events.
//!
//! - Every HTML response gets `<script src="/__helpbook/reload.js">` (a file,
//!   not an inline script, so a strict Content-Security-Policy still works).
//! - A build error does not stop the server: every HTML response carries an
//!   overlay with the error (file, line, message, HTML-escaped) until the
//!   next successful rebuild, and open pages reload to show it.
//! - `/api/search?q=…&lang=…&kind=…&limit=…` answers from the tantivy index
//!   held in memory, ranked as `helpbook search` ranks. The index is rebuilt
//!   in the background after each change; until it is ready, the previous
//!   one answers (`"indexing": true` says so).
//! - Only files inside the served folder are served: each path segment is
//!   decoded and must be a plain name, and the resolved file, symlinks
//!   followed, must still be inside the folder. Anything else is a 404.

pub mod live;

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::net::SocketAddr;
use std::path::{Component, Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock, mpsc};
use std::time::{Duration, Instant};

use axum::Router;
use axum::body::{Body, Bytes};
use axum::extract::{Query, State};
use axum::http::{HeaderValue, StatusCode, Uri, header};
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use notify_debouncer_full::notify::RecursiveMode;
use notify_debouncer_full::notify::event::{EventKind, ModifyKind};
use tokio::sync::{broadcast, watch};

use crate::diagnostic::{Diagnostic, Diagnostics, io_error};
use crate::search::{SearchRequest, SiteSearch};
use live::{Change, LiveSite, Update};

/// What `helpbook serve` is asked to do.
#[derive(Debug, Clone)]
pub struct ServeOptions {
    /// The site folder (with `book.toml` and `content/`).
    pub root: PathBuf,
    /// Where to build the served site; `None` means a new temporary
    /// folder, removed when the server stops.
    pub out: Option<PathBuf>,
    pub bind: String,
    /// 0 lets the system pick a free port (the URL is printed).
    pub port: u16,
    pub drafts: bool,
    /// Print only the address and errors.
    pub quiet: bool,
}

/// Saving a file usually fires several events within a few milliseconds;
/// waiting this long after the last one rebuilds once, and is short enough
/// to keep a save-to-reload time well under 300 ms.
const DEBOUNCE: Duration = Duration::from_millis(40);

const RELOAD_JS: &str = include_str!("reload.js");
const OVERLAY_CSS: &str = include_str!("overlay.css");

/// What open pages are told.
#[derive(Debug, Clone)]
enum Event {
    Reload(u64),
    BuildError(u64),
}

/// State shared by the HTTP handlers, the rebuild thread and the search
/// worker.
struct Shared {
    /// The served folder, canonical.
    out: PathBuf,
    /// The site's base path (`/` or `/docs/`): URLs are served under it.
    base_path: RwLock<String>,
    /// The pages' Content-Security-Policy, sent as a header with each page.
    csp: RwLock<String>,
    /// The current build error, rendered as text; `None` when the site built.
    error: RwLock<Option<String>>,
    events: broadcast::Sender<Event>,
    generation: AtomicU64,
    search: RwLock<Option<Arc<SiteSearch>>>,
    indexing: AtomicBool,
    written: Mutex<Written>,
    shutdown: watch::Receiver<bool>,
    quiet: bool,
}

/// What helpbook has written into the served folder, by content hash, so
/// that a rebuild writes only the files whose bytes changed.
#[derive(Default)]
struct Written {
    files: HashMap<String, blake3::Hash>,
}

/// Runs the dev server until Ctrl-C (or SIGTERM).
pub fn serve(options: ServeOptions) -> Result<(), Diagnostics> {
    let root = options.root.clone();
    if !root.join(crate::config::CONFIG_FILE).is_file() {
        return Err(Diagnostic::error(
            "serve",
            root.join(crate::config::CONFIG_FILE),
            "no book.toml here",
        )
        .with_help("run `helpbook serve` in a site folder, or pass `--root DIR`")
        .into());
    }
    // The folder to serve: a temporary one unless asked. `--out` follows
    // the rules of `helpbook build --out` (without `--force`), and stays
    // locked while the server runs, so no build swaps it underneath.
    let (out, _temporary, _lock) = match &options.out {
        Some(out) => {
            let target = crate::output::Target::check(&root, out, false)?;
            let lock = target.open_in_place(&|notice| eprintln!("{notice}"))?;
            (target.path, None, Some(lock))
        }
        None => {
            let dir = tempfile::Builder::new()
                .prefix("helpbook-serve-")
                .tempdir()
                .map_err(|e| {
                    Diagnostics::from(io_error(
                        &std::env::temp_dir(),
                        "create a temporary folder",
                        &e,
                    ))
                })?;
            (dir.path().to_path_buf(), Some(dir), None)
        }
    };
    let out = out
        .canonicalize()
        .map_err(|e| Diagnostics::from(io_error(&out, "open the output folder", &e)))?;

    let runtime = tokio::runtime::Builder::new_multi_thread()
        .worker_threads(2)
        .enable_all()
        .build()
        .map_err(|e| Diagnostics::from(io_error(&out, "start the server runtime", &e)))?;
    let (shutdown_tx, shutdown_rx) = watch::channel(false);
    let (event_sender, _) = broadcast::channel(64);
    let shared = Arc::new(Shared {
        out: out.clone(),
        base_path: RwLock::new("/".into()),
        csp: RwLock::new(String::new()),
        error: RwLock::new(None),
        events: event_sender,
        generation: AtomicU64::new(0),
        search: RwLock::new(None),
        indexing: AtomicBool::new(false),
        written: Mutex::new(Written::default()),
        shutdown: shutdown_rx,
        quiet: options.quiet,
    });

    // The first build, and the first search index, before serving.
    let started = Instant::now();
    let spinner = Spinner::start(options.quiet, "building the site");
    let mut live_site = LiveSite::new(&root, options.drafts);
    match live_site.load_everything() {
        Ok(update) => {
            set_base_path(&shared, &live_site);
            write_update(&shared, &update)?;
            if let Some(snapshot) = live_site.search_snapshot() {
                spinner.message("building the search index");
                build_search(&shared, snapshot);
            }
            drop(spinner);
            print_warnings(&update.warnings, options.quiet);
            if !options.quiet {
                crate::tell!(
                    "Built {} pages ({} articles) in {:.2} s",
                    update.pages,
                    live_site.site().map_or(0, crate::Site::page_count),
                    started.elapsed().as_secs_f64()
                );
            }
        }
        Err(diagnostics) => {
            drop(spinner);
            set_base_path(&shared, &live_site);
            crate::tell!("{}", diagnostics.to_string().trim_end());
            set_error(&shared, &diagnostics);
        }
    }

    let (search_tx, search_rx) = mpsc::channel::<live::SearchSnapshot>();
    {
        let shared = shared.clone();
        std::thread::Builder::new()
            .name("helpbook-search".into())
            .spawn(move || search_worker(&shared, &search_rx))
            .map_err(|e| Diagnostics::from(io_error(&out, "start the search thread", &e)))?;
    }

    let (watch_tx, watch_rx) = mpsc::channel();
    let mut debouncer = notify_debouncer_full::new_debouncer(DEBOUNCE, None, watch_tx)
        .map_err(|e| watch_error(&root, e))?;
    debouncer
        .watch(&root, RecursiveMode::NonRecursive)
        .map_err(|e| watch_error(&root, e))?;
    for folder in [crate::content::CONTENT_DIR, "themes"] {
        let path = root.join(folder);
        if path.is_dir() {
            debouncer
                .watch(&path, RecursiveMode::Recursive)
                .map_err(|e| watch_error(&path, e))?;
        }
    }
    {
        let shared = shared.clone();
        let root = root.canonicalize().unwrap_or(root.clone());
        let given_root = options.root.clone();
        std::thread::Builder::new()
            .name("helpbook-rebuild".into())
            .spawn(move || {
                rebuild_loop(
                    &shared,
                    live_site,
                    &root,
                    &given_root,
                    &watch_rx,
                    &search_tx,
                )
            })
            .map_err(|e| Diagnostics::from(io_error(&out, "start the rebuild thread", &e)))?;
    }

    let result = runtime.block_on(async {
        let address = format!("{}:{}", options.bind, options.port);
        let listener = tokio::net::TcpListener::bind(&address).await.map_err(|e| {
            Diagnostics::from(
                Diagnostic::error(
                    "serve",
                    "--port",
                    format!("cannot listen on {address}: {e}"),
                )
                .with_help("choose another port with `--port`, or `--port 0` for any free one"),
            )
        })?;
        let bound: SocketAddr = listener
            .local_addr()
            .map_err(|e| Diagnostics::from(io_error(&out, "read the bound address", &e)))?;
        let base = read_lock(&shared.base_path).clone();
        let host = if bound.is_ipv6() {
            format!("[{}]", bound.ip())
        } else {
            bound.ip().to_string()
        };
        // The first line on stdout is the URL (tests and scripts read it).
        crate::say!("helpbook serve: http://{host}:{}{base}", bound.port());
        if !options.quiet {
            crate::tell!(
                "Serving {} — watching content/, themes/ and book.toml; press Ctrl-C to stop",
                out.display()
            );
        }
        let _ = std::io::stdout().flush();
        let app = Router::new()
            .route("/__helpbook/reload.js", get(reload_js))
            .route("/__helpbook/overlay.css", get(overlay_css))
            .route("/__helpbook/events", get(events))
            .route("/api/search", get(search_api))
            .fallback(static_file)
            .with_state(shared.clone());
        axum::serve(listener, app)
            .with_graceful_shutdown(async move {
                shutdown_signal().await;
                // Ends the event streams, which would otherwise keep the
                // graceful shutdown waiting for open tabs.
                let _ = shutdown_tx.send(true);
            })
            .await
            .map_err(|e| Diagnostics::from(io_error(&out, "serve", &e)))
    });
    drop(debouncer);
    if !options.quiet {
        crate::tell!("Stopped.");
    }
    result
}

/// A spinner for the first build of a large site: on a terminal only, not
/// with `--quiet`, and only once the build has taken a second.
struct Spinner {
    bar: Option<indicatif::ProgressBar>,
    done: Option<mpsc::Sender<()>>,
}

impl Spinner {
    fn start(quiet: bool, message: &'static str) -> Spinner {
        use std::io::IsTerminal;
        if quiet || !std::io::stderr().is_terminal() {
            return Spinner {
                bar: None,
                done: None,
            };
        }
        let bar =
            indicatif::ProgressBar::with_draw_target(None, indicatif::ProgressDrawTarget::hidden());
        if let Ok(style) = indicatif::ProgressStyle::with_template("{spinner} {msg} ({elapsed})") {
            bar.set_style(style);
        }
        bar.set_message(message);
        let (done, wait) = mpsc::channel::<()>();
        let shown = bar.clone();
        std::thread::spawn(move || {
            if wait.recv_timeout(Duration::from_secs(1)).is_err() && !shown.is_finished() {
                shown.set_draw_target(indicatif::ProgressDrawTarget::stderr());
                shown.enable_steady_tick(Duration::from_millis(100));
            }
        });
        Spinner {
            bar: Some(bar),
            done: Some(done),
        }
    }

    fn message(&self, message: &'static str) {
        if let Some(bar) = &self.bar {
            bar.set_message(message);
        }
    }
}

impl Drop for Spinner {
    fn drop(&mut self) {
        if let Some(done) = self.done.take() {
            let _ = done.send(());
        }
        if let Some(bar) = &self.bar {
            bar.finish_and_clear();
        }
    }
}

fn watch_error(path: &Path, error: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error("serve", path, format!("cannot watch for changes: {error}")).into()
}

fn read_lock<T>(lock: &RwLock<T>) -> std::sync::RwLockReadGuard<'_, T> {
    lock.read()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn write_lock<T>(lock: &RwLock<T>) -> std::sync::RwLockWriteGuard<'_, T> {
    lock.write()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

fn set_base_path(shared: &Shared, live_site: &LiveSite) {
    if let Some(config) = live_site.config() {
        *write_lock(&shared.base_path) = config.base_path.clone();
        *write_lock(&shared.csp) = crate::render::content_security_policy(config);
    }
}

fn set_error(shared: &Shared, diagnostics: &Diagnostics) {
    *write_lock(&shared.error) = Some(diagnostics.to_string());
    let generation = shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
    let _ = shared.events.send(Event::BuildError(generation));
}

fn print_warnings(warnings: &[Diagnostic], quiet: bool) {
    if quiet {
        return;
    }
    if !warnings.is_empty() {
        // Grouped like `helpbook check`'s report: a few examples of a
        // warning that comes many times.
        crate::tell!("{}", Diagnostics(warnings.to_vec()));
    }
}

/// Waits for file changes, rebuilds, writes what changed, tells open pages.
fn rebuild_loop(
    shared: &Shared,
    mut live_site: LiveSite,
    root: &Path,
    given_root: &Path,
    changes: &mpsc::Receiver<notify_debouncer_full::DebounceEventResult>,
    search: &mpsc::Sender<live::SearchSnapshot>,
) {
    while let Ok(first) = changes.recv() {
        let started = Instant::now();
        let mut paths = BTreeSet::new();
        let mut collect = |result: notify_debouncer_full::DebounceEventResult| {
            if let Ok(events) = result {
                // Reading a file is an event too (helpbook's own reads
                // among them): only writes, creations, removals and
                // renames are changes.
                for event in events.iter().filter(|e| is_change(&e.kind)) {
                    for path in &event.paths {
                        // Events name canonical paths; the site speaks of
                        // paths under the root it was given.
                        let path = path
                            .strip_prefix(root)
                            .map_or_else(|_| path.clone(), |r| given_root.join(r));
                        paths.insert(path);
                    }
                }
            }
        };
        collect(first);
        while let Ok(more) = changes.try_recv() {
            collect(more);
        }
        let paths: Vec<PathBuf> = paths.into_iter().collect();
        let change = live_site.classify(&paths);
        if change == Change::Nothing {
            continue;
        }
        let what = match &change {
            Change::Articles(list) => list
                .iter()
                .map(|p| {
                    crate::diagnostic::relative(p, given_root)
                        .display()
                        .to_string()
                })
                .collect::<Vec<_>>()
                .join(", "),
            Change::Content => "content/".into(),
            _ => "book.toml or theme".into(),
        };
        match live_site.apply(&change) {
            Ok(Some(update)) => {
                set_base_path(shared, &live_site);
                let written = match write_update(shared, &update) {
                    Ok(written) => written,
                    Err(diagnostics) => {
                        crate::tell!("{}", diagnostics.to_string().trim_end());
                        set_error(shared, &diagnostics);
                        continue;
                    }
                };
                live::trace("write");
                let had_error = write_lock(&shared.error).take().is_some();
                let generation = shared.generation.fetch_add(1, Ordering::SeqCst) + 1;
                let _ = shared.events.send(Event::Reload(generation));
                let elapsed = started.elapsed();
                print_warnings(&update.warnings, shared.quiet || !update.full);
                if !shared.quiet {
                    crate::tell!(
                        "{what}: rendered {} page{}, wrote {written} file{}, reloaded in {} ms{}",
                        update.pages,
                        if update.pages == 1 { "" } else { "s" },
                        if written == 1 { "" } else { "s" },
                        elapsed.as_millis(),
                        if had_error { " (error fixed)" } else { "" }
                    );
                }
                if let Some(snapshot) = live_site.search_snapshot() {
                    shared.indexing.store(true, Ordering::SeqCst);
                    let _ = search.send(snapshot);
                }
            }
            Ok(None) => {}
            Err(diagnostics) => {
                crate::tell!("{}", diagnostics.to_string().trim_end());
                set_error(shared, &diagnostics);
            }
        }
    }
}

fn is_change(kind: &EventKind) -> bool {
    match kind {
        EventKind::Create(_) | EventKind::Remove(_) => true,
        EventKind::Modify(modify) => !matches!(modify, ModifyKind::Metadata(_)),
        EventKind::Access(_) | EventKind::Any | EventKind::Other => false,
    }
}

/// Rebuilds the search index from the latest snapshot whenever one comes;
/// snapshots that pile up while it works are skipped for the newest.
fn search_worker(shared: &Shared, snapshots: &mpsc::Receiver<live::SearchSnapshot>) {
    lower_priority();
    while let Ok(mut snapshot) = snapshots.recv() {
        while let Ok(newer) = snapshots.try_recv() {
            snapshot = newer;
        }
        build_search(shared, snapshot);
        // Only done when nothing newer is waiting.
        shared.indexing.store(false, Ordering::SeqCst);
    }
}

/// Gives the calling thread (and the threads it starts) a lower CPU
/// priority, so that rebuilding the search index of a large site in the
/// background does not slow down the page rebuild of the next edit.
#[cfg(target_os = "linux")]
fn lower_priority() {
    // SAFETY: setpriority only reads its integer arguments; on Linux,
    // `PRIO_PROCESS` with id 0 means the calling thread.
    let _ = unsafe { libc::setpriority(libc::PRIO_PROCESS, 0, 10) };
}

#[cfg(not(target_os = "linux"))]
fn lower_priority() {}

/// Builds the tantivy index and the browser's static index, writes the
/// latter (only the files whose bytes changed; stale shards are removed),
/// and swaps the index the API uses.
/// The index a full reload already built is used as it is.
fn build_search(shared: &Shared, snapshot: live::SearchSnapshot) {
    let site = &snapshot.site;
    let built = match snapshot.index {
        Some(built) => Ok(built),
        None => crate::search::index::build(site, None),
    };
    let result = built.and_then(|built| {
        let boosts = crate::search::boosts(site);
        let exported = crate::search::export::export(site, &built, boosts, None)?;
        Ok((built, exported))
    });
    let (built, exported) = match result {
        Ok(parts) => parts,
        Err(diagnostics) => {
            crate::tell!("{}", diagnostics.to_string().trim_end());
            return;
        }
    };
    let files: crate::render::Files = exported.files.iter().cloned().collect();
    let update = Update {
        files,
        copies: Vec::new(),
        full: false,
        pages: 0,
        warnings: Vec::new(),
    };
    if let Err(diagnostics) = write_update(shared, &update) {
        crate::tell!("{}", diagnostics.to_string().trim_end());
        return;
    }
    remove_stale(shared, &update.files, |path| path.starts_with("search/"));
    match SiteSearch::from_built(built, &exported.files) {
        Ok(search) => *write_lock(&shared.search) = Some(Arc::new(search)),
        Err(diagnostics) => eprint!("{diagnostics}"),
    }
}

/// Writes the files whose bytes changed; after a full rebuild, removes the
/// pages that are gone. Returns how many files were written.
fn write_update(shared: &Shared, update: &Update) -> Result<usize, Diagnostics> {
    let mut count = 0;
    {
        let mut written = shared.written.lock().unwrap_or_else(|e| e.into_inner());
        for (relative, bytes) in &update.files {
            if write_file(&shared.out, &mut written, relative, bytes)? {
                count += 1;
            }
        }
        for (relative, source) in &update.copies {
            if update.files.contains_key(relative) {
                continue; // a generated page wins; `build` reports the clash
            }
            let bytes = std::fs::read(source)
                .map_err(|e| Diagnostics::from(io_error(source, "read", &e)))?;
            if write_file(&shared.out, &mut written, relative, &bytes)? {
                count += 1;
            }
        }
    }
    if update.full {
        let mut keep = update.files.clone();
        for (relative, _) in &update.copies {
            keep.entry(relative.clone()).or_default();
        }
        remove_stale(shared, &keep, |path| !path.starts_with("search/"));
    }
    Ok(count)
}

/// Removes files helpbook wrote earlier, within `scope`, that `keep` lacks.
fn remove_stale(shared: &Shared, keep: &crate::render::Files, scope: impl Fn(&str) -> bool) {
    let mut written = shared.written.lock().unwrap_or_else(|e| e.into_inner());
    let stale: Vec<String> = written
        .files
        .keys()
        .filter(|path| scope(path) && !keep.contains_key(*path))
        .cloned()
        .collect();
    for path in stale {
        written.files.remove(&path);
        if let Some(full) = inside(&shared.out, &path) {
            let _ = std::fs::remove_file(full);
        }
    }
}

/// `relative` joined to `out` when it is made only of plain names and its
/// folder, symlinks followed, is inside `out`.
fn inside(out: &Path, relative: &str) -> Option<PathBuf> {
    let path = Path::new(relative);
    if relative.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return None;
    }
    let full = out.join(path);
    let parent = full.parent()?.canonicalize().ok()?;
    parent.starts_with(out).then_some(full)
}

/// Writes one file if its bytes changed, through a temporary file and a
/// rename, so a page being fetched is never half-written.
fn write_file(
    out: &Path,
    written: &mut Written,
    relative: &str,
    bytes: &[u8],
) -> Result<bool, Diagnostics> {
    let hash = blake3::hash(bytes);
    if written.files.get(relative) == Some(&hash) {
        return Ok(false);
    }
    let io = |path: &Path, action: &str, e: std::io::Error| {
        Diagnostics::from(io_error(path, action, &e))
    };
    let refuse = || {
        Diagnostics::from(Diagnostic::error(
            "output",
            relative,
            "refusing to write outside the output folder",
        ))
    };
    let path = Path::new(relative);
    if relative.is_empty() || !path.components().all(|c| matches!(c, Component::Normal(_))) {
        return Err(refuse());
    }
    let full = out.join(path);
    if let Some(parent) = full.parent() {
        std::fs::create_dir_all(parent).map_err(|e| io(parent, "create a folder", e))?;
    }
    let full = inside(out, relative).ok_or_else(refuse)?;
    let name = full
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temporary = full.with_file_name(format!(".{name}.helpbook-tmp"));
    std::fs::write(&temporary, bytes).map_err(|e| io(&temporary, "write", e))?;
    std::fs::rename(&temporary, &full).map_err(|e| io(&full, "write", e))?;
    written.files.insert(relative.to_string(), hash);
    Ok(true)
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    #[cfg(unix)]
    let terminate = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut signal) => {
                signal.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    #[cfg(not(unix))]
    let terminate = std::future::pending::<()>();
    tokio::select! {
        () = ctrl_c => {},
        () = terminate => {},
    }
}

/// Every response: never cached (the site changes under the reader), and
/// the headers a host should send: no MIME sniffing, and only the origin
/// as the referrer to other sites.
fn no_store(mut response: Response) -> Response {
    let headers = response.headers_mut();
    headers.insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    headers.insert(
        header::X_CONTENT_TYPE_OPTIONS,
        HeaderValue::from_static("nosniff"),
    );
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    response
}

fn with_type(content_type: &'static str, body: impl Into<Body>) -> Response {
    let mut response = Response::new(body.into());
    response
        .headers_mut()
        .insert(header::CONTENT_TYPE, HeaderValue::from_static(content_type));
    no_store(response)
}

async fn reload_js() -> Response {
    with_type("text/javascript; charset=utf-8", RELOAD_JS)
}

async fn overlay_css() -> Response {
    with_type("text/css; charset=utf-8", OVERLAY_CSS)
}

/// The Server-Sent Events stream open pages listen to.
async fn events(State(shared): State<Arc<Shared>>) -> Response {
    let receiver = shared.events.subscribe();
    let shutdown = shared.shutdown.clone();
    // `retry` makes the browser reconnect quickly after a restart.
    let hello = futures_util::stream::once(async {
        Ok::<Bytes, std::convert::Infallible>(Bytes::from_static(b"retry: 500\n: connected\n\n"))
    });
    let stream = futures_util::stream::unfold(
        (receiver, shutdown),
        |(mut receiver, mut shutdown)| async move {
            if *shutdown.borrow() {
                return None;
            }
            let text = tokio::select! {
                event = receiver.recv() => match event {
                    Ok(Event::Reload(n)) => format!("event: reload\ndata: {n}\n\n"),
                    Ok(Event::BuildError(n)) => format!("event: build-error\ndata: {n}\n\n"),
                    Err(broadcast::error::RecvError::Lagged(_)) => "event: reload\ndata: 0\n\n".to_string(),
                    Err(broadcast::error::RecvError::Closed) => return None,
                },
                _ = shutdown.changed() => return None,
                () = tokio::time::sleep(Duration::from_secs(20)) => ": ping\n\n".to_string(),
            };
            Some((
                Ok::<Bytes, std::convert::Infallible>(Bytes::from(text)),
                (receiver, shutdown),
            ))
        },
    );
    use futures_util::StreamExt as _;
    with_type("text/event-stream", Body::from_stream(hello.chain(stream)))
}

fn json_response(status: StatusCode, value: &serde_json::Value) -> Response {
    let mut response = with_type(
        "application/json; charset=utf-8",
        serde_json::to_vec(value).unwrap_or_default(),
    );
    *response.status_mut() = status;
    response
}

/// `/api/search?q=…&lang=…&kind=…&limit=…`.
async fn search_api(
    State(shared): State<Arc<Shared>>,
    Query(params): Query<HashMap<String, String>>,
) -> Response {
    let query = params.get("q").map_or("", |q| q.trim()).to_string();
    if query.is_empty() {
        return json_response(
            StatusCode::BAD_REQUEST,
            &serde_json::json!({"error": "missing query: /api/search?q=…&lang=…"}),
        );
    }
    let limit = match params.get("limit").map(|l| l.parse::<usize>()) {
        None => 10,
        Some(Ok(n)) => n.clamp(1, 100),
        Some(Err(_)) => {
            return json_response(
                StatusCode::BAD_REQUEST,
                &serde_json::json!({"error": "limit must be a number"}),
            );
        }
    };
    let non_empty = |key: &str| params.get(key).filter(|v| !v.is_empty()).cloned();
    let request = SearchRequest {
        query: query.clone(),
        lang: non_empty("lang"),
        kind: non_empty("kind"),
        limit,
        prefix: params
            .get("prefix")
            .is_some_and(|v| v == "1" || v == "true"),
    };
    let Some(search) = read_lock(&shared.search).clone() else {
        return json_response(
            StatusCode::SERVICE_UNAVAILABLE,
            &serde_json::json!({"error": "the search index is not built yet"}),
        );
    };
    let indexing = shared.indexing.load(Ordering::SeqCst);
    let out = shared.out.clone();
    let result = tokio::task::spawn_blocking(move || {
        // A query that is a contact gets its verdict, from the served
        // site's contacts.json as in the search box and `helpbook search`.
        let contact = crate::contact::Registry::load(&out)
            .ok()
            .and_then(|r| r.query_answer(&request.query, request.lang.as_deref()));
        search.query(&request).map(|outcome| (outcome, contact))
    })
    .await;
    match result {
        Ok(Ok((outcome, contact))) => {
            let corrections: Vec<&str> = outcome
                .corrections
                .iter()
                .map(|(_, c)| c.as_str())
                .collect();
            json_response(
                StatusCode::OK,
                &serde_json::json!({
                    "query": query, "contact": contact, "hits": outcome.hits, "total": outcome.total,
                    "corrections": corrections, "contacts": outcome.contacts, "indexing": indexing,
                }),
            )
        }
        Ok(Err(diagnostics)) => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &serde_json::json!({"error": diagnostics.to_string()}),
        ),
        Err(e) => json_response(
            StatusCode::INTERNAL_SERVER_ERROR,
            &serde_json::json!({"error": e.to_string()}),
        ),
    }
}

/// Decodes `%xx` escapes of one path segment; `None` on a bad escape or a
/// result that is not UTF-8.
fn decode_segment(segment: &str) -> Option<String> {
    let bytes = segment.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%' {
            let hex = std::str::from_utf8(bytes.get(i + 1..i + 3)?).ok()?;
            out.push(u8::from_str_radix(hex, 16).ok()?);
            i += 3;
        } else {
            out.push(bytes[i]);
            i += 1;
        }
    }
    String::from_utf8(out).ok()
}

/// The file a URL path (below the base path) names inside `out`, or `None`
/// when it names nothing there, or anything outside it.
fn resolve(out: &Path, path: &str) -> Option<Resolved> {
    let mut full = out.to_path_buf();
    for segment in path.split('/').filter(|s| !s.is_empty()) {
        let name = decode_segment(segment)?;
        let plain = !name.is_empty()
            && name != "."
            && name != ".."
            && !name.contains(['/', '\\', '\0', ':']);
        if !plain {
            return None;
        }
        full.push(name);
    }
    let canonical = full.canonicalize().ok()?;
    if !canonical.starts_with(out) {
        return None;
    }
    if canonical.is_dir() {
        if !path.is_empty() && !path.ends_with('/') {
            return Some(Resolved::Folder);
        }
        let index = canonical.join("index.html").canonicalize().ok()?;
        return (index.starts_with(out) && index.is_file()).then_some(Resolved::File(index));
    }
    canonical.is_file().then_some(Resolved::File(canonical))
}

enum Resolved {
    File(PathBuf),
    /// A folder asked for without its trailing slash.
    Folder,
}

fn content_type(path: &Path) -> &'static str {
    let extension = path
        .extension()
        .map(|e| e.to_string_lossy().to_ascii_lowercase())
        .unwrap_or_default();
    match extension.as_str() {
        "html" | "htm" => "text/html; charset=utf-8",
        "css" => "text/css; charset=utf-8",
        "js" | "mjs" => "text/javascript; charset=utf-8",
        "json" => "application/json",
        "xml" => "application/xml",
        "txt" => "text/plain; charset=utf-8",
        "svg" => "image/svg+xml",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "gif" => "image/gif",
        "webp" => "image/webp",
        "avif" => "image/avif",
        "ico" => "image/x-icon",
        "pdf" => "application/pdf",
        "woff2" => "font/woff2",
        "mp4" => "video/mp4",
        _ => "application/octet-stream",
    }
}

/// Escapes text for HTML.
fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// The reload script, and the error overlay when the last rebuild failed,
/// put before `</body>`.
fn inject(html: &[u8], error: Option<&str>) -> Vec<u8> {
    let mut extra = String::new();
    if let Some(error) = error {
        extra.push_str(
            "<link rel=\"stylesheet\" href=\"/__helpbook/overlay.css\">\
             <div id=\"helpbook-error\" role=\"alert\"><p><strong>helpbook: the site did not build.</strong> \
             Fix the file and save; this page reloads by itself.</p><pre>",
        );
        extra.push_str(&escape(error));
        extra.push_str("</pre></div>");
    }
    extra.push_str("<script src=\"/__helpbook/reload.js\" defer></script>");
    let lower = html.to_ascii_lowercase();
    let at = lower
        .windows(7)
        .rposition(|w| w == b"</body>")
        .unwrap_or(html.len());
    let mut out = Vec::with_capacity(html.len() + extra.len());
    out.extend_from_slice(&html[..at]);
    out.extend_from_slice(extra.as_bytes());
    out.extend_from_slice(&html[at..]);
    out
}

/// A page of the built site, or the site's 404 page.
async fn static_file(State(shared): State<Arc<Shared>>, uri: Uri) -> Response {
    let path = uri.path().to_string();
    let base = read_lock(&shared.base_path).clone();
    let error = read_lock(&shared.error).clone();
    let below_base = if path == base.trim_end_matches('/') && base != "/" {
        Some(None)
    } else {
        path.strip_prefix(base.as_str()).map(Some)
    };
    let resolved = match below_base {
        Some(Some(rest)) => resolve(&shared.out, rest),
        Some(None) => Some(Resolved::Folder),
        None if path == "/" => Some(Resolved::Folder),
        None => None,
    };
    let (status, file) = match resolved {
        Some(Resolved::Folder) => {
            let target = if path == "/" {
                base
            } else {
                format!("{path}/")
            };
            let mut response = Response::new(Body::empty());
            *response.status_mut() = StatusCode::MOVED_PERMANENTLY;
            if let Ok(value) = HeaderValue::from_str(&target) {
                response.headers_mut().insert(header::LOCATION, value);
            }
            return no_store(response);
        }
        Some(Resolved::File(file)) => (StatusCode::OK, Some(file)),
        None => {
            // The 404 page of the language folder the path is in, as a
            // static host told by `_redirects` answers, else the root one.
            let folder = path
                .strip_prefix(base.as_str())
                .and_then(|rest| rest.split('/').next())
                .filter(|first| !first.is_empty());
            let page = |candidate: &str| match resolve(&shared.out, candidate) {
                Some(Resolved::File(f)) => Some(f),
                _ => None,
            };
            let localized = folder.and_then(|first| page(&format!("{first}/404.html")));
            (
                StatusCode::NOT_FOUND,
                localized.or_else(|| page("404.html")),
            )
        }
    };
    let (kind, bytes) = match &file {
        Some(file) => match tokio::fs::read(file).await {
            Ok(bytes) => (content_type(file), bytes),
            Err(_) => (
                "text/html; charset=utf-8",
                b"<!doctype html><title>Not found</title><h1>Not found</h1>".to_vec(),
            ),
        },
        None => (
            "text/html; charset=utf-8",
            b"<!doctype html><title>Not found</title><h1>Not found</h1>".to_vec(),
        ),
    };
    let bytes = if kind.starts_with("text/html") {
        inject(&bytes, error.as_deref())
    } else {
        bytes
    };
    let is_html = kind.starts_with("text/html");
    let mut response = with_type(kind, bytes);
    *response.status_mut() = status;
    let csp = read_lock(&shared.csp).clone();
    if is_html
        && !csp.is_empty()
        && let Ok(csp) = HeaderValue::from_str(&csp)
    {
        response
            .headers_mut()
            .insert(header::CONTENT_SECURITY_POLICY, csp);
    }
    response.into_response()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segments_are_decoded_and_must_be_plain_names() {
        assert_eq!(decode_segment("a%20b").as_deref(), Some("a b"));
        assert_eq!(decode_segment("%2e%2e").as_deref(), Some(".."));
        assert_eq!(decode_segment("%zz"), None);
        assert_eq!(decode_segment("%e9"), None);
        let dir = tempfile::tempdir().expect("temp dir");
        let out = dir.path().canonicalize().expect("canonical");
        std::fs::write(out.join("a.html"), "a").expect("write");
        assert!(matches!(resolve(&out, "a.html"), Some(Resolved::File(_))));
        for bad in [
            "../a.html",
            "%2e%2e/a.html",
            "x%2f..%2fa.html",
            "..%5ca.html",
            "a.html%00",
        ] {
            assert!(resolve(&out, bad).is_none(), "{bad}");
        }
    }

    #[test]
    fn the_reload_script_goes_before_the_last_body_end() {
        let out = inject(b"<html><body>x</BODY></html>", Some("<b>bad</b> & co"));
        let text = String::from_utf8(out).expect("utf-8");
        assert!(text.contains("&lt;b&gt;bad&lt;/b&gt; &amp; co"));
        assert!(!text.contains("<b>bad"));
        assert!(
            text.ends_with("<script src=\"/__helpbook/reload.js\" defer></script></BODY></html>")
        );
    }
}
