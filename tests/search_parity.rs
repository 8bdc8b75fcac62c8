//! The browser client ranks exactly as tantivy: the same top-10 document
//! ids in the same order, scores equal within 1e-6 relative, for hundreds
//! of Chinese and English queries of one to four tokens, on the sample site
//! and on a generated 2,000-article help center.
//!
//! The JavaScript client runs under Node (tests/js/search_parity.mjs)
//! against the static index `helpbook build` exported.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::Command;

use helpbook::BuildOptions;
use helpbook::search::{SearchRequest, SiteSearch};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn build(root: &Path, out: &Path) {
    helpbook::build(&BuildOptions {
        root: root.to_path_buf(),
        out: out.to_path_buf(),
        base_url: None,
        drafts: false,
        strict: false,
    })
    .unwrap_or_else(|e| panic!("build of {} failed:\n{e}", root.display()));
}

/// A small deterministic generator (no extra crate needed).
struct Lcg(u64);

impl Lcg {
    fn next(&mut self) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6364136223846793005)
            .wrapping_add(1442695040888963407);
        self.0 >> 33
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[(self.next() as usize) % items.len()]
    }
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone)]
struct Query {
    query: String,
    kind: Option<String>,
}

#[derive(serde::Deserialize, Debug)]
struct NodeResult {
    query: String,
    kind: Option<String>,
    results: Vec<NodeHit>,
}

#[derive(serde::Deserialize, Debug)]
struct NodeHit {
    doc: u32,
    score: f64,
}

/// Queries made from the site's own words: single tokens (frequent and
/// rare), two to four tokens, Chinese substrings of titles (one to three
/// bigrams), some with a kind filter, a few that match nothing.
fn queries_for(site_root: &Path, lang: &str, count: usize, seed: u64) -> Vec<Query> {
    let config = helpbook::load_config(site_root, None).expect("config");
    let site = helpbook::load_site(site_root, config, false).expect("site");
    let language = site.language(lang).expect("language");
    let mut frequency: BTreeMap<String, usize> = BTreeMap::new();
    let mut titles: Vec<String> = Vec::new();
    for page in &language.pages {
        titles.push(page.article.title.clone());
        for section in &page.rendered.sections {
            for token in helpbook::search::analyzer::analyze(&section.text) {
                *frequency.entry(token).or_default() += 1;
            }
        }
    }
    let mut by_frequency: Vec<(String, usize)> = frequency.into_iter().collect();
    by_frequency.sort_by(|a, b| b.1.cmp(&a.1).then(a.0.cmp(&b.0)));
    let common: Vec<String> = by_frequency
        .iter()
        .take(60)
        .map(|(t, _)| t.clone())
        .collect();
    let all: Vec<String> = by_frequency.iter().map(|(t, _)| t.clone()).collect();
    let kinds = ["faq", "security", "contact", "release"];
    let mut rng = Lcg(seed);
    let mut queries = Vec::new();
    while queries.len() < count {
        let n = queries.len();
        let query = match n % 6 {
            0 => rng.pick(&common).clone(),
            1 => rng.pick(&all).clone(),
            2 | 3 => {
                let words = 2 + (rng.next() as usize % 3);
                (0..words)
                    .map(|i| {
                        if i % 2 == 0 {
                            rng.pick(&common).clone()
                        } else {
                            rng.pick(&all).clone()
                        }
                    })
                    .collect::<Vec<_>>()
                    .join(" ")
            }
            4 => {
                // A substring of a title, as a reader would type it.
                let title: Vec<char> = rng.pick(&titles).chars().collect();
                let len = 2 + (rng.next() as usize % 3).min(title.len().saturating_sub(2));
                let start = rng.next() as usize % (title.len().saturating_sub(len) + 1);
                title[start..(start + len).min(title.len())]
                    .iter()
                    .collect()
            }
            _ => format!("{} {}", rng.pick(&common), rng.pick(&all)),
        };
        let kind = (n % 7 == 3).then(|| (*rng.pick(&kinds)).to_string());
        queries.push(Query { query, kind });
    }
    queries.push(Query {
        query: "zzqxj 不存在的词".into(),
        kind: None,
    });
    queries.push(Query {
        query: "！？。".into(),
        kind: None,
    });
    queries
}

