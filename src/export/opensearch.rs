//! The OpenSearch export: an index definition that analyzes and scores as
//! helpbook does as far as OpenSearch's bundled modules allow, the `_bulk`
//! body, and a stored search template (the only thing a public endpoint
//! needs to expose).
//!
//! # The analyzer, and where it still differs from helpbook's
//!
//! Built from `analysis-common` only (ICU is a plugin, not bundled):
//!
//! 1. char filter `pattern_replace`: every character that is not
//!    Alphabetic, a number or a mark becomes a space, so that the standard
//!    tokenizer (UAX #29) splits where helpbook splits (`2.3.0` → `2 3 0`,
//!    `a@b.com` → `a b com`, `don't` → `don t`);
//! 2. tokenizer `standard`: Han and Hiragana come out one character per
//!    token, a Katakana run as one token, Latin/Hangul/digit runs as words;
//! 3. `cjk_width`: full-width ASCII → ASCII, half-width Katakana →
//!    full-width (the part of NFKC that help-center text meets);
//! 4. `lowercase`;
//! 5. `cjk_bigram` (Hangul ignored, so kept as words; no unigrams unless a
//!    character stands alone): overlapping bigrams of Han/kana runs;
//! 6. `length` ≤ 40: very long tokens dropped, as helpbook drops them;
//! 7. `stemmer` `minimal_english` (Lucene's EnglishMinimalStemFilter, the
//!    very rules helpbook implements); no stop words.
//!
//! Known differences, measured by running this analyzer in Lucene
//! (`tests/lucene_parity.rs`; the README lists them): no NFKC beyond width
//! (ligatures, circled or super-script digits, `㍿`, compatibility jamo
//! and ideographs stay as written; decomposed accents are not recomposed);
//! the iteration marks `々` `〆` and marks inside a Han run break the
//! bigrams; Bopomofo is not bigrammed; Java's lowercase is the simple
//! mapping (`İ` → `i`, where helpbook gives `i` + U+0307); lengths are
//! counted in UTF-16 units of the text as written.
//!
//! # Scoring
//!
//! Lucene's `BM25` similarity takes N and the average length from the
//! documents that *have* the field, tantivy from all documents, so fields
//! that some articles lack (headings, tags, pairs) would score differently.
//! Each scored field therefore gets a `scripted` similarity (painless, the
//! bundled `lang-painless` module) that is tantivy's formula with this
//! export's N and average length written in: `idf · (1 + k1) · boost ·
//! tf / (tf + k1 · (1 − b + b · dl / avgdl))`, where `dl` is the length
//! decoded from the norm (Lucene and tantivy quantize lengths with the same
//! table). Painless computes in doubles, helpbook in f32: near-ties may
//! swap.

use serde::Serialize;
use serde_json::{Value, json};

use super::{Document, document, pages, push_line};
use crate::search::analyzer::analyze;
use crate::site::Site;

/// The id of the stored search template.
pub const TEMPLATE_ID: &str = "helpbook-search";

/// tantivy's BM25 constants (FORMAT.md, "Scoring a query").
const K1: f64 = 1.2;
const B: f64 = 0.75;

/// What `helpbook export --format opensearch` writes.
pub struct Export {
    /// `PUT /<index>` body: settings (analysis, similarities) and mappings.
    pub index: Value,
    /// `POST /<index>/_bulk` body (action lines without `_index`).
    pub bulk: Vec<u8>,
    /// `POST /_scripts/helpbook-search` body: the search template.
    pub template: Value,
    /// How many documents the bulk body holds.
    pub count: usize,
}

/// A document as OpenSearch indexes it: the exported document plus the
/// pair and character terms of helpbook's `pairs` and `chars` fields.
#[derive(Serialize)]
struct IndexedDocument<'a> {
    #[serde(flatten)]
    document: &'a Document,
    pairs: &'a [String],
    chars: &'a [String],
}

/// The scored fields, with their boosts from `book.toml`.
fn scored_fields(site: &Site) -> Vec<(&'static str, f32)> {
    crate::search::index::TEXT_FIELDS
        .iter()
        .copied()
        .zip(crate::search::boosts(site))
        .collect()
}

