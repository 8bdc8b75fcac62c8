//! The assembled site: every article placed at its URL, rendered from
//! Markdown, grouped into languages, kinds and categories, with navigation
//! (previous/next, translations) worked out.
//!
//! `check` stops here and reports; `build` renders pages from it.

use std::collections::{BTreeMap, HashMap};
use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::cache::Cache;
use crate::config::{Config, KINDS};
use crate::contact::Registry;
use crate::content::{Article, Asset, CONTENT_DIR, Content};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::markdown::{self, ContactRef, LinkResolver, Rendered, Section};

/// One article at its place in the site.
#[derive(Debug, Clone)]
pub struct Page {
    pub article: Article,
    /// Absolute path including the base path, e.g. `/zh-cn/faq/reset-password/`.
    pub url: String,
    /// Path of the HTML file inside the output directory.
    pub output: String,
    pub rendered: Rendered,
    /// Neighbours inside the same kind and category (indexes into the language's pages).
    pub prev: Option<usize>,
    pub next: Option<usize>,
    /// Related articles (indexes into the language's pages), best first:
    /// the front matter's `related:` list, else computed by [`crate::related`]
    /// from the search index (empty until the build has indexed the site).
    pub related: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct CategoryGroup {
    /// `""` for articles without a category.
    pub slug: String,
    /// Indexes into the language's pages, in reading order.
    pub pages: Vec<usize>,
}

#[derive(Debug, Clone)]
pub struct KindGroup {
    pub kind: String,
    pub url: String,
    pub categories: Vec<CategoryGroup>,
}

#[derive(Debug, Clone)]
pub struct Language {
    pub code: String,
    pub url_code: String,
    pub title: String,
    pub description: String,
    /// Home page URL, e.g. `/zh-cn/`.
    pub url: String,
    pub pages: Vec<Page>,
    /// Slug → index into `pages`.
    pub by_slug: HashMap<String, usize>,
    /// Only kinds that have articles, in the order of [`KINDS`].
    pub kinds: Vec<KindGroup>,
    /// Category slug → the name articles wrote for it, for categories
    /// book.toml's `[categories]` does not name (the first file's spelling).
    pub category_names: BTreeMap<String, String>,
}

/// A file copied from `content/` to the output.
#[derive(Debug, Clone)]
pub struct SiteAsset {
    pub path: PathBuf,
    /// Path relative to the site root, e.g. `content/en/faq/screen.png`.
    pub source: PathBuf,
    /// Path inside the output directory.
    pub output: String,
}

#[derive(Debug, Clone)]
pub struct Site {
    pub config: Config,
    /// Where articles' HTML is when it is not kept in their renderings
    /// (a build keeps it in the cache's pack, not in memory): see [`Site::html`].
    pub bodies: Option<std::sync::Arc<crate::cache::Bodies>>,
    /// The contact lists of book.toml, ready for verdicts and publishing.
    pub registry: Registry,
    pub languages: Vec<Language>,
    pub assets: Vec<SiteAsset>,
    /// The problems the content and site stages found, sorted: warnings,
    /// and errors (the articles they concern are left out), on which
    /// [`crate::check_for_build`] fails a build.
    pub warnings: Vec<Diagnostic>,
}

/// The articles of a language that share a tag, for its tag page.
#[derive(Debug, Clone)]
pub struct TagGroup {
    /// The URL segment (`2fa`; `mi-ma` for `密码`): tags whose slugs are
    /// equal share a page.
    pub slug: String,
    /// The tag as first written, in reading order.
    pub name: String,
    pub url: String,
    /// Indexes into the language's pages, in reading order.
    pub pages: Vec<usize>,
}

/// The URL segment of a tag (transliterated as file names are), or `None`
/// for a tag with no letters or digits.
pub fn tag_slug(tag: &str) -> Option<String> {
    let slug: String = slug::slugify(tag).chars().take(80).collect();
    let slug = slug.trim_end_matches('-').to_string();
    (!slug.is_empty()).then_some(slug)
}

/// One page of a list of articles split into pages of `page_size`: the
/// first at the list's own URL, the others at `<url>page/<n>/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ListingPage {
    /// 1-based.
    pub number: usize,
    pub url: String,
    /// Which items of the list it shows.
    pub items: std::ops::Range<usize>,
}

