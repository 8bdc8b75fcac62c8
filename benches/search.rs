//! Search benchmark (a goal, not a test): on a generated help center
//! (default 10,000 articles, `HELPBOOK_BENCH_ARTICLES` to change), measures
//!
//! - the index build time (tantivy index + static export),
//! - tantivy query latency p50 / p99 over a few hundred queries,
//! - the gzipped bytes one cold browser query downloads (the client, the
//!   manifest, the shards its terms fall in, the metadata of the results
//!   the box shows) and the number of sequential round trips that takes,
//!   measured with the real client under Node (tests/js/search_bytes.mjs).
//!
//! Run with `cargo bench --bench search`.

#[path = "common/mod.rs"]
mod common;
use common::corpus;

use std::path::Path;
use std::time::Instant;

use helpbook::search::{SearchRequest, SiteSearch};

/// One cold query as the browser's search box runs it (the real client,
/// under Node: tests/js/search_bytes.mjs): (gzipped bytes with the client,
/// round trips, files).
fn cold_query(out: &Path, lang: &str, query: &str) -> Option<(u64, u64, u64)> {
    let script = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/js/search_bytes.mjs");
    let output =
        std::process::Command::new(std::env::var("NODE").unwrap_or_else(|_| "node".into()))
            .arg(script)
            .arg(out)
            .arg(lang)
            .arg(query)
            .output()
            .ok()?;
    if !output.status.success() {
        eprintln!("{}", String::from_utf8_lossy(&output.stderr));
        return None;
    }
    let report: serde_json::Value = serde_json::from_slice(&output.stdout).ok()?;
    Some((
        report["gzip"].as_u64()?,
        report["round_trips"].as_u64()?,
        report["files"].as_u64()?,
    ))
}

fn main() {
    let articles: usize = std::env::var("HELPBOOK_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let root = corpus(articles);
    let out = root.join("public");
    let config = helpbook::load_config(&root, None).expect("config");
    let mut site = helpbook::load_site(&root, config, false).expect("site");

    let started = Instant::now();
    let scratch = tempfile::tempdir().expect("temp dir");
    let tantivy = scratch.path().join("tantivy");
    // Cold: no previous index to take chunks from.
    let mut files = Vec::new();
    let built = helpbook::search::tantivy_index(&site, &tantivy, None).expect("tantivy index");
    let output = helpbook::search::build(
        &mut site,
        built,
        &tantivy,
        None,
        None,
        &helpbook::cache::Cache::in_memory(),
        &mut |f| {
            files = f;
            Ok(())
        },
    )
    .expect("search index");
    let build_time = started.elapsed();
    drop(output);
    let index_bytes: u64 = std::fs::read_dir(&tantivy)
        .expect("index folder")
        .flatten()
        .filter_map(|e| e.metadata().ok())
        .map(|m| m.len())
        .sum();
    println!("articles: {articles}");
    println!(
        "index build (tantivy + static export): {:.2} s; tantivy index {:.1} MB",
        build_time.as_secs_f64(),
        index_bytes as f64 / 1e6
    );

    // The corpus folder is the benches' own: its `public/` may come from an
    // older helpbook that did not mark its output yet.
    helpbook::build(&helpbook::BuildOptions {
        root: root.clone(),
        out: out.clone(),
        base_url: None,
        drafts: false,
        strict: false,
        force: true,
        index_out: None,
    })
    .expect("build");
    let search = SiteSearch::open(&root.join(helpbook::INDEX_DIR)).expect("open");

    // Latency: queries made of frequent and rare words, Chinese and English.
    let queries = [
        "withdrawal",
        "password",
        "two-factor authentication",
        "deposit fees",
        "recovery phrase",
        "account frozen",
        "提现",
        "充值",
        "验证码",
        "登录密码",
        "手续费 到账",
        "冒充客服",
        "转账 失败 退款",
        "usdt 提现",
        "bank card",
        "kyc",
        "withdrawl fee",
        "2fa",
        "卡",
        "客服电话",
    ];
    let mut samples = Vec::new();
    for round in 0..40 {
        for (i, query) in queries.iter().enumerate() {
            let lang = if query.is_ascii() { "en" } else { "zh-CN" };
            let kind = (round % 4 == 0 && i % 2 == 0).then(|| "faq".to_string());
            let request = SearchRequest {
                query: (*query).into(),
                lang: Some(lang.into()),
                kind,
                limit: 10,
                prefix: false,
            };
            let started = Instant::now();
            let hits = search.ranked(&request).expect("search");
            samples.push(started.elapsed());
            std::hint::black_box(hits);
        }
    }
    samples.sort();
    let percentile =
        |p: f64| samples[((samples.len() as f64 - 1.0) * p) as usize].as_secs_f64() * 1e3;
    println!(
        "tantivy query latency over {} queries: p50 {:.3} ms, p99 {:.3} ms",
        samples.len(),
        percentile(0.5),
        percentile(0.99)
    );

    for (lang, query) in [
        ("en", "withdrawal"),
        ("en", "password"),
        ("en", "withdrawl"),
        ("zh-CN", "提现"),
        ("zh-CN", "密码"),
        ("zh-CN", "提现 手续费"),
    ] {
        match cold_query(&out, lang, query) {
            Some((bytes, trips, files)) => println!(
                "cold query {query:?} ({lang}), as the search box runs it: {bytes} B gzipped with the client, \
                 {files} files, {trips} sequential round trips"
            ),
            None => println!("cold query {query:?}: needs Node.js (tests/js/search_bytes.mjs)"),
        }
    }
}
