//! The browser client ranks exactly as `helpbook search`: the same top-10
//! document ids in the same order, scores equal within 1e-6 relative, the
//! same "did you mean" corrections and the same contact card decision, for
//! every kind of query FORMAT.md plans differently:
//!
//! - on the evaluation help center (bench/eval, about 310 articles per
//!   language), at least 500 queries in each of zh-CN and en: the readers'
//!   queries of bench/eval/queries.tsv (submitted, and as typed: every
//!   prefix of their last word), every synonym entry and pin phrase of the
//!   site, misspelt words (one and two edits), single Chinese characters,
//!   kind filters, and queries made of the site's own words;
//! - on the sample site, and on a generated 2,000-article corpus.
//!
//! The JavaScript client runs under Node (tests/js/search_parity.mjs)
//! against the static index `helpbook build` exported.

mod common;

use common::generate_corpus;

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
        force: false,
        index_out: Some(index_dir(out)),
    })
    .unwrap_or_else(|e| panic!("build of {} failed:\n{e}", root.display()));
}

/// Where [`build`] puts the tantivy index of the site it writes to `out`.
fn index_dir(out: &Path) -> PathBuf {
    out.with_extension("index")
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
    fn below(&mut self, n: usize) -> usize {
        (self.next() as usize) % n.max(1)
    }
    fn pick<'a, T>(&mut self, items: &'a [T]) -> &'a T {
        &items[self.below(items.len())]
    }
}

#[derive(serde::Serialize, serde::Deserialize, Debug, Clone, PartialEq)]
struct Query {
    query: String,
    kind: Option<String>,
    prefix: bool,
}

fn q(query: impl Into<String>) -> Query {
    Query {
        query: query.into(),
        kind: None,
        prefix: false,
    }
}

#[derive(serde::Deserialize, Debug)]
struct NodeResult {
    query: String,
    kind: Option<String>,
    prefix: bool,
    results: Vec<NodeHit>,
    corrections: Vec<(String, String)>,
    contacts: bool,
}

#[derive(serde::Deserialize, Debug)]
struct NodeHit {
    doc: u32,
    score: f64,
}

/// What was compared, for the callers' assertions on coverage.
#[derive(Debug, Default)]
struct Compared {
    queries: usize,
    with_results: usize,
    corrected: usize,
    pinned: usize,
}

