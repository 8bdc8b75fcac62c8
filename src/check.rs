//! `helpbook check`: diagnostics over an assembled [`Site`], without
//! writing anything.
//!
//! The content and site stages already report front matter problems,
//! relative links and images that point nowhere; this module adds what needs
//! the whole site at once: `#anchors` (also across languages), absolute
//! site links, images without alt text, articles missing from a language,
//! contacts that are not in the official registry, and verified dates that
//! are too old.

use std::collections::{BTreeMap, HashMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::LinkPolicy;
use crate::contact::{Kind, Status};
use crate::content::front_matter::key_position;
use crate::diagnostic::{Diagnostic, Diagnostics, Severity};
use crate::site::{Page, Site};

/// What `helpbook check` is asked to do.
#[derive(Debug, Clone)]
pub struct CheckOptions {
    pub root: PathBuf,
    pub drafts: bool,
    /// The day verified dates are measured against (today, or `--today`).
    pub today: Date,
}

/// Every diagnostic for the site at `options.root`, sorted by file, line
/// and column. The checks run on the articles without errors even when
/// others have some; only an invalid book.toml stops everything (the rest
/// depends on it).
pub fn check(options: &CheckOptions) -> Diagnostics {
    // (Read while book.toml and the cache are, as `build` does.)
    let prefetch = crate::content::Prefetch::start(&options.root);
    let config = match crate::load_config(&options.root, None) {
        Ok(config) => config,
        Err(diagnostics) => return diagnostics.sorted(),
    };
    // The renderings the last build or check made are reused (.helpbook/cache).
    let cache = crate::cache::Cache::open(&options.root, &|notice| eprintln!("{notice}"));
    let load = crate::content::LoadOptions {
        drafts: options.drafts,
        prefetch: Some(&prefetch),
    };
    let loaded = crate::load_site_with(
        &options.root,
        config,
        load,
        &cache,
        &mut crate::GitDates::default(),
    );
    cache.save(None);
    match loaded {
        Ok(site) => {
            let mut diagnostics = Diagnostics(site.warnings.clone());
            diagnostics.0.extend(check_site(&site, options.today).0);
            diagnostics.sorted()
        }
        Err(diagnostics) => diagnostics.sorted(),
    }
}

/// The checks that need the assembled site (see the module docs).
pub fn check_site(site: &Site, today: Date) -> Diagnostics {
    let mut out = Diagnostics::default();
    let pages: Vec<&Page> = site.languages.iter().flat_map(|l| &l.pages).collect();
    let by_source: HashMap<&Path, &Page> = pages
        .iter()
        .map(|p| (p.article.source.as_path(), *p))
        .collect();
    let by_url: HashMap<&str, &Page> = pages.iter().map(|p| (p.url.as_str(), *p)).collect();
    let known_urls = known_urls(site);
    // Pages are independent; the contact scan is most of the time, so run
    // them in parallel (the result is sorted by the caller).
    let per_page: Vec<Diagnostics> = pages
        .par_iter()
        .map(|page| {
            let mut out = Diagnostics::default();
            check_links(site, page, &by_source, &by_url, &known_urls, &mut out);
            check_contacts(site, page, &mut out);
            check_verified(site, page, today, &mut out);
            check_placeholders(page, &mut out);
            out
        })
        .collect();
    out.0.extend(per_page.into_iter().flat_map(|d| d.0));
    check_translations(site, &mut out);
    crate::search::rules::check_pins(site, &mut out);
    out
}

/// A published article that still has the text `helpbook new` wrote for
/// the writer to replace.
fn check_placeholders(page: &Page, out: &mut Diagnostics) {
    let article = &page.article;
    if article.draft {
        return;
    }
    // (memchr's SIMD substring search: four `str::find`s were 1.5% of a
    // rebuild's time, and one Aho-Corasick pass was slower still on
    // Chinese text, whose lead bytes the prompts share.)
    static FINDERS: std::sync::LazyLock<Vec<memchr::memmem::Finder<'static>>> =
        std::sync::LazyLock::new(|| {
            crate::scaffold::PLACEHOLDERS
                .iter()
                .map(|placeholder| memchr::memmem::Finder::new(placeholder.as_bytes()))
                .collect()
        });
    let first = FINDERS
        .iter()
        .map(|finder| finder.find(article.text.as_bytes()));
    for (placeholder, offset) in crate::scaffold::PLACEHOLDERS.iter().zip(first) {
        if let Some(offset) = offset {
            out.push(
                Diagnostic::warning(
                    "placeholder",
                    &article.source,
                    format!("placeholder text left in a published article: “{placeholder}”"),
                )
                .at_offset(&article.text, offset)
                .with_help("replace it with the real summary or text (or keep `draft: true` until it is ready)"),
            );
        }
    }
}

/// Site paths that are not articles but exist: homes, kind pages, search
/// and verification pages, copied files.
fn known_urls(site: &Site) -> HashSet<String> {
    let base = &site.config.base_path;
    let mut urls = HashSet::from([base.clone()]);
    for language in &site.languages {
        urls.insert(language.url.clone());
        urls.insert(format!("{}search/", language.url));
        urls.insert(format!("{}contact/verify/", language.url));
        if let Some(url) = crate::render::scams_url(site, language) {
            urls.insert(url);
        }
        for kind in &language.kinds {
            let listing =
                crate::site::listing_pages(&kind.url, kind.count(), site.config.listing.page_size);
            urls.extend(listing.into_iter().map(|p| p.url));
        }
        urls.insert(language.tags_url());
        urls.extend(language.tags().into_iter().map(|t| t.url));
    }
    for asset in &site.assets {
        urls.insert(format!("{base}{}", asset.output));
    }
    urls
}

fn check_links(
    site: &Site,
    page: &Page,
    by_source: &HashMap<&Path, &Page>,
    by_url: &HashMap<&str, &Page>,
    known_urls: &HashSet<String>,
    out: &mut Diagnostics,
) {
    let article = &page.article;
    let at =
        |d: Diagnostic, offset: usize| d.at_offset(&article.text, article.body_offset + offset);
    for link in &page.rendered.links {
        if link.is_image {
            if link.alt.trim().is_empty() {
                out.push(
                    at(
                        Diagnostic::warning(
                            "image-alt",
                            &article.source,
                            format!("image `{}` has no alt text", link.target),
                        ),
                        link.range.start,
                    )
                    .with_help("describe the image between the brackets: `![what it shows](file.svg)`, for readers who cannot see it"),
                );
            }
            continue;
        }
        let (path, fragment) = match link.target.split_once('#') {
            Some((path, fragment)) => (path, Some(fragment)),
            None => (link.target.as_str(), None),
        };
        // Which article the link lands on, if it is one.
        // A scheme (`https:`, `mailto:`, `tel:`) comes before any `/`, `?` or `#`.
        let head = &path[..path.find(['/', '?', '#']).unwrap_or(path.len())];
        let target: Option<&Page> = if path.is_empty() {
            Some(page)
        } else if path.starts_with('/') {
            let clean = path.split('?').next().unwrap_or_default();
            // `/en/faq/x` is served as `/en/faq/x/`.
            let slashed = format!("{}/", clean.trim_end_matches('/'));
            let found = by_url
                .get(clean)
                .or_else(|| by_url.get(slashed.as_str()))
                .copied();
            let under_language = site.languages.iter().any(|l| clean.starts_with(&l.url));
            if found.is_none()
                && under_language
                && !known_urls.contains(clean)
                && !known_urls.contains(&slashed)
            {
                out.push(
                    at(
                        Diagnostic::warning(
                            "broken-link",
                            &article.source,
                            format!("link `{}` points to nothing in the site", link.target),
                        ),
                        link.range.start,
                    )
                    .with_help("link to another article by its relative path, e.g. `../security/two-step-verification.md`"),
                );
            }
            found
        } else if head.contains(':') {
            None
        } else {
            resolve(&article.source, path).and_then(|p| by_source.get(p.as_path()).copied())
        };
        let (Some(target), Some(fragment)) = (target, fragment) else {
            continue;
        };
        if fragment.is_empty() || target.rendered.anchors.iter().any(|a| a == fragment) {
            continue;
        }
        let decoded = crate::site::percent_decode(fragment);
        if target.rendered.anchors.contains(&decoded) {
            continue;
        }
        let known: Vec<&str> = target.rendered.anchors.iter().map(String::as_str).collect();
        let mut diagnostic = at(
            Diagnostic::warning(
                "broken-anchor",
                &article.source,
                format!(
                    "`#{fragment}` is not a heading of {}",
                    target.article.source.display()
                ),
            ),
            link.range.start,
        );
        diagnostic = match closest(fragment, &known) {
            Some(best) => diagnostic.with_help(format!("did you mean `#{best}`?")),
            None if known.is_empty() => {
                diagnostic.with_help("the target has no headings; link to the article itself")
            }
            None => diagnostic.with_help(format!("its headings are: {}", known.join(", "))),
        };
        out.push(diagnostic);
    }
}

/// The source path a relative link from the file `from` names.
fn resolve(from: &Path, target: &str) -> Option<PathBuf> {
    crate::site::resolve_relative(from.parent()?, target)
}

fn closest<'a>(word: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (strsim::jaro_winkler(word, c), *c))
        .filter(|(score, _)| *score > 0.8)
        .max_by(|a, b| a.0.total_cmp(&b.0))
        .map(|(_, c)| c)
}

