//! Parsed front matter kept in the build cache, so that a rebuild reads
//! each article's file but parses and validates its YAML only when the
//! file (or book.toml, or helpbook) changed.
//!
//! Only a parse that produced no diagnostic at all is kept: a file with a
//! warning is parsed again on every build, so its warning is shown every
//! time, and a cached article is exactly what parsing its text gives
//! (front-matter cleaning only changes a text together with a warning).

use std::path::{Path, PathBuf};

use jiff::civil::Date;
use serde::{Deserialize, Serialize};

use super::{Article, Download, Release};
use crate::cache::{Digest, Hasher};
use crate::config::Config;

/// What a parse depends on: the file's text (as read, BOM and CRLF
/// removed), where it is (its path gives its slug, its folders the
/// language and kind) and book.toml (categories, release rules). The
/// cache is dropped whole when helpbook's version changes.
pub fn key(text: &str, source: &Path, lang: &str, kind_folder: &str, config: &Config) -> Digest {
    Hasher::default()
        .part(config.digest)
        .part(source.as_os_str().as_encoded_bytes())
        .part(lang)
        .part(kind_folder)
        // The text's own digest, in one call: blake3 hashes a long input's
        // chunks side by side, where feeding it after the other parts goes
        // block by block.
        .part(blake3::hash(text.as_bytes()).as_bytes())
        .finish()
}

/// An article's fields other than those the file and its place give
/// (source, text, language).
#[derive(Serialize, Deserialize)]
struct Front {
    kind: String,
    slug: String,
    title: String,
    summary: String,
    category: String,
    category_name: String,
    tags: Vec<String>,
    order: Option<i64>,
    updated: Option<(i16, i8, i8)>,
    verified: Option<(i16, i8, i8)>,
    promoted: bool,
    related: Vec<String>,
    aliases: Vec<String>,
    draft: bool,
    release: Option<FrontRelease>,
    body_offset: usize,
}

/// A [`Release`], versions as text (semver's own form, which parses back
/// to the same version).
#[derive(Serialize, Deserialize)]
struct FrontRelease {
    version: Option<String>,
    date: (i16, i8, i8),
    platforms: Vec<String>,
    min_safe_version: Option<String>,
    downloads: Vec<(String, String)>,
}

fn ymd(date: Date) -> (i16, i8, i8) {
    (date.year(), date.month(), date.day())
}

fn date((year, month, day): (i16, i8, i8)) -> Option<Date> {
    Date::new(year, month, day).ok()
}

fn version(text: Option<String>) -> Option<Option<semver::Version>> {
    match text {
        None => Some(None),
        Some(text) => semver::Version::parse(&text).ok().map(Some),
    }
}

/// `article`'s parsed fields, as the cache keeps them.
pub fn encode(article: &Article) -> Option<Vec<u8>> {
    // Every field named, so that a field added to `Article` cannot be
    // forgotten here.
    let Article {
        source: _,
        text: _,
        lang: _,
        kind,
        slug,
        title,
        summary,
        category,
        category_name,
        tags,
        order,
        updated,
        verified,
        promoted,
        related,
        aliases,
        draft,
        release,
        body_offset,
    } = article;
    let release = release.as_ref().map(|r| {
        let Release {
            version,
            date,
            platforms,
            min_safe_version,
            downloads,
        } = r;
        FrontRelease {
            version: version.as_ref().map(ToString::to_string),
            date: ymd(*date),
            platforms: platforms.clone(),
            min_safe_version: min_safe_version.as_ref().map(ToString::to_string),
            downloads: downloads
                .iter()
                .map(|d| (d.platform.clone(), d.url.clone()))
                .collect(),
        }
    });
    postcard::to_stdvec(&Front {
        kind: kind.clone(),
        slug: slug.clone(),
        title: title.clone(),
        summary: summary.clone(),
        category: category.clone(),
        category_name: category_name.clone(),
        tags: tags.clone(),
        order: *order,
        updated: updated.map(ymd),
        verified: verified.map(ymd),
        promoted: *promoted,
        related: related.clone(),
        aliases: aliases.clone(),
        draft: *draft,
        release,
        body_offset: *body_offset,
    })
    .ok()
}

/// The fields that `bytes` (from [`encode`]) describe, for a file holding
/// `text`; `None` when they do not decode (the file is then parsed).
pub fn decode(bytes: &[u8], text: &str) -> Option<Fields> {
    Fields::of(postcard::from_bytes(bytes).ok()?, text)
}

/// A decoded [`Front`] whose dates and versions are valid and whose body
/// offset falls in the text.
pub struct Fields {
    front: Front,
    updated: Option<Date>,
    verified: Option<Date>,
    release: Option<Release>,
}

impl Fields {
    fn of(mut front: Front, text: &str) -> Option<Fields> {
        if front.body_offset > text.len() || !text.is_char_boundary(front.body_offset) {
            return None;
        }
        let release = match front.release.take() {
            None => None,
            Some(r) => Some(Release {
                version: version(r.version)?,
                date: date(r.date)?,
                platforms: r.platforms,
                min_safe_version: version(r.min_safe_version)?,
                downloads: r
                    .downloads
                    .into_iter()
                    .map(|(platform, url)| Download { platform, url })
                    .collect(),
            }),
        };
        let optional_date = |d: Option<(i16, i8, i8)>| match d {
            None => Some(None),
            Some(d) => date(d).map(Some),
        };
        Some(Fields {
            updated: optional_date(front.updated)?,
            verified: optional_date(front.verified)?,
            release,
            front,
        })
    }

