//! Writing the site: sitemap and robots.txt, a staging directory next to
//! the output, and a swap that replaces the previous output only once
//! everything has been written.
//!
//! A build that fails or is killed leaves the previous site in place.
//! Nothing is written or deleted outside the output directory and its
//! staging sibling, and an output path that would contain the project
//! itself is refused.

use std::path::{Component, Path, PathBuf};

use rayon::prelude::*;

use crate::diagnostic::{Diagnostic, Diagnostics, io_error};
use crate::render::Files;
use crate::site::Site;

/// The file that marks a staging directory as helpbook's, so a stale one
/// can be removed safely.
const STAGING_MARKER: &str = ".helpbook-staging";

/// One `<url>`: location, lastmod (or ""), and (language, URL) alternates.
type SitemapEntry = (String, String, Vec<(String, String)>);

/// sitemap.xml with an `xhtml:link` hreflang alternate for every translation.
pub fn sitemap(site: &Site) -> String {
    let base = site.config.base_url.trim_end_matches('/');
    let full = |url: &str| {
        let path = url.strip_prefix(&site.config.base_path).unwrap_or(url);
        format!("{base}/{path}")
    };
    let mut entries: Vec<SitemapEntry> = Vec::new();
    let homes: Vec<(String, String)> = site
        .languages
        .iter()
        .map(|l| (l.code.clone(), full(&l.url)))
        .collect();
    entries.push((full(&site.config.base_path), String::new(), Vec::new()));
    for language in &site.languages {
        entries.push((full(&language.url), String::new(), homes.clone()));
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
            entries.push((full(&kind.url), String::new(), alternates));
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
            entries.push((full(&page.url), lastmod, alternates));
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
                if !entries.iter().any(|e| &e.0 == url) {
                    entries.push((url.clone(), String::new(), alternates.clone()));
                }
            }
        }
    }
    entries.sort();
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\" xmlns:xhtml=\"http://www.w3.org/1999/xhtml\">\n",
    );
    for (url, lastmod, alternates) in entries {
        xml.push_str("  <url>\n    <loc>");
        xml.push_str(&escape_xml(&url));
        xml.push_str("</loc>\n");
        if !lastmod.is_empty() {
            xml.push_str(&format!("    <lastmod>{lastmod}</lastmod>\n"));
        }
        if alternates.len() > 1 {
            for (lang, href) in alternates {
                xml.push_str(&format!(
                    "    <xhtml:link rel=\"alternate\" hreflang=\"{}\" href=\"{}\"/>\n",
                    escape_xml(&lang),
                    escape_xml(&href)
                ));
            }
        }
        xml.push_str("  </url>\n");
    }
    xml.push_str("</urlset>\n");
    xml
}

fn escape_xml(text: &str) -> String {
    quick_xml::escape::escape(text).into_owned()
}

pub fn robots(site: &Site) -> String {
    format!(
        "User-agent: *\nAllow: /\n\nSitemap: {}sitemap.xml\n",
        site.config.base_url
    )
}

/// Refuses output locations that would destroy the project: the root
/// itself, a parent of it, or a folder that holds a `book.toml` or `.git`.
pub fn check_output_dir(root: &Path, out: &Path) -> Result<(), Diagnostics> {
    let refuse = |why: String| {
        Diagnostics::from(
            Diagnostic::error("output", out, why)
                .with_help("choose an output folder of its own, e.g. `--out public`"),
        )
    };
    let root = root.canonicalize().unwrap_or_else(|_| root.to_path_buf());
    let out_abs = absolute(out);
    let out_canonical = out_abs.canonicalize().unwrap_or_else(|_| out_abs.clone());
    if root.starts_with(&out_canonical) {
        return Err(refuse(format!(
            "the output folder {} contains the site itself; helpbook replaces the whole output folder",
            out.display()
        )));
    }
    if out_canonical.join(crate::config::CONFIG_FILE).exists()
        || out_canonical.join(".git").exists()
    {
        return Err(refuse(format!(
            "{} looks like a project folder (it has a book.toml or .git); helpbook replaces the whole output folder",
            out.display()
        )));
    }
    for protected in ["content", "themes"] {
        if out_canonical.starts_with(root.join(protected)) {
            return Err(refuse(format!(
                "the output folder {} is inside {protected}/",
                out.display()
            )));
        }
    }
    Ok(())
}

fn absolute(path: &Path) -> PathBuf {
    if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir()
            .map(|d| d.join(path))
            .unwrap_or_else(|_| path.to_path_buf())
    }
}

/// A relative output path made only of normal components, joined to `dir`.
fn safe_join(dir: &Path, relative: &str) -> Result<PathBuf, Diagnostics> {
    let path = Path::new(relative);
    let normal =
        !relative.is_empty() && path.components().all(|c| matches!(c, Component::Normal(_)));
    if !normal {
        return Err(Diagnostic::error(
            "output",
            relative,
            "refusing to write outside the output folder",
        )
        .into());
    }
    Ok(dir.join(path))
}

