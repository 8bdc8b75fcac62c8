//! Known-item search evaluation (a goal, not a test).
//!
//! Builds the help center of `bench/eval/helpcenter.py` (about 310
//! articles per language), runs the queries of `bench/eval/queries.tsv`
//! (each with its one right article) through helpbook's ranking and through
//! plain BM25 on the same analyzer and index, and prints MRR@10, R@1 and
//! R@10 per language, separately for the tuning queries and for the
//! held-out third (chosen by a hash of the query, never looked at while
//! tuning).
//!
//! ```text
//! cargo bench --bench search_eval                      # plain BM25 vs helpbook
//! cargo bench --bench search_eval -- --variant helpbook:nosyn --variant helpbook
//! cargo bench --bench search_eval -- --misses          # tuning-set misses of the last variant
//! cargo bench --bench search_eval -- --prefix          # as the search box runs while typing
//! cargo bench --bench search_eval -- --held-out        # also the held-out third and all queries
//! ```
//!
//! The held-out and all-query figures are printed only with `--held-out`,
//! so that tuning looks at the tuning queries alone and a finished change
//! reads the held-out third once, on purpose.
//!
//! A variant is `plain` or `helpbook`, optionally followed by `:` and
//! changes separated by commas: `nosyn`, `nopins`, `notypo`, `nocoord`,
//! `coord=N`, `charsbelow=N`, `syn=W`, `typo=W1/W2`, `prefix=W`, and `title=B`,
//! `headings=B`, `tags=B`, `body=B`, `pairs=B`, `chars=B` for the boosts.

use std::collections::HashMap;
use std::path::PathBuf;
use std::process::Command;

use helpbook::search::rules::Rules;
use helpbook::search::{LanguageSearch, SearchRequest, SiteSearch};

struct Query {
    lang: String,
    text: String,
    slug: String,
    kind: String,
    held_out: bool,
}

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn load_queries() -> Vec<Query> {
    let text = std::fs::read_to_string(repo().join("bench/eval/queries.tsv"))
        .expect("bench/eval/queries.tsv");
    text.lines()
        .filter(|l| !l.trim().is_empty() && !l.starts_with('#'))
        .map(|line| {
            let parts: Vec<&str> = line.split('\t').collect();
            assert!(
                parts.len() == 4,
                "queries.tsv: 4 columns expected: {line:?}"
            );
            // A third of the queries, chosen by hash, are held out.
            let hash = blake3::hash(format!("{}\t{}", parts[0], parts[1]).as_bytes());
            Query {
                lang: parts[0].to_string(),
                text: parts[1].to_string(),
                slug: parts[2].to_string(),
                kind: parts[3].to_string(),
                held_out: hash.as_bytes()[0].is_multiple_of(3),
            }
        })
        .collect()
}

/// Applies a variant's changes to a language's rules and boosts.
fn apply(variant: &str, language: &mut LanguageSearch) {
    let (base, changes) = variant.split_once(':').unwrap_or((variant, ""));
    match base {
        "plain" => {
            language.rules = Rules::plain();
            language.boosts[4] = 0.0;
            language.boosts[5] = 0.0;
        }
        "helpbook" => {}
        other => panic!("unknown variant base `{other}` (plain or helpbook)"),
    }
    for change in changes.split(',').filter(|c| !c.is_empty()) {
        let (name, value) = change.split_once('=').unwrap_or((change, ""));
        let number = || -> f32 {
            value
                .parse()
                .unwrap_or_else(|_| panic!("{change}: a number"))
        };
        let ranking = &mut language.rules.ranking;
        match name {
            "nosyn" => language.rules.synonyms.clear(),
            "nopins" => language.rules.pins.clear(),
            "notypo" => ranking.typo_terms = 0,
            "nocoord" => ranking.coord = 0,
            "coord" => ranking.coord = number() as u32,
            "charsbelow" => ranking.characters_below = number() as u32,
            "syn" => ranking.synonym = number(),
            "prefix" => ranking.prefix = number(),
            "typo" => {
                let (a, b) = value.split_once('/').expect("typo=W1/W2");
                ranking.typo = [a.parse().expect("W1"), b.parse().expect("W2")];
            }
            field => {
                let index = ["title", "headings", "tags", "body", "pairs", "chars"]
                    .iter()
                    .position(|f| *f == field)
                    .unwrap_or_else(|| panic!("unknown change `{change}`"));
                language.boosts[index] = number();
            }
        }
    }
}

#[derive(Default, Clone, Copy)]
struct Metrics {
    queries: usize,
    reciprocal: f64,
    at1: usize,
    at10: usize,
}

impl Metrics {
    fn add(&mut self, rank: Option<usize>) {
        self.queries += 1;
        if let Some(rank) = rank {
            self.reciprocal += 1.0 / rank as f64;
            self.at1 += usize::from(rank == 1);
            self.at10 += 1;
        }
    }
    fn show(&self) -> String {
        let n = self.queries.max(1) as f64;
        format!(
            "{:>4}  {:.3}  {:.3}  {:.3}",
            self.queries,
            self.reciprocal / n,
            self.at1 as f64 / n,
            self.at10 as f64 / n
        )
    }
}

