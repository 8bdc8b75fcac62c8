//! `helpbook export`: the site's articles as documents for search engines
//! other than the static index.
//!
//! A stage after [`Site`]: it reads the assembled site (never the output
//! folder) and returns bytes. Two formats:
//!
//! - **NDJSON** ([`ndjson`]): one JSON document per article, in the search
//!   index's document order (languages in `book.toml` order, then reading
//!   order), for Meilisearch, Typesense, Algolia or anything that reads JSON
//!   lines;
//! - **OpenSearch** ([`opensearch`]): an index definition whose analyzer
//!   and similarity follow helpbook's, the `_bulk` body and a search
//!   template.
//!
//! Identical sites give byte-identical exports: documents come in a fixed
//! order, their keys in a fixed order, and nothing depends on the clock.

pub mod opensearch;

use serde::Serialize;

use crate::search::index::{FieldText, StoredSection};
use crate::site::{Page, Site};

/// One article as exported. The field order here is the key order of the
/// JSON (serde keeps declaration order), which keeps exports stable.
#[derive(Debug, Clone, Serialize)]
pub struct Document {
    /// `<lang url code>/<kind>/<slug>`: unique in the site and stable across
    /// builds (it is the article's path without the base path).
    pub id: String,
    /// The article's number in this export, 0, 1, 2, …: the same as its
    /// document id in helpbook's own index, so it breaks ties of equal
    /// scores in the same order (and it is a primary key for engines that
    /// want one made of digits only, such as Meilisearch).
    pub doc: u32,
    /// The language code as in `book.toml` (`zh-CN`).
    pub lang: String,
    pub kind: String,
    /// The category's slug (`""` for none).
    pub category: String,
    pub title: String,
    /// Every non-empty heading, in order.
    pub headings: Vec<String>,
    pub tags: Vec<String>,
    /// The plain text of the whole article, one section per line.
    pub body: String,
    /// The sections, with the anchor a result can link to (`""` for the
    /// text before the first heading) and their whole text.
    pub sections: Vec<StoredSection>,
    /// The full URL, from `base_url`.
    pub url: String,
    /// The URL path on the site (starts with the base path).
    pub path: String,
    /// `YYYY-MM-DD` or null.
    pub updated: Option<String>,
    /// `YYYY-MM-DD` or null: when a contact or security article's facts were
    /// last checked.
    pub verified: Option<String>,
    pub summary: String,
}

/// The export formats.
#[derive(Debug, Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// One JSON document per line (Meilisearch, Typesense, Algolia, …).
    Ndjson,
    /// An OpenSearch index definition, `_bulk` body and search template.
    Opensearch,
}

/// Every article of the site with its field texts, in document order
/// (the order of helpbook's own search index).
pub fn pages(site: &Site) -> impl Iterator<Item = (u32, &Page, FieldText)> {
    site.languages
        .iter()
        .flat_map(|language| language.pages.iter())
        .enumerate()
        .map(|(doc, page)| (doc as u32, page, FieldText::of(page, &site.sections(page))))
}

/// The exported document of one article.
pub fn document(site: &Site, doc: u32, page: &Page, text: &FieldText) -> Document {
    let article = &page.article;
    let path = page.url.clone();
    let id = path
        .strip_prefix(site.config.base_path.as_str())
        .unwrap_or(&path)
        .trim_matches('/')
        .to_string();
    Document {
        id,
        doc,
        lang: article.lang.clone(),
        kind: article.kind.clone(),
        category: article.category.clone(),
        title: text.title.clone(),
        headings: text.headings.clone(),
        tags: text.tags.clone(),
        body: text.body.join("\n"),
        sections: site
            .sections(page)
            .iter()
            .map(|s| StoredSection::new(s, s.text.clone()))
            .collect(),
        url: site.absolute_url(&path),
        path,
        updated: article.updated.map(|d| d.to_string()),
        verified: article.verified.map(|d| d.to_string()),
        summary: article.summary.clone(),
    }
}

/// Appends `value` as one JSON line.
pub(crate) fn push_line(out: &mut Vec<u8>, value: &impl Serialize) {
    // Serializing these plain structs and maps cannot fail: every key is a
    // string and every number finite.
    if serde_json::to_writer(&mut *out, value).is_ok() {
        out.push(b'\n');
    }
}