/// The pages a list of `count` articles at `url` takes (at least one, even
/// for an empty list).
pub fn listing_pages(url: &str, count: usize, page_size: usize) -> Vec<ListingPage> {
    let size = page_size.max(1);
    let pages = count.div_ceil(size).max(1);
    (1..=pages)
        .map(|number| ListingPage {
            number,
            url: if number == 1 {
                url.to_string()
            } else {
                format!("{url}page/{number}/")
            },
            items: (number - 1) * size..(number * size).min(count),
        })
        .collect()
}

impl KindGroup {
    /// How many articles the kind has.
    pub fn count(&self) -> usize {
        self.categories.iter().map(|c| c.pages.len()).sum()
    }
}

impl Language {
    /// The page with this slug, if the language has it.
    pub fn page(&self, slug: &str) -> Option<&Page> {
        self.by_slug.get(slug).map(|&i| &self.pages[i])
    }

    /// The page listing every tag: `/<lang>/tags/`.
    pub fn tags_url(&self) -> String {
        format!("{}tags/", self.url)
    }

    /// The page of one tag, `/<lang>/tags/<slug>/`, if it can have one.
    pub fn tag_url(&self, tag: &str) -> Option<String> {
        tag_slug(tag).map(|slug| self.tag_slug_url(&slug))
    }

    /// The page of the tag whose slug is `slug`.
    fn tag_slug_url(&self, slug: &str) -> String {
        format!("{}{slug}/", self.tags_url())
    }

    /// Every tag of the language's articles, sorted by slug.
    pub fn tags(&self) -> Vec<TagGroup> {
        let mut groups: BTreeMap<String, TagGroup> = BTreeMap::new();
        // Each spelling is slugified once (articles share a few tags).
        let mut slugs: HashMap<&str, Option<String>> = HashMap::new();
        for (index, page) in self.pages.iter().enumerate() {
            for tag in &page.article.tags {
                let Some(slug) = slugs
                    .entry(tag.as_str())
                    .or_insert_with(|| tag_slug(tag))
                    .clone()
                else {
                    continue;
                };
                let group = groups.entry(slug).or_insert_with_key(|slug| TagGroup {
                    slug: slug.clone(),
                    name: tag.clone(),
                    url: self.tag_slug_url(slug),
                    pages: Vec::new(),
                });
                if group.pages.last() != Some(&index) {
                    group.pages.push(index);
                }
            }
        }
        groups.into_values().collect()
    }
}

impl Site {
    /// Cuts each section's text to its first `chars` characters once the
    /// search index has it all: what the static index's result snippets
    /// show is shorter, and nothing after the index reads the rest.
    pub fn shorten_sections(&mut self, chars: usize) {
        // (In parallel: it runs between the index and its export, with
        // nothing else to do.)
        for language in &mut self.languages {
            language.pages.par_iter_mut().for_each(|page| {
                let rendered = &mut page.rendered;
                let ends: Vec<Option<usize>> = rendered
                    .sections
                    .iter()
                    .map(|s| s.text.char_indices().nth(chars).map(|(end, _)| end))
                    .collect();
                if ends.iter().all(Option::is_none) {
                    return;
                }
                // (`sections_summary` stays that of the whole text: the
                // search index's keys are made from it.)
                rendered.held = markdown::SectionsHeld::Shortened;
                for (section, end) in rendered.sections.iter_mut().zip(ends) {
                    if let Some(end) = end {
                        section.text.truncate(end);
                        section.text.shrink_to_fit();
                    }
                }
            });
        }
    }

    /// Lets go of what only the checks read (each article's source text and
    /// the links, contacts and removals found in it), once they have run:
    /// a build of 100,000 articles would otherwise hold its whole content
    /// folder in memory through every later stage. Diagnostics after this
    /// point cannot show source lines, so only `build` calls it.
    pub fn forget_sources(&mut self) {
        use std::mem::take;
        let mut forgotten = Vec::with_capacity(self.page_count());
        for language in &mut self.languages {
            for page in &mut language.pages {
                page.article.body_offset = 0;
                let rendered = &mut page.rendered;
                forgotten.push((
                    take(&mut page.article.text),
                    take(&mut rendered.links),
                    take(&mut rendered.contacts),
                    take(&mut rendered.unknown_contacts),
                    take(&mut rendered.broken_links),
                    take(&mut rendered.removed),
                    take(&mut rendered.anchors),
                ));
            }
        }
        // Freed on the side: nothing waits for it, and at 10,000 articles
        // it is several milliseconds of the main thread.
        std::thread::spawn(move || drop(forgotten));
    }

