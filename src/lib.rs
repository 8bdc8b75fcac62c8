//! helpbook: a static help-center generator.
//!
//! The pipeline, one module per stage, data flowing one way:
//!
//! ```text
//! book.toml ─► Config ─┐
//! content/ ──► Article* ─► Site ─► rendered pages ─┐
//!                           └────► search index ───┴─► staging dir ─► atomic swap ─► public/
//! ```
//!
//! [`build`] runs the whole pipeline; each stage is also public so tests
//! and tools can stop where they need to.

pub mod cache;
pub mod check;
pub mod config;
pub mod contact;
pub mod content;
pub mod diagnostic;
pub mod export;
pub mod feed;
pub mod git;
pub mod html;
pub mod import;
pub mod markdown;
pub mod markup;
pub mod output;
pub mod redirects;
pub mod related;
pub mod render;
pub mod sanitize;
pub mod scaffold;
pub mod search;
#[cfg(feature = "serve")]
pub mod serve;
pub mod site;
pub mod text_safety;
pub mod trace;

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use render::Sink as _;

/// `println!` that never panics: when stdout is a closed pipe
/// (`helpbook search x | head -1`) the line is dropped and the command goes
/// on to its normal exit, quietly.
#[macro_export]
macro_rules! say {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stdout().lock(), $($arg)*);
    }};
}

/// `eprintln!` that never panics on a closed stderr (see [`say!`]).
#[macro_export]
macro_rules! tell {
    ($($arg:tt)*) => {{
        use std::io::Write as _;
        let _ = writeln!(std::io::stderr().lock(), $($arg)*);
    }};
}

pub use config::Config;
pub use diagnostic::{Diagnostic, Diagnostics, Severity};
pub use site::Site;

/// What `helpbook build` is asked to do.
#[derive(Debug, Clone)]
pub struct BuildOptions {
    /// The site folder (with `book.toml` and `content/`).
    pub root: PathBuf,
    /// The output folder; relative paths are relative to the current directory.
    pub out: PathBuf,
    /// Overrides `base_url` from book.toml (e.g. for a preview deployment).
    pub base_url: Option<String>,
    pub drafts: bool,
    /// Treat warnings as errors.
    pub strict: bool,
    /// Replace `out` even when it is a non-empty folder helpbook did not
    /// make (never the site itself, a project folder, home or the current
    /// folder).
    pub force: bool,
    /// Where the tantivy index goes (for `helpbook search` and servers; no
    /// browser reads it) [default: `<root>/.helpbook/index`].
    pub index_out: Option<PathBuf>,
}

/// The default folder of the tantivy index inside a site.
pub const INDEX_DIR: &str = ".helpbook/index";

/// What a successful build did.
#[derive(Debug)]
pub struct BuildReport {
    pub articles: usize,
    /// Every HTML page written (articles, homes, kind pages, picker, 404).
    pub pages: usize,
    pub languages: Vec<String>,
    pub files: usize,
    pub warnings: Vec<Diagnostic>,
    pub elapsed: Duration,
    /// The part of `elapsed` spent building the search indexes.
    pub search_elapsed: Duration,
    /// Articles whose Markdown rendering came from the build cache.
    pub renderings_reused: usize,
    /// HTML pages (of [`BuildReport::pages`]) kept from the previous site
    /// without rendering them.
    pub pages_reused: usize,
    /// Chunks (segments) of the tantivy index, and how many of them this
    /// build indexed (the others it took from the previous index).
    pub search_chunks: usize,
    pub search_chunks_indexed: usize,
    /// Document files of the static index (one per article) this build
    /// made; the others it kept from the previous site without making them.
    pub search_docs_made: usize,
    /// Shard files of the static index this build made, and how many it
    /// kept from the previous site (their terms unchanged).
    pub search_shards_made: usize,
    pub search_shards_kept: usize,
    /// Index parts (segments) whose term statistics the related lists
    /// read from the index rather than from the build cache, and the
    /// articles whose related list was ranked rather than kept.
    pub related_parts_read: usize,
    pub related_ranked: usize,
}