/// The NDJSON export: one [`Document`] per line.
pub fn ndjson(site: &Site) -> Vec<u8> {
    let mut out = Vec::new();
    for (doc, page, text) in pages(site) {
        push_line(&mut out, &document(site, doc, page, &text));
    }
    out
}

/// What [`run`] wrote.
pub struct Written {
    /// Files written, with their sizes in bytes (empty when the NDJSON went
    /// to standard output).
    pub files: Vec<(std::path::PathBuf, usize)>,
    pub documents: usize,
}

/// `helpbook export`: loads the site at `root` (refusing one with errors,
/// as `build` does), and writes `format` to `out`: for NDJSON a file, or
/// standard output when `out` is `None`; for OpenSearch a folder (created
/// if missing) that receives `index.json`, `bulk.ndjson` and
/// `template.json`. Each file is written next to its place and renamed
/// into it, so a failed export never leaves a half-written file.
pub fn run(
    root: &std::path::Path,
    format: Format,
    out: Option<&std::path::Path>,
    drafts: bool,
) -> Result<Written, crate::diagnostic::Diagnostics> {
    let config = crate::load_config(root, None)?;
    let site = crate::load_site(root, config, drafts)?;
    crate::check_for_build(&site, false, jiff::ZonedDateTime::now().date())?;
    let documents = site.page_count();
    match format {
        Format::Ndjson => {
            let bytes = ndjson(&site);
            let Some(out) = out else {
                use std::io::Write;
                let mut stdout = std::io::stdout().lock();
                stdout
                    .write_all(&bytes)
                    .and_then(|()| stdout.flush())
                    .map_err(|e| {
                        crate::diagnostic::io_error(std::path::Path::new("<stdout>"), "write", &e)
                    })?;
                return Ok(Written {
                    files: Vec::new(),
                    documents,
                });
            };
            write_files(&[(out.to_path_buf(), bytes)])?;
            Ok(Written {
                files: vec![(
                    out.to_path_buf(),
                    std::fs::metadata(out).map_or(0, |m| m.len() as usize),
                )],
                documents,
            })
        }
        Format::Opensearch => {
            let Some(folder) = out else {
                return Err(crate::diagnostic::Diagnostic::error(
                    "usage",
                    "--out",
                    "the OpenSearch export is three files and needs a folder",
                )
                .with_help(
                    "add --out FOLDER, e.g. `helpbook export --format opensearch --out opensearch`",
                )
                .into());
            };
            std::fs::create_dir_all(folder)
                .map_err(|e| crate::diagnostic::io_error(folder, "create the folder", &e))?;
            let export = opensearch::export(&site);
            let files = vec![
                (folder.join("index.json"), opensearch::pretty(&export.index)),
                (folder.join("bulk.ndjson"), export.bulk),
                (
                    folder.join("template.json"),
                    opensearch::pretty(&export.template),
                ),
            ];
            write_files(&files)?;
            Ok(Written {
                files: files.iter().map(|(p, b)| (p.clone(), b.len())).collect(),
                documents: export.count,
            })
        }
    }
}

/// Writes every file to a temporary name beside it, then renames them all
/// into place: nothing is replaced unless every file could be written.
fn write_files(
    files: &[(std::path::PathBuf, Vec<u8>)],
) -> Result<(), crate::diagnostic::Diagnostics> {
    let temporary = |path: &std::path::Path| {
        let name = path
            .file_name()
            .map_or_else(Default::default, |n| n.to_string_lossy().into_owned());
        path.with_file_name(format!(".{name}.helpbook-tmp"))
    };
    let cleanup = || {
        for (path, _) in files {
            let _ = std::fs::remove_file(temporary(path));
        }
    };
    for (path, bytes) in files {
        if let Err(e) = std::fs::write(temporary(path), bytes) {
            cleanup();
            return Err(crate::diagnostic::io_error(path, "write", &e).into());
        }
    }
    for (path, _) in files {
        if let Err(e) = std::fs::rename(temporary(path), path) {
            cleanup();
            return Err(crate::diagnostic::io_error(path, "write", &e).into());
        }
    }
    Ok(())
}