    /// The HTML of an article's body: from its rendering, or read back from
    /// the build cache.
    pub fn html<'a>(&'a self, page: &'a Page) -> std::borrow::Cow<'a, str> {
        if !page.rendered.html.is_empty() {
            return std::borrow::Cow::Borrowed(&page.rendered.html);
        }
        self.bodies
            .as_ref()
            .and_then(|b| b.html(&page.article.source))
            .map_or(std::borrow::Cow::Borrowed(""), std::borrow::Cow::Owned)
    }

    /// The sections of an article (the plain text under each heading):
    /// from its rendering, or read back from the build cache, where a
    /// reused rendering leaves them.
    pub fn sections<'a>(&'a self, page: &'a Page) -> std::borrow::Cow<'a, [Section]> {
        if page.rendered.held != markdown::SectionsHeld::InCache {
            return std::borrow::Cow::Borrowed(&page.rendered.sections);
        }
        self.bodies
            .as_ref()
            .and_then(|b| b.sections(&page.article.source))
            .map_or(std::borrow::Cow::Borrowed(&[]), std::borrow::Cow::Owned)
    }

    /// The full URL of a site path (`/help/en/faq/x/` →
    /// `https://example.com/help/en/faq/x/`): what feeds, structured data and
    /// exports give to readers and machines outside the site.
    pub fn absolute_url(&self, path: &str) -> String {
        let relative = path
            .strip_prefix(self.config.base_path.as_str())
            .unwrap_or(path);
        format!("{}{relative}", self.config.base_url)
    }

    pub fn page_count(&self) -> usize {
        self.languages.iter().map(|l| l.pages.len()).sum()
    }

    /// The same article (same slug) in every language that has it, in the
    /// configured language order.
    pub fn translations(&self, slug: &str) -> Vec<(&Language, &Page)> {
        self.languages
            .iter()
            .filter_map(|l| l.page(slug).map(|p| (l, p)))
            .collect()
    }

    pub fn language(&self, code: &str) -> Option<&Language> {
        self.languages.iter().find(|l| l.code == code)
    }

    /// The display name of a category in a language: the name in book.toml's
    /// `[categories]`, else the name articles wrote (`Contact Us`), else the
    /// slug; `""` for no category.
    pub fn category_name(&self, lang: &str, slug: &str) -> String {
        if slug.is_empty() {
            return String::new();
        }
        if self.config.categories.iter().any(|c| c.slug == slug) {
            return self.config.category_name(slug, lang);
        }
        self.language(lang)
            .and_then(|l| l.category_names.get(slug))
            .cloned()
            .unwrap_or_else(|| slug.to_string())
    }
}

/// Resolves relative links of one article against every article and file,
/// and its `contact:` references against the registry.
struct Resolver<'a> {
    /// The article's folder, relative to the root (`content/en/faq`).
    dir: PathBuf,
    urls: &'a HashMap<PathBuf, String>,
    registry: &'a Registry,
    lang: &'a str,
    /// Every target resolved, and to what: a cached rendering stays valid
    /// while each resolves the same way.
    resolved: std::cell::RefCell<Vec<(String, Option<String>)>>,
}

impl Resolver<'_> {
    fn lookup(&self, target: &str) -> Option<String> {
        self.urls
            .get(&resolve_relative(&self.dir, target)?)
            .cloned()
    }
}

impl LinkResolver for Resolver<'_> {
    fn resolve(&self, target: &str) -> Option<String> {
        let url = self.lookup(target);
        self.resolved
            .borrow_mut()
            .push((target.to_string(), url.clone()));
        url
    }

    fn contact(&self, id: &str) -> Option<ContactRef> {
        let entry = self
            .registry
            .official
            .iter()
            .find(|e| e.id.as_deref() == Some(id))?;
        Some(ContactRef {
            href: entry.href.clone(),
            label: crate::contact::registry::in_lang(&entry.label, self.lang, self.lang),
            value: entry.value.clone(),
        })
    }

    fn registry(&self) -> Option<&Registry> {
        Some(self.registry)
    }
}

