//! Loading: walk `content/<lang>/<kind>/**`, split and validate front
//! matter, and return [`Article`]s and the files that sit next to them.
//!
//! One module per job: [`walk`] finds the files, [`article`] validates one
//! file's front matter with one validator per field ([`fields`],
//! [`release`]), [`names`] checks slugs, aliases and dates. Every problem
//! in every file is collected before giving up, so a writer sees all of
//! them in one run.

mod article;
mod fields;
pub mod front_matter;
pub mod names;
mod parsed;
mod prefetch;
pub mod release;
mod walk;

use std::collections::{BTreeMap, HashSet};
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;

use crate::config::Config;
use crate::diagnostic::{Diagnostic, Diagnostics, io_error};
pub use article::parse_article;
pub use names::{check_slug, normalize_alias, parse_date, suggest_slug};
pub use prefetch::Prefetch;
use prefetch::read_limited;
pub use release::{Download, PLATFORMS, Release, is_official_domain, url_host};
use walk::{rel, walk};

/// The folder under the site root that holds the articles.
pub const CONTENT_DIR: &str = "content";

/// Article files larger than this are refused: no help article is this
/// long, and reading one would only slow every build down.
pub const MAX_ARTICLE_BYTES: u64 = 20 * 1024 * 1024;

/// One Markdown article with validated front matter.
#[derive(Debug, Clone)]
pub struct Article {
    /// Path relative to the site root, e.g. `content/en/faq/reset-password.md`.
    pub source: PathBuf,
    /// The whole file (BOM removed, `\n` line endings), for diagnostics.
    pub text: String,
    /// The language code as configured, e.g. `zh-CN`.
    pub lang: String,
    pub kind: String,
    pub slug: String,
    pub title: String,
    pub summary: String,
    /// The category's slug (`""` for none).
    pub category: String,
    /// The category as written when book.toml's `[categories]` does not
    /// name it (`Contact Us`); `""` otherwise. Shown as its name.
    pub category_name: String,
    pub tags: Vec<String>,
    pub order: Option<i64>,
    pub updated: Option<Date>,
    pub verified: Option<Date>,
    pub promoted: bool,
    pub related: Vec<String>,
    /// Site paths (without the base path) that redirect here, e.g. `/en/old/`.
    pub aliases: Vec<String>,
    pub draft: bool,
    pub release: Option<Release>,
    /// Byte offset in `text` where the Markdown body starts.
    pub body_offset: usize,
}

impl Article {
    pub fn body(&self) -> &str {
        &self.text[self.body_offset..]
    }
}

/// A non-Markdown file inside a language folder (an image, a PDF), copied
/// to the same place in the output.
#[derive(Debug, Clone)]
pub struct Asset {
    /// Absolute path on disk.
    pub path: PathBuf,
    /// Path relative to the site root, e.g. `content/en/security/2fa.svg`.
    pub source: PathBuf,
    pub lang: String,
    /// Path relative to the language folder, with `/` separators.
    pub relative: String,
}

/// Everything loaded from `content/`.
#[derive(Debug, Default)]
pub struct Content {
    /// The articles without errors.
    pub articles: Vec<Article>,
    pub assets: Vec<Asset>,
    /// Every problem found, errors included, sorted.
    pub diagnostics: Vec<Diagnostic>,
    /// Article files left out for their errors (paths relative to the
    /// root): the later stages run on the other articles, and a link to
    /// one of these is not reported as broken (it is the file's own errors
    /// that need fixing).
    pub left_out: Vec<PathBuf>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions<'a> {
    /// Include articles marked `draft: true`.
    pub drafts: bool,
    /// Files read ahead while the build did something else.
    pub prefetch: Option<&'a Prefetch>,
}