    /// The article of the file at `source` holding `text`.
    pub fn article(self, source: PathBuf, text: String, lang: &str) -> Article {
        let Fields {
            front,
            updated,
            verified,
            release,
        } = self;
        Article {
            source,
            text,
            lang: lang.to_string(),
            kind: front.kind,
            slug: front.slug,
            title: front.title,
            summary: front.summary,
            category: front.category,
            category_name: front.category_name,
            tags: front.tags,
            order: front.order,
            updated,
            verified,
            promoted: front.promoted,
            related: front.related,
            aliases: front.aliases,
            draft: front.draft,
            release,
            body_offset: front.body_offset,
        }
    }
}

#[cfg(test)]
mod tests {
    use std::path::Path;

    use super::*;
    use crate::cache::Cache;
    use crate::content::{LoadOptions, load};

    fn sample_config(root: &Path) -> Config {
        crate::load_config(root, None).expect("the sample site's book.toml")
    }

    /// Every article of the sample site (FAQs, contact pages, security
    /// tips, versioned releases with downloads) comes back from the cache
    /// exactly as parsed.
    #[test]
    fn every_sample_article_survives_the_cache() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = sample_config(root);
        let content = load(
            root,
            &config,
            LoadOptions {
                drafts: true,
                ..LoadOptions::default()
            },
            &Cache::in_memory(),
        );
        assert!(content.articles.len() > 20, "the sample site loads");
        assert!(
            content.articles.iter().any(|a| a
                .release
                .as_ref()
                .is_some_and(|r| r.version.is_some() && !r.downloads.is_empty())),
            "the sample site has a versioned release with downloads"
        );
        for article in &content.articles {
            let bytes = encode(article).expect("encodes");
            let back = decode(&bytes, &article.text)
                .unwrap_or_else(|| panic!("{} decodes", article.source.display()))
                .article(article.source.clone(), article.text.clone(), &article.lang);
            assert_eq!(format!("{back:?}"), format!("{article:?}"));
        }
    }

    /// Bytes that are not an encoded article, or that point past the text,
    /// make the file be parsed again.
    #[test]
    fn a_damaged_entry_is_not_used() {
        let root = Path::new(env!("CARGO_MANIFEST_DIR"));
        let config = sample_config(root);
        let content = load(root, &config, LoadOptions::default(), &Cache::in_memory());
        let article = &content.articles[0];
        let bytes = encode(article).expect("encodes");
        assert!(decode(&bytes[..bytes.len() / 2], &article.text).is_none());
        assert!(decode(&bytes, "short").is_none());
    }

    fn write(root: &Path, path: &str, text: &str) {
        let path = root.join(path);
        std::fs::create_dir_all(path.parent().expect("parent")).expect("folder");
        std::fs::write(path, text).expect("write");
    }

    /// A second load takes clean articles from the cache and gives the same
    /// articles and diagnostics as the first; an article with a warning is
    /// parsed (and warned about) every time; an edited file or book.toml is
    /// parsed again.
    #[test]
    fn a_second_load_reuses_clean_parses_only() {
        let dir = tempfile::tempdir().expect("temp dir");
        let root = dir.path();
        let toml = "title = \"t\"\nbase_url = \"https://help.example.com/\"\ndefault_language = \"en\"\nlanguages = [\"en\"]\n";
        write(root, "book.toml", toml);
        write(
            root,
            "content/en/faq/clean.md",
            "---\ntitle: Clean\ntags: [a]\nupdated: 2026-01-02\n---\nBody\n",
        );
        write(
            root,
            "content/en/faq/warned.md",
            "---\ntitle: Warned\ncolour: blue\n---\nBody\n",
        );
        let run = |root: &Path| {
            let config = sample_config(root);
            let cache = Cache::open(root, &|_| {});
            // What the cache holds for the files as they are now (looked
            // up before the load, which stores what it parses).
            let hits: Vec<String> = ["clean", "warned"]
                .into_iter()
                .filter(|name| {
                    let source = PathBuf::from(format!("content/en/faq/{name}.md"));
                    let text = std::fs::read_to_string(root.join(&source)).expect("read");
                    let key = key(&text, &source, "en", "faq", &config);
                    cache.entry(&source, &key, |_| Some(())).is_some()
                })
                .map(String::from)
                .collect();
            let content = load(root, &config, LoadOptions::default(), &cache);
            let result = (
                format!("{:?}", content.articles),
                content.diagnostics.len(),
                hits,
            );
            // The Markdown too, as a build does (a cache without renderings
            // is not kept).
            drop(crate::site::assemble_with(config, content, &cache));
            cache.save(None);
            result
        };
        let (first, warnings, hits) = run(root);
        assert_eq!(warnings, 1, "the unknown key is warned about");
        assert!(hits.is_empty(), "nothing is cached yet: {hits:?}");
        let (second, warnings_again, hits) = run(root);
        assert_eq!(second, first);
        assert_eq!(warnings_again, 1, "the warning is shown again");
        assert_eq!(hits, vec!["clean"], "only the clean parse was kept");

        write(
            root,
            "content/en/faq/clean.md",
            "---\ntitle: Cleaner\n---\nBody\n",
        );
        let (edited, _, hits) = run(root);
        assert!(edited.contains("Cleaner"), "an edited file is parsed again");
        assert!(hits.is_empty(), "the edited file's old parse is not used");
        assert_eq!(run(root).2, vec!["clean"]);
        write(
            root,
            "book.toml",
            &format!("{toml}[content]\nrequire_release_version = true\n"),
        );
        assert!(
            run(root).2.is_empty(),
            "a new book.toml parses every file again"
        );
        assert_eq!(run(root).2, vec!["clean"]);
    }
}
