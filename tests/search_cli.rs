//! `helpbook search` over a built sample site, run as a user runs it, and
//! the search files `helpbook build` writes.

mod common;

use common::{helpbook, repo};

use std::path::{Path, PathBuf};

/// The sample site built into a temporary folder: (folder, site, index).
fn built() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    let index = dir.path().join("index");
    let root = repo();
    let output = helpbook(&[
        "build",
        "--quiet",
        "--root",
        root.to_str().expect("utf-8 path"),
        "--out",
        out.to_str().expect("utf-8 path"),
        "--index-out",
        index.to_str().expect("utf-8 path"),
    ]);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    (dir, out, index)
}

/// The sample's search index: (folder, index).
fn built_sample() -> (tempfile::TempDir, PathBuf) {
    let (dir, _, index) = built();
    (dir, index)
}

fn search_json(site: &Path, args: &[&str]) -> Vec<serde_json::Value> {
    let mut all = vec![
        "search",
        "--index",
        site.to_str().expect("utf-8 path"),
        "--json",
    ];
    all.extend_from_slice(args);
    let output = helpbook(&all);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let value: serde_json::Value =
        serde_json::from_slice(&output.stdout).expect("--json prints a JSON object");
    value["hits"].as_array().expect("hits").clone()
}

#[test]
fn chinese_query_finds_the_article_and_its_section() {
    let (_dir, site) = built_sample();
    let hits = search_json(&site, &["忘记密码", "--lang", "zh-CN"]);
    let first = &hits[0];
    assert_eq!(first["title"], "忘记密码怎么办", "{hits:#?}");
    let url = first["url"].as_str().expect("url");
    assert!(url.starts_with("/zh-cn/faq/reset-password/"), "{url}");
    assert_eq!(first["lang"], "zh-CN");
    assert_eq!(first["kind"], "faq");
    assert!(first["score"].as_f64().expect("score") > 0.0);
    let snippet = first["snippet"].as_str().expect("snippet");
    assert!(
        snippet.contains("<b>"),
        "matched terms are marked: {snippet}"
    );
    // Best first.
    let scores: Vec<f64> = hits
        .iter()
        .map(|h| h["score"].as_f64().unwrap_or(0.0))
        .collect();
    assert!(scores.windows(2).all(|w| w[0] >= w[1]), "{scores:?}");
    // Every result is Chinese.
    assert!(hits.iter().all(|h| h["lang"] == "zh-CN"));
}

#[test]
fn contact_intent_pins_the_contact_page_and_typos_get_a_suggestion() {
    let (_dir, site) = built_sample();
    // Contact intent: the official contact page first, although other
    // articles say "customer service" more often.
    for (query, lang, url) in [
        ("customer service", "en", "/en/contact/contact-us/"),
        ("客服电话多少", "zh-CN", "/zh-cn/contact/contact-us/"),
    ] {
        let hits = search_json(&site, &[query, "--lang", lang]);
        let first = hits[0]["url"].as_str().expect("url");
        assert!(first.starts_with(url), "{query}: {hits:#?}");
    }
    // A misspelt word: the article it means, and "did you mean" in the
    // human output.
    let hits = search_json(&site, &["pasword reset", "--lang", "en"]);
    assert!(
        hits[0]["url"]
            .as_str()
            .is_some_and(|u| u.starts_with("/en/faq/reset-password/")),
        "{hits:#?}"
    );
    let output = helpbook(&[
        "search",
        "pasword reset",
        "--lang",
        "en",
        "--index",
        site.to_str().expect("utf-8 path"),
    ]);
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(stdout.starts_with("Did you mean: password"), "{stdout}");
}

#[test]
fn english_query_with_kind_and_limit() {
    let (_dir, site) = built_sample();
    let hits = search_json(
        &site,
        &[
            "two-step verification",
            "--lang",
            "en",
            "--kind",
            "security",
            "--limit",
            "2",
        ],
    );
    assert_eq!(hits.len(), 2, "{hits:#?}");
    assert!(
        hits.iter()
            .all(|h| h["kind"] == "security" && h["lang"] == "en")
    );
    assert_eq!(
        hits[0]["title"], "Turn on two-step verification",
        "{hits:#?}"
    );
    // A section anchor in the URL points at an id that exists in the page.
    let url = hits[0]["url"].as_str().expect("url");
    if let Some((path, anchor)) = url.split_once('#') {
        let page =
            std::fs::read_to_string(site.join(path.trim_start_matches('/')).join("index.html"))
                .expect("page");
        assert!(
            page.contains(&format!("id=\"{anchor}\"")),
            "{url} has no target"
        );
    }
}