/// Loads the configuration, applying a `--base-url` override.
pub fn load_config(root: &Path, base_url: Option<&str>) -> Result<Config, Diagnostics> {
    let mut config = Config::load(root)?;
    if let Some(url) = base_url {
        let source = std::fs::read_to_string(root.join(config::CONFIG_FILE)).unwrap_or_default();
        let replaced = replace_base_url(&source, url);
        config = Config::parse(&replaced).map_err(|mut d| {
            for diagnostic in &mut d.0 {
                diagnostic.message = format!("--base-url: {}", diagnostic.message);
            }
            d
        })?;
    }
    Ok(config)
}

/// book.toml's text with its `base_url` line replaced, so the override is
/// validated exactly like the file.
fn replace_base_url(source: &str, url: &str) -> String {
    let escaped = url.replace('\\', "\\\\").replace('"', "\\\"");
    let mut found = false;
    let mut lines: Vec<String> = source
        .lines()
        .map(|line| {
            if !found && line.trim_start().starts_with("base_url") && line.contains('=') {
                found = true;
                format!("base_url = \"{escaped}\"")
            } else {
                line.to_string()
            }
        })
        .collect();
    if !found {
        lines.insert(0, format!("base_url = \"{escaped}\""));
    }
    lines.join("\n")
}

/// The site-wide files besides pages: sitemap, robots.txt, release feeds,
/// alias redirect pages and `_redirects`. Shared by `build` and `serve`.
/// `written`: every path the site has so far (an alias must not replace one).
pub fn add_site_files(
    site: &Site,
    theme: &render::Theme,
    written: &std::collections::BTreeSet<String>,
    sink: &dyn render::Sink,
) -> Result<(), Diagnostics> {
    let mut files: Vec<(String, Vec<u8>)> = output::sitemap::files(site)
        .into_iter()
        .map(|(path, xml)| (path, xml.into_bytes()))
        .collect();
    files.push(("robots.txt".into(), output::robots(site).into_bytes()));
    for language in &site.languages {
        let strings = theme.strings_for(&language.code);
        let kind = strings.get("kind_release").map_or("Release notes", |s| s);
        let title = format!("{} – {kind}", language.title);
        if let Some(atom) = feed::atom(site, language, &title) {
            files.push((feed::output_path(language), atom.into_bytes()));
        }
    }
    // Aliases must not land on any of these either.
    let mut all = written.clone();
    all.extend(files.iter().map(|(path, _)| path.clone()));
    redirects::add_to(site, &all, sink)?;
    for (path, bytes) in files {
        sink.put(path, bytes)?;
    }
    Ok(())
}

/// "Last updated" dates from git, read once and kept: an article without
/// `updated:` in its front matter gets its file's last commit date.
#[derive(Debug, Default, Clone)]
pub struct GitDates(Option<std::collections::HashMap<PathBuf, jiff::civil::Date>>);

impl GitDates {
    /// Fills in `updated` for the articles that lack it (asks git the
    /// first time one does).
    pub fn apply(&mut self, root: &Path, articles: &mut [content::Article]) {
        if articles.iter().all(|a| a.updated.is_some()) {
            return;
        }
        let dates = self.0.get_or_insert_with(|| git::last_commit_dates(root));
        for article in articles {
            if article.updated.is_none() {
                article.updated = dates.get(&article.source).copied();
            }
        }
    }
}

/// Runs the pipeline up to the assembled [`Site`] (what `check` reports on).
/// It goes as far as it can: articles with errors are left out and the
/// site is assembled from the others, with every problem, errors included,
/// in [`Site::warnings`]; [`check_for_build`] is what fails on them.
pub fn load_site(root: &Path, config: Config, drafts: bool) -> Result<Site, Diagnostics> {
    load_site_with(
        root,
        config,
        content::LoadOptions {
            drafts,
            prefetch: None,
        },
        &cache::Cache::in_memory(),
        &mut GitDates::default(),
    )
}

/// [`load_site`], reusing the Markdown renderings that `cache` holds for
/// articles whose text, book.toml and links are unchanged (see
/// [`crate::cache`]): `build`, `check` and `serve` run the pipeline this way.
pub fn load_site_with(
    root: &Path,
    config: Config,
    options: content::LoadOptions,
    cache: &cache::Cache,
    dates: &mut GitDates,
) -> Result<Site, Diagnostics> {
    let mut content = content::load(root, &config, options, cache);
    trace::step("    slugs and categories checked");
    dates.apply(root, &mut content.articles);
    trace::step("    dates");
    Ok(site::assemble_with(config, content, cache))
}