/// Builds the whole export.
pub fn export(site: &Site) -> Export {
    let mut bulk = Vec::new();
    let mut count = 0usize;
    let mut totals = [0u64; crate::search::index::FIELD_COUNT];
    for (doc, page, text) in pages(site) {
        let document = document(site, doc, page, &text);
        totals[0] += analyze(&document.title).len() as u64;
        totals[1] += analyze(&document.headings.join("\n")).len() as u64;
        totals[2] += analyze(&document.tags.join("\n")).len() as u64;
        totals[3] += analyze(&document.body).len() as u64;
        totals[4] += text.pairs.len() as u64;
        totals[5] += text.chars.len() as u64;
        push_line(&mut bulk, &json!({"index": {"_id": document.id}}));
        push_line(
            &mut bulk,
            &IndexedDocument {
                document: &document,
                pairs: &text.pairs,
                chars: &text.chars,
            },
        );
        count += 1;
    }
    Export {
        index: index_definition(site, count as u64, &totals),
        bulk,
        template: template(site),
        count,
    }
}

/// The name of the similarity of one field.
fn similarity_name(field: &str) -> String {
    format!("helpbook_{field}")
}

/// tantivy's BM25 for one field as a scripted similarity, with this
/// export's document count and the field's average length written in.
fn similarity(docs: u64, total_tokens: u64) -> Value {
    let n = docs.max(1) as f64;
    // tantivy: avgdl = total_num_tokens / num_docs in f32.
    let avgdl = f64::from((total_tokens as f32 / docs.max(1) as f32).max(f32::MIN_POSITIVE));
    json!({
        "type": "scripted",
        "weight_script": {
            "source": format!(
                "double df = term.docFreq; return query.boost * {:?} * Math.log(1.0 + ({n:?} - df + 0.5) / (df + 0.5));",
                1.0 + K1
            )
        },
        "script": {
            "source": format!(
                "double tf = doc.freq; return weight * tf / (tf + {K1:?} * ({:?} + {B:?} * doc.length / {avgdl:?}));",
                1.0 - B
            )
        }
    })
}

