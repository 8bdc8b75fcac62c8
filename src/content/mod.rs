//! Loading: walk `content/<lang>/<kind>/**`, split and validate front
//! matter, and return [`Article`]s and the files that sit next to them.
//!
//! Every problem in every file is collected before giving up, so a writer
//! sees all of them in one run.

pub mod front_matter;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use jiff::civil::Date;
use rayon::prelude::*;
use serde_saphyr::Spanned;

use crate::config::{Config, KINDS};
use crate::diagnostic::{Diagnostic, Diagnostics, io_error};
use front_matter::{KNOWN_KEYS, Shape, SplitError};

/// The folder under the site root that holds the articles.
pub const CONTENT_DIR: &str = "content";

/// Article files larger than this are refused: no help article is this
/// long, and reading one would only slow every build down.
pub const MAX_ARTICLE_BYTES: u64 = 20 * 1024 * 1024;

/// Platforms a release can be for.
pub const PLATFORMS: [&str; 4] = ["ios", "android", "desktop", "extension"];

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
    pub category: String,
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

/// Typed release-note data.
#[derive(Debug, Clone)]
pub struct Release {
    pub version: semver::Version,
    pub date: Date,
    pub platforms: Vec<String>,
    pub min_safe_version: Option<semver::Version>,
    pub downloads: Vec<Download>,
}

#[derive(Debug, Clone)]
pub struct Download {
    pub platform: String,
    pub url: String,
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
    pub articles: Vec<Article>,
    pub assets: Vec<Asset>,
    pub warnings: Vec<Diagnostic>,
}

#[derive(Debug, Clone, Copy, Default)]
pub struct LoadOptions {
    /// Include articles marked `draft: true`.
    pub drafts: bool,
}

/// A Markdown file found by the walk, before it is read.
struct Found {
    path: PathBuf,
    lang: String,
    kind_folder: String,
}

/// Loads every article of every configured language.
pub fn load(root: &Path, config: &Config, options: LoadOptions) -> Result<Content, Diagnostics> {
    let content_dir = root.join(CONTENT_DIR);
    let mut diagnostics = Diagnostics::default();
    let found = walk(root, &content_dir, config, &mut diagnostics);

    let results: Vec<(Option<Article>, Vec<Diagnostic>)> = found
        .into_par_iter()
        .map(|f| read_article(root, &f.path, &f.lang, &f.kind_folder, config))
        .collect();
    let mut content = Content {
        assets: walk_assets(root, &content_dir, config),
        ..Content::default()
    };

    for (article, mut found_diagnostics) in results {
        diagnostics.0.append(&mut found_diagnostics);
        if let Some(article) = article
            && (options.drafts || !article.draft)
        {
            content.articles.push(article);
        }
    }
    content.articles.sort_by(|a, b| {
        (&a.lang, &a.kind, &a.slug, &a.source).cmp(&(&b.lang, &b.kind, &b.slug, &b.source))
    });
    check_duplicate_slugs(&content.articles, &mut diagnostics);

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

    let diagnostics = diagnostics.sorted();
    if diagnostics.has_errors() {
        return Err(diagnostics);
    }
    content.warnings = diagnostics.0;
    Ok(content)
}