/// The whole-site checks that every build runs (and `serve` after every
/// change), so a contact that is not in the registry can never be
/// published: errors fail; otherwise the site's warnings and the checks'
/// come back, sorted (all of them fail with `strict`). Info (untranslated
/// articles) is for `check` only.
pub fn check_for_build(
    site: &Site,
    strict: bool,
    today: jiff::civil::Date,
) -> Result<Vec<Diagnostic>, Diagnostics> {
    let mut all = Diagnostics(site.warnings.clone());
    all.0.extend(check::check_site(site, today).0);
    all.0.retain(|d| d.severity != Severity::Info);
    let mut all = all.sorted();
    if all.has_errors() {
        all.0.retain(|d| d.severity == Severity::Error || !strict);
        return Err(all);
    }
    if strict && !all.0.is_empty() {
        for d in &mut all.0 {
            d.severity = Severity::Error;
        }
        return Err(all);
    }
    Ok(all.0)
}

/// Builds the site into `options.out`, replacing it only on success.
pub fn build(options: &BuildOptions) -> Result<BuildReport, Diagnostics> {
    build_with_progress(options, &|_| {})
}

/// The stages of a build, in order, as [`build_with_progress`] reports them.
pub const BUILD_STAGES: [&str; 4] = [
    "reading and rendering articles",
    "building the search index",
    "rendering pages",
    "writing the site",
];

