//! `helpbook export`, run as a user runs it on the sample site: the NDJSON
//! documents other engines import, and the OpenSearch index definition,
//! bulk body and search template, checked against the site `helpbook
//! build` makes from the same content.

mod common;

use common::{helpbook, repo};

use std::path::{Path, PathBuf};
use std::process::Output;

use serde_json::Value;

fn path_str(path: &Path) -> &str {
    path.to_str().expect("utf-8 path")
}

fn succeed(args: &[&str]) -> Output {
    let output = helpbook(args);
    assert!(
        output.status.success(),
        "helpbook {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output
}

fn lines(bytes: &[u8]) -> Vec<Value> {
    std::str::from_utf8(bytes)
        .expect("UTF-8")
        .lines()
        .map(|line| serde_json::from_str(line).expect("each line is one JSON value"))
        .collect()
}

fn export_ndjson(dir: &Path) -> Vec<u8> {
    let out = dir.join("articles.ndjson");
    succeed(&[
        "export",
        "--format",
        "ndjson",
        "--root",
        path_str(&repo()),
        "--out",
        path_str(&out),
    ]);
    std::fs::read(&out).expect("the export was written")
}

fn build_sample(dir: &Path) -> PathBuf {
    let out = dir.join("public");
    succeed(&[
        "build",
        "--quiet",
        "--root",
        path_str(&repo()),
        "--out",
        path_str(&out),
    ]);
    out
}

/// The static index's manifests of a built site, by language.
fn manifests(site: &Path) -> Vec<(PathBuf, Value)> {
    let index: Value =
        serde_json::from_slice(&std::fs::read(site.join("search/index.json")).expect("index.json"))
            .expect("JSON");
    index["languages"]
        .as_object()
        .expect("languages")
        .values()
        .map(|path| {
            let path = site.join(path.as_str().expect("a path"));
            let manifest = serde_json::from_slice(&std::fs::read(&path).expect("manifest"))
                .expect("JSON manifest");
            (path, manifest)
        })
        .collect()
}

#[test]
fn ndjson_has_every_article_with_its_fields_and_sections_that_exist_on_the_built_pages() {
    let dir = tempfile::tempdir().expect("temp dir");
    let documents = lines(&export_ndjson(dir.path()));
    let site = build_sample(dir.path());

    // One document per article: the number the build's own index has.
    let num_docs: u64 = manifests(&site)[0].1["num_docs"]
        .as_u64()
        .expect("num_docs");
    assert_eq!(documents.len() as u64, num_docs);
    let ids: std::collections::BTreeSet<&str> = documents
        .iter()
        .map(|d| d["id"].as_str().expect("id"))
        .collect();
    assert_eq!(ids.len(), documents.len(), "ids are unique");

    let reset = documents
        .iter()
        .find(|d| d["id"] == "en/faq/reset-password")
        .expect("the English reset-password article");
    assert_eq!(reset["lang"], "en");
    assert_eq!(reset["kind"], "faq");
    assert_eq!(reset["path"], "/en/faq/reset-password/");
    assert_eq!(
        reset["url"],
        "https://help.example.com/en/faq/reset-password/"
    );
    assert!(
        reset["title"]
            .as_str()
            .expect("title")
            .to_lowercase()
            .contains("password")
    );
    assert!(!reset["summary"].as_str().expect("summary").is_empty());
    assert!(reset["body"].as_str().expect("body").len() > 200);
    assert!(!reset["headings"].as_array().expect("headings").is_empty());

    let security: Vec<&Value> = documents
        .iter()
        .filter(|d| d["kind"] == "security")
        .collect();
    assert!(!security.is_empty());
    for document in &security {
        let verified = document["verified"]
            .as_str()
            .expect("security articles are verified");
        assert!(
            jiff::civil::Date::strptime("%Y-%m-%d", verified).is_ok(),
            "{verified}"
        );
    }

    // Every section anchor is a real heading id on the page readers open,
    // and every document's body is its sections' text.
    for document in &documents {
        let page = site.join(
            document["path"]
                .as_str()
                .expect("path")
                .trim_start_matches('/'),
        );
        let html = std::fs::read_to_string(page.join("index.html")).expect("the article's page");
        let sections = document["sections"].as_array().expect("sections");
        for section in sections {
            let anchor = section["anchor"].as_str().expect("anchor");
            if !anchor.is_empty() {
                assert!(
                    html.contains(&format!("id=\"{anchor}\"")),
                    "#{anchor} on {}",
                    document["path"]
                );
            }
        }
        let texts: Vec<&str> = sections
            .iter()
            .map(|s| s["text"].as_str().expect("text"))
            .collect();
        assert_eq!(document["body"], texts.join("\n"));
    }
}

#[test]
fn ndjson_doc_numbers_are_the_static_index_document_ids() {
    let dir = tempfile::tempdir().expect("temp dir");
    let documents = lines(&export_ndjson(dir.path()));
    let site = build_sample(dir.path());
    let mut checked = 0;
    for (manifest_path, _) in manifests(&site) {
        let folder = manifest_path
            .parent()
            .expect("manifest folder")
            .join("docs");
        for entry in std::fs::read_dir(&folder).expect("docs folder") {
            let path = entry.expect("entry").path();
            let doc: u64 = path
                .file_stem()
                .and_then(|s| s.to_str())
                .and_then(|s| s.parse().ok())
                .expect("docs/<id>.json");
            let meta: Value =
                serde_json::from_slice(&std::fs::read(&path).expect("doc")).expect("JSON");
            let document = documents
                .iter()
                .find(|d| d["doc"].as_u64() == Some(doc))
                .expect("an exported document with that number");
            assert_eq!(document["path"], meta["url"]);
            assert_eq!(document["title"], meta["title"]);
            checked += 1;
        }
    }
    assert_eq!(checked, documents.len());
}

#[test]
fn exports_are_byte_identical_and_stdout_matches_the_file() {
    let dir = tempfile::tempdir().expect("temp dir");
    let first = export_ndjson(dir.path());
    let second = export_ndjson(dir.path());
    assert_eq!(first, second);
    let stdout = succeed(&["export", "--format", "ndjson", "--root", path_str(&repo())]).stdout;
    assert_eq!(stdout, first);

    let a = dir.path().join("a");
    let b = dir.path().join("b");
    for out in [&a, &b] {
        succeed(&[
            "export",
            "--format",
            "opensearch",
            "--root",
            path_str(&repo()),
            "--out",
            path_str(out),
        ]);
    }
    for file in ["index.json", "bulk.ndjson", "template.json"] {
        assert_eq!(
            std::fs::read(a.join(file)).expect("a"),
            std::fs::read(b.join(file)).expect("b"),
            "{file}"
        );
    }
}

#[test]
fn opensearch_export_has_the_analyzer_the_statistics_and_a_bulk_body_for_every_article() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("opensearch");
    succeed(&[
        "export",
        "--format",
        "opensearch",
        "--root",
        path_str(&repo()),
        "--out",
        path_str(&out),
    ]);
    let documents = lines(&export_ndjson(dir.path()));
    let site = build_sample(dir.path());

    // The bulk body: an index action, then the document with its pair and
    // character terms, for every article, in document order.
    let bulk = lines(&std::fs::read(out.join("bulk.ndjson")).expect("bulk.ndjson"));
    assert_eq!(bulk.len(), 2 * documents.len());
    for (pair, exported) in bulk.chunks(2).zip(&documents) {
        assert_eq!(pair[0]["index"]["_id"], exported["id"]);
        assert_eq!(pair[1]["doc"], exported["doc"]);
        assert_eq!(pair[1]["body"], exported["body"]);
        for term in pair[1]["pairs"].as_array().expect("pairs") {
            let term = term.as_str().expect("a pair term");
            assert!(term.starts_with('!') && term.contains(' '), "{term}");
        }
        for term in pair[1]["chars"].as_array().expect("chars") {
            assert!(term.as_str().expect("a char term").starts_with('#'));
        }
    }
    let reset = bulk
        .iter()
        .find(|d| d["id"] == "en/faq/reset-password")
        .expect("reset-password in the bulk body");
    assert!(
        reset["pairs"]
            .as_array()
            .expect("pairs")
            .iter()
            .any(|p| p == "!reset your"),
        "{}",
        reset["pairs"]
    );

    // The analyzer: helpbook's steps from bundled modules.
    let index: Value =
        serde_json::from_slice(&std::fs::read(out.join("index.json")).expect("index.json"))
            .expect("JSON");
    let analyzer = &index["settings"]["analysis"]["analyzer"]["helpbook"];
    assert_eq!(
        analyzer["filter"],
        serde_json::json!([
            "cjk_width",
            "lowercase",
            "helpbook_bigrams",
            "helpbook_long",
            "helpbook_stem"
        ])
    );
    let filters = &index["settings"]["analysis"]["filter"];
    assert_eq!(
        filters["helpbook_bigrams"]["ignored_scripts"],
        serde_json::json!(["hangul"])
    );
    assert_eq!(filters["helpbook_stem"]["language"], "minimal_english");
    assert_eq!(index["settings"]["index"]["number_of_shards"], 1);

    // Each scored field's similarity has helpbook's N and average length:
    // the numbers of the static index the browser ranks with.
    let (_, manifest) = manifests(&site).remove(0);
    let num_docs = manifest["num_docs"].as_u64().expect("num_docs");
    let fields = manifest["fields"].as_array().expect("fields");
    let totals = manifest["total_tokens"].as_array().expect("total_tokens");
    for (field, total) in fields.iter().zip(totals) {
        let field = field.as_str().expect("field");
        let mapping = &index["mappings"]["properties"][field];
        let name = mapping["similarity"].as_str().expect("a similarity");
        let similarity = &index["settings"]["index"]["similarity"][name];
        let weight = similarity["weight_script"]["source"]
            .as_str()
            .expect("weight script");
        assert!(
            weight.contains(&format!("({:?} - df", num_docs as f64)),
            "{weight}"
        );
        let avgdl = total.as_u64().expect("total") as f32 / num_docs as f32;
        let script = similarity["script"]["source"].as_str().expect("script");
        assert!(
            script.contains(&format!("doc.length / {:?}", f64::from(avgdl))),
            "{field}: {script}"
        );
    }

    // The template, with its parameters filled in as mustache fills them,
    // is a search request with book.toml's boosts on every field but chars.
    let template: Value =
        serde_json::from_slice(&std::fs::read(out.join("template.json")).expect("template.json"))
            .expect("JSON");
    assert_eq!(template["script"]["lang"], "mustache");
    let source = template["script"]["source"].as_str().expect("source");
    let filled = source
        .replace("{{q}}", "reset password")
        .replace("{{lang}}", "en")
        .replace("{{#kind}}", "")
        .replace("{{kind}}", "faq")
        .replace("{{/kind}}", "");
    let request: Value = serde_json::from_str(&filled).expect("the filled template is JSON");
    let should = request["query"]["bool"]["should"]
        .as_array()
        .expect("should");
    let boosts: Vec<(String, f64)> = should
        .iter()
        .map(|clause| {
            let (field, query) = clause["match"]
                .as_object()
                .expect("match")
                .iter()
                .next()
                .expect("one field");
            assert_eq!(query["query"], "reset password");
            (field.clone(), query["boost"].as_f64().expect("boost"))
        })
        .collect();
    assert_eq!(
        boosts,
        [
            ("title", 4.0),
            ("headings", 2.0),
            ("tags", 2.0),
            ("body", 1.0),
            ("pairs", 2.0)
        ]
        .map(|(f, b)| (f.to_string(), b))
    );
    assert_eq!(
        request["query"]["bool"]["filter"],
        serde_json::json!([{"term": {"lang": "en"}}, {"term": {"kind": "faq"}}])
    );
    let without_kind = source.replace("{{q}}", "x").replace("{{lang}}", "en");
    let without_kind = match (
        without_kind.find("{{#kind}}"),
        without_kind.find("{{/kind}}"),
    ) {
        (Some(from), Some(to)) => format!("{}{}", &without_kind[..from], &without_kind[to + 9..]),
        _ => panic!("the kind filter is optional: {source}"),
    };
    let request: Value = serde_json::from_str(&without_kind).expect("JSON without a kind");
    assert_eq!(
        request["query"]["bool"]["filter"],
        serde_json::json!([{"term": {"lang": "en"}}])
    );
}

