//! Related-articles benchmark (a goal, not a test): on the generated help
//! center of `bench/build.sh` (default 10,000 articles,
//! `HELPBOOK_BENCH_ARTICLES` to change), measures how long computing every
//! article's related list from the tantivy index takes, next to building
//! that index, and checks that three runs give the same lists.
//!
//! Run with `cargo bench --bench related`.

#[path = "common/mod.rs"]
mod common;
use common::corpus;

use std::time::Instant;

fn main() {
    let articles: usize = std::env::var("HELPBOOK_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let root = corpus(articles);
    let config = helpbook::load_config(&root, None).expect("config");
    let site = helpbook::load_site(&root, config, false).expect("site");
    let started = Instant::now();
    let built = helpbook::search::index::build(&site, None).expect("index");
    let index_time = started.elapsed().as_secs_f64();
    let mut best = f64::MAX;
    let mut runs = Vec::new();
    for _ in 0..3 {
        let started = Instant::now();
        let lists =
            helpbook::related::from_index(&site, &built, &helpbook::cache::Cache::in_memory())
                .expect("related")
                .lists;
        best = best.min(started.elapsed().as_secs_f64());
        runs.push(lists);
    }
    assert!(
        runs.windows(2).all(|w| w[0] == w[1]),
        "related lists changed between runs"
    );
    let lists: Vec<&Vec<usize>> = runs[0].iter().flatten().collect();
    let average = lists.iter().map(|l| l.len()).sum::<usize>() as f64 / lists.len().max(1) as f64;
    println!(
        "{} articles: tantivy index {:.2} s; related lists from it, best of 3: {:.3} s ({:.1} per article)",
        site.page_count(),
        index_time,
        best,
        average
    );
}
