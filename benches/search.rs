//! Search benchmark (a goal, not a test): on a generated help center
//! (default 10,000 articles, `HELPBOOK_BENCH_ARTICLES` to change), measures
//!
//! - the index build time (tantivy index + static export),
//! - tantivy query latency p50 / p99 over a few hundred queries,
//! - the gzipped bytes one cold browser query downloads (the client, the
//!   manifest, the shards its terms fall in, the metadata of the top 10)
//!   for one-word English and two-character Chinese queries, and the
//!   number of sequential round trips that takes.
//!
//! Run with `cargo bench --bench search`.

#[path = "common/mod.rs"]
mod common;
use common::corpus;

use std::io::Write;
use std::path::Path;
use std::time::Instant;

use helpbook::search::{SearchRequest, SiteSearch};

fn gzip_len(bytes: &[u8]) -> usize {
    let mut encoder = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    encoder.write_all(bytes).expect("gzip");
    encoder.finish().expect("gzip").len()
}

/// Shard file (relative to the manifest folder) holding `term`.
fn shard_for(shards: &[String], term: &str) -> usize {
    let key: Vec<char> = term.chars().collect();
    let mut index = 0;
    for (i, first) in shards.iter().enumerate() {
        if first.chars().collect::<Vec<_>>() <= key {
            index = i;
        }
    }
    index
}

fn cold_query_bytes(out: &Path, lang: &str, query: &str, search: &SiteSearch) -> (usize, usize) {
    let index: serde_json::Value =
        serde_json::from_slice(&std::fs::read(out.join("search/index.json")).expect("index.json"))
            .expect("json");
    let manifest_path = out.join(
        index["languages"][lang]
            .as_str()
            .expect("manifest")
            .trim_start_matches('/'),
    );
    let folder = manifest_path.parent().expect("folder").to_path_buf();
    let manifest_bytes = std::fs::read(&manifest_path).expect("manifest");
    let manifest: serde_json::Value = serde_json::from_slice(&manifest_bytes).expect("json");
    let shards: Vec<String> = manifest["shards"]
        .as_array()
        .expect("shards")
        .iter()
        .map(|s| s.as_str().unwrap_or("").to_string())
        .collect();
    let manifest_gz = gzip_len(&manifest_bytes);
    let mut total = manifest_gz;
    let mut wanted: Vec<usize> = helpbook::search::analyzer::analyze(query)
        .iter()
        .map(|t| shard_for(&shards, t))
        .collect();
    wanted.sort();
    wanted.dedup();
    for shard in &wanted {
        total +=
            gzip_len(&std::fs::read(folder.join(format!("shards/{shard}.bin"))).expect("shard"));
    }
    let shards_gz = total - manifest_gz;
    let hits = search
        .ranked(&SearchRequest {
            query: query.into(),
            lang: Some(lang.into()),
            kind: None,
            limit: 10,
            prefix: false,
        })
        .expect("search");
    for (doc, _) in &hits {
        total += gzip_len(&std::fs::read(folder.join(format!("docs/{doc}.json"))).expect("doc"));
    }
    println!(
        "  {query:?}: manifest {manifest_gz} B, shards {shards_gz} B, metadata of {} results {} B (gzipped)",
        hits.len(),
        total - manifest_gz - shards_gz
    );
    (total, wanted.len())
}

fn main() {
    let articles: usize = std::env::var("HELPBOOK_BENCH_ARTICLES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10_000);
    let root = corpus(articles);
    let out = root.join("public");
    let config = helpbook::load_config(&root, None).expect("config");
    let site = helpbook::load_site(&root, config, false).expect("site");

    let started = Instant::now();
    let output = helpbook::search::build(&site).expect("search index");
    let build_time = started.elapsed();
    let index_bytes: usize = output
        .files
        .iter()
        .filter(|(p, _)| p.starts_with("search/tantivy/"))
        .map(|(_, b)| b.len())
        .sum();
    println!("articles: {articles}");
    println!(
        "index build (tantivy + static export): {:.2} s; tantivy index {:.1} MB",
        build_time.as_secs_f64(),
        index_bytes as f64 / 1e6
    );

    helpbook::build(&helpbook::BuildOptions {
        root: root.clone(),
        out: out.clone(),
        base_url: None,
        drafts: false,
        strict: false,
    })
    .expect("build");
    let search = SiteSearch::open(&out).expect("open");

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

    let static_dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("themes/default/static");
    let client: Vec<u8> = ["analyzer.js", "search.js"]
        .iter()
        .filter_map(|f| std::fs::read(static_dir.join(f)).ok())
        .flatten()
        .collect();
    let client_gz = gzip_len(&client);
    println!("JS client (analyzer.js + search.js) gzipped: {client_gz} B");
    for (lang, query) in [
        ("en", "withdrawal"),
        ("en", "password"),
        ("zh-CN", "提现"),
        ("zh-CN", "密码"),
    ] {
        let (bytes, shards) = cold_query_bytes(&out, lang, query, &search);
        println!(
            "cold query {query:?} ({lang}): {} B gzipped with the client ({} B without), {shards} shard(s); \
             3 round trips: client + manifest, shards, metadata",
            bytes + client_gz,
            bytes
        );
    }
}