#[test]
fn text_output_marks_matches_and_empty_results_say_so() {
    let (_dir, site) = built_sample();
    let site_arg = site.to_str().expect("utf-8 path");
    let output = helpbook(&[
        "search", "--index", site_arg, "password", "--lang", "en", "--limit", "3",
    ]);
    let text = String::from_utf8_lossy(&output.stdout);
    assert!(output.status.success());
    assert!(text.starts_with("1. "), "{text}");
    assert!(text.contains("/en/"), "{text}");
    assert!(
        text.contains("[password]") || text.contains("[Password]"),
        "{text}"
    );
    let none = helpbook(&["search", "--index", site_arg, "zzqxjv"]);
    assert!(none.status.success());
    assert_eq!(String::from_utf8_lossy(&none.stdout).trim(), "No results.");
}

#[test]
fn searching_a_folder_without_an_index_is_a_clear_error() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = helpbook(&[
        "search",
        "--index",
        dir.path().to_str().expect("utf-8 path"),
        "x",
    ]);
    assert_eq!(output.status.code(), Some(1));
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no search index") && stderr.contains("helpbook build"),
        "{stderr}"
    );
    assert!(!stderr.contains("panicked"));
}

#[test]
fn the_build_writes_chunk_segments_and_a_static_index_per_language() {
    let (_dir, site, index_folder) = built();
    // The tantivy index goes to its own folder, not the published site.
    assert!(!site.join("search/tantivy").exists(), "no browser reads it");
    let leftovers: Vec<String> = std::fs::read_dir(index_folder.join("search/tantivy"))
        .expect("tantivy folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .filter(|n| n.starts_with('.'))
        .collect();
    assert!(
        leftovers.is_empty(),
        "tantivy's bookkeeping is removed: {leftovers:?}"
    );
    let tantivy: Vec<String> = std::fs::read_dir(index_folder.join("search/tantivy"))
        .expect("tantivy folder")
        .filter_map(Result::ok)
        .map(|e| e.file_name().to_string_lossy().into_owned())
        .collect();
    let segments: std::collections::BTreeSet<&str> = tantivy
        .iter()
        .filter(|n| *n != "meta.json" && *n != "chunks.json")
        .filter_map(|n| n.split('.').next())
        .collect();
    // One segment per chunk of articles (at least one per language), each
    // named after its content; meta.json lists them all, in reading order
    // (chunks.json's order).
    assert!(segments.len() >= 2, "segments: {tantivy:?}");
    let meta: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(index_folder.join("search/tantivy/meta.json")).expect("meta.json"),
    )
    .expect("meta.json");
    let chunks: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(index_folder.join("search/tantivy/chunks.json"))
            .expect("chunks.json"),
    )
    .expect("chunks.json");
    let listed: Vec<String> = meta["segments"]
        .as_array()
        .expect("segments")
        .iter()
        .map(|s| s["segment_id"].as_str().expect("id").replace('-', ""))
        .collect();
    let chunk_segments: Vec<String> = chunks["chunks"]
        .as_array()
        .expect("chunks")
        .iter()
        .map(|c| c["segment"].as_str().expect("segment").to_string())
        .collect();
    assert_eq!(listed, chunk_segments);
    assert_eq!(
        listed
            .iter()
            .map(String::as_str)
            .collect::<std::collections::BTreeSet<_>>(),
        segments,
        "meta.json names every segment file"
    );

    let index: serde_json::Value = serde_json::from_str(
        &std::fs::read_to_string(site.join("search/index.json")).expect("index.json"),
    )
    .expect("json");
    for (lang, folder) in [("zh-CN", "search/zh-cn/"), ("en", "search/en/")] {
        let manifest_path = index["languages"][lang].as_str().expect("manifest path");
        // A fixed URL, so that pages do not depend on the search data.
        assert_eq!(manifest_path, format!("{folder}manifest.json"));
        let manifest: serde_json::Value = serde_json::from_str(
            &std::fs::read_to_string(site.join(manifest_path)).expect("manifest"),
        )
        .expect("json");
        assert_eq!(manifest["lang"], lang);
        assert_eq!(
            manifest["fields"],
            serde_json::json!(["title", "headings", "tags", "body", "pairs", "chars"])
        );
        // The sample's rules: its synonyms, and the contact page pinned
        // (with the official channels card) for contact-intent queries.
        assert!(
            !manifest["rules"]["synonyms"]
                .as_array()
                .expect("synonyms")
                .is_empty()
        );
        let pins = manifest["rules"]["pins"].as_array().expect("pins");
        assert!(pins.iter().any(|p| p["contacts"] == true), "{pins:?}");
        // Every page of the language points at this manifest.
        let home =
            std::fs::read_to_string(site.join(folder.replace("search/", "")).join("index.html"))
                .expect("home");
        assert!(
            home.contains(&format!("data-manifest=\"/{manifest_path}\"")),
            "home page links its manifest"
        );
    }
}
