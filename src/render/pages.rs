//! Which pages a site has and how each one is made: the orchestration of
//! rendering. Every page is a template and a context; the pages of a
//! language are rendered in parallel and written to the sink as soon as
//! each is made, and a page whose inputs an earlier build already turned
//! into the bytes the spare site holds is kept without rendering it
//! ([`Reuse`]).

use std::collections::BTreeMap;
use std::sync::atomic::{AtomicUsize, Ordering};

use rayon::prelude::*;
use serde_json::{Map, Value, json};

use super::{
    Assets, ReleaseSafety, Reuse, Sink, Theme, alternates_all, article_context, assets, common,
    contact, environment, home_context, kind_context, not_found, page_value, tags, template_error,
};
use crate::diagnostic::{Diagnostic, Diagnostics};
use crate::site::{KindGroup, Language, Page, Site};

/// Renders every page of the site into `sink`, reusing what `reuse`
/// allows; returns how many HTML pages.
pub fn render_site(
    site: &Site,
    theme: &Theme,
    search: &BTreeMap<String, String>,
    reuse: Option<&Reuse>,
    sink: &dyn Sink,
) -> Result<usize, Diagnostics> {
    let tera = environment(theme)?;
    render_pages(site, theme, search, &tera, &Everything, reuse, sink)
}

/// Which pages [`render_pages`] renders: the dev server renders only the
/// pages an edit affects. The language picker and the 404 page are always
/// rendered; a language left out skips its home, search, kind and article
/// pages.
pub trait Selection: Sync {
    fn language(&self, _language: &Language) -> bool {
        true
    }
    fn kind(&self, _language: &Language, _kind: &KindGroup) -> bool {
        true
    }
    fn article(&self, _page: &Page) -> bool {
        true
    }
}

/// Every page.
pub struct Everything;

impl Selection for Everything {}

/// One page to make: where it goes, its template and its context: the
/// whole of it, or its own part over a language's [`Shared`] part.
struct PageJob<'a> {
    path: String,
    template: &'static str,
    context: Map<String, Value>,
    shared: Option<&'a Shared>,
}

impl<'a> PageJob<'a> {
    /// A page whose context is whole (the pages that speak every language).
    fn new(path: impl Into<String>, template: &'static str, context: Map<String, Value>) -> Self {
        PageJob {
            path: path.into(),
            template,
            context,
            shared: None,
        }
    }

    /// A page whose context is `own` over `shared`.
    fn over(
        shared: &'a Shared,
        path: impl Into<String>,
        template: &'static str,
        own: Map<String, Value>,
    ) -> Self {
        PageJob {
            path: path.into(),
            template,
            context: own,
            shared: Some(shared),
        }
    }
}

/// The part of the context every page of a language shares, made once:
/// its digest, for what may be reused, and its conversion for the template
/// engine, which each page's own part is added to (tera's maps are shared,
/// so the copy is cheap).
pub(super) struct Shared {
    digest: Option<crate::cache::Digest>,
    context: tera::Context,
}

impl Shared {
    /// `base` with the `environment` of the pages' structured data, if
    /// they have any (see [`super::structured::environment`]).
    fn new(
        pages: &Pages,
        base: &Map<String, Value>,
        environment: &str,
    ) -> Result<Shared, Diagnostics> {
        Ok(Shared {
            digest: pages.reuse.map(|r| r.base(base, environment)),
            context: tera::Context::from_serialize(base)
                .map_err(|e| context_error("the shared context", &e))?,
        })
    }
}

/// What every page of one rendering shares: the templates, where pages
/// go, what may be reused, and the count of HTML pages.
struct Pages<'a> {
    tera: &'a tera::Tera,
    theme: &'a Theme,
    reuse: Option<&'a Reuse<'a>>,
    sink: &'a dyn Sink,
    html: AtomicUsize,
}