fn main() {
    let mut variants: Vec<String> = Vec::new();
    let mut misses = false;
    let mut prefix = false;
    let mut held_out = false;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--variant" => variants.push(args.next().expect("--variant NAME")),
            "--misses" => misses = true,
            "--prefix" => prefix = true,
            "--held-out" => held_out = true,
            "--bench" => {}
            other => panic!("unknown argument {other}"),
        }
    }
    if variants.is_empty() {
        variants = vec!["plain".into(), "helpbook".into()];
    }

    let root = std::env::temp_dir().join("helpbook-eval");
    let status = Command::new("python3")
        .arg(repo().join("bench/eval/helpcenter.py"))
        .args(["--force", "--out"])
        .arg(&root)
        .stdout(std::process::Stdio::null())
        .status()
        .expect("python3 runs bench/eval/helpcenter.py");
    assert!(status.success(), "helpcenter.py failed");
    let out = root.join("public");
    helpbook::build(&helpbook::BuildOptions {
        root: root.clone(),
        out: out.clone(),
        base_url: None,
        drafts: false,
        strict: false,
        force: false,
        index_out: None,
    })
    .unwrap_or_else(|e| panic!("build failed:\n{e}"));

    // slug → doc id, per language (documents are numbered in language,
    // then reading order).
    let config = helpbook::load_config(&root, None).expect("config");
    let site = helpbook::load_site(&root, config, false).expect("site");
    let mut doc_of: HashMap<(String, String), u32> = HashMap::new();
    let mut titles: HashMap<u32, String> = HashMap::new();
    let mut first = 0u32;
    for language in &site.languages {
        for (i, page) in language.pages.iter().enumerate() {
            let doc = first + i as u32;
            doc_of.insert((language.code.clone(), page.article.slug.clone()), doc);
            titles.insert(doc, page.article.title.clone());
        }
        first += language.pages.len() as u32;
    }

    let queries = load_queries();
    for q in &queries {
        assert!(
            doc_of.contains_key(&(q.lang.clone(), q.slug.clone())),
            "queries.tsv: no article `{}` in {}",
            q.slug,
            q.lang
        );
    }
    let languages: Vec<String> = site.languages.iter().map(|l| l.code.clone()).collect();
    println!(
        "{} articles per language; {} queries ({} held out){}",
        site.languages[0].pages.len(),
        queries.len(),
        queries.iter().filter(|q| q.held_out).count(),
        if prefix {
            "; as-you-type (prefix) mode"
        } else {
            ""
        }
    );
    println!(
        "{:<28} {:<6} {:<9} {:>4}  MRR@10 R@1    R@10",
        "variant", "lang", "queries", "n"
    );
    let mut last_misses = Vec::new();
    for variant in &variants {
        let mut search = SiteSearch::open(&root.join(helpbook::INDEX_DIR)).expect("open the index");
        for language in &mut search.languages {
            apply(variant, language);
        }
        let mut by_lang: HashMap<(String, bool), Metrics> = HashMap::new();
        let mut by_kind: HashMap<String, Metrics> = HashMap::new();
        last_misses.clear();
        for q in &queries {
            let hits = search
                .ranked(&SearchRequest {
                    query: q.text.clone(),
                    lang: Some(q.lang.clone()),
                    kind: None,
                    limit: 10,
                    prefix,
                })
                .expect("search");
            let target = doc_of[&(q.lang.clone(), q.slug.clone())];
            let rank = hits.iter().position(|(d, _)| *d == target).map(|p| p + 1);
            by_lang
                .entry((q.lang.clone(), q.held_out))
                .or_default()
                .add(rank);
            if !q.held_out {
                by_kind
                    .entry(format!("{} {}", q.lang, q.kind))
                    .or_default()
                    .add(rank);
                if rank != Some(1) {
                    let top: Vec<String> = hits
                        .iter()
                        .take(3)
                        .map(|(d, _)| titles.get(d).cloned().unwrap_or_default())
                        .collect();
                    last_misses.push(format!(
                        "{:>5} {} {:?} → {} | top: {}",
                        rank.map_or("-".to_string(), |r| r.to_string()),
                        q.lang,
                        q.text,
                        q.slug,
                        top.join(" / ")
                    ));
                }
            }
        }
        for lang in &languages {
            let tune = by_lang
                .get(&(lang.clone(), false))
                .copied()
                .unwrap_or_default();
            let held = by_lang
                .get(&(lang.clone(), true))
                .copied()
                .unwrap_or_default();
            let mut all = tune;
            all.queries += held.queries;
            all.reciprocal += held.reciprocal;
            all.at1 += held.at1;
            all.at10 += held.at10;
            let rows = [("tuning", tune), ("held-out", held), ("all", all)];
            let shown = if held_out { &rows[..] } else { &rows[..1] };
            for (name, m) in shown {
                println!("{variant:<28} {lang:<6} {name:<9} {}", m.show());
            }
        }
        if misses {
            let mut kinds: Vec<_> = by_kind.into_iter().collect();
            kinds.sort_by(|a, b| a.0.cmp(&b.0));
            for (kind, m) in kinds {
                println!("    {kind:<16} {}", m.show());
            }
        }
    }
    if misses {
        println!(
            "\ntuning-set misses of {}:",
            variants.last().map_or("", |v| v)
        );
        for line in &last_misses {
            println!("{line}");
        }
    }
}
