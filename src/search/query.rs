//! Queries over the tantivy index, scored exactly as FORMAT.md says, so
//! that the browser client (which reimplements the same formula) ranks the
//! same documents in the same order.
//!
//! The query is a boolean OR of one boosted term clause per token × field,
//! built directly (not with tantivy's QueryParser, which would turn a run of
//! CJK bigrams into a phrase query the browser cannot reproduce). Documents
//! are collected without block-WAND pruning, so tantivy adds each
//! document's clause scores in clause order, the order the client uses.

use std::collections::{BTreeSet, HashSet};

use tantivy::collector::{Collector, DocSetCollector, SegmentCollector};
use tantivy::query::{BooleanQuery, BoostQuery, Occur, Query, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{
    DocAddress, DocId, Index, Score, SegmentOrdinal, SegmentReader, TantivyDocument, Term,
};

use super::analyzer::analyze;
use super::index::{Fields, StoredSection};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// What to search for.
#[derive(Debug, Clone)]
pub struct SearchRequest {
    pub query: String,
    /// Only documents of this language (e.g. `zh-CN`).
    pub lang: Option<String>,
    /// Only documents of this kind (e.g. `faq`).
    pub kind: Option<String>,
    pub limit: usize,
}

/// One result.
#[derive(Debug, Clone, serde::Serialize)]
pub struct Hit {
    /// The tantivy document id.
    pub doc: u32,
    pub score: f32,
    pub title: String,
    /// The article URL, with the best section's anchor.
    pub url: String,
    pub lang: String,
    pub kind: String,
    pub category: String,
    /// A short extract with the matched terms between `<b>` and `</b>`
    /// (the rest HTML-escaped).
    pub snippet: String,
}

/// The query's tokens: the analyzer's output without duplicates, in order.
pub fn query_tokens(query: &str) -> Vec<String> {
    let mut seen = HashSet::new();
    analyze(query)
        .into_iter()
        .filter(|t| seen.insert(t.clone()))
        .collect()
}

/// The clause list of FORMAT.md: for each token, for each text field.
pub fn build_query(fields: &Fields, boosts: [f32; 4], tokens: &[String]) -> BooleanQuery {
    let mut clauses: Vec<(Occur, Box<dyn Query>)> = Vec::with_capacity(tokens.len() * 4);
    for token in tokens {
        for (field, boost) in fields.text.iter().zip(boosts) {
            let term = Term::from_field_text(*field, token);
            let query = TermQuery::new(term, IndexRecordOption::WithFreqs);
            clauses.push((
                Occur::Should,
                Box::new(BoostQuery::new(Box::new(query), boost)),
            ));
        }
    }
    BooleanQuery::new(clauses)
}

/// Collects every matching document with its score, in doc order, without
/// pruning (see the module documentation for why).
struct AllScores {
    allowed: Option<HashSet<DocId>>,
}

struct AllScoresSegment {
    allowed: Option<HashSet<DocId>>,
    hits: Vec<(DocId, Score)>,
}

impl Collector for AllScores {
    type Fruit = Vec<(DocId, Score)>;
    type Child = AllScoresSegment;

    fn for_segment(
        &self,
        _segment: SegmentOrdinal,
        _reader: &SegmentReader,
    ) -> tantivy::Result<AllScoresSegment> {
        Ok(AllScoresSegment {
            allowed: self.allowed.clone(),
            hits: Vec::new(),
        })
    }

    fn requires_scoring(&self) -> bool {
        true
    }

    fn merge_fruits(&self, fruits: Vec<Vec<(DocId, Score)>>) -> tantivy::Result<Self::Fruit> {
        Ok(fruits.into_iter().flatten().collect())
    }
}

impl SegmentCollector for AllScoresSegment {
    type Fruit = Vec<(DocId, Score)>;

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.allowed.as_ref().is_none_or(|a| a.contains(&doc)) {
            self.hits.push((doc, score));
        }
    }

    fn harvest(self) -> Self::Fruit {
        self.hits
    }
}

fn search_error(error: impl std::fmt::Display) -> Diagnostics {
    Diagnostic::error(
        "search",
        "search/tantivy",
        format!("search failed: {error}"),
    )
    .into()
}

/// Documents matching the language and kind filters, or `None` for all.
fn allowed_docs(
    index: &Index,
    fields: &Fields,
    request: &SearchRequest,
) -> Result<Option<HashSet<DocId>>, Diagnostics> {
    let mut filters: Vec<(Occur, Box<dyn Query>)> = Vec::new();
    if let Some(lang) = &request.lang {
        filters.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(fields.lang, lang),
                IndexRecordOption::Basic,
            )),
        ));
    }
    if let Some(kind) = &request.kind {
        filters.push((
            Occur::Must,
            Box::new(TermQuery::new(
                Term::from_field_text(fields.kind, kind),
                IndexRecordOption::Basic,
            )),
        ));
    }
    if filters.is_empty() {
        return Ok(None);
    }
    let searcher = index.reader().map_err(search_error)?.searcher();
    let docs = searcher
        .search(&BooleanQuery::new(filters), &DocSetCollector)
        .map_err(search_error)?;
    Ok(Some(
        docs.into_iter().map(|a: DocAddress| a.doc_id).collect(),
    ))
}

