//! The release-notes feed: one Atom 1.0 document per language at
//! `/<lang>/releases.xml`, newest first by date (versioned release notes
//! and dated announcements alike), and the two orders of release notes
//! the rest of the site uses: by date ([`releases`]) and by version
//! ([`versions`]).
//!
//! Everything in it comes from content (no build timestamp), so identical
//! input gives an identical feed: entry ids are the articles' permalinks,
//! which stay the same as long as the article keeps its URL, and `updated`
//! is the release date.

use std::io;

use quick_xml::Writer;
use quick_xml::events::{BytesDecl, BytesText, Event};

use crate::content::Release;
use crate::site::{Language, Page, Site};

/// The most entries a feed holds (the newest versions): feed readers poll
/// the whole file, and a help center with years of releases would
/// otherwise serve megabytes to every poll. The releases page lists all.
pub const MAX_ENTRIES: usize = 50;

/// The feed's file name inside each language folder.
pub const FEED_FILE: &str = "releases.xml";

/// The path of a language's feed inside the output directory, e.g. `en/releases.xml`.
pub fn output_path(language: &Language) -> String {
    format!("{}/{FEED_FILE}", language.url_code)
}

/// The URL path of a language's feed, e.g. `/en/releases.xml`.
pub fn url(language: &Language) -> String {
    format!("{}{FEED_FILE}", language.url)
}

/// Every release note of a language (versioned or a dated announcement),
/// newest date first; on one day, the higher version first, then by slug,
/// so the order is fixed.
pub fn releases(language: &Language) -> Vec<&Page> {
    let mut pages: Vec<(&Page, &Release)> = language
        .pages
        .iter()
        .filter_map(|p| p.article.release.as_ref().map(|r| (p, r)))
        .collect();
    pages.sort_by(|(a, ra), (b, rb)| {
        rb.date
            .cmp(&ra.date)
            .then_with(|| ra.reading_order(rb))
            .then_with(|| a.article.slug.cmp(&b.article.slug))
    });
    pages.into_iter().map(|(p, _)| p).collect()
}

/// The release notes of a language that have a version, newest version
/// first (a prerelease below its release; equal versions by date, then
/// slug): the series on the releases page and the "latest version".
pub fn versions(language: &Language) -> Vec<&Page> {
    let mut pages: Vec<(&Page, &Release)> = language
        .pages
        .iter()
        .filter_map(|p| p.article.release.as_ref().map(|r| (p, r)))
        .filter(|(_, r)| r.version.is_some())
        .collect();
    pages.sort_by(|(a, ra), (b, rb)| {
        ra.reading_order(rb)
            .then_with(|| a.article.slug.cmp(&b.article.slug))
    });
    pages.into_iter().map(|(p, _)| p).collect()
}

fn rfc3339(date: jiff::civil::Date) -> String {
    format!("{date}T00:00:00Z")
}

/// The Atom document of one language, or `None` when it has no release notes.
/// `title` is the feed's title (the theme's name for release notes).
pub fn atom(site: &Site, language: &Language, title: &str) -> Option<String> {
    let releases = releases(language);
    let updated = releases
        .iter()
        .filter_map(|p| p.article.release.as_ref().map(|r| r.date))
        .max()?;
    let feed_url = site.absolute_url(&url(language));
    let kind_url = site.absolute_url(&format!("{}release/", language.url));
    let mut writer = Writer::new_with_indent(Vec::new(), b' ', 2);
    let result: io::Result<()> = (|| {
        writer.write_event(Event::Decl(BytesDecl::new("1.0", Some("utf-8"), None)))?;
        writer
            .create_element("feed")
            .with_attribute(("xmlns", "http://www.w3.org/2005/Atom"))
            .with_attribute(("xml:lang", language.code.as_str()))
            .write_inner_content(|w| {
                text(w, "id", &feed_url)?;
                text(w, "title", title)?;
                text(w, "updated", &rfc3339(updated))?;
                w.create_element("link")
                    .with_attribute(("rel", "self"))
                    .with_attribute(("type", "application/atom+xml"))
                    .with_attribute(("href", feed_url.as_str()))
                    .write_empty()?;
                w.create_element("link")
                    .with_attribute(("rel", "alternate"))
                    .with_attribute(("type", "text/html"))
                    .with_attribute(("href", kind_url.as_str()))
                    .write_empty()?;
                w.create_element("author")
                    .write_inner_content(|w| text(w, "name", &language.title))?;
                for page in releases.iter().take(MAX_ENTRIES) {
                    entry(w, site, page)?;
                }
                Ok(())
            })?;
        Ok(())
    })();
    // Writing into a Vec cannot fail; should it ever, there is no feed.
    result.ok()?;
    let mut xml = String::from_utf8(writer.into_inner()).ok()?;
    xml.push('\n');
    Some(xml)
}

fn text(w: &mut Writer<Vec<u8>>, name: &str, value: &str) -> io::Result<()> {
    w.create_element(name)
        .write_text_content(BytesText::new(value))?;
    Ok(())
}

fn entry(w: &mut Writer<Vec<u8>>, site: &Site, page: &Page) -> io::Result<()> {
    let article = &page.article;
    let Some(release) = &article.release else {
        return Ok(());
    };
    let permalink = site.absolute_url(&page.url);
    w.create_element("entry").write_inner_content(|w| {
        text(w, "id", &permalink)?;
        text(w, "title", &article.title)?;
        text(w, "updated", &rfc3339(release.date))?;
        text(w, "published", &rfc3339(release.date))?;
        w.create_element("link")
            .with_attribute(("rel", "alternate"))
            .with_attribute(("type", "text/html"))
            .with_attribute(("href", permalink.as_str()))
            .write_empty()?;
        if let Some(version) = &release.version {
            w.create_element("category")
                .with_attribute(("term", version.to_string().as_str()))
                .write_empty()?;
        }
        if !article.summary.is_empty() {
            text(w, "summary", &article.summary)?;
        }
        // Links inside the article are site paths; xml:base lets feed
        // readers resolve them.
        w.create_element("content")
            .with_attribute(("type", "html"))
            .with_attribute(("xml:base", permalink.as_str()))
            .write_text_content(BytesText::new(&site.html(page)))?;
        Ok(())
    })?;
    Ok(())
}
