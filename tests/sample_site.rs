//! Builds the repository's sample site (the fictional wallet help center)
//! and checks what a reader would run into: missing pages, dead links,
//! missing translations in the sitemap, external resources.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use helpbook::BuildOptions;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// Builds the sample site once per test into its own temp dir.
fn build_sample() -> (tempfile::TempDir, PathBuf, helpbook::BuildReport) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let report = helpbook::build(&BuildOptions {
        root: repo(),
        out: out.clone(),
        base_url: None,
        drafts: false,
        strict: false,
        force: false,
        index_out: None,
    })
    .unwrap_or_else(|e| panic!("the sample site must build:\n{e}"));
    (dir, out, report)
}

fn files_under(dir: &Path) -> Vec<PathBuf> {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(dir)
        .sort_by_file_name()
        .into_iter()
        .filter_map(Result::ok)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().to_path_buf())
        .collect();
    files.sort();
    files
}

/// Values of `attr="…"` in an HTML document (our output always quotes).
fn attribute_values(html: &str, attr: &str) -> Vec<String> {
    let needle = format!(" {attr}=\"");
    let mut values = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find(&needle) {
        let after = &rest[start + needle.len()..];
        let Some(end) = after.find('"') else { break };
        values.push(after[..end].replace("&amp;", "&"));
        rest = &after[end..];
    }
    values
}

/// The slug of an article file: front matter `slug:` or the file stem.
fn slug_of(path: &Path) -> String {
    let text = std::fs::read_to_string(path).expect("article is UTF-8");
    text.lines()
        .skip(1)
        .take_while(|l| l.trim() != "---")
        .find_map(|l| {
            l.strip_prefix("slug:")
                .map(|s| s.trim().trim_matches('"').to_string())
        })
        .unwrap_or_else(|| {
            path.file_stem()
                .expect("stem")
                .to_string_lossy()
                .into_owned()
        })
}

fn is_draft(path: &Path) -> bool {
    let text = std::fs::read_to_string(path).expect("article is UTF-8");
    text.lines()
        .take_while(|l| !l.is_empty())
        .any(|l| l.trim() == "draft: true")
}

#[test]
fn every_article_has_a_page_in_both_languages() {
    let (_dir, out, report) = build_sample();
    assert_eq!(report.languages, ["zh-CN", "en"]);
    let mut per_language: BTreeMap<String, usize> = BTreeMap::new();
    let mut kinds: BTreeMap<String, BTreeSet<String>> = BTreeMap::new();
    for file in files_under(&repo().join("content")) {
        if file.extension().is_none_or(|e| e != "md") || is_draft(&file) {
            continue;
        }
        let relative = file
            .strip_prefix(repo().join("content"))
            .expect("under content");
        let parts: Vec<String> = relative
            .iter()
            .map(|p| p.to_string_lossy().into_owned())
            .collect();
        let (lang, kind) = (&parts[0], &parts[1]);
        let page = out
            .join(lang.to_lowercase())
            .join(kind)
            .join(slug_of(&file))
            .join("index.html");
        assert!(
            page.is_file(),
            "{} has no page at {}",
            file.display(),
            page.display()
        );
        *per_language.entry(lang.clone()).or_default() += 1;
        kinds.entry(lang.clone()).or_default().insert(kind.clone());
    }
    for lang in ["zh-CN", "en"] {
        assert!(
            per_language.get(lang).copied().unwrap_or(0) >= 12,
            "{lang} needs at least 12 articles: {per_language:?}"
        );
        let expected: BTreeSet<String> = ["contact", "faq", "release", "security"]
            .map(String::from)
            .into();
        assert_eq!(
            kinds.get(lang),
            Some(&expected),
            "{lang} must cover all four kinds"
        );
        let home = out.join(lang.to_lowercase()).join("index.html");
        assert!(home.is_file(), "no home page for {lang}");
        for kind in ["contact", "faq", "security", "release"] {
            assert!(
                out.join(lang.to_lowercase())
                    .join(kind)
                    .join("index.html")
                    .is_file(),
                "no {kind} page for {lang}"
            );
        }
    }
    let releases = std::fs::read_dir(repo().join("content/en/release"))
        .expect("release folder")
        .count();
    assert!(releases >= 3, "at least three release notes");
    assert!(out.join("index.html").is_file(), "language picker");
    assert!(out.join("404.html").is_file(), "404 page");
}

#[test]
fn every_internal_link_resolves() {
    let (_dir, out, _) = build_sample();
    let mut ids: BTreeMap<PathBuf, BTreeSet<String>> = BTreeMap::new();
    let html_files: Vec<PathBuf> = files_under(&out)
        .into_iter()
        .filter(|f| f.extension().is_some_and(|e| e == "html"))
        .collect();
    for file in &html_files {
        let html = std::fs::read_to_string(file).expect("utf-8 page");
        ids.insert(
            file.clone(),
            attribute_values(&html, "id").into_iter().collect(),
        );
    }
    let mut broken = Vec::new();
    let mut checked = 0;
    for file in &html_files {
        let html = std::fs::read_to_string(file).expect("utf-8 page");
        for target in attribute_values(&html, "href")
            .into_iter()
            .chain(attribute_values(&html, "src"))
        {
            if target.starts_with("http://")
                || target.starts_with("https://")
                || target.starts_with("mailto:")
                || target.starts_with("tel:")
            {
                continue;
            }
            let (path, fragment) = match target.split_once('#') {
                Some((p, f)) => (p.to_string(), Some(f.to_string())),
                None => (target.clone(), None),
            };
            let resolved = if path.is_empty() {
                file.clone()
            } else if let Some(absolute) = path.strip_prefix('/') {
                let candidate = out.join(absolute);
                if path.ends_with('/') {
                    candidate.join("index.html")
                } else {
                    candidate
                }
            } else {
                broken.push(format!("{}: relative link {target}", file.display()));
                continue;
            };
            checked += 1;
            if !resolved.is_file() {
                broken.push(format!(
                    "{}: {target} → {} does not exist",
                    file.display(),
                    resolved.display()
                ));
                continue;
            }
            if let Some(fragment) = fragment
                && resolved.extension().is_some_and(|e| e == "html")
                && !ids
                    .get(&resolved)
                    .is_some_and(|set| set.contains(&fragment))
            {
                broken.push(format!(
                    "{}: {target} has no element with id {fragment}",
                    file.display()
                ));
            }
        }
    }
    assert!(
        checked > 200,
        "expected many internal links, found {checked}"
    );
    assert!(broken.is_empty(), "broken links:\n{}", broken.join("\n"));
}