impl Pages<'_> {
    /// Hands one finished file to the sink.
    fn put(&self, path: String, bytes: Vec<u8>) -> Result<(), Diagnostics> {
        self.count(&path);
        self.sink.put(path, bytes)
    }

    fn count(&self, path: &str) {
        if path.ends_with(".html") {
            self.html.fetch_add(1, Ordering::Relaxed);
        }
    }

    /// Renders `context` with `template`.
    fn render(&self, template: &str, context: &Map<String, Value>) -> Result<Vec<u8>, Diagnostics> {
        render(self.tera, self.theme, template, context)
    }

    /// Makes one page: kept from the spare when `inputs` (the digest of
    /// everything it is made from) are what gave the bytes the spare holds
    /// at its path, else rendered by `make` and recorded for the next build.
    fn emit(
        &self,
        path: &str,
        inputs: Option<crate::cache::Digest>,
        make: impl FnOnce() -> Result<Vec<u8>, Diagnostics>,
    ) -> Result<(), Diagnostics> {
        let reuse = self.reuse.zip(inputs);
        if let Some((reuse, inputs)) = reuse
            && let Some(bytes) = reuse.previous(path, &inputs)
            && self.sink.keep(path, &bytes)
        {
            self.count(path);
            reuse.record_kept(path, inputs, bytes);
            return Ok(());
        }
        let bytes = make()?;
        let Some((reuse, inputs)) = reuse else {
            return self.put(path.to_string(), bytes);
        };
        let digest = *blake3::hash(&bytes).as_bytes();
        reuse.record(path, inputs, digest);
        self.count(path);
        self.sink.put_hashed(path.to_string(), bytes, digest)
    }

    /// Makes a page whose context is complete (any page but an article's).
    fn job(&self, job: PageJob) -> Result<(), Diagnostics> {
        let inputs = match job.shared {
            Some(shared) => self
                .reuse
                .zip(shared.digest.as_ref())
                .map(|(r, base)| r.over(base, job.template, &job.context)),
            None => self.reuse.map(|r| r.page(job.template, &job.context)),
        };
        self.emit(&job.path, inputs, || match job.shared {
            Some(shared) => render_over(
                self.tera,
                self.theme,
                job.template,
                &shared.context,
                job.context,
            ),
            None => self.render(job.template, &job.context),
        })
    }

    /// Makes pages whose context is complete, in parallel.
    fn jobs(&self, jobs: Vec<PageJob>) -> Result<(), Diagnostics> {
        jobs.into_par_iter().try_for_each(|job| self.job(job))
    }
}

/// Renders the pages of the site that `selection` selects into `sink`, the
/// articles in parallel, each written as soon as it is rendered; returns
/// how many HTML pages.
pub fn render_pages(
    site: &Site,
    theme: &Theme,
    search: &BTreeMap<String, String>,
    tera: &tera::Tera,
    selection: &dyn Selection,
    reuse: Option<&Reuse>,
    sink: &dyn Sink,
) -> Result<usize, Diagnostics> {
    let assets = assets(&site.config, theme);
    let pages = Pages {
        tera,
        theme,
        reuse,
        sink,
        html: AtomicUsize::new(0),
    };
    for (path, bytes) in &assets.files {
        pages.put(path.clone(), bytes.clone())?;
    }
    pages.jobs(root_pages(site, theme, &assets, search))?;

    // The registry, third parties and scams, for apps, the verification
    // page and the search box: one file at one documented address.
    let published = contact::published(site, theme);
    let published_text = String::from_utf8_lossy(&published).into_owned();
    pages.put(crate::contact::PUBLISHED_PATH.into(), published)?;
    let published_url = format!(
        "{}{}",
        site.config.base_path,
        crate::contact::PUBLISHED_PATH
    );

    for language in &site.languages {
        if !selection.language(language) {
            continue;
        }
        let strings = theme.strings_for(&language.code);
        let mut base = common(site, theme, &assets, search, Some(&language.code), &strings);
        if let Some(Value::Object(search)) = base.get_mut("search") {
            // The search box gives the contact verdict for a phone number,
            // email, link or handle; it loads the registry only then.
            search.insert("contacts".into(), json!(published_url));
            search.insert(
                "verify".into(),
                json!(format!("{}contact/verify/", language.url)),
            );
        }
        // (No structured data on these pages depends on the environment.)
        let shared = Shared::new(&pages, &base, "")?;
        let language_pages = LanguagePages {
            site,
            theme,
            language,
            strings: &strings,
            shared: &shared,
        };
        let help_contacts = Value::Array(contact::contacts_value(site, theme, language, &strings));
        base.insert("help_contacts".into(), help_contacts);
        // The other pages are made while the articles are: they are few,
        // and much of their work is one thread's.
        let (others, articles) = rayon::join(
            || {
                language_pages.fixed(&pages)?;
                language_pages.listings(&pages, selection)?;
                pages.jobs(language_pages.contact(&assets, &published_text))
            },
            || article_pages(&pages, site, language, &strings, &base, selection),
        );
        others?;
        articles?;
        crate::trace::step("    pages");
    }
    Ok(pages.html.into_inner())
}

