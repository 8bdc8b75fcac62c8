//! The walk over `content/`: which Markdown files are articles (and of
//! which language and kind folder), which other files are copied next to
//! them, and which folders, files and links are refused.

use std::path::{Path, PathBuf};

use super::{Asset, CONTENT_DIR};
use crate::config::{Config, KINDS};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// A Markdown file found by the walk, before it is read.
pub(super) struct Found {
    pub path: PathBuf,
    pub lang: String,
    pub kind_folder: String,
}

/// Walks `content/` once, reporting folders and links that are not
/// allowed: the Markdown files, and the other files under language
/// folders (copied next to the articles), language by language in
/// `book.toml` order, each in file-name order.
pub(super) fn walk(
    root: &Path,
    content_dir: &Path,
    config: &Config,
    diagnostics: &mut Diagnostics,
) -> (Vec<Found>, Vec<Asset>) {
    let mut found = Vec::new();
    let mut assets = Vec::new();
    if !content_dir.is_dir() {
        diagnostics.push(
            Diagnostic::error(
                "no-content",
                CONTENT_DIR,
                format!("no {CONTENT_DIR}/ folder in {}", root.display()),
            )
            .with_help("create content/<language>/<kind>/<slug>.md, or run `helpbook init DIR`"),
        );
        return (found, assets);
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
        } else {
            assets.push(Asset {
                path: path.to_path_buf(),
                source: rel(root, path),
                lang: lang.code.clone(),
                relative: parts[1..].join("/"),
            });
        }
    }
    // The walk went through the language folders by name; assets go in
    // `book.toml` order (a stable sort keeps each folder's order).
    let order = |lang: &str| config.languages.iter().position(|l| l.code == lang);
    assets.sort_by_key(|asset| order(&asset.lang));
    (found, assets)
}

pub(super) fn rel(root: &Path, path: &Path) -> PathBuf {
    crate::diagnostic::relative(path, root)
}
