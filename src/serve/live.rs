//! The dev server's site, kept in memory between rebuilds so that saving
//! one article costs one Markdown rendering and a handful of page
//! renderings, not a whole build.
//!
//! What a change rebuilds:
//!
//! - `book.toml` or anything under `themes/`: everything (configuration,
//!   theme, templates, content).
//! - an article whose language, kind and slug stay the same (the common
//!   case: a writer fixing a sentence): that file is read again; the site is
//!   reassembled from the articles in memory, reusing every other article's
//!   Markdown rendering; then only that article's page, the pages of its
//!   previous and next articles (before and after the edit, since its title
//!   or order may have moved it), the articles that list it as related, and
//!   the pages that list articles (homes, kind pages, sitemap) are rendered.
//! - anything else under `content/` (an article added, removed, renamed or
//!   moved, an image, a draft flag): `content/` is loaded again and every page
//!   rendered, still reusing the Markdown of articles whose links resolve
//!   the same way.
//!
//! The search index is not rebuilt here: the server does it in the
//! background after the browser has reloaded (see `super::search_worker`).

use std::collections::HashSet;
use std::path::{Path, PathBuf};

use crate::config::Config;
use crate::content::{self, CONTENT_DIR};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::render::{self, Files, Theme};
use crate::search::index::BuiltIndex;
use crate::site::{self, Page, Site};

/// What one rebuild produced, for the server to write.
pub struct Update {
    /// Generated files (path inside the output → bytes); only the pages
    /// the change affects, unless `full`.
    pub files: Files,
    /// Files of `content/` copied as they are: output path → source.
    pub copies: Vec<(String, PathBuf)>,
    /// Every page was rendered, so any generated file not in `files` (other
    /// than the search index) is stale.
    pub full: bool,
    /// How many HTML pages were rendered.
    pub pages: usize,
    pub warnings: Vec<Diagnostic>,
}

/// The loaded site and everything needed to render parts of it again.
pub struct LiveSite {
    root: PathBuf,
    drafts: bool,
    /// `None` until book.toml and the theme load.
    loaded: Option<Loaded>,
    /// `None` after a failed rebuild: the next change loads everything.
    site: Option<Site>,
    /// The tantivy index a full reload built (for the related lists), handed
    /// to the search worker with the next snapshot so it is not built twice.
    fresh_index: Option<BuiltIndex>,
    /// "Last updated" dates from git, read once per full load.
    dates: crate::GitDates,
}

/// What the background search worker indexes: the site, and the index of
/// it when a full reload already built one.
pub struct SearchSnapshot {
    pub site: Site,
    pub index: Option<BuiltIndex>,
}

struct Loaded {
    config: Config,
    theme: Theme,
    tera: tera::Tera,
}

/// What a set of changed paths asks for.
#[derive(Debug, PartialEq, Eq)]
pub enum Change {
    /// Nothing helpbook reads (an editor's swap file, the output folder).
    Nothing,
    /// These articles changed in place.
    Articles(Vec<PathBuf>),
    /// Something under `content/` changed shape: load `content/` again.
    Content,
    /// book.toml or the theme: load everything.
    Everything,
}

/// Editors write swap and backup files next to the one being edited.
fn is_editor_file(path: &Path) -> bool {
    path.file_name()
        .map(|n| n.to_string_lossy())
        .is_some_and(|name| {
            name.starts_with('.')
                || name.ends_with('~')
                || name.ends_with(".swp")
                || name.ends_with(".swx")
                || name.ends_with(".tmp")
                || name == "4913"
        })
}

impl LiveSite {
    pub fn new(root: &Path, drafts: bool) -> LiveSite {
        LiveSite {
            root: root.to_path_buf(),
            drafts,
            loaded: None,
            site: None,
            fresh_index: None,
            dates: crate::GitDates::default(),
        }
    }

    pub fn config(&self) -> Option<&Config> {
        self.loaded.as_ref().map(|l| &l.config)
    }

    pub fn site(&self) -> Option<&Site> {
        self.site.as_ref()
    }

