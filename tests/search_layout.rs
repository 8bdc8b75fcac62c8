//! The static search index's layout keeps a small edit small (issue 9):
//! pages carry the manifest's fixed URL, and shards are named by their
//! content with content-defined boundaries, so after one article's body
//! changes only the pages that show it and a few search files differ.

mod common;

use common::{build_site, files, generate_corpus};

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

fn build(site: &Path, out: &Path) {
    build_site(site, out, &["--quiet"]);
}

/// Replaces the first word of four or more ASCII letters on the first
/// prose line of the body with `zebrafish` (the same number of tokens, so
/// the article's length, and its field norms, stay the same). Returns the
/// word replaced.
fn replace_a_word(article: &Path) -> String {
    let text = std::fs::read_to_string(article).expect("article");
    let body_start = text[3..].find("\n---\n").expect("front matter") + 3 + 5;
    let (head, body) = text.split_at(body_start);
    let mut lines: Vec<String> = body.lines().map(str::to_string).collect();
    let line = lines
        .iter_mut()
        .find(|l| l.chars().next().is_some_and(|c| c.is_ascii_alphabetic()))
        .expect("a prose line");
    let word = line
        .split(|c: char| !c.is_ascii_alphabetic())
        .find(|w| w.len() >= 4)
        .expect("a word")
        .to_string();
    *line = line.replacen(&word, "zebrafish", 1);
    std::fs::write(article, format!("{head}{}\n", lines.join("\n"))).expect("write");
    word
}

#[test]
fn a_one_article_edit_changes_only_its_pages_and_a_few_search_files() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    generate_corpus(&site, 400, 11);

    let before_out = dir.path().join("before");
    build(&site, &before_out);
    let before = files(&before_out);

    // One English article, its body edited.
    let faq = site.join("content/en/faq");
    let mut articles: Vec<PathBuf> = std::fs::read_dir(&faq)
        .expect("faq folder")
        .map(|e| e.expect("entry").path())
        .collect();
    articles.sort();
    let article = &articles[articles.len() / 2];
    let slug = article
        .file_stem()
        .and_then(|s| s.to_str())
        .expect("slug")
        .to_string();
    let url = format!("/en/faq/{slug}/");
    let word = replace_a_word(article);

    let after_out = dir.path().join("after");
    build(&site, &after_out);
    let after = files(&after_out);

    // (a) Pages: the same set, and every page that changed shows the
    // edited article (its own page; none here, as its title and summary
    // did not change): no page depends on the search data any more.
    let pages = |files: &BTreeMap<String, Vec<u8>>| -> Vec<String> {
        files
            .keys()
            .filter(|p| p.ends_with(".html"))
            .cloned()
            .collect()
    };
    assert_eq!(pages(&before), pages(&after), "the same pages");
    let own_page = format!("en/faq/{slug}/index.html");
    let mut changed_pages = Vec::new();
    for page in pages(&before) {
        if before[&page] != after[&page] {
            let shows = |bytes: &[u8]| String::from_utf8_lossy(bytes).contains(&url);
            assert!(
                page == own_page || shows(&before[&page]) || shows(&after[&page]),
                "{page} changed but does not show {url} (edited: {word} → zebrafish)"
            );
            changed_pages.push(page);
        }
    }
    assert!(
        changed_pages.contains(&own_page),
        "the edited page changed: {changed_pages:?}"
    );
    assert!(
        changed_pages.len() <= 5,
        "only the pages showing the article: {changed_pages:?}"
    );

    // (b) Search files: the manifests (fixed URLs), the edited document's
    // metadata, the dictionary, and the few shards holding the two words
    // whose postings changed; every other file byte-identical.
    let search = |files: &BTreeMap<String, Vec<u8>>| -> BTreeMap<String, Vec<u8>> {
        files
            .iter()
            .filter(|(p, _)| p.starts_with("search/"))
            .map(|(p, b)| (p.clone(), b.clone()))
            .collect()
    };
    let (old, new) = (search(&before), search(&after));
    assert!(
        old.contains_key("search/en/manifest.json")
            && old.contains_key("search/zh-cn/manifest.json"),
        "manifests at fixed URLs: {:?}",
        old.keys()
            .filter(|p| p.ends_with("manifest.json"))
            .collect::<Vec<_>>()
    );
    let shards =
        |files: &BTreeMap<String, Vec<u8>>| files.keys().filter(|p| p.contains("/shards/")).count();
    assert!(
        shards(&old) >= 20,
        "enough shards for the test to mean something: {}",
        shards(&old)
    );
    let mut changed = Vec::new();
    for (path, bytes) in &new {
        match old.get(path) {
            Some(previous) if previous == bytes => {}
            Some(_) => {
                assert!(
                    !path.contains("/shards/"),
                    "a shard's name is its content's hash: {path}"
                );
                changed.push(path.clone());
            }
            None => changed.push(path.clone()),
        }
    }
    let removed: Vec<&String> = old.keys().filter(|p| !new.contains_key(*p)).collect();
    assert!(
        removed.iter().all(|p| p.contains("/shards/")),
        "only shards come and go: {removed:?}"
    );
    let (new_shards, others): (Vec<&String>, Vec<&String>) =
        changed.iter().partition(|p| p.contains("/shards/"));
    for path in &others {
        assert!(
            path.ends_with("/manifest.json")
                || path.ends_with("/words.txt")
                || path.starts_with("search/en/docs/"),
            "{path} changed"
        );
    }
    assert!(
        others.iter().filter(|p| p.contains("/docs/")).count() <= 1,
        "only the edited document's metadata: {others:?}"
    );
    assert!(
        !new_shards.is_empty() && new_shards.len() <= 4,
        "only the shards of `{word}` and `zebrafish` (and a neighbour where a boundary moved): {new_shards:?}"
    );
    assert!(removed.len() <= 4, "as few shards gone: {removed:?}");
}