/// Scores and ranks: (doc, score), best first, ties by doc id.
pub fn ranked(
    index: &Index,
    fields: &Fields,
    boosts: [f32; 4],
    request: &SearchRequest,
) -> Result<Vec<(DocId, Score)>, Diagnostics> {
    let tokens = query_tokens(&request.query);
    if tokens.is_empty() {
        return Ok(Vec::new());
    }
    let allowed = allowed_docs(index, fields, request)?;
    let query = build_query(fields, boosts, &tokens);
    let searcher = index.reader().map_err(search_error)?.searcher();
    let mut hits = searcher
        .search(&query, &AllScores { allowed })
        .map_err(search_error)?;
    hits.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    hits.truncate(request.limit);
    Ok(hits)
}

/// Runs a search and fills in what a reader sees: title, URL with the best
/// section's anchor, and a snippet.
pub fn search(
    index: &Index,
    fields: &Fields,
    boosts: [f32; 4],
    request: &SearchRequest,
) -> Result<Vec<Hit>, Diagnostics> {
    let ranked = ranked(index, fields, boosts, request)?;
    let tokens = query_tokens(&request.query);
    let searcher = index.reader().map_err(search_error)?.searcher();
    let mut hits = Vec::with_capacity(ranked.len());
    for (doc, score) in ranked {
        let stored: TantivyDocument = searcher
            .doc(DocAddress::new(0, doc))
            .map_err(search_error)?;
        let text = |field| {
            stored
                .get_first(field)
                .and_then(|v| v.as_str())
                .unwrap_or_default()
                .to_string()
        };
        let sections: Vec<StoredSection> =
            serde_json::from_str(&text(fields.sections)).unwrap_or_default();
        let url = text(fields.url);
        let best = best_section(&sections, &tokens);
        let (anchor, extract) = match best {
            Some(section) => (
                section.anchor.clone(),
                format!("{}\n{}", section.heading, section.text),
            ),
            None => (
                String::new(),
                sections.first().map(|s| s.text.clone()).unwrap_or_default(),
            ),
        };
        hits.push(Hit {
            doc,
            score,
            title: text(fields.text[0]),
            url: if anchor.is_empty() {
                url
            } else {
                format!("{url}#{anchor}")
            },
            lang: text(fields.lang),
            kind: text(fields.kind),
            category: text(fields.category),
            snippet: snippet(&extract, &tokens),
        });
    }
    Ok(hits)
}

/// FORMAT.md's best-section rule: the section whose heading and text hold
/// the most distinct query tokens; the earliest on a tie; none when no
/// section matches or the winner has no anchor.
pub fn best_section<'a>(
    sections: &'a [StoredSection],
    tokens: &[String],
) -> Option<&'a StoredSection> {
    let wanted: BTreeSet<&str> = tokens.iter().map(String::as_str).collect();
    let mut best: Option<(usize, &StoredSection)> = None;
    for section in sections {
        let found: BTreeSet<String> = analyze(&format!("{}\n{}", section.heading, section.text))
            .into_iter()
            .filter(|t| wanted.contains(t.as_str()))
            .collect();
        if found.len() > best.map_or(0, |(count, _)| count) {
            best = Some((found.len(), section));
        }
    }
    best.map(|(_, s)| s).filter(|s| !s.anchor.is_empty())
}

/// About 120 characters around the first match, matched tokens in `<b>`.
pub fn snippet(text: &str, tokens: &[String]) -> String {
    let analyzer_tokens = super::analyzer::analyze_with_offsets(text);
    let wanted: HashSet<&str> = tokens.iter().map(String::as_str).collect();
    let matches: Vec<(usize, usize)> = analyzer_tokens
        .iter()
        .filter(|(t, _, _)| wanted.contains(t.as_str()))
        .map(|(_, from, to)| (*from, *to))
        .collect();
    let first = matches.first().map_or(0, |m| m.0);
    // Start a little before the first match, on a character boundary.
    let start = text[..first]
        .char_indices()
        .rev()
        .nth(30)
        .map_or(0, |(i, _)| i);
    let end = text[start..]
        .char_indices()
        .nth(120)
        .map_or(text.len(), |(i, _)| start + i);
    let mut out = String::new();
    if start > 0 {
        out.push('…');
    }
    let mut cursor = start;
    // Merge overlapping bigram matches into one highlighted range.
    let mut ranges: Vec<(usize, usize)> = Vec::new();
    for (from, to) in matches
        .into_iter()
        .filter(|(f, t)| *f >= start && *t <= end)
    {
        match ranges.last_mut() {
            Some(last) if from <= last.1 => last.1 = last.1.max(to),
            _ => ranges.push((from, to)),
        }
    }
    for (from, to) in ranges {
        out.push_str(&escape(&text[cursor..from]));
        out.push_str("<b>");
        out.push_str(&escape(&text[from..to]));
        out.push_str("</b>");
        cursor = to;
    }
    out.push_str(&escape(&text[cursor..end]));
    if end < text.len() {
        out.push('…');
    }
    out.replace('\n', " ")
}

fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
}
