//! Queries over the tantivy index (`helpbook search`, the dev server's
//! API, the evaluation), planned and scored exactly as FORMAT.md says, so
//! that the browser client, which implements the same steps, ranks the same
//! documents in the same order.
//!
//! Tantivy scores every (term, field) clause with its BM25 (the same idf,
//! length normalization and boosts as before); [`super::plan`] decides
//! which terms a query looks up and [`super::score`] combines the clause
//! scores. Each language ranks with the rules of its own manifest.

use std::collections::{BTreeSet, HashMap, HashSet};
use std::ops::Range;

use tantivy::schema::{IndexRecordOption, Value};
use tantivy::{DocId, DocSet, Index, Score, Searcher, TERMINATED, TantivyDocument, Term};

use super::analyzer::analyze;
use super::export::Manifest;
use super::index::{Fields, StoredSection};
use super::plan::{Lexicon, Plan, plan};
use super::rules::Rules;
use super::score::{TermScores, rank, term_scores};
use super::typo::{Correction, Dictionary};
use crate::diagnostic::{Diagnostic, Diagnostics};

/// What to search for.
#[derive(Debug, Clone, Default)]
pub struct SearchRequest {
    pub query: String,
    /// Only documents of this language (e.g. `zh-CN`); every language when
    /// `None` (each ranked with its own rules, then merged by score).
    pub lang: Option<String>,
    /// Only documents of this kind (e.g. `faq`).
    pub kind: Option<String>,
    pub limit: usize,
    /// As-you-type: the last word also matches the words it starts.
    pub prefix: bool,
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

/// Everything a search found: the results, the corrections behind a "did
/// you mean", and whether the official channels card should show.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub hits: Vec<Hit>,
    /// Matching documents before the limit (pinned ones included).
    pub total: usize,
    /// (typed word, best correction).
    pub corrections: Vec<(String, String)>,
    pub contacts: bool,
}

/// One language's part of the static index, as queries need it: read from
/// the same manifest and dictionary the browser reads.
#[derive(Debug, Clone)]
pub struct LanguageSearch {
    pub code: String,
    /// Its documents: a contiguous range of doc ids.
    pub docs: Range<DocId>,
    /// (doc id range, kind).
    kinds: Vec<(Range<DocId>, String)>,
    pub boosts: Vec<f32>,
    /// The first term of each shard (prefix expansions stay within the
    /// shards the browser fetches).
    shards: Vec<String>,
    pub rules: Rules,
    pub dictionary: Dictionary,
}

impl LanguageSearch {
    pub fn new(manifest: Manifest, words: Option<&str>) -> LanguageSearch {
        let kinds: Vec<(Range<DocId>, String)> = manifest
            .kind_runs
            .iter()
            .map(|[first, count, kind]| {
                let name = manifest
                    .kinds
                    .get(*kind as usize)
                    .cloned()
                    .unwrap_or_default();
                (*first..first + count, name)
            })
            .collect();
        let start = kinds.iter().map(|(r, _)| r.start).min().unwrap_or(0);
        let end = kinds.iter().map(|(r, _)| r.end).max().unwrap_or(0);
        LanguageSearch {
            code: manifest.lang,
            docs: start..end,
            kinds,
            boosts: manifest.boosts,
            shards: manifest.shards,
            rules: manifest.rules,
            dictionary: words.map(Dictionary::parse).unwrap_or_default(),
        }
    }

    fn kind_of(&self, doc: DocId) -> Option<&str> {
        self.kinds
            .iter()
            .find(|(range, _)| range.contains(&doc))
            .map(|(_, kind)| kind.as_str())
    }

    /// The shard `term` falls in: the last whose first term is <= it.
    fn shard_of(&self, term: &str) -> usize {
        self.shards
            .iter()
            .rposition(|first| first.as_str() <= term)
            .unwrap_or(0)
    }
}

/// The questions planning asks, answered from tantivy's postings for the
/// documents of one language.
struct IndexLexicon<'a> {
    searcher: &'a Searcher,
    fields: &'a Fields,
    language: &'a LanguageSearch,
}