/// Loads every article of every configured language. Never stops at a
/// problem: an article with errors is left out (and named in
/// [`Content::left_out`]) and the others are loaded, so that the later
/// stages can still check them; the caller fails on the errors in
/// [`Content::diagnostics`].
///
/// Front matter parsed by an earlier run is taken from `cache` when the
/// file, its place and book.toml are the same (see [`parsed`]).
pub fn load(
    root: &Path,
    config: &Config,
    options: LoadOptions,
    cache: &crate::cache::Cache,
) -> Content {
    // From here on this stage reads, in parallel: the prefetch would only
    // take a core from it.
    if let Some(prefetch) = options.prefetch {
        prefetch.stop();
    }
    let content_dir = root.join(CONTENT_DIR);
    let mut diagnostics = Diagnostics::default();
    let (found, assets) = walk(root, &content_dir, config, &mut diagnostics);
    crate::trace::step("      walk");

    let results: Vec<(PathBuf, Option<Article>, Vec<Diagnostic>)> = found
        .into_par_iter()
        .map(|f| {
            let prefetched = options.prefetch.and_then(|p| p.take(&f.path));
            let read = prefetched.map_or_else(|| read_limited(&f.path), Ok);
            let (article, found) = read_article(
                root,
                &f.path,
                read,
                &f.lang,
                &f.kind_folder,
                config,
                Some(cache),
            );
            (rel(root, &f.path), article, found)
        })
        .collect();
    crate::trace::step("      parse");
    let mut content = Content {
        assets,
        ..Content::default()
    };

    for (source, article, mut found_diagnostics) in results {
        diagnostics.0.append(&mut found_diagnostics);
        match article {
            Some(article) if options.drafts || !article.draft => content.articles.push(article),
            Some(_) => {}
            None => content.left_out.push(source),
        }
    }
    content.articles.sort_by(|a, b| {
        (&a.lang, &a.kind, &a.slug, &a.source).cmp(&(&b.lang, &b.kind, &b.slug, &b.source))
    });
    let duplicates = check_duplicate_slugs(&content.articles, &mut diagnostics);
    let duplicate: HashSet<&PathBuf> = duplicates.iter().collect();
    content.articles.retain(|a| !duplicate.contains(&a.source));
    content.left_out.extend(duplicates);
    content.left_out.sort();
    check_category_names(&content.articles, &mut diagnostics);

    if content.articles.is_empty() && !diagnostics.has_errors() {
        let folders: Vec<String> = config
            .languages
            .iter()
            .map(|l| format!("{CONTENT_DIR}/{}/", l.code))
            .collect();
        diagnostics.push(
            Diagnostic::error("no-content", CONTENT_DIR, "no articles found").with_help(format!(
                "add Markdown files under {} (e.g. `helpbook new faq my-question --lang {}`)",
                folders.join(", "),
                config.default_language().code
            )),
        );
    }

    content.diagnostics = diagnostics.sorted().0;
    content
}

/// Splits, parses and validates one article, whose file at `path` gave
/// `read` ([`read_limited`]).
fn read_article(
    root: &Path,
    path: &Path,
    read: std::io::Result<prefetch::Limited>,
    lang: &str,
    kind_folder: &str,
    config: &Config,
    cache: Option<&crate::cache::Cache>,
) -> (Option<Article>, Vec<Diagnostic>) {
    let source = rel(root, path);
    let mut out = Vec::new();
    let bytes = match read {
        Ok(Ok(bytes)) => bytes,
        Ok(Err(size)) => {
            out.push(
                Diagnostic::error(
                    "too-large",
                    &source,
                    format!(
                        "the file is {:.1} MB; articles are limited to {} MB",
                        size as f64 / 1_048_576.0,
                        MAX_ARTICLE_BYTES / 1_048_576
                    ),
                )
                .with_help("split it into several articles"),
            );
            return (None, out);
        }
        Err(error) => {
            out.push(io_error(&source, "read the file", &error));
            return (None, out);
        }
    };
    let text = match String::from_utf8(bytes) {
        Ok(text) => text,
        Err(error) => {
            let offset = error.utf8_error().valid_up_to();
            let valid = String::from_utf8_lossy(&error.as_bytes()[..offset]).into_owned();
            out.push(
                Diagnostic::error("encoding", &source, "the file is not valid UTF-8")
                    .at_offset(&valid, offset)
                    .with_help("save the file as UTF-8"),
            );
            return (None, out);
        }
    };
    let text = normalize_text(text);
    let Some(cache) = cache else {
        let article = parse_article(source, text, lang, kind_folder, config, &mut out);
        return (article, out);
    };
    let key = parsed::key(&text, &source, lang, kind_folder, config);
    if let Some(fields) = cache.entry(&source, &key, |bytes| parsed::decode(bytes, &text)) {
        return (Some(fields.article(source, text, lang)), out);
    }
    let article = parse_article(source.clone(), text, lang, kind_folder, config, &mut out);
    if out.is_empty()
        && let Some(bytes) = article.as_ref().and_then(parsed::encode)
    {
        cache.store_entry(&source, key, &bytes);
    }
    (article, out)
}

