//! sitemap.xml and robots.txt.
//!
//! The sitemap protocol allows 50,000 URLs and 50 MB (52,428,800 bytes,
//! uncompressed) per file. A site within both limits gets one
//! `sitemap.xml`; a larger one gets `sitemap-1.xml`, `sitemap-2.xml`, …
//! (URLs in sorted order, each file as full as the limits allow, so the
//! same site always splits the same way) and `sitemap.xml` becomes the
//! sitemap index that lists them. Either way robots.txt and search
//! consoles point at `sitemap.xml`, which keeps working as a site grows
//! past the limit.

use crate::render::permalink;
use crate::site::Site;

/// How much one sitemap file may hold.
#[derive(Debug, Clone, Copy)]
pub struct Limits {
    pub urls: usize,
    pub bytes: usize,
}

/// The sitemap protocol's limits (sitemaps.org).
pub const PROTOCOL_LIMITS: Limits = Limits {
    urls: 50_000,
    bytes: 52_428_800,
};

/// One `<url>` of a sitemap.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Entry {
    /// The absolute URL.
    pub loc: String,
    /// `YYYY-MM-DD`, or empty.
    pub lastmod: String,
    /// (language, absolute URL) of every translation, this one included.
    pub alternates: Vec<(String, String)>,
}

const URLSET_START: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n";
const URLSET_END: &str = "</urlset>\n";

/// The sitemap files of `site`: (output path, XML), `sitemap.xml` first.
pub fn files(site: &Site) -> Vec<(String, String)> {
    split(entries(site), PROTOCOL_LIMITS, |name| {
        permalink(site, &format!("{}{name}", site.config.base_path))
    })
}

/// Every page of the site that belongs in a sitemap, sorted by URL, with
/// an `xhtml:link` hreflang alternate for every translation.
pub fn entries(site: &Site) -> Vec<Entry> {
    let full = |url: &str| permalink(site, url);
    let entry = |loc: String, lastmod: String, alternates| Entry {
        loc,
        lastmod,
        alternates,
    };
    let mut entries: Vec<Entry> = Vec::new();
    let homes: Vec<(String, String)> = site
        .languages
        .iter()
        .map(|l| (l.code.clone(), full(&l.url)))
        .collect();
    entries.push(entry(
        full(&site.config.base_path),
        String::new(),
        Vec::new(),
    ));
    for language in &site.languages {
        entries.push(entry(full(&language.url), String::new(), homes.clone()));
        for kind in &language.kinds {
            let alternates = site
                .languages
                .iter()
                .filter_map(|l| {
                    l.kinds
                        .iter()
                        .find(|k| k.kind == kind.kind)
                        .map(|k| (l.code.clone(), full(&k.url)))
                })
                .collect();
            entries.push(entry(full(&kind.url), String::new(), alternates));
            // The kind's further listing pages (no translations: their
            // articles differ from language to language).
            let listing =
                crate::site::listing_pages(&kind.url, kind.count(), site.config.listing.page_size);
            for page in listing.iter().skip(1) {
                entries.push(entry(full(&page.url), String::new(), Vec::new()));
            }
        }
        for page in &language.pages {
            let alternates = site
                .translations(&page.article.slug)
                .into_iter()
                .map(|(l, p)| (l.code.clone(), full(&p.url)))
                .collect();
            let lastmod = page
                .article
                .updated
                .map(|d| d.to_string())
                .unwrap_or_default();
            entries.push(entry(full(&page.url), lastmod, alternates));
        }
    }
    // Pages rendered from the contact registry (see render/contact.rs).
    if !site.config.contacts.is_empty() {
        let scams = (!site.registry.scams.is_empty()).then_some("contact/scams/");
        for path in ["contact/", "contact/verify/"].into_iter().chain(scams) {
            let alternates: Vec<(String, String)> = site
                .languages
                .iter()
                .map(|l| (l.code.clone(), full(&format!("{}{path}", l.url))))
                .collect();
            for (_, url) in &alternates {
                if !entries.iter().any(|e| &e.loc == url) {
                    entries.push(entry(url.clone(), String::new(), alternates.clone()));
                }
            }
        }
    }
    entries.sort();
    entries
}