/// Staging and backup folders sit next to the output: `.public.staging`.
fn sibling(out: &Path, suffix: &str) -> PathBuf {
    let name = out
        .file_name()
        .map_or_else(|| "public".into(), |n| n.to_string_lossy().into_owned());
    let parent = out
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    parent.join(format!(".{name}.{suffix}"))
}

/// Removes a staging folder left by a killed build, but only if helpbook
/// made it.
fn remove_stale(dir: &Path) -> Result<(), Diagnostics> {
    if !dir.exists() {
        return Ok(());
    }
    if !dir.join(STAGING_MARKER).exists() {
        return Err(Diagnostic::error(
            "output",
            dir,
            "this folder is in the way of the build, and helpbook did not create it",
        )
        .with_help("move or delete it by hand")
        .into());
    }
    std::fs::remove_dir_all(dir)
        .map_err(|e| Diagnostics::from(io_error(dir, "remove the stale staging folder", &e)))
}

/// Writes `files` and copies `copies` (output path, source file) into a
/// staging folder, then swaps it in place of `out`.
pub fn write(out: &Path, files: &Files, copies: &[(String, PathBuf)]) -> Result<(), Diagnostics> {
    let staging = sibling(out, "staging");
    let backup = sibling(out, "previous");
    remove_stale(&staging)?;
    remove_stale(&backup)?;
    let result = write_staging(&staging, files, copies);
    if let Err(errors) = result {
        let _ = std::fs::remove_dir_all(&staging);
        return Err(errors);
    }
    swap(&staging, &backup, out)
}

fn write_staging(
    staging: &Path,
    files: &Files,
    copies: &[(String, PathBuf)],
) -> Result<(), Diagnostics> {
    let io = |path: &Path, action: &str, e: std::io::Error| {
        Diagnostics::from(io_error(path, action, &e))
    };
    std::fs::create_dir_all(staging).map_err(|e| io(staging, "create the staging folder", e))?;
    std::fs::write(staging.join(STAGING_MARKER), b"")
        .map_err(|e| io(staging, "write to the staging folder", e))?;
    // Folders first (in order), then the files in parallel: writing ten
    // thousand small files is most of a large build.
    let mut folders = std::collections::BTreeSet::new();
    for relative in files.keys() {
        let path = safe_join(staging, relative)?;
        if let Some(parent) = path.parent() {
            folders.insert(parent.to_path_buf());
        }
    }
    for folder in &folders {
        std::fs::create_dir_all(folder).map_err(|e| io(folder, "create a folder", e))?;
    }
    files.par_iter().try_for_each(|(relative, bytes)| {
        let path = safe_join(staging, relative)?;
        std::fs::write(&path, bytes).map_err(|e| io(&path, "write", e))
    })?;
    for (relative, source) in copies {
        let path = safe_join(staging, relative)?;
        if files.contains_key(relative) {
            return Err(Diagnostic::error(
                "output",
                source,
                format!("this file would overwrite the generated page {relative}"),
            )
            .with_help("rename the file")
            .into());
        }
        if let Some(parent) = path.parent() {
            std::fs::create_dir_all(parent).map_err(|e| io(parent, "create a folder", e))?;
        }
        std::fs::copy(source, &path).map_err(|e| io(source, "copy", e))?;
    }
    std::fs::remove_file(staging.join(STAGING_MARKER))
        .map_err(|e| io(staging, "finish the staging folder", e))?;
    Ok(())
}

/// Moves the previous output aside, the staging folder in, and deletes the
/// previous output. If the second rename fails, the previous output is put
/// back.
fn swap(staging: &Path, backup: &Path, out: &Path) -> Result<(), Diagnostics> {
    let io = |path: &Path, action: &str, e: std::io::Error| {
        Diagnostics::from(io_error(path, action, &e))
    };
    let had_previous = out.exists();
    if had_previous {
        // Mark the old output so that, should we be killed right here, the
        // next build may remove it as stale.
        let _ = std::fs::write(out.join(STAGING_MARKER), b"");
        if let Err(e) = std::fs::rename(out, backup) {
            let _ = std::fs::remove_file(out.join(STAGING_MARKER));
            return Err(io(out, "move the previous output aside", e));
        }
    }
    if let Err(e) = std::fs::rename(staging, out) {
        if had_previous {
            let _ = std::fs::rename(backup, out);
            let _ = std::fs::remove_file(out.join(STAGING_MARKER));
        }
        return Err(io(out, "move the new site into place", e));
    }
    if had_previous {
        std::fs::remove_dir_all(backup).map_err(|e| io(backup, "remove the previous output", e))?;
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn safe_join_refuses_escapes() {
        let dir = Path::new("/tmp/x");
        assert!(safe_join(dir, "a/b.html").is_ok());
        assert!(safe_join(dir, "../a").is_err());
        assert!(safe_join(dir, "/etc/passwd").is_err());
        assert!(safe_join(dir, "").is_err());
    }

    #[test]
    fn siblings_sit_next_to_the_output() {
        assert_eq!(
            sibling(Path::new("site/public"), "staging"),
            PathBuf::from("site/.public.staging")
        );
        assert_eq!(
            sibling(Path::new("public"), "staging"),
            PathBuf::from("./.public.staging")
        );
    }
}