/// Renders an article's Markdown, resolving its relative links against
/// `urls` (source path → site URL of every article and file).
fn render_article(
    article: &Article,
    urls: &HashMap<PathBuf, String>,
    registry: &Registry,
    config: &Config,
    cache: &Cache,
) -> Rendered {
    let resolver = Resolver {
        dir: article
            .source
            .parent()
            .map(Path::to_path_buf)
            .unwrap_or_default(),
        urls,
        registry,
        lang: &article.lang,
        resolved: Default::default(),
    };
    // The rendering depends on the body, the language, book.toml (the
    // registry, the raw-HTML policy) and what its links resolve to.
    let key = crate::cache::Hasher::default()
        .part(config.digest)
        .part(&article.lang)
        // (In one call, as `content::parsed::key` hashes the text.)
        .part(blake3::hash(article.body().as_bytes()).as_bytes())
        .finish();
    if let Some(rendered) = cache.rendering(&article.source, &key, &|t| resolver.lookup(t)) {
        return rendered;
    }
    let mut rendered = markdown::render(article.body(), &resolver, config.markdown.raw_html);
    cache.store_rendering(
        &article.source,
        key,
        resolver.resolved.into_inner(),
        &rendered,
    );
    if cache.keeps_html() {
        // In the pack now: read back when the page is written (Site::html).
        rendered.html = String::new();
    }
    rendered
}

/// The registry of `config`, with the app versions `articles` release.
fn registry_of<'a>(config: &Config, articles: impl Iterator<Item = &'a Article>) -> Registry {
    let mut versions: Vec<&semver::Version> = articles
        .filter_map(|a| a.release.as_ref().and_then(|r| r.version.as_ref()))
        .collect();
    versions.sort_by(|a, b| b.cmp(a));
    versions.dedup();
    Registry::from_config(config, versions.iter().map(|v| v.to_string()).collect())
}

/// The path a relative link `target` (percent-escapes decoded, `?query`
/// dropped, `..` resolved) names from the folder `dir`; `None` when it
/// climbs above the root or is absolute.
pub fn resolve_relative(dir: &Path, target: &str) -> Option<PathBuf> {
    let target = percent_decode(target.split('?').next().unwrap_or_default());
    let mut path = dir.to_path_buf();
    for component in Path::new(&target).components() {
        match component {
            Component::ParentDir => {
                if !path.pop() {
                    return None;
                }
            }
            Component::Normal(part) => path.push(part),
            Component::CurDir => {}
            _ => return None,
        }
    }
    Some(path)
}

/// Decodes `%20`-style escapes (writers sometimes escape spaces in links).
pub fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && let (Some(h), Some(l)) = (hex(bytes[i + 1]), hex(bytes[i + 2]))
        {
            out.push(h * 16 + l);
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8(out).unwrap_or_else(|_| text.to_string())
}

fn hex(byte: u8) -> Option<u8> {
    (byte as char).to_digit(16).map(|d| d as u8)
}

/// Assembles the site and renders every article's Markdown. Problems,
/// errors included, end up in [`Site::warnings`].
pub fn assemble(config: Config, content: Content) -> Site {
    assemble_with(config, content, &Cache::in_memory())
}