/// Walks `content/`, reporting folders and links that are not allowed.
fn walk(
    root: &Path,
    content_dir: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> Vec<Found> {
    let mut found = Vec::new();
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                "no-content",
                CONTENT_DIR,
                format!("no {CONTENT_DIR}/ folder in {}", root.display()),
            )
            .with_help("create content/<language>/<kind>/<slug>.md, or run `helpbook init DIR`"),
        );
        return found;
    }
    let canonical_content = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.to_path_buf());
    let walker = walkdir::WalkDir::new(content_dir)
        .follow_links(false)
        .sort_by_file_name()
        .into_iter();
    for entry in walker {
        let entry = match entry {
            Ok(entry) => entry,
            Err(error) => {
                let path = error
                    .path()
                    .map(Path::to_path_buf)
                    .unwrap_or_else(|| content_dir.to_path_buf());
                diagnostics.push(Diagnostic::error(
                    "io",
                    rel(root, &path),
                    format!("cannot read: {error}"),
                ));
                continue;
            }
        };
        let path = entry.path();
        let Ok(relative) = path.strip_prefix(content_dir) else {
            continue;
        };
        let parts: Vec<String> = relative
            .components()
            .map(|c| c.as_os_str().to_string_lossy().into_owned())
            .collect();
        if parts.is_empty() {
            continue;
        }
        if parts.iter().any(|p| p.starts_with('.')) {
            continue; // hidden files and editor temp files
        }
        let mut is_file = entry.file_type().is_file();
        if entry.file_type().is_symlink() {
            match path.canonicalize() {
                Ok(target) if target.starts_with(&canonical_content) => {
                    if target.is_dir() {
                        diagnostics.push(Diagnostic::warning(
                            "symlink",
                            rel(root, path),
                            "symbolic links to folders are not followed",
                        ));
                        continue;
                    }
                    is_file = target.is_file();
                }
                Ok(target) => {
                    diagnostics.push(
                        Diagnostic::error(
                            "symlink",
                            rel(root, path),
                            format!("symbolic link points outside {CONTENT_DIR}/ (to {})", target.display()),
                        )
                        .with_help("copy the file into content/ instead; helpbook never reads outside the site"),
                    );
                    continue;
                }
                Err(error) => {
                    diagnostics.push(Diagnostic::error(
                        "symlink",
                        rel(root, path),
                        format!("broken symbolic link: {error}"),
                    ));
                    continue;
                }
            }
        }
        let lang_folder = &parts[0];
        let Some(lang) = config.languages.iter().find(|l| &l.code == lang_folder) else {
            if parts.len() == 1 {
                let codes: Vec<&str> = config.languages.iter().map(|l| l.code.as_str()).collect();
                let mut d = Diagnostic::warning(
                    "unknown-language",
                    rel(root, path),
                    format!(
                        "`{lang_folder}` is not a language in book.toml's `languages`; it is skipped"
                    ),
                );
                if let Some(s) = crate::config::did_you_mean(lang_folder, &codes) {
                    d = d.with_help(format!("did you mean `{s}`?"));
                }
                diagnostics.push(d);
            }
            continue;
        };
        if !is_file {
            continue;
        }
        if parts.len() < 3 {
            diagnostics.push(
                Diagnostic::warning(
                    "misplaced-file",
                    rel(root, path),
                    "files directly in a language folder are skipped",
                )
                .with_help(format!(
                    "move it into a kind folder: {CONTENT_DIR}/{}/<{}>/",
                    lang.code,
                    KINDS.join("|")
                )),
            );
            continue;
        }
        let is_markdown = path.extension().is_some_and(|e| e == "md");
        if is_markdown {
            found.push(Found {
                path: path.to_path_buf(),
                lang: lang.code.clone(),
                kind_folder: parts[1].clone(),
            });
        }
    }
    found
}

/// The non-Markdown files under language folders (symlinks already vetted
/// by [`walk`] are skipped here unless they point inside content/).
fn walk_assets(root: &Path, content_dir: &Path, config: &Config) -> Vec<Asset> {
    let canonical_content = content_dir
        .canonicalize()
        .unwrap_or_else(|_| content_dir.to_path_buf());
    let mut assets = Vec::new();
    for language in &config.languages {
        let lang_dir = content_dir.join(&language.code);
        for entry in walkdir::WalkDir::new(&lang_dir)
            .follow_links(false)
            .sort_by_file_name()
            .into_iter()
            .flatten()
        {
            let path = entry.path();
            let Ok(relative) = path.strip_prefix(&lang_dir) else {
                continue;
            };
            let parts: Vec<String> = relative
                .components()
                .map(|c| c.as_os_str().to_string_lossy().into_owned())
                .collect();
            if parts.len() < 2 || parts.iter().any(|p| p.starts_with('.')) {
                continue;
            }
            if path.extension().is_some_and(|e| e == "md") {
                continue;
            }
            let is_file = if entry.file_type().is_symlink() {
                path.canonicalize()
                    .is_ok_and(|t| t.starts_with(&canonical_content) && t.is_file())
            } else {
                entry.file_type().is_file()
            };
            if !is_file {
                continue;
            }
            assets.push(Asset {
                path: path.to_path_buf(),
                source: rel(root, path),
                lang: language.code.clone(),
                relative: parts.join("/"),
            });
        }
    }
    assets
}

fn rel(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostic::relative(path, root)
}

