//! An mdBook book: `book.toml` (`[book] title`, `language`, `src`) and
//! `src/SUMMARY.md`, whose parts (`# Part`) or parent chapters become
//! categories. `{{#include file}}` is expanded; mdBook has one language.

use std::path::Path;

use super::model::{Source, language_code};
use super::summary;
use crate::diagnostic::{Diagnostic, Diagnostics};

/// Reads the book at `root`; `language` is used when book.toml has none.
pub fn read(root: &Path, language: &str) -> Result<Source, Diagnostics> {
    let mut source = Source::default();
    let config: toml::Table = std::fs::read_to_string(root.join("book.toml"))
        .ok()
        .and_then(|t| toml::from_str(&t).ok())
        .unwrap_or_default();
    let book = config.get("book").and_then(|b| b.as_table());
    let get = |key: &str| {
        book.and_then(|b| b.get(key))
            .and_then(|v| v.as_str())
            .map(str::to_string)
    };
    let lang = get("language").map_or_else(|| language.to_string(), |l| language_code(&l));
    let src = get("src").unwrap_or_else(|| "src".into());
    let src = src
        .trim_start_matches("./")
        .trim_end_matches('/')
        .to_string();
    let summary_path = root.join(&src).join("SUMMARY.md");
    let text = std::fs::read_to_string(&summary_path).map_err(|e| {
        Diagnostics::from(
            Diagnostic::error(
                "usage",
                &summary_path,
                format!("cannot read the book's SUMMARY.md: {e}"),
            )
            .with_help("an mdBook book has src/SUMMARY.md; pass --from to read another format"),
        )
    })?;
    let entries = summary::parse(&text);
    summary::import_entries(
        root,
        &src,
        &lang,
        &entries,
        &mut source,
        &|body, _, source, file| expand_includes(root, body, file, source),
    );
    if let Some(title) = get("title") {
        source.titles.insert(lang.clone(), title);
    }
    source.base_url = config
        .get("output")
        .and_then(|o| o.get("html"))
        .and_then(|h| h.get("site-url"))
        .and_then(|u| u.as_str())
        .filter(|u| u.starts_with("http"))
        .map(str::to_string);
    source.languages.push(lang);
    Ok(source)
}

/// `{{#include path}}` replaced by the file (relative to the chapter);
/// other `{{#…}}` helpers are dropped and reported.
fn expand_includes(root: &Path, body: &str, file: &str, source: &mut Source) -> String {
    let dir = super::markdown_source::dir_of(file);
    let mut out = String::with_capacity(body.len());
    let mut rest = body;
    while let Some(start) = rest.find("{{#") {
        let Some(end) = rest[start..].find("}}").map(|e| start + e + 2) else {
            break;
        };
        out.push_str(&rest[..start]);
        let inner = rest[start + 3..end - 2].trim();
        let (helper, argument) = inner.split_once(' ').unwrap_or((inner, ""));
        let path = argument.trim().split(':').next().unwrap_or_default();
        let included = (helper == "include")
            .then(|| super::links::normalize(&format!("{dir}/{path}")))
            .flatten()
            .and_then(|p| std::fs::read_to_string(root.join(p)).ok());
        match included {
            Some(text) => out.push_str(&text),
            None => source.unmapped(
                file,
                format!("mdBook helper `{{{{#{inner}}}}}` could not be expanded; dropped"),
            ),
        }
        rest = &rest[end..];
    }
    out.push_str(rest);
    out
}