/// Like [`assemble`], taking an article's Markdown rendering from `cache`
/// when its text, book.toml and what its links resolve to are unchanged
/// (see [`crate::cache`]): one edited article costs one Markdown
/// rendering, not ten thousand.
pub fn assemble_with(config: Config, content: Content, cache: &Cache) -> Site {
    let mut diagnostics = Diagnostics(content.diagnostics);
    let base = config.base_path.clone();

    // Where everything goes.
    let mut urls: HashMap<PathBuf, String> = HashMap::new();
    for article in &content.articles {
        urls.insert(article.source.clone(), article_url(&config, article));
    }
    // Links to an article left out for its errors resolve (a site with
    // errors is never written): its own errors are what to fix.
    for source in &content.left_out {
        urls.entry(source.clone())
            .or_insert_with(|| format!("{base}{}/", source.with_extension("").display()));
    }
    let mut assets = Vec::new();
    for asset in &content.assets {
        let Some(language) = config.language(&asset.lang) else {
            continue;
        };
        let output = format!("{}/{}", language.url_code, asset.relative);
        urls.insert(asset.source.clone(), format!("{base}{output}"));
        assets.push(site_asset(asset, output));
    }

    let registry = registry_of(&config, content.articles.iter());
    crate::trace::step("    urls, registry");

    // Render Markdown in parallel; the order of `content.articles` is sorted,
    // and `collect` keeps it.
    let rendered: Vec<Rendered> = content
        .articles
        .par_iter()
        .map(|article| render_article(article, &urls, &registry, &config, cache))
        .collect();
    crate::trace::step("    renderings");

    // Group by language, each language's pages allocated once (a page is
    // large: growing the vectors copied them over and over).
    let mut counts: BTreeMap<&str, usize> = BTreeMap::new();
    for article in &content.articles {
        *counts.entry(&article.lang).or_default() += 1;
    }
    let mut by_language: BTreeMap<String, Vec<Page>> = counts
        .into_iter()
        .map(|(lang, count)| (lang.to_string(), Vec::with_capacity(count)))
        .collect();
    for (article, rendered) in content.articles.into_iter().zip(rendered) {
        push_broken_links(&article, &rendered, &mut diagnostics);
        let url = urls.get(&article.source).cloned().unwrap_or_default();
        let output = format!("{}index.html", url.strip_prefix(&base).unwrap_or(&url));
        by_language
            .entry(article.lang.clone())
            .or_default()
            .push(Page {
                article,
                url,
                output,
                rendered,
                prev: None,
                next: None,
                related: Vec::new(),
            });
    }

    crate::trace::step("    pages assembled");
    let mut languages = Vec::new();
    for language in &config.languages {
        let pages = by_language.remove(&language.code).unwrap_or_default();
        languages.push(group_language(&config, language, pages));
    }

    crate::trace::step("    grouped");
    check_related(&languages, &mut diagnostics);
    check_aliases(&config, &languages, &mut diagnostics);
    crate::trace::step("    related and alias checks");

    Site {
        config,
        bodies: cache.bodies().map(std::sync::Arc::new),
        registry,
        languages,
        assets,
        warnings: diagnostics.sorted().0,
    }
}

/// Puts edited articles in place of their previous versions without
/// assembling the site again: the dev server's fast path for the common
/// edit. Each article must keep its source file, language, kind, slug and
/// aliases (then every URL, and so every link, stays the same);
/// otherwise nothing is changed and `Ok(false)` says to assemble again.
/// `diagnostics` are the edited files' warnings from the content stage;
/// they replace every earlier warning about those files.
pub fn replace_articles(
    site: &mut Site,
    articles: Vec<Article>,
    diagnostics: Vec<Diagnostic>,
    cache: &Cache,
) -> Result<bool, Diagnostics> {
    let mut places = Vec::with_capacity(articles.len());
    for article in &articles {
        let place = site.languages.iter().enumerate().find_map(|(l, language)| {
            let p = *language.by_slug.get(&article.slug)?;
            (language.pages[p].article.source == article.source).then_some((l, p))
        });
        let Some((l, p)) = place else {
            return Ok(false);
        };
        let before = &site.languages[l].pages[p].article;
        if (&before.lang, &before.kind, &before.aliases)
            != (&article.lang, &article.kind, &article.aliases)
        {
            return Ok(false);
        }
        places.push((l, p));
    }

    let mut urls: HashMap<PathBuf, String> = HashMap::new();
    for language in &site.languages {
        for page in &language.pages {
            urls.insert(page.article.source.clone(), page.url.clone());
        }
    }
    for asset in &site.assets {
        urls.insert(
            asset.source.clone(),
            format!("{}{}", site.config.base_path, asset.output),
        );
    }
    let sources: Vec<PathBuf> = articles.iter().map(|a| a.source.clone()).collect();
    let mut warnings = Diagnostics(diagnostics);
    for (article, (l, p)) in articles.into_iter().zip(places) {
        let rendered = render_article(&article, &urls, &site.registry, &site.config, cache);
        push_broken_links(&article, &rendered, &mut warnings);
        let page = &mut site.languages[l].pages[p];
        page.article = article;
        page.rendered = rendered;
    }
    // The title, order or category may have moved an article: sort again.
    // Related lists are page indexes, so carry them over by slug.
    let mut languages = Vec::with_capacity(site.languages.len());
    for (language, configured) in std::mem::take(&mut site.languages)
        .into_iter()
        .zip(&site.config.languages)
    {
        let related_slugs: HashMap<String, Vec<String>> = language
            .pages
            .iter()
            .map(|page| {
                let slugs = page
                    .related
                    .iter()
                    .filter_map(|&i| language.pages.get(i))
                    .map(|p| p.article.slug.clone())
                    .collect();
                (page.article.slug.clone(), slugs)
            })
            .collect();
        let mut regrouped = group_language(&site.config, configured, language.pages);
        let by_slug = regrouped.by_slug.clone();
        for page in &mut regrouped.pages {
            page.related = related_slugs
                .get(&page.article.slug)
                .map(|slugs| {
                    slugs
                        .iter()
                        .filter_map(|s| by_slug.get(s).copied())
                        .collect()
                })
                .unwrap_or_default();
        }
        languages.push(regrouped);
    }
    site.languages = languages;
    // A release's version may have changed.
    site.registry = registry_of(
        &site.config,
        site.languages
            .iter()
            .flat_map(|l| l.pages.iter().map(|p| &p.article)),
    );
    let mut related = Diagnostics::default();
    check_related(&site.languages, &mut related);
    warnings
        .0
        .extend(related.0.into_iter().filter(|d| sources.contains(&d.file)));
    site.warnings.retain(|d| !sources.contains(&d.file));
    site.warnings.append(&mut warnings.0);
    site.warnings = Diagnostics(std::mem::take(&mut site.warnings)).sorted().0;
    Ok(true)
}