    /// Sorts changed paths into what they ask for.
    pub fn classify(&self, paths: &[PathBuf]) -> Change {
        let content_dir = self.root.join(CONTENT_DIR);
        let themes = self.root.join("themes");
        let mut articles = Vec::new();
        let mut reload_content = false;
        for path in paths {
            if path == &self.root.join(crate::config::CONFIG_FILE) || path.starts_with(&themes) {
                if !path.starts_with(&themes) || !is_editor_file(path) {
                    return Change::Everything;
                }
                continue;
            }
            if !path.starts_with(&content_dir) || is_editor_file(path) {
                continue;
            }
            if path.extension().is_some_and(|e| e == "md") && path.is_file() {
                articles.push(path.clone());
            } else {
                reload_content = true;
            }
        }
        if self.site.is_none() && (reload_content || !articles.is_empty()) {
            return Change::Everything;
        }
        if reload_content {
            Change::Content
        } else if articles.is_empty() {
            Change::Nothing
        } else {
            articles.sort();
            articles.dedup();
            Change::Articles(articles)
        }
    }

    /// Applies a change; on error the served site stays as it was.
    pub fn apply(&mut self, change: &Change) -> Result<Option<Update>, Diagnostics> {
        match change {
            Change::Nothing => Ok(None),
            Change::Everything => self.load_everything().map(Some),
            Change::Content => self.reload_content().map(Some),
            Change::Articles(paths) => match self.update_articles(paths)? {
                Some(update) => Ok(Some(update)),
                None => self.reload_content().map(Some),
            },
        }
    }

    /// Loads book.toml, the theme and the content, and renders every page.
    pub fn load_everything(&mut self) -> Result<Update, Diagnostics> {
        let config = crate::load_config(&self.root, None)?;
        let theme = Theme::load(&self.root, &config)?;
        let tera = render::environment(&theme)?;
        // A new configuration may move every URL: nothing is reused.
        self.site = None;
        self.dates = crate::GitDates::default();
        self.loaded = Some(Loaded {
            config,
            theme,
            tera,
        });
        self.reload_content()
    }

    fn loaded(loaded: &Option<Loaded>) -> Result<&Loaded, Diagnostics> {
        loaded.as_ref().ok_or_else(|| {
            Diagnostics::from(Diagnostic::error(
                "serve",
                crate::config::CONFIG_FILE,
                "the site is not loaded",
            ))
        })
    }

    /// Loads `content/` again and renders every page.
    fn reload_content(&mut self) -> Result<Update, Diagnostics> {
        let loaded = Self::loaded(&self.loaded)?;
        // The same pipeline as `helpbook build`: content, git dates, the
        // assembled site, then the same checks.
        self.site = None;
        let cache = open_cache(&self.root);
        let load = crate::content::LoadOptions {
            drafts: self.drafts,
            prefetch: None,
        };
        let mut site = crate::load_site_with(
            &self.root,
            loaded.config.clone(),
            load,
            &cache,
            &mut self.dates,
        )?;
        let warnings = crate::check_for_build(&site, false, today())?;
        // Related lists come from the search index's term statistics, as in
        // `helpbook build`; in-place edits keep them (see replace_articles).
        let built = crate::search::index::build(&site, None)?;
        let related = crate::related::from_index(&site, &built, &cache)?;
        cache.save(None);
        crate::related::apply(&mut site, &related.lists);
        self.fresh_index = Some(built);
        let files = render_files(&site, loaded, &render::Everything)?;
        let copies = site
            .assets
            .iter()
            .map(|a| (a.output.clone(), a.path.clone()))
            .collect();
        let update = Update {
            pages: html_count(&files),
            files,
            copies,
            full: true,
            warnings,
        };
        self.site = Some(site);
        Ok(update)
    }