/// The pages that speak every language: the language picker and the root
/// 404 page.
fn root_pages(
    site: &Site,
    theme: &Theme,
    assets: &Assets,
    search: &BTreeMap<String, String>,
) -> Vec<PageJob<'static>> {
    let default = site.config.default_language();
    let strings = theme.strings_for(&default.code);
    let mut root = common(site, theme, assets, search, None, &strings);
    root.insert(
        "languages".into(),
        Value::Array(not_found::languages(site, theme)),
    );
    root.insert(
        "page".into(),
        page_value(
            site,
            &site.config.base_path,
            &site.config.title,
            &site.config.description,
            alternates_all(site, theme, |l| l.url.clone()),
            vec![],
        ),
    );
    let not_found = not_found::root_context(
        site,
        theme,
        &strings,
        common(site, theme, assets, search, None, &strings),
    );
    vec![
        PageJob::new("index.html", "languages.html", root),
        PageJob::new("404.html", "404.html", not_found),
    ]
}

/// The pages of one language other than its articles, as jobs.
struct LanguagePages<'a> {
    site: &'a Site,
    theme: &'a Theme,
    language: &'a Language,
    strings: &'a BTreeMap<String, String>,
    /// What every page of the language shares.
    shared: &'a Shared,
}

impl<'a> LanguagePages<'a> {
    /// The home, tag, 404 and search pages. Tag pages are made in
    /// batches, so a site with many tags never holds all their contexts.
    fn fixed(&self, pages: &Pages) -> Result<(), Diagnostics> {
        const BATCH: usize = 64;
        let (site, theme, language, strings) = (self.site, self.theme, self.language, self.strings);
        let code = &language.url_code;
        let shared = self.shared;
        let mut jobs = vec![PageJob::over(
            shared,
            format!("{code}/index.html"),
            "home.html",
            home_context(site, theme, language, strings, Map::new()),
        )];
        tags::pages(
            site,
            theme,
            language,
            strings,
            &Map::new(),
            &mut |path, template, context| {
                jobs.push(PageJob::over(shared, path, template, context));
                if jobs.len() >= BATCH {
                    pages.jobs(std::mem::take(&mut jobs))?;
                }
                Ok(())
            },
        )?;
        let not_found = not_found::language_context(site, theme, language, strings, Map::new());
        jobs.push(PageJob::over(
            shared,
            format!("{code}/404.html"),
            "404.html",
            not_found,
        ));
        let mut search_page = Map::new();
        let search_url = format!("{}search/", language.url);
        let title = strings.get("search_title").cloned().unwrap_or_default();
        let alternates = alternates_all(site, theme, |l| format!("{}search/", l.url));
        search_page.insert(
            "page".into(),
            page_value(site, &search_url, &title, "", alternates, vec![]),
        );
        jobs.push(PageJob::over(
            shared,
            format!("{code}/search/index.html"),
            "search.html",
            search_page,
        ));
        pages.jobs(jobs)
    }

    /// Every page of every selected kind's list, each context made and
    /// rendered on a worker thread (never all held at once). The registry
    /// leads the contact kind's first page.
    fn listings(&self, pages: &Pages, selection: &dyn Selection) -> Result<(), Diagnostics> {
        let page_size = self.site.config.listing.page_size;
        let kinds: Vec<(&KindGroup, Vec<crate::site::ListingPage>)> = self
            .language
            .kinds
            .iter()
            .filter(|kind| selection.kind(self.language, kind))
            .map(|kind| {
                let listing = crate::site::listing_pages(&kind.url, kind.count(), page_size);
                (kind, listing)
            })
            .collect();
        let listed: Vec<(
            &KindGroup,
            &[crate::site::ListingPage],
            &crate::site::ListingPage,
        )> = kinds
            .iter()
            .flat_map(|(kind, listing)| {
                listing
                    .iter()
                    .map(move |page| (*kind, listing.as_slice(), page))
            })
            .collect();
        listed
            .par_iter()
            .try_for_each(|(kind, listing, page)| pages.job(self.listing(kind, page, listing)))
    }