/// The sitemap files for `entries` (sorted): one `sitemap.xml` when they
/// fit in `limits`, else numbered sitemaps and an index at `sitemap.xml`
/// that names each by `url_of(file name)`.
pub fn split(
    entries: Vec<Entry>,
    limits: Limits,
    url_of: impl Fn(&str) -> String,
) -> Vec<(String, String)> {
    // Each chunk: its XML so far, its URL count and its newest lastmod.
    let mut chunks: Vec<(String, usize, String)> = Vec::new();
    let mut block = String::new();
    for entry in entries {
        block.clear();
        url_element(&entry, &mut block);
        let fits = chunks.last().is_some_and(|(xml, count, _)| {
            *count < limits.urls && xml.len() + block.len() + URLSET_END.len() <= limits.bytes
        });
        if !fits {
            chunks.push((URLSET_START.to_string(), 0, String::new()));
        }
        if let Some((xml, count, newest)) = chunks.last_mut() {
            xml.push_str(&block);
            *count += 1;
            if entry.lastmod > *newest {
                newest.clone_from(&entry.lastmod);
            }
        }
    }
    if chunks.len() <= 1 {
        let mut xml = chunks
            .pop()
            .map_or_else(|| URLSET_START.to_string(), |c| c.0);
        xml.push_str(URLSET_END);
        return vec![("sitemap.xml".to_string(), xml)];
    }
    let mut index = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    let mut files = vec![(String::new(), String::new())];
    for (number, (mut xml, _, newest)) in chunks.into_iter().enumerate() {
        let name = format!("sitemap-{}.xml", number + 1);
        index.push_str("  <sitemap>\n    <loc>");
        index.push_str(&escape_xml(&url_of(&name)));
        index.push_str("</loc>\n");
        if !newest.is_empty() {
            index.push_str(&format!("    <lastmod>{newest}</lastmod>\n"));
        }
        index.push_str("  </sitemap>\n");
        xml.push_str(URLSET_END);
        files.push((name, xml));
    }
    index.push_str("</sitemapindex>\n");
    files[0] = ("sitemap.xml".to_string(), index);
    files
}

/// Appends one `<url>` element to `xml`.
fn url_element(entry: &Entry, xml: &mut String) {
    xml.push_str("  <url>\n    <loc>");
    xml.push_str(&escape_xml(&entry.loc));
    xml.push_str("</loc>\n");
    if !entry.lastmod.is_empty() {
        xml.push_str(&format!("    <lastmod>{}</lastmod>\n", entry.lastmod));
    }
    if entry.alternates.len() > 1 {
        for (lang, href) in &entry.alternates {
            xml.push_str(&format!(
                "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                escape_xml(lang),
                escape_xml(href)
            ));
        }
    }
    xml.push_str("  </url>\n");
}