    /// The fast path: articles edited in place. `Ok(None)` when an edit
    /// turns out to change the site's shape (new file, new slug, a draft).
    fn update_articles(&mut self, paths: &[PathBuf]) -> Result<Option<Update>, Diagnostics> {
        // The content changes: an index of the old content is of no use.
        self.fresh_index = None;
        let loaded = Self::loaded(&self.loaded)?;
        let Some(old) = self.site.as_ref() else {
            return Ok(None);
        };
        trace("start");
        // Read the edited files first: a file with errors leaves the site
        // in memory untouched.
        let mut edited: Vec<content::Article> = Vec::new();
        let mut new_warnings = Vec::new();
        let mut errors = Diagnostics::default();
        for path in paths {
            let Some((article, diagnostics)) = content::read_one(&self.root, path, &loaded.config)
            else {
                return Ok(None);
            };
            for d in diagnostics {
                if d.is_error() {
                    errors.push(d);
                } else {
                    new_warnings.push(d);
                }
            }
            if let Some(article) = article {
                edited.push(article);
            }
        }
        self.dates.apply(&self.root, &mut edited);
        if errors.has_errors() {
            return Err(errors.sorted());
        }
        // Same place in the site, or it is a change of shape.
        let mut positions = Vec::new();
        for article in &edited {
            let place = old.languages.iter().enumerate().find_map(|(l, language)| {
                language
                    .pages
                    .iter()
                    .position(|p| p.article.source == article.source)
                    .map(|p| (l, p))
            });
            let Some((l, p)) = place else {
                return Ok(None);
            };
            let before = &old.languages[l].pages[p].article;
            if (article.draft && !self.drafts)
                || (&before.lang, &before.kind, &before.slug)
                    != (&article.lang, &article.kind, &article.slug)
            {
                return Ok(None);
            }
            positions.push((l, p));
        }

        // Pages whose neighbours were the edited articles before the edit.
        let mut affected: HashSet<PathBuf> = HashSet::new();
        for &(l, p) in &positions {
            let language = &old.languages[l];
            let page = &language.pages[p];
            for neighbour in [page.prev, page.next].into_iter().flatten() {
                affected.insert(language.pages[neighbour].article.source.clone());
            }
        }

        let sources: HashSet<PathBuf> = edited.iter().map(|a| a.source.clone()).collect();
        // The sitemap shows only URLs (unchanged here) and `updated` dates.
        let dates_changed = edited
            .iter()
            .zip(&positions)
            .any(|(article, &(l, p))| old.languages[l].pages[p].article.updated != article.updated);
        let languages: HashSet<String> = edited.iter().map(|a| a.lang.clone()).collect();
        let kinds: HashSet<(String, String)> = edited
            .iter()
            .map(|a| (a.lang.clone(), a.kind.clone()))
            .collect();
        let Some(site) = self.site.as_mut() else {
            return Ok(None);
        };
        let cache = open_cache(&self.root);
        if !site::replace_articles(site, edited, new_warnings, &cache)? {
            return Ok(None);
        }
        cache.save(None);
        trace("replace articles");
        // The same checks as `helpbook build`; on an error the next change
        // loads everything again.
        let warnings = match crate::check_for_build(site, false, today()) {
            Ok(warnings) => warnings,
            Err(errors) => {
                self.site = None;
                return Err(errors);
            }
        };
        trace("check");
        let site = &*site;
        for language in &site.languages {
            let edited: HashSet<usize> = language
                .pages
                .iter()
                .enumerate()
                .filter(|(_, p)| sources.contains(&p.article.source))
                .map(|(i, _)| i)
                .collect();
            for page in &language.pages {
                if sources.contains(&page.article.source) {
                    affected.insert(page.article.source.clone());
                    for neighbour in [page.prev, page.next].into_iter().flatten() {
                        affected.insert(language.pages[neighbour].article.source.clone());
                    }
                } else if page.related.iter().any(|i| edited.contains(i)) {
                    // It lists an edited article (title, summary) as related.
                    affected.insert(page.article.source.clone());
                }
            }
        }
        let selection = Affected {
            languages,
            kinds,
            articles: affected,
        };
        let mut files = render_files(site, loaded, &selection)?;
        if !dates_changed {
            files.remove("sitemap.xml");
        }
        trace("render");
        Ok(Some(Update {
            pages: html_count(&files),
            files,
            copies: Vec::new(),
            full: false,
            warnings,
        }))
    }

