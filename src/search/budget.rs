//! The static index's size budget: when a site grows past what a static
//! index serves well, the build says so, with the figure, and points to a
//! search server.
//!
//! What a reader waits for is the first query's download. Its cost is
//! dominated by the shard of the query's most common term: a term's
//! postings are never split, so a word that most articles contain makes
//! one shard as large as its postings (at 40,000 articles a common Chinese
//! bigram alone is over 100 KB). The largest shard file of a language is
//! therefore a cheap and honest proxy for the worst first query: it is
//! measured on the files the build writes, before HTTP compression (the
//! postings are varints and one-byte norms, which gzip shrinks little:
//! `bench/opensearch.sh` reports the ratio).

use crate::diagnostic::Diagnostic;

/// Warnings for the languages whose largest shard exceeds `budget_kb` KiB
/// (none when `budget_kb` is 0), from the sizes of the static index's
/// files (path inside the output folder, size in bytes).
pub fn check(files: &[(String, u64)], budget_kb: u64) -> Vec<Diagnostic> {
    if budget_kb == 0 {
        return Vec::new();
    }
    // Language URL code → (largest shard path, its size).
    let mut largest: std::collections::BTreeMap<&str, (&str, u64)> = Default::default();
    for (path, size) in files {
        let Some(language) = shard_language(path) else {
            continue;
        };
        let entry = largest.entry(language).or_insert((path, 0));
        if *size > entry.1 {
            *entry = (path, *size);
        }
    }
    largest
        .into_iter()
        .filter(|(_, (_, size))| *size > budget_kb * 1024)
        .map(|(language, (path, size))| {
            Diagnostic::warning(
                "search-size",
                path,
                format!(
                    "the static search index of `{language}` has a shard of {} KiB (budget {budget_kb} KiB): \
                     a query for a common word downloads all of it before the first result shows",
                    size.div_ceil(1024)
                ),
            )
            .with_help(
                "serve search from a search server instead: `helpbook export --format opensearch` \
                 (README, \"Search engines\"); or raise [search] static_budget_kb in book.toml",
            )
        })
        .collect()
}

/// The language URL code of a shard file (`search/<lang>/shards/<hash>.bin`).
pub fn shard_language(path: &str) -> Option<&str> {
    let mut parts = path.split('/');
    let (Some("search"), Some(language), Some("shards"), Some(file), None) = (
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
        parts.next(),
    ) else {
        return None;
    };
    file.ends_with(".bin").then_some(language)
}