/// Reads, splits, parses and validates one article.
fn read_article(
    root: &Path,
    path: &Path,
    lang: &str,
    kind_folder: &str,
    config: &Config,
) -> (Option<Article>, Vec<Diagnostic>) {
    let source = rel(root, path);
    let mut out = Vec::new();
    match std::fs::metadata(path) {
        Ok(meta) if meta.len() > MAX_ARTICLE_BYTES => {
            out.push(
                Diagnostic::error(
                    "too-large",
                    &source,
                    format!(
                        "the file is {:.1} MB; articles are limited to {} MB",
                        meta.len() as f64 / 1_048_576.0,
                        MAX_ARTICLE_BYTES / 1_048_576
                    ),
                )
                .with_help("split it into several articles"),
            );
            return (None, out);
        }
        Ok(_) => {}
        Err(error) => {
            out.push(io_error(&source, "read the file", &error));
            return (None, out);
        }
    }
    let bytes = match std::fs::read(path) {
        Ok(bytes) => bytes,
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
    let article = parse_article(source, text, lang, kind_folder, config, &mut out);
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

/// Validates the front matter of a file already read into `text`.
pub fn parse_article(
    source: PathBuf,
    text: String,
    lang: &str,
    kind_folder: &str,
    config: &Config,
    out: &mut Vec<Diagnostic>,
) -> Option<Article> {
    let split = match front_matter::split(&text) {
        Ok(split) => split,
        Err(SplitError::NoOpening) => {
            out.push(
                Diagnostic::error(
                    "front-matter",
                    &source,
                    "the file does not start with front matter",
                )
                .at(&text, 1, 1)
                .with_help("start the file with a `---` line, `title: …`, and another `---` line"),
            );
            return None;
        }
        Err(SplitError::NoClosing) => {
            out.push(
                Diagnostic::error("front-matter", &source, "the front matter is not closed")
                    .at(&text, 1, 1)
                    .with_help("end the front matter with a line `---`"),
            );
            return None;
        }
    };
    let yaml_line = split.yaml_line;
    let yaml = crate::text_safety::clean_front_matter(&source, &text, split.yaml, yaml_line, out);
    let body_offset = text.len() - split.body.len();
    let at = |line: usize, column: usize| (line + yaml_line - 1, column);
    let error_at = |(line, column): (usize, usize), message: String| {
        Diagnostic::error("front-matter", &source, message).at(&text, line, column)
    };
    let spanned_at =
        |s: &Spanned<String>| at(s.referenced.line() as usize, s.referenced.column() as usize);
    let key_at = |key: &str| {
        let (line, column) = front_matter::key_position(&yaml, key);
        at(line, column)
    };

    let keys = match front_matter::shape(&yaml) {
        Ok(Shape::Mapping(keys)) => keys,
        Ok(Shape::Empty) => Vec::new(),
        Ok(Shape::Other(found)) => {
            out.push(
                error_at(
                    at(1, 1),
                    format!("front matter must be a mapping of keys, found {found}"),
                )
                .with_help("write one `key: value` per line, starting with `title: …`"),
            );
            return None;
        }
        Err(error) => {
            let message = front_matter::shift_line_numbers(&error.message, yaml_line - 1);
            out.push(error_at(
                at(error.line.max(1), error.column),
                format!("invalid YAML: {message}"),
            ));
            return None;
        }
    };
    let known: Vec<&str> = KNOWN_KEYS.to_vec();
    for key in &keys {
        if !known.contains(&key.as_str()) {
            let mut d = Diagnostic::warning(
                "front-matter",
                &source,
                format!("unknown front matter key `{key}`"),
            );
            let (line, column) = key_at(key);
            d = d.at(&text, line, column);
            d = match crate::config::did_you_mean(key, &known) {
                Some(s) => d.with_help(format!("did you mean `{s}`?")),
                None => d.with_help("helpbook ignores it; remove it or check the spelling"),
            };
            out.push(d);
        }
    }
    let raw = match front_matter::parse(&yaml) {
        Ok(raw) => raw,
        Err(error) => {
            let message = front_matter::shift_line_numbers(&error.message, yaml_line - 1);
            // Name the key when the error is on a `key: value` line.
            let key = split
                .yaml
                .lines()
                .nth(error.line.saturating_sub(1))
                .and_then(|l| l.split_once(':'))
                .map(|(k, _)| k.trim())
                .filter(|k| {
                    !k.is_empty() && k.chars().all(|c| c.is_ascii_alphanumeric() || c == '_')
                });
            let message = match key {
                Some(key) => format!("`{key}`: {message}"),
                None => format!("front matter: {message}"),
            };
            out.push(error_at(at(error.line.max(1), error.column), message));
            return None;
        }
    };
    let errors_before = out.iter().filter(|d| d.is_error()).count();

    // title
    let title = match &raw.title {
        Some(title) if !title.value.trim().is_empty() => title.value.trim().to_string(),
        Some(title) => {
            out.push(error_at(spanned_at(title), "`title` is empty".into()));
            String::new()
        }
        None => {
            out.push(
                Diagnostic::error("front-matter", &source, "missing required key `title`")
                    .at(&text, 1, 1)
                    .with_help("add a line `title: …` to the front matter"),
            );
            String::new()
        }
    };

    // kind
    let kind = match &raw.kind {
        Some(kind) => {
            if KINDS.contains(&kind.value.as_str()) {
                kind.value.clone()
            } else {
                out.push(
                    error_at(spanned_at(kind), format!("unknown kind `{}`", kind.value))
                        .with_help(format!("kind is one of {}", KINDS.join(", "))),
                );
                String::new()
            }
        }
        None if KINDS.contains(&kind_folder) => kind_folder.to_string(),
        None => {
            let mut d = Diagnostic::error(
                "front-matter",
                &source,
                format!("`{kind_folder}` is not a kind, and the front matter has no `kind`"),
            )
            .at(&text, 1, 1);
            d = match crate::config::did_you_mean(kind_folder, &KINDS) {
                Some(s) => d.with_help(format!("did you mean the folder `{s}`?")),
                None => d.with_help(format!(
                    "put it in a folder named {}, or add `kind:`",
                    KINDS.join(", ")
                )),
            };
            out.push(d);
            String::new()
        }
    };

    // slug
    let file_stem = source
        .file_stem()
        .map(|s| s.to_string_lossy().into_owned())
        .unwrap_or_default();
    let slug = match &raw.slug {
        Some(slug) => match check_slug(&slug.value) {
            Ok(()) => slug.value.clone(),
            Err(problem) => {
                out.push(
                    error_at(spanned_at(slug), format!("slug `{}` {problem}", slug.value))
                        .with_help(format!(
                            "a slug uses a-z, 0-9, `-`, `_` and `.`; try `{}`",
                            suggest_slug(&slug.value)
                        )),
                );
                String::new()
            }
        },
        None => {
            match check_slug(&file_stem) {
                Ok(()) => file_stem.clone(),
                Err(problem) => {
                    out.push(
                    Diagnostic::error(
                        "slug",
                        &source,
                        format!("the file name `{file_stem}` {problem}, so it cannot be the URL slug"),
                    )
                    .at(&text, 1, 1)
                    .with_help(format!(
                        "add `slug: {}` to the front matter, or rename the file",
                        suggest_slug(&file_stem)
                    )),
                );
                    String::new()
                }
            }
        }
    };

    // category
    let category = match &raw.category {
        Some(category) => {
            let value = category.value.trim().to_string();
            if check_slug(&value).is_err() {
                out.push(
                    error_at(
                        spanned_at(category),
                        format!("category `{value}` is not a slug"),
                    )
                    .with_help(
                        "use a short slug like `account` and name it in book.toml's [categories]",
                    ),
                );
            } else if !config.categories.is_empty()
                && !config.categories.iter().any(|c| c.slug == value)
            {
                let slugs: Vec<&str> = config.categories.iter().map(|c| c.slug.as_str()).collect();
                let mut d = Diagnostic::warning(
                    "front-matter",
                    &source,
                    format!("category `{value}` is not in book.toml's [categories]"),
                )
                .at(&text, spanned_at(category).0, spanned_at(category).1);
                d = match crate::config::did_you_mean(&value, &slugs) {
                    Some(s) => d.with_help(format!("did you mean `{s}`?")),
                    None => {
                        d.with_help("add it to [categories] to give it a name in each language")
                    }
                };
                out.push(d);
            }
            value
        }
        None => String::new(),
    };

    // dates
    let mut date_of = |value: &Option<Spanned<String>>, key: &str| -> Option<Date> {
        let value = value.as_ref()?;
        match parse_date(&value.value) {
            Some(date) => Some(date),
            None => {
                out.push(
                    error_at(
                        spanned_at(value),
                        format!("`{key}` must be a date YYYY-MM-DD, found `{}`", value.value),
                    )
                    .with_help(format!("for example `{key}: 2026-11-24`")),
                );
                None
            }
        }
    };
    let updated = date_of(&raw.updated, "updated");
    let verified = date_of(&raw.verified, "verified");
    let release_date = date_of(&raw.date, "date");

    if (kind == "contact" || kind == "security") && raw.verified.is_none() {
        out.push(
            Diagnostic::error(
                "verified",
                &source,
                format!("a {kind} article needs `verified: YYYY-MM-DD`, the date its facts were last checked"),
            )
            .at(&text, 1, 1)
            .with_help("readers are shown this date; check the facts, then add `verified:` with today's date"),
        );
    }

    // aliases
    let mut aliases = Vec::new();
    for alias in &raw.aliases {
        match normalize_alias(&alias.value) {
            Ok(path) => aliases.push(path),
            Err(problem) => out.push(
                error_at(
                    spanned_at(alias),
                    format!("alias `{}` {problem}", alias.value),
                )
                .with_help("an alias is a site path like `/en/faq/old-name/`"),
            ),
        }
    }

    // related
    let mut related = Vec::new();
    for slug in &raw.related {
        if check_slug(&slug.value).is_err() {
            out.push(error_at(
                spanned_at(slug),
                format!("related `{}` is not a slug", slug.value),
            ));
        } else {
            related.push(slug.value.clone());
        }
    }

    // release data
    let release_keys = [
        "version",
        "date",
        "platforms",
        "min_safe_version",
        "downloads",
    ];
    let release = if kind == "release" {
        parse_release(
            &raw,
            release_date,
            config,
            &mut |position, message, help| {
                let position = position.map_or((1, 1), |(l, c)| at(l, c));
                let mut d = error_at(position, message);
                if let Some(help) = help {
                    d = d.with_help(help);
                }
                out.push(d);
            },
        )
    } else {
        for key in release_keys {
            if keys.iter().any(|k| k == key) && !kind.is_empty() {
                let (line, column) = key_at(key);
                out.push(
                    Diagnostic::warning(
                        "front-matter",
                        &source,
                        format!("`{key}` only applies to release notes; this is a {kind} article"),
                    )
                    .at(&text, line, column),
                );
            }
        }
        None
    };

    if out.iter().filter(|d| d.is_error()).count() > errors_before {
        return None;
    }
    Some(Article {
        source,
        lang: lang.to_string(),
        kind,
        slug,
        title,
        summary: raw.summary.unwrap_or_default().trim().to_string(),
        category,
        tags: raw
            .tags
            .into_iter()
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect(),
        order: raw.order,
        updated,
        verified,
        promoted: raw.promoted,
        related,
        aliases,
        draft: raw.draft,
        release,
        body_offset,
        text,
    })
}

type Report<'a> = dyn FnMut(Option<(usize, usize)>, String, Option<String>) + 'a;

fn parse_release(
    raw: &front_matter::RawFrontMatter,
    date: Option<Date>,
    config: &Config,
    report: &mut Report<'_>,
) -> Option<Release> {
    let position =
        |s: &Spanned<String>| Some((s.referenced.line() as usize, s.referenced.column() as usize));
    let version = match &raw.version {
        Some(v) => match semver::Version::parse(v.value.trim().trim_start_matches('v')) {
            Ok(version) => Some(version),
            Err(error) => {
                report(
                    position(v),
                    format!("`version` `{}` is not a semantic version: {error}", v.value),
                    Some("write it as MAJOR.MINOR.PATCH, e.g. `version: \"2.4.0\"`".into()),
                );
                None
            }
        },
        None => {
            report(
                None,
                "a release note needs `version`".into(),
                Some("add `version: \"2.4.0\"` (a semantic version)".into()),
            );
            None
        }
    };
    if raw.date.is_none() {
        report(
            None,
            "a release note needs `date`".into(),
            Some("add `date: YYYY-MM-DD`, the release date".into()),
        );
    }
    let min_safe_version = match &raw.min_safe_version {
        Some(v) => match semver::Version::parse(v.value.trim().trim_start_matches('v')) {
            Ok(version) => Some(version),
            Err(error) => {
                report(
                    position(v),
                    format!(
                        "`min_safe_version` `{}` is not a semantic version: {error}",
                        v.value
                    ),
                    None,
                );
                None
            }
        },
        None => None,
    };
    let mut platforms = Vec::new();
    for platform in &raw.platforms {
        if PLATFORMS.contains(&platform.value.as_str()) {
            platforms.push(platform.value.clone());
        } else {
            report(
                position(platform),
                format!("unknown platform `{}`", platform.value),
                Some(format!("platforms are {}", PLATFORMS.join(", "))),
            );
        }
    }
    let mut downloads = Vec::new();
    for download in &raw.downloads {
        let at = Some((
            download.referenced.line() as usize,
            download.referenced.column() as usize,
        ));
        let value = &download.value;
        match url_host(&value.url) {
            Some(host) if value.url.starts_with("https://") && is_official_domain(&host, config) => {
                downloads.push(Download {
                    platform: value.platform.clone(),
                    url: value.url.clone(),
                });
            }
            Some(host) if value.url.starts_with("https://") => report(
                at,
                format!("download link `{}` is not on an official domain ({host})", value.url),
                Some("downloads must be on a domain of book.toml's contacts or [check] allowed_domains".into()),
            ),
            _ => report(at, format!("download link `{}` must be an https:// URL", value.url), None),
        }
    }
    Some(Release {
        version: version?,
        date: date?,
        platforms,
        min_safe_version,
        downloads,
    })
}

/// The lowercased host of an http(s) URL.
pub fn url_host(url: &str) -> Option<String> {
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))?;
    let end = rest.find(['/', '?', '#']).unwrap_or(rest.len());
    let authority = &rest[..end];
    let host = authority.rsplit('@').next()?.split(':').next()?;
    (!host.is_empty()).then(|| host.to_ascii_lowercase())
}