    /// A copy of the site for the search index, without what the index does
    /// not read (each file's text and rendered HTML), so the copy is cheap.
    pub fn search_snapshot(&mut self) -> Option<SearchSnapshot> {
        let site = self.site.as_mut()?;
        let mut taken: Vec<(String, String)> = Vec::with_capacity(site.page_count());
        for language in &mut site.languages {
            for page in &mut language.pages {
                taken.push((
                    std::mem::take(&mut page.article.text),
                    std::mem::take(&mut page.rendered.html),
                ));
            }
        }
        let snapshot = site.clone();
        let mut taken = taken.into_iter();
        for language in &mut site.languages {
            for page in &mut language.pages {
                if let Some((text, html)) = taken.next() {
                    page.article.text = text;
                    page.rendered.html = html;
                }
            }
        }
        Some(SearchSnapshot {
            site: snapshot,
            index: self.fresh_index.take(),
        })
    }
}

/// The build cache, shared with `helpbook build` and `check` (taken for
/// one rebuild at a time, so a build can run while the server does).
fn open_cache(root: &Path) -> crate::cache::Cache {
    crate::cache::Cache::open(root, &|notice| crate::tell!("{notice}"))
}

fn today() -> jiff::civil::Date {
    jiff::ZonedDateTime::now().date()
}

/// A step of a rebuild, for `HELPBOOK_TRACE` (see [`crate::trace`]).
pub fn trace(step: &str) {
    crate::trace::step(step);
}

fn html_count(files: &Files) -> usize {
    files.keys().filter(|k| k.ends_with(".html")).count()
}

/// The pages (all but the articles `articles` leaves out), the sitemap and
/// robots.txt.
/// The pages an in-place edit affects: in the edited articles' languages,
/// the home and search pages, the kind pages of their kinds, and the given
/// articles. Pages of other languages show nothing an in-place edit changes
/// (their language switchers show URLs, which stay the same).
struct Affected {
    languages: HashSet<String>,
    /// (language, kind)
    kinds: HashSet<(String, String)>,
    /// Source files.
    articles: HashSet<PathBuf>,
}

impl render::Selection for Affected {
    fn language(&self, language: &crate::site::Language) -> bool {
        self.languages.contains(&language.code)
    }
    fn kind(&self, language: &crate::site::Language, kind: &crate::site::KindGroup) -> bool {
        self.kinds
            .contains(&(language.code.clone(), kind.kind.clone()))
    }
    fn article(&self, page: &Page) -> bool {
        self.articles.contains(&page.article.source)
    }
}

fn render_files(
    site: &Site,
    loaded: &Loaded,
    selection: &dyn render::Selection,
) -> Result<Files, Diagnostics> {
    // Fixed URLs (as in a build): pages need not be rendered again when
    // only the search index changed.
    let manifests = crate::search::export::manifest_urls(&site.config);
    let collect = render::Collect::default();
    render::render_pages(
        site,
        &loaded.theme,
        &manifests,
        &loaded.tera,
        selection,
        None,
        &collect,
    )?;
    trace("render pages");
    let mut files = collect.into_files();
    let written: std::collections::BTreeSet<String> = files
        .keys()
        .cloned()
        .chain(site.assets.iter().map(|a| a.output.clone()))
        .collect();
    let site_files = render::Collect::default();
    crate::add_site_files(site, &loaded.theme, &written, &site_files)?;
    files.extend(site_files.into_files());
    Ok(files)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn editor_files_are_not_changes() {
        for name in [
            ".reset.md.swp",
            "reset.md~",
            "4913",
            ".#reset.md",
            "reset.md.tmp",
        ] {
            assert!(is_editor_file(Path::new(name)), "{name}");
        }
        assert!(!is_editor_file(Path::new("content/en/faq/reset.md")));
    }

    #[test]
    fn before_the_site_loads_every_change_loads_everything() {
        let live = LiveSite::new(Path::new("site"), false);
        let article = PathBuf::from("site/content/en/faq/reset.md");
        assert_eq!(
            live.classify(&[PathBuf::from("site/book.toml")]),
            Change::Everything
        );
        assert_eq!(
            live.classify(&[PathBuf::from("site/content/en/faq/.reset.md.swp")]),
            Change::Nothing
        );
        assert_eq!(
            live.classify(&[PathBuf::from("site/public/x.html")]),
            Change::Nothing
        );
        // Not on disk, so not an in-place edit: content changed shape.
        assert_eq!(live.classify(&[article]), Change::Everything);
    }
}