impl IndexLexicon<'_> {
    /// How many postings `term` has in the language's documents, over all
    /// fields (what the browser counts in the shard).
    fn postings_in_language(&self, term: &str) -> usize {
        let docs = &self.language.docs;
        let mut count = 0;
        for field in &self.fields.text {
            for (ordinal, _, local) in super::index::segment_ranges(self.searcher, docs.clone()) {
                let reader = self.searcher.segment_reader(ordinal as u32);
                let Ok(inverted) = reader.inverted_index(*field) else {
                    continue;
                };
                let term = Term::from_field_text(*field, term);
                let Ok(Some(mut postings)) =
                    inverted.read_postings(&term, IndexRecordOption::Basic)
                else {
                    continue;
                };
                if postings.doc() < local.start {
                    postings.seek(local.start);
                }
                while postings.doc() != TERMINATED && postings.doc() < local.end {
                    count += 1;
                    postings.advance();
                }
            }
        }
        count
    }
}

impl Lexicon for IndexLexicon<'_> {
    fn known(&self, term: &str) -> bool {
        self.postings_in_language(term) > 0
    }

    fn corrections(&self, token: &str) -> Vec<Correction> {
        self.language
            .dictionary
            .corrections(token, &self.language.rules.ranking)
    }

    fn expansions(&self, prefix: &str, typed: &[String]) -> Vec<String> {
        let language = self.language;
        let ranking = &language.rules.ranking;
        if ranking.prefix_terms == 0 || ranking.prefix_shards == 0 {
            return Vec::new();
        }
        // The shard the prefix falls in, and the following ones that start
        // with it (FORMAT.md): expansions end where those shards end.
        let first = language.shard_of(prefix);
        let mut last = first;
        while last + 1 < language.shards.len()
            && last + 1 - first < ranking.prefix_shards as usize
            && language.shards[last + 1].starts_with(prefix)
        {
            last += 1;
        }
        let end = language.shards.get(last + 1).map(String::as_str);
        let mut terms: BTreeSet<String> = BTreeSet::new();
        for field in &self.fields.text {
            for reader in self.searcher.segment_readers() {
                let Ok(inverted) = reader.inverted_index(*field) else {
                    continue;
                };
                let Ok(mut stream) = inverted.terms().range().ge(prefix.as_bytes()).into_stream()
                else {
                    continue;
                };
                while stream.advance() {
                    let Ok(term) = std::str::from_utf8(stream.key()) else {
                        continue;
                    };
                    if !term.starts_with(prefix) || end.is_some_and(|e| term >= e) {
                        break;
                    }
                    if !typed.iter().any(|t| t == term) {
                        terms.insert(term.to_string());
                    }
                }
            }
        }
        let mut counted: Vec<(usize, String)> = terms
            .into_iter()
            .map(|t| (self.postings_in_language(&t), t))
            .filter(|(count, _)| *count > 0)
            .collect();
        // Most postings first, then code point order (the set's order).
        counted.sort_by_key(|(count, _)| std::cmp::Reverse(*count));
        counted
            .into_iter()
            .take(ranking.prefix_terms as usize)
            .map(|(_, t)| t)
            .collect()
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

/// The plan and ranking of `request` in one language (the request's
/// language filter is ignored; its kind filter applies).
pub fn ranked_in_language(
    index: &Index,
    fields: &Fields,
    language: &LanguageSearch,
    request: &SearchRequest,
) -> Result<(Plan, Vec<(DocId, Score)>), Diagnostics> {
    let searcher = super::index::searcher(index).map_err(search_error)?;
    let lexicon = IndexLexicon {
        searcher: &searcher,
        fields,
        language,
    };
    let mut plan = plan(&request.query, &language.rules, &lexicon, request.prefix);
    let ranking = &language.rules.ranking;
    let mut scores: TermScores = HashMap::new();
    let score_terms = |plan: &Plan, scores: &mut TermScores| -> Result<(), Diagnostics> {
        for term in plan.terms() {
            if !scores.contains_key(term) {
                let docs = language.docs.clone();
                let found = term_scores(&searcher, fields, &language.boosts, term, docs)
                    .map_err(search_error)?;
                scores.insert(term.to_string(), found);
            }
        }
        Ok(())
    };
    score_terms(&plan, &mut scores)?;
    let keep = |doc: DocId| {
        language.docs.contains(&doc)
            && request
                .kind
                .as_deref()
                .is_none_or(|kind| language.kind_of(doc) == Some(kind))
    };
    let mut ranked = rank(&plan, ranking, &scores, &keep);
    // Too few results: the query's characters may find what its words did not.
    if ranked.len() < ranking.characters_below as usize && !plan.characters.is_empty() {
        plan = plan.with_characters();
        score_terms(&plan, &mut scores)?;
        ranked = rank(&plan, ranking, &scores, &keep);
    }
    Ok((plan, ranked))
}

/// The plans of the languages searched, and the ranked documents.
type Ranked = (Vec<Plan>, Vec<(DocId, Score)>);

/// Ranks `request` in its language, or in every language merged (pinned
/// results first, then by score, then doc id); not truncated.
fn ranked_all(
    index: &Index,
    fields: &Fields,
    languages: &[LanguageSearch],
    request: &SearchRequest,
) -> Result<Ranked, Diagnostics> {
    let mut plans = Vec::new();
    let mut pinned = Vec::new();
    let mut rest = Vec::new();
    for language in languages {
        if request.lang.as_deref().is_some_and(|l| l != language.code) {
            continue;
        }
        let (plan, ranked) = ranked_in_language(index, fields, language, request)?;
        let pins = ranked
            .iter()
            .take_while(|(doc, _)| plan.pins.contains(doc))
            .count();
        pinned.extend_from_slice(&ranked[..pins]);
        rest.extend_from_slice(&ranked[pins..]);
        plans.push(plan);
    }
    rest.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    pinned.extend(rest);
    Ok((plans, pinned))
}

/// Scores and ranks: (doc, score), best first, at most `request.limit`:
/// what the parity test compares with the browser.
pub fn ranked(
    index: &Index,
    fields: &Fields,
    languages: &[LanguageSearch],
    request: &SearchRequest,
) -> Result<Vec<(DocId, Score)>, Diagnostics> {
    let (_, mut hits) = ranked_all(index, fields, languages, request)?;
    hits.truncate(request.limit);
    Ok(hits)
}

/// Runs a search and fills in what a reader sees: title, URL with the best
/// section's anchor, and a snippet.
pub fn search(
    index: &Index,
    fields: &Fields,
    languages: &[LanguageSearch],
    request: &SearchRequest,
) -> Result<Outcome, Diagnostics> {
    let (plans, ranked) = ranked_all(index, fields, languages, request)?;
    let total = ranked.len();
    let mut tokens: Vec<String> = Vec::new();
    let mut section_terms: Vec<String> = Vec::new();
    let mut corrections = Vec::new();
    let mut contacts = false;
    for plan in &plans {
        for term in plan.highlight_terms() {
            if !tokens.contains(&term) {
                tokens.push(term);
            }
        }
        for term in plan.section_terms() {
            if !section_terms.contains(&term) {
                section_terms.push(term);
            }
        }
        corrections.extend(plan.corrections.iter().cloned());
        contacts |= plan.contacts;
    }
    let searcher = super::index::searcher(index).map_err(search_error)?;
    let mut hits = Vec::with_capacity(request.limit.min(total));
    for (doc, score) in ranked.into_iter().take(request.limit) {
        let address = super::index::doc_address(&searcher, doc)
            .ok_or_else(|| search_error(format!("no document {doc} in the index")))?;
        let stored: TantivyDocument = searcher.doc(address).map_err(search_error)?;
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
        let best = best_section(&sections, &section_terms);
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
    Ok(Outcome {
        hits,
        total,
        corrections,
        contacts,
    })
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