/// Removes a UTF-8 BOM and turns CRLF line endings into LF (line numbers
/// stay the same).
pub fn normalize_text(text: String) -> String {
    let text = match text.strip_prefix('\u{feff}') {
        Some(rest) => rest.to_string(),
        None => text,
    };
    if text.contains('\r') {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

/// Reads one article file again, as [`load`] would have read it, for the
/// dev server's incremental rebuilds. `None` when `path` is not a regular
/// Markdown file in a `content/<lang>/<kind>/` folder (a symlink, a hidden
/// or editor file, another language): the caller then reloads everything.
pub fn read_one(
    root: &Path,
    path: &Path,
    config: &Config,
) -> Option<(Option<Article>, Vec<Diagnostic>)> {
    let relative = path.strip_prefix(root.join(CONTENT_DIR)).ok()?;
    let parts: Vec<String> = relative
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    let plain = std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_file());
    if parts.len() < 3
        || parts.iter().any(|p| p.starts_with('.'))
        || path.extension().is_none_or(|e| e != "md")
        || !plain
    {
        return None;
    }
    let lang = config.languages.iter().find(|l| l.code == parts[0])?;
    Some(read_article(
        root,
        path,
        read_limited(path),
        &lang.code,
        &parts[1],
        config,
        None,
    ))
}

/// Reports a slug used twice in one language and returns the sources of
/// the second and later articles, which the site leaves out (one URL, one
/// article).
fn check_duplicate_slugs(articles: &[Article], diagnostics: &mut Diagnostics) -> Vec<PathBuf> {
    let mut seen: BTreeMap<(&str, &str), &Article> = BTreeMap::new();
    let mut duplicates = Vec::new();
    for article in articles {
        if let Some(first) = seen.get(&(article.lang.as_str(), article.slug.as_str())) {
            diagnostics.push(
                Diagnostic::error(
                    "duplicate-slug",
                    &article.source,
                    format!(
                        "slug `{}` is already used by {} in language {}",
                        article.slug,
                        first.source.display(),
                        article.lang
                    ),
                )
                .with_help(
                    "two articles in one language need different slugs; set `slug:` in one of them",
                ),
            );
            duplicates.push(article.source.clone());
        } else {
            seen.insert((&article.lang, &article.slug), article);
        }
    }
    duplicates
}

/// Two different names that give the same category slug in one language
/// (`Contact Us` and `contact us`, `账户` and `帐户`) land in one category,
/// shown with the first name: a warning names both files so the writer
/// can make them agree or name the category in `[categories]`.
fn check_category_names(articles: &[Article], diagnostics: &mut Diagnostics) {
    let mut first: BTreeMap<(&str, &str), &Article> = BTreeMap::new();
    for article in articles {
        if article.category_name.is_empty() {
            continue;
        }
        let key = (article.lang.as_str(), article.category.as_str());
        let Some(other) = first.get(&key) else {
            first.insert(key, article);
            continue;
        };
        if other.category_name == article.category_name {
            continue;
        }
        let (line, column) = front_matter::key_position(
            front_matter::split(&article.text).map_or("", |s| s.yaml),
            "category",
        );
        diagnostics.push(
            Diagnostic::warning(
                "category-name",
                &article.source,
                format!(
                    "category `{}` and `{}` ({}) are both the category `{}`; it is shown as `{}`",
                    article.category_name,
                    other.category_name,
                    other.source.display(),
                    article.category,
                    other.category_name
                ),
            )
            .at(&article.text, line + 1, column)
            .with_help(format!(
                "write the name the same way in both files, or name it in book.toml: [categories] {} = \"…\"",
                article.category
            )),
        );
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn config() -> Config {
        Config::parse(
            r#"title = "t"
base_url = "https://help.example.com/"
default_language = "en"
languages = ["en"]
[check]
allowed_domains = ["example.com"]
"#,
        )
        .expect("valid config")
    }

    fn parse(text: &str, kind_folder: &str) -> (Option<Article>, Vec<Diagnostic>) {
        let mut out = Vec::new();
        let article = parse_article(
            PathBuf::from(format!("content/en/{kind_folder}/x.md")),
            normalize_text(text.to_string()),
            "en",
            kind_folder,
            &config(),
            &mut out,
        );
        (article, out)
    }

    #[test]
    fn a_valid_article() {
        let (article, out) = parse(
            "---\ntitle: Reset\ntags: [a, b]\nupdated: 2026-01-02\n---\nBody\n",
            "faq",
        );
        let article = article.expect("valid");
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(article.kind, "faq");
        assert_eq!(article.slug, "x");
        assert_eq!(article.body(), "Body\n");
        assert_eq!(
            article.updated.map(|d| d.to_string()).as_deref(),
            Some("2026-01-02")
        );
    }

    #[test]
    fn bom_and_crlf_are_accepted() {
        let (article, out) = parse("\u{feff}---\r\ntitle: T\r\n---\r\nBody\r\n", "faq");
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(article.expect("valid").title, "T");
    }

    #[test]
    fn errors_point_at_the_file_line() {
        let (article, out) = parse("---\ntitle: T\nupdated: yesterday\n---\n", "faq");
        assert!(article.is_none());
        assert_eq!(out[0].line, 3);
        assert!(out[0].message.contains("updated"), "{}", out[0]);
    }

    #[test]
    fn five_independent_mistakes_are_five_errors() {
        // Three values of the wrong type, a date that is not one, a
        // platform that does not exist; and a mistyped required key that
        // must not also be called missing.
        let text = "---\ntitle: [Reset]\norder: first\ntags: {a: b}\nupdated: yesterday\ndate: 2026-01-02\nplatforms: [ios, fridge]\n---\nBody\n";
        let (article, out) = parse(text, "release");
        assert!(article.is_none());
        let mut errors: Vec<(usize, &str)> = out
            .iter()
            .filter(|d| d.is_error())
            .map(|d| (d.line, d.message.as_str()))
            .collect();
        errors.sort();
        assert_eq!(errors.len(), 5, "{out:#?}");
        let lines: Vec<usize> = errors.iter().map(|(line, _)| *line).collect();
        assert_eq!(lines, [2, 3, 4, 5, 7], "{errors:?}");
        assert!(errors[0].1.starts_with("`title`: "), "{errors:?}");
        assert!(errors[1].1.contains("whole number"), "{errors:?}");
        assert!(
            errors[3].1.contains("`updated` must be a date"),
            "{errors:?}"
        );
        assert!(
            errors[4].1.contains("unknown platform `fridge`"),
            "{errors:?}"
        );
        assert!(
            !out.iter().any(|d| d.message.contains("missing")),
            "{out:#?}"
        );
    }

    #[test]
    fn unknown_keys_warn_with_a_suggestion() {
        let (article, out) = parse("---\ntitle: T\ntgas: [a]\n---\n", "faq");
        assert!(article.is_some());
        assert_eq!(out.len(), 1);
        assert!(!out[0].is_error());
        assert_eq!(out[0].line, 3);
        assert_eq!(out[0].help.as_deref(), Some("did you mean `tags`?"));
    }

    #[test]
    fn release_needs_version_and_date() {
        let (article, out) = parse("---\ntitle: T\nversion: two\n---\n", "release");
        assert!(article.is_none());
        assert!(
            out.iter()
                .any(|d| d.message.contains("not a semantic version") && d.line == 3)
        );
        assert!(out.iter().any(|d| d.message.contains("needs `date`")));
    }

    #[test]
    fn release_downloads_must_be_official() {
        let text = "---\ntitle: T\nversion: 1.0.0\ndate: 2026-01-01\ndownloads:\n  - platform: ios\n    url: https://evil.test/app\n---\n";
        let (article, out) = parse(text, "release");
        assert!(article.is_none());
        assert!(
            out.iter()
                .any(|d| d.message.contains("not on an official domain")),
            "{out:?}"
        );
    }

    #[test]
    fn slugs_and_aliases() {
        assert!(check_slug("reset-password").is_ok());
        assert!(check_slug("2.4.0").is_ok());
        assert!(check_slug("../etc").is_err());
        assert!(check_slug("重置密码").is_err());
        assert_eq!(suggest_slug("Reset Password!"), "reset-password");
        assert_eq!(normalize_alias("/en/old").as_deref(), Ok("/en/old/"));
        assert_eq!(
            normalize_alias("/en/old.html").as_deref(),
            Ok("/en/old.html")
        );
        assert!(normalize_alias("/en/../../etc/").is_err());
        assert!(normalize_alias("en/old/").is_err());
    }

    #[test]
    fn not_a_mapping() {
        let (article, out) = parse("---\n- a\n- b\n---\n", "faq");
        assert!(article.is_none());
        assert!(out[0].message.contains("must be a mapping"), "{}", out[0]);
    }

    #[test]
    fn a_release_without_version_is_a_dated_announcement() {
        let (article, out) = parse(
            "---\ntitle: Maintenance\ndate: 2026-05-18\n---\n",
            "release",
        );
        assert!(out.is_empty(), "{out:?}");
        let release = article.expect("valid").release.expect("release data");
        assert!(release.version.is_none());
        assert_eq!(release.date.to_string(), "2026-05-18");
        // `updated` stands in for a missing `date`.
        let (article, out) = parse("---\ntitle: M\nupdated: 2026-05-19\n---\n", "release");
        assert!(out.is_empty(), "{out:?}");
        assert_eq!(
            article
                .expect("valid")
                .release
                .expect("release")
                .date
                .to_string(),
            "2026-05-19"
        );
        // Neither: an error that says what to add.
        let (article, out) = parse("---\ntitle: M\n---\n", "release");
        assert!(article.is_none());
        assert!(out[0].message.contains("needs `date`"), "{out:?}");
    }

    #[test]
    fn a_site_can_require_release_versions() {
        let config = Config::parse(
            "title = \"t\"\nbase_url = \"https://help.example.com/\"\ndefault_language = \"en\"\nlanguages = [\"en\"]\n[content]\nrequire_release_version = true\n",
        )
        .expect("valid config");
        let mut out = Vec::new();
        let article = parse_article(
            PathBuf::from("content/en/release/m.md"),
            "---\ntitle: M\ndate: 2026-05-18\n---\n".into(),
            "en",
            "release",
            &config,
            &mut out,
        );
        assert!(article.is_none());
        assert!(out[0].message.contains("needs `version`"), "{out:?}");
    }

    #[test]
    fn categories_may_be_display_names() {
        let (article, out) = parse("---\ntitle: T\ncategory: Contact Us\n---\n", "faq");
        assert!(out.is_empty(), "{out:?}");
        let article = article.expect("valid");
        assert_eq!(article.category, "contact-us");
        assert_eq!(article.category_name, "Contact Us");
        let (article, _) = parse("---\ntitle: T\ncategory: 账户与登录\n---\n", "faq");
        assert_eq!(article.expect("valid").category, "zhang-hu-yu-deng-lu");
        let (article, out) = parse("---\ntitle: T\ncategory: \"!!!\"\n---\n", "faq");
        assert!(article.is_none());
        assert!(out[0].message.contains("no letters or digits"), "{out:?}");
        assert_eq!(out[0].line, 3);
    }

    #[test]
    fn a_category_name_from_book_toml_lands_in_its_slug() {
        let config = Config::parse(
            "title = \"t\"\nbase_url = \"https://help.example.com/\"\ndefault_language = \"zh-CN\"\nlanguages = [\"zh-CN\", \"en\"]\n[categories]\naccount = { zh-CN = \"账户与登录\", en = \"Account and sign-in\" }\n",
        )
        .expect("valid config");
        for (lang, name) in [
            ("zh-CN", "账户与登录"),
            ("en", "account and sign-in"),
            ("en", "账户与登录"),
        ] {
            let mut out = Vec::new();
            let article = parse_article(
                PathBuf::from(format!("content/{lang}/faq/x.md")),
                format!("---\ntitle: T\ncategory: {name}\n---\n"),
                lang,
                "faq",
                &config,
                &mut out,
            )
            .expect("valid");
            assert_eq!(
                (article.category.as_str(), article.category_name.as_str()),
                ("account", ""),
                "{name}"
            );
            assert!(out.is_empty(), "{out:?}");
        }
    }

    #[test]
    fn lang_that_agrees_with_the_folder_is_fine() {
        let (article, out) = parse("---\ntitle: T\nlang: en\n---\n", "faq");
        assert!(article.is_some() && out.is_empty(), "{out:?}");
        let (article, out) = parse("---\ntitle: T\nlang: zh-CN\n---\n", "faq");
        assert!(article.is_some());
        assert_eq!(out.len(), 1);
        assert!(
            !out[0].is_error() && out[0].message.contains("does not match"),
            "{out:?}"
        );
    }
}