    /// One page of a kind's list.
    fn listing(
        &self,
        kind: &KindGroup,
        listing_page: &crate::site::ListingPage,
        listing: &[crate::site::ListingPage],
    ) -> PageJob<'a> {
        let mut context = kind_context(
            self.site,
            self.theme,
            self.language,
            kind,
            self.strings,
            (listing_page, listing),
            Map::new(),
        );
        let path = listing_page
            .url
            .strip_prefix(&self.site.config.base_path)
            .unwrap_or(&listing_page.url);
        let template = if kind.kind == "contact" && listing_page.number == 1 {
            contact::add_registry(
                self.site,
                self.theme,
                self.language,
                self.strings,
                &mut context,
            );
            "contact.html"
        } else {
            "kind.html"
        };
        PageJob::over(self.shared, format!("{path}index.html"), template, context)
    }

    /// The contact pages that do not list articles: the registry's own
    /// page when the language has no contact articles, the verification
    /// page and the scams page.
    fn contact(&self, assets: &Assets, published: &str) -> Vec<PageJob<'a>> {
        let (site, theme, language, strings) = (self.site, self.theme, self.language, self.strings);
        let code = &language.url_code;
        let mut jobs = Vec::new();
        // The registry is the source of truth: a language without contact
        // articles still gets its contact page when there are contacts.
        let has_contact_kind = language.kinds.iter().any(|k| k.kind == "contact");
        if !has_contact_kind && !site.config.contacts.is_empty() {
            let kind = KindGroup {
                kind: "contact".into(),
                url: format!("{}contact/", language.url),
                categories: Vec::new(),
            };
            let listing = crate::site::listing_pages(&kind.url, 0, site.config.listing.page_size);
            let mut context = kind_context(
                site,
                theme,
                language,
                &kind,
                strings,
                (&listing[0], &listing),
                Map::new(),
            );
            contact::add_registry(site, theme, language, strings, &mut context);
            jobs.push(PageJob::over(
                self.shared,
                format!("{code}/contact/index.html"),
                "contact.html",
                context,
            ));
        }
        if !site.config.contacts.is_empty() {
            let context = contact::verify_context(
                site,
                theme,
                language,
                strings,
                &assets.urls,
                published,
                Map::new(),
            );
            jobs.push(PageJob::over(
                self.shared,
                format!("{code}/contact/verify/index.html"),
                "verify.html",
                context,
            ));
        }
        if contact::scams_url(site, language).is_some() {
            let context = contact::scams_context(site, theme, language, strings, Map::new());
            jobs.push(PageJob::over(
                self.shared,
                format!("{code}/contact/scams/index.html"),
                "scams.html",
                context,
            ));
        }
        jobs
    }
}

/// The article pages of one language, in parallel. An article's inputs
/// are hashed from its own part of the context, the language's shared
/// part (hashed once) and its HTML's digest, so a kept page never needs
/// its HTML read back from the cache.
fn article_pages(
    pages: &Pages,
    site: &Site,
    language: &Language,
    strings: &BTreeMap<String, String>,
    base: &Map<String, Value>,
    selection: &dyn Selection,
) -> Result<(), Diagnostics> {
    let theme = pages.theme;
    let safety = ReleaseSafety::of(site, language);
    let template = "article.html";
    let shared = Shared::new(pages, base, &super::structured::environment(site, language))?;
    language
        .pages
        .par_iter()
        .filter(|page| selection.article(page))
        .try_for_each(|page| {
            let own = article_context(site, theme, language, page, strings, &safety);
            let inputs = pages
                .reuse
                .zip(shared.digest.as_ref())
                .map(|(reuse, base)| {
                    reuse.inputs(base, template, &own.own, &page.rendered.html_digest)
                });
            pages.emit(&page.output, inputs, || {
                let html = crate::markup::localize(&site.html(page), strings);
                let context = own
                    .into_context(&shared.context, site, language, page, html)
                    .map_err(|e| context_error(template, &e))?;
                render_context(pages.tera, theme, template, &context)
            })
        })
}

fn context_error(template: &str, error: &tera::Error) -> Diagnostics {
    Diagnostic::error("template", template, error.to_string()).into()
}

/// Renders `base` with the keys of `own` added (replacing any of the same
/// name) with the theme's `template`.
fn render_over(
    tera: &tera::Tera,
    theme: &Theme,
    template: &str,
    base: &tera::Context,
    own: Map<String, Value>,
) -> Result<Vec<u8>, Diagnostics> {
    let mut context = base.clone();
    for (key, value) in own {
        let value = tera::value::Value::try_from_serializable(&value)
            .map_err(|e| context_error(template, &e))?;
        context.insert_value(key, value);
    }
    render_context(tera, theme, template, &context)
}

/// Renders a whole `context` with the theme's `template`, into bytes (as
/// pages are written: `render` would check the bytes are UTF-8 again).
fn render_context(
    tera: &tera::Tera,
    theme: &Theme,
    template: &str,
    context: &tera::Context,
) -> Result<Vec<u8>, Diagnostics> {
    let mut bytes = Vec::with_capacity(32 * 1024);
    tera.render_to(template, context, &mut bytes)
        .map_err(|e| template_error(theme, &e))?;
    Ok(bytes)
}

/// Renders `context` with the theme's `template`.
pub(super) fn render(
    tera: &tera::Tera,
    theme: &Theme,
    template: &str,
    context: &Map<String, Value>,
) -> Result<Vec<u8>, Diagnostics> {
    let context =
        tera::Context::from_serialize(context).map_err(|e| context_error(template, &e))?;
    render_context(tera, theme, template, &context)
}