/// Every contact readers see in the article must be on a list of
/// book.toml: official, a third party's, or a reported scam mentioned as
/// a warning. An imitation of an official contact and a link to a scam are
/// always errors; an unlisted phone number, email, account or `tel:`/
/// `mailto:` link is an error; an unlisted ordinary link is a warning (or
/// what `[check] unlisted_links` says), and an error in a contact article.
fn check_contacts(site: &Site, page: &Page, out: &mut Diagnostics) {
    let article = &page.article;
    let registry = &site.registry;
    let at =
        |d: Diagnostic, offset: usize| d.at_offset(&article.text, article.body_offset + offset);
    for unknown in &page.rendered.unknown_contacts {
        let ids: Vec<&str> = registry
            .official
            .iter()
            .filter_map(|e| e.id.as_deref())
            .collect();
        let help = match crate::config::did_you_mean(&unknown.id, &ids) {
            Some(best) => format!("did you mean `contact:{best}`?"),
            None if ids.is_empty() => {
                "give the contact an `id` in book.toml's `[[contacts]]`, e.g. `id = \"hotline\"`"
                    .to_string()
            }
            None => format!("the registry's ids are: {}", ids.join(", ")),
        };
        out.push(
            at(
                Diagnostic::error(
                    "contact-ref",
                    &article.source,
                    format!(
                        "`contact:{}` is not an id of book.toml's `[[contacts]]`",
                        unknown.id
                    ),
                ),
                unknown.range.start,
            )
            .with_help(help),
        );
    }
    let contact_article = article.kind == "contact";
    for found in &page.rendered.contacts {
        let verdict = registry.verdict_of(found.contact.clone());
        let what = match found.contact.kind {
            Kind::Phone => "phone number",
            Kind::Email => "email address",
            Kind::Domain => "web address",
            Kind::Handle => "account",
            Kind::Version => continue,
        };
        let shown = &found.text;
        let diagnostic = match verdict.status {
            Status::Official | Status::ThirdParty => continue,
            Status::Scam if !found.is_link => continue,
            Status::Scam => Diagnostic::error(
                "contact",
                &article.source,
                format!("link to `{shown}`, a reported scam"),
            )
            .with_help("never link to a reported scam: name it as text to warn readers"),
            Status::Imitation => Diagnostic::error(
                "contact",
                &article.source,
                format!(
                    "{what} `{shown}` imitates the official `{}`",
                    verdict.imitates.as_deref().unwrap_or_default()
                ),
            )
            .with_help("readers would take it for ours: use the official contact (`[](contact:<id>)`), or add it to `[[scams]]` if you warn about it"),
            Status::Unknown if verdict.linked => continue,
            Status::Unknown if found.contact.kind == Kind::Domain && !contact_article => {
                let d = Diagnostic::warning(
                    "unlisted-link",
                    &article.source,
                    format!("link to `{shown}`, a site on no list of book.toml"),
                )
                .with_help("if the site is fine to link to, add its domain to `[check] allowed_domains`; if readers may contact its owner, add it to `[[third_parties]]` with whose it is");
                match site.config.check.unlisted_links {
                    LinkPolicy::Off => continue,
                    LinkPolicy::Warning => d,
                    LinkPolicy::Error => Diagnostic {
                        severity: crate::diagnostic::Severity::Error,
                        ..d
                    },
                }
            }
            Status::Unknown => {
                let mut d = Diagnostic::error(
                    "contact",
                    &article.source,
                    format!("{what} `{shown}` is not in the official contact registry"),
                );
                d = if verdict.needs_country_code {
                    d.with_help("set `default_region` in book.toml (e.g. `default_region = \"CN\"`) so national numbers can be read, or write the number with its country code")
                } else if found.contact.kind == Kind::Domain {
                    d.with_help("a contact article may link only to official sites, third parties and `[check] allowed_domains`: readers take every link on it for an official channel")
                } else {
                    d.with_help("if it is ours, add it to `[[contacts]]` and write `[](contact:<id>)`; if it is someone else's, add it to `[[third_parties]]`; if you warn about it, add it to `[[scams]]`; otherwise remove it: readers trust every contact printed in the help center")
                };
                d
            }
        };
        out.push(at(diagnostic, found.source));
    }
}