/// Whether `host` is (a subdomain of) an allowed domain or the domain of an
/// official URL contact.
pub fn is_official_domain(host: &str, config: &Config) -> bool {
    let contact_hosts = config.contacts.iter().filter_map(|c| url_host(&c.value));
    config
        .check
        .allowed_domains
        .iter()
        .map(|d| d.to_ascii_lowercase())
        .chain(contact_hosts)
        .any(|domain| host == domain || host.ends_with(&format!(".{domain}")))
}

/// Parses `YYYY-MM-DD`.
pub fn parse_date(text: &str) -> Option<Date> {
    let text = text.trim();
    if text.len() != 10 {
        return None;
    }
    text.parse::<Date>().ok()
}

/// Why a slug is not URL-safe, if it is not.
pub fn check_slug(slug: &str) -> Result<(), &'static str> {
    if slug.is_empty() {
        return Err("is empty");
    }
    if slug.len() > 120 {
        return Err("is longer than 120 characters");
    }
    if slug.contains("..") || slug.contains('/') || slug.contains('\\') {
        return Err("contains a path separator or `..`");
    }
    if !slug.is_ascii() {
        return Err("has non-ASCII characters");
    }
    if slug.chars().any(|c| c.is_ascii_uppercase()) {
        return Err("has upper-case letters");
    }
    if !slug
        .chars()
        .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
    {
        return Err("has characters that are not URL-safe");
    }
    if !slug.starts_with(|c: char| c.is_ascii_alphanumeric()) {
        return Err("must start with a letter or digit");
    }
    Ok(())
}