fn push_broken_links(article: &Article, rendered: &Rendered, diagnostics: &mut Diagnostics) {
    for removed in &rendered.removed {
        diagnostics.push(
            Diagnostic::warning("unsafe-markdown", &article.source, removed.message.clone())
                .at_offset(&article.text, article.body_offset + removed.range.start)
                .with_help("readers never get it: only http(s), mailto:, tel: and relative links, images, and the HTML of [markdown] raw_html (README) are published"),
        );
    }
    for broken in &rendered.broken_links {
        let (what, code) = if broken.is_image {
            ("image", "missing-image")
        } else {
            ("link", "broken-link")
        };
        diagnostics.push(
            Diagnostic::warning(
                code,
                &article.source,
                format!("{what} `{}` points to nothing in the site", broken.target),
            )
            .at_offset(&article.text, article.body_offset + broken.range.start)
            .with_help(if broken.is_image {
                "put the image in the article's folder and name it relative to the article, e.g. `![what it shows](diagram.svg)`"
            } else {
                "link to another article by its relative path, e.g. `../security/two-step-verification.md`"
            }),
        );
    }
}

fn site_asset(asset: &Asset, output: String) -> SiteAsset {
    SiteAsset {
        path: asset.path.clone(),
        source: asset.source.clone(),
        output,
    }
}

/// `/<base>/<lang>/<kind>/<slug>/`.
pub fn article_url(config: &Config, article: &Article) -> String {
    let url_code = config
        .language(&article.lang)
        .map_or_else(|| article.lang.to_lowercase(), |l| l.url_code.clone());
    format!(
        "{}{}/{}/{}/",
        config.base_path, url_code, article.kind, article.slug
    )
}

/// `pages` in reading order: kind, category (book.toml order), then the
/// article's own order (releases: newest version first, then dated
/// announcements, newest first), then title. The order is found by sorting
/// indexes, with each page's kind and category rank worked out once, and
/// the pages are then moved into place cycle by cycle: a page is large, and
/// sorting the pages themselves moved each of them about log2(n) times (a
/// second at 100,000 articles).
fn in_reading_order(config: &Config, pages: Vec<Page>) -> Vec<Page> {
    let ranks: Vec<(usize, usize)> = pages
        .iter()
        .map(|page| {
            let article = &page.article;
            let kind = KINDS
                .iter()
                .position(|k| *k == article.kind)
                .unwrap_or(KINDS.len());
            let category = if article.category.is_empty() {
                usize::MAX
            } else {
                config.category_rank(&article.category)
            };
            (kind, category)
        })
        .collect();
    let mut order: Vec<usize> = (0..pages.len()).collect();
    // Stable, as sorting the pages was: equal pages keep their order.
    order.sort_by(|&i, &j| {
        let (a, b) = (&pages[i].article, &pages[j].article);
        ranks[i]
            .cmp(&ranks[j])
            .then_with(|| a.category.cmp(&b.category))
            .then_with(|| match (&a.release, &b.release) {
                (Some(ra), Some(rb)) => ra.reading_order(rb),
                _ => std::cmp::Ordering::Equal,
            })
            .then_with(|| {
                a.order
                    .unwrap_or(i64::MAX)
                    .cmp(&b.order.unwrap_or(i64::MAX))
            })
            .then_with(|| a.title.cmp(&b.title))
            .then_with(|| a.slug.cmp(&b.slug))
    });
    permute(pages, order)
}

