//! Redirects for moved articles: every `aliases:` entry becomes a small
//! HTML page at the old path (for any static host) and a line of
//! `_redirects` (for hosts that answer with a real 301: Netlify and
//! Cloudflare Pages read that file).
//!
//! Aliases that collide with an article or with each other are reported
//! while the site is assembled (`site::check_aliases`); this stage only
//! refuses an alias that would overwrite a page helpbook generates itself
//! (a kind page, the search page, a feed).

use crate::diagnostic::{Diagnostic, Diagnostics};
use std::collections::BTreeSet;

use crate::render::Sink;
use crate::site::Site;

/// The file Netlify and Cloudflare Pages read redirect rules from.
pub const REDIRECTS_FILE: &str = "_redirects";

/// One alias: the old URL (with the base path), the output file that
/// answers it, and where it now points.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Redirect {
    pub from: String,
    pub output: String,
    pub to: String,
    pub permalink: String,
    pub title: String,
    pub lang: String,
}

/// Every alias of the site, sorted by old URL.
pub fn redirects(site: &Site) -> Vec<Redirect> {
    let base = &site.config.base_path;
    let mut out = Vec::new();
    for language in &site.languages {
        for page in &language.pages {
            for alias in &page.article.aliases {
                let relative = alias.trim_start_matches('/');
                let output = if relative.ends_with('/') || relative.is_empty() {
                    format!("{relative}index.html")
                } else {
                    relative.to_string()
                };
                let path = page.url.strip_prefix(base.as_str()).unwrap_or(&page.url);
                out.push(Redirect {
                    from: format!("{base}{relative}"),
                    output,
                    to: page.url.clone(),
                    permalink: format!("{}{path}", site.config.base_url),
                    title: page.article.title.clone(),
                    lang: language.code.clone(),
                });
            }
        }
    }
    out.sort_by(|a, b| a.from.cmp(&b.from));
    out
}

/// Writes the redirect pages and `_redirects`. An alias that would replace
/// a page of the site (a path of `written`, a folder of one, or a file where
/// one has a folder) is an error naming the article. Each test is a lookup
/// in the sorted paths, so aliases cost O(log n) each.
pub fn add_to(site: &Site, written: &BTreeSet<String>, sink: &dyn Sink) -> Result<(), Diagnostics> {
    let mut errors = Diagnostics::default();
    let redirects = redirects(site);
    let csp = crate::render::content_security_policy(&site.config);
    let by_url: std::collections::HashMap<&str, &std::path::Path> = site
        .languages
        .iter()
        .flat_map(|l| &l.pages)
        .map(|p| (p.url.as_str(), p.article.source.as_path()))
        .collect();
    let mut ours: BTreeSet<&str> = BTreeSet::new();
    for redirect in &redirects {
        let output = redirect.output.as_str();
        let taken_path = |path: &str| written.contains(path) || ours.contains(path);
        // The same path, or a folder where a file is (`/_redirects/`), or
        // a file where a folder is.
        let mut ancestors = output.match_indices('/').map(|(i, _)| &output[..i]);
        let folder = format!("{output}/");
        let holds_files = written
            .range(folder.clone()..)
            .next()
            .is_some_and(|k| k.starts_with(&folder));
        let taken = taken_path(output)
            || ancestors.any(|a| taken_path(a) || a == REDIRECTS_FILE)
            || output == REDIRECTS_FILE
            || holds_files;
        if taken {
            let source = by_url
                .get(redirect.to.as_str())
                .map(|p| p.to_path_buf())
                .unwrap_or_default();
            errors.push(
                Diagnostic::error(
                    "alias",
                    source,
                    format!(
                        "alias `{}` is the path of a page helpbook generates ({})",
                        redirect.from, redirect.output
                    ),
                )
                .with_help("remove the alias or pick another path"),
            );
            continue;
        }
        ours.insert(output);
        sink.put(redirect.output.clone(), page(redirect, &csp).into_bytes())?;
    }
    if errors.has_errors() {
        return Err(errors);
    }
    sink.put(
        REDIRECTS_FILE.into(),
        redirects_file(site, &redirects).into_bytes(),
    )?;
    Ok(())
}

/// `_redirects`: `old new 301`, one alias a line (paths never contain
/// spaces: aliases and slugs are validated as URL-safe), then one line per
/// language that answers a missing page under it with that language's
/// 404 page. Netlify applies such a 404 rule only when no file matches;
/// Cloudflare Pages ignores it (it only knows 200 and 30x rules) and
/// serves the nearest `404.html` up the folder tree, which is the same page.
pub fn redirects_file(site: &Site, redirects: &[Redirect]) -> String {
    let mut text = String::new();
    if !redirects.is_empty() {
        text.push_str("# Moved articles (aliases)\n");
    }
    for r in redirects {
        text.push_str(&format!("{} {} 301\n", r.from, r.to));
    }
    text.push_str("# Missing pages: each language's own 404 page\n");
    for language in &site.languages {
        text.push_str(&format!("{url}* {url}404.html 404\n", url = language.url));
    }
    text
}

/// The page left at an old path: a meta refresh for browsers, a canonical
/// link for search engines, `noindex` so the old URL leaves their index,
/// and a visible link for readers whose browser does not follow refreshes.
pub fn page(redirect: &Redirect, csp: &str) -> String {
    let e = |s: &str| quick_xml::escape::escape(s).into_owned();
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\">\n<head>\n<meta charset=\"utf-8\">\n<meta http-equiv=\"Content-Security-Policy\" content=\"{csp}\">\n<title>{title}</title>\n<meta name=\"robots\" content=\"noindex\">\n<link rel=\"canonical\" href=\"{permalink}\">\n<meta http-equiv=\"refresh\" content=\"0; url={to}\">\n</head>\n<body>\n<p><a href=\"{to}\">{title}</a></p>\n</body>\n</html>\n",
        lang = e(&redirect.lang),
        title = e(&redirect.title),
        permalink = e(&redirect.permalink),
        to = e(&redirect.to),
        csp = e(csp),
    )
}
