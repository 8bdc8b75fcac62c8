//! What every source reader produces: the articles of the help center
//! being imported, in Markdown, with what is known about their place in
//! the old structure. The rest of the import (kinds, links, writing, the
//! report) works on this and never on a source format.

use std::collections::BTreeMap;
use std::path::PathBuf;

/// One article of the old help center, in one language.
#[derive(Debug, Clone, Default)]
pub struct Doc {
    /// Where it came from, relative to the source folder with `/`
    /// (`docs/faq/reset-password.md`; `articles.json#360001` for Zendesk).
    pub source: String,
    /// The folder relative links are resolved from, relative to the source
    /// folder (`docs/faq`).
    pub dir: String,
    pub lang: String,
    /// The same key in two languages = the same article, translated.
    pub key: String,
    /// A slug or file name to derive the URL slug from.
    pub slug_hint: String,
    pub title: String,
    pub summary: String,
    pub body: String,
    pub category: Option<CategoryRef>,
    /// Names of the sections the article sat in, outermost first, and its
    /// folder: what kind rules match against.
    pub sections: Vec<String>,
    pub order: Option<i64>,
    /// `YYYY-MM-DD`.
    pub date: Option<String>,
    pub updated: Option<String>,
    pub tags: Vec<String>,
    pub draft: bool,
    /// A kind the source itself implies (a Docusaurus blog post is an
    /// announcement), used when no rule matches.
    pub kind_hint: Option<String>,
}

/// A category as the source names it in one language.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct CategoryRef {
    /// Stable across languages (a folder path, a Zendesk section id).
    pub key: String,
    pub name: String,
    pub order: Option<i64>,
}

/// Everything a source reader found.
#[derive(Debug, Default)]
pub struct Source {
    /// The help center's title per language (the first language's is the
    /// site title).
    pub titles: BTreeMap<String, String>,
    pub base_url: Option<String>,
    /// Detected languages, the default first.
    pub languages: Vec<String>,
    pub docs: Vec<Doc>,
    /// Site paths or URLs of the old help center that name an article
    /// (`/docs/faq/reset-password`, `/hc/en-us/articles/360001`), for
    /// links written as URLs: path → index into `docs`.
    pub urls: BTreeMap<String, usize>,
    /// Host names of the old help center: absolute links to them are
    /// internal links.
    pub hosts: Vec<String>,
    /// Things found that could not be mapped, for the report.
    pub unmapped: Vec<Unmapped>,
    /// Where files (images) named by a URL rather than a path are on disk
    /// (Zendesk attachments): URL or path → file.
    pub files: BTreeMap<String, PathBuf>,
}

/// Something of the source that the import could not carry over.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Unmapped {
    pub source: String,
    pub what: String,
}

impl Source {
    pub fn unmapped(&mut self, source: impl Into<String>, what: impl Into<String>) {
        self.unmapped.push(Unmapped {
            source: source.into(),
            what: what.into(),
        });
    }
}

/// A language code as helpbook writes it: `zh-cn` → `zh-CN`, `en_us` →
/// `en-US`, `zh-hant` → `zh-Hant`.
pub fn language_code(code: &str) -> String {
    let mut parts = code.trim().split(['-', '_']);
    let mut out = parts.next().unwrap_or_default().to_ascii_lowercase();
    for part in parts {
        out.push('-');
        if part.len() == 2 {
            out.push_str(&part.to_ascii_uppercase());
        } else {
            let mut chars = part.chars();
            if let Some(first) = chars.next() {
                out.push(first.to_ascii_uppercase());
                out.push_str(&chars.as_str().to_ascii_lowercase());
            }
        }
    }
    out
}

/// `YYYY-MM-DD` from a date or date-time as sources write it
/// (`2026-05-18T10:00:00Z`, `2026-05-18 10:00`, `2026/05/18`).
pub fn day(text: &str) -> Option<String> {
    let text = text.trim();
    let head: String = text.chars().take(10).collect();
    let head = head.replace('/', "-");
    crate::content::parse_date(&head).map(|d| d.to_string())
}

/// A `YYYY-MM-DD` date inside a title or file name
/// (`maintenance-2026-05-18`, `公告（2026-05-18）`).
pub fn date_in(text: &str) -> Option<String> {
    let chars: Vec<char> = text.chars().collect();
    (0..chars.len().saturating_sub(9)).find_map(|i| {
        let candidate: String = chars[i..i + 10].iter().collect();
        let boundary = |c: Option<&char>| c.is_none_or(|c| !c.is_ascii_digit());
        (boundary(i.checked_sub(1).and_then(|j| chars.get(j))) && boundary(chars.get(i + 10)))
            .then(|| crate::content::parse_date(&candidate))
            .flatten()
            .map(|d| d.to_string())
    })
}

/// A semantic version in a title or file name (`2.4.0`, `v2.4.0`), for
/// release notes.
pub fn version_in(text: &str) -> Option<String> {
    text.split(|c: char| c.is_whitespace() || matches!(c, '(' | ')' | '/' | '：' | ':' | ','))
        .map(|w| w.trim_start_matches(['v', 'V']))
        .find(|w| w.matches('.').count() >= 2 && semver::Version::parse(w).is_ok())
        .map(str::to_string)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn codes_dates_and_versions() {
        assert_eq!(language_code("zh-cn"), "zh-CN");
        assert_eq!(language_code("en_us"), "en-US");
        assert_eq!(language_code("zh-hant"), "zh-Hant");
        assert_eq!(language_code("EN"), "en");
        assert_eq!(day("2026-05-18T10:00:00Z").as_deref(), Some("2026-05-18"));
        assert_eq!(day("2026/05/18").as_deref(), Some("2026-05-18"));
        assert_eq!(day("May 18"), None);
        assert_eq!(
            version_in("示例钱包 v2.4.0 版本说明").as_deref(),
            Some("2.4.0")
        );
        assert_eq!(version_in("Release 2.4"), None);
        assert_eq!(
            date_in("maintenance-2026-05-18").as_deref(),
            Some("2026-05-18")
        );
        assert_eq!(date_in("公告（2026-05-18）").as_deref(), Some("2026-05-18"));
        assert_eq!(date_in("order 12026-05-18"), None);
    }
}