/// Runs the queries through Rust and through the JS client under Node, and
/// compares everything FORMAT.md defines.
fn compare(site_dir: &Path, lang: &str, queries: &[Query]) -> Compared {
    let search = SiteSearch::open(&index_dir(site_dir)).expect("open the search index");
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
    let mut compared = Compared::default();
    for (query, js) in queries.iter().zip(&node) {
        assert_eq!(
            (&js.query, &js.kind, js.prefix),
            (&query.query, &query.kind, query.prefix)
        );
        let request = SearchRequest {
            query: query.query.clone(),
            lang: Some(lang.to_string()),
            kind: query.kind.clone(),
            limit: 10,
            prefix: query.prefix,
        };
        let expected = search.ranked(&request).expect("rust search");
        let outcome = search.query(&request).expect("rust search");
        compared.queries += 1;
        compared.with_results += usize::from(!expected.is_empty());
        compared.corrected += usize::from(!outcome.corrections.is_empty());
        compared.pinned += usize::from(outcome.contacts);
        let label = format!(
            "{:?} (kind {:?}, prefix {})",
            query.query, query.kind, query.prefix
        );
        if outcome.corrections != js.corrections || outcome.contacts != js.contacts {
            failures.push(format!(
                "{label}: corrections/card rust {:?} {} vs js {:?} {}",
                outcome.corrections, outcome.contacts, js.corrections, js.contacts
            ));
        }
        let expected_docs: Vec<u32> = expected.iter().map(|(d, _)| *d).collect();
        let js_docs: Vec<u32> = js.results.iter().map(|h| h.doc).collect();
        if expected_docs != js_docs {
            failures.push(format!(
                "{label}: rust {expected:?} vs js {:?}",
                js.results
                    .iter()
                    .map(|h| (h.doc, h.score))
                    .collect::<Vec<_>>()
            ));
            continue;
        }
        for ((doc, score), hit) in expected.iter().zip(&js.results) {
            let relative = if *score == 0.0 {
                hit.score.abs()
            } else {
                ((f64::from(*score) - hit.score) / f64::from(*score)).abs()
            };
            if relative > 1e-6 {
                failures.push(format!(
                    "{label}: doc {doc} rust {score} vs js {}",
                    hit.score
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
    compared
}

/// The words of a language: token → frequency, and the articles' titles.
fn words_of(site_root: &Path, lang: &str) -> (Vec<String>, Vec<String>, Vec<String>) {
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
    (common, all, titles)
}

/// Queries made from the site's own words: single tokens (frequent and
/// rare), two to four tokens, substrings of titles (in Chinese, one to
/// three bigrams), some with a kind filter, a few that match nothing.
fn word_queries(site_root: &Path, lang: &str, count: usize, seed: u64) -> Vec<Query> {
    let (common, all, titles) = words_of(site_root, lang);
    let kinds = ["faq", "security", "contact", "release"];
    let mut rng = Lcg(seed);
    let mut queries = Vec::new();
    while queries.len() < count {
        let n = queries.len();
        let query = match n % 6 {
            0 => rng.pick(&common).clone(),
            1 => rng.pick(&all).clone(),
            2 | 3 => {
                let words = 2 + rng.below(3);
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
                let len = 2 + rng.below(3).min(title.len().saturating_sub(2));
                let start = rng.below(title.len().saturating_sub(len) + 1);
                title[start..(start + len).min(title.len())]
                    .iter()
                    .collect()
            }
            _ => format!("{} {}", rng.pick(&common), rng.pick(&all)),
        };
        let kind = (n % 7 == 3).then(|| (*rng.pick(&kinds)).to_string());
        queries.push(Query {
            query,
            kind,
            prefix: n % 5 == 2,
        });
    }
    queries.push(q("zzqxj 不存在的词"));
    queries.push(q("！？。"));
    queries
}

/// Misspellings of the site's letter words: a deletion, a transposition,
/// a substitution, and two edits for long words.
fn typo_queries(site_root: &Path, lang: &str, count: usize, seed: u64) -> Vec<Query> {
    let (_, all, _) = words_of(site_root, lang);
    let words: Vec<&String> = all
        .iter()
        .filter(|w| w.chars().count() >= 4 && w.chars().all(|c| c.is_ascii_lowercase()))
        .collect();
    let mut rng = Lcg(seed);
    let mut queries = Vec::new();
    for i in 0..count {
        let word: Vec<char> = rng.pick(&words).chars().collect();
        let mut typo = word.clone();
        let at = 1 + rng.below(typo.len() - 1);
        match i % 4 {
            0 => {
                typo.remove(at);
            }
            1 => typo.swap(at - 1, at),
            2 => typo[at] = if typo[at] == 'x' { 'q' } else { 'x' },
            _ => {
                typo.remove(at);
                let again = 1 + rng.below(typo.len() - 1);
                typo.swap(again - 1, again);
            }
        }
        let typo: String = typo.into_iter().collect();
        let query = match i % 3 {
            0 => typo,
            1 => format!("{} {typo}", rng.pick(&all)),
            _ => format!("{typo} {}", rng.pick(&all)),
        };
        queries.push(Query {
            query,
            kind: None,
            prefix: i % 5 == 4,
        });
    }
    queries
}

/// Every synonym entry and pin phrase the site configures for `lang`,
/// alone and inside a longer query.
fn rule_queries(site_root: &Path, lang: &str) -> Vec<Query> {
    let config = helpbook::load_config(site_root, None).expect("config");
    let mut phrases: Vec<String> = Vec::new();
    for group in config.search.synonyms.get(lang).into_iter().flatten() {
        phrases.extend(group.iter().cloned());
    }
    let mut pins: Vec<String> = Vec::new();
    for pin in config.search.pins.iter().filter(|p| p.lang == lang) {
        pins.extend(pin.exact.iter().cloned());
        pins.extend(pin.contains.iter().cloned());
    }
    let mut queries = Vec::new();
    for (i, phrase) in phrases.iter().chain(&pins).enumerate() {
        queries.push(q(phrase.clone()));
        let longer = if lang.starts_with("zh") {
            format!("怎么{phrase}")
        } else {
            format!("how to {phrase} now")
        };
        queries.push(Query {
            query: longer,
            kind: (i % 4 == 1).then(|| "faq".to_string()),
            prefix: i % 3 == 0,
        });
    }
    queries
}

/// Single Chinese characters of the titles, alone and next to a word.
fn character_queries(site_root: &Path, lang: &str, count: usize, seed: u64) -> Vec<Query> {
    let (_, all, titles) = words_of(site_root, lang);
    let mut rng = Lcg(seed);
    let chars: Vec<String> = titles
        .iter()
        .flat_map(|t| helpbook::search::analyzer::characters(t))
        .collect();
    (0..count)
        .map(|i| {
            let c = rng.pick(&chars).clone();
            let query = match i % 3 {
                0 => c,
                1 => format!("{c} {}", rng.pick(&all)),
                _ => format!("{} {c}", rng.pick(&titles)),
            };
            Query {
                query,
                kind: None,
                prefix: i % 4 == 3,
            }
        })
        .collect()
}

/// The readers' queries of the evaluation, submitted and as typed (each
/// prefix of the last word of two or more letters).
fn reader_queries(lang: &str) -> Vec<Query> {
    let text = std::fs::read_to_string(repo().join("bench/eval/queries.tsv"))
        .expect("bench/eval/queries.tsv");
    let mut queries = Vec::new();
    for line in text.lines().filter(|l| !l.starts_with('#')) {
        let mut parts = line.split('\t');
        if parts.next() != Some(lang) {
            continue;
        }
        let Some(query) = parts.next() else { continue };
        queries.push(q(query));
        let chars: Vec<char> = query.chars().collect();
        let word_start = chars
            .iter()
            .rposition(|c| c.is_whitespace())
            .map_or(0, |i| i + 1);
        for end in (word_start + 2..chars.len()).step_by(2) {
            queries.push(Query {
                query: chars[..end].iter().collect(),
                kind: None,
                prefix: true,
            });
        }
    }
    queries
}

fn eval_site() -> (tempfile::TempDir, PathBuf, PathBuf) {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    let status = Command::new("python3")
        .arg(repo().join("bench/eval/helpcenter.py"))
        .arg("--out")
        .arg(&site)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs the help-center generator");
    assert!(status.success(), "helpcenter.py failed");
    let out = dir.path().join("public");
    build(&site, &out);
    (dir, site, out)
}

#[test]
fn client_matches_rust_on_500_queries_per_language_of_a_realistic_help_center() {
    let (_dir, site, out) = eval_site();
    for (lang, seed) in [("zh-CN", 21), ("en", 23)] {
        let mut queries = reader_queries(lang);
        queries.extend(rule_queries(&site, lang));
        queries.extend(typo_queries(&site, lang, 60, seed));
        if lang == "zh-CN" {
            queries.extend(character_queries(&site, lang, 60, seed + 1));
        }
        queries.extend(word_queries(&site, lang, 80, seed + 2));
        let compared = compare(&out, lang, &queries);
        eprintln!("{lang}: {compared:?}");
        assert!(
            compared.queries >= 500,
            "{lang}: only {} queries",
            compared.queries
        );
        assert!(
            compared.with_results * 10 >= compared.queries * 9,
            "{lang}: {compared:?}"
        );
        assert!(
            compared.corrected >= 20,
            "{lang}: typos exercised: {compared:?}"
        );
        assert!(
            compared.pinned >= 10,
            "{lang}: pins exercised: {compared:?}"
        );
        let typed = queries.iter().filter(|q| q.prefix).count();
        assert!(typed >= 100, "{lang}: as-you-type queries: {typed}");
    }
}

#[test]
fn client_matches_rust_on_the_sample_site() {
    let dir = tempfile::tempdir().expect("temp dir");
    let out = dir.path().join("public");
    build(&repo(), &out);
    for (lang, seed) in [("zh-CN", 7), ("en", 11)] {
        let mut queries = word_queries(&repo(), lang, 60, seed);
        queries.extend(rule_queries(&repo(), lang));
        queries.extend(typo_queries(&repo(), lang, 20, seed));
        let compared = compare(&out, lang, &queries);
        assert!(compared.with_results >= 60, "{lang}: {compared:?}");
        assert!(compared.pinned >= 2, "{lang}: {compared:?}");
    }
}

#[test]
fn client_matches_rust_on_a_generated_corpus() {
    let dir = tempfile::tempdir().expect("temp dir");
    let site = dir.path().join("site");
    generate_corpus(&site, 2000, 3);
    let out = dir.path().join("public");
    build(&site, &out);
    for (lang, seed) in [("zh-CN", 5), ("en", 9)] {
        let mut queries = word_queries(&site, lang, 100, seed);
        queries.extend(typo_queries(&site, lang, 20, seed));
        let compared = compare(&out, lang, &queries);
        assert!(compared.with_results >= 80, "{lang}: {compared:?}");
    }
}