#[test]
fn bad_usage_and_a_broken_site_write_nothing() {
    let dir = tempfile::tempdir().expect("temp dir");
    let output = helpbook(&[
        "export",
        "--format",
        "opensearch",
        "--root",
        path_str(&repo()),
    ]);
    assert_eq!(output.status.code(), Some(2));
    assert!(String::from_utf8_lossy(&output.stderr).contains("--out FOLDER"));

    // A site with an error in an article is refused, as `build` refuses it.
    let site = dir.path().join("site");
    std::fs::create_dir_all(site.join("content/en/faq")).expect("mkdir");
    std::fs::write(
        site.join("book.toml"),
        "title = \"Help\"\nbase_url = \"https://help.example.com/\"\ndefault_language = \"en\"\nlanguages = [\"en\"]\n",
    )
    .expect("book.toml");
    std::fs::write(
        site.join("content/en/faq/ok.md"),
        "---\ntitle: Fine\n---\nText.\n",
    )
    .expect("ok.md");
    std::fs::write(
        site.join("content/en/faq/bad.md"),
        "---\ntitle: [unclosed\n---\nText.\n",
    )
    .expect("bad.md");
    let out = dir.path().join("out.ndjson");
    let output = helpbook(&[
        "export",
        "--format",
        "ndjson",
        "--root",
        path_str(&site),
        "--out",
        path_str(&out),
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(String::from_utf8_lossy(&output.stderr).contains("bad.md"));
    assert!(!out.exists());
    let leftovers: Vec<_> = std::fs::read_dir(dir.path()).expect("dir").collect();
    assert_eq!(leftovers.len(), 1, "only the site folder: {leftovers:?}");

    // Fixed, it exports its one article.
    std::fs::remove_file(site.join("content/en/faq/bad.md")).expect("rm");
    succeed(&[
        "export",
        "--format",
        "ndjson",
        "--root",
        path_str(&site),
        "--out",
        path_str(&out),
    ]);
    let documents = lines(&std::fs::read(&out).expect("written"));
    assert_eq!(documents.len(), 1);
    assert_eq!(documents[0]["title"], "Fine");
}