fn check_verified(site: &Site, page: &Page, today: Date, out: &mut Diagnostics) {
    let article = &page.article;
    let Some(verified) = article.verified else {
        return;
    };
    let max = i64::from(site.config.check.max_verified_age_days);
    let Ok(span) = verified.until(today) else {
        return;
    };
    let age = i64::from(span.get_days());
    if age <= max {
        return;
    }
    let (line, column) = key_position(&article.text, "verified");
    out.push(
        Diagnostic::warning(
            "verified-age",
            &article.source,
            format!("verified {verified}, {age} days ago (more than {max} days)"),
        )
        .at(&article.text, line, column)
        .with_help("check that every contact and fact in the article is still right, then set `verified:` to today's date"),
    );
}

/// One info line per article that some languages do not have.
fn check_translations(site: &Site, out: &mut Diagnostics) {
    // slug → (first page found in language order, languages that have it)
    let mut articles: BTreeMap<&str, (&Page, Vec<&str>)> = BTreeMap::new();
    for language in &site.languages {
        for page in &language.pages {
            articles
                .entry(page.article.slug.as_str())
                .or_insert((page, Vec::new()))
                .1
                .push(language.code.as_str());
        }
    }
    for (slug, (page, present)) in articles {
        let missing: Vec<&str> = site
            .languages
            .iter()
            .map(|l| l.code.as_str())
            .filter(|code| !present.contains(code))
            .collect();
        if missing.is_empty() {
            continue;
        }
        let (line, column) = key_position(&page.article.text, "title");
        out.push(
            Diagnostic::info(
                "missing-translation",
                &page.article.source,
                format!("`{slug}` is not translated into {}", missing.join(", ")),
            )
            .at(&page.article.text, line, column),
        );
    }
}

/// Whether the diagnostics fail a check: any error, or any warning with
/// `strict`. Info never fails.
pub fn fails(diagnostics: &Diagnostics, strict: bool) -> bool {
    diagnostics
        .0
        .iter()
        .any(|d| d.severity == Severity::Error || (strict && d.severity == Severity::Warning))
}