/// A URL-safe slug for arbitrary text, for "did you mean" help.
pub fn suggest_slug(text: &str) -> String {
    let suggestion = slug::slugify(text);
    if suggestion.is_empty() {
        "my-article".to_string()
    } else {
        suggestion
    }
}

/// Checks an alias path and gives it a trailing `/` (unless it names a file
/// like `old.html`).
pub fn normalize_alias(alias: &str) -> Result<String, &'static str> {
    let alias = alias.trim();
    if !alias.starts_with('/') {
        return Err("must start with `/`");
    }
    if alias.contains("//") || alias.contains('\\') {
        return Err("contains an empty segment or a backslash");
    }
    let mut segments = alias.split('/').filter(|s| !s.is_empty()).peekable();
    if segments.peek().is_none() {
        return Err("points at the site root");
    }
    for segment in alias.split('/').filter(|s| !s.is_empty()) {
        if segment == "." || segment == ".." {
            return Err("contains `.` or `..` segments");
        }
        if !segment
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '~'))
        {
            return Err("has characters that are not URL-safe");
        }
        if segment.starts_with('.') {
            return Err("has a hidden (dot) segment");
        }
    }
    let last = alias.rsplit('/').next().unwrap_or_default();
    if alias.ends_with('/') || last.contains('.') {
        Ok(alias.to_string())
    } else {
        Ok(format!("{alias}/"))
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
    Some(read_article(root, path, &lang.code, &parts[1], config))
}

fn check_duplicate_slugs(articles: &[Article], diagnostics: &mut Diagnostics) {
    let mut seen: BTreeMap<(&str, &str), &Article> = BTreeMap::new();
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
        } else {
            seen.insert((&article.lang, &article.slug), article);
        }
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
}