/// Settings and mappings.
fn index_definition(site: &Site, docs: u64, totals: &[u64]) -> Value {
    let mut similarities = serde_json::Map::new();
    let mut properties = serde_json::Map::new();
    for (i, (field, _)) in scored_fields(site).into_iter().enumerate() {
        similarities.insert(similarity_name(field), similarity(docs, totals[i]));
        let (analyzer, search_analyzer) = match field {
            "pairs" => ("helpbook_terms", "helpbook_pairs"),
            "chars" => ("helpbook_terms", "helpbook_terms"),
            _ => ("helpbook", "helpbook_query"),
        };
        properties.insert(
            field.to_string(),
            json!({
                "type": "text",
                "analyzer": analyzer,
                "search_analyzer": search_analyzer,
                "similarity": similarity_name(field),
                "index_options": "freqs",
            }),
        );
    }
    for field in ["id", "lang", "kind", "category"] {
        properties.insert(field.into(), json!({"type": "keyword"}));
    }
    properties.insert("doc".into(), json!({"type": "integer"}));
    for field in ["updated", "verified"] {
        properties.insert(
            field.into(),
            json!({"type": "date", "format": "strict_date"}),
        );
    }
    for field in ["url", "path", "summary"] {
        properties.insert(
            field.into(),
            json!({"type": "keyword", "index": false, "doc_values": false}),
        );
    }
    properties.insert(
        "sections".into(),
        json!({"type": "object", "enabled": false}),
    );
    let helpbook_filters = [
        "cjk_width",
        "lowercase",
        "helpbook_bigrams",
        "helpbook_long",
        "helpbook_stem",
    ];
    // A query's terms count once each, as in helpbook's plan (`2.6.2`
    // looks up `2` once): OpenSearch's `unique` filter.
    let mut query_filters: Vec<&str> = helpbook_filters.to_vec();
    query_filters.push("helpbook_unique");
    let mut pair_filters: Vec<&str> = helpbook_filters.to_vec();
    pair_filters.extend(["helpbook_shingles", "helpbook_pair_mark", "helpbook_unique"]);
    json!({
        "settings": {
            "index": {
                // One shard: document frequencies are the whole index's, as
                // in helpbook's own index.
                "number_of_shards": 1,
                "auto_expand_replicas": "0-1",
                "similarity": similarities,
            },
            "analysis": {
                "char_filter": {
                    "helpbook_separators": {
                        "type": "pattern_replace",
                        "pattern": "[^\\p{IsAlphabetic}\\p{N}\\p{M}]+",
                        "replacement": " ",
                    }
                },
                "tokenizer": {
                    "helpbook_words": {"type": "standard", "max_token_length": 255},
                    "helpbook_lines": {"type": "pattern", "pattern": "\\n"},
                },
                "filter": {
                    "helpbook_bigrams": {
                        "type": "cjk_bigram",
                        "ignored_scripts": ["hangul"],
                        "output_unigrams": false,
                    },
                    "helpbook_long": {"type": "length", "min": 1, "max": crate::search::analyzer::MAX_TOKEN_CHARS},
                    "helpbook_stem": {"type": "stemmer", "language": "minimal_english"},
                    "helpbook_shingles": {
                        "type": "shingle",
                        "min_shingle_size": 2,
                        "max_shingle_size": 2,
                        "output_unigrams": false,
                        "token_separator": " ",
                    },
                    "helpbook_unique": {"type": "unique", "only_on_same_position": false},
                    "helpbook_pair_mark": {
                        "type": "pattern_replace",
                        "pattern": "^",
                        "replacement": crate::search::analyzer::PAIR_MARK.to_string(),
                    },
                },
                "analyzer": {
                    // helpbook's analyzer (module documentation).
                    "helpbook": {
                        "type": "custom",
                        "char_filter": ["helpbook_separators"],
                        "tokenizer": "helpbook_words",
                        "filter": helpbook_filters,
                    },
                    // A query: the same tokens, each once.
                    "helpbook_query": {
                        "type": "custom",
                        "char_filter": ["helpbook_separators"],
                        "tokenizer": "helpbook_words",
                        "filter": query_filters,
                    },
                    // Terms helpbook computed (pairs, characters), one per value.
                    "helpbook_terms": {"type": "custom", "tokenizer": "helpbook_lines"},
                    // A query's pair terms: `!` + two adjacent tokens.
                    // Pairs that involve a CJK bigram are never indexed, so
                    // they match nothing, as in helpbook.
                    "helpbook_pairs": {
                        "type": "custom",
                        "char_filter": ["helpbook_separators"],
                        "tokenizer": "helpbook_words",
                        "filter": pair_filters,
                    },
                },
            },
        },
        "mappings": {
            "dynamic": "strict",
            "properties": properties,
        },
    })
}

/// The search template: plain BM25 over the scored fields helpbook's plain
/// ranking uses (every field but `chars`), with `book.toml`'s boosts,
/// filtered by language and optionally kind, ties broken by document
/// number as helpbook breaks them. Parameters: `q`, `lang`, `kind`.
fn template(site: &Site) -> Value {
    let clauses: Vec<String> = scored_fields(site)
        .into_iter()
        .filter(|(field, boost)| *boost > 0.0 && *field != "chars")
        .map(|(field, boost)| {
            format!(r#"{{"match": {{"{field}": {{"query": "{{{{q}}}}", "boost": {boost:?}}}}}}}"#)
        })
        .collect();
    let source = format!(
        concat!(
            r#"{{"size": 10, "_source": ["id", "doc", "lang", "kind", "category", "title", "url", "path", "summary", "sections"], "#,
            r#""query": {{"bool": {{"should": [{}], "minimum_should_match": 1, "#,
            r#""filter": [{{"term": {{"lang": "{{{{lang}}}}"}}}}{{{{#kind}}}}, {{"term": {{"kind": "{{{{kind}}}}"}}}}{{{{/kind}}}}]}}}}, "#,
            r#""sort": [{{"_score": "desc"}}, {{"doc": "asc"}}]}}"#
        ),
        clauses.join(", ")
    );
    json!({"script": {"lang": "mustache", "source": source}})
}

/// Pretty JSON with a final newline, for the files of the export.
pub fn pretty(value: &Value) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}