#[test]
fn sitemap_lists_every_page_with_hreflang() {
    let (_dir, out, _) = build_sample();
    let sitemap = std::fs::read_to_string(out.join("sitemap.xml")).expect("sitemap");
    let locs: BTreeSet<String> = sitemap
        .split("<loc>")
        .skip(1)
        .filter_map(|s| s.split("</loc>").next())
        .map(str::to_string)
        .collect();
    for file in files_under(&out) {
        if file.file_name().is_none_or(|n| n != "index.html") {
            continue;
        }
        let relative = file
            .parent()
            .expect("parent")
            .strip_prefix(&out)
            .expect("inside out");
        if relative.ends_with("search") {
            continue; // search result pages are noindex and not in the sitemap
        }
        let html = std::fs::read_to_string(&file).expect("page");
        if html.contains("<meta http-equiv=\"refresh\"")
            || html.contains("<meta name=\"robots\" content=\"noindex\">")
        {
            continue; // redirects from old paths (aliases) and tag pages are noindex too
        }
        let mut url = String::from("https://help.example.com/");
        for part in relative.iter() {
            url.push_str(&part.to_string_lossy());
            url.push('/');
        }
        assert!(locs.contains(&url), "sitemap misses {url}");
    }
    assert!(sitemap.contains(r#"<xhtml:link rel="alternate" hreflang="en" href="https://help.example.com/en/faq/reset-password/"/>"#));
    assert!(
        sitemap.contains(
            r#"hreflang="zh-CN" href="https://help.example.com/zh-cn/faq/reset-password/""#
        )
    );
    let robots = std::fs::read_to_string(out.join("robots.txt")).expect("robots.txt");
    assert!(robots.contains("Sitemap: https://help.example.com/sitemap.xml"));
}

#[test]
fn article_page_shows_what_a_reader_needs() {
    let (_dir, out, _) = build_sample();
    let html =
        std::fs::read_to_string(out.join("zh-cn/faq/reset-password/index.html")).expect("page");
    assert!(html.contains("<html lang=\"zh-CN\">"));
    assert!(html.contains(
        r#"<link rel="canonical" href="https://help.example.com/zh-cn/faq/reset-password/">"#
    ));
    assert!(
        html.contains(r#"hreflang="en" href="https://help.example.com/en/faq/reset-password/""#)
    );
    // Breadcrumbs to the home page and the kind.
    assert!(html.contains(r#"<a href="/zh-cn/">"#));
    assert!(html.contains(r#"<a href="/zh-cn/faq/">"#));
    // A hashed stylesheet, no external resources, no inline script or handlers.
    let css = attribute_values(&html, "href")
        .into_iter()
        .find(|h| h.ends_with(".css"))
        .expect("stylesheet");
    assert!(
        css.starts_with("/static/style.") && css.len() > "/static/style..css".len() + 8,
        "{css}"
    );
    assert!(out.join(css.trim_start_matches('/')).is_file());
    for bad in [
        "<script>",
        " onclick=",
        " onload=",
        "fonts.googleapis",
        "cdn.",
    ] {
        assert!(!html.contains(bad), "page contains {bad}");
    }
    // Chinese headings get readable ids, listed in the table of contents.
    let ids = attribute_values(&html, "id");
    assert!(
        ids.iter()
            .any(|id| id.chars().any(|c| ('\u{4e00}'..='\u{9fff}').contains(&c))),
        "a Chinese heading id: {ids:?}"
    );
    let release = std::fs::read_to_string(out.join("en/release/index.html")).expect("release list");
    let v240 = release.find("/en/release/2.4.0/").expect("2.4.0 listed");
    let v230 = release.find("/en/release/2.3.0/").expect("2.3.0 listed");
    assert!(v240 < v230, "newest release first");
}

#[test]
fn builds_are_byte_identical() {
    let (_a, out_a, _) = build_sample();
    let (_b, out_b, _) = build_sample();
    let list = |out: &Path| -> Vec<PathBuf> {
        files_under(out)
            .into_iter()
            .map(|f| f.strip_prefix(out).expect("inside").to_path_buf())
            .collect()
    };
    assert_eq!(list(&out_a), list(&out_b));
    for relative in list(&out_a) {
        let a = std::fs::read(out_a.join(&relative)).expect("read");
        let b = std::fs::read(out_b.join(&relative)).expect("read");
        assert!(a == b, "{} differs between builds", relative.display());
    }
}