/// `items` rearranged so that the `k`-th is the `order[k]`-th of before
/// (`order` is a permutation), in place: cycle by cycle, each item moved
/// once, no second vector of them.
fn permute<T>(mut items: Vec<T>, mut order: Vec<usize>) -> Vec<T> {
    for start in 0..order.len() {
        // Along the cycle, position `k` holds the cycle's first item until
        // the position it belongs to comes up.
        let mut k = start;
        while order[k] != start {
            let from = order[k];
            items.swap(k, from);
            order[k] = k;
            k = from;
        }
        order[k] = k;
    }
    items
}

/// Sorts one language's pages into kinds and categories and links neighbours.
fn group_language(
    config: &Config,
    language: &crate::config::LanguageConfig,
    pages: Vec<Page>,
) -> Language {
    let mut pages = in_reading_order(config, pages);
    let mut kinds: Vec<KindGroup> = Vec::new();
    for (index, page) in pages.iter().enumerate() {
        let article = &page.article;
        if kinds.last().is_none_or(|k| k.kind != article.kind) {
            kinds.push(KindGroup {
                kind: article.kind.clone(),
                url: format!(
                    "{}{}/{}/",
                    config.base_path, language.url_code, article.kind
                ),
                categories: Vec::new(),
            });
        }
        let Some(kind) = kinds.last_mut() else {
            continue;
        };
        if kind
            .categories
            .last()
            .is_none_or(|c| c.slug != article.category)
        {
            kind.categories.push(CategoryGroup {
                slug: article.category.clone(),
                pages: Vec::new(),
            });
        }
        if let Some(category) = kind.categories.last_mut() {
            category.pages.push(index);
        }
    }
    for kind in &kinds {
        for category in &kind.categories {
            for (position, &index) in category.pages.iter().enumerate() {
                let prev = position.checked_sub(1).map(|p| category.pages[p]);
                let next = category.pages.get(position + 1).copied();
                pages[index].prev = prev;
                pages[index].next = next;
            }
        }
    }
    let by_slug = pages
        .iter()
        .enumerate()
        .map(|(i, p)| (p.article.slug.clone(), i))
        .collect();
    // The first file's spelling, as the content stage's warning says.
    let mut named: Vec<&crate::content::Article> = pages
        .iter()
        .map(|p| &p.article)
        .filter(|a| !a.category_name.is_empty())
        .collect();
    named.sort_by(|a, b| (&a.kind, &a.slug, &a.source).cmp(&(&b.kind, &b.slug, &b.source)));
    let mut category_names = BTreeMap::new();
    for article in named {
        category_names
            .entry(article.category.clone())
            .or_insert_with(|| article.category_name.clone());
    }
    Language {
        by_slug,
        category_names,
        code: language.code.clone(),
        url_code: language.url_code.clone(),
        title: language.title.clone(),
        description: language.description.clone(),
        url: format!("{}{}/", config.base_path, language.url_code),
        pages,
        kinds,
    }
}

fn check_related(languages: &[Language], diagnostics: &mut Diagnostics) {
    for language in languages {
        for page in &language.pages {
            for slug in &page.article.related {
                if language.page(slug).is_none() {
                    let (line, column) =
                        crate::content::front_matter::key_position(&page.article.text, "related");
                    diagnostics.push(
                        Diagnostic::warning(
                            "related",
                            &page.article.source,
                            format!(
                                "related article `{slug}` does not exist in {}",
                                language.code
                            ),
                        )
                        .at(&page.article.text, line, column),
                    );
                }
            }
        }
    }
}