/// Runs the queries through tantivy and through the JS client under Node,
/// and compares. Returns how many queries had results.
fn compare(site_dir: &Path, lang: &str, queries: &[Query]) -> usize {
    let search = SiteSearch::open(site_dir).expect("open the search index");
    let dir = tempfile::tempdir().expect("temp dir");
    let queries_file = dir.path().join("queries.json");
    std::fs::write(&queries_file, serde_json::to_vec(queries).expect("json"))
        .expect("write queries");
    let script = repo().join("tests/js/search_parity.mjs");
    let output = Command::new(std::env::var("NODE").unwrap_or_else(|_| "node".into()))
        .arg(&script)
        .arg(site_dir)
        .arg(lang)
        .arg(&queries_file)
        .output()
        .unwrap_or_else(|e| panic!("cannot run node (Node.js 20 is needed for this test): {e}"));
    assert!(
        output.status.success(),
        "the JS client failed:\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let node: Vec<NodeResult> = serde_json::from_slice(&output.stdout).expect("node prints JSON");
    assert_eq!(node.len(), queries.len(), "one result list per query");

    let mut failures = Vec::new();
    let mut with_results = 0;
    for (query, js) in queries.iter().zip(&node) {
        assert_eq!(js.query, query.query);
        assert_eq!(js.kind, query.kind);
        let expected = search
            .ranked(&SearchRequest {
                query: query.query.clone(),
                lang: Some(lang.to_string()),
                kind: query.kind.clone(),
                limit: 10,
                prefix: false,
            })
            .expect("tantivy search");
        if !expected.is_empty() {
            with_results += 1;
        }
        let expected_docs: Vec<u32> = expected.iter().map(|(d, _)| *d).collect();
        let js_docs: Vec<u32> = js.results.iter().map(|h| h.doc).collect();
        if expected_docs != js_docs {
            failures.push(format!(
                "{:?} (kind {:?}): tantivy {:?} vs js {:?}",
                query.query,
                query.kind,
                expected.iter().take(10).collect::<Vec<_>>(),
                js.results
                    .iter()
                    .map(|h| (h.doc, h.score))
                    .collect::<Vec<_>>()
            ));
            continue;
        }
        for ((doc, score), hit) in expected.iter().zip(&js.results) {
            let relative = ((f64::from(*score) - hit.score) / f64::from(*score)).abs();
            if relative > 1e-6 {
                failures.push(format!(
                    "{:?}: doc {doc} tantivy {score} vs js {}",
                    query.query, hit.score
                ));
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {} queries differ:\n{}",
        failures.len(),
        queries.len(),
        failures.join("\n")
    );
    with_results
}

#[test]
fn client_matches_tantivy_on_the_sample_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    build(&repo(), &out);
    let mut total = 0;
    for (lang, seed) in [("zh-CN", 7), ("en", 11)] {
        let queries = queries_for(&repo(), lang, 60, seed);
        let with_results = compare(&out, lang, &queries);
        assert!(
            with_results >= 50,
            "{lang}: only {with_results} queries found anything"
        );
        total += queries.len();
    }
    assert!(total >= 120);
}

#[test]
fn client_matches_tantivy_on_a_generated_corpus() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let status = Command::new("python3")
        .arg(repo().join("bench/gen_corpus.py"))
        .args([
            "--articles",
            "2000",
            "--format",
            "helpbook",
            "--seed",
            "3",
            "--out",
        ])
        .arg(&site)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs the corpus generator");
    assert!(status.success(), "gen_corpus.py failed");
    let out = dir.path().join("public");
    build(&site, &out);
    let mut total = 0;
    for (lang, seed) in [("zh-CN", 5), ("en", 9)] {
        let queries = queries_for(&site, lang, 100, seed);
        let with_results = compare(&out, lang, &queries);
        assert!(
            with_results >= 80,
            "{lang}: only {with_results} queries found anything"
        );
        total += queries.len();
    }
    assert!(total >= 200);
}