fn escape_xml(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

/// robots.txt: everything may be crawled; the sitemap (or the sitemap
/// index) is `sitemap.xml`.
pub fn robots(site: &Site) -> String {
    let sitemap = permalink(site, &format!("{}sitemap.xml", site.config.base_path));
    format!("User-agent: *\nAllow: /\n\nSitemap: {sitemap}\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// `count` article URLs in two languages' worth of alternates, with
    /// dates, sorted as `entries` sorts them.
    fn generated(count: usize) -> Vec<Entry> {
        let mut entries: Vec<Entry> = (0..count)
            .map(|i| {
                let en = format!("https://help.example.com/en/faq/article-{i:06}/");
                let zh = format!("https://help.example.com/zh-cn/faq/article-{i:06}/");
                Entry {
                    loc: en.clone(),
                    lastmod: format!("2026-{:02}-{:02}", 1 + i % 12, 1 + i % 28),
                    alternates: vec![("en".into(), en), ("zh-CN".into(), zh)],
                }
            })
            .collect();
        entries.sort();
        entries
    }

    fn url_of(name: &str) -> String {
        format!("https://help.example.com/{name}")
    }

    /// The text of every `<tag>` element of `xml`, in order.
    fn elements(xml: &str, tag: &str) -> Vec<String> {
        let (open, close) = (format!("<{tag}>"), format!("</{tag}>"));
        xml.split(open.as_str())
            .skip(1)
            .filter_map(|rest| {
                rest.split_once(close.as_str())
                    .map(|(text, _)| text.to_string())
            })
            .collect()
    }

    #[test]
    fn a_small_site_has_one_sitemap() {
        let entries = generated(3);
        let files = split(entries.clone(), PROTOCOL_LIMITS, url_of);
        assert_eq!(files.len(), 1);
        let (name, xml) = &files[0];
        assert_eq!(name, "sitemap.xml");
        assert!(
            xml.starts_with(URLSET_START) && xml.ends_with(URLSET_END),
            "{xml}"
        );
        let locs: Vec<String> = entries.into_iter().map(|e| e.loc).collect();
        assert_eq!(elements(xml, "loc"), locs);
        assert!(xml.contains(
            "<xhtml:link rel=\"alternate\" hreflang=\"zh-CN\" href=\"https://help.example.com/zh-cn/faq/article-000001/\"/>"
        ));
    }

    #[test]
    fn more_than_fifty_thousand_urls_are_split_under_an_index() {
        let entries = generated(120_001);
        let files = split(entries.clone(), PROTOCOL_LIMITS, url_of);
        let names: Vec<&str> = files.iter().map(|(n, _)| n.as_str()).collect();
        assert_eq!(
            names,
            [
                "sitemap.xml",
                "sitemap-1.xml",
                "sitemap-2.xml",
                "sitemap-3.xml"
            ]
        );
        let index = &files[0].1;
        assert!(
            index.contains("<sitemapindex xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">")
        );
        assert_eq!(
            elements(index, "loc"),
            [
                "https://help.example.com/sitemap-1.xml",
                "https://help.example.com/sitemap-2.xml",
                "https://help.example.com/sitemap-3.xml"
            ]
        );
        // Each part is a whole urlset within the limits, the URLs in order,
        // each exactly once.
        let mut all = Vec::new();
        let mut counts = Vec::new();
        for (_, xml) in &files[1..] {
            assert!(xml.starts_with(URLSET_START) && xml.ends_with(URLSET_END));
            assert!(xml.len() <= PROTOCOL_LIMITS.bytes);
            let locs = elements(xml, "loc");
            counts.push(locs.len());
            all.extend(locs);
        }
        assert_eq!(counts, [50_000, 50_000, 20_001]);
        let expected: Vec<String> = entries.iter().map(|e| e.loc.clone()).collect();
        assert_eq!(all, expected);
        // Each index entry carries the newest lastmod of its part.
        let newest: Vec<String> = files[1..]
            .iter()
            .map(|(_, xml)| {
                elements(xml, "lastmod")
                    .into_iter()
                    .max()
                    .unwrap_or_default()
            })
            .collect();
        assert_eq!(elements(index, "lastmod"), newest);
        // The same entries always split the same way.
        assert_eq!(split(entries, PROTOCOL_LIMITS, url_of), files);
    }

    #[test]
    fn the_byte_limit_splits_too() {
        let entries = generated(100);
        let one = {
            let mut block = String::new();
            url_element(&entries[0], &mut block);
            block.len()
        };
        // Room for about ten URLs per file, by size only.
        let limits = Limits {
            urls: 50_000,
            bytes: URLSET_START.len() + URLSET_END.len() + one * 10 + one / 2,
        };
        let files = split(entries.clone(), limits, url_of);
        assert!(files.len() > 10, "{} files", files.len());
        let mut all = Vec::new();
        for (_, xml) in &files[1..] {
            assert!(
                xml.len() <= limits.bytes,
                "{} > {}",
                xml.len(),
                limits.bytes
            );
            all.extend(elements(xml, "loc"));
        }
        assert_eq!(all.len(), entries.len());
    }
}