/// Aliases must not land on an article or on each other.
fn check_aliases(config: &Config, languages: &[Language], diagnostics: &mut Diagnostics) {
    let mut taken: BTreeMap<String, PathBuf> = BTreeMap::new();
    for language in languages {
        for page in &language.pages {
            taken.insert(page.url.clone(), page.article.source.clone());
        }
    }
    // Pages helpbook generates itself: an alias there would replace them.
    let base = &config.base_path;
    let mut generated: Vec<String> = [
        "",
        "index.html",
        "404.html",
        "sitemap.xml",
        "robots.txt",
        "_redirects",
    ]
    .iter()
    .map(|name| format!("{base}{name}"))
    .collect();
    for language in languages {
        generated.push(language.url.clone());
        generated.push(format!("{}search/", language.url));
        generated.push(format!("{}404.html", language.url));
        generated.push(language.tags_url());
        generated.push(format!("{}{}", language.url, crate::feed::FEED_FILE));
        generated.extend(language.kinds.iter().map(|k| k.url.clone()));
    }
    for language in languages {
        for page in &language.pages {
            for alias in &page.article.aliases {
                let url = format!("{}{}", config.base_path, alias.trim_start_matches('/'));
                if generated.contains(&url) {
                    let (line, column) =
                        crate::content::front_matter::key_position(&page.article.text, "aliases");
                    diagnostics.push(
                        Diagnostic::error(
                            "alias",
                            &page.article.source,
                            format!("alias `{alias}` is the path of a page helpbook generates"),
                        )
                        .at(&page.article.text, line, column)
                        .with_help("remove the alias or pick another path"),
                    );
                    continue;
                }
                let (line, column) =
                    crate::content::front_matter::key_position(&page.article.text, "aliases");
                if let Some(other) = taken.get(&url) {
                    diagnostics.push(
                        Diagnostic::error(
                            "alias",
                            &page.article.source,
                            format!("alias `{alias}` is already the path of {}", other.display()),
                        )
                        .at(&page.article.text, line, column)
                        .with_help("remove the alias or pick another path"),
                    );
                } else if [
                    format!("{}{CONTENT_DIR}", config.base_path),
                    format!("{}static/", config.base_path),
                    format!("{}search/", config.base_path),
                ]
                .into_iter()
                .chain(languages.iter().map(Language::tags_url))
                .collect::<Vec<_>>()
                .iter()
                .any(|reserved| url.starts_with(reserved))
                {
                    diagnostics.push(
                        Diagnostic::error(
                            "alias",
                            &page.article.source,
                            format!("alias `{alias}` is inside a folder helpbook writes itself"),
                        )
                        .at(&page.article.text, line, column),
                    );
                } else {
                    taken.insert(url, page.article.source.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn percent_decoding() {
        assert_eq!(percent_decode("a%20b.md"), "a b.md");
        assert_eq!(percent_decode("100%"), "100%");
        assert_eq!(percent_decode("%E9%87%8D.md"), "重.md");
    }

    /// Every permutation of up to six items, and long random ones, come
    /// out as indexing them one by one would.
    #[test]
    fn permuting_in_place() {
        fn all(n: usize) -> Vec<Vec<usize>> {
            if n == 0 {
                return vec![Vec::new()];
            }
            let mut out = Vec::new();
            for shorter in all(n - 1) {
                for at in 0..n {
                    let mut order = shorter.clone();
                    order.insert(at, n - 1);
                    out.push(order);
                }
            }
            out
        }
        let mut orders: Vec<Vec<usize>> = (0..=6).flat_map(all).collect();
        let mut seed = 7u64;
        for n in [100, 1000] {
            let mut order: Vec<usize> = (0..n).collect();
            for i in (1..n).rev() {
                seed = seed
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                order.swap(i, (seed >> 33) as usize % (i + 1));
            }
            orders.push(order);
        }
        for order in orders {
            let items: Vec<String> = (0..order.len()).map(|i| format!("item {i}")).collect();
            let expected: Vec<String> = order.iter().map(|&i| items[i].clone()).collect();
            assert_eq!(permute(items, order.clone()), expected, "{order:?}");
        }
    }
}