/// [`build`], calling `progress` with each stage of [`BUILD_STAGES`] as it
/// starts (the CLI shows them as a progress bar on a terminal).
pub fn build_with_progress(
    options: &BuildOptions,
    progress: &dyn Fn(&str),
) -> Result<BuildReport, Diagnostics> {
    let started = Instant::now();
    trace::step("start");
    let root = &options.root;
    // The output is checked first (writing nothing), and locked once the
    // folder is known to be a site: a second build into the same output
    // waits here (and says so), and a build that fails on its content still
    // cleans up after a killed one.
    let target = output::Target::check(root, &options.out, options.force)?;
    trace::step("    output checked");
    // The articles are read on the side while book.toml, the theme, the
    // locks and the cache are (one thread's work).
    let prefetch = content::Prefetch::start(root);
    let config = load_config(root, options.base_url.as_deref())?;
    trace::step("    config");
    let theme = render::Theme::load(root, &config)?;
    trace::step("    theme");
    let locked = target.lock(&|notice| eprintln!("{notice}"))?;
    progress(BUILD_STAGES[0]);
    // What the previous build rendered, kept in the project (.helpbook/cache).
    let cache = cache::Cache::open(root, &|notice| eprintln!("{notice}"));
    trace::step("config, theme, lock, cache");
    let load = content::LoadOptions {
        drafts: options.drafts,
        prefetch: Some(&prefetch),
    };
    let mut site = load_site_with(root, config, load, &cache, &mut GitDates::default())?;
    // (With what was read ahead and not taken: files of no language.)
    drop(prefetch);
    trace::step("content and Markdown");
    site.warnings = check_for_build(&site, options.strict, jiff::ZonedDateTime::now().date())?;
    site.forget_sources();
    trace::step("checks");
    progress(BUILD_STAGES[1]);
    // Files go into the staging folder as they are made; the tantivy index
    // into its own (not the published site: no browser reads it), swapped
    // in the same way after the site.
    let index_out = options
        .index_out
        .clone()
        .unwrap_or_else(|| root.join(INDEX_DIR));
    let index_staging = output::Target::check(root, &index_out, options.force)?
        .without_test_pauses()
        .lock(&|notice| eprintln!("{notice}"))?
        .stage()?;
    let search_started = Instant::now();
    let tantivy_folder = index_staging.folder(search::index::TANTIVY_DIR)?;
    let previous_index = index_out.join(search::index::TANTIVY_DIR);
    // The output is staged (its spare checked file by file) while the
    // tantivy index is made: after a small edit, that is one chunk on one
    // thread, and the other core would wait.
    let (staging, built) = rayon::join(
        || locked.stage_keeping(root),
        || search::tantivy_index(&site, &tantivy_folder, Some(&previous_index)),
    );
    let (staging, built) = (staging?, built?);
    let out_path = staging.output().to_path_buf();
    trace::step("staging (from the spare site), tantivy index");
    let sink = render::Recorded::new(&staging);
    let budget = site.config.search.static_budget_kb;
    // Every file of the static index with its size, for the budget.
    let mut sizes: Vec<(String, u64)> = Vec::new();
    // Pages and static index files whose inputs are unchanged are kept
    // from the spare.
    let reuse = render::Reuse::new(&cache, staging.output(), &theme);
    let keep = render::KeepFiles::new(&reuse, &sink);
    let search = search::build(
        &mut site,
        built,
        &tantivy_folder,
        Some(&previous_index),
        Some(&keep),
        &cache,
        &mut |files| {
            for (path, bytes) in files {
                sizes.push((path.clone(), bytes.len() as u64));
                if search::is_index_companion(&path) {
                    index_staging.add(&path, &bytes)?;
                }
                sink.put(path, bytes)?;
            }
            Ok(())
        },
    )?;
    let shards_made = sizes
        .iter()
        .filter(|(path, _)| search::budget::shard_language(path).is_some())
        .count();
    sizes.extend(search.kept_shards.iter().cloned());
    site.warnings.extend(search::budget::check(&sizes, budget));
    let search_chunks = search.chunks;
    let search_docs_made = keep.made();
    let search_elapsed = search_started.elapsed();
    related::apply(&mut site, &search.related.lists);
    trace::step("search index, related lists");
    progress(BUILD_STAGES[2]);
    let pages = render::render_site(&site, &theme, &search.manifests, Some(&reuse), &sink)?;
    let pages_reused = reuse.kept();
    drop(reuse);
    // Servers answering `helpbook search`-style queries give contact verdicts too.
    index_staging.add(
        contact::PUBLISHED_PATH,
        &render::contact_published(&site, &theme),
    )?;
    trace::step("pages");
    progress(BUILD_STAGES[3]);
    // The cache holds all it will once the pages are made: it is saved
    // while the site's other files are written and the new site is swapped
    // in. (Saved even if that fails: everything in it is checked against
    // the files on disk before it is used.)
    let renderings_reused = cache.reused();
    let saving = std::thread::spawn(move || cache.save(Some(&out_path)));
    let copied = site.assets.iter().try_for_each(|asset| {
        staging.copy(&asset.output, &asset.path)?;
        sink.paths().insert(asset.output.clone());
        Ok::<_, Diagnostics>(())
    });
    let written = std::mem::take(&mut *sink.paths());
    let files = written.len();
    let added = copied.and_then(|()| add_site_files(&site, &theme, &written, &staging));
    drop(sink);
    trace::step("site files");
    let finished = added.and_then(|()| {
        site.warnings.extend(staging.commit()?);
        site.warnings.extend(index_staging.commit()?);
        trace::step("swap");
        Ok(())
    });
    // Waited for whatever happened: a process that exits while the cache
    // is being written leaves it as a killed run would. (A save that
    // panicked leaves the previous cache, which is checked like any other.)
    let _ = saving.join();
    trace::step("cache saved (alongside)");
    finished?;
    let articles = site.page_count();
    let languages = site.languages.iter().map(|l| l.code.clone()).collect();
    let warnings = std::mem::take(&mut site.warnings);
    // Freeing every article's data takes a while on a large site (a
    // tenth of a second per 10,000 articles) and nothing waits for it.
    std::thread::spawn(move || drop(site));
    Ok(BuildReport {
        articles,
        pages,
        languages,
        files,
        warnings,
        elapsed: started.elapsed(),
        search_elapsed,
        renderings_reused,
        pages_reused,
        search_chunks: search_chunks.chunks,
        search_chunks_indexed: search_chunks.indexed,
        search_docs_made,
        search_shards_made: shards_made,
        search_shards_kept: search.kept_shards.len(),
        related_parts_read: search.related.parts_read,
        related_ranked: search.related.ranked,
    })
}
